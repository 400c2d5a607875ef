"""SHACL validation of data against the project's shapes and ontology.

Two engines give the same results: ``"fast"`` (the shapes compiled to
SPARQL and run by pyoxigraph, :mod:`kgraph.validation.shacl`) and ``"pyshacl"`` (the
reference). The fast engine is the default; a shapes graph it refuses when
compiling, or a run in which it meets something it does not implement, falls
back to pyshacl, so that :class:`kgraph.validation.shacl.Unsupported` never leaves
:func:`validate` or :func:`validate_store` (the report says which engine
answered, :attr:`ValidationReport.engine`). As with pyshacl's ``ont_graph``,
the RDFS/OWL axioms of the ontology are copied into the data graph first, so
that targets and ``sh:class`` follow the class hierarchy.

:func:`validate_with_shapes` is plain SHACL: any data against any shapes, no
ontology, no quality checks, and conformance as SHACL defines it (no results
at all), as pyshacl's command line does.

Results can carry where they come from (:class:`kgraph.io.locate.Location`):
pass a :class:`kgraph.io.locate.SourceMap` of the files the data was read from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from . import prebinding
from .against import Query, fetch_context, own_focus, skipped_graphs
from ..config import Layout
from ..query.engine import from_ox, to_ox
from ..errors import ShapesError
from ..io.load import load_graph, load_ontology, rdf_files, shared_graph
from ..io.locate import Location, SourceMap
from ..namespaces import RDF, SH
from .shacl import CompiledShapes, Finding, Unsupported, kept_by_store, report_graph

SEVERITIES: dict[Node, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
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
    #: The engine that produced the SHACL results: "fast" or "pyshacl".
    engine: str = "fast"
    #: Why the fast engine did not answer, when it did not.
    fallback: str | None = None
    #: The project's conformance (warnings and infos allowed); False: SHACL's (no results at all).
    allow_warnings: bool = True

    @property
    def conforms(self) -> bool:
        """True when no result has Violation severity (with ``allow_warnings``; else when there is no result)."""
        if not self.allow_warnings:
            return not self.results
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
        return replace(self, results=self.results + other.results, graph=graph)

    def restricted(self, keep: Callable[[Node], bool]) -> "ValidationReport":
        """Only the results whose focus node ``keep`` accepts, in the results and in the report graph."""
        graph = Graph()
        for prefix, ns in self.graph.namespaces():
            graph.bind(prefix, ns)
        dropped = {
            node
            for node in self.graph.subjects(RDF.type, SH.ValidationResult)
            if (focus := self.graph.value(node, SH.focusNode)) is not None and not keep(focus)
        }
        for s, p, o in self.graph:
            if s not in dropped and o not in dropped:
                graph.add((s, p, o))
        kept = replace(self, results=[r for r in self.results if keep(r.focus)], graph=graph)
        for head in list(graph.subjects(RDF.type, SH.ValidationReport)):
            graph.set((head, SH.conforms, Literal(kept.conforms)))
        return kept

    def located(self, sources: SourceMap) -> "ValidationReport":
        """The same report with each result's file and line."""
        return replace(self, results=[locate_result(r, sources) for r in self.results])


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


#: Digests of the fast path's compile-time checks that passed: SPARQL constraints that may run once for all
#: focus nodes (:mod:`kgraph.prebinding`), compiled queries pyoxigraph parses.
FAST_PATH_STAMP = ".fast-path-checked"


@lru_cache(maxsize=8)
def _compiled(shapes: Graph) -> CompiledShapes | Unsupported:
    """The shapes compiled for the fast engine, or why it refuses them."""
    try:
        with prebinding.remembered(Layout().build / FAST_PATH_STAMP):
            return CompiledShapes(shapes)
    except Unsupported as err:
        return err


def fast_path_refusal(shapes: Graph) -> str | None:
    """Why the fast engine refuses ``shapes`` when compiling them (None: it compiles them)."""
    compiled = _compiled(shapes)
    return str(compiled) if isinstance(compiled, Unsupported) else None


_AXIOMS: dict[int, tuple[Graph, list]] = {}


