"""Progress of the build's steps on a stream: a live timer on a terminal, one line per step elsewhere."""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Reports each step with its duration.

    On a terminal the step's label is shown as it starts, on a line that counts the seconds every ``tick``
    and is replaced by the finished line; on a pipe or a CI log only the finished lines are written, one per
    step.
    """

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None, tick: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.tick = tick

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
                self._write(f"\r  {name} …")
                while not done.wait(self.tick):
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
