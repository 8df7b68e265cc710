"""Entity spans in one document, before roles and sides are read: cleaned, relabelled, added.

:mod:`communique.annotate.entities` turns spaCy's entity spans into mentions. This module holds
the span work that comes first, on token spans (:class:`Ent`): trimming what NER wraps around a
name (1), relabelling from the gazetteer and the document (2), and adding what the model missed
(3); and the role lexicon (:data:`ROLE_HEADS`, :data:`ROLE_MODIFIERS`) both steps read, since a
title is what often slips into a name's span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Span, Token

from communique.annotate.gazetteer import Gazetteer, GazetteerEntry, fold_name
from communique.annotate.headings import is_heading, known_prefix, place_by_noun

__all__ = [
    "DETERMINERS",
    "POSSESSIVES",
    "ROLE_HEADS",
    "ROLE_MODIFIERS",
    "ROLE_PREPOSITIONS",
    "Ent",
    "add_missed",
    "clean_span",
    "drop_common_words",
    "headings_and_places",
    "is_punct",
    "is_role_lexicon",
    "join_chamber_groups",
    "relabel",
    "split_member_label",
    "split_swallowed",
    "token_owner",
]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that make a premodifier or apposition a role; one of them must be present.
ROLE_HEADS: Final = _word_set(
    """minister president premier chancellor secretary general ambassador
    envoy negotiator spokesman spokeswoman spokesperson aide adviser advisor head chief leader
    chairman chairwoman chair chairperson director commander representative delegate official
    officer diplomat governor mayor senator lawmaker deputy king queen prince emir sheikh pope
    speaker coordinator mediator commissioner counsellor counselor ceo founder boss negotiators
    marshal admiral colonel lieutenant captain sergeant gen. lt. col. adm. sgt. capt. maj. major
    ayatollah cardinal archbishop bishop patriarch rabbi imam mp mep congressman congresswoman
    consul attaché attache emissary interlocutor rapporteur prosecutor judge justice
    strongman sen. sens. rep. reps. gov. sen sens rep reps gov hopeful candidate nominee
    contender challenger"""
)
# Lowercase words that may stand inside a role before its head ("top aide", "foreign minister").
ROLE_MODIFIERS: Final = _word_set(
    """foreign defense defence prime deputy vice first special senior top chief lead former
    acting interim presidential national security intelligence military army navy air interior
    finance trade economy economic energy justice health affairs state general permanent
    external opposition party union delegation peace policy press communications staff executive
    assistant junior high supreme armed forces council cabinet government labor labour home
    spy border agriculture culture education environment transport infrastructure digital
    emergency veterans human rights humanitarian undersecretary principal main"""
)
_HONORIFICS: Final = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.", "sir"}
)
DETERMINERS: Final = frozenset({"the", "a", "an"})
POSSESSIVES: Final = frozenset({"'s", "’s", "'", "’"})
ROLE_PREPOSITIONS: Final = frozenset({"of", "to", "for"})
# Kinds the model is allowed to have missed: spelt exactly as listed, they are unambiguous enough.
_SPOTTABLE: Final = frozenset({"country", "organisation", "seat"})


@dataclass(frozen=True, slots=True)
class Ent:
    """A working entity span in token indices."""

    start: int
    end: int
    label: str


def is_role_lexicon(token: Token) -> bool:
    return token.lower_ in ROLE_HEADS or token.lower_ in ROLE_MODIFIERS


# --- 1. cleaning -------------------------------------------------------------------------


def clean_span(doc: Doc, start: int, end: int, label: str, gaz: Gazetteer) -> Ent | None:
    """Trim what NER often wraps around a name: "the", quotes, a possessive, a title."""
    while start < end and (doc[start].lower_ in DETERMINERS or is_punct(doc[start])):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVES or is_punct(doc[end - 1])):
        end -= 1
    if label == "PERSON":
        # "Ostrian President Marek Duval": everything up to the last title word goes.
        titles = [i for i in range(start, end - 1) if _is_title_word(doc[i], gaz)]
        if titles:
            start = titles[-1] + 1
    if start >= end or not any(t.is_alpha for t in doc[start:end]):
        return None
    return Ent(start, end, label)


_SENTENCE_OPENERS: Final = frozenset(
    [
        "will",
        "would",
        "can",
        "could",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "does",
        "did",
        "do",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "why",
        "how",
        "what",
        "when",
        "where",
        "who",
        "whom",
        "which",
        "as",
        "after",
        "amid",
        "despite",
        "while",
        "if",
        "though",
        "although",
    ]
)


def _opening_verb(token: Token) -> bool:
    """ "Courting Iowa voters, ...": a participle or verb capitalised only because it opens
    the sentence is no part of the name after it."""
    return token.is_sent_start is True and token.tag_ in ("VBG", "VBN", "VBD", "VB", "MD")


def drop_common_words(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """ "Will Russia agree?" is about Russia; "Talks" opening a headline is no one. A word the
    document also writes in lower case is a common word capitalised by its position."""
    lower = {t.text for t in doc if t.is_lower}
    out = []
    for ent in ents:
        start = ent.start
        while start < ent.end - 1 and (
            doc[start].lower_ in _SENTENCE_OPENERS or _opening_verb(doc[start])
        ):
            start += 1
        words = doc[start : ent.end]
        common = all(t.text.lower() in lower and not t.is_upper for t in words)
        if ent.label in ("PERSON", "ORG", "GPE") and common:
            continue
        out.append(Ent(start, ent.end, ent.label) if start != ent.start else ent)
    return out


def headings_and_places(
    doc: Doc, ents: list[Ent], gaz: Gazetteer, sent_start: list[int]
) -> list[Ent]:
    """In a title-case subheading only known names stay ("Kyiv" of "Kyiv Braces"), and people;
    an organisation named by a place noun beside it ("the Sumy region") is a place."""
    sentences = {s.start: s for s in doc.sents} if ents and doc.has_annotation("SENT_START") else {}
    heading: dict[int, bool] = {}
    out = []
    for ent in ents:
        first = sent_start[ent.start]
        if first not in heading:
            sent = sentences.get(first)
            heading[first] = sent is not None and is_heading(doc, sent)
        if heading[first] and ent.label != "PERSON":
            stop = known_prefix(doc, ent.start, ent.end, known=lambda t: gaz.lookup(t) is not None)
            if stop is not None:
                entry = gaz.lookup(doc[ent.start : stop].text)
                out.append(Ent(ent.start, stop, entry.label if entry else ent.label))
            continue
        if ent.label == "ORG" and place_by_noun(doc, ent.start, ent.end):
            out.append(Ent(ent.start, ent.end, "GPE"))
            continue
        out.append(ent)
    return out


def split_swallowed(doc: Doc, ents: list[Ent], gaz: Gazetteer) -> list[Ent]:
    """ "envoy for Ukraine Keith Kellogg": after a title, an organisation or place span that
    begins with a known place and goes on with a person's name is two entities."""
    out = []
    for ent in ents:
        rest = ent.end - ent.start
        head = None
        before = doc[ent.start - 1] if ent.start > 0 else None
        titled = before is not None and (
            before.lower_ in ROLE_PREPOSITIONS or is_role_lexicon(before)
        )
        if ent.label in ("ORG", "GPE") and rest >= 3 and titled:
            head = next(
                (
                    n
                    for n in range(1, rest - 1)
                    if gaz.lookup(doc[ent.start : ent.start + n].text) is not None
                ),
                None,
            )
        tail = doc[ent.start + head : ent.end] if head else None
        if head and tail is not None and _looks_like_name(tail, gaz):
            entry = gaz.lookup(doc[ent.start : ent.start + head].text)
            label = entry.label if entry is not None else ent.label
            out += [Ent(ent.start, ent.start + head, label), Ent(tail.start, ent.end, "PERSON")]
        else:
            out.append(ent)
    return out


