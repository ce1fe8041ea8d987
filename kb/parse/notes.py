"""The grammar of responsibility notes in Chinese official documents.

A clause names who carries it out in a *note*: a bracketed group at the end of a sentence, a paragraph or an item
— `（A、B等按职责分工负责）` `（A牵头，B、C配合）` `〔责任单位：A、B，各县（市、区）人民政府〕` `（牵头单位：A；配合单位：B）`
— or a label line standing on its own line (`责任单位：A、B`). This module reads one note body into units with
their roles, without knowing any unit by name: a unit is recognised by its place in the note and by its form
(`kb.parse.unit_names`: it ends in an organisational word, or is written as a collective).

The grammar recognises open classes by their form, with small tables for the exceptions:
- labels — any short phrase ending in 单位/部门/主体/处室/机构/科室 followed by `：`, its role from the cue words
  it holds (`LABEL_CUES`: 牵头/主责 → lead, 配合/协同/参与 → co, else responsible); `LABELS` lists only the
  exceptions; task-table headers are read the same way (`kb.parse.tables`); any other short label at a line's
  start is a unit label when what follows it reads as units with their verbs (`部门分工：A牵头，B配合`), or as a
  plain list of bodies after a label of a division of work (`责任分工：`) — a label over persons (`分管领导：张三`,
  `牵头负责领导：`, `责任人：`: `is_person_label`) never, whatever cue it holds;
- `VERBS` — the verbs that close a list of units (`牵头` `配合` `负责` …) with the role they give it; whatever
  stands between the last name and its verb (`按职责分工`, `具体`, `共同`) is a modifier, never part of a name;
- rules — sentences a note may hold besides units: the lead rule a document states once
  (`列第一位者为牵头单位，下同`, `第一个逗号前为牵头单位`), the units every later clause implies
  (`以下均需X落实，不再列出`), any other sentence on how the notes are read (`明确牵头部门的，其他有关部门配合，
  不逐一列出，下同`: never a unit list), deadlines, scores and result phrases;
- persons — the posts of the leaders who answer for an item (`分管副省长、协管副秘书长负责`), written beside the
  units: never units (`kb.parse.unit_names.is_post`), kept in `NoteReading.persons`;
- `NOTE_FORMS` — the ordered forms a note body takes (labelled, verb, bare list), each with how it marks the lead.

A body is cut into sentences (`。` `；`), rule sentences taken out, and each remaining sentence read by the first
form that fits. Unit lists are split at `、` `，` `,` `；` outside brackets, so `各县（市、区）人民政府` and
`市委改革办〔市营商环境建设局〕` stay whole. A note read only in part keeps the units it is sure of and records the
rest (`NoteReading.unread`); `not_understood` lists those notes, the brackets that look like notes but match
no form, and the lines that do (a unit label with nothing read, an unknown label or an unmarked line over units
and 牵头/配合/负责, a unit column's header standing alone), for ingestion's report: nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kb.parse.brackets import _PAIR, CLOSING, OPENING, balanced_groups, is_balanced, split_top
from kb.parse.unit_names import (
    is_collective,
    is_empty_cell,
    is_post,
    is_result_phrase,
    looks_like_unit,
    split_modifier,
)

Role = Literal["lead", "co", "duty"]

# Brackets live in kb.parse.brackets; re-exported here, where other modules have long imported them from.
__all__ = ["CLOSING", "OPENING", "balanced_groups", "is_balanced", "split_top"]


# --- vocabulary -----------------------------------------------------------------------------------------------

# A label is any short phrase ending in one of these nouns, followed by `：` (`牵头责任单位：`, `主要协作单位：`,
# `责任主体：`, `责任单位（部门）：`); its role comes from the cue words it holds (`LABEL_CUES`, first match wins:
# co before lead before duty, so `主要协作单位` is co and `牵头责任单位` lead). A phrase with no cue is no label
# (`各有关单位：` addresses a notice, `成员单位：` lists a working group).
# A pair of organisational words (司局, 厅局, 股室) names the class of a ministry's or a bureau's divisions, never one
# of them: `牵头负责司局`, `承办股室` are labels as `牵头单位` is.
LABEL_NOUNS = ("单位", "部门", "主体", "处室", "机构", "科室", "责任方", "司局", "厅局", "股室", "局室", "站所", "委办局")
LABEL_CUES: tuple[tuple[str, Role], ...] = (
    ("配合", "co"),
    ("协同", "co"),
    ("协助", "co"),
    ("参与", "co"),
    ("协办", "co"),
    ("协作", "co"),
    ("支持", "co"),
    ("牵头", "lead"),
    ("主责", "lead"),
    ("主办", "lead"),
    ("主要责任", "lead"),
    ("主要负责", "lead"),
    ("主导", "lead"),
    ("责任", "duty"),
    ("负责", "duty"),
    ("承办", "duty"),
    ("承担", "duty"),
    ("实施", "duty"),
    ("落实", "duty"),
    ("执行", "duty"),
    ("推进", "duty"),
)
# Exceptions to the cue rule: label words without a cue that still name who carries a task out.
LABELS: tuple[tuple[str, Role], ...] = (
    ("主管部门", "duty"),
    ("主管单位", "duty"),
    ("督办单位", "duty"),
)
_LABEL_EXCEPTIONS = dict(LABELS)
# a cue word alone is a label too (`（牵头：A；配合：B、C）`)
_CUE_LABEL = r"(?:牵头|主责|主办|责任|负责|配合|协同|协助|参与|协办|支持)"
_LABEL_PHRASE = (
    r"(?P<label>[\u4e00-\u9fff]{0,8}?(?:"
    + "|".join(LABEL_NOUNS)
    + r")(?:[（(](?:单位|部门)[）)])?|"
    + _CUE_LABEL
    + ")"
)


def label_role(label: str) -> Role | None:
    """The role a label phrase gives the units after it (`主要协作单位` → co), None when it is no label."""
    word = re.sub(r"[（(](?:单位|部门)[）)]$|\s+", "", label)
    if word in _LABEL_EXCEPTIONS:
        return _LABEL_EXCEPTIONS[word]
    if re.fullmatch(_CUE_LABEL, word):
        return next(role for cue, role in LABEL_CUES if cue in word)
    if not word.endswith(LABEL_NOUNS) or len(word) > 10:
        return None
    return next((role for cue, role in LABEL_CUES if cue in word), None)


# Labels a note may carry beside its units; what follows them is not a unit.
OTHER_LABELS = (
    "完成时限",
    "完成时间",
    "时间节点",
    "时限要求",
    "时限",
    "责任领导",
    "牵头领导",
    "分管领导",
    "牵头县领导",
    "牵头市领导",
    "责任人",
    "联系人",
    "分值",
    "考核方式",
    "目标任务",
    "备注",
)
# A label naming persons (`牵头负责领导：`, `分管省领导：`, `责任人：`) is never a unit label, whatever cue it holds:
# what follows it is a name and a post.
_PERSON_LABEL = r"[\u4e00-\u9fff]{0,6}(?:领导|负责人|责任人|联系人|召集人)"
# Any other short phrase with a colon where a part of a note starts (`预期成效：…`, `时间安排：…`) introduces
# something that is not units.
_ANY_LABEL = re.compile(
    r"(?:"
    + _LABEL_PHRASE
    + "|(?P<other>"
    + "|".join(OTHER_LABELS)
    + r"|(?<![^，,；;。\s])(?:"
    + _PERSON_LABEL
    + r"|[\u4e00-\u9fff]{2,6})))\s*[：:]\s*"
)


def is_person_label(label: str) -> bool:
    """`牵头负责领导`, `分管省领导：`: a label over persons."""
    return bool(re.fullmatch(_PERSON_LABEL, label.strip().rstrip("：: ")))


@dataclass(frozen=True)
class Label:
    """A label in a note: where it stands (the `：` included) and the role it gives the list after it (None:
    a label whose list is no units, such as `完成时限：`, or a phrase with no cue, such as `成员单位：`)."""

    start: int
    end: int
    role: Role | None


# where a label phrase starts: a cue, an exception, or a word that opens a cue phrase (`主要协作单位`)
_LABEL_STARTS = ("主要", "具体", *(word for word, _ in (*LABEL_CUES, *LABELS)))


def labels_in(text: str) -> list[Label]:
    """Every label of a note sentence. A label phrase starts at its first cue word, so a name written right
    before it without a separator (`县发改局配合单位：`) stays outside it."""
    found = []
    for match in _ANY_LABEL.finditer(text):
        if not match["label"]:
            found.append(Label(match.start(), match.end(), None))
            continue
        phrase = match["label"]
        first = min((i for i in (phrase.find(w) for w in _LABEL_STARTS) if i >= 0), default=0)
        found.append(Label(match.start() + first, match.end(), label_role(phrase[first:])))
    return found


def has_unit_label(text: str) -> bool:
    return any(label.role is not None for label in labels_in(text))


# Verbs that close a list of units. Whatever stands between the last name and the verb (`按职责分工`, `具体`,
# `共同`, `分别`, `统一`…) is a modifier: `kb.parse.unit_names.split_modifier` keeps it out of the name, so the
# modifiers are an open class too; `_MODIFIER` only lets the common ones bind to the verb directly.
VERBS: tuple[tuple[str, Role], ...] = (
    ("牵头负责", "lead"),
    ("牵头落实", "lead"),
    ("牵头推进", "lead"),
    ("牵头实施", "lead"),
    ("牵头抓总", "lead"),
    ("牵头", "lead"),
    ("总牵头", "lead"),
    ("统筹", "lead"),
    ("主抓", "lead"),
    ("配合", "co"),
    ("参与", "co"),
    ("协助", "co"),
    ("协同", "co"),
    ("协办", "co"),
    ("负责落实", "duty"),
    ("组织实施", "duty"),
    ("负责", "duty"),
    ("落实", "duty"),
    ("指导", "duty"),
    ("督导", "duty"),
    ("督办", "duty"),
    ("组织", "duty"),
    ("实施", "duty"),
    ("推进", "duty"),
    ("办理", "duty"),
    ("承担", "duty"),
    ("承办", "duty"),
    ("执行", "duty"),
    ("主办", "lead"),
    ("主责", "lead"),
    ("负总责", "lead"),
    ("主导", "lead"),
    ("参加", "co"),
)
_MODIFIER = r"(?:按照?职责分工|按照?职能分工|按照?职责|根据职责|依职责|分别|共同|具体|切实|等)?"
_VERB = re.compile(
    _MODIFIER + r"(?P<verb>" + "|".join(sorted((v for v, _ in VERBS), key=len, reverse=True)) + r")"
    # a verb closes a list only at a boundary: the end, a separator or another verb (`牵头负责`, `负责落实`)
    r"(?=$|[，,；;、。]|" + "|".join(v for v, _ in VERBS) + ")"
)
_VERB_ROLE = dict(VERBS)
# A verb phrase closing a label's list (`责任单位：A、B按职责分工负责`).
_CLOSING_VERB = re.compile(_MODIFIER + r"(?:" + "|".join(v for v, _ in VERBS) + r")+$")
_JOINT = "会同"  # `A会同B负责`: A leads, B works with it

# Sentences a note may hold besides units.
_LEAD_RULE_FIRST = re.compile(
    r"[^，,。；;（(]{0,12}?(?:(?:列|排|排名|排列|排序|位列)(?:在|于)?(?:第一位?|首位|第1位?)(?:的|者)?(?:单位|部门)?"
    r"|第一(?:个|家)?(?:单位|部门))(?:"
    # `为牵头或汇总单位`: another role offered beside the lead is still the lead rule
    r"(?:为|是|系)(?:牵头|主责|主办)(?:[或和及、/][\u4e00-\u9fff]{1,4}?)?(?:单位|部门)"
    # `列首位的单位牵头`: the rule with the lead's verb (never a unit named `列首位的单位`)
    r"|(?<=单位|部门)(?:牵头|主责|主办)(?:负责)?(?=$|[，,。；;]))[^。；;（()）]*"
)
_LEAD_RULE_GROUP = re.compile(
    r"第一个(?:逗号|，)(?:之?前|以前)(?:的)?(?:单位|部门)?(?:为|是)(?:牵头|主责)(?:单位|部门)[^。；;]*"
)
_LEAD_RULE_STAR = re.compile(
    r"(?:带|标注?|加)?[*＊](?:号)?(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主责)(?:单位|部门)[^。；;]*"
)
_IMPLIED_RULE = re.compile(
    # `以下…均需A、B落实，不再列出`; `具体任务均涉及A，不再做分工，下同` (the rule names what every task involves)
    r"(?:以下|具体任务|各项任务|所有任务)[^，,。；;]{0,10}?(?:均|都|皆)(?:需|须|由|要|涉及|包括|包含)(?P<units>.+?)"
    r"(?:负责)?(?:组织)?(?:落实)?[，,]?\s*"
    r"(?:不再(?:一一)?列出|不再重复列出|不再单独列出|不再(?:做|作)(?:具体)?分工)"
)
_DEFINITION = re.compile(r"^(?:含|包括|包含|即|指|下同)|下同$")
DEADLINE_OR_SCORE = re.compile(
    r"^(?:\d{4}\s*年(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?(?:底|末|年底|年末|上半年|下半年)?(?:前|以前|之前)?(?:完成|启动|实现)?"
    r"|\d+(?:\.\d+)?\s*分|长期(?:坚持|推进)?|持续(?:推进|实施)?|常态化(?:推进)?|(?:\d{4}\s*[—–-]\s*)?\d{4}\s*年)$"
)

_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")


def is_time_or_score(piece: str) -> bool:
    """A deadline, a period or a score written in a note beside its units (`2025年底前`, `长期坚持`, `1分`)."""
    piece = piece.strip()
    if not piece:
        return False
    if DEADLINE_OR_SCORE.match(piece) or is_result_phrase(piece):  # `2025年底前`, `年底前完成`
        return True
    return bool(_YEAR.search(piece)) and not looks_like_unit(piece)


LeadRule = Literal["first", "first_group"]


@dataclass(frozen=True)
class Unit:
    """One unit as a note writes it: `name` without asterisk or definition, `role` from its label or verb,
    `group` the index of the `，`-separated group it stands in."""

    name: str
    role: Role
    group: int
    starred: bool = False


@dataclass(frozen=True)
class NoteReading:
    """What one note body says: its units in written order, the rules it states, its form."""

    units: tuple[Unit, ...]
    form: str
    lead_rule: LeadRule | None = None
    implied: tuple[str, ...] = ()
    # what the note holds that was not understood: names that do not look like units, sentences no form reads
    # (their unit-shaped names are kept with the plain responsible role)
    unread: tuple[str, ...] = ()
    # posts of the persons the note names beside its units (`分管副省长`): never units
    persons: tuple[str, ...] = ()

    @property
    def understood(self) -> bool:
        return not self.unread

    @property
    def explicit(self) -> bool:
        """A unit is marked as lead (牵头 verb or label, 会同, asterisk)."""
        return any(u.role == "lead" or u.starred for u in self.units)

    def leads(self, document_rule: LeadRule | None) -> tuple[str, ...]:
        """Units that lead: those the note marks; else what the document's (or this note's) rule selects; else
        the first listed."""
        marked = [u.name for u in self.units if u.starred] or [u.name for u in self.units if u.role == "lead"]
        if marked:
            return tuple(dict.fromkeys(marked))
        if not self.units:
            return ()
        rule = self.lead_rule or document_rule
        if rule == "first_group":
            return tuple(dict.fromkeys(u.name for u in self.units if u.group == self.units[0].group))
        return (self.units[0].name,)


# --- unit names -----------------------------------------------------------------------------------------------

_STAR = "*＊※★☆"
_ETC_TAIL = re.compile(
    r"等(?:相关|有关|其他|其它)?(?:市直|省直|县直|区直|各)?(?:相关|有关|其他|其它)?(?:\d+|[一二三四五六七八九十]+)?(?:个|家)?"
    r"(?:部门|单位|机构)?$"
)
_LEADING_JOINER = re.compile(
    r"^(?:(?:以上|上述|本项|此项|该项|以下|其中|此|本|该)?(?:各项)?(?:任务|工作|措施|政策)?(?:均|都|主要|分别)?"
    r"(?:具体)?(?:由|请)|(?:和|及|以及|与|并)(?=[省市县区州各有相国]))"  # 和平区 keeps its 和
)
_LEAD_MARK = re.compile(r"[（(](?:牵头|牵头单位|牵头部门|主责)[）)]")
_SEPARATORS = "、，,；;"
_FORBIDDEN = re.compile(r"[/\\<>{}|=@#$%^~`\"'：:。!！?？\n\t]")
# A bare list (no label, no verb) is a note only when every name is plainly a body of some level: a level or
# collective prefix (`县林业局`, `各乡镇`) or the ending of an organ (`财政部`, `国家发展改革委`).
_BARE_UNIT = re.compile(
    r"^(?:各|有关|相关|[省市县区乡镇州]|国家|中央|国务院)|(?:部|委|局|厅|办|署|政府|委员会|管委会)$"
)
_COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它|全[省市县区]|市直|省直|县直|区直|试点)")


def clean_name(raw: str) -> tuple[str, bool]:
    """One unit name as written in a list → (name, starred): whitespace, an asterisk, a joiner (`和`), a
    trailing `等…部门` and a bracketed definition (`〈含开发区,下同〉`) removed; other brackets kept."""
    name = re.sub(r"\s+", "", raw)
    starred = bool(name) and name[0] in _STAR
    name = name.lstrip(_STAR)
    if _LEAD_MARK.search(name):  # 县发改局（牵头）
        starred = True
        name = _LEAD_MARK.sub("", name)
    name = _LEADING_JOINER.sub("", name) if len(name) > 2 else name
    for start, end in reversed(balanced_groups(name)):
        inner = name[start + 1 : end - 1]
        if _DEFINITION.search(inner):
            name = name[:start] + name[end:]
    stripped = _ETC_TAIL.sub("", name)
    if stripped and stripped != name:
        name = stripped
    elif name.endswith("等") and len(name) > 2:
        name = name[:-1]
    return name, starred


# A name never starts with a label word (`配合单位是…`); one may end with it (`…工作专班成员单位`).
_STARTS_WITH_LABEL = re.compile(
    r"^(?:牵头|配合|责任|主责|主办|协同|协助|参与|协办|协作)[\u4e00-\u9fff]{0,2}(?:单位|部门)"
)


def is_wellformed(name: str) -> bool:
    """A name that can stand in `departments`: no label, separator, markup or path character, brackets
    balanced, not a date, a score, a result phrase or an empty-cell mark."""
    if not 2 <= len(name) <= 40 or _FORBIDDEN.search(name) or not is_balanced(name):
        return False
    if has_unit_label(name) or _ANY_LABEL.search(name) or DEADLINE_OR_SCORE.match(name):
        return False
    if is_empty_cell(name) or is_result_phrase(name) or _STARTS_WITH_LABEL.match(name):
        return False
    return len(split_top(name, _SEPARATORS)) == 1 or is_collective_of_levels(name)


def is_collective_of_levels(name: str) -> bool:
    """`各区、县（市）政府`, `各县、市、区政府`: one collective unit with a 、 between its levels."""
    levels = [piece for piece, _ in split_top(name, "、")]
    first, *middle, last = levels if len(levels) > 1 else ("", "")
    return bool(
        _BARE_COLLECTIVE_LEVEL.fullmatch(first)
        and all(_BARE_LEVEL.fullmatch(level) for level in middle)
        and _LEVELS_BODY.fullmatch(last)
    )


_SHARED_SUFFIX = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{2,4}?)(?P<suffix>[省市县区州](?:人民)?政府|[省市县区州].{1,8}?[局委办厅])$"
)


_ORGAN_ENDING = re.compile(r"(?:局|委|办|厅|部|署|政府|中心|公司|集团|院|会|行|社|所|站|队|组|班)$")


def _expand_shared_suffix(names: list[str]) -> list[str]:
    """`广州、深圳市政府` → 广州市政府, 深圳市政府: a bare place name before a unit that starts with a place name of
    about its length takes that unit's ending (`市政府`)."""
    expanded = list(names)
    for index in range(len(expanded) - 2, -1, -1):
        name, after = expanded[index], expanded[index + 1]
        match = _SHARED_SUFFIX.match(after)
        if (
            match
            and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name)
            and abs(len(match["place"]) - len(name)) <= 1
            and not _ORGAN_ENDING.search(name)
            and not _COLLECTIVE.match(name)
        ):
            expanded[index] = name + match["suffix"]
    return expanded


