"""Hostile clients for the serving tests: connections that send their request one byte a second."""

from __future__ import annotations

import socket
import threading
import time

#: Slow connections of each kind (issue 13: 16 slow-body and 16 slow-header connections).
SLOW = 16


def slow_clients(port: int) -> tuple[list[socket.socket], list[socket.socket]]:
    """16 POSTs whose body (1,000 bytes promised) is still to come and 16 requests stopped inside their headers."""
    bodies, headers = [], []
    for _ in range(SLOW):
        conn = socket.create_connection(("127.0.0.1", port), timeout=10)
        conn.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1000\r\n\r\n"
        )
        bodies.append(conn)
    for _ in range(SLOW):
        conn = socket.create_connection(("127.0.0.1", port), timeout=10)
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n")
        headers.append(conn)
    return bodies, headers


def drip(connections: list[socket.socket], stop: threading.Event) -> None:
    """One byte a second on every connection until ``stop`` (or the server closes them)."""
    while not stop.wait(1.0):
        for conn in connections:
            try:
                conn.send(b"X")
            except OSError:
                pass


def answer(conn: socket.socket) -> bytes:
    """What the server sent before closing ``conn`` (b"" when it closed without a word); raises
    :class:`TimeoutError` when it keeps ``conn`` open past the socket's timeout."""
    received = b""
    while True:
        try:
            chunk = conn.recv(4096)
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk


def slowest_cheap_request(url: str, seconds: float, *, health: str = "/health") -> float:
    """Send ``/health`` and a cheap query to ``url`` for ``seconds``; the longest any took (each must be a 200)."""
    import requests

    slowest = 0.0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        for path, params in ((health, None), ("/sparql", {"query": "ASK { ?s ?p ?o }"})):
            t = time.monotonic()
            r = requests.get(url + path, params=params, timeout=10)
            slowest = max(slowest, time.monotonic() - t)
            assert r.status_code == 200, (path, r.status_code)
        time.sleep(0.2)
    return slowest
