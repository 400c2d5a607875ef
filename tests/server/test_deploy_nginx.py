"""``deploy/nginx/kgraph.conf`` with Debian's ``nginx`` in front of a real ``kgraph serve`` on loopback: queries
go through, slow-body clients are absorbed by nginx, the data package is served from its folder with ETags."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator

import pytest
import requests
from client_probes import drip, slow_clients, slowest_cheap_request
from deploy_fixtures import NGINX, nginx_running, site_config
from endpoint_fixtures import free_port
from serve_fixtures import kgraph_serve

#: The backend's body deadline; nginx's own (``client_body_timeout``, between two reads) is 10 s.
BACKEND_BODY_TIMEOUT = 1

pytestmark = [
    pytest.mark.large,
    pytest.mark.skipif(NGINX is None, reason="needs Debian's nginx (apt-get install nginx-light; .ci/run installs it)"),
]


@pytest.fixture(scope="module")
def nginx(build_dir, package, tmp_path_factory) -> Iterator[str]:
    """The base URL of nginx, configured by the shipped file, in front of ``kgraph serve``."""
    prefix = tmp_path_factory.mktemp("nginx")
    # a slow body reaching kgraph serve would get its 408 after 1 s: the slow-body test sees that none does
    options = ("--workers", "2", "--threads", "2", "--body-timeout", str(BACKEND_BODY_TIMEOUT))
    with kgraph_serve(build_dir, *options) as (backend, _process, _took):
        port = free_port()
        site = site_config(
            "nginx/kgraph.conf",
            {
                "server 127.0.0.1:5000;": f"server 127.0.0.1:{backend.rsplit(':', 1)[1]};",
                "listen 80;": f"listen 127.0.0.1:{port};",
                "alias /srv/kgraph/data/;": f"alias {package}/;",
            },
        )
        with nginx_running(prefix, site, port):
            yield f"http://127.0.0.1:{port}"


def test_queries_go_through_nginx_compressed(nginx, store):
    r = requests.get(
        nginx + "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
        timeout=20,
    )
    assert r.status_code == 200 and int(r.text.split()[1]) == len(store)
    posted = requests.post(
        nginx + "/sparql",
        data={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=20,
    )
    assert posted.status_code == 200 and posted.json()["boolean"] is True
    rows = requests.get(
        nginx + "/sparql",
        params={"query": "SELECT * { ?s ?p ?o } LIMIT 500"},
        headers={"Accept": "application/sparql-results+json", "Accept-Encoding": "gzip"},
        timeout=20,
    )
    assert rows.status_code == 200 and rows.headers["Content-Encoding"] == "gzip"
    assert len(rows.json()["results"]["bindings"]) == 500
    assert requests.get(nginx + "/health", timeout=20).json()["status"] == "ok"
    refused = requests.post(
        nginx + "/sparql",
        data=b"x" * (2 * 1024 * 1024),
        timeout=20,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert refused.status_code == 413


def test_slow_bodies_are_absorbed_by_nginx(nginx):
    port = int(nginx.rsplit(":", 1)[1])
    bodies, headers = slow_clients(port)
    stop = threading.Event()
    threading.Thread(target=drip, args=(bodies + headers, stop), daemon=True).start()
    try:
        slowest = slowest_cheap_request(nginx, 4.0)
        assert slowest < 1.0, f"a cheap request through nginx took {slowest:.2f} s next to the slow clients"
        for conn in bodies:  # still being read by nginx: kgraph serve (1 s deadline) never saw them
            conn.settimeout(0.2)
            with pytest.raises(TimeoutError):
                conn.recv(1)
    finally:
        stop.set()
        for conn in bodies + headers:
            conn.close()


def test_the_data_package_is_served_with_etags(nginx, package):
    manifest = requests.get(nginx + "/data/package.json", timeout=20)
    assert manifest.status_code == 200 and manifest.json() == json.loads((package / "package.json").read_text())
    etag = manifest.headers["ETag"]
    assert manifest.headers["Cache-Control"] == "public, no-cache"
    again = requests.get(nginx + "/data/package.json", headers={"If-None-Match": etag}, timeout=20)
    assert again.status_code == 304 and again.content == b""
    page = requests.get(nginx + "/data/site/index.html", timeout=20)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert page.content == (package / "site" / "index.html").read_bytes()
    dump = next(iter(sorted((package / "dumps").glob("*.ttl"))))
    turtle = requests.get(
        f"{nginx}/data/dumps/{dump.name}", headers={"Accept-Encoding": "gzip"}, timeout=20, stream=True
    )
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    if dump.with_name(dump.name + ".gz").exists():  # the published .gz is sent as it is
        assert turtle.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(turtle.raw.read()) == dump.read_bytes()
