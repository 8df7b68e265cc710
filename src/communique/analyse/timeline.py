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
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
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
_COUNT: Final = operator.itemgetter(1)
"""A (name, count) entry's count: what :func:`_most_cited` sorts by, read by C."""

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
_NO_CLUSTERS: Final[list[_Cluster]] = []
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
    modes: set[str] = field(default_factory=set)
    """The modes of ``mentions``: :func:`_fits_inside` compares them for every pair."""
    # How many mentions name each (plain dicts: a Counter is slower to make, and a corpus
    # makes tens of thousands of clusters).
    actors: dict[str, int] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    # The sides the actors and targets speak for: what two mentions are matched on.
    actor_sides: dict[str, int] = field(default_factory=dict)
    target_sides: dict[str, int] = field(default_factory=dict)
    date: str | None = None
    precision: str | None = None
    bounds: tuple[dt.date, dt.date] | None = None
    merged_into: _Cluster | None = None
    named: frozenset[str] = frozenset()
    """The sides it names that are not vague (:func:`_names`): those of its mentions together,
    kept as :func:`_add` adds them, since every comparison asks for them."""
    jointly: bool = False
    """Whether an actor's side is a joint vague name (:func:`_joint`)."""


@dataclass(frozen=True, slots=True)
class _Roles:
    """Who a mention names, as canonical names and as sides: the same for every mention that
    words its actors, targets and place alike, so worked out once for each wording
    (:class:`_Items`) instead of once for each of tens of thousands of mentions."""

    actors: tuple[str, ...]
    targets: tuple[str, ...]
    # In the order the mention names them (never a set's order, which changes with the hash
    # seed): the first-named side leads a headline when the counts tie.
    actor_sides: tuple[str, ...]
    target_sides: tuple[str, ...]
    place: str | None
    named: frozenset[str]
    """The sides it names that are not vague (:func:`_names`)."""
    keys: tuple[str, ...]
    """``named`` in sorted order: the index entries a mention naming them is looked up under."""
    jointly: bool
    """Whether an actor's side is a joint vague name (:func:`_joint`)."""
    own_targets: tuple[str, ...]
    """``targets`` that are not also actors: what a cluster counts as its targets."""
    own_target_sides: tuple[str, ...]
    nameless: bool
    """Naming no side and no target."""


@dataclass(slots=True)  # not frozen: a corpus makes one for every mention, and it costs less
class _Item:
    mention: EventMention
    roles: _Roles
    bounds: tuple[dt.date, dt.date] | None
    block: str | None
    """The calendar block the mention is compared within (:func:`_dates`)."""
    mode_class: str


@dataclass(slots=True)
class _Items:
    """Makes each mention's :class:`_Item`, its roles once per wording and its dates once per
    date value: a corpus tells the same few parties and days in mention after mention."""

    canonical: Callable[[str], str]
    side: Callable[[str], str]
    roles: dict[tuple[object, ...], _Roles] = field(default_factory=dict)
    dates: dict[tuple[str, str | None], tuple[tuple[dt.date, dt.date] | None, str | None]] = field(
        default_factory=dict
    )

    def __call__(self, mention: EventMention) -> _Item:
        wording = (
            mention.type in SYMMETRIC,
            mention.actor_parts,
            mention.actor,
            mention.target_parts,
            mention.target,
            mention.place,
        )
        roles = self.roles.get(wording)
        if roles is None:
            roles = self.roles[wording] = _roles(mention, self.canonical, self.side)
        bounds: tuple[dt.date, dt.date] | None = None
        block = None
        if mention.date:
            dated = (mention.date, mention.date_precision)
            found = self.dates.get(dated)
            if found is None:
                found = self.dates[dated] = _dates(*dated)
            bounds, block = found
        return _Item(mention, roles, bounds, block, _MODE_CLASS.get(mention.mode, mention.mode))


def _roles(
    mention: EventMention, canonical: Callable[[str], str], side: Callable[[str], str]
) -> _Roles:
    def names(parts: tuple[str, ...], whole: str | None) -> tuple[str, ...]:
        chosen = parts or ((whole,) if whole else ())
        return _distinct([canonical(p) for p in chosen])

    actors = names(mention.actor_parts, mention.actor)
    targets = names(mention.target_parts, mention.target)
    actor_sides = _distinct([side(a) for a in actors])
    target_sides = _distinct([side(t) for t in targets])
    named = _names(mention.type, actor_sides, target_sides)
    return _Roles(
        actors=actors,
        targets=targets,
        actor_sides=actor_sides,
        target_sides=target_sides,
        place=canonical(mention.place) if mention.place else None,
        named=named,
        keys=tuple(sorted(named)),
        jointly=any(_joint(n) for n in actor_sides),
        own_targets=tuple(t for t in targets if t not in actors),
        own_target_sides=tuple(t for t in target_sides if t not in actor_sides),
        nameless=not named and not targets,
    )