def _looks_like_name(words: Span, gaz: Gazetteer) -> bool:
    """Two or three capitalised proper nouns, none of them a known name or a title word."""
    return 2 <= len(words) <= 3 and all(
        t.pos_ == "PROPN" and t.is_title and gaz.lookup(t.text) is None and not is_role_lexicon(t)
        for t in words
    )


def is_punct(token: Token) -> bool:
    return token.is_punct or token.is_quote or token.is_space


def _is_title_word(token: Token, gaz: Gazetteer) -> bool:
    """A word that belongs before a name rather than in it: "President", "Valdorian"."""
    low = token.lower_
    if low in _HONORIFICS or low in ROLE_HEADS or low in ROLE_MODIFIERS:
        return True
    entry = gaz.surfaces.get(token.text)
    return entry is not None and entry.kind in ("demonym", "country")


# --- 2. relabelling ----------------------------------------------------------------------


def relabel(doc: Doc, ents: list[Ent], gaz: Gazetteer) -> list[Ent]:
    """Fix labels from the gazetteer, and from full names the same document gives."""
    full_names = [e for e in ents if e.label == "PERSON" and e.end - e.start > 1]
    surnames = {fold_name(doc[e.end - 1].text) for e in full_names}
    name_words = {fold_name(t.text) for e in full_names for t in doc[e.start : e.end]}
    fixed = []
    for ent in (part for e in ents for part in split_member_label(doc, e, gaz)):
        key = fold_name(doc[ent.start : ent.end].text)
        entry = gaz.entries.get(key)
        label = ent.label
        if key in surnames and label != "PERSON" and ent.end - ent.start == 1:
            if entry is None or entry.kind not in ("country", "organisation"):
                label = "PERSON"
        elif entry is not None and (label != "PERSON" or key not in name_words):
            label = _known_label(entry, label)
        fixed.append(Ent(ent.start, ent.end, label))
    return fixed


