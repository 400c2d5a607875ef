"""The ``kgraph`` command line: validate, build, query, stats, serve."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .version import __version__
from .config import Layout
from .errors import InputError, KgraphError, QueryError, ShapesError
from .io.load import WALKED

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def _validate(args) -> int:
    from .io.atomic import atomic_write
    from .io.load import rdf_files
    from .validation.problems import input_problem
    from .validation.report import render
    from .validation.validate import validate_files, validate_with_shapes

    layout = Layout()
    code = None
    try:
        paths = rdf_files(args.paths or [_default_folder(layout)], suffixes=args.extensions)
        if args.shapes:
            report = validate_with_shapes(paths, args.shapes, layout=layout)
        else:
            against = _against(args.against, args.timeout) if args.against else None
            report = validate_files(paths, layout=layout, checks=not args.no_checks, against=against)
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        about = args.against if args.against and not isinstance(err, ShapesError) else None
        subject = about or " ".join(map(str, args.shapes or [layout.shapes]))
        report, code = input_problem(err, subject), EXIT_BAD_INPUT
    strict = args.strict or bool(args.shapes)  # plain SHACL: every result fails the data
    text = render(report, args.format, strict=strict, colour=args.format == "text" and sys.stdout.isatty())
    try:
        if args.output:
            atomic_write(Path(args.output), text.rstrip("\n").encode("utf-8") + b"\n")
        elif code is None or args.format != "text":  # as text, the error line above is the report
            print(text.rstrip("\n"))
    except BrokenPipeError:
        raise  # the reader of standard output is gone (main's handler)
    except OSError as err:
        print(f"error: {args.output}: cannot write the report: {err.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if code is not None:
        return code
    failed = not report.conforms or (args.strict and report.count("Warning"))
    return EXIT_VIOLATIONS if failed else EXIT_OK


def _against(where: str, timeout: float):
    """The ``query()`` of the graph ``kgraph validate --against`` names: ``build`` (the project's built graph,
    built if needed) or the URL of a SPARQL endpoint."""
    if where == "build":
        from .pipeline.build import open_store

        return open_store().query
    from .remote.remote import open_backend

    return open_backend(where, timeout=timeout).query


def _against_value(text: str) -> str:
    if text != "build" and not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"{text!r}: name build or the URL of a SPARQL endpoint (http:// or https://)")
    return text


def _default_folder(layout: Layout) -> Path:
    """What ``kgraph validate`` reads with no paths: the current folder (named ``.``, so that every place is
    relative to it, as CI annotations need), or ``data/`` in this repository."""
    return layout.data if Path.cwd().resolve() == layout.root.resolve() else Path(".")


def _extensions(text: str) -> list[str]:
    chosen = ["." + part.strip().lstrip(".") for part in text.split(",") if part.strip()]
    if not chosen:
        raise argparse.ArgumentTypeError("name at least one extension, e.g. .ttl,.nt")
    return chosen


def _build(args) -> int:
    from .pipeline.build import BuildError, build
    from .pipeline.progress import Progress
    from .validation.report import render_text

    try:
        result = build(force=args.force, progress=None if args.quiet else Progress())
    except BuildError as err:
        print(render_text(err.report, colour=sys.stderr.isatty()), file=sys.stderr)
        print(f"error: {err}", file=sys.stderr)
        return EXIT_VIOLATIONS
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    m = result.manifest
    state = "up to date (cached)" if result.cached else f"built in {result.timings['total']:.2f} s"
    checks = m.get("validation", {}).get("checks", {})
    print(
        f"{result.graph_file}: {state}; {m['triples']['asserted']} asserted + "
        f"{m['triples']['inferred']} inferred triples; quality checks: {checks.get('violations', 0)} "
        f"violation(s), {checks.get('warnings', 0)} warning(s)"
    )
    return EXIT_OK


def _synth(args) -> int:
    from .synth import generate

    out = args.out or args.out_option or "build/synth"
    count, files = generate(args.triples, out, seed=args.seed)
    print(f"{out}: {count} triples in {len(files)} file(s)")
    return EXIT_OK


def _query_text(arg: str) -> str:
    path = Path(arg)
    if arg.endswith((".rq", ".sparql")) or (len(arg) < 4096 and "\n" not in arg and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise InputError(arg, f"not UTF-8: byte 0x{err.object[err.start]:02x} at offset {err.start}") from None
        except OSError as err:
            raise InputError(arg, f"cannot read the query: {err.strerror}") from None
    return arg


#: ``kgraph query --format``: the formats of rows and booleans, and of graphs (``json``: JSON-LD).
ROW_FORMATS = ("table", "json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("table", "json", "turtle", "ntriples")


def _query(args) -> int:
    import pyoxigraph as ox

    from .query.offline import go_offline
    from .query.results import serialize, table
    from .query.store import looks_like_update
    from .pipeline.build import open_store

    try:
        text = _query_text(args.query)
        if looks_like_update(text):
            print(
                "error: updates are not accepted: kgraph query runs SELECT, ASK, CONSTRUCT or DESCRIBE", file=sys.stderr
            )
            return EXIT_BAD_INPUT
        store = open_store()
        go_offline()  # the graph is built and loaded: nothing the query names can be fetched now
        result = store.query(text)
    except QueryError as err:
        print(f"error: invalid query: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (KgraphError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    graph = isinstance(result, ox.QueryTriples)
    allowed = GRAPH_FORMATS if graph else ROW_FORMATS
    if args.format not in allowed:
        kind = "a graph (CONSTRUCT, DESCRIBE)" if graph else "rows or a boolean (SELECT, ASK)"
        print(f"error: --format {args.format} cannot hold {kind}: use one of {', '.join(allowed)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "table":
        body = table(result).encode("utf-8")
    else:
        body = serialize(result, "jsonld" if graph and args.format == "json" else args.format)
    _write_out(body if body.endswith(b"\n") else body + b"\n")
    return EXIT_OK


def _write_out(body: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(body)
    sys.stdout.flush()


def _composition(args) -> int:
    from .query.composition import composition, parse_day, render
    from .pipeline.build import open_store

    try:
        seats = composition(open_store(), args.body, parse_day(args.on), lang=args.lang)
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    sys.stdout.write(render(seats, args.format))
    return EXIT_OK


def _stats(args) -> int:
    from .stats import stats
    from .pipeline.build import open_store

    try:
        data = stats.compute(open_store(), facts_dir=args.facts)
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.json else stats.render(data))
    return EXIT_OK


def _serve(args) -> int:
    from server.public_url import parse_public_url
    from server.serving import run

    from .query.limits import parse_size
    from .remote.remote import open_backend
    from .pipeline.build import open_store
    from .pipeline.progress import Progress

    try:
        if args.public_url is not None:
            parse_public_url(args.public_url)
        max_memory = parse_size(args.max_memory) if args.max_memory else None
        store = (
            open_backend(args.backend, timeout=args.timeout, allowed_services=args.allow_service)
            if args.backend
            else open_store(progress=Progress())  # a first build shows its steps
        )
        run(
            store,
            host=args.host,
            port=args.port,
            workers=args.workers,
            threads=args.threads,
            timeout=args.timeout,
            max_rows=args.max_rows or None,
            max_memory=max_memory,
            allowed_services=args.allow_service,
            cors=not args.no_cors,
            public_url=args.public_url,
            body_timeout=args.body_timeout,
        )
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _push(args) -> int:
    from .remote.push import run_cli

    return run_cli(args)


def _publish(args) -> int:
    from .pipeline.build import BuildError
    from .publish.catalogue import Settings
    from .publish.placeholders import placeholders
    from .publish.publish import PublishError, publish
    from .validation.report import render_text

    defaults = Settings()
    settings = Settings(
        download_base=args.download_base or defaults.download_base,
        endpoint=args.endpoint or defaults.endpoint,
        homepage=args.homepage or defaults.homepage,
        contact_email=args.contact_email,
    )
    unset = placeholders(settings)
    for line in unset:
        print(f"warning: {line}", file=sys.stderr)
    try:
        result = publish(
            args.out,
            settings=settings,
            progress=lambda text: print(text, file=sys.stderr, flush=True),
            strict=args.strict,
        )
    except BuildError as err:
        print(render_text(err.report), file=sys.stderr)
        return EXIT_VIOLATIONS
    except PublishError as err:
        if err.report is not None:
            print(render_text(err.report), file=sys.stderr)
        print(f"error: {err}", file=sys.stderr)
        return EXIT_VIOLATIONS if err.report is not None else EXIT_BAD_INPUT
    except (KgraphError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    warnings = (result.report.count("Warning") if result.report else 0) + len(unset)
    detail = f": {len(unset)} placeholder setting(s), see above" if unset else ""
    print(
        f"{result.path}: {len(result.files)} files, {result.pages} pages; "
        f"catalogue conforms ({warnings} warning(s){detail})"
    )
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kgraph", description="The Finnish urban-policy knowledge graph.")
    p.add_argument("--version", action="version", version=f"kgraph {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check data against the shapes (exit 0 conforms, 1 violations, 2 bad input)")
    v.add_argument(
        "paths",
        nargs="*",
        help="files or folders; a folder gives its RDF files (see --extensions) except hidden folders and "
        "what git or .gitignore ignores (default: the current folder; data/ when run in this repository)",
    )
    v.add_argument(
        "--extensions",
        type=_extensions,
        default=list(WALKED),
        metavar="EXT,...",
        help=f"the suffixes read when a folder is walked (default: {','.join(WALKED)}; a .xml or .n3 file is "
        "read only when named)",
    )
    v.add_argument("--strict", action="store_true", help="fail on warnings too")
    v.add_argument(
        "--format",
        choices=["text", "json", "junit", "github", "turtle"],
        default="text",
        help="report format (default: text, grouped by file and sorted by line)",
    )
    v.add_argument("--output", "-o", help="write the report to this file, atomically (default: standard output)")
    v.add_argument("--no-checks", action="store_true", help="SHACL only: skip queries/checks/*-violation.rq")
    v.add_argument(
        "--shapes",
        action="append",
        metavar="SHAPES",
        help="validate against these shapes (file or folder; repeatable) alone, as plain SHACL: no "
        "project ontology, no quality checks, any result fails the data (default: the project's shapes/, "
        "with its ontology and quality checks)",
    )
    v.add_argument(
        "--against",
        type=_against_value,
        metavar="build|URL",
        help="validate the files as a contribution to a graph, so that references to its resources resolve: "
        "build (this project's built graph) or the URL of a SPARQL endpoint (e.g. "
        "https://sparql.example.org/sparql); only the files' own problems are reported (default: the files alone)",
    )
    v.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="with --against URL: seconds each request to the endpoint may take (default 60)",
    )
    v.set_defaults(func=_validate)

    b = sub.add_parser("build", help="validate, derive and materialise the graph into build/")
    b.add_argument("--force", action="store_true", help="rebuild even when the inputs are unchanged")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress lines on standard error")
    b.set_defaults(func=_build)

    sy = sub.add_parser("synth", help="write realistic synthetic data that conforms to the shapes (benchmarks)")
    sy.add_argument("--triples", type=int, required=True, help="about how many triples to write")
    sy.add_argument("out", nargs="?", help="folder for the Turtle files (default: build/synth)")
    sy.add_argument("--out", dest="out_option", help=argparse.SUPPRESS)
    sy.add_argument("--seed", type=int, default=0, help="random seed (same seed, same data; default 0)")
    sy.set_defaults(func=_synth)

    q = sub.add_parser("query", help="run a SPARQL query (text or .rq file) over the built graph")
    q.add_argument("query", help="the query: its text, or a file holding it (.rq, .sparql or any file named)")
    q.add_argument(
        "--format",
        choices=sorted(set(ROW_FORMATS + GRAPH_FORMATS)),
        default="table",
        help="output format (default: table); SELECT and ASK: table, json (SPARQL results), csv, tsv, xml; "
        "CONSTRUCT and DESCRIBE: table, json (JSON-LD), turtle, ntriples",
    )
    q.set_defaults(func=_query)

    c = sub.add_parser(
        "composition", help='who held which mandate in a body on a day (docs/modelling.md, "The temporal model")'
    )
    c.add_argument(
        "body",
        help="the body: its slug (kaupunkipolitiikan-yhteistyoryhma), kind/slug "
        "(org/kuntaliiton-hallitus) or IRI; a body's terms count",
    )
    c.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="the day")
    c.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")
    c.add_argument("--lang", choices=["fi", "sv", "en"], default="fi", help="language of role names (default fi)")
    c.set_defaults(func=_composition)

    s = sub.add_parser("stats", help="counts per class, per source and per graph")
    s.add_argument("--json", action="store_true", help="print the counts as JSON (default: a text summary)")
    s.add_argument(
        "--facts",
        type=Path,
        metavar="DIR",
        help="the facts pack to compare with kp:factsRecord (default: ROOT/../shared/facts)",
    )
    s.set_defaults(func=_stats)

    sv = sub.add_parser("serve", help="serve the SPARQL endpoint")
    sv.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0: all)"
    )
    sv.add_argument("--port", type=int, default=5000, help="port to listen on (default: 5000)")
    sv.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="per-query time limit in seconds (the query is stopped with a 503; default 30)",
    )
    sv.add_argument("--workers", type=int, default=None, help="serving processes (default: one per CPU, at least 2)")
    sv.add_argument(
        "--threads",
        type=int,
        default=4,
        help="query processes per serving process, each used by a request thread of its own (default 4)",
    )
    sv.add_argument(
        "--max-memory",
        metavar="SIZE",
        help="memory each query process may take, e.g. 512M or 2G; "
        "a query needing more is stopped with a 503 (default: "
        "half the machine's memory shared by all of them)",
    )
    sv.add_argument(
        "--max-rows",
        type=int,
        default=100_000,
        help="cut results after so many rows and say so in the response headers (0: no limit; default 100000)",
    )
    sv.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="ENDPOINT",
        help="an endpoint SERVICE may query (repeatable; by default SERVICE is refused)",
    )
    sv.add_argument("--no-cors", action="store_true", help="do not send CORS headers")
    sv.add_argument(
        "--public-url",
        metavar="URL",
        help="the endpoint's public URL (e.g. https://sparql.example.org):"
        " its host in the service description, VoID, redirects and the base of queries, whatever Host a "
        "request names (default: the request's host)",
    )
    sv.add_argument(
        "--body-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds a client has to send its headers, and then its request body; a slower one gets "
        "a 408 and is disconnected (default 10)",
    )
    sv.add_argument(
        "--backend",
        metavar="URL",
        help="answer through this remote SPARQL endpoint (e.g. "
        "http://127.0.0.1:7878/query) instead of the embedded engine (default: the embedded engine over the "
        "built graph)",
    )
    sv.set_defaults(func=_serve)

    from .remote.push import add_arguments as push_arguments

    push_arguments(
        sub.add_parser(
            "push", help="load the built graph into an external triple store, replacing its graphs atomically"
        )
    ).set_defaults(func=_push)

    pb = sub.add_parser(
        "publish",
        help="write the data package (dumps, DCAT-AP catalogue, VoID, checksums, static site) to OUT, atomically",
    )
    pb.add_argument("out", type=Path, help="the package folder (created, or replaced if it holds a package)")
    pb.add_argument("--download-base", help="URL the package will be served from (default: <base IRI>data/)")
    pb.add_argument("--endpoint", help="URL of the public SPARQL endpoint (default: <base IRI>sparql)")
    pb.add_argument("--homepage", help="homepage of the catalogue (default: the base IRI)")
    pb.add_argument("--contact-email", help="contact address for the catalogue's contact point (default: none)")
    pb.add_argument(
        "--strict",
        action="store_true",
        help="exit 2 and write nothing when the download base, the endpoint or the contact e-mail is a placeholder "
        "(without it: one warning line for each)",
    )
    pb.set_defaults(func=_publish)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return _reader_gone(args)


def _reader_gone(args) -> int:
    """The reader closed the pipe (``| head``): stop quietly. A query's answer was given; for any other
    command the output is incomplete, which exit 1 says."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
    except OSError:
        pass
    return EXIT_OK if args.command == "query" else EXIT_VIOLATIONS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
