"""Clean edges of the endpoint (issue 13, item 6), over real HTTP as ``kgraph serve`` serves.

Odd ``/id/…`` paths are not found (no traceback in the server's log), and log lines escape the control
characters of anything a client sent.
"""

from __future__ import annotations

import http.client
import io
import logging
import socket
from urllib.parse import urlsplit

import pytest

from endpoint_fixtures import granian_serving, live, tiny_quads, tiny_store  # noqa: F401
from paths import ROOT

#: Paths that decode to no IRI (percent-encoded bytes that are no UTF-8, ``<``, space, ``%``, NUL, CR, LF).
ODD_PATHS = [
    "/id/%ff",
    "/id/%3Cscript%3E",
    "/id/%20",
    "/id/%25",
    "/id/a%00b",
    "/id/a%0db",
    "/id/a%0ab",
    "/id/x/%ff.ttl",
    "/id/%3Cscript%3E.nt",
    "/id/%E2%80%AE%0d%0aFAKE%20LOG%20LINE",
]


def raw_get(url: str, path: str, accept: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` exactly as written (no client-side normalisation); (status, headers, body)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host or parts.netloc}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
        )
        sock.sendall(request.encode("latin-1"))
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    log = tmp_path_factory.mktemp("edges") / "serve.log"
    with granian_serving(tiny_quads(), timeout=5.0, log=log) as url:
        yield url, log


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_odd_id_paths_are_not_found_without_a_traceback(logged, accept):
    url, log = logged
    for path in ODD_PATHS:
        status, headers, body = raw_get(url, path, accept)
        assert status == 404, (path, status, body[:200])
        assert b"<script>" not in body
    known = raw_get(url, "/id/", "text/html")
    assert known[0] == 200  # the server is still well
    text = log.read_bytes()
    assert b"Traceback" not in text and b"Exception on" not in text
    assert b"\x00" not in text and b"\r" not in text


def test_odd_bytes_anywhere_get_no_server_error(logged):
    """Odd bytes in every route's path and in the pages' parameters: a client error at worst, never a 5xx."""
    url, log = logged
    odd = ["%ff", "%00", "%0d", "%3Cscript%3E", "%20", "%25", "..%2f..%2fetc%2fpasswd", "%c0%ae"]
    routes = [
        "/id/x/",
        "/static/",
        "/static/pages/",
        "/assets/yasgui/",
        "/assets/kgraph/",
        "/ontology.",
        "/",
        "/.well-known/",
    ]
    for route in routes:
        for value in odd:
            for accept in ("text/html", "text/turtle"):
                status, _headers, _body = raw_get(url, route + value, accept)
                assert 400 <= status < 500, (route + value, accept, status)
    for query in ("date=%00", "date=%ff", "lang=%00", "lang=%ff", "format=%ff"):
        for route in ("/id/", "/id/x", "/ontology", "/query", "/.well-known/void"):
            status, _headers, _body = raw_get(url, f"{route}?{query}", "text/html")
            assert status < 500, (route, query, status)
    assert b"Traceback" not in log.read_bytes()


def test_log_lines_escape_what_the_client_sent(tmp_path):
    """A route that fails logs the request path through the app's logger: CR, LF and NUL come out escaped."""
    from endpoint_fixtures import make_store
    from server import create_app

    app = create_app(make_store(tiny_quads()), workers=1)
    try:

        @app.before_request
        def boom():
            from flask import request

            if request.path.startswith("/boom/"):
                raise RuntimeError("failed on " + request.path.removeprefix("/boom/"))

        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        app.logger.addHandler(handler)
        try:
            response = app.test_client().get("/boom/a%0d%0aFORGED%00line%1b[31m")
        finally:
            app.logger.removeHandler(handler)
        assert response.status_code == 500
        written = stream.getvalue()
        assert "Exception on /boom/a\\x0d\\x0aFORGED\\x00line\\x1b[31m [GET]" in written
        assert "RuntimeError: failed on a\\x0d\\x0aFORGED\\x00line\\x1b[31m" in written  # the traceback too
        lines = written.splitlines()
        assert not any(line.startswith("FORGED") for line in lines)
        assert not any(c in written for c in "\r\x00\x1b")
    finally:
        app.extensions["kgraph_executor"].close()


def test_rdflib_warnings_about_odd_iris_are_escaped_too(tiny_store):
    from rdflib import URIRef

    from server import create_app

    app = create_app(tiny_store, workers=1)
    app.extensions["kgraph_executor"].close()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger("rdflib.term").addHandler(handler)
    try:
        URIRef("http://example.org/a b\r\nFORGED")  # rdflib warns that this does not look like an IRI
    finally:
        logging.getLogger("rdflib.term").removeHandler(handler)
    assert "\\x0d\\x0aFORGED" in stream.getvalue() and "\r" not in stream.getvalue()


def test_escape_controls_keeps_ordinary_text():
    from server.log_escaping import escape_controls

    assert escape_controls("Helsinki – Åbo ä") == "Helsinki – Åbo ä"
    assert escape_controls("a\\x0d") == "a\\\\x0d"  # a literal backslash cannot fake an escape
    assert escape_controls("a\nb", keep_newlines=True) == "a\nb"
    assert escape_controls("a\nb\x85") == "a\\x0ab\\x85"


# ---------------------------------------------------------------- --public-url
PUBLIC = "https://sparql.example.org:8443"
FORGED = "evil.example:666"


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    with granian_serving(tiny_quads(), timeout=5.0, extra=["--public-url", PUBLIC + "/"]) as url:
        yield url


def test_public_url_fixes_the_descriptions_whatever_the_host(public):
    for host in (None, FORGED):
        status, _headers, body = raw_get(public, "/sparql", "text/turtle", host=host)
        assert status == 200
        text = body.decode()
        assert f"sd:endpoint <{PUBLIC}/sparql>" in text
        assert "evil" not in text and "127.0.0.1" not in text
        status, _headers, body = raw_get(public, "/.well-known/void", "application/n-triples", host=host)
        assert status == 200
        assert f"<http://rdfs.org/ns/void#sparqlEndpoint> <{PUBLIC}/sparql>" in body.decode()
        assert b"evil" not in body and b"127.0.0.1" not in body


def test_public_url_fixes_redirects_and_the_base_of_queries(public):
    status, headers, _body = raw_get(public, "/id//x", "text/html", host=FORGED)
    assert status == 308 and headers["location"] == f"{PUBLIC}/id/x"
    status, headers, _body = raw_get(public, "/shapes", "text/html", host=FORGED)
    assert status == 303 and headers["location"] in (f"{PUBLIC}/ontology#shapes", "/ontology#shapes")
    query = "SELECT%20(%3Crel%3E%20AS%20%3Fx)%20%7B%7D"
    status, _headers, body = raw_get(public, f"/sparql?query={query}", "application/sparql-results+json", host=FORGED)
    assert status == 200
    assert f'"value":"{PUBLIC}/rel"' in body.decode().replace(" ", "")


def test_without_public_url_the_request_host_names_the_endpoint(logged):
    url, _log = logged
    status, _headers, body = raw_get(url, "/sparql", "text/turtle", host="other.example:8080")
    assert status == 200 and "sd:endpoint <http://other.example:8080/sparql>" in body.decode()


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://x.example",
        "https://",
        "https://x.example/?a=1",
        "https://u:p@x.example",
        "https://x.example:port",
        "sparql.example.org",
        "https://x.example/kp/",
    ],
)
def test_a_bad_public_url_is_refused_with_one_line(bad):
    from kgraph.errors import KgraphError
    from server.public_url import parse_public_url

    with pytest.raises(KgraphError, match="--public-url") as caught:
        parse_public_url(bad)
    assert "\n" not in str(caught.value)


def test_kgraph_serve_refuses_a_bad_public_url_before_loading(capsys):
    from kgraph.cli import main

    assert main(["serve", "--public-url", "ftp://x.example", "--port", "1"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("error: --public-url") and err.count("\n") == 1


# ---------------------------------------------------------------- statuses as documented
HIDDEN_UPDATES = [
    "#\rINSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "# a comment\nPREFIX ex: <http://example.org/>\n# another\r\nBASE <http://b/> DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/> #\rLOAD <http://127.0.0.1:9/>",
    "INS\\u0045RT DATA { <urn:a> <urn:b> <urn:c> }",
    "  cLeAr ALL",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT { <urn:a> <urn:b> ?broken",
]
NOT_UPDATES = [
    "# INSERT DATA { <urn:a> <urn:b> <urn:c> }\nSELECT * {} LIMIT 1",
    "SELECT ?insert {} LIMIT 1",
    "PREFIX insert: <urn:x:>\nASK { ?s insert:p ?o }",
]


def test_every_update_however_hidden_gets_403(live):
    import requests

    for text in HIDDEN_UPDATES:
        answers = [
            requests.get(live + "/sparql", params={"query": text}, timeout=30),
            requests.post(live + "/sparql", data={"query": text}, timeout=30),
            requests.post(
                live + "/sparql", data=text.encode(), timeout=30, headers={"Content-Type": "application/sparql-query"}
            ),
            requests.post(
                live + "/sparql", data=text.encode(), timeout=30, headers={"Content-Type": "application/sparql-update"}
            ),
        ]
        assert [a.status_code for a in answers] == [403] * 4, (text, [a.text for a in answers])
        assert all("read-only" in a.text for a in answers)


def test_queries_that_mention_update_keywords_are_answered(live):
    import requests

    for text in NOT_UPDATES:
        r = requests.get(
            live + "/sparql", params={"query": text}, timeout=30, headers={"Accept": "application/sparql-results+json"}
        )
        assert r.status_code == 200, (text, r.text)
    broken = requests.get(live + "/sparql", params={"query": "SELECT * { ?s ?p }"}, timeout=30)
    assert broken.status_code == 400


def test_long_gets_get_the_documented_statuses(live):
    """Up to the HTTP server's URI limit (65,534 bytes) a GET is answered, past it 414; POST: 413 past 256 KiB."""
    import requests

    def get(length: int) -> int:
        prefix = "/sparql?query=ASK%7B%7D%23"  # ASK{}# and a comment filling the request target to ``length``
        return requests.get(
            live + prefix + "x" * (length - len(prefix)),
            timeout=30,
            headers={"Accept": "application/sparql-results+json"},
        ).status_code

    assert get(65_000) == 200
    assert get(65_535) == 414 and get(200_000) == 414
    docs = (ROOT / "docs" / "endpoint.md").read_text()
    assert "| 414 | a GET whose request target (path and query string) is longer than 65,534 bytes" in docs
    body = "ASK {} #" + "x" * (256 * 1024)
    assert requests.post(live + "/sparql", data={"query": body}, timeout=30).status_code == 413
    assert requests.post(live + "/sparql", data={"query": body[: 250 * 1024]}, timeout=30).status_code == 200


# ---------------------------------------------------------------- security headers
#: Every HTML route of the endpoint: the index, a resource that is missing (the not-found page), an odd
#: path, the ontology page, the query UI (twice), a path no route has, the landing page.
HTML_ROUTES = ["/id/", "/id/nobody", "/id/%3Cscript%3E", "/ontology", "/query", "/sparql", "/no/such/page", "/"]


def directives(policy: str) -> dict[str, set[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def test_every_html_route_carries_the_security_headers(live):
    import re

    for path in HTML_ROUTES:
        status, headers, body = raw_get(live, path, "text/html")
        assert headers["content-type"].startswith("text/html"), path
        assert status in (200, 404), (path, status)
        policy = directives(headers["content-security-policy"])
        assert policy["default-src"] == {"'none'"} and policy["frame-ancestors"] == {"'none'"}, path
        assert policy["base-uri"] == {"'none'"}
        assert headers["referrer-policy"] == "no-referrer" and headers["x-frame-options"] == "DENY"
        scripts = re.findall(rb"<script\b[^>]*>", body)
        if path in ("/query", "/sparql"):  # the query UI: scripts from this server only, none inline
            assert policy["script-src"] == {"'self'"} and policy["connect-src"] == {"'self'"}
            assert "'unsafe-inline'" not in policy["style-src"]
            for tag in scripts:  # a JSON data block is never run; every other script is a file of this server
                assert b'type="application/json"' in tag or re.search(rb'src="/assets/', tag), tag
        else:  # pages: no script may run at all
            assert "script-src" not in policy and scripts == [], path
            assert policy["style-src"] == {"'self'"}


def test_the_query_ui_loads_its_script_and_style_sheet_from_this_server(live):
    import requests

    for name, media in (("query.js", "text/javascript"), ("query.css", "text/css")):
        r = requests.get(f"{live}/assets/kgraph/{name}", timeout=30)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(media), name
    assert "new Yasgui(" in requests.get(f"{live}/assets/kgraph/query.js", timeout=30).text
