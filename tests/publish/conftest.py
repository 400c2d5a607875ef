"""The publication tests' small repository: the mechanics of publishing (atomic replacement, killed runs,
failures midway, the command line) on a site of a few hundred pages instead of the full trilingual one.

The full site is published once per session (``package`` in ``tests/conftest.py``) and read by the tests of
what a package holds; a test that publishes again to watch how the package is swapped in needs no more than a
small graph that goes through every step: built from a repository of its own (this checkout's ontology, shapes
and queries with synthetic data from :mod:`kgraph.synth`, which conforms to the shapes), once per session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from validate_fixtures import make_repo

from kgraph.config import Layout

#: About this many synthetic triples: with the ontology's pages, a site of some 300 pages.
SMALL_TRIPLES = 40


@dataclass(frozen=True)
class SmallRepo:
    layout: Layout
    build: Path

    def env(self) -> dict[str, str]:
        """The environment that points ``kgraph`` (or a child process) at this repository and its build."""
        return {"KGRAPH_ROOT": str(self.layout.root), "KGRAPH_BUILD_DIR": str(self.build)}


@pytest.fixture(scope="session")
def small_repo(tmp_path_factory) -> SmallRepo:
    from kgraph.synth import generate

    root = make_repo(tmp_path_factory.mktemp("small-repo") / "repo")
    generate(SMALL_TRIPLES, root / "data", seed=7)
    return SmallRepo(Layout(root), root / "build")


@pytest.fixture(scope="session")
def small_store(small_repo):
    """The small repository's graph, built once (into its own build folder)."""
    from kgraph.pipeline.build import open_store

    with pytest.MonkeyPatch.context() as patch:
        for name, value in small_repo.env().items():
            patch.setenv(name, value)
        return open_store(small_repo.layout)
