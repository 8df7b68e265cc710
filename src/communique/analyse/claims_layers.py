"""One document as the language layer read it, in the shape claim checking reads it.

The layer parsed each document once: sentences and their clauses (with whether each states
something and whether a modal hedges it), entities with their roles and titles, TIMEX values,
quotes with their speakers, and spaCy's figures (money, counts, quantities, percentages) with
what they count. :class:`DocumentLayers` gathers those spans from the stored annotations, and
:meth:`DocumentLayers.within` gives the part that falls inside one clause, so every check of a
claim reads the same reading of the sentence instead of finding names, titles, days, numbers
and speakers again in the surface text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from communique.analyse.claims_slots import (
    DateValue,
    Entity,
    Qualifier,
    Quantity,
    Slot,
    name_key,
)
from communique.models import Annotation

__all__ = ["ClauseSpan", "DocumentLayers", "QuoteSpan", "Titled", "shown_span"]

_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T|$)")  # a day, or a time of a day
_MONTH_DAY_RE: Final = re.compile(r"^XXXX-(\d{2}-\d{2})$")
_QUALIFIERS: Final[Mapping[str, Qualifier]] = {
    "exact": "exact",
    "about": "about",
    "at_least": "at_least",
    "at_most": "at_most",
}


@dataclass(frozen=True, slots=True)
class ClauseSpan:
    """A clause as the layer cut it (see :class:`communique.annotate.clauses.Clause`)."""

    start: int
    end: int
    sentence: tuple[int, int]
    gaps: tuple[tuple[int, int], ...] = ()
    finite: bool = True
    hedged: bool = False
    acted: bool = False

    def holds(self, start: int, end: int) -> bool:
        """Whether the span ``start:end`` lies in this clause and in none of its gaps."""
        if not (self.start <= start and end <= self.end):
            return False
        return not any(s <= start < e for s, e in self.gaps)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quote's content with who said it (``speaker`` resolved, else the source as written)."""

    start: int
    end: int
    content: str
    speaker: str | None
    direct: bool


@dataclass(frozen=True, slots=True)
class Titled:
    """A person named with a title: the entity and the role the layer read around it."""

    entity: Entity
    role: str


def _pairs(value: object) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple((int(p[0]), int(p[1])) for p in value if isinstance(p, (list, tuple)))


def _clause(a: Annotation) -> ClauseSpan:
    attrs = a.attrs
    sentence = (
        int(str(attrs.get("sentence_start", a.start))),
        int(str(attrs.get("sentence_end", a.end))),
    )
    return ClauseSpan(
        a.start,
        a.end,
        sentence,
        _pairs(attrs.get("gaps")),
        finite=bool(attrs.get("finite", True)),
        hedged=bool(attrs.get("hedged", False)),
        acted=bool(attrs.get("acted", False)),
    )


def _date(a: Annotation) -> DateValue | None:
    """A day the layer read: resolved (``day``), a month and day of no known year, or a
    weekday it could not anchor."""
    value = a.attrs.get("value")
    if isinstance(value, str) and _DAY_RE.match(value):
        return DateValue(value[:10], "day", a.start, a.end, a.text)
    if isinstance(value, str) and (m := _MONTH_DAY_RE.match(value)):
        return DateValue(m[1], "month_day", a.start, a.end, a.text)
    last = a.text.split()[-1].lower() if a.text.split() else ""
    if value is None and a.attrs.get("rule") == "weekday" and last in _WEEKDAYS:
        return DateValue(last, "weekday", a.start, a.end, a.text)
    return None


def _figure(a: Annotation) -> Quantity | None:
    value = a.attrs.get("value")
    if not isinstance(value, (int, float)):
        return None
    qualifier = _QUALIFIERS.get(str(a.attrs.get("qualifier")), "exact")
    return Quantity(float(value), str(a.attrs.get("unit") or ""), qualifier, a.start, a.end, a.text)


def _quote(a: Annotation) -> QuoteSpan:
    speaker = a.attrs.get("speaker") or a.attrs.get("source")
    return QuoteSpan(
        a.start,
        a.end,
        a.text,
        str(speaker) if speaker else None,
        direct=a.attrs.get("kind") != "indirect",
    )


