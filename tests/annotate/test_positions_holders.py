"""Who holds a position and which side they speak for. Every sentence is invented: the
Federalist Party, Valdoria, Ostria and their people do not exist.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from communique.annotate.codebook import Codebook, load_codebook
from communique.annotate.nlp import load_pipeline
from communique.annotate.positions import Position, find_positions
from communique.annotate.positions_holders import subject_of
from communique.annotate.quotes import find_quotes

pytestmark = pytest.mark.slow

Row = tuple[str | None, str, str]  # party (or holder), issue, stance


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_codebook()


def positions(nlp: Language, book: Codebook, text: str) -> list[Position]:
    doc = nlp(text)
    return find_positions(
        doc,
        doc_id="doc",
        published=None,
        codebook=book,
        quotes=find_quotes(doc),
        party_of=lambda name: None,
    )


def rows(found: list[Position]) -> set[Row]:
    return {(p.party or p.holder, p.issue, p.stance) for p in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The Federalist Party met in Denver on Tuesday. The party rejected the tax increase.",
            ("Federalist Party", "taxes", "reject"),
            id="the-party-is-the-party-named-with-that-noun",
        ),
        pytest.param(
            "Conservatives gathered in Leeds on Monday. Their leader spoke for an hour. "
            "The party rejected the tax increase.",
            ("Conservative Party", "taxes", "reject"),
            id="the-party-is-the-party-last-named",
        ),
        pytest.param(
            "A letter from Senator Jan Rova would try to block the tariff bill.",
            ("Jan Rova", "tariffs", "reject"),
            id="a-letter-from-someone-speaks-for-them",
        ),
        pytest.param(
            "Three senators are drafting a letter that would try to block the tariff bill.",
            ("senators", "tariffs", "reject"),
            id="a-letter-speaks-for-its-drafters",
        ),
        pytest.param(
            "The Federalist Party will publish its immigration plan on Monday. "
            "The document is expected to call for border security measures.",
            ("Federalist Party", "border_security", "demand"),
            id="the-document-speaks-for-who-released-it",
        ),
        pytest.param(
            "Members of the Conservatives rejected the tax increase.",
            ("Conservative Party", "taxes", "reject"),
            id="members-of-a-party-are-its-side",
        ),
        pytest.param(
            "Critics of the Conservatives rejected the tax increase.",
            ("Critics", "taxes", "reject"),
            id="critics-of-a-party-are-not-its-side",
        ),
        pytest.param(
            "Vermont Independent Sen. Ana Brill rejected the tax increase.",
            ("Independents", "taxes", "reject"),
            id="an-independent-is-no-organisation-of-its-own",
        ),
        pytest.param(
            "The bill stalled in the Senate, where some of the party\u2019s more hawkish members "
            "oppose any cut in tariffs.",
            ("party more hawkish members", "tariffs", "reject"),
            id="a-typographic-apostrophe-leaves-the-clause-its-subject",
        ),
    ],
)
def test_holder(nlp: Language, book: Codebook, text: str, expected: Row) -> None:
    assert expected in rows(positions(nlp, book, text))


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("Governor Tam Ilvo of Ostria, who opposes the tariff cuts, spoke on Monday.", "Tam Ilvo"),
        (
            "She faces rivals like Senator Tom Vale of Ostria who oppose the tariff cuts.",
            "Tom Vale",
        ),
    ],
)
def test_who_after_someone_of_a_place_is_that_someone(
    nlp: Language, book: Codebook, text: str, holder: str
) -> None:
    assert [p.holder for p in positions(nlp, book, text)] == [holder]


def test_a_typographic_apostrophe_parses_as_a_straight_one(nlp: Language) -> None:
    # the shipped model alone reads "union\u2019s" here as "union is"
    text = "The talks stalled in Kell, where some of the union's members reject the offer."
    curly, straight = nlp(text.replace("'", "\u2019")), nlp(text)
    assert [(t.dep_, t.head.i, t.tag_) for t in curly] == [
        (t.dep_, t.head.i, t.tag_) for t in straight
    ]
    assert "union\u2019s" in curly.text  # the text is kept as written


def test_the_party_with_no_party_named_is_no_one_s(nlp: Language, book: Codebook) -> None:
    found = positions(nlp, book, "Valdorian officials met in Kell. The party rejected the tax.")
    assert all(p.holder != "Valdorian officials" for p in found)


@pytest.mark.parametrize(
    "text",
    [
        "Valdoria read the report on Monday. The report calls for lower tariffs.",  # read only
        "The letter demands a truce.",  # nobody named wrote it
    ],
)
def test_a_text_nobody_named_wrote_holds_nothing(nlp: Language, book: Codebook, text: str) -> None:
    assert positions(nlp, book, text) == []


def test_a_clause_set_off_after_a_gerund_goes_with_the_main_verb(nlp: Language) -> None:
    # the parse the tagger sometimes gives: "while insisting" hung on "being", whose subject
    # is the accused; built by hand, since the shipped model parses this sentence well
    words = [
        "The",
        "ministry",
        "accused",
        "the",
        "union",
        "of",
        "being",
        "vague",
        ",",
        "while",
        "insisting",
        "on",
        "a",
        "rise",
        ".",
    ]
    heads = [1, 2, 2, 4, 2, 2, 5, 6, 6, 10, 6, 10, 13, 11, 2]
    deps = "det nsubj ROOT det dobj prep pcomp acomp punct mark advcl prep det pobj punct"
    pos = "DET NOUN VERB DET NOUN ADP AUX ADJ PUNCT SCONJ VERB ADP DET NOUN PUNCT"
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps.split(), pos=pos.split())
    assert [t.text for t in subject_of(doc[10])] == ["ministry"]
