"""The SPARQL 1.1 Protocol's query operation: what a request asks for, or why it is refused.

Accepted: ``GET ?query=``, ``POST`` form-encoded (``query=``) and ``POST``
``application/sparql-query`` (UTF-8), each with any number of
``default-graph-uri`` / ``named-graph-uri`` parameters. Refused: updates in
any form (403, the endpoint is read-only; an update sent as a ``query`` fails
to parse as one, and :mod:`server.query_endpoint` answers 403 for it rather
than 400), several queries (400), other
media types or character sets (415) and queries over the size limit (413).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

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


def unquote(text: str) -> str:
    """``urllib.parse.unquote_plus``, done in C for well-formed input (a query has many escapes)."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    try:  # %XX becomes \xXX, which the C escape decoder turns into bytes (backslashes are doubled first)
        raw = codecs.escape_decode(text.replace("\\", "\\\\").replace("%", "\\x").encode("utf-8"))[0]
    except ValueError:  # a malformed escape: the standard library keeps it as it is
        return unquote_plus(text)
    return raw.decode("utf-8", "replace")


def parse_form(text: str) -> dict[str, list[str]]:
    """The fields of a query string or a form-encoded body (each name with all its values, blanks kept)."""
    fields: dict[str, list[str]] = {}
    for pair in text.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            fields.setdefault(unquote(name), []).append(unquote(value))
    return fields


def query_args(environ: dict) -> dict[str, list[str]]:
    """The parameters of the request's query string."""
    return parse_form(environ.get("QUERY_STRING", ""))


def content_type(environ: dict) -> tuple[str, dict[str, str]]:
    """The request's media type (lower case) and its parameters."""
    mimetype, *params = environ.get("CONTENT_TYPE", "").split(";")
    options = {}
    for param in params:
        name, _, value = param.partition("=")
        options[name.strip().lower()] = value.strip().strip('"')
    return mimetype.strip().lower(), options


def read_body(environ: dict, limit: int) -> bytes:
    """The request body; :class:`ProtocolError` 413 when it is longer than ``limit`` bytes."""
    stream = environ.get("wsgi.input")
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        raise ProtocolError(400, "The Content-Length header is not a number.") from None
    if length > limit:
        raise ProtocolError(413, f"The request is larger than the limit of {limit} bytes.")
    if stream is None or length == 0:
        return b""
    if length < 0:  # no length given: read what is there, but never more than the limit
        if not environ.get("wsgi.input_terminated"):
            return b""
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise ProtocolError(413, f"The request is larger than the limit of {limit} bytes.")
        return data
    return stream.read(length)


def _utf8(options: dict[str, str]) -> None:
    charset = options.get("charset")
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"Unsupported charset {charset!r}: queries must be encoded in UTF-8.")


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"Exactly one '{name}' parameter is allowed; the request has {len(values)}.")
    return values[0] if values else None


def _check_size(query: str | None, limit: int) -> None:
    if query is not None and len(query.encode("utf-8", "surrogatepass")) > limit:
        raise ProtocolError(413, f"The query is longer than the limit of {limit} bytes.")


def parse(
    environ: dict, args: dict[str, list[str]], *, max_query_bytes: int = 256 * 1024, max_body: int = 1024 * 1024
) -> QueryRequest:
    """The query operation of a WSGI request (GET or POST), or :class:`ProtocolError`.

    ``args`` are the query-string parameters (:func:`query_args`); a POST body is read here.
    """
    method = environ.get("REQUEST_METHOD", "GET")
    if method in ("GET", "HEAD"):
        if "update" in args:
            raise ProtocolError(403, READ_ONLY)
        query = _single(args.get("query", []), "query")
        params = args
    elif method == "POST":
        mimetype, options = content_type(environ)
        if mimetype == UPDATE_TYPE:
            raise ProtocolError(403, READ_ONLY)
        if mimetype == FORM:
            _utf8(options)
            form = parse_form(read_body(environ, max_body).decode("utf-8", "replace"))
            if "update" in form:
                raise ProtocolError(403, READ_ONLY)
            query = _single(form.get("query", []) + args.get("query", []), "query")
            if query is None:
                raise ProtocolError(400, "Missing 'query' parameter in the form.")
            params = {
                name: args.get(name, []) + form.get(name, []) for name in ("default-graph-uri", "named-graph-uri")
            }
        elif mimetype == QUERY_TYPE:
            _utf8(options)
            try:
                query = read_body(environ, max_body).decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "The query is not valid UTF-8.") from None
            params = args
        elif not mimetype:
            raise ProtocolError(415, f"A POST needs a Content-Type: {FORM} or {QUERY_TYPE}.")
        else:
            raise ProtocolError(415, f"Unsupported Content-Type {mimetype!r}: use {FORM} or {QUERY_TYPE}.")
    else:
        raise ProtocolError(405, f"Method {method} is not allowed: use GET or POST.")
    _check_size(query, max_query_bytes)
    if query is not None and not query.strip():
        raise ProtocolError(400, "The 'query' parameter is empty.")
    return QueryRequest(query, _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))


def _graphs(params: dict[str, list[str]], name: str) -> list[str]:
    """The graph IRIs of a dataset parameter; an empty value names none (roqet sends ``default-graph-uri=``)."""
    return [value for value in params.get(name, []) if value.strip()]
