"""Forms of questions answered from what a clause writes: a yes/no check naming a holder no registry knows, a list
announced by a number word (六大模块具体是哪些), units listed after 会同 whose short names fit several places, a
short unit name of the place a question names that only other places' notes know, a question asking for no unit
whatever the classifier read. Small hand-made clauses, no index."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from kb.qa.compose.mechanism import answer_organization
from kb.qa.compose.summary import counted_list
from kb.qa.decide.evidence import Thresholds
from kb.qa.decide.in_text import joined_by_form
from kb.qa.decide.named import asked_act, named_in
from kb.qa.decide.places import Places
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


def test_a_post_written_in_brackets_with_the_holder_is_a_yes_a_part_of_it_a_no() -> None:
    group = replace(GROUP, head="张立明(区委常委、常务副区长)")
    q = Question("organization", "zh", "", org_field="head")

    def check(text: str) -> str:
        return answer_organization(replace(q, text=text), [group], {"d:6": GROUP_CLAUSE}, lambda _: None).answer

    assert check("专班组长是常务副区长吗？").startswith("是。")
    assert check("专班组长是张立明吗？").startswith("是。")
    assert check("专班组长是副区长吗？").startswith("不是。")  # part of the post written, another post
    assert check("专班组长是区委书记吗？").startswith("不是。")


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
    assert "工信局" not in own.topic and own.ambiguous == ()


def test_a_question_holding_no_word_of_a_unit_asks_for_none() -> None:
    assert not NAMES_A_UNIT.search("社区运营体系说是有六大模块，具体都是哪些？")
    for asking in ("这项工作谁牵头？", "责任单位是？", "由哪个部门负责？", "Who is in charge of it?", "市发改委做什么"):
        assert NAMES_A_UNIT.search(asking), asking


def _placed_clause(doc: str, text: str) -> Clause:
    return Clause(doc, f"{doc}的OPC政策", (1,), ("一、支持",), "支持", text)


def test_places_writing_the_phrase_the_question_shares_with_the_best_clause_are_listed() -> None:
    best = _placed_clause("甲", "市经信局加强统筹协调，建立健全部门联席会议机制。")
    other = _placed_clause("乙", "设立经开区促进产业发展部门联席会议制度，联席会议由区经济发展局负责召集。")
    loan = [_placed_clause("丙", "为符合条件的人才提供最高50万元创业担保贷款。"), _placed_clause("丁", "提供最高30万元创业担保贷款。")]
    clauses = [best, other, *loan]
    corpus = SimpleNamespace(
        clauses=clauses,
        clauses_holding=lambda phrase: [c for c in clauses if phrase in c.text],
        topic_coverage=lambda tokens, cs: 1.0 if any(t in c.text for t in tokens for c in cs) else 0.0,
    )
    places = Places(corpus, lambda q: ["联席会议"], Thresholds(), lambda q, k: None)  # type: ignore[arg-type, return-value]
    text = "哪些地方的政策提出要建立部门联席会议（机制）？"
    q = Question("general", "zh", text, text=text)
    assert [h.clause.doc for h in places.sharing(q, [Hit(best, 1.0)])] == ["乙"]
    # a value the question states must be stated in the sentence writing the phrase: 30万元 is another value
    text = "哪些地方写明创业担保贷款最高可贷50万元？"
    first = _placed_clause("戊", "可按规定申请最高50万元个人创业担保贷款。")
    q = Question("general", "zh", text, text=text)
    assert [h.clause.doc for h in places.sharing(q, [Hit(first, 1.0)])] == ["丙"]
    # a phrase shorter than a term, or English, shares nothing
    q = Question("general", "zh", "哪些地方建设社区？", text="哪些地方建设社区？")
    assert places.sharing(q, [Hit(_placed_clause("己", "建设社区。"), 1.0)]) == ()


def test_the_places_of_a_kind_a_sentence_names_after_the_act() -> None:
    act = asked_act("某市支持哪几个区先开展社区试点？")
    assert act is not None and act.kind == "区"
    hit = Hit(_placed_clause("甲", "坚持试点先行，支持东城区、西湖区开展试点工作，鼓励其他县（市、区）布局建设社区。"), 1.0)
    found = named_in(act, [hit], lambda s: float("试点" in s))
    assert found is not None and found.names == ("东城区", "西湖区")
