"""Resolve a quote's source as written ("he", "the foreign minister") to a name.

A lightweight, one-document coreference, enough for attribution: named people are tracked with
their full name (a later "Doe" is the "Jane Doe" met earlier), their titles (from "Foreign
Minister Jane Doe" and "Jane Doe, the foreign minister") and, when known, their gender (from an
honorific, or learnt from an earlier "she said" resolved to them). Pronouns go to the nearest
compatible person, preferring one who was the subject of a recent clause; descriptions go to
the person last given that title. Anything unresolved stays ``None`` rather than guessed.

Resolution order matters (a resolved "she" teaches a gender), so callers resolve sources in
text order.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Span, Token

from communique.annotate.entities import ROLE_HEADS, repaired_spans
from communique.annotate.quotes_lexicon import (
    BODY_NOUNS,
    FEMALE_HONORIFICS,
    MALE_HONORIFICS,
    PERSONAL_PRONOUNS,
    RELATIVE_PRONOUNS,
)
from communique.annotate.quotes_tree import dateline_dash

__all__ = ["SpeakerResolver", "can_speak"]

_NAMED: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_GROUPS: Final = frozenset({"ORG", "GPE", "NORP"})
_BODIES: Final = frozenset({"ORG", "GPE"})
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})
_TITLE_DEPS: Final = frozenset({"compound", "amod", "nmod"})
_RECENT_SENTENCES: Final = 4
_POSSESSIVE: Final = ("'s", "’s", "'", "’")
# Words that make a name an organisation's, whatever verb it is the subject of.
_ORG_WORDS: Final = frozenset(
    [
        "inc",
        "inc.",
        "corp",
        "corp.",
        "co",
        "co.",
        "ltd",
        "ltd.",
        "group",
        "bank",
        "party",
        "ministry",
        "department",
        "committee",
        "council",
        "university",
        "college",
        "institute",
        "news",
        "times",
        "post",
        "agency",
        "association",
        "union",
        "league",
        "office",
        "house",
        "court",
        "board",
        "fund",
    ]
)


_SAYING: Final = frozenset({"say", "tell", "add", "note", "explain", "write"})
"""Verbs only people use of themselves: an organisation "rejects" or "announces" as often."""


def can_speak(head: Token) -> bool:
    """A common noun that can be someone speaking: a title ("the envoy"), a body ("the
    union", "the council") or a plural, which in news nearly always names people
    ("critics", "diplomats"); a singular thing ("the plan", "the poster") cannot."""
    lemma = head.lemma_.lower()
    return (
        head.tag_ in ("NNS", "NNPS")
        or lemma in ROLE_HEADS
        or head.lower_ in ROLE_HEADS
        or lemma in _ORG_WORDS
        or lemma in BODY_NOUNS
    )


def _is_dateline(ent: Span) -> bool:
    """ "WASHINGTON —", "Des Moines (AP) -", "OSLO, May 16 (Reuters) -": a place heading the
    story is where it was filed and the agency who filed it, never who speaks."""
    dash = dateline_dash(ent.sent)
    return dash is not None and ent.end <= dash


def _person_tagged_org(ent: Span) -> bool:
    """ "Eswar Prasad, a professor, said": a reporting verb's proper-noun subject the tagger
    called an organisation is a person, unless its name says otherwise."""
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 3 or ent.root.dep_ not in _SUBJECTS:
        return False
    if ent.root.head.lemma_.lower() not in _SAYING:
        return False
    words = list(ent)
    return all(t.pos_ == "PROPN" and t.is_title for t in words) and not any(
        t.lower_ in _ORG_WORDS for t in words
    )


def _owned_role(head: Token) -> bool:
    """A singular title owned by a name ("Valdoria's negotiator", "the president's aide"):
    one person, who is not the owner."""
    return (
        head.pos_ == "NOUN"
        and head.tag_ == "NN"
        and head.lemma_.lower() in ROLE_HEADS
        and any(c.dep_ == "poss" for c in head.children)
    )


def _owns(ent: Span, head: Token) -> bool:
    """ "Doe's" in "Doe's aide": the owner of a title, who is someone else than its holder."""
    return ent.root.dep_ == "poss" and ent.root.head.i == head.i


def _names_titled_subject(root: Token) -> bool:
    """ "the envoy for Ukraine, Jo Ray, has questioned …": the name inside a subject whose head
    is a title is that subject, for a later "he" as much as a bare subject would be."""
    token = root
    while token.dep_ in ("pobj", "prep", "appos", "compound") and token.head.i != token.i:
        token = token.head
    return token is not root and token.dep_ in _SUBJECTS and token.lemma_.lower() in ROLE_HEADS


def _people_before_participle(head: Token) -> Token | None:
    """ "Valdorian ministers meeting in Lyon accused …": the parser may take the participle
    for the head of the subject, with the people as its compound or its own subject; the
    people speak, and what follows them tells where or what they were doing."""
    if head.tag_ not in ("NN", "VBG") or not head.lower_.endswith("ing"):
        return None
    people = [c for c in head.lefts if c.dep_ in ("compound", "nsubj") and c.tag_ == "NNS"]
    return people[-1] if people else None


def _in_clause_of(ent: Span, head: Token) -> bool:
    """Whether ``ent`` lies in a clause that describes ``head`` ("leaders meeting in Ostria",
    "officials who met in Lyon"), not in its name or title."""
    node = ent.root
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ in ("acl", "relcl") and node.head.i == head.i:
            return True
        node = node.head
    return False


def _appos_of(ent: Span, head: Token) -> bool:
    return ent.root.dep_ == "appos" and ent.root.head.i == head.i


@dataclass(frozen=True, slots=True)
class _Mention:
    """One named mention: ``name`` is the canonical (fullest) name it refers to."""

    start: int
    sent_start: int
    name: str
    label: str
    subject: bool


@dataclass(frozen=True, slots=True)
class _Title:
    """A title given to a person: head noun ("minister") and its modifiers ("foreign")."""

    start: int
    head: str
    modifiers: frozenset[str]
    name: str


def _as_person(ent: Span) -> Span:
    return Span(ent.doc, ent.start, ent.end, label="PERSON") if _person_tagged_org(ent) else ent


def _describes(ent: Span) -> bool:
    """A nationality, religion or party used as an adjective ("Valdorian terms", "a Valdorian
    proposal"): it describes a thing or a group, it is never someone who speaks; the group a
    noun after it names is read by ``_nationality_group``. The recogniser sometimes labels
    such an adjective a place, so any non-person adjective counts."""
    root = ent.root
    if ent.label_ == "NORP" and root.dep_ in ("amod", "compound"):
        return True
    return root.pos_ == "ADJ" and ent.label_ != "PERSON"


def _clean_name(span: Span) -> str:
    text = span.text.strip()
    for suffix in _POSSESSIVE:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)].strip()
    return text


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


class SpeakerResolver:
    """Everything needed to resolve sources in one document, built once per document."""

    def __init__(self, doc: Doc, *, quoted: list[tuple[int, int]] | None = None) -> None:
        self._doc = doc
        self._quoted = sorted(quoted or [])
        self._gender: dict[str, str] = {}
        self._full_by_last: dict[str, list[tuple[int, str]]] = {}
        self._ents = repaired_spans(doc)
        self._named = [
            _as_person(e) for e in self._ents if e.label_ in _NAMED and not _is_dateline(e)
        ]
        self._named_starts = [e.start for e in self._named]
        self._mentions = self._collect_mentions()
        self._starts = [m.start for m in self._mentions]
        self._titles = self._collect_titles()

    # --- building -----------------------------------------------------------------------
    def _inside_quote(self, char: int) -> bool:
        i = bisect.bisect_right(self._quoted, (char, 1 << 62)) - 1
        return i >= 0 and self._quoted[i][0] <= char < self._quoted[i][1]

    def _collect_mentions(self) -> list[_Mention]:
        persons = [e for e in self._named if e.label_ == "PERSON"]
        full_by_last = self._full_by_last
        for ent in persons:
            name = _clean_name(ent)
            if len(name.split()) > 1:
                full_by_last.setdefault(name.split()[-1].lower(), []).append((ent.start_char, name))
        mentions: list[_Mention] = []
        for ent in self._named:
            name = _clean_name(ent) if ent.label_ == "PERSON" else _strip_the(ent.text.strip())
            if ent.label_ == "PERSON":
                name = self._fullest(name, ent.start_char, full_by_last)
                self._note_honorific(ent, name)
            mentions.append(
                _Mention(
                    ent.start_char,
                    ent.sent.start_char,
                    name,
                    ent.label_,
                    ent.root.dep_ in _SUBJECTS or _names_titled_subject(ent.root),
                )
            )
        return mentions

    @staticmethod
    def _fullest(name: str, at: int, full_by_last: dict[str, list[tuple[int, str]]]) -> str:
        """A bare surname stands for the nearest earlier full name ending with it."""
        if not name.split():
            return name
        candidates = full_by_last.get(name.split()[-1].lower(), [])
        earlier = [n for s, n in candidates if s <= at]
        if earlier:
            return max(earlier[-1], name, key=lambda n: len(n.split()))
        return candidates[0][1] if candidates and len(name.split()) == 1 else name

    def _note_honorific(self, ent: Span, name: str) -> None:
        before = self._doc[ent.start - 1].lower_ if ent.start > 0 else ""
        first = ent[0].lower_
        for word in (before, first):
            if word in MALE_HONORIFICS:
                self._gender.setdefault(name, "male")
            elif word in FEMALE_HONORIFICS:
                self._gender.setdefault(name, "female")

    def _collect_titles(self) -> list[_Title]:
        titles: list[_Title] = []
        for ent in self._ents:
            if ent.label_ != "PERSON":
                continue
            name = self._name_at(ent.start_char)
            root = ent.root
            pre = [t for t in root.lefts if t.dep_ in _TITLE_DEPS and t.i < ent.start]
            if pre:
                words = [t for p in pre for t in p.subtree if t.i < ent.start]
                titles.append(self._title(ent.start_char, words, name))
            for child in root.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    titles.append(
                        self._title(ent.start_char, list(child.subtree), name, head=child)
                    )
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                head = root.head
                words = [t for t in head.subtree if t.i < head.i or t == head]
                titles.append(self._title(ent.start_char, words, name, head=head))
        return [t for t in titles if t.head]

    @staticmethod
    def _title(start: int, words: list[Token], name: str, *, head: Token | None = None) -> _Title:
        content = [
            t for t in words if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.ent_type_ != "PERSON"
        ]
        if head is None:
            head = content[-1] if content else None
        if head is None:
            return _Title(start, "", frozenset(), name)
        mods = frozenset(t.lower_ for t in content if t != head)
        return _Title(start, head.lemma_.lower(), mods, name)

    def _named_within(self, span: Span) -> list[Span]:
        """The named entities inside ``span``, found by bisection (not a scan of the document's
        entities per quote, which grew with the square of its length)."""
        i = bisect.bisect_left(self._named_starts, span.start)
        named: list[Span] = []
        while i < len(self._named) and self._named[i].start < span.end:
            if self._named[i].end <= span.end:
                named.append(self._named[i])
            i += 1
        return named

    def _name_at(self, char: int) -> str:
        i = bisect.bisect_left(self._starts, char)
        return self._mentions[i].name if i < len(self._mentions) else ""

    # --- resolving ----------------------------------------------------------------------
    def resolve(self, head: Token, span: Span) -> str | None:
        """The name a source stands for, or None; ``head`` is the source's syntactic head.

        A relative pronoun leads to its antecedent, which may be one again: followed in a loop
        that only climbs the tree, never by recursion."""
        participle_subject = _people_before_participle(head)
        if participle_subject is not None:
            head = participle_subject
            span = self._doc[span.start : head.i + 1]
        while True:
            # "Ministers meeting in Ostria": a name in a clause describing the source is
            # where or what, not who
            named = [e for e in self._named_within(span) if not _in_clause_of(e, head)]
            if named:
                titled = self._titled_by_modifiers(head, named)
                if titled is not None:
                    return titled
                owning = [e for e in named if e.start <= head.i < e.end and not _describes(e)]
                people = [e for e in named if e.label_ == "PERSON"]
                if not owning and _owned_role(head):
                    # "Valdoria's top negotiator says", "Doe's aide said": the negotiator or
                    # the aide, never the owner, be it a country or a person
                    people = [e for e in named if _appos_of(e, head)] or [
                        e for e in people if not _owns(e, head)
                    ]
                    if not people:
                        return self._resolve_title(head, head.idx)
                if not owning and not people:
                    group = self._nationality_group(head, named)
                    if group is not None:
                        return group
                # A nationality adjective describing something else ("the release of
                # Valdorian terms") names no one: the source is read as if it named nobody.
                speakers = owning or people or [e for e in named if not _describes(e)]
                if speakers:
                    return self._name_at(speakers[0].start_char) or speakers[0].text
            if head.pos_ == "PROPN":
                return self._proper_name(head, span)
            if head.lower_ not in RELATIVE_PRONOUNS or head.head.dep_ != "relcl":
                break
            antecedent = head.head.head
            head, span = antecedent, self._doc[antecedent.left_edge.i : antecedent.i + 1]
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS:
            return self._resolve_pronoun(PERSONAL_PRONOUNS[lower], head.idx)
        if head.pos_ == "NOUN":
            return self._resolve_title(head, head.idx)
        return None

    def _titled_by_modifiers(self, head: Token, named: list[Span]) -> str | None:
        """ "the US president", "the Valdorian minister": a singular title whose only names
        are its modifiers is the person given that title with one of them, when the
        document names one; else None, and the modifiers are read as before."""
        if head.pos_ != "NOUN" or head.tag_ != "NN" or head.lemma_.lower() not in ROLE_HEADS:
            return None
        if not all(e.root.head.i == head.i and e.root.dep_ in _TITLE_DEPS for e in named):
            return None
        return self._resolve_title(head, head.idx, shared=True)

    def _nationality_group(self, head: Token, named: list[Span]) -> str | None:
        """ "Valdorian officials argued": a nationality adjective modifying a common noun
        names a group of that nation, not the nation; a singular title ("the Valdorian
        minister") is the person last given it, when the document names one."""
        if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_:
            return None  # "the Valdorian Railways" is a name of its own
        nations = [
            e for e in named if _describes(e) and e.root.head.i == head.i and e.end <= head.i
        ]
        if not nations or len(nations) != len(named):
            return None
        if head.tag_ in ("NN", "NNP"):
            titled = self._resolve_title(head, head.idx)
            if titled is not None:
                return titled
        return _clean_name(self._doc[nations[0].start : head.i + 1])

    def _proper_name(self, head: Token, span: Span) -> str:
        """A name the entity recogniser missed: the run of proper nouns around the head."""
        first = last = head.i
        while first - 1 >= span.start and self._doc[first - 1].pos_ == "PROPN":
            first -= 1
        while last + 1 < span.end and self._doc[last + 1].pos_ == "PROPN":
            last += 1
        name = _clean_name(self._doc[first : last + 1])
        return self._fullest(name, head.idx, self._full_by_last)

    def _earlier(self, char: int) -> Iterator[_Mention]:
        """Mentions before ``char`` and outside quotes, nearest first, lazily: a pronoun looks
        back only as far as it must (listing every earlier mention made long texts quadratic)."""
        for i in range(bisect.bisect_left(self._starts, char) - 1, -1, -1):
            if not self._inside_quote(self._mentions[i].start):
                yield self._mentions[i]

    def _horizon(self, char: int) -> int:
        """Where the last :data:`_RECENT_SENTENCES` sentences naming someone before ``char``
        begin; -1 when there are fewer."""
        seen, last = 0, -1
        for i in range(bisect.bisect_left(self._starts, char) - 1, -1, -1):
            sent_start = self._mentions[i].sent_start  # mentions are in text order
            if sent_start != last:
                seen, last = seen + 1, sent_start
                if seen == _RECENT_SENTENCES:
                    return sent_start
        return -1

    def _resolve_pronoun(self, kind: str, char: int) -> str | None:
        """ "she" → the nearest person not known to be male, preferring a recent subject;
        "it" → an organisation or country recently the subject; "they", "we" → a group so."""
        if kind == "self":
            return None  # "I" outside a quote is the writer
        horizon = self._horizon(char)
        if kind in ("plural", "neuter"):
            labels = _GROUPS if kind == "plural" else _BODIES
            # only a subject: "They met in Oslo" must not make Oslo the speaker
            for m in self._earlier(char):
                if m.start < horizon:
                    return None
                if m.label in labels and m.subject:
                    return m.name
            return None
        nearest: _Mention | None = None  # the nearest person, when no recent subject is one
        chosen: _Mention | None = None
        for m in self._earlier(char):
            if nearest is not None and m.sent_start < horizon:
                break
            if m.label != "PERSON" or self._gender.get(m.name, kind) != kind:
                continue
            nearest = nearest or m
            if m.subject and m.sent_start >= horizon:
                chosen = m
                break
        chosen = chosen or nearest
        if chosen is None:
            return None
        self._gender.setdefault(chosen.name, kind)
        return chosen.name

    def _resolve_title(self, head: Token, char: int, *, shared: bool = False) -> str | None:
        """The person last given the title ``head`` heads; with ``shared``, only one whose
        title shares a modifier with it ("the US president" is not the Valdorian one)."""
        wanted = head.lemma_.lower()
        mods = {t.lower_ for t in head.lefts if t.dep_ in _TITLE_DEPS or t.dep_ == "poss"}
        matches = [
            t for t in self._titles if t.head == wanted and (not shared or mods & t.modifiers)
        ]
        if not matches:
            return None

        # more shared modifiers first, then the latest title given before the mention
        def rank(t: _Title) -> tuple[int, int, int]:
            return (
                len(mods & t.modifiers),
                int(t.start < char),
                t.start if t.start < char else -t.start,
            )

        return max(matches, key=rank).name
