"""The clauses as the engine keeps them (kb.qa.clauses): saved one document at a time and made objects again only
when read, each equal to the clause that was saved; a snapshot of the layout before is rebuilt."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.api import KnowledgeBase
from kb.qa import saved
from kb.qa.clauses import SavedClauses
from kb.qa.indexes import ClauseIndexes
from kb.settings import load_settings
from kb.store import snapshot
from kb.types import Clause, Deadline, Indicator
from tests.test_cli import PLAN_TXT, fake_embedder  # noqa: F401  (autouse fixture)
from tests.test_saved_engine import _fresh_answer, index  # noqa: F401  (fixture)

KEY = {"generation": 1, "clause_set": "test"}
GROWTH = Indicator("研发经费投入增长", 8.5, "%", "以上", "研发经费投入增长8.5%以上")
FIRMS = Indicator("高新技术企业", 120, "家", "", "高新技术企业达到120家")


def _clauses() -> list[Clause]:
    """Three documents written for the test: a preamble, numbered clauses with sub-clauses, notes naming units
    (one led by two), targets and a deadline; the second document has one clause."""
    plan, notice, rules = "创新方案", "试点通知", "管理办法"
    return [
        Clause(plan, "关于科技创新的实施方案", (0,), ("前言",), "前言", "为推进科技创新，制定本方案。"),
        Clause(
            plan, "关于科技创新的实施方案", (1,), ("一、主要目标",), "一、主要目标", "到2027年，目标如下。"
        ),
        Clause(
            plan,
            "关于科技创新的实施方案",
            (1, 1),
            ("一、主要目标", "（一）研发投入"),
            "（一）研发投入",
            "全社会研发经费投入增长8.5%以上，高新技术企业达到120家。",
            page=2,
            departments=("县科工信局", "县财政局"),
            departments_raw=("县科工信局", "县财政局"),
            leads=("县科工信局",),
            lead="县科工信局",
            indicators=(GROWTH, FIRMS),
            deadlines=(Deadline(2027, "到2027年"),),
        ),
        Clause(
            plan,
            "关于科技创新的实施方案",
            (1, 1),
            ("一、主要目标", "（一）研发投入"),
            "（一）研发投入",
            "（县发改局、县教育局共同牵头）",
            part=2,
            departments=("县发改局", "县教育局"),
            leads=("县发改局", "县教育局"),
            lead="县发改局",
        ),
        Clause(
            plan,
            "关于科技创新的实施方案",
            (1, 2),
            ("一、主要目标", "（二）人才"),
            "（二）人才",
            "引进高层次人才30名。",
        ),
        Clause(
            notice, "竹木仓储试点工作通知", (1,), ("一、工作任务",), "一、工作任务", "建设竹木智能仓储中心。"
        ),
        Clause(
            rules,
            "OPC社区管理办法",
            (1,),
            ("第一条",),
            "第一条",
            "本办法自印发之日起施行。",
            ocr_confidence=0.8,
        ),
        Clause(rules, "OPC社区管理办法", (2,), ("第二条",), "第二条", "OPC社区由区人社局认定。"),
    ]


def _read_back(tmp_path: Path, built: ClauseIndexes) -> ClauseIndexes:
    path = tmp_path / "engine.snapshot"
    snapshot.write(path, built, KEY)
    read = snapshot.read(path, KEY)
    assert isinstance(read, ClauseIndexes)
    return read


def test_a_clause_read_back_lazily_equals_the_clause_saved(tmp_path: Path) -> None:
    clauses = _clauses()
    read = _read_back(tmp_path, ClauseIndexes.build(clauses)).clauses
    assert isinstance(read, SavedClauses) and read.made() == 0  # nothing made until read
    assert read[5] == clauses[5]
    assert read.made() == 1  # the notice's one clause: no other document's
    assert read[6] == clauses[6] and read.made() == 3  # the rules' two clauses, together
    assert read[-1] == clauses[-1] and read[1:3] == clauses[1:3]
    assert list(read) == clauses and len(read) == len(clauses) and read.made() == len(clauses)
    assert [c.id for c in read] == [c.id for c in clauses]
    assert read[3].lead == "县发改局" and read[3].leads == ("县发改局", "县教育局") and read[6].ocr


def test_a_documents_repeated_strings_are_read_back_as_one(tmp_path: Path) -> None:
    read = _read_back(tmp_path, ClauseIndexes.build(_clauses())).clauses
    plan = read[:5]
    assert all(c.doc_title is plan[0].doc_title and c.doc is plan[0].doc for c in plan)
    assert plan[2].path is plan[3].path and plan[2].path[0] is plan[1].path[0]
    assert plan[2].lead is plan[2].leads[0] is plan[2].departments[0]


def test_ids_children_and_target_parts_read_back_equal_what_was_built(tmp_path: Path) -> None:
    clauses = _clauses()
    built = ClauseIndexes.build(clauses)
    read = _read_back(tmp_path, built)
    assert (
        read.by_id["试点通知:1"] == clauses[5] and read.clauses.made() == 1
    )  # found by id: its document made
    assert "创新方案:1.1-2" in read.by_id and "创新方案:9" not in read.by_id and 5 not in read.by_id
    with pytest.raises(KeyError):
        read.by_id["创新方案:9"]
    assert list(read.by_id) == [c.id for c in clauses] and len(read.by_id) == len(clauses)
    assert dict(read.children) == dict(built.children) == {"创新方案:1": [clauses[2], clauses[4]]}
    assert "创新方案:1" in read.children and read.children.get("创新方案:1.1", []) == []
    parts = list(read.targets.parts)
    assert parts == list(built.targets.parts)
    held = [p for p in parts if p.indicator is not None]
    assert [p.indicator for p in held] == [GROWTH, FIRMS]
    # a part's indicator is its clause's own, not a copy saved beside it
    assert all(any(p.indicator is i for i in p.clause.indicators) for p in held)
    assert held[0].clause is read.clauses[2]  # a part's clause is the clause read back, made once


def test_a_parts_text_is_read_without_making_the_part_or_its_clause(tmp_path: Path) -> None:
    clauses = _clauses()
    built = ClauseIndexes.build(clauses)
    read = _read_back(tmp_path, built)
    parts = read.targets.parts
    texts = [parts.text(i) for i in range(len(parts))]
    assert read.clauses.made() == 0  # neither a part nor its clause's document made to read a text
    assert texts == [p.text for p in built.targets.parts] == [p.text for p in parts]
    assert [parts.text(i) for i in range(len(parts))] == texts  # the same once the parts are made


def test_every_indexed_field_reads_back_as_built(tmp_path: Path) -> None:
    built = ClauseIndexes.build(_clauses())
    read = _read_back(tmp_path, built)
    assert list(read.texts) == list(built.texts) and read.of_doc == built.of_doc
    assert read.unit_names == built.unit_names and read.in_text == built.in_text and read.seams == built.seams
    for word in ("竹木智能", "研发经费", "区人社局", "没有的词", "试"):
        assert read.writes(word) == built.writes(word), word


def test_a_snapshot_of_the_layout_before_is_rebuilt_with_a_warning(index: Path) -> None:  # noqa: F811
    """A snapshot keyed with the format before (its clauses saved as objects) is not read: the structures are built
    again, with a warning, and answer as before."""
    lead, cited, _ = _fresh_answer(index)
    path, settings = index / saved.SNAPSHOT, load_settings(index=index)
    key = saved.snapshot_key(KnowledgeBase(settings).vector_store(), f"|{settings.collection}")
    snapshot.write(path, snapshot.read(path, key), {**key, "format": saved.FORMAT - 1})
    again, cited_again, given = _fresh_answer(index)
    assert [str(w.message) for w in given if issubclass(w.category, saved.SavedIndexWarning)] == [
        f"{path}: made for another state of the index; building the engine's structures again from the index"
    ]
    assert (again, cited_again) == (lead, cited)
    assert isinstance(snapshot.read(path, key), saved.Opened)  # saved again, in this format


def test_an_array_let_go_reads_back_the_same_from_the_file_cache(tmp_path: Path) -> None:
    """snapshot.let_go drops a mapped array's pages from the process; read again, they are the file's bytes."""
    path = tmp_path / "s.snapshot"
    written = np.arange(300_000, dtype=np.int64)  # several pages
    snapshot.write(path, {"a": written}, KEY)
    read = snapshot.read(path, KEY)["a"]
    assert int(read.sum()) == int(written.sum())
    snapshot.let_go(read)
    snapshot.let_go(read[10:20])  # less than a page: the page holding it
    snapshot.let_go(np.arange(3))  # not read from a snapshot: left as it is
    assert read.tolist() == written.tolist()


PLACES = {
    "nanchong-opc.txt": "南充市人工智能OPC行动方案\n一、工作任务\n（一）建设OPC社区。（市财政局、市人社局按职责分工负责）\n"
    "（二）开放应用场景。（市科技局负责）\n",
    "taian-opc.txt": "泰安市支持OPC发展实施意见\n一、重点任务\n（一）设立OPC专项资金。（市财政局负责）\n"
    "（二）建设算力平台。（市大数据局负责）\n",
    "ningbo-data.txt": "宁波市公共数据开放方案\n一、主要任务\n（一）开放公共数据。（市数据局负责）\n"
    "（二）市人社局负责开展数据人才培训。\n",
}
UNIT_QUESTIONS = [
    "市财政局负责哪些任务？",  # two places' units of that name
    "市数据局负责哪些任务？",  # one place's
    "市人社局负责哪些任务？",  # a note in one place, running text in another
    "市财政局和市人社局一起负责哪些任务？",
    "市交通局负责哪些任务？",  # named nowhere
]


def test_a_unit_asked_of_every_place_reads_only_the_places_naming_it_and_answers_as_from_every_clause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Corpus.around_unit: the places whose documents name the unit (and the home places) give the same answers
    as every clause did, and the other documents' clauses are not made."""
    for name, text in PLACES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = load_settings(index=tmp_path / "index")
    KnowledgeBase(settings).ingest(sorted(tmp_path.glob("*.txt")))
    KnowledgeBase(settings).engine()  # the snapshot saved
    engine = KnowledgeBase(settings).engine()  # read back: no clause made yet
    clauses = engine.corpus.clauses
    assert isinstance(clauses, SavedClauses) and clauses.made() == 0
    engine.ask("市数据局负责哪些任务？", mode="bm25")
    made = {clauses.id_of(n).rsplit(":", 1)[0] for n in range(len(clauses)) if clauses._made[n] is not None}
    assert made == {"ningbo-data"}  # 南充's and 泰安's clauses never read
    narrowed = [engine.ask(q, mode="bm25") for q in UNIT_QUESTIONS]
    monkeypatch.setattr(type(engine.corpus), "around_unit", lambda corpus, unit: list(corpus.clauses))
    every = [engine.ask(q, mode="bm25") for q in UNIT_QUESTIONS]
    assert [(a.answer, [h.clause.id for h in a.citations]) for a in narrowed] == [
        (a.answer, [h.clause.id for h in a.citations]) for a in every
    ]
    assert "2 个地方" in narrowed[0].answer and "市数据局" in narrowed[1].answer
