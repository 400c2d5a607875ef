"""The SHACL-SHACL meta-check runs on pyshacl-turbo; pyshacl stays its oracle: the same findings on small shapes
graphs, valid and broken (the whole repository's shapes are compared by ``bench/shacl_meta_bench.py``, as pyshacl
needs 6-8 s for them)."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kgraph.validation.validate import ShapesError, check_shapes, meta_findings
from kgraph.validation.validate import finding_keys as keys
from validate_fixtures import ROOT

PREFIXES = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
BROKEN = {
    "minCount-not-an-integer": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
    'sh:minCount "one" ] .',
    "two-paths": "ex:S a sh:NodeShape ; sh:property [ sh:path ex:p , ex:q ] .",
    "literal-class": 'ex:S a sh:NodeShape ; sh:class "C" .',
    "property-shape-without-path": "ex:P a sh:PropertyShape ; sh:minCount 1 .",
    "bad-severity-and-in": 'ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:severity "high" ; sh:in "a" .',
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_shapes_same_findings(name):
    shapes = Graph().parse(data=PREFIXES + BROKEN[name], format="turtle")
    turbo, reference = meta_findings(shapes, "turbo"), meta_findings(shapes, "pyshacl")
    assert turbo[0] is reference[0] is False
    assert keys(turbo[1]) == keys(reference[1]) != set()
    with pytest.raises(ShapesError, match="not valid SHACL"):
        check_shapes(shapes)


@pytest.mark.parametrize("name", ["person.ttl", "city.ttl"])
def test_repository_shapes_files_same_findings(name):
    shapes = Graph().parse(ROOT / "shapes" / name, format="turtle")
    turbo, reference = meta_findings(shapes, "turbo"), meta_findings(shapes, "pyshacl")
    assert turbo[0] is reference[0] is True
    assert keys(turbo[1]) == keys(reference[1]) == set()
