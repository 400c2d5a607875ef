"""SHACL-SHACL meta-check of the project's shapes: pySHACL against pyshacl-turbo, in one process.

    python bench/shacl_meta_bench.py [--rounds 3]

Both check the shapes graph against SHACL-SHACL exactly as ``kgraph validate`` asks pySHACL to
(``meta_validate``, rdfs inference, advanced features), in turns, ``--rounds`` times each; the
script prints every time, the medians and their ratio, and whether the two give the same findings:
on the shapes as they are and on copies with broken shapes (a non-integer ``sh:minCount``, two
``sh:path`` values, a literal ``sh:class``, a property shape without ``sh:path``), compared as sets
of (focus, path, value, severity, constraint component). It exits 1 when the findings differ.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kgraph.validation.validate import finding_keys as findings  # noqa: E402
from kgraph.validation.validate import load_shapes  # noqa: E402

EX = "http://example.org/broken#"
BROKEN = {
    "minCount-not-an-integer": [
        (URIRef(EX + "S"), RDF.type, SH.NodeShape),
        (URIRef(EX + "S"), SH.targetClass, URIRef(EX + "C")),
        (URIRef(EX + "S"), SH.property, BNode("p1")),
        (BNode("p1"), SH.path, URIRef(EX + "p")),
        (BNode("p1"), SH.minCount, Literal("one")),
    ],
    "two-paths": [
        (URIRef(EX + "S"), RDF.type, SH.NodeShape),
        (URIRef(EX + "S"), SH.property, BNode("p2")),
        (BNode("p2"), SH.path, URIRef(EX + "p")),
        (BNode("p2"), SH.path, URIRef(EX + "q")),
    ],
    "literal-class": [(URIRef(EX + "S"), RDF.type, SH.NodeShape), (URIRef(EX + "S"), SH["class"], Literal("C"))],
    "property-shape-without-path": [
        (URIRef(EX + "P"), RDF.type, SH.PropertyShape),
        (URIRef(EX + "P"), SH.minCount, Literal(1)),
    ],
}


def engines():
    import pyshacl_turbo
    from pyshacl.entrypoints import meta_validate

    return {
        "pyshacl": lambda g: meta_validate(g, advanced=True),
        "pyshacl-turbo": lambda g: pyshacl_turbo.meta_validate(g, advanced=True),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import pyshacl
    import pyshacl_turbo

    print(f"pyshacl {pyshacl.__version__}, pyshacl-turbo {pyshacl_turbo.__version__}")
    shapes = load_shapes()
    print(f"shapes: {len(shapes)} triples")
    runs = engines()
    times: dict[str, list[float]] = {name: [] for name in runs}
    same = True
    for round_ in range(args.rounds):
        for name, meta in runs.items():
            start = time.perf_counter()
            conforms, report, _text = meta(shapes)
            times[name].append(time.perf_counter() - start)
            print(
                f"round {round_ + 1} {name:14} {times[name][-1]:7.3f} s  conforms={conforms} "
                f"results={len(findings(report))}"
            )
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(
        f"median pyshacl {medians['pyshacl']:.3f} s, pyshacl-turbo {medians['pyshacl-turbo']:.3f} s, "
        f"ratio {medians['pyshacl'] / medians['pyshacl-turbo']:.1f}x"
    )
    for case, triples in {"as they are": [], **BROKEN}.items():
        graph = Graph()
        for triple in shapes:
            graph.add(triple)
        for triple in triples:
            graph.add(triple)
        found = {}
        for name, meta in runs.items():
            conforms, report, _text = meta(graph)
            found[name] = (conforms, findings(report))
        agree = found["pyshacl"] == found["pyshacl-turbo"]
        same &= agree
        print(
            f"{case:28} pyshacl conforms={found['pyshacl'][0]} {len(found['pyshacl'][1])} finding(s); "
            f"turbo conforms={found['pyshacl-turbo'][0]} {len(found['pyshacl-turbo'][1])}; "
            f"{'same' if agree else 'DIFFERENT'}"
        )
        if not agree:
            print("  only pyshacl:", sorted(map(str, found["pyshacl"][1] - found["pyshacl-turbo"][1])))
            print("  only turbo:  ", sorted(map(str, found["pyshacl-turbo"][1] - found["pyshacl"][1])))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
