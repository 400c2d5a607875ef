"""``/reconcile``: the W3C Reconciliation Service API (0.2) over the label search, for OpenRefine and its kin.

* ``GET /reconcile``: the service manifest;
* ``GET /reconcile?queries=…`` or ``POST /reconcile`` (form field ``queries``): a reconciliation result batch;
* ``GET /reconcile/suggest/entity?prefix=…&cursor=N``: entity suggestions;
* ``GET /reconcile/view?id=IRI``: the manifest's view template, a redirect (303) to the resource's page.

The answers come from :mod:`kgraph.site.reconcile`; CORS is on, as the specification requires (and as every
route of the app has it unless ``--no-cors``). A malformed batch is a 400 with one line.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from kgraph.site import reconcile
from kgraph.site.describe import Node
from kgraph.site.render import Page, ServerLinks
from kgraph.site.search import SearchError

from .language import choose as choose_language
from .search_view import index

bp = Blueprint("reconcile", __name__)


def _json(body: dict, status: int = 200) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def _error(err: SearchError, lang: str, status: int = 400) -> Response:
    return _json({"error": {"code": err.code, "info": err.text(lang)}}, status)


def _page() -> Page:
    lang = choose_language()
    return Page(lang, ServerLinks(lang, "reconcile"))


@bp.route("/reconcile", methods=["GET", "POST"])
def service() -> Response:
    page = _page()
    queries = request.values.get("queries")
    if queries is None:
        return _json(reconcile.manifest(index(), page, request.url_root))
    try:
        return _json(reconcile.reconcile(index(), reconcile.parse_batch(queries), page))
    except SearchError as err:
        return _error(err, page.lang, 413 if err.key == "reconcile_too_many" else 400)


@bp.route("/reconcile/suggest/entity")
def suggest_entity() -> Response:
    page = _page()
    cursor = request.args.get("cursor", "0")
    try:
        if not cursor.isdigit() or len(cursor) > 6:
            raise SearchError("search_bad_offset")
        return _json(reconcile.suggest(index(), request.args.get("prefix", ""), int(cursor), page))
    except SearchError as err:
        return _error(err, page.lang)


@bp.route("/reconcile/view")
def view() -> BaseResponse:
    page = _page()
    iri = request.args.get("id", "")
    href = page.href(Node(iri, "iri", described=True)) if iri else None
    if href is None:
        return _error(SearchError("reconcile_no_page", repr(iri[:200])), page.lang, 404)
    return redirect(href, code=303)
