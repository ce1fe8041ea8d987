"""English questions read by form (issue 21): a glossary term written hyphenated or in the plural; a level
adjective (municipal, provincial) is no topic word; a comma part naming a place asks nothing; a body named as
`Type of Work` without a level word (Ministry of Education) or by its work's words where no core of the name
grammar names that work (Department of Rare Earth Industry → 稀土工业司); a leading group is a body's name, not a
lead role checked; a holder checked against the Chinese name of an English body no document names; `vice` as a
word of its own; the count of a body's members asked before the body. Texts written here for the tests, no index."""

from __future__ import annotations

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.qa.compose import yesno
from kb.qa.compose.mechanism import _checked
from kb.qa.normalise.dictionary import STOPWORDS
from kb.qa.normalise.glossary import Glossary
from kb.qa.understand.intent import Route, _org_field, asking_part, route
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"

GLOSSARY = Glossary(
    {"computing power": "算力", "implementation plan": "实施方案", "policy": "政策", "tax": "税收", "low-altitude economy": "低空经济"}
)


# --- normalise: a term however its words are joined, its last word in the plural ---


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("What computing-power vouchers are offered?", ["算力"]),
        ("When are the implementation plans due?", ["实施方案"]),
        ("Which policies and taxes apply?", ["政策", "税收"]),
        ("the low altitude economy", ["低空经济"]),  # a term kept hyphenated is found written apart
        ("the low-altitude economy", ["低空经济"]),
    ],
)
def test_a_term_is_found_hyphenated_or_plural(text: str, terms: list[str]) -> None:
    assert GLOSSARY.chinese_terms(text) == terms


def test_a_plural_is_matched_as_written() -> None:
    # the words a search leaves to the glossary are the question's own (plans), not the term's (plan)
    assert GLOSSARY.matched("Are the implementation plans filed?") == ["implementation plans"]
    # a word merely starting like a term is not it
    assert GLOSSARY.chinese_terms("policyholders and taxation") == []


def test_level_adjectives_are_no_topic_words() -> None:
    assert {"municipal", "provincial", "prefectural"} <= STOPWORDS


# --- understand: the part of an English question that asks ---


@pytest.mark.parametrize(
    ("question", "asking"),
    [
        ("What is the maximum rent subsidy a start-up can receive in Qinghe District, Baihe?", "What is the maximum"),
        ("In Qinghe County, how much is the rent subsidy for start-ups each year?", "how much"),
        ("Under the 2031 plan of Baihe City, is the Municipal Finance Bureau the lead unit?", "is the Municipal"),
    ],
)
def test_an_english_part_asks_by_its_question_word(question: str, asking: str) -> None:
    assert asking in asking_part(question)


# --- understand: bodies named in English ---


@pytest.fixture(scope="module")
def resolver() -> UnitResolver:
    registry = DepartmentRegistry.from_yaml(CORPUS / "departments.yaml")
    places = unit_places(
        [("稀土工业司", None), ("稀土产业联盟", None), ("教育部", None), ("省统计局", "青川省"), ("市财政局", "白河市")]
    )
    found = UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(CORPUS / "unit_names.yaml"))
    # the documents' words for English words, as the engine gives them from its topic words (a word no document
    # writes in any sense, rare, gives none)
    senses = {"earth": ["稀土", "地球"], "industry": ["工业"]}
    found.english_words = lambda text: [senses[w.lower()] for w in text.split() if w.lower() in senses]
    return found


