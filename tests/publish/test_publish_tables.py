"""The data package's CSV tables and their Frictionless descriptor (``tables/``), and the quad dumps.

The expected rows below were written by hand from the data files (the file and line each comes from is named)
before the tables were first made; the descriptor is validated by the ``frictionless`` library.
"""

from __future__ import annotations

import csv
import gzip
import json

import pytest
from rdflib import Dataset

from kgraph.publish import tables
from kgraph.publish.publish import NAME

ID = "https://w3id.org/kaupunkipolitiikka/id/"

#: {table: {IRI: {column: value}}}: the columns named, as written from data/*.ttl and ontology/vocab/*.ttl.
EXPECTED = {
    "persons": {
        # data/people.ttl "person:jose-valanta" and data/people-history.ttl (a second source); one mandate
        ID + "person/jose-valanta": {
            "name": "José Valanta",
            "alternative_names": "Jose Valanta",
            "mandates": "1",
            "sources": f"{ID}source/kommunforbundet-stadspolitiskt-atgardsprogram-2021 | "
            f"{ID}source/kuntaliitto-tiedote-2021-kaupunkipoliittinen-toimintaohjelma",
        },
    },
    "cities": {
        # data/cities.ttl "city:vaasa", data/wikidata-links.ttl "city:vaasa"
        ID + "city/vaasa": {
            "label_fi": "Vaasa",
            "label_sv": "Vasa",
            "municipality_code": "905",
            "same_as": "http://www.wikidata.org/entity/Q125080",
            "sources": f"{ID}source/tem-kaupunkipolitiikan-yhteistyoryhma-2023 | "
            f"{ID}source/yle-geodata-finland-munis-2020",
        },
    },
    "terms": {
        # data/cooperation-group-history.ttl: set on 2011-11-03 "for the term of Jyrki Katainen's government",
        # which data/governments.ttl ends on 2014-06-24: a derived end (decision 0008, rule 1)
        ID + "body/kaupunkipolitiikan-yhteistyoryhma-2011": {
            "body": ID + "body/kaupunkipolitiikan-yhteistyoryhma",
            "label_fi": "Kaupunkipolitiikan yhteistyöryhmä",
            "label_sv": "",
            "start_date": "2011-11-03",
            "start_date_kind": "stated",
            "end_date": "2014-06-24",
            "end_date_kind": "derived",
            "end_rule": ID + "date-rule/term-ends-with-cabinet",
            "during_cabinet": ID + "org/paaministeri-jyrki-kataisen-hallitus",
            "appointing_act": ID + "appointment/kaupunkipolitiikan-yhteistyoryhma-2011",
            "sources": ID + "source/mynewsdesk-kaupunkipolitiikan-yhteistyoryhma-asetettu-2011",
        },
    },
    "mandates": {
        # data/cooperation-group-history.ttl: the chair of that term, start stated, no end: ends with the term
        ID + "mandate/kaupunkipolitiikan-yhteistyoryhma-2011--jyri-hakamies--chair": {
            "person": ID + "person/jyri-hakamies",
            "person_name": "Jyri Häkämies",  # data/people-history.ttl
            "organisation": ID + "body/kaupunkipolitiikan-yhteistyoryhma-2011",
            "role": ID + "role/chair",
            "role_label_fi": "puheenjohtaja",  # ontology/vocab/roles.ttl
            "role_label_sv": "ordförande",
            "role_label_en": "chair",
            "start_date": "2011-11-03",
            "start_date_kind": "stated",
            "end_date": "2014-06-24",
            "end_date_kind": "derived",
            "end_rule": ID + "date-rule/ends-with-term",
            "attested_in": "",
            "in_force_from": "2011-11-03",
            "in_force_until": "2014-06-24",
            "sources": ID + "source/mynewsdesk-kaupunkipolitiikan-yhteistyoryhma-asetettu-2011",
        },
        # data/people.ttl: attested in 2021 (a year), with no start or end
        ID + "mandate/suomen-kuntaliitto--jose-valanta--yhteysjohtaja": {
            "person": ID + "person/jose-valanta",
            "organisation": ID + "org/suomen-kuntaliitto",
            "start_date": "",
            "start_date_kind": "",
            "end_date": "",
            "end_date_kind": "",
            "attested_in": "2021",
        },
    },
}


