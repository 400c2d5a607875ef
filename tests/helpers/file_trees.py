"""A small folder of RDF and other files for the tests of which files a walk selects."""

from __future__ import annotations

from pathlib import Path

VALID = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


def rdf_tree(top: Path) -> None:
    """``a.ttl``, ``b.nt``, ``sub/c.ttl``, ``.hidden/d.ttl``, ``build/e.ttl`` (git-ignored), two XML files and a
    text file under ``top``."""
    for name in ("a.ttl", "b.nt", "sub/c.ttl", ".hidden/d.ttl", "build/e.ttl", "keep.xml", "pom.xml", "x.txt"):
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(VALID if name.endswith(".ttl") else "<http://e/a> <http://e/b> <http://e/c> .\n")
    (top / ".gitignore").write_text("# output\nbuild/\n")


def names(files: list[Path], top: Path) -> list[str]:
    """The files relative to ``top``, sorted."""
    return sorted(str(f.relative_to(top)) for f in files)
