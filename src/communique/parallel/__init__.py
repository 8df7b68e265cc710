"""Running a per-document stage over many documents: in this process, or on a Dask cluster.

A :class:`Stage` has three parts, as NeMo Curator's stages do: ``setup`` (once per process that
runs it: load the spaCy model, build the language identifier), ``process_batch`` (a list of
inputs in, a list of results out, in the same order) and ``teardown``. An executor feeds it
batches and hands the results back in input order, so the one writer that stores them (the
calling process) stores exactly what a one-process run stores, in the same order.

- :class:`InProcess` (the default): nothing is started, the stage runs here.
- :class:`DaskExecutor`: a ``dask.distributed`` ``LocalCluster`` of N worker processes on
  loopback (``--workers N``), or an existing cluster (``--scheduler tcp://host:8786``). Dask is
  imported when it starts, never at module top, so one-process users never load it.

>>> with executor_for(workers=0, scheduler=None) as run:        # doctest: +SKIP
...     results = list(run.map_batches(stage, documents, batch_size=16))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any, Protocol, Self, TypeVar

from communique.errors import UsageError

__all__ = ["DaskExecutor", "Executor", "InProcess", "Stage", "batched", "executor_for"]

In = TypeVar("In")
Out = TypeVar("Out")


class Stage(Protocol[In, Out]):
    """One per-document step; pickled to each worker, where ``setup`` runs once."""

    name: str

    def setup(self) -> None: ...

    def process_batch(self, batch: list[In]) -> list[Out]: ...

    def teardown(self) -> None: ...


class Executor(Protocol):
    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    @property
    def workers(self) -> int:
        """How many processes run stages (1 for this one)."""
        ...

    def map_batches(
        self, stage: Stage[In, Out], items: Iterable[In], *, batch_size: int
    ) -> Iterator[Out]:
        """``stage`` over ``items`` in batches; the results one by one, in input order."""
        ...


def batched(items: Iterable[In], size: int) -> Iterator[list[In]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class InProcess:
    """Runs the stage in this process: the default, nothing started."""

    workers = 1

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map_batches(
        self, stage: Stage[In, Out], items: Iterable[In], *, batch_size: int
    ) -> Iterator[Out]:
        batches = batched(items, batch_size)
        first = next(batches, None)
        if first is None:
            return  # nothing to do: the stage is never set up (spaCy never loads)
        stage.setup()
        try:
            yield from stage.process_batch(first)
            for batch in batches:
                yield from stage.process_batch(batch)
        finally:
            stage.teardown()


class DaskExecutor:
    """Runs stages as Dask tasks, a batch per task, with a few batches in flight per worker.

    ``scheduler`` joins an existing cluster; otherwise a ``LocalCluster`` of ``workers``
    single-threaded worker processes starts on 127.0.0.1 (all its ports free ones on loopback)
    and stops on exit.
    Either happens when the first batch is ready, so a run with nothing to do starts nothing.
    """

    def __init__(self, *, workers: int = 2, scheduler: str | None = None) -> None:
        self._requested = workers
        self.scheduler = scheduler
        self._client: Any = None
        self._cluster: Any = None

    @property
    def workers(self) -> int:
        if self._client is None:
            return self._requested
        return max(1, len(self._client.scheduler_info().get("workers", {})))

    def __enter__(self) -> DaskExecutor:
        return self

    def _connect(self) -> Any:
        if self._client is None:
            from communique.parallel import dask_engine  # imports dask.distributed

            self._client, self._cluster = dask_engine.connect(
                workers=self._requested, scheduler=self.scheduler
            )
        return self._client

    def __exit__(self, *exc: object) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        try:
            if client is not None:
                if cluster is not None:  # only our own cluster's workers: see quiet_workers
                    from communique.parallel import dask_engine

                    dask_engine.quiet_workers(client)
                client.close()
        finally:
            if cluster is not None:
                cluster.close()

    def map_batches(
        self, stage: Stage[In, Out], items: Iterable[In], *, batch_size: int
    ) -> Iterator[Out]:
        batches = batched(items, batch_size)
        first = next(batches, None)
        if first is None:
            return
        client = self._connect()
        from communique.parallel import dask_engine

        # Two batches per worker in flight: each worker always has its next batch waiting,
        # and at most that many batches' results sit in memory here.
        yield from dask_engine.map_batches(
            client, stage, chain([first], batches), in_flight=2 * self.workers
        )


def executor_for(*, workers: int | None, scheduler: str | None) -> Executor:
    """The executor the ``--workers`` / ``--scheduler`` options ask for."""
    if scheduler and workers:
        raise UsageError("--workers starts a local cluster; --scheduler joins one: give one")
    if scheduler:
        return DaskExecutor(scheduler=scheduler)
    if workers is None or workers == 0:
        return InProcess()
    if workers < 0:
        raise UsageError(f"--workers {workers}: give a number of processes, 1 or more")
    return DaskExecutor(workers=workers)
