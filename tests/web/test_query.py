"""The heatmap counted in the store (:func:`position_cells`) reads each cell as the in-memory
heatmap does: the latest dated stance (the first of equal days), undated statements that never
decide, "mixed" when undated statements disagree, stances most said first with ties in the order
first said, negations apart; on SQLite and PostgreSQL, with and without a period."""

from __future__ import annotations

import datetime as dt
import itertools

from communique.brief.model import Briefing, BriefPosition, Corpus, Evidence
from communique.brief.rows import StoredBriefing, write_briefing_rows
from communique.brief.sections import period_end
from communique.store import open_store
from communique.store.briefing_rows import Where
from communique.web.charts import heatmap, heatmap_grid
from communique.web.query import position_cells

_DATES = ("2031-04-02", None, "2031-04", "2031-04-30", "2031-W14", "2031-04-02", None)
_STANCES = ("reject", "accept", "demand", "offer")


def _positions() -> list[BriefPosition]:
    """Invented statements of three sides (one unknown) on three issues, cycling through
    stances, negations and dates of every precision so ties and undated cells occur."""
    found = []
    parties = ("Tarsk", "Orvane", None)
    issues = ("harbour tolls", "prisoner exchange", "ceasefire")
    for n, (party, issue) in enumerate(itertools.product(parties, issues)):
        for k in range(n % 4 + 1 if n != 4 else 3):
            sentence = f"Statement {k} of the {party or 'unnamed'} envoys on {issue}."
            stance = _STANCES[(n + k * (n % 3)) % 4] if n != 4 else "demand"
            found.append(
                BriefPosition(
                    party=party,
                    holder=party or "an unnamed envoy",
                    issue=issue,
                    stance=stance,  # type: ignore[arg-type]
                    evidence=Evidence(f"d{n}", 80 * k, 80 * k + len(sentence), sentence),
                    speaker=None,
                    document=f"d{n}",
                    date=None if n in (4, 7) else _DATES[(n + k) % len(_DATES)],
                    negated=(n + k) % 3 == 0,
                )
            )
    return found


def _briefing(positions: list[BriefPosition]) -> Briefing:
    corpus = Corpus(9, "2031-03-01", "2031-05-01", {"metadata": 9})
    return Briefing("1.1.0", corpus, [], [], [], [], positions, [], [], [])


def test_cells_counted_in_the_store_read_as_the_heatmap_reads_them(db: str) -> None:
    positions = _positions()
    cells = heatmap(positions).cells
    assert any(c.mixed for c in cells.values()) and any(c.negated for c in cells.values())
    assert any(c.latest_date is None for c in cells.values())
    with open_store(db) as store:
        write_briefing_rows(store, "k1", _briefing(positions), seconds=1.0)
        stored = StoredBriefing(store, "k1")
        found = heatmap_grid(position_cells(stored.rows("positions")))
        assert found == heatmap(positions)
        # The summary lists stances in order: dicts compare equal in any order.
        assert {k: c.summary for k, c in found.cells.items()} == {
            k: c.summary for k, c in cells.items()
        }
        since = Where("r.date_end >= ?", ("2031-04-10",))
        kept = [p for p in positions if (end := period_end(p.date)) and end >= dt.date(2031, 4, 10)]
        found = heatmap_grid(position_cells(stored.rows("positions", since)))
        assert found == heatmap(kept)
        assert found != heatmap(positions)
