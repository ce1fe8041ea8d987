"""Yes/no questions: "是县发改局牵头吗？", "县林业局参与了吗？", "补贴上限是100万元吗？", "Is X the lead…?",
"责任人是州委办公室的分管负责人吗？", "部际联席会议可以刻制印章吗？".

A yes/no question checks one thing — a unit's role in a task, a value, the post a unit's person holds, or a
statement — against what the documents say. A role or a value is answered by the same pipeline asked the open
question behind it (who is responsible for the task; how much the target is), and then judged; a post is judged
on the cited clause's unit and the post written after it; a statement on the best clauses' sentence writing its
words (kb.qa.decide.statement), stated or stated negated. The answer opens with 是 / 不是 (Yes / No), followed by
what the cited clause says. When the documents do not state the thing checked, neither is the check answered:
the answer says so and is an abstention, never a guessed yes or no.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import jieba

from kb.parse.unit_names import looks_like_unit
from kb.qa.compose.common import cite
from kb.qa.decide.day_checked import Day, about_question, days_in, periods_in, pieces_of
from kb.qa.decide.statement import Stated
from kb.qa.normalise.dictionary import headwords
from kb.qa.understand.intent import HELD_BY_EN
from kb.types import Answer, Hit

if TYPE_CHECKING:  # the Question's module imports this one (Check): typing only
    from kb.qa.understand.question import Question

Role = Literal["lead", "any"]
Kind = Literal["unit", "value", "date", "period", "post", "statement"]

# the frames that make a statement a question to confirm; a wh-word asks something else (是谁牵头的吗 is rare,
# 是哪个部门牵头 is a who-question)
_ZH_CHECK = re.compile(r"(?:吗|么|嘛)[？?。!！\s]*$|是不是|是否|对不对|有没有|对吗|是吧[？?]?$")
_ZH_WH = re.compile(r"谁|哪|什么|啥|多少|几|怎么|如何|何时|为何")
_EN_CHECK = re.compile(r"^\s*(?:is|are|was|were|does|do|did|has|have|will|can)\b", re.IGNORECASE)
_EN_WH = re.compile(r"\b(?:who|which|what|how|when|where|why)\b", re.IGNORECASE)

# the unit a Chinese check names before its role (…这项工作是区城管局牵头吗): read by its form when no document
# names it, so that the check is answered 不是 with the unit the clause does give
_UNIT_CHECKED = re.compile(r"是(?:由)?(?P<unit>[\u4e00-\u9fff]{2,20}?)(?:来)?(?:牵头|主责|负责|配合|参与)")
_LEAD_ZH = re.compile(r"牵头|主责|主办|挂帅|领头|负责牵头")
_ROLE_ZH = re.compile(r"参与|配合|负责|责任|参加|涉及|承担|有份|协同|协助|落实|管")
# the passive too (Is the 11% target led by the County Finance Bureau?)
_LEAD_EN = re.compile(r"\blead(?:s|ing)?\b|\bled\b|\bin charge\b|\bin the lead\b", re.IGNORECASE)
# a body named by its kind (the leading group, a leading small group): its name, not a unit's role checked
_LEADING_BODY_EN = re.compile(r"\bleading (?:small )?groups?\b", re.IGNORECASE)
_ROLE_EN = re.compile(r"\b(?:involved|responsible|participat\w*|take part|takes part|part of|support\w*)\b", re.I)

# a value written in the question: a number and what it counts (100万元, 8.5%, 3名, 2027年)
_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％|万亿|亿元|亿|万元|万|千元|元|个|家|名|人|项|年|月|天|小时|平方米|亩|倍)?")
_MULTIPLIER = {"万亿": 1e12, "亿元": 1e8, "亿": 1e8, "万元": 1e4, "万": 1e4, "千元": 1e3}

# a document's number (国办函〔2003〕49号): names the document, no value checked
_DOC_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*(?:第\s*)?\d+\s*号")

# a person's post, by its form: a head word (负责人, 负责同志, 领导, 局长, 主任…) with what qualifies it (主要, 分管)
POST = re.compile(
    r"(?:主要|分管|第一|其他|有关|相关|常务)?(?:负责人|负责同志|领导同志|领导|(?:副)?(?:局长|主任|书记|部长|厅长|处长|科长))"
)
# the post a check names after the units it checks (是州委办公室、州政府办公室的分管负责人吗): the post is checked
_POST_CHECKED = re.compile(rf"(?:是|为)(?:由)?[^，,。？?]{{2,60}}?的?(?P<post>{POST.pattern})(?:本人)?(?:吗|么|嘛)[？?。!！\s]*$")

# what only frames a statement as a question (是不是, 是否, 吗), and the asker's words around it
_STATEMENT_FRAME = re.compile(r"是不是|是否|对不对|对吗|是吧|(?:吗|么|嘛|呢|呀|啊)+[？?。!！\s]*$|[？?。!！]+$")
# a request to the system (能给我说说…吗, 帮我列一下), or a greeting (在吗): no statement to check
_REQUEST = re.compile(r"(?:帮|给|替)我|你|您|一下|^在吗")
# the modal words of a statement (可以, 能, 需要) and its negation words (不, 不得, 无需), as jieba cuts them: what
# is checked is the verb and its object
_MODAL_WORDS = frozenset(("可以", "可", "能够", "能", "会", "需要", "需", "应当", "应该", "应", "必须", "须", "得", "要"))
_NEGATION_WORDS = frozenset(
    ("不", "不得", "不再", "不予", "不能", "不可", "不准", "不会", "不用", "不需", "无需", "无须", "没有", "未", "禁止", "严禁", "并非")
)
# the document a statement is checked in, and the verbs saying it is written there (方案里提到X了吗 checks X)
_WRITTEN_IN = re.compile(r"(?:文件|方案|政策|通知|意见|规定|规则|办法)(?:里|中|上|当中)|提到|提及|写到|写了|写明|说到|讲到|谈到|涉及|明确")

# the frame words removed to get the open question's topic
_ZH_FRAME = re.compile(
    r"是不是|是否|对不对|有没有|对吗|是吧|吗|么|嘛|呢|吧|[？?。!！]|"
    r"负责牵头|牵头|主责|主办|挂帅|领头|参与|配合|负责|参加|涉及|承担|协同|协助|落实|"
    r"^是|的是|是由|由|了|也"
)


@dataclass(frozen=True)
class Check:
    """What a yes/no question checks."""

    kind: Kind
    role: Role = "any"
    units: tuple[str, ...] = ()  # the units checked (canonical, as the question resolves them)
    written: tuple[str, ...] = ()  # the same units as the question writes them
    value: tuple[float, str] | None = None  # the value checked: its number and what it counts
    # units written so that they fit several (发改局 of 市发改局): each mention's candidates; any one named fits
    alternatives: tuple[tuple[str, ...], ...] = ()
    post: str = ""  # the post checked (分管负责人 of 是州委办公室的分管负责人吗)
    statement: str = ""  # the statement checked, its frame, modal and negation taken off (刻制自己的印章)
    negated: bool = False  # the statement is asked negated (是不是不刻制印章)
    day: Day | None = None  # the day checked (是否要求在2021年12月31日前完成)
    period: tuple[int, str, str] | None = None  # the period checked (是每季度召开一次吗): count, unit, as written

    def open_question(self, question: str, language: str) -> str:
        """The open question behind the check, asked of the pipeline."""
        if language == "en":
            text = re.sub(r"^\s*(?:is|are|was|were|does|do|did|has|have|will|can)\b", "", question, flags=re.I)
            text = text.rstrip(" ?？")
            text = re.sub(r"\s*\b(?:headed|led|chaired|convened|directed)\s+by\s+.*$", "", text, flags=re.I)
            for name in self.written:
                text = text.replace(name, " ")
            if self.kind == "unit":
                return f"Who leads {text.strip()}?" if self.role == "lead" else f"Who is responsible for {text}?"
            return f"What is {_VALUE.sub('', text).strip()}?"
        text = question
        for name in sorted(self.written, key=len, reverse=True):  # with its level before it (市 of 市发改局)
            text = re.sub(rf"[省市县区]?{re.escape(name)}", "", text)
        if self.kind == "post":
            text = _POST_CHECKED.sub("", text)
        if self.kind in ("unit", "post"):
            # the 是 of a check written after its topic (…统一督导调度，是市发展改革委负责吗) is no topic word
            topic = re.sub(r"[，,]\s*是$", "", _ZH_FRAME.sub("", text).strip("，,、 的")).strip("，,、 的")
            return f"{topic}由哪个单位牵头？"
        if self.kind == "statement":
            return _STATEMENT_FRAME.sub("", question).strip("，, ") + "？"
        # a time checked: the question less the time and its frame, asked open (…多久一次, …是什么时候)
        timed = (self.period[2], "多久一次") if self.kind == "period" and self.period is not None else None
        timed = (self.day.text, "是什么时候") if self.kind == "date" and self.day is not None else timed
        if timed is not None:
            topic = _CHECK_WORDS.sub("", text.replace(timed[0], ""))
            return f"{topic.strip('，, 是的在于要求')}{timed[1]}？"
        topic = _CHECK_WORDS.sub("", _VALUE.sub("", text)).rstrip("是的为到达")
        return f"{topic}是多少？"


# the words making a statement a question to check (是不是, 吗) and its closing marks: no words of its topic
_CHECK_WORDS = re.compile(r"是不是|是否|对不对|对吗|吗|么|嘛|[？?。!！]")


def read(
    question: str,
    language: str,
    units: tuple[str, ...],
    written: tuple[str, ...],
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Check | None:
    """The check a yes/no question makes, or None when the question is not a yes/no one. `ambiguous`: the units
    written so that they fit several (as written, candidates)."""
    if language == "en":
        if not _EN_CHECK.search(question) or _EN_WH.search(question):
            return None
        roles = _LEADING_BODY_EN.sub(" ", question)
        lead, role = _LEAD_EN.search(roles), _ROLE_EN.search(roles)
    else:
        if not _ZH_CHECK.search(question) or _ZH_WH.search(question):
            return None
        posted = _POST_CHECKED.search(question) if units or ambiguous else None
        if posted and not ambiguous:  # 是州委办公室的分管负责人吗: the post of the units' person
            return Check("post", "any", units, written, post=posted["post"])
        verbs = POST.sub("", question)  # 负责 of 主要负责同志 is a post, not a role
        lead, role = _LEAD_ZH.search(verbs), _ROLE_ZH.search(verbs)
    if (units or ambiguous) and (lead or role):
        written = (*written, *(w for w, _ in ambiguous))
        alternatives = tuple(candidates for _, candidates in ambiguous)
        return Check("unit", "lead" if lead else "any", units, written, alternatives=alternatives)
    if language == "en" and (lead or role) and not units and not ambiguous:
        # Is … led by the Ministry of Education?: the unit named after `by`, as CC-CEDICT glosses it (教育部)
        held = HELD_BY_EN.search(question)
        phrase = re.sub(r"^(?:the|a|an)\s+", "", held["holder"].strip(), flags=re.I) if held else ""
        unit = next((w for w in headwords(phrase) if looks_like_unit(w)), None) if phrase else None
        if unit is not None:
            return Check("unit", "lead" if lead else "any", (unit,), (phrase,))
    named = _UNIT_CHECKED.search(question) if language != "en" and (lead or role) and not units else None
    if named and not ambiguous and looks_like_unit(named["unit"]):
        unit = named["unit"]
        return Check("unit", "lead" if lead else "any", (unit,), (unit,))
    unnumbered = _DOC_NUMBER.sub(" ", question)
    days = days_in(unnumbered) if language != "en" else []
    for day in days:  # the digits of a day (12月31日) are no value checked
        unnumbered = unnumbered.replace(day.text, " ")
    numbers = _VALUE.finditer(unnumbered)
    found = [m for m in numbers if m.group(2) != "年" or len(m.group(1)) < 4]
    # the piece framed as the question (…增长8.5%以上，是否要求在2021年12月31日前完成): a day there with no value
    # beside it is what is checked; the value before the comma only names the item
    framed = _framed_piece(question)
    if days and days[-1].text in framed and not any(m.group(0) in framed for m in found if m.group(1)):
        return Check("date", day=days[-1])
    if found and not units and not ambiguous:
        number = found[-1]
        return Check("value", value=(float(number.group(1)), number.group(2) or ""))
    if days:  # 是2024年5月印发的吗: the day is checked
        return Check("date", day=days[-1])
    periods = periods_in(framed) if language != "en" else []
    if periods:  # 联席会议是每季度召开一次吗: the period of the act is checked
        return Check("period", period=periods[-1])
    return _statement(question) if language != "en" else None


# an existence asked of documents (有没有支持…的政策, 有没有相关文件): answered by what the documents hold, no
# statement checked; a measure asked (有没有对OPC发放算力券补贴) is a statement the clauses may write
_POLICY_ASKED = re.compile(r"有没有.*(?:政策|文件|措施|办法|规定|方案|意见|通知)[吗呢？?。!！\s]*$")


def _framed_piece(question: str) -> str:
    """The comma-separated piece of a question holding its yes/no frame (是否, 是不是, 吗), else its last piece."""
    pieces = [p for p in re.split(r"[，,；;：:]", question) if p.strip()]
    framed = [p for p in pieces if _ZH_CHECK.search(p)]
    return framed[-1] if framed else pieces[-1] if pieces else ""


def _statement(question: str) -> Check | None:
    """A statement a Chinese question asks to confirm (是不是把内蒙古定位为…, 部际联席会议可以刻制印章吗, 有没有对OPC
    发放算力券补贴): the comma-separated piece holding the frame, less the frame, its modal words and the document it
    is checked in; a negation word (不, 不得, 无需) is taken off and kept as `negated`. None for a request
    (能帮我列一下吗), an existence of documents asked (有没有…政策: answered by what the documents hold), or a piece
    too short to check."""
    if _POLICY_ASKED.search(question) or _REQUEST.search(question):
        return None
    pieces = [p for p in re.split(r"[，,；;：:]", question) if p.strip()]
    framed = [p for p in pieces if re.search(r"是不是|是否|有没有", p)]
    piece = framed[-1] if framed else pieces[-1] if pieces else ""
    text = _WRITTEN_IN.sub("", _STATEMENT_FRAME.sub("", piece.replace("有没有", ""))).strip()
    words = jieba.lcut(text)
    negated = any(w in _NEGATION_WORDS for w in words)
    statement = "".join(w for w in words if w not in _NEGATION_WORDS and w not in _MODAL_WORDS)
    if len(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", statement)) < 4:
        return None
    return Check("statement", statement=statement, negated=negated)


def _amount(value: tuple[float, str]) -> tuple[float, str]:
    number, unit = value
    factor = _MULTIPLIER.get(unit)
    if factor:
        return number * factor, "元" if unit.endswith("元") or unit in ("万", "亿", "万亿") else unit
    return number, "%" if unit == "％" else unit


def values_in(text: str) -> list[tuple[float, str]]:
    """Every number of a text with what it counts, amounts in 元 (100万元 and 1000000元 are one value)."""
    return [_amount((float(m.group(1)), m.group(2) or "")) for m in _VALUE.finditer(text)]


def judge(check: Check, found: Answer, question: str = "") -> bool | None:
    """Yes or no from the open question's answer; None when that answer does not settle it. A value the first
    cited clause writes in the piece about the thing the question names (`question`) is a yes, whatever other value
    the answer's headline gives (2025年突破5.5万家 beside the headline's 2024年突破5万家)."""
    if found.abstained:
        return None
    if check.kind == "unit":
        if found.others is None:  # not a responsibility answer: no note to check the unit against
            return _held_by_body(check, found)
        named = set(found.leads or ((found.lead,) if found.lead else ()))
        if check.role == "any":
            named |= set(found.others)
        return all(unit in named for unit in check.units) and all(
            any(c in named for c in candidates) for candidates in check.alternatives
        )
    assert check.value is not None
    asked = _amount(check.value)
    if question and bound_piece(asked, found, question) is not None:
        return True
    headline = found.answer.split("\n", 1)[0]
    stated = [v for v, u in values_in(headline) if u == asked[1] or not asked[1] or not u]
    if not stated and asked[1] and _in_clause(check, found) is not None:  # 80% asked, the headline's 1000万元
        stated = [v for v, u in values_in(_in_clause(check, found) or "") if u == asked[1]]
    if not stated:
        return None
    return any(abs(v - asked[0]) < 1e-9 for v in stated)


def bound_piece(asked: tuple[float, str], found: Answer, question: str) -> str | None:
    """The piece in which the first cited clause writes the value asked (its number and measure) in a piece about the thing
    the question names — the pieces writing a value of that measure that share most of the question's words — and,
    when the question names a year, with that year the last written before it (2025年突破5.5万家); None when it
    writes it in no such piece."""
    if not found.citations or not asked[1] or not re.search(r"[\u4e00-\u9fff]{2}", question):
        return None  # an English question shares no words with the clause's pieces: none is known to be about it
    measured = [p for p in pieces_of(found.citations[0].clause.text) if any(u == asked[1] for _, u in values_in(p))]
    year = _YEAR_ASKED.findall(question)
    for piece in about_question(_VALUE.sub(" ", question), measured):
        for m in _VALUE.finditer(piece):
            value = _amount((float(m.group(1)), m.group(2) or ""))
            if value[1] != asked[1] or abs(value[0] - asked[0]) > 1e-9:
                continue
            written = _YEAR_ASKED.findall(piece[: m.start()])
            if not year or (written and written[-1] == year[-1]):
                return piece
    return None


_YEAR_ASKED = re.compile(r"((?:19|20)\d\d)\s*年")


def _held_by_body(check: Check, found: Answer) -> bool | None:
    """A lead checked of a body (联席会议的牵头单位是X吗) judged on the body's answer (…联席会议：牵头：市场监管总局):
    yes when what it gives holds every unit checked, no when it gives another; None for any other answer."""
    if found.intent != "organization" or found.abstained or check.role != "lead" or check.alternatives:
        return None
    line = found.answer.split("\n", 1)[0].split("依据：", 1)[0]
    held = line.split("：", 1)[1] if "：" in line else ""
    if not held.strip(" 。：:"):
        return None
    return all(u in held for u in check.units) or (bool(check.written) and all(w in held for w in check.written))


def _in_clause(check: Check, found: Answer) -> str | None:
    """The piece of the first cited clause stating a value of the kind checked (给予最高80%的风险补偿 where the
    answer's headline gives an amount in 元), or None."""
    if check.value is None or not found.citations:
        return None
    unit = _amount(check.value)[1]
    for piece in re.split(r"[。；;，,]", found.citations[0].clause.text):
        if any(u == unit for _, u in values_in(piece)):
            return piece.strip()
    return None


def post_written(check: Check, found: Answer) -> tuple[bool, str] | None:
    """A post checked (是州委办公室的分管负责人吗) judged on the open answer's clauses: the first piece naming a
    unit checked with a post written after it (责任人：州委办公室、州政府办公室主要负责人) — yes when that post is the
    one asked, no when it is another — with the piece; None when no cited clause writes a post after the unit."""
    names = [n for n in (*check.units, *check.written) if n]
    for hit in found.citations[:3]:
        for piece in re.split(r"[。；;，,\n]", hit.clause.text):
            at = min((piece.find(n) + len(n) for n in names if n in piece), default=-1)
            posts = [m.group(0) for m in POST.finditer(piece[at:])] if at >= 0 else []
            if posts:
                return _same_post(check.post, posts), piece.strip()
    return None


def _same_post(asked: str, written: Sequence[str]) -> bool:
    """Whether a post written is the one asked: 负责同志 and 负责人 are one post."""
    return _post_key(asked) in {_post_key(p) for p in written}


def _post_key(post: str) -> str:
    return post.replace("负责同志", "负责人").replace("领导同志", "领导")


def answer_post(q: Question, found: Answer) -> Answer:
    """The answer to a post checked: 是 / 不是 and the piece writing the unit's post, or the open answer said
    not to settle it (abstained)."""
    assert q.check is not None
    written = post_written(q.check, found) if not found.abstained else None
    if written is None:
        return unsettled(q, found)
    verdict, piece = written
    en = q.language == "en"
    head = ("Yes." if verdict else "No.") if en else ("是。" if verdict else "不是。")
    head += f" The clause says: “{piece}”." if en else f"条款原文：“{piece}”。"
    return replace(found, question=q.text, answer=f"{head}\n{found.answer}", verdict=verdict)


def answer_statement(q: Question, stated: Stated, hits: Sequence[Hit]) -> Answer:
    """The answer to a statement checked: 是 when the clause's sentence writes it as asked, 不是 when it writes it
    negated (or writes as stated what is asked negated), quoting that sentence with its clause cited first."""
    assert q.check is not None
    verdict = stated.negated == q.check.negated
    head = "是。" if verdict else "不是。"
    cited = (stated.hit, *(h for h in hits if h.clause.id != stated.hit.clause.id))
    text = f"{head}条款原文：“{stated.sentence.rstrip('。；;')}”。依据：{cite(stated.hit.clause)}"
    return Answer(q.text, "general", text, False, cited, language=q.language, verdict=verdict)


def answer_day(q: Question, judged: tuple[bool, str], hits: Sequence[Hit]) -> Answer:
    """The answer to a day checked (kb.qa.decide.day_checked): 是 when the best clause's piece about the thing
    checked writes that day, 不是 when it writes another, quoting the piece with the clause cited first."""
    verdict, piece = judged
    en = q.language == "en"
    head = ("Yes." if verdict else "No.") if en else ("是。" if verdict else "不是。")
    said = f" The clause says: “{piece}”. Source: {cite(hits[0].clause, 'en')}" if en else (
        f"条款原文：“{piece}”。依据：{cite(hits[0].clause)}"
    )
    return Answer(q.text, "indicator", head + said, False, tuple(hits), language=q.language, verdict=verdict)


def day_unstated(q: Question, hits: Sequence[Hit]) -> Answer:
    """A day (or a period) checked where the best clause writes none: not stated (abstained), that clause cited,
    never a yes or no read off another item's day."""
    en = q.language == "en"
    clause = hits[0].clause
    what = ("how often", "频次") if q.check is not None and q.check.kind == "period" else ("a date", "日期或时限")
    text = (
        f"The documents do not state {what[0]} for this; the clause on it sets none. Source: {cite(clause, 'en')}"
        if en
        else f"文件没有写明这一时间：相关条款没有写{what[1]}。依据：{cite(clause)}"
    )
    return Answer(q.text, "indicator", text, True, tuple(hits), language=q.language)


def unsettled(q: Question, found: Answer) -> Answer:
    """The open answer, said not to settle the check: an abstention, never a guessed yes or no."""
    if found.abstained:
        return replace(found, question=q.text)
    note = (
        "The documents do not settle this check; what they say:"
        if q.language == "en"
        else "文件没有写明能确认这一点的内容；相关内容如下："
    )
    return replace(found, question=q.text, answer=f"{note}\n{found.answer}", abstained=True)


def answer(q: Question, found: Answer) -> Answer:
    """The yes/no answer: 是 / 不是 first, then the open answer as its evidence; an abstention when unsettled."""
    assert q.check is not None
    question, check, language = q.text, q.check, q.language
    verdict = judge(check, found, question)
    if verdict is None:
        return unsettled(q, found)
    en = language == "en"
    head = {(True, True): "Yes.", (True, False): "No.", (False, True): "是。", (False, False): "不是。"}[(en, verdict)]
    leads = found.leads or ((found.lead,) if found.lead else ())
    who = (", " if en else "、").join(leads)
    taking_part = [u for u in check.units if u in (found.others or ())]  # named, but not as the lead
    if check.kind == "unit" and taking_part and leads:
        part = (", " if en else "、").join(taking_part)
        head += (
            f" The lead is {who}; {part} takes part."
            if en
            else f"牵头单位是{who}，{part}为配合单位。"
        )
    elif check.kind == "unit" and not verdict and leads:
        head += f" The lead is {who}." if en else f"牵头单位是{who}。"
    if check.kind == "value" and check.value is not None:  # judged on the clause, not the headline: quote it
        unit = _amount(check.value)[1]
        bound = bound_piece(_amount(check.value), found, question) if verdict else None
        quoted = bound or _in_clause(check, found)
        headline = values_in(found.answer.split("\n", 1)[0])
        if quoted and (all(u != unit for _, u in headline) or (bound and _amount(check.value) not in headline)):
            head += f" The clause says: “{quoted}”." if en else f"条款原文：“{quoted}”。"
    return replace(found, question=question, answer=f"{head}\n{found.answer}", verdict=verdict)
