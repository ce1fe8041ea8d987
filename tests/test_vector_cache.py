"""Clause vectors kept by content: a re-issued document embeds only its changed clauses, a forced re-ingest none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.api import KnowledgeBase
from kb.settings import load_settings
from kb.store.embed import Embedder, register_embedder
from kb.store.vector_cache import FILE, VectorCache


class Counting(Embedder):
    """A vector from the text's characters; counts the texts it is asked to embed."""

    dim = 8

    def __init__(self, name: str = "test:count") -> None:
        super().__init__()
        self.name = name
        self.embedded: list[str] = []

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not is_query:
            self.embedded.extend(texts)
        return np.array([[ord(c) for c in (t * 8)[:8]] for t in texts], dtype=np.float32)


def test_only_texts_not_seen_before_are_embedded(tmp_path: Path) -> None:
    cache, embedder = VectorCache(tmp_path / FILE), Counting()
    first = cache.embed(embedder, ["甲乙", "丙丁"])
    again = cache.embed(embedder, ["丙丁", "戊己", "甲乙"])
    assert embedder.embedded == ["甲乙", "丙丁", "戊己"]
    np.testing.assert_array_equal(again[[2, 0]], first)
    assert (cache.hits, cache.misses) == (2, 3)
    other = Counting("test:other")  # another embedder's vectors are never reused
    cache.embed(other, ["甲乙"])
    assert other.embedded == ["甲乙"]


def test_an_unreadable_cache_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / FILE).write_bytes(b"not a database at all" * 100)
    embedder = Counting()
    vectors = VectorCache(tmp_path / FILE).embed(embedder, ["甲乙"])
    assert vectors.shape == (1, 8) and embedder.embedded == ["甲乙"]


@pytest.fixture
def counting() -> Counting:
    embedder = Counting()
    register_embedder("test", lambda argument, settings: embedder)
    return embedder


def test_a_reissued_document_embeds_only_its_changed_clauses(
    tmp_path: Path, data_dir: Path, counting: Counting
) -> None:
    kb = KnowledgeBase(load_settings(index=tmp_path / "index", embedder="test:count"))
    plan = tmp_path / "plan.txt"
    text = (data_dir / "plan-attachment3.txt").read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    [first] = kb.ingest([plan])
    assert first.status == "ingested" and len(counting.embedded) == first.clauses
    counting.embedded.clear()
    [forced] = kb.ingest([plan], force=True)
    assert forced.status == "ingested" and counting.embedded == []
    plan.write_text(text.replace("引进高层次人才 3 名以上", "引进高层次人才 5 名以上"), encoding="utf-8")
    [changed] = kb.ingest([plan])
    assert changed.status == "ingested"
    assert len(counting.embedded) == 1 and "引进高层次人才 5 名以上" in counting.embedded[0]
    assert "5 名以上" in kb.ask("引进高层次人才多少名？").answer
