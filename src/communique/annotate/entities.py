"""Entity mentions in one document: who and what is named, with the role and side cues around them.

The statistical NER gives spans and labels; this module makes them usable for "who is who":

1. clean each span (a leading "the", a trailing possessive or punctuation, a title that slipped
   into a PERSON span: "President Duval" -> "Duval");
2. relabel with the gazetteer and the document itself (a country tagged PERSON, a surname tagged
   ORG when the document names that person in full);
3. add what the model missed: a surname it tagged once but not again, a known country or
   organisation written exactly as the gazetteer spells it;
4. read the role and the side cue around each PERSON and ORG: premodifiers ("Valdorian Foreign
   Minister Irena Kovač"), appositions ("Kovač, the head of Valdoria's delegation"), possessives
   ("Duval's aide Pavel Morozin") and a trailing "of Valdoria".

Example::

    >>> doc = nlp("Valdorian Foreign Minister Irena Kovač said talks would resume.")
    >>> m = find_mentions(doc)[1]
    >>> (m.text, m.role, m.party_cue)
    ('Irena Kovač', 'Foreign Minister', 'Valdorian')

Steps 1-3 work on token spans and live in :mod:`communique.annotate.entity_spans`; step 4,
which reads each span's surroundings, is here.

The gazetteer (:mod:`communique.annotate.gazetteer`) is general world knowledge: countries with
their aliases, demonyms, capitals and seats of government, intergovernmental organisations,
political parties, regions and legislatures.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from spacy.tokens import Doc, Span, Token

from communique.annotate.allies import find_allies
from communique.annotate.entity_spans import (
    DETERMINERS,
    POSSESSIVES,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    ROLE_PREPOSITIONS,
    Ent,
    add_missed,
    clean_span,
    drop_common_words,
    headings_and_places,
    is_punct,
    is_role_lexicon,
    join_chamber_groups,
    relabel,
    split_member_label,
    split_swallowed,
    token_owner,
)
from communique.annotate.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    default_gazetteer,
    fold_name,
    load_gazetteer,
)

__all__ = [
    "ENTITY_LABELS",
    "ROLE_HEADS",
    "ROLE_MODIFIERS",
    "Gazetteer",
    "GazetteerEntry",
    "Mention",
    "default_gazetteer",
    "find_mentions",
    "fold_name",
    "load_gazetteer",
    "repaired_spans",
]


ENTITY_LABELS: Final = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
"""spaCy labels kept as mentions; numbers, dates and languages are other stages' business."""

# Heads whose organisation premodifier is where they are posted, not whom they speak for:
# a "UN ambassador" is a country's ambassador to the UN.
_POSTED_TO: Final = frozenset({"ambassador", "representative", "delegate", "observer"})
# Common nouns for a government that make a possessive part of a role, not an owner.
_EXECUTIVE_NOUNS: Final = frozenset({"administration", "government", "cabinet"})
_SIDE_LABELS: Final = frozenset({"NORP", "GPE"})
_DEMONYM_ENDINGS: Final = ("an", "ese", "ish", "i", "ic")
_CUE_KIND: Final = MappingProxyType(
    {"NORP": "side", "GPE": "side", "LOC": "side", "ORG": "org", "PERSON": "owner"}
)
# Dependents that start a clause inside an apposition: where its role phrase ends.
_CLAUSE_DEPS: Final = frozenset(
    {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "parataxis", "ccomp", "xcomp"}
)
_MAX_ROLE_TOKENS: Final = 12


@dataclass(frozen=True, slots=True)
class Mention:
    """One named entity in one document, with what the text says about its role and side.

    ``start``/``end`` are character offsets into the document text; ``label`` is a spaCy label.
    ``role`` is the title or function around a person ("Foreign Minister", "head of
    delegation"), with nationality cues taken out. ``party_cue`` is the words that say which side
    the mention speaks for, as written ("Valdorian", "Valdoria's", "of Valdoria", "Kremlin");
    ``cue_start``/``cue_end`` are its character offsets.
    """

    start: int
    end: int
    text: str
    label: str
    role: str | None = None
    party_cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    allies: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class _Context:
    """One document's working state, shared by the role and cue readers."""

    doc: Doc
    gaz: Gazetteer
    owner: list[Ent | None]  # the entity each token belongs to
    sent_start: list[int]  # the first token of each token's sentence


def _sentence_starts(doc: Doc) -> list[int]:
    """Each token's sentence start, computed once (``Token.sent`` rescans the document)."""
    starts = [0] * len(doc)
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        for sent in doc.sents:
            starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
    return starts


