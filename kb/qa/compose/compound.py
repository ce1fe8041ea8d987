"""Questions that ask the same thing of several items: "技术合同成交额和研发经费投入分别要增长多少？",
"宁波和温州的算力补助比例分别是多少？", "县林业局和县教育局分别负责什么？", "…, respectively?".

Such a question is several questions sharing a frame. It is split into one question per item — the items written
together (A和B, A、B、C, A and B) before 分别/各/respectively, or the places it names joined that way — each is
answered by the whole pipeline, and the answers are given one after another under the item's name. A single
answer for a two-item question gave one item's value as if it were both, or only what the items share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kb.types import Answer, Hit

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question

# 各 before a verb asks of each (各负责什么), unless the verb names a kind of unit (各牵头部门, 各承担单位: the units)
_EACH = re.compile(
    r"分别|各自|各是|各为|各有|各(?=多少|几|要|需|负责|管|承担|牵头|干)(?!(?:负责|承担|牵头)(?:部门|单位))|\brespectively\b|\beach\b",
    re.I,
)
# 与 not in 参与/给与, 及 only as 以及: both stand inside words the documents use; English repeats the preposition
# of the items (in Jiaozhou and in Tongshan, for Ningbo and for Wenzhou)
_JOIN = r"\s*(?:和|(?<![参给授赋])与|以及|跟|、|，|,|/|\band(?:\s+(?:in|for|of|at|by))?\b|&)\s*"
_SPLIT = re.compile(_JOIN, re.I)


@dataclass(frozen=True)
class Part:
    """One item of a compound question and the whole question asked of it alone."""

    item: str
    question: str


def _items(segment: str, protected: Sequence[str] = ()) -> list[str]:
    """The items of a segment written together; a unit's name holding a joining word (人力资源和社会保障局) is
    one item."""
    kept: dict[str, str] = {}
    for number, name in enumerate(sorted(protected, key=len, reverse=True)):
        if name in segment:
            mark = f"\x01{number}\x02"
            kept[mark] = name
            segment = segment.replace(name, mark)
    items = [s.strip() for s in _SPLIT.split(segment) if s and s.strip()]
    for mark, name in kept.items():
        items = [i.replace(mark, name) for i in items]
    return items


def split_places(question: str, forms: Mapping[str, Sequence[str]]) -> list[Part]:
    """A question naming two or more places joined together (宁波和温州的…, 宁波、温州 and 杭州…) and asking of
    each: one question per place, the joined names replaced by that place's."""
    if not _EACH.search(question) or len(forms) < 2:
        return []
    written = sorted({f for names in forms.values() for f in names}, key=len, reverse=True)
    name = "|".join(re.escape(f) for f in written)
    joined = re.search(rf"(?:{name})(?:{_JOIN}(?:{name}))+", question, re.I)
    if joined is None:
        return []
    # an English form is matched whatever its case (Jiaozhou is the form jiaozhou)
    found = {m.group(0).lower(): m.group(0) for m in re.finditer(name, joined.group(0), re.I)}
    places = [p for p, names in forms.items() if any(f.lower() in found for f in names)]
    if len(places) < 2:
        return []
    frame = _EACH.sub("", question[: joined.start()] + "\0" + question[joined.end() :])
    return [
        Part(place, frame.replace("\0", next(found[f.lower()] for f in forms[place] if f.lower() in found)))
        for place in places
    ]


# what the first item opens with that frames them all: a place and a year (广东2021年, 衡阳到2025年)
_LEADING_YEAR = re.compile(r"^(.{0,10}?(?:到|至|在)?(?:19|20)\d\d年(?:底|末)?(?:前)?)(?=\S{2})")
# what the last item ends with that counts them (两项目标, 这三个指标): the frame, not the item
_COUNTED = re.compile(r"(?:这|等)?[两二三四五六七八九十几]+(?:项|个|条|类|方面)[^\d，,]{0,4}$")


