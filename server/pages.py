"""Dereferenceable IRIs: every minted ``/id/…`` path, the ontology and the shapes.

Browsers get HTML in Finnish, Swedish or English (``?lang=`` switches and is
remembered in a cookie; otherwise ``Accept-Language``); Linked-Data clients
get Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept``, by ``?format=`` or
by a suffix (``/id/person/x.ttl``). The base IRI is mapped onto the
server's own host: ``<base>id/person/x`` is served at ``/id/person/x`` and
pages link to local paths.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, redirect, request, send_file
from rdflib import Graph
from werkzeug.wrappers import Response as BaseResponse

from kgraph.site import composition_view
from kgraph.site.citation import CITATION_FORMATS
from kgraph.namespaces import base_iri, graph_iri
from kgraph.site.describe import cbd_triples, graph_triples, resources, to_bytes
from kgraph.site.ontodoc import shape_graphs
from kgraph.site.render import FORMATS, Page, Renderer, ServerLinks, listing

from . import negotiate
from .language import choose as _language, html_response as _html

bp = Blueprint("pages", __name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
MEDIA_TYPES = {media: suffix for suffix, (media, _name) in FORMATS.items()}
CITATION_TYPES = {media: suffix for suffix, (media, _name) in CITATION_FORMATS.items()}
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


def _split_citation(path: str) -> tuple[str, str | None]:
    """``id/person/x.bib`` -> (``id/person/x``, ``bib``); ``….csl.json`` -> ``csl.json``."""
    for suffix in CITATION_FORMATS:
        if path.endswith("." + suffix):
            return path[: -len(suffix) - 1], suffix
    return path, None


def _negotiated_citation() -> str | None:
    """The citation format a client asks for by ``Accept`` (``application/x-bibtex``, CSL-JSON) over every other
    form of the page, else None."""
    if request.args.get("format"):
        return request.args["format"] if request.args["format"] in CITATION_FORMATS else None
    offers = list(HTML_TYPES) + list(MEDIA_TYPES) + list(CITATION_TYPES)
    chosen = negotiate.choose(request.headers.get("Accept"), offers)
    return CITATION_TYPES.get(chosen[0]) if chosen else None


def _today():
    """The day of the request (UTC): the access date a page cites and the day its body's composition is of."""
    return datetime.now(timezone.utc).date()


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
    path, cited = _split_citation("id/" + rest)
    path, suffix = (path, None) if cited else _split_suffix(path)
    iri = base_iri() + path
    store = current_app.config["KGRAPH_STORE"]
    cited = cited or (None if suffix else _negotiated_citation())
    if cited:
        return _citation(iri, path, cited)
    fmt = negotiate_format(suffix)
    if fmt is None:
        return _not_acceptable()
    if fmt == "html":
        lang = _language()
        page = Page(lang, ServerLinks(lang, path))
        if not is_iri(iri):
            return _html(_renderer().not_found(page, iri), lang, status=404)
        on, today = request.args.get("date"), _today()
        body = _renderer().resource(
            iri,
            page,
            composition=lambda data: composition_view.view(store, data.iri, on, lang, bool(data.members), today),
            accessed=today,
        )
        if body is None:
            return _html(_renderer().not_found(page, iri), lang, status=404)
        status = 400 if on is not None and not composition_view.is_day(on) else 200
        return _alternates(_html(body, lang, status=status), path)
    triples = cbd_triples(store, iri) if is_iri(iri) else None
    if not triples:
        abort(404)
    return _alternates(_data(triples, fmt, path), path)


def _citation(iri: str, path: str, suffix: str) -> Response:
    """The BibTeX or CSL-JSON citation of a resource's record, accessed today, in the reader's language."""
    lang = _language()
    body = (
        _renderer().citation_file(iri, Page(lang, ServerLinks(lang, path)), suffix, _today()) if is_iri(iri) else None
    )
    if body is None:
        abort(404)
    response = Response(body, mimetype=CITATION_FORMATS[suffix][0])
    response.headers["Content-Location"] = f"/{path}.{suffix}"
    response.headers["Content-Disposition"] = f'inline; filename="{path.rsplit("/", 1)[-1]}.{suffix}"'
    response.vary.update(("Accept", "Accept-Language", "Cookie"))
    return response


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


#: The app's one page renderer, for the other blueprints of pages (front pages, search).
renderer = _renderer
