"""The one interface every stage uses to keep and read documents.

SQLite (:mod:`communique.store.sqlite`) and PostgreSQL (:mod:`communique.store.postgres`)
implement it; no stage knows which one it writes to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self, cast

from communique.models import Annotation, Correction, Document, Failure
from communique.store.search import DocumentSearch

if TYPE_CHECKING:
    from communique.analyse.embed import SentenceEmbedder
    from communique.export.frames import BriefingTables

__all__ = ["BriefingMethod", "Store", "StoredDocument", "StoredEntity", "redacted"]

_PASSWORD = re.compile(r"(://[^:/@]+):[^@]*@")


def redacted(location: str) -> str:
    """The store's location as it may be shown: a database URL without its password."""
    return _PASSWORD.sub(r"\1:***@", location)


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document together with what it was cleaned from, so it can be cleaned again."""

    document: Document
    kind: str
    raw: str
    meta: dict[str, str]


@dataclass(frozen=True, slots=True)
class StoredEntity:
    """A canonical entity as kept: its fields, its mentions, the rest as plain JSON data."""

    id: str
    name: str
    type: str
    party: str | None
    mentions: tuple[tuple[str, int, int], ...]
    data: dict[str, Any]


class Store(Protocol):
    """Where documents, their near-duplicate index and input failures live."""

    path: str
    """Where it is: a file path or a database URL, as given to ``open_store``."""

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None:
        """Roll back what is uncommitted when leaving on an error, commit otherwise; close."""
        ...

    @property
    def schema_version(self) -> int: ...

    # documents
    def has_document(self, doc_id: str) -> bool: ...

    def existing_ids(self, doc_ids: Sequence[str]) -> set[str]:
        """Those of ``doc_ids`` stored now: :meth:`has_document` of many in one query."""
        ...

    def add_document(
        self,
        stored: StoredDocument,
        *,
        signature: bytes,
        bands: Sequence[str],
        line_keys: Iterable[str],
    ) -> bool:
        """Add one document atomically; False when its id is already stored."""
        ...

    def update_document(self, document: Document) -> None:
        """Replace the cleaned fields of a stored document (same id)."""
        ...

    def get_document(self, doc_id: str) -> Document | None: ...

    def get_stored(self, doc_id: str) -> StoredDocument | None: ...

    def documents(self, *, outlet: str | None = None) -> Iterator[Document]: ...

    def stored_documents(self, *, outlet: str, kind: str) -> Iterator[StoredDocument]:
        """The documents of ``outlet`` read from inputs of ``kind``, with those inputs, in the
        order stored: :meth:`get_stored` of many, a page per query, so the caller may update
        them while it iterates."""
        ...

    def document_ids(self, *, outlet: str | None = None) -> list[str]: ...

    def count_documents(self) -> int: ...

    def outlets(self) -> list[str]: ...

    # deduplication
    def find_by_content_hash(self, content_hash: str) -> str | None:
        """The id of the earliest stored document with this exact cleaned text."""
        ...

    def near_duplicate_candidates(self, bands: Sequence[str]) -> list[tuple[str, bytes]]:
        """(id, signature) of stored documents sharing at least one LSH band key."""
        ...

    def original_candidates(
        self, content_hash: str, bands: Sequence[str]
    ) -> tuple[str | None, list[tuple[str, bytes]]]:
        """:meth:`find_by_content_hash` and :meth:`near_duplicate_candidates` at once (one
        round trip to a server)."""
        ...

    # outlet furniture
    def repeated_lines(self, outlet: str, *, min_docs: int) -> frozenset[str]: ...

    def repeated_lines_of(
        self, outlets: Sequence[str], *, min_docs: int
    ) -> dict[str, frozenset[str]]:
        """:meth:`repeated_lines` of many outlets in one query; an outlet without any is left
        out."""
        ...

    # failures
    def record_failure(self, failure: Failure) -> None:
        """Keep one failure; one row per (stage, source, doc id), updated when it fails again."""
        ...

    def clear_failure(self, source: str) -> None:
        """Forget the ingest failure of ``source`` (it was read after all)."""
        ...

    def clear_failures(self, *, stage: str, doc_ids: Sequence[str] | None = None) -> int:
        """Forget the failures of ``stage`` and its sub-stages ("annotate" clears
        "annotate.events" too), of the given documents or of all; returns how many."""
        ...

    def failures(self) -> list[Failure]:
        """Every failure: ingest first, then by stage, source and document."""
        ...

    # annotations
    def replace_annotations(
        self, doc_id: str, annotations: Sequence[Annotation], *, version: str, content_hash: str
    ) -> None:
        """Replace every annotation of one document, recording the text and layer version."""
        ...

    def annotations(self, doc_id: str, *, layer: str | None = None) -> list[Annotation]: ...

    def annotations_of(
        self, doc_ids: Sequence[str], *, layer: str | None = None
    ) -> dict[str, list[Annotation]]:
        """:meth:`annotations` of many documents in one query (a document with none is left
        out): a corpus pass over every document need not pay a round trip for each."""
        ...

    def documents_to_annotate(self, *, version: str) -> Iterator[Document]:
        """Documents never annotated, cleaned again since, or annotated by another version,
        leaving out those with a failure of the "annotate" stage (or a sub-stage) recorded."""
        ...

    def annotated_ids(self, *, version: str | None = None) -> list[str]:
        """Ids, in storage order, of the documents whose current text is annotated (by
        ``version`` when given): what a briefing built now covers."""
        ...

    def forget_document(self, doc_id: str, *, line_keys: Iterable[str]) -> bool:
        """Remove one document and everything derived from it (annotations, index rows, entity
        mentions, failures), taking its ``line_keys`` off its outlet's counts; False when it is
        not stored. Canonical entities left without mentions go too."""
        ...

    # canonical entities
    def replace_entities(self, entities: Sequence[StoredEntity]) -> None: ...

    def entities(self) -> list[StoredEntity]: ...

    # the user's corrections (a layer of their own; nothing derived is ever edited)
    def add_correction(self, correction: Correction) -> int:
        """Keep one correction (committed at once); its new id."""
        ...

    def corrections(self) -> list[Correction]:
        """Every correction, oldest first (later ones apply over earlier ones)."""
        ...

    def remove_correction(self, correction_id: int) -> bool:
        """Remove one correction (committed at once); False when no such id is kept."""
        ...

    def commit(self) -> None:
        """Make everything added so far durable."""
        ...

    # what the web app asks
    def data_version(self) -> str:
        """Changes whenever another connection may have changed the store: a cheap probe
        before the (dearer) :meth:`fingerprint`."""
        ...

    def fingerprint(self) -> tuple[int, int, str, int, int, int]:
        """(documents, annotated documents, latest annotation time, canonical entities, the
        user's corrections, the latest correction's id)."""
        ...

    def search_index(self) -> DocumentSearch:
        """Full-text search over the documents' titles and texts as they are now."""
        ...

    # caches (migration 0006): work a rebuild reads back instead of repeating
    def cached_vectors(
        self, model: str, keys: Sequence[bytes]
    ) -> dict[bytes, tuple[str, int, bytes]]:
        """``{sha256 of sentence: (dtype, dim, vector bytes)}`` kept for ``model``."""
        ...

    def cache_vectors(self, model: str, rows: Sequence[tuple[bytes, str, int, bytes]]) -> None:
        """Keep (sha256, dtype, dim, vector bytes) rows of ``model``; kept keys stay as they are."""
        ...

    def document_results(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """``{doc_id: (key, data)}``: what the corpus passes took from each kept document."""
        ...

    def put_document_results(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep (doc_id, key, data) rows, replacing a document's previous row."""
        ...

    def kept_mentions(self) -> dict[str, tuple[str, bytes]]:
        """``{doc_id: (key, data)}``: each kept document's entity mentions, serialised (a
        document's row goes when its annotations are written again)."""
        ...

    def keep_mentions(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep (doc_id, key, data) rows of entity mentions, replacing a document's row."""
        ...

    def pass_results(self, kind: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """``{key: data}`` kept by the corpus pass ``kind`` under each of ``keys`` (a digest
        of everything the result came from)."""
        ...

    def keep_pass_results(self, kind: str, rows: Sequence[tuple[bytes, bytes]]) -> None:
        """Keep (key, data) rows of the pass ``kind``; a kept key is left as it is."""
        ...

    def cached_briefing(self, key: str) -> bytes | None:
        """The briefing kept under ``key``, serialised, or None."""
        ...

    def cache_briefing(self, key: str, data: bytes) -> None:
        """Keep this briefing as the only one kept."""
        ...

    # the briefing (every backend inherits it from BriefingMethod)
    def briefing(
        self,
        *,
        since: str | dt.date | None = None,
        party: str | None = None,
        issue: str | None = None,
        codebook: Sequence[str] = (),
        replace_codebook: bool = False,
        embedder: SentenceEmbedder | None = None,
    ) -> BriefingTables: ...


class BriefingMethod:
    """``store.briefing(...)`` for any backend: a thin call of
    :func:`communique.export.frames.briefing`, so a backend only inherits this class."""

    def briefing(
        self,
        *,
        since: str | dt.date | None = None,
        party: str | None = None,
        issue: str | None = None,
        codebook: Sequence[str] = (),
        replace_codebook: bool = False,
        embedder: SentenceEmbedder | None = None,
    ) -> BriefingTables:
        """The briefing of this store (annotating what is new first), as tables."""
        from communique.export.frames import briefing

        return briefing(
            cast("Store", self),
            since=since,
            party=party,
            issue=issue,
            codebook=codebook,
            replace_codebook=replace_codebook,
            embedder=embedder,
        )
