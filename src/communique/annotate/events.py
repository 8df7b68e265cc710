"""Event mentions in one document: who did what to whom, where, when, and whether it happened.

A timeline needs more than a verb list: "Valdoria rejected the truce" happened, "Valdoria
will reject it" is planned, "could reject" hypothetical, "did not reject" negated, and "rejected
it in 2019" history. This module reads the dependency parse in stages:

1. triggers (:mod:`.event_triggers`, words from :mod:`.event_lexicon`): verbs ("rejected"),
   nouns with a light verb ("held talks", "launched an offensive", "imposed sanctions"), nouns
   as the subject of an occurrence verb ("talks resumed") or under a trigger ("called for a
   ceasefire"), adjectives ("ready to"), and constructions ("X said Y must ...");
2. framing: an event under another trigger takes its colour ("offered to hold talks": the talks
   are hypothetical; "agreed to a ceasefire": planned; "refused to sign" is not reported as a
   signing at all, since it is a rejection that happened, not a negated agreement);
3. mode from the clause: negation, modals, "if"/"unless", future, "is to";
4. actor (subject, passive agent, controller of an infinitive, owner of a noun: "Valdoria's
   offensive") and target ("with X", "against X", "on X", the object or its originator:
   "rejected Ostria's offer" targets Ostria), each widened to the entity or noun phrase as
   written;
5. date (the sentence's timex governed by the trigger, else one on the verb that reports it),
   place (a GPE/LOC/FAC after "in", "at", "near" in the trigger's clause); a happened event
   dated after publication is planned, one dated over a year before it historical.

Reported speech keeps its events: in "a spokesman said Valdoria rejected the plan" the event is
REJECT with actor Valdoria. One sentence may hold several events.

Example::

    >>> doc = nlp("Valdoria rejected Ostria's truce offer on Monday.")
    >>> [(e.type, e.actor, e.target, e.mode) for e in find_events(doc, doc_id="d1", published=None)]
    [('REJECT', 'Valdoria', 'Ostria', 'happened')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from spacy.tokens import Doc, Span, Token

from communique.annotate.budget import WorkBudget
from communique.annotate.entities import Mention
from communique.annotate.event_dates import event_direction, futurate, shift_bare_date
from communique.annotate.event_grammar import (
    MODAL_FUTURE,
    Context,
    Mode,
    Trigger,
    auxiliaries,
    build_context,
    calendar_value,
    date_bounds,
    governor,
    in_reported_speech,
    is_negated,
    lemma_of,
)
from communique.annotate.event_lexicon import EventLexicon, default_event_lexicon
from communique.annotate.event_relations import (
    OPEN_RELATIONS,
    TEMPORAL_MARKS,
    Relation,
    clause_relation,
    relation_on_path,
    reversed_relation,
    shifted_date,
)
from communique.annotate.event_roles import actor_of, can_act, role_span, target_of
from communique.annotate.event_triggers import STATEMENT, find_triggers, reports
from communique.annotate.gazetteer import default_gazetteer
from communique.annotate.timex import Timex, find_timexes
from communique.errors import UsageError

__all__ = ["EventMention", "Mode", "date_bounds", "find_events"]

# "Lawmakers must pass the bill this week" is an obligation on the calendar, not a
# possibility: it stays planned.
_MODAL_HYPOTHETICAL: Final = frozenset({"can", "could", "might", "may", "should", "ought"})
_MODAL_OBLIGATION: Final = frozenset({"must"})
_CONDITIONAL_MARKS: Final = frozenset({"if", "unless", "whether"})
_SPEECH_ACTS: Final = frozenset({"PROPOSE", "DEMAND", "THREATEN", "REJECT"})
_PLACE_PREPS: Final = frozenset({"in", "at", "near", "outside", "inside", "across"})
_PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})
_CLAUSE_LINKS: Final = frozenset({"ccomp", "conj", "parataxis", "advcl"})
_MAX_TRIGGER_TOKENS: Final = 8
_HISTORICAL_DAYS: Final = 365
# The modes a timeline shows: a statement reporting an event in one of them gives way to it;
# one reporting a mere possibility or a denial is the news itself.
_SHOWN: Final = frozenset({"happened", "planned", "historical"})
_SCHEDULABLE: Final = frozenset({"TALKS", "VOTE", "DEADLINE", "CEASEFIRE", "RELEASE"})
_SHARED_TIME_MARKS: Final = frozenset({"when", "while", "as", "whenever"})


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as one document tells it; every offset is a character offset in its text.

    ``actor`` does the event (subject, passive agent, "by" phrase) and ``target`` undergoes or
    receives it ("with X", "against X", the object), both as written; ``actor_parts`` and
    ``target_parts`` split a coordination ("Valdoria and Ostria") into its names. ``date`` is
    the TIMEX3 value of the sentence's time expression for this event (``2025-05-09``,
    ``2025-05``, ``2022``), with its ``date_precision``; None when the sentence gives none.
    ``mode``: happened (past or present assertion), planned (will, is set to, agreed to ...),
    hypothetical (if, could, would, proposed or demanded), negated (not, never, failed to) or
    historical (dated more than a year before publication, or in an earlier year).
    """

    doc_id: str
    type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence_start: int
    sentence_end: int
    actor: str | None
    actor_start: int | None
    actor_end: int | None
    target: str | None
    target_start: int | None
    target_end: int | None
    place: str | None
    date: str | None
    date_precision: str | None
    mode: Mode
    actor_parts: tuple[str, ...] = ()
    target_parts: tuple[str, ...] = ()


