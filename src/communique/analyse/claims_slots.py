"""What one clause asserts, beyond what the language layer already read.

The layer gives claim checking its names (entities with roles and titles), days (TIMEX
values), figures (spaCy's MONEY/CARDINAL/QUANTITY/PERCENT with what they count) and speakers
(quotes); :mod:`communique.analyse.claims_layers` reads them. This module keeps what the
layer has no equivalent for, and the comparisons:

* slots the layer does not read: the place an event happened ("in Carrick"), who leads a
  delegation ("led by X", "X, head of the delegation"), and who is gaining ground;
* the predicate class (agree, reject, offer, demand ...), because sentence embeddings put
  "agreed to the offer" and "rejected the offer" side by side;
* cues: denial, opinion, boilerplate, questions, quoted share;
* whether two figures, two days or two titles can both be right.

Every offset is absolute (an offset into the document text), so evidence points back to the
words that say it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from communique.analyse.name_keys import translit_key
from communique.annotate.entities import default_gazetteer, fold_name

__all__ = [
    "PLACE_LABELS",
    "DateValue",
    "Entity",
    "Quantity",
    "Slot",
    "dates_agree",
    "denies_previous",
    "find_slots",
    "has_vague_number",
    "is_boilerplate",
    "is_denial",
    "is_money",
    "is_opinion",
    "is_question",
    "name_key",
    "name_words",
    "places_agree",
    "plausibly_one_count",
    "predicate_classes",
    "quantities_agree",
    "quoted_share",
    "same_name",
    "titles_agree",
]

Qualifier = Literal["exact", "about", "at_least", "at_most"]
DateKind = Literal["day", "weekday", "month_day"]
SlotKind = Literal["place", "title", "leader", "gaining"]

PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})
PERSON_LABELS: Final = frozenset({"PERSON", ""})  # "": a name found without a labeller
PARTY_LABELS: Final = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", ""})


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity inside a sentence; offsets are absolute, ``label`` a spaCy label or ""."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts: ``unit`` is the counted noun, singular ("prisoner"), or
    ``%`` + the noun for a percentage. ``qualifier`` keeps "about", "more than", "up to", so
    "more than 1,000" and "1,200" are not read as a disagreement."""

    value: float
    unit: str
    qualifier: Qualifier
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateValue:
    """A day the sentence names: ``value`` is ``YYYY-MM-DD`` (kind ``day``), a weekday name in
    lower case (``weekday``) or ``MM-DD`` (``month_day``)."""

    value: str
    kind: DateKind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Slot:
    """A place, title, delegation leader or side gaining ground.

    ``key`` says what the value is about (the person a title belongs to plus the role, the
    delegation's owner, or "" when unnamed); ``value`` is readable text ("former defence
    minister", "Tessa Orme").
    """

    kind: SlotKind
    key: str
    value: str
    start: int
    end: int
    text: str


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- names -----------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def name_key(surface: str) -> str:
    """Spelling-insensitive key of a name; a known country or demonym takes its gazetteer name.

    Cached: one name is read in every report of a claim and in every comparison.
    """
    entry = default_gazetteer().lookup(surface)
    return translit_key(fold_name(entry.name if entry else surface))


_DEMONYM_ENDINGS: Final = (
    "ians",
    "ian",
    "ans",
    "an",
    "ese",
    "ish",
    "ia",
    "is",
    "a",
    "e",
    "i",
    "n",
    "s",
)


