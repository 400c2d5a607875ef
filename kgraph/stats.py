"""Counts that tell what the graph holds: per class, per source document, per file."""
from __future__ import annotations

from .config import CANONICAL_BASE
from .store import GraphStore

CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {{
  GRAPH ?g {{ ?s a ?class }}
  FILTER(STRSTARTS(STR(?g), "{CANONICAL_BASE}graph/data/"))
}} GROUP BY ?class ORDER BY DESC(?count) ?class
"""

SOURCE_COUNTS = """
SELECT ?source ?url (COUNT(DISTINCT ?s) AS ?count) WHERE {
  ?s dcterms:source ?source .
  OPTIONAL { ?source schema:url ?url }
} GROUP BY ?source ?url ORDER BY DESC(?count) ?source
"""

GRAPH_COUNTS = """
SELECT ?graph (COUNT(*) AS ?count) WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph ORDER BY ?graph
"""


def _rows(store: GraphStore, query: str) -> list[tuple]:
    result = store.query(query)
    names = [v.value for v in result.variables]
    return [tuple(None if sol[n] is None else sol[n].value for n in names) for sol in result]


def compute(store: GraphStore) -> dict:
    """The statistics as plain data (for JSON output and for tests)."""
    return {
        "classes": {c: int(n) for c, n in _rows(store, CLASS_COUNTS)},
        "sources": {s: {"url": u, "resources": int(n)} for s, u, n in _rows(store, SOURCE_COUNTS)},
        "graphs": {g: int(n) for g, n in _rows(store, GRAPH_COUNTS)},
        "triples": len(store),
    }


def render(stats: dict) -> str:
    def short(iri: str) -> str:
        for prefix, ns in (("kp:", CANONICAL_BASE + "ontology#"), ("", CANONICAL_BASE)):
            if iri.startswith(ns):
                return prefix + iri[len(ns):]
        return iri

    lines = [f"{stats['triples']} triples in {len(stats['graphs'])} graphs", "", "Instances per class (asserted):"]
    lines += [f"  {n:6d}  {short(c)}" for c, n in stats["classes"].items()]
    lines += ["", "Resources per source document:"]
    lines += [f"  {v['resources']:6d}  {short(s)}  {v['url'] or ''}".rstrip() for s, v in stats["sources"].items()]
    lines += ["", "Triples per graph:"]
    lines += [f"  {n:6d}  {short(g)}" for g, n in stats["graphs"].items()]
    return "\n".join(lines)
