"""The build: load -> SHACL on asserted data -> rules -> inference -> SHACL on the result -> output.

Everything runs in one pyoxigraph store (one named graph per source file,
plus the inferred graph): pyoxigraph parses and queries, the compiled shapes
(:mod:`kgraph.validation.shacl`) validate, :mod:`kgraph.inference.reasoner` materialises. The
output (``build/graph.nq`` and ``build/manifest.json`` with input hashes,
counts, validation and timings) is written atomically and reused while the
inputs are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..version import __version__
from ..config import Layout
from ..namespaces import base_iri, INFERRED_GRAPH
from ..errors import BuildError
from ..io.atomic import atomic_file, atomic_write
from ..io.load import rdf_files
from .progress import Silent
from ..inference.rules import rule_files
from ..query.store import GraphStore
from ..validation.validate import ValidationReport

GRAPH_FILE = "graph.nq"
MANIFEST_FILE = "manifest.json"


@dataclass
class BuildResult:
    path: Path
    manifest: dict
    cached: bool
    report: ValidationReport | None = None
    timings: dict[str, float] = field(default_factory=dict)
    result_report: ValidationReport | None = None
    checks: ValidationReport | None = None

    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE


def input_files(layout: Layout) -> list[Path]:
    """Every file whose change invalidates the build."""
    from ..validation.checks import check_files

    return rdf_files([layout.ontology, layout.data, layout.shapes]) + rule_files(layout) + check_files(layout)


def fingerprint(layout: Layout) -> dict[str, str]:
    prints = {}
    for f in input_files(layout):
        rel = Path(os.path.relpath(f.absolute(), layout.root.absolute())).as_posix()
        prints[rel] = hashlib.sha256(f.read_bytes()).hexdigest()
    prints["@base"] = base_iri()
    prints["@version"] = __version__
    return prints


def cached_manifest(layout: Layout) -> dict | None:
    """The manifest of the existing build if it matches the current inputs."""
    out = layout.build
    try:
        manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("inputs") != fingerprint(layout) or not (out / GRAPH_FILE).exists():
        return None
    return manifest


@dataclass
class Assembly:
    """The pipeline's result in memory."""

    store: ox.Store
    ontology: list[ox.NamedNode]
    data: list[ox.NamedNode]
    report: ValidationReport
    result_report: ValidationReport
    checks: ValidationReport
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def inferred(self) -> ox.NamedNode:
        return ox.NamedNode(INFERRED_GRAPH)


@contextmanager
def _timed(progress, timings: dict[str, float], key: str, label: str):
    """Report a step on ``progress`` and record its duration under ``key``."""
    start = time.perf_counter()
    with progress.step(label):
        yield
    timings[key] = time.perf_counter() - start


def _located(report: ValidationReport, layout: Layout, files: list[Path]) -> ValidationReport:
    from ..io.locate import SourceMap

    return report.located(SourceMap(files, root=layout.root)) if report.results else report


