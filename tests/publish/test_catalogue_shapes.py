"""Our shapes for the catalogue (shapes/catalogue.ttl), against a valid example and its broken variants.

The valid example below gives no result at all. For each Violation-level
property shape, the example without that property must give a Violation
from exactly that node shape and path, and nothing else, both against
``shapes/catalogue.ttl`` alone (as ``kgraph publish`` runs it) and against
every shape of the repository with the ontology (as ``kgraph validate``
would), so the catalogue shapes never touch the data shapes.

The same examples, in the layout of tests/shapes/, are written by
``python3 tests/publish/test_catalogue_shapes.py DIR`` (DIR/valid/catalogue.ttl and
DIR/invalid/<Shape>--<path>--missing.ttl).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from kgraph.publish.catalogue import check, shapes_file
from kgraph.validation.report import compact as compact_known
from kgraph.validation.validate import validate

VALID = """\
# A complete catalogue: one dataset with one distribution, and a data service.
@prefix dcat:    <http://www.w3.org/ns/dcat#> .
@prefix dcatap:  <http://data.europa.eu/r5r/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix vcard:   <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix eu:      <http://publications.europa.eu/resource/authority/> .
@prefix ex:      <https://example.org/package/> .

ex:catalogue a dcat:Catalog ;
    dcterms:title "Luettelo"@fi , "Katalog"@sv , "Catalogue"@en ;
    dcterms:description "Esimerkki"@fi , "Exempel"@sv , "Example"@en ;
    dcterms:publisher ex:publisher ;
    dcterms:license <http://publications.europa.eu/resource/authority/licence/CC0> ;
    dcat:dataset ex:dataset ;
    dcat:service ex:service ;
    foaf:homepage <https://example.org/> ;
    dcterms:language <http://publications.europa.eu/resource/authority/language/FIN> ;
    dcterms:issued "2026-11-22"^^xsd:date ;
    dcterms:modified "2026-11-22"^^xsd:date ;
    dcterms:spatial <http://publications.europa.eu/resource/authority/country/FIN> ;
    dcat:themeTaxonomy <http://publications.europa.eu/resource/authority/data-theme> .

ex:publisher a foaf:Agent ; foaf:name "Julkaisija"@fi .
ex:contact a vcard:Kind ; vcard:fn "Yhteys"@fi ; vcard:hasURL <https://example.org/> .

ex:dataset a dcat:Dataset ;
    dcterms:title "Aineisto"@fi , "Datamängd"@sv , "Dataset"@en ;
    dcterms:description "Esimerkki"@fi , "Exempel"@sv , "Example"@en ;
    dcat:distribution ex:dump ;
    dcat:contactPoint ex:contact ;
    dcat:keyword "kaupunkipolitiikka"@fi ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/GOVE> ;
    dcterms:publisher ex:publisher ;
    dcterms:spatial <http://publications.europa.eu/resource/authority/country/FIN> ;
    dcterms:temporal ex:period ;
    dcterms:issued "2026-11-22"^^xsd:date ;
    dcterms:modified "2026-11-22"^^xsd:date ;
    dcat:version "0.1.0" .

ex:dump a dcat:Distribution ;
    dcat:accessURL <https://example.org/package/dumps/graph.ttl> ;
    dcat:downloadURL <https://example.org/package/dumps/graph.ttl> ;
    dcterms:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ;
    dcterms:format <http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE> ;
    dcat:mediaType <http://www.iana.org/assignments/media-types/text/turtle> ;
    dcterms:description "Turtle"@en ;
    dcatap:availability <http://publications.europa.eu/resource/authority/planned-availability/STABLE> .

ex:service a dcat:DataService ;
    dcterms:title "Rajapinta"@fi , "Gränssnitt"@sv , "Endpoint"@en ;
    dcat:endpointURL <https://example.org/sparql> ;
    dcat:endpointDescription <https://example.org/sparql> ;
    dcat:servesDataset ex:dataset ;
    dcterms:conformsTo <https://www.w3.org/TR/sparql11-protocol/> ;
    dcat:contactPoint ex:contact ;
    dcterms:publisher ex:publisher ;
    dcat:keyword "SPARQL"@en ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/GOVE> .
