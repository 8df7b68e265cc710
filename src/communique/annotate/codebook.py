"""The issue codebook: which words in a statement say what it is about, and what stance it takes.

A codebook is a list of issues (ceasefire, territory, prisoners ...), each with cues:

* ``keywords``: single words, compared with each token's lowercase form and its lemma, so the
  base form (``prisoner``) matches every inflection and a specific form (``minors``) only itself;
* ``phrases``: word sequences matched the same way, word by word ("cessation of hostilities",
  "cease-fire"; a hyphen is a word of its own, as spaCy splits it);
* ``together``: word sets that count when all appear close together in the clause, in any
  order (``[limit, army]`` for "limits on the size of its army");
* ``exclude``: phrases that cancel a cue they overlap ("trade union" is not about trade).

A codebook also holds the stance vocabulary, as event codebooks such as CAMEO hold verb
dictionaries: which verbs, nouns, adjectives and verdicts state a demand, an offer, an
acceptance, a rejection, a threat or a condition, and which nouns name actors that can hold a
position ("union", "ministry"). A verb or noun entry may name what it needs: "call for" (a
particle or preposition), "ask to" (an infinitive clause), "support that" (a that-clause),
"back *" (a direct object).

The built-in codebook (``communique/data/codebook.yaml``) covers negotiations and peace
processes. A user's YAML file in the same shape extends it: a new ``id`` adds an issue, a known
``id`` adds cues to that issue (or replaces them with ``replace: true``; ``drop: true`` removes
the issue); stance words and actors are added. ``load_codebook(paths, replace=True)`` keeps
only the files' issues (stance words and actors still start from the built-in lists).

Example::

    >>> book = load_codebook()
    >>> [h.issue for h in book.match([("truce", "truce")])]
    ['ceasefire']
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal, TypeVar, cast

import yaml

from communique.errors import UsageError

__all__ = [
    "STANCES",
    "UNMAPPED",
    "Codebook",
    "CueHit",
    "Issue",
    "Stance",
    "StanceLexicon",
    "codebook_gaps",
    "cue_words",
    "default_codebook",
    "load_codebook",
]

Stance = Literal["demand", "offer", "accept", "reject", "threaten", "condition"]
STANCES: Final[tuple[Stance, ...]] = (
    "demand",
    "offer",
    "accept",
    "reject",
    "threaten",
    "condition",
)

UNMAPPED: Final = ""
"""The issue of a stance whose object names no issue of the codebook."""

_ID_RE: Final = re.compile(r"^[a-z][a-z0-9_]*$")
_WORD_RE: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_ISSUE_KEYS: Final = frozenset(
    {
        "id",
        "label",
        "description",
        "keywords",
        "phrases",
        "together",
        "exclude",
        "replace",
        "drop",
        "fallback",
        "process",
    }
)
_TOP_KEYS: Final = frozenset({"version", "issues", "stances", "actors"})
_STANCE_KINDS: Final = ("verbs", "nouns", "adjectives", "verdicts", "pledges")
_WINDOW: Final = 8
"""How many words a ``together`` cue may spread over: about one noun phrase with its modifiers."""
_BUILTIN: Final = "communique/data/codebook.yaml"
_T = TypeVar("_T")
_Entry = tuple[str, str, str]  # (kind, word, requirement or "")


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue of the codebook and the cues that point to it."""

    id: str
    label: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    together: tuple[tuple[str, ...], ...] = ()
    exclude: tuple[str, ...] = ()
    fallback: bool = False
    """Counts only where no other issue is named: "the deal" is the agreement as a whole, but
    in "the tax deal" the issue is taxes."""
    process: bool = False
    """About how the talks run (their format, a summit, the legislative procedure), never what
    a deal is about: "the negotiated deal" or "the peace deal" says nothing of its substance."""


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    """Stance words by kind; each maps a lowercase lemma to (requirement, stance) pairs, the
    requirement "" when the word counts alone. ``actors`` are nouns that can hold a position."""

    verbs: Mapping[str, tuple[tuple[str, Stance], ...]]
    nouns: Mapping[str, tuple[tuple[str, Stance], ...]]
    adjectives: Mapping[str, tuple[tuple[str, Stance], ...]]
    verdicts: Mapping[str, tuple[tuple[str, Stance], ...]]
    pledges: Mapping[str, tuple[tuple[str, Stance], ...]]
    actors: frozenset[str]

    @classmethod
    def build(cls, entries: Mapping[_Entry, Stance], actors: Iterable[str]) -> StanceLexicon:
        tables: dict[str, dict[str, list[tuple[str, Stance]]]] = {k: {} for k in _STANCE_KINDS}
        for (kind, word, needs), stance in entries.items():
            tables[kind].setdefault(word, []).append((needs, stance))
        frozen = {
            kind: MappingProxyType({w: tuple(sorted(v)) for w, v in table.items()})
            for kind, table in tables.items()
        }
        return cls(
            frozen["verbs"],
            frozen["nouns"],
            frozen["adjectives"],
            frozen["verdicts"],
            frozen["pledges"],
            frozenset(a.casefold() for a in actors),
        )

    def stance(self, kind: str, lemma: str, found: Iterable[str] = ()) -> Stance | None:
        """The stance of ``lemma`` as a word of ``kind`` given what the parser ``found`` around
        it (particles, prepositions, "to", "that", "*"); None when it is no stance word."""
        table: Mapping[str, tuple[tuple[str, Stance], ...]] = getattr(self, kind)
        have = set(found)
        for needs, stance in table.get(lemma, ()):
            if not needs or needs in have:
                return stance
        return None


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue found in a word sequence: ``start``/``end`` index the words given to
    :meth:`Codebook.match` (``end`` exclusive; a ``together`` hit spans all its words)."""

    issue: str
    start: int
    end: int
    cue: str


def cue_words(text: str) -> tuple[str, ...]:
    """Split a cue the way spaCy splits text: "cease-fire" -> ("cease", "-", "fire")."""
    return tuple(w.casefold().replace("’", "'") for w in _WORD_RE.findall(text))


@dataclass(frozen=True, slots=True)
class _Index:
    """Cues keyed by their first word, so matching is one dictionary probe per word."""

    sequences: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]  # (issue, words)
    together: tuple[tuple[str, frozenset[str]], ...]
    excludes: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]  # (issue, words)

    @classmethod
    def build(cls, issues: Sequence[Issue]) -> _Index:
        sequences: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        excludes: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        together: list[tuple[str, frozenset[str]]] = []
        for issue in issues:
            for cue in (*issue.keywords, *issue.phrases):
                words = cue_words(cue)
                if words:
                    sequences[words[0]].append((issue.id, words))
            together.extend(
                (issue.id, frozenset(cue_words(w)[0] for w in ws)) for ws in issue.together
            )
            for words in filter(None, map(cue_words, issue.exclude)):
                excludes[words[0]].append((issue.id, words))
        return cls(
            {k: tuple(v) for k, v in sequences.items()},
            tuple(together),
            {k: tuple(v) for k, v in excludes.items()},
        )


@dataclass(frozen=True, slots=True)
class Codebook:
    """The issues in use, the stance vocabulary, and the files they came from (``sources``)."""

    issues: tuple[Issue, ...]
    stances: StanceLexicon
    sources: tuple[str, ...] = ()
    _index: _Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index.build(self.issues))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def get(self, issue_id: str) -> Issue | None:
        return next((i for i in self.issues if i.id == issue_id), None)

    def match(self, words: Sequence[tuple[str, str]]) -> list[CueHit]:
        """Every cue in ``words``, a sequence of (lowercase form, lemma) pairs, in order.

        An issue's hit is dropped when one of its ``exclude`` phrases overlaps it.
        """
        forms = [{w.casefold(), lemma.casefold()} for w, lemma in words]
        hits = self._sequence_hits(forms) + self._together_hits(forms)
        blocked = self._excluded_spans(forms)
        kept = [
            h
            for h in hits
            if not any(s < h.end and h.start < e for s, e in blocked.get(h.issue, ()))
        ]
        return sorted(kept, key=lambda h: (h.start, h.end, h.issue))

    def _sequence_hits(self, forms: list[set[str]]) -> list[CueHit]:
        hits = []
        for i, here in enumerate(forms):
            for first in here:
                for issue, cue in self._index.sequences.get(first, ()):
                    if _matches_at(forms, i, cue):
                        hits.append(CueHit(issue, i, i + len(cue), " ".join(cue)))
        return hits

    def _together_hits(self, forms: list[set[str]]) -> list[CueHit]:
        hits = []
        present = set().union(*forms)
        for issue, needed in self._index.together:
            if not needed <= present:  # most phrases lack a word of most cues: no span
                continue
            where: dict[str, list[int]] = {w: [] for w in needed}
            for i, here in enumerate(forms):
                for w in needed & here:
                    where[w].append(i)
            if not all(where.values()):
                continue
            span = _tightest(list(where.values()))
            if span is not None:
                hits.append(CueHit(issue, span[0], span[1] + 1, " + ".join(sorted(needed))))
        return hits

    def _excluded_spans(self, forms: list[set[str]]) -> dict[str, list[tuple[int, int]]]:
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, here in enumerate(forms):
            for first in here:
                for issue, cue in self._index.excludes.get(first, ()):
                    if _matches_at(forms, i, cue):
                        spans[issue].append((i, i + len(cue)))
        return spans


def _matches_at(forms: list[set[str]], i: int, cue: tuple[str, ...]) -> bool:
    if i + len(cue) > len(forms):
        return False
    return all(word in forms[i + k] for k, word in enumerate(cue))


def _tightest(positions: list[list[int]]) -> tuple[int, int] | None:
    """The narrowest window holding one position of every word, if it fits in ``_WINDOW``."""
    events = sorted((p, k) for k, ps in enumerate(positions) for p in ps)
    last: dict[int, int] = {}
    best: tuple[int, int] | None = None
    for p, k in events:
        last[k] = p
        if len(last) == len(positions):
            lo = min(last.values())
            if p - lo < _WINDOW and (best is None or p - lo < best[1] - best[0]):
                best = (lo, p)
    return best


# --- loading --------------------------------------------------------------------------------

_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def default_codebook() -> Codebook:
    """The built-in codebook for negotiations and peace processes, read once per process."""
    return load_codebook()


def load_codebook(paths: Sequence[Path] = (), *, replace: bool = False) -> Codebook:
    """The built-in codebook extended by each file in ``paths`` in turn, or, with ``replace``,
    only the issues of those files (stance words and actors still start from the built-in ones).

    Raises :class:`UsageError` naming the file and the problem for a file that cannot be read,
    is not YAML, or does not have the codebook's shape.
    """
    if replace and not paths:
        raise UsageError("replacing the built-in codebook needs at least one codebook file")
    builtin = (resources.files("communique") / "data" / "codebook.yaml").read_text("utf-8")
    files = [(_BUILTIN, builtin)]
    for path in paths:
        try:
            files.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"codebook {path}: cannot read it ({exc})") from exc
    issues: list[Issue] = []
    entries: dict[_Entry, Stance] = {}
    actors: list[str] = []
    for n, (source, text) in enumerate(files):
        data = _parse(text, source=source)
        if n > 0 or not replace:
            issues = _apply(issues, data.get("issues") or [], source=source)
        entries.update(_stance_entries(data.get("stances") or {}, source=source))
        actors.extend(data.get("actors") or [])
    sources = tuple(s for n, (s, _) in enumerate(files) if n > 0 or not replace)
    if not issues:
        raise UsageError(f"codebook {sources[-1]}: no issues left to code positions with")
    return Codebook(tuple(issues), StanceLexicon.build(entries, actors), sources)


def _parse(text: str, *, source: str) -> Mapping[str, Any]:
    """The file's content, each part checked for its shape."""
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise UsageError(f"codebook {source}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise UsageError(f"codebook {source}: expected a mapping with an 'issues' list")
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise UsageError(f"codebook {source}: unknown top-level key(s) {', '.join(unknown)}")
    if data.get("version", 1) != 1:
        raise UsageError(f"codebook {source}: version {data['version']!r} is not supported (1)")
    entries = data.get("issues", [])
    if not isinstance(entries, list) or not (entries or "stances" in data or "actors" in data):
        raise UsageError(f"codebook {source}: 'issues' must be a non-empty list")
    seen: set[str] = set()
    for n, entry in enumerate(entries, start=1):
        _check_entry(entry, where=f"codebook {source}: issue #{n}")
        if entry["id"] in seen:
            raise UsageError(f"codebook {source}: issue {entry['id']!r} is listed twice")
        seen.add(entry["id"])
    _check_words(data.get("actors", []), where=f"codebook {source}: 'actors'")
    return cast(Mapping[str, Any], data)


def _check_entry(entry: object, *, where: str) -> None:
    if not isinstance(entry, dict):
        raise UsageError(f"{where}: expected a mapping with an 'id'")
    unknown = sorted(set(map(str, entry)) - _ISSUE_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_ISSUE_KEYS))
        raise UsageError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {allowed})")
    issue_id = entry.get("id")
    if not isinstance(issue_id, str) or not _ID_RE.match(issue_id):
        raise UsageError(f"{where}: 'id' must be lowercase letters, digits and _ ({issue_id!r})")
    where = f"{where} ({issue_id})"
    for key in ("label", "description"):
        if key in entry and not isinstance(entry[key], str):
            raise UsageError(f"{where}: '{key}' must be text")
    for key in ("replace", "drop", "fallback", "process"):
        if key in entry and not isinstance(entry[key], bool):
            raise UsageError(f"{where}: '{key}' must be true or false")
    for key in ("keywords", "phrases", "exclude"):
        _check_words(entry.get(key, []), where=f"{where}: '{key}'")
    groups = entry.get("together", [])
    if not isinstance(groups, list):
        raise UsageError(f"{where}: 'together' must be a list of word lists")
    for group in groups:
        _check_words(group, where=f"{where}: 'together'")
        if len({cue_words(w) for w in group}) < 2:
            raise UsageError(f"{where}: each 'together' entry needs two or more words")
        if any(len(cue_words(w)) != 1 for w in group):
            raise UsageError(f"{where}: 'together' takes single words, not phrases ({group!r})")


