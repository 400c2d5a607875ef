"""The reader's language for every HTML page of the server (resource pages, the ontology, the query UI).

An explicit ``?lang=`` wins and is remembered in a cookie; then the remembered choice; then
``Accept-Language``; else Finnish.
"""

from __future__ import annotations

from flask import Response, request

from kgraph.site import i18n

from . import negotiate

LANG_COOKIE = "kgraph_lang"


def choose() -> str:
    """The language of the page this request asks for."""
    return negotiate.language(
        request.headers.get("Accept-Language"),
        i18n.LANGUAGES,
        i18n.DEFAULT,
        explicit=request.args.get("lang"),
        remembered=request.cookies.get(LANG_COOKIE),
    )


def html_response(body: str, lang: str, status: int = 200) -> Response:
    """An HTML answer in ``lang``: its Content-Language, the Vary it depends on, the cookie of a ``?lang=``."""
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Content-Language"] = lang
    response.vary.update(("Accept", "Accept-Language", "Cookie"))
    if request.args.get("lang") in i18n.LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
