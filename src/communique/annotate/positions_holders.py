"""Who holds a position and which side they speak for (step 4 of the position finder).

A stance predicate names its holder in many ways: a subject, an agent, a possessor ("Ostria's
offer"), a pronoun whose antecedent is a sentence or two back, "we" meaning the quoted
speaker, or no one at all when the sentence reports speech ("X must withdraw", she said).
Resolving that, and then the party the holder speaks for (from the caller's entity
resolution, the gazetteer, or cue words such as "Valdorian officials"), is one concern with
its own helpers, kept here so :mod:`communique.annotate.positions` reads as the cascade.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from spacy.tokens import Token

from communique.annotate.entities import ROLE_HEADS, fold_name
from communique.annotate.positions_grammar import (
    ACTOR_LABELS,
    AUTHORING,
    COMMITTING,
    DROPPED_WORDS,
    FIRST_PERSON,
    LIGHT_VERBS,
    NOBODY,
    PERSON_PRONOUNS,
    PRONOUN_REACH,
    PRONOUNS,
    RELATIVE,
    REPORTING,
    SELF_NOUNS,
    STRIKING,
)
from communique.annotate.positions_types import Context, Holder, Predicate

__all__ = [
    "find_holder",
    "find_holders",
    "find_party",
    "find_speaker",
    "is_actor",
    "named",
    "subject_of",
]


_DATELINE_MARKS: Final = frozenset({"-", "–", "—", "--", "("})


def subject_of(token: Token) -> list[Token]:
    """The subject (with its conjuncts) a predicate's stance belongs to: its own, its agent's,
    or, for "ready to" or a second verb in a row, the one it shares."""
    current, came_from = token, None
    for _ in range(6):
        if _past_after_present(current, came_from):
            # "said growth would follow if Congress passes it and urged ...": the past verb
            # goes with the past verb above the condition, not with "passes"
            above = next((a for a in current.ancestors if a.tag_ == "VBD"), None)
            return subject_of(above) if above is not None else []
        controller = _controller(current, came_from)
        if controller:
            return controller
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj")]
        agents = [g for c in current.children if c.dep_ == "agent" for g in c.children]
        if subjects or agents:
            # "DES MOINES – Jan Rova urged": the parser may give a dateline as a second
            # subject; the subject is the one nearest the verb
            head = (subjects or agents)[0]
            if _is_dateline(head) and len(subjects) > 1:
                head = subjects[1]
            if head.lower_ in RELATIVE and current.dep_ == "relcl":
                return [_antecedent(head, current.head)]
            return [head, *(c for c in head.children if c.dep_ == "conj")]
        passive = [c for c in current.children if c.dep_ == "nsubjpass"]
        if passive and came_from is not None and came_from.dep_ == "xcomp":
            return passive  # "the union is expected to push for": the union pushes
        if passive or any(c.dep_ == "auxpass" for c in current.children):
            return []
        if current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ == "VBG"):
            head = current.head  # "a statement demanding ...": whoever issued the statement
            if head.dep_ == "attr" and head.head.lemma_ in ("be", "become", "remain"):
                return subject_of(head.head) or [head]  # "became the first to back X"
            if current.dep_ == "acl" and head.dep_ == "dobj" and head.pos_ == "NOUN":
                return subject_of(head.head) or [head]
            if current.dep_ == "acl" and head.dep_ == "pobj" and head.head.dep_ == "prep":
                # "signed onto a letter vowing to ...": whoever signed onto it
                return subject_of(head.head.head) or [head]
            return [head]
        # "argues that X, and has called for Y": the parser may hang the second verb on the
        # clause; a subjectless clause then shares the subject above it
        shares = current.dep_ == "ccomp" and came_from is not None and came_from.dep_ == "conj"
        if current.dep_ not in ("xcomp", "conj", "acomp", "advcl") and not shares:
            return []
        if current.head == current:
            return []
        current, came_from = _set_off_clause_head(current), current
    return []


def _set_off_clause_head(clause: Token) -> Token:
    """ "Accused the union of being vague, while insisting that ...": the parser may hang a
    clause set off by a comma on the gerund after a preposition, whose subject is someone
    else; set off, it goes with the verb the preposition belongs to."""
    head = clause.head
    if clause.dep_ != "advcl" or head.dep_ != "pcomp" or head.head.dep_ != "prep":
        return head
    before = clause.left_edge.i - 1
    if before < 0 or clause.doc[before].text != "," or before <= head.i:
        return head
    above = head.head.head
    return above if above.pos_ in ("VERB", "AUX") else head


def _past_after_present(verb: Token, came_from: Token | None) -> bool:
    """A past-tense verb the parser joined to a present-tense one inside a condition."""
    return (
        came_from is not None
        and came_from.dep_ == "conj"
        and came_from.tag_ == "VBD"
        and verb.tag_ in ("VBZ", "VBP")
        and verb.dep_ == "advcl"
    )


def _controller(verb: Token, came_from: Token | None) -> list[Token]:
    """ "Persuaded the senators to back the bill": the senators back it (object control);
    "promised them to ..." is the promiser's commitment, so verbs of committing keep theirs."""
    if came_from is None or came_from.dep_ != "xcomp" or verb.lemma_.lower() in COMMITTING:
        return []
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return [obj, *(c for c in obj.children if c.dep_ == "conj")] if obj is not None else []


