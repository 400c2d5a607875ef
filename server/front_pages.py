"""The front pages on the running server: ``/``, the listing pages ``/id/<kind>/`` and the named graphs.

``/`` is the landing page (counts, the bodies as they sit today, the build, the ways in; a client that asks for
RDF is sent to the VoID description, ``/.well-known/void``); ``/id/person/``,
``/id/city/`` … list the resources of one kind, as HTML or, by ``Accept`` or ``?format=``, as RDF (their types
and labels); ``/graph/`` lists the named graphs and ``/graph/data/cities.ttl`` (each graph's own IRI) describes
one graph in HTML or serves its triples in Turtle, N-Triples, JSON-LD or RDF/XML (also by suffix:
``/graph/data/cities.ttl.nt``). The pages come from :mod:`kgraph.site.front`, the language as on every page
(:mod:`server.language`).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, redirect
from werkzeug.routing import BaseConverter
from werkzeug.wrappers import Response as BaseResponse

from kgraph.namespaces import minted_prefix
from kgraph.site.describe import graph_triples, to_bytes
from kgraph.site.front import FrontPages
from kgraph.site.graphs import graph_of
from kgraph.site.listing import KIND, kind_triples
from kgraph.site.render import FORMATS, Page, ServerLinks

from .language import choose, html_response
from .pages import HTML_TYPES, negotiate_format, renderer

bp = Blueprint("front_pages", __name__)


class KindConverter(BaseConverter):
    """One kind followed by its slash (``person/``): ``/id/person/`` is a listing, ``/id/role`` stays the
    resource of that name (a concept scheme), and ``/id/person/x`` a resource page."""

    regex = KIND.pattern + "/"
    part_isolating = False

    def to_python(self, value: str) -> str:
        return value[:-1]

    def to_url(self, value: str) -> str:
        return value + "/"


bp.record_once(lambda state: state.app.url_map.converters.update(kind=KindConverter))


def _front() -> FrontPages:
    extensions = current_app.extensions
    if "kgraph_front" not in extensions:
        extensions["kgraph_front"] = FrontPages(renderer())
    return extensions["kgraph_front"]


def _page(path: str) -> Page:
    lang = choose()
    return Page(lang, ServerLinks(lang, path))


def _missing(path: str, iri: str) -> Response:
    """The "not found" page in the reader's language (404)."""
    page = _page(path)
    return html_response(_front().renderer.not_found(page, iri), page.lang, status=404)


def _rdf(triples, suffix: str, location: str) -> Response:
    response = Response(to_bytes(triples, suffix), mimetype=FORMATS[suffix][0])
    response.headers["Content-Location"] = location
    response.vary.add("Accept")
    return response


def _refused() -> Response:
    offered = ", ".join([HTML_TYPES[0]] + [media for media, _name in FORMATS.values()])
    return Response(f"Not acceptable. This page is available as: {offered}\n", status=406, mimetype="text/plain")


@bp.route("/")
def landing() -> BaseResponse:
    """The landing page; a client that asks for RDF is sent to the dataset's VoID description (303)."""
    fmt = negotiate_format()
    if fmt is None:
        return _refused()
    if fmt != "html":
        return redirect("/.well-known/void", code=303)
    page = _page("")
    return html_response(_front().landing(page, date.today()), page.lang)


@bp.route("/id/<kind:kind>")
def kind_listing(kind: str) -> Response:
    front = _front()
    if kind not in front.kinds:
        return _missing(f"id/{kind}/", minted_prefix() + kind + "/")
    fmt = negotiate_format()
    if fmt is None:
        return _refused()
    if fmt != "html":
        return _rdf(kind_triples(front.store, kind), fmt, f"/id/{kind}/?format={fmt}")
    page = _page(f"id/{kind}/")
    body = front.kind(page, kind)
    assert body is not None, kind  # a kind of front.kinds has resources
    return html_response(body, page.lang)


@bp.route("/graph/")
def graphs() -> Response:
    page = _page("graph/")
    return html_response(_front().graphs_page(page), page.lang)


@bp.route("/graph/<path:name>")
def named_graph(name: str) -> Response:
    front = _front()
    known = {g.name for g in front.graphs}
    stem, dot, suffix = name.rpartition(".")
    fmt: str | None
    if name not in known and dot and stem in known and suffix in FORMATS:
        name, fmt = stem, suffix
    elif name in known:
        fmt = negotiate_format()
    else:
        return _missing(f"graph/{name}", graph_of(name))
    if fmt is None:
        return _refused()
    iri = graph_of(name)
    if fmt != "html":
        return _rdf(graph_triples(front.store, iri), fmt, f"/graph/{name}.{fmt}")
    page = _page(f"graph/{name}")
    body = front.graph(page, iri)
    assert body is not None, name  # a known graph has a page
    return html_response(body, page.lang)
