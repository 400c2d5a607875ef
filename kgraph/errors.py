"""Errors the package raises for bad input."""
from __future__ import annotations


class KgraphError(Exception):
    """Base class of the package's own errors."""


class InputError(KgraphError):
    """A file could not be read or parsed.

    ``path``, ``line`` and ``column`` locate the problem where the parser
    says where it is; ``str(err)`` reads ``path:line:column: message``.
    """

    def __init__(self, path: str, message: str, line: int | None = None,
                 column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class QueryError(KgraphError):
    """A SPARQL query could not be parsed or is not allowed."""