def find_events(
    doc: Doc,
    *,
    doc_id: str,
    published: dt.date | None,
    timexes: Sequence[Timex] = (),
    mentions: Sequence[Mention] = (),
    lexicon: EventLexicon | None = None,
) -> list[EventMention]:
    """Every event mention in ``doc`` (a parsed spaCy Doc), in text order.

    ``timexes`` are :func:`communique.annotate.timex.find_timexes` over ``doc.text`` anchored on
    ``published``; ``mentions`` are :func:`communique.annotate.entities.find_mentions` (the
    model's own entities are used when empty). ``published`` also decides "historical".
    Raises :class:`~communique.errors.UsageError` when ``doc`` was not parsed.
    """
    if len(doc) and not doc.has_annotation("DEP"):
        raise UsageError(f"find_events needs a dependency parse; document {doc_id!r} has none")
    ctx = build_context(doc, lexicon or default_event_lexicon(), timexes, mentions, published)
    found: list[EventMention] = []
    for sent in doc.sents:
        found.extend(_sentence_events(ctx, sent, doc_id))
    return found


def _sentence_events(ctx: Context, sent: Span, doc_id: str) -> Iterable[EventMention]:
    budget = WorkBudget(doc_id=doc_id, stage="events", start=sent.start_char, end=sent.end_char)
    budget.spend(len(sent))
    triggers = find_triggers(ctx, sent)
    by_head = {t.head.i: t for t in triggers}
    modes = {id(t): _mode(ctx, t, by_head, budget) for t in triggers}
    for trigger in sorted(triggers, key=lambda t: min(w.i for w in t.words)):
        mode = modes[id(trigger)]
        if mode is None:
            continue
        if trigger.type == STATEMENT and any(
            reports(trigger, o) and modes[id(o)] in _SHOWN for o in triggers
        ):
            continue  # the event it reports stands in its place
        budget.spend(len(sent))  # reading roles, date and place looks over the sentence
        governor = by_head.get(trigger.clause.head.i)
        governed = governor is not None and governor is not trigger
        others = frozenset(w.i for o in triggers if o is not trigger for w in o.words)
        event = _build(ctx, sent, doc_id, trigger, mode, governed=governed, others=others)
        if event is not None:
            yield event


_Framing = Mode | Literal["drop"] | None


