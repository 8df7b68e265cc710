"""No garbage collection while a corpus pass builds its many long-lived objects.

A corpus pass over 10,000 documents makes millions of small objects (mentions, items,
readings, the briefing) that all live until the pass ends and hold no reference cycles.
Python's collector, run after every 700 allocations, walks the young ones again and again and
the whole heap now and then, for nothing collected: on such a pass that was a third of its CPU
time (entity resolution at 10,000 documents: 1.7 CPU-s, 1.1 with the collector run less
often). Run less often (every 50,000 allocations), it still took 1.9 of the 11 CPU-s of a
cached build with 1 % new documents (its older generations walking the whole heap of
readings), so inside the block it does not run at all. Memory is still freed as each object
goes (reference counting); only a reference cycle made inside the block waits for the next
full collection after it.

Leaving the block, the objects it made join the oldest generation at once (``gc.freeze``
then ``gc.unfreeze``, which moves them without walking them): left young, the first
allocation after the block walked all of them, and walked them again when they were moved
up a generation (0.2 to 0.3 CPU-s after a cached build at 10,000 documents, for nothing
collected). The next full collection walks them, as it would have anyway.

The collector is the process's, though: switched off, it is off for every thread. Where another
thread runs (the web app answering requests while a briefing builds in the background) it keeps
running, for the garbage those threads make; what is alive when the block starts (the models,
the briefing being served) is set aside (:func:`gc.freeze`) so that its collections walk only
what is new.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["fewer_collections"]


@contextmanager
def fewer_collections() -> Iterator[None]:
    """No automatic collection inside the block when this is the process's only thread, and
    collections that skip what was already alive when others run; the collector is as it was
    after it (also on error). Nested blocks are fine: each restores what it found (an inner
    block's end may return what an outer one set aside to the collector early)."""
    if threading.active_count() > 1:
        if gc.get_freeze_count():  # the process set its own objects aside: leave them there
            yield
            return
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Not when the process froze objects itself (a server before it forks): unfreezing
            # would hand them back to the collector.
            if not gc.get_freeze_count():
                gc.freeze()  # every tracked object to the permanent generation, unwalked...
                gc.unfreeze()  # ...and from there to the oldest one
            gc.enable()
