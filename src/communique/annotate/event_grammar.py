"""Dependency-parse helpers shared by the event stages (internal to :mod:`.events`).

What a verb's subject is, who controls an infinitive, whose noun an event is, and which
calendar span a TIMEX3 value covers: the small grammatical questions that trigger finding
(:mod:`.event_triggers`) and role reading (:mod:`.events`) both ask.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from spacy.tokens import Doc, Token

from communique.annotate.entities import ENTITY_LABELS, ROLE_HEADS, Mention
from communique.annotate.event_lexicon import EventLexicon
from communique.annotate.timex import Timex

__all__ = [
    "ACTION_TYPES",
    "MODAL_FUTURE",
    "SYMMETRIC",
    "Context",
    "Mode",
    "Trigger",
    "build_context",
    "calendar_value",
    "date_bounds",
    "own_timex",
]

Mode = Literal["happened", "planned", "hypothetical", "negated", "historical"]

MODAL_FUTURE: Final = frozenset({"will", "shall", "'ll", "wo", "’ll"})
# Types whose two sides are interchangeable: "X met Y" and "Y met X" tell one meeting.
SYMMETRIC: Final = frozenset({"TALKS", "AGREE", "CEASEFIRE"})
# Types that can be what another event proposes, demands or agrees to ("called for a
# ceasefire"); a proposal under an agreement ("agreed to the plan") is its content, not an event.
ACTION_TYPES: Final = frozenset({"TALKS", "AGREE", "CEASEFIRE", "RELEASE", "ATTACK", "SANCTION"})

DAY_RE: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH_RE: Final = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR_RE: Final = re.compile(r"^(\d{4})$")
_WEEK_RE: Final = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_PART_RE: Final = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_DECADE_RE: Final = re.compile(r"^(\d{3})$")
_PART_MONTHS: Final = {
    "Q1": (1, 3),
    "Q2": (4, 6),
    "Q3": (7, 9),
    "Q4": (10, 12),
    "H1": (1, 6),
    "H2": (7, 12),
    "SP": (3, 5),
    "SU": (6, 8),
    "FA": (9, 11),
    "WI": (12, 14),  # December to February of the next year
}
_PARTY_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_OWNER_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_OWNER_PREPS: Final = frozenset({"by", "from"})
_REFERRING_PRONOUNS: Final = frozenset({"it", "they", "he", "she"})
_RELATIVE_PRONOUNS: Final = frozenset({"who", "which", "that", "whom"})
_WHERE_PREPS: Final = frozenset({"in", "at"})
# Verbs whose object is not who does the infinitive: "promised Ostria to withdraw".
_SUBJECT_CONTROL: Final = frozenset({"promise", "offer", "vow", "pledge", "threaten"})
_MAX_DEPTH: Final = 4


def _month_end(year: int, month: int) -> dt.date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def date_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a TIMEX3 date value covers; None for what is not a calendar span.

    >>> date_bounds("2025-05")
    (datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))

    An ISO 8601 interval ``2025-05-09/2025-05-15`` (a relative date in a document the dater
    could only place within a range) covers both ends.
    """
    if "/" in value:
        head, _, tail = value.partition("/")
        lo, hi = date_bounds(head), date_bounds(tail)
        return (lo[0], hi[1]) if lo and hi and lo[0] <= hi[1] else None
    try:
        if m := DAY_RE.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH_RE.match(value):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, 1), _month_end(year, month)
        if m := _YEAR_RE.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
        if m := _WEEK_RE.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if m := _PART_RE.match(value):
            first, last = _PART_MONTHS[m[2]]
            year = int(m[1])
            return dt.date(year, first, 1), _month_end(year, last)
        if m := _DECADE_RE.match(value):
            start = int(m[1]) * 10
            return dt.date(max(start, 1), 1, 1), dt.date(start + 9, 12, 31)
    except ValueError:
        return None
    return None


