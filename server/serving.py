"""``kgraph serve``: the app in several processes under granian, queries on threads of each process.

granian (a Rust HTTP server with a WSGI interface) forks its worker
processes from this one after the graph is loaded, so every worker starts
with the graph in memory at once. Each worker answers queries on threads
(:mod:`kgraph.query.threads`). When a query outlives the time limit, its
client gets a 503 straight away and the worker asks this process (SIGHUP)
for a graceful replacement of the workers: new ones start, the old ones
finish what they were answering and are stopped, which stops the runaway
query. Each serving process is pinned to a CPU of its own (when there are
as many CPUs as processes): a request then hops between threads on one CPU,
which on a virtual machine halves the cost of the hop. Why this layout:
``docs/decisions/0005-serving-processes.md``.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import socket
from collections.abc import Sequence
from pathlib import Path

#: How ``kgraph serve`` runs queries: the executor options it gives :func:`server.create_app` (queries on
#: threads of each serving process). The endpoint tests build their apps with the same options.
EXECUTOR = {"threads": True}
#: Seconds between starting a replacement worker and stopping the one it replaces.
RESPAWN_INTERVAL = 0.5
#: Seconds an old worker gets to finish before it is killed (a runaway query never finishes).
KILL_AFTER = 3


class ReplaceWorkers:
    """``on_timeout`` for the query threads: ask the main process, once per worker, to replace its workers."""

    def __init__(self):
        self.main = os.getpid()
        self.asked = False  # each forked worker has its own copy

    def __call__(self) -> None:
        if os.getpid() == self.main or self.asked:
            return
        self.asked = True
        os.kill(self.main, signal.SIGHUP)


class PinToCpu:
    """Pins each serving process (every thread of it) to the next CPU, round robin over the CPUs allowed."""

    def __init__(self, cpus: Sequence[int]):
        self.cpus = sorted(cpus)
        self.counter = multiprocessing.get_context("fork").Value("i", 0)  # shared with the forked processes

    def __call__(self) -> int:
        with self.counter.get_lock():
            cpu = self.cpus[self.counter.value % len(self.cpus)]
            self.counter.value += 1
        tasks = Path("/proc/self/task")
        for tid in ([int(t.name) for t in tasks.iterdir()] if tasks.is_dir() else [0]):
            try:
                os.sched_setaffinity(tid, {cpu})
            except OSError:  # a thread that has just ended
                pass
        return cpu


def allowed_cpus() -> set[int]:
    return os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set(range(os.cpu_count() or 1))


def ensure_port_free(host: str, port: int) -> None:
    """Raise :class:`~kgraph.errors.KgraphError` when ``host:port`` is taken.

    granian listens with ``SO_REUSEPORT``, so a second server on the same port would silently share the
    requests with the first; binding once without that option finds out first.
    """
    from kgraph.errors import KgraphError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # connections closing on it do not count
        try:
            probe.bind((host, port))
        except OSError as err:
            raise KgraphError(f"cannot serve on {host}:{port}: {err.strerror or err}") from None


def default_workers() -> int:
    return max(2, len(allowed_cpus()))


def run(store=None, *, host: str = "127.0.0.1", port: int = 5000, workers: int | None = None,
        threads: int = 4, timeout: float = 30.0, max_rows: int | None = 100_000,
        allowed_services: Sequence[str] = (), cors: bool = True, pin: bool | None = None) -> None:
    """Serve ``store`` (default: the built graph) until interrupted.

    ``workers`` processes (default: one per CPU, at least two, so that one being replaced never leaves
    the endpoint without an answer), each with ``threads`` request threads; ``pin`` each to a CPU (default:
    when there are no more processes than CPUs and the platform can).
    """
    from granian.constants import HTTPModes, Interfaces
    from granian.server import Server

    from kgraph.errors import KgraphError

    from . import create_app

    ensure_port_free(host, port)
    if "fork" not in multiprocessing.get_all_start_methods():
        raise KgraphError("kgraph serve needs fork() to start its serving processes with the graph loaded")
    multiprocessing.set_start_method("fork", force=True)  # granian starts its workers the same way
    app = create_app(store, timeout=timeout, max_rows=max_rows, allowed_services=allowed_services, cors=cors,
                     on_timeout=ReplaceWorkers(), **EXECUTOR)
    workers = workers or default_workers()
    cpus = allowed_cpus()
    if pin is None:
        pin = hasattr(os, "sched_setaffinity") and 1 < workers <= len(cpus)
    pin_to_cpu = PinToCpu(cpus) if pin else None

    def load(_target):
        if pin_to_cpu is not None:
            pin_to_cpu()
        return app

    server = Server("kgraph", address=host, port=port, interface=Interfaces.WSGI, workers=workers,
                    blocking_threads=threads, http=HTTPModes.http1, respawn_failed_workers=True,
                    respawn_interval=RESPAWN_INTERVAL, workers_kill_timeout=KILL_AFTER, log_access=False)
    print(f"SPARQL endpoint: http://{host}:{port}/sparql", flush=True)
    server.serve(target_loader=load)
