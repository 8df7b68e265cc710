"""How the corpus-level passes grow with the corpus: 1k, 10k and 100k documents.

    python benchmarks/corpus_scaling.py [--sizes 1000 10000 100000] [--repeat 1]

The passes that join documents up (what ``build_briefing`` runs after the language layer):
``resolve_entities`` (entities across documents), ``canonical_names`` + ``merge_events`` +
``timeline`` (events), ``cluster_claims`` (claims), ``position_changes`` and
``stale_documents``. Per-document parsing is linear by construction and measured elsewhere,
so it is not run: each document's outputs (entity ``Mention``, ``EventMention``,
``Position`` and ``ClaimMention`` objects) are built directly.

The synthetic corpus follows the demo corpus's pattern and grows the world with the corpus:
every 200 documents are coverage of a new negotiation (two invented countries with capitals,
demonyms and 20 officials, a mediator, a host city, a lodge, two disputed regions, a corridor
town), running six weeks from a start a week after the previous one's, so about six run at
once. Mediating organisations, host cities, three real intergovernmental organisations, 400
outlets and three wire agencies are shared by the whole corpus, as in real coverage. Names
come in transliteration variants ("-skiy"/"-sky"/"-skyy", "ts"/"tz", "kh"/"h", "v"/"w",
"Y"/"J") with rare typos and NER label noise; each negotiation has 15 scripted events of 11
types, stances of both sides on 11 of the codebook's 19 issues changing over the weeks, and
claims told in paraphrase with some counts, days, titles and delegation heads contradicted,
denials, wire copies and 1% stale documents from an earlier round.

Claim sentences are read by the real ``find_check_worthy`` (regexes, no parser; cached per
distinct sentence, then moved to each document's offsets) before the clock starts, and are
embedded by the word-hashing stand-in of ``claims_scaling.py`` (vectorised, same vectors);
the stand-in's time is shown apart. The peer is exact all-pairs cosine over the same claim
vectors ``cluster_claims`` embedded, run up to ``--peer-max-docs`` and extrapolated (n²)
above. Each size runs in a fresh subprocess (BLAS limited to one thread), so its peak RSS
(``ru_maxrss``) is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_scaling import HashingEmbedder, all_pairs
from communique.analyse.claims import (
    ClaimMention,
    DocumentLayers,
    cluster_claims,
    find_check_worthy,
)
from communique.analyse.claims_slots import Quantity, denies_previous
from communique.analyse.resolve import resolve_entities
from communique.analyse.timeline import canonical_names, merge_events, timeline
from communique.annotate.entities import Mention
from communique.annotate.events import EventMention
from communique.annotate.positions import Position, position_changes
from communique.brief.build import stale_documents
from communique.models import Document

DOCS_PER_NEGOTIATION = 200
_EPOCH = dt.date(2012, 1, 2)
_SEED = "corpus-scaling"

# --- names -----------------------------------------------------------------------------------

_ONSETS = ("k", "v", "d", "m", "s", "t", "r", "l", "n", "b", "g", "z", "kh", "zh", "ch", "ts")
_ONSETS += ("y", "p", "sh", "h")
_VOWELS = ("a", "o", "e", "i", "u", "ya")
_CODAS = ("", "", "", "r", "n", "l", "s", "v", "k")
_SURNAME_ENDS = ("skiy", "ov", "enko", "ich", "ak", "in", "ek", "ovich", "tsev", "yuk")
_FIRST_ENDS = ("iy", "a", "o", "ir", "el", "an", "ya", "ik", "ena", "ko")
_COUNTRY_ENDS = ("ania", "ria", "ova", "onia", "eria")
_CAPITAL_ENDS = ("na", "sk", "grad", "ur", "el", "ovo")
# Spellings of one name: each keeps the transliteration key except the typo, made apart.
_VARIANT_RULES = (
    ("skiy", "sky"),
    ("skiy", "skyy"),
    ("iy", "y"),
    ("ts", "tz"),
    ("kh", "h"),
    ("v", "w"),
    ("ya", "ia"),
    ("Y", "J"),
    ("ch", "tch"),
)
_SIDE_ROLES = (
    "President",
    "Foreign Minister",
    "Defence Minister",
    "foreign ministry spokeswoman",
    "head of the delegation",
    "presidential aide",
    "chief of staff",
    "Deputy Foreign Minister",
    "ambassador",
    "army chief",
)
_ORG_WORDS = (
    ("Concord", "Council", "League", "Forum", "Assembly"),
    ("Northern", "Southern", "Eastern", "Western", "Central", "Coastal"),
    ("States", "Nations", "Republics", "Countries"),
)
_REAL_ORGS = (("United Nations", "UN"), ("European Union", "EU"), ("Red Cross", ""))
_ISSUES = (
    *("ceasefire", "territory", "sovereignty", "alliances", "security_guarantees"),
    *("military_limits", "arms_supplies", "mobilisation", "prisoners", "children_civilians"),
    *("humanitarian", "sanctions", "economy", "reconstruction", "justice", "governance"),
    *("minority_rights", "negotiation_format", "leaders_meeting"),
)
_STANCES = ("demand", "offer", "accept", "reject", "threaten", "condition")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _word(rng: random.Random, syllables: int, end: str = "") -> str:
    return ("".join(_syllable(rng) for _ in range(syllables)) + end).capitalize()


def _spellings(name: str, rng: random.Random, *, most: int = 3) -> tuple[str, ...]:
    """The name first, then up to ``most`` transliteration variants of it."""
    found = [name]
    rules = list(_VARIANT_RULES)
    rng.shuffle(rules)
    for old, new in rules:
        if old in name and len(found) <= most:
            variant = name.replace(old, new, 1)
            if variant not in found:
                found.append(variant)
    return tuple(found)


def _typo(name: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped inside the last word ("Medinksy")."""
    head, _, last = name.rpartition(" ")
    if len(last) < 6:
        return name
    i = rng.randrange(2, len(last) - 2)
    last = last[:i] + last[i + 1] + last[i] + last[i + 2 :]
    return f"{head} {last}".strip()


