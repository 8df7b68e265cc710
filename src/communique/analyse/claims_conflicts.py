"""When two reports disagree: slot values that cannot both be true.

Two levels:

* :func:`conflicts_within` compares the mentions of one claim, slot by slot (a count per counted
  noun, the day, the place, a person's title, a delegation's leader, the side gaining ground);
* :func:`conflicts_across` finds disagreements between sentences that are not one claim but
  speak of one thing: the same count of the same kind of event in looser paraphrase ("agreed
  to exchange 1,000 prisoners" / "1,200 prisoners from each side were released"), the same
  person's title anywhere in the coverage, the same delegation's leader.

Only documents published within ``window_days`` of each other are compared (either date
unknown counts as close): a 2022 report and a 2025 report give different titles because
time passed, not because one is wrong. Two sentences of one document are never a
contradiction.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from communique.analyse.claims_slots import (
    DateKind,
    DateValue,
    Qualifier,
    Quantity,
    Slot,
    dates_agree,
    name_key,
    name_words,
    places_agree,
    plausibly_one_count,
    quantities_agree,
    same_name,
    titles_agree,
)
from communique.analyse.claims_types import ClaimMention, Evidence, EvidenceSide

__all__ = ["comparable", "components", "conflicts_across", "conflicts_within"]

_T = TypeVar("_T")
_K = TypeVar("_K", bound=Hashable)
_MAX_PER_VALUE = 50  # sides shown per value; a title repeated 5,000 times needs no more
SlotAgree = Callable[[Slot, Slot], bool | None]


def comparable(a: ClaimMention, b: ClaimMention, *, window_days: int) -> bool:
    """Two documents whose disagreement would mean something."""
    if a.doc_id == b.doc_id:
        return False
    if a.published and b.published:
        return abs((a.published - b.published).days) <= window_days
    return True


def _side(m: ClaimMention, start: int, end: int, value: str) -> EvidenceSide:
    return EvidenceSide(m.doc_id, start, end, value, m.origin)


def _conflict(
    items: Sequence[tuple[ClaimMention, _T]],
    agree: Callable[[_K, _K], bool | None],
    key: Callable[[_T], _K],
    *,
    window_days: int,
) -> bool:
    """Some two comparable documents give values that cannot both be true.

    ``agree`` reads values through ``key``, which must keep all it looks at, so equal keys
    agree: the mentions are grouped by value and only groups that disagree are searched
    for a comparable pair. A claim told 5,000 times in three versions costs three
    comparisons, not 12.5 million.
    """
    groups: dict[_K, list[ClaimMention]] = {}
    for m, value in items:
        groups.setdefault(key(value), []).append(m)
    if len(groups) < 2:
        return False
    spans = {k: _Span.of(ms) for k, ms in groups.items()}
    keys = list(groups)
    return any(
        agree(ka, kb) is False and spans[ka].close_to(spans[kb], window_days)
        for n, ka in enumerate(keys)
        for kb in keys[n + 1 :]
    )


@dataclass(frozen=True, slots=True)
class _Span:
    """The documents of one group of mentions: the undated ones, and the dated ones sorted by
    publication day, so finding a comparable pair between two groups is a sorted search."""

    docs: frozenset[str]
    undated: frozenset[str]
    days: tuple[int, ...]
    dated_docs: tuple[str, ...]

    @classmethod
    def of(cls, mentions: Sequence[ClaimMention]) -> _Span:
        dated = sorted((m.published.toordinal(), m.doc_id) for m in mentions if m.published)
        return cls(
            docs=frozenset(m.doc_id for m in mentions),
            undated=frozenset(m.doc_id for m in mentions if not m.published),
            days=tuple(d for d, _ in dated),
            dated_docs=tuple(doc for _, doc in dated),
        )

    def close_to(self, other: _Span, window_days: int) -> bool:
        """Some mention here and some mention there would be :func:`comparable`."""
        for a, b in ((self, other), (other, self)):
            # An undated mention is close to any mention of another document.
            if a.undated and not (len(a.undated) == 1 and b.docs == a.undated):
                return True
        for day, doc in zip(self.days, self.dated_docs, strict=True):
            lo = bisect_left(other.days, day - window_days)
            hi = bisect_right(other.days, day + window_days)
            if any(other.dated_docs[i] != doc for i in range(lo, hi)):
                return True
        return False


def _single(m: ClaimMention, unit: str) -> Quantity | None:
    """The one count of ``unit`` in a mention, or None (none, or two: which is which?)."""
    found = [q for q in m.numbers if q.unit == unit]
    return found[0] if len(found) == 1 else None


def _number_conflicts(claimed: Sequence[ClaimMention], window_days: int) -> list[Evidence]:
    by_unit: dict[str, list[tuple[ClaimMention, Quantity]]] = defaultdict(list)
    for m in claimed:
        for unit in dict.fromkeys(q.unit for q in m.numbers if q.unit):
            q = _single(m, unit)
            if q is not None:
                by_unit[unit].append((m, q))
    out = []
    for unit, items in by_unit.items():
        apart = _counts_apart(items, window_days)
        if apart:
            sides = tuple(_side(m, q.start, q.end, q.text) for m, q in items if q.value in apart)
            out.append(Evidence("contradiction", "number", _unit_label(unit), sides))
    return out


def _counts_apart(
    items: Sequence[tuple[ClaimMention, Quantity]], window_days: int
) -> frozenset[float]:
    """The values of one unit that two comparable documents disagree on as reports of one
    count: each the other's nearest value, and plausibly one count ("$160 billion" /
    "$156 billion"). A claim that also names "$360 billion" of the same goods speaks of
    another count there, which contradicts neither. Grouped by value, so a figure told
    5,000 times in three versions costs a handful of comparisons."""
    groups: dict[tuple[float, str, Qualifier], list[ClaimMention]] = defaultdict(list)
    for m, q in items:
        groups[_bare_quantity(q)].append(m)
    values = sorted({k[0] for k in groups})
    spans = {k: _Span.of(ms) for k, ms in groups.items()}
    apart: set[float] = set()
    for va, vb in _mutual_nearest(values):
        a, b = Quantity(va, "", "exact", 0, 0, ""), Quantity(vb, "", "exact", 0, 0, "")
        if not plausibly_one_count(a, b):
            continue
        if any(
            not _quantity_keys_agree(ka, kb) and spans[ka].close_to(spans[kb], window_days)
            for ka in groups
            if ka[0] == va
            for kb in groups
            if kb[0] == vb
        ):
            apart |= {va, vb}
    return frozenset(apart)


def _mutual_nearest(values: Sequence[float]) -> list[tuple[float, float]]:
    """Neighbouring values (sorted) each of which is the other's nearest, by ratio."""

    def gap(x: float, y: float) -> float:
        return max(x, y) / min(x, y) if min(x, y) > 0 else float("inf")

    out = []
    for n in range(len(values) - 1):
        x, y = values[n], values[n + 1]
        left = gap(values[n - 1], x) if n > 0 else float("inf")
        right = gap(y, values[n + 2]) if n + 2 < len(values) else float("inf")
        if gap(x, y) <= left and gap(x, y) <= right:
            out.append((x, y))
    return out


