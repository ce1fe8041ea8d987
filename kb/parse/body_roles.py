"""A body's roles written in clauses of their own, after the clause naming it.

A notice setting one body up (…关于成立…领导小组的通知, the 批复 of a 部际联席会议, a 专班's 工作规则) names it once,
often with a short name (`成立…领导小组(以下简称领导小组)`), then writes each role in a clause of its own:

- labelled lines under a heading such as 组成人员, with no `…名单` line: `组 长:马 凯 国务院副总理`, `第一副组长:`,
  `副组长:`, `成 员:`, each person written `姓名 职务` — or, as a page may store them, one after another with no
  space (`副组长:姜大明国土资源部部长丁向阳国务院副秘书长…`: cut after each post, `run_together`);
- sentences opening with the body's name, short name or kind: `领导小组办公室设在X,承担领导小组的日常工作`,
  `联席会议由A、B…等18个部门和单位组成`, `联席会议由X担任总召集人,Y担任召集人`, `联席会议日常工作由X承担`,
  `市城镇建设专班总召集人由X兼任,副总召集人由Y兼任,日常事务召集人由Z兼任`;
- a clause headed by what the body does (主要职责, 主要职能, 联席会议的职责) in a document setting up one body;
- a roster under a `…名单` line naming only the body's kind (`联席会议成员名单如下:`, `总召集人:` / `召集人:` / `成 员:`);
- the office's posts below its 主任 (`常务副主任由X兼任；副主任由A，B兼任`), each title with its holders.

A document that sets no body up in the text read (an excerpt: its 其他事项 alone) but says where a body's office sits
(`领导小组办公室设在民政部`) names that body so.

A body may also be named with its short name and no setting-up verb (`为规范…城镇建设专班(以下简称“市城镇建设专班”)
运行机制`): it is a body of the document all the same. `find_bodies` reads the groups as
`kb.parse.organization.find_working_groups` does, then completes each from those clauses: a role already read
stays, except a lead unit (由X牵头) that a stated 组长/总召集人 replaces; each role read elsewhere keeps the clause
it was read in (`WorkingGroup.sources`), which an answer cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from kb.parse.organization import (
    _BODY_NAMES,
    _COMPOUND_SURNAME,
    _CONVENER,
    _DEPUTY,
    _HEAD,
    _LED,
    _MADE_OF,
    _NAME,
    _OFFICE,
    _OFFICE_HEAD,
    _PHRASE,
    _ROSTER_NAME,
    _SERVES,
    LIST_MAX,
    PHRASE_MAX,
    Canonical,
    _duty_only,
    _first,
    _found,
    _tidy,
    find_working_groups,
    listed_at,
    members_before,
)
from kb.parse.unit_names import has_unit_ending
from kb.types import Clause, WorkingGroup

# NAME(以下简称“SHORT”): a body the document names and will call by its short name
_SHORT_NAME = re.compile(
    rf"(?P<name>[^，,。；;、\n]{{0,{PHRASE_MAX}}}?(?:{_BODY_NAMES}))(?:制度|机制)?\s*"
    r"[（(]以下简称\s*[“\"「]?(?P<short>[^”\"」）)]{1,20})[”\"」]?[）)]"
)
# the words before a body's name in the sentence naming it (为规范…专班, 根据…, 调整完善…联席会议): not the name
_LEADING = re.compile(
    r"^(?:为了?|根据|按照|依据|规范|加强|健全|完善|调整|优化|成立|组建|设立|建立|关于|做好|进一步)+"
)
# a body's name holding another's and what is said of it (专班在…指挥部): the last body named is the one meant
_INNER_BODY = re.compile(rf"^.*(?:{_BODY_NAMES})(?:在|由|对|向|按|受|的|和|与)")
# labelled roles with no 名单 line: 组 长:马 凯 国务院副总理 / 第一副组长: / 副组长: / 成 员:
_ROLE_LABEL = re.compile(
    r"(?P<label>第一副\s*组\s*长|副\s*组\s*长|组\s*长|副召集人|总召集人|召\s*集\s*人|成\s*员(?:单位)?)\s*[：:]"
)
# a post a person holds ends in one of these words (a person's line under a label)
_POST_END = r"(?:长|总理|主任|主席|书记|委员|成员|助理|工程师|规划师|会计师|经济师|秘书|总监|经理|顾问|专员|巡视员|参事|代表)"
_POST_GOES_ON = r"(?:助理|工程师|秘书|总监|顾问|专员|巡视员|参事|代表|长)"  # 秘书|长: 长 goes on a post
_PERSON_POST = re.compile(
    rf"(?P<who>{_NAME})[\u3000 ]+"
    rf"(?P<title>[^\s：:，,。；;]{{1,{PHRASE_MAX}}}?{_POST_END})"
    # the next person's name, unless what looks like one goes on the post (部长 + 助理吴 刚 is 部长助理, then 吴刚);
    # or the sentence after the roster, opening with a body's name or its office (…副院长联席会议办公室设在…)
    rf"(?=(?!{_POST_GOES_ON}){_NAME}[\u3000 ]|[^\u4e00-\u9fff、]|(?:{_BODY_NAMES})|办公室|$)"
)
# a deputy written 副总召集人 (the 总召集人 is the head)
_DEPUTY_CHIEF = re.compile(rf"副总召集人由(?P<v>{_PHRASE}){_SERVES}")
# a convener named for a part of the work: 日常事务召集人由X兼任
_NAMED_CONVENER = re.compile(
    rf"(?P<title>[\u4e00-\u9fff]{{2,4}}(?:事务|工作))召集人由(?P<v>{_PHRASE}){_SERVES}"
)
# the office's posts below its 主任 (办公室主任由X兼任；常务副主任由Y兼任；副主任由A，B兼任): each title with its holders
# as written, read after the office is named — a 委员会's own 副主任 are written before its office
_DEPUTY_POST = r"(?:常务|执行|专职)?副主任"
_OFFICE_DEPUTY = (
    re.compile(rf"(?:办公室)?(?P<title>{_DEPUTY_POST})由(?P<v>[^。；;]{{1,{LIST_MAX}}}?){_SERVES}(?=[，,。；;]|$)"),
    re.compile(rf"(?P<v>{_PHRASE})(?:同志)?{_SERVES}办公室(?P<title>{_DEPUTY_POST})"),
)
# who carries the body's daily work: 联席会议日常工作由X承担, 办公室…承担领导小组的日常工作
_DAILY = re.compile(rf"日常(?:工作|事务)由(?P<v>{_PHRASE})(?:承担|负责)")
# the number of members the text states: …等18个部门和单位组成
_COUNT = re.compile(r"等?(?P<n>[\d一二三四五六七八九十百]+个(?:部门和单位|成员单位|部门|单位))组成")
# a clause headed by what the body does: 主要职责, 工作职责, or with the body's kind before it (联席会议的职责)
_DUTY_HEADING = re.compile(
    rf"^(?:一|二|三|四|五|[\d]+)?[、.．]?\s*(?:(?:{_BODY_NAMES})的?)?(?:主要|工作)?(?:职责|职能)(?:任务)?$"
)
# the words a duty clause opens with before the duties themselves (联席会议的职责是:, 主要职责为：)
_DUTY_LEAD_IN = re.compile(rf"^[^。；;\n]{{0,{PHRASE_MAX}}}?(?:职责|职能)(?:任务)?(?:是|为|包括|如下)[：:]?\s*")
_SENTENCE = re.compile(r"[^。；;\n]+[。；;\n]?")


def find_bodies(clauses: Iterable[Clause], registry: Canonical) -> list[WorkingGroup]:
    """The working groups of one document's clauses, each completed from the clauses writing its roles apart."""
    clauses = list(clauses)
    groups = _with_short_named(_merged(find_working_groups(clauses, registry)), clauses) or _by_office(clauses)
    if not groups:
        return groups
    aliases = [_aliases(g, clauses, groups) for g in groups]
    position = {c.id: n for n, c in enumerate(clauses)}
    for n, clause in enumerate(clauses):
        for i, group in enumerate(groups):
            others = [a for j, names in enumerate(aliases) if j != i for a in names]
            own, about = _about(clause.text, aliases[i], others)
            if about:
                groups[i] = _filled(group, _roles_in(own, about, registry), clause.id)
        # labelled roles and a 职责 clause belong to the body the document set up last before them
        before = [i for i, g in enumerate(groups) if position.get(g.clause_id or "", n + 1) <= n]
        if not before:
            continue
        last = max(before, key=lambda i: position.get(groups[i].clause_id or "", -1))
        roster = _roster(clause)
        if roster is not None:
            # a roster's last line run on into what the body does, as stored (…干部工作专班负责指导…)
            does = _does_after_roster(clause.text, aliases[last]) if groups[last].duty is None else None
            groups[last] = _filled(groups[last], replace(roster, duty=does), clause.id)
        elif len(groups) == 1 and groups[0].duty is None and _DUTY_HEADING.match(clause.title.strip()):
            # a heading with no text of its own holds its duties in its items: (一)…, (二)…
            items = [c for c in clauses if c.id.startswith(f"{clause.id}.") and c.text.strip()]
            own = clause.text.strip()
            duty = _DUTY_LEAD_IN.sub("", own or "".join(c.text.strip() for c in items))[:LIST_MAX].rstrip("。；;")
            read_in = [clause.id] if own or not items else [c.id for c in items]  # cited where it was read
            sources = (*groups[0].sources, *(("duty", i) for i in read_in))
            groups[0] = replace(groups[0], duty=duty, sources=sources)
    return groups


