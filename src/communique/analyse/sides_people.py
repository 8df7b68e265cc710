"""Sides for people the cues left without one: from their company, their title and ties.

Resolution (:mod:`communique.analyse.resolve`) sides an entity from the words around its
mentions. Three passes here fill in people those words left unsided, each keeping the words
that decided it as evidence:

- :func:`with_settled_ties`: a person whose cues tied ("White House adviser", "chairman of the
  Economic Council") is settled once the cues' own sides are known: when the domestic pass has
  put both on the government, they agree;
- :func:`with_home_government`: in a negotiation between countries, a person with a bare
  executive title ("President Jo Ray", "the Secretary of State") and no other cue belongs to the
  one government whose seat the same articles name ("the Élysée"), journalism's convention being
  to qualify only foreign office-holders ("Valdorian President Kim Lo");
- :func:`with_chamber_leaders`: a chamber's "minority leader" belongs to the other party than
  its "majority leader" (and a second "majority leader" of one chamber to the same), when the
  text sides one of them and names only two parties of that country;
- :func:`with_campaigns`: a candidate ("presidential hopeful Jo Ray") speaks for a campaign of
  their own, not for the party's lawmakers, and so do the aides the text puts with them only;
- :func:`with_allies`: a person named as acting together with others ("A and B proposed",
  "A and other Valdorian Party leaders", "party leaders, including A") takes their side, spread
  along chains of such ties (A with B with a sided C).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from communique.annotate.gazetteer import Gazetteer, default_gazetteer, fold_name

if TYPE_CHECKING:
    from communique.analyse.resolve import CanonicalEntity
    from communique.annotate.entities import Mention

__all__ = [
    "EXECUTIVE_ROLE",
    "NOT_EXECUTIVE_ROLE",
    "is_executive_role",
    "settle_people",
    "with_allies",
    "with_campaigns",
    "with_chamber_leaders",
    "with_home_government",
    "with_settled_ties",
]

EXECUTIVE_ROLE: Final = re.compile(
    r"\b(?:president|prime minister|premier|chancellor|minister|secretary|cabinet|"
    r"chief of staff|press secretary|white house|administration|government)\b",
    re.IGNORECASE,
)
"""Titles of a government's people."""

NOT_EXECUTIVE_ROLE: Final = re.compile(
    r"\b(?:senate|house|congress|committee|parliament|party|caucus|senator|sen\.|rep\.|"
    r"representative|lawmaker|speaker|whip|general secretary|secretary-general|union|former|"
    r"vice-president of|campaign)\b",
    re.IGNORECASE,
)
"""Titles of a legislature, a party or a past office: their holder sides with a party, or with
no one now, whatever the title's other words."""

_MAX_ROUNDS: Final = 4  # chains of allies longer than this are too weak to follow
_ALLY_KINDS: Final = frozenset({"party", "demonym", "country", "organisation"})
_Evidence = tuple[str, str, int, int]


def is_executive_role(role: str) -> bool:
    """ "Treasury Secretary", "the president", not "Senate Majority Leader"."""
    return bool(EXECUTIVE_ROLE.search(role)) and not NOT_EXECUTIVE_ROLE.search(role)


def settle_people(
    entities: Sequence[CanonicalEntity],
    mentions: Iterable[tuple[str, Mention]],
    *,
    gazetteer: Gazetteer | None = None,
) -> list[CanonicalEntity]:
    """The passes in order: ties, then titles and chamber leaders, then company (which may
    follow all of them)."""
    settled = with_home_government(with_settled_ties(entities), gazetteer=gazetteer)
    settled = with_chamber_leaders(settled, gazetteer=gazetteer)
    return with_campaigns(with_allies(settled, mentions, gazetteer=gazetteer))


