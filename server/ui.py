"""The query UI: YASGUI served from ``node_modules/`` (installed by ``npm install``, never from a CDN).

``GET /sparql`` answers browsers with this page; it opens with the example
queries of ``queries/examples/``. Without ``node_modules`` the page still
renders: it says how to install the editor and offers a plain form. Its language
is chosen as the resource pages' is (``?lang=``, the cookie, ``Accept-Language``)
and it shows their header (``kgraph/site/templates/header.html``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory

from kgraph.config import Layout
from kgraph.site.render import TEMPLATES, Page, ServerLinks

from . import content_policy, language
from .examples import examples

#: The query UI's own script and style sheet are served at ``/assets/kgraph/`` (from ``server/static/``); its
#: template finds the pages' shared header among the pages' templates.
bp = Blueprint("ui", __name__, static_folder="static", static_url_path="/assets/kgraph", template_folder=TEMPLATES)


class QueryLinks(ServerLinks):
    """The pages' links, with a language switch that keeps the query the page was opened on."""

    def __init__(self, lang: str, query: str | None):
        super().__init__(lang, request.path.lstrip("/"))
        self.query = query

    def switch(self, lang: str) -> str:
        args = {"query": self.query, "lang": lang} if self.query else {"lang": lang}
        return f"/{self.path}?{urlencode(args)}"


YASGUI_PACKAGE = Path("@zazuko") / "yasgui" / "build"
ASSETS = {"yasgui.min.js": "text/javascript", "yasgui.min.css": "text/css"}


def node_modules() -> Path:
    configured = current_app.config.get("KGRAPH_NODE_MODULES")
    return Path(configured) if configured else Layout().root / "node_modules"


def yasgui_folder() -> Path | None:
    """The folder with YASGUI's built files, or None when ``npm install`` has not been run."""
    folder = node_modules() / YASGUI_PACKAGE
    return folder if all((folder / name).is_file() for name in ASSETS) else None


def query_page(query: str | None = None) -> Response:
    folder = current_app.config.get("KGRAPH_EXAMPLES")
    lang = language.choose()
    body = render_template(
        "query.html",
        page=Page(lang, QueryLinks(lang, query)),
        examples=[e.__dict__ for e in examples(folder, lang)],
        initial_query=query,
        editor=yasgui_folder() is not None,
    )
    response = language.html_response(body, lang)
    response.headers[content_policy.HEADER] = content_policy.QUERY_UI
    return response


@bp.route("/query")
def page() -> Response:
    return query_page()


@bp.route("/assets/yasgui/<name>")
def yasgui_asset(name: str) -> Response:
    folder = yasgui_folder()
    if folder is None or name not in ASSETS:
        abort(404)
    response = send_from_directory(folder, name, mimetype=ASSETS[name], max_age=24 * 3600)
    return response
