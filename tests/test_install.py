"""What an installed package relies on: where its files are found, and outputs written with the umask's mode.

The wheel itself (built, installed into a fresh venv, validate / publish / serve) is checked by
``.ci/wheel-smoke``: building it needs setuptools from the package index, and tests use no network.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kgraph import config
from kgraph.io.atomic import atomic_write, temporary_folder


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_writes_take_the_umask_mode(tmp_path, umask_027):
    target = tmp_path / "out" / "graph.nq"
    atomic_write(target, b"<a> <b> <c> .\n")
    assert mode(target) == 0o640, oct(mode(target))  # what open() would give, not mkstemp's 0600
    assert target.read_bytes() == b"<a> <b> <c> .\n"
    assert [p.name for p in target.parent.iterdir()] == ["graph.nq"], "no temporary file is left"


def test_temporary_folders_take_the_umask_mode(tmp_path, umask_027):
    folder = temporary_folder(tmp_path / "package", "new")
    assert folder.parent == tmp_path and folder.name.startswith(".package.new.")
    assert mode(folder) == 0o750, oct(mode(folder))  # what mkdir would give, not mkdtemp's 0700


def repository(folder: Path) -> Path:
    for name in ("ontology", "shapes", "queries", "data"):
        (folder / name).mkdir(parents=True)
    return folder


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The package as installed: no repository around it, the bundled files next to it."""
    monkeypatch.delenv("KGRAPH_ROOT", raising=False)
    monkeypatch.delenv("KGRAPH_BUILD_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(config, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setattr(config, "PACKAGE_DATA", repository(tmp_path / "site-packages" / "kgraph" / "_data"))
    return tmp_path


def test_an_installed_package_uses_its_bundled_files_and_builds_in_the_cache(installed):
    layout = config.Layout()
    assert layout.root == config.PACKAGE_DATA
    assert layout.shapes == config.PACKAGE_DATA / "shapes"
    assert layout.build == installed / "cache" / "kgraph" / "build", "never into site-packages"


def test_a_checkout_uses_its_own_files(installed, monkeypatch):
    checkout = repository(installed / "checkout")
    monkeypatch.setattr(config, "CHECKOUT", checkout)
    assert config.Layout().root == checkout and config.Layout().build == checkout / "build"


def test_kgraph_root_and_build_dir_override(installed, monkeypatch):
    other = repository(installed / "theirs")
    monkeypatch.setenv("KGRAPH_ROOT", str(other))
    monkeypatch.setenv("KGRAPH_BUILD_DIR", str(installed / "b"))
    assert config.Layout().root == other.resolve() and config.Layout().build == installed / "b"
