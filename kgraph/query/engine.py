"""The query engine: pyoxigraph, with conversions from and to rdflib.

rdflib is the project's modelling library (parsing with positions,
pyshacl, owlrl); pyoxigraph answers SPARQL 20-100x faster, so every query
(rules, checks, the endpoint) runs here. See docs/decisions/0001-engine.md.
"""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from .results import bindings


def to_ox(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not a pyoxigraph term: {term!r}")


def store_from_graph(graph: Graph, store: ox.Store | None = None, graph_name: str | None = None) -> ox.Store:
    """Load an rdflib graph into a (new) in-memory pyoxigraph store."""
    store = store if store is not None else ox.Store()
    target = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in graph)
    return store


def construct(graph: Graph, query: str) -> Iterable[tuple[Node, Node, Node]]:
    """Run a CONSTRUCT query over an rdflib graph; yield rdflib triples."""
    store = store_from_graph(graph)
    try:
        result = store.query(query)
    except SyntaxError as err:
        raise QueryError(str(err)) from err
    for t in result:
        yield from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)


def select(graph: Graph, query: str) -> list[dict[str, Node]]:
    """Run a SELECT query over an rdflib graph; rows as {variable: rdflib term}."""
    store = store_from_graph(graph)
    try:
        result = store.query(query)
    except SyntaxError as err:
        raise QueryError(str(err)) from err
    return bindings(result, from_ox)
