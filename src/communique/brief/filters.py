"""A briefing narrowed to a period, a party or an issue, for a report on just that.

Each filter returns a new :class:`Briefing`; filters combine (since, then party, then issue).
What each keeps:

``since`` and ``until``
    events, positions and changes dated in the period (an event dated to a month or a year is
    kept when that period meets it); quotes, entities and claims from documents published in
    it. Undated items cannot be placed in the period and are dropped. The sources table lists
    the documents in range.
``party`` (case ignored)
    positions whose party or holder is it; changes of that party; quotes whose speaker is it or
    speaks for it; events where it, or someone on its side, acts or is acted on; entities on
    its side; claims whose words name it or one of its people.
``issue`` (``"negotiation format"`` matches ``negotiation_format``)
    positions and changes on it; events, quotes and claims told in a sentence that states one
    of those positions; entities on the sides holding them.

The sources table counts only the claims kept. Under ``party`` and ``issue`` the documents
listed are those the kept items cite; under a period, those published in it (a report still
cites one from outside it, by id, in its appendix). An unknown party or issue leaves the sections
empty, never an error: the report then says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    Briefing,
    BriefPosition,
    BriefSource,
    ClaimEvidence,
    Evidence,
    PositionChange,
)
from communique.brief.sections import period_end, period_start, side_lookup
from communique.errors import UsageError

__all__ = [
    "describe_filters",
    "filter_briefing",
    "in_period",
    "issue_key",
    "keeps_change",
    "on_or_after",
    "on_or_before",
    "on_side_of",
    "parse_day",
]

_Span = tuple[str, int, int]


def parse_day(value: str | date | None, *, name: str) -> date | None:
    """A day given as YYYY-MM-DD (or already a date) for the option ``name``; anything else
    is a usage error naming the option and the value."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} {value!r} is not a date of the form YYYY-MM-DD") from None


def filter_briefing(
    briefing: Briefing,
    *,
    since: date | None = None,
    party: str | None = None,
    issue: str | None = None,
    until: date | None = None,
) -> Briefing:
    """The part of ``briefing`` from ``since`` to ``until``, about ``party`` and ``issue``."""
    if since is not None or until is not None:
        briefing = _period(briefing, since, until)
    if party is not None:
        briefing = _cited_documents(briefing, _party(briefing, party))
    if issue is not None:
        briefing = _cited_documents(briefing, _issue(briefing, issue))
    return briefing


def describe_filters(
    *,
    since: date | None = None,
    party: str | None = None,
    issue: str | None = None,
    until: date | None = None,
) -> str:
    """One line saying which selection a report shows, or "" for the whole briefing."""
    parts = [f"since {since.isoformat()}"] if since else []
    parts += [f"until {until.isoformat()}"] if until else []
    parts += [f"party {party}"] if party else []
    parts += [f"issue {issue}"] if issue else []
    return "Selection: " + "; ".join(parts) + "." if parts else ""


def on_or_after(value: str | None, since: date) -> bool:
    """Whether a timeline date's period ends on or after ``since`` (undated: never)."""
    end = period_end(value)
    return end is not None and end >= since


def on_or_before(value: str | None, until: date) -> bool:
    """Whether a timeline date's period starts on or before ``until`` (undated: never)."""
    start = period_start(value)
    return start is not None and start <= until


def in_period(value: str | None, since: date | None, until: date | None) -> bool:
    """Whether a date's period meets ``since``..``until`` (either open; undated: never)."""
    if since is None and until is None:
        return True
    return (since is None or on_or_after(value, since)) and (
        until is None or on_or_before(value, until)
    )


def on_side_of(
    party: str, side_of: Callable[[str | None], str | None]
) -> Callable[[str | None], bool]:
    """Whether a name is ``party`` or speaks for it (``side_of`` from ``side_lookup``)."""
    key = party.casefold()

    def on_side(name: str | None) -> bool:
        return name is not None and key in (name.casefold(), (side_of(name) or "").casefold())

    return on_side


def keeps_change(
    change: PositionChange,
    *,
    since: date | None = None,
    party: str | None = None,
    issue: str | None = None,
    until: date | None = None,
) -> bool:
    """Whether :func:`filter_briefing` keeps a position change: each filter judges it alone."""
    return (
        in_period(change.after.date, since, until)
        and (party is None or _party_is(change.party, party.casefold()))
        and (issue is None or issue_key(change.issue) == issue_key(issue))
    )


def _period(briefing: Briefing, since: date | None, until: date | None) -> Briefing:
    def kept(value: str | None) -> bool:
        return in_period(value, since, until)

    def published_in(d: BriefDocument) -> bool:
        # A ranged document is in the period when its range can meet it.
        if d.published or not (d.published_earliest or d.published_latest):
            return kept(d.published)
        return (since is None or on_or_after(d.published_latest, since)) and (
            until is None or on_or_before(d.published_earliest, until)
        )

    in_range = {d.id for d in briefing.documents if published_in(d)}
    claims = [c for c in briefing.claims if in_range.intersection(c.documents)]
    changes = briefing.position_changes
    narrowed = replace(
        briefing,
        events=[e for e in briefing.events if kept(e.date)],
        quotes=[q for q in briefing.quotes if q.document in in_range],
        positions=[p for p in briefing.positions if kept(p.date)],
        position_changes=[c for c in changes if keeps_change(c, since=since, until=until)],
        entities=[e for e in briefing.entities if in_range.intersection(e.documents)],
        claims=claims,
        sources=_recount(briefing.sources, briefing.documents, in_range, claims),
    )
    # Only the documents published in the period are listed: one a kept item cites from
    # outside it (an old article that named a role) is cited by id, not listed as in it.
    return replace(narrowed, documents=[d for d in briefing.documents if d.id in in_range])


