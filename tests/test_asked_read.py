"""Questions read by their form (kb.qa.understand, kb.qa.decide.quantity, kb.qa.normalise): who leads said in
everyday words (挑头), units asked with a unit named as the condition (…是发改委主办，协办的都有哪些厅局), how often
a thing is done (多长时间开展一次), a count asked of a document named in the asking part (not of the unit its
story names), the thing counted kept beside a title, typos corrected against the documents' titles, 或 between
two bodies' names, two levels as the places asked (哪些县区). Texts written here for the tests, no index."""

from __future__ import annotations

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.qa.corpus import Corpus
from kb.qa.decide.evidence import beyond_doc_title, counted_thing
from kb.qa.decide.quantity import KINDS, asked_kind, states
from kb.qa.decide.target import unstated
from kb.qa.normalise.question import likelihood
from kb.qa.normalise.text import EverydayWords
from kb.qa.normalise.typos import CorpusSpeller
from kb.qa.retrieve.targets import TargetPart
from kb.qa.understand.intent import WHICH_PLACES_ASKED, Route, route, units_put_in_charge
from kb.qa.understand.question import Question, _asked_beside_the_story, slot_of
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT
from kb.types import Clause

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(CORPUS / "departments.yaml")


# --- who leads, in everyday words ---


@pytest.fixture(scope="module")
def everyday() -> EverydayWords:
    return EverydayWords.from_yaml(CORPUS / "everyday_words.yaml")


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("县商务局自己挑头负责的是哪几项？", "县商务局自己牵头负责的是哪几项？"),
        ("这事谁领头？", "这事谁牵头？"),
        ("市科技局打头干的有哪些？", "市科技局牵头干的有哪些？"),
        ("要培育几家领头羊企业？", "要培育几家领头羊企业？"),  # a word of its own: a leading firm
    ],
)
def test_leading_said_in_everyday_words_is_leading(everyday: EverydayWords, asked: str, read: str) -> None:
    assert everyday.apply(asked) == read


def test_what_a_unit_leads_in_everyday_words_is_scoped_to_its_lead(
    registry: DepartmentRegistry, everyday: EverydayWords
) -> None:
    r = route(everyday.apply("县商务局自己挑头负责的是哪几项任务？"), registry)
    assert (r.intent, r.scope) == ("department_tasks", "lead")


# --- units asked, a unit named as the condition ---


@pytest.mark.parametrize(
    "question",
    [
        "社会消费品零售总额增长10%以上是县商务局主办，协办的都有哪些委办局？",
        "农村公路建设由县交通运输局牵头，还有哪几个部门配合？",
    ],
)
def test_units_asked_of_a_task_whose_lead_the_question_names(registry: DepartmentRegistry, question: str) -> None:
    r = route(question, registry)
    assert r.intent == "responsibility"
    assert slot_of(r, question, None) == "units"


def test_a_unit_s_own_tasks_are_still_its_duties(registry: DepartmentRegistry) -> None:
    assert route("县商务局负责哪些任务？", registry).intent == "department_tasks"


# --- how often ---


@pytest.mark.parametrize("asked", ["督查办多长时间开展一次督查？", "联席会议多久召开一次？", "评估几年一次？", "How often is it held?"])
def test_how_often_is_asked_as_a_frequency(asked: str) -> None:
    kind = asked_kind(asked)
    assert kind is not None and kind.name == "frequency"


def test_how_long_is_still_a_duration() -> None:
    kind = asked_kind("公示期多长时间？")
    assert kind is not None and kind.name == "duration"


FREQUENCY = next(k for k in KINDS if k.name == "frequency")


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("综合运用明察暗访等手段,月开展一次督查督办", True),
        ("联席会议原则上每季度召开一次", True),
        ("每年组织不少于2次专场招聘", True),
        ("按月调度工作进展", True),
        ("定期通报结果", False),  # regularly: no period is stated
        ("给予10万元一次性奖励", False),
    ],
)
def test_a_frequency_is_stated_by_a_period(text: str, stated: bool) -> None:
    assert states(FREQUENCY, text) is stated


def _part(text: str) -> TargetPart:
    clause = Clause("d", "某县关于加强督查工作的通知", (2,), ("二、加强督查",), "加强督查", text)
    return TargetPart(clause, text, None, sentence=text)


def test_a_frequency_in_words_answers_and_regularly_does_not() -> None:
    q = Question("indicator", "zh", "督查室 开展 督查", text="督查室多长时间开展一次督查？", slot="amount")
    assert unstated(q, _part("县督查室要建立台账,月开展一次督查")) is None
    missing = unstated(q, _part("县督查室要定期开展督查,定期通报结果"))
    assert missing is not None and missing.zh == "频次"


# --- a count asked of the document the asking part names ---


