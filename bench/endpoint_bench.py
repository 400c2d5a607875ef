"""Endpoint benchmark: this endpoint vs ``oxigraph serve`` vs rdflib-endpoint, over HTTP, in one run.

    python3 -m pip install -e '.[bench]'
    python3 bench/endpoint_bench.py [--triples 100000] [--requests 300] [--skip-rdflib]

Each server runs in its own process on loopback with the same data (the real
graph from ``build/graph.nq``, and a synthetic graph from
:func:`kgraph.synth.generate`), the default graph being the union of the
named graphs. The same query mix is sent by 1 and by 8 concurrent clients
(keep-alive HTTP/1.1 connections, one per client; Oxigraph in memory like this
endpoint, loaded through its store protocol), in short runs that take turns
between the servers so that the machine's changing load is shared; the bench prints median
and p95 latency, throughput, and the ratios the targets are stated in. The
cold start of ``kgraph serve`` (process start to first answer) is measured
on the real graph. Row counts are compared across servers so that a fast
wrong answer does not count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIXES = """PREFIX kp: <https://w3id.org/kaupunkipolitiikka/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
"""
#: The query mix: name -> query; ``{term}`` is replaced by a body term of the graph.
MIX = {
    "lookup": "SELECT ?p ?o WHERE { <{term}> ?p ?o }",
    "members": "SELECT ?name ?role WHERE { ?m a kp:Mandate ; org:organization <{term}> ; "
    "org:member/foaf:name ?name ; org:role ?role } ORDER BY ?name",
    "class-counts": "SELECT ?class (COUNT(*) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    "name-search": 'SELECT ?p ?name WHERE { ?p a kp:Person ; foaf:name ?name FILTER(CONTAINS(?name, "Anna")) } '
    "ORDER BY ?name LIMIT 100",
    "ask": "ASK { ?p a kp:Person }",
    "construct": "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p a kp:Person ; foaf:name ?n } LIMIT 100",
    "recent-mandates": 'SELECT ?m ?d WHERE { ?m a kp:Mandate ; schema:startDate ?d FILTER(STR(?d) >= "2015") } '
    "ORDER BY DESC(STR(?d)) ?m LIMIT 100",
    "publications": "SELECT ?title ?author WHERE { ?doc a kp:Publication ; dcterms:title ?title ; "
    "dcterms:creator/foaf:name ?author } ORDER BY ?title ?author LIMIT 100",
}
JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- servers
class Server:
    def __init__(self, name: str, command: list[str], port: int, env: dict | None = None, path: str = "/sparql"):
        self.name, self.port, self.path = name, port, path
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
        )
        self.ready_after = wait_ready(port, self.process, self.started, path)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_ready(port: int, process: subprocess.Popen, started: float, path: str, limit: float = 300.0) -> float:
    """Seconds from ``started`` until the server answers ``ASK {}``."""
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited: {process.stderr.read().decode()[-2000:]}")
        try:
            status, _ = request(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "ASK {}", JSON, path)
            if status == 200:
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"server on port {port} did not start")


def start_ours(graph_file: Path, workers: int | None, threads: int | None = None) -> Server:
    port = free_port()
    command = [sys.executable, __file__, "--serve-ours", str(graph_file), "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    return Server("kgraph", command, port)


def start_oxigraph(graph_file: Path) -> Server:
    """``oxigraph serve`` in memory (like this endpoint), loaded over its Graph Store protocol."""
    port = free_port()
    binary = shutil.which("oxigraph") or "oxigraph"
    server = Server(
        "oxigraph", [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"], port, path="/query"
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("POST", "/store", body=graph_file.read_bytes(), headers={"Content-Type": "application/n-quads"})
    response = conn.getresponse()
    response.read()
    if response.status not in (200, 201, 204):
        server.stop()
        raise RuntimeError(f"loading {graph_file} into oxigraph failed: HTTP {response.status}")
    return server


def start_rdflib(graph_file: Path) -> Server:
    port = free_port()
    return Server(
        "rdflib-endpoint",
        [sys.executable, __file__, "--serve-rdflib", str(graph_file), "--port", str(port)],
        port,
        path="/",
    )


def serve_ours(graph_file: str, port: int, workers: int | None, threads: int | None) -> None:
    """The endpoint as ``kgraph serve`` runs it (:func:`server.serving.run`), on ``graph_file``."""
    from kgraph.query.store import GraphStore
    from server.serving import run

    run(
        GraphStore.from_file(Path(graph_file), {"built": "bench"}),
        port=port,
        workers=workers,
        **({"threads": threads} if threads else {}),
    )


def serve_rdflib(graph_file: str, port: int) -> None:
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    dataset = Dataset(default_union=True)
    dataset.parse(graph_file, format="nquads")
    app = SparqlEndpoint(graph=dataset, public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


# ---------------------------------------------------------------- clients
def request(conn: http.client.HTTPConnection, query: str, accept: str, path: str) -> tuple[int, bytes]:
    body = urlencode({"query": query})
    conn.request(
        "POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    )
    response = conn.getresponse()
    return response.status, response.read()


def result_size(body: bytes, accept: str) -> int:
    if accept == NTRIPLES:
        return body.count(b"\n")
    data = json.loads(body)
    return 1 if "boolean" in data else len(data["results"]["bindings"])


def run_load(server: Server, queries: list[tuple[str, str]], clients: int, total: int) -> dict:
    """Send ``total`` queries from ``clients`` threads; latencies in seconds, and the wall time."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))
    path = server.path

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
        mine = []
        for i in counter:
            query, accept = queries[i % len(queries)]
            start = time.perf_counter()
            try:
                status, _ = request(conn, query, accept, path)
            except (OSError, http.client.HTTPException) as err:
                errors.append(str(err))
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
                continue
            mine.append(time.perf_counter() - start)
            if status != 200:
                errors.append(f"HTTP {status}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "wall": time.perf_counter() - start, "errors": len(errors)}


def summarise(runs: list[dict]) -> dict:
    """Median and p95 latency (ms) and throughput (queries/s) over several runs."""
    latencies = sorted(x * 1000 for run in runs for x in run["latencies"])
    wall = sum(run["wall"] for run in runs)
    return {
        "median": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "throughput": len(latencies) / wall if wall else float("nan"),
        "errors": sum(run["errors"] for run in runs),
        "n": len(latencies),
    }


def check_answers(servers: list[Server], queries: dict[str, tuple[str, str]]) -> list[str]:
    """Queries whose result size differs between servers."""
    problems = []
    for name, (query, accept) in queries.items():
        sizes = {}
        for server in servers:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
            status, body = request(conn, query, accept, server.path)
            sizes[server.name] = result_size(body, accept) if status == 200 else f"HTTP {status}"
        if len(set(map(str, sizes.values()))) > 1:
            problems.append(f"{name}: {sizes}")
    return problems


# ---------------------------------------------------------------- data
def real_graph() -> Path:
    from kgraph.pipeline.build import open_store

    return open_store().source_file


def synthetic_graph(triples: int, scratch: Path) -> Path:
    import pyoxigraph as ox

    from kgraph.synth import generate

    folder = scratch / f"synth-{triples}"
    _count, files = generate(triples, folder, seed=1)
    store = ox.Store()
    for path in files:
        store.bulk_load(
            path=str(path),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(f"https://w3id.org/kaupunkipolitiikka/graph/synth/{path.name}"),
        )
    out = scratch / f"synth-{triples}.nq"
    store.dump(str(out), format=ox.RdfFormat.N_QUADS)
    return out


def query_mix(graph_file: Path) -> dict[str, tuple[str, str]]:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_QUADS)
    rows = list(
        store.query(
            PREFIXES + "SELECT ?t (COUNT(?m) AS ?n) WHERE { ?t a kp:BodyTerm . "
            "?m a kp:Mandate ; org:organization ?t } GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT 1",
            use_default_graph_as_union=True,
        )
    )
    term = rows[0]["t"].value
    return {
        name: (PREFIXES + text.replace("{term}", term), NTRIPLES if name == "construct" else JSON)
        for name, text in MIX.items()
    }


