"""The documentation of the ontology: every class and property, and the SHACL shapes that check them.

Terms come from the built store (the ontology is part of the graph); the
shapes are read from ``shapes/*.ttl`` once (they are not part of the graph)
so that each class and property can name the node and property shapes that
check it and link to the file that holds them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from ..config import Layout

from ..namespaces import INFERRED_GRAPH, OWL, kp, ontology_iri
from .describe import Labels, Node, Resolver, rows
from ..io.load import parse_file

KINDS = (
    ("class", "owl:Class"),
    ("object", "owl:ObjectProperty"),
    ("datatype", "owl:DatatypeProperty"),
    ("annotation", "owl:AnnotationProperty"),
)


@dataclass(frozen=True)
class ShapeRef:
    """A node shape, or a property shape named by its node shape."""

    shape: str  # local name of the node shape, e.g. "BodyShape" (the anchor on the ontology page)
    file: str  # shape file, relative to the repository root, e.g. "shapes/body.ttl"
    name: str  # sh:name of a property shape, or "" for the node shape itself
    severity: str  # of a property shape: "Violation", "Warning" or "Info"; "" for a node shape


@dataclass
class ShapeDoc:
    name: str
    file: str
    labels: Labels
    comments: Labels
    targets: list[str]


@dataclass
class TermDoc:
    node: Node
    kind: str
    comments: Labels = ()
    parents: list[Node] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    domains: list[Node] = field(default_factory=list)
    ranges: list[Node] = field(default_factory=list)
    shapes: list[ShapeRef] = field(default_factory=list)
    instances: int = 0

    @property
    def anchor(self) -> str:
        return self.node.value.rsplit("#", 1)[-1]


@dataclass
class OntologyDoc:
    node: Node
    titles: Labels
    descriptions: Labels
    version: str | None
    licence: str | None
    terms: dict[str, list[TermDoc]]  # kind -> terms
    shape_files: dict[str, list[ShapeDoc]]  # file -> node shapes

    def all_terms(self) -> list[TermDoc]:
        return [t for kind, _ in KINDS for t in self.terms.get(kind, [])]


def _text(values) -> Labels:
    return tuple(sorted((str(v), v.language or "") for v in values if isinstance(v, Literal)))


@lru_cache(maxsize=8)
def _shape_graphs(root: Path, stamp: tuple) -> tuple[tuple[str, Graph], ...]:
    layout = Layout(root)
    return tuple(
        (f.relative_to(root).as_posix(), parse_file(f, root=root)) for f in sorted(layout.shapes.glob("*.ttl"))
    )


def shape_graphs(layout: Layout | None = None) -> tuple[tuple[str, Graph], ...]:
    """(file, graph) for each shapes file, parsed once per version of the files."""
    layout = layout or Layout()
    files = sorted(layout.shapes.glob("*.ttl"))
    return _shape_graphs(layout.root, tuple((f.name, f.stat().st_mtime_ns) for f in files))


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def shapes_index(layout: Layout | None = None):
    """Node shapes per file, and which shapes check each class (target) and property (path)."""
    files: dict[str, list[ShapeDoc]] = {}
    by_term: dict[str, list[ShapeRef]] = defaultdict(list)
    for name, g in shape_graphs(layout):
        docs = []
        for shape in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
            if not isinstance(shape, URIRef):
                continue
            targets = sorted(
                str(t) for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf) for t in g.objects(shape, p)
            )
            docs.append(
                ShapeDoc(
                    _local(shape),
                    name,
                    _text(g.objects(shape, RDFS.label)),
                    _text(g.objects(shape, RDFS.comment)),
                    targets,
                )
            )
            for t in g.objects(shape, SH.targetClass):
                by_term[str(t)].append(ShapeRef(_local(shape), name, "", ""))
            for prop in g.objects(shape, SH.property):
                path = g.value(prop, SH.path)
                if isinstance(path, URIRef):
                    severity = _local(g.value(prop, SH.severity) or SH.Violation)
                    by_term[str(path)].append(
                        ShapeRef(_local(shape), name, str(g.value(prop, SH.name) or ""), severity)
                    )
        files[name] = docs
    for refs in by_term.values():  # the graph's order of a shape's property shapes differs from run to run
        refs.sort(key=lambda ref: (ref.shape, ref.file, ref.name, ref.severity))
    return files, by_term


def document(store, layout: Layout | None = None) -> OntologyDoc:
    """Everything the ontology page shows."""
    ns = kp()
    found = rows(
        store,
        f"""SELECT ?t ?kind ?comment WHERE {{
        VALUES ?kind {{ {" ".join(k for _, k in KINDS)} }}
        ?t a ?kind FILTER(STRSTARTS(STR(?t), "{ns}"))
        OPTIONAL {{ ?t rdfs:comment ?comment }} }}""",
    )
    links = rows(
        store,
        f"""SELECT ?t ?p ?o WHERE {{
        VALUES ?p {{ rdfs:subClassOf rdfs:subPropertyOf rdfs:domain rdfs:range }}
        GRAPH ?g {{ ?t ?p ?o }} FILTER(?g != <{INFERRED_GRAPH}> && isIRI(?o))
        FILTER(STRSTARTS(STR(?t), "{ns}") || STRSTARTS(STR(?o), "{ns}")) }}""",
    )
    counts = {
        r["c"].value: int(r["n"].value)
        for r in rows(
            store,
            f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        GRAPH ?g {{ ?s a ?c }} FILTER(?g != <{INFERRED_GRAPH}> && STRSTARTS(STR(?c), "{ns}")) }} GROUP BY ?c""",
        )
    }
    terms = {r["t"] for r in found} | {r[k] for r in links for k in ("t", "o")}
    header = rows(store, f"""SELECT ?p ?o WHERE {{ <{ontology_iri()}> ?p ?o }}""")
    nodes = Resolver(store).nodes(terms | {ox.NamedNode(ontology_iri())})
    kind_of = {str(OWL[k.split(":")[1]]): name for name, k in KINDS}
    _files, by_term = shapes_index(layout)

    docs: dict[str, TermDoc] = {}
    comments: dict[str, set] = defaultdict(set)
    for r in found:
        t = r["t"].value
        docs.setdefault(
            t, TermDoc(nodes[r["t"]], kind_of[r["kind"].value], shapes=by_term.get(t, []), instances=counts.get(t, 0))
        )
        if "comment" in r:
            comments[t].add((r["comment"].value, r["comment"].language or ""))
    for t, cs in comments.items():
        docs[t].comments = tuple(sorted(cs))
    for r in links:
        t, p, o = r["t"].value, r["p"].value, r["o"]
        if t in docs:
            attr = {"subClassOf": "parents", "subPropertyOf": "parents", "domain": "domains", "range": "ranges"}[
                p.rsplit("#", 1)[1]
            ]
            getattr(docs[t], attr).append(nodes[o])
        if p.endswith(("subClassOf", "subPropertyOf")) and o.value in docs:
            docs[o.value].children.append(nodes[r["t"]])
    for doc in docs.values():
        for attr in ("parents", "children", "domains", "ranges"):
            setattr(doc, attr, sorted(set(getattr(doc, attr)), key=lambda n: n.value))
    by_kind: dict[str, list[TermDoc]] = {name: [] for name, _ in KINDS}
    for doc in sorted(docs.values(), key=lambda d: d.anchor.lower()):
        by_kind[doc.kind].append(doc)

    def header_values(local: str) -> list:
        return [r["o"] for r in header if r["p"].value.endswith(local)]

    version = next((v.value for v in header_values("#versionInfo")), None)
    licence = next((v.value for v in header_values("/license")), None)
    return OntologyDoc(
        node=nodes[ox.NamedNode(ontology_iri())],
        titles=tuple(sorted((v.value, v.language or "") for v in header_values("/title"))),
        descriptions=tuple(sorted((v.value, v.language or "") for v in header_values("/description"))),
        version=version,
        licence=licence,
        terms=by_kind,
        shape_files=_files,
    )
