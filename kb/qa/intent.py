"""Question routing: which kind of answer a question wants, and the part of it that names the topic.

Rules, not a model: the six intents of the contract are told apart by a handful of cue phrases in Chinese and
English, checked most specific first (the working group, a department's duty list, who is responsible, a target,
anything else). Whether the corpus can answer at all is decided later, on the evidence (kb.qa.answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

from kb.types import Intent

Language = Literal["zh", "en"]
Scope = Literal["lead", "any"]
OrgField = Literal[
    "head",
    "convener",
    "deputy_convener",
    "office",
    "office_duty",
    "members",
    "membership",
    "role",
    "name",
    "other",
]


class DepartmentFinder(Protocol):
    def find_in_text(self, text: str) -> list[str]: ...
    def spellings(self) -> list[str]: ...


@dataclass(frozen=True)
class Route:
    """The routed question."""

    intent: Intent
    language: Language
    topic: str  # the question without the words that carry no topic (由哪个单位牵头, who leads…)
    department: str | None = None  # canonical; the department a department_tasks/organization question names
    unknown_department: str | None = None  # a department-like name the registry does not know (县公安局)
    scope: Scope = "any"
    org_field: OrgField | None = None


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


_MARKUP = re.compile(r"<[^>]*>|\[([^\]]*)\]\([^)]*\)|(?:https?|javascript|data):\S*", re.IGNORECASE)


def plain_text(question: str) -> str:
    """The question without HTML tags, link targets and URLs: markup pasted into a question is not its topic
    (and must not make a Chinese question look English)."""
    return re.sub(r"\s+", " ", _MARKUP.sub(lambda m: m.group(1) or " ", question)).strip()


def detect_language(question: str) -> Language:
    """English when Latin letters clearly outnumber Chinese characters."""
    cjk = len(_CJK.findall(question))
    latin = len(_LATIN.findall(question))
    return "en" if latin > 3 * cjk and latin >= 4 else "zh"


# Phrases that only say *what kind* of answer is wanted. Removed from the topic so that they do not drive the
# match (every clause ends with 负责, so "谁负责" would otherwise pull arbitrary clauses up).
_ZH_NOISE = [
    r"由哪(个|些|一个|几个|几家)?(单位|部门|机构|局)(来)?(牵头|负责|主抓|主导|承担)?",
    r"(是)?哪(个|些|一个|几个|几家)?(单位|部门|机构|局)(来)?(牵头|负责|主抓|主导|参与|配合|承担)?",
    r"由谁(来)?(牵头|负责|主抓|主导)?",
    r"谁(来)?(牵头|负责|主抓|抓|管|主导)",
    r"归(谁|哪个单位|哪个部门)(管|负责)?",
    r"(牵头|责任|配合|主责)(单位|部门)(是|有)?(哪个|哪些|哪家)?",
    r"(具体)?(要|需要|应该|应当)?(负责|牵头)(哪些|什么)(任务|工作|事项|事情|事)?",
    r"(的)?(目标|指标)?(值)?(是|为|要)?(达到)?多少",
    r"(培育|发展|做)?成?(多大|多少)(的)?规模",
    r"(是|有)?(什么|哪些|哪几个|哪几家|哪几项|哪几|啥)",
    r"(承担|具体)?(有|的)?(哪些|什么)?(措施|举措|安排|要求|思路|做法|打算|方面|部署|考虑)",
    r"(如何|怎么|怎样|怎么样|咋)",
    r"(请问|请|一下|具体|主要|分别|呢|吗|啊|呀|吧)",
    r"[？?。！!，,、：:；;“”\"' ]",
]
_ZH_NOISE_RE = re.compile("|".join(f"(?:{p})" for p in _ZH_NOISE))

_EN_NOISE_RE = re.compile(
    r"\b(who|whom|which|what|how|much|many|is|are|was|were|the|a|an|of|in|on|for|to|by|does|do|did|will|"
    r"should|be|being|responsible|leads?|leading|in charge|charge|department|departments|bureau|unit|units|"
    r"body|bodies|agency|agencies|take|takes|part|tasks?|plan|county|target|targets|goal|set|according)\b|[?.,!]",
    re.IGNORECASE,
)

# --- cue phrases, most specific first ---
_ORG_ZH = re.compile(
    r"专班|领导小组|召集人|成员单位|办公室设|办公室在|专班办公室|推进机制|工作机制|工作机构|组长|成立了?(什么|哪个)"
)
_ORG_EN = re.compile(
    r"working group|task force|taskforce|convener|convenor|leading group|\bmembers?\b|office of",
    re.IGNORECASE,
)
_TASKS_ZH = re.compile(
    r"(负责|牵头|参与|配合|承担|分管|主抓|抓|要做|要干|干|做|涉及|管)(了|的是|的|些)?(哪些|什么|哪几项|哪项|几项|多少项|啥)"
    r"(?!部门|单位|机构|局|地方)(任务|工作|事|事项|事情|职责)?"
    r"|(哪些|什么|几项|哪几项|哪几条|啥)(任务|工作|事项|职责)|(任务|工作|职责|事项)(有|是)(哪些|什么|哪几项|哪几条)"
    r"|的(有|是)哪几(项|条)|任务清单|职责清单|分工(是|有)"
    r"|做些什么|干些什么|干啥|做啥"
)
_TASKS_EN = re.compile(
    r"what (tasks|work|duties|responsibilities|does|do|is|are)|which (tasks|clauses|measures|duties)|"
    r"list (the )?(tasks|duties)|duties of|tasks of|responsibilities of|responsible for what|in charge of what",
    re.IGNORECASE,
)
_LEAD_SCOPE_ZH = re.compile(
    r"牵头(了|抓|干|做|负责|承担)?(的)?(是|有)?(哪些|什么|几项|哪几项|哪几条|哪项|多少|任务|工作|事)"
    r"|主抓(哪些|什么)|作为牵头"
)
_LEAD_SCOPE_EN = re.compile(r"\blead(s|ing)?\b(?! (by|to))|\bin the lead\b|\bas (the )?lead\b", re.IGNORECASE)
_WHO_ZH = re.compile(
    r"谁|哪(个|些|几个|几家)?(单位|部门|局)|(单位|部门)(是|有)哪|什么(单位|部门)|哪家|牵头|负责|主抓|主责|主管|对口|"
    r"配合|责任(单位|部门)|归口|找哪"
)
_WHO_EN = re.compile(
    r"\bwho\b|which (department|bureau|unit|body|agency|office)s?|responsible|in charge|\bleads?\b|"
    r"whose (job|task|responsibility)|\bhandles?\b|\bowns?\b",
    re.IGNORECASE,
)
_INDICATOR_ZH = re.compile(
    r"多少|几(个|家|项|名|件|成)|目标|指标|增长|比重|比例|占比|覆盖率|完成率|改造率|达到|提高到|百分之|"
    r"数量|幅度|拥有量|额|多大|哪一?年|什么时候|何时|截止|期限|时限"
)
_INDICATOR_EN = re.compile(
    r"how (much|many)|target|goal|growth|grow|increase|rate|percent|percentage|share|number of|figure",
    re.IGNORECASE,
)
_DEPT_LIKE = re.compile(
    r"((?:县|市|省)?[\u4e00-\u9fff]{1,10}?(?:局|委员会|委|办公室|办|部|中心|支局|分局|院|所))"
)

_ORG_FIELDS_ZH: list[tuple[OrgField, re.Pattern[str]]] = [
    ("other", re.compile(r"电话|联系方式|地址|邮箱|多久|几次|频次|频率|开会|会议|经费|预算|编制|人数")),
    ("deputy_convener", re.compile(r"副召集人")),
    ("convener", re.compile(r"召集人")),
    ("office_duty", re.compile(r"办公室.*(负责|职责|做什么|干什么|承担)")),
    ("office", re.compile(r"办公室")),
    ("membership", re.compile(r"是(不是)?.*成员|成员.*(吗|包括.*吗|有没有)|是否.*成员|在不在.*(成员|专班)")),
    ("members", re.compile(r"成员|哪些单位|哪些部门|包括")),
    ("role", re.compile(r"(角色|职务|担任|任什么|什么身份|起什么作用)")),
    ("head", re.compile(r"牵头|负责人|谁(来)?(领导|负责|抓)|组长|由谁|领导")),
    ("name", re.compile(r"叫什么|名称|(什么|哪个)(工作)?(机构|专班|小组)|成立")),
]
_ORG_FIELDS_EN: list[tuple[OrgField, re.Pattern[str]]] = [
    ("other", re.compile(r"phone|address|e-?mail|how often|meet(s|ing)?\b|budget|staff", re.IGNORECASE)),
    ("deputy_convener", re.compile(r"deputy conven", re.IGNORECASE)),
    ("convener", re.compile(r"conven", re.IGNORECASE)),
    ("office_duty", re.compile(r"office.*(do|responsib|duty|duties)", re.IGNORECASE)),
    ("office", re.compile(r"office", re.IGNORECASE)),
    ("membership", re.compile(r"\b(is|are) .*\b(a )?members?\b|\bmember of\b", re.IGNORECASE)),
    ("members", re.compile(r"members?|which (departments|units|bodies)", re.IGNORECASE)),
    ("role", re.compile(r"\brole\b|\bposition\b", re.IGNORECASE)),
    ("head", re.compile(r"\bleads?\b|\bhead(s|ed)?\b|in charge|who runs|chair", re.IGNORECASE)),
    (
        "name",
        re.compile(
            r"what (is|was) (the )?(working group|task force)|\bname\b|set up|established", re.IGNORECASE
        ),
    ),
]


def topic_of(question: str, language: Language) -> str:
    """The question without the words that only say what kind of answer is wanted."""
    noise = _EN_NOISE_RE if language == "en" else _ZH_NOISE_RE
    topic = noise.sub(" ", question)
    topic = re.sub(r"\s+", " ", topic).strip()
    return topic or question.strip()


def _org_field(question: str, language: Language, department: str | None) -> OrgField:
    """The working-group fact asked for; a named department with no other cue asks for its role; "other" is a
    fact the structured data does not hold (a phone number, a meeting schedule)."""
    fields = _ORG_FIELDS_EN if language == "en" else _ORG_FIELDS_ZH
    for name, pattern in fields:
        if pattern.search(question):
            if name == "head" and department:
                return "role"
            return name
    return "role" if department else "other"


def _unknown_department(question: str, known: list[str]) -> str | None:
    """A department-like name in the question that the registry did not resolve (县公安局)."""
    for match in _DEPT_LIKE.finditer(question):
        name = match.group(1)
        if not any(name in k or k in name for k in known):
            # "哪个局" / "什么部" are question words, not names
            if re.match(r"^(哪|什么|啥|各|有关|相关|这|那|其他|牵头|配合|责任)", name):
                continue
            return name
    return None


def _without_names(text: str, spellings: list[str]) -> str:
    """The text with every department spelling removed (longest first), and what is left of it stripped."""
    for spelling in spellings:
        text = text.replace(spelling, "")
    return _DUTY_WORDS.sub("", _DEPT_LIKE.sub("", text)).strip()


# What is left of "县林业局在方案中的职责" once the name is gone: words about duties in general, no topic.
_DUTY_WORDS = re.compile(
    r"在|本|这个|该|方案|文件|里|中|的|主要|具体|有|要|需要|应|都|分别|哪些|什么|啥|任务|职责|工作|事项|事|分工|作用|角色|"
    r"负责|承担|牵头|配合|参与|管|做|干|情况|清单|一览|[\s，,。？?！!、]"
)


def route(question: str, departments: DepartmentFinder) -> Route:
    """Route one question to an intent; department names resolved through the registry."""
    language = detect_language(question)
    en = language == "en"
    topic = topic_of(question, language)
    named = departments.find_in_text(question)
    department = named[0] if named else None

    if (_ORG_EN if en else _ORG_ZH).search(question):
        return Route(
            "organization",
            language,
            topic,
            department=department,
            org_field=_org_field(question, language, department),
        )

    asks_tasks = bool((_TASKS_EN if en else _TASKS_ZH).search(question))
    if asks_tasks:
        unknown = None if en else _unknown_department(question, named)
        if department or unknown:
            scope: Scope = "lead" if (_LEAD_SCOPE_EN if en else _LEAD_SCOPE_ZH).search(question) else "any"
            if unknown and not department:
                return Route("department_tasks", language, topic, unknown_department=unknown, scope=scope)
            return Route("department_tasks", language, topic, department=department, scope=scope)

    if department and not en and not _without_names(topic, departments.spellings()):
        # nothing but a department's name and duty words (林业局 / 林业局在方案中的职责): what it does
        return Route("department_tasks", language, topic, department=department)
    if (_WHO_EN if en else _WHO_ZH).search(question):
        return Route("responsibility", language, topic, department=department)
    if (_INDICATOR_EN if en else _INDICATOR_ZH).search(question):
        return Route("indicator", language, topic, department=department)
    return Route("general", language, topic, department=department)
