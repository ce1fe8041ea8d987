"""Stage 2, understand: one typed, frozen `Question` — the text as asked and as normalised, the slot it asks to
fill, and its constraints (unit of measure, year, places, document, the units named as written, the follow-up
context) — built once and passed along every later stage instead of long parameter lists."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from typing import Literal, Protocol

from kb.qa.compose import compound, yesno
from kb.qa.decide import effective, rules
from kb.qa.decide.quantity import asked_kind
from kb.qa.retrieve.hybrid import Mode
from kb.qa.understand.intent import (
    ASKS_UNITS_BY_NOUN,
    DOCUMENT_KINDS,
    LEVEL_NOUNS,
    UNITS_NOUN,
    WHICH_PLACES,
    Route,
    asking_part,
    post_checked,
    route,
)
from kb.qa.understand.numbers import DocNumbers, asks_addressees, asks_number, asks_units_marked
from kb.qa.understand.places import NamedPlaces, asked_levels
from kb.qa.understand.router import Router
from kb.qa.understand.units import UnitResolver
from kb.unit import NO_PLACE

# What a question asks to be filled: a lead unit, all the units (配合单位, 哪些部门), a unit's duties, an amount
# (money, area, duration), a count, a ratio, a date or deadline, the places holding a topic, a mechanism or body
# (working group, joint conference), yes or no about a named unit or value, or what the documents say (summary).
Slot = Literal[
    "lead", "units", "duties", "amount", "count", "ratio", "date", "places", "mechanism", "yesno", "summary", "number",
    "addressees",
    "marked",
]
SLOTS: tuple[Slot, ...] = (
    "lead",
    "units",
    "duties",
    "amount",
    "count",
    "ratio",
    "date",
    "places",
    "mechanism",
    "yesno",
    "summary",
    "number",
    "addressees",
    "marked",
)
_KIND_SLOT: dict[str, Slot] = {"money": "amount", "area": "amount", "duration": "amount", "share": "ratio", "count": "count"}

_ASKED_UNIT = re.compile(
    r"(?:多少|几)(亿元|万元|元|钱|亩|平方米|公里|吨|千瓦|万千瓦|家|个|项|名|人|件|座|所|间|栋|幢|处|辆|艘|架|套|台)"
)
_ASKED_MONEY_EN = re.compile(
    r"\b(yuan|rmb|budget(ed)?|cost|invest(ed|ment)?|funding|money|subsid(y|ies))\b", re.I
)
# which things, their number given (which three measures, 哪两个区, 哪三项): the things are asked, not a number
WHICH_COUNTED = re.compile(
    r"\bwhich (?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b|哪[两二三四五六七八九十\d]+(?:个|项|家|条|种|类|批|所)",
    re.I,
)
ASKS_NUMBER = re.compile(r"多少|几(?:个|家|项|名|件|座|所|条|次|天|年|月|成|倍)|\bhow (?:much|many)\b", re.I)
# a question asking who (哪个部门牵头) is a responsibility question even when it asks it of several places
ASKS_WHO = re.compile(
    r"谁|哪个(?:部门|单位|机构)|哪些(?:部门|单位)|牵头|负责|\bwho\b|\bwhich (?:department|bureau|unit|agency)", re.I
)
_ASKED_YEAR = re.compile(
    r"哪一?年|什么时候|啥时候?|几时|何时|截止|期限|时限|\bwhich year\b|\bby when\b"
    # English `when` asks only as the question's word (when does…, …take effect when?), not opening a clause of
    # its own (how much … when it lands its first order); a date asked in other words (time frame, which month)
    r"|\bwhen\b(?=\s+(?:does|do|did|will|would|is|are|was|were|should|shall|can|could|must|has|have|had)\b|\s*\?|\s*$)"
    r"|\btime[- ]?frames?\b|\btime limits?\b|\bdeadlines?\b|\b(?:which|what) (?:month|date|day)\b"
    # a day asked (几月几号, 哪天开始, by what date): a date as much as a year is
    r"|几月|几号|哪一?天|什么日子|(?:什么|哪个|具体)(?:日期|时间)",
    re.I,
)
# a question asking for a unit by any name (谁, 哪个部门, 什么机构): a sentence naming a unit can answer it
ASKS_UNIT = re.compile(
    r"谁|哪个(?:部门|单位|机构)|哪些(?:部门|单位|机构)|哪家|什么(?:部门|单位|机构)|牵头|负责|\bwho\b|\bwhich (?:department|body|agency|ministry|unit)",
    re.I,
)
# a question asking for a unit by a question word (not by 牵头/负责 alone, which a question naming the unit writes
# too: 哪些地方把…交给商务局牵头 asks places)
_ASKS_WHICH_UNIT = re.compile(
    rf"谁|哪个{UNITS_NOUN}|(?:哪些|哪几个?|有哪){UNITS_NOUN}|哪家|什么(?:部门|单位|机构)|\bwho\b"
    r"|\bwhich (?:department|body|agency|ministry|unit|bureau)",
    re.I,
)
# which places, by a noun naming places (not 哪些政策 / 哪些文件, which a unit's clauses answer)
_WHICH_PLACES_PROPER = re.compile(
    rf"(?:哪些|哪几个|哪几|有哪)(?:地方|城市|省份|地区|地市|[省市县区州旗]{{2}}|{LEVEL_NOUNS})"
    r"|\bwhich (?:cities|places|provinces|regions|districts|counties|towns|prefectures)\b",
    re.I,
)
# every unit asked, not the lead alone (配合单位有哪些, which departments take part)
_ASKS_UNITS = re.compile(
    rf"{ASKS_UNITS_BY_NOUN.pattern}|配合|参与|责任单位|\bwhich (?:departments|units|bodies)\b", re.I
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# a list of targets asked (提出了哪些目标, 有哪些指标, what targets): every one stated, not one number
_ASKS_LIST = re.compile(r"(?:哪些|哪几[个项条]?)(?:主要)?(?:[^，,。？?]{0,12}的)?(?:目标|指标)|(?:目标|指标)(?:有|是)哪些")


def asked_unit(question: str) -> str | None:
    """The unit a question asks a number in (多少亿元 → 亿元), normalized to the units targets are written in."""
    if _ASKED_MONEY_EN.search(question) and not _asks_share(question):  # the growth of investment is a rate
        return "元"
    if _ASKED_YEAR.search(question):
        return "年"
    match = _ASKED_UNIT.search(question)
    if not match:
        return None
    return {"人": "名", "钱": "元"}.get(match.group(1), match.group(1))


def _asks_share(question: str) -> bool:
    kind = asked_kind(question)
    return kind is not None and kind.name == "share"


@dataclass(frozen=True)
class Question(Route):
    """A question understood: the route (intent, language, topic, units, places…) with the text it was read from,
    the slot it asks to fill and its constraints. Stages replace fields (`dataclasses.replace`), never mutate."""

    asked: str = ""  # as the person wrote it (before normalising)
    text: str = ""  # normalised: what every stage reads
    slot: Slot = "summary"
    unit: str | None = None  # the unit of measure asked (元, 平方米, 家; 年 for a date)
    year: str | None = None  # a year the question names (到2027年, by 2028)
    context: str | None = None  # the earlier question a follow-up was read against
    check: yesno.Check | None = None  # what a yes/no question checks
    parts: tuple[compound.Part, ...] = ()  # the items a question asks the same of (A和B分别…), one question each
    # the scope asked: a document, a unit filter, a place filter, and the documents it leaves (None: all)
    doc: str | None = None
    unit_filter: str | None = None
    place_filter: str | None = None
    docs: frozenset[str] | None = None
    mode: Mode = "hybrid"  # the retrieval asked for (hybrid; bm25 or dense when evaluating them)
    # the levels of the places a question over several places asks for (哪几个省 → 省, 哪些区县 → 区 and 县)
    levels: frozenset[str] = frozenset()

    @property
    def asking(self) -> str:
        """The part of a long question that asks (kb.qa.understand.intent.asking_part)."""
        return asking_part(self.text)

    @property
    def asks_which_places(self) -> bool:
        """Whether it asks which places (哪些地方…, 各地, which cities)."""
        return bool(WHICH_PLACES.search(self.text))

    @property
    def which_places(self) -> bool:
        """Whether it asks which places with no place or document chosen: every place is listed."""
        return self.docs is None and self.doc is None and self.asks_which_places

    def focused(self) -> Question:
        """The question with its focus (a long question's asking part) as its topic."""
        return replace(self, topic=self.focus)


def names_unit_asking_places(r: Route, text: str) -> bool:
    """Whether a question asks which places gave a unit it names a task (哪些地方把社零增长交给商务局牵头, 哪些地方
    安排教育部门牵头…): the unit is a condition on the places listed, any place's unit of that kind, not the unit
    whose duties are asked."""
    named = bool(r.departments or r.ambiguous)
    asks = _WHICH_PLACES_PROPER.search(text)  # 上城区人社局牵头哪些政策 asks its clauses, not places
    return named and not r.places and bool(asks) and not _ASKS_WHICH_UNIT.search(text)


# a body's fields a unit holds (its office, the bearer of its daily work): a unit checked there is the body's own
_UNIT_FIELDS = frozenset(("office", "daily_work"))


def slot_of(r: Route, text: str, check: yesno.Check | None) -> Slot:
    """The slot a routed question asks to fill, read from its intent and its asking words: the engine answers
    each slot by its own compose method (kb.qa.engine)."""
    # a membership check (商务部是…联席会议成员单位吗), a post checked against a holder (组长是国务委员王勇吗; the
    # 19 of 第19届亚运会 is no value checked) and a statement checking one of a body's fields or a unit's place in
    # it (组长是区长本人吗, 办公室设在县政府办公室吗, 林业局在专班里吗) are the body's own yes or no
    # (kb.qa.compose.mechanism)
    organization = r.intent == "organization"
    body_field = organization and r.org_field not in (None, "other")
    body_checks = organization and (r.org_field == "membership" or post_checked(text, r.language) is not None)
    if asks_units_marked(text):  # 那份意见有没有给各项任务标注牵头单位: the document's notes at all, yes or no
        return "marked"
    # a unit checked as the body's office or the bearer of its daily work (日常工作是不是由X承担, 办公室设在X吗):
    # the body's field holds the unit, no task's note
    body_checks = body_checks or (
        organization and check is not None and check.kind == "unit" and r.org_field in _UNIT_FIELDS
    )
    if check is not None and not body_checks and not (check.kind == "statement" and body_field):
        return "yesno"
    if asks_number(text):  # 文号是多少: the document's own number, whatever the router read
        return "number"
    if asks_addressees(text):  # …方案是发给哪几个市的: the document's addressee line, not places holding a topic
        return "addressees"
    if names_unit_asking_places(r, text) or rules.asked_rule(text) is not None:
        # 哪些文件写明了“列第一位的单位为牵头单位”这样的规则: the documents stating it, no unit, are asked
        return "places"
    if r.intent == "department_tasks":
        return "duties"
    if r.intent == "organization":
        return "mechanism"
    # places asked by name with a unit's part as the condition (哪些县区…明确由督查室负责督查督办): no unit is asked
    by_name = bool(_WHICH_PLACES_PROPER.search(text)) and not _ASKS_WHICH_UNIT.search(text)
    asks_places = bool(WHICH_PLACES.search(text)) and (by_name or not ASKS_WHO.search(text))
    asking = asking_part(text)
    if r.intent == "responsibility" and not _ASKS_WHICH_UNIT.search(asking):
        # 几月几号前报告, 一共多少个部门: the asking words ask a date or a number, whatever the router read
        if asked_unit(asking) == "年":
            return "date"
        kind = asked_kind(asking) if ASKS_NUMBER.search(asking.replace("哪几", "")) else None
        if kind is not None:
            return _KIND_SLOT.get(kind.name, "amount")
    if r.intent == "responsibility":
        return "places" if asks_places else "units" if _ASKS_UNITS.search(text) else "lead"
    if asked_unit(asking) == "年" or effective.asked(text) is not None:
        return "date"
    if WHICH_COUNTED.search(asking) and not ASKS_NUMBER.search(asking):
        return "places" if asks_places else "summary"
    by_form = _asked_by_form(asking)
    if by_form is not None:
        return by_form
    kind = asked_kind(asking)
    if kind is not None:
        return _KIND_SLOT.get(kind.name, "amount")
    if r.intent == "indicator":  # a number asked in other words (增长目标是什么)
        return "amount"
    return "places" if asks_places else "summary"


# the asking part of a question about a unit's own part in tasks, by the unit's part alone (我们局牵头几项): tasks
# counted of a document the asking part names (…目标任务分解方案一共要落实多少项目标任务) are the document's, not the
# unit's of the story
_ASKS_OWN_PART = re.compile(r"牵头|负责|配合|参与|职责|分工|我们|我局|本局|本单位")
# the same, or the tasks named (负责的任务有哪些)
_ASKS_DUTIES = re.compile(rf"{_ASKS_OWN_PART.pattern}|任务")
# a document the asking part names as what holds the tasks: a phrase ending in a kind of document
_NAMES_DOCUMENT = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{DOCUMENT_KINDS})")


