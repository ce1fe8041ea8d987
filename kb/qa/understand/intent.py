"""Understanding a question: which kind of answer it wants (its intent), and what it names — the units, the
place, whether it asks only what a unit leads, the working-group field, whether it asks an actual result — and
the part of it that names the topic.

The intent comes from a classifier fit on labelled phrasings (`kb.qa.understand.router`); rules are kept only for forms that
cannot be mistaken (`成员单位`, `召集人`; a unit's name with nothing but duty words). Pulling out the unit, the
place, the scope and the asked field is separate from choosing the intent. Whether the corpus can answer at all is
decided later, on the evidence (kb.qa.engine).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

import jieba

from kb.qa.understand.issuer import issues_named_document
from kb.qa.understand.router import Router, intent_model
from kb.settings import PROJECT_ROOT
from kb.types import Intent

jieba.setLogLevel(logging.WARNING)

ROUTER_EXAMPLES = PROJECT_ROOT / "eval" / "router"

Language = Literal["zh", "en"]
Scope = Literal["lead", "any"]
OrgField = Literal[
    "head",
    "office_head",
    "office_deputies",
    "convener",
    "deputy_convener",
    "first_deputy",
    "daily_work",
    "office",
    "office_duty",
    "members",
    "membership",
    "formed_by",
    "duty",
    "role",
    "name",
    "other",
]


class DepartmentFinder(Protocol):
    def find_in_text(self, text: str) -> list[str]: ...
    def spellings(self) -> list[str]: ...


class UnitMentionLike(Protocol):
    @property
    def span(self) -> tuple[int, int]: ...
    @property
    def written(self) -> str: ...
    @property
    def candidates(self) -> tuple[str, ...]: ...


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
    departments: tuple[
        str, ...
    ] = ()  # every unit the question names, resolved, in order (department is the first)
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (as written, candidates) of units it may mean
    written: tuple[str, ...] = ()  # the resolved units as the question writes them (科工信局), in order
    places: tuple[str, ...] = ()  # places of the indexed documents the question names
    asks_actual: bool = False  # an actual or past result (去年实际增长了多少), where plans set targets
    # phrased as nothing the documents are about (天气, 写首诗): answered only on strong evidence
    off_topic: bool = False
    # a long question's last parts, where it asks (我是…想问一下，…最高能补多少): its topic without the story
    focus: str = ""


_CJK = re.compile(r"[\u4e00-\u9fff]")
# what a question asks units by after its question word: 部门, 单位, 机构, or the organisational endings run
# together (哪些厅局, 哪些委办局, 哪个局) — not a word opening with one (办法, 办理, 局面, 委员)
UNITS_NOUN = r"(?:部门|单位|机构|[厅局委办]{1,3}(?![法理公事面势限部]|员(?!会)))"
# several units asked by a question word (协办的都有哪些厅局, 还有哪几个部门配合)
ASKS_UNITS_BY_NOUN = re.compile(rf"(?:哪些|哪几个?|有哪){UNITS_NOUN}")
_GROUP_BODY = re.compile(r"(?:工作专班|领导小组|工作组|协调小组|专班|指挥部|联席会议)$")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(question: str) -> Language:
    """English when Latin letters clearly outnumber Chinese characters."""
    cjk = len(_CJK.findall(question))
    latin = len(_LATIN.findall(question))
    return "en" if latin > 3 * cjk and latin >= 4 else "zh"


# the nouns a question over several places asks by (哪些地方, 哪些文件, 哪些城市)
# two levels: 省市, 区县, 县区, 市县; one level by its word (哪几个省, 哪些地级市, 哪些区), not where the word opens a
# unit's or another word (哪些市级部门, 市直单位, 区委, 市场, 区域, 乡村)
LEVEL_NOUNS = r"(?:地级市|县级市|自治区|乡镇|街道|[省市县区州旗镇乡])(?![级委直属场长民域政府部门村内])"
_PLACE_NOUNS = rf"地方|城市|省份|地区|地市|[省市县区州旗]{{2}}|文件|政策|{LEVEL_NOUNS}"
# a question asking which places answer it (哪些地方的政策提到了…, 各地, which cities): every place is listed
# a question asking which places (哪些地方的政策提到了…, which cities), the places being what it asks
WHICH_PLACES_ASKED = re.compile(
    rf"(?:哪些|哪几个|哪几|有哪)(?:{_PLACE_NOUNS})|"
    r"\bwhich (?:cities|places|provinces|regions|documents|policies|governments|districts|counties|prefectures"
    r"|municipalities|towns|townships)\b",
    re.IGNORECASE,
)
# 各地 / 各市 / 各区 ask of each place (各市分别…, 北京各区对…), but not where they open a unit's name (各县（市、区）
# 人民政府, 各区县政府, 各市级部门)
_EACH_PLACE = r"各(?:地|省份|城市|地市|区县|省|市|区|县)(?![（(〔、]|人民政府|政府|级|委|部门|单位|县|区|市|乡|镇|街道)"
# a question asking which places answer it or asking it of each place: every place is listed
WHICH_PLACES = re.compile(rf"{WHICH_PLACES_ASKED.pattern}|{_EACH_PLACE}", re.IGNORECASE)

# the kind of document a question over several places looks in, after 哪些地方 / 各地: 政策, 方案, 文件, or after 的 a
# phrase of at most ten characters ending in 文件 (分工文件, 政府工作报告分工文件) — where to look, not what is asked
_KIND_OF_DOCUMENT = r"(?:政策|方案|文件|(?<=的)[\u4e00-\u9fff]{1,10}文件)?"
# the verb of that frame (…给出了, …规定, …把X定在): it says the documents hold something, not what
_FRAME_VERB = r"(提到|提出|提及|写到|写了|规定|涉及|给出|明确|安排|把)?(了|要|过)?"

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
    # with the measure word it is asked in (多少家村卫生室: 家 counts, 村卫生室 is the topic), unless the
    # character begins a word (多少项目, 多少个人)
    r"(的)?(目标|指标)?(值)?(是|为|要)?(达到)?多少(?:个(?!人|体)|家(?!庭)|户(?!籍)|名(?!额|单)|项(?!目)|所|座|次|件|套|批|台(?!账))?",
    r"(培育|发展|做)?成?(多大|多少)(的)?规模",
    # the asker's verb of reaching a value: a modal, one character of verb and 到 before the number asked (要冲到多少,
    # 能干到几个, 得搞到多少) says a level is asked, not what it is of; the documents' own two-character verbs
    # (提高到, 增长到) are no such form and stay topic words
    r"(?:要|能|得|可以?|会|想)[\u4e00-\u9fff]到(?=多少|几)",
    # the frame of a question over several places (哪些地方的政策提到了…, 哪些文件提出要…): where, not what
    rf"(有)?(哪些|哪几个|哪几|哪个|什么)({_PLACE_NOUNS}|方案)(的)?{_KIND_OF_DOCUMENT}(里|中)?(都)?{_FRAME_VERB}",
    # each place asked of (各地…, 北京各区对…): who is asked, not what
    _EACH_PLACE + rf"(的)?(都|分别)?(?:{_KIND_OF_DOCUMENT}(里|中)?{_FRAME_VERB})?",
    r"(是|有)?(什么|哪些|哪几个|哪几家|哪几项|哪几|啥)",
    r"(承担|具体)?(有|的)?(哪些|什么)?(措施|举措|安排|要求|思路|做法|打算|方面|部署|考虑)",
    r"(如何|怎么|怎样|怎么样|咋)",
    r"(最多|最高|最少|最低|一共|总共)?(能|可以|可)(拿|贷|补(?![助贴])|奖(?!励)|领|获得|申请|得到)(到)?",
    r"(请问|请|一下|具体|主要|分别|呢|吗|啊|呀|吧)",
    # 各 / 各自 standing for 分别 before what is asked (各是多少, 各自定在多少, 各为什么): over the items or places
    # named before it, no topic of its own
    r"各自?(?=(?:是|为|有|定在|定为|达到)?(?:多少|几|什么|哪|啥))",
    # a verb asked with its negation (要不要参与, 是不是, 有没有, 能不能): the asking form, not a topic word (不要)
    r"(?P<asked_verb>[\u4e00-\u9fff])[不没](?P=asked_verb)",
    r"[？?。！!，,、：:；;“”\"' ]",
]
_ZH_NOISE_RE = re.compile("|".join(f"(?:{p})" for p in _ZH_NOISE))

_EN_NOISE_RE = re.compile(
    r"\b(who|whom|which|what|how|much|many|is|are|was|were|the|a|an|of|in|on|for|to|by|does|do|did|will|"
    r"should|be|being|responsible|leads?|leading|in charge|charge|department|departments|bureau|unit|units|"
    r"body|bodies|agency|agencies|take|takes|part|tasks?|plan|county|target|targets|goal|set|according)\b|[?.,!]",
    re.IGNORECASE,
)

# --- what a question asks beyond its intent ---
# what a unit leads, however the asked-for things are named (牵头的活/举措/OPC任务有哪些, 哪些任务由它牵头)
_LEAD_SCOPE_ZH = re.compile(
    r"牵头(?:了|抓|干|做|负责|承担)?(?:的)?[^，,。？?！!]{0,8}?(?:是|有)?(?:哪些|哪几|哪项|哪一项|哪件|什么|啥|几项|几件|几个|多少)"
    r"|牵头(?:了|的)?(?:任务|工作|事项|事情|事|活|举措|措施|项目)"
    r"|(?:哪些|哪几|什么|几项|几件)[^，,。？?！!]{0,16}牵头|主抓(?:哪些|什么)|作为牵头"
)
_LEAD_SCOPE_EN = re.compile(r"\blead(s|ing)?\b(?! (by|to))|\bin the lead\b|\bas (the )?lead\b", re.IGNORECASE)
_DEPT_LIKE = re.compile(
    r"((?:县|市|省)?[\u4e00-\u9fff]{1,10}?(?:局|委员会|委|办公室|办|部|中心|支局|分局|院|所))"
)

_ORG_FIELDS_ZH: list[tuple[OrgField, re.Pattern[str]]] = [
    # who calls the body's meetings (工作会议由谁召集): its convener, not a meeting's schedule
    ("convener", re.compile(r"(?<!联席)会议?[^，,。？?]{0,10}?(?:召集(?!人)|conven(?!er))", re.IGNORECASE)),
    # 会议 is a meeting asked about (多久开一次会议), not the 会议 of a 联席会议's name
    ("other", re.compile(r"电话|联系方式|地址|邮箱|多久|多长时间|(?<!第)几次|频次|频率|开会|开[一几]次会|(?<!联席)会议|经费|预算|编制|人数")),
    ("first_deputy", re.compile(r"第一副(?:组长|召集人|指挥长)")),
    ("deputy_convener", re.compile(r"副召集人|副总召集人|副组长")),
    ("head", re.compile(r"总召集人")),  # the chief convener heads the body; 召集人 alone is another role
    ("convener", re.compile(r"召集")),
    ("daily_work", re.compile(r"日常(?:工作|事务)(?!召集)")),
    # the office's deputies (办公室常务副主任, 办公室副主任): a post of the office, not of the body
    ("office_deputies", re.compile(r"办公室[^，,。？?]{0,4}?(?:常务|执行|专职)?副主任")),
    ("office_head", re.compile(r"办公室主任|办公室.*(负责人|谁负责|由谁负责)")),
    # where the office sits (办公室设在哪, 挂靠在哪个部门) before what it does: 负责 of 由哪个部门负责 is no duty then
    ("office", re.compile(r"办公室(?:设在|设于|挂靠|依托|放在|在)(?:哪|什么|何)")),
    ("office_duty", re.compile(r"办公室.*(负责|职责|做什么|干什么|承担)")),
    ("office", re.compile(r"办公室")),
    ("membership", re.compile(r"是(不是)?.*成员|成员.*(吗|包括.*吗|有没有)|是否.*成员|在不在.*(成员|专班)")),
    # 包括 after 职能/职责 lists what the body does (主要职能包括哪些方面), not who is in it
    ("members", re.compile(r"成员|哪些单位|哪些部门|(?<!职能)(?<!职责)包括|(?:多少|几)个?(?:部门|单位)")),
    # who sets the body up (哪个部门会同有关部门组建的, 由哪个部门建立…联席会议机制): not who heads it
    (
        "formed_by",
        re.compile(
            r"(?:哪个|哪些|什么|哪家)(?:部门|单位|机构)[^，,。？?]{0,12}?(?:组建|建立|成立|设立)"
            r"|由谁(?:组建|建立|成立|设立)|谁(?:组建|建立|设立)的|(?:组建|建立|成立|设立)的[？?]?$"
        ),
    ),
    # what the body itself does (专班主要职责是什么, 领导小组负责什么)
    # (管哪些事, 负责哪些工作: the asking word with the kind of thing done)
    ("duty", re.compile(r"职责|职能|(?:做|干|管|负责)(?:什么|哪些|啥)|(?:主要)?任务是")),
    # 组长由谁担任 asks the head, and so does 是由担任组长吗 (a holder checked, taken out)
    ("role", re.compile(r"(角色|职务|(?<!由谁)(?<!由)担任|任什么|什么身份|起什么作用)")),
    # 领导 asks who leads, but not inside a 领导小组's name
    ("head", re.compile(r"牵头|负责人|谁(来)?(领导|负责|抓)|组长|指挥长|由谁|领导(?!小组)|挂帅|一把手")),
    ("name", re.compile(r"叫什么|名称|(什么|哪个)(工作)?(机构|专班|小组)|成立")),
]
_ORG_FIELDS_EN: list[tuple[OrgField, re.Pattern[str]]] = [
    ("convener", re.compile(r"\b(?:conven|chair)\w* (?:the |its )?(?:\w+ )?meetings?|meetings?\b.{0,30}\bconven", re.I)),
    ("other", re.compile(r"phone|address|e-?mail|how often|meet(s|ing)?\b|budget|staff", re.IGNORECASE)),
    ("first_deputy", re.compile(r"first (deputy|vice)", re.IGNORECASE)),
    # vice as a word of its own (vice-chair), never the end of another (the service sector)
    ("office_deputies", re.compile(r"\b(deputy|vice)[- ]director", re.IGNORECASE)),
    # a deputy role asked (vice-convener, vice head), not a post held (headed by a Vice Premier)
    ("deputy_convener", re.compile(r"\bdeputy (conven|head|leader|chief)|\bvice[- ](?:conven|head|leader|chief|chair)", re.I)),
    ("head", re.compile(r"(general|chief|lead) conven", re.IGNORECASE)),
    ("convener", re.compile(r"conven", re.IGNORECASE)),
    ("daily_work", re.compile(r"day-to-day|daily (work|affairs|business)", re.IGNORECASE)),
    ("office_head", re.compile(r"(director|head|chief) of (the |its )?office|office (director|head)", re.I)),
    # where the office sits (Where is the office … located?) before what it does; whole words (the do of Guangdong),
    # bounded as ASCII words so that 的office is one
    ("office", re.compile(r"\bwhere\b.*\boffice\b|\boffice\b.*\b(?:located|based|housed|hosted|sits?)\b", re.I | re.A)),
    ("office_duty", re.compile(r"\boffice\b.*\b(?:do|does|responsib\w*|duty|duties)\b", re.I | re.A)),
    ("office", re.compile(r"office", re.IGNORECASE)),
    ("membership", re.compile(r"\b(is|are) .*\b(a )?members?\b|\bmember of\b", re.IGNORECASE)),
    ("members", re.compile(r"members?|which (departments|units|bodies)|\bhow many (?:\w+ )?(?:departments|units|bodies)\b", re.I)),
    ("formed_by", re.compile(r"\b(?:who|which \w+) (?:set|sets|formed|forms|established|establishes) (?:up )?", re.I)),
    ("duty", re.compile(r"\bwhat (?:does|do)\b.*\bdo\b|\bduties\b|\bresponsibilities\b|responsible for what", re.I)),
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


# what a question leaves out of what it asks: （不算组长和副组长）, 除组长外
_LEFT_OUT = re.compile(r"[（(]?(?:不算|不含|不包括|除了?|not counting|excluding)[^，,。？?）)]{0,20}(?:[）)]|外|以外)?", re.I)


# a body's post checked against a holder the question names (组长是工业和信息化部部长苗圩吗, 张三是…领导小组的组长吗,
# Is the Minister of … the head of …?): a yes or no on that post — the unit or post named is the holder checked,
# not the unit whose role is asked nor the post asked (组长是县政府办公室主任X吗 asks the 组长)
_POST = r"(?:第一副组长|副组长|组长|副总召集人|总召集人|副召集人|召集人|副指挥长|指挥长|负责人|办公室主任)"
_POST_CHECKED_ZH = (
    # the holder before the post it serves as: …专班是由县科技局局长担任组长吗 (the body before 是 is no holder)
    re.compile(rf"由(?P<holder>[^是由，,。？?]{{2,40}}?)(?:本人|亲自)?(?:担任|兼任|出任){_POST}的?(?:吗|么|嘛)?[？?。!！\s]*$"),
    re.compile(
        rf"{_POST}[^，,。？?]{{0,4}}?(?:是不是|是|由)(?P<holder>[^，,。？?]{{1,40}}?)(?:本人|亲自)?(?:担任|兼任)?的?"
        r"(?:吗|么|嘛)?[？?。!！\s]*$"
    ),
    re.compile(rf"^(?P<holder>[^是由，,。？?]{{2,20}}?)(?:是不是|是)[^，,。？?]{{1,60}}?的?{_POST}(?:吗|么|嘛)?[？?。!！\s]*$"),
)
_CHECK_ZH = re.compile(r"(?:吗|么|嘛)[？?。!！\s]*$|是不是|是否")
_WH_ZH = re.compile(r"谁|哪|什么|啥|多少|几")
_POST_CHECKED_EN = re.compile(r"^(?!.*\b(?:who|which|what|where|how)\b)\s*(?:is|was)\b.*\b(?:head|leader|chair)\b", re.I)
# the holder an English check names after the role's verb (Is the leading group headed by a Vice Premier?, Is the
# working group convened by the Governor?): the holder checked, no part of the field asked (the Vice of a Vice
# Premier asks no deputy)
HELD_BY_EN = re.compile(
    r"^(?!.*\b(?:who|which|what|where|how)\b)\s*(?:is|was|are|were)\b.*?\b(?:headed|led|chaired|convened|directed)\s+"
    r"by\s+(?P<holder>[^?？]+?)\s*[?？.]*$",
    re.I,
)


def post_checked(question: str, language: Language) -> str | None:
    """The question without the holder it checks a body's post against (组长是X吗 → 组长是吗), or None when it
    checks no post."""
    if language == "en":
        if held := HELD_BY_EN.search(question):
            return question[: held.start("holder")] + question[held.end("holder") :]
        return question if _POST_CHECKED_EN.search(question) else None
    if not _CHECK_ZH.search(question) or _WH_ZH.search(question):
        return None
    for form in _POST_CHECKED_ZH:
        if m := form.search(question):
            return question[: m.start("holder")] + question[m.end("holder") :]
    return None


# a post of a body named as one of several asked together (组长和办公室主任分别是谁): each post word with its field,
# the longer words first (副组长 before 组长); the posts joined by 和/及/与/、 and asked 分别 or 各
_POST_FIELDS: tuple[tuple[str, OrgField], ...] = (
    ("第一副组长", "first_deputy"),
    ("第一副召集人", "first_deputy"),
    ("办公室主任", "office_head"),
    ("副组长", "deputy_convener"),
    ("副召集人", "deputy_convener"),
    ("副指挥长", "deputy_convener"),
    ("总召集人", "head"),
    ("组长", "head"),
    ("指挥长", "head"),
    ("召集人", "convener"),
)
_POST_WORDS = "|".join(w for w, _ in _POST_FIELDS)
_POSTS_JOINED = re.compile(rf"(?:{_POST_WORDS})(?:(?:和|及|与|以及|、)(?:{_POST_WORDS}))+[^，,。？?]{{0,6}}?(?:分别|各)")


def posts_asked(question: str, language: Language) -> tuple[OrgField, ...]:
    """The fields of several posts of a body asked together (组长和办公室主任分别是谁 → head, office_head), in the
    question's order; () unless two or more posts are joined and asked 分别 (each then answered)."""
    joined = _POSTS_JOINED.search(question) if language == "zh" else None
    if joined is None:
        return ()
    field = dict(_POST_FIELDS)
    words = re.findall(_POST_WORDS, joined.group(0))
    fields = tuple(dict.fromkeys(field[w] for w in words))
    return fields if len(fields) > 1 else ()


