"""Dereferenceable IRIs: every minted ``/id/…`` path, the ontology and the shapes.

Browsers get HTML in Finnish, Swedish or English (``?lang=`` switches and is
remembered in a cookie; otherwise ``Accept-Language``); Linked-Data clients
get Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept``, by ``?format=`` or
by a suffix (``/id/person/x.ttl``). The base IRI is mapped onto the
server's own host: ``<base>id/person/x`` is served at ``/id/person/x`` and
pages link to local paths.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, redirect, request, send_file
from rdflib import Graph
from werkzeug.wrappers import Response as BaseResponse

from kgraph.namespaces import base_iri, graph_iri
from kgraph.site.describe import cbd_triples, graph_triples, resources, to_bytes
from kgraph.site.ontodoc import shape_graphs
from kgraph.site.render import FORMATS, Page, Renderer, ServerLinks, listing

from . import composition_view, negotiate
from .language import choose as _language, html_response as _html

bp = Blueprint("pages", __name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
MEDIA_TYPES = {media: suffix for suffix, (media, _name) in FORMATS.items()}
ONTOLOGY_GRAPH = graph_iri("ontology/kp.ttl")


def _renderer() -> Renderer:
    extensions = current_app.extensions
    if "kgraph_pages" not in extensions:
        extensions["kgraph_pages"] = Renderer(current_app.config["KGRAPH_STORE"])
    return extensions["kgraph_pages"]


def is_iri(value: str) -> bool:
    """True when ``value`` is an IRI by RFC 3987's grammar (as pyoxigraph parses it).

    A path such as ``/id/%ff``, ``/id/%3Cscript%3E``, ``/id/%20``, ``/id/%25`` or one with NUL or CR decodes to
    no IRI at all: no resource can have it, so it is not found (404), and never reaches a query.
    """
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def _split_suffix(path: str) -> tuple[str, str | None]:
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in FORMATS and "/" not in suffix:
        return stem, suffix
    return path, None


def negotiate_format(suffix: str | None = None) -> str | None:
    """ "html" or a data suffix from the path, ``?format=`` or ``Accept``; None if nothing fits (406)."""
    if suffix:
        return suffix
    wanted = request.args.get("format")
    if wanted:
        return wanted if wanted in FORMATS or wanted == "html" else None
    chosen = negotiate.choose(request.headers.get("Accept"), list(HTML_TYPES) + list(MEDIA_TYPES))
    if chosen is None:
        return None
    return "html" if chosen[0] in HTML_TYPES else MEDIA_TYPES[chosen[0]]


def _data(triples, suffix: str, path: str) -> Response:
    response = Response(to_bytes(triples, suffix), mimetype=FORMATS[suffix][0])
    response.headers["Content-Location"] = f"/{path}.{suffix}"
    response.vary.add("Accept")
    return response


def _not_acceptable() -> Response:
    offered = ", ".join(list(HTML_TYPES[:1]) + list(MEDIA_TYPES))
    return Response(f"Not acceptable. This resource is available as: {offered}\n", status=406, mimetype="text/plain")


def _alternates(response: Response, path: str) -> Response:
    links = [f'</{path}.{s}>; rel="alternate"; type="{media}"' for s, (media, _name) in FORMATS.items()]
    response.headers["Link"] = ", ".join(links)
    return response


@bp.route("/id/")
@bp.route("/id")
def index() -> Response:
    lang = _language()
    store = current_app.config["KGRAPH_STORE"]
    page = Page(lang, ServerLinks(lang, "id/"))
    return _html(_renderer().index_page(page, listing(store, resources(store))), lang)


@bp.route("/id/<path:rest>")
def resource(rest: str) -> Response:
    path, suffix = _split_suffix("id/" + rest)
    iri = base_iri() + path
    store = current_app.config["KGRAPH_STORE"]
    fmt = negotiate_format(suffix)
    if fmt is None:
        return _not_acceptable()
    if fmt == "html":
        lang = _language()
        page = Page(lang, ServerLinks(lang, path))
        if not is_iri(iri):
            return _html(_renderer().not_found(page, iri), lang, status=404)
        on = request.args.get("date")
        body = _renderer().resource(
            iri, page, composition=lambda data: composition_view.view(store, data.iri, on, lang, bool(data.members))
        )
        if body is None:
            return _html(_renderer().not_found(page, iri), lang, status=404)
        status = 400 if on is not None and not composition_view.is_day(on) else 200
        return _alternates(_html(body, lang, status=status), path)
    triples = cbd_triples(store, iri) if is_iri(iri) else None
    if not triples:
        abort(404)
    return _alternates(_data(triples, fmt, path), path)


@bp.route("/ontology")
@bp.route("/ontology.<suffix>")
def ontology(suffix: str | None = None) -> Response:
    if suffix is not None and suffix not in FORMATS:
        abort(404)
    fmt = negotiate_format(suffix)
    if fmt is None:
        return _not_acceptable()
    if fmt == "html":
        lang = _language()
        page = Page(lang, ServerLinks(lang, "ontology"))
        return _alternates(_html(_renderer().ontology_page(page), lang), "ontology")
    store = current_app.config["KGRAPH_STORE"]
    return _alternates(_data(graph_triples(store, ONTOLOGY_GRAPH), fmt, "ontology"), "ontology")


@bp.route("/shapes")
def shapes() -> BaseResponse:
    """The shapes' own IRI: the list of shapes on the ontology page, or every shape as Turtle."""
    if negotiate_format() == "html":
        return redirect("/ontology#shapes", code=303)
    merged = Graph()
    for _name, graph in shape_graphs(_renderer().layout):
        merged += graph
    response = Response(merged.serialize(format="turtle", encoding="utf-8"), mimetype="text/turtle")
    response.vary.add("Accept")
    return response


@bp.route("/shapes/<name>.ttl")
def shapes_file(name: str) -> Response:
    """One shapes file as it is in the repository, e.g. ``/shapes/body.ttl``."""
    layout = _renderer().layout
    if f"shapes/{name}.ttl" not in dict(shape_graphs(layout)):
        abort(404)
    return send_file(layout.shapes / f"{name}.ttl", mimetype="text/turtle")