def _check_words(value: object, *, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} must be a list of text")
    empty = [v for v in value if not cue_words(v)]
    if empty:
        raise UsageError(f"{where} has an empty cue {empty[0]!r}")


def _stance_entries(data: object, *, source: str) -> dict[_Entry, Stance]:
    """(kind, word, requirement) -> stance from a file's ``stances`` mapping."""
    where = f"codebook {source}: 'stances'"
    if not isinstance(data, dict):
        raise UsageError(f"{where} must map a stance to its word lists")
    entries: dict[_Entry, Stance] = {}
    for stance, kinds in data.items():
        if stance not in STANCES:
            raise UsageError(f"{where}: unknown stance {stance!r} (known: {', '.join(STANCES)})")
        if not isinstance(kinds, dict) or set(map(str, kinds)) - set(_STANCE_KINDS):
            raise UsageError(f"{where}: {stance} takes {', '.join(_STANCE_KINDS)} word lists")
        for kind, words in kinds.items():
            _check_words(words, where=f"{where}: {stance}.{kind}")
            for text in words:
                parts = text.casefold().split()
                if len(parts) > 2 or (len(parts) == 2 and kind not in ("verbs", "nouns")):
                    hint = " plus what it needs ('call for', 'back *')" if len(parts) > 1 else ""
                    raise UsageError(f"{where}: {stance}.{kind} {text!r} should be one word{hint}")
                entries[(kind, parts[0], parts[1] if len(parts) == 2 else "")] = stance
    return entries


