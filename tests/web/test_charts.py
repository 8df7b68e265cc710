"""The heatmap's cells: the latest *dated* stance colours a cell, undated statements never
decide, and a cell whose statements disagree says "mixed" with its count per stance."""

from __future__ import annotations

from communique.brief.model import BriefPosition, Evidence
from communique.brief.sections import read_cell
from communique.web.charts import MIXED, heatmap


def _said(stance: str, date: str | None, *, negated: bool = False, n: int = 0) -> BriefPosition:
    sentence = f"Statement {n} of the Tarsk delegation on the harbour truce."
    return BriefPosition(
        party="Tarsk",
        holder="Tarsk",
        issue="ceasefire",
        stance=stance,  # type: ignore[arg-type]
        evidence=Evidence("d1", 100 * n, 100 * n + len(sentence), sentence),
        speaker=None,
        document="d1",
        date=date,
        negated=negated,
    )


def test_undated_statements_that_disagree_make_a_mixed_cell() -> None:
    held = [
        _said("reject", None, n=1),
        _said("reject", None, n=2),
        _said("accept", None, n=3, negated=True),
    ]
    cell = heatmap(held).cells[("Tarsk", "ceasefire")]
    assert cell.stance == MIXED and cell.mixed
    assert cell.stances == {"reject": 2, "not accept": 1}
    assert cell.latest_date is None
    assert "mixed, none dated" in cell.summary and "2 reject" in cell.summary


def test_an_undated_statement_never_outranks_a_dated_one() -> None:
    held = [_said("reject", "2025-05-02", n=1), _said("accept", None, n=2)]
    cell = heatmap(held).cells[("Tarsk", "ceasefire")]
    assert (cell.stance, cell.latest_date, cell.mixed) == ("reject", "2025-05-02", True)


def test_the_latest_dated_statement_decides() -> None:
    held = [_said("reject", "2025-05-02", n=1), _said("offer", "2025-05-09", n=2)]
    assert read_cell(held).latest == held[1]
    cell = heatmap(held).cells[("Tarsk", "ceasefire")]
    assert cell.stance == "offer" and cell.mixed


def test_statements_that_agree_are_one_stance_dated_or_not() -> None:
    held = [_said("demand", None, n=1), _said("demand", None, n=2)]
    reading = read_cell(held)
    assert not reading.mixed and reading.latest is None and reading.shown is not None
    cell = heatmap(held).cells[("Tarsk", "ceasefire")]
    assert cell.stance == "demand" and not cell.mixed
