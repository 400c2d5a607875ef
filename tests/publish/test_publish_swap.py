"""``kgraph publish OUT`` swaps the package in with OUT never missing, and cleans up after killed runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from kgraph.io.atomic import exchange
from kgraph.publish.publish import MARKER, publish
from paths import ROOT


class Reader(threading.Thread):
    """Reads ``OUT/package.json`` in a loop until stopped (or for at most ``limit`` seconds): misses and reads."""

    def __init__(self, out: Path, limit: float = 120.0):
        super().__init__(daemon=True)
        self.out, self.limit = out, limit
        self.reads = self.misses = 0
        self.halt = threading.Event()
        self.first_read = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + self.limit
        while not self.halt.is_set() and time.monotonic() < deadline:
            try:
                json.loads((self.out / MARKER).read_bytes())
                self.reads += 1
                self.first_read.set()
            except (FileNotFoundError, NotADirectoryError):
                self.misses += 1

    def stop(self) -> tuple[int, int]:
        self.halt.set()
        self.join()
        return self.reads, self.misses


def test_an_exchange_never_shows_the_folder_missing(tmp_path):
    out, new = tmp_path / "out", tmp_path / "new"
    for folder, n in ((out, 0), (new, 1)):
        folder.mkdir()
        (folder / MARKER).write_text(json.dumps({"n": n}))
    reader = Reader(out)
    reader.start()
    for _ in range(3000):
        assert exchange(new, out)
    reads, misses = reader.stop()
    assert reads > 0 and misses == 0
    assert json.loads((out / MARKER).read_text()) == {"n": 0}  # an even number of exchanges


def test_a_killed_publish_leaves_debris_that_the_next_run_removes_while_out_stays(small_store, small_repo, tmp_path):
    out = tmp_path / "out"
    publish(out, store=small_store, layout=small_repo.layout)
    first = (out / MARKER).read_bytes()
    # A publish killed while it writes its new package leaves .out.new.*; one killed by the older two-rename
    # swap, .out.old.* (made here as that swap made it). The child is held in the step after the dumps (the
    # site), so that it is killed with its new package half written however fast or slow the machine is.
    script = (
        "import time\n"
        "from kgraph.publish import publish as publishing\n"
        "publishing.write_site = lambda *args, **kwargs: time.sleep(600)\n"
        f"publishing.publish({str(out)!r})\n"
    )
    env = dict(
        os.environ,
        **small_repo.env(),
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    killed = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    try:
        while not any(f.name.startswith(".out.new.") and (f / "dumps").is_dir() for f in tmp_path.iterdir()):
            assert killed.poll() is None, "the publish ended before it could be killed"
            assert time.monotonic() < deadline, "the publish never started writing"
            time.sleep(0.02)
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    (tmp_path / ".out.old.abcd_123").mkdir()
    (tmp_path / ".out.old.abcd_123" / "package").mkdir()
    (tmp_path / ".outside.new.abcd_123").mkdir()  # another folder's debris is not ours to remove
    debris = sorted(f.name for f in tmp_path.iterdir() if f.name.startswith(".out."))
    assert len(debris) == 2 and (out / MARKER).read_bytes() == first, debris

    reader = Reader(out)
    reader.start()
    reader.first_read.wait(30)  # the reader is reading before the new package is swapped in
    publish(out, store=small_store, layout=small_repo.layout)
    reads, misses = reader.stop()
    assert reads > 0 and misses == 0, (reads, misses)
    assert sorted(f.name for f in tmp_path.iterdir()) == [".outside.new.abcd_123", "out"]
    assert json.loads((out / MARKER).read_bytes())["pages"] > 0
