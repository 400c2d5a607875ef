"""The example queries of the query UI: each has a title and a description and returns rows on the real graph."""

from __future__ import annotations


import pytest
import requests
from endpoint_fixtures import real_endpoint  # noqa: F401

from server.examples import examples, read_example
from paths import ROOT

FOLDER = ROOT / "queries" / "examples"
EXAMPLES = examples(FOLDER)
#: Files 01-19 are the endpoint's own examples (20-39 are tested with the government-term queries).
OURS = [e for e in EXAMPLES if e.name[:2].isdigit() and int(e.name[:2]) < 20]


def test_the_required_examples_are_there():
    names = {e.name for e in OURS}
    for topic in ("chairs", "cities", "publications", "on-a-date", "conflicting"):
        assert any(topic in name for name in names), f"an example about {topic}"


@pytest.mark.parametrize("example", OURS, ids=[e.name for e in OURS])
def test_example_has_title_and_description(example):
    assert example.title and example.title != example.name
    assert len(example.description) > 20


@pytest.mark.parametrize("example", OURS, ids=[e.name for e in OURS])
def test_example_returns_rows_on_the_real_graph(real_endpoint, example):
    r = requests.post(
        real_endpoint + "/sparql",
        data={"query": example.query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert rows, f"{example.name} returns no rows"
    assert "X-Kgraph-Truncated" not in r.headers


def test_header_lines_are_read(tmp_path):
    path = tmp_path / "07-x.rq"
    path.write_text(
        "# title: A title\n# description: What it shows.\nSELECT * {}\n# title: not a header\n", encoding="utf-8"
    )
    example = read_example(path)
    assert (example.name, example.title, example.description) == ("07-x", "A title", "What it shows.")
    assert example.query.endswith("SELECT * {}\n# title: not a header\n")


def test_title_and_description_in_the_readers_language_else_english(tmp_path):
    path = tmp_path / "08-x.rq"
    path.write_text(
        "# title: Members\n# description: Who sat.\n# title@sv: Medlemmar\n# description@sv: Vem som satt.\n"
        "# title@fi: Jäsenet\nASK {}\n",
        encoding="utf-8",
    )
    swedish = read_example(path, "sv")
    assert (swedish.title, swedish.description, swedish.lang) == ("Medlemmar", "Vem som satt.", "sv")
    # the Finnish description is missing: both title and description stay English, and say so
    finnish = read_example(path, "fi")
    assert (finnish.title, finnish.description, finnish.lang) == ("Members", "Who sat.", "en")


def test_every_example_is_titled_and_described_in_fi_sv_and_en():
    for example in EXAMPLES:
        for lang in ("fi", "sv"):
            shown = read_example(FOLDER / f"{example.name}.rq", lang)
            assert shown.lang == lang and shown.title != example.title, (example.name, lang)


def test_the_query_text_keeps_the_header_of_the_language_shown(tmp_path):
    path = tmp_path / "09-x.rq"
    path.write_text(
        "# title: Members\n# description: Who sat.\n# title@sv: Medlemmar\n# description@sv: Vem som satt.\n"
        "# A note for every reader.\nASK {}\n",
        encoding="utf-8",
    )
    assert (
        read_example(path, "sv").query
        == "# title: Medlemmar\n# description: Vem som satt.\n# A note for every reader.\nASK {}\n"
    )
    assert (
        read_example(path, "fi").query
        == "# title: Members\n# description: Who sat.\n# A note for every reader.\nASK {}\n"
    )
