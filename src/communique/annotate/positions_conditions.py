"""Condition clauses of the position finder (its step 2): "only if", "unless", "until", "on
condition that" and the clause each marks, attached to the stance it qualifies.

Kept apart from :mod:`communique.annotate.positions` so the cascade reads as its steps; the
records are in :mod:`communique.annotate.positions_types`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from communique.annotate.positions_grammar import STRONG_MARKERS, WEAK_MARKERS
from communique.annotate.positions_types import Condition, Predicate

__all__ = ["clause_ancestors", "condition_at", "conditions"]


def conditions(sent: Span, preds: list[Predicate]) -> list[Condition]:
    """Condition clauses, longest marker first, each attached to the stance predicate above."""
    words = [t.lower_ for t in sent]
    taken: set[int] = set()
    found: list[Condition] = []
    for markers, strong in ((STRONG_MARKERS, True), (WEAK_MARKERS, False)):
        for n in range(len(words)):
            for marker in markers:
                if n in taken or (marker and marker[0] != words[n]):  # cheap test first
                    continue
                if tuple(words[n : n + len(marker)]) != marker:
                    continue
                cond = condition_at(sent, [sent[n + k] for k in range(len(marker))], strong)
                if cond is not None:
                    taken.update(range(n, n + len(marker)))
                    found.append(cond)
    found.extend(_refused_without(sent))
    by_token = {p.token.i: p for p in preds}
    for pred in preds:  # "is ready to meet if ...": the clause hangs on "is"
        if pred.kind == "adj" and pred.token.dep_ == "acomp":
            by_token.setdefault(pred.token.head.i, pred)
    in_markers = {t.i for c in found for t in c.marker}
    for cond in found:
        top = min(cond.tokens, key=lambda t: len(list(t.ancestors)))
        above = [by_token[a.i] for a in clause_ancestors(top, in_markers) if a.i in by_token]
        above = [p for p in above if p.token.i not in in_markers]
        if cond.denied:  # "no deal without X": the deal is the outcome denied, not a stance
            above = [p for p in above if p.token.pos_ not in ("NOUN", "PROPN")]
        cond.attached = above[0] if above else None
        # "Will not sign until ..." sets a condition; "agreed ... before the next round" none.
        refused = above and (
            above[0].negated or above[0].stance == "reject"
        )  # "reluctant ... until"
        if cond.marker[-1].lower_ in ("until", "before") and not refused:
            cond.attached = None
        if cond.attached is not None:
            cond.attached.conditions.append(cond)
    return found


def _refused_without(sent: Span) -> list[Condition]:
    """ "No deal will pass without a pay rise", "we cannot sign without guarantees": an outcome
    denied unless something comes with it makes that thing a condition, not a demand."""
    found: list[Condition] = []
    for prep in sent:
        if prep.lower_ != "without" or prep.dep_ != "prep":
            continue
        if not (_denied(prep.head) if prep.head.pos_ in ("VERB", "AUX") else _no(prep.head)):
            continue
        tokens = [t for c in prep.children if c.dep_ == "pobj" for t in c.subtree]
        if tokens:
            found.append(Condition([prep], tokens, True))
    return found


def _denied(verb: Token) -> bool:
    """The verb, or a verb it complements ("will not end up getting"), is negated or has a
    subject that denies it ("no deal", "nothing", "nobody")."""
    current = verb
    while True:
        for child in current.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in ("nsubj", "nsubjpass", "attr") and _no(child):
                return True
        if current.dep_ not in ("xcomp", "conj") or current.head == current:
            return False
        current = current.head


def _no(noun: Token) -> bool:
    denying = (g for g in noun.children if g.dep_ == "det")
    return noun.lower_ in _NOBODY or any(g.lower_ == "no" for g in denying)


_NOBODY = frozenset({"nothing", "nobody", "none", "noone"})


def clause_ancestors(token: Token, markers: set[int]) -> list[Token]:
    """The heads a condition clause may qualify: up to the noun of a relative clause it sits in
    ("agreements that could mean tariffs if purchases fall short" qualifies the agreements)."""
    out: list[Token] = []
    inside_relative = False
    current = token
    while current.head != current:
        inside_relative = inside_relative or current.dep_ in ("relcl", "acl")
        current = current.head
        if inside_relative and current.pos_ in ("NOUN", "PROPN") and current.i not in markers:
            break  # ("on condition that ...": the marker's own noun is no such noun)
        out.append(current)
    return out


def condition_at(sent: Span, marker: list[Token], strong: bool) -> Condition | None:
    """The clause after a marker: the largest constituent that starts right after it."""
    last = marker[-1]
    if last.i + 1 >= sent.end:
        return None
    if last.dep_ == "mark" and last.i < last.head.i < sent.end:
        top = last.head  # "if the president wants X, we should Y": the clause "if" marks
    else:
        top = last.doc[last.i + 1]
        while last.i < top.head.i < sent.end and top.head != top:
            top = top.head
    tokens = [t for t in top.subtree if t.i > last.i and t.i not in _past_conjuncts(top)]
    return Condition(marker, tokens, strong) if tokens else None


def _past_conjuncts(top: Token) -> set[int]:
    """ "She said growth would follow if Congress passes the bill and urged lawmakers to act":
    the parser may hang the speaker's next verb on the condition's; a past-tense verb joined to
    a present-tense condition is not part of it (a condition on what is to come)."""
    if top.tag_ not in ("VBZ", "VBP"):
        return set()
    return {t.i for c in top.children if c.dep_ == "conj" and c.tag_ == "VBD" for t in c.subtree}
