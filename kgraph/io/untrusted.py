"""Reading files anyone may have written: nothing fetched, nothing expanded, nothing read but regular files.

``kgraph validate`` runs on contributors' files (a pre-commit hook, CI on a pull request), so reading one must
not reach the network, blow up, hang or read outside the tree it was given:

* a folder is walked without following symbolic links to folders; a link to a file is read only when the
  file is inside the folder, a link that leads out of it is an error (the target is never opened), and a
  link to nothing is passed over;
* only regular files are read: a named pipe, socket or device is refused (opened without blocking, then
  checked), never waited on;
* JSON-LD: a ``@context`` given by reference (a URL or a file name) or an ``@import`` is refused before the
  parser sees the document, which would fetch it;
* RDF/XML: a document type declaration (where entities, the billion-laughs expansion and external entities
  are declared) is refused before the parser sees the document.

Each refusal is an :class:`~kgraph.errors.InputError`: one line naming the file.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

from ..errors import InputError


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def tree_files(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files under ``folder`` with one of ``suffixes``, sorted, hidden folders (``.git``, ``.venv``) not
    walked; :class:`InputError` for one that is not a regular file or is a symbolic link leading out of
    ``folder``."""
    suffixes = set(suffixes)
    top = folder.resolve()
    found = []
    for here, folders, names in os.walk(folder, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in names:
            path = Path(here) / name
            if path.suffix not in suffixes:
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                target = path.resolve()
                if not target.exists():
                    continue  # a link to nothing holds no file (an editor's lock file, say), as before
                if not target.is_relative_to(top):
                    raise InputError(str(path), f"a symbolic link out of {folder}: not followed")
                mode = target.stat().st_mode
            if not stat.S_ISREG(mode):
                raise InputError(str(path), f"{_kind(mode)}, not a regular file: not read")
            found.append(path)
    return sorted(found)


def check_regular(path: Path) -> None:
    """:class:`InputError` unless ``path`` (a link followed) is a regular file."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise InputError(str(path), f"{_kind(mode)}, not a regular file: not read")


def read_regular(path: Path, shown: str) -> bytes:
    """The bytes of ``path``, a regular file; a pipe or device is refused at once (it is opened without waiting)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise InputError(shown, f"cannot read: {err.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(shown, f"{_kind(mode)}, not a regular file: not read")
        return handle.read()


def _contexts(node) -> Iterable:
    """Every ``@context`` value and ``@import`` of a JSON-LD document, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                yield from (value if isinstance(value, list) else [value])
            elif key == "@import":
                yield value
            yield from _contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _contexts(item)


def refuse_remote_contexts(text: str, shown: str) -> None:
    """:class:`InputError` when a JSON-LD document names a context to be loaded (a URL, a file, ``@import``)."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return  # not JSON: the parser reports it, and fetches nothing
    for context in _contexts(document):
        if isinstance(context, str):
            raise InputError(
                shown,
                f"JSON-LD @context {context!r} would be fetched: remote contexts are never "
                "loaded (put the context in the document)",
            )


class _Prolog(Exception):
    pass


def refuse_doctype(data: bytes, shown: str) -> None:
    """:class:`InputError` when an XML document has a document type declaration (where entities are declared).

    Read by expat up to the first element (a DOCTYPE can only come before it), so nothing is expanded.
    """
    parser = expat.ParserCreate()

    def doctype(*_args):
        raise InputError(
            shown,
            "an XML document type declaration (DTD, entities): never expanded, not read",
            line=parser.CurrentLineNumber,
            column=parser.CurrentColumnNumber + 1,
        )

    def element(*_args):
        raise _Prolog

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        parser.Parse(data, True)
    except (_Prolog, expat.ExpatError):
        return  # the prolog holds no DTD (or the document is broken: the parser says where)