def _shared_frame(items: list[str], places: set[str]) -> tuple[str, list[str]]:
    """The items without what frames them all — a place or year the first one opens with (广东2021年地区生产总值
    增长和社会消费品零售总额增长: the year is both items'), a count the last one ends with (…两项目标) — and the
    opening taken off, to be written before every item."""
    if len(items) < 2:
        return "", items
    items = [*items[:-1], _COUNTED.sub("", items[-1]) or items[-1]]
    first = items[0]
    opening = _LEADING_YEAR.match(first)
    prefix = opening.group(1) if opening else next(
        (p for p in sorted(places, key=len, reverse=True) if first.startswith(p) and len(first) > len(p) + 1), ""
    )
    return prefix, [first[len(prefix) :], *items[1:]]


def split_items(question: str, known_places: Iterable[str] = (), units: Sequence[str] = ()) -> list[Part]:
    """A question asking the same of items written together before 分别/各 (A和B分别…, X的A、B、C分别…): one
    question per item, with what is written before and after the items kept. The items are those of one comma part
    (我是…的HR，公司招了应届博士，生活补贴和租房补贴最高分别多少: the story before is no item), the last that lists
    several; the words they share are given to each (城镇居民和农村居民人均可支配收入: 人均可支配收入 is both's, and
    金乡县城镇居民… names the place of both)."""
    each = _EACH.search(question)
    if each is None or each.group(0).lower() in ("each", "respectively"):
        return []
    head, tail = question[: each.start()].rstrip("，, "), question[each.end() :]
    if each.group(0).startswith("各") and len(each.group(0)) == 2:
        tail = each.group(0)[1:] + tail  # 各是多少 → 是多少
    places = set(known_places)
    # the comma parts of the head, the last first: a list of items is written in one (A、B或A和B), not across commas
    cuts = [0, *(m.end() for m in re.finditer(r"[，,]", head))]
    for cut in reversed(cuts):
        end = next((c - 1 for c in cuts if c > cut), len(head))
        found = _split_segment(head[cut:end], places, units)
        if found is None:
            continue
        if not found:
            return []
        before, items, after = found
        if all(_ROLE.fullmatch(item) for item in items):
            return []  # 牵头和协同责任单位分别有哪些: the roles of one task's units, not two things asked
        before, after = head[:cut] + before, after + head[end:]
        return [Part(item, f"{before}{item}{after}{tail}") for item in items]
    return []


# a role a note gives units (牵头, 配合单位, 协同责任单位, 责任部门): items that are all roles ask one task's units
_ROLE = re.compile(
    r"(?:牵头|主责|主办|配合|协同|协助|协办|参与|责任|成员)(?:责任)?(?:单位|部门)?|(?:lead|co-?responsible)\s*(?:units?|departments?)?",
    re.I,
)


def _split_segment(
    text: str, places: set[str], units: Sequence[str]
) -> tuple[str, list[str], str] | None:
    """The items one comma part lists, with what is written before and after them: None when it lists none; an
    empty list when it lists places (宁波和温州的…: split_places reads them, or nothing does)."""
    segments = text.split("的")
    if any(i in places for segment in segments for i in _items(segment, units) if len(_items(segment, units)) > 1):
        return ("", [], "")
    for index in range(len(segments) - 1, -1, -1):
        items = _items(segments[index], units)
        shared, items = _shared_frame(items, places)
        if 2 <= len(items) <= 5 and all(2 <= len(i) <= 20 for i in items):
            before = "的".join(segments[:index]) + ("的" if index else "") + shared
            after = ("的" if index < len(segments) - 1 else "") + "的".join(segments[index + 1 :])
            prefix, items, shared = _shared(items, places)
            return before + prefix, items, shared + after
    return None


