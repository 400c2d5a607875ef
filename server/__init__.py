"""The web layer: a Flask app factory over :mod:`kgraph` (thin by design)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from flask import Flask

from kgraph import GraphStore, open_store


def create_app(
    store: GraphStore | None = None,
    *,
    timeout: float = 30.0,
    workers: int | None = None,
    max_rows: int | None = 100_000,
    allowed_services: Sequence[str] = (),
    cors: bool = True,
    max_query_bytes: int = 256 * 1024,
    max_body: int = 1024 * 1024,
    node_modules: Path | None = None,
    warm: bool = False,
    max_memory: int | None = None,
    forked: bool = False,
    public_url: str | None = None,
) -> Flask:
    """Create the app; ``store`` defaults to the repository's built graph.

    ``timeout`` stops a query after so many seconds, ``max_memory`` (bytes; default from the machine's
    memory and the number of workers) when it needs more memory: either way only the query process that ran it
    is replaced. ``workers`` query processes (default: one per CPU, at least two), closed to the network
    unless ``allowed_services`` names the only endpoints SERVICE may call (none by default); results beyond
    ``max_rows`` rows are cut and flagged; ``warm`` starts the query workers before returning. With
    ``forked`` (``kgraph serve``) the app is about to be forked into serving processes: each starts its
    own query workers after the fork, none are started here. ``public_url`` (e.g.
    ``https://sparql.example.org``) is the endpoint's own URL in its descriptions, redirects and as the base
    of queries, whatever Host a request names (:mod:`server.public_url`); without it, the request's host.
    """
    from kgraph.query.execute import executor_for

    from .public_url import PublicOrigin, parse_public_url

    if public_url is not None:
        parse_public_url(public_url)  # a bad URL is refused before any query process starts
    from kgraph.site.render import STATIC

    app = Flask(__name__, static_folder=STATIC.parent)
    app.config["KGRAPH_STORE"] = store if store is not None else open_store()
    app.config["KGRAPH_TIMEOUT"] = timeout
    app.config["KGRAPH_MAX_ROWS"] = max_rows
    app.config["KGRAPH_MAX_QUERY_BYTES"] = max_query_bytes
    app.config["KGRAPH_NODE_MODULES"] = node_modules
    runner = executor_for(
        app.config["KGRAPH_STORE"],
        timeout=timeout,
        workers=workers,
        allowed_services=allowed_services,
        max_memory=max_memory,
        forked=forked,
    )
    app.extensions["kgraph_executor"] = runner
    runner.start(wait=warm)

    from . import content_policy, log_escaping, transport
    from .context_document import bp as context_bp
    from .query_endpoint import QueryEndpoint
    from .pages import bp as pages_bp
    from .reconcile_view import bp as reconcile_bp
    from .search_view import bp as search_bp
    from .front_pages import bp as front_bp
    from .service_description import bp as description_bp
    from .sparql import bp as sparql_bp
    from .ui import bp as ui_bp

    for logger in (app.logger, logging.getLogger("rdflib.term")):  # the loggers that repeat what clients sent
        log_escaping.install(logger)
    transport.install(app, cors_enabled=cors, max_body=max_body)
    content_policy.install(app)
    app.register_blueprint(sparql_bp)
    app.register_blueprint(description_bp)
    app.register_blueprint(ui_bp)
    app.register_blueprint(pages_bp)  # resource pages, /id/… and /ontology
    app.register_blueprint(search_bp)  # /search: the label search
    app.register_blueprint(reconcile_bp)  # /reconcile: the W3C Reconciliation Service API over the search
    app.register_blueprint(front_bp)  # the landing page /, the listings /id/<kind>/ and the named graphs /graph/…
    app.register_blueprint(context_bp)  # /context.jsonld
    # Flask's documented way to add WSGI middleware is to replace ``app.wsgi_app``; mypy forbids assigning to a
    # method (python/mypy#7347: "use type: ignore"), and wrapping ``app`` itself would lose the Flask object.
    app.wsgi_app = QueryEndpoint(  # type: ignore[method-assign]
        app.wsgi_app,
        runner,
        manifest=getattr(app.config["KGRAPH_STORE"], "manifest", None),
        max_rows=max_rows,
        max_query_bytes=max_query_bytes,
        max_body=max_body,
        cors=cors,
    )
    if public_url is not None:
        app.wsgi_app = PublicOrigin(app.wsgi_app, public_url)  # type: ignore[method-assign]  # as above
    return app
