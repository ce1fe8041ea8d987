"""The asked slot filled from the clause or said to be not stated (kb/qa/decide/target.py `unstated`,
kb/qa/decide/quantity.py, kb/qa/decide/when.py, kb/qa/understand/question.py `slot_of`): small clauses built
here, no index. Each rule is by form — what kind of number, per what, for which year, whether the question wrote
the number itself — never by the words of a particular question."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.qa.decide.quantity import asked_kind, numbers_in, states_other_kind
from kb.qa.decide.target import unstated
from kb.qa.decide.when import first_timed, stated_time
from kb.qa.retrieve.targets import TargetPart
from kb.qa.understand.intent import Route
from kb.qa.understand.question import Question, slot_of
from kb.types import Clause, Deadline, Hit


def _clause(text: str, number: tuple[int, ...] = (3, 1), path: tuple[str, ...] = ("三、任务", "1. 某项")) -> Clause:
    return Clause("d", "某市关于支持某产业的若干措施", number, path, path[-1], text)


def _asked(text: str, year: str | None = None) -> Question:
    return Question("indicator", "zh", text, text=text, slot="amount", year=year)


def _part(text: str, sentence: str = "", clause: Clause | None = None) -> TargetPart:
    return TargetPart(clause or _clause(sentence or text), text, None, sentence=sentence or text)


def test_a_rate_asked_per_area_is_not_a_yearly_cap() -> None:
    part = _part("每年最高补贴200万元")
    missing = unstated(_asked("孵化场地每平方米补贴多少钱？"), part)
    assert missing is not None and "平方米" in missing.zh
    assert unstated(_asked("孵化场地每平方米补贴多少钱？"), _part("按每平方米30元给予补贴")) is None


def test_a_year_the_clause_does_not_name_is_not_stated() -> None:
    clause = _clause("省级财政安排专项资金80亿元,2023年安排30亿元")
    part = _part("省级财政安排专项资金80亿元", clause.text, clause)
    missing = unstated(_asked("专项资金2024年安排多少亿元？", year="2024"), part)
    assert missing is not None and "2024" in missing.zh
    # the year asked is the clause's own: it answers
    assert unstated(_asked("专项资金2023年安排多少亿元？", year="2023"), _part("2023年安排30亿元", clause.text, clause)) is None
    # a clause naming no year at all is not held against the year asked (its year is the document's)
    plain = _clause("给予最高50万元奖励")
    assert unstated(_asked("2025年最高奖励多少？", year="2025"), _part("给予最高50万元奖励", clause=plain)) is None


def test_the_question_s_own_number_is_no_answer() -> None:
    part = _part("省级财政安排专项资金80亿元")
    assert unstated(_asked("省级财政80亿元专项资金里，每个市分多少亿元？"), part) is not None
    assert unstated(_asked("省级财政专项资金有多少亿元？"), part) is None
    # the condition's number is the question's, the sentence states the value too: it answers (依次给予)
    each = _part("正常经营6、18个月以上的", "正常经营6、18个月以上的，依次给予5000元、1万元创业补贴")
    assert unstated(_asked("经营满18个月能拿多少补贴？"), each) is None


def test_a_number_of_another_kind_does_not_answer() -> None:
    """A share asked, a count stated; an amount asked, a count stated: not stated. A share answers an amount
    (a rate of the cost), and a part stating no number is quoted as written (not judged here)."""
    assert unstated(_asked("入驻企业租金减免打几折？"), _part("对入驻的10家企业减免租金")) is not None
    assert unstated(_asked("入驻企业租金减免打几折？"), _part("租金按市场价8折收取")) is None
    assert unstated(_asked("贷款贴息补贴多少钱？"), _part("按贷款利息的50%给予贴息")) is None
    assert unstated(_asked("贷款贴息补贴多少钱？"), _part("支持20家企业贷款贴息")) is not None
    kind = asked_kind("补贴多少钱")
    assert kind is not None and not states_other_kind(kind, "给予一次性补贴")
    assert numbers_in("给予最高 80% 的补偿,单笔1000万元") == {"80%", "1000万元"}


def test_a_deadline_is_read_from_the_clause_or_its_note() -> None:
    dated = replace(_clause("建成社区10个。"), deadlines=(Deadline(2027, "到2027年底"),))
    assert stated_time(dated) == "到2027年底"
    noted = _clause("稳住经济基本盘，保居民就业。(国务院各部门分别负责,年内持续推进)")
    assert stated_time(noted) == "年内持续推进"
    scored = _clause("开展项目评审。（责任单位：市科技局，1分）")
    assert stated_time(scored) is None
    assert stated_time(_clause("加快建设研究院。")) is None


def test_the_time_is_the_best_task_clause_s_or_none() -> None:
    """A preamble or a heading ranked first has no task of its own: the next clause answers. A task clause
    ranked first with no time means the time is not stated — never a later clause's time of another task."""
    preamble = _clause("现就重点工作提出分工意见如下：", (0,), ("前言",))
    noted = _clause("保居民就业。(国务院各部门分别负责,年内持续推进)")
    untimed = _clause("加快建设研究院。（牵头单位：县科工信局）")
    assert first_timed([Hit(preamble, 1.0), Hit(noted, 0.9)], {}) == (Hit(noted, 0.9), "年内持续推进")
    assert first_timed([Hit(untimed, 1.0), Hit(noted, 0.9)], {}) is None


