"""What people decided about indexed documents: withdrawn (for a grace period, then purged) or superseded by
another document. Kept in `<index>/doc-status.json`, beside the Chroma and lexical folders.

A withdrawal is soft: the document's records stay in Chroma and its source copy in `sources/` until the grace
period has passed, so that 撤销 (undo) brings it back at once, with nothing embedded again. Meanwhile no answer,
filter, outline or department view shows it (kb.api reads these states for every one of them); once the period
has passed `KnowledgeBase.purge_withdrawn` removes it for good (`kb remove`). A superseded document stays
indexed and listed, but is cited only when a question asks about it by name (kb.api.KnowledgeBase.ask).
The status 征求意见稿 (a draft for comment) is read from the document's title by form, not decided here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from kb.types import DocInfo

STATUS_FILE = "doc-status.json"
Status = Literal["current", "superseded", "withdrawn", "draft"]
DRAFT_MARK = "征求意见稿"  # written in the title of a draft for comment: （征求意见稿）


@dataclass(frozen=True)
class DocState:
    """One document's decisions: when it was withdrawn (ISO 8601, UTC), which document supersedes it."""

    withdrawn_at: str | None = None
    superseded_by: str | None = None

    @property
    def empty(self) -> bool:
        return self.withdrawn_at is None and self.superseded_by is None

    def purge_after(self, grace: timedelta) -> datetime | None:
        """When a withdrawn document is removed for good (None when it is not withdrawn)."""
        if self.withdrawn_at is None:
            return None
        return datetime.fromisoformat(self.withdrawn_at) + grace


@dataclass(frozen=True)
class DocRecord:
    """An indexed document with its state, as the documents table shows it."""

    info: DocInfo
    state: DocState

    @property
    def status(self) -> Status:
        if self.state.withdrawn_at is not None:
            return "withdrawn"
        if self.state.superseded_by is not None:
            return "superseded"
        if is_draft(self.info.title):
            return "draft"
        return "current"


def is_draft(title: str) -> bool:
    return DRAFT_MARK in title


def load_states(index: Path) -> dict[str, DocState]:
    """Every document's state (an index without the file: no decisions yet). A file that is not the JSON this
    module writes is read as no decisions rather than stopping every question; `save_states` rewrites it."""
    path = index / STATUS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    states: dict[str, DocState] = {}
    for doc, fields in data.items():
        if isinstance(fields, dict):
            names = DocState.__dataclass_fields__
            known = {k: v for k, v in fields.items() if k in names and isinstance(v, str)}
            states[str(doc)] = DocState(**known)
    return states


def save_states(index: Path, states: Mapping[str, DocState]) -> None:
    """Write the states atomically (a reader never sees half a file); documents without decisions left out."""
    index.mkdir(parents=True, exist_ok=True)
    kept = {doc: asdict(state) for doc, state in sorted(states.items()) if not state.empty}
    temporary = index / f"{STATUS_FILE}.partial"
    temporary.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(index / STATUS_FILE)


def states_key(index: Path) -> tuple[int, int]:
    """A cheap fingerprint of the states file (its change time and size): the engine is rebuilt on a change."""
    try:
        stat = os.stat(index / STATUS_FILE)
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def now_utc() -> datetime:
    return datetime.now(UTC)


def withdrawn(states: Mapping[str, DocState]) -> frozenset[str]:
    return frozenset(doc for doc, s in states.items() if s.withdrawn_at is not None)


def superseded(states: Mapping[str, DocState]) -> frozenset[str]:
    return frozenset(doc for doc, s in states.items() if s.superseded_by is not None)


def due(states: Mapping[str, DocState], grace: timedelta, now: datetime) -> list[str]:
    """The withdrawn documents whose grace period has passed, to be removed for good."""
    return sorted(
        doc for doc, s in states.items() if (after := s.purge_after(grace)) is not None and after <= now
    )


def successor(states: Mapping[str, DocState], doc: str, known: Collection[str]) -> str | None:
    """The current document replacing `doc`, following a chain (A by B, B by C gives C) among `known` ones."""
    seen = {doc}
    current = states.get(doc, DocState()).superseded_by
    while current is not None and current not in seen:
        seen.add(current)
        following = states.get(current, DocState()).superseded_by
        if following is None or following not in known:
            return current
        current = following
    return current


def replaced_by(states: Mapping[str, DocState], doc: str) -> list[str]:
    """The documents that replace `doc`, one after another (A by B, B by C: [B, C]); a loop is cut."""
    chain: list[str] = []
    current = states.get(doc, DocState()).superseded_by
    while current is not None and current != doc and current not in chain:
        chain.append(current)
        current = states.get(current, DocState()).superseded_by
    return chain
