"""``kgraph serve``: the app in several processes under granian, queries on threads of each process.

granian (a Rust HTTP server with a WSGI interface) forks its worker
processes from this one after the graph is loaded, so every worker starts
with the graph in memory at once. Each worker answers queries on threads
(:mod:`kgraph.query_threads`). When a query outlives the time limit, its
client gets a 503 straight away and the worker asks this process (SIGHUP)
for a graceful replacement of the workers: new ones start, the old ones
finish what they were answering and are stopped, which stops the runaway
query. Why this layout: ``docs/decisions/0005-serving-processes.md``.
"""
from __future__ import annotations

import os
import signal
from collections.abc import Sequence

#: Seconds between starting a replacement worker and stopping the one it replaces.
RESPAWN_INTERVAL = 0.5
#: Seconds an old worker gets to finish before it is killed (a runaway query never finishes).
KILL_AFTER = 3


class ReplaceWorkers:
    """``on_timeout`` for the query threads: ask the main process, once per worker, to replace its workers."""

    def __init__(self):
        self.main = os.getpid()
        self.asked_by: set[int] = set()

    def __call__(self) -> None:
        pid = os.getpid()
        if pid == self.main or pid in self.asked_by:
            return
        self.asked_by.add(pid)
        os.kill(self.main, signal.SIGHUP)


def default_workers() -> int:
    return max(2, os.cpu_count() or 2)


def run(store=None, *, host: str = "127.0.0.1", port: int = 5000, workers: int | None = None,
        threads: int = 4, timeout: float = 30.0, max_rows: int | None = 100_000,
        allowed_services: Sequence[str] = (), cors: bool = True) -> None:
    """Serve ``store`` (default: the built graph) until interrupted.

    ``workers`` processes (default: one per CPU, at least two, so that one being replaced never leaves
    the endpoint without an answer), each with ``threads`` request threads.
    """
    from granian.constants import HTTPModes, Interfaces
    from granian.server import Server

    from . import create_app

    app = create_app(store, timeout=timeout, max_rows=max_rows, allowed_services=allowed_services, cors=cors,
                     threads=True, on_timeout=ReplaceWorkers())
    server = Server("kgraph", address=host, port=port, interface=Interfaces.WSGI, workers=workers or default_workers(),
                    blocking_threads=threads, http=HTTPModes.http1, respawn_failed_workers=True,
                    respawn_interval=RESPAWN_INTERVAL, workers_kill_timeout=KILL_AFTER, log_access=False)
    print(f"SPARQL endpoint: http://{host}:{port}/sparql", flush=True)
    server.serve(target_loader=lambda _target: app)
