"""Bodies, members and dates written in running text: deadlines set inside a sentence (1月底前, 于3月15日前报…),
persons with posts run together under a label, a count the text writes, a role a body does not have.
Texts written for these tests."""

from __future__ import annotations

from kb.qa.compose.compound import split_items
from kb.qa.decide.dated import asked_form, days_in, stated_day
from kb.types import Clause, Hit


def _weight(token: str) -> float:
    return 1.0


def _clause(text: str, path: tuple[str, ...] = ("二、工作要求",), title: str = "某市关于分解任务的通知") -> Clause:
    return Clause("d", title, (2,), path, path[-1], text)


# --- decide: a deadline set in running text ---

SPLIT_UP = "市政府各责任部门要于3月底前完成任务的细化分解,4月中旬前逐项制定工作措施,并报市政府备案。"


def test_a_part_of_a_month_is_a_deadline() -> None:
    assert days_in(SPLIT_UP, "deadline") == ["3月底前", "4月中旬前"]
    assert days_in("2031年6月末前完成验收", "deadline") == ["2031年6月末前"]
    assert days_in("全年完成3个月度目标", "deadline") == []  # no month written with a part


def test_each_deadline_times_its_own_piece() -> None:
    hits = [Hit(_clause(SPLIT_UP), 1.0)]
    first = stated_day(hits, ["细化", "分解"], _weight, "deadline")
    assert first is not None and first.day == "3月底前"
    second = stated_day(hits, ["制定", "工作措施"], _weight, "deadline")
    assert second is not None and second.day == "4月中旬前"


def test_what_is_sent_may_be_written_before_the_day() -> None:
    text = "各牵头单位要将工作台账报分管领导签字后,于2031年5月20日前报县政府办公室备案。"
    hits = [Hit(_clause(text), 1.0)]
    found = stated_day(hits, ["工作台账", "分管领导", "备案"], _weight, "deadline")
    assert found is not None and found.day == "2031年5月20日前"
    # the piece before lends its words only when it sets no day of its own
    text = "各单位于5月1日前完成自查,5月20日前报送总结。"
    hits = [Hit(_clause(text), 1.0)]
    only = stated_day(hits, ["报送", "总结"], _weight, "deadline")
    assert only is not None and only.day == "5月20日前"
    assert stated_day(hits, ["自查", "验收", "评估"], _weight, "deadline") is None


def test_the_latest_time_asked_is_a_deadline() -> None:
    assert asked_form("台账最晚啥时候要报？") == "deadline"
    assert asked_form("最迟什么时候完成分解？") == "deadline"


# --- understand: 各 before a kind of unit is no 分别 ---


def test_each_lead_unit_is_the_units_not_each_item() -> None:
    # 各牵头部门 names the lead units; the 和 in the story before is no list of items asked apart
    assert split_items("某省把主要指标和重点任务分解以后，省政府各牵头部门最迟什么时候完成细化分解？") == []
    parts = split_items("发改委和财政局各负责什么？")
    assert [p.item for p in parts] == ["发改委", "财政局"]
