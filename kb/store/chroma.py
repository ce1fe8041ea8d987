"""The clause store: one Chroma record per clause (vector + metadata + the whole clause), one per document.

Chroma is embedded (a folder under the index) or a server (Settings.chroma_url). Vectors always come from the
project's embedder (`embedding_function=None`); the embedder's name is kept in the documents collection's
metadata and a store built with one embedder refuses vectors and queries from another.

Re-ingesting a document deletes every record of it before adding the new ones: Chroma's `add` ignores existing
ids and `upsert` merges metadata, so either would let stale clauses or keys survive.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from kb.errors import ConfigError, DocumentNotWritten, EmbedderMismatch, IndexMissing
from kb.settings import Settings
from kb.store import snapshot
from kb.store.check import (
    check_counts,
    check_sqlite,
    chroma_failures,
    guarded,
    remember_sqlite_checked,
    sqlite_checked_before,
)
from kb.store.embed import Embedder
from kb.store.vectors import vectors_path
from kb.types import Clause, DocInfo, ParsedDoc, UnreadNote, WorkingGroup

Metadata = dict[str, Any]
DOC_VECTOR = [1.0]  # document records need a vector; they are fetched by id, never searched
READ_BATCH = 2000  # clause records read at a time
READ_TRIES = 3  # reads of the clauses when another process writes meanwhile
WRITING = "writing"  # the clause-set fingerprint while documents are being written: no set of clauses has it


def chroma_dir(settings: Settings) -> str:
    return str(settings.index / "chroma")


def connect(settings: Settings, create: bool) -> chromadb.ClientAPI:
    """An embedded client on <index>/chroma, or an HTTP client when a server URL is set."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)  # no network calls from here
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(f"KB_CHROMA_URL '{settings.chroma_url}' is not an http://HOST:PORT address")
        port = url.port or (443 if url.scheme == "https" else 8000)
        try:
            return chromadb.HttpClient(
                host=url.hostname, port=port, ssl=url.scheme == "https", settings=chroma_settings
            )
        except Exception as error:  # connection refused, DNS, TLS: say which server
            raise ConfigError(f"cannot reach the Chroma server at {settings.chroma_url}: {error}") from error
    if not create and not (settings.index / "chroma").is_dir():
        raise IndexMissing(str(settings.index))
    return chromadb.PersistentClient(path=chroma_dir(settings), settings=chroma_settings)