def _antecedent(relative: Token, attached: Token) -> Token:
    """What "who" stands for: the parser may hang "..., who refused" on an earlier noun ("talks
    with the rebels, who refused"), but "who" names the person or group written just before it."""
    if relative.lower_ != "who":
        return attached
    before = relative.i - 1
    while before >= relative.sent.start and relative.doc[before].is_punct:
        before -= 1
    if before < relative.sent.start or relative.doc[before].pos_ not in ("NOUN", "PROPN"):
        return attached
    noun = relative.doc[before]
    if _place_of(noun) == attached:
        return attached  # "Senator Jan Ro of Ostria, who ...": the senator, not the place
    return noun.head if noun.dep_ == "compound" and noun.head.i > noun.i else noun


def _place_of(noun: Token) -> Token | None:
    """The person or group a place qualifies ("Governor Jan Ro of Ostria"): a place after
    "of" says where they are from, and "who" stands for them, not for it."""
    if noun.ent_type_ not in ("GPE", "LOC") or noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return None
    return noun.head.head


def find_holders(ctx: Context, pred: Predicate) -> list[tuple[Holder, str | None]]:
    """(holder, speaker) pairs for a predicate; none when nobody can be named."""
    speaker = find_speaker(ctx, pred.token)
    if pred.kind in ("must", "verdict", "existential", "shortfall"):
        return [(_speaker_holder(ctx, pred.token, speaker), speaker)] if speaker else []
    if pred.kind == "consequence":
        return _framing_holder(ctx, pred.token, speaker)
    heads: list[Token] = []
    if pred.kind != "noun":
        heads = subject_of(pred.token)
        if not heads and pred.kind == "adj":  # "Ostria is opposed to ..."
            heads = [c for c in pred.token.children if c.dep_ == "nsubjpass"]
    else:
        for child in pred.token.children:
            if child.dep_ == "poss":
                heads = [child]
            elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
                heads = [g for g in child.children if g.dep_ == "pobj"]
        if not heads:  # "a US proposal", "Chinese pledges": the modifier names the holder
            heads = [
                c
                for c in pred.token.children
                if c.dep_ in ("compound", "amod", "nmod")
                and ctx.mentions[c.i] is not None
                and ctx.mentions[c.i].label in ACTOR_LABELS  # type: ignore[union-attr]
            ][:1]
        head = pred.token.head
        if not heads and pred.token.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS:
            heads = subject_of(head)  # "Ostria put forward an offer"
        if not heads and pred.token.dep_ == "attr" and head.lemma_ == "be" and speaker:
            # "a pay rise is our first demand," the union said: the speaker names it so
            return [(_speaker_holder(ctx, pred.token, speaker), speaker)]
    if pred.kind == "verb" and pred.token.lemma_.lower() in STRIKING:
        heads += _partners(pred.token)  # "struck a deal with Valdoria": Valdoria accepts too
    # Only someone who can negotiate holds a stance: "the letter demands" names no one.
    found = [(find_holder(ctx, h, speaker), speaker) for h in heads]
    return [(h, s) for h, s in found if h is not None]


