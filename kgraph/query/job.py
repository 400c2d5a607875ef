"""One client query as the executors see it, the answer they give back, and the protocol they share."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from ..errors import QueryError
from .service_guard import REMOTE_FAILED
from .store import has_dataset_clause, prefix_map
from .syntax_errors import explain


@dataclass(frozen=True)
class Job:
    """One query with its dataset and the formats the client accepts for each kind of result."""

    query: str
    default_graphs: Sequence[str] = ()
    named_graphs: Sequence[str] = ()
    tabular: str | None = "json"
    graph: str | None = "turtle"
    row_cap: int | None = None
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)

    @cached_property
    def fingerprint(self) -> bytes:
        """A digest of everything that decides the job's answer (the ETag and the quick-query memory use it)."""
        text = "\x00".join(
            [
                self.query,
                "\x01".join(self.default_graphs),
                "\x01".join(self.named_graphs),
                str(self.tabular),
                str(self.graph),
                str(self.row_cap),
                str(self.base_iri),
            ]
        )
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def message(self) -> dict:
        return {
            "query": self.query,
            "default": list(self.default_graphs),
            "named": list(self.named_graphs),
            "has_from": has_dataset_clause(self.query),
            "tabular": self.tabular,
            "graph": self.graph,
            "row_cap": self.row_cap,
            "base": self.base_iri,
        }


@dataclass
class Answer:
    kind: str  # "solutions", "boolean" or "triples"
    format: str | None  # None: the client accepts no format for this kind of result
    body: bytes = b""
    rows: int = 0
    truncated: bool = False
    extra: dict = field(default_factory=dict)


def answer_of(message: dict, calls: Sequence[str] = (), query: str | None = None) -> Answer:
    """The :class:`Answer` of a worker's reply (:func:`kgraph.query.worker.run_job`).

    ``calls``: the (allowed) endpoints the query calls; an evaluation error then never shows their answer.
    ``query``: its text, by which a syntax error is explained in one line (:mod:`kgraph.query.syntax_errors`).
    """
    if "error" in message:
        if calls and message.get("error_kind") == "evaluation":
            raise QueryError(REMOTE_FAILED)
        if query is not None and message.get("error_kind") == "syntax":
            raise QueryError(explain(query, message["error"], prefix_map()))
        raise QueryError(message["error"])
    return Answer(message["kind"], message["format"], message["body"], message["rows"], message["truncated"])


class Executor(Protocol):
    """Runs :class:`Job` s over one store under the endpoint's limits (time, SERVICE allow-list).

    ``run`` raises :class:`~kgraph.errors.QueryError` (bad or forbidden query),
    :class:`~kgraph.errors.QueryTimeout`, :class:`~kgraph.errors.QueryMemory`, :class:`~kgraph.errors.PoolBusy` or
    :class:`~kgraph.errors.WorkerFailure`; ``health`` says what ``/health`` reports of it.
    """

    timeout: float

    def start(self, wait: bool = False) -> None: ...

    def run(self, job: Job) -> Answer: ...

    def health(self) -> dict: ...

    def close(self) -> None: ...
