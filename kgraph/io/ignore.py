"""Which files a folder walk passes over: hidden folders and what git ignores.

``kgraph validate .`` in a contributor's repository must read the RDF files the repository holds, not its
build output, virtual environments or editor folders. In a git work tree git itself decides
(``git check-ignore``); outside one, the ``.gitignore`` of the walked folder is read with the simple rules
most files use (a name or glob, ``/`` anchoring it to the folder, a trailing ``/`` for folders, ``!`` to
take a pattern back).

Git's answer is remembered (:mod:`kgraph.io.ignore_cache`): a walk of an unchanged tree runs no git.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from .ignore_cache import GitAnswer, remembered


def hidden(name: str) -> bool:
    """A hidden folder (``.git``, ``.venv``, ``.cache``): never walked."""
    return name.startswith(".") and name not in (".", "..")


def _git_ignored(folder: Path, candidates: list[Path]) -> set[Path] | None:
    """The ``candidates`` git ignores, or ``None`` when ``folder`` is not in a git work tree (or git is absent)."""
    resolved = {p: str(p.resolve()) for p in candidates}
    names = remembered(str(folder.resolve()), tuple(sorted(set(resolved.values()))), shutil.which("git"), _ask_git)
    if names is None:
        return None
    return {p for p, name in resolved.items() if name in names}


def _ask_git(git: str | None, top: str, paths: tuple[str, ...]) -> GitAnswer:
    """What ``git check-ignore`` says of ``paths`` under the folder ``top``, and the configuration files git read."""
    if git is None:
        return GitAnswer(None, [])
    listing = "\0".join((top, *paths)) + "\0"
    try:
        answer = subprocess.run(
            [git, "-C", top, "check-ignore", "-z", "--stdin"],
            input=listing,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return GitAnswer(None)  # git did not answer this time: nothing to remember
    if answer.returncode not in (0, 1):  # 1: nothing ignored; 128: not in a work tree
        return GitAnswer(None, [])
    names = {name for name in answer.stdout.split("\0") if name}
    if top in names:  # a folder named though git ignores it (build/synth): only its own .gitignore counts
        return GitAnswer(None, _configuration(git, top))
    return GitAnswer(frozenset(names), _configuration(git, top))


def _configuration(git: str, top: str) -> list[tuple[str, str, str]] | None:
    """(origin, key, value) of every setting git reads in ``top``; ``None`` if git cannot list them."""
    try:
        listing = subprocess.run(
            [git, "-C", top, "config", "--list", "--show-origin", "-z"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if listing.returncode != 0:
        return None
    fields = listing.stdout.split("\0")
    settings = []
    for origin, entry in zip(fields[0::2], fields[1::2], strict=False):
        key, _, value = entry.partition("\n")
        settings.append((origin, key.lower(), value))
    return settings


def _patterns(folder: Path) -> list[tuple[bool, bool, bool, str]]:
    """(negated, folders only, anchored, glob) for each rule of ``folder/.gitignore``."""
    try:
        lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    rules = []
    for line in lines:
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = line[1:] if negated else line
        only_folders = line.endswith("/")
        line = line.rstrip("/")
        anchored = "/" in line
        rules.append((negated, only_folders, anchored, line.lstrip("/")))
    return rules


def _gitignore_ignored(folder: Path, candidates: list[Path]) -> set[Path]:
    rules = _patterns(folder)
    if not rules:
        return set()
    top = folder.resolve()
    ignored = set()
    for path in candidates:
        parts = path.resolve().relative_to(top).parts
        verdict = False
        for negated, only_folders, anchored, glob in rules:
            for depth in range(len(parts)):
                is_folder = depth < len(parts) - 1
                if only_folders and not is_folder:
                    continue
                here = "/".join(parts[: depth + 1])
                if fnmatch.fnmatchcase(here if anchored else parts[depth], glob):
                    verdict = not negated
                    break
        if verdict:
            ignored.add(path)
    return ignored


def ignored_filter(folder: Path) -> Callable[[list[Path]], list[Path]]:
    """A function keeping, of files found under ``folder``, those neither git nor ``.gitignore`` ignores."""

    def keep(files: list[Path]) -> list[Path]:
        if not files:
            return []
        ignored = _git_ignored(folder, files)
        if ignored is None:
            ignored = _gitignore_ignored(folder, files)
        return [f for f in files if f not in ignored]

    return keep