def _framing(
    ctx: Context, trigger: Trigger, by_head: dict[int, Trigger], budget: WorkBudget
) -> _Framing:
    """What governing words make of this event, climbing up to three infinitives.

    Whether a governing trigger is itself dropped depends on its own governors, so the walks
    nest; they run from an explicit stack, not by recursion, because real parses make a
    trigger govern itself ("a decision to take ...", where "take" is the noun's light verb)
    or two triggers govern each other. A trigger met again while its own walk is pending
    counts as not dropped."""
    walks = [(trigger.head.i, _framing_walk(ctx, trigger, by_head))]
    pending = {trigger.head.i}
    done: dict[int, _Framing] = {}
    answer: bool | None = None
    result: _Framing = None
    while walks:
        budget.spend()
        key, walk = walks[-1]
        try:
            asked = walk.send(answer)
        except StopIteration as finished:
            result = finished.value
            walks.pop()
            pending.discard(key)
            done[key] = result
            answer = result == "drop"
            continue
        asked_key = asked.head.i
        if asked_key in done:
            answer = done[asked_key] == "drop"
        elif asked_key in pending:
            answer = False  # a cycle: no governor above it drops it
        else:
            pending.add(asked_key)
            walks.append((asked_key, _framing_walk(ctx, asked, by_head)))
            answer = None
    return result


def _framing_walk(
    ctx: Context, trigger: Trigger, by_head: dict[int, Trigger]
) -> Generator[Trigger, bool | None, _Framing]:
    """One trigger's climb; it yields each governing trigger and is sent back whether that
    trigger is dropped."""
    if trigger.framer is not None:
        node: Token | None = trigger.framer
    else:
        node = governor(trigger.clause)
    for _ in range(3):
        if node is None:
            return None
        governing = by_head.get(node.i)
        if governing is not None:
            if (yield governing):
                return "drop"  # "refused to agree to a ceasefire": neither is reported
            if is_negated(governing.clause) or is_negated(node):
                return "negated"
            effect = ctx.lex.framing.get(governing.type, "none")
            if effect != "none":
                return effect
        elif (lexical := _lexical_framing(ctx, node)) is not None:
            return lexical  # "the refusal to accept", "an offer to meet" as no event themselves
        else:
            forms = _governor_forms(node)
            if forms & ctx.lex.negating_governors:
                return "negated"
            if forms & ctx.lex.hypothetical_governors:
                return "hypothetical"
            if forms & ctx.lex.planned_governors:
                return "planned"
        node = governor(node)
    return None


def _governor_forms(node: Token) -> frozenset[str]:
    """The lemma, the word itself and, for an "-ing" form, its stem with the "e" the
    lemmatiser may drop: it reads "hoping" as "hop", so "hoping to meet" would look certain."""
    forms = {lemma_of(node), node.lower_}
    if node.tag_ == "VBG" and node.lower_.endswith("ing"):
        forms.add(node.lower_[:-3] + "e")
    return frozenset(forms)


def _lexical_framing(ctx: Context, node: Token) -> Mode | Literal["drop"] | None:
    table = ctx.lex.nouns if node.pos_ in ("NOUN", "PROPN") else ctx.lex.verbs
    words = table.get(lemma_of(node), ())
    if not words:
        return None
    effect = ctx.lex.framing.get(words[0].type, "none")
    return None if effect == "none" else effect


def _grammatical_mode(ctx: Context, trigger: Trigger) -> Mode:
    clause = trigger.clause
    if is_negated(clause) or is_negated(trigger.head):
        return "negated"
    if _scheduled(ctx, trigger):
        return "planned"
    aux = {a.lower_ for a in auxiliaries(clause)}
    # "Ostria will walk out if ..." is conditional; "threatened to walk out unless ..." is a
    # threat made now, whose condition belongs to the act threatened.
    conditional = any(
        c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in clause.children
    ) or (
        trigger.type not in _SPEECH_ACTS
        and any(
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
            for c in clause.children
        )
    )
    if conditional or aux & _MODAL_HYPOTHETICAL:
        return "hypothetical"
    if "would" in aux:
        return "planned" if in_reported_speech(ctx, clause) else "hypothetical"
    if aux & (MODAL_FUTURE | _MODAL_OBLIGATION):
        return "planned"
    if "to" in aux and clause.dep_ not in ("xcomp", "acl", "advcl"):
        return "planned"  # a headline's "talks to be held in Geneva"
    if clause.dep_ == "xcomp" and lemma_of(clause.head) == "be":
        return "planned"  # "the envoy is to meet ..."
    return "happened"