def _partners(verb: Token) -> list[Token]:
    """Who a deal is made with: "struck a deal with X" (on the verb or on the deal)."""
    nouns = [c for c in verb.children if c.dep_ == "dobj"]
    withs = [
        c for h in (verb, *nouns) for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
    ]
    return [g for c in withs for g in c.children if g.dep_ == "pobj"]


def _framing_holder(
    ctx: Context, token: Token, speaker: str | None
) -> list[tuple[Holder, str | None]]:
    """ "X warned that failure to pass the bill would ...": the speaker, or the actor whose
    clause frames the consequence (warning verbs are not all reporting verbs)."""
    if speaker:
        return [(_speaker_holder(ctx, token, speaker), speaker)]
    for above in token.head.head.ancestors:
        subjects = subject_of(above)
        if subjects and is_actor(ctx, subjects[0]):
            found = find_holder(ctx, subjects[0], None)
            return [(found, None)] if found is not None else []
    return []


def _speaker_holder(ctx: Context, token: Token, speaker: str) -> Holder:
    """The speaker as a holder, read where the sentence names them when it does ("China's
    commerce ministry said": the possessor gives the side the bare name lacks)."""
    reporter = _reporting_subject(token)
    if reporter is not None and (reporter.pos_ != "PRON" or reporter.lower_ in _GROUP_WORDS):
        found = find_holder(ctx, reporter, None)
        if found is not None and speaker in found.name:
            return Holder(speaker, found.tokens, found.mention)
    return named(ctx, speaker)


def find_holder(
    ctx: Context, head: Token, speaker: str | None, *, strict: bool = True, depth: int = 0
) -> Holder | None:
    """The actor a subject names; a stance word's subject may be any noun ("the forum agreed"),
    a grammatical pattern's must look like an actor. A pronoun leads to the subject of the
    reporting verb above it, which may hold a pronoun again: ``depth`` bounds that chain."""
    if depth > _MAX_PRONOUN_HOPS:
        return None
    partitive = head.lower_ == "one" and head.pos_ == "NUM"  # "one of the senators"
    if (head.tag_ in ("WP", "WDT", "DT", "JJS") or partitive) and head.lower_ not in PRONOUNS:
        part = _part_of(head)  # "some of the party's members": the members
        if part is None and head.lower_ in _GROUP_WORDS:
            # "The party is split. Some say ...": some of the group named just before
            return _pronoun_holder(ctx, head, speaker, depth=depth)
        if part is None:
            return None  # "who" left unresolved: nobody in particular
        return find_holder(ctx, part, speaker, strict=strict, depth=depth + 1)
    if head.pos_ == "PRON" or (head.lower_ in PRONOUNS and not head.is_upper):  # not "US"
        return _pronoun_holder(ctx, head, speaker, depth=depth)
    if _is_dateline(head):  # "DENVER – Jan Rova urged ...": the parser's subject is the place
        actual = next((c for c in head.children if c.dep_ == "appos"), None)
        return find_holder(ctx, actual, speaker, strict=strict, depth=depth + 1) if actual else None
    mention = ctx.mentions[head.i]
    if mention is not None and mention.label in ACTOR_LABELS:
        return Holder(" ".join(mention.text.split()), (head.i, *_owners(ctx, head)), mention)
    for child in head.children:
        other = ctx.mentions[child.i] if child.dep_ == "appos" else None
        if other is not None and other.label in ("PERSON", "ORG"):  # "the envoy, Jan Ro,"
            return Holder(" ".join(other.text.split()), (child.i,), other)
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if owner is not None and head.lemma_.lower() in SELF_NOUNS:
        # "his country is ready": he speaks for it
        return _pronoun_holder(ctx, owner, speaker, depth=depth)
    titled = _titled_person(ctx, head) or _named_group(ctx, head)
    if titled is not None:
        return titled
    author = _author(ctx, head) or _document_author(ctx, head)
    if author is not None:  # "the GOP plan calls for": the GOP
        return find_holder(ctx, author, speaker, strict=strict, depth=depth + 1)
    # Only someone who can negotiate holds a position: "the letter" or "legislation" cannot.
    if not is_actor(ctx, head) and (strict or head.pos_ != "PROPN"):
        return None
    keep = {head.i}
    for child in head.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i < head.i:
            keep.update(t.i for t in child.subtree)
    words = [ctx.doc[i] for i in sorted(keep) if ctx.doc[i].lower_ not in DROPPED_WORDS]
    name = " ".join(t.text for t in words if t.dep_ != "case")
    # "the wings of the Republican Party": the group named after "of" says whose they are;
    # "critics of the party" are not the party's, only its parts and office-holders are
    a_part = head.lemma_.lower() in _GROUP_HEADS or head.lemma_.lower() in ROLE_HEADS
    whose = [
        t.i
        for c in head.children
        if a_part and c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
        for t in g.subtree
        if ctx.mentions[t.i] is not None
    ]
    return Holder(name, (*(t.i for t in words), *whose)) if name else None


