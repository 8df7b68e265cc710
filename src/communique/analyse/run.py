"""Running the language layer over a store: annotate what is new or changed, then resolve
entities across the whole corpus.

Annotation runs as a :class:`~communique.parallel.Stage` on batches of documents, in this
process or on Dask workers (each loads spaCy once); this process alone writes the results, in
the order the documents came, so the store ends the same either way."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Final

from communique.analyse.collection import fewer_collections
from communique.analyse.dating_store import date_store, with_dating
from communique.analyse.resolve import CanonicalEntity, resolve_entities
from communique.analyse.slotted import making
from communique.annotate.entities import Mention
from communique.annotate.isolate import PassFailure, run_isolated
from communique.annotate.isolation import document_failure
from communique.annotate.pipeline import Annotator, TextAnnotations
from communique.errors import AnalysisError, CommuniqueError
from communique.models import Annotation, Document, Failure
from communique.parallel import Executor, InProcess
from communique.store.base import Store, StoredEntity

__all__ = [
    "ENTITIES_STAGE",
    "MENTIONS_KEY",
    "AnnotateStage",
    "annotate_store",
    "pass_failure",
    "refresh_entities",
    "stored_mentions",
]

BATCH_SIZE = 16
"""Documents per task: nlp.pipe's own batch, large enough that a task's overhead (milliseconds)
is small beside its work (seconds)."""


@dataclass
class AnnotateStage:
    """The language layer as a stage: the annotator travels without its spaCy pipeline and
    loads one in ``setup``, once per worker. A document the layer fails on comes back as its
    :class:`Failure` (not raised), so the writing process records it and the batch goes on."""

    annotator: Annotator
    name: str = "annotate"

    def setup(self) -> None:
        self.annotator.nlp  # noqa: B018 -- loads the pipeline now, not inside the first batch

    def process_batch(
        self, batch: list[Document]
    ) -> list[tuple[Document, TextAnnotations | Failure]]:
        out: list[tuple[Document, TextAnnotations | Failure]] = []

        def failed(document: Document, exc: Exception) -> None:
            out.append((document, document_failure(document, exc)))

        for pair in self.annotator.annotate_documents(
            batch, batch_size=BATCH_SIZE, on_error=failed
        ):
            out.append(pair)
        return out

    def teardown(self) -> None:
        return None


def annotate_store(
    *,
    store: Store,
    annotator: Annotator,
    commit_every: int = 25,
    on_document: Callable[[str], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    executor: Executor | None = None,
) -> int:
    """Annotate every document not yet annotated by this layer version; returns how many.

    What the layer made of a document's date (a day, a range, with its basis) is written
    back to it unless its metadata gave the date; then the corpus step dates the undated
    documents by the dated ones and annotates them again on their new dates.
    A document the layer fails on is recorded as a failure of its stage and left unannotated;
    the failure is committed at once with everything done before it, and the document is not
    tried again until its failure is cleared.
    ``executor`` runs the annotation (default: here); this process writes.
    """
    done = 0

    def record(failure: Failure) -> None:
        store.record_failure(failure)
        store.commit()
        if on_failure is not None:
            on_failure(failure)

    todo = store.documents_to_annotate(version=annotator.version)
    run = executor if executor is not None else InProcess()
    stage = AnnotateStage(annotator)
    try:
        for document, read in run.map_batches(stage, todo, batch_size=BATCH_SIZE):
            if isinstance(read, Failure):
                record(read)
                continue
            try:
                annotations = read.to_annotations(document.id)
            except Exception as exc:
                record(document_failure(document, exc))
                continue
            dated = with_dating(document, read)
            if dated != document:
                store.update_document(dated)
            store.replace_annotations(
                document.id,
                annotations,
                version=annotator.version,
                content_hash=document.content_hash,
            )
            done += 1
            if on_document is not None:
                on_document(document.id)
            if done % commit_every == 0:
                store.commit()
    finally:
        store.commit()  # whatever stops the run, the documents finished so far are kept
    if done:
        date_store(store=store, annotator=annotator)
        refresh_entities(store=store)
    return done


_MENTION_PAGE = 2000
MENTIONS_KEY: Final = "mentions-2"
"""Bump when :func:`stored_mentions` reads a mention differently: kept mentions read by older
code are then read again from the annotations."""


def stored_mentions(store: Store) -> list[tuple[str, Mention]]:
    """Every entity mention of every document, as (doc id, mention), in document order.

    Each document's mentions are kept in the store once read (migration 0009), so resolving
    again after new documents reads only theirs from the annotations: the others are read
    back whole, about a third of the cost. Writing a document's annotations drops its kept
    mentions, so a document annotated again is read again."""
    ids = store.document_ids()
    kept = store.kept_mentions()
    found: dict[str, tuple[Mention, ...]] = {}
    for doc_id, (key, data) in kept.items():
        mentions = _unpickled_mentions(data) if key == MENTIONS_KEY else None
        if mentions is not None:
            found[doc_id] = mentions
    missing = [doc_id for doc_id in ids if doc_id not in found]
    for lo in range(0, len(missing), _MENTION_PAGE):
        page = missing[lo : lo + _MENTION_PAGE]
        read = store.annotations_of(page, layer="entity")
        fresh = {doc_id: tuple(_mention(a) for a in read.get(doc_id, ())) for doc_id in page}
        store.keep_mentions(
            [(doc_id, MENTIONS_KEY, _pickled_mentions(m)) for doc_id, m in fresh.items()]
        )
        found |= fresh
    return [(doc_id, m) for doc_id in ids for m in found[doc_id]]


def _mention(a: Annotation) -> Mention:
    attrs = a.attrs
    return Mention(
        start=a.start,
        end=a.end,
        text=a.text,
        label=str(attrs["label"]),
        role=_opt_str(attrs.get("role")),
        party_cue=_opt_str(attrs.get("party_cue")),
        cue_start=_opt_int(attrs.get("cue_start")),
        cue_end=_opt_int(attrs.get("cue_end")),
        allies=_allies(attrs.get("allies")),
    )


_MENTION_FIELDS: Final = tuple(f.name for f in fields(Mention))


def _pickled_mentions(mentions: tuple[Mention, ...]) -> bytes:
    """Mentions kept as rows of field values: a slotted dataclass pickled the standard way
    looks its fields up again for every object it reads back, four times the cost of
    calling its ``__init__`` with the values."""
    rows = tuple(tuple(getattr(m, name) for name in _MENTION_FIELDS) for m in mentions)
    return pickle.dumps(rows, protocol=5)


def _unpickled_mentions(data: bytes) -> tuple[Mention, ...] | None:
    """Kept mentions, or None when the row no longer reads back (it is read again)."""
    try:
        value = pickle.loads(data)  # the store is trusted, as brief.cache says of its rows
        make = making(Mention)  # its slots set directly: faster than its __init__
        return tuple(make(*row) for row in value)
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError):
        return None


def _allies(value: object) -> tuple[tuple[int, int, str], ...]:
    """A mention's stored allies ([start, end, text] lists in JSON); none before layer 6."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(
        (int(v[0]), int(v[1]), str(v[2]))
        for v in value
        if isinstance(v, list | tuple) and len(v) == 3
    )


