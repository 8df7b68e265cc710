"""The ingest command's work: a store, a client, a progress bar, the library call."""

from __future__ import annotations

from collections.abc import Sequence

from tqdm import tqdm

from communique.clean.pipeline import Cleaner
from communique.ingest import IngestEvent, IngestReport, ingest
from communique.parallel import executor_for
from communique.read.net import HttpClient
from communique.store import open_store

__all__ = ["run_ingest"]


def run_ingest(
    targets: Sequence[str],
    *,
    db: str,
    quiet: bool,
    timeout: float = 20.0,
    workers: int | None = None,
    scheduler: str | None = None,
) -> IngestReport:
    # tqdm hides itself when stderr is not a terminal (disable=None).
    with (
        executor_for(workers=workers, scheduler=scheduler) as executor,
        open_store(db) as store,
        HttpClient(timeout=timeout) as client,
        tqdm(unit="doc", disable=True if quiet else None, leave=False) as bar,
    ):

        def advance(event: IngestEvent) -> None:
            bar.update(1)
            bar.set_postfix_str(event.status, refresh=False)

        return ingest(
            targets,
            store=store,
            cleaner=Cleaner.create(),
            client=client,
            on_event=advance,
            executor=None if workers is None and scheduler is None else executor,
            timeout=timeout,
        )
