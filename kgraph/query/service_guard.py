"""Whether a query may call other endpoints, decided by the SPARQL grammar (rdflib's parser), not by patterns.

pyoxigraph really sends the request of a ``SERVICE`` clause, so a query is
refused unless every ``SERVICE`` endpoint it names is on the allow-list. The
decision is taken from a parse of the query, in three steps:

1. SPARQL's codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are decoded, as
   the grammar does before it reads any token. A query in which the word
   ``service`` then appears nowhere, in any case, cannot hold the keyword (a
   keyword is a token of letters: no escape, comment or string can be inside
   it), so it passes without a parse: that settles almost every query at once.
2. Any other query is parsed by rdflib's SPARQL parser and translated to its
   algebra; every ``ServiceGraphPattern`` in it, in ``FILTER EXISTS``, in
   subqueries, anywhere, is an endpoint the query would call. Carriage returns
   are read as line feeds first: the grammar ends a comment at either, rdflib
   only at a line feed, and the two are interchangeable everywhere else a
   grammar token can hold them, so this changes no token but the comment's end.
3. A query that mentions ``service`` and that rdflib cannot parse is refused
   (fail closed): pyoxigraph might read a ``SERVICE`` clause in it. So is one
   longer than :data:`MAX_CHECKED` characters: the parse runs in the serving
   process, outside the query's limits, and this bounds it (about 0.3 s).

Nothing is fetched by ``FROM`` / ``FROM NAMED`` (they select graphs of the
store; see :func:`kgraph.query.worker.query_options`) and updates such as
``LOAD`` are refused before they are run, so SERVICE is the only keyword of
a query that reaches the network.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator, Mapping, Sequence

from ..errors import QueryError
from .syntax_errors import explain

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = "service"
#: The longest query that mentions ``service`` the parser is asked about; a longer one is refused.
MAX_CHECKED = 32 * 1024
#: Said instead of the error of a query that called an allowed endpoint: the endpoint's answer is never shown.
REMOTE_FAILED = "the query failed while calling a SERVICE endpoint (its answer is not shown; try the endpoint directly)"
_parsing = threading.local()


class _Quiet(logging.Filter):
    """Drops rdflib's warnings about the client's text (e.g. odd IRIs) while a query is being checked."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_parsing, "active", False)


logging.getLogger("rdflib.term").addFilter(_Quiet())


class ServiceRefused(QueryError):
    """The query calls an endpoint that is not on the allow-list, or mentions SERVICE and cannot be checked."""


def _codepoint(match: re.Match) -> str:
    value = int(match.group(1) or match.group(2), 16)
    return chr(value) if value <= 0x10FFFF else match.group(0)


def decode_codepoints(text: str) -> str:
    """``text`` with SPARQL's codepoint escapes replaced by the characters they stand for."""
    return _CODEPOINT.sub(_codepoint, text) if "\\u" in text or "\\U" in text else text


def _update_start():
    """rdflib's grammar of the prologue followed by the first keyword of an update operation (made once)."""
    if getattr(_update_start, "grammar", None) is None:
        from pyparsing import CaselessKeyword, MatchFirst, rest_of_line
        from rdflib.plugins.sparql.parser import Prologue

        keywords = MatchFirst([CaselessKeyword(k) for k in UPDATE_KEYWORDS])
        grammar = Prologue + keywords
        grammar.ignore("#" + rest_of_line)
        _update_start.grammar = grammar
    return _update_start.grammar


#: The tokens an update operation can start with (the SPARQL 1.1 grammar's ``Update1``).
UPDATE_KEYWORDS = ("LOAD", "CLEAR", "DROP", "ADD", "MOVE", "COPY", "CREATE", "INSERT", "DELETE", "WITH")


def starts_as_update(text: str) -> bool:
    """True when ``text`` is, by SPARQL's grammar, an update request: a prologue then an update operation.

    Read as in :func:`service_endpoints` (codepoint escapes decoded, a carriage return ending a comment as a
    line feed does), so an update hidden behind a CR-terminated comment, comments or escapes is seen; the rest
    of the request need not parse (a broken update is still an update).
    """
    from pyparsing import ParseException

    normalised = decode_codepoints(text).replace("\r", "\n")
    try:
        _update_start().parse_string(normalised, parse_all=False)
    except ParseException:
        return False
    except RecursionError:  # a prologue too deep to read is no query either
        return True
    return True


def mentions_service(text: str) -> bool:
    """True when the word ``service`` (any case) appears in the query, before or after escape decoding."""
    return _SERVICE in text.lower() or _SERVICE in decode_codepoints(text).lower()


def _service_patterns(node) -> Iterator:
    """Every ``ServiceGraphPattern`` in a parse tree or algebra of rdflib (a tree of dicts and lists), in order."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if id(item) in seen:
                continue
            seen.add(id(item))
            if getattr(item, "name", None) == "ServiceGraphPattern":
                yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, (list, tuple)) or (hasattr(item, "asList") and not isinstance(item, str)):
            stack.extend(reversed(list(item)))  # lists, and pyparsing's ParseResults


def service_endpoints(
    text: str, *, base_iri: str | None = None, prefixes: Mapping[str, str] | None = None
) -> list[str | None]:
    """The endpoint of every SERVICE clause in the query: its IRI, or None when it is a variable.

    Raises :class:`ServiceRefused` when the query mentions ``service`` but rdflib cannot parse it.
    """
    if not mentions_service(text):
        return []
    from rdflib import URIRef
    from rdflib.plugins.sparql import algebra, parser

    if len(text) > MAX_CHECKED:
        raise ServiceRefused(
            f"SERVICE is not allowed, and this query mentions 'service' but is too long to be "
            f"checked (over {MAX_CHECKED // 1024} KiB)"
        )
    normalised = decode_codepoints(text).replace("\r", "\n")
    _parsing.active = True
    try:
        tree = parser.parseQuery(normalised)
        in_tree = len(list(_service_patterns(tree)))  # counted before the translation rewrites the tree
        query = algebra.translateQuery(tree, base=base_iri, initNs=dict(prefixes or {}))
    except RecursionError:
        raise ServiceRefused(
            "SERVICE is not allowed, and this query mentions 'service' but is nested too deeply to be checked"
        ) from None
    except Exception as err:  # noqa: BLE001 - any parse failure means the query cannot be checked: refuse it
        reason = explain(normalised, str(err), prefixes or {}) if str(err) else type(err).__name__
        raise ServiceRefused(
            f"SERVICE is not allowed, and this query mentions 'service' but could not be checked: {reason}"
        ) from None
    finally:
        _parsing.active = False
    found = [
        str(p.get("term")) if isinstance(p.get("term"), URIRef) else None for p in _service_patterns(query.algebra)
    ]
    return found + [None] * (in_tree - len(found))  # a clause the translation lost is never allowed


def check_services(
    text: str, allowed: Sequence[str] = (), *, base_iri: str | None = None, prefixes: Mapping[str, str] | None = None
) -> list[str]:
    """The endpoints the query calls, all allow-listed; else :class:`ServiceRefused`."""
    endpoints = service_endpoints(text, base_iri=base_iri, prefixes=prefixes)
    for endpoint in endpoints:
        if endpoint is None or endpoint not in allowed:
            named = f" <{endpoint}>" if endpoint else ""
            raise ServiceRefused(
                f"SERVICE{named} is not allowed: this endpoint does not query other endpoints"
                + (" except those on its allow-list" if allowed else "")
            )
    return [e for e in endpoints if e is not None]
