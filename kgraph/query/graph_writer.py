"""Graphs written for people as well as machines: Turtle with the prefixes it uses, compact JSON-LD.

Imports only the standard library and pyoxigraph: the query worker (a plain script) writes its graphs with it.

* :func:`turtle`: pyoxigraph's streaming Turtle writer with the project's prefixes; the ``@prefix`` lines of
  the namespaces the body never names are dropped afterwards (a byte search, no second pass over the triples).
* :func:`compact_jsonld`: the triples compacted against a JSON-LD context given as an object (never fetched),
  the document's ``@context`` naming the IRI it is published at. The context holds what
  :mod:`kgraph.query.jsonld_context` generates: prefixes, plain terms, and terms coerced to ``@id`` or to one
  datatype; for these the JSON-LD 1.1 compaction algorithm picks a term only when the value fits its coercion
  (else the compact IRI), a compact IRI by the shortest candidate, and leaves values as the RDF gives them
  (no native numbers or booleans), which is what is implemented here.
* :func:`solutions_xml`: the triples as a SPARQL XML results document, one solution per triple with the
  variables ``s``, ``p`` and ``o`` (for clients that read every answer as results: roqet).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: A term whose IRI ends in one of these may serve as the prefix of a compact IRI (JSON-LD 1.1, 4.2.2).
GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")
#: The variables of a triple written as a solution (Virtuoso's names for triples as SPARQL results).
TRIPLE_VARIABLES = ("s", "p", "o")
#: The namespace of a literal's base direction (``its:dir``) in SPARQL 1.2 XML results, as pyoxigraph writes it.
ITS = 'xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"'
_XML_REFERENCES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)
_XML_SPECIAL = re.compile('[&<>"\t\n\r]')  # most terms hold none: a search is quicker than translating


def turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """Turtle with an ``@prefix`` line for each of ``prefixes`` that the body uses."""
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert body is not None, "serialize() without an output returns the bytes"
    return used_prefixes_only(body)


def used_prefixes_only(body: bytes) -> bytes:
    """``body`` (Turtle opening with its ``@prefix`` lines) without the lines of prefixes it never uses.

    A prefixed name always holds ``name:``, so a prefix whose ``name:`` occurs nowhere after the header is
    unused; one that occurs only inside a literal or an IRI is kept (harmless).
    """
    header_end, lines = 0, []
    while body.startswith(b"@prefix ", header_end):
        end = body.index(b"\n", header_end) + 1
        lines.append(body[header_end:end])
        header_end = end
    if not lines:
        return body
    kept = [line for line in lines if body.find(line[8 : line.index(b":", 8) + 1], header_end) >= 0]
    return b"".join(kept) + body[header_end:]


class Compactor:
    """Compacts IRIs and values against one JSON-LD context (the subset described in the module)."""

    def __init__(self, context: dict):
        self.prefixes: list[tuple[str, str]] = []  # (term, IRI) of the terms that may prefix a compact IRI
        self.terms: dict[str, list[tuple[str, str | None]]] = {}  # IRI -> [(term, coercion)]
        self.defined = set(context)
        for term, definition in context.items():
            if term.startswith("@"):
                continue
            if isinstance(definition, str):
                iri, coercion, prefix = self.expand(definition, context), None, definition.endswith(GEN_DELIMS)
            else:
                iri = self.expand(definition["@id"], context)
                coercion = definition.get("@type")
                coercion = self.expand(coercion, context) if coercion and coercion != "@id" else coercion
                prefix = bool(definition.get("@prefix"))
            if prefix and ":" not in term:
                self.prefixes.append((term, iri))
            self.terms.setdefault(iri, []).append((term, coercion))
        self.cache: dict[tuple[str, bool], str] = {}

    @staticmethod
    def expand(value: str, context: dict) -> str:
        prefix, colon, rest = value.partition(":")
        target = context.get(prefix)
        if colon and not rest.startswith("//") and isinstance(target, str):
            return target + rest
        return value

    def iri(self, iri: str, vocab: bool) -> str:
        """An IRI as a term (``vocab`` only: keys and ``@type`` values), a compact IRI or itself."""
        key = (iri, vocab)
        if key not in self.cache:
            self.cache[key] = self._iri(iri, vocab)
        return self.cache[key]

    def _iri(self, iri: str, vocab: bool) -> str:
        if vocab:
            plain = [term for term, coercion in self.terms.get(iri, ()) if coercion is None]
            if plain:
                return min(plain, key=lambda t: (len(t), t))
        candidates = [
            f"{term}:{iri[len(ns) :]}"
            for term, ns in self.prefixes
            if iri.startswith(ns) and len(iri) > len(ns) and f"{term}:{iri[len(ns) :]}" not in self.defined
        ]
        return min(candidates, key=lambda c: (len(c), c)) if candidates else iri

    def node_id(self, term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value, vocab=False)

    def entry(self, predicate: str, value) -> tuple[str, object]:
        """The key and the compacted value of one triple's predicate and object."""
        is_node = isinstance(value, (ox.NamedNode, ox.BlankNode))
        if not is_node and not isinstance(value, ox.Literal):
            raise ValueError("JSON-LD cannot hold this object (a quoted triple)")
        datatype = None if is_node or value.language else value.datatype.value  # type: ignore[union-attr]
        plain = None
        for term, coercion in sorted(self.terms.get(predicate, ()), key=lambda tc: (len(tc[0]), tc[0])):
            if coercion == "@id" and is_node:
                return term, self.node_id(value)
            if coercion is not None and coercion == datatype:
                return term, value.value
            if coercion is None and plain is None:
                plain = term
        key = plain if plain is not None else self.iri(predicate, vocab=True)
        if is_node:
            return key, {"@id": self.node_id(value)}
        if value.language:
            return key, {"@value": value.value, "@language": value.language}
        if datatype == XSD_STRING:
            return key, value.value
        assert datatype is not None, "a literal without a language has a datatype"
        return key, {"@value": value.value, "@type": self.iri(datatype, vocab=True)}


