"""What one sentence asserts, read with regexes and the sentence's entities.

:mod:`communique.analyse.claims` decides which sentences are claims and which claims are the
same; this module reads the parts of a sentence that two reports of one claim can disagree on:

* quantities with what they count ("1,200 prisoners", "about 1,000 dockers", "a 4% pay rise");
* dates: a resolved day when the date layer gives one, else a weekday or a month and day;
* slots: the place an event happened ("in Carrick"), a person's title ("former defence
  minister X"), who leads a delegation ("led by X", "X, head of the delegation"), and who is
  gaining ground;
* the predicate class (agree, reject, offer, demand ...), because sentence embeddings put
  "agreed to the offer" and "rejected the offer" side by side;
* cues: denial, opinion, speculation, boilerplate, attribution.

Every offset returned is absolute (an offset into the document text), so evidence points back
to the words that say it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from communique.analyse.resolve import translit_key
from communique.annotate.entities import default_gazetteer, fold_name

__all__ = [
    "PLACE_LABELS",
    "DateValue",
    "Entity",
    "Quantity",
    "Slot",
    "attribution",
    "capitalised_names",
    "dates_agree",
    "denies_previous",
    "find_dates",
    "find_quantities",
    "find_slots",
    "has_factual_verb",
    "has_vague_number",
    "is_boilerplate",
    "is_denial",
    "is_hedged",
    "is_opinion",
    "is_question",
    "name_key",
    "name_words",
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

_NUMBER_WORDS: Final = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_MULTIPLIERS: Final = {
    "hundred": 1e2,
    "dozen": 12,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "m": 1e6,
    "bn": 1e9,
}
_QUALIFIERS: Final[dict[str, Qualifier]] = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "nearly": "about",
    "almost": "about",
    "some": "about",
    "an estimated": "about",
    "more than": "at_least",
    "over": "at_least",
    "at least": "at_least",
    "upwards of": "at_least",
    "fewer than": "at_most",
    "less than": "at_most",
    "up to": "at_most",
    "as many as": "at_most",
    "no more than": "at_most",
}
_QUANTITY_RE: Final = re.compile(
    r"(?<![\w.,/:-])"
    r"(?:(?P<qual>" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
    r"(?P<cur>[$€£])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(_NUMBER_WORDS)
    + r"|an?(?=\s(?:hundred|thousand|million|billion|dozen)\b))(?![\w:/]|[.,]\d|-\w)"
    r"(?:\s?(?P<mult>hundred|thousand|million|billion|dozen|bn|m)\b)?"
    r"(?P<pct>\s?%|\s(?:per\s?cent|percent)\b)?",
    re.IGNORECASE,
)
_VAGUE_RE: Final = re.compile(r"\b(?:dozens|hundreds|thousands|millions|scores) of\b", re.I)
_MONTHS: Final = _words(
    "january february march april may june july august september october november december"
)
_MONTH_RE: Final = "|".join(m.capitalize() for m in _MONTHS)
_IDENTIFIER_BEFORE_RE: Final = re.compile(
    r"(?:\b(?:No|Nos|Article|Resolution|Section|Chapter|Clause|Paragraph|Point|Phase|Round|"
    r"Room|Route|Page|Stage|Gate|Pier|Berth|Flight|Unit|" + _MONTH_RE + r")\.?\s*|#)$"
)
_YEAR_BEFORE_RE: Final = re.compile(r"\b(?:in|since|until|by|of|from|early|late|mid)\s+$", re.I)
_UNIT_STOP: Final = frozenset(
    _words(
        "the a an and or but were was are is be been being had has have will would could can may "
        "might on in at by for to from with of that this these those who which since after before "
        "during per than as more less including said says say while when where whose its their "
        "his her our your my over under into onto against between among about around"
    )
)
# A demonym may stand before the noun: "1,000 Saldrian prisoners".
_UNIT_RE: Final = re.compile(
    r"\s+(?:of\s+)?(?:[A-Z][a-z]+\s+)?([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?"
)


def _unit(sentence: str, pos: int, *, percent: bool, currency: str | None) -> str:
    words: list[str] = []
    m = _UNIT_RE.match(sentence, pos)
    if m:
        for word in m.groups():
            if word is None or word in _UNIT_STOP or word.endswith("ed"):
                break
            words.append(word)
    plural = [w for w in words if w.endswith("s") and not w.endswith("ss")]
    head = plural[-1] if plural else (words[0] if words else "")
    head = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    if currency:
        return f"{currency}{head}"
    return f"%{head}" if percent else head


def _number_value(text: str) -> float:
    word = text.lower()
    if word in ("a", "an"):
        return 1.0
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(text.replace(",", ""))


def _is_year(sentence: str, m: re.Match[str]) -> bool:
    num = m.group("num")
    if not (len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2099):
        return False
    if m.group("cur") or m.group("pct") or m.group("mult"):
        return False
    if _YEAR_BEFORE_RE.search(sentence[: m.start("num")]):
        return True
    # "2000 troops" is a count; "the 2021 contract" is a year.
    following = _UNIT_RE.match(sentence, m.end())
    return not (following and following[1].endswith("s") and following[1] not in _UNIT_STOP)


def find_quantities(
    sentence: str, base: int, *, skip: Sequence[tuple[int, int]] = ()
) -> list[Quantity]:
    """Counted quantities in ``sentence`` (which starts at ``base`` in the document).

    Years, days of the month, ordinals, clock times and identifiers ("Article 5") are not
    quantities; neither is anything inside a ``skip`` span (the date layer's expressions).
    """
    out: list[Quantity] = []
    for m in _QUANTITY_RE.finditer(sentence):
        start, end = m.start("num"), m.end()
        if any(s <= base + start < e for s, e in skip) or _is_year(sentence, m):
            continue
        if _IDENTIFIER_BEFORE_RE.search(sentence[: m.start("num")]):
            continue
        if re.match(r"\s(?:" + _MONTH_RE + r")\b", sentence[end:]):
            continue
        value = _number_value(m.group("num")) * _MULTIPLIERS.get((m.group("mult") or "").lower(), 1)
        currency = {"$": "usd:", "€": "eur:", "£": "gbp:"}.get(m.group("cur") or "")
        unit = _unit(sentence, end, percent=bool(m.group("pct")), currency=currency)
        qualifier = _QUALIFIERS.get((m.group("qual") or "").lower(), "exact")
        num_start = m.start("cur") if m.group("cur") else start
        text = sentence[num_start:end]
        out.append(Quantity(value, unit, qualifier, base + num_start, base + end, text))
    return out


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


# --- dates -----------------------------------------------------------------------------------

_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE: Final = re.compile(r"\b(" + "|".join(d.capitalize() for d in _WEEKDAYS) + r")\b")
_MONTH_DAY_RE: Final = re.compile(
    r"\b(?:(?P<m1>"
    + _MONTH_RE
    + r")\s+(?P<d1>\d{1,2})(?!\d)|(?P<d2>\d{1,2})\s+(?P<m2>"
    + _MONTH_RE
    + r"))\b"
)
_ISO_DAY_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def find_dates(
    sentence: str, base: int, *, resolved: Sequence[tuple[int, int, str]] = ()
) -> list[DateValue]:
    """Days named in the sentence: resolved ``(start, end, value)`` spans from the date layer
    first, then weekdays and month-days no resolved span covers."""
    out: list[DateValue] = []
    taken: list[tuple[int, int]] = []
    for start, end, value in resolved:
        if _ISO_DAY_RE.match(value[:10]) and len(value) == 10:
            out.append(DateValue(value, "day", start, end, sentence[start - base : end - base]))
            taken.append((start, end))
    for m in _WEEKDAY_RE.finditer(sentence):
        if not any(s <= base + m.start() < e for s, e in taken):
            out.append(DateValue(m[1].lower(), "weekday", base + m.start(), base + m.end(), m[0]))
    for m in _MONTH_DAY_RE.finditer(sentence):
        if any(s <= base + m.start() < e for s, e in taken):
            continue
        month = _MONTHS.index((m["m1"] or m["m2"]).lower()) + 1
        day = int(m["d1"] or m["d2"])
        if 1 <= day <= 31:
            value = f"{month:02d}-{day:02d}"
            out.append(DateValue(value, "month_day", base + m.start(), base + m.end(), m[0]))
    return out


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
    for side in (a, b):
        if any(_date_pair(x, y) is False for x in side for y in side):
            return None
    verdicts = [v for x in a for y in b if (v := _date_pair(x, y)) is not None]
    if not verdicts:
        return None
    return all(verdicts)


# --- slots -----------------------------------------------------------------------------------

_ROLES: Final = (
    "prime minister|foreign minister|defence minister|defense minister|secretary-general|"
    "secretary general|president-elect|president|premier|chancellor|minister|secretary|"
    "ambassador|envoy|spokesman|spokeswoman|spokesperson|leader|chief|governor|mayor|"
    "chairman|chairwoman|chair|head|commander|general|negotiator|director|king|queen|speaker"
)
_MODIFIERS: Final = frozenset(
    {"former", "ex", "then", "acting", "deputy", "vice", "interim", "outgoing", "incoming"}
)
_TITLE_BEFORE_RE: Final = re.compile(
    r"(?:^|(?<=[\s,(]))(?P<title>(?:(?:former|ex-|then-|acting|deputy|vice|interim|outgoing|"
    r"incoming)\s+)*(?:[A-Za-z-]+\s+){0,2}?(?:" + _ROLES + r"))\s+$",
    re.IGNORECASE,
)
_TITLE_AFTER_RE: Final = re.compile(
    r"\s*,\s*(?:the\s+|a\s+|an\s+)?(?:[A-Z]\w+'s\s+)?(?P<title>(?:(?:former|ex-|then-|acting|"
    r"deputy|vice|interim|outgoing|incoming)\s+)*(?:[a-z-]+\s+){0,2}?(?:"
    + _ROLES
    + r"))\b(?!['’]s)"
    r"(?!\s+of\s+the\s+(?:\w+\s+){0,2}delegation)"
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


_TITLE_STOP: Final = frozenset(_words("by with to of for from as at in on and the a an aide"))


def _title_value(raw: str) -> tuple[str, str]:
    """(the title as read, its role): "headed by deputy foreign minister" -> ("deputy foreign
    minister", "minister"). Words are kept from the role back to the first that cannot be part
    of a title."""
    words = raw.lower().replace("ex-", "ex ").replace("then-", "then ").split()
    role_m = re.search(r"(?:" + _ROLES + r")$", " ".join(words))
    role = role_m[0] if role_m else words[-1]
    kept = role.split()
    for word in reversed(words[: len(words) - len(kept)]):
        if word in _TITLE_STOP or (word.endswith("ed") and word not in _MODIFIERS):
            break
        kept.insert(0, word)
    role = role.split()[-1] if role.endswith("minister") and role != "prime minister" else role
    return " ".join(kept), role


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


def _entity_at(entities: Sequence[Entity], start: int, labels: frozenset[str]) -> Entity | None:
    for ent in entities:
        if ent.start == start and ent.label in labels:
            return ent
    return None


def _titles(sentence: str, base: int, entities: Sequence[Entity]) -> list[Slot]:
    out: list[Slot] = []
    for ent in entities:
        if ent.label not in PERSON_LABELS:
            continue
        before = sentence[: ent.start - base]
        floor = max((e.end - base for e in entities if e.end <= ent.start), default=0)
        m = _TITLE_BEFORE_RE.search(before[floor:])
        span: tuple[int, int] | None = None
        if m:
            span = (floor + m.start("title"), floor + m.end("title"))
        else:
            after = _TITLE_AFTER_RE.match(sentence, ent.end - base)
            if after:
                span = (after.start("title"), after.end("title"))
        if span is None:
            continue
        value, role = _title_value(sentence[span[0] : span[1]])
        key = f"{name_key(ent.text)}|{role}"
        out.append(Slot("title", key, value, base + span[0], base + span[1], ent.text))
    return out


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


def _places(sentence: str, base: int, entities: Sequence[Entity]) -> list[Slot]:
    out = [
        Slot("place", "", ent.text, ent.start, ent.end, ent.text)
        for ent in entities
        if ent.label in PLACE_LABELS and _PLACE_BEFORE_RE.search(sentence[: ent.start - base])
    ]
    return out if len({name_key(s.value) for s in out}) == 1 else []


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


_FACTUAL_RE: Final = re.compile(
    r"\b(?:"
    + "|".join(_PREDICATES.values())
    + r"|announc(?:e|es|ed)|arriv(?:e|es|ed)|attend(?:s|ed)|vot(?:e|es|ed)|elect(?:s|ed)|"
    r"appoint(?:s|ed)|resign(?:s|ed)|deploy(?:s|ed)|raise[sd]|cut|paid|pays|fell|rose|"
    r"increas(?:e|es|ed)|lost|won|fail(?:s|ed)|postpon(?:e|es|ed)|delay(?:s|ed)|cancel(?:s|led|ed)|"
    r"host(?:s|ed)|visit(?:s|ed)|return(?:s|ed)|submit(?:s|ted)|sent|receiv(?:e|es|ed)|"
    r"grant(?:s|ed)|impos(?:e|es|ed)|lift(?:s|ed)|extend(?:s|ed)|expir(?:e|es|ed)|"
    r"violat(?:e|es|ed)|breach(?:es|ed)|accus(?:e|es|ed)|filed|sued|fined|order(?:s|ed)|"
    r"bann?(?:s|ed)|block(?:s|ed)|stopp?(?:s|ed)|join(?:s|ed)|left|quit|replac(?:e|es|ed)|"
    r"named|took|taken|confirm(?:s|ed)|den(?:y|ies|ied))\b",
    re.I,
)


def has_factual_verb(sentence: str) -> bool:
    return bool(_FACTUAL_RE.search(sentence))


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
    r"\bden(?:y|ies|ied|ying)\s+(?:\w+\s+)?(?:entry|access|visas?|bail|permission|the chance)\b",
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
_HEDGE_RE: Final = re.compile(r"\b(?:might|could|perhaps|possibly|may)\b")
_BOILERPLATE_RE: Final = re.compile(
    r"\b(?:subscribe|sign up|newsletter|click here|cookies?|all rights reserved|copyright|"
    r"read more|follow us|share this|advertisement|terms of use|privacy policy|reporting by|"
    r"editing by|writing by|additional reporting|contact us|download our app)\b|©",
    re.I,
)
_QUOTED_RE: Final = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")


def is_opinion(sentence: str) -> bool:
    return bool(_OPINION_RE.search(sentence))


def is_hedged(sentence: str) -> bool:
    """Speculation ("could", "might", "perhaps") states no fact to check."""
    return bool(_HEDGE_RE.search(sentence))


def is_boilerplate(sentence: str) -> bool:
    return bool(_BOILERPLATE_RE.search(sentence))


def is_question(sentence: str) -> bool:
    return sentence.rstrip(" \t\n\"'”’»)").endswith("?")


def quoted_share(sentence: str) -> tuple[float, str]:
    """(share of the sentence inside quotation marks, the quoted words)."""
    parts = [m[0][1:-1] for m in _QUOTED_RE.finditer(sentence)]
    inside = sum(len(p) + 2 for p in parts)
    return (inside / max(1, len(sentence.strip())), " ".join(parts))


_SPEECH_VERBS: Final = (
    r"said|says|say|told|tells|announced|stated|claimed|confirmed|reported|insisted|added|"
    r"noted|wrote|denied|denies|declared|warned|argued"
)
_SPEAKER_BEFORE_RE: Final = re.compile(
    r"^(?:'s)?(?:\s+\w+){0,2}?\s*(?:,[^,]{0,60},\s*)?\s*(?:has\s+|have\s+|had\s+)?(?:"
    + _SPEECH_VERBS
    + r")\b"
)
_SPEAKER_AFTER_RE: Final = re.compile(
    r"(?:\b(?:" + _SPEECH_VERBS + r")\s+(?:\w+\s+){0,3}?|\baccording to\s+(?:\w+\s+){0,3}?)$"
)


def attribution(sentence: str, base: int, entities: Sequence[Entity]) -> str | None:
    """Who the sentence says is speaking: "according to X", "X said", "..., said X"."""
    for ent in entities:
        if _SPEAKER_AFTER_RE.search(sentence[: ent.start - base]):
            return ent.text
    for ent in reversed(entities):
        if _SPEAKER_BEFORE_RE.match(sentence[ent.end - base :]):
            return ent.text
    return None


_CAPITALISED_RE: Final = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’-]*)*")
_NOT_NAMES: Final = frozenset(
    _words(
        "The A An On In At After Before But And Or If When While As It Its This That These Those"
    )
    + _words("He She They We I His Her Their Our Some Many Most Talks Officials About According")
    + _words("More Nearly Over Several However Meanwhile Also Both Why What Who Where How")
    + _words("Former Ex Acting Deputy Vice Interim Outgoing Incoming Prime Foreign Defence Defense")
    + _words("Transport Finance Trade Labour Labor Interior Justice Health Economy Chief Head")
    + tuple(r.capitalize() for r in _ROLES.split("|") if " " not in r)
    + tuple(d.capitalize() for d in _WEEKDAYS)
    + tuple(m.capitalize() for m in _MONTHS)
)
"""Capitalised words that start a sentence or a title rather than a name."""


def capitalised_names(sentence: str, base: int) -> list[Entity]:
    """Runs of capitalised words, for callers that give no entity layer (label "")."""
    out: list[Entity] = []
    for m in _CAPITALISED_RE.finditer(sentence):
        words = m[0].split()
        start = m.start()
        while words and words[0] in _NOT_NAMES:
            start += len(words[0]) + 1
            words = words[1:]
            start = m.start() + m[0].find(words[0]) if words else start
        if not words:
            continue
        text = sentence[start : m.end()]
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        out.append(Entity(base + start, base + start + len(text), text, ""))
    return out