def ontology_axioms(ontology: Graph) -> list[tuple]:
    """The RDFS/OWL axioms pyshacl copies from the ontology into the data graph, as pyoxigraph triples."""
    cached = _AXIOMS.get(id(ontology))
    if cached is None or cached[0] is not ontology:
        from pyshacl.rdfutil.inoculate import inoculate

        copied = Graph()
        # pyshacl annotates the target as its DataGraph (a Dataset), but copies into any rdflib graph
        # and returns it: the triples it added are read from ``copied`` itself.
        inoculate(copied, ontology)  # type: ignore[arg-type]
        cached = (ontology, [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in copied])
        _AXIOMS[id(ontology)] = cached
    return cached[1]


def meta_findings(shapes: Graph, engine: str = "turbo") -> tuple[bool, Graph, str]:
    """``shapes`` validated against SHACL-SHACL as pyshacl's ``meta_shacl`` does: (conforms, report, text).

    ``engine`` "turbo" (pyshacl-turbo, about 20 times faster on this project's shapes, with the same
    findings: ``bench/shacl_meta_bench.py``, ``tests/validation/test_shapes_meta_check.py``) or "pyshacl", the oracle.
    """
    if engine == "turbo":
        import pyshacl_turbo

        return pyshacl_turbo.meta_validate(shapes, advanced=True)
    from pyshacl.entrypoints import meta_validate

    return meta_validate(shapes, advanced=True)


def finding_keys(report: Graph) -> set[tuple]:
    """The results of a report as (focus, path, value, severity, component), to compare two engines' findings.

    Blank nodes become one placeholder: in a meta-check they are SHACL-SHACL's own, which each engine reads
    into a graph of its own.
    """

    def term(result: Node, p: URIRef):
        value = report.value(result, p)
        return "_:b" if isinstance(value, BNode) else value

    return {
        tuple(
            term(r, p) for p in (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceConstraintComponent)
        )
        for r in report.objects(None, SH.result)
    }


@lru_cache(maxsize=4)
def _meta_checked(shapes: Graph) -> None:
    import pyshacl

    conforms, _report, text = meta_findings(shapes)
    if not conforms:
        raise ShapesError(
            "the shapes are not valid SHACL: SHACL File does not validate against the SHACL "
            f"Shapes SHACL (MetaSHACL) file.\n{text}"
        )
    try:  # pyshacl also reads the shapes for use (it is the fallback engine)
        pyshacl.validate(Graph(), shacl_graph=shapes, advanced=True)
    except pyshacl.errors.ReportableRuntimeError as err:
        raise ShapesError(f"the shapes could not be used: {err}") from err


def check_shapes(shapes: Graph) -> None:
    """Raise :class:`ShapesError` unless ``shapes`` conforms to SHACL-SHACL."""
    _meta_checked(shapes)


SHAPES_STAMP = ".shapes-checked"


def _shapes_digest(layout: Layout) -> str:
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(f"{version('pyshacl')} {version('pyshacl-turbo')}".encode())
    for f in rdf_files([layout.shapes]):
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def shapes_check_pending(layout: Layout) -> bool:
    """Whether :func:`check_repository_shapes` will check the shapes (they changed since they last passed)."""
    try:
        return (layout.build / SHAPES_STAMP).read_text(encoding="utf-8") != _shapes_digest(layout)
    except OSError:
        return True


def check_repository_shapes(layout: Layout) -> None:
    """Check the repository's shapes against SHACL-SHACL, unless these very files passed before.

    It takes about 0.3 s (pyshacl-turbo; pyshacl alone needs 6-8 s); the digest of the shapes files that
    passed is kept in ``<build>/.shapes-checked``, so the check runs again only when a shapes file changes.
    """
    if not shapes_check_pending(layout):
        return
    _meta_checked(load_shapes(layout))
    try:
        stamp = layout.build / SHAPES_STAMP
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(_shapes_digest(layout), encoding="utf-8")
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


def _severity(node: Node | None) -> str:
    return SEVERITIES.get(node, "Violation") if node is not None else "Violation"


def _message(messages: Sequence[Node]) -> str:
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    if english:
        return str(english[0])
    return str(messages[0]) if messages else ""


def results_from_report(report: Graph, shapes: Graph) -> list[Result]:
    """Read the results of a SHACL report graph (those of its sh:result, not the sh:detail under them)."""
    results = []
    for node in report.objects(None, SH.result):
        shape, focus = report.value(node, SH.sourceShape), report.value(node, SH.focusNode)
        if focus is None:
            raise ShapesError("a result of the SHACL report has no sh:focusNode")
        results.append(
            Result(
                severity=_severity(report.value(node, SH.resultSeverity)),
                focus=focus,
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                source_shape=node_shape_of(shapes, shape) if shape is not None else BNode(),
                constraint=report.value(node, SH.sourceConstraintComponent),
                message=_message(sorted(report.objects(node, SH.resultMessage), key=str)),
            )
        )
    return results


