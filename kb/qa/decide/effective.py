"""When a document takes effect and how long it is valid: "宁波OPC若干意见什么时候开始施行？", "有效期多久？".

Policy documents state it once, near the end, in few forms: `本意见自2026年5月21日起施行，有效期至2028年12月31日`,
`自印发之日起施行，有效期3年`, `本方案自印发之日起施行,试行期一年`, and in drafts a placeholder
(`本措施自2026年X月X日起施行`). The answer quotes that sentence; a start asked where the document gives no date
(a placeholder, or only "from the day it is issued") says so and abstains for the date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kb.types import Clause

Asked = Literal["start", "validity", "issued"]

# the questions' English words are bounded as ASCII words (re.ASCII): in a question mixing the languages
# (effective date是哪天) a Chinese character is no word character, so `\b` stands between them
# the day a document was issued (印发, 发布, issued): written under the issuer's name, a date on a line of its own
_ISSUED_ASKED = re.compile(
    # the plain verb too, sent out (是哪天发的, 什么时候发出): 发 closed by 的/出/了, not 发放 / 发到 (money paid)
    r"(?:什么时候|何时|哪天|哪一天|几号|几月几[日号]|哪个?日期|啥时候?)[^，,。？?]{0,8}(?:印发|发布|出台|下发|签发|公布|发文"
    r"|(?<![开研出收])发(?:的|出|了))"
    r"|(?:印发|发布|出台|下发|签发|公布|发文)(?:的)?(?:日期|时间)"
    r"|\b(?:when|what date|which date|which day)\b.*\b(?:issue[sd]?|publish(?:ed)?|release[sd]?|sign(?:ed)?)\b",
    re.I | re.ASCII,
)
_DATE_LINE = re.compile(r"^\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$", re.M)

_START_ASKED = re.compile(
    r"(?:什么时候|何时|哪天|哪一天|几号|几月几[日号]|哪个?日期|从哪|啥时候|啥时|多会儿|日期)[^，,。？?]{0,8}"
    r"(?:施行|执行|实施|生效|起效|开始|试行)"
    r"|(?:施行|执行|实施|生效|起效|试行)(?:的)?(?:日期|时间)|(?:开始|起)(?:施行|执行|实施|生效)[^，,。]{0,4}(?:什么时候|何时|哪天)"
    r"|\b(?:take|took|takes) effect\b|\bcome into (?:force|effect)\b|\beffective (?:date|from)\b|\bin force from\b",
    re.I | re.ASCII,
)
_VALIDITY_ASKED = re.compile(
    r"有效期|有效多久|有效多长|管多久|管几年|试行期|试行多久|到什么时候(?:为止|截止|失效)?|何时(?:到期|失效|截止)|什么时候(?:到期|失效|截止)"
    r"|\bvalid(?:ity)?\b|\bexpire\w*\b|\buntil when\b|\bhow long (?:is|are|will) (?:it|the \w+) (?:valid|in force)\b",
    re.I | re.ASCII,
)
# the statement: 自…起施行 / 有效期… / 试行期…; a start written with a date, a day it is issued on, or a placeholder
_STATEMENT = re.compile(
    r"[^。；;\n]{0,40}?自\s*[^，,。；;]{2,24}?\s*起\s*(?:施行|实施|执行|生效|试行)[^。\n]{0,60}"
    r"|[^。；;\n]{0,30}?(?:有效期|试行期)[^。\n]{1,40}"
)
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_PLACEHOLDER = re.compile(r"[X×xＸ＿_□○〇]+\s*月|月\s*[X×xＸ＿_□○〇]+\s*日|年\s+月\s+日|年　+月")
_VALIDITY = re.compile(r"(?:有效期|试行期)[^，,。；;]*|试行[一二两三四五六七八九十\d]+个?(?:年|月)")


_WHICH = re.compile(r"哪些|哪几|哪个地方|哪些地方|\bwhich (?:places|cities|documents|policies)\b", re.I)


def asked(question: str) -> Asked | None:
    """Whether the question asks when a document takes effect or how long it is valid (not which documents
    are valid until a date: that asks places)."""
    if _WHICH.search(question):
        return None
    if _ISSUED_ASKED.search(question):
        return "issued"
    if _VALIDITY_ASKED.search(question):
        return "validity"
    if _START_ASKED.search(question):
        return "start"
    return None


@dataclass(frozen=True)
class Statement:
    """A document's sentence saying when it takes effect (and how long it is valid)."""

    clause: Clause
    sentence: str
    date: str | None  # the start date written out, when the sentence gives one
    placeholder: bool  # a draft's start left blank (2026年X月X日)
    validity: str | None  # 有效期至2028年12月31日 / 有效期3年 / 试行一年

    def states(self, what: Asked) -> bool:
        """Whether the sentence states what was asked: a start (a date, or the day it is issued — not a blank
        date), or a validity."""
        if what == "validity":
            return self.validity is not None
        return not self.placeholder


