"""The clause vectors kept beside the index as one matrix, for dense searches restricted to some clauses.

Chroma answers a search filtered to some documents (the places a question names) by reading the filter's
records and walking its vector index with them: at 10,000 documents that was ~135 ms of a question's ~190 ms of
CPU. The allowed clauses are known in the process already (the retriever's filter), so their rows of this
matrix are scored with one matrix product instead: a few milliseconds for a few thousand clauses. Chroma keeps
the searches over everything, which its vector index answers without reading every row.

The matrix is saved with kb.store.snapshot beside the index (`vectors.snapshot`, one file per server and
collection), memory-mapped when read: a question reads the pages of its rows only. It is made for one state of
the index (generation, clause set, embedder) and used for that state only; every write removes it
(ClauseStore._bump) and the next engine build reads the vectors from Chroma again. Rows are normalised, so a
row's product with a normalised question vector is the cosine similarity Chroma's cosine space reports.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kb.store import snapshot

FORMAT = 1  # raised when what is saved changes
VECTORS = "vectors.snapshot"
# float16 would halve the file (178 MB at 169,346 clauses × 512) but was measured no faster (its rows are made float32
# to be multiplied) and changed which 30 clauses came first for a place's documents: Chroma's figures are float32
DTYPE = np.float32


class VectorSource(Protocol):
    """What building the matrix reads from the clause store (kb.store.chroma.ClauseStore)."""

    @property
    def info(self) -> dict[str, Any]: ...

    def generation(self) -> int: ...

    def clause_set(self) -> str: ...

    def embeddings(self) -> tuple[list[str], np.ndarray] | None: ...


class VectorsWarning(UserWarning):
    """The saved vectors could not be used or kept; dense searches go to Chroma or build them again."""


@dataclass
class ClauseVectors:
    """Every clause's normalised vector, one row each, `ids[i]` the clause of row i (rows in id order, so a
    document's clauses are neighbours on disk)."""

    ids: list[str]
    matrix: np.ndarray
    _row: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {"ids": self.ids, "matrix": self.matrix}  # the row lookup is made again on reading

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.ids, self.matrix, self._row = state["ids"], state["matrix"], {}

    @classmethod
    def of(cls, ids: Sequence[str], vectors: np.ndarray) -> ClauseVectors:
        order = sorted(range(len(ids)), key=ids.__getitem__)
        matrix = np.asarray(vectors, dtype=np.float32)[order] if len(ids) else np.zeros((0, 0), np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True) if len(ids) else np.ones((0, 1), np.float32)
        return cls([ids[i] for i in order], np.ascontiguousarray(matrix / np.maximum(norms, 1e-12), dtype=DTYPE))

    def rows(self) -> dict[str, int]:
        if not self._row and self.ids:
            self._row = {cid: i for i, cid in enumerate(self.ids)}
        return self._row

    def nearest(self, vector: np.ndarray, k: int, allowed: Collection[str]) -> list[tuple[str, float]] | None:
        """The k clauses of `allowed` most similar to `vector`, with their cosine similarity, most similar
        first (equal similarities in no set order, as Chroma's). None when some allowed clause has no row: these vectors are of another
        state than the caller's clauses, and Chroma must answer."""
        row = self.rows()
        try:
            rows = np.fromiter((row[cid] for cid in allowed), dtype=np.int64, count=len(allowed))
        except KeyError:
            return None
        if k <= 0 or not len(rows):
            return []
        rows.sort()  # the mapped pages read in file order
        query = np.asarray(vector, dtype=np.float32).ravel()
        query = query / max(float(np.linalg.norm(query)), 1e-12)
        scores = np.asarray(self.matrix[rows], dtype=np.float32) @ query
        if k < len(scores):
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top], kind="stable")]
        else:
            top = np.argsort(-scores, kind="stable")
        return [(self.ids[rows[t]], float(scores[t])) for t in top]


def vectors_path(folder: Path, chroma_url: str | None, collection: str) -> Path:
    """`vectors.snapshot` for the embedded index, one file per server and collection beside it, named as the
    engine's snapshot is (kb.store.snapshot.engine_path)."""
    engine = snapshot.engine_path(folder, chroma_url, collection)
    return engine.with_name(engine.name.replace("engine", "vectors", 1))


def vectors_key(store: VectorSource, where: str) -> dict[str, Any]:
    """What saved vectors must have been made for: this store (server and collection), its state, its embedder."""
    return {
        "format": FORMAT,
        "generation": store.generation(),
        "clause_set": store.clause_set(),
        "embedder": store.info.get("embedder"),
        "where": where,
        "dtype": np.dtype(DTYPE).name,
    }


def open_vectors(store: VectorSource, path: Path, where: str) -> ClauseVectors | None:
    """The store's vectors for its current state: read from `path` when saved for it, else read from the store
    and saved there. None when the store is being written (no state to hold them for) or changed while they were
    read: searches then go to Chroma."""
    key = vectors_key(store, where)
    if key["clause_set"] == "writing":  # kb.store.chroma.WRITING: a write under way or one that died
        return None
    try:
        found = snapshot.read(path, key)
        if isinstance(found, ClauseVectors):
            return found
    except snapshot.SnapshotUnusable as unusable:
        if unusable.reason not in (snapshot.NONE_YET, snapshot.FOREIGN):
            warnings.warn(f"{path}: {unusable.reason}; reading the vectors from the index again", VectorsWarning, 2)
    read = store.embeddings()
    if read is None or vectors_key(store, where) != key:
        return None
    vectors = ClauseVectors.of(*read)
    try:
        snapshot.write(path, vectors, key)
    except OSError as error:
        warnings.warn(f"{path}: cannot be written ({error.strerror or error})", VectorsWarning, 2)
        return vectors
    # read back mapped: the matrix built is hundreds of megabytes at 10,000 documents, the mapping's pages are
    # read as questions need them and shared with every process answering from this index
    try:
        mapped = snapshot.read(path, key)
    except snapshot.SnapshotUnusable:  # replaced meanwhile by another process's (of a later state)
        return vectors
    return mapped if isinstance(mapped, ClauseVectors) else vectors
