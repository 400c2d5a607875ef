"""Ill-typed literals ("2023-13-01"^^xsd:date): one located error instead of rdflib's logged tracebacks.

rdflib logs a warning with a traceback for every literal whose lexical form its datatype does not allow, each
time it builds the term, and keeps the literal. While a file is parsed those warnings are held back
(:func:`quiet`), and :func:`first_ill_typed` names the first such literal with its line and column.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Graph, Literal

from ..errors import InputError
from ..namespaces import compact

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


def first_ill_typed(graph: Graph, text: str, shown: str) -> InputError | None:
    """An error naming the first ill-typed literal of ``graph`` (parsed from ``text``), located in ``text``."""
    bad = [o for o in graph.objects() if isinstance(o, Literal) and o.ill_typed]
    if not bad:
        return None
    spots = []
    for literal in bad:
        at = min((i for q in ('"', "'") if (i := text.find(q + str(literal) + q)) >= 0), default=-1)
        spots.append((at if at >= 0 else len(text) + 1, str(literal), literal))
    at, lexical, literal = min(spots)
    message = f"ill-typed literal {lexical!r}: not a valid {compact(str(literal.datatype))}"
    if at > len(text):
        return InputError(shown, message)
    line = text.count("\n", 0, at) + 1
    return InputError(shown, message, line=line, column=at - text.rfind("\n", 0, at))
