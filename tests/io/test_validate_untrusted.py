"""``kgraph validate`` on anyone's files: nothing fetched, no DTD expanded, only regular files, no way out of the tree.

Every case runs ``kgraph validate`` as a user does (a subprocess with a time limit, so a hang fails the test
instead of stopping it) while a loopback listener (:class:`service_probes.Listener`) counts the connections it
receives: 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from service_probes import Listener
from paths import ROOT

TTL = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


def connections(listener: Listener) -> int:
    """The connections the listener has counted, after a moment for one in flight to arrive."""
    time.sleep(0.3)
    return listener.count


def validate(*paths: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "validate", "--no-checks", *map(str, paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def refused(result: subprocess.CompletedProcess, *words: str) -> str:
    """The one-line error of a refused run (exit 2, no traceback), checked to hold ``words``."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    return result.stderr


@pytest.mark.parametrize(
    "context",
    [
        "{url}/context.jsonld",
        ["{url}/a", {"ex": "http://example.org/"}],
        {"@import": "{url}/imported", "ex": "http://example.org/"},
    ],
)
def test_a_remote_json_ld_context_is_never_fetched(tmp_path, context):
    import json

    with closing(Listener()) as listener:
        text = json.dumps({"@context": context, "@id": "http://example.org/a", "http://example.org/b": "c"})
        (tmp_path / "doc.jsonld").write_text(text.replace("{url}", listener.url))
        refused(validate(tmp_path / "doc.jsonld"), "doc.jsonld", "@context", "never")
        assert connections(listener) == 0


def test_a_nested_remote_context_is_refused_and_an_inline_one_is_read(tmp_path):
    import json

    listener = Listener()
    nested = {
        "@context": {"ex": "http://example.org/"},
        "@graph": [{"@context": listener.url + "/n", "@id": "ex:a", "ex:b": "c"}],
    }
    (tmp_path / "nested.jsonld").write_text(json.dumps(nested))
    refused(validate(tmp_path / "nested.jsonld"), "nested.jsonld", "@context")
    inline = {"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:b": "c"}
    (tmp_path / "inline.jsonld").write_text(json.dumps(inline))
    assert validate(tmp_path / "inline.jsonld").returncode == 0
    assert connections(listener) == 0
    listener.close()


def test_rdf_xml_entities_are_never_expanded(tmp_path):
    listener = Listener()
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY l0 "lol">{laughs}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://example.org/a"><rdf:value>&l9;</rdf:value></rdf:Description></rdf:RDF>'
    )
    external = (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{listener.url}/x">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://example.org/a"><rdf:value>&x;</rdf:value></rdf:Description>'
        "</rdf:RDF>"
    )
    for name, text in (("bomb.rdf", bomb), ("external.owl", external)):
        (tmp_path / name).write_text(text)
        started = time.monotonic()
        refused(validate(tmp_path / name, timeout=30), name, "DTD", ":2:")
        assert time.monotonic() - started < 30
    assert connections(listener) == 0
    listener.close()


def test_plain_rdf_xml_is_still_read(tmp_path):
    (tmp_path / "plain.rdf").write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://example.org/a"><rdf:value>x</rdf:value></rdf:Description></rdf:RDF>'
    )
    result = validate(tmp_path / "plain.rdf")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("given", ["folder", "file"])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, given):
    (tmp_path / "good.ttl").write_text(TTL)
    os.mkfifo(tmp_path / "pipe.ttl")
    result = validate(tmp_path if given == "folder" else tmp_path / "pipe.ttl", timeout=30)
    refused(result, "pipe.ttl", "named pipe")


def test_symlinks_out_of_the_tree_are_not_followed(tmp_path):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (outside / "secret.ttl").write_text("SECRET-TOKEN-1234 is not RDF\n")
    (tree / "good.ttl").write_text(TTL)
    (tree / "leak.ttl").symlink_to(outside / "secret.ttl")
    message = refused(validate(tree), "leak.ttl", "symbolic link out of")
    assert "SECRET" not in message
    (tree / "leak.ttl").unlink()
    (tree / "inside.ttl").symlink_to(tree / "good.ttl")  # a link inside the tree is read as the file
    (tree / "linked").symlink_to(outside, target_is_directory=True)  # a link to a folder is not walked
    (tree / ".#good.ttl").symlink_to("user@host.1234:1700000000")  # an editor's lock: a link to nothing
    result = validate(tree)
    assert result.returncode == 0 and "SECRET" not in result.stdout + result.stderr, result.stderr


def test_non_utf8_is_located_by_line_and_column(tmp_path):
    (tmp_path / "latin1.ttl").write_bytes(b'@prefix ex: <http://example.org/> .\nex:a ex:b "\xe4iti" .\n')
    refused(validate(tmp_path / "latin1.ttl"), "latin1.ttl:2:12:", "not UTF-8", "0xe4")
