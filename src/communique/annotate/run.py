"""Running the language layer over a store: annotate what is new or changed, then resolve
entities across the whole corpus.

Annotation runs as a :class:`~communique.parallel.Stage` on batches of documents, in this
process or on Dask workers (each loads spaCy once); this process alone writes the results, in
the order the documents came, so the store ends the same either way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from communique.analyse.resolve import CanonicalEntity, resolve_entities
from communique.annotate.entities import Mention
from communique.annotate.pipeline import Annotator, TextAnnotations
from communique.models import Document
from communique.parallel import Executor, InProcess
from communique.store.base import Store, StoredEntity

__all__ = ["AnnotateStage", "annotate_store", "refresh_entities", "stored_mentions"]

BATCH_SIZE = 16
"""Documents per task: nlp.pipe's own batch, large enough that a task's overhead (milliseconds)
is small beside its work (seconds)."""


@dataclass
class AnnotateStage:
    """The language layer as a stage: the annotator travels without its spaCy pipeline and
    loads one in ``setup``, once per worker."""

    annotator: Annotator
    name: str = "annotate"

    def setup(self) -> None:
        self.annotator.nlp  # noqa: B018 -- loads the pipeline now, not inside the first batch

    def process_batch(self, batch: list[Document]) -> list[tuple[Document, TextAnnotations]]:
        return list(self.annotator.annotate_documents(batch, batch_size=BATCH_SIZE))

    def teardown(self) -> None:
        return None


def annotate_store(
    *,
    store: Store,
    annotator: Annotator,
    commit_every: int = 25,
    on_document: Callable[[str], None] | None = None,
    executor: Executor | None = None,
) -> int:
    """Annotate every document not yet annotated by this layer version; returns how many.

    A publication date the layer inferred is written back to the document with its basis.
    ``executor`` runs the annotation (default: here); this process writes.
    """
    done = 0
    todo = store.documents_to_annotate(version=annotator.version)
    run = executor if executor is not None else InProcess()
    stage = AnnotateStage(annotator)
    for document, read in run.map_batches(stage, todo, batch_size=BATCH_SIZE):
        if document.published is None and read.published is not None:
            store.update_document(
                replace(document, published=read.published, published_basis=read.published_basis)
            )
        store.replace_annotations(
            document.id,
            read.to_annotations(document.id),
            version=annotator.version,
            content_hash=document.content_hash,
        )
        done += 1
        if on_document is not None:
            on_document(document.id)
        if done % commit_every == 0:
            store.commit()
    store.commit()
    if done:
        refresh_entities(store=store)
    return done


def stored_mentions(store: Store) -> list[tuple[str, Mention]]:
    """Every entity mention of every document, as (doc id, mention)."""
    out: list[tuple[str, Mention]] = []
    for document in store.documents():
        for a in store.annotations(document.id, layer="entity"):
            attrs = a.attrs
            out.append(
                (
                    document.id,
                    Mention(
                        start=a.start,
                        end=a.end,
                        text=a.text,
                        label=str(attrs["label"]),
                        role=_opt_str(attrs.get("role")),
                        party_cue=_opt_str(attrs.get("party_cue")),
                        cue_start=_opt_int(attrs.get("cue_start")),
                        cue_end=_opt_int(attrs.get("cue_end")),
                    ),
                )
            )
    return out


def refresh_entities(*, store: Store) -> list[CanonicalEntity]:
    """Resolve canonical entities over the whole store and keep them."""
    entities = resolve_entities(stored_mentions(store))
    store.replace_entities([_stored(e) for e in entities])
    store.commit()
    return entities


def _stored(entity: CanonicalEntity) -> StoredEntity:
    return StoredEntity(
        id=entity.id,
        name=entity.name,
        type=entity.type,
        party=entity.party,
        mentions=entity.mentions,
        data={
            "aliases": list(entity.aliases),
            "roles": [{"role": role, "document": doc} for role, doc in entity.roles],
            "party_evidence": [
                {"cue": cue, "document": doc, "start": start, "end": end}
                for cue, doc, start, end in entity.party_evidence
            ],
        },
    )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: object) -> int | None:
    return value if isinstance(value, int) else None