def find_mentions(
    doc: Doc,
    *,
    labels: Collection[str] = ENTITY_LABELS,
    gazetteer: Gazetteer | None = None,
) -> list[Mention]:
    """Every named entity in ``doc`` (a parsed spaCy Doc), cleaned, with role and side cues.

    Mentions come in text order. ``labels`` keeps only those spaCy labels.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    sent_start = _sentence_starts(doc)
    raw = (clean_span(doc, e.start, e.end, e.label_, gaz) for e in doc.ents)
    ents = [e for e in raw if e is not None and not _title_fragment(doc, e)]
    ents = split_swallowed(doc, drop_common_words(doc, ents), gaz)
    ents = headings_and_places(doc, ents, gaz, sent_start)
    ents = _people_by_title(_Context(doc, gaz, token_owner(doc, ents), sent_start), ents)
    ents = relabel(doc, ents, gaz)
    ents = join_chamber_groups(doc, add_missed(doc, ents, gaz, sent_start), gaz)
    ctx = _Context(doc, gaz, token_owner(doc, ents), sent_start)
    index = {(e.start, e.end): k for k, e in enumerate(ents)}

    def owner(i: int) -> int | None:
        held = ctx.owner[i]
        return index[(held.start, held.end)] if held is not None else None

    allies = find_allies(doc, [((e.start, e.end), e.label) for e in ents], owner=owner)
    return [
        _mention(ctx, ent, allies=found)
        for ent, found in zip(ents, allies, strict=True)
        if ent.label in labels
    ]


def repaired_spans(doc: Doc, *, gazetteer: Gazetteer | None = None) -> list[Span]:
    """``doc.ents`` with the spans NER made of two names split apart ("envoy for Ukraine Jo
    Ray", "Ohio Republican"), for passes that read spaCy's spans rather than mentions."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    ents = [Ent(e.start, e.end, e.label_) for e in doc.ents]
    split = split_swallowed(doc, ents, gaz)
    parts = [part for e in split for part in split_member_label(doc, e, gaz)]
    return [Span(doc, e.start, e.end, label=e.label) for e in parts]


def _mention(ctx: _Context, ent: Ent, *, allies: tuple[tuple[int, int, str], ...] = ()) -> Mention:
    doc = ctx.doc
    role: str | None = None
    cue: tuple[int, int] | None = None
    if ent.label == "PERSON" or (ent.label == "ORG" and not _titles_someone(doc, ent)):
        role, cue = _role_and_cue(ctx, ent)
    first, last = doc[ent.start], doc[ent.end - 1]
    start, end = first.idx, last.idx + len(last.text)
    return Mention(
        start=start,
        end=end,
        text=doc[ent.start : ent.end].text,
        label=ent.label,
        role=role,
        party_cue=doc[cue[0] : cue[1]].text if cue else None,
        cue_start=doc[cue[0]].idx if cue else None,
        cue_end=doc[cue[1] - 1].idx + len(doc[cue[1] - 1].text) if cue else None,
        allies=allies,
    )


# --- 4. roles and side cues --------------------------------------------------------------


def _role_and_cue(ctx: _Context, ent: Ent) -> tuple[str | None, tuple[int, int] | None]:
    """Role and cue span from premodifiers first, then an apposition, then "of <place>"; a
    legislator's party label ("(D-Ore.)") is the surest cue and wins over all of them."""
    role, cue = _premodifiers(ctx, ent)
    label = _party_label(ctx, ent) if ent.label == "PERSON" else None
    if label is not None:
        cue = label
    if ent.label == "PERSON" and (role is None or cue is None):
        appos_role, appos_cue = _apposition(ctx, ent)
        role = role or appos_role
        cue = cue or appos_cue
    if cue is None:
        cue = _trailing_of(ctx, ent, organisations=role is not None)
    if cue is None and ent.label == "PERSON":
        cue = _led_group(ctx, ent)
    return role, cue


# Verbs of leading a group: "Jo Ray, who chairs the Valdorian Party caucus," speaks for it.
_LEADS: Final = frozenset({"chair", "lead", "head", "run", "direct"})


def _led_group(ctx: _Context, ent: Ent) -> tuple[int, int] | None:
    """The party word of the group a relative clause says the person leads ("Jo Ray, who
    leads the Republican caucus,"): the leader of a party's group speaks for that party."""
    root = ctx.doc[ent.start : ent.end].root
    for clause in root.children:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in _LEADS:
            continue
        for obj in clause.children:
            if obj.dep_ != "dobj":
                continue
            member = _party_modifier(ctx, obj)
            if member is None:
                member = next((t for t in obj.subtree if _is_party_member(ctx, t)), None)
            if member is not None:
                return member.i, member.i + 1
    return None


def _party_label(ctx: _Context, ent: Ent) -> tuple[int, int] | None:
    """ "Jo Ray (D-Ore.)", "Jo Ray, R-Idaho,", "Jo Ray (D)": the party label after a name."""
    doc, i = ctx.doc, ent.end
    if i < len(doc) and doc[i].text in POSSESSIVES:
        i += 1  # "Sen. Jo Ray's (R-Maine) vote"
    opened = i < len(doc) and doc[i].text == "("
    if i < len(doc) and doc[i].text in ("(", ","):
        i += 1
    if i >= len(doc) or len(doc[i].text) != 1 or not doc[i].is_upper:
        return None
    if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].text[:1].isupper():
        span = (i, i + 3)
    elif opened and i + 1 < len(doc) and doc[i + 1].text == ")":
        span = (i, i + 1)
    else:
        return None
    return span if ctx.gaz.affiliation(doc[span[0] : span[1]].text) is not None else None


