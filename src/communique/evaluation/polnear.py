"""Read PolNeAR attribution gold (brat stand-off) and score quote attribution against it.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates attribution relations — a *Source*
("Jane Doe"), a *Cue* ("said") and a *Content* — in US election news. The release keeps one
``text/<name>.txt`` per article and one ``attributions/<name>_<annotator>.ann`` per annotator;
an ``E`` line links the ``T`` spans of one relation (``Attribution`` or
``Attribution-no-source``). Spans may be discontinuous (``0 5;9 12``) and a relation may have
several contents; both become tuples of spans here.

Scoring follows BBC Citron's evaluation (``citron/metrics.py``) so the figures can sit beside its
published ones, with two stated differences:

* spans are compared after trimming spaces, quotation marks and edge punctuation, because
  PolNeAR keeps the marks and a trailing comma in a direct quote's content and communique does
  not, and after joining parts separated only by whitespace, because PolNeAR often cuts one
  passage into one part per sentence (``exact`` therefore means "same words");
* token overlap counts each gold or predicted token once per document (Citron sums over all
  predicted × gold pairs, which can count a token twice).

For each component (source, cue, content): an attribution *matches exactly* when a gold one has
an overlapping cue and the same component spans (empty source = empty source); it *matches
partially* when the component spans share at least one character; token overlap is precision
and recall over the words the component covers. Texts with several annotators are scored
against each file and the counts averaged (so each text weighs the same), or against the union.

Example::

    docs = read_split(Path("../shared/eval/polnear/data"), "dev")
    scores = Scores()
    for doc in docs:
        scores.add(score_mean_over_annotators(doc, attributions_from_quotes(my_quotes(doc))))
    print(scores.table())
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Protocol

from communique.errors import MalformedInput, UnreadableInput

__all__ = [
    "COMPONENTS",
    "Attribution",
    "ComponentCounts",
    "PolnearDocument",
    "QuoteLike",
    "Scores",
    "attributions_from_quotes",
    "is_direct",
    "read_split",
    "score_document",
    "score_mean_over_annotators",
    "score_union",
]

Span = tuple[int, int]
COMPONENTS: Final = ("source", "cue", "content")

_RELATIONS: Final = frozenset({"Attribution", "Attribution-no-source"})
_TRIM: Final = frozenset(" \t\n\r\xa0\"“”„‟«»‘’‚‛'`″,.;:!?—–-…")
_OPENING_MARKS: Final = frozenset("\"“«'‘`„")
_WORD: Final = re.compile(r"\w+")
_ANN_NAME: Final = re.compile(r"^(?P<text>.+)_(?P<annotator>[0-9a-f]+)\.ann$")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Source, cue and content spans of one attribution (character offsets)."""

    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]

    def spans(self, component: str) -> tuple[Span, ...]:
        """The spans of ``component`` ('source', 'cue' or 'content')."""
        value: tuple[Span, ...] = getattr(self, component)
        return value


@dataclass(frozen=True, slots=True)
class PolnearDocument:
    """One article with its gold attributions per annotator id."""

    name: str
    split: str
    text: str
    annotators: tuple[tuple[str, tuple[Attribution, ...]], ...]


class QuoteLike(Protocol):
    """What the scorer needs of a predicted quote (``annotate.quotes.Quote`` fits)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def cue_start(self) -> int: ...
    @property
    def cue_end(self) -> int: ...
    @property
    def source_start(self) -> int | None: ...
    @property
    def source_end(self) -> int | None: ...


# --- reading -----------------------------------------------------------------------------
def _parse_spans(field_text: str, where: str) -> tuple[Span, ...]:
    try:
        pairs = [part.split() for part in field_text.split(";")]
        return tuple((int(a), int(b)) for a, b in pairs)
    except ValueError as exc:
        raise MalformedInput(where, f"bad span list {field_text!r}") from exc


def _parse_ann(path: Path) -> tuple[Attribution, ...]:
    """Attributions of one .ann file; entities outside a relation are not gold quotes."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UnreadableInput(str(path), str(exc)) from exc
    spans: dict[str, tuple[Span, ...]] = {}
    rows = [line.split("\t") for line in lines]
    for row in rows:
        if len(row) >= 2 and row[0].startswith("T"):
            _type, _, offsets = row[1].partition(" ")
            spans[row[0]] = _parse_spans(offsets, str(path))
    found: list[Attribution] = []
    for row in rows:
        if len(row) < 2 or not row[0].startswith("E"):
            continue
        roles: dict[str, list[Span]] = {"Source": [], "Cue": [], "Content": []}
        args = row[1].split()
        if not args or args[0].split(":")[0] not in _RELATIONS:
            continue
        for arg in args[1:]:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if role in roles and ref in spans:
                roles[role].extend(spans[ref])
        if roles["Cue"] or roles["Content"]:
            found.append(
                Attribution(
                    tuple(sorted(roles["Source"])),
                    tuple(sorted(roles["Cue"])),
                    tuple(sorted(roles["Content"])),
                )
            )
    return tuple(found)


