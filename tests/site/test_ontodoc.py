"""The ontology page's index of shapes: the same in every run (a shape's property shapes are blank nodes, whose
order in the graph changes with each process's hash seed)."""

from __future__ import annotations

from kgraph.site.ontodoc import shapes_index


def test_the_shapes_checking_a_term_are_listed_in_a_fixed_order():
    _files, by_term = shapes_index()
    listed = {term: [(r.shape, r.file, r.name, r.severity) for r in refs] for term, refs in by_term.items()}
    assert listed == {term: sorted(refs) for term, refs in listed.items()}
    partner = listed["https://w3id.org/kaupunkipolitiikka/ontology#partner"]
    assert [shape for shape, *_ in partner] == sorted(shape for shape, *_ in partner) and len(partner) >= 4
