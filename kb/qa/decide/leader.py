"""Stage 4, decide: the leader a task's own labelled field names (牵头负责领导：束学龙, 责任领导：冯冬昌, 牵头领导：常务
副区长) when a question asks who the leader of a task is — a person, not the lead unit. A label is read by form: any
short phrase ending in 领导 before a colon. A document whose items carry such a field and whose item asked carries
none does not state that item's leader."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kb.types import Clause

# who leads a task, asked as a person (牵头负责领导是哪位, 责任领导是谁, 牵头领导叫什么名字, 哪位领导): not a body's head
# (组长, 召集人 — kb.qa.compose.mechanism) nor a 领导小组
ASKS_LEADER = re.compile(
    r"(?:牵头|负责|责任|分管|包抓|联系|分线)(?:负责)?领导(?:是|为|叫)?(?:谁|哪位|哪一位|什么|何人)"
    r"|哪位(?:[省市县区镇]|副?[省市县区镇]长)?领导(?!小组)"
)
_BODY = re.compile(r"领导小组|专班|联席会议|指挥部|工作组|委员会|组长|召集人|指挥长")
# a field naming the leader: a label of up to six characters ending in 领导, a colon, the value up to a mark
_FIELD = re.compile(r"([\u4e00-\u9fff]{0,6}领导)\s*[:：]\s*([^。；;，,\n]{1,24})")
# a name asked, not the post: then a post written in its place does not answer
ASKS_NAME = re.compile(r"名字|姓名|叫什么")
# a value that is a post, not a person's name (常务副区长, 市政府分管副市长, 主要负责同志)
_POST = re.compile(r"(?:长|主任|书记|委员|同志|负责人|领导|主席|秘书长|干部)$")


@dataclass(frozen=True)
class Leader:
    """The leader field of a task's clause: its label and value as written."""

    label: str
    value: str
    clause: Clause

    @property
    def is_post(self) -> bool:
        return bool(_POST.search(self.value))


def asks_leader(text: str) -> bool:
    """Whether a question asks the person leading a task (牵头负责领导是哪位), not a body's head or member."""
    return bool(ASKS_LEADER.search(text)) and not _BODY.search(text)


def field_of(clause: Clause) -> Leader | None:
    """The clause's own leader field (牵头负责领导：束学龙), None when it writes none."""
    found = _FIELD.search(clause.text)
    return Leader(found.group(1), found.group(2).strip(), clause) if found else None


def fields_beside(clause: Clause, siblings: Sequence[Clause]) -> bool:
    """Whether other items of the clause's document write a leader field: the document gives its items' leaders,
    so an item without one states none."""
    return any(c.id != clause.id and _FIELD.search(c.text) for c in siblings)
