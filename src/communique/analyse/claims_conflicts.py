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

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from communique.analyse.claims_slots import (
    Quantity,
    Slot,
    dates_agree,
    name_key,
    quantities_agree,
    same_name,
    titles_agree,
)
from communique.analyse.claims_types import ClaimMention, Evidence, EvidenceSide

__all__ = ["comparable", "conflicts_across", "conflicts_within"]

_T = TypeVar("_T")
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
    agree: Callable[[_T, _T], bool | None],
    *,
    window_days: int,
) -> bool:
    """Some two comparable documents give values that cannot both be true."""
    return any(
        comparable(a[0], b[0], window_days=window_days) and agree(a[1], b[1]) is False
        for n, a in enumerate(items)
        for b in items[n + 1 :]
    )


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
        if _conflict(items, quantities_agree, window_days=window_days):
            sides = tuple(_side(m, q.start, q.end, q.text) for m, q in items)
            out.append(Evidence("contradiction", "number", _unit_label(unit), sides))
    return out


def _unit_label(unit: str) -> str:
    return unit.lstrip("%").split(":")[-1] or unit


def _date_conflicts(claimed: Sequence[ClaimMention], window_days: int) -> list[Evidence]:
    items = [(m, m.dates) for m in claimed if m.dates]
    if not _conflict(items, dates_agree, window_days=window_days):
        return []
    sides = tuple(
        _side(m, ds[0].start, ds[-1].end, ", ".join(d.text for d in ds)) for m, ds in items
    )
    return [Evidence("contradiction", "date", "", sides)]


def slot_agree(a: Slot, b: Slot) -> bool | None:
    """Whether two slot values agree; None when they are about different things."""
    if a.key and b.key and a.key != b.key:
        return None
    if a.kind == "title":
        return titles_agree(a.value, b.value)
    return same_name(name_key(a.value), name_key(b.value))


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
            if _conflict(group, slot_agree, window_days=window_days):
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


def _number_edges(
    mentions: Sequence[ClaimMention], linked: Iterable[Edge], window_days: int
) -> dict[tuple[str, str], set[Edge]]:
    """Pairs of close sentences reporting one kind of event with different counts of one noun."""
    out: dict[tuple[str, str], set[Edge]] = defaultdict(set)
    for i, j in linked:
        a, b = mentions[i], mentions[j]
        if a.denial or b.denial or not comparable(a, b, window_days=window_days):
            continue
        if not set(a.predicates) & set(b.predicates) or dates_agree(a.dates, b.dates) is False:
            continue
        for unit in {q.unit for q in a.numbers if q.unit} & {q.unit for q in b.numbers}:
            qa, qb = _single(a, unit), _single(b, unit)
            if qa is not None and qb is not None and not quantities_agree(qa, qb):
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


def _components(edges: Iterable[Edge]) -> list[list[int]]:
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
        for component in _components(sorted(pairs)):
            sides = tuple(_fact_side(mentions[i], kind, key) for i in component)
            if kind == "number":
                about = _unit_label(key)
            elif kind == "title":
                about = next(s.text for s in mentions[component[0]].slots if s.key == key)
            else:
                about = key
            out.append((component, Evidence("contradiction", kind, about, sides)))
    return out
