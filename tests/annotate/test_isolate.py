"""A corpus pass that raises on one document's items leaves that document out, not the pass."""

from __future__ import annotations

from collections.abc import Sequence

from communique.annotate.isolate import run_isolated

Item = tuple[str, int]


def _total(items: Sequence[Item]) -> int:
    """A pass over every item that breaks on a negative value."""
    if any(value < 0 for _, value in items):
        raise ValueError("negative")
    return sum(value for _, value in items)


def _doc(item: Item) -> str:
    return item[0]


def test_a_pass_that_succeeds_runs_once_with_no_failure() -> None:
    assert run_isolated(_total, [("a", 1), ("b", 2)], doc_of=_doc, empty=0) == (3, [])


def test_the_document_that_breaks_a_pass_is_left_out_and_named() -> None:
    result, failed = run_isolated(
        _total, [("a", 1), ("b", -5), ("c", 2), ("b", 4)], doc_of=_doc, empty=0
    )
    assert result == 3
    assert [(f.doc_id, str(f.error)) for f in failed] == [("b", "negative")]


def test_a_failure_no_single_document_causes_empties_the_pass() -> None:
    def pairs_only(items: Sequence[Item]) -> int:
        if len({doc for doc, _ in items}) > 1:
            raise RuntimeError("documents disagree")
        return len(items)

    result, failed = run_isolated(pairs_only, [("a", 1), ("b", 2)], doc_of=_doc, empty=-1)
    assert result == -1
    assert [(f.doc_id, str(f.error)) for f in failed] == [("", "documents disagree")]
