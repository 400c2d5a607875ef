"""Running one endpoint query: checks, dataset, time limit, row cap and serialisation.

:func:`executor_for` picks how: a :class:`~kgraph.query_pool.QueryPool` of
killable worker processes for a local :class:`~kgraph.store.GraphStore`
(the time and memory limits really stop the query, and only it), or in-process
for any other store that only offers ``query()`` (e.g. a remote store, which
has its own limits).
"""
from __future__ import annotations

import atexit
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import query_worker
from .errors import QueryError
from .limits import default_max_memory
from .query_pool import QueryPool, WorkerFailure, default_size
from .service_guard import REMOTE_FAILED
from .store import GraphStore, check_services, has_dataset_clause, prefix_map


@dataclass(frozen=True)
class Job:
    """One query with its dataset and the formats the client accepts for each kind of result."""

    query: str
    default_graphs: Sequence[str] = ()
    named_graphs: Sequence[str] = ()
    tabular: str | None = "json"
    graph: str | None = "turtle"
    row_cap: int | None = None
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)

    @cached_property
    def fingerprint(self) -> bytes:
        """A digest of everything that decides the job's answer (the ETag and the quick-query memory use it)."""
        text = "\x00".join([self.query, "\x01".join(self.default_graphs), "\x01".join(self.named_graphs),
                            str(self.tabular), str(self.graph), str(self.row_cap), str(self.base_iri)])
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def message(self) -> dict:
        return {"query": self.query, "default": list(self.default_graphs), "named": list(self.named_graphs),
                "has_from": has_dataset_clause(self.query), "tabular": self.tabular, "graph": self.graph,
                "row_cap": self.row_cap, "base": self.base_iri}


@dataclass
class Answer:
    kind: str  # "solutions", "boolean" or "triples"
    format: str | None  # None: the client accepts no format for this kind of result
    body: bytes = b""
    rows: int = 0
    truncated: bool = False
    extra: dict = field(default_factory=dict)


def answer_of(message: dict, calls: Sequence[str] = ()) -> Answer:
    """The :class:`Answer` of a worker's reply (:func:`kgraph.query_worker.run_job`).

    ``calls``: the (allowed) endpoints the query calls; an evaluation error then never shows their answer.
    """
    if "error" in message:
        if calls and message.get("error_kind") == "evaluation":
            raise QueryError(REMOTE_FAILED)
        raise QueryError(message["error"])
    return Answer(message["kind"], message["format"], message["body"], message["rows"], message["truncated"])


class PooledExecutor:
    """Queries run in worker processes, killed when they run past ``timeout``; past ``max_memory`` they end.

    ``offline``: the workers are closed to the network (:mod:`kgraph.offline`); ``max_memory``: bytes of
    address space each worker may take. With ``forked`` the executor is made before the app is forked into
    serving processes: each process then starts a pool of its own on first use (or :meth:`start`), and
    nothing is started in the process that made it.
    """

    def __init__(self, graph_file: Path, *, workers: int | None = None, timeout: float = 30.0,
                 allowed_services: Sequence[str] = (), offline: bool = False, max_memory: int | None = None,
                 forked: bool = False):
        self.options = {"size": workers or default_size(), "timeout": timeout, "offline": offline,
                        "max_memory": max_memory}
        self.graph_file = graph_file
        self.allowed_services = tuple(allowed_services)
        self.timeout, self.max_memory = timeout, max_memory
        self._maker = os.getpid()
        self._owner = None if forked else self._maker  # the process whose pool self.pool is
        self._pool = QueryPool(graph_file, prefix_map(), **self.options)
        atexit.register(self.close)

    @property
    def pool(self) -> QueryPool:
        if self._owner != os.getpid():  # forked: the parent's workers and threads are not ours
            self._owner = os.getpid()
            self._pool = QueryPool(self.graph_file, prefix_map(), **self.options)
        return self._pool

    @property
    def stopped(self) -> int:
        """Queries stopped by the time or memory limit in this process."""
        return self.pool.stopped

    def start(self, wait: bool = False) -> None:
        if self._owner is not None or os.getpid() != self._maker:  # never in the maker of a forked executor
            self.pool.start(wait=wait)

    def run(self, job: Job) -> Answer:
        calls = check_services(job.query, self.allowed_services, job.base_iri)
        return answer_of(self.pool.run(job.message()), calls)

    def close(self) -> None:
        if self._owner == os.getpid():
            self._pool.close()


class InlineExecutor:
    """Queries run in the calling thread through ``store.query`` (no time limit can be enforced)."""

    def __init__(self, store, *, timeout: float = 30.0, allowed_services: Sequence[str] = ()):
        self.store = store
        self.timeout = timeout
        self.allowed_services = tuple(allowed_services)

    def start(self, wait: bool = False) -> None:
        pass

    def run(self, job: Job) -> Answer:
        calls = check_services(job.query, self.allowed_services, job.base_iri)
        try:
            result = self.store.query(job.query, default_graph_uris=job.default_graphs,
                                      named_graph_uris=job.named_graphs)
        except (QueryError, WorkerFailure) as err:
            if calls:
                raise type(err)(REMOTE_FAILED) from None
            raise
        return answer_of(query_worker.write_result(result, job.message()), calls)

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
                 allowed_services: Sequence[str] = (), max_memory: int | None = None, forked: bool = False):
    """How the endpoint runs queries over ``store``.

    A local :class:`GraphStore`: in worker processes (:class:`PooledExecutor`), closed to the network
    unless ``allowed_services`` names endpoints SERVICE may call, each under ``max_memory`` (default:
    :func:`kgraph.limits.default_max_memory`); ``forked``: see :class:`PooledExecutor`. Any other store
    (a remote one, with its own limits): inline.
    """
    if isinstance(store, GraphStore):
        size = workers or default_size()
        return PooledExecutor(_graph_file_of(store), workers=size, timeout=timeout,
                              allowed_services=allowed_services, offline=not allowed_services,
                              max_memory=max_memory or default_max_memory(size), forked=forked)
    return InlineExecutor(store, timeout=timeout, allowed_services=allowed_services)
