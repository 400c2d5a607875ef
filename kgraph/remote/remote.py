"""A remote SPARQL endpoint behind the interface the web layer uses on :class:`~kgraph.query.store.GraphStore`.

:class:`RemoteStore` offers ``query()`` (returning the same pyoxigraph result
objects), ``len()``, ``manifest``, ``graph_names`` and ``source_file``
(None). The rules of the embedded engine are kept:

* SERVICE is refused before anything is sent (unless allow-listed);
* the predeclared prefixes are declared in front of the query;
* the default graph of a query without a dataset is the union of every
  named graph (Oxigraph: the ``union-default-graph`` parameter; stores whose
  default graph already is the union, such as Virtuoso, need nothing), and
  ``default-graph-uri`` / ``named-graph-uri`` / ``FROM`` select graphs of the
  store only (neither this module nor Oxigraph fetches anything);
* a query that runs past ``timeout`` is given up on and reported as
  :class:`~kgraph.errors.QueryTimeout` (start the store with its own
  limit too, e.g. ``oxigraph serve --timeout-s``, so that it stops working).

The row cap and serialisation are applied by the web layer, as for the
embedded engine.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError
from .http_client import Client, HttpError, HttpTimeout
from ..errors import QueryTimeout, WorkerFailure
from ..namespaces import GRAPHS
from ..query.store import check_services, code_only, has_dataset_clause, prefix_map
from ..query.syntax_errors import explain

ACCEPT = (
    "application/sparql-results+json, application/n-triples, text/turtle;q=0.9, "
    "application/sparql-results+xml;q=0.8, application/rdf+xml;q=0.5"
)
#: For CONSTRUCT and DESCRIBE (some stores, e.g. Virtuoso, would otherwise send graphs as result tables).
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_GRAPH_FORM = re.compile(r"^\s*(?:(?:BASE\s*|PREFIX\s+[\w\-.]*:\s*)\s*)*(?:CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_TIMEOUT_WORDS = ("timeout", "timed out", "time limit")
_POSITION = re.compile(r"\b(at |line )(\d+)(:\d+)?")


def _prologue() -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(prefix_map().items()))


def as_query_triples(triples) -> ox.QueryTriples:
    """Triples as the :class:`pyoxigraph.QueryTriples` a local CONSTRUCT returns."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    result = scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples), "a CONSTRUCT query"
    return result


def _unshift(message: str, text: str) -> str:
    """The error message with line numbers counted from the client's query (not the added prologue)."""
    prologue = _prologue()
    if not text.startswith(prologue):
        return message
    lines = prologue.count("\n")

    def fix(match: re.Match) -> str:
        line = int(match.group(2)) - lines
        return match.group(0) if line < 1 else f"{match.group(1)}{line}{match.group(3) or ''}"

    return _POSITION.sub(fix, message, count=2)


#: How Oxigraph's server (the default backend) words a syntax error: "error at LINE:COLUMN: …".
_SYNTAX_ERROR = re.compile(r"error at \d+:\d+")


def _explained(message: str, text: str) -> str:
    """A backend's syntax error in the one line the embedded store gives (:mod:`kgraph.query.syntax_errors`);
    any other refusal as the backend words it."""
    prologue = _prologue()
    if not _SYNTAX_ERROR.match(message) or not text.startswith(prologue):
        return message
    return explain(text[len(prologue) :], message, prefix_map())


