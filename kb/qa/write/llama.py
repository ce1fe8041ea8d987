"""The hybrid clause retriever as a llama-index retriever, for use inside a user's own llama-index pipeline.

from kb.api import KnowledgeBase
retriever = KnowledgeBase.open("index").as_retriever(top_k=5)
nodes = retriever.retrieve("湖南中科云母研究院由谁牵头？")   # list[NodeWithScore], clause metadata attached
"""

from __future__ import annotations

import json

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from kb.qa.engine import Engine
from kb.qa.retrieve.hybrid import Mode
from kb.qa.understand.question import Scope
from kb.types import Clause


def clause_node(clause: Clause) -> TextNode:
    """A TextNode carrying the clause text and its metadata (lists kept as lists, nested values as JSON)."""
    data = clause.to_dict()
    metadata = {
        "clause_id": clause.id,
        "doc": clause.doc,
        "doc_title": clause.doc_title,
        "path": " › ".join(clause.path),
        "title": clause.title,
        "lead": clause.lead or "",
        "leads": list(clause.leads),
        "departments": list(clause.departments),
        "indicators": json.dumps(data["indicators"], ensure_ascii=False),
        "deadlines": json.dumps(data["deadlines"], ensure_ascii=False),
        "page": clause.page if clause.page is not None else -1,
    }
    return TextNode(
        id_=clause.id,
        text=f"{clause.title}。{clause.text}" if clause.text else clause.title,
        metadata=metadata,
        excluded_embed_metadata_keys=list(metadata),
    )


class ClauseRetriever(BaseRetriever):
    """Hybrid BM25 + dense retrieval over clauses, returning NodeWithScore (score: fused, 1.0 = first everywhere)."""

    def __init__(
        self,
        engine: Engine,
        top_k: int = 5,
        mode: Mode = "hybrid",
        doc: str | None = None,
        department: str | None = None,
        max_question_chars: int = 1_000,
    ) -> None:
        super().__init__()
        self._max_question_chars = max_question_chars
        self._engine = engine
        self._top_k = top_k
        self._mode: Mode = mode
        self._doc = doc
        self._department = department

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from kb.api import check_question

        asked = check_question(query_bundle.query_str, self._max_question_chars)  # QuestionTooLong beyond
        scope = Scope(doc=self._doc, unit=self._department, mode=self._mode)
        q = self._engine.understand(self._engine.normalize(asked), scope=scope)
        scored = self._engine.retrieve(q, k=self._top_k)
        return [NodeWithScore(node=clause_node(hit.clause), score=hit.score) for hit in scored.hits]
