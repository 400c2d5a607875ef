"""The W3C SHACL test suites (Core and SHACL-SPARQL) through the project's validation engine.

The manifests live outside the repository, in ``../shared/standards/shacl-tests/`` (see its
``SOURCE.md``). Every ``sht:Validate`` test runs through :func:`kgraph.validation.validate.validate` in plain
SHACL mode (no ontology, SHACL's conformance), whichever engine answers: the fast path where it
implements the shapes, pyshacl where it refuses them. A test passes when the report has the expected
``sh:conforms`` and the same results, compared as pySHACL's own runner does: per result its focus
node, path, value, severity, source shape and constraint component (and its source constraint and
messages where the expected result names them), blank nodes by their structure. A test that expects
``sht:Failure`` passes when ``kgraph validate DATA --shapes SHAPES`` exits 2. Every test also runs
through that command line, which must exit 0 or 1 as the expected report conforms or not and list
as many results.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kgraph.cli import main
from kgraph.io.load import parse_file
from kgraph.validation.validate import ShapesError, validate
from paths import ROOT

SUITE = ROOT.parent / "shared" / "standards" / "shacl-tests"
MISSING = (
    f"the W3C SHACL test suite is not at {SUITE} (../shared is absent); tests/validation/test_validate_engine.py "
    "still compares the engines"
)
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

#: Tests pySHACL fails too; each fails for a reason outside this project, named here.
KNOWN_FAILURES = {
    "core/property/uniqueLang-002": 'the test writes sh:uniqueLang "1"^^xsd:boolean, which must not activate '
    'the constraint, but rdflib rewrites that literal to "true"^^xsd:boolean '
    "while parsing, so no engine that reads rdflib graphs can tell it from true "
    "(pySHACL fails it the same way)",
    "sparql/pre-binding/shapesGraph-001": "pySHACL does not implement $shapesGraph (NotImplementedError, listed "
    "in pySHACL's ALLOWABLE_FAILURES) and the fast path refuses it, so "
    "the run ends in an error (exit 2), not in a report",
}


@dataclass(frozen=True)
class ShaclTest:
    name: str  # e.g. core/node/class-001
    file: Path  # the test's own file (manifest entry and expected report)
    data: Path
    shapes: Path
    entry: URIRef  # the manifest entry, whose mf:result is the expected report (or sht:Failure)
    failure: bool  # whether that is sht:Failure


def _uri_path(uri: Node) -> Path:
    return Path(str(uri).removeprefix("file://"))


def load_tests(manifest: Path) -> list[ShaclTest]:
    """The sht:Validate entries of ``manifest`` and of the manifests it includes."""
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
    found = []
    for included in graph.objects(None, MF.include):
        found += load_tests(_uri_path(included))
    for entries in graph.objects(None, MF.entries):
        for entry in graph.items(entries):
            if (entry, RDF.type, SHT.Validate) not in graph:
                continue
            action = graph.value(entry, MF.action)
            name = str(entry).split(SUITE.resolve().as_uri() + "/", 1)[1]
            found.append(
                ShaclTest(
                    name,
                    manifest,
                    _uri_path(graph.value(action, SHT.dataGraph)),
                    _uri_path(graph.value(action, SHT.shapesGraph)),
                    entry,
                    graph.value(entry, MF.result) == SHT.Failure,
                )
            )
    return found


TESTS = load_tests(SUITE / "manifest.ttl") if SUITE.exists() else []


def _params():
    for test in TESTS:
        marks = (
            [pytest.mark.xfail(reason=KNOWN_FAILURES[test.name], strict=True)] if test.name in KNOWN_FAILURES else []
        )
        yield pytest.param(test, id=test.name, marks=marks)


# ---------------------------------------------------------------- comparing reports


def _shape_of(graphs: list[Graph], node: Node, depth: int = 0):
    """A term, or for a blank node its structure (an RDF list as a tuple), from the first graph describing it."""
    if not isinstance(node, BNode) or depth > 8:
        return node
    for g in graphs:
        if (node, None, None) in g:
            if (node, RDF.first, None) in g:
                return ("list", tuple(_shape_of(graphs, item, depth + 1) for item in g.items(node)))
            return ("bnode", frozenset((p, _shape_of(graphs, o, depth + 1)) for p, o in g.predicate_objects(node)))
    return ("bnode",)


_KEYS = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent)
_FROM_SHAPES = {SH.resultPath, SH.sourceShape}


def results(graph: Graph, report: Node, context: list[Graph], *, constraints: bool, messages: bool) -> Counter:
    """The results of a report as a multiset of comparable keys."""
    found: Counter = Counter()
    for result in graph.objects(report, SH.result):
        # What the shapes graph says (path, source shape, source constraint) must be spelled out in the report
        # itself, as pySHACL's runner requires; focus nodes and values may be the data's own blank nodes.
        key = [_shape_of([graph] if p in _FROM_SHAPES else [graph] + context, graph.value(result, p)) for p in _KEYS]
        if constraints:
            key.append(_shape_of([graph], graph.value(result, SH.sourceConstraint)))
        if messages:
            key.append(frozenset(graph.objects(result, SH.resultMessage)))
        found[tuple(key)] += 1
    return found


def expected_report(test: ShaclTest, manifest: Graph, context: list[Graph]) -> tuple[bool, Counter, tuple]:
    """The expected conformance, results and whether they name source constraints and messages."""
    expected = manifest.value(test.entry, MF.result)
    results_nodes = list(manifest.objects(expected, SH.result))
    constraints = any(manifest.value(r, SH.sourceConstraint) is not None for r in results_nodes)
    messages = any(manifest.value(r, SH.resultMessage) is not None for r in results_nodes)
    conforms = manifest.value(expected, SH.conforms).toPython()
    return (
        conforms,
        results(manifest, expected, context, constraints=constraints, messages=messages),
        (constraints, messages),
    )


def _graphs(test: ShaclTest) -> tuple[Graph, Graph, Graph]:
    """The test file, data and shapes graphs; one graph object where they are one file (blank nodes shared)."""
    manifest = parse_file(test.file, root=SUITE, typed=False)  # the suite's data files hold ill-typed literals
    data = manifest if test.data == test.file else parse_file(test.data, root=SUITE, typed=False)
    shapes = (
        data
        if test.shapes == test.data
        else manifest
        if test.shapes == test.file
        else parse_file(test.shapes, root=SUITE)
    )
    return manifest, data, shapes


# ---------------------------------------------------------------- the suite


def _cli(test: ShaclTest, capsys, *options: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["validate", str(test.data), "--shapes", str(test.shapes), *options])
    return code, capsys.readouterr().out


@pytest.mark.large  # the whole suite, each test through validate() and the command line
@pytest.mark.skipif(not TESTS, reason=MISSING)
@pytest.mark.parametrize("test", list(_params()))
def test_w3c_shacl(test: ShaclTest, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_BUILD_DIR", str(tmp_path))
    manifest, data, shapes = _graphs(test)
    if test.failure:
        with pytest.raises(ShapesError):
            validate(data, shapes=shapes, ontology=Graph(), allow_warnings=False)
        assert _cli(test, capsys)[0] == 2
        return
    report = validate(data, shapes=shapes, ontology=Graph(), allow_warnings=False)
    conforms, expected, (constraints, messages) = expected_report(test, manifest, [data, shapes])
    head = next(report.graph.subjects(RDF.type, SH.ValidationReport))
    actual = results(report.graph, head, [data, shapes], constraints=constraints, messages=messages)
    assert report.graph.value(head, SH.conforms) == Literal(conforms)
    assert report.conforms is conforms
    assert actual == expected, f"engine {report.engine} ({report.fallback or 'the fast path'})"

    code, out = _cli(test, capsys, "--format", "json")
    assert code == (0 if conforms else 1)
    assert len(json.loads(out)["results"]) == sum(expected.values())


def _included(manifest: Path) -> list[Path]:
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
    return [manifest] + [f for inc in graph.objects(None, MF.include) for f in _included(_uri_path(inc))]


@pytest.mark.skipif(not TESTS, reason=MISSING)
def test_the_runner_reads_every_test_the_manifests_include():
    declared = set()
    for path in _included(SUITE / "manifest.ttl"):
        graph = Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
        declared.update(str(t) for t in graph.subjects(RDF.type, SHT.Validate))
    assert {SUITE.resolve().as_uri() + "/" + t.name for t in TESTS} == declared
    assert len(TESTS) == len(declared) > 100


#: Tests of the forms the fast path used to answer wrongly and now implements: it must answer them itself.
FAST = [
    "core/targets/targetClassImplicit-001",
    "core/property/minCount-001",
    "core/property/datatype-001",
    "sparql/property/sparql-001",
    "sparql/node/prefixes-001",
    "sparql/pre-binding/pre-binding-004",
]
#: Tests of forms it refuses (sh:property in a property shape, $this read in a UNION branch, a subquery).
REFUSED = ["core/property/property-001", "sparql/pre-binding/pre-binding-002", "sparql/pre-binding/pre-binding-007"]


@pytest.mark.skipif(not TESTS, reason=MISSING)
@pytest.mark.parametrize("name", FAST + REFUSED)
def test_which_engine_answers(name, tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_BUILD_DIR", str(tmp_path))
    test = next(t for t in TESTS if t.name == name)
    _manifest, data, shapes = _graphs(test)
    report = validate(data, shapes=shapes, ontology=Graph(), allow_warnings=False)
    assert report.engine == ("fast" if name in FAST else "pyshacl"), report.fallback


def test_blank_nodes_compare_by_structure():
    g = Graph()
    a, b, c = BNode(), BNode(), BNode()
    path = URIRef("http://example.org/p")
    g.add((a, SH.inversePath, path))
    g.add((b, SH.inversePath, path))
    g.add((c, SH.zeroOrMorePath, path))
    assert _shape_of([g], a) == _shape_of([g], b) != _shape_of([g], c)
