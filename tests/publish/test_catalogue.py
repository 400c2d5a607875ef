"""The DCAT-AP 3.0.1 catalogue and the VoID description of the data package.

Conformance: the catalogue is validated against the official DCAT-AP 3.0.1
SHACL shapes (mandatory, recommended and range files of the split design;
also the deprecated-URI checks), and its avoindata.fi variant
(``catalogue-avoindata.ttl``: SHA-1 checksums, sizes as ``xsd:decimal``)
against avoindata.fi's DCAT-AP shapes, which disagree with DCAT-AP 3.0.1
there; both sets of shapes are read from ``../shared/standards/dcat-ap/``
(never copied into the repository). Violations fail; warnings are listed in
the test output.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SH, VOID, XSD

from kgraph.namespaces import SPDX

from kgraph.publish.catalogue import (
    CC0,
    CC_BY,
    DCAT,
    PackageFile,
    catalogue_graph,
    check,
    coverage,
    graph_names,
    statistics,
)
from kgraph.publish.publish import package_files
from paths import ROOT

STANDARDS = ROOT.parent / "shared" / "standards" / "dcat-ap"
OFFICIAL = STANDARDS / "3.0.1" / "html" / "shacl"
AVOINDATA = STANDARDS / "avoindata"
EU = "http://publications.europa.eu/resource/authority/"


@pytest.fixture(scope="module")
def catalogue(package) -> Graph:
    return Graph().parse(package / "catalogue.ttl", format="turtle")


def run_shapes(data: Graph, shapes: list[Path], ontology: list[Path] = (), inference: str = "none"):
    missing = [p for p in list(shapes) + list(ontology) if not p.is_file()]
    if missing:
        pytest.skip(
            f"the DCAT-AP shapes are not here: {missing[0]} (expected ../shared/standards/dcat-ap/ "
            "beside the repository, as in CI)"
        )
    shapes_graph, ontology_graph = Graph(), Graph()
    for p in shapes:
        shapes_graph.parse(p, format="turtle")
    for p in ontology:
        ontology_graph.parse(p, format="turtle")
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        ont_graph=ontology_graph if ontology else None,
        inference=inference,
        allow_warnings=True,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        results.append(
            (
                str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
                str(report.value(node, SH.focusNode)),
                str(report.value(node, SH.resultPath)),
                str(report.value(node, SH.resultMessage)),
            )
        )
    return sorted(results)


def assert_no_violations(results, record_property, name: str):
    counts = Counter(r[0] for r in results)
    record_property(f"{name}_warnings", counts.get("Warning", 0))
    for severity, focus, path, message in results:
        if severity != "Violation":
            print(f"{name}: {severity}: {focus} {path}: {message}")
    violations = [r for r in results if r[0] == "Violation"]
    assert not violations, "\n".join(" ".join(v) for v in violations)


# ---------------------------------------------------------------- conformance


def test_our_shapes(catalogue, store):
    report = check(catalogue)
    assert report.conforms, [(r.severity, str(r.focus), r.message) for r in report.results]
    expected = set() if coverage(store).start else {"A dataset should state its temporal coverage (dcterms:temporal)."}
    assert {r.message for r in report.results} == expected, "no warning while the data has dates"


def test_official_dcat_ap_mandatory(catalogue, record_property):
    assert_no_violations(run_shapes(catalogue, [OFFICIAL / "shapes.ttl"]), record_property, "mandatory")


def test_official_dcat_ap_recommended(catalogue, store, record_property):
    results = run_shapes(catalogue, [OFFICIAL / "shapes_recommended.ttl"])
    assert_no_violations(results, record_property, "recommended")
    # what remains: the EU country IRI for Finland carries no bounding box or centroid of our own
    expected = {(EU + "country/FIN", "bbox"), (EU + "country/FIN", "centroid")}
    if not coverage(store).start:  # no dated fact in the data (yet): no temporal coverage
        expected.add((next(iter(catalogue.subjects(RDF.type, DCAT.Dataset))).toPython(), "temporal"))
    assert {(r[1], r[2].rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for r in results} <= expected


def test_official_dcat_ap_ranges(catalogue, record_property):
    assert_no_violations(run_shapes(catalogue, [OFFICIAL / "range.ttl"]), record_property, "range")


def test_official_dcat_ap_deprecated_uris(catalogue, record_property):
    assert_no_violations(run_shapes(catalogue, [OFFICIAL / "deprecateduris.ttl"]), record_property, "deprecated")


def avoindata_results(graph: Graph):
    return run_shapes(graph, [AVOINDATA / "avoindata_dcat-ap_shacl.ttl"], [AVOINDATA / "FOAF.ttl"], "rdfs")


def test_avoindata_fi_shapes(package, record_property):
    avoindata = Graph().parse(package / "catalogue-avoindata.ttl", format="turtle")
    assert_no_violations(avoindata_results(avoindata), record_property, "avoindata")
    assert len(Graph().parse(package / "catalogue-avoindata.rdf", format="xml")) == len(avoindata)


def test_the_two_catalogues_differ_where_the_shapes_disagree(catalogue, package):
    """DCAT-AP 3.0.1 wants sizes as xsd:nonNegativeInteger, avoindata.fi as xsd:decimal and SHA-1 checksums:
    each catalogue breaks the other's shapes on exactly those two properties, and is otherwise the same."""
    avoindata = Graph().parse(package / "catalogue-avoindata.ttl", format="turtle")
    paths = {(r[0], r[2].rsplit("#", 1)[-1]) for r in avoindata_results(catalogue)}
    assert paths == {("Violation", "byteSize"), ("Violation", "algorithm")}
    official = {(r[0], r[2].rsplit("#", 1)[-1]) for r in run_shapes(avoindata, [OFFICIAL / "shapes.ttl"])}
    assert official == {("Violation", "byteSize")}
    differing = {p.rsplit("#", 1)[-1] for _s, p, _o in set(catalogue) ^ set(avoindata)}
    assert differing == {"byteSize", "algorithm", "checksumValue"}


