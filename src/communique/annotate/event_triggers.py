"""Finding event triggers in one parsed sentence (internal to :mod:`.events`).

Four kinds, found in this order so later ones can see earlier ones:

1. verbs from the lexicon, each entry's constraints checked on the parse ("launched drones"
   is an attack, "launched a website" is not);
2. adjectives with an infinitive ("ready to resume talks");
3. nouns, which are events only with a light verb of their type ("held talks", "imposed
   sanctions"), as the subject of an occurrence verb ("talks resumed"), or under another
   trigger ("called for a ceasefire"); where a noun's light verb is itself a trigger verb, the
   noun decides ("struck a deal" is an agreement, not an attack);
4. constructions with no trigger word: "X said Y must ..." (demand), "X will ... unless ..."
   (threat), "X will <verb>" said of a party (intention).

A statement ("told reporters on Friday") that reports another event of the sentence is left
to that event when the event stands on the timeline (see :func:`reports`): "said on Friday
that Ostria rejected the plan" is one rejection, dated Friday.
A noun of any type with a date of its own ("Sunday's talks", "the March 3 vote") is an event
even with no verb to make it one.
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Span, Token

from communique.annotate.event_grammar import (
    ACTION_TYPES,
    MODAL_FUTURE,
    Context,
    Trigger,
    auxiliaries,
    governor,
    has_infinitive,
    in_reported_speech,
    is_passive,
    lemma_of,
    noun_phrase_head,
    own_timex,
    particle_of,
    pobj,
    subject_of,
    theme_of,
    undated_prep,
)
from communique.annotate.event_lexicon import TriggerWord

__all__ = ["STATEMENT", "find_triggers", "reports"]

# Verbs too empty to carry an intention: "X will be", "X will have".
_NOT_INTENT_VERBS: Final = frozenset({"be", "have", "do", "say", "become", "seem", "remain", "get"})
_NOUN_TAGS: Final = ("NOUN", "PROPN")
# Prepositions that introduce what a trigger is about ("agreed to a ceasefire", "called for
# talks"), unlike "agreed at the talks", where the talks are only the occasion.
_FRAMING_PREPS: Final = frozenset({"to", "for", "on", "upon", "about", "into"})
# "engaged in talks", "entered into talks", "arrived on a visit", "came for talks".
_LIGHT_PREPS: Final = frozenset({"in", "into", "on", "for"})
# Prepositions by which an event noun places another event in time ("after the vote").
_OCCASION_PREPS: Final = frozenset({"after", "following", "before", "since", "until", "during"})
STATEMENT: Final = "STATEMENT"
_HAPPENING: Final = "DEADLINE"  # a verb that tells something coming to pass, not an act
# What a statement reports: "said (that X rejected)", "told them (not to ...)", "said:
# (...)"; not the adjuncts that place it ("before the meeting, X said ...").
_REPORTED: Final = frozenset({"ccomp", "xcomp", "parataxis", "dobj", "advcl", "conj", "acl"})


def find_triggers(ctx: Context, sent: Span) -> list[Trigger]:
    """Verb, adjective, noun and construction triggers of one sentence, one per head word."""
    verbs = _verb_triggers(ctx, sent) + _adjective_triggers(ctx, sent)
    heads = {t.head.i: t for t in verbs}
    nouns = _noun_triggers(ctx, sent, heads)
    for noun in nouns:
        verb = heads.get(noun.clause.i)
        if verb is None:
            continue
        occurs = noun.relation == "occurrence" and verb.type in (noun.type, _HAPPENING)
        if noun.relation == "light" or occurs:
            # "signed a deal" and "the offensive killed" are one event each; "struck a deal"
            # is no attack, "the tariffs take effect" a sanction: the noun decides.
            if verb.type == noun.type:
                noun.words = tuple(sorted({*noun.words, *verb.words}, key=lambda t: t.i))
            del heads[noun.clause.i]
    found = list(heads.values()) + nouns
    taken = {t.head.i for t in found if t.type != STATEMENT} | {
        t.clause.i for t in found if t.type != STATEMENT
    }
    found += _constructions(ctx, sent, taken)
    found += _prior_occurrences(ctx, found)
    found += _occasions(ctx, sent, found)
    return _without_reports(found)


def _prior_occurrences(ctx: Context, found: list[Trigger]) -> list[Trigger]:
    """ "the first talks since a session three weeks ago": "first ... since" tells that an
    earlier occurrence of the same kind took place then. A dated noun after "since" that
    names an occurrence (a trigger noun of the event's type, or "session", "round") is that
    earlier event: the date is its own, never the later event's (which "since" only bounds)."""
    heads = {t.head.i for t in found}
    prior: list[Trigger] = []
    for trigger in found:
        if trigger.type == STATEMENT or trigger.kind != "noun":
            continue
        for prep in (c for w in trigger.words for c in w.children):
            obj = pobj(prep) if prep.dep_ == "prep" and prep.lower_ == "since" else None
            if obj is None or obj.i in heads or obj.pos_ not in _NOUN_TAGS:
                continue
            lemma = lemma_of(obj)
            kinds = {w.type for w in ctx.lex.nouns.get(lemma, ())}
            if (lemma in ctx.lex.quantifiers or trigger.type in kinds) and own_timex(ctx, obj):
                prior.append(
                    Trigger(
                        trigger.type,
                        obj,
                        trigger.clause,
                        (obj,),
                        "noun",
                        forced_mode="happened",
                    )
                )
                heads.add(obj.i)
    return prior


def _occasions(ctx: Context, sent: Span, found: list[Trigger]) -> list[Trigger]:
    """ "Returned home after the summit last week", "spoke following talks on Monday": an
    event noun that only places another event in time ("after", "before", "following",
    "since", "until", "during") is an event of its own when a date goes with it, on the noun
    ("the talks on Monday") or right after its phrase ("after the summit last week"). The
    date is the occasion's, not borrowed from the clause it places; with none the noun stays
    only a time reference."""
    heads = {t.head.i for t in found} | {w.i for t in found for w in t.words}
    occasions: list[Trigger] = []
    for token in sent:
        if token.i in heads or token.pos_ not in _NOUN_TAGS or token.dep_ != "pobj":
            continue
        prep = token.head
        if prep.dep_ != "prep" or prep.lower_ not in _OCCASION_PREPS:
            continue
        words = ctx.lex.nouns.get(lemma_of(token)) or ctx.lex.nouns.get(token.lower_, ())
        word = next((w for w in words if _noun_fits(ctx, token, w)), None)
        if word is None:
            continue
        after = _date_after(ctx, sent, prep)
        if own_timex(ctx, token) is None and after is None:
            continue
        extra = (prep,) if after is None else (prep, after)
        occasions.append(
            Trigger(
                word.type,
                token,
                token,
                (token,),
                "noun",
                "dated",
                forced_mode="happened",
                extra=extra,
            )
        )
        heads.add(token.i)
    return occasions


def _date_after(ctx: Context, sent: Span, prep: Token) -> Token | None:
    """The root of a calendar date that follows a phrase of time at once and hangs higher up
    ("after the summit last week", "before the vote on Friday", where the parser hangs the
    date on the verb)."""
    end = max(t.i for t in prep.subtree) + 1
    for _timex, root in ctx.timexes:
        if not sent.start <= root < sent.end:
            continue
        node = ctx.doc[root]
        phrase = node.head if node.dep_ == "pobj" and node.head.dep_ == "prep" else node
        if phrase.left_edge.i == end and phrase.head in prep.ancestors:
            return node
    return None


def _without_reports(found: list[Trigger]) -> list[Trigger]:
    """No verb that only gives the purpose of an event of its own type, no statement whose
    verb a construction took ("said Ostria must withdraw" is a demand), no statement noun a
    statement verb already tells ("said in a letter on Monday")."""
    others = [t for t in found if t.type != STATEMENT]
    verbs = [t for t in found if t.type == STATEMENT and t.kind == "verb"]
    heads = {(t.type, t.head.i) for t in found}
    kept = []
    for trigger in found:
        above = governor(trigger.clause) if trigger.kind == "verb" else None
        if above is not None and (trigger.type, above.i) in heads:
            continue  # "met to discuss": one meeting, told by its purpose
        if trigger.type == STATEMENT:
            if any(trigger.head.i in (o.head.i, o.clause.i) for o in others):
                continue
            if trigger.kind == "noun" and any(trigger.head in v.head.subtree for v in verbs):
                continue
        kept.append(trigger)
    return kept


def reports(statement: Trigger, other: Trigger) -> bool:
    """Whether a statement tells ``other`` in what it reports ("said (that X rejected ...)",
    "told them (not to ...)", "said (X had issued a report)"), not in an adjunct that places
    it ("before the meeting")."""
    reach = {t.i for c in statement.head.children if c.dep_ in _REPORTED for t in c.subtree}
    return other is not statement and other.head.i in reach


def _verb_triggers(ctx: Context, sent: Span) -> list[Trigger]:
    found = []
    for token in sent:
        if token.pos_ != "VERB" or token.dep_ == "amod":  # "the besieged town"
            continue
        for word in ctx.lex.verbs.get(lemma_of(token), ()):
            words = _verb_fits(ctx, token, word)
            if words is not None:
                found.append(Trigger(word.type, token, token, words, "verb"))
                break
    return found


def _verb_fits(ctx: Context, token: Token, word: TriggerWord) -> tuple[Token, ...] | None:
    """The trigger's words when ``token`` meets the entry's constraints, else None."""
    words = [token]
    particle = None
    if word.particles:
        particle = particle_of(ctx, token, word.particles)
        if particle is None:
            return None
        words.append(particle)
    theme = theme_of(token, particle)
    if theme is not None and lemma_of(theme) in word.not_objects:
        return None
    if word.needs_object and theme is None:
        return None
    if word.objects or word.preps:
        fits_object = any(
            lemma_of(t) in word.objects
            or t.lower_ in word.objects
            or ctx.label(t) in word.object_labels
            for t in _object_heads(ctx, theme)
        )
        fits_prep = any(
            c.dep_ == "prep" and c.lower_ in word.preps and undated_prep(ctx, c)
            for c in token.children
        )
        if not (fits_object or fits_prep):
            return None
    if word.infinitive is not None and has_infinitive(token) != word.infinitive:
        return None
    if word.clause and not any(c.dep_ == "ccomp" for c in token.children):
        return None
    if word.not_infinitives and any(
        c.dep_ == "xcomp" and lemma_of(c) in word.not_infinitives for c in token.children
    ):
        return None  # "asked not to be named" is no demand
    if word.dated and own_timex(ctx, token) is None:
        return None
    return tuple(words)


def _object_heads(ctx: Context, theme: Token | None) -> list[Token]:
    """The object and, behind a quantifier, what it counts: "a barrage of (missiles)"."""
    if theme is None:
        return []
    heads = [theme]
    if lemma_of(theme) in ctx.lex.quantifiers:
        for child in theme.children:
            if child.dep_ == "prep" and child.lower_ == "of" and (obj := pobj(child)) is not None:
                heads.append(obj)
    return heads


def _adjective_triggers(ctx: Context, sent: Span) -> list[Trigger]:
    """ "ready to", "willing to": the copula's clause carries subject and tense."""
    found = []
    for token in sent:
        if token.pos_ != "ADJ" or not has_infinitive(token):
            continue
        for word in ctx.lex.adjectives.get(lemma_of(token), ()):
            clause = token.head if token.dep_ in ("acomp", "attr", "oprd") else token
            found.append(Trigger(word.type, token, clause, (token,), "adj"))
            break
    return found


def _noun_fits(ctx: Context, token: Token, word: TriggerWord) -> bool:
    if word.modifiers or word.object_labels:
        mods = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
        # "a prisoner exchange", "an exchange of prisoners", "the search for a deal"
        preps = {"of"} | word.particles
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in preps and (obj := pobj(prep)) is not None:
                mods.append(obj)
        if not any(
            lemma_of(m) in word.modifiers
            or m.lower_ in word.modifiers
            or ctx.label(m) in word.object_labels
            for m in mods
        ):
            return False
    if word.particles and particle_of(ctx, token, word.particles) is None:
        return False
    return word.infinitive is None or has_infinitive(token) == word.infinitive


def _noun_triggers(ctx: Context, sent: Span, verbs: dict[int, Trigger]) -> list[Trigger]:
    """Nouns that are events: with a light verb, an occurrence verb, or under a trigger."""
    found: list[Trigger] = []
    for token in sent:
        if token.pos_ not in _NOUN_TAGS:
            continue
        words = ctx.lex.nouns.get(lemma_of(token)) or ctx.lex.nouns.get(token.lower_, ())
        for word in words:
            if _noun_fits(ctx, token, word):
                trigger = _noun_link(ctx, token, word.type, verbs)
                if trigger is not None:
                    found.append(trigger)
                    break
    # Nouns under another noun trigger: "a call for a ceasefire", "an offer of talks".
    nouns = {t.head.i: t for t in found}
    for token in sent:
        if token.i in nouns or token.pos_ not in _NOUN_TAGS:
            continue
        for word in ctx.lex.nouns.get(lemma_of(token)) or ctx.lex.nouns.get(token.lower_, ()):
            if _noun_fits(ctx, token, word):
                trigger = _noun_link(ctx, token, word.type, nouns)
                if trigger is not None and trigger.relation == "framed":
                    found.append(trigger)
                    break
    return found


def _noun_link(
    ctx: Context, token: Token, type_: str, governors: dict[int, Trigger]
) -> Trigger | None:
    """How a trigger noun becomes an event: its light verb, its occurrence verb, or the
    trigger that governs it; None when it is only talked about ("the threat of sanctions")."""
    node = noun_phrase_head(ctx, token)
    if node is None:
        return None
    light = ctx.lex.light_verbs.get(type_, frozenset())
    for child in (*token.children, *node.children):
        if child.dep_ == "acl" and lemma_of(child) in light:  # "talks held in Geneva"
            words = (token, child) if child.i == token.i + 1 else (token,)
            return Trigger(type_, token, child, words, "noun", "light", extra=(node.head,))
    head = node.head
    if node.dep_ == "pobj" and head.dep_ == "prep":
        framing = head.lower_ in _FRAMING_PREPS and type_ in ACTION_TYPES
        if framing and head.head.i in governors:  # "called for a ceasefire"
            framer = governors[head.head.i].type
            return Trigger(type_, token, head.head, (token,), "noun", "framed", head.head, framer)
        if head.lower_ in _LIGHT_PREPS and lemma_of(head.head) in light:
            return Trigger(type_, token, head.head, (head.head, token), "noun", "light")
    elif node.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
        if lemma_of(head) in light:
            return Trigger(type_, token, head, (head, token), "noun", "light")
        if head.i in governors and type_ in ACTION_TYPES:
            framer = governors[head.i].type
            return Trigger(type_, token, head, (token,), "noun", "framed", head, framer)
    if node.dep_ in ("nsubj", "nsubjpass"):
        found = _occurrence(ctx, token, head, type_)
        if found is not None:
            return found
    occurs = ctx.lex.occurrence_verbs.get(type_, frozenset())
    for child in token.children:
        if child.dep_ == "relcl" and lemma_of(child) in occurs and not _describes(ctx, child):
            # "the speech that took place on Saturday"
            return Trigger(type_, token, child, (token, child), "noun", "occurrence")
    # "Sunday's talks", "the Oct. 3 vote"; not what another event acts on ("rejected the
    # demand on Wednesday": the date is the rejection's, however the parser hangs it).
    under = head.head if node.dep_ == "pobj" else head
    if under.i not in governors and own_timex(ctx, token) is not None:
        return Trigger(type_, token, token, (token,), "noun", "dated")
    return None


def _describes(ctx: Context, relcl: Token) -> bool:
    """A relative clause in the simple present with no date tells what the thing is, not
    that it happened: "a deal that fails to address the dispute", "a truce that holds"."""
    return (
        relcl.tag_ in ("VBZ", "VBP")
        and not any(c.dep_ in ("aux", "auxpass") for c in relcl.children)
        and not any(ctx.dated[t.i] for t in relcl.subtree)
    )


def _occurrence(ctx: Context, token: Token, verb: Token, type_: str) -> Trigger | None:
    """ "Talks resumed", "the truce held", and raised: "talks are set to resume", "talks
    are expected to be held"."""
    occurs = ctx.lex.occurrence_verbs.get(type_, frozenset())
    light = ctx.lex.light_verbs.get(type_, frozenset())
    if (token.dep_ == "nsubj" or token.head.i != verb.i) and lemma_of(verb) in occurs:
        return Trigger(type_, token, verb, (token, verb), "noun", "occurrence")
    for child in verb.children:
        if child.dep_ != "xcomp":
            continue
        if lemma_of(child) in occurs or (is_passive(child) and lemma_of(child) in light):
            return Trigger(type_, token, child, (token, child), "noun", "occurrence", extra=(verb,))
    return None


def _constructions(ctx: Context, sent: Span, taken: set[int]) -> list[Trigger]:
    found: list[Trigger] = []
    for token in sent:
        if token.pos_ != "VERB" or token.i in taken:
            continue
        trigger = _demand_by_obligation(ctx, token) or _conditional_threat(token)
        if trigger is None:
            trigger = _stated_intention(ctx, token)
        if trigger is not None:
            found.append(trigger)
            taken.add(token.i)
    return found


def _demand_by_obligation(ctx: Context, verb: Token) -> Trigger | None:
    """ "X said (that) Y must withdraw": a demand by X on Y."""
    if lemma_of(verb) not in ctx.lex.speech_verbs:
        return None
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        must = next((a for a in auxiliaries(clause) if a.lower_ in ("must", "should")), None)
        if must is None:
            continue
        target = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return Trigger(
            "DEMAND", verb, verb, (verb,), "construction", forced_target=target, extra=(clause,)
        )
    return None


def _conditional_threat(verb: Token) -> Trigger | None:
    """ "X will walk out unless Y ...": a threat, made now."""
    future = [a for a in auxiliaries(verb) if a.lower_ in MODAL_FUTURE or a.lower_ == "would"]
    if not future:
        return None
    for clause in verb.children:
        if clause.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "unless" for c in clause.children
        ):
            words = tuple(sorted((*future, verb), key=lambda t: t.i))
            return Trigger("THREATEN", verb, verb, words, "construction", forced_mode="happened")
    return None


def _stated_intention(ctx: Context, verb: Token) -> Trigger | None:
    """ "Valdoria will send a delegation": an intention, when a party says what it will do."""
    if lemma_of(verb) in _NOT_INTENT_VERBS or lemma_of(verb) in ctx.lex.speech_verbs:
        return None
    if is_passive(verb):
        return None
    aux = [a for a in auxiliaries(verb) if a.lower_ in MODAL_FUTURE]
    if not aux:
        would = [a for a in auxiliaries(verb) if a.lower_ == "would"]
        if not would or not in_reported_speech(ctx, verb):
            return None
        aux = would
    subject = subject_of(ctx, verb)
    if subject is None or not ctx.party_like(subject):
        return None
    words = tuple(sorted((*aux, verb), key=lambda t: t.i))
    return Trigger("INTEND", verb, verb, words, "construction", forced_mode="planned")