UNPLACED_RULES: Final = frozenset({"month", "month_day", "day_month"})
"""The bare months and days ("in May", "on March 3") a year named beside them can place."""


@dataclass(frozen=True, slots=True)
class Context:
    """One document's look-up tables, built once."""

    doc: Doc
    lex: EventLexicon
    owner: Sequence[Mention | None]  # the entity each token belongs to
    dated: Sequence[bool]  # the token lies in a time expression
    timexes: Sequence[tuple[Timex, int]]  # calendar timexes and their root token
    published: dt.date | None
    text: str = ""  # doc.text once: spaCy rebuilds it from the tokens on every access
    # months and days left unplaced (an undated document): a year the event names places them
    unplaced: Sequence[tuple[Timex, int]] = ()

    def label(self, token: Token) -> str:
        mention = self.owner[token.i]
        return mention.label if mention is not None else ""

    def party_like(self, token: Token) -> bool:
        """Can this token name a side: an entity, a party noun, a titled person."""
        if self.dated[token.i]:
            return False
        if self.label(token) in _PARTY_LABELS:
            return True
        lemma = token.lemma_.lower()
        return lemma in self.lex.party_nouns or lemma in ROLE_HEADS

    def names_party(self, token: Token) -> bool:
        """A party, or a phrase a party's name qualifies: "Ostrian positions", "the republic
        of Ostria", "UN planes"."""
        if self.party_like(token):
            return True
        for child in token.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss"):
                if self.label(child) in _PARTY_LABELS:
                    return True
            elif child.dep_ == "prep" and child.lower_ == "of":
                obj = pobj(child)
                if obj is not None and self.label(obj) in _PARTY_LABELS:
                    return True
        return False


@dataclass(slots=True)
class Trigger:
    """A trigger found in a sentence, before its roles are read."""

    type: str
    head: Token  # the trigger word; for a construction, its verb
    clause: Token  # the verb whose clause gives subject, tense and negation
    words: tuple[Token, ...]
    kind: Literal["verb", "noun", "adj", "construction"]
    relation: str = ""  # nouns: light, occurrence or framed
    framer: Token | None = None  # framed nouns: the trigger that governs them
    framer_type: str = ""
    forced_mode: Mode | None = None
    forced_target: Token | None = None
    extra: tuple[Token, ...] = field(default_factory=tuple)  # more tokens a timex may hang on

    def chain(self) -> set[int]:
        return {self.head.i, self.clause.i, *(w.i for w in self.words), *(t.i for t in self.extra)}


def build_context(
    doc: Doc,
    lex: EventLexicon,
    timexes: Sequence[Timex],
    mentions: Sequence[Mention],
    published: dt.date | None,
) -> Context:
    """Map tokens to their entity and time expression once, so each question is a look-up."""
    owner: list[Mention | None] = [None] * len(doc)
    if not mentions:
        mentions = [
            Mention(e.start_char, e.end_char, e.text, e.label_)
            for e in doc.ents
            if e.label_ in ENTITY_LABELS
        ]
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span if span is not None else ():
            owner[token.i] = mention
    dated = [t.ent_type_ in ("DATE", "TIME") for t in doc]
    usable: list[tuple[Timex, int]] = []
    unplaced: list[tuple[Timex, int]] = []
    for timex in timexes:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        for token in span:
            dated[token.i] = True
        if timex.type in ("DATE", "TIME") and timex.value and calendar_value(timex) is not None:
            usable.append((timex, span.root.i))
        elif timex.type == "DATE" and timex.value is None and timex.rule in UNPLACED_RULES:
            unplaced.append((timex, span.root.i))
    return Context(doc, lex, owner, dated, usable, published, doc.text, unplaced)


def calendar_value(timex: Timex) -> tuple[str, str] | None:
    """(value, precision) for a timex that names a calendar span; a clock time gives its day."""
    value = timex.value or ""
    if timex.precision == "time" or "T" in value:
        value = value.split("T", 1)[0]
        return (value, "day") if DAY_RE.match(value) else None
    if date_bounds(value) is None:
        return None
    return value, timex.precision


