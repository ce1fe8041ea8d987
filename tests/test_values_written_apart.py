"""Values written where a target search did not look, and words asked in another written form: an item's value
in its own heading (`2. 税收收入增长3%` over a line naming only its units), a one-character alternative in brackets
(新(扩)建 holds 新建 and 扩建), a count asked in its measure word (多少套) answered only by a number of that measure,
a change of a share in percentage points, a glossary term asked in its Latin plural, and the documents referred to as
where to look (这些文件里), which is no topic. The document below is written for these tests; every expected value
is read off it by hand."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.qa.decide.quantity import KINDS, asked_kind
from kb.qa.normalise.glossary import Glossary, latin_plurals
from kb.qa.normalise.text import EverydayWords, alternatives_written_out
from kb.qa.retrieve.targets import states_in_unit, target_parts
from kb.qa.understand.question import asked_unit
from kb.qa.understand.topic import _DOCUMENTS_REFERRED
from kb.settings import load_settings
from kb.types import Clause

SHARE = next(k for k in KINDS if k.name == "share")


def test_alternatives_in_brackets_are_written_out() -> None:
    assert alternatives_written_out("新(扩)建公办幼儿园12所") == "新建、扩建公办幼儿园12所"
    assert alternatives_written_out("实施卫生院迁（扩）建") == "实施卫生院迁建、扩建"
    assert alternatives_written_out("新(改、扩)建学校") == "新建、改建、扩建学校"
    words = EverydayWords({})
    assert words.found("扩建", "新(扩)建公办幼儿园12所")
    assert words.found("新建", "新(扩)建公办幼儿园12所")
    assert not words.found("改建", "新(扩)建公办幼儿园12所")  # an alternative not written is not found
    # a bracket of several characters is a remark, not an alternative
    assert alternatives_written_out("新建公办幼儿园（含扩建）学位") == "新建公办幼儿园（含扩建）学位"


def test_a_value_in_the_items_own_heading_is_a_part_of_it() -> None:
    noted = Clause("d", "某市方案", (1, 2), ("一、主要目标", "2. 税收收入增长3%"), "税收收入增长3%", "牵头单位:市税务局")
    parts = target_parts([noted])
    assert [p.text for p in parts][-1] == "税收收入增长3%"
    # the item's text states a value of its own: the heading is its name, not another value
    stated = Clause("d", "某市方案", (2, 1), ("二、民生实事", "1. 新建幼儿园"), "新建幼儿园", "新建幼儿园12所。")
    assert all(p.text != "新建幼儿园" for p in target_parts([stated]))
    # a number inside a name (5G, 十四五) is no value of the heading
    named = Clause("d", "某市方案", (3,), ("三、5G网络建设",), "5G网络建设", "牵头单位:市通信办")
    assert all("5G" not in p.text for p in target_parts([named]))


def test_a_count_asked_in_its_measure_word() -> None:
    assert asked_unit("人才公寓一共准备了多少套？") == "套"
    assert asked_unit("给企业准备了多少间住的地方？") == "间"
    count = asked_kind("准备了多少间住的地方？")
    assert count is not None and count.name == "count"
    assert states_in_unit("间", "提供总量100间的居住空间")
    assert not states_in_unit("间", "每年遴选一批项目，单个项目给予最高补助100万元")


def test_a_change_of_a_share_in_percentage_points_states_a_share() -> None:
    assert SHARE.stated.search("高新技术产业产值占规上工业比重每年提高2个百分点")
    assert SHARE.stated.search("比重提高0.5百分点")


def test_a_glossary_term_asked_in_its_plural() -> None:
    assert latin_plurals("innovation consortium") == ["innovation consortia", "innovation consortiums"]
    assert latin_plurals("new materials") == []
    glossary = Glossary({"innovation consortium": "创新联合体", "deputy head": "副组长"})
    assert glossary.chinese_terms("who forms digital innovation consortia?") == ["创新联合体"]
    # a plural in -s is the term too (kb.qa.normalise.glossary._plurals); that a role counted does not pick the group
    # by the role's word is decided later (kb.qa.decide.groups, tests/test_english_forms.py)
    assert glossary.chinese_terms("how many deputy heads does it have?") == ["副组长"]


def test_the_documents_referred_to_are_no_topic() -> None:
    assert _DOCUMENTS_REFERRED.sub(" ", "这些文件里对发展夜间经济").strip() == "对发展夜间经济"
    assert _DOCUMENTS_REFERRED.sub(" ", "那份文件中人才公寓").strip() == "人才公寓"
    # a kind of document named before 文件 is a name
    assert _DOCUMENTS_REFERRED.sub(" ", "规范性文件中的备案") == "规范性文件中的备案"


DOC = """某市2021年主要目标任务分解方案
一、主要目标
1. 城镇新增就业5万人
牵头单位:市人社局;责任单位:各县区政府
2. 税收收入增长3%
牵头单位:市税务局;责任单位:各县区政府
二、民生实事
1. 新(扩)建公办幼儿园
新(扩)建公办幼儿园12所，新增学位3600个。
2. 人才公寓
对来本市就业的高校毕业生给予每月最高1000元租房补贴；筹集人才公寓300套，最长可免费入住2年。
3. 引进人才
面向全国引进急需紧缺的博士研究生20名以上。
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("values-apart")
    (folder / "tasks.txt").write_text(DOC, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest([folder / "tasks.txt"])
    return base


def test_the_value_in_the_heading_answers(kb: KnowledgeBase) -> None:
    answer = kb.ask("某市2021年税收收入增长目标是多少？")
    assert not answer.abstained and "3%" in answer.answer and "没有写明" not in answer.answer


def test_a_word_in_its_bracketed_form_answers(kb: KnowledgeBase) -> None:
    answer = kb.ask("某市今年要新建扩建多少所公办幼儿园？")
    assert not answer.abstained and "12所" in answer.answer


def test_a_count_in_its_measure_word_is_that_measures(kb: KnowledgeBase) -> None:
    # the rent subsidy's 1000元 beside it is never the count asked; answered, it is the number of 套
    answer = kb.ask("给高校毕业生准备了多少套人才公寓？")
    assert "1000元" not in answer.answer
    assert answer.abstained or "300套" in answer.answer


def test_a_general_measure_word_does_not_bind_the_documents_own(kb: KnowledgeBase) -> None:
    # 几个 asks a count; the document counts its doctors in 名
    answer = kb.ask("某市今年打算引进几个博士研究生？")
    assert not answer.abstained and "20名" in answer.answer