ENTITIES_STAGE = "corpus.entities"


def refresh_entities(*, store: Store) -> list[CanonicalEntity]:
    """Resolve canonical entities over the whole store and keep them. A document whose
    mentions break the resolution is left out of it and recorded as a failure."""
    none: list[CanonicalEntity] = []
    with fewer_collections():  # keeping them, too, makes an object per entity and mention
        entities, failed = run_isolated(
            resolve_entities, stored_mentions(store), doc_of=lambda pair: pair[0], empty=none
        )
        store.clear_failures(stage=ENTITIES_STAGE)
        sources = {doc_id: store.get_document(doc_id) for doc_id in {f.doc_id for f in failed}}
        for f in failed:
            document = sources.get(f.doc_id)
            store.record_failure(
                pass_failure(f, stage=ENTITIES_STAGE, source=document.source if document else "")
            )
        store.replace_entities([_stored(e) for e in entities])
        store.commit()
    return entities


def pass_failure(failed: PassFailure, *, stage: str, source: str) -> Failure:
    """The failure to record for a document a corpus pass could not take."""
    exc = failed.error
    if isinstance(exc, CommuniqueError):
        reason, code = exc.message, exc.code
    else:
        reason, code = f"{type(exc).__name__}: {exc}", AnalysisError.code
    return Failure(
        source=source or "(corpus)",
        reason=" ".join(reason.split())[:500],
        code=code,
        stage=stage,
        doc_id=failed.doc_id or None,
    )


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
