"""Moving an embedded index to a Chroma server: both collections copied record by record, vectors included.

Nothing is embedded again and no embedder is loaded: the clause records keep their vectors, metadata and text,
the document collection its records and the index metadata (embedder name, generation, clause-set hash). The
lexical index, the kept sources and the vector cache stay in the index folder, which keeps working with the
server: `kb ask --index DIR --chroma-url URL`. The embedded copy is left as it was.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from chromadb.errors import NotFoundError

from kb.errors import ConfigError
from kb.settings import Settings
from kb.store.chroma import connect

COPY_BATCH = 1000  # records read and written per request: bounded memory for any index size


@dataclass(frozen=True)
class Migrated:
    url: str
    clauses: int
    docs: int


def _existing_count(client: Any, name: str) -> int:
    with contextlib.suppress(NotFoundError, ValueError):
        return int(client.get_collection(name, embedding_function=None).count())
    return 0


def migrate(settings: Settings, url: str) -> Migrated:
    """Copy the embedded index of `settings` to the Chroma server at `url`. ConfigError when the index is
    already on a server or the server already holds records under the collection's name."""
    if settings.chroma_url:
        raise ConfigError(
            f"the index is already on a Chroma server ({settings.chroma_url}): nothing to migrate"
        )
    source = connect(settings, create=False)
    target = connect(settings.model_copy(update={"chroma_url": url}), create=True)
    names = (settings.collection, f"{settings.collection}_docs")
    for name in names:
        held = _existing_count(target, name)
        if held:
            # KB_COLLECTION would rename the embedded collections read here too, so it is no way out; a
            # rebuild on the server builds its collections aside from the kept sources (cached vectors, nothing
            # embedded again) and swaps them in whole.
            raise ConfigError(
                f"the Chroma server at {url} already holds {held} records in collection '{name}' (a migration "
                "stopped midway, or another index): to put this index there in their place, run "
                f"`kb rebuild --index {settings.index} --chroma-url {url}`; or migrate to an empty server"
            )
    counts = []
    for name in names:
        try:
            origin = source.get_collection(name, embedding_function=None)
        except NotFoundError as error:
            raise ConfigError(f"no collection '{name}' in {settings.index}: nothing to migrate") from error
        copy = target.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        counts.append(_copy_records(origin, copy, min(COPY_BATCH, target.get_max_batch_size())))
        if origin.metadata:
            copy.modify(metadata=dict(origin.metadata))  # embedder, generation, clause-set hash
    return Migrated(url=url, clauses=counts[0], docs=counts[1])


def _copy_records(origin: Any, copy: Any, batch: int) -> int:
    total = int(origin.count())
    for offset in range(0, total, batch):
        records = origin.get(limit=batch, offset=offset, include=["embeddings", "metadatas", "documents"])
        texts = records["documents"]
        copy.add(
            ids=records["ids"],
            embeddings=records["embeddings"],
            metadatas=records["metadatas"],
            documents=texts if texts and all(t is not None for t in texts) else None,
        )
    return int(copy.count())