def split_member_label(doc: Doc, ent: Ent, gaz: Gazetteer) -> list[Ent]:
    """ "Ohio Republican" or "Vermont Independent" tagged as one organisation is a home
    state and a party word, not an organisation of its own."""
    if ent.label != "ORG" or ent.end - ent.start < 2:
        return [ent]
    word = doc[ent.end - 1].text
    last = gaz.lookup(word)
    member = last is not None and last.kind == "demonym" and bool(last.country)
    # "Vermont Independent": one member of a party known only by its plural ("independents")
    plural = gaz.lookup(word + "s") if word[:1].isupper() else None
    if not member and (plural is None or plural.kind != "party"):
        return [ent]
    home = gaz.lookup(doc[ent.start : ent.end - 1].text)
    if home is None or home.kind != "region":
        return [ent]
    return [Ent(ent.start, ent.end - 1, "GPE"), Ent(ent.end - 1, ent.end, "NORP")]


def _known_label(entry: GazetteerEntry, label: str) -> str:
    """A seat keeps a place label ("talks in Brussels"), and a party, region or chamber the
    model's name label ("Republicans" is a group of people); other known kinds have one label."""
    if entry.kind == "seat" and label in ("ORG", "FAC", "GPE", "LOC"):
        return label
    if entry.kind in ("party", "region", "body") and label in ("ORG", "NORP", "GPE", "LOC", "FAC"):
        return label
    return entry.label


# --- 3. what the model missed ------------------------------------------------------------


