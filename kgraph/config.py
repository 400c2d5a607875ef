"""Where the project's files are and which IRIs it mints.

Everything here can be overridden by environment variables so that a
deployment, a test or a third-party repository can point the tools at
other files or another host.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: The persistent base under which every resource of the graph is minted.
CANONICAL_BASE = "https://w3id.org/kaupunkipolitiikka/"


def _default_root() -> Path:
    env = os.environ.get("KGRAPH_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Layout:
    """The folders of a kgraph repository."""

    root: Path = field(default_factory=_default_root)

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def rules(self) -> Path:
        return self.queries / "rules"

    @property
    def checks(self) -> Path:
        return self.queries / "checks"

    @property
    def examples(self) -> Path:
        return self.queries / "examples"

    @property
    def build(self) -> Path:
        return Path(os.environ.get("KGRAPH_BUILD_DIR", self.root / "build"))


def base_iri() -> str:
    """The base IRI the graph is served under (``KGRAPH_BASE_IRI``).

    Data files are written with :data:`CANONICAL_BASE`; a deployment that
    serves the graph under another host sets this and the loader rewrites
    minted IRIs on load.
    """
    value = os.environ.get("KGRAPH_BASE_IRI", CANONICAL_BASE)
    return value if value.endswith("/") else value + "/"


def graph_iri(relative_path: str) -> str:
    """The named graph that holds the triples of one source file."""
    return CANONICAL_BASE + "graph/" + relative_path


INFERRED_GRAPH = CANONICAL_BASE + "graph/inferred"
