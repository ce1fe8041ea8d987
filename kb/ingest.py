"""Ingestion: files and folders in, clauses in the index out, one IngestResult per file.

A file is loaded and parsed completely, in a child process under memory and time limits (kb.isolate), before
the index is touched, so a refused file (any kb.errors.IngestError) leaves the index exactly as it was while the
good files of the same run are kept.
A file whose content (sha256) is already indexed is skipped without embedding work; of a changed or forced
file, only clauses whose embedding text is new are embedded (kb.store.vector_cache). The lexical index is
refreshed once at the end, and not even read when nothing changed.

Many files: parsing is pure Python and costs most of an ingest's CPU, so several files are parsed at once
(`workers`, one child process each) while this process embeds and stores, in file order, the ones parsed
before them; the clauses of small documents are embedded and stored together (EMBED_GROUP), the index's
fingerprint written once per group (ClauseStore.writing). Results, index and progress are those of a run
parsing one file at a time.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from kb.errors import DiskFull, DocumentExists, DocumentNotWritten, IngestError, KBError, ReadOnlyIndex
from kb.ingest_progress import IngestStatus, ProgressTracker
from kb.isolate import parse_file
from kb.limits import Limits
from kb.load import SUPPORTED_EXTENSIONS, doc_id_for
from kb.sources import is_stored_copy, keep_source
from kb.store.chroma import ClauseStore
from kb.store.embed import Embedder
from kb.store.lexical import LexicalIndex, sync_saved
from kb.store.vector_cache import VectorCache
from kb.types import Clause, DocInfo, IngestResult, ParsedDoc

if TYPE_CHECKING:
    from kb.parse.departments import DepartmentRegistry

SUFFIXES = tuple(SUPPORTED_EXTENSIONS)  # every extension kb.load reads
ProgressCallback = Callable[[str, int, int], None]  # (file, done, total)
# Within one file: "read" while the parsing child reads and splits it (clauses not known yet: 0 of 0), "ocr"
# page by page while it reads a scanned PDF's image-only pages (pages done of those pages), then "embed" clause
# by clause (done of the file's clauses), then "store" once its clauses are written.
Stage = Literal["read", "ocr", "embed", "store"]
StepCallback = Callable[[str, Stage, int, int], None]  # (file, stage, clauses or pages done, of how many)
EMBED_BATCH = 8  # clauses embedded between two progress steps
# Characters of a clause's embedding text: clauses are split at kb.parse.length.MAX_CLAUSE_CHARS already, and
# the embedder cuts what it is given (Embedder.max_chars); cut here too, the text sent to the cache is bounded.
EMBED_MAX_CHARS = 2_000


def expand_paths(paths: Iterable[str | Path], warn: Callable[[str], None] | None = None) -> list[Path]:
    """Files as given; folders searched recursively for the supported suffixes (hidden files skipped).

    Inside a folder, a symbolic link is followed only when it leads to a file inside that folder: a link to
    /etc/passwd planted in a corpus is skipped, and `warn` is told its name and where it leads."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(_files_in(path, warn))
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _files_in(folder: Path, warn: Callable[[str], None] | None) -> list[Path]:
    root = folder.resolve()
    found: list[Path] = []
    for directory, subfolders, names in os.walk(folder):  # links to folders are not entered (followlinks=False)
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in names:
            path = Path(directory) / name
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            target = path.resolve()
            if not target.is_relative_to(root):
                if warn:
                    warn(f"{path}: a symbolic link to {target}, outside {folder}: skipped, not read")
                continue
            if target.is_file():
                found.append(path)
    return sorted(found)


def embedding_text(clause: Clause) -> str:
    """Outline labels give a clause its topic (`锻造产业创新主引擎`), so they are embedded with it; at most
    EMBED_MAX_CHARS characters."""
    return "\n".join([*clause.path, clause.title, clause.text])[:EMBED_MAX_CHARS]


def department_spellings(registry: DepartmentRegistry) -> list[str]:
    """Canonical names for the lexical vocabulary (spellings met in notes are added from the clauses)."""
    return registry.names()


