"""Build benchmark: the real graph (full and cached) and synthetic graphs, each build in a child process.

    python bench/build_bench.py [--sizes 10000,100000,1000000] [--owlrl-limit 300] [--no-owlrl]

For every graph it prints the wall time of ``kgraph.pipeline.build.build`` (full, then cached), the time of its
inference step, the triple counts, the peak memory of the child process, and owlrl's time for the same
closure (ontology + data + rule output, OWL 2 RL) when owlrl finishes within ``--owlrl-limit`` seconds.
Targets: real graph <= 3 s full and <= 0.5 s cached; 1,000,000 synthetic triples <= 120 s. The CPU time
of each build is printed too: on a shared machine the wall time includes waiting for a processor.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"real": (3.0, 0.5), 1_000_000: (120.0, None)}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _cpu() -> float:
    """CPU seconds of this process so far: on a shared machine the wall time also counts waiting for a CPU."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- child processes


def child_build(root: str, build_dir: str, force: bool) -> dict:
    os.environ["KGRAPH_ROOT"], os.environ["KGRAPH_BUILD_DIR"] = root, build_dir
    from kgraph.pipeline.build import build
    from kgraph.config import Layout

    start, cpu = time.perf_counter(), _cpu()
    result = build(Layout(Path(root)), force=force)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
        "cached": result.cached,
        "timings": result.timings,
        "triples": result.manifest["triples"],
        "peak_mb": _peak_mb(),
    }


def child_owlrl(root: str) -> dict:
    """owlrl's OWL 2 RL closure of what the build's inference step gets: ontology + data + rule output."""
    import owlrl
    import pyoxigraph as ox
    from rdflib import Graph

    from kgraph.config import Layout
    from kgraph.query.engine import from_ox
    from kgraph.io.fastload import read_files
    from kgraph.io.load import rdf_files
    from kgraph.inference.rules import derive

    layout = Layout(Path(root))
    store = ox.Store()
    graphs = read_files(store, rdf_files([layout.ontology, layout.data]), root=layout.root)
    graph = Graph()
    for q in store:
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    for s, p, o in derive(store, graphs, layout):
        graph.add((from_ox(s), from_ox(p), from_ox(o)))
    before = len(graph)
    start = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    return {"seconds": time.perf_counter() - start, "input": before, "closure": len(graph), "peak_mb": _peak_mb()}


def run_child(*args: str, timeout: float | None = None) -> dict | None:
    """Run this script as a child; its JSON answer, or None when it ran out of time."""
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", *args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the benchmark


def synthetic_repo(size: int, workdir: Path) -> Path:
    from kgraph.synth import generate

    root = workdir / f"synth-{size}"
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    generate(size, root / "data", seed=1)
    return root


def bench(name, root: Path, workdir: Path, owlrl_limit: float | None) -> dict:
    """Build ``root`` into an empty folder (cold: the shapes are also checked against SHACL-SHACL), then
    again with ``force`` for the real graph (warm: what an edit of the data costs), then from the cache."""
    build_dir = workdir / f"build-{name}"
    cold = run_child("build", str(root), str(build_dir), "force")
    full = run_child("build", str(root), str(build_dir), "force") if name == "real" else cold
    cached = run_child("build", str(root), str(build_dir), "cache")
    row = {"graph": name, "cold": cold, "full": full, "cached": cached, "owlrl": None, "owlrl_limit": owlrl_limit}
    if owlrl_limit:
        row["owlrl"] = run_child("owlrl", str(root), timeout=owlrl_limit) or "timeout"
    return row


def verdict(name, full: float, cached: float) -> str:
    target = TARGETS.get(name)
    if not target:
        return ""
    parts = [f"full {'ok' if full <= target[0] else 'MISSED'} (<= {target[0]:g} s)"]
    if target[1] is not None:
        parts.append(f"cached {'ok' if cached <= target[1] else 'MISSED'} (<= {target[1]:g} s)")
    return "; ".join(parts)


def show(row: dict) -> str:
    full, cached, owl = row["full"], row["cached"], row["owlrl"]
    t = full["triples"]
    if owl is None:
        owl_text = "not run"
    elif owl == "timeout":
        owl_text = f"> {row['owlrl_limit']:g} s (stopped)"
    else:
        owl_text = f"{owl['seconds']:.1f} s ({owl['peak_mb']:.0f} MB)"
    name = row["graph"] if isinstance(row["graph"], str) else f"synthetic {row['graph']:,}"
    label = "full (warm)" if row["cold"] is not full else "full (cold)"
    cold = f" | cold {row['cold']['seconds']:.2f} s" if row["cold"] is not full else ""
    return (
        f"{name:>20} | {t['asserted']:>9,} asserted {t['inferred']:>9,} inferred{cold} | {label} "
        f"{full['seconds']:7.2f} s"
        f" (cpu {full['cpu']:7.2f} s, infer {full['timings'].get('infer', 0):6.2f} s, {full['peak_mb']:6.0f} MB)"
        f" | cached "
        f"{cached['seconds']:5.2f} s | owlrl closure {owl_text} | "
        f"{verdict(row['graph'], full['seconds'], cached['seconds'])}"
        "\n" + " " * 21 + "| steps: " + ", ".join(f"{k} {v:.2f} s" for k, v in full["timings"].items() if k != "total")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="synthetic sizes, comma-separated")
    parser.add_argument("--owlrl-limit", type=float, default=300.0, help="seconds owlrl may run per graph")
    parser.add_argument("--no-owlrl", action="store_true", help="do not run owlrl at all")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        answer = child_build(rest[0], rest[1], rest[2] == "force") if kind == "build" else child_owlrl(rest[0])
        print(json.dumps(answer))
        return 0

    limit = None if args.no_owlrl else args.owlrl_limit
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        workdir = Path(tmp)
        if any((ROOT / "data").glob("*.ttl")):
            print(show(bench("real", ROOT, workdir, limit)), flush=True)
        else:
            print(f"{'real':>20} | data/ holds no Turtle yet: skipped", flush=True)
        for size in (int(s) for s in args.sizes.split(",") if s):
            root = synthetic_repo(size, workdir)
            row = bench(size, root, workdir, limit)
            print(show(row), flush=True)
            if row["owlrl"] == "timeout":
                limit = None  # larger graphs will not finish either
            shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
