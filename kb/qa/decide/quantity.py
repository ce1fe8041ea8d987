"""What kind of quantity a question asks for, and whether a sentence part states one of that kind.

Targets, caps and amounts in official documents are written in few forms: money in 元/万元/亿元, areas in 平方米/亩,
shares in % or 百分之/成, durations in 天/工作日/个月/年/小时, counts with a measure word (个/家/户/名/项). A question
that asks a kind (补多少, 多大面积, 什么比例, 多长观察期, 几家) is answered by a part stating a number of that kind;
the kind agreeing is evidence beside the words the part shares with the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_NUM = r"[\d０-９一二两三四五六七八九十百千万亿.．]+"
# measure words a count is written with (个 家 户 名 场 次 套…; 间 栋 处 辆 of rooms, buildings, sites and vehicles)
_MEASURES = "个|家|户|名|所|项|座|条|场|次|件|套|批|期|台|张|部|位|支|间|栋|幢|处|辆|艘|架"


# the periods a frequency is stated by (每季度, 月开展一次, 每半年)
_PERIOD = r"(?:半年|季度|季|月|年|周|旬|星期)"


# how growth is named (增长, 增幅, 增速): the rate a target sets
GROWTH = r"增长|增幅|增速"


@dataclass(frozen=True)
class QuantityKind:
    name: str
    asked: re.Pattern[str]  # how a question asks for it
    stated: re.Pattern[str]  # how a part states it


KINDS: tuple[QuantityKind, ...] = (
    QuantityKind(
        "money",
        re.compile(
            r"多少钱|多少(?:奖励|奖金|补贴|补助|资金|资助|经费)|补(?:贴|助)?多少|奖(?:励|补)?多少|资助多少|(?:补贴|补助|奖励|奖补|资助|扶持|贷款?|额度|资金)"
            r".{0,6}(?:多少|几)|(?:最高|最多).{0,4}(?:多少|几)(?!个|家|户|名|人|所|项|年|天|月)"
            # a sum of money named by its 额 (投资额, 总额, 营业额, 额度), not a quota of people or a share (名额, 份额,
            # 投资额的多少比例)
            r"|(?<![名份])额度?[^，,。？?]{0,6}(?:多少|几)(?!个|家|户|名|人|所|项|年|天|月|比例|成|倍)"
            # an amount named without 额 (总投资多少)
            r"|总投资(?:是|为|有)?多少(?!比例|成|倍)"
            # other names of a sum (投资规模, 造价)
            r"|(?:投资规模|造价).{0,6}(?:多少|几)(?!比例|成|倍)"
            # a fund's size is money (青创基金群规模有多大, 产业基金多大): any name ending in 基金
            r"|基金[^，,。？?]{0,10}(?:规模|多大|多少)|(?:规模|多大)[^，,。？?]{0,6}基金"
            r"|\b(?:subsid\w*|grants?|rewards?|loans?|funding|yuan|how much money|fund size)\b",
            re.I,
        ),
        re.compile(_NUM + r"\s*(?:亿|万|千)?元|" + _NUM + r"\s*万(?![人家个户名项所座])"),
    ),
    QuantityKind(
        "area",
        re.compile(
            r"面积|多大(?:的)?(?:空间|场地|载体|地方)|几(?:万)?平|\b(?:square|floor space)\b", re.I
        ),
        re.compile(_NUM + r"\s*(?:万)?(?:平方米|平方公里|㎡|亩|公顷)"),
    ),
    QuantityKind(
        "share",
        re.compile(
            r"比例|百分之|占比|比重|几成|几折|打折|折扣|多少%|率[^，,。？?]{0,8}(?:多少|几)"
            # how much a thing grows (增长多少, 增幅的年度目标是多少, 增速目标): documents set growth as a rate
            # (增长8.5%, 增幅≥2%), never as the amount added, which they write 新增 (新增就业1000万人)
            rf"|(?:{GROWTH})[^，,。？?]{{0,8}}(?:多少|几|目标)(?!{_MEASURES}|人|元|亿|万|年|天|月)"
            r"|\b(?:percent\w*|proportion|ratio|share of|discount)\b", re.I
        ),
        # a change of a share is written in percentage points (比重每年提高1个百分点)
        re.compile(_NUM + r"\s*[%％]|百分之" + _NUM + r"|" + _NUM + r"成|" + _NUM + r"\s*折|" + _NUM + r"\s*个?百分点"),
    ),
    # how often a thing is done (多长时间开展一次, 多久开一次, 几年一次, 频次): a period and a number of times
    # (每季度召开一次, 月开展一次, 每年组织不少于2次) — not how long it lasts (a duration); 定期 (regularly) names
    # no period, so states none
    QuantityKind(
        "frequency",
        re.compile(
            r"(?:多长时间|多久|多少天|几天|几周|几个月|几年|多少个?月|多少年)[^，,。？?]{0,12}?(?:一|1)次(?!性)"
            r"|频次|频率|(?:每隔|间隔)(?:多长时间|多久)|\bhow (?:often|frequently)\b",
            re.I,
        ),
        re.compile(
            rf"(?:每|按|逐)(?:{_NUM}个?)?{_PERIOD}"
            rf"|(?<![\d\u4e00-\u9fff]){_PERIOD}(?=[^，,。；;]{{0,12}}?(?:{_NUM})次(?!性))"
        ),
    ),
    QuantityKind(
        "duration",
        re.compile(r"多长时间|多久|多长|几天|几个月|几年|多少天|多少个?月|\bhow long\b", re.I),
        re.compile(_NUM + r"\s*(?:个)?(?:工作日|天|日|小时|个月|周|年)"),
    ),
    QuantityKind(
        "count",
        re.compile(rf"几(?:{_MEASURES})|多少(?:{_MEASURES}|人)|\bhow many\b", re.I),
        re.compile(_NUM + rf"\s*(?:{_MEASURES}|人)"),
    ),
)


# The kind an English question asks, by its asking words, read before the kinds above in this order: a share
# asked of an amount (what share of the fees is subsidised) is a share; "how many" a count unless it counts a
# unit of another kind (how many yuan, how many days); the size of a fund or a budget an amount; an area only
# when asked as one (how large an area; the Lingang Special Area is a name)
_ENGLISH_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "share",
        re.compile(
            r"\b(?:percent\w*|proportion|ratio|share of|what share)\b|(?<!interest )\brates?\b"
            r"|\bgrowth (?:target|goal)|\bgrow(?:s|th)? by how much\b",
            re.I,
        ),
    ),
    ("frequency", re.compile(r"\bhow (?:often|frequently)\b", re.I)),
    ("duration", re.compile(r"\bhow long\b|\bhow many (?:working )?(?:days|weeks|months|years|hours)\b", re.I)),
    ("area", re.compile(r"\bhow many (?:square|sq|mu|hectares)\b|\b(?:how (?:large|big|much)|what|total|floor|land) (?:an? |the )?area\b", re.I)),
    ("money", re.compile(r"\bhow many (?:yuan|rmb)\b", re.I)),
    ("count", re.compile(r"\bhow many\b", re.I)),
    (
        "money",
        re.compile(
            r"\bhow (?:big|large|much)\b[^?]*\b(?:funds?|budgets?|capital|investment)\b|\bfund size\b|\bsize of (?:the |its )?fund"
            # a sum asked by naming it (what annual investment must … reach, what total budget does … set)
            r"|\bwhat (?:\w+ ){0,2}(?:investment|budget|capital|funding)\b"
            r"|\b(?:deductions?|vouchers?|bonus(?:es)?|allowances?|awards?|compensation)\b",
            re.I,
        ),
    ),
)


def asked_kind(question: str) -> QuantityKind | None:
    """The kind of quantity the question asks for; None when it asks none or its kind cannot be told."""
    by_name = {kind.name: kind for kind in KINDS}
    english = next((by_name[name] for name, asked in _ENGLISH_KINDS if asked.search(question)), None)
    return english or next((kind for kind in KINDS if kind.asked.search(question)), None)


def kinds_asked(question: str) -> list[QuantityKind]:
    """Every kind of quantity the question's words ask (subsidy…多少比例 asks money and a share alike)."""
    return [kind for kind in KINDS if kind.asked.search(question)]