def results_from_findings(findings: list[Finding], shapes: Graph) -> list[Result]:
    return [
        Result(
            severity=_severity(f.severity),
            focus=f.focus,
            path=f.path,
            value=f.value,
            source_shape=node_shape_of(shapes, f.source_shape),
            constraint=f.component,
            message=_message(f.messages),
        )
        for f in findings
    ]


# ---------------------------------------------------------------- validation


def _union(data: Graph) -> Graph:
    if isinstance(data, Dataset):
        g = Graph()
        for ctx in data.graphs():
            for t in ctx:
                g.add(t)
        return g
    return data


def _store_keeps(literals: list[Literal]) -> bool:
    """Whether the fast engine would see these literals as rdflib read them.

    rdflib rewrites some ill-formed literals into well-formed ones and only remembers that they were
    ill-formed (``"none"^^xsd:boolean`` is read as ``"false"``, ``ill_typed``, and is equal to a
    well-formed ``"false"``, so every literal is looked at, not a set of them); pyoxigraph rewrites
    others into canonical forms (:func:`kgraph.shacl.kept_by_store`).
    """
    for literal in literals:
        if getattr(literal, "ill_typed", False) and not Literal(str(literal), datatype=literal.datatype).ill_typed:
            return False
    return kept_by_store(literals)


def _conforms(findings: list[Finding], allow_warnings: bool) -> bool:
    if not allow_warnings:
        return not findings
    return not any(f.severity == SH.Violation for f in findings)


def _run_fast(
    compiled: CompiledShapes,
    store: ox.Store,
    graphs: list[ox.NamedNode],
    ontology: Graph,
    shapes: Graph,
    allow_warnings: bool,
) -> ValidationReport:
    """The fast engine on the union of ``graphs``; raises :class:`Unsupported` when it meets what it cannot do.

    The ontology axioms go to a scratch graph of the store for the run and are removed after.
    """
    store.extend(ox.Quad(s, p, o, AXIOMS_GRAPH) for s, p, o in ontology_axioms(ontology))
    scope = list(graphs) + [AXIOMS_GRAPH]
    try:
        findings = compiled.run(store, None if set(store.named_graphs()) <= set(scope) else scope)
    finally:
        store.remove_graph(AXIOMS_GRAPH)
    return ValidationReport(
        results_from_findings(findings, shapes),
        report_graph(findings, _conforms(findings, allow_warnings), shapes),
        allow_warnings=allow_warnings,
    )


def _graph_of(store: ox.Store, graphs: list[ox.NamedNode]) -> Graph:
    data = Graph()
    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, name):
            data.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return data


def validate_store(
    store: ox.Store, graphs: list[ox.NamedNode], *, shapes: Graph, ontology: Graph, allow_warnings: bool = True
) -> ValidationReport:
    """Validate the union of ``graphs`` of a pyoxigraph store: the fast engine, else pyshacl on a copy."""
    compiled = _compiled(shapes)
    if not isinstance(compiled, Unsupported):
        try:
            return _run_fast(compiled, store, graphs, ontology, shapes, allow_warnings)
        except Unsupported as err:
            compiled = err
    return _validate_pyshacl(_graph_of(store, graphs), shapes, ontology, allow_warnings, fallback=str(compiled))


def _validate_pyshacl(
    data: Graph, shapes: Graph, ontology: Graph | None, allow_warnings: bool = True, fallback: str | None = None
) -> ValidationReport:
    import pyshacl
    from pyshacl.errors import ValidationFailure

    try:
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology if ontology is not None and len(ontology) else None,
            inference="none",
            advanced=True,
            allow_warnings=allow_warnings,
        )
    except (pyshacl.errors.ReportableRuntimeError, NotImplementedError) as err:
        raise ShapesError(f"the shapes could not be used: {err}") from err
    if isinstance(report, ValidationFailure):  # SHACL's "failure": pyshacl returns it in place of a report
        raise ShapesError(f"the shapes could not be used: {report.message}")
    return ValidationReport(
        results=results_from_report(report, shapes),
        graph=report,
        engine="pyshacl",
        fallback=fallback,
        allow_warnings=allow_warnings,
    )


