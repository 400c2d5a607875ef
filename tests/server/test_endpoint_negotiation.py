"""Content negotiation with q-values, ?format=, 406, HEAD/OPTIONS, CORS, gzip and conditional requests."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pyoxigraph as ox
import pytest
from endpoint_fixtures import EX, client, tiny_app, tiny_store  # noqa: F401
from jsonld_local import parse_compact

from server import negotiate

SELECT = f"SELECT ?s WHERE {{ ?s a <{EX}Document> }} ORDER BY ?s"
CONSTRUCT = f"CONSTRUCT {{ ?s a <{EX}Document> }} WHERE {{ ?s a <{EX}Document> }}"
ASK = "ASK {}"
DOCS = [f"{EX}doc/{i}" for i in (1, 2, 3)]


def get(client, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql", query_string={"query": query, **params}, headers=headers)


# ---------------------------------------------------------------- the chooser itself
@pytest.mark.parametrize(
    "header,offers,expected",
    [
        (None, ["a/b", "c/d"], "a/b"),
        ("c/d", ["a/b", "c/d"], "c/d"),
        ("a/b;q=0.5, c/d;q=0.9", ["a/b", "c/d"], "c/d"),
        ("*/*;q=0.1, c/*;q=0.5, a/b", ["c/d", "a/b"], "a/b"),
        ("text/*;q=0.3, text/csv;q=0", ["text/csv", "text/tab-separated-values"], "text/tab-separated-values"),
        ("*/*", ["x/y", "a/b"], "x/y"),
        ("image/png", ["a/b"], None),
        ("a/b;q=0", ["a/b"], None),
    ],
)
def test_choose_follows_q_values_and_specificity(header, offers, expected):
    chosen = negotiate.choose(header, offers)
    assert (chosen[0] if chosen else None) == expected


def test_most_specific_range_sets_the_quality():
    ranges = negotiate.parse_accept("text/*;q=0.8, text/csv;q=0.2, */*;q=0.1")
    assert negotiate.quality(ranges, "text/csv") == 0.2
    assert negotiate.quality(ranges, "text/turtle") == 0.8
    assert negotiate.quality(ranges, "application/json") == 0.1


# ---------------------------------------------------------------- formats
def test_select_as_json_xml_csv_tsv(client):
    r = get(client, SELECT, "application/sparql-results+json")
    assert r.mimetype == "application/sparql-results+json"
    assert [b["s"]["value"] for b in json.loads(r.data)["results"]["bindings"]] == DOCS
    r = get(client, SELECT, "application/sparql-results+xml")
    assert r.mimetype == "application/sparql-results+xml" and b"<sparql" in r.data
    assert [t.value for t in (s["s"] for s in ox.parse_query_results(r.data, format=ox.QueryResultsFormat.XML))] == DOCS
    r = get(client, SELECT, "text/csv")
    assert r.mimetype == "text/csv" and [row[0] for row in csv.reader(io.StringIO(r.text))] == ["s"] + DOCS
    r = get(client, SELECT, "text/tab-separated-values")
    assert r.mimetype == "text/tab-separated-values" and r.text.splitlines()[1] == f"<{EX}doc/1>"


def test_ask_as_json_and_xml(client):
    assert json.loads(get(client, ASK, "application/sparql-results+json").data) == {"head": {}, "boolean": True}
    r = get(client, ASK, "application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in r.data


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_in_each_rdf_format(client, accept, fmt):
    r = get(client, CONSTRUCT, accept)
    assert r.status_code == 200 and r.mimetype == accept
    if fmt == ox.RdfFormat.JSON_LD:  # compact, naming the published context (which pyoxigraph would not fetch)
        subjects = [str(s) for s in parse_compact(r.data).subjects()]
    else:
        subjects = [t.subject.value for t in ox.parse(r.data, format=fmt)]
    assert sorted(subjects) == DOCS


def test_describe_is_rdf(client):
    r = get(client, f"DESCRIBE <{EX}doc/1>", "text/turtle")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    assert [t.subject.value for t in ox.parse(r.data, format=ox.RdfFormat.TURTLE)] == [f"{EX}doc/1"]


def test_q_values_pick_the_format(client):
    r = get(client, SELECT, "application/sparql-results+json;q=0.4, text/csv;q=0.9, */*;q=0.1")
    assert r.mimetype == "text/csv"
    r = get(client, CONSTRUCT, "text/turtle;q=0.2, application/rdf+xml;q=0.8")
    assert r.mimetype == "application/rdf+xml"


def test_any_type_gets_the_first_format_of_each_kind(client):
    assert get(client, SELECT, "*/*").mimetype == "application/sparql-results+json"
    assert get(client, CONSTRUCT, "*/*").mimetype == "text/turtle"


@pytest.mark.parametrize(
    "fmt,query,mimetype",
    [
        ("csv", SELECT, "text/csv"),
        ("tsv", SELECT, "text/tab-separated-values"),
        ("xml", SELECT, "application/sparql-results+xml"),
        ("json", SELECT, "application/sparql-results+json"),
        ("ntriples", CONSTRUCT, "application/n-triples"),
        ("jsonld", CONSTRUCT, "application/ld+json"),
        ("json", CONSTRUCT, "application/ld+json"),
        ("text/csv", SELECT, "text/csv"),
    ],
)
def test_format_parameter_overrides_accept(client, fmt, query, mimetype):
    r = get(client, query, "application/sparql-results+xml, text/turtle", format=fmt)
    assert r.status_code == 200 and r.mimetype == mimetype


def test_406_when_nothing_fits(client):
    r = get(client, SELECT, "image/png")
    assert r.status_code == 406 and "text/csv" in r.text
    r = get(client, CONSTRUCT, "image/png")
    assert r.status_code == 406 and "text/turtle" in r.text
    assert get(client, CONSTRUCT, "text/csv").mimetype == "text/turtle"  # results formats only: graphs as Turtle
    assert get(client, SELECT, format="png").status_code == 406
    assert get(client, CONSTRUCT, format="csv").status_code == 406


# ---------------------------------------------------------------- HTTP
def test_head_has_headers_but_no_body(client):
    r = client.head("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.data == b""
    assert r.headers["ETag"]


def test_options_and_cors(client):
    r = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "content-type" in r.headers["Access-Control-Allow-Headers"]
    assert get(client, ASK).headers["Access-Control-Allow-Origin"] == "*"


def test_cors_can_be_switched_off(tiny_store):
    from server import create_app

    app = create_app(tiny_store, cors=False)
    try:
        assert "Access-Control-Allow-Origin" not in app.test_client().get("/health").headers
    finally:
        app.extensions["kgraph_executor"].close()


def test_gzip_when_accepted(client):
    query = 'SELECT ?x WHERE { VALUES ?x { "%s" } }' % ("long text " * 200)
    plain = client.get("/sparql", query_string={"query": query, "format": "xml"})
    zipped = client.get("/sparql", query_string={"query": query, "format": "xml"}, headers={"Accept-Encoding": "gzip"})
    assert len(plain.data) >= 1024
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    refused = client.get(
        "/sparql", query_string={"query": query, "format": "xml"}, headers={"Accept-Encoding": "gzip;q=0"}
    )
    assert "Content-Encoding" not in refused.headers


def test_etag_and_304(client):
    first = get(client, SELECT, "text/csv")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"] == "Fri, 02 Jan 2026 03:04:05 GMT"
    again = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/csv", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    other = client.get(
        "/sparql",
        query_string={"query": SELECT},
        headers={"Accept": "application/sparql-results+json", "If-None-Match": etag},
    )
    assert other.status_code == 200 and other.headers["ETag"] != etag
    since = client.get(
        "/sparql",
        query_string={"query": SELECT},
        headers={"Accept": "text/csv", "If-Modified-Since": "Sat, 03 Jan 2026 00:00:00 GMT"},
    )
    assert since.status_code == 304


def test_etag_changes_with_the_build(tiny_store):
    from endpoint_fixtures import make_store, tiny_quads

    from server import create_app

    tags = []
    for built in ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"):
        app = create_app(make_store(tiny_quads(), {"built": built, "inputs": {"a": built}}))
        try:
            tags.append(app.test_client().get("/sparql", query_string={"query": ASK}).headers["ETag"])
        finally:
            app.extensions["kgraph_executor"].close()
    assert tags[0] != tags[1]