# an issuer named as a government's general office (the State Council General Office, 县政府办公室印发的): who
# issued the document, not the body's office asked about
_ISSUING_OFFICE = re.compile(r"\bGeneral Office\b|政府办公[室厅](?=印发|发布|关于|那[个份]|[^，,。？?]{0,12}(?:成立|设立|印发))", re.I)


def _org_field(question: str, language: Language, department: str | None) -> OrgField:
    """The working-group fact asked for; a named department with no other cue asks for its role; "other" is a
    fact the structured data does not hold (a phone number, a meeting schedule)."""
    fields = _ORG_FIELDS_EN if language == "en" else _ORG_FIELDS_ZH
    if language == "zh" and re.search(r"[A-Za-z]{3,}", question):
        fields = fields + [f for f in _ORG_FIELDS_EN if f[0] != "other"]  # English words (专班的 office 设在哪里)
    question = _LEFT_OUT.sub("", question)  # 成员有多少人（不算组长和副组长） asks the members
    question = _ISSUING_OFFICE.sub(" ", question)  # the State Council General Office set it up: no office asked
    checked = post_checked(question, language)
    question = checked or question  # the holder's own posts are not the post asked
    for name, pattern in fields:
        if pattern.search(question):
            if name in ("head", "duty") and department and not (name == "head" and checked):
                return "role"  # what a named unit does in the group: its role there
            return name
    return "role" if department else "other"


