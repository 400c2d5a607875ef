"""``kgraph push`` against a real Oxigraph server: graphs and counts, replacement, failures, retries."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from store_fixtures import oxigraph_server  # noqa: F401

from kgraph.remote.http_client import Client, HttpError, Response
from kgraph.remote.push import OWNED_PREFIX, STAGING, Endpoints, PushError, Pusher, push

INFERRED = OWNED_PREFIX + "inferred"


def counts(server, prefix: str = "") -> dict[str, int]:
    pusher = Pusher(Endpoints.oxigraph(server.base))
    rows = pusher.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows if r["g"].startswith(prefix)}


class Flaky(Client):
    """A client whose requests matching ``fails(method, url, attempt)`` get HTTP 503 (or a connection error)."""

    def __init__(self, fails, *, connection: bool = False, **kwargs):
        super().__init__(backoff=0.0, sleep=lambda seconds: None, **kwargs)
        self.fails = fails
        self.connection = connection
        self.calls: list[tuple[str, str]] = []

    def _once(self, method, url, body, headers, timeout):
        self.calls.append((method, url))
        if self.fails(method, url, len(self.calls)):
            if self.connection:
                raise HttpError(f"{method} {url}: [Errno 111] Connection refused")
            return Response(503, {}, b"try again later")
        return super()._once(method, url, body, headers, timeout)


@pytest.fixture(scope="module")
def graph_file(store) -> Path:
    return store.source_file


@pytest.fixture(scope="module")
def expected(store) -> dict[str, int]:
    return dict(store.manifest["graphs"])


@pytest.mark.parametrize("method", ["bulk", "gsp"])
def test_push_loads_every_graph_with_the_builds_counts(oxigraph_server, graph_file, expected, method):
    lines: list[str] = []
    result = push(graph_file, Endpoints.oxigraph(oxigraph_server.base), method=method, progress=lines.append)
    assert result.graphs == expected and result.method == method
    assert INFERRED in expected and len(expected) > 5
    assert counts(oxigraph_server, OWNED_PREFIX) == expected
    assert counts(oxigraph_server, STAGING) == {}
    assert any("switching" in line for line in lines)
    if method == "gsp":
        assert sum(line.startswith("[") for line in lines) == len(expected)  # one progress line per graph


def test_second_push_replaces_and_drops_graphs_the_build_no_longer_has(oxigraph_server, graph_file, expected, tmp_path):
    push(graph_file, Endpoints.oxigraph(oxigraph_server.base))
    push(graph_file, Endpoints.oxigraph(oxigraph_server.base), method="gsp")
    assert counts(oxigraph_server, OWNED_PREFIX) == expected  # replaced, not duplicated
    # a smaller build: one graph gone, one graph shrunk
    quads = list(ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS))
    gone, shrunk = sorted(g for g in expected if g != INFERRED)[:2]
    kept = [q for q in quads if q.graph_name.value != gone]
    first = next(i for i, q in enumerate(kept) if q.graph_name.value == shrunk)
    del kept[first]
    smaller = tmp_path / "smaller.nq"
    ox.serialize(kept, str(smaller), format=ox.RdfFormat.N_QUADS)
    result = push(smaller, Endpoints.oxigraph(oxigraph_server.base))
    assert result.dropped == [gone]
    want = {g: n for g, n in expected.items() if g != gone}
    want[shrunk] -= 1
    assert counts(oxigraph_server, OWNED_PREFIX) == want
    push(graph_file, Endpoints.oxigraph(oxigraph_server.base))
    assert counts(oxigraph_server, OWNED_PREFIX) == expected


@pytest.mark.parametrize("stage", ["load", "switch"])
def test_failed_push_leaves_the_live_graphs_intact(oxigraph_server, graph_file, expected, tmp_path, stage):
    push(graph_file, Endpoints.oxigraph(oxigraph_server.base))
    other = tmp_path / "other.nq"
    quads = [
        ox.Quad(q.subject, q.predicate, ox.Literal(f"changed {i}"), q.graph_name)
        for i, q in enumerate(ox.parse(path=str(graph_file), format=ox.RdfFormat.N_QUADS))
    ]
    ox.serialize(quads, str(other), format=ox.RdfFormat.N_QUADS)

    if stage == "load":  # the fourth graph never loads

        def fails(method, url, n):
            return method == "PUT" and len([c for c in client.calls if c[0] == "PUT"]) >= 4
    else:  # the single switching update fails

        def fails(method, url, n):  # the switch and its two retries; the clean-up afterwards works
            return url.endswith("/update") and len([c for c in client.calls if c[1].endswith("/update")]) <= 3

    client = Flaky(fails, retries=2)
    lines: list[str] = []
    with pytest.raises(PushError):
        Pusher(Endpoints.oxigraph(oxigraph_server.base), client=client, method="gsp", progress=lines.append).push(other)
    assert sum("retry" in line for line in lines) == 2  # bounded retries, reported
    assert counts(oxigraph_server, OWNED_PREFIX) == expected
    changed = Pusher(Endpoints.oxigraph(oxigraph_server.base)).select(
        'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o FILTER(STRSTARTS(STR(?o), "changed ")) } } LIMIT 1'
    )
    assert changed == []
    assert counts(oxigraph_server, STAGING) == {}  # staging graphs dropped


def test_transient_errors_are_retried(oxigraph_server, graph_file, expected):
    client = Flaky(lambda method, url, n: n in (1, 3), connection=True, retries=3)
    lines: list[str] = []
    Pusher(Endpoints.oxigraph(oxigraph_server.base), client=client, progress=lines.append).push(graph_file)
    assert counts(oxigraph_server, OWNED_PREFIX) == expected
    assert sum("retry" in line for line in lines) == 2


def test_client_errors_are_not_retried(oxigraph_server, tmp_path):
    client = Flaky(lambda *a: False, retries=3)
    bad = tmp_path / "bad.nq"
    bad.write_text('<http://e/s> <http://e/p> "o" <http://e/g> .\n')
    endpoints = Endpoints(
        f"{oxigraph_server.base}/nope", f"{oxigraph_server.base}/update", f"{oxigraph_server.base}/query"
    )
    with pytest.raises(PushError, match="HTTP 404"):
        Pusher(endpoints, client=client, method="gsp").push(bad)
    assert [c[0] for c in client.calls].count("PUT") == 1


def test_unreachable_store_fails_after_bounded_retries(graph_file):
    from endpoint_fixtures import free_port

    client = Client(retries=2, backoff=0.0, sleep=lambda s: None, timeout=2)
    with pytest.raises(PushError, match="unchanged"):
        Pusher(Endpoints.oxigraph(f"http://127.0.0.1:{free_port()}"), client=client).push(graph_file)


def test_cli_push(oxigraph_server, expected, build_dir, capsys):
    from kgraph.cli import main

    assert main(["push", "--store", oxigraph_server.base]) == 0
    out = capsys.readouterr()
    assert f"{len(expected)} graph(s)" in out.out
    assert counts(oxigraph_server, OWNED_PREFIX) == expected
