"""Shared fixtures: one build of the repository graph per test session, in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sparql_memo

sparql_memo.install()  # rdflib parses each SPARQL text once per session (see tests/helpers/sparql_memo.py)


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
        from kgraph.query.results import bindings

        return bindings(store.query(query), lambda term: term.value)

    return run


@pytest.fixture(scope="session")
def ask(store):
    return lambda query: bool(store.query(query))


@pytest.fixture(scope="session")
def pages_server(store):
    """A real waitress server on a free loopback port serving the app (pages and endpoint); its base URL."""
    from endpoint_fixtures import serving

    from server import create_app

    with serving(create_app(store), threads=4) as url:
        yield url


@pytest.fixture(scope="session")
def package(store, tmp_path_factory) -> Path:
    """The data package written once by ``kgraph publish`` (kgraph.publish.publish.publish) for the session."""
    from kgraph.publish.publish import publish

    out = tmp_path_factory.mktemp("package") / "out"
    publish(out, store=store)
    return out
