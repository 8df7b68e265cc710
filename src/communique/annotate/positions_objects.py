"""What a stance is about and when it was taken (step 5 of the position finder): the codebook
issues its object names (or the noun phrase a pronoun object stands for), the object's words,
the object reported to :func:`~communique.annotate.codebook.codebook_gaps` when no issue is
named, and the statement's own date.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from communique.annotate.entities import ROLE_HEADS
from communique.annotate.positions_grammar import (
    DROPPED_WORDS,
    MAX_OBJECT_WORDS,
    OBJECT_PRONOUNS,
    PRONOUN_REACH,
    RELATIVE,
    SETTING_PREPS,
    SETTING_ROLE_PREPS,
)
from communique.annotate.positions_types import Context, Predicate

__all__ = [
    "antecedent_hits",
    "is_party",
    "issue_hits",
    "main_object",
    "matter_hits",
    "object_text",
    "phrase_text",
    "relative_hits",
    "statement_date",
]


def issue_hits(ctx: Context, tokens: Sequence[Token]) -> list[tuple[str, Token, Token]]:
    """(issue, first cue token, last cue token), one per issue, first cue first."""
    seen: dict[str, tuple[str, Token, Token]] = {}
    hits = ctx.codebook.match([(t.lower_, t.lemma_) for t in tokens])
    for hit in hits:
        if any(
            o.start <= hit.start and hit.end <= o.end and o.end - o.start > hit.end - hit.start
            for o in hits
        ):
            continue  # "legal status" is immigration; its "status" alone names no other issue
        seen.setdefault(hit.issue, (hit.issue, tokens[hit.start], tokens[hit.end - 1]))
    specific = [h for h in seen.values() if h[0] not in ctx.fallbacks]
    found = specific or list(seen.values())
    found = [h for h in found if not any(_qualifies(h[1], o[2]) for o in found if o is not h)]
    process = {i.id for i in ctx.codebook.issues if i.process}
    inside = {t.i for t in tokens}
    aside = [
        h
        for h in found
        if _setting(h[1], inside, SETTING_PREPS if h[0] in process else SETTING_ROLE_PREPS)
    ]
    found = [h for h in found if h not in aside] or found
    return [h for h in found if not _of_people(ctx, h[1], inside)]


def _of_people(ctx: Context, cue: Token, inside: set[int]) -> bool:
    """ "Sought to win over opponents of the trade bill": an issue named only to say who some
    people are (a phrase hanging on a noun for people) is not what the stance is about."""
    below = cue
    for anc in cue.ancestors:
        if anc.i not in inside:
            return False
        lemma = anc.lemma_.lower()
        people = lemma in ctx.codebook.stances.actors or lemma in ROLE_HEADS
        if anc.pos_ == "NOUN" and people and below.dep_ == "prep":
            return True
        below = anc
    return False


def _setting(cue: Token, inside: set[int], preps: frozenset[str]) -> bool:
    """ "Pension cuts as part of the budget talks", "a pay rise in the talks": the talks named
    in an adjunct are where the stance is taken, not what it is about, once something else is
    named (a cue in a prepositional phrase of place, time or role within the object; for an
    issue of substance only the unambiguous ones: "a cut in taxes" is about taxes)."""
    for anc in (cue, *cue.ancestors):
        if anc.i not in inside:
            return False
        if anc.dep_ == "prep" and anc.lower_ in preps:
            return True
    return False


def _qualifies(cue: Token, other: Token) -> bool:
    """ "A path to citizenship for children": a cue in a prepositional phrase hanging on
    another issue's cue narrows that issue (who it is for, what it applies to) rather than
    naming an issue of its own; a coordinated item ("the release of prisoners and a truce")
    is its own."""
    path = []
    for anc in (cue, *cue.ancestors):
        if anc == other:
            return "prep" in path and "conj" not in path
        path.append(anc.dep_)
    return False


def antecedent_hits(ctx: Context, scope: Sequence[Token]) -> list[tuple[str, Token, Token]]:
    """ "Republicans want them extended": a stance whose object is "it" or "them" is about the
    nearest noun phrase before it (a sentence or two back, of the same number) that names an
    issue."""
    pronoun = next((t for t in scope if t.pos_ == "PRON" and t.lower_ in OBJECT_PRONOUNS), None)
    if pronoun is None:
        return []
    plural = pronoun.lower_ in ("them", "these", "those")
    first = pronoun.sent.start
    for _ in range(PRONOUN_REACH):
        first = ctx.doc[first - 1].sent.start if first > 0 else first
    i = pronoun.i - 1
    while i >= first:
        chunk = ctx.chunks[i]
        if chunk is None:
            i -= 1
            continue
        if (chunk.root.tag_ in ("NNS", "NNPS")) == plural and chunk.root.pos_ != "PRON":
            hits = issue_hits(ctx, list(chunk))
            if hits:
                return hits
        i = chunk.start - 1
    return []


def object_text(ctx: Context, first: Token, last: Token) -> str:
    """The noun phrase a cue names: "limits on the size of its army", "all-for-all prisoner
    swap" (a cue that modifies a noun takes the noun along)."""
    anchor = first
    while anchor.head.i > anchor.i and anchor.dep_ in ("compound", "amod", "nmod", "nummod"):
        anchor = anchor.head
    end = max(last.i, anchor.i)
    head_chunk, tail_chunk = ctx.chunks[first.i], ctx.chunks[end]
    start = head_chunk.start if head_chunk is not None else first.i
    stop = tail_chunk.end if tail_chunk is not None else end + 1
    return phrase_text(ctx.doc[min(start, first.i) : max(stop, end + 1)])