def _stem(word: str) -> str:
    for ending in _DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def same_name(a: str, b: str) -> bool:
    """Two name keys for one entity: equal, a lone surname of a full name ("kovac" / "irena
    kovac"), or a place and its demonym ("valdoria" / "valdorian")."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return False
    if (len(wa) == 1 or len(wb) == 1) and wa[-1] == wb[-1]:
        return True
    return len(wa) == 1 and len(wb) == 1 and _stem(wa[0]) == _stem(wb[0])


_GENERIC_NAME_WORDS: Final = frozenset(
    translit_key(w)
    for w in _words(
        "ministry minister defence defense foreign interior affairs union party forces army "
        "government council state states national republic office press news agency committee "
        "front people federation association general staff department service services "
        "international united new the and for workers employees company group bank "
        "corporation holdings airlines shipping times post daily port saint mount lake river cape "
        "fort city town district region province"
    )
)


def name_words(key: str) -> frozenset[str]:
    """The distinctive word stems of a name key: "korvanian defence ministry" -> {"korvan"}.

    Two sentences are about the same parties when these overlap; generic words ("ministry",
    "union") say nothing about which one.
    """
    return frozenset(_stem(w) for w in key.split() if len(w) > 2 and w not in _GENERIC_NAME_WORDS)


# --- quantities ------------------------------------------------------------------------------

_VAGUE_RE: Final = re.compile(r"\b(?:dozens|hundreds|thousands|millions|scores) of\b", re.I)


def has_vague_number(sentence: str) -> bool:
    return bool(_VAGUE_RE.search(sentence))


def _fits(a: Quantity, b: Quantity) -> bool:
    """Whether two reports of one count can both be true."""
    lo, hi = sorted((a.value, b.value))
    if a.value == b.value:
        return True
    for x, y in ((a, b), (b, a)):
        if x.qualifier == "at_least" and y.value >= x.value:
            return True
        if x.qualifier == "at_most" and y.value <= x.value:
            return True
    for x in (a, b):
        # "about 1,000" is loose to its round thousand, "some $156 billion" only to the
        # billion it names: a hedge is as wide as the figure's last significant digit.
        if x.qualifier == "about" and (hi - lo) <= min(0.15 * hi, _last_digit(x.value)):
            return True
    return False


def _last_digit(value: float) -> float:
    """The place of a number's last non-zero digit: 156e9 -> 1e9, 1200 -> 100, 2.5 -> 0.1."""
    if value <= 0:
        return 0.0
    digits = f"{value:.6e}".split("e")
    mantissa, exponent = digits[0].replace(".", "").rstrip("0"), int(digits[1])
    return float(10 ** (exponent - max(0, len(mantissa) - 1)))


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    return _fits(a, b)


_PLAUSIBLE_RATIO: Final = 1.5


def plausibly_one_count(a: Quantity, b: Quantity) -> bool:
    """Two figures that could be reports of one count: within half again of each other.
    Outlets that disagree on a figure are off by a few per cent, a fifth at most ("1,000" /
    "1,200"); "$360 billion" beside "$125 billion" counts two different things."""
    lo, hi = sorted((abs(a.value), abs(b.value)))
    return lo > 0 and hi <= _PLAUSIBLE_RATIO * lo


def is_money(q: Quantity) -> bool:
    """A sum of money ("usd:good", "money:"): sums in one clause and another are one fact
    only if some two of them are one count."""
    return ":" in q.unit and not q.unit.startswith("%")


# --- dates -----------------------------------------------------------------------------------

_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _date_pair(a: DateValue, b: DateValue) -> bool | None:
    """True/False when the two can be compared and agree/disagree; None when incomparable."""
    if a.kind == b.kind:
        return a.value == b.value
    if a.kind != "day":
        a, b = b, a
    if a.kind != "day":
        return None  # a weekday against a month-day says nothing without a year
    day = dt.date.fromisoformat(a.value)
    if b.kind == "weekday":
        return _WEEKDAYS[day.weekday()] == b.value
    return a.value[5:] == b.value


def dates_agree(a: Sequence[DateValue], b: Sequence[DateValue]) -> bool | None:
    """Whether two mentions, each naming one day, name the same day (None: cannot tell).

    A mention that names two different days ("said on Monday that ... on Friday") is not
    compared: which day is the event's is not known.
    """
    if not a or not b:  # nothing to compare (most pairs of clauses: checked first, as cheap)
        return None
    for side in (a, b):
        if len(side) > 1 and any(_date_pair(x, y) is False for x in side for y in side):
            return None
    verdicts = [v for x in a for y in b if (v := _date_pair(x, y)) is not None]
    if not verdicts:
        return None
    return all(verdicts)


# --- slots -----------------------------------------------------------------------------------

_MODIFIERS: Final = frozenset(
    {"former", "ex", "then", "acting", "deputy", "vice", "interim", "outgoing", "incoming"}
)
_LED_BY_RE: Final = re.compile(r"\b(?:led|headed|chaired|fronted)\s+by\s+(?:[\w'’-]+\s+){0,4}$")
_LEADS_AFTER_RE: Final = re.compile(
    r"(?:\s*,\s*(?:who\s+)?|\s+)(?:leads|led|heads|headed|is leading|was leading|will lead|"
    r"would lead|is heading|was heading|will head)\s+(?P<what>(?:\S+\s+){0,4}?"
    r"(?:delegation|negotiating team|team|negotiators))\b"
    r"|\s*,\s*(?:the\s+)?(?:head|leader|chief)\s+of\s+(?P<what2>(?:\S+\s+){0,4}?"
    r"(?:delegation|negotiating team|team|negotiators))\b"
)
_DELEGATION_RE: Final = re.compile(r"\b(?:delegation|negotiating team|negotiators)\b")
_GAINING_RE: Final = re.compile(
    r"(?:'s)?(?:\s+(?:forces|troops|army|side|fighters|units|camp|party|campaign))?"
    r"\s+(?:is\s+|are\s+|was\s+|were\s+|has\s+been\s+|have\s+been\s+|appears?\s+to\s+be\s+|"
    r"seems?\s+to\s+be\s+)?(?:gaining ground|gained ground|gains ground|making gains|made gains|"
    r"has the upper hand|have the upper hand|gained the upper hand|gaining the upper hand|"
    r"advancing|on the offensive|winning)\b"
)
_MOMENTUM_RE: Final = re.compile(
    r"\b(?:momentum|the upper hand|the advantage)\s+(?:is|was|has shifted|shifted|lies)\s+"
    r"(?:with|to|in favou?r of)\s+$"
)
_PLACE_BEFORE_RE: Final = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")


