"""Whose document it is: the issuing body (发文机关), its place and its number (文号), read from where official
documents put them — the signature (organ lines just above the date), the title (`X关于印发…的通知`), the number
line (`甬政办发〔2026〕7号`) — and, for a document that names none (an attachment), the place a department
registry covers when the text names it.

A document's place decides which registry's aliases apply to it (`kb.parse.departments.DepartmentRegistry`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from kb.parse.departments import DepartmentRegistry
from kb.parse.province_numbers import province_of_number
from kb.types import Paragraph

NATIONAL = "全国"
_HEAD_LINES = 14  # the number line and the signature of a notice stand near its top
# a document's number (文号): its issuer's abbreviation, the year in brackets of any width, the serial and 号 — read
# from a document's head here, and from a question naming its document (kb.qa.understand.numbers)
DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】)）]\s*第?(?P<serial>\d{1,5})\s*号"
)
_DOC_NO = re.compile(rf"(?P<no>{DOC_NUMBER.pattern})")
_DATE_LINE = re.compile(r"^(?:19|20)\d{2}\s*[年月]\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_ORGAN_ENDING = re.compile(
    r"(?:政府|办公厅|办公室|局|委|厅|部|院|署|委员会|管委会|领导小组|工作专班|专班|中心|总局|总署|党委|县委|市委|省委)$"
)
# a reprint's closing line may date the issue by part of a month (2026年3月中旬印发)
_INLINE_SIGNATURE = re.compile(
    r"^(?P<organ>[^，,。；;：:\s]{4,40}?)\s*(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日|[上中下]旬|底|初)(?:发布|印发)?[。.]?$"
)
_SEAL = re.compile(r"[（(](?:代章|盖章|印|章)[）)]")
_TITLE_ISSUER = re.compile(r"^(?P<issuer>.{2,60}?)(?:关于|印发|转发)")
# a place's name holds no organ's character: `北京市市场监督管理局市场…` is 北京市's, not `…管理局市`'s
_PLACE_TOKEN = r"(?:(?![局委厅办院署处])[\u4e00-\u9fff]){1,7}?(?:省|自治区|特别行政区|市|自治州|地区|盟|县|自治县|旗|区)"
# a title opening with `关于…` names no issuer: its first words are no place (`关于支持四川省…` is 四川省's); one
# opening with what it does names its place after the verb (`加快西宁市流通业发展实施意见` is 西宁市's)
_OPENING_VERB = r"(?:加快|推进|支持|促进|推动|深化|做好|全面|进一步)"
_PLACE = re.compile(rf"^(?:中共)?(?!关于|印发|转发){_OPENING_VERB}*(?P<place>(?:{_PLACE_TOKEN})+)")
_NATIONAL_ISSUER = re.compile(
    r"^(?:国务院|中共中央|全国人大|全国人民代表大会|国家|中华人民共和国)|^[\u4e00-\u9fff]{1,6}(?:部|总局|总署)(?:办公厅)?$"
)


@dataclass(frozen=True)
class Jurisdiction:
    """Who issued a document, for which place, under which number — None where the text does not say."""

    issuer: str | None = None
    place: str | None = None
    doc_no: str | None = None
    issued: str | None = None  # the date it was signed (成文日期), as written: 2026年4月20日


def read_jurisdiction(
    title: str | None,
    paragraphs: Sequence[Paragraph],
    registry: DepartmentRegistry | None = None,
    given: Jurisdiction | None = None,
) -> Jurisdiction:
    """What the text says; `given` (a saved web page's metadata table, or its lines copied into the text) fills
    what the text does not. A title's issuer naming no place (`区人民政府办公室关于…`) gives way to the page's
    (`发布机构: 下陆区政府办公室`)."""
    lines = [p.text.strip() for p in paragraphs if p.text.strip()]
    given = given or Jurisdiction()
    doc_no = _doc_no(lines) or given.doc_no
    in_title = _title_issuer(title or (lines[0] if lines else ""))
    issuer = (
        _signature(lines)
        or (in_title if _place_of(in_title) else None)
        or given.issuer
        or in_title
        or _issuer_line(lines)
    )
    text = "\n".join(lines)
    place = (
        _place_of(issuer)
        or _place_of(given.issuer)
        or _place_of(title or "")
        or _place_after_year(title or "")
        or _national_number(doc_no)
        or province_of_number(doc_no, text)
        or _place_in_title(title or "")
        or _level_in_title(title or "", lines)
    )
    if place is not None:
        place = _with_parent(place, text)
    if place is None and registry is not None:
        place = _registry_place(lines, registry, doc_no)
    if place is None:
        place = place_in_text(text)
    return Jurisdiction(issuer=issuer, place=place, doc_no=doc_no, issued=_issued(lines))


def _issued(lines: Sequence[str]) -> str | None:
    """The date a document was signed: the last date standing on a line of its own (under the signature; a
    notice printing it under its number at the top has only that one)."""
    dates = [re.sub(r"\s+", "", line) for line in lines if _DATE_LINE.match(line)]
    return dates[-1] if dates else None


def _doc_no(lines: Sequence[str]) -> str | None:
    for line in lines[:_HEAD_LINES]:
        match = _DOC_NO.search(line)
        # the number stands on a line of its own, or in brackets closing a portal's title line
        if match and (len(line) <= len(match["no"]) + 4 or _CLOSING_NUMBER.search(line)):
            # without the label a reprint writes before it (发文字号国函〔2008〕2号)
            return _NUMBER_LABEL.sub("", re.sub(r"\s+", "", match["no"]))
    return None


_CLOSING_NUMBER = re.compile(rf"[（(]{_DOC_NO.pattern}[）)]$")
_NUMBER_LABEL = re.compile(r"^(?:发文字号|文件编号|文号|字号)[:：]?")


def _signature(lines: Sequence[str]) -> str | None:
    """The organ lines just above a date line (`宁波市人民政府办公厅` / `2026年4月20日`), joined with `、`: a line
    that does not end as an organ's name continues on the next (`重庆市“满天星”行动计划` / `工作专班办公室`), a
    bracketed line belongs to the line above (`（四川省人工智能产业链链长办公室）`), a seal remark (`（代章）`) is
    dropped. A closing line with the date inline (`杭州市上城区人民政府办公室2026年3月17日发布。`) is one too."""
    for index, line in enumerate(lines):
        inline = _INLINE_SIGNATURE.match(line)
        if inline and _ORGAN_ENDING.search(inline["organ"]):
            return inline["organ"]
        if not _DATE_LINE.match(line) or index == 0:
            continue
        cursor = index - 1
        while cursor >= 0 and len(lines[cursor]) <= 40 and not re.search(r"[。，,；;：:]", lines[cursor]):
            cursor -= 1
        organs: list[str] = []
        for organ in lines[cursor + 1 : index]:
            organ = _SEAL.sub("", organ)
            if not organ:
                continue
            if organs and (organ.startswith(("（", "(")) or not _is_organ(organs[-1])):
                organs[-1] += organ
            else:
                organs.append(organ)
        organs = [o for o in organs if _is_organ(o)]
        if organs:
            return "、".join(organs)
    return None


def _is_organ(name: str) -> bool:
    """Ends as an organ's name does, a bracketed second name (`（…办公室）`) aside."""
    return _ORGAN_ENDING.search(re.sub(r"[（(][^（()）]*[）)]$", "", name)) is not None


def _title_issuer(title: str) -> str | None:
    match = _TITLE_ISSUER.match(title.strip())
    if not match:
        return None
    issuer = match["issuer"].strip()
    if _SENTENCE_MARK.search(issuer):  # an addressee line run on into its sentence (各区、市、县人民政府,…: 《…》)
        return None
    return issuer if _ORGAN_ENDING.search(issuer) or _PLACE.match(issuer) else None


_SENTENCE_MARK = re.compile(r"[:：,，。；;]")
# the issuing body printed alone above the title (`沙县人民政府` / `关于加快第三产业发展的实施意见(试行)`)
_ISSUER_ABOVE = re.compile(r"^(?:中共)?[\u4e00-\u9fff（）()]{2,30}$")


def _issuer_line(lines: Sequence[str]) -> str | None:
    """An organ's name standing alone on the line above one that opens a title with 关于 (a red header's issuer,
    kept by a page that also printed the title above it)."""
    for line, following in itertools.pairwise(lines[:_HEAD_LINES]):
        if (
            following.startswith("关于")
            and _ISSUER_ABOVE.match(line)
            and _is_organ(line)
            and not line.startswith("各")
        ):
            return line
    return None


def _place_of(text: str | None) -> str | None:
    if not text:
        return None
    if _NATIONAL_ISSUER.match(text):
        return NATIONAL
    match = _PLACE.match(text)
    # a salutation read as an issuer names no place: 各区、市、县人民政府
    return match["place"] if match and not _NOT_A_PLACE.search(match["place"]) else None


# a title opening with the year it is for (2024年金东区政府民生实事项目, 2025年某县政府工作报告)
_YEAR_OPENING = re.compile(r"^\s*(?:19|20)\d{2}\s*年度?")


def _place_after_year(title: str) -> str | None:
    """The place a title names right after the year it opens with (2024年金东区政府民生实事项目 → 金东区)."""
    opening = _YEAR_OPENING.match(title)
    place = _place_of(title[opening.end() :]) if opening else None
    return place if place and place != NATIONAL and not _NOT_A_PLACE.search(place) else None


# A place named inside a title's phrase: `关于印发《南充市支持…》的通知`, `…推进遂宁市数字政府建设的实施方案`.
_PHRASE_PLACE = re.compile(
    r"(?:(?:《|关于|印发|推进|加快|支持|促进|建设|做好|深化|打造|全面)\s*)+"
    r"(?P<place>(?!关于|印发|推进|加快|支持|促进|建设|做好|深化|打造|全面)"
    r"[\u4e00-\u9fff]{2,5}?(?:省|自治区|市|自治州|县|区|盟|旗))(?=[\u4e00-\u9fff“《、])"
)
# Words ending like a place that name none (`城市`, `全市`, `园区`, `示范区`, a region named by its direction:
# `中部地区`).
# the words that name no particular place (各区, 本市): a stored place written so was read from a salutation
_NO_PARTICULAR = re.compile(r"^(?:全|本|我|各|该|其他|所在)")
_NOT_A_PLACE = re.compile(
    r"^(?:城市|都市|上市|省市|县市|地市|城区|市区|县区|社区|园区|景区|街区|片区)$"
    r"|^(?:东|南|西|北|中|东北|西北|西南|东南)部?地区$"
    rf"|{_NO_PARTICULAR.pattern}"
    r"|(?:开发区|高新区|示范区|试验区|功能区|集聚区|先行区|自贸区|新区)$"
    r"|^(?:自治区|自治州|自治县|自治旗|特别行政区|地区)$"  # a level's name alone (各市、自治州人民政府)
    r"|城市$"  # 文明城市, 创业型城市: a kind of city, not one
)


# The State Council's numbers (国发, 国函, 国办发, 国办函): a national document's, whoever the text names
_NATIONAL_NUMBER = re.compile(r"^国(?:办)?(?:发|函)\s*[〔\[［【(（]")


def _national_number(doc_no: str | None) -> str | None:
    return NATIONAL if doc_no and _NATIONAL_NUMBER.match(doc_no) else None


# a title naming its place by its level alone (`市“百县千镇万村…”指挥部…规则`): the place of that level whose
# organs the text names (中共湛江市委, 湛江市人民政府)
_LEVEL_ONLY = re.compile(r"^(?P<level>[省市县区])(?![\u4e00-\u9fff]{0,1}(?:委|政府|人民政府)|场|域|级)[“\"《（(\u4e00-\u9fff]")


def _level_in_title(title: str, lines: Sequence[str]) -> str | None:
    level = _LEVEL_ONLY.match(title.strip())
    if level is None:
        return None
    organs = re.findall(
        rf"(?:中共)?([\u4e00-\u9fff]{{2,4}}?{level['level']})(?:委|人民政府|政府)", "\n".join(lines)
    )
    named = [o for o in organs if not _NOT_A_PLACE.search(o)]
    if not named:
        return None
    best = max(set(named), key=named.count)
    return best if named.count(best) * 2 > len(named) else None


def _place_in_title(title: str) -> str | None:
    for match in _PHRASE_PLACE.finditer(title):
        if not _NOT_A_PLACE.search(match["place"]):  # the first place the title names
            return match["place"]
    return None


def _with_parent(place: str, text: str) -> str:
    """`上城区` → `杭州市上城区` where the document itself writes the county or district under its city."""
    if not place.endswith(("区", "县", "旗")) or place == NATIONAL:
        return place
    parents = set(re.findall(rf"([\u4e00-\u9fff]{{2,4}}?(?:市|州|盟)){re.escape(place)}", text))
    return next(iter(parents)) + place if len(parents) == 1 else place


def _registry_place(lines: Sequence[str], registry: DepartmentRegistry, doc_no: str | None) -> str | None:
    """A registry's place, for a document that names no issuer: its number prefix, else the place it names most."""
    best, best_count = None, 0
    text = "\n".join(lines)
    for place in registry.places():
        if not place.place:
            continue
        if doc_no and any(doc_no.startswith(prefix) for prefix in place.doc_no_prefixes):
            return place.place
        count = sum(text.count(name) for name in place.place_names)
        if count > best_count:
            best, best_count = place.place, count
    return best


# --- a place another document of the index gives, named in a title by its bare name -------------------------------
_LEVEL_PART = re.compile(r"[\u4e00-\u9fff]+?(?:省|自治区|市|自治州|县|区|旗|盟)")
_ORGAN_CHARACTER = re.compile(r"[局委厅办院署处]")


def places_from_titles(places: Mapping[str, str | None], titles: Mapping[str, str]) -> dict[str, str | None]:
    """Each document's place; one the text gave none takes the place its title names after the year it opens
    with (2024年金东区政府民生实事项目), else the place whose own name its title writes, with or
    without its level (`…加快萧山经济高质量发展的若干政策意见` is 杭州市萧山区's where another document is that
    place's) — when the title names exactly one such place."""
    names: dict[str, set[str]] = {}
    for known in {p for p in places.values() if p and p != NATIONAL}:
        parts = _LEVEL_PART.findall(known)
        last = parts[-1] if parts and "".join(parts) == known else known
        stem = last[:-1] if len(last) >= 3 else last
        if 2 <= len(stem) <= 4 and not _ORGAN_CHARACTER.search(stem):
            names.setdefault(stem, set()).add(known)
    completed = dict(places)
    for doc, given in places.items():
        if given:
            continue
        title = titles.get(doc, "")
        own = _place_after_year(title)  # read by an earlier version: 2024年金东区政府民生实事项目 is 金东区's
        if own is not None:
            completed[doc] = own
            continue
        named = {p for stem, of in names.items() for p in of if _names_bare(title, stem, p)}
        if len(named) == 1:
            completed[doc] = next(iter(named))
    return completed


# --- the city a zone's title names by the city's bare name: 大连高新区, 长沙经济技术开发区 ----------------------------
# a development zone's kinds: a title opening with one after a bare city name names that city's zone (its own name,
# 高新区, is no place: `_NOT_A_PLACE`)
ZONE = re.compile(r"高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|新区|工业园区|园区|自贸区|保税区")
_ZONE_OPENING = re.compile(rf"^(?:关于印发)?《?(?P<stem>[\u4e00-\u9fff]{{2,3}}?)[\u4e00-\u9fff]{{0,4}}?(?:{ZONE.pattern})")


def place_of_zone(title: str, city_named: Callable[[str], str | None]) -> str | None:
    """The city whose zone a title opens with, named by the city's bare name (大连高新区支持OPC发展若干措施 → 大连市,
    长沙经济技术开发区管委会关于… → 长沙市, 天津滨海高新区关于… → 天津市): `city_named(stem)` gives the city a bare
    name stands for, or None (滨海, 中国: none); None when the title opens with no zone so named."""
    opening = _ZONE_OPENING.match(title.strip())
    return city_named(opening["stem"]) if opening else None


def places_from_zones(
    places: Mapping[str, str | None], titles: Mapping[str, str], city_named: Callable[[str], str | None]
) -> dict[str, str | None]:
    """Each document's place; one with none takes the city whose zone its title opens with (`place_of_zone`)."""
    return {
        doc: given if is_place(given) else place_of_zone(titles.get(doc, ""), city_named) or given
        for doc, given in places.items()
    }


def jieba_city_named(stem: str) -> str | None:
    """The city (a word of jieba's dictionary tagged `ns`) a bare name stands for: 大连 → 大连市; None for a name
    that is no city's (滨海: no 滨海市)."""
    import jieba.posseg

    jieba.posseg.dt.tokenizer.check_initialized()
    city = f"{stem}市"
    return city if jieba.posseg.dt.word_tag_tab.get(city) == "ns" else None


# --- the place a document's text names most, for one whose title and signature name none ------------------------
_LEVEL_END = re.compile(r"(?:省|自治区|市|自治州|县|自治县|旗|区|盟)$")


def place_in_text(text: str) -> str | None:
    """The place a text names most often (the first of those named as often), for a document that names no
    issuer, a title or a signature (a reprint opening with a news line, a notice opening with its salutation):
    a place name as jieba's dictionary tags it (`ns`) ending in its level (安徽省, 二连浩特市, 沙坪坝区), a word
    that only ends like one (城市, 全市, 各区, 开发区) not; a county or district under the city the text writes
    it with (重庆市沙坪坝区)."""
    import jieba.posseg  # loaded only for a document the rest of the reader found no place in

    named = [
        word
        for word, tag in jieba.posseg.cut(text)
        if tag == "ns" and len(word) >= 3 and _LEVEL_END.search(word) and not _NOT_A_PLACE.search(word)
    ]
    if not named:
        return None
    best = max(dict.fromkeys(named), key=named.count)  # dict keeps the first written among equals
    return _with_parent(best, text)


def places_from_texts(places: Mapping[str, str | None], texts: Mapping[str, str]) -> dict[str, str | None]:
    """Each document's place; one stored with none, or with a word that names none (各区, read from a
    salutation by an earlier reader), takes the place its text names most (`place_in_text`)."""
    completed: dict[str, str | None] = {}
    for doc, given in places.items():
        known = given if is_place(given) else None
        completed[doc] = known or (place_in_text(texts[doc]) if doc in texts else None)
    return completed


def is_place(place: str | None) -> bool:
    """Whether a stored place names one (全国 does; 各区, 本市 do not)."""
    return bool(place) and (place == NATIONAL or not _NO_PARTICULAR.match(place or ""))


# the levels a place's name may end in: the bare name followed by another level is another place (新河街道 is no
# 新河市)
_LEVEL_AFTER = re.compile(r"街道|镇|乡|省|自治区|市|自治州|县|区|旗|盟")


def _names_bare(title: str, stem: str, place: str) -> bool:
    """Whether the title writes the place's own name (萧山, 萧山区) — not as the name of a place of another level
    (嘉新河街道 names a 街道, not 新河市)."""
    for found in re.finditer(re.escape(stem), title):
        level = _LEVEL_AFTER.match(title, found.end())
        if level is None or place.endswith(level.group()):
            return True
    return False


# --- the place a document's file name writes in English, for one whose title and text name none ------------------
# a level in English beside a name in pinyin (county_nanling_…, nanling-county, Nanling_County): a file name written
# as English questions name places
_LEVEL_WORDS = {"province": "省", "prov": "省", "city": "市", "county": "县", "district": "区"}


def place_in_file_name(doc: str, places_sounding: Callable[[str, str], list[str]]) -> str | None:
    """The place a document's file name (its id) writes in English: a level word beside a name in pinyin, read
    back as the one place of that level whose name sounds so (`places_sounding(name, level)`: nanling, 县 → 南陵县);
    None when it writes none, or several places of that level sound alike."""
    words = re.findall(r"[a-z]+", doc.lower())
    found: set[str] = set()
    for i, word in enumerate(words):
        level = _LEVEL_WORDS.get(word)
        if level is None:
            continue
        for name in (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else ""):
            if len(name) >= 4 and name not in _LEVEL_WORDS:
                found.update(places_sounding(name, level))
    return next(iter(found)) if len(found) == 1 else None


def places_from_file_names(
    places: Mapping[str, str | None], places_sounding: Callable[[str, str], list[str]]
) -> dict[str, str | None]:
    """Each document's place; one with none takes the place its file name writes in English
    (`place_in_file_name`)."""
    return {
        doc: given if is_place(given) else place_in_file_name(doc, places_sounding) or given
        for doc, given in places.items()
    }


def jieba_places_sounding(name: str, level: str) -> list[str]:
    """The places of jieba's dictionary (words tagged `ns`) of this level (县) whose name before it reads in pinyin
    as `name` (nanling → 南陵县)."""
    return _places_by_sound().get((name, level), [])


@cache
def _places_by_sound() -> dict[tuple[str, str], list[str]]:
    import jieba.posseg
    from pypinyin import lazy_pinyin

    jieba.posseg.dt.tokenizer.check_initialized()
    levels = set(_LEVEL_WORDS.values())
    by_sound: dict[tuple[str, str], list[str]] = {}
    for word, tag in jieba.posseg.dt.word_tag_tab.items():
        if tag == "ns" and len(word) >= 3 and word[-1] in levels:
            by_sound.setdefault(("".join(lazy_pinyin(word[:-1])), word[-1]), []).append(word)
    return by_sound
