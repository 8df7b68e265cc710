"""The briefing as one self-contained HTML file: inline CSS, no script, no external asset.

It carries the same sections as the Markdown report (chosen in
:mod:`communique.brief.sections`), prints cleanly, and its citations are anchors into a
"Sources cited" appendix. Every piece of text that came from an article goes through
:func:`html.escape`; a restrictive Content-Security-Policy stops anything that slipped through
from loading or running.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from communique.brief import sections as s
from communique.brief.model import (
    BriefDocument,
    BriefEntity,
    BriefEvent,
    Briefing,
    BriefPosition,
    BriefQuote,
    ClaimEvidence,
    Evidence,
)
from communique.brief.undated import UndatedEvent, undated_events

__all__ = ["render_html"]

_EVENT_CITES = 5
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_STYLE = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d0d4d9; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  max-width: 78rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid var(--ink);
  margin-top: 2.5rem; } h3 { margin-top: 1.6rem; }
.corpus, .note { color: var(--muted); }
nav.toc ol { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; list-style: none; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top;
  text-align: left; }
thead th { background: #f1f3f5; }
a.cite { font: .78rem ui-monospace, monospace; white-space: nowrap; color: #1a5fb4; }
.stance-demand { background: #fde2c4; } .stance-offer { background: #d6e8fb; }
.stance-accept { background: #d4f0d4; } .stance-reject { background: #f8d0d0; }
.stance-threaten { background: #e8d0f0; } .stance-condition { background: #fff3b8; }
td.mixed { background: repeating-linear-gradient(45deg, #eee 0 6px, #ddd 6px 12px); }
.negated { outline: 2px dashed #5f6368; outline-offset: -3px; }
.legend span { padding: 0 .4rem; margin-right: .3rem; border: 1px solid var(--rule); }
.claim { border-left: 4px solid var(--rule); padding: .2rem .8rem; margin: 1rem 0; }
.claim-contradicted { border-color: #c01c28; } .claim-disputed { border-color: #e66100; }
.claim-corroborated { border-color: #26a269; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
  gap: .6rem; }
.side { background: #f6f7f8; padding: .4rem .6rem; border-radius: 4px; }
.side h4 { margin: 0 0 .3rem; font-size: .9rem; } .side p { margin: .2rem 0; }
.quotes li, .summary li, .changes li { margin: .35rem 0; }
.doc { margin: 1.2rem 0; } .doc .meta { color: var(--muted); font-size: .85rem; }
.spans li { margin: .2rem 0; } .spans .label { font: .78rem ui-monospace, monospace; }
.spans li:target { background: #fff3b8; }
@media print {
  nav.toc { display: none; }
  body { font-size: 10pt; max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, li, .claim, .side, .doc h3 { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  #claims, #sources-cited { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  a.cite { color: inherit; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em; }
}
"""


def e(text: object) -> str:
    """Text from an article, made inert: every markup character escaped, quotes included."""
    return html.escape("" if text is None else str(text), quote=True)


def render_html(
    briefing: Briefing, *, scope: str = "", quotes: int = 25, single_source: int = 15
) -> str:
    """The whole report as one HTML page; ``scope`` names the selection it shows."""
    cites = s.Citations(briefing.documents)
    title = s.report_title(briefing)
    body = [
        f"<header><h1>{e(title)}</h1><p class='corpus'>{e(s.corpus_line(briefing))}"
        + (f" <strong>{e(scope)}</strong>" if scope else "")
        + "</p><p class='note'>Citations read d:DOCUMENT:START-END: the first 8 characters of"
        " the document's id and the character offsets of the cited words in its cleaned"
        " text. Each links to its words under Sources cited.</p></header>",
        _nav(),
        "<main>",
        _section("summary", _summary(briefing, cites)),
        _section("timeline", _timeline(briefing, cites)),
        _section("who-is-who", _people(briefing, cites)),
        _section("positions", _matrix(briefing, cites)),
        _section("position-changes", _changes(briefing, cites)),
        _section("quotes", _quotes(briefing, cites, limit=quotes)),
        _section("claims", _claims(briefing, cites, limit=single_source)),
        _section("sources", _sources(briefing, cites)),
        _section("failures", _failures(briefing)),
        _section("corrections", _corrections(briefing)),
        _section("sources-cited", _appendix(cites)),
        "</main>",
    ]
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">\n"
        f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _failures(briefing: Briefing) -> str:
    parts = []
    if briefing.coverage.not_annotated:
        ids = ", ".join(e(i) for i in briefing.coverage.not_annotated)
        parts.append(f"<p>Stored but not annotated yet (an ingest was adding them): {ids}</p>")
    if briefing.failures:
        rows = (
            f"<tr><td>{e(f.stage)}</td><td>{e(f.document or 'the whole pass')}</td>"
            f"<td>{e(f.source)}</td>"
            f"<td>{e(f'{f.start}-{f.end}' if f.start is not None else '')}</td>"
            f"<td>[{e(f.code)}] {e(f.reason)}</td></tr>"
            for f in briefing.failures
        )
        parts.append(_table(("stage", "document", "source", "sentence", "reason"), rows))
    return "\n".join(parts)