def _asked_beside_the_story(r: Route, text: str) -> Route:
    """A long question naming a unit only in the story before its asking part (我刚调到县科工信局，…，方案里定的
    时间节点是哪一年) that asks a date or a number: the unit is who asks, not whose duties — a number of the topic
    is asked, whatever the router read. A short one asking when the unit it names does an act (市科创局每年几月份
    发布认定通知), and nothing of its part in tasks, asks that date."""
    asking = asking_part(text)
    if r.intent != "department_tasks":
        return r
    if asking == text:
        # 市科创局每年几月份发布认定通知: the unit's own act, when it is done — a date, not its duties (a count
        # may be of its tasks: 县发改局有几项)
        if asked_unit(asking) == "年" and not _ASKS_DUTIES.search(asking):
            return replace(r, intent="indicator", scope="any")
        return r
    if any(name in asking for name in (*r.written, *(w for w, _ in r.ambiguous))) or _ASKS_OWN_PART.search(asking):
        return r  # 想问我们局一共牵头几项任务: its own duties counted
    if _ASKS_DUTIES.search(asking) and not (ASKS_NUMBER.search(asking) and _NAMES_DOCUMENT.search(asking)):
        return r  # 想问一下一共有几项任务: the tasks of the unit the story names
    if asked_unit(asking) == "年" or ASKS_NUMBER.search(asking):
        return replace(r, intent="indicator", scope="any")
    return r


