"""Values given respectively (依次 / 分别): `对正常经营6、18、36个月以上的，依次给予最高5000元、1万元、2万元补贴` sets
three amounts for three conditions. A question naming one condition (满36个月) is answered by its own value.

Official documents write this one way: a list of conditions joined by 、 ending in a unit, then 依次 or 分别 and
a list of as many values joined by 、. Nothing else is read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"\d+(?:\.\d+)?"
_CONDITIONS = re.compile(rf"({_NUMBER}(?:\s*、\s*{_NUMBER})+)\s*(个月|年|万元|元|人|家|个|%|平方米|名|次|天|小时)?")
_VALUE = (
    rf"(?:最高|最多|不超过|不低于|不少于)?{_NUMBER}\s*(?:万|亿|千)?"
    r"(?:元|%|个|家|名|人|平方米|年|个月|天|小时|卡时|次)?"
)
_VALUES = re.compile(rf"{_VALUE}(?:\s*、\s*{_VALUE})+")
_RESPECTIVELY = re.compile(r"依次|分别")


@dataclass(frozen=True)
class Aligned:
    condition: str  # as the question names it, with the document's unit (36个月)
    value: str  # the value the document sets for it (2万元)


def aligned_value(question: str, sentence: str) -> Aligned | None:
    """The value a 依次/分别 sentence sets for the condition the question names; None when it names none."""
    asked = set(re.findall(_NUMBER, question))
    if not asked:
        return None
    for keyword in _RESPECTIVELY.finditer(sentence):
        before = list(_CONDITIONS.finditer(sentence[: keyword.start()]))
        after = _VALUES.search(sentence, keyword.end())
        if not before or after is None:
            continue
        conditions = [c.strip() for c in before[-1].group(1).split("、")]
        values = [v.strip() for v in after.group(0).split("、")]
        if len(conditions) != len(values):
            continue
        unit = before[-1].group(2) or ""
        for condition, value in zip(conditions, values, strict=True):
            if condition in asked and re.search(rf"(?<![\d.]){re.escape(condition)}\s*{re.escape(unit)}", question):
                return Aligned(f"{condition}{unit}", value)
    return None
