"""The working groups a document sets up, read into `WorkingGroup`s. Official documents write them in a few forms:

- inline, in a `推进机制` / `组织领导` clause: `成立…工作专班，由X牵头，Y任召集人…成员单位包括…办公室设在Z`;
- with the head inside the name: `成立由主要领导任组长的…专项工作组`; led by the unit that forms it:
  `生态环境部会同有关部门组建协调小组`;
- as a roster annexed to the document (`…专项工作组名单`), one label per role, each member as `姓名 职务`:
  `组　长：王清宪 省长  副组长：…  成　员：…  专项工作组办公室设在…，某某同志兼任办公室主任`;
- named only by its office, the hosting unit in brackets: `市人工智能产业链专班办公室（市科技局）`.

- in running text, several to a clause, each role in the sentence form that states it (组长由X担任, 以X为组长的,
  由X负责召集, X为牵头单位, 由…等N个部门组成, …负责人为成员, 办公室设于X, 办公室主任由X兼任, 主要职责为…):
  `设立…部门联席会议制度，联席会议由区经济发展局负责召集`.

Who sets a group up (生态环境部会同有关部门组建…, 市工业和信息化局…建立健全部门联席会议机制) is `formed_by`, never
its head. A roster and an inline mention of the same group in one document are one group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple, Protocol

from kb.parse.member_lists import listed_before, with_level
from kb.types import Clause, WorkingGroup


class Canonical(Protocol):
    """What reading a group needs of a registry: a unit's canonical name (DepartmentRegistry)."""

    def canonical(self, name: str) -> str: ...


