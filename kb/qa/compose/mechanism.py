"""Slot `mechanism`: a working group's field (head, convener, office, members, a unit's role) read off the
structured `推进机制` data; when the documents set up the group but do not state the field, that is said
(abstained)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kb.parse.body_roles import is_person_line, opens_with_name
from kb.parse.unit_names import is_post, looks_like_unit
from kb.qa.compose.common import EnglishName, cite, gloss, refuse
from kb.qa.decide.named import Named
from kb.qa.normalise.dictionary import headwords
from kb.qa.understand.intent import HELD_BY_EN, OrgField, Route
from kb.types import Answer, Clause, Hit, WorkingGroup

if TYPE_CHECKING:  # the Question's module imports compose (yesno, compound): typing only
    from kb.qa.understand.question import Question


def answer_organization(
    q: Question,
    groups: Sequence[WorkingGroup],
    clauses: Mapping[str, Clause],
    english: EnglishName,
) -> Answer:
    """Read the asked field off the structured working-group data."""
    route, question = q, q.text
    if not groups:
        return refuse(
            route, question, (), "文件中没有工作专班或领导小组的安排。" if route.language == "zh" else None
        )
    group = groups[0]
    en = route.language == "en"
    field = route.org_field or "name"
    value: str | None
    listed_units: tuple[str, ...] | None = None  # the member units named, when the answer lists them
    if field == "other":
        reason = (
            "The plan does not say this about the working group."
            if en
            else "方案对工作专班的这一点没有规定（只写明了牵头、召集人、副召集人、成员单位和办公室）。"
        )
        # the best fitting body's clauses shown for checking: which body the question was read as asking about
        nearest = tuple(Hit(c, 1.0) for c in _cited(group, "name", clauses))
        return refuse(route, question, nearest, reason)
    person = _person_asked(question, group) if field == "role" and not route.department else None
    if person is not None:  # 马建堂在…领导小组里担任什么职务: the role whose roster entry opens with that name
        role, entry = person
        titles = {"head": group.head_title, "deputy_convener": group.deputy_title, "convener": group.convener_title}
        title = {**titles, **_PERSON_TITLES}[role]
        text = f"{group.name}: {entry} — {title}." if en else f"{group.name}：{entry}任{title}。"
        cited = _cited(group, role, clauses)
        if cited:
            text += f" Source: {cite(cited[0], 'en')}" if en else f"依据：{cite(cited[0])}"
        return Answer(
            question, "organization", text, False, tuple(Hit(c, 1.0) for c in cited), language=route.language
        )
    if field == "role" and not route.department:
        field = "head"  # a role asked of no unit we can name: who leads the group
    if field == "role" and route.department:
        text = _role_text(group, route.department, english, route.language)
    elif field == "membership" and route.department:
        member = is_member(group, route.department)
        name = gloss(route.department, english, route.language)
        # a no shows the list it was checked against (its count as the text states it)
        people = bool(group.members) and _people("；".join(group.members)) == len(group.members)
        roll = ("；" if people else "、").join(group.members) + ("等" if group.members_more else "")
        roll = "" if member else roll
        count = group.members_count or ""
        if en:
            text = f"{'Yes' if member else 'No'}: {name} is {'' if member else 'not '}a member of {group.name}."
            text += f" Its members: {roll}{' (' + count + ')' if count else ''}." if roll else ""
        else:
            text = f"{'是' if member else '不是'}：{name}{'是' if member else '不是'}{group.name}的成员单位。"
            text += f"其{'成员' if people else '成员单位'}为{roll}{count}。" if roll else ""
    elif (
        field == "members" or (field == "membership" and not route.department)
    ) and (listed := _members_listed(group, en)) is not None:
        text = listed  # people (杜占元 教育部副部长), or the count the text states (等18个部门和单位组成)
    elif field in ("members", "membership") and not group.members:
        # members asked of a group whose members the text does not list (or lists in a form not read): not stated,
        # never `0 个成员单位`
        return _group_lacks(route, question, group, clauses.get(group.clause_id or ""), "members")
    elif field in ("members", "membership"):
        members = [gloss(m, english, route.language) for m in group.members]
        # members named by kind (各相关部门, 重点载体平台负责人) are no units to count: the list as written
        if any(_OPEN_MEMBER.search(m) for m in group.members):
            more = "等" if group.members_more else ""
            text = (
                f"Members of {group.name}: {', '.join(members)}."
                if en
                else f"{group.name}的成员：{'、'.join(members)}{more}。"
            )
        elif members:
            text = _units_listed(group, members, en)
            listed_units = tuple(group.members)
        else:  # no member read: never a count of 0, what the document states and that it names none
            return _group_lacks(route, question, group, clauses.get(group.clause_id or ""), "members")
    elif (qualified := _QUALIFIED_ROLE.search(question)) and not _states(group, field, clauses, qualified[0]):
        # 常务副组长 asked of a group whose text writes only 副组长: that role is not stated, not the deputies
        return _group_lacks(route, question, group, clauses.get(group.clause_id or ""), field, qualified[0])
    else:
        deputy = _deputy_asked(question) if field == "office_deputies" else ""
        value = dict(group.office_deputies).get(deputy) if deputy else _value(group, field)
        # 哪个部门牵头搞的 of a group no head is named for: who led setting it up, said as such
        led = not value and field == "head" and bool(_ASKS_LED_NOT_HEADED.search(question))
        value = group.formed_by if led else value
        if not value:
            post = (f"office's {deputy}" if en else f"办公室{deputy}") if deputy else None
            return _group_lacks(route, question, group, clauses.get(group.clause_id or ""), field, post)
        if not led and field in _PERSON_FIELDS and asks_name(question, en) and not names_a_person(value):
            # 办公室主任叫什么名字, the document: 由省商务厅主要负责同志兼任 — a post, no one's name
            return _post_not_name(route, question, group, field, value, deputy, _cited(group, field, clauses))
        if not led and names_only_the_kind(question, value):  # 由哪位市领导牵头, the document: 由市领导牵头
            cited_hits = tuple(Hit(c, 1.0) for c in _cited(group, field, clauses))
            reason = (
                f"The documents only say {group.name} is led by {value}, not which one."
                if en
                else f"文件只写明{group.name}的{_FIELD_ZH.get(field, '这一角色')}是“{value}”，没有写明是哪一位。"
            )
            return refuse(route, question, cited_hits, reason)
        shown = gloss(value, english, route.language)
        labels_zh = {
            "head": group.head_title,
            "convener": group.convener_title,
            "first_deputy": "第一副组长",
            "daily_work": "日常工作承担单位",
            "deputy_convener": group.deputy_title,
            "office": "专班办公室设在" if group.name.endswith("专班") else "办公室设在",
            "office_duty": "专班办公室职责" if group.name.endswith("专班") else "办公室职责",
            "office_head": "办公室主任",
            "office_deputies": f"办公室{deputy}",
            "name": "工作机制",
            "formed_by": "设立单位",
            "duty": "职责",
        }
        labels_en = {
            "head": {"组长": "Head", "总召集人": "General convener"}.get(group.head_title, "Led by"),
            "convener": "Convener",
            "first_deputy": "First deputy head",
            "daily_work": "Its daily work is carried by",
            "deputy_convener": "Deputy head" if group.deputy_title == "副组长" else "Deputy convener",
            "office": "Its office sits in",
            "office_duty": "The office's duty",
            "office_head": "Director of its office",
            "office_deputies": f"{_DEPUTY_EN.get(deputy, 'Deputy director')} of its office ({deputy})",
            "name": "Working group",
            "formed_by": "Set up by",
            "duty": "What it does",
        }
        if led:  # the unit that led setting it up; the group's own head is not written
            text = (
                f"{shown} led setting up {group.name}; the documents do not name its head."
                if en
                else f"{group.name}由{shown}牵头设立（文件没有写明其组长）。"
            )
        else:
            text = (
                f"{group.name} — {labels_en[field]}: {shown}."
                if en
                else f"{group.name}由{shown}设立。"
                if field == "formed_by"
                else f"{group.name}：{labels_zh[field]}{'' if field == 'office' else '：'}{shown}。"
            )
            text = _counted(text, value, question, en)
    verdict = None
    if field not in ("role", "membership", "members", "name") and (held := getattr(group, field, None)):
        verdict = _checked(question, held, route)
        if verdict is not None:  # a yes/no question (组长是X吗): yes or no first, then what the document says
            text = (("Yes. " if verdict else "No. ") if en else ("是。" if verdict else "不是。")) + text
    cited = _cited(group, field, clauses)
    clause = cited[0] if cited else None
    if clause is not None:
        text += f" Source: {cite(clause, 'en')}" if en else f"依据：{cite(clause)}"
    citations = tuple(Hit(c, 1.0) for c in cited)
    return Answer(
        question,
        "organization",
        text,
        False,
        citations,
        language=route.language,
        department=route.department,
        verdict=verdict,
        others=listed_units,
    )


def answer_each(
    q: Question, groups: Sequence[WorkingGroup], clauses: Mapping[str, Clause], english: EnglishName
) -> Answer:
    """Each place's body asked about (哪些地方…成立了领导小组，办公室分别设在哪里), one line each with the field asked
    — or that its document does not state it — and every line's clause cited."""
    return _each(q, [answer_organization(q, [g], clauses, english) for g in groups], len(groups))


