"""``/reconcile``, the W3C Reconciliation Service API 0.2, through ``kgraph serve``'s serving over the built graph.

Every answer is validated against the specification's own JSON schemas (``tests/schemas/reconciliation-0.2``,
copied from reconciliation-api/specs; source and licence in its README), and so is every query batch the
tests send. The expected candidates were read from ``data/*.ttl`` before the service was run:
``city:vaasa`` "Vaasa"@fi / "Vasa"@sv, ``city:hameenlinna`` "Tavastehus"@sv (``data/cities.ttl``),
``person:anna-kaisa-ikonen`` foaf:name "Anna-Kaisa Ikonen" (``data/people.ttl``),
``kporg:tyo-ja-elinkeinoministerio`` skos:altLabel "TEM"@fi (``data/organisations.ttl``).
"""

from __future__ import annotations

import json

import pytest
import requests
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from endpoint_fixtures import real_endpoint  # noqa: F401
from paths import TESTS
from kgraph.namespaces import base_iri, kp

SCHEMAS = TESTS / "schemas" / "reconciliation-0.2"
ID = base_iri() + "id/"


def _schemas() -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")}


def validator(name: str) -> Draft7Validator:
    schemas = _schemas()
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)) for schema in schemas.values()
    )
    return Draft7Validator(schemas[name], registry=registry)


def valid(name: str, document) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)]
    assert not errors, f"{name}: {errors}"


def reconcile(url: str, batch: dict, method: str = "POST") -> requests.Response:
    valid("reconciliation-query-batch", batch)  # what the tests send is a query batch by the specification
    payload = {"queries": json.dumps(batch)}
    if method == "POST":
        return requests.post(url + "/reconcile", data=payload, timeout=30)
    return requests.get(url + "/reconcile", params=payload, timeout=30)


def test_the_schemas_refuse_what_they_should():
    # the validators are live: a manifest without its required fields and a candidate without a score fail
    assert list(validator("manifest").iter_errors({"name": "x"}))
    assert list(validator("reconciliation-result-batch").iter_errors({"q0": {"result": [{"id": "x", "name": "y"}]}}))


def test_manifest(real_endpoint):
    response = requests.get(real_endpoint + "/reconcile", timeout=30)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    manifest = response.json()
    valid("manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == ID and manifest["schemaSpace"] == str(kp())
    assert {"id": kp() + "City", "name": "city"} in requests.get(
        real_endpoint + "/reconcile", params={"lang": "en"}, timeout=30
    ).json()["defaultTypes"]
    assert manifest["view"]["url"] == real_endpoint + "/reconcile/view?id={{id}}"


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_queries(real_endpoint, method):
    batch = {
        "q0": {"query": "Vaasa", "type": kp() + "City"},
        "q1": {"query": "Vasa"},
        "q2": {"query": "Tavastehus", "type": [kp() + "Municipality"], "type_strict": "should"},
        "q3": {"query": "Anna-Kaisa Ikonen", "type": kp() + "Person", "limit": 3},
        "q4": {"query": "TEM"},
        "q5": {"query": "ikonen", "limit": 2},
        "q6": {"query": "Vaasa", "type": kp() + "Person"},
        "q7": {"properties": [{"pid": "org:identifier", "v": "905"}]},
    }
    response = reconcile(real_endpoint, batch, method)
    assert response.status_code == 200, response.text
    answer = response.json()
    valid("reconciliation-result-batch", answer)
    assert set(answer) == set(batch)

    def first(key: str) -> dict:
        return answer[key]["result"][0]

    assert (first("q0")["id"], first("q0")["match"], first("q0")["score"]) == (ID + "city/vaasa", True, 100.0)
    assert first("q0")["type"] == [{"id": kp() + "City", "name": "kaupunki"}]
    assert (first("q1")["id"], first("q1")["match"]) == (ID + "city/vaasa", True)
    assert (first("q2")["id"], first("q2")["match"]) == (ID + "city/hameenlinna", True)
    assert (first("q3")["id"], first("q3")["name"], first("q3")["match"]) == (
        ID + "person/anna-kaisa-ikonen",
        "Anna-Kaisa Ikonen",
        True,
    )
    assert (first("q4")["id"], first("q4")["score"]) == (ID + "org/tyo-ja-elinkeinoministerio", 97.5)
    assert first("q5")["id"] == ID + "person/anna-kaisa-ikonen" and not first("q5")["match"]  # a word, not the name
    assert len(answer["q5"]["result"]) <= 2
    assert ID + "city/vaasa" not in [c["id"] for c in answer["q6"]["result"]]
    assert answer["q7"] == {"result": []}  # properties only: names are what the service matches


def test_names_in_the_readers_language(real_endpoint):
    answer = requests.post(
        real_endpoint + "/reconcile",
        data={"queries": json.dumps({"q": {"query": "Vaasa"}})},
        headers={"Accept-Language": "sv"},
        timeout=30,
    ).json()
    assert answer["q"]["result"][0]["name"] == "Vasa"


@pytest.mark.parametrize(
    "queries, status, code",
    [
        ("{not json", 400, "bad_json"),
        ("[1, 2]", 400, "bad_batch"),
        ('{"q": "Vaasa"}', 400, "bad_batch"),
        ('{"q": {"query": 5}}', 400, "bad_query"),
        ('{"q": {"query": "Vaasa", "limit": 0}}', 400, "bad_query"),
        ('{"q": {"query": "Vaasa", "type": [1]}}', 400, "bad_query"),
        ('{"q": {"query": "Vaasa", "type": "nope:X"}}', 400, "in_query"),
        (json.dumps({"q": {"query": "x" * 201}}), 400, "in_query"),
        (json.dumps({f"q{i}": {"query": "Vaasa"} for i in range(51)}), 413, "too_many"),
    ],
)
def test_bad_batches(real_endpoint, queries, status, code):
    response = requests.post(real_endpoint + "/reconcile", data={"queries": queries, "lang": "en"}, timeout=30)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and "\n" not in error["info"]


def test_suggest_and_view(real_endpoint):
    suggested = requests.get(
        real_endpoint + "/reconcile/suggest/entity", params={"prefix": "hame", "lang": "en"}, timeout=30
    ).json()
    valid("suggest-entities-response", suggested)
    top = suggested["result"][0]
    assert (top["id"], top["name"], top["notable"]) == (
        ID + "city/hameenlinna",
        "Hämeenlinna",
        [{"id": kp() + "City", "name": "city"}],
    )
    more = requests.get(
        real_endpoint + "/reconcile/suggest/entity", params={"prefix": "hame", "cursor": "1"}, timeout=30
    ).json()
    assert more["result"][0]["id"] == suggested["result"][1]["id"]
    bad = requests.get(real_endpoint + "/reconcile/suggest/entity", params={"prefix": "x", "cursor": "-1"}, timeout=30)
    assert bad.status_code == 400

    view = requests.get(
        real_endpoint + "/reconcile/view", params={"id": ID + "city/vaasa"}, allow_redirects=False, timeout=30
    )
    assert view.status_code == 303 and view.headers["Location"].endswith("/id/city/vaasa")
    assert requests.get(real_endpoint + "/reconcile/view", params={"id": "http://example.org/x"}).status_code == 404
