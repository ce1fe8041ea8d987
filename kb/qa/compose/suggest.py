"""Example questions drawn from the indexed clauses, for the app's first screen: a question each about a lead,
a unit's duties and a target, so a newcomer sees what can be asked of the documents actually loaded.

Each question is chosen to have one answer among everything loaded: a clause heading written once, a unit named by
the documents of one place only, a target named once. With many documents, the same heading (建设OPC社区) or unit
(市财政局) recurs across places, and a question about it would answer "several places hold this" instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from kb.types import Clause, Indicator

_TITLE_CHARS = (2, 16)  # a heading short enough to read as the subject of a question
_TARGET_CHARS = (4, 16)
# A target is a number the plan sets out to reach (新增培育OPC企业 1000家); a cap on a subsidy (给予…最高200万元) or
# a name that is a bare verb, a time span or a fragment of a list (打造, 用1年左右的时间建设, 30万、) is no target
# to ask about.
_NOT_A_TARGET = re.compile(
    r"给予|补贴|奖励|资助|每年|每家|单个|时间|简称|[、，,：:（()]|^(?:用|对|可)|^(?:打造|建成|引育|新增|支持)$"
)
_CAPS = ("最高", "不超过", "以内", "以下", "低于")
_TARGET_HEADINGS = ("指标", "目标")
# 各县（市、区）人民政府, 有关部门: many bodies at once, not a unit whose duties one can ask for
_COLLECTIVE = re.compile(
    r"^各|有关|相关"
)  # headings whose numbers are the plan's targets (主要指标, 工作目标)


def example_questions(
    clauses: Sequence[Clause], limit: int = 4, places: Mapping[str, str | None] | None = None
) -> list[str]:
    """Up to `limit` questions the index can answer, in document order within each kind: a lead, a unit's duties,
    a target, then another lead. `places` (document id → place): with several places loaded, a question names
    the place of its clause (plans of different places share headings) and asks of a unit only one place's
    documents name."""
    places = places or {}
    several = len({p for p in places.values() if p}) > 1
    where = (lambda c: places.get(c.doc) or "") if several else (lambda c: "")
    questions: list[str] = []
    led = _led_clauses(clauses)
    if led:
        questions.append(f"{where(led[0])}{led[0].title}由哪个单位牵头？")
    unit = _busiest_unit(clauses, places)
    if unit:
        questions.append(f"{unit}负责哪些工作？")
    target = _first_target(clauses)
    if target:
        clause, indicator = target
        questions.append(f"{where(clause)}{indicator.name}的目标是多少？")
    if len(led) > 1:
        other = led[len(led) // 2]
        questions.append(f"{where(other)}{other.title}由谁负责？")
    return list(dict.fromkeys(questions))[
        :limit
    ]  # two kinds may produce the same question on a tiny document


def _led_clauses(clauses: Sequence[Clause]) -> list[Clause]:
    """Clauses with a lead unit whose heading is written once in all the documents, in document order."""
    written = Counter(c.title for c in clauses)
    low, high = _TITLE_CHARS
    return [c for c in clauses if c.lead and low <= len(c.title) <= high and written[c.title] == 1]


def _busiest_unit(clauses: Sequence[Clause], places: Mapping[str, str | None]) -> str | None:
    """The unit named in the most clauses among those only one place's documents name."""
    counts: Counter[str] = Counter()
    where: dict[str, set[str | None]] = {}
    for clause in clauses:
        for unit in clause.departments:
            counts[unit] += 1
            where.setdefault(unit, set()).add(places.get(clause.doc))
    one_place = [
        (unit, n)
        for unit, n in counts.most_common()
        if len(where[unit]) == 1 and not _COLLECTIVE.search(unit)
    ]
    return one_place[0][0] if one_place else None


def _first_target(clauses: Sequence[Clause]) -> tuple[Clause, Indicator] | None:
    """The first target named once, with its clause; those under a 指标/目标 heading first."""
    found = [(c, i) for c in clauses for i in c.indicators if _is_target(i)]
    named = Counter(i.name for _, i in found)
    once = [(c, i) for c, i in found if named[i.name] == 1]
    headed = [(c, i) for c, i in once if any(w in part for part in c.path for w in _TARGET_HEADINGS)]
    chosen = headed or once
    return chosen[0] if chosen else None


def _is_target(indicator: Indicator) -> bool:
    low, high = _TARGET_CHARS
    name = indicator.name
    return low <= len(name) <= high and not _NOT_A_TARGET.search(name) and indicator.qualifier not in _CAPS