class RemoteStore:
    """Answers queries through the SPARQL endpoint at ``endpoint`` (its query URL)."""

    source_file = None

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30.0,
        manifest: dict | None = None,
        union_parameter: str | None = "auto",
        allowed_services: Sequence[str] = (),
        client: Client | None = None,
        count_ttl: float = 60.0,
        graph_prefix: str | None = None,
    ):
        self.endpoint = endpoint
        self.timeout = timeout
        self.client = client or Client(retries=0, timeout=timeout)
        self.allowed_services = tuple(allowed_services)
        self.count_ttl = count_ttl
        self._count: tuple[float, int] | None = None
        #: Only graphs under this prefix make the dataset (a store's own system graphs are left out).
        self.graph_prefix = graph_prefix
        if union_parameter == "auto":
            union_parameter = "union-default-graph" if self._is_oxigraph() else None
        self.union_parameter = union_parameter
        self.graph_counts = self._graph_counts()
        self.graph_names = set(self.graph_counts)
        self.manifest = manifest if manifest is not None else self.derived_manifest()

    # ------------------------------------------------------------------ about the store
    def _is_oxigraph(self) -> bool:
        try:
            response = self.client.send("GET", self.endpoint, retry=False, timeout=min(self.timeout, 10.0))
        except HttpError as err:
            raise WorkerFailure(f"the backend store at {self.endpoint} cannot be reached: {err}") from err
        return (response.headers.get("Server") or "").lower().startswith("oxigraph")

    def _graph_counts(self) -> dict[str, int]:
        result = self._send("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", [])
        return {
            s["g"].value: int(s["n"].value)
            for s in result
            if self.graph_prefix is None or s["g"].value.startswith(self.graph_prefix)
        }

    def derived_manifest(self) -> dict:
        """A manifest of what the store holds (used when no build manifest is given)."""
        return {
            "graphs": dict(sorted(self.graph_counts.items())),
            "triples": {"total": len(self)},
            "backend": self.endpoint,
        }

    def __len__(self) -> int:
        now = time.monotonic()
        if self._count is None or now - self._count[0] > self.count_ttl:
            if self.graph_prefix is None:
                result = self._send("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", [])
                self._count = (now, int(next(iter(result))["n"].value))
            else:
                self.graph_counts = self._graph_counts()
                self._count = (now, sum(self.graph_counts.values()))
        return self._count[1]

    # ------------------------------------------------------------------ queries
    def dataset_parameters(
        self, text: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]
    ) -> list[tuple[str, str]]:
        """The protocol parameters giving the remote query the embedded engine's dataset."""
        params = [("default-graph-uri", g) for g in default_graph_uris]
        params += [("named-graph-uri", g) for g in named_graph_uris]
        if default_graph_uris and not named_graph_uris:  # GRAPH still sees every graph, as embedded
            return params + [("named-graph-uri", g) for g in sorted(self.graph_names)]
        if default_graph_uris or has_dataset_clause(text):
            return params
        if named_graph_uris:  # default graph: still the union of every graph
            return params + [("default-graph-uri", g) for g in sorted(self.graph_names)]
        if self.union_parameter:
            params.append((self.union_parameter, "true"))
        elif self.graph_prefix is not None:  # the union of the dataset's graphs, spelt out
            graphs = sorted(self.graph_names)
            params += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        return params

    def query(self, text: str, *, default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = ()):
        """Run a query remotely; return a pyoxigraph result (solutions, boolean or triples)."""
        check_services(text, self.allowed_services)
        accept = ACCEPT_GRAPH if _GRAPH_FORM.match(code_only(text)) else ACCEPT
        return self._send(
            _prologue() + text, self.dataset_parameters(text, default_graph_uris, named_graph_uris), accept
        )

    def _send(self, text: str, params: list[tuple[str, str]], accept: str = ACCEPT):
        try:
            body = urllib.parse.urlencode([("query", text), *params]).encode("ascii")
            response = self.client.send(
                "POST",
                self.endpoint,
                body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                timeout=self.timeout,
                retry=False,
            )
        except HttpTimeout as err:
            raise QueryTimeout(self.timeout) from err
        except HttpError as err:
            raise WorkerFailure(f"the backend store could not be reached: {err}") from err
        message = response.text().strip()
        if response.status >= 400:
            if any(word in message.lower() for word in _TIMEOUT_WORDS):
                raise QueryTimeout(self.timeout)
            if response.status < 500:
                raise QueryError(
                    _explained(_unshift(message, text), text)
                    or f"the backend store refused the query (HTTP {response.status})"
                )
            raise WorkerFailure(f"the backend store failed (HTTP {response.status}): {message[:500]}")
        return self._parse(response.content_type, response.body)

    @staticmethod
    def _parse(content_type: str, body: bytes):
        try:
            if content_type in _RESULTS:
                return ox.parse_query_results(body, format=_RESULTS[content_type])
            if content_type in _GRAPHS:
                return as_query_triples(ox.parse(body, format=_GRAPHS[content_type]))
        except (SyntaxError, ValueError) as err:
            raise WorkerFailure(f"the backend store's answer could not be read: {err}") from err
        raise WorkerFailure(f"the backend store answered in an unexpected format: {content_type or 'none'}")


def open_backend(
    url: str, *, timeout: float = 30.0, allowed_services: Sequence[str] = (), manifest_file: Path | None = None
) -> RemoteStore:
    """A :class:`RemoteStore` for ``kgraph serve --backend URL``.

    The local build's manifest (``build/manifest.json``) is used when the
    store holds exactly its graphs and counts (so the ETags of the embedded
    engine and of the backend agree); otherwise one is derived from the store.
    """
    import json

    from ..config import Layout

    store = RemoteStore(url, timeout=timeout, allowed_services=allowed_services)
    if store.union_parameter is None:  # e.g. Virtuoso: its default graph also holds its system graphs
        store = RemoteStore(url, timeout=timeout, allowed_services=allowed_services, graph_prefix=GRAPHS)
    path = manifest_file or Layout().build / "manifest.json"
    try:
        local = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return store
    if local.get("graphs") == store.graph_counts:
        store.manifest = local
    return store