def states(kind: QuantityKind, text: str) -> bool:
    """Whether a sentence part states a number of this kind."""
    return bool(kind.stated.search(text))


# How a question asks for a bound, and how documents write one: 最多能拿多少 is answered by 最高200万元 /
# 不超过100万元, 至少要多少 by 不低于 / 以上.
_CAP_ASKED = re.compile(r"最高|最多|上限|封顶|顶格|\b(?:at most|maximum|max|up to|cap(?:ped)?)\b", re.I)
_CAP_STATED = re.compile(r"最高|最多|不超过|上限|封顶")
_FLOOR_ASKED = re.compile(r"最少|最低|至少|下限|\bat least\b|\bminimum\b", re.I)
_FLOOR_STATED = re.compile(r"最低|最少|不低于|不少于|至少|以上")


def agreement(question: str) -> Callable[[str], float] | None:
    """How far a sentence part agrees with the kind of number a question asks for (0 to 1): the kind (an amount,
    a share, a count…) and the bound asked (最多 → 最高/不超过) alike; None when the question asks neither."""
    kind = asked_kind(question)
    bound = _CAP_STATED if _CAP_ASKED.search(question) else _FLOOR_STATED if _FLOOR_ASKED.search(question) else None
    if kind is None and bound is None:
        return None

    def agrees(text: str) -> float:
        return (0.5 if kind is not None and states(kind, text) else 0.0) + (
            0.5 if bound is not None and bound.search(text) else 0.0
        )

    return agrees


