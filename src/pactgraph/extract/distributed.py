"""Batch scale-out with Dask distributed: chunks of documents extracted on worker processes.

Each worker process loads its own :class:`~pactgraph.extract.pipeline.Extractor`
once (models are not shipped between processes); chunks go out as they are
read and results come back in input order, a bounded number in flight so
memory stays flat on long inputs. The workers only extract: results come back
to the calling process, whose orchestrator alone writes to the database.

``address`` is a running scheduler (``tcp://host:8786``, started with
``dask scheduler`` and ``dask worker`` on any machines that have pactgraph
installed) or ``"local"`` / None for a LocalCluster started here. A worker that
dies mid-task loses nothing: the scheduler gives its tasks to another worker;
a chunk that kills workers again and again (``KilledWorker``) is split and its
documents sent one by one, and a document that still kills its worker comes
back with an :class:`~pactgraph.errors.ExtractionError`. Workers start by
spawning, so scripts that call this need an ``if __name__ == "__main__"`` guard
(the console script has one).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from pactgraph import errors
from pactgraph.extract.pipeline import Extractor, Result
from pactgraph.ingest.documents import Document, DocumentError

_WORKER_EXTRACTOR: Extractor | None = None


def _extract_chunk(items: list[Document | DocumentError], batch_size: int) -> list[Result]:
    """Run on a worker: extract one chunk with the process's own extractor."""
    global _WORKER_EXTRACTOR
    if _WORKER_EXTRACTOR is None or _WORKER_EXTRACTOR.batch_size != batch_size:
        _WORKER_EXTRACTOR = Extractor(batch_size=batch_size)
    return list(_WORKER_EXTRACTOR.pipe(items))


class DaskExtractor:
    """An extractor with the :meth:`Extractor.pipe` interface that fans out to a Dask cluster.

    ``address`` connects to a running scheduler (``tcp://HOST:PORT``); None or ``"local"`` starts a
    LocalCluster of ``workers`` processes for the duration of :meth:`pipe`.
    """

    def __init__(self, workers: int = 2, *, batch_size: int = 32, chunk_size: int = 64,
                 address: str | None = None, task: Any = None) -> None:
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.address = None if address in (None, "", "local") else address
        self.task = task or _extract_chunk
        self.client: Any = None

    def pipe(self, items: Iterable[Document | DocumentError]) -> Iterator[Result]:
        from dask.distributed import Client, LocalCluster

        if self.address:
            client, cluster = Client(self.address), None
        else:
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
        self.client = client
        try:
            in_flight: deque = deque()
            chunk: list[Document | DocumentError] = []
            limit = 2 * max(self.workers, len(client.scheduler_info().get("workers", {})) or 1)
            for item in items:
                chunk.append(item)
                if len(chunk) >= self.chunk_size:
                    in_flight.append((chunk, self._submit(client, chunk)))
                    chunk = []
                    while len(in_flight) > limit:
                        yield from self._collect(client, *in_flight.popleft())
            if chunk:
                in_flight.append((chunk, self._submit(client, chunk)))
            while in_flight:
                yield from self._collect(client, *in_flight.popleft())
        finally:
            self.client = None
            client.close()
            if cluster is not None:
                cluster.close()

    def _submit(self, client: Any, chunk: list[Document | DocumentError]) -> Any:
        return client.submit(self.task, chunk, self.batch_size, pure=False)

    def _collect(self, client: Any, chunk: list[Document | DocumentError], future: Any) -> list[Result]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            if len(chunk) == 1:
                item = chunk[0]
                doc = item if isinstance(item, Document) else None
                err = errors.ExtractionError(f"extraction killed its worker process again and again ({exc})",
                                             source=doc.source if doc else None, doc_id=item.id)
                return [Result(item.id, error=err, document=doc)]
            out: list[Result] = []
            for one in chunk:  # find the document that kills workers; the others still get their records
                out.extend(self._collect(client, [one], self._submit(client, [one])))
            return out


def make_extractor(*, workers: int = 1, dask: str | None = None, batch_size: int = 32) -> Any | None:
    """The extractor for ``--workers N`` / ``--dask ADDRESS|local`` (None: the in-process pipeline)."""
    if dask:
        return DaskExtractor(workers if workers > 1 else 2, batch_size=batch_size, address=dask)
    if workers > 1:
        return DaskExtractor(workers, batch_size=batch_size)
    return None
