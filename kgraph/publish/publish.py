"""``kgraph publish OUT``: a portal-ready data package, written atomically.

The package holds dumps of the asserted graph (ontology, vocabularies and
data) and of the inferred graph in Turtle, N-Triples, JSON-LD and RDF/XML,
and of every named graph, kept apart, in N-Quads and TriG, each also
gzipped; CSV tables of the core entities with a Frictionless descriptor
(:mod:`kgraph.publish.tables`); a DCAT-AP 3.0.1 catalogue (Turtle, RDF/XML,
JSON-LD) giving each distribution's size and checksum, and its avoindata.fi
variant (SHA-1, decimal sizes: their shapes disagree with DCAT-AP 3.0.1); a
VoID description; a static HTML site of every resource page in Finnish,
Swedish and English with each resource's RDF beside it; ``package.json``;
and ``SHA256SUMS`` over every other file (``sha256sum -c SHA256SUMS``).

The catalogue is checked against ``shapes/catalogue.ttl`` before anything
is written, and again with the written files' sizes and checksums before
the package replaces the old one. ``strict``: placeholder settings
(:mod:`kgraph.publish.placeholders`) stop the publish before anything is
written. The package is built in a temporary folder next to ``OUT``
(``.OUT.new.*``) and swapped with the previous package in one step
(``renameat2(RENAME_EXCHANGE)``), so ``OUT`` is always there and is either the
previous package or the new one, never half of one (where the system cannot
exchange, two renames, with ``OUT`` missing between them for an instant); a
folder that is not a package is never replaced. Publishes into one folder take
turns (a lock on the folder that holds ``OUT``); each first removes the
temporary folders (``.OUT.new.*``, ``.OUT.old.*``) of earlier runs that were
killed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import fcntl
import os
import re
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..version import __version__
from .catalogue import AVOINDATA, Settings, catalogue_graph, check, graph_names, statistics, void_graph
from .files import PackageFile, file_facts
from .placeholders import placeholders
from ..config import Layout
from ..namespaces import base_iri, graph_iri
from ..query import jsonld_context
from ..query.store import prefix_map
from ..site.describe import RDF_FORMATS, cbd_triples, graph_triples, resources, to_bytes
from . import tables
from ..io.atomic import exchange, temporary_folder
from ..errors import PublishError
from ..validation.validate import ValidationReport

NAME = "kaupunkipolitiikka"
MARKER = "package.json"
CHECKSUMS = "SHA256SUMS"
DUMP_SUFFIXES = tuple(RDF_FORMATS)  # ttl, nt, jsonld, rdf


@dataclass
class PublishResult:
    path: Path
    files: dict[str, str] = field(default_factory=dict)  # relative path -> SHA-256
    report: ValidationReport | None = None
    pages: int = 0
    placeholders: list[str] = field(default_factory=list)  # one line per placeholder setting (a warning each)


def package_files() -> list[PackageFile]:
    """The files the catalogue lists as distributions: every dump, plain and gzipped (the asserted and the
    inferred graph as triples, every named graph as quads), the tables with their descriptor, and the site."""
    files = [
        PackageFile(f"dumps/{NAME}-{graph}.{suffix}{'.gz' if gz else ''}", graph, suffix, gz)
        for graph in ("asserted", "inferred")
        for suffix in DUMP_SUFFIXES
        for gz in (False, True)
    ]
    files += [
        PackageFile(f"dumps/{NAME}.{suffix}{'.gz' if gz else ''}", "graphs", suffix, gz)
        for suffix in QUAD_SUFFIXES
        for gz in (False, True)
    ]
    return files + tables.package_files() + [PackageFile("site/index.html", "site", "html")]


QUAD_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
QUAD_SUFFIXES = tuple(QUAD_FORMATS)  # nq, trig
AVOINDATA_CATALOGUE = "catalogue-avoindata"


def quads_to_bytes(quads: list[ox.Quad], suffix: str) -> bytes:
    """Quads in the format of a file suffix: nq or trig."""
    body = ox.serialize(quads, format=QUAD_FORMATS[suffix], prefixes=prefix_map())
    assert body is not None, "serialize() without an output returns the bytes"
    return body


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _gzip(data: bytes) -> bytes:
    """Gzip with no name and no time stamp, so that the same data gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def write_dumps(store, root: Path) -> None:
    """The asserted and the inferred graph in every triple format, and every named graph, kept apart, in every
    quad format; each plain and gzipped, in a fixed order so that the same build gives the same bytes."""
    for graph, names in graph_names(store).items():
        triples = sorted(
            set(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph_uris=names)), key=str
        )
        for suffix in DUMP_SUFFIXES:
            _write_dump(root / "dumps" / f"{NAME}-{graph}.{suffix}", to_bytes(triples, suffix, self_contained=True))
    found = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    quads = sorted(
        {ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in found},
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )
    for suffix in QUAD_SUFFIXES:
        _write_dump(root / "dumps" / f"{NAME}.{suffix}", quads_to_bytes(quads, suffix))


