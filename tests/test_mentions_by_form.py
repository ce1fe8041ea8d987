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
