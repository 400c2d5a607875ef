"""The web layer: a Flask app factory over :mod:`kgraph` (thin by design)."""
from __future__ import annotations

from flask import Flask

from kgraph import GraphStore, open_store


def create_app(store: GraphStore | None = None, *, timeout: float = 30.0) -> Flask:
    """Create the app; ``store`` defaults to the repository's built graph."""
    app = Flask(__name__)
    app.config["KGRAPH_STORE"] = store if store is not None else open_store()
    app.config["KGRAPH_TIMEOUT"] = timeout

    from .sparql import bp as sparql_bp

    app.register_blueprint(sparql_bp)
    return app


def serve(app: Flask, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Serve with waitress, a production WSGI server (not Flask's development server)."""
    import waitress

    print(f"SPARQL endpoint: http://{host}:{port}/sparql", flush=True)
    waitress.serve(app, host=host, port=port, threads=8, ident="kgraph")
