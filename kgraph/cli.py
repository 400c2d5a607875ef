"""The ``kgraph`` command line: validate, build, query, stats, serve."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .config import Layout
from .errors import InputError, KgraphError, QueryError

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def _validate(args) -> int:
    from .load import load_graph
    from .report import render_text
    from .validate import validate

    layout = Layout()
    paths = args.paths or [layout.data]
    try:
        data = load_graph(paths, root=layout.root)
        report = validate(data, layout=layout, check_shapes=True)
    except (InputError, KgraphError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(render_text(report))
    failed = not report.conforms or (args.strict and report.count("Warning"))
    return EXIT_VIOLATIONS if failed else EXIT_OK


def _build(args) -> int:
    from .build import BuildError, build
    from .report import render_text

    try:
        result = build(force=args.force)
    except BuildError as err:
        print(render_text(err.report), file=sys.stderr)
        return EXIT_VIOLATIONS
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    m = result.manifest
    state = "up to date (cached)" if result.cached else "built"
    print(f"{result.graph_file}: {state}; {m['triples']['asserted']} asserted + "
          f"{m['triples']['inferred']} inferred triples")
    return EXIT_OK


def _query_text(arg: str) -> str:
    path = Path(arg)
    if arg.endswith((".rq", ".sparql")) or (len(arg) < 4096 and "\n" not in arg and path.is_file()):
        return path.read_text(encoding="utf-8")
    return arg


def _query(args) -> int:
    from .results import serialize, table
    from .store import open_store

    try:
        text = _query_text(args.query)
        store = open_store()
        result = store.query(text)
    except QueryError as err:
        print(f"error: invalid query: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (KgraphError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "table":
        print(table(result))
    else:
        sys.stdout.buffer.write(serialize(result, args.format))
        sys.stdout.flush()
    return EXIT_OK


def _stats(args) -> int:
    from . import stats
    from .store import open_store

    try:
        data = stats.compute(open_store())
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.json else stats.render(data))
    return EXIT_OK


def _serve(args) -> int:
    from server import create_app, serve

    try:
        app = create_app(timeout=args.timeout)
    except KgraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    serve(app, host=args.host, port=args.port)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kgraph", description="The Finnish urban-policy knowledge graph.")
    p.add_argument("--version", action="version", version=f"kgraph {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check data against the shapes (exit 0 conforms, 1 violations, 2 bad input)")
    v.add_argument("paths", nargs="*", help="files or folders (default: the repository's data/)")
    v.add_argument("--strict", action="store_true", help="fail on warnings too")
    v.set_defaults(func=_validate)

    b = sub.add_parser("build", help="validate, derive and materialise the graph into build/")
    b.add_argument("--force", action="store_true", help="rebuild even when the inputs are unchanged")
    b.set_defaults(func=_build)

    q = sub.add_parser("query", help="run a SPARQL query (text or .rq file) over the built graph")
    q.add_argument("query")
    q.add_argument("--format", choices=["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"],
                   default="table")
    q.set_defaults(func=_query)

    s = sub.add_parser("stats", help="counts per class, per source and per graph")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_stats)

    sv = sub.add_parser("serve", help="serve the SPARQL endpoint")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=5000)
    sv.add_argument("--timeout", type=float, default=30.0, help="per-query time limit in seconds")
    sv.set_defaults(func=_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
