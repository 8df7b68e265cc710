"""Corpus-level events: the same real event told by several documents becomes one, then a
dated timeline.

:func:`merge_events` folds :class:`~communique.annotate.events.EventMention` from many documents:

1. each mention gets its canonical actors and targets (``canonical`` maps a surface name to the
   name of its :class:`~communique.analyse.resolve.CanonicalEntity`; :func:`canonical_names`
   builds one), its calendar span, and a mode class (happened, historical and planned describe
   the same real event seen from different dates; hypothetical and negated ones stay apart);
2. blocking: mentions are compared only with clusters of the same type and mode class, in the
   same month (a day or month date) or year (a coarser date), that share an actor; never all
   pairs;
3. a mention joins a cluster when the dates nest (a month is compatible with a day inside it,
   two different days are not), the actors agree (for talks, agreements and ceasefires either
   side may be named first), the targets agree when both name one, and the places when both
   name one;
4. a cluster with a coarser date or none joins the single finer cluster it is compatible with
   ("talks in May" joins "talks on 12 May"; an undated "Valdoria rejected the offer" joins the
   one dated rejection by Valdoria), never when two could claim it.

An older article keeps its own dates: each mention's date was anchored on its own document's
publication date, so a 2022 article's talks are 2022 events.

:func:`timeline` orders the dated events; undated ones are left out unless asked for, when they
come last with ``date`` None.

Example::

    events = merge_events(mentions, canonical=canonical_names(resolve_entities(pairs)))
    for event in timeline(events):
        print(event.date, event.summary, event.documents)
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from communique.analyse.event_summary import summarise
from communique.analyse.resolve import CanonicalEntity
from communique.annotate.entities import Gazetteer, default_gazetteer, fold_name
from communique.annotate.event_grammar import SYMMETRIC, date_bounds
from communique.annotate.event_lexicon import default_event_lexicon
from communique.annotate.events import EventMention

__all__ = [
    "DEFAULT_TIMELINE_MODES",
    "REPORTED",
    "Event",
    "canonical_names",
    "merge_events",
    "timeline",
]

DEFAULT_TIMELINE_MODES: Final = frozenset({"happened", "historical", "planned"})
"""What a timeline shows by default: what happened and what is scheduled, not what was only
proposed, threatened as a possibility, or denied."""
REPORTED: Final = "reported"
"""The precision of a date taken from the first report of an event that names none."""
_REPORTABLE_MODES: Final = frozenset({"happened", "negated"})
_NEWS_LAG: Final = dt.timedelta(days=30)
"""How long after an event its undated reports are still news of it."""
_DOC_ID: Final = operator.attrgetter("doc_id")
"""A mention's document: read by C for each mention of an event when its documents are listed."""

_MODE_CLASS: Final = {
    "happened": "asserted",
    "historical": "asserted",
    "planned": "asserted",
    "hypothetical": "hypothetical",
    "negated": "negated",
}
_MODE_RANK: Final = ("happened", "historical", "planned", "hypothetical", "negated")
_MONTH_PRECISIONS: Final = frozenset({"day", "time", "week", "month"})
_MAX_CANDIDATES: Final = 50  # a pathological block is cut, not compared all-pairs
_DEMONYM_ENDINGS: Final = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "ns", "n")
_PLACE_TYPES: Final = frozenset({"GPE", "LOC", "FAC", "PLACE"})
_VAGUE_WORDS: Final = frozenset({"the", "both", "two", "all", "each", "other", "some", "several"})