def forget_client(settings: Settings) -> None:
    """Make the next embedded client on this index read its folder again.

    Chroma shares one in-memory system per folder in a process, and it never sees another process's writes to
    the vector index; forgetting it makes the next client load the folder anew. Collections already handed out
    keep the old system (other store objects in this process).
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(chroma_dir(settings), None)


def drop_collections(settings: Settings) -> None:
    """Delete the clause and document collections (of a Chroma server), if they exist."""
    client = connect(settings, create=True)
    for name in (settings.collection, f"{settings.collection}_docs"):
        with contextlib.suppress(NotFoundError, ValueError):
            client.delete_collection(name)


def swap_collections(settings: Settings, rebuilt: str) -> None:
    """Give the collections built under the name `rebuilt` (a rebuild's) the index's names, on a Chroma server:
    the old ones are renamed out of the way first and dropped once the new ones hold the names."""
    client = connect(settings, create=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    pairs = [(settings.collection, rebuilt), (f"{settings.collection}_docs", f"{rebuilt}_docs")]
    old_names = []
    for name, _ in pairs:
        with contextlib.suppress(NotFoundError, ValueError):
            client.get_collection(name, embedding_function=None).modify(name=f"{name}_old_{stamp}")
            old_names.append(f"{name}_old_{stamp}")
    for name, new in pairs:
        client.get_collection(new, embedding_function=None).modify(name=name)
    for old in old_names:
        with contextlib.suppress(NotFoundError, ValueError):
            client.delete_collection(old)


def clause_metadata(clause: Clause, order: int) -> Metadata:
    """Filterable fields plus the whole clause as JSON; None and [] are left out (Chroma refuses them)."""
    data = clause.to_dict()
    metadata: Metadata = {
        "doc": clause.doc,
        "doc_title": clause.doc_title,
        "id": clause.id,
        "number": ".".join(str(n) for n in clause.number),
        "path": json.dumps(list(clause.path), ensure_ascii=False),
        "title": clause.title,
        "lead": clause.lead,
        "departments": list(clause.departments),
        "departments_raw": list(clause.departments_raw),
        "leads": list(clause.leads),
        "indicators": json.dumps(data["indicators"], ensure_ascii=False),
        "deadlines": json.dumps(data["deadlines"], ensure_ascii=False),
        "page": clause.page,
        "part": clause.part,
        "order": order,
        "clause": json.dumps(data, ensure_ascii=False),
    }
    return {key: value for key, value in metadata.items() if value is not None and value != []}


def clause_from_metadata(metadata: Metadata) -> Clause:
    return Clause.from_dict(json.loads(metadata["clause"]))


def doc_metadata(parsed: ParsedDoc, ingested_at: str, origin: str | None = None) -> Metadata:
    metadata: Metadata = {
        "origin": origin,
        "doc_id": parsed.doc_id,
        "title": parsed.title,
        "path": parsed.path,
        "format": parsed.format,
        "sha256": parsed.sha256,
        "clauses": len(parsed.clauses),
        "departments": len(parsed.departments),
        "ingested_at": ingested_at,
        "issuer": parsed.issuer,
        "place": parsed.place,
        "doc_no": parsed.doc_no,
        "published": parsed.published,
        "working_groups": json.dumps([asdict(g) for g in parsed.working_groups], ensure_ascii=False),
        "items": parsed.notes.items,
        "items_with_units": parsed.notes.items_with_units,
        "notes_not_understood": len(parsed.unread_notes),
        "unread_notes": json.dumps([asdict(n) for n in parsed.unread_notes], ensure_ascii=False),
    }
    return {key: value for key, value in metadata.items() if value is not None}


def doc_info(metadata: Metadata) -> DocInfo:
    fields: dict[str, Any] = {name: metadata.get(name) for name in DocInfo.__dataclass_fields__}
    # a document indexed before the index kept its notes' report has none (its counts stay None)
    fields["unread_notes"] = tuple(UnreadNote(**n) for n in json.loads(metadata.get("unread_notes") or "[]"))
    return DocInfo(**fields)


def working_groups_of(metadata: Metadata) -> list[WorkingGroup]:
    return [
        WorkingGroup(
            **{
                **group,
                "members": tuple(group["members"]),
                "member_levels": tuple(group.get("member_levels", ())),  # absent in an index built before
                "sources": tuple(tuple(s) for s in group.get("sources", ())),
                "office_deputies": tuple(tuple(p) for p in group.get("office_deputies", ())),
            }
        )
        for group in json.loads(metadata["working_groups"])
    ]


def clause_set_hash(clause_ids: Sequence[str]) -> str:
    """Fingerprint of the indexed clause ids, for telling whether the lexical index is stale."""
    return hashlib.sha256("\n".join(sorted(clause_ids)).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class _Replacement:
    """A document whose old records are deleted: its new records, and the old ones to put back on failure."""

    parsed: ParsedDoc
    embeddings: np.ndarray
    doc_metadata: Metadata
    old_clauses: Any
    old_doc: Any


class ClauseStore:
    """Clause records in `<collection>`, document records and index metadata in `<collection>_docs`."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, create: bool = True) -> None:
        self.settings = settings
        self.embedder = embedder
        self.location = settings.chroma_url or str(settings.index)
        # inside writing(): the documents replaced, their records added when it ends (else None)
        self._pending: list[_Replacement] | None = None
        self._written: Metadata = {}  # what that last write records in the index metadata (the embedder)
        # the document list of the index state (generation, clause set) it was read at: every write ends by
        # raising the generation (`_bump`), so an app's per-request `docs()` reads the records once per state
        self._docs_read: tuple[tuple[Any, Any], list[DocInfo]] | None = None
        self._counted: tuple[tuple[Any, Any], int] | None = None  # the clause count of that state (`_count_now`)
        # the clause count `verify` found agreeing with the document records, read one by one because no write
        # had recorded it (an index written before writes did): `record_count` records it
        self._count_to_record: int | None = None
        self._open(create)

    def _open(self, create: bool) -> None:
        settings = self.settings
        if settings.chroma_url:
            self._connect(create)
            return
        folder = settings.index / "chroma"
        if not sqlite_checked_before(folder):
            check_sqlite(folder, str(settings.index))
        with chroma_failures(str(settings.index), "to open the index"):
            self._connect(create)
        remember_sqlite_checked(folder)  # found whole, or the file found whole before, as Chroma's opening left it

    def _connect(self, create: bool) -> None:
        settings = self.settings
        self.client = connect(settings, create)
        self.batch_size = self.client.get_max_batch_size()
        try:
            self._clauses = self._collection(settings.collection, create)
            self._docs = self._collection(f"{settings.collection}_docs", create)
        except IndexMissing:
            raise
        except Exception as error:
            if settings.chroma_url:
                raise ConfigError(f"Chroma server at {settings.chroma_url} failed: {error}") from error
            raise
        self._info: Metadata = dict(self._docs.metadata or {})

    def close(self) -> None:
        """Release the embedded database (a rebuilt index, before its folder is moved into place)."""
        if not self.settings.chroma_url:
            close = getattr(self.client, "close", None)  # the embedded client's, not on ClientAPI's type
            if close is not None:
                close()
            forget_client(self.settings)

    @guarded("to read the index")
    def verify(self) -> None:
        """IndexDamaged when the records disagree: clauses without a recorded embedder, or a clause count
        other than the document records list (a write that died halfway).

        Every write ends by recording the clause count beside the generation (`_bump`), and every write marks
        the index as being written first: when the mark is gone and Chroma holds the count recorded, the last
        write finished and the records agree, known without reading every document record (seconds at 10,000
        documents, at every opening). Otherwise the document records are read and added up, as before."""
        stored, info = self.count(), self.info
        if info.get("clause_set") != WRITING and info.get("clauses") == stored and stored:
            check_counts(str(self.settings.index), stored, stored, info.get("embedder"))
            return
        listed = sum(int(m.get("clauses", 0)) for m in self._docs.get(include=["metadatas"])["metadatas"])
        check_counts(str(self.settings.index), stored, listed, info.get("embedder"))
        if info.get("clause_set") != WRITING and info.get("clauses") is None:
            self._count_to_record = stored

    def count_unrecorded(self) -> bool:
        """Whether `verify` read every document record for want of a recorded count (`record_count` records it)."""
        return self._count_to_record is not None

    @guarded("to record the clause count")
    def record_count(self) -> bool:
        """Record the clause count `verify` found agreeing with the document records, for an index no write
        has recorded it in yet (written before writes did): from the next opening on, `verify` compares counts
        instead of reading every document record. Only in the very state verified (no write since: same
        generation and clause set, not being written); the caller holds the writer lock. Returns whether it
        recorded."""
        if self._count_to_record is None:
            return False
        current = self._read_info()
        same = all(current.get(key) == self._info.get(key) for key in ("generation", "clause_set"))
        if not same or current.get("clause_set") == WRITING or current.get("clauses") is not None:
            return False
        self._set_info(clauses=self._count_to_record)
        self._count_to_record = None
        return True

    @guarded("to read the index metadata")
    def refresh(self) -> bool:
        """Notice writes made by another process (or another store object): True when the index has changed
        since this store last read or wrote it.

        The embedded client keeps the vector index in memory and never sees another process's writes to it, so
        on a change the client is opened anew; a Chroma server serves every client the same data.
        """
        current = self._read_info()
        changed = any(current.get(key) != self._info.get(key) for key in ("generation", "clause_set"))
        if changed and not self.settings.chroma_url:
            forget_client(self.settings)
            self._open(create=False)
        self._info = current
        return changed

    def _collection(self, name: str, create: bool) -> Any:
        if create:
            return self.client.get_or_create_collection(
                name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        try:
            return self.client.get_collection(name, embedding_function=None)
        except NotFoundError as error:
            raise IndexMissing(self.location) from error

    # --- index metadata ---
    @property
    def info(self) -> Metadata:
        """The index's own metadata as last read or written here (`refresh` reads it again): embedder name,
        generation counter, hash of the clause id set."""
        return dict(self._info)

    def _read_info(self) -> Metadata:
        collection = self.client.get_collection(f"{self.settings.collection}_docs", embedding_function=None)
        return dict(collection.metadata or {})

    def _set_info(self, **changes: Any) -> None:
        metadata = {**self._read_info(), **changes}
        self._docs.modify(metadata=metadata)
        self._info = metadata

    def check_embedder(self) -> None:
        built_with = self.info.get("embedder")
        if self.embedder is None:
            raise ConfigError("this store was opened without an embedder; it cannot add or search vectors")
        if built_with and built_with != self.embedder.name and self.count() > 0:
            from kb.store.embed import setting_for

            raise EmbedderMismatch(built_with, self.embedder.name, setting_for(built_with))

    @guarded("to count the clauses")
    def count(self) -> int:
        return int(self._clauses.count())

    def _count_now(self) -> int:
        """The clause count of the index state last read (`refresh`), counted once per state: Chroma counts
        169,346 clauses in ~5 ms, and a search asked it every time. A state being written is counted anew."""
        state = (self._info.get("generation"), self._info.get("clause_set"))
        if self._counted is None or self._counted[0] != state or state[1] == WRITING:
            self._counted = (state, self.count())
        return self._counted[1]

    def generation(self) -> int:
        return int(self.info.get("generation", 0))

    def clause_set(self) -> str:
        return str(self.info.get("clause_set", clause_set_hash([])))

    # --- writing ---
    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Several documents replaced (`replace_doc`) as one write: their clauses added to Chroma together when
        the block ends, the index's generation and clause-set fingerprint written once. Embedded Chroma spends
        about 75 ms of CPU on each `add` whatever its size (2,304 clauses: 10.3 s added 18 at a time, 2.2 s
        256 at a time), and the fingerprint reads every clause id (0.3 s at 100,000 clauses): per document,
        they were most of an ingest's CPU besides embedding, and the fingerprint made it quadratic.

        The generation is raised first, with a fingerprint no clause set has: a run stopped midway (killed)
        leaves the index marked changed, so a lexical index saved before it is rebuilt, not trusted. When the
        clauses cannot be added (a full disk), every document of the block is put back as it was and they are
        written again one at a time: the documents before the one that fails are kept, and
        DocumentNotWritten names it. A block left by another error (Ctrl+C) keeps the documents replaced."""
        self._mark_writing()
        self._pending, self._written = [], {}
        try:
            yield
            self._flush()
        except BaseException:
            with contextlib.suppress(Exception):  # the failure being raised says more than these would
                self._flush()  # the documents replaced before it (nothing left after a failed flush)
            self._pending = None
            with contextlib.suppress(Exception):
                self._bump(**self._written)
            raise
        self._pending = None
        self._bump(**self._written)

    def replace_doc(self, parsed: ParsedDoc, embeddings: np.ndarray, origin: str | None = None) -> None:
        """Delete every record of the document, then add its clauses and its document record (`origin`: the
        absolute path of the file it came from, which tells a new version of it from another file of its name).

        Chroma batches are not atomic, so the old records are read first and put back if writing the new ones
        fails halfway (a server gone, a disk full): the document stays as it was indexed, never half replaced.
        Inside `writing()`, the new records are added when the block ends.
        """
        if len(embeddings) != len(parsed.clauses):
            raise ValueError(f"{len(parsed.clauses)} clauses but {len(embeddings)} embeddings")
        self.check_embedder()
        assert self.embedder is not None
        if self.count() == 0 and self.info.get("embedder") not in (None, self.embedder.name):
            self._recreate_clause_collection()  # an emptied index may switch embedder (and dimension)
        old_clauses = self._clauses.get(
            where={"doc": parsed.doc_id}, include=["embeddings", "metadatas", "documents"]
        )
        old_doc = self._docs.get(ids=[parsed.doc_id], include=["metadatas"])
        self._delete_records(parsed.doc_id)
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        new = _Replacement(parsed, embeddings, doc_metadata(parsed, ingested_at, origin), old_clauses, old_doc)
        self._written = {"embedder": self.embedder.name}
        if self._pending is not None:
            self._pending.append(new)
            return
        self._mark_writing()
        self._add([new])
        self._bump(**self._written)

    def _add(self, replacements: Sequence[_Replacement]) -> None:
        """Add the new records of documents whose old ones are deleted; on failure, put the old ones back."""
        try:
            self._add_clauses(
                [clause for r in replacements for clause in r.parsed.clauses],
                np.concatenate([np.asarray(r.embeddings, dtype=np.float32) for r in replacements]),
            )
            self._docs.add(
                ids=[r.parsed.doc_id for r in replacements],
                embeddings=[DOC_VECTOR] * len(replacements),
                metadatas=[r.doc_metadata for r in replacements],
            )
        except Exception:
            for r in replacements:
                self._restore(r.parsed.doc_id, r.old_clauses, r.old_doc)
            raise

    def _flush(self) -> None:
        pending, self._pending = self._pending or [], []
        if not pending:
            return
        try:
            self._add(pending)
        except Exception:
            for r in pending:  # one at a time, to keep the ones before the document that cannot be written
                try:
                    self._add([r])
                except Exception as error:
                    raise DocumentNotWritten(r.parsed.doc_id, error) from error

    def _restore(self, doc_id: str, clauses: Any, doc: Any) -> None:
        """Put a document's records back as they were read before a failed replace."""
        self._delete_records(doc_id)
        ids = clauses["ids"]
        for start in range(0, len(ids), self.batch_size):
            end = start + self.batch_size
            self._clauses.add(
                ids=ids[start:end],
                embeddings=clauses["embeddings"][start:end],
                metadatas=clauses["metadatas"][start:end],
                documents=clauses["documents"][start:end],
            )
        if doc["ids"]:
            self._docs.add(ids=doc["ids"], embeddings=[DOC_VECTOR], metadatas=doc["metadatas"])

    def _recreate_clause_collection(self) -> None:
        self.client.delete_collection(self.settings.collection)
        self._clauses = self._collection(self.settings.collection, create=True)

    def _add_clauses(self, clauses: Sequence[Clause], embeddings: np.ndarray) -> None:
        """Clauses of one or several documents, each given its order within its document."""
        vectors = np.asarray(embeddings, dtype=np.float32)
        seen: dict[str, int] = {}
        orders = []
        for clause in clauses:
            orders.append(seen.get(clause.doc, 0))
            seen[clause.doc] = orders[-1] + 1
        for start in range(0, len(clauses), self.batch_size):
            batch = clauses[start : start + self.batch_size]
            self._clauses.add(
                ids=[clause.id for clause in batch],
                embeddings=vectors[start : start + len(batch)],
                metadatas=[clause_metadata(clause, orders[start + i]) for i, clause in enumerate(batch)],
                documents=[clause.text for clause in batch],
            )

    def _delete_records(self, doc_id: str) -> None:
        self._docs.delete(ids=[doc_id])
        ids = self._clauses.get(where={"doc": doc_id}, include=[])["ids"]
        for start in range(0, len(ids), self.batch_size):
            self._clauses.delete(ids=ids[start : start + self.batch_size])

    def _mark_writing(self) -> None:
        """The generation raised with a fingerprint no clause set has, before any record is written or deleted:
        a write that dies midway leaves the index marked changed (and `verify` reads every record)."""
        self._set_info(generation=int(self._read_info().get("generation", 0)) + 1, clause_set=WRITING)

    def _bump(self, **changes: Any) -> None:
        ids = self._clauses.get(include=[])["ids"]
        generation = int(self._read_info().get("generation", 0)) + 1  # another store may have written since
        # the clause count as this write leaves it: `verify` compares Chroma's count with it at every opening
        self._set_info(generation=generation, clause_set=clause_set_hash(ids), clauses=len(ids), **changes)
        # the engine's saved structures are of the state before: the next process builds anew, unwarned
        settings = self.settings
        for path in snapshot.engine_paths(settings.index, settings.chroma_url, settings.collection):
            snapshot.forget(path)
            snapshot.forget(snapshot.groups_path(path))
        snapshot.forget(vectors_path(settings.index, settings.chroma_url, settings.collection))

    def delete_doc(self, doc_id: str) -> bool:
        """Remove a document and its clauses; False when it was not indexed."""
        existed = bool(self._docs.get(ids=[doc_id], include=[])["ids"])
        if existed:
            self._mark_writing()
        self._delete_records(doc_id)
        if existed:
            self._bump()
        return existed

    # --- reading ---
    @guarded("to read a document record")
    def doc(self, doc_id: str) -> DocInfo | None:
        records = self._docs.get(ids=[doc_id], include=["metadatas"])
        return doc_info(records["metadatas"][0]) if records["ids"] else None

    def doc_sha(self, doc_id: str) -> str | None:
        info = self.doc(doc_id)
        return info.sha256 if info else None

    @guarded("to list the documents")
    def docs(self) -> list[DocInfo]:
        """Every document record, by id. The index's state is read *before* the records, so a write finishing
        meanwhile raises the generation past the one they are kept under (at 10,000 documents a read costs
        seconds; the app asks on every page)."""
        info = self._read_info()
        state = (info.get("generation"), info.get("clause_set"))
        if self._docs_read is not None and self._docs_read[0] == state and state[1] != WRITING:
            return list(self._docs_read[1])
        records = self._docs.get(include=["metadatas"])
        found = sorted((doc_info(m) for m in records["metadatas"]), key=lambda info: info.doc_id)
        self._docs_read = (state, found)
        return list(found)

    @guarded("to read the working groups")
    def working_groups(self, doc: str | None = None) -> list[WorkingGroup]:
        records = self._docs.get(ids=[doc] if doc else None, include=["metadatas"])
        metadatas = sorted(records["metadatas"], key=lambda m: m["doc_id"])
        return [group for metadata in metadatas for group in working_groups_of(metadata)]

    @guarded("to read the clauses")
    def clauses(
        self, doc: str | None = None, department: str | None = None, lead_only: bool = False
    ) -> list[Clause]:
        """Clauses in document order (documents by id); `department` is a canonical name. Read in batches, each
        made clauses before the next is read (all records at once cost a 1,000-document index 700 MB of memory
        that is never given back); read again when another process wrote meanwhile."""
        where = clause_filter(doc, department, lead_only)
        for _ in range(READ_TRIES):
            generation = self._read_info().get("generation")
            ordered: list[tuple[str, int, Clause]] = []
            offset = 0
            while True:
                records = self._clauses.get(where=where, include=["metadatas"], limit=READ_BATCH, offset=offset)
                ordered += [(m["doc"], int(m["order"]), clause_from_metadata(m)) for m in records["metadatas"]]
                if len(records["ids"]) < READ_BATCH:
                    break
                offset += READ_BATCH
            if self._read_info().get("generation") == generation:
                break
        ordered.sort(key=lambda t: (t[0], t[1]))
        return [clause for _, _, clause in ordered]

    @guarded("to read the clause vectors")
    def embeddings(self) -> tuple[list[str], np.ndarray] | None:
        """Every clause's id and vector (kb.store.vectors), read in batches; None when another process wrote
        meanwhile (the rows would mix two states)."""
        generation = self._read_info().get("generation")
        ids: list[str] = []
        batches: list[np.ndarray] = []
        offset = 0
        while True:
            records = self._clauses.get(include=["embeddings"], limit=READ_BATCH, offset=offset)
            ids += records["ids"]
            if len(records["ids"]):
                batches.append(np.asarray(records["embeddings"], dtype=np.float32))
            if len(records["ids"]) < READ_BATCH:
                break
            offset += READ_BATCH
        if self._read_info().get("generation") != generation:
            return None
        width = batches[0].shape[1] if batches else 0
        return ids, np.concatenate(batches) if batches else np.zeros((0, width), np.float32)

    @guarded("to list the clauses")
    def clause_ids(self) -> list[str]:
        return list(self._clauses.get(include=[])["ids"])

    @guarded("to search the vectors")
    def preload(self) -> None:
        """Have Chroma load the clause vectors' index now: it does at the first search (2-3 s at 10,000
        documents, mostly reading files), which a thread calling this overlaps with the rest of opening. Its
        answer is not read; nothing is searched when the index holds no vector."""
        first = self._clauses.get(limit=1, include=["embeddings"])
        vectors = first.get("embeddings")
        if vectors is None or not len(vectors):
            return
        self._clauses.query(query_embeddings=[np.asarray(vectors[0], dtype=np.float32)], n_results=1, include=[])

    def query(self, vector: np.ndarray, k: int, where: Metadata | None = None) -> list[tuple[Clause, float]]:
        """The k nearest clauses with their cosine similarity, most similar first."""
        self.check_embedder()
        total = self._count_now()
        if total == 0 or k <= 0:
            return []
        result = self._clauses.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=min(k, total),
            where=where or None,
            include=["metadatas", "distances"],
        )
        pairs = zip(result["metadatas"][0], result["distances"][0], strict=True)
        return [(clause_from_metadata(m), 1.0 - float(distance)) for m, distance in pairs]


def clause_filter(
    doc: str | None = None,
    department: str | None = None,
    lead_only: bool = False,
    docs: Collection[str] | None = None,
) -> Metadata | None:
    """The Chroma `where` for clauses of a document (or of any of `docs`) and/or naming (or, with lead_only, led
    by) a department."""
    conditions: list[Metadata] = []
    if doc:
        conditions.append({"doc": doc})
    if docs is not None:
        conditions.append({"doc": {"$in": sorted(docs)}})
    if department:
        field = "leads" if lead_only else "departments"
        conditions.append({field: {"$contains": department}})
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}
