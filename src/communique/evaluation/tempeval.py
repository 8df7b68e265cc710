"""Read TimeML (TempEval-3) files and score temporal expressions against their TIMEX3 gold.

The scoring follows the TempEval-3 task paper (UzZaman et al., 2013): a system expression
matches a gold one *strictly* when the spans are identical and *relaxed* when they overlap;
``value F1`` counts a relaxed match only when the normalised values are equal too. Matching is
one-to-one so a system that splits one gold expression in two gains nothing from the second half.
The document-creation time (``functionInDocument="CREATION_TIME"``) sits outside ``<TEXT>`` and is
therefore neither gold nor predicted: only the ``<TEXT>`` body is read.

Example::

    doc = read_timeml(path)
    counts = score_document(doc.timexes, my_timexes)
    print(counts.value_f1)
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from communique.errors import MalformedInput, UnreadableInput

__all__ = [
    "GoldTimex",
    "TimeMLDocument",
    "TimexCounts",
    "TimexLike",
    "read_corpus",
    "read_timeml",
    "score_document",
]


class TimexLike(Protocol):
    """What the scorer needs of a predicted expression (``annotate.timex.Timex`` fits)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def value(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold TIMEX3: character offsets into :attr:`TimeMLDocument.text`."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """The ``<TEXT>`` body of a TimeML file with tags stripped, its gold and its creation date."""

    doc_id: str
    text: str
    creation_date: dt.date | None
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimeMLDocument:
    """Parse one ``.tml`` file; raises :class:`MalformedInput` when it is not TimeML."""
    try:
        root = ET.parse(path).getroot()
    except OSError as exc:
        raise UnreadableInput(str(path), str(exc)) from exc
    except ET.ParseError as exc:
        raise MalformedInput(str(path), f"not XML: {exc}") from exc
    body = root.find("TEXT")
    if body is None:
        raise MalformedInput(str(path), "no <TEXT> element")
    pieces: list[str] = []
    gold: list[GoldTimex] = []
    _walk(body, pieces, gold, inside_timex=False)
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TimeMLDocument(doc_id, "".join(pieces), _creation_date(root), tuple(gold))


def _walk(
    node: ET.Element, pieces: list[str], gold: list[GoldTimex], *, inside_timex: bool
) -> None:
    """Append the node's text to ``pieces`` in order, recording where each TIMEX3 falls.

    A TIMEX3 nested in another (never in TBAQ, allowed by TimeML) is folded into its parent.
    """
    record = node.tag == "TIMEX3" and not inside_timex
    start = sum(len(p) for p in pieces)
    pieces.append(node.text or "")
    for child in node:
        _walk(child, pieces, gold, inside_timex=inside_timex or record)
        pieces.append(child.tail or "")
    if record:
        text = "".join(pieces)[start:]
        value = node.get("value") or None
        gold.append(GoldTimex(start, start + len(text), text, node.get("type", "DATE"), value))


def _creation_date(root: ET.Element) -> dt.date | None:
    """The DCT's value as a date, read from ``<DCT><TIMEX3 value=...>``."""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def read_corpus(folder: Path, *, limit: int | None = None) -> list[TimeMLDocument]:
    """Every ``.tml`` file under ``folder`` in name order (so ``limit`` picks a stable subset)."""
    paths = sorted(folder.rglob("*.tml"))
    if limit is not None:
        paths = paths[:limit]
    return [read_timeml(p) for p in paths]


@dataclass(frozen=True, slots=True)
class TimexCounts:
    """Counts that add up across documents; the F1 properties derive from them."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def __add__(self, other: TimexCounts) -> TimexCounts:
        return TimexCounts(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.strict + other.strict,
            self.relaxed + other.relaxed,
            self.value + other.value,
            self.type + other.type,
        )

    def precision(self, hits: int) -> float:
        return hits / self.predicted if self.predicted else 0.0

    def recall(self, hits: int) -> float:
        return hits / self.gold if self.gold else 0.0

    def f1(self, hits: int) -> float:
        p, r = self.precision(hits), self.recall(hits)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_f1(self) -> float:
        return self.f1(self.strict)

    @property
    def relaxed_f1(self) -> float:
        return self.f1(self.relaxed)

    @property
    def value_f1(self) -> float:
        return self.f1(self.value)

    @property
    def type_f1(self) -> float:
        return self.f1(self.type)


def match_pairs(
    gold: Sequence[GoldTimex], predicted: Sequence[TimexLike]
) -> list[tuple[GoldTimex, TimexLike]]:
    """One-to-one overlap matching: exact spans first, then the largest overlap."""
    used: set[int] = set()
    pairs: list[tuple[GoldTimex, TimexLike]] = []
    for g in gold:
        best, best_key = -1, (-1, -1)
        for i, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if i in used or overlap <= 0:
                continue
            key = (int(p.start == g.start and p.end == g.end), overlap)
            if key > best_key:
                best, best_key = i, key
        if best >= 0:
            used.add(best)
            pairs.append((g, predicted[best]))
    return pairs


def score_document(gold: Sequence[GoldTimex], predicted: Iterable[TimexLike]) -> TimexCounts:
    """Count strict, relaxed, value and type hits of ``predicted`` against ``gold``."""
    system = list(predicted)
    pairs = match_pairs(gold, system)
    return TimexCounts(
        gold=len(gold),
        predicted=len(system),
        strict=sum(g.start == p.start and g.end == p.end for g, p in pairs),
        relaxed=len(pairs),
        value=sum(g.value is not None and g.value == p.value for g, p in pairs),
        type=sum(g.type == p.type for g, p in pairs),
    )
