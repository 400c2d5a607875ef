"""``/sparql`` for browsers and machines without a query, and ``/health``.

Requests that carry a query are answered before they reach Flask, by
:class:`server.query_endpoint.QueryEndpoint`; what is left for this blueprint
is ``GET /sparql`` without a query (the service description for machines, the
query UI for browsers), a query sent by a browser (the UI, opened on it) and
``OPTIONS``.
"""

from __future__ import annotations


from flask import Blueprint, Response, current_app, jsonify, request

from .query_endpoint import wants_html
from .service_description import service_description
from .ui import query_page

bp = Blueprint("sparql", __name__)


def executor():
    return current_app.extensions["kgraph_executor"]


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    if wants_html(request.args.to_dict(flat=False), request.headers.get("Accept")):
        return query_page(request.args.get("query"))
    return service_description()


@bp.route("/health")
def health() -> Response:
    store = current_app.config["KGRAPH_STORE"]
    runner = executor()
    manifest = getattr(store, "manifest", None) or {}
    body = {
        "status": "ok",
        "triples": len(store),
        "built": manifest.get("built"),
        "timeout": runner.timeout,
        **runner.health(),
    }
    return jsonify(body)