def _author(ctx: Context, head: Token) -> Token | None:
    """A thing that cannot negotiate (a plan, a letter, a bill) named with the actor it is
    from ("the Republican plan", "Ostria's proposal") speaks for that actor."""
    if head.pos_ != "NOUN" or is_actor(ctx, head):
        return None
    for child in head.children:
        mention = ctx.mentions[child.i]
        if (
            child.dep_ in ("poss", "compound", "amod", "nmod")
            and child.i < head.i
            and mention is not None
            and mention.label in ACTOR_LABELS
        ):
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):  # "a letter from X"
            found = next((g for g in child.children if g.dep_ == "pobj"), None)
            if found is not None and is_actor(ctx, found):
                return found
    return None


def _document_author(ctx: Context, head: Token) -> Token | None:
    """A text that cannot negotiate speaks for whoever wrote or released it: "senators are
    drafting a letter that would block X" (the drafters), and "X will release a plan on
    Monday. The document calls for Y" (a definite text just after one is released)."""
    if head.pos_ != "NOUN" or is_actor(ctx, head):
        return None
    if head.dep_ == "dobj" and head.head.lemma_.lower() in AUTHORING:
        subjects = subject_of(head.head)
        return subjects[0] if subjects and is_actor(ctx, subjects[0]) else None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
        return None
    first = head.sent.start
    for _ in range(PRONOUN_REACH):
        first = ctx.doc[first - 1].sent.start if first > 0 else first
    for i in range(head.sent.start - 1, first - 1, -1):
        text = ctx.doc[i]
        if text.dep_ == "dobj" and text.pos_ == "NOUN" and text.head.lemma_.lower() in AUTHORING:
            subjects = subject_of(text.head)
            if subjects and not is_actor(ctx, text) and is_actor(ctx, subjects[0]):
                return subjects[0]
    return None


def _part_of(head: Token) -> Token | None:
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None or head.lower_ not in NOBODY:
        return None
    return next((c for c in of.children if c.dep_ == "pobj"), None)


def _titled_person(ctx: Context, head: Token) -> Holder | None:
    """ "The president", "the speaker": the person last named with that title before."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or ctx.mentions[head.i] is not None:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    title = head.lemma_.lower()
    for i in range(head.i - 1, -1, -1):
        mention = ctx.mentions[i]
        role = (mention.role or "").split() if mention is not None else []
        if mention is not None and mention.label == "PERSON" and role and role[-1].lower() == title:
            return Holder(" ".join(mention.text.split()), (i,), mention)
    return None


def _named_group(ctx: Context, head: Token) -> Holder | None:
    """ "The party", "the administration": the group last named with that head noun before
    ("the Federalist Party", "the Rova administration"), or for a party or caucus the party
    last named at all ("Republicans ... the party"), which the gazetteer knows as one."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or ctx.mentions[head.i] is not None:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    noun = head.lemma_.lower()
    for i in range(head.i - 1, -1, -1):
        mention = ctx.mentions[i]
        if mention is None or mention.label not in ACTOR_LABELS or mention.label == "PERSON":
            continue
        text = " ".join(mention.text.split())
        if text.split()[-1].casefold() == noun or (noun in _PARTY_NOUNS and _is_party(ctx, text)):
            return Holder(text, (i,), mention)
    return None


def _is_party(ctx: Context, name: str) -> bool:
    entry = ctx.gazetteer.lookup(name)
    if entry is None or not entry.party:
        return False
    if entry.kind == "party":
        return True
    own = ctx.gazetteer.lookup(entry.party)
    return entry.kind == "demonym" and own is not None and own.kind == "party"


