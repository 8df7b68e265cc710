"""Sides beyond nations: a domestic negotiation's government, and the user's own sides.

Between countries, a seat of government ("the White House", "the Kremlin") and a ministry
speak for their country. When a country's own political parties negotiate with each other
(a budget standoff, a vote on a trade bill), the country is not a side: its government is one,
each party another. :func:`domestic_country` tells the two apart from the entities themselves:
a country is domestic when the people and groups sided with its parties are mentioned at least
as often as those sided with every other country together. Then everything that stood for the
country stands for its government, and so do the heads of government, ministers and
departments the text names without a side.

A user who knows the sides better says so in a YAML file (``Side name: [names, ...]``), read
by :func:`load_sides`; :func:`with_user_sides` puts those names on those sides, over anything
the cues said.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

import yaml

from communique.analyse.sides_people import is_executive_role
from communique.annotate.gazetteer import Gazetteer, default_gazetteer, fold_name
from communique.errors import MalformedInput, UnreadableInput

if TYPE_CHECKING:
    from communique.analyse.resolve import CanonicalEntity

__all__ = [
    "MIN_PARTY_MENTIONS",
    "domestic_country",
    "executive_of",
    "is_instrument",
    "load_sides",
    "with_domestic_sides",
    "with_user_sides",
]

MIN_PARTY_MENTIONS: Final = 3
"""Fewer mentions of a country's parties than this never make a negotiation domestic."""

_EXECUTIVE_NAME: Final = re.compile(
    r"\b(?:administration|government|cabinet|treasury|department|ministry|white house)\b",
    re.IGNORECASE,
)


_INSTRUMENT_HEAD: Final = re.compile(
    r"\b(?:agreement|accord|treaty|pact|partnership|protocol|charter|act|bill|law|amendment|"
    r"index|composite|average|program|programme|initiative|assistance)\W*$",
    re.IGNORECASE,
)


def is_instrument(name: str, label: str) -> bool:
    """A name that is a thing negotiated or measured, not someone who negotiates: a treaty or a
    bill ("the North American Free Trade Agreement"), a market index ("the Kospi Index"). Such
    a name takes no side, whatever country word it holds."""
    return label in ("LAW", "WORK_OF_ART") or (
        label == "ORG" and len(name.split()) > 1 and bool(_INSTRUMENT_HEAD.search(name))
    )


_HEAD_TITLE: Final = re.compile(
    r"^(?:the\s+)?(?:president|prime minister|premier|chancellor)$", re.IGNORECASE
)


def executive_of(country: str) -> str:
    """The side a domestic negotiation's government takes: "United States government"."""
    return f"{country} government"


def domestic_country(
    entities: Iterable[CanonicalEntity], *, gazetteer: Gazetteer | None = None
) -> str | None:
    """The country whose parties negotiate with each other in this corpus, if one does."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    parties: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for e in entities:
        known = gaz.lookup(e.party) if e.party else None
        if known is None:
            continue
        if known.kind == "party" and known.country:
            parties[known.country] += len(e.mentions)
        elif known.kind in ("country", "organisation") and e.name != e.party:
            countries[known.party] += len(e.mentions)
    if not parties:
        return None
    country, count = parties.most_common(1)[0]
    others = sum(n for c, n in countries.items() if c != country)
    return country if count >= MIN_PARTY_MENTIONS and count >= others else None


def _is_executive(
    e: CanonicalEntity,
    country: str,
    executive_orgs: frozenset[str],
    heads: Sequence[CanonicalEntity],
) -> bool:
    if e.party == country and e.name != country:
        return True  # "the White House", an aide the text puts with the country
    if e.party in executive_orgs:
        return True  # "Treasury Secretary Jo Ray": the Treasury is the government's
    if e.type == "PERSON" and not e.party:
        roles = [
            role for role, _doc in e.roles if not (_HEAD_TITLE.search(role) and e not in heads)
        ]
        return any(is_executive_role(r) for r in roles)
    return e.type == "ORG" and e.party in (None, e.name) and bool(_EXECUTIVE_NAME.search(e.name))


def with_domestic_sides(
    entities: Sequence[CanonicalEntity], *, gazetteer: Gazetteer | None = None
) -> list[CanonicalEntity]:
    """The entities, with the government of a domestic negotiation as a side of its own."""
    country = domestic_country(entities, gazetteer=gazetteer)
    if country is None:
        return list(entities)
    executive = executive_of(country)
    orgs = frozenset(
        e.name
        for e in entities
        if e.type == "ORG" and e.party in (None, e.name) and _EXECUTIVE_NAME.search(e.name)
    )
    heads = _head_of_government(entities)
    return [
        replace(e, party=executive) if _is_executive(e, country, orgs, heads) else e
        for e in entities
    ]


def _head_of_government(entities: Sequence[CanonicalEntity]) -> list[CanonicalEntity]:
    """The one person of those titled "President" (or "Prime Minister") the text names most:
    a government has one head at a time, and coverage of a negotiation names past ones for
    history ("the rates under President Jo Ray")."""
    titled = [
        e
        for e in entities
        if e.type == "PERSON" and not e.party and any(_HEAD_TITLE.search(r) for r, _d in e.roles)
    ]
    return sorted(titled, key=lambda e: (-len(e.mentions), e.name))[:1]


def load_sides(path: Path) -> dict[str, tuple[str, ...]]:
    """A user's sides file: a YAML mapping of side name to the names that speak for it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnreadableInput(str(path), f"cannot read the sides file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise MalformedInput(str(path), f"the sides file is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise MalformedInput(str(path), "a sides file maps each side to a list of names")
    return {str(side): tuple(str(n) for n in names) for side, names in data.items()}


def with_user_sides(
    entities: Sequence[CanonicalEntity], sides: Mapping[str, Sequence[str]]
) -> list[CanonicalEntity]:
    """Put every entity the user named (by its name or any alias) on the user's side."""
    side_of = {fold_name(n): side for side, names in sides.items() for n in (side, *names)}
    out = []
    for e in entities:
        keys = [fold_name(n) for n in (e.name, *e.aliases)]
        side = next((side_of[k] for k in keys if k in side_of), None)
        out.append(replace(e, party=side, party_evidence=()) if side else e)
    return out
