"""The SPARQL endpoint at ``/sparql`` and ``/health``.

A request with a query is answered with results in the negotiated format;
one without a query is answered with the service description (machines) or
the query UI (browsers). Protocol rules live in :mod:`server.protocol`,
negotiation in :mod:`server.negotiate`, execution (worker processes, time
limit, row cap) in :mod:`kgraph.execute`.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from flask import Blueprint, Response, current_app, jsonify, request

from kgraph import QueryError
from kgraph.execute import Job
from kgraph.query_pool import PoolBusy, QueryTimeout, WorkerFailure
from kgraph.results import FORMAT_NAMES, GRAPH_MEDIA_TYPES, MEDIA_TYPE, TABULAR_MEDIA_TYPES

from . import negotiate, protocol
from .service_description import service_description
from .ui import query_page

bp = Blueprint("sparql", __name__)

HTML = "text/html"
TEXT_TYPES = ("text/", "application/sparql-results+json", "application/sparql-results+xml",
              "application/n-triples", "application/ld+json", "application/rdf+xml", "application/json")


def error(status: int, message: str, **headers: str) -> Response:
    """A plain-text error (never HTML, so nothing the client sent is interpreted)."""
    response = Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")
    response.headers.update(headers)
    return response


def executor():
    return current_app.extensions["kgraph_executor"]


# ---------------------------------------------------------------- negotiation
def _format_override() -> tuple[str | None, str | None, str, str] | None:
    """``?format=``: (tabular format, graph format, tabular media type, graph media type); None if unknown."""
    value = request.args.get("format", "").strip().lower()
    if value in FORMAT_NAMES:
        tabular, graph = FORMAT_NAMES[value]
    else:
        tabular = next((f for t, f in TABULAR_MEDIA_TYPES if t == value), None)
        graph = next((f for t, f in GRAPH_MEDIA_TYPES if t == value), None)
        if tabular is None and graph is None:
            return None
    return tabular, graph, MEDIA_TYPE.get(tabular, ""), MEDIA_TYPE.get(graph, "")


def _negotiated() -> tuple[str | None, str | None, str, str]:
    """The formats (and media types) for each kind of result chosen from ``Accept``."""
    accept = request.headers.get("Accept")
    tabular = negotiate.choose(accept, [t for t, _ in TABULAR_MEDIA_TYPES])
    graph = negotiate.choose(accept, [t for t, _ in GRAPH_MEDIA_TYPES])
    tab_fmt = dict(TABULAR_MEDIA_TYPES)[tabular[0]] if tabular else None
    graph_fmt = dict(GRAPH_MEDIA_TYPES)[graph[0]] if graph else None
    return tab_fmt, graph_fmt, tabular[0] if tabular else "", graph[0] if graph else ""


def wants_html() -> bool:
    """True when the client names HTML and prefers it to every results format (a browser)."""
    if request.args.get("format"):
        return request.args.get("format", "").lower() == "html"
    accept = request.headers.get("Accept")
    html = negotiate.explicitly_accepts(accept, HTML)
    if html <= 0:
        return False
    ranges = negotiate.parse_accept(accept)
    others = [negotiate.quality(ranges, t) for t, _ in TABULAR_MEDIA_TYPES + GRAPH_MEDIA_TYPES]
    return html >= max(others, default=0.0)


def _content_type(media_type: str) -> str:
    return media_type + ("; charset=utf-8" if media_type.startswith(TEXT_TYPES) else "")


# ---------------------------------------------------------------- caching
def build_stamp() -> tuple[str, datetime | None]:
    """An identifier of the served build and the time it was built (from its manifest)."""
    extensions = current_app.extensions
    if "kgraph_build_stamp" not in extensions:
        manifest = getattr(current_app.config["KGRAPH_STORE"], "manifest", None) or {}
        inputs = manifest.get("inputs") or {}
        identity = repr(sorted(inputs.items())) + str(manifest.get("built", "")) + str(manifest.get("triples", ""))
        built = None
        if manifest.get("built"):
            try:
                built = datetime.strptime(manifest["built"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
            except ValueError:
                built = None
        extensions["kgraph_build_stamp"] = (hashlib.sha256(identity.encode()).hexdigest()[:16], built)
    return extensions["kgraph_build_stamp"]


def _etag(job: Job, media: tuple[str, str]) -> str:
    stamp, _ = build_stamp()
    key = "\x00".join([stamp, job.query, "\x01".join(job.default_graphs), "\x01".join(job.named_graphs),
                       str(job.tabular), str(job.graph), *media, str(job.row_cap), str(job.base_iri)])
    return 'W/"' + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + '"'


def not_modified(etag: str) -> bool:
    """True when the client's cached copy (If-None-Match, else If-Modified-Since) is current."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "If-None-Match" in request.headers:
        tags = {t.strip().removeprefix("W/") for t in request.headers["If-None-Match"].split(",")}
        return etag.removeprefix("W/") in tags or "*" in tags
    since, (_, built) = request.headers.get("If-Modified-Since"), build_stamp()
    if since and built is not None:
        try:
            return built <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def cache_headers(response: Response, etag: str) -> Response:
    _, built = build_stamp()
    response.headers["ETag"] = etag
    if built is not None:
        response.headers["Last-Modified"] = format_datetime(built, usegmt=True)
    response.headers["Cache-Control"] = "public, no-cache"
    response.vary.update(("Accept", "Accept-Encoding"))
    return response


