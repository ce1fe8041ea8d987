"""The places a question names, as questions write them: 宁波市 / 宁波, 杭州市上城区 / 上城区 / 上城, 全国 / 国务院,
and in English questions the pinyin of the name (ningbo). What places then hold a topic is decided later
(kb.qa.decide.places)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence


def place_forms(place: str, english: bool = True) -> tuple[str, ...]:
    """How a question may name a place: 宁波市 / 宁波, 杭州市上城区 / 上城区 / 上城, 全国 (the State Council) /
    国务院; with `english`, also as English questions do: the pinyin of the name without its level (ningbo)."""
    if place == "全国":
        return ("国务院", "state council") if english else ("国务院",)
    parts = re.findall(r"[\u4e00-\u9fff]+?(?:自治区|自治州|省|市|县|区|盟|旗)", place) or [place]
    # a district is named by its own name (上城区, 上城, 杭州上城区), never by its city's alone (杭州 is 杭州市)
    own = parts[-1]
    bases = autonomous_forms(own) or ({own[:-1]} if len(own) >= 3 and own[-1] in "省市县区" else set())
    forms = {place, own, *bases}
    if len(parts) > 1:
        forms |= {parts[0][:-1] + own, parts[0][:-1] + own[:-1]} if len(parts[0]) >= 3 else set()
    if english:
        from pypinyin import lazy_pinyin  # a third of a second to import: only once a question is in English

        forms |= {_SPELLED.get(base) or "".join(lazy_pinyin(base)) for base in bases}
    return tuple(sorted(forms, key=len, reverse=True))


# an autonomous place's name: its own name, its peoples' names, the level (广西壮族自治区, 巴音郭楞蒙古自治州,
# 湘西土家族苗族自治州, 鄂温克族自治旗). The peoples are a closed list (the 55 besides 汉), written with or without 族
_AUTONOMOUS = re.compile(r"自治(区|州|县|旗)$")
_PEOPLES = (
    "乌孜别克|柯尔克孜|维吾尔|哈萨克|达斡尔|鄂温克|鄂伦春|俄罗斯|塔吉克|塔塔尔|土家|朝鲜|蒙古|布依|仡佬|哈尼|傈僳|纳西|拉祜"
    "|锡伯|撒拉|保安|裕固|东乡|仫佬|毛南|景颇|独龙|普米|阿昌|德昂|布朗|基诺|门巴|珞巴|高山|赫哲"
    "|壮|回|藏|满|苗|瑶|彝|侗|白|傣|黎|佤|畲|羌|水|土|京|怒"
)
_PEOPLE = re.compile(rf"(?:{_PEOPLES})族?$")
_SHORTEST_OWN = 2  # 内蒙古 less 蒙古 is no name: kept whole


def autonomous_forms(name: str) -> set[str]:
    """How questions name an autonomous place: by its own name without its peoples' and the level (广西壮族自治区 →
    广西, 新疆维吾尔自治区 → 新疆, 湘西土家族苗族自治州 → 湘西), and a prefecture, county or banner by that name with
    its level's word (延边朝鲜族自治州 → 延边州). Where that would leave less than a name, the name before the level
    stays (内蒙古, 西藏; 鄂温克族自治旗 → 鄂温克)."""
    level = _AUTONOMOUS.search(name)
    if level is None:
        return set()
    base = name[: level.start()]
    while (people := _PEOPLE.search(base)) and people.start() >= _SHORTEST_OWN:
        base = base[: people.start()]
    base = base.removesuffix("族") if len(base) > _SHORTEST_OWN + 1 else base
    return {base} if level.group(1) == "区" else {base, base + level.group(1)}


# a place's English name where it is not its pinyin (an exception table): 陕西 is spelled Shaanxi, and Shanxi is 山西
_SPELLED = {"陕西": "shaanxi"}


# a name said as where something is (拉萨那边, 苏州这边的补贴): the word before one of these is a place
_THERE = ("那边", "这边", "那儿", "这儿", "当地")
# jieba's tags of a proper noun: a place (ns), or a place it takes for a person's name (拉萨: nrt)
_PROPER = ("ns", "nr", "nrt")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,}")


def places_said_there(text: str) -> list[str]:
    """The names a question writes as places by its form, whatever their ending: a proper noun right before
    那边/这边 (拉萨那边支持OPC的政策). A common noun there (我们领导那边) is no place."""
    if not any(there in text for there in _THERE):  # most questions: no tagging of their words at all
        return []
    import jieba.posseg

    words = list(jieba.posseg.cut(text))
    return [
        word.word
        for word, after in itertools.pairwise(words)
        if after.word in _THERE and word.flag in _PROPER and _CJK_NAME.fullmatch(word.word)
    ]


class NamedPlaces:
    """The places of the indexed documents and every form a question may name each by."""

    def __init__(
        self, places: Iterable[str | None], english: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        """`english`: every place's forms with its English ones (`place_forms(p)`), made beforehand (saved with
        the index: the pinyin of a province's places is seconds); made here, when first needed, without them."""
        self.forms = {p: place_forms(p, english=False) for p in dict.fromkeys(places) if p}
        # the English forms (pinyin) once a question held a Latin word: from then on they are the forms read
        self.english: dict[str, tuple[str, ...]] | None = None
        # only forms made for these very places, in their order (the order places are answered in)
        same = english is not None and list(english) == list(self.forms)
        self._english_made = dict(english) if english is not None and same else None
        # the forms by their first characters: the Chinese ones made now, the English ones with them
        self._indexed = {id(self.forms): _FormIndex(self.forms)}

    def current(self) -> dict[str, tuple[str, ...]]:
        """The forms topic words are read against: the English ones once an English word was read."""
        return self.english or self.forms

    def without(self, places: Sequence[str], text: str) -> str:
        """The text with every form of these places replaced by a space, the longest first (the English ones once
        an English word was read)."""
        return self.apart(places, text, keep=False)

    def apart(self, places: Sequence[str], text: str, keep: bool = True) -> str:
        """The text with every form of these places set apart by spaces (嘉陵县 文旅产业: not read as 嘉陵 / 县文旅),
        or with `keep=False` removed, the longest first."""
        forms = self.current()
        named = sorted({f for place in places for f in forms.get(place, ())}, key=len, reverse=True)
        if not named:
            return text
        pattern = re.compile("|".join(re.escape(f) for f in named))
        return pattern.sub(lambda m: f" {m.group()} " if keep else " ", text)

    def in_question(self, question: str) -> tuple[str, ...]:
        """Places of the indexed documents the question names (宁波, 泰安市, 平江县, 上城区; Ningbo, Tai'an)."""
        words = set(re.findall(r"[a-z]+", re.sub(r"['’]s\b", "", question.lower()).replace("'", "")))
        forms = self.forms
        if words:
            if self.english is None:
                self.english = self._english_made or {p: place_forms(p) for p in self.forms}
            forms = self.english
        if id(forms) not in self._indexed:
            self._indexed[id(forms)] = _FormIndex(forms)
        named = self._indexed[id(forms)].named(question, words)
        return tuple(p for p in forms if p in named)