def _unknown_department(question: str, known: list[str]) -> str | None:
    """A department-like name in the question that the registry did not resolve (县公安局).

    A name ends where a word ends: in `10分钟办公生活圈` the 办 of 办公 does not close a unit `分钟办`.
    """
    word_ends = {end for _, _, end in jieba.tokenize(question)}
    for match in _DEPT_LIKE.finditer(question):
        name = match.group(1).rsplit("或", 1)[-1]  # no name holds 或: 督查室或督查办 names two
        if match.end(1) not in word_ends:
            continue
        if not any(name in k or k in name for k in known):
            # "哪个局" / "什么部" are question words, not names; nor is a phrase holding one (谁来办)
            if re.match(r"^(哪|什么|啥|各|有关|相关|这|那|其他|牵头|配合|责任)", name):
                continue
            if re.search(r"谁|哪|什么|怎么|这些|那些|吗|呢|如何", name):
                continue
            return name
    return None


# the endings a body's name is written with (督查室, 督查办, 考核办, 统计局): the last word of a name, or a
# character jieba leaves alone after a word (督查 / 室)
_NAME_ENDINGS = ("办公室", "中心", "办", "室", "局", "委", "处", "科", "股")
# a unit put in charge, as a question writes it: after 由, or before 负责 / 牵头 / 承担, with the alternatives joined to
# it (由督查室或督查办负责)
_PUT_IN_CHARGE = re.compile(r"由(?P<after>[^，,。？?]{2,24}?)(?:来)?(?:负责|牵头|承担|主抓|组织)")