def read(package, name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (package / "tables" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hand_written_rows(package, name):
    columns, rows = read(package, name)
    by_id = {row[columns[0]]: row for row in rows}
    for iri, expected in EXPECTED[name].items():
        assert iri in by_id, f"{iri} is not in {name}.csv"
        assert {column: by_id[iri][column] for column in expected} == expected


@pytest.mark.parametrize("name", tables.NAMES)
def test_one_row_per_entity_of_the_class(package, select, name):
    columns, rows = read(package, name)
    kind = {"persons": "Person", "bodies": "Body", "terms": "BodyTerm", "mandates": "Mandate", "cities": "City"}
    kind.update({"agreements": "Agreement", "publications": "Publication"})
    found = select(f"SELECT DISTINCT ?x WHERE {{ ?x a kp:{kind[name]} }}")
    ids = [row[columns[0]] for row in rows]
    assert len(ids) == len(set(ids)) and set(ids) == {row["x"] for row in found}
    assert ids == sorted(ids)
    labels = [c for c in columns if c.startswith("label_")]
    assert set(labels) <= {"label_fi", "label_sv", "label_en"}


def test_files_are_utf8_csv_with_a_header_row(package):
    for name in tables.NAMES:
        data = (package / "tables" / f"{name}.csv").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
        text = data.decode("utf-8")
        header = text.split("\r\n", 1)[0]
        assert header.split(",") == read(package, name)[0] and text.endswith("\r\n")
    assert "Häkämies" in (package / "tables" / "mandates.csv").read_text(encoding="utf-8")


def test_the_descriptor_is_a_valid_data_package(package):
    frictionless = pytest.importorskip("frictionless", reason="pip install -e '.[test]' installs frictionless")
    report = frictionless.validate(str(package / "tables" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads((package / "tables" / "datapackage.json").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-4.0"] and descriptor["sources"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == list(tables.NAMES)
    fields = {f["name"]: f for f in resources["mandates"]["schema"]["fields"]}
    assert fields["mandate"] == {**fields["mandate"], "type": "string", "format": "uri"}
    assert fields["in_force_from"]["type"] == "date" and fields["start_date"]["type"] == "string"
    assert all(f.get("description") for f in fields.values()), "every column is described in its query file"
    assert {f["name"]: f["type"] for f in resources["persons"]["schema"]["fields"]}["mandates"] == "integer"


def test_a_broken_table_fails_frictionless(package, tmp_path):
    """The validation can fail: a date column holding a year is reported."""
    frictionless = pytest.importorskip("frictionless", reason="pip install -e '.[test]' installs frictionless")
    folder = tmp_path / "tables"
    folder.mkdir()
    descriptor = json.loads((package / "tables" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] == "terms"]
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    text = (package / "tables" / "terms.csv").read_text(encoding="utf-8").replace(",1996-12-31,", ",1996,")
    (folder / "terms.csv").write_text(text, encoding="utf-8")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid and "type-error" in {e[0] for e in report.flatten(["type"])}


def test_the_query_files_are_the_source(tmp_path):
    query = tmp_path / "queries" / "tables" / "persons.rq"
    query.parent.mkdir(parents=True)
    query.write_text("# title@fi: Henkilöt\n# field person: who\nSELECT ?person WHERE { ?person a ?c }\n")
    from kgraph.config import Layout
    from kgraph.errors import PublishError

    with pytest.raises(PublishError, match=r"no '# title@sv:' line"):
        tables.read_table("persons", Layout(tmp_path))


def test_quad_dumps_keep_every_named_graph(package, store):
    for suffix, fmt in (("nq", "nquads"), ("trig", "trig")):
        plain = (package / "dumps" / f"{NAME}.{suffix}").read_bytes()
        assert gzip.decompress((package / "dumps" / f"{NAME}.{suffix}.gz").read_bytes()) == plain
        dataset = Dataset()
        dataset.parse(data=plain, format=fmt)
        graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert graphs == set(store.graph_names) and len(graphs) > 20
        assert sum(len(g) for g in dataset.graphs()) == len(store)
