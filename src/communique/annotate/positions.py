"""Parties' positions on issues: who demands, offers, accepts, rejects or threatens what, and on
what condition, sentence by sentence, each with the sentence that says so.

For each sentence of a parsed document the cascade is:

1. find stance predicates (their words come from the codebook): a verb ("demand", "call for",
   "rule out"), a noun with its holder ("Ostria's offer of a truce"), an adjective ("ready
   to"), a refusal made with a negated modal ("we will never give up land"), a pledge ("Ostria
   will release all prisoners"; with "unless" a threat), an obligation in reported speech
   ("Valdoria must withdraw", she said), a verdict ("neutrality is unacceptable", he said) and
   an existential ("there will be no deal", she said);
2. find condition clauses ("only if", "provided that", "in exchange for", "unless" ...) and
   attach each to the predicate it qualifies; a predicate inside an "if" clause (or an inverted
   one: "should Ostria refuse") states no position, unless it is a noun with its own holder
   ("if Ostria meets Valdoria's demands");
3. fold a predicate that sits in another's object into it ("refused to accept X" is one
   rejection, "demanded that Ostria accept X" one demand) unless it names its own holder ("X
   wants A, while Y wants B"); a stance's object is its arguments, the content of a nominal
   frame ("X's stance includes A, B and C", "a proposal which would ..."), every item of a list,
   but not a purpose clause ("so that ...");
4. for each predicate: its holder, who must be able to negotiate (subject, agent, possessor, a
   name modifying a stance noun: "a US proposal", "the president" as the person last named so,
   the speaker for "we"), the party the holder speaks for, the codebook issues named in its
   object (a pronoun object takes the issue of the noun phrase it stands for; "the deal" as a
   whole only where no narrower issue is named), and the statement's date.

``negated`` says the text negates the predicate; ``stance`` is already what the holder means:
"will not accept" is a rejection, "did not rule out" an offer, "did not demand" a negated demand,
"would support" an offer, "vowed to block" a threat.

This module holds the public records, the cascade's step 3 and the assembling; step 1 is in
:mod:`communique.annotate.positions_predicates`, step 2 in
:mod:`communique.annotate.positions_conditions`, step 4 (holders and parties) in
:mod:`communique.annotate.positions_holders`, step 5 (issues, objects, dates) in
:mod:`communique.annotate.positions_objects`, verdicts and negation in
:mod:`communique.annotate.positions_verdicts`, the grammar words in
:mod:`communique.annotate.positions_grammar` and the working records the steps pass around in
:mod:`communique.annotate.positions_types`.

Example::

    >>> doc = nlp("Moscow demands that Kyiv renounce NATO membership.")
    >>> [(p.party, p.issue, p.stance) for p in find_positions(
    ...     doc, doc_id="d1", published=None, codebook=load_codebook())]
    [('Russia', 'alliances', 'demand')]
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby, pairwise

from spacy.tokens import Doc, Span, Token

from communique.annotate.budget import WorkBudget
from communique.annotate.codebook import UNMAPPED, Codebook, Stance, codebook_gaps
from communique.annotate.entities import (
    Gazetteer,
    Mention,
    default_gazetteer,
    find_mentions,
)
from communique.annotate.positions_conditions import conditions
from communique.annotate.positions_grammar import (
    ACTOR_LABELS,
    ARG_DEPS,
    ARG_PREPS,
    ASIDE_MARKS,
    COMMITTING,
    DOUBTING,
    FRAME_VERBS,
    INCLUDING,
    ISO_DAY,
    REASON_MARKS,
    RELATIVE,
    REPORTING,
    WILL,
)
from communique.annotate.positions_holders import (
    find_holder,
    find_holders,
    find_party,
    find_speaker,
    is_actor,
    named,
    subject_of,
)
from communique.annotate.positions_objects import (
    antecedent_hits,
    issue_hits,
    main_object,
    matter_hits,
    object_text,
    relative_hits,
    statement_date,
)
from communique.annotate.positions_predicates import (
    adjective_preps,
    hedged,
    infinitive,
    noun_preps,
    predicate,
)
from communique.annotate.positions_types import Condition, Context, Holder, Predicate
from communique.annotate.positions_verdicts import (
    is_negated,
)
from communique.annotate.quotes import Quote
from communique.annotate.timex import find_timexes
from communique.errors import UsageError

__all__ = [
    "UNMAPPED",
    "Position",
    "PositionChange",
    "Stance",
    "codebook_gaps",
    "find_positions",
    "position_changes",
]


@dataclass(frozen=True, slots=True)
class Position:
    """One party's stance on one issue, as one sentence states it.

    ``holder`` is the actor as written or resolved (a person, an organisation, a country or a
    capital standing for it); ``party`` the side it speaks for; ``speaker`` who said it when the
    sentence reports speech. ``text`` is the sentence, ``sentence_start``/``sentence_end`` its
    offsets in the document. ``date`` is the statement's own date when the sentence gives one
    ("on Monday rejected"), else the publication date. ``object`` is the phrase naming the issue
    ("limits on the size of its army"); ``condition`` the clause a stance was made with ("only
    if Ostria halts mobilisation").
    """

    doc_id: str
    party: str | None
    holder: str
    issue: str
    stance: Stance
    text: str
    sentence_start: int
    sentence_end: int
    speaker: str | None
    date: str | None
    negated: bool = False
    object: str = ""
    condition: str = ""


@dataclass(frozen=True, slots=True)
class PositionChange:
    """A party's stance on an issue differs from its previous dated stance on it; ``party`` is
    the holder when no party is known."""

    party: str
    issue: str
    before: Position
    after: Position

    @property
    def change(self) -> str:
        return f"{self.before.stance} -> {self.after.stance}"


def _no_party(name: str) -> str | None:
    return None


def find_positions(
    doc: Doc,
    *,
    doc_id: str,
    published: date | None,
    codebook: Codebook,
    quotes: Sequence[Quote] = (),
    party_of: Callable[[str], str | None] = _no_party,
    mentions: Sequence[Mention] | None = None,
    gazetteer: Gazetteer | None = None,
    keep_unmapped: bool = False,
) -> list[Position]:
    """Every position ``doc`` (a parsed spaCy Doc) states, in text order.

    ``quotes`` (from :func:`communique.annotate.quotes.find_quotes`) say who speaks in each
    passage, so "we" and verdicts get their speaker; ``party_of`` maps a holder's name to its
    party (from resolved entities); capitals, seats and demonyms are also read from the
    gazetteer and from the places the document names. ``mentions`` defaults to
    :func:`find_mentions` on ``doc``. With ``keep_unmapped`` a stance whose object names no
    issue is kept with ``issue`` set to :data:`UNMAPPED`, for :func:`codebook_gaps`.
    Raises :class:`UsageError` for a document the pipeline did not parse.
    """
    if len(doc) == 0:
        return []
    if not doc.has_annotation("DEP"):
        raise UsageError("find_positions needs a parsed document (a pipeline with a parser)")
    found = find_mentions(doc) if mentions is None else mentions
    owner: list[Mention | None] = [None] * len(doc)
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            owner[span.start : span.end] = [m] * (span.end - span.start)
    chunks: list[Span | None] = [None] * len(doc)
    for chunk in doc.noun_chunks:
        chunks[chunk.start : chunk.end] = [chunk] * (chunk.end - chunk.start)
    speech = tuple(q for q in quotes if _reports_speech(doc, q))
    ctx = Context(
        *(doc, doc_id, published, codebook, party_of, gazetteer or default_gazetteer()),
        speech,
        *(owner, sorted({m.text for m in found if m.label == "GPE"}), chunks),
        _day_dates(doc, published),
        {" ".join(m.text.split()): i for i, m in enumerate(owner) if m is not None},
        _quote_of(doc, speech),
        frozenset(i.id for i in codebook.issues if i.fallback),
    )
    positions: list[Position] = []
    for sent in doc.sents:
        positions.extend(_sentence_positions(ctx, sent, keep_unmapped=keep_unmapped))
    return positions


def _quote_of(doc: Doc, quotes: Sequence[Quote]) -> list[Quote | None]:
    """For each token, the first quote (in ``quotes`` order) whose content holds its start: a
    look-up per token instead of a scan of every quote, which grew with the document's square."""
    starts = [token.idx for token in doc]
    quote_of: list[Quote | None] = [None] * len(doc)
    for quote in reversed(quotes):  # so that the first quote is written last and wins
        first = bisect.bisect_left(starts, quote.start)
        last = bisect.bisect_left(starts, quote.end)
        quote_of[first:last] = [quote] * (last - first)
    return quote_of


def _reports_speech(doc: Doc, quote: Quote) -> bool:
    """A quote framed by "said" gives its content a speaker; one framed by "rejected" (which
    the quote finder also reads) is a stance, not a statement by someone else."""
    cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    return quote.kind != "indirect" or cue is None or cue.root.lemma_.lower() in REPORTING


def _day_dates(doc: Doc, published: date | None) -> dict[int, str]:
    """Dates a statement can carry: day-precise, and not after publication."""
    days: dict[int, str] = {}
    for timex in find_timexes(doc.text, anchor=published):
        value = timex.value or ""
        if timex.type != "DATE" or not ISO_DAY.match(value):
            continue
        if published is not None and value > published.isoformat():
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None:
            days[span.root.i] = value
    return days


# --- 1. predicates: see communique.annotate.positions_predicates -----------------------------


# --- 3. scopes and folding ------------------------------------------------------------------


_NOT_CONTENT = frozenset(
    {"det", "poss", "case", "punct", "cc", "conj", "relcl"}
)  # a stance noun's frame, not its content


def _scope(ctx: Context, pred: Predicate, skip: set[int]) -> list[Token]:
    """The tokens naming what the stance is about: its object, not its subject or its frame."""
    token = pred.token
    roots: list[Token]
    if pred.kind == "noun":
        roots = [
            c
            for c in token.children
            if (c.dep_ not in _NOT_CONTENT or _content(c))
            and not (c.dep_ == "prep" and c.lower_ in ("by", "from"))
        ]
        roots += [c for c in noun_preps(token) if c.head != token and c.lower_ in ARG_PREPS]
        roots += _stranded_infinitive(token)
        if token.dep_ == "nsubj" and token.head.lemma_.lower() in FRAME_VERBS:
            # "Ostria's stance includes a truce, prisoner releases and returning children"
            verb = token.head
            if token.lemma_.lower() in ("stance", "position"):  # "stance on the talks": a topic
                roots = [c for c in roots if c.dep_ != "prep"]
            roots += [c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp")]
            roots += [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBG"]
        if token.dep_ == "attr" and token.head.lemma_ == "be":  # "X is our first demand"
            roots += [c for c in token.head.children if c.dep_ in ("nsubj", "csubj")]
    elif pred.kind == "shortfall":  # "it does not go far enough": what "it" stands for
        roots = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    elif pred.kind == "verdict":
        # "it is necessary that the army withdraws": the clause is the subject, moved last
        deps = ("nsubj", "nsubjpass", "csubj", "ccomp")
        copula = token.head if token.dep_ in ("acomp", "attr") else token
        roots = [c for c in copula.children if c.dep_ in deps and c.lower_ != "it"]
        roots += [c for c in token.children if c.dep_ == "ccomp"]
        # "it would be a mistake to sign it": the infinitive, moved last, is what is judged
        roots += [c for c in token.children if c.dep_ == "acl" and infinitive(c)]
        roots += [c for c in copula.children if c.dep_ == "xcomp" and infinitive(c)]
    else:
        needs = {n for n, _ in ctx.codebook.stances.verbs.get(token.lemma_.lower(), ())}
        roots = [c for c in token.children if _is_argument(c) or c.lower_ in needs]  # "balk at"
        roots += _list_items(token)
        if pred.kind == "adj":  # "sceptical, for now, about X" with "about" on the copula
            roots += [p for p in adjective_preps(token) if p.head != token]
    extra: list[Token] = []
    if pred.kind in ("must", "refusal", "pledge", "consequence"):
        extra.append(token)  # "will not negotiate" is about negotiating
    if pred.kind == "must":
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        roots += [s for s in subjects if s.pos_ not in ("PRON", "PROPN")]
        if token.dep_ == "xcomp":  # "would have to include X, and that Y": "have" holds Y
            roots += [c for c in token.head.children if c != token and _is_argument(c)]
            roots += [c for c in token.head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
    if token.dep_ == "acl" and pred.kind == "verb" and not infinitive(token):
        # (an infinitive is not about its noun: "readiness to accept X" accepts X)
        chunk = ctx.chunks[token.head.i]  # "a ceasefire proposed by Ostria"
        extra.extend(chunk if chunk is not None else [token.head])
        roots += _what_it_is(token)
    skip = skip | _aside_clauses(roots)
    tokens = {t.i: t for r in roots for t in r.subtree if t.i not in skip}
    tokens.update((t.i, t) for t in extra if t.i not in skip)
    return [tokens[i] for i in sorted(tokens)]


def _what_it_is(participle: Token) -> list[Token]:
    """ "Another idea, proposed by Ostria, is lifting the tariffs": what the proposed thing is
    (the parser may read "is lifting" as a second clause on the noun)."""
    noun = participle.head
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        return [c for c in noun.head.children if c.dep_ in ("attr", "acomp")]
    return [
        c
        for c in noun.children
        if c.dep_ == "acl"
        and c.i > participle.i
        and any(a.dep_ == "aux" and a.lemma_ == "be" for a in c.children)
    ]


def _content(clause: Token) -> bool:
    """ "A proposal, which would freeze the front line": a relative clause saying what the
    proposal would do is its content."""
    return (
        clause.dep_ == "relcl"
        and any(c.dep_ == "nsubj" and c.lower_ in ("which", "that") for c in clause.children)
        and any(c.dep_ == "aux" and c.lower_ in WILL for c in clause.children)
    )


def _aside_clauses(roots: Sequence[Token]) -> set[int]:
    """ "raise rates so that cuts can follow": a purpose, reason or concession clause says why,
    not what is demanded."""
    out: set[int] = set()
    for root in roots:
        for t in root.subtree:
            marks = {c.lower_ for c in t.children if c.dep_ == "mark"}
            if t.dep_ == "advcl" and marks & ASIDE_MARKS:
                out.update(x.i for x in t.subtree)
    return out


def _list_items(verb: Token) -> list[Token]:
    """ "Advocated for a truce, the exchange of prisoners and the return of children": the
    parser may hang the later items of a list on the verb; after a comma they are objects too."""
    return [
        c
        for c in verb.children
        if c.dep_ in ("npadvmod", "appos")
        and c.pos_ == "NOUN"
        and c.i > verb.i
        and c.left_edge.i > 0
        and c.doc[c.left_edge.i - 1].text == ","
    ]


def _stranded_infinitive(noun: Token) -> list[Token]:
    """ "Agrees to Beijing's demands to roll back tariffs": the parser may hang the infinitive
    on the verb; right after the noun's phrase it is still the demand's content."""
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    return [
        c
        for c in verb.children
        if c.dep_ == "xcomp" and infinitive(c) and c.left_edge.i == noun.right_edge.i + 1
    ]


def _is_argument(child: Token) -> bool:
    if child.dep_ in ARG_DEPS:
        return True
    return child.dep_ in ("prep", "prt") and child.lower_ in ARG_PREPS


def _fold(ctx: Context, preds: list[Predicate]) -> list[Predicate]:
    """Drop predicates inside another's object unless they name their own holder."""
    inside = {t.i for p in preds for t in p.scope if t.i != p.token.i}
    kept = [
        p
        for p in preds
        if p.token.i not in inside or (_names_own_holder(ctx, p.token) and not _agreed_thing(p))
    ]
    for pred in kept:  # "X wants A, while Y wants B": B is Y's, not X's
        scope = {t.i for t in pred.scope}
        own = [q for q in kept if q.token.i in scope and q.token.pos_ != "NOUN" and q is not pred]
        drop = {t.i for q in own for t in q.token.subtree}
        pred.scope = [t for t in pred.scope if t.i not in drop]
    return kept


def _agreed_thing(pred: Predicate) -> bool:
    """ "Senators opposed the president's deal": an agreement named as what another stance is
    about is that stance's object, not news that its maker accepted something (an offer or a
    demand named so still is: "rejected Ostria's offer" says Ostria offered)."""
    return pred.kind == "noun" and pred.stance == "accept"


def _names_own_holder(ctx: Context, token: Token) -> bool:
    if token.pos_ == "NOUN":
        return any(
            c.dep_ == "poss"
            or (c.dep_ == "prep" and c.lower_ in ("by", "from"))
            or (c.dep_ in ("compound", "amod", "nmod") and _actor_mention(ctx, c))
            for c in token.children
        )
    if token.dep_ == "relcl" and any(
        c.dep_ == "nsubj" and c.lower_ == "who" for c in token.children
    ):
        return True  # "hoped for talks with the rebels, who have refused to negotiate"
    if token.dep_ == "acomp" and token.pos_ == "ADJ":
        token = token.head  # "talks, which Ostria stands ready to support": "stands" says
    if token.dep_ in ("relcl", "acl", "advcl", "conj"):
        # "want X, while Republicans want Y": a clause of its own, not the first want's object
        return any(
            c.dep_ == "agent" or (c.dep_ == "nsubj" and c.lower_ not in RELATIVE)
            for c in token.children
        )
    return False


def _inverted_condition(token: Token) -> bool:
    """ "Should X not accede", "had X agreed": an auxiliary before its subject in a clause
    hanging on another verb is an "if" clause without "if"."""
    for clause in (token, *token.ancestors):
        if clause.dep_ in ("advcl", "ccomp"):
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            aux = next((c for c in clause.children if c.dep_ in ("aux", "auxpass")), None)
            if subject is not None and aux is not None and aux.i < subject.i:
                return aux.lower_ in ("should", "had", "were")
        if clause.dep_ not in ("xcomp", "conj"):
            break
    return False


def _actor_mention(ctx: Context, token: Token) -> bool:
    mention = ctx.mentions[token.i]
    return mention is not None and mention.label in ACTOR_LABELS


def _doubted(token: Token) -> bool:
    """ "A reason to doubt that the other side wants to negotiate" states no position, nor
    does an inverted condition ("should Ostria not accept the terms, ...")."""
    if _inverted_condition(token):
        return True
    return any(a.lemma_.lower() in DOUBTING and a.i < token.i for a in token.ancestors) or any(
        c.dep_ == "mark" and c.lower_ == "whether" for c in token.children
    )


# --- 2. conditions: see communique.annotate.positions_conditions -----------------------------
# --- 4. holders and parties: see communique.annotate.positions_holders -----------------------
# --- 5. issues, objects, dates: see communique.annotate.positions_objects ----------------------


# --- assembling -----------------------------------------------------------------------------

_Row = tuple[str, Stance, str, str, bool]  # issue, stance, object, condition, negated


def _sentence_positions(ctx: Context, sent: Span, *, keep_unmapped: bool) -> list[Position]:
    if sent.text.rstrip(" \"'”’»").endswith("?"):
        return []  # a question states no position
    budget = WorkBudget(
        doc_id=ctx.doc_id, stage="positions", start=sent.start_char, end=sent.end_char
    )
    budget.spend(len(sent))
    preds = [p for p in map(lambda t: predicate(ctx, t), sent) if p is not None]
    conds = conditions(sent, preds)
    # Each predicate and condition is read against the sentence: charged before the work
    # starts, so a sentence of 100,000 words fails at once instead of running for hours.
    budget.spend(len(sent) * (1 + len(preds) + len(conds)))
    hypothetical = {t.i for c in conds if c.hypothetical for t in c.tokens}
    hypothetical |= {t.i for c in conds for t in c.marker}  # "on condition that"
    preds = [
        p
        for p in preds
        if (p.token.i not in hypothetical or (p.kind == "noun" and _names_own_holder(ctx, p.token)))
        and not _doubted(p.token)
    ]
    conds = [c for c in conds if c.strong or c.attached in preds]
    for pred in preds:
        if pred.kind == "existential" and pred.conditions:
            pred.stance = "condition"  # "there should be no deal unless ...": on the deal
        if any(c.denied for c in pred.conditions):
            pred.stance = "condition"  # "will not sign without X": signing is conditioned
        held_out = pred.kind == "verb" and not pred.negated and hedged(pred.token)
        if held_out and pred.stance == "accept" and not pred.conditions:
            pred.stance = "offer"  # "would support X": acceptance held out (with "only if"
            # it stays an acceptance on that condition)
    _pledged_refusals(preds)
    for pred in preds:  # "will withdraw its monitors unless ...": a threat
        if pred.kind == "pledge" and any(c.marker[-1].lower_ == "unless" for c in pred.conditions):
            pred.stance = "threaten"
    for pred in preds:
        # a demand made inside a clause ("if X meets Beijing's demands to ...") keeps its object
        outside = [c for c in conds if pred.token not in c.tokens]
        tokens = (t for c in outside for t in (c.marker if pred.stance == "threaten" else c.tokens))
        pred.scope = _scope(
            ctx, pred, {t.i for t in tokens} | {t.i for c in conds for t in c.marker}
        )
    out: list[Position] = []
    for pred in _fold(ctx, preds):
        out.extend(_predicate_positions(ctx, sent, pred, keep_unmapped=keep_unmapped))
    for cond in conds:
        if cond.attached is None:
            out.extend(_free_condition_positions(ctx, sent, cond))
    unique: dict[tuple[str, str, str], Position] = {}
    for pos in out:
        unique.setdefault((pos.holder, pos.issue, pos.stance), pos)
    return list(unique.values())


def _predicate_positions(
    ctx: Context, sent: Span, pred: Predicate, *, keep_unmapped: bool
) -> list[Position]:
    holders = find_holders(ctx, pred)
    if not holders:
        return []
    condition = "; ".join(c.text for c in pred.conditions if pred.stance != "threaten")
    hits = (
        issue_hits(ctx, pred.scope)
        or antecedent_hits(ctx, pred.scope)
        or relative_hits(ctx, pred)
        or matter_hits(ctx, pred)
    )
    if any(c.denied for c in pred.conditions):  # "no deal without X": the deal is no object
        hits = [h for h in hits if h[0] not in ctx.fallbacks]
    if pred.kind == "concession":  # "cancelled the talks" concedes nothing
        process = {i.id for i in ctx.codebook.issues if i.process} | ctx.fallbacks
        hits = [h for h in hits if h[0] not in process]
    rows: list[_Row] = [
        (issue, pred.stance, object_text(ctx, a, b), condition, pred.negated)
        for issue, a, b in hits
    ]
    if not hits and keep_unmapped and pred.kind != "concession":
        rows.append((UNMAPPED, pred.stance, main_object(ctx, pred), condition, pred.negated))
    rows.extend(
        (issue, "demand", object_text(ctx, a, b), "", False)
        for issue, a, b in issue_hits(ctx, _lacking(pred))
    )
    for cond in pred.conditions:
        stance = _condition_stance(pred.stance, exchange=cond.exchange)
        rows.extend(
            (issue, stance, object_text(ctx, a, b), "", False)
            for issue, a, b in issue_hits(ctx, cond.tokens)
        )
    when = statement_date(ctx, pred.token)
    return [
        _position(ctx, sent, holder, speaker, when, row)
        for holder, speaker in holders
        for row in rows
    ]


def _lacking(pred: Predicate) -> list[Token]:
    """ "Rejected the plan because it did not include a pay rise": what a turned-down thing is
    faulted for lacking ("does not include", "fails to address") is what its critic asks for."""
    if pred.stance != "reject":
        return []
    token = pred.token
    heads = [token, token.head] if token.dep_ in ("acomp", "attr") else [token]
    found: list[Token] = []
    for clause in (c for h in heads for c in h.children if c.dep_ == "advcl"):
        if not {c.lower_ for c in clause.children if c.dep_ == "mark"} & REASON_MARKS:
            continue
        verb, lacking = clause, is_negated(clause)
        if clause.lemma_.lower() == "fail":
            verb = next((c for c in clause.children if c.dep_ == "xcomp"), clause)
            lacking = not lacking
        if lacking and verb.lemma_.lower() in INCLUDING:
            found += [t for c in verb.children if c.dep_ == "dobj" for t in c.subtree]
    return found


def _pledged_refusals(preds: Sequence[Predicate]) -> None:
    """ "Vowed to block the bill": a commitment to obstruct is a threat; "vowed not to return
    the land" a refusal."""
    by_token = {p.token.i: p for p in preds}
    for pred in preds:
        if pred.token.lemma_.lower() in COMMITTING and not pred.negated:
            refused = [c for c in pred.token.children if c.dep_ == "xcomp" and is_negated(c)]
            if refused:
                pred.stance, pred.negated = "reject", True
        head = by_token.get(pred.token.head.i)
        if (
            head is not None
            and pred.token.dep_ == "xcomp"
            and pred.stance == "reject"
            and head.token.lemma_.lower() in COMMITTING
            and not head.negated
        ):
            head.stance = "threaten"


def _condition_stance(stance: Stance, *, exchange: bool) -> Stance:
    """What a condition clause says of its holder: a threat's trigger is part of the threat;
    what a demand is traded "in exchange for" is offered."""
    if stance == "threaten":
        return "threaten"
    return "offer" if exchange and stance == "demand" else "condition"


def _free_condition_positions(ctx: Context, sent: Span, cond: Condition) -> list[Position]:
    """ "Talks can start only if Ostria withdraws," she said: the main clause and the
    condition are both conditions of the clause's actor, or of the speaker."""
    verb = min(cond.tokens, key=lambda t: len(list(t.ancestors))).head
    speaker = find_speaker(ctx, verb)
    subject = [s for s in subject_of(verb) if is_actor(ctx, s)]
    holder = find_holder(ctx, subject[0], speaker) if subject else None
    if holder is None and speaker:
        holder = named(ctx, speaker)
    if holder is None:
        return []
    main = _scope(ctx, Predicate(verb, "condition", "refusal"), {t.i for t in cond.tokens})
    when = statement_date(ctx, verb)
    threat = cond.marker[-1].lower_ == "unless" and any(  # "would strike unless ..."
        c.dep_ == "aux" and c.lower_ in WILL for c in verb.children
    )
    stance: Stance = "threaten" if threat else "condition"
    rows: list[_Row] = [
        (issue, stance, object_text(ctx, a, b), "" if threat else text, False)
        for tokens, text in ((main, cond.text), (cond.tokens, ""))
        for issue, a, b in issue_hits(ctx, tokens)
    ]
    return [_position(ctx, sent, holder, speaker, when, row) for row in rows]


def _position(
    ctx: Context, sent: Span, holder: Holder, speaker: str | None, when: str | None, row: _Row
) -> Position:
    issue, stance, obj, condition, negated = row
    party = find_party(ctx, holder)
    return Position(
        *(ctx.doc_id, party, holder.name, issue, stance, sent.text, sent.start_char),
        *(sent.end_char, speaker, when, negated, obj, condition),
    )


# --- across documents -----------------------------------------------------------------------


def position_changes(positions: Iterable[Position]) -> list[PositionChange]:
    """Where a party's stance on an issue changes from one date to the next.

    Positions are grouped by (party, or holder when the party is unknown; issue). Stances of
    one day are one position, however many sentences state them ("offers a truce once the guns
    fall silent" is an offer and a condition); a stance on a day that the previous day with a
    stance on that issue did not take is a change. Undated and unmapped positions are left out,
    since their place in the sequence is unknown.
    """
    groups: dict[tuple[str, str], list[Position]] = defaultdict(list)
    for pos in positions:
        if pos.date is not None and pos.issue != UNMAPPED:
            groups[(pos.party or pos.holder, pos.issue)].append(pos)
    changes = []
    for (party, issue), group in groups.items():
        group.sort(key=lambda p: (p.date or "", p.doc_id, p.sentence_start))
        days = [list(day) for _, day in groupby(group, key=lambda p: p.date)]
        for before, today in pairwise(days):
            taken = {p.stance for p in before}
            for after in today:
                if after.stance not in taken:
                    taken.add(after.stance)
                    changes.append(PositionChange(party, issue, before[-1], after))
    return sorted(changes, key=lambda c: (c.after.date or "", c.party, c.issue))
