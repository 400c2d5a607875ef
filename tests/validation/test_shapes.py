"""The SHACL shapes (shapes/*.ttl) against their examples and the repository data.

tests/shapes/valid/*.ttl must give no result at all. Each file in
tests/shapes/invalid/ breaks one constraint and is named
``<ShapeLocalName>--<path>--<what>.ttl`` (path as prefixed name with ':' -> '_',
``none`` for a node-level constraint); its first line says
``# expect: Violation`` or ``# expect: Warning``. See tests/shapes/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, SH

from kgraph.config import Layout
from kgraph.io.load import data_paths, load_graph, load_ontology, rdf_files
from kgraph.namespaces import kp, kps
from kgraph.validation.report import compact, render_text
from kgraph.validation.validate import load_shapes, validate
from paths import TESTS

EXAMPLES = TESTS / "shapes"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))
SEVERITIES = ("Violation", "Warning", "Info")
NAME = re.compile(
    r"^(?P<shape>[A-Z][A-Za-z]*Shape)--(?P<path>[a-z]+_[A-Za-z]+|none)"
    r"--(?P<what>[a-z0-9]+(-[a-z0-9]+)*)$"
)
EXPECT = re.compile(r"^# expect: (?P<severity>\w+)\s*$")

# Parameters of a node shape that are not constraints on the focus node itself.
NOT_NODE_CONSTRAINTS = {
    RDF.type,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.property,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.order,
    SH.group,
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
}


def shape_name(node) -> str:
    """Local name of a shape of ours (kps:MandateShape -> MandateShape)."""
    text = str(node)
    return text[len(str(kps())) :] if text.startswith(str(kps())) else f"<not a kps: shape: {text}>"


def path_name(path) -> str:
    """A result path as used in the example file names (dcterms:source -> dcterms_source)."""
    if path is None:
        return "none"
    if isinstance(path, BNode):
        return "<complex path>"
    return compact(path).replace(":", "_", 1)


def key(result) -> tuple[str, str]:
    return shape_name(result.source_shape), path_name(result.path)


def expectation(path: Path) -> tuple[str, str, str]:
    """(shape, path, severity) an invalid example announces in its name and first line."""
    match = NAME.match(path.stem)
    assert match, f"{path.name}: name must be <ShapeLocalName>--<prefix_local or none>--<what>.ttl"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expect = EXPECT.match(first)
    assert expect and expect["severity"] in SEVERITIES, (
        f"{path.name}: first line must be '# expect: Violation' or '# expect: Warning'"
    )
    return match["shape"], match["path"], expect["severity"]


def describe(results) -> str:
    return (
        "\n".join(
            f"  {r.severity} {key(r)} focus={compact(r.focus)} value={compact(r.value)}: {r.message}" for r in results
        )
        or "  (no results)"
    )


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_gives_no_result(path):
    report = validate(Graph().parse(path, format="turtle"))
    assert report.conforms and not report.results, f"{path.name} should give no result:\n{describe(report.results)}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_breaks_exactly_what_its_name_says(path):
    shape, prop, severity = expectation(path)
    report = validate(Graph().parse(path, format="turtle"))
    hits = [r for r in report.results if key(r) == (shape, prop)]
    assert any(r.severity == severity for r in hits), (
        f"{path.name}: expected a {severity} from {shape} on {prop}, got:\n{describe(report.results)}"
    )
    others = [r for r in report.results if key(r) != (shape, prop)]
    assert not others, f"{path.name} breaks more than it says:\n{describe(others)}"
    assert report.conforms == (severity != "Violation")


def test_examples_exist_for_every_shape_file():
    stems = {p.stem for p in Layout().shapes.glob("*.ttl")} - {"index"}
    valid = {p.stem.split("-")[0] for p in VALID}
    assert stems <= valid, f"shape files without a valid example: {sorted(stems - valid)}"
    defined_in = {}
    for f in Layout().shapes.glob("*.ttl"):
        for node in Graph().parse(f, format="turtle").subjects(RDF.type, SH.NodeShape):
            if isinstance(node, URIRef):
                defined_in[shape_name(node)] = f.stem
    covered = {defined_in.get(expectation(p)[0]) for p in INVALID}
    files_with_shapes = set(defined_in.values())
    assert files_with_shapes <= covered, (
        f"shape files without an invalid example: {sorted(files_with_shapes - covered)}"
    )
    named = {expectation(p)[0] for p in INVALID}
    assert named <= set(defined_in), f"invalid examples name unknown shapes: {sorted(named - set(defined_in))}"


def test_every_violation_constraint_has_an_invalid_example():
    shapes = load_shapes()
    needed = set()
    for node in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(node, URIRef):
            continue
        for prop in shapes.objects(node, SH.property):
            if shapes.value(prop, SH.severity, default=SH.Violation) == SH.Violation:
                needed.add((shape_name(node), path_name(shapes.value(prop, SH.path))))
        node_level = set(shapes.predicates(node, None)) - NOT_NODE_CONSTRAINTS
        if node_level and shapes.value(node, SH.severity, default=SH.Violation) == SH.Violation:
            needed.add((shape_name(node), "none"))
    have = {(s, p) for s, p, sev in map(expectation, INVALID) if sev == "Violation"}
    assert not needed - have, f"Violation constraints without an invalid example: {sorted(needed - have)}"


# ---------------------------------------------------------------- the shapes themselves


def test_shapes_are_valid_shacl():
    validate(Graph(), check_shapes=True)  # raises KgraphError if SHACL-SHACL rejects the shapes


def test_every_ontology_class_has_a_node_shape():
    ontology = load_ontology()
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(kp()))}
    targeted = set(load_shapes().objects(None, SH.targetClass))
    assert classes, "no kp: classes found in the ontology"
    assert not classes - targeted, f"classes without a node shape: {sorted(map(compact, classes - targeted))}"


def test_shapes_follow_the_conventions():
    """Node shapes are kps: IRIs with a target; property shapes are blank nodes held by one
    node shape, each with sh:name, sh:severity and sh:message (so a report can name the node shape)."""
    shapes = load_shapes()
    problems = []
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    for node in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(node, URIRef):
            continue
        if not str(node).startswith(str(kps())):
            problems.append(f"{node}: node shape outside the kps: namespace")
        if not any(shapes.value(node, t) for t in targets):
            problems.append(f"{shape_name(node)}: no target")
        for prop in shapes.objects(node, SH.property):
            where = f"{shape_name(node)} {path_name(shapes.value(prop, SH.path))}"
            if not isinstance(prop, BNode):
                problems.append(f"{where}: property shape has an IRI of its own")
            if len(set(shapes.subjects(SH.property, prop))) != 1:
                problems.append(f"{where}: property shape held by more than one node shape")
            for required in (SH.name, SH.severity, SH.message):
                if shapes.value(prop, required) is None:
                    problems.append(f"{where}: no {compact(required)}")
    assert not problems, "\n".join(sorted(problems))


def test_vocabularies_conform():
    """The SKOS vocabularies of the ontology, validated as data (the build passes the ontology
    to pyshacl as ont_graph, which does not bring the concepts in)."""
    vocab = load_graph(rdf_files([Layout().ontology / "vocab"]))
    report = validate(vocab)
    assert not report.results, render_text(report)


# ---------------------------------------------------------------- the repository data


def test_repository_data_has_no_violations():
    files = data_paths()
    if not files:
        pytest.skip("no data files yet")
    report = validate(load_graph(files))
    violations = [r for r in report.results if r.severity == "Violation"]
    assert not violations, f"{len(violations)} violation(s) in data/:\n{describe(violations)}"
