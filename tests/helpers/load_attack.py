"""Runaway and memory-hungry queries sent while innocent clients run a steady mix: what each side saw.

Used by ``tests/query/test_query_limits.py`` (small numbers) and ``bench/attack.py`` (the issue's numbers).
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests

#: Counts a cross product of 430 billion rows on the real graph, in little memory: only the time limit stops it.
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: The issue's query: a sort of a 57-million-row cross product (9 GB without a limit).
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
#: A quarter of a second alone on the real graph, seconds while runaways share the CPUs.
LONG = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?c }"
MIX = [
    "ASK { ?s a foaf:Person }",
    "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name",
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?c a kp:City ; skos:prefLabel ?l }",
    LONG,
]


def rss(pid: int) -> int:
    """Bytes of a process's resident memory (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


@dataclass
class Outcome:
    innocent: Counter = field(default_factory=Counter)  # status codes of the steady mix
    failures: list[str] = field(default_factory=list)  # innocent requests that failed or were cut
    health: Counter = field(default_factory=Counter)  # /health statuses (or the error's name)
    attacks: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, status, start of the body)
    seconds: float = 0.0

    def stopped_as_expected(self) -> bool:
        """Every runaway got a time-limit 503 and every hungry query a memory-limit 503."""
        expected = {"runaway": "time limit", "hungry": "memory"}
        return all(status == 503 and expected[kind] in text for kind, status, text in self.attacks)


def run(
    url: str, *, clients: int = 3, runaways: int = 3, hungry: int = 6, attackers: int = 1, linger: float = 1.0
) -> Outcome:
    """``clients`` steady clients and a /health watcher while ``attackers`` send the attacks between them."""
    outcome = Outcome()
    done = threading.Event()
    order = []  # interleaved: runaway, hungry, runaway, hungry, ...
    for i in range(max(runaways, hungry)):
        order += [RUNAWAY] * (i < runaways) + [HUNGRY] * (i < hungry)
    shares = [order[i::attackers] for i in range(attackers)]

    def steady(offset: int) -> None:
        with requests.Session() as session:
            i = offset
            while not done.is_set():
                query = MIX[i % len(MIX)]
                i += 1
                try:
                    r = session.get(url + "/sparql", params={"query": query}, timeout=120)
                    outcome.innocent[r.status_code] += 1
                    if r.status_code != 200:
                        outcome.failures.append(f"{r.status_code} {query[:40]}: {r.text[:120]}")
                except requests.RequestException as err:
                    outcome.failures.append(f"cut: {query[:40]}: {err}")

    def watch_health() -> None:
        while not done.is_set():
            try:
                outcome.health[requests.get(url + "/health", timeout=5).status_code] += 1
            except requests.RequestException as err:
                outcome.health[type(err).__name__] += 1
            time.sleep(0.2)

    def attack(queries: list[str]) -> None:
        for query in queries:
            kind = "runaway" if query == RUNAWAY else "hungry"
            try:
                r = requests.get(url + "/sparql", params={"query": query}, timeout=120)
                outcome.attacks.append((kind, r.status_code, r.text[:80]))
            except requests.RequestException as err:
                outcome.attacks.append((kind, 0, str(err)))

    started = time.monotonic()
    helpers = [threading.Thread(target=steady, args=(i,)) for i in range(clients)]
    helpers.append(threading.Thread(target=watch_health))
    senders = [threading.Thread(target=attack, args=(share,)) for share in shares]
    for thread in helpers + senders:
        thread.start()
    for thread in senders:
        thread.join()
    time.sleep(linger)  # the innocent clients go on after the last attack
    done.set()
    for thread in helpers:
        thread.join()
    outcome.seconds = time.monotonic() - started
    return outcome
