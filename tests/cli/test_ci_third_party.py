"""The GitHub action and the pre-commit hook as a user runs them, in a throwaway third-party repository.

The repository holds a valid file, an invalid one (a source given as a literal, line 7), an unrelated
``sitemap.xml`` and a ``pom.xml``. The action's shell steps run exactly as ``action.yml`` writes them (the
``${{ … }}`` expressions filled in as the runner does, with ``GITHUB_ACTION_PATH``, ``GITHUB_OUTPUT`` …
set), after its install step put kgraph into a virtual environment; the real ``pre-commit`` installs the
hook from a local clone of this repository. No network: pip finds every distribution in a wheelhouse made
from those installed here (:mod:`wheelhouse`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

import wheelhouse
from tests.validation.test_validate_hook import THEIRS as INVALID  # a person whose source is a literal (line 7)
from validate_fixtures import EXAMPLES, ROOT, kgraph

POM = '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>\n'
SITEMAP = (
    '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>https://example.org/</loc></url></urlset>\n"
)
#: The invalid file's violations, read off it: the person (line 5) holds no mandate and wrote nothing (the
#: check person-without-role), and its source (line 7) is a literal, not a kp:SourceDocument (PersonShape).
EXPECTED = [("data/people.ttl", 5, "check%3Aperson-without-role"), ("data/people.ttl", 7, "kps%3APersonShape")]
ANNOTATION = re.compile(r"::error file=(?P<file>[^,]+),line=(?P<line>\d+),(?:col=\d+,)?title=(?P<title>[^ :]+)")


def _git(*args: str, cwd: Path) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _third_party_repo(folder: Path, *, invalid: bool = True) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "body.ttl").write_text((EXAMPLES / "body.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    if invalid:
        (folder / "data" / "people.ttl").write_text(INVALID, encoding="utf-8")
    (folder / "pom.xml").write_text(POM, encoding="utf-8")
    (folder / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    _git("init", "-q", "-b", "main", cwd=folder)
    _git("add", ".", cwd=folder)
    _git("commit", "-q", "-m", "their data", cwd=folder)
    return folder


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A local clone of this repository (its tracked files as they are in the work tree), committed."""
    target = tmp_path_factory.mktemp("kgraph-clone")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git("init", "-q", "-b", "main", cwd=target)
    _git("add", ".", cwd=target)
    _git("commit", "-q", "-m", "kgraph", cwd=target)
    return target


@pytest.fixture(scope="module")
def offline_pip(tmp_path_factory) -> dict[str, str]:
    """The environment that makes pip (and virtualenv) install from local wheels only."""
    folder = wheelhouse.build(tmp_path_factory.mktemp("wheelhouse"), ROOT / "pyproject.toml")
    return {
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(folder),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",  # pre-commit's virtualenv seeds pip from the wheels it embeds
    }


def _clean_env(extra: dict[str, str], path: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("KGRAPH_", "PYTHON", "VIRTUAL_ENV", "PIP_"))}
    return {**keep, "PATH": path, **extra}


# ------------------------------------------------------------------ the GitHub action


def _expand(text: str, values: dict[str, str]) -> str:
    """The ``${{ name }}`` expressions of a workflow file, as the runner fills them in."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: values[m.group(1)], text)


def _run_action(
    repo: Path,
    action_path: Path,
    inputs: dict[str, str],
    env: dict[str, str],
    runner: Path,
    steps: tuple[str, ...] | None = None,
):
    """Every ``run:`` step of action.yml in order, or the ``steps`` of those names (a ``uses:`` step is the
    runner's: Python is on PATH)."""
    action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))
    given = {name: inputs.get(name, spec.get("default", "")) for name, spec in action["inputs"].items()}
    values = {f"inputs.{k}": v for k, v in given.items()}
    values |= {"github.action_path": str(action_path), "runner.temp": str(runner / "temp")}
    (runner / "temp").mkdir(parents=True, exist_ok=True)
    output = runner / "github_output"
    output.touch()
    base = {
        **env,
        "GITHUB_ACTION_PATH": str(action_path),
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_ENV": str(runner / "github_env"),
        "GITHUB_STEP_SUMMARY": str(runner / "summary"),
        "RUNNER_TEMP": str(runner / "temp"),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
    }
    results = []
    for step in action["runs"]["steps"]:
        if "run" not in step:
            assert step["uses"].startswith("actions/setup-python@"), step
            continue
        if steps is not None and step["name"] not in steps:
            continue
        assert step["shell"] == "bash"
        step_env = {**base, **{k: _expand(str(v), values) for k, v in (step.get("env") or {}).items()}}
        script = _expand(step["run"], values)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=repo,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        results.append(done)
        if done.returncode != 0:
            break
    return results