def _merged(groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
    """Groups of one name read twice in a document (建立由X牵头的…联席会议制度 … 建立…联席会议(以下简称…)) as one."""
    merged: list[WorkingGroup] = []
    for group in groups:
        same = next((i for i, g in enumerate(merged) if g.name == group.name), None)
        if same is None:
            merged.append(group)
        else:
            merged[same] = _filled(merged[same], group, None)
    return merged


def _with_short_named(groups: list[WorkingGroup], clauses: Sequence[Clause]) -> list[WorkingGroup]:
    """The bodies a document names with a short name and sets up with no verb the reader knows, added."""
    found = list(groups)
    for clause in clauses:
        for match in _SHORT_NAME.finditer(clause.text) if "以下简称" in clause.text else ():
            name = _name_of(match["name"])
            if len(name) < 4 or any(_same(g.name, name) for g in found):
                continue
            found.append(WorkingGroup(name=name, clause_id=clause.id))
    return found


# 领导小组办公室设在民政部: a body named by where its office sits
_OFFICE_SENTENCE = re.compile(rf"(?P<name>[^，,。；;、：:\n]{{0,{PHRASE_MAX}}}?(?:{_BODY_NAMES}))办公室设(?:在|于)")


def _by_office(clauses: Sequence[Clause]) -> list[WorkingGroup]:
    """A document setting no body up in the text read (an excerpt of a notice, its 其他事项 alone) that says where a
    body's office sits (`领导小组办公室设在民政部`): that body, named as written there (its kind, or more)."""
    for clause in clauses:
        found = _OFFICE_SENTENCE.search(clause.text) if "办公室设" in clause.text else None
        if found is not None:
            name = _name_of(re.sub(r"^[（(][^）)]{1,4}[）)]", "", found["name"].strip()))
            return [WorkingGroup(name=name, clause_id=clause.id)] if name else []
    return []


def _name_of(written: str) -> str:
    name = _INNER_BODY.sub("", written.strip())
    return _LEADING.sub("", name).strip("“”\"'「」《》 ")


def _same(a: str, b: str) -> bool:
    return a.endswith(b) or b.endswith(a)


_BODY_KINDS = tuple(_BODY_NAMES.split("|"))


def _aliases(group: WorkingGroup, clauses: Sequence[Clause], groups: Sequence[WorkingGroup]) -> list[str]:
    """What a sentence about the group opens with: its name, the short name the document gives it, and its kind
    (领导小组, 联席会议) when the document names no other body of that kind."""
    names = {group.name}
    for clause in clauses:
        if clause.id != group.clause_id:
            continue
        for match in _SHORT_NAME.finditer(clause.text):
            if _same(_name_of(match["name"]), group.name):
                names.add(match["short"].strip())
    # every kind word the name ends in: 部际联席会议 is also written 联席会议
    for kind in {k for k in _BODY_KINDS if group.name.endswith(k)}:
        if sum(1 for g in groups if g.name.endswith(kind)) == 1:
            names.add(kind)
    return sorted(names, key=len, reverse=True)


def _about(text: str, aliases: Sequence[str], others: Sequence[str]) -> tuple[str, str]:
    """The sentences of a text about a body: those opening with one of its names (its own), and with them the
    following ones naming a role (工业和信息化部副部长X兼任办公室主任), up to the first opening with another
    body's name."""
    if not any(a in text for a in aliases):
        return "", ""
    own: list[str] = []
    kept: list[str] = []
    for sentence in _SENTENCE.findall(text):
        opening = re.sub(r"^\s*(?:其|该|上述)?", "", sentence)
        if kept and any(opening.startswith(o) for o in others if not any(o in a for a in aliases)):
            break
        if any(opening.startswith(a) for a in aliases):
            own.append(sentence)
            kept.append(sentence)
        elif kept and _ROLE_WORD.search(sentence):
            kept.append(sentence)
    return "".join(own), "".join(kept)


_ROLE_WORD = re.compile(r"组长|召集人|指挥长|办公室|主任|成员")


def _roles_in(own: str, text: str, registry: Canonical) -> WorkingGroup:
    """The roles the sentences about a body state, as a group with no name: the forms naming no role (由X牵头,
    由…组成, 日常工作由X承担) only in its own sentences, those naming one (X担任组长) in all."""
    headed = _found(_HEAD, text)
    led = None if headed else _found(_LED, own)
    named = _NAMED_CONVENER.search(text)
    chief_deputy = _DEPUTY_CHIEF.search(text)
    made_of = _MADE_OF.search(own)
    count = _COUNT.search(own)
    office = _OFFICE.search(text)
    daily = _DAILY.search(own)
    does = _DOES.search(own)
    office_duty = _duty_only(office["duty"]) if office and office["duty"] else None
    # members the group is made of (由…组成, its own sentences), else the units a sentence about it lists before
    # 为成员单位 (成员由X担任 names the posts of its office's members, no list of units)
    listed = listed_at(made_of, own, registry) if made_of else members_before(text, registry)
    return WorkingGroup(
        name="",
        office_deputies=_office_deputies(text),
        head=_tidy(headed["v"]) if headed else _tidy(led["v"]) if led else None,
        head_title=next(
            (t for t in ("总召集人", "指挥长", "组长") if headed and t in headed.group(0)), "牵头"
        ),
        convener=_tidy(named["v"]) if named else _first(_CONVENER, text),
        convener_title=f"{named['title']}召集人" if named else "召集人",
        deputy_convener=_tidy(chief_deputy["v"]) if chief_deputy else _first(_DEPUTY, text),
        deputy_title="副总召集人" if chief_deputy else "副组长" if "副组长" in text else "副召集人",
        members=listed.names,
        members_more=listed.more,
        member_levels=listed.levels,
        members_count=count["n"] if count and made_of else None,
        office=registry.canonical(office["v"]) if office else None,
        office_duty=office_duty,
        office_head=_unpadded(_first(_OFFICE_HEAD, text)),
        daily_work=_tidy(daily["v"])
        if daily
        else office["v"]
        if office and "日常" in (office_duty or "")
        else None,
        duty=does["v"].rstrip("。；;") if does else None,
    )


# what the body does, said in a sentence opening with its name: 工作专班负责指导园区总体规划…, 领导小组主要负责…
# (not its office's: 领导小组办公室负责… opens with the office)
_DOES = re.compile(
    rf"(?:^|(?<=[。；;\n]))\s*(?:其|该|上述)?[^，,。；;\n]{{0,{PHRASE_MAX}}}?(?:{_BODY_NAMES})(?:主要)?"
    rf"(?P<v>负责[^。；;\n]{{1,{LIST_MAX}}})"
)


def _does_after_roster(text: str, aliases: Sequence[str]) -> str | None:
    """What a body does, said after its roster by a sentence opening with one of its names (工作专班负责…) that
    the stored text ran on to the last person's line; None when no such sentence follows a label."""
    label = list(_ROLE_LABEL.finditer(text))
    names = "|".join(re.escape(a) for a in aliases)
    if not label or not names:
        return None
    does = re.compile(rf"(?<![由对向在的和与负])(?:{names})(?:主要)?(?P<v>负责[^。；;\n]{{1,{LIST_MAX}}})")
    found = does.search(text, label[-1].end())
    return found["v"] if found else None


def _office_deputies(text: str) -> tuple[tuple[str, str], ...]:
    """The office's posts below its 主任 the text writes after naming the office, (title, holder) in order."""
    at = text.find("办公室")
    if at < 0:
        return ()
    found = sorted((m for p in _OFFICE_DEPUTY for m in p.finditer(text, at)), key=lambda m: m.start())
    return tuple(dict.fromkeys((m["title"], _tidy(m["v"])) for m in found))


def _unpadded(name: str | None) -> str | None:
    """A two-character name padded to three (孙 伟) as it is: 孙伟."""
    return re.sub(r"(?<=[\u4e00-\u9fff])[\u3000 ](?=[\u4e00-\u9fff])", "", name) if name else name


def _roster(clause: Clause) -> WorkingGroup | None:
    """Labelled roles with no `…名单` line naming a body (a 名单 is read with its own name by kb.parse.organization;
    one naming only the body's kind, `联席会议成员名单如下:`, is the body's set up before), each person `姓名 职务`
    or `姓名(职务)`; None unless two kinds of label name people."""
    if _ROSTER_NAME.search(clause.text) or not _ROLE_LABEL.search(clause.text):
        return None
    text = clause.text
    if re.search(r"副\s*组\s*长\s*[：:]", text):
        # a label line that lost its first character as stored (长:孙某 above 副组长:): the head's label
        text = _CUT_HEAD_LABEL.sub("组长", text)
    labelled = {re.sub(r"\s", "", label["label"]): text[label.end() : end] for label, end in _labelled(text)}
    # 成员单位: units, listed as written (the group's make-up), not people
    units = tuple(u.strip() for u in re.split(r"[、，,\n]|以及", labelled.pop("成员单位", "")) if u.strip())
    roles = {role: people for role, part in labelled.items() if (people := _people_in(part))}
    if len(roles) < 2:
        return None
    head_title = next((t for t in ("组长", "总召集人", "召集人") if t in roles), "组长")
    deputy = roles.get("副组长") or roles.get("副召集人") or []
    # under a 总召集人, the 召集人 are conveners beside the head, not the head
    conveners = roles.get("召集人", []) if head_title == "总召集人" else []
    # people joined with ；: a post may hold 、 itself (质检总局党组成员、国家标准委主任)
    return WorkingGroup(
        name="",
        head="；".join(roles.get(head_title, [])) or None,
        head_title=head_title,
        convener="；".join(conveners) or None,
        first_deputy="；".join(roles.get("第一副组长", [])) or None,
        deputy_convener="；".join(deputy) or None,
        deputy_title="副组长" if "副组长" in roles else "副召集人",
        members=tuple(roles.get("成员", [])) or units,
    )


_CUT_HEAD_LABEL = re.compile(r"(?m)^长(?=\s*[：:])")
# a person written with the post in brackets: 孙某某(县委常委、县政府常务副县长)
_PERSON_BRACKETED = re.compile(r"(?P<who>[\u4e00-\u9fff]{2,3})[（(](?P<title>[^（()）\n]{1,60})[）)]")
# a line under a label that reads as neither form but as a person's line all the same (a bracket lost as
# stored: 滕某某县政府办公室副主任)): short, no sentence in it, ending in a post or a bracket — kept as written
_PERSON_LINE = re.compile(rf"^[\u4e00-\u9fff][^。，,；;：:]{{3,40}}(?:{_POST_END}|[）)])$")
def is_person_line(text: str) -> bool:
    """A roster's entry that reads as a person (`杜占元 教育部副部长`, `孙某某(县委常委)`, `杜鹰发展改革委副主任`): it
    ends in a post or a bracket, never in a unit's word."""
    return bool(_PERSON_LINE.match(text.strip()))


def _labelled(text: str) -> list[tuple[re.Match[str], int]]:
    """Each role label with where its part of the text ends (the next label, or the end)."""
    found = list(_ROLE_LABEL.finditer(text))
    return [(m, found[i + 1].start() if i + 1 < len(found) else len(text)) for i, m in enumerate(found)]


def _people_in(part: str) -> list[str]:
    """The people a label's part names, line by line: `姓名 职务` (a padded name joined), else `姓名(职务)` as
    written, else a line that reads as a person's as it stands (what could not be split is kept, not dropped)."""
    people: list[str] = []
    for line in part.splitlines():
        line = line.strip()
        spaced = [f"{re.sub(r'[　 ]', '', m['who'])} {m['title']}" for m in _PERSON_POST.finditer(line)]
        bracketed = [m.group(0) for m in _PERSON_BRACKETED.finditer(line)]
        run = [] if spaced or bracketed else run_together(line) or names_only(line)
        people.extend(spaced or bracketed or run or ([line] if _PERSON_LINE.match(line) else []))
    return people


# a name padded to three characters (闵　成): two single characters, spaced, read as one name
_PADDED_NAME = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[\u3000 ]{1,2}([\u4e00-\u9fff])(?![\u4e00-\u9fff])")
_NAME_PIECE = re.compile(rf"(?:{_COMPOUND_SURNAME})[\u4e00-\u9fff]{{1,2}}|[\u4e00-\u9fff]{{2,3}}")


def names_only(line: str) -> list[str]:
    """People written by name alone, with no post, spaced apart (a town's roster: `副组长:王晓剑 谭志新`, `成 员:闵 成
    马梅红`), each name as written (a padded one joined), up to a sentence run on after them; empty unless every piece is a name's length, none ends in a
    post's or a unit's word (县长, 财政局) and most open with a name jieba reads."""
    # the sentence after the roster, run on as stored (…范金洪领导小组下设办公室,…): no name of it
    line = re.split(rf"(?=(?:{_BODY_NAMES}|办公室)[^。]*[，,。])", line, maxsplit=1)[0]
    pieces = _PADDED_NAME.sub(r"\1\2", line.strip()).split()
    if not pieces or any(not _NAME_PIECE.fullmatch(p) for p in pieces):
        return []
    if any(re.search(rf"{_POST_END}$", p) or has_unit_ending(p) for p in pieces):
        return []
    named = sum(1 for p in pieces if _name_size(p) is not None)
    return pieces if named * 2 >= len(pieces) else []


# where a post ends in people written one after another with no space (姜大明国土资源部部长丁向阳国务院副秘书长…):
# a post's last word, not followed by more of the post (秘书|长, 委员|会, 书记|、副部长, 部长|助理)
_POST_ENDS = re.compile(rf"{_POST_END}|师(?!范)")
_POST_GOES_ON_RUN = re.compile(rf"(?:{_POST_END}|{_POST_GOES_ON}|会|级|、|兼|师)")
# a mark printed between the characters of a word as stored (党.委.书.记.、): no part of the text
_DOTTED = re.compile(r"(?<=[\u4e00-\u9fff])[.．·](?=[\u4e00-\u9fff、，,]|$)")


def run_together(line: str) -> list[str]:
    """People written one after another with no space, each `姓名` + unit + post (吴恒权中央宣传部副部长张业遂外交部
    党委书记、副部长…), as `姓名 职务`: cut after each post's last word; the name is the person's name jieba reads
    at the start (2 or 3 characters), else 3 characters. Empty unless the whole line is Chinese cut into people of
    a person's length, each ending in a post, most opening with a name jieba knows — a line read otherwise is kept
    as written by the caller."""
    text = _DOTTED.sub("", line)
    if not re.fullmatch(r"[\u4e00-\u9fff、]{4,}", text):
        return []
    cuts = [m.end() for m in _POST_ENDS.finditer(text) if not _POST_GOES_ON_RUN.match(text, m.end())]
    if not cuts or cuts[-1] != len(text):
        return []
    pieces = [text[a:b] for a, b in zip([0, *cuts[:-1]], cuts, strict=True)]
    if len(pieces) < 2 or any(not 4 <= len(p) <= 30 for p in pieces):
        return []  # one person's line, or posts without people (分管副县长): as written
    names = [_name_size(p) for p in pieces]
    if sum(1 for n in names if n) * 2 < len(names):
        return []  # most starts read as no person's name: no list of people
    return [f"{p[: n or 3]} {p[n or 3 :]}" for p, n in zip(pieces, names, strict=True)]


def opens_with_name(entry: str) -> bool:
    """Whether a roster entry opens with a person's name as jieba reads it (杜鹰发展改革委副主任), not a post."""
    return _name_size(entry) is not None


def _name_size(person: str) -> int | None:
    """The length of the person's name a run-together line opens with as jieba tags it (nr, 2–3 characters), or
    None when jieba reads no name there (a name it does not know is taken as three characters, the common
    length)."""
    import jieba.posseg  # loaded only for a roster written with no space between people (rare)

    first = next(iter(jieba.posseg.cut(person)), None)
    if first is not None and first.flag.startswith("nr") and 2 <= len(first.word) <= 3:
        return len(first.word)
    return None


# the roles `_filled` completes, each with the fields saying how the document names it
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("head", ("head_title",)),
    ("convener", ("convener_title",)),
    ("first_deputy", ()),
    ("deputy_convener", ("deputy_title",)),
    ("members", ("members_more", "members_count", "member_levels")),
    ("office", ()),
    ("office_duty", ()),
    ("office_head", ()),
    ("office_deputies", ()),
    ("daily_work", ()),
    ("duty", ()),
    ("formed_by", ()),
)


def _filled(group: WorkingGroup, read: WorkingGroup, clause_id: str | None) -> WorkingGroup:
    """The group with the roles it lacks taken from `read` (read in clause `clause_id`); a lead unit (由X牵头)
    gives way to a 组长 or 总召集人 the document states."""
    changes: dict[str, object] = {}
    sources = list(group.sources)
    for role, companions in _ROLES:
        have, new = getattr(group, role), getattr(read, role)
        replaces = role == "head" and new and group.head_title == "牵头" and read.head_title != "牵头"
        if not new or (have and not replaces):
            continue
        changes[role] = new
        changes.update({c: getattr(read, c) for c in companions})
        if clause_id is not None and clause_id != group.clause_id:
            sources = [s for s in sources if s[0] != role] + [(role, clause_id)]
    return replace(group, **changes, sources=tuple(sources)) if changes else group  # type: ignore[arg-type]
