"""A real Oxigraph server on loopback for the external-store tests (``oxigraph serve``, from PyPI ``oxigraph``).

``from store_fixtures import oxigraph_server  # noqa: F401`` gives a module-scoped :class:`OxigraphServer`
with an empty, temporary ``--location``. Tests are skipped, with the reason, when the binary is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from endpoint_fixtures import free_port


class OxigraphServer:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT``, started and stopped by the tests."""

    def __init__(self, location: Path, *, timeout_s: float | None = 5.0, union: bool = False):
        binary = shutil.which("oxigraph")
        if binary is None:
            pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph, or '.[store]')")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"]
        if timeout_s is not None:
            command += ["--timeout-s", f"{timeout_s:g}"]
        if union:
            command.append("--union-default-graph")
        self.log = location.parent / f"oxigraph-{self.port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self.wait_ready()

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    def wait_ready(self, limit: float = 20.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited ({self.process.returncode}): {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph did not start within {limit:g} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def load(self, nquads: bytes) -> None:
        """Add N-Quads to the store (test setup)."""
        request = urllib.request.Request(
            self.base + "/store", data=nquads, method="POST", headers={"Content-Type": "application/n-quads"}
        )
        with urllib.request.urlopen(request, timeout=30):
            pass

    def update(self, text: str) -> None:
        request = urllib.request.Request(
            self.base + "/update",
            data=text.encode(),
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        with urllib.request.urlopen(request, timeout=30):
            pass


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db")
    yield server
    server.stop()
