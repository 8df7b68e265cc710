"""When a domestic negotiation's government stands with its own party, and when it is a side.

:func:`communique.analyse.sides.with_domestic_sides` makes the government of a domestic
negotiation a side of its own ("United States government"). That is right when its own party
fights it (a president's deal that the party's lawmakers reject), and wrong when the government
and its party bargain together against the other party: then they are one side. What tells the
two apart is who opposes the government in what the coverage reports:

- an opposing stance (a rejection, a threat, a condition or a demand, or an offer or acceptance
  denied) held by a party in a sentence that names the government (its people, its seat, "the
  president", "the administration") counts against that party;
- the government's own party is the one the text calls its fellows' ("the president's critics
  among fellow Valdorians") and, failing that, the only party of the country that never opposes
  it while every other one does: in a two-party bargain the other party is the one that opposes
  the government.

The government joins its party when that party never opposes it; otherwise it stays a side.
A party of another country that no entity speaks for ("Conservative members of ..." opening a
sentence about a Valdorian vote) is no side of a domestic negotiation: its positions lose it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final, TypeVar

from communique.analyse.sides import executive_of
from communique.annotate.gazetteer import Gazetteer, default_gazetteer

if TYPE_CHECKING:
    from communique.analyse.resolve import CanonicalEntity
    from communique.annotate.positions import Position

_P = TypeVar("_P", bound="Position")

__all__ = ["SidedStance", "government_party", "with_government_joined"]

_OPPOSING: Final = frozenset({"reject", "threaten", "condition", "demand"})
_YIELDING: Final = frozenset({"accept", "offer"})
_EXECUTIVE_WORDS: Final = r"president|administration|white house"
_FELLOW: Final = re.compile(r"\bfellow\s+((?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*)")


@dataclass(frozen=True, slots=True)
class SidedStance:
    """What the decision reads of one position: its side, holder, stance and sentence."""

    party: str | None
    holder: str
    stance: str
    negated: bool
    sentence: str


def government_party(
    stances: Iterable[SidedStance],
    *,
    executive: str,
    executive_names: Iterable[str],
    country: str,
    sides: Iterable[str] = (),
    gazetteer: Gazetteer | None = None,
) -> str | None:
    """The party of ``country`` that the government (side ``executive``) bargains with as one
    side, or None when it is a side of its own. ``sides`` are the entities' sides: a party
    that holds no position is still one the government may stand with."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    names = sorted({n for n in executive_names if len(n) > 2}, key=len, reverse=True)
    refers = re.compile(
        r"\b(?:" + "|".join([*(re.escape(n) for n in names), _EXECUTIVE_WORDS]) + r")\b",
        re.IGNORECASE,
    )
    opposed: Counter[str] = Counter()
    fellows: set[str] = set()
    parties = {p for p in (_party_of(side, country, gaz) for side in sides) if p}
    for s in stances:
        party = _party_of(s.party, country, gaz)
        if party is not None:
            parties.add(party)
        found = refers.search(s.sentence)
        if found is None:
            continue
        fellows.update(_fellow_parties(s.sentence, country, gaz))
        if party is not None and _opposes(s, refers):
            opposed[party] += 1
    if executive in parties:
        parties.discard(executive)
    return _decide(parties, opposed, fellows)


def _decide(parties: set[str], opposed: Counter[str], fellows: set[str]) -> str | None:
    if len(fellows) == 1:
        (own,) = fellows
        return own if own in parties and not opposed[own] else None
    free = [p for p in sorted(parties) if not opposed[p]]
    if len(parties) >= 2 and len(free) == 1:
        return free[0]
    return None


def _party_of(side: str | None, country: str, gaz: Gazetteer) -> str | None:
    known = gaz.lookup(side) if side else None
    if known is not None and known.kind == "demonym":
        known = gaz.lookup(known.name)  # "fellow Valdorian lawmakers": the member word's party
    if known is None or known.kind != "party" or known.country != country:
        return None
    return known.name


def _fellow_parties(sentence: str, country: str, gaz: Gazetteer) -> Iterable[str]:
    """ "criticism from fellow Valdorians": the party of the government's own people."""
    for match in _FELLOW.finditer(sentence):
        words = match.group(1).split()
        for end in range(len(words), 0, -1):
            party = _party_of(" ".join(words[:end]), country, gaz)
            if party is not None:
                yield party
                break


def _stray_party(party: str | None, country: str, held: set[str], gaz: Gazetteer) -> bool:
    """A party of another country that no entity of the corpus speaks for, read from one
    sentence's word ("Conservative members of ..." opening a sentence on a Valdorian vote): a
    domestic negotiation's sides are its own country's."""
    known = gaz.lookup(party) if party else None
    return (
        known is not None
        and known.kind == "party"
        and bool(known.country)
        and known.country != country
        and party not in held
    )


def _opposes(s: SidedStance, refers: re.Pattern[str]) -> bool:
    """An opposing stance whose sentence names the government outside the holder's own words,
    and not as the holder's partner ("the president and Valdorian lawmakers want")."""
    if not (s.stance in _OPPOSING or (s.stance in _YIELDING and s.negated)):
        return False
    text = s.sentence
    at = text.find(s.holder)
    rest = text if at < 0 else text[:at] + " " * len(s.holder) + text[at + len(s.holder) :]
    if refers.search(rest) is None:
        return False
    if at >= 0:
        before = text[:at].rstrip()
        after = text[at + len(s.holder) :].lstrip()
        partner = before.endswith(" and") and refers.search(before[-60:]) is not None
        partner = partner or (after.startswith("and ") and refers.match(after[4:]) is not None)
        if partner:
            return False
    return True


def with_government_joined(
    positions: Sequence[_P],
    entities: Sequence[CanonicalEntity],
    *,
    country: str | None,
    gazetteer: Gazetteer | None = None,
) -> tuple[list[_P], list[CanonicalEntity]]:
    """Positions and entities of a domestic negotiation (of ``country``; None leaves them as
    they are): the government put on its party's side when :func:`government_party` finds
    that party, and no position left on a stray party of another country."""
    if country is None:
        return list(positions), list(entities)
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    held = {e.party for e in entities if e.party}
    positions = [
        replace(p, party=None) if _stray_party(p.party, country, held, gaz) else p
        for p in positions
    ]
    executive = executive_of(country)
    party = government_party(
        (SidedStance(p.party, p.holder, p.stance, p.negated, p.text) for p in positions),
        executive=executive,
        executive_names=(n for e in entities if e.party == executive for n in (e.name, *e.aliases)),
        country=country,
        sides=held,
        gazetteer=gaz,
    )
    if party is None:
        return list(positions), list(entities)
    return (
        [replace(p, party=party) if p.party == executive else p for p in positions],
        [replace(e, party=party) if e.party == executive else e for e in entities],
    )
