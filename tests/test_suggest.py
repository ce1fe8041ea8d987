"""The first screen's example questions (kb/qa/compose/suggest.py) on two corpora: the plan alone, and three OPC plans of
three places. Expected questions checked by reading the documents: each names a heading with a responsibility note,
a unit the notes name, a target the text sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.load import load
from kb.parse import parse
from kb.parse.departments import DepartmentRegistry
from kb.qa.compose.suggest import example_questions
from kb.settings import PROJECT_ROOT, load_settings
from kb.types import Clause

DATA = PROJECT_ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_settings(load_settings())


def corpus(registry: DepartmentRegistry, *paths: Path) -> tuple[list[Clause], dict[str, str | None]]:
    docs = [parse(load(path), registry) for path in paths]
    return [c for d in docs for c in d.clauses], {d.doc_id: d.place for d in docs}


def test_the_plan(registry: DepartmentRegistry) -> None:
    clauses, places = corpus(registry, DATA / "plan-attachment3.txt")
    assert example_questions(clauses, 5, places) == [
        # （1）对接标志性工程……（县科工信局、平江高新区等按职责分工负责）
        "对接标志性工程由哪个单位牵头？",
        # the unit the plan's notes name most
        "县科工信局负责哪些工作？",
        # （一）主要指标: 力争全社会研发经费投入增长 8.5%以上
        "全社会研发经费投入增长的目标是多少？",
        "精准引育科技人才由谁负责？",
    ]


def test_three_places_name_the_place_of_each_question(registry: DepartmentRegistry) -> None:
    real = DATA / "real"
    clauses, places = corpus(
        registry, real / "city_nanchong_opc.txt", real / "city_taian_opc.txt", real / "prov_sichuan_opc.txt"
    )
    questions = example_questions(clauses, 5, places)
    assert questions == [
        # 南充: 1.加大算力资源支持。……（责任单位：市科技局、市数据局，……第一个逗号前为牵头单位……）
        "南充市加大算力资源支持由哪个单位牵头？",
        # 泰安's notes name 功能区管委会, no other place's do; 市科技局 is named by 南充's and 泰安's notes
        "功能区管委会负责哪些工作？",
        # 南充: 到2027年底，建成人工智能OPC社区20个以上 (四川 writes 建成人工智能OPC生态社区)
        "南充市建成人工智能OPC社区的目标是多少？",
        # 泰安: 8.建立场景需求对接机制。……（责任单位：市发展改革委、市科技局、……）
        "泰安市建立场景需求对接机制由谁负责？",
    ]
    assert all("市科技局" not in q and not q.startswith("各") for q in questions)


def test_one_place_of_the_same_corpus_is_asked_without_its_name(registry: DepartmentRegistry) -> None:
    clauses, places = corpus(registry, DATA / "real" / "city_nanchong_opc.txt")
    assert example_questions(clauses, 3, places) == [
        "加大算力资源支持由哪个单位牵头？",
        "市科技局负责哪些工作？",
        "建成人工智能OPC社区的目标是多少？",
    ]


def test_nothing_loaded_asks_nothing() -> None:
    assert example_questions([], 4, {}) == []
