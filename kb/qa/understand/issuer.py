"""A unit a question names as the issuer of the document it asks about, not as the unit it asks about:
江苏省政府办公厅2013年推进苏中融合发展的任务分解方案里…列了哪些责任部门, 芜湖市政府办那个…的通知是哪天发的,
省政府办公厅那份…实施意见有没有标注牵头单位.

Read by form: the unit's name followed at once by a reference to a document — a demonstrative (那个/那份/这份/该)
or an issuing verb (印发的), or a year or a title of its own words, then a kind of 公文 (方案, 通知, 意见 …) — with no
asking word or duty verb inside the reference (县发改局负责的实施方案, 县发改局在方案中: the unit's own part), and
no asking of a unit's own part elsewhere in the question (县发改局科创兴产业方案里负责哪些任务: its duties there)."""

from __future__ import annotations

import re

# the kinds of 公文 a body issues (not 目标/任务/清单/政策, which a unit's own part is asked by as well)
ISSUED_KINDS = r"方案|计划|意见|办法|通知|规划|要点|决定|细则|规定|纲要|批复|函"
_REFERENCE = re.compile(
    r"(?P<verb>(?:印发|发布|出台|制定|下发|下达|发)的?)?"
    r"(?P<that>的?(?:那个|那份|那篇|这个|这份|这篇|该))?"
    rf"(?P<title>[^，,。？?；;：:！!]{{0,40}}?)(?:{ISSUED_KINDS})"
    # the reference ends there: a locative, its dates in brackets, a comma, or what the question asks of it
    r"(?=里|中|内|上|当中|[（(，,？?]|的|是|有|要|给|规定|提出|说|明确|写|列|对|$)"
)
# inside a reference: an asking word or a unit's part (负责的方案 is the unit's, 在方案中 its place in one)
_NOT_A_TITLE = re.compile(r"谁|哪|什么|啥|几|多少|吗|牵头|负责|配合|参与|承担|主抓|在|对")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
TITLE_WORDS = 4  # characters a reference's own words must have to name a document with no demonstrative or year
# a unit's own part asked outside the reference (its duties, its tasks, what it leads): the unit is asked about
_OWN_PART = re.compile(
    r"职责|职能|(?:哪些|哪几|什么|几项|多少)[^，,。？?]{0,4}任务|任务[^，,。？?]{0,2}(?:有哪些|是什么|有几)|负责|(?<!标注)牵头(?!单位|部门)|配合(?!单位|部门)|承担|参与|分工|干什么|做什么|干啥|做啥|管什么|哪些事"
)


_ASKS_WHO = re.compile(r"谁|哪(?:个|些|几个|家)(?:部门|单位|机构|厅局|委办局)|什么(?:部门|单位|机构)")


def issues_named_document(question: str, start: int, end: int) -> bool:
    """Whether the unit written at `question[start:end]` stands as the issuer of a document the question names."""
    found = _REFERENCE.match(question, end)
    if found is None:
        return False
    title = found["title"]
    if _NOT_A_TITLE.search(title):
        return False
    named = bool(found["verb"] or found["that"] or _YEAR.search(title) or len(_CJK.findall(title)) >= TITLE_WORDS)
    rest = question[:start] + question[found.end() :]
    # 谁负责, 哪些部门配合: the verb is of the unit asked for, not of the one named
    return named and (_ASKS_WHO.search(rest) is not None or not _OWN_PART.search(rest))