def answer_each_role(
    q: Question, groups: Sequence[WorkingGroup], clauses: Mapping[str, Clause], english: EnglishName
) -> Answer:
    """The role asked of each body of the kinds asked (组长或召集人): its head where it has one by title (组长, 总召集人,
    指挥长), else its convener — asked of several kinds of body, the role each kind gives."""
    led = ("组长", "总召集人", "指挥长")
    fields = [
        replace(q, org_field="head" if g.head_title in led or not g.convener else "convener") for g in groups
    ]
    answers = [answer_organization(f, [g], clauses, english) for f, g in zip(fields, groups, strict=True)]
    return _each(q, answers, len(groups))


def answer_posts(
    q: Question,
    groups: Sequence[WorkingGroup],
    fields: Sequence[OrgField],
    clauses: Mapping[str, Clause],
    english: EnglishName,
) -> Answer:
    """Several posts of one body asked together (组长和办公室主任分别是谁): each post's answer as the single question
    would get it — its holder or that it is not stated — one line each, every line's clause cited; abstained only
    when none is stated."""
    answers = [answer_organization(replace(q, org_field=f), groups, clauses, english) for f in fields]
    cited: dict[str, Hit] = {}
    for hit in (h for a in answers for h in a.citations):
        cited.setdefault(hit.clause.id, hit)  # each clause once, in the order the posts are asked
    return Answer(
        q.text,
        "organization",
        "\n".join(a.answer.splitlines()[0] for a in answers),
        all(a.abstained for a in answers),
        tuple(cited.values()),
        language=q.language,
    )


