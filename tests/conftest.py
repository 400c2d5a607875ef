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