# A rate asks per what (每平方米补贴多少, 每人每月多少, per square metre): a number stated per another thing (每年最高
# 200万元) or per nothing does not answer it. Written 每X, /X, 元/X; X a measure of area, time, person or thing.
_PER_WHAT = r"平方米|平米|㎡|亩|公顷|人次|人|户|家|个|名|次|年|月|天|日|小时|吨|台|套|张|件|项|千瓦时|度|公里"
_PER_ASKED = re.compile(rf"每(?:一)?(?:个)?({_PER_WHAT})|/({_PER_WHAT})")
_PER_ASKED_EN = re.compile(
    r"\bper (square met(?:er|re)|sq\.? ?m|mu|person|people|household|company|firm|year|month|day|hour)\b", re.I
)
_PER_EN = {
    "square meter": "平方米", "square metre": "平方米", "sq m": "平方米", "sq. m": "平方米", "sqm": "平方米",
    "mu": "亩", "person": "人", "people": "人", "household": "户", "company": "家", "firm": "家",
    "year": "年", "month": "月", "day": "天", "hour": "小时",
}
_SAME_PER = {"平米": "平方米", "㎡": "平方米", "日": "天", "人次": "人"}


def asked_per(question: str) -> str | None:
    """The thing a question asks a rate per (每平方米 → 平方米, per month → 月); None when it asks no rate."""
    found = _PER_ASKED.search(question)
    if found:
        per = found.group(1) or found.group(2)
        return _SAME_PER.get(per, per)
    english = _PER_ASKED_EN.search(question)
    if english:
        return _PER_EN.get(english.group(1).lower())
    return None


def states_per(per: str, text: str, kind: QuantityKind | None = None) -> bool:
    """Whether a text states a number per this thing (每平方米30元, 30元/平方米, 每人每月1000元); with a kind, a
    number of that kind: 每户 before a share (给予每户不超过费用的60%补贴) states no amount per household — the
    number 每X qualifies is the first after it in its comma part."""
    forms = [per, *(k for k, v in _SAME_PER.items() if v == per)]
    for form in forms:
        if re.search(rf"\d[^，,。；;]*?/{re.escape(form)}", text) and (kind is None or states(kind, text)):
            return True
        for each in re.finditer(rf"每(?:一)?(?:个)?{re.escape(form)}", text):
            rest = re.split(r"[，,。；;]", text[each.end() :])[0]
            if kind is None or _first_of_kind(kind, rest):
                return True
    return False


_ANY_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*\S{0,3}")


def _first_of_kind(kind: QuantityKind, text: str) -> bool:
    """Whether the first number a text writes is of this kind (a number of no kind — 每户每月 — read on)."""
    for number in _ANY_NUMBER.finditer(text):
        if re.match(r"(?:19|20)\d\d\s*年", number.group(0)):
            continue
        return states(kind, text[number.start() :]) and bool(kind.stated.match(text, number.start()))
    return False


# What each kind of quantity is called when an answer says it is not stated
_KIND_NAMES = {
    "money": ("金额", "the amount"),
    "area": ("面积", "the area"),
    "share": ("比例", "the ratio"),
    "duration": ("期限", "the duration"),
    "frequency": ("频次", "how often"),
    "count": ("数量", "the number"),
}


