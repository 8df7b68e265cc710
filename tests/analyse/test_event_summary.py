"""Event headlines: who did what to whom, the mode in the verb."""

from __future__ import annotations

import pytest

from communique.analyse.event_summary import summarise

CASES = [
    # (type, actors, targets, place, trigger, mode, headline)
    (
        "TALKS",
        ("Arvel", "Quenby"),
        (),
        "Tossa",
        "met",
        "happened",
        "Arvel and Quenby held talks in Tossa",
    ),
    ("TALKS", ("Arvel",), ("Quenby",), None, "talks", "planned", "Arvel to hold talks with Quenby"),
    ("AGREE", ("the union",), (), None, "accepted", "negated", "the union did not agree"),
    (
        "ATTACK",
        ("Arvel",),
        ("the port",),
        None,
        "shelled",
        "hypothetical",
        "Arvel may attack the port",
    ),
    (
        "SANCTION",
        ("A", "B", "C"),
        ("Quenby",),
        None,
        "sanctioned",
        "happened",
        "A, B and C imposed sanctions on Quenby",
    ),
    ("RELEASE", (), ("12 sailors",), None, "freed", "happened", "Release of 12 sailors"),
    ("CEASEFIRE", (), ("Quenby",), None, "truce", "historical", "Ceasefire with Quenby"),
    ("DEMAND", (), (), "Tossa", "demanded", "happened", "Demand: demanded in Tossa"),
    ("STRIKE_ACTION", ("dockers",), (), None, "walked out", "happened", "Dockers strike action"),
    ("STRIKE_ACTION", (), (), None, "walked out", "happened", "Strike action: walked out"),
    # a trigger that opens with the event's own noun is not prefixed by it again
    ("TALKS", (), (), "Tossa", "talks in Tossa ended", "happened", "Talks in Tossa ended"),
    ("AGREE", (), (), None, "agreements reached", "happened", "Agreements reached"),
    (
        "REJECT",
        ("Arvel",),
        ("Arvel", "the levy"),
        None,
        "rejected",
        "happened",
        "Arvel rejected the levy",
    ),
]


@pytest.mark.parametrize(
    ("type_", "actors", "targets", "place", "trigger", "mode", "headline"), CASES
)
def test_summarise(
    type_: str,
    actors: tuple[str, ...],
    targets: tuple[str, ...],
    place: str | None,
    trigger: str,
    mode: str,
    headline: str,
) -> None:
    got = summarise(type_, actors=actors, targets=targets, place=place, trigger=trigger, mode=mode)
    assert got == headline