# --- the world of one negotiation ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    first: tuple[str, ...]
    last: tuple[str, ...]
    role: str
    side: str

    def full(self, rng: random.Random) -> str:
        """A full name as one outlet spells it; the usual spelling half of the time."""
        i = 0 if rng.random() < 0.5 else rng.randrange(len(self.last))
        first = self.first[min(i, len(self.first) - 1) if rng.random() < 0.7 else 0]
        return f"{first} {self.last[i]}"


@dataclass(frozen=True, slots=True)
class Side:
    country: str
    demonym: str
    capital: str
    people: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    acronym: str


@dataclass(frozen=True, slots=True)
class Step:
    """One scripted event; actors and targets are indices: 0/1 the sides, 2 the mediator."""

    type: str
    day: int
    actors: tuple[int, ...]
    targets: tuple[int, ...]
    trigger: str
    at_host: bool = False


@dataclass(slots=True)
class World:
    index: int
    start: dt.date
    sides: tuple[Side, Side]
    mediator: Org
    envoy: Person
    host: tuple[str, ...]
    lodge: str
    regions: tuple[str, str]
    town: str
    steps: list[Step]
    issues: tuple[str, ...]
    stances: dict[tuple[int, str], list[tuple[int, str]]]
    numbers: dict[str, int]
    wire: dict[int, list[tuple[str, Any, Any]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Shared:
    """What every negotiation draws on: mediating organisations, host cities, outlets."""

    orgs: tuple[Org, ...]
    hosts: tuple[tuple[str, ...], ...]
    outlets: tuple[str, ...]


def make_shared() -> Shared:
    rng = random.Random(f"{_SEED}:shared")
    orgs = []
    for _ in range(4):
        words = [rng.choice(options) for options in _ORG_WORDS]
        name = f"{words[0]} of {words[1]} {words[2]}"
        orgs.append(Org(name, "".join(w[0] for w in words)))
    orgs += [Org(name, acronym) for name, acronym in _REAL_ORGS[:2]]
    hosts = []
    for _ in range(12):
        city = _word(rng, 2, rng.choice(("ur", "el", "ar", "un")))
        hosts.append((city, city.replace("u", "ou", 1)) if "u" in city else (city,))
    outlets = tuple(
        f"The {_word(rng, 2)} {rng.choice(('Post', 'Herald', 'Times'))}" for _ in range(400)
    )
    return Shared(tuple(orgs), tuple(hosts), outlets)


def _person(rng: random.Random, role: str, side: str) -> Person:
    last = _word(rng, rng.choice((2, 2, 3)), rng.choice(_SURNAME_ENDS))
    first = _word(rng, rng.choice((1, 2)), rng.choice(_FIRST_ENDS))
    return Person(_spellings(first, rng, most=1), _spellings(last, rng), role, side)


def _side(rng: random.Random) -> Side:
    country = _word(rng, 2, rng.choice(_COUNTRY_ENDS))
    people = tuple(_person(rng, role, country) for role in _SIDE_ROLES)
    return Side(country, country + "n", _word(rng, 2, rng.choice(_CAPITAL_ENDS)), people)


def _script(rng: random.Random) -> list[Step]:
    """The demo's story: offer, refusal, two rounds, an exchange, sanctions, a truce."""
    a, b = (0, 1) if rng.random() < 0.5 else (1, 0)
    steps = [
        Step("PROPOSE", 0, (b,), (a,), "proposed"),
        Step("REJECT", 2, (a,), (b,), "rejected"),
        Step("PROPOSE", 2, (a,), (b,), "proposed"),
        Step("DEMAND", 4, (b,), (a,), "demanded"),
        Step("TALKS", 13, (a, b), (), "talks", at_host=True),
        Step("AGREE", 14, (a, b), (), "agreed", at_host=True),
        Step("ATTACK", 20, (a,), (b,), "strike"),
        Step("RELEASE", 21, (a, b), (), "exchanged"),
        Step("SANCTION", 23, (2,), (a,), "sanctions"),
        Step("THREATEN", 24, (a,), (2,), "threatened"),
        Step("AGREE", 26, (a,), (b,), "accepted"),
        Step("CEASEFIRE", 27, (a, b), (), "truce"),
        Step("TALKS", 35, (a, b), (), "talks", at_host=True),
        Step("AGREE", 35, (a, b), (), "agreed", at_host=True),
        Step("INTEND", 36, (2,), (), "plans"),
    ]
    return [replace(s, day=max(0, s.day + rng.choice((-1, 0, 0, 1)))) for s in steps]


def _stance_paths(rng: random.Random, issues: Sequence[str]) -> dict[tuple[int, str], list[Any]]:
    """Each side's stance on each issue: where it starts and the days it changes."""
    paths: dict[tuple[int, str], list[Any]] = {}
    for side in (0, 1):
        for issue in issues:
            path = [(0, rng.choice(_STANCES))]
            for day in sorted(rng.sample(range(5, 40), rng.choice((0, 1, 1, 2)))):
                path.append((day, rng.choice([s for s in _STANCES if s != path[-1][1]])))
            paths[(side, issue)] = path
    return paths


def make_world(index: int, shared: Shared) -> World:
    rng = random.Random(f"{_SEED}:world:{index}")
    sides = (_side(rng), _side(rng))
    mediator = rng.choice(shared.orgs)
    numbers = {
        "prisoners": rng.choice((500, 800, 1000, 1200, 1500)),
        "truce": rng.choice((10, 30, 60)),
        "killed": rng.randint(3, 14),
        "months": rng.choice((3, 6, 12)),
        "troops": rng.choice((40_000, 60_000, 80_000)),
    }
    issues = tuple(rng.sample(_ISSUES, 11))
    return World(
        index=index,
        start=_EPOCH + dt.timedelta(days=7 * index),
        sides=sides,
        mediator=mediator,
        envoy=_person(rng, "special envoy", mediator.name),
        host=rng.choice(shared.hosts),
        lodge=f"{_word(rng, 2)} Lodge",
        regions=(_word(rng, 2), _word(rng, 2)),
        town=_word(rng, 2),
        steps=_script(rng),
        issues=issues,
        stances=_stance_paths(rng, issues),
        numbers=numbers,
    )


# --- one document's entity mentions ------------------------------------------------------------


@dataclass(slots=True)
class Cursor:
    """Offsets that move forward through a document, as mentions do."""

    rng: random.Random
    at: int = 0

    def take(self, length: int, gap: tuple[int, int] = (5, 60)) -> tuple[int, int]:
        self.at += self.rng.randint(*gap)
        start = self.at
        self.at += length
        return start, self.at


def _person_mentions(
    person: Person, world: World, rng: random.Random, cur: Cursor, *, full: bool
) -> list[Mention]:
    """A first mention (with role and side cue now and then) and a few by surname."""
    out = []
    name = person.full(rng)
    if rng.random() < 0.01:
        name = _typo(name, rng)
    side = next((s for s in world.sides if s.country == person.side), None)
    if full:
        label = "PERSON" if rng.random() < 0.97 else "ORG"
        role = person.role if rng.random() < 0.5 else None
        cue: str | None = None
        if side is not None and rng.random() < 0.5:
            cue = rng.choice((side.demonym, f"of {side.country}", f"{side.country}'s"))
        start, end = cur.take(len(name))
        cue_span = (start - len(cue) - 1, start - 1) if cue else (None, None)
        out.append(Mention(start, end, name, label, role, cue, *cue_span))
    surname = name.rsplit(" ", 1)[-1]
    for _ in range(rng.choice((0, 1, 1, 2, 3)) if full else 1):
        roll = rng.random()
        label = "PERSON" if roll < 0.85 else ("ORG" if roll < 0.95 else "GPE")
        out.append(Mention(*cur.take(len(surname)), surname, label))
    return out


def _named(text: str, label: str, cur: Cursor) -> Mention:
    return Mention(*cur.take(len(text)), text, label)


def entity_mentions(world: World, rng: random.Random) -> list[Mention]:
    """About 25 mentions: people of both sides and the mediator, places, organisations."""
    cur = Cursor(rng)
    out: list[Mention] = []
    for side in world.sides:
        out += [_named(side.country, "GPE", cur) for _ in range(rng.randint(2, 5))]
        out += [_named(side.capital, "GPE", cur) for _ in range(rng.randint(0, 2))]
        out += [_named(side.demonym, "NORP", cur) for _ in range(rng.randint(0, 2))]
        for person in rng.sample(side.people, rng.randint(2, 4)):
            out += _person_mentions(person, world, rng, cur, full=rng.random() < 0.9)
        if rng.random() < 0.3:
            out.append(_named(f"{side.demonym} Foreign Ministry", "ORG", cur))
    if rng.random() < 0.6:
        out += _person_mentions(world.envoy, world, rng, cur, full=True)
        out.append(_named(world.mediator.name, "ORG", cur))
        if world.mediator.acronym and rng.random() < 0.5:
            out.append(_named(world.mediator.acronym, "ORG", cur))
    out.append(_named(rng.choice(world.host), "GPE", cur))
    if rng.random() < 0.3:
        out.append(_named(world.lodge, "FAC", cur))
    for region in rng.sample(world.regions, rng.randint(0, 2)):
        out.append(_named(region, rng.choice(("LOC", "GPE")), cur))
    for org, acronym in _REAL_ORGS:
        if rng.random() < 0.1:
            out.append(_named(rng.choice([n for n in (org, acronym) if n]), "ORG", cur))
    return out


# --- events and positions ------------------------------------------------------------------------


def _surface(world: World, who: int, rng: random.Random) -> str:
    """How a report names a side: country, capital, "X negotiators", or one of its people."""
    if who == 2:
        return world.mediator.acronym or world.mediator.name
    side = world.sides[who]
    roll = rng.random()
    if roll < 0.5:
        return side.country
    if roll < 0.65:
        return side.capital
    if roll < 0.8:
        return f"{side.demonym} {rng.choice(('negotiators', 'officials'))}"
    return side.people[rng.randrange(3)].full(rng)


def _date_value(day: dt.date, rng: random.Random) -> tuple[str | None, str | None]:
    roll = rng.random()
    if roll < 0.04:
        day += dt.timedelta(days=rng.choice((-1, 1)))  # one outlet has the day wrong
    if roll < 0.6:
        return day.isoformat(), "day"
    if roll < 0.75:
        return f"{day.year:04d}-{day.month:02d}", "month"
    if roll < 0.8:
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}", "week"
    return None, None


def _event_mention(
    step: Step, world: World, doc: tuple[str, int], rng: random.Random, cur: Cursor
) -> EventMention:
    doc_id, today = doc
    actors = tuple(_surface(world, a, rng) for a in step.actors)
    if len(actors) == 2 and rng.random() < 0.2:
        actors = ("the two sides",)
    targets = tuple(_surface(world, t, rng) for t in step.targets)
    mode = "planned" if step.day > today else "happened"
    roll = rng.random()
    mode = "hypothetical" if roll < 0.05 else ("negated" if roll < 0.08 else mode)
    date, precision = _date_value(world.start + dt.timedelta(days=step.day), rng)
    place = rng.choice(world.host) if step.at_host and rng.random() < 0.7 else None
    s_start, s_end = cur.take(120)
    t_start = s_start + rng.randint(0, 60)
    actor = " and ".join(actors) or None
    target = " and ".join(targets) or None
    return EventMention(
        *(doc_id, step.type, step.trigger, t_start, t_start + len(step.trigger), s_start, s_end),
        *(actor, s_start if actor else None, s_start + len(actor) if actor else None),
        *(target, t_start + 12 if target else None, t_start + 30 if target else None),
        *(place, date, precision, mode),
        actor_parts=actors if len(actors) > 1 else (),
        target_parts=targets if len(targets) > 1 else (),
    )


def event_mentions(world: World, doc: tuple[str, int], rng: random.Random) -> list[EventMention]:
    """Three to five of the events told by the day the document is published (or planned)."""
    known = [s for s in world.steps if s.day <= doc[1] + 10]
    cur = Cursor(rng)
    chosen = rng.sample(known, min(len(known), rng.randint(3, 5)))
    return [_event_mention(s, world, doc, rng, cur) for s in sorted(chosen, key=lambda s: s.day)]


def _stance_on(world: World, side: int, issue: str, day: int) -> str:
    return [stance for start, stance in world.stances[(side, issue)] if start <= day][-1]


def positions(world: World, doc: tuple[str, int], rng: random.Random) -> list[Position]:
    """Three stances, each on its statement's day; a quarter name only the person who held it."""
    doc_id, today = doc
    out = []
    cur = Cursor(rng)
    for _ in range(3):
        side_index = rng.randrange(2)
        side = world.sides[side_index]
        issue = rng.choice(world.issues)
        day = max(0, today - (rng.randint(0, 3) if rng.random() < 0.3 else 0))
        stance = _stance_on(world, side_index, issue, day)
        holder = side.people[rng.randrange(4)].full(rng) if rng.random() < 0.25 else side.country
        party = side.country if holder == side.country else None
        text = f"{holder} said it would {stance} on {issue.replace('_', ' ')}."
        start, end = cur.take(len(text))
        when = (world.start + dt.timedelta(days=day)).isoformat()
        out.append(Position(doc_id, party, holder, issue, stance, text, start, end, None, when))  # type: ignore[arg-type]
    return out


# --- claim sentences -----------------------------------------------------------------------------

# A filled slot: (text, entity label or "", resolved date value or None).
Filler = tuple[str, str, str | None]
_SLOT_RE = re.compile(r"\{(\w+)\}")


def _render(template: str, fillers: dict[str, Filler]) -> tuple[str, Any, Any]:
    """(sentence, entity spans, date spans) with offsets inside the sentence."""
    parts: list[str] = []
    ents, dates, at, cursor = [], [], 0, 0
    for m in _SLOT_RE.finditer(template):
        parts.append(template[cursor : m.start()])
        at += m.start() - cursor
        text, label, value = fillers[m[1]]
        if label:
            ents.append((at, at + len(text), label))
        if value:
            dates.append((at, at + len(text), value))
        parts.append(text)
        at += len(text)
        cursor = m.end()
    parts.append(template[cursor:])
    return "".join(parts), tuple(ents), tuple(dates)


def _fillers(world: World, today: int, rng: random.Random) -> dict[str, Filler]:
    a, b = world.sides
    out: dict[str, Filler] = {
        "A": (a.country, "GPE", None),
        "B": (b.country, "GPE", None),
        "Adem": (a.demonym, "NORP", None),
        "Bdem": (b.demonym, "NORP", None),
        "Acap": (a.capital, "GPE", None),
        "Bcap": (b.capital, "GPE", None),
        "host": (rng.choice(world.host), "GPE", None),
        "lodge": (world.lodge, "FAC", None),
        "region": (rng.choice(world.regions), "GPE", None),
        "town": (world.town, "GPE", None),
        "med": (world.mediator.name, "ORG", None),
        "Bpres": (b.people[0].full(rng), "PERSON", None),
        "Ahead": (a.people[4].full(rng), "PERSON", None),
        "Aspk": (a.people[3].full(rng), "PERSON", None),
        "Adm": (a.people[2].full(rng), "PERSON", None),
        "Bdm": (b.people[2].full(rng), "PERSON", None),
    }
    if rng.random() < 0.08:  # another outlet names someone else as head of delegation
        out["Ahead"] = (a.people[1].full(rng), "PERSON", None)
    for key, value in world.numbers.items():
        shifted = value + (value // 5 or 2) if rng.random() < 0.1 else value
        out[key] = (f"{shifted:,}", "", None)
    return out


# (fact, day it happens, paraphrases); {d} is the day the fact is dated.
_FACTS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        0,
        (
            "{Bpres} proposed a {truce}-day truce {d}.",
            "{B} offered {A} a {truce}-day ceasefire {d}.",
        ),
    ),
    (
        2,
        (
            "{A} rejected the truce offer {d}, the {Adem} foreign ministry said.",
            "{Aspk}, a spokeswoman for the {Adem} foreign ministry, said {A} turned down"
            " the truce {d}.",
        ),
    ),
    (
        13,
        (
            "Talks between {A} and {B} opened in {host} {d}.",
            "Delegations from {A} and {B} met at the {lodge} near {host} {d}.",
        ),
    ),
    (
        13,
        (
            "The {Adem} delegation was led by {Ahead}.",
            "{Ahead}, head of the {Adem} delegation, arrived in {host} {d}.",
        ),
    ),
    (
        13,
        (
            "{Bdem} defence minister {Bdm} arrived in {host} {d}.",
            "{Bdem} defence minister {Bdm} met the {med} envoy {d}.",
        ),
    ),
    (
        14,
        (
            "{A} and {B} agreed to exchange {prisoners} prisoners each {d}.",
            "The two sides agreed {d} to swap {prisoners} prisoners each, officials in"
            " {Acap} said.",
        ),
    ),
    (14, ("{Ahead} said a buffer zone in {region} had been agreed in principle {d}.",)),
    (20, ("A drone strike on {Bcap} killed {killed} people {d}, {Bdem} officials said.",)),
    (
        21,
        (
            "{A} and {B} exchanged {prisoners} prisoners each {d}.",
            "{prisoners} prisoners from each side were released {d}, the {med} said.",
        ),
    ),
    (23, ("The {med} extended sanctions on {A} for {months} months {d}.",)),
    (24, ("{Adm} threatened {d} to pull out of the talks in {host}.",)),
    (26, ("{A} accepted the {truce}-day truce {d} with conditions.",)),
    (
        35,
        (
            "The two sides agreed {d} to open a humanitarian corridor to {town}.",
            "{B} offered a cap of {troops} troops in {region}, {Bdem} negotiators said {d}.",
        ),
    ),
)
_FORMER = "Former defence minister {Bdm} arrived in {host} {d}."
_DENIAL = "{Bdm} denied that any buffer zone in {region} had been agreed."
_LOCAL = "Local resident {who} said {houses} houses in {region} were damaged {d}."