def assemble(layout: Layout, progress=None) -> Assembly:
    """Run the pipeline in memory; raise :class:`BuildError` when the data or the result does not conform.

    The store grows step by step so that every query runs over the union of all its graphs (which
    pyoxigraph answers much faster than a list of graphs): the data alone for SHACL, then the
    ontology for the rules and the asserted-scope checks, then the inferred graph for the rest.
    """
    from ..validation import checks as quality
    from ..io.fastload import read_files
    from ..inference.infer import materialise
    from ..inference.rules import derive
    from ..io.load import load_ontology
    from ..validation.validate import (
        check_repository_shapes,
        fast_path_refusal,
        load_shapes,
        results_from_findings,
        shapes_check_pending,
        validate_store,
    )

    timings: dict[str, float] = {}
    progress = progress or Silent()
    store = ox.Store()
    data_files = rdf_files([layout.data])
    with _timed(progress, timings, "load", f"reading the {len(data_files)} data files"):
        data = read_files(store, data_files, root=layout.root)
    with _timed(progress, timings, "shapes", "reading the shapes and the ontology"):
        shapes, axioms = load_shapes(layout), load_ontology(layout)
    if shapes_check_pending(layout):  # once per change of a shapes file
        with _timed(progress, timings, "shapes_check", "checking the shapes against SHACL-SHACL"):
            check_repository_shapes(layout)
    with _timed(progress, timings, "compile", "compiling the shapes into SPARQL queries"):
        fast_path_refusal(shapes)  # remembered for both validations

    with _timed(progress, timings, "validate", f"validating the {len(store)} asserted triples (SHACL)"):
        report = validate_store(store, data, shapes=shapes, ontology=axioms)
    if not report.conforms:
        raise BuildError(_located(report, layout, data_files), "asserted")

    checks = quality.load_checks(layout)
    inferred = ox.NamedNode(INFERRED_GRAPH)
    with _timed(progress, timings, "rules", "applying the rules (SPARQL CONSTRUCT) to data and ontology"):
        ontology = read_files(store, rdf_files([layout.ontology]), root=layout.root)
        findings = quality.run_checks(checks, store, asserted=ontology + data, inferred=[], scope="asserted")
        derived = derive(store, ontology + data, layout)
        store.extend(ox.Quad(s, p, o, inferred) for s, p, o in derived)
    with _timed(progress, timings, "infer", "inferring (OWL 2 RL)"):
        materialise(store, inferred)

    with _timed(progress, timings, "validate_result", "validating the result with its inferences (SHACL)"):
        result = validate_store(store, ontology + data + [inferred], shapes=shapes, ontology=axioms)
        known = {(r.focus, r.path, r.value, r.source_shape, r.constraint) for r in report.results}
        result = ValidationReport(
            [r for r in result.results if (r.focus, r.path, r.value, r.source_shape, r.constraint) not in known],
            result.graph,
        )
    if not result.conforms:
        raise BuildError(_located(result, layout, data_files), "result")

    with _timed(progress, timings, "checks", "running the quality checks (queries/checks)"):
        findings += quality.run_checks(checks, store, asserted=ontology + data, inferred=[inferred], scope="inferred")
        checked = ValidationReport(results_from_findings(findings, shapes))
    return Assembly(store, ontology, data, report, result, checked, timings)


def _manifest(layout: Layout, built: Assembly) -> dict:
    rows = built.store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(rows, ox.QuerySolutions), "a SELECT query"
    counts = {row["g"].value: int(row["n"].value) for row in rows}
    graphs = {
        name.value: counts[name.value]
        for name in built.ontology + built.data + [built.inferred]
        if counts.get(name.value)
    }

    def tally(report: ValidationReport) -> dict:
        return {"violations": report.count("Violation"), "warnings": report.count("Warning")}

    return {
        "kgraph": __version__,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": fingerprint(layout),
        "graphs": graphs,
        "triples": {
            "asserted": sum(n for g, n in graphs.items() if g != INFERRED_GRAPH),
            "inferred": graphs.get(INFERRED_GRAPH, 0),
        },
        "validation": {**tally(built.report), "result": tally(built.result_report), "checks": tally(built.checks)},
    }


def atomic_dump(path: Path, store: ox.Store) -> None:
    """Write every graph of ``store`` to ``path`` as N-Quads, atomically (see :func:`kgraph.io.atomic.atomic_file`)."""
    with atomic_file(path) as fh:
        store.dump(fh, format=ox.RdfFormat.N_QUADS)


def build(layout: Layout | None = None, *, force: bool = False, progress=None) -> BuildResult:
    """Build into ``layout.build`` unless an up-to-date build is there.

    ``progress`` (a :class:`kgraph.pipeline.progress.Progress`) reports each step.
    """
    layout = layout or Layout()
    out = layout.build
    start = time.perf_counter()
    if not force:
        manifest = cached_manifest(layout)
        if manifest is not None:
            return BuildResult(out, manifest, cached=True, timings={"total": time.perf_counter() - start})

    built = assemble(layout, progress)
    timings = built.timings
    with _timed(progress or Silent(), timings, "write", f"writing {out / GRAPH_FILE}"):
        manifest = _manifest(layout, built)
        atomic_dump(out / GRAPH_FILE, built.store)
    timings["total"] = time.perf_counter() - start
    manifest["timings"] = {k: round(v, 3) for k, v in timings.items()}
    atomic_write(out / MANIFEST_FILE, json.dumps(manifest, indent=2, sort_keys=True).encode())
    return BuildResult(
        out,
        manifest,
        cached=False,
        report=built.report,
        timings=timings,
        result_report=built.result_report,
        checks=built.checks,
    )


def open_store(layout: Layout | None = None, *, force: bool = False, progress=None) -> GraphStore:
    """Build the graph if needed (cached; ``progress`` reports the steps of a build) and load it for querying."""
    result = build(layout, force=force, progress=progress)
    return GraphStore.from_file(result.graph_file, result.manifest)
