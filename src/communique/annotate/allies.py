"""Who acts with whom: the names and groups a mention is coordinated with.

A side is not only said ("Jo Ray (D-Ore.)", "Valdorian minister"); it is also shown by company.
"Sen. Jo Ray and other Valdorian Party leaders unveiled a plan", "Kim Lo and Ana Ruiz proposed a
bill", "the chairman, Ana Ruiz, and her deputy, Kim Lo, were in the room", "party leaders,
including Kim Lo, signed a letter": people named together as the ones who act, or as members
of a group, usually speak for the same side. Each mention gets the character spans of the names
and group cues it acts with; corpus resolution gives an unsided person the side of those
(:func:`communique.analyse.sides.with_allies`).

Names in a coordination are *not* allies when the coordination is what sets them against each
other: "talks between Jo Ray and Kim Lo", "Jo Ray met Kim Lo and Ana Ruiz", "Jo Ray and Kim Lo
negotiated", "distinguish herself from Kim Lo and Ana Ruiz". So a coordination counts when its
members are the subject of a verb that is not reciprocal, the agent of a passive, or a list
that names a group with a side ("Kim Lo and other Democrats"), and never under a preposition
that opposes or pairs its members.

A person is also tied to the group whose doings they report: "Jo Ray said Valdorian lawmakers
would not back the bill" puts an otherwise unplaced Jo Ray with those lawmakers, since a
speaker who tells what a group will do or wants is most often one of its own (a reporter names
an opponent's side when quoting one). The tie is only a vote: a name's own cues win over it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Final

from spacy.tokens import Doc, Token

from communique.annotate.quotes_lexicon import SPEECH_VERBS

__all__ = ["ALLY_LABELS", "find_allies"]

ALLY_LABELS: Final = frozenset({"PERSON", "ORG", "NORP"})
"""Labels of the mentions that can be an ally: people, organisations, and the groups ("the
Democrats", "Valdorian") whose side the resolver knows."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs whose coordinated subjects are counterparts, not partners ("Jo Ray and Kim Lo met"):
# general English verbs of meeting, talking, settling and fighting. Not "oppose" or "call
# (for)": two who oppose a bill or call for a vote do it on the same side.
_RECIPROCAL: Final = _words(
    """meet talk negotiate agree disagree clash spar discuss debate argue confer differ
    compromise bargain haggle speak fight battle feud wrangle quarrel split exchange trade reach
    hold resume sign shake square tangle deadlock divide sit dine huddle hammer settle resolve
    strike forge conclude finalize finalise seal clinch phone greet visit host compete contend
    vie"""
)
# Words of a predicate that sets its subjects apart ("A and B are at odds", "remain far apart").
_APART: Final = _words(
    """apart odds loggerheads divided split deadlocked disagreement rivals opponents
    counterparts adversaries"""
)
# Prepositions whose object pairs or opposes its members ("between A and B", "with A and B").
_PAIRING: Final = frozenset(
    {"between", "among", "amongst", "with", "against", "versus", "vs", "vs.", "from", "to"}
)
# Verbs whose "with" names a partner ("introduced the bill with Kim Lo", "sided with"), not a
# counterpart as "met with" or "negotiated with" do.
_WITH_PARTNER: Final = _words(
    """introduce sponsor cosponsor co-sponsor write author draft join team ally side campaign
    unite partner stand vote present unveil propose file"""
)
# Nouns of family ties: a relative named by the tie stands with the family.
_KIN: Final = _words(
    """brother sister son daughter father mother nephew niece cousin uncle aunt wife husband
    grandson granddaughter grandfather grandmother brother-in-law son-in-law father-in-law"""
)
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})
_MEMBER_OF: Final = frozenset({"including", "like", "among"})
_MODIFIERS: Final = frozenset({"amod", "compound", "nmod", "poss"})

Span = tuple[int, int]
"""A mention's token span: [start, end)."""