class _FormIndex:
    """The forms of every place by their first two characters (an English form by itself): the places a question
    names are found from the question's own character pairs, not by testing every form of every place (a
    province's index has thousands of places, and every question is read against them)."""

    def __init__(self, forms: dict[str, tuple[str, ...]]) -> None:
        self.by_pair: dict[str, list[tuple[str, str]]] = {}
        self.latin: dict[str, list[str]] = {}  # an English form, as a whole word of the question
        self.short: list[tuple[str, str]] = []  # a one-character form (none is expected; read as before)
        for place, names in forms.items():
            for form in names:
                if form.isascii():
                    self.latin.setdefault(form, []).append(place)
                elif len(form) < 2:
                    self.short.append((form, place))
                else:
                    self.by_pair.setdefault(form[:2], []).append((form, place))

    def named(self, question: str, words: set[str]) -> set[str]:
        """The places a form of which is in the question (a Chinese form) or is one of its words (an English one).
        The longest name written wins: a form standing inside another place's longer form is part of that name,
        not a place named (新河 in 平新河, 金州 in 平金州), unless its place holds that one (珠海 in 珠海长新河区)."""
        found = {place for word in words for place in self.latin.get(word, ())}
        found |= {place for form, place in self.short if form in question}
        spans = [
            (i, i + len(form), place)
            for i in range(len(question) - 1)
            for form, place in self.by_pair.get(question[i : i + 2], ())
            if question.startswith(form, i)
        ]
        for start, end, place in spans:
            if not any(_part_of(start, end, place, longer) for longer in spans):
                found.add(place)
        return found


