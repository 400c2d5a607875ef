"""SPARQL over HTTP: GET ?query=, POST form, POST application/sparql-query."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from kgraph import QueryError
from kgraph.results import serialize

bp = Blueprint("sparql", __name__)

# (media type, results format) for SELECT/ASK, and for CONSTRUCT/DESCRIBE.
RESULT_TYPES = [("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
                ("text/csv", "csv"), ("text/tab-separated-values", "tsv"), ("application/json", "json")]
GRAPH_TYPES = [("text/turtle", "turtle"), ("application/n-triples", "ntriples"),
               ("application/rdf+xml", "rdfxml")]


def _error(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _query_text() -> str | None:
    if request.method == "GET":
        return request.args.get("query")
    if request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    if request.mimetype == "application/sparql-update" or "update" in request.form:
        return None
    return request.form.get("query")


def _choose(types: list[tuple[str, str]]) -> tuple[str, str] | None:
    best = request.accept_mimetypes.best_match([t for t, _ in types], default=None)
    if best is None and (not request.accept_mimetypes or "*/*" in request.accept_mimetypes.values()):
        return types[0]
    return next((pair for pair in types if pair[0] == best), None)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    if request.method == "POST" and (request.mimetype == "application/sparql-update" or "update" in request.form):
        return _error(403, "This endpoint is read-only: SPARQL Update is not accepted.")
    text = _query_text()
    if not text:
        return _error(400, "Missing 'query' parameter.")
    store = current_app.config["KGRAPH_STORE"]
    params = request.args if request.method == "GET" else request.values
    try:
        result = store.query(text, default_graph_uris=params.getlist("default-graph-uri"),
                             named_graph_uris=params.getlist("named-graph-uri"))
    except QueryError as err:
        return _error(400, f"Invalid query: {err}")
    is_graph = result.__class__.__name__ == "QueryTriples"
    chosen = _choose(GRAPH_TYPES if is_graph else RESULT_TYPES)
    if chosen is None:
        return _error(406, "None of the requested media types can hold this result.")
    media_type, fmt = chosen
    return Response(serialize(result, fmt), mimetype=media_type)


@bp.route("/health")
def health() -> Response:
    store = current_app.config["KGRAPH_STORE"]
    return jsonify(status="ok", triples=len(store))
