"""The briefing for notebooks: each section a table that becomes a pandas DataFrame.

::

    import communique
    with communique.open_store("talks.db") as store:
        report = store.briefing(since="2025-05-01", party="Korvania")
    report.positions.to_pandas()          # one row per position, citation columns included
    report.events.to_records()            # the same rows as dicts, without pandas
    report.briefing                        # the briefing itself (the dataclasses of brief/model)

A section is the same table ``communique export`` writes (:mod:`communique.export.tables`), so
what a notebook shows and what a spreadsheet shows never differ. pandas is optional
(``pip install 'communique[tables]'``); ``to_records`` needs nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from communique.brief.model import BriefDocument, Briefing, Corpus
from communique.errors import UsageError
from communique.export.tables import KINDS, TABLES, Column, Row, TableSpec, rows_of

if TYPE_CHECKING:
    from communique.analyse.embed import SentenceEmbedder
    from communique.store.base import Store

__all__ = ["BriefingTables", "Section", "briefing", "load_briefing"]

_PANDAS_TYPES = {"str": "string", "int": "Int64", "bool": "boolean"}


@dataclass(frozen=True, slots=True)
class Section:
    """One kind of item as a table (rows made on demand from the briefing's list)."""

    spec: TableSpec
    items: Sequence[Any]
    documents: dict[str, BriefDocument]

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.spec.columns

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:  # a notebook shows this, not every item
        return f"<Section {self.kind}: {len(self)} rows x {len(self.columns)} columns>"

    def rows(self) -> Iterator[Row]:
        """Each item as a tuple of cells in column order."""
        return rows_of(self.spec, self.items, self.documents)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        names = self.spec.names
        for row in self.rows():
            yield dict(zip(names, row, strict=True))

    def to_records(self) -> list[dict[str, Any]]:
        """Every row as a dict, column name to cell."""
        return list(self)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with nullable typed columns (string, Int64, boolean)."""
        try:
            import pandas as pd
        except ImportError:
            raise UsageError(
                "to_pandas needs pandas: pip install 'communique[tables]' (to_records does not)"
            ) from None
        frame = pd.DataFrame.from_records(list(self.rows()), columns=self.spec.names)
        return frame.astype({c.name: _PANDAS_TYPES[c.type] for c in self.columns})


class _SectionOf:
    """``tables.positions`` and the like: the section of one kind, as a read-only attribute."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __get__(self, tables: BriefingTables, owner: type[BriefingTables]) -> Section:
        return tables.section(self.kind)


@dataclass(frozen=True, slots=True)
class BriefingTables:
    """A briefing whose sections are tables; ``briefing`` is the briefing itself."""

    briefing: Briefing

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind} {len(self.section(kind))}" for kind in KINDS)
        return f"<BriefingTables of {self.corpus.documents} documents: {counts}>"

    @property
    def corpus(self) -> Corpus:
        return self.briefing.corpus

    def section(self, kind: str) -> Section:
        """The table of one kind (``"position-changes"`` or ``"position_changes"``)."""
        spec = TABLES.get(kind.replace("_", "-"))
        if spec is None:
            raise UsageError(f"no section {kind!r}: choose one of {', '.join(KINDS)}")
        documents = {d.id: d for d in self.briefing.documents}
        return Section(spec, list(spec.items(self.briefing)), documents)

    def sections(self) -> Iterator[Section]:
        return (self.section(kind) for kind in KINDS)

    def to_pandas(self) -> dict[str, Any]:
        """Every section as a DataFrame, by kind."""
        return {s.kind: s.to_pandas() for s in self.sections()}

    positions = _SectionOf("positions")
    position_changes = _SectionOf("position-changes")
    events = _SectionOf("events")
    quotes = _SectionOf("quotes")
    claims = _SectionOf("claims")
    entities = _SectionOf("entities")
    documents = _SectionOf("documents")
    sources = _SectionOf("sources")


def load_briefing(
    store: Store,
    *,
    since: str | dt.date | None = None,
    party: str | None = None,
    issue: str | None = None,
    codebook: Sequence[str] = (),
    replace_codebook: bool = False,
    sides: Mapping[str, Sequence[str]] | None = None,
    embedder: SentenceEmbedder | None = None,
    on_document: Callable[[str], None] | None = None,
) -> Briefing:
    """Annotate what is new in ``store``, build its briefing and narrow it as ``brief`` does
    (:func:`communique.brief.filters.filter_briefing`)."""
    from pathlib import Path

    from communique.analyse.embed import SentenceEmbedder
    from communique.analyse.run import annotate_store
    from communique.annotate.codebook import load_codebook
    from communique.annotate.pipeline import Annotator
    from communique.brief.cache import cached_briefing
    from communique.brief.filters import filter_briefing, parse_day

    start = parse_day(since, name="since")
    book = load_codebook([Path(p) for p in codebook], replace=replace_codebook)
    annotator = Annotator(codebook=book)
    annotate_store(store=store, annotator=annotator, on_document=on_document)
    built = cached_briefing(
        store=store,
        embedder=embedder or SentenceEmbedder(),
        version=annotator.version,
        sides=sides,
        codebook=book,
    )
    if start or party or issue:
        built = filter_briefing(built, since=start, party=party, issue=issue)
    return built


def briefing(
    store: Store,
    *,
    since: str | dt.date | None = None,
    party: str | None = None,
    issue: str | None = None,
    codebook: Sequence[str] = (),
    replace_codebook: bool = False,
    sides: Mapping[str, Sequence[str]] | None = None,
    embedder: SentenceEmbedder | None = None,
) -> BriefingTables:
    """The briefing of ``store`` (annotating what is new first), its sections as tables."""
    return BriefingTables(
        load_briefing(
            store,
            since=since,
            party=party,
            issue=issue,
            codebook=codebook,
            replace_codebook=replace_codebook,
            embedder=embedder,
            sides=sides,
        )
    )
