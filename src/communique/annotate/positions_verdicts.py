"""Stances read from judgements and their polarity: a verdict in reported speech ("neutrality
is unacceptable," she said), a verdict its holder gives a thing by naming it so ("called the
plan unfair", "described the offer as a non-starter"), an existential ("there will be no
deal"), and the negation that turns a stance around ("will not accept" rejects).

Split from :mod:`communique.annotate.positions`, whose cascade calls these in step 1.
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from communique.annotate.codebook import Stance
from communique.annotate.positions_grammar import MODALS, MUST, NEGATED, NEGATED_WANT
from communique.annotate.positions_holders import find_speaker
from communique.annotate.positions_types import Context, Predicate

__all__ = [
    "called_verdict",
    "existential",
    "idiom",
    "is_negated",
    "none_shall_be",
    "polarity",
    "short_of",
    "verdict",
]

# Verbs that give their object a quality: "called the plan unfair", "branded it a mistake".
CALLING: Final = frozenset(
    {
        "call",
        "describe",
        "label",
        "brand",
        "deem",
        "denounce",
        "dismiss",
        "characterize",
        "characterise",
        "term",
        "declare",
        "consider",
    }
)

# General English idioms of bargaining: (verb, its object, a preposition on either) -> stance;
# "opened the door to X" offers X, "closed the door on X" rejects it, "put X on the table"
# offers it, "took X off the table" withdraws it.
IDIOMS: Final[dict[tuple[str, str, str], Stance]] = {
    ("open", "door", "to"): "offer",
    ("leave", "door", "open"): "offer",
    ("close", "door", "on"): "reject",
    ("close", "door", "to"): "reject",
    ("shut", "door", "on"): "reject",
    ("put", "table", "on"): "offer",
    ("take", "table", "off"): "reject",
}


def polarity(pred: Predicate, negatable: Token, lemma: str) -> Predicate:
    """Apply negation ("will not accept" rejects) and "as a precondition" (a condition)."""
    if is_negated(negatable) or (negatable is not pred.token and is_negated(pred.token)):
        pred.negated = True
        if pred.stance == "demand" and lemma in NEGATED_WANT:
            pred.stance = "reject"
        else:
            pred.stance = NEGATED.get(pred.stance, pred.stance)
    if any(
        c.dep_ == "prep"
        and c.lower_ == "as"
        and any(g.lemma_ in ("condition", "precondition", "prerequisite") for g in c.children)
        for c in pred.token.children
    ):
        pred.stance = "condition"
    return pred


def is_negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
            return True
        if child.dep_ in ("dobj", "attr", "det") and (
            child.lower_ == "no"
            or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
        ):
            return True
    if token.dep_ == "xcomp" and token.head.lemma_ == "go":  # "is not going to sign"
        return any(c.dep_ == "neg" for c in token.head.children)
    return token.dep_ == "xcomp" and token.head.lemma_ == "fail"


def verdict(ctx: Context, token: Token) -> Predicate | None:
    """ "Neutrality is unacceptable," she said: the speaker rejects the subject."""
    if token.dep_ in ("acomp", "attr") and token.head.lemma_ == "be":
        copula = token.head
    elif token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children):
        copula = token  # "higher wages are needed"
    else:
        return None
    form = token.lower_
    if form == "negotiable" and token.i > 1 and token.doc[token.i - 2].lower_ == "non":
        form = "non-negotiable"
    stance = ctx.codebook.stances.stance("verdicts", form)
    if form == "line" and any(c.lower_ == "red" for c in token.children):
        stance = "reject"
    if form == "block" and any(c.lower_ == "stumbling" for c in token.children):
        stance = "reject"  # "X is a stumbling block"
    if stance is None or find_speaker(ctx, token) is None:
        return None
    return polarity(Predicate(token, stance, "verdict"), copula, form)


def none_shall_be(ctx: Context, token: Token) -> Predicate | None:
    """ "There will be no deal," she said: the speaker rules the thing out ("there should be
    no deal if ..." makes it a condition once the clause is attached)."""
    if not existential(token):
        return None
    modals = {c.lower_ for c in token.children if c.dep_ == "aux"}
    negated = is_negated(token)
    if not (modals & MODALS | MUST) or not (negated or modals & MUST):
        return None  # "there will be talks" states nothing; "there must be talks" demands
    if find_speaker(ctx, token) is None:
        return None
    first = any(c.lower_ == "first" for c in token.children)  # "there must be a truce first"
    stance: Stance = "reject" if negated else "condition" if first else "demand"
    return Predicate(token, stance, "existential", negated)


def existential(token: Token) -> bool:
    return token.lemma_ == "be" and any(c.dep_ == "expl" for c in token.children)


def called_verdict(ctx: Context, token: Token) -> Predicate | None:
    """ "The senator called the plan unfair", "described the offer as unacceptable": a verdict
    its subject gives the object by naming it so, a stance of the subject on the object
    (unlike a verdict in a quote, no speaker is needed: the subject is the holder)."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in CALLING:
        return None
    objects = [c for c in token.children if c.dep_ == "dobj"]
    quality = [c for c in token.children if c.dep_ in ("oprd", "ccomp", "xcomp")]
    quality += [c for o in objects for c in o.children if c.dep_ == "amod" and c.i > o.i]
    # "called it a bridge too far": the parser may hang "too far" on the verb
    quality += [c for c in token.children if c.dep_ == "advmod" and c.lower_ == "far"]
    quality += [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "as"
        for g in c.children
        if g.dep_ in ("pobj", "amod", "acomp")
    ]
    for word in quality:
        stance = ctx.codebook.stances.stance("verdicts", word.lower_)
        if _excess(word):  # "called the cut a step too far"
            stance = "reject"
        if stance is not None and objects:
            return polarity(Predicate(token, stance, "verb"), token, token.lemma_.lower())
    return None


def idiom(token: Token) -> Predicate | None:
    """ "The senator opened the door to higher rates": a bargaining idiom whose words are a
    verb, its object and a preposition (or particle) on either, read as the stance it says."""
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_.lower()
    near = [token, *(c for c in token.children if c.dep_ in ("dobj", "prep", "prt"))]
    words = {c.lemma_.lower() for c in near}
    words |= {g.lemma_.lower() for c in near[1:] for g in c.children if g.dep_ in _IDIOM_DEPS}
    words |= {  # "put a raise on the table": the parser hangs "on the table" on the raise
        p.lemma_.lower()
        for c in near[1:]
        for g in c.children
        if g.dep_ == "prep"
        for p in g.children
        if p.dep_ == "pobj"
    }
    for (verb, noun, prep), stance in IDIOMS.items():
        if verb == lemma and noun in words and prep in words:
            return polarity(Predicate(token, stance, "verb"), token, lemma)
    return None


_IDIOM_DEPS: Final = frozenset({"pobj", "prep", "prt", "oprd", "acomp", "amod", "advmod"})


def _excess(word: Token) -> bool:
    """ "A step too far", "going too far": more than the speaker will take."""
    return any(
        t.lower_ == "far" and any(c.lower_ == "too" for c in t.children) for t in word.subtree
    )


def short_of(ctx: Context, token: Token) -> Predicate | None:
    """ "The offer does not go far enough," she said: the speaker turns the thing down as too
    little (a rejection of its subject, whatever more is wanted); "the cuts go too far" as too
    much."""
    if token.lemma_.lower() != "go" or find_speaker(ctx, token) is None:
        return None
    if not is_negated(token):
        return Predicate(token, "reject", "shortfall") if _excess(token) else None
    far = next((c for c in token.children if c.lower_ == "far"), None)
    enough = far is not None and any(c.lower_ == "enough" for c in far.children)
    if not (enough or any(c.lower_ == "enough" for c in token.children)):
        return None
    return Predicate(token, "reject", "shortfall", True)