def _names_a_person(ctx: _Context, ent: Ent) -> bool:
    """A name NER called an organisation but that carries a person's title is a person:
    "Defence Minister Marek Duval", "Marek Duval, the foreign minister of Ostria"."""
    if ctx.gaz.lookup(ctx.doc[ent.start : ent.end].text):
        return False
    before = ctx.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ in ROLE_HEADS and ent.end - ent.start > 1:
        return _premodifiers(ctx, ent)[0] is not None
    return _apposition(ctx, ent)[0] is not None


def _people_by_title(ctx: _Context, ents: list[Ent]) -> list[Ent]:
    return [
        Ent(e.start, e.end, "PERSON") if e.label == "ORG" and _names_a_person(ctx, e) else e
        for e in ents
    ]


def _title_fragment(doc: Doc, ent: Ent) -> bool:
    """ "Defense" in "Defense Minister", "State" in "Secretary of State": NER calls these
    organisations, but they are words of a title."""
    if ent.label != "ORG" or not all(is_role_lexicon(t) for t in doc[ent.start : ent.end]):
        return False
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 2] if ent.start > 1 and doc[ent.start - 1].lower_ == "of" else None
    return any(t is not None and is_role_lexicon(t) for t in (after, before))


def _titles_someone(doc: Doc, ent: Ent) -> bool:
    """ "UN" in "UN Ambassador Vasily X" is part of a title, not an actor with its own cue."""
    if ent.end >= len(doc):
        return False
    following = doc[ent.end].lower_
    return following in ROLE_HEADS or following in ROLE_MODIFIERS


def _side_label(ctx: _Context, token: Token) -> str:
    """The entity label that matters for cues: NER's, the gazetteer's for a bare token, or
    NORP for a capitalised adjective shaped like a demonym ("Ostrian") that NER left out."""
    ent = ctx.owner[token.i]
    if ent is not None:
        known = ctx.gaz.lookup(ctx.doc[ent.start : ent.end].text)
        # A state or province says where someone is from, never whom they speak for.
        return "" if known is not None and known.kind == "region" else ent.label
    entry = ctx.gaz.surfaces.get(token.text)
    if entry is not None:
        return entry.label
    if (
        token.pos_ == "ADJ"
        and token.is_title
        and token.lower_.endswith(_DEMONYM_ENDINGS)
        and token.lower_ not in ROLE_MODIFIERS
    ):
        return "NORP"
    return ""


def _premodifiers(ctx: _Context, ent: Ent) -> tuple[str | None, tuple[int, int] | None]:
    """Read leftwards from the name: "Valdorian Foreign Minister |Irena Kovač|"."""
    segments = _scan_left(ctx, ent)
    if not segments:
        return None, None
    role_tokens = [t for kind, s, e in segments if kind != "side" for t in ctx.doc[s:e]]
    has_head = any(t.lower_ in ROLE_HEADS for t in role_tokens)
    # "envoy for Valdoria", "ambassador to Ostria": where one is posted is not one's side.
    sides = [
        (s, e)
        for kind, s, e in segments
        if kind == "side" and not (s > 0 and ctx.doc[s - 1].lower_ in ("for", "to"))
    ]
    if not has_head:
        kind, s, e = segments[-1]
        return None, ((s, e) if kind == "side" and (s, e) in sides else None)
    head = next(t.lower_ for t in reversed(role_tokens) if t.lower_ in ROLE_HEADS)
    cue = sides[-1] if sides else None
    if cue is None and head not in _POSTED_TO:
        cue = next(((s, e) for kind, s, e in reversed(segments) if kind in ("org", "owner")), None)
    return _role_text(role_tokens, ent.label), cue


