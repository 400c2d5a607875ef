"""Units under the endpoint: query text checks, the worker's serialisation and row cap, the pool."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from endpoint_fixtures import EX, tiny_quads

from kgraph import QueryError
from kgraph.errors import QueryTimeout
from kgraph.query.pool import QueryPool
from kgraph.query.worker import run_job, write_solutions
from kgraph.query.service_guard import service_endpoints
from kgraph.query.store import check_services, has_dataset_clause, looks_like_update


def test_service_endpoints_skip_strings_iris_and_comments():
    query = (
        "PREFIX s: <http://x/SERVICE> SELECT * { SERVICE SILENT <http://a/> { ?s ?p ?o } "
        'service ?e { } # SERVICE <http://c/>\n FILTER(?x = "SERVICE <http://d/>") }'
    )
    assert service_endpoints(query) == ["http://a/", None]
    assert service_endpoints('SELECT * { ?s <http://e/SERVICE> "SERVICE" }') == []


def test_check_services_uses_the_allow_list():
    check_services("SELECT * { SERVICE <http://ok/> { ?s ?p ?o } }", ["http://ok/"])
    with pytest.raises(QueryError, match="not allowed"):
        check_services("SELECT * { SERVICE <http://other/> { ?s ?p ?o } }", ["http://ok/"])
    with pytest.raises(QueryError, match="not allowed"):
        check_services("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", ["http://ok/"])


def test_dataset_clause_and_update_detection():
    assert has_dataset_clause("SELECT * FROM <g> { }") and has_dataset_clause("ASK from named <g> {}")
    assert not has_dataset_clause('SELECT * { ?s <http://e/FROM> "FROM" } # FROM <x>')
    assert looks_like_update("PREFIX ex: <http://e/> BASE <http://b/> INSERT DATA { ex:a ex:b ex:c }")
    assert looks_like_update("  clear all") and looks_like_update("WITH <g> DELETE { ?s ?p ?o } WHERE { }")
    assert not looks_like_update("# INSERT DATA\nSELECT * {}") and not looks_like_update("ASK {}")


@pytest.fixture(scope="module")
def memory_store():
    store = ox.Store()
    store.extend(tiny_quads(rows=30))
    return store


def job(query, **extra):
    return {
        "query": query,
        "default": [],
        "named": [],
        "has_from": False,
        "tabular": "json",
        "graph": "turtle",
        "row_cap": None,
        **extra,
    }


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_cap_cuts_every_tabular_format_at_the_same_row(memory_store, fmt):
    query = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s"
    answer = run_job(memory_store, job(query, tabular=fmt, row_cap=7), {})
    assert answer["truncated"] is True and answer["rows"] == 30
    if fmt == "csv":  # lossy: pyoxigraph does not read it back
        subjects = [line.split(",")[0] for line in answer["body"].decode().splitlines()[1:]]
    else:
        parsed = ox.parse_query_results(answer["body"], format=getattr(ox.QueryResultsFormat, fmt.upper()))
        subjects = [row["s"].value for row in parsed]
    assert subjects == [f"{EX}item/{i:03d}" for i in range(7)]


def test_results_under_the_cap_are_whole(memory_store):
    answer = run_job(memory_store, job("SELECT ?s WHERE { ?s ?p ?o }", row_cap=1000), {})
    assert answer["truncated"] is False
    assert len(ox.parse_query_results(answer["body"], format=ox.QueryResultsFormat.JSON).variables) == 1


def test_rows_are_counted_only_when_the_cap_may_be_reached(memory_store):
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    body, rows, cut = write_solutions(memory_store.query(query, use_default_graph_as_union=True), "json", 1_000_000)
    assert (rows, cut) == (-1, False)
    assert len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))) == 33
    body, rows, cut = write_solutions(memory_store.query(query, use_default_graph_as_union=True), "json", 2)
    assert (rows, cut) == (33, True) and len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))) == 2


class CountingStore:
    """A store that counts its evaluations."""

    def __init__(self, store):
        self.store, self.queries = store, 0

    def query(self, *args, **kwargs):
        self.queries += 1
        return self.store.query(*args, **kwargs)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_a_result_over_the_cap_is_evaluated_once_and_cut(memory_store, fmt):
    counting = CountingStore(memory_store)
    query = "CONSTRUCT { ?s <http://example.org/p> ?l } WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    answer = run_job(counting, job(query, graph=fmt, row_cap=4), {})
    assert counting.queries == 1
    assert answer["truncated"] is True and answer["rows"] == 30
    media = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[fmt]
    assert len(list(ox.parse(answer["body"], format=media))) == 4


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_a_solution_list_over_the_cap_is_evaluated_once(memory_store, fmt):
    counting = CountingStore(memory_store)
    answer = run_job(counting, job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", tabular=fmt, row_cap=3), {})
    assert counting.queries == 1 and answer["truncated"] is True and answer["rows"] == 33


def test_syntax_errors_are_reported_not_raised(memory_store):
    answer = run_job(memory_store, job("SELECT * WHERE {"), {})
    assert answer["error_kind"] == "syntax" and "error at 1:" in answer["error"]


def test_pool_kills_a_runaway_worker_and_replaces_it(tmp_path):
    store = ox.Store()
    store.extend(tiny_quads())
    path = tmp_path / "g.nq"
    store.dump(str(path), format=ox.RdfFormat.N_QUADS)
    pool = QueryPool(path, {}, size=1, timeout=0.5)
    try:
        pool.start(wait=True)
        (first,) = pool.pids
        runaway = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"
        start = time.monotonic()
        with pytest.raises(QueryTimeout):
            pool.run(job(runaway))
        assert time.monotonic() - start < 2
        answer = pool.run(job("ASK {}"), timeout=30)
        assert answer["body"] == b'{"head":{},"boolean":true}'
        assert pool.pids and first not in pool.pids
    finally:
        pool.close()
    assert pool.pids == []


def test_pool_fails_fast_when_no_worker_can_start(tmp_path):
    from kgraph.errors import WorkerFailure

    pool = QueryPool(tmp_path / "missing.nq", {}, size=1, timeout=30)
    try:
        pool.start(wait=True)
        start = time.monotonic()
        with pytest.raises(WorkerFailure, match="could not start|did not start|stopped"):
            pool.run(job("ASK {}"))
        assert time.monotonic() - start < 5
    finally:
        pool.close()


# ---------------------------------------------------------------- form decoding and the threaded executor
FORMS = [
    "query=SELECT+%2A+%7B%7D&default-graph-uri=http%3A%2F%2Fx",
    "a&b=&c=1&c=2",
    "q=%E2%82%AC+%zz",
    "x=a\\b%41",
    "x=%5Cx41%5C",
    "=v",
    "q=100%",
    "q=caf%C3%A9&q2=%C3",
    "q=%",
    "q=%4",
    "",
    "&&",
    "q=é+%C3%A9",
]


@pytest.mark.parametrize("text", FORMS)
def test_form_decoding_matches_the_standard_library(text):
    from urllib.parse import parse_qs

    from server.protocol import parse_form

    assert parse_form(text) == parse_qs(text, keep_blank_values=True)


def test_a_query_process_whose_serving_process_went_away_ends_quietly(tmp_path):
    """A serving process stopped while its query processes load the graph closes their pipes: they end with
    status 0 and print nothing (no BrokenPipeError traceback in the server's log)."""
    import subprocess
    import sys

    from kgraph.query.pool import WORKER_SCRIPT
    from kgraph.query.worker import send

    graph = tmp_path / "g.nq"
    graph.write_bytes(ox.serialize(tiny_quads(), format=ox.RdfFormat.N_QUADS))
    process = subprocess.Popen(
        [sys.executable, str(WORKER_SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdin and process.stdout and process.stderr
    process.stdout.close()  # the reader is gone before the worker says it is ready
    send(process.stdin, {"graph_file": str(graph), "prefixes": {}, "offline": False, "max_memory": None})
    process.stdin.close()
    assert process.wait(timeout=30) == 0
    assert process.stderr.read() == b""
