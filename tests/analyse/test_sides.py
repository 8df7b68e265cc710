"""Sides beyond nations, on hand-built entities with invented names."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.analyse.resolve import CanonicalEntity
from communique.analyse.sides import (
    domestic_country,
    is_instrument,
    load_sides,
    with_domestic_sides,
    with_user_sides,
)
from communique.errors import MalformedInput


def entity(
    name: str,
    type_: str = "PERSON",
    *,
    party: str | None = None,
    roles: tuple[str, ...] = (),
    mentions: int = 1,
    aliases: tuple[str, ...] = (),
) -> CanonicalEntity:
    return CanonicalEntity(
        id=name,
        name=name,
        type=type_,
        aliases=aliases,
        roles=tuple((r, "d1") for r in roles),
        party=party,
        party_evidence=(),
        mentions=tuple(("d1", i, i + 1) for i in range(mentions)),
    )


BUDGET = [
    entity("Mara Quell", party="Democratic Party", mentions=3),
    entity("Otto Krell", party="Republican Party", mentions=2),
    entity("White House", "ORG", party="United States", mentions=2),
    entity("Lena Vos", roles=("President",), mentions=4),
    entity("Ida Pell", roles=("Senate Majority Leader",)),
    entity("Treasury", "ORG", party="Treasury"),
    entity("Adam Pell", party="Treasury", roles=("Treasury Secretary",)),
    entity("Valdoria", "GPE", party="Valdoria"),
]


def test_a_budget_standoff_is_domestic_and_its_government_a_side() -> None:
    assert domestic_country(BUDGET) == "United States"
    sides = {e.name: e.party for e in with_domestic_sides(BUDGET)}
    government = "United States government"
    assert sides["White House"] == sides["Lena Vos"] == sides["Adam Pell"] == government
    assert sides["Treasury"] == government
    assert sides["Mara Quell"] == "Democratic Party"
    assert sides["Ida Pell"] is None  # a party's leader in a chamber is no minister
    assert sides["Valdoria"] == "Valdoria"


def test_a_past_president_named_for_history_is_not_the_government() -> None:
    corpus = [*BUDGET, entity("Rolf Aske", roles=("President",), mentions=1)]
    sides = {e.name: e.party for e in with_domestic_sides(corpus)}
    assert sides["Lena Vos"] == "United States government"
    assert sides["Rolf Aske"] is None


def test_talks_between_countries_are_not_domestic() -> None:
    talks = [
        entity("Mara Quell", party="Democratic Party", mentions=3),
        entity("Ostrian envoy", party="China", mentions=9),
        entity("White House", "ORG", party="United States", mentions=2),
    ]
    assert domestic_country(talks) is None
    assert with_domestic_sides(talks) == talks


def test_user_sides_win_over_cues(tmp_path: Path) -> None:
    path = tmp_path / "sides.yaml"
    path.write_text("Management: [Harbour Board, Jo Ray]\nUnion: [Pat Corvo]\n", "utf-8")
    sides = load_sides(path)
    found = with_user_sides(
        [
            entity("Jo Ray", party="Valdoria"),
            entity("Patrick Corvo", aliases=("Pat Corvo",)),
            entity("Ana Ruiz"),
        ],
        sides,
    )
    assert [e.party for e in found] == ["Management", "Union", None]


@pytest.mark.parametrize("text", ["- a\n- b\n", "Union: Pat Corvo\n", "a: [b"])
def test_a_malformed_sides_file_names_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "sides.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedInput, match=r"sides\.yaml"):
        load_sides(path)


@pytest.mark.parametrize(
    ("name", "label", "instrument"),
    [
        ("Valdorian Free Trade Agreement", "ORG", True),
        ("Northern Composite Index", "ORG", True),
        ("Border Security Act", "LAW", True),
        ("Valdorian Farm Union", "ORG", False),
        ("Act", "ORG", False),  # one word is a name, not a head noun
    ],
)
def test_treaties_and_indexes_are_no_side(name: str, label: str, instrument: bool) -> None:
    assert is_instrument(name, label) is instrument