def _shared(items: list[str], places: set[str]) -> tuple[str, list[str], str]:
    """The words written once for every item: a place before the first (金乡县城镇居民和农村居民 → 金乡县), and the
    head after the last (城镇居民和农村居民人均可支配收入 → 人均可支配收入; 模型券和算力券补贴 → 补贴), found by
    form: the last item holds, before its end, the ending the other items share (居民, 券). Returns the prefix,
    the items without them, and the head."""
    prefix = next(
        (p for p in sorted(places, key=len, reverse=True) if items[0].startswith(p) and len(items[0]) > len(p) + 1),
        "",
    )
    if prefix and not any(i.startswith(prefix) for i in items[1:]):
        items = [items[0][len(prefix) :], *items[1:]]
    else:
        prefix = ""
    *others, last = items
    ending = others[0]
    for other in others[1:]:
        while ending and not other.endswith(ending):
            ending = ending[1:]
    # the longest shared ending the last item writes before its own end, leaving a head of two characters or more
    for size in range(len(ending), 0, -1):
        at = last.find(ending[-size:])
        if at > 0 and len(last) - (at + size) >= 2:
            end = at + size
            if _actions(items) and _opens_with_verb(last[end:]):
                break  # 培育…企业和支持企业参与…修订: the words after 企业 are the last action's own, not shared
            return prefix, [*others, last[:end]], last[end:]
    return prefix, items, ""


_VERB_TAGS = frozenset({"v", "vn", "vd"})


def _tags(text: str) -> list[tuple[str, str]]:
    import jieba.posseg  # tagged only for a question whose items share an ending: few

    return [(w.word, w.flag) for w in jieba.posseg.cut(text)]


def _actions(items: Sequence[str]) -> bool:
    """Whether every item opens with a verb (培育标准化示范企业, 支持企业参与…): the items are tasks, each a whole
    verb phrase, not names sharing a head noun (城镇居民和农村居民人均可支配收入)."""
    return all((tags := _tags(i)) and tags[0][1] in _VERB_TAGS for i in items)


def _opens_with_verb(head: str) -> bool:
    """Whether what follows the shared ending opens with a verb (参与重点领域标准制订修订): the predicate of the last
    item's own clause (企业参与…), where a shared head is a noun (人均可支配收入, 补贴)."""
    tags = _tags(head)
    return bool(tags) and tags[0][1] == "v"


def answer_compound(q: Question, parts: Sequence[Part], answers: Sequence[Answer]) -> Answer:
    """One answer per item of a question asking the same of several (A和B分别…), under the item's name; the
    first citation of each item first, so each item's clause is among the first cited."""
    route, question = q, q.text
    en = route.language == "en"
    lines = [
        f"[{part.item}] {found.answer}" if en else f"【{part.item}】{found.answer}"
        for part, found in zip(parts, answers, strict=True)
    ]
    cited: dict[str, Hit] = {}
    for rank in range(max((len(a.citations) for a in answers), default=0)):
        for found in answers:
            if rank < len(found.citations) and not (found.abstained and rank > 0):
                cited.setdefault(found.citations[rank].clause.id, found.citations[rank])
    first = next((a for a in answers if not a.abstained), answers[0])
    return replace(
        first,
        question=question,
        answer="\n".join(lines),
        abstained=all(a.abstained for a in answers),
        citations=tuple(cited.values())[:8],
        verdict=None,
    )


def answer_two_slots(q: Question, who: Answer, when: Answer) -> Answer:
    """A question asking two slots of one task (由谁负责、完成时限): the unit's answer, then the date's, the unit's
    clauses cited first; abstained only when neither is stated."""
    cited: dict[str, Hit] = {}
    for found in (who, when):
        for hit in found.citations if not found.abstained else found.citations[:1]:
            cited.setdefault(hit.clause.id, hit)
    return replace(
        who,
        question=q.text,
        answer=f"{who.answer}\n{when.answer}",
        abstained=who.abstained and when.abstained,
        citations=tuple(cited.values())[:8],
    )