def _split_conjoined(text: str) -> list[str]:
    """`县发改局和县财政局`, `财政部及商务部` → two units; `工业和信息化部`, `人力资源和社会保障局`,
    `市城市运行和政务服务办` stay one: both sides must be units of one level (`县…和县…`) or both end as organs or
    name a collective (`省直有关部门和各市人民政府`)."""
    for match in re.finditer(r"[和及与]", text):
        left, right = text[: match.start()], text[match.end() :]
        if len(left) < 3 or len(right) < 3 or not (looks_like_unit(left) and looks_like_unit(right)):
            continue
        # a list closed by its 等 (`省农业厅等省直有关部门`) is a collective as much as `各市人民政府` is
        sides = (left, right)
        if left[0] == right[0] or all(_STRONG_ORGAN.search(x) or is_collective(x) or _ETC_TAIL.search(x) for x in sides):
            return [left, *_split_conjoined(right)]
    return [text]


_STRONG_ORGAN = re.compile(r"(?:局|委|厅|部|署|政府|委员会|管委会)$")


def read_units(text: str, role: Role, first_group: int = 0, *, before_verb: bool = False) -> list[Unit]:
    """A list of units (`A、B，C等`) with one role; groups are counted from `first_group` at each `，`.

    `before_verb`: the list stands just before its verb, so words after its last name that are not part of it
    (`按职责分工`, `具体`, `共同`) are a modifier and left out. Empty-cell marks, deadlines and persons' posts
    (`分管副省长`) are never units."""
    pieces = split_top(re.sub(r"　+|\s{2,}", "、", text.strip()), _SEPARATORS)
    group = first_group
    names: list[tuple[str, bool, int]] = []
    for piece, before in pieces:
        if before in "，,；;" and before and names:
            group += 1
        # `A、B等和各有关省级人民政府`: `等和` closes one list and opens another
        for part in (p for chunk in re.split(r"等(?:和|及|以及|与)", piece) for p in _split_conjoined(chunk)):
            name, starred = clean_name(part)
            if name and not is_empty_cell(name) and not is_time_or_score(name) and not is_post(name):
                names.append((name, starred, group))
    if before_verb and names:
        last, starred, grp = names[-1]
        names[-1] = (clean_name(split_modifier(last)[0])[0], starred, grp)
    names = _join_collective_levels(names)
    expanded = _expand_shared_suffix([n for n, _, _ in names])
    return [Unit(full, role, grp, starred) for full, (_, starred, grp) in zip(expanded, names, strict=True)]


