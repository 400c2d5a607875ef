"""Every exception the package raises: bad input, bad queries, and queries that could not be answered."""

from __future__ import annotations


class KgraphError(Exception):
    """Base class of the package's own errors."""


class InputError(KgraphError):
    """A file could not be read or parsed.

    ``path``, ``line`` and ``column`` locate the problem where the parser
    says where it is; ``str(err)`` reads ``path:line:column: message``.
    """

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
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


class QueryTimeout(KgraphError):
    """The query ran past its time limit and was stopped (or the remote store gave up on it)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the query ran longer than the time limit of {seconds:g} s and was stopped")


class QueryMemory(KgraphError):
    """The query needed more memory than a query process may take, and was stopped."""

    def __init__(self, limit: int | None):
        self.limit = limit
        size = f" of {limit / 2**20:,.0f} MiB" if limit else ""
        super().__init__(f"the query needed more memory than the limit{size} and was stopped")


class PoolBusy(KgraphError):
    """No worker became free before the query's time limit."""


class WorkerFailure(KgraphError):
    """A worker died or could not start."""


class ShapesError(KgraphError):
    """The shapes graph is not valid SHACL (it does not conform to SHACL-SHACL) or cannot be used."""


class BuildError(KgraphError):
    """The data does not conform (``stage``: "asserted" data or the inferred "result"); nothing was written."""

    def __init__(self, report, stage: str = "asserted"):  # report: a kgraph.validation.validate.ValidationReport
        self.report = report
        self.stage = stage
        what = "the asserted data" if stage == "asserted" else "the result of rules and inference"
        super().__init__(f"{report.count('Violation')} SHACL violation(s) in {what}")


class PublishError(KgraphError):
    """The package could not be written; ``report`` holds the catalogue's violations, if that was why."""

    def __init__(self, message: str, report=None):  # report: a kgraph.validation.validate.ValidationReport
        self.report = report
        super().__init__(message)


class HttpError(KgraphError):
    """A request failed: the server answered an error status, or could not be reached (``status`` None)."""

    def __init__(self, message: str, status: int | None = None, body: str = ""):
        self.status = status
        self.body = body
        super().__init__(message)


class PushError(KgraphError):
    """The push failed; the store's live graphs are as they were."""


class HttpTimeout(HttpError):
    """The server did not answer within the time limit."""
