"""Yes/no questions: "是县发改局牵头吗？", "县林业局参与了吗？", "补贴上限是100万元吗？", "Is X the lead…?".

A yes/no question checks one thing — a unit's role in a task, or a value — against what the documents say. It is
answered by the same pipeline asked the open question behind it (who is responsible for the task; how much the
target is), and then judged: the answer opens with 是 / 不是 (Yes / No), followed by what the cited clause says.
When the open question is not answered (the documents do not state the thing checked), neither is the check: the
answer says so and is an abstention, never a guessed yes or no.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from kb.parse.unit_names import looks_like_unit
from kb.types import Answer

if TYPE_CHECKING:  # the Question's module imports this one (Check): typing only
    from kb.qa.understand.question import Question

Role = Literal["lead", "any"]

# the frames that make a statement a question to confirm; a wh-word asks something else (是谁牵头的吗 is rare,
# 是哪个部门牵头 is a who-question)
_ZH_CHECK = re.compile(r"(?:吗|么|嘛)[？?。!！\s]*$|是不是|是否|对不对|有没有|对吗|是吧[？?]?$")
_ZH_WH = re.compile(r"谁|哪|什么|啥|多少|几|怎么|如何|何时|为何")
_EN_CHECK = re.compile(r"^\s*(?:is|are|was|were|does|do|did|has|have|will|can)\b", re.IGNORECASE)
_EN_WH = re.compile(r"\b(?:who|which|what|how|when|where|why)\b", re.IGNORECASE)

# the unit a Chinese check names before its role (…这项工作是区城管局牵头吗): read by its form when no document
# names it, so that the check is answered 不是 with the unit the clause does give
_UNIT_CHECKED = re.compile(r"是(?:由)?(?P<unit>[\u4e00-\u9fff]{2,20}?)(?:来)?(?:牵头|主责|负责|配合|参与)")
_LEAD_ZH = re.compile(r"牵头|主责|主办|挂帅|领头|负责牵头")
_ROLE_ZH = re.compile(r"参与|配合|负责|责任|参加|涉及|承担|有份|协同|协助|落实|管")
_LEAD_EN = re.compile(r"\blead(?:s|ing)?\b|\bin charge\b|\bin the lead\b", re.IGNORECASE)
_ROLE_EN = re.compile(r"\b(?:involved|responsible|participat\w*|take part|takes part|part of|support\w*)\b", re.I)

# a value written in the question: a number and what it counts (100万元, 8.5%, 3名, 2027年)
_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％|万亿|亿元|亿|万元|万|千元|元|个|家|名|人|项|年|月|天|小时|平方米|亩|倍)?")
_MULTIPLIER = {"万亿": 1e12, "亿元": 1e8, "亿": 1e8, "万元": 1e4, "万": 1e4, "千元": 1e3}

# the frame words removed to get the open question's topic
_ZH_FRAME = re.compile(
    r"是不是|是否|对不对|有没有|对吗|是吧|吗|么|嘛|呢|吧|[？?。!！]|"
    r"负责牵头|牵头|主责|主办|挂帅|领头|参与|配合|负责|参加|涉及|承担|协同|协助|落实|"
    r"^是|的是|是由|由|了|也"
)


@dataclass(frozen=True)
class Check:
    """What a yes/no question checks."""

    kind: Literal["unit", "value"]
    role: Role = "any"
    units: tuple[str, ...] = ()  # the units checked (canonical, as the question resolves them)
    written: tuple[str, ...] = ()  # the same units as the question writes them
    value: tuple[float, str] | None = None  # the value checked: its number and what it counts
    # units written so that they fit several (发改局 of 市发改局): each mention's candidates; any one named fits
    alternatives: tuple[tuple[str, ...], ...] = ()

    def open_question(self, question: str, language: str) -> str:
        """The open question behind the check, asked of the pipeline."""
        if language == "en":
            text = re.sub(r"^\s*(?:is|are|was|were|does|do|did|has|have|will|can)\b", "", question, flags=re.I)
            text = text.rstrip(" ?？")
            for name in self.written:
                text = text.replace(name, " ")
            if self.kind == "unit":
                return f"Who leads {text.strip()}?" if self.role == "lead" else f"Who is responsible for {text}?"
            return f"What is {_VALUE.sub('', text).strip()}?"
        text = question
        for name in sorted(self.written, key=len, reverse=True):  # with its level before it (市 of 市发改局)
            text = re.sub(rf"[省市县区]?{re.escape(name)}", "", text)
        if self.kind == "unit":
            # the 是 of a check written after its topic (…统一督导调度，是市发展改革委负责吗) is no topic word
            topic = re.sub(r"[，,]\s*是$", "", _ZH_FRAME.sub("", text).strip("，,、 的")).strip("，,、 的")
            return f"{topic}由哪个单位牵头？"
        topic = _VALUE.sub("", text)
        topic = re.sub(r"是不是|是否|对不对|对吗|吗|么|嘛|[？?。!！]", "", topic).rstrip("是的为到达")
        return f"{topic}是多少？"


def read(
    question: str,
    language: str,
    units: tuple[str, ...],
    written: tuple[str, ...],
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Check | None:
    """The check a yes/no question makes, or None when the question is not a yes/no one. `ambiguous`: the units
    written so that they fit several (as written, candidates)."""
    if language == "en":
        if not _EN_CHECK.search(question) or _EN_WH.search(question):
            return None
        lead, role = _LEAD_EN.search(question), _ROLE_EN.search(question)
    else:
        if not _ZH_CHECK.search(question) or _ZH_WH.search(question):
            return None
        lead, role = _LEAD_ZH.search(question), _ROLE_ZH.search(question)
    if (units or ambiguous) and (lead or role):
        written = (*written, *(w for w, _ in ambiguous))
        alternatives = tuple(candidates for _, candidates in ambiguous)
        return Check("unit", "lead" if lead else "any", units, written, alternatives=alternatives)
    named = _UNIT_CHECKED.search(question) if language != "en" and (lead or role) and not units else None
    if named and not ambiguous and looks_like_unit(named["unit"]):
        unit = named["unit"]
        return Check("unit", "lead" if lead else "any", (unit,), (unit,))
    found = [m for m in _VALUE.finditer(question) if m.group(2) != "年" or len(m.group(1)) < 4]
    if found and not units and not ambiguous:
        number = found[-1]
        return Check("value", value=(float(number.group(1)), number.group(2) or ""))
    return None


def _amount(value: tuple[float, str]) -> tuple[float, str]:
    number, unit = value
    factor = _MULTIPLIER.get(unit)
    if factor:
        return number * factor, "元" if unit.endswith("元") or unit in ("万", "亿", "万亿") else unit
    return number, "%" if unit == "％" else unit


def values_in(text: str) -> list[tuple[float, str]]:
    """Every number of a text with what it counts, amounts in 元 (100万元 and 1000000元 are one value)."""
    return [_amount((float(m.group(1)), m.group(2) or "")) for m in _VALUE.finditer(text)]


def judge(check: Check, found: Answer) -> bool | None:
    """Yes or no from the open question's answer; None when that answer does not settle it."""
    if found.abstained:
        return None
    if check.kind == "unit":
        if found.others is None:  # not a responsibility answer: no note to check the unit against
            return None
        named = set(found.leads or ((found.lead,) if found.lead else ()))
        if check.role == "any":
            named |= set(found.others)
        return all(unit in named for unit in check.units) and all(
            any(c in named for c in candidates) for candidates in check.alternatives
        )
    assert check.value is not None
    asked = _amount(check.value)
    headline = found.answer.split("\n", 1)[0]
    stated = [v for v, u in values_in(headline) if u == asked[1] or not asked[1] or not u]
    if not stated and asked[1] and _in_clause(check, found) is not None:  # 80% asked, the headline's 1000万元
        stated = [v for v, u in values_in(_in_clause(check, found) or "") if u == asked[1]]
    if not stated:
        return None
    return any(abs(v - asked[0]) < 1e-9 for v in stated)