def read_split(root: Path, split: str, *, limit: int | None = None) -> list[PolnearDocument]:
    """Read ``root/<split>/{text,attributions}`` (``root`` is PolNeAR's ``data`` folder), in
    name order; ``limit`` keeps the first N texts."""
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise UnreadableInput(str(root / split), "not a PolNeAR split (text/, attributions/)")
    by_text: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        m = _ANN_NAME.match(path.name)
        if m is not None:
            by_text.setdefault(m["text"], []).append((m["annotator"], path))
    docs: list[PolnearDocument] = []
    for name in sorted(by_text)[:limit]:
        text_path = text_dir / f"{name}.txt"
        try:
            text = text_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UnreadableInput(str(text_path), str(exc)) from exc
        annotators = tuple((who, _parse_ann(p)) for who, p in by_text[name])
        docs.append(PolnearDocument(name, split, text, annotators))
    return docs


def attributions_from_quotes(quotes: Iterable[QuoteLike]) -> list[Attribution]:
    """Group predicted quotes into attributions: the parts of a split quote share one cue."""
    grouped: dict[Span, tuple[set[Span], list[Span]]] = {}
    for q in quotes:
        sources, contents = grouped.setdefault((q.cue_start, q.cue_end), (set(), []))
        if q.source_start is not None and q.source_end is not None:
            sources.add((q.source_start, q.source_end))
        contents.append((q.start, q.end))
    return [
        Attribution(tuple(sorted(src)), (cue,), tuple(sorted(set(con))))
        for cue, (src, con) in sorted(grouped.items())
    ]


def is_direct(text: str, attribution: Attribution) -> bool:
    """True when the content opens with a quotation mark: a direct quote (or a quote that runs
    into reported speech, which PolNeAR does not tell apart)."""
    parts = _merge(text, attribution.content)
    return bool(parts) and text[parts[0][0] : parts[0][1]].lstrip()[:1] in _OPENING_MARKS


# --- scoring -----------------------------------------------------------------------------
def _merge(text: str, spans: Iterable[Span]) -> list[Span]:
    """Join spans separated only by whitespace: PolNeAR often splits one quoted passage into
    one span per sentence, which is the same words."""
    merged: list[Span] = []
    for a, b in sorted(spans):
        if merged and not text[merged[-1][1] : a].strip():
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _norm(text: str, spans: Iterable[Span]) -> frozenset[Span]:
    """Spans merged across whitespace, without edge spaces, quotation marks and punctuation —
    unless that is all they are (a colon can be a cue: "Doe: …")."""
    out: set[Span] = set()
    for start, end in _merge(text, spans):
        a, b = start, end
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        if a < b:
            out.add((a, b))
        elif text[start:end].strip():
            out.add((start, end))
    return frozenset(out)


def _overlap(x: Iterable[Span], y: Iterable[Span]) -> bool:
    return any(a < d and c < b for a, b in x for c, d in y)


