"""Safety: killable time limit, row cap, SERVICE refused, nothing fetched, size limits, escaping."""

from __future__ import annotations

import os
import socket
import time
from urllib.parse import urlencode

import pytest
import requests
from endpoint_fixtures import EX, GRAPHS, client, live, pooled_app, serving, tiny_app, tiny_store  # noqa: F401

#: A cross product of fifteen patterns: far longer than any time limit here.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(15)) + " }"
ITEMS = "SELECT ?item ?label WHERE { ?item <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?item"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # a zombie not yet reaped still answers kill(0); look at its state
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] == "Z"
    except OSError:
        return True


# ---------------------------------------------------------------- time limit
def assert_runaway_stopped(url: str) -> None:
    """The runaway query gets a 503 naming the 2 s time limit, once the limit has passed and not much later."""
    start = time.monotonic()
    r = requests.get(url + "/sparql", params={"query": RUNAWAY}, timeout=30)
    took = time.monotonic() - start
    assert r.status_code == 503
    assert "time limit of 2 s" in r.text and "stopped" in r.text
    assert 1.5 < took < 6


def test_runaway_query_is_stopped_and_the_next_is_answered_at_once(live):
    """Under ``kgraph serve`` (granian, query threads): the client hears at once, the next query is answered."""
    assert_runaway_stopped(live)
    deadline = time.monotonic() + 20
    while True:  # the serving process that ran it is being replaced; the others answer meanwhile
        r = requests.get(live + "/sparql", params={"query": "ASK {}"}, timeout=30)
        if r.status_code == 200 or time.monotonic() > deadline:
            break
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_pooled_runaway_worker_is_killed_and_replaced(pooled_app):
    """The pooled executor (the app embedded in another WSGI server) kills the query's process."""
    pool = pooled_app.extensions["kgraph_executor"].pool
    pool.start(wait=True)
    before = set(pool.pids)
    with serving(pooled_app) as url:
        assert_runaway_stopped(url)
        start = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert time.monotonic() - start < 1.5, "the next query does not wait for the stopped one"
        killed = before - set(pool.pids)
        assert len(killed) == 1 and all(_gone(pid) for pid in killed)
        deadline = time.monotonic() + 20
        while pool.alive < pool.size and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.alive == pool.size, "the stopped worker was replaced"


def test_time_limit_is_configurable(tiny_store):
    from server import create_app

    app = create_app(tiny_store, timeout=0.5, workers=1, warm=True)
    try:
        start = time.monotonic()
        r = app.test_client().get("/sparql", query_string={"query": RUNAWAY})
        assert r.status_code == 503 and "0.5 s" in r.get_data(as_text=True)
        assert time.monotonic() - start < 3
        assert app.test_client().get("/health").get_json()["timeout"] == 0.5
    finally:
        app.extensions["kgraph_executor"].close()


