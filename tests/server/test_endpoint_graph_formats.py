"""CONSTRUCT answers people can read and clients that ask for results formats only, against a real ``kgraph serve``.

The tiny dataset (:func:`endpoint_fixtures.tiny_quads`): three documents typed ``ex:Document``, one per named
graph, and twelve items labelled ``item 0`` … ``item 11`` (``rdfs:label``, English). The row cap is 5. roqet's
CONSTRUCT runs on the repository's built graph (:func:`endpoint_fixtures.real_endpoint`).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
import requests
from endpoint_fixtures import live, real_endpoint  # noqa: F401
from jsonld_local import parse_compact
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore

EX = "http://example.org/"
DOCUMENTS = "CONSTRUCT { ?d a ?type } WHERE { ?d a ?type }"
#: Written from the tiny dataset: the three typed documents.
EXPECTED_DOCUMENTS = {(URIRef(f"{EX}doc/{i}"), RDF.type, URIRef(f"{EX}Document")) for i in (1, 2, 3)}
LABELS = "CONSTRUCT { ?i rdfs:label ?l } WHERE { ?i rdfs:label ?l }"
KP = "https://w3id.org/kaupunkipolitiikka/"
CITY_TYPES = (
    f"CONSTRUCT {{ ?city a ?type }} WHERE {{ GRAPH <{KP}graph/data/cities.ttl> {{ "
    f"VALUES ?city {{ <{KP}id/city/helsinki> <{KP}id/city/vaasa> }} ?city a ?type }} }}"
)
#: Written by hand from data/cities.ttl: the file types Helsinki and Vaasa as kp:City and nothing else.
EXPECTED_CITY_TYPES = {(f"{KP}id/city/{city}", str(RDF.type), f"{KP}ontology#City") for city in ("helsinki", "vaasa")}


def post(url: str, query: str, accept: str) -> requests.Response:
    return requests.post(url + "/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30)


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",  # rdflib's SPARQLStore(returnFormat="json")
        "text/csv",
        "application/sparql-results+json, text/csv;q=0.5",
        "application/sparql-results+json, application/sparql-results+xml",  # JSON preferred (server's order)
    ],
)
def test_a_graph_for_a_client_that_accepts_only_results_formats_is_turtle(live, accept):
    response = post(live, DOCUMENTS, accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert set(Graph().parse(data=response.text, format="turtle")) == EXPECTED_DOCUMENTS


def solutions(response: requests.Response) -> tuple[list[str], set[tuple]]:
    """The variables and the rows (as rdflib terms, one triple per row) of a SPARQL XML results answer."""
    parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)
    names = [v.value for v in parsed.variables]
    return names, {
        tuple(URIRef(row[n].value) if isinstance(row[n], ox.NamedNode) else row[n] for n in names) for row in parsed
    }


@pytest.mark.parametrize(
    "accept",
    ["application/sparql-results+xml", "application/sparql-results+xml, application/sparql-results+json;q=0.5"],
)
def test_a_graph_for_a_client_that_prefers_xml_results_is_one_solution_per_triple(live, accept):
    response = post(live, DOCUMENTS, accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/sparql-results+xml; charset=utf-8"
    assert solutions(response) == (["s", "p", "o"], EXPECTED_DOCUMENTS)


def test_every_kind_of_term_survives_as_a_solution(live):
    """Literals with a language, a datatype or neither, markup characters and a blank node, read back."""
    query = (
        'CONSTRUCT { <http://example.org/x> <http://example.org/p> "a < b & \\"c\\"\\r"@en, 7, "plain", _:b . '
        "_:b <http://example.org/q> <http://example.org/y> } WHERE {}"
    )
    xml = post(live, query, "application/sparql-results+xml").content
    plain = post(live, query, "application/n-triples").text
    read = ox.parse_query_results(xml, format=ox.QueryResultsFormat.XML)
    lines = "".join(f"{row['s']} {row['p']} {row['o']} .\n" for row in read)  # one document: one blank node
    as_triples = Graph().parse(data=lines, format="nt")
    assert isomorphic(as_triples, Graph().parse(data=plain, format="nt"))
    assert len(as_triples) == 5


def test_the_row_cap_counts_triples_written_as_solutions(live):
    response = post(live, LABELS, "application/sparql-results+xml")
    assert response.headers["X-Kgraph-Truncated"] == "true"
    assert response.headers["X-Kgraph-Result-Size"] == "12"
    names, rows = solutions(response)
    assert names == ["s", "p", "o"] and len(rows) == 5


def test_a_client_that_accepts_no_format_for_anything_still_gets_406(live):
    response = post(live, DOCUMENTS, "image/png")
    assert response.status_code == 406
    assert "text/turtle" in response.text


def test_rows_still_follow_the_results_formats(live):
    response = post(live, "SELECT ?d WHERE { ?d a ?type } ORDER BY ?d", "application/sparql-results+json")
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert [b["d"]["value"] for b in response.json()["results"]["bindings"]] == [f"{EX}doc/{i}" for i in (1, 2, 3)]


@pytest.mark.parametrize("return_format", ["json", "xml"])
def test_sparqlstore_runs_a_construct(live, return_format):
    """rdflib's SPARQLStore: ``json`` accepts only SPARQL JSON results (Turtle back), ``xml`` also RDF/XML."""
    graph = Graph(store=SPARQLStore(live + "/sparql", returnFormat=return_format))
    result = graph.query(DOCUMENTS)
    assert result.type == "CONSTRUCT"
    assert result.graph is not None and set(result.graph) == EXPECTED_DOCUMENTS
    names = [str(row[0]) for row in graph.query("SELECT ?d WHERE { ?d a ?t } ORDER BY ?d")]
    assert names == [f"{EX}doc/{i}" for i in (1, 2, 3)]


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (Debian rasqal-utils) is not installed")
def test_roqet_queries_the_endpoint(live):
    """roqet sends ``default-graph-uri=`` (empty) with every query: an empty value names no graph."""
    run = subprocess.run(
        ["roqet", "-q", "-r", "csv", "-p", live + "/sparql", "-e", "SELECT ?d WHERE { ?d a ?t } ORDER BY ?d"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["d", *(f"{EX}doc/{i}" for i in (1, 2, 3))]


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (Debian rasqal-utils) is not installed")
def test_roqet_runs_a_construct_on_the_real_graph(real_endpoint):
    """roqet asks for SPARQL XML results only and reads every answer as results: it prints the triples as rows."""
    run = subprocess.run(
        ["roqet", "-q", "-r", "csv", "-p", real_endpoint + "/sparql", "-e", CITY_TYPES],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    header, *rows = run.stdout.splitlines()
    assert header == "s,p,o"
    assert {tuple(row.split(",")) for row in rows} == EXPECTED_CITY_TYPES and len(rows) == 2


def test_turtle_declares_exactly_the_prefixes_it_uses(live):
    response = post(live, LABELS, "text/turtle")
    lines = response.text.splitlines()
    assert [line for line in lines if line.startswith("@prefix")] == [
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."
    ]
    assert lines[1].startswith(f"<{EX}item/") and " rdfs:label " in lines[1]


def test_the_row_cap_holds_for_turtle_and_json_ld(live):
    for accept, parse in (
        ("text/turtle", lambda t: Graph().parse(data=t, format="turtle")),
        ("application/ld+json", parse_compact),
    ):
        response = post(live, LABELS, accept)
        assert response.headers["X-Kgraph-Truncated"] == "true", accept
        assert response.headers["X-Kgraph-Result-Size"] == "12", accept
        assert len(parse(response.text)) == 5, accept


def test_json_ld_is_compact_and_means_what_n_triples_says(live):
    response = post(live, DOCUMENTS, "application/ld+json")
    document = json.loads(response.text)
    assert document["@context"] == "https://w3id.org/kaupunkipolitiikka/context.jsonld"
    assert {node["@id"]: node["@type"] for node in document["@graph"]} == {
        f"{EX}doc/{i}": f"{EX}Document" for i in (1, 2, 3)
    }
    plain = Graph().parse(data=post(live, DOCUMENTS, "application/n-triples").text, format="nt")
    assert isomorphic(parse_compact(response.text), plain)


def test_the_context_document_is_served(live):
    response = requests.get(live + "/context.jsonld", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/ld+json")
    context = response.json()["@context"]
    assert context["kp"] == "https://w3id.org/kaupunkipolitiikka/ontology#"
    assert context["Person"] == "kp:Person"
    assert context["inForceFrom"] == {"@id": "kp:inForceFrom", "@type": "xsd:date"}