"""


def compact(iri) -> str:
    """A prefixed name, with the DCAT namespaces that the data's prefixes do not include."""
    for prefix, ns in (("dcat", "http://www.w3.org/ns/dcat#"), ("dcatap", "http://data.europa.eu/r5r/")):
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns) :]}"
    return compact_known(iri)


def catalogue_shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def violation_paths() -> list[tuple[str, URIRef, URIRef]]:
    """(node shape local name, target class, path) of every Violation-level property shape."""
    shapes = catalogue_shapes()
    found = []
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        target = shapes.value(node, SH.targetClass)
        for prop in shapes.objects(node, SH.property):
            if shapes.value(prop, SH.severity) == SH.Violation:
                found.append((str(node).rsplit("#", 1)[1], target, shapes.value(prop, SH.path)))
    return sorted(set(found))


def broken(shape: str, target: URIRef, path: URIRef) -> tuple[str, Graph]:
    """The valid example without ``path`` on the focus node of ``target``; its file name."""
    graph = Graph().parse(data=VALID, format="turtle")
    focus = next(graph.subjects(RDF.type, target))
    graph.remove((focus, path, None))
    name = f"{shape}--{compact(path).replace(':', '_', 1)}--missing"
    return name, graph


def key(result) -> tuple[str, str]:
    return str(result.source_shape).rsplit("#", 1)[-1], compact(result.path) if result.path else "none"


def test_the_valid_example_gives_no_result():
    graph = Graph().parse(data=VALID, format="turtle")
    assert not check(graph).results
    assert not validate(graph).results, "the data shapes never apply to a catalogue"


def test_every_violation_shape_is_exercised():
    assert {(s, compact(p)) for s, _t, p in violation_paths()} >= {
        ("CatalogShape", "dcterms:title"),
        ("CatalogShape", "dcterms:publisher"),
        ("DatasetShape", "dcterms:title"),
        ("DistributionShape", "dcat:accessURL"),
        ("DataServiceShape", "dcat:endpointURL"),
    }


@pytest.mark.parametrize(
    "shape, target, path", violation_paths(), ids=lambda v: compact(v) if isinstance(v, URIRef) else str(v)
)
def test_a_missing_mandatory_property_is_a_violation_of_exactly_that_shape(shape, target, path):
    _name, graph = broken(shape, target, path)
    for report in (check(graph), validate(graph)):
        assert not report.conforms
        assert {key(r) for r in report.results} == {(shape, compact(path))}, [
            (key(r), r.message) for r in report.results
        ]


def test_languages_must_be_finnish_swedish_and_english():
    graph = Graph().parse(data=VALID.replace('"Catalogue"@en', '"Katalog"@de'), format="turtle")
    assert {key(r) for r in check(graph).results} == {("CatalogShape", "dcterms:title")}
    graph = Graph().parse(data=VALID.replace('"Catalogue"@en', '"Luettelo 2"@fi'), format="turtle")
    assert {key(r) for r in check(graph).results} == {("CatalogShape", "dcterms:title")}


def test_shapes_follow_the_repository_conventions():
    shapes = catalogue_shapes()
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        assert str(node).startswith("https://w3id.org/kaupunkipolitiikka/shapes#")
        assert shapes.value(node, SH.targetClass) is not None
        for prop in shapes.objects(node, SH.property):
            assert isinstance(prop, BNode)
            for required in (SH.name, SH.severity, SH.message):
                assert shapes.value(prop, required) is not None, (node, shapes.value(prop, SH.path), required)


def write_examples(folder: Path) -> list[Path]:
    """The examples in the layout and naming of tests/shapes/ (see tests/shapes/README.md)."""
    written = [folder / "valid" / "catalogue.ttl"]
    written[0].parent.mkdir(parents=True, exist_ok=True)
    written[0].write_text(VALID, encoding="utf-8")
    (folder / "invalid").mkdir(parents=True, exist_ok=True)
    for shape, target, path in violation_paths():
        name, graph = broken(shape, target, path)
        body = graph.serialize(format="turtle")
        path_file = folder / "invalid" / f"{name}.ttl"
        path_file.write_text(
            f"# expect: Violation\n# The example catalogue without {compact(path)} on its {compact(target)}.\n{body}",
            encoding="utf-8",
        )
        written.append(path_file)
    return written


if __name__ == "__main__":  # python3 tests/publish/test_catalogue_shapes.py tests/shapes
    for written in write_examples(Path(sys.argv[1])):
        print(written)