def asks_who_and_when(asking: str) -> bool:
    """Whether the asking words ask two slots of one task: its unit by a question word and its date (由谁负责、完成
    时限怎么写的; 谁牵头，哪年完成): both are answered, each from the clause."""
    return bool(_ASKS_WHICH_UNIT.search(asking)) and asked_unit(asking) == "年"


def asks_targets(asking: str) -> bool:
    """Whether a question asks which targets are set (提出了哪些目标, 指标有哪些), not one number."""
    return bool(_ASKS_LIST.search(asking)) and not ASKS_NUMBER.search(asking)


def _asked_by_form(asking: str) -> Slot | None:
    """A slot the asking words fix whatever intent the router read: a unit asked by a question word and no
    number (…2.5%左右的目标由哪个部门牵头: the number is the target's name, the unit is asked); a list of targets or
    measures (提出了哪些目标: each stated, not one number). None: the intent decides."""
    if ASKS_NUMBER.search(asking):
        return None
    if _ASKS_WHICH_UNIT.search(asking):
        return "units" if _ASKS_UNITS.search(asking) else "lead"
    if _ASKS_LIST.search(asking):
        return "summary"
    return None


class Registry(Protocol):
    def find_in_text(self, text: str) -> list[str]: ...
    def spellings(self) -> list[str]: ...
    def english(self, canonical: str) -> str | None: ...