def _corrections(briefing: Briefing) -> str:
    """The user's own corrections, applied over what the tool read, each said in words."""
    items = "".join(
        f"<li>{e(c.description)}" + (f" — {e(c.note)}" if c.note else "") + "</li>"
        for c in briefing.corrections
    )
    if not items:
        return ""
    return (
        "<p class='note'>Applied over what the tool read; the tool's own reading is kept in"
        f" the store.</p><ul>{items}</ul>"
    )


def _nav() -> str:
    items = "".join(f"<li><a href='#{anchor}'>{e(h)}</a></li>" for anchor, h in s.SECTIONS)
    return f"<nav class='toc' aria-label='Sections'><ol>{items}</ol></nav>"


def _section(anchor: str, body: str) -> str:
    heading = dict(s.SECTIONS)[anchor]
    return f"<section id='{anchor}'>\n<h2>{e(heading)}</h2>\n{body or '<p>None.</p>'}\n</section>"


def _link(cite: s.Cite) -> str:
    return f"<a class='cite' href='#{cite.anchor}'>{e(cite.label)}</a>"


def _evidence(cites: s.Citations, item: Evidence | ClaimEvidence) -> str:
    return _link(cites.cite(item.document, item.start, item.end, item.text))


def _table(headings: Iterable[str], rows: Iterable[str]) -> str:
    head = "".join(f"<th scope='col'>{e(h)}</th>" for h in headings)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _stance(p: BriefPosition) -> str:
    classes = f"stance stance-{e(p.stance)}" + (" negated" if p.negated else "")
    return f"<span class='{classes}'>{e(s.stance_label(p))}</span>"


def _position(cites: s.Citations, p: BriefPosition, *, who: str = "") -> str:
    date = f" ({e(p.date)})" if p.date else ""
    name = f"{e(who)} " if who else ""
    return f"{name}{_stance(p)}{date} {_evidence(cites, p.evidence)}"


def _summary(briefing: Briefing, cites: s.Citations) -> str:
    items = [
        f"<li><strong>{e(s.issue_label(issue))}</strong>: "
        + " <em>vs</em> ".join(_position(cites, p, who=p.party or p.holder) for p in latest)
        + "</li>"
        for issue, latest in s.summary(briefing)
    ]
    return f"<ul class='summary'>{''.join(items)}</ul>" if items else ""


def _timeline(briefing: Briefing, cites: s.Citations) -> str:
    events = s.dated_events(briefing)
    rows = [_event_row(cites, event) for event in events]
    table = _table(["Date", "Event", "What happened", "Sources", "Cited"], rows)
    return (table if rows else "") + _undated(briefing, cites)


def _undated(briefing: Briefing, cites: s.Citations) -> str:
    """Events with no date of their own, beside when the document telling them was written."""
    found = undated_events(briefing)
    if not found:
        return ""
    rows = [_event_row(cites, item.event, first=_told_in(cites, item)) for item in found]
    note = (
        f"<p class='note'>{len(found)} undated events are not placed on the timeline: each is"
        " listed under the document that tells it, in the order the documents were written."
        " An event happened by the time its document was written.</p>"
    )
    headings = ["Told in, written", "Event", "What happened", "Sources", "Cited"]
    return f"<h3 id='undated-events'>Undated events</h3>{note}" + _table(headings, rows)


def _told_in(cites: s.Citations, item: UndatedEvent) -> str:
    """Each document telling the event, with when it was written, oldest first (HTML)."""
    tellers = item.tellers
    shown = [f"{_link(cites.cite(doc.id))} {e(when)}" for doc, when in tellers[:_EVENT_CITES]]
    more = f"; +{len(tellers) - _EVENT_CITES}" if len(tellers) > _EVENT_CITES else ""
    return "; ".join(shown) + more


def _event_row(cites: s.Citations, event: BriefEvent, *, first: str | None = None) -> str:
    """A timeline row; ``first`` (the documents telling it, with when each was written, as
    HTML) replaces the date for an undated event."""
    kind = event.type + ("" if event.mode == "happened" else f" ({event.mode})")
    evidence = s.unique_spans(event.evidence)
    cited = " ".join(_evidence(cites, v) for v in evidence[:_EVENT_CITES])
    more = f" +{len(evidence) - _EVENT_CITES}" if len(evidence) > _EVENT_CITES else ""
    lead = (
        f"<td>{first}</td>"
        if first
        else f"<td>{e(s.format_period(event.date, event.date_precision))}</td>"
    )
    return (
        f"<tr>{lead}<td>{e(kind)}</td>"
        f"<td>{e(event.summary)}</td><td>{len(event.documents)}</td><td>{cited}{more}</td></tr>"
    )


