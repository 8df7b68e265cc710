"""A claim as the app explains it: which value conflicts with which, and why its status."""

from __future__ import annotations

import dataclasses
import json

from communique.brief.model import BriefClaim, BriefDocument, Briefing, ClaimEvidence, Corpus
from communique.brief.rows import decode
from communique.brief.serving import claim_views
from communique.web.claims_view import ClaimView, DocumentClaim, claim_view, document_claims


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
    assert view.origins.words == "1 independent origin; 2 more set aside as AI-written or opinion"


def test_a_kept_view_counts_the_origins_of_the_evidence_it_no_longer_holds() -> None:
    docs = [_doc("a"), _doc("b", "ai_generated"), _doc("c", "opinion")]
    evidence = [_told("a", "outlet:a"), _told("b", "outlet:b"), _told("c", "outlet:c")]
    claim = BriefClaim(
        "c2", "x", "single_source", ["a", "b", "c"], ["outlet:a", "outlet:b", "outlet:c"], evidence
    )
    briefing = Briefing("1.0.0", Corpus(3, None, None), docs, [], [], [], [], [], [claim], [])
    [view] = claim_views(briefing)["claim_views"]
    kept = decode(ClaimView, json.loads(json.dumps(dataclasses.asdict(view))))
    assert kept.claim.evidence == []  # kept without it, as the briefing rows hold it
    assert kept.origins.words == "1 independent origin; 2 more set aside as AI-written or opinion"


def test_a_claim_told_only_in_flagged_articles_counts_no_origin() -> None:
    docs = {"b": _doc("b", "opinion"), "c": _doc("c", "opinion")}
    evidence = [_told("b", "outlet:b"), _told("c", "outlet:b")]
    claim = BriefClaim("c3", "x", "single_source", ["b", "c"], ["outlet:b"], evidence)
    view = claim_view(claim, documents=docs, limit=5)
    assert view.reason == (
        "Single source: it is told only in AI-written or opinion articles, which are no"
        " independent corroboration."
    )
    assert view.origins.words == "no independent origin: 1 origin set aside as opinion"


def test_each_document_holds_its_claims_with_only_its_own_evidence() -> None:
    near = ClaimEvidence("mention", "d1", 4, 20, "the ferry resumes")
    far = ClaimEvidence("denial", "d2", 0, 18, "no ferry will sail")
    other = ClaimEvidence("mention", "d2", 30, 44, "tolls are cut")
    claims = [
        BriefClaim("k1", "The ferry resumes", "disputed", ["d1", "d2"], ["a", "b"], [near, far]),
        BriefClaim("k2", "Tolls are cut", "single_source", ["d2", "d3"], ["b"], [other]),
    ]
    held = {h.document: h.claims for h in document_claims(claims)}
    assert held == {
        "d1": [DocumentClaim("k1", "The ferry resumes", "disputed", [near])],
        "d2": [
            DocumentClaim("k1", "The ferry resumes", "disputed", [far]),
            DocumentClaim("k2", "Tolls are cut", "single_source", [other]),
        ],
        "d3": [DocumentClaim("k2", "Tolls are cut", "single_source", [])],
    }
