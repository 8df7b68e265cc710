"""The briefing as a Markdown report a person reads top to bottom.

Sections and their order come from :mod:`communique.brief.sections`. Every statement ends with
citations ``[d:<first 8 characters of the document id>:<start>-<end>]`` that link to the
"Sources cited" appendix, where the cited words are printed under their document.
Article text is escaped, so a title or a quote cannot inject Markdown or HTML into the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from communique.brief import sections as s
from communique.brief.model import (
    BriefDocument,
    BriefEvent,
    Briefing,
    BriefPosition,
    BriefQuote,
    ClaimEvidence,
    Evidence,
)
from communique.brief.undated import UndatedEvent, undated_events

__all__ = ["render_markdown"]

# Underscores inside a word never emphasise, so "ai_generated" stays readable unescaped.
_SPECIAL = re.compile(r"([\\`*\[\]<>|#&]|(?<!\w)_|_(?!\w))")
_EVENT_CITES = 5


def md(text: str | None) -> str:
    """Article text made inert: one line, every Markdown and HTML metacharacter escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def render_markdown(
    briefing: Briefing, *, scope: str = "", quotes: int = 25, single_source: int = 15
) -> str:
    """The whole report; ``scope`` says which selection it shows (see ``describe_filters``)."""
    cites = s.Citations(briefing.documents)
    parts = [
        f"# {md(s.report_title(briefing))}",
        md(s.corpus_line(briefing)) + (f" {md(scope)}" if scope else ""),
        "Citations read `[d:DOCUMENT:START-END]`: the first 8 characters of the document's id"
        " and the character offsets of the cited words in its cleaned text. Each one links to"
        " its words under *Sources cited*.",
        *_section("summary", _summary(briefing, cites)),
        *_section("timeline", _timeline(briefing, cites)),
        *_section("who-is-who", _people(briefing, cites)),
        *_section("positions", _matrix(briefing, cites)),
        *_section("position-changes", _changes(briefing, cites)),
        *_section("quotes", _quotes(briefing, cites, limit=quotes)),
        *_section("claims", _claims(briefing, cites, limit=single_source)),
        *_section("sources", _sources(briefing, cites)),
        *_section("failures", _failures(briefing)),
        *_section("corrections", _corrections(briefing)),
        *_section("sources-cited", _appendix(cites)),
    ]
    return "\n\n".join(parts) + "\n"


def _failures(briefing: Briefing) -> list[str]:
    lines = []
    if briefing.coverage.not_annotated:
        ids = ", ".join(f"`{i}`" for i in briefing.coverage.not_annotated[:50])
        more = len(briefing.coverage.not_annotated) - 50
        lines.append(
            "Stored but not annotated yet (an ingest was adding them): "
            + ids
            + (f" and {more} more" if more > 0 else "")
        )
    items = [f"- {md(s.failure_line(f))}" for f in briefing.failures]
    if items:
        lines.append("\n".join(items))
    return lines


def _corrections(briefing: Briefing) -> list[str]:
    """The user's own corrections, applied over what the tool read, each said in words."""
    lines = [
        f"- {md(c.description)}" + (f" — {md(c.note)}" if c.note else "")
        for c in briefing.corrections
    ]
    lead = "Applied over what the tool read; the tool's own reading is kept in the store."
    return [lead, "\n".join(lines)] if lines else []


def _section(anchor: str, body: list[str]) -> list[str]:
    heading = dict(s.SECTIONS)[anchor]
    return [f'<a id="{anchor}"></a>\n## {heading}', *(body or ["None."])]


def _link(cite: s.Cite) -> str:
    return f"[{md(cite.label)}](#{cite.anchor})"


def _evidence(cites: s.Citations, item: Evidence | ClaimEvidence) -> str:
    return _link(cites.cite(item.document, item.start, item.end, item.text))


def _position(cites: s.Citations, p: BriefPosition, *, who: str = "") -> str:
    date = f" ({p.date})" if p.date else ""
    return (
        f"{md(who)}{' ' if who else ''}{md(s.stance_label(p))}{date} {_evidence(cites, p.evidence)}"
    )


def _summary(briefing: Briefing, cites: s.Citations) -> list[str]:
    lines = []
    for issue, latest in s.summary(briefing):
        sides = " vs ".join(_position(cites, p, who=p.party or p.holder) for p in latest)
        lines.append(f"- **{md(s.issue_label(issue))}**: {sides}")
    return ["\n".join(lines)] if lines else []


