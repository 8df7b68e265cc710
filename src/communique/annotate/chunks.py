"""Parsing a text too long for one pass of the model, in chunks joined back into one Doc.

spaCy refuses a text longer than ``nlp.max_length`` (error E088), and its parser and entity
recogniser need working memory in proportion to the text of one pass. A long text is cut into
chunks at paragraph breaks (else after a sentence's end, else at any space, else anywhere),
each chunk is parsed alone, and the parsed chunks are joined into one Doc whose text is the
original text. So every offset an annotator gives is exact in the whole document, and what
reads across sentences (a date anchored on the one before, a surname standing for the full
name given earlier, a pronoun's speaker) reads across chunks as well. Only the model's memory
is per chunk; the joined Doc costs a few hundred bytes a token.

Example::

    nlp = load_pipeline()
    doc = parse_text(nlp, very_long_text)  # never E088; doc.text == very_long_text
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final, TypeVar

import numpy
from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["CHUNK_CHARS", "chunk_bounds", "parse_text", "parse_texts"]

CHUNK_CHARS: Final = 100_000
"""The most characters the model reads in one pass (spaCy's own limit, ``max_length``, is 1e6,
sized for its worst memory use). News articles are far shorter and are parsed whole."""

# Where a chunk may end, best first; a chunk ends after the break's spaces, so the next one
# starts on a word.
_BREAKS: Final = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),
    re.compile(r"[.!?…][\"'”’)\]]*\s+|\n\s*"),
    re.compile(r"\s+"),
)

T = TypeVar("T")


def chunk_bounds(text: str, *, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` pieces that cover ``text`` exactly, each at most
    ``max_chars`` long (one piece when the text fits).

    >>> chunk_bounds("One.\\n\\nTwo.\\n\\nThree.", max_chars=12)
    [(0, 12), (12, 18)]
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, start + max_chars)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, lo: int, hi: int) -> int:
    """Where the chunk ``text[lo:hi]`` should end: after the last break of the best kind in
    its second half (so chunks stay long), else at ``hi``."""
    floor = lo + (hi - lo) // 2
    for pattern in _BREAKS:
        end = 0
        for match in pattern.finditer(text, floor, hi):
            end = match.end()
        if end > lo:
            return end
    return hi


def parse_text(nlp: Language, text: str, *, max_chars: int | None = None) -> Doc:
    """``nlp(text)``, in chunks of at most ``max_chars`` (default: :data:`CHUNK_CHARS`, or
    ``nlp.max_length`` when that is smaller) when the text is longer."""
    limit = _limit(nlp, max_chars)
    if len(text) <= limit:
        return nlp(text)
    return _parse_chunked(nlp, text, limit)


def parse_texts(
    nlp: Language,
    pairs: Iterable[tuple[str, T]],
    *,
    batch_size: int = 16,
    max_chars: int | None = None,
) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe(pairs, as_tuples=True)`` in order, with each text longer than ``max_chars``
    (see :func:`parse_text`) parsed in chunks on its own instead of failing the batch."""
    limit = _limit(nlp, max_chars)
    batch: list[tuple[str, T]] = []
    for text, context in pairs:
        if len(text) <= limit:
            batch.append((text, context))
            if len(batch) < batch_size:
                continue
        yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
        batch = []
        if len(text) > limit:
            yield _parse_chunked(nlp, text, limit), context
    yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)


def _limit(nlp: Language, max_chars: int | None) -> int:
    return max_chars if max_chars is not None else min(CHUNK_CHARS, nlp.max_length)


def _parse_chunked(nlp: Language, text: str, limit: int) -> Doc:
    parsed: list[Doc] = []
    for start, end in chunk_bounds(text, max_chars=limit):
        doc = nlp(text[start:end])
        # The token vectors are the model's working state, four hundred bytes a token, and
        # nothing downstream reads them.
        doc.tensor = numpy.zeros((0,), dtype="float32")
        parsed.append(doc)
    # spaCy's stub omits ``exclude`` (spaCy >= 3.4 takes it).
    joined = Doc.from_docs(  # type: ignore[call-arg]
        parsed, ensure_whitespace=False, exclude=["tensor", "user_data"]
    )
    assert joined is not None and joined.text == text, "chunks must join to the text"
    return joined
