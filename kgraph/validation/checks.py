"""Quality checks that SHACL expresses poorly: ``queries/checks/*-violation.rq``.

Each check is a SPARQL SELECT whose every row is a problem, so a clean graph
returns no rows. A row binds ``?this`` (the resource at fault) and may bind
``?path`` and ``?value`` (the offending statement); other variables can be
named in the message. The header comments of the file say what it checks::

    # Check: no person without a mandate or an authorship
    # Severity: Warning            (Violation unless said)
    # Scope: asserted              (asserted = data + ontology; default: also the inferred triples)
    # Message: {?this} holds no mandate and authors nothing.

The query may use ``?base``, bound to the base IRI minted resources live
under (``KGRAPH_BASE_IRI``), as a string. Results are reported like SHACL
results (``sh:SPARQLConstraintComponent``, the check's IRI as source shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ..config import Layout
from ..query.engine import from_ox
from ..io.fastload import union_of
from ..errors import KgraphError, QueryError
from ..namespaces import SH, base_iri, checks as checks_namespace, rebase_query
from ..query.engine import sparql_string
from .shacl import Finding, insert_pattern, substitute

_HEADER = re.compile(r"^#\s*(Check|Severity|Scope|Message)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
SEVERITY_IRIS = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


@dataclass(frozen=True)
class QualityCheck:
    """One ``*-violation.rq`` file."""

    path: Path
    title: str
    query: str
    severity: str = "Violation"
    scope: str = "inferred"
    message: str = ""

    @property
    def iri(self) -> URIRef:
        return URIRef(checks_namespace() + self.path.name.removesuffix(".rq").removesuffix("-violation"))

    @classmethod
    def read(cls, path: Path) -> "QualityCheck":
        text = path.read_text(encoding="utf-8")
        header = {key.lower(): value for key, value in _HEADER.findall(text)}
        severity = header.get("severity", "Violation").capitalize()
        if severity not in SEVERITY_IRIS:
            raise KgraphError(f"{path}: unknown severity {severity!r}")
        scope = header.get("scope", "inferred").lower()
        if scope not in ("asserted", "inferred"):
            raise KgraphError(f"{path}: scope must be 'asserted' or 'inferred', not {scope!r}")
        title = header.get("check", path.stem)
        return cls(path, title, text, severity, scope, header.get("message", title))


def check_files(layout: Layout | None = None) -> list[Path]:
    return sorted((layout or Layout()).checks.glob("*-violation.rq"))


def load_checks(layout: Layout | None = None) -> list[QualityCheck]:
    return [QualityCheck.read(p) for p in check_files(layout)]


def run_check(check: QualityCheck, store: ox.Store, graphs: list) -> list[Finding]:
    """The problems ``check`` finds in the union of ``graphs``, as SHACL-like findings."""
    try:
        query = insert_pattern(rebase_query(check.query), f"VALUES ?base {{ {sparql_string(base_iri())} }}")
        result = store.query(query, **union_of(store, graphs))
    except (SyntaxError, ValueError) as err:
        raise QueryError(f"{check.path}: {err}") from err
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"{check.path}: a check must be a SELECT query")
    names = [v.value for v in result.variables]
    if "this" not in names:
        raise QueryError(f"{check.path}: a check must select ?this")
    findings, seen = [], set()
    for row in result:
        bound = {n: from_ox(row[n]) for n in names if row[n] is not None}
        if "this" not in bound:
            continue
        key = tuple(sorted(bound.items()))
        if key in seen:
            continue
        seen.add(key)
        findings.append(
            Finding(
                severity=SEVERITY_IRIS[check.severity],
                focus=bound["this"],
                path=bound.get("path"),
                value=bound.get("value"),
                source_shape=check.iri,
                component=SH.SPARQLConstraintComponent,
                messages=(Literal(substitute(check.message, bound), lang="en"),),
            )
        )
    return findings


def run_checks(
    checks: list[QualityCheck], store: ox.Store, *, asserted: list, inferred: list, scope: str | None = None
) -> list[Finding]:
    """Run every check (of ``scope`` only, if given) on the asserted graphs, or on those plus the inferred
    ones, as each says."""
    findings = []
    for check in checks:
        if scope is not None and check.scope != scope:
            continue
        graphs = asserted if check.scope == "asserted" else asserted + inferred
        findings.extend(run_check(check, store, graphs))
    return findings


def check_data(data: Graph, layout: Layout | None = None) -> list[Finding]:
    """Run the repository's checks on ``data`` with the ontology, the rules and inference, as the build does."""
    from ..query.engine import to_ox
    from ..io.fastload import read_files
    from ..inference.infer import materialise
    from ..io.load import rdf_files
    from ..inference.rules import derive

    layout = layout or Layout()
    checks = load_checks(layout)
    if not checks:
        return []
    store = ox.Store()
    ontology = read_files(store, rdf_files([layout.ontology]), root=layout.root)
    graph, inferred = ox.NamedNode("urn:kgraph:data"), ox.NamedNode("urn:kgraph:inferred")
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in data)
    asserted = ontology + [graph]
    store.extend(ox.Quad(s, p, o, inferred) for s, p, o in derive(store, asserted, layout))
    materialise(store, inferred)
    return run_checks(checks, store, asserted=asserted, inferred=[inferred])