def _dated(fillers: dict[str, Filler], day: dt.date, rng: random.Random) -> dict[str, Filler]:
    if rng.random() < 0.05:
        day += dt.timedelta(days=rng.choice((-1, 1)))
    return {**fillers, "d": (f"on {_WEEKDAYS[day.weekday()]}", "", day.isoformat())}


def claim_sentences(world: World, today: int, rng: random.Random) -> list[tuple[str, Any, Any]]:
    """About eight sentences: known facts in paraphrase, now and then a denial or a
    contradicted title, and one local detail no other report has."""
    fillers = _fillers(world, today, rng)
    known = [(day, texts) for day, texts in _FACTS if day <= today]
    out = []
    for day, texts in rng.sample(known, min(len(known), 6)):
        template = rng.choice(texts)
        if "defence minister" in template and rng.random() < 0.05:
            template = _FORMER
        out.append(_render(template, _dated(fillers, world.start + dt.timedelta(days=day), rng)))
        if "buffer zone" in template and rng.random() < 0.5:
            out.append(_render("{B} denied that.", fillers))
    if today >= 14 and rng.random() < 0.1:
        out.append(_render(_DENIAL, fillers))
    local = {
        **_dated(fillers, world.start + dt.timedelta(days=max(0, today - 1)), rng),
        "who": (f"{_word(rng, 2)} {_word(rng, 2, 'ova')}", "PERSON", None),
        "houses": (str(rng.randint(3, 90)), "", None),
    }
    out.append(_render(_LOCAL, local))
    return out


