"""Event mentions from the dependency parse: type, actor, target, mode, date and place.

Every sentence here is invented: a ceasefire negotiation between Valdoria and Ostria, a
nurses' pay dispute and trade talks between Alvania and Bretony.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from communique.annotate.entities import find_mentions
from communique.annotate.event_lexicon import (
    EVENT_TYPES,
    default_event_lexicon,
    load_event_lexicon,
)
from communique.annotate.events import EventMention, date_bounds, find_events
from communique.annotate.nlp import load_pipeline
from communique.annotate.timex import find_timexes
from communique.errors import MalformedInput, UnreadableInput, UsageError

PUBLISHED = dt.date(2025, 5, 14)  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def events(nlp: Language, text: str, published: dt.date | None = PUBLISHED) -> list[EventMention]:
    doc = nlp(text)
    return find_events(
        doc,
        doc_id="d1",
        published=published,
        timexes=find_timexes(text, anchor=published),
        mentions=find_mentions(doc),
    )


def only(found: list[EventMention], type_: str) -> EventMention:
    hits = [e for e in found if e.type == type_]
    assert len(hits) == 1, [(e.type, e.trigger) for e in found]
    return hits[0]


# --- type, actor, target, mode ----------------------------------------------------------

CASES = [
    # a ceasefire negotiation
    ("Valdoria rejected Ostria's truce offer on Monday.", "REJECT", "Valdoria", "Ostria", "happened"),
    ("The offer was rejected by Valdoria.", "REJECT", "Valdoria", None, "happened"),
    ("Ostria proposed a 30-day ceasefire.", "PROPOSE", "Ostria", None, "happened"),
    ("Valdoria and Ostria held talks in Geneva on Tuesday.", "TALKS", "Valdoria and Ostria", None, "happened"),
    ("Valdorian negotiators met their Ostrian counterparts in Geneva.", "TALKS", "Valdorian negotiators", "Ostrian counterparts", "happened"),
    ("Ostria demanded the release of all prisoners.", "DEMAND", "Ostria", None, "happened"),
    ("The European Union imposed new sanctions on Valdoria.", "SANCTION", "European Union", "Valdoria", "happened"),
    ("Valdoria launched a new offensive against Ostria.", "ATTACK", "Valdoria", "Ostria", "happened"),
    ("Ostrian forces shelled the town of Kesh overnight.", "ATTACK", "Ostrian forces", "town of Kesh", "happened"),
    ("Valdoria launched drones at Ostrian positions.", "ATTACK", "Valdoria", "Ostrian positions", "happened"),
    ("Valdoria threatened to impose sanctions on Ostria.", "THREATEN", "Valdoria", "Ostria", "happened"),
    ("Valdoria will send a delegation next week.", "INTEND", "Valdoria", None, "planned"),
    ("Valdoria will give Ostria a list of names.", "INTEND", "Valdoria", "Ostria", "planned"),
    ("The two sides exchanged 200 prisoners on Friday.", "RELEASE", "two sides", None, "happened"),
    ("Valdoria refused to sign the accord.", "REJECT", "Valdoria", None, "happened"),
    ("Valdoria did not sign the accord.", "AGREE", "Valdoria", None, "negated"),
    ("If Ostria attacks again, Valdoria will suspend the talks.", "ATTACK", "Ostria", None, "hypothetical"),
    ("Ostria urged Valdoria to free the hostages.", "DEMAND", "Ostria", "Valdoria", "happened"),
    ("Valdoria called on Ostria to withdraw.", "DEMAND", "Valdoria", "Ostria", "happened"),
    ("The minister insisted that Ostria must withdraw its forces.", "DEMAND", "minister", "Ostria", "happened"),
    ("Ostria is ready to resume talks.", "INTEND", "Ostria", None, "happened"),
    ("Valdoria struck a deal with Ostria.", "AGREE", "Valdoria", "Ostria", "happened"),
    ("No agreement was reached.", "AGREE", None, None, "negated"),
    # a labour dispute
    ("The union rejected the management's pay offer on Thursday.", "REJECT", "union", "management", "happened"),
    ("The nurses' union threatened to strike unless the hospital board raised wages.", "THREATEN", "nurses' union", "hospital board", "happened"),
    ("Management and the union reached a deal after three days of talks.", "AGREE", "Management and the union", None, "happened"),
    ("The union called on the employers to reopen negotiations.", "DEMAND", "union", "employers", "happened"),
    # trade talks
    ("Trade ministers from Alvania and Bretony met in Lisbon to discuss tariffs.", "TALKS", "Trade ministers from Alvania and Bretony", None, "happened"),
    ("Bretony imposed tariffs on Alvanian steel in March.", "SANCTION", "Bretony", "Alvanian steel", "happened"),
    ("Alvania signed a trade agreement with Bretony in 2021.", "AGREE", "Alvania", "Bretony", "historical"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("text", "type_", "actor", "target", "mode"), CASES)
def test_type_actor_target_mode(
    nlp: Language, text: str, type_: str, actor: str | None, target: str | None, mode: str
) -> None:
    event = only(events(nlp, text), type_)
    assert (event.actor, event.target, event.mode) == (actor, target, mode)
    assert text[event.trigger_start : event.trigger_end] == event.trigger
    if event.actor is not None:
        assert text[event.actor_start : event.actor_end] == event.actor
    if event.target is not None:
        assert text[event.target_start : event.target_end] == event.target


# --- framing: what one event makes of another -------------------------------------------

FRAMED = [
    ("Ostria proposed a 30-day ceasefire.", "CEASEFIRE", "hypothetical"),
    ("Valdoria threatened to impose sanctions on Ostria.", "SANCTION", "hypothetical"),
    ("Ostria urged Valdoria to free the hostages.", "RELEASE", "hypothetical"),
    ("Ostria is ready to resume talks.", "TALKS", "planned"),
    ("Valdoria and Ostria agreed to a ceasefire.", "CEASEFIRE", "planned"),
    ("The union called on the employers to reopen negotiations.", "TALKS", "hypothetical"),
    ("Valdoria said it would attend the next round of talks.", "TALKS", "planned"),
    ("The talks are set to resume next week.", "TALKS", "planned"),
    ("Valdoria failed to reach an agreement with Ostria.", "AGREE", "negated"),
    # the lemmatiser reads "hoping" as "hop"
    ("The nurses are hoping to force a vote on the contract.", "VOTE", "hypothetical"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "type_", "mode"), FRAMED)
def test_framed_events_take_their_mode(nlp: Language, text: str, type_: str, mode: str) -> None:
    assert only(events(nlp, text), type_).mode == mode


@pytest.mark.slow
def test_refusing_to_agree_is_a_rejection_not_a_negated_agreement(nlp: Language) -> None:
    found = events(nlp, "Valdoria refused to agree to a ceasefire.")
    assert [e.type for e in found] == ["REJECT"]


@pytest.mark.slow
def test_one_sentence_holds_several_events(nlp: Language) -> None:
    found = events(nlp, "Valdoria agreed to a ceasefire but refused to withdraw its troops.")
    assert [e.type for e in found] == ["AGREE", "CEASEFIRE", "REJECT"]
    assert {e.actor for e in found} == {"Valdoria"}


@pytest.mark.slow
def test_reported_speech_keeps_the_reported_event(nlp: Language) -> None:
    text = "A government spokesman said on Monday that Valdoria had rejected the plan."
    event = only(events(nlp, text), "REJECT")
    assert event.actor == "Valdoria"
    assert event.date == "2025-05-12"  # the reporting verb's date, for lack of its own


@pytest.mark.slow
def test_pronoun_in_reported_speech_is_the_speaker(nlp: Language) -> None:
    event = only(events(nlp, "Ostria said it would attend the next round of talks."), "TALKS")
    assert (event.actor, event.mode) == ("Ostria", "planned")


@pytest.mark.slow
def test_light_verb_and_noun_make_one_event(nlp: Language) -> None:
    found = events(nlp, "Valdoria signed a ceasefire agreement with Ostria.")
    assert [(e.type, e.trigger) for e in found] == [("AGREE", "signed a ceasefire agreement")]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "A spokesman, who asked not to be named, said the talks were going well.",
        "The threat of sanctions hangs over the talks.",
        "Valdoria released a statement on Monday.",
        "Ostria launched a new website for its embassy.",
    ],
)
def test_no_event_where_there_is_none(nlp: Language, text: str) -> None:
    found = events(nlp, text)
    assert not [e for e in found if e.type in ("DEMAND", "SANCTION", "RELEASE", "ATTACK")]


# --- dates, places, history -------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "published", "date", "precision", "mode"),
    [
        ("Valdoria and Ostria held talks on Tuesday.", PUBLISHED, "2025-05-13", "day", "happened"),
        ("Valdoria and Ostria held talks in March.", PUBLISHED, "2025-03", "month", "happened"),
        ("Valdoria and Ostria held talks three years ago.", PUBLISHED, "2022", "year", "historical"),
        ("Valdoria and Ostria held talks in 2019.", PUBLISHED, "2019", "year", "historical"),
        ("Valdoria and Ostria will hold talks on 2 June.", PUBLISHED, "2025-06-02", "day", "planned"),
        # An older article's events keep their own dates, anchored on its publication.
        ("Valdoria and Ostria held talks on Tuesday.", dt.date(2022, 3, 18), "2022-03-15", "day", "happened"),
        ("Valdoria and Ostria held talks on Tuesday.", None, None, None, "happened"),
    ],
)  # fmt: skip
def test_date_comes_from_the_events_own_timex(
    nlp: Language,
    text: str,
    published: dt.date | None,
    date: str | None,
    precision: str | None,
    mode: str,
) -> None:
    event = only(events(nlp, text, published), "TALKS")
    assert (event.date, event.date_precision, event.mode) == (date, precision, mode)


@pytest.mark.slow
def test_a_framed_event_does_not_take_its_framers_date(nlp: Language) -> None:
    found = events(nlp, "On Monday Valdoria agreed to hold talks with Ostria.")
    assert only(found, "AGREE").date == "2025-05-12"
    assert only(found, "TALKS").date is None


@pytest.mark.slow
def test_a_date_the_parser_hangs_elsewhere_still_dates_the_sentence(nlp: Language) -> None:
    # "Friday" hangs on "speaking", not on the rejection it is the day of
    found = events(nlp, "Ostria's minister, speaking Friday in Geneva, rejected the proposal.")
    assert only(found, "REJECT").date == "2025-05-09"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The mayor scuttled the talks with the drivers' union on Monday.",
        "Management balked at the union's pay demand on Monday.",
    ],
)
def test_scuttle_and_balk_reject(nlp: Language, text: str) -> None:
    assert only(events(nlp, text), "REJECT").date == "2025-05-12"


@pytest.mark.slow
def test_a_present_verb_in_a_clause_of_time_is_still_to_come(nlp: Language) -> None:
    # Wednesday 14 May: "before she opens the talks Thursday" is the coming Thursday, although
    # the sentence around it is in the past tense.
    text = "Nurses said they wanted an offer before the minister opens talks with them Thursday."
    event = only(events(nlp, text), "TALKS")
    assert (event.date, event.mode) == ("2025-05-15", "planned")
    past = only(events(nlp, "Nurses walked out after the minister opened talks Thursday."), "TALKS")
    assert past.date == "2025-05-08"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "date", "mode"),
    [
        # published Wednesday 14 May: an act told in the present with a day is scheduled
        ("The minister is meeting the nurses' union Tuesday.", "2025-05-20", "planned"),
        ("The minister meets the nurses' union on Friday.", "2025-05-16", "planned"),
        ("The minister met the nurses' union on Tuesday.", "2025-05-13", "happened"),
        # a noun dated on its own, under a verb that only describes it, is not moved
        ("Tuesday's talks mark a first for the two unions.", "2025-05-13", "happened"),
    ],
)
def test_an_act_told_in_the_present_with_a_weekday_lies_ahead(
    nlp: Language, text: str, date: str, mode: str
) -> None:
    event = only(events(nlp, text), "TALKS")
    assert (event.date, event.mode) == (date, mode)


@pytest.mark.slow
def test_a_deadline_at_year_end_is_dated_and_still_to_come(nlp: Language) -> None:
    text = "The union faces a year-end deadline to settle the pay dispute."
    event = only(events(nlp, text), "DEADLINE")
    assert (event.date, event.mode) == ("2025-12-31", "planned")


@pytest.mark.slow
def test_two_dates_in_a_sentence_give_no_guess(nlp: Language) -> None:
    text = "Talks held Monday came after the strike of May 2, the union said on Tuesday."
    assert only(events(nlp, text), "TALKS").date in (None, "2025-05-12")


@pytest.mark.slow
def test_place_and_sentence_offsets(nlp: Language) -> None:
    text = "Fighting went on. Valdoria and Ostria held talks in Geneva on Tuesday."
    event = only(events(nlp, text), "TALKS")
    assert event.place == "Geneva"
    assert text[event.sentence_start : event.sentence_end].startswith("Valdoria and Ostria")
    assert event.actor_parts == ("Valdoria", "Ostria")
    assert event.doc_id == "d1"


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2025-05-14", (dt.date(2025, 5, 14), dt.date(2025, 5, 14))),
        ("2025-05-14T10:00", (dt.date(2025, 5, 14), dt.date(2025, 5, 14))),
        ("2025-02", (dt.date(2025, 2, 1), dt.date(2025, 2, 28))),
        ("2024", (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("2025-W20", (dt.date(2025, 5, 12), dt.date(2025, 5, 18))),
        ("2025-W20-WE", (dt.date(2025, 5, 17), dt.date(2025, 5, 18))),
        ("2025-Q2", (dt.date(2025, 4, 1), dt.date(2025, 6, 30))),
        ("2025-H2", (dt.date(2025, 7, 1), dt.date(2025, 12, 31))),
        ("2024-WI", (dt.date(2024, 12, 1), dt.date(2025, 2, 28))),
        ("202", (dt.date(2020, 1, 1), dt.date(2029, 12, 31))),
        ("PAST_REF", None),
        ("P3Y", None),
        ("2025-13", None),
    ],
)
def test_date_bounds(value: str, bounds: tuple[dt.date, dt.date] | None) -> None:
    assert date_bounds(value) == bounds


# --- the lexicon ------------------------------------------------------------------------


def test_lexicon_covers_every_type() -> None:
    lex = default_event_lexicon()
    assert set(lex.framing) == set(EVENT_TYPES)
    assert {w.type for words in lex.verbs.values() for w in words} <= set(EVENT_TYPES)
    assert "on" in {p for w in lex.verbs["call"] for p in w.particles}  # YAML's bare `on`


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("types: [1, 2]", "mapping with 'types'"),
        ("types:\n  TALKS:\n    light_verbs: ['@nowhere']\n", "unknown list"),
        ("types:\n  TALKS:\n    verbs: [{particle: [up]}]\n", "needs a lemma"),
        ("types:\n  TALKS:\n    framing: sometimes\n", "framing"),
        ("types:\n  TALKS:\n    verbs: [{lemma: meet, colour: red}]\n", "unknown keys"),
        ("types: {TALKS: [", "not valid YAML"),
    ],
)
def test_malformed_lexicon_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedInput, match=message):
        load_event_lexicon(path)


def test_missing_lexicon_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput):
        load_event_lexicon(tmp_path / "absent.yaml")


@pytest.mark.slow
def test_a_user_lexicon_extends_the_types(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "types:\n  TALKS:\n    verbs: [parley]\n  ATTACK:\n    verbs: [{lemma: picket}]\n",
        encoding="utf-8",
    )
    lexicon = load_event_lexicon(path)
    doc = nlp("Striking nurses picketed the hospital on Monday.")
    found = find_events(doc, doc_id="d", published=PUBLISHED, lexicon=lexicon)
    assert [(e.type, e.actor) for e in found] == [("ATTACK", "Striking nurses")]


@pytest.mark.slow
def test_an_unparsed_document_is_refused(nlp: Language) -> None:
    doc = nlp.make_doc("Valdoria rejected the offer.")
    with pytest.raises(UsageError, match="dependency parse"):
        find_events(doc, doc_id="raw", published=None)
    assert find_events(nlp.make_doc(""), doc_id="empty", published=None) == []


# --- triggers that govern themselves or each other -----------------------------------------

# A noun trigger whose infinitive is read as its own light verb ("a decision to take ...",
# "a request to make ...") governs itself; the walk up the framing chain once recursed forever.
SELF_GOVERNING = [
    ("Critics attacked the minister's decision to take in more refugees.", "INTEND"),
    (
        "The dockworkers turned down the port authority's request to make the rules public.",
        "DEMAND",
    ),
    ("The mediator praised the rebels' intention to make a fresh offer.", "INTEND"),
]


@pytest.mark.parametrize(("text", "type_"), SELF_GOVERNING)
def test_a_trigger_governing_itself_ends(nlp: Language, text: str, type_: str) -> None:
    found = events(nlp, text)
    assert only(found, type_).mode in ("planned", "hypothetical")


def test_a_sentence_past_its_work_budget_fails_with_its_offsets(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    from communique.annotate import events as events_module
    from communique.annotate.budget import WorkBudget
    from communique.errors import WorkBudgetExceeded

    monkeypatch.setattr(events_module, "WorkBudget", functools.partial(WorkBudget, limit=20))
    text = "Ostria proposed talks. " + " ".join(["Valdoria rejected the offer and"] * 6) + " left."
    with pytest.raises(WorkBudgetExceeded) as caught:
        events(nlp, text)
    second = text.index("Valdoria")
    assert (caught.value.doc_id, caught.value.stage) == ("d1", "events")
    assert (caught.value.start, caught.value.end) == (second, len(text))
    assert caught.value.code == "E401"


# --- statements, dated nouns, the event's own tense, who can act --------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a statement is news when the text dates it ...
        (
            "The union leader told reporters on Monday that there was nothing new to share.",
            [("STATEMENT", "2025-05-12")],
        ),
        ("The hospital board released its report on Tuesday.", [("STATEMENT", "2025-05-13")]),
        # ... not otherwise, and not when it reports another event: that one takes its date
        ("The union leader said there was nothing new to share.", []),
        (
            "The minister said on Monday that the union rejected the offer.",
            [("REJECT", "2025-05-12")],
        ),
        # ... but a statement of a mere possibility is the news itself
        (
            "The minister said on Monday that the union might reject the offer.",
            [("STATEMENT", "2025-05-12"), ("REJECT", "2025-05-12")],
        ),
        # a noun with a date of its own is an event with no verb to make it one
        (
            "Details emerged from Sunday's phone call between the two ministers.",
            [("TALKS", "2025-05-11")],
        ),
        # ... but not what another event acts on, however the parser hangs the date
        ("Ostria rejected the demand on Wednesday.", [("REJECT", "2025-05-14")]),
        # the event's own tense places a bare weekday or month: the statement was last
        # Tuesday, the agreement it foresees comes later
        (
            "The minister said on Tuesday that the union is going to have to accept a deal.",
            [("AGREE", "2025-05-13")],
        ),
        ("The council is expected to vote on the budget on Monday.", [("VOTE", "2025-05-19")]),
        # the closest date by the parse, then the finest; a relative clause's date is its own
        ("In March, the two delegations met in Lindau on Tuesday.", [("TALKS", "2025-05-13")]),
        ("The talks that began in January resumed on Monday.", [("TALKS", "2025-05-12")]),
        ("The senate voted on the bill in June.", [("VOTE", "2024-06")]),
        # an event a scheduling verb puts on the calendar is still to come
        ("The senate scheduled a vote for Thursday.", [("VOTE", "2025-05-15")]),
        ("Talks were scheduled for Monday.", [("TALKS", "2025-05-19")]),
        # a noun dated on its own follows the verb it stands under
        ("Friday's talks between the two unions were tense.", [("TALKS", "2025-05-09")]),
        ("Friday's talks between the two unions will be tense.", [("TALKS", "2025-05-16")]),
        # a dated scheduled change is a deadline; an obligation on the calendar is planned
        ("Income taxes in Bretony will go up on June 1.", [("DEADLINE", "2025-06-01")]),
        ("The new tariffs take effect on June 1.", [("SANCTION", "2025-06-01")]),
        ("The prices went up.", []),
    ],
)
def test_statements_dated_nouns_and_tense(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(e.type, e.date) for e in events(nlp, text)] == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Pressure proposed a new approach to the pay talks.", False),
        ("Shares slid as Frankfurt rejected early gains.", False),
        ("Washington rejected the offer as stocks fell.", True),
        ("The Kesh stock exchange rejected the listing.", False),
        ("Japan rejected the offer as stocks fell.", True),
        ("The nurses rejected the offer as the hospital's shares fell.", True),
        ("The statement demanded the release of the workers.", True),
        ("Investors rejected the takeover offer.", True),
    ],
)
def test_event_actors_are_parties_or_people(nlp: Language, text: str, kept: bool) -> None:
    assert bool([e for e in events(nlp, text) if e.type in ("PROPOSE", "REJECT", "DEMAND")]) is kept


@pytest.mark.slow
def test_an_obligation_on_the_calendar_is_planned(nlp: Language) -> None:
    vote = only(events(nlp, "The council must pass the budget this week."), "VOTE")
    assert (vote.mode, vote.date) == ("planned", "2025-W20")


# --- the trigger's own arguments --------------------------------------------------------------


@pytest.mark.slow
def test_a_meeting_is_between_its_subject_and_object_not_a_pair_named_later(
    nlp: Language,
) -> None:
    text = (
        "On Monday, the French president met his Spanish counterpart at a French air base, "
        "where he thanked him for his role in the talks between Morocco and Algeria."
    )
    met = only(events(nlp, text), "TALKS")
    assert (met.trigger, met.actor, met.target) == (
        "met",
        "French president",
        "Spanish counterpart",
    )
    assert met.place == "France"  # the base is in France, by its adjective
    assert met.date == "2025-05-12"


@pytest.mark.slow
def test_a_hyphenated_pair_of_sides_names_both(nlp: Language) -> None:
    talks = only(events(nlp, "The US-Mexico talks resumed on Friday."), "TALKS")
    assert talks.actor_parts == ("US", "Mexico")
    assert talks.place is None  # talks of two sides are not held in the second


@pytest.mark.slow
def test_a_country_spelt_with_a_hyphen_stays_one_side(nlp: Language) -> None:
    event = only(events(nlp, "Guinea-Bissau rejected the plan."), "REJECT")
    assert (event.actor, event.actor_parts) == ("Guinea-Bissau", ())


@pytest.mark.slow
def test_a_place_where_talks_were_held_does_not_act_in_a_which_clause(nlp: Language) -> None:
    text = "In May, the two sides held negotiations in Geneva, which outlined terms for a truce."
    proposal = only(events(nlp, text), "PROPOSE")
    assert proposal.actor == "two sides"


@pytest.mark.slow
def test_what_can_happen_has_not_happened(nlp: Language) -> None:
    text = "Ostrian officials argue that a settlement can be reached within weeks."
    assert only(events(nlp, text), "AGREE").mode == "hypothetical"