_MIN_APART: Final = 5


def _quotes_apart(
    clauses: Sequence[ClauseSpan], words: Sequence[int], quotes: Sequence[QuoteSpan]
) -> list[ClauseSpan]:
    """Clauses with the direct quotes inside them taken out as clauses of their own: what a
    speaker said, and to whom, where and when it was said, are two facts ("'We will fight
    on,' she told 600 supporters in Dunmore"). ``words`` counts each clause's words."""
    out: list[ClauseSpan] = []
    for clause, count in zip(clauses, words, strict=True):
        inner = [
            q
            for q in quotes
            if clause.holds(q.start, q.end) and (q.start, q.end) != (clause.start, clause.end)
        ]
        if not inner or count - sum(len(q.content.split()) for q in inner) < _MIN_APART:
            out.append(clause)
            continue
        gaps = tuple(sorted({*clause.gaps, *((q.start, q.end) for q in inner)}))
        out.append(replace(clause, gaps=gaps))
        out += [
            ClauseSpan(q.start, q.end, clause.sentence)
            for q in inner
            if len(q.content.split()) >= _MIN_APART
        ]
    return out


@dataclass(frozen=True, slots=True)
class DocumentLayers:
    """The spans of one document that claim checking reads; all offsets absolute.
    ``offices`` are the head words of the titles its people hold, document-wide: "the
    speaker" in one clause stands for the person another calls "Speaker X"."""

    clauses: tuple[ClauseSpan, ...]
    entities: tuple[Entity, ...] = ()
    titled: tuple[Titled, ...] = ()
    dates: tuple[DateValue, ...] = ()
    date_spans: tuple[tuple[int, int], ...] = ()
    figures: tuple[Quantity, ...] = ()
    quotes: tuple[QuoteSpan, ...] = ()
    offices: frozenset[str] = frozenset()

    @classmethod
    def from_annotations(cls, layers: Mapping[str, Sequence[Annotation]]) -> DocumentLayers:
        """Read from a document's stored annotations, by layer name. A store annotated before
        clauses were cut gives each sentence as one clause."""
        read = layers.get("clause", ())
        clauses = [_clause(a) for a in read]
        if not clauses:
            read = layers.get("sentence", ())
            clauses = [ClauseSpan(a.start, a.end, (a.start, a.end)) for a in read]
        quotes = [_quote(a) for a in layers.get("quote", ())]
        direct = [q for q in quotes if q.direct]
        clauses = _quotes_apart(clauses, [len(a.text.split()) for a in read], direct)
        entities = [
            Entity(a.start, a.end, a.text, str(a.attrs.get("label", "")))
            for a in layers.get("entity", ())
        ]
        titled = [
            Titled(e, str(a.attrs["role"]))
            for e, a in zip(entities, layers.get("entity", ()), strict=True)
            if a.attrs.get("role") and e.label == "PERSON"
        ]
        dates = layers.get("date", ())
        return cls(
            clauses=tuple(sorted(clauses, key=lambda c: (c.start, c.end))),
            entities=tuple(sorted(entities, key=lambda e: (e.start, e.end))),
            titled=tuple(titled),
            dates=tuple(d for a in dates if (d := _date(a)) is not None),
            date_spans=tuple((a.start, a.end) for a in dates),
            figures=tuple(q for a in layers.get("figure", ()) if (q := _figure(a)) is not None),
            quotes=tuple(quotes),
            offices=frozenset(office(t.role) for t in titled) - {""},
        )

    @classmethod
    def from_spans(
        cls,
        text: str,
        sentences: Sequence[tuple[int, int]],
        *,
        entities: Sequence[tuple[int, int, str]] = (),
        dates: Sequence[tuple[int, int, str | None]] = (),
        figures: Sequence[Quantity] = (),
    ) -> DocumentLayers:
        """From bare spans, for callers with no stored layer (synthetic corpora in the
        benchmarks): each sentence one clause, no titles or quotes."""

        def span(layer: str, start: int, end: int, **attrs: object) -> Annotation:
            return Annotation("", layer, start, end, text[start:end], attrs)

        return cls.from_annotations(
            {
                "sentence": [span("sentence", s, e) for s, e in sentences],
                "entity": [span("entity", s, e, label=label) for s, e, label in entities],
                "date": [span("date", s, e, value=value) for s, e, value in dates],
            }
        ).with_figures(figures)

    def with_figures(self, figures: Sequence[Quantity]) -> DocumentLayers:
        return replace(self, figures=tuple(figures)) if figures else self

    def within(self, clause: ClauseSpan) -> DocumentLayers:
        """The part of the reading inside one clause (its gaps left out)."""
        return DocumentLayers(
            clauses=(clause,),
            entities=tuple(e for e in self.entities if clause.holds(e.start, e.end)),
            titled=tuple(t for t in self.titled if clause.holds(t.entity.start, t.entity.end)),
            dates=tuple(d for d in self.dates if clause.holds(d.start, d.end)),
            date_spans=tuple(s for s in self.date_spans if clause.holds(*s)),
            figures=tuple(q for q in self.figures if clause.holds(q.start, q.end)),
            quotes=tuple(q for q in self.quotes if q.start < clause.end and clause.start < q.end),
            offices=self.offices,
        )


