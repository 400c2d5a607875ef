"""``kgraph serve`` as a test starts it: a real subprocess on a free port, and the processes it runs.

Used by the serve, query-limit, slow-client and deployment tests, and by ``bench/attack.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from endpoint_fixtures import free_port
from paths import ROOT


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


def query_processes(pid: int) -> set[int]:
    """The query processes of a ``kgraph serve`` (children of its serving processes)."""
    return {q for serving in children(pid) for q in children(serving)}
