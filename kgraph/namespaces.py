"""Every IRI the package mints or names, and the base they are served under (``KGRAPH_BASE_IRI``).

Files (data, ontology, shapes, rules, checks) are written with :data:`CANONICAL_BASE`. A deployment that
serves the graph under another host sets ``KGRAPH_BASE_IRI``; :func:`rebase` then maps every minted IRI
onto that base when files are read, and :func:`rebase_query` does the same for the IRIs of a SPARQL text
(rules, checks, statistics), so that each stage sees one base. The names of the named graphs (one per source
file, plus the inferred graph) are never rebased: they name files of the repository, not resources.
"""

from __future__ import annotations

import functools
import os
import re

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

#: The persistent base under which every resource of the graph is minted.
CANONICAL_BASE = "https://w3id.org/kaupunkipolitiikka/"
#: The named graph of the triples that rules and inference derive.
INFERRED_GRAPH = CANONICAL_BASE + "graph/inferred"
#: The prefix of every named graph of the build (the live graphs a push owns).
GRAPHS = CANONICAL_BASE + "graph/"

SCHEMA = Namespace("http://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # open: rdflib's DCAT lacks DCAT 3 terms such as dcat:version
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ADMS_LICENCE = Namespace("http://purl.org/adms/licencetype/")
ADMS_PUBLISHER = Namespace("http://purl.org/adms/publishertype/")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")
IANA_MEDIA_TYPES = Namespace("http://www.iana.org/assignments/media-types/")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # owlrl's inconsistency notes

# A SPARQL text's strings and comments (skipped) and IRI references (rewritten).
_SPARQL_STRINGS = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
)
_SPARQL_IRI = r'<[^<>"{}|^`\\\s]*>'
_SPARQL_TOKENS = re.compile(rf"(?P<skip>{_SPARQL_STRINGS})|(?P<iri>{_SPARQL_IRI})")


def base_iri() -> str:
    """The base IRI the graph is served under: ``KGRAPH_BASE_IRI``, else :data:`CANONICAL_BASE`."""
    value = os.environ.get("KGRAPH_BASE_IRI", CANONICAL_BASE)
    return value if value.endswith("/") else value + "/"


def rebase(iri: str) -> str:
    """``iri`` with the canonical base replaced by :func:`base_iri` (other IRIs unchanged)."""
    if iri.startswith(CANONICAL_BASE):
        return base_iri() + iri[len(CANONICAL_BASE) :]
    return iri


def rebase_query(text: str) -> str:
    """A SPARQL text whose IRI references under the canonical base are moved to :func:`base_iri`.

    Strings and comments are left as they are; a query that needs the base as a string uses ``?base``
    (see :mod:`kgraph.validation.checks`).
    """
    if base_iri() == CANONICAL_BASE or CANONICAL_BASE not in text:
        return text
    return _SPARQL_TOKENS.sub(lambda m: m.group() if m.lastgroup == "skip" else f"<{rebase(m.group()[1:-1])}>", text)


def graph_iri(relative_path: str) -> str:
    """The named graph that holds the triples of one source file."""
    return GRAPHS + relative_path


def kp() -> Namespace:
    """The ontology's namespace as the graph holds it (under :func:`base_iri`)."""
    return Namespace(base_iri() + "ontology#")


def kps() -> Namespace:
    """The shapes' namespace as the graph holds it."""
    return Namespace(base_iri() + "shapes#")


def ontology_iri() -> str:
    """The ontology's own IRI (``<base>ontology``)."""
    return base_iri() + "ontology"


def minted_prefix() -> Namespace:
    """Where the graph's own resources live: ``<base>id/``."""
    return Namespace(base_iri() + "id/")


def is_minted(iri: str) -> bool:
    return iri.startswith(minted_prefix())


def checks() -> Namespace:
    """The namespace of the quality checks (``queries/checks/*-violation.rq``)."""
    return Namespace(base_iri() + "checks#")


def validation() -> Namespace:
    """The namespace of the location terms added to a SHACL report (kpv:file, kpv:line)."""
    return Namespace(base_iri() + "validation#")


#: The standard vocabularies: prefix -> namespace.
#: A namespace of rdflib: open (any local name) or defined (rdflib's own vocabularies).
AnyNamespace = Namespace | type[DefinedNamespace]

STANDARD_PREFIXES: dict[str, AnyNamespace] = {
    "org": ORG,
    "foaf": FOAF,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "time": TIME,
    "dcat": DCAT,
    "dcatap": DCATAP,
}


def prefixes() -> dict[str, AnyNamespace]:
    """Prefixes offered to queries and used when serialising: the project's (under the base) and the standard ones."""
    return {"kp": kp(), "kps": kps(), **STANDARD_PREFIXES}


def compact(iri: str, extra: dict[str, str] | None = None) -> str:
    """``prefix:local`` for an IRI under one of :func:`prefixes` (or ``extra``), longest namespace first.

    Any other IRI is returned as it is.
    """
    known = _longest_first(base_iri())
    if extra:
        known = _by_length({**dict(known), **extra})
    for prefix, ns in known:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _by_length(known: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(prefix, namespace) pairs, longest namespace first."""
    return tuple(sorted(known.items(), key=lambda item: -len(item[1])))


@functools.lru_cache(maxsize=8)
def _longest_first(base: str) -> tuple[tuple[str, str], ...]:
    """:func:`prefixes` longest namespace first; ``base`` (:func:`base_iri`) is the cache's key, since the
    project's namespaces move with ``KGRAPH_BASE_IRI``."""
    return _by_length({p: str(ns) for p, ns in prefixes().items()})


__all__ = [
    "compact",
    "CANONICAL_BASE",
    "INFERRED_GRAPH",
    "GRAPHS",
    "base_iri",
    "rebase",
    "rebase_query",
    "graph_iri",
    "kp",
    "kps",
    "ontology_iri",
    "minted_prefix",
    "is_minted",
    "checks",
    "validation",
    "prefixes",
    "STANDARD_PREFIXES",
    "SCHEMA",
    "TIME",
    "DCAT",
    "DCATAP",
    "VCARD",
    "VOID",
    "SD",
    "ADMS_LICENCE",
    "ADMS_PUBLISHER",
    "EU_AUTHORITY",
    "IANA_MEDIA_TYPES",
    "W3C_FORMATS",
    "OWLRL_ERRORS",
    "DCTERMS",
    "FOAF",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
]
