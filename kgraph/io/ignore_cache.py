"""Git's ignore answers remembered for as long as nothing that decides them changes.

``kgraph validate`` walks ``shapes/`` and ``ontology/`` on every call, and the test suite validates hundreds of
times; asking ``git check-ignore`` each time was a fifth of a fast validation. An answer is kept under the walked
folder, the files found there, the git on ``PATH`` and git's environment, together with the state of every file
that decides it: the ``.gitignore`` and ``.git`` of every folder from the files up to ``/`` (so a new
``.gitignore``, a new repository or a removed one is seen), the repository's index (a tracked file is never
ignored), ``info/exclude``, the configuration files git read (``git config --list --show-origin``), the default
ones even while they do not exist, and the ``core.excludesFile``. A file is compared by modification and change
time (nanoseconds), size and inode; a new or removed file changes the list of files found, hence the key.

An answer is not kept while one of those files was modified less than :data:`RACY_SECONDS` before git was asked
(an edit in the same tick of a coarse file system clock would leave the same time and perhaps the same size: git's
"racy" rule), nor when git's repository is named by the environment (``GIT_DIR`` and kin), which these files
would not describe.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

#: How recently a deciding file may have been modified for an answer to be kept (FAT's clock ticks 2 s).
RACY_SECONDS = 2.0

#: Environment variables naming git's repository, index or configuration in a way the watched files miss.
UNWATCHED_ENVIRONMENT = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR")

#: How many answers are kept (the least recently used goes first).
CAPACITY = 64

Signature = tuple[object, ...] | None


@dataclass(frozen=True)
class GitAnswer:
    """The full paths git ignores (``None``: git does not decide here), and the settings git read for it
    as (origin, key, value) (``None``: unknown, or git did not answer, so the answer is not kept)."""

    ignored: frozenset[str] | None
    settings: list[tuple[str, str, str]] | None = None


@dataclass(frozen=True)
class _Entry:
    watched: tuple[str, ...]
    signatures: tuple[Signature, ...]
    ignored: frozenset[str] | None


_entries: OrderedDict[tuple, _Entry] = OrderedDict()
_lock = threading.Lock()


def clear() -> None:
    """Forget every answer (benchmarks measure the walk without them)."""
    with _lock:
        _entries.clear()


def remembered(
    top: str,
    paths: tuple[str, ...],
    git: str | None,
    ask: Callable[[str | None, str, tuple[str, ...]], GitAnswer],
) -> frozenset[str] | None:
    """Which of ``paths`` (resolved, under the resolved folder ``top``) git ignores, from memory when nothing
    deciding it changed, else ``ask(git, top, paths)``."""
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("GIT_") or k in _HOMES))
    keep = not any(name in os.environ for name in UNWATCHED_ENVIRONMENT)
    key = (top, paths, git, environment)
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
    if entry is not None and tuple(map(_signature, entry.watched)) == entry.signatures:
        return entry.ignored
    asked_at = time.time_ns()
    root = _repository_root(top)
    before = _always_watched(top, paths, root)
    signatures_before = tuple(map(_signature, before))
    answer = ask(git, top, paths)
    if not keep or answer.settings is None:
        return answer.ignored
    extra = tuple(p for p in _settings_watched(root or top, answer.settings) if p not in before)
    watched = before + extra
    signatures = signatures_before + tuple(map(_signature, extra))
    if any(_recent(s, asked_at) for s in signatures):
        return answer.ignored
    with _lock:
        _entries[key] = _Entry(watched, signatures, answer.ignored)
        _entries.move_to_end(key)
        while len(_entries) > CAPACITY:
            _entries.popitem(last=False)
    return answer.ignored


_HOMES = ("HOME", "XDG_CONFIG_HOME")


def _signature(path: str) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if stat.S_ISDIR(st.st_mode):
        return ("folder", st.st_dev, st.st_ino)
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_dev, st.st_ino)


def _recent(signature: Signature, asked_at: int) -> bool:
    if signature is None or signature[0] == "folder":
        return False
    modified = signature[0]
    return isinstance(modified, int) and modified >= asked_at - int(RACY_SECONDS * 1e9)


def _always_watched(top: str, paths: tuple[str, ...], root: str | None) -> tuple[str, ...]:
    """The ``.gitignore`` and ``.git`` of every folder from ``top`` and the files up to ``/``, the repository's
    index, exclude and configuration files, and the user's and system's configuration and ignore files."""
    folders: set[str] = set()
    for start in (top, *(os.path.dirname(p) for p in paths)):
        folder = start
        while folder not in folders:
            folders.add(folder)
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    watched = [os.path.join(f, name) for f in sorted(folders) for name in (".gitignore", ".git")]
    if root is not None:
        watched += _repository_files(root)
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    watched += [
        os.environ.get("GIT_CONFIG_GLOBAL") or os.path.join(os.path.expanduser("~"), ".gitconfig"),
        os.path.join(config_home, "git", "config"),
        os.path.join(config_home, "git", "ignore"),
        os.environ.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig",
    ]
    return tuple(dict.fromkeys(watched))


def _repository_root(top: str) -> str | None:
    """The nearest folder at or above ``top`` holding a ``.git`` (where git finds the repository)."""
    folder = top
    while not os.path.lexists(os.path.join(folder, ".git")):
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return folder


def _repository_files(folder: str) -> list[str]:
    """The index, ``info/exclude`` and configuration of the repository whose work tree is ``folder``."""
    git_dir = os.path.join(folder, ".git")
    if not os.path.isdir(git_dir):  # a linked work tree or a submodule: "gitdir: <path>"
        try:
            with open(git_dir, encoding="utf-8") as pointer:
                git_dir = os.path.join(folder, pointer.read().strip().removeprefix("gitdir:").strip())
        except (OSError, UnicodeDecodeError):
            return []
    common = git_dir
    try:
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8") as pointer:
            common = os.path.join(git_dir, pointer.read().strip())
    except (OSError, UnicodeDecodeError):
        pass
    return [
        os.path.join(git_dir, "index"),
        os.path.join(git_dir, "commondir"),
        os.path.join(git_dir, "config.worktree"),
        os.path.join(common, "config"),
        os.path.join(common, "info", "exclude"),
    ]


def _settings_watched(root: str, settings: list[tuple[str, str, str]]) -> list[str]:
    """The configuration files git read (relative ones are relative to the work tree) and its excludes file."""
    files = [os.path.join(root, origin[len("file:") :]) for origin, _, _ in settings if origin.startswith("file:")]
    excludes = [value for _, key, value in settings if key == "core.excludesfile"]
    if excludes:
        files.append(os.path.join(root, os.path.expanduser(excludes[-1])))
    return files
