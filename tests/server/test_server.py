"""The endpoint over real HTTP: a waitress server on loopback, queried with requests."""

from __future__ import annotations

import pytest
import requests

QUERY = (
    "PREFIX org: <http://www.w3.org/ns/org#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    'SELECT ?name WHERE { ?m org:organization/dcterms:identifier "TEM075:00/2023" ; '
    'org:role/skos:prefLabel "puheenjohtaja"@fi ; org:member/foaf:name ?name }'
)


@pytest.fixture(scope="module")
def endpoint(pages_server):
    """The session's real waitress server (tests/conftest.py)."""
    return pages_server


def names(response) -> list[str]:
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


def test_get(endpoint):
    r = requests.get(
        endpoint + "/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert names(r) == ["Anna-Kaisa Ikonen"]


def test_post_form_and_direct(endpoint):
    r = requests.post(endpoint + "/sparql", data={"query": QUERY}, timeout=30)
    assert r.status_code == 200 and names(r) == ["Anna-Kaisa Ikonen"]
    r = requests.post(
        endpoint + "/sparql",
        data=QUERY.encode(),
        timeout=30,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert r.status_code == 200 and r.text.splitlines()[1].strip() == "Anna-Kaisa Ikonen"


def test_construct_as_turtle(endpoint):
    r = requests.get(
        endpoint + "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s a <http://www.w3.org/ns/org#Role> } LIMIT 3"},
        headers={"Accept": "text/turtle"},
        timeout=30,
    )
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")


def test_malformed_query_is_400_with_parser_message(endpoint):
    r = requests.get(endpoint + "/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=30)
    assert r.status_code == 400 and "Invalid query" in r.text


def test_update_is_403(endpoint):
    r = requests.post(endpoint + "/sparql", data={"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}, timeout=30)
    assert r.status_code == 403


def test_service_is_refused(endpoint):
    r = requests.get(
        endpoint + "/sparql",
        timeout=30,
        params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
    )
    assert r.status_code == 400 and "SERVICE" in r.text


def test_health(endpoint):
    r = requests.get(endpoint + "/health", timeout=30)
    assert r.status_code == 200 and r.json()["triples"] > 1000