def lemma_of(token: Token) -> str:
    """The lower-case lemma: the key every lexicon table uses."""
    return token.lemma_.lower()


def pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def undated_prep(ctx: Context, prep: Token) -> bool:
    """A preposition with an object that is not a time expression ("on Monday" is not)."""
    obj = pobj(prep)
    return obj is not None and not ctx.dated[obj.i]


def particle_of(ctx: Context, token: Token, allowed: frozenset[str]) -> Token | None:
    for child in token.children:
        if child.lower_ not in allowed:
            continue
        if child.dep_ == "prt" or (child.dep_ in ("prep", "agent") and undated_prep(ctx, child)):
            return child
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def theme_of(verb: Token, particle: Token | None = None) -> Token | None:
    """What the verb acts on: its object, its passive subject, or the particle's object."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    if particle is not None and particle.dep_ == "prep":
        return pobj(particle)
    return None


def has_infinitive(token: Token) -> bool:
    for child in token.children:
        if child.dep_ in ("xcomp", "acl", "advcl", "ccomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return True
    return False


def auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def in_reported_speech(ctx: Context, verb: Token) -> bool:
    node = verb
    while node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
        node = node.head
    return node.dep_ == "ccomp" and lemma_of(node.head) in ctx.lex.speech_verbs


def is_negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    return token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.children
    )


def governor(token: Token) -> Token | None:
    """The word an infinitive clause depends on: "agreed (to meet)", "an offer (to meet)"."""
    node = token
    while node.dep_ == "conj" and node.head.pos_ in ("VERB", "AUX"):
        node = node.head
    if node.dep_ == "xcomp":
        return node.head
    if node.dep_ in ("acl", "advcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in node.children
    ):
        return node.head
    return None


def speaker_of(ctx: Context, verb: Token) -> Token | None:
    """The subject of the speech verb whose reported clause holds ``verb``."""
    node = verb
    while node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
        node = node.head
    if node.dep_ == "ccomp" and lemma_of(node.head) in ctx.lex.speech_verbs:
        speaker = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
        if speaker is not None and speaker.pos_ != "PRON":
            return speaker
    return None


def referent(ctx: Context, subject: Token, verb: Token) -> Token | None:
    """A subject worth naming: relative pronouns lead to their noun, "it"/"they" in reported
    speech to the speaker ("Ostria said it would ..."); other pronouns to nothing."""
    if subject.pos_ != "PRON":
        return subject
    lower = subject.lower_
    if lower in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        if lower == "which":
            event = _located_event(ctx, verb.head)
            if event is not None:
                return event
        return verb.head
    if lower in _REFERRING_PRONOUNS:
        return speaker_of(ctx, verb)
    return None


def _located_event(ctx: Context, place: Token) -> Token | None:
    """ "held talks in Geneva, which produced a draft": a place named as where an event
    happened does not act in a "which" clause on it; the event does, so its doers do (the
    subject of the verb that holds it, or the noun's owner). None when the place is not
    such a "where"."""
    prep = place.head
    if (
        place.dep_ != "pobj"
        or prep.lower_ not in _WHERE_PREPS
        or ctx.label(place) not in ("GPE", "LOC", "FAC")
    ):
        return None
    host = prep.head
    if host.pos_ == "VERB":  # "held talks in Geneva", the phrase on the verb
        if not any(c.dep_ == "dobj" and lemma_of(c) in ctx.lex.nouns for c in host.children):
            return None
        return subject_of(ctx, host, _MAX_DEPTH)
    if host.pos_ != "NOUN" or lemma_of(host) not in ctx.lex.nouns:
        return None
    if host.dep_ == "dobj" and host.head.pos_ in ("VERB", "AUX"):
        return subject_of(ctx, host.head, _MAX_DEPTH)
    return noun_owner(ctx, host)


def agent_of(verb: Token) -> Token | None:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return pobj(agent) if agent is not None else None


def subject_of(ctx: Context, verb: Token, depth: int = 0) -> Token | None:
    """Who does what ``verb`` says: its subject, its passive agent, or the controller of an
    infinitive ("urged Ostria to release": Ostria; "offered to release": the offerer)."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return None if ctx.dated[child.i] else referent(ctx, child, verb)
    if is_passive(verb):
        return agent_of(verb)
    head = verb.head
    if depth > _MAX_DEPTH or head.i == verb.i:
        return None
    if verb.dep_ == "xcomp" or ((gov := governor(verb)) is not None and gov.i == head.i):
        return _controller(ctx, head, depth)
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subject_of(ctx, head, depth + 1)
    if verb.dep_ == "relcl":
        return head
    if verb.dep_ == "acl" and verb.tag_ != "VBN" and ctx.party_like(head):
        return head  # "forces attacking the town"
    return None


def _controller(ctx: Context, head: Token, depth: int) -> Token | None:
    """Who does an infinitive under ``head``: its object ("urged Ostria to"), "called on X
    to", the owner of a noun ("Ostria's offer to"), or else the subject of ``head``."""
    if head.pos_ in ("VERB", "AUX"):
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None and lemma_of(head) not in _SUBJECT_CONTROL:
            return obj
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "upon") and undated_prep(ctx, child):
                return pobj(child)
        return subject_of(ctx, head, depth + 1)
    if head.pos_ == "ADJ":
        return subject_of(ctx, head.head, depth + 1) if head.head.i != head.i else None
    if head.pos_ in ("NOUN", "PROPN"):
        owner = noun_owner(ctx, head)
        if owner is None and head.dep_ == "dobj":
            return subject_of(ctx, head.head, depth + 1)
        return owner
    return None