def _apply(
    issues: list[Issue], entries: Iterable[Mapping[str, Any]], *, source: str
) -> list[Issue]:
    """Add, extend, replace or drop issues, keeping the codebook's order."""
    result = list(issues)
    for entry in entries:
        issue_id = str(entry["id"])
        at = next((n for n, i in enumerate(result) if i.id == issue_id), None)
        if entry.get("drop", False):
            if at is None:
                raise UsageError(f"codebook {source}: cannot drop unknown issue {issue_id!r}")
            del result[at]
        elif at is None:
            result.append(_new_issue(entry, source=source))
        elif entry.get("replace", False):
            result[at] = _new_issue(entry, source=source)
        else:
            result[at] = _extended(result[at], entry)
    return result


def _new_issue(entry: Mapping[str, Any], *, source: str) -> Issue:
    issue_id = str(entry["id"])
    cues = _cues(entry)
    if not (cues["keywords"] or cues["phrases"] or cues["together"]):
        raise UsageError(
            f"codebook {source}: issue {issue_id!r} has no keywords, phrases or together cues"
        )
    return Issue(
        id=issue_id,
        label=str(entry.get("label") or issue_id.replace("_", " ").capitalize()),
        description=str(entry.get("description") or ""),
        keywords=cues["keywords"],
        phrases=cues["phrases"],
        together=cues["together"],
        exclude=cues["exclude"],
        fallback=bool(entry.get("fallback", False)),
        process=bool(entry.get("process", False)),
    )