@dataclass(slots=True)
class ComponentCounts:
    """Counts for one component, kept as floats so per-annotator counts can be averaged."""

    predicted: float = 0.0
    gold: float = 0.0
    exact_predicted: float = 0.0
    exact_gold: float = 0.0
    partial_predicted: float = 0.0
    partial_gold: float = 0.0
    token_predicted: float = 0.0
    token_gold: float = 0.0
    token_overlap: float = 0.0

    def add(self, other: ComponentCounts, *, weight: float = 1.0) -> None:
        """Add ``other`` scaled by ``weight`` (1/n to average n annotators)."""
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + weight * getattr(other, name))

    def prf(self, measure: str) -> tuple[float, float, float]:
        """Precision, recall and F1 (0–100) for 'exact', 'partial' or 'token'."""
        if measure == "token":
            hit_p = hit_g = self.token_overlap
            n_p, n_g = self.token_predicted, self.token_gold
        else:
            hit_p, hit_g = getattr(self, f"{measure}_predicted"), getattr(self, f"{measure}_gold")
            n_p, n_g = self.predicted, self.gold
        p = 100 * hit_p / n_p if n_p else 0.0
        r = 100 * hit_g / n_g if n_g else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class Scores:
    """Counts per component, summed over documents."""

    components: dict[str, ComponentCounts] = field(
        default_factory=lambda: {c: ComponentCounts() for c in COMPONENTS}
    )

    def add(self, other: Scores, *, weight: float = 1.0) -> None:
        """Add another document's (or annotator's) counts, scaled by ``weight``."""
        for name, counts in other.components.items():
            self.components[name].add(counts, weight=weight)

    def f1(self, component: str, measure: str) -> float:
        """F1 (0–100) of ``component`` under ``measure`` ('exact', 'partial', 'token')."""
        return self.components[component].prf(measure)[2]


def _tokens(spans: Iterable[Span], words: list[Span]) -> set[int]:
    """Indexes of the words a set of spans touches."""
    ends = [b for _a, b in words]
    out: set[int] = set()
    for s, e in spans:
        i = bisect.bisect_right(ends, s)
        while i < len(words) and words[i][0] < e:
            out.add(i)
            i += 1
    return out


def score_document(
    text: str, predicted: Sequence[Attribution], gold: Sequence[Attribution]
) -> Scores:
    """Score one document's predicted attributions against one gold set."""
    scores = Scores()
    words = [m.span() for m in _WORD.finditer(text)]
    pred = [{c: _norm(text, a.spans(c)) for c in COMPONENTS} for a in predicted]
    ref = [{c: _norm(text, a.spans(c)) for c in COMPONENTS} for a in gold]
    for comp in COMPONENTS:
        counts = scores.components[comp]
        counts.predicted, counts.gold = len(pred), len(ref)

        def exact(
            p: dict[str, frozenset[Span]], g: dict[str, frozenset[Span]], comp: str = comp
        ) -> bool:
            return (comp == "cue" or _overlap(p["cue"], g["cue"])) and p[comp] == g[comp]

        def partial(
            p: dict[str, frozenset[Span]], g: dict[str, frozenset[Span]], comp: str = comp
        ) -> bool:
            both_empty = not p[comp] and not g[comp]
            return _overlap(p["cue"], g["cue"]) and (both_empty or _overlap(p[comp], g[comp]))

        counts.exact_predicted = sum(any(exact(p, g) for g in ref) for p in pred)
        counts.exact_gold = sum(any(exact(p, g) for p in pred) for g in ref)
        counts.partial_predicted = sum(any(partial(p, g) for g in ref) for p in pred)
        counts.partial_gold = sum(any(partial(p, g) for p in pred) for g in ref)
        tok_p = _tokens((s for p in pred for s in p[comp]), words)
        tok_g = _tokens((s for g in ref for s in g[comp]), words)
        counts.token_predicted, counts.token_gold = len(tok_p), len(tok_g)
        counts.token_overlap = len(tok_p & tok_g)
    return scores


def score_mean_over_annotators(
    doc: PolnearDocument, predicted: Sequence[Attribution], *, direct_only: bool = False
) -> Scores:
    """Score against each annotator's file and average, so every text weighs the same."""
    total = Scores()
    for _who, gold in doc.annotators:
        kept = [g for g in gold if is_direct(doc.text, g)] if direct_only else list(gold)
        total.add(score_document(doc.text, predicted, kept), weight=1 / len(doc.annotators))
    return total


def score_union(
    doc: PolnearDocument, predicted: Sequence[Attribution], *, direct_only: bool = False
) -> Scores:
    """Score against the union of all annotators' attributions (duplicates merged)."""
    gold = sorted(
        {g for _who, atts in doc.annotators for g in atts}, key=lambda a: (a.cue, a.content)
    )
    if direct_only:
        gold = [g for g in gold if is_direct(doc.text, g)]
    return score_document(doc.text, predicted, gold)
