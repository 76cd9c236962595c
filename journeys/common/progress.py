"""Progress for long commands: each step says when it starts, every 10 s that it is still going,
and how long it took, so a first run is never silent for long."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

HEARTBEAT_SECONDS = 10


class Output(Protocol):
    def write(self, text: str) -> None: ...
    def flush(self) -> None: ...


@contextmanager
def step(out: Output, what: str, *, every: float = HEARTBEAT_SECONDS) -> Iterator[None]:
    """``with step(self.stdout, "Loading demonstration evidence"): ...``; flushed at once, since
    under ``make`` the output is a pipe and would otherwise wait in a buffer."""

    def write(text: str) -> None:
        out.write(text)
        out.flush()

    write(f"{what}…")
    started = time.monotonic()
    done = threading.Event()

    def beat():
        while not done.wait(every):
            write(f"   … still {what[0].lower()}{what[1:]} ({time.monotonic() - started:.0f} s)")

    beater = threading.Thread(target=beat, daemon=True)
    beater.start()
    try:
        yield
    finally:
        done.set()
        beater.join()
    write(f"   done in {time.monotonic() - started:.0f} s")
