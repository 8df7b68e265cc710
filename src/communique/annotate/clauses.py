"""Clauses and figures of a parsed text: what claim checking compares across reports.

A news sentence often carries several facts ("X said on Friday that the union had accepted
the offer, and that pickets would be lifted, while management agreed to rehire 300
workers"); two outlets report one of them in different words and in different sentences, so
whole sentences compare badly. :func:`find_clauses` cuts each sentence at its clause heads in
spaCy's dependency parse (a coordinated clause with its own subject, an adverbial clause with
its own subject, a non-restrictive relative clause, a parenthetical); a reported clause stays
with its speaker ("X said that ...") so attribution is never cut off.

:func:`find_figures` reads spaCy's MONEY, CARDINAL, QUANTITY and PERCENT entities into a value,
the thing counted (from the parse: the noun the number modifies, or what it is "of") and a
qualifier ("about", "more than", "up to"), so two reports of one figure can be compared.

Every offset is a character offset into the document text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["FIGURE_LABELS", "Clause", "Figure", "find_clauses", "find_figures"]

FIGURE_LABELS: Final = frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT"})
_MIN_WORDS: Final = 5
"""A clause shorter than this stays with the clause it hangs from: "she said" is no fact."""

_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
_VERBAL: Final = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a sentence: ``start``/``end`` span it; ``gaps`` are the spans of clauses
    nested inside it (a relative clause in the middle of its subject), which belong to
    those clauses and not to this one. ``finite``: its verb is finite (something is, was or
    will be done; not a heading or a fragment); ``hedged``: a modal or adverb of doubt
    governs it ("could", "might", "should", "perhaps"), so it states no fact; ``acted``:
    its verb is an action with a subject that is not a pronoun ("the union accepted"), a
    happening worth checking even when the tagger named nobody."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int
    gaps: tuple[tuple[int, int], ...] = ()
    finite: bool = True
    hedged: bool = False
    acted: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the text gives: ``value`` (None for a range or a number not read), ``unit``
    the counted noun's lemma ("worker"), prefixed by ``usd:``-style currency or ``%``;
    ``qualifier`` is ``exact``, ``about``, ``at_least`` or ``at_most``."""

    start: int
    end: int
    text: str
    label: str
    value: float | None
    unit: str
    qualifier: str


# --- clauses ---------------------------------------------------------------------------------


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in token.children)


def _absolute(token: Token) -> bool:
    """A preposition whose object is a clause with its own subject ("..., with the deputy
    leader heading the delegation"): a second fact about other actors, told in passing."""
    return token.dep_ == "prep" and any(
        c.dep_ == "pcomp" and c.pos_ in _VERBAL and _has_subject(c) for c in token.children
    )


def _splits(token: Token) -> bool:
    """Whether ``token`` heads a clause of its own."""
    if _absolute(token):
        return True
    if token.pos_ not in _VERBAL:
        return False
    dep = token.dep_
    if dep == "advcl" and _conditional(token):
        return False
    if (dep == "acl" and token.tag_ in ("VBN", "VBG")) or (
        dep == "advcl" and token.tag_ == "VBN" and not _has_subject(token)
    ):
        # A participle set off by commas ("the contract, first signed in May, ...") adds a
        # fact of its own; a restrictive one ("the contract signed in May") says which. (A
        # present participle of the verb, ", adding that ...", stays with its speaker.)
        return _set_off(token)
    if dep in ("conj", "advcl", "parataxis"):
        return _has_subject(token) and (dep != "conj" or token.head.pos_ in _VERBAL)
    if dep == "relcl":
        # Only a non-restrictive one ("the port authority, which ..."): a restrictive clause
        # says which thing is meant and cannot be taken away.
        first = token.left_edge
        return first.i > 0 and first.nbor(-1).text == ","
    return False


_CONDITIONAL_MARKS: Final = frozenset({"if", "unless"})
"""General English subordinators of condition."""