_BARE_COLLECTIVE_LEVEL = re.compile(r"各[省市县区镇乡州]{1,2}(?:[（(〔][省市县区镇乡州、]+[）)〕])?")
_BARE_LEVEL = re.compile(r"[省市县区镇乡州]{1,2}(?:[（(〔][省市县区镇乡州、]+[）)〕])?")
_LEVELS_BODY = re.compile(
    r"[省市县区镇乡州]{1,2}(?:[（(〔][省市县区镇乡州、]+[）)〕])?(?:人民)?(?:政府|管委会)"
)


def _join_collective_levels(names: list[tuple[str, bool, int]]) -> list[tuple[str, bool, int]]:
    """`各区、县（市）政府`, `各县、市、区政府` are one collective unit — each district's and county's government
    — written with 、 inside, as 宁波 writes `各区〔县、市〕政府` with brackets: a bare 各 + level, any bare levels
    after it, then levels + 政府 join into one."""
    joined: list[tuple[str, bool, int]] = []
    for name, starred, group in names:
        opening = len(joined) - 1
        while opening > 0 and _BARE_LEVEL.fullmatch(joined[opening][0]) and joined[opening][2] == group:
            opening -= 1
        if (
            joined
            and _LEVELS_BODY.fullmatch(name)
            and _BARE_COLLECTIVE_LEVEL.fullmatch(joined[opening][0])
            and all(item[2] == group for item in joined[opening:])
        ):
            parts = joined[opening:]
            del joined[opening:]
            written = "、".join([*(part[0] for part in parts), name])
            joined.append((written, any(part[1] for part in parts) or starred, group))
        else:
            joined.append((name, starred, group))
    return joined


