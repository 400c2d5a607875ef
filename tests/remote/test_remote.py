"""RemoteStore against a real Oxigraph server: the embedded engine's answers, limits and refusals."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
from endpoint_fixtures import free_port
from store_fixtures import OxigraphServer

from kgraph import QueryError
from kgraph.remote.http_client import Client
from kgraph.remote.push import Endpoints, push
from kgraph.errors import QueryTimeout, WorkerFailure
from kgraph.remote.remote import RemoteStore, open_backend
from paths import ROOT

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(15)) + " }"


@pytest.fixture(scope="module")
def backend(store, tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("remote") / "db", timeout_s=3)
    push(store.source_file, Endpoints.oxigraph(server.base))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def remote(backend, store):
    return RemoteStore(backend.query_url, timeout=10.0, manifest=store.manifest)


def rows(result) -> list[tuple]:
    names = [v.value for v in result.variables]
    return sorted(tuple(str(s[n]) for n in names) for s in result)


@pytest.mark.parametrize("path", sorted((ROOT / "queries" / "interop").glob("*.rq")), ids=lambda p: p.stem)
def test_interop_queries_give_the_embedded_engines_answers(store, remote, path):
    text = path.read_text(encoding="utf-8")
    assert rows(remote.query(text)) == rows(store.query(text))


@pytest.mark.parametrize(
    "dataset",
    [
        {},
        {"default_graph_uris": ["https://w3id.org/kaupunkipolitiikka/graph/inferred"]},
        {"named_graph_uris": ["https://w3id.org/kaupunkipolitiikka/graph/inferred"]},
    ],
    ids=["union", "default-graph-uri", "named-graph-uri"],
)
def test_datasets_match_the_embedded_engine(store, remote, dataset):
    for text in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/kaupunkipolitiikka/graph/data/people.ttl> WHERE { ?s ?p ?o }",
        "SELECT (COUNT(*) AS ?n) FROM <http://example.org/not-in-the-store> WHERE { ?s ?p ?o }",
    ]:
        if "FROM" in text and "named_graph_uris" in dataset:
            continue  # named-graph-uri + FROM: see docs/scale-out.md, "Known differences"
        assert rows(remote.query(text, **dataset)) == rows(store.query(text, **dataset)), text


def test_graph_results_and_booleans_are_pyoxigraph_objects(store, remote):
    text = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t ; foaf:name ?n }"
    assert sorted(map(str, remote.query(text))) == sorted(map(str, store.query(text)))
    assert bool(remote.query("ASK { ?s a org:Membership }")) is True
    assert bool(remote.query("ASK { ?s a <http://example.org/Nothing> }")) is False


def test_size_names_and_manifest(store, remote, backend):
    assert len(remote) == len(store)
    assert remote.graph_names == store.graph_names
    derived = RemoteStore(backend.query_url).manifest
    assert derived["graphs"] == store.manifest["graphs"]


def test_open_backend_takes_the_local_manifest_only_when_the_store_matches(store, backend, tmp_path):
    import json

    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(store.manifest))
    assert open_backend(backend.query_url, manifest_file=manifest).manifest == store.manifest
    manifest.write_text(json.dumps({**store.manifest, "graphs": {"http://example.org/g": 1}}))
    assert "built" not in open_backend(backend.query_url, manifest_file=manifest).manifest


class Recording(Client):
    def __init__(self):
        super().__init__(retries=0)
        self.sent: list[bytes] = []

    def _once(self, method, url, body, headers, timeout):
        self.sent.append(body)
        return super()._once(method, url, body, headers, timeout)


def test_service_is_refused_before_anything_is_sent(backend):
    client = Recording()
    remote = RemoteStore(backend.query_url, client=client)
    before = len(client.sent)
    with pytest.raises(QueryError, match="SERVICE"):
        remote.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert len(client.sent) == before


def test_syntax_errors_keep_the_clients_line_numbers(remote):
    # the backend's message counts lines from the prologue of predeclared prefixes the store adds; the error says
    # where the client's own text is wrong, in the one line the embedded store gives
    with pytest.raises(QueryError, match=r"^unexpected `\}` \(line 1, column 24\)$"):
        remote.query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryError, match=r"^unexpected `\}` \(line 2, column 15\)$"):
        remote.query("SELECT *\nWHERE { ?s ?p }")


def test_runaway_query_times_out_and_the_next_is_answered(backend):
    remote = RemoteStore(backend.query_url, timeout=0.5)
    start = time.monotonic()
    with pytest.raises(QueryTimeout):
        remote.query(RUNAWAY)
    assert time.monotonic() - start < 3
    assert bool(remote.query("ASK { ?s ?p ?o }")) is True


def test_time_limit_and_row_cap_through_the_app(backend):
    from server import create_app

    app = create_app(RemoteStore(backend.query_url, timeout=0.5), timeout=0.5, max_rows=3)
    client = app.test_client()
    r = client.get("/sparql", query_string={"query": RUNAWAY})
    assert r.status_code == 503 and "0.5 s" in r.get_data(as_text=True)
    r = client.get(
        "/sparql", query_string={"query": "SELECT ?s WHERE { ?s a org:Membership }"}, headers={"Accept": "text/csv"}
    )
    assert r.status_code == 200 and r.headers["X-Kgraph-Truncated"] == "true"
    assert len(r.get_data(as_text=True).strip().splitlines()) == 4  # header + 3 rows


def test_unreachable_backend(tmp_path):
    with pytest.raises(WorkerFailure, match="cannot be reached"):
        RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    server = OxigraphServer(tmp_path / "db")
    remote = RemoteStore(server.query_url, timeout=2)
    server.stop()
    from server import create_app

    r = create_app(remote).test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 500 and r.mimetype == "text/plain" and "backend" in r.get_data(as_text=True)


def test_cli_serve_backend(backend, store):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kgraph",
            "serve",
            "--backend",
            backend.query_url,
            "--port",
            str(port),
            "--timeout",
            "5",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                health = requests.get(url + "/health", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail(process.stdout.read1().decode() if process.poll() is not None else "no answer")
        assert health.json()["triples"] == len(store)
        r = requests.get(
            url + "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=10,
        )
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == len(store)
    finally:
        process.terminate()
        process.wait(10)
