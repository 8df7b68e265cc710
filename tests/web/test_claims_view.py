"""A claim as the app explains it: which value conflicts with which, and why its status."""

from __future__ import annotations

from communique.brief.model import BriefClaim, BriefDocument, ClaimEvidence
from communique.web.claims_view import claim_view


def _doc(doc_id: str, *flags: str) -> BriefDocument:
    return BriefDocument(
        doc_id, f"{doc_id}.txt", None, "The Orvik Bell", None, None, None, None, list(flags)
    )


def _told(doc_id: str, origin: str) -> ClaimEvidence:
    return ClaimEvidence("mention", doc_id, 0, 10, "Mara Velt leads the delegation.", origin)


def _slot(doc_id: str, value: str) -> ClaimEvidence:
    return ClaimEvidence(
        "slot",
        doc_id,
        0,
        10,
        f"{value} Mara Velt",
        f"outlet:{doc_id}",
        "title",
        value,
        about="Mara Velt",
    )


def test_a_contradiction_shows_each_value_once_against_the_other() -> None:
    docs = {d: _doc(d) for d in ("a", "b", "c", "d", "e")}
    evidence = [
        _told("a", "outlet:a"),
        *(_slot(d, "defence minister") for d in "abcd"),
        _slot("e", "former defence minister"),
    ]
    claim = BriefClaim(
        "c1",
        "Mara Velt leads the delegation.",
        "contradicted",
        list("abcde"),
        ["outlet:a"],
        evidence,
    )
    view = claim_view(claim, documents=docs, limit=3)
    [conflict] = view.conflicts
    assert [(v.value, v.documents) for v in conflict.values] == [
        ("defence minister", 4),
        ("former defence minister", 1),
    ]
    assert len(conflict.values[0].evidence) == 3  # cut to the limit, counted in full
    assert view.reason == (
        "Contradicted: the title of Mara Velt: “defence minister” (4 documents) against"
        " “former defence minister” (1 document)."
    )


def test_corroboration_by_flagged_articles_is_shown_as_such() -> None:
    docs = {"a": _doc("a"), "b": _doc("b", "ai_generated"), "c": _doc("c", "opinion")}
    evidence = [_told("a", "outlet:a"), _told("b", "outlet:b"), _told("c", "outlet:c")]
    claim = BriefClaim(
        "c2", "x", "single_source", ["a", "b", "c"], ["outlet:a", "outlet:b", "outlet:c"], evidence
    )
    view = claim_view(claim, documents=docs, limit=5)
    assert view.flagged == {"b": ["ai_generated"], "c": ["opinion"]}
    assert "3 origins tell it, but only 1 of them outside AI-written or opinion" in view.reason
