"""Embedded engine vs an external store (``oxigraph serve``) at 10k, 100k and 1M synthetic triples.

    python3 -m pip install -e '.[store]'
    python3 bench/store_bench.py [--sizes 10000 100000 1000000] [--runs 5]

For each size, synthetic data (:func:`kgraph.synth.generate`, one named graph
per file) is served by the kgraph app twice, in this process on loopback:

* embedded: ``create_app(GraphStore)`` — load time is the bulk load into the
  app's store plus the start of its query workers (each holds the graph);
* external: ``kgraph push`` into a fresh ``oxigraph serve --location`` (bulk
  N-Quads load into staging graphs, count check, one MOVE update), then
  ``create_app(RemoteStore)`` — load time is the push.

Latency is the median of ``--runs`` HTTP requests to the kgraph app per query;
memory is the resident set (VmRSS) of the processes holding the graph: the
app's query workers (embedded) or the Oxigraph server (external); the kgraph
app process itself is the same in both and is not counted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "lookup": "SELECT ?p ?o WHERE { ?s a kp:Person ; ?p ?o } LIMIT 50",
    "join": "SELECT ?name ?org WHERE { ?m org:member/foaf:name ?name ; org:organization/skos:prefLabel ?org } "
    "LIMIT 1000",
    "group": "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY DESC(?n)",
}


def rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def synthetic_nquads(triples: int, folder: Path) -> Path:
    from kgraph.remote.push import OWNED_PREFIX
    from kgraph.synth import generate

    count, files = generate(triples, folder / "ttl", seed=7)
    out = folder / "graph.nq"
    with out.open("wb") as stream:
        for path in files:
            graph = ox.NamedNode(f"{OWNED_PREFIX}synth/{path.name}")
            quads = (
                ox.Quad(t.subject, t.predicate, t.object, graph)
                for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            )
            ox.serialize(quads, stream, format=ox.RdfFormat.N_QUADS)
    return out


def latency(url: str, runs: int) -> dict[str, float]:
    out = {}
    session = requests.Session()
    for name, query in QUERIES.items():
        times = []
        for _ in range(runs + 1):  # the first run warms up
            start = time.perf_counter()
            r = session.get(
                url + "/sparql",
                params={"query": query},
                timeout=600,
                headers={"Accept": "application/sparql-results+json"},
            )
            r.raise_for_status()
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times[1:]) * 1000
    return out


def embedded(graph_file: Path, runs: int) -> dict:
    from endpoint_fixtures import serving

    from kgraph.query.store import GraphStore
    from server import create_app

    start = time.perf_counter()
    store = GraphStore.from_file(graph_file)
    app = create_app(store, timeout=600, workers=2, max_rows=None, warm=True)
    loaded = time.perf_counter() - start
    with serving(app) as url:
        result = {"load_s": loaded, **latency(url, runs)}
        result["rss_mb"] = rss_mb(app.extensions["kgraph_executor"].pool.pids)
    return result


def external(graph_file: Path, runs: int, folder: Path) -> dict:
    from endpoint_fixtures import serving
    from store_fixtures import OxigraphServer

    from kgraph.remote.http_client import Client
    from kgraph.remote.push import Endpoints, push
    from kgraph.remote.remote import RemoteStore
    from server import create_app

    server = OxigraphServer(folder / "oxigraph-db", timeout_s=600)
    try:
        pushed = push(graph_file, Endpoints.oxigraph(server.base), client=Client(timeout=3600))
        app = create_app(RemoteStore(server.query_url, timeout=600), timeout=600, max_rows=None)
        with serving(app) as url:
            result = {"load_s": pushed.seconds, "switch_s": pushed.timings["switch"], **latency(url, runs)}
        result["rss_mb"] = rss_mb([server.process.pid])
        result["disk_mb"] = sum(p.stat().st_size for p in (folder / "oxigraph-db").rglob("*") if p.is_file()) / 1e6
    finally:
        server.stop()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if shutil.which("oxigraph") is None:
        print("the `oxigraph` binary is missing: pip install -e '.[store]'", file=sys.stderr)
        return 2
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="kgraph-store-bench-") as tmp:
            folder = Path(tmp)
            graph_file = synthetic_nquads(size, folder)
            triples = sum(1 for _ in open(graph_file, "rb"))
            print(f"{triples} triples: embedded …", file=sys.stderr, flush=True)
            rows.append((triples, "embedded", embedded(graph_file, args.runs)))
            print(f"{triples} triples: external …", file=sys.stderr, flush=True)
            rows.append((triples, "external", external(graph_file, args.runs, folder)))
            subprocess.run(["sync"], check=False)
    head = ["triples", "engine", "load s", "of which switch s", *(f"{q} ms" for q in QUERIES), "RSS MB"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for triples, engine, r in rows:
        switch = f"{r['switch_s']:.2f}" if "switch_s" in r else "–"
        cells = [
            f"{triples:,}",
            engine,
            f"{r['load_s']:.2f}",
            switch,
            *(f"{r[q]:.1f}" for q in QUERIES),
            f"{r['rss_mb']:.0f}",
        ]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
