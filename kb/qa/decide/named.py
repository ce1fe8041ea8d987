"""Stage 4, decide: the unit or body a sentence of the best clauses names in the place the question asks about —
who does the act the question names, or what the act is done through or sent to.

A question may ask for a body by an act other than leading a task: 部门联席会议机制由哪个部门来建, 扶持资金由哪个部门
统筹平衡, 协调小组由谁会同有关部门组建, 政策清单是哪个专班机构组织有关部门梳理制定的 (who does it), or 依托哪个工作专班
的机制定期调度, 进展情况报送给哪里 (what it is done through, where it goes). No department note answers these: the
clause's lead unit is another thing. The sentence writing that act answers them by its form — the name opening the
sentence or one of its comma parts, or following 由, before the act (`市工业和信息化局加强统筹协调，建立健全部门联席会议机制`);
or the name written right after the act (`依托区软信产业高质量发展工作专班工作机制`). Names are read by their form (a
name ending in an organisational word, kb.parse.unit_names), so a unit no registry knows is found too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from kb.parse.unit_names import has_unit_ending
from kb.qa.understand.subject import sentences
from kb.types import Hit

# 由哪个部门…, 是哪个专班机构…, 由谁…: one body asked (哪些部门 asks for the others, answered by notes)
_ASKS_DOER = re.compile(
    # not 找哪个部门对接 / 向谁咨询: the one asking does that act, the body asked is whom to go to (its lead)
    r"(?<![找问向跟与和同给请])(?:谁|哪(?:个|一个|家)[\u4e00-\u9fff]{0,4}?(?:部门|单位|机构|机关|专班|小组|方面|办公室)(?:机构|部门|单位|办公室)?)"
    r"(?P<act>[\u4e00-\u9fff]{1,16}?)(?:的|了|呢|啊|呀)*[？?。！!\s]*$"
)
# 依托哪个工作专班…, 报送给哪里: the act, then the body asked after it
_ASKS_OBJECT = re.compile(
    r"(?P<act>[\u4e00-\u9fff]{2})(?:给|到|至|向|于)?(?:哪个|哪一个|哪里|哪儿|何处)(?P<kind>[\u4e00-\u9fff]{0,6}?)"
    r"(?:的|[？?。！!\s]|$)"
)
# 支持哪几个区先开展试点: the places of a kind the sentence names after the act (泰山区、岱岳区)
_ASKS_PLACES = re.compile(
    r"(?P<act>[\u4e00-\u9fff]{2})(?:哪几个|哪些|哪几)(?P<kind>区县|县区|乡镇|街道|园区|区|县|市|镇)(?!域|划|位|级|内|外)"
)
# what ends no act: a copula, a particle, a preposition (责任部门是哪个, 牵头的是哪个局, 归哪个部门, 这条由哪个专班)
_NOT_AN_ACT = re.compile(r"[是的归找在由为于了条项个]$|^[的了]")
PLACE_KINDS = frozenset(("区", "县", "市", "镇", "街道", "乡镇", "园区", "县区", "区县"))
# the words before the act that say how, not what (来建, 负责召集, 会同有关部门组建)
_HOW = re.compile(r"^(?:是|在|来|去|具体)*(?:(?:会同|联合|组织|带领)(?:有关|相关)(?:部门|单位))?(?:来|去)?")
# acts a department note answers (牵头, 负责): the clause's lead is the answer there, not a sentence's subject
_NOTE_ACTS = re.compile(r"^(?:牵头|负责|主责|主抓|主管|承担|落实|管|抓|分管)")
# the kinds of body an object question may name (工作专班, 领导小组, 联席会议, 部门, 办公室)
_BODY_KIND = re.compile(r"(?:专班|小组|会议|部门|单位|机构|机关|办公室|室|局|委|办|中心|平台)$")
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z（）()〔〕]+")
# words that never stand inside a unit's name: a verb ends the name before it (成立…领导小组 is no name)
_NOT_IN_NAME = re.compile(
    r"(?<!自)由|会同|牵头|负责|联合|成立|设立|建立|组建|依托|加强|强化|推动|发挥|优化|开展|制定|统筹|组织有关|"
    r"围绕|加快|支持|鼓励|实施|完善|健全|提升|提高|促进|深化|打造|培育|引导|落实|做好|推进|聚焦|坚持|开放|发布"
)
_OPEN_KIND = re.compile(r"^(?:各|有关|相关|其他|其它)")
_LONGEST = 24  # a unit's or body's name is a few characters to a score or two
_PART_OPENS = ("，", ",", "：", ":", "由")
_LIST = re.compile(r"和|及|与|、|以及")


@dataclass(frozen=True)
class Act:
    """What a question asks of a body: `verb` as the documents would write it (组建, 统筹平衡, 依托); `asks`:
    the one doing it or the one it is done through or sent to; `kind`: the body's kind asked (工作专班), if named."""

    verb: str
    asks: Literal["doer", "object"]
    kind: str | None = None