def compact_jsonld(triples: Iterable[ox.Triple], context: dict, context_iri: str) -> bytes:
    """The triples as a compact JSON-LD document: ``{"@context": context_iri, "@graph": [node, …]}``.

    One node object per subject (in the order subjects first appear), its keys in the order they first
    appear; a key with one value holds it without an array.
    """
    compactor = Compactor(context)
    nodes: dict[tuple[bool, str], dict[str, list]] = {}
    for triple in triples:
        subject, predicate, value = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, (ox.NamedNode, ox.BlankNode)):
            raise ValueError("JSON-LD cannot hold this subject (a quoted triple)")
        node = nodes.setdefault((isinstance(subject, ox.BlankNode), subject.value), {})
        if not node:
            node["@id"] = [compactor.node_id(subject)]
        if predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
            node.setdefault("@type", []).append(compactor.iri(value.value, vocab=True))
        else:
            key, compacted = compactor.entry(predicate, value)
            node.setdefault(key, []).append(compacted)
    graph = [{key: vals[0] if len(vals) == 1 else vals for key, vals in node.items()} for node in nodes.values()]
    document = {"@context": context_iri, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _xml_text(value: str) -> str:
    """``value`` as XML character data or an attribute value; tabs and line ends as character references, which
    no XML parser normalises or trims away."""
    return value.translate(_XML_REFERENCES) if _XML_SPECIAL.search(value) else value


def _xml_term(term) -> str:
    """One RDF term as the SPARQL XML results format writes it (a quoted triple as SPARQL 1.2 does)."""
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            direction = f' its:dir="{term.direction.value}" {ITS}' if term.direction else ""
            return f'<literal xml:lang="{_xml_text(term.language)}"{direction}>{_xml_text(term.value)}</literal>'
        if term.datatype.value == XSD_STRING:
            return f"<literal>{_xml_text(term.value)}</literal>"
        return f'<literal datatype="{_xml_text(term.datatype.value)}">{_xml_text(term.value)}</literal>'
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    raise ValueError(f"SPARQL XML results cannot hold this term: {term!r}")


def solutions_xml(triples: Iterable[ox.Triple]) -> bytes:
    """The triples as a SPARQL XML results document: one ``<result>`` per triple, bound to ``s``, ``p``, ``o``."""
    head = "".join(f'<variable name="{name}"/>' for name in TRIPLE_VARIABLES)
    parts = [
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{head}</head>\n<results>\n"
    ]
    for triple in triples:
        terms = (triple.subject, triple.predicate, triple.object)
        bound = "".join(f'<binding name="{n}">{_xml_term(t)}</binding>' for n, t in zip(TRIPLE_VARIABLES, terms))
        parts.append(f"<result>{bound}</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode("utf-8")