#: The step after the install: a job installs the action once, the tests below then run only this step.
VALIDATE = ("Validate",)


@pytest.fixture(scope="module")
def action_env(tmp_path_factory, clone, offline_pip) -> dict[str, str]:
    """A runner's environment: a fresh virtual environment's ``python`` first on PATH, into which the action's
    install step has installed kgraph from the clone, as the first step of a job does. The environment sees
    none of this machine's distributions (this checkout is installed here in editable mode, and its finder
    would answer ``import kgraph`` before the runner's copy): the install step brings every dependency."""
    venv = tmp_path_factory.mktemp("runner-python") / "venv"
    # virtualenv (pre-commit's) seeds pip from its own wheels, much faster than venv's ensurepip
    subprocess.run([sys.executable, "-m", "virtualenv", "-q", str(venv)], check=True, env=_clean_env(offline_pip, ""))
    env = _clean_env(offline_pip, f"{venv / 'bin'}:/usr/bin:/bin")
    workspace = tmp_path_factory.mktemp("workspace")
    (install,) = _run_action(workspace, clone, {}, env, workspace / "runner", steps=("Install kgraph",))
    assert install.returncode == 0, install.stdout + install.stderr
    return env


def test_the_action_installs_kgraph_from_its_own_checkout(action_env, clone, tmp_path):
    done = subprocess.run(
        ["python", "-c", "import kgraph, sys; print(kgraph.__file__)"],
        cwd=tmp_path,  # not this checkout: ``python -c`` imports from the current folder first
        env=action_env,
        capture_output=True,
        text=True,
        check=True,
    )
    installed = Path(done.stdout.strip())
    assert clone not in installed.parents and ROOT not in installed.parents, installed  # a copy, not the sources
    assert "site-packages" in installed.parts


def test_the_action_reports_the_invalid_file_as_an_annotation_and_in_junit(tmp_path, clone, action_env):
    repo = _third_party_repo(tmp_path / "theirs")
    (validate,) = _run_action(repo, clone, {"junit": "kgraph-junit.xml"}, action_env, tmp_path / "runner", VALIDATE)
    assert validate.returncode == 1, validate.stdout + validate.stderr
    assert "Traceback" not in validate.stderr and "syntax error" not in validate.stdout + validate.stderr
    errors = [line for line in validate.stdout.splitlines() if line.startswith("::")]
    found = [(m["file"], int(m["line"]), m["title"]) for m in map(ANNOTATION.match, errors) if m]
    assert len(found) == len(errors) and sorted(found) == EXPECTED, validate.stdout
    assert "pom.xml" not in validate.stdout + validate.stderr and "sitemap" not in validate.stdout
    junit = ET.fromstring((repo / "kgraph-junit.xml").read_text(encoding="utf-8"))
    failures = junit.findall(".//failure")
    report = ET.tostring(junit, encoding="unicode")
    assert len(failures) == 2 and "data/people.ttl:5" in report and "data/people.ttl:7" in report, report


