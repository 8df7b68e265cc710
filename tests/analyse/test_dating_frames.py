"""The event-frame link of the corpus step: one event told with the same weekday twice."""

from __future__ import annotations

import datetime as dt

from communique.analyse.dating_corpus import CorpusText, date_corpus
from communique.analyse.dating_frames import frames_in
from communique.annotate.dating import Dating, date_text

TODAY = dt.date(2032, 1, 1)
D = dt.date.fromisoformat
DATED = (
    "On Friday, Korvania's envoy Dalen Marsk met Ostrian officials in Velgrad to discuss "
    "reopening the customs bridge. Both sides called the meeting useful."
)


def _given(doc_id: str, text: str, day: str) -> CorpusText:
    return CorpusText(doc_id, text, Dating(D(day), D(day), D(day), "metadata"))


def _own(doc_id: str, text: str) -> CorpusText:
    return CorpusText(doc_id, text, date_text(text, today=TODAY))


def test_a_frame_holds_the_weekday_names_and_content_words() -> None:
    (frame,) = frames_in(DATED)
    assert frame.weekday == "Friday"
    assert {"Marsk", "Velgrad", "Ostrian"} <= frame.names
    assert {"reopening", "customs", "bridge"} <= frame.words


def test_a_quoted_weekday_makes_no_frame() -> None:
    assert frames_in("“We met Marsk in Velgrad on Friday,” an Ostrian official said.") == []


def test_the_same_event_with_the_same_weekday_fixes_the_week() -> None:
    dated = _given("wire-a", DATED, "2031-05-17")  # a Saturday: the Friday is May 16
    undated = _own(
        "blog-b",
        "Dalen Marsk, Korvania's envoy, travelled to Velgrad on Friday for talks with Ostrian "
        "officials about reopening the customs bridge.",
    )
    found = date_corpus([dated, undated], today=TODAY)["blog-b"]
    assert found.kind == "range"
    assert found.earliest is not None and found.latest is not None
    assert D("2031-05-16") <= found.earliest and found.latest <= D("2031-05-23")
    assert (found.latest - found.earliest).days <= 6
    assert found.basis is not None and "the same event as document wire-a" in found.basis


def test_two_shared_names_are_not_the_same_event() -> None:
    dated = _given("wire-a", DATED, "2031-05-17")
    undated = _own(
        "blog-b",
        "On Friday, Dalen Marsk spoke about reopening the customs bridge with officials of "
        "the Tarnish delegation.",
    )
    assert date_corpus([dated, undated], today=TODAY)["blog-b"].kind == "unknown"
