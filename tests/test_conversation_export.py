"""A conversation as plain text with footnotes and as DOCX (kb/export/conversation.py)."""

from __future__ import annotations

import io

from docx import Document

from kb.export.conversation import answer_plain_text, conversation_docx
from kb.types import Answer, Clause, Hit

CLAUSE = Clause(
    doc="plan-attachment3",
    doc_title="培育好强科创兴产业的动能实施方案",
    number=(1, 2, 2, 2),
    path=("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎", "（2）新材料产业"),
    title="新材料产业",
    text="依托龙头企业建设湖南中科云母研究院。（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）",
    page=3,
    lead="平江高新区",
    departments=("平江高新区", "县发改局", "县科工信局", "县科协"),
    departments_raw=("平江高新区", "县发改局", "县科工信局", "县科协"),
)
ANSWER = Answer(
    question="那配合单位呢？",
    intent="responsibility",
    answer="牵头单位：平江高新区；配合单位：县发改局、县科工信局、县科协。",
    abstained=False,
    citations=(Hit(CLAUSE, 0.9),),
    lead="平江高新区",
    others=("县发改局", "县科工信局", "县科协"),
    resolved="湖南中科云母研究院的配合单位有哪些？",
    scope=("《培育好强科创兴产业的动能实施方案》",),
)


def test_plain_text_has_sources_as_footnotes():
    text = answer_plain_text(ANSWER)
    assert text.splitlines()[0] == "问：那配合单位呢？（理解为：湖南中科云母研究院的配合单位有哪些？）"
    assert "答：在《培育好强科创兴产业的动能实施方案》中：" in text
    assert "县科协。[1]" in text
    assert (
        "[1] 《培育好强科创兴产业的动能实施方案》一、培育好强科创动能 › （二）重点任务 › 2. 锻造产业创新主引擎 › （2）新材料产业，第3页：依托龙头企业"
        in text
    )
    assert "<" not in text and "**" not in text


def test_docx_holds_each_question_answer_and_source():
    document = Document(io.BytesIO(conversation_docx([ANSWER, ANSWER])))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "问答记录"
    assert paragraphs.count("2. 那配合单位呢？（理解为：湖南中科云母研究院的配合单位有哪些？）") == 1
    assert any(p.startswith("[1] 《培育好强科创兴产业的动能实施方案》") for p in paragraphs)
