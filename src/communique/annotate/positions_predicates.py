"""Step 1 of the position finder: the words that state a stance.

A stance predicate is a verb ("demand", "call for", "rule out"), a noun with its holder
("Ostria's offer of a truce"), an adjective ("ready to"), a refusal made with a negated modal
("we will never give up land"), a pledge ("Ostria will release all prisoners"), an obligation in
reported speech ("Valdoria must withdraw", she said), a verdict, an existential or the
consequence a warning frames ("failure to pass X would ..."). Each is read here from one token
and its dependants; what the stance is about, who holds it and on what condition is decided by
:mod:`communique.annotate.positions` from the predicates this module returns.
"""

from __future__ import annotations

from spacy.tokens import Token

from communique.annotate.codebook import Stance
from communique.annotate.positions_grammar import (
    ADJECTIVE_PREPS,
    ANONYMITY,
    CONCEDING,
    FAILING,
    GRANTING,
    HEDGES,
    INCURRING,
    LIGHT_VERBS,
    MODALS,
    MUST,
    NEGATED,
    REPORTING,
    STRIKING,
    SUASIVE,
    WILL,
    WOULD_WISH,
)
from communique.annotate.positions_holders import find_speaker, is_actor, subject_of
from communique.annotate.positions_objects import issue_hits
from communique.annotate.positions_types import Context, Predicate
from communique.annotate.positions_verdicts import (
    called_verdict,
    existential,
    idiom,
    is_negated,
    none_shall_be,
    polarity,
    short_of,
    verdict,
)

__all__ = ["adjective_preps", "hedged", "infinitive", "noun_preps", "predicate"]


def predicate(ctx: Context, token: Token) -> Predicate | None:
    lemma = token.lemma_.lower()
    lexicon = ctx.codebook.stances
    found = _adjective(ctx, token) or _obligation(ctx, token)  # "must agree": a demand
    if found is not None:
        return found
    if token.pos_ == "VERB" and _would_wish(token, lemma):
        return polarity(Predicate(token, "demand", "verb"), token, "want")
    if token.pos_ == "VERB" and (found := _mandative(token, lemma)) is not None:
        return found
    if token.pos_ == "VERB":
        lemma = _verb_lemma(ctx, token, lemma)
        stance = lexicon.stance("verbs", lemma, _attachments(token))
        if stance is not None and not _idle_verb(token, lemma):
            return polarity(Predicate(token, stance, "verb"), token, lemma)
        called = called_verdict(ctx, token) or idiom(token)  # "called the plan unfair"
        if called is not None:
            return called
    elif token.pos_ == "NOUN":
        preps = {c.lower_ for c in noun_preps(token)}
        if any(c.dep_ in ("acl", "xcomp") and infinitive(c) for c in token.children):
            preps.add("to")  # "the attempt to secure", "Ostria's demand to withdraw"
        stance = lexicon.stance("nouns", lemma, preps)
        if stance is not None:
            return polarity(Predicate(token, stance, "noun"), token, lemma)
    return (
        verdict(ctx, token)
        or short_of(ctx, token)
        or _granting(ctx, token)
        or _deal_struck(ctx, token)
        or _commitment(ctx, token)
        or _concession(ctx, token)
        or none_shall_be(ctx, token)
        or _consequence(token)
    )


def _consequence(token: Token) -> Predicate | None:
    """ "Failure to pass the bill would raise the risk of a recession": what failing to do a
    thing would bring is said to have it done, a demand of whoever frames the warning."""
    noun = token.head
    if token.pos_ != "VERB" or token.dep_ != "acl" or not infinitive(token):
        return None
    if noun.lemma_.lower() not in FAILING or noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ in MODALS for c in noun.head.children):
        return None
    return Predicate(token, "demand", "consequence")


