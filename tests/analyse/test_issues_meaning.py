"""Issues by meaning: objects with no cue word find the issue they paraphrase (invented text)."""

from __future__ import annotations

import pytest

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.analyse.issues_meaning import deal_subjects, gaps_by_meaning, issues_by_meaning
from communique.annotate.codebook import UNMAPPED, codebook_gaps, default_codebook

pytestmark = pytest.mark.skipif(
    not embedding_model_available(), reason="the MiniLM embedding model is not installed"
)


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder()


@pytest.mark.parametrize(
    ("obj", "issue"),
    [
        ("a barrier along the southern border", "border_security"),
        ("the president's trade proposal", "tariffs"),
        ("a referendum on the new charter", "governance"),
    ],
)
def test_an_object_finds_the_issue_it_paraphrases(
    embedder: SentenceEmbedder, obj: str, issue: str
) -> None:
    assert issues_by_meaning([obj], default_codebook(), embedder) == [issue]


@pytest.mark.parametrize("obj", ["deal", "Mr. Halvorsen", "political advantages"])
def test_a_vague_object_stays_unmapped(embedder: SentenceEmbedder, obj: str) -> None:
    assert issues_by_meaning([obj], default_codebook(), embedder) == [UNMAPPED]


def test_rewordings_of_one_uncovered_matter_are_one_gap(embedder: SentenceEmbedder) -> None:
    found = [
        ("", "night shift pay"),
        ("", "overtime pay for night shifts"),
        ("", "fishing quotas"),
        ("", "quotas for fishing boats"),
        ("", "pension age"),
        ("taxes", "income tax"),
    ]
    gaps = gaps_by_meaning(found, embedder=embedder)
    assert sorted(n for _, n in gaps) == [2, 2]
    assert {obj for obj, _ in gaps} <= {o for _, o in found[:4]}
    # Spelling alone counts each of them once: nothing to propose.
    assert codebook_gaps(found) == []


def test_the_deal_of_a_story_is_the_issue_it_was_named_by() -> None:
    book = default_codebook()
    texts = {
        "levy": "Ministers met on the fuel levy compromise. Unions said the compromise was weak.",
        "terse": "The opposition rejected the deal on Friday.",
        "talks": "The negotiated agreement and the peace deal were praised by mediators.",
    }
    got = deal_subjects(texts, book)
    assert got["levy"] == "taxes"
    assert got["terse"] == "taxes"  # a story that never names its deal: the coverage's
    assert got["talks"] == "taxes"  # process words ("negotiated", "peace") name no substance


def test_no_deal_named_in_full_leaves_the_agreement_as_a_whole() -> None:
    got = deal_subjects({"a": "The bill failed. Nobody backed the accord."}, default_codebook())
    assert got == {"a": UNMAPPED}
