"""Merging event mentions across documents and ordering them, on hand-built mentions.

The names (Valdoria, Ostria, Irena Kovač) and documents are invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from communique.analyse.resolve import CanonicalEntity
from communique.analyse.timeline import Event, canonical_names, merge_events, timeline
from communique.annotate.events import EventMention, Mode


def m(
    doc_id: str,
    type_: str,
    actor: str | None = None,
    target: str | None = None,
    *,
    date: str | None = None,
    precision: str | None = None,
    mode: Mode = "happened",
    place: str | None = None,
    actor_parts: tuple[str, ...] = (),
    at: int = 0,
    trigger: str = "trigger",
) -> EventMention:
    """A mention at character ``at`` of ``doc_id``; the precision follows the date's shape."""
    if date is not None and precision is None:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(date), "week")
    return EventMention(
        doc_id=doc_id,
        type=type_,
        trigger=trigger,
        trigger_start=at,
        trigger_end=at + len(trigger),
        sentence_start=at,
        sentence_end=at + 40,
        actor=actor,
        actor_start=None if actor is None else at + 50,
        actor_end=None if actor is None else at + 50 + len(actor),
        target=target,
        target_start=None,
        target_end=None,
        place=place,
        date=date,
        date_precision=precision,
        mode=mode,
        actor_parts=actor_parts,
    )


def docs(events: Sequence[Event]) -> list[tuple[str, ...]]:
    return [e.documents for e in events]


# --- merging -----------------------------------------------------------------------------


def test_the_same_event_in_two_documents_is_one_event() -> None:
    merged = merge_events(
        [
            m("a", "REJECT", "Valdoria", "Ostria", date="2025-04-14"),
            m("b", "REJECT", "Valdoria", "Ostria", date="2025-04-14"),
        ]
    )
    assert len(merged) == 1
    assert merged[0].documents == ("a", "b")
    assert merged[0].summary == "Valdoria rejected Ostria"


def test_a_month_date_is_compatible_with_a_day_inside_it() -> None:
    merged = merge_events(
        [
            m("a", "PROPOSE", "Ostria", date="2025-04"),
            m("b", "PROPOSE", "Ostria", date="2025-04-12"),
        ]
    )
    assert [(e.date, e.date_precision) for e in merged] == [("2025-04-12", "day")]


def test_a_range_never_takes_in_a_day_outside_it() -> None:
    # "days after" a February event is a range into March; talks on 12 April are others,
    # even with a side in common, and each keeps its own date.
    late_winter = m("a", "TALKS", "Valdoria", date="2025-02-01/2025-03-31", precision="range")
    april = m("b", "TALKS", "Valdoria", "Ostria", date="2025-04-12")
    merged = merge_events([late_winter, april])
    assert sorted((e.date, e.documents) for e in merged) == [
        ("2025-02-01/2025-03-31", ("a",)),
        ("2025-04-12", ("b",)),
    ]
    inside = m("c", "TALKS", "Valdoria", date="2025-03-02")
    joined = merge_events([late_winter, inside])
    assert [(e.date, sorted(e.documents)) for e in joined] == [("2025-03-02", ["a", "c"])]


def test_a_meeting_elsewhere_is_not_talks_held_in_another_place() -> None:
    merged = merge_events(
        [
            m("a", "TALKS", "Valdoria", "Ostria", date="2025-04", place="Ostria"),
            m("b", "TALKS", "Valdoria", "Alvania", date="2025-04-12", place="Valdoria"),
        ]
    )
    assert len(merged) == 2


def test_a_month_joins_an_unnamed_day_it_contains() -> None:
    merged = merge_events(
        [m("a", "PROPOSE", "Ostria", date="2025-04"), m("b", "PROPOSE", None, date="2025-04-12")]
    )
    assert len(merged) == 1
    assert merged[0].actors == ("Ostria",)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (m("a", "TALKS", "Valdoria", date="2025-04-25"), m("b", "TALKS", "Valdoria", date="2025-04-26")),
        (m("a", "REJECT", "Valdoria", date="2025-04-14"), m("b", "REJECT", "Ostria", date="2025-04-14")),
        (m("a", "REJECT", "Valdoria", "Ostria", date="2025-04-14"), m("b", "REJECT", "Valdoria", "Alvania", date="2025-04-14")),
        (m("a", "REJECT", "Valdoria", date="2025-04-14"), m("b", "DEMAND", "Valdoria", date="2025-04-14")),
        (m("a", "ATTACK", "Valdoria", date="2025-04-14"), m("b", "ATTACK", "Valdoria", date="2025-04-14", mode="hypothetical")),
        (m("a", "TALKS", "Valdoria", date="2025-04-14", place="Geneva"), m("b", "TALKS", "Valdoria", date="2025-04-14", place="Vienna")),
        # An older article's talks are its own year's talks, not this year's.
        (m("old", "TALKS", "Valdoria", date="2022-03-15"), m("new", "TALKS", "Valdoria", date="2025-03-15")),
    ],
)  # fmt: skip
def test_different_events_stay_apart(first: EventMention, second: EventMention) -> None:
    assert len(merge_events([first, second])) == 2


