"""Undated events beside when their documents were written: invented documents and events."""

from __future__ import annotations

import lxml.html
import pytest

from communique.brief.html import render_html
from communique.brief.markdown import render_markdown
from communique.brief.model import BriefDocument, BriefEvent, Briefing, Corpus, Evidence
from communique.brief.undated import undated_events

TEXTS = {
    "late": "The envoys held talks in Varna. The mediator proposed a corridor.",
    "early": "The port reopened to grain barges.",
    "day": "The council voted on the toll.",
    "unknown": "The dockers went on strike.",
}


def _doc(doc_id: str, published: str | None, earliest: str | None) -> BriefDocument:
    return BriefDocument(
        doc_id, f"{doc_id}.txt", None, None, None, published, None, "en", [],
        published_earliest=earliest,
    )  # fmt: skip


def _event(
    event_id: str, doc_id: str, start: int, end: int, date: str | None, *also: str
) -> BriefEvent:
    words = TEXTS[doc_id][start:end]
    evidence = [Evidence(d, 0, len(TEXTS[d]), TEXTS[d]) for d in also]
    evidence.append(Evidence(doc_id, start, end, words))
    return BriefEvent(
        event_id, date, "day" if date else None, "TALKS", words, [], [], None, "happened",
        [*also, doc_id], evidence,
    )  # fmt: skip


def _briefing() -> Briefing:
    documents = [
        _doc("late", None, "2037-01-01"),
        _doc("unknown", None, None),
        _doc("day", "2036-05-04", None),
        _doc("early", None, "2034-01-01"),
    ]
    events = [
        _event("e1", "late", 32, 66, None),
        _event("e2", "late", 0, 31, None),
        _event("e6", "unknown", 0, 10, None, "late"),
        _event("e3", "unknown", 0, 27, None),
        _event("e4", "day", 0, 30, "2036-05-04"),
        _event("e5", "early", 0, 34, None),
    ]
    corpus = Corpus(4, "2036-05-04", "2036-05-04")
    return Briefing("1.0.0", corpus, documents, [], events, [], [], [], [], [])


def test_undated_events_follow_the_order_documents_were_written_in() -> None:
    found = undated_events(_briefing())
    assert [(u.event.id, u.document.id, u.written) for u in found] == [
        ("e5", "early", "on or after 2034-01-01"),
        ("e2", "late", "on or after 2037-01-01"),
        ("e6", "late", "on or after 2037-01-01"),
        ("e1", "late", "on or after 2037-01-01"),
        ("e3", "unknown", "undated"),
    ]
    # An event told by several documents names each, with when it was written, oldest first.
    assert [(d.id, when) for d, when in found[2].tellers] == [
        ("late", "on or after 2037-01-01"),
        ("unknown", "undated"),
    ]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_report_lists_undated_events_with_their_documents_date(fmt: str) -> None:
    report = render_markdown(_briefing()) if fmt == "markdown" else render_html(_briefing())
    if fmt == "html":
        report = " ".join(lxml.html.document_fromstring(report).text_content().split())
    assert "5 undated events are not placed on the timeline" in report
    assert "Undated events" in report
    listed = report[report.index("Undated events") :]
    order = [listed.index(TEXTS[d][:20]) for d in ("early", "late", "unknown")]
    assert order == sorted(order)
    assert "on or after 2037-01-01" in listed
