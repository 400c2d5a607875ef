"""SHACL validation of data against the project's shapes and ontology."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .config import Layout
from .errors import KgraphError
from .load import load_graph, load_ontology, rdf_files
from .namespaces import RDF, SH

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Result:
    """One validation result, with the node shape it belongs to."""

    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    source_shape: Node
    constraint: Node | None
    message: str

    @property
    def is_violation(self) -> bool:
        return self.severity == "Violation"


@dataclass
class ValidationReport:
    """What validation found: the results and the standard SHACL report graph."""

    results: list[Result] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    @property
    def conforms(self) -> bool:
        """True when no result has Violation severity (warnings allowed)."""
        return not any(r.is_violation for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)


@lru_cache(maxsize=4)
def _shapes(root: Path) -> Graph:
    layout = Layout(root)
    return load_graph(rdf_files([layout.shapes]), root=root)


@lru_cache(maxsize=4)
def _ontology(root: Path) -> Graph:
    return load_ontology(Layout(root))


def load_shapes(layout: Layout | None = None) -> Graph:
    """The shapes graph of the repository (cached; do not modify it)."""
    return _shapes((layout or Layout()).root)


def node_shape_of(shapes: Graph, shape: Node) -> Node:
    """The node shape that declares ``shape`` (itself when it is a node shape)."""
    seen = {shape}
    current = shape
    while True:
        parents = list(shapes.subjects(SH.property, current))
        if not parents or parents[0] in seen:
            return current
        current = parents[0]
        seen.add(current)
        if isinstance(current, URIRef):
            return current


def _message(report: Graph, node: Node) -> str:
    messages = list(report.objects(node, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    return str((english or messages or [""])[0])


def results_from_report(report: Graph, shapes: Graph) -> list[Result]:
    """Read the results of a SHACL report graph."""
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        results.append(Result(
            severity=SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation"),
            focus=report.value(node, SH.focusNode),
            path=report.value(node, SH.resultPath),
            value=report.value(node, SH.value),
            source_shape=node_shape_of(shapes, shape) if shape is not None else BNode(),
            constraint=report.value(node, SH.sourceConstraintComponent),
            message=_message(report, node),
        ))
    return results


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None,
             layout: Layout | None = None, check_shapes: bool = False) -> ValidationReport:
    """Validate ``data`` (asserted triples) against the shapes, with the ontology mixed in.

    ``check_shapes`` first validates the shapes themselves against SHACL-SHACL.
    """
    root = (layout or Layout()).root
    shapes = shapes if shapes is not None else _shapes(root)
    ontology = ontology if ontology is not None else _ontology(root)
    try:
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none",
            advanced=True, allow_warnings=True, meta_shacl=check_shapes)
    except pyshacl.errors.ReportableRuntimeError as err:
        raise KgraphError(f"the shapes could not be used: {err}") from err
    return ValidationReport(results=results_from_report(report, shapes), graph=report)
