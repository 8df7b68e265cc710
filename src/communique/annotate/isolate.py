"""Running a corpus pass so that one document's items cannot sink it.

A corpus pass (entity resolution, merging events into a timeline, clustering claims ...) takes
items from every document. When it raises, each document's items are run alone to find the
documents that break it; those are left out and recorded, and the pass runs again on the rest.
Only a failure no single document causes leaves the pass empty, recorded with no document.
Nothing costs more while every pass succeeds.

Example::

    merged, failed = run_isolated(merge, mentions, doc_of=lambda m: m.doc_id, empty=[])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["PassFailure", "run_isolated"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class PassFailure:
    """A document a pass could not take (``doc_id`` "" when no single document is to blame)."""

    doc_id: str
    error: Exception


def run_isolated(
    run: Callable[[Sequence[T]], R],
    items: Sequence[T],
    *,
    doc_of: Callable[[T], str],
    empty: R,
) -> tuple[R, list[PassFailure]]:
    """``run(items)``, or, when it raises, ``run`` of the items of the documents that do not
    raise alone, with those that do; ``empty`` when even that fails."""
    try:
        return run(items), []
    except Exception as first:
        failed = _culprits(run, items, doc_of=doc_of)
        bad = {f.doc_id for f in failed}
        rest = [item for item in items if doc_of(item) not in bad]
        if not bad:
            return empty, [PassFailure("", first)]
        try:
            return run(rest), failed
        except Exception as again:
            return empty, [*failed, PassFailure("", again)]


def _culprits(
    run: Callable[[Sequence[T]], object], items: Sequence[T], *, doc_of: Callable[[T], str]
) -> list[PassFailure]:
    by_doc: dict[str, list[T]] = {}
    for item in items:
        by_doc.setdefault(doc_of(item), []).append(item)
    failed = []
    for doc_id, own in by_doc.items():
        try:
            run(own)
        except Exception as exc:
            failed.append(PassFailure(doc_id, exc))
    return failed
