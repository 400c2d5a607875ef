"""``deploy/haproxy/kgraph.cfg`` with Debian's ``haproxy`` in front of two real ``kgraph serve`` replicas on
loopback: one replica is killed (every process of it, at once) in the middle of a stream of GET queries, and not
one request fails."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from contextlib import ExitStack

import pytest
import requests
from deploy_fixtures import site_config, wait_for_port
from endpoint_fixtures import free_port
from serve_fixtures import children, kgraph_serve

HAPROXY = shutil.which("haproxy") or ("/usr/sbin/haproxy" if os.access("/usr/sbin/haproxy", os.X_OK) else None)
#: Seconds of queries before the kill and after it.
BEFORE, AFTER = 3.0, 4.0
CLIENTS = 4
QUERIES = (
    "ASK { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "SELECT ?s ?label { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 200",
)

pytestmark = [
    pytest.mark.large,
    pytest.mark.skipif(HAPROXY is None, reason="needs Debian's haproxy (apt-get install haproxy; .ci/run installs it)"),
]


def test_killing_a_replica_under_load_loses_no_request(build_dir, tmp_path):
    with ExitStack() as stack:
        replicas = [stack.enter_context(kgraph_serve(build_dir, "--workers", "2", "--threads", "2")) for _ in range(2)]
        ports = [int(url.rsplit(":", 1)[1]) for url, _process, _took in replicas]
        port = free_port()
        (tmp_path / "haproxy.cfg").write_text(
            site_config(
                "haproxy/kgraph.cfg",
                {
                    "bind 127.0.0.1:8080": f"bind 127.0.0.1:{port}",
                    "server kgraph1 127.0.0.1:5001 check": f"server kgraph1 127.0.0.1:{ports[0]} check",
                    "server kgraph2 127.0.0.1:5002 check": f"server kgraph2 127.0.0.1:{ports[1]} check",
                },
            )
        )
        haproxy = subprocess.Popen(
            [HAPROXY, "-db", "-f", str(tmp_path / "haproxy.cfg")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        stack.callback(haproxy.wait, timeout=20)
        stack.callback(haproxy.terminate)
        wait_for_port(port, haproxy)
        url = f"http://127.0.0.1:{port}"

        # both replicas answer through haproxy (each /health names the serving process that answered it)
        serving = [children(process.pid) for _url, process, _took in replicas]
        seen = {requests.get(url + "/health", timeout=10).json()["process"]["pid"] for _ in range(20)}
        assert all(seen & pids for pids in serving), "haproxy did not spread the requests over both replicas"

        statuses: list[int | str] = []
        stop = threading.Event()

        def client(number: int) -> None:
            session = requests.Session()  # keep-alive to haproxy, as real clients do
            i = number
            while not stop.is_set():
                query = QUERIES[i % len(QUERIES)]
                i += 1
                try:
                    r = session.get(
                        url + "/sparql",
                        params={"query": query},
                        timeout=20,
                        headers={"Accept": "application/sparql-results+json"},
                    )
                    statuses.append(r.status_code if r.ok and r.json() else f"{r.status_code}: {r.text[:80]}")
                except (requests.RequestException, ValueError) as err:
                    statuses.append(repr(err))

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(BEFORE)
        before = len(statuses)
        victim = replicas[0][1]
        os.killpg(victim.pid, signal.SIGKILL)  # the replica's main, serving and query processes, mid-request
        victim.wait(timeout=10)
        time.sleep(AFTER)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        failed = [status for status in statuses if status != 200]
        assert before > 20 and len(statuses) - before > 20, (before, len(statuses))
        assert failed == [], f"{len(failed)} of {len(statuses)} requests failed: {failed[:5]}"
        assert requests.get(url + "/health", timeout=10).json()["process"]["pid"] in serving[1]
