"""The first build shows its steps: an updating line per step on a terminal, one line per step in a CI log.

Run as a user runs them: ``kgraph build`` and ``kgraph serve`` in a process of their own with an empty build
folder, their standard error a pipe (a CI log) or a pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import requests

from endpoint_fixtures import free_port
from paths import ROOT

#: The steps of a build with the shapes not yet checked, in order; each label names what takes the time.
STEPS = [
    r"reading the \d+ data files",
    r"reading the shapes and the ontology",
    r"checking the shapes against SHACL-SHACL",
    r"compiling the shapes into SPARQL queries",
    r"validating the \d+ asserted triples \(SHACL\)",
    r"applying the rules \(SPARQL CONSTRUCT\) to data and ontology",
    r"inferring \(OWL 2 RL\)",
    r"validating the result with its inferences \(SHACL\)",
    r"running the quality checks \(queries/checks\)",
    r"writing .*graph\.nq",
]
DONE = re.compile(r"  (?P<label>.+): done in \d+\.\d\d s")


def _env(build: Path) -> dict[str, str]:
    return dict(os.environ, KGRAPH_BUILD_DIR=str(build), PYTHONPATH=str(ROOT))


def _labels(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        match = DONE.fullmatch(line)
        assert match, f"not a step line: {line!r}"
        found.append(match["label"])
    return found


def _in_order(labels: list[str], steps: list[str]) -> bool:
    return len(labels) == len(steps) and all(re.fullmatch(p, label) for p, label in zip(steps, labels))


def test_in_a_ci_log_each_step_is_one_line_with_its_time(tmp_path):
    cold = subprocess.run(
        [sys.executable, "-m", "kgraph", "build"], capture_output=True, text=True, env=_env(tmp_path), timeout=300
    )
    assert cold.returncode == 0, cold.stderr
    assert "\r" not in cold.stderr and "\x1b" not in cold.stderr
    labels = _labels(cold.stderr.splitlines())
    assert _in_order(labels, STEPS), labels
    again = subprocess.run(
        [sys.executable, "-m", "kgraph", "build", "--force"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=300,
    )
    # the shapes passed SHACL-SHACL before and have not changed: that step is not run again
    assert _in_order(_labels(again.stderr.splitlines()), [s for s in STEPS if "SHACL-SHACL" not in s])


def _run_on_a_terminal(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    controller, terminal = pty.openpty()
    process = subprocess.Popen(command, stdin=terminal, stdout=terminal, stderr=terminal, env=env, cwd=ROOT)
    os.close(terminal)
    chunks = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal is closed: the process has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    os.close(controller)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_each_step_is_an_updating_line(tmp_path):
    code, shown = _run_on_a_terminal([sys.executable, "-m", "kgraph", "build"], _env(tmp_path))
    assert code == 0, shown
    erase = "\r\x1b[K"
    finished = [part.split("\r\n", 1)[0] for part in shown.split(erase)[1:]]  # what each step ends with
    assert _in_order(_labels(finished), STEPS), finished
    for line, step in zip(finished, STEPS):
        label = DONE.fullmatch(line)["label"]  # type: ignore[index]
        before = shown[: shown.index(line)]
        assert f"\r  {label} …" in before, f"{label!r} was not shown while it ran"
    counting = re.findall(r"\r  (?:[^\r\n]+) … +(\d+\.\d) s", shown)
    assert counting, "no step line counted its seconds"


def test_the_first_serve_shows_the_build_and_then_one_line_per_fact(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "kgraph", "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=_env(tmp_path / "build"),
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 300
            while True:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the endpoint did not start"
                try:
                    requests.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=10)
                    break
                except requests.ConnectionError:
                    time.sleep(0.2)
            started = log.read_text(encoding="utf-8")  # the start log, printed (and flushed) before serving
        finally:
            process.terminate()
            process.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text  # neither at the start nor when stopped while query processes still load
    lines = started.splitlines()
    assert _in_order(_labels(lines[: len(STEPS)]), STEPS), lines
    facts = lines[len(STEPS) :]
    patterns = [
        rf"kgraph \S+: SPARQL endpoint at http://127\.0\.0\.1:{port}/sparql",
        r"processes: 2 serving, each with 2 query processes",
        r"limits per query: 30 s, [\d,]+ MiB, 100,000 rows",
        r"graph: [\d,]+ triples in \d+ named graphs",
        r"build: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by kgraph \S+",
        r"network: closed to the serving and query processes",
    ]
    assert len(facts) == len(patterns) and all(re.fullmatch(p, f) for p, f in zip(patterns, facts)), "\n".join(lines)
