"""A pool of query worker processes with a time and a memory limit that really stop the query.

Each worker (:mod:`kgraph.query.worker`) loads the built N-Quads file into
its own in-memory store. A query that outlives its time limit is stopped by
killing its worker; one that needs more memory than the worker's limit ends
its worker (an allocation fails). Either way only that worker is replaced, in
the background, while the other workers keep answering, so neither the next
query nor any query in flight waits or fails.
"""

from __future__ import annotations

import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import offline as offline_module
from . import worker as query_worker
from ..errors import PoolBusy, QueryMemory, QueryTimeout, WorkerFailure

WORKER_SCRIPT = Path(query_worker.__file__).resolve()
#: How long a new worker may take to load the graph before it is given up on.
START_TIMEOUT = 120.0


class Worker:
    """One worker process and its pipes."""

    def __init__(
        self,
        graph_file: Path,
        prefixes: dict[str, str],
        *,
        offline: bool = False,
        max_memory: int | None = None,
        style: dict | None = None,
    ):
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            close_fds=True,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )  # one line when memory runs out
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None, "both are pipes"
        self.stdin, self.stdout = stdin, stdout
        query_worker.send(
            self.stdin,
            {
                "graph_file": str(graph_file),
                "prefixes": prefixes,
                "style": style,
                "offline": offline and offline_module.__file__,
                "max_memory": max_memory,
            },
        )
        ready = self._answer(START_TIMEOUT)
        if not ready.get("ready"):
            self.kill()
            raise WorkerFailure("the query worker did not start")
        self.triples = ready["triples"]

    @property
    def pid(self) -> int:
        return self.process.pid

    def _answer(self, timeout: float) -> dict:
        readable, _, _ = select.select([self.stdout], [], [], max(timeout, 0.0))
        if not readable:
            raise TimeoutError
        try:
            message = query_worker.receive(self.stdout)
        except (EOFError, OSError) as err:
            raise WorkerFailure(f"the query worker failed: {err}") from err
        if message is None:  # its end of the pipe closed: it is ending, or has ended
            try:
                status = self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                status = None
            raise WorkerFailure(f"the query worker stopped (exit status {status})")
        return message

    def ask(self, job: dict, timeout: float) -> dict:
        try:
            query_worker.send(self.stdin, job)
        except OSError as err:
            raise WorkerFailure(f"the query worker is gone: {err}") from err
        return self._answer(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.stdin, self.stdout):
            try:
                pipe.close()
            except OSError:
                pass


class QueryPool:
    """``size`` workers over ``graph_file``; :meth:`run` answers one job within ``timeout`` seconds."""

    def __init__(
        self,
        graph_file: Path,
        prefixes: dict[str, str],
        *,
        size: int = 2,
        timeout: float = 30.0,
        offline: bool = False,
        max_memory: int | None = None,
        style: dict | None = None,
    ):
        self.graph_file = Path(graph_file)
        self.style = style  # how the workers write graphs (kgraph.query.worker.write_graph)
        self.prefixes = dict(prefixes)
        self.size = max(1, size)
        self.timeout = timeout
        self.offline, self.max_memory = offline, max_memory
        self.stopped = 0  # queries stopped by a limit (their workers were replaced)
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()  # the last used worker is the warmest
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._started = False
        self._pending = 0  # workers being started
        self.failures: list[str] = []

    # ------------------------------------------------------------------ workers
    def start(self, wait: bool = False) -> None:
        """Start the workers (in the background unless ``wait``); idempotent."""
        with self._lock:
            if self._started:
                return
            self._started = True
            self._pending += self.size
        starter = threading.Thread(target=self._spawn_all, daemon=True)
        starter.start()
        if wait:
            starter.join()

    def _spawn_all(self) -> None:
        """One worker first, alone, so that the first query waits for one load and not for ``size`` at once
        on the same CPUs; then the others together."""
        self._spawn()
        others = [threading.Thread(target=self._spawn, daemon=True) for _ in range(self.size - 1)]
        for thread in others:
            thread.start()
        for thread in others:
            thread.join()

    def _spawn(self) -> None:
        try:
            worker = Worker(
                self.graph_file, self.prefixes, offline=self.offline, max_memory=self.max_memory, style=self.style
            )
        except (OSError, WorkerFailure, TimeoutError) as err:
            with self._lock:
                self._pending -= 1
                self.failures.append(str(err) or type(err).__name__)
            return
        with self._lock:
            self._pending -= 1
            if self._closed:
                worker.kill()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: Worker, stopped: bool = False) -> None:
        """Kill ``worker`` and start its replacement in the background (``stopped``: a limit stopped its query)."""
        worker.kill()
        with self._lock:
            self.stopped += stopped
            self._workers.discard(worker)
            if self._closed:
                return
            self._pending += 1
        threading.Thread(target=self._spawn, daemon=True).start()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._workers)

    @property
    def alive(self) -> int:
        with self._lock:
            return sum(1 for w in self._workers if w.process.poll() is None)

    # ------------------------------------------------------------------ queries
    def run(self, job: dict, timeout: float | None = None) -> dict:
        """The worker's answer to ``job`` (see :func:`kgraph.query.worker.run_job`).

        Raises :class:`QueryTimeout` or :class:`QueryMemory` (the query was stopped), :class:`PoolBusy`
        (no free worker in time) or :class:`WorkerFailure`.
        """
        self.start()
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        with self._lock:
            if not self._workers and not self._pending and self.failures:
                raise WorkerFailure(f"no query worker could start: {self.failures[-1]}")
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise PoolBusy(f"every query worker stayed busy for {limit:g} s; try again later") from None
        try:
            answer = worker.ask(job, deadline - time.monotonic())
        except TimeoutError:
            self._retire(worker, stopped=True)
            raise QueryTimeout(limit) from None
        except WorkerFailure:
            worker.kill()  # reaps it: its exit status tells why it stopped
            memory = self.max_memory is not None and self._out_of_memory(worker)
            self._retire(worker, stopped=memory)
            if memory:
                raise QueryMemory(self.max_memory) from None
            raise
        if answer.get("error_kind") == "memory":
            self._retire(worker, stopped=True)  # a worker that ran out of memory may have left it fragmented
            raise QueryMemory(self.max_memory)
        self._idle.put(worker)
        return answer

    @staticmethod
    def _out_of_memory(worker: Worker) -> bool:
        """A worker under a memory limit that died of SIGABRT: an allocation failed (Rust aborts then)."""
        return worker.process.returncode == -signal.SIGABRT

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()


def default_size() -> int:
    """One worker per CPU, at least two so that a stopped query never blocks the next."""
    return max(2, os.cpu_count() or 2)
