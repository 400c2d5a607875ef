"""Fixtures of the endpoint tests: small stores with named graphs, and apps served by waitress on loopback.

Import the fixtures a module needs: ``from endpoint_fixtures import tiny_store, tiny_app, live  # noqa: F401``.
"""
from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

EX = "http://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: Named graphs of the tiny test dataset, each holding one typed resource (as the W3C protocol data does).
GRAPHS = [f"{EX}graph/{i}" for i in (1, 2, 3)]


def tiny_quads(rows: int = 12) -> list[ox.Quad]:
    """Three named graphs with one typed resource each, plus ``rows`` labelled items in the first."""
    quads = [ox.Quad(ox.NamedNode(f"{EX}doc/{i}"), RDF_TYPE, ox.NamedNode(f"{EX}Document"), ox.NamedNode(g))
             for i, g in enumerate(GRAPHS, start=1)]
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads += [ox.Quad(ox.NamedNode(f"{EX}item/{i:03d}"), label, ox.Literal(f"item {i}", language="en"),
                      ox.NamedNode(GRAPHS[0])) for i in range(rows)]
    return quads


def make_store(quads, manifest: dict | None = None):
    from kgraph.query.store import GraphStore

    store = ox.Store()
    store.extend(quads)
    return GraphStore(store, manifest if manifest is not None else
                      {"built": "2026-01-02T03:04:05Z", "inputs": {"data/x.ttl": "0" * 64}})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(app, threads: int = 8) -> Iterator[str]:
    """Serve ``app`` with waitress on a free loopback port; yield its base URL."""
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


@pytest.fixture(scope="module")
def tiny_app(tiny_store):
    """The app over the tiny store: 2 workers, a 2 s time limit, at most 5 rows."""
    from server import create_app

    app = create_app(tiny_store, timeout=2.0, workers=2, max_rows=5, warm=True)
    yield app
    app.extensions["kgraph_executor"].close()


@pytest.fixture(scope="module")
def client(tiny_app):
    return tiny_app.test_client()


@pytest.fixture(scope="module")
def live(tiny_app) -> Iterator[str]:
    """The tiny app over real HTTP."""
    with serving(tiny_app) as url:
        yield url


@pytest.fixture(scope="module")
def real_endpoint(store) -> Iterator[str]:
    """The app over the repository's built graph, served over real HTTP."""
    from server import create_app

    with serving(create_app(store, warm=True)) as url:
        yield url
