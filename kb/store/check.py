"""Is the index whole? Checked when it is opened, so that a damaged one is reported in one line that says how
to rebuild it, instead of a chromadb traceback, a Rust panic or an answer from half an index.

- SQLite's quick_check on `chroma.sqlite3` (a page overwritten, a truncated file), read-only, once per version
  of the file: passing, the file's identity is kept beside it (`chroma/kb-checked.json`) and the next opening
  checks again only when the file is not that very one (the check reads every page: seconds at 10,000
  documents, at every opening);
- the embedder recorded whenever clauses are stored (queries need it);
- the clause records agree with the document records' counts, and with the lexical index of the same
  generation.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from kb.errors import IndexDamaged, KBError, ReadOnlyIndex

SQLITE_FILE = "chroma.sqlite3"
CHECKED_FILE = "kb-checked.json"  # the identity of the SQLite file as it was when last found whole
F = TypeVar("F", bound=Callable[..., Any])


def check_sqlite(chroma_folder: Path, index: str) -> None:
    """IndexDamaged unless the Chroma SQLite file passes quick_check (nothing to check before it exists)."""
    database = chroma_folder / SQLITE_FILE
    if not database.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
            rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise IndexDamaged(index, f"{SQLITE_FILE}: {error}") from error
    problems = [str(row[0]).replace("*** in database main ***", "") for row in rows if row[0] != "ok"]
    if problems:
        first = " ".join(problems[0].split())  # one line, whatever SQLite's report looks like
        raise IndexDamaged(index, f"{SQLITE_FILE} fails SQLite's quick_check: {first}")


def file_identity(paths: Sequence[Path]) -> list[list[int]] | None:
    """What changes whenever one of these files is written, replaced or cut through the file system: size,
    modification and change times (the change time no program can set back), inode and device. None when the
    first is missing; a later one missing (SQLite's write-ahead log) counts as missing."""
    found: list[list[int]] = []
    for n, path in enumerate(paths):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if n == 0:
                return None
            found.append([])
            continue
        found.append([info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev])
    return found


def checked_before(record: Path, paths: Sequence[Path]) -> bool:
    """Whether the files are the very ones `remember_checked` kept in `record` when found whole: not written
    since."""
    identity = file_identity(paths)
    if identity is None:
        return False
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(kept == identity)


def remember_checked(record: Path, paths: Sequence[Path], settled: float = 0.0) -> None:
    """Keep in `record` the files' identity as it is now, once they were found whole. With `settled`, not when
    one was written less than that many seconds ago: file times advance in clock ticks of a few milliseconds, so a
    write within the same tick as the last one would leave the identity as it was. A folder that cannot be
    written only means checking again next time."""
    identity = file_identity(paths)
    if identity is None or any(time.time_ns() - found[1] < settled * 1e9 for found in identity if found):
        return
    temporary = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(identity), encoding="utf-8")
        os.replace(temporary, record)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def sqlite_checked_before(chroma_folder: Path) -> bool:
    """Whether the Chroma SQLite file is the very one last found whole (`remember_sqlite_checked`)."""
    return checked_before(chroma_folder / CHECKED_FILE, _sqlite_files(chroma_folder))


def remember_sqlite_checked(chroma_folder: Path) -> None:
    """Keep the SQLite file's identity once it was found whole and Chroma has opened it (opening writes to it:
    the identity before would never match again, so it is kept however recent: a page damaged within the same
    clock tick as Chroma's own write, a few milliseconds, would go unseen until the next write)."""
    remember_checked(chroma_folder / CHECKED_FILE, _sqlite_files(chroma_folder))


def _sqlite_files(chroma_folder: Path) -> list[Path]:
    return [chroma_folder / SQLITE_FILE, chroma_folder / f"{SQLITE_FILE}-wal"]


@contextlib.contextmanager
def chroma_failures(index: str, what: str) -> Iterator[None]:
    """Turn whatever the embedded Chroma raises on a damaged folder (InternalError, a Rust panic, which is a
    BaseException) into IndexDamaged; the knowledge base's own errors and interrupts pass through."""
    try:
        yield
    except (KBError, KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        if _read_only(error):  # a folder that cannot be written is not a damaged one: rebuilding would not help
            raise ReadOnlyIndex(index, index) from error
        raise IndexDamaged(index, f"Chroma failed {what}: {detail}") from error


def _read_only(error: BaseException) -> bool:
    """SQLite's SQLITE_READONLY (code 8) or the file system's EROFS/EACCES, as Chroma passes them on."""
    if isinstance(error, OSError) and error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return True
    message = str(error).lower()
    return any(
        sign in message for sign in ("readonly database", "read-only file system", "permission denied")
    )


def guarded(what: str) -> Callable[[F], F]:
    """A ClauseStore method whose Chroma failures on an embedded index become IndexDamaged."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if self.settings.chroma_url:  # a server's failures are the server's, reported as they come
                return method(self, *args, **kwargs)
            with chroma_failures(str(self.settings.index), what):
                return method(self, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def check_counts(index: str, stored: int, listed: int, embedder: str | None) -> None:
    if stored and not embedder:
        raise IndexDamaged(index, f"{stored} clauses are stored but no embedder is recorded for them")
    if stored != listed:
        raise IndexDamaged(index, f"Chroma holds {stored} clauses but the document records list {listed}")


def check_lexical(index: str, stored: int, lexical_ids: int) -> None:
    if stored != lexical_ids:
        raise IndexDamaged(
            index,
            f"the lexical index lists {lexical_ids} clauses but Chroma holds {stored} at the same generation",
        )
