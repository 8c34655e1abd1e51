"""One writer at a time on a store: an advisory lock (`fcntl.flock`) on a file in the store directory.

Readers never take it: they open the database read-only, and a writer only ever renames a finished one into place.
The kernel drops the lock when the process ends, however it ends, so a killed writer never leaves a store locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import KgxError

DEFAULT_WAIT = 300.0  # seconds a second writer waits for the first one before giving up
POLL = 0.1


@contextmanager
def writer_lock(directory: Path, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the store's writer lock for the block, waiting up to `wait` seconds for another writer (E042 after)."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / "lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KgxError("E042", path=directory, seconds=wait) from None
                time.sleep(POLL)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