@dataclass(slots=True)
class Reader:
    """``find_check_worthy`` on each distinct sentence once, then moved to where it occurs."""

    cache: dict[tuple[str, Any, Any], ClaimMention | None] = field(default_factory=dict)

    def read(
        self, doc: Document, sentences: Sequence[tuple[str, Any, Any]], origin: str
    ) -> list[ClaimMention]:
        out = []
        at, previous = 0, None
        for rendered in sentences:
            found = self._once(rendered)
            if found is not None:
                refers = previous if found.denial and denies_previous(found.text) else None
                out.append(_moved(found, at, doc, origin, refers))
            previous = (at, at + len(rendered[0]))
            at += len(rendered[0]) + 1
        return out

    def _once(self, rendered: tuple[str, Any, Any]) -> ClaimMention | None:
        if rendered not in self.cache:
            text, ents, dates = rendered
            layers = DocumentLayers.from_spans(
                text, [(0, len(text))], entities=ents, dates=dates, figures=_figures(text)
            )
            found = find_check_worthy("", text, layers, origin="")
            self.cache[rendered] = found[0] if found else None
        return self.cache[rendered]


_FIGURE_RE = re.compile(r"\b(\d[\d,]*)(%?) ([a-z]+?)s?\b")


def _figures(text: str) -> list[Quantity]:
    """What spaCy's figure layer would read in a synthetic sentence (a count and the noun
    after it): the benchmark measures the corpus passes, not the reading."""
    return [
        Quantity(float(m[1].replace(",", "")), f"{m[2]}{m[3]}", "exact", m.start(), m.end(2), m[0])
        for m in _FIGURE_RE.finditer(text)
    ]