def _unit_label(unit: str) -> str:
    return unit.lstrip("%").split(":")[-1] or unit


def _date_conflicts(claimed: Sequence[ClaimMention], window_days: int) -> list[Evidence]:
    items = [(m, m.dates) for m in claimed if m.dates]
    if not _conflict(items, _date_keys_agree, _bare_dates, window_days=window_days):
        return []
    sides = tuple(
        _side(m, ds[0].start, ds[-1].end, ", ".join(d.text for d in ds)) for m, ds in items
    )
    return [Evidence("contradiction", "date", "", sides)]


# A slot as agreement reads it: (key, kind, the title, or the name's spelling-insensitive key).
SlotKey = tuple[str, str, str]


def _slot_key(s: Slot) -> SlotKey:
    return (s.key, s.kind, s.value if s.kind in ("title", "place") else name_key(s.value))


def _keys_agree(a: SlotKey, b: SlotKey) -> bool | None:
    if a[0] and b[0] and a[0] != b[0]:
        return None
    if a[1] == "title":
        return titles_agree(a[2], b[2])
    if a[1] == "place":
        return places_agree(a[2], b[2])
    return same_name(a[2], b[2])


def _bare_quantity(q: Quantity) -> tuple[float, str, Qualifier]:
    """The count without where it was read: what :func:`quantities_agree` looks at."""
    return (q.value, q.unit, q.qualifier)