def _scheduled(ctx: Context, trigger: Trigger) -> bool:
    """ "Scheduled a vote for Thursday", "talks were set for Monday": an event noun that a
    scheduling verb puts on the calendar is still to come, whatever that verb's tense."""
    return (
        trigger.kind == "noun"
        and trigger.type in _SCHEDULABLE
        and trigger.relation in ("light", "occurrence")
        and lemma_of(trigger.clause) in ctx.lex.lists.get("scheduling", frozenset())
    )


def _mode(
    ctx: Context, trigger: Trigger, by_head: dict[int, Trigger], budget: WorkBudget
) -> Mode | None:
    """The event's mode, or None when it should not be reported (under a rejection)."""
    framed = _framing(ctx, trigger, by_head, budget)
    if framed == "drop":
        return None
    if trigger.forced_mode is not None:
        return "negated" if is_negated(trigger.clause) else trigger.forced_mode
    own = _grammatical_mode(ctx, trigger)
    if own in ("negated", "hypothetical"):
        return own
    if framed is not None:
        return framed
    return own


def _dated_mode(
    mode: Mode, date: tuple[str, str] | None, published: dt.date | None, *, deadline: bool
) -> Mode:
    """A happened event dated after publication is planned; one long before it, historical.
    A deadline told in the present whose date has not run out ("faces a deadline at year-end",
    "the deadline is Friday" on that Friday) is still to come."""
    if mode != "happened" or date is None or published is None:
        return mode
    bounds = date_bounds(date[0])
    if bounds is None:
        return mode
    first, last = bounds
    if first > published or (deadline and last >= published):
        return "planned"
    if (published - last).days > _HISTORICAL_DAYS:
        return "historical"
    if date[1] in ("year", "decade", "century") and last.year < published.year:
        return "historical"
    return mode


def _open_deadline(trigger: Trigger, mode: Mode) -> bool:
    """A deadline not told in the past tense ("the deadline passed" is over)."""
    return trigger.type == "DEADLINE" and event_direction(trigger.clause, mode) != "past"


def _climb(token: Token, chain: set[int]) -> int:
    """From a time or place phrase up to the first event word or verb it hangs on."""
    return _climb_steps(token, chain)[0]


def _climb_steps(token: Token, chain: set[int]) -> tuple[int, int]:
    """:func:`_climb`, with the number of arcs climbed: how close the phrase is."""
    node, steps = token, 0
    while node.head.i != node.i:
        node, steps = node.head, steps + 1
        if node.i in chain or node.pos_ in ("VERB", "AUX"):
            return node.i, steps
    return node.i, steps


def _span(timex: Timex) -> int:
    """Days a time expression covers; what names no calendar span counts as long."""
    value = calendar_value(timex)
    bounds = date_bounds(value[0]) if value is not None else None
    return (bounds[1] - bounds[0]).days if bounds is not None else 100_000


def _clause_ancestors(clause: Token) -> list[int]:
    """Verbs reporting or coordinating this clause: "said on Monday (that X rejected ...)".
    A clause of condition or cause ("if Ostria signs, ...", "because ...") stops the climb:
    the main clause's date is not its own. A clause of time does not: the main clause's
    date, moved by its measure, dates it (:func:`_inner_relation`)."""
    found = []
    node = clause
    while node.dep_ in _CLAUSE_LINKS and node.head.i != node.i and not _apart(node):
        node = node.head
        found.append(node.i)
    if node.dep_ == "ROOT" and node.i not in found and node.i != clause.i:
        found.append(node.i)
    return found


def _apart(node: Token) -> bool:
    """A subordinate clause whose time is not the main clause's at all: "if", "unless",
    "because", "although" ...; "when", "while", "as" share it and "after", "before" set
    it apart by a measure."""
    return node.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ not in _SHARED_TIME_MARKS | TEMPORAL_MARKS
        for c in node.children
    )


def _inner_relation(clause: Token) -> tuple[Relation, Token] | None:
    """The clause of time this event is told in, seen from the main clause: in "two days
    after the talks collapsed, Ostria attacked on Monday" the talks are two days before
    Monday."""
    node = clause
    while node.head.i != node.i:
        relation = clause_relation(node)
        if relation is not None:
            return reversed_relation(relation), node
        node = node.head
    return None


