"""The built-in gazetteer: general world knowledge that labels names and tells sides.

Countries (with aliases, demonyms, capitals and seats of government), intergovernmental
organisations, political parties (with the words for a member and the one-letter label some
legislatures print after a name), and two kinds of names that are never a side of their own:
regions of a country and legislative bodies. Not tied to any corpus.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import yaml

from communique.errors import MalformedInput, UnreadableInput

__all__ = [
    "NO_SIDE_KINDS",
    "Gazetteer",
    "GazetteerEntry",
    "default_gazetteer",
    "fold_name",
    "load_gazetteer",
]

NO_SIDE_KINDS: Final = frozenset({"region", "body"})
"""Kinds of known names that put no one on a side (their ``party`` is empty)."""

_LETTER_CUE: Final = re.compile(r"^\(?\s*([A-Z])\s*(?:-\s*[A-Z]|\)?$)")
"""A legislator's party letter and state: "D-Ore.", "R-N.Y.", "(D)" (the letter is the party)."""

_KIND_LABEL: Final = MappingProxyType(
    {
        "country": "GPE",
        "capital": "GPE",
        "organisation": "ORG",
        "seat": "ORG",
        "demonym": "NORP",
        "party": "ORG",
        "region": "GPE",
        "body": "ORG",
    }
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """What a known name is: ``kind`` is country, capital, seat, organisation, demonym, party,
    region or body; ``name`` its canonical form; ``party`` the side it stands for (a country,
    an organisation or a political party; empty for a region or a body); ``country`` the
    country a party, region or body belongs to, when known.
    """

    name: str
    kind: str
    party: str
    country: str = ""

    @property
    def label(self) -> str:
        return _KIND_LABEL[self.kind]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Known names keyed by :func:`fold_name`, plus their exact spellings for spotting misses."""

    entries: Mapping[str, GazetteerEntry]
    surfaces: Mapping[str, GazetteerEntry]
    longest: int
    letters: Mapping[str, GazetteerEntry] = field(default_factory=dict)

    def lookup(self, text: str) -> GazetteerEntry | None:
        return self.entries.get(fold_name(text))

    def no_side(self, text: str) -> bool:
        """A known region or chamber ("Ohio", "the Senate"): nobody's side (NO_SIDE_KINDS)."""
        entry = self.lookup(text)
        return entry is not None and entry.kind in NO_SIDE_KINDS

    def demonym_side(self, word: str) -> str | None:
        """The side a demonym names: a nation's adjective ("Valdorian" -> Valdoria) or a
        party's word for its members ("Harvester" -> Harvest Party), None for any other word:
        the place in "the Valdorian capital", the side of "Valdorian officials"."""
        entry = self.lookup(word)
        if entry is None or entry.kind != "demonym":
            return None
        return entry.party or None

    def cue(self, text: str) -> GazetteerEntry | None:
        """What a side cue names: a known name, or one member of a party known only by its
        plural ("Independent" beside "independents"); kept to cues, since a bare capitalised
        word ("The Independent", a newspaper) is no member of anything."""
        entry = self.lookup(text)
        if entry is not None or not text[:1].isupper():
            return entry
        plural = self.lookup(text + "s")
        return plural if plural is not None and plural.kind == "party" else None

    def affiliation(self, cue: str) -> GazetteerEntry | None:
        """The party a legislator's label names: "D-Ore." is the party whose letter is D."""
        found = _LETTER_CUE.match(cue.strip())
        return self.letters.get(found.group(1)) if found else None


@functools.lru_cache(maxsize=1 << 16)
def fold_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "the U.S." and "US" fold alike.
    Cached: a corpus pass folds each name of every mention, the same few names again."""
    text = text.replace("’", "'").replace("-", " ")
    if text.isascii():  # nothing to decompose: no accent, and NFKD leaves ASCII as it is
        plain = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = plain.casefold().replace(".", "").split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if words and words[-1] in ("'s", "'"):
        words = words[:-1]
    elif words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    return " ".join(words)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read a gazetteer YAML file (the built-in one when ``path`` is None)."""
    source = str(path) if path is not None else "communique/data/gazetteer.yaml"
    try:
        if path is None:
            text = (resources.files("communique") / "data" / "gazetteer.yaml").read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_YAML_LOADER)
    except OSError as exc:
        raise UnreadableInput(source, f"cannot read the gazetteer: {exc}") from exc
    except yaml.YAMLError as exc:
        raise MalformedInput(source, f"the gazetteer is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise MalformedInput(source, "the gazetteer must be a mapping")
    return _build_gazetteer(data, source=source)


_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser: 10x faster


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer, read once per process (it is immutable)."""
    return load_gazetteer()


def _build_gazetteer(data: Mapping[str, Any], *, source: str) -> Gazetteer:
    rows: list[tuple[str, GazetteerEntry]] = []
    try:
        variants: Mapping[str, list[str]] = data.get("capital_variants") or {}
        for item in data.get("countries") or ():
            rows.extend(_country_rows(item, variants))
        for item in data.get("organisations") or ():
            name = str(item["name"])
            org = GazetteerEntry(name, "organisation", name)
            rows.extend((str(a), org) for a in [name, *(item.get("aliases") or ())])
            rows.extend(
                (str(s), GazetteerEntry(str(s), "seat", name)) for s in item.get("seats") or ()
            )
        letters = dict(_party_rows(data.get("parties") or (), rows))
        for section, entry_kind in (("regions", "region"), ("bodies", "body")):
            for country, names in (data.get(section) or {}).items():
                rows.extend(
                    (str(n), GazetteerEntry(str(n), entry_kind, "", str(country))) for n in names
                )
    except (KeyError, TypeError, AttributeError) as exc:
        raise MalformedInput(source, f"unexpected gazetteer entry: {exc!r}") from exc
    # Earlier kinds win a clash: a country's own name beats a capital spelt the same way, a
    # party's name beats a member's word ("Labour"), a country beats a region ("Georgia").
    rank = {
        "country": 0,
        "organisation": 1,
        "seat": 2,
        "capital": 3,
        "party": 4,
        "demonym": 5,
        "body": 6,
        "region": 7,
    }
    entries: dict[str, GazetteerEntry] = {}
    surfaces: dict[str, GazetteerEntry] = {}
    for surface, entry in sorted(rows, key=lambda r: rank[r[1].kind]):
        entries.setdefault(fold_name(surface), entry)
        surfaces.setdefault(" ".join(surface.split()), entry)
    longest = max((len(s.split()) for s in surfaces), default=1)
    return Gazetteer(
        MappingProxyType(entries), MappingProxyType(surfaces), longest, MappingProxyType(letters)
    )


def _party_rows(
    items: Iterable[Mapping[str, Any]], rows: list[tuple[str, GazetteerEntry]]
) -> Iterable[tuple[str, GazetteerEntry]]:
    """Add each party's names to ``rows``; yield (letter, party) for those with a letter."""
    for item in items:
        name, country = str(item["name"]), str(item.get("country") or "")
        party = GazetteerEntry(name, "party", name, country)
        rows.extend((str(a), party) for a in [name, *(item.get("aliases") or ())])
        member = GazetteerEntry(name, "demonym", name, country)  # a cue, like "Valdorian"
        rows.extend((str(m), member) for m in item.get("members") or ())
        if item.get("letter"):
            yield str(item["letter"]), party


def _country_rows(
    item: Mapping[str, Any], variants: Mapping[str, list[str]]
) -> Iterable[tuple[str, GazetteerEntry]]:
    name = str(item["name"])
    country = GazetteerEntry(name, "country", name)
    for alias in [name, *(item.get("aliases") or ())]:
        yield str(alias), country
    for demonym in item.get("demonyms") or ():
        entry = GazetteerEntry(name, "demonym", name)
        yield str(demonym), entry
        if str(demonym)[-1:] in ("n", "i", "e", "k", "h"):
            yield f"{demonym}s", entry
    capital = item.get("capital")
    if capital:
        for form in [str(capital), *variants.get(str(capital), ())]:
            yield form, GazetteerEntry(str(capital), "capital", name)
    for seat in item.get("seats") or ():
        yield str(seat), GazetteerEntry(str(seat), "seat", name)