def title_slots(text: str, titled: Sequence[Titled]) -> list[Slot]:
    """A person's title as the entity layer read it ("former defence minister"): keyed by the
    person and the role's head word, so "former President X" meets "President X"."""
    out: list[Slot] = []
    for t in titled:
        words = t.role.lower().replace("ex-", "ex ").replace("then-", "then ").split()
        if not words:
            continue
        head = words[-1]
        lo = max(0, t.entity.start - len(t.role) - 40)
        at = text.lower().rfind(t.role.lower(), lo, t.entity.start)
        start = at if at >= 0 else t.entity.start
        # By surname: "President Tomas Varga" and "former president Varga" are one person.
        person = name_key(t.entity.text).split()
        key = f"{person[-1] if person else ''}|{head}"
        value = " ".join(words)
        out.append(Slot("title", key, value, start, t.entity.end, t.entity.text))
    return out


def office(role: str) -> str:
    """A role's head word, lower case: "Former US President" -> "president"."""
    words = role.lower().split()
    return words[-1] if words else ""


def speaker_of(layers: DocumentLayers) -> str | None:
    """Who the clause reports, as the quote layer resolved it."""
    return next((q.speaker for q in layers.quotes if q.speaker), None)


_POINTING: Final = frozenset(
    {"it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "this", "that"}
    | {"these", "those", "which", "who", "such"}
)
"""General English words that point back: a clause opening with one leans on the sentence."""
_MIN_SHOWN: Final = 6
_LOOSE_ENDS: Final = " \t\n,;:–—-"


def shown_span(text: str, clause: ClauseSpan) -> tuple[int, int]:
    """What a reader is shown for a clause: the clause when it reads on its own (it opens
    its sentence with a capital, not with a word that points back, and nothing was cut out
    of it), else its whole sentence, so a headline never opens with "while", "that" or
    "he", nor shows the hole a quote left. The sentence is kept to the clause's line: a
    headline above a lede is no part of it."""
    line_start = text.rfind("\n", clause.sentence[0], clause.start) + 1 or clause.sentence[0]
    line_end = text.find("\n", clause.end, clause.sentence[1])
    start = max(clause.sentence[0], line_start)
    end = clause.sentence[1] if line_end < 0 else line_end
    lead = text[start : clause.start].strip(" \t\n\"'“‘«")
    words = text[clause.start : clause.end].split()
    inner = any(clause.start < s and e < clause.end for s, e in clause.gaps)
    first = words[0].strip("\"'“‘«").lower() if words else ""
    readable = len(words) >= _MIN_SHOWN and words[0][:1].isupper() and first not in _POINTING
    if not lead and not inner and readable:
        start, end = clause.start, clause.end
    while end > start and text[end - 1] in _LOOSE_ENDS:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    # A quotation mark opened and never closed in what is shown (the quote runs on into the
    # next sentence) is left out.
    if start < end and text[start] in '"“' and not any(c in '"”' for c in text[start + 1 : end]):
        start += 1
    return start, end
