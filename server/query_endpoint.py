"""SPARQL queries at ``/sparql``, answered as a WSGI middleware in front of the Flask app.

Every request to ``/sparql`` that carries a query (or a refused operation) is
answered here, from the WSGI environ, without Flask's per-request machinery:
on the real graph that machinery costs several times what the query does
(see ``docs/decisions/0005-serving-processes.md``). Everything else, the
service description and query UI at ``/sparql`` included, goes on to Flask.

Protocol rules live in :mod:`server.protocol`, negotiation in
:mod:`server.negotiate`, CORS and gzip in :mod:`server.transport`, execution
(time limit, row cap) in :mod:`kgraph.query.execute`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from http import HTTPStatus

from kgraph import QueryError
from kgraph.query.job import Job
from kgraph.errors import PoolBusy, QueryMemory, QueryTimeout, WorkerFailure
from kgraph.query.results import (
    FORMAT_NAMES,
    GRAPH_MEDIA_TYPES,
    MEDIA_TYPE,
    TABULAR_MEDIA_TYPES,
    TRIPLES_AS_SOLUTIONS,
)
from kgraph.query.store import looks_like_update

from . import negotiate, protocol, transport

PATH = "/sparql"
HTML = "text/html"
TEXT_TYPES = (
    "text/",
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/json",
)
TABULAR_OFFERS = [t for t, _ in TABULAR_MEDIA_TYPES]
GRAPH_OFFERS = [t for t, _ in GRAPH_MEDIA_TYPES]
KINDS = {
    "triples": "a graph (CONSTRUCT/DESCRIBE)",
    "solutions": "query solutions (SELECT)",
    "boolean": "a boolean (ASK)",
}


def with_charset(media_type: str) -> str:
    return media_type + ("; charset=utf-8" if media_type.startswith(TEXT_TYPES) else "")


def wants_html(args: dict[str, list[str]], accept: str | None) -> bool:
    """True when the client names HTML and prefers it to every results format (a browser)."""
    if args.get("format", [""])[0]:
        return args["format"][0].lower() == "html"
    return _prefers_html(accept)


@lru_cache(maxsize=256)  # clients send the same few Accept headers again and again
def _prefers_html(accept: str | None) -> bool:
    html = negotiate.explicitly_accepts(accept, HTML)
    if html <= 0:
        return False
    ranges = negotiate.parse_accept(accept)
    others = [negotiate.quality(ranges, t) for t in TABULAR_OFFERS + GRAPH_OFFERS]
    return html >= max(others, default=0.0)


def format_override(value: str) -> tuple[str | None, str | None, str, str] | None:
    """``?format=``: (tabular format, graph format, their media types); None if unknown."""
    value = value.strip().lower()
    if value in FORMAT_NAMES:
        tabular, graph = FORMAT_NAMES[value]
    else:
        tabular = next((f for t, f in TABULAR_MEDIA_TYPES if t == value), None)
        graph = next((f for t, f in GRAPH_MEDIA_TYPES if t == value), None)
        if tabular is None and graph is None:
            return None
    return tabular, graph, MEDIA_TYPE.get(tabular or "", ""), MEDIA_TYPE.get(graph or "", "")


@lru_cache(maxsize=256)
def negotiated(accept: str | None) -> tuple[str | None, str | None, str, str]:
    """The format (and media type) for each kind of result chosen from ``Accept``.

    A client that accepts results formats but no graph format sends one ``Accept`` for every query and reads
    graphs as it can: one that prefers SPARQL XML results gets a graph as SPARQL XML results, one solution
    (``s``, ``p``, ``o``) per triple (roqet reads every answer so); any other gets Turtle, as Fuseki answers
    (rdflib's ``SPARQLStore(returnFormat="json")`` reads it by its ``Content-Type``).
    """
    tabular = negotiate.choose(accept, TABULAR_OFFERS)
    graph = negotiate.choose(accept, GRAPH_OFFERS)
    tab_fmt = dict(TABULAR_MEDIA_TYPES)[tabular[0]] if tabular else None
    if graph is None and tabular is not None:
        if tab_fmt == "xml":
            return tab_fmt, TRIPLES_AS_SOLUTIONS, tabular[0], tabular[0]
        graph = GRAPH_OFFERS[0], 0.0
    graph_fmt = dict(GRAPH_MEDIA_TYPES)[graph[0]] if graph else None
    return tab_fmt, graph_fmt, tabular[0] if tabular else "", graph[0] if graph else ""


def build_stamp(manifest: dict | None) -> tuple[str, datetime | None]:
    """An identifier of the served build and the time it was built (from its manifest)."""
    manifest = manifest or {}
    inputs = manifest.get("inputs") or {}
    identity = repr(sorted(inputs.items())) + str(manifest.get("built", "")) + str(manifest.get("triples", ""))
    built = None
    if manifest.get("built"):
        try:
            built = datetime.strptime(manifest["built"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        except ValueError:
            built = None
    return hashlib.sha256(identity.encode()).hexdigest()[:16], built


class QueryEndpoint:
    """WSGI middleware: answers SPARQL queries at ``/sparql`` with ``executor``, passes the rest to ``app``."""

    def __init__(
        self,
        app,
        executor,
        *,
        manifest: dict | None = None,
        max_rows: int | None = 100_000,
        max_query_bytes: int = 256 * 1024,
        max_body: int = 1024 * 1024,
        cors: bool = True,
    ):
        self.app, self.executor = app, executor
        self.max_rows, self.max_query_bytes, self.max_body, self.cors = max_rows, max_query_bytes, max_body, cors
        self.stamp, self.built = build_stamp(manifest)
        self.last_modified = format_datetime(self.built, usegmt=True) if self.built is not None else None

    def __call__(self, environ: dict, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") == "OPTIONS":
            return self.app(environ, start_response)  # other paths; CORS preflight
        args = protocol.query_args(environ)
        try:
            operation = protocol.parse(environ, args, max_query_bytes=self.max_query_bytes, max_body=self.max_body)
        except protocol.ProtocolError as err:
            return self.error(environ, start_response, err.status, err.message)
        if operation.query is None or (
            environ["REQUEST_METHOD"] != "POST" and wants_html(args, environ.get("HTTP_ACCEPT"))
        ):
            return self.app(environ, start_response)  # the service description or the query UI
        return self.answer(environ, start_response, args, operation)

    # ------------------------------------------------------------ responses
    def respond(
        self,
        environ: dict,
        start_response,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes = b"",
        *,
        vary: str = "Accept-Encoding",
    ):
        headers.append(("X-Content-Type-Options", "nosniff"))
        headers.append(("Vary", vary))
        if self.cors:
            headers += transport.cors_headers(environ["REQUEST_METHOD"], None)
        if status == 200 and body:
            packed = transport.gzipped(body, environ.get("HTTP_ACCEPT_ENCODING"))
            if packed is not None:
                body = packed
                headers.append(("Content-Encoding", "gzip"))
        if status != 304:
            headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" or status == 304 else [body]

    def error(self, environ: dict, start_response, status: int, message: str, *extra: tuple[str, str]):
        """A plain-text error (never HTML, so nothing the client sent is interpreted)."""
        headers = [("Content-Type", "text/plain; charset=utf-8"), *extra]
        if status == 405:
            headers.append(("Allow", "GET, POST, HEAD, OPTIONS"))
        body = (message.rstrip("\n") + "\n").encode("utf-8", "replace")
        return self.respond(environ, start_response, status, headers, body)

    def not_acceptable(self, environ: dict, start_response, kind: str | None = None):
        offered = GRAPH_OFFERS if kind == "triples" else TABULAR_OFFERS if kind else TABULAR_OFFERS + GRAPH_OFFERS
        return self.error(
            environ,
            start_response,
            406,
            f"Not acceptable: none of the requested media types can hold "
            f"{KINDS.get(kind or '', 'results')}. Available: {', '.join(dict.fromkeys(offered))}.",
        )

    # ------------------------------------------------------------ caching
    def etag(self, job: Job, media: tuple[str, str]) -> str:
        """The build, the job (query, dataset, formats, cap, base) and the negotiated media types."""
        key = "\x00".join([self.stamp, *media]).encode() + job.fingerprint
        return 'W/"' + hashlib.sha256(key).hexdigest()[:32] + '"'

    def not_modified(self, environ: dict, etag: str) -> bool:
        """True when the client's cached copy (If-None-Match, else If-Modified-Since) is current."""
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return False
        if "HTTP_IF_NONE_MATCH" in environ:
            tags = {t.strip().removeprefix("W/") for t in environ["HTTP_IF_NONE_MATCH"].split(",")}
            return etag.removeprefix("W/") in tags or "*" in tags
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if since and self.built is not None:
            try:
                return self.built <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def cache_headers(self, etag: str) -> list[tuple[str, str]]:
        headers = [("ETag", etag), ("Cache-Control", "public, no-cache")]
        if self.last_modified is not None:
            headers.append(("Last-Modified", self.last_modified))
        return headers

    # ------------------------------------------------------------ the query
    def answer(self, environ: dict, start_response, args: dict[str, list[str]], operation):
        override = args.get("format", [""])[0]
        if override:
            chosen = format_override(override)
            if chosen is None:
                return self.error(
                    environ,
                    start_response,
                    406,
                    f"Unknown format {override!r}; use one of: " + ", ".join(sorted(FORMAT_NAMES)) + ".",
                )
        else:
            chosen = negotiated(environ.get("HTTP_ACCEPT"))
        tabular, graph, tabular_media, graph_media = chosen
        if tabular is None and graph is None:
            return self.not_acceptable(environ, start_response)
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT')}"
        job = Job(
            operation.query,
            operation.default_graphs,
            operation.named_graphs,
            tabular,
            graph,
            self.max_rows,
            f"{environ.get('wsgi.url_scheme', 'http')}://{host}{PATH}",
        )
        etag = self.etag(job, (tabular_media, graph_media))
        if self.not_modified(environ, etag):
            return self.respond(environ, start_response, 304, self.cache_headers(etag), vary="Accept, Accept-Encoding")
        try:
            result = self.executor.run(job)
        except QueryError as err:
            if looks_like_update(job.query):  # checked only now, off the path of every valid query
                return self.error(environ, start_response, 403, protocol.READ_ONLY)
            return self.error(environ, start_response, 400, f"Invalid query: {err}")
        except (QueryTimeout, QueryMemory) as err:
            return self.error(
                environ,
                start_response,
                503,
                f"Query stopped: {err}. Narrow it down (LIMIT, more specific patterns) or ask for a higher limit.",
                ("Retry-After", "1"),
            )
        except PoolBusy as err:
            return self.error(environ, start_response, 503, f"Busy: {err}", ("Retry-After", "5"))
        except WorkerFailure as err:
            return self.error(environ, start_response, 500, f"Query failed: {err}")
        if result.format is None:
            return self.not_acceptable(environ, start_response, result.kind)
        media = graph_media if result.kind == "triples" else tabular_media
        headers = [("Content-Type", with_charset(media)), *self.cache_headers(etag)]
        if result.truncated:
            unit = "triples" if result.kind == "triples" else "rows"
            headers += [
                ("X-Kgraph-Truncated", "true"),
                ("X-Kgraph-Row-Cap", str(self.max_rows)),
                ("X-Kgraph-Result-Size", str(result.rows)),
                (
                    "Warning",
                    f'199 kgraph "Result truncated: the first {self.max_rows} of {result.rows} '
                    f'{unit}; page through it with LIMIT and OFFSET"',
                ),
            ]
        return self.respond(environ, start_response, 200, headers, result.body, vary="Accept, Accept-Encoding")