def _party(briefing: Briefing, party: str) -> Briefing:
    key = party.casefold()
    on_side = on_side_of(party, side_lookup(briefing.entities))

    def holds(p: BriefPosition) -> bool:
        return key in ((p.party or "").casefold(), p.holder.casefold())

    entities = [e for e in briefing.entities if on_side(e.name) or _party_is(e.party, key)]
    names = {party} | {n for e in entities for n in (e.name, *e.aliases)}
    claims = [c for c in briefing.claims if _names_any(c, names)]
    return replace(
        _with_claims(briefing, claims),
        positions=[p for p in briefing.positions if holds(p)],
        position_changes=[c for c in briefing.position_changes if keeps_change(c, party=party)],
        quotes=[q for q in briefing.quotes if on_side(q.speaker) or _party_is(q.speaker_side, key)],
        events=[e for e in briefing.events if any(map(on_side, [*e.actors, *e.targets]))],
        entities=entities,
    )


def _party_is(party: str | None, key: str) -> bool:
    return (party or "").casefold() == key


def _issue(briefing: Briefing, issue: str) -> Briefing:
    key = issue_key(issue)
    positions = [p for p in briefing.positions if issue_key(p.issue) == key]
    told_in = _overlap_test((p.document, p.evidence.start, p.evidence.end) for p in positions)

    def told_with(evidence: Iterable[Evidence | ClaimEvidence]) -> bool:
        return any(told_in(v.document, v.start, v.end) for v in evidence)

    parties = {p.party.casefold() for p in positions if p.party}
    return replace(
        _with_claims(briefing, [c for c in briefing.claims if told_with(c.evidence)]),
        positions=positions,
        position_changes=[c for c in briefing.position_changes if keeps_change(c, issue=issue)],
        events=[e for e in briefing.events if told_with(e.evidence)],
        quotes=[q for q in briefing.quotes if told_in(q.document, q.start, q.end)],
        entities=[e for e in briefing.entities if (e.party or "").casefold() in parties],
    )


def _cited_documents(before: Briefing, narrowed: Briefing) -> Briefing:
    """``narrowed`` listing only the documents its kept items cite, its sources table over
    them: a party's or an issue's selection lists the documents that tell of it."""
    keep = _cited(narrowed)
    documents = [d for d in before.documents if d.id in keep]
    sources = _recount(narrowed.sources, before.documents, keep, narrowed.claims)
    return replace(narrowed, documents=documents, sources=sources)


def _with_claims(briefing: Briefing, claims: list[BriefClaim]) -> Briefing:
    """The briefing with only ``claims``, its sources table counting only those."""
    listed = {d for source in briefing.sources for d in source.documents}
    sources = _recount(briefing.sources, briefing.documents, listed, claims)
    return replace(briefing, claims=claims, sources=sources)


def issue_key(issue: str) -> str:
    """ "Negotiation format", "negotiation-format" -> "negotiation_format"."""
    return re.sub(r"[\s-]+", "_", issue.strip().casefold())


def _overlap_test(spans: Iterable[_Span]) -> Callable[[str, int, int], bool]:
    """Whether words lie in one of ``spans`` (sentences), looked up per document."""
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc, start, end in spans:
        by_doc.setdefault(doc, []).append((start, end))

    def told_in(doc: str, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in by_doc.get(doc, ()))

    return told_in


def _names_any(claim: BriefClaim, names: Iterable[str]) -> bool:
    """Whether any of the claim's words name one of ``names`` as a whole word."""
    wanted = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not wanted:
        return False
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, wanted)) + r")\b", re.IGNORECASE)
    return any(pattern.search(e.text) for e in claim.evidence) or bool(pattern.search(claim.text))


def _cited(briefing: Briefing) -> set[str]:
    """Every document the kept items cite, so the report can still list them."""
    found = {v.document for e in briefing.events for v in e.evidence}
    found |= {q.document for q in briefing.quotes}
    found |= {p.document for p in briefing.positions}
    found |= {p.document for c in briefing.position_changes for p in (c.before, c.after)}
    found |= {v.document for c in briefing.claims for v in c.evidence}
    found |= {v.document for e in briefing.entities for v in e.party_evidence}
    found |= {r["document"] for e in briefing.entities for r in e.roles}
    return found


def _recount(
    sources: Iterable[BriefSource],
    documents: Iterable[BriefDocument],
    keep: set[str],
    claims: Iterable[BriefClaim],
) -> list[BriefSource]:
    """The sources table over the kept documents: their flags and their claims' statuses."""
    by_id = {d.id: d for d in documents}
    statuses: dict[str, Counter[str]] = {}
    for claim in claims:
        for doc_id in claim.documents:
            statuses.setdefault(doc_id, Counter())[claim.status] += 1
    out = []
    for source in sources:
        kept = [by_id[d] for d in source.documents if d in keep and d in by_id]
        if not kept:
            continue
        flags = Counter(_flag_kind(f) for doc in kept for f in doc.flags)
        counts: Counter[str] = Counter()
        for doc in kept:
            counts.update(statuses.get(doc.id, Counter()))
        out.append(
            BriefSource(
                outlet=source.outlet,
                documents=[d.id for d in kept],
                flags=dict(sorted(flags.items())),
                counts={status: counts.get(status, 0) for status in source.counts},
            )
        )
    return out


def _flag_kind(flag: str) -> str:
    # As the sources table counts them: duplicate_of:<id> is one kind, wire:<agency> keeps it.
    return "duplicate" if flag.startswith("duplicate_of:") else flag