def answer_titled(
    q: Question,
    held_by: Sequence[tuple[str, WorkingGroup]],
    title: str,
    clauses: Mapping[str, Clause],
    english: EnglishName,
) -> Answer:
    """The bodies giving a role of the title asked (哪些文件里的机构设了总召集人), each with its holder and clause;
    none is said so (abstained)."""
    if not held_by:
        return refuse(q, q.text, (), f"文件中没有设“{title}”的机构。")
    answers = [answer_organization(replace(q, org_field=f), [g], clauses, english) for f, g in held_by]  # type: ignore[arg-type]
    return _each(q, answers, len(held_by), f"{len(held_by)} 个机构设有{title}：")


def _each(q: Question, answers: Sequence[Answer], count: int, head: str | None = None) -> Answer:
    en = q.language == "en"
    head = head or (f"{count} bodies fit:" if en else f"{count} 个文件设立了相应机构：")
    lines = [head, *(f"- {a.answer.splitlines()[0]}" for a in answers)]
    # each body's first clause first: the reader checks every line before the clauses of any one
    ordered = [h for a in answers for h in a.citations[:1]] + [h for a in answers for h in a.citations[1:]]
    cited = tuple({h.clause.id: h for h in reversed(ordered)}[i] for i in dict.fromkeys(h.clause.id for h in ordered))
    return Answer(
        q.text,
        "organization",
        "\n".join(lines),
        all(a.abstained for a in answers),
        cited,
        language=q.language,
    )


# the roles a person may hold in a group, with the title said where the group's own title field does not name it
_PERSON_ROLES = ("head", "first_deputy", "deputy_convener", "convener", "office_head", "members")
_PERSON_TITLES = {"first_deputy": "第一副组长", "office_head": "办公室主任", "members": "成员"}
_SHORTEST_NAME, _LONGEST_NAME = 2, 4


def _person_asked(question: str, group: WorkingGroup) -> tuple[str, str] | None:
    """(role, roster entry) for the person a question names, where an entry of the group's roles that reads as a
    person opens with that name (`马建堂统计局局长` asked as 马建堂): the longest opening of the entry, of two to four
    characters, that the question writes."""
    asked = "".join(question.split())
    for field in _PERSON_ROLES:
        held = getattr(group, field, None)
        entries = held if isinstance(held, tuple) else (held or "").split("；")
        for entry in (e.strip() for e in entries if e and is_person_line(e)):
            opening = entry.split(" ")[0]
            names = [opening[:n] for n in range(_LONGEST_NAME, _SHORTEST_NAME - 1, -1) if len(opening) >= n]
            if any(name in asked for name in names):
                return field, entry
    return None


