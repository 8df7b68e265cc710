"""Who acts with whom: allies found on invented sentences, and counterparts kept apart."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from spacy.language import Language

from communique.annotate.entities import Mention, find_mentions
from communique.annotate.nlp import load_pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def allies_of(mentions: Sequence[Mention], name: str) -> list[str]:
    hits = [m for m in mentions if m.text == name]
    assert hits, f"{name!r} not among {[m.text for m in mentions]}"
    return [text for _s, _e, text in hits[0].allies]


@pytest.mark.parametrize(
    ("text", "name", "allies"),
    [
        # coordinated subjects of a verb that is not reciprocal
        (
            "Finance Minister Jo Arden and budget director Kim Lorne will represent the "
            "government.",
            "Kim Lorne",
            ["Jo Arden"],
        ),
        # a name coordinated with a group that carries a side
        (
            "Speaker Tom Vale of Ohio and other Republican leaders are expected to release a "
            "statement.",
            "Tom Vale",
            ["Republican"],
        ),
        # names in apposition to coordinated role nouns
        (
            "Vale’s chief of staff, Mike Sorn, and his policy director, Brett Lott, were also "
            "in attendance.",
            "Brett Lott",
            ["Mike Sorn"],
        ),
        # two who oppose a bill oppose it together
        ("Senator Ana Ruiz and Senator Kim Lorne opposed the bill.", "Kim Lorne", ["Ana Ruiz"]),
        # a partner's "with"
        (
            "Senator Ana Ruiz introduced the measure with Kim Lorne on Monday.",
            "Kim Lorne",
            ["Ana Ruiz"],
        ),
        # a speaker telling what a group will do
        (
            "Senator Tom Vale said Republican lawmakers would not back the bill.",
            "Tom Vale",
            ["Republican"],
        ),
        # a member of the group nearest before "including", however the list was parsed
        (
            "The campaign quoted endorsements from economists, union leaders and Democratic "
            "mayors, including Mayor Kim Lorne of Dayton.",
            "Kim Lorne",
            ["Democratic"],
        ),
        # names counted among a group with a side word
        (
            "Senators Tom Vale and Kim Lorne, two of the strongest Republican critics of the "
            "plan, offered support.",
            "Kim Lorne",
            ["Republican", "Tom Vale"],
        ),
        # a member listed in a group
        (
            "Republican leaders, including Senator Ana Ruiz, signed the letter.",
            "Ana Ruiz",
            ["Republican"],
        ),
    ],
)
def test_allies(nlp: Language, text: str, name: str, allies: list[str]) -> None:
    assert allies_of(find_mentions(nlp(text)), name) == allies


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Talks between Tom Vale and Ana Ruiz resumed.", "Tom Vale"),  # opposed by "between"
        ("Tom Vale met Ana Ruiz and Kim Lorne on Friday.", "Kim Lorne"),  # objects of a meeting
        ("Tom Vale and Ana Ruiz remain far apart on taxes.", "Tom Vale"),  # set apart
        ("Tom Vale and Ana Ruiz remain divided on taxes.", "Tom Vale"),
        ("Ana Ruiz met with Kim Lorne on Monday.", "Kim Lorne"),  # a counterpart's "with"
        # a critic of someone is not with them
        ("Senator Tom Vale, a fierce critic of Kim Lorne, offered support.", "Tom Vale"),
        # a question reported is no side taken
        ("Tom Vale asked whether Senator Ana Ruiz would sign the bill.", "Tom Vale"),
    ],
)
def test_counterparts_are_not_allies(nlp: Language, text: str, name: str) -> None:
    assert allies_of(find_mentions(nlp(text)), name) == []


def test_allies_point_at_their_mentions(nlp: Language) -> None:
    text = "Finance Minister Jo Arden and budget director Kim Lorne will represent the government."
    mentions = find_mentions(nlp(text))
    for m in mentions:
        for start, end, ally in m.allies:
            assert text[start:end] == ally


@pytest.mark.parametrize(
    ("text", "name", "ally"),
    [
        # a relative named by the tie, "of" the other name's role
        (
            "The freed men included Omar Sahil, the younger brother of the rebels' deputy "
            "commander, Farid Sahil, who leads the group's northern wing.",
            "Omar Sahil",
            "Farid Sahil",
        ),
        # the possessive form of the tie
        ("Kim Lo's daughter, Ana Lo, joined the talks on Monday.", "Ana Lo", "Kim Lo"),
    ],
)
def test_a_relative_named_by_the_tie_is_an_ally(
    nlp: Language, text: str, name: str, ally: str
) -> None:
    assert ally in allies_of(find_mentions(nlp(text)), name)


def test_a_tie_that_is_no_kinship_makes_no_ally(nlp: Language) -> None:
    text = "Omar Sahil, a fierce critic of the rebels' deputy commander, Farid Sahil, spoke."
    assert "Farid Sahil" not in allies_of(find_mentions(nlp(text)), "Omar Sahil")
