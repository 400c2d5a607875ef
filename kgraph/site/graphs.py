"""The named graphs of the build as pages: one per source file, and the inferred graph.

The build loads each file of the repository into a named graph of its own, named by the file's path under
:data:`kgraph.namespaces.GRAPHS` (``<canonical base>graph/data/cities.ttl``; never rebased, see
:mod:`kgraph.namespaces`), and puts what the rules and the reasoner derive into
:data:`kgraph.namespaces.INFERRED_GRAPH`. Each graph's IRI dereferences: its page says which file it holds, how
many triples, which classes and which source documents its statements cite; its content is the graph itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import DCTERMS, GRAPHS, INFERRED_GRAPH, RDF
from .describe import Node, Resolver, rows


@dataclass(frozen=True)
class NamedGraph:
    """One named graph as its page shows it."""

    iri: str
    triples: int
    subjects: int = 0
    classes: tuple[tuple[Node, int], ...] = ()  # (class, resources typed with it in this graph)
    sources: tuple[Node, ...] = ()  # the source documents the graph's statements cite

    @property
    def name(self) -> str:
        """The graph's name under :data:`GRAPHS`: the file's path (``data/cities.ttl``) or ``inferred``."""
        return self.iri[len(GRAPHS) :]

    @property
    def path(self) -> str:
        """Where the graph's page lives: ``graph/data/cities.ttl``."""
        return "graph/" + self.name

    @property
    def inferred(self) -> bool:
        return self.iri == INFERRED_GRAPH

    @property
    def file(self) -> str | None:
        """The repository file the graph was read from (None for the inferred graph)."""
        return None if self.inferred else self.name


def graph_of(path: str) -> str:
    """The IRI of the named graph whose page is at ``graph/<path>``."""
    return GRAPHS + path


def named_graphs(store) -> list[NamedGraph]:
    """Every named graph of the build with its size: the files in path order, the inferred graph last."""
    found = rows(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    graphs = [NamedGraph(r["g"].value, int(r["n"].value)) for r in found if r["g"].value.startswith(GRAPHS)]
    return sorted(graphs, key=lambda g: (g.inferred, g.name))


def describe_graph(store, iri: str) -> NamedGraph | None:
    """The page of one named graph, or None when the build has no graph of that name."""
    if not iri.startswith(GRAPHS) or iri not in store.graph_names:
        return None
    graph = ox.NamedNode(iri)
    counts = rows(
        store,
        "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o }",
        default_graph_uris=[iri],
    )
    typed = rows(
        store,
        f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF.type}> ?c FILTER(isIRI(?c)) }} GROUP BY ?c",
        default_graph_uris=[iri],
    )
    cited = rows(
        store,
        f"SELECT DISTINCT ?src WHERE {{ ?s <{DCTERMS.source}> ?src FILTER(isIRI(?src)) }}",
        default_graph_uris=[iri],
    )
    nodes = Resolver(store).nodes([r["c"] for r in typed] + [r["src"] for r in cited])
    return NamedGraph(
        iri=graph.value,
        triples=int(counts[0]["n"].value),
        subjects=int(counts[0]["subjects"].value),
        classes=tuple(sorted(((nodes[r["c"]], int(r["n"].value)) for r in typed), key=lambda c: c[0].value)),
        sources=tuple(sorted((nodes[r["src"]] for r in cited), key=lambda n: n.value)),
    )
