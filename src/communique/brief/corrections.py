"""The user's corrections, applied over what the tool derived on every build of the briefing.

Corrections live in the store as a layer of their own (``Store.corrections``); nothing the tool
derived is edited, so a rebuild, a new article or a newer model never loses one, and removing
one brings the tool's reading back. :class:`CorrectionLayer` applies them at the stage where
each belongs, so everything downstream follows:

- entities (merge, split, rename, set side) before positions are given their sides, so a
  holder's corrected side reaches its positions, and a renamed or merged name is renamed in
  every item that gives it;
- stances before position changes are worked out;
- claim statuses before the sources table counts them.

Each correction names its item by what stays stable across builds (an entity's id and name, a
statement's document and offsets, a claim's id or words). One whose item is gone is kept and
reported as not applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from communique.analyse.claims_types import Claim
from communique.analyse.resolve import CanonicalEntity
from communique.annotate.positions import Position
from communique.brief.model import BriefCorrection, Briefing
from communique.models import Correction, Document

__all__ = ["NOT_A_POSITION", "CorrectionLayer", "export_corrections", "position_key"]

NOT_A_POSITION = "none"
"""A stance correction's value when the sentence states no position at all."""

_NOT_APPLIED = "not applied: its item is not in the briefing as it was"
_STANCES = frozenset({"demand", "offer", "accept", "reject", "threaten", "condition"})
_STATUSES = frozenset({"corroborated", "single_source", "disputed", "contradicted"})


def position_key(document: str, start: int, end: int, issue: str, holder: str) -> dict[str, str]:
    """How a stance correction names its statement."""
    return {
        "document": document,
        "start": str(start),
        "end": str(end),
        "issue": issue,
        "holder": holder,
    }


@dataclass
class CorrectionLayer:
    """Applies ``corrections`` (oldest first) stage by stage and remembers what each did."""

    corrections: Sequence[Correction]
    texts: Mapping[str, Document]
    done: dict[int, str] = field(default_factory=dict)  # correction id -> what it changed
    renamed: dict[str, str] = field(default_factory=dict)  # old name -> name shown

    # -- entities --------------------------------------------------------------------------

    def entities(self, entities: Sequence[CanonicalEntity]) -> list[CanonicalEntity]:
        found = list(entities)
        for c in self._of("merge_entities", "split_entity", "rename_entity", "set_side"):
            found = self._entity(c, found)
        return found

    def _entity(self, c: Correction, found: list[CanonicalEntity]) -> list[CanonicalEntity]:
        at = _find_entity(found, c.target)
        if at is None:
            return found
        e = found[at]
        if c.kind == "rename_entity" and (name := c.value.get("name", "").strip()):
            aliases = tuple(sorted({*e.aliases, e.name} - {name}))
            found[at] = replace(e, name=name, aliases=aliases)
            self._rename(e.name, name)
            self._did(c, f"{e.name} renamed {name}")
        elif c.kind == "set_side":
            party = c.value.get("party", "").strip() or None
            found[at] = replace(e, party=party)
            self._did(c, f"{e.name}: side {e.party or 'none'} → {party or 'none'}")
        elif c.kind == "merge_entities":
            into = _find_entity(found, {"entity": c.value.get("into", ""), "name": ""})
            if into is not None and into != at:
                found[into] = _merged(found[into], e)
                self._rename(e.name, found[into].name)
                self._did(c, f"{e.name} merged into {found[into].name}")
                del found[at]
        elif c.kind == "split_entity":
            split = self._split(e, c.value.get("alias", ""))
            if split is not None:
                found[at], apart = split
                found.insert(at + 1, apart)
                self._did(c, f"{apart.name} split from {e.name}")
        return found

    def _split(
        self, e: CanonicalEntity, alias: str
    ) -> tuple[CanonicalEntity, CanonicalEntity] | None:
        """``e`` without ``alias``, and ``alias`` as an entity of its own with the mentions
        written that way."""
        if alias not in e.aliases:
            return None
        key = alias.casefold()
        moved = tuple(m for m in e.mentions if self._mention_text(m).casefold() == key)
        kept = tuple(m for m in e.mentions if m not in moved)
        slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "x"
        apart = CanonicalEntity(
            id=f"{e.id}~{slug}",
            name=alias,
            type=e.type,
            aliases=(),
            roles=(),
            party=None,
            party_evidence=(),
            mentions=moved,
        )
        rest = replace(e, aliases=tuple(a for a in e.aliases if a != alias), mentions=kept)
        return rest, apart

    def _mention_text(self, mention: tuple[str, int, int]) -> str:
        doc = self.texts.get(mention[0])
        return doc.text[mention[1] : mention[2]] if doc else ""

    # -- positions and claims ----------------------------------------------------------------

    def positions(self, positions: Sequence[Position]) -> list[Position]:
        wanted = {_frozen(c.target): c for c in self._of("stance")}
        if not wanted:
            return list(positions)
        out = []
        for p in positions:
            key = position_key(p.doc_id, p.sentence_start, p.sentence_end, p.issue, p.holder)
            c = wanted.get(_frozen(key))
            if c is None:
                out.append(p)
                continue
            was = ("not " if p.negated else "") + p.stance
            stance = c.value.get("stance", "")
            if stance == NOT_A_POSITION:
                self._did(c, f"{p.holder} on {p.issue}: {was} → not a position")
                continue
            if stance in _STANCES:
                negated = c.value.get("negated") == "true"
                p = replace(p, stance=stance, negated=negated)  # type: ignore[arg-type]
                now = ("not " if negated else "") + stance
                self._did(c, f"{p.holder} on {p.issue}: {was} → {now}")
            out.append(p)
        return out

    def claims(self, claims: Sequence[Claim]) -> list[Claim]:
        wanted = list(self._of("claim_status"))
        if not wanted:
            return list(claims)
        ids = {claim.id for claim in claims}
        by_id = {c.target.get("claim", ""): c for c in wanted}
        # A claim that grew since has a new id: found by its words, when nothing has its id.
        by_text = {c.target.get("text", ""): c for c in wanted if c.target.get("claim") not in ids}
        out = []
        for claim in claims:
            c = by_id.get(claim.id) or by_text.get(claim.text)
            status = c.value.get("status", "") if c else ""
            if c is not None and status in _STATUSES:
                self._did(c, f"claim status {claim.status} → {status}")
                claim = replace(claim, status=status)  # type: ignore[arg-type]
            out.append(claim)
        return out

    # -- the briefing ------------------------------------------------------------------------

    def finish(self, briefing: Briefing) -> Briefing:
        """The briefing with renamed names renamed in every item, and its corrections listed."""
        if self.renamed:
            briefing = _renamed(briefing, self._final_names())
        listed = [
            BriefCorrection(
                id=c.id or 0,
                kind=c.kind,
                target=dict(c.target),
                value=dict(c.value),
                note=c.note,
                applied=(c.id or 0) in self.done,
                description=self.done.get(
                    c.id or 0, "not applied: its item is not in the briefing"
                ),
            )
            for c in self.corrections
        ]
        return replace(briefing, corrections=listed)

    def _of(self, *kinds: str) -> list[Correction]:
        return [c for c in self.corrections if c.kind in kinds]

    def _did(self, c: Correction, what: str) -> None:
        self.done[c.id or 0] = what

    def _rename(self, old: str, new: str) -> None:
        if old != new:
            self.renamed[old] = new

    def _final_names(self) -> dict[str, str]:
        """Each old name to the name it ends as (a rename after a merge follows both)."""
        out = {}
        for old in self.renamed:
            name, seen = old, set()
            while name in self.renamed and name not in seen:
                seen.add(name)
                name = self.renamed[name]
            out[old] = name
        return out


