"""The folder walk of every validation (``shapes/`` and ``ontology/``): git's ignore answer remembered or not.

    python3 bench/file_walk_bench.py [--walks 200] [--validations 60] [--rounds 5] [--reference REV]

Three ways, in turns within each of ``--rounds`` rounds so that the machine's load falls on all alike:

- ``before``: ``kgraph/io/ignore.py`` as it was at ``--reference`` (read with ``git show``; default the commit
  before the answer was remembered): ``git rev-parse`` and ``git check-ignore`` for each folder walked;
- ``forgotten``: this checkout's walk with its memory cleared before every walk (``git check-ignore`` and
  ``git config --list`` for each folder, the deciding files' states taken);
- ``remembered``: this checkout's walk as ``kgraph`` runs it (no git while nothing changed).

It times ``--walks`` calls of ``rdf_files([ontology, shapes])`` and ``--validations`` calls of ``validate()`` on
a small data graph (the bundled shapes and ontology, the fast engine), checks that every way selects the same
files and gives the same results, and prints the median wall-clock time and the mean CPU time per call (CPU:
this process and the git processes it waited for) and the ratios against ``before``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kgraph.io.load as load  # noqa: E402
from kgraph.config import Layout  # noqa: E402
from kgraph.io import ignore_cache  # noqa: E402
from kgraph.io.ignore import ignored_filter  # noqa: E402
from kgraph.validation.validate import validate  # noqa: E402

#: The last commit whose walk asked git on every call.
REFERENCE = "2989e58"
DATA = """@prefix kp: <https://kaupunkipolitiikka.fi/ontology#> .
@prefix schema: <https://schema.org/> .
<https://kaupunkipolitiikka.fi/id/person/bench> a kp:Person ; schema:name "Bench Person" .
"""


def reference_filter(rev: str) -> Callable | None:
    """``ignored_filter`` of ``kgraph/io/ignore.py`` at ``rev`` (it imports nothing of kgraph), or None."""
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:kgraph/io/ignore.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"before: not measured ({err})")
        return None
    module = types.ModuleType("reference_ignore")
    exec(compile(source, f"{rev}:kgraph/io/ignore.py", "exec"), module.__dict__)  # noqa: S102
    return module.ignored_filter


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(call: Callable[[], object], times: int) -> tuple[list[float], list[float], object]:
    walls, cpus, result = [], [], None
    for _ in range(times):
        wall, used = time.perf_counter(), cpu()
        result = call()
        cpus.append(cpu() - used)
        walls.append(time.perf_counter() - wall)
    return walls, cpus, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=200)
    parser.add_argument("--validations", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reference", default=REFERENCE, help=f"the commit of 'before' (default {REFERENCE})")
    args = parser.parse_args()

    from rdflib import Graph

    layout = Layout()
    folders = [layout.ontology, layout.shapes]
    data = Graph().parse(data=DATA, format="turtle")
    old = reference_filter(args.reference)

    def way(name: str) -> Callable[[], None]:
        def prepare() -> None:
            load.ignored_filter = old if name == "before" else ignored_filter  # type: ignore[assignment]
            if name != "remembered":
                ignore_cache.clear()

        return prepare

    ways = {name: way(name) for name in (["before"] if old else []) + ["forgotten", "remembered"]}
    tasks = {
        "walk": (args.walks, lambda: [str(p) for p in load.rdf_files(folders)]),
        "validate": (args.validations, lambda: sorted(map(str, validate(data, layout=layout).results))),
    }
    walls: dict[tuple[str, str], list[float]] = {(t, w): [] for t in tasks for w in ways}
    cpus: dict[tuple[str, str], list[float]] = {(t, w): [] for t in tasks for w in ways}
    answers: dict[str, set] = {t: set() for t in tasks}
    validate(data, layout=layout)  # shapes and ontology parsed, compiled and cached once for all ways
    for _ in range(args.rounds):
        for task, (count, call) in tasks.items():
            for name, prepare in ways.items():
                per_round = max(1, count // args.rounds)

                def once(prepare=prepare, call=call) -> object:
                    prepare()
                    return call()

                w, c, result = timed(once, per_round)
                walls[task, name] += w
                cpus[task, name] += c
                answers[task].add(repr(result))
    load.ignored_filter = ignored_filter  # type: ignore[assignment]
    same = all(len(a) == 1 for a in answers.values())
    print(f"{len(load.rdf_files(folders))} files in {', '.join(f.name for f in folders)}; rounds {args.rounds}")
    print(f"every way selects the same files and gives the same results: {same}")
    base = "before" if old else "forgotten"
    for task in tasks:
        for name in ways:
            wall = statistics.median(walls[task, name]) * 1000
            used = statistics.fmean(cpus[task, name]) * 1000
            ref_wall = statistics.median(walls[task, base]) * 1000
            ref_cpu = statistics.fmean(cpus[task, base]) * 1000
            print(
                f"{task:8} {name:10} n={len(walls[task, name]):4}  median {wall:8.2f} ms wall, mean {used:8.2f} ms CPU"
                f"   vs {base}: {wall / ref_wall:6.3f} x wall {used / ref_cpu if ref_cpu else float('nan'):6.3f} x CPU"
            )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
