"""Ill-typed literals ("2023-13-01"^^xsd:date): one located error instead of rdflib's logged tracebacks.

rdflib logs a warning with a traceback for every literal whose lexical form its datatype does not allow, each
time it builds the term, and keeps the literal. While a file is parsed those warnings are held back
(:func:`quiet`), and :func:`first_ill_typed` names the first ill-typed literal with its line and column,
judged by the XSD lexical spaces (:mod:`kgraph.io.xsd_lexical`), not by rdflib's ``Literal.ill_typed``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Graph, Literal

from ..errors import InputError
from ..namespaces import compact
from .xsd_lexical import in_lexical_space

_state = threading.local()


class _HoldBack(logging.Filter):
    """Drops rdflib's conversion warnings while this thread parses a file."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_state, "parsing", False)


logging.getLogger("rdflib.term").addFilter(_HoldBack())


@contextmanager
def quiet() -> Iterator[None]:
    """No rdflib conversion warnings from this thread inside the block."""
    before = getattr(_state, "parsing", False)
    _state.parsing = True
    try:
        yield
    finally:
        _state.parsing = before


def first_ill_typed(graph: Graph, text: str, shown: str, *, ox_format: str | None, base: str) -> InputError | None:
    """An error naming the first ill-typed literal of ``graph`` (parsed from ``text``), located in ``text``.

    Ill-typed means outside the XSD lexical space (:mod:`kgraph.io.xsd_lexical`), judged on the lexical forms
    as written: pyoxigraph (``ox_format``, a ``pyoxigraph.RdfFormat`` name) reads them from ``text``, since
    rdflib rewrites a form its converter accepts ("01" as "1") and which converters it holds depends on what
    ran before. Where pyoxigraph cannot read the document, the forms of ``graph`` are judged.
    """
    bad = sorted(
        {
            (lexical, datatype)
            for lexical, datatype in _typed_literals(graph, text, ox_format, base)
            if in_lexical_space(lexical, datatype) is False
        }
    )
    if not bad:
        return None
    spots = [(at if (at := _find(text, lexical)) >= 0 else len(text), lexical, datatype) for lexical, datatype in bad]
    at, lexical, datatype = min(spots)  # the first in the text; those written with escapes last
    message = f"ill-typed literal {lexical!r}: not a valid {compact(datatype)}"
    if at == len(text):
        return InputError(shown, message)
    line = text.count("\n", 0, at) + 1
    return InputError(shown, message, line=line, column=at - text.rfind("\n", 0, at))


def _typed_literals(graph: Graph, text: str, ox_format: str | None, base: str) -> Iterator[tuple[str, str]]:
    """(lexical form, datatype IRI) of every typed literal of the document."""
    import pyoxigraph as ox

    if ox_format is not None:
        try:
            quads = list(ox.parse(text.encode("utf-8"), format=getattr(ox.RdfFormat, ox_format), base_iri=base))
        except (SyntaxError, ValueError):
            pass
        else:
            for quad in quads:
                if isinstance(quad.object, ox.Literal):
                    yield quad.object.value, quad.object.datatype.value
            return
    for term in graph.objects():
        if isinstance(term, Literal) and term.datatype is not None:
            yield str(term), str(term.datatype)


def _find(text: str, lexical: str) -> int:
    """Where ``lexical`` is written in ``text``: its opening quote, or the start of RDF/XML element content;
    -1 if not found (written with escapes)."""
    spots = [i for q in ('"', "'") if (i := text.find(q + lexical + q)) >= 0]
    if (i := text.find(">" + lexical + "<")) >= 0:
        spots.append(i + 1)
    return min(spots, default=-1)
