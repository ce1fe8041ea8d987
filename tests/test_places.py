"""Documents of several places in one index, through the command line of the contract: each document's issuer,
place and number in `kb docs --json`, co-leads in `leads`, implied units in `departments_implied`, and the
平江 registry's aliases kept to 平江's documents. Expectations are read off the texts by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import PLAN_PDF, fake_embedder, run  # fake_embedder: autouse here too

REAL = Path(__file__).parent / "data" / "real"
__all__ = ["fake_embedder"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("places") / "index"


@pytest.fixture
def ingested(index: Path, fake_embedder: None) -> Path:
    if not index.exists():
        docs = [
            REAL / f"{name}.txt"
            for name in ("city_chengdu_opc", "city_ningbo_opc", "district_shangcheng_opc")
        ]
        result = run("ingest", "--index", index, PLAN_PDF, *docs)
        assert result.exit_code == 0, result.output
    return index


def clauses(index: Path, *args: str) -> list[dict]:
    result = run("clauses", "--json", "--index", index, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_docs_carry_issuer_place_and_number(ingested: Path) -> None:
    result = run("docs", "--json", "--index", ingested)
    docs = {d["doc"]: d for d in json.loads(result.stdout)}
    assert docs["city_ningbo_opc"]["issuer"] == "宁波市人民政府办公厅"
    assert docs["city_ningbo_opc"]["place"] == "宁波市"
    assert docs["city_ningbo_opc"]["doc_no"] == "甬政办发〔2026〕7号"
    assert docs["city_ningbo_opc"]["source"] == "city_ningbo_opc.txt"
    assert docs["district_shangcheng_opc"]["place"] == "杭州市上城区"
    # the plan names no issuer; its place is the one its registry covers and its text names
    assert docs["plan-attachment3"]["issuer"] is None
    assert docs["plan-attachment3"]["place"] == "平江县"
    assert {"doc", "title", "issuer", "place", "clauses", "source"} <= set(docs["plan-attachment3"])


def test_co_leads_are_all_leads(ingested: Path) -> None:
    # 成都 （一）: （牵头单位：市经信局市新经济委、市科技局、市教育局）
    first = next(
        c for c in clauses(ingested, "--doc", "city_chengdu_opc") if "200万一次性认定补助" in c["text"]
    )
    assert first["leads"] == ["市经信局市新经济委", "市科技局", "市教育局"]
    assert first["lead"] == "市经信局市新经济委"
    led = clauses(ingested, "--department", "市教育局", "--lead-only")
    assert first["id"] in {c["id"] for c in led}


def test_implied_units_follow_the_rule(ingested: Path) -> None:
    ningbo = [c for c in clauses(ingested, "--doc", "city_ningbo_opc") if c["departments"]]
    assert ningbo[0]["departments_implied"] == []  # the note that states the rule lists them itself
    assert "各区〔县、市〕政府" in ningbo[0]["departments_raw"]
    for clause in ningbo[1:]:
        assert clause["departments_implied"] == ["各区〔县、市〕政府", "开发园区管委会"]
        assert clause["departments"][-2:] == ["各区〔县、市〕政府", "开发园区管委会"]
        assert "各区〔县、市〕政府" not in clause["departments_raw"]


def test_the_plans_aliases_stay_in_its_place(ingested: Path) -> None:
    plan = clauses(ingested, "--doc", "plan-attachment3")
    assert any("平江高新区" in c["departments"] for c in plan)
    others = [c for c in clauses(ingested) if c["doc"] != "plan-attachment3"]
    assert all("平江高新区" not in c["departments"] for c in others)


def test_within_document_spellings_are_one_body(ingested: Path) -> None:
    shangcheng = clauses(ingested, "--doc", "district_shangcheng_opc")
    names = {d for c in shangcheng for d in c["departments"]}
    assert "区委组织部（区委人才办）" in names and "区委组织部（人才办）" not in names
    raw = {d for c in shangcheng for d in c["departments_raw"]}
    assert "区委组织部（人才办）" in raw  # as written is kept


def test_department_tasks_count_co_leads(ingested: Path) -> None:
    result = run("ask", "--json", "--index", ingested, "市教育局牵头哪些任务？")
    answer = json.loads(result.stdout)
    assert answer["intent"] == "department_tasks"
    assert answer["citations"]
    assert all("市教育局" in c["leads"] for c in answer["citations"])


def test_co_leads_are_not_told_the_first_listed_leads(ingested: Path) -> None:
    result = run("ask", "--json", "--index", ingested, "成都市OPC社区一次性认定补助由谁牵头？")
    answer = json.loads(result.stdout)
    assert answer["departments"]["leads"] == ["市经信局市新经济委", "市科技局", "市教育局"]
    assert "第一个单位为牵头单位" not in answer["answer"]


def ask(index: Path, question: str) -> dict:
    result = run("ask", "--json", "--index", index, question)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def vouchers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vouchers") / "index"


def test_a_thing_the_places_documents_never_write_is_not_answered(vouchers: Path, fake_embedder: None) -> None:
    # 南充's 行动计划 grants 算力券; 苍南's 若干举措 never writes it (its 三券 and 算力资源 are other words), though its
    # clauses hold every other word of the question (培训费用的20%给予补助: 费用, 比例, 补贴)
    docs = [REAL / "city_nanchong_opc.txt", REAL / "county_cangnan_opc_draft.txt"]
    assert run("ingest", "--index", vouchers, *docs).exit_code == 0
    assert ask(vouchers, "苍南县OPC算力券按费用的多少比例补贴？")["abstained"]
    answered = ask(vouchers, "南充市OPC算力券怎么补贴？")
    assert not answered["abstained"]
    assert answered["citations"][0]["id"].startswith("city_nanchong_opc:")


def test_a_document_named_by_its_title_is_judged_on_what_else_is_asked(ingested: Path) -> None:
    # 成都's 行动计划 says nothing of when it takes effect (no 施行, no 开始): its title's words are no evidence
    title = "成都市打造人工智能OPC创新发展新高地行动计划"
    assert ask(ingested, f"{title}从哪天开始施行？")["abstained"]
    answered = ask(ingested, f"{title}对OPC社区有什么支持？")
    assert not answered["abstained"]
    assert all(c["id"].startswith("city_chengdu_opc:") for c in answered["citations"][:3])


def test_a_question_asking_which_places_lists_each_place_that_writes_it(ingested: Path) -> None:
    # 知识产权 is written by the plan, 成都, 宁波 and 上城区: one clause of each is cited, not the three best of 成都
    answer = ask(ingested, "哪些地方的政策提到了知识产权？")
    assert not answer["abstained"], answer["answer"]
    cited = {c["id"].rsplit(":", 1)[0] for c in answer["citations"]}
    assert cited == {"plan-attachment3", "city_chengdu_opc", "city_ningbo_opc", "district_shangcheng_opc"}, answer["answer"]


def test_a_target_question_asking_which_places_lists_every_place_setting_one(ingested: Path) -> None:
    # 30% of a demonstration scenario's investment: 上城区 2.5 (核定总投入…最高30%、单个项目最高300万元) and 成都 4.10
    # (场景建设实际投入的30%，给予最高100万元奖励), which says it in fewer of the question's words
    asked = "哪些地方对OPC示范应用场景项目按投入的30%给补助，最高多少？"
    answer = ask(ingested, asked)
    assert [c["id"] for c in answer["citations"]] == ["district_shangcheng_opc:2.5", "city_chengdu_opc:4.10"]
    assert "【杭州市上城区】" in answer["answer"] and "【成都市】" in answer["answer"]
    # not asked which places: only a place setting it about as well as the best one does is added
    unasked = ask(ingested, "OPC示范应用场景项目按投入的30%给补助，最高多少？")
    assert unasked["citations"][0]["id"] == "district_shangcheng_opc:2.5" and "【成都市】" not in unasked["answer"]