# A body is an open class recognised by the word its name ends in. 委员会 ends units' names too (发展和改革委员会):
# it is a body only where the text sets it up (成立/组建/设立…), never by its name alone.
_BODY_NAMES = "工作专班|领导小组|指挥部|专项工作组|工作组|协调小组|部际联席会议|联席会议|专班|委员会|部际协调机制"
BODY_WORD = re.compile(_BODY_NAMES)  # a text that may set up or name a body: the only ones worth reading
# Every phrase a pattern captures is bounded: a group's name, a unit or a person's title is a few dozen
# characters, and an unbounded lazy phrase tried from every position of a paragraph without punctuation costs
# time quadratic in its length (20,000 characters took 10 s). Bounded, each start costs at most PHRASE_MAX steps.
PHRASE_MAX = 60
_P = f"{{1,{PHRASE_MAX}}}?"  # a lazy, bounded repetition
_FORMS = "成立|组建|设立|建立健全|建立|健全|组成"
_FORM_WORD = re.compile(_FORMS)
_GROUP = re.compile(
    # its roles may be written before its name: 成立由市长任组长的…, 成立以县长为组长、分管副县长为副组长的…
    rf"(?:{_FORMS})(?P<pre>(?:由|以)[^，,。；;]{{1,{2 * PHRASE_MAX}}}?的)?"
    rf"(?P<name>[^，,。；;（(、]{{0,{PHRASE_MAX}}}?(?:{_BODY_NAMES}))(?:制度|机制)?"
)
# 生态环境部会同有关部门 | 组建…: only the clause before the group is read (the text after the last comma)
_FORMED_BY = re.compile(rf"(?P<v>[^，,。；;]{_P})(?:会同|牵头)[^，,。；;]*$")
# 市工业和信息化局加强统筹协调，建立健全部门联席会议机制: the unit a sentence opens with sets the group up
_UNIT = r"(?:局|委|厅|办|部|署|中心|院|政府|委员会|办公室|管委会)"
# (or the places told to: 各区应成立领导小组)
_SUBJECT = re.compile(
    rf"^(?P<v>[^，,。；;、]{{2,30}}?{_UNIT}|各[^，,。；;、]{{1,8}}?)(?=会同|牵头|负责|加强|要|应|将|联合|统筹|组织|[，,])"
)
_PHRASE = rf"[^，,。；;]{_P}"
_SERVES = r"(?:任|担任|兼任)"
# each role in the sentence forms that state it: X任组长, 由X担任组长, 组长由X担任; a 副 role never reads as the role
_HEAD = (
    re.compile(rf"由(?P<v>{_PHRASE}){_SERVES}(?:组长|总召集人|指挥长)"),
    re.compile(rf"以(?P<v>[^，,。；;、]{_P})为(?:组长|总召集人|指挥长)"),
    re.compile(rf"(?<![副总])(?:组长|总召集人|指挥长)由(?P<v>{_PHRASE}){_SERVES}"),
    re.compile(rf"(?P<v>{_PHRASE}){_SERVES}(?:组长|总召集人|指挥长)"),
    re.compile(rf"(?<![副总])(?:组长|总召集人|指挥长)(?:为|是)(?P<v>{_PHRASE})(?=[，,。；;]|$)"),
)
# 由X牵头, or X为牵头单位 (联席会议由…等部门组成，发展改革委为牵头单位)
_LED = (re.compile(rf"由(?P<v>{_PHRASE})牵头"), re.compile(rf"(?P<v>{_PHRASE})为牵头(?:单位|部门)"))
_CONVENER = (
    re.compile(rf"由(?P<v>{_PHRASE}){_SERVES}召集人"),
    re.compile(rf"(?P<v>{_PHRASE}){_SERVES}召集人"),
    re.compile(rf"(?<![副总])召集人由(?P<v>{_PHRASE}){_SERVES}"),
    re.compile(rf"由(?P<v>{_PHRASE})(?:负责)?召集(?!人)"),
    re.compile(rf"(?P<v>{_PHRASE})为召集(?:单位|部门)"),
)
_DEPUTY = (
    re.compile(rf"由(?P<v>{_PHRASE}){_SERVES}(?:副召集人|副组长|副指挥长)"),
    re.compile(rf"(?P<v>{_PHRASE}){_SERVES}(?:副召集人|副组长|副指挥长)"),
    re.compile(rf"(?P<v>[^，,。；;、]{_P})为(?:副召集人|副组长|副指挥长)"),
    re.compile(rf"(?:副召集人|副组长|副指挥长)由(?P<v>{_PHRASE}){_SERVES}"),
)
LIST_MAX = 600  # a list of member units, or an office's duty: a sentence, not a page
_MEMBERS = (
    re.compile(
        # a linking word or a colon before the list: 成员单位要按照职能分工 lists nobody
        rf"成员(?:单位)?(?:(?:包括|为|有(?!关)|是|由)[：:]?|[：:])(?P<v>[^，,。；;][^。；;]{{0,{LIST_MAX}}}?)(?:等(?:单位|部门)?)?(?:组成)?"
        r"(?=[，,。；;]|$)"
    ),
)
# 联席会议由发展改革委、教育部等12个部门组成: the members the group is made of
_MADE_OF = re.compile(
    rf"由(?P<v>[^，,。；;]{{1,{LIST_MAX}}}?)(?:等(?:[\d一二三四五六七八九十]+个)?(?:部门和单位|部门|单位))?组成"
)
_OFFICE = re.compile(
    # where the office sits: 设在 / 设于, or 挂靠 (办公室挂靠在市发展改革委): the hosting unit
    rf"办公室(?:设(?:在|于)|挂靠(?:在|于)?)(?P<v>[^，,。；;]{{1,{PHRASE_MAX}}})(?:[，,](?P<duty>(?:负责|承担)[^。；;]{{1,{LIST_MAX}}}))?"
)
_OFFICE_HEAD = (
    re.compile(rf"(?P<v>[^，,。；;]{_P})(?:同志)?{_SERVES}办公室主任"),
    re.compile(rf"办公室主任由(?P<v>{_PHRASE}){_SERVES}"),
)
# what the group itself does: 专班主要职责为…, or the phrase after its name or roles (，统筹推进重点任务)
_DUTY = re.compile(rf"(?:主要)?职责(?:为|是|包括)[：:]?(?P<v>[^。；;]{{1,{LIST_MAX}}})")
_DUTY_AFTER = re.compile(rf"^[，,](?P<v>(?:负责|统筹|协调|研究|指导|推进|推动|开展|承担|组织|审议|督促|部署)[^。；;]{{1,{LIST_MAX}}})")
_UNIT_END = re.compile(r"(?:局|委|厅|办|部|中心|院|政府|委员会)$")
_OFFICE_NAMED = re.compile(
    rf"(?P<name>[^，,。；;“”]{{0,{PHRASE_MAX}}}?(?:{_BODY_NAMES}))办公室[（(](?P<office>[^）)]{_P})[）)]"
)