def test_the_official_shapes_do_catch_a_broken_catalogue(catalogue):
    broken = Graph()
    broken += catalogue
    dataset = next(catalogue.subjects(RDF.type, DCAT.Dataset))
    broken.remove((dataset, DCTERMS.title, None))
    results = run_shapes(broken, [OFFICIAL / "shapes.ttl"])
    assert any(r[0] == "Violation" and r[2] == str(DCTERMS.title) for r in results)


# ---------------------------------------------------------------- content


def texts(graph: Graph, node, prop) -> dict[str, str]:
    return {o.language: str(o) for o in graph.objects(node, prop) if isinstance(o, Literal)}


def test_catalogue_dataset_and_service_in_three_languages(catalogue):
    for cls in (DCAT.Catalog, DCAT.Dataset, DCAT.DataService):
        node = next(catalogue.subjects(RDF.type, cls))
        assert set(texts(catalogue, node, DCTERMS.title)) == {"fi", "sv", "en"}, cls
        assert set(texts(catalogue, node, DCTERMS.description)) == {"fi", "sv", "en"}, cls


def test_licences_publisher_contact_themes_coverage(catalogue, store):
    catalogue_node = next(catalogue.subjects(RDF.type, DCAT.Catalog))
    dataset = next(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert catalogue.value(catalogue_node, DCTERMS.license) == CC0
    for distribution in catalogue.objects(dataset, DCAT.distribution):
        assert catalogue.value(distribution, DCTERMS.license) == CC_BY
    assert (
        CC_BY,
        URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
        URIRef("http://creativecommons.org/licenses/by/4.0/"),
    ) in catalogue
    publisher = catalogue.value(dataset, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in catalogue and set(texts(catalogue, publisher, FOAF.name)) >= {"fi"}
    assert catalogue.value(dataset, DCAT.contactPoint) is not None
    assert URIRef(EU + "data-theme/GOVE") in set(catalogue.objects(dataset, DCAT.theme))
    assert catalogue.value(dataset, DCTERMS.spatial) == URIRef(EU + "country/FIN")
    period = catalogue.value(dataset, DCTERMS.temporal)
    if coverage(store).start:
        start, end = catalogue.value(period, DCAT.startDate), catalogue.value(period, DCAT.endDate)
        assert start.datatype == XSD.date and str(start) <= str(end)
    else:
        assert period is None
    issued, modified = catalogue.value(dataset, DCTERMS.issued), catalogue.value(dataset, DCTERMS.modified)
    assert str(issued) <= str(modified) == store.manifest["built"][:10]
    assert catalogue.value(dataset, DCAT.version) is not None


def test_one_distribution_per_file_with_its_format(catalogue, package):
    dataset = next(catalogue.subjects(RDF.type, DCAT.Dataset))
    urls = {str(catalogue.value(d, DCAT.downloadURL)): d for d in catalogue.objects(dataset, DCAT.distribution)}
    # 2 graphs x 4 triple formats x (plain, gzip) + 2 quad formats x (plain, gzip) + 7 tables + their
    # descriptor + the site
    assert len(urls) == len(package_files()) == 16 + 4 + 7 + 1 + 1
    for f in package_files():
        node = next(d for u, d in urls.items() if u.endswith("/" + f.path))
        data = (package / f.path).read_bytes()
        size = catalogue.value(node, DCAT.byteSize)
        assert size == Literal(len(data), datatype=XSD.nonNegativeInteger)
        checksum = catalogue.value(node, SPDX.checksum)
        assert catalogue.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = catalogue.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary and str(value) == hashlib.sha256(data).hexdigest()
        assert catalogue.value(node, DCAT.compressFormat) is not None or not f.compressed
        assert str(catalogue.value(node, DCTERMS.format)).startswith(EU + "file-type/")
        assert str(catalogue.value(node, DCAT.mediaType)).startswith("http://www.iana.org/assignments/media-types/")


def test_the_sparql_endpoint_is_a_data_service(catalogue):
    service = next(catalogue.subjects(RDF.type, DCAT.DataService))
    assert catalogue.value(service, DCAT.endpointURL) is not None
    assert catalogue.value(service, DCAT.servesDataset) == next(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert catalogue.value(service, DCTERMS.conformsTo) == URIRef("https://www.w3.org/TR/sparql11-protocol/")


def test_other_serialisations_hold_the_same_catalogue(catalogue, package):
    for name, fmt in (("catalogue.rdf", "xml"), ("catalogue.jsonld", "json-ld")):
        assert len(Graph().parse(package / name, format=fmt)) == len(catalogue)


def test_catalogue_uses_the_download_base(store):
    from kgraph.publish.catalogue import Settings

    graph = catalogue_graph(
        store,
        [PackageFile("dumps/x.ttl", "asserted", "ttl")],
        Settings(download_base="https://example.org/pkg", endpoint="https://example.org/q"),
    )
    assert URIRef("https://example.org/pkg/dumps/x.ttl") in set(graph.objects(None, DCAT.downloadURL))
    assert URIRef("https://example.org/q") in set(graph.objects(None, DCAT.endpointURL))


# ---------------------------------------------------------------- VoID


def test_void_counts_and_links(package, store):
    void = Graph().parse(package / "void.ttl", format="turtle")
    dataset = next(s for s in void.subjects(RDF.type, VOID.Dataset) if (None, VOID.subset, s) not in void)
    whole = statistics(store)
    for key, prop in (
        ("triples", VOID.triples),
        ("entities", VOID.entities),
        ("classes", VOID.classes),
        ("properties", VOID.properties),
    ):
        assert int(void.value(dataset, prop)) == whole[key] > 0, key
    assert void.value(dataset, VOID.sparqlEndpoint) is not None
    assert URIRef("http://www.w3.org/ns/org#") in set(void.objects(dataset, VOID.vocabulary))
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    assert len(dumps) == 16 + 4  # the triple dumps of the two subsets, and the quad dumps of every named graph
    assert any(d.endswith("/dumps/kaupunkipolitiikka.nq.gz") for d in dumps)
    subsets = list(void.objects(dataset, VOID.subset))
    assert len(subsets) == 2
    for name, graphs in graph_names(store).items():
        subset = next(s for s in subsets if str(s).endswith("/" + name))
        assert int(void.value(subset, VOID.triples)) == statistics(store, graphs)["triples"]
    partitions = list(void.objects(dataset, VOID.classPartition))
    assert partitions and all(void.value(p, VOID["class"]) is not None for p in partitions)
