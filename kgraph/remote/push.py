"""``kgraph push``: load the built graph into an external triple store and switch to it atomically.

Each named graph of ``build/graph.nq`` (one per source file, plus the
inferred graph) is first loaded under a *staging* name
(``urn:kgraph:staging:<token>:<graph IRI>``), either graph by graph through
the SPARQL 1.1 Graph Store HTTP Protocol (``PUT ?graph=``, N-Triples) or in
one request to a bulk-load endpoint (Oxigraph's ``POST /store`` with
N-Quads). The staged triple counts are checked against the build, then one
SPARQL Update request moves every staging graph onto its live name and drops
the live graphs of earlier pushes that the build no longer has::

    MOVE GRAPH <staging 1> TO GRAPH <graph 1> ; … ; DROP SILENT GRAPH <gone> ;

The SPARQL 1.1 Update recommendation says a request SHOULD be applied
atomically; Oxigraph runs each update request in one transaction, so readers
see either every old graph or every new one. If anything fails before the
switch, the staging graphs are dropped and the live graphs are untouched.
``MOVE`` is written without ``SILENT`` so that a retried switch whose first
attempt did commit fails harmlessly (its sources are gone) instead of
emptying the live graphs; the live counts are then checked, which is what
decides success.
"""

from __future__ import annotations

import secrets
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import GRAPHS
from ..errors import KgraphError, PushError
from .http_client import Client, HttpError, HttpTimeout, check
from ..query.engine import sparql_string
from ..query.results import bindings

STAGING = "urn:kgraph:staging:"
#: Live graphs under this prefix that the build no longer has are dropped by a push.
OWNED_PREFIX = GRAPHS
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Endpoints:
    """Where the store answers: Graph Store Protocol, SPARQL Update and SPARQL query."""

    graph_store: str
    update: str
    query: str
    bulk: str | None = None  # a dataset endpoint that takes N-Quads (POST adds), if the store has one

    @classmethod
    def oxigraph(cls, base: str) -> "Endpoints":
        base = base.rstrip("/")
        return cls(f"{base}/store", f"{base}/update", f"{base}/query", f"{base}/store")

    @classmethod
    def virtuoso(cls, base: str, *, auth: bool = True) -> "Endpoints":
        base = base.rstrip("/")
        sparql = f"{base}/sparql-auth" if auth else f"{base}/sparql"
        crud = f"{base}/sparql-graph-crud-auth" if auth else f"{base}/sparql-graph-crud"
        return cls(crud, sparql, sparql, None)


@dataclass
class PushResult:
    graphs: dict[str, int]
    method: str
    seconds: float
    dropped: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # load, verify, switch

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def split_graphs(graph_file: Path, folder: Path) -> dict[str, tuple[Path, int]]:
    """Write each named graph of ``graph_file`` to its own N-Triples file; {graph: (file, triples)}."""
    buffers: dict[str, list[ox.Triple]] = {}
    counts: dict[str, int] = {}
    files: dict[str, Path] = {}

    def flush(name: str) -> None:
        with files[name].open("ab") as out:
            ox.serialize(buffers[name], out, format=ox.RdfFormat.N_TRIPLES)
        buffers[name] = []

    for quad in ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise PushError(f"{graph_file}: a quad outside any named graph: {quad}")
        name = quad.graph_name.value
        if name not in files:
            files[name] = folder / f"graph-{len(files):04d}.nt"
            buffers[name], counts[name] = [], 0
        buffers[name].append(quad.triple)
        counts[name] += 1
        if len(buffers[name]) >= 50_000:
            flush(name)
    for name in files:
        flush(name)
    return {name: (files[name], counts[name]) for name in files}


def staged_nquads(graph_file: Path, out: Path, rename: Callable[[str], str]) -> Path:
    """``graph_file`` with every graph renamed (for a bulk load into staging graphs)."""
    quads = (
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(rename(q.graph_name.value)))
        for q in ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS)
    )
    with out.open("wb") as stream:
        ox.serialize(quads, stream, format=ox.RdfFormat.N_QUADS)
    return out


