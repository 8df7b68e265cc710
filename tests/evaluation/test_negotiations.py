"""The negotiations scorer on invented items, and the evaluation gate on the real dev set.

The gold set is read in place from ../shared (nothing from it is copied here); the gate
ingests each cluster into a temporary store and briefs it as ``communique brief`` does.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest

from communique.brief.model import BriefEntity, Briefing, Corpus
from communique.evaluation.negotiations import (
    FAMILIES,
    Baseline,
    Cluster,
    Score,
    SysEvent,
    brief_cluster,
    cited,
    dates_agree,
    from_briefing,
    gold_ids,
    gold_type,
    map_sides,
    read_clusters,
    score_briefing,
    surname,
)

ROOT = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "negotiations"

# Figures on the whole dev set when this gate was last raised (see benchmarks/negotiations.py);
# a change may not lose more than TOLERANCE on any of them.
RECORDED = {
    # fourth round: a domestic government joins its own party when that party never opposes it,
    # kinship allies (sides3: sides 0.87 -> 0.91); more stance readings (positions3); together
    # positions R 0.50 -> 0.54, P 0.69 -> 0.74.
    # holders4: "the party", a letter's author, "Vermont Independent": positions R 0.54 -> 0.56
    # (81/145), P 0.74 (81/109, one extra reads its holder right but its stance wrongly).
    # positions5: "no deal without X" a condition, ultimatums ("must X or face Y"), giving
    # someone what they want, deals struck with someone, object-gap relatives: R 0.56 -> 0.59
    # (85/145), P 0.74 -> 0.75 (85/114).
    # advocates5: interest groups and factions named by a common noun are sides of their own:
    # R 0.56 -> 0.57 (83/145), P 0.74 -> 0.76 (83/109); sides 0.91 (533/584 -> 542/595).
    # merged (positions5 + advocates5): R 0.60 (87/145), P 0.76 (87/114), family 0.84.
    # positions9: typographic apostrophes parsed as straight ones, "who" after "X of <place>":
    # R 0.61 (88/145), P 0.75 (88/117; both extras hold a matched gold's side and stance).
    ("positions_found", "positions_gold"): 0.61,
    # 0.76 -> 0.75 (positions9): the re-parse with straight apostrophes reads two more
    # positions whose gold another of ours already matched (88/117).
    ("positions_right_on_annotated", "positions_on_annotated"): 0.75,
    ("family_same", "positions_found"): 0.84,
    ("sides_consistent", "sides_pairs"): 0.91,
    # 0.70 -> 0.76, P 0.69 -> 0.74 (events8): gold events matched by the largest one-to-one
    # matching (51 -> 53 on the same output), dated event nouns that place another event in
    # time, the search for a deal read as its negotiation, nameless tellings joined only on
    # the same date (56/74, P 56/76).
    ("events_found", "events_gold"): 0.76,
    # 0.74 -> 0.73 (positions9's re-parse reads one more event on an annotated sentence: 56/77)
    ("events_right_on_annotated", "events_on_annotated"): 0.73,
    # 0.84 -> 0.85 (corrob8): the two corroborations below are also two more claims found,
    # both with the gold's status (34/40).
    ("claims_status_same", "claims_found"): 0.85,
    # 0.37 -> 0.33 (third round): shared names count by entity, not by word, and names most
    # clauses name (the parties) anchor nothing; on the seeds 10 loose corroborations fell to 2.
    # 0.33 -> 0.35 (corrob3): a frame pass joins looser paraphrases of other outlets whose
    # names, day, figures or words agree; on the seeds it joins nothing.
    # 0.35 -> 0.42 (corrob6): one speaker's words quoted alike by two outlets, a clause listing
    # two rates of one thing beside one giving either, and anchored paraphrases shown as tellings
    # of another claim from 0.55; the seeds gain no corroboration.
    # 0.42 -> 0.44 (corrob7): a future cue in the clause holding a weekday ("comes as X is
    # expected to speak ... Tuesday") places it ahead, so two outlets' days of one event agree.
    # 0.44 -> 0.49 (corrob8): a "when" clause right after a date takes its day ("after
    # Friday, when the union leader told dockers ..."); a clause opening with a definite event
    # noun ("The meeting dragged on for hours") takes the day of the nearest earlier clause of
    # its document telling that kind of event, and a list the parser hung on the outer clause
    # stays with the clause it continues; the seeds and three PolNeAR windows gain nothing.
    ("claims_right_corroborated", "claims_gold_corroborated"): 0.49,
    # 0.75 -> 0.50 (corrob2): a figure contradiction compares only figures that could be one
    # count; the gold's third contradiction sets one figure against the sum of two others.
    ("claims_right_contradicted", "claims_gold_contradicted"): 0.50,
    ("quotes_speaker_right", "quotes_found"): 0.98,
}
TOLERANCE = 0.02


@pytest.mark.parametrize(
    ("gold", "system", "agree"),
    [
        ("2019-11-18", "2019-11-18", True),
        ("2019-11-18", "2019-11-19", False),
        ("2019-11", "2019-11-19", True),
        ("2019", "2019-02", True),
        ("2019-10", "2019-11", False),
        ("2019-11-18", None, False),
        ("2012-12", "2012-W49", True),
        ("2012-12-05", "2012-W49", True),
        ("2012-11", "2012-W50", False),
        ("2019-11-16", "2019-W46-WE", True),
        ("2019-11-15", "2019-W46-WE", False),
    ],
)
def test_dates_agree_at_the_coarser_precision(gold: str, system: str | None, agree: bool) -> None:
    assert dates_agree(gold, system) is agree


def test_a_fragment_is_cited_whatever_its_quote_marks_and_spacing() -> None:
    assert cited("the union’s “final offer”", 'They called it the union\'s  "final offer" today.')
    assert not cited("final offer", "They made no offer.")


@pytest.mark.parametrize(
    ("ours", "gold"),
    [("TALKS", "TALKS"), ("DEADLINE", "DEADLINE"), ("STATEMENT", "OTHER"), ("RELEASE", "OTHER")],
)
def test_types_the_gold_lacks_are_its_other(ours: str, gold: str) -> None:
    assert gold_type(ours) == gold


def test_surname_skips_suffixes() -> None:
    assert surname("Marcus T. Oyelaran Jr.") == "oyelaran"


def test_events_match_one_to_one_as_many_as_can_be() -> None:
    # the statement cites the meeting's sentence too; a first-come matching gives it to the
    # meeting and leaves both the statement's gold (which only it fits) and the meeting unmatched
    both = "The envoys met on Monday as a senator urged a pause."
    alone = "On Monday the senator urged a pause in a radio interview."
    gold = [
        {"date": "2031-03-03", "type": "TALKS", "mode": "happened",
         "evidence": [{"document": "d1", "text": "The envoys met on Monday"}]},
        {"date": "2031-03-03", "type": "OTHER", "mode": "happened",
         "evidence": [{"document": "d1", "text": "urged a pause in a radio interview"}]},
    ]  # fmt: skip
    cluster = Cluster("c", (), {}, (), tuple(gold), (), ())
    ours = Baseline(
        positions=(),
        events=(
            SysEvent((("d1", both), ("d1", alone)), "2031-03-03", "STATEMENT", "happened"),
            SysEvent((("d1", both),), "2031-03-03", "TALKS", "happened"),
        ),
        quotes=(),
        claims=(),
    )
    side_map = map_sides(_briefing({}), {})
    counts = score_briefing(cluster, ours, side_map=side_map, families=FAMILIES).counts
    assert (counts["events_found"], counts["events_right_on_annotated"]) == (2, 2)
    assert counts["events_type_same"] == 2


def _briefing(parties: dict[str, str | None]) -> Briefing:
    entities = [
        BriefEntity(name.lower(), name, "PERSON", [], [], party, [], ["d1"])
        for name, party in parties.items()
    ]
    return Briefing("1.0.0", Corpus(1, None, None), [], entities, [], [], [], [], [], [])


def test_sides_map_one_to_one_by_members_never_by_name() -> None:
    briefing = _briefing(
        {"Ana Ruiz": "Blue", "Jo Ray": "Blue", "Pat Corvo": "Green", "Ida Pell": None}
    )
    gold = {"Green": ["Ana Ruiz", "Jo Ray"], "Dockers": ["Pat Corvo", "Ida Pell"]}
    found = map_sides(briefing, gold)
    assert dict(found.to_gold) == {"Blue": "Green", "Green": "Dockers"}
    # pairs among found members: (Ana, Jo) same and same; (Ana, Pat), (Jo, Pat) apart and
    # apart; Ida has no side, so her three pairs fail
    assert (found.consistent, found.pairs) == (3, 6)


def _gate_scores() -> Score:
    if not ROOT.exists():
        pytest.skip(f"../shared/eval/negotiations absent: {ROOT} is needed for the gate")
    total = Score()
    with tempfile.TemporaryDirectory() as tmp:
        for cluster in read_clusters(ROOT):
            briefing, _layers = brief_cluster(cluster, Path(tmp))
            side_map = map_sides(briefing, cluster.sides)
            out = from_briefing(briefing, gold_ids(cluster, briefing))
            total.add(score_briefing(cluster, out, side_map=side_map, families=FAMILIES))
    return total


@pytest.fixture(scope="module")
def gate() -> Counter[str]:
    return _gate_scores().counts


@pytest.mark.parametrize(("num", "den"), sorted(RECORDED))
def test_gate_holds_the_figures_reached(gate: Counter[str], num: str, den: str) -> None:
    assert gate[den] > 0
    assert gate[num] / gate[den] >= RECORDED[(num, den)] - TOLERANCE
