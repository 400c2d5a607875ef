"""The build: load -> SHACL on asserted data -> rules -> inference -> output.

The output (``build/graph.nq`` with one named graph per source file plus the
inferred graph, and ``build/manifest.json`` with input hashes, counts and
timings) is written atomically and reused while the inputs are unchanged.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from . import __version__
from .config import INFERRED_GRAPH, Layout, base_iri
from .errors import KgraphError
from .infer import infer
from .load import load_dataset, rdf_files, union
from .rules import apply_rules, rule_files
from .validate import ValidationReport, validate

GRAPH_FILE = "graph.nq"
MANIFEST_FILE = "manifest.json"


class BuildError(KgraphError):
    """The asserted data does not conform; nothing was written."""

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(f"{report.count('Violation')} SHACL violation(s) in the asserted data")


@dataclass
class BuildResult:
    path: Path
    manifest: dict
    cached: bool
    report: ValidationReport | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE


def input_files(layout: Layout) -> list[Path]:
    """Every file whose change invalidates the build."""
    return rdf_files([layout.ontology, layout.data, layout.shapes]) + rule_files(layout)


def fingerprint(layout: Layout) -> dict[str, str]:
    prints = {}
    for f in input_files(layout):
        rel = f.resolve().relative_to(layout.root.resolve()).as_posix()
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


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def assemble(layout: Layout) -> tuple[Dataset, Graph, ValidationReport, dict[str, float]]:
    """Run the pipeline in memory: asserted dataset, inferred graph, report, timings."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    ds = load_dataset([layout.ontology, layout.data], root=layout.root)
    asserted = union(ds)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    data_only = load_dataset([layout.data], root=layout.root)
    report = validate(union(data_only), layout=layout)
    timings["validate"] = time.perf_counter() - t
    if not report.conforms:
        raise BuildError(report)

    t = time.perf_counter()
    derived = apply_rules(asserted, layout)
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    inferred = infer(asserted + derived)
    for triple in derived:
        inferred.add(triple)
    timings["infer"] = time.perf_counter() - t
    return ds, inferred, report, timings


def build(layout: Layout | None = None, *, force: bool = False) -> BuildResult:
    """Build into ``layout.build`` unless an up-to-date build is there."""
    layout = layout or Layout()
    out = layout.build
    if not force:
        manifest = cached_manifest(layout)
        if manifest is not None:
            return BuildResult(out, manifest, cached=True)

    ds, inferred, report, timings = assemble(layout)
    t = time.perf_counter()
    ds.graph(URIRef(INFERRED_GRAPH)).__iadd__(inferred)
    nquads = ds.serialize(format="nquads", encoding="utf-8")
    graphs = {str(ctx.identifier): len(ctx) for ctx in ds.graphs() if len(ctx)}
    manifest = {
        "kgraph": __version__,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": fingerprint(layout),
        "graphs": graphs,
        "triples": {"asserted": sum(n for g, n in graphs.items() if g != INFERRED_GRAPH),
                    "inferred": graphs.get(INFERRED_GRAPH, 0)},
        "validation": {"violations": report.count("Violation"), "warnings": report.count("Warning")},
    }
    atomic_write(out / GRAPH_FILE, nquads)
    timings["write"] = time.perf_counter() - t
    manifest["timings"] = {k: round(v, 3) for k, v in timings.items()}
    atomic_write(out / MANIFEST_FILE, json.dumps(manifest, indent=2, sort_keys=True).encode())
    return BuildResult(out, manifest, cached=False, report=report, timings=timings)
