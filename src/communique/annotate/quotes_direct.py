"""Attribute quoted passages to a speech verb next to them: the direct quotes.

A quoted passage is speech (not a scare quote or a title) when it starts a clause — at a
paragraph or sentence start, after a colon or comma, or right after a speech verb — and is long
enough, or ends in the punctuation of a finished utterance ("“Never,” she said.").
Its cue is looked for in four places, in this order:

1. after it, in the same sentence: "“…,” Doe said." / "“…,” said Doe, the minister.";
2. before it, ending in a colon or comma: "Doe said: “…”" (the colon may end the previous
   paragraph);
3. after it, across a full stop, only when the next sentence is just "Doe said.";
4. a passage with no cue of its own continues the previous attributed passage when nothing but
   that attribution separates them — the split quote ("“A,” she said. “B.”") and the quote
   running on into the next paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Token

from communique.annotate.quotes_lexicon import DIRECT_CUE_VERBS
from communique.annotate.quotes_marks import QuotedSpan
from communique.annotate.quotes_tree import (
    Found,
    cue_range,
    is_according,
    is_reporting_verb,
    names_speaker,
    source_range,
    subject_of,
    trim_range,
)
from communique.annotate.ranges import RangeIndex

__all__ = ["find_direct"]

_CLAUSE_OPENERS: Final = frozenset(".:;,!?—–-(\n")
_UTTERANCE_END: Final = frozenset(",.!?—–-…")
_STRONG_END: Final = frozenset(",!?—–-…")
_SENTENCE_END: Final = frozenset({".", "!", "?"})
_MIN_WORDS: Final = 4
_AFTER_REACH: Final = 15
_WEAK_REACH: Final = 6
_FRAME_TOKENS: Final = 30
_CLOSING_MARKS: Final = frozenset("\"”»’'")
_LETTERS: Final = re.compile(r"\w")
_NOMINAL: Final = frozenset({"PROPN", "NOUN", "PRON"})
_DUMMY_SUBJECTS: Final = frozenset({"it", "there", "this", "that", "what", "which"})


@dataclass(frozen=True, slots=True)
class _Frame:
    """The attribution found for one passage, where its frame ends (``end``) and where the next
    passage's cue may start (``floor``: after this cue and its source, so that in "“A,” she
    said, adding: “B.”" the second passage gets "adding")."""

    found: Found
    end: int
    floor: int


def _is_cue(token: Token) -> bool:
    """A verb that can frame a quoted passage, or 'according (to)'."""
    return (token.pos_ == "VERB" and token.lemma_.lower() in DIRECT_CUE_VERBS) or is_according(
        token
    )


class _Text:
    """Token lookups by character offset, built once per document."""

    def __init__(self, doc: Doc, spans: list[QuotedSpan], text: str) -> None:
        self.doc = doc
        self.text = text
        self.starts = [t.idx for t in doc]
        self.openers = {s.open for s in spans}
        self.quoted = RangeIndex((s.open, s.close) for s in spans)

    def first_at(self, char: int) -> int:
        return bisect.bisect_left(self.starts, char)

    def last_before(self, char: int) -> int:
        """Last non-space token ending at or before ``char``; -1 if none."""
        i = bisect.bisect_left(self.starts, char) - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        return i

    def inside_quote(self, token: Token) -> bool:
        return self.quoted.covers(token.idx, token.idx + 1)


def _speech_like(tx: _Text, span: QuotedSpan) -> bool:
    """Long enough to be speech, or a finished short utterance, and starting a clause."""
    if span.words < _MIN_WORDS and not (span.text[-1] in _UTTERANCE_END and span.words >= 1):
        return False
    i = span.open - 1
    while i >= 0 and tx.text[i].isspace() and tx.text[i] != "\n":
        i -= 1
    if i < 0 or tx.text[i] in _CLAUSE_OPENERS or tx.text[i] in _CLOSING_MARKS:
        return True
    j = tx.last_before(span.open)
    return j >= 0 and _is_cue(tx.doc[j])