def add_missed(doc: Doc, ents: list[Ent], gaz: Gazetteer, sent_start: list[int]) -> list[Ent]:
    """Add repeats of a surname the document names in full, and exactly-spelt known names."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    surnames = {doc[e.end - 1].text for e in ents if e.label == "PERSON" and e.end - e.start > 1}
    added = []
    shouting: dict[int, bool] = {}
    lowered = {t.text for t in doc if t.is_lower}
    i = 0
    while i < len(doc):
        if i in taken:
            i += 1
            continue
        token = doc[i]
        if token.text in surnames and token.text[:1].isupper():
            added.append(Ent(i, i + 1, "PERSON"))
            i += 1
            continue
        first = sent_start[i]
        if first not in shouting:
            shouting[first] = _shouting(doc, first, sent_start)
        # "Conservative members said" beside "conservative lawmakers": capitalised only
        # because it opens the sentence, the word is the document's common word
        opening = all(doc[j].is_punct for j in range(first, i)) and token.lower_ in lowered
        found = None if shouting[first] else _spot_known(doc, i, taken, gaz, opening=opening)
        if found is None and not shouting[first]:
            found = _titled_name(doc, i, taken)
        if found is not None:
            added.append(found)
            i = found.end
            continue
        i += 1
    return sorted([*ents, *added], key=lambda e: e.start)


_TITLED_NAME_WORDS: Final = 3
# What may follow a title and is no one's name: "the Prime Minister Office", "the President
# Hotel" (general English nouns for bodies and buildings).
_INSTITUTION_WORDS: Final = _word_set(
    """office ministry department council committee house palace court building agency
    administration government cabinet secretariat bureau hall hotel street square avenue
    road airport university school college hospital foundation institute centre center"""
)


def _titled_name(doc: Doc, i: int, taken: set[int]) -> Ent | None:
    """ "Defense Minister Rustem Umerov" where the model saw no person: up to three
    capitalised proper nouns right after a capitalised title, which they head, are the
    name of the one holding it."""
    if i == 0 or not doc[i - 1].is_title or doc[i - 1].lower_ not in ROLE_HEADS:
        return None
    end = i
    while (
        end < len(doc)
        and end - i < _TITLED_NAME_WORDS
        and end not in taken
        and doc[end].pos_ == "PROPN"
        and doc[end].is_title
        and doc[end].is_alpha
        and not is_role_lexicon(doc[end])
        and doc[end].lower_ not in _INSTITUTION_WORDS
    ):
        end += 1
    if end == i or (end < len(doc) and doc[end].pos_ == "PROPN"):
        return None  # nothing, or a longer run: a name of something else
    last = doc[end - 1]
    if doc[i - 1].head.i != last.i or last.dep_ == "compound":
        return None
    return Ent(i, end, "PERSON")


def join_chamber_groups(doc: Doc, ents: list[Ent], gaz: Gazetteer) -> list[Ent]:
    """ "Senate" + "Democrats" is one group, a party's members in a chamber: "Senate Democrats"."""
    out: list[Ent] = []
    for ent in ents:
        last = out[-1] if out else None
        if last is not None and last.end == ent.start:
            first = gaz.lookup(doc[last.start : last.end].text)
            second = gaz.lookup(doc[ent.start : ent.end].text)
            if first and second and first.kind == "body" and second.kind == "party":
                out[-1] = Ent(last.start, ent.end, "ORG")
                continue
        out.append(ent)
    return out


def _spot_known(
    doc: Doc, i: int, taken: set[int], gaz: Gazetteer, *, opening: bool = False
) -> Ent | None:
    if not doc[i].text[:1].isupper():
        return None
    for n in range(min(gaz.longest, len(doc) - i), 1 if opening else 0, -1):
        if any(j in taken for j in range(i, i + n)):
            continue
        entry = gaz.surfaces.get(" ".join(t.text for t in doc[i : i + n]))
        if entry is not None and entry.kind in _SPOTTABLE:
            return Ent(i, i + n, entry.label)
    return None


def _shouting(doc: Doc, first: int, sent_start: list[int]) -> bool:
    """True for an all-capitals headline, where "US" may be the pronoun."""
    last = first
    while last < len(doc) and sent_start[last] == first:
        last += 1
    words = [t for t in doc[first:last] if t.is_alpha and len(t.text) > 1]
    return len(words) > 2 and sum(t.is_upper for t in words) > 0.6 * len(words)


def token_owner(doc: Doc, ents: list[Ent]) -> list[Ent | None]:
    owner: list[Ent | None] = [None] * len(doc)
    for ent in ents:
        for i in range(ent.start, ent.end):
            owner[i] = ent
    return owner