def _verb_lemma(ctx: Context, token: Token, lemma: str) -> str:
    """The lemmatiser reads "hopes" and "hoped" as forms of "hop": where its lemma is no stance
    verb, the inflected form with its ending taken off may be."""
    verbs = ctx.codebook.stances.verbs
    if lemma in verbs:
        return lemma
    form = token.lower_
    for ending in ("s", "d", "ed", "es", "ing"):
        stem = form[: -len(ending)]
        for base in (stem, stem + "e"):  # "hoped", "hoping"
            if form.endswith(ending) and base in verbs:
                return base
    return lemma


def noun_preps(token: Token) -> list[Token]:
    """A stance noun's prepositions, and those the parser hung on the light verb that carries
    it ("voiced support in May for X": "for X" belongs to the support)."""
    own = [c for c in token.children if c.dep_ == "prep"]
    head = token.head
    if token.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS:
        own += [c for c in head.children if c.dep_ == "prep" and c.i > token.i]
    return own


def infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def hedged(token: Token) -> bool:
    """ "Would accept", "could support": a stance on offer, not one taken."""
    return any(c.dep_ == "aux" and c.lower_ in HEDGES for c in token.children)


def _would_wish(token: Token, lemma: str) -> bool:
    """ "Would like to see China buy more": a wish under "would" with an infinitive; "likes
    to" alone states a habit, not a demand."""
    if lemma not in WOULD_WISH:
        return False
    would = any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in token.children)
    return would and any(c.dep_ == "xcomp" for c in token.children)


def _adjective(ctx: Context, token: Token) -> Predicate | None:
    """ "Ready to talk", "opposed to any pause"; "ready to accept" accepts."""
    stance = ctx.codebook.stances.stance("adjectives", token.lower_)
    if stance is None or token.tag_ not in ("JJ", "VBN"):
        return None
    verb = next((c for c in token.children if c.dep_ == "xcomp"), None)
    if verb is None and not adjective_preps(token):
        return None
    if (
        verb is not None
        and ctx.codebook.stances.stance("verbs", verb.lemma_, _attachments(verb)) == "accept"
    ):
        stance = "accept"
    if stance == "demand":  # "adamant about not signing off on X": the insisted-on stance
        stance = _insisted(ctx, token, verb) or stance
    copula = token.head if token.dep_ == "acomp" else token
    return polarity(Predicate(token, stance, "adj"), copula, token.lemma_.lower())


def adjective_preps(token: Token) -> list[Token]:
    """An adjective's prepositions ("wary of X"), and those the parser hung on its copula after
    it ("remain sceptical, for now, about X": "about X" is what the doubt is about)."""
    own = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ADJECTIVE_PREPS]
    if token.dep_ != "acomp":
        return own
    return own + [
        c
        for c in token.head.children
        if c.dep_ == "prep" and c.lower_ in ADJECTIVE_PREPS and c.i > token.i
    ]


def _mandative(token: Token, lemma: str) -> Predicate | None:
    """ "She suggested that the board drop the plan": a verb of advising with a that-clause in
    the bare (subjunctive) form asks for what the clause says; under a past-tense verb a
    present-tense clause ("suggested that they focus on X") can only be that form, while
    "suggested that talks were near" reports an opinion."""
    if lemma not in SUASIVE or token.pos_ != "VERB":
        return None
    for clause in token.children:
        if clause.dep_ != "ccomp" or any(c.dep_ in ("aux", "auxpass") for c in clause.children):
            continue
        bare = clause.tag_ == "VB" or (clause.tag_ == "VBP" and token.tag_ == "VBD")
        if bare and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
            return polarity(Predicate(token, "demand", "verb"), token, lemma)
    return None


