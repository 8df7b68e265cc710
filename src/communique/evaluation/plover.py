"""Read the PLOVER gold-standard records and score event type, source and target against them.

PLOVER (the Open Event Data Alliance's successor to CAMEO) ships ``PLOVER_GSR_CAMEO.txt``: a JSON
list of hand-coded sentences (CC BY-SA 4.0, read in place, never copied), each with ``text``,
``event`` (a PLOVER category), ``source`` and ``target`` lists of actors whose ``actorText`` is
the actor as written. The first record (``event == "DOCUMENT"``) documents the file and is
skipped.

Our types are a negotiation-oriented subset, so each PLOVER category maps to a primary type of
ours (``OTHER`` when we have none) and may accept a few more that refine it
(:data:`PLOVER_TO_OURS`):

=============  ==============================================================================
PLOVER         ours (primary first; the others also count in the lenient score)
=============  ==============================================================================
AGREE          AGREE; PROPOSE, INTEND (PLOVER codes offers and promises as AGREE), CEASEFIRE,
               RELEASE (what was agreed)
CONSULT        TALKS
DEMAND         DEMAND
REJECT         REJECT
THREATEN       THREATEN; INTEND (an announced measure against someone)
SANCTION       SANCTION
ASSAULT        ATTACK
FIGHT          ATTACK
SUPPORT        OTHER; AGREE (signing treaties is SUPPORT in PLOVER)
CONCEDE        OTHER; AGREE (accepting demands)
RETREAT        OTHER; CEASEFIRE, RELEASE (PLOVER files declared ceasefires and releases here)
DISAPPROVE     OTHER; DEMAND ("called for sanctions")
PROTEST        OTHER; DEMAND (protests "to demand" reforms)
COERCE         OTHER; ATTACK, SANCTION (bans, blockades, demolitions)
COOPERATE, AID, INVESTIGATE, MOBILIZE      OTHER
=============  ==============================================================================

Scores (one prediction per record: the event whose trigger stands highest in the parse):

* type accuracy over the records whose PLOVER category maps to one of our types (strict: the
  primary type; lenient: any accepted type), and over all records with OTHER for the rest
  (predicting no event counts as OTHER);
* source and target accuracy over records with a gold actor: our actor (target) *overlaps* a
  gold ``actorText`` when they share a distinctive word (not a title or a generic party noun
  like "government"), a demonym matching its country ("Israeli" ~ "Israel"); *exact* when the
  folded strings are equal.

GDELT's manual check of its own output (81.2 % of event codes and 79 % of actors correct) is
the published bar, but on a different protocol: reviewers judged a sample of machine-coded
news, while this scores a fixed gold set of edited textbook examples.

Example::

    records = read_records(Path("../shared/eval/plover/gold_standard_records/PLOVER_GSR_CAMEO.txt"))
    print(score(records, predict(nlp, records)).rate("type_mapped_lenient"))
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from spacy.language import Language
from spacy.tokens import Doc

from communique.annotate.entities import ROLE_HEADS, ROLE_MODIFIERS, find_mentions
from communique.annotate.event_lexicon import EventLexicon, default_event_lexicon
from communique.annotate.events import EventMention, find_events
from communique.annotate.timex import find_timexes
from communique.errors import MalformedInput, UnreadableInput, UsageError

__all__ = [
    "ACTOR_COLUMNS",
    "OTHER",
    "PLOVER_TO_OURS",
    "TYPE_COLUMNS",
    "PloverRecord",
    "PloverScores",
    "Prediction",
    "actor_exact",
    "actor_overlaps",
    "keyword_baseline",
    "main_event",
    "plover_type",
    "predict",
    "read_records",
    "score",
    "table_header",
]

OTHER: Final = "OTHER"
PLOVER_TO_OURS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "AGREE": ("AGREE", "PROPOSE", "INTEND", "CEASEFIRE", "RELEASE"),
        "CONSULT": ("TALKS",),
        "DEMAND": ("DEMAND",),
        "REJECT": ("REJECT",),
        "THREATEN": ("THREATEN", "INTEND"),
        "SANCTION": ("SANCTION",),
        "ASSAULT": ("ATTACK",),
        "FIGHT": ("ATTACK",),
        "SUPPORT": (OTHER, "AGREE"),
        "CONCEDE": (OTHER, "AGREE"),
        "RETREAT": (OTHER, "CEASEFIRE", "RELEASE"),
        "DISAPPROVE": (OTHER, "DEMAND"),
        "PROTEST": (OTHER, "DEMAND"),
        "COERCE": (OTHER, "ATTACK", "SANCTION"),
        "COOPERATE": (OTHER,),
        "AID": (OTHER,),
        "INVESTIGATE": (OTHER,),
        "MOBILIZE": (OTHER,),
    }
)
"""PLOVER category -> (our primary type or OTHER, other types of ours it also accepts)."""


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: Final = frozenset({"the", "a", "an", "of", "and", "in", "on", "for", "to", "s", "by"})
_GENERIC: Final = (
    ROLE_HEADS
    | ROLE_MODIFIERS
    | _word_set(
        """government governments official officials authority authorities forces force troops
        army military rebels rebel group groups people leaders members party side sides ministry
        administration council country state states nation police soldiers militants
        organisation organization agency spokesman sources delegation new former senior top
        ousted main radical"""
    )
)
_WORD: Final = re.compile(r"[a-z0-9]+")
_DEMONYM_GAP: Final = 3  # "Israel"/"Israeli", "Serbia"/"Serbian", "rebel"/"rebels"


@dataclass(frozen=True, slots=True)
class PloverRecord:
    """One gold sentence: its PLOVER ``event`` category and the actors as written."""

    id: str
    event: str
    text: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a system says of one record: a type of ours (None: no event), two actors and the
    place (PLOVER often codes a place as the target: "imposed a curfew in X")."""

    type: str | None
    actor: str | None = None
    target: str | None = None
    place: str | None = None