def _units_listed(group: WorkingGroup, members: list[str], en: bool) -> str:
    """The member units, counted unless the list ends in 等 (a count would claim more than the text says)."""
    if en and group.members_more:
        return f"{group.name} lists {len(members)} member units ({len(members)}个), among others: {', '.join(members)}."
    if en:
        return f"{group.name} has {len(members)} member units ({len(members)}个): {', '.join(members)}."
    if group.members_more:
        return f"{group.name}列出 {len(members)} 个成员单位：{'、'.join(members)}等。"
    return f"{group.name}共有 {len(members)} 个成员单位：{'、'.join(members)}。"


# a role written with a qualifier before it (常务副组长, 执行副主任, 常务副指挥长): another role than the plain one
_QUALIFIED_ROLE = re.compile(r"(?:常务|执行)(?:副)?(?:组长|召集人|指挥长|主任)")


def _states(group: WorkingGroup, field: str, clauses: Mapping[str, Clause], role: str) -> bool:
    """Whether the clauses the group's role was read in write the qualified role asked (常务副组长)."""
    return any(role in "".join(c.text.split()) for c in _cited(group, field, clauses))


# the office's post below its 主任 a question asks, as Chinese documents write it (the English as its reading)
_DEPUTY_ZH = re.compile(r"(?:常务|执行|专职)?副主任")
_DEPUTY_EN = {"常务副主任": "Executive deputy director", "执行副主任": "Executive deputy director", "副主任": "Deputy director"}
_DEPUTY_OF_EN = re.compile(r"(?P<exec>executive |standing )?(?:deputy|vice)[- ]director", re.IGNORECASE)


def _deputy_asked(question: str) -> str:
    """The office post a question asks (常务副主任, 副主任; executive deputy director → 常务副主任)."""
    found = _DEPUTY_ZH.search(question)
    if found is not None:
        return found.group(0)
    english = _DEPUTY_OF_EN.search(question)
    return ("常务副主任" if english["exec"] else "副主任") if english else "副主任"


def _value(group: WorkingGroup, field: str) -> str | None:
    """The group's holder of the role asked; its daily work is its office's where the office carries it
    (办公室设在X，承担…日常工作)."""
    if field == "name":
        return group.name
    if field == "daily_work" and not group.daily_work and "日常" in (group.office_duty or ""):
        return group.office
    value = getattr(group, field, None)
    return value if isinstance(value, str) else None


def _cited(group: WorkingGroup, field: str, clauses: Mapping[str, Clause]) -> list[Clause]:
    """The clauses the asked role was read in first (a notice's 组成人员 or 工作机构 clause; the items of a 主要职责
    heading, each), then the clause naming the group."""
    role = "members" if field == "membership" else field
    ids = [*(i for f, i in group.sources if f == role), group.clause_id]
    return [clauses[i] for i in dict.fromkeys(i for i in ids if i) if i in clauses]


# a person written `姓名 职务` in a list of people: the count is of names, not of the 、 inside a post
_PERSON_START = re.compile(r"(?:^|[；;、])[\u4e00-\u9fff]{2,4} (?=\S)")
_HOW_MANY = re.compile(r"多少|几[个位名人]|how many", re.IGNORECASE)


def _people(value: str) -> int:
    """How many people a role's holders are: `姓名 职务` entries, or a roster's entries joined with `；` that each
    read as a person (run together as stored, `杜鹰发展改革委副主任`: no space after the name)."""
    entries = [e for e in value.split("；") if e.strip()]
    if len(entries) > 1 and all(is_person_line(e) for e in entries):
        return len(entries)
    return len(_PERSON_START.findall(value))


def _counted(text: str, value: str | None, question: str, en: bool) -> str:
    """A role several people hold, asked how many: their number before the list (5 deputy heads)."""
    count = _people(value or "")
    if count < 2 or not _HOW_MANY.search(question):
        return text
    return f"{count} people ({count}人). {text}" if en else f"共 {count} 人。{text}"