# ---------------------------------------------------------------- the endpoint
@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    try:
        operation = protocol.parse(request, max_query_bytes=current_app.config["KGRAPH_MAX_QUERY_BYTES"])
    except protocol.ProtocolError as err:
        return error(err.status, err.message, **({"Allow": "GET, POST, HEAD, OPTIONS"} if err.status == 405 else {}))
    if operation.query is None:
        if wants_html():
            return query_page()
        return service_description()
    if request.method == "GET" and wants_html():
        return query_page(operation.query)
    if request.args.get("format"):
        chosen = _format_override()
        if chosen is None:
            return error(406, f"Unknown format {request.args['format']!r}; use one of: "
                              + ", ".join(sorted(FORMAT_NAMES)) + ".")
    else:
        chosen = _negotiated()
    tabular, graph, tabular_media, graph_media = chosen
    if tabular is None and graph is None:
        return _not_acceptable()
    job = Job(operation.query, operation.default_graphs, operation.named_graphs, tabular, graph,
              current_app.config["KGRAPH_MAX_ROWS"], request.host_url.rstrip("/") + "/sparql")
    etag = _etag(job, (tabular_media, graph_media))
    if not_modified(etag):
        return cache_headers(Response(status=304), etag)
    try:
        answer = executor().run(job)
    except QueryError as err:
        return error(400, f"Invalid query: {err}")
    except QueryTimeout as err:
        return error(503, f"Query stopped: {err}. Narrow it down (LIMIT, more specific patterns) "
                          "or ask for a longer limit.", **{"Retry-After": "1"})
    except PoolBusy as err:
        return error(503, f"Busy: {err}", **{"Retry-After": "5"})
    except WorkerFailure as err:
        return error(500, f"Query failed: {err}")
    if answer.format is None:
        return _not_acceptable(answer.kind)
    media = graph_media if answer.kind == "triples" else tabular_media
    response = Response(answer.body, status=200, content_type=_content_type(media))
    if answer.truncated:
        cap = current_app.config["KGRAPH_MAX_ROWS"]
        unit = "triples" if answer.kind == "triples" else "rows"
        response.headers["X-Kgraph-Truncated"] = "true"
        response.headers["X-Kgraph-Row-Cap"] = str(cap)
        response.headers["X-Kgraph-Result-Size"] = str(answer.rows)
        response.headers["Warning"] = (f'199 kgraph "Result truncated: the first {cap} of {answer.rows} {unit}; '
                                       f'page through it with LIMIT and OFFSET"')
    return cache_headers(response, etag)


def _not_acceptable(kind: str | None = None) -> Response:
    if kind == "triples":
        offered = [t for t, _ in GRAPH_MEDIA_TYPES]
    elif kind is not None:
        offered = [t for t, _ in TABULAR_MEDIA_TYPES]
    else:
        offered = [t for t, _ in TABULAR_MEDIA_TYPES + GRAPH_MEDIA_TYPES]
    what = {"triples": "a graph (CONSTRUCT/DESCRIBE)", "solutions": "query solutions (SELECT)",
            "boolean": "a boolean (ASK)"}.get(kind or "", "results")
    return error(406, f"Not acceptable: none of the requested media types can hold {what}. "
                      f"Available: {', '.join(dict.fromkeys(offered))}.")


@bp.route("/health")
def health() -> Response:
    store = current_app.config["KGRAPH_STORE"]
    runner = executor()
    pool = getattr(runner, "pool", None)
    manifest = getattr(store, "manifest", None) or {}
    body = {"status": "ok", "triples": len(store), "built": manifest.get("built"),
            "timeout": runner.timeout}
    if pool is not None:
        body["workers"] = {"alive": pool.alive, "size": pool.size}
    return jsonify(body)
