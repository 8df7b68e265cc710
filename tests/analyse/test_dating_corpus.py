"""The corpus step of the dater: undated documents dated by the dated ones they share with."""

from __future__ import annotations

import datetime as dt

from communique.analyse.dating_corpus import (
    CorpusIndex,
    CorpusText,
    EventSign,
    date_against,
    date_corpus,
)
from communique.annotate.dating import Dating, date_text

TODAY = dt.date(2032, 1, 1)
D = dt.date.fromisoformat

STORY = [
    "Envoys of Korvania and Ostria said on Friday that the border talks would go on.",
    "The two delegations spent six hours in the old customs house near the river crossing.",
    "A spokesman for the Ostrian side described the mood in the room as businesslike.",
    "Observers from three neighbouring states attended the session as guests of the host.",
]


def _given(doc_id: str, text: str, day: str) -> CorpusText:
    return CorpusText(doc_id, text, Dating(D(day), D(day), D(day), "metadata"))


def _own(doc_id: str, text: str, events: tuple[EventSign, ...] = ()) -> CorpusText:
    return CorpusText(doc_id, text, date_text(text, today=TODAY), events)


def test_a_copy_is_dated_through_the_relative_day_both_tell() -> None:
    dated = _given("wire-a", " ".join(STORY), "2031-05-17")  # a Saturday: "Friday" is May 16
    copy = _own("mast-b", "Border talks go on. " + " ".join(STORY[:3]))
    result = date_corpus([dated, copy], today=TODAY)
    found = result["mast-b"]
    assert found.kind in ("day", "range")
    assert found.contains(D("2031-05-17"))
    assert found.earliest is not None and found.earliest >= D("2031-05-16")
    assert found.latest is not None and found.latest <= D("2031-05-22")
    assert found.basis is not None and found.basis.startswith("inferred:corpus: ")
    assert "wire-a" in found.basis and "'Friday'" in found.basis
    assert result["wire-a"] is dated.dating  # a given date is never touched


def test_one_reused_background_sentence_lends_nothing() -> None:
    other = [
        "Months later the customs house stood empty and the crossing was closed to traffic.",
        "Farmers on both banks said the closure had cut them off from their markets.",
        "The regional council asked both capitals to reopen the bridge before the harvest.",
        "Nobody from either foreign ministry answered the council's letter in public.",
        STORY[1],
    ]
    dated = _given("wire-a", " ".join(STORY), "2031-05-17")
    later = _own("mag-c", " ".join(other))
    assert date_corpus([dated, later], today=TODAY)["mag-c"].kind == "unknown"


def _sign(sentence: tuple[int, int], date: str | None) -> EventSign:
    actors = frozenset({"korvania", "ostria"})
    return EventSign("talks", "Lisvane", actors, sentence, date, "happened")


def test_the_same_event_told_with_a_weekday_is_dated_by_the_dated_telling() -> None:
    # The corpus gives the week (the talks were on 16 May); the text's own "on Friday" then
    # names the day: that Friday or the next day.
    undated_text = "Korvania and Ostria held talks in Lisvane on Friday. Nothing was signed."
    undated = _own("blog-d", undated_text, (_sign((0, 52), None),))
    dated = CorpusText(
        "paper-e",
        "Korvania and Ostria held talks in Lisvane on 16 May 2031.",
        Dating(D("2031-05-18"), D("2031-05-18"), D("2031-05-18"), "metadata"),
        (_sign((0, 57), "2031-05-16"),),
    )
    index = CorpusIndex.build([undated, dated])
    found = date_against(
        undated, index=index, known={"paper-e": dated.dating, "blog-d": undated.dating}, today=TODAY
    )
    assert found is not None
    assert (found.published, found.earliest, found.latest) == (
        D("2031-05-16"),
        D("2031-05-16"),
        D("2031-05-17"),
    )
    assert found.basis is not None and "paper-e" in found.basis and "2031-05-16" in found.basis
    assert found.basis.startswith("inferred:corpus: ") and "'Friday'" in found.basis


def test_an_event_of_another_type_or_other_actors_lends_nothing() -> None:
    undated = _own("blog-d", "Talks were held on Friday.", (_sign((0, 26), None),))
    other = EventSign(
        "attack", "Lisvane", frozenset({"korvania"}), (0, 10), "2031-05-16", "happened"
    )
    dated = CorpusText(
        "paper-e", "x" * 20, Dating(D("2031-05-18"), None, None, "metadata"), (other,)
    )
    assert date_corpus([undated, dated], today=TODAY)["blog-d"].kind == "unknown"


