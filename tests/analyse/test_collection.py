"""Fewer collections during a corpus pass, and the collector as it was afterwards."""

from __future__ import annotations

import gc

import pytest

from communique.analyse.collection import fewer_collections


def test_the_young_threshold_is_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
        with fewer_collections():
            assert gc.get_threshold() == inside
        assert gc.get_threshold() == inside
    assert inside[0] > before[0]
    assert inside[1:] == before[1:]
    assert gc.get_threshold() == before


def test_the_threshold_is_restored_when_the_pass_raises() -> None:
    before = gc.get_threshold()
    with pytest.raises(ValueError, match="pass failed"), fewer_collections():
        raise ValueError("pass failed")
    assert gc.get_threshold() == before


def test_a_cycle_made_inside_is_still_collected() -> None:
    class Node:
        other: object = None

    with fewer_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2
