"""Settings every test shares: the hypothesis profile, and one spaCy pipeline per session.

Property tests (``tests/*/test_*_properties.py``) run a fixed, modest number of examples,
derandomised so a run is repeatable and never slow; ``COMMUNIQUE_HYPOTHESIS=explore python -m
pytest tests -k properties`` runs many more with fresh randomness when hunting for bugs.

``db`` is a SQLite file or a database on a throwaway PostgreSQL server (one per test session,
started with initdb and pg_ctl in a temporary folder, as an unprivileged user when the tests
run as root); a test asking for ``db`` runs once on each backend. Without PostgreSQL's
binaries the PostgreSQL runs are skipped, saying why.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from communique.store.pg_local import LocalServer, start_server, unavailable_reason

if TYPE_CHECKING:
    from communique.annotate.pipeline import Annotator

settings.register_profile(
    "communique",
    max_examples=25,
    deadline=None,  # speed belongs in benchmarks/, not in a test that can fail on a busy machine
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("COMMUNIQUE_HYPOTHESIS", "communique"))


@pytest.fixture(scope="session")
def session_annotator() -> Annotator:
    """The spaCy pipeline, loaded once for every property test that reads text."""
    from communique.annotate.pipeline import Annotator  # spaCy loads only when asked for

    return Annotator.create()


# Invented pieces of negotiation news: clauses that wake every annotator (names, sides,
# titles, quotes and their cues, dates of each kind, numbers), and punctuation in odd places.
CLAUSES = (
    "Ostria's foreign minister, Ilse Marrow, said on Friday",
    "“We will not sign this text,” the envoy told reporters",
    '"No," she said. "Not yet."',
    "according to a statement from the Veldmark delegation",
    "the union rejected the offer of 4.5 per cent",
    "talks resumed in about 3.5 seconds",
    "the ceasefire lasted two and a half years",
    "on 9 May 2025",
    "next week",
    "at the weekend",
    "in mid-May",
    "three years ago",
    "by the end of the second quarter",
    "the mediators, who met in Lisvane, agreed to exchange 300 prisoners",
    "Veldmark accused Ostria of breaking the truce, which Ostria denied",
    "the head of the delegation, aide to the president, threatened to walk out",
    "He said it would happen. She said it would not",
    "it was claimed that 1,200 workers had joined the strike",
)
PUNCTUATION = (". ", ", ", "; ", "…", "?! ", " — ", "\n", "\n\n", " ", "“",
               "”", '"', "'", "(", ")", "«", "»", ": ", "–", "!!! ",
               "...", " -- ", "\t", " ", " ")  # fmt: skip

_piece = st.one_of(
    st.sampled_from(CLAUSES),
    st.sampled_from(PUNCTUATION),
    st.text(max_size=12),  # any Unicode at all: controls, surrogates' neighbours, RTL, emoji
)
_mixed = st.lists(_piece, max_size=30).map("".join)
_repeated = st.tuples(st.sampled_from(CLAUSES), st.sampled_from(PUNCTUATION), st.integers(1, 40))
_huge_sentence = st.tuples(st.sampled_from(CLAUSES), st.integers(50, 400))


@pytest.fixture(scope="session")
def news_texts() -> st.SearchStrategy[str]:
    """Texts shaped like news and like nothing: mixed pieces, one clause repeated, one huge
    sentence without a full stop, the empty text and pure random Unicode."""
    return st.one_of(
        _mixed,
        _repeated.map(lambda r: (r[0] + r[1]) * r[2]),
        _huge_sentence.map(lambda r: " and ".join([r[0]] * r[1])),
        st.just(""),
        st.text(max_size=200),
    )


_NAMES = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[LocalServer]:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"no local PostgreSQL server: {reason}")
    # fsync off: a test server never survives a power cut; durability against a killed
    # client (what the tests check) does not depend on it.
    server = start_server(settings=["fsync=off", "full_page_writes=off"])
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server: LocalServer = request.getfixturevalue("pg_server")
    return server.create_database(f"test_{next(_NAMES)}_{tmp_path.name[:40].lower()}")
