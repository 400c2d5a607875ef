"""The SPARQL 1.1 Protocol's query operation: what a request asks for, or why it is refused.

Accepted: ``GET ?query=``, ``POST`` form-encoded (``query=``) and ``POST``
``application/sparql-query`` (UTF-8), each with any number of
``default-graph-uri`` / ``named-graph-uri`` parameters. Refused: updates in
any form (403, the endpoint is read-only), several queries (400), other
media types or character sets (415) and queries over the size limit (413).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Request

from kgraph.store import looks_like_update

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."


class ProtocolError(Exception):
    """A request the endpoint refuses, with its HTTP status."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


@dataclass
class QueryRequest:
    """The query operation a request asks for; ``query`` is None when it carries no query."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _utf8(request: Request) -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"Unsupported charset {charset!r}: queries must be encoded in UTF-8.")


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"Exactly one '{name}' parameter is allowed; the request has {len(values)}.")
    return values[0] if values else None


def _check_size(query: str | None, limit: int) -> None:
    if query is not None and len(query.encode("utf-8", "surrogatepass")) > limit:
        raise ProtocolError(413, f"The query is longer than the limit of {limit} bytes.")


def parse(request: Request, *, max_query_bytes: int = 256 * 1024) -> QueryRequest:
    """The query operation of ``request`` (GET or POST), or :class:`ProtocolError`."""
    if request.method in ("GET", "HEAD"):
        if request.args.getlist("update"):
            raise ProtocolError(403, READ_ONLY)
        query = _single(request.args.getlist("query"), "query")
        params = request.args
    elif request.method == "POST":
        mimetype = request.mimetype
        if mimetype == UPDATE_TYPE:
            raise ProtocolError(403, READ_ONLY)
        if mimetype == FORM:
            _utf8(request)
            if request.form.getlist("update"):
                raise ProtocolError(403, READ_ONLY)
            query = _single(request.form.getlist("query") + request.args.getlist("query"), "query")
            if query is None:
                raise ProtocolError(400, "Missing 'query' parameter in the form.")
            params = request.values
        elif mimetype == QUERY_TYPE:
            _utf8(request)
            try:
                query = request.get_data().decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "The query is not valid UTF-8.") from None
            params = request.args
        elif not mimetype:
            raise ProtocolError(415, f"A POST needs a Content-Type: {FORM} or {QUERY_TYPE}.")
        else:
            raise ProtocolError(415, f"Unsupported Content-Type {mimetype!r}: use {FORM} or {QUERY_TYPE}.")
    else:
        raise ProtocolError(405, f"Method {request.method} is not allowed: use GET or POST.")
    _check_size(query, max_query_bytes)
    if query is not None and not query.strip():
        raise ProtocolError(400, "The 'query' parameter is empty.")
    if query is not None and looks_like_update(query):
        raise ProtocolError(403, READ_ONLY)
    return QueryRequest(query, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
