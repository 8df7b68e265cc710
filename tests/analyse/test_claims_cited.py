"""One sentence's words cited by one claim, or each claim citing its own clause of it."""

from __future__ import annotations

from communique.analyse.claims_cited import cited_once
from communique.analyse.claims_types import Claim, ClaimMention, ClaimStatus, Evidence, EvidenceSide

# Invented: a dateline, then two clauses that tell two facts.
DOC = "Velgard/Ostrin - Velgard has accepted the ferry plan, with the port chief Ana Rusk leading its team."
MAIN = (0, DOC.index(","))
SIDE = (DOC.index("with"), len(DOC) - 1)
SENTENCE = (0, len(DOC))
OTHER = "Ana Rusk will lead the Velgard team at the port talks."


def _clause(span: tuple[int, int], *, doc: str = "a", text: str = DOC) -> ClaimMention:
    start, end = span
    sentence = SENTENCE if text == DOC else (0, len(text))
    return ClaimMention(
        doc,
        start,
        end,
        text[start:end],
        f"doc:{doc}",
        sentence=sentence,
        shown=sentence,
        shown_text=text[sentence[0] : sentence[1]],
    )


def _claim(
    name: str,
    *mentions: ClaimMention,
    status: ClaimStatus = "single_source",
    evidence: tuple[Evidence, ...] = (),
) -> Claim:
    origins = tuple(dict.fromkeys(m.origin for m in mentions))
    return Claim(name, mentions[0].headline, status, mentions, evidence, origins)


def _cited(claims: list[Claim]) -> list[tuple[str, list[tuple[str, int, int]]]]:
    return [(c.id, [(m.doc_id, *m.cited) for m in c.mentions]) for c in claims]


def test_clauses_of_one_sentence_alone_make_one_claim_citing_it_whole() -> None:
    claims = cited_once([_claim("one", _clause(MAIN)), _claim("two", _clause(SIDE))])
    assert _cited(claims) == [("one", [("a", *SENTENCE), ("a", *SENTENCE)])]
    assert claims[0].text == DOC


def test_a_clause_another_claim_holds_joins_it_whatever_its_standing() -> None:
    side = EvidenceSide("a", 0, 5, "x", "doc:a")
    fact = _claim(
        "fact",
        _clause(MAIN),
        _clause((0, len(OTHER)), doc="b", text=OTHER),
        status="contradicted",
        evidence=(Evidence("contradiction", "title", "Ana Rusk", (side,)),),
    )
    claims = cited_once([fact, _claim("lone", _clause(MAIN))])
    assert [c.id for c in claims] == ["fact"]
    assert claims[0].status == "contradicted"


def test_a_sentence_cited_by_one_claim_is_left_whole() -> None:
    claim = _claim("one", _clause(MAIN), _clause(SIDE))
    assert cited_once([claim]) == [claim]
