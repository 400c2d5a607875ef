"""rdflib's SPARQL parser, memoised by query text for the test session.

pyshacl (the reference engine of the differential tests, and the fallback of the fast path) hands rdflib the same
few SPARQL texts for every focus node and every file it validates, and rdflib parses each one again with pyparsing:
about two thirds of the reference's time on the shape examples. Parsing and translating a text is a function of
the text, the base and the prefixes alone, and a translated query is made to be reused (that is what
:func:`rdflib.plugins.sparql.prepareQuery` returns), so the translation is kept per (text, base, prefixes) and the
query is evaluated as before. Installed by ``tests/conftest.py``; the processes the tests start parse as shipped.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

_ORIGINAL = processor.SPARQLProcessor.query


@lru_cache(maxsize=4096)
def _translated(text: str, base: str | None, prefixes: tuple) -> Query:
    return processor.translateQuery(parseQuery(text), base, dict(prefixes))


def _query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
    if isinstance(strOrQuery, str):
        try:
            key = tuple(sorted((initNs or {}).items()))
            hash(key)
        except TypeError:  # prefixes that cannot be a key: parsed as rdflib does
            pass
        else:
            strOrQuery = _translated(strOrQuery, base, key)
    return _ORIGINAL(self, strOrQuery, initBindings, initNs, base, DEBUG)


def install() -> None:
    """Make every in-process SPARQL query of rdflib go through the memo (idempotent)."""
    processor.SPARQLProcessor.query = _query  # type: ignore[method-assign]
