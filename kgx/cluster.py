"""Extraction on a Dask cluster: the runner's batches go to the cluster's workers as tasks and their results come
back in input order, a bounded number of batches in flight.

A task is `process_batch` on a worker that has loaded the pipeline once (`_init_worker` caches it per process), so
it is a pure function of its batch: when a worker dies mid-batch the scheduler runs the batch again elsewhere and
the client, which alone writes to the store, still takes each batch's results once, in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from .errors import KgxError
from .models import Document, DocumentResult
from .runner import _init_worker, process_batch, start_pipeline

RETRIES = 3  # a batch whose task raises is run again this often (a worker that dies is Dask's allowed-failures)
CONNECT_SECONDS = 30.0
BATCHES_PER_THREAD = 2  # in flight per worker thread: one running, one waiting, so no worker idles between batches


def extract_batch(batch: list[Document], model: str | None,
                  seconds_per_document: float | None) -> tuple[str, list[DocumentResult | str]]:
    """The task run on a worker: the pipeline's version (the client checks it matches its own) and the results."""
    _init_worker(model, seconds_per_document)
    return start_pipeline(model), process_batch(batch)


def cluster_batches(address: str, batches: Iterable[list[Document]], model: str | None,
                    seconds_per_document: float | None) -> Iterator[list[DocumentResult | str]]:
    """Send `batches` to the Dask scheduler at `address` and yield their results in input order."""
    try:
        from distributed import Client
    except ImportError:
        raise KgxError("E070") from None
    version = start_pipeline(model)
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise KgxError("E071", address=address, reason=str(err).splitlines()[0]) from None
    pending: deque = deque()
    try:
        limit = max(2, BATCHES_PER_THREAD * sum(client.nthreads().values()))
        for batch in batches:
            pending.append(client.submit(extract_batch, batch, model, seconds_per_document, pure=False,
                                         retries=RETRIES))
            if len(pending) >= limit:
                yield _take(pending.popleft(), version)
        while pending:
            yield _take(pending.popleft(), version)
    finally:
        client.cancel(list(pending))
        client.close()


def _take(future, version: str) -> list[DocumentResult | str]:
    try:
        worker_version, results = future.result()
    except Exception as err:  # noqa: BLE001 — a batch lost after its retries (KilledWorker, a worker's error)
        raise KgxError("E072", reason=f"{type(err).__name__}: {err}".splitlines()[0]) from None
    if worker_version != version:
        raise KgxError("E073", theirs=worker_version, ours=version)
    return results