def _scan_left(ctx: _Context, ent: Ent) -> list[tuple[str, int, int]]:
    """Segments (kind, start, end) left of the name: side, org, owner (a possessive name), role."""
    doc, owner = ctx.doc, ctx.owner
    segments: list[tuple[str, int, int]] = []
    i = ent.start - 1
    sent_start = ctx.sent_start[ent.start]
    while i >= sent_start:
        token = doc[i]
        possessive = token.text in POSSESSIVES and i - 1 >= sent_start
        j = i - 1 if possessive else i
        label = _side_label(ctx, doc[j])
        other = owner[j]
        begin = other.start if other is not None else j
        if label in _SIDE_LABELS | {"LOC"}:
            segments.append(("side", begin, i + 1))
        elif label == "ORG":
            segments.append(("org", begin, i + 1))
        elif label == "PERSON" and (possessive or (segments and segments[-1][0] == "role")):
            segments.append(("owner", begin, i + 1))  # "Duval's aide", "Duval aide"
        elif possessive and doc[j].lower_ in _EXECUTIVE_NOUNS:
            segments.append(("role", j, i + 1))  # "the administration's negotiator"
            begin = j
        elif possessive or label or not _role_word(doc, i, segments):
            break
        else:
            segments.append(("role", i, i + 1))
            begin = i
        i = begin - 1
    segments.reverse()
    while segments and segments[0][0] == "role" and doc[segments[0][1]].text in ("-", "of"):
        segments.pop(0)
    return segments


def _role_word(doc: Doc, i: int, right: list[tuple[str, int, int]]) -> bool:
    token = doc[i]
    if token.lower_ in ROLE_HEADS or token.lower_ in ROLE_MODIFIERS:
        return True
    if token.text in ("-", "of"):
        # Glue only between title words: "Secretary-General", "Secretary of State".
        return bool(right) and right[-1][0] in ("role", "org") and doc[i + 1].text[:1].isupper()
    capitalised = token.is_alpha and (token.is_title or token.is_upper)
    return capitalised and token.pos_ in ("PROPN", "NOUN", "ADJ") and not token.is_sent_start


def _apposition(ctx: _Context, ent: Ent) -> tuple[str | None, tuple[int, int] | None]:
    """ "Kovač, the head of Valdoria's delegation," or "The head of ..., Irena Kovač,"."""
    doc, owner = ctx.doc, ctx.owner
    root = doc[ent.start : ent.end].root
    inside = set(range(ent.start, ent.end))
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and _is_party_member(ctx, child):
            return None, (child.i, child.i + 1)  # "Jo Ray, Democrat of Oregon," "a Tory MP"
        if _party_of_place(ctx, ent, child):
            return None, (child.i, child.i + 1)
        if child.dep_ == "appos" and child.i >= ent.end and owner[child.i] is None:
            tokens = _phrase(child, exclude=inside)
            member = _party_modifier(ctx, child)
            if member is not None:  # "Jo Ray, an Ohio Republican and party whip,"
                role = _role_from_phrase(ctx, tokens, child)[0] if tokens else None
                return role, (member.i, member.i + 1)
            if tokens and _is_role_noun(child):
                return _role_from_phrase(ctx, tokens, child)
    head = root.head
    if root.dep_ == "appos" and head.i < ent.start and _is_role_noun(head):
        below = {t.i for t in root.subtree}
        tokens = [t for t in _phrase(head, exclude=below) if t.i < ent.start]
        if tokens:
            return _role_from_phrase(ctx, tokens, head)
    return None, None


def _party_of_place(ctx: _Context, ent: Ent, token: Token) -> bool:
    """ "Jo Ray and Gov. Kim Lo, Republican of Ohio,": the label right after a name and its
    comma, which the parser sometimes hangs off the name as one more conjunct."""
    return (
        token.dep_ == "conj"
        and token.i == ent.end + 1
        and ctx.doc[ent.end].text == ","
        and _is_party_member(ctx, token)
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
    )


def _party_modifier(ctx: _Context, head: Token) -> Token | None:
    """A party word modifying an apposition's noun, where the parser hung it off a coordinated
    phrase ("an Ohio *Republican* and party whip")."""
    return next(
        (
            t
            for t in head.children
            if t.dep_ in ("amod", "nmod", "compound") and _is_party_member(ctx, t)
        ),
        None,
    )