def _members_listed(group: WorkingGroup, en: bool) -> str | None:
    """Members that are people (a roster: 杜占元 教育部副部长), or a list whose number the text states
    (…等18个部门和单位组成): said as the text has them; None for a list of units to count."""
    # an English answer writes the count in Chinese beside it (12个), as amounts quote the text's value
    if group.members and _people("；".join(group.members)) == len(group.members):
        if en:
            return f"{group.name} has {len(group.members)} members ({len(group.members)}名): {'; '.join(group.members)}."
        return f"{group.name}共有 {len(group.members)} 名成员：{'；'.join(group.members)}。"
    if group.members_count:
        listed = "、".join(group.members)
        if en:
            number = re.sub(r"\D", "", group.members_count) or group.members_count
            more = ", among others" if group.members_more else ""
            kind = "departments and units" if "部门" in group.members_count else "units"
            return f"{group.name} is made up of {number} {kind} ({group.members_count}: {listed}{more})."
        return f"{group.name}由{listed}{'等' if group.members_more else ''}{group.members_count}组成。"
    return None


# asked who led (牵头) a body, not who heads it (组长, 召集人, 负责人): the unit that led setting it up answers
_ASKS_LED_NOT_HEADED = re.compile(r"^(?!.*(?:组长|召集|负责人|指挥长|\bhead|\bchair)).*(?:牵头|\bled\b|\bleads?\b)", re.I)
_YESNO_ZH = re.compile(r"(?:吗|么|嘛)[？?。!！\s]*$|是不是|是否|对不对")
_WH_ZH = re.compile(r"谁|哪|什么|啥|多少|几")
# the holder a yes/no question names: what follows its last 是 (是不是) up to 吗, less 本人/担任
_ASSERTED_ZH = re.compile(
    r"(?:是不是|是|由|设在|设于|放在|挂靠)([^是由，,]+?)(?:本人|亲自)?(?:担任|负责|牵头|承担|召集)?的?(?:吗|么|嘛)?[？?。!！]*$"
)
# the holder a yes/no question names before the role it checks: 张三是…领导小组的组长吗
_ASSERTED_BEFORE_ZH = re.compile(
    r"^([^是由，,]{2,12}?)(?:是不是|是)[^，,]{0,60}?的?(?:组长|副组长|第一副组长|召集人|副召集人|总召集人|指挥长|"
    r"办公室主任)(?:吗|么|嘛)[？?。!！]*$"
)
_YESNO_EN = re.compile(r"^\s*(?:is|are|was|were|does|do|did)\b", re.IGNORECASE)
_WH_EN = re.compile(r"\b(?:who|which|what|where|how)\b", re.IGNORECASE)


def _checked(question: str, held: str, route: Route) -> bool | None:
    """Yes when a yes/no question names the holder the document gives the role (组长是分管副区长吗), no when it
    names only other units; None when it is no yes/no question or names no one the answer can be checked on."""
    en = route.language == "en"
    if en and (not _YESNO_EN.search(question) or _WH_EN.search(question)):
        return None
    if not en and (not _YESNO_ZH.search(question) or _WH_ZH.search(question)):
        return None
    people = [re.sub(r"[\u3000 ]", "", m[1]) for m in _PERSON_NAMED.finditer(held)]
    if en and (verdict := _checked_en(question, "".join(held.split()))) is not None:
        return verdict  # else a unit the question names in English, resolved, is checked below
    written, asked, held = held, "".join(question.split()), "".join(held.split())
    if held in asked:
        return True
    # the holder asked before the role (张三是…领导小组的组长吗), else after it (组长是张三吗)
    named = None if en else _ASSERTED_BEFORE_ZH.search(asked) or _ASSERTED_ZH.search(asked)
    claim = named.group(1) if named is not None and len(named.group(1)) >= 2 else None
    # the person or one whole post of those written with the holder (孙某(县委常委、县政府常务副县长)) is a yes, and
    # so is the name a roster entry opens with, its post run after it as stored (张某国务院副总理)
    parts = _HOLDER_PARTS.split(written)  # a roster's name and post apart: 马 凯 国务院副总理
    if claim and (claim in parts or any(p.startswith(claim) and is_person_line(p) for p in parts)):
        return True
    if claim and people:  # people hold the role (马 凯 国务院副总理): a yes names one of them, whatever unit it says
        return any(person in claim for person in people)
    if claim and looks_like_unit(claim) and claim not in held and any(u in claim != u for u in route.departments):
        return False  # 发展改革委办公厅 asked, 发展改革委地区经济司 written: another part of the unit is another unit
    if any(unit in held for unit in route.departments):
        return True
    if route.departments:
        return False
    if en and route.unknown_department and not route.unknown_department.isascii():
        # a body no document names, read from its English name (Provincial Department of Civil Affairs → 省民政厅)
        return route.unknown_department in held
    # a holder named that no registry knows (组长是区长本人吗 where the document gives 分管副区长): another post
    # or person than the one written is a no; part of the holder's title (区长 of 分管副区长) is another post too
    return None if claim is None else False


