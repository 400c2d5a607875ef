"""A small HTTP client (standard library only) for talking to an external triple store.

:func:`send` makes one request and retries it, a bounded number of times with
exponential backoff, when the connection fails or the server answers 5xx.
Bodies may be bytes or a file path (re-read on each attempt, never held in
memory). Credentials, when given, are offered for HTTP Basic and Digest
authentication (Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``).
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import IO

from ..errors import HttpError, HttpTimeout

USER_AGENT = "kgraph (+https://w3id.org/kaupunkipolitiikka/)"


@dataclass
class Response:
    status: int
    headers: Mapping[str, str] | Message  # an answer's headers, looked up case-insensitively
    body: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _Everywhere(urllib.request.HTTPPasswordMgr):
    """The one user and password, offered to the store for any realm (the store is the only server asked)."""

    def __init__(self, user: str, password: str):
        super().__init__()
        self.credentials = (user, password)

    def find_user_password(self, realm, authuri):
        return self.credentials


@dataclass
class Client:
    """Requests with retries; ``on_retry(attempt, delay, reason)`` is told before each wait."""

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    timeout: float = 300.0
    user: str | None = None
    password: str | None = None
    on_retry: Callable[[int, float, str], None] | None = None
    sleep: Callable[[float], None] = time.sleep
    _opener: urllib.request.OpenerDirector | None = field(default=None, init=False, repr=False)

    def opener(self) -> urllib.request.OpenerDirector:
        if self._opener is None:
            handlers: list = []
            if self.user is not None:
                passwords = _Everywhere(self.user, self.password or "")
                handlers += [
                    urllib.request.HTTPDigestAuthHandler(passwords),
                    urllib.request.HTTPBasicAuthHandler(passwords),
                ]
            self._opener = urllib.request.build_opener(*handlers)
        return self._opener

    def send(
        self,
        method: str,
        url: str,
        *,
        body: bytes | Path | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | list | None = None,
        timeout: float | None = None,
        retry: bool = True,
    ) -> Response:
        """One request; retried on connection errors and 5xx answers unless ``retry`` is False."""
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        attempts = 1 + (self.retries if retry else 0)
        for attempt in range(1, attempts + 1):
            try:
                response = self._once(method, url, body, headers or {}, timeout or self.timeout)
            except HttpTimeout:
                raise
            except HttpError as err:
                if attempt == attempts:
                    raise
                reason = str(err)
            else:
                if response.status < 500 or attempt == attempts:
                    return response
                reason = f"HTTP {response.status}: {response.text()[:200].strip()}"
            delay = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
            if self.on_retry is not None:
                self.on_retry(attempt, delay, reason)
            self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, url: str, body, headers: Mapping[str, str], timeout: float) -> Response:
        head = {"User-Agent": USER_AGENT, **headers}
        stream = None
        data: bytes | IO[bytes]
        if isinstance(body, Path) and self.user is not None:
            # the challenge-response of Digest sends the body twice; a streamed body cannot be replayed
            data = body.read_bytes()
        elif isinstance(body, Path):
            stream = body.open("rb")
            head["Content-Length"] = str(body.stat().st_size)
            data = stream
        else:
            data = body
        request = urllib.request.Request(url, data=data, headers=head, method=method)
        try:
            with self.opener().open(request, timeout=timeout) as answer:
                return Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as err:
            return Response(err.code, err.headers, err.read())
        except (TimeoutError, socket.timeout) as err:
            raise HttpTimeout(f"{method} {url}: no answer within {timeout:g} s") from err
        except urllib.error.URLError as err:
            if isinstance(err.reason, (TimeoutError, socket.timeout)):
                raise HttpTimeout(f"{method} {url}: no answer within {timeout:g} s") from err
            raise HttpError(f"{method} {url}: {err.reason}") from err
        except ValueError as err:  # e.g. urllib's refusal of an authentication scheme
            raise HttpError(f"{method} {url}: {err}") from err
        except (ConnectionError, http.client.HTTPException, OSError) as err:
            raise HttpError(f"{method} {url}: {err}") from err
        finally:
            if stream is not None:
                stream.close()


def check(response: Response, what: str) -> Response:
    """``response`` if it is a success, else :class:`HttpError` naming ``what`` and the server's message."""
    if 200 <= response.status < 300:
        return response
    message = response.text().strip()[:500]
    raise HttpError(f"{what}: HTTP {response.status}: {message}", response.status, message)