def _is_party_member(ctx: _Context, token: Token) -> bool:
    if token.is_lower and token.text not in ctx.gaz.surfaces:
        return False  # "a conservative": a party's name is a proper noun, an ideology is not
    known = ctx.gaz.lookup(token.text)
    return known is not None and known.kind in ("demonym", "party") and bool(known.country)


def _is_role_noun(token: Token) -> bool:
    return token.lower_ in ROLE_HEADS or token.lemma_.lower() in ROLE_HEADS


def _phrase(head: Token, *, exclude: Collection[int]) -> list[Token]:
    """The noun phrase under ``head`` without clauses, as a contiguous run of tokens."""
    keep = {head.i}
    stack = [head]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "prep" and child.lower_ not in ROLE_PREPOSITIONS:
                continue  # "head of delegation | at the talks in Geneva"
            if child.dep_ not in _CLAUSE_DEPS and child.i not in exclude:
                keep.add(child.i)
                stack.append(child)
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    doc = head.doc
    tokens = [t for t in doc[lo : hi + 1] if not is_punct(t)]
    while tokens and tokens[0].lower_ in DETERMINERS:
        tokens.pop(0)
    return tokens if 0 < len(tokens) <= _MAX_ROLE_TOKENS else []


def _role_from_phrase(
    ctx: _Context, tokens: list[Token], head: Token
) -> tuple[str | None, tuple[int, int] | None]:
    """Split an apposition into its role and its cue; nationality words leave the role."""
    first, last = tokens[0].i, tokens[-1].i + 1
    for wanted in ("side", "org", "owner"):
        cue = _cue_in(ctx, first, last, wanted)
        if cue is None or (wanted == "org" and head.lower_ in _POSTED_TO):
            continue
        drop = set(range(*cue)) if wanted == "side" else set()
        role_tokens = [t for t in tokens if t.i not in drop and t.lower_ not in DETERMINERS]
        return _role_text(role_tokens, "PERSON"), cue
    role_tokens = [t for t in tokens if t.lower_ not in DETERMINERS and t.tag_ != "PRP$"]
    return _role_text(role_tokens, "PERSON"), None


def _cue_in(ctx: _Context, first: int, last: int, wanted: str) -> tuple[int, int] | None:
    """The first cue of kind ``wanted`` between token ``first`` and ``last``, with its "of"/'s."""
    doc, owner = ctx.doc, ctx.owner
    i = first
    while i < last:
        label = _side_label(ctx, doc[i])
        other = owner[i]
        end = min(other.end, last) if other is not None else i + 1
        if _CUE_KIND.get(label) == wanted:
            start = i
            if end < last and doc[end].text in POSSESSIVES:
                end += 1
            elif end == last:
                start = _extend_of(doc, start, first)
            return start, end
        i = end
    return None


def _extend_of(doc: Doc, start: int, floor: int) -> int:
    """Take in a preceding "of (the)" so the cue reads "of Valdoria"."""
    j = start - 1
    if j > floor and doc[j].lower_ in DETERMINERS:
        j -= 1
    return j if j >= floor and doc[j].lower_ in ("of", "for", "to", "from") else start


def _trailing_of(ctx: _Context, ent: Ent, *, organisations: bool = False) -> tuple[int, int] | None:
    """ "King Abdul of Valdoria", "the Foreign Ministry of Valdoria"; with ``organisations``
    (a person with a role) also "union leader Jo Ray of the Dockworkers' Union"."""
    doc = ctx.doc
    i = ent.end
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return None
    j = i + 2 if doc[i + 1].lower_ == "the" and i + 2 < len(doc) else i + 1
    wanted = ("GPE", "NORP", "ORG") if organisations else ("GPE", "NORP")
    if _side_label(ctx, doc[j]) not in wanted:
        return None
    other = ctx.owner[j]
    end = other.end if other is not None else j + 1
    if end < len(doc) and doc[end].lower_ in ("state", "county", "province"):
        return None  # "Jo Ray of Washington state": a home, not a capital speaking
    return i, end


def _role_text(tokens: list[Token], label: str) -> str | None:
    """Join role tokens; "delegation head" reads "head of delegation" like the apposition."""
    text = "".join(t.text_with_ws for t in tokens).strip()
    text = " ".join(text.split())
    if not text:
        return None
    words = text.split(" ")
    if len(words) > 1 and words[-1].lower() == "head" and label == "PERSON":
        return f"{words[-1]} of {' '.join(words[:-1])}"
    return text
