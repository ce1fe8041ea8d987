"""Conversations kept on the server, per user, in `<index>/conversations.sqlite`.

A conversation belongs to one owner — the account logged in (`user:NAME`) or, without accounts, one browser
(`browser:ID`, an id the page keeps in the browser). Every read and write names the owner, so one user never
sees, renames or deletes another's. The questions of a conversation are the context a follow-up (那配合单位呢？)
is read against: it is server state, and clearing a conversation clears it.

The file carries its schema version (`PRAGMA user_version`); opening it runs the migrations from the version it
holds, so a file written by an earlier version is upgraded in place and one written by a newer version is
refused rather than damaged.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kb.conversations.records import answer_from_record, answer_record
from kb.errors import ConversationsDamaged
from kb.types import Answer

CONVERSATIONS_FILE = "conversations.sqlite"
SCHEMA_VERSION = 1
TITLE_CHARS = 40  # a conversation is titled by its first question, cut to this length
# Each step takes the file from version n to n + 1; a new version appends a step and never edits an old one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS conversations (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS conversations_by_owner ON conversations (owner, updated);
    CREATE TABLE IF NOT EXISTS turns (
        conversation TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (conversation, number)
    );
    """,
)


@dataclass(frozen=True)
class Turn:
    """One question as the user typed it and the answer given."""

    question: str
    answer: Answer
    at: str


@dataclass(frozen=True)
class Conversation:
    id: str
    owner: str
    title: str
    created: str
    updated: str
    turns: tuple[Turn, ...] = ()

    @property
    def asked(self) -> list[str]:
        """The questions as typed, oldest first: what a follow-up is read against."""
        return [turn.question for turn in self.turns]


@dataclass(frozen=True)
class Listed:
    """A conversation in the list: its title, when it was last added to, how many questions it holds."""

    id: str
    title: str
    updated: str
    questions: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def title_of(question: str) -> str:
    """A conversation's title: its first question on one line, cut to TITLE_CHARS."""
    line = " ".join(question.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"


class ConversationStore:
    """The conversations of every user of one index."""

    def __init__(self, index: Path) -> None:
        self.path = index / CONVERSATIONS_FILE
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection per call (the app calls from several worker threads); one transaction, committed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as e:
            raise ConversationsDamaged(str(self.path), f"cannot open the conversations file ({e})") from e
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            if not self._ready:
                self._migrate(connection)
                self.path.chmod(0o600)  # the questions people asked are theirs
                self._ready = True
            with connection:
                yield connection
        except sqlite3.OperationalError as e:  # read-only folder, disk full, locked past the timeout
            raise ConversationsDamaged(str(self.path), f"cannot read or write the conversations ({e})") from e
        except sqlite3.DatabaseError as e:
            raise ConversationsDamaged(str(self.path), f"not a readable conversations file ({e})") from e
        finally:
            connection.close()

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ConversationsDamaged(
                str(self.path),
                f"written by a newer version of kb (schema {version}, this one reads up to {SCHEMA_VERSION})",
            )
        for step in range(version, SCHEMA_VERSION):
            with connection:
                connection.executescript(
                    f"BEGIN; {MIGRATIONS[step]}; PRAGMA user_version = {step + 1}; COMMIT;"
                )

    # --- reading ---
    def list(self, owner: str) -> list[Listed]:
        """The owner's conversations, the one added to last first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT c.id, c.title, c.updated, COUNT(t.number) FROM conversations c "
                "LEFT JOIN turns t ON t.conversation = c.id WHERE c.owner = ? "
                "GROUP BY c.id ORDER BY c.updated DESC, c.rowid DESC",
                (owner,),
            ).fetchall()
        return [Listed(id=r[0], title=r[1], updated=r[2], questions=r[3]) for r in rows]

    def get(self, owner: str, conversation: str | None) -> Conversation | None:
        """The owner's conversation with its turns; None when there is none of that id *for this owner*."""
        if not conversation:
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT id, owner, title, created, updated FROM conversations WHERE id = ? AND owner = ?",
                (conversation, owner),
            ).fetchone()
            if row is None:
                return None
            turns = db.execute(
                "SELECT question, answer, at FROM turns WHERE conversation = ? ORDER BY number",
                (conversation,),
            ).fetchall()
        conversation_id, owner_, title, created, updated = row
        return Conversation(
            conversation_id, owner_, title, created, updated, turns=tuple(_turn(*t) for t in turns)
        )

    # --- writing ---
    def append(self, owner: str, conversation: str | None, question: str, answer: Answer) -> Conversation:
        """Add a turn to the owner's conversation; a new conversation (titled by the question) when
        `conversation` is None or not the owner's."""
        now = _now()
        record = json.dumps(answer_record(answer), ensure_ascii=False)
        with self._connect() as db:
            owned = (
                conversation
                and db.execute(
                    "SELECT 1 FROM conversations WHERE id = ? AND owner = ?", (conversation, owner)
                ).fetchone()
            )
            if not owned:
                conversation = uuid.uuid4().hex
                db.execute(
                    "INSERT INTO conversations (id, owner, title, created, updated) VALUES (?, ?, ?, ?, ?)",
                    (conversation, owner, title_of(question), now, now),
                )
            number = db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM turns WHERE conversation = ?", (conversation,)
            ).fetchone()[0]
            db.execute(
                "INSERT INTO turns (conversation, number, question, answer, at) VALUES (?, ?, ?, ?, ?)",
                (conversation, number, question, record, now),
            )
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation))
        found = self.get(owner, conversation)
        assert found is not None
        return found

    def rename(self, owner: str, conversation: str, title: str) -> bool:
        """Give the owner's conversation a new title (one line); False when there is no such conversation or the
        title is blank."""
        title = title_of(title)
        if not title:
            return False
        with self._connect() as db:
            changed = db.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND owner = ?", (title, conversation, owner)
            ).rowcount
        return changed > 0

    def delete(self, owner: str, conversation: str) -> bool:
        """Remove the owner's conversation and every turn of it; False when there was none."""
        with self._connect() as db:
            removed = db.execute(
                "DELETE FROM conversations WHERE id = ? AND owner = ?", (conversation, owner)
            ).rowcount
        return removed > 0


def _turn(question: str, answer: str, at: str) -> Turn:
    try:
        data = json.loads(answer)
    except json.JSONDecodeError:
        data = None
    return Turn(question=question, answer=answer_from_record(data, question), at=at)


BROWSER_SECRET_FILE = "browser_secret"


def browser_secret(index: Path) -> str:
    """The key the page's saved browser state is sealed with, kept beside the index so that it is the same after
    a restart (Gradio makes a new one at each launch otherwise, and a reload then finds nothing it can read)."""
    path = index / BROWSER_SECRET_FILE
    try:
        kept = path.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        kept = ""
    if kept:
        return kept
    index.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(24)
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_text(secret, encoding="ascii")
    temporary.chmod(0o600)
    temporary.replace(path)  # whole or absent: two servers starting at once keep one of the two secrets
    return path.read_text(encoding="ascii").strip()
