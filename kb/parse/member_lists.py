"""A body's list of member units as documents write it.

A long list is written in runs, one run a kind or a level of unit, the runs joined by commas and the list closed
by the word (`省委宣传部、网信办、外办，省发展改革委、教育厅…妇联、科协、贸促会，海关总署广东分署…，省机场集团等为
成员单位`): every run before the word that reads as units belongs to the list, the first that does not (`由X任召集人`)
ends it. Within a run the level is written once, on its first unit (`省发展改革委、教育厅、科协`: 教育厅 and 科协 are
the province's, 省教育厅 and 省科协; `省委宣传部、网信办` → 省委网信办); a unit written with a level, a place or a
name of its own (`国家税务总局广东省税务局`, `广东证监局`) keeps it.
"""

from __future__ import annotations

import re

from kb.parse.unit_names import is_collective, is_post, looks_like_unit

# the word closing a list written before it: …为成员, …等为成员单位
_CLOSED_BY = re.compile(r"(?:为|是)成员(?:单位)?(?=[，,。；;]|$)")
_SENTENCE_END = re.compile(r"[。；;\n]")
_SHORT_ITEM = 4  # 妇联, 科协: a run's short item needs no organisational ending of its own
_LIST_MAX = 600


def listed_before(text: str) -> tuple[str, bool] | None:
    """The members written before `为成员(单位)`, as written (runs kept apart by their commas), and whether the
    list ends in 等; None when the text writes no list so. The phrase right before the word is always the list's
    (`县气象局负责人为成员`); earlier runs only while each reads as units."""
    for closed in _CLOSED_BY.finditer(text):
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, closed.start())), default=0)
        start = max(start, closed.start() - _LIST_MAX)
        runs = re.split(r"[，,]", text[start : closed.start()])
        if not runs[-1].strip():
            continue
        kept = [runs[-1]]
        for run in reversed(runs[:-1]):
            if not reads_as_units(run):
                break
            kept.insert(0, run)
        listed = "，".join(r.strip() for r in kept)
        more = listed.endswith("等")
        return re.sub(r"等(?:单位|部门)?$", "", listed), more
    return None


def reads_as_units(run: str) -> bool:
    """A run of a list of units: items joined by 、, each shaped like a unit, or short (妇联) beside one that is;
    no post (分管副县长) and no sentence (由X任召集人)."""
    items = [i.strip() for i in run.split("、")]
    if not all(items) or any(is_post(i) or re.search(r"[任由为是：:]", i) for i in items):
        return False
    shaped = [looks_like_unit(i) for i in items]
    return any(shaped) and all(s or len(i) <= _SHORT_ITEM for s, i in zip(shaped, items, strict=True))


# the level a unit's name opens with (省, 市委, 县政府); a word opening with a level's character is no level (市场监管局,
# 区域…, 县域…, 省级…): a small table of those words
_LEVEL = re.compile(r"^(?:自治区|自治州|[省市县区州盟旗])(?:委(?!员会)|政府)?")
_NOT_LEVEL = re.compile(r"^(?:市场|市政|市容|区域|县域|[省市县区州]级|[省市县区]直)")
_OWN_LEVEL = re.compile(r"^(?:国家|中国|中央|国务院|全国|各|有关|相关)")


def with_level(run: list[str]) -> list[str]:
    """The units of one run, each without a level of its own given the level its first unit is written with
    (省发展改革委、教育厅 → 省发展改革委、省教育厅); a run whose first unit has no level comes back as it is."""
    if len(run) < 2:
        return run
    level = _level_of(run[0])
    if level is None:
        return run
    return [run[0], *(n if _has_own(n) else level + n for n in run[1:])]


def _level_of(name: str) -> str | None:
    found = None if _NOT_LEVEL.match(name) else _LEVEL.match(name)
    return found.group(0) if found and len(name) > found.end() else None


def _has_own(name: str) -> bool:
    """A unit written with a level or a place of its own (县发改局, 国家税务总局…, 广东证监局, 人民银行广东省分行,
    黄埔海关), or no unit at all (a collective, a post): left as written."""
    if _OWN_LEVEL.match(name) or _level_of(name) or is_collective(name) or is_post(name):
        return True
    import jieba.posseg  # loaded only for a run of units written after a level (member lists; rare)

    return any(word.flag == "ns" for word in jieba.posseg.cut(name))