def _outside(
    inner: tuple[Relation, Token] | None, root: Token, relation: Relation | None
) -> Relation | None:
    """The relation for a date found outside the event's own clause of time."""
    if inner is None or inner[1].is_ancestor(root) or inner[1] == root:
        return relation
    return relation or inner[0]


def _date(
    ctx: Context,
    sent: Span,
    trigger: Trigger,
    *,
    governed: bool,
    mode: Mode,
    others: frozenset[int] = frozenset(),
) -> tuple[str, str] | None:
    """The timex governed by the trigger, else one on a verb reporting it. A framed event
    ("agreed on Sunday to a ceasefire") takes only a date of its own, not the framer's. A bare
    weekday or month is placed before or after publication by the event's own tense; a date
    told through "after" or "before" is moved by its measure (:mod:`.event_relations`)."""
    found = _timex_of(ctx, sent, trigger, governed=governed, others=others)
    if found is None:
        return None
    timex, reporter, relation = found
    value = calendar_value(timex)
    if value is None:
        return None
    placed = _reread(ctx, trigger, timex, reporter, value, mode)
    return placed if relation is None else shifted_date(*placed, relation)


def _reread(
    ctx: Context,
    trigger: Trigger,
    timex: Timex,
    reporter: Token | None,
    value: tuple[str, str],
    mode: Mode,
) -> tuple[str, str]:
    """A bare weekday or month placed by the tense of the verb it is told with."""
    if not timex.anchored:
        return value
    # A date found on the reporting verb follows that verb's tense, not the event's; a noun
    # dated on its own ("Sunday's talks were ...") follows the verb it stands under.
    clause = trigger.clause
    if trigger.relation == "dated":
        clause = next((a for a in clause.ancestors if a.pos_ in ("VERB", "AUX")), clause)
    direction = event_direction(reporter or clause, "happened" if reporter else mode)
    # "meets Tuesday" is scheduled; but a noun dated on its own under a verb that describes it
    # ("Tuesday's talks mark a first") and a present statement ("says Tuesday") are not.
    if (
        direction == "none"
        and reporter is None
        and trigger.type != STATEMENT
        and trigger.relation != "dated"
        and futurate(clause)
    ):
        direction = "future"
    shifted = shift_bare_date(
        value[0], value[1], text=timex.text, direction=direction, published=ctx.published
    )
    return shifted, value[1]


_Found = tuple[Timex, Token | None, Relation | None]


def _timex_of(
    ctx: Context, sent: Span, trigger: Trigger, *, governed: bool, others: frozenset[int]
) -> _Found | None:
    """The trigger's time expression, the reporting verb it hangs on when not on the
    trigger itself, and the relation ("two days after") it is told through."""
    framed = trigger.relation == "framed"
    chain = {w.i for w in trigger.words} if framed else trigger.chain()
    reporting = _reporting_noun(trigger.clause, others)
    if reporting is not None and not framed:
        chain.add(reporting.i)  # "the 3 May announcement that Ostria had signed"
    ancestors = _clause_ancestors(trigger.clause)
    # A relation counts only below where the date's path meets the event's own: in "since
    # the summer, when the talks failed" the summer dates the failure.
    stops = chain | {a.i for w in trigger.words for a in w.ancestors}
    inside = [
        (timex, root, relation_on_path(ctx.doc[root], stops))
        for timex, root in ctx.timexes
        if sent.start <= root < sent.end
    ]
    climbed = [(t, *_climb_steps(ctx.doc[root], chain), rel) for t, root, rel in inside]
    own = [
        (rel is not None and rel.word in OPEN_RELATIONS, steps, _span(t), n, (t, None, rel))
        for n, (t, anchor, steps, rel) in enumerate(climbed)
        if anchor in chain
    ]
    # A date of its own before one told through "since": "the first talks since 2019, in
    # May" are May's; "the first talks since 2019" alone are undated (the bound dates
    # nothing, see shifted_date). Then the closest by dependency path, then the finest ("in
    # March ... on Tuesday").
    if own:
        chosen = min(own, key=lambda found: found[:4])[4]
        roots = [(inside[found[3]][0], ctx.doc[inside[found[3]][1]]) for found in own]
        roots += [(t, ctx.doc[r]) for t, r in ctx.unplaced if sent.start <= r < sent.end]
        return _in_year(chosen, roots, chain)
    if framed:
        return None
    inner = _inner_relation(trigger.clause)
    for ancestor in ancestors:
        for (timex, root, relation), (_t, anchor, _s, _r) in zip(inside, climbed, strict=True):
            if anchor == ancestor and not _claimed(ctx.doc[root], trigger, others):
                return timex, ctx.doc[ancestor], _outside(inner, ctx.doc[root], relation)
    # The parser often hangs a date on the wrong word ("took to the floor Friday to oppose");
    # a sentence naming one calendar date and nothing else dates what it tells, except an
    # event another event governs ("agreed on Monday to hold talks": the talks come later),
    # one in a clause of condition or cause ("if Ostria signs, ... on Monday"), and a date
    # another event noun owns ("the 2019 talks").
    if governed or _inside_apart(trigger.clause):
        return None
    values = {
        calendar_value(t): (t, anchor, _outside(inner, ctx.doc[root], rel))
        for (t, root, rel), (_t, anchor, _s, _r) in zip(inside, climbed, strict=True)
        if not _claimed(ctx.doc[root], trigger, others)
    }
    if len(values) != 1:
        return None
    timex, anchor, relation = next(iter(values.values()))
    reporter = ctx.doc[anchor] if ctx.doc[anchor].pos_ in ("VERB", "AUX") else None
    return timex, reporter, relation