@dataclass(frozen=True, slots=True)
class Event:
    """One real event with every document's evidence.

    ``date`` is the most precise date the mentions agree on (a TIMEX3 value) with its
    ``date_precision``; ``actors``/``targets`` are canonical names, most cited first;
    ``summary`` tells it as a headline ("Valdoria rejected the proposal", see
    :func:`~communique.analyse.event_summary.summarise`).
    ``mode`` is the most factual mode among the mentions (happened, historical, planned), or
    hypothetical/negated for events only ever told that way.
    """

    id: str
    type: str
    date: str | None
    date_precision: str | None
    summary: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    place: str | None
    mode: str
    mentions: tuple[EventMention, ...]

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents that tell this event, in the order their mentions came."""
        return tuple(dict.fromkeys(map(_DOC_ID, self.mentions)))


# --- canonical names ---------------------------------------------------------------------


def canonical_names(
    entities: Iterable[CanonicalEntity],
    *,
    by_party: bool = False,
    gazetteer: Gazetteer | None = None,
) -> Callable[[str], str]:
    """A ``canonical`` function for :func:`merge_events` built from resolved entities.

    A surface name maps to its entity's name ("Kovach" -> "Irena Kovač"); a phrase to the
    longest entity name inside it ("Ostrian delegation head Irena Kovač" -> "Irena Kovač");
    a demonym to its place ("Valdorian negotiators" -> "Valdoria", from the corpus's own
    places, then the gazetteer's countries). With ``by_party``, people and organisations map
    to the side they speak for, so "Kovač met the Ostrian envoy" and "Valdoria held talks
    with Ostria" can meet. Anything else is returned as it is.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    names: dict[str, str] = {}
    stems: dict[str, str] = {}
    for entity in entities:
        target = entity.party if by_party and entity.party else entity.name
        for alias in (entity.name, *entity.aliases):
            names.setdefault(fold_name(alias), target)
        if entity.type in _PLACE_TYPES:
            stems.setdefault(_stem(fold_name(entity.name)), entity.name)
    longest = max((len(k.split()) for k in names), default=1)
    table = _NameTable(names, stems, longest, gaz)
    return table.lookup


@dataclass(frozen=True, slots=True)
class _NameTable:
    names: Mapping[str, str]
    stems: Mapping[str, str]
    longest: int
    gaz: Gazetteer
    found: dict[str, str] = field(default_factory=dict)
    """Each surface looked up so far: a corpus pass looks the same few names up again for
    every mention, and a lookup depends on nothing else."""

    def lookup(self, surface: str) -> str:
        name = self.found.get(surface)
        if name is None:
            name = self.found[surface] = self._lookup(surface)
        return name

    def _lookup(self, surface: str) -> str:
        key = fold_name(surface)
        if key in self.names:
            return self.names[key]
        words = key.split()
        for n in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                found = self.names.get(" ".join(words[i : i + n]))
                if found is not None:
                    return found
        for word in words:
            place = self._demonym(word)
            if place is not None:
                return place
        return surface.strip()

    def _demonym(self, word: str) -> str | None:
        entry = self.gaz.lookup(word)
        if entry is not None and entry.kind == "demonym":
            return self.names.get(fold_name(entry.party), entry.party)
        for ending in _DEMONYM_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                place = self.stems.get(word[: -len(ending)])
                if place is not None:
                    return place
        return None


def _stem(name: str) -> str:
    """ "valdoria" -> "valdor", "ostria" -> "ostr": what its demonym starts with."""
    return re.sub(r"(ia|ya|a|e|y|o)$", "", name)


# --- merging -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    type: str
    mode_class: str
    mentions: list[EventMention] = field(default_factory=list)
    actors: Counter[str] = field(default_factory=Counter)
    targets: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    # The sides the actors and targets speak for: what two mentions are matched on.
    actor_sides: Counter[str] = field(default_factory=Counter)
    target_sides: Counter[str] = field(default_factory=Counter)
    date: str | None = None
    precision: str | None = None
    bounds: tuple[dt.date, dt.date] | None = None
    merged_into: _Cluster | None = None
    named: frozenset[str] | None = None
    """:meth:`names`, kept until :func:`_add` changes the sides: folding asks a cluster's
    names of every mention compared with it, and only adding a mention changes them."""

    def names(self) -> frozenset[str]:
        if self.named is None:
            found = set(self.actor_sides)
            if self.type in SYMMETRIC:
                found |= set(self.target_sides)
            self.named = frozenset(n for n in found if not _vague(n))
        return self.named


@dataclass(frozen=True, slots=True)
class _Item:
    mention: EventMention
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    # In the order the mention names them (never a set's order, which changes with the hash
    # seed): the first-named side leads a headline when the counts tie.
    actor_sides: tuple[str, ...]
    target_sides: tuple[str, ...]
    place: str | None
    bounds: tuple[dt.date, dt.date] | None
    mode_class: str
    named: frozenset[str]
    """The sides it names that are not vague (:func:`_item_names`), worked out once."""

    def names(self) -> frozenset[str]:
        return self.named


def _item_names(
    kind: str, actor_sides: tuple[str, ...], target_sides: tuple[str, ...]
) -> frozenset[str]:
    found = (*actor_sides, *target_sides) if kind in SYMMETRIC else actor_sides
    return frozenset(n for n in found if not _vague(n))


@functools.lru_cache(maxsize=1 << 16)
def _vague(name: str) -> bool:
    """ "the two sides", "both parties", "officials": a name that could be anyone, so it
    neither joins nor separates two mentions. Kept per name: merging asks it of the same few
    thousand names millions of times, and the lexicon it reads is fixed for the process."""
    party_nouns = default_event_lexicon().party_nouns
    words = [w for w in fold_name(name).split() if w not in _VAGUE_WORDS and not w.isdigit()]
    return all(w in party_nouns or w.rstrip("s") in party_nouns for w in words)


_JOINT_WORDS: Final = frozenset({"both", "two", "all", "each"})


@functools.lru_cache(maxsize=1 << 12)
def _joint(name: str) -> bool:
    """ "the two sides", "both parties": a vague name for several parties acting together.
    In a one-sided event (a proposal, a demand) it is not any one of them: "the two sides
    outlined terms" is no twin of "Valdoria offered terms"."""
    return any(w in _JOINT_WORDS or w.isdigit() for w in fold_name(name).split())


def _one_sided_apart(ours: Collection[str], theirs: Collection[str], type_: str) -> bool:
    """A joint vague actor on one side and a named one on the other, in a one-sided event."""
    if type_ in SYMMETRIC:
        return False
    named = [n for n in (*ours, *theirs) if not _vague(n)]
    return bool(named) and (any(_joint(n) for n in ours) != any(_joint(n) for n in theirs))


def _item(
    mention: EventMention, canonical: Callable[[str], str], side: Callable[[str], str]
) -> _Item:
    def names(parts: tuple[str, ...], whole: str | None) -> tuple[str, ...]:
        chosen = parts or ((whole,) if whole else ())
        return _distinct([canonical(p) for p in chosen])

    actors = names(mention.actor_parts, mention.actor)
    targets = names(mention.target_parts, mention.target)
    actor_sides = _distinct([side(a) for a in actors])
    target_sides = _distinct([side(t) for t in targets])
    return _Item(
        mention=mention,
        actors=actors,
        targets=targets,
        actor_sides=actor_sides,
        target_sides=target_sides,
        place=canonical(mention.place) if mention.place else None,
        bounds=date_bounds(mention.date) if mention.date else None,
        mode_class=_MODE_CLASS.get(mention.mode, mention.mode),
        named=_item_names(mention.type, actor_sides, target_sides),
    )


def _distinct(names: list[str]) -> tuple[str, ...]:
    """``names`` without repeats, in order: most mentions name one actor or none, which need
    no dictionary to be told apart."""
    return tuple(names) if len(names) < 2 else tuple(dict.fromkeys(names))


def _count(counter: Counter[str], names: Iterable[str]) -> None:
    """``counter.update(names)`` without its test for a mapping, which cost more than the
    counting: folding counts four tuples of one or two names per mention."""
    for name in names:
        counter[name] = counter.get(name, 0) + 1


def _block(item: _Item) -> str | None:
    """The calendar block a mention is compared within: its month, or its year."""
    if item.bounds is None:
        return None
    first = item.bounds[0]
    if item.mention.date_precision in _MONTH_PRECISIONS:
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}"


