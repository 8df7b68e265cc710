"""Long texts: parsed in chunks, offsets exact in the whole text, the same reading as whole."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from spacy.language import Language

from communique.annotate.chunks import chunk_bounds, parse_text, parse_texts
from communique.annotate.nlp import MAX_SENTENCE_TOKENS, SENTENCE_CAP, load_pipeline
from communique.annotate.pipeline import Annotator, TextAnnotations
from communique.annotate.quotes import find_quotes, find_quotes_in_texts
from communique.clean.pipeline import Cleaner
from communique.models import Document
from communique.read import read_targets

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

PARAGRAPHS = [
    "Harbour talks between Ostmark and Velland resumed in Carrow on Tuesday, 3 June 2025, "
    "after a pause of six weeks.",
    "\u201cWe came to close the file on the ferry levy,\u201d said Odile Brandt, Ostmark's "
    "trade minister. She told reporters the levy would be halved by next March.",
    "Velland's chief negotiator, Piet Maravec, said his side wanted the fishing quota "
    "settled first. Brandt rejected that order on Wednesday.",
    "The two delegations will meet again in Tollen next week, a spokesman for the Velland "
    "Port Authority said, adding that a draft text could follow in July.",
    "Maravec later said the quota question was \u201cnot a precondition\u201d. Officials "
    "from both sides expect a signing before the end of the year.",
]
TEXT = "\n\n".join(PARAGRAPHS)
PUBLISHED = dt.date(2025, 6, 4)


@pytest.fixture(scope="module")
def whole() -> Annotator:
    return Annotator.create()


@pytest.fixture(scope="module")
def small() -> Language:
    """A pipeline whose ``max_length`` forces a chunk every paragraph or two."""
    nlp = load_pipeline()
    nlp.max_length = 260
    return nlp


def _spans(read: TextAnnotations) -> list[tuple[str, int, int, str]]:
    spans = [("entity", m.start, m.end, m.text) for m in read.entities]
    spans += [("date", t.start, t.end, t.text) for t in read.dates]
    spans += [("quote", q.start, q.end, q.content) for q in read.quotes]
    spans += [("cue", q.cue_start, q.cue_end, q.cue) for q in read.quotes]
    return spans


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("One.\n\nTwo.\n\nThree.", 12, [(0, 12), (12, 18)]),  # after the paragraph break
        ("One two. Three four. Five.", 15, [(0, 9), (9, 21), (21, 26)]),  # after a full stop
        ("one two three four five", 10, [(0, 8), (8, 14), (14, 23)]),  # after a space
        ("abcdefghij", 4, [(0, 4), (4, 8), (8, 10)]),  # nowhere better: a hard cut
        ("short", 100, [(0, 5)]),
        ("", 3, [(0, 0)]),
    ],
)
def test_chunk_bounds_prefer_paragraphs_then_sentences_then_spaces(
    text: str, limit: int, expected: list[tuple[int, int]]
) -> None:
    assert chunk_bounds(text, max_chars=limit) == expected


def test_chunks_cover_the_text_exactly_and_keep_under_the_limit() -> None:
    bounds = chunk_bounds(TEXT, max_chars=120)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(TEXT)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < end - start <= 120 for start, end in bounds)
    assert "".join(TEXT[s:e] for s, e in bounds) == TEXT


def test_chunk_bounds_refuse_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        chunk_bounds("text", max_chars=0)


def test_a_parsed_long_text_is_the_text_with_every_offset_in_it(small: Language) -> None:
    assert len(chunk_bounds(TEXT, max_chars=small.max_length)) >= 3
    doc = parse_text(small, TEXT)
    assert doc.text == TEXT
    for token in doc:
        assert TEXT[token.idx : token.idx + len(token.text)] == token.text
    assert [s.text for s in doc.sents if s.text.strip()]
    assert {e.text for e in doc.ents} >= {"Ostmark", "Piet Maravec", "Tollen"}


def test_offsets_are_exact_across_chunk_boundaries(whole: Annotator, small: Language) -> None:
    chunked = Annotator(nlp=small).annotate(TEXT, published=PUBLISHED)
    assert chunked.entities and chunked.dates and chunked.quotes
    for _, start, end, text in _spans(chunked):
        assert TEXT[start:end] == text
    for start, end in chunked.sentences:
        assert 0 <= start < end <= len(TEXT)
    # A paragraph split changes nothing the layer reads in this text, even across chunks:
    # "Brandt" in the third paragraph still stands for Odile Brandt for the quote finder, and
    # "next week" is anchored on the publication date.
    assert chunked.as_json() == whole.annotate(TEXT, published=PUBLISHED).as_json()


def test_a_real_article_reads_the_same_in_chunks(whole: Annotator) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds absent: no real article to chunk")
    cleaner = Cleaner.create()
    article = cleaner.clean(next(iter(read_targets([str(sorted(SEEDS.glob("*.txt"))[0])]))))
    text = "\n\n".join([article.text] * 3)
    nlp = load_pipeline()
    nlp.max_length = len(article.text) + 10  # three chunks, one per copy
    assert len(chunk_bounds(text, max_chars=nlp.max_length)) == 3
    chunked = Annotator(nlp=nlp).annotate(text, published=PUBLISHED)
    assert chunked.as_json() == whole.annotate(text, published=PUBLISHED).as_json()


def test_a_long_text_without_punctuation_annotates(whole: Annotator, small: Language) -> None:
    words = ["ferry", "levy", "quota", "harbour", "delegation", "border", "talks", "draft"]
    text = " ".join(words[(i * 5) % len(words)] for i in range(2_000))
    read = Annotator(nlp=small).annotate(text, published=PUBLISHED)
    assert read.text == text
    assert read.sentences[0][0] == 0 and read.sentences[-1][1] == len(text)
    for _, start, end, span in _spans(read):
        assert text[start:end] == span
    # Parsed whole, the parser alone would make it one sentence of 2,000 words.
    assert max(len(s) for s in whole.nlp(text).sents) <= MAX_SENTENCE_TOKENS
    assert whole.annotate(text, published=PUBLISHED).text == text


def test_the_sentence_cap_leaves_prose_alone(whole: Annotator) -> None:
    # A long sentence, but with its full stop: prose is never cut.
    text = " ".join(PARAGRAPHS[1:4]).replace(". ", ", and ") * 3
    with whole.nlp.select_pipes(disable=[SENTENCE_CAP]):
        uncapped = [s.text for s in whole.nlp(text).sents]
    assert [s.text for s in whole.nlp(text).sents] == uncapped


def test_documents_in_a_batch_keep_their_order_around_a_long_one(small: Language) -> None:
    texts = ["Brandt met Maravec in Carrow.", TEXT, "Talks resume in Tollen.", TEXT[:200]]
    pairs = [(text, n) for n, text in enumerate(texts)]
    parsed = list(parse_texts(small, pairs, batch_size=2))
    assert [n for _, n in parsed] == [0, 1, 2, 3]
    assert [doc.text for doc, _ in parsed] == texts
    documents = [
        Document(id=f"d{n}", source="test", text=text, published=PUBLISHED)
        for n, text in enumerate(texts)
    ]
    read = list(Annotator(nlp=small).annotate_documents(documents, batch_size=2))
    assert [d.id for d, _ in read] == ["d0", "d1", "d2", "d3"]
    assert all(r.text == d.text for d, r in read)


def test_quotes_of_many_texts_read_a_long_one_in_chunks(whole: Annotator, small: Language) -> None:
    [chunked, short] = list(find_quotes_in_texts(small, [TEXT, PARAGRAPHS[1]], batch_size=4))
    assert chunked == find_quotes(whole.nlp(TEXT))
    assert short == find_quotes(whole.nlp(PARAGRAPHS[1]))
    assert {q.speaker for q in chunked} >= {"Piet Maravec", "Velland Port Authority"}