# --- note forms -----------------------------------------------------------------------------------------------


# What a form's reader gives: the units it read, and the pieces it could not read (words after the last verb)
# — None when the sentence is not of its form at all.
_Read = tuple[list[Unit], list[str]]


def _read_labelled(sentence: str) -> _Read | None:
    """`牵头单位：A、B，责任单位：C、D，各乡镇` — each label's list runs to the next label; what another label
    (`完成时限：`, `成员单位：`) introduces is not a unit; a verb closing a label's list (`…按职责分工负责`) is
    no part of it."""
    labels = labels_in(sentence)
    if not any(label.role is not None for label in labels):
        return None
    units: list[Unit] = []
    unread: list[str] = []
    before = sentence[: labels[0].start].strip("，,；; ")
    if before and not is_time_or_score(before):
        read = _read_verbs(before)
        if read is None:  # `A配合单位：B`: what stands before the first label, with the plain role
            unread.append(before)
            units += _unit_list(before)
        else:
            units += read[0]
            unread += read[1]
    for index, label in enumerate(labels):
        if label.role is None:
            continue
        role = label.role
        end = labels[index + 1].start if index + 1 < len(labels) else len(sentence)
        listed = sentence[label.end : end].strip("，,；; ")
        closing = _CLOSING_VERB.search(listed)
        if closing:
            listed = listed[: closing.start()]
        group = len({u.group for u in units})
        units += read_units(listed, role, first_group=group, before_verb=bool(closing))
    return units, unread


