"""Shared fixtures: one build of the repository graph per test session, in a temporary folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("build")
    os.environ["KGRAPH_BUILD_DIR"] = str(path)
    return path


@pytest.fixture(scope="session")
def store(build_dir):
    from kgraph import open_store

    return open_store()


@pytest.fixture(scope="session")
def select(store):
    """Run a SELECT over the built graph; rows as dicts of plain values."""

    def run(query: str) -> list[dict[str, str]]:
        result = store.query(query)
        names = [v.value for v in result.variables]
        return [{n: sol[n].value for n in names if sol[n] is not None} for sol in result]

    return run


@pytest.fixture(scope="session")
def ask(store):
    return lambda query: bool(store.query(query))


@pytest.fixture(scope="session")
def pages_server(store):
    """A real waitress server on a free loopback port serving the app (pages and endpoint); its base URL."""
    import socket
    import threading

    import waitress

    from server import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = waitress.create_server(create_app(store), host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.close()


@pytest.fixture(scope="session")
def package(store, tmp_path_factory) -> Path:
    """The data package written once by ``kgraph publish`` (kgraph.publish.publish) for the session."""
    from kgraph.publish import publish

    out = tmp_path_factory.mktemp("package") / "out"
    publish(out, store=store)
    return out