# ---------------------------------------------------------------- row cap
def test_results_beyond_the_row_cap_are_signalled(client):
    r = client.get("/sparql", query_string={"query": ITEMS}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert len(r.get_json(force=True)["results"]["bindings"]) == 5
    assert r.headers["X-Kgraph-Truncated"] == "true"
    assert r.headers["X-Kgraph-Row-Cap"] == "5" and r.headers["X-Kgraph-Result-Size"] == "12"
    assert "truncated" in r.headers["Warning"] and "5 of 12 rows" in r.headers["Warning"]
    csv_rows = client.get("/sparql", query_string={"query": ITEMS, "format": "csv"}).get_data(as_text=True)
    assert len(csv_rows.strip().splitlines()) == 6


def test_results_within_the_cap_are_not_flagged(client):
    r = client.get("/sparql", query_string={"query": ITEMS + " LIMIT 5"})
    assert len(r.get_json(force=True)["results"]["bindings"]) == 5
    assert "X-Kgraph-Truncated" not in r.headers and "Warning" not in r.headers


def test_graph_results_are_capped_too(client):
    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"})
    assert len(r.get_data(as_text=True).strip().splitlines()) == 5
    assert r.headers["X-Kgraph-Truncated"] == "true" and r.headers["X-Kgraph-Result-Size"] == "15"


# ---------------------------------------------------------------- SERVICE and fetching
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?x <http://e/p> ?endpoint . service ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_with_400(client, query):
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 400 and "SERVICE" in r.get_data(as_text=True) and "not allowed" in r.get_data(as_text=True)


def test_service_in_strings_iris_and_comments_is_not_refused(client):
    query = 'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://a/>" <http://e/SERVICE> } } # SERVICE <http://b/>'
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


@pytest.fixture()
def listener():
    """A TCP listener on loopback that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def _connections(sock) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def test_no_outbound_connection_is_attempted(live, listener):
    target = "http://127.0.0.1:%d/" % listener.getsockname()[1]
    requests_sent = [
        {"query": f"SELECT * WHERE {{ SERVICE <{target}sparql> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * FROM <{target}graph> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{target}graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {
            "query": "SELECT * WHERE { ?s ?p ?o }",
            "default-graph-uri": target + "graph",
            "named-graph-uri": target + "named",
        },
        {"query": f"DESCRIBE <{target}resource>"},
        {"update": f"LOAD <{target}data.ttl>"},
    ]
    statuses = [requests.post(live + "/sparql", data=params, timeout=30).status_code for params in requests_sent]
    assert statuses == [400, 200, 200, 200, 200, 403]
    time.sleep(0.2)
    assert _connections(listener) == 0, "the endpoint connected to an address named in a query"


def test_allow_list_lets_named_endpoints_through(tiny_store, listener):
    from server import create_app

    target = "http://127.0.0.1:%d/sparql" % listener.getsockname()[1]
    app = create_app(tiny_store, timeout=1.0, workers=1, allowed_services=[target], warm=True)
    try:
        c = app.test_client()
        other = c.get("/sparql", query_string={"query": "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"})
        assert other.status_code == 400 and "allow-list" in other.get_data(as_text=True)
        c.get("/sparql", query_string={"query": f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"})
        time.sleep(0.2)
        assert _connections(listener) == 1, "the allowed endpoint is queried"
    finally:
        app.extensions["kgraph_executor"].close()


# ---------------------------------------------------------------- size limits
def test_large_bodies_are_413(live):
    r = requests.post(live + "/sparql", data={"query": "ASK {} #" + "x" * (2 * 1024 * 1024)}, timeout=30)
    assert r.status_code == 413
    r = requests.post(
        live + "/sparql",
        data=("ASK {} #" + "x" * (2 * 1024 * 1024)).encode(),
        timeout=30,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 413


def test_long_get_query_is_413(client):
    r = client.get("/sparql?" + urlencode({"query": "ASK {} #" + "x" * (300 * 1024)}))
    assert r.status_code == 413 and "limit" in r.get_data(as_text=True)


# ---------------------------------------------------------------- escaping
SCRIPT = '</script><script>alert("x")</script><b onmouseover=1>'


@pytest.mark.parametrize("editor", [True, False])
def test_query_reflected_into_the_ui_is_escaped(tiny_store, tmp_path, editor):
    from server import create_app

    app = create_app(tiny_store, node_modules=None if editor else tmp_path / "missing")
    try:
        r = app.test_client().get(
            "/sparql", query_string={"query": f"SELECT * {{}} # {SCRIPT}"}, headers={"Accept": "text/html"}
        )
        body = r.get_data(as_text=True)
        assert r.status_code == 200 and r.mimetype == "text/html"
        assert SCRIPT not in body and "<script>alert" not in body and "<b onmouseover" not in body
        assert "alert" in body, "the query is on the page, escaped"
    finally:
        app.extensions["kgraph_executor"].close()


def test_example_titles_are_escaped(tiny_store, tmp_path):
    from server import create_app

    (tmp_path / "01-x.rq").write_text(f"# title: {SCRIPT}\n# description: {SCRIPT}\nASK {{}}\n", encoding="utf-8")
    app = create_app(tiny_store)
    app.config["KGRAPH_EXAMPLES"] = tmp_path
    try:
        body = app.test_client().get("/query").get_data(as_text=True)
        assert SCRIPT not in body and "&lt;/script&gt;" in body
    finally:
        app.extensions["kgraph_executor"].close()


def test_errors_are_plain_text_never_html(client):
    r = client.get(
        "/sparql",
        query_string={"query": f"SELECT {SCRIPT}"},
        headers={"Accept": "application/sparql-results+json, */*;q=0.1"},
    )
    assert r.status_code == 400 and r.mimetype == "text/plain"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