def _read_verbs(sentence: str) -> _Read | None:
    """`A牵头，B、C配合` / `A、B、C牵头负责` / `A指导，B参与` / `A会同B负责` / `A，B按职责分工负责`.

    Words after the last verb are reported as not understood (`A负责组织实施并做好督促检查`); where they are a
    list of units (`A牵头，B、C等协调`: a verb the grammar lacks) those units are kept with the plain role. A
    sentence whose verbs close no list of sure units is no note of this form."""
    verbs = [m for m in _VERB.finditer(sentence) if not _ends_a_name(sentence, m)]
    if not verbs:
        return None
    units: list[Unit] = []
    start = 0
    for match in verbs:
        listed = sentence[start : match.start()].strip("，,；;、 ")
        start = match.end()
        if not listed:
            continue
        role = _VERB_ROLE[match["verb"]]
        group = len({u.group for u in units})
        if _JOINT in listed:
            lead, _, rest = listed.partition(_JOINT)
            units += read_units(lead, "lead", group)
            units += read_units(rest, "co", group + 1, before_verb=True)
        else:
            units += read_units(listed, role, group, before_verb=True)
    tail = sentence[start:].strip("，,；;。 ")
    if not tail:
        return units, []
    sure = [u for u in units if _sure(u.name)]
    if not sure or len(sure) * 2 < len(units):
        return None
    # the list and its verb are read: words after them (`并做好督促检查`, a verb the grammar lacks) are
    # reported, and a list of units among them kept with the plain role
    group = len({u.group for u in units})
    return units + [Unit(u.name, "duty", u.group + group, u.starred) for u in _unit_list(tail)], [tail]


def _ends_a_name(sentence: str, verb: re.Match[str]) -> bool:
    """A verb's characters that end a unit's name (`县政协办负责`: `协办` closes 县政协办, not a list): the
    name with them looks like a unit, without them it does not."""
    before = re.split(r"[，,；;、]", sentence[: verb.start()])[-1]
    with_verb = sentence[verb.start() : verb.end()]
    return bool(before) and looks_like_unit(before + with_verb) and not looks_like_unit(before)


def _unit_list(text: str) -> list[Unit]:
    """The unit-shaped names of a piece no form reads, where at least half of what it lists is unit-shaped and
    nothing else in it is long (`B、C等协调`); else none."""
    # `B、C等协调`: `等` closes the list, what follows it is a verb the grammar lacks
    closed = re.match(r"^(?P<list>.+)等[\u4e00-\u9fff]{1,6}$", text)
    if closed and looks_like_unit(clean_name(split_top(closed["list"], _SEPARATORS)[-1][0])[0]):
        text = closed["list"]
    read = read_units(text, "duty")
    sure = [u for u in read if _sure(u.name)]
    return sure if sure and len(sure) * 2 >= len(read) else []


def _sure(name: str) -> bool:
    return is_wellformed(name) and looks_like_unit(name)


def _read_bare(sentence: str) -> _Read | None:
    """`（A、B、C）` at the end of a sentence: a list with no label or verb — not one naming a person's post
    beside bodies (`孙会方（县委常委、县政府常务副县长）`: a roster's posts)."""
    if _posts_in(sentence):
        return None
    return read_units(sentence, "duty"), []


@dataclass(frozen=True)
class NoteForm:
    """One form a note sentence takes: its name, its reader, and whether it is a bare list (which counts as a
    note only where every name looks like a unit and it closes a sentence)."""

    name: str
    read: Callable[[str], _Read | None]
    bare: bool = False


NOTE_FORMS: tuple[NoteForm, ...] = (
    NoteForm("labelled", _read_labelled),
    NoteForm("verb", _read_verbs),
    NoteForm("bare", _read_bare, bare=True),
)


# The lead rules a document states, and what each selects (an asterisk marks its units, so it selects nothing).
_LEAD_RULES: tuple[tuple[re.Pattern[str], LeadRule | None], ...] = (
    (_LEAD_RULE_GROUP, "first_group"),
    (_LEAD_RULE_FIRST, "first"),
    (_LEAD_RULE_STAR, None),
)

# each lead rule's kind by name, for reading a rule where it is written or asked about (kb.qa.decide.rules)
_RULE_KINDS = {"first_group": _LEAD_RULE_GROUP, "first": _LEAD_RULE_FIRST, "star": _LEAD_RULE_STAR}


def lead_rule_in(text: str) -> tuple[str, str] | None:
    """The kind of the first lead rule a text writes (`first_group`: the units before the first comma lead;
    `first`: the unit listed first; `star`: the units marked *) and the rule as written; None when it writes
    none. Brackets inside the rule are read through (`列第一位的（排名首位的）单位为牵头单位`), a note's
    bracket closes it."""
    # as written; an aside in short brackets read through; a note's brackets as the ends of its body (a rule
    # closing a note, `（原则上由排名首位的部门牵头负责）`, ends where its bracket does)
    unbracketed = re.sub(r"[（(][^（()）]{0,12}[)）]", "", text)
    for written in (text, unbracketed, re.sub(r"[（()）]", "。", text)):
        for kind, pattern in _RULE_KINDS.items():
            found = pattern.search(written)
            if found is not None:
                return kind, found.group(0).strip("，,、 ）)")
    return None


@dataclass
class _Rules:
    lead_rule: LeadRule | None = None
    implied: list[str] = field(default_factory=list)
    # rule sentences that name particular units (`明确牵头部门的，市财政局配合`): not read, reported
    unread: list[str] = field(default_factory=list)


# A sentence of a note on how the notes are read rather than on who carries this item out: a condition on the
# note's own units (`明确牵头部门的，其他有关部门配合`, `多个牵头部门的按照职责分工负责`), units left unlisted
# (`不逐一列出`, `不再列出`), or — past the note's first `。`/`；` — a sentence that holds for the notes below
# (`…，下同`). It is a rule, never a unit list.
_CONDITION_ON_UNITS = re.compile(r"^[^，,、。；;]{0,10}?(?:部门|单位)的")
_UNLISTED = re.compile(r"不(?:再)?(?:逐一|一一|单独|重复)?列(?:出|明|举)")
_HOLDS_BELOW = re.compile(r"下同\s*$")


def is_rule_sentence(sentence: str, *, first: bool) -> bool:
    """A note sentence that states a rule (see `_CONDITION_ON_UNITS`); `first`: it opens the note."""
    words = sentence.strip("，,、 \n")
    return bool(
        _CONDITION_ON_UNITS.match(words)
        or _UNLISTED.search(words)
        or (not first and _HOLDS_BELOW.search(words))
    )


def _particular_units(sentence: str) -> list[str]:
    """The names of particular units a sentence holds (`市财政局配合` → 市财政局; not `其他有关部门`)."""
    found = []
    for piece, _ in split_top(sentence, _SEPARATORS):
        name = clean_name(_VERB.sub("", piece.strip()))[0]  # the verb goes with its modifier (`按职责分工`)
        if _sure(name) and not _COLLECTIVE.match(name):
            found.append(name)
    return found


