"""Removing documents from a store, with everything derived from them.

A document that keeps failing, or that should never have been ingested, is taken out whole:
its row, annotations, index rows, entity mentions and failures, and its lines from its
outlet's furniture counts. Canonical entities are then resolved again from what is left.
"""

from __future__ import annotations

from collections.abc import Sequence

from communique.analyse.run import refresh_entities
from communique.clean.pipeline import raw_line_keys
from communique.errors import UsageError
from communique.models import RawInput
from communique.store.base import Store

__all__ = ["forget_documents"]


def forget_documents(store: Store, doc_ids: Sequence[str]) -> list[str]:
    """Remove the documents ``doc_ids`` (each once, in the order given); returns their ids.

    Raises :class:`UsageError` naming every id that is not stored, before removing anything.
    """
    wanted = list(dict.fromkeys(doc_ids))
    unknown = [doc_id for doc_id in wanted if not store.has_document(doc_id)]
    if unknown:
        raise UsageError(f"no document with id {', '.join(map(repr, unknown))} in the store")
    for doc_id in wanted:
        stored = store.get_stored(doc_id)
        if stored is None:  # removed by another process meanwhile
            continue
        raw = RawInput(
            stored.document.source, "text" if stored.kind == "text" else "html", stored.raw
        )
        store.forget_document(doc_id, line_keys=raw_line_keys(raw))
    store.commit()
    refresh_entities(store=store)
    return wanted