def ingest_paths(
    paths: Iterable[str | Path],
    store: ClauseStore,
    lexical: LexicalIndex,
    registry: Callable[[], DepartmentRegistry],
    embedder: Embedder,
    progress: ProgressCallback | None = None,
    force: bool = False,
    limits: Limits | None = None,
    sources: Path | None = None,
    cache: VectorCache | None = None,
    steps: StepCallback | None = None,
    replace: bool = False,
    doc_ids: Mapping[Path, str] | None = None,
    warn: Callable[[str], None] | None = None,
    workers: int = 1,
    report: Callable[[IngestStatus], None] | None = None,
) -> list[IngestResult]:
    """Ingest every file; `force` re-indexes documents whose content is already indexed. With `sources` (the
    index folder), a copy of each ingested file is kept there for `kb rebuild`; with `cache`, clause vectors are
    reused by content; `steps` is told each file's progress clause by clause. `registry` is called when a file
    is to be parsed: an ingest of unchanged files loads no unit registry.

    A file's document id is its name's stem, or what `doc_ids` gives it. A document indexed from another file
    is not replaced (DocumentExists) unless `replace`; the same file ingested again with new content replaces
    its document. `warn` is told of what a folder holds but is not read (links leading outside it).

    `workers` files are parsed at once, each in its own child process, while this process embeds and stores
    the files before them in order: the results, the index and the progress are the same for any number of
    workers. `report` is told after each file how far the run has come (kb.ingest_progress.IngestStatus).

    Raises DiskFull or ReadOnlyIndex (the index as it was before the file being written, the files before it
    kept) when the index cannot be written at all."""
    store.check_embedder()  # a mismatch is a configuration error for the whole run, not one file's
    files = expand_paths(paths, warn)
    results: list[IngestResult] = []
    tracker = ProgressTracker(files, report)

    def finished(path: Path, result: IngestResult) -> None:
        results.append(result)
        tracker.file_done(result)
        if progress:
            progress(str(path), len(results), len(files))

    context = _Run(store, registry, embedder, force, limits or Limits(), cache, steps, replace, sources)
    parallel = workers > 1 and len(files) > 1
    with _parsers(workers if parallel else 1) as parsers, embedder.beside_parsing(parallel):
        ahead: deque[tuple[Path, IngestResult | Future[ParsedDoc | IngestResult]]] = deque()
        waiting = iter(files)
        seen: dict[str, Path] = {}
        group: list[tuple[Path, ParsedDoc]] = []
        while True:
            # files are checked in order here and parsed ahead, so that the parsers never wait for the store
            while len(ahead) < PARSE_AHEAD * max(workers, 1) and (path := next(waiting, None)) is not None:
                with _writing(store, path):
                    ahead.append((path, _start(path, context, seen, (doc_ids or {}).get(path), parsers)))
            if not ahead:
                break
            path, started = ahead.popleft()
            with _writing(store, path):  # what the parsing helper itself failed with, as before
                outcome = started if isinstance(started, IngestResult) else started.result()
            if isinstance(outcome, ParsedDoc):
                group.append((path, outcome))
                if sum(len(parsed.clauses) for _, parsed in group) < EMBED_GROUP and ahead:
                    continue
            _store_group(group, context, finished)
            group = []
            if isinstance(outcome, IngestResult):
                if sources is not None and outcome.status == "unchanged" and outcome.doc_id:
                    with _writing(store, path):
                        keep_source(sources, path, outcome.doc_id)  # an index whose copy went missing
                finished(path, outcome)
    with _writing(store, None):
        sync_saved(lexical, store, _spellings_when_read(registry))
    return results


def default_parse_workers() -> int:
    """One parsing child per core this process may run on, at most MAX_PARSE_WORKERS: beyond, this
    process's own share (embedding, storing, one thread) is what limits the run."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PARSE_WORKERS))


MAX_PARSE_WORKERS = 4
EMBED_GROUP = 256  # clauses of several small documents embedded and stored together
PARSE_AHEAD = 4  # files checked and handed to the parsers ahead of the one being stored, per worker


@contextlib.contextmanager
def _parsers(workers: int) -> Iterator[Executor]:
    """Threads that each wait for one parsing child (kb.isolate starts a helper process per busy thread);
    one worker parses in this thread, as a single file always is (its OCR progress told from here)."""
    if workers <= 1:
        yield _InThisThread()
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="kb-parse")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a stopped run leaves no parse running


class _InThisThread(Executor):
    """An executor that runs each call at once, here: parsing in order, as before parallel parsing."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