DATELINE = "LISVANE, April 8 (Wire) -- The border commission opened its spring session at dawn."


def test_the_corpus_period_chooses_the_year_a_dateline_leaves_open() -> None:
    undated = _own("wire-f", DATELINE)
    assert undated.dating.kind == "unknown"  # April 8 of any year
    dated = [
        _given(k, "x", d)
        for k, d in (("a", "2031-04-02"), ("b", "2031-04-10"), ("c", "2031-04-11"))
    ]
    found = date_corpus([undated, *dated], today=TODAY)["wire-f"]
    assert (found.published, found.earliest, found.latest) == (
        D("2031-04-08"),
        D("2031-04-08"),
        D("2031-04-09"),
    )
    assert found.basis is not None and found.basis.startswith("inferred:corpus: ")
    assert "period of the corpus's 3 dated documents" in found.basis


def test_the_corpus_period_does_not_choose_the_year_of_a_weekday_and_date() -> None:
    # The year would be right, the week is the guess: a date told by its weekday may be the
    # next day's or a month old, and the period would have turned it into a day.
    text = "The harbour pilots met the port authority on Friday, May 16, after a long break."
    undated = _own("wire-g", text)
    assert undated.dating.kind == "unknown"  # a Friday, May 16 of some year
    dated = [
        _given(k, "x", d)
        for k, d in (("a", "2031-05-02"), ("b", "2031-05-20"), ("c", "2031-06-11"))
    ]
    found = date_corpus([undated, *dated], today=TODAY)["wire-g"]
    assert found.kind == "unknown"
    # The same corpus still chooses the year of a dateline.
    dateline = _own("wire-h", "VELMAR, May 16 (Wire) -- The harbour pilots met at dawn.")
    placed = date_corpus([dateline, *dated], today=TODAY)["wire-h"]
    assert placed.published == D("2031-05-16")


def test_one_dated_document_is_no_period() -> None:
    # The one dated article may be the stale one: its year chooses nothing.
    undated = _own("wire-f", DATELINE)
    dated = _given("a", "x", "2031-04-02")
    assert date_corpus([undated, dated], today=TODAY)["wire-f"].kind == "unknown"


def test_a_corpus_of_two_periods_leaves_the_year_open() -> None:
    undated = _own("wire-f", DATELINE)
    days = ("2025-04-02", "2025-04-03", "2025-04-05", "2031-04-10", "2031-04-11", "2031-04-12")
    dated = [_given(f"d{n}", "x", day) for n, day in enumerate(days)]
    assert date_corpus([undated, *dated], today=TODAY)["wire-f"].kind == "unknown"


TODAY_STORY = [
    "The harbour pilots and the port authority resumed their wage talks today in Velmar.",
    "Both sides brought new figures on night shifts and the cost of the pension fund.",
    "A mediator from the labour ministry chaired the first two hours of the session.",
]


def test_a_copy_sharing_today_is_dated_to_that_day_or_a_day_either_side() -> None:
    # A copy is often republished the next day with yesterday's "today" left in it.
    dated = _given("wire-g", " ".join(TODAY_STORY), "2031-06-10")
    copy = _own("mast-h", "Pilots talk wages. " + " ".join(TODAY_STORY))
    found = date_corpus([dated, copy], today=TODAY)["mast-h"]
    assert (found.published, found.earliest, found.latest) == (
        D("2031-06-10"),
        D("2031-06-09"),
        D("2031-06-11"),
    )
    assert found.basis is not None and "wire-g" in found.basis and "'today'" in found.basis


def test_a_story_sent_again_word_for_word_lends_no_date() -> None:
    # The same words may be re-sent a week later: its "Friday" names no day for the other.
    dated = _given("wire-a", " ".join(STORY), "2031-05-24")
    resent = _own("wire-b", " ".join(STORY))
    found = date_corpus([dated, resent], today=TODAY)["wire-b"]
    assert found.kind == "unknown"
    assert found.basis is None or "wire-a" not in found.basis


def test_an_update_with_words_of_its_own_is_still_dated_by_the_story() -> None:
    dated = _given("wire-a", " ".join(STORY), "2031-05-17")
    update = _own("wire-b", " ".join(STORY) + " The talks resume next month, an aide said.")
    found = date_corpus([dated, update], today=TODAY)["wire-b"]
    assert found.contains(D("2031-05-17")) and found.basis is not None
    assert "wire-a" in found.basis
