"""Self-description: the service description, /.well-known/void, /health and the query UI."""

from __future__ import annotations

import os

import pytest
from endpoint_fixtures import GRAPHS, client, pooled_app, tiny_app, tiny_store  # noqa: F401
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from kgraph.namespaces import base_iri
from paths import YASGUI_BUILT

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def rdf(response, fmt="turtle") -> Graph:
    assert response.status_code == 200, response.get_data(as_text=True)
    return Graph().parse(data=response.data, format=fmt)


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
        (None, "turtle"),
        ("*/*", "turtle"),
    ],
)
def test_service_description_in_each_format(client, accept, fmt):
    g = rdf(client.get("/sparql", headers={"Accept": accept} if accept else {}), fmt)
    service = URIRef("http://localhost/sparql")
    assert (service, RDF.type, SD.Service) in g
    assert (service, SD.endpoint, service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    formats = {str(f).rsplit("/", 1)[-1] for f in g.objects(service, SD.resultFormat)}
    assert {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    } <= formats


def test_default_dataset_has_void_statistics(client):
    g = rdf(client.get("/sparql", headers={"Accept": "text/turtle"}))
    dataset = g.value(URIRef("http://localhost/sparql"), SD.defaultDataset)
    default = g.value(dataset, SD.defaultGraph)
    assert g.value(default, VOID.triples) == Literal(15, datatype=XSD.integer)
    assert g.value(default, VOID.classes) == Literal(1, datatype=XSD.integer)
    assert g.value(default, VOID.properties) == Literal(2, datatype=XSD.integer)
    names = {str(g.value(n, SD.name)) for n in g.objects(dataset, SD.namedGraph)}
    assert names == set(GRAPHS)


def test_service_description_406(client):
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_well_known_void(client):
    """The data package's VoID description (one builder: kgraph.publish.catalogue), pointing at this endpoint."""
    g = rdf(client.get("/.well-known/void", headers={"Accept": "text/turtle"}))
    dataset = URIRef(base_iri() + "dataset")
    assert (dataset, RDF.type, VOID.Dataset) in g
    assert g.value(dataset, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert g.value(dataset, VOID.triples) == Literal(15, datatype=XSD.integer)
    subsets = set(g.objects(dataset, VOID.subset))
    assert subsets == {URIRef(base_iri() + "dataset/asserted"), URIRef(base_iri() + "dataset/inferred")}
    rdf(client.get("/.well-known/void", headers={"Accept": "application/ld+json"}), "json-ld")


def test_health(client):
    """What ships (query processes of the serving process): the process and how many queries its limits stopped."""
    body = client.get("/health").get_json()
    assert body["status"] == "ok" and body["triples"] == 15 and body["built"] == "2026-01-02T03:04:05Z"
    assert body["process"]["pid"] == os.getpid() and body["process"]["stopped_queries"] == 0


def test_health_of_the_pooled_executor(pooled_app):
    body = pooled_app.test_client().get("/health").get_json()
    assert body["status"] == "ok" and body["workers"] == {"alive": 2, "size": 2}


def test_browsers_get_the_query_ui(client):
    r = client.get("/sparql", headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.mimetype == "text/html"
    body = r.get_data(as_text=True)
    assert '<html lang="fi">' in body and "<h1>SPARQL-kysely</h1>" in body, "Finnish, as the pages, by default"


@pytest.mark.parametrize(
    "headers, query, lang, title",
    [
        ({"Accept-Language": "sv-FI,sv;q=0.9"}, "", "sv", "SPARQL-fråga"),
        ({"Accept-Language": "en-GB"}, "", "en", "SPARQL query"),
        ({"Accept-Language": "sv", "Cookie": "kgraph_lang=en"}, "", "en", "SPARQL query"),
        ({"Accept-Language": "en", "Cookie": "kgraph_lang=en"}, "?lang=fi", "fi", "SPARQL-kysely"),
    ],
)
def test_the_query_ui_chooses_its_language_as_the_pages_do(client, headers, query, lang, title):
    fresh = client.application.test_client(use_cookies=False)  # the Cookie header as sent, no jar of earlier cases
    r = fresh.get("/sparql" + query, headers={"Accept": BROWSER, **headers})
    body = r.get_data(as_text=True)
    assert r.headers["Content-Language"] == lang and f'<html lang="{lang}">' in body and f"<h1>{title}</h1>" in body
    assert "Accept-Language" in r.headers["Vary"] and "Cookie" in r.headers["Vary"]
    assert ("kgraph_lang=fi" in r.headers.get("Set-Cookie", "")) == bool(query), "only an explicit choice is remembered"


def test_the_language_switch_of_the_query_ui_keeps_the_query(client):
    body = client.get("/sparql?query=ASK%20%7B%7D&lang=en", headers={"Accept": BROWSER}).get_data(as_text=True)
    assert '<a href="/sparql?query=ASK+%7B%7D&amp;lang=sv" hreflang="sv" lang="sv">på svenska</a>' in body


def test_ui_lists_the_example_queries(client):
    from server.examples import examples

    body = client.get("/query").get_data(as_text=True)
    found = examples()
    assert found, "queries/examples/ holds example queries"
    for example in found:
        assert f'id="example-{example.name}"' in body


def test_ui_without_node_modules_says_how_to_install(tiny_store, tmp_path):
    from server import create_app

    app = create_app(tiny_store, node_modules=tmp_path / "node_modules")
    try:
        c = app.test_client()
        body = c.get("/sparql", headers={"Accept": BROWSER}).get_data(as_text=True)
        assert 'id="editor-missing"' in body and "npm install" in body
        assert "/assets/yasgui/yasgui.min.js" not in body
        assert '<form method="get" action="/sparql">' in body
        assert c.get("/assets/yasgui/yasgui.min.js").status_code == 404
    finally:
        app.extensions["kgraph_executor"].close()


def test_ui_with_yasgui_serves_it_locally(tiny_store, tmp_path):
    from server import create_app

    build = tmp_path / "node_modules" / "@zazuko" / "yasgui" / "build"
    build.mkdir(parents=True)
    (build / "yasgui.min.js").write_text("window.Yasgui = function () {};\n")
    (build / "yasgui.min.css").write_text(".yasgui {}\n")
    (build / "secret.txt").write_text("not served\n")
    app = create_app(tiny_store, node_modules=tmp_path / "node_modules")
    try:
        c = app.test_client()
        body = c.get("/query").get_data(as_text=True)
        assert '<script src="/assets/yasgui/yasgui.min.js">' in body and "cdn" not in body.lower()
        js = c.get("/assets/yasgui/yasgui.min.js")
        assert js.status_code == 200 and js.data == b"window.Yasgui = function () {};\n"
        assert js.mimetype == "text/javascript"
        assert c.get("/assets/yasgui/yasgui.min.css").mimetype == "text/css"
        assert c.get("/assets/yasgui/secret.txt").status_code == 404
        assert c.get("/assets/yasgui/..%2Fsecret.txt").status_code == 404
    finally:
        app.extensions["kgraph_executor"].close()


def test_installed_yasgui_is_served(client):

    if not YASGUI_BUILT:
        pytest.skip("npm install has not been run (node_modules/@zazuko/yasgui missing)")
    r = client.get("/assets/yasgui/yasgui.min.js")
    assert r.status_code == 200 and len(r.data) > 100_000
