"""Namespaces used across the package."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from .config import CANONICAL_BASE

KP = Namespace(CANONICAL_BASE + "ontology#")
KPS = Namespace(CANONICAL_BASE + "shapes#")
ID = Namespace(CANONICAL_BASE + "id/")
SCHEMA = Namespace("http://schema.org/")

#: Prefixes offered to queries and used when serialising.
PREFIXES = {
    "kp": KP,
    "kps": KPS,
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
    "time": Namespace("http://www.w3.org/2006/time#"),
    "dcat": Namespace("http://www.w3.org/ns/dcat#"),
    "dcatap": Namespace("http://data.europa.eu/r5r/"),
}

__all__ = ["KP", "KPS", "ID", "SCHEMA", "PREFIXES", "DCTERMS", "FOAF", "ORG", "OWL",
           "PROV", "RDF", "RDFS", "SH", "SKOS", "XSD"]