def test_symmetric_events_merge_whichever_side_is_named_first() -> None:
    merged = merge_events(
        [
            m("a", "TALKS", "Valdoria", "Ostria", date="2025-04-25"),
            m("b", "TALKS", "Ostria", "Valdoria", date="2025-04-25"),
            m(
                "c",
                "TALKS",
                "Valdoria and Ostria",
                date="2025-04-25",
                actor_parts=("Valdoria", "Ostria"),
            ),
        ]
    )
    assert len(merged) == 1
    assert set(merged[0].actors) | set(merged[0].targets) == {"Valdoria", "Ostria"}


def test_canonical_names_merge_spelling_variants() -> None:
    spellings = {"Kovach": "Irena Kovač", "Irena Kovac": "Irena Kovač"}
    merged = merge_events(
        [
            m("a", "PROPOSE", "Kovach", date="2025-04-12"),
            m("b", "PROPOSE", "Irena Kovac", date="2025-04-12"),
        ],
        canonical=lambda s: spellings.get(s, s),
    )
    assert [(e.actors, e.documents) for e in merged] == [(("Irena Kovač",), ("a", "b"))]


def test_vague_names_neither_join_nor_separate() -> None:
    merged = merge_events(
        [
            m("a", "AGREE", "Valdoria", date="2025-04-26"),
            m("b", "AGREE", "the two sides", date="2025-04-26"),
        ]
    )
    assert len(merged) == 1


def test_an_undated_mention_joins_the_one_dated_event_it_fits() -> None:
    merged = merge_events(
        [
            m("a", "REJECT", "Valdoria", "Ostria", date="2025-04-14"),
            m("b", "REJECT", "Valdoria"),
        ]
    )
    assert docs(merged) == [("a", "b")]


def test_an_undated_mention_with_two_candidates_stays_apart() -> None:
    merged = merge_events(
        [
            m("a", "REJECT", "Valdoria", date="2025-04-14"),
            m("b", "REJECT", "Valdoria", date="2025-05-02"),
            m("c", "REJECT", "Valdoria"),
        ]
    )
    assert len(merged) == 3


def test_an_undated_mention_naming_nobody_stays_apart() -> None:
    merged = merge_events([m("a", "TALKS", "Valdoria", date="2025-04-25"), m("b", "TALKS")])
    assert len(merged) == 2


def test_two_mentions_naming_nobody_join_only_on_the_same_date() -> None:
    # "must approve the budget this week" and "to file a motion on Tuesday": the day would
    # date the week's budget; the same day told twice is still one event
    week, day = "2025-W16", "2025-04-15"
    merged = merge_events(
        [
            m("a", "VOTE", "lawmakers", date=week, mode="planned"),
            m("b", "VOTE", None, date=day, mode="planned"),
            m("c", "VOTE", "officials", date=day, mode="planned"),
        ]
    )
    assert sorted((e.date, e.documents) for e in merged) == [(day, ("b", "c")), (week, ("a",))]


def test_planned_and_happened_tellings_merge_and_the_fact_wins() -> None:
    merged = merge_events(
        [
            m("before", "TALKS", "Valdoria", date="2025-04-25", mode="planned"),
            m("after", "TALKS", "Valdoria", date="2025-04-25", mode="happened"),
        ]
    )
    assert [(e.mode, e.documents) for e in merged] == [("happened", ("after", "before"))]


def test_event_fields_and_stable_ids() -> None:
    mentions = [
        m("a", "SANCTION", "CNS", "Valdoria", date="2025-05-06", place="Brussels"),
        m("b", "SANCTION", "CNS", "Valdoria", date="2025-05-06", at=300),
    ]
    first, again = merge_events(mentions), merge_events(list(reversed(mentions)))
    event = first[0]
    assert event.id == again[0].id and event.id.startswith("ev-")
    assert (event.type, event.place, event.summary) == (
        "SANCTION",
        "Brussels",
        "CNS imposed sanctions on Valdoria in Brussels",
    )
    assert len(event.mentions) == 2


