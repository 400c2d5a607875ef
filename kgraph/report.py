"""Human-readable validation reports."""
from __future__ import annotations

from rdflib.term import Node

from .namespaces import PREFIXES
from .validate import ValidationReport

_NS = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def compact(node: Node | None) -> str:
    if node is None:
        return "-"
    text = str(node)
    for ns, prefix in _NS:
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text if len(text) < 80 else text[:77] + "..."


def render_text(report: ValidationReport) -> str:
    lines = []
    for r in sorted(report.results, key=lambda r: (r.severity != "Violation", str(r.focus))):
        lines.append(f"{r.severity.upper():9} {compact(r.source_shape)} {compact(r.path)} "
                     f"focus={compact(r.focus)} value={compact(r.value)}: {r.message}")
    v, w = report.count("Violation"), report.count("Warning")
    lines.append(f"{'conforms' if report.conforms else 'does not conform'}: {v} violation(s), {w} warning(s)")
    return "\n".join(lines)