def _part_of(start: int, end: int, place: str, longer: tuple[int, int, str]) -> bool:
    """Whether a form found at start:end stands inside another place's longer form found (新河 in 平新河) that is not
    a place within this one (珠海 in 珠海长新河区: the district of 珠海市)."""
    s, e, other = longer
    return s <= start and end <= e and e - s > end - start and other != place and not other.startswith(place)


# the level a question over several places asks for, by its word (哪几个省, 哪些地级市, 哪些区县, which counties) —
# not where the word opens a unit's name or another word (哪些市级部门, 市场, 区域; kb.qa.understand.intent's LEVEL_NOUNS)
_LEVEL_ASKED = re.compile(
    r"(?:哪些|哪几个|哪几|有哪|各)(?P<zh>地级市|县级市|省份|自治区|乡镇|街道|[省市县区州旗]{2}|[省市县区州旗镇乡])"
    r"(?![级委直属场长民域政府部门村内])"
    r"|\bwhich (?P<en>provinces|cities|districts|counties|towns|prefectures)\b",
    re.IGNORECASE,
)
_LEVEL_OF_WORD = {
    "地级市": "市", "县级市": "市", "省份": "省", "自治区": "省", "乡镇": "镇", "街道": "镇", "州": "市", "旗": "县",
    "乡": "镇", "provinces": "省", "cities": "市", "prefectures": "市", "districts": "区", "counties": "县",
    "towns": "镇",
}
# the municipalities directly under the central government are of a province's level and are cities (a closed list)
_MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})


def asked_levels(text: str) -> frozenset[str]:
    """The levels of place a question over several places asks for, each as 省 / 市 / 区 / 县 / 镇: 哪几个省 → 省,
    哪些区县 → 区 and 县, 哪些地级市 → 市, which counties → 县; empty when it asks no level (哪些地方)."""
    levels: set[str] = set()
    for match in _LEVEL_ASKED.finditer(text):
        word = match["zh"] or match["en"].lower()
        if word in _LEVEL_OF_WORD:
            levels.add(_LEVEL_OF_WORD[word])
        else:  # one or two level characters: 省, 区县
            levels |= {_LEVEL_OF_WORD.get(c, c) for c in word}
    return frozenset(levels)


def level_of(place: str) -> frozenset[str]:
    """A place's level by the ending of its own name (the last level written: 重庆市沙坪坝区 is a district): 省
    (a province, an autonomous region, a municipality), 市 (a city or prefecture: a county-level 市 is one by its
    name too), 区 and 县 (a district, a county, a banner: one tier), 镇; empty for a name ending in no level word."""
    if place in _MUNICIPALITIES:
        return frozenset({"省", "市"})
    # a district and a county are of one tier (a town's notice may be recorded under its district: 温州市鹿城区)
    for endings, level in ((("自治区", "省"), {"省"}), (("市", "州", "盟"), {"市"}), (("区", "县", "旗"), {"区", "县"})):
        if place.endswith(endings):
            return frozenset(level)
    return frozenset({"镇"}) if place.endswith(("镇", "乡", "街道")) else frozenset()
