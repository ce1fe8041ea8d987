"""Forms of questions answered from what a clause writes: a yes/no check naming a holder no registry knows, a list
announced by a number word (六大模块具体是哪些), units listed after 会同 whose short names fit several places, a
short unit name of the place a question names that only other places' notes know, a question asking for no unit
whatever the classifier read. Small hand-made clauses, no index."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from kb.qa.compose.mechanism import answer_organization
from kb.qa.compose.summary import counted_list
from kb.qa.decide.in_text import joined_by_form
from kb.qa.engine import NAMES_A_UNIT, Engine
from kb.qa.understand.question import Question
from kb.qa.understand.subject import Mention, in_charge
from kb.types import Clause, Hit, WorkingGroup

GROUP_CLAUSE = Clause("d", "某区实施意见", (6,), ("六、成立工作专班",), "成立工作专班", "成立工作专班，组长：分管副区长。")
GROUP = WorkingGroup("某区工作专班", head="分管副区长", clause_id="d:6")


def _check(text: str) -> str:
    q = Question("organization", "zh", text, org_field="head", text=text)
    return answer_organization(q, [GROUP], {"d:6": GROUP_CLAUSE}, lambda _: None).answer


def test_a_holder_the_document_does_not_give_is_a_no() -> None:
    assert _check("专班组长是区长本人吗？").startswith("不是。")  # 区长 is part of 分管副区长's title, another post
    assert _check("专班组长由区委书记担任吗？").startswith("不是。")
    assert _check("专班组长是分管副区长吗？").startswith("是。")
    assert not _check("专班组长是谁？").startswith(("是", "不是"))  # no yes/no question


def test_a_counted_list_is_quoted_from_the_sentence_announcing_it() -> None:
    clause = Clause("d", "某街道措施", (2,), ("二、生态运营",), "生态运营", "建立社区运营体系，以五大模块构建社区生态：工具支持、导师领队、交流会、成长陪伴、投资对接。对成效显著的给予奖励。")
    other = Clause("e", "某市措施", (1,), ("一、总则",), "总则", "建设一批社区。")
    found = counted_list("说是有五大模块，具体都是哪些？", [Hit(other, 1.0), Hit(clause, 0.9)])
    assert found is not None and found[1] is clause
    assert found[0].startswith("建立社区运营体系，以五大模块构建社区生态：工具支持") and "奖励" not in found[0]
    # no number word, or one no clause writes: nothing quoted; 哪一个 is no counted list
    assert counted_list("社区运营体系有哪些模块？", [Hit(clause, 1.0)]) is None
    assert counted_list("有哪三大平台？", [Hit(clause, 1.0)]) is None
    assert counted_list("运营体系是哪五大模块？", [Hit(clause, 1.0)]) is not None
    assert counted_list("由哪一个部门牵头？", [Hit(Clause("f", "t", (1,), ("一",), "一", "设立一个部门专班。"), 1.0)]) is None


def test_units_listed_after_huitong_are_read_by_form_an_open_kind_is_not() -> None:
    sentence = "由区商务局会同区财政局、人社局等相关部门另行制定实施细则"
    known = [Mention(1, 5, "区商务局"), Mention(7, 11, "区财政局")]
    found = in_charge(sentence, known + joined_by_form(sentence, known))
    assert found is not None and found.lead == "区商务局" and found.others == ("区财政局", "人社局")
    assert joined_by_form("水利部会同有关部门组建协调小组", []) == []


def _question(text: str, places: tuple[str, ...], ambiguous: tuple[tuple[str, tuple[str, ...]], ...]) -> Question:
    return Question(
        "department_tasks", "zh", text, places=places, ambiguous=ambiguous, text=text, slot="duties"
    )


def test_a_short_name_only_other_places_know_is_the_named_places_own_unit() -> None:
    engine = SimpleNamespace(
        understanding=SimpleNamespace(resolver=SimpleNamespace(places={"市工信局": {"甲市"}, "区工信局": {"乙区"}}))
    )
    ambiguous = (("工信局", ("市工信局", "区工信局")),)
    elsewhere = _question("丙市工信局在组织保障里要建立哪些机制？", ("丙市",), ambiguous)
    assert Engine._elsewhere_only(engine, elsewhere)  # type: ignore[arg-type]
    assert not Engine._elsewhere_only(engine, replace(elsewhere, places=("甲市",)))  # type: ignore[arg-type]
    assert not Engine._elsewhere_only(engine, replace(elsewhere, places=()))  # type: ignore[arg-type]
    own = Engine._own_unit(elsewhere)
    assert "工信局" not in own.topic and own.ambiguous == () and own.slot != "duties"


def test_a_question_holding_no_word_of_a_unit_asks_for_none() -> None:
    assert not NAMES_A_UNIT.search("社区运营体系说是有六大模块，具体都是哪些？")
    for asking in ("这项工作谁牵头？", "责任单位是？", "由哪个部门负责？", "Who is in charge of it?", "市发改委做什么"):
        assert NAMES_A_UNIT.search(asking), asking
