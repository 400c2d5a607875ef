"""SHACL validation of data against the project's shapes and ontology.

Two engines give the same results: ``"fast"`` (the shapes compiled to
SPARQL and run by pyoxigraph, :mod:`kgraph.validation.shacl`) and ``"pyshacl"`` (the
reference). The fast engine is the default; a shapes graph it cannot compile
falls back to pyshacl. As with pyshacl's ``ont_graph``, the RDFS/OWL axioms
of the ontology are copied into the data graph first, so that targets and
``sh:class`` follow the class hierarchy.

Results can carry where they come from (:class:`kgraph.io.locate.Location`):
pass a :class:`kgraph.io.locate.SourceMap` of the files the data was read from.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..config import Layout
from ..query.engine import to_ox
from ..errors import ShapesError
from ..io.load import load_graph, load_ontology, rdf_files, shared_graph
from ..io.locate import Location, SourceMap
from ..namespaces import RDF, SH
from .shacl import CompiledShapes, Finding, Unsupported, report_graph

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
ENGINES = ("fast", "pyshacl")
#: The graph that holds the ontology axioms copied into a store for validation.
AXIOMS_GRAPH = ox.NamedNode("urn:kgraph:validation-axioms")


@dataclass(frozen=True)
class Result:
    """One validation result, with the node shape it belongs to and where it is in the source files."""

    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    source_shape: Node
    constraint: Node | None
    message: str
    location: Location | None = None
    value_location: Location | None = None

    @property
    def is_violation(self) -> bool:
        return self.severity == "Violation"

    @property
    def where(self) -> Location | None:
        """The most precise place: the offending value's line, else the focus node's."""
        return self.value_location or self.location


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

    def extend(self, other: "ValidationReport") -> "ValidationReport":
        """This report and ``other`` as one (results and report graphs merged)."""
        graph = Graph()
        graph.bind("sh", SH)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms and other.conforms)))
        for g in (self.graph, other.graph):
            heads = set(g.subjects(RDF.type, SH.ValidationReport))
            for s, p, o in g:
                if s in heads:
                    if p == SH.result:
                        graph.add((report, p, o))
                else:
                    graph.add((s, p, o))
        return ValidationReport(self.results + other.results, graph)

    def located(self, sources: SourceMap) -> "ValidationReport":
        """The same report with each result's file and line."""
        return ValidationReport([locate_result(r, sources) for r in self.results], self.graph)


def locate_result(result: Result, sources: SourceMap) -> Result:
    focus = sources.subject(result.focus)
    value = None
    if isinstance(result.path, URIRef) and result.value is not None:
        value = sources.value(result.focus, result.path, result.value)
    return replace(result, location=focus, value_location=value)


# ---------------------------------------------------------------- shapes and ontology (cached by content)

def load_shapes(layout: Layout | None = None) -> Graph:
    """The shapes graph of the repository (shared, see :func:`kgraph.io.load.shared_graph`; do not modify it)."""
    layout = layout or Layout()
    return shared_graph([layout.shapes], root=layout.root)


@lru_cache(maxsize=8)
def _compiled(shapes: Graph) -> CompiledShapes | None:
    try:
        return CompiledShapes(shapes)
    except Unsupported:
        return None


_AXIOMS: dict[int, tuple[Graph, list]] = {}


def ontology_axioms(ontology: Graph) -> list[tuple]:
    """The RDFS/OWL axioms pyshacl copies from the ontology into the data graph, as pyoxigraph triples."""
    cached = _AXIOMS.get(id(ontology))
    if cached is None or cached[0] is not ontology:
        from pyshacl.rdfutil.inoculate import inoculate

        copied = inoculate(Graph(), ontology)
        cached = (ontology, [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in copied])
        _AXIOMS[id(ontology)] = cached
    return cached[1]


@lru_cache(maxsize=4)
def _meta_checked(shapes: Graph) -> None:
    import pyshacl

    try:
        pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True)
    except pyshacl.errors.ReportableRuntimeError as err:
        raise ShapesError(f"the shapes are not valid SHACL: {err}") from err


def check_shapes(shapes: Graph) -> None:
    """Raise :class:`ShapesError` unless ``shapes`` conforms to SHACL-SHACL."""
    _meta_checked(shapes)


SHAPES_STAMP = ".shapes-checked"


