"""The clause vectors kept in the process (kb.store.vectors): a filtered dense search over them finds what Chroma's
own filtered search finds, and they are never used for another state of the index than the one they were read at.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.api import KnowledgeBase
from kb.qa.retrieve.hybrid import HybridRetriever
from kb.settings import Settings, load_settings
from kb.store import snapshot
from kb.store.chroma import ClauseStore, clause_filter
from kb.store.embed import Embedder
from kb.store.vectors import ClauseVectors, open_vectors, vectors_path
from kb.types import Clause, ParsedDoc
from tests.test_cli import PLAN_TXT, fake_embedder  # noqa: F401  (the fast embedder, autouse)

DIM = 16
DOCS = [f"doc-{n}" for n in range(6)]
UNITS = ("县发改局", "县科工信局", "县林业局")
WHERE = "|kb"


class FixedEmbedder(Embedder):
    """Vectors are given by the tests; only the name and dimension matter to the store."""

    dim = DIM

    def __init__(self) -> None:
        super().__init__()
        self.name = "test:fixed"


def clauses_of(doc: str, count: int) -> tuple[Clause, ...]:
    return tuple(
        Clause(
            doc=doc,
            doc_title=f"{doc} 方案",
            number=(n + 1,),
            path=(),
            title=f"第{n + 1}条",
            text=f"{doc} 第{n + 1}条",
            page=1,
            departments=(UNITS[n % 3],),
            departments_raw=(UNITS[n % 3],),
        )
        for n in range(count)
    )


def parsed(doc: str, clauses: tuple[Clause, ...]) -> ParsedDoc:
    return ParsedDoc(
        doc_id=doc, title=f"{doc} 方案", path=f"{doc}.txt", format="txt", sha256=doc, clauses=clauses
    )


def random_rows(rng: np.random.Generator, count: int) -> np.ndarray:
    """Vectors of several lengths (Chroma's cosine space does not care; the matrix must not either)."""
    return (rng.normal(size=(count, DIM)) * rng.uniform(0.5, 3.0, size=(count, 1))).astype(np.float32)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(index=tmp_path / "index")


def fill(store: ClauseStore, rng: np.random.Generator, per_doc: int = 40) -> None:
    with store.writing():
        for doc in DOCS:
            store.replace_doc(parsed(doc, clauses_of(doc, per_doc)), random_rows(rng, per_doc))


def chroma_ids(store: ClauseStore, vector: np.ndarray, k: int, where: dict[str, object] | None) -> list[str]:
    return [clause.id for clause, _ in store.query(vector, k, where)]


def assert_same_as_chroma(store: ClauseStore, vectors: ClauseVectors, rng: np.random.Generator) -> None:
    """Same top k, in the same order, with the same similarities, for filters by documents, one document and a
    department (random vectors: no ties)."""
    clauses = store.clauses()
    filters: list[tuple[dict[str, object] | None, set[str]]] = [
        (clause_filter(docs={"doc-1", "doc-4"}), {c.id for c in clauses if c.doc in ("doc-1", "doc-4")}),
        (clause_filter("doc-2"), {c.id for c in clauses if c.doc == "doc-2"}),
        (
            clause_filter(department="县林业局", docs={"doc-0", "doc-3", "doc-5"}),
            {c.id for c in clauses if c.doc in ("doc-0", "doc-3", "doc-5") and "县林业局" in c.departments},
        ),
    ]
    for _ in range(5):
        question = rng.normal(size=DIM).astype(np.float32)
        for where, allowed in filters:
            for k in (1, 10, 30):
                expected = store.query(question, k, where)
                found = vectors.nearest(question, k, allowed)
                assert found is not None
                assert [cid for cid, _ in found] == [c.id for c, _ in expected]
                assert [s for _, s in found] == pytest.approx([s for _, s in expected], abs=1e-5)


def test_a_filtered_search_finds_what_chromas_finds(settings: Settings) -> None:
    rng = np.random.default_rng(7)
    store = ClauseStore(settings, FixedEmbedder())
    fill(store, rng)
    vectors = open_vectors(store, vectors_path(settings.index, None, settings.collection), WHERE)
    assert vectors is not None and len(vectors.ids) == store.count() == 240
    assert_same_as_chroma(store, vectors, rng)


def test_more_asked_for_than_allowed_gives_every_allowed_clause_ranked(settings: Settings) -> None:
    rng = np.random.default_rng(8)
    store = ClauseStore(settings, FixedEmbedder())
    fill(store, rng, per_doc=3)
    vectors = open_vectors(store, vectors_path(settings.index, None, settings.collection), WHERE)
    assert vectors is not None
    question = rng.normal(size=DIM).astype(np.float32)
    allowed = {c.id for c in store.clauses("doc-0")}
    found = vectors.nearest(question, 30, allowed)
    assert found is not None
    assert [cid for cid, _ in found] == chroma_ids(store, question, 30, clause_filter("doc-0"))
    assert {cid for cid, _ in found} == allowed
    assert vectors.nearest(question, 30, set()) == []


def test_a_clause_without_a_row_sends_the_search_to_chroma(settings: Settings) -> None:
    rng = np.random.default_rng(9)
    store = ClauseStore(settings, FixedEmbedder())
    fill(store, rng, per_doc=3)
    vectors = open_vectors(store, vectors_path(settings.index, None, settings.collection), WHERE)
    assert vectors is not None
    assert vectors.nearest(rng.normal(size=DIM), 5, {"doc-0:1", "doc-9:1"}) is None


def test_the_saved_vectors_are_read_back_mapped_and_equal(settings: Settings) -> None:
    rng = np.random.default_rng(10)
    store = ClauseStore(settings, FixedEmbedder())
    fill(store, rng)
    path = vectors_path(settings.index, None, settings.collection)
    built = open_vectors(store, path, WHERE)
    assert path.is_file()
    again = open_vectors(ClauseStore(settings, FixedEmbedder(), create=False), path, WHERE)
    assert built is not None and again is not None
    assert again.ids == built.ids
    assert not again.matrix.flags.writeable  # the file's pages, not a copy
    np.testing.assert_array_equal(np.asarray(again.matrix), np.asarray(built.matrix))


def test_an_ingest_or_a_removal_makes_the_vectors_read_again(settings: Settings) -> None:
    rng = np.random.default_rng(11)
    store = ClauseStore(settings, FixedEmbedder())
    fill(store, rng)
    path = vectors_path(settings.index, None, settings.collection)
    before = open_vectors(store, path, WHERE)
    assert before is not None
    old_file = path.read_bytes()

    # another document: the write removes the saved file; the vectors read again hold its clauses
    store.replace_doc(parsed("doc-new", clauses_of("doc-new", 5)), random_rows(rng, 5))
    assert not path.exists()
    after = open_vectors(store, path, WHERE)
    assert after is not None and "doc-new:1" in after.rows() and "doc-new:1" not in before.rows()
    assert_same_as_chroma(store, after, rng)

    # the file of the earlier state put back (a copy, a restored backup) is refused by its key
    path.write_bytes(old_file)
    again = open_vectors(store, path, WHERE)
    assert again is not None and "doc-new:1" in again.rows()

    store.delete_doc("doc-1")
    assert not path.exists()
    removed = open_vectors(store, path, WHERE)
    assert removed is not None and not any(cid.startswith("doc-1:") for cid in removed.ids)
    assert_same_as_chroma_without_doc_1(store, removed, rng)


def assert_same_as_chroma_without_doc_1(store: ClauseStore, vectors: ClauseVectors, rng: np.random.Generator) -> None:
    question = rng.normal(size=DIM).astype(np.float32)
    allowed = {c.id for c in store.clauses() if c.doc in ("doc-2", "doc-4")}
    found = vectors.nearest(question, 10, allowed)
    assert found is not None
    assert [cid for cid, _ in found] == chroma_ids(store, question, 10, clause_filter(docs={"doc-2", "doc-4"}))


def test_no_vectors_are_kept_for_an_index_marked_as_being_written(settings: Settings) -> None:
    rng = np.random.default_rng(12)
    store = ClauseStore(settings, FixedEmbedder())
    fill(store, rng, per_doc=3)
    store._mark_writing()  # what a write killed halfway leaves
    path = vectors_path(settings.index, None, settings.collection)
    assert open_vectors(store, path, WHERE) is None
    assert not path.exists()


def test_the_retriever_ranks_the_same_with_the_matrix_as_with_chroma(settings: Settings) -> None:
    rng = np.random.default_rng(13)
    store = ClauseStore(settings, FixedEmbedder())
    fill(store, rng)
    clauses = store.clauses()
    vectors = open_vectors(store, vectors_path(settings.index, None, settings.collection), WHERE)
    questions = {f"q{n}": rng.normal(size=DIM).astype(np.float32) for n in range(5)}

    class NoLexical:
        def search(self, query: str, k: int, allowed_ids: set[str] | None = None) -> list[tuple[str, float]]:
            return []

    chroma_only = HybridRetriever(clauses, NoLexical(), store.query, questions.__getitem__)
    with_matrix = HybridRetriever(clauses, NoLexical(), store.query, questions.__getitem__, vectors=vectors)
    calls: list[object] = []

    def counted(vector: np.ndarray, k: int, where: dict[str, object] | None) -> list[tuple[Clause, float]]:
        calls.append(where)
        return store.query(vector, k, where)

    with_matrix.dense = counted
    for question in questions:
        for scope in ({"doc": None, "docs": {"doc-0", "doc-5"}}, {"doc": "doc-3", "docs": None}):
            a = chroma_only.search(question, "", mode="dense", department="县发改局", **scope)  # type: ignore[arg-type]
            b = with_matrix.search(question, "", mode="dense", department="县发改局", **scope)  # type: ignore[arg-type]
            assert [h.clause.id for h in b.hits] == [h.clause.id for h in a.hits]
            assert b.dense_top == pytest.approx(a.dense_top, abs=1e-5)
    assert calls == []  # every filtered search answered by the matrix
    with_matrix.search("q0", "", mode="dense")
    assert calls == [None]  # a search over everything stays with Chroma


def test_the_server_store_keeps_its_own_vectors_file(settings: Settings, chroma_server: str) -> None:
    server = Settings(index=settings.index, chroma_url=chroma_server)
    rng = np.random.default_rng(14)
    store = ClauseStore(server, FixedEmbedder())
    fill(store, rng, per_doc=10)
    path = vectors_path(server.index, server.chroma_url, server.collection)
    assert path != vectors_path(settings.index, None, settings.collection)
    assert path.parent == server.index and path.name.startswith("vectors-")
    vectors = open_vectors(store, path, f"{chroma_server}|{server.collection}")
    assert vectors is not None and path.is_file()
    assert_same_as_chroma(store, vectors, rng)
    store.delete_doc("doc-0")
    assert not path.exists()
    assert snapshot.engine_path(server.index, server.chroma_url, server.collection).name.startswith("engine-")


def test_the_engine_searches_a_documents_clauses_in_the_matrix_and_a_rebuild_drops_it(tmp_path: Path) -> None:
    index = tmp_path / "index"
    kb = KnowledgeBase(load_settings(index=index))
    kb.ingest([PLAN_TXT])
    path = vectors_path(index, None, kb.settings.collection)
    retriever = kb.engine().retriever
    assert path.is_file() and retriever.vectors is not None
    assert set(retriever.vectors.rows()) == {c.id for c in kb.clauses()}
    clauses = list(retriever.by_id.values())
    chroma_only = HybridRetriever(clauses, retriever.lexical, retriever.dense, retriever.embed_query)
    question = "湖南中科云母研究院由哪个单位牵头建设？"
    found = retriever.search(question, "", mode="dense", doc="plan-attachment3")
    expected = chroma_only.search(question, "", mode="dense", doc="plan-attachment3")
    assert [h.clause.id for h in found.hits] == [h.clause.id for h in expected.hits] and found.hits
    kb.rebuild()
    assert not path.exists()  # same generation and clause ids maybe, but vectors of another build
    assert kb.engine().retriever.vectors is not None and path.is_file()


def test_a_search_counts_the_clauses_of_the_state_it_reads(settings: Settings) -> None:
    """The clause count a search starts from is kept per index state: a write here or in another store object
    (seen at `refresh`) is counted again, so an index emptied or filled meanwhile is searched as it is."""
    rng = np.random.default_rng(15)
    store = ClauseStore(settings, FixedEmbedder())
    question = rng.normal(size=DIM).astype(np.float32)
    assert store.query(question, 5) == []
    store.replace_doc(parsed("doc-0", clauses_of("doc-0", 3)), random_rows(rng, 3))
    assert len(store.query(question, 5)) == 3
    other = ClauseStore(settings, FixedEmbedder(), create=False)
    other.delete_doc("doc-0")
    store.refresh()
    assert store.query(question, 5) == []
    other.replace_doc(parsed("doc-1", clauses_of("doc-1", 2)), random_rows(rng, 2))
    store.refresh()
    assert [c.id for c, _ in store.query(question, 5)] != [] and store.count() == 2
