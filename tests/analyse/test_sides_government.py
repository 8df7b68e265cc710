"""The government of a domestic negotiation with its party or on its own, on invented rows."""

from __future__ import annotations

from communique.analyse.resolve import CanonicalEntity
from communique.analyse.sides_government import (
    SidedStance,
    government_party,
    with_government_joined,
)
from communique.annotate.positions import Position

GOV = "United States government"
DEM = "Democratic Party"
REP = "Republican Party"


def row(party: str | None, holder: str, stance: str, sentence: str) -> SidedStance:
    return SidedStance(party, holder, stance, False, sentence)


def decide(*rows: SidedStance, sides: tuple[str, ...] = (DEM, REP)) -> str | None:
    return government_party(
        rows,
        executive=GOV,
        executive_names=("Dana Whitfield", "Whitfield", "White House"),
        country="United States",
        sides=sides,
    )


def test_the_party_never_opposing_the_government_is_its_side() -> None:
    # only one party sets itself against the president: the other bargains with him
    found = decide(
        row(REP, "Senate Republicans", "reject", "Senate Republicans rejected Whitfield's plan."),
        row(REP, "Tom Aske", "demand", "Tom Aske said the president must cut spending first."),
        row(DEM, "Ann Ruel", "demand", "Ann Ruel wants the bill passed by Friday."),
    )
    assert found == DEM


def test_a_party_holding_no_position_still_counts() -> None:
    found = decide(
        row(REP, "Tom Aske", "reject", "Tom Aske rejected the offer the White House made."),
    )
    assert found == DEM


def test_the_own_party_opposing_keeps_the_government_apart() -> None:
    # "fellow Democrats" names the government's party, and that party fights it
    found = decide(
        row(
            DEM,
            "House Democrats",
            "reject",
            "House Democrats rejected the tax plan Whitfield had agreed to.",
        ),
        row(
            GOV,
            "Whitfield",
            "accept",
            "Whitfield brushed aside criticism from fellow Democrats that he gave in.",
        ),
    )
    assert found is None


def test_the_fellow_party_never_goes_to_the_other_party() -> None:
    # the opponents are the president's own party: the other party is not made his side
    found = decide(
        row(DEM, "Democrats", "reject", "Democrats rejected the trade plan Whitfield sent."),
        row(GOV, "Whitfield", "demand", "The president urged fellow Democrats to back the plan."),
        row(
            REP, "Republican leaders", "accept", "Republican leaders support the White House plan."
        ),
    )
    assert found is None


def test_both_parties_opposing_keeps_the_government_apart() -> None:
    found = decide(
        row(DEM, "Ann Ruel", "reject", "Ann Ruel rejected the deal the White House struck."),
        row(REP, "Tom Aske", "threaten", "Tom Aske threatened to block the president's nominee."),
    )
    assert found is None


def test_a_partner_of_the_government_is_no_opponent() -> None:
    # "Whitfield and Democratic lawmakers want": they want it together
    found = decide(
        row(
            DEM,
            "Democratic lawmakers",
            "demand",
            "Whitfield and Democratic lawmakers want to extend the credit.",
        ),
        row(REP, "Tom Aske", "reject", "Tom Aske rejected the president's credit."),
    )
    assert found == DEM


def test_a_stance_not_naming_the_government_decides_nothing() -> None:
    found = decide(
        row(REP, "Tom Aske", "reject", "Tom Aske rejected the Senate bill."),
    )
    assert found is None


def position(party: str | None, holder: str, stance: str, text: str) -> Position:
    return Position("d1", party, holder, "taxes", stance, text, 0, len(text), None, None)  # type: ignore[arg-type]


def person(name: str, party: str | None) -> CanonicalEntity:
    return CanonicalEntity(name, name, "PERSON", (), (), party, (), (("d1", 0, 1),))


def test_the_government_and_its_positions_join_the_party() -> None:
    positions, entities = with_government_joined(
        [
            position(GOV, "Dana Whitfield", "demand", "Dana Whitfield wants the credit extended."),
            position(REP, "Tom Aske", "reject", "Tom Aske rejected the president's credit."),
        ],
        [person("Dana Whitfield", GOV), person("Tom Aske", REP), person("Ann Ruel", DEM)],
        country="United States",
    )
    assert [p.party for p in positions] == [DEM, REP]
    assert [e.party for e in entities] == [DEM, REP, DEM]


def test_a_stray_party_of_another_country_is_no_side() -> None:
    text = "Conservative members of the caucus rejected the credit."
    positions, _ = with_government_joined(
        [position("Conservative Party", "Conservative members", "reject", text)],
        [person("Tom Aske", REP), person("Ann Ruel", DEM)],
        country="United States",
    )
    assert positions[0].party is None


def test_nothing_changes_outside_a_domestic_negotiation() -> None:
    given = [position("Conservative Party", "Tom Aske", "reject", "Tom Aske rejected it.")]
    positions, _ = with_government_joined(given, [person("Tom Aske", None)], country=None)
    assert positions == given