def check_repository_shapes(layout: Layout) -> None:
    """Check the repository's shapes against SHACL-SHACL, unless these very files passed before.

    pyshacl needs about 3 s for it; the digest of the shapes files that passed is kept in
    ``<build>/.shapes-checked``, so the check runs again only when a shapes file changes.
    """
    import hashlib

    import pyshacl

    digest = hashlib.sha256(pyshacl.__version__.encode())
    for f in rdf_files([layout.shapes]):
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    stamp = layout.build / SHAPES_STAMP
    try:
        if stamp.read_text(encoding="utf-8") == digest.hexdigest():
            return
    except OSError:
        pass
    _meta_checked(load_shapes(layout))
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest.hexdigest(), encoding="utf-8")
    except OSError:
        pass  # a read-only build folder only costs the check next time


# ---------------------------------------------------------------- results

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


def _message(messages) -> str:
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    return str((english or list(messages) or [""])[0])


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
            message=_message(sorted(report.objects(node, SH.resultMessage), key=str)),
        ))
    return results


def results_from_findings(findings: list[Finding], shapes: Graph) -> list[Result]:
    return [Result(severity=SEVERITIES.get(f.severity, "Violation"), focus=f.focus, path=f.path, value=f.value,
                   source_shape=node_shape_of(shapes, f.source_shape), constraint=f.component,
                   message=_message(f.messages)) for f in findings]


# ---------------------------------------------------------------- validation

def _union(data: Graph) -> Graph:
    if isinstance(data, Dataset):
        g = Graph()
        for ctx in data.graphs():
            for t in ctx:
                g.add(t)
        return g
    return data


def validate_store(store: ox.Store, graphs: list[ox.NamedNode], *, shapes: Graph, ontology: Graph) -> ValidationReport:
    """Validate the union of ``graphs`` of a pyoxigraph store with the fast engine.

    The ontology axioms go to a scratch graph of the store for the run and are removed after.
    """
    compiled = _compiled(shapes)
    if compiled is None:
        raise Unsupported("the shapes use SHACL features the fast engine does not compile")
    store.extend(ox.Quad(s, p, o, AXIOMS_GRAPH) for s, p, o in ontology_axioms(ontology))
    scope = list(graphs) + [AXIOMS_GRAPH]
    try:
        findings = compiled.run(store, None if set(store.named_graphs()) <= set(scope) else scope)
    finally:
        store.remove_graph(AXIOMS_GRAPH)
    conforms = not any(f.severity == SH.Violation for f in findings)
    return ValidationReport(results_from_findings(findings, shapes), report_graph(findings, conforms))


def _validate_pyshacl(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    import pyshacl

    try:
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none",
            advanced=True, allow_warnings=True)
    except pyshacl.errors.ReportableRuntimeError as err:
        raise ShapesError(f"the shapes could not be used: {err}") from err
    return ValidationReport(results=results_from_report(report, shapes), graph=report)


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None,
             layout: Layout | None = None, check_shapes: bool = False, engine: str = "fast",
             sources: SourceMap | None = None) -> ValidationReport:
    """Validate ``data`` (asserted triples) against the shapes, with the ontology mixed in.

    ``check_shapes`` first validates the shapes themselves against SHACL-SHACL
    (raising :class:`ShapesError`); ``sources`` adds file and line to each result.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {ENGINES}")
    root = (layout or Layout()).root
    shapes = shapes if shapes is not None else load_shapes(Layout(root))
    ontology = ontology if ontology is not None else load_ontology(Layout(root))
    if check_shapes:
        _meta_checked(shapes)
    data = _union(data)
    if engine == "fast" and _compiled(shapes) is not None:
        store, graph = ox.Store(), ox.NamedNode("urn:kgraph:data")
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in data)
        report = validate_store(store, [graph], shapes=shapes, ontology=ontology)
    else:
        report = _validate_pyshacl(data, shapes, ontology)
    return report.located(sources) if sources is not None else report


def validate_files(paths, *, layout: Layout | None = None, checks: bool = True) -> ValidationReport:
    """Validate RDF files (or folders): shapes checked against SHACL-SHACL, SHACL, then the quality checks.

    Every result is located in the files (the ontology's files too, for checks on its terms).
    Raises :class:`kgraph.errors.InputError` for an unreadable file and :class:`ShapesError` for bad shapes.
    """
    from .checks import check_data

    layout = layout or Layout()
    shapes = load_shapes(layout)
    check_repository_shapes(layout)
    files = rdf_files(paths)
    data = load_graph(files, root=layout.root)
    report = validate(data, shapes=shapes, layout=layout)
    if checks:
        findings = check_data(data, layout)
        conforms = not any(f.severity == SH.Violation for f in findings)
        report = report.extend(ValidationReport(results_from_findings(findings, shapes),
                                                report_graph(findings, conforms)))
    sources = SourceMap(files + rdf_files([layout.ontology]), root=layout.root, graph=data)
    return report.located(sources)
