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

from . import service_guard
from ..errors import QueryError
from ..namespaces import prefixes
from .syntax_errors import explain
from .worker import query_options

# Strings, IRIs and comments are recognised before keywords are looked for, so that "FROM" inside a literal or
# an IRI is not taken for the keyword. (Which endpoints a query calls is decided by a parser: service_guard.)
_STRINGS = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\r\n]*'
)
_IRI = r'<[^<>"{}|^`\\\s]*>'
_LEXICAL = re.compile(_STRINGS + "|" + _IRI)
_FROM = re.compile(r"(?<![?$\w])FROM\b", re.IGNORECASE)  # not a variable ?from / $from


def code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked out."""
    return _LEXICAL.sub(" ", query)


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (FROM or FROM NAMED)."""
    return "from" in query.lower() and bool(_FROM.search(code_only(query)))


def looks_like_update(text: str) -> bool:
    """True when ``text`` is (or starts as) a SPARQL Update request rather than a query.

    Decided by the grammar (:func:`kgraph.query.service_guard.starts_as_update`): after the prologue, however
    its comments end and whatever escapes it uses, the first token begins an update operation.
    """
    return service_guard.starts_as_update(text)


def check_services(query: str, allowed: Sequence[str] = (), base_iri: str | None = None) -> list[str]:
    """The (allow-listed) endpoints the query calls; :class:`QueryError` for any other SERVICE clause.

    Decided from the grammar: :mod:`kgraph.query.service_guard`.
    """
    return service_guard.check_services(query, allowed, base_iri=base_iri, prefixes=prefix_map())


class GraphStore:
    """Answers SPARQL queries over the built graph."""

    def __init__(self, store: ox.Store, manifest: dict | None = None, source_file: Path | None = None):
        self.store = store
        self.manifest = manifest or {}
        self.graph_names = {g.value for g in store.named_graphs()}
        #: The N-Quads file the store was loaded from (query workers load it too), if any.
        self.source_file = Path(source_file) if source_file is not None else None

    @classmethod
    def from_file(cls, path: Path, manifest: dict | None = None) -> "GraphStore":
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return cls(store, manifest, source_file=path)

    def write_nquads(self, path: Path) -> Path:
        """Write every quad to ``path`` as N-Quads (for query workers of a store built in memory)."""
        self.store.dump(str(path), format=ox.RdfFormat.N_QUADS)
        return Path(path)

    def __len__(self) -> int:
        return len(self.store)

    def query(self, text: str, *, default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = ()):
        """Run a query; return a pyoxigraph result (solutions, boolean or triples).

        Raises :class:`QueryError` for a syntax error or a federated query.
        """
        check_services(text)
        kwargs = query_options(
            {
                "default": list(default_graph_uris),
                "named": list(named_graph_uris),
                "has_from": has_dataset_clause(text),
            },
            prefix_map(),
        )
        try:
            return self.store.query(text, **kwargs)
        except SyntaxError as err:
            raise QueryError(explain(text, str(err), prefix_map())) from err
        except ValueError as err:
            raise QueryError(str(err)) from err


def prefix_map() -> dict[str, str]:
    """The prefixes every query may use without declaring them."""
    return {name: str(ns) for name, ns in prefixes().items()}
