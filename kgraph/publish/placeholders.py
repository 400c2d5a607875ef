"""Placeholders in a package's settings: the places a portal would follow that nobody has set.

A download base or an endpoint is a placeholder when it is the built-in default (``<base IRI>data/``,
``<base IRI>sparql``: the persistent IRIs, which serve the package only once redirects to a real server
exist) or when its host is one reserved for examples and tests (RFC 2606, RFC 6761: ``example.org``,
``*.example``, ``*.test``, ``*.invalid``, ``localhost``); the contact e-mail when it is missing or at such a
host. ``kgraph publish`` warns with one line for each and, under ``--strict``, writes nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .catalogue import Settings

_RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def reserved_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return (
        host in ("localhost", *_RESERVED_DOMAINS)
        or host.endswith(tuple("." + d for d in _RESERVED_DOMAINS))
        or host.endswith(_RESERVED_SUFFIXES)
    )


def placeholders(settings: Settings) -> list[str]:
    """One line for each placeholder in ``settings``, saying which option sets it."""
    defaults = Settings()
    found = []
    for what, value, default, option in (
        ("download base", settings.download_base, defaults.download_base, "--download-base URL"),
        ("SPARQL endpoint", settings.endpoint, defaults.endpoint, "--endpoint URL"),
    ):
        if value == default:
            found.append(f"the {what} is the placeholder default {value}; set it with {option}")
        elif reserved_host(urlsplit(value).hostname or ""):
            found.append(f"the {what} {value} is at a host reserved for examples; set it with {option}")
    email = settings.contact_email
    if not email:
        found.append("the catalogue has no contact e-mail; set it with --contact-email ADDRESS")
    elif reserved_host(email.rpartition("@")[2]):
        found.append(f"the contact e-mail {email} is at a domain reserved for examples; set it with --contact-email")
    return found
