"""The Dask side of :class:`communique.parallel.DaskExecutor`; imported only when it starts.

A stage reaches each worker as a worker plugin: the plugin's ``setup`` runs the stage's
``setup`` once in that worker (the spaCy model loads once per worker, not per task) and its
``teardown`` the stage's. A task names the plugin and carries one batch.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from dask.distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker

from communique.errors import UsageError

__all__ = ["connect", "map_batches", "quiet_workers"]

In = TypeVar("In")
Out = TypeVar("Out")


class StagePlugin(WorkerPlugin):
    """Holds one set-up stage in one worker."""

    def __init__(self, stage: Any) -> None:
        self.stage = stage

    def setup(self, worker: Any) -> None:
        self.stage.setup()

    def teardown(self, worker: Any) -> None:
        self.stage.teardown()


class StageFailed(Exception):
    """A batch failed on a worker: the original error's type and message, without its
    traceback (a deep one, a RecursionError's, cannot be sent back and would leave the client
    waiting for ever)."""


def run_batch(plugin: str, batch: list[Any]) -> list[Any]:
    """A task: the worker's set-up stage over one batch."""
    found: Any = get_worker().plugins[plugin]
    stage = found.stage
    try:
        return list(stage.process_batch(batch))
    except Exception as exc:
        raise StageFailed(f"{stage.name}: {type(exc).__name__}: {exc}") from None


def connect(*, workers: int, scheduler: str | None) -> tuple[Client, LocalCluster | None]:
    if scheduler:
        try:
            return Client(scheduler, timeout=30), None  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--scheduler {scheduler}: cannot reach it: {exc}") from exc
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers,
        threads_per_worker=1,  # spaCy and the annotators hold the GIL: one task per process
        processes=True,
        host="127.0.0.1",
        # Its HTTP endpoint (health, metrics) on loopback and a free port: None still means
        # the fixed port 8787, which a second cluster on the machine cannot take.
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def quiet_workers(client: Client) -> None:
    """Silence the Dask logs of the workers of a cluster this run started, once every result
    is back and before it closes.

    Closing in order (the client, then the cluster) is not enough: a worker keeps beating
    its heartbeat until late in its own close, and one that meets the scheduler's connection
    closing logs a CommClosedError with its traceback at ERROR (dask/distributed#7105, also
    with both as context managers). Nothing a worker says while the cluster shuts down helps
    the user: the work is done and any failure of it came back as an exception."""
    client.run(_quiet, on_error="ignore")


def _quiet() -> None:
    logging.getLogger("distributed").setLevel(logging.CRITICAL)


def map_batches(
    client: Client, stage: Any, batches: Iterable[list[Any]], *, in_flight: int
) -> Iterator[Any]:
    name = f"communique-{stage.name}-{uuid.uuid4().hex[:8]}"
    client.register_plugin(StagePlugin(stage), name=name)
    pending: deque[Future[list[Any]]] = deque()
    try:
        for batch in batches:
            pending.append(client.submit(run_batch, name, batch, pure=False))
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()  # type: ignore[no-untyped-call]
        client.unregister_worker_plugin(name)  # type: ignore[no-untyped-call]