def _insisted(ctx: Context, adjective: Token, verb: Token | None) -> Stance | None:
    """The stance a word of insistence ("determined to", "adamant about") carries over from
    the stance verb it governs, turned around when that verb is negated."""
    inner = verb or next(
        (
            g
            for c in adjective.children
            if c.dep_ == "prep"
            for g in c.children
            if g.dep_ == "pcomp"
        ),
        None,
    )
    if inner is None:
        return None
    stance = ctx.codebook.stances.stance("verbs", inner.lemma_.lower(), _attachments(inner))
    if stance is None or not is_negated(inner):
        return stance
    return NEGATED.get(stance, stance)


def _attachments(token: Token) -> set[str]:
    """What a verb's codebook entry may need: its particles and prepositions, "to" for an
    infinitive, "that" for a clause, "*" for a direct object."""
    found = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "advmod")}
    deps = {c.dep_ for c in token.children}
    if "xcomp" in deps:
        found.add("to")
    if "ccomp" in deps:
        found.add("that")
    if deps & {"dobj", "dative", "nsubjpass"}:
        found.add("*")
    return found


def _idle_verb(token: Token, lemma: str) -> bool:
    """ "Asked not to be named" and "warned of delays" state no position."""
    if any(c.dep_ == "xcomp" and c.lemma_ in ANONYMITY for c in token.children):
        return True
    if lemma != "warn":
        return False
    words = {t.lower_ for t in token.subtree}
    if words & {"unless", "otherwise", "consequences", "retaliation", "retaliate"}:
        return False
    return not ("if" in words and bool(words & {"will", "would", "'ll"}))


def _obligation(ctx: Context, token: Token) -> Predicate | None:
    """ "Ostria must withdraw first," he said: the speaker's demand (with "first" a condition),
    whoever the grammatical subject is ("we must" too: we demand it of ourselves and others)."""
    if token.pos_ not in ("VERB", "AUX") or existential(token):
        return None
    modal = any(c.dep_ == "aux" and c.lower_ in MUST for c in token.children)
    obliged = (
        token.dep_ == "xcomp"
        and (token.head.lemma_ in ("have", "need") or _have_got(token.head))
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )
    if not (modal or obliged) or find_speaker(ctx, token) is None:
        return None
    around = [*token.children, *(token.head.children if obliged else ())]
    ultimatum = any(_ultimatum(ctx, c) for c in around if c.dep_ == "cc" and c.lower_ == "or")
    first = any(c.lower_ == "first" for c in around)
    stance: Stance = "condition" if first or ultimatum else "demand"
    subject = subject_of(token)
    if subject and not is_actor(ctx, subject[0]) and issue_hits(ctx, list(subject[0].subtree)):
        stance = "condition"  # "Any truce would have to include ..."
    if modal and is_negated(token):  # "Congress should not raise taxes": a rejection
        return Predicate(token, "reject", "must", True)
    return Predicate(token, stance, "must")


def _ultimatum(ctx: Context, alternative: Token) -> bool:
    """ "It has got to be good for workers or we walk away", "must withdraw or face
    sanctions": an "or" followed by a refusal, a threat or a penalty turns what must be into a
    condition ("must withdraw or pull back" offers two ways to meet one demand)."""
    stances = ctx.codebook.stances
    for token in alternative.doc[alternative.i + 1 : alternative.sent.end]:
        if token.pos_ != "VERB":
            continue
        if token.lemma_.lower() in INCURRING:
            return True
        if stances.stance("verbs", token.lemma_.lower(), _attachments(token)) in (
            "reject",
            "threaten",
        ):
            return True
    return False


def _have_got(verb: Token) -> bool:
    """ "Has got to be": "got" with "have" as its auxiliary says what must be."""
    auxiliaries = (c.lemma_ for c in verb.children if c.dep_ == "aux")
    return verb.lemma_ == "get" and "have" in auxiliaries


