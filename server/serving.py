"""``kgraph serve``: the app in several processes under granian, each query in a query process of its own.

granian (a Rust HTTP server with a WSGI interface) forks its serving
processes from this one after the graph is loaded. Each serving process
closes itself to the network as soon as it has bound its listening socket
(:mod:`kgraph.query.offline`) and starts a pool of query processes (:mod:`kgraph.query.pool`),
one per request thread, each closed to the network before it loads the graph. A query runs in one of
them under the time limit and the memory limit: a query over either stops its
own query process only, which is replaced in the background; its client gets
a 503, and every other request, in that serving process or another, goes on.
Why this layout: ``docs/decisions/0011-query-limits.md`` (it replaces the
thread-and-process-swap layout of decision 0005).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import socket
from collections.abc import Sequence

#: Seconds between starting a replacement serving process and stopping the one it replaces (after a crash).
RESPAWN_INTERVAL = 0.5
#: Seconds an old serving process gets to finish at shutdown before it is killed.
KILL_AFTER = 3
#: Request threads per serving process beyond those with a query process: they wait for slow clients'
#: bodies (see :mod:`server.body_deadline`) and for a free query process, so slow clients do not hold up the rest.
SPARE_THREADS = 64


class GranianNoise(logging.Filter):
    """Drops granian's warning that the request threads outnumber the CPUs: they are meant to (most wait for
    slow clients, :data:`SPARE_THREADS`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "seems quite high compared to the number of CPU cores" not in record.getMessage()


#: granian's own logging (its default, less the noise): warnings and errors, e.g. a serving process that died.
_GRANIAN_LOGGING = {
    "filters": {"noise": {"()": f"{__name__}.GranianNoise"}},
    "loggers": {
        "_granian": {"handlers": ["console"], "level": "WARNING", "propagate": False, "filters": ["noise"]},
        "granian.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


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


def run(
    store=None,
    *,
    host: str = "127.0.0.1",
    port: int = 5000,
    workers: int | None = None,
    threads: int = 4,
    timeout: float = 30.0,
    max_rows: int | None = 100_000,
    max_memory: int | None = None,
    allowed_services: Sequence[str] = (),
    cors: bool = True,
    public_url: str | None = None,
    body_timeout: float = 10.0,
) -> None:
    """Serve ``store`` (default: the built graph) until interrupted.

    ``workers`` serving processes (default: one per CPU, at least two), each with ``threads`` request
    threads and as many query processes, each of which may take ``max_memory`` bytes (default:
    :func:`kgraph.query.limits.default_max_memory` over all of them). The serving and query processes are closed to
    the network unless ``allowed_services`` is given (then SERVICE calls only those, by the grammar check)
    or ``store`` is a remote store (which is reached over the network). ``public_url`` names the endpoint
    whatever Host a request carries (:mod:`server.public_url`). A client has ``body_timeout`` seconds to send
    its headers and as many again for its body (then a 408, :mod:`server.body_deadline`); waiting for slow
    clients takes one of :data:`SPARE_THREADS` request threads each, never a query process.
    """
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels
    from granian.server import Server

    from kgraph.errors import KgraphError
    from kgraph.query.limits import default_max_memory
    from kgraph.query.offline import go_offline_once_listening
    from kgraph.query.store import GraphStore

    from . import create_app
    from .body_deadline import BodyDeadline

    ensure_port_free(host, port)
    if "fork" not in multiprocessing.get_all_start_methods():
        raise KgraphError("kgraph serve needs fork() to start its serving processes with the graph loaded")
    multiprocessing.set_start_method("fork", force=True)  # granian starts its workers the same way
    workers = workers or default_workers()
    max_memory = max_memory or default_max_memory(workers * threads)
    app = create_app(
        store,
        timeout=timeout,
        max_rows=max_rows,
        allowed_services=allowed_services,
        cors=cors,
        workers=threads,
        max_memory=max_memory,
        forked=True,
        public_url=public_url,
    )
    app.wsgi_app = BodyDeadline(app.wsgi_app, seconds=body_timeout)  # type: ignore[method-assign]  # as in create_app
    local = store is None or isinstance(store, GraphStore)
    offline = not allowed_services and local
    if not offline:
        logging.getLogger("kgraph.serve").warning(
            "the serving processes stay open to the network: %s",
            "they start the query process that calls the allowed SERVICE endpoints; every other query runs offline"
            if local
            else "the backend store is reached over it",
        )

    def load(_target):
        app.extensions["kgraph_executor"].start()  # query processes close themselves to the network
        if offline:
            go_offline_once_listening()  # granian binds this process's listening socket after the load
        return app

    server = Server(
        "kgraph",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads + SPARE_THREADS,
        http=HTTPModes.http1,
        http1_settings=HTTP1Settings(header_read_timeout=round(body_timeout * 1000)),
        respawn_failed_workers=True,
        respawn_interval=RESPAWN_INTERVAL,
        workers_kill_timeout=KILL_AFTER,
        log_access=False,
        websockets=False,  # WSGI has none (granian would say so on every start)
        log_level=LogLevels.warning,  # the lines above say where and how it serves
        log_dictconfig=_GRANIAN_LOGGING,
    )
    network = (
        "closed to the serving and query processes"
        if offline
        else "closed to the query processes but one per serving process, for SERVICE to the allow-list"
        if local
        else "open (the backend store is reached over it)"
    )
    facts = start_log(
        app.config["KGRAPH_STORE"],
        address=f"http://{host}:{port}/sparql",
        public_url=public_url,
        workers=workers,
        threads=threads,
        limits=(timeout, max_memory, max_rows),
        network=network,
    )
    print("\n".join(facts), flush=True)
    # Free here, on the thread that made them, the cycles a first build leaves (pyoxigraph's query results among
    # them): collected later in a serving process's request thread, each would print a RuntimeError ("unsendable,
    # but is being dropped on another thread"). Freezing what is left keeps the forked processes' pages shared.
    gc.collect()
    gc.freeze()
    server.serve(target_loader=load)


def start_log(
    store,
    *,
    address: str,
    public_url: str | None,
    workers: int,
    threads: int,
    limits: tuple[float, int | None, int | None],
    network: str,
) -> list[str]:
    """The lines ``kgraph serve`` starts with, one fact each: address, processes, limits, graph, build."""
    from kgraph.version import __version__

    timeout, max_memory, max_rows = limits
    manifest = getattr(store, "manifest", None) or {}
    graphs = len(manifest.get("graphs") or getattr(store, "graph_names", ()) or ())
    memory = f"{max_memory / 2**20:,.0f} MiB" if max_memory else "no memory limit"
    rows = f"{max_rows:,} rows" if max_rows else "no row limit"
    public = f" (public URL {public_url.rstrip('/')}/sparql)" if public_url else ""
    backend = manifest.get("backend")
    built = manifest.get("built")
    return [
        f"kgraph {__version__}: SPARQL endpoint at {address}{public}",
        f"processes: {workers} serving, each with {threads} query processes",
        f"limits per query: {timeout:g} s, {memory}, {rows}",
        f"graph: {len(store):,} triples in {graphs} named graphs" + (f" at {backend}" if backend else ""),
        f"build: {built} by kgraph {manifest.get('kgraph', '?')}" if built else "build: none (the backend's graph)",
        f"network: {network}",
    ]
