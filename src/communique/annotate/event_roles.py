"""Who did it and to whom: the actor and target of a trigger (internal to :mod:`.events`).

Actor: the clause's subject, the passive agent ("was rejected by Valdoria"), the controller of
an infinitive ("urged Ostria to release": Ostria), or, for a noun, its owner ("Valdoria's
offensive", "an offer from Ostria", "talks between X and Y").

Target, first found wins:

1. a "with / against / on / to / at" phrase naming a party on the trigger or its verb;
2. the object when it is a party ("met the envoy"), else whoever the object comes from
   ("rejected Ostria's offer", "a U.S. request", "the withdrawal of Ostrian forces"), else a
   party in a phrase on it ("threatened action against Valdoria"); an attack or a sanction
   targets whatever it hits ("shelled the bridge");
3. an indirect object, the subject of a "that" clause ("demanded that Ostria withdraw");
4. for a speech act, the party in the clause it governs ("threatened to impose sanctions on
   Valdoria").

Each filler is widened to its entity, or to its noun phrase as written ("Ostrian forces",
"rebels in the north"), with coordinated names listed apart ("Valdoria and Ostria").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from spacy.tokens import Token

from communique.annotate.event_grammar import (
    SYMMETRIC,
    Context,
    Trigger,
    agent_of,
    between_of,
    is_passive,
    lemma_of,
    noun_owner,
    noun_phrase_head,
    pobj,
    subject_of,
    theme_of,
)
from communique.annotate.gazetteer import default_gazetteer

__all__ = ["actor_of", "can_act", "role_span", "target_of"]

_TARGET_PREPS: Final = frozenset(
    {"with", "against", "on", "upon", "at", "to", "towards", "toward", "into"}
)
_NP_LEFT: Final = frozenset(
    {"compound", "amod", "nmod", "poss", "case", "quantmod", "npadvmod", "nummod"}
)
# Phrases that stay with a common noun: "rebels in the north", "doctors from the aid group".
_NP_RIGHT_PREPS: Final = frozenset({"of", "in", "from"})
_LEADING_DROP: Final = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "my"})
_OWNER_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Types whose target may be anything they hit, not only a party ("shelled the bridge").
_PATIENT_TYPES: Final = frozenset({"ATTACK", "SANCTION"})
# Nouns that name another side even after "its/her": "met her counterpart".
_RELATIONAL: Final = frozenset(
    {"counterpart", "rival", "neighbour", "neighbor", "enemy", "opponent", "ally", "partner"}
)
# More prepositions that name a target for some types: "demanded autonomy from X".
_EXTRA_PREPS: Final = {"DEMAND": frozenset({"from"})}
# Types that are said rather than done: their target may sit in the clause they govern.
_SPEECH_ACTS: Final = frozenset({"PROPOSE", "DEMAND", "THREATEN", "INTEND", "REJECT", "AGREE"})
# Types whose subject may be a thing: "the tax cuts expire", "the bill passed", "a blast
# killed".
_THING_TYPES: Final = frozenset({"DEADLINE", "VOTE", "ATTACK"})
_ABSTRACT_ENDINGS: Final = (
    "ure",
    "ion",
    "ity",
    "ness",
    "ment",
    "ance",
    "ence",
    "ism",
    "ship",
    "cy",
    "dom",
    "hood",
    "ty",
    "um",
    "ing",
)
# Nouns for what is said, standing for who said it: "the statement demanded".
_SAYERS: Final = frozenset({"statement", "communique", "communiqué", "message", "note", "post"})
_NONE: Final[frozenset[str]] = frozenset()


# --- actor -------------------------------------------------------------------------------


def actor_of(ctx: Context, trigger: Trigger) -> Token | None:
    """The token that stands for who does the event (widen it with :func:`role_span`)."""
    if trigger.kind == "noun":
        phrase = noun_phrase_head(ctx, trigger.head) or trigger.head
        own = noun_owner(ctx, trigger.head, type_=trigger.type)
        if own is None and phrase.i != trigger.head.i:
            own = noun_owner(ctx, phrase, type_=trigger.type)  # "Ostria's mediation effort"
        if own is None and trigger.type in SYMMETRIC:
            own = between_of(ctx, trigger.head) or between_of(ctx, phrase)
            own = own or _hyphen_pair(ctx, trigger.head)  # "the Valdorian-Ostrian talks"
        if trigger.relation == "light":
            return _clause_subject(ctx, trigger.clause) or own
        if (
            trigger.relation == "framed"
            and own is None
            and trigger.framer is not None
            and ctx.lex.framing.get(trigger.framer_type, "none") == "planned"
        ):
            return _clause_subject(ctx, trigger.framer)  # "Ostria agreed to a prisoner exchange"
        return own
    return _clause_subject(ctx, trigger.clause)


def _clause_subject(ctx: Context, verb: Token) -> Token | None:
    subject = subject_of(ctx, verb)
    if (
        subject is None
        and is_passive(verb)
        and agent_of(verb) is None
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
    ):
        # "Valdoria is opposed to / committed to ...": an adjectival passive names its holder.
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if (
        subject is None
        and verb.dep_ == "acl"
        and verb.tag_ != "VBN"
        and verb.head.dep_ == "dobj"
        and not ctx.party_like(verb.head)
    ):
        return subject_of(ctx, verb.head.head)  # "issued a statement demanding ...": the issuer
    return subject


# --- target ------------------------------------------------------------------------------


def target_of(ctx: Context, trigger: Trigger, actor: Token | None) -> Token | None:
    """The token that stands for to or against whom the event is, or None."""
    if trigger.forced_target is not None:
        return trigger.forced_target
    skip = {w.i for w in trigger.words} | ({actor.i} if actor is not None else set())
    patient = trigger.type in _PATIENT_TYPES
    hosts = list(dict.fromkeys((trigger.head, trigger.clause)))
    if trigger.kind == "noun":
        phrase = noun_phrase_head(ctx, trigger.head)
        hosts += [phrase] if phrase is not None and phrase not in hosts else []
    preps = _TARGET_PREPS | _EXTRA_PREPS.get(trigger.type, frozenset())
    found = None
    if patient and trigger.kind != "noun":  # "shelled the convoy on the bridge": the convoy
        found = _object_target(ctx, trigger, skip, preps=preps)
    elif trigger.kind == "verb":  # "met her counterpart at a Valdorian base": the counterpart
        found = _party_object(ctx, trigger, skip)
    if found is None:
        found = _prep_target(ctx, hosts, skip, patient=patient, preps=preps)
    if found is None and trigger.kind == "noun":
        found = _noun_target(ctx, trigger, skip)
    elif found is None:
        found = _object_target(ctx, trigger, skip, preps=preps)
    if found is None and trigger.type in _SPEECH_ACTS:
        found = _embedded_target(ctx, [trigger.head, trigger.clause], skip)
    if found is None and trigger.type == "THREATEN":
        found = _condition_subject(ctx, [trigger.head, trigger.clause], skip)
    return found


def _usable(ctx: Context, token: Token | None, skip: set[int]) -> bool:
    """Could name a target: not a pronoun, a date, a weapon or an event, and not the actor's
    own ("withdraw its troops": the troops are the actor's, not a target)."""
    return (
        token is not None
        and token.i not in skip
        and token.pos_ != "PRON"
        and not ctx.dated[token.i]
        and not _is_instrument(ctx, token)
        and (
            lemma_of(token) in _RELATIONAL
            or not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
        )
    )


def _prep_target(
    ctx: Context,
    hosts: Sequence[Token],
    skip: set[int],
    *,
    patient: bool,
    preps: frozenset[str] = _TARGET_PREPS,
) -> Token | None:
    for host in hosts:
        for child in host.children:
            if child.dep_ != "prep" or child.lower_ not in preps:
                continue
            obj = pobj(child)
            if obj is None or not _usable(ctx, obj, skip):
                if obj is not None and obj.i not in skip and not patient:
                    origin = _originator(ctx, obj)  # "agreed to US mediation"
                    if origin is not None and origin.i not in skip:
                        return origin
                continue
            if patient or ctx.names_party(obj):
                return obj
    return None


def _noun_target(ctx: Context, trigger: Trigger, skip: set[int]) -> Token | None:
    """ "the invasion of X", "a strike killed X", "a suspension of links with X", "mediation
    between X and Y" (when someone else mediates), "a demand that X withdraw"."""
    noun = trigger.head
    if trigger.type in _PATIENT_TYPES:
        for child in noun.children:
            if child.dep_ != "prep" or child.lower_ != "of" or (obj := pobj(child)) is None:
                continue
            if _usable(ctx, obj, skip):
                return obj
            found = _prep_target(ctx, [obj], skip, patient=False)
            if found is not None:
                return found
        if trigger.relation == "occurrence":
            obj = next((c for c in trigger.clause.children if c.dep_ == "dobj"), None)
            if obj is not None and _usable(ctx, obj, skip):
                return obj
    between = between_of(ctx, noun)
    phrase = noun_phrase_head(ctx, noun)
    if between is None and phrase is not None:
        between = between_of(ctx, phrase)
    if between is not None and between.i not in skip:
        return between
    if trigger.type == "DEMAND":  # "(reiterated) its demand that Ostria withdraw"
        for host in (noun, trigger.clause):
            for child in host.children:
                if child.dep_ not in ("acl", "ccomp", "relcl"):
                    continue
                subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if subject is not None and _usable(ctx, subject, skip) and ctx.party_like(subject):
                    return subject
    return None


def _object_target(
    ctx: Context, trigger: Trigger, skip: set[int], *, preps: frozenset[str] = _TARGET_PREPS
) -> Token | None:
    clause = trigger.clause
    particle = next((w for w in trigger.words if w.dep_ == "prep"), None)
    theme = theme_of(clause, particle)
    if theme is not None and theme.i not in skip:
        # "will send a delegation": what an intention concerns is its content, unless named.
        named = trigger.type != "INTEND" or bool(ctx.label(theme))
        if named and _usable(ctx, theme, skip) and ctx.names_party(theme):
            return theme
        origin = _originator(ctx, theme)
        if origin is not None and origin.i not in skip:
            return origin
        # "action against Valdoria", "autonomy from Ostria"
        found = _prep_target(ctx, [theme], skip, patient=False, preps=preps)
        if found is not None:
            return found
        if trigger.type in _PATIENT_TYPES and _usable(ctx, theme, skip):
            return theme
    for child in clause.children:
        if child.dep_ not in ("dative", "iobj"):
            continue
        party = pobj(child) if child.pos_ == "ADP" else child  # "gave X aid", "gave aid to X"
        if party is not None and _usable(ctx, party, skip) and ctx.names_party(party):
            return party
    for child in clause.children:
        if child.dep_ == "ccomp":
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None and _usable(ctx, subject, skip) and ctx.party_like(subject):
                return subject
    return None


def _party_object(ctx: Context, trigger: Trigger, skip: set[int]) -> Token | None:
    """The verb's own object when it names a party: it outranks a phrase on the verb."""
    particle = next((w for w in trigger.words if w.dep_ == "prep"), None)
    theme = theme_of(trigger.clause, particle)
    if theme is not None and _usable(ctx, theme, skip) and ctx.names_party(theme):
        return theme
    return None


def _infinitives(starts: Sequence[Token]) -> list[Token]:
    """Infinitive clauses under the trigger, two deep at most: "threatened to (try to) X"."""
    found: list[Token] = []
    frontier = list(starts)
    for _ in range(2):
        frontier = [c for v in frontier for c in v.children if c.dep_ == "xcomp"]
        found += frontier
    return found


def _embedded_target(ctx: Context, starts: Sequence[Token], skip: set[int]) -> Token | None:
    """The party an infinitive under a speech act is aimed at: "offered to hand over to X",
    "threatened to ban X", "ready to provide aid for X"."""
    for verb in _infinitives(starts):
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        preps = _TARGET_PREPS | {"for", "from"}
        found = _prep_target(ctx, [verb, *objects], skip, patient=False, preps=preps)
        if found is not None:
            return found
        for obj in objects:
            if _usable(ctx, obj, skip) and ctx.names_party(obj):
                return obj
            origin = _originator(ctx, obj)
            if origin is not None and origin.i not in skip:
                return origin
    return None


def _condition_subject(ctx: Context, starts: Sequence[Token], skip: set[int]) -> Token | None:
    """Whom a threat is aimed at: "threatened to walk out unless the employers ..."."""
    for verb in [*starts, *_infinitives(starts)]:
        for clause in verb.children:
            if clause.dep_ != "advcl" or not any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in clause.children
            ):
                continue
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is not None and _usable(ctx, subject, skip) and ctx.party_like(subject):
                return subject
    return None


