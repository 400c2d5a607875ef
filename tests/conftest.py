"""Shared fixtures: one build of the repository graph and one published package per test run.

Both are made once for the whole run, also when pytest-xdist splits it across worker processes
(:mod:`run_once`): the first worker that needs them makes them, the others wait and read them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sparql_memo
from run_once import made_once

sparql_memo.install()  # rdflib parses each SPARQL text once per session (see tests/helpers/sparql_memo.py)


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    """The run's build folder, holding the repository graph built once (``kgraph build``)."""
    from kgraph.pipeline.build import build

    def make(folder: Path) -> None:
        os.environ["KGRAPH_BUILD_DIR"] = str(folder)
        build()

    path = made_once(tmp_path_factory, "build", make)
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
    """The data package written once by ``kgraph publish`` (kgraph.publish.publish.publish) for the run."""
    from kgraph.publish.publish import publish

    return made_once(tmp_path_factory, "package", lambda folder: publish(folder / "out", store=store)) / "out"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long runs (marked ``large``) first, each group in its collected order.

    pytest-xdist hands out whole files in this order; started first, the long ones do not end the run alone
    on one worker while the other has nothing left to do.
    """
    items.sort(key=lambda item: item.get_closest_marker("large") is None)