def _nominal_run(doc: Doc, first: int, last: int) -> tuple[tuple[int, int], Token] | None:
    """A trimmed token range that names someone, with its head (the token governed from
    outside the range)."""
    trimmed = trim_range(doc, first, last) if first <= last else None
    if trimmed is None:
        return None
    a, b = trimmed
    tokens = doc[a : b + 1]
    if not any(t.pos_ in _NOMINAL for t in tokens) or any(
        t.pos_ in ("VERB", "AUX") for t in tokens
    ):
        return None
    heads = [t for t in tokens if not (a <= t.head.i <= b) or t.head is t]
    return (a, b), heads[0] if heads else tokens[-1]


def _frame_source(doc: Doc, verb: Token, lo: int, hi: int) -> tuple[tuple[int, int], Token] | None:
    """When the parse gives the verb no subject ("“…,” Doe, 58, told AFP"): the words between
    the passage and the verb, or those right after the verb ("said Doe")."""
    found = _nominal_run(doc, lo, verb.i - 1)
    if found is not None:
        return found
    end = verb.i + 1
    while (
        end <= hi and doc[end].dep_ not in ("prep", "npadvmod", "punct") and not doc[end].is_space
    ):
        end += 1
    return _nominal_run(doc, verb.i + 1, end - 1)


def _found(
    tx: _Text, verb: Token, span: QuotedSpan, *, frame: tuple[int, int] | None = None
) -> Found:
    """The attribution of ``span`` to ``verb``, with the verb's subject as source; ``frame``
    (token range of the attribution) is searched when the parse gives no subject."""
    subject: Token | None
    if is_according(verb):
        objects = [c for c in verb.doc[verb.i + 1].children if c.dep_ == "pobj"]
        subject = objects[0] if objects else None
    else:
        subject = subject_of(verb)
    source = source_range(subject) if subject is not None else None
    if (
        source is not None
        and tx.doc[source[0]].idx < span.close
        and (tx.doc[source[1]].idx >= span.open)
    ):
        source, subject = None, None  # a parse that reaches into the quote itself
    if source is None and frame is not None and not is_according(verb):
        fallback = _frame_source(tx.doc, verb, *frame)
        if fallback is not None:
            source, subject = fallback
    return Found(
        cue=cue_range(verb),
        cue_head=verb.i,
        source=source,
        source_head=subject.i if subject is not None and source is not None else None,
        contents=(span.content,),
        kind="direct",
    )


def _after(tx: _Text, span: QuotedSpan, *, strong: bool) -> _Frame | None:
    """A cue in the words right after the passage, before the sentence ends."""
    if not span.closed:
        return None
    i = tx.first_at(span.close)
    reach = _AFTER_REACH if strong else _WEAK_REACH
    verb: Token | None = None
    last = i
    for k in range(i, min(i + _FRAME_TOKENS, len(tx.doc))):
        tok = tx.doc[k]
        if "\n" in tok.text or tok.idx in tx.openers:
            break
        last = k
        if verb is None and k - i <= reach and _is_cue(tok):
            verb = tok
        if tok.text in _SENTENCE_END:
            break
    if verb is None or tx.inside_quote(verb):
        return None
    if not strong and any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
        return None
    if any(c.dep_ == "ccomp" and c.i > verb.i and c.i <= last for c in verb.children):
        return None  # the verb reports a clause of its own
    end = tx.doc[last].idx + len(tx.doc[last].text)
    found = _found(tx, verb, span, frame=(i, last))
    tail = tx.doc[max(found.cue[1], found.source[1] if found.source else 0)]
    return _Frame(found, end, tail.idx + len(tail.text))


def _reporting_above(verb: Token, lo: int) -> Token | None:
    """ "The group, Doe said, was beginning to realize “…”": a speech verb the cue's clause
    hangs from, in the same frame, is who speaks."""
    below = verb
    while below.dep_ in ("ccomp", "xcomp") and below.head.i != below.i:
        above = below.head
        if above.i < lo:
            return None
        if is_reporting_verb(above) and above.i < verb.i:
            return above
        below = above
    return None


