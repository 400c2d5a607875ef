"""Progress of the build's steps on a stream: a live timer on a terminal, one line per step elsewhere."""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Reports each step with its duration.

    On a terminal a step that runs longer than ``delay`` seconds shows a
    ticking timer that is replaced by the finished line; on a pipe or a CI log
    only the finished lines are written.
    """

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None, delay: float = 0.3):
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.delay = delay

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    @contextmanager
    def step(self, name: str):
        start = time.perf_counter()
        done = threading.Event()
        ticker = None
        if self.live:

            def tick() -> None:
                if done.wait(self.delay):
                    return
                while not done.wait(0.1):
                    self._write(f"\r  {name} … {time.perf_counter() - start:5.1f} s")

            ticker = threading.Thread(target=tick, daemon=True)
            ticker.start()
        failed = True
        try:
            yield
            failed = False
        finally:
            done.set()
            if ticker is not None:
                ticker.join()
            mark = "failed" if failed else "done"
            clear = "\r\033[K" if self.live else ""
            self._write(f"{clear}  {name}: {mark} in {time.perf_counter() - start:.2f} s\n")


class Silent:
    """The progress of a build nobody watches."""

    @contextmanager
    def step(self, name: str):
        yield
