"""Interest groups named by a common noun as sides of their own, on hand-built positions."""

from __future__ import annotations

import pytest

from communique.analyse.resolve import CanonicalEntity
from communique.analyse.sides_groups import advocacy_side, with_advocacy_groups
from communique.annotate.positions import Position


def position(holder: str, party: str | None = None, issue: str = "labour") -> Position:
    text = f"{holder} rejected the proposed pay freeze."
    return Position("d1", party, holder, issue, "reject", text, 0, len(text), None, None)


def entity(name: str, party: str | None = None) -> CanonicalEntity:
    return CanonicalEntity(name, name, "ORG", (), (), party, (), (("d1", 0, 5),))


@pytest.mark.parametrize(
    ("holder", "group"),
    [
        ("wildlife campaigners", ("wildlife", "campaigners")),
        ("Some pension advocates", ("pension", "advocates")),
        ("the farm lobby", ("farm", "lobby")),
        ("Critics", ("", "critics")),
        ("the Senate hardliners", ("", "hardliners")),
        ("Moderate members", ("", "moderates")),
        ("the new members", None),
        ("the party’s hardliners", ("", "hardliners")),
        ("the mayor's critics", None),
        ("both groups", None),  # a group only with its cause: the two sides, perhaps
        ("environmental groups", ("environmental", "groups")),
        ("the lobby", None),
        ("the dock workers", None),
        ("a spokesman for the port", None),
    ],
)
def test_a_group_is_read_from_its_head_noun_and_its_cause(
    holder: str, group: tuple[str, str] | None
) -> None:
    assert advocacy_side(holder) == group


def test_an_unplaced_group_is_a_side_named_from_its_cause_and_head() -> None:
    positions, _ = with_advocacy_groups(
        [position("wildlife campaigners"), position("Tom Vale"), position("port operators")], []
    )
    assert [p.party for p in positions] == ["Wildlife campaigners", None, None]


def test_a_bare_head_takes_the_cause_the_corpus_gives_it_elsewhere() -> None:
    positions, _ = with_advocacy_groups(
        [position("Advocates"), position("pension advocates"), position("the advocates")], []
    )
    assert {p.party for p in positions} == {"Pension advocates"}


def test_a_bare_head_never_named_with_a_cause_takes_its_issue() -> None:
    positions, _ = with_advocacy_groups([position("Opponents", issue="border_security")], [])
    assert positions[0].party == "Border security opponents"


def test_a_placed_holder_or_one_of_a_known_entity_is_left_alone() -> None:
    positions, _ = with_advocacy_groups(
        [position("wildlife campaigners", party="Greens"), position("Harbour Union critics")],
        [entity("Harbour Union", party="Harbour Union")],
    )
    assert [p.party for p in positions] == ["Greens", None]


def test_a_faction_is_one_side_named_by_its_leaning() -> None:
    positions, _ = with_advocacy_groups(
        [position("Chamber hardliners"), position("hardline lawmakers")], []
    )
    assert [p.party for p in positions] == ["Hardliners", "Hardliners"]
