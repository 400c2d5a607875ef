"""Git's ignore answer is remembered across walks, and forgotten at once when anything deciding it changes.

Each test counts the ``git check-ignore`` runs through a logging ``git`` first on ``PATH``, and ages the tree's
files by a minute first, so that the answer of the first walk may be kept (an answer is not kept while a file
deciding it is fresh: :data:`kgraph.io.ignore_cache.RACY_SECONDS`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from file_trees import names, rdf_tree
from kgraph.io.load import rdf_files


@pytest.fixture
def repo(tmp_path) -> Path:
    top = tmp_path / "repo"
    top.mkdir()
    rdf_tree(top)
    return top


@pytest.fixture
def git_runs(tmp_path, monkeypatch):
    """The number of ``git check-ignore`` runs so far (a logging ``git`` is put first on ``PATH``)."""
    real = shutil.which("git")
    if real is None:
        pytest.skip("git is not installed")
    shims, log = tmp_path / "bin", tmp_path / "git-calls"
    shims.mkdir()
    shim = shims / "git"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shims}{os.pathsep}{os.environ['PATH']}")
    return lambda: log.read_text().count(" check-ignore ") if log.exists() else 0


def git(top: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(top), *args], check=True, capture_output=True)


def age(top: Path, seconds: int = 60) -> None:
    """Every file under ``top`` (``.git`` too) modified ``seconds`` ago."""
    then = time.time() - seconds
    for here, _, files in os.walk(top):
        for name in files:
            os.utime(os.path.join(here, name), (then, then))


@pytest.fixture
def walked(repo, git_runs) -> Path:
    """A git repository ignoring ``sub/``, aged and walked once: its answer remembered."""
    git(repo, "init", "-q")
    (repo / ".gitignore").write_text("sub/\n")
    git(repo, "add", ".gitignore")
    age(repo)
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt", "build/e.ttl"]
    assert git_runs() == 1
    return repo


def test_an_unchanged_tree_is_walked_again_without_git(walked, git_runs):
    assert names(rdf_files([walked]), walked) == ["a.ttl", "b.nt", "build/e.ttl"]
    assert git_runs() == 1
    assert names(rdf_files([walked / "sub", walked]), walked) == ["a.ttl", "b.nt", "build/e.ttl", "sub/c.ttl"]
    assert git_runs() == 2  # sub/ is a folder of its own: one walk, then remembered as well
    assert names(rdf_files([walked / "sub", walked]), walked) == ["a.ttl", "b.nt", "build/e.ttl", "sub/c.ttl"]
    assert git_runs() == 2


def test_an_edited_gitignore_is_seen_at_once(walked, git_runs):
    (walked / ".gitignore").write_text("*.nt\n")  # the same size
    assert names(rdf_files([walked]), walked) == ["a.ttl", "build/e.ttl", "sub/c.ttl"]
    assert git_runs() == 2


def test_an_edit_keeping_time_and_size_is_seen(walked):
    """``touch -r``, ``rsync --times`` or a tar extraction restore the time of a file: its change time still moves."""
    before = (walked / ".gitignore").stat()
    (walked / ".gitignore").write_text("*.nt\n")
    os.utime(walked / ".gitignore", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert names(rdf_files([walked]), walked) == ["a.ttl", "build/e.ttl", "sub/c.ttl"]


def test_a_new_file_is_seen_at_once(walked):
    (walked / "new").mkdir()
    (walked / "new" / "f.ttl").write_text("")
    (walked / "sub" / "g.ttl").write_text("")
    assert names(rdf_files([walked]), walked) == ["a.ttl", "b.nt", "build/e.ttl", "new/f.ttl"]
    (walked / "a.ttl").unlink()
    assert names(rdf_files([walked]), walked) == ["b.nt", "build/e.ttl", "new/f.ttl"]


def test_a_new_gitignore_in_a_subfolder_is_seen(walked):
    (walked / "build" / ".gitignore").write_text("e.ttl\n")
    assert names(rdf_files([walked]), walked) == ["a.ttl", "b.nt"]


def test_a_file_added_to_the_index_is_no_longer_ignored(walked):
    git(walked, "add", "-f", "sub/c.ttl")
    assert names(rdf_files([walked]), walked) == ["a.ttl", "b.nt", "build/e.ttl", "sub/c.ttl"]


def test_info_exclude_and_the_excludes_file_are_watched(repo, tmp_path, git_runs):
    git(repo, "init", "-q")
    excludes = tmp_path / "global-ignore"
    excludes.write_text("# nothing yet\n")
    git(repo, "config", "core.excludesFile", str(excludes))
    age(repo)
    age(tmp_path)
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt", "sub/c.ttl"]
    (repo / ".git" / "info" / "exclude").write_text("sub/\n")
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt"]
    age(repo)
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt"]
    excludes.write_text("*.nt\n")
    assert names(rdf_files([repo]), repo) == ["a.ttl"]


def test_a_repository_created_between_walks_is_seen(repo, git_runs):
    (repo / ".gitignore").write_text("build/\n")
    age(repo)
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt", "sub/c.ttl"]  # no repository: .gitignore alone
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt", "sub/c.ttl"]
    assert git_runs() == 1
    git(repo, "init", "-q")
    (repo / ".git" / "info" / "exclude").write_text("sub/\n")  # git reads it, the .gitignore rules do not
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt"]


def test_without_git_the_gitignore_alone_decides(repo, tmp_path, git_runs, monkeypatch):
    git(repo, "init", "-q")
    (repo / ".git" / "info" / "exclude").write_text("sub/\n")
    age(repo)
    with_git = os.environ["PATH"]
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt"]
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt", "sub/c.ttl"]
    monkeypatch.setenv("PATH", with_git)
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt"]


def test_a_repository_named_by_the_environment_is_asked_every_time(repo, git_runs, monkeypatch):
    git(repo, "init", "-q")
    (repo / ".gitignore").write_text("sub/\n")
    age(repo)
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo))
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt", "build/e.ttl"]
    assert names(rdf_files([repo]), repo) == ["a.ttl", "b.nt", "build/e.ttl"]
    assert git_runs() == 2


def test_a_named_folder_git_stops_ignoring_is_seen(repo, git_runs):
    git(repo, "init", "-q")
    age(repo)
    assert names(rdf_files([repo / "build"]), repo) == ["build/e.ttl"]  # git ignores build/: named, it is read
    assert names(rdf_files([repo / "build"]), repo) == ["build/e.ttl"]
    assert git_runs() == 1
    (repo / ".gitignore").write_text("e.ttl\n")
    assert names(rdf_files([repo / "build"]), repo) == []