@dataclass(frozen=True)
class _Run:
    """What every file of one ingest run is read and stored with."""

    store: ClauseStore
    registry: Callable[[], DepartmentRegistry]
    embedder: Embedder
    force: bool
    limits: Limits
    cache: VectorCache | None
    steps: StepCallback | None
    replace: bool
    sources: Path | None

    def step(self, path: Path, stage: Stage, done: int, total: int) -> None:
        if self.steps is not None:
            self.steps(str(path), stage, done, total)


@contextlib.contextmanager
def _writing(store: ClauseStore, path: Path | None) -> Iterator[None]:
    """A full disk or a read-only index folder stops the run with one clear line: what is indexed stays as it
    was before the file being written (kb.store.chroma.ClauseStore.replace_doc puts it back)."""
    index = store.location
    try:
        yield
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DiskFull(index, str(path) if path else None) from error
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise ReadOnlyIndex(index, error.filename or index) from error
        raise
    except KBError:  # already said, by an inner file's own block
        raise
    except Exception as error:  # chromadb reports SQLite's own errors as its InternalError
        message = str(error).lower()
        if "disk is full" in message or "no space left" in message:
            raise DiskFull(index, str(path) if path else None) from error
        if "readonly database" in message or "read-only file system" in message:
            raise ReadOnlyIndex(index, index) from error
        raise


def _spellings_when_read(registry: Callable[[], DepartmentRegistry]) -> Iterator[str]:
    """The registry's names, loaded only if the lexical index is stale and iterates them."""
    yield from department_spellings(registry())


def _start(
    path: Path, run: _Run, seen: dict[str, Path], given_id: str | None, parsers: Executor
) -> IngestResult | Future[ParsedDoc | IngestResult]:
    """A file's result when it is known without parsing (refused, or its content already indexed); else its
    parsing, handed to `parsers`. Its document id counts as taken in this run from here."""
    store = run.store
    try:
        if not path.exists():
            raise IngestError(str(path), "no such file or folder")
        doc_id = given_id or doc_id_for(path)
        if doc_id in seen:
            raise IngestError(
                str(path), f"same document id '{doc_id}' as {seen[doc_id]} in this run: rename one"
            )
        indexed = store.doc(doc_id)
        known_sha = None if run.force or indexed is None else indexed.sha256
        if _same_bytes(path, known_sha, run.limits):
            seen[doc_id] = path
            return _unchanged(path, store, doc_id)
        if indexed is not None and not run.replace and not _same_source(path, indexed, run.sources):
            raise _exists(path, indexed)
    except IngestError as error:
        return _refused(path, error)
    seen[doc_id] = path
    run.step(path, "read", 0, 0)
    return parsers.submit(_parse, path, run, known_sha, given_id, doc_id)


def _parse(
    path: Path, run: _Run, known_sha: str | None, given_id: str | None, doc_id: str
) -> ParsedDoc | IngestResult:
    try:
        child = parse_file(
            path,
            run.registry(),
            run.limits,
            known_sha=known_sha,
            doc_id=given_id,
            pages=lambda done, total: run.step(path, "ocr", done, total),
        )
    except IngestError as error:
        return _refused(path, error)
    return _unchanged(path, run.store, doc_id) if child.doc is None else child.doc


def _refused(path: Path, error: IngestError) -> IngestResult:
    doc = error.doc_id if isinstance(error, DocumentExists) else None
    return IngestResult(
        path=str(path), status="refused", doc_id=doc, error=str(error), kind=type(error).__name__
    )


