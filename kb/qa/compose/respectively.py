"""Values given respectively (依次 / 分别): `对正常经营6、18、36个月以上的，依次给予最高5000元、1万元、2万元补贴` sets
three amounts for three conditions. A question naming one condition (满36个月) is answered by its own value.

Official documents write this one way: a list of conditions joined by 、 ending in a unit, then 依次 or 分别 and
a list of as many values joined by 、. Nothing else is read here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kb.qa.compose.common import cite
from kb.qa.understand.intent import Route
from kb.types import Answer, Hit

_NUMBER = r"\d+(?:\.\d+)?"
_CONDITIONS = re.compile(rf"({_NUMBER}(?:\s*、\s*{_NUMBER})+)\s*(个月|年|万元|元|人|家|个|%|平方米|名|次|天|小时)?")
_VALUE = (
    rf"(?:最高|最多|不超过|不低于|不少于)?{_NUMBER}\s*(?:万|亿|千)?"
    r"(?:元|%|个|家|名|人|平方米|年|个月|天|小时|卡时|次)?(?:/(?:月|年|人|次|天|个|家))?(?:以上|以下|左右|以内)?"
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


@dataclass(frozen=True)
class Together:
    sentence: str  # as written, without its closing stop
    values: tuple[str, ...]  # those asked, in the order asked
    names: tuple[str, ...] = ()  # what the sentence lists them for, when it names them (博士、硕士)
    listed: bool = True  # set by one 分别/依次 list (博士、硕士，分别给予…), not each beside its item


# the values follow 分别 / 依次 and its verb closely (分别增长6%、6.5%, 分别给予15万元、10万元)
_VERB_GAP = 6
_LISTED = re.compile(r"、|及|和|与|以及")


def stated_together(sentence: str, items: Sequence[str]) -> Together | None:
    """A sentence setting values at once for the items a question asks of together: as many values as items
    (城乡居民人均可支配收入分别增长6%、6.5%; …博士、…硕士，分别给予15万元、10万元), in the order written; or, of a
    longer list of named conditions (博士、硕士及本科生，分别给予1500元/月、1000元/月、800元/月), the values of those
    the items name. None when it sets values for none of them this way."""
    for keyword in _RESPECTIVELY.finditer(sentence):
        after = _VALUES.search(sentence, keyword.end())
        if after is None or after.start() - keyword.end() > _VERB_GAP:
            continue
        values = tuple(v.strip() for v in after.group(0).split("、"))
        quoted = sentence.strip().rstrip("。；;")
        # the conditions listed right before, in the comma part 分别 opens or ends: each item's own value
        before = re.split(r"[，,：:]", sentence[: keyword.start()].rstrip("，, "))[-1]
        names = [n.strip() for n in _LISTED.split(before) if n.strip()]
        chosen = [_named(item, names) for item in items] if len(names) == len(values) else []
        if chosen and all(n is not None for n in chosen) and len(set(chosen)) == len(chosen):
            picked = [n for n in chosen if n is not None]
            return Together(quoted, tuple(values[names.index(n)] for n in picked), tuple(picked))
        if len(values) == len(items):  # as many values as items, the items named otherwise: in the order written
            return Together(quoted, values)
    return _one_for_each(sentence, items) or _each_beside(sentence, items)


_ASKED_RESPECTIVELY = re.compile(r"分别|依次|各自")


def asked_respectively(question: str) -> bool:
    """Whether a question asks values 分别 (城乡居民人均可支配收入分别增长多少): its one item may stand for several
    the document sets a value each for."""
    return bool(_ASKED_RESPECTIVELY.search(question))


def stated_all(sentence: str, topic: Sequence[str]) -> Together | None:
    """Every value a 分别/依次 sentence sets (城乡居民人均可支配收入分别增长6%、6.5%: 6%, 6.5%), for a question asking
    them 分别 of one item, when the words before 分别 hold some of the question's topic; with the names it lists
    them for when it lists as many (博士、硕士分别给予15万元、10万元). None when no list of values follows 分别."""
    for keyword in _RESPECTIVELY.finditer(sentence):
        after = _VALUES.search(sentence, keyword.end())
        if after is None or after.start() - keyword.end() > _VERB_GAP:
            continue
        lead_in = sentence[: keyword.start()].lower()
        if not any(word in lead_in for word in topic):
            continue
        values = tuple(v.strip() for v in after.group(0).split("、"))
        before = re.split(r"[，,：:]", sentence[: keyword.start()].rstrip("，, "))[-1]
        # the conditions as named, without the 对 that opens the list (对新引进的博士、硕士)
        names = tuple(n.strip().removeprefix("对") for n in _LISTED.split(before) if n.strip())
        return Together(sentence.strip().rstrip("。；;"), values, names if len(names) == len(values) else ())
    return None


_ONE_VALUE = re.compile(_VALUE)


def _one_for_each(sentence: str, items: Sequence[str]) -> Together | None:
    """One value set 分别 for every item the list before it names (模型券补贴、算力券补贴分别上限不超过10万元: each
    item's cap is 10万元); None when the list does not name every item or a list of values follows."""
    for keyword in _RESPECTIVELY.finditer(sentence):
        one = _ONE_VALUE.search(sentence, keyword.end())
        if one is None or one.start() - keyword.end() > _VERB_GAP or not re.search(r"\d", one.group(0)):
            continue
        if _VALUES.match(sentence, one.start()):  # several values: read above, one per item
            continue
        before = re.split(r"[，,：:]", sentence[: keyword.start()].rstrip("，, "))[-1]
        names = [n.strip() for n in _LISTED.split(before) if n.strip()]
        holding = [next((n for n in names if item in n), None) for item in items]
        if all(holding) and len(set(holding)) == len(items):
            quoted = sentence.strip().rstrip("。；;")
            return Together(quoted, (one.group(0).strip(),) * len(items), tuple(items), listed=False)
    return None


def _each_beside(sentence: str, items: Sequence[str]) -> Together | None:
    """Each item written with its own value right beside it (100万元算力券，100万元模型券; 模型券最高50万元): the
    values of all the items, or None when one item has none there."""
    values = []
    for item in items:
        name = re.escape(item)
        found = re.search(rf"({_VALUE})的?{name}", sentence) or re.search(
            rf"{name}[^，,。；;、\d]{{0,4}}?({_VALUE})", sentence
        )
        if found is None or not re.search(r"\d", found.group(1)) or re.fullmatch(r"(?:19|20)\d\d年", found.group(1)):
            return None  # a year before the item (2026年算力券) is no value of it
        values.append(found.group(1).strip())
    return Together(sentence.strip().rstrip("。；;"), tuple(values), tuple(items), listed=False)


def _named(item: str, names: Sequence[str]) -> str | None:
    """The condition of the list an item of the question names: the one whose own words (after its last 的 or
    对: 对符合条件的应届博士 → 应届博士) the item ends with (园区对应届博士), or which ends with the item; the
    longest such, and only one (专科生 names none of 本科生, 硕士)."""
    fits = [n for n in names if (own := re.split(r"[的对]", n)[-1] or n) and (item.endswith(own) or own.endswith(item))]
    if not fits:
        return None
    fits.sort(key=lambda n: len(re.split(r"[的对]", n)[-1]), reverse=True)
    if len(fits) > 1 and len(re.split(r"[的对]", fits[0])[-1]) == len(re.split(r"[的对]", fits[1])[-1]):
        return None
    return fits[0]


def answer_together(route: Route, question: str, found: Together, hits: Sequence[Hit]) -> Answer:
    """The items a question asks of together (A和B分别…) answered by one sentence setting them all: their values
    (in the order the document writes them, or under the conditions it names) and the sentence, so that the
    reader sees which is which."""
    clause = hits[0].clause
    en = route.language == "en"
    if found.names and found.listed:  # as the document lists them: 博士、硕士分别为：1500元/月、1000元/月
        said = (
            f"{', '.join(found.names)}: {', '.join(found.values)} respectively"
            if en
            else f"{'、'.join(found.names)}分别为：{'、'.join(found.values)}"
        )
        text = (
            f"{said} (“{found.sentence}”). Source: {cite(clause, 'en')}"
            if en
            else f"{said}（原文：“{found.sentence}”）。依据：{cite(clause)}"
        )
    elif found.names:  # each under its name, as items answered one by one are; the sentence once, after them
        lines = [
            f"[{name}] {value}" if en else f"【{name}】{value}" for name, value in zip(found.names, found.values, strict=True)
        ]
        source = (
            f"(all in one sentence: “{found.sentence}”. Source: {cite(clause, 'en')})"
            if en
            else f"（同一句规定：“{found.sentence}”。依据：{cite(clause)}）"
        )
        text = "\n".join([*lines, source])
    else:
        said = ", ".join(found.values) if en else "、".join(found.values)
        text = (
            f"Set together, in this order: {said} (“{found.sentence}”). Source: {cite(clause, 'en')}"
            if en
            else f"文件一句同时规定，依次为：{said}（原文：“{found.sentence}”）。依据：{cite(clause)}"
        )
    return Answer(question, "indicator", text, False, tuple(hits), language=route.language)