def test_the_thing_counted_is_kept_beside_the_title() -> None:
    assert counted_thing("方案一共要落实多少项目标任务？") == "目标任务"
    assert counted_thing("要建几个服务站") == "服务站"
    assert counted_thing("增长多少") == ""
    title = "青石县人民政府关于印发2024年县政府工作报告目标任务分解方案的通知"
    question = "青石县2024年县政府工作报告目标任务分解方案一共要落实多少项目标任务？"
    rest = beyond_doc_title(question, ["政府", "工作", "报告", "目标任务", "落实"], title)
    assert rest == ["目标任务", "落实"]


def test_a_count_of_a_named_document_s_tasks_is_not_the_story_s_unit_s_duties() -> None:
    text = "我在整理各乡镇人民政府的做法，想问一下青石县2024年政府工作报告任务分解方案一共要落实多少项任务？"
    r = Route("department_tasks", "zh", text, department="各乡镇人民政府", written=("各乡镇人民政府",))
    assert _asked_beside_the_story(r, text).intent == "indicator"


def test_a_count_of_tasks_after_a_story_naming_the_asker_s_unit_stays_its_duties() -> None:
    text = "我刚调到县科工信局工作，想问一下一共有几项任务？"
    r = Route("department_tasks", "zh", text, department="县科工信局", written=("县科工信局",))
    assert _asked_beside_the_story(r, text).intent == "department_tasks"


# --- typos against titles; 或 between names ---


def test_a_word_only_a_title_writes_is_written() -> None:
    title = "青石县贯彻落实省环境保护督察反馈意见问题整改措施清单"
    corpus = Corpus([Clause("c", title, (1, 1), ("一、认识不深",), "认识不深", "责任单位:县委办公室")], [])
    assert corpus.written("反馈意见") and corpus.written("县委办公室")
    assert not corpus.written("反溃意见")
    speller = CorpusSpeller(corpus.written, title + "责任单位县委办公室", likelihood=likelihood)
    assert speller.fix("青石县环保督察反溃意见问题整改清单里的责任单位有哪些") == (
        "青石县环保督察反馈意见问题整改清单里的责任单位有哪些"
    )


def test_a_connective_is_no_typo() -> None:
    text = "县委督查室和督查办负责督查督办。"
    speller = CorpusSpeller(lambda t: t in text, text, likelihood=likelihood)
    assert speller.fix("明确由督查室或督查办负责督查督办") == "明确由督查室或督查办负责督查督办"


def test_no_name_holds_or(registry: DepartmentRegistry) -> None:
    places = unit_places([("县委督查办", "青石县"), ("县发改局", "青石县")])
    resolver = UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(CORPUS / "unit_names.yaml"))
    written = [m.written for m in resolver.find("明确由督查室或督查办负责督查督办")]
    assert not any(w.startswith("或") or "或" in w for w in written)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("哪些县区的通知里，明确由督查室或督查办负责督查督办？", ["督查室", "督查办"]),
        ("哪些地方由县考核办负责年度考核？", ["考核办"]),
        ("哪些地方由统计局和发改委牵头？", ["统计局", "发改委"]),
        ("哪些地方提到了数据局？", []),  # named, not put in charge
    ],
)
def test_bodies_put_in_charge_are_read_by_the_form_of_their_names(question: str, names: list[str]) -> None:
    assert units_put_in_charge(question) == names


@pytest.mark.parametrize("question", ["哪些县区由督查室负责督查？", "哪些市县出台了措施？", "哪些区县明确了责任"])
def test_two_levels_ask_places(question: str) -> None:
    assert WHICH_PLACES_ASKED.search(question)


def test_places_asked_with_a_body_in_charge_as_their_condition(registry: DepartmentRegistry) -> None:
    text = "哪些县区的政府工作报告任务分解通知里，明确由督查室或督查办负责督查督办、跟踪落实？"
    r = Route("responsibility", "zh", text)
    assert slot_of(r, text, None) == "places"
    assert slot_of(r, "哪些县区的督查工作由哪个部门负责？", None) != "places"


def test_a_target_named_by_one_character_is_quoted_with_its_part() -> None:
    from kb.qa.compose.amount import answer_indicator
    from kb.qa.retrieve.targets import TargetMatch
    from kb.types import Hit, Indicator

    text = "将120项重点任务分解到责任单位"
    clause = Clause("d", "青石县2024年政府工作报告任务分解方案", (2,), ("二、压实责任",), "压实责任", text + "。")
    part = TargetPart(clause, text, Indicator("将", 120, "项", "", "将120项"), sentence=text)
    q = Question("indicator", "zh", "一共 多少项 重点任务", text="一共要落实多少项重点任务？", slot="count", unit="项")
    answer = answer_indicator(q, TargetMatch(part, 1.0), [Hit(clause, 1.0)], 0.6)
    assert answer.answer.startswith("目标：120项（原文：“将120项重点任务分解到责任单位”）")