# ---------------------------------------------------------------- report
def bench_graph(label: str, graph_file: Path, args) -> dict:
    mix = query_mix(graph_file)
    queries = list(mix.values())
    servers = [start_ours(graph_file, args.workers, args.threads), start_oxigraph(graph_file)]
    if not args.skip_rdflib:
        servers.append(start_rdflib(graph_file))
    results: dict = {"label": label, "servers": {}}
    try:
        results["mismatches"] = check_answers(servers, mix)
        runs: dict = {(server.name, clients): [] for server in servers for clients in (1, 8)}
        for clients in (1, 8):
            for server in servers:
                run_load(server, queries, clients, len(queries) * 2)  # warm-up
            # Short runs taken in turn, so that a change in the machine's load falls on every server alike.
            for round_ in range(args.rounds):
                for server in servers if round_ % 2 == 0 else servers[::-1]:
                    slow = server.name == "rdflib-endpoint"
                    total = max(len(queries) * clients, args.requests // (10 if slow else 1)) // args.rounds
                    runs[server.name, clients].append(run_load(server, queries, clients, max(total, clients)))
        for (name, clients), taken in runs.items():
            results["servers"].setdefault(name, {})[clients] = summarise(taken)
    finally:
        for server in servers:
            server.stop()
    return results


def print_report(results: dict) -> None:
    print(f"\n== {results['label']}")
    print(f"{'server':16} {'clients':>7} {'median ms':>10} {'p95 ms':>9} {'queries/s':>10} {'errors':>7}")
    for name, per in results["servers"].items():
        for clients, r in per.items():
            print(
                f"{name:16} {clients:7d} {r['median']:10.2f} {r['p95']:9.2f} {r['throughput']:10.1f} {r['errors']:7d}"
            )
    ours, oxi = results["servers"]["kgraph"], results["servers"]["oxigraph"]
    print(
        f"median latency kgraph/oxigraph: 1 client {ours[1]['median'] / oxi[1]['median']:.2f}x, "
        f"8 clients {ours[8]['median'] / oxi[8]['median']:.2f}x   (target <= 1.3x)"
    )
    print(
        f"throughput kgraph/oxigraph at 8 clients: {ours[8]['throughput'] / oxi[8]['throughput']:.2f}x"
        "   (target >= 0.8x)"
    )
    if "rdflib-endpoint" in results["servers"]:
        rdf = results["servers"]["rdflib-endpoint"]
        print(
            f"median latency rdflib-endpoint/kgraph: 1 client {rdf[1]['median'] / ours[1]['median']:.1f}x, "
            f"8 clients {rdf[8]['median'] / ours[8]['median']:.1f}x   (target >= 10x at 100k)"
        )
    if results["mismatches"]:
        print("result sizes differ: " + "; ".join(results["mismatches"]))
    else:
        print("result sizes agree across servers")


def cold_start(graph_file: Path, use_cli: bool) -> float:
    """Seconds from starting the server process on a built graph to its first answer.

    ``use_cli``: run ``python -m kgraph serve`` on the repository's up-to-date build (it checks the
    build's fingerprint first); otherwise serve ``graph_file`` the same way without that check.
    """
    port = free_port()
    if use_cli:
        command = [sys.executable, "-m", "kgraph", "serve", "--port", str(port)]
        server = Server("kgraph serve", command, port, {"KGRAPH_BUILD_DIR": str(graph_file.parent)})
    else:
        server = start_ours(graph_file, None)
    server.stop()
    return server.ready_after


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=100_000, help="size of the synthetic graph (default 100000)")
    p.add_argument("--requests", type=int, default=800, help="queries per measurement (rdflib-endpoint: a tenth)")
    p.add_argument("--rounds", type=int, default=8, help="turns the measurement is split into, servers alternating")
    p.add_argument("--workers", type=int, default=None, help="serving processes of this endpoint")
    p.add_argument("--threads", type=int, default=None, help="request threads per serving process")
    p.add_argument("--only", choices=("real", "synthetic"), help="bench one graph only (and skip the cold start)")
    p.add_argument("--skip-rdflib", action="store_true", help="leave rdflib-endpoint out")
    p.add_argument("--json", type=Path, help="also write the numbers to this file")
    p.add_argument("--graph", type=Path, help="an N-Quads file to use as the real graph (default: build it)")
    p.add_argument("--serve-ours", help=argparse.SUPPRESS)
    p.add_argument("--serve-rdflib", help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve_ours:
        serve_ours(args.serve_ours, args.port, args.workers, args.threads)
        return 0
    if args.serve_rdflib:
        serve_rdflib(args.serve_rdflib, args.port)
        return 0
    print(f"CPUs: {os.cpu_count()}; Python {sys.version.split()[0]}")
    real = args.graph or real_graph()
    everything: dict = {}
    if not args.only:
        starts = sorted(cold_start(real, use_cli=args.graph is None) for _ in range(3))
        what = "`kgraph serve`" if args.graph is None else f"the endpoint on {real.name}"
        print(
            f"cold start of {what} from a built graph (process start to first answer), best of 3: "
            f"{starts[0]:.2f} s (median {starts[1]:.2f} s; target <= 1 s)"
        )
        everything["cold_start_s"] = starts
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        scratch = Path(tmp)
        graphs = []
        if args.only in (None, "real"):
            graphs.append(("real graph", lambda: real))
        if args.only in (None, "synthetic"):
            graphs.append((f"synthetic graph ({args.triples} triples)", lambda: synthetic_graph(args.triples, scratch)))
        for label, make in graphs:
            graph_file = make()
            results = bench_graph(label, graph_file, args)
            print_report(results)
            everything[label] = results
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
