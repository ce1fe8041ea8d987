"""An amount asked per something (每平方米补贴多少) is answered only by a number stated per that thing; a number
of the same clause stated per another thing (每年最高200万元) is shown as what the clause says, and the answer
abstains for the rate asked."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.qa.decide.quantity import asked_per, states_per
from kb.settings import load_settings

DOC = """某县关于支持社区建设的若干措施
一、打造专业化社区
（一）支持社区运营。对运营良好的创业社区，给予运营主体每年最高200万元奖励。
（二）降低办公成本。对入驻社区的创业团队，按每平方米每月30元的标准给予租金补贴，最长2年。
（三）提供安居保障。符合条件的青年人才可领取最长24个月、每月1250元的安居补贴。
"""


@pytest.mark.parametrize(
    ("question", "per"),
    [
        ("每平方米补贴多少钱？", "平方米"),
        ("每平米给多少", "平方米"),
        ("安居补贴每月多少？", "月"),
        ("How much per square metre?", "平方米"),
        ("最高奖励多少？", None),
    ],
)
def test_the_rate_asked(question: str, per: str | None) -> None:
    assert asked_per(question) == per


def test_a_rate_is_stated_per_its_own_thing() -> None:
    assert states_per("平方米", "按每平方米每月30元的标准给予租金补贴")
    assert states_per("平方米", "租金补贴30元/㎡")
    assert not states_per("平方米", "给予运营主体每年最高200万元奖励")
    assert states_per("月", "每月1250元的安居补贴")


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("not-stated")
    (folder / "measures.txt").write_text(DOC, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest([folder / "measures.txt"])
    return base


def test_a_rate_the_clause_does_not_state_is_not_answered_by_another_number(kb: KnowledgeBase) -> None:
    answer = kb.ask("社区运营主体每平方米奖励多少钱？")
    assert answer.abstained
    assert "没有写明" in answer.answer and "每年最高200万元" in answer.answer  # what the clause does say
    assert answer.citations[0].clause.id == "measures:1.1"


def test_a_rate_the_clause_states_is_answered(kb: KnowledgeBase) -> None:
    answer = kb.ask("入驻社区的创业团队租金补贴每平方米多少钱？")
    assert not answer.abstained and "30元" in answer.answer
    assert answer.citations[0].clause.id == "measures:1.2"
    monthly = kb.ask("安居补贴每月多少钱？")
    assert not monthly.abstained and "1250元" in monthly.answer
