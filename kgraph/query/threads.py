"""Queries answered in the serving process, on threads, with a time limit that ends in a process restart.

pyoxigraph releases the GIL while it evaluates a query, so a query can run
on a thread of its own while the request's thread waits for it with a time
limit. No handover through a pipe or a pickle is needed: this is the fast path
of ``kgraph serve`` (see ``docs/decisions/0005-serving-processes.md``).

A running query cannot be interrupted from Python, so when one outlives the
limit the waiting request is answered at once (:class:`QueryTimeout`), the
thread is abandoned (never reused), and ``on_timeout`` is called: under
``kgraph serve`` it asks the server to replace this process, which stops the
query while the other serving processes keep answering.

The graph never changes while it is served, so a query costs the same each
time it runs. A query (with its dataset and formats) that has once finished
within :data:`QUICK` seconds cannot run away, and later runs of it are
evaluated on the request's own thread, which saves the two thread switches of
the hand-over. Only digests of the queries are remembered, never their results.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence

from . import worker as query_worker
from .job import answer_of
from ..errors import QueryTimeout, WorkerFailure
from .store import check_services, prefix_map

#: A query that finished within this many seconds (at most a twentieth of the time limit) is "quick".
QUICK = 0.05
#: How many quick queries each process remembers (the oldest are forgotten first).
REMEMBERED = 4096


class _QueryThread:
    """A daemon thread answering one job at a time; two locks hand a job over and its answer back."""

    def __init__(self, store, prefixes: dict[str, str]):
        self.store, self.prefixes = store, prefixes
        self.job: dict | None = None
        self.answer: dict | None = None
        self._go = threading.Lock()
        self._go.acquire()
        self._done = threading.Lock()
        self._done.acquire()
        threading.Thread(target=self._loop, name="kgraph-query", daemon=True).start()

    def _loop(self) -> None:
        while True:
            self._go.acquire()
            try:
                self.answer = query_worker.run_job(self.store, self.job, self.prefixes)
            except BaseException as err:  # noqa: BLE001 - the waiting request must hear of any failure
                self.answer = {"error": f"{type(err).__name__}: {err}", "error_kind": "failure"}
            self._done.release()

    def ask(self, job: dict, timeout: float) -> dict | None:
        """The answer, or None when the query is still running after ``timeout`` seconds."""
        self.job = job
        self._go.release()
        if not self._done.acquire(timeout=max(timeout, 0.0)):
            return None
        answer, self.answer, self.job = self.answer, None, None
        return answer


class ThreadedExecutor:
    """Runs :class:`~kgraph.query.job.Job` s on threads of this process against ``store``."""

    def __init__(self, store, *, timeout: float = 30.0, allowed_services: Sequence[str] = (),
                 on_timeout: Callable[[], None] | None = None):
        self.store = store.store if hasattr(store, "store") else store  # a GraphStore or a pyoxigraph Store
        self.timeout = timeout
        self.allowed_services = tuple(allowed_services)
        self.on_timeout = on_timeout
        self.prefixes = prefix_map()
        self.stopped = 0  # queries given up on because of the time limit
        self.quick_limit = min(QUICK, timeout / 20)
        self._quick: dict[bytes, None] = {}  # fingerprints of jobs known to finish quickly, oldest first
        self._idle: list[_QueryThread] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def start(self, wait: bool = False) -> None:
        """Nothing to start: threads are made on first use (also after the process forks)."""

    def _thread(self) -> _QueryThread:
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's threads do not exist here
                self._pid, self._idle = os.getpid(), []
            if self._idle:
                return self._idle.pop()
        return _QueryThread(self.store, self.prefixes)

    def run(self, job):
        check_services(job.query, self.allowed_services)
        key = job.fingerprint
        if key in self._quick:  # known to finish quickly: no hand-over needed
            return self._answer(query_worker.run_job(self.store, job.message(), self.prefixes))
        thread = self._thread()
        started = time.monotonic()
        answer = thread.ask(job.message(), self.timeout)
        if answer is not None and time.monotonic() - started <= self.quick_limit:
            with self._lock:
                self._quick[key] = None
                if len(self._quick) > REMEMBERED:
                    del self._quick[next(iter(self._quick))]
        if answer is None:
            with self._lock:
                self.stopped += 1
            if self.on_timeout is not None:
                self.on_timeout()
            raise QueryTimeout(self.timeout)
        with self._lock:
            self._idle.append(thread)
        return self._answer(answer)

    @staticmethod
    def _answer(answer: dict):
        if answer.get("error_kind") == "failure":
            raise WorkerFailure(answer["error"])
        return answer_of(answer)

    def health(self) -> dict:
        return {"process": {"pid": os.getpid(), "stopped_queries": self.stopped}}

    def close(self) -> None:
        with self._lock:
            self._idle = []