@pytest.mark.parametrize(
    ("text", "intent", "slot"),
    [
        ("研究院啥时候建成？", "general", "date"),
        ("租金打几折？", "general", "ratio"),
        ("补贴最高多少钱？", "general", "amount"),
        ("培育多少家企业？", "indicator", "count"),
        ("增长目标是什么？", "indicator", "ratio"),  # growth is set as a rate (增长8.5%)
        ("投资目标是什么？", "indicator", "amount"),
        ("研究院由哪个单位牵头？", "responsibility", "lead"),
        ("研究院的配合单位有哪些？", "responsibility", "units"),
        ("哪些地方在建设社区？", "general", "places"),
        ("方案的主要内容是什么？", "general", "summary"),
    ],
)
def test_each_question_asks_one_slot(text: str, intent: str, slot: str) -> None:
    assert slot_of(Route(intent, "zh", text), text, None) == slot  # type: ignore[arg-type]


def test_the_day_a_document_was_issued_is_the_date_under_its_issuer() -> None:
    from kb.qa.decide import effective

    assert effective.asked("某县分工方案是什么时候印发的？") == "issued"
    assert effective.asked("When was the county's plan issued?") == "issued"
    assert effective.asked("本方案什么时候开始施行？") == "start"
    first = _clause("现将方案印发给你们，请认真贯彻落实。\n某县人民政府\n2025 年3 月1 日\n（此件公开发布）", (0,), ("前言",))
    last = _clause("本方案自2025年4月1日起施行。")
    assert effective.issued_on([first, last]) == (first, "2025年3月1日")
    # a date inside a sentence (自2025年4月1日起施行) is no issuing date
    assert effective.issued_on([last]) is None


def test_a_number_in_a_measure_named_is_not_a_target_in_words() -> None:
    """A part stating no number answers no number asked in a measure (降到多少微克/立方米 / 浓度持续改善); it still
    answers a bare 多少 (its words quoted), and a part with the number answers."""
    words = _part("全省细颗粒物(PM2.5)平均浓度持续改善")
    assert unstated(_asked("全省PM2.5平均浓度要降到多少微克/立方米？"), words) is not None
    assert unstated(_asked("全省耕地保有量要保持在多少万亩？"), _part("耕地保有量保持稳定")) is not None
    assert unstated(_asked("全省PM2.5平均浓度要降到多少微克/立方米？"), _part("平均浓度降到35微克/立方米")) is None
    assert unstated(_asked("全省PM2.5平均浓度要改善多少呢？"), words) is None
