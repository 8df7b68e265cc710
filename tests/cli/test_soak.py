"""A CI-sized soak: ``benchmarks/soak.py`` on two real documents of every corpus in one store.

The full run (every text in ../shared/eval and the seeds) is a benchmark; this sample checks
that ingest and brief both exit 0 on real text of every kind and record no failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"


def test_ingest_and_brief_a_sample_of_every_real_corpus(tmp_path: Path) -> None:
    if not (SHARED / "eval").is_dir() or not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/eval or ../shared/seeds absent: no real texts to soak")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "soak.py"),
            "--sample",
            "2",
            "--all-only",
            "--json",
            "--keep",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    (store,) = json.loads(done.stdout)
    assert store["corpus"] == "all"
    assert store["inputs"] >= 12  # two of each of six corpora, more from JSON Lines files
    assert store["ingest_exit"] == 0, store["failures"]
    assert (store["brief_exit"], store["brief_error"]) == (0, "")
    assert store["failures"] == {}
    briefing = json.loads((tmp_path / "all.brief.json").read_text(encoding="utf-8"))
    assert briefing["corpus"]["documents"] == store["inputs"]  # every document briefed
