"""Property tests: cleaning and metadata take any text or markup without an exception.

A bad input may only end as one of our :class:`InputError`s (empty after cleaning, no article
in the page); anything else escaping is a bug. What comes out stays tied to what went in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.clean.boilerplate import strip_boilerplate
from communique.clean.metadata import find_metadata, parse_date
from communique.clean.pipeline import Cleaner
from communique.errors import InputError
from communique.models import Document, RawInput

TAGS = ("p", "div", "article", "span", "h1", "li", "script", "table", "td", "a", "br", "title")


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.create()


def _clean(cleaner: Cleaner, raw: RawInput) -> Document | None:
    try:
        return cleaner.clean(raw)
    except InputError as exc:
        assert exc.source == raw.source and exc.reason
        return None


@given(data=st.data())
def test_cleaning_any_text_gives_a_document_or_an_input_error(
    cleaner: Cleaner, news_texts: st.SearchStrategy[str], data: st.DataObject
) -> None:
    text = data.draw(news_texts)
    document = _clean(cleaner, RawInput(source="any.txt", kind="text", body=text))
    if document is None:
        return
    assert document.text.strip()
    lines = text.splitlines()
    for removed in document.removed:
        assert 0 <= removed.line < max(len(lines), 1)
    assert document.published is None or document.published_basis


@given(
    data=st.data(),
    tags=st.lists(st.sampled_from(TAGS), min_size=1, max_size=6),
    attributes=st.lists(st.text(max_size=8), max_size=4),
)
def test_cleaning_any_markup_gives_a_document_or_an_input_error(
    cleaner: Cleaner,
    news_texts: st.SearchStrategy[str],
    data: st.DataObject,
    tags: list[str],
    attributes: list[str],
) -> None:
    text = data.draw(news_texts)
    attrs = " ".join(f'data-x{i}="{a}"' for i, a in enumerate(attributes))
    opened = "".join(f"<{t} {attrs}>" for t in tags)
    closed = "".join(f"</{t}>" for t in reversed(tags))
    page = f"<html><head><title>{text[:40]}</title></head><body>{opened}{text}{closed}"
    document = _clean(cleaner, RawInput(source="any.html", kind="html", body=page))
    assert document is None or document.text.strip()


@given(data=st.data())
def test_boilerplate_removal_keeps_only_lines_of_the_text(
    news_texts: st.SearchStrategy[str], data: st.DataObject
) -> None:
    text = data.draw(news_texts)
    cleaned = strip_boilerplate(text, title=data.draw(st.none() | st.text(max_size=30)))
    originals = {" ".join(line.split()) for line in text.splitlines()}
    for line in cleaned.text.splitlines():
        assert " ".join(line.split()) in originals or line == cleaned.title


METADATA_KEYS = ("title", "url", "outlet", "author", "published", "language")


@given(
    data=st.data(),
    meta=st.dictionaries(st.sampled_from(METADATA_KEYS), st.text(max_size=30), max_size=4),
    url=st.none() | st.text(max_size=40) | st.just("https://news.example.org/2025/05/16/talks"),
)
def test_metadata_of_any_text_is_well_formed(
    news_texts: st.SearchStrategy[str], data: st.DataObject, meta: dict[str, str], url: str | None
) -> None:
    text = data.draw(news_texts)
    found = find_metadata(text, meta=meta, url=url)
    assert found.published is None or isinstance(found.published, dt.date)
    assert (found.published is None) == (found.published_basis is None)
    for value in (found.title, found.author, found.outlet):
        assert value is None or value == value.strip()


@given(value=st.text(max_size=40) | st.sampled_from(["16 May 2025", "2025-05-16T10:00:00Z"]))
def test_parse_date_gives_a_date_or_none(value: str) -> None:
    assert parse_date(value) is None or isinstance(parse_date(value), dt.date)
