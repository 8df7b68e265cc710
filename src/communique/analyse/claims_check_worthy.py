"""Step 1 of the claims pass: the factual clauses of one document, and where they come from.

:func:`find_check_worthy` reads a document through its language layer and keeps the clauses a
reader could check (a figure, a day, a name with something done), leaving out questions,
opinion, hedged clauses, pure quotes of opinion and page furniture; :func:`origin_of` says which
wire story or original article a document copies, so copies count once. Step 2, grouping and
judging, is :func:`communique.analyse.claims.cluster_claims`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from communique.analyse.claims_layers import (
    ClauseSpan,
    DocumentLayers,
    office,
    shown_span,
    speaker_of,
    title_slots,
)
from communique.analyse.claims_slots import (
    denies_previous,
    find_slots,
    has_vague_number,
    is_boilerplate,
    is_denial,
    is_opinion,
    is_question,
    predicate_classes,
    quoted_share,
)
from communique.analyse.claims_types import (
    ClaimMention,
    Quoted,
)
from communique.annotate.entities import fold_name
from communique.clean.flags import AGENCIES
from communique.models import Document

if TYPE_CHECKING:
    import datetime as dt


__all__ = ["find_check_worthy", "origin_of"]

_CLAIM_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
_MIN_WORDS: Final = 5
_MAX_WORDS: Final = 90
_QUOTED_SHARE: Final = 0.5


# --- origins ---------------------------------------------------------------------------------

_AGENCY_OF_NAME: Final = {
    fold_name(name): agency for agency, names in AGENCIES.items() for name in names
}


def origin_of(document: Document, *, documents: Mapping[str, Document] | None = None) -> str:
    """The independent origin a document's sentences count for.

    Agency copy counts for its agency (``wire:reuters``), whatever masthead carries it, and so
    does the agency's own site. A duplicate (``duplicate_of:<id>``) counts for its original's
    origin when ``documents`` holds the original, else for ``doc:<original id>``, which every
    duplicate of it shares.
    """
    seen: set[str] = set()
    doc = document
    while True:
        for flag in doc.flags:
            if flag.startswith("wire:"):
                return flag
        original = next((f[13:] for f in doc.flags if f.startswith("duplicate_of:")), None)
        if original is None:
            break
        if documents is None or original not in documents or original in seen:
            return f"doc:{original}"
        seen.add(original)
        doc = documents[original]
    if doc.outlet:
        folded = fold_name(doc.outlet)
        agency = _AGENCY_OF_NAME.get(folded)
        return f"wire:{agency}" if agency else f"outlet:{folded}"
    return f"doc:{doc.id}"


# --- check-worthy sentences ------------------------------------------------------------------


def find_check_worthy(
    doc_id: str,
    text: str,
    layers: DocumentLayers,
    *,
    origin: str,
    published: dt.date | None = None,
) -> list[ClaimMention]:
    """The factual clauses of one document, each read into a :class:`ClaimMention`.

    ``layers`` is the document as the language layer read it
    (:meth:`DocumentLayers.from_annotations`): a long sentence is cut into its clauses, so
    the one fact two outlets share is compared on its own; entities, titles, days, figures
    and speakers are the layer's. ``published`` is the document's date.
    """
    out: list[ClaimMention] = []
    previous: tuple[int, int] | None = None
    sentence: tuple[int, int] | None = None
    for clause in layers.clauses:
        if clause.sentence != sentence:
            previous, sentence = sentence, clause.sentence
        for start, end in _pieces(text, [(clause.start, clause.end)]):
            piece = replace(clause, start=start, end=end)
            reading = _dated_by_head(text, piece, layers, layers.within(piece))
            mention = _read_clause(doc_id, text, piece, reading, origin=origin)
            if mention is None:
                continue
            said = _reading_text(text, piece)
            refers = previous if mention.denial and denies_previous(said) else None
            start, end = shown_span(text, piece)
            out.append(
                replace(
                    mention,
                    refers_to=refers,
                    published=published,
                    shown=(start, end),
                    shown_text=text[start:end],
                )
            )
    out = _anaphors_dated(out)
    out += _quoted(doc_id, layers, origin=origin, published=published)
    return out


_ANAPHOR_RE: Final = re.compile(r"(?:the|that|this)\s+([a-z]+)\b", re.I)


def _anaphors_dated(mentions: list[ClaimMention]) -> list[ClaimMention]:
    """``mentions`` (one document's, in text order) with the day of an event a later
    clause names by a definite noun: "X and Y met on Sunday. ... The meeting dragged on
    for hours" tells of Sunday's meeting, though its clause names no day. The clause must
    open with the noun ("the meeting", "that vote") and name no day of its own, and an
    earlier clause of the document must tell that kind of event with a day: the nearest one
    lends it. A noun naming no kind of event ("the bill") borrows nothing."""
    out: list[ClaimMention] = []
    for m in mentions:
        match = _ANAPHOR_RE.match(m.words)
        kinds = predicate_classes(match[0]) if match and not m.dates else frozenset()
        if not kinds:  # no anaphor: nothing to look back for (every clause asked cost n²)
            out.append(m)
            continue
        told = next((p for p in reversed(out) if p.dates and kinds & set(p.predicates)), None)
        days = tuple(d for d in told.dates if d.kind == "day") if told else ()
        out.append(replace(m, dates=days) if days else m)
    return out


_WHEN_RE: Final = re.compile(r"when\b", re.I)
_JOIN_RE: Final = re.compile(r"[\s,(—–-]*")


def _dated_by_head(
    text: str, clause: ClauseSpan, layers: DocumentLayers, reading: DocumentLayers
) -> DocumentLayers:
    """``reading`` with the day of the date a clause of time hangs from: in "hopes rose after
    Friday, when the union leader told dockers Y", the nested "when" clause names no day, yet
    tells what the leader did on Friday. Only a "when" clause right after the date (a comma
    between) takes it; "when" elsewhere ("when talks resume") is a condition or a time of its
    own."""
    if reading.dates or reading.date_spans or not _WHEN_RE.match(text, clause.start):
        return reading
    head = [
        d
        for d in layers.dates
        if clause.sentence[0] <= d.start
        and d.end <= clause.start
        and _JOIN_RE.fullmatch(text, d.end, clause.start)
    ]
    return replace(reading, dates=tuple(head)) if head else reading


def _quoted(
    doc_id: str, layers: DocumentLayers, *, origin: str, published: dt.date | None
) -> list[ClaimMention]:
    """A mention for each direct quote with a known speaker: its words are compared with
    other tellings of the same quote (:mod:`communique.analyse.claims_quotes`)."""
    out = []
    for q in layers.quotes:
        if not (q.direct and q.speaker):
            continue
        sentence = next((c.sentence for c in layers.clauses if c.start <= q.start < c.end), None)
        out.append(
            ClaimMention(
                doc_id=doc_id,
                start=q.start,
                end=q.end,
                text=q.content,
                origin=origin,
                attributed_to=q.speaker,
                published=published,
                sentence=sentence,
                quoted=Quoted(q.start, q.end, q.content, q.speaker),
            )
        )
    return out


def _reading_text(text: str, clause: ClauseSpan) -> str:
    """The clause's own words: its span less the clauses nested in it."""
    parts, cursor = [], clause.start
    for s, e in clause.gaps:
        if cursor <= s < clause.end:
            parts.append(text[cursor:s])
            cursor = e
    parts.append(text[cursor : clause.end])
    joined = " ".join(p.strip() for p in parts if p.strip()).lstrip(",;:\"'”’ ")
    # "Sanders, [who was in Iowa], has opposed": the commas that held the gap go with it.
    return re.sub(r"\s*,(?:\s*,)+\s*", " ", joined)


def _pieces(text: str, sentences: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Spans cut at line breaks (a headline is not part of the lede after it) and trimmed;
    pieces without a letter (a stray quotation mark) are dropped."""
    for start, end in sentences:
        cursor = start
        for line in text[start:end].split("\n"):
            piece = _trim(text, cursor, cursor + len(line))
            cursor += len(line) + 1
            if any(c.isalpha() for c in text[piece[0] : piece[1]]):
                yield piece


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _excluded(said: str) -> bool:
    """Not a factual statement whatever else it holds."""
    words = len(said.split())
    return words < _MIN_WORDS or words > _MAX_WORDS or is_question(said) or is_boilerplate(said)


_DUTY_RE: Final = re.compile(r"\b(?:should|shouldn't|ought to|must|mustn't|needs? to)\b", re.I)
"""General English words of duty, which :func:`is_opinion` reads as the writer's advice."""


def _as_told(said: str, reading: DocumentLayers) -> str:
    """The clause less the words of duty that a named speaker's reported words carry: "the
    union said the firm must rehire them" tells what the union demands, a checkable fact,
    where "the firm must rehire them" in the writer's voice is advice. The speaker must be
    one the tagger named in the clause, so "analysts say X should" stays opinion."""
    named = [e.text for e in reading.entities if e.label in _CLAIM_LABELS]
    for q in reading.quotes:
        speaker = q.speaker or ""
        by_named = any(n in speaker or speaker in n for n in named if speaker)
        if by_named and _DUTY_RE.search(q.content):
            return _DUTY_RE.sub(" ", said)
    return said


def _opinion_or_speculation(said: str, reading: DocumentLayers) -> bool:
    """Opinion ("I think", "should"), a clause a modal hedges, or mostly a quote that itself
    reports nothing (no figure, day or kind of event)."""
    if is_opinion(_as_told(said, reading)) or reading.clauses[0].hedged:
        return True
    share, quoted = quoted_share(said)
    if share < _QUOTED_SHARE:
        return False
    factual = reading.figures or reading.dates or predicate_classes(quoted)
    return is_opinion(quoted) or not factual


def _read_clause(
    doc_id: str, text: str, clause: ClauseSpan, reading: DocumentLayers, *, origin: str
) -> ClaimMention | None:
    said = _reading_text(text, clause)
    if _excluded(said):
        return None
    denial = is_denial(said)
    if not denial and _opinion_or_speculation(said, reading):
        return None
    ents = [e for e in reading.entities if e.label in _CLAIM_LABELS]
    numbers = [
        q for q in reading.figures if not any(s <= q.start < e for s, e in reading.date_spans)
    ]
    slots = [
        *find_slots(text[clause.start : clause.end], clause.start, ents),
        *title_slots(text, reading.titled),
    ]
    slots = [sl for sl in slots if sl.kind != "title" or sl.start >= 0]
    speaker = speaker_of(reading)
    stated = clause.finite or bool(predicate_classes(said))
    worthy = (
        bool(numbers)
        or (bool(reading.dates or reading.date_spans) and (bool(ents) or stated))
        or (bool(ents) and (stated or bool(slots) or has_vague_number(said)))
        or (clause.acted and clause.finite)
    )
    # A denial is kept for whom it comes from, whatever else it states.
    if not (denial and (ents or speaker)) and (denial or not worthy):
        return None
    words = set(re.findall(r"[a-z]+", said.lower()))
    offices = {office(t.role) for t in reading.titled} | (reading.offices & words)
    return ClaimMention(
        offices=frozenset(offices - {""}),
        doc_id=doc_id,
        start=clause.start,
        end=clause.end,
        text=text[clause.start : clause.end],
        origin=origin,
        numbers=tuple(numbers),
        dates=reading.dates,
        entities=tuple(dict.fromkeys(e.text for e in ents)),
        denial=denial,
        attributed_to=speaker,
        slots=tuple(slots),
        predicates=tuple(sorted(predicate_classes(said))),
        sentence=clause.sentence,
        gaps=clause.gaps,
        said=said,
    )
