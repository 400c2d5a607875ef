"""``/search?q=…``: the label search as an HTML page or, for ``Accept: application/json`` or ``format=json``,
as JSON shaped like Wikidata's ``wbsearchentities`` (:mod:`kgraph.site.search_page`).

Parameters: ``q`` (the text), ``type`` (a class, repeatable: an IRI, ``prefix:Local`` or the project's
``Local``), ``limit`` (1–50, default 10), ``continue`` (the offset a previous answer's ``search-continue``
gave) and ``lang``. The index (:class:`kgraph.site.search.SearchIndex`) is built from the store at the
first search of each serving process and kept; a query longer than 200 characters, a bad ``limit``,
``continue`` or ``type`` is a 400 with one line saying why.
"""

from __future__ import annotations

import json
import threading

from flask import Blueprint, Response, current_app, request

from kgraph.site.render import Page
from kgraph.site.search import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY, SearchError, SearchIndex
from kgraph.site.search_page import SearchLinks, answer_json, render

from . import negotiate
from .language import choose as choose_language, html_response
from .pages import renderer

bp = Blueprint("search", __name__)

OFFERED = ("text/html", "application/xhtml+xml", "application/json")
_building = threading.Lock()


def index() -> SearchIndex:
    """The app's search index, built once from its store."""
    extensions = current_app.extensions
    with _building:
        if "kgraph_search" not in extensions:
            extensions["kgraph_search"] = SearchIndex.of(current_app.config["KGRAPH_STORE"])
    return extensions["kgraph_search"]


def wants_json() -> bool:
    """True for ``format=json``, or an ``Accept`` that prefers JSON to HTML."""
    wanted = request.args.get("format")
    if wanted:
        return wanted == "json"
    chosen = negotiate.choose(request.headers.get("Accept"), list(OFFERED))
    return chosen is not None and chosen[0] == "application/json"


def _number(name: str, default: int, error: SearchError) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 6:
        raise error
    return int(raw)


def _json(body: dict, status: int = 200) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
    response.vary.update(("Accept", "Accept-Language", "Cookie"))
    return response


@bp.route("/search")
def search() -> Response:
    lang = choose_language()
    args = request.args
    query = args.get("q", "")
    as_json = wants_json()
    kept = [("type", t) for t in args.getlist("type") if t.strip()] + [("limit", v) for v in args.getlist("limit")[:1]]
    page = Page(lang, SearchLinks(lang, query[:MAX_QUERY], kept))
    try:
        if not query.strip():
            if as_json:
                raise SearchError("search_no_query")
            return html_response(render(renderer(), page, None), lang)
        limit = _number("limit", DEFAULT_LIMIT, SearchError("search_bad_limit", MAX_LIMIT))
        offset = _number("continue", 0, SearchError("search_bad_offset"))
        types = [index().type_iri(value) for name, value in kept if name == "type"]
        results = index().search(query, types=types, limit=limit, offset=offset)
    except SearchError as err:
        if as_json:
            return _json({"error": {"code": err.code, "info": err.text(lang)}}, 400)
        return html_response(render(renderer(), page, None, err.text(lang)), lang, status=400)
    if as_json:
        return _json(answer_json(results, page, request.url_root, types))
    return html_response(render(renderer(), page, results), lang)
