"""The project's JSON-LD context: one document, generated from the namespaces and the ontology (``ontology/kp.ttl``).

Published at ``<base>context.jsonld`` (the server's ``/context.jsonld``, the static site's ``context.jsonld``);
compact JSON-LD (the endpoint's CONSTRUCT/DESCRIBE answers, the resource pages' ``.jsonld``) names that IRI as
its ``@context`` and is compacted against the object built here, so nothing is ever fetched.

What it holds: every prefix of :func:`kgraph.namespaces.prefixes`; for each class and property of the ontology
(``kp:``) a term named by its local name: object properties coerced to ``@id``, datatype properties with one
datatype as their range (other than ``xsd:string``) coerced to it, the rest plain.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..config import Layout
from ..namespaces import CANONICAL_BASE, OWL, RDFS, XSD, base_iri, prefixes

#: The context document's path under the base IRI (and in the static site).
PATH = "context.jsonld"
MEDIA_TYPE = "application/ld+json"

_TERMS = f"""
SELECT ?term ?kind ?range WHERE {{
  VALUES ?kind {{ <{OWL.Class}> <{OWL.ObjectProperty}> <{OWL.DatatypeProperty}> <{OWL.AnnotationProperty}> }}
  ?term a ?kind .
  OPTIONAL {{ ?term <{RDFS.range}> ?range }}
}}
"""


def context_iri() -> str:
    """Where the context document is published: ``<base>context.jsonld``."""
    return base_iri() + PATH


def _local_names(ontology: Path) -> dict[str, dict]:
    """The ontology's own terms by local name, with the kinds and ranges each has (as the file states them)."""
    namespace = CANONICAL_BASE + "ontology#"  # the file's IRIs; the context's kp: prefix is under the base
    store = ox.Store()
    store.load(path=str(ontology), format=ox.RdfFormat.TURTLE)
    found: dict[str, dict] = {}
    rows = store.query(_TERMS)
    assert isinstance(rows, ox.QuerySolutions), "a SELECT query"
    for row in rows:
        iri = row["term"].value
        local = iri[len(namespace) :]
        if not iri.startswith(namespace) or not local.isidentifier():
            continue
        entry = found.setdefault(local, {"kinds": set(), "ranges": set()})
        entry["kinds"].add(row["kind"].value)
        if row["range"] is not None:
            entry["ranges"].add(row["range"].value)
    return found


def _definition(local: str, kinds: set[str], ranges: set[str]) -> str | dict:
    name = f"kp:{local}"
    if str(OWL.ObjectProperty) in kinds:
        return {"@id": name, "@type": "@id"}
    if str(OWL.DatatypeProperty) in kinds and len(ranges) == 1:
        (datatype,) = ranges
        if datatype.startswith(str(XSD)) and datatype != str(XSD.string):
            return {"@id": name, "@type": "xsd:" + datatype[len(str(XSD)) :]}
    return name


def context(layout: Layout | None = None) -> dict:
    """The ``@context`` object: the prefixes, then the ontology's terms in alphabetical order."""
    return _context((layout or Layout()).ontology / "kp.ttl", base_iri())


@lru_cache(maxsize=4)
def _context(ontology: Path, base: str) -> dict:
    body: dict[str, str | dict] = {name: str(ns) for name, ns in prefixes().items()}
    for local, entry in sorted(_local_names(ontology).items()):
        if local not in body:  # a prefix keeps its name
            body[local] = _definition(local, entry["kinds"], entry["ranges"])
    return body


def document(layout: Layout | None = None) -> bytes:
    """The context document as published (UTF-8 JSON)."""
    return (json.dumps({"@context": context(layout)}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
