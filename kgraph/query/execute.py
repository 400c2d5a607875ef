"""How the endpoint runs a client's query: the executors behind :class:`~kgraph.query.job.Executor`.

:func:`executor_for` picks how: a :class:`~kgraph.query.pool.QueryPool` of
killable worker processes for a local :class:`~kgraph.query.store.GraphStore`
(the time and memory limits really stop the query, and only it), or in-process
for any other store that only offers ``query()`` (e.g. a remote store, which
has its own limits).
"""

from __future__ import annotations

import atexit
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

from . import worker as query_worker
from ..errors import QueryError, WorkerFailure
from .job import Answer, Job, answer_of
from .limits import default_max_memory
from .pool import QueryPool, default_size
from .results import graph_style
from .service_guard import REMOTE_FAILED
from .store import GraphStore, check_services, prefix_map


#: Query processes per serving process that may reach the network (``--allow-service`` only).
SERVICE_WORKERS = 1


class _PoolOptions(TypedDict):
    """The keyword arguments of :class:`QueryPool` that every pool of an executor shares."""

    size: int
    timeout: float
    offline: bool
    max_memory: int | None
    style: dict | None


class PooledExecutor:
    """Queries run in worker processes, killed when they run past ``timeout``; past ``max_memory`` they end.

    ``offline``: the workers are closed to the network (:mod:`kgraph.query.offline`); ``max_memory``: bytes of
    address space each worker may take. With ``forked`` the executor is made before the app is forked into
    serving processes: each process then starts a pool of its own on first use (or :meth:`start`), and
    nothing is started in the process that made it. ``style``: how graphs are written
    (:func:`kgraph.query.results.graph_style`).

    With ``allowed_services``, only a query in which the grammar check found SERVICE calls (each to an
    allowed endpoint) runs in a worker open to the network: one of a second, small pool
    (:data:`SERVICE_WORKERS` per process, started on the first such query). Every other query stays in the
    offline pool, so a query the check reads as having no SERVICE still cannot reach the network.
    """

    def __init__(
        self,
        graph_file: Path,
        *,
        workers: int | None = None,
        timeout: float = 30.0,
        allowed_services: Sequence[str] = (),
        offline: bool = False,
        max_memory: int | None = None,
        forked: bool = False,
        style: dict | None = None,
    ):
        self.options: _PoolOptions = {
            "size": workers or default_size(),
            "timeout": timeout,
            "offline": offline,
            "max_memory": max_memory,
            "style": style,
        }
        self.graph_file = graph_file
        self.allowed_services = tuple(allowed_services)
        self.timeout, self.max_memory = timeout, max_memory
        self._maker = os.getpid()
        self._owner = None if forked else self._maker  # the process whose pool self.pool is
        self._pool = QueryPool(graph_file, prefix_map(), **self.options)
        self._service_pool: QueryPool | None = None
        atexit.register(self.close)

    @property
    def pool(self) -> QueryPool:
        """The pool that runs every query without SERVICE calls (offline when the executor is)."""
        if self._owner != os.getpid():  # forked: the parent's workers and threads are not ours
            self._owner = os.getpid()
            self._pool = QueryPool(self.graph_file, prefix_map(), **self.options)
            self._service_pool = None
        return self._pool

    @property
    def service_pool(self) -> QueryPool:
        """The pool open to the network, for queries whose SERVICE calls the allow-list permits."""
        self.pool  # noqa: B018  (resets the service pool in a newly forked process)
        if self._service_pool is None:
            options: _PoolOptions = {**self.options, "size": SERVICE_WORKERS, "offline": False}
            self._service_pool = QueryPool(self.graph_file, prefix_map(), **options)
        return self._service_pool

    @property
    def stopped(self) -> int:
        """Queries stopped by the time or memory limit in this process."""
        service = self._service_pool.stopped if self._service_pool is not None else 0
        return self.pool.stopped + service

    def start(self, wait: bool = False) -> None:
        if self._owner is not None or os.getpid() != self._maker:  # never in the maker of a forked executor
            self.pool.start(wait=wait)

    def run(self, job: Job) -> Answer:
        calls = check_services(job.query, self.allowed_services, job.base_iri)
        pool = self.service_pool if calls else self.pool
        return answer_of(pool.run(job.message()), calls, job.query)

    def health(self) -> dict:
        """The query processes of this serving process, and the queries its limits stopped."""
        body: dict = {
            "workers": {"alive": self.pool.alive, "size": self.pool.size},
            "process": {"pid": os.getpid(), "stopped_queries": self.stopped},
        }
        if self._service_pool is not None and self._owner == os.getpid():
            service = self._service_pool
            body["service_workers"] = {"alive": service.alive, "size": service.size, "offline": False}
        if self.max_memory:
            body["max_memory"] = self.max_memory
        return body

    def close(self) -> None:
        if self._owner == os.getpid():
            self._pool.close()
            if self._service_pool is not None:
                self._service_pool.close()


class InlineExecutor:
    """Queries run in the calling thread through ``store.query`` (no time limit can be enforced)."""

    def __init__(
        self, store, *, timeout: float = 30.0, allowed_services: Sequence[str] = (), style: dict | None = None
    ):
        self.store = store
        self.style = style
        self.timeout = timeout
        self.allowed_services = tuple(allowed_services)

    def start(self, wait: bool = False) -> None:
        pass

    def run(self, job: Job) -> Answer:
        calls = check_services(job.query, self.allowed_services, job.base_iri)
        try:
            result = self.store.query(
                job.query, default_graph_uris=job.default_graphs, named_graph_uris=job.named_graphs
            )
        except (QueryError, WorkerFailure) as err:
            if calls:
                raise type(err)(REMOTE_FAILED) from None
            raise
        return answer_of(query_worker.write_result(result, job.message(), self.style), calls)

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


def executor_for(
    store,
    *,
    timeout: float = 30.0,
    workers: int | None = None,
    allowed_services: Sequence[str] = (),
    max_memory: int | None = None,
    forked: bool = False,
):
    """How the endpoint runs queries over ``store``.

    A local :class:`GraphStore`: in worker processes (:class:`PooledExecutor`) closed to the network (queries
    whose SERVICE calls ``allowed_services`` permits: in a small pool open to it), each under ``max_memory`` (default:
    :func:`kgraph.query.limits.default_max_memory`); ``forked``: see :class:`PooledExecutor`. Any other store
    (a remote one, with its own limits): inline.
    """
    if isinstance(store, GraphStore):
        size = workers or default_size()
        return PooledExecutor(
            _graph_file_of(store),
            workers=size,
            timeout=timeout,
            allowed_services=allowed_services,
            offline=True,
            max_memory=max_memory or default_max_memory(size),
            forked=forked,
            style=graph_style(),
        )
    return InlineExecutor(store, timeout=timeout, allowed_services=allowed_services, style=graph_style())
