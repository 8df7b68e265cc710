"""communique: turn the news coverage of a negotiation into a cross-checked, sourced briefing.

The Python API mirrors the command line::

    import communique
    with communique.open_store("talks.db") as store:
        report = communique.ingest(["articles/", "feed.xml"], store=store,
                                   cleaner=communique.Cleaner.create())
        for doc in store.documents():
            print(doc.published, doc.outlet, doc.title, doc.flags)
        report = store.briefing(since="2025-05-01")   # or communique.briefing(store, ...)
    report.positions.to_pandas()                      # each section a table
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.clean.pipeline import Cleaner
    from communique.export.frames import BriefingTables, briefing
    from communique.ingest import IngestReport, ingest
    from communique.models import Annotation, Document, Failure, RawInput, RemovedLine
    from communique.store import open_store

__all__ = [
    "Annotation",
    "BriefingTables",
    "Cleaner",
    "Document",
    "Failure",
    "IngestReport",
    "RawInput",
    "RemovedLine",
    "briefing",
    "ingest",
    "open_store",
]

__version__ = "0.1.0"

# Imported on first use, so `communique --help` does not load trafilatura, lingua and spaCy.
_HOMES = {
    "BriefingTables": "communique.export.frames",
    "briefing": "communique.export.frames",
    "Cleaner": "communique.clean.pipeline",
    "IngestReport": "communique.ingest",
    "ingest": "communique.ingest",
    "Annotation": "communique.models",
    "Document": "communique.models",
    "Failure": "communique.models",
    "RawInput": "communique.models",
    "RemovedLine": "communique.models",
    "open_store": "communique.store",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'communique' has no attribute {name!r}")