def _without_rule_sentences(body: str, rules: _Rules) -> str:
    kept: list[str] = []
    for index, (sentence, before) in enumerate(split_top(body, "。；;")):
        if sentence.strip() and is_rule_sentence(sentence, first=index == 0):
            if _particular_units(sentence):
                rules.unread.append(sentence.strip("，,、 \n"))
            continue
        kept.append(before + sentence if kept else sentence)
    return "".join(kept)


def take_rules(body: str) -> tuple[str, _Rules]:
    """The note body without its rule sentences, and the rules they state."""
    rules = _Rules()
    implied = _IMPLIED_RULE.search(body)
    if implied:
        rules.implied = [u.name for u in read_units(implied["units"], "duty")]
        body = body[: implied.start()] + body[implied.end() :]
    for pattern, rule in _LEAD_RULES:
        found = pattern.search(body)
        if found:
            rules.lead_rule = rules.lead_rule or rule
            body = body[: found.start()] + body[found.end() :]
    body = _without_rule_sentences(body, rules)
    body = re.sub(r"[，,]?\s*下同\s*", "", body)
    # a rule written in its own bracket inside a label line (`…、石碶街道（列第一位者为牵头单位，下同）`) leaves
    # that bracket empty: it is no part of the name before it
    body = re.sub(r"[（(〔［\[]\s*[，,]?\s*[）)〕］\]]", "", body)
    return body, rules


def read_note(body: str, *, bare_allowed: bool = True) -> NoteReading | None:
    """The units of one note body, or None when the body is not a responsibility note.

    A note is read sentence by sentence (`。` `；`); what a sentence holds that no form reads is kept where it
    is a list of units (plain responsible role) and recorded in `unread` — a note partly understood keeps the
    units it is sure of. `bare_allowed` is False where a bracket does not close a sentence: a list with no
    label or verb there is an explanation (`（研发中心、中试基地）`), not a note."""
    rest, rules = take_rules(body)
    units: list[Unit] = []
    forms: list[str] = []
    unread: list[str] = list(rules.unread)
    persons: list[str] = []
    for sentence, _ in split_top(rest, "。；;"):
        sentence = _without_times(sentence).strip("，,、 \n")
        if not sentence or is_time_or_score(sentence) or _only_other_labels(sentence):
            continue
        posts = _posts_in(sentence)
        persons += posts
        found = _read_sentence(sentence, bare_allowed)
        if found is None and posts and _read_verbs(sentence) == ([], []):
            forms.append("persons")  # `分管副市长负责`: who answers for the item is a person, no unit
            continue
        if found is None:  # no form reads it: its unit-shaped names (if it lists units) with the plain role
            unread.append(sentence)
            read: list[Unit] = _unit_list(sentence)
        else:
            form, read, pieces = found
            forms.append(form)
            parallel = _parallel_names(read) if form == "labelled" else set()
            unread += pieces + [u.name for u in read if not _sure(u.name) and u.name not in parallel]
            read = [u for u in read if _sure(u.name) or u.name in parallel]
        units += [Unit(u.name, u.role, u.group + len({x.group for x in units}), u.starred) for u in read]
    if not forms or (not units and not rules.implied and not persons):
        return None
    return _reading(units, forms, rules, unread, persons)


_PARALLEL_LONGEST = 12  # a body's short name (高端装备产业园); a longer piece under a label is prose


def _parallel_names(units: Sequence[Unit]) -> set[str]:
    """The names a label lists that are not unit-shaped but are units by where they stand: two or more names of
    one list under a unit label, well-formed, short and ending alike (`责任单位：新材料产业园、高端装备产业园、
    食品产业园、商贸物流园等`; `配合单位：各示范基地、各孵化基地`) — the label says what they are, their common
    ending that they are names of one kind. A lone name, or names ending differently, stays unread."""
    kept: set[str] = set()
    for group in {u.group for u in units}:
        unsure = [u.name for u in units if u.group == group and not _sure(u.name)]
        names = [n for n in unsure if is_wellformed(n) and len(n) <= _PARALLEL_LONGEST and not re.search(r"\d", n)]
        if len(names) >= 2 and len(names) == len(unsure) and len({n[-1] for n in names}) == 1:
            kept.update(names)
    return kept


def _posts_in(sentence: str) -> list[str]:
    """The persons' posts a note sentence names (`分管副省长、协管副秘书长负责` → both)."""
    names = (clean_name(_VERB.sub("", piece.strip()))[0] for piece, _ in split_top(sentence, _SEPARATORS))
    return [name for name in names if name and is_post(name)]


def _reading(
    units: list[Unit], forms: list[str], rules: _Rules, unread: list[str], persons: list[str]
) -> NoteReading:
    # a rule may name its units shorter than the note it stands in does (以下均涉及各县区、功能区 after
    # `各县区人民政府、市各功能区管委会`): each is the note's unit that holds it
    implied = tuple(next((u.name for u in units if name in u.name), name) for name in rules.implied)
    return NoteReading(
        units=tuple(units),
        form="+".join(forms) or "rule",
        lead_rule=rules.lead_rule,
        implied=implied,
        unread=tuple(dict.fromkeys(unread)),
        persons=tuple(dict.fromkeys(persons)),
    )


# `A为牵头单位，B为配合单位`: a label used as a predicate reads as the verb of its role.
_AS_LABEL = re.compile(
    r"(?:为|是|作为)(?P<label>[\u4e00-\u9fff]{0,6}?(?:" + "|".join(LABEL_NOUNS) + r"))(?=$|[，,；;、])"
)
_ROLE_VERB: dict[Role, str] = {"lead": "牵头", "co": "配合", "duty": "负责"}


# `责任单位为A、B`: a label followed by 为/是 reads as the label with its colon.
_LABEL_IS = re.compile(r"(?:^|(?<=[，,；;、\s]))" + _LABEL_PHRASE + r"(?:为|是)")


def _as_verbs(sentence: str) -> str:
    def verb(match: re.Match[str]) -> str:
        role = label_role(match["label"])
        return _ROLE_VERB[role] if role else match.group()

    def colon(match: re.Match[str]) -> str:
        return match["label"] + "：" if label_role(match["label"]) else match.group()

    return _AS_LABEL.sub(verb, _LABEL_IS.sub(colon, sentence))


def _read_sentence(sentence: str, bare_allowed: bool) -> tuple[str, list[Unit], list[str]] | None:
    """The first form that reads the sentence as a note: (form, units, pieces not read). A bare list must be
    plainly units throughout; a label or a verb form needs at least half of its names unit-shaped (else the
    bracket is running text with a verb in it, `（企业自主负责）`)."""
    sentence = _as_verbs(sentence)
    for form in NOTE_FORMS:
        if form.bare and not bare_allowed:
            continue
        read = form.read(sentence)
        if read is None:
            continue
        units, pieces = read
        if form.bare:
            if units and all(_sure(u.name) and _BARE_UNIT.search(u.name) for u in units):
                return form.name, units, []
            continue
        shaped = [u for u in units if _sure(u.name)]
        if form.name == "labelled" or (shaped and len(shaped) * 2 >= len(units)):
            return form.name, units, pieces
    return None