# a roster: `…名单` then labelled roles, each person written `姓名 职务` (a two-character name padded: 罗　平)
_ROSTER_NAME = re.compile(rf"(?P<name>[^\n，,。；;：:]{_P}(?:{_BODY_NAMES}))(?:成员)?名单")
_LABEL = re.compile(r"(?P<label>副\s*组\s*长|组\s*长|副召集人|召\s*集\s*人|成\s*员)\s*[：:]")
_TITLE_END = (
    r"(?:副秘书长|秘书长|总经理|经理|董事长|行长|书记|主任|主席|局长|厅长|省长|市长|县长|区长|部长|委员|长)"
)
# a person's name: two or three characters, a two-character one padded (罗　平: only a two-character name is, so
# 副秘书|长赵　平 cuts no 长 off the post), or a compound surname (复姓, a closed class; 长孙 left out: 副部长孙伟 is
# a post, then a name) with one or two more — 上官吉庆; four characters opening otherwise are no name (长钟健能)
_COMPOUND_SURNAME = (
    "欧阳|上官|司马|诸葛|东方|皇甫|尉迟|公孙|慕容|宇文|司徒|夏侯|令狐|端木|独孤|南宫|西门|闻人|轩辕|呼延|"
    "申屠|澹台|公冶|太史|仲孙|钟离|宗政|濮阳|淳于|单于|赫连|百里|东郭|万俟"
)
_NAME = (
    rf"(?:(?:{_COMPOUND_SURNAME})[\u4e00-\u9fff]{{1,2}}|[\u4e00-\u9fff][\u3000 ]{{1,2}}[\u4e00-\u9fff]"
    r"|[\u4e00-\u9fff]{2,3})"
)
_PERSON = re.compile(
    rf"(?P<who>{_NAME})[\u3000 ]+(?P<title>[^\s：:，,。；;]{_P}{_TITLE_END})"
    rf"(?={_NAME}[\u3000 ]|[^\u4e00-\u9fff]|{_BODY_NAMES}|办公室|$)"
)


def _first(patterns: Iterable[re.Pattern[str]], text: str) -> str | None:
    found = _found(patterns, text)
    return _tidy(found["v"]) if found else None


def _found(patterns: Iterable[re.Pattern[str]], text: str) -> re.Match[str] | None:
    """The match of the first pattern that matches (the forms in the order they are trusted)."""
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match
    return None


def _last_phrase(text: str) -> str:
    """The text after its last comma or full stop, at most 2 × PHRASE_MAX characters: where the unit that forms
    a group is named (生态环境部会同有关部门组建…), read without scanning the whole paragraph once per start."""
    return re.split(r"[，,。；;]", text[-4 * PHRASE_MAX :])[-1][-2 * PHRASE_MAX :]


def _tidy(phrase: str) -> str:
    """Drop the connective a captured phrase may start with (`，由`, `并`)."""
    return re.sub(r"^(?:由|并|其中|，|,)+", "", phrase.strip())


def read_working_group(clause: Clause, registry: Canonical) -> WorkingGroup | None:
    """The first working group a clause sets up in its text, or None."""
    groups = read_working_groups(clause, registry)
    return groups[0] if groups else None


def read_working_groups(clause: Clause, registry: Canonical) -> list[WorkingGroup]:
    """Every working group a clause sets up in its text, each with the roles written after it and before the
    next one (组建协调小组…；各试点城市政府…成立领导小组: two groups, the second's roles its own)."""
    text = clause.text
    # a clause setting no body up is the rule: the patterns are tried only where their words are (fast)
    found = [m for m in _GROUP.finditer(text) if _is_body(m["name"])] if _FORM_WORD.search(text) else []
    if not found:
        named = _named_by_office(clause, registry)
        return [named] if named is not None else []
    groups = []
    for i, match in enumerate(found):
        after = text[match.end() : found[i + 1].start() if i + 1 < len(found) else len(text)]
        groups.append(_read_group(clause, registry, match, after, text[: match.start()]))
    return groups


def _is_body(name: str) -> bool:
    """A name set up as a body, not a unit's own name caught after 组建 (组建市发展和改革委员会 is no body's name:
    a 委员会 is a body only when its name says what it is for, 专家委员会, 协调委员会)."""
    return not name.endswith("委员会") or not _UNIT_COMMITTEE.search(name)


# 委员会 of a unit's own name: 发展和改革委员会, 卫生健康委员会, 经济和信息化委员会 — the name is only a place and a field
_UNIT_COMMITTEE = re.compile(r"(?:发展和改革|卫生健康|经济和信息化|教育|民族宗教|住房和城乡建设)委员会$")