def find(clauses: list[Clause]) -> Statement | None:
    """The document's statement of when it takes effect: the last one written (it closes the document)."""
    for clause in reversed(clauses):
        for found in reversed(list(_STATEMENT.finditer(clause.text))):
            sentence = found.group(0).strip(" ，,；;")
            if "起" not in sentence and not re.search(r"有效期(?:至|为|\s*[一二两三四五六七八九十\d])|试行期", sentence):
                continue  # 有效期内如遇政策调整… is no statement of the period
            start = re.search(r"自\s*([^，,。；;]{2,24}?)\s*起", sentence)
            date = _DATE.search(start.group(1)) if start else None
            validity = _VALIDITY.search(sentence)
            valid = validity.group(0) if validity and not validity.group(0).startswith("有效期内") else None
            return Statement(
                clause,
                sentence,
                date.group(0).replace(" ", "") if date else None,
                bool(start and _PLACEHOLDER.search(start.group(1))),
                valid,
            )
    return None


def wording(statement: Statement, what: Asked, language: str, where: str) -> tuple[str, bool]:
    """The answer's text and whether it abstains (the document does not state what was asked)."""
    quoted = statement.sentence.rstrip("。")
    en = language == "en"
    if statement.states(what):
        if what == "start":
            when = statement.date or ("the day it is issued" if en else "印发（发布）之日，文件未写具体日期")
            text = (
                f"It takes effect from {when} (“{quoted}”). Source: {where}"
                if en
                else f"施行日期：{when}（原文：“{quoted}”）。依据：{where}"
            )
        else:
            text = (
                f"Validity: {statement.validity} (“{quoted}”). Source: {where}"
                if en
                else f"{statement.validity}（原文：“{quoted}”）。依据：{where}"
            )
        return text, False
    if what == "start":
        gap = "the date is left blank in this draft" if en else "施行日期在文件中留空未定（征求意见稿）"
    else:
        gap = "it states no period of validity" if en else "文件没有写明有效期"
    text = (
        f"The documents do not state this: {gap}. What the document says: “{quoted}”. Source: {where}"
        if en
        else f"{gap}。文件原文：“{quoted}”。依据：{where}"
    )
    return text, True


def issued_on(clauses: list[Clause]) -> tuple[Clause, str] | None:
    """The day the document was issued: a date standing on a line of its own (under the issuer's name) in its
    first or last clause; None when neither has one."""
    for clause in dict.fromkeys([clauses[0], clauses[-1]] if clauses else []):
        found = _DATE_LINE.search(clause.text)
        if found:
            return clause, "".join(found.group(1).split())
    return None


# a document's clause saying another document is to be issued: 出台…指引, 制定…实施细则, 发布…清单 — not one
# issued already (印发的《…》) nor the document itself (制定本方案)
_TO_ISSUE = re.compile(r"(?:出台|制定|印发|发布|编制|修订|公布)(?![的了本此该])")
# characters of the thing asked a clause must repeat after its verb: a kind of document named with what it is
# (实施细则, 建设指引, 合规指引), not a character or two of it (细则, 指引 alone)
THING_SHORTEST = 4
_AFTER_VERB = 40  # characters after the verb the thing may stand in (出台支持…的市级OPC成长社区建设指引)


def to_be_issued(question: str, clauses: Sequence[Clause]) -> tuple[Clause, str] | None:
    """When the issuing date is asked of a thing a clause says is to be issued (北京市级OPC成长社区建设指引什么时候
    发布, where the plan writes 出台市级OPC成长社区建设指引): the clause and its sentence — the date the document
    itself was issued answers only a question about the document, whose title writes the thing. The thing is what
    the question writes before asking, or after its verb (什么时候发布认定通知); a clause writes it when at least THING_SHORTEST characters of its end (its
    head: 指引, 细则) stand after an issuing verb there, not as a title it quotes (《…》, a document issued).
    None when no clause does, or a title writes it."""
    asked = _ISSUED_ASKED.search(question)
    if asked is None:
        return None
    before = question[: asked.start()].rstrip("的是于在将 ")
    after = re.split(r"[？?，,。！!]", question[asked.end() :])[0]  # 什么时候发布认定通知: the thing after the verb
    things = [t.lower() for t in (before, after) if len(t) >= THING_SHORTEST]
    for clause in clauses:
        title = clause.doc_title.lower()
        for sentence in re.split(r"[。；;\n]", clause.text):
            lowered = sentence.lower()
            for verb in _TO_ISSUE.finditer(lowered):
                issued = re.sub(r"《[^》]*》?", "", lowered[verb.end() : verb.end() + _AFTER_VERB])
                for thing in things:
                    end = _longest_end_in(thing, issued)
                    if len(end) >= THING_SHORTEST and end not in title:
                        return clause, sentence.strip()
    return None


def _longest_end_in(thing: str, text: str) -> str:
    """The longest end of `thing` that `text` writes (成长社区建设指引 of 北京市级OPC成长社区建设指引)."""
    for start in range(len(thing)):
        if thing[start:] in text:
            return thing[start:]
    return ""