def _without_times(sentence: str) -> str:
    """The sentence without the comma-separated pieces that are deadlines or scores (`A负责，2025年底前完成`)."""
    pieces = split_top(sentence, "，,")
    kept = [(piece, sep) for piece, sep in pieces if not is_time_or_score(piece)]
    return "".join(sep + piece if i else piece for i, (piece, sep) in enumerate(kept)) if kept else ""


def _only_other_labels(sentence: str) -> bool:
    labels = labels_in(sentence)
    return bool(labels) and labels[0].start == 0 and all(label.role is None for label in labels)


# --- notes in running text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundNote:
    """A note found in a paragraph: where it stands, brackets included, and what it says."""

    span: tuple[int, int]
    text: str
    reading: NoteReading


_SENTENCE_END = "。；;！!？?"


def _label_lines(text: str) -> list[tuple[int, int]]:
    """Where label lines start, and where what is read of them starts: a unit label (`责任单位：`,
    `牵头责任单位：`…) at the start of a line or after a sentence is read with its label; a short label whose
    words give no role (`部门分工：`, `任务分工：`) is a unit label too when the rest of its line reads wholly as
    units with their verbs (`部门分工：A牵头，B、C配合。`) — the list's form names the label — and only that rest
    is read. A label over anything else (`分管领导：张三`, `完成时限：…`) is no note."""
    starts = []
    for label in labels_in(text):
        before = text[: label.start].rstrip(" \t　")
        if before and before[-1] not in "\n。；;":
            continue
        if label.role is not None:
            starts.append((label.start, label.start))
        elif _units_by_form(
            text[label.start : label.end], text[label.end : _label_line_end(text, label.end)]
        ):
            starts.append((label.start, label.end))
    return starts


# words that make a label with no unit noun at its end a label of who does the work (`责任分工`, `部门分工`)
_DIVISION = re.compile(_CUE_LABEL + "|分工")


def _units_by_form(label: str, body: str) -> bool:
    """What follows a label with no role word says it names units: units with their verbs, or — after a label
    that speaks of a division of work (`部门分工：`, `责任分工：`) — a list of plainly named bodies. A list after
    `成员单位：` names a group's members, not who carries the item out."""
    if is_person_label(label):
        return False
    if _units_with_verbs(body):
        return True
    if not _DIVISION.search(label):
        return False
    units = read_units(body.strip().rstrip("。；; "), "duty")
    return bool(units) and all(_sure(u.name) and _BARE_UNIT.search(u.name) for u in units)


def opens_label_line(line: str) -> bool:
    """A line that starts with a label line (`责任单位：A`, `部门分工：A牵头，B配合。`): it starts a paragraph of
    its own, whatever the line before it (`分管领导：张三` ends in a name, not a sentence mark)."""
    line = line.strip()
    return any(start == 0 for start, _ in _label_lines(line))


def _units_with_verbs(body: str) -> bool:
    """A body that reads wholly as units closed by their verbs or labels, every name unit-shaped."""
    reading = read_note(body.strip().rstrip("。；; "), bare_allowed=False)
    return (
        reading is not None
        and not reading.unread
        and bool(reading.units)
        and all(_sure(u.name) for u in reading.units)
    )


def _closes_sentence(text: str, start: int, end: int) -> bool:
    """A bracket closes a sentence when a sentence mark stands just before it, or when it ends its line (or is
    followed by a mark) after words that are not themselves a name — not a signature's `（…办公室）` line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip()
    after = text[end:].lstrip(" ")
    if not before:
        return False
    if before[-1] in _SENTENCE_END:
        return True
    ends_line = not after or after[0] in _SENTENCE_END + "\n"
    return ends_line and not looks_like_unit(before)


_BRACKETED_LABEL = re.compile(
    r"[【\[［〔]\s*([\u4e00-\u9fff]{2,10}?(?:"
    + "|".join(LABEL_NOUNS + OTHER_LABELS)
    + r"))\s*[】\]］〕]\s*[：:]?"
)


def _unbracket_labels(text: str) -> str:
    """`【牵头单位】A【配合单位】B` read as `牵头单位：A 配合单位：B`, padded to the same length so that spans
    still point into the text as written."""

    def unbracketed(match: re.Match[str]) -> str:
        word = match.group(1)
        if label_role(word) is None and word not in OTHER_LABELS:
            return match.group()
        return (word + "：").ljust(len(match.group()), " ")

    return _BRACKETED_LABEL.sub(unbracketed, text)


def notes_in(text: str) -> list[FoundNote]:
    """Responsibility notes in one paragraph or item, in order: bracketed groups read as notes, and label lines
    (`责任单位：A、B` or `【责任单位】A、B` at the start of a line or after a sentence); label lines that follow one
    another (`牵头单位：A` / `配合单位：B`, each perhaps closed by `。`, perhaps with a line over persons or a
    deadline between them: `_one_note_across`) are one note, its lead the 牵头 label's."""
    read = _unbracket_labels(text)
    found: list[FoundNote] = []
    for start, end in balanced_groups(read):
        reading = read_note(read[start + 1 : end - 1], bare_allowed=_closes_sentence(read, start, end))
        if reading is not None:
            found.append(FoundNote((start, end), text[start:end], reading))
    taken = [n.span for n in found]
    lines: list[FoundNote] = []
    for start, body in _label_lines(read):
        if any(s <= start < e for s, e in taken):
            continue
        end = _label_line_end(read, start)
        reading = read_note(read[body:end].rstrip("。；; "))
        if reading is None:
            continue
        taken.append((start, end))
        if lines and _one_note_across(read[lines[-1].span[1] : start]):
            lines[-1] = _joined(lines[-1], FoundNote((start, end), text[start:end], reading), text)
        else:
            lines.append(FoundNote((start, end), text[start:end], reading))
    lines += _note_lines(text, taken + [n.span for n in lines])
    return sorted(found + lines, key=lambda n: n.span)


def _one_note_across(gap: str) -> bool:
    """What stands between two label lines leaves them one note (`牵头责任单位：A。` / `协同责任单位：B、C。`): only
    sentence marks, or lines opened by a label that names no units (`牵头负责领导：张三。`, `完成时限：…`)."""
    for line in gap.split("\n"):
        line = line.strip().strip("。；;， ")
        if not line:
            continue
        labels = labels_in(line)
        if not labels or labels[0].start != 0 or any(label.role is not None for label in labels):
            return False
    return True


_NOTE_LINE_MAX = 80


