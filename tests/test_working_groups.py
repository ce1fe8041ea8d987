"""Working groups of several places in one index, asked through the command line: the group of the place named,
in the roles the document gives it (组长/副组长/办公室主任), never another place's group; a place whose documents
set up none is answered from its clauses. Expectations are read off the texts by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import PLAN_PDF, fake_embedder, run  # fake_embedder: autouse here too

REAL = Path(__file__).parent / "data" / "real"
__all__ = ["fake_embedder"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("groups") / "index"


@pytest.fixture
def ingested(index: Path, fake_embedder: None) -> Path:
    if not index.exists():
        docs = [
            REAL / f"{name}.txt"
            for name in ("prov_anhui_gongye_hulianwang", "city_nanchong_opc", "city_wuhan_opc")
        ]
        result = run("ingest", "--index", index, PLAN_PDF, *docs)
        assert result.exit_code == 0, result.output
    return index


def ask(index: Path, question: str) -> dict:
    result = run("ask", "--json", "--index", index, question)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("安徽工业互联网专项工作组组长是谁？", "王清宪"),
        ("安徽省推進工業互聯網創新發展專項工作組副組長是誰？", "何树山"),
        ("安徽工业互联网专项工作组办公室主任是谁啊", "牛弩韬"),
        ("Where is the office of Anhui's industrial internet working group?", "省经济和信息化厅"),
        ("南充人工智能产业链专班办公室设在哪个部门？", "市科技局"),
        ("工作专班的召集人是谁？", "县政府办分管副主任"),  # no place named: the office's own plan
    ],
)
def test_the_named_places_group_answers(ingested: Path, question: str, said: str) -> None:
    answer = ask(ingested, question)
    assert answer["intent"] == "organization" and not answer["abstained"]
    assert said in answer["answer"]


def test_a_place_without_a_group_is_not_given_another_places(ingested: Path) -> None:
    answer = ask(ingested, "武汉OPC工作的领导小组组长是谁？")
    assert "县政府分管副县长" not in answer["answer"] and "王清宪" not in answer["answer"]
    assert answer["abstained"]  # 武汉's text has districts form 工作专班 and names no head of any group
    assert all(c["doc"] == "city_wuhan_opc" for c in answer["citations"])


def test_a_quoted_name_is_looked_up_in_the_named_place_only(ingested: Path) -> None:
    # “算力贷” is written in both 南充's and 武汉's documents: the place named decides
    answer = ask(ingested, "武汉的“算力贷”由哪个部门负责？")
    assert answer["citations"] and all(c["doc"] == "city_wuhan_opc" for c in answer["citations"])