@dataclass(frozen=True)
class Unstated:
    """What a question asks that the part found for it does not state: said in the answer, which abstains."""

    zh: str  # 按每平方米计算的标准, 2017年的数值, 比例
    en: str


def kind_unstated(kind: QuantityKind) -> Unstated:
    zh, en = _KIND_NAMES.get(kind.name, ("数值", "the figure"))
    return Unstated(zh, en)


# A number as a text writes it, with what it counts (1000亿元, 80%, 3家): the numbers a part states
_STATED = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％|亿元|万元|元|亿|万|平方米|亩|个|家|户|名|人|项|倍|天|个月)")


def numbers_in(text: str) -> set[str]:
    """The numbers a text states with what they count, spaces dropped (年 is a date, not a number stated)."""
    return {f"{m.group(1)}{m.group(2)}" for m in _STATED.finditer(text)}


# a size asked (资金规模是多少, 基金总额多少, fund size): the whole sum set up, which a cap per item does not state
_ASKS_SIZE = re.compile(r"规模|总额|总量|盘子|\bfund size\b|\bsize of\b|\bhow (?:big|large) (?:is|was|will)\b", re.I)
# a cap per item: per loan (单笔), per company, per person, per project — a size written beside one (总额) is a sum
_PER_ITEM = re.compile(r"单笔|每笔|每(?:家|个|户|人|名|项|次|位)")
_SIZE_STATED = re.compile(r"规模|总额|总量|资金池|共计|合计|总计")


def size_unstated(asking: str, piece: str) -> bool:
    """Whether a size is asked (资金规模是多少) of a piece stating no size: a cap per item (单笔贷款最高1000万元, 每家
    最高30万元) or a share (给予最高80%的风险补偿) — the number there is of another kind than the sum asked."""
    if not _ASKS_SIZE.search(asking) or _SIZE_STATED.search(piece):
        return False
    per_item = _PER_ITEM.search(piece) is not None
    share_only = states(KINDS[2], piece) and not states(KINDS[0], piece)
    return per_item or share_only


def states_other_kind(kind: QuantityKind, text: str) -> bool:
    """Whether a text states a number, none of the kind asked — an amount where a share was asked, a count where
    an amount was: the number shown would not answer. A share answers an amount asked (按投资额的10%补助)."""
    if states(kind, text) or kind.name == "duration":
        return False
    if kind.name == "money" and states(KINDS[2], text):
        return False
    return bool(numbers_in(text))


# a share of a whole asked (占GDP的比重, 研发投入强度, 占比, share of GDP), not a change of it: a growth rate stated
# (年均增长10%左右) measures how fast the thing grows, not what share it is of its base
_SHARE_OF_WHOLE = re.compile(
    r"占[^，,。？?]{1,12}?(?:比重|比例|份额)|占比|比重|强度|\b(?:share|proportion|percentage) of\b", re.I
)
_CHANGE_ASKED = re.compile(rf"{GROWTH}|提高|提升|下降|降低|减少|\bgrow|\bincreas|\brise\b|\bdeclin|\bfall\b|\bcut\b", re.I)
# a percentage written as a change (增长10%, 年均增长10%左右, 下降3.5%): the change word a few characters before it
_CHANGE_STATED = re.compile(rf"(?:{GROWTH}|提高|提升|下降|降低|减少)[^，,。；;\d]{{0,4}}{_NUM}\s*[%％]")
# a share written as one (比重达38%, 占比52%, 比例达到80%, 城镇化率79.5%): its measure word before the number
_SHARE_STATED = re.compile(rf"(?:比重|占比|比例|份额|强度|率)[^，,。；;\d]{{0,6}}{_NUM}\s*[%％]")


def change_for_share(asking: str, piece: str) -> bool:
    """Whether a share of a whole is asked (研发经费投入占GDP比重要达到多少) of a piece whose every percentage is a
    change (全社会研发经费投入年均增长10%左右): the rate of growth is another quantity than the share asked."""
    if not _SHARE_OF_WHOLE.search(asking) or _CHANGE_ASKED.search(asking):
        return False
    shares = [m for m in KINDS[2].stated.finditer(piece) if "%" in m.group(0) or "％" in m.group(0)]
    return bool(shares) and not _SHARE_STATED.search(piece) and len(_CHANGE_STATED.findall(piece)) >= len(shares)
