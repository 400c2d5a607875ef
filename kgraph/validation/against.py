"""A contribution validated together with the project's graph (``kgraph validate --against build|URL``).

A file written in another repository points at resources the project already has (a mandate's person, body
and source). Validated alone, those references do not resolve (``sh:class`` finds no type, "nothing describes
it"). With a graph to validate against, :func:`fetch_context` asks it, through any store's ``query()`` (the
built graph's :class:`~kgraph.query.store.GraphStore` or a remote endpoint's
:class:`~kgraph.remote.remote.RemoteStore`), for one step around each IRI the contribution names: the
statements about it, the statements pointing at it, and the types of the resources at their other end — a
bounded CONSTRUCT per :data:`CHUNK` IRIs, never the whole graph. The contribution and that context are
validated as one graph; :func:`own_focus` then keeps only the results about the contribution's own nodes, so
an incomplete neighbour fetched as context is never reported.

A contribution adds to the graph: a statement it makes is checked together with what the project says of the
same resource. A file of the project's own (validated in its repository) replaces its earlier version: the
named graph the build made of it is left out of the context (:func:`skipped_graphs`), as is the inferred one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..io.load import display
from ..namespaces import INFERRED_GRAPH, RDF, graph_iri
from ..query.engine import from_ox

#: A store's ``query()``: SPARQL text in, a CONSTRUCT's triples (pyoxigraph terms) out.
Query = Callable[[str], Iterable]

#: IRIs asked about per query (keeps each query text and answer bounded).
CHUNK = 200


def referenced(data: Graph) -> list[URIRef]:
    """The IRIs the contribution names as subject or object (not the classes it types its resources with)."""
    found = {s for s in data.subjects() if isinstance(s, URIRef)}
    found |= {o for p, o in data.predicate_objects() if isinstance(o, URIRef) and p != RDF.type}
    return sorted(found)


def skipped_graphs(files: Iterable[Path], root: Path) -> list[str]:
    """The named graphs the context leaves out: the inferred graph, and the graph of each contribution file
    that is one of the project's files (its earlier version)."""
    return [INFERRED_GRAPH, *(graph_iri(display(f, root)) for f in files)]


def _written(iris: Iterable[str]) -> str:
    """``iris`` as SPARQL IRI references; a value that is no IRI (RFC 3987, as pyoxigraph reads it) is left out:
    no graph holds it, and written between ``<…>`` it could end the reference and change the query."""
    written = []
    for iri in iris:
        try:
            written.append(str(ox.NamedNode(str(iri))))
        except ValueError:
            continue
    return " ".join(written)


def context_query(iris: Iterable[URIRef], skip: Iterable[str]) -> str:
    """The CONSTRUCT of one step around ``iris``, without the statements of the graphs in ``skip``."""
    values = _written(iris)
    skipped = _written(skip)
    unless = f"FILTER NOT EXISTS {{ VALUES ?skip {{ {skipped} }} GRAPH ?skip {{ ?s ?p ?o }} }}" if skipped else ""
    return (
        "CONSTRUCT { ?s ?p ?o . ?other a ?type } WHERE {\n"
        f"  VALUES ?x {{ {values} }}\n"
        "  { ?x ?p ?o BIND(?x AS ?s) BIND(?o AS ?other) } UNION { ?s ?p ?x BIND(?x AS ?o) BIND(?s AS ?other) }\n"
        f"  {unless}\n"
        "  OPTIONAL { ?other a ?type }\n"
        "}"
    )


def fetch_context(query: Query, data: Graph, *, skip: Iterable[str] = ()) -> Graph:
    """What the graph behind ``query`` says one step around the IRIs of ``data`` (see the module's text)."""
    iris, skip = referenced(data), list(skip)
    context = Graph()
    for start in range(0, len(iris), CHUNK):
        for triple in query(context_query(iris[start : start + CHUNK], skip)):
            context.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return context


def own_focus(contribution: Graph, context: Graph) -> Callable[[Node], bool]:
    """Whether a result's focus node is the contribution's: a resource it describes, one of its blank nodes,
    or a node it names that the project's graph does not describe either."""
    described = set(contribution.subjects())
    named = described | set(contribution.objects())
    known = set(context.subjects())

    def keep(node: Node) -> bool:
        if isinstance(node, BNode):
            return node in named
        return node in described or (node in named and node not in known)

    return keep
