"""The attack of issue 13 as a harness: outbound probes, runaway and memory-hungry queries under a steady mix.

    python3 bench/attack.py            # the issue's numbers: 5,000 probes, 4 clients, 100 runaways, 20 hungry
    python3 bench/attack.py --short    # a CI-sized run of the same (about a minute)

Against ``kgraph serve`` on the repository's built graph (built first when stale), on loopback only:

1. **Outbound**: a listener on loopback counts every connection while SERVICE / FROM / FROM NAMED / LOAD
   probes naming it (``tests/helpers/service_probes.py``: comments with every line end, escapes, strings, IRIs,
   language tags, prefixed names, the four bypasses of the old guard) go through the endpoint, through
   ``GraphStore.query`` (the path of ``kgraph query``) and through a few ``kgraph query`` processes.
2. **Runaways and memory**: innocent clients run a steady mix (one query of about a quarter of a second alone)
   while attackers send runaway and memory-hungry queries (``tests/helpers/load_attack.py``); it counts innocent
   failures, the attackers' 503s, /health answers, serving and query processes before and after, and RSS.

It prints the figures and exits 1 when any of them is not what the issue asks for.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "helpers")]

# The test helpers below are imported from tests/, which the line above puts on the path.
import load_attack  # noqa: E402
from load_attack import rss  # noqa: E402
from service_probes import BYPASSES, Listener, fill, probes  # noqa: E402
from serve_fixtures import children, kgraph_serve, query_processes  # noqa: E402


def outbound(url: str, count: int, cli_runs: int, build_dir: Path) -> dict:
    from kgraph.errors import QueryError
    from kgraph.query.store import GraphStore

    listener = Listener()
    try:
        sent = probes(listener.url, count)
        statuses: dict[int, int] = {}
        started = time.monotonic()
        with requests.Session() as session:
            for query in sent:
                key = "update" if query.startswith("LOAD") else "query"
                status = session.post(url + "/sparql", data={key: query}, timeout=60).status_code
                statuses[status] = statuses.get(status, 0) + 1
        endpoint_s = time.monotonic() - started
        store = GraphStore.from_file(build_dir / "graph.nq")
        refused = 0
        for query in probes(listener.url, count, seed=1):
            if query.startswith("LOAD"):
                continue
            try:
                result = store.query(query)
                if hasattr(result, "__iter__"):
                    list(result)
            except QueryError:
                refused += 1
        env = dict(os.environ, KGRAPH_BUILD_DIR=str(build_dir))
        cli_codes = [
            subprocess.run(
                [sys.executable, "-m", "kgraph", "query", fill(BYPASSES[i % 4], listener.url)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                timeout=120,
                check=False,
            ).returncode
            for i in range(cli_runs)
        ]
        time.sleep(0.2)
        return {
            "probes_endpoint": len(sent),
            "statuses": statuses,
            "endpoint_s": round(endpoint_s, 1),
            "probes_store": count,
            "refused_store": refused,
            "cli_runs": cli_runs,
            "cli_refused": cli_codes.count(2),
            "connections": listener.count,
        }
    finally:
        listener.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--short", action="store_true", help="CI size: 600 probes, 3 clients, 4 runaways, 6 hungry")
    p.add_argument("--timeout", type=float, default=8.0, help="the endpoint's time limit (default 8 s)")
    p.add_argument("--max-memory", default="300M", help="the endpoint's memory limit per query process")
    args = p.parse_args(argv)
    size = (
        {"probes": 600, "cli": 4, "clients": 3, "runaways": 4, "hungry": 6, "attackers": 1}
        if args.short
        else {"probes": 5000, "cli": 20, "clients": 4, "runaways": 100, "hungry": 20, "attackers": 4}
    )
    build_dir = Path(os.environ.get("KGRAPH_BUILD_DIR", ROOT / "build"))
    options = ("--timeout", str(args.timeout), "--workers", "2", "--threads", "4", "--max-memory", args.max_memory)
    ok = True
    with kgraph_serve(build_dir, *options) as (url, process, _took):
        figures = outbound(url, size["probes"], size["cli"], build_dir)
        print(
            f"outbound: {figures['connections']} connections from {figures['probes_endpoint']} probes through the "
            f"endpoint ({figures['endpoint_s']} s; statuses {figures['statuses']}), {figures['probes_store']} "
            f"through GraphStore.query ({figures['refused_store']} refused) and {figures['cli_runs']} "
            f"`kgraph query` runs ({figures['cli_refused']} refused)"
        )
        ok &= figures["connections"] == 0 and figures["cli_refused"] == figures["cli_runs"]

        serving = children(process.pid)
        deadline = time.monotonic() + 30
        while len(query_processes(process.pid)) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        baseline = query_processes(process.pid)
        baseline_rss = sum(rss(pid) for pid in baseline | serving)
        outcome = load_attack.run(
            url, clients=size["clients"], runaways=size["runaways"], hungry=size["hungry"], attackers=size["attackers"]
        )
        deadline = time.monotonic() + 30
        while len(query_processes(process.pid)) != len(baseline) and time.monotonic() < deadline:
            time.sleep(0.1)
        after = query_processes(process.pid)
        after_rss = sum(rss(pid) for pid in after | children(process.pid))
        stopped = sum(1 for _, status, _ in outcome.attacks if status == 503)
        print(
            f"attack: {len(outcome.attacks)} attacks ({size['runaways']} runaway, {size['hungry']} memory-hungry) "
            f"in {outcome.seconds:.0f} s: {stopped} got their 503, as expected: {outcome.stopped_as_expected()}"
        )
        print(
            f"innocent: {sum(outcome.innocent.values())} requests from {size['clients']} clients, "
            f"{len(outcome.failures)} failed or cut; /health: {dict(outcome.health)}"
        )
        print(
            f"processes: serving {len(serving)} -> {len(children(process.pid))} (same: "
            f"{children(process.pid) == serving}), query {len(baseline)} -> {len(after)}; "
            f"RSS {baseline_rss / 2**20:.0f} MiB -> {after_rss / 2**20:.0f} MiB"
        )
        for failure in outcome.failures[:5]:
            print("  failed:", failure)
        ok &= (
            not outcome.failures
            and outcome.stopped_as_expected()
            and set(outcome.health) == {200}
            and children(process.pid) == serving
            and len(after) == len(baseline)
            and after_rss <= 1.5 * baseline_rss
        )
    print("all figures as the issue asks" if ok else "SOME FIGURES ARE NOT AS THE ISSUE ASKS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
