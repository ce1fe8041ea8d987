"""The working groups a document sets up, read into `WorkingGroup`s. Official documents write them in a few forms:

- inline, in a `推进机制` / `组织领导` clause: `成立…工作专班，由X牵头，Y任召集人…成员单位包括…办公室设在Z`;
- with the head inside the name: `成立由主要领导任组长的…专项工作组`; led by the unit that forms it:
  `生态环境部会同有关部门组建协调小组`;
- as a roster annexed to the document (`…专项工作组名单`), one label per role, each member as `姓名 职务`:
  `组　长：王清宪 省长  副组长：…  成　员：…  专项工作组办公室设在…，某某同志兼任办公室主任`;
- named only by its office, the hosting unit in brackets: `市人工智能产业链专班办公室（市科技局）`.

A roster and an inline mention of the same group in one document are one group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from kb.parse.departments import DepartmentRegistry
from kb.types import Clause, WorkingGroup

_BODY_NAMES = "工作专班|领导小组|指挥部|专项工作组|工作组|协调小组|联席会议|专班"
# Every phrase a pattern captures is bounded: a group's name, a unit or a person's title is a few dozen
# characters, and an unbounded lazy phrase tried from every position of a paragraph without punctuation costs
# time quadratic in its length (20,000 characters took 10 s). Bounded, each start costs at most PHRASE_MAX steps.
PHRASE_MAX = 60
_P = f"{{1,{PHRASE_MAX}}}?"  # a lazy, bounded repetition
_GROUP = re.compile(
    rf"(?:成立|组建|建立)(?:由(?P<chief>[^，,。；;]{_P})任组长的)?"
    rf"(?P<name>[^，,。；;（(]{{0,{PHRASE_MAX}}}?(?:{_BODY_NAMES}))"
)
# 生态环境部会同有关部门 | 组建…: only the clause before the group is read (the text after the last comma)
_FORMED_BY = re.compile(rf"(?P<v>[^，,。；;]{_P})(?:会同|牵头)[^，,。；;]*$")
_PHRASE = rf"[^，,。；;]{_P}"
_HEAD = (
    re.compile(rf"由(?P<v>{_PHRASE})(?:牵头|任组长|担任组长|任总召集人)"),
    re.compile(rf"(?P<v>{_PHRASE})任组长"),
)
_CONVENER = re.compile(rf"(?P<v>{_PHRASE})(?:任|担任)召集人")
_DEPUTY = re.compile(rf"(?P<v>{_PHRASE})(?:任|担任)(?:副召集人|副组长)")
LIST_MAX = 600  # a list of member units, or an office's duty: a sentence, not a page
_MEMBERS = re.compile(
    rf"成员(?:单位)?(?:包括|为|有|由)?[：:]?(?P<v>[^。；;]{{1,{LIST_MAX}}}?)(?:等(?:单位|部门)?)?(?:组成)?"
    r"(?=[，,。；;]|$)"
)
_OFFICE = re.compile(
    rf"办公室设在(?P<v>[^，,。；;]{{1,{PHRASE_MAX}}})(?:[，,](?P<duty>(?:负责|承担)[^。；;]{{1,{LIST_MAX}}}))?"
)
_OFFICE_HEAD = re.compile(rf"(?P<v>[^，,。；;]{_P})(?:同志)?(?:兼任|担任|任)办公室主任")
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
_PERSON = re.compile(
    rf"(?P<who>[\u4e00-\u9fff](?:[\u3000 ]?[\u4e00-\u9fff]){{1,2}})[\u3000 ]+(?P<title>[^\s：:，,。；;]{_P}{_TITLE_END})"
    rf"(?=[\u4e00-\u9fff](?:[\u3000 ]?[\u4e00-\u9fff]){{1,2}}[\u3000 ]|[^\u4e00-\u9fff]|{_BODY_NAMES}|办公室|$)"
)


def _first(patterns: Iterable[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return _tidy(match["v"])
    return None


def _last_phrase(text: str) -> str:
    """The text after its last comma or full stop, at most 2 × PHRASE_MAX characters: where the unit that forms
    a group is named (生态环境部会同有关部门组建…), read without scanning the whole paragraph once per start."""
    return re.split(r"[，,。；;]", text[-4 * PHRASE_MAX :])[-1][-2 * PHRASE_MAX :]


def _tidy(phrase: str) -> str:
    """Drop the connective a captured phrase may start with (`，由`, `并`)."""
    return re.sub(r"^(?:由|并|其中|，|,)+", "", phrase.strip())


def read_working_group(clause: Clause, registry: DepartmentRegistry) -> WorkingGroup | None:
    """The working group a clause sets up in its text, or None."""
    text = clause.text
    found = _GROUP.search(text)
    if found is None:
        return _named_by_office(clause, registry)
    after = text[found.end() :]
    members = _MEMBERS.search(after)
    office = _OFFICE.search(after)
    chief = found["chief"]
    formed_by = _FORMED_BY.search(_last_phrase(text[: found.start()]))
    head = _tidy(chief) if chief else _first(_HEAD, after) or (_tidy(formed_by["v"]) if formed_by else None)
    return WorkingGroup(
        name=found["name"].strip(),
        head=head,
        convener=_first([_CONVENER], after),
        deputy_convener=_first([_DEPUTY], after),
        members=_member_names(members["v"], registry) if members else (),
        office=registry.canonical(office["v"]) if office else None,
        office_duty=office["duty"].strip() if office and office["duty"] else None,
        clause_id=clause.id,
        office_head=_first([_OFFICE_HEAD], after),
        head_title="组长" if chief or re.search("任组长|担任组长", after) else "牵头",
        deputy_title="副组长" if "副组长" in after else "副召集人",
    )


def _named_by_office(clause: Clause, registry: DepartmentRegistry) -> WorkingGroup | None:
    """A group the document names only by its office, the hosting unit in brackets."""
    found = _OFFICE_NAMED.search(clause.text)
    if found is None or "\n" in found["name"] or not _UNIT_END.search(found["office"]):
        return None  # not a unit in the brackets: 工作专班办公室（代章）
    name = re.sub(r"^.*?(?:落实|发挥|由|，)", "", found["name"]).strip('“”"')
    return WorkingGroup(name=name, office=registry.canonical(found["office"]), clause_id=clause.id)


def read_roster(clause: Clause) -> WorkingGroup | None:
    """A roster of a group (`…专项工作组名单` with 组长/副组长/成员 labels) in the clause's text, or None."""
    named = _ROSTER_NAME.search(clause.text)
    if named is None:
        return None
    text = clause.text[named.end() :]
    labels = list(_LABEL.finditer(text))
    if not labels:
        return None
    roles: dict[str, list[str]] = {}
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        role = re.sub(r"\s", "", label["label"])
        people = [
            f"{re.sub(r'[　 ]', '', m['who'])} {m['title']}"
            for m in _PERSON.finditer(text[label.end() : end])
        ]
        roles.setdefault(role, []).extend(people)
    office = _OFFICE.search(text)
    return WorkingGroup(
        name=named["name"].strip(),
        head="、".join(roles.get("组长", [])) or "、".join(roles.get("召集人", [])) or None,
        deputy_convener="、".join(roles.get("副组长", []) or roles.get("副召集人", [])) or None,
        members=tuple(roles.get("成员", [])),
        office=office["v"].strip() if office else None,
        office_duty=office["duty"].strip() if office and office["duty"] else None,
        clause_id=clause.id,
        office_head=_first([_OFFICE_HEAD], text),
        head_title="组长" if "组长" in roles else "召集人",
        deputy_title="副组长" if "副组长" in roles else "副召集人",
    )


def _member_names(listed: str, registry: DepartmentRegistry) -> tuple[str, ...]:
    names = [n for n in re.split(r"[、，,]", listed) if n.strip()]
    return tuple(dict.fromkeys(registry.canonical(n) for n in names))


def _same_group(a: str, b: str) -> bool:
    """The roster's name and the text's name of one group (推进工业互联网创新发展专项工作组 in both)."""
    return a.endswith(b) or b.endswith(a)


def find_working_groups(clauses: Iterable[Clause], registry: DepartmentRegistry) -> list[WorkingGroup]:
    """Working groups set up anywhere in the document, in order; a roster completes the group the text sets up
    under the same name (its roles fill what the text left out), or stands as a group of its own."""
    groups: list[WorkingGroup] = []
    for clause in clauses:
        group = read_working_group(clause, registry)
        if group is not None:
            groups.append(group)
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
            office=roster.office or text.office,
            office_duty=roster.office_duty or text.office_duty,
            office_head=roster.office_head or text.office_head,
            clause_id=roster.clause_id,
        )
    return groups
