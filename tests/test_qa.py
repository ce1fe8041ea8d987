"""Question answering on the real plan: routing, each answer shape, abstention, English, the JSON contract,
the stdin mode and the llama-index retriever. Expected departments and values are read off the plan by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.api import KnowledgeBase
from kb.cli import cli
from kb.qa.compose.common import REFUSAL_EN, REFUSAL_ZH
from kb.qa.understand.intent import detect_language, route, topic_of
from kb.settings import load_settings

PLAN = "plan-attachment3"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> KnowledgeBase:
    index = tmp_path_factory.mktemp("qa-index")
    base = KnowledgeBase(load_settings(index=index))
    results = base.ingest([data_dir / "plan-attachment3.pdf"])
    assert [r.status for r in results] == ["ingested"]
    return base


# --- routing ---


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("湖南中科云母研究院由哪个单位牵头建设？", "responsibility"),
        ("哪些部门负责电力能源产业？", "responsibility"),
        ("who leads the mica research institute?", "responsibility"),
        ("县林业局要负责哪些任务？", "department_tasks"),
        ("县财政局牵头哪些工作？", "department_tasks"),
        ("林业局在方案里要做些什么？", "department_tasks"),
        ("What tasks does the forestry bureau have?", "department_tasks"),
        ("研发经费投入增长目标是多少？", "indicator"),
        ("专班办公室设在哪里？", "organization"),
        ("工作专班的召集人是谁？", "organization"),
        ("如何发展休闲食品产业？", "general"),
        # phrasings written after the evaluation sets, to check the cues generalize
        ("县林业局在方案中的职责", "department_tasks"),
        ("林业局的分工", "department_tasks"),
        ("华电平江电厂由什么部门主管？", "responsibility"),
        ("碳基芯片项目该找哪个部门？", "responsibility"),
        ("Whose job is the carbon-based chip project?", "responsibility"),
    ],
)
def test_route_intent(kb: KnowledgeBase, question: str, intent: str) -> None:
    assert route(question, kb.registry()).intent == intent


def test_route_resolves_short_and_english_department_names(kb: KnowledgeBase) -> None:
    assert route("林业局负责哪些任务？", kb.registry()).department == "县林业局"
    assert route("县文化旅游广体局负责哪些任务？", kb.registry()).department == "县文旅广体局"
    assert route("What does the forestry bureau do?", kb.registry()).department == "县林业局"
    assert route("县财政局牵头哪些工作？", kb.registry()).scope == "lead"
    assert route("县财政局负责哪些工作？", kb.registry()).scope == "any"


def test_topic_drops_question_words() -> None:
    assert topic_of("湖南中科云母研究院由哪个单位牵头建设？", "zh") == "湖南中科云母研究院 建设"
    assert "who" not in topic_of("who leads the mica research institute?", "en")
    assert detect_language("who leads the mica research institute?") == "en"
    assert detect_language("县林业局负责哪些任务？") == "zh"


# --- answers ---


def test_responsibility_names_lead_and_others_and_cites_the_clause(kb: KnowledgeBase) -> None:
    answer = kb.ask("湖南中科云母研究院由哪个单位牵头建设？")
    assert answer.intent == "responsibility" and not answer.abstained
    assert answer.lead == "平江高新区"
    assert answer.others == ("县发改局", "县科工信局", "县科协")
    assert answer.citations[0].clause.id == f"{PLAN}:1.2.2.2"
    assert "牵头单位：平江高新区" in answer.answer
    assert "第一个单位为牵头单位" in answer.answer
    assert "（2）新材料产业" in answer.answer and "第3页" in answer.answer


def test_responsibility_cites_both_clauses_when_two_answer(kb: KnowledgeBase) -> None:
    # 抽水蓄能 stands in 一（二）2.（4）电力能源产业 and in 二（二）3.（4）优化产业发展生态
    answer = kb.ask("抽水蓄能电站建设由谁负责？")
    cited = [h.clause.id for h in answer.citations[:2]]
    assert set(cited) == {f"{PLAN}:1.2.2.4", f"{PLAN}:2.2.3.4"}
    assert answer.lead == "县发改局"
    assert "2 个条款" in answer.answer


def test_department_tasks_lists_every_clause_lead_first(kb: KnowledgeBase) -> None:
    answer = kb.ask("县林业局要负责哪些任务？")
    assert answer.intent == "department_tasks"
    ids = [h.clause.id for h in answer.citations]
    # read off the plan: 县林业局 is named in five notes and leads none of them
    assert ids == [f"{PLAN}:{n}" for n in ("1.2.2.5", "1.2.2.6", "1.2.4.2", "1.2.5.1", "1.2.6.1")]
    assert "5 项" in answer.answer and "牵头 0 项" in answer.answer


def test_department_tasks_lead_scope_and_alias(kb: KnowledgeBase) -> None:
    # 县财政局 leads 一（二）5.（2）多元聚集创新资本 and 二（二）3.（2）提升融资促进服务效能
    answer = kb.ask("财政局牵头哪些工作？")
    assert [h.clause.id for h in answer.citations] == [f"{PLAN}:1.2.5.2", f"{PLAN}:2.2.3.2"]
    # the plan spells this body 金融监管局平江分局 once and 金融监管局平江支局 once
    both = kb.ask("金融监管局平江分局负责哪些任务？")
    assert [h.clause.id for h in both.citations] == [f"{PLAN}:1.2.5.2", f"{PLAN}:2.2.3.2"]


def test_department_never_named_is_not_found(kb: KnowledgeBase) -> None:
    answer = kb.ask("县公安局负责哪些任务？")
    assert answer.abstained and not answer.citations
    assert REFUSAL_ZH in answer.answer and "县公安局" in answer.answer


def test_indicator_value_with_qualifier(kb: KnowledgeBase) -> None:
    answer = kb.ask("研发经费投入增长目标是多少？")
    assert answer.intent == "indicator" and not answer.abstained
    assert "8.5%以上" in answer.answer
    assert answer.citations[0].clause.id == f"{PLAN}:1.1"
    assert "6%以上" in kb.ask("今年规模工业增加值要增长多少？").answer


def test_indicator_in_another_unit_is_not_invented(kb: KnowledgeBase) -> None:
    answer = kb.ask("全社会研发经费投入具体要达到多少亿元？")
    assert answer.abstained
    assert "亿元" not in answer.answer.split("最接近")[0].replace("问题", "")


def test_organization_facts(kb: KnowledgeBase) -> None:
    assert "县科工信局" in kb.ask("专班办公室设在哪个单位？").answer
    assert "县政府办分管副主任" in kb.ask("工作专班的召集人是谁？").answer
    assert "县科工信局主要负责人" in kb.ask("副召集人由谁担任？").answer
    member = kb.ask("县林业局是专班成员单位吗？")
    assert member.answer.startswith("是")
    not_member = kb.ask("县科协是专班的成员单位吗？")
    assert not_member.answer.startswith("不是")
    assert kb.ask("专班办公室的联系电话是多少？").abstained


def test_general_cites_relevant_clauses(kb: KnowledgeBase) -> None:
    answer = kb.ask("如何发展休闲食品产业？")
    assert answer.intent == "general" and not answer.abstained
    assert f"{PLAN}:1.2.2.1" in [h.clause.id for h in answer.citations]


@pytest.mark.parametrize(
    "question",
    [
        "平江高铁站建设由哪个部门负责？",
        "汨罗市今年规模工业增加值的增长目标是多少？",
    ],
)
def test_out_of_scope_abstains(kb: KnowledgeBase, question: str) -> None:
    answer = kb.ask(question)
    assert answer.abstained
    assert answer.answer.startswith(REFUSAL_ZH)
    assert answer.to_dict()["departments"] is None


def test_an_amount_the_plan_does_not_state_is_said_to_be_not_stated(kb: KnowledgeBase) -> None:
    """The plan names 平江智算中心项目 (筑牢算力基建) but gives no investment: the answer quotes what it says and
    that the amount is not stated, abstaining (issue 21) — not a bare refusal, nor another number."""
    answer = kb.ask("平江智算中心项目总投资多少钱？")
    assert answer.abstained and answer.to_dict()["departments"] is None
    assert "平江智算中心项目" in answer.answer and "没有写明金额" in answer.answer
    assert answer.citations and "平江智算中心" in answer.citations[0].clause.text


def test_english_answer_glosses_chinese_names(kb: KnowledgeBase) -> None:
    answer = kb.ask("Which department leads the construction of the Hunan Zhongke Mica Research Institute?")
    assert not answer.abstained and answer.lead == "平江高新区"
    assert "平江高新区 (Pingjiang High-tech Zone)" in answer.answer
    tasks = kb.ask("What tasks is the forestry bureau responsible for?")
    assert len(tasks.citations) == 5 and "县林业局 (County Forestry Bureau)" in tasks.answer
    assert kb.ask("How many yuan are budgeted for the mica new materials industrial park?").answer.startswith(
        REFUSAL_EN
    )


def test_filters_restrict_the_search(kb: KnowledgeBase) -> None:
    answer = kb.ask("如何发展产业？", department="县林业局")
    assert answer.citations and all("县林业局" in h.clause.departments for h in answer.citations)


# --- the contract ---


def test_ask_json_contract(kb: KnowledgeBase) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ask", "--json", "湖南中科云母研究院由哪个单位牵头建设？", "--index", str(kb.settings.index)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"question", "intent", "answer", "abstained", "departments", "citations"}
    assert data["departments"] == {
        "lead": "平江高新区",
        "leads": ["平江高新区"],
        "others": ["县发改局", "县科工信局", "县科协"],
    }
    first = data["citations"][0]
    assert first["id"] == f"{PLAN}:1.2.2.2" and first["lead"] == "平江高新区" and "score" in first
    assert first["path"][-1] == "（2）新材料产业"


def test_ask_stdin_mode_one_json_object_per_line(kb: KnowledgeBase) -> None:
    runner = CliRunner()
    questions = "县林业局要负责哪些任务？\n\n研发经费投入增长目标是多少？\n县公安局负责哪些任务？\n"
    result = runner.invoke(cli, ["ask", "--json", "-", "--index", str(kb.settings.index)], input=questions)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [d["intent"] for d in lines] == ["department_tasks", "indicator", "department_tasks"]
    assert [d["abstained"] for d in lines] == [False, False, True]
    assert lines[0]["departments"] is None


def test_ask_readable_output_lists_citations(kb: KnowledgeBase) -> None:
    result = CliRunner().invoke(
        cli, ["ask", "研发经费投入增长目标是多少？", "--index", str(kb.settings.index)]
    )
    assert result.exit_code == 0
    assert "8.5%以上" in result.output and f"[1] {PLAN}:1.1 p.1" in result.output


def test_llama_index_retriever(kb: KnowledgeBase) -> None:
    nodes = kb.as_retriever(top_k=3).retrieve("湖南中科云母研究院由谁牵头？")
    assert len(nodes) == 3
    assert nodes[0].node.node_id == f"{PLAN}:1.2.2.2"
    assert nodes[0].node.metadata["lead"] == "平江高新区"
    assert nodes[0].node.metadata["departments"] == ["平江高新区", "县发改局", "县科工信局", "县科协"]


def test_llama_index_retriever_takes_the_routed_path_in_english(kb: KnowledgeBase) -> None:
    # the same path as kb ask: glossary terms for English, headings without text never returned
    nodes = kb.as_retriever(top_k=5).retrieve("Who leads the mica research institute?")
    assert nodes[0].node.node_id == f"{PLAN}:1.2.2.2"
    assert all(node.node.text.split("。", 1)[-1].strip() for node in nodes)
    by_id = {c.id: c for c in kb.clauses()}
    assert all(by_id[node.node.node_id].text for node in nodes)


def test_quoted_programme_name_finds_its_clause(kb: KnowledgeBase) -> None:
    # “千名农村实用人才培优工程” is written only in 一（二）5.（1）精准引育科技人才, led by 县委组织部
    answer = kb.ask("“千名农村实用人才培优工程”由哪个单位牵头实施？")
    assert answer.citations[0].clause.id == f"{PLAN}:1.2.5.1"
    assert answer.lead == "县委组织部"


def test_known_department_without_tasks_is_told_its_role(kb: KnowledgeBase) -> None:
    # 县卫健局 is named only in the working group's member list, in no task note
    answer = kb.ask("卫健局在方案里承担了哪些具体任务？")
    assert answer.intent == "department_tasks" and not answer.abstained
    assert not answer.citations and "成员单位" in answer.answer


def test_deadline_question_without_a_date_in_the_plan_abstains(kb: KnowledgeBase) -> None:
    assert kb.ask("碳基芯片项目计划哪一年正式投产？").abstained
    dated = kb.ask("规模以上食品加工企业数字化改造完成率60%以上要在哪一年实现？")
    assert not dated.abstained and "2027" in dated.answer


def test_target_written_in_words_is_quoted(kb: KnowledgeBase) -> None:
    answer = kb.ask("先进制造业占制造业的比重有什么要求？")
    assert "稳步提升" in answer.answer and answer.citations[0].clause.id == f"{PLAN}:2.1"


def test_markup_in_a_question_is_not_its_topic(kb: KnowledgeBase) -> None:
    question = "<img src=x onerror=alert(1)> [点我](javascript:alert(1)) 县公安局负责什么？"
    answer = kb.ask(question)
    assert answer.question == question  # echoed as asked
    assert answer.intent == "department_tasks" and answer.abstained and "县公安局" in answer.answer


@pytest.mark.parametrize("name", ["林业局", "县林业局"])
def test_a_bare_department_name_lists_its_duties(kb: KnowledgeBase, name: str) -> None:
    answer = kb.ask(name)
    assert answer.intent == "department_tasks" and len(answer.citations) == 5


def test_a_target_sharing_one_word_with_the_question_is_not_the_answer(kb: KnowledgeBase) -> None:
    # the plan sets 每万人口高价值发明专利拥有量 but says nothing of the county's population
    assert kb.ask("平江县的人口有多少？").abstained
