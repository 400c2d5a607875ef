"""``kgraph serve``: starts from a built graph quickly, answers queries, applies its options."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests
from endpoint_fixtures import free_port

ROOT = Path(__file__).resolve().parent.parent
#: The target is 1 s (see bench/endpoint_bench.py); the test allows for a loaded CI machine.
COLD_START_LIMIT = 3.0


def test_serve_starts_fast_and_answers(store, build_dir):
    port = free_port()
    env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir))
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "kgraph", "serve", "--port", str(port), "--timeout", "4",
                                "--workers", "2", "--max-rows", "3"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            assert time.perf_counter() - start < 60, "the server did not start"
            try:
                r = requests.get(url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                                 headers={"Accept": "text/csv"}, timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.02)
        took = time.perf_counter() - start
        assert r.status_code == 200 and int(r.text.split()[1]) == len(store)
        assert took < COLD_START_LIMIT, f"first answer after {took:.2f} s"
        health = requests.get(url + "/health", timeout=10).json()
        assert health["timeout"] == 4 and health["workers"] == {"alive": 2, "size": 2}
        capped = requests.get(url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, timeout=10)
        assert capped.headers["X-Kgraph-Row-Cap"] == "3" and len(capped.json()["results"]["bindings"]) == 3
    finally:
        process.terminate()
        process.wait(timeout=10)
