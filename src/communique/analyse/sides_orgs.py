"""Organisations that bargain are sides of their own: unions, companies, associations.

Resolution sides an organisation from the words around it ("the Valdorian finance ministry")
or from the gazetteer ("NATO"). A union, a company or an employers' association (known by the
head word of its name) that no cue places is still a party to a labour or trade
negotiation when the coverage gives it a stance of its own ("the Dockers' Union rejected the
offer"): :func:`with_acting_organisations` makes each such holder its own side, and puts a
"union leader" whom nothing else places with the one labour organisation the coverage names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final, TypeVar

from communique.analyse.sides import is_instrument
from communique.annotate.gazetteer import (
    Gazetteer,
    default_gazetteer,
    fold_name,
)

if TYPE_CHECKING:
    from communique.analyse.resolve import CanonicalEntity
    from communique.annotate.positions import Position

__all__ = ["with_acting_organisations"]

_P = TypeVar("_P", bound="Position")

_UNION_ROLE: Final = re.compile(r"\b(?:union|unions)\b", re.IGNORECASE)
_UNION_NAME: Final = re.compile(
    r"\b(?:union|workers|employees|federation|guild|brotherhood|teamsters)\b", re.IGNORECASE
)
# Head words of the organisations that bargain for their members or owners: unions, employers'
# associations, companies by their legal form. A newsroom, a bank or a state body named as a
# holder ("told Fox News", "a council of advisers") is no party of its own.
_BARGAINER_NAME: Final = re.compile(
    r"\b(?:union|workers|employees|federation|confederation|guild|brotherhood|teamsters|"
    r"association|employers|inc|corp|corporation|company|co|ltd|llc|plc|gmbh)\b\.?$|"
    r"\b(?:union|workers|employees|federation|confederation|guild|association|employers)\b",
    re.IGNORECASE,
)


def with_acting_organisations(
    positions: Sequence[_P],
    entities: Sequence[CanonicalEntity],
    *,
    gazetteer: Gazetteer | None = None,
) -> tuple[list[_P], list[CanonicalEntity]]:
    """Positions and entities with every unsided organisation that holds a stance made a side
    of its own, and unsided union leaders put with the one union among them."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    holders = {fold_name(p.holder) for p in positions}
    acting = {
        e.name
        for e in entities
        if e.type == "ORG"
        and not e.party
        and _BARGAINER_NAME.search(e.name) is not None
        and not is_instrument(e.name, e.type)
        and not gaz.no_side(e.name)
        and any(fold_name(n) in holders for n in (e.name, *e.aliases))
    }
    if not acting:
        return list(positions), list(entities)
    entities = [replace(e, party=e.name) if e.name in acting else e for e in entities]
    entities = _with_union_leaders(entities, acting)
    side_of = {
        fold_name(n): e.party
        for e in entities
        if e.party and (e.name in acting or e.party in acting)
        for n in (e.name, *e.aliases)
    }
    return [
        replace(p, party=side_of[fold_name(p.holder)])
        if p.party is None and fold_name(p.holder) in side_of
        else p
        for p in positions
    ], entities


def _with_union_leaders(entities: list[CanonicalEntity], acting: set[str]) -> list[CanonicalEntity]:
    unions = [e for e in entities if e.name in acting and _UNION_NAME.search(e.name)]
    if len(unions) != 1:
        return entities
    (union,) = unions
    doc, start, end = union.mentions[0]
    evidence = ((union.name, doc, start, end),)
    out = []
    for e in entities:
        led = any(_UNION_ROLE.search(role) for role, _doc in e.roles)
        if not e.party and e.type == "PERSON" and led:
            out.append(replace(e, party=union.name, party_evidence=evidence))
        else:
            out.append(e)
    return out