def _checked_en(question: str, held: str) -> bool | None:
    """An English check of a body's holder (Is … headed by a Vice Premier?, convened by the Governor?): the holder
    named read as the Chinese posts or units CC-CEDICT glosses it with (the whole phrase, else the phrase before its
    `of`/`in`), yes when the holder written is one of them — a post whole, not the 总理 of 副总理 — no when the
    phrase has such words and the holder written is none of them; None when it has none."""
    named = HELD_BY_EN.search(question)
    if named is None:
        return None
    phrase = re.sub(r"^(?:the|a|an)\s+", "", named["holder"].strip(), flags=re.I).lower()
    shorter = re.split(r"\s+(?:of|in|from|at)\s+", phrase, maxsplit=1)[0]
    candidates = _holders(headwords(phrase)) or _holders(headwords(shorter))
    if not candidates and (deputy := re.match(r"(?:vice|deputy)\s+(.+)", shorter)):
        candidates = tuple("副" + word for word in _holders(headwords(deputy[1])))
    if not candidates:
        return None
    for word in candidates:
        at = held.find(word)
        while at >= 0:
            if word.startswith("副") or held[at - 1 : at] != "副":
                return True
            at = held.find(word, at + 1)
    return False


def _holders(words: Sequence[str]) -> tuple[str, ...]:
    """The words that can hold a body's role: a post (市长, 财政部长, 副总理) or a unit (教育部), not 某人."""
    return tuple(w for w in words if is_post(w) or looks_like_unit(w) or w.endswith(_POST_HEADS))


_POST_HEADS = ("长", "总理", "主任", "书记", "主席")
_HOLDER_PARTS = re.compile(r"[、，,；;（）()\s]+")
# a person a roster entry names before the post (马 凯 国务院副总理, 孙会方(县委常委…)): the name, maybe padded
_PERSON_NAMED = re.compile(r"(?:^|[；;])\s*([\u4e00-\u9fff](?:[\u3000 ]?[\u4e00-\u9fff]){1,2})(?:[\u3000 ]+|[（(])")


# a member written as a kind of unit or a post, not a unit: 各相关部门, 有关单位, 重点载体平台负责人
_OPEN_MEMBER = re.compile(r"^(?:各|有关|相关|其他)|负责人$|负责同志$")

_FIELD_ZH = {
    "head": "组长（牵头人）",
    "convener": "召集人",
    "deputy_convener": "副组长（副召集人）",
    "first_deputy": "第一副组长",
    "daily_work": "日常工作由谁承担",
    "office": "办公室设在哪个单位",
    "office_duty": "办公室职责",
    "office_head": "办公室主任",
    "office_deputies": "办公室副主任",
    "formed_by": "由哪个单位设立",
    "duty": "职责",
    "members": "成员（单位）",
}


_FIELD_EN = {
    "head": "who heads it",
    "convener": "its convener",
    "deputy_convener": "its deputy head",
    "first_deputy": "its first deputy head",
    "daily_work": "who carries its daily work",
    "office": "where its office sits",
    "office_duty": "its office's duty",
    "office_head": "who directs its office",
    "office_deputies": "its office's deputy directors",
    "formed_by": "who sets it up",
    "duty": "what it does",
    "members": "its members",
}


def _group_lacks(
    route: Route, question: str, group: WorkingGroup, clause: Clause | None, field: str, role: str | None = None
) -> Answer:
    """The document sets up the group but does not say the thing asked of it (组长由谁担任 where no head is
    named): what it does say, and that the asked thing is not stated — abstained, the group's clause cited."""
    en = route.language == "en"
    # who set it up is said as such, never as its head (生态环境部会同有关部门组建协调小组 names no 组长)
    by = group.formed_by
    if en:
        setup = f"{by} sets up {group.name}" if by else f"The documents set up {group.name}"
        text = f"{setup} but do not state {role or _FIELD_EN.get(field, 'this')}."
    else:
        setup = f"由{by}设立{group.name}" if by else f"设立{group.name}"
        text = f"文件写明{setup}，但没有写明其{role or _FIELD_ZH.get(field, '这一点')}。"
    if clause is not None:
        text += f" Source: {cite(clause, 'en')}" if en else f"依据：{cite(clause)}"
    citations = (Hit(clause, 1.0),) if clause is not None else ()
    return Answer(question, "organization", text, True, citations, language=route.language)