def _people(briefing: Briefing, cites: s.Citations) -> str:
    rows = [_person_row(cites, entity) for entity in s.people(briefing)]
    headings = ["Name", "Type", "Side", "Roles", "Also written", "Documents"]
    return _table(headings, rows) if rows else ""


def _person_row(cites: s.Citations, entity: BriefEntity) -> str:
    side = e(entity.party) if entity.party else "—"
    if entity.party and entity.party_evidence:
        side += " " + _evidence(cites, entity.party_evidence[0])
    roles = "; ".join(f"{e(role)} {_link(cites.cite(doc))}" for role, doc in s.unique_roles(entity))
    return (
        f"<tr><th scope='row'>{e(entity.name)}</th><td>{e(entity.type.lower())}</td>"
        f"<td>{side}</td><td>{roles or '—'}</td><td>{e(', '.join(entity.aliases)) or '—'}</td>"
        f"<td>{len(entity.documents)}</td></tr>"
    )


def _matrix(briefing: Briefing, cites: s.Citations) -> str:
    issues, parties, cells = s.position_matrix(briefing)
    if not issues:
        return ""
    rows = []
    for issue in issues:
        row = [f"<th scope='row'>{e(s.issue_label(issue))}</th>"]
        row += [_cell(cites, cells.get((party, issue), [])) for party in parties]
        rows.append(f"<tr>{''.join(row)}</tr>")
    legend = "".join(f"<span class='stance-{st}'>{st}</span>" for st in s.STANCES)
    unsided = sum(1 for p in briefing.positions if not p.party)
    note = (
        f"<p class='note'>{unsided} positions whose holder could not be tied to a side are"
        " not in the table.</p>"
        if unsided
        else ""
    )
    return (
        "<p class='note'>Each cell: the latest dated stance, its date and evidence (undated"
        " statements never decide), and, where the statements disagree, how many take each"
        " stance. A dashed outline marks a negated stance.</p>"
        f"<p class='legend'>{legend}</p>" + _table(["Issue", *parties], rows) + note
    )


def _cell(cites: s.Citations, found: list[BriefPosition]) -> str:
    if not found:
        return "<td></td>"
    read = s.read_cell(found)
    mix = ", ".join(f"{n} {k}" for k, n in read.counts.items())
    latest = read.shown
    if latest is None:  # undated statements that disagree: none of them decides
        return f"<td class='mixed'>mixed<br><small>{e(mix)}</small></td>"
    classes = f"stance-{e(latest.stance)}" + (" negated" if latest.negated else "")
    date = f"<br>{e(latest.date)}" if latest.date else ""
    if read.mixed:
        count = f"<br><small>mixed: {e(mix)}</small>"
    else:
        count = f"<br><small>{len(found)} statements</small>" if len(found) > 1 else ""
    return (
        f"<td class='{classes}'>{e(s.stance_label(latest))}{date} "
        f"{_evidence(cites, latest.evidence)}{count}</td>"
    )


def _changes(briefing: Briefing, cites: s.Citations) -> str:
    items = [
        f"<li><strong>{e(c.party)}</strong> on <strong>{e(s.issue_label(c.issue))}</strong>: "
        f"{_position(cites, c.before)} → {_position(cites, c.after)}</li>"
        for c in briefing.position_changes
    ]
    return f"<ul class='changes'>{''.join(items)}</ul>" if items else ""


def _quotes(briefing: Briefing, cites: s.Citations, *, limit: int) -> str:
    dates = {d.id: d.published for d in briefing.documents}
    chosen = s.notable_quotes(briefing, limit=limit)
    items = [_quote(cites, q, q.speaker_side, dates.get(q.document)) for q in chosen]
    if not items:
        return ""
    return (
        f"<p class='note'>{len(items)} of {len(briefing.quotes)} quotes, direct quotes from"
        f" named speakers first.</p><ul class='quotes'>{''.join(items)}</ul>"
    )


def _quote(cites: s.Citations, q: BriefQuote, side: str | None, published: str | None) -> str:
    who = f"<strong>{e(q.speaker)}</strong>" if q.speaker else "<em>Unnamed source</em>"
    who += f" ({e(side)})" if side and side != q.speaker else ""
    content = " ".join(q.content.split())
    if q.kind == "direct":
        words = f"<q>{e(content)}</q>"
    else:
        words = e(s.balanced_words(content) if q.kind == "mixed" else content)
    when = f" ({e(published)})" if published else ""
    link = _link(cites.cite(q.document, q.start, q.end, q.content))
    cue = s.cue_words(q.cue)
    lead = f"According to {who}" if s.is_according(cue) else who + (f" {e(cue)}" if cue else "")
    return f"<li>{lead}: {words}{when} {link}</li>"