_BARE_RULES: Final = frozenset({"month", "month_day", "day_month"})


def _in_year(chosen: _Found, own: Sequence[tuple[Timex, Token]], chain: set[int]) -> _Found:
    """ "The 2019 talks broke down in May", "in 2019, Ostria rejected it on March 3": a
    bare month or day that the layer placed by the publication date falls in the year the
    event names (2019-05, 2019-03-03); not a year of something else ("rejected the 2019
    plan on March 3")."""
    years = [
        t
        for t, root in own
        if not t.anchored and re.fullmatch(r"\d{4}", t.value or "") and _directly_on(root, chain)
    ]
    # placed by the publication date, or not placed at all in an undated document
    bares = [
        t
        for t, root in own
        if t.rule in _BARE_RULES
        and ((t.anchored and t.value) or (t.value is None and _directly_on(root, chain)))
    ]
    if len(years) != 1 or not bares:
        return chosen
    if chosen[0] is years[0]:
        bare = bares[0]
    elif chosen[0] in bares:
        bare = chosen[0]
    else:
        return chosen
    value = _in_named_year(bare, years[0].value or "")
    if value is None:
        return chosen
    return replace(bare, value=value, anchored=False), chosen[1], chosen[2]


def _in_named_year(bare: Timex, year: str) -> str | None:
    """A bare month or day's value in ``year``: its month and day moved there, or, when the
    document gave no date to place it by, read again from its words in that year."""
    if bare.value:
        return f"{year}{bare.value[4:]}"
    # the month or day nearest the middle of a year is that year's
    anchor = dt.date(int(year), 7, 2)
    for text in (bare.text, f"in {bare.text}"):  # "May" alone is read as a month after "in"
        for timex in find_timexes(text, anchor=anchor):
            if timex.value and timex.value.startswith(f"{year}-"):
                return timex.value
    return None


def _directly_on(root: Token, chain: set[int]) -> bool:
    """A time expression on the event's own words, at most through a preposition."""
    node = root
    while node.head.i != node.i and node.head.i not in chain:
        node = node.head
        if node.dep_ != "prep":
            return False
    return node.head.i in chain


def _reporting_noun(clause: Token, others: frozenset[int]) -> Token | None:
    """The event noun whose "that" clause tells this event: "the announcement that ..."."""
    head = clause.head
    if (
        clause.dep_ in ("acl", "ccomp")
        and head.pos_ == "NOUN"
        and head.i in others
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    ):
        return head
    return None


