"""Numeric targets (`研发经费投入增长 8.5%以上`) and deadlines (`到2027年`, `2027年底前`) in clause text.

A number counts as a target when the text says so: a qualifier (`以上`, `超过`…), a growth/level verb before a
percentage (`增长 9.5%`), or a sentence that sets goals (`力争…1家`). Counts in plain narration
(`加快 18 家…企业集聚投产`) are not targets.
"""

from __future__ import annotations

import re

from kb.types import Deadline, Indicator

# the longer of two units sharing a start first (万人次 before 万人, 万平方米 before 万): a unit cut short names
# another quantity (1370万人次 of passengers is no 1370万人)
_UNITS = (
    "%|％|个百分点|万元|亿元|万人次|万人|万吨|万亩|万平方米|万|亿|家|个|项|名|件|人次|人|所|座|条|次|场|部|台|套|亩|吨|公里|千米"
)
_NUMBER = re.compile(
    rf"(?P<pre>最高不超过|不超过|不高于|不大于|超过|超|不少于|不低于|低于|少于|最高|最多|至少|达到|达|突破|提高到|提升到|"
    rf"稳定在|保持在|控制在|为)?\s{{0,4}}"
    # a value starts where a number starts (tried from inside a run of digits, it costs time quadratic in the run)
    rf"(?P<value>(?<![\d.])\d{{1,15}}(?:\.\d{{1,8}})?)\s{{0,4}}(?P<unit>{_UNITS})\s{{0,4}}(?P<post>以上|左右|以内|以下)?"
)
_BOUNDARY = "，,。；;：:！？!?\n"
_LEADING_VERBS = re.compile(r"^(?:力争|争取|争创|推动|实现|确保|全力|努力)+")
_DEADLINE_PREFIX = re.compile(r"^(?:到|至|在)?\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前)?")
_GOAL_WORDS = ("力争", "争取", "目标", "确保", "达到")
_LEVEL_VERBS = ("增长", "提高", "提升", "下降", "降低", "增加", "占比", "比重")
# a bound written before the number, as the Indicator keeps it (Indicator.display puts 超过/不超过/低于 first)
_QUALIFIERS = {
    "超过": "超过",
    "超": "超过",
    "突破": "超过",
    "不少于": "以上",
    "不低于": "以上",
    "不超过": "不超过",
    "不高于": "不超过",
    "不大于": "不超过",
    "低于": "低于",
    "少于": "低于",
    "最高不超过": "不超过",
    "最高": "最高",
    "最多": "最高",
    "至少": "以上",
}
# An amount of money a clause grants (每年给予最高200万元补助, 一次性奖励10万元) is a figure a reader asks for too.
_MONEY_UNITS = ("万元", "亿元", "元")
_GRANT_WORDS = ("给予", "奖励", "补助", "补贴", "资助", "扶持", "支持", "贴息")

_DEADLINE = re.compile(
    r"(?P<pre>到|至|在)?(?P<year>20\d{2})\s*年(?:(?P<month>\d{1,2})\s*月)?(?P<post>底前|年底前|末前|前|底|末)?"
)


def _segment_start(text: str, index: int, floor: int) -> int:
    """Start of the phrase that ends at `index`: after the last boundary mark, never before `floor`."""
    start = max((text.rfind(mark, 0, index) for mark in _BOUNDARY), default=-1) + 1
    return max(start, floor)


def _sentence(text: str, index: int) -> str:
    start = max(text.rfind(mark, 0, index) for mark in "。；;\n") + 1
    ends = [text.find(mark, index) for mark in "。；;\n"]
    end = min((e for e in ends if e >= 0), default=len(text))
    return text[start:end]


def _name(phrase: str) -> str:
    """What is measured: the phrase before the number without `力争`, a leading deadline or linking marks."""
    name = phrase.strip().lstrip("、，, ")
    for _ in range(3):  # `力争到2027年实现…` peels in turns
        name = _DEADLINE_PREFIX.sub("", _LEADING_VERBS.sub("", name)).lstrip("，, ")
    return name.strip()


def _is_target(name: str, unit: str, pre: str, post: str, sentence: str) -> bool:
    if not name:
        return False
    if post in ("以上", "左右", "以内", "以下") or pre:
        return True
    if unit in ("%", "％", "个百分点") and name.endswith((*_LEVEL_VERBS, "率")):
        return True
    if unit in _MONEY_UNITS and any(word in sentence for word in _GRANT_WORDS):
        return True
    return any(word in sentence for word in _GOAL_WORDS)


def find_indicators(text: str) -> list[Indicator]:
    """Numeric targets in order of position."""
    found: list[Indicator] = []
    floor = 0
    for match in _NUMBER.finditer(text):
        if match.start("value") > 0 and text[match.start("value") - 1].isdigit():
            continue
        if _is_year(text, match):
            continue
        start = _segment_start(text, match.start(), floor)
        pre, post = match["pre"] or "", match["post"] or ""
        name = _name(text[start : match.start()])
        unit = "%" if match["unit"] == "％" else match["unit"]
        if not _is_target(name, unit, pre, post, _sentence(text, match.start())):
            continue
        name_at = text.index(name, start) if name else match.start()
        found.append(
            Indicator(
                name=name,
                value=float(match["value"]),
                unit=unit,
                qualifier=_QUALIFIERS.get(pre, post),
                text=text[name_at : match.end()].strip(),
            )
        )
        floor = match.end()
    return found


def _is_year(text: str, match: re.Match[str]) -> bool:
    return len(match["value"]) == 4 and text[match.end("value") : match.end("value") + 1] == "年"


def find_deadlines(text: str) -> list[Deadline]:
    """Dates a clause sets: `到2027年`, `2027年底前`, `2027年6月底前`; a bare year in narration is not one."""
    found: list[Deadline] = []
    for match in _DEADLINE.finditer(text):
        if not (match["pre"] or match["post"]):
            continue
        if match["pre"] == "在" and not match["post"]:
            continue
        month = int(match["month"]) if match["month"] else None
        found.append(Deadline(year=int(match["year"]), text=match.group(0), month=month))
    return found