def units_put_in_charge(question: str) -> list[str]:
    """The names a question puts in charge by the form of a body's name (由督查室或督查办负责 → 督查室, 督查办): a
    word with an organisational ending, of three characters at least; several joined by 或 / 和 / 、 / 及."""
    found = _PUT_IN_CHARGE.search(question)
    if found is None:
        return []
    words = jieba.lcut(found["after"])
    names: list[str] = []
    for i, word in enumerate(words):
        if word in _NAME_ENDINGS and i > 0 and len(words[i - 1]) >= 2 and _CJK.search(words[i - 1]):
            names.append(words[i - 1] + word)  # 督查 / 室
        elif word.endswith(_NAME_ENDINGS) and len(word) >= 3:
            names.append(word)
    return names


_ENGLISH_BODY = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][a-z]+\s+)+(?:Bureau|Department|Commission|Administration|Office|Agency|Ministry))\b"
)


def _unknown_english(question: str) -> str | None:
    """A capitalised body name in an English question (the Public Security Bureau) that no registry spelling
    matched: the question is about a unit the documents may not name."""
    match = _ENGLISH_BODY.search(question)
    return match.group(1) if match else None


def _without_names(text: str, spellings: list[str], places: Sequence[str] = ()) -> str:
    """The text with every department spelling removed (longest first), the places named and the document
    referred to (湖北省OPC若干措施里, 平江科创兴产业方案里), and what is left of it stripped."""
    for spelling in spellings:
        text = text.replace(spelling, "")
    for place in places:
        text = text.replace(place, "").replace(re.sub(r"[省市县区]$", "", place), "")
    text = _DOCUMENT_REFERENCE.sub("", text)
    return _DUTY_WORDS.sub("", _DEPT_LIKE.sub("", text)).strip()