def _dates(date: str, precision: str | None) -> tuple[tuple[dt.date, dt.date] | None, str | None]:
    """A date value's calendar span and the block it is compared within: its month, or its
    year."""
    bounds = date_bounds(date)
    if bounds is None:
        return None, None
    first = bounds[0]
    if precision in _MONTH_PRECISIONS:
        return bounds, f"{first.year:04d}-{first.month:02d}"
    return bounds, f"{first.year:04d}"


def _names(
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


def _one_sided_apart(ours: _Roles | _Cluster, theirs: _Roles | _Cluster, type_: str) -> bool:
    """A joint vague actor on one side and a named one on either, in a one-sided event. There
    the names of each are its actors' sides that are not vague (:func:`_names`)."""
    if type_ in SYMMETRIC:
        return False
    return bool(ours.named or theirs.named) and ours.jointly != theirs.jointly


def _distinct(names: list[str]) -> tuple[str, ...]:
    """``names`` without repeats, in order: most mentions name one actor or none, which need
    no dictionary to be told apart."""
    return tuple(names) if len(names) < 2 else tuple(dict.fromkeys(names))


def _count(counter: dict[str, int], names: Iterable[str]) -> None:
    """``counter.update(names)`` without its test for a mapping, which cost more than the
    counting: folding counts four tuples of one or two names per mention."""
    for name in names:
        counter[name] = counter.get(name, 0) + 1


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


def _agree(ours: AbstractSet[str], theirs: Collection[str]) -> bool:
    return not ours or not theirs or not ours.isdisjoint(theirs)


def _compatible(cluster: _Cluster, item: _Item) -> bool:
    """Whether ``item`` may join ``cluster``, of its type and mode class (:func:`_find` looks
    only among those)."""
    # The tests that most often fail come first.
    if not _nest(cluster.bounds, item.bounds):
        return False
    roles = item.roles
    if cluster.type not in SYMMETRIC and not _agree(
        cluster.target_sides.keys(), roles.target_sides
    ):
        return False
    if roles.place and cluster.places and roles.place not in cluster.places:
        return False
    if not _agree(cluster.named, roles.named):
        return False
    if _one_sided_apart(cluster, roles, cluster.type):
        return False
    if (
        roles.nameless
        and not cluster.named
        and not cluster.targets
        and item.bounds != cluster.bounds
    ):
        # Two tellings that name nobody share only their type: "must approve the budget this
        # week" and "to file a motion on Tuesday" are not one vote, and joined, the day would
        # date the week's budget.
        return False
    # An undated event naming nobody is too vague to be anybody's twin.
    return not (cluster.bounds is None and roles.nameless)


def _add(cluster: _Cluster, item: _Item) -> None:
    roles = item.roles
    cluster.mentions.append(item.mention)
    cluster.modes.add(item.mention.mode)
    # Most mentions name no target, or one that is also an actor: nothing to count.
    _count(cluster.actors, roles.actors)
    if roles.own_targets:
        _count(cluster.targets, roles.own_targets)
    _count(cluster.actor_sides, roles.actor_sides)
    if roles.own_target_sides:
        _count(cluster.target_sides, roles.own_target_sides)
    # The cluster's sides are those of its mentions together, and so are the names and the
    # joint flag worked out from them.
    if not roles.named <= cluster.named:
        cluster.named |= roles.named
    cluster.jointly = cluster.jointly or roles.jointly
    if roles.place:
        cluster.places[roles.place] = cluster.places.get(roles.place, 0) + 1
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
    items = _Items(_remembered(canonical), _remembered(side))
    clusters: list[_Cluster] = []
    # (type, mode class, block) -> name -> the clusters of that block naming it
    index: dict[tuple[str, str, str | None], dict[str, list[_Cluster]]] = {}
    for mention in ordered:
        item = items(mention)
        kind, mode_class = mention.type, item.mode_class
        block = (kind, mode_class, item.block or _news_block(mention, published))
        named = index.get(block)
        if named is None:
            named = index[block] = defaultdict(list)
        # Named mentions look among clusters sharing a name; unnamed ones among the block.
        found = _find(named, item.roles.keys or ("",), item)
        if found is None:
            found = _Cluster(kind, mode_class)
            clusters.append(found)
            named[""].append(found)
        before = found.named
        _add(found, item)
        if found.named is not before:
            for name in sorted(found.named - before):
                named[name].append(found)
    clusters = _attach_coarse(clusters, items, published)
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
    named: Mapping[str, list[_Cluster]], names: Iterable[str], item: _Item
) -> _Cluster | None:
    """The first cluster ``item`` may join among the first of those naming each of ``names``
    (of one block: :func:`merge_events`)."""
    for name in names:
        for cluster in named.get(name, _NO_CLUSTERS)[:_MAX_CANDIDATES]:
            if _compatible(cluster, item):
                return cluster
    return None


