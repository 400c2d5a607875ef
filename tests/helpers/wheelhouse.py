"""A wheelhouse made from the distributions installed here, so that pip installs kgraph with no network.

pre-commit installs a ``language: python`` hook with ``pip install .`` in a fresh virtual environment, and the
GitHub action installs its own checkout the same way; with ``PIP_NO_INDEX=1`` and ``PIP_FIND_LINKS`` pointing
at this folder pip finds every dependency here. Each installed distribution is packed back into a wheel from
the files its ``RECORD`` lists (the same files, tagged as its ``WHEEL`` file says); the setuptools that
builds kgraph comes from the wheels virtualenv embeds (pip's isolated build needs a newer one than may be
installed).
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

#: The distribution whose dependencies the wheelhouse holds (pyproject.toml's name).
PROJECT = "kaupunkipolitiikka-kgraph"


def _requirements(pyproject: Path) -> list[Requirement]:
    import tomllib

    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(text) for text in data["project"]["dependencies"]]


def closure(pyproject: Path) -> list[metadata.Distribution]:
    """The installed distributions the project needs, its dependencies' dependencies included."""
    environment = dict(default_environment())
    wanted: list[tuple[Requirement, str]] = [(r, "") for r in _requirements(pyproject)]
    seen: set[tuple[str, str]] = set()
    found: dict[str, metadata.Distribution] = {}
    while wanted:
        requirement, extra = wanted.pop()  # ``extra``: the extra of the requirer that asks for it, if any
        if requirement.marker is not None and not requirement.marker.evaluate({**environment, "extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        for wanted_extra in ("", *requirement.extras):  # rdflib[html] also needs what its extra names
            if (name, wanted_extra) in seen:
                continue
            seen.add((name, wanted_extra))
            dist = found.setdefault(name, metadata.distribution(requirement.name))
            wanted.extend((Requirement(text), wanted_extra) for text in dist.requires or [])
    return list(found.values())


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def pack(dist: metadata.Distribution, folder: Path) -> Path:
    """``dist`` as a wheel in ``folder`` (files outside site-packages, such as scripts, are left out)."""
    info = Path(str(dist._path))  # type: ignore[attr-defined]  # the .dist-info folder
    site = info.parent
    wheel_text = (info / "WHEEL").read_text(encoding="utf-8")
    tags = re.findall(r"^Tag:\s*(\S+)$", wheel_text, re.MULTILINE) or ["py3-none-any"]
    python, abi, platform = (".".join(sorted({t.split("-")[i] for t in tags})) for i in range(3))
    name = re.sub(r"[^\w\d.]+", "_", dist.metadata["Name"])
    target = folder / f"{name}-{dist.version}-{python}-{abi}-{platform}.whl"
    records = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as wheel:  # read once, nearby: no deflate
        for entry in dist.files or []:
            path = str(entry)
            if path.startswith("..") or "__pycache__" in path or path.endswith("RECORD") or "/direct_url.json" in path:
                continue
            source = site / path
            if not source.is_file():
                continue
            data = source.read_bytes()
            wheel.writestr(path, data)
            records.append(_record_line(path, data))
        record = f"{info.name}/RECORD"
        wheel.writestr(record, "\n".join(records + [f"{record},,"]) + "\n")
    return target


def build(folder: Path, pyproject: Path) -> Path:
    """Fill ``folder`` with wheels of every dependency of the project and of setuptools; return it."""
    import virtualenv

    folder.mkdir(parents=True, exist_ok=True)
    for dist in closure(pyproject):
        pack(dist, folder)
    embedded = Path(virtualenv.__file__).parent / "seed" / "wheels" / "embed"
    newest = max(embedded.glob("setuptools-*.whl"), key=lambda p: [int(x) for x in p.name.split("-")[1].split(".")])
    shutil.copy(newest, folder)
    return folder
