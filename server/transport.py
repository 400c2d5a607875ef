"""HTTP concerns shared by every route: CORS, gzip, and the request size limit.

* CORS is on by default: any origin may query (``Access-Control-Allow-Origin: *``),
  and preflight ``OPTIONS`` requests are answered with the allowed methods and headers.
* Responses of 1 KiB and more are gzipped when the client accepts gzip.
* Request bodies over ``MAX_CONTENT_LENGTH`` are refused with 413.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

GZIP_MIN_BYTES = 1024
EXPOSED = "ETag, Last-Modified, Warning, X-Kgraph-Truncated, X-Kgraph-Row-Cap, X-Kgraph-Result-Size"


def accepts_gzip(header: str | None) -> bool:
    """True when an ``Accept-Encoding`` header accepts gzip."""
    codings = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if name.strip():
            codings[name.strip().lower()] = q
    return codings.get("gzip", codings.get("*", 0.0)) > 0


def gzipped(data: bytes, accept_encoding: str | None) -> bytes | None:
    """``data`` gzipped when it is worth it and the client accepts gzip, else None."""
    if len(data) < GZIP_MIN_BYTES or not accepts_gzip(accept_encoding):
        return None
    return gzip.compress(data, compresslevel=5)


def cors_headers(method: str, requested_headers: str | None) -> list[tuple[str, str]]:
    """The CORS headers of a response (with the preflight ones for ``OPTIONS``)."""
    headers = [("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", EXPOSED)]
    if method == "OPTIONS":
        headers += [
            ("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS"),
            ("Access-Control-Allow-Headers", requested_headers or "Accept, Content-Type, If-None-Match"),
            ("Access-Control-Max-Age", "86400"),
        ]
    return headers


def compress(response: Response) -> Response:
    response.vary.add("Accept-Encoding")
    if (
        (request.method == "HEAD" and response.status_code != 200)
        or response.direct_passthrough
        or response.status_code not in (200, 203)
        or "Content-Encoding" in response.headers
    ):
        return response
    data = gzipped(response.get_data(), request.headers.get("Accept-Encoding"))
    if data is not None:
        response.set_data(data)
        response.headers["Content-Encoding"] = "gzip"
    return response


def cors(response: Response) -> Response:
    for name, value in cors_headers(request.method, request.headers.get("Access-Control-Request-Headers")):
        response.headers[name] = value
    return response


def install(app: Flask, *, cors_enabled: bool = True, max_body: int = 1024 * 1024) -> None:
    app.config["MAX_CONTENT_LENGTH"] = max_body
    app.config["MAX_FORM_MEMORY_SIZE"] = max_body

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_err) -> Response:
        return Response(
            f"The request is larger than the limit of {max_body} bytes.\n", status=413, mimetype="text/plain"
        )

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if cors_enabled:
            cors(response)
        return compress(response)