def _timeline(briefing: Briefing, cites: s.Citations) -> list[str]:
    events = s.dated_events(briefing)
    rows = ["| Date | Event | What happened | Sources | Cited |", "|---|---|---|---|---|"]
    rows.extend(_event_row(cites, e) for e in events)
    return (["\n".join(rows)] if events else []) + _undated(briefing, cites)


def _undated(briefing: Briefing, cites: s.Citations) -> list[str]:
    """Events with no date of their own, beside when the document telling them was written."""
    found = undated_events(briefing)
    if not found:
        return []
    rows = [
        "| Told in, written | Event | What happened | Sources | Cited |",
        "|---|---|---|---|---|",
    ]
    rows.extend(_event_row(cites, item.event, first=_told_in(cites, item)) for item in found)
    note = (
        f"_{len(found)} undated events are not placed on the timeline: each is listed under the"
        " document that tells it, in the order the documents were written. An event happened"
        " by the time its document was written._"
    )
    return ["### Undated events", note, "\n".join(rows)]


def _event_row(cites: s.Citations, event: BriefEvent, *, first: str | None = None) -> str:
    """A timeline row; ``first`` (the documents telling it, with when each was written, as
    Markdown) replaces the date for an undated event."""
    kind = event.type + ("" if event.mode == "happened" else f" ({event.mode})")
    evidence = s.unique_spans(event.evidence)
    cited = " ".join(_evidence(cites, v) for v in evidence[:_EVENT_CITES])
    more = f" +{len(evidence) - _EVENT_CITES}" if len(evidence) > _EVENT_CITES else ""
    lead = first or md(s.format_period(event.date, event.date_precision))
    return f"| {lead} | {md(kind)} | {md(event.summary)} | {len(event.documents)} | {cited}{more} |"


def _told_in(cites: s.Citations, item: UndatedEvent) -> str:
    """Each document telling the event, with when it was written, oldest first."""
    tellers = item.tellers
    shown = [f"{_link(cites.cite(doc.id))} {md(when)}" for doc, when in tellers[:_EVENT_CITES]]
    more = f"; +{len(tellers) - _EVENT_CITES}" if len(tellers) > _EVENT_CITES else ""
    return "; ".join(shown) + more


def _people(briefing: Briefing, cites: s.Citations) -> list[str]:
    found = s.people(briefing)
    rows = [
        "| Name | Type | Side | Roles | Also written | Documents |",
        "|---|---|---|---|---|---|",
    ]
    for e in found:
        side = md(e.party) if e.party else "—"
        if e.party and e.party_evidence:
            side += " " + _evidence(cites, e.party_evidence[0])
        roles = "; ".join(f"{md(role)} {_link(cites.cite(doc))}" for role, doc in s.unique_roles(e))
        rows.append(
            f"| {md(e.name)} | {md(e.type.lower())} | {side} | {roles or '—'} "
            f"| {md(', '.join(e.aliases)) or '—'} | {len(e.documents)} |"
        )
    return ["\n".join(rows)] if found else []


def _matrix(briefing: Briefing, cites: s.Citations) -> list[str]:
    issues, parties, cells = s.position_matrix(briefing)
    if not issues:
        return []
    rows = [
        "| Issue | " + " | ".join(md(p) for p in parties) + " |",
        "|---|" + "---|" * len(parties),
    ]
    for issue in issues:
        row = [md(s.issue_label(issue))]
        for party in parties:
            found = cells.get((party, issue), [])
            row.append(_cell(cites, found) if found else "")
        rows.append("| " + " | ".join(row) + " |")
    unsided = sum(1 for p in briefing.positions if not p.party)
    note = (
        [f"_{unsided} positions whose holder could not be tied to a side are not in the table._"]
        if unsided
        else []
    )
    return [
        "Each cell: the latest dated stance, its date and evidence (undated statements never"
        " decide), and, where the statements disagree, how many take each stance.",
        "\n".join(rows),
        *note,
    ]


def _cell(cites: s.Citations, found: list[BriefPosition]) -> str:
    read = s.read_cell(found)
    text = _position(cites, read.shown) if read.shown else "undated, none decides"
    if read.mixed:
        return text + " — mixed: " + ", ".join(f"{n} {md(k)}" for k, n in read.counts.items())
    return text + (f" ({len(found)} statements)" if len(found) > 1 else "")


def _changes(briefing: Briefing, cites: s.Citations) -> list[str]:
    lines = [
        f"- **{md(c.party)}** on **{md(s.issue_label(c.issue))}**: "
        f"{_position(cites, c.before)} → {_position(cites, c.after)}"
        for c in briefing.position_changes
    ]
    return ["\n".join(lines)] if lines else []