def find_allies(
    doc: Doc, spans: Sequence[tuple[Span, str]], *, owner: Callable[[int], int | None]
) -> list[tuple[tuple[int, int, str], ...]]:
    """For each (token span, label) of ``spans``, the (start char, end char, text) of the
    mentions it acts with. ``owner(i)`` is the index in ``spans`` of the mention holding token
    ``i``, if any."""
    out: list[tuple[tuple[int, int, str], ...]] = []
    for index, ((start, end), label) in enumerate(spans):
        if label not in ("PERSON", "ORG"):
            out.append(())
            continue
        found: list[tuple[int, int, str]] = []
        for other in _partners(doc, doc[start:end].root, spans, owner=owner):
            if other != index and spans[other][1] in ALLY_LABELS:
                (s, e), _label = spans[other]
                first, last = doc[s], doc[e - 1]
                item = (first.idx, last.idx + len(last.text), doc[s:e].text)
                if item not in found:
                    found.append(item)
        out.append(tuple(found))
    return out


def _partners(
    doc: Doc, root: Token, spans: Sequence[tuple[Span, str]], *, owner: Callable[[int], int | None]
) -> Iterator[int]:
    """Indices of the mentions that stand in one acting group with the one rooted at ``root``."""
    anchors = [root]
    if root.dep_ == "appos" and owner(root.head.i) is None:
        anchors.append(root.head)  # "the chairman, Ana Ruiz, and her deputy, ..."
    for anchor in anchors:
        top = anchor
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        yield from _group_members(top, owner=owner)
        yield from _described_as_group(top, owner=owner)
        members = list(_conjuncts(top))
        if len(members) < 2:
            continue
        grouped = any(_group_cue(m, owner=owner) is not None for m in members if m != anchor)
        if _acting_together(top, grouped=grouped):
            for member in members:
                if member.i != anchor.i:
                    yield from _member_mentions(member, owner=owner)
    yield from _partners_by_with(root, owner=owner)
    yield from _kin(root, owner=owner)
    yield from _spoken_for(root, owner=owner)
    if root.dep_ in _SUBJECTS and _acting_together(root, grouped=False):
        # The parser sometimes gives "A and B will go" two subjects instead of a coordination.
        for sibling in root.head.children:
            if sibling.dep_ == root.dep_ and sibling.i != root.i and _joined_by_and(sibling, root):
                yield from _member_mentions(sibling, owner=owner)


def _partners_by_with(root: Token, *, owner: Callable[[int], int | None]) -> Iterator[int]:
    """ "Ana Ruiz introduced the bill with Kim Lo": the subject and the object of a partner's
    "with" act together, each way round."""
    if root.dep_ == "pobj" and root.head.lower_ in ("with", "alongside"):
        verb = root.head.head
        if verb.lemma_.lower() in _WITH_PARTNER:
            for child in verb.children:
                if child.dep_ in _SUBJECTS:
                    yield from _member_mentions(child, owner=owner)
    if root.dep_ in _SUBJECTS and root.head.lemma_.lower() in _WITH_PARTNER:
        for prep in root.head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "alongside"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        yield from _member_mentions(pobj, owner=owner)


def _kin(root: Token, *, owner: Callable[[int], int | None]) -> Iterator[int]:
    """ "Ana Ruiz, the sister of the chairman, Kim Lo," / "Kim Lo's son, Ana Ruiz,": a relative
    named by the kinship is most often reported for the side the family stands with."""
    ties = [t for t in root.children if t.dep_ == "appos"]
    if root.dep_ == "appos":
        ties.append(root.head)  # "Kim Lo's son, Ana Ruiz": the name hangs off the kinship
    for appos in ties:
        if appos.lemma_.lower() not in _KIN:
            continue
        for child in appos.children:
            if child.dep_ == "poss":
                yield from _member_mentions(child, owner=owner)
            elif child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        yield from _member_mentions(pobj, owner=owner)


def _spoken_for(root: Token, *, owner: Callable[[int], int | None]) -> Iterator[int]:
    """ "Jo Ray said Valdorian lawmakers would not back it": the subject of the reported clause
    of the speaker's speech verb (a name or a group with a side cue)."""
    if root.dep_ != "nsubj" or root.head.lemma_.lower() not in SPEECH_VERBS:
        return
    for clause in root.head.children:
        if clause.dep_ != "ccomp" or any(
            c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children
        ):
            continue  # "said whether Kim Lo would sign" reports a question, not a side
        for subject in clause.children:
            if subject.dep_ in _SUBJECTS and subject.pos_ != "PRON":
                yield from _member_mentions(subject, owner=owner)