def _read_group(
    clause: Clause, registry: Canonical, found: re.Match[str], after: str, before: str
) -> WorkingGroup:
    # 建立健全部门联席会议机制, 建立由市长挂帅的指挥部: the name is what follows the verb's own words
    name = re.sub(r"^(?:健全|完善|一个|了|由.{0,40}的)", "", found["name"].strip()).strip("“”\"'「」《》")
    # who sets the group up is not who heads it: 生态环境部会同有关部门组建协调小组 names no head
    formed = _FORMED_BY.search(_last_phrase(before)) or _SUBJECT.search(_sentence(before))
    roles = f"{found['pre'] or ''}，{after}"  # the roles written before its name and after it
    # the forms naming no role of a body (由X牵头, 由…组成, 职责为) are read only in its own sentences: the one
    # setting it up and those opening with its kind (联席会议由…组成); elsewhere they are another matter's
    own = f"{found['pre'] or ''}，{_own_sentences(after)}"
    headed = _found(_HEAD, roles)
    led = None if headed else _found(_LED, own)
    duty = _DUTY.search(own) or _DUTY_AFTER.search(after)
    office = _OFFICE.search(after)
    listed = _members(after, own, registry)
    return WorkingGroup(
        name=name,
        head=_tidy(headed["v"]) if headed else _tidy(led["v"]) if led else None,
        convener=_first(_CONVENER, roles),
        deputy_convener=_first(_DEPUTY, roles),
        members=listed.names,
        members_more=listed.more,
        member_levels=listed.levels,
        office=registry.canonical(office["v"]) if office else None,
        office_duty=_duty_only(office["duty"]) if office and office["duty"] else None,
        clause_id=clause.id,
        office_head=_first(_OFFICE_HEAD, after),
        head_title=next((t for t in ("总召集人", "指挥长", "组长") if headed and t in headed.group(0)), "牵头"),
        deputy_title="副组长" if "副组长" in roles else "副召集人",
        formed_by=_tidy(formed["v"]) if formed else None,
        duty=_tidy(duty["v"]) if duty else None,
    )


def _duty_only(duty: str) -> str:
    """The office's duty without the role written after it in the sentence (…日常工作，办公室主任由X兼任)."""
    parts = re.split(r"[，,]", duty.strip())
    kept = [p for p in parts if not re.search(r"兼任|担任|主任由|组长|召集人", p)]
    return "，".join(kept[: next((i for i, p in enumerate(parts) if p not in kept), len(parts))])


def _sentence(before: str) -> str:
    """The sentence a group is set up in, up to where it is: from the last full stop, at most 2 × PHRASE_MAX."""
    return re.split(r"[。；;\n]", before[-4 * PHRASE_MAX :])[-1][-2 * PHRASE_MAX :]


class Listed(NamedTuple):
    """Member units as a text lists them: their names as written (canonical), whether the list ends in 等, and the
    level each is read with where its run writes the level once (省…、科协 → 省; "" for one written with its own)."""

    names: tuple[str, ...] = ()
    more: bool = False
    levels: tuple[str, ...] = ()


def _members(after: str, own: str, registry: Canonical) -> Listed:
    """The member units, written after the word (成员单位包括…, 成员由…组成) or before it (…负责人为成员), and
    whether the list ends in 等 (more members than those named)."""
    made_of = _MADE_OF.search(own)
    return listed_at(made_of, own, registry) if made_of is not None else members_written(after, registry)


def members_before(text: str, registry: Canonical) -> Listed:
    """The member units a text lists before the word (…妇联、科协，省机场集团等为成员单位); none when it writes no
    list so."""
    before = listed_before(text)
    return listed_in(before[0], registry, before[1]) if before is not None else Listed()


def members_written(text: str, registry: Canonical) -> Listed:
    """The member units a text lists before the word (各相关部门、镇（街道）负责人为成员; a list in runs,
    `kb.parse.member_lists`) or after it (成员单位包括…)."""
    before = members_before(text, registry)
    if before.names:
        return before
    written = next((m for p in _MEMBERS if (m := p.search(text))), None)
    return listed_at(written, text, registry) if written is not None else Listed()


def listed_at(found: re.Match[str], text: str, registry: Canonical) -> Listed:
    """The units of the list a pattern found in the text (its group `v`), and whether 等 follows it (more members
    than those named)."""
    return listed_in(found["v"], registry, text[found.end("v") : found.end("v") + 1] == "等")


_KIND_OPENS = re.compile(rf"^\s*(?:其|该|上述)?(?:[^，,。；;]{{0,{PHRASE_MAX}}}?)?(?:{_BODY_NAMES})")


def _own_sentences(after: str) -> str:
    """The sentence setting a body up (what follows its name up to the full stop) and the later ones opening
    with a body's kind (联席会议由…组成, 专班主要职责为…), joined."""
    sentences = re.split(r"(?<=[。；;\n])", after)
    return "".join(sentences[:1] + [s for s in sentences[1:] if _KIND_OPENS.match(s)])


