"""Batch scale-out with Dask distributed: chunks of documents extracted on worker processes.

Each worker process loads its own :class:`~pactgraph.extract.pipeline.Extractor`
once (models are not shipped between processes); chunks go out as they are
read and results come back in input order, a bounded number in flight so
memory stays flat on long inputs. Workers start by spawning, so scripts that
call this need an ``if __name__ == "__main__"`` guard (the console script has one).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

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
    """An extractor with the :meth:`Extractor.pipe` interface that fans out to a local Dask cluster.

    ``address`` connects to a running scheduler instead of starting local workers.
    """

    def __init__(self, workers: int = 2, *, batch_size: int = 32, chunk_size: int = 64,
                 address: str | None = None) -> None:
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.address = address

    def pipe(self, items: Iterable[Document | DocumentError]) -> Iterator[Result]:
        from dask.distributed import Client, LocalCluster

        if self.address:
            client, cluster = Client(self.address), None
        else:
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
        try:
            in_flight: deque = deque()
            chunk: list[Document | DocumentError] = []
            limit = 2 * self.workers
            for item in items:
                chunk.append(item)
                if len(chunk) >= self.chunk_size:
                    in_flight.append(client.submit(_extract_chunk, chunk, self.batch_size, pure=False))
                    chunk = []
                    while len(in_flight) > limit:
                        yield from in_flight.popleft().result()
            if chunk:
                in_flight.append(client.submit(_extract_chunk, chunk, self.batch_size, pure=False))
            while in_flight:
                yield from in_flight.popleft().result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
