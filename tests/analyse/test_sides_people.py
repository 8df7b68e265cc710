"""Sides for unsided people from ties, titles and company, on hand-built entities."""

from __future__ import annotations

from communique.analyse.resolve import CanonicalEntity
from communique.analyse.sides_people import (
    is_executive_role,
    with_allies,
    with_campaigns,
    with_chamber_leaders,
    with_home_government,
    with_settled_ties,
)
from communique.annotate.entities import Mention


def entity(
    name: str,
    type_: str = "PERSON",
    *,
    party: str | None = None,
    roles: tuple[str, ...] = (),
    mentions: tuple[tuple[str, int, int], ...] = (),
    evidence: tuple[tuple[str, str, int, int], ...] = (),
) -> CanonicalEntity:
    return CanonicalEntity(
        id=name,
        name=name,
        type=type_,
        aliases=(),
        roles=tuple((r, "d1") for r in roles),
        party=party,
        party_evidence=evidence,
        mentions=mentions or (("d1", hash(name) % 1000, hash(name) % 1000 + 1),),
    )


def test_executive_roles() -> None:
    assert is_executive_role("Treasury Secretary")
    assert is_executive_role("the administration's chief negotiator")
    assert not is_executive_role("Senate Majority Leader")
    assert not is_executive_role("former President")


def test_allies_spread_along_a_chain() -> None:
    entities = [
        entity("Ana Ruiz", party="Valdorian Party", mentions=(("d1", 0, 8),)),
        entity("Kim Lorne", mentions=(("d1", 13, 22),)),
        entity("Brett Lott", mentions=(("d2", 0, 10),)),
        entity("Jo Arden", mentions=(("d3", 0, 8),)),
    ]
    mentions = [
        ("d1", Mention(13, 22, "Kim Lorne", "PERSON", allies=((0, 8, "Ana Ruiz"),))),
        ("d2", Mention(0, 10, "Brett Lott", "PERSON", allies=((15, 24, "Kim Lorne"),))),
        # Kim Lorne is named again in d2, so the tie reaches her entity through its mention
        ("d3", Mention(0, 8, "Jo Arden", "PERSON", allies=((13, 23, "Republican"),))),
    ]
    entities[1] = entity("Kim Lorne", mentions=(("d1", 13, 22), ("d2", 15, 24)))
    out = {e.name: e for e in with_allies(entities, mentions)}
    assert out["Kim Lorne"].party == "Valdorian Party"
    assert out["Kim Lorne"].party_evidence == (("Ana Ruiz", "d1", 0, 22),)
    assert out["Brett Lott"].party == "Valdorian Party"  # through Kim Lorne
    assert out["Jo Arden"].party == "Republican Party"  # a group word the gazetteer knows


def test_allies_never_overrule_a_known_side() -> None:
    entities = [
        entity("Ana Ruiz", party="Valdorian Party", mentions=(("d1", 0, 8),)),
        entity("Kim Lorne", party="Ostrian Party", mentions=(("d1", 13, 22),)),
    ]
    mentions = [("d1", Mention(13, 22, "Kim Lorne", "PERSON", allies=((0, 8, "Ana Ruiz"),)))]
    out = {e.name: e.party for e in with_allies(entities, mentions)}
    assert out["Kim Lorne"] == "Ostrian Party"


def test_a_tie_between_allies_leaves_no_side() -> None:
    entities = [
        entity("Ana Ruiz", party="Valdorian Party", mentions=(("d1", 0, 8),)),
        entity("Tom Vale", party="Ostrian Party", mentions=(("d1", 30, 38),)),
        entity("Kim Lorne", mentions=(("d1", 13, 22),)),
    ]
    ties = ((0, 8, "Ana Ruiz"), (30, 38, "Tom Vale"))
    mentions = [("d1", Mention(13, 22, "Kim Lorne", "PERSON", allies=ties))]
    out = {e.name: e.party for e in with_allies(entities, mentions)}
    assert out["Kim Lorne"] is None


def test_a_bare_executive_title_takes_the_one_seat_named() -> None:
    entities = [
        entity("White House", "ORG", party="United States", mentions=(("d1", 5, 16),)),
        entity("Kabul", "GPE", party="Afghanistan", mentions=(("d1", 40, 45),)),
        entity("Jo Arden", roles=("President",), mentions=(("d1", 60, 68),)),
        entity("Kim Lorne", roles=("Senator",), mentions=(("d1", 80, 89),)),
        entity("Tom Vale", roles=("Secretary of State",), mentions=(("d2", 0, 8),)),
    ]
    out = {e.name: e for e in with_home_government(entities)}
    assert out["Jo Arden"].party == "United States"
    assert out["Jo Arden"].party_evidence == (("White House", "d1", 5, 16),)
    assert out["Kim Lorne"].party is None  # a legislator, not the government
    assert out["Tom Vale"].party is None  # no seat named where he is


def test_two_seats_named_decide_nothing() -> None:
    entities = [
        entity("White House", "ORG", party="United States", mentions=(("d1", 5, 16),)),
        entity("Kremlin", "ORG", party="Russia", mentions=(("d1", 20, 27),)),
        entity("Jo Arden", roles=("President",), mentions=(("d1", 60, 68),)),
    ]
    out = {e.name: e.party for e in with_home_government(entities)}
    assert out["Jo Arden"] is None


def test_tied_cues_settle_on_the_shared_side() -> None:
    government = "United States government"
    entities = [
        entity("White House", "ORG", party=government),
        entity("Economic Council", "ORG", party="Economic Council"),
        entity("Treasury", "ORG", party=government),
        entity(
            "Jo Arden",
            evidence=(("White House", "d1", 0, 30), ("of the Economic Council", "d2", 0, 40)),
        ),
    ]
    out = {e.name: e for e in with_settled_ties(entities)}
    assert out["Jo Arden"].party == government
    assert out["Jo Arden"].party_evidence == (("White House", "d1", 0, 30),)


def test_a_minority_leader_is_of_the_other_party_than_the_majority_leader() -> None:
    entities = [
        entity("Ana Ruiz", party="Democratic Party", roles=("Senate majority leader",)),
        entity("Kim Lorne", roles=("the minority leader",)),
        entity("Jo Arden", party="Republican Party"),
        entity("Tom Vale", roles=("House minority leader",)),  # another chamber: unknown
    ]
    found = {e.name: e.party for e in with_chamber_leaders(entities)}
    assert found["Kim Lorne"] == "Republican Party"
    assert found["Tom Vale"] is None


def test_chamber_leaders_need_two_parties() -> None:
    entities = [
        entity("Ana Ruiz", party="Democratic Party", roles=("Senate majority leader",)),
        entity("Kim Lorne", roles=("Senate minority leader",)),
    ]
    assert {e.name: e.party for e in with_chamber_leaders(entities)}["Kim Lorne"] is None


def test_a_candidate_and_their_aides_speak_for_a_campaign() -> None:
    entities = [
        entity("Ana Ruiz", party="Democratic Party", roles=("Democratic presidential hopeful",)),
        entity("Kim Lorne", party="Democratic Party", evidence=(("Ruiz", "d1", 0, 20),)),
        entity("Jo Arden", party="Democratic Party", roles=("former presidential candidate",)),
        entity("Tom Vale", party="Democratic Party", evidence=(("Democrats", "d1", 0, 9),)),
    ]
    found = {e.name: e.party for e in with_campaigns(entities)}
    assert found["Ana Ruiz"] == found["Kim Lorne"] == "Ana Ruiz campaign"
    assert found["Jo Arden"] == found["Tom Vale"] == "Democratic Party"