def _commitment(ctx: Context, token: Token) -> Predicate | None:
    """ "We will never give up our land" rejects; "Ostria will release all prisoners" pledges
    (an offer): a modal commitment by an actor."""
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() in REPORTING:
        return None
    negated = is_negated(token)
    modals = {c.lower_ for c in token.children if c.dep_ == "aux"}
    never = any(c.lower_ == "never" for c in token.children) and token.tag_ in ("VBP", "VBZ")
    pred: Predicate | None = None
    if negated and (modals & MODALS or never):
        pred = Predicate(token, "reject", "refusal", True)
    elif not negated and modals & WILL:
        stance = ctx.codebook.stances.stance("pledges", token.lemma_.lower())
        pred = Predicate(token, stance, "pledge") if stance is not None else None
    subject = subject_of(token)
    if pred is None or not subject or not is_actor(ctx, subject[0]):
        return None
    return pred if _asserted(ctx, token) else None


def _deal_struck(ctx: Context, token: Token) -> Predicate | None:
    """ "Ostria struck a deal with Valdoria", "the deal Ostria reached": making an agreement
    accepts it (the nouns are the codebook's accepting nouns: "deal", not "talks")."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in STRIKING:
        return None
    nouns = [c for c in token.children if c.dep_ == "dobj"]
    if token.dep_ == "relcl":
        nouns.append(token.head)
    stances = ctx.codebook.stances
    if is_negated(token) or not any(
        stances.stance("nouns", n.lemma_.lower(), set()) == "accept" for n in nouns
    ):
        return None  # "has not reached a deal": no agreement yet, not a refusal
    return Predicate(token, "accept", "verb")


def _granting(ctx: Context, token: Token) -> Predicate | None:
    """ "The party should give the president what he wants on taxes": granting someone what
    they ask for accepts their demand (refusing to is a rejection)."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in GRANTING:
        return None
    wanted = [
        c
        for c in token.children
        if c.dep_ in ("ccomp", "dobj")
        and c.pos_ == "VERB"
        and any(g.lower_ == "what" and g.dep_ == "dobj" for g in c.children)
        and ctx.codebook.stances.stance("verbs", c.lemma_.lower(), _attachments(c)) == "demand"
    ]
    subject = subject_of(token)
    if not wanted or not subject or not is_actor(ctx, subject[0]):
        return None
    return polarity(Predicate(token, "accept", "verb"), token, "give")


def _concession(ctx: Context, token: Token) -> Predicate | None:
    """ "The ministry lifted the ban on imports", "the president cancelled the tariff rise": a
    measure against the other side taken back is a concession made, an offer (what is
    cancelled must be a measure: the caller keeps no issue of how the talks run)."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in CONCEDING or is_negated(token):
        return None
    aux = {c.lower_ for c in token.children if c.dep_ == "aux"}
    done = token.tag_ == "VBD" or (token.tag_ == "VBN" and bool(aux & {"has", "have", "had"}))
    measure = next((c for c in token.children if c.dep_ == "dobj"), None)
    if not done or aux & MODALS or measure is None or _meeting(ctx, measure):
        return None
    subject = subject_of(token)
    if not subject or not is_actor(ctx, subject[0]) or not _asserted(ctx, token):
        return None
    return Predicate(token, "offer", "concession")


def _meeting(ctx: Context, noun: Token) -> bool:
    """ "Cancelled the tariff talks": a meeting called off, whatever it was to be about."""
    process = {i.id for i in ctx.codebook.issues if i.process}
    return any(h.issue in process for h in ctx.codebook.match([(noun.lower_, noun.lemma_)]))


def _asserted(ctx: Context, token: Token) -> bool:
    """ "Kabul ensured that the fighters would not return": a modal clause under a verb that
    is not one of speaking (ensure, expect, fear) is someone else's account of what will
    happen, not a commitment its subject made."""
    clause = token
    while clause.dep_ in ("conj", "xcomp") and clause.head is not clause:
        clause = clause.head
    return clause.dep_ != "ccomp" or clause.head.lemma_.lower() in REPORTING | _OPINION


_OPINION = frozenset({"think", "believe", "feel"})  # "we think we will not sign": our stance
