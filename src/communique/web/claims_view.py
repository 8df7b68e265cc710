"""A claim as the app shows it: why it has its status, in words, and its evidence side by side.

A contradicted claim lists each disagreeing value once with how many documents give it, so
the reader sees which value conflicts with which ("defence minister" in four documents
against "former defence minister" in one), not every telling again. Tellings from AI-written
or opinion documents are marked: they do not count as independent corroboration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from communique.brief.model import BriefClaim, BriefDocument, ClaimEvidence
from communique.brief.sections import OriginCount, origin_count
from communique.models import weak_flags

__all__ = [
    "ClaimView",
    "Conflict",
    "DocumentClaim",
    "DocumentClaims",
    "ValueGroup",
    "claim_view",
    "document_claims",
    "shown_documents",
]


@dataclass(frozen=True, slots=True)
class ValueGroup:
    """One value a slot is given, the documents giving it, and up to ``limit`` of them."""

    value: str
    documents: int
    evidence: list[ClaimEvidence]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One thing the coverage disagrees on: ``slot`` (number, date, title …) of ``about``."""

    slot: str
    about: str
    values: list[ValueGroup]

    @property
    def words(self) -> str:
        told = " against ".join(
            f"“{v.value}” ({v.documents} document{'s' if v.documents != 1 else ''})"
            for v in self.values
        )
        return f"the {self.slot}{f' of {self.about}' if self.about else ''}: {told}"


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim's evidence in columns, each cut to ``limit`` items (a claim told by thousands
    of wire copies stays one screen), and the reason for its status."""

    claim: BriefClaim
    told: list[ClaimEvidence]
    told_total: int
    denials: list[ClaimEvidence]
    denials_total: int
    conflicts: list[Conflict]
    reason: str
    flagged: dict[str, list[str]] = field(default_factory=dict)
    # Worked out with the whole evidence: a kept view's claim is kept without it.
    origins: OriginCount = field(default_factory=lambda: OriginCount(0))

    @property
    def against_total(self) -> int:
        return self.denials_total + len(self.conflicts)


@dataclass(frozen=True, slots=True)
class DocumentClaim:
    """A claim as one document's page shows it: its words, its status and only the evidence
    that document holds (a wire claim's evidence in thousands of copies is megabytes)."""

    id: str
    text: str
    status: str
    evidence: list[ClaimEvidence]


@dataclass(frozen=True, slots=True)
class DocumentClaims:
    """The claims one document tells, in the briefing's order: the row a document's page
    reads instead of every whole claim citing it."""

    document: str
    claims: list[DocumentClaim]


def shown_documents(views: Iterable[ClaimView]) -> set[str]:
    """The documents the views link to (their evidence as cut), to read in one query before
    the page is drawn instead of one per link."""
    found: set[str] = set()
    for view in views:
        found.update(e.document for e in (*view.told, *view.denials))
        found.update(e.document for c in view.conflicts for v in c.values for e in v.evidence)
    return found


def document_claims(claims: Iterable[BriefClaim]) -> list[DocumentClaims]:
    """Each document's claims (a claim belongs to the documents it lists), in the order of
    the documents' first claims."""
    by_document: dict[str, list[DocumentClaim]] = {}
    for claim in claims:
        held: dict[str, list[ClaimEvidence]] = {d: [] for d in claim.documents}
        for ev in claim.evidence:
            if ev.document in held:
                held[ev.document].append(ev)
        for doc, evidence in held.items():
            told = DocumentClaim(claim.id, claim.text, claim.status, evidence)
            by_document.setdefault(doc, []).append(told)
    return [DocumentClaims(doc, told) for doc, told in by_document.items()]


def claim_view(
    claim: BriefClaim, *, documents: Mapping[str, BriefDocument], limit: int
) -> ClaimView:
    told = [e for e in claim.evidence if e.role == "mention"]
    denials = [e for e in claim.evidence if e.role == "denial"]
    conflicts = _conflicts([e for e in claim.evidence if e.role == "slot"], limit=limit)
    flagged = {
        e.document: weak
        for e in claim.evidence
        if (doc := documents.get(e.document)) is not None and (weak := weak_flags(doc.flags))
    }
    origins = origin_count(claim, weak=flagged)
    return ClaimView(
        claim,
        told[:limit],
        len(told),
        denials[:limit],
        len(denials),
        conflicts,
        _reason(claim, denials, conflicts, origins),
        flagged,
        origins,
    )


def _conflicts(slots: list[ClaimEvidence], *, limit: int) -> list[Conflict]:
    grouped: dict[tuple[str, str], dict[str, list[ClaimEvidence]]] = {}
    for ev in slots:
        by_value = grouped.setdefault((ev.slot, ev.about), {})
        by_value.setdefault(" ".join(ev.value.split()).casefold(), []).append(ev)
    out = []
    for (slot, about), by_value in grouped.items():
        values = [
            ValueGroup(items[0].value, len({e.document for e in items}), items[:limit])
            for items in sorted(by_value.values(), key=len, reverse=True)
        ]
        if len(values) >= 2:  # one value alone conflicts with nothing
            out.append(Conflict(slot, about, values))
    return out


def _reason(
    claim: BriefClaim,
    denials: list[ClaimEvidence],
    conflicts: list[Conflict],
    count: OriginCount,
) -> str:
    """Why the claim has its status, in one sentence."""
    if claim.status == "contradicted" and conflicts:
        return "Contradicted: " + "; ".join(c.words for c in conflicts) + "."
    if claim.status == "disputed":
        return f"Disputed: denied in {len(denials)} sentence{'s' if len(denials) != 1 else ''}."
    if claim.status == "corroborated":
        return (
            f"Corroborated: {count.counted} independent origins tell it (copies of one wire story"
            " count once)."
        )
    weak = "AI-written or opinion articles, which are no independent corroboration."
    if count.set_aside and not count.counted:
        return f"Single source: it is told only in {weak}"
    if count.set_aside:
        told_by = f"{count.counted + count.set_aside} origins tell it, but only {count.counted}"
        return f"Single source: {told_by} of them outside {weak}"
    return "Single source: one independent origin tells it."
