"""The government of a domestic negotiation with its party or on its own, on invented rows."""

from __future__ import annotations

from communique.analyse.sides_government import SidedStance, government_party

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
