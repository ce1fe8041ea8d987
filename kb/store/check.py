"""Is the index whole? Checked when it is opened, so that a damaged one is reported in one line that says how
to rebuild it, instead of a chromadb traceback, a Rust panic or an answer from half an index.

- SQLite's quick_check on `chroma.sqlite3` (a page overwritten, a truncated file), read-only;
- the embedder recorded whenever clauses are stored (queries need it);
- the clause records agree with the document records' counts, and with the lexical index of the same
  generation.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kb.errors import IndexDamaged, KBError, ReadOnlyIndex

SQLITE_FILE = "chroma.sqlite3"
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