def _extended(issue: Issue, entry: Mapping[str, Any]) -> Issue:
    cues = _cues(entry)
    return replace(
        issue,
        label=str(entry.get("label") or issue.label),
        description=str(entry.get("description") or issue.description),
        keywords=_union(issue.keywords, cues["keywords"]),
        phrases=_union(issue.phrases, cues["phrases"]),
        together=_union(issue.together, cues["together"]),
        exclude=_union(issue.exclude, cues["exclude"]),
        fallback=bool(entry.get("fallback", issue.fallback)),
        process=bool(entry.get("process", issue.process)),
    )


def _cues(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "keywords": tuple(str(w).strip() for w in entry.get("keywords", [])),
        "phrases": tuple(str(w).strip() for w in entry.get("phrases", [])),
        "together": tuple(tuple(str(w).strip() for w in g) for g in entry.get("together", [])),
        "exclude": tuple(str(w).strip() for w in entry.get("exclude", [])),
    }


def _union(old: tuple[_T, ...], new: tuple[_T, ...]) -> tuple[_T, ...]:
    return old + tuple(x for x in dict.fromkeys(new) if x not in old)


# --- gaps -----------------------------------------------------------------------------------

_GAP_WORD: Final = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_GAP_STOP: Final = frozenset(
    re.findall(r"\S+", "the a an its their his her our my your this that these those any all some")
)


def codebook_gaps(
    positions_objects: Iterable[tuple[str, str]], *, min_count: int = 2
) -> list[tuple[str, int]]:
    """Frequent objects of stances that map to no issue: candidates for new codebook cues.

    Takes (issue, object) pairs, for example ``(p.issue, p.object)`` of the demands and
    rejections :func:`communique.annotate.positions.find_positions` found with
    ``keep_unmapped``; pairs whose issue is :data:`UNMAPPED` are counted under a normalised
    object (lowercase, without determiners, numbers or a plural ending). Returns (most common
    spelling, count) for counts of at least ``min_count``, most frequent first.

    >>> codebook_gaps([("", "water rights"), ("", "the water right"), ("economy", "pay")])
    [('water rights', 2)]
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for issue, obj in positions_objects:
        key = _gap_key(obj) if issue == UNMAPPED else ""
        if key:
            counts[key] += 1
            spellings[key][" ".join(obj.split())] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        (min(spellings[key], key=lambda s: (-spellings[key][s], len(s), s)), n)
        for key, n in ranked
        if n >= min_count
    ]


def _gap_key(text: str) -> str:
    words = [w for w in _GAP_WORD.findall(text.casefold()) if w not in _GAP_STOP]
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
