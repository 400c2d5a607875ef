"""The served graph: the build output loaded into an in-memory pyoxigraph store.

The default graph of a query is the union of every named graph (asserted
files + inferred), so that queries written with standard vocabularies see
the materialised view. ``FROM`` / ``default-graph-uri`` only select graphs
that the dataset holds; nothing is ever fetched.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from .build import build
from .config import Layout
from .errors import QueryError
from .namespaces import PREFIXES

# Strings, IRIs and comments are blanked before keywords are looked for, so
# that "SERVICE" inside a literal or an IRI is not taken for the keyword.
_LEXICAL = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def mentions_service(query: str) -> bool:
    """True when the query uses the SERVICE keyword (federated query)."""
    return bool(_SERVICE.search(_LEXICAL.sub(" ", query)))


class GraphStore:
    """Answers SPARQL queries over the built graph."""

    def __init__(self, store: ox.Store, manifest: dict | None = None):
        self.store = store
        self.manifest = manifest or {}
        self.graph_names = {g.value for g in store.named_graphs()}

    @classmethod
    def from_file(cls, path: Path, manifest: dict | None = None) -> "GraphStore":
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return cls(store, manifest)

    def __len__(self) -> int:
        return len(self.store)

    def query(self, text: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()):
        """Run a query; return a pyoxigraph result (solutions, boolean or triples).

        Raises :class:`QueryError` for a syntax error or a federated query.
        """
        if mentions_service(text):
            raise QueryError("SERVICE is not allowed: this endpoint never fetches other endpoints")
        kwargs: dict = {"prefixes": {k: str(v) for k, v in PREFIXES.items()}}
        if default_graph_uris:
            kwargs["default_graph"] = [ox.NamedNode(u) for u in default_graph_uris]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        try:
            return self.store.query(text, **kwargs)
        except SyntaxError as err:
            raise QueryError(str(err)) from err
        except ValueError as err:
            raise QueryError(str(err)) from err


def open_store(layout: Layout | None = None, *, force: bool = False) -> GraphStore:
    """Build the graph if needed (cached) and load it for querying."""
    result = build(layout, force=force)
    return GraphStore.from_file(result.graph_file, result.manifest)
