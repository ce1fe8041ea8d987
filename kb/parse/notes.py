"""The grammar of responsibility notes in Chinese official documents.

A clause names who carries it out in a *note*: a bracketed group at the end of a sentence, a paragraph or an item
— `（A、B等按职责分工负责）` `（A牵头，B、C配合）` `〔责任单位：A、B，各县（市、区）人民政府〕` `（牵头单位：A；配合单位：B）`
— or a label line standing on its own line (`责任单位：A、B`). This module reads one note body into units with
their roles, without knowing any unit by name: a unit is recognised by its place in the note.

The grammar is data:
- `LABELS` — the label words (`牵头单位：` …) with the role they give the list after them; task-table headers use
  the same words (`kb.parse.tables`);
- `VERBS` — the verbs that close a list of units (`牵头` `配合` `负责` …) with the role they give it;
- `RULES` — sentences a note may hold besides units: the lead rule a document states once
  (`列第一位者为牵头单位，下同`, `第一个逗号前为牵头单位`), the units every later clause implies
  (`以下均需X落实，不再列出`), deadlines and scores;
- `NOTE_FORMS` — the ordered forms a note body takes (labelled, verb, bare list), each with how it marks the lead.

A body is cut into sentences (`。` `；`), rule sentences taken out, and each remaining sentence read by the first
form that fits. Unit lists are split at `、` `，` `,` `；` outside brackets, so `各县（市、区）人民政府` and
`市委改革办〔市营商环境建设局〕` stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["lead", "co", "duty"]

# --- brackets -------------------------------------------------------------------------------------------------

OPENING = "（([〔【［〈<《"
CLOSING = "）)]〕】］〉>》"
_PAIR = dict(zip(OPENING, CLOSING, strict=True))


def balanced_groups(text: str, kinds: str = OPENING) -> list[tuple[int, int]]:
    """Spans of the outermost bracket groups opened by one of `kinds`, matched by balance over every bracket
    kind: `（A〔B、C〕D）` is one group, `省市场监管局（省知识产权局）` stays whole."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char in _PAIR:
            if not stack:
                if char not in kinds:
                    continue
                start = index
            stack.append(_PAIR[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                spans.append((start, index + 1))
    return spans


def is_balanced(text: str) -> bool:
    stack: list[str] = []
    for char in text:
        if char in _PAIR:
            stack.append(_PAIR[char])
        elif char in CLOSING and (not stack or stack.pop() != char):
            return False
    return not stack


def split_top(text: str, separators: str) -> list[tuple[str, str]]:
    """`text` cut at `separators` outside brackets: [(piece, the separator before it)] — "" before the first."""
    pieces: list[tuple[str, str]] = []
    depth, current, before = 0, "", ""
    for char in text:
        if char in _PAIR:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
        if depth == 0 and char in separators:
            pieces.append((current, before))
            current, before = "", char
        else:
            current += char
    pieces.append((current, before))
    return pieces


# --- vocabulary -----------------------------------------------------------------------------------------------

# Label words, longest first where one contains another. Shared with task-table headers.
LABELS: tuple[tuple[str, Role], ...] = (
    ("牵头考核单位", "lead"),
    ("牵头责任单位", "lead"),
    ("牵头负责单位", "lead"),
    ("牵头单位", "lead"),
    ("牵头部门", "lead"),
    ("主责单位", "lead"),
    ("主责部门", "lead"),
    ("主办单位", "lead"),
    ("主体责任单位", "duty"),
    ("责任单位", "duty"),
    ("责任部门", "duty"),
    ("责任主体", "duty"),
    ("实施单位", "duty"),
    ("承办单位", "duty"),
    ("落实单位", "duty"),
    ("配合单位", "co"),
    ("配合部门", "co"),
    ("协同单位", "co"),
    ("协同部门", "co"),
    ("协助单位", "co"),
    ("协办单位", "co"),
    ("参与单位", "co"),
    ("参与部门", "co"),
    ("支持单位", "co"),
)
LABEL_WORDS = tuple(word for word, _ in LABELS)
_LABEL_ROLE = dict(LABELS)
_LABEL = re.compile(r"(?P<label>" + "|".join(LABEL_WORDS) + r")\s*[：:]\s*")
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
_ANY_LABEL = re.compile(r"(?P<label>" + "|".join(LABEL_WORDS + OTHER_LABELS) + r")\s*[：:]\s*")

# Verbs that close a list of units; a modifier (`按职责分工`) may stand before them. Longest first.
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
)
_MODIFIER = r"(?:按照?职责分工|按照?职能分工|按照?职责|根据职责|依职责|分别|共同|具体|切实|等)?"
_VERB = re.compile(
    _MODIFIER + r"(?P<verb>" + "|".join(sorted((v for v, _ in VERBS), key=len, reverse=True)) + r")"
    # a verb closes a list only at a boundary: the end, a separator or another verb (`牵头负责`, `负责落实`)
    r"(?=$|[，,；;、。]|" + "|".join(v for v, _ in VERBS) + ")"
)
_VERB_ROLE = dict(VERBS)
_JOINT = "会同"  # `A会同B负责`: A leads, B works with it

# Sentences a note may hold besides units.
_LEAD_RULE_FIRST = re.compile(
    r"[^，,。；;（(]{0,12}?(?:(?:列|排|排名|排列|位列)(?:在)?(?:第一位?|首位|第1位?)(?:的|者)?(?:单位|部门)?"
    r"|第一(?:个|家)?(?:单位|部门))(?:为|是|系)(?:牵头|主责|主办)(?:单位|部门)[^。；;]*"
)
_LEAD_RULE_GROUP = re.compile(
    r"第一个(?:逗号|，)(?:之?前|以前)(?:的)?(?:单位|部门)?(?:为|是)(?:牵头|主责)(?:单位|部门)[^。；;]*"
)
_LEAD_RULE_STAR = re.compile(
    r"(?:带|标注?|加)?[*＊](?:号)?(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主责)(?:单位|部门)[^。；;]*"
)
_IMPLIED_RULE = re.compile(
    r"以下[^，,。；;]{0,10}?(?:均|都|皆)(?:需|须|由|要|涉及|包括|包含)(?P<units>.+?)(?:负责)?(?:组织)?(?:落实)?[，,]?\s*"
    r"(?:不再(?:一一)?列出|不再重复列出|不再单独列出)"
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
    return bool(DEADLINE_OR_SCORE.match(piece)) or (bool(_YEAR.search(piece)) and not looks_like_unit(piece))


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

_STAR = "*＊※"
_ETC_TAIL = re.compile(r"等(?:相关|有关|其他|其它)?(?:市直|省直|县直|区直|各)?(?:部门|单位|机构)?$")
_LEADING_JOINER = re.compile(
    r"^(?:(?:以上|上述|本项|此项|以下)?(?:各项)?(?:任务|工作|措施)?(?:均|都)?(?:具体)?(?:由|请)|和|及|以及|与|并)"
)
_LEAD_MARK = re.compile(r"[（(](?:牵头|牵头单位|牵头部门|主责)[）)]")
_SEPARATORS = "、，,；;"
_FORBIDDEN = re.compile(r"[/\\<>{}|=@#$%^~`\"'：:。!！?？\n\t]")
# Endings of the names of bodies: government organs, collectives, companies, places.
_UNIT_ENDING = re.compile(
    r"(?:局|委|办|厅|部|署|院|所|会|社|行|站|队|处|科|室|组|班|中心|公司|集团|企业|政府|机构|单位|部门|"
    r"学校|大学|学院|园区|开发区|新区|高新区|管委会|街道|乡镇|镇|乡|村|社区|省|市|县|区|州|盟|旗|总台|台|网|"
    r"协会|学会|联合会|商会|基金会|研究会|促进会|联盟|平台|银行|分行|支行|保险|电信|移动|联通|铁塔|海关|法院|检察院|"
    r"分局|支局|总局|总社|总队|支队|大队|委员会|办公室|领导小组|工作专班|专班|指挥部)$"
)
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
    name = _LEADING_JOINER.sub("", name) if len(name) > 3 else name
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


def is_wellformed(name: str) -> bool:
    """A name that can stand in `departments`: no label, separator, markup or path character, brackets
    balanced, not a date or a score."""
    if not 2 <= len(name) <= 40 or _FORBIDDEN.search(name) or not is_balanced(name):
        return False
    if _LABEL.search(name) or DEADLINE_OR_SCORE.match(name):
        return False
    return len(split_top(name, _SEPARATORS)) == 1 or is_collective_of_levels(name)


def is_collective_of_levels(name: str) -> bool:
    """`各区、县（市）政府`: one collective unit with a 、 between its levels."""
    first, _, rest = name.partition("、")
    return bool(_BARE_COLLECTIVE_LEVEL.fullmatch(first) and _LEVELS_BODY.fullmatch(rest))


def looks_like_unit(name: str) -> bool:
    """A name shaped like a body: a collective (`各乡镇`, `有关区县`), or an ending of an organ, a company or a
    place — brackets of its own (`县委组织部（人才办）`) ignored."""
    bare = name
    for start, end in reversed(balanced_groups(bare)):
        bare = bare[:start] + bare[end:]
    return bool(_COLLECTIVE.match(bare)) or (len(bare) >= 2 and bool(_UNIT_ENDING.search(bare)))


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
    `市城市运行和政务服务办` stay one: both sides must be units of one level (`县…和县…`) or both end as organs."""
    for match in re.finditer(r"[和及与]", text):
        left, right = text[: match.start()], text[match.end() :]
        if len(left) < 3 or len(right) < 3 or not (looks_like_unit(left) and looks_like_unit(right)):
            continue
        if left[0] == right[0] or (_STRONG_ORGAN.search(left) and _STRONG_ORGAN.search(right)):
            return [left, *_split_conjoined(right)]
    return [text]


_STRONG_ORGAN = re.compile(r"(?:局|委|厅|部|署|政府|委员会|管委会)$")


def read_units(text: str, role: Role, first_group: int = 0) -> list[Unit]:
    """A list of units (`A、B，C等`) with one role; groups are counted from `first_group` at each `，`."""
    pieces = split_top(re.sub(r"　+|\s{2,}", "、", text.strip()), _SEPARATORS)
    group = first_group
    names: list[tuple[str, bool, int]] = []
    for piece, before in pieces:
        if before in "，,；;" and before and names:
            group += 1
        # `A、B等和各有关省级人民政府`: `等和` closes one list and opens another
        for part in (p for chunk in re.split(r"等(?:和|及|以及|与)", piece) for p in _split_conjoined(chunk)):
            name, starred = clean_name(part)
            if name:
                names.append((name, starred, group))
    names = _join_collective_levels(names)
    expanded = _expand_shared_suffix([n for n, _, _ in names])
    return [Unit(full, role, grp, starred) for full, (_, starred, grp) in zip(expanded, names, strict=True)]


_BARE_COLLECTIVE_LEVEL = re.compile(r"各[省市县区镇乡]{1,2}")
_LEVELS_BODY = re.compile(r"[省市县区镇乡]{1,2}(?:[（(〔][省市县区镇乡、]+[）)〕])?(?:人民)?(?:政府|管委会)")


def _join_collective_levels(names: list[tuple[str, bool, int]]) -> list[tuple[str, bool, int]]:
    """`各区、县（市）政府` is one collective unit — each district's and county's government — written with a 、
    inside it, as 宁波 writes `各区〔县、市〕政府` with brackets: a bare 各 + level before levels + 政府 joins it."""
    joined: list[tuple[str, bool, int]] = []
    for name, starred, group in names:
        if (
            joined
            and _LEVELS_BODY.fullmatch(name)
            and _BARE_COLLECTIVE_LEVEL.fullmatch(joined[-1][0])
            and joined[-1][2] == group
        ):
            first, first_starred, _ = joined.pop()
            joined.append((f"{first}、{name}", first_starred or starred, group))
        else:
            joined.append((name, starred, group))
    return joined


# --- note forms -----------------------------------------------------------------------------------------------


def _read_labelled(sentence: str) -> list[Unit] | None:
    """`牵头单位：A、B，责任单位：C、D，各乡镇` — each label's list runs to the next label; what another label
    (`完成时限：`) introduces is not a unit."""
    labels = list(_ANY_LABEL.finditer(sentence))
    if not any(m["label"] in _LABEL_ROLE for m in labels):
        return None
    units: list[Unit] = []
    before = sentence[: labels[0].start()].strip("，,；; ")
    if before and not is_time_or_score(before):
        units += _read_verbs(before) or []
    for index, match in enumerate(labels):
        if match["label"] not in _LABEL_ROLE:
            continue
        end = labels[index + 1].start() if index + 1 < len(labels) else len(sentence)
        listed = sentence[match.end() : end].strip("，,；; ")
        units += read_units(listed, _LABEL_ROLE[match["label"]], first_group=len({u.group for u in units}))
    return units


def _read_verbs(sentence: str) -> list[Unit] | None:
    """`A牵头，B、C配合` / `A、B、C牵头负责` / `A指导，B参与` / `A会同B负责` / `A，B按职责分工负责`."""
    verbs = list(_VERB.finditer(sentence))
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
            units += read_units(rest, "co", group + 1)
        else:
            units += read_units(listed, role, group)
    tail = sentence[start:].strip("，,；;。 ")
    if tail:  # words after the last verb that are not a list of units: not a note
        return None
    return units


def _read_bare(sentence: str) -> list[Unit] | None:
    """`（A、B、C）` at the end of a sentence: a list with no label or verb."""
    return read_units(sentence, "duty")


@dataclass(frozen=True)
class NoteForm:
    """One form a note sentence takes: its name, its reader, and whether it is a bare list (which counts as a
    note only where every name looks like a unit and it closes a sentence)."""

    name: str
    read: Callable[[str], list[Unit] | None]
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


@dataclass
class _Rules:
    lead_rule: LeadRule | None = None
    implied: list[str] = field(default_factory=list)


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
    body = re.sub(r"[，,]?\s*下同\s*", "", body)
    return body, rules


def read_note(body: str, *, bare_allowed: bool = True) -> NoteReading | None:
    """The units of one note body, or None when the body is not a responsibility note.

    `bare_allowed` is False where a bracket does not close a sentence: a list with no label or verb there is an
    explanation (`（研发中心、中试基地）`), not a note."""
    rest, rules = take_rules(body)
    units: list[Unit] = []
    forms: list[str] = []
    for sentence, _ in split_top(rest, "。；;"):
        sentence = _without_times(sentence).strip("，,、 \n")
        if not sentence or is_time_or_score(sentence) or _only_other_labels(sentence):
            continue
        for form in NOTE_FORMS:
            if form.bare and not bare_allowed:
                continue
            read = form.read(sentence)
            if read is None:
                continue
            if not _plausible(read, form):
                return None
            units += [Unit(u.name, u.role, u.group + len({x.group for x in units}), u.starred) for u in read]
            forms.append(form.name)
            break
        else:
            return None
    if not units and not rules.implied:
        return None
    # a rule may name its units shorter than the note it stands in does (以下均涉及各县区、功能区 after
    # `各县区人民政府、市各功能区管委会`): each is the note's unit that holds it
    implied = tuple(next((u.name for u in units if name in u.name), name) for name in rules.implied)
    return NoteReading(
        units=tuple(units),
        form="+".join(forms) or "rule",
        lead_rule=rules.lead_rule,
        implied=implied,
    )


def _without_times(sentence: str) -> str:
    """The sentence without the comma-separated pieces that are deadlines or scores (`A负责，2025年底前完成`)."""
    pieces = split_top(sentence, "，,")
    kept = [(piece, sep) for piece, sep in pieces if not is_time_or_score(piece)]
    return "".join(sep + piece if i else piece for i, (piece, sep) in enumerate(kept)) if kept else ""


def _only_other_labels(sentence: str) -> bool:
    labels = list(_ANY_LABEL.finditer(sentence))
    return bool(labels) and labels[0].start() == 0 and all(m["label"] not in _LABEL_ROLE for m in labels)


def _plausible(units: list[Unit], form: NoteForm) -> bool:
    """Every name well formed; a bare list must look like units throughout, a verb or label form at least once
    (a label or a verb already says these are units)."""
    if not units or not all(is_wellformed(u.name) for u in units):
        return False
    if form.bare:  # no label or verb says these are units: each must be written as a body of some level
        return all(looks_like_unit(u.name) and _BARE_UNIT.search(u.name) for u in units)
    shaped = [looks_like_unit(u.name) for u in units]
    return any(shaped) and sum(shaped) * 2 >= len(shaped)


# --- notes in running text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundNote:
    """A note found in a paragraph: where it stands, brackets included, and what it says."""

    span: tuple[int, int]
    text: str
    reading: NoteReading


_SENTENCE_END = "。；;！!？?"
_LABEL_LINE = re.compile(r"(?:^|(?<=[\n。；;]))\s*(?=(?:" + "|".join(LABEL_WORDS) + r")\s*[：:])")


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
    r"[【\[［]\s*(" + "|".join(LABEL_WORDS + OTHER_LABELS) + r")\s*[】\]］]\s*[：:]?"
)


def _unbracket_labels(text: str) -> str:
    """`【牵头单位】A【配合单位】B` read as `牵头单位：A 配合单位：B`, padded to the same length so that spans
    still point into the text as written."""
    return _BRACKETED_LABEL.sub(lambda m: (m.group(1) + "：").ljust(len(m.group()), " "), text)


def notes_in(text: str) -> list[FoundNote]:
    """Responsibility notes in one paragraph or item, in order: bracketed groups read as notes, and label lines
    (`责任单位：A、B` or `【责任单位】A、B` at the start of a line or after a sentence); label lines that follow one
    another (`牵头单位：A` / `配合单位：B`) are one note."""
    read = _unbracket_labels(text)
    found: list[FoundNote] = []
    for start, end in balanced_groups(read):
        reading = read_note(read[start + 1 : end - 1], bare_allowed=_closes_sentence(read, start, end))
        if reading is not None:
            found.append(FoundNote((start, end), text[start:end], reading))
    taken = [n.span for n in found]
    lines: list[FoundNote] = []
    for match in _LABEL_LINE.finditer(read):
        start = match.end()
        if any(s <= start < e for s, e in taken):
            continue
        end = _label_line_end(read, start)
        reading = read_note(read[start:end].rstrip("。；; "))
        if reading is None:
            continue
        taken.append((start, end))
        if lines and not read[lines[-1].span[1] : start].strip():
            lines[-1] = _joined(lines[-1], FoundNote((start, end), text[start:end], reading), text)
        else:
            lines.append(FoundNote((start, end), text[start:end], reading))
    return sorted(found + lines, key=lambda n: n.span)


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