def _write_dump(path: Path, data: bytes) -> None:
    _write(path, data)
    _write(path.with_name(path.name + ".gz"), _gzip(data))


def write_tables(store, root: Path, settings: Settings, layout: Layout) -> None:
    """The CSV tables of the core entities and their Frictionless descriptor (:mod:`kgraph.publish.tables`)."""
    for path, data in tables.table_files(store, settings.homepage, layout).items():
        _write(root / path, data)


def write_metadata(catalogue: Graph, void: Graph, root: Path, avoindata: Graph | None = None) -> None:
    for suffix, fmt in (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")):
        _write(root / f"catalogue.{suffix}", catalogue.serialize(format=fmt, encoding="utf-8"))
    if avoindata is not None:
        for suffix, fmt in (("ttl", "turtle"), ("rdf", "xml")):
            _write(root / f"{AVOINDATA_CATALOGUE}.{suffix}", avoindata.serialize(format=fmt, encoding="utf-8"))
    _write(root / "void.ttl", void.serialize(format="turtle", encoding="utf-8"))


def write_site(
    store, root: Path, settings: Settings, layout: Layout, progress: Callable[[str], None] | None = None
) -> int:
    """Every resource page in every language, each resource's RDF, the ontology, the index, the front pages
    (:mod:`kgraph.site.front`: the landing page, the listings, the named graphs) and the assets."""
    from ..site.render import STATIC, Page, Renderer, ResourceData, StaticLinks, listing  # the web layer's pages
    from ..site.front import FrontPages, static_files

    from ..site import i18n
    from ..site.citation import CITATION_FORMATS

    site = root / "site"
    renderer = Renderer(store, layout)
    downloads = {f.path.rsplit("/", 1)[-1]: f"../{f.path}" for f in package_files() if f.graph != "site"}
    downloads.update(
        {
            "catalogue.ttl": "../catalogue.ttl",
            "catalogue.rdf": "../catalogue.rdf",
            "void.ttl": "../void.ttl",
            CHECKSUMS: f"../{CHECKSUMS}",
        }
    )
    found = resources(store)
    pages = 0
    for number, (iri, _types) in enumerate(found, start=1):
        path = iri[len(base_iri()) :]
        data, triples = ResourceData(store, iri), cbd_triples(store, iri)
        for lang in i18n.LANGUAGES:
            html = renderer.resource(data, Page(lang, StaticLinks(lang, path, sparql=settings.endpoint)))
            assert html is not None, iri  # resources() lists only resources the graph describes
            _write(site / StaticLinks.file_of(path, lang), html.encode())
            pages += 1
        for suffix in DUMP_SUFFIXES:
            _write(site / f"{path}.{suffix}", to_bytes(triples, suffix))
        for suffix in CITATION_FORMATS:  # one citation file per resource, in the default language, of the build day
            cited = renderer.citation_file(data, Page(i18n.DEFAULT, StaticLinks(i18n.DEFAULT, path)), suffix, None)
            _write(site / f"{path}.{suffix}", cited or b"")
        if progress and number % 100 == 0:
            progress(f"{number}/{len(found)} resources")
    index = listing(store, found)

    def links(lang: str, path: str) -> StaticLinks:
        return StaticLinks(lang, path, downloads=downloads, sparql=settings.endpoint)

    for path, content in static_files(FrontPages(renderer), date.today(), links):  # landing, listings, graphs
        _write(site / path, content)
        pages += path.endswith(tuple(f".{lang}.html" for lang in i18n.LANGUAGES))
    for lang in i18n.LANGUAGES:
        index_html = renderer.index_page(Page(lang, links(lang, "id/")), index).encode()
        _write(site / StaticLinks.file_of("id/", lang), index_html)
        if lang == i18n.DEFAULT:
            _write(site / "id" / "index.html", index_html)
        onto = renderer.ontology_page(Page(lang, StaticLinks(lang, "ontology", sparql=settings.endpoint)))
        _write(site / StaticLinks.file_of("ontology", lang), onto.encode())
        pages += 2
    _write(site / jsonld_context.PATH, jsonld_context.document(layout))  # the @context of the .jsonld files
    ontology = graph_triples(store, graph_iri("ontology/kp.ttl"))
    for suffix in DUMP_SUFFIXES:
        _write(site / f"ontology.{suffix}", to_bytes(ontology, suffix))
    for name in sorted(layout.shapes.glob("*.ttl")):
        _write(site / "shapes" / name.name, name.read_bytes())
    for asset in sorted(STATIC.iterdir()):
        _write(site / "static" / "pages" / asset.name, asset.read_bytes())
    return pages


def checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (relative POSIX paths), the checksum file excepted."""
    sums = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS):
        sums[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def _replaceable(out: Path) -> bool:
    return not out.exists() or (out.is_dir() and (not any(out.iterdir()) or (out / MARKER).is_file()))


def _swap(tmp: Path, out: Path) -> None:
    """Put ``tmp`` at ``out``: exchange them and delete the old package (now at ``tmp``); where exchanging is not
    possible, rename the old package aside, rename the new one in, then delete the old."""
    if out.exists() and exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = None
    if out.exists():
        old = temporary_folder(out, "old")
        os.replace(out, old / "package")
    try:
        os.replace(tmp, out)
    except BaseException:
        if old is not None:
            os.replace(old / "package", out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _debris(out: Path) -> list[Path]:
    """Temporary folders of earlier publishes of ``out`` (``.OUT.new.*``, ``.OUT.old.*``, as made by mkdtemp)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(?:new|old)\.[A-Za-z0-9_]{{8}}")
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink())


