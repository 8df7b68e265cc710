"""The pick-lists and counts the unfiltered pages show, worked out from the whole briefing when
its rows are written and kept beside them (the ``page_counts`` section), so a server put in
service after a build or a restart reads one row instead of grouping every position, claim and
document (at 100,000 documents the distinct issues alone scan 300,000 position rows)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from communique.brief.model import Briefing

__all__ = ["PageCounts", "page_counts"]


@dataclass(frozen=True, slots=True)
class PageCounts:
    """What the pick-lists offer and the overview counts, as the rows' own reads give them
    (:mod:`communique.web.query`): the values each list's column holds, sorted, and the
    number of rows per value."""

    event_types: list[str]
    entity_types: dict[str, int]
    parties: list[str]
    issues: list[str]
    statuses: dict[str, int]
    stances: dict[str, int]
    flags: dict[str, int]
    undated: int


def page_counts(briefing: Briefing) -> PageCounts:
    """The briefing's :class:`PageCounts` (one pass over each list it reads)."""
    sides = {p.party for p in briefing.positions} | {e.party for e in briefing.entities}
    flags = Counter(f.split(":")[0] for d in briefing.documents for f in d.flags)
    return PageCounts(
        event_types=sorted({e.type for e in briefing.events}),
        entity_types=dict(Counter(e.type for e in briefing.entities)),
        parties=sorted({s for s in sides if s}, key=str.casefold),
        issues=sorted({p.issue for p in briefing.positions}),
        statuses=dict(Counter(c.status for c in briefing.claims)),
        stances=dict(Counter(p.stance for p in briefing.positions)),
        flags=dict(flags),
        undated=sum(1 for d in briefing.documents if not d.published),
    )