def _is_dateline(token: Token) -> bool:
    """A place heading its sentence and followed by a dash ("DENVER –", "Kyiv —") is where
    the story was filed, never who holds a stance."""
    start = token.sent.start
    if token.left_edge.i != start or token.i - start > 3 or token.i + 1 >= len(token.doc):
        return False
    if token.doc[token.i + 1].text not in _DATELINE_MARKS:
        return False
    # "Ostria – and its allies – rejected" is no dateline: one is in capitals or opens the text
    return token.is_upper or start == 0


def named(ctx: Context, name: str) -> Holder:
    """A speaker's name as a holder, with the mention that carries its side cue."""
    i = ctx.named.get(name)
    if i is None:
        return Holder(name)
    mention = ctx.mentions[i]
    root = ctx.doc[i]
    while mention is not None and root.head.i != root.i and ctx.mentions[root.head.i] is mention:
        root = root.head
    return Holder(name, (i, *_owners(ctx, root)), mention)


def _owners(ctx: Context, head: Token) -> list[int]:
    """ "China's commerce ministry": a name modifying the holder's name says whose it is."""
    mention = ctx.mentions[head.i]
    return [
        c.i
        for c in head.children
        if c.dep_ in ("poss", "compound", "amod", "nmod")
        and c.i < head.i
        and ctx.mentions[c.i] not in (None, mention)
    ]


def is_actor(ctx: Context, token: Token) -> bool:
    mention = ctx.mentions[token.i]
    if mention is not None:
        return mention.label in ACTOR_LABELS
    if token.pos_ == "PRON":
        return token.lower_ in PRONOUNS
    lemma = token.lemma_.lower()
    if lemma in ctx.codebook.stances.actors or lemma in ROLE_HEADS or token.lower_ in ROLE_HEADS:
        return True
    return token.pos_ == "PROPN" or ctx.gazetteer.lookup(token.text) is not None


def _is_person(ctx: Context, token: Token) -> bool:
    mention = ctx.mentions[token.i]
    if mention is not None:
        return mention.label == "PERSON"
    return token.lemma_.lower() in ROLE_HEADS or token.lower_ in PERSON_PRONOUNS


def _pronoun_holder(ctx: Context, head: Token, speaker: str | None, *, depth: int) -> Holder | None:
    """ "We" is the speaker; "she"/"it" the subject of the reporting verb above ("the ministry
    said it was ready"), else the nearest person (or other actor) named just before."""
    if head.lower_ in FIRST_PERSON:
        return named(ctx, speaker) if speaker else None
    people = head.lower_ in PERSON_PRONOUNS
    reporter = _reporting_subject(head)
    if reporter is not None and reporter.lower_ == "one" and _part_of(reporter) is not None:
        return find_holder(ctx, reporter, None, depth=depth + 1)  # "one of them said he ..."
    if reporter is not None and reporter.lower_ == head.lower_ and reporter.i < head.i:
        # "She said X had a chance and named the terms she would seek": both "she" are one
        return find_holder(ctx, reporter, speaker, depth=depth + 1)
    if reporter is not None and reporter.pos_ != "PRON" and _is_person(ctx, reporter) == people:
        found = find_holder(ctx, reporter, None, depth=depth + 1)
        if found is not None:
            return found
    bound = _binding_subject(ctx, head, people=people)
    if bound is not None:
        found = find_holder(ctx, bound, None, depth=depth + 1)
        if found is not None:
            return found
    previous = None if people else _previous_subject(ctx, head)
    if previous is not None:
        found = find_holder(ctx, previous, None, depth=depth + 1)
        if found is not None:
            return found
    first = head.sent.start
    for _ in range(PRONOUN_REACH):
        first = ctx.doc[first - 1].sent.start if first > 0 else first
    plural = head.lower_ in ("they", "them", "their", "theirs") or head.lower_ in _GROUP_WORDS
    for i in range(head.i - 1, first - 1, -1):
        token, mention = ctx.doc[i], ctx.mentions[i]
        if token.dep_ == "amod":
            continue  # "their Democratic counterparts": the counterparts, not the party
        if (
            plural
            and token.tag_ not in ("NNS", "NNPS")
            and (mention is None or mention.label != "NORP")
        ):
            continue  # "they" are several: not "Medicaid", but "Republican leaders"
        if mention and mention.label in ACTOR_LABELS and (mention.label == "PERSON") == people:
            return Holder(" ".join(mention.text.split()), (i,), mention)
        if plural and mention is None and token.pos_ == "NOUN" and is_actor(ctx, token):
            found = find_holder(ctx, token, None, depth=depth + 1)
            if found is not None:
                return found
    return None


