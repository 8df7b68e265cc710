"""The dater over a store: each document's own dating written back, then the corpus step.

Metadata always wins: a document whose date came from its metadata, its page or its own
publication line keeps it and only lends it to the others. A document the corpus step dates
anew is annotated again, so its relative expressions ("on Friday") are anchored on the new day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from communique.analyse.dating_corpus import CorpusText, EventSign, date_corpus
from communique.annotate.dating import Dating, date_text
from communique.annotate.pipeline import Annotator, TextAnnotations
from communique.models import Annotation, Document
from communique.store.base import Store

__all__ = ["date_store", "is_inferred", "with_dating"]


def is_inferred(basis: str | None) -> bool:
    """Whether a date was inferred by the dater (and may be inferred again) rather than given."""
    return basis is not None and basis.startswith("inferred:")


def with_dating(document: Document, read: TextAnnotations) -> Document:
    """The document with what the layer decided of its date; a given date is never replaced."""
    if document.published is not None and not is_inferred(document.published_basis):
        return replace(
            document,
            published_basis=read.published_basis or document.published_basis,
            published_earliest=document.published,
            published_latest=document.published,
        )
    return replace(
        document,
        published=read.published,
        published_basis=read.published_basis,
        published_earliest=read.published_earliest,
        published_latest=read.published_latest,
    )


def date_store(*, store: Store, annotator: Annotator, today: dt.date | None = None) -> int:
    """Date the store's documents by each other; returns how many the corpus step changed."""
    last = today or dt.date.today() + dt.timedelta(days=1)
    documents = {d.id: d for d in store.documents()}
    if all(d.published is not None for d in documents.values()):
        return 0
    texts = [
        _corpus_text(d, store.annotations(d.id, layer="event"), last) for d in documents.values()
    ]
    result = date_corpus(texts, today=last)
    changed = 0
    for text in texts:
        dating = result[text.doc_id]
        if dating is text.dating or not is_inferred(dating.basis):
            continue
        document = documents[text.doc_id]
        read = annotator.annotate_dated(document.text, dating=dating, doc_id=document.id)
        store.update_document(with_dating(document, read))
        store.replace_annotations(
            document.id,
            read.to_annotations(document.id),
            version=annotator.version,
            content_hash=document.content_hash,
        )
        changed += 1
    store.commit()
    return changed


def _corpus_text(document: Document, events: Iterable[Annotation], today: dt.date) -> CorpusText:
    if document.published is not None and not is_inferred(document.published_basis):
        day = document.published
        dating = Dating(day, day, day, document.published_basis)
    else:
        dating = date_text(document.text, today=today)
    return CorpusText(document.id, document.text, dating, tuple(_sign(e.attrs) for e in events))


def _sign(attrs: Mapping[str, object]) -> EventSign:
    actors = [*_names(attrs.get("actor_parts")), *_names(attrs.get("target_parts"))]
    for key in ("actor", "target"):
        value = attrs.get(key)
        if isinstance(value, str) and not actors:
            actors.append(value)
    place = attrs.get("place")
    date = attrs.get("date")
    return EventSign(
        type=str(attrs.get("type", "")),
        place=place if isinstance(place, str) else None,
        actors=frozenset(a.casefold() for a in actors),
        sentence=(_int(attrs.get("sentence_start")), _int(attrs.get("sentence_end"))),
        date=date if isinstance(date, str) else None,
        mode=str(attrs.get("mode", "")),
    )


def _names(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list | tuple) else []


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
