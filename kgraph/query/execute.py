"""How the endpoint runs a client's query: the executors behind :class:`~kgraph.query.job.Executor`.

:func:`executor_for` picks one: threads of the serving process
(:class:`~kgraph.query.threads.ThreadedExecutor`, what ``kgraph serve`` uses), a
:class:`~kgraph.query.pool.QueryPool` of killable worker processes
(:class:`PooledExecutor`) for a local :class:`~kgraph.query.store.GraphStore`, or in-process
(:class:`InlineExecutor`) for any other store that only offers ``query()`` (e.g. a remote store,
which has its own limits).
"""
from __future__ import annotations

import atexit
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import worker as query_worker
from .job import Answer, Job, answer_of
from .pool import QueryPool, default_size
from .store import GraphStore, check_services, prefix_map


class PooledExecutor:
    """Queries run in worker processes that are killed when they run past ``timeout``."""

    def __init__(self, graph_file: Path, *, workers: int | None = None, timeout: float = 30.0,
                 allowed_services: Sequence[str] = ()):
        self.pool = QueryPool(graph_file, prefix_map(), size=workers or default_size(), timeout=timeout)
        self.allowed_services = tuple(allowed_services)
        self.timeout = timeout
        atexit.register(self.close)

    def start(self, wait: bool = False) -> None:
        self.pool.start(wait=wait)

    def run(self, job: Job) -> Answer:
        check_services(job.query, self.allowed_services)
        return answer_of(self.pool.run(job.message()))

    def health(self) -> dict:
        return {"workers": {"alive": self.pool.alive, "size": self.pool.size}}

    def close(self) -> None:
        self.pool.close()


class InlineExecutor:
    """Queries run in the calling thread through ``store.query`` (no time limit can be enforced)."""

    def __init__(self, store, *, timeout: float = 30.0, allowed_services: Sequence[str] = ()):
        self.store = store
        self.timeout = timeout
        self.allowed_services = tuple(allowed_services)

    def start(self, wait: bool = False) -> None:
        pass

    def run(self, job: Job) -> Answer:
        check_services(job.query, self.allowed_services)
        result = self.store.query(job.query, default_graph_uris=job.default_graphs,
                                  named_graph_uris=job.named_graphs)
        return answer_of(query_worker.write_result(result, job.message()))

    def health(self) -> dict:
        return {}

    def close(self) -> None:
        pass


def _graph_file_of(store: GraphStore) -> Path:
    """The store's N-Quads file, written to a temporary file for a store built in memory."""
    if store.source_file is not None and store.source_file.exists():
        return store.source_file
    fd, name = tempfile.mkstemp(prefix="kgraph-", suffix=".nq")
    os.close(fd)
    atexit.register(Path(name).unlink, missing_ok=True)
    return store.write_nquads(Path(name))


def executor_for(store, *, timeout: float = 30.0, workers: int | None = None,
                 allowed_services: Sequence[str] = (), threads: bool = False, on_timeout=None):
    """How the endpoint runs queries over ``store``.

    A local :class:`GraphStore`: in worker processes (:class:`PooledExecutor`), or with ``threads`` on
    threads of the serving process (:class:`~kgraph.query.threads.ThreadedExecutor`; ``on_timeout`` is
    then called when a query has to be given up on). Any other store: inline.
    """
    if isinstance(store, GraphStore) and threads:
        from .threads import ThreadedExecutor

        return ThreadedExecutor(store, timeout=timeout, allowed_services=allowed_services, on_timeout=on_timeout)
    if isinstance(store, GraphStore):
        return PooledExecutor(_graph_file_of(store), workers=workers, timeout=timeout,
                              allowed_services=allowed_services)
    return InlineExecutor(store, timeout=timeout, allowed_services=allowed_services)
