"""A question naming a document by its title in 《》 is answered from that document; a long question's lead-in
before a colon (想确认一下：…) is no part of what it asks. Texts written for these tests."""

from __future__ import annotations

from pathlib import Path

from kb.api import KnowledgeBase
from kb.qa.understand.intent import asking_part
from kb.settings import load_settings

EAST = [
    "东川县优化营商环境工作方案",
    "一、总体要求",
    "健全完善12个一级指标和40个二级指标评价体系。",
    "二、重点任务",
    "（一）压缩企业开办时间。企业开办时间压缩至1个工作日以内。（县市场监管局牵头）",
]
WEST = [
    "东川县营商环境创新提升行动计划",
    "一、总体要求",
    "健全完善15个一级指标和60个二级指标评价体系。",
    "二、重点任务",
    "（一）压缩企业开办时间。企业开办时间压缩至半个工作日以内。（县市场监管局牵头）",
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_title_in_guillemets_names_the_document(tmp_path: Path) -> None:
    base = KnowledgeBase(load_settings(index=tmp_path / "index"))
    base.ingest([_write(tmp_path / "east.txt", EAST), _write(tmp_path / "west.txt", WEST)])
    for title, count, doc in (
        ("东川县营商环境创新提升行动计划", "15个", "west"),
        ("东川县优化营商环境工作方案", "12个", "east"),
    ):
        answer = base.ask(f"《{title}》要求健全完善的评价体系有多少个一级指标？")
        assert not answer.abstained and count in answer.answer
        assert {c.clause.doc for c in answer.citations} == {doc}


def test_the_lead_in_before_a_colon_is_no_part_of_the_asking() -> None:
    question = "我在县营商办负责评价工作，想确认一下：方案要求的评价体系一共有多少个一级指标？"
    assert asking_part(question) == "方案要求的评价体系一共有多少个一级指标"
