"""Outbound probes: a loopback listener that counts connections, and queries that try to reach it.

Used by ``tests/query/test_service_guard.py`` and by ``bench/attack.py``. Every probe
names the listener's URL; a query engine that obeys any of them connects, and
the listener counts it.
"""

from __future__ import annotations

import itertools
import random
import socket
import threading

#: The four SERVICE bypasses of the regex guard reported in issue 13 (``{u}``: the listener's URL).
BYPASSES = [
    "SELECT * WHERE { #\rSERVICE <{u}> { ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(1<'>') SERVICE <{u}> { ?s ?p ?o } FILTER('x'='x') }",
    'SELECT * WHERE { ?s ?p "chair"@en.SERVICE <{u}> { ?s ?p ?o } }',
    "SELECT * WHERE { VALUES ?v { kp:a\\' } SERVICE <{u}> { ?s ?p ?o } FILTER(?v != 'x') }",
]

#: Pieces a probe is made of: comments with every line end, strings, IRIs, language tags, prefixed names.
NOISE = [
    "# c\r",
    "# c\n",
    "# c\r\n",
    "#\r",
    "#\x0c",
    "#\u2028",
    "#\u0085",
    "# SERVICE <{u}> {{}}\n",
    "'>'",
    '"<"',
    "'''a''b'''",
    '"""a""b"""',
    '"""x""""',
    "'\\''",
    '"\\""',
    "'\\\\'",
    "'\\u0027'",
    '"chair"@en',
    '"chair"@en-GB',
    "'x'@fi.",
    '"x"^^xsd:string',
    "kp:a\\'",
    "kp:a\\.",
    "kp:a.b",
    "kp:a\\#",
    "<http://e/SERVICE>",
    "<{u}>",
    '"SERVICE <{u}> {{}}"',
    "?v",
    "$v",
    "?service",
    "kp:service",
    "FILTER(1<'>')",
    "FILTER('x'='x')",
    "FILTER(1 < 2)",
    "BIND(1 AS ?b)",
    "OPTIONAL {{ ?s ?p ?o }}",
    "{{ }}",
    ".",
    ";",
    "\t",
    "\r",
    "\x0c",
    "\xa0",
    "VALUES ?v {{ 1 }}",
    "VALUES ?v {{ kp:a\\' }}",
]
#: Ways to write the keyword: cases, and SPARQL codepoint escapes for some of its letters.
KEYWORDS = [
    "SERVICE",
    "service",
    "Service",
    "sErViCe",
    "SERVICE SILENT",
    "service silent",
    "\\u0053ERVICE",
    "SERV\\u0049CE",
    "\\U00000053ervice",
    "SERVICE\\u0020SILENT",
]
#: The endpoint of the clause: the listener's IRI, written in several ways.
ENDPOINTS = ["<{u}>", "<{u}#x>", "<\\u0068ttp{rest}>", "?ep", "ex:ep"]


class Listener:
    """A TCP listener on loopback that accepts and closes every connection, counting them."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.count = 0
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.count += 1
            conn.close()

    def close(self) -> None:
        self._closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def fill(template: str, url: str) -> str:
    """A probe template with the listener's URL in place of ``{u}`` (and ``{rest}``: the URL after 'h')."""
    return template.replace("{u}", url).replace("{rest}", url[1:]).replace("{{", "{").replace("}}", "}")


def service_clause(keyword: str, endpoint: str) -> str:
    return f"{keyword} {endpoint} {{{{ ?s ?p ?o }}}}"


def probes(url: str, count: int, seed: int = 0) -> list[str]:
    """``count`` queries around SERVICE, FROM, FROM NAMED and LOAD, each naming the listener at ``url``."""
    rng = random.Random(seed)
    prologue = "PREFIX ex: <" + url + "> "
    fixed = [fill(b, url) for b in BYPASSES]
    fixed += [
        fill("SELECT * FROM <{u}> WHERE {{ ?s ?p ?o }}", url),
        fill("SELECT * FROM NAMED <{u}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", url),
        fill("LOAD <{u}>", url),
        fill("LOAD SILENT <{u}> INTO GRAPH <{u}>", url),
        fill("DESCRIBE <{u}>", url),
    ]
    shapes = itertools.cycle(
        [
            "SELECT * WHERE {{ {a} {s} {b} }}",
            "ASK {{ {a} {s} {b} }}",
            "SELECT * {{ {a} FILTER EXISTS {{ {s} }} {b} }}",
            "SELECT * {{ {{ SELECT * {{ {a} {s} }} }} {b} }}",
            "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {a} OPTIONAL {{ {s} }} {b} }}",
            "SELECT * FROM <{{u}}> {{ {a} {s} {b} }}",
        ]
    )
    found = fixed[:count]
    while len(found) < count:
        shape = next(shapes)
        clause = service_clause(rng.choice(KEYWORDS), rng.choice(ENDPOINTS))
        before = " ".join(rng.choice(NOISE) for _ in range(rng.randint(0, 3)))
        after = " ".join(rng.choice(NOISE) for _ in range(rng.randint(0, 2)))
        text = shape.format(a=before, s=clause, b=after)
        found.append(prologue + fill(text, url))
    return found