@contextmanager
def _turn(out: Path):
    """Hold the lock of the folder that holds ``out`` (publishes into it wait for each other), then remove the
    debris of earlier killed publishes of ``out``: no running publish owns it, since each holds the lock."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for folder in _debris(out):
            shutil.rmtree(folder, ignore_errors=True)
        yield
    finally:
        os.close(fd)  # releases the lock


def publish(
    out: Path | str,
    *,
    store=None,
    settings: Settings | None = None,
    layout: Layout | None = None,
    progress: Callable[[str], None] | None = None,
    strict: bool = False,
) -> PublishResult:
    """Write the data package to ``out`` (see the module documentation); ``strict``: refuse, writing nothing,
    when the download base, the endpoint or the contact e-mail is a placeholder."""
    out = Path(out).resolve()
    settings = settings or Settings()
    unset = placeholders(settings)
    if strict and unset:
        raise PublishError(
            f"--strict: {len(unset)} placeholder setting(s) (download base, endpoint or contact e-mail); "
            "nothing was written"
        )
    with _turn(out):
        result = _publish(out, store, settings, layout or Layout(), progress, unset)
    result.placeholders = unset
    return result


def _publish(out: Path, store, settings: Settings, layout: Layout, progress, unset: list[str]) -> PublishResult:
    from ..pipeline.build import open_store

    if not _replaceable(out):
        raise PublishError(f"{out} exists and is not a data package (no {MARKER}); refusing to replace it")
    store = store if store is not None else open_store(layout)
    files = package_files()
    report = check(catalogue_graph(store, files, settings), layout)  # before any file is written
    if not report.conforms:
        raise PublishError(
            f"the catalogue breaks {report.count('Violation')} constraint(s) of "
            f"shapes/catalogue.ttl; nothing was written",
            report,
        )

    tmp = temporary_folder(out, "new")
    try:
        write_dumps(store, tmp)
        write_tables(store, tmp, settings, layout)
        pages = write_site(store, tmp, settings, layout, progress)
        facts = file_facts(tmp, files)  # the catalogue gives each distribution's size and checksum
        catalogue = catalogue_graph(store, files, settings, facts)
        report = check(catalogue, layout)
        if not report.conforms:
            raise PublishError(
                f"the catalogue with the files' sizes and checksums breaks {report.count('Violation')} "
                f"constraint(s) of shapes/catalogue.ttl; the package was not replaced",
                report,
            )
        avoindata = catalogue_graph(store, files, settings, facts, AVOINDATA)
        write_metadata(catalogue, void_graph(store, files, settings), tmp, avoindata)
        manifest = getattr(store, "manifest", None) or {}
        summary = {
            "kgraph": __version__,
            "built": manifest.get("built"),
            "triples": {name: statistics(store, graphs)["triples"] for name, graphs in graph_names(store).items()},
            "pages": pages,
            "download_base": settings.download_base,
            "endpoint": settings.endpoint,
            "catalogue": {"violations": report.count("Violation"), "warnings": report.count("Warning")},
            "placeholders": unset,
        }
        _write(tmp / MARKER, json.dumps(summary, indent=2, sort_keys=True).encode())
        sums = checksums(tmp)
        _write(tmp / CHECKSUMS, "".join(f"{digest}  {path}\n" for path, digest in sums.items()).encode())
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PublishResult(out, sums, report, pages)
