"""What the endpoint is and what it serves: the SPARQL Service Description and the VoID description.

``GET /sparql`` without a query (for machines) answers the service description in the negotiated format:
the endpoint, its languages, result formats and features, and the default dataset with VoID statistics
(triples, classes, properties, distinct subjects and objects, and every named graph).
``GET /.well-known/void`` answers the VoID description that ``kgraph publish`` writes
(:func:`kgraph.publish.catalogue.void_graph`), with this endpoint as its ``void:sparqlEndpoint``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from rdflib import BNode, Graph, Literal, URIRef

from kgraph.namespaces import DCTERMS, RDF, SD, VOID, W3C_FORMATS as FORMATS, XSD, base_iri
from kgraph.publish import catalogue
from kgraph.publish.publish import package_files
from kgraph.query.results import FORMAT_NAMES, MEDIA_TYPE, bindings

from . import negotiate

bp = Blueprint("service_description", __name__)

#: (media type, rdflib serializer) for the descriptions, preferred first.
RDF_TYPES = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
    ("application/x-turtle", "turtle"),
    ("text/plain", "nt"),
]
RESULT_FORMATS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
]

GRAPHS = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def _rows(store, query: str) -> list[dict[str, str]]:
    return bindings(store.query(query), lambda term: term.value)


def statistics(store) -> dict:
    """VoID numbers of the default graph and the size of each named graph (computed once per app)."""
    cache = current_app.extensions
    if "kgraph_void" not in cache:
        numbers = catalogue.statistics(store)
        numbers["graphs"] = {row["g"]: int(row["triples"]) for row in _rows(store, GRAPHS)}
        cache["kgraph_void"] = numbers
    return cache["kgraph_void"]


def endpoint_url() -> str:
    return request.host_url.rstrip("/") + "/sparql"


def _dataset(g: Graph, node: URIRef, endpoint: URIRef, numbers: dict) -> None:
    g.add((node, RDF.type, VOID.Dataset))
    g.add((node, DCTERMS.title, Literal("Kaupunkipolitiikka — the Finnish urban-policy knowledge graph", lang="en")))
    g.add((node, VOID.sparqlEndpoint, endpoint))
    g.add((node, VOID.uriSpace, Literal(base_iri())))
    for key, prop in (
        ("triples", VOID.triples),
        ("classes", VOID.classes),
        ("properties", VOID.properties),
        ("subjects", VOID.distinctSubjects),
        ("objects", VOID.distinctObjects),
    ):
        g.add((node, prop, Literal(numbers[key], datatype=XSD.integer)))


def service_graph(store, endpoint: str) -> Graph:
    """The service description of the endpoint at ``endpoint``."""
    g = Graph()
    for prefix, ns in (("sd", SD), ("void", VOID), ("formats", FORMATS), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    service, here = URIRef(endpoint), URIRef(endpoint)
    dataset, default = URIRef(endpoint + "#dataset"), URIRef(endpoint + "#default-graph")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, here))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, SD.EmptyGraphs))
    g.add((service, SD.defaultDataset, dataset))
    numbers = statistics(store)
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    _dataset(g, default, here, numbers)
    for name, triples in numbers["graphs"].items():
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g


def void_graph(store, endpoint: str) -> Graph:
    """The data package's VoID description with ``endpoint`` as the SPARQL endpoint (made once per endpoint URL)."""
    cache = current_app.extensions.setdefault("kgraph_void_graphs", {})
    if endpoint not in cache:
        cache[endpoint] = catalogue.void_graph(store, package_files(), catalogue.Settings(endpoint=endpoint))
    return cache[endpoint]


def _rdf_response(graph: Graph) -> Response:
    chosen = negotiate.choose(request.headers.get("Accept"), [t for t, _ in RDF_TYPES])
    if request.args.get("format"):
        graph_format = FORMAT_NAMES.get(request.args["format"].lower(), (None, None))[1]
        wanted = MEDIA_TYPE.get(graph_format) if graph_format else None
        chosen = (wanted, 1.0) if wanted else None
    if chosen is None:
        return Response(
            "Not acceptable: the description is available as " + ", ".join(t for t, _ in RDF_TYPES[:4]) + ".\n",
            status=406,
            mimetype="text/plain",
        )
    media = chosen[0]
    body = graph.serialize(format=dict(RDF_TYPES)[media], encoding="utf-8")
    response = Response(body, content_type=media + ("; charset=utf-8" if media.startswith("text/") else ""))
    response.vary.add("Accept")
    return response


def service_description() -> Response:
    return _rdf_response(service_graph(current_app.config["KGRAPH_STORE"], endpoint_url()))


@bp.route("/.well-known/void")
def well_known_void() -> Response:
    return _rdf_response(void_graph(current_app.config["KGRAPH_STORE"], endpoint_url()))
