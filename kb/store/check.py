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
from collections.abc import Callable, Iterator
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


def file_identity(chroma_folder: Path) -> list[list[int]] | None:
    """What changes whenever the SQLite file (or its write-ahead log) is written, replaced or cut through the file
    system: size, modification and change times (the change time no program can set back), inode and device.
    None when there is no database yet."""
    found = []
    for name in (SQLITE_FILE, f"{SQLITE_FILE}-wal"):
        try:
            info = os.stat(chroma_folder / name)
        except FileNotFoundError:
            if name == SQLITE_FILE:
                return None
            continue
        found.append([info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev])
    return found


def checked_before(chroma_folder: Path) -> bool:
    """Whether the SQLite file is the very one last found whole (`remember_checked`): not written since."""
    identity = file_identity(chroma_folder)
    if identity is None:
        return False
    try:
        kept = json.loads((chroma_folder / CHECKED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(kept == identity)


def remember_checked(chroma_folder: Path) -> None:
    """Keep the SQLite file's identity as it is now, once it was found whole and Chroma has opened it (opening
    writes to it: the identity before would never match again). A folder that cannot be written only means
    checking again next time."""
    identity = file_identity(chroma_folder)
    if identity is None:
        return
    temporary = chroma_folder / f".{CHECKED_FILE}.{os.getpid()}.tmp"
    try:
        temporary.write_text(json.dumps(identity), encoding="utf-8")
        os.replace(temporary, chroma_folder / CHECKED_FILE)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


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