def _attach_coarse(
    clusters: list[_Cluster], items: _Items, published: Mapping[str, dt.date] | None
) -> list[_Cluster]:
    """Fold a coarsely dated or undated cluster into the one finer cluster it fits."""
    by_name: dict[tuple[str, str, str], list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        for name in cluster.named or {""}:  # "" holds the clusters that name nobody
            by_name[(cluster.type, cluster.mode_class, name)].append(cluster)
    for cluster in sorted(clusters, key=_coarseness, reverse=True):
        coarseness = _coarseness(cluster)
        if not cluster.named or coarseness == 0:
            continue
        # An undated cluster needs a named twin; a dated one may fill in an unnamed one
        # ("Varro proposed a truce in April" + "a truce was proposed on 12 April").
        unnamed = ("",) if cluster.bounds is not None else ()
        candidates = {
            id(other): other
            for name in (*cluster.named, *unnamed)
            for other in by_name[(cluster.type, cluster.mode_class, name)][:_MAX_CANDIDATES]
            if other is not cluster
            and other.merged_into is None
            and _coarseness(other) < coarseness
            and _fits_inside(cluster, other)
            and _reported_with(cluster, other, published)
        }
        if len(candidates) == 1:
            target = next(iter(candidates.values()))
            for mention in cluster.mentions:
                _add(target, items(mention))
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
    if coarse.modes.isdisjoint(fine.modes):
        return False  # "Drevna insists" (now) is not a twin of a demand made in 2022
    if coarse.bounds is not None and (
        fine.bounds is None
        or not (coarse.bounds[0] <= fine.bounds[0] <= fine.bounds[1] <= coarse.bounds[1])
    ):
        return False
    if not _agree(coarse.named, fine.named):
        return False
    if _one_sided_apart(coarse, fine, coarse.type):
        return False
    if coarse.type not in SYMMETRIC and not _agree(coarse.target_sides.keys(), fine.target_sides):
        return False
    return not (coarse.places and fine.places and coarse.places.keys().isdisjoint(fine.places))


def _event(cluster: _Cluster) -> Event:
    mentions = tuple(cluster.mentions)
    actors = _most_cited(cluster.actors)
    targets = tuple(name for name in _most_cited(cluster.targets) if name not in actors)
    place = _most_cited(cluster.places)[0] if cluster.places else None
    mode = next(m for m in _MODE_RANK if m in cluster.modes)
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


def _most_cited(counts: Mapping[str, int]) -> tuple[str, ...]:
    """The names most cited first, ties in the order they came (as ``Counter.most_common``)."""
    if len(counts) < 2:  # most clusters name one actor, or none
        return tuple(counts)
    return tuple(name for name, _ in sorted(counts.items(), key=_COUNT, reverse=True))


def _headline_names(sides: Mapping[str, int]) -> tuple[str, ...]:
    """The sides a headline names, most cited first: "Valdoria", not "Irena Kovač, the
    Valdorian delegation and Valdoria"; a vague name ("the two sides") only when it is all."""
    named = _most_cited(sides)
    return tuple(n for n in named if not _vague(n)) or named


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
    unplaced = []
    spans: dict[str, tuple[dt.date, dt.date] | None] = {}  # events share few dates
    for event in kept:
        date = event.date
        if date and date not in spans:
            spans[date] = date_bounds(date)
        bounds = spans[date] if date else None
        if bounds is None:
            unplaced.append(event)
        else:
            dated.append((bounds, event))
    # Ties keep the order the events came in (merge_events: reading order), not their ids,
    # which hash a document id and so the path its file was read from.
    dated.sort(key=lambda pair: (pair[0][0], pair[0][1], pair[1].type))
    ordered = [event for _, event in dated]
    if undated:
        ordered += unplaced
    return ordered
