"""An answer as clean text for the clipboard, and the exports listing exactly the clauses the answer used
(kb/export/answer_text.py, kb/export/conversation.py). Expected texts written from the plan's clause 1.2.2.2
(page 3) as the chat shows it."""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document

from kb.export.answer_text import copy_text, short_title, source_line, used_and_related
from kb.export.conversation import (
    RELATED_HEADING,
    answer_plain_text,
    conversation_docx,
    conversation_plain_text,
)
from kb.types import Answer, Clause, Hit

TITLE = "培育好强科创兴产业的动能实施方案"
MICA = Clause(
    doc="plan-attachment3",
    doc_title=TITLE,
    number=(1, 2, 2, 2),
    path=("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎", "（2）新材料产业"),
    title="新材料产业",
    text="依托龙头企业建设湖南中科云母研究院。（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）",
    page=3,
    lead="平江高新区",
    departments=("平江高新区", "县发改局", "县科工信局", "县科协"),
    departments_raw=("平江高新区", "县发改局", "县科工信局", "县科协"),
)
BAMBOO = Clause(
    doc="plan-attachment3",
    doc_title=TITLE,
    number=(1, 2, 2, 5),
    path=("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎", "（5）竹木产业"),
    title="竹木产业",
    text="发展竹木精深加工，建设竹木产业园。（县林业局牵头）",
    page=4,
    lead="县林业局",
    departments=("县林业局",),
)
# markdown characters that the chat escapes (`.`, `*`, `[`) in the answer itself
LEAD = Answer(
    question="湖南中科云母研究院由哪个单位牵头建设？",
    intent="responsibility",
    answer="牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。",
    abstained=False,
    citations=(Hit(MICA, 0.9), Hit(BAMBOO, 0.3)),
    lead="平江高新区",
    others=("县发改局", "县科工信局", "县科协"),
)
MICA_LINE = (
    f"《{TITLE}》 一、培育好强科创动能 › （二）重点任务 › 2. 锻造产业创新主引擎 › （2）新材料产业 第3页"
)


def test_the_answer_uses_its_first_clause_and_a_duty_list_all_of_its_own():
    assert used_and_related(LEAD) == ((Hit(MICA, 0.9),), (Hit(BAMBOO, 0.3),))
    duties = replace(LEAD, intent="department_tasks", department="县林业局")
    assert used_and_related(duties) == (duties.citations, ())
    refused = replace(LEAD, abstained=True)
    assert used_and_related(refused) == ((), refused.citations)


def test_copy_is_the_answer_then_the_clauses_it_used_as_source_lines():
    assert copy_text(LEAD) == (
        "牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。\n\n依据：\n" + MICA_LINE
    )


def test_copy_names_each_source_once():
    # the chat's answer cites its clause inline; the copy lists it under 依据 and does not repeat it
    inline = replace(LEAD, answer=f"牵头单位：平江高新区。依据：《{TITLE}》{' › '.join(MICA.path)}（第3页）")
    assert copy_text(inline) == "牵头单位：平江高新区。\n\n依据：\n" + MICA_LINE
    english = replace(LEAD, answer=f"Lead: 平江高新区. Source: 《{TITLE}》{' › '.join(MICA.path)} (p. 3)")
    assert copy_text(english).startswith("Lead: 平江高新区.\n\n依据：\n")


def test_copy_holds_no_markup_and_no_folded_clause():
    marked = replace(LEAD, answer="见第1.2条 *重点* [任务] <b>x</b> 3.5%")
    text = copy_text(marked)
    assert text.startswith("见第1.2条 *重点* [任务] <b>x</b> 3.5%\n")  # as the answer says it, unescaped
    for markup in ("\\", "<mark>", "<details>", "?clause=", "\n> ", "竹木产业"):
        assert markup not in text


def test_copy_of_a_filtered_abstention_says_so_and_lists_clauses_only_to_check():
    refused = replace(LEAD, abstained=True, answer="文件中没有找到相关规定。", scope=("县林业局",), outside=2)
    assert copy_text(refused) == (
        "未找到依据。\n所选范围（县林业局）中没有相关条款，全部文件中有 2 条。\n文件中没有找到相关规定。\n\n"
        f"可能相关的条款（仅供核对）：\n{MICA_LINE}\n"
        f"《{TITLE}》 一、培育好强科创动能 › （二）重点任务 › 2. 锻造产业创新主引擎 › （5）竹木产业 第4页"
    )


def test_a_covering_notice_title_is_shortened():
    assert short_title(f"平江县人民政府办公室关于印发《{TITLE}》的通知") == TITLE
    assert short_title(TITLE) == TITLE
    assert source_line(replace(MICA, page=None, path=())) == f"《{TITLE}》 新材料产业"


def test_export_footnotes_only_the_used_clause_and_marks_the_others_as_not_used():
    text = answer_plain_text(LEAD, "湖南中科云母研究院由那个单位牵头建设")  # a typo, kept as typed
    lines = text.splitlines()
    assert lines[0] == "问：湖南中科云母研究院由那个单位牵头建设"
    assert lines[1] == "答：牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。[1]"
    notes = text[text.index("出处：") : text.index(RELATED_HEADING)]
    assert "[1] 《培育好强科创兴产业的动能实施方案》一、培育好强科创动能" in notes
    assert "竹木产业" not in notes and "[2]" not in notes
    others = text[text.index(RELATED_HEADING) :]
    assert others.splitlines()[1].startswith("[2] 《培育好强科创兴产业的动能实施方案》一、培育好强科创动能")
    assert "（5）竹木产业，第4页：发展竹木精深加工" in others


def test_a_conversation_export_keeps_each_question_as_typed():
    follow = replace(LEAD, question="那配合单位呢", resolved="湖南中科云母研究院的配合单位有哪些？")
    text = conversation_plain_text([LEAD, follow], ["云母研究院谁牵头", "那配合单位呢"])
    assert "问：云母研究院谁牵头\n" in text
    assert "问：那配合单位呢（理解为：湖南中科云母研究院的配合单位有哪些？）" in text
    assert LEAD.question not in text


def test_docx_lists_used_clauses_as_sources_and_others_under_their_own_heading():
    data = conversation_docx([LEAD], asked=["云母研究院谁牵头"], title="问答：云母研究院谁牵头")
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert paragraphs[:3] == [
        "问答：云母研究院谁牵头",
        "1. 云母研究院谁牵头",
        "牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。[1]",
    ]
    sources = paragraphs.index("出处：")
    related = paragraphs.index(RELATED_HEADING)
    assert sources < related
    assert [p[:4] for p in paragraphs[sources + 1 : related]] == ["[1] "]
    assert "新材料产业" in paragraphs[sources + 1]
    assert paragraphs[related + 1].startswith("[2] ") and "竹木产业" in paragraphs[related + 1]
