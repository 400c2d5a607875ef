"""``--public-url``: the one origin the endpoint names itself by, whatever Host a request carries.

Without it the endpoint names itself after each request (its ``Host`` header), as a server on a developer's
machine should. Behind a reverse proxy, or wherever clients can forge ``Host``, the public URL is given once:
:class:`PublicOrigin` then writes its scheme and host into every request's WSGI environ before anything
reads them, so the service description (``sd:endpoint``), the VoID description, redirects and the base IRI of
queries (their relative IRIs) all use it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kgraph.errors import KgraphError


def parse_public_url(url: str) -> tuple[str, str]:
    """(scheme, host[:port]) of ``url``, an origin (``https://sparql.example.org``, a final ``/`` allowed);
    :class:`KgraphError` otherwise. A path is refused: the pages link to root paths, so the endpoint cannot
    be served under a prefix."""
    parts = urlsplit(url.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username is not None
        or parts.password is not None
    ):
        raise KgraphError(f"--public-url must be an http(s) URL with a host and no query, fragment or user: {url!r}")
    if parts.path not in ("", "/"):
        raise KgraphError(f"--public-url must be an origin such as https://sparql.example.org, without a path: {url!r}")
    try:
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise KgraphError(f"--public-url has an invalid port: {url!r}") from None
    return parts.scheme, parts.netloc.lower()


class PublicOrigin:
    """WSGI middleware: every request is seen as addressed to ``public_url``."""

    def __init__(self, app, public_url: str):
        self.app = app
        self.scheme, self.host = parse_public_url(public_url)
        name, _, port = self.host.rpartition(":") if self.host.rsplit(":", 1)[-1].isdigit() else (self.host, "", "")
        self.server_name = name or self.host
        self.server_port = port or ("443" if self.scheme == "https" else "80")

    def __call__(self, environ: dict, start_response):
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"], environ["SERVER_PORT"] = self.server_name, self.server_port
        environ["wsgi.url_scheme"] = self.scheme
        return self.app(environ, start_response)
