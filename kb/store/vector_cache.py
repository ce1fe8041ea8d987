"""Clause embeddings kept by content, so that only clauses whose text changed are embedded again.

A re-issued document with a few clauses reworded, a `kb ingest --force` or a `kb rebuild` would otherwise embed
every clause anew, and the embedder is the ceiling of ingestion (e5: about 5 passages a second on 2 cores). Each
vector is stored under sha256(embedder name + the text embedded), in `<index>/embeddings.sqlite3`, beside the
index (with a Chroma server as well). The cache is an optimisation only: a cache that cannot be read or written
is left aside and the texts are embedded as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from kb.store.embed import Embedder

FILE = "embeddings.sqlite3"


def content_key(embedder_name: str, text: str) -> str:
    return hashlib.sha256(f"{embedder_name}\0{text}".encode()).hexdigest()


class VectorCache:
    """Vectors by content key in one SQLite file; `embed` returns every text's vector, computing the missing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.hits = self.misses = 0  # since this object was made: what the last ingest reused and computed

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return connection

    def _read(self, keys: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        try:
            with contextlib.closing(self._connect()) as connection, connection:
                unique = list(dict.fromkeys(keys))
                for start in range(0, len(unique), 500):  # SQLite's limit on bound parameters
                    batch = unique[start : start + 500]
                    marks = ",".join("?" * len(batch))
                    rows = connection.execute(
                        f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch
                    )
                    for key, blob in rows:
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.shape == (dim,):
                            found[key] = vector
        except sqlite3.Error:
            return {}
        return found

    def _write(self, pairs: Sequence[tuple[str, np.ndarray]]) -> None:
        try:
            with contextlib.closing(self._connect()) as connection, connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                    [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in pairs],
                )
        except sqlite3.Error:
            pass  # a cache that cannot be written costs the next ingest time, never this one its result

    def embed(
        self,
        embedder: Embedder,
        texts: Sequence[str],
        embedded: Callable[[int], None] | None = None,
        batch: int = 64,
    ) -> np.ndarray:
        """One vector per text, as `embedder.embed_passages` gives it; only texts not seen before are embedded,
        `batch` at a time, `embedded` told after each batch how many of the first texts have their vector.
        The cache is read once and written once per call, however many texts: many small calls would each
        pay SQLite's commit."""
        if not texts:
            return embedder.embed_passages([])
        keys = [content_key(embedder.name, text) for text in texts]
        known = self._read(keys, embedder.dim)
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        if embedded is not None:
            embedded(_ready(keys, missing, 0))
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            computed = []
            for start in range(0, len(missing), batch):
                computed.append(embedder.embed_passages([text_of[k] for k in missing[start : start + batch]]))
                if embedded is not None:
                    embedded(_ready(keys, missing, min(start + batch, len(missing))))
            vectors = np.concatenate(computed)
            self._write(list(zip(missing, vectors, strict=True)))
            known.update(zip(missing, vectors, strict=True))
        self.hits += len(keys) - len(missing)
        self.misses += len(missing)
        return np.stack([known[k] for k in keys]).astype(np.float32)


def _ready(keys: Sequence[str], missing: Sequence[str], computed: int) -> int:
    """How many of the first keys have a vector once the first `computed` missing ones are embedded."""
    pending = set(missing[computed:])
    return next((n for n, key in enumerate(keys) if key in pending), len(keys))
