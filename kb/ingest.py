"""Ingestion: files and folders in, clauses in the index out, one IngestResult per file.

A file is loaded and parsed completely, in a child process under memory and time limits (kb.isolate), before
the index is touched, so a refused file (any kb.errors.IngestError) leaves the index exactly as it was while the
good files of the same run are kept.
A file whose content (sha256) is already indexed is skipped without embedding work; of a changed or forced
file, only clauses whose embedding text is new are embedded (kb.store.vector_cache). The lexical index is
refreshed once at the end, and not even read when nothing changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from kb.errors import IngestError
from kb.isolate import parse_file
from kb.limits import Limits
from kb.load import doc_id_for
from kb.sources import keep_source
from kb.store.chroma import ClauseStore
from kb.store.embed import Embedder
from kb.store.lexical import LexicalIndex, sync_saved
from kb.store.vector_cache import VectorCache
from kb.types import Clause, IngestResult, ParsedDoc

if TYPE_CHECKING:
    from kb.parse.departments import DepartmentRegistry

SUFFIXES = (".pdf", ".docx", ".txt", ".md")
ProgressCallback = Callable[[str, int, int], None]  # (file, done, total)
# Within one file: "read" while the parsing child reads and splits it (clauses not known yet: 0 of 0), then
# "embed" clause by clause (done of the file's clauses), then "store" once its clauses are written.
Stage = Literal["read", "embed", "store"]
StepCallback = Callable[[str, Stage, int, int], None]  # (file, stage, clauses done, clauses in the file)
EMBED_BATCH = 8  # clauses embedded between two progress steps


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders searched recursively for the supported suffixes (hidden files skipped)."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = (
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            )
            files.extend(sorted(found))
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def embedding_text(clause: Clause) -> str:
    """Outline labels give a clause its topic (`锻造产业创新主引擎`), so they are embedded with it."""
    return "\n".join([*clause.path, clause.title, clause.text])


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
) -> list[IngestResult]:
    """Ingest every file; `force` re-indexes documents whose content is already indexed. With `sources` (the
    index folder), a copy of each ingested file is kept there for `kb rebuild`; with `cache`, clause vectors are
    reused by content; `steps` is told each file's progress clause by clause. `registry` is called when a file
    is to be parsed: an ingest of unchanged files loads no unit registry."""
    store.check_embedder()  # a mismatch is a configuration error for the whole run, not one file's
    files = expand_paths(paths)
    results: list[IngestResult] = []
    seen: dict[str, Path] = {}
    for done, path in enumerate(files, start=1):
        result = _ingest_file(path, store, registry, embedder, seen, force, limits or Limits(), cache, steps)
        if sources is not None and result.status != "refused" and result.doc_id:
            keep_source(sources, path, result.doc_id)
        results.append(result)
        if progress:
            progress(str(path), done, len(files))
    sync_saved(lexical, store, _spellings_when_read(registry))
    return results


def _spellings_when_read(registry: Callable[[], DepartmentRegistry]) -> Iterator[str]:
    """The registry's names, loaded only if the lexical index is stale and iterates them."""
    yield from department_spellings(registry())


def _ingest_file(
    path: Path,
    store: ClauseStore,
    registry: Callable[[], DepartmentRegistry],
    embedder: Embedder,
    seen: dict[str, Path],
    force: bool,
    limits: Limits,
    cache: VectorCache | None = None,
    steps: StepCallback | None = None,
) -> IngestResult:
    step = steps or (lambda file, stage, done, total: None)
    try:
        if not path.exists():
            raise IngestError(str(path), "no such file or folder")
        doc_id = doc_id_for(path)
        if doc_id in seen:
            raise IngestError(
                str(path), f"same document id '{doc_id}' as {seen[doc_id]} in this run: rename one"
            )
        known_sha = None if force else store.doc_sha(doc_id)
        if _same_bytes(path, known_sha, limits):
            seen[doc_id] = path
            return _unchanged(path, store, doc_id)
        step(str(path), "read", 0, 0)
        run = parse_file(path, registry(), limits, known_sha=known_sha)
        seen[doc_id] = path
        if run.doc is None:
            return _unchanged(path, store, doc_id)
        parsed = run.doc
    except IngestError as error:
        return IngestResult(path=str(path), status="refused", error=str(error), kind=type(error).__name__)
    texts = [embedding_text(c) for c in parsed.clauses]
    vectors = []
    step(str(path), "embed", 0, len(texts))
    for start in range(0, len(texts), EMBED_BATCH):
        batch = texts[start : start + EMBED_BATCH]
        vectors.append(cache.embed(embedder, batch) if cache else embedder.embed_passages(batch))
        step(str(path), "embed", start + len(batch), len(texts))
    store.replace_doc(parsed, np.concatenate(vectors) if vectors else embedder.embed_passages([]))
    step(str(path), "store", len(texts), len(texts))
    return _ingested(path, parsed)


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
        notes=parsed.notes,
    )


def all_ingested(results: Sequence[IngestResult]) -> bool:
    return all(result.status != "refused" for result in results)
