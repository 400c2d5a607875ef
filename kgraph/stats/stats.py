"""Counts that tell what the graph holds: per class, per source document, per confidence, per file; and
which records of the facts pack are not in the graph yet, with the reason (kgraph.stats.coverage), and which of
its leads no source document cites (kgraph.stats.leads)."""

from __future__ import annotations

from pathlib import Path

from . import coverage as cov
from . import leads
from ..namespaces import CANONICAL_BASE, GRAPHS, base_iri, kp, rebase_query
from ..query.store import GraphStore

CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {{
  GRAPH ?g {{ ?s a ?class }}
  FILTER(STRSTARTS(STR(?g), "{GRAPHS}data/"))
}} GROUP BY ?class ORDER BY DESC(?count) ?class
"""

SOURCE_COUNTS = """
SELECT ?source ?url (COUNT(DISTINCT ?s) AS ?count) WHERE {
  ?s dcterms:source ?source .
  OPTIONAL { ?source schema:url ?url }
} GROUP BY ?source ?url ORDER BY DESC(?count) ?source
"""

# kp:confidence absent means stated in source (ontology/kp.ttl); resources with a source and no level count there.
CONFIDENCE_COUNTS = """
PREFIX kp: <https://w3id.org/kaupunkipolitiikka/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?level (COUNT(DISTINCT ?s) AS ?count) WHERE {
  { ?s kp:confidence ?level }
  UNION
  { ?s dcterms:source ?any . FILTER NOT EXISTS { ?s kp:confidence ?c }
    BIND(<https://w3id.org/kaupunkipolitiikka/id/confidence/stated-in-source> AS ?level) }
} GROUP BY ?level ORDER BY DESC(?count)
"""

GRAPH_COUNTS = """
SELECT ?graph (COUNT(*) AS ?count) WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph ORDER BY ?graph
"""


def _rows(store: GraphStore, query: str) -> list[tuple]:
    result = store.query(rebase_query(query))
    names = [v.value for v in result.variables]
    return [tuple(None if sol[n] is None else sol[n].value for n in names) for sol in result]


def compute(store: GraphStore, facts_dir: Path | None = None, coverage: bool = True) -> dict:
    """The statistics as plain data (for JSON output and for tests); ``facts_dir`` is the facts pack
    (default: ROOT/../shared/facts), compared with the graph's kp:factsRecord values."""
    data = {
        "classes": {c: int(n) for c, n in _rows(store, CLASS_COUNTS)},
        "sources": {s: {"url": u, "resources": int(n)} for s, u, n in _rows(store, SOURCE_COUNTS)},
        "confidence": {c: int(n) for c, n in _rows(store, CONFIDENCE_COUNTS)},
        "graphs": {g: int(n) for g, n in _rows(store, GRAPH_COUNTS)},
        "triples": len(store),
    }
    if coverage:
        data["coverage"] = cov.compute(store, facts_dir)
        data["leads"] = leads.compute(store, facts_dir)
    return data


def render(stats: dict) -> str:
    def short(iri: str) -> str:
        for prefix, ns in (("kp:", str(kp())), ("", base_iri()), ("", CANONICAL_BASE)):  # graph names: canonical
            if iri.startswith(ns):
                return prefix + iri[len(ns) :]
        return iri

    lines = [f"{stats['triples']} triples in {len(stats['graphs'])} graphs", "", "Instances per class (asserted):"]
    lines += [f"  {n:6d}  {short(c)}" for c, n in stats["classes"].items()]
    lines += ["", "Resources per source document:"]
    lines += [f"  {v['resources']:6d}  {short(s)}  {v['url'] or ''}".rstrip() for s, v in stats["sources"].items()]
    lines += ["", "Resources per confidence (no kp:confidence counts as stated in source):"]
    lines += [f"  {n:6d}  {short(c)}" for c, n in stats.get("confidence", {}).items()]
    lines += ["", "Triples per graph:"]
    lines += [f"  {n:6d}  {short(g)}" for g, n in stats["graphs"].items()]
    if "coverage" in stats:
        lines += ["", cov.render(stats["coverage"])]
    if "leads" in stats:
        lines += ["", leads.render(stats["leads"])]
    return "\n".join(lines)