def with_settled_ties(entities: Sequence[CanonicalEntity]) -> list[CanonicalEntity]:
    """Unsided people whose cues tied, re-voted with each cue read as the side it names now.
    A side that no entity but the cue itself holds (an office named only as someone's
    employer) gives way to one that others share."""
    size = Counter(e.party for e in entities if e.party)
    side_of: dict[str, str] = {}
    for e in entities:
        if e.party:
            for name in (e.name, *e.aliases):
                side_of.setdefault(fold_name(name), e.party)
    out = []
    for e in entities:
        if e.party or e.type != "PERSON" or len(e.party_evidence) < 2:
            out.append(e)
            continue
        votes: dict[str, list[_Evidence]] = defaultdict(list)
        for evidence in e.party_evidence:
            side = side_of.get(_cue_key(evidence[0]))
            if side:
                votes[side].append(evidence)
        ranked = sorted(votes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
            ranked = [kv for kv in ranked if size[kv[0]] > 1]
        if ranked and (len(ranked) == 1 or len(ranked[0][1]) > len(ranked[1][1])):
            out.append(replace(e, party=ranked[0][0], party_evidence=tuple(ranked[0][1])))
        else:
            out.append(e)
    return out


def _cue_key(cue: str) -> str:
    words = cue.replace("’", "'").split()
    while words and words[0].casefold() in ("of", "to", "for", "from", "the", "with"):
        words = words[1:]
    return fold_name(" ".join(words))


def with_home_government(
    entities: Sequence[CanonicalEntity], *, gazetteer: Gazetteer | None = None
) -> list[CanonicalEntity]:
    """People with a bare executive title, on the side of the one government whose seat the
    same documents name."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    seats: dict[str, dict[str, tuple[str, int, int]]] = defaultdict(dict)  # doc -> country
    for e in entities:
        known = gaz.lookup(e.name)
        if known is None or known.kind != "seat" or e.party != known.party:
            continue
        for doc, start, end in e.mentions:
            seats[doc].setdefault(known.party, (e.name, start, end))
    out = []
    for e in entities:
        if e.party or e.type != "PERSON" or not any(is_executive_role(r) for r, _d in e.roles):
            out.append(e)
            continue
        found = {
            country: (name, doc, start, end)
            for doc in sorted({d for d, _s, _e in e.mentions})
            for country, (name, start, end) in seats.get(doc, {}).items()
        }
        if len(found) == 1:
            ((country, evidence),) = found.items()
            out.append(replace(e, party=country, party_evidence=(evidence,)))
        else:
            out.append(e)
    return out


_CANDIDATE: Final = re.compile(
    r"\b(?:hopeful|candidate|nominee|contender|challenger)\b", re.IGNORECASE
)
_PAST: Final = re.compile(r"\b(?:former|ex-|one-time|onetime|then)\b", re.IGNORECASE)


def campaign_of(name: str) -> str:
    """The side a candidate speaks for: "Jo Ray campaign"."""
    return f"{name} campaign"


def with_campaigns(entities: Sequence[CanonicalEntity]) -> list[CanonicalEntity]:
    """Candidates on a campaign side of their own; people sided only through a candidate (the
    candidate's name is each of their cues) follow."""
    moved: dict[str, str] = {}  # a name form of a candidate -> the campaign
    for e in entities:
        if e.type == "PERSON" and any(
            _CANDIDATE.search(role) and not _PAST.search(role) for role, _doc in e.roles
        ):
            for form in (e.name, *e.aliases, e.name.split()[-1]):
                moved.setdefault(fold_name(form), campaign_of(e.name))
    if not moved:
        return list(entities)
    out = []
    for e in entities:
        own = moved.get(fold_name(e.name))
        cues = {moved.get(_cue_key(ev[0])) for ev in e.party_evidence}
        if e.type == "PERSON" and own == campaign_of(e.name):
            out.append(replace(e, party=own))
        elif e.type == "PERSON" and e.party and len(cues) == 1 and None not in cues:
            out.append(replace(e, party=cues.pop()))
        else:
            out.append(e)
    return out


_LEADER: Final = re.compile(r"\b(majority|minority)\s+(?:leader|whip)\b", re.IGNORECASE)
_CHAMBER: Final = re.compile(r"\b(senate|house|assembly|chamber|council)\b", re.IGNORECASE)


def _leaderships(e: CanonicalEntity) -> set[tuple[str, str]]:
    """(majority or minority, chamber or "") of each leader's title an entity holds."""
    out = set()
    for role, _doc in e.roles:
        found = _LEADER.search(role)
        if found:
            chamber = _CHAMBER.search(role)
            out.add((found.group(1).lower(), chamber.group(1).lower() if chamber else ""))
    return out


def with_chamber_leaders(
    entities: Sequence[CanonicalEntity], *, gazetteer: Gazetteer | None = None
) -> list[CanonicalEntity]:
    """Unsided majority or minority leaders, from a sided leader of the same chamber: a
    legislature's majority and minority are two parties, so with exactly two parties of one
    country in the text, the other leader's party tells this one's."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    weight: Counter[str] = Counter()
    for e in entities:
        known = gaz.lookup(e.party) if e.party else None
        if known is not None and known.kind == "party":
            weight[known.name] += len(e.mentions)
    parties = [p for p, _n in weight.most_common()]
    if len(parties) < 2:
        return list(entities)
    sided = [(e, _leaderships(e)) for e in entities if e.party in parties[:2]]
    out = []
    for e in entities:
        side = None if e.party or e.type != "PERSON" else _leader_side(e, sided, parties[:2])
        out.append(replace(e, party=side[0], party_evidence=(side[1],)) if side else e)
    return out


def _leader_side(
    e: CanonicalEntity,
    sided: Sequence[tuple[CanonicalEntity, set[tuple[str, str]]]],
    parties: Sequence[str],
) -> tuple[str, _Evidence] | None:
    votes: set[str] = set()
    evidence: _Evidence | None = None
    for mine, chamber in _leaderships(e):
        for other, theirs in sided:
            for kind, room in theirs:
                if chamber and room and chamber != room:
                    continue
                rival = next(p for p in parties if p != other.party)
                votes.add(other.party if kind == mine and other.party else rival)
                doc, start, end = other.mentions[0]
                evidence = evidence or (other.name, doc, start, end)
    return (votes.pop(), evidence) if len(votes) == 1 and evidence is not None else None


def with_allies(
    entities: Sequence[CanonicalEntity],
    mentions: Iterable[tuple[str, Mention]],
    *,
    gazetteer: Gazetteer | None = None,
) -> list[CanonicalEntity]:
    """Unsided people with the side of those they act with (the mentions' ``allies``)."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    # Each mention's (doc, start, end) is already the key: taken as it is, not made again.
    at = {place: k for k, ent in enumerate(entities) for place in ent.mentions}
    links: dict[int, list[tuple[int | str, _Evidence]]] = defaultdict(list)
    for doc_id, m in mentions:
        k = at.get((doc_id, m.start, m.end))
        if k is None or entities[k].party or entities[k].type != "PERSON":
            continue
        for start, end, text in m.allies:
            other = at.get((doc_id, start, end))
            target: int | str | None = other if other != k else None
            if other is None:
                known = gaz.lookup(text)
                target = known.party if known is not None and known.kind in _ALLY_KINDS else None
            if target is not None and target != "":
                evidence = (text, doc_id, min(m.start, start), max(m.end, end))
                links[k].append((target, evidence))
    parties = _spread(links, [e.party for e in entities])
    return [
        replace(e, party=parties[k][0], party_evidence=parties[k][1]) if k in parties else e
        for k, e in enumerate(entities)
    ]


def _spread(
    links: Mapping[int, list[tuple[int | str, _Evidence]]], known: list[str | None]
) -> dict[int, tuple[str, tuple[_Evidence, ...]]]:
    """Sides along ally links, a few rounds, each side decided by a strict majority of ties."""
    found: dict[int, tuple[str, tuple[_Evidence, ...]]] = {}
    for _round in range(_MAX_ROUNDS):
        changed = False
        for k, ties in sorted(links.items()):
            votes: dict[str, list[_Evidence]] = defaultdict(list)
            for target, evidence in ties:
                side = target if isinstance(target, str) else _side(target, known, found)
                if side:
                    votes[side].append(evidence)
            ranked = sorted(votes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            if not ranked or (len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1])):
                continue
            side, chosen = ranked[0][0], tuple(ranked[0][1])
            if found.get(k, ("", ()))[0] != side:
                found[k] = (side, chosen)
                changed = True
        if not changed:
            break
    return found


def _side(
    k: int, known: list[str | None], found: Mapping[int, tuple[str, tuple[_Evidence, ...]]]
) -> str | None:
    return known[k] or (found[k][0] if k in found else None)
