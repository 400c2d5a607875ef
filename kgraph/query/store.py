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

from ..errors import QueryError
from ..namespaces import prefixes
from .worker import query_options

# Strings, IRIs and comments are recognised before keywords are looked for, so
# that "SERVICE" or "FROM" inside a literal or an IRI is not taken for the keyword.
_STRINGS = (r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
            r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_IRI = r'<[^<>"{}|^`\\\s]*>'
_LEXICAL = re.compile(_STRINGS + "|" + _IRI)
_TOKENS = re.compile(rf"(?P<skip>{_STRINGS})|(?P<iri>{_IRI})|(?P<word>[A-Za-z_][\w\-.:]*|[?$]\w+)")
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(?:(?:BASE|PREFIX\s+[\w\-.]*:)\s*)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


def code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked out."""
    return _LEXICAL.sub(" ", query)


def service_endpoints(query: str) -> list[str | None]:
    """The endpoint of each SERVICE clause: its IRI, or None when it is a variable or a prefixed name."""
    if "service" not in query.lower():  # the keyword cannot be escaped, so this settles most queries at once
        return []
    tokens = [(m.lastgroup, m.group()) for m in _TOKENS.finditer(query) if m.lastgroup != "skip"]
    found: list[str | None] = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word" or text.upper() != "SERVICE":
            continue
        rest = tokens[i + 1:i + 3]
        if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
            rest = rest[1:]
        found.append(rest[0][1][1:-1] if rest and rest[0][0] == "iri" else None)
    return found


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (FROM or FROM NAMED)."""
    return "from" in query.lower() and bool(_FROM.search(code_only(query)))


def looks_like_update(text: str) -> bool:
    """True when ``text`` is a SPARQL Update request rather than a query."""
    return bool(_UPDATE.match(code_only(text)))


def check_services(query: str, allowed: Sequence[str] = ()) -> None:
    """Raise :class:`QueryError` unless every SERVICE clause names an endpoint in ``allowed``."""
    for endpoint in service_endpoints(query):
        if endpoint is None or endpoint not in allowed:
            named = f" <{endpoint}>" if endpoint else ""
            raise QueryError(f"SERVICE{named} is not allowed: this endpoint does not query other endpoints"
                             + (" except those on its allow-list" if allowed else ""))


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

    def query(self, text: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()):
        """Run a query; return a pyoxigraph result (solutions, boolean or triples).

        Raises :class:`QueryError` for a syntax error or a federated query.
        """
        check_services(text)
        kwargs = query_options({"default": list(default_graph_uris), "named": list(named_graph_uris),
                                "has_from": has_dataset_clause(text)}, prefix_map())
        try:
            return self.store.query(text, **kwargs)
        except SyntaxError as err:
            raise QueryError(str(err)) from err
        except ValueError as err:
            raise QueryError(str(err)) from err


def prefix_map() -> dict[str, str]:
    """The prefixes every query may use without declaring them."""
    return {name: str(ns) for name, ns in prefixes().items()}

