"""The W3C SPARQL 1.1 protocol and service-description tests, driven from their manifests over real HTTP.

The manifests live outside the repository, in ``../shared/standards/sparql11-tests/``. Each protocol test
is a list of ``ht:Request``s with expected status classes, result format and boolean; the runner sends each
request to the endpoint (``/sparql/`` in the manifest is this endpoint's ``/sparql``) serving a dataset
of the test graphs (``data1.nt`` … as named graphs ``http://kasei.us/…/dataN.rdf``). The endpoint is
read-only, so ``update_*`` tests pass when their update request is refused with a 4xx status (the
requests after it check the update's effect and are not sent).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from endpoint_fixtures import granian_serving
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from paths import ROOT

SUITE = ROOT.parent / "shared" / "standards" / "sparql11-tests"
PROTOCOL = SUITE / "protocol" / "manifest.ttl"
DESCRIPTION = SUITE / "service-description" / "manifest.ttl"
MISSING = f"the W3C SPARQL 1.1 test suite is not at {SUITE} (../shared is absent); our own tests cover the protocol"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    encoding: str
    statuses: set[str] = field(default_factory=set)  # "2xx", "3xx", "4xx"
    format: str | None = None
    boolean: bool | None = None

    @property
    def is_update(self) -> bool:
        content_type = self.headers.get("content-type", "")
        return "sparql-update" in content_type or (self.body or "").startswith("update=") or "update=" in self.path


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[Request]
    graphs: dict[str, Path]


def _manifest(path: Path) -> tuple[Graph, list[URIRef]]:
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


def _request(g: Graph, node) -> Request:
    headers = {}
    header_list = g.value(node, HT.headers)
    for header in Collection(g, header_list) if header_list is not None else []:
        headers[str(g.value(header, HT.fieldName)).lower()] = str(g.value(header, HT.fieldValue))
    body = g.value(node, HT.body)
    response = g.value(node, HT.resp)
    expected = Request(
        str(g.value(node, HT.methodName)),
        str(g.value(node, HT.absolutePath)),
        headers,
        str(g.value(body, CNT.chars)) if body is not None else None,
        str(g.value(body, CNT.characterEncoding) or "UTF-8") if body is not None else "UTF-8",
    )
    if response is not None:
        expected.statuses = {str(s).rsplit("StatusCode", 1)[-1].lower() for s in g.objects(response, MF.expectedStatus)}
        fmt = g.value(response, MF.expectedFormat)
        expected.format = str(fmt) if fmt is not None else None
        boolean = g.value(response, MF.expectedBoolean)
        expected.boolean = boolean.toPython() if boolean is not None else None
    return expected


def protocol_tests() -> list[ProtocolTest]:
    g, entries = _manifest(PROTOCOL)
    tests = []
    for entry in entries:
        action = g.value(entry, MF.action)
        requests_ = [_request(g, node) for node in Collection(g, g.value(action, HT.requests))]
        graphs = {
            str(g.value(d, RDFS.label)): Path(str(g.value(d, UT.graph)).removeprefix("file://"))
            for d in g.objects(entry, UT.graphData)
        }
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1], str(g.value(entry, MF.name)), requests_, graphs))
    return tests


def description_tests() -> list[str]:
    _g, entries = _manifest(DESCRIPTION)
    return [str(e).rsplit("#", 1)[-1] for e in entries]


def _ids(loader):
    try:
        return loader()
    except (OSError, StopIteration):
        return []


PROTOCOL_TESTS = _ids(protocol_tests) if PROTOCOL.exists() else []
DESCRIPTION_TESTS = _ids(description_tests) if DESCRIPTION.exists() else []


@pytest.fixture(scope="module")
def w3c_endpoint():
    """The endpoint over every graph the protocol tests name, loaded as named graphs (nothing is fetched)."""
    if not PROTOCOL.exists():
        pytest.skip(MISSING)

    quads = []
    for test in PROTOCOL_TESTS:
        for name, path in test.graphs.items():
            quads += [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
            ]
    with granian_serving(sorted(set(quads), key=str), timeout=10.0) as url:  # as `kgraph serve` serves
        yield url


def _send(base: str, request: Request) -> requests.Response:
    path = request.path
    if not path.startswith("/sparql/"):
        raise AssertionError(f"unexpected request path {path}")
    url = base + "/sparql" + path[len("/sparql/") :]
    headers = {name: value for name, value in request.headers.items()}
    charset = headers.get("content-type", "").partition("charset=")[2].strip() or request.encoding
    data = request.body.encode(charset) if request.body is not None else None
    session = requests.Session()
    prepared = requests.Request(request.method, url, headers=headers, data=data).prepare()
    if data is not None and "content-type" not in headers:
        prepared.headers.pop("Content-Type", None)
    return session.send(prepared, timeout=30, allow_redirects=False)


def _boolean(response: requests.Response) -> bool:
    if response.headers["Content-Type"].startswith("application/sparql-results+json"):
        return json.loads(response.content)["boolean"]
    return b"<boolean>true</boolean>" in response.content


@pytest.mark.skipif(not PROTOCOL.exists(), reason=MISSING)
@pytest.mark.parametrize("test", PROTOCOL_TESTS, ids=[t.name for t in PROTOCOL_TESTS])
def test_protocol(w3c_endpoint, test: ProtocolTest):
    for request in test.requests:
        response = _send(w3c_endpoint, request)
        status = f"{response.status_code // 100}xx"
        if test.name.startswith("update_") and request.is_update:
            assert status == "4xx", f"{test.title}: a read-only endpoint refuses the update, got {response.status_code}"
            return
        assert status in request.statuses, f"{test.title}: status {response.status_code}: {response.text[:300]}"
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        if request.format == "boolean":
            assert media in {"application/sparql-results+json", "application/sparql-results+xml"}
        elif request.format == "tabular":
            assert media in TABULAR
        elif request.format == "RDF":
            assert media in RDF_TYPES
            list(ox.parse(response.content, format=RDF_TYPES[media]))
        if request.boolean is not None:
            assert _boolean(response) is request.boolean


def _description(base: str, accept: str) -> tuple[str, Graph]:
    response = requests.get(base + "/sparql", headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    media = response.headers["Content-Type"].split(";")[0]
    graph = Graph()
    graph.parse(
        data=response.content,
        format={"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt"}[media],
    )
    return response.url, graph


def _conforms(graph: Graph, endpoint: str) -> list[str]:
    """Problems against the Service Description vocabulary's schema (domains, ranges, required terms)."""
    problems = []
    services = list(graph.subjects(RDF.type, SD.Service))
    if not services:
        problems.append("no sd:Service")
    languages = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    features = {SD.DereferencesURIs, SD.UnionDefaultGraph, SD.RequiresDataset, SD.EmptyGraphs, SD.BasicFederatedQuery}
    for service in services:
        if not list(graph.objects(service, SD.endpoint)):
            problems.append("sd:Service without sd:endpoint")
        if not set(graph.objects(service, SD.supportedLanguage)) <= languages or not list(
            graph.objects(service, SD.supportedLanguage)
        ):
            problems.append("sd:supportedLanguage missing or not an sd:Language")
        if not set(graph.objects(service, SD.feature)) <= features:
            problems.append("unknown sd:feature")
        for dataset in graph.objects(service, SD.defaultDataset):
            if (dataset, RDF.type, SD.Dataset) not in graph:
                problems.append("sd:defaultDataset is not an sd:Dataset")
            for named in graph.objects(dataset, SD.namedGraph):
                if graph.value(named, SD.name) is None or not isinstance(graph.value(named, SD.name), URIRef):
                    problems.append("sd:NamedGraph without an IRI sd:name")
    return problems


@pytest.mark.skipif(not DESCRIPTION.exists(), reason=MISSING)
@pytest.mark.parametrize("name", DESCRIPTION_TESTS)
def test_service_description(w3c_endpoint, name):
    accept = "text/turtle, application/rdf+xml;q=0.9, application/n-triples;q=0.8"
    url, graph = _description(w3c_endpoint, accept)
    if name == "returns-rdf":
        assert len(graph) > 0
        for media in ("application/rdf+xml", "application/n-triples"):
            assert len(_description(w3c_endpoint, media)[1]) == len(graph)
    elif name == "has-endpoint-triple":
        assert (None, SD.endpoint, URIRef(url)) in graph
    elif name == "conforms-to-schema":
        assert _conforms(graph, url) == []
    else:
        pytest.fail(f"unknown service-description test {name}")


def test_the_runner_reads_the_whole_manifest():
    if not PROTOCOL.exists():
        pytest.skip(MISSING)
    assert len(PROTOCOL_TESTS) == 34 and len(DESCRIPTION_TESTS) == 3
    assert all(t.requests for t in PROTOCOL_TESTS)
