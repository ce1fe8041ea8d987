"""The working group a plan sets up (`成立…工作专班，由X牵头，Y任召集人…成员单位包括…办公室设在Z`), read
from its `推进机制` / `保障措施` / `组织领导` clause into a `WorkingGroup`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kb.parse.departments import DepartmentRegistry
from kb.types import Clause, WorkingGroup

_BODY_NAMES = "工作专班|领导小组|指挥部|工作组|联席会议|专班"
_GROUP = re.compile(rf"(?:成立|组建|建立)(?P<name>[^，,。；;（(]*?(?:{_BODY_NAMES}))")
_PHRASE = r"[^，,。；;]+?"
_HEAD = (
    re.compile(rf"由(?P<v>{_PHRASE})(?:牵头|任组长|担任组长|任总召集人)"),
    re.compile(rf"(?P<v>{_PHRASE})任组长"),
)
_CONVENER = re.compile(rf"(?P<v>{_PHRASE})(?:任|担任)召集人")
_DEPUTY = re.compile(rf"(?P<v>{_PHRASE})(?:任|担任)(?:副召集人|副组长)")
_MEMBERS = re.compile(
    r"成员(?:单位)?(?:包括|为|有|由)?[：:]?(?P<v>[^。；;]+?)(?:等(?:单位|部门)?)?(?:组成)?(?=[，,。；;]|$)"
)
_OFFICE = re.compile(r"办公室设在(?P<v>[^，,。；;]+)(?:[，,](?P<duty>(?:负责|承担)[^。；;]+))?")


def _first(patterns: Iterable[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return _tidy(match["v"])
    return None


def _tidy(phrase: str) -> str:
    """Drop the connective a captured phrase may start with (`，由`, `并`)."""
    return re.sub(r"^(?:由|并|其中|，|,)+", "", phrase.strip())


def read_working_group(clause: Clause, registry: DepartmentRegistry) -> WorkingGroup | None:
    """The working group a clause sets up, or None."""
    text = clause.text
    found = _GROUP.search(text)
    if found is None:
        return None
    after = text[found.end() :]
    members = _MEMBERS.search(after)
    office = _OFFICE.search(after)
    return WorkingGroup(
        name=found["name"].strip(),
        head=_first(_HEAD, after),
        convener=_first([_CONVENER], after),
        deputy_convener=_first([_DEPUTY], after),
        members=_member_names(members["v"], registry) if members else (),
        office=registry.canonical(office["v"]) if office else None,
        office_duty=office["duty"].strip() if office and office["duty"] else None,
        clause_id=clause.id,
    )


def _member_names(listed: str, registry: DepartmentRegistry) -> tuple[str, ...]:
    names = [n for n in re.split(r"[、，,]", listed) if n.strip()]
    return tuple(dict.fromkeys(registry.canonical(n) for n in names))


def find_working_groups(clauses: Iterable[Clause], registry: DepartmentRegistry) -> list[WorkingGroup]:
    """Working groups set up anywhere in the document, in order (most plans have one, under `推进机制`)."""
    groups = (read_working_group(clause, registry) for clause in clauses)
    return [group for group in groups if group is not None]