def _quantity_keys_agree(a: tuple[float, str, Qualifier], b: tuple[float, str, Qualifier]) -> bool:
    return quantities_agree(Quantity(*a, 0, 0, ""), Quantity(*b, 0, 0, ""))


def _bare_dates(dates: Sequence[DateValue]) -> tuple[tuple[str, DateKind], ...]:
    return tuple((d.value, d.kind) for d in dates)


def _date_keys_agree(
    a: tuple[tuple[str, DateKind], ...], b: tuple[tuple[str, DateKind], ...]
) -> bool | None:
    return dates_agree([DateValue(*d, 0, 0, "") for d in a], [DateValue(*d, 0, 0, "") for d in b])


def _slots_of(claimed: Sequence[ClaimMention], kind: str) -> list[tuple[ClaimMention, Slot]]:
    items: list[tuple[ClaimMention, Slot]] = []
    for m in claimed:
        slots = [s for s in m.slots if s.kind == kind]
        keys = [s.key for s in slots]
        items += [(m, s) for s in slots if keys.count(s.key) == 1]
    return items


def _slot_conflicts(claimed: Sequence[ClaimMention], window_days: int) -> list[Evidence]:
    out = []
    for kind in ("place", "title", "leader", "gaining"):
        items = _slots_of(claimed, kind)
        groups = (
            [
                [(m, s) for m, s in items if s.key == key]
                for key in sorted({s.key for _, s in items})
            ]
            if kind == "title"
            else [items]
        )
        for group in groups:
            if _conflict(group, _keys_agree, _slot_key, window_days=window_days):
                sides = tuple(_side(m, s.start, s.end, s.value) for m, s in group)
                out.append(Evidence("contradiction", kind, _about(group), sides))
    return out


def _about(items: Sequence[tuple[ClaimMention, Slot]]) -> str:
    """Whom a title is of (as written), or whose delegation is led."""
    first = items[0][1]
    if first.kind == "title":
        return first.text
    return next((s.key for _, s in items if s.key), "")


def conflicts_within(claimed: Sequence[ClaimMention], *, window_days: int) -> list[Evidence]:
    """The slot contradictions among the asserting mentions of one claim."""
    if len({m.doc_id for m in claimed}) < 2:
        return []
    return [
        *_number_conflicts(claimed, window_days),
        *_date_conflicts(claimed, window_days),
        *_slot_conflicts(claimed, window_days),
    ]


# --- across claims ---------------------------------------------------------------------------

Edge = tuple[int, int]


def _other_events(a: ClaimMention, b: ClaimMention) -> bool:
    """Told as different kinds of event, or (when neither names one) about nobody in common:
    then a figure of one need not be the figure of the other."""
    pa, pb = set(a.predicates), set(b.predicates)
    if pa and pb:
        return not pa & pb
    names_a = {w for e in a.entities for w in name_words(name_key(e))}
    names_b = {w for e in b.entities for w in name_words(name_key(e))}
    return not names_a & names_b


def _counts_a_thing(unit: str) -> bool:
    """A figure whose counted noun is known ("usd:good", "worker"); a bare "$5 billion" or
    "4%" could be a figure of anything."""
    return bool(unit.split(":")[-1].lstrip("%"))