def test_summary_without_sides_uses_the_trigger() -> None:
    merged = merge_events([m("a", "TALKS", date="2025-04-26", trigger="talks ended")])
    assert merged[0].summary == "Talks ended"


def test_blocking_keeps_many_events_apart_quickly() -> None:
    mentions = [
        m(f"d{i}", "ATTACK", f"Unit {i}", date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", at=i)
        for i in range(3000)
    ]
    assert len(merge_events(mentions)) == 3000


# --- the timeline ------------------------------------------------------------------------


def test_timeline_orders_by_date_and_keeps_precision() -> None:
    events = merge_events(
        [
            m("a", "TALKS", "Valdoria", date="2025-05"),
            m("b", "REJECT", "Ostria", date="2025-04-14"),
            m("c", "PROPOSE", "Valdoria", date="2025-05-02"),
            m("d", "ATTACK", "Ostria", date="2022"),
            m("e", "DEMAND", "Ostria"),
        ]
    )
    ordered = timeline(events)
    assert [(e.type, e.date_precision) for e in ordered] == [
        ("ATTACK", "year"),
        ("REJECT", "day"),
        ("TALKS", "month"),
        ("PROPOSE", "day"),
    ]
    assert [e.type for e in timeline(events, undated=True)][-1] == "DEMAND"


def test_timeline_leaves_out_what_did_not_happen() -> None:
    events = merge_events(
        [
            m("a", "CEASEFIRE", "Valdoria", date="2025-05-02", mode="hypothetical"),
            m("b", "AGREE", "Valdoria", date="2025-05-03", mode="negated"),
            m("c", "TALKS", "Valdoria", date="2025-06-01", mode="planned"),
        ]
    )
    assert [e.type for e in timeline(events)] == ["TALKS"]
    everything = timeline(events, modes={"hypothetical", "negated", "planned"})
    assert [e.type for e in everything] == ["CEASEFIRE", "AGREE", "TALKS"]


# --- canonical names ---------------------------------------------------------------------


def entity(name: str, type_: str, *aliases: str, party: str | None = None) -> CanonicalEntity:
    return CanonicalEntity(
        id=name.lower(),
        name=name,
        type=type_,
        aliases=aliases,
        roles=(),
        party=party,
        party_evidence=(),
        mentions=(),
    )


@pytest.mark.parametrize(
    ("surface", "by_party", "expected"),
    [
        ("Kovach", False, "Irena Kovač"),
        ("Valdorian Foreign Minister Irena Kovach", False, "Irena Kovač"),
        ("Valdorian negotiators", False, "Valdoria"),
        ("the Ostrian delegation", False, "Ostria"),
        ("Kovach", True, "Valdoria"),
        ("Russian troops", False, "Russia"),  # a real country, from the gazetteer
        ("the Harbour Authority", False, "the Harbour Authority"),
    ],
)
def test_canonical_names(surface: str, by_party: bool, expected: str) -> None:
    entities = [
        entity("Irena Kovač", "PERSON", "Kovach", "Irena Kovac", "Kovač", party="Valdoria"),
        entity("Valdoria", "GPE", party="Valdoria"),
        entity("Ostria", "GPE", party="Ostria"),
    ]
    assert canonical_names(entities, by_party=by_party)(surface) == expected


def test_a_person_and_the_side_they_speak_for_tell_one_event() -> None:
    entities = [
        entity("Irena Kovač", "PERSON", "Kovač", party="Ostria"),
        entity("Ostria", "GPE", "Ostrian"),
        entity("Tomas Brel", "PERSON", "Brel", party="Valdoria"),
    ]
    mentions = [
        m("a", "REJECT", "Kovač", "the corridor plan", date="2025-04-14", at=10),
        m("b", "REJECT", "Ostria", "the corridor plan", date="2025-04-14", at=20),
        m("c", "REJECT", "the Ostrian", "the corridor plan", date="2025-04-14", at=30),
        # One side, one day, but another matter: a second event.
        m("d", "REJECT", "Kovač", "the ferry levy", date="2025-04-14", at=40),
        # Another side the same day: a third.
        m("e", "REJECT", "Brel", "the corridor plan", date="2025-04-14", at=50),
    ]
    merged = merge_events(
        mentions,
        canonical=canonical_names(entities),
        side=canonical_names(entities, by_party=True),
    )
    assert docs(merged) == [("a", "b", "c"), ("d",), ("e",)]
    assert set(merged[0].actors) == {"Irena Kovač", "Ostria"}
    assert merged[0].summary == "Ostria rejected the corridor plan"
    assert merged[2].summary == "Valdoria rejected the corridor plan"


def test_without_sides_a_person_and_a_country_stay_apart() -> None:
    entities = [entity("Irena Kovač", "PERSON", "Kovač", party="Ostria"), entity("Ostria", "GPE")]
    mentions = [
        m("a", "REJECT", "Kovač", "the plan", date="2025-04-14"),
        m("b", "REJECT", "Ostria", "the plan", date="2025-04-14"),
    ]
    assert len(merge_events(mentions, canonical=canonical_names(entities))) == 2


def test_an_undated_event_that_happened_is_placed_at_its_first_report() -> None:
    merged = merge_events(
        [
            m("late", "REJECT", "Valdoria", "the levy", at=5),
            m("early", "REJECT", "Valdoria", "the levy", at=5),
            m("late", "TALKS", "Ostria", at=50, mode="planned"),  # not yet: stays undated
            m("late", "AGREE", "the two sides", at=90),  # nobody named: stays undated
            m("early", "AGREE", "Ostria", "the swap", date="2025-04-02"),
        ]
    )
    published = {"early": dt.date(2025, 4, 3), "late": dt.date(2025, 4, 9)}
    placed = timeline(merged, undated=True, published=published)
    assert [(e.type, e.date, e.date_precision) for e in placed] == [
        ("AGREE", "2025-04-02", "day"),
        ("REJECT", "2025-04-03", "reported"),
        ("TALKS", None, None),
        ("AGREE", None, None),
    ]
    assert [e.type for e in timeline(merged, published=published)] == ["AGREE", "REJECT"]


def test_an_undated_mention_joins_only_the_event_that_was_news_when_it_was_published() -> None:
    mentions = [
        m("2022", "TALKS", "Valdoria", "Ostria", date="2022-03-29", place="Lindau"),
        m("2022-next", "TALKS", "Valdoria", "Ostria", place="Lindau", at=10),
        m("2025", "TALKS", "Valdoria", "Ostria", place="Lindau", at=20),
        m("undated", "TALKS", "Valdoria", "Ostria", place="Lindau", at=30),
    ]
    published = {
        "2022": dt.date(2022, 3, 30),
        "2022-next": dt.date(2022, 4, 2),
        "2025": dt.date(2025, 5, 16),
    }
    merged = merge_events(mentions, published=published)
    # A document with no date of its own cannot say which round it tells.
    assert docs(merged) == [("2022", "2022-next"), ("2025",), ("undated",)]
    # Without publication dates any named twin will do, as before.
    assert docs(merge_events(mentions)) == [("2022", "2022-next", "2025", "undated")]


@pytest.mark.parametrize(
    ("parts", "summary_starts"),
    [
        (("Valdoria", "Ostria"), "Valdoria and Ostria"),
        (("Ostria", "Valdoria"), "Ostria and Valdoria"),
        (("Marrowfield", "Bretony", "Alvania"), "Marrowfield, Bretony and Alvania"),
    ],
)
def test_a_headline_names_tied_sides_in_the_order_the_text_does(
    parts: tuple[str, ...], summary_starts: str
) -> None:
    # Sides once went through a set, so their order, and the headline, changed with the hash
    # seed from one run to the next.
    whole = " and ".join(parts)
    (event,) = merge_events([m("a", "TALKS", whole, actor_parts=parts, date="2025-05-12")])
    assert event.summary.startswith(summary_starts), event.summary


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a dated offer by one side is no twin of what "the two sides" outlined that month
        (m("a", "PROPOSE", "Ostria", date="2025"), m("b", "PROPOSE", "the two sides", date="2025-03")),
        (m("a", "DEMAND", "Ostria", date="2025-03-02"), m("b", "DEMAND", "both parties", date="2025-03-02")),
    ],
)  # fmt: skip
def test_a_joint_actor_is_no_one_side_in_a_one_sided_event(
    first: EventMention, second: EventMention
) -> None:
    assert len(merge_events([first, second])) == 2


def test_a_joint_actor_still_joins_talks_named_by_either_side() -> None:
    merged = merge_events(
        [
            m("a", "TALKS", "Valdoria", date="2025-04-26"),
            m("b", "TALKS", "the two sides", date="2025-04-26"),
        ]
    )
    assert len(merged) == 1
