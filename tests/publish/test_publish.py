"""``kgraph publish OUT``: the data package's files, dumps, checksums and atomic replacement.

The package's contents are read from the session's one publication of the full site (``package``); the
mechanics (replacement, refusals, failures midway, the command line) run on the small repository of
``tests/publish/conftest.py``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from rdflib import Graph

from kgraph.publish import publish as publishing
from kgraph.publish.catalogue import graph_names, statistics
from kgraph.cli import main
from kgraph.publish.publish import CHECKSUMS, MARKER, NAME, PublishError, package_files, publish

PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


def test_the_package_holds_every_part(package: Path):
    for name in (
        "catalogue.ttl",
        "catalogue.rdf",
        "catalogue.jsonld",
        "void.ttl",
        CHECKSUMS,
        MARKER,
        "site/index.html",
        "site/index.fi.html",
        "site/index.sv.html",
        "site/index.en.html",
        "site/ontology.fi.html",
        "site/ontology.ttl",
        "site/static/pages/style.css",
        "site/shapes/catalogue.ttl",
    ):
        assert (package / name).is_file(), name
    for f in package_files():
        assert (package / f.path).is_file(), f.path
    assert not list(package.parent.glob(".out.*")), "no temporary folder is left behind"


@pytest.mark.parametrize("graph", ["asserted", "inferred"])
@pytest.mark.parametrize("suffix", sorted(PARSERS))
def test_dumps_hold_the_graph_in_every_format(package, store, graph, suffix):
    plain = (package / "dumps" / f"{NAME}-{graph}.{suffix}").read_bytes()
    assert gzip.decompress((package / "dumps" / f"{NAME}-{graph}.{suffix}.gz").read_bytes()) == plain
    parsed = Graph().parse(data=plain, format=PARSERS[suffix])
    expected = statistics(store, graph_names(store)[graph])["triples"]
    assert len(parsed) == expected


def test_dumps_are_reproducible(package, store, tmp_path):
    publishing.write_dumps(store, tmp_path)
    for path in (tmp_path / "dumps").iterdir():
        assert path.read_bytes() == (package / "dumps" / path.name).read_bytes(), path.name


def test_checksums_cover_every_file(package):
    lines = (package / CHECKSUMS).read_text().splitlines()
    listed = {}
    for line in lines:
        digest, path = line.split("  ", 1)
        listed[path] = digest
    files = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()} - {CHECKSUMS}
    assert set(listed) == files
    for path, digest in listed.items():
        assert hashlib.sha256((package / path).read_bytes()).hexdigest() == digest, path


def test_manifest(package, store):
    manifest = json.loads((package / MARKER).read_text())
    assert manifest["catalogue"]["violations"] == 0
    assert manifest["triples"] == {
        name: statistics(store, graphs)["triples"] for name, graphs in graph_names(store).items()
    }
    assert manifest["triples"]["inferred"] > 0
    assert manifest["pages"] > 0


def test_republishing_replaces_the_package_atomically(small_store, small_repo, tmp_path):
    out = tmp_path / "pkg"
    publish(out, store=small_store, layout=small_repo.layout)
    (out / "stale.txt").write_text("from an older package")
    first = (out / MARKER).read_text()
    publish(out, store=small_store, layout=small_repo.layout)
    assert not (out / "stale.txt").exists() and (out / MARKER).read_text() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"], "no temporary folder is left behind"


def test_a_folder_that_is_not_a_package_is_never_replaced(small_store, small_repo, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.txt").write_text("precious")
    with pytest.raises(PublishError, match="not a data package"):
        publish(out, store=small_store, layout=small_repo.layout)
    assert (out / "thesis.txt").read_text() == "precious"


def test_a_failure_midway_leaves_the_previous_package(small_store, small_repo, tmp_path, monkeypatch):
    out = tmp_path / "pkg"
    publish(out, store=small_store, layout=small_repo.layout)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(publishing, "write_site", broken)
    with pytest.raises(OSError, match="disk full"):
        publish(out, store=small_store, layout=small_repo.layout)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]


def test_a_catalogue_that_breaks_our_shapes_writes_nothing(small_store, small_repo, tmp_path, monkeypatch):
    from rdflib.namespace import DCTERMS

    real = publishing.catalogue_graph

    def untitled(*args, **kwargs):
        graph = real(*args, **kwargs)
        graph.remove((None, DCTERMS.title, None))
        return graph

    monkeypatch.setattr(publishing, "catalogue_graph", untitled)
    out = tmp_path / "pkg"
    with pytest.raises(PublishError) as err:
        publish(out, store=small_store, layout=small_repo.layout)
    assert err.value.report is not None and err.value.report.count("Violation") >= 3
    assert not out.exists() and not list(tmp_path.iterdir())


def test_cli(small_store, small_repo, tmp_path, capsys, monkeypatch):
    for name, value in small_repo.env().items():  # the command line opens the small repository's build
        monkeypatch.setenv(name, value)
    out = tmp_path / "cli-package"
    assert (
        main(
            [
                "publish",
                str(out),
                "--download-base",
                "https://data.example.org/kp/",
                "--endpoint",
                "https://data.example.org/sparql",
                "--contact-email",
                "data@example.org",
            ]
        )
        == 0
    )
    printed = capsys.readouterr()
    # example.org is reserved for examples (RFC 2606): three placeholders, one warning line each
    assert printed.out.rstrip().endswith("catalogue conforms (3 warning(s): 3 placeholder setting(s), see above)")
    warnings = [line for line in printed.err.splitlines() if line.startswith("warning: ")]
    assert [w.split()[2] for w in warnings] == ["download", "SPARQL", "contact"]
    assert json.loads((out / MARKER).read_text())["placeholders"] == [w[len("warning: ") :] for w in warnings]
    catalogue = (out / "catalogue.ttl").read_text()
    assert "https://data.example.org/kp/dumps/" in catalogue and "mailto:data@example.org" in catalogue
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "x").write_text("x")
    assert main(["publish", str(blocked)]) == 2


def test_strict_refuses_placeholders_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "strict"
    assert main(["publish", str(out), "--strict"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        "warning: the download base is the placeholder default https://w3id.org/kaupunkipolitiikka/data/; "
        "set it with --download-base URL",
        "warning: the SPARQL endpoint is the placeholder default https://w3id.org/kaupunkipolitiikka/sparql; "
        "set it with --endpoint URL",
        "warning: the catalogue has no contact e-mail; set it with --contact-email ADDRESS",
    ]
    assert err[3].startswith("error: --strict: 3 placeholder setting(s)") and len(err) == 4
    assert not out.exists()
    given = ["--download-base", "https://data.kp.fi/", "--endpoint", "https://kp.localhost/sparql"]
    assert main(["publish", str(out), "--strict", *given, "--contact-email", "data@kp.fi"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "warning: the SPARQL endpoint https://kp.localhost/sparql is at a host reserved for examples; "
        "set it with --endpoint URL"
    )


def test_placeholders_of_real_settings():
    from kgraph.publish.catalogue import Settings
    from kgraph.publish.placeholders import placeholders

    real = Settings(download_base="https://data.kp.fi/", endpoint="https://kp.fi/sparql", contact_email="a@kp.fi")
    assert placeholders(real) == []
    assert len(placeholders(Settings(download_base="https://x.test/", endpoint="http://localhost:8000/"))) == 3
    assert "example" in placeholders(Settings(**{**real.__dict__, "contact_email": "a@mail.example"}))[0]
