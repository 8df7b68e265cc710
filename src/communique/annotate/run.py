"""Running the language layer over a store: annotate what is new or changed, then resolve
entities across the whole corpus."""

from __future__ import annotations

from collections.abc import Callable

from communique.analyse.resolve import CanonicalEntity, resolve_entities
from communique.annotate.dating_store import date_store, with_dating
from communique.annotate.entities import Mention
from communique.annotate.pipeline import Annotator
from communique.store.base import Store, StoredEntity

__all__ = ["annotate_store", "refresh_entities", "stored_mentions"]


def annotate_store(
    *,
    store: Store,
    annotator: Annotator,
    commit_every: int = 25,
    on_document: Callable[[str], None] | None = None,
) -> int:
    """Annotate every document not yet annotated by this layer version; returns how many.

    What the layer made of a document's date (a day, a range, with its basis) is written
    back to it unless its metadata gave the date; then the corpus step dates the undated
    documents by the dated ones and annotates them again on their new dates.
    """
    done = 0
    todo = store.documents_to_annotate(version=annotator.version)
    for document, read in annotator.annotate_documents(todo):
        dated = with_dating(document, read)
        if dated != document:
            store.update_document(dated)
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
        date_store(store=store, annotator=annotator)
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
