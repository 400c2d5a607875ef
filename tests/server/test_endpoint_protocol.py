"""The SPARQL 1.1 Protocol's query operation on a small dataset: methods, media types, datasets, refusals."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from endpoint_fixtures import EX, GRAPHS, client, tiny_app, tiny_store  # noqa: F401

JSON = {"Accept": "application/sparql-results+json"}
BOTH = f"ASK {{ <{EX}doc/1> a ?t . <{EX}doc/2> a ?t }}"


def boolean(response) -> bool:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json(force=True)["boolean"]


def test_get_query(client):
    r = client.get(
        "/sparql", query_string={"query": f"SELECT ?s WHERE {{ ?s a <{EX}Document> }} ORDER BY ?s"}, headers=JSON
    )
    assert r.status_code == 200
    assert [b["s"]["value"] for b in r.get_json(force=True)["results"]["bindings"]] == [
        f"{EX}doc/1",
        f"{EX}doc/2",
        f"{EX}doc/3",
    ]


def test_post_form_and_post_direct(client):
    r = client.post("/sparql", data={"query": BOTH}, headers=JSON)
    assert boolean(r) is True
    r = client.post("/sparql", data=BOTH.encode(), headers={**JSON, "Content-Type": "application/sparql-query"})
    assert boolean(r) is True


def test_default_graph_is_the_union_of_all_graphs(client):
    assert boolean(client.get("/sparql", query_string={"query": BOTH}, headers=JSON)) is True


def test_default_graph_uri_selects_graphs(client):
    one = client.get("/sparql?" + urlencode({"query": BOTH, "default-graph-uri": GRAPHS[0]}), headers=JSON)
    assert boolean(one) is False
    both = client.get(
        "/sparql?" + urlencode([("query", BOTH), ("default-graph-uri", GRAPHS[0]), ("default-graph-uri", GRAPHS[1])]),
        headers=JSON,
    )
    assert boolean(both) is True


def test_named_graph_uri_limits_graph_patterns(client):
    query = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s a <{EX}Document> }} }} ORDER BY ?g"
    r = client.post(
        "/sparql?" + urlencode([("named-graph-uri", GRAPHS[1]), ("named-graph-uri", GRAPHS[2])]),
        data=query.encode(),
        headers={**JSON, "Content-Type": "application/sparql-query"},
    )
    assert [b["g"]["value"] for b in r.get_json(force=True)["results"]["bindings"]] == GRAPHS[1:]


def test_protocol_dataset_overrides_from(client):
    query = f"ASK FROM <{GRAPHS[2]}> {{ <{EX}doc/1> a ?t }}"
    assert boolean(client.get("/sparql", query_string={"query": query}, headers=JSON)) is False
    r = client.get("/sparql?" + urlencode({"query": query, "default-graph-uri": GRAPHS[0]}), headers=JSON)
    assert boolean(r) is True


def test_from_selects_only_graphs_of_the_dataset(client):
    query = f"ASK FROM <{GRAPHS[2]}> {{ <{EX}doc/3> a ?t }}"
    assert boolean(client.get("/sparql", query_string={"query": query}, headers=JSON)) is True
    unknown = f"ASK FROM <{EX}not-a-graph> {{ ?s ?p ?o }}"
    assert boolean(client.get("/sparql", query_string={"query": unknown}, headers=JSON)) is False


def test_malformed_query_gets_400_with_the_parsers_message(client):
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    text = r.get_data(as_text=True)
    assert text == "Invalid query: unexpected `}` (line 1, column 24)\n"  # the object is missing
    assert r.mimetype == "text/plain"


@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.post("/sparql", data={"update": "CLEAR ALL"}),
        lambda c: c.post("/sparql", data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
        lambda c: c.get("/sparql", query_string={"update": "CLEAR ALL"}),
        lambda c: c.get("/sparql", query_string={"query": "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }"}),
    ],
    ids=["form", "direct", "get", "update-as-query"],
)
def test_updates_are_refused_with_403(client, send):
    r = send(client)
    assert r.status_code == 403 and "read-only" in r.get_data(as_text=True)


def test_more_than_one_query_is_400(client):
    r = client.get("/sparql?query=ASK%7B%7D&query=SELECT%20*%20%7B%7D")
    assert r.status_code == 400 and "Exactly one" in r.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers,status",
    [
        ({"Content-Type": "text/plain"}, 415),
        ({}, 415),
        ({"Content-Type": "application/sparql-query; charset=UTF-16"}, 415),
    ],
)
def test_wrong_media_type_or_charset_is_refused(client, headers, status):
    r = client.post("/sparql", data=b"ASK {}", headers=headers)
    assert r.status_code == status


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow_in_plain_text(client, method):
    r = client.open("/sparql?query=ASK%7B%7D", method=method)
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    assert r.mimetype == "text/plain" and f"Method {method} is not allowed" in r.get_data(as_text=True)


def test_invalid_utf8_is_400(client):
    r = client.post("/sparql", data=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400


def test_empty_query_is_400(client):
    assert client.get("/sparql", query_string={"query": "  "}).status_code == 400