def _before(tx: _Text, span: QuotedSpan, floor: int) -> _Frame | None:
    """A cue ending in a colon or comma (or a bare speech verb) right before the passage."""
    j = tx.last_before(span.open)
    if j < 0 or tx.doc[j].idx < floor:
        return None
    last_tok = tx.doc[j]
    if last_tok.text in (":", ",", "—", "–", "-"):
        end = j - 1
    elif (
        _is_cue(last_tok)
        and span.words >= _MIN_WORDS
        and "\n" not in tx.text[last_tok.idx : span.open]
    ):
        end = j
    else:
        return None
    if last_tok.text != ":" and "\n" in tx.text[last_tok.idx : span.open]:
        return None
    lo = max(last_tok.sent.start, tx.first_at(floor))
    for k in range(end, lo - 1, -1):
        tok = tx.doc[k]
        if "\n" in tok.text:
            break
        if not _is_cue(tok) or tx.inside_quote(tok):
            continue
        if any(c.dep_ == "ccomp" and tok.i < c.i <= end for c in tok.children):
            return None  # "X said that …, and …:" — its content is already there
        tok = _reporting_above(tok, lo) or tok
        # "Added Doe: “…”": no subject in the parse, the name right after the verb
        return _Frame(_found(tx, tok, span, frame=(tok.i, end)), span.close, span.close)
    if last_tok.text == ":":
        return _colon(tx, span, lo, j)
    return None


def _colon(tx: _Text, span: QuotedSpan, lo: int, colon: int) -> _Frame | None:
    """ "Doe went further: “…”" or a bare "Doe: “…”": a speaker introducing the passage with a
    colon but no speech verb. The clause's verb, or else the colon, is the cue."""
    start = colon
    while start > lo and "\n" not in tx.doc[start - 1].text:
        start -= 1
    frame = tx.doc[start:colon]
    for tok in frame:
        subject = subject_of(tok) if tok.pos_ in ("VERB", "AUX") else None
        if (
            subject is not None
            and start <= subject.i < colon
            and subject.pos_ in ("PROPN", "NOUN", "PRON")
            and subject.lower_ not in _DUMMY_SUBJECTS
        ):
            return _Frame(_found(tx, tok, span), span.close, span.close)
    if names_speaker(frame):
        source = trim_range(tx.doc, start, colon - 1)
        if source is None:
            return None
        head = frame.root
        found = Found((colon, colon), colon, source, head.i, (span.content,), "direct")
        return _Frame(found, span.close, span.close)
    return None


def _continues(tx: _Text, previous: _Frame | None, span: QuotedSpan) -> _Frame | None:
    """The previous attribution again, when only whitespace separates the two passages."""
    if previous is None or previous.end > span.open:
        return None
    if _LETTERS.search(tx.text[previous.end : span.open]):
        return None
    old = previous.found
    found = Found(old.cue, old.cue_head, old.source, old.source_head, (span.content,), "direct")
    return _Frame(found, span.close, span.close)


def find_direct(doc: Doc, spans: list[QuotedSpan], *, text: str | None = None) -> list[Found]:
    """Attribute each speech-like quoted passage of ``doc`` to its cue; others are left out."""
    tx = _Text(doc, spans, doc.text if text is None else text)
    out: list[Found] = []
    previous: _Frame | None = None
    floor = 0
    for span in spans:
        if not _speech_like(tx, span):
            floor = span.close
            continue
        last_char = span.text.rstrip(" \"”’'»")[-1:]
        strong = last_char in _STRONG_END or tx.text[span.close : span.close + 1] == ","
        frame = (
            (_after(tx, span, strong=True) if strong else None)
            or _before(tx, span, floor)
            or (None if strong else _after(tx, span, strong=False))
            or _continues(tx, previous, span)
        )
        if frame is not None:
            out.append(frame.found)
        previous = frame
        floor = span.close if frame is None else max(span.close, frame.floor)
    return out