def _inside_apart(clause: Token) -> bool:
    node = clause
    while node.head.i != node.i:
        if _apart(node):
            return True
        node = node.head
    return False


def _claimed(root: Token, trigger: Trigger, others: frozenset[int]) -> bool:
    """Whether a date belongs to another event word on its way up to a verb: "the 2019
    talks" date those talks, not whatever else the sentence tells. A noun that governs the
    event reports it ("the 3 May announcement that Ostria had signed") and lends its date
    as a reporting verb does."""
    chain = trigger.chain()
    node = root
    while node.i not in chain:
        if node.pos_ in ("VERB", "AUX"):
            return False  # a date on a verb is the clause's, whichever events it tells
        if node.i in others and not node.is_ancestor(trigger.head):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _place(ctx: Context, sent: Span, trigger: Trigger, used: set[int]) -> str | None:
    chain = trigger.chain()
    for token in sent:
        mention = ctx.owner[token.i]
        if token.i in used:
            continue
        if mention is None or mention.label not in _PLACE_LABELS:
            if mention is None and _on_trigger(token, chain):
                country = _national_place(ctx, token)
                if country is not None:
                    return country  # "met in the Ostrian capital": in Ostria
            continue
        if token.dep_ == "compound" and token.head.i == trigger.head.i:
            return mention.text  # "the Geneva talks"
        if _on_trigger(token, chain):
            return mention.text
    return None


def _on_trigger(token: Token, chain: set[int]) -> bool:
    """ "in X", "at X" on the trigger or its verb."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ in _PLACE_PREPS
        and _climb(token.head, chain) in chain
    )


def _national_place(ctx: Context, noun: Token) -> str | None:
    """The country of a place told by its demonym: "in the Ostrian capital", "at a Valdorian
    air base". An event or plan noun ("in the Ostrian proposal") is no place."""
    if noun.pos_ != "NOUN" or lemma_of(noun) in ctx.lex.nouns:
        return None
    if lemma_of(noun) in ctx.lex.lists.get("plan_nouns", frozenset()):
        return None
    for child in noun.children:
        if child.dep_ != "amod" or ctx.label(child) != "NORP":
            continue
        nation = default_gazetteer().demonym_side(child.text)
        if nation is not None:
            return nation
    return None


def _covered(ctx: Context, span: tuple[int, int, tuple[str, ...]] | None) -> set[int]:
    if span is None:
        return set()
    chars = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    return {t.i for t in chars} if chars is not None else set()


def _build(
    ctx: Context,
    sent: Span,
    doc_id: str,
    trigger: Trigger,
    mode: Mode,
    *,
    governed: bool,
    others: frozenset[int] = frozenset(),
) -> EventMention | None:
    """The event with its roles, date and place; None when its subject cannot act."""
    actor_token = actor_of(ctx, trigger)
    if not can_act(ctx, trigger, actor_token):
        return None
    target_token = target_of(ctx, trigger, actor_token)
    actor = role_span(ctx, actor_token)
    target = role_span(ctx, target_token)
    if actor is not None and target is not None and actor[:2] == target[:2]:
        target = None
    date = _date(ctx, sent, trigger, governed=governed, mode=mode, others=others)
    place = _place(ctx, sent, trigger, _covered(ctx, actor) | _covered(ctx, target))
    words = sorted(trigger.words, key=lambda t: t.i)
    if words[-1].i - words[0].i >= _MAX_TRIGGER_TOKENS:
        words = [trigger.head]
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    text = ctx.text
    return EventMention(
        doc_id=doc_id,
        type=trigger.type,
        trigger=text[start:end],
        trigger_start=start,
        trigger_end=end,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        actor=text[actor[0] : actor[1]] if actor else None,
        actor_start=actor[0] if actor else None,
        actor_end=actor[1] if actor else None,
        target=text[target[0] : target[1]] if target else None,
        target_start=target[0] if target else None,
        target_end=target[1] if target else None,
        place=place,
        date=date[0] if date else None,
        date_precision=date[1] if date else None,
        mode=_dated_mode(mode, date, ctx.published, deadline=_open_deadline(trigger, mode)),
        actor_parts=actor[2] if actor else (),
        target_parts=target[2] if target else (),
    )
