"""Organisations that bargain as sides of their own, on hand-built entities and positions."""

from __future__ import annotations

from communique.analyse.resolve import CanonicalEntity
from communique.analyse.sides_orgs import with_acting_organisations
from communique.annotate.positions import Position


def position(holder: str, party: str | None = None) -> Position:
    text = f"{holder} rejected the offer."
    return Position("d1", party, holder, "labour", "reject", text, 0, len(text), None, None)


def entity(name: str, type_: str, *, party: str | None = None, role: str = "") -> CanonicalEntity:
    roles = ((role, "d1"),) if role else ()
    return CanonicalEntity(name, name, type_, (), roles, party, (), (("d1", 0, 5),))


def test_a_union_holding_a_stance_is_a_side_and_its_leader_with_it() -> None:
    positions, entities = with_acting_organisations(
        [position("Harbour Workers Union"), position("Tom Vale")],
        [
            entity("Harbour Workers Union", "ORG"),
            entity("Tom Vale", "PERSON", role="Union leader"),
            entity("Lena Ruiz", "PERSON", role="spokeswoman"),
        ],
    )
    assert [p.party for p in positions] == ["Harbour Workers Union"] * 2
    assert [e.party for e in entities] == ["Harbour Workers Union", "Harbour Workers Union", None]


def test_an_organisation_that_holds_no_stance_stays_unsided() -> None:
    _, entities = with_acting_organisations(
        [position("Tom Vale")],
        [entity("Harbour Workers Union", "ORG"), entity("Tom Vale", "PERSON")],
    )
    assert entities[0].party is None


def test_a_newsroom_or_a_state_body_is_no_side_of_its_own() -> None:
    positions, entities = with_acting_organisations(
        [position("Evening Wire News"), position("Economic Council")],
        [entity("Evening Wire News", "ORG"), entity("Economic Council", "ORG")],
    )
    assert [p.party for p in positions] == [None, None]
    assert [e.party for e in entities] == [None, None]


def test_two_unions_leave_a_bare_union_leader_unplaced() -> None:
    _, entities = with_acting_organisations(
        [position("Harbour Workers Union"), position("Rail Workers Union")],
        [
            entity("Harbour Workers Union", "ORG"),
            entity("Rail Workers Union", "ORG"),
            entity("Tom Vale", "PERSON", role="union leader"),
        ],
    )
    assert entities[2].party is None