# the kinds a document is named by (公文 genres and the plans' own: 方案, 要点, 分工, 目标任务)
DOCUMENT_KINDS = "方案|计划|意见|措施|十条|政策|办法|通知|文件|规划|要点|分工|报告|清单|目标"
# a question's reference to the document it asks about: …方案里, OPC十条里, 若干措施中, 2016年《政府工作报告》量化指标
# 分工里, 沙坪坝区2022年的预期目标里, 在 OPC 意见里 (its year, 的, book-title marks and spaces inside)
_DOCUMENT_REFERENCE = re.compile(rf"[A-Za-z0-9\u4e00-\u9fff《》“”\s]{{0,24}}?(?:{DOCUMENT_KINDS})(?:里|中|内|当中)")


# What is left of "县林业局在方案中的职责" once the name is gone: words about duties in general, no topic.
_DUTY_WORDS = re.compile(
    r"在|本|这个|该|方案|文件|里|中|的|主要|具体|有|要|需要|应|都|分别|哪些|什么|啥|任务|职责|工作|事项|事|分工|作用|角色|措施|举措|了|吗|呢|啊|呀|"
    r"负责|承担|牵头|配合|参与|管|做|干|情况|清单|一览|哪几|几项|几条|项|条|\blead(?:s|ing)?\b|[\s，,。？?！!、]"
)


_ASKING = re.compile(
    r"多少|几|谁|哪|什么|啥|吗|如何|怎么|怎样|是否|有没有"
    # an English part asks by its question word, or opens with the verb of a yes/no question (Is…, Does…): a part
    # naming a place after a comma (…in Jianye District, Nanjing?) asks nothing
    r"|\b(?:what|which|who|whom|whose|when|where|why|how)\b"
    r"|^\s*(?:is|are|was|were|does|do|did|can|could|will|would|should|must|has|have)\b",
    re.I,
)
LONG_QUESTION = 30  # characters beyond which a question's story is told apart from what it asks
_PARTS = re.compile(r"[，,。；;：:！!？?]")  # a colon too: 想确认一下：…（the lead-in before it is no topic)


# a part saying what kind of asker the question is for (像我这种个人创业者, 作为高校毕业生): the condition of what
# the next part asks
_AS_ONE_OF = re.compile(r"(?:像|作为|身为)我?(?:这种|这样的?|这类)?[\u4e00-\u9fffA-Za-z]{2,}")


# a demonstrative pointing back at what the question said before (这块, 这项任务, 此项, 这些平台), not at the document
# asked about (这个方案里, 该文件中: kb.qa.understand.intent._DOCUMENT_REFERENCE)
_BACK_REFERENCE = re.compile(
    r"(?:这|此|(?<!应)该)一?(?:块|项|个|些|事|方面|部分|条)"
    r"(?![^，,。？?]{0,10}?(?:方案|计划|意见|措施|十条|办法|通知|文件|规划)(?:里|中|内|当中))"
)
# characters before a demonstrative that still open the part (想确认一下这项任务); characters of topic a part must
# have to be what a demonstrative points at (not 想问一下)
_OPENING, _SAYS_SOMETHING = 5, 4
# a first part saying which documents to look in, not what is asked: a short phrase ending in a locative, then a comma
_WHERE_TO_LOOK = re.compile(r"[^，,。？?]{2,16}?(?:里面|里|中|当中|方面)[，,]")


# a question of one part asking a time or a number of a thing named after its owner: X的Y(是)什么时候
_OWNED_ASKED = re.compile(
    r"^(?P<owner>[^，,。？?的]{6,40})的(?P<asked>[^，,。？?的]{2,12}?)(?:是|为|定在|定于)?"
    r"(?:什么时候|何时|哪一?天|多少)[呢啊呀]?[？?]?$"  # asked last: 从哪天开始施行 asks of an act, not a thing
)


def _focus(question: str, language: Language) -> str:
    """The topic of a long Chinese question's last two parts (the story before them is context, not topic), with the
    part an asking part points back at (…面向OPC的大模型服务平台，想问一下这块由哪个部门负责); of a question opening
    with where to look (各地重点工作分解里，…), the part after it."""
    if language == "en":
        return ""
    scoped = _WHERE_TO_LOOK.match(question)
    if scoped and len(_CJK.findall(question[scoped.end() :])) >= 4:
        return topic_of(question[scoped.end() :], language)
    owned = _OWNED_ASKED.search(question)
    if owned and len(_CJK.findall(owned["owner"])) >= 6:
        # X的Y是什么时候 / 是多少: Y is what is asked, X only whose (湖南省第七次全国人口普查的普查标准时点)
        return topic_of(owned["asked"], language)
    if len(question) <= LONG_QUESTION:
        return ""
    parts = [p for p in _PARTS.split(question) if p.strip()]
    if len(parts) < 2:
        return ""
    # the asking part when it says what it asks (问到2028年全市力争认定高新技术企业多少家), else with the part before
    # it; of two parts, the asking one (写材料要用到一个数，…目标是多少家)
    last = parts[-1]
    if len(parts) > 2 and _AS_ONE_OF.match(parts[-2].strip()):
        # 像我这种个人创业者，最高能申请多少: who asks is the condition of the value asked
        return topic_of("，".join(parts[-2:]), language)
    if not _ZH_NOISE_RE.sub("", last).strip():
        # an asking part with no word of its own (各是多少, 分别是多少): what it asks is the whole question's topic
        return ""
    asked = 1 if len(parts) == 2 or (_ASKING.search(last) and len(_CJK.findall(last)) >= 8) else 2
    # an asking part opening by pointing back (这块由哪个部门负责, 想问一下这项任务谁牵头) asks about what the last
    # part saying something said (not about the story before it): that part is its topic too
    if _points_back(parts[-asked]):
        while asked < len(parts):
            asked += 1
            if len(_CJK.findall(topic_of(parts[-asked], language))) >= _SAYS_SOMETHING:
                break
    return topic_of("，".join(parts[-asked:]), language)