class Pusher:
    """One push of ``graph_file`` to the store at ``endpoints``."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        client: Client | None = None,
        progress: Callable[[str], None] | None = None,
        method: str = "auto",
    ):
        self.endpoints = endpoints
        self.client = client or Client()
        self.say = progress or (lambda text: None)
        if self.client.on_retry is None:
            self.client.on_retry = lambda n, delay, why: self.say(
                f"  retry {n}/{self.client.retries} in {delay:.1f} s: {why}"
            )
        if method not in ("auto", "bulk", "gsp"):
            raise ValueError(f"unknown load method {method!r}")
        if method == "bulk" and not endpoints.bulk:
            raise PushError("this store has no bulk-load endpoint; use the Graph Store Protocol (--method gsp)")
        self.method = ("bulk" if endpoints.bulk else "gsp") if method == "auto" else method
        self.token = secrets.token_hex(6)

    def staging(self, graph: str) -> str:
        return f"{STAGING}{self.token}:{graph}"

    # ------------------------------------------------------------------ SPARQL
    def select(self, query: str) -> list[dict[str, str]]:
        response = check(
            self.client.send(
                "POST",
                self.endpoints.query,
                body=_form(query=query),
                headers={"Content-Type": FORM, "Accept": "application/sparql-results+json"},
            ),
            "query",
        )
        results = ox.parse_query_results(response.body, format=ox.QueryResultsFormat.JSON)
        return bindings(results, lambda term: term.value)

    def update(self, text: str, *, retry: bool = True) -> None:
        check(
            self.client.send(
                "POST", self.endpoints.update, body=_form(update=text), headers={"Content-Type": FORM}, retry=retry
            ),
            "update",
        )

    def counts(self, prefix: str) -> dict[str, int]:
        """Triples per named graph whose IRI starts with ``prefix``."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {sparql_string(prefix)})) }} GROUP BY ?g"
        )
        return {row["g"]: int(row["n"]) for row in rows}

    # ------------------------------------------------------------------ steps
    def load(self, graph_file: Path, folder: Path) -> dict[str, int]:
        """Load every graph under its staging name; {live graph: triples}."""
        if self.method == "bulk":
            assert self.endpoints.bulk is not None, "__init__ refuses the bulk method without a bulk endpoint"
            self.say(f"staging {graph_file} (bulk N-Quads load)")
            staged = staged_nquads(graph_file, folder / "staged.nq", self.staging)
            self.say(f"loading {staged.stat().st_size / 1e6:.1f} MB into {self.endpoints.bulk}")
            # Oxigraph's bulk loader (not one transaction: fine, only staging graphs are written)
            check(
                self.client.send(
                    "POST",
                    self.endpoints.bulk,
                    body=staged,
                    params={"no_transaction": ""},
                    headers={"Content-Type": "application/n-quads"},
                ),
                "bulk load",
            )
            expected: dict[str, int] = {}
            for quad in ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS):
                expected[quad.graph_name.value] = expected.get(quad.graph_name.value, 0) + 1
            return expected
        parts = split_graphs(graph_file, folder)
        for i, (graph, (path, count)) in enumerate(sorted(parts.items()), start=1):
            self.say(f"[{i}/{len(parts)}] {graph}: {count} triples")
            check(
                self.client.send(
                    "PUT",
                    self.endpoints.graph_store,
                    body=path,
                    params={"graph": self.staging(graph)},
                    headers={"Content-Type": "application/n-triples"},
                ),
                f"loading {graph}",
            )
        return {graph: count for graph, (_, count) in parts.items()}

    def verify_staging(self, expected: dict[str, int]) -> None:
        found = {g.removeprefix(self.staging("")): n for g, n in self.counts(self.staging("")).items()}
        if found != expected:
            wrong = sorted(g for g in set(found) | set(expected) if found.get(g) != expected.get(g))
            raise PushError(
                f"the store holds other triple counts than the build for {len(wrong)} graph(s), "
                f"e.g. {wrong[0]}: {found.get(wrong[0], 0)} instead of {expected.get(wrong[0], 0)}"
            )

    def switch(self, expected: dict[str, int]) -> list[str]:
        """Move the staging graphs onto the live names in one update; the live graphs dropped."""
        live = self.counts(OWNED_PREFIX)
        gone = sorted(set(live) - set(expected))
        operations = [f"MOVE GRAPH <{self.staging(g)}> TO GRAPH <{g}>" for g in sorted(expected)]
        operations += [f"DROP SILENT GRAPH <{g}>" for g in gone]
        self.say(f"switching {len(expected)} graph(s) in one update" + (f", dropping {len(gone)}" if gone else ""))
        try:
            self.update(" ;\n".join(operations))
        except HttpTimeout as err:  # the store may still be applying it: leave everything as it is
            raise PushError(
                f"the switch got no answer in time ({err}); the store may still apply it: check its "
                f"graphs, and drop those named {self.staging('')}… if the switch did not happen"
            ) from err
        except HttpError as err:
            # a retried switch whose first attempt did commit fails (its sources are gone): that is success
            if self.counts(self.staging("")) or self.counts(OWNED_PREFIX) != expected:
                raise PushError(f"the switch failed, the live graphs are unchanged: {err}") from err
        now = self.counts(OWNED_PREFIX)
        if now != expected:
            raise PushError("after the switch the store's live graphs do not match the build")
        return gone

    def discard_staging(self) -> None:
        try:
            graphs = self.counts(self.staging(""))
            if graphs:
                self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in sorted(graphs)))
        except HttpError as err:
            self.say(f"could not drop the staging graphs: {err}")

    def push(self, graph_file: Path) -> PushResult:
        start = time.perf_counter()
        timings: dict[str, float] = {}
        with tempfile.TemporaryDirectory(prefix="kgraph-push-") as tmp:
            try:
                expected = self.load(Path(graph_file), Path(tmp))
                timings["load"] = time.perf_counter() - start
                self.verify_staging(expected)
                timings["verify"] = time.perf_counter() - start - timings["load"]
            except (HttpError, PushError, OSError) as err:
                self.discard_staging()
                raise PushError(f"push failed, the live graphs are unchanged: {err}") from err
        switching = time.perf_counter()
        try:
            gone = self.switch(expected)
        except HttpError as err:
            self.discard_staging()
            raise PushError(f"push failed: {err}") from err
        except PushError as err:
            if not isinstance(err.__cause__, HttpTimeout):
                self.discard_staging()
            raise
        timings["switch"] = time.perf_counter() - switching
        return PushResult(expected, self.method, time.perf_counter() - start, gone, timings)


