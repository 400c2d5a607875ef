"""Build hook: the wheel carries the repository's ontology, shapes, queries and data as ``kgraph/_data``.

An installed ``kgraph`` (not editable) then validates, builds, serves and publishes the bundled graph
with no checkout around it; ``KGRAPH_ROOT`` still points it at another repository (kgraph.config).
Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("ontology", "shapes", "queries", "data")


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "kgraph" / "_data"
        for name in BUNDLED:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    target / name,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"),
                )


setup(cmdclass={"build_py": BuildPyWithData})
