"""No automatic collection during a corpus pass (collections that skip what was alive when
another thread runs), and the collector as it was afterwards."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from communique.analyse.collection import fewer_collections


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector enabled for the test, and left as the test found it."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pass as the process's only thread (as in `brief`), whatever threads earlier tests
    left running in this process (a thread pool, a server's)."""
    monkeypatch.setattr("communique.analyse.collection.threading.active_count", lambda: 1)


@pytest.mark.usefixtures("collector_on", "alone")
def test_the_collector_is_off_inside_and_back_on_after() -> None:
    with fewer_collections():
        assert not gc.isenabled()
        with fewer_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still running
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on", "alone")
def test_the_collector_is_back_on_when_the_pass_raises() -> None:
    with pytest.raises(ValueError, match="pass failed"), fewer_collections():
        raise ValueError("pass failed")
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with fewer_collections():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


class _Node:
    other: object = None


def _drop_a_cycle() -> None:
    """Two objects that hold each other, left for the collector alone to free."""
    a, b = _Node(), _Node()
    a.other, b.other = b, a


def test_a_cycle_made_inside_is_still_collectable() -> None:
    with fewer_collections():
        _drop_a_cycle()
        assert gc.collect() >= 2


@pytest.mark.usefixtures("collector_on")
def test_with_another_thread_running_the_collector_stays_on_and_skips_what_was_alive() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="serving", daemon=True)
    other.start()
    try:
        before = gc.get_freeze_count()
        with fewer_collections():
            assert gc.isenabled()  # the other thread's garbage is still collected
            assert gc.get_freeze_count() > before
        assert gc.get_freeze_count() == 0
        assert gc.isenabled()
    finally:
        stop.set()
        other.join()


@pytest.mark.usefixtures("collector_on", "alone")
def test_what_the_block_made_is_old_after_it() -> None:
    """Objects a pass keeps are not left young, for the next collection to walk them all."""

    class Kept:
        pass

    with fewer_collections():
        kept = [Kept() for _ in range(1000)]
    young = {id(o) for o in gc.get_objects(generation=0)}
    young |= {id(o) for o in gc.get_objects(generation=1)}
    assert not young & {id(o) for o in kept}
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert {id(o) for o in kept} <= oldest


@pytest.mark.usefixtures("collector_on", "alone")
def test_a_cycle_made_inside_is_collected_by_a_full_collection_after() -> None:
    with fewer_collections():
        _drop_a_cycle()
    assert gc.collect() >= 2


@pytest.mark.usefixtures("collector_on", "alone")
def test_objects_the_process_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with fewer_collections():
            kept = [[n] for n in range(100)]
        assert gc.get_freeze_count() == frozen
        assert kept
    finally:
        gc.unfreeze()
