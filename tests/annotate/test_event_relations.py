"""Dates told through "after", "before" and "since", and dates other event words own.

Every sentence is invented: a labour dispute in Lyon, a ceasefire negotiation between
Valdoria and Ostria, and a meeting of two leaders.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from communique.annotate.entities import find_mentions
from communique.annotate.event_relations import Relation, shifted_date
from communique.annotate.events import EventMention, find_events
from communique.annotate.nlp import load_pipeline
from communique.annotate.timex import find_timexes

PUBLISHED = dt.date(2025, 5, 14)  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def events(nlp: Language, text: str) -> list[EventMention]:
    doc = nlp(text)
    return find_events(
        doc,
        doc_id="d1",
        published=PUBLISHED,
        timexes=find_timexes(text, anchor=PUBLISHED),
        mentions=find_mentions(doc),
    )


def only(found: list[EventMention], type_: str) -> EventMention:
    hits = [e for e in found if e.type == type_]
    assert len(hits) == 1, [(e.type, e.trigger) for e in found]
    return hits[0]


# --- the arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "relation", "expected"),
    [
        ("2025-05-03", "day", Relation("after", 2, "day"), ("2025-05-05", "day")),
        ("2025-05-03", "day", Relation("before", 1, "week"), ("2025-04-26", "day")),
        ("2019-03", "month", Relation("after", None, "day"), ("2019-03-01/2019-05-01", "range")),
        ("2019-03", "month", Relation("before", None, "day"), ("2019-01-29/2019-03-31", "range")),
        ("2019-03", "month", Relation("after", None, None), ("2019-03", "month")),
        # a bound of a period is no date in it
        ("2019", "year", Relation("since", None, None), None),
        ("2019-05-03", "day", Relation("until", None, None), None),
        ("1995", "year", Relation("after", None, "year"), None),
    ],
)
def test_a_measure_moves_the_date_and_a_vague_one_widens_it(
    value: str, precision: str, relation: Relation, expected: tuple[str, str] | None
) -> None:
    assert shifted_date(value, precision, relation) == expected


# --- in sentences ---------------------------------------------------------------------------


@pytest.mark.slow
def test_days_after_a_dated_clause_is_a_range_from_that_date(nlp: Language) -> None:
    text = (
        "Days after the president signed the decree in March 2019, the unions and the "
        "employers began talks in Lyon."
    )
    talks = only(events(nlp, text), "TALKS")
    assert (talks.date, talks.date_precision) == ("2019-03-01/2019-05-01", "range")
    assert talks.actor_parts == ("unions", "employers")


@pytest.mark.slow
def test_a_counted_measure_moves_the_date_by_that_much(nlp: Language) -> None:
    found = events(nlp, "Two days after the vote on May 3, the unions began talks.")
    assert only(found, "VOTE").date == "2025-05-03"
    assert only(found, "TALKS").date == "2025-05-05"


@pytest.mark.slow
def test_years_after_dates_nothing(nlp: Language) -> None:
    text = "Years after the war ended in 1995, Valdoria and Ostria began talks."
    assert only(events(nlp, text), "TALKS").date is None


@pytest.mark.slow
def test_an_event_in_a_clause_of_time_is_dated_from_the_main_clause_by_its_measure(
    nlp: Language,
) -> None:
    found = events(nlp, "Two days after the talks collapsed, Valdoria attacked Ostria on Monday.")
    assert only(found, "ATTACK").date == "2025-05-12"
    assert only(found, "TALKS").date == "2025-05-10"


@pytest.mark.slow
def test_an_event_in_a_clause_of_condition_takes_no_date_from_the_main_clause(
    nlp: Language,
) -> None:
    text = (
        "The envoy said growth would rise in 2026 if Ostria signs the accord and urged "
        "Valdoria to wait."
    )
    assert only(events(nlp, text), "DEMAND").date is None


@pytest.mark.slow
def test_a_date_another_event_noun_owns_is_not_borrowed(nlp: Language) -> None:
    found = events(nlp, "The 2019 talks broke down, and Valdoria later proposed a truce.")
    assert only(found, "TALKS").date == "2019"
    assert only(found, "PROPOSE").date is None


@pytest.mark.slow
def test_a_reporting_noun_lends_its_date_to_what_it_reports(nlp: Language) -> None:
    text = "The minister's May 3 announcement that Valdoria had signed the accord surprised Ostria."
    assert only(events(nlp, text), "AGREE").date == "2025-05-03"


@pytest.mark.slow
def test_a_present_relative_clause_describes_and_is_no_event(nlp: Language) -> None:
    found = events(nlp, "Ostria rejected a deal that fails to protect farmers.")
    assert [e.type for e in found] == ["REJECT"]


@pytest.mark.parametrize(
    ("text", "type_", "date"),
    [
        ("The 2019 talks broke down in May, and the unions later struck.", "TALKS", "2019-05"),
        ("In 2019, Ostria rejected the plan on March 3.", "REJECT", "2019-03-03"),
        # a year of something else, and a weekday, stay as they were
        ("Ostria rejected the 2019 plan on March 3.", "REJECT", "2025-03-03"),
        ("The 2019 talks broke down on Tuesday.", "TALKS", "2019"),
    ],
)
@pytest.mark.slow
def test_a_bare_month_or_day_falls_in_the_year_the_event_names(
    nlp: Language, text: str, type_: str, date: str
) -> None:
    assert only(events(nlp, text), type_).date == date


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The only outcome of the first Valdorian-Ostrian talks since 2019 was a swap of prisoners.",
        "Valdoria and Ostria held their first talks since March 2021 in Lyon.",
    ],
)
def test_a_date_told_through_since_is_a_bound_not_the_events_date(nlp: Language, text: str) -> None:
    talks = only(events(nlp, text), "TALKS")
    assert talks.date is None, (talks.date, talks.date_precision)


@pytest.mark.slow
def test_a_date_of_its_own_beside_since_still_dates_the_event(nlp: Language) -> None:
    text = "Valdoria and Ostria held their first talks since 2019 on Monday in Lyon."
    assert only(events(nlp, text), "TALKS").date == "2025-05-12"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "date"),
    [
        (
            "It was the first negotiation between the mayor and the union since a session "
            "three weeks ago.",
            "session",
            "2025-W17",
        ),
        ("Valdoria and Ostria held their first talks since the round in March 2021.", "round", "2021-03"),
    ],
)  # fmt: skip
def test_a_dated_occurrence_after_since_is_an_earlier_event_of_its_own(
    nlp: Language, text: str, trigger: str, date: str
) -> None:
    talks = [e for e in events(nlp, text) if e.type == "TALKS"]
    assert [(e.trigger, e.date) for e in talks if e.date is not None] == [(trigger, date)]
    assert any(e.date is None for e in talks)  # the later talks stay undated


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The 2019 talks broke off in May, but both sides kept meeting.", "2019-05"),
        ("The 2019 talks broke off on March 3 after a row.", "2019-03-03"),
    ],
)
def test_a_bare_month_in_an_undated_document_falls_in_the_year_the_event_names(
    nlp: Language, text: str, date: str
) -> None:
    doc = nlp(text)
    found = find_events(
        doc,
        doc_id="d1",
        published=None,
        timexes=find_timexes(text, anchor=None),
        mentions=find_mentions(doc),
    )
    assert only(found, "TALKS").date == date


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "type_", "trigger", "date", "mode"),
    [
        # PUBLISHED is Wednesday 14 May 2025: last week is week 19, Friday the 16th
        ("Both unions stayed silent, unlike their row following phone calls last week.", "TALKS", "calls", "2025-W19", "happened"),
        ("The mayor went home after the summit last week.", "TALKS", "summit", "2025-W19", "happened"),
        ("The union will meet its members before the vote on Friday.", "VOTE", "vote", "2025-05-16", "planned"),
    ],
)  # fmt: skip
def test_a_dated_event_noun_placing_another_event_is_an_event_of_its_own(
    nlp: Language, text: str, type_: str, trigger: str, date: str, mode: str
) -> None:
    found = [e for e in events(nlp, text) if e.trigger == trigger]
    assert [(e.type, e.date, e.mode) for e in found] == [(type_, date, mode)]


@pytest.mark.slow
def test_an_undated_event_noun_placing_another_event_is_only_a_time_reference(
    nlp: Language,
) -> None:
    found = events(nlp, "After the summit, the two mayors met on Monday in Lyon.")
    assert [(e.trigger, e.date) for e in found] == [("met", "2025-05-12")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "date", "mode"),
    [
        ("It was the mayors' first meeting since the spring of 2021, when the search for a settlement on fares failed.", "2021-SP", "historical"),
        ("The union said the search for a deal on wages collapsed on Monday.", "2025-05-12", "happened"),
    ],
)  # fmt: skip
def test_the_search_for_a_deal_is_its_negotiation(
    nlp: Language, text: str, date: str, mode: str
) -> None:
    found = [e for e in events(nlp, text) if e.trigger.startswith("search")]
    assert [(e.type, e.date, e.mode) for e in found] == [("TALKS", date, mode)]


@pytest.mark.slow
def test_a_search_for_anything_but_a_deal_is_no_event(nlp: Language) -> None:
    found = events(nlp, "The search for survivors of the flood ended on Monday.")
    assert not [e for e in found if e.type == "TALKS"]
