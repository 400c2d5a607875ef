"""Build rules: SPARQL CONSTRUCT queries kept as ``queries/rules/*.rq``.

Rules derive what a reasoner cannot (ORG's roleProperty shortcuts, labels
composed from several resources). Each rule is run over the asserted data
plus ontology and its output added before inference.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .config import Layout


def rule_files(layout: Layout | None = None) -> list[Path]:
    return sorted((layout or Layout()).rules.glob("*.rq"))


def apply_rules(graph: Graph, layout: Layout | None = None) -> Graph:
    """Run every rule over ``graph``; return the new triples only."""
    from .engine import construct  # local: the engine imports heavier modules

    derived = Graph()
    for path in rule_files(layout):
        for triple in construct(graph, path.read_text(encoding="utf-8")):
            if triple not in graph:
                derived.add(triple)
    return derived
