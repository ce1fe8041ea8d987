"""Users' feedback as evaluation rows (kb/feedback_eval.py) and `kb eval --feedback`: a corrected 👎 becomes a
gold row read from the correction, a 👍 a confirmed row, a 👎 without a usable correction is left to label."""

from __future__ import annotations

import json
from pathlib import Path

from kb.feedback import load, record
from kb.feedback_eval import FEEDBACK_QUESTIONS, feedback_rows, gold_lead, gold_value
from kb.types import Answer, Clause, Hit
from tests.test_cli import PLAN_TXT, fake_embedder, run  # noqa: F401 (the fixture is used by name)

UNITS = ("平江高新区", "县发改局", "县科工信局", "县科协", "县林业局")


def find_units(text: str) -> list[str]:
    """A stand-in for the registry: the units above, in order of mention."""
    found = sorted((text.index(u), u) for u in UNITS if u in text)
    return [u for _, u in found]


CLAUSE = Clause(
    doc="plan-attachment3",
    doc_title="培育好强科创兴产业的动能实施方案",
    number=(1, 2, 2, 2),
    path=("一、培育好强科创动能",),
    title="新材料产业",
    text="依托龙头企业建设湖南中科云母研究院。（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）",
    lead="平江高新区",
)
OTHER = Clause(doc="plan-attachment3", doc_title="t", number=(1, 2, 2, 5), path=(), title="竹木", text="x")
ANSWER = Answer(
    question="湖南中科云母研究院由哪个单位牵头建设？",
    intent="responsibility",
    answer="牵头单位：县林业局",
    abstained=False,
    citations=(Hit(CLAUSE, 0.9), Hit(OTHER, 0.2)),
    lead="县林业局",
    others=(),
)


def test_the_lead_is_read_after_its_label_else_the_first_unit_named():
    assert gold_lead("配合单位是县发改局，牵头单位是平江高新区。", find_units) == "平江高新区"
    assert gold_lead("应该是县科工信局和县科协", find_units) == "县科工信局"
    assert gold_lead("不是这个部门", find_units) is None


def test_a_value_is_the_first_quantity_stated():
    assert gold_value("目标是到2027年产值达到 100 亿元") == "2027年"
    assert gold_value("产值 100 亿元") == "100亿元"
    assert gold_value("增长8.5%以上") == "8.5%"
    assert gold_value("没有数字") is None


def test_feedback_becomes_corrected_and_confirmed_rows(tmp_path: Path):
    follow = Answer(**{**ANSWER.__dict__, "question": "那牵头单位呢", "resolved": "云母研究院由谁牵头？"})
    record(
        tmp_path, ANSWER, "down", reason="wrong_unit", correction="牵头单位是平江高新区", user="user:alice"
    )
    record(tmp_path, follow, "down", reason="wrong_number", correction="数字应为 3 个", user="user:bob")
    record(tmp_path, ANSWER, "down", question="林业局做什么", reason="other")  # no correction: to label
    record(tmp_path, ANSWER, "down", question="竹木谁管", correction="我觉得不对")  # nothing recognisable
    refused = Answer("县公安局负责什么？", "general", "文件中没有相关规定。", True, (Hit(OTHER, 0.1),))
    record(tmp_path, refused, "up", user="user:alice")
    liked = Answer(
        **{**ANSWER.__dict__, "question": "谁牵头云母", "lead": "平江高新区", "others": ("县科协",)}
    )
    record(tmp_path, liked, "up")
    record(tmp_path, ANSWER, "down", question="竹木谁管", correction="文件中没有写明")  # latest wins

    made = feedback_rows(load(tmp_path), find_units)
    rows = {row["question"]: row for row in made.rows}
    first = rows["湖南中科云母研究院由哪个单位牵头建设？"]
    assert (first["id"], first["gold_lead"], first["gold_value"], first["style"]) == (
        "fb001",
        "平江高新区",
        None,
        "feedback_corrected",
    )
    assert first["correction"] == "牵头单位是平江高新区" and first["gold_clauses"] == []
    second = rows["云母研究院由谁牵头？"]  # a follow-up is asked as it was read
    assert (second["asked"], second["gold_value"], second["gold_lead"]) == ("那牵头单位呢", "3个", None)
    assert rows["竹木谁管"]["answerable"] is False
    assert rows["县公安局负责什么？"] == {
        **rows["县公安局负责什么？"],
        "answerable": False,
        "gold_clauses": [],
    }
    confirmed = rows["谁牵头云母"]
    assert confirmed["gold_clauses"] == ["plan-attachment3:1.2.2.2"]  # the used clause, not the folded one
    assert (confirmed["gold_lead"], confirmed["gold_departments"]) == ("平江高新区", ["平江高新区", "县科协"])
    assert [e["question"] for e in made.to_label] == ["林业局做什么"]
    assert len(made.corrected) == 3 and len(made.confirmed) == 2


def test_kb_eval_feedback_scores_the_rows(tmp_path: Path):
    index = tmp_path / "index"
    assert run("ingest", "--index", index, PLAN_TXT).exit_code == 0
    question = "湖南中科云母研究院由哪个单位牵头建设？"
    wrong = Answer(question, "responsibility", "牵头单位：县林业局", False, (), lead="县林业局", others=())
    record(index, wrong, "down", reason="wrong_unit", correction="牵头单位是平江高新区")  # read in the plan
    record(index, wrong, "down", question="竹木产业园谁负责", correction="牵头的是县科协")  # a wrong gold
    record(index, wrong, "down", question="还有别的吗")
    result = run("eval", "--feedback", "--index", index)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"feedback in {index}: 2 corrected rows, 0 confirmed rows (written to {index / FEEDBACK_QUESTIONS}), "
        "1 👎 to label"
    )
    assert lines[1] == "answered correctly now (hybrid): 0.500 of 2 rows"
    written = [json.loads(line) for line in (index / FEEDBACK_QUESTIONS).read_text("utf-8").splitlines()]
    assert [r["gold_lead"] for r in written] == ["平江高新区", "县科协"]
    assert '"question": "还有别的吗"' in result.output.split("👎 to label (")[1]
    as_json = json.loads(run("eval", "--feedback", "--json", "--index", index).output)
    assert as_json["report"]["tables"]["hybrid"]["all"]["correct"] == 0.5