def _number_edges(
    mentions: Sequence[ClaimMention], linked: Iterable[Edge], window_days: int
) -> dict[tuple[str, str], set[Edge]]:
    """Pairs of close sentences reporting one kind of event with different counts of one noun."""
    out: dict[tuple[str, str], set[Edge]] = defaultdict(set)
    for i, j in linked:
        a, b = mentions[i], mentions[j]
        if not a.numbers or not b.numbers or a.denial or b.denial:
            continue  # most pairs: no figure on one side, nothing else to test
        units = {q.unit for q in a.numbers if _counts_a_thing(q.unit)} & {q.unit for q in b.numbers}
        if not units or not comparable(a, b, window_days=window_days):
            continue
        if _other_events(a, b) or dates_agree(a.dates, b.dates) is False:
            continue
        for unit in units:
            qa, qb = _single(a, unit), _single(b, unit)
            if qa is None or qb is None or not plausibly_one_count(qa, qb):
                continue  # not one count told twice: two counts of one kind of thing
            if not quantities_agree(qa, qb):
                out[("number", unit)].add((i, j))
    return out


def _slot_edges(
    mentions: Sequence[ClaimMention], cluster_of: Sequence[int], window_days: int
) -> dict[tuple[str, str], set[Edge]]:
    """Titles of one person and leaders of one delegation that disagree, corpus-wide."""
    groups: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(mentions):
        if m.denial:
            continue
        for s in m.slots:
            if (s.kind == "title" or (s.kind == "leader" and s.key)) and len(
                [t for t in m.slots if t.kind == s.kind and t.key == s.key]
            ) == 1:
                value = s.value if s.kind == "title" else name_key(s.value)
                groups[(s.kind, s.key)][value].append(i)
    out: dict[tuple[str, str], set[Edge]] = defaultdict(set)
    for (kind, key), by_value in groups.items():
        values = sorted(by_value)
        for n, va in enumerate(values):
            for vb in values[n + 1 :]:
                agree = titles_agree(va, vb) if kind == "title" else same_name(va, vb)
                if agree:
                    continue
                for i in by_value[va][:_MAX_PER_VALUE]:
                    for j in by_value[vb][:_MAX_PER_VALUE]:
                        if cluster_of[i] != cluster_of[j] and comparable(
                            mentions[i], mentions[j], window_days=window_days
                        ):
                            out[(kind, key)].add((i, j))
    return out


def components(edges: Iterable[Edge]) -> list[list[int]]:
    """The connected groups of an edge list, each sorted."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = defaultdict(list)
    for x in list(parent):
        members[find(x)].append(x)
    return [sorted(m) for m in members.values()]


def _fact_side(m: ClaimMention, kind: str, key: str) -> EvidenceSide:
    if kind == "number":
        q = _single(m, key)
        assert q is not None  # an edge exists only where the count is single
        return _side(m, q.start, q.end, q.text)
    slot = next(s for s in m.slots if s.kind == kind and s.key == key)
    return _side(m, slot.start, slot.end, slot.value)


def conflicts_across(
    mentions: Sequence[ClaimMention],
    *,
    cluster_of: Sequence[int],
    linked: Iterable[Edge],
    window_days: int,
) -> list[tuple[list[int], Evidence]]:
    """Contradictions between mentions of different claims: (the mentions, the evidence).

    ``cluster_of`` gives each mention's claim; ``linked`` are mention pairs whose sentences
    are close (a looser threshold than one claim) and name the same entities.
    """
    cross = [(i, j) for i, j in linked if cluster_of[i] != cluster_of[j]]
    edges = _number_edges(mentions, cross, window_days)
    for k, v in _slot_edges(mentions, cluster_of, window_days).items():
        edges[k] |= v
    out: list[tuple[list[int], Evidence]] = []
    for (kind, key), pairs in sorted(edges.items()):
        for component in components(sorted(pairs)):
            sides = tuple(_fact_side(mentions[i], kind, key) for i in component)
            if kind == "number":
                about = _unit_label(key)
            elif kind == "title":
                about = next(s.text for s in mentions[component[0]].slots if s.key == key)
            else:
                about = key
            out.append((component, Evidence("contradiction", kind, about, sides)))
    return out
