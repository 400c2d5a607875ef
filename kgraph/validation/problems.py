"""Input problems as validation results: a file that cannot be read or parsed, in every report format.

``kgraph validate`` in CI must say what is wrong in the form the pipeline reads (a GitHub annotation, a JUnit
failure, a result of the SHACL report graph), not only on standard error: an :class:`~kgraph.errors.InputError`
becomes one Violation located at its file, line and column, whose shape is ``kpv:InputError`` (namespace
:func:`kgraph.namespaces.validation`); shapes that cannot be used become one ``kpv:ShapesError``.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal

from ..errors import InputError, KgraphError, ShapesError
from ..io.locate import Location
from ..namespaces import RDF, SH, validation
from .validate import Result, ValidationReport


def input_problem(err: KgraphError, subject: str = "") -> ValidationReport:
    """A report that does not conform, with ``err`` as its one result: located at its file, line and column
    for an :class:`InputError` (shape ``kpv:InputError``); otherwise (shapes that cannot be used:
    ``kpv:ShapesError``) about ``subject``, the files it concerns."""
    kpv = validation()
    if isinstance(err, InputError):
        where: Location | None = Location(err.path, _positive(err.line), _positive(err.column) if err.line else None)
        focus, shape, message = Literal(err.path), kpv.InputError, err.message
    else:
        where, focus, message = None, Literal(subject), str(err)
        shape = kpv.ShapesError if isinstance(err, ShapesError) else kpv.Error
    # severity, focus, path, value, source shape, constraint, message, location
    result = Result("Violation", focus, None, None, shape, None, message, where)
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("kpv", kpv)
    report, node = BNode(), BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(False)))
    graph.add((report, SH.result, node))
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.resultSeverity, SH.Violation))
    graph.add((node, SH.focusNode, focus))
    graph.add((node, SH.sourceShape, shape))
    graph.add((node, SH.resultMessage, Literal(message)))
    return ValidationReport(results=[result], graph=graph)


def _positive(number: int | None) -> int | None:
    return None if number is None else max(1, number)