@dataclass(frozen=True)
class Named:
    """The sentence naming the body asked, its clause's hit, and the names in the asked place (in full where the
    clause writes the full name on a line of its own: 专班办公室 → 青岛市人工智能产业专班办公室)."""

    hit: Hit
    sentence: str
    names: tuple[str, ...]
    act: Act


def asked_act(text: str) -> Act | None:
    """The act a Chinese question asks a body of, or None when it asks none (or asks who leads: notes answer)."""
    compact = "".join(text.split())
    doer = _ASKS_DOER.search(compact)
    if doer is not None and not doer.group("act").startswith("的"):  # 哪个专班的机制: asked after an act
        act = doer.group("act")
        verb = act[_HOW.match(act).end() :] if _HOW.match(act) else act  # type: ignore[union-attr]
        if verb.strip("啊呢呀吗嘛") and not _NOTE_ACTS.match(act) and not _NOTE_ACTS.match(verb) and "哪" not in verb:
            return Act(verb, "doer")
        return None
    places = _ASKS_PLACES.search(compact)
    if places is not None and not _NOT_AN_ACT.search(places.group("act")):
        return Act(places.group("act"), "object", places.group("kind"))
    found = _ASKS_OBJECT.search(compact)
    if found is not None and not _NOT_AN_ACT.search(found.group("act")):
        kind = found.group("kind") or None
        if kind is not None and not _BODY_KIND.search(kind):
            return None  # 依托哪个项目: no body asked
        return Act(found.group("act"), "object", kind)
    return None


def named_in(
    act: Act, hits: Sequence[Hit], covered: Callable[[str], float]
) -> Named | None:
    """The sentence of the clauses (their headings too: 扶持资金由区财政局统筹平衡 may be a heading) writing the act
    and a body in the asked place, of those holding most of the question's topic (`covered`: the weight of its
    words a sentence holds); None when no sentence writes both or none holds the topic."""
    best: tuple[float, Named] | None = None
    for hit in hits:
        clause = hit.clause
        heading = clause.path[-1] if clause.path else ""
        for sentence in [heading, *(s for _, s in sentences(clause.text))]:
            if act.verb not in sentence:
                continue
            names = _doers(sentence, act.verb) if act.asks == "doer" else _objects(sentence, act)
            if not names:
                continue
            weight = covered(sentence) + covered(heading) / 2
            if weight <= 0:
                continue
            if best is None or weight > best[0]:
                full = tuple(_in_full(name, clause.text) for name in names)
                best = (weight, Named(hit, sentence.strip(), full, act))
    return best[1] if best else None


def _name_at(sentence: str, start: int, end_by: int) -> str | None:
    """The longest name shaped like a unit starting at `start` and ending by `end_by`."""
    for end in range(min(end_by, start + _LONGEST), start + 1, -1):
        name = sentence[start:end]
        if _NAME.fullmatch(name) and _ends_before_verb(sentence, start, end) and has_unit_ending(name):
            return None if _OPEN_KIND.match(name) else name
    return None


def _ends_before_verb(sentence: str, start: int, end: int) -> bool:
    """No verb stands inside the name or across its end: 生态环境部会同… names 生态环境部, not 生态环境部会; nor does
    the name end on the first character of a post (部长, 局长, 院长): 民政部部长李纪恒 names 民政部, not 民政部部."""
    if sentence.startswith("长", end):
        return False
    verb = _NOT_IN_NAME.search(sentence, start, min(len(sentence), end + 3))
    return verb is None or verb.start() >= end


def _doers(sentence: str, verb: str) -> tuple[str, ...]:
    """The body doing the act: the name nearest before the act's first place that opens the sentence or a comma
    part, or follows 由."""
    at = sentence.find(verb)
    starts = [len(sentence) - len(sentence.lstrip())]
    starts += [i + 1 for i, ch in enumerate(sentence[:at]) if ch in _PART_OPENS]
    for start in sorted(set(starts), reverse=True):
        name = _name_at(sentence, start, at)
        if name is not None:
            return (name,)
    return ()