def _previous_subject(ctx: Context, pronoun: Token) -> Token | None:
    """ "The union met on Monday. It rejected the offer": a subject "it" ("they") opening a
    sentence continues the previous sentence's subject when that is an actor of the same
    number named by a common noun, and no other thing of that number in that sentence could
    be meant ("The union signed the deal. It cuts pay": "it" may be the deal)."""
    if pronoun.dep_ != "nsubj" or pronoun.head.dep_ != "ROOT" or pronoun.sent.start == 0:
        return None
    plural = pronoun.lower_ == "they"
    if pronoun.lower_ not in ("it", "they"):
        return None
    before = ctx.doc[pronoun.sent.start - 1].sent
    number = ("NNS", "NNPS") if plural else ("NN", "NNP")
    nouns = [
        t
        for t in before
        if t.tag_ in number and t.dep_ in ARGUMENT_DEPS and t.ent_type_ not in _NO_REFERENT
    ]
    subject = next((t for t in nouns if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
    if subject is None or subject.pos_ != "NOUN" or len(nouns) != 1:
        return None
    return subject if is_actor(ctx, subject) else None


def _binding_subject(ctx: Context, pronoun: Token, *, people: bool) -> Token | None:
    """ "A senator suggested that his party should yield": "his" is the senator, the subject
    of the clause above the pronoun's own (when it is a person, or not, as the pronoun is)."""
    for anc in pronoun.ancestors:
        subject = next((c for c in anc.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.left_edge.i <= pronoun.i <= subject.right_edge.i:
            continue
        if subject.pos_ == "PRON" or not is_actor(ctx, subject):
            return None
        return subject if _is_person(ctx, subject) == people else None
    return None


def _reporting_subject(token: Token) -> Token | None:
    """The subject of the reporting verb above ``token``, unless ``token`` is part of it
    ("its government said": "its" cannot point to its own phrase)."""
    for anc in token.ancestors:
        if anc.lemma_.lower() in REPORTING:
            subject = subject_of(anc)
            inside = bool(subject) and subject[0].left_edge.i <= token.i <= subject[0].right_edge.i
            return subject[0] if subject and not inside else None
    return None


def find_speaker(ctx: Context, token: Token) -> str | None:
    """Who is speaking where ``token`` stands: a quote's speaker, or a reporting verb's subject."""
    quote = ctx.quote_of[token.i]
    if quote is not None:
        name = quote.speaker or quote.source
        if not name or name.lower() in PRONOUNS or name.lower() in NOBODY:
            return _group_speaker(ctx, token)  # "who said": no one the reader could name
        name = " ".join(name.split())
        return name if _may_speak(ctx, name) else None
    subject = _reporting_subject(token)
    if subject is None:
        return None
    if subject.pos_ == "PRON":
        if subject.lower_ in FIRST_PERSON:
            return None
        found = _pronoun_holder(ctx, subject, None, depth=0)
    else:
        found = find_holder(ctx, subject, None)
    return found.name if found is not None else None


def _group_speaker(ctx: Context, token: Token) -> str | None:
    """ "Some say Congress should act": some of the group named just before, when there is
    one; "who said" and a bare pronoun stay unnamed here."""
    subject = _reporting_subject(token)
    if subject is None or subject.lower_ not in _GROUP_WORDS:
        return None
    found = find_holder(ctx, subject, None)
    return found.name if found is not None else None


def _may_speak(ctx: Context, name: str) -> bool:
    """ "The letter goes on: ..." quotes a document, whose authors the sentence does not name:
    a speaker written in lower case must be someone who can negotiate ("the senator")."""
    words = name.split()
    if ctx.named.get(name) is not None or any(w[:1].isupper() for w in words[1:] or words):
        return True
    last = words[-1].casefold()
    return (
        last in ctx.codebook.stances.actors
        or last.rstrip("s") in ctx.codebook.stances.actors
        or last in ROLE_HEADS
    )


def find_party(ctx: Context, holder: Holder) -> str | None:
    """The side a holder speaks for: the caller's resolution, then the gazetteer, then the
    words around the holder ("Valdorian officials", "Valdoria's president")."""
    found = ctx.party_of(holder.name) or _known_party(ctx, holder.name)
    if found:
        return found
    mention = holder.mention
    cues = [mention.party_cue] if mention is not None and mention.party_cue else []
    if mention is not None and mention.label == "NORP":
        cues.append(mention.text)  # "the Valdorians"
    for i in holder.tokens:
        other = ctx.mentions[i]
        if other is not None and other is not mention:
            cues.append(other.text)
        elif other is None and ctx.doc[i].text[:1].isupper() and not _opening_word(ctx, i):
            cues.append(ctx.doc[i].text)
    cues.extend(_group_of(ctx, holder))
    for cue in cues:
        found = _cue_party(ctx, cue)
        if found:
            return found
    if mention is not None and mention.label == "GPE" and not ctx.gazetteer.no_side(holder.name):
        return holder.name  # a country or region not in the gazetteer speaks for itself
    return None


def _opening_word(ctx: Context, i: int) -> bool:
    """A word capitalised only because it opens the sentence, which the document writes in
    lowercase elsewhere: "Conservative members said" beside "conservative lawmakers" is an
    ideology, not a party's name."""
    token = ctx.doc[i]
    opening = all(t.is_punct for t in ctx.doc[token.sent.start : i])
    # The word itself is capitalised, so a lowercase spelling is always another token's.
    return opening and token.text != token.lower_ and ctx.writes_lowercase(token.lower_)


_GROUP_HEADS: Final = frozenset(
    {"member", "leader", "wing", "faction", "delegation", "bloc", "caucus", "majority", "minority"}
)


def _group_of(ctx: Context, holder: Holder) -> list[str]:
    """ "Hardline members of the Valdorian caucus": the named group a holder is part of, whose
    side is the holder's when its own words name none ("critics of X" is not a part of X)."""
    inside = set(holder.tokens)
    heads = [ctx.doc[i] for i in holder.tokens if ctx.doc[i].head.i not in inside]
    found = []
    for head in heads:
        if head.lemma_.lower() not in _GROUP_HEADS:
            continue
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for pobj in prep.children:
                mention = ctx.mentions[pobj.i] if pobj.dep_ == "pobj" else None
                if mention is None:
                    mention = next(
                        (ctx.mentions[c.i] for c in pobj.children if ctx.mentions[c.i]), None
                    )
                if mention is not None:
                    found.append(mention.text)
    return found


def _known_party(ctx: Context, name: str) -> str | None:
    entry = ctx.gazetteer.lookup(name)
    return (entry.party or None) if entry is not None else None


def _cue_party(ctx: Context, cue: str) -> str | None:
    """What a cue ("Valdorian", "of Valdoria", "Valdoria's", "D-Ore.") names as a party."""
    label = ctx.gazetteer.affiliation(cue)
    if label is not None:
        return label.party
    words = cue.replace("’", "'").split()
    while words and words[0].casefold() in ("of", "for", "to", "from", "the"):
        words = words[1:]
    text = " ".join(words).removesuffix("'s").removesuffix("'")
    if not text or ctx.gazetteer.no_side(text):
        return None
    entry = ctx.gazetteer.cue(text)
    found = ctx.party_of(text) or (entry.party or None if entry is not None else None)
    if found:
        return found
    key = fold_name(text)
    place = next((p for p in ctx.places if fold_name(p) == key), None)
    place = place or _demonym_place(ctx.places, key)
    if place is None:
        return None
    return ctx.party_of(place) or _known_party(ctx, place) or place


_MAX_PRONOUN_HOPS: Final = 4
_PARTY_NOUNS: Final = frozenset({"party", "caucus"})
_NO_REFERENT: Final = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
ARGUMENT_DEPS: Final = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj"})
_GROUP_WORDS: Final = frozenset({"some", "many", "most", "others", "several", "few"})
_DEMONYM_SUFFIXES: Final = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic")


def _demonym_place(places: Sequence[str], word: str) -> str | None:
    """ "valdorian" -> "Valdoria" when the document names Valdoria."""
    for suffix in _DEMONYM_SUFFIXES:
        stem = word.removesuffix(suffix)
        if stem == word or len(stem) < 4:
            continue
        for place in places:
            key = fold_name(place)
            if key.startswith(stem) and len(key) - len(stem) <= 3 and key != word:
                return place
    return None