def _originator(ctx: Context, content: Token) -> Token | None:
    """Who a proposal, demand or plan comes from: "Ostria's offer", "a U.S. request",
    "an appeal from X", "the withdrawal of Ostrian forces"."""
    words = ctx.lex.nouns.get(lemma_of(content))
    if words:  # "the Geneva talks" are held in Geneva, not by it
        return noun_owner(ctx, content, type_=words[0].type) or _of_party(ctx, content)
    for child in content.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and not ctx.dated[child.i]:
            return child
    for child in content.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "of"):
            obj = pobj(child)
            if obj is not None and obj.pos_ != "PRON" and ctx.party_like(obj):
                return obj
    for child in content.children:
        if child.dep_ in ("compound", "amod", "nmod") and ctx.label(child) in _OWNER_LABELS:
            return child
    return None


def _of_party(ctx: Context, noun: Token) -> Token | None:
    """ "a meeting of the Security Council", "the return of UN inspectors"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = pobj(child)
            if obj is not None and obj.pos_ != "PRON" and ctx.names_party(obj):
                return obj
    return None


def _is_instrument(ctx: Context, token: Token) -> bool:
    """A weapon, what a sanction cuts, or an event noun is what an event uses or concerns,
    never its target ("a series of bombs", "air links", "the talks")."""
    lists = ctx.lex.lists
    lemma = lemma_of(token)
    if lemma in ctx.lex.quantifiers:
        inner = next(
            (pobj(c) for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None
        )
        if inner is not None:
            return _is_instrument(ctx, inner)
    return (
        lemma in lists.get("weapons", frozenset())
        or lemma in lists.get("sanctionable", frozenset())
        or lemma in ctx.lex.nouns
    )


# --- spans -------------------------------------------------------------------------------


def _np_tokens(token: Token) -> list[Token]:
    """The noun phrase a common noun heads, without clauses or a leading article."""
    keep = {token.i}
    for child in token.lefts:
        if child.dep_ in _NP_LEFT:
            keep.update(t.i for t in child.subtree)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in _NP_RIGHT_PREPS:
            keep.update(t.i for t in child.subtree if t.dep_ not in ("relcl", "acl"))
    doc = token.doc
    lo, hi = min(keep), max(keep)
    while lo < token.i and (doc[lo].lower_ in _LEADING_DROP or doc[lo].is_punct):
        lo += 1
    while hi > token.i and (doc[hi].is_punct or doc[hi].dep_ in ("cc", "prep")):
        hi -= 1
    return list(doc[lo : hi + 1])


def _extent(ctx: Context, token: Token) -> tuple[int, int]:
    mention = ctx.owner[token.i]
    if mention is not None:
        return mention.start, mention.end
    tokens = _np_tokens(token)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


_HYPHENS: Final = frozenset({"-", "–", "—"})
_PAIR_LABELS: Final = frozenset({"GPE", "NORP"})


def _joins_sides(ctx: Context, hyphen: Token) -> bool:
    """A hyphen between two sides' names or adjectives: "US-China", "Valdorian-Ostrian"."""
    doc = hyphen.doc
    return (
        hyphen.text in _HYPHENS
        and 0 < hyphen.i < len(doc) - 1
        and ctx.label(doc[hyphen.i - 1]) in _PAIR_LABELS
        and ctx.label(doc[hyphen.i + 1]) in _PAIR_LABELS
    )


