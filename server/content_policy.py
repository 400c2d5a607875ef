"""Security headers of every page: a Content Security Policy fitted to what the page loads, no framing, no referrer.

The resource pages, the ontology page, the index and the not-found pages run no script at all: their
policy allows only the site's own style sheet (and images). The query UI runs YASGUI and its start-up
script, both from this server (``script-src 'self'``; nothing inline, nothing from elsewhere), and sends
queries to this endpoint only (``connect-src 'self'``). No page may be framed (``frame-ancestors 'none'``,
and ``X-Frame-Options`` for old browsers), and no page tells another site where its visitor came from
(``Referrer-Policy: no-referrer``: a query in a URL stays here).
"""

from __future__ import annotations

from flask import Flask, Response

_COMMON = "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#: The policy of every page that runs no script.
PAGES = f"default-src 'none'; style-src 'self'; img-src 'self' data:; {_COMMON}"
#: The policy of the query UI (YASGUI): scripts and style sheets from this server, queries to this endpoint.
#: YASGUI's result views write ``style`` attributes into the markup they build, so those (and only those:
#: no inline ``<style>``, never an inline script) are allowed by ``style-src-attr``.
QUERY_UI = (
    f"default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    f"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; {_COMMON}"
)
HEADER = "Content-Security-Policy"
REFERRER_POLICY = "no-referrer"


def protect(response: Response) -> Response:
    """``response`` with the security headers (a policy set by its view, e.g. :data:`QUERY_UI`, is kept)."""
    if response.mimetype in ("text/html", "application/xhtml+xml"):
        response.headers.setdefault(HEADER, PAGES)
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    return response


def install(app: Flask) -> None:
    app.after_request(protect)