def validate(
    data: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    layout: Layout | None = None,
    check_shapes: bool = False,
    engine: str = "fast",
    sources: SourceMap | None = None,
    allow_warnings: bool = True,
) -> ValidationReport:
    """Validate ``data`` (asserted triples) against the shapes, with the ontology mixed in.

    ``check_shapes`` first validates the shapes themselves against SHACL-SHACL
    (raising :class:`ShapesError`); ``sources`` adds file and line to each result;
    ``allow_warnings=False`` gives SHACL's conformance (no results at all).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {ENGINES}")
    root = (layout or Layout()).root
    shapes = shapes if shapes is not None else load_shapes(Layout(root))
    ontology = ontology if ontology is not None else load_ontology(Layout(root))
    if check_shapes:
        _meta_checked(shapes)
    data = _union(data)
    compiled = _compiled(shapes) if engine == "fast" else Unsupported("the pyshacl engine was asked for")
    report = None
    if not isinstance(compiled, Unsupported) and not _store_keeps(
        [o for o in data.objects() if isinstance(o, Literal)]
    ):
        compiled = Unsupported(
            "the data has literals pyoxigraph would store in another form (e.g. "
            '"30"^^xsd:byte as "30"^^xsd:integer, or an ill-formed boolean)'
        )
    if not isinstance(compiled, Unsupported):
        store, graph = ox.Store(), ox.NamedNode("urn:kgraph:data")
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in data)
        try:
            report = _run_fast(compiled, store, [graph], ontology, shapes, allow_warnings)
        except Unsupported as err:
            compiled = err
    if report is None:
        fallback = str(compiled) if engine == "fast" else None
        report = _validate_pyshacl(data, shapes, ontology, allow_warnings, fallback=fallback)
    return report.located(sources) if sources is not None else report


def validate_files(
    paths, *, layout: Layout | None = None, checks: bool = True, against: Query | None = None
) -> ValidationReport:
    """Validate RDF files (or folders): shapes checked against SHACL-SHACL, SHACL, then the quality checks.

    Every result is located in the files (the ontology's files too, for checks on its terms).
    With ``against`` (a store's ``query()``), the files are a contribution validated together with what that
    graph says around the IRIs they name, and only results about the contribution's own nodes are kept
    (:mod:`kgraph.validation.against`).
    Raises :class:`kgraph.errors.InputError` for an unreadable file and :class:`ShapesError` for bad shapes.
    """
    from .checks import check_data

    layout = layout or Layout()
    shapes = load_shapes(layout)
    check_repository_shapes(layout)
    files = rdf_files(paths)
    contribution = load_graph(files, root=layout.root)
    data, keep = contribution, None
    if against is not None:
        context = fetch_context(against, contribution, skip=skipped_graphs(files, layout.root))
        data, keep = contribution + context, own_focus(contribution, context)
    report = validate(data, shapes=shapes, layout=layout)
    if checks:
        findings = check_data(data, layout)
        conforms = not any(f.severity == SH.Violation for f in findings)
        report = report.extend(
            ValidationReport(results_from_findings(findings, shapes), report_graph(findings, conforms))
        )
    if keep is not None:
        report = report.restricted(keep)
    sources = SourceMap(files + rdf_files([layout.ontology]), root=layout.root, graph=contribution)
    return report.located(sources)


def validate_with_shapes(paths, shapes_paths, *, layout: Layout | None = None) -> ValidationReport:
    """Validate RDF files (or folders) against the shapes in ``shapes_paths`` alone, as plain SHACL.

    No ontology is mixed in, no quality check runs, and the data conforms only when there is no
    result at all (SHACL's definition, and pyshacl's command line without ``--allow-warnings``).
    The shapes are not checked against SHACL-SHACL first (pyshacl's command line does not either,
    and the W3C suite has valid tests whose shapes it rejects); shapes a processor cannot use
    still raise :class:`ShapesError`. Every result is located in the data files.
    """
    layout = layout or Layout()
    shapes = load_graph(rdf_files(shapes_paths), root=layout.root, typed=False)
    files = rdf_files(paths)
    data = load_graph(files, root=layout.root, typed=False)  # ill-typed literals are the shapes' to judge
    try:
        report = validate(data, shapes=shapes, ontology=Graph(), layout=layout, allow_warnings=False)
    except (ValueError, TypeError) as err:  # a parameter of the wrong kind (sh:minCount "x"), unchecked here
        raise ShapesError(f"the shapes could not be used: {err}") from err
    return report.located(SourceMap(files, root=layout.root, graph=data))
