"""Executors: a stage over batches in this process or on a local Dask cluster, and the
commands' ``--workers``: the same store and the same briefing as one process, on real coverage."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from communique.analyse.run import AnnotateStage
from communique.cli import cli
from communique.errors import UsageError
from communique.models import Document, Failure
from communique.parallel import DaskExecutor, InProcess, batched, executor_for

NEGOTIATIONS = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "negotiations"
CLUSTER = NEGOTIATIONS / "us-tax-deal-2010" / "articles.jsonl"


@dataclass
class Squares:
    name: str = "squares"
    calls: list[str] = field(default_factory=list)

    def setup(self) -> None:
        self.calls.append("setup")

    def process_batch(self, batch: list[int]) -> list[int]:
        self.calls.append(f"batch of {len(batch)}")
        return [n * n for n in batch]

    def teardown(self) -> None:
        self.calls.append("teardown")


def test_in_process_keeps_the_order_and_sets_up_once() -> None:
    stage = Squares()
    assert list(InProcess().map_batches(stage, range(7), batch_size=3)) == [
        0, 1, 4, 9, 16, 25, 36
    ]  # fmt: skip
    assert stage.calls == ["setup", "batch of 3", "batch of 3", "batch of 1", "teardown"]


def test_nothing_to_do_sets_nothing_up() -> None:
    stage = Squares()
    assert list(InProcess().map_batches(stage, [], batch_size=3)) == []
    assert stage.calls == []
    with DaskExecutor(workers=2) as dask:
        assert list(dask.map_batches(stage, [], batch_size=3)) == []
        assert dask._client is None  # no cluster was started for nothing


class _ClosedScheduler:
    async def heartbeat_worker(self, **_: object) -> None:
        from distributed.comm.core import CommClosedError

        raise CommClosedError("the scheduler's side of the connection closed first")


class _HeartbeatAtClose:
    """While a worker closes, one heartbeat meets a closed connection: the race of a cluster
    shutting down, made certain instead of left to timing."""

    async def teardown(self, worker: Any) -> None:
        real, worker.scheduler = worker.scheduler, _ClosedScheduler()
        try:
            await worker.heartbeat()
        finally:
            worker.scheduler = real


def test_a_local_cluster_shuts_down_without_worker_logs(capfd: pytest.CaptureFixture[str]) -> None:
    import cloudpickle
    from distributed import WorkerPlugin

    # The workers cannot import this test module: send its classes by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    plugin = type("HeartbeatAtClose", (_HeartbeatAtClose, WorkerPlugin), {})()
    try:
        with DaskExecutor(workers=1) as dask:
            assert list(dask.map_batches(Squares(), range(4), batch_size=2)) == [0, 1, 4, 9]
            dask._client.register_plugin(plugin, name="heartbeat-at-close")
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    err = capfd.readouterr().err
    assert "heartbeat" not in err and "CommClosedError" not in err, err


def test_batched_splits_without_losing_any() -> None:
    assert list(batched(iter("abcde"), 2)) == [["a", "b"], ["c", "d"], ["e"]]


def test_the_options_choose_the_executor() -> None:
    assert isinstance(executor_for(workers=None, scheduler=None), InProcess)
    local = executor_for(workers=3, scheduler=None)
    assert isinstance(local, DaskExecutor) and local.workers == 3
    remote = executor_for(workers=None, scheduler="tcp://127.0.0.1:8786")
    assert isinstance(remote, DaskExecutor) and remote.scheduler == "tcp://127.0.0.1:8786"
    with pytest.raises(UsageError, match="give one"):
        executor_for(workers=2, scheduler="tcp://127.0.0.1:8786")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.slow
@pytest.mark.skipif(
    not CLUSTER.is_file(), reason="../shared/eval/negotiations absent: no real coverage"
)
def test_ingest_on_two_workers_stores_what_one_process_stores(tmp_path: Path, db: str) -> None:
    one = str(tmp_path / "one.db")
    _run("ingest", str(CLUSTER), str(NEGOTIATIONS / "*" / "articles.jsonl"), "--db", one, "-q")
    _run(
        "ingest",
        str(CLUSTER),
        str(NEGOTIATIONS / "*" / "articles.jsonl"),
        "--db",
        db,
        "-q",
        "--workers",
        "2",
    )
    documents = [json.loads(_run("docs", "--db", store, "--format", "json")) for store in (one, db)]
    assert len(documents[0]) > 10
    assert documents[0] == documents[1]


@pytest.mark.slow
@pytest.mark.skipif(
    not CLUSTER.is_file(), reason="../shared/eval/negotiations absent: no real coverage"
)
def test_the_briefing_from_two_workers_equals_the_one_process_briefing(tmp_path: Path) -> None:
    store = tmp_path / "talks.db"
    _run("ingest", str(CLUSTER), "--db", str(store), "-q")
    copy = tmp_path / "copy.db"
    shutil.copy(store, copy)
    alone = _run("brief", "--db", str(store))
    workers = _run("brief", "--db", str(copy), "--workers", "2")
    briefing = json.loads(alone)
    assert briefing["documents"] and briefing["events"]
    assert workers == alone


@dataclass
class _PicksyAnnotator:
    """Reads every document but those whose text says "unreadable", as the real layer
    hands a document it fails on to ``on_error``."""

    nlp: object = None  # the stage's setup loads it; nothing to load here

    def annotate_documents(
        self, documents: list[Document], *, batch_size: int, on_error: Callable[..., None]
    ) -> Iterator[tuple[Document, str]]:
        for doc in documents:
            if "unreadable" in doc.text:
                on_error(doc, KeyError("no sentence"))
            else:
                yield doc, f"read {doc.id}"


def test_the_annotate_stage_returns_a_failure_instead_of_raising() -> None:
    docs = [
        Document(id=f"d{n}", source=f"/in/d{n}.txt", text=text, content_hash=f"h{n}")
        for n, text in enumerate(["Talks resumed.", "unreadable", "The envoy left."])
    ]
    stage = AnnotateStage(_PicksyAnnotator())  # type: ignore[arg-type]
    out = dict((d.id, r) for d, r in InProcess().map_batches(stage, docs, batch_size=16))
    assert out["d0"] == "read d0" and out["d2"] == "read d2"
    failure = out["d1"]
    assert isinstance(failure, Failure)
    assert (failure.doc_id, failure.source, failure.stage) == ("d1", "/in/d1.txt", "annotate")
    assert "KeyError" in failure.reason
