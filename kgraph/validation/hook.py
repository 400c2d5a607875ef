"""Entry point of the pre-commit hook and the GitHub action: ``kgraph validate`` on the files given.

pre-commit installs a hook repository into a virtual environment that it
creates inside its clone of that repository, so the ontology, shapes and
checks are found next to ``sys.prefix`` when ``KGRAPH_ROOT`` is not set and
the package itself was installed without them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..config import Layout


def find_root(prefix: Path | None = None) -> Path | None:
    """The kgraph repository to validate against, or None when the default one is fine."""
    if os.environ.get("KGRAPH_ROOT") or Layout().shapes.is_dir():
        return None
    for candidate in (Path(prefix or sys.prefix).parent, Path(prefix or sys.prefix)):
        if (candidate / "shapes").is_dir() and (candidate / "ontology").is_dir():
            return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    root = find_root()
    if root is not None:
        os.environ["KGRAPH_ROOT"] = str(root)
    from ..cli import main as cli_main

    return cli_main(["validate", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