def _news_block(mention: EventMention, published: Mapping[str, dt.date] | None) -> str | None:
    """Where an undated mention is compared: among reports published in the same 30 days
    (the talks a 2025 article tells without a date are not those a 2022 article told)."""
    if published is None:
        return None
    day = published.get(mention.doc_id)
    return f"news:{day.toordinal() // _NEWS_LAG.days}" if day else "news:unknown"


def _nest(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def _agree(ours: Collection[str], theirs: Collection[str]) -> bool:
    return not ours or not theirs or bool(set(ours) & set(theirs))


def _compatible(cluster: _Cluster, item: _Item, *, dates: bool = True) -> bool:
    if cluster.type != item.mention.type or cluster.mode_class != item.mode_class:
        return False
    if dates and not _nest(cluster.bounds, item.bounds):
        return False
    if not _agree(cluster.names(), item.names()):
        return False
    if _one_sided_apart(cluster.actor_sides, item.actor_sides, cluster.type):
        return False
    if item.mention.type not in SYMMETRIC and not _agree(cluster.target_sides, item.target_sides):
        return False
    if item.place and cluster.places and item.place not in cluster.places:
        return False
    nameless = not item.names() and not item.targets
    if nameless and not cluster.names() and not cluster.targets and item.bounds != cluster.bounds:
        # Two tellings that name nobody share only their type: "must approve the budget this
        # week" and "to file a motion on Tuesday" are not one vote, and joined, the day would
        # date the week's budget.
        return False
    # An undated event naming nobody is too vague to be anybody's twin.
    return not (cluster.bounds is None and nameless)


def _add(cluster: _Cluster, item: _Item) -> None:
    cluster.named = None  # its sides change below
    cluster.mentions.append(item.mention)
    _count(cluster.actors, item.actors)
    _count(cluster.targets, (t for t in item.targets if t not in item.actors))
    _count(cluster.actor_sides, item.actor_sides)
    _count(cluster.target_sides, (t for t in item.target_sides if t not in item.actor_sides))
    if item.place:
        cluster.places[item.place] += 1
    if item.bounds is not None and (
        cluster.bounds is None
        or (item.bounds[1] - item.bounds[0]) < (cluster.bounds[1] - cluster.bounds[0])
    ):
        cluster.bounds = item.bounds
        cluster.date = item.mention.date
        cluster.precision = item.mention.date_precision


def merge_events(
    mentions: Iterable[EventMention],
    *,
    canonical: Callable[[str], str] = lambda s: s,
    side: Callable[[str], str] = lambda s: s,
    published: Mapping[str, dt.date] | None = None,
    reading_order: Mapping[str, int] | None = None,
) -> list[Event]:
    """Fold event mentions from many documents into events, in order of first mention.

    ``canonical`` names each actor, target and place; ``side`` maps a canonical name to the
    side it speaks for (``canonical_names(..., by_party=True)``), so "Kovač rejected the plan"
    and "Ostria rejected the plan" can be one event. Matching is on sides; the event still
    names the people and bodies its sources name. With ``published`` (each document's
    publication date), undated mentions meet only when their documents were published in the
    same 30 days, and join a dated event only from a document published while that event was
    news (up to 30 days after it).

    Folding is greedy, so which document comes first decides close calls. ``reading_order``
    (each document's rank) should come from the documents themselves: a document id hashes
    where the file was read from, and the same articles copied to another folder would
    otherwise give other events. Without it, documents are read in id order."""
    rank = reading_order or {}
    ordered = sorted(
        mentions, key=lambda m: (rank.get(m.doc_id, len(rank)), m.doc_id, m.trigger_start, m.type)
    )
    canonical, side = _remembered(canonical), _remembered(side)
    clusters: list[_Cluster] = []
    index: dict[tuple[str, str, str | None, str], list[_Cluster]] = defaultdict(list)
    for mention in ordered:
        item = _item(mention, canonical, side)
        block = (mention.type, item.mode_class, _block(item) or _news_block(mention, published))
        # Named mentions look among clusters sharing a name; unnamed ones among the block.
        keys = [(*block, name) for name in sorted(item.names())] or [(*block, "")]
        found = _find(index, keys, item)
        if found is None:
            found = _Cluster(mention.type, item.mode_class)
            clusters.append(found)
            index[(*block, "")].append(found)
        before = found.names()
        _add(found, item)
        for name in sorted(found.names() - before):
            index[(*block, name)].append(found)
    clusters = _attach_coarse(clusters, canonical, side, published)
    return [_event(c) for c in clusters]


def _remembered(name: Callable[[str], str]) -> Callable[[str], str]:
    """``name`` asked once per surface form: a corpus repeats the same few names in every
    mention, and each look-up folds and splits the name again."""
    seen: dict[str, str] = {}

    def lookup(surface: str) -> str:
        found = seen.get(surface)
        if found is None:
            found = seen[surface] = name(surface)
        return found

    return lookup


def _find(
    index: Mapping[tuple[str, str, str | None, str], list[_Cluster]],
    keys: list[tuple[str, str, str | None, str]],
    item: _Item,
) -> _Cluster | None:
    for key in keys:
        for cluster in index.get(key, [])[:_MAX_CANDIDATES]:
            if _compatible(cluster, item):
                return cluster
    return None


def _attach_coarse(
    clusters: list[_Cluster],
    canonical: Callable[[str], str],
    side: Callable[[str], str],
    published: Mapping[str, dt.date] | None,
) -> list[_Cluster]:
    """Fold a coarsely dated or undated cluster into the one finer cluster it fits."""
    by_name: dict[tuple[str, str, str], list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        for name in cluster.names() or {""}:  # "" holds the clusters that name nobody
            by_name[(cluster.type, cluster.mode_class, name)].append(cluster)
    for cluster in sorted(clusters, key=_coarseness, reverse=True):
        if not cluster.names() or _coarseness(cluster) == 0:
            continue
        # An undated cluster needs a named twin; a dated one may fill in an unnamed one
        # ("Varro proposed a truce in April" + "a truce was proposed on 12 April").
        unnamed = ("",) if cluster.bounds is not None else ()
        candidates = {
            id(other): other
            for name in (*cluster.names(), *unnamed)
            for other in by_name[(cluster.type, cluster.mode_class, name)][:_MAX_CANDIDATES]
            if other is not cluster
            and other.merged_into is None
            and _coarseness(other) < _coarseness(cluster)
            and _fits_inside(cluster, other)
            and _reported_with(cluster, other, published)
        }
        if len(candidates) == 1:
            target = next(iter(candidates.values()))
            for mention in cluster.mentions:
                _add(target, _item(mention, canonical, side))
            cluster.merged_into = target
    return [c for c in clusters if c.merged_into is None]


def _reported_with(
    undated: _Cluster, dated: _Cluster, published: Mapping[str, dt.date] | None
) -> bool:
    """Whether an undated cluster's documents were published while ``dated`` was news: the
    talks an article of May 2025 tells without a date are not the talks of April 2022. With
    no publication dates to go by (``published`` None), any twin will do."""
    if published is None or undated.bounds is not None or dated.bounds is None:
        return True
    first, last = dated.bounds
    for mention in undated.mentions:
        day = published.get(mention.doc_id)
        if day is None or not first <= day <= last + _NEWS_LAG:
            return False
    return True


def _coarseness(cluster: _Cluster) -> int:
    """Days a cluster's date covers; an undated cluster is the coarsest of all."""
    if cluster.bounds is None:
        return 1_000_000
    return (cluster.bounds[1] - cluster.bounds[0]).days


def _fits_inside(coarse: _Cluster, fine: _Cluster) -> bool:
    if not {m.mode for m in coarse.mentions} & {m.mode for m in fine.mentions}:
        return False  # "Drevna insists" (now) is not a twin of a demand made in 2022
    if coarse.bounds is not None and (
        fine.bounds is None
        or not (coarse.bounds[0] <= fine.bounds[0] <= fine.bounds[1] <= coarse.bounds[1])
    ):
        return False
    if not _agree(coarse.names(), fine.names()):
        return False
    if _one_sided_apart(coarse.actor_sides, fine.actor_sides, coarse.type):
        return False
    if coarse.type not in SYMMETRIC and not _agree(coarse.target_sides, fine.target_sides):
        return False
    return not (coarse.places and fine.places and not set(coarse.places) & set(fine.places))


def _event(cluster: _Cluster) -> Event:
    mentions = tuple(cluster.mentions)
    actors = tuple(name for name, _ in cluster.actors.most_common())
    targets = tuple(name for name, _ in cluster.targets.most_common() if name not in actors)
    place = cluster.places.most_common(1)[0][0] if cluster.places else None
    modes = {m.mode for m in mentions}
    mode = next(m for m in _MODE_RANK if m in modes)
    first = mentions[0]
    key = f"{cluster.type}|{cluster.date}|{'+'.join(actors)}|{first.doc_id}:{first.trigger_start}"
    return Event(
        id="ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        type=cluster.type,
        date=cluster.date,
        date_precision=cluster.precision,
        summary=summarise(
            cluster.type,
            actors=_headline_names(cluster.actor_sides),
            targets=targets,
            place=place,
            trigger=first.trigger,
            mode=mode,
        ),
        actors=actors,
        targets=targets,
        place=place,
        mode=mode,
        mentions=mentions,
    )


def _headline_names(sides: Counter[str]) -> tuple[str, ...]:
    """The sides a headline names, most cited first: "Valdoria", not "Irena Kovač, the
    Valdorian delegation and Valdoria"; a vague name ("the two sides") only when it is all."""
    named = [name for name, _ in sides.most_common()]
    return tuple(n for n in named if not _vague(n)) or tuple(named)


def _reported(event: Event, published: Mapping[str, dt.date]) -> Event:
    """``event`` at its first report, if it happened and someone named did it: "the sides
    agreed" or "an agreement was accepted" are too vague to stand on a timeline alone."""
    if event.date is not None or event.mode not in _REPORTABLE_MODES:
        return event
    if all(_vague(actor) for actor in event.actors):
        return event
    days = [published[d] for d in event.documents if d in published]
    if not days:
        return event
    return replace(event, date=min(days).isoformat(), date_precision=REPORTED)


# --- the timeline ------------------------------------------------------------------------


def timeline(
    events: Iterable[Event],
    *,
    modes: Collection[str] = DEFAULT_TIMELINE_MODES,
    undated: bool = False,
    published: Mapping[str, dt.date] | None = None,
) -> list[Event]:
    """Dated events in date order (a day before the month that holds it), precision kept.

    Only events whose mode is in ``modes``. With ``published`` (each document's publication
    date), an event that happened but whose sentences name no date is placed at the first
    publication that reports it, with precision ``reported``: it happened on or before that
    day. News reports what just happened, so this is where a reader would look for it; the
    precision keeps it apart from a date the text gives. Events still undated are dropped,
    or with ``undated`` appended last (their ``date`` is None) in the order they came.
    """
    kept = [e for e in events if e.mode in modes]
    if published:
        kept = [_reported(e, published) for e in kept]
    dated = []
    for event in kept:
        bounds = date_bounds(event.date) if event.date else None
        if bounds is not None:
            dated.append((bounds, event))
    # Ties keep the order the events came in (merge_events: reading order), not their ids,
    # which hash a document id and so the path its file was read from.
    dated.sort(key=lambda pair: (pair[0][0], pair[0][1], pair[1].type))
    ordered = [event for _, event in dated]
    if undated:
        ordered += [e for e in kept if e.date is None or date_bounds(e.date) is None]
    return ordered