def _objects(sentence: str, act: Act) -> tuple[str, ...]:
    """The bodies the act is done through or sent to, written right after it: with a kind asked, the shortest
    name ending in that kind (区软信产业高质量发展工作专班); else the names of units listed there (A和B)."""
    start = sentence.find(act.verb) + len(act.verb)
    while start < len(sentence) and sentence[start] in "给到至向于":
        start += 1
    if act.kind in PLACE_KINDS:  # each place of the kind listed (泰山区、岱岳区)
        return tuple(_places_listed(sentence, start, act.kind))
    if act.kind is not None:
        for end in range(start + len(act.kind), min(len(sentence), start + _LONGEST) + 1):
            name = sentence[start:end]
            if not _NAME.fullmatch(name):
                break
            if name.endswith(act.kind) and len(name) > len(act.kind):
                return (name,)
        return ()
    return tuple(listed_at(sentence, start))


def listed_at(sentence: str, start: int) -> list[str]:
    """The names shaped like units listed from `start` (A、B和C), as written."""
    names: list[str] = []
    while start < len(sentence):
        unit = unit_at(sentence, start)
        if unit is None:
            break
        names.append(unit)
        joined = _LIST.match(sentence, start + len(unit))
        if joined is None:
            break
        start = joined.end()
    return names


# a question asking where to go for something (要咨询的话找哪个部门, 向谁咨询, 去哪里办理): the body to go to
ASKS_WHERE_TO_GO = re.compile(r"(?:找|问|向|跟|去|到)(?:哪个|哪一个|哪家|谁|哪里|哪儿)|(?:哪里|哪儿)(?:咨询|办理|申请|联系|报名)")
# a line labelling a body by what one goes to it for (政策咨询：市公共就业和人才服务中心人才服务部): a short label, a
# colon, and the body's name
_LABELLED = re.compile(r"(?:^|(?<=[\n。；;]))\s*(?P<label>[\u4e00-\u9fff]{2,8})[：:]\s*(?P<value>[^\n：:；;。，,]{2,40})")


def labelled(hits: Sequence[Hit], asked: str) -> Named | None:
    """The body a line of the best clauses labels by what the question asks where to go for: the label holds a
    two-character word of the question (咨询 in 要咨询的话找哪个部门) and a name shaped as a body follows its colon,
    the longest (a label's value is one body: 市公共就业和人才服务中心人才服务部, though it holds 和). None when no
    line labels one so."""
    for hit in hits[:3]:
        for line in _LABELLED.finditer(hit.clause.text):
            label, value = line.group("label"), line.group("value")
            if not any(label[i : i + 2] in asked for i in range(len(label) - 1)):
                continue
            name = next(
                (
                    value[:end]
                    for end in range(min(len(value), _LONGEST + 8), 2, -1)
                    if _NAME.fullmatch(value[:end]) and has_unit_ending(value[:end])
                ),
                None,
            )
            if name is not None:
                return Named(hit, f"{label}：{name}", (name,), Act(label, "object"))
    return None


def unit_at(sentence: str, start: int) -> str | None:
    """The longest name shaped like a unit at `start` (an open kind, 有关秘书局, kept as written)."""
    for end in range(min(len(sentence), start + _LONGEST), start + 1, -1):
        name = sentence[start:end]
        listed = _LIST.search(name[1:]) or "等" in name  # A和B is two names; A等相关部门 ends at A
        if _NAME.fullmatch(name) and not listed and _ends_before_verb(sentence, start, end) and has_unit_ending(name):
            return name
    return None


def _in_full(name: str, text: str) -> str:
    """A short name (专班办公室) in full where the clause writes a body's whole name on a line of its own ending
    in it (a signature: 青岛市人工智能产业专班办公室)."""
    for line in text.splitlines():
        line = line.strip()
        if line != name and line.endswith(name) and len(line) <= _LONGEST + 6 and _NAME.fullmatch(line):
            return line
    return name



def _places_listed(sentence: str, start: int, kind: str) -> list[str]:
    """The names of places of a kind listed from `start` (泰山区、岱岳区和肥城市 for 区: those ending in it)."""
    names: list[str] = []
    while start < len(sentence):
        end = next((e for e in range(start + 2, min(len(sentence), start + 8) + 1) if sentence[start:e].endswith(kind)), None)
        if end is None or not _NAME.fullmatch(sentence[start:end]):
            break
        names.append(sentence[start:end])
        joined = _LIST.match(sentence, end)
        if joined is None:
            break
        start = joined.end()
    return names