def _role_text(group: WorkingGroup, department: str, english: EnglishName, language: str) -> str:
    """Every role the department holds in the group, read off the structured data."""
    roles_zh, roles_en = [], []
    for field, zh, en in (
        ("head", "牵头", "leads it"),
        ("convener", "任召集人", "is the convener"),
        ("deputy_convener", "任副召集人", "is the deputy convener"),
    ):
        holder = getattr(group, field) or ""
        if department in holder or _short(department) in holder:
            roles_zh.append(f"{holder}{zh}")
            roles_en.append(f"{holder} {en}")
    if department == group.office:
        roles_zh.append(f"专班办公室设在{department}")
        roles_en.append(f"the group's office sits in {department}")
    if department in group.members:
        roles_zh.append("是成员单位")
        roles_en.append("it is a member unit")
    name = gloss(department, english, language)
    if language == "en":
        found = "; ".join(roles_en) if roles_en else "no role is given to it"
        return f"{name} in {group.name}: {found}."
    found = "；".join(roles_zh) if roles_zh else "方案没有给它安排角色"
    return f"{name}在{group.name}中：{found}。"


def _short(department: str) -> str:
    """县政府办 → 政府办: the group's posts are written as 县政府办分管副主任."""
    return department[1:] if department.startswith("县") and len(department) > 3 else department


def answer_named(q: Question, named: Named, hits: Sequence[Hit], english: EnglishName) -> Answer:
    """The body a sentence names in the place asked (who does the act, or what it is done through or sent to),
    the sentence quoted: the clause's text, not a department note, names it. A question asking who does it reads
    the body as its lead (联席会议由哪个部门来建 → 市工业和信息化局)."""
    en = q.language == "en"
    clause = named.hit.clause
    shown = [gloss(name, english, q.language) for name in named.names]
    if en:
        text = f"{', '.join(shown)} — written in the clause's text: “{named.sentence}”. Source: {cite(clause, 'en')}"
    else:
        text = f"{'、'.join(shown)}（条款正文写明：“{named.sentence}”）。依据：{cite(clause)}"
    cited = (named.hit, *[h for h in hits if h.clause.id != clause.id][:2])
    doer = named.act.asks == "doer"
    return Answer(
        q.text,
        "responsibility" if q.intent == "responsibility" else "organization",
        text,
        False,
        cited,
        lead=named.names[0] if doer else None,
        leads=(named.names[0],) if doer else (),
        others=() if doer and q.intent == "responsibility" else None,
        language=q.language,
    )


def refuse_absent(q: Question, named: str) -> Answer:
    """The body the question names is set up in no document in scope: said so, abstained."""
    en = q.language == "en"
    reason = f"The documents set up no body named {named}." if en else f"文件中没有设立“{named}”。"
    return refuse(q, q.text, (), reason)


def answer_holding(
    q: Question, held: Sequence[WorkingGroup], field: str, who: str, clauses: Mapping[str, Clause]
) -> Answer:
    """The bodies giving a role to the holder the question names, each with its holder and clause; none is said
    so (abstained)."""
    if not held:
        return refuse(q, q.text, (), f"文件中没有由“{who}”担任{_FIELD_ZH.get(field, '这一角色')}的机构。")
    lines = [f"{len(held)} 个机构由{who}担任{_FIELD_ZH.get(field, '这一角色')}："]
    cited: list[Clause] = []
    for group in held:
        group_cited = _cited(group, field, clauses)
        title = group.head_title if field == "head" else _FIELD_ZH.get(field, "")
        source = f"依据：{cite(group_cited[0])}" if group_cited else ""
        lines.append(f"- {group.name}：{title}：{getattr(group, field)}。{source}")
        cited.extend(group_cited[:1])
    return Answer(
        q.text,
        "organization",
        "\n".join(lines),
        False,
        tuple(Hit(c, 1.0) for c in dict.fromkeys(cited)),
        language=q.language,
    )


