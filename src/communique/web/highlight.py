"""A document's text with its annotations as ``<mark>`` spans, built from character offsets.

The text is cut at every offset and each piece escaped on its own, so no character of an
article ever reaches the page as markup. Spans may nest or cross (a claim sentence holding a
quote holding a name); marks are closed and reopened where they cross, so the HTML stays
well formed and every piece of text sits inside exactly the marks that cover it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from markupsafe import Markup, escape

from communique.brief.model import ClaimEvidence
from communique.models import Annotation

__all__ = ["ENTITY_TYPES", "LAYER_ORDER", "Span", "document_spans", "highlight", "type_words"]

LAYER_ORDER = ("focus", "claim", "position", "quote", "entity", "date")
"""Outermost first: sentence-long marks hold quotes, which hold names and dates. ``focus`` is
the passage a link pointed at; its first mark carries ``id="focus"``."""

_CLASS_CHARS = re.compile(r"[^a-z0-9_-]+")


ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country, city or state",
    "NORP": "nationality, religious or political group",
    "LOC": "place (not a country or city)",
    "FAC": "building, airport, road or bridge",
    "EVENT": "named event",
    "LAW": "law or treaty",
}
"""spaCy's entity labels in plain words, for readers who do not know them."""


def type_words(label: str) -> str:
    return ENTITY_TYPES.get(label, label.lower())


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    layer: str
    kind: str = ""
    title: str = ""

    @property
    def css(self) -> str:
        kind = _CLASS_CHARS.sub("-", self.kind.lower()).strip("-")
        return f"{self.layer} {self.layer}-{kind}" if kind else self.layer

    def sort_key(self) -> tuple[int, int, int]:
        return (self.start, -self.end, LAYER_ORDER.index(self.layer))


class _Told(Protocol):
    """A claim as a document page marks it (a brief claim, or one document's view of it)."""

    @property
    def status(self) -> str: ...

    @property
    def evidence(self) -> Sequence[ClaimEvidence]: ...


def document_spans(
    doc_id: str, annotations: Iterable[Annotation], claims: Iterable[_Told]
) -> list[Span]:
    """The marks shown on a document page: names, dates, quotes, stances and claims."""
    spans = []
    for a in annotations:
        attrs = a.attrs
        if a.layer == "entity":
            label = str(attrs.get("label", ""))
            title = f"{a.text}: {type_words(label)}" if label else a.text
            spans.append(Span(a.start, a.end, "entity", label, title))
        elif a.layer == "date":
            value = attrs.get("value")
            spans.append(Span(a.start, a.end, "date", title=f"date: {value or 'unresolved'}"))
        elif a.layer == "quote":
            who = attrs.get("speaker") or attrs.get("source") or "unknown speaker"
            spans.append(Span(a.start, a.end, "quote", title=f"quote: {who} ({attrs.get('cue')})"))
        elif a.layer == "position":
            stance = str(attrs.get("stance", ""))
            title = f"position: {attrs.get('holder')} — {stance} on {attrs.get('issue')}"
            start, end = (
                _int(attrs.get("sentence_start"), a.start),
                _int(attrs.get("sentence_end"), a.end),
            )
            spans.append(Span(start, end, "position", stance, title))
    for claim in claims:
        for ev in claim.evidence:
            if ev.document == doc_id:
                title = f"claim ({claim.status.replace('_', ' ')}): {ev.role}"
                spans.append(Span(ev.start, ev.end, "claim", claim.status, title))
    return spans


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) else default


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` as HTML with every span a ``<mark>``; each piece of text escaped."""
    size = len(text)
    usable = sorted(
        {
            Span(max(0, s.start), min(size, s.end), s.layer, s.kind, s.title)
            for s in spans
            if max(0, s.start) < min(size, s.end)
        },
        key=Span.sort_key,
    )
    cuts = sorted({0, size, *(s.start for s in usable), *(s.end for s in usable)})
    out: list[str] = []
    stack: list[Span] = []
    anchored = False
    waiting = list(reversed(usable))  # a stack: the next span to start is at the end
    active: list[Span] = []
    for a, b in pairwise(cuts):
        active = [s for s in active if s.end > a]
        while waiting and waiting[-1].start <= a:
            active.append(waiting.pop())
        wanted = sorted(active, key=Span.sort_key)
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] == wanted[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        for span in wanted[keep:]:
            out.append(_open(span, anchor=span.layer == "focus" and not anchored))
            anchored = anchored or span.layer == "focus"
        stack = wanted
        out.append(str(escape(text[a:b])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


def _open(span: Span, *, anchor: bool) -> str:
    title = f' title="{escape(span.title)}"' if span.title else ""
    ident = ' id="focus"' if anchor else ""
    return f'<mark class="{escape(span.css)}"{ident}{title}>'