def _quotes(briefing: Briefing, cites: s.Citations, *, limit: int) -> list[str]:
    dates = {d.id: d.published for d in briefing.documents}
    lines = [
        _quote(cites, q, q.speaker_side, dates.get(q.document))
        for q in s.notable_quotes(briefing, limit=limit)
    ]
    if not lines:
        return []
    return [
        f"{len(lines)} of {len(briefing.quotes)} quotes, direct quotes from named speakers first.",
        "\n".join(lines),
    ]


def _quote(cites: s.Citations, q: BriefQuote, side: str | None, published: str | None) -> str:
    who = f"**{md(q.speaker)}**" if q.speaker else "*Unnamed source*"
    who += f" ({md(side)})" if side and side != q.speaker else ""
    if q.kind == "direct":
        words = f"“{md(q.content)}”"
    else:
        words = md(s.balanced_words(q.content) if q.kind == "mixed" else q.content)
    when = f" ({published})" if published else ""
    link = _link(cites.cite(q.document, q.start, q.end, q.content))
    cue = s.cue_words(q.cue)
    lead = f"According to {who}" if s.is_according(cue) else who + (f" {md(cue)}" if cue else "")
    return f"- {lead}: {words}{when} {link}"


def _claims(briefing: Briefing, cites: s.Citations, *, limit: int) -> list[str]:
    out = []
    weak = s.weak_documents(briefing.documents)
    outlets = s.outlet_names(briefing.documents)
    for status, heading, claims, total in s.claim_groups(briefing, single_source_limit=limit):
        shown = f"{len(claims)} of {total}" if len(claims) < total else str(total)
        out.append(f"### {heading} ({shown})")
        lines = [_claim(cites, s.claim_line(c, status, weak=weak, outlets=outlets)) for c in claims]
        out.append("\n".join(lines) if lines else "None.")
    return out


def _claim(cites: s.Citations, line: s.ClaimLine) -> str:
    head = f"- “{md(line.claim.text)}”" + (f" {_evidence(cites, line.lead)}" if line.lead else "")
    head += f" — {line.origin_words}"
    if line.origins is not None:
        return f"{head}\n  - Origin: {md(line.origins)}"
    body = [
        f"  - {_side_head(side, line.status)}: {_tellings(cites, side.items)}"
        for side in line.sides
    ]
    return "\n".join([head, *body])


def _side_head(side: s.ClaimSide, status: str) -> str:
    if side.slot is not None:
        return f"{md(side.slot)} **{md(side.value or '')}**"
    if side.origin is None:
        return "**Denied**"
    return f"Told by {md(side.origin)}" if status == "disputed" else md(side.origin)


def _tellings(cites: s.Citations, items: Iterable[ClaimEvidence]) -> str:
    return "; ".join(
        f"“{md(text)}” " + " ".join(_evidence(cites, i) for i in same)
        for text, same in s.same_words(items)
    )


def _sources(briefing: Briefing, cites: s.Citations) -> list[str]:
    statuses = [status for status, _ in s.CLAIM_STATUSES]
    rows = [
        "| Outlet | Documents | Flags | " + " | ".join(h for _, h in s.CLAIM_STATUSES) + " |",
        "|---|---|---|" + "---|" * len(statuses),
    ]
    for source in briefing.sources:
        docs = " ".join(_link(cites.cite(d)) for d in source.documents)
        flags = ", ".join(f"{md(k)} {n}" for k, n in source.flags.items()) or "—"
        counts = " | ".join(str(source.counts.get(st, 0)) for st in statuses)
        rows.append(f"| {md(source.outlet)} | {docs} | {flags} | {counts} |")
    return (
        ["Claim counts are per outlet, over its documents.", "\n".join(rows)]
        if briefing.sources
        else []
    )


def _appendix(cites: s.Citations) -> list[str]:
    out = []
    for doc, spans in cites.cited():
        out.append(f'<a id="{s.Cite(doc.id).anchor}"></a>\n### {_document_heading(doc)}')
        out.append(_document_line(doc))
        items = [f'- <a id="{c.anchor}"></a>{md(c.label)}: {md(c.text)}' for c in spans]
        if items:
            out.append("\n".join(items))
    return out


def _document_heading(doc: BriefDocument) -> str:
    bits = [s.Cite(doc.id).label, md(doc.outlet or "unknown outlet")]
    bits += [f"“{md(doc.title)}”"] if doc.title else []
    bits += [s.document_date(doc)]
    return " — ".join(bits)


def _document_line(doc: BriefDocument) -> str:
    line = f"Document {md(doc.id)}"
    line += f"; flags: {md(', '.join(doc.flags))}" if doc.flags else ""
    where = doc.url or doc.source
    return line + (f"; from {md(where)}" if where else "") + "."