def _names(resolver: UnitResolver, question: str, places: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    return [m.candidates for m in resolver.find(question, places)]


def test_a_ministry_is_no_unit_mention_but_has_its_chinese_name(resolver: UnitResolver) -> None:
    # the registry spells ministries (their names change over the years: 农业部, 农业农村部)
    assert _names(resolver, "To which provinces did the Ministry of Education send teams?") == []
    assert resolver.english_names("Is the office set up in the Ministry of Education?") == ["教育部"]


def test_a_body_whose_work_no_core_names_is_read_by_its_words(resolver: UnitResolver) -> None:
    # 稀土 and 工业 both written in the name, which ends as a department's does (司); not the alliance (联盟)
    assert _names(resolver, "What is the Department of Rare Earth Industry responsible for?") == [("稀土工业司",)]
    # an office's work words that no unit's name holds name no unit
    assert _names(resolver, "What is the Department of Space Affairs responsible for?") == []


def test_an_english_body_no_document_names_has_its_chinese_name(resolver: UnitResolver) -> None:
    asked = "Does the office of the census group sit in the Provincial Department of Civil Affairs?"
    assert resolver.english_names(asked, ("青川省",)) == ["省民政厅"]
    assert resolver.english_names("Is the Ministry of Education a member?") == ["教育部"]
    # a body named without level or ministry says not which one it is
    assert resolver.english_names("Is the Department of Space Affairs a member?") == []


# --- understand: a yes/no check and a body's fact ---


def test_a_leading_group_is_no_lead_role() -> None:
    asked = "Is the office of the leading group for the census located in the Provincial Bureau of Statistics?"
    assert yesno.read(asked, "en", ("省统计局",), ("Provincial Bureau of Statistics",)) is None
    # the lead unit of a body is a lead checked
    check = yesno.read("Is the Provincial Bureau of Statistics the lead unit?", "en", ("省统计局",), ("Provincial Bureau of Statistics",))
    assert check is not None and check.role == "lead"


def test_a_lead_is_checked_in_the_passive() -> None:
    asked = "Is the 11% growth target led by the County Finance Bureau?"
    check = yesno.read(asked, "en", ("县财政局",), ("County Finance Bureau",))
    assert check is not None and (check.kind, check.role) == ("unit", "lead")


def test_a_holder_is_checked_against_an_english_bodys_chinese_name() -> None:
    r = Route("organization", "en", "", unknown_department="省民政厅")
    asked = "Does the office of the census group sit in the Provincial Department of Civil Affairs?"
    assert _checked(asked, "省统计局", r) is False
    assert _checked(asked, "省民政厅", r) is True
    # an English name not read into Chinese settles nothing
    assert _checked(asked, "省统计局", Route("organization", "en", "", unknown_department="Space Office")) is None


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Who convenes the task force for opening up the service sector?", "convener"),
        ("Who is the vice-convener of the task force?", "deputy_convener"),
        # a post held (a Vice Premier) is no deputy role asked
        ("Is the leading group on new materials headed by a Vice Premier of the State Council?", "head"),
        ("How many departments and units make up the joint conference on saving energy?", "members"),
    ],
)
def test_a_bodys_field_asked_in_english(question: str, field: str) -> None:
    assert _org_field(question, "en", None) == field


def test_the_count_of_a_bodys_members_asked_first_is_an_organisation_question(resolver: UnitResolver) -> None:
    asked = "How many departments and units make up the joint conference on saving energy?"
    assert route(asked, resolver.registry, mentions=resolver.find(asked, ())).intent == "organization"


# --- compose: a deadline opening its sentence times the part asked ---


def test_a_deadline_opening_the_sentence_times_the_part_after_it() -> None:
    from kb.qa.compose.amount import answer_indicator
    from kb.qa.retrieve.targets import TargetMatch, TargetPart
    from kb.qa.understand.question import Question
    from kb.types import Clause, Hit

    sentence = "2031年6月底前，要在门户网站公开各类专项规划"
    clause = Clause("d", "某市公开方案", (1,), ("一、规划公开",), "规划公开", f"（一）做好规划公开。{sentence}。")
    part = TargetPart(clause, "要在门户网站公开各类专项规划", None, sentence=sentence)
    q = Question("indicator", "en", "plans", text="What is the deadline for publishing the plans?", unit="年")
    answer = answer_indicator(q, TargetMatch(part, 1.0), [Hit(clause, 1.0)], 0.5)
    assert answer.answer.startswith("By: 2031年6月底前 — ")
    # a date written later in the sentence, after another part, is not the sentence's deadline
    later = TargetPart(clause, "要在门户网站公开各类专项规划", None, sentence="要在门户网站公开，2031年6月底前完成")
    answer = answer_indicator(q, TargetMatch(later, 1.0), [Hit(clause, 1.0)], 0.5)
    assert "2031年6月底前" not in answer.answer.split("—")[0]


# --- decide: which group an English question asks of ---


def test_a_role_asked_in_english_names_no_group() -> None:
    import jieba

    from kb.qa.corpus import Corpus
    from kb.qa.decide import groups
    from kb.qa.understand.question import Question
    from kb.types import Clause, WorkingGroup

    city = Clause("c", "某市方案", (5, 1), ("五、保障",), "组织保障", "成立领导小组，组长由市长担任，副组长由分管副市长担任。")
    state = Clause("s", "国务院办公厅关于成立国家稀土产业发展领导小组的通知", (0,), (), "前言", "为加快稀土产业发展，决定成立领导小组。")
    clauses = {c.id: c for c in (city, state)}
    both = [
        WorkingGroup("人工智能发展领导小组", head="市长", deputy_convener="分管副市长", clause_id=city.id),
        WorkingGroup("国家稀土产业发展领导小组", head="某副总理", deputy_convener="某部长", clause_id=state.id),
    ]
    assert set(clauses) == {city.id, state.id}
    corpus = Corpus([city, state], both, tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()])
    asked = "How many deputy heads does the national leading group for rare earth industry development have?"
    q = Question("organization", "en", asked, text=asked, org_field="deputy_convener")
    # the glossary's 副组长 is the field asked: the group whose clause writes it is not thereby the one asked
    first = groups.ranked(corpus, lambda _: ["副组长", "稀土"], q, both)[0]  # type: ignore[arg-type]
    assert first.name == "国家稀土产业发展领导小组"