def is_member(group: WorkingGroup, unit: str) -> bool:
    """Whether the unit is among the group's members: a member unit — also written with the level before it
    (国家发展改革委 of a list writing 发展改革委, 市场监管总局 of 国家市场监管总局) — or the post of a member person
    (欧文汉 财政部部长助理 is the 财政部's)."""
    if unit in group.members:
        return True
    # written in a run whose level is written once (省…、妇联、科协 holds 省科协)
    if any(level and level + m == unit for m, level in zip(group.members, group.member_levels, strict=False)):
        return True
    if any(_same_unit(unit, m) for m in group.members):
        return True
    people = [m for m in group.members if _people(m)]
    return any(m.split(" ", 1)[-1].startswith(unit) for m in people)


_LEVEL = re.compile(r"^(?:国家|中央|国务院)")


def _same_unit(a: str, b: str) -> bool:
    """One national unit written with and without its level word (国家发展改革委, 发展改革委)."""
    return len(a) >= 3 and len(b) >= 3 and _LEVEL.sub("", a) == _LEVEL.sub("", b)


# --- a person's name asked where the document gives a post ------------------------------------------------------
# the roles a person holds (never a unit's: the office sits in a unit, members are units)
_PERSON_FIELDS = ("head", "convener", "deputy_convener", "first_deputy", "office_head", "office_deputies")
# a question asking a person's name (叫什么名字, 姓名, 姓什么; What is the name of …), not who holds the post (是谁)
_ASKS_NAME_ZH = re.compile(r"叫什么|叫啥|姓名|名字|姓什么")
_ASKS_NAME_EN = re.compile(r"\bnames?\b|\bcalled\b", re.IGNORECASE)
_NAME_ALONE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NAME_BRACKETED = re.compile(r"^[\u4e00-\u9fff](?:[\u3000 ]?[\u4e00-\u9fff]){1,2}[（(]")


def asks_name(question: str, en: bool) -> bool:
    """Whether the question asks a person's name, not who holds the post (办公室主任叫什么名字, not 是谁)."""
    return bool((_ASKS_NAME_EN if en else _ASKS_NAME_ZH).search(question))


def names_a_person(value: str) -> bool:
    """Whether a role's holder as read names a person: `姓名 职务`, `姓名(职务)`, a roster entry opening with a
    name (杜鹰发展改革委副主任), or a name alone (牛弩韬) — not a post alone (省商务厅主要负责同志, 县政府分管副县长)."""
    for entry in (e.strip() for e in value.split("；") if e.strip()):
        if _PERSON_NAMED.match(entry) or _NAME_BRACKETED.match(entry):
            return True
        if _NAME_ALONE.match(entry) and not is_post(entry) and not looks_like_unit(entry):
            return True
        if is_person_line(entry) and opens_with_name(entry):
            return True
    return False


def _post_not_name(
    route: Route, question: str, group: WorkingGroup, field: str, post: str, deputy: str, cited: Sequence[Clause]
) -> Answer:
    """A person's name asked where the document gives only the post holding the role: the name is not stated, the
    post is said (abstained for the name), the role's clause cited."""
    en = route.language == "en"
    titles = {
        "head": group.head_title,
        "convener": group.convener_title,
        "deputy_convener": group.deputy_title,
        "first_deputy": "第一副组长",
        "office_head": "办公室主任",
        "office_deputies": f"办公室{deputy or '副主任'}",
    }
    title = titles.get(field, "")
    if en:
        who = _FIELD_EN.get(field, "the holder")
        text = f"The documents do not give the name of {who} of {group.name}; only the post: {title}: {post}."
    else:
        text = f"文件没有写明{group.name}{title}的姓名，只写明{title}由{post}担任。"
    if cited:
        text += f" Source: {cite(cited[0], 'en')}" if en else f"依据：{cite(cited[0])}"
    hits = tuple(Hit(c, 1.0) for c in cited)
    return Answer(question, "organization", text, True, hits, language=route.language)


# a question asking which one of a kind it names (哪位市领导, 哪个副县长, 哪一名区领导)
_WHICH_ONE = re.compile(r"哪一?[位个名]")


def names_only_the_kind(question: str, value: str) -> bool:
    """Whether the value found is only the kind the question asks which one of (由哪位市领导牵头 → 市领导): it names
    no one, and the answer is that the document does not say which. A post that tells one apart (县政府分管副县长
    for 哪位领导) names one."""
    return len(value) >= 2 and any(question[m.end() :].startswith(value) for m in _WHICH_ONE.finditer(question))
