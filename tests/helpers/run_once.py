"""Work done once per test run, also when pytest-xdist runs the suite in several worker processes.

Every worker of one run sees the same run folder (``tmp_path_factory``'s base folder, or its parent under
xdist). A folder made there under an exclusive ``flock`` is made by the first worker that asks; the others
wait for it and then read it. The folder is marked complete only after its maker returned, so a maker that
failed leaves no half-made folder for the others: the next one to ask makes it again (and fails the same
way, in its own tests).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

COMPLETE = ".complete"


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder shared by every worker process of this test run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the lock file ``path`` (made if missing) while the block runs; other processes wait for it."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The run's folder ``name``, filled by ``make(folder)`` in the first process that asks for it."""
    root = run_folder(tmp_path_factory)
    folder = root / name
    with exclusive(root / f"{name}.lock"):
        if not (folder / COMPLETE).is_file():
            folder.mkdir(exist_ok=True)
            make(folder)
            (folder / COMPLETE).touch()
    return folder