def _points_back(part: str) -> bool:
    """Whether a part opens with a demonstrative (after a few words: 想问一下, 海曙区, a reference to the document):
    这一条 after the clause's own name (做好人才保障服务这一条) points at that name, not back."""
    found = _BACK_REFERENCE.search(part)
    before = _DOCUMENT_REFERENCE.sub("", part[: found.start()]) if found else ""  # 想问一下方案里这块
    return found is not None and len(_CJK.findall(before)) <= _OPENING


_GROUP_WORDS = re.compile(
    r"专班|小组|工作组|指挥部|联席会议|委员会|办公室|召集人|组长|成员|牵头领导|分管领导|机构"
    r"|\b(?:working group|task force|group|committee|convener|convenor|members?|office|chair\w*)\b",
    re.IGNORECASE,
)
# units named as alternatives and a part in a task asked (是A牵头还是B牵头, 由A还是B负责): which of them is in
# charge of the topic, not the duties of either
_WHICH_OF_UNITS = re.compile(
    r"还是[^，,。？?！!]{0,16}?(?:牵头|负责|主责|主抓|主管)|(?:牵头|负责|主责|主抓|主管)[^，,。？?！!]{0,16}?还是"
)
_UNMISTAKABLY_ORG = re.compile(
    r"成员单位|召集人|办公室[^。]{0,12}设在|办公室主任|convener|convenor|\bmember units?\b", re.IGNORECASE
)
# a body named by the word its name ends in, and a role of it asked: who sets it up, convenes, heads it
# (由哪个部门建立健全部门联席会议机制, 联席会议由哪个部门召集, 领导小组组长由谁担任)
_BODY = r"(?:联席会议|领导小组|工作专班|专班|指挥部|工作组|协调小组|委员会)(?:机制|制度)?"
_WHO_ASKED = r"(?:谁|哪个(?:部门|单位|机构)|哪些(?:部门|单位)|哪家|什么(?:部门|单位|机构))"
# which body (or its office) is in charge of a task: the body is the answer, as a unit would be
_BODY_IN_CHARGE_ASKED = re.compile(rf"(?:由)?(?:哪个|哪一个|什么){_BODY}(?:的?办公室)?(?:来)?(?:负责|牵头|承担)")
_BODY_ROLE_ASKED = re.compile(
    rf"{_WHO_ASKED}[^，,。？?]{{0,8}}?(?:组建|建立|设立|成立|召集)[^，,。？?]{{0,30}}?{_BODY}"
    rf"|{_BODY}[^，,。？?]{{0,4}}?(?:组长|总召集人|指挥长)?(?:由|是){_WHO_ASKED}[^，,。？?]{{0,6}}?"
    r"(?:组建|建立|设立|成立|召集|牵头|担任|兼任)"
    # checked rather than asked: 联席会议是区经济发展局召集的吗, 领导小组组长是县长吗
    rf"|{_BODY}[^，,。？?]{{0,4}}?(?:组长|召集人|总召集人|指挥长|副组长|副召集人)?(?:是|由)[^，,。？?]{{1,30}}?"
    r"(?:(?:组建|建立|设立|成立|召集|牵头|担任|兼任)的?)?(?:吗|么|嘛)[？?]?$"
    # the body's lead unit asked by its label or its verb: 联席会议的牵头单位是哪个, 联席会议谁牵头, 哪个部门牵头…联席会议
    rf"|{_BODY}[^，,。？?]{{0,4}}?的?牵头(?:单位|部门)"
    rf"|{_BODY}[^，,。？?]{{0,4}}?{_WHO_ASKED}[^，,。？?]{{0,4}}?牵头"
    rf"|^{_WHO_ASKED}(?:来)?牵头[^，,。？?]{{0,30}}?{_BODY}[？?]?$"
    # who carries its daily work: 联席会议的日常工作由谁承担
    rf"|{_BODY}[^，,。？?]{{0,4}}?的?日常(?:工作|事务)(?:由|是){_WHO_ASKED}[^，,。？?]{{0,4}}?(?:承担|负责)"
)
# what a body itself does, asked by its 职能/职责 (联席会议的主要职能包括哪些方面, 领导小组主要职责是什么)
_BODY_DUTY_ASKED = re.compile(rf"{_BODY}[^，,。？?]{{0,4}}?(?:主要)?(?:职能|职责)")
# how many units or members a named body has (联席会议一共有多少个部门和单位, 领导小组成员有几人)
_BODY_SIZE_ASKED = re.compile(
    rf"{_BODY}[^。？?]{{0,20}}?(?:多少|几)[个位名]?(?:部门|单位|成员|人)"
    # in English, the count asked before the body (How many departments make up the … joint conference?)
    r"|\bhow many (?:\w+ )?(?:departments|units|bodies|ministries|members)\b[^?]{0,80}?"
    r"\b(?:joint conference|leading group|working group|task force|committee)",
    re.I,
)
# an actual or past result asked, where plans set targets: a result word (实际, 去年), the present state (现在…有多少),
# or a verb in the perfective (增长了多少, 有多少家了)
_ACTUAL = re.compile(
    r"实际|已经|已(?:建成|完成|达到|实现|培育|引进)|去年|上一?年|前年|截至目前|截止目前|目前(?:已|有)|现在(?:已|有)|完成了|"
    r"达到了|实现了|做到了|建成了|增长了|提高了|增加了|新增了|多少了|(?:多少|几)[个家户名项件座所]了|"
    r"(?:现在|目前|当前|如今)[^，,。？?]{0,14}(?:多少|多大|几)|"
    r"\bactual(?:ly)?\b|\bso far\b|\blast year\b|\bdid\b.*\b(?:reach|achieve|grow)|"
    r"\bhas\b.*\b(?:reached|achieved|grown)|\bwere\b.*\bbuilt\b|\b(?:currently|now) (?:has|have|is|are)\b",
    re.IGNORECASE,
)


