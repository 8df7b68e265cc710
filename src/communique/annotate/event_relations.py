"""When an event happened relative to a date it is told beside (internal to :mod:`.events`).

"Days after the decree of March 2019, the unions began talks": the sentence's one date is the
decree's, and the talks came later. A time expression reached through "after", "before",
"since" or "until" (a preposition, or the mark of a clause of time) is not the event's own
date:

* "after" / "before" with a measure moves the date: "two weeks after" the 3 May vote is
  17 May; a bare "days after" March 2019 is a range from March into April; "years after" is
  too vague to date at all;
* "after" / "before" without a measure leaves the date as it is, the nearest the text gives
  (an event "after the vote in March" is most likely still told as a March event);
* "since" and "until" bound a period, they never date the event: "the first talks since
  2019, in mid-May" are mid-May's; alone, "the first talks since 2019" are undated (they
  came after 2019, which is all the sentence tells).

    >>> import datetime as dt
    >>> shifted_date("2019-03", "month", Relation("after", None, "day"))
    ('2019-03-01/2019-05-01', 'range')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Token

from communique.annotate.event_grammar import date_bounds
from communique.annotate.timex_vocab import UNITS, parse_count

__all__ = [
    "OPEN_RELATIONS",
    "TEMPORAL_MARKS",
    "Relation",
    "clause_relation",
    "relation_on_path",
    "reversed_relation",
    "shifted_date",
]

_SHIFTING: Final = frozenset({"after", "before"})
OPEN_RELATIONS: Final = frozenset({"since", "until", "till"})
"""Relations that bound a period rather than place an event: a last resort for its date."""
TEMPORAL_MARKS: Final = _SHIFTING | OPEN_RELATIONS
"""Marks of a clause of time whose dates are not the main clause's, nor its dates theirs."""
_UNIT_DAYS: Final = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91}
# How far a bare "days after" or "weeks before" reaches: under the next larger unit.
_BARE_REACH: Final = {"day": 31, "week": 92, "fortnight": 92, "month": 366, "quarter": 366}
# Units too coarse to date an event by when no number is given ("years after the war").
_UNDATABLE: Final = frozenset({"year", "decade", "century"})
_SMALL_UNITS: Final = frozenset({"second", "minute", "hour"})


@dataclass(frozen=True, slots=True)
class Relation:
    """ "after", "before", "since" or "until", with its measure: ``count`` (None when bare,
    "days after") of ``unit`` (None when there is no measure, "after the vote")."""

    word: str
    count: float | None
    unit: str | None
    at: int = -1  # the relation word's token index


def relation_on_path(root: Token, stops: Collection[int]) -> Relation | None:
    """The relation a time expression's path up to the event passes, if any.

    ``root`` is the expression's root token; the climb ends at a token in ``stops`` (the
    event's words) or at the sentence root, whose own marks are not crossed."""
    node = root
    while node.i not in stops and node.head.i != node.i:
        found = _relation_at(node)
        if found is not None:
            return found
        node = node.head
    return None


def clause_relation(node: Token) -> Relation | None:
    """The relation a clause of time sets between its event and the main clause: "two days
    after the talks collapsed" is ("after", 2, "day"); None for any other clause."""
    return _relation_at(node) if node.dep_ == "advcl" else None


def reversed_relation(relation: Relation) -> Relation:
    """The same relation seen from the other event: the talks that collapsed two days
    before the attack, when the attack is the one dated."""
    flipped = {"after": "before", "before": "after"}.get(relation.word, relation.word)
    return Relation(flipped, relation.count, relation.unit, at=relation.at)


def _relation_at(node: Token) -> Relation | None:
    if node.dep_ == "prep" and node.lower_ in TEMPORAL_MARKS:
        return Relation(node.lower_, *_measure(node), at=node.i)
    if node.dep_ in ("advcl", "pcomp"):
        mark = next(
            (c for c in node.children if c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS), None
        )
        if mark is not None:
            count, unit = _measure(mark)
            if unit is None:
                count, unit = _measure(node)
            if unit is None:  # the parser may hang "days" on the main verb: "Days after ..."
                count, unit = _measure(node.head, before=mark.i)
            if unit is None:  # ... or the clause on "days"
                count, unit = _amount(node.head)
            return Relation(mark.lower_, count, unit, at=mark.i)
    return None


def _measure(node: Token, *, before: int | None = None) -> tuple[float | None, str | None]:
    """ "two weeks" or "days" on a relation word: (2, "week"), (None, "day"); with
    ``before``, only a measure that ends right before that token."""
    for child in node.children:
        if child.dep_ != "npadvmod":
            continue
        if before is not None and child.right_edge.i != before - 1:
            continue
        count, unit = _amount(child)
        if unit is not None:
            return count, unit
    return None, None


def _amount(noun: Token) -> tuple[float | None, str | None]:
    """ "two weeks" -> (2, "week"), "a day" -> (1, "day"), "days" -> (None, "day")."""
    unit = UNITS.get(noun.lemma_.lower()) or UNITS.get(noun.lower_.rstrip("s"))
    if unit is None or noun.pos_ != "NOUN":
        return None, None
    number = next((c for c in noun.children if c.dep_ == "nummod"), None)
    if number is not None:
        return parse_count(number.text), unit
    article = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
    return (1.0 if article else None), unit


def shifted_date(value: str, precision: str, relation: Relation) -> tuple[str, str] | None:
    """The event's (value, precision) from the related date's, or None when the relation
    dates nothing ("years after"; "since 2019", a bound of a period, not a date in it)."""
    bounds = date_bounds(value)
    unit = relation.unit
    if bounds is None or relation.word in OPEN_RELATIONS:
        return None
    if unit is None or unit in _SMALL_UNITS:
        return value, precision
    sign = 1 if relation.word == "after" else -1
    first, last = bounds
    if relation.count is not None:
        days = round(relation.count * (_UNIT_DAYS.get(unit) or 365 * _years(unit)))
        first += dt.timedelta(days=sign * days)
        last += dt.timedelta(days=sign * days)
    elif unit in _UNDATABLE:
        return None
    elif sign > 0:
        last += dt.timedelta(days=_BARE_REACH[unit])
    else:
        first -= dt.timedelta(days=_BARE_REACH[unit])
    if first == last:
        return first.isoformat(), "day"
    return f"{first.isoformat()}/{last.isoformat()}", "range"


def _years(unit: str) -> int:
    return {"year": 1, "decade": 10, "century": 100}.get(unit, 1)
