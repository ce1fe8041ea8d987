"""Units a sentence puts in charge after 由 that no note of the corpus names, recognised by their form: a name
ending in an organisational word, followed by a verb of taking charge. Never a name that does not look like a
unit."""

from __future__ import annotations

from kb.qa.understand.subject import Mention, in_charge, mentions_by_form


def test_a_unit_after_by_is_read_by_its_form() -> None:
    sentence = "设立部门联席会议制度，联席会议由区经济发展局负责召集"
    found = mentions_by_form(sentence)
    assert [m.name for m in found] == ["区经济发展局"]
    charge = in_charge(sentence, found)
    assert charge is not None and charge.lead == "区经济发展局"


def test_what_does_not_look_like_a_unit_is_no_mention() -> None:
    assert mentions_by_form("政策由各方共同负责推进") == []  # 各方 is no body
    assert mentions_by_form("补贴由企业自行申报") == []  # no verb of taking charge after it
    assert mentions_by_form("由此形成合力") == []


def test_a_unit_the_registry_found_is_not_read_twice() -> None:
    sentence = "由县科工信局牵头组织实施"
    known = [Mention(1, 6, "县科工信局")]
    assert mentions_by_form(sentence, known) == []


def test_a_unit_opening_a_comma_part_is_read_by_its_form() -> None:
    # the person in charge first, then the unit leading, then those assisting: the lead is the unit, not the person
    sentence = "由王某某副县长负责,县住建局牵头,县发改局配合,抓紧完善项目方案"
    found = mentions_by_form(sentence)
    assert [m.name for m in found] == ["县住建局", "县发改局"]
    charge = in_charge(sentence, found)
    assert charge is not None and charge.lead == "县住建局" and charge.assisting == ("县发改局",)
    # a short name (市建委), but no phrase opening a part that only ends like a place (以全市统筹…)
    assert [m.name for m in mentions_by_form("由李某某副市长负责,市建委牵头,相关部门配合")] == ["市建委"]
    assert mentions_by_form("采用分布式架构，以全市统筹的顶层设计为核心") == []


def test_a_kind_of_units_opening_a_comma_part_is_no_mention() -> None:
    assert mentions_by_form("由王某某副县长负责,相关部门配合,各乡镇负责落实") == []
    assert mentions_by_form("加快项目建设,各有关部门要统筹推进") == []


def test_the_units_of_the_comma_part_after_the_lead_s_assist_it() -> None:
    sentence = "由王某某副县长负责,县住建局牵头,县发改局、县财政局按职责分工配合,抓紧完善项目方案"
    known = [Mention(17, 21, "县发改局"), Mention(22, 26, "县财政局")]
    charge = in_charge(sentence, known + mentions_by_form(sentence, known))
    assert charge is not None and charge.lead == "县住建局"
    assert charge.others == ("县发改局", "县财政局") and charge.assisting == ("县发改局", "县财政局")


def test_units_of_a_later_part_doing_something_else_do_not_assist() -> None:
    # 县财政局 opens the next part, but the part sets its own task (保障资金), not assisting the lead
    sentence = "由王某某副县长负责,县住建局牵头,县财政局保障资金"
    known = [Mention(17, 21, "县财政局")]
    charge = in_charge(sentence, known + mentions_by_form(sentence, known))
    assert charge is not None and charge.lead == "县住建局" and charge.assisting == ()
    # a kind of units assisting (相关部门配合) names no unit
    kind = "由王某某副县长负责,县住建局牵头,相关部门配合"
    charge = in_charge(kind, mentions_by_form(kind))
    assert charge is not None and charge.lead == "县住建局" and charge.others == ()
