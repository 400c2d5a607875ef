"""Loading: one named graph per file, syntax errors located by file, line and column."""

from __future__ import annotations

import pytest

from kgraph import InputError, load_dataset, parse_file
from kgraph.namespaces import graph_iri


def test_one_named_graph_per_file(tmp_path):
    (tmp_path / "a.ttl").write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    (tmp_path / "b.nt").write_text("<http://e/b> <http://e/p> <http://e/c> .\n", encoding="utf-8")
    ds = load_dataset([tmp_path], root=tmp_path)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {graph_iri("a.ttl"), graph_iri("b.nt")}


def test_turtle_syntax_error_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bodies.ttl"
    bad.write_text('@prefix ex: <http://e/> .\n\nex:a ex:b ex:c .\nex:a ex:b "open .\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        parse_file(bad, root=tmp_path)
    err = info.value
    assert (err.path, err.line) == ("bodies.ttl", 4)
    assert err.column and err.column > 1
    assert str(err).startswith("bodies.ttl:4:")


def test_ntriples_syntax_error_names_line(tmp_path):
    bad = tmp_path / "x.nt"
    bad.write_text(
        "<http://e/a> <http://e/p> <http://e/c> .\n# comment\n<http://e/a> <http://e/p> oops .\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        parse_file(bad, root=tmp_path)
    assert (info.value.path, info.value.line, info.value.column) == ("x.nt", 3, 27)
    assert str(info.value).startswith("x.nt:3:27: syntax error")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_dataset([tmp_path / "nope.ttl"], root=tmp_path)


def test_base_iri_is_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_BASE_IRI", "http://localhost:5000/")
    f = tmp_path / "a.ttl"
    f.write_text("<https://w3id.org/kaupunkipolitiikka/id/person/x> <http://e/p> 1 .\n", encoding="utf-8")
    g = parse_file(f, root=tmp_path)
    assert {str(s) for s in g.subjects()} == {"http://localhost:5000/id/person/x"}