def titles_agree(a: str, b: str) -> bool:
    """Whether two titles of one person can both be right.

    "former defence minister" vs "defence minister" disagree, and so do "foreign minister" vs
    "defence minister"; "minister" vs "defence minister" do not (one report is only less
    specific), nor "special envoy" vs "CNS special envoy". Longer descriptions ("White House
    economic adviser" / "senior economic adviser") describe one post in other words: only a
    one-word office against another one-word office is a disagreement.
    """
    wa, wb = a.split(), b.split()
    if {w for w in wa if w in _MODIFIERS} != {w for w in wb if w in _MODIFIERS}:
        return False
    da = {w for w in wa[:-1] if w not in _MODIFIERS}
    db = {w for w in wb[:-1] if w not in _MODIFIERS}
    return da <= db or db <= da or len(da) > 1 or len(db) > 1


def _owner(what: str, what_start: int, entities: Sequence[Entity]) -> str:
    for ent in entities:
        if what_start <= ent.start < what_start + len(what) and ent.label in PARTY_LABELS:
            return name_key(ent.text)
    return ""


def _leader_owner(sentence: str, base: int, ent: Entity, entities: Sequence[Entity]) -> str | None:
    """The key of the delegation ``ent`` leads ("" when unnamed), or None when not a leader."""
    rel = ent.start - base
    if _LED_BY_RE.search(sentence[:rel]):
        found = list(_DELEGATION_RE.finditer(sentence, 0, rel))
        if not found:
            return ""
        lo = max(0, found[-1].start() - 40)
        return _owner(sentence[lo : found[-1].end()], base + lo, entities)
    after = _LEADS_AFTER_RE.match(sentence, ent.end - base)
    if after is None:
        return None
    group = "what" if after.group("what") else "what2"
    return _owner(after.group(group), base + after.start(group), entities)


def _leaders(sentence: str, base: int, entities: Sequence[Entity]) -> list[Slot]:
    out: list[Slot] = []
    for ent in entities:
        if ent.label in PERSON_LABELS:
            owner = _leader_owner(sentence, base, ent, entities)
            if owner is not None:
                out.append(Slot("leader", owner, ent.text, ent.start, ent.end, ent.text))
    return out


def _gaining(sentence: str, base: int, entities: Sequence[Entity]) -> list[Slot]:
    out: list[Slot] = []
    for ent in entities:
        if ent.label not in PARTY_LABELS:
            continue
        rel_end = ent.end - base
        if _GAINING_RE.match(sentence, rel_end) or _MOMENTUM_RE.search(
            sentence[: ent.start - base]
        ):
            out.append(Slot("gaining", "", ent.text, ent.start, ent.end, ent.text))
    return out


