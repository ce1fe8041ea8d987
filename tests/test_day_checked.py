"""A day a yes/no question checks (kb.qa.decide.day_checked), read from the question (kb.qa.compose.yesno.read)
and judged on a clause's text. The texts are written for these tests: a notice setting two deadlines in one
sentence, a task with its 完成时限 line, a signature date, a clause setting no day."""

from __future__ import annotations

import pytest

from kb.qa.compose import yesno
from kb.qa.decide.day_checked import END, Day, checked, days_in, period_checked, same

TWO_DEADLINES = "各乡镇要于3月底前完成摸底排查，6月15日前制定整改方案，并报县政府备案。"
TASK = "城乡居民医保参保率稳定在95%以上。\n牵头单位：县医保局。\n完成时限:2023年11月30日"
SIGNED = "某县人民政府\n2022年8月9日\n（此件公开发布）"
NO_DAY = "农村公路养护率达到100%。牵头单位：县交通运输局。"


def test_days_are_read_in_the_forms_documents_write_them() -> None:
    days = days_in("2023年11月30日、3月底、2022年8月、2025年底、2021-12-31、12个月、第3月份")
    assert [(d.year, d.month, d.day) for d in days] == [
        (2023, 11, 30),
        (None, 3, END),
        (2022, 8, None),
        (2025, 12, END),
        (2021, 12, 31),
        (None, 3, None),
    ]


def test_days_agree_on_every_part_both_write() -> None:
    assert same(Day(2023, 11, END, "2023年11月底"), Day(2023, 11, 30, "2023年11月30日"))
    assert same(Day(None, 2, END, "2月底"), Day(2024, 2, 29, "2024年2月29日"))
    assert same(Day(2022, 8, None, "2022年8月"), Day(2022, 8, 9, "2022年8月9日"))
    assert not same(Day(2022, 9, None, "2022年9月"), Day(2022, 8, 9, "2022年8月9日"))
    assert not same(Day(2021, 12, 31, "2021年12月31日"), Day(2022, 12, 31, "2022年12月31日"))
    assert not same(Day(None, 6, 30, "6月30日"), Day(None, 6, 15, "6月15日"))


@pytest.mark.parametrize(
    ("question", "verdict", "piece"),
    [
        ("各乡镇是否要在3月底前完成摸底排查？", True, "各乡镇要于3月底前完成摸底排查"),
        ("各乡镇制定整改方案的期限是6月30日前吗？", False, "6月15日前制定整改方案"),
        ("各乡镇是不是要在6月15日前制定整改方案", True, "6月15日前制定整改方案"),
    ],
)
def test_the_day_of_the_piece_about_the_thing_checked_is_judged(question: str, verdict: bool, piece: str) -> None:
    """Two deadlines in one sentence: each judged against the piece writing the thing the question names."""
    check = yesno.read(question, "zh", (), ())
    assert check is not None and check.kind == "date" and check.day is not None
    assert checked(check.day, question, TWO_DEADLINES) == (verdict, piece)


def test_a_deadline_line_and_a_signature_date_are_judged() -> None:
    task = yesno.read("城乡居民医保参保率稳定在95%以上，是否要求在2023年11月底前完成？", "zh", (), ())
    assert task is not None and task.kind == "date" and task.day is not None  # 95% only names the item
    assert checked(task.day, "城乡居民医保参保率稳定在95%以上，是否要求在2023年11月底前完成？", TASK) == (
        True,
        "完成时限:2023年11月30日",
    )
    signed = yesno.read("这个通知是2022年9月印发的吗？", "zh", (), ())
    assert signed is not None and signed.day is not None
    assert checked(signed.day, "这个通知是2022年9月印发的吗？", SIGNED) == (False, "2022年8月9日")


def test_a_clause_writing_no_day_settles_nothing() -> None:
    check = yesno.read("农村公路养护率达到100%，是否要求在2024年6月底前完成？", "zh", (), ())
    assert check is not None and check.kind == "date" and check.day is not None
    assert checked(check.day, "农村公路养护率达到100%，是否要求在2024年6月底前完成？", NO_DAY) is None


def test_a_value_in_the_framed_piece_is_still_the_value_checked() -> None:
    """3月底前 names when; the 50个 the question frames is what it checks."""
    check = yesno.read("3月底前是否要建成50个村级服务站？", "zh", (), ())
    assert check is not None and check.kind == "value" and check.value == (50.0, "个")


RULES = "（一）专班原则上每季度召开一次全体会议，根据工作需要可临时召开。（二）专班办公室每月汇总一次进展。"


@pytest.mark.parametrize(
    ("question", "verdict", "piece"),
    [
        ("某某专班是每季度召开一次全体会议吗？", True, "（一）专班原则上每季度召开一次全体会议"),
        ("某某专班是不是每半年召开一次全体会议", False, "（一）专班原则上每季度召开一次全体会议"),
        ("专班办公室是每两个月汇总一次进展吗？", False, "（二）专班办公室每月汇总一次进展"),
        ("专班办公室是不是每个月汇总一次进展？", True, "（二）专班办公室每月汇总一次进展"),
    ],
)
def test_a_period_is_judged_on_the_piece_about_the_act(question: str, verdict: bool, piece: str) -> None:
    check = yesno.read(question, "zh", (), ())
    assert check is not None and check.kind == "period" and check.period is not None
    assert period_checked(check.period, question, RULES) == (verdict, piece)


def test_a_clause_writing_no_period_settles_no_period() -> None:
    check = yesno.read("领导小组是每季度开一次会吗？", "zh", (), ())
    assert check is not None and check.period is not None
    assert period_checked(check.period, "领导小组是每季度开一次会吗？", "领导小组办公室设在县民政局。") is None
