"""The event trigger lexicon: which words, in which grammatical setting, mark an event type.

The words live in ``communique/data/event_lexicon.yaml`` so a user can extend them (a labour
dispute needs "walkout" and "lockout") without touching code; this module reads and checks that
file into frozen tables keyed by lemma, so matching a token is one dictionary look-up.

Types (a small negotiation-oriented set inspired by PLOVER): TALKS, PROPOSE, DEMAND, REJECT,
AGREE, CEASEFIRE, RELEASE, THREATEN, ATTACK, SANCTION, INTEND, VOTE, DEADLINE, and STATEMENT
(a dated speech, announcement or publication; PLOVER has no category for it).

Example::

    >>> lex = default_event_lexicon()
    >>> [w.type for w in lex.verbs["reject"]]
    ['REJECT']
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import yaml

from communique.errors import MalformedInput, UnreadableInput

__all__ = [
    "EVENT_TYPES",
    "EventLexicon",
    "Framing",
    "TriggerWord",
    "default_event_lexicon",
    "load_event_lexicon",
]

EVENT_TYPES: Final = (
    "TALKS",
    "PROPOSE",
    "DEMAND",
    "REJECT",
    "AGREE",
    "CEASEFIRE",
    "RELEASE",
    "THREATEN",
    "ATTACK",
    "SANCTION",
    "INTEND",
    "VOTE",
    "DEADLINE",
    "STATEMENT",
)

Framing = Literal["drop", "hypothetical", "planned", "none"]
_FRAMINGS: Final = frozenset({"drop", "hypothetical", "planned", "none"})
_WORD_KEYS: Final = frozenset(
    {
        "lemma",
        "particle",
        "object",
        "object_labels",
        "not_object",
        "needs_object",
        "prep",
        "modifier",
        "infinitive",
        "clause",
        "not_infinitive",
        "dated",
    }
)
_TYPE_KEYS: Final = frozenset(
    {"verbs", "nouns", "adjectives", "light_verbs", "occurrence_verbs", "framing"}
)
_EMPTY: Final[frozenset[str]] = frozenset()


@dataclass(frozen=True, slots=True)
class TriggerWord:
    """One lexicon entry: a lemma that marks ``type``, with the constraints it needs.

    ``particles``: one must be a particle or preposition child ("hand over", "call for").
    ``objects``/``object_labels``: the object's lemma, or its entity label, must be listed;
    ``preps`` offers an alternative (a preposition child with a non-date object).
    ``modifiers`` (nouns): a compound, adjective or "of" phrase from the list must go with it.
    ``infinitive``: True needs a to-infinitive, False forbids one, None does not care.
    ``clause``: needs a "that" clause ("warned that it would retaliate").
    ``not_infinitives``: infinitives that undo it ("asked not to be named").
    ``dated``: only with a calendar date of its own ("said on Friday"), for words too common
    to be news without one.
    """

    lemma: str
    type: str
    particles: frozenset[str] = _EMPTY
    objects: frozenset[str] = _EMPTY
    object_labels: frozenset[str] = _EMPTY
    not_objects: frozenset[str] = _EMPTY
    needs_object: bool = False
    preps: frozenset[str] = _EMPTY
    modifiers: frozenset[str] = _EMPTY
    infinitive: bool | None = None
    clause: bool = False
    not_infinitives: frozenset[str] = _EMPTY
    dated: bool = False


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """The trigger tables, keyed by lemma (a lemma may trigger several types)."""

    verbs: Mapping[str, tuple[TriggerWord, ...]]
    nouns: Mapping[str, tuple[TriggerWord, ...]]
    adjectives: Mapping[str, tuple[TriggerWord, ...]]
    light_verbs: Mapping[str, frozenset[str]]
    occurrence_verbs: Mapping[str, frozenset[str]]
    framing: Mapping[str, Framing]
    quantifiers: frozenset[str]
    party_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    planned_governors: frozenset[str]
    hypothetical_governors: frozenset[str]
    negating_governors: frozenset[str]
    lists: Mapping[str, frozenset[str]]


_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_event_lexicon(path: Path | None = None) -> EventLexicon:
    """Read a lexicon YAML file (the built-in one when ``path`` is None)."""
    source = str(path) if path is not None else "communique/data/event_lexicon.yaml"
    try:
        if path is None:
            ref = resources.files("communique") / "data" / "event_lexicon.yaml"
            text = ref.read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_YAML_LOADER)
    except OSError as exc:
        raise UnreadableInput(source, f"cannot read the event lexicon: {exc}") from exc
    except yaml.YAMLError as exc:
        raise MalformedInput(source, f"the event lexicon is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise MalformedInput(source, "the event lexicon must be a mapping with 'types'")
    return _build(data, source=source)


@functools.cache
def default_event_lexicon() -> EventLexicon:
    """The built-in lexicon, read once per process (it is immutable)."""
    return load_event_lexicon()


class _Reader:
    """Expands ``@name`` list references and checks the shape of each entry."""

    def __init__(self, lists: Mapping[str, frozenset[str]], source: str) -> None:
        self.lists = lists
        self.source = source

    def words(self, value: Any, where: str) -> frozenset[str]:
        if value is None:
            return _EMPTY
        if isinstance(value, str):
            if value.startswith("@"):
                if value[1:] not in self.lists:
                    raise MalformedInput(self.source, f"{where}: unknown list {value!r}")
                return self.lists[value[1:]]
            return frozenset({value.lower()})
        if isinstance(value, list):
            return frozenset().union(*(self.words(v, where) for v in value))
        raise MalformedInput(self.source, f"{where}: expected a word list, got {value!r}")

    def entry(self, value: Any, type_: str, where: str) -> TriggerWord:
        if isinstance(value, str):
            return TriggerWord(value.lower(), type_)
        if not isinstance(value, dict) or not isinstance(value.get("lemma"), str):
            raise MalformedInput(self.source, f"{where}: an entry needs a lemma: {value!r}")
        unknown = set(value) - _WORD_KEYS
        if unknown:
            raise MalformedInput(self.source, f"{where}: unknown keys {sorted(unknown)}")
        infinitive = value.get("infinitive")
        if infinitive is not None and not isinstance(infinitive, bool):
            raise MalformedInput(self.source, f"{where}: infinitive must be true or false")
        return TriggerWord(
            lemma=value["lemma"].lower(),
            type=type_,
            particles=self.words(value.get("particle"), where),
            objects=self.words(value.get("object"), where),
            object_labels=frozenset(str(v) for v in value.get("object_labels") or ()),
            not_objects=self.words(value.get("not_object"), where),
            needs_object=bool(value.get("needs_object", False)),
            preps=self.words(value.get("prep"), where),
            modifiers=self.words(value.get("modifier"), where),
            infinitive=infinitive,
            clause=bool(value.get("clause", False)),
            not_infinitives=self.words(value.get("not_infinitive"), where),
            dated=bool(value.get("dated", False)),
        )


def _build(data: Mapping[str, Any], *, source: str) -> EventLexicon:
    raw_lists = data.get("lists") or {}
    if not isinstance(raw_lists, dict):
        raise MalformedInput(source, "'lists' must be a mapping of word lists")
    plain = _Reader({}, source)
    lists = {str(k): plain.words(v, f"lists.{k}") for k, v in raw_lists.items()}
    reader = _Reader(lists, source)
    tables: dict[str, dict[str, list[TriggerWord]]] = {
        "verbs": defaultdict(list),
        "nouns": defaultdict(list),
        "adjectives": defaultdict(list),
    }
    light: dict[str, frozenset[str]] = {}
    occurrence: dict[str, frozenset[str]] = {}
    framing: dict[str, Framing] = {}
    common_occurrence = reader.words(data.get("occurrence_verbs"), "occurrence_verbs")
    for type_, spec in data["types"].items():
        where = f"types.{type_}"
        if not isinstance(spec, dict) or set(spec) - _TYPE_KEYS:
            raise MalformedInput(source, f"{where}: expected keys among {sorted(_TYPE_KEYS)}")
        for kind, table in tables.items():
            for i, value in enumerate(spec.get(kind) or ()):
                word = reader.entry(value, str(type_), f"{where}.{kind}[{i}]")
                table[word.lemma].append(word)
        light[type_] = reader.words(spec.get("light_verbs"), f"{where}.light_verbs")
        extra = reader.words(spec.get("occurrence_verbs"), f"{where}.occurrence_verbs")
        occurrence[type_] = common_occurrence | extra
        frame = spec.get("framing", "none")
        if frame not in _FRAMINGS:
            raise MalformedInput(source, f"{where}.framing: one of {sorted(_FRAMINGS)}")
        framing[type_] = frame
    return EventLexicon(
        verbs=_freeze(tables["verbs"]),
        nouns=_freeze(tables["nouns"]),
        adjectives=_freeze(tables["adjectives"]),
        light_verbs=MappingProxyType(light),
        occurrence_verbs=MappingProxyType(occurrence),
        framing=MappingProxyType(framing),
        quantifiers=reader.words(data.get("quantifiers"), "quantifiers"),
        party_nouns=reader.words(data.get("party_nouns"), "party_nouns"),
        speech_verbs=reader.words(data.get("speech_verbs"), "speech_verbs"),
        planned_governors=reader.words(data.get("planned_governors"), "planned_governors"),
        hypothetical_governors=reader.words(
            data.get("hypothetical_governors"), "hypothetical_governors"
        ),
        negating_governors=reader.words(data.get("negating_governors"), "negating_governors"),
        lists=MappingProxyType(lists),
    )


def _freeze(
    table: Mapping[str, Iterable[TriggerWord]],
) -> Mapping[str, tuple[TriggerWord, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in table.items()})