def _form(**fields: str) -> bytes:
    """A form-encoded body: the protocol's one way every store takes (Virtuoso 7 ignores direct POSTs)."""
    return urllib.parse.urlencode(fields).encode("ascii")


def push(graph_file: Path, endpoints: Endpoints, **options) -> PushResult:
    """Push ``graph_file`` (N-Quads) to the store; see :class:`Pusher` for ``options``."""
    return Pusher(endpoints, **options).push(graph_file)


# ---------------------------------------------------------------------- command line
def add_arguments(parser):
    """The options of ``kgraph push``."""
    parser.add_argument(
        "--store",
        required=True,
        metavar="URL",
        help="base URL of the store (Oxigraph: http://host:7878; Virtuoso: http://host:8890)",
    )
    parser.add_argument(
        "--flavour",
        choices=["oxigraph", "virtuoso"],
        default="oxigraph",
        help="where the store's endpoints are under --store (default: oxigraph)",
    )
    parser.add_argument(
        "--graph-store",
        metavar="URL",
        help="Graph Store Protocol endpoint (default: the one --flavour gives under --store)",
    )
    parser.add_argument(
        "--update", metavar="URL", help="SPARQL Update endpoint (default: the one --flavour gives under --store)"
    )
    parser.add_argument(
        "--query", metavar="URL", help="SPARQL query endpoint (default: the one --flavour gives under --store)"
    )
    parser.add_argument(
        "--method",
        choices=["auto", "bulk", "gsp"],
        default="auto",
        help="bulk: one N-Quads load (Oxigraph); gsp: one Graph Store Protocol PUT per graph "
        "(default: bulk when the store has a bulk endpoint)",
    )
    parser.add_argument(
        "--user", help="user for HTTP Basic/Digest authentication (password: $KGRAPH_STORE_PASSWORD; default: none)"
    )
    parser.add_argument("--retries", type=int, default=4, help="retries on connection errors and 5xx (default 4)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for each request (default 600)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress lines on standard error")
    return parser


def run_cli(args) -> int:
    import os
    import sys

    from ..pipeline.build import BuildError, build

    base = Endpoints.virtuoso(args.store) if args.flavour == "virtuoso" else Endpoints.oxigraph(args.store)
    endpoints = Endpoints(
        args.graph_store or base.graph_store,
        args.update or base.update,
        args.query or base.query,
        None if args.graph_store else base.bulk,
    )
    say = (lambda text: None) if args.quiet else (lambda text: print(text, file=sys.stderr, flush=True))
    client = Client(
        retries=args.retries, timeout=args.timeout, user=args.user, password=os.environ.get("KGRAPH_STORE_PASSWORD")
    )
    try:
        built = build()
        result = Pusher(endpoints, client=client, progress=say, method=args.method).push(built.graph_file)
    except (BuildError, KgraphError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1 if isinstance(err, PushError) else 2
    print(
        f"{args.store}: {len(result.graphs)} graph(s), {result.triples} triples pushed ({result.method}) "
        f"in {result.seconds:.2f} s" + (f"; dropped {len(result.dropped)} old graph(s)" if result.dropped else "")
    )
    return 0
