"""Read the repository's Turtle (and other RDF) files into rdflib graphs.

Each data file becomes one named graph of a :class:`rdflib.Dataset`, named
by :func:`kgraph.namespaces.graph_iri`, so that every triple keeps the file it
came from. Syntax errors are raised as :class:`kgraph.errors.InputError`
naming the file, line and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..config import Layout
from ..errors import InputError
from ..namespaces import CANONICAL_BASE, RDF, XSD, base_iri, graph_iri, rebase
from .ignore import ignored_filter
from .literals import first_ill_typed, quiet
from .untrusted import check_regular, read_regular, refuse_doctype, refuse_remote_contexts, tree_files

#: File suffixes read as RDF, with the rdflib parser for each.
FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
}

#: The suffixes read when a folder is walked (``.xml`` only when a file is named: a pom.xml or a JUnit
#: report is not RDF); ``kgraph validate --extensions`` chooses others.
WALKED = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".owl")


def rdf_files(paths: Iterable[Path | str], *, suffixes: Iterable[str] = WALKED) -> list[Path]:
    """Expand files and folders into the sorted list of RDF files they hold.

    A folder gives its files with one of ``suffixes``, hidden folders and what git (or, outside a git
    work tree, the folder's ``.gitignore``) ignores left out; a file named is kept whatever git says, and
    is an :class:`InputError` unless its suffix is one of :data:`FORMATS`. Regular files only; symbolic
    links out of a folder are refused (:func:`kgraph.io.untrusted.tree_files`).
    """
    wanted = set(suffixes)
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(ignored_filter(p)(tree_files(p, wanted)))
        elif p.exists():
            check_regular(p)
            if p.suffix not in FORMATS:
                raise InputError(str(p), f"not an RDF file: {_known()}")
            found.append(p)
        else:
            raise InputError(str(p), "no such file or folder")
    return found


def _known() -> str:
    return "RDF files end in " + ", ".join(sorted(FORMATS))


def display(path: Path, root: Path | None) -> str:
    """How ``path`` is named in messages and graph names: relative to ``root`` (the repository) when under it."""
    try:
        return str(path.resolve().relative_to((root or Layout().root).resolve()))
    except ValueError:
        return str(path)


def _syntax_error(path: str, err: BadSyntax) -> InputError:
    text = err._str.decode("utf-8", "replace") if isinstance(err._str, bytes) else str(err._str)
    at = len(text) if err._i < 0 else min(err._i, len(text))  # -1: the parser ran into the end of the file
    line = text.count("\n", 0, at) + 1
    if at == len(text) and text.endswith("\n") and line > 1:
        line, at = line - 1, at - 1  # the end of the file: the last line, not the empty one after it
    column = at - text.rfind("\n", 0, at)
    return InputError(path, f"syntax error: {err._why}", line=line, column=max(1, column))


#: The pyoxigraph format that locates an error rdflib reports without a place.
_OX_FORMAT_NAMES = {"nt": "N_TRIPLES", "turtle": "TURTLE", "trig": "TRIG", "nquads": "N_QUADS", "xml": "RDF_XML"}
#: The pyoxigraph format that reads the lexical forms of a document as written (ill-typed literals).
_OX_LITERAL_FORMATS = {**_OX_FORMAT_NAMES, "json-ld": "JSON_LD", "n3": "N3"}


def _located_error(path: str, data: str, err: Exception, fmt: str) -> InputError:
    """Locate the first error of a document rdflib failed on without a place: pyoxigraph's parser gives line
    and column (N-Triples: else the first line rdflib refuses alone)."""
    import pyoxigraph as ox

    name = _OX_FORMAT_NAMES.get(fmt)
    if name is not None:
        try:
            list(ox.parse(data.encode("utf-8"), format=getattr(ox.RdfFormat, name)))
        except SyntaxError as ox_err:
            if ox_err.lineno:
                message = str(ox_err.msg).split(": ", 1)[-1]
                column = max(1, ox_err.offset or 1)
                return InputError(path, f"syntax error: {message}", line=ox_err.lineno, column=column)
    if fmt != "nt":
        return InputError(path, f"syntax error: {err}")
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Graph().parse(data=line, format="nt")
        except Exception as line_err:  # noqa: BLE001 - any parser failure locates the line
            message = getattr(line_err, "msg", None) or str(line_err)
            return InputError(path, f"syntax error: {message}", line=number, column=1)
    return InputError(path, f"syntax error: {err}")


def parse_file(path: Path | str, graph: Graph | None = None, *, root: Path | None = None, typed: bool = True) -> Graph:
    """Parse one file into ``graph`` (a new graph by default).

    Raises :class:`InputError` with file, line and column on a syntax error, and, with ``typed`` (the
    project's own validation), on an ill-typed literal. Plain SHACL (``typed=False``) keeps such literals
    for the shapes to judge, as SHACL defines (``sh:datatype`` reports them).
    """
    path = Path(path)
    shown = display(path, root)
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(shown, f"not an RDF file: {_known()}")
    raw = read_regular(path, shown)
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, start = raw.count(b"\n", 0, err.start) + 1, raw.rfind(b"\n", 0, err.start) + 1
        column = len(raw[start : err.start].decode("utf-8", "replace")) + 1
        raise InputError(
            shown,
            f"not UTF-8: byte 0x{raw[err.start]:02x} cannot start or continue a character",
            line=line,
            column=column,
        ) from None
    if fmt == "json-ld":
        refuse_remote_contexts(data, shown)
    elif fmt == "xml":
        refuse_doctype(raw, shown)
    target = graph if graph is not None else Graph()
    scratch = Graph()
    try:
        with quiet():
            scratch.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
            ill_typed = first_ill_typed(
                scratch, data, shown, ox_format=_OX_LITERAL_FORMATS.get(fmt), base=path.resolve().as_uri()
            )
    except BadSyntax as err:
        raise _syntax_error(shown, err) from err
    except Exception as err:  # noqa: BLE001 - the parsers raise assorted types (ParserError, AttributeError, …)
        raise _located_error(shown, data, err, fmt) from err
    if ill_typed is not None and typed:
        raise ill_typed
    if fmt == "xml":
        _refuse_other_xml(raw, shown, empty=not len(scratch))
    move = rebaser()
    for s, p, o in scratch:
        target.add((move(s), move(p), move(o)))
    for prefix, ns in scratch.namespaces():
        target.bind(prefix, move(ns), override=False)
    return target


def _refuse_other_xml(raw: bytes, shown: str, *, empty: bool) -> None:
    """:class:`InputError` for XML that is not RDF/XML (a pom.xml, a JUnit report): a root element that is not
    ``rdf:RDF`` and is in no namespace, or gives no triple. (A document type declaration was refused before.)"""
    from xml.etree import ElementTree as ET

    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        return
    if root.tag != f"{{{RDF}}}RDF" and (empty or not root.tag.startswith("{")):
        raise InputError(shown, f"not RDF/XML: the root element is <{root.tag.rsplit('}', 1)[-1]}>, not <rdf:RDF>")


def rebaser():
    """A function that moves an rdflib term onto the deployment's base (:func:`kgraph.namespaces.rebase`).

    IRIs are moved, and so are ``xsd:anyURI`` literals (SHACL's ``sh:namespace`` declares the prefixes of
    SPARQL constraints with them); any other term is returned as it is.
    """
    if base_iri() == CANONICAL_BASE:
        return lambda term: term

    def move(term):
        if isinstance(term, URIRef):
            return URIRef(rebase(str(term)))
        if isinstance(term, Literal) and term.datatype == XSD.anyURI:
            return Literal(rebase(str(term)), datatype=XSD.anyURI)
        return term

    return move


def load_dataset(paths: Iterable[Path | str], *, root: Path | None = None) -> Dataset:
    """Load files (or folders of files) into a dataset, one named graph per file."""
    root = root or Layout().root
    ds = Dataset()
    for f in rdf_files(paths):
        name = display(f, root)
        parse_file(f, ds.graph(URIRef(graph_iri(name))), root=root)
    return ds


def load_graph(paths: Iterable[Path | str], *, root: Path | None = None, typed: bool = True) -> Graph:
    """Load files (or folders of files) into one graph (``typed``: see :func:`parse_file`)."""
    g = Graph()
    for f in rdf_files(paths):
        parse_file(f, g, root=root, typed=typed)
    return g


def shared_graph(paths: Iterable[Path | str], *, root: Path | None = None) -> Graph:
    """The files as one graph, read once per content: the same bytes (and base) give the same graph object.

    For shapes and ontologies that every validation reads again; callers must not modify the graph.
    """
    files = rdf_files(paths)
    digest = hashlib.sha256(base_iri().encode())
    for f in files:
        digest.update(str(f.resolve()).encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return _graph_of(digest.hexdigest(), tuple(files), root)


@lru_cache(maxsize=16)
def _graph_of(digest: str, files: tuple[Path, ...], root: Path | None) -> Graph:
    return load_graph(files, root=root)


def ontology_paths(layout: Layout | None = None) -> list[Path]:
    """The ontology, its vocabularies and the local standard axioms."""
    layout = layout or Layout()
    return rdf_files([layout.ontology])


def data_paths(layout: Layout | None = None) -> list[Path]:
    layout = layout or Layout()
    return rdf_files([layout.data])


def load_ontology(layout: Layout | None = None) -> Graph:
    """The ontology graph of the repository (shared: see :func:`shared_graph`; do not modify it)."""
    return shared_graph(ontology_paths(layout), root=(layout or Layout()).root)