def test_the_action_passes_a_conforming_repository_with_junit_on(tmp_path, clone, action_env):
    repo = _third_party_repo(tmp_path / "theirs", invalid=False)
    steps = _run_action(repo, clone, {"junit": "kgraph-junit.xml"}, action_env, tmp_path / "runner", VALIDATE)
    assert [s.returncode for s in steps] == [0], steps[-1].stdout + steps[-1].stderr
    junit = ET.fromstring((repo / "kgraph-junit.xml").read_text(encoding="utf-8"))
    assert junit.findall(".//failure") == [] and junit.findall(".//testcase")
    # run again: the report of the first run (an .xml in the repository) is not read as data
    again = _run_action(repo, clone, {"junit": "kgraph-junit.xml"}, action_env, tmp_path / "runner2", VALIDATE)
    assert [s.returncode for s in again] == [0], again[-1].stdout + again[-1].stderr


# ------------------------------------------------------------------ the pre-commit hook


def _pre_commit(repo: Path, clone: Path, offline_pip: dict[str, str], home: Path, *args: str):
    rev = _git("rev-parse", "HEAD", cwd=clone)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {clone}\n    rev: {rev}\n    hooks:\n      - id: kgraph-validate\n", encoding="utf-8"
    )
    bindir = str(Path(sys.executable).parent)
    env = _clean_env({**offline_pip, "PRE_COMMIT_HOME": str(home), "XDG_CACHE_HOME": str(home / "xdg")}, bindir)
    env["PATH"] += ":/usr/bin:/bin"
    command = [sys.executable, "-m", "pre_commit", "run", *args]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_the_pre_commit_hook_from_a_local_clone(tmp_path, clone, offline_pip):
    repo = _third_party_repo(tmp_path / "theirs")
    home = tmp_path / "pre-commit-home"
    failed = _pre_commit(repo, clone, offline_pip, home, "--all-files")
    said = failed.stdout + failed.stderr
    assert failed.returncode == 1, said
    assert "kgraph validate" in said and "Failed" in said
    assert re.search(r"data/people\.ttl:5: VIOLATION", said) and re.search(r"data/people\.ttl:7: VIOLATION", said), said
    assert "body.ttl:" not in said and "pom.xml" not in said and "sitemap" not in said and "Traceback" not in said
    passed = _pre_commit(repo, clone, offline_pip, home, "--files", "data/body.ttl", "pom.xml", "sitemap.xml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"kgraph validate\.+Passed", passed.stdout), passed.stdout


def test_the_action_with_against_build_resolves_references_to_the_projects_resources(tmp_path, clone, action_env):
    from tests.validation.test_validate_against import (
        GOOD,
    )  # a new mandate of a person, body and source the project has

    repo = tmp_path / "theirs"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "mandate.ttl").write_text(GOOD, encoding="utf-8")
    _git("init", "-q", "-b", "main", cwd=repo)
    alone = _run_action(repo, clone, {}, action_env, tmp_path / "runner", VALIDATE)
    assert [s.returncode for s in alone] == [1]  # alone, the references do not resolve
    assert alone[-1].stdout.count("::error file=data/mandate.ttl,") == 6, alone[-1].stdout
    against = _run_action(repo, clone, {"against": "build"}, action_env, tmp_path / "runner-against", VALIDATE)
    assert [s.returncode for s in against] == [0], against[-1].stdout + against[-1].stderr
    assert "::error" not in against[-1].stdout


# ------------------------------------------------------------------ plain kgraph validate


def test_plain_kgraph_validate_in_the_third_party_repository(tmp_path):
    repo = _third_party_repo(tmp_path / "theirs")
    run = kgraph("validate", "--format", "github", cwd=repo, env={"KGRAPH_BUILD_DIR": str(tmp_path / "build")})
    assert run.returncode == 1 and run.stderr == "", run.stderr
    found = sorted((m["file"], int(m["line"]), m["title"]) for m in ANNOTATION.finditer(run.stdout))
    assert found == EXPECTED, run.stdout