class Understanding:
    """Stage 2 over one index: normalised text → `Question`."""

    def __init__(
        self,
        registry: Registry,
        places: NamedPlaces,
        doc_places: Mapping[str, str | None],
        model: Router | None = None,
        resolver: UnitResolver | None = None,
        numbers: DocNumbers | None = None,
    ) -> None:
        self.registry, self.places, self.doc_places = registry, places, doc_places
        self.model, self.resolver = model, resolver
        self.numbers = numbers  # the documents' own numbers (文号), for a question naming one

    def route(self, text: str) -> Route:
        """Intent, units, places and the rest of what the question asks (kb.qa.understand.intent.route)."""
        places = self.places.in_question(text)
        mentions = self.resolver.find(text, places) if self.resolver else None
        r = route(text, self.registry, self.model, mentions, places)
        if r.language == "en" and self.resolver and not r.departments and not r.ambiguous:
            # a body named in English that no document names (the Provincial Department of Civil Affairs): its
            # Chinese name, which a holder written in the documents is checked against
            named = self.resolver.english_names(text, places)
            if named:
                r = replace(r, unknown_department=named[0])
        return r

    def __call__(
        self,
        text: str,
        asked: str | None = None,
        whole: bool = True,
        scope: Scope | None = None,
        context: str | None = None,
    ) -> Question:
        """The question read from its normalised `text`; `whole`: not an item or the open question of another
        (only a whole question is split into items or read as a yes/no check); `scope`: the filters asked."""
        r = _asked_beside_the_story(self.route(text), text)
        scope = scope or Scope()
        # a document named by its number (国发〔2020〕6号定的…目标): that document's; its year is no year asked, its
        # serial number no value checked, its characters no topic
        number = self.numbers.named(text) if self.numbers else None
        unnumbered = text.replace(number.written, " ") if number else text
        check = yesno.read(unnumbered, r.language, tuple(r.departments), r.written, r.ambiguous) if whole else None
        parts = tuple(self._parts(text, r)) if whole else ()
        years = _YEAR.findall(asking_part(unnumbered))
        docs = self.docs_in(r.places, scope.place)
        if number is not None:
            r = replace(r, topic=" ".join(r.topic.replace(number.written, " ").split()) or r.topic)
            docs = frozenset({number.doc})
        return Question(
            **{f.name: getattr(r, f.name) for f in fields(Route)},
            asked=asked if asked is not None else text,
            text=text,
            slot=slot_of(r, text, check),
            unit=asked_unit(asking_part(text)),
            year=years[-1] if years else None,
            context=context,
            check=check,
            parts=parts,
            doc=scope.doc,
            unit_filter=scope.unit,
            place_filter=scope.place,
            docs=docs,
            mode=scope.mode,
            levels=asked_levels(text),
        )

    def docs_in(self, places: tuple[str, ...], place: str | None) -> frozenset[str] | None:
        """The documents of the places named, within the place filter's (None: every document)."""
        docs = frozenset(d for d, p in self.doc_places.items() if p in places) if places else None
        if place is not None:  # the filter's place, and the question's places within it
            of_place = frozenset(d for d, p in self.doc_places.items() if (p or NO_PLACE) == place)
            docs = of_place if docs is None else docs & of_place
        return docs

    def _parts(self, text: str, r: Route) -> list[compound.Part]:
        """The items a question asks the same thing of (places joined, or items before 分别)."""
        # the English forms once a question wrote a Latin word (in Jiaozhou and in Tongshan District respectively)
        current = self.places.current()
        forms = {p: current.get(p, (p,)) for p in r.places}
        by_place = compound.split_places(text, forms)
        if by_place:
            return by_place
        if WHICH_PLACES.search(text):  # 各地…分别是多少: 分别 goes over the places, each listed apart later
            return []
        every = {f for names in self.places.forms.values() for f in names}
        written = [*r.written, *(w for w, _ in r.ambiguous)]  # a unit's name holding 和 stays one item
        return compound.split_items(text, every, [*written, *r.departments])

    def places_of(self, units: Collection[str]) -> set[str]:
        """The places whose documents name these units (a unit is its place's)."""
        if self.resolver is None:
            return set()
        return {p for unit in units for p in self.resolver.places.get(unit, frozenset())}


@dataclass(frozen=True)
class Scope:
    """The filters a question is asked under: a document, a unit (any spelling resolved), a place, and the
    retrieval mode."""

    doc: str | None = None
    unit: str | None = None
    place: str | None = None
    mode: Mode = "hybrid"
