"""Defence in depth: a process closed to the network opens no internet socket, from any thread or child,
while its listening socket keeps serving; query processes run closed."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap

import pytest
from endpoint_fixtures import tiny_store  # noqa: F401
from service_probes import Listener

from kgraph.query.offline import is_offline
from paths import ROOT

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or platform.machine() not in ("x86_64", "aarch64"),
    reason="seccomp filters are for Linux on x86_64 and aarch64",
)

SCRIPT = textwrap.dedent("""
    import socket, subprocess, sys, threading
    import pyoxigraph as ox
    from kgraph.query.offline import go_offline, is_offline
    target = ("127.0.0.1", int(sys.argv[1]))
    server = socket.create_server(("127.0.0.1", 0))          # bound before: keeps working
    assert go_offline() and is_offline()
    outcomes = []
    def attempt(make):
        try:
            make()
            outcomes.append("connected")
        except PermissionError:
            outcomes.append("refused")
    attempt(lambda: socket.create_connection(target, timeout=2))
    attempt(lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
    worker = threading.Thread(target=attempt, args=(lambda: socket.create_connection(target, timeout=2),))
    worker.start(); worker.join()
    child = subprocess.run([sys.executable, "-c", f"import socket; socket.create_connection({target!r})"],
                           capture_output=True, text=True)
    outcomes.append("refused" if "PermissionError" in child.stderr else "connected")
    try:
        list(ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{target[1]}/> {{ ?s ?p ?o }} }}"))
        outcomes.append("connected")
    except OSError:
        outcomes.append("refused")
    a, b = socket.socketpair()                                 # AF_UNIX still works
    a.sendall(b"ok")
    print(" ".join(outcomes), b.recv(2).decode(), server.getsockname()[1], flush=True)
    conn, _ = server.accept()                                 # a connection from the (open) test process
    print(conn.recv(5).decode(), flush=True)
""")


def test_a_closed_process_cannot_connect_from_any_thread_or_child_but_still_accepts():
    import socket

    listener = Listener()
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(listener.sock.getsockname()[1])],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = process.stdout.readline().split()
        assert first[:6] == ["refused"] * 5 + ["ok"], first
        with socket.create_connection(("127.0.0.1", int(first[6])), timeout=10) as conn:
            conn.sendall(b"hello")
            assert process.stdout.readline().strip() == "hello"
        assert process.wait(timeout=30) == 0, process.stderr.read()
        assert listener.count == 0
    finally:
        listener.close()


def test_query_processes_run_closed_and_only_allowed_service_calls_reach_the_network(tiny_store):
    """With ``--allow-service`` the ordinary queries stay closed; a query whose SERVICE calls an allowed endpoint
    runs in the one process per pool that is open, and reaches that endpoint."""
    from server import create_app

    from kgraph.query.job import Job

    listener = Listener()
    allowed = listener.url
    closed = create_app(tiny_store, workers=2, warm=True)
    opened = create_app(tiny_store, workers=2, warm=True, allowed_services=[allowed])
    try:
        assert not is_offline()
        pids = closed.extensions["kgraph_executor"].pool.pids
        assert len(pids) == 2 and all(is_offline(pid) for pid in pids)
        executor = opened.extensions["kgraph_executor"]
        executor.run(Job(query="SELECT * WHERE { ?s ?p ?o } LIMIT 1"))
        ordinary = executor.pool.pids
        assert len(ordinary) == 2 and all(is_offline(pid) for pid in ordinary)
        assert executor.health().get("service_workers") is None  # not started before a SERVICE query
        try:
            executor.run(Job(query=f"SELECT * WHERE {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}"))
        except Exception:  # the listener answers nothing useful: the call failing is expected
            pass
        assert listener.count >= 1
        service = executor.service_pool.pids
        assert len(service) == 1 and not is_offline(service[0]) and service[0] not in ordinary
        assert executor.health()["service_workers"]["size"] == 1
    finally:
        closed.extensions["kgraph_executor"].close()
        opened.extensions["kgraph_executor"].close()
        listener.close()
