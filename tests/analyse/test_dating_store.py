"""The dater over a store: metadata always wins, the corpus dates the undated, and what is
dated anew is anchored again; the seed articles get sensible dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.clean.pipeline import Cleaner
from communique.ingest import ingest
from communique.store import open_store

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
D = dt.date.fromisoformat

STORY = (
    "Envoys of Korvania and Ostria said on Friday that the border talks in Lisvane would go on. "
    "The two delegations spent six hours in the old customs house near the river crossing. "
    "A spokesman for the Ostrian side described the mood in the room as businesslike. "
    "Observers from three neighbouring states attended the session as guests of the host."
)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.create()


def _write(path: Path, records: list[dict[str, str]]) -> str:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_a_metadata_date_is_never_overridden(tmp_path: Path, annotator: Annotator) -> None:
    # The text alone would put it in May 2024; the record says otherwise, and wins.
    text = "The envoys met on Friday, May 17, 2024, in Lisvane. Nothing was signed that day."
    source = _write(tmp_path / "a.jsonl", [{"text": text, "published": "2025-05-20"}])
    with open_store(tmp_path / "s.db") as store:
        ingest([source], store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=annotator)
        (doc,) = list(store.documents())
    assert doc.published == D("2025-05-20")
    # The basis says which won, and what the text said.
    assert doc.published_basis is not None
    assert doc.published_basis.startswith("metadata; metadata won over the text, which says ")
    assert "2024-05-17" in doc.published_basis
    assert (doc.published_earliest, doc.published_latest) == (D("2025-05-20"),) * 2


def test_an_undated_copy_is_dated_by_the_corpus_and_anchored_again(
    tmp_path: Path, annotator: Annotator
) -> None:
    records = [
        {"text": STORY, "published": "2025-05-17", "title": "Border talks go on"},
        {"text": "Border talks go on, envoys say.\n\n" + STORY.rsplit(" Observers", 1)[0]},
    ]
    source = _write(tmp_path / "b.jsonl", records)
    with open_store(tmp_path / "s.db") as store:
        ingest([source], store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=annotator)
        dated, copy = list(store.documents())
        friday = [a for a in store.annotations(copy.id, layer="date") if a.text == "Friday"]
    assert dated.published_basis == "metadata"
    assert copy.published_basis is not None and copy.published_basis.startswith("inferred:corpus")
    assert dated.id in copy.published_basis
    assert copy.published_earliest is not None and copy.published_latest is not None
    assert D("2025-05-16") <= copy.published_earliest <= D("2025-05-17") <= copy.published_latest
    # "on Friday" now has a value: the day itself, or the days it can be within the range.
    assert friday and friday[0].attrs["value"] is not None
    assert str(friday[0].attrs["value"]).startswith("2025-05-16")


def test_the_seeds_are_dated_by_text_or_corpus_within_sensible_bounds(
    tmp_path: Path, annotator: Annotator
) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds absent: the seed articles are not here")
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    with open_store(tmp_path / "s.db") as store:
        ingest(paths, store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=annotator)
        docs = list(store.documents())
    given = [d for d in docs if d.published_basis and not d.published_basis.startswith("inferred:")]
    inferred = [d for d in docs if d not in given]
    assert given, "one seed names its own publication date"
    for doc in given:
        assert doc.published_earliest == doc.published == doc.published_latest
    bounded = [d for d in inferred if d.published_earliest or d.published_latest]
    assert len(bounded) >= 2, "most undated seeds gain at least one bound from what they tell"
    today = dt.date.today() + dt.timedelta(days=1)
    for doc in bounded:
        assert doc.published_basis is not None
        assert doc.published_basis.startswith(("inferred:text: ", "inferred:corpus: "))
        low = doc.published_earliest or dt.date.min
        high = doc.published_latest or today
        assert low <= high <= today
        # Every seed tells of events after the 2022 talks began: none is dated before them.
        assert high >= D("2022-01-01")
        if doc.published is not None:
            assert low == doc.published == high
