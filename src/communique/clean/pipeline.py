"""From a :class:`RawInput` to a cleaned, dated, flagged :class:`Document`.

The stages, in order, each a call:

1. Metadata from what the container says, then the page, then the raw text's own cues — read
   before cleaning, because bylines and 'Published …' lines are exactly what cleaning removes.
2. The body: trafilatura for HTML; our boilerplate remover for scraped plain text, told which
   lines other documents of the same outlet share.
3. Language, then flags over the body and what was removed (an AI disclosure is often furniture).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from communique.clean.boilerplate import CleanText, line_key, strip_boilerplate
from communique.clean.dedupe import text_hash
from communique.clean.flags import document_flags
from communique.clean.html import extract_html
from communique.clean.language import LanguageIdentifier
from communique.clean.metadata import Metadata, find_metadata
from communique.errors import EmptyInput
from communique.models import Document, RawInput, RemovedLine

__all__ = ["Cleaner", "document_id", "raw_line_keys"]

RepeatedLines = Callable[[str], frozenset[str]]
"""Given an outlet, the line keys its other documents share."""


def document_id(raw: RawInput) -> str:
    """Stable id of an input: the same source with the same content is the same document."""
    digest = hashlib.sha256(f"{raw.source}\n{raw.body}".encode()).hexdigest()
    return digest[:16]


def raw_line_keys(raw: RawInput) -> set[str]:
    """Keys of the lines an outlet's documents may share (plain-text inputs only)."""
    if raw.kind != "text":
        return set()
    return {key for line in raw.body.splitlines() if (key := line_key(line))}


def _no_repeats(_outlet: str) -> frozenset[str]:
    return frozenset()


@dataclass
class Cleaner:
    """Cleans inputs one at a time; holds what is costly to build (the language model)."""

    languages: LanguageIdentifier

    @classmethod
    def create(cls, *, low_accuracy: bool = True) -> Cleaner:
        # lingua's low-accuracy models: 21 MB instead of ~345 MB once a short text arrives, and
        # 60 of 62 right against 62 on our samples (the misses are two- and three-word lines,
        # not articles). Flat memory matters more on a 100k-document run or a Dask worker.
        return cls(languages=LanguageIdentifier(low_accuracy=low_accuracy))

    def clean(self, raw: RawInput, *, repeated: RepeatedLines = _no_repeats) -> Document:
        """Clean one input; raises an :class:`~communique.errors.InputError` naming it."""
        if raw.kind == "html":
            metadata, body, removed_text = self._clean_html(raw)
            removed: tuple[RemovedLine, ...] = ()
        else:
            metadata = find_metadata(raw.body, meta=raw.meta, url=raw.meta.get("url"))
            shared = repeated(metadata.outlet) if metadata.outlet else frozenset()
            # Only a container's title is a hint; a title guessed from the text may be a masthead.
            cleaned: CleanText = strip_boilerplate(
                raw.body, title=raw.meta.get("title"), repeated=shared, outlet=metadata.outlet
            )
            body, removed = cleaned.text, cleaned.removed
            removed_text = "\n".join(line.text for line in removed)
            # The remover knows which top lines are mastheads; the container's own title wins.
            if cleaned.title and not raw.meta.get("title"):
                metadata = replace(metadata, title=cleaned.title)
        if not body.strip():
            raise EmptyInput(raw.source, "no article text left after removing page furniture")
        title = metadata.title
        flags = document_flags(body, removed_text=removed_text, author=metadata.author, title=title)
        return Document(
            id=document_id(raw),
            source=raw.source,
            text=body,
            title=title,
            url=raw.meta.get("url"),
            outlet=metadata.outlet,
            author=metadata.author,
            published=metadata.published,
            published_basis=metadata.published_basis,
            published_earliest=metadata.published,
            published_latest=metadata.published,
            language=raw.meta.get("language") or self.languages.identify(body),
            flags=flags,
            removed=removed,
            content_hash=text_hash(body),
        )

    def _clean_html(self, raw: RawInput) -> tuple[Metadata, str, str]:
        page = extract_html(raw.body, url=raw.meta.get("url"), source=raw.source)
        page_meta = {
            "title": page.title,
            "sitename": page.sitename,
            "author": page.author,
            "date": page.published,
        }
        metadata = find_metadata(
            page.text, meta=raw.meta, page=page_meta, url=raw.meta.get("url") or page.url
        )
        return metadata, page.text, ""
