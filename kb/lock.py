"""One writer at a time on an index folder: an exclusive `flock` on `<index>/writer.lock`.

The embedded Chroma store is one SQLite file plus vector files that only one process may change at a time; two
`kb ingest` runs on one folder used to end with a raw chromadb traceback. The lock file holds the writer's pid,
so the second writer can say who holds it. The kernel drops the lock when its holder exits, however it exits:
there is never a stale lock to clean up. Several writers at once need a Chroma server (KB_CHROMA_URL).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kb.errors import IndexBusy

LOCK_FILE = "writer.lock"
POLL_SECONDS = 0.2


@contextlib.contextmanager
def writer_lock(
    folder: Path, wait: float = 0.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the folder's writer lock for the block. Held elsewhere: IndexBusy at once (`wait` 0), or after
    waiting up to `wait` seconds, telling `on_wait` once what it waits for."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _acquire(descriptor, folder, wait, on_wait)
        os.ftruncate(descriptor, 0)
        os.write(descriptor, str(os.getpid()).encode())
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def writer_active(folder: Path) -> bool:
    """Whether a writer holds the folder's lock now (its records may disagree for a moment)."""
    path = folder / LOCK_FILE
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)


def _acquire(descriptor: int, folder: Path, wait: float, on_wait: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = _holder(descriptor)
            if time.monotonic() >= deadline:
                raise IndexBusy(str(folder), holder) from None
            if on_wait and not told:
                on_wait(f"waiting for another ingest on {folder} (pid {holder or '?'}) to finish…")
                told = True
            time.sleep(POLL_SECONDS)


def _holder(descriptor: int) -> int | None:
    """The pid the current holder wrote, when it has written it yet."""
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