def _conditional(token: Token) -> bool:
    """An adverbial clause of condition ("if the crews walk out"): it states nothing on its
    own, and the clause it conditions, cut from it, would state as a fact what is only
    promised or threatened on that condition."""
    return any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in token.children)


def _set_off(token: Token) -> bool:
    """Whether ``token``'s phrase stands between commas (or a comma and the sentence end)."""
    first, last = token.left_edge, token.right_edge
    before = first.i > first.sent.start and first.nbor(-1).text == ","
    after = last.i + 1 >= last.sent.end or last.nbor(1).text in (",", ".", ";")
    return before and after


def _words(tokens: Iterable[Token]) -> int:
    return sum(1 for t in tokens if not (t.is_punct or t.is_space))


def _own(
    head: Token, heads: set[int], adopted: Mapping[int, tuple[int, ...]] | None = None
) -> list[Token]:
    """The tokens of ``head``'s clause: its subtree less the subtrees of nested clause heads;
    ``adopted`` moves stray phrases from the clause the parser hung them on to the clause
    they continue (:func:`_strays`)."""
    adopted = adopted or {}
    moved = {i for strays in adopted.values() for i in strays}
    out: list[Token] = []
    stack = [head, *(head.doc[i] for i in adopted.get(head.i, ()))]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.i not in heads and c.i not in moved)
    return sorted(out, key=lambda t: t.i)


def _strays(sent: Span, heads: set[int]) -> dict[int, tuple[int, ...]]:
    """``{nested clause head: (stray phrase heads, ...)}``: a phrase the parser hung on the
    outer clause (unattached, or as an apposition) right after a nested clause, with a
    semicolon between, continues that clause's list: in "the first meeting since May, when
    they were joined by A; B; and C", the parser hangs "B; and C" on the outer clause, and
    "the first meeting since May" would carry the list of who joined them."""
    out: dict[int, list[int]] = {}
    doc = sent.doc
    nested = sorted((doc[h] for h in heads if h != sent.root.i), key=lambda h: h.right_edge.i)
    for tok in sent:
        if tok.dep_ not in _STRAY_DEPS or tok.i in heads:
            continue
        for head in nested:
            last = head.right_edge.i
            while last > head.i and doc[last].is_punct:  # its own closing ";" counts too
                last -= 1
            between = doc[last + 1 : tok.left_edge.i]
            if (
                last < tok.left_edge.i
                and tok.head not in head.subtree
                and all(t.is_punct for t in between)
                and any(t.text == ";" for t in between)
            ):
                # The semicolon between goes with the list, wherever the parser hung it.
                out.setdefault(head.i, []).extend([*(t.i for t in between), tok.i])
                break
    return {h: tuple(strays) for h, strays in out.items()}


_STRAY_DEPS: Final = frozenset({"dep", "appos"})


def _clause_heads(sent: Span) -> set[int]:
    """The clause heads of a sentence (its root among them), less those whose clause, or
    whose parent's remainder, would be too short to state anything."""
    heads = {t.i for t in sent if _splits(t)} | {sent.root.i}
    changed = True
    while changed:
        changed = False
        for i in sorted(heads - {sent.root.i}):
            doc = sent.doc
            parent = next(a.i for a in doc[i].ancestors if a.i in heads)
            rest = {parent} | (heads - {i, parent})
            own = _own(doc[i], heads)
            if _words(own) < _MIN_WORDS or _words(_own(doc[parent], rest | {i})) < _MIN_WORDS:
                heads.discard(i)
                changed = True
                break
    return heads


