"""Validation reports for people and for tools: text, JSON, JUnit XML, GitHub annotations, Turtle.

Every format lists the same results with the same file and line
(:attr:`kgraph.validation.validate.Result.where`: the offending value's line where there
is one, else the line that defines the focus node).
"""

from __future__ import annotations

import json
from itertools import groupby
from xml.etree import ElementTree as ET

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from ..io.locate import Location
from ..namespaces import RDF, SH, checks, validation
from ..namespaces import compact as compact_iri
from .validate import Result, ValidationReport

FORMATS = ("text", "json", "junit", "github", "turtle")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_COLOURS = {"Violation": "\033[31m", "Warning": "\033[33m", "Info": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def compact(node: Node | None) -> str:
    if node is None:
        return "-"
    text = compact_iri(str(node), {"check": str(checks())})
    return text if len(text) < 80 else text[:77] + "..."


def _file(r: Result) -> str:
    return r.where.path if r.where else ""


def _line(r: Result) -> int:
    return r.where.line or 0 if r.where else 0


def ordered(report: ValidationReport) -> list[Result]:
    """Results by file, then line, then severity (results without a file last)."""
    return sorted(
        report.results,
        key=lambda r: (
            r.where is None,
            _file(r),
            _line(r),
            _SEVERITY_ORDER.get(r.severity, 3),
            str(r.focus),
            str(r.path),
        ),
    )


def summary(report: ValidationReport) -> str:
    v, w = report.count("Violation"), report.count("Warning")
    return f"{'conforms' if report.conforms else 'does not conform'}: {v} violation(s), {w} warning(s)"


def _describe(r: Result) -> str:
    value = f" value={compact(r.value)}" if r.value is not None else ""
    return f"{compact(r.source_shape)} {compact(r.path)}{value} focus={compact(r.focus)}: {r.message}"


def render_text(report: ValidationReport, *, colour: bool = False) -> str:
    """One line per result, grouped by file and sorted by line, then a summary."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    lines = []
    for path, results in groupby(ordered(report), key=_file):
        lines.append(paint(path or "(not located in a file)", _BOLD))
        for r in results:
            where = str(r.where) if r.where else "-"
            severity = paint(f"{r.severity.upper():9}", _COLOURS.get(r.severity, ""))
            lines.append(f"  {where}: {severity} {_describe(r)}")
    lines.append(paint(summary(report), _BOLD) if colour else summary(report))
    return "\n".join(lines)


def _result_dict(r: Result) -> dict:
    def term(node):
        return None if node is None else str(node)

    return {
        "severity": r.severity,
        "file": _file(r) or None,
        "line": r.where.line if r.where else None,
        "focus_line": r.location.line if r.location else None,
        "value_line": r.value_location.line if r.value_location else None,
        "focus": term(r.focus),
        "path": term(r.path),
        "value": term(r.value),
        "shape": term(r.source_shape),
        "constraint": term(r.constraint),
        "message": r.message,
    }


def render_json(report: ValidationReport) -> str:
    return json.dumps(
        {
            "conforms": report.conforms,
            "violations": report.count("Violation"),
            "warnings": report.count("Warning"),
            "infos": report.count("Info"),
            "results": [_result_dict(r) for r in ordered(report)],
        },
        indent=2,
        ensure_ascii=False,
    )


def render_junit(report: ValidationReport, *, strict: bool = False) -> str:
    """JUnit XML: one test suite per file, one test case per result (a failure when it fails the run)."""
    root = ET.Element("testsuites", name="kgraph validate")
    results = ordered(report)
    groups = [(path, list(rs)) for path, rs in groupby(results, key=_file)] or [("", [])]
    failed_total = 0
    for path, rs in groups:
        suite = ET.SubElement(root, "testsuite", name=path or "kgraph validate")
        failures = 0
        for r in rs:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=path or "kgraph",
                name=f"{r.where or '-'} {compact(r.source_shape)} {compact(r.path)} {compact(r.focus)}",
            )
            if r.is_violation or (strict and r.severity == "Warning"):
                failures += 1
                failure = ET.SubElement(case, "failure", type=r.severity, message=r.message)
                failure.text = _describe(r)
            else:
                ET.SubElement(case, "system-out").text = f"{r.severity}: {_describe(r)}"
        if not rs:
            ET.SubElement(suite, "testcase", classname="kgraph", name="conforms")
        suite.set("tests", str(max(1, len(rs))))
        suite.set("failures", str(failures))
        failed_total += failures
    root.set("tests", str(max(1, len(results))))
    root.set("failures", str(failed_total))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render_github(report: ValidationReport) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""
    commands = {"Violation": "error", "Warning": "warning", "Info": "notice"}
    lines = []
    for r in ordered(report):
        props = []
        if r.where:
            props.append(f"file={_escape(r.where.path, prop=True)}")
            if r.where.line:
                props.append(f"line={r.where.line}")
                if r.where.column:
                    props.append(f"col={r.where.column}")
        props.append(f"title={_escape(f'{compact(r.source_shape)} {compact(r.path)}', prop=True)}")
        value = f" (value {compact(r.value)})" if r.value is not None else ""
        lines.append(
            f"::{commands.get(r.severity, 'error')} {','.join(props)}::"
            f"{_escape(f'{r.message} [focus {compact(r.focus)}{value}]')}"
        )
    lines.append(summary(report))
    return "\n".join(lines)


def render_turtle(report: ValidationReport) -> str:
    """The standard SHACL validation report graph, each result with ``kpv:file`` and ``kpv:line``.

    The location properties (namespace :func:`kgraph.namespaces.validation`) are additions; tools that read only SHACL
    ignore them.
    """
    graph = Graph()
    graph.bind("sh", SH)
    location = validation()
    graph.bind("kpv", location)
    for triple in report.graph:
        graph.add(triple)
    located: dict[tuple[Node | None, ...], Location] = {}
    shapes: dict[tuple[Node | None, ...], Node] = {}
    for r in report.results:
        key: tuple[Node | None, ...] = (r.focus, r.path, r.value, r.constraint)
        shapes.setdefault(key, r.source_shape)
        if r.where is not None:
            located.setdefault(key, r.where)
    for node in report.graph.subjects(RDF.type, SH.ValidationResult):
        key = tuple(
            report.graph.value(node, p) for p in (SH.focusNode, SH.resultPath, SH.value, SH.sourceConstraintComponent)
        )
        shape = report.graph.value(node, SH.sourceShape)
        named = shapes.get(key)
        if isinstance(shape, BNode) and named is not None and next(report.graph.predicate_objects(shape), None) is None:
            graph.remove((node, SH.sourceShape, shape))  # a blank node with nothing said of it names nothing
            graph.add((node, SH.sourceShape, named))
        where = located.get(key)
        if where is not None:
            graph.add((node, location.file, Literal(where.path)))
            if where.line is not None:
                graph.add((node, location.line, Literal(where.line)))
            if where.column is not None:
                graph.add((node, location.column, Literal(where.column)))
    return graph.serialize(format="turtle")


def render(report: ValidationReport, fmt: str, *, strict: bool = False, colour: bool = False) -> str:
    """``report`` in one of :data:`FORMATS`."""
    if fmt == "text":
        return render_text(report, colour=colour)
    if fmt == "junit":
        return render_junit(report, strict=strict)
    return {"json": render_json, "github": render_github, "turtle": render_turtle}[fmt](report)
