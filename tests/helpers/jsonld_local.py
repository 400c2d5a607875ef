"""Compact JSON-LD of the project read without the network: its ``@context`` (the published IRI) replaced by the
context object itself before rdflib parses it (rdflib would otherwise fetch the context)."""

from __future__ import annotations

import json

from rdflib import Graph

from kgraph.query import jsonld_context


def parse_compact(data: bytes | str) -> Graph:
    """The graph of a compact JSON-LD document that names the project's published context."""
    document = json.loads(data)
    assert document["@context"] == jsonld_context.context_iri(), document["@context"]
    document["@context"] = jsonld_context.context()
    return Graph().parse(data=json.dumps(document), format="json-ld")
