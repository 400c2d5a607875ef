"""One query worker: a process holding the graph in memory and answering queries one at a time.

pyoxigraph cannot interrupt a running query from another thread, so the
endpoint runs queries in worker processes that it can kill on timeout (see
:mod:`kgraph.query.pool`). This module is run as a plain script
(``python kgraph/query/worker.py``) so that a worker imports only the
standard library and pyoxigraph and starts in a fraction of a second; its
functions are importable too (``kgraph.query.worker``) for tests and for the
in-process executor.

Messages on stdin/stdout are pickled dictionaries, each preceded by its
length (4 bytes, big-endian). The first message configures the worker
(``graph_file``, ``prefixes``; ``style``: how graphs are written, see :func:`write_graph`;
``offline``: the file of :mod:`kgraph.query.offline`, to close the process to the network with first;
``max_memory``: the most bytes of address space the process may take once the graph is loaded, graph
included, beyond which an allocation fails and the process stops); each later one is a job
(:func:`run_job`). A worker ends by itself when the process that started it
is gone, even in the middle of a query.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import itertools
import threading
import time
from typing import IO

import pyoxigraph as ox

if __package__:
    from .graph_writer import compact_jsonld, solutions_xml, turtle
else:  # run as a script (``python kgraph/query/worker.py``): its folder is on sys.path
    from graph_writer import compact_jsonld, solutions_xml, turtle  # type: ignore[no-redef]

TABULAR_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: The graph format of triples written as SPARQL XML results, one solution (``s``, ``p``, ``o``) per triple:
#: for clients that read every answer as results (:func:`kgraph.query.graph_writer.solutions_xml`).
TRIPLES_AS_SOLUTIONS = "srx"
_HEADER = struct.Struct(">I")


def send(stream: IO[bytes], message: dict) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> dict | None:
    """The next message, or None when the other end has closed the pipe."""
    try:
        head = _read_exactly(stream, _HEADER.size)
    except EOFError:
        return None
    (size,) = _HEADER.unpack(head)
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError("the pipe closed in the middle of a message")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def query_options(job: dict, prefixes: dict[str, str]) -> dict:
    """pyoxigraph keyword arguments for a job's dataset.

    Without a protocol dataset and without ``FROM`` in the query, the default
    graph is the union of all graphs; ``default`` / ``named`` (the protocol's
    ``default-graph-uri`` / ``named-graph-uri``) override the query's own
    ``FROM`` / ``FROM NAMED``. Graphs the store does not hold are empty: nothing
    is ever fetched.
    """
    options: dict = {"prefixes": prefixes}
    if job.get("base"):
        options["base_iri"] = job["base"]
    if job.get("default"):
        options["default_graph"] = [ox.NamedNode(g) for g in job["default"]]
    elif not job.get("has_from") and not job.get("named"):
        options["use_default_graph_as_union"] = True
    if job.get("named"):
        options["named_graphs"] = [ox.NamedNode(g) for g in job["named"]]
        if not job.get("default") and not job.get("has_from"):
            options["use_default_graph_as_union"] = True
    return options


#: The fewest bytes one row (or triple) takes in each format: a body shorter than
#: ``row_cap`` times this cannot hold more than ``row_cap`` rows, so it needs no counting.
MIN_ROW_BYTES = {"json": 3, "xml": 17, "csv": 1, "tsv": 1, "turtle": 3, "ntriples": 8, "jsonld": 3, "rdfxml": 3}


def _capped_lines(data: bytes, keep: int) -> tuple[bytes, int, bool]:
    """The first ``keep`` lines of ``data``; the number of lines; whether some were cut."""
    count = data.count(b"\n")
    if count <= keep:
        return data, count, False
    end = -1
    for _ in range(keep):
        end = data.index(b"\n", end + 1)
    return data[: end + 1], count, True


def _convert(body: bytes, source: ox.QueryResultsFormat, target: ox.QueryResultsFormat) -> bytes:
    """Query results in format ``source`` rewritten in format ``target``."""
    converted = ox.parse_query_results(body, format=source).serialize(format=target)
    assert converted is not None, "serialize() without an output returns the bytes"
    return converted


def _fits(body: bytes, fmt: str, row_cap: int | None) -> bool:
    return row_cap is None or len(body) <= row_cap * MIN_ROW_BYTES[fmt]


def write_solutions(result, fmt: str, row_cap: int | None) -> tuple[bytes, int, bool]:
    """SELECT rows in ``fmt``, cut after ``row_cap`` rows: (body, rows or -1 when not counted, truncated).

    The query is evaluated once. Its rows are written natively; only a body long enough to hold more rows
    than the cap is read back, written as TSV (one line per row), counted and cut there, and converted back.
    CSV cannot be read back, so it is written from TSV.
    """
    lossless = "tsv" if fmt == "csv" else fmt
    body: bytes = result.serialize(format=TABULAR_FORMATS[lossless])
    rows, truncated = -1, False
    if row_cap is not None and not _fits(body, lossless, row_cap):
        tsv = body if lossless == "tsv" else _convert(body, TABULAR_FORMATS[lossless], ox.QueryResultsFormat.TSV)
        tsv, lines, truncated = _capped_lines(tsv, row_cap + 1)  # the header line and row_cap rows
        rows, body, lossless = lines - 1, tsv, "tsv"
    if lossless != fmt:
        body = _convert(body, ox.QueryResultsFormat.TSV, TABULAR_FORMATS[fmt])
    return body, rows, truncated


def write_graph(triples, fmt: str, style: dict | None = None) -> bytes:
    """Triples in ``fmt``; with a ``style`` (``prefixes``: name -> namespace; ``context`` and ``context_iri``: the
    JSON-LD context object and the IRI it is published at), Turtle with the prefixes it uses and compact JSON-LD
    (:mod:`kgraph.query.graph_writer`); without one, as pyoxigraph writes them. :data:`TRIPLES_AS_SOLUTIONS`: as
    SPARQL XML results."""
    if fmt == TRIPLES_AS_SOLUTIONS:
        return solutions_xml(triples)
    if style and fmt == "turtle":
        return turtle(triples, style["prefixes"])
    if style and fmt == "jsonld" and style.get("context"):
        return compact_jsonld(triples, style["context"], style["context_iri"])
    body = ox.serialize(triples, format=GRAPH_FORMATS[fmt])
    assert body is not None, "serialize() without an output returns the bytes"
    return body


def write_triples(result, fmt: str, row_cap: int | None, style: dict | None = None) -> tuple[bytes, int, bool]:
    """CONSTRUCT/DESCRIBE triples in ``fmt`` (see :func:`write_graph`), cut after ``row_cap`` triples.

    The query is evaluated once. Without a style the triples are written natively and only a body long enough
    to hold more than ``row_cap`` of them is read back and counted (as for rows); with one, and as SPARQL XML
    results, the first ``row_cap`` triples are kept, the rest only counted, and the kept ones written.
    """
    if fmt == TRIPLES_AS_SOLUTIONS or (style and fmt in ("turtle", "jsonld")):
        if row_cap is None:
            return write_graph(result, fmt, style), -1, False
        kept = list(itertools.islice(result, row_cap))
        rest = sum(1 for _ in result)
        return write_graph(kept, fmt, style), len(kept) + rest, rest > 0
    body: bytes = result.serialize(format=GRAPH_FORMATS[fmt])
    if row_cap is None or _fits(body, fmt, row_cap):
        return body, -1, False
    if fmt == "ntriples":
        return _capped_lines(body, row_cap)
    kept, count = [], 0
    for triple in ox.parse(body, format=GRAPH_FORMATS[fmt]):
        count += 1
        if count <= row_cap:
            kept.append(triple)
    if count <= row_cap:
        return body, count, False
    return write_graph(kept, fmt), count, True


def run_job(store: ox.Store, job: dict, prefixes: dict[str, str], style: dict | None = None) -> dict:
    """Answer one job.

    ``job``: ``query``, ``default`` / ``named`` graph IRIs, ``has_from``,
    ``tabular`` and ``graph`` (the format to write each kind of result in, or
    None when the client accepts none), ``row_cap``. The answer has ``kind``
    ("solutions", "boolean", "triples"), ``body``, ``format``, ``rows`` and
    ``truncated``, or ``error`` (the parser's message) and ``error_kind``. Graphs are written in ``style``
    (:func:`write_graph`).
    """
    try:
        result = store.query(job["query"], **query_options(job, prefixes))
    except MemoryError:
        return {"error": "out of memory", "error_kind": "memory"}
    except SyntaxError as err:
        return {"error": str(err), "error_kind": "syntax"}
    except (OSError, ValueError, RuntimeError) as err:
        return {"error": str(err), "error_kind": "evaluation"}
    return write_result(result, job, style)


def write_result(result, job: dict, style: dict | None = None) -> dict:
    """The answer (see :func:`run_job`) for a query result, written in the job's format for its kind."""
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = job.get("tabular")
            body = b"" if fmt is None else result.serialize(format=TABULAR_FORMATS[fmt])
            return {"kind": "boolean", "format": fmt, "body": body, "rows": 1, "truncated": False}
        kind = "triples" if isinstance(result, ox.QueryTriples) else "solutions"
        fmt = job.get("graph" if kind == "triples" else "tabular")
        if fmt is None:
            return {"kind": kind, "format": None, "body": b"", "rows": 0, "truncated": False}
        if kind == "triples":
            body, rows, truncated = write_triples(result, fmt, job.get("row_cap"), style)
        else:
            body, rows, truncated = write_solutions(result, fmt, job.get("row_cap"))
        return {"kind": kind, "format": fmt, "body": body, "rows": rows, "truncated": truncated}
    except MemoryError:
        return {"error": "out of memory", "error_kind": "memory"}
    except (OSError, ValueError, RuntimeError, SyntaxError) as err:
        return {"error": str(err), "error_kind": "evaluation"}


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space (``RLIMIT_AS``): past it an allocation fails and the process stops."""
    if max_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def end_with_parent(interval: float = 0.25) -> None:
    """Exit as soon as the process that started this one is gone (a thread watches; queries release the GIL)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="kgraph-parent-watch", daemon=True).start()


def load(graph_file: str) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=graph_file, format=ox.RdfFormat.N_QUADS)
    return store


def _go_offline(module_file: str) -> bool:
    """Run :func:`kgraph.query.offline.go_offline`, loaded from its file.

    A script cannot import the package cheaply.
    """
    import importlib.util

    spec = importlib.util.spec_from_file_location("kgraph_offline", module_file)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {module_file}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.go_offline()


def main() -> int:
    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    config = receive(inbox)
    if config is None:
        return 1
    end_with_parent()
    if config.get("offline"):
        _go_offline(config["offline"])
    store = load(config["graph_file"])  # before the limit: a bulk load reserves large buffers for a moment
    limit_memory(config.get("max_memory"))
    prefixes, style = config.get("prefixes", {}), config.get("style")
    send(outbox, {"ready": True, "triples": len(store)})
    while (job := receive(inbox)) is not None:
        send(outbox, run_job(store, job, prefixes, style))
    return 0


def _run() -> int:
    try:
        return main()
    except (BrokenPipeError, EOFError):  # the serving process is gone (a shutdown while this one loaded): end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(_run())
