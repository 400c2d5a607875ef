"""Build rules: SPARQL CONSTRUCT queries kept as ``queries/rules/*.rq``.

Rules derive what a reasoner cannot (ORG's roleProperty shortcuts, labels
composed from several resources). Each rule is run over the asserted data
plus ontology and its output added before inference.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..config import Layout
from ..errors import QueryError
from ..namespaces import rebase_query


def rule_files(layout: Layout | None = None) -> list[Path]:
    return sorted((layout or Layout()).rules.glob("*.rq"))


def derive(store: ox.Store, graphs: list, layout: Layout | None = None) -> set[tuple]:
    """Run every rule over the union of ``graphs``; return the triples (pyoxigraph terms) not already there."""
    from ..io.fastload import union_of

    derived = set()
    scope = union_of(store, graphs)
    for path in rule_files(layout):
        try:
            result = store.query(rebase_query(path.read_text(encoding="utf-8")), **scope)
        except SyntaxError as err:
            raise QueryError(f"{path}: {err}") from err
        derived.update((t.subject, t.predicate, t.object) for t in result)
    return {t for t in derived if not _holds(store, t, graphs)}


def _holds(store: ox.Store, triple: tuple, graphs: list) -> bool:
    return any(quad.graph_name in graphs for quad in store.quads_for_pattern(*triple))