def _hyphen_pair(ctx: Context, noun: Token) -> Token | None:
    """The first of two sides joined by a hyphen before an event noun: "US-China talks",
    "the Valdorian-Ostrian negotiations"."""
    doc = noun.doc
    for i in range(noun.left_edge.i, noun.i - 2):
        if _joins_sides(ctx, doc[i + 1]):
            return doc[i]
    return None


def _hyphen_parts(ctx: Context, start: int, end: int) -> tuple[int, tuple[str, ...]]:
    """A filler that is a hyphenated pair of sides, split: "Valdorian-Ostrian" ->
    ("Valdorian", "Ostrian"); the end moves past a second side the entity left out."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return end, ()
    doc = ctx.doc
    last = span[-1].i
    if last + 2 < len(doc) and doc[last + 1].idx == end and _joins_sides(ctx, doc[last + 1]):
        end = _extent(ctx, doc[last + 2])[1]
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return end, ()
    cuts = [
        t
        for t in span[1:-1]
        if _joins_sides(ctx, t) and not t.whitespace_ and not doc[t.i - 1].whitespace_
    ]
    if not cuts or default_gazetteer().lookup(ctx.text[start:end]) is not None:
        return end, ()  # "Guinea-Bissau" is one country
    edges = [start, *(x for t in cuts for x in (t.idx, t.idx + len(t.text))), end]
    parts = tuple(ctx.text[a:b] for a, b in zip(edges[::2], edges[1::2], strict=True))
    return end, parts


def role_span(ctx: Context, token: Token | None) -> tuple[int, int, tuple[str, ...]] | None:
    """Character extent of a role filler with its coordinated names, and each name when
    there are several ("Valdoria and Ostria" -> ("Valdoria", "Ostria"), "Valdorian-Ostrian"
    -> ("Valdorian", "Ostrian"))."""
    if token is None:
        return None
    start, end = _extent(ctx, token)
    end, pair = _hyphen_parts(ctx, start, end)
    if pair:
        return start, end, pair
    parts = [ctx.text[start:end]]
    node = token
    while (nxt := next((c for c in node.children if c.dep_ == "conj"), None)) is not None:
        s, e = _extent(ctx, nxt)
        if s < end:
            break
        end = e
        parts.append(ctx.text[s:e])
        node = nxt
    return start, end, tuple(parts) if len(parts) > 1 else ()


# --- who can act --------------------------------------------------------------------------


def can_act(ctx: Context, trigger: Trigger, actor: Token | None) -> bool:
    """Whether the subject of a verb trigger can do the event: not a market ("the index
    rejected", "Tokyo attacked" in a sentence about trading) and not an abstract noun
    ("pressure proposed", "uncertainty demanded"). A noun event's owner, a pronoun, a name
    and what a deadline, a vote or an attack may have for subject (a law expires, a blast
    kills) pass; so does whoever controls an infinitive ("staged protests to demand")."""
    if actor is None or trigger.kind == "noun" or actor.pos_ == "PRON":
        return True
    if _is_market(ctx, actor):
        return False
    if trigger.type in _THING_TYPES or actor.pos_ != "NOUN" or ctx.names_party(actor):
        return True
    if actor.dep_ not in ("nsubj", "nsubjpass") or actor.head.i != trigger.clause.i:
        return True
    return not _abstract(actor)


def _abstract(noun: Token) -> bool:
    """A noun for a quality, state or process, by its ending ("pressure", "tension",
    "uncertainty", "momentum"): no one who could negotiate."""
    lemma = noun.lemma_.lower()
    return lemma.endswith(_ABSTRACT_ENDINGS) and lemma not in _SAYERS


def _lemmas(token: Token) -> frozenset[str]:
    return frozenset({token.lemma_.lower(), token.lower_})


def _is_market(ctx: Context, actor: Token) -> bool:
    """An index or exchange by its own words ("the Hang Seng index"), or a city named in a
    sentence about trading ("Frankfurt rejected early gains"); a country, a capital or a
    seat of government there still stands for its government, and a company stays a
    company."""
    markets = ctx.lex.lists.get("markets", _NONE)
    phrase = [actor, *(c for c in actor.children if c.dep_ in ("compound", "amod"))]
    mention = ctx.owner[actor.i]
    if mention is not None:
        phrase += [t for t in actor.sent if ctx.owner[t.i] is mention]
    if any(_lemmas(t) & markets for t in phrase):
        return True
    if ctx.label(actor) not in ("GPE", "LOC", "FAC"):
        return False
    if not any(_lemmas(t) & markets for t in actor.sent):
        return False
    entry = default_gazetteer().lookup(mention.text if mention is not None else actor.text)
    # A capital or a seat that rejects or agrees is its government ("Washington rejected").
    return entry is None or entry.kind not in ("country", "capital", "seat")
