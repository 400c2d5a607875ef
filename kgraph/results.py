"""Write query results for people (a text table) and for tools (SPARQL JSON, CSV, TSV, XML, RDF)."""
from __future__ import annotations

import pyoxigraph as ox

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


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
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def serialize(result, fmt: str) -> bytes:
    """Results in a machine format: json/xml/csv/tsv for rows and booleans, RDF for graphs."""
    if isinstance(result, ox.QueryTriples):
        rdf = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE if fmt in ("json", "table") else None)
        if rdf is None:
            raise ValueError(f"format {fmt!r} cannot hold a graph")
        return result.serialize(format=rdf)
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"format {fmt!r} cannot hold query results")
    return result.serialize(format=RESULT_FORMATS[fmt])
