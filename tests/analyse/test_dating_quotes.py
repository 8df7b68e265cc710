"""The quote link of the corpus step: the same words by the same speaker, dated by another."""

from __future__ import annotations

import datetime as dt

from communique.analyse.dating_corpus import CorpusText, date_corpus
from communique.analyse.dating_quotes import QuoteIndex, quotes_in
from communique.annotate.dating import Dating, date_text

TODAY = dt.date(2032, 1, 1)
D = dt.date.fromisoformat
LINE = "We will not sign anything that leaves the river crossing closed to our farmers"
DATED = (
    f"The Ostrian negotiator Mira Tolvenko said on Thursday: “{LINE}.” "
    "The talks between the two capitals are due to resume at the customs house."
)


def _given(doc_id: str, text: str, day: str) -> CorpusText:
    return CorpusText(doc_id, text, Dating(D(day), D(day), D(day), "metadata"))


def _own(doc_id: str, text: str) -> CorpusText:
    return CorpusText(doc_id, text, date_text(text, today=TODAY))


def test_a_quote_keeps_its_words_and_the_names_of_its_attribution() -> None:
    found = quotes_in(f"But the minister disagreed. “{LINE},” Tolvenko told the Ostrian press.")
    assert len(found) == 1
    assert found[0].key.startswith("we will not sign")
    assert {"Tolvenko", "Ostrian"} <= found[0].names
    assert "But" not in found[0].names  # a sentence's first word is not a name by itself


def test_short_quotes_are_not_indexed() -> None:
    index = QuoteIndex.build(
        [("a", "“No comment,” Tolvenko said."), ("b", "“No comment,” Tolvenko said.")]
    )
    assert not index.by_key


def test_the_day_another_document_gives_the_saying_bounds_the_report() -> None:
    dated = _given("wire-a", DATED, "2031-05-17")  # a Saturday: the Thursday is May 15
    report = _own("blog-b", f"“{LINE},” Tolvenko told reporters. The customs house stayed shut.")
    found = date_corpus([dated, report], today=TODAY)["blog-b"]
    assert found.earliest == D("2031-05-15")
    assert found.basis is not None and "the same quote as document wire-a" in found.basis


def test_the_same_weekday_of_the_saying_places_the_report_in_the_week_after() -> None:
    dated = _given("wire-a", DATED, "2031-05-17")
    report = _own("blog-b", f"Tolvenko said Thursday: “{LINE}.” The customs house stayed shut.")
    found = date_corpus([dated, report], today=TODAY)["blog-b"]
    assert found.earliest is not None and found.earliest >= D("2031-05-15")
    assert found.latest is not None and found.latest <= D("2031-05-21")


def test_the_same_words_by_another_speaker_lend_nothing() -> None:
    dated = _given("wire-a", DATED, "2031-05-17")
    report = _own("blog-b", f"“{LINE},” said Arvo Lenk, a farmer from the Korvanian bank.")
    assert date_corpus([dated, report], today=TODAY)["blog-b"].kind == "unknown"