def read_records(path: Path) -> list[PloverRecord]:
    """The gold records of ``path`` in file order, without the DOCUMENT record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnreadableInput(str(path), f"cannot read the PLOVER records: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise MalformedInput(str(path), f"not a JSON list of records: {exc}") from exc
    if not isinstance(data, list):
        raise MalformedInput(str(path), "expected a JSON list of records")
    records = []
    for item in data:
        if not isinstance(item, dict) or item.get("event") == "DOCUMENT":
            continue
        if not isinstance(item.get("text"), str) or not isinstance(item.get("event"), str):
            raise MalformedInput(str(path), f"record {item.get('id')!r} lacks text or event")
        records.append(
            PloverRecord(
                id=str(item.get("id", "")),
                event=item["event"],
                text=item["text"],
                sources=_actor_texts(item.get("source")),
                targets=_actor_texts(item.get("target")),
            )
        )
    return records


def _actor_texts(value: Any) -> tuple[str, ...]:
    """``actorText`` of each actor; a bare string or empty field in the file names no actor."""
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return ()
    texts = (a.get("actorText") for a in value if isinstance(a, dict))
    return tuple(t.strip() for t in texts if isinstance(t, str) and t.strip())


# --- predicting --------------------------------------------------------------------------


def _depth(doc: Doc, start: int, end: int) -> int:
    span = doc.char_span(start, end, alignment_mode="expand")
    best = len(doc)
    for token in span if span is not None else ():
        depth, node = 0, token
        while node.head.i != node.i and depth < len(doc):
            node, depth = node.head, depth + 1
        best = min(best, depth)
    return best


def main_event(doc: Doc, events: Sequence[EventMention]) -> EventMention | None:
    """The event a one-event coder would pick: the trigger highest in the parse tree."""
    if not events:
        return None
    return min(events, key=lambda e: (_depth(doc, e.trigger_start, e.trigger_end), e.trigger_start))


def predict(
    nlp: Language, records: Sequence[PloverRecord], *, lexicon: EventLexicon | None = None
) -> list[Prediction]:
    """Run the event stage on each record's sentence and keep its main event."""
    predictions = []
    for record, doc in zip(records, nlp.pipe(r.text for r in records), strict=True):
        events = find_events(
            doc,
            doc_id=record.id,
            published=None,
            timexes=find_timexes(record.text, anchor=None),
            mentions=find_mentions(doc),
            lexicon=lexicon,
        )
        event = main_event(doc, events)
        if event is None:
            predictions.append(Prediction(None))
        else:
            predictions.append(
                Prediction(plover_type(event), event.actor, event.target, event.place)
            )
    return predictions


def plover_type(event: EventMention) -> str:
    """Our type as PLOVER would file it: a negated agreement or intention ("will not accept",
    "failed to reach agreement") is a rejection there."""
    if event.mode == "negated" and event.type in ("AGREE", "INTEND"):
        return "REJECT"
    return event.type


_BASELINE_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def keyword_baseline(
    nlp: Language, records: Sequence[PloverRecord], *, lexicon: EventLexicon | None = None
) -> list[Prediction]:
    """The same lexicon without the parse: the first word whose lemma is any trigger gives the
    type, the nearest name before it the actor and the nearest after it the target. Words that
    are triggers only with a date of their own ("said on Friday") are left out: finding that
    date takes the parse."""
    lex = lexicon or default_event_lexicon()
    tables = (lex.verbs, lex.nouns, lex.adjectives)
    predictions = []
    for doc in nlp.pipe(r.text for r in records):
        hit = next(
            (
                (t, words[0].type)
                for t in doc
                for table in tables
                if (words := [w for w in table.get(t.lemma_.lower(), ()) if not w.dated])
            ),
            None,
        )
        if hit is None:
            predictions.append(Prediction(None))
            continue
        token, type_ = hit
        names = [e for e in doc.ents if e.label_ in _BASELINE_LABELS]
        before = [e.text for e in names if e.end <= token.i]
        after = [e.text for e in names if e.start > token.i]
        predictions.append(
            Prediction(type_, before[-1] if before else None, after[0] if after else None)
        )
    return predictions


