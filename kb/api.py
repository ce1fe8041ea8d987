"""The Python API the CLI, the Gradio app and the evaluation share.

    kb = KnowledgeBase.open()            # settings from KB_* variables; or KnowledgeBase(load_settings(index=...))
    kb.ingest(["corpus/"])               # -> list[IngestResult]
    kb.ask("湖南中科云母研究院由谁牵头？")  # -> Answer
    kb.clauses(department="县林业局")     # -> list[Clause]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kb.settings import Settings, load_settings
from kb.types import Answer, Clause, DocInfo, IngestResult, WorkingGroup

ProgressCallback = Callable[[str, int, int], None]  # (what, done, total)


class KnowledgeBase:
    """One index (embedded Chroma folder or Chroma server) with its lexical index and department registry."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    @classmethod
    def open(cls, index: str | Path | None = None, chroma_url: str | None = None) -> KnowledgeBase:
        return cls(load_settings(index=index, chroma_url=chroma_url))

    # --- ingestion and listing (kb.ingest, kb.store) ---
    def ingest(self, paths: Iterable[str | Path], progress: ProgressCallback | None = None) -> list[IngestResult]:
        raise NotImplementedError

    def docs(self) -> list[DocInfo]:
        raise NotImplementedError

    def clauses(self, doc: str | None = None, department: str | None = None, lead_only: bool = False) -> list[Clause]:
        """Clauses in document order; `department` in any spelling (aliases, short forms)."""
        raise NotImplementedError

    def working_groups(self, doc: str | None = None) -> list[WorkingGroup]:
        raise NotImplementedError

    def resolve_department(self, name: str) -> str | None:
        """Canonical name for any spelling the registry knows, else None."""
        raise NotImplementedError

    # --- question answering (kb.qa) ---
    def ask(self, question: str, doc: str | None = None, department: str | None = None) -> Answer:
        raise NotImplementedError