def _trimmed(tokens: list[Token]) -> list[Token]:
    """Without edge conjunctions and commas, and without a tail of punctuation cut off from
    the clause by a nested one ("X agreed, and [nested clause] .")."""
    while tokens and tokens[0].dep_ in ("cc", "punct"):
        tokens.pop(0)
    cut = len(tokens)
    for n in range(len(tokens) - 1, 0, -1):
        if tokens[n].i != tokens[n - 1].i + 1:
            if all(t.is_punct for t in tokens[n:]):
                cut = n
            break
    tokens = tokens[:cut]
    while (tokens and tokens[-1].dep_ == "cc") or (
        tokens and tokens[-1].is_punct and tokens[-1].text not in ".!?\"”'’)"
    ):
        tokens.pop()
    return tokens


def _clause(
    sent: Span, head: Token, heads: set[int], adopted: Mapping[int, tuple[int, ...]]
) -> Clause | None:
    tokens = _trimmed([t for t in _own(head, heads, adopted) if not t.is_space])
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    start, end = first.idx, last.idx + len(last.text)
    own = {t.i for t in tokens}
    gaps: list[tuple[int, int]] = []
    i = first.i
    while i <= last.i:
        if i in own:
            i += 1
            continue
        j = i
        while j <= last.i and j not in own:
            j += 1
        tok = sent.doc[j - 1]
        gaps.append((sent.doc[i].idx, tok.idx + len(tok.text)))
        i = j
    return Clause(
        start,
        end,
        sent.start_char,
        sent.end_char,
        tuple(gaps),
        finite=_finite(head),
        hedged=_hedged(head),
        acted=_acted(head),
    )


_DOUBT_MODALS: Final = frozenset({"could", "might", "may"})
_DUTY_MODALS: Final = frozenset({"should", "must", "ought"})
_HEDGING_MODALS: Final = _DOUBT_MODALS | _DUTY_MODALS
_DOUBT_ADVERBS: Final = frozenset({"perhaps", "possibly", "maybe"})


