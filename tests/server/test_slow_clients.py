"""Slow clients against a real ``kgraph serve``: 16 connections sending their bodies and 16 sending their
headers at one byte a second neither delay cheap queries and ``/health`` nor stay open past the deadline."""

from __future__ import annotations

import threading
import time

import requests
from client_probes import answer, drip, slow_clients, slowest_cheap_request
from serve_fixtures import kgraph_serve

BODY_TIMEOUT = 3.0
#: A cheap query or /health while the slow clients are connected; alone each takes a few milliseconds.
CHEAP_LIMIT = 1.0


def test_slow_bodies_and_headers_delay_no_one_and_are_closed_after_the_deadline(build_dir):
    with kgraph_serve(build_dir, "--workers", "2", "--threads", "2", "--body-timeout", str(BODY_TIMEOUT)) as (
        url,
        _process,
        _took,
    ):
        port = int(url.rsplit(":", 1)[1])
        bodies, headers = slow_clients(port)
        stop = threading.Event()
        dripper = threading.Thread(target=drip, args=(bodies + headers, stop), daemon=True)
        dripper.start()
        try:
            started = time.monotonic()
            slowest = slowest_cheap_request(url, BODY_TIMEOUT + 1)
            assert slowest < CHEAP_LIMIT, f"a cheap request took {slowest:.2f} s next to the slow clients"
            for conn in bodies + headers:
                conn.settimeout(BODY_TIMEOUT + 5)
            replies = [answer(conn) for conn in bodies]
            assert all(reply.startswith(b"HTTP/1.1 408 ") for reply in replies), {r[:40] for r in replies}
            assert all(b"did not arrive within 3 s" in reply for reply in replies)
            closed = [answer(conn) for conn in headers]  # granian drops a request whose headers are late
            assert not any(reply.startswith(b"HTTP/1.1 200") for reply in closed)
            assert time.monotonic() - started < BODY_TIMEOUT + 8, "the slow connections stayed open"
        finally:
            stop.set()
            for conn in bodies + headers:
                conn.close()


def test_a_body_sent_in_time_is_answered(build_dir):
    with kgraph_serve(build_dir, "--workers", "2", "--threads", "2", "--body-timeout", str(BODY_TIMEOUT)) as (
        url,
        _process,
        _took,
    ):
        query = "ASK { ?s ?p ?o }" + " " * 200_000  # well under the 1 MiB body limit, read byte by byte
        r = requests.post(
            url + "/sparql",
            data=query.encode(),
            timeout=10,
            headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        )
        assert r.status_code == 200 and r.json()["boolean"] is True
        form = requests.post(
            url + "/sparql", data={"query": "ASK { ?s ?p ?o }"}, timeout=10, headers={"Accept": "application/json"}
        )
        assert form.status_code == 200 and form.json()["boolean"] is True
        chunked = requests.post(
            url + "/sparql",
            data=iter([b"ASK { ?s ", b"?p ?o }"]),
            timeout=10,
            headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        )
        assert chunked.status_code == 200 and chunked.json()["boolean"] is True  # no Content-Length: chunked