# --- scoring -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return re.sub(r"'s\b", "", plain).replace(".", "")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_fold(text)) if w not in _STOPWORDS]


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= _DEMONYM_GAP


def actor_overlaps(predicted: str | None, gold: Iterable[str]) -> bool:
    """Our actor and a gold one share a distinctive word (or, when the gold actor has only
    generic words, any word)."""
    if not predicted:
        return False
    ours = _words(predicted)
    ours_distinct = [w for w in ours if w not in _GENERIC]
    for text in gold:
        theirs = _words(text)
        distinct = [w for w in theirs if w not in _GENERIC]
        pool, wanted = (ours_distinct, distinct) if distinct else (ours, theirs)
        if any(_same_word(a, b) for a in pool for b in wanted):
            return True
    return False


def actor_exact(predicted: str | None, gold: Iterable[str]) -> bool:
    """The same words, ignoring case, accents, dots and articles."""
    if not predicted:
        return False
    ours = _words(predicted)
    return any(_words(text) == ours for text in gold)


TYPE_COLUMNS: Final = (
    ("type_mapped_strict", "type, mapped (strict)"),
    ("type_mapped_lenient", "type, mapped (lenient)"),
    ("type_all_strict", "type, all (strict)"),
    ("type_all_lenient", "type, all (lenient)"),
    ("type_precision", "type precision (strict)"),
    ("type_precision_lenient", "type precision (lenient)"),
)
ACTOR_COLUMNS: Final = (
    ("source_overlap", "source overlap"),
    ("source_exact", "source exact"),
    ("source_mapped", "source overlap, mapped"),
    ("source_precision", "source precision"),
    ("target_overlap", "target overlap"),
    ("target_or_place", "target or place overlap"),
    ("target_mapped", "target overlap, mapped"),
    ("target_precision", "target precision"),
)
"""Figures, each a percentage of its own base: all records (type_all), mapped records
(type_mapped, *_mapped), records with a gold actor (source_*, target_*), and for *_precision
the records where we named an event type or an actor at all: the protocol of GDELT's manual
check, which judged the events GDELT had coded."""


@dataclass(slots=True)
class PloverScores:
    """Hits and bases behind every figure, so runs can be added up and rates derived."""

    hits: Counter[str] = field(default_factory=Counter)
    bases: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_category_right: Counter[str] = field(default_factory=Counter)

    def _count(self, name: str, hit: bool) -> None:
        self.bases[name] += 1
        self.hits[name] += hit

    def add(self, record: PloverRecord, prediction: Prediction) -> None:
        accepted = PLOVER_TO_OURS.get(record.event, (OTHER,))
        primary, said = accepted[0], prediction.type or OTHER
        mapped = primary != OTHER
        self._count("type_all_strict", said == primary)
        self._count("type_all_lenient", said in accepted)
        self.by_category[record.event] += 1
        self.by_category_right[record.event] += said in accepted
        if prediction.type is not None:
            self._count("type_precision", said == primary)
            self._count("type_precision_lenient", said in accepted)
        if mapped:
            self._count("type_mapped_strict", said == primary)
            self._count("type_mapped_lenient", said in accepted)
        for role, gold, ours in (
            ("source", record.sources, prediction.actor),
            ("target", record.targets, prediction.target),
        ):
            if not gold:
                continue
            right = actor_overlaps(ours, gold)
            self._count(f"{role}_overlap", right)
            self._count(f"{role}_exact", actor_exact(ours, gold))
            if mapped:
                self._count(f"{role}_mapped", right)
            if ours:
                self._count(f"{role}_precision", right)
            if role == "target":
                self._count("target_or_place", right or actor_overlaps(prediction.place, gold))

    def rate(self, name: str) -> float:
        """A figure in percent (see :data:`TYPE_COLUMNS` and :data:`ACTOR_COLUMNS`)."""
        base = self.bases[name]
        return 100.0 * self.hits[name] / base if base else 0.0

    def row(self, label: str, columns: Sequence[tuple[str, str]]) -> str:
        return f"| {label} | " + " | ".join(f"{self.rate(n):.1f}" for n, _ in columns) + " |"


def table_header(columns: Sequence[tuple[str, str]]) -> str:
    """Header and rule of a Markdown table over ``columns``."""
    names = " | ".join(title for _, title in columns)
    return f"| system | {names} |\n|---|" + "---:|" * len(columns)


def score(records: Sequence[PloverRecord], predictions: Sequence[Prediction]) -> PloverScores:
    """Score one prediction per record (the lists are aligned)."""
    if len(records) != len(predictions):
        raise UsageError(f"{len(records)} PLOVER records but {len(predictions)} predictions")
    scores = PloverScores()
    for record, prediction in zip(records, predictions, strict=True):
        scores.add(record, prediction)
    return scores
