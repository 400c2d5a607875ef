"""A read deadline for request bodies: a client that sends its body too slowly gets a 408 and is disconnected.

granian gives headers a read deadline (``HTTP1Settings.header_read_timeout``) but none to bodies, and a WSGI
read of ``wsgi.input`` blocks until the bytes it asks for have arrived: one byte a second would hold a request
thread for as long as the client likes. :class:`BodyDeadline` reads the whole body before the app sees it and
gives it ``seconds``; past that the client gets a 408 with ``Connection: close`` and granian closes the
connection. A client that stops sending altogether holds its request thread (one of the spare ones of
:mod:`server.serving`) until it disconnects: in production nginx in front absorbs such clients
(``deploy/nginx/kgraph.conf``). The app then reads the
body from memory. Bodies longer than ``max_body`` are not read at all: the app refuses them with its 413.
"""

from __future__ import annotations

import io
import time

#: Seconds a client has to send its whole request body.
DEFAULT_SECONDS = 10.0


class BodyDeadline:
    """WSGI middleware: ``app`` sees each request body only once it has arrived in full within ``seconds``."""

    def __init__(self, app, *, seconds: float = DEFAULT_SECONDS, max_body: int = 1024 * 1024):
        self.app, self.seconds, self.max_body = app, seconds, max_body

    def __call__(self, environ: dict, start_response):
        size = self._size(environ)
        if size is None:
            return self.app(environ, start_response)
        body = self._read(environ["wsgi.input"], size)
        if body is None:
            start_response(
                "408 Request Timeout", [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")]
            )
            return [f"The request body did not arrive within {self.seconds:g} s.\n".encode()]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def _size(self, environ: dict) -> int | None:
        """How many bytes to read before the app runs; None: nothing to read here (or let the app refuse it)."""
        if environ.get("wsgi.input") is None:
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or -1)
        except ValueError:
            return None  # the app answers 400
        if length < 0:  # no length: a chunked body, read up to one byte past the limit (the app says 413)
            return self.max_body + 1 if environ.get("wsgi.input_terminated") else None
        return length if 0 < length <= self.max_body else None

    def _read(self, stream, size: int) -> bytes | None:
        """``size`` bytes of ``stream`` (fewer at its end), or None when they did not come within the deadline.

        One byte per read: a read blocks until all the bytes it asks for are there, so this is the only
        granularity at which the deadline holds against a client that sends one byte a second (it costs about
        0.7 s per MiB; bodies are at most ``max_body``). A read left pending in another thread past the response
        deadlocks granian's serving process, so the reading stays in the request thread.
        """
        deadline = time.monotonic() + self.seconds
        body = bytearray()
        read = stream.read
        while len(body) < size:
            byte = read(1)
            if not byte:
                break
            body += byte
            if time.monotonic() > deadline:
                return None
        return bytes(body)
