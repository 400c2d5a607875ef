"""``kgraph serve``: starts from a built graph quickly, answers queries, applies its options, stops runaways
by replacing their query process only, and runs closed to the network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from endpoint_fixtures import free_port

from kgraph.query.offline import is_offline

ROOT = Path(__file__).resolve().parent.parent
#: The target is 1 s (see bench/endpoint_bench.py); the test allows for a loaded CI machine.
COLD_START_LIMIT = 3.0


#: A cross product of fifteen patterns: far longer than any time limit here.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(15)) + " }"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


@contextmanager
def kgraph_serve(build_dir: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """``kgraph serve`` on a free port; (base URL, process, seconds from start to the first answer)."""
    port = free_port()
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "serve", "--port", str(port), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # a group of its own: a test may kill it all at once
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            assert time.perf_counter() - start < 60, "the server did not start"
            try:
                requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.02)
        yield url, process, time.perf_counter() - start
    finally:
        process.terminate()
        process.wait(timeout=20)
    log = process.stdout.read().decode(errors="replace") if process.stdout else ""
    assert "Traceback" not in log, log  # stopping, also while query processes start, is quiet


def children(pid: int, ended: bool = False) -> set[int]:
    """The processes whose parent is ``pid`` (the serving processes of a ``kgraph serve``).

    With ``ended``: those that have ended but were never reaped (zombies) instead.
    """
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and (fields[0] == "Z") == ended:
                found.add(int(entry.name))
    return found


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


def query_processes(pid: int) -> set[int]:
    """The query processes of a ``kgraph serve`` (children of its serving processes)."""
    return {q for serving in children(pid) for q in children(serving)}


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
