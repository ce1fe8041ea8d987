"""Hybrid retrieval over clauses: BM25 on jieba tokens and dense vectors from Chroma, fused by reciprocal rank.

Filters (document, department) restrict both retrievers to the same clause ids. A filtered dense search scores
the allowed clauses' rows of the in-process matrix (kb.store.vectors) when the retriever has one: Chroma's own
filtered search cost ~135 ms a question at 10,000 documents; an unfiltered one stays with Chroma's vector index. Each Hit keeps the per-retriever
ranks and the dense similarity, which abstention is calibrated on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from kb.qa.clauses import SavedClauses
from kb.store.chroma import clause_filter
from kb.types import Clause, Hit

Mode = Literal["hybrid", "bm25", "dense"]
MODES: tuple[Mode, ...] = ("hybrid", "bm25", "dense")
RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the head without ignoring the tail


class LexicalSearch(Protocol):
    def search(self, query: str, k: int, allowed_ids: set[str] | None = None) -> list[tuple[str, float]]: ...


class AllowedSearch(Protocol):
    """Dense search among given clauses (kb.store.vectors.ClauseVectors); None when it cannot answer for them."""

    def nearest(self, vector: np.ndarray, k: int, allowed: Collection[str]) -> list[tuple[str, float]] | None: ...


DenseSearch = Callable[[np.ndarray, int, dict[str, Any] | None], list[tuple[Clause, float]]]
QueryEmbedder = Callable[[str], np.ndarray]


@dataclass(frozen=True)
class Scored:
    """Hits plus the raw signals of the best one (for abstention)."""

    hits: tuple[Hit, ...]
    # cosine similarity of the best dense match (None when the mode has no dense side)
    dense_top: float | None


def rrf(
    rankings: Mapping[str, Sequence[str]], weights: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Reciprocal rank fusion of several ranked id lists."""
    fused: dict[str, float] = {}
    for name, ids in rankings.items():
        weight = (weights or {}).get(name, 1.0)
        for rank, clause_id in enumerate(ids, start=1):
            fused[clause_id] = fused.get(clause_id, 0.0) + weight / (RRF_K + rank)
    return fused


class HybridRetriever:
    """Ranks the clauses of the index for a question."""

    def __init__(
        self,
        clauses: Sequence[Clause],
        lexical: LexicalSearch,
        dense: DenseSearch,
        embed_query: QueryEmbedder,
        vectors: AllowedSearch | None = None,
    ) -> None:
        # the clauses read back with the index (kb.qa.clauses) are found by id without being made all at once
        self.by_id: Mapping[str, Clause] = (
            clauses.by_id if isinstance(clauses, SavedClauses) else {c.id: c for c in clauses}
        )
        self._ids_of_doc: dict[str, list[str]] = {}  # a filter by document reads only that document's clauses
        for cid in self.by_id:
            self._ids_of_doc.setdefault(cid.rsplit(":", 1)[0], []).append(cid)
        self.lexical = lexical
        self.dense = dense
        self.embed_query = embed_query
        self.vectors = vectors

    def allowed(
        self, doc: str | None, department: str | None, docs: Collection[str] | None = None
    ) -> set[str] | None:
        if doc is None and department is None and docs is None:
            return None
        scope = [doc] if doc is not None else docs
        ids = self.by_id if scope is None else [i for d in scope for i in self._ids_of_doc.get(d, ())]
        return {
            cid
            for cid in ids
            if (doc is None or docs is None or self.by_id[cid].doc in docs)
            and (department is None or department in self.by_id[cid].departments)
        }

    def search(
        self,
        question: str,
        topic: str,
        k: int = 10,
        mode: Mode = "hybrid",
        doc: str | None = None,
        department: str | None = None,
        docs: Collection[str] | None = None,
    ) -> Scored:
        """Rank clauses: the lexical side matches the topic (question words removed), the dense side the question
        as asked (the embedder was trained on whole questions). `docs` keeps the documents of the places a
        question names."""
        allowed = self.allowed(doc, department, docs)
        if allowed is not None and not allowed:
            return Scored((), None)
        depth = max(k, 30)
        rankings: dict[str, list[str]] = {}
        dense_sim: dict[str, float] = {}
        if mode in ("hybrid", "bm25"):
            found = self.lexical.search(topic, depth, allowed)
            rankings["bm25"] = [cid for cid, score in found if score > 0 and cid in self.by_id]
        if mode in ("hybrid", "dense"):
            pairs = self._dense(self.embed_query(question), depth, allowed, clause_filter(doc, department, docs=docs))
            rankings["dense"] = [c.id for c, _ in pairs if c.id in self.by_id]
            dense_sim = {c.id: sim for c, sim in pairs}
        fused = rrf(rankings)
        order = sorted(fused, key=lambda cid: fused[cid], reverse=True)[:k]
        hits = tuple(
            Hit(
                self.by_id[cid],
                fused[cid] * (RRF_K + 1) / len(rankings),  # 1.0 for a clause ranked first by every retriever
                {name: ids.index(cid) + 1 for name, ids in rankings.items() if cid in ids},
            )
            for cid in order
        )
        return Scored(hits, max(dense_sim.values(), default=0.0) if "dense" in rankings else None)

    def _dense(
        self, vector: np.ndarray, depth: int, allowed: set[str] | None, where: dict[str, Any] | None
    ) -> list[tuple[Clause, float]]:
        """The nearest clauses: of the allowed ones from the matrix when there is one, else from Chroma, whose
        `where` is the same filter as `allowed`."""
        if allowed is not None and self.vectors is not None:
            found = self.vectors.nearest(vector, depth, allowed)
            if found is not None:
                return [(self.by_id[cid], sim) for cid, sim in found]
        return self.dense(vector, depth, where)
