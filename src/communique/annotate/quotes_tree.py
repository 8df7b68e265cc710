"""Dependency-tree helpers shared by the direct and indirect quote finders.

A found attribution is kept in token terms (:class:`Found`) until the very end, so both finders
agree on what a cue, a source and a content are, and offsets are computed in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from spacy.tokens import Doc, Span, Token

from communique.annotate.quotes_lexicon import (
    ACCORDING_TO,
    PREPOSITION_CUES,
    QUOTE_CHARS,
    REPORTING_VERBS,
)

__all__ = [
    "Found",
    "Kind",
    "char_runs",
    "cue_range",
    "dateline_dash",
    "is_according",
    "is_reporting_verb",
    "names_speaker",
    "source_range",
    "subject_of",
    "trim_range",
]

Kind = Literal["direct", "indirect", "mixed"]

_SUBJECT_DEPS: Final = frozenset({"nsubj", "csubj"})
_INHERITS_SUBJECT: Final = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_NAMED: Final = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_NAME_WORDS: Final = 8
_EDGE_PUNCT: Final = frozenset(",.;:!?—–-()[]…")


@dataclass(frozen=True, slots=True)
class Found:
    """One attribution in token terms; ``contents`` are character ranges (several when split)."""

    cue: tuple[int, int]
    cue_head: int
    source: tuple[int, int] | None
    source_head: int | None
    contents: tuple[tuple[int, int], ...]
    kind: Kind


def is_according(token: Token) -> bool:
    """'according' followed by 'to': the one prepositional cue in news English."""
    doc = token.doc
    return (
        token.lower_ == ACCORDING_TO[0]
        and token.i + 1 < len(doc)
        and doc[token.i + 1].lower_ == ACCORDING_TO[1]
    )


def is_reporting_verb(token: Token) -> bool:
    """A verb (not an auxiliary, a noun or an adjective: "pledged delegates") from the lexicon."""
    return token.pos_ == "VERB" and token.dep_ != "amod" and token.lemma_.lower() in REPORTING_VERBS


def cue_range(verb: Token) -> tuple[int, int]:
    """The cue's tokens: the verb plus a particle ("pointed out") or a lexical preposition
    ("called for"), and ``to`` after ``according``."""
    if is_according(verb):
        return verb.i, verb.i + 1
    last = verb.i
    preps = PREPOSITION_CUES.get(verb.lemma_.lower(), frozenset())
    for child in verb.rights:
        if child.i != last + 1:
            continue
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ in preps):
            last = child.i
    return verb.i, last


_DASHES: Final = frozenset({"-", "–", "—", "--"})
_DATELINE_WORDS: Final = 12


def dateline_dash(sent: Span) -> int | None:
    """The index of the dash that ends a dateline heading ``sent`` ("KYIV (AFP) —", "OSLO, May
    16 (Reuters) -", "DES MOINES –"), or None: only capitalised words, a date, an agency in
    brackets and commas may stand before it."""
    doc = sent.doc
    if sent.start > 0 and "\n" not in doc[sent.start - 1].text_with_ws:
        return None  # a dateline opens a paragraph: "Jo Ray - the envoy - said" is no dateline
    seen_word = False
    for k in range(sent.start, min(sent.start + _DATELINE_WORDS, sent.end - 1)):
        token = doc[k]
        if token.text in _DASHES:
            return k if seen_word and k > sent.start else None
        if token.is_space or token.text in (",", "(", ")", "."):
            continue
        if token.like_num or token.ent_type_ == "DATE":
            continue
        if token.is_alpha and (token.is_title or token.is_upper):
            seen_word = True
            continue
        return None
    return None


def _is_dateline(token: Token) -> bool:
    """A subject inside the dateline heading its sentence ("DES MOINES –", "Kyiv (AP) —")."""
    dash = dateline_dash(token.sent)
    return dash is not None and token.i < dash


def _past_dateline(subject: Token) -> Token | None:
    """ "OSLO, May 16 (Reuters) - Valdoria said": the parser hung the real subject from the
    dateline; it is the top of the subject's words after the dash."""
    dash = dateline_dash(subject.sent)
    if dash is None:
        return None
    for token in subject.subtree:
        if token.i > dash and token.head.i <= dash and token.pos_ in ("NOUN", "PROPN", "PRON"):
            return token
    return None


def _reported_by(verb: Token) -> Token | None:
    """ "Doe disputed that voters feel betrayed, saying …": a trailing participle of speech
    whose clause sits in what a speech verb reports belongs to that verb's speaker, not to
    the reported clause's subject."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or not is_reporting_verb(verb):
        return None
    head = verb.head
    if head.dep_ not in ("ccomp", "xcomp"):
        return None
    while head.dep_ in ("ccomp", "xcomp") and head.head is not head:
        head = head.head
        if is_reporting_verb(head):
            return head
    return None


def subject_of(verb: Token, *, depth: int = 0) -> Token | None:
    """The verb's subject, or the one it shares with the verb it hangs from ("…, saying"; "Doe
    was asked to say", where the passive subject of the governing verb is the speaker)."""
    subjects = [
        c for c in verb.children if c.dep_ in _SUBJECT_DEPS or (depth > 0 and c.dep_ == "nsubjpass")
    ]
    if subjects:
        # "WASHINGTON — Doe said": the dateline the parser made a second subject is no one.
        named = [c for c in subjects if not _is_dateline(c)]
        if named:
            # "The group, Doe said, was ready": of two subjects the parser gave one verb, the
            # parenthetical speaker sits next to it
            return min(named, key=lambda c: abs(verb.i - c.i))
        return _past_dateline(subjects[0]) or subjects[0]
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    passive = any(c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ == "aux" for c in verb.children)
    )
    if passive and depth == 0:
        return None  # "when asked about …": the one asked is not the one asking
    if depth < 4 and verb.dep_ in _INHERITS_SUBJECT and verb.head is not verb:
        head = _reported_by(verb) or verb.head
        if head.dep_ == "prep" and head.head is not head:
            head = head.head  # "… by saying", "after insisting"
        return subject_of(head, depth=depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "a statement saying …"
    return None


def names_speaker(tokens: Span) -> bool:
    """True for a name and its title only ("Kerry", "Former Secretary of State Jane Doe",
    "the Kremlin"): what may stand before a colon as the speaker of what follows."""
    words = [t for t in tokens if not t.is_space and t.text not in _EDGE_PUNCT]
    if not words or len(words) > _NAME_WORDS:
        return False
    if any(t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADP" and t.lower_ != "of") for t in words):
        return False
    last = words[-1]
    return last.ent_type_ in _NAMED and not any(
        t.ent_iob_ == "B" and t.ent_type_ not in _NAMED for t in words
    )


def trim_range(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Drop edge punctuation, spaces and dangling conjunctions ("… twice but") — not quotation
    marks — from an inclusive token range."""

    def loose(tok: Token) -> bool:
        return tok.is_space or tok.text in _EDGE_PUNCT or tok.pos_ == "CCONJ"

    while first <= last and loose(doc[first]):
        first += 1
    while last >= first and loose(doc[last]):
        last -= 1
    return (first, last) if first <= last else None


def source_range(subject: Token) -> tuple[int, int] | None:
    """The source as written: the subject's whole phrase, apposition and relative clause
    included ("Jane Doe, the foreign minister, who leads the talks"), as annotators mark it —
    but not a participle ("a statement saying …"), nor anything back over a line break or a
    dateline dash."""
    doc = subject.doc
    last = subject.right_edge.i
    for child in subject.rights:
        if child.dep_ == "acl" and child.lemma_.lower() in REPORTING_VERBS:
            last = min(last, child.left_edge.i - 1)
    first = subject.left_edge.i
    for k in range(subject.i - 1, first - 1, -1):
        if (
            "\n" in doc[k].text
            or doc[k].text in ("—", "--")
            or (doc[k].text == "-" and k > 0 and doc[k - 1].text == ")")
        ):
            first = k + 1
            break
    return trim_range(doc, first, max(last, subject.i))


def char_runs(doc: Doc, indexes: Iterable[int]) -> list[tuple[int, int]]:
    """Character ranges of the contiguous runs of a token set, edge punctuation trimmed."""
    ordered = sorted(set(indexes))
    runs: list[tuple[int, int]] = []
    start_i = prev = -2
    for i in ordered:
        if i != prev + 1:
            if prev >= 0:
                runs.append((start_i, prev))
            start_i = i
        prev = i
    if prev >= 0:
        runs.append((start_i, prev))
    out: list[tuple[int, int]] = []
    for first, last in runs:
        trimmed = trim_range(doc, first, last)
        if trimmed is None:
            continue
        a, b = trimmed
        if all(doc[k].is_punct or doc[k].text in QUOTE_CHARS for k in range(a, b + 1)):
            continue
        out.append((doc[a].idx, doc[b].idx + len(doc[b].text)))
    return out
