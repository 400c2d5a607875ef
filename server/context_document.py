"""``/context.jsonld``: the project's JSON-LD context (:mod:`kgraph.query.jsonld_context`), the ``@context`` that
compact JSON-LD of the endpoint and of the resource pages names (``<base>context.jsonld``)."""

from __future__ import annotations

from flask import Blueprint, Response

from kgraph.query import jsonld_context

bp = Blueprint("context_document", __name__)


@bp.route("/" + jsonld_context.PATH)
def context_document() -> Response:
    response = Response(jsonld_context.document(), mimetype=jsonld_context.MEDIA_TYPE)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