def _indices(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _conjuncts(top: Token) -> Iterator[Token]:
    yield top
    for child in top.children:
        if child.dep_ == "conj":
            yield from _conjuncts(child)


def _joined_by_and(one: Token, other: Token) -> bool:
    between = one.doc[min(one.i, other.i) + 1 : max(one.i, other.i)]
    return any(t.lower_ == "and" and t.dep_ == "cc" for t in between)


def _acting_together(top: Token, *, grouped: bool) -> bool:
    """Whether a coordination headed by ``top`` names partners rather than counterparts."""
    while top.dep_ == "appos" and top.head.i != top.i:
        top = top.head  # "the leader, A, and the chairman, B, voiced support"
    head = top.head
    if any(t.lower_ in _APART for t in head.subtree if t.i not in _indices(top)):
        return False
    if top.dep_ == "pobj":
        if head.lower_ in _PAIRING:
            return False
        if head.lower_ == "by":
            return True  # "a bill by A and B"
        return grouped
    if top.dep_ in _SUBJECTS:
        return head.lemma_.lower() not in _RECIPROCAL
    if top.dep_ == "dobj":
        # "sent A and B to represent the party": the objects are the subjects of the xcomp
        control = next((c for c in head.children if c.dep_ == "xcomp"), None)
        if control is not None:
            return control.lemma_.lower() not in _RECIPROCAL
    return grouped and head.lemma_.lower() not in _RECIPROCAL


def _member_mentions(token: Token, *, owner: Callable[[int], int | None]) -> Iterator[int]:
    """The mention a conjunct stands for: its own name, the name in apposition to a role
    noun ("the chairman, Ana Ruiz"), or the side cue of a group ("other Valdorian leaders")."""
    held = owner(token.i)
    if held is not None:
        yield held
        return
    for child in token.children:
        if child.dep_ == "appos" and owner(child.i) is not None:
            found = owner(child.i)
            if found is not None:
                yield found
                return
    cue = _group_cue(token, owner=owner)
    if cue is not None:
        yield cue


def _group_cue(token: Token, *, owner: Callable[[int], int | None]) -> int | None:
    """The named modifier of a common-noun group: "other *Valdorian* leaders", "the majority
    of *Democrats*", "*Kim Lo*'s aides"."""
    if owner(token.i) is not None or token.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in token.children:
        if child.dep_ in _MODIFIERS and owner(child.i) is not None:
            return owner(child.i)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and owner(pobj.i) is not None:
                    return owner(pobj.i)
    return None


def _described_as_group(top: Token, *, owner: Callable[[int], int | None]) -> Iterator[int]:
    """ "Ana Ruiz and Kim Lo, two of the Valdorian negotiators," / "..., both Valdorian
    senators,": an apposition that counts the names among a group with a side word. Only the
    group's own modifiers count: "critics of Tom Vale" does not put anyone with Tom Vale."""
    for appos in top.children:
        if appos.dep_ != "appos" or (owner(appos.i) is not None and appos.pos_ != "NUM"):
            continue  # a name in apposition is a person; "two" may be tagged a number
        groups = [appos] + [
            pobj
            for prep in appos.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children
            if pobj.dep_ == "pobj" and pobj.tag_ in ("NNS", "NNPS")
        ]
        for group in groups:
            for child in group.children:
                if child.dep_ in _MODIFIERS and child.dep_ != "poss":
                    held = owner(child.i)
                    if held is not None:
                        yield held


def _group_members(anchor: Token, *, owner: Callable[[int], int | None]) -> Iterator[int]:
    """ "Valdorian leaders, including Kim Lo," / "other leaders like Kim Lo": a name listed as a
    member of a group takes the group's side cue. In a list of groups ("analysts, and
    Valdorian officials, including Kim Lo") the parser often hangs "including" off the first;
    the group nearest before it is the one it lists."""
    head = anchor.head
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _MEMBER_OF:
        before = [t for t in _conjuncts(head.head) if t.i < head.i]
        group = max(before, key=lambda t: t.i) if before else head.head
        cue = _group_cue(group, owner=owner)
        if cue is not None:
            yield cue
