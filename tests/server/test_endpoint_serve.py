"""``kgraph serve``: starts from a built graph quickly, answers queries, applies its options, stops runaways
by replacing their query process only, and runs closed to the network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kgraph.query.offline import is_offline
from paths import ROOT
from serve_fixtures import children, kgraph_serve, query_processes

#: The target is 1 s (see bench/endpoint_bench.py); the test allows for a loaded CI machine.
COLD_START_LIMIT = 3.0


#: A cross product of fifteen patterns: far longer than any time limit here.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(15)) + " }"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def test_serve_starts_fast_and_answers(store, build_dir):
    with kgraph_serve(build_dir, "--timeout", "4", "--workers", "2", "--max-rows", "3") as (url, process, took):
        r = requests.get(url + "/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=10)
        assert r.status_code == 200 and int(r.text.split()[1]) == len(store)
        assert r.headers["Server"] == "granian"
        assert took < COLD_START_LIMIT, f"first answer after {took:.2f} s"
        health = requests.get(url + "/health", timeout=10).json()
        assert health["timeout"] == 4 and health["process"]["stopped_queries"] == 0
        assert health["process"]["pid"] in children(process.pid)
        assert len(children(process.pid)) == 2
        capped = requests.get(url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, timeout=10)
        assert capped.headers["X-Kgraph-Row-Cap"] == "3" and len(capped.json()["results"]["bindings"]) == 3


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the serving processes")
def test_runaway_query_is_stopped_by_replacing_its_query_process_only(build_dir):
    with kgraph_serve(build_dir, "--timeout", "1.5", "--workers", "2", "--threads", "2") as (url, process, _took):
        serving = children(process.pid)
        deadline = time.monotonic() + 30
        # a query process closes itself to the network as it starts (before loading the graph): wait for that
        while time.monotonic() < deadline:
            before = query_processes(process.pid)
            if len(before) == 4 and all(is_offline(pid) for pid in serving | before):
                break
            time.sleep(0.05)
        assert len(before) == 4 and all(is_offline(pid) for pid in serving | before)
        start = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": RUNAWAY}, timeout=30)
        took = time.monotonic() - start
        assert r.status_code == 503 and "time limit of 1.5 s" in r.text and "stopped" in r.text
        assert r.headers["Retry-After"] == "1"
        assert 1.2 < took < 5
        start = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert time.monotonic() - start < 1.5, "the next query does not wait for the stopped one"
        deadline = time.monotonic() + 30
        while len(query_processes(process.pid) - before) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        after = query_processes(process.pid)
        assert len(before - after) == 1, "the query process that ran the stopped query, and only it, is gone"
        assert len(after) == 4 and children(process.pid) == serving, "no serving process was replaced"
        stopped: dict[int, int] = {}  # per serving process (requests on new connections reach both, in time)
        for _ in range(60):
            health = requests.get(url + "/health", timeout=10).json()["process"]
            stopped[health["pid"]] = health["stopped_queries"]
            if len(stopped) == 2:
                break
        assert set(stopped) == serving and sum(stopped.values()) == 1
        r = requests.get(url + "/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=10)
        assert r.status_code == 200


def test_serve_refuses_a_port_in_use(build_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir))
        done = subprocess.run(
            [sys.executable, "-m", "kgraph", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr
