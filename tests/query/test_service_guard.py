"""SERVICE is decided by the grammar: the bypasses of the old regex guard, a differential fuzz test against
pyoxigraph, loopback listeners that count every outbound connection, and errors that never show a remote body."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time

import pyoxigraph as ox
import pytest
import requests
from endpoint_fixtures import client, live, tiny_app, tiny_store  # noqa: F401
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_probes import (
    BYPASSES,
    ENDPOINTS,
    KEYWORDS,
    NOISE,
    Listener,
    fill,
    probes,
    service_clause,
)

from kgraph.errors import QueryError
from kgraph.query.service_guard import ServiceRefused, decode_codepoints, service_endpoints
from kgraph.query.store import check_services, prefix_map
from paths import ROOT

BASE = "http://127.0.0.1:5000/sparql"


@pytest.fixture()
def listener():
    sock = Listener()
    yield sock
    sock.close()


def _oracle_store() -> ox.Store:
    """A store in which the patterns of the probes match, so that pyoxigraph gets as far as their SERVICE."""
    store = ox.Store()
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    kp = prefix_map()["kp"]
    for o in [
        ox.Literal("chair", language="en"),
        ox.Literal("x"),
        ox.Literal("x", language="fi"),
        ox.NamedNode(kp + "a'"),
        ox.NamedNode(kp + "a.b"),
        ox.NamedNode("http://e/SERVICE"),
    ]:
        store.add(ox.Quad(s, p, o))
    return store


ORACLE = _oracle_store()


def reaches(query: str, listener: Listener) -> bool:
    """True when pyoxigraph, evaluating ``query`` over :data:`ORACLE`, connects to ``listener``.

    The listener counts a connection before it closes it, so the count is final when the query returns.
    """
    before = listener.count
    try:
        result = ORACLE.query(query, prefixes=prefix_map(), base_iri=BASE)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass
    return listener.count > before


def refused(query: str, allowed=()) -> bool:
    try:
        check_services(query, allowed, BASE)
    except QueryError:
        return True
    return False


# ---------------------------------------------------------------- the checker
#: Syntax pyoxigraph reads and rdflib does not (LATERAL, a triple term, a base direction), around a SERVICE.
ONLY_PYOXIGRAPH = [
    "SELECT * {{ ?s ?p ?o LATERAL {{ SERVICE <{u}> {{ ?a ?b ?c }} }} }}",
    "SELECT * {{ BIND(<<( <http://a> <http://b> 'c' )>> AS ?t) SERVICE <{u}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ BIND('x'@en--ltr AS ?t) SERVICE <{u}> {{ ?a ?b ?c }} }}",
]


@pytest.mark.parametrize(
    ("template", "reason"),
    [(b, "SERVICE .*is not allowed:") for b in BYPASSES] + [(t, "could not be checked") for t in ONLY_PYOXIGRAPH],
)
def test_the_four_bypasses_and_syntax_rdflib_cannot_read_are_refused(template, reason, listener):
    query = fill(template, listener.url)
    assert reaches(query, listener), "pyoxigraph calls this SERVICE"
    with pytest.raises(ServiceRefused, match=reason):
        check_services(query, (), BASE)


def test_a_carriage_return_ends_a_comment_for_the_checker_as_for_pyoxigraph(listener):
    query = f"SELECT * WHERE {{ #\rSERVICE <{listener.url}> {{ ?s ?p ?o }}\n }}"
    assert reaches(query, listener)
    assert service_endpoints(query, base_iri=BASE, prefixes=prefix_map()) == [listener.url]


def test_endpoints_are_resolved_by_the_algebra():
    query = (
        "PREFIX e: <http://e/> SELECT * { FILTER EXISTS { SERVICE e:x { ?s ?p ?o } } SERVICE ?v { } "
        "SERVICE <rel> { } { SELECT * { SERVICE SILENT <http://z/> { } } } MINUS { SERVICE <http://m/> { } } }"
    )
    found = service_endpoints(query, base_iri=BASE, prefixes=prefix_map())
    assert sorted(found, key=str) == sorted(
        ["http://e/x", None, "http://127.0.0.1:5000/rel", "http://z/", "http://m/"], key=str
    )
    assert refused(query, ["http://e/x", "http://127.0.0.1:5000/rel", "http://z/", "http://m/"]), "?v is unknown"
    assert not refused(
        query.replace("SERVICE ?v { }", ""), ["http://e/x", "http://127.0.0.1:5000/rel", "http://z/", "http://m/"]
    )


def test_codepoint_escapes_are_decoded_before_the_keyword_is_looked_for():
    assert decode_codepoints("\\u0053ERVICE \\U0000003c") == "SERVICE <"
    assert refused("SELECT * { \\u0053ERVICE <http://x/> { } }")
    assert service_endpoints("SELECT * { <\\u0068ttp://x/> ?p ?o }") == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://a/>" <http://e/SERVICE> } } # SERVICE <http://b/>',
        "SELECT ?service WHERE { ?service a kp:Service }",
        "SELECT * WHERE { ?s ?p 'self-service'@en }",
    ],
)
def test_the_word_in_strings_iris_comments_and_names_is_not_refused(query):
    assert not refused(query)


def test_a_query_that_mentions_service_and_cannot_be_parsed_is_refused():
    with pytest.raises(ServiceRefused, match="could not be checked"):
        check_services("SELECT * WHERE { ?s ?p 'service' ", (), BASE)
    with pytest.raises(ServiceRefused, match="could not be checked|nested too deeply"):
        check_services("SELECT * { FILTER(" + "(" * 400 + "1" + ")" * 400 + ") } # service", (), BASE)


def test_the_parse_is_bounded_by_the_length_of_the_query():
    strings = " ".join(f'"service {i}"' for i in range(3000))  # 40 KiB of literals
    with pytest.raises(ServiceRefused, match="too long to be checked"):
        check_services(f"SELECT * {{ VALUES ?x {{ {strings} }} }}", (), BASE)
    shorter = " ".join(f'"service {i}"' for i in range(2000))  # 28 KiB
    assert not refused(f"SELECT * {{ VALUES ?x {{ {shorter} }} }}")


def test_queries_without_the_word_are_not_parsed(monkeypatch):
    from rdflib.plugins.sparql import parser

    def fail(_text):
        raise AssertionError("parsed")

    monkeypatch.setattr(parser, "parseQuery", fail)
    assert service_endpoints("SELECT * { ?s ?p ?o } # servic e") == []
    with pytest.raises(ServiceRefused):
        service_endpoints("SELECT * { ?s ?p ?o } # service")


# ---------------------------------------------------------------- differential fuzzing
PIECES = st.sampled_from(NOISE)
CHARS = st.text(alphabet="'\"<>#\\\r\n\t .;:@{}()?$_-aeSu0x^", max_size=6)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    before=st.lists(st.one_of(PIECES, CHARS), max_size=4),
    after=st.lists(st.one_of(PIECES, CHARS), max_size=3),
    keyword=st.sampled_from(KEYWORDS),
    endpoint=st.sampled_from(ENDPOINTS),
    shape=st.sampled_from(
        [
            "SELECT * WHERE {{ {a} {s} {b} }}",
            "ASK {{ {a} {s} {b} }}",
            "SELECT * {{ {a} FILTER EXISTS {{ {s} }} {b} }}",
            "SELECT * {a} {{ {s} {b} }}",
            "SELECT * {{ {a} }} VALUES ?v {{ {b} }} {s}",
        ]
    ),
)
def test_whenever_pyoxigraph_would_call_the_service_the_checker_refuses(
    listener, before, after, keyword, endpoint, shape
):
    text = shape.format(a=" ".join(before), s=service_clause(keyword, endpoint), b=" ".join(after))
    query = "PREFIX ex: <" + listener.url + "> " + fill(text, listener.url)
    if reaches(query, listener):
        assert refused(query), f"pyoxigraph calls SERVICE in {query!r} but the checker lets it through"


# ---------------------------------------------------------------- nothing leaves the machine
def test_no_probe_through_the_endpoint_connects(live, listener):
    sent = probes(listener.url, 1200)
    statuses: dict[int, int] = {}
    with requests.Session() as session:
        for query in sent:
            key = "update" if query.startswith("LOAD") else "query"
            status = session.post(live + "/sparql", data={key: query}, timeout=30).status_code
            statuses[status] = statuses.get(status, 0) + 1
    time.sleep(0.2)
    assert listener.count == 0, f"{listener.count} connections from {len(sent)} probes ({statuses})"
    assert statuses.get(400, 0) > 1000 and not statuses.get(500) and not statuses.get(503)


def test_no_probe_through_the_query_command_connects(store, listener):
    sent = [q for q in probes(listener.url, 1200, seed=1) if not q.startswith("LOAD")]
    outcomes = {"refused": 0, "answered": 0}
    for query in sent:  # the path of `kgraph query`: GraphStore.query
        try:
            result = store.query(query)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
            outcomes["answered"] += 1
        except QueryError:
            outcomes["refused"] += 1
    time.sleep(0.2)
    assert listener.count == 0, f"{listener.count} connections from {len(sent)} probes ({outcomes})"
    assert outcomes["refused"] > 1000


@pytest.mark.parametrize("template", BYPASSES)
def test_the_query_command_refuses_the_bypasses(build_dir, listener, template):
    query = fill(template, listener.url)
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir))
    done = subprocess.run(
        [sys.executable, "-m", "kgraph", "query", query],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "SERVICE" in done.stderr and "not allowed" in done.stderr
    assert "Traceback" not in done.stderr and listener.count == 0


# ---------------------------------------------------------------- what a remote endpoint says stays there
SECRET = "internal-secret-7f3a"


class _Failing(http.server.BaseHTTPRequestHandler):
    def _fail(self):
        body = f"upstream error: {SECRET}".encode()
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _fail

    def log_message(self, *args):
        pass


def test_an_allowed_endpoint_s_error_body_is_never_shown(tiny_store):
    from server import create_app

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{upstream.server_address[1]}/sparql"
    query = f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    try:
        with pytest.raises(Exception, match=SECRET):  # pyoxigraph itself puts the body in its message
            list(ox.Store().query(query))
        app = create_app(tiny_store, timeout=5.0, workers=1, allowed_services=[target], warm=True)
        try:
            r = app.test_client().get("/sparql", query_string={"query": query})
            assert r.status_code == 400 and SECRET not in r.get_data(as_text=True)
            assert "SERVICE endpoint" in r.get_data(as_text=True)
        finally:
            app.extensions["kgraph_executor"].close()
    finally:
        upstream.shutdown()


def test_every_generated_probe_pyoxigraph_would_send_is_refused(listener):
    sent = probes(listener.url, 1500, seed=2)
    reached = [q for q in sent if reaches(q, listener)]
    assert len(reached) >= 50, "the oracle sees pyoxigraph call SERVICE in a good share of the probes"
    assert [q for q in reached if not refused(q)] == []
