"""Fixtures of the endpoint tests: small stores with named graphs, and the endpoint as it ships.

Tests test what ships: ``tiny_app`` runs queries on the pooled executor that ``kgraph serve`` uses (killable
query processes under the time and memory limits), and the HTTP fixtures (``live``, ``real_endpoint``,
:func:`granian_serving`) run the endpoint exactly as ``kgraph serve`` does (:func:`server.serving.run`:
granian, forked serving processes, each with its own query processes closed to the network) in a process of
its own. :func:`serving` (waitress) runs the app embedded in another WSGI server.

Import the fixtures a module needs: ``from endpoint_fixtures import tiny_store, tiny_app, live  # noqa: F401``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
from paths import ROOT

EX = "http://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: Named graphs of the tiny test dataset, each holding one typed resource (as the W3C protocol data does).
GRAPHS = [f"{EX}graph/{i}" for i in (1, 2, 3)]


def tiny_quads(rows: int = 12) -> list[ox.Quad]:
    """Three named graphs with one typed resource each, plus ``rows`` labelled items in the first."""
    quads = [
        ox.Quad(ox.NamedNode(f"{EX}doc/{i}"), RDF_TYPE, ox.NamedNode(f"{EX}Document"), ox.NamedNode(g))
        for i, g in enumerate(GRAPHS, start=1)
    ]
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads += [
        ox.Quad(
            ox.NamedNode(f"{EX}item/{i:03d}"), label, ox.Literal(f"item {i}", language="en"), ox.NamedNode(GRAPHS[0])
        )
        for i in range(rows)
    ]
    return quads


def make_store(quads, manifest: dict | None = None):
    from kgraph.query.store import GraphStore

    store = ox.Store()
    store.extend(quads)
    return GraphStore(
        store,
        manifest if manifest is not None else {"built": "2026-01-02T03:04:05Z", "inputs": {"data/x.ttl": "0" * 64}},
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def granian_serving(
    quads=None,
    *,
    graph_file: Path | None = None,
    timeout: float = 30.0,
    max_rows: int | None = 100_000,
    workers: int = 2,
    log: Path | None = None,
    extra: Sequence[str] = (),
) -> Iterator[str]:
    """The endpoint as ``kgraph serve`` runs it, over ``quads`` (or an N-Quads file), on a free port; its URL.

    ``log`` receives the server's output (stdout and stderr); ``extra`` are more options of ``kgraph serve``.
    """
    with tempfile.TemporaryDirectory(prefix="kgraph-serve-") as folder:
        if graph_file is None:
            graph_file = Path(folder) / "graph.nq"
            graph_file.write_bytes(b"".join(str(q).encode() + b" .\n" for q in quads))
        port = free_port()
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            str(graph_file),
            "--port",
            str(port),
            "--timeout",
            str(timeout),
            "--max-rows",
            str(max_rows or 0),
            "--workers",
            str(workers),
            *extra,
        ]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
        output = open(log, "wb") if log is not None else subprocess.PIPE  # noqa: SIM115 (closed below)
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if log is not None:
                output.close()


def _wait_for(url: str, process: subprocess.Popen) -> None:
    import requests

    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            said = process.stdout.read() if process.stdout is not None else b"(see its log)"
            raise AssertionError("the endpoint did not start: " + said.decode(errors="replace"))
        assert time.monotonic() < deadline, "the endpoint did not start within 60 s"
        try:
            requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10)
            return
        except requests.ConnectionError:
            time.sleep(0.05)


@contextlib.contextmanager
def serving(app, threads: int = 8) -> Iterator[str]:
    """Serve ``app`` with waitress on a free loopback port; yield its base URL (the pooled executor's tests)."""
    import waitress

    server = waitress.create_server(app, host="127.0.0.1", port=free_port(), threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        executor = app.extensions.get("kgraph_executor")
        if executor is not None:
            executor.close()


@pytest.fixture(scope="session")
def tiny_store():
    return make_store(tiny_quads())


#: The tiny endpoint's limits: a 2 s time limit, at most 5 rows.
TINY_LIMITS = {"timeout": 2.0, "max_rows": 5}


@pytest.fixture(scope="module")
def tiny_app(tiny_store):
    """The app over the tiny store with the executor ``kgraph serve`` uses (query processes), :data:`TINY_LIMITS`."""
    from server import create_app

    app = create_app(tiny_store, **TINY_LIMITS)
    yield app
    app.extensions["kgraph_executor"].close()


@pytest.fixture(scope="module")
def pooled_app(tiny_store):
    """The app over the tiny store with the pooled executor (2 killable query processes), :data:`TINY_LIMITS`."""
    from server import create_app

    app = create_app(tiny_store, workers=2, warm=True, **TINY_LIMITS)
    yield app
    app.extensions["kgraph_executor"].close()


@pytest.fixture(scope="module")
def client(tiny_app):
    return tiny_app.test_client()


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    """The tiny endpoint over real HTTP, served as ``kgraph serve`` serves (granian), :data:`TINY_LIMITS`."""
    with granian_serving(tiny_quads(), **TINY_LIMITS) as url:
        yield url


@pytest.fixture(scope="module")
def real_endpoint(store) -> Iterator[str]:
    """The endpoint over the repository's built graph, served as ``kgraph serve`` serves it."""
    with granian_serving(graph_file=store.source_file) as url:
        yield url


def main() -> None:
    """``python tests/helpers/endpoint_fixtures.py GRAPH.nq --port P``: :func:`server.serving.run` over N-Quads."""
    from kgraph.query.store import GraphStore
    from server.serving import run

    parser = argparse.ArgumentParser()
    parser.add_argument("graph", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--max-rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--public-url")
    args = parser.parse_args()
    run(
        GraphStore.from_file(args.graph),
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows or None,
        workers=args.workers,
        public_url=args.public_url,
    )


if __name__ == "__main__":
    main()