def _named_by_office(clause: Clause, registry: Canonical) -> WorkingGroup | None:
    """A group the document names only by its office, the hosting unit in brackets."""
    found = _OFFICE_NAMED.search(clause.text) if "办公室" in clause.text else None
    if found is None or "\n" in found["name"] or not _UNIT_END.search(found["office"]):
        return None  # not a unit in the brackets: 工作专班办公室（代章）
    name = re.sub(r"^.*?(?:落实|发挥|由|，)", "", found["name"]).strip('“”"')
    return WorkingGroup(name=name, office=registry.canonical(found["office"]), clause_id=clause.id)


def read_roster(clause: Clause) -> WorkingGroup | None:
    """A roster of a group (`…专项工作组名单` with 组长/副组长/成员 labels) in the clause's text, or None."""
    named = _ROSTER_NAME.search(clause.text) if "名单" in clause.text else None
    if named is None:
        return None
    text = clause.text[named.end() :]
    roles = people_by_label(text, _LABEL, _PERSON)
    if not roles:
        return None
    office = _OFFICE.search(text)
    return WorkingGroup(
        name=named["name"].strip(),
        head="、".join(roles.get("组长", [])) or "、".join(roles.get("召集人", [])) or None,
        deputy_convener="、".join(roles.get("副组长", []) or roles.get("副召集人", [])) or None,
        members=tuple(roles.get("成员", [])),
        office=office["v"].strip() if office else None,
        office_duty=office["duty"].strip() if office and office["duty"] else None,
        clause_id=clause.id,
        office_head=_first(_OFFICE_HEAD, text),
        head_title="组长" if "组长" in roles else "召集人",
        deputy_title="副组长" if "副组长" in roles else "副召集人",
    )


def people_by_label(text: str, labels: re.Pattern[str], person: re.Pattern[str]) -> dict[str, list[str]]:
    """Each role label of a roster (组 长: → 组长) with the people written after it up to the next label, each
    `姓名 职务` (a padded name joined: 罗　平 → 罗平); a label naming nobody is kept with none."""
    found = list(labels.finditer(text))
    roles: dict[str, list[str]] = {}
    for i, label in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        people = [f"{re.sub(r'[　 ]', '', m['who'])} {m['title']}" for m in person.finditer(text[label.end() : end])]
        roles.setdefault(re.sub(r"\s", "", label["label"]), []).extend(people)
    return roles


# 及/以及/和 join the last two units (…市场监督管理局及区委人才办) — split only after a unit's last word: the 和 of
# 工业和信息化局 stays inside the name
_MEMBER_SPLIT = re.compile(r"[、]|(?<=[局委厅办部署心院府会室])(?:以及|及|和)")


def listed_in(listed: str, registry: Canonical, more: bool = False) -> Listed:
    """The units of a list as written, each run between commas read with the level it writes once (省发展改革委、
    教育厅: 教育厅 read with 省)."""
    listed = re.sub(r"^(?:包括|有|为|是|由)", "", listed.strip())
    read: dict[str, str] = {}
    for run in re.split(r"[，,]", listed):
        names = [n.strip() for n in _MEMBER_SPLIT.split(run) if n and n.strip()]
        for name, leveled in zip(names, with_level(names), strict=True):
            read.setdefault(registry.canonical(name), leveled[: len(leveled) - len(name)])
    return Listed(tuple(read), more, tuple(read.values()))



def _same_group(a: str, b: str) -> bool:
    """The roster's name and the text's name of one group (推进工业互联网创新发展专项工作组 in both)."""
    return a.endswith(b) or b.endswith(a)


def find_working_groups(clauses: Iterable[Clause], registry: Canonical) -> list[WorkingGroup]:
    """Working groups set up anywhere in the document, in order; a roster completes the group the text sets up
    under the same name (its roles fill what the text left out), or stands as a group of its own."""
    groups: list[WorkingGroup] = []
    for clause in clauses:
        groups.extend(read_working_groups(clause, registry))
        roster = read_roster(clause)
        if roster is None:
            continue
        same = next((i for i, g in enumerate(groups) if _same_group(g.name, roster.name)), None)
        if same is None:
            groups.append(roster)
            continue
        text = groups[same]
        groups[same] = replace(
            roster,
            name=roster.name,
            head=roster.head or text.head,
            convener=text.convener,
            deputy_convener=roster.deputy_convener or text.deputy_convener,
            members=roster.members or text.members,
            members_more=text.members_more if not roster.members else False,
            member_levels=() if roster.members else text.member_levels,
            office=roster.office or text.office,
            office_duty=roster.office_duty or text.office_duty,
            office_head=roster.office_head or text.office_head,
            clause_id=roster.clause_id,
            formed_by=text.formed_by,
            duty=roster.duty or text.duty,
        )
    return groups
