"""Helpers of the tests of ``deploy/``: the shipped configurations with their site lines set, daemons started."""

from __future__ import annotations

import socket
import time
from paths import ROOT


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