def _claims(briefing: Briefing, cites: s.Citations, *, limit: int) -> str:
    out = []
    weak = s.weak_documents(briefing.documents)
    outlets = s.outlet_names(briefing.documents)
    for status, heading, claims, total in s.claim_groups(briefing, single_source_limit=limit):
        shown = f"{len(claims)} of {total}" if len(claims) < total else str(total)
        out.append(f"<h3 id='claims-{status}'>{e(heading)} ({shown})</h3>")
        shown_claims = [
            _claim(cites, s.claim_line(c, status, weak=weak, outlets=outlets)) for c in claims
        ]
        out += shown_claims or ["<p>None.</p>"]
    return "\n".join(out)


def _claim(cites: s.Citations, line: s.ClaimLine) -> str:
    head = f"<p class='claim-text'><q>{e(line.claim.text)}</q>"
    head += (f" {_evidence(cites, line.lead)}" if line.lead else "") + (
        f" <small>{e(line.origin_words)}</small></p>"
    )
    if line.origins is not None:
        sides = [f"<p class='note'>Origin: {e(line.origins)}</p>"]
    else:
        sides = [_side(cites, _side_heading(side), side.items) for side in line.sides]
    status = line.status
    body = f"<div class='sides'>{''.join(sides)}</div>" if status != "single_source" else sides[0]
    return f"<article class='claim claim-{e(status)}'>{head}{body}</article>"


def _side_heading(side: s.ClaimSide) -> str:
    if side.slot is not None:
        return f"{side.slot}: {side.value}"
    return "Denied" if side.origin is None else side.origin


def _side(cites: s.Citations, heading: str, items: Iterable[ClaimEvidence]) -> str:
    told = "".join(
        f"<p><q>{e(text)}</q> " + " ".join(_evidence(cites, i) for i in same) + "</p>"
        for text, same in s.same_words(items)
    )
    return f"<div class='side'><h4>{e(heading)}</h4>{told}</div>"


def _sources(briefing: Briefing, cites: s.Citations) -> str:
    statuses = [status for status, _ in s.CLAIM_STATUSES]
    rows = []
    for source in briefing.sources:
        docs = " ".join(_link(cites.cite(d)) for d in source.documents)
        flags = ", ".join(f"{k} {n}" for k, n in source.flags.items()) or "—"
        counts = "".join(f"<td>{source.counts.get(st, 0)}</td>" for st in statuses)
        rows.append(
            f"<tr><th scope='row'>{e(source.outlet)}</th><td>{docs}</td>"
            f"<td>{e(flags)}</td>{counts}</tr>"
        )
    if not rows:
        return ""
    headings = ["Outlet", "Documents", "Flags", *(h for _, h in s.CLAIM_STATUSES)]
    note = "<p class='note'>Claim counts are per outlet, over its documents.</p>"
    return note + _table(headings, rows)


def _appendix(cites: s.Citations) -> str:
    return "\n".join(_cited_document(doc, spans) for doc, spans in cites.cited())


def _cited_document(doc: BriefDocument, spans: list[s.Cite]) -> str:
    heading = [e(s.Cite(doc.id).label), e(doc.outlet or "unknown outlet")]
    heading += [f"<q>{e(doc.title)}</q>"] if doc.title else []
    heading += [e(s.document_date(doc))]
    meta = f"Document {e(doc.id)}" + (f"; flags: {e(', '.join(doc.flags))}" if doc.flags else "")
    meta += f"; {_where(doc)}" if doc.url or doc.source else ""
    items = "".join(
        f"<li id='{c.anchor}'><span class='label'>{e(c.label)}</span> "
        f"{e(' '.join(c.text.split()))}</li>"
        for c in spans
    )
    return (
        f"<article class='doc' id='{s.Cite(doc.id).anchor}'><h3>{' — '.join(heading)}</h3>"
        f"<p class='meta'>{meta}</p>"
        + (f"<ol class='spans'>{items}</ol>" if items else "")
        + "</article>"
    )


def _where(doc: BriefDocument) -> str:
    # Only web addresses become links: a javascript: or data: URL from a feed must stay text.
    if doc.url and doc.url.lower().startswith(("http://", "https://")):
        return f"<a href='{e(doc.url)}' rel='noreferrer'>{e(doc.url)}</a>"
    return f"from {e(doc.url or doc.source)}"
