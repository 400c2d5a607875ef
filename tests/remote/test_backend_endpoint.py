"""The endpoint's own tests, re-run with ``serve --backend``: the app answers through a real Oxigraph server.

The test functions are imported from the embedded-engine modules; the fixture ``tiny_store`` (and
``w3c_endpoint``) is overridden here so that the same data sits in an ``oxigraph serve`` process and the app
holds a :class:`kgraph.remote.remote.RemoteStore` over it. Tests about the embedded engine's worker processes (the
killable pool) or that build a second local store are left out; their remote counterparts are in
``test_remote.py``.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from endpoint_fixtures import make_store, serving, tiny_quads
from store_fixtures import OxigraphServer

from tests.server.test_endpoint_negotiation import *  # noqa: F401,F403
from tests.server.test_endpoint_protocol import *  # noqa: F401,F403
from tests.server.test_endpoint_safety import *  # noqa: F401,F403
import tests.w3c.test_w3c_protocol as w3c
from tests.w3c.test_w3c_protocol import test_protocol, test_service_description  # noqa: F401

#: Tests of the embedded engine's pool and local stores, not properties of the backend (left out here).
EMBEDDED_ONLY = {
    "test_runaway_query_is_stopped_and_the_next_is_answered_at_once": "replaces a serving process",
    "test_pooled_runaway_worker_is_killed_and_replaced": "kills a pool worker",
    "test_time_limit_is_configurable": "the time limit is the RemoteStore's: see test_remote.py",
    "test_allow_list_lets_named_endpoints_through": "what the store does with SERVICE is its own configuration",
    "test_etag_changes_with_the_build": "builds a second local store",
}
for _name in EMBEDDED_ONLY:
    globals().pop(_name, None)


def remote_over(quads, tmp_path_factory, manifest: dict | None = None):
    """An Oxigraph server holding ``quads`` and a RemoteStore over it (2 s time limit, like the tiny app)."""
    from kgraph.remote.remote import RemoteStore

    server = OxigraphServer(tmp_path_factory.mktemp("backend") / "db", timeout_s=4)
    server.load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    local = make_store(quads, manifest)
    return server, RemoteStore(server.query_url, timeout=2.0, manifest=local.manifest)


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    server, store = remote_over(tiny_quads(), tmp_path_factory)
    yield store
    server.stop()


@pytest.fixture(scope="module")
def w3c_endpoint(tmp_path_factory):
    if not w3c.PROTOCOL.exists():
        pytest.skip(w3c.MISSING)
    from server import create_app

    quads = []
    for test in w3c.PROTOCOL_TESTS:
        for name, path in test.graphs.items():
            quads += [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
            ]
    server, store = remote_over(sorted(set(quads), key=str), tmp_path_factory)
    with serving(create_app(store, timeout=10.0)) as url:
        yield url
    server.stop()


@pytest.fixture(scope="module")
def live(tiny_app):
    """The app over the backend, over real HTTP."""
    with serving(tiny_app) as url:
        yield url


def test_the_app_really_uses_the_backend(tiny_app):
    from kgraph.query.execute import InlineExecutor
    from kgraph.remote.remote import RemoteStore

    assert isinstance(tiny_app.config["KGRAPH_STORE"], RemoteStore)
    assert isinstance(tiny_app.extensions["kgraph_executor"], InlineExecutor)


# ---------------------------------------------------------------- resource pages over a pushed build
from tests.site.test_pages import *  # noqa: E402,F401,F403

# every page's links followed again (≈ 40 s over HTTP to the store) would add nothing the page tests do not check
globals().pop("test_links_on_the_page_resolve", None)


@pytest.fixture(scope="module")
def pages_server(store, tmp_path_factory):
    """The repository's build pushed into Oxigraph with ``kgraph push``, served with ``--backend``."""
    from kgraph.remote.push import Endpoints, push
    from kgraph.remote.remote import RemoteStore
    from server import create_app

    server = OxigraphServer(tmp_path_factory.mktemp("pages") / "db", timeout_s=30)
    push(store.source_file, Endpoints.oxigraph(server.base))
    remote = RemoteStore(server.query_url, timeout=30.0, manifest=store.manifest)
    assert len(remote) == len(store) and remote.graph_names == store.graph_names
    with serving(create_app(remote)) as url:
        yield url
    server.stop()


# last, after the imports above: the whole module is one long run (an Oxigraph server behind every test)
pytestmark = pytest.mark.large