def _one_edit(a: str, b: str) -> bool:
    """One letter changed, added, dropped or two swapped: a misspelling ("Istambul")."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    head = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) == len(b):
        rest_a, rest_b = a[head + 1 :], b[head + 1 :]
        swapped = a[head : head + 2] == b[head : head + 2][::-1] and a[head + 2 :] == b[head + 2 :]
        return rest_a == rest_b or swapped
    return a[head:] == b[head + 1 :]


_MIN_MISSPELT: Final = 5


def _country_of(surface: str) -> tuple[str, str] | None:
    """(the country a known place lies in, what kind of place it is), from the gazetteer."""
    entry = default_gazetteer().lookup(surface)
    if entry is None:
        return None
    if entry.kind == "country":
        return entry.name, "country"
    if entry.kind in ("capital", "seat") and entry.party:
        return entry.party, "city"
    if entry.kind == "region" and entry.country:
        return entry.country, "region"
    return None


def places_agree(a: str, b: str) -> bool | None:
    """Whether two places given for one event can both be right (None: cannot tell).

    The same place spelt alike, misspelt by a letter ("Istambul") or named in more words ("New
    York" / "New York City") agrees; so does a place inside the other as far as the gazetteer
    knows (a capital and its country). Places the gazetteer puts in different countries, or
    two different cities, disagree. A place it does not know beside a country or region may
    lie inside it (a city in Turkey): no verdict. Two unknown places of the same kind differ.
    """
    ka, kb = name_key(a), name_key(b)
    if (
        same_name(ka, kb)
        or set(ka.split()) <= set(kb.split())
        or set(kb.split()) <= set(ka.split())
    ):
        return True
    ca, cb = _country_of(a), _country_of(b)
    if ca is not None and cb is not None:
        if ca[0] != cb[0]:
            return False
        if "country" in (ca[1], cb[1]):
            return True
        return False if ca[1] == cb[1] == "city" else None
    if min(len(ka), len(kb)) >= _MIN_MISSPELT and _one_edit(ka, kb):
        return True
    known = ca or cb
    if known is not None and known[1] != "city":
        return None
    return False


def _places(sentence: str, base: int, entities: Sequence[Entity]) -> list[Slot]:
    # Keyed by the entity label: a facility and a city are not two answers to one question.
    out = [
        Slot("place", ent.label, ent.text, ent.start, ent.end, ent.text)
        for ent in entities
        if ent.label in PLACE_LABELS and _PLACE_BEFORE_RE.search(sentence[: ent.start - base])
    ]
    # Two places that do not agree: which is the event's is not known.
    apart = any(places_agree(x.value, y.value) is False for x in out for y in out)
    return [] if apart else out


def find_slots(sentence: str, base: int, entities: Sequence[Entity]) -> list[Slot]:
    """Places, titles, delegation leaders and sides gaining ground in one sentence.

    A sentence that puts events in two places is given no place: which is the event's is not
    known, and a wrong slot makes a false contradiction.
    """
    return [
        *_places(sentence, base, entities),
        *_leaders(sentence, base, entities),
        *_gaining(sentence, base, entities),
    ]


# --- predicates and cues ---------------------------------------------------------------------

_PREDICATES: Final = {
    "agree": r"agree[sd]?|agreeing|accept(?:s|ed|ing)?|approv(?:e|es|ed|ing)|sign(?:s|ed|ing)?|"
    r"ratif(?:y|ies|ied)|settle[sd]?|struck a deal|reached (?:a|an) (?:deal|agreement|accord)",
    "reject": r"reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|turn(?:s|ed)? down|"
    r"veto(?:es|ed)?|spurn(?:s|ed)?",
    "offer": r"offer(?:s|ed|ing)?|propos(?:e|es|ed|ing)|tabled?|put forward|present(?:s|ed)",
    "demand": r"demand(?:s|ed|ing)?|call(?:s|ed)? for|insist(?:s|ed)? on|press(?:es|ed)? for|"
    r"ask(?:s|ed)? for|seek(?:s|ing)?|sought",
    "release": r"releas(?:e|es|ed|ing)|free[sd]?|freeing|exchang(?:e|es|ed)|swap(?:s|ped)|"
    r"hand(?:s|ed)? over",
    "detain": r"detain(?:s|ed)?|arrest(?:s|ed)?|captur(?:e|es|ed)|seiz(?:e|es|ed)|jail(?:s|ed)?",
    "strike": r"walk(?:s|ed)? out|walkout|went on strike|go on strike|strik(?:e|es|ing)\b(?! a)",
    "meet": r"meet(?:s|ing)?|met|convene[sd]?|gather(?:s|ed)|held talks|hold talks",
    "begin": r"resum(?:e|es|ed)|beg(?:an|un|in|ins)|start(?:s|ed)|open(?:s|ed)|restart(?:s|ed)|"
    r"launch(?:es|ed)",
    "end": r"collaps(?:e|es|ed)|broke down|break(?:s)? down|end(?:s|ed)|stall(?:s|ed)|"
    r"suspend(?:s|ed)|halt(?:s|ed)|abandon(?:s|ed)|walk(?:s|ed)? away",
    "lead": r"lead(?:s|ing)?|led|head(?:s|ed)|chair(?:s|ed)",
    "attack": r"kill(?:s|ed)|attack(?:s|ed)|shell(?:s|ed)|bomb(?:s|ed)|fir(?:e|es|ed) on",
    "withdraw": r"withdr(?:aw|aws|ew|awn)|pull(?:s|ed)? out|retreat(?:s|ed)",
}
_PREDICATE_RES: Final = {k: re.compile(r"\b(?:" + v + r")\b", re.I) for k, v in _PREDICATES.items()}


def predicate_classes(sentence: str) -> frozenset[str]:
    """What the sentence says happened, coarsely: {"agree"}, {"reject", "offer"} ..."""
    return frozenset(k for k, rx in _PREDICATE_RES.items() if rx.search(sentence))


_DENIAL_RE: Final = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing)|"
    r"dismiss(?:es|ed|ing)?\b[^.]{0,60}?\b(?:as\s+)?(?:false|untrue|baseless|fabricat\w+|"
    r"groundless|nonsense|fake|lies|a lie)|"
    r"reject(?:s|ed|ing)?\s+(?:the\s+|this\s+|that\s+|these\s+|those\s+|such\s+|any\s+)?"
    r"(?:\w+\s+)?(?:claims?|reports?|allegations?|accounts?|assertions?|suggestions?|"
    r"stor(?:y|ies)|accusations?)|"
    r"nothing of the (?:kind|sort)|did not happen|didn't happen|never happened|"
    r"(?:was|is|were|are|as)\s+(?:completely\s+|totally\s+|entirely\s+|simply\s+|utterly\s+)?"
    r"(?:false|untrue|not true|baseless|fabricated|a fabrication|inaccurate)|"
    r"no such (?:agreement|deal|offer|meeting|talks|decision|plan|proposal|request)|"
    r"categorically)\b",
    re.I,
)
_NOT_A_DENIAL_RE: Final = re.compile(
    r"\bden(?:y|ies|ied|ying)\s+(?:\w+\s+)?(?:entry|access|visas?|bail|permission|the chance)\b"
    # Denying recognition ("denied acknowledging X's rule") is a refusal, a stance of its
    # own: it says nothing of whether another report is true.
    r"|\bden(?:y|ies|ied|ying)\s+(?:\w+\s+)?(?:acknowledg\w*|recogni[sz]\w*)",
    re.I,
)


_ANAPHORIC_DENIAL_RE: Final = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing))"
    r"\s+(?:that|this|it|these|those|(?:the|this|that|these|such)\s+(?:\w+\s+)?(?:claims?|"
    r"reports?|accounts?|suggestions?|allegations?|assertions?|stor(?:y|ies)))\s*(?:[.,;:!]|$|as\b)"
    r"|nothing of the (?:kind|sort)|no such thing"
    r"|^\W*(?:that|this|it)\s+(?:is|was|'s)\s+(?:\w+\s+)?(?:false|untrue|not true|wrong|a lie)",
    re.I,
)


def denies_previous(sentence: str) -> bool:
    """The denial points back ("denied that.", "Nothing of the kind was agreed"): it denies
    what the sentence before it said."""
    return bool(_ANAPHORIC_DENIAL_RE.search(sentence))


def is_denial(sentence: str) -> bool:
    """A party or outlet says a claim is untrue ("denied", "rejected this claim", "false")."""
    return bool(_DENIAL_RE.search(sentence)) and not _NOT_A_DENIAL_RE.search(sentence)


_OPINION_RE: Final = re.compile(
    r"\b(?:should|shouldn't|ought to|must|I think|we think|I believe|we believe|in my view|"
    r"in our view|in my opinion|it is time|it's time|needs? to|would be (?:wise|better|a mistake)|"
    r"I hope|we hope|hopefully|arguably|I feel|we feel|shameful|disgraceful|outrageous|"
    r"unacceptable|betrayal|humiliat\w+|(?:was|were|is|are) (?:right|wrong) to|rightly|wrongly)\b",
    re.I,
)
_BOILERPLATE_RE: Final = re.compile(
    r"\b(?:subscribe|sign up|newsletter|click here|cookies?|all rights reserved|copyright|"
    r"read more|follow us|share this|advertisement|terms of use|privacy policy|reporting by|"
    r"editing by|writing by|additional reporting|contact us|download our app)\b|©",
    re.I,
)
_QUOTED_RE: Final = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")


def is_opinion(sentence: str) -> bool:
    return bool(_OPINION_RE.search(sentence))


def is_boilerplate(sentence: str) -> bool:
    return bool(_BOILERPLATE_RE.search(sentence))


def is_question(sentence: str) -> bool:
    return sentence.rstrip(" \t\n\"'”’»)").endswith("?")


def quoted_share(sentence: str) -> tuple[float, str]:
    """(share of the sentence inside quotation marks, the quoted words)."""
    parts = [m[0][1:-1] for m in _QUOTED_RE.finditer(sentence)]
    inside = sum(len(p) + 2 for p in parts)
    return (inside / max(1, len(sentence.strip())), " ".join(parts))