def main_object(ctx: Context, pred: Predicate) -> str:
    """What a stance with no issue is about, for codebook gap reports: its first argument."""
    inside = {t.i for t in pred.scope}
    roots = [t for t in pred.scope if t.head.i not in inside or t.head == t]
    for dep in ("dobj", "nsubjpass", "attr", "nsubj", "prep", "xcomp", "ccomp"):
        for root in (r for r in roots if r.dep_ == dep):
            if dep == "prep":
                root = next((c for c in root.children if c.dep_ == "pobj"), root)
            if root.pos_ == "PRON" or is_party(ctx, root):
                return ""  # "urged President X to ...": a person is no negotiated object
            chunk = ctx.chunks[root.i]
            if chunk is not None:
                return phrase_text(chunk)
            if root.pos_ in ("VERB", "AUX"):
                obj = next((c for c in root.children if c.dep_ in ("dobj", "nsubjpass")), None)
                tail = ctx.chunks[obj.i] if obj is not None else None
                if tail is None or is_party(ctx, obj):
                    return ""  # "wants to go", "pushed to listen": an act, not an object
                return phrase_text(ctx.doc[root.i : tail.end])
    return ""


def is_party(ctx: Context, token: Token | None) -> bool:
    """Someone who negotiates (a person, a place, a role, a team), not something negotiated."""
    if token is None:
        return False
    mention = ctx.mentions[token.i]
    if mention is not None:
        return mention.label in ("PERSON", "GPE", "NORP")
    lemma = token.lemma_.lower()
    return lemma in ctx.codebook.stances.actors or lemma in ROLE_HEADS


def phrase_text(span: Span) -> str:
    words = list(span)
    while (
        len(words) > 1
        and words[1].text != "-"
        and (words[0].lower_ in DROPPED_WORDS or words[0].tag_ == "PRP$" or words[0].is_punct)
    ):
        words = words[1:]  # "the", "its", but not the "all" of "all-for-all"
    words = words[:MAX_OBJECT_WORDS]
    while words and words[-1].is_punct:
        words = words[:-1]
    return " ".join("".join(t.text_with_ws for t in words).split())


def statement_date(ctx: Context, token: Token) -> str | None:
    """A day-precise date on the predicate or on a verb above it ("on Monday rejected",
    "said on Monday that ..."), else the publication date."""
    above = {token.i}
    for anc in token.ancestors:  # up through verbs only: a noun's date is its own
        if anc.pos_ in ("NOUN", "PROPN"):
            break
        above.add(anc.i)
    sent = token.sent
    for root, value in ctx.day_of.items():
        if not sent.start <= root < sent.end:  # a date of another sentence
            continue
        date_token = ctx.doc[root]
        head = date_token.head
        if head.dep_ == "prep" or head.pos_ == "ADP":
            head = head.head
        if head.i in above and date_token.i not in above:
            return value
    return ctx.published.isoformat() if ctx.published is not None else None


def relative_hits(ctx: Context, pred: Predicate) -> list[tuple[str, Token, Token]]:
    """ "Talks on trade, which Ostria is ready to support": a relative pronoun as the object
    stands for the noun phrase the clause hangs on."""
    token = pred.token
    clause = next((a for a in (token, *token.ancestors) if a.dep_ == "relcl"), None)
    if clause is None or not (
        any(
            t.tag_ in ("WDT", "WP") and t.dep_ in ("dobj", "pobj") and t.lower_ != "what"
            for t in (*pred.scope, *clause.children)
        )
        or _object_gap(clause)
    ):
        return []
    inside = {t.i for t in clause.subtree}
    noun = clause.head
    hits = issue_hits(ctx, [t for t in noun.subtree if t.i not in inside])
    # "cuts in spending for social programs that they insist upon": the parser may hang the
    # clause on the last noun of the phrase it stands for
    while not hits and noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        noun = noun.head.head
        hits = issue_hits(ctx, [t for t in noun.subtree if t.i not in inside])
    if not hits and noun.dep_ == "attr" and noun.head.lemma_ == "be":
        # "the pay rise is something they cannot support": the clause hangs on a word that
        # only restates the copula's subject, which is what the stance is about
        subjects = [c for c in noun.head.children if c.dep_ in ("nsubj", "csubj")]
        hits = issue_hits(ctx, [t for s in subjects for t in s.subtree])
    return hits


def _object_gap(clause: Token) -> bool:
    """ "The deal Ostria struck with Valdoria": a relative clause with no pronoun, whose verb
    has a subject but no object, has the noun it hangs on as its object."""
    deps = {c.dep_ for c in clause.children}
    subjects = [c for c in clause.children if c.dep_ == "nsubj"]
    if not subjects or subjects[0].lower_ in RELATIVE:
        return False  # "meetings, which broke down": the noun is the subject
    return clause.pos_ == "VERB" and not deps & _OBJECT_DEPS


_OBJECT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "attr", "dative", "nsubjpass", "mark"})


def matter_hits(ctx: Context, pred: Predicate) -> list[tuple[str, Token, Token]]:
    """ "I am not going to vote for it": a stance whose whole object is "it", with nothing
    nameable in reach, is on the matter under negotiation as a whole (the codebook's fallback
    issue), not on nothing."""
    objects = [t for t in pred.scope if t.dep_ in ("dobj", "pobj") and t.head.i in _heads(pred)]
    if len(ctx.fallbacks) != 1 or len(objects) != 1 or objects[0].lower_ != "it":
        return []
    return [(next(iter(ctx.fallbacks)), objects[0], objects[0])]


def _heads(pred: Predicate) -> set[int]:
    """The predicate and the prepositions hanging on it ("vote for it")."""
    token = pred.token
    return {token.i, *(c.i for c in token.children if c.dep_ in ("prep", "prt"))}
