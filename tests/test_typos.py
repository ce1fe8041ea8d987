"""Same-pinyin one-character typos in units' names, corrected against the names the documents write
(kb.qa.normalise.typos); words written as meant are left alone."""

from __future__ import annotations

import pytest

from kb.qa.normalise.question import dictionary_word as _dictionary_word
from kb.qa.normalise.typos import HomophoneFixer

NAMES = "\n".join(["县林业局", "县教育局", "市数据局", "平江支局", "县科技和信息化局", "县发改局", "组长", "召集人"])


@pytest.fixture(scope="module")
def fixer() -> HomophoneFixer:
    return HomophoneFixer(NAMES, is_word=_dictionary_word)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("林叶局参与了哪些任务", "林业局参与了哪些任务"),
        ("县教育据参与了哪些工作", "县教育局参与了哪些工作"),
        ("宁波市数居局负责哪些任务", "宁波市数据局负责哪些任务"),
        ("领导小组的组张是谁？", "领导小组的组长是谁？"),  # a role's two-character name, whole
    ],
)
def test_a_homophone_in_a_name_is_corrected(fixer: HomophoneFixer, typed: str, meant: str) -> None:
    assert fixer.fix(typed) == meant


@pytest.mark.parametrize(
    "question",
    [
        "抽水蓄能电站由哪个部门牵头？",  # 哪个 is a word, whatever the names hold
        "技术合同成交额要增长多少？",  # 合 makes 合同 with its other neighbour (技术和信息化局 holds 术和)
        "平江智算中心项目是哪个部门的事？",  # 江智 → 江支 reads 平江支 only at a name's start, not through
        "What does the forestry bureau do?",
        "村里的族长是谁？",  # 族长 sounds as 组长 but is a word as written
    ],
)
def test_words_written_as_meant_are_left(fixer: HomophoneFixer, question: str) -> None:
    assert fixer.fix(question) == question


CORPUS = "技术合同成交额增长20%以上。加快标识解析体系建设。畜禽粪污综合利用率达到75%以上。对接工作由县科工信局负责。"


@pytest.fixture(scope="module")
def speller():  # type: ignore[no-untyped-def]
    from kb.qa.normalise.question import likelihood as _likelihood
    from kb.qa.normalise.typos import CorpusSpeller

    return CorpusSpeller(lambda text: text in CORPUS, CORPUS, likelihood=_likelihood)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("技术合同成较额要增长多少？", "技术合同成交额要增长多少？"),
        ("标示解析体系建设由谁牵头", "标识解析体系建设由谁牵头"),
        ("畜禽粪物综合利用率要达到多少", "畜禽粪污综合利用率要达到多少"),
    ],
)
def test_a_homophone_in_a_topic_word_is_corrected_against_the_documents(speller, typed: str, meant: str) -> None:  # type: ignore[no-untyped-def]
    assert speller.fix(typed) == meant


@pytest.mark.parametrize(
    "question",
    [
        "技术合同成交额的增长目标是多少？",  # 是 beside 目标: a word the documents do not write there, no typo
        "县统计局负责哪些工作？",  # a level is never a typo of another level
        "对接工作都有哪些？",
        "高铁站建设由哪个部门负责？",  # nothing the documents write fits
    ],
)
def test_question_words_and_unknown_topics_are_left(speller, question: str) -> None:  # type: ignore[no-untyped-def]
    assert speller.fix(question) == question


def test_a_dictionary_word_is_a_typo_only_where_the_correction_is_a_whole_name() -> None:
    fixer = HomophoneFixer("\n".join(["召集人", "副召集人", "县林业局"]), is_word=_dictionary_word)
    assert fixer.fix("工作专班的招集人是谁？") == "工作专班的召集人是谁？"
    assert fixer.fix("招集志愿者参加活动") == "招集志愿者参加活动"  # 招集 as meant: no name is made
