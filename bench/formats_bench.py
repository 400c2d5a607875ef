"""The cost of writing a large CONSTRUCT for people: Turtle with prefixes and compact JSON-LD.

A synthetic graph (:func:`kgraph.synth.generate`, default 100k triples) plus the ontology is loaded into
pyoxigraph; ``CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }`` is answered as the query worker answers it
(:func:`kgraph.query.worker.write_result`, under the endpoint's row cap) once as pyoxigraph writes graphs
(no style: the reference, what the endpoint did before) and once with the project's style (Turtle with the
prefixes it uses, JSON-LD compacted against the project's context). The graph as SPARQL XML results (one
solution per triple, for roqet) is measured against ``SELECT ?s ?p ?o`` written by pyoxigraph's SPARQL XML
writer, the same rows as a SELECT answers them. Prints the best of ``--repeat`` runs of each and the ratio
after / before.

    python3 bench/formats_bench.py [--triples 100000] [--row-cap 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraph.query import jsonld_context, worker  # noqa: E402
from kgraph.query.results import graph_style  # noqa: E402
from kgraph.synth import generate  # noqa: E402

QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def load(triples: int) -> ox.Store:
    store = ox.Store()
    with tempfile.TemporaryDirectory() as folder:
        _count, files = generate(triples, Path(folder))
        for path in files:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    store.load(path=str(ROOT / "ontology" / "kp.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def best(
    store: ox.Store, fmt: str, row_cap: int, style: dict | None, repeat: int, query: str = QUERY
) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        job = {"graph": fmt, "tabular": fmt, "row_cap": row_cap}
        answer = worker.write_result(store.query(query), job, style)
        times.append(time.perf_counter() - start)
        size = len(answer["body"])
    return min(times), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--row-cap", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = load(args.triples)
    style = graph_style()
    print(f"{len(store)} triples; context of {len(style['context'])} entries at {jsonld_context.context_iri()}")
    print(f"{'format':8} {'before (s)':>10} {'after (s)':>10} {'ratio':>6} {'bytes before':>13} {'bytes after':>12}")
    for fmt in ("turtle", "jsonld"):
        before, size_before = best(store, fmt, args.row_cap, None, args.repeat)
        after, size_after = best(store, fmt, args.row_cap, style, args.repeat)
        print(f"{fmt:8} {before:10.3f} {after:10.3f} {after / before:6.2f} {size_before:13} {size_after:12}")
    before, size_before = best(store, "xml", args.row_cap, None, args.repeat, ROWS)
    after, size_after = best(store, worker.TRIPLES_AS_SOLUTIONS, args.row_cap, style, args.repeat)
    print(f"{'srx':8} {before:10.3f} {after:10.3f} {after / before:6.2f} {size_before:13} {size_after:12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
