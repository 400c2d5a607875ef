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


#: Where the rules' output waits while later rules run; removed before :func:`derive` returns.
_SCRATCH = ox.NamedNode("urn:kgraph:rules:scratch")


def derive(store: ox.Store, graphs: list, layout: Layout | None = None) -> set[tuple]:
    """Run every rule, in file-name order, over the union of ``graphs`` and the earlier rules' output.

    Returns the triples (pyoxigraph terms) derived that ``graphs`` do not hold. A later rule sees what an
    earlier one derived (``time-1-…`` derives a term's end, ``time-3-…`` a mandate's end from it), so rules
    are named in the order they depend on each other.
    """
    from ..io.fastload import union_of

    derived: set[tuple] = set()
    scope = union_of(store, [*graphs, _SCRATCH])
    try:
        for path in rule_files(layout):
            try:
                result = store.query(rebase_query(path.read_text(encoding="utf-8")), **scope)
            except SyntaxError as err:
                raise QueryError(f"{path}: {err}") from err
            if not isinstance(result, ox.QueryTriples):
                raise QueryError(f"{path}: a rule must be a CONSTRUCT query")
            new = {(t.subject, t.predicate, t.object) for t in result} - derived
            derived |= new
            store.extend(ox.Quad(s, p, o, _SCRATCH) for s, p, o in new)
    finally:
        store.remove_graph(_SCRATCH)
    return {t for t in derived if not _holds(store, t, graphs)}


def _holds(store: ox.Store, triple: tuple, graphs: list) -> bool:
    return any(quad.graph_name in graphs for quad in store.quads_for_pattern(*triple))