def _frozen(mapping: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in mapping.items()))


def _find_entity(found: Sequence[CanonicalEntity], target: Mapping[str, str]) -> int | None:
    """The entity a correction names: by id, else by its name as it was."""
    wanted_id, wanted_name = target.get("entity", ""), target.get("name", "")
    for i, e in enumerate(found):
        if e.id == wanted_id:
            return i
    for i, e in enumerate(found):
        if wanted_name and e.name == wanted_name:
            return i
    return None


def _merged(into: CanonicalEntity, other: CanonicalEntity) -> CanonicalEntity:
    names = {*into.aliases, *other.aliases, other.name} - {into.name}
    return replace(
        into,
        aliases=tuple(sorted(names)),
        roles=tuple(dict.fromkeys((*into.roles, *other.roles))),
        party=into.party or other.party,
        party_evidence=tuple(dict.fromkeys((*into.party_evidence, *other.party_evidence))),
        mentions=tuple(dict.fromkeys((*into.mentions, *other.mentions))),
    )


def _renamed(briefing: Briefing, names: Mapping[str, str]) -> Briefing:
    """Every name an item gives (a side, a holder, a speaker, an actor) as corrected."""

    def n(value: str | None) -> Any:
        return names.get(value, value) if value is not None else None

    return replace(
        briefing,
        entities=[replace(e, party=n(e.party)) for e in briefing.entities],
        positions=[
            replace(p, party=n(p.party), holder=n(p.holder), speaker=n(p.speaker))
            for p in briefing.positions
        ],
        position_changes=[
            replace(
                c,
                party=n(c.party),
                before=replace(c.before, party=n(c.before.party), holder=n(c.before.holder)),
                after=replace(c.after, party=n(c.after.party), holder=n(c.after.holder)),
            )
            for c in briefing.position_changes
        ],
        quotes=[replace(q, speaker=n(q.speaker)) for q in briefing.quotes],
        events=[
            replace(e, actors=[n(a) for a in e.actors], targets=[n(t) for t in e.targets])
            for e in briefing.events
        ],
    )


def export_corrections(corrections: Sequence[Correction]) -> list[dict[str, Any]]:
    """The user's corrections as plain JSON data, oldest first: what ``communique
    corrections`` and the app's export write, and what another store can take back."""
    return [
        {
            "id": c.id,
            "kind": c.kind,
            "target": dict(c.target),
            "value": dict(c.value),
            "note": c.note,
            "created_at": c.created_at,
        }
        for c in corrections
    ]