_CJK_TERM = re.compile(r"[\u4e00-\u9fff]+")


def actual_is_a_term_of(question: str, text: str) -> bool:
    """Whether the result word the question holds is part of a term the clause itself writes (启动资金按实际投资额的
    多少比例给 asks of 按照实际投资额的10%: 实际投资额 is what the share is of, not a result asked)."""
    asked = asking_part(question)
    written = "".join(text.split())
    for found in _ACTUAL.finditer(asked):
        term = asked[found.start() : found.end() + 2]  # the word and what it qualifies (实际投资)
        if len(term) > found.end() - found.start() and _CJK_TERM.fullmatch(term) and term in written:
            return True
    return False


def asking_part(question: str) -> str:
    """The part of a long question that asks (我是…已经申领了贷款，想问问…补贴是多少钱 asks the last part)."""
    parts = [p for p in _PARTS.split(question) if p.strip()]
    if len(question) <= LONG_QUESTION or len(parts) < 2:
        return question
    asking = [p for p in parts if _ASKING.search(p)]
    return asking[-1] if asking else parts[-1]
OFF_TOPIC_CONFIDENCE = 0.5  # the router's probability above which a question is taken as phrased off topic


# an office named with no owner, a conjunction at most before it: the body's own office, not a unit
_OWN_OFFICE = re.compile(r"(?:和|及|与|以及|、)?办公室")


def route(
    question: str,
    departments: DepartmentFinder,
    model: Router | None = None,
    mentions: Sequence[UnitMentionLike] | None = None,
    places: Sequence[str] = (),
) -> Route:
    """Understand one question: its intent from the router, the units it names (`mentions` from a
    `kb.qa.units.UnitResolver`; else the registry's exact spellings), the places it names."""
    language = detect_language(question)
    en = language == "en"
    topic = topic_of(question, language)
    unnamed = question  # the question without the issuers of the documents it names
    if mentions is None:
        named = [n for n in departments.find_in_text(question) if not _issuer(question, n)]
        ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()
        written = tuple(named)
    else:
        # the issuer of a document named (江苏省政府办公厅那份…实施意见) names the document, not the unit asked about
        issuers = [m for m in mentions if issues_named_document(question, *m.span)]
        mentions = [m for m in mentions if m not in issuers]
        for m in issuers:  # nor is it a unit no registry knows
            unnamed = unnamed[: m.span[0]] + " " * len(m.written) + unnamed[m.span[1] :]
        named = list(dict.fromkeys(m.candidates[0] for m in mentions if len(m.candidates) == 1))
        ambiguous = tuple((m.written, m.candidates) for m in mentions if len(m.candidates) > 1)
        written = tuple(m.written for m in mentions if len(m.candidates) == 1)
    department = named[0] if named else None
    unknown = (
        None
        if named or ambiguous
        else (_unknown_english(question) if en else _unknown_department(unnamed, named))
    )
    ranked = (model or intent_model(ROUTER_EXAMPLES)).ranked(question)
    which_of = len(named) + len(ambiguous) >= 2 and bool(_WHICH_OF_UNITS.search(question))
    if which_of:
        intent: Intent = "responsibility"  # 是数据局牵头还是发改局牵头: which of the units named leads the topic
    else:
        which_tasks = not en and asks_which_tasks(question, written)
        intent = _choose(
            ranked, question, topic, department, bool(named or ambiguous or unknown), departments, en, places,
            which_tasks,
        )
    understood = Route(
        intent,
        language,
        topic,
        department=department,
        # the alternatives asked between (…，是商务局牵头还是财政局牵头) are no topic: the rest of the question is
        focus="" if which_of else _focus(question, language),
        departments=tuple(named),
        ambiguous=ambiguous,
        written=written,
        places=tuple(places),
        asks_actual=bool(_ACTUAL.search(asking_part(question))),
    )
    if intent == "organization":
        # the group asked about is not a unit with a role in it (省推进…专项工作组组长是谁)
        # nor is the body's own office written bare (组长和办公室主任: 和办公室 read as some unit's office)
        own_office = {m.candidates[0] for m in mentions or () if _OWN_OFFICE.fullmatch(m.written)}
        units = tuple(n for n in named if not _GROUP_BODY.search(n) and n not in own_office)
        department = units[0] if units else None
        return replace(
            understood,
            department=department,
            departments=units,
            org_field=_org_field(question, language, department),
        )
    if intent == "department_tasks":
        # a Chinese question may write the English verb (宁波数据局 lead 了哪几条)
        leads = (_LEAD_SCOPE_EN if en else _LEAD_SCOPE_ZH).search(question) or _LEAD_SCOPE_EN.search(question)
        scope: Scope = "lead" if leads else "any"
        return replace(understood, scope=scope, unknown_department=unknown)
    off_topic = intent == "out_of_scope" and ranked[0][1] >= OFF_TOPIC_CONFIDENCE
    return replace(understood, intent="general" if intent == "out_of_scope" else intent, off_topic=off_topic)


def _issuer(question: str, name: str) -> bool:
    """Whether a unit found by its spelling stands, where first written, as a named document's issuer."""
    at = question.find(name)
    return at >= 0 and issues_named_document(question, at, at + len(name))