def _in_clause(check: Check, found: Answer) -> str | None:
    """The piece of the first cited clause stating a value of the kind checked (给予最高80%的风险补偿 where the
    answer's headline gives an amount in 元), or None."""
    if check.value is None or not found.citations:
        return None
    unit = _amount(check.value)[1]
    for piece in re.split(r"[。；;，,]", found.citations[0].clause.text):
        if any(u == unit for _, u in values_in(piece)):
            return piece.strip()
    return None


def answer(q: Question, found: Answer) -> Answer:
    """The yes/no answer: 是 / 不是 first, then the open answer as its evidence; an abstention when unsettled."""
    assert q.check is not None
    question, check, language = q.text, q.check, q.language
    verdict = judge(check, found)
    if verdict is None:
        if found.abstained:
            return replace(found, question=question)
        note = (
            "The documents do not settle this check; what they say:"
            if language == "en"
            else "文件没有写明能确认这一点的内容；相关内容如下："
        )
        return replace(found, question=question, answer=f"{note}\n{found.answer}", abstained=True)
    en = language == "en"
    head = {(True, True): "Yes.", (True, False): "No.", (False, True): "是。", (False, False): "不是。"}[(en, verdict)]
    leads = found.leads or ((found.lead,) if found.lead else ())
    who = (", " if en else "、").join(leads)
    taking_part = [u for u in check.units if u in (found.others or ())]  # named, but not as the lead
    if check.kind == "unit" and taking_part and leads:
        part = (", " if en else "、").join(taking_part)
        head += (
            f" The lead is {who}; {part} takes part."
            if en
            else f"牵头单位是{who}，{part}为配合单位。"
        )
    elif check.kind == "unit" and not verdict and leads:
        head += f" The lead is {who}." if en else f"牵头单位是{who}。"
    if check.kind == "value" and check.value is not None:  # judged on the clause, not the headline: quote it
        unit = _amount(check.value)[1]
        quoted = _in_clause(check, found)
        if quoted and all(u != unit for _, u in values_in(found.answer.split("\n", 1)[0])):
            head += f" The clause says: “{quoted}”." if en else f"条款原文：“{quoted}”。"
    return replace(found, question=question, answer=f"{head}\n{found.answer}", verdict=verdict)
