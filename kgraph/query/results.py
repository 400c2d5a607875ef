"""Write query results for people (a text table) and for tools (SPARQL JSON, CSV, TSV, XML, RDF)."""

from __future__ import annotations

import pyoxigraph as ox

from . import jsonld_context
from .store import prefix_map

# The format tables live in the query worker, which runs without importing the package.
from .worker import GRAPH_FORMATS, TABULAR_FORMATS as RESULT_FORMATS, TRIPLES_AS_SOLUTIONS, write_graph  # noqa: E402

#: Media types for SELECT/ASK results, preferred first: (media type, format name).
TABULAR_MEDIA_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
#: Media types for CONSTRUCT/DESCRIBE results, preferred first.
GRAPH_MEDIA_TYPES = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/x-turtle", "turtle"),
    ("text/plain", "ntriples"),
    ("application/json", "jsonld"),
    ("application/xml", "rdfxml"),
]
#: ``?format=`` values: name -> (format for SELECT/ASK, format for CONSTRUCT/DESCRIBE).
FORMAT_NAMES = {
    "json": ("json", "jsonld"),
    "srj": ("json", None),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "ntriples": (None, "ntriples"),
    "nt": (None, "ntriples"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
}
#: The canonical media type of each format name.
MEDIA_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    TRIPLES_AS_SOLUTIONS: "application/sparql-results+xml",  # a graph as SPARQL XML results
}


def graph_style() -> dict:
    """How answers write graphs (:func:`kgraph.query.worker.write_graph`): Turtle with the project's prefixes
    (those it uses), JSON-LD compacted against the project's context (:mod:`kgraph.query.jsonld_context`)."""
    return {
        "prefixes": prefix_map(),
        "context": jsonld_context.context(),
        "context_iri": jsonld_context.context_iri(),
    }


def bindings(result, convert=lambda term: term) -> list[dict]:
    """The solutions of a SELECT result as ``{variable: convert(term)}``, unbound variables left out."""
    names = [v.value for v in result.variables]
    return [{n: convert(s[n]) for n in names if s[n] is not None} for s in result]


def term_text(term) -> str:
    """A compact, readable form of a pyoxigraph term."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        return term.value
    return str(term)


def table(result) -> str:
    """A plain-text table of SELECT rows, ASK answer or CONSTRUCT triples."""
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    if isinstance(result, ox.QueryTriples):
        rows = [[term_text(t.subject), term_text(t.predicate), term_text(t.object)] for t in result]
        header = ["subject", "predicate", "object"]
    else:
        header = [v.value for v in result.variables]
        rows = [[term_text(sol[name]) for name in header] for sol in result]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def serialize(result, fmt: str) -> bytes:
    """Results in a machine format: json/xml/csv/tsv for rows and booleans, RDF for graphs (Turtle with prefixes,
    compact JSON-LD: :func:`graph_style`)."""
    if isinstance(result, ox.QueryTriples):
        graph_format = "turtle" if fmt in ("json", "table") else fmt
        if graph_format not in GRAPH_FORMATS:
            raise ValueError(f"format {fmt!r} cannot hold a graph")
        return write_graph(result, graph_format, graph_style())
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"format {fmt!r} cannot hold query results")
    return result.serialize(format=RESULT_FORMATS[fmt])