# An English question asking for a unit in charge by its question word: who or which unit, then leading or
# being responsible (which ministry leads…, who is responsible for…, which units take part)
_WHO_ASKED_EN = re.compile(
    r"\b(?:who|which (?:ministry|ministries|department|departments|bureau|bureaus|body|bodies|unit|units|agency"
    r"|agencies|authority|authorities))\b(?: (?:is|are|will|would|should|has|have))?(?: (?:be|been))?"
    r" (?:leads?|leading|led|responsible|in charge|takes? part|handles?|oversees?|coordinates?)\b",
    re.IGNORECASE,
)
# an English question asking what a unit does (What does the … bureau do to support OPCs?): the unit's tasks
_DOES_EN = re.compile(r"\s*what (?:does|do|will|should|must|can) (?:the )?[^?]{4,160}?\s+do\b(?!\s+with\b)", re.I)
# an English question asking which of the tasks name a unit (Which of Henan's 2023 key tasks list the … as a
# responsible unit?, What tasks does the … lead?): the unit's tasks, the asking word right before the task noun
_WHICH_TASKS_EN = re.compile(
    r"\bwhich of [^?]{0,40}?\b(?:tasks|items|measures|duties)\b"
    r"|\b(?:which|what) (?:(?:key|main|major|specific) )?(?:tasks?|items?|measures?|duties)\b",
    re.I,
)
# an English question whose asking word stands for the object of `responsible for`, the preposition left at the
# end or before the document it is asked in (What is the … bureau responsible for?, What task is … responsible
# for in Ningbo's opinions…?): the named unit's tasks — Who is responsible for building… asks a unit instead
_RESPONSIBLE_FOR_EN = re.compile(
    r"^\s*(?:what|which)\b[^?]*?\b(?:responsible|in charge) (?:for|of)(?:\s+(?:in|under|according to)\b[^?]*)?\s*\??\s*$",
    re.I,
)
# a Chinese question asking which tasks a unit it names has a part in: its duty verb, then which ones (哪几 + a
# measure word is "which", not "how many") and the measure word or noun of the tasks, ending the question
# (参与了哪几个项目, 牵头哪几项, 负责的是哪些事项); 配合的是哪些 alone asks which units
_WHICH_TASKS_ZH = re.compile(
    r"(?:参与|负责|牵头|承担|配合)(?:了|的)?(?:是|有)?(?:哪些|哪几)"
    r"(?:[个项条件类]?(?:项目|任务|工作|事项|事情|事|活|政策|举措|措施)|(?<=哪几)[个项条件])[？?]?$"
)
_PART_ENDS = re.compile(r"[，,；;。！!]")


def asks_which_tasks(question: str, written: Sequence[str]) -> bool:
    """Whether the question's last part names a unit as written (`written`) and asks which tasks it has a part
    in (`_WHICH_TASKS_ZH`): 金东区民生实事里资规分局参与了哪几个项目 — not …，财政厅牵头，配合的是哪些 (the unit is
    another part's)."""
    last = _PART_ENDS.split(question.rstrip("？?！!。 "))[-1]
    return bool(_WHICH_TASKS_ZH.search(question)) and any(name and name in last for name in written)
_GROUP_EN = re.compile(r"\b(?:working group|task force|leading group|committee|joint conference|conven[eo]r)", re.I)
# a fact of such a body asked in English, as 办公室设在 is in Chinese: where its office is set up, how often it
# meets, who convenes it — never a task's unit or a target's number
_BODY_FACT_EN = re.compile(
    r"\boffice\b[^?]{0,120}?\b(?:set up|located|housed|based|placed|seated)\b|\bwhere\b[^?]{0,40}\boffice\b"
    r"|\bhow often\b|\bhold(?:s|ing)? (?:its |their )?(?:\w+ )?meetings?\b|\bmeets?\b|\bconven(?:e|es|ed|ing)\b",
    re.I,
)


def _choose(
    ranked: Sequence[tuple[Intent, float]],
    question: str,
    topic: str,
    department: str | None,
    names_a_unit: bool,
    departments: DepartmentFinder,
    en: bool,
    places: Sequence[str] = (),
    which_tasks: bool = False,
) -> Intent:
    """The router's best intent that can apply; the two unmistakable forms first. `which_tasks`: the question
    asks which tasks a unit it names has a part in (`asks_which_tasks`)."""
    if (
        _UNMISTAKABLY_ORG.search(question)
        or _BODY_ROLE_ASKED.search(question)
        or _BODY_SIZE_ASKED.search(question)
        or _BODY_DUTY_ASKED.search(question)
    ):
        return "organization"
    if _BODY_IN_CHARGE_ASKED.search(question):
        return "responsibility"  # 这条由哪个专班的办公室负责: a body asked for as the unit in charge of a task
    if department and not en and not _without_names(question, departments.spellings(), places):
        return "department_tasks"  # nothing but a unit's name and duty words (林业局 / 林业局在方案中的职责)
    if department and which_tasks:
        return "department_tasks"  # 资规分局参与了哪几个项目: which of the tasks name the unit, not how many
    if en and _GROUP_EN.search(question) and _BODY_FACT_EN.search(question):
        return "organization"  # Is the office of … joint conference set up in …: the body's own fact
    if en and department and (
        _DOES_EN.match(question) or _WHICH_TASKS_EN.search(question) or _RESPONSIBLE_FOR_EN.match(question)
    ):
        return "department_tasks"  # What does the Provincial Department of … do to support OPCs: its tasks
    if en and _WHO_ASKED_EN.search(question) and not _GROUP_EN.search(question):
        return "responsibility"  # which ministry leads bringing fibre to 50000 villages: a unit, not the number
    for intent, _ in ranked:
        if intent == "department_tasks" and not names_a_unit:
            continue  # a duty list needs a unit to list it for
        if intent == "department_tasks" and not department and WHICH_PLACES_ASKED.search(question):
            continue  # 哪些县区…由督查室或督查办负责…: a unit no document's notes know, asked of places by name
        if intent == "department_tasks" and not en and ASKS_UNITS_BY_NOUN.search(asking_part(question)):
            # 全社会固定资产投资增长30%以上是发改委主办，协办的都有哪些厅局: units are asked, the unit named is a
            # condition on the task, not whose duties are listed
            return "responsibility"
        if intent == "organization" and not _GROUP_WORDS.search(question):
            continue  # a working-group fact needs a group, a role in one or its office named
        return intent
    return "general"
