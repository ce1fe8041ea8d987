"""The Python API the CLI, the Gradio app and the evaluation share.

kb = KnowledgeBase.open()            # settings from KB_* variables; or KnowledgeBase(load_settings(index=...))
kb.ingest(["corpus/"])               # -> list[IngestResult]
kb.ask("湖南中科云母研究院由谁牵头？")  # -> Answer
kb.clauses(department="县林业局")     # -> list[Clause]
"""

from __future__ import annotations

import contextlib
import gc
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.docstate import DocRecord, DocState
from kb.settings import Settings, load_settings
from kb.types import Answer, Clause, DocInfo, DocNotes, IngestResult, WorkingGroup
from kb.unit import NO_PLACE, PlacedClauses, Unit, placed, read_label

if TYPE_CHECKING:
    from kb.conversations import ConversationStore
    from kb.ingest import StepCallback
    from kb.ingest_progress import IngestStatus
    from kb.page_image import PageImage
    from kb.parse.departments import DepartmentRegistry
    from kb.qa.engine import Engine
    from kb.qa.retrieve.hybrid import Mode
    from kb.qa.write.llama import ClauseRetriever
    from kb.qa.write.llm import LLMWriter
    from kb.source_text import SourceText
    from kb.store.chroma import ClauseStore
    from kb.store.embed import Embedder
    from kb.store.lexical import LexicalIndex
    from kb.store.migrate import Migrated

ProgressCallback = Callable[[str, int, int], None]  # (what, done, total)
HISTORY_KEPT = 20  # earlier questions a follow-up is read against (it needs the last one or two)


def check_question(question: str, limit: int) -> str:
    """The question, stripped; QuestionTooLong beyond `limit` characters. Every step of answering is at least
    linear in the question's length: the cap bounds what one question can cost (1,000 characters: 0.1 s)."""
    from kb.errors import QuestionTooLong

    asked = question.strip()
    if len(asked) > limit:
        raise QuestionTooLong(len(asked), limit)
    return asked


def kept_history(history: Sequence[str] | None, limit: int) -> list[str]:
    """The conversation's last questions that a follow-up is read against. One beyond the length cap cannot
    have been asked (it comes from a browser's stored conversation or an API caller) and is left out."""
    return [h for h in history or () if len(h.strip()) <= limit][-HISTORY_KEPT:]