def _moved(m: ClaimMention, by: int, doc: Document, origin: str, refers: Any) -> ClaimMention:
    def shift(parts: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(replace(p, start=p.start + by, end=p.end + by) for p in parts)

    return replace(
        m,
        doc_id=doc.id,
        start=m.start + by,
        end=m.end + by,
        origin=origin,
        numbers=shift(m.numbers),
        dates=shift(m.dates),
        slots=shift(m.slots),
        refers_to=refers,
        published=doc.published,
    )


# --- the corpus ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Corpus:
    documents: list[Document] = field(default_factory=list)
    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)
    people: int = 0


def _stale_events(world: World, doc_id: str, rng: random.Random) -> list[EventMention]:
    """A report of the earlier round, three years before, that collapsed."""
    then = world.start - dt.timedelta(days=3 * 365)
    cur = Cursor(rng)
    step = Step("TALKS", 0, (0, 1), (), "talks", at_host=True)
    mention = _event_mention(step, world, (doc_id, 0), rng, cur)
    return [replace(mention, date=then.isoformat(), date_precision="day", mode="happened")]


def add_document(
    corpus: Corpus, d: int, worlds: list[World], shared: Shared, reader: Reader
) -> None:
    rng = random.Random(f"{_SEED}:doc:{d}")
    world = worlds[d // DOCS_PER_NEGOTIATION]
    doc_id = f"d{d:06d}"
    today = rng.randint(0, 42)
    stale = rng.random() < 0.01
    wire = not stale and rng.random() < 0.15
    if wire:  # a copy of one of six agency stories about this negotiation
        story = rng.randrange(6)
        today = 7 * story + 3
        if story not in world.wire:
            world.wire[story] = claim_sentences(
                world, today, random.Random(f"{_SEED}:wire:{world.index}:{story}")
            )
        sentences = world.wire[story]
        origin = f"wire:{('tidewater', 'reuters', 'ap')[world.index % 3]}"
    else:
        sentences = claim_sentences(world, today, rng)
        outlet = rng.choice(shared.outlets)
        origin = f"outlet:{outlet.lower()}"
    published = world.start + dt.timedelta(days=today - (3 * 365 if stale else 0))
    text = " ".join(s for s, _, _ in sentences)
    doc = Document(doc_id, "synthetic", text, outlet=origin, published=published)
    corpus.documents.append(doc)
    corpus.mentions += [(doc_id, m) for m in entity_mentions(world, rng)]
    corpus.events += (
        _stale_events(world, doc_id, rng) if stale else event_mentions(world, (doc_id, today), rng)
    )
    corpus.positions += positions(world, (doc_id, today), rng)
    corpus.claims += reader.read(doc, sentences, origin)


def build_corpus(docs: int) -> Corpus:
    shared = make_shared()
    worlds = [make_world(i, shared) for i in range(math.ceil(docs / DOCS_PER_NEGOTIATION))]
    corpus = Corpus(people=sum(21 for _ in worlds))
    reader = Reader()
    for d in range(docs):
        add_document(corpus, d, worlds, shared, reader)
    return corpus


# --- measuring (in the child process) -----------------------------------------------------------


class StandInEmbedder(HashingEmbedder):
    """The word-hashing stand-in, vectorised (same vectors), timing itself and keeping its last
    output for the all-pairs peer."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds = 0.0
        self.vectors: npt.NDArray[np.float32] | None = None

    def embed(self, sentences: list[str]) -> npt.NDArray[np.float32]:
        start = time.perf_counter()
        vocab: dict[str, int] = {}
        ids: list[int] = []
        bounds = [0]
        for sentence in sentences:
            ids += [vocab.setdefault(w, len(vocab)) for w in re.findall(r"\w+", sentence.lower())]
            bounds.append(len(ids))
        table = (
            np.stack([self._word(w) for w in vocab]) if vocab else np.zeros((1, 384), np.float32)
        )
        out = np.zeros((len(sentences), 384), dtype=np.float32)
        index = np.asarray(ids, dtype=np.int64)
        starts = np.asarray(bounds, dtype=np.int64)
        for lo in range(0, len(sentences), 4096):
            hi = min(lo + 4096, len(sentences))
            a, b = starts[lo], starts[hi]
            if b > a:
                sums = np.add.reduceat(table[index[a:b]], starts[lo:hi] - a, axis=0)
                empty = starts[lo:hi] == starts[lo + 1 : hi + 1]
                sums[empty] = 0.0
                out[lo:hi] = sums
        out /= np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-9, None)
        self.seconds += time.perf_counter() - start
        self.vectors = out
        return out


def _best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        gc.collect()  # a pass pays for its own garbage, not for building the corpus
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def _report(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def measure(docs: int, *, repeat: int, peer: bool) -> None:
    """Build the corpus, time each pass, print one JSON line per finished step."""
    start = time.perf_counter()
    corpus = build_corpus(docs)
    _report(step="setup", s=time.perf_counter() - start)
    seconds, entities = _best(repeat, lambda: resolve_entities(corpus.mentions))
    persons = sum(1 for e in entities if e.type == "PERSON")
    _report(
        step="resolve", s=seconds, entities=len(entities), persons=persons, people=corpus.people
    )
    seconds, events = _best(
        repeat,
        lambda: timeline(
            merge_events(
                corpus.events,
                canonical=canonical_names(entities),
                side=canonical_names(entities, by_party=True),
            ),
            undated=True,
        ),
    )
    _report(
        step="events",
        s=seconds,
        events=len(events),
        truth=15 * math.ceil(docs / DOCS_PER_NEGOTIATION),
    )
    embedder = StandInEmbedder()
    seconds, claims = _best(repeat, lambda: cluster_claims(corpus.claims, embedder=embedder))  # type: ignore[arg-type]
    biggest = max(claims, key=lambda c: len(c.mentions), default=None)
    largest = len(biggest.mentions) if biggest else 0
    spans = (
        len({int(m.doc_id[1:]) // DOCS_PER_NEGOTIATION for m in biggest.mentions}) if biggest else 0
    )
    statuses = Counter(c.status for c in claims)
    embed = embedder.seconds / repeat
    _report(
        step="claims",
        s=seconds - embed,
        embed=embed,
        claims=len(claims),
        largest=largest,
        spans=spans,
        statuses=dict(statuses),
    )
    vectors = embedder.vectors
    assert vectors is not None
    if peer:
        start = time.perf_counter()
        all_pairs(vectors, 0.5)
        _report(step="peer", s=time.perf_counter() - start, nodes=len(vectors))
    else:
        _report(step="peer", s=None, nodes=len(vectors))
    seconds, changes = _best(repeat, lambda: position_changes(corpus.positions))
    _report(step="positions", s=seconds, changes=len(changes))
    seconds, stale = _best(repeat, lambda: stale_documents(corpus.documents))
    _report(step="stale", s=seconds, stale=len(stale))
    counts = {
        "mentions": len(corpus.mentions),
        "event_mentions": len(corpus.events),
        "positions": len(corpus.positions),
        "claim_mentions": len(corpus.claims),
    }
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _report(step="done", rss_mb=rss, **counts)


# --- the parent: one fresh process per size ------------------------------------------------------


def run_size(docs: int, *, repeat: int, peer: bool, timeout: float) -> dict[str, dict[str, Any]]:
    """The child's reports by step; a step the child did not finish is missing, and
    ``timeout`` says so when the child was stopped."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    command = [sys.executable, __file__, "--child", str(docs), "--repeat", str(repeat)]
    command += ["--peer"] if peer else []
    steps: dict[str, dict[str, Any]] = {}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        output, failed = done.stdout, done.returncode != 0
        if failed:
            steps["error"] = {
                "text": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"
            }
    except subprocess.TimeoutExpired as stopped:
        raw = stopped.stdout or b""
        output = raw.decode() if isinstance(raw, bytes) else raw
        steps["timeout"] = {"s": timeout}
    for line in output.splitlines():
        if line.startswith("{"):
            report = json.loads(line)
            steps[report.pop("step")] = report
    return steps


_PASSES = ("resolve", "events", "claims", "positions", "stale")
_HEADERS = (
    "documents",
    "resolve s",
    "merge_events s",
    "cluster_claims s",
    "all-pairs peer s",
    "position_changes s",
    "stale_documents s",
    "total s",
    "stand-in embed s",
    "peak RSS MB",
)


def _cell(step: dict[str, Any] | None, key: str = "s") -> str:
    if step is None or step.get(key) is None:
        return "—"
    value = float(step[key])
    return f"{value:.3f}" if value < 1 else f"{value:.1f}"


def _row(docs: int, steps: dict[str, dict[str, Any]], peer_note: str) -> list[str]:
    finished = all(p in steps for p in _PASSES)
    total = sum(float(steps[p]["s"]) for p in _PASSES) if finished else None
    cells = [f"{docs:,}"] + [_cell(steps.get(p)) for p in _PASSES[:3]]
    peer = steps.get("peer")
    cells.append(_cell(peer) if peer and peer.get("s") is not None else peer_note)
    cells += [_cell(steps.get(p)) for p in _PASSES[3:]]
    cells.append(_cell({"s": total}))
    cells.append(_cell(steps.get("claims"), "embed"))
    done = steps.get("done")
    cells.append(f"{done['rss_mb']:.0f}" if done else "—")
    if "timeout" in steps:
        missing = next(p for p in (*_PASSES, "done") if p not in steps)
        cells = [c if c != "—" else f"stopped in {missing}" for c in cells[:2]] + cells[2:]
    return cells


def _counts_row(docs: int, steps: dict[str, dict[str, Any]]) -> list[str]:
    done, resolve = steps.get("done", {}), steps.get("resolve", {})
    events, claims = steps.get("events", {}), steps.get("claims", {})

    def get(step: dict[str, Any], key: str) -> str:
        return f"{step[key]:,}" if key in step else "—"

    persons = f"{get(resolve, 'persons')} / {get(resolve, 'people')}"
    return [
        f"{docs:,}",
        get(done, "mentions"),
        persons,
        get(done, "event_mentions"),
        f"{get(events, 'events')} / {get(events, 'truth')}",
        get(done, "claim_mentions"),
        get(steps.get("peer", {}), "nodes"),
        get(claims, "claims"),
        f"{get(claims, 'largest')} ({get(claims, 'spans')})",
        get(done, "positions"),
        get(steps.get("positions", {}), "changes"),
        get(steps.get("stale", {}), "stale"),
    ]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---:|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _growth(results: Sequence[tuple[int, dict[str, dict[str, Any]]]]) -> list[str]:
    """Time ratio between neighbouring sizes, per ×10 documents, with its exponent (1 is
    linear, 2 quadratic)."""
    labels = {"resolve": "resolve", "events": "merge_events", "claims": "cluster_claims"}
    labels |= {"positions": "position_changes", "peer": "all-pairs peer"}
    out = []
    for (n1, s1), (n2, s2) in pairwise(results):
        parts = []
        for key, label in labels.items():
            a, b = s1.get(key, {}).get("s"), s2.get(key, {}).get("s")
            if a and b:
                ratio = (b / a) ** (1 / math.log10(n2 / n1))
                parts.append(f"{label} ×{ratio:.1f} (n^{math.log(b / a) / math.log(n2 / n1):.2f})")
        out.append(f"- {n1:,} → {n2:,}: " + ", ".join(parts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs per pass")
    parser.add_argument("--peer-max-docs", type=int, default=10000, help="largest peer run")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per size")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--peer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        measure(args.child, repeat=args.repeat, peer=args.peer)
        return
    results = []
    for docs in args.sizes:
        peer = docs <= args.peer_max_docs
        steps = run_size(docs, repeat=args.repeat, peer=peer, timeout=args.timeout)
        results.append((docs, steps))
        print(f"{docs:,} documents: setup {_cell(steps.get('setup'))} s", file=sys.stderr)
    rows = []
    for docs, steps in results:
        rows.append(_row(docs, steps, _peer_estimate(docs, steps, results)))
    print(_table(_HEADERS, rows))
    print("\nGrowth per ×10 documents (time ratio; exponent, 1 = linear, 2 = quadratic):")
    print("\n".join(_growth(results)))
    counts = ("documents", "entity mentions", "persons found / true", "event mentions")
    counts += ("events / scripted", "claim mentions", "claim nodes", "claims")
    counts += ("largest claim (negotiations)",)
    counts += ("positions", "changes", "stale docs")
    print("\n" + _table(counts, [_counts_row(docs, steps) for docs, steps in results]))
    for docs, steps in results:
        for problem in ("timeout", "error"):
            if problem in steps:
                print(f"\n{docs:,} documents: {problem}: {steps[problem]}")


def _peer_estimate(docs: int, steps: dict[str, Any], results: Sequence[tuple[int, Any]]) -> str:
    """Not run: the largest measured peer scaled by the square of the claim nodes."""
    measured = [s for _, s in results if s.get("peer", {}).get("s")]
    nodes = steps.get("peer", {}).get("nodes")
    if not measured or not nodes:
        return "not run"
    ref = measured[-1]["peer"]
    estimate = ref["s"] * (nodes / ref["nodes"]) ** 2
    return f"not run (n² ≈ {estimate:,.0f})"


if __name__ == "__main__":
    main()