def noun_owner(ctx: Context, noun: Token, *, type_: str = "") -> Token | None:
    """Whose noun event it is: "an offer by/from X", "X's offensive", "the X proposal"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
            obj = pobj(child)
            if obj is not None and ctx.party_like(obj):
                return obj
        if child.dep_ == "acl" and (agent := agent_of(child)) is not None:
            return agent
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and not ctx.dated[child.i]:
            return child
    for child in noun.children:
        if child.dep_ not in ("compound", "amod", "nmod"):
            continue
        label = ctx.label(child)
        if label in _OWNER_LABELS and not (type_ in SYMMETRIC and label == "GPE"):
            return child
    return None


def between_of(ctx: Context, noun: Token) -> Token | None:
    """ "talks between X and Y": X (the coordination carries Y)."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            return pobj(child)
    return None


def noun_phrase_head(ctx: Context, token: Token) -> Token | None:
    """The token that stands for the noun in its clause: "a (round of) talks", "a (package
    of) sanctions"; None for a noun that only modifies another ("ceasefire talks")."""
    node = token
    while node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head
    head = node.head
    if node.dep_ == "pobj" and head.lower_ == "of" and lemma_of(head.head) in ctx.lex.quantifiers:
        return head.head
    if node.dep_ == "compound":
        return head if lemma_of(head) in ctx.lex.quantifiers else None
    return node


def own_timex(ctx: Context, token: Token) -> Timex | None:
    """The calendar time expression that hangs on ``token`` itself: climbing the parse from
    the expression reaches ``token`` before any other verb ("said on Friday", "Sunday's talks",
    "an Oct. 3 meeting"). The closest one by dependency path wins."""
    best: tuple[int, Timex] | None = None
    sent = token.sent
    for timex, root in ctx.timexes:
        if not sent.start <= root < sent.end:
            continue
        node, steps = ctx.doc[root], 0
        while node.i != token.i and node.head.i != node.i:
            node, steps = node.head, steps + 1
            if node.i != token.i and node.pos_ in ("VERB", "AUX"):
                break
        if node.i == token.i and (best is None or steps < best[0]):
            best = (steps, timex)
    return best[1] if best is not None else None