class KnowledgeBase:
    """One index (embedded Chroma folder or Chroma server) with its lexical index and department registry."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        # Store, registry, embedder and lexical index are opened once, on first use, under one lock, so the
        # Gradio app's worker threads share them. The lock is held only to open or swap components, never for a
        # whole ingest: questions go on being answered (from the index as it was) while a file is ingested.
        # Writers are kept to one per index folder by kb.lock's file lock instead.
        self._lock = threading.RLock()
        self._registry: DepartmentRegistry | None = None
        self._embedder: Embedder | None = None
        self._writer_embedder: Embedder | None = None
        self._store: ClauseStore | None = None
        self._lexical: LexicalIndex | None = None
        self._engine: Engine | None = None
        self._engine_key: tuple[Any, ...] | None = None
        # The engine that may also cite superseded documents, built only when a question asks about one.
        self._engine_all: Engine | None = None
        self._engine_all_key: tuple[Any, ...] | None = None
        self._models_started = False  # the models' loading thread started (`_models_loading`)
        self._vectors_started = False  # Chroma's vector index loading thread started (`_vectors_loading`)
        self._llm: LLMWriter | None = None
        self._conversations: ConversationStore | None = None

    @classmethod
    def open(cls, index: str | Path | None = None, chroma_url: str | None = None) -> KnowledgeBase:
        return cls(load_settings(index=index, chroma_url=chroma_url))

    # --- the components, opened lazily ---
    def registry(self) -> DepartmentRegistry:
        with self._lock:
            if self._registry is None:
                from kb.parse.departments import DepartmentRegistry

                self._registry = DepartmentRegistry.from_settings(self.settings)
            return self._registry

    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from kb.store.embed import make_embedder

                self._embedder = make_embedder(self.settings.embedder, self.settings)
            return self._embedder

    def writer_embedder(self) -> Embedder:
        """A second instance of the embedder, for ingestion while questions are answered: embedding a long
        upload holds its model, and questions, which use `embedder()`, must not wait for it."""
        with self._lock:
            if self._writer_embedder is None:
                from kb.store.embed import make_embedder

                self._writer_embedder = make_embedder(self.settings.embedder, self.settings)
            return self._writer_embedder

    def store(self, create: bool = False) -> ClauseStore:
        """The clause store; without `create`, IndexMissing when nothing was ingested yet. Checked when opened:
        IndexDamaged (saying how to rebuild) when it is not whole."""
        with self._lock:
            if self._store is None:
                from kb.store.chroma import ClauseStore

                store = ClauseStore(self.settings, create=create)
                self._check(store)
                self._store = store
            return self._store

    def _check(self, store: ClauseStore) -> None:
        from kb.lock import writer_active
        from kb.store.check import check_lexical
        from kb.store.lexical import LexicalIndex

        if writer_active(self.settings.index):
            return  # another process is writing: its records agree again once it is done
        store.verify()
        lexical = LexicalIndex(self.settings.index / "lexical")
        if lexical.load() and lexical.is_current(store.generation(), store.clause_set()):
            check_lexical(str(self.settings.index), store.count(), len(lexical.ids))
            self._lexical = lexical  # loaded once: the engine uses it
            self._record_found(store, lexical)
        else:
            self._record_found(store, None)

    def _record_found(self, store: ClauseStore, lexical: LexicalIndex | None) -> None:
        """An index written before writes recorded its clause count, or its lexical index its words'
        frequencies, is read the slow way at every opening until its next write (seconds at 10,000 documents):
        what this opening found is recorded once, under the writer lock — not when a writer holds it (it records
        them itself) or the folder cannot be written (the next opening reads the slow way again)."""
        from kb.lock import writer_lock

        if not store.count_unrecorded() and (lexical is None or not lexical.frequencies_unsaved()):
            return
        # only ever a saving: whatever fails here (a busy or read-only folder, a Chroma server refusing the
        # metadata) leaves the index as it was, and the next opening reads the slow way again
        with contextlib.suppress(Exception), writer_lock(self.settings.index):
            store.record_count()
            if lexical is not None:
                lexical.record_frequencies()

    def vector_store(self, create: bool = False) -> ClauseStore:
        """The clause store with the embedder attached, for adding and searching vectors."""
        with self._lock:
            store = self.store(create)
            store.embedder = self.embedder()
            return store

    def lexical(self) -> LexicalIndex:
        """The BM25 index matching the store. When the store has changed a new object is loaded or rebuilt
        (never the one an engine in use is searching, which another thread may be reading)."""
        with self._lock:
            from kb.store.lexical import LexicalIndex, sync

            store = self.store()
            if self._lexical is None or not self._lexical.is_current(store.generation(), store.clause_set()):
                lexical = LexicalIndex(self.settings.index / "lexical")
                sync(lexical, store, self.registry().names())
                self._lexical = lexical
            return self._lexical

    # --- ingestion and listing (kb.ingest, kb.store) ---
    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: ProgressCallback | None = None,
        force: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
        steps: StepCallback | None = None,
        replace: bool = False,
        as_doc: str | None = None,
        warn: Callable[[str], None] | None = None,
        report: Callable[[IngestStatus], None] | None = None,
    ) -> list[IngestResult]:
        """Index files and folders; `force` re-indexes documents whose content is already indexed. `progress`
        is told of each file done; `steps` of each file's stages, clause by clause, and page by page while a
        scanned PDF is read by OCR (kb.ingest.StepCallback); `warn` of what a folder holds but is not read (a
        link leading outside it); `report` of the run after each file: files done, clauses per second, the
        time remaining (kb.ingest_progress.IngestStatus). Many files are parsed on every core
        (Settings.parse_workers).

        A file whose document id (its name's stem) belongs to a document ingested from another file is refused
        (DocumentExists) unless `replace`; `as_doc` replaces that indexed document by the one file given (its
        id kept). The copy of the file replaced stays in `<index>/sources/<doc>/versions/`.

        One writer per index folder: when another is running, IndexBusy at once, or after waiting up to
        `wait` seconds (`on_wait` is told once what it waits for). ReadOnlyIndex when the folder cannot be
        written, DiskFull when its disk is full.
        """
        from kb.lock import writer_lock

        with _read_only_as_error(self.settings.index), writer_lock(self.settings.index, wait, on_wait):
            doc_ids = self._replacing(paths, as_doc) if as_doc else None
            return self._ingest(
                paths, progress, force, steps, replace or bool(as_doc), doc_ids, warn, report=report
            )

    def _replacing(self, paths: Iterable[str | Path], doc: str) -> dict[Path, str]:
        from kb.errors import KBError
        from kb.ingest import expand_paths

        files = expand_paths(paths)
        if len(files) != 1 or Path(files[0]).is_dir():
            raise KBError(f"--replace {doc} takes exactly one file, not {len(files)}")
        if self.store(create=True).doc(doc) is None:
            raise KBError(f"no document '{doc}' in the index {self.settings.index} to replace (see `kb docs`)")
        return {files[0]: doc}

    def remove(self, doc: str, wait: float = 0.0) -> None:
        """Take a document out of the index (its clauses, the lexical index); its stored copy is moved into
        `<index>/sources/<doc>/versions/`, so `kb rebuild` does not bring it back. KBError when not indexed."""
        from kb.errors import KBError
        from kb.lock import writer_lock
        from kb.sources import retire_source
        from kb.store.lexical import LexicalIndex, sync_saved

        with _read_only_as_error(self.settings.index), writer_lock(self.settings.index, wait, None):
            store = self.store()
            store.refresh()
            if not store.delete_doc(doc):
                raise KBError(f"no document '{doc}' in the index {self.settings.index} (see `kb docs`)")
            retire_source(self.settings.index, doc)
            sync_saved(LexicalIndex(self.settings.index / "lexical"), store, self.registry().names())
            self._forget_states_of(doc)

    # --- what people decided about documents (kb.docstate): withdrawn, superseded ---
    def states(self) -> dict[str, DocState]:
        from kb.docstate import load_states

        return load_states(self.settings.index)

    def records(self) -> list[DocRecord]:
        """Every indexed document with its state, withdrawn ones (until purged) included: the documents table."""
        from kb.docstate import DocRecord, DocState

        states = self.states()
        return [DocRecord(info, states.get(info.doc_id, DocState())) for info in self.store().docs()]

    def _decided_records(self) -> dict[str, DocRecord]:
        """The records of the documents a decision names (withdrawn, superseded, or superseding one): what an
        answer's supersession notices read, per question. Building every record instead cost a province's index
        5–25 ms of CPU a question (10,000 records and their states)."""
        from kb.docstate import DocRecord, DocState

        states = self.states()
        named = set(states) | {s.superseded_by for s in states.values() if s.superseded_by}
        store = self.store()
        found = {d: store.doc(d) for d in sorted(named)}
        return {d: DocRecord(info, states.get(d, DocState())) for d, info in found.items() if info is not None}

    def withdraw(self, doc: str, wait: float = 0.0) -> datetime:
        """Withdraw a document softly: from now on no answer, filter or view shows it; `restore` brings it back
        until the returned time, after which `purge_withdrawn` removes it for good (as `remove`)."""
        from kb.docstate import now_utc

        now = now_utc()
        self._change_state(doc, wait, withdrawn_at=now.isoformat(timespec="seconds"))
        return now + self.grace()

    def restore(self, doc: str, wait: float = 0.0) -> None:
        """Undo a withdrawal within its grace period (KBError once the document has been removed)."""
        from kb.errors import KBError

        if doc not in self.states() or self.states()[doc].withdrawn_at is None:
            raise KBError(
                f"document '{doc}' is not withdrawn in the index {self.settings.index}: nothing to restore"
            )
        self._change_state(doc, wait, withdrawn_at=None)

    def supersede(self, old: str, new: str | None, wait: float = 0.0) -> None:
        """Mark `old` superseded by `new` (None: no longer superseded). Answers then cite `old` only when a
        question asks about it by name or filters on it, and say that `new` replaces it."""
        from kb.errors import KBError

        if new is not None:
            known = {d.doc_id for d in self.docs()}
            for doc in (old, new):
                if doc not in known:
                    raise KBError(f"no document '{doc}' in the index {self.settings.index} (see `kb docs`)")
            if new == old:
                raise KBError(f"document '{old}' cannot supersede itself")
            from kb.docstate import replaced_by

            if old in replaced_by(self.states(), new):
                raise KBError(f"'{new}' is superseded by '{old}': a document cannot replace its own replacement")
        self._change_state(old, wait, superseded_by=new)

    def grace(self) -> timedelta:
        return timedelta(minutes=self.settings.withdraw_grace_minutes)

    def purge_withdrawn(self, now: datetime | None = None, wait: float = 0.0) -> list[str]:
        """Remove for good the documents withdrawn longer ago than the grace period; their ids."""
        from kb.docstate import due, now_utc

        purged = due(self.states(), self.grace(), now or now_utc())
        for doc in purged:
            from kb.errors import KBError

            try:
                self.remove(doc, wait=wait)
            except KBError:  # removed meanwhile by another process (kb remove): only its state is left
                self._forget_states_of(doc)
        return purged

    def _change_state(self, doc: str, wait: float, **change: str | None) -> None:
        from kb.errors import KBError
        from kb.lock import writer_lock

        with _read_only_as_error(self.settings.index), writer_lock(self.settings.index, wait, None):
            if self.store().doc(doc) is None:
                raise KBError(f"no document '{doc}' in the index {self.settings.index} (see `kb docs`)")
            self._write_state(doc, **change)

    def _write_state(self, doc: str, **change: str | None) -> None:
        from kb.docstate import save_states

        states = self.states()
        states[doc] = replace(states.get(doc, DocState()), **change)
        save_states(self.settings.index, states)

    def _forget_states_of(self, doc: str) -> None:
        """A document removed for good: its own state, and every mark naming it as the replacement."""
        from kb.docstate import save_states

        states = self.states()
        kept = {d: s for d, s in states.items() if d != doc}
        kept = {d: replace(s, superseded_by=None) if s.superseded_by == doc else s for d, s in kept.items()}
        if kept != states:
            save_states(self.settings.index, kept)

    def _withdrawn(self) -> frozenset[str]:
        from kb.docstate import withdrawn

        return withdrawn(self.states())

    def _ingest(
        self,
        paths: Iterable[str | Path],
        progress: ProgressCallback | None,
        force: bool,
        steps: StepCallback | None = None,
        replace: bool = False,
        doc_ids: dict[Path, str] | None = None,
        warn: Callable[[str], None] | None = None,
        index: Path | None = None,
        report: Callable[[IngestStatus], None] | None = None,
    ) -> list[IngestResult]:
        """`index`: another folder to build into (a rebuild's), with this index's vector cache and no copies
        of the sources (they are this index's already)."""
        from kb.ingest import default_parse_workers, ingest_paths
        from kb.limits import Limits
        from kb.store.chroma import ClauseStore
        from kb.store.lexical import LexicalIndex
        from kb.store.vector_cache import FILE as VECTOR_CACHE
        from kb.store.vector_cache import VectorCache

        with self._lock:
            # A process that answers questions (the app) embeds uploads with a second model instance; one that
            # has not (the CLI) loads one model only.
            embedder = self.writer_embedder() if self._embedder is not None else self.embedder()
            if index is None:
                store = self.store(create=True)
            else:
                store = ClauseStore(self._aside_settings(index), create=True)
            if store.embedder is None:
                store.embedder = embedder
        store.refresh()  # another writer may have changed the index since this process read it
        # Its own lexical object: the one the engine searches is swapped, not changed, when the store changes.
        lexical = LexicalIndex((index or self.settings.index) / "lexical")
        limits = Limits.from_settings(self.settings)
        cache = VectorCache(self.settings.index / VECTOR_CACHE)  # kept by `kb rebuild`: nothing embedded again
        try:
            return ingest_paths(
                paths,
                store,
                lexical,
                self.registry,
                embedder,
                progress,
                force,
                limits,
                sources=self.settings.index if index is None else None,
                cache=cache,
                steps=steps,
                replace=replace,
                doc_ids=doc_ids,
                warn=warn,
                workers=self.settings.parse_workers or default_parse_workers(),
                report=report,
            )
        finally:
            if index is not None:
                store.close()

    def rebuild(
        self,
        progress: ProgressCallback | None = None,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> tuple[Path | None, list[IngestResult]]:
        """Build the index again from the source copies kept in `<index>/sources`, atomically: the new index is
        built aside (`<index>/rebuilding/`, or collections of their own on a Chroma server) and takes the old
        one's place only once every source is in it; the old Chroma and lexical folders are then moved into
        `<index>/damaged-<time>/` (returned; None with a Chroma server, whose old collections are dropped).
        A rebuild stopped midway (killed, a full disk) leaves the old index as it was."""
        from kb.errors import KBError
        from kb.lock import writer_lock
        from kb.sources import sources_dir, stored_doc_id, stored_sources

        with _read_only_as_error(self.settings.index), writer_lock(self.settings.index, wait, on_wait):
            sources = stored_sources(self.settings.index)
            if not sources:
                raise KBError(
                    f"no stored sources in {sources_dir(self.settings.index)} to rebuild from: ingest the "
                    "original files again (kb ingest --force FILES)"
                )
            aside = self._start_aside()
            doc_ids = {source: stored_doc_id(source) for source in sources}
            results = self._ingest(sources, progress, force=True, doc_ids=doc_ids, index=aside)
            return self._swap_in(aside), results

    def _aside_settings(self, aside: Path) -> Settings:
        """Settings of the index being rebuilt: its own folder, or its own collections on a Chroma server."""
        if self.settings.chroma_url:
            return self.settings.model_copy(update={"index": aside, "collection": _rebuilding(self.settings)})
        return self.settings.model_copy(update={"index": aside})

    def _start_aside(self) -> Path:
        """An empty folder (and, on a server, empty collections) to rebuild into; what an earlier rebuild that
        was stopped left there is discarded."""
        import shutil

        from kb.store.chroma import drop_collections, forget_client

        aside = self.settings.index / REBUILDING
        if aside.exists():
            forget_client(self._aside_settings(aside))
            shutil.rmtree(aside)
        aside.mkdir(mode=0o700)
        if self.settings.chroma_url:
            drop_collections(self._aside_settings(aside))
        return aside

    def _swap_in(self, aside: Path) -> Path | None:
        """Put the complete rebuilt index in the old one's place."""
        import shutil
        import time

        from kb.store import snapshot
        from kb.store.chroma import forget_client, swap_collections
        from kb.store.vectors import vectors_path

        with self._lock:
            self._store = self._lexical = self._engine = None
            self._engine_key = None
            forget_client(self.settings)
            forget_client(self._aside_settings(aside))
            index = self.settings.index
            if self.settings.chroma_url:
                swap_collections(self.settings, _rebuilding(self.settings))
                old = None
            else:
                old = index / f"damaged-{time.strftime('%Y%m%d-%H%M%S')}"
                if (index / "chroma").exists():
                    old.mkdir(exist_ok=True)
                    (index / "chroma").replace(old / "chroma")
                (aside / "chroma").replace(index / "chroma")
            if (index / "lexical").exists():
                if old is None:
                    shutil.rmtree(index / "lexical")
                else:
                    old.mkdir(exist_ok=True)
                    (index / "lexical").replace(old / "lexical")
            if (aside / "lexical").exists():
                (aside / "lexical").replace(index / "lexical")
            # the rebuilt index may reach the old one's generation with the same clause ids, and its vectors
            # differ (a new parser's texts): the saved ones are not to be trusted by their key
            snapshot.forget(vectors_path(index, self.settings.chroma_url, self.settings.collection))
            for path in snapshot.engine_paths(index, self.settings.chroma_url, self.settings.collection):
                snapshot.forget(path)  # the engine's structures likewise (texts of the old build)
                snapshot.forget(snapshot.groups_path(path))
            shutil.rmtree(aside, ignore_errors=True)
            return old if old is not None and old.exists() else None

    def migrate(self, url: str, wait: float = 0.0) -> Migrated:
        """Copy this embedded index to the Chroma server at `url`, vectors included (kb.store.migrate); no
        ingest may write meanwhile (IndexBusy, as for `ingest`)."""
        from kb.lock import writer_lock
        from kb.store.migrate import migrate

        with writer_lock(self.settings.index, wait, None):
            return migrate(self.settings, url)

    def docs(self) -> list[DocInfo]:
        """The indexed documents, withdrawn ones left out (`records` lists them too)."""
        gone = self._withdrawn()
        return [d for d in self.store().docs() if d.doc_id not in gone]

    def check(self, doc: str | None = None) -> list[DocNotes]:
        """The notes not understood, per document: every indexed one, the one with id `doc`, or — when `doc`
        names a file — that file read as ingestion would read it, without indexing it (UnknownDocument when
        neither)."""
        if doc is not None and Path(doc).is_file():
            from kb.isolate import parse_file
            from kb.limits import Limits

            parsed = parse_file(doc, self.registry(), Limits.from_settings(self.settings)).doc
            assert parsed is not None  # no known content hash was given, so the file is always parsed
            return [DocNotes(parsed.doc_id, parsed.title, parsed.notes)]
        from kb.errors import UnknownDocument

        found = self.docs()
        chosen = [info for info in found if doc is None or info.doc_id == doc]
        if doc is not None and not chosen:
            raise UnknownDocument(doc, len(found))
        return [DocNotes(info.doc_id, info.title, info.notes) for info in chosen]

    def clauses(
        self,
        doc: str | None = None,
        department: str | None = None,
        lead_only: bool = False,
        place: str | None = None,
    ) -> list[Clause]:
        """Clauses in document order; `department` in any spelling (aliases, short forms); `place` keeps the
        documents of that place (as `kb docs` names it: 南充市), so that a name several places' notes write
        means one place's unit."""
        found = self.store().clauses(
            doc=doc, department=self._department_filter(department), lead_only=lead_only
        )
        gone = self._withdrawn()
        found = [c for c in found if c.doc not in gone] if gone else found
        if place is None:
            return found
        places = self.doc_places()
        return [c for c in found if (places.get(c.doc) or NO_PLACE) == place]

    def doc_places(self) -> dict[str, str | None]:
        """Document id → its place (None where none was recognised)."""
        return {d.doc_id: d.place for d in self.docs()}

    def placed(self, clauses: Iterable[Clause] | None = None) -> PlacedClauses:
        """The clauses (default: all) with their documents' places: the units they name, each of its place."""
        return placed(self.clauses() if clauses is None else clauses, self.doc_places())

    def units_named(self, text: str, clauses: PlacedClauses | None = None) -> list[Unit]:
        """The units a name means: `市财政局（南充市）` (a picker's label) one, a bare name written in any spelling
        one per place whose documents name it; [] when none does."""
        return (clauses or self.placed()).units_named(text, self._department_filter)

    def clause_in_context(self, clause_id: str, around: int = 1) -> tuple[list[Clause], int]:
        """A clause with up to `around` clauses of its document before and after it, and its position in that
        list (-1, with an empty list, when no such clause is indexed)."""
        doc = clause_id.rsplit(":", 1)[0]
        clauses = self.clauses(doc=doc)
        at = next((i for i, c in enumerate(clauses) if c.id == clause_id), -1)
        if at < 0:
            return [], -1
        start = max(0, at - around)
        return clauses[start : at + around + 1], at - start

    def source_page(self, clause: Clause, page: int | None = None) -> PageImage | None:
        """The printed page of a clause from a PDF, rendered with the clause's region highlighted
        (kb.page_image), from the source copy the index keeps; None for DOCX/TXT or without a stored copy.
        `page`: another page of its document (paging through it), None past its last page."""
        from kb.page_image import render_clause_page

        source = self.original(clause.doc)
        if source is None or source.suffix.lower() != ".pdf" or not _is_pdf(source):
            return None  # an OFD or a web page saved as .pdf is read as what it is, and has no PDF page
        return render_clause_page(source, clause, shown=page)

    def source_text(self, clause: Clause) -> SourceText | None:
        """A clause of a DOCX, TXT or web page in the text of its original file, a few paragraphs either side
        (kb.source_text); None for a PDF (its page is shown) or without a stored copy."""
        from kb.errors import KBError
        from kb.limits import Limits
        from kb.source_text import clause_in_text, paragraphs_of

        source = self.original(clause.doc)
        if source is None or _is_pdf(source):
            return None
        try:
            paragraphs = paragraphs_of(source, Limits.from_settings(self.settings))
        except KBError:  # read when ingested, so only a copy damaged since: the extracted clauses remain
            return None
        return clause_in_text(paragraphs, clause)

    def original(self, doc: str) -> Path | None:
        """The copy of a document's original file the index keeps (None when it keeps none, or the document
        is withdrawn: its file is no longer served)."""
        from kb.sources import stored_source

        if doc in self._withdrawn():
            return None
        return stored_source(self.settings.index, doc)

    def working_groups(self, doc: str | None = None) -> list[WorkingGroup]:
        gone = self._withdrawn()
        return [g for g in self.store().working_groups(doc) if _doc_of(g.clause_id) not in gone]

    def _department_filter(self, department: str | None) -> str | None:
        """A department filter in any spelling, as stored; a name the registry does not know is matched as
        written (notes may name other bodies)."""
        if not department:
            return None
        from kb.cleantext import clean_name

        department = clean_name(department)
        return self.resolve_department(department) or self.registry().canonical(department)

    def unit(self, name: str, place: str | None = None, clauses: PlacedClauses | None = None) -> Unit:
        """The one unit `name` (any spelling, or a label `市财政局（南充市）`) means, of `place` when given.
        UnknownDepartment when no document names it; UnitOfSeveralPlaces when documents of several places do
        and no place says which; UnitNotInPlace when the place's documents do not name it."""
        from kb.errors import UnitNotInPlace, UnitOfSeveralPlaces, UnknownDepartment
        from kb.export.department import close_departments

        within = clauses or self.placed()
        units = self.units_named(name, within)
        if place is not None:
            chosen = [u for u in units if u.where == place]
            if not chosen and units:
                raise UnitNotInPlace(units[0].name, place, tuple(u.where for u in units))
            units = chosen
        if not units:
            known = [u.name for u in within.units()]
            raise UnknownDepartment(name, close_departments(name, self.resolve_department, known))
        if len(units) > 1:
            raise UnitOfSeveralPlaces(units[0].name, tuple(u.where for u in units))
        return units[0]

    def _unit_filter(self, department: str | None) -> tuple[str | None, str | None]:
        """A department filter as (canonical name, place): a picker's `市财政局（南充市）` is 南充's unit only."""
        if not department:
            return None, None
        name, place = read_label(department, {p for p in self.doc_places().values() if p})
        return self._department_filter(name), place

    def resolve_department(self, name: str) -> str | None:
        """Canonical name for any spelling the registry knows, else None."""
        return self.registry().resolve(name)

    # --- question answering (kb.qa) ---
    def engine(self, superseded: bool = False) -> Engine:
        """The question-answering engine over the clauses answers may cite: never a withdrawn document's, and a
        superseded document's only with `superseded` (a second engine, built when first asked for). Rebuilt
        when the index or the documents' states have changed."""

        with self._lock, self._models_loading():
            store = self.vector_store()
            store.refresh()  # an ingest in another process shows here before the next question
            return self._engine_of(store, superseded)

    def _engine_of(self, store: ClauseStore, superseded: bool) -> Engine:
        """The engine of this state of the store (KnowledgeBase.engine), built when there is none yet for it."""
        from kb.docstate import states_key

        with self._vectors_loading(store):
            key = (store.generation(), store.clause_set(), states_key(self.settings.index))
            states = self.states()
            if superseded:
                if self._engine_all is None or self._engine_all_key != key:
                    self._engine_all = None
                    with _collector_paused(replacing=True):
                        self._engine_all = self._build_engine(store, self._withdrawn())
                    self._engine_all_key = key
                return self._engine_all
            if self._engine is None or self._engine_key != key:
                from kb.docstate import superseded as superseded_docs
                from kb.docstate import withdrawn

                with _collector_paused(replacing=self._engine is not None):
                    self._engine = self._build_engine(store, withdrawn(states) | superseded_docs(states))
                self._engine_key = key
            return self._engine

    @contextlib.contextmanager
    def _models_loading(self) -> Iterator[None]:
        """The first time an engine is asked for: jieba's dictionary and the embedding model loaded in a thread
        while the index opens (they wait on nothing opening reads; USE's tokenizer and weights and jieba's
        dictionary were 4-5 s of every start at 10,000 documents, beside Chroma's own loading), joined before the
        engine is handed out. Should loading fail, the engine's own use of them says why."""
        if self._models_started:
            yield
            return
        self._models_started = True
        embedder = self.embedder()

        def load() -> None:
            import jieba

            jieba.dt.check_initialized()
            embedder.load()

        with _in_thread("kb-models", load):
            yield

    @contextlib.contextmanager
    def _vectors_loading(self, store: ClauseStore) -> Iterator[None]:
        """The first time an engine is built: Chroma's vector index loaded in a thread while the engine's
        structures are read (Chroma loads it at the first search, 2-3 s at 10,000 documents, most of it reading
        files with the interpreter free), joined before the engine is handed out. A failure here is the first
        search's to report."""
        if self._vectors_started:
            yield
            return
        self._vectors_started = True
        with _in_thread("kb-vectors", store.preload):
            yield

    def _build_engine(self, store: ClauseStore, excluded: frozenset[str] = frozenset()) -> Engine:
        """The question-answering engine over the store's clauses but those of the `excluded` documents, with
        its indexes and models."""
        from kb.qa.corpus import Corpus
        from kb.qa.engine import Engine, Thresholds
        from kb.qa.retrieve.hybrid import HybridRetriever
        from kb.qa.saved import open_groups, open_index, snapshot_key
        from kb.store.snapshot import engine_path
        from kb.store.vectors import open_vectors, vectors_path

        # the clauses and the indexes over them: read back from the index folder when saved for this state of it
        # with these documents left out (its own file and key: never the whole clause set's, nor the reverse)
        settings = self.settings
        path = engine_path(settings.index, settings.chroma_url, settings.collection, excluded)
        where = f"{settings.chroma_url or ''}|{settings.collection}"
        key = snapshot_key(store, where, excluded)  # read before building: as open_index keys what it builds
        opened = open_index(store, path, where, excluded)
        clauses = opened.indexes.clauses
        embedder = self.embedder()
        dense = _dense_without(store, excluded)
        # the clause vectors in this process for searches filtered to some clauses (kb.store.vectors)
        vectors = open_vectors(
            store,
            vectors_path(settings.index, settings.chroma_url, settings.collection),
            f"{settings.chroma_url or ''}|{settings.collection}",
        )
        retriever = HybridRetriever(clauses, self.lexical(), dense, embedder.embed_query, vectors=vectors)
        from kb.qa.decide.groups import read_again
        from kb.qa.normalise.glossary import Glossary
        from kb.qa.normalise.text import EverydayWords
        from kb.qa.understand.intent import ROUTER_EXAMPLES
        from kb.qa.understand.router import intent_model
        from kb.qa.understand.units import NameGrammar, UnitResolver

        glossary = Glossary.from_yaml(self.settings.corpus / "glossary.yaml")
        places = opened.unit_places
        registry = self.registry().extended(places)
        grammar = NameGrammar.from_yaml(self.settings.corpus_file("unit_names.yaml"))
        home = [p.place for p in self.registry().places() if p.place]
        # the working groups read again by this version's reader: an index an earlier one built answers the roles
        # this one reads (组长由X担任); the registry's canonical names are for the home places' documents only
        groups = open_groups(
            path,
            key,
            settings.departments_path,
            lambda: read_again(clauses, opened.groups, registry.canonical, opened.doc_places, home),
        )
        corpus = Corpus(
            clauses,
            groups,
            glossary=glossary,
            tokenize=self.lexical().tokenizer.tokenize,
            doc_places=opened.doc_places,
            home_places=home,
            everyday=EverydayWords.from_yaml(self.settings.corpus_file("everyday_words.yaml")),
            indexes=opened.indexes,
            english_places=opened.english_places,
            doc_numbers=opened.doc_numbers,
        )
        return Engine(
            corpus,
            registry,
            retriever,
            thresholds=Thresholds.for_embedder(embedder.name),
            model=intent_model(ROUTER_EXAMPLES),
            resolver=UnitResolver(registry, places, grammar, home=frozenset(home)),
        )

    def warm(self) -> None:
        """Open the index and load every model and table answering uses, so that the first question costs what
        any question costs (`kb serve` does this as it starts; `kb ask` loads only what its question needs)."""
        engine = self.engine()
        with _collector_paused():
            engine.warm()
        self.llm_writer()  # llama-index and openai load in seconds: not within the first question's time

    def ask(
        self,
        question: str,
        doc: str | None = None,
        department: str | None = None,
        mode: Mode = "hybrid",
        llm: bool | None = None,
        history: Sequence[str] | None = None,
    ) -> Answer:
        """Answer one question from the index, citing the clauses; abstains when the documents do not answer.

        `department` (any spelling) and `doc` restrict the search; `mode` picks the retrieval (hybrid, bm25, dense).
        With a model configured (KB_LLM_URL) and `llm` not False, the answer also carries the model's wording,
        checked against the cited clauses (`answer.llm`); `answer.answer` stays the offline text.
        `history`, the questions asked before in the conversation (oldest first), lets a follow-up (那配合单位呢？)
        be read as a whole question (`Answer.resolved`). A filtered answer names its filters (`Answer.scope`);
        when the filtered search finds nothing, `Answer.outside` counts what all documents hold.
        """
        answer = self._offline(question, doc, department, mode, history)
        writer = self.llm_writer() if llm is not False else None
        return writer.write(answer) if writer else answer

    def _offline(
        self,
        question: str,
        doc: str | None,
        department: str | None,
        mode: Mode = "hybrid",
        history: Sequence[str] | None = None,
    ) -> Answer:
        """The offline answer, a follow-up read against the conversation, the filters named."""
        from kb.cleantext import clean_text
        from kb.qa.understand.followup import resolve

        limit = self.settings.max_question_chars
        asked = check_question(clean_text(question), limit)  # a zero-width space inside a unit's name hides it
        earlier = kept_history(history, limit)
        resolved = resolve(asked, earlier)
        context = earlier[-1] if resolved != asked and earlier else None  # what the follow-up was read against
        unit, place = self._unit_filter(department)
        records = self._decided_records()
        old = superseded_asked(resolved, doc, records)
        engine = self.engine(superseded=bool(old))
        within = doc or (old[0] if len(old) == 1 else None)  # a question naming one old document asks it
        answer = engine.ask(resolved, doc=within, department=unit, mode=mode, place=place, context=context)
        scope = self.scope(doc, department)
        outside = 0
        if scope and answer.abstained:
            everywhere = engine.ask(resolved, mode=mode)
            outside = 0 if everywhere.abstained else len(everywhere.citations)
        return replace(
            answer,
            question=asked,
            resolved=resolved if resolved != asked else None,
            scope=scope,
            outside=outside,
            notices=supersession_notices(answer, old, records, self.states()),
        )

    def ask_stream(
        self,
        question: str,
        doc: str | None = None,
        department: str | None = None,
        history: Sequence[str] | None = None,
    ) -> Iterator[Answer]:
        """The offline answer at once, then — with a model configured — again as the model's checked sentences
        stream in; the last answer yielded is final."""
        answer = self._offline(question, doc, department, history=history)
        yield answer
        writer = self.llm_writer()
        if writer:
            yield from writer.stream(answer)

    def llm_writer(self) -> LLMWriter | None:
        """The model that words answers (kb.qa.write.llm), or None when no endpoint is configured (KB_LLM_URL)."""
        if not self.settings.llm_url:
            return None
        with self._lock:
            if self._llm is None:
                from kb.qa.write.llm import LLMWriter

                registry = self.registry()
                self._llm = LLMWriter.from_settings(self.settings, registry.find_in_text, registry.resolve)
            return self._llm

    def scope(self, doc: str | None, department: str | None) -> tuple[str, ...]:
        """The filters as a reader names them: 《document title》 and the unit (any spelling, shown canonical)."""
        scope: list[str] = []
        name, place = self._unit_filter(department)
        if doc:
            title = next((d.title for d in self.docs() if d.doc_id == doc), doc)
            scope.append(f"《{title}》")
        if name:
            scope.append(Unit(name, place).label if place and place != NO_PLACE else name)
        return tuple(scope)

    def feedback(
        self,
        answer: Answer,
        liked: bool,
        *,
        question: str | None = None,
        reason: str | None = None,
        correction: str | None = None,
        user: str | None = None,
        conversation: str | None = None,
    ) -> dict[str, Any]:
        """Record a 👍 (liked) or 👎 on an answer in the index folder (kb.feedback): `question` as typed, a
        👎's `reason` (kb.feedback.REASONS) and the correct answer, whose verdict, in which conversation."""
        from kb.feedback import record

        return record(
            self.settings.index,
            answer,
            "up" if liked else "down",
            question=question,
            reason=reason,
            correction=correction,
            user=user,
            conversation=conversation,
        )

    def conversations(self) -> ConversationStore:
        """The conversations kept for the app's users, in the index folder (kb.conversations)."""
        with self._lock:
            if self._conversations is None:
                from kb.conversations import ConversationStore

                self._conversations = ConversationStore(self.settings.index)
            return self._conversations

    def as_retriever(self, top_k: int = 5, mode: Mode = "hybrid") -> ClauseRetriever:
        """The hybrid clause retriever as a llama-index `BaseRetriever` (NodeWithScore with clause metadata)."""
        from kb.qa.write.llama import ClauseRetriever

        return ClauseRetriever(
            self.engine(), top_k=top_k, mode=mode, max_question_chars=self.settings.max_question_chars
        )


REBUILDING = "rebuilding"  # the folder a rebuild builds the new index in


def _doc_of(clause_id: str | None) -> str | None:
    return clause_id.rsplit(":", 1)[0] if clause_id else None


def _dense_without(store: ClauseStore, excluded: frozenset[str]) -> Callable[..., Any]:
    """The store's vector search, with the `excluded` documents' clauses left out by Chroma itself: filtered
    afterwards, they would take the nearest places and set the best similarity abstention reads."""
    if not excluded:
        return store.query
    leave_out: dict[str, Any] = {"doc": {"$nin": sorted(excluded)}}

    def query(vector: Any, k: int, where: dict[str, Any] | None = None) -> Any:
        return store.query(vector, k, {"$and": [where, leave_out]} if where else leave_out)

    return query


def superseded_asked(question: str, doc: str | None, records: Mapping[str, DocRecord]) -> list[str]:
    """The superseded documents a question asks about: the one its document filter names, or those it names
    by their 文号 or whole title (brackets aside: 方案征求意见稿 names 方案（征求意见稿）)."""
    old = [d for d, r in records.items() if r.status == "superseded"]
    if doc is not None:
        return [doc] if doc in old else []
    text = _bare(question)
    return [d for d in old if any(len(name) >= 6 and name in text for name in _names(records[d].info))]


def _names(info: DocInfo) -> list[str]:
    """How a question may name a document: its 文号 or its whole title, brackets and spaces aside."""
    return [_bare(name) for name in (info.doc_no, info.title) if name]


def _bare(text: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"'（）()〔〕\[\]【】]", "", text)


def supersession_notices(
    answer: Answer, old: Sequence[str], records: Mapping[str, DocRecord], states: Mapping[str, DocState]
) -> tuple[str, ...]:
    """What the answer says of superseded documents: that the old one asked about is replaced, and by which;
    or that a cited document replaces one it no longer cites."""
    from kb.docstate import successor

    def title(doc: str | None) -> str:
        record = records.get(doc or "")
        return f"《{record.info.title}》" if record else f"“{doc}”"

    known = set(records)
    if old:
        return tuple(
            f"{title(d)}已被{title(successor(states, d, known))}替代；此回答按所问的旧文件作答，现行规定以新文件为准。"
            for d in old
        )
    if answer.abstained:
        return ()
    cited = {hit.clause.doc for hit in answer.citations}
    return tuple(
        f"{title(d)}已被{title(s.superseded_by)}替代，回答不引用旧文件（问题中写明旧文件的标题或文号可查询旧文件）。"
        for d, s in sorted(states.items())
        if s.superseded_by in cited and s.withdrawn_at is None and d in records
    )


def _rebuilding(settings: Settings) -> str:
    """The collection name a rebuild on a Chroma server builds into."""
    return f"{settings.collection}_rebuilding"


@contextlib.contextmanager
def _in_thread(name: str, load: Callable[[], object]) -> Iterator[None]:
    """`load` run in a daemon thread while the block runs, joined at its end (also when the block fails). A
    failure of `load` is swallowed: what it loads is used later, and that use reports the failure."""

    def run() -> None:
        with contextlib.suppress(Exception):
            load()

    loading = threading.Thread(target=run, name=name, daemon=True)
    loading.start()
    try:
        yield
    finally:
        loading.join()


@contextlib.contextmanager
def _read_only_as_error(index: Path) -> Iterator[None]:
    """An index folder that cannot be written (permissions, a read-only file system) as one clear line."""
    import errno

    from kb.errors import ReadOnlyIndex

    try:
        yield
    except OSError as error:
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise ReadOnlyIndex(str(index), error.filename or str(index)) from error
        raise


@contextlib.contextmanager
def _collector_paused(replacing: bool = False) -> Iterator[None]:
    """Python's cycle collector paused while an engine's hundreds of thousands of objects are made (it would
    scan them again and again: half the build time at 1,000 documents), and what exists then frozen out of
    later collections, which then stay short while questions are answered. `replacing` an engine: the old one
    is made collectable first and collected after, so that no engine is kept frozen once replaced."""
    enabled = gc.isenabled()
    if replacing:
        gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if replacing:
            gc.collect()
        gc.freeze()


def _is_pdf(path: Path) -> bool:
    """The file is a PDF by its content (kb.load.detect), whatever its name."""
    try:
        with open(path, "rb") as file:
            return b"%PDF-" in file.read(1024)
    except OSError:
        return False
