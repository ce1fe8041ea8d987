"""The Chroma clause store: exact round trip, replacing a document, list filters, embedder guard, batches."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kb.errors import EmbedderMismatch, IndexMissing
from kb.settings import Settings
from kb.store.chroma import ClauseStore
from kb.store.embed import Embedder
from kb.types import Clause, Deadline, Indicator, ParsedDoc, WorkingGroup

DOC = "plan-attachment3"
TITLE = "培育好强科创兴产业的动能实施方案"
GROUP_PATH = ("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎")

# Hand-made from tests/data/plan-attachment3.txt (texts shortened).
MATERIALS = Clause(
    doc=DOC,
    doc_title=TITLE,
    number=(1, 2, 2, 2),
    path=(*GROUP_PATH, "（2）新材料产业"),
    title="新材料产业",
    text="重点突破高性能合成云母……（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）",
    page=3,
    lead="平江高新区",
    departments=("平江高新区", "县发改局", "县科工信局", "县科协"),
    departments_raw=("平江高新区", "县发改局", "县科工信局", "县科协"),
)
TEA = Clause(
    doc=DOC,
    doc_title=TITLE,
    number=(1, 2, 2, 5),
    path=(*GROUP_PATH, "（5）“两茶一药”产业"),
    title="“两茶一药”产业",
    text="应用生物技术、生态种植技术提升油茶……（县农业农村局、县科工信局、县林业局、县文旅广体局）",
    page=4,
    lead="县农业农村局",
    departments=("县农业农村局", "县科工信局", "县林业局", "县文旅广体局"),
    departments_raw=("县农业农村局", "县科工信局", "县林业局", "县文旅广体局"),
)
TARGETS = Clause(
    doc=DOC,
    doc_title=TITLE,
    number=(1, 1),
    path=("一、培育好强科创动能", "（一）主要指标"),
    title="主要指标",
    text="力争全社会研发经费投入增长 8.5%以上，引进高层次人才 3 名以上……",
    page=1,
    indicators=(
        Indicator("全社会研发经费投入增长", 8.5, "%", "以上", "全社会研发经费投入增长 8.5%以上"),
        Indicator("引进高层次人才", 3, "名", "以上", "引进高层次人才 3 名以上"),
    ),
)
CLUSTERS = Clause(
    doc=DOC,
    doc_title=TITLE,
    number=(2, 2, 1, 3),
    path=("二、培育好兴产业动能", "（二）重点任务", "1. 以强链壮群增强产业支撑力", "（3）壮大产业集群"),
    title="壮大产业集群",
    text="……力争到2027年，争创省级先进制造业集群1个……（县科工信局、平江高新区、县发改局按职责分工负责）",
    page=7,
    lead="县科工信局",
    departments=("县科工信局", "平江高新区", "县发改局"),
    departments_raw=("县科工信局", "平江高新区", "县发改局"),
    deadlines=(Deadline(2027, "到2027年"),),
)
PREAMBLE = Clause(
    doc=DOC, doc_title=TITLE, number=(0,), path=(), title="前言", text="为深入贯彻落实……", page=1
)
GROUP = WorkingGroup(
    name="培育好兴产业动能工作专班",
    head="县政府分管副县长",
    convener="县政府办分管副主任",
    deputy_convener="县科工信局主要负责人",
    members=("县委组织部", "县发改局"),
    office="县科工信局",
    office_duty="负责日常协调和调度工作",
    clause_id=f"{DOC}:3",
)
ALL = (PREAMBLE, TARGETS, MATERIALS, TEA, CLUSTERS)


class FixedEmbedder(Embedder):
    """Vectors are given by the tests; only the name and dimension matter to the store."""

    dim = 4

    def __init__(self, name: str = "test:fixed") -> None:
        super().__init__()
        self.name = name


def parsed(clauses: tuple[Clause, ...] = ALL, sha: str = "sha-1", doc: str = DOC) -> ParsedDoc:
    return ParsedDoc(
        doc_id=doc,
        title=TITLE,
        path=f"tests/data/{doc}.txt",
        format="txt",
        sha256=sha,
        clauses=clauses,
        working_groups=(GROUP,),
    )


def vectors(count: int) -> np.ndarray:
    """Distinct unit vectors: clause i points mostly along axis i % 4."""
    rows = np.full((count, 4), 0.1, dtype=np.float32)
    for i in range(count):
        rows[i, i % 4] = 1.0 + i
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(index=tmp_path / "index")


@pytest.fixture
def store(settings: Settings) -> ClauseStore:
    return ClauseStore(settings, FixedEmbedder())


def test_clauses_round_trip_exactly_in_document_order(store: ClauseStore) -> None:
    store.replace_doc(parsed(), vectors(len(ALL)))
    assert store.clauses() == list(ALL)
    assert store.clauses(doc="other") == []


def test_docs_and_working_groups(store: ClauseStore) -> None:
    store.replace_doc(parsed(), vectors(len(ALL)))
    [info] = store.docs()
    assert (info.doc_id, info.title, info.sha256, info.clauses, info.format) == (
        DOC,
        TITLE,
        "sha-1",
        5,
        "txt",
    )
    # 平江高新区 县发改局 县科工信局 县科协 县农业农村局 县林业局 县文旅广体局
    assert info.departments == 7
    assert store.doc_sha(DOC) == "sha-1" and store.doc_sha("other") is None
    assert store.working_groups() == [GROUP]


def test_department_filter_uses_list_metadata(store: ClauseStore) -> None:
    store.replace_doc(parsed(), vectors(len(ALL)))
    assert store.clauses(department="县林业局") == [TEA]
    assert store.clauses(department="县科工信局") == [MATERIALS, TEA, CLUSTERS]
    assert store.clauses(department="县科工信局", lead_only=True) == [CLUSTERS]
    assert store.clauses(doc=DOC, department="平江高新区") == [MATERIALS, CLUSTERS]


def test_replace_doc_leaves_no_stale_clause_or_metadata_key(store: ClauseStore) -> None:
    store.replace_doc(parsed(), vectors(len(ALL)))
    # The new version: 1.2.2.2 lost its note and page, 1.2.2.5 and 2.2.1.3 are gone.
    bare = replace(MATERIALS, lead=None, departments=(), departments_raw=(), page=None)
    store.replace_doc(parsed((PREAMBLE, TARGETS, bare), sha="sha-2"), vectors(3))
    assert store.clauses() == [PREAMBLE, TARGETS, bare]
    assert store.clauses(department="县林业局") == []
    raw = store._clauses.get(ids=[bare.id], include=["metadatas"])["metadatas"][0]
    assert {"lead", "departments", "departments_raw", "page"}.isdisjoint(raw)
    assert store.doc_sha(DOC) == "sha-2"
    assert store.docs()[0].clauses == 3


def test_other_documents_are_untouched_by_a_replace(store: ClauseStore) -> None:
    other = replace(TEA, doc="plan-b")
    store.replace_doc(parsed(), vectors(len(ALL)))
    store.replace_doc(parsed((other,), doc="plan-b"), vectors(1))
    store.replace_doc(parsed((TEA,), sha="sha-2"), vectors(1))
    assert store.clauses() == [TEA, other]  # documents in id order
    assert store.clauses(doc="plan-b") == [other]
    assert store.delete_doc("plan-b") is True
    assert store.clauses() == [TEA]
    assert [d.doc_id for d in store.docs()] == [DOC]


def test_query_returns_clauses_with_cosine_similarity(store: ClauseStore) -> None:
    rows = vectors(len(ALL))
    store.replace_doc(parsed(), rows)
    hits = store.query(rows[2], k=2)
    assert hits[0][0] == MATERIALS
    assert hits[0][1] == pytest.approx(1.0, abs=1e-4)
    assert hits[1][1] < hits[0][1]
    filtered = store.query(rows[2], k=10, where={"departments": {"$contains": "县林业局"}})
    assert [clause for clause, _ in filtered] == [TEA]
    assert len(store.query(rows[0], k=50)) == len(ALL)


def test_index_built_with_another_embedder_is_refused(settings: Settings) -> None:
    ClauseStore(settings, FixedEmbedder("test:one")).replace_doc(parsed(), vectors(len(ALL)))
    other = ClauseStore(settings, FixedEmbedder("test:two"))
    message = "the index was built with embedder 'test:one' but 'test:two' is configured"
    with pytest.raises(EmbedderMismatch, match=message):
        other.query(vectors(1)[0], k=3)
    with pytest.raises(EmbedderMismatch, match=message):
        other.replace_doc(parsed(sha="sha-2"), vectors(len(ALL)))
    assert other.clauses() == list(ALL)  # listing needs no vectors


def test_emptied_index_accepts_another_embedder_and_dimension(settings: Settings) -> None:
    first = ClauseStore(settings, FixedEmbedder("test:one"))
    first.replace_doc(parsed(), vectors(len(ALL)))
    first.delete_doc(DOC)
    wide = FixedEmbedder("test:wide")
    wide.dim = 6
    second = ClauseStore(settings, wide)
    second.replace_doc(parsed((TEA,)), np.eye(1, 6, dtype=np.float32))
    assert second.info["embedder"] == "test:wide"
    assert second.clauses() == [TEA]


def test_writes_respect_the_batch_size(store: ClauseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: dict[str, list[int]] = {"add": [], "delete": []}
    collection = store._clauses
    real_add, real_delete = collection.add, collection.delete

    def add(**kwargs: Any) -> None:
        sizes["add"].append(len(kwargs["ids"]))
        real_add(**kwargs)

    def delete(**kwargs: Any) -> None:
        sizes["delete"].append(len(kwargs["ids"]))
        real_delete(**kwargs)

    monkeypatch.setattr(collection, "add", add)
    monkeypatch.setattr(collection, "delete", delete)
    store.batch_size = 2
    store.replace_doc(parsed(), vectors(len(ALL)))
    store.replace_doc(parsed(sha="sha-2"), vectors(len(ALL)))
    assert sizes == {"add": [2, 2, 1, 2, 2, 1], "delete": [2, 2, 1]}
    assert store.clauses() == list(ALL)


def test_default_batch_size_is_the_clients_maximum(store: ClauseStore) -> None:
    assert store.batch_size == store.client.get_max_batch_size() > 0


def test_generation_and_clause_set_change_with_the_content(store: ClauseStore) -> None:
    empty = (store.generation(), store.clause_set())
    store.replace_doc(parsed(), vectors(len(ALL)))
    full = (store.generation(), store.clause_set())
    store.replace_doc(parsed((TEA,), sha="sha-2"), vectors(1))
    assert empty[0] < full[0] < store.generation()
    assert len({empty[1], full[1], store.clause_set()}) == 3


def test_reading_a_folder_without_an_index_says_how_to_build_one(settings: Settings) -> None:
    with pytest.raises(IndexMissing) as error:
        ClauseStore(settings, create=False)
    assert str(error.value) == (
        f"no index at {settings.index}: run `kb ingest corpus/` first (or set KB_INDEX / --index)"
    )


def test_the_store_persists_across_clients(settings: Settings) -> None:
    ClauseStore(settings, FixedEmbedder()).replace_doc(parsed(), vectors(len(ALL)))
    reopened = ClauseStore(settings, create=False)
    assert reopened.clauses(department="县林业局") == [TEA]


def test_a_replace_that_fails_halfway_leaves_the_document_as_it_was(
    store: ClauseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.replace_doc(parsed(), vectors(len(ALL)))
    before_clauses, before_docs = store.clauses(), store.docs()
    collection = store._clauses
    real_add = collection.add
    calls = {"n": 0}

    def add_then_fail(**kwargs: Any) -> None:  # the second batch of the new version is lost (server gone)
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("chroma server went away")
        real_add(**kwargs)

    monkeypatch.setattr(collection, "add", add_then_fail)
    store.batch_size = 2
    bare = replace(MATERIALS, lead=None, departments=(), departments_raw=())
    with pytest.raises(ConnectionError):
        store.replace_doc(parsed((PREAMBLE, TARGETS, bare, TEA), sha="sha-2"), vectors(4))
    assert store.clauses() == before_clauses
    assert store.docs() == before_docs and store.doc_sha(DOC) == "sha-1"


def test_the_document_list_read_once_per_index_state_sees_another_clients_writes(settings: Settings) -> None:
    reader = ClauseStore(settings, FixedEmbedder())
    reader.replace_doc(parsed(), vectors(len(ALL)))
    assert [d.doc_id for d in reader.docs()] == [DOC]
    calls: list[object] = []
    original = reader._docs.get
    reader._docs.get = lambda **kw: calls.append(kw) or original(**kw)  # type: ignore[method-assign]
    assert [d.doc_id for d in reader.docs()] == [DOC] and calls == []  # the same state: not read again
    writer = ClauseStore(settings, FixedEmbedder())  # another process's ingest, then its removal
    writer.replace_doc(parsed(doc="second", sha="sha-2"), vectors(len(ALL)))
    assert [d.doc_id for d in reader.docs()] == [DOC, "second"] and len(calls) == 1
    writer.delete_doc(DOC)
    assert [d.doc_id for d in reader.docs()] == ["second"]
