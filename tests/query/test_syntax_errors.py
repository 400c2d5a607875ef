"""Parser errors in one line (kgraph.query.syntax_errors): a table of bad queries, each message written by hand.

Every query is given to pyoxigraph as the endpoint gives it (with the predeclared prefixes); its error is then
explained. Columns count characters from 1. Then the line as a real ``kgraph serve`` answers it.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from endpoint_fixtures import live  # noqa: F401

from kgraph.query.store import prefix_map
from kgraph.query.syntax_errors import explain

TABLE = [
    ("SELECT * WHERE { ?s a dbo:City }", "prefix `dbo:` is not declared (line 1, column 23)"),
    (
        "PREFIX ex: <http://e/>\nSELECT * WHERE {\n  ?s ex:p ?o ;\n     dbo:q ?x .\n}",
        "prefix `dbo:` is not declared (line 4, column 6)",
    ),
    ("SELECT * WHERE { _:b ?p dbo:x }", "prefix `dbo:` is not declared (line 1, column 25)"),
    ("SELECT * WHERE { ?s ?p ?o } }", "unexpected `}` (line 1, column 29)"),
    ("SELECT * WHERE { FILTER(?x)) }", "unexpected `)` (line 1, column 28)"),
    ("SELECT * WHERE { ?s ?p ?o ", "`{` opened at line 1, column 16 is never closed"),
    ("SELECT (COUNT(?s) AS ?n WHERE { ?s ?p ?o }", "`(` opened at line 1, column 8 is never closed"),
    (
        'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = "x) \n}',
        "the string opened at line 3, column 15 is not closed",
    ),
    (
        "SELEC * WHERE { ?s ?p ?o }",
        "`SELEC` is not a query form: expected SELECT, CONSTRUCT, ASK or DESCRIBE (line 1, column 1)",
    ),
    ("SELECT * WHERE { ?s ?p }", "unexpected `}` (line 1, column 24)"),
    (
        "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s",
        "`?x` is selected but neither grouped nor aggregated (line 1, column 8)",
    ),
    (
        "SELECT * WHERE { ?s <not an iri> ?o }",
        "`<not an iri>` is not an IRI: IRIs cannot hold spaces (line 1, column 21)",
    ),
    ("PREFIX : <http://e/> SELECT * WHERE { ?s :p 'a'@ }", "`@` needs a language tag after it (line 1, column 48)"),
    (
        "SELECT * WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }",
        "`?x` is already bound where BIND assigns it (line 1, column 42)",
    ),
    (
        "SELECT * WHERE { ?s ?p ?o } LIMIT x",
        "unexpected `x` (line 1, column 35); expected HAVING, OFFSET, OPTIONAL, VALUES or a number",
    ),
    ("SELECT ?s WHERE", "the query ends too early after `WHERE` (line 1, column 16)"),
    ("", "the query is empty: it needs SELECT, CONSTRUCT, ASK or DESCRIBE"),
]


@pytest.mark.parametrize(("query", "expected"), TABLE)
def test_each_bad_query_is_explained_in_one_line(query, expected):
    with pytest.raises(SyntaxError) as refused:
        ox.Store().query(query, prefixes=prefix_map())
    assert explain(query, str(refused.value), prefix_map()) == expected


def test_predeclared_prefixes_are_declared():
    query = "SELECT * WHERE { ?s a kp:City ; org:x ?o } }"
    with pytest.raises(SyntaxError) as refused:
        ox.Store().query(query, prefixes=prefix_map())
    assert explain(query, str(refused.value), prefix_map()) == "unexpected `}` (line 1, column 44)"


def test_a_pyparsing_position_is_read_too():
    """rdflib's parser (the SERVICE guard) names the line and column as ``(line:1, col:29)``."""
    message = "Expected end of text, found 'LIMT'  (at char 28), (line:1, col:29)"
    assert explain("SELECT * WHERE { ?s ?p ?o } LIMT 3", message) == "unexpected `LIMT` (line 1, column 29)"


def test_a_long_token_is_cut_and_the_answer_is_one_line():
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT " + "x" * 200 + "\n"
    with pytest.raises(SyntaxError) as refused:
        ox.Store().query(query)
    line = explain(query, str(refused.value))
    assert "\n" not in line and len(line) < 200
    assert line.startswith("unexpected `" + "x" * 29 + "…` (line 1, column 35)")


def test_the_endpoint_answers_the_line(live):
    import requests

    response = requests.post(live + "/sparql", data={"query": "SELECT * WHERE { ?s a dbo:City }"}, timeout=30)
    assert response.status_code == 400
    assert response.text == "Invalid query: prefix `dbo:` is not declared (line 1, column 23)\n"
