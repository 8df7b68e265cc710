"""The one interface every stage uses to keep and read documents.

SQLite (:mod:`communique.store.sqlite`) and PostgreSQL (:mod:`communique.store.postgres`)
implement it; no stage knows which one it writes to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self

from communique.models import Annotation, Document, Failure
from communique.store.search import DocumentSearch

__all__ = ["Store", "StoredDocument", "StoredEntity", "redacted"]

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

    # outlet furniture
    def repeated_lines(self, outlet: str, *, min_docs: int) -> frozenset[str]: ...

    # failures
    def record_failure(self, failure: Failure) -> None: ...

    def clear_failure(self, source: str) -> None: ...

    def failures(self) -> list[Failure]: ...

    # annotations
    def replace_annotations(
        self, doc_id: str, annotations: Sequence[Annotation], *, version: str, content_hash: str
    ) -> None:
        """Replace every annotation of one document, recording the text and layer version."""
        ...

    def annotations(self, doc_id: str, *, layer: str | None = None) -> list[Annotation]: ...

    def documents_to_annotate(self, *, version: str) -> Iterator[Document]:
        """Documents never annotated, cleaned again since, or annotated by another version."""
        ...

    # canonical entities
    def replace_entities(self, entities: Sequence[StoredEntity]) -> None: ...

    def entities(self) -> list[StoredEntity]: ...

    def commit(self) -> None:
        """Make everything added so far durable."""
        ...

    # what the web app asks
    def data_version(self) -> str:
        """Changes whenever another connection may have changed the store: a cheap probe
        before the (dearer) :meth:`fingerprint`."""
        ...

    def fingerprint(self) -> tuple[int, int, str, int]:
        """(documents, annotated documents, latest annotation time, canonical entities)."""
        ...

    def search_index(self) -> DocumentSearch:
        """Full-text search over the documents' titles and texts as they are now."""
        ...
