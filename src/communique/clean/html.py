"""Article text and metadata out of an HTML page, via trafilatura.

trafilatura does the extraction; this module fixes the options once and turns its result into
a plain :class:`ExtractedPage`, or into one of our errors naming the input.

Options, chosen on the Zyte article-extraction benchmark (``benchmarks/zyte_extraction.py``):
``favor_precision=True`` scores higher than the defaults (reader comments and link lists are
what hurts), and comments are left out because a briefing quotes the article, not its readers.
Tables stay in: news pages put vote counts, casualty figures and tariffs in them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import trafilatura
from trafilatura.utils import load_html

from communique.errors import EmptyInput, MalformedInput

__all__ = ["ExtractedPage", "extract_html"]


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What a page says about its article.

    ``text`` keeps one paragraph per line.  ``published`` is the ISO date (``YYYY-MM-DD``) the
    page carries in its markup, not a date guessed from the text.  ``language`` is the primary
    language subtag the page declares (``en`` for ``en-GB``), or ``None``.
    """

    text: str
    title: str | None
    author: str | None
    published: str | None
    sitename: str | None
    url: str | None
    language: str | None


def extract_html(html: str, *, url: str | None = None, source: str) -> ExtractedPage:
    """Extract the article of one HTML page.

    ``url`` helps trafilatura resolve the site name and the date; ``source`` names the input
    in errors.  Raises :class:`EmptyInput` when the page is blank or holds no article text,
    :class:`MalformedInput` when it cannot be parsed as HTML.

    >>> paragraphs = "".join(
    ...     f"<p>Round {n} of the talks ended on Monday without an agreement on tariffs.</p>"
    ...     for n in range(6))
    >>> page = extract_html(f"<html lang='en-GB'><body><article>{paragraphs}</article></body>"
    ...     "</html>", source="example.html")
    >>> page.language, len(page.text.splitlines())
    ('en', 6)
    """
    if not html.strip():
        raise EmptyInput(source, "the page is empty")
    # trafilatura refuses a fragment (a feed entry's one <p>, a JSON record's snippet) that
    # does not look like a page; inside a page skeleton it parses like any other.
    tree = load_html(html)
    if tree is None and _FRAGMENT_TAG.search(html):
        tree = load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        raise MalformedInput(source, "the content could not be parsed as an HTML page")
    # Read before extraction: trafilatura prunes the tree it is given.
    language = _declared_language(tree)
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    found: Mapping[str, object] = _as_mapping(result)
    text = _paragraphs(_clean_text(found.get("text")))
    if not _has_prose(text):
        raise EmptyInput(source, "no article text found in the page")
    return ExtractedPage(
        text=text,
        title=_clean(found.get("title")),
        author=_clean(found.get("author")),
        published=_clean(found.get("date")),
        sitename=_clean(found.get("sitename")),
        url=_clean(found.get("url")) or url,
        language=language,
    )


_FRAGMENT_TAG = re.compile(r"<[a-zA-Z][^>]*>")

_LANGUAGE_SOURCES = (
    "/html/@lang",
    # The HTML parser keeps "xml:lang" as a plain attribute name, not a namespaced one.
    "/html/@*[name()='xml:lang']",
    "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
    "='content-language']/@content",
    "//meta[@property='og:locale']/@content",
    "//meta[@name='language']/@content",
)
_LANGUAGE_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


class _Tree(Protocol):
    """The part of an lxml element we use (lxml ships no type stubs)."""

    def xpath(self, path: str) -> list[object]: ...


def _declared_language(tree: _Tree) -> str | None:
    """The page's own statement of its language, reduced to the primary subtag."""
    for path in _LANGUAGE_SOURCES:
        for value in tree.xpath(path):
            match = _LANGUAGE_TAG.match(str(value).split(",")[0])
            if match:
                return match.group(1).lower()
    return None


def _as_mapping(result: object) -> Mapping[str, object]:
    """trafilatura returns a Document, a dict (older options) or None when nothing is found."""
    if result is None:
        return {}
    if isinstance(result, dict):
        return result
    as_dict = getattr(result, "as_dict", None)
    return as_dict() if callable(as_dict) else {}


def _clean_text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _paragraphs(text: str) -> str:
    """One paragraph per line, no blank or padded lines."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_MIN_SENTENCE_WORDS = 4
# Scripts written without spaces (Chinese, Japanese) show length in characters, not words.
_MIN_SENTENCE_CHARS = 20
_WORD_CHAR = re.compile(r"\w")


def _has_prose(text: str) -> bool:
    """trafilatura falls back to any text it finds ("Home", a menu); an article has at least
    one line that reads as a sentence."""
    return any(
        len(line.split()) >= _MIN_SENTENCE_WORDS
        or len(_WORD_CHAR.findall(line)) >= _MIN_SENTENCE_CHARS
        for line in text.splitlines()
    )


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