def _finite(head: Token) -> bool:
    verbs = [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass"))]
    return any("Fin" in t.morph.get("VerbForm", []) or t.tag_ == "MD" for t in verbs)


def _acted(head: Token) -> bool:
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return head.pos_ == "VERB" and any(s.pos_ in ("NOUN", "PROPN") for s in subjects)


def _hedged(head: Token) -> bool:
    """A modal or doubt on the clause's verb, or doubt on what it reports ("X could offer
    ..., analysts say"). A duty on what it reports ("the union said the firm should rehire
    them") is no hedge: that the union asks it is the fact told, the union's position."""
    return _doubted(head, _HEDGING_MODALS) or any(
        _doubted(c, _DOUBT_MODALS) for c in head.children if c.dep_ == "ccomp"
    )


def _doubted(head: Token, modals: frozenset[str]) -> bool:
    for child in head.children:
        if child.dep_ == "aux" and child.tag_ == "MD" and child.lower_ in modals:
            return True
        if child.dep_ == "advmod" and child.lower_ in _DOUBT_ADVERBS:
            return True
    return False


def find_clauses(doc: Doc) -> list[Clause]:
    """The clauses of every sentence of a parsed ``doc``, in text order; a sentence of one
    clause gives one, spanning the sentence less its edge punctuation."""
    out: list[Clause] = []
    for sent in doc.sents:
        heads = _clause_heads(sent)
        adopted = _strays(sent, heads)
        for i in sorted(heads, key=lambda h: sent.doc[h].left_edge.i):
            clause = _clause(sent, sent.doc[i], heads, adopted)
            if clause is not None:
                out.append(clause)
    return sorted(out, key=lambda c: (c.start, c.end))


# --- figures ---------------------------------------------------------------------------------

_NUMBER_WORDS: Final = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_MULTIPLIERS: Final = {
    "hundred": 1e2,
    "dozen": 12,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "tn": 1e12,
}
_CURRENCIES: Final = {
    "$": "usd",
    "us$": "usd",
    "€": "eur",
    "£": "gbp",
    "¥": "jpy",
    "dollar": "usd",
    "dollars": "usd",
    "euro": "eur",
    "euros": "eur",
    "pound": "gbp",
    "pounds": "gbp",
    "yen": "jpy",
    "yuan": "cny",
    "rupees": "inr",
}
_QUALIFIERS: Final = (
    ("no more than", "at_most"),
    ("more than", "at_least"),
    ("at least", "at_least"),
    ("upwards of", "at_least"),
    ("fewer than", "at_most"),
    ("less than", "at_most"),
    ("up to", "at_most"),
    ("as many as", "at_most"),
    ("an estimated", "about"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("around", "about"),
    ("nearly", "about"),
    ("almost", "about"),
    ("about", "about"),
    ("some", "about"),
    ("over", "at_least"),
    ("under", "at_most"),
)
"""General English hedges on a number, longest first."""
_DIGITS_RE: Final = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_MEASURE_NOUNS: Final = frozenset({"worth", "amount", "value", "total", "sum"})


def _value(tokens: Sequence[Token]) -> float | None:
    """The number a figure's tokens say, or None (a range, or nothing readable)."""
    base: float | None = None
    scale = 1.0
    for tok in tokens:
        word = tok.text.lower()
        if _DIGITS_RE.match(word):
            if base is not None:
                return None  # two numbers: a range ("40-50") or a list
            base = float(word.replace(",", ""))
        elif word in _MULTIPLIERS:
            scale *= _MULTIPLIERS[word]
        elif word in _NUMBER_WORDS and base is None:
            base = float(_NUMBER_WORDS[word])
        elif word in ("-", "–", "to", "and", "or") and base is not None:
            return None
    if base is None:
        return 1.0 * scale if scale > 1 else None
    return base * scale


def _qualifier(ent: Span) -> str:
    before = ent.doc[max(0, ent.start - 3) : ent.start].text.lower()
    inside = ent.text.lower()
    for words, kind in _QUALIFIERS:
        if inside.startswith(words + " ") or before.endswith(words) or before.endswith(words + " "):
            return kind
    return "exact"


def _counted(ent: Span) -> str:
    """What a figure counts: the noun it modifies ("300 workers"), else what it is "of"/"in"
    ("$160 billion of goods", "$156 billion worth of goods")."""
    inside = {t.i for t in ent}
    root = ent.root
    noun: Token | None = None
    modifies = root.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod", "nmod")
    if modifies and root.head.i not in inside and root.head.pos_ in ("NOUN", "PROPN"):
        noun = root.head
    if noun is None or noun.lemma_.lower() in _MEASURE_NOUNS:
        holder = noun if noun is not None else root
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    noun = objects[0]
                    break
        else:
            noun = None if noun is not None and noun.lemma_.lower() in _MEASURE_NOUNS else noun
    return noun.lemma_.lower() if noun is not None else ""


def _unit(ent: Span) -> str:
    currency = next((_CURRENCIES[t.lower_] for t in ent if t.lower_ in _CURRENCIES), None)
    noun = _counted(ent)
    if ent.label_ == "MONEY":
        return f"{currency or 'money'}:{noun}"
    if ent.label_ == "PERCENT":
        return f"%{noun}"
    if ent.label_ == "QUANTITY":
        measure = [t.lemma_.lower() for t in ent if t.is_alpha and t.lower_ not in _MULTIPLIERS]
        return measure[-1] if measure else noun
    return noun


def find_figures(doc: Doc) -> list[Figure]:
    """The MONEY, CARDINAL, QUANTITY and PERCENT entities of a parsed ``doc``, read."""
    out: list[Figure] = []
    for ent in doc.ents:
        if ent.label_ not in FIGURE_LABELS:
            continue
        tokens = [t for t in ent if t.lower_ not in {w for w, _ in _QUALIFIERS}]
        out.append(
            Figure(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                label=ent.label_,
                value=_value(tokens),
                unit=_unit(ent),
                qualifier=_qualifier(ent),
            )
        )
    return out
