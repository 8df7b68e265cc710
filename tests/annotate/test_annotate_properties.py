"""Property tests: any text at all goes through the language layer without an exception, and
every offset it gives points inside that text.

The texts come from ``news_texts`` (tests/conftest.py): invented news clauses mixed with odd
punctuation and random Unicode, one clause repeated, one huge sentence, the empty text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from communique.annotate.entities import find_mentions
from communique.annotate.pipeline import Annotator
from communique.annotate.quotes import find_quotes
from communique.annotate.timex import find_timexes
from communique.annotate.timex_normalise import duration_value

DATES = st.none() | st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))


def assert_spans_inside(item: Any, text: str) -> None:
    """Every ``*start``/``*end`` field of a dataclass lies in the text, start before end."""
    values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    for name, value in values.items():
        if name.endswith(("start", "end")) and value is not None:
            assert 0 <= value <= len(text), (name, value, len(text), item)
        if name.endswith("start") and value is not None:
            end = values.get(name[: -len("start")] + "end")
            assert end is None or value <= end, (name, item)


@given(data=st.data())
def test_annotating_any_text_keeps_every_span_inside_it(
    session_annotator: Annotator, news_texts: st.SearchStrategy[str], data: st.DataObject
) -> None:
    text = data.draw(news_texts)
    published = data.draw(DATES)
    read = session_annotator.annotate(text, published=published, basis="given")
    assert read.text == text
    for start, end in read.sentences:
        assert 0 <= start <= end <= len(text)
    for mention in read.entities:
        assert_spans_inside(mention, text)
        assert text[mention.start : mention.end] == mention.text
    for timex in read.dates:
        assert_spans_inside(timex, text)
        assert text[timex.start : timex.end] == timex.text
    for quote in read.quotes:
        assert_spans_inside(quote, text)
        assert text[quote.start : quote.end] == quote.content
    for found in (*read.events, *read.positions):
        assert_spans_inside(found, text)


@given(data=st.data())
def test_entities_and_quotes_of_any_text_point_into_it(
    session_annotator: Annotator, news_texts: st.SearchStrategy[str], data: st.DataObject
) -> None:
    text = data.draw(news_texts)
    parsed = session_annotator.nlp(text)
    for mention in find_mentions(parsed):
        assert_spans_inside(mention, text)
        assert text[mention.start : mention.end] == mention.text
    for quote in find_quotes(parsed):
        assert_spans_inside(quote, text)
        assert text[quote.start : quote.end] == quote.content
        assert text[quote.cue_start : quote.cue_end] == quote.cue


@settings(max_examples=150)  # no parser: cheap enough for many more examples
@given(data=st.data())
def test_timexes_of_any_text_point_into_it_with_a_value(
    news_texts: st.SearchStrategy[str], data: st.DataObject
) -> None:
    text = data.draw(news_texts)
    anchor = data.draw(DATES)
    for timex in find_timexes(text, anchor=anchor):
        assert_spans_inside(timex, text)
        assert text[timex.start : timex.end] == timex.text
        # No value only for a relative expression with nothing to anchor it on.
        assert timex.value is not None or not timex.anchored
        assert timex.value is None or (timex.value and timex.value.isprintable())


def test_fractional_seconds_are_a_duration() -> None:
    text = "The vote was over in about 3.5 seconds."
    (timex,) = find_timexes(text, anchor=dt.date(2025, 5, 16))
    assert timex.type == "DURATION" and timex.value and timex.value.startswith("PT")


ISO_DURATION = re.compile(
    r"P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
    r"|PX[A-Z]+|PTX[A-Z]+"
)
UNITS = ("second", "minute", "hour", "day", "week", "fortnight", "month", "quarter", "year",
         "decade", "century")  # fmt: skip


@example(count=0.5, unit="second")
@given(
    count=st.none() | st.floats(min_value=0, max_value=10_000, allow_nan=False),
    unit=st.sampled_from(UNITS),
)
def test_any_duration_has_an_iso_value(count: float | None, unit: str) -> None:
    value = duration_value(count, unit)
    # ISO 8601 lets only the smallest unit carry a decimal fraction ("PT0.5S").
    assert ISO_DURATION.fullmatch(value), value
