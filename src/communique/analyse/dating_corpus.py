"""Dating a document by the others: the corpus step of the dater.

A text that names no date of its own often tells the same thing as a dated one. Two links count:

* the same words: a sentence (eight words or more) that another document also has. When it
  holds a relative expression ("said on Tuesday", "yesterday"), that expression names the same
  day in both, which fixes the undated one's week or day; without one, the copies were
  published within a week of each other. A copy with every word the same is the story sent
  again, on any later day, and lends nothing.
* the same quote: the same quoted words by the same speaker, which another document says were
  said on a day (:mod:`communique.analyse.dating_quotes`): a lower bound, or the week after
  that day when the text names it by its weekday.
* the same event frame: a sentence naming the same weekday, rare names and content words as a
  sentence of another document (:mod:`communique.analyse.dating_frames`): the weekday names
  the same day in both.
* the same event: an event of the same type with the same place or actors that another
  document dates to a day. Told with a relative expression ("the talks on Friday", "the first
  round two weeks prior"), it is resolved like shared words; told plainly as past, it is a lower
  bound, as announced an upper one.

Each link is a :class:`~communique.annotate.dating.Clue` naming the other document; it joins the
document's own clues in the same intersection, so the text still counts and a corpus link can be
outvoted. Only answers the text dater reached travel: nothing here reads a gold date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from communique.analyse.dating_frames import FrameIndex, frame_clues
from communique.analyse.dating_quotes import QuoteIndex, quote_clues
from communique.annotate.dating import Clue, Dating, Span, intersect, quoted_spans, sentence_spans
from communique.annotate.timex import Timex, find_timexes

__all__ = [
    "CorpusIndex",
    "CorpusText",
    "EventSign",
    "corpus_period",
    "date_against",
    "date_corpus",
]

_MIN_WORDS = 8
_REACH = 14  # days either side of a source date tried for a relative expression
_SAME_WORDS_DAYS = 7
_COPY_SHARE = 0.5
_POSSESSIVE = frozenset({"'s", "’s"})
_WORD = re.compile(r"\w+")
_RELATIVE_RULES = frozenset({"weekday", "day_word", "offset", "part_of_day", "relative"})


@dataclass(frozen=True, slots=True)
class EventSign:
    """What identifies an event across documents: its type, place and actors, the sentence
    telling it, its TIMEX3 date when the document dates it, and its mode."""

    type: str
    place: str | None
    actors: frozenset[str]
    sentence: Span
    date: str | None
    mode: str


@dataclass(frozen=True, slots=True)
class CorpusText:
    """One document as the corpus step sees it: its text, its own dating and its events."""

    doc_id: str
    text: str
    dating: Dating
    events: tuple[EventSign, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CorpusIndex:
    """What the documents lend each other, built once: their texts by id, the long sentences
    each shares with others (by the sentence's words), how many long sentences each has, and
    their day-dated events by type and actor."""

    by_id: Mapping[str, CorpusText]
    places: Mapping[_Key, Sequence[tuple[str, Span]]]
    shared_keys: Mapping[str, Sequence[tuple[_Key, Span]]]
    long_sentences: Mapping[str, int]
    events: Mapping[str, Sequence[tuple[str, EventSign]]]
    quotes: QuoteIndex = field(default_factory=lambda: QuoteIndex({}))
    frames: FrameIndex = field(default_factory=lambda: FrameIndex({}, frozenset()))

    @classmethod
    def build(cls, texts: Sequence[CorpusText]) -> CorpusIndex:
        events: dict[str, list[tuple[str, EventSign]]] = defaultdict(list)
        for t in texts:
            for sign in t.events:
                if sign.date is not None and len(sign.date) == 10:
                    for actor in sign.actors:
                        events[_event_key(sign.type, actor)].append((t.doc_id, sign))
        seen: dict[_Key, list[tuple[str, Span]]] = defaultdict(list)
        counts: dict[str, int] = {}
        for t in texts:
            keys = _long_sentences(t.text)
            counts[t.doc_id] = len(keys)
            for key, span in keys:
                seen[key].append((t.doc_id, span))
        places = {k: v for k, v in seen.items() if len({d for d, _ in v}) > 1}
        shared_keys: dict[str, list[tuple[_Key, Span]]] = defaultdict(list)
        for key, where in places.items():
            for doc_id, span in where:
                shared_keys[doc_id].append((key, span))
        pairs = [(t.doc_id, t.text) for t in texts]
        quotes, frames = QuoteIndex.build(pairs), FrameIndex.build(pairs)
        by_id = {t.doc_id: t for t in texts}
        return cls(by_id, places, shared_keys, counts, events, quotes, frames)


def date_corpus(
    texts: Sequence[CorpusText], *, today: dt.date, rounds: int = 2
) -> dict[str, Dating]:
    """Every document's dating, the undated ones helped by the dated ones.

    A document with a day keeps it; one with a range or nothing gains the corpus's clues. A
    second round lets a document dated by the corpus date another.
    """
    result = {t.doc_id: t.dating for t in texts}
    index = CorpusIndex.build(texts)
    for _ in range(rounds):
        changed = False
        for text in texts:
            if result[text.doc_id].kind == "day":
                continue
            dated = date_against(text, index=index, known=result, today=today)
            if dated is not None and _narrower(dated, result[text.doc_id]):
                result[text.doc_id] = dated
                changed = True
        if not changed:
            break
    return result


def date_against(
    text: CorpusText, *, index: CorpusIndex, known: Mapping[str, Dating], today: dt.date
) -> Dating | None:
    """``text`` dated by its own clues and what the other documents (``known``: each one's
    dating) lend it; None when they lend nothing."""
    clues = _corpus_clues(text, index, known)
    period = corpus_period(text.doc_id, known)
    if not clues and not _repeated(text.dating):
        return None
    return intersect([*text.dating.clues, *clues], today=today, period=period)


def _repeated(dating: Dating) -> bool:
    """Whether the text's clues leave years open ("March 3" in any year) for the corpus's
    period to choose among."""
    return dating.kind != "day" and any(len(c.days) > 1 for c in dating.clues)


def _day_of(result: Mapping[str, Dating], doc_id: str) -> bool:
    found = result.get(doc_id)
    return found is not None and found.kind == "day"


def _narrower(new: Dating, old: Dating) -> bool:
    def width(d: Dating) -> int:
        if d.kind == "unknown":
            return 1 << 40
        lo = (d.earliest or dt.date.min).toordinal()
        hi = (d.latest or dt.date.max).toordinal()
        return hi - lo

    return width(new) < width(old)


# -- the same words ----------------------------------------------------------------------

_Key = str


def _long_sentences(text: str) -> list[tuple[_Key, Span]]:
    out = []
    for span in sentence_spans(text):
        words = _WORD.findall(text[span[0] : span[1]].casefold())
        if len(words) >= _MIN_WORDS:
            out.append((" ".join(words), span))
    return out


def _corpus_clues(text: CorpusText, index: CorpusIndex, result: Mapping[str, Dating]) -> list[Clue]:
    resolver = _Resolver(text.text)
    clues: list[Clue] = []
    copies = _copies(text, index, result)
    resent = {o for o in copies if _verbatim(text.text, index.by_id[o].text)}
    result = {doc_id: d for doc_id, d in result.items() if doc_id not in resent}
    for other, pairs in copies.items():
        day = result[other].published if other in result else None
        if day is None:
            continue
        for mine, theirs in pairs:
            clues += _same_words(text, mine, index.by_id[other], theirs, day, resolver)
    for mine_event in text.events:
        clues += _same_event(text, mine_event, index.events, result, resolver)

    def text_of(other: str) -> str:
        return index.by_id[other].text

    def anchors_for(offset: int, value: str, day: dt.date) -> tuple[Span, ...]:
        return resolver.anchors_for(offset, value, around=day)

    clues += quote_clues(
        text.doc_id,
        text.text,
        index=index.quotes,
        known=result,
        text_of=text_of,
        anchors_for=anchors_for,
        weekday_at=resolver.relative_at,
    )
    clues += frame_clues(
        text.doc_id,
        text.text,
        index=index.frames,
        known=result,
        text_of=text_of,
        anchors_for=anchors_for,
    )
    return clues


_PERIOD_REACH = 31  # days either side of a dated document that count as the corpus's period


def corpus_period(doc_id: str, result: Mapping[str, Dating]) -> list[tuple[Span, int]]:
    """The stretches of days the other documents dated to a day cover (each widened by a
    month), with how many documents each holds."""
    days = sorted(
        d.published.toordinal()
        for other, d in result.items()
        if other != doc_id and d.published is not None
    )
    runs: list[tuple[Span, int]] = []
    for o in days:
        if runs and runs[-1][0][1] >= o - _PERIOD_REACH - 1:
            (lo, _), count = runs[-1]
            runs[-1] = ((lo, o + _PERIOD_REACH), count + 1)
        else:
            runs.append(((o - _PERIOD_REACH, o + _PERIOD_REACH), 1))
    return runs


def _copies(
    text: CorpusText, index: CorpusIndex, result: Mapping[str, Dating]
) -> dict[str, list[tuple[Span, Span]]]:
    """Day-dated documents that share at least half the long sentences of the shorter of the
    two with ``text``: copies or updates of one story, not a background paragraph reused
    months later."""
    pairs: dict[str, list[tuple[Span, Span]]] = defaultdict(list)
    for key, mine in index.shared_keys.get(text.doc_id, ()):
        for other, theirs in index.places[key]:
            if other != text.doc_id and _day_of(result, other):
                pairs[other].append((mine, theirs))
    own = index.long_sentences.get(text.doc_id, 0)
    return {
        other: found
        for other, found in pairs.items()
        if len(found) >= _COPY_SHARE * min(own, index.long_sentences.get(other, 0))
        and len(found) >= 2
    }


def _verbatim(mine: str, theirs: str) -> bool:
    """Whether two texts have every word in common, in order: the same story sent again.

    A wire or a site re-sends a story unchanged on any later day (the next day, a week on),
    and nothing in identical words tells which went out first or how long after: its
    "Thursday" is the Thursday before whichever was written first. So a verbatim copy lends
    no date at all (neither its words nor its quotes), whereas an update, rewritten around
    the shared sentences, was written in the same days as the story it updates.
    """
    return _WORD.findall(mine.casefold()) == _WORD.findall(theirs.casefold())


def _same_words(
    text: CorpusText,
    span: Span,
    other: CorpusText,
    their_span: Span,
    day: dt.date,
    resolver: _Resolver,
) -> list[Clue]:
    theirs = _relative_in(find_timexes(other.text, anchor=day), their_span)
    words = text.text[span[0] : span[1]].strip()
    found = []
    mine = text.text[span[0] : span[1]]
    for timex in theirs:
        at = mine.find(timex.text)
        if timex.value is None or at < 0 or other.text[timex.end : timex.end + 2] in _POSSESSIVE:
            continue  # "today's youth" names no day
        offset = span[0] + at
        if resolver.quoted(offset):
            continue
        spans = _widened(resolver.anchors_for(offset, timex.value, around=day))
        if spans:
            why = f"corpus: the same words as document {other.doc_id} ({timex.text!r})"
            found.append(Clue(words[:120], span[0], span[1], why, spans, 2.0))
    if found:
        return found
    lo, hi = day.toordinal() - _SAME_WORDS_DAYS, day.toordinal() + _SAME_WORDS_DAYS
    why = f"corpus: the same words as document {other.doc_id}"
    return [Clue(words[:120], span[0], span[1], why, ((lo, hi),), 0.5)]


def _widened(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """A day either side of a single day: a copy republished the next day keeps yesterday's
    "today" (a weekday's week already holds that day)."""
    return tuple((first - 1, last + 1) if first == last else (first, last) for first, last in spans)


def _relative_in(timexes: Sequence[Timex], span: Span) -> list[Timex]:
    return [
        t
        for t in timexes
        if span[0] <= t.start < span[1] and t.anchored and t.precision in ("day", "time")
    ]


# -- the same event ----------------------------------------------------------------------


def _same_event(
    text: CorpusText,
    mine: EventSign,
    events: Mapping[str, Sequence[tuple[str, EventSign]]],
    result: Mapping[str, Dating],
    resolver: _Resolver,
) -> list[Clue]:
    if mine.date is not None and not resolver.relative_at(mine.sentence):
        return []
    # Blocked by type and actor: an undated mention meets only events sharing one of its actors.
    candidates = {
        (other_id, id(theirs)): (other_id, theirs)
        for actor in sorted(mine.actors)
        for other_id, theirs in events.get(_event_key(mine.type, actor), ())
    }
    for other_id, theirs in candidates.values():
        if other_id == text.doc_id or not _day_of(result, other_id):
            continue
        if not _same(mine, theirs) or theirs.date is None or len(theirs.date) != 10:
            continue
        clue = _event_clue(text, mine, other_id, theirs.date, resolver)
        if clue is not None:
            return [clue]
    return []


def _event_key(kind: str, actor: str) -> str:
    return f"{kind}\x1f{actor}"


def _same(a: EventSign, b: EventSign) -> bool:
    if a.type != b.type or a.mode != b.mode:
        return False
    place = a.place is not None and b.place is not None and a.place.casefold() == b.place.casefold()
    actors = bool(a.actors & b.actors)
    return (place and actors) or (actors and len(a.actors & b.actors) >= 2)


def _event_clue(
    text: CorpusText, mine: EventSign, other_id: str, value: str, resolver: _Resolver
) -> Clue | None:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    start, end = mine.sentence
    words = text.text[start:end].strip()[:120]
    why = f"corpus: the event document {other_id} dates {value}"
    relative = resolver.relative_at(mine.sentence)
    for offset in relative:
        spans = resolver.anchors_for(offset, value, around=day)
        if spans:
            return Clue(words, start, end, why, spans, 2.0)
    if relative or resolver.any_date_in(mine.sentence):
        return None  # its own time words name another day: not the same telling
    o = day.toordinal()
    if mine.mode == "happened":
        return Clue(words, start, end, why, ((o, dt.date.max.toordinal()),), 0.5)
    if mine.mode == "planned":
        return Clue(words, start, end, why, ((dt.date.min.toordinal(), o),), 0.5)
    return None


class _Resolver:
    """Resolves one text's relative expressions on candidate publication days, each day once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._cache: dict[dt.date, dict[int, str | None]] = {}
        self._unanchored = find_timexes(text, anchor=None)
        self._quoted = quoted_spans(text)

    def relative_at(self, span: Span) -> list[int]:
        """Relative expressions in ``span`` outside quotations: a quoted "tonight" is the
        speaker's night, not the night before publication."""
        return [
            t.start
            for t in self._unanchored
            if span[0] <= t.start < span[1]
            and t.value is None
            and t.type in ("DATE", "TIME")
            and not self.quoted(t.start)
        ]

    def quoted(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self._quoted)

    def any_date_in(self, span: Span) -> bool:
        return any(
            span[0] <= t.start < span[1] and t.type in ("DATE", "TIME") for t in self._unanchored
        )

    def value_at(self, offset: int, anchor: dt.date) -> str | None:
        if anchor not in self._cache:
            found = find_timexes(self._text, anchor=anchor)
            self._cache[anchor] = {t.start: t.value for t in found}
        return self._cache[anchor].get(offset)

    def anchors_for(self, offset: int, value: str, *, around: dt.date) -> tuple[Span, ...]:
        """The publication days on which the expression at ``offset`` would mean ``value``."""

        def same(v: str | None) -> bool:
            return v is not None and v[:10] == value[:10]

        days = [
            around + dt.timedelta(days=k)
            for k in range(-_REACH, _REACH + 1)
            if same(self.value_at(offset, around + dt.timedelta(days=k)))
        ]
        return _runs(d.toordinal() for d in days)


def _runs(ordinals: Iterable[int]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for o in sorted(ordinals):
        if spans and spans[-1][1] == o - 1:
            spans[-1] = (spans[-1][0], o)
        else:
            spans.append((o, o))
    return tuple(spans)