def is_note_line(line: str) -> bool:
    """A line that is a note written without brackets: wholly a list of units closed by a verb
    (`市发改委牵头落实`, `A、B、C分别牵头落实`) or a label line, every name unit-shaped, nothing else said — as a
    flattened table's unit cell stands on the line after the task it belongs to."""
    line = line.strip()
    if not line or len(line) > _NOTE_LINE_MAX or re.search(r"[。！？!?]", line):
        return False
    reading = read_note(line, bare_allowed=False)
    return (
        reading is not None
        and not reading.unread
        and bool(reading.units)
        and all(_sure(u.name) for u in reading.units)
    )


def _note_lines(text: str, taken: list[tuple[int, int]]) -> list[FoundNote]:
    """Note lines (`is_note_line`) that stand after a finished sentence, outside the notes already found."""
    found = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        before = text[:start].rstrip()
        if (
            before
            and before[-1] in _SENTENCE_END
            and not any(s < end and start < e for s, e in taken)
            and is_note_line(line)
        ):
            reading = read_note(line.strip(), bare_allowed=False)
            if reading is not None:
                found.append(FoundNote((start, end), text[start:end], reading))
        start = end + 1
    return found


def _joined(first: FoundNote, second: FoundNote, text: str) -> FoundNote:
    """Two label lines of one item as one note: units in order, groups counted on, rules of either."""
    offset = len({u.group for u in first.reading.units})
    units = first.reading.units + tuple(
        Unit(u.name, u.role, u.group + offset, u.starred) for u in second.reading.units
    )
    reading = NoteReading(
        units=units,
        form=f"{first.reading.form}+{second.reading.form}",
        lead_rule=first.reading.lead_rule or second.reading.lead_rule,
        implied=first.reading.implied or second.reading.implied,
        unread=first.reading.unread + second.reading.unread,
        persons=first.reading.persons + second.reading.persons,
    )
    span = (first.span[0], second.span[1])
    return FoundNote(span, text[span[0] : span[1]], reading)


def _label_line_end(text: str, start: int) -> int:
    """A label line runs to the end of its line, or to a `。` outside brackets."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in _PAIR:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
        elif depth == 0 and (char == "\n" or char == "。"):
            return index
    return len(text)


def rule_outside_notes(text: str) -> _Rules:
    """Rules written in running text rather than inside a note (`以下各项任务均需…落实，不再列出。`)."""
    _, rules = take_rules(text)
    return rules


# --- what was not read --------------------------------------------------------------------------------------


def not_understood(text: str) -> list[tuple[str, str]]:
    """(note as written, why) for each note of a paragraph that was read only in part, and each bracket that
    closes a sentence and looks like a note — a unit label, or several unit-shaped names between separators —
    but matches no form: what a person should check, since its units are missing or incomplete."""
    found = notes_in(text)
    reported = [
        (note.text, "partly read; not understood: " + "、".join(note.reading.unread))
        for note in found
        if note.reading.unread
    ]
    taken = [note.span for note in found]
    read = _unbracket_labels(text)
    for start, end in balanced_groups(read):
        if any(s <= start < e for s, e in taken) or not _ends_sentence(read, end):
            continue
        why = _looks_like_note(read[start + 1 : end - 1])
        if why:
            reported.append((text[start:end], why))
        taken.append((start, end))
    return reported + _lines_like_notes(text, read, taken)


# why a unit column's header word standing alone is reported (kb.parse drops the report where the rows under it
# were read as note lines, as a table flattened into task / note line pairs is)
UNREAD_TABLE = "a table's unit column whose rows were not read"
ROLE_ONLY_VERBS = ("牵头", "配合", "负责", "协助", "协同", "协办", "参与", "主责", "负总责", "承办")
_ORPHAN_MAX = 80  # a line longer than this is running text, whatever it names


def _lines_like_notes(text: str, read: str, taken: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """Lines outside every note read that still look like one: a label line whose label names units but whose
    list was not read; a line opened by a short label the grammar does not know (`工作分工：`) over unit-shaped
    names closed by 牵头/配合/负责; a line without a sentence mark that is such names with their verbs (a task
    table's cell); a unit column's header word standing alone (`责任部门` — a flattened table not read)."""
    reported = []
    start = 0
    for line in read.split("\n"):
        end = start + len(line)
        stripped = line.strip()
        if stripped and len(stripped) <= _ORPHAN_MAX and not any(s < end and start < e for s, e in taken):
            why = _line_like_note(stripped)
            if why:
                reported.append((text[start:end].strip(), why))
        start = end + 1
    return reported


def _line_like_note(line: str) -> str | None:
    if label_role(line) is not None:
        return UNREAD_TABLE
    labels = labels_in(line)
    opening = labels[0] if labels and labels[0].start == 0 else None
    if opening is not None and opening.role is not None:
        return "a unit label, but no unit read after it"
    if opening is not None:
        word = line[: opening.end].rstrip("：: ")
        if word in OTHER_LABELS or is_person_label(word):
            return None
        return (
            "a label the grammar does not know, over units and their verbs"
            if _names_a_verb(line[opening.end :])
            else None
        )
    if not re.search(r"[。！？!?]", line) and _names_a_verb(line):
        return "unit names and verbs not read as a note"
    return None


def _names_a_verb(text: str) -> bool:
    """A unit-shaped name written right before a verb that gives a role and nothing else (`…局牵头`,
    `…各部门配合`, `…委负责`; not `统筹` or `推进`, which a target may end in: `全市统筹`)."""
    for match in _VERB.finditer(text):
        if not match["verb"].startswith(ROLE_ONLY_VERBS):
            continue
        before = re.split(r"[，,；;、：:\s]", text[: match.start()])[-1]
        if before and _sure(clean_name(split_modifier(before)[0])[0]):
            return True
    return False


def _ends_sentence(text: str, end: int) -> bool:
    after = text[end:].lstrip(" \t　")
    return not after or after[0] in _SENTENCE_END + "\n"


def _looks_like_note(body: str) -> str | None:
    """Why a bracket no form reads still looks like a note, or None."""
    labels = labels_in(body)
    if any(label.role is not None for label in labels):
        return "a unit label, but no unit read after it"
    if _UNKNOWN_LABEL.search(body):
        return "a label the grammar does not know"
    pieces = [clean_name(piece)[0] for piece, _ in split_top(body, _SEPARATORS)]
    shaped = [piece for piece in pieces if _sure(piece)]
    if len(pieces) >= 2 and len(shaped) >= 2 and len(shaped) * 2 >= len(pieces):
        return "unit names with no label or verb the grammar knows"
    return None


# a label-shaped phrase whose words give no role (`主抓部门：`): a note in a form not met yet, or no note at all
_UNKNOWN_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:" + "|".join(LABEL_NOUNS) + r")\s*[：:]")
