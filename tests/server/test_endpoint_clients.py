"""Real clients over real HTTP against the repository's graph: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
from endpoint_fixtures import real_endpoint  # noqa: F401
from jsonld_local import parse_compact
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG

CHAIRS = """
SELECT ?name WHERE {
  ?m a org:Membership ; org:role/skos:prefLabel "chair"@en ; org:member/foaf:name ?name ;
     org:organization/dcterms:identifier "TEM075:00/2023" .
}"""


@pytest.fixture(scope="module")
def wrapper_module():
    return pytest.importorskip("SPARQLWrapper")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(real_endpoint, wrapper_module, method):
    client = wrapper_module.SPARQLWrapper(real_endpoint + "/sparql")
    client.setMethod(method)
    client.setQuery(CHAIRS)
    client.setReturnFormat(wrapper_module.JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["Anna-Kaisa Ikonen"]


def test_sparqlwrapper_select_xml_and_csv(real_endpoint, wrapper_module):
    client = wrapper_module.SPARQLWrapper(real_endpoint + "/sparql")
    client.setQuery(CHAIRS)
    client.setReturnFormat(wrapper_module.XML)
    document = client.query().convert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == ["Anna-Kaisa Ikonen"]
    client.setReturnFormat(wrapper_module.CSV)
    assert client.query().convert().decode().splitlines() == ["name", "Anna-Kaisa Ikonen"]


def test_sparqlwrapper_ask_and_construct(real_endpoint, wrapper_module):
    client = wrapper_module.SPARQLWrapper(real_endpoint + "/sparql")
    client.setQuery("ASK { ?p a foaf:Person }")
    client.setReturnFormat(wrapper_module.JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?p foaf:name ?n } WHERE { ?p a foaf:Person ; foaf:name ?n }")
    client.setReturnFormat(wrapper_module.TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (None, FOAF.name, Literal("Anna-Kaisa Ikonen")) in graph
    client.setReturnFormat(wrapper_module.JSONLD)  # compact, naming the published context: read it locally
    converted = parse_compact(client.query().response.read())
    assert (None, FOAF.name, Literal("Anna-Kaisa Ikonen")) in converted


def test_sparqlwrapper_sees_errors(real_endpoint, wrapper_module):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = wrapper_module.SPARQLWrapper(real_endpoint + "/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_rdflib_sparqlstore(real_endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(real_endpoint + "/sparql", returnFormat="json"))
    rows = list(
        remote.query(
            "SELECT ?name WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; "
            "<http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"
        )
    )
    assert Literal("Anna-Kaisa Ikonen") in [row[0] for row in rows]
    memberships = list(remote.triples((None, URIRef(str(ORG.member)), None)))
    assert len(memberships) > 10
    assert remote.query("ASK { ?m a org:Membership }").askAnswer is True