def _store_group(
    group: Sequence[tuple[Path, ParsedDoc]], run: _Run, finished: Callable[[Path, IngestResult], None]
) -> None:
    """Embed the clauses of several parsed files at once, then store each file in order, its copy kept."""
    if not group:
        return
    texts = [[embedding_text(c) for c in parsed.clauses] for _, parsed in group]
    bounds = np.cumsum([0, *map(len, texts)])
    told = [-1] * len(group)

    def embedded(done: int) -> None:  # each file's share of the clauses embedded so far
        for n, (path, _) in enumerate(group):
            mine = int(min(max(done - bounds[n], 0), bounds[n + 1] - bounds[n]))
            if mine != told[n] and (mine > 0 or told[n] < 0):
                run.step(path, "embed", mine, int(bounds[n + 1] - bounds[n]))
                told[n] = mine

    embedded(0)
    vectors = _embed(run, [text for file in texts for text in file], embedded)
    store = run.store
    try:
        with _writing(store, group[0][0]), store.writing():
            for n, (path, parsed) in enumerate(group):
                with _writing(store, path):
                    store.replace_doc(parsed, vectors[bounds[n] : bounds[n + 1]], origin=_origin(path))
    except DocumentNotWritten as failed:  # the documents before it are stored: their copies kept, it named
        failing = failed.doc_id
        stored = list(itertools.takewhile(lambda member: member[1].doc_id != failing, group))
        _keep_sources(stored, run)
        with _writing(store, group[len(stored)][0]):
            raise failed.cause from failed
    _keep_sources(group, run)
    for path, parsed in group:
        run.step(path, "store", len(parsed.clauses), len(parsed.clauses))
        finished(path, _ingested(path, parsed))


def _keep_sources(stored: Sequence[tuple[Path, ParsedDoc]], run: _Run) -> None:
    if run.sources is None:
        return
    for path, parsed in stored:
        with _writing(run.store, path):
            keep_source(run.sources, path, parsed.doc_id)


def _embed(run: _Run, texts: Sequence[str], embedded: Callable[[int], None]) -> np.ndarray:
    """Every text's vector, through the cache when there is one; `embedded` is told how many of the first
    texts have their vector, batch by batch."""
    if run.cache is not None:
        return run.cache.embed(run.embedder, texts, embedded, batch=EMBED_BATCH)
    vectors = [run.embedder.embed_passages([])]
    for start in range(0, len(texts), EMBED_BATCH):
        vectors.append(run.embedder.embed_passages(texts[start : start + EMBED_BATCH]))
        embedded(min(start + EMBED_BATCH, len(texts)))
    return np.concatenate(vectors)


def _origin(path: Path) -> str:
    return str(path.resolve())


def _same_source(path: Path, indexed: DocInfo, sources: Path | None) -> bool:
    """Whether `path` is the file the indexed document came from (a new version of it), or the index's own
    copy of it; an index written before origins were recorded compares the file's name."""
    if sources is not None and is_stored_copy(sources, indexed.doc_id, path):
        return True
    if indexed.origin:
        return indexed.origin == _origin(path)
    return Path(indexed.path).name == path.name


def _exists(path: Path, indexed: DocInfo) -> DocumentExists:
    came_from = indexed.origin or indexed.path
    return DocumentExists(
        str(path),
        f"a document '{indexed.doc_id}' ingested from another file ({came_from}) is already indexed; "
        f"nothing was replaced. To replace it by this file: kb ingest --replace {indexed.doc_id} {path} "
        "(the old copy is kept in the index's sources/versions); to index both, rename this file",
        indexed.doc_id,
    )


def _same_bytes(path: Path, known_sha: str | None, limits: Limits) -> bool:
    """Whether the file holds the indexed bytes, hashed here: an unchanged file needs no parsing child (the
    child compares the same sha256 of the file's bytes when this cannot tell)."""
    if known_sha is None:
        return False
    try:
        if path.stat().st_size > limits.max_file_mb * 1024 * 1024:
            return False
        digest = hashlib.sha256()
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == known_sha


def _unchanged(path: Path, store: ClauseStore, doc_id: str) -> IngestResult:
    info = store.doc(doc_id)
    assert info is not None  # its sha was just read
    return IngestResult(
        path=str(path),
        status="unchanged",
        doc_id=doc_id,
        clauses=info.clauses,
        departments=info.departments,
        notes=info.notes,
    )


def _ingested(path: Path, parsed: ParsedDoc) -> IngestResult:
    return IngestResult(
        path=str(path),
        status="ingested",
        doc_id=parsed.doc_id,
        clauses=len(parsed.clauses),
        departments=len(parsed.departments),
        warnings=parsed.warnings,
        load_notes=parsed.load_notes,
        notes=parsed.notes,
    )


def all_ingested(results: Sequence[IngestResult]) -> bool:
    return all(result.status != "refused" for result in results)
