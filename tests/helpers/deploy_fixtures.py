"""Helpers of the tests of ``deploy/``: the shipped configurations with their site lines set, daemons started."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from paths import ROOT

#: Debian's nginx (package nginx-light or nginx), if installed.
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def site_config(shipped_file: str, lines: dict[str, str]) -> str:
    """The text of ``deploy/<shipped_file>`` with each of its site ``lines`` (each there exactly once) replaced."""
    text = (ROOT / "deploy" / shipped_file).read_text()
    for shipped, here in lines.items():
        assert text.count(shipped) == 1, f"{shipped_file} has no single line {shipped!r}"
        text = text.replace(shipped, here)
    return text


def wait_for_port(port: int, process, seconds: float = 30) -> None:
    """Return once something listens on loopback ``port``; fail when ``process`` ends or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"the process ended with status {process.returncode}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on port {port}"
            time.sleep(0.05)


@contextmanager
def nginx_running(prefix: Path, site: str, port: int) -> Iterator[None]:
    """Debian's nginx in the foreground with the ``site`` configuration (an http {} block's content) and its
    files under ``prefix``, listening on loopback ``port`` once this yields; stopped after."""
    (prefix / "site.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # the test's folders are private to their owner
        + f"daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp}\n"
        f"    include {prefix / 'site.conf'};\n}}\n"
    )
    assert NGINX is not None
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)
