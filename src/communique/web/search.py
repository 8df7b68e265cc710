"""The web app's search: the bounded full-text search each store answers, kept under its
earlier name (it lives in :mod:`communique.store.search`, beside the backends that serve it)."""

from __future__ import annotations

from communique.store.search import (
    MAX_QUERY_CHARS,
    MAX_TERM_CHARS,
    MAX_TERMS,
    RANKED_UP_TO,
    SEARCH_SECONDS,
    DocumentSearch,
    SearchHit,
    SearchIndex,
    SearchQuery,
    SearchResults,
    parse_query,
)

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "MAX_TERM_CHARS",
    "RANKED_UP_TO",
    "SEARCH_SECONDS",
    "DocumentSearch",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResults",
    "parse_query",
]
