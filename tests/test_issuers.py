"""Who issued a document the question names (kb.qa.decide.issuers, kb.qa.compose.issued): the document found by
the name it is issued under, its issuers read off the organ lines above the date it is signed on (two to a line,
or one), else off its title; a unit checked is 是 or 不是 one of them. The texts are written for these tests; the
expectations are read off them by hand."""

from __future__ import annotations

from dataclasses import replace

from kb.qa.compose.issued import answer_issuers
from kb.qa.decide.issuers import asks_issuer, document_named, issued_name, signed_by, unit_checked
from kb.qa.understand.question import Question
from kb.types import Clause

JOINT = Clause(
    "j",
    "关于印发《珠江流域2024年冬春季水污染综合治理行动方案》的通知",
    (0,),
    ("前言",),
    "前言",
    "各有关市人民政府:\n现将《珠江流域2024年冬春季水污染综合治理行动方案》印发给你们,请遵照执行。\n"
    "水利部 生态环境部\n住房城乡建设部 农业农村部\n广东省人民政府 广西壮族自治区人民政府\n2024年11月5日\n(此件公开发布)",
)
ONE_A_LINE = Clause(
    "s",
    "关于印发《某区支持青年创业若干措施》的通知",
    (0,),
    ("前言",),
    "前言",
    "各有关单位:\n现将《某区支持青年创业若干措施》印发给你们。\n某区人力资源和社会保障局\n某区财政局\n二〇二五年三月八日",
)
TITLED = Clause(
    "t",
    "某市人民政府办公室关于印发某市数字乡村建设方案的通知",
    (0,),
    ("前言",),
    "前言",
    "各县区:现印发给你们。",
)
TITLES = {"j": JOINT.doc_title, "s": ONE_A_LINE.doc_title, "t": TITLED.doc_title}


def test_the_question_asking_who_issued_a_document() -> None:
    assert asks_issuer("水利部有没有参与联合印发珠江流域冬春季水污染综合治理行动方案？", "zh")
    assert asks_issuer("哪些部门联合印发了这个方案？", "zh") and asks_issuer("这份通知的发文机关是谁？", "zh")
    assert not asks_issuer("这个方案是什么时候印发的？", "zh")  # a date asked
    assert not asks_issuer("方案要求各市在年底前完成哪些任务？", "zh")


def test_the_document_named_by_its_issued_name_whole_or_mostly() -> None:
    assert issued_name(JOINT.doc_title) == "珠江流域2024年冬春季水污染综合治理行动方案"
    assert issued_name(TITLED.doc_title) == "某市数字乡村建设方案"
    assert document_named("水利部参与印发珠江流域2024年冬春季水污染综合治理行动方案了吗", TITLES) == "j"
    assert (
        document_named("水利部参与印发珠江流域冬春季水污染综合治理行动方案了吗", TITLES) == "j"
    )  # the year left out
    assert document_named("哪些部门印发了数字乡村方案", TITLES) is None  # too little of any name
    twins = {"a": "关于印发某县乡村振兴实施方案的通知", "b": "关于印发某镇乡村振兴实施方案的通知"}
    assert document_named("乡村振兴实施方案是谁印发的", twins) is None  # two fit as well


def test_the_organs_signing_a_document() -> None:
    signed = signed_by([JOINT], JOINT.doc_title)
    assert signed is not None and signed.signed and signed.clause.id == "j:0"
    assert signed.organs == (
        "水利部",
        "生态环境部",
        "住房城乡建设部",
        "农业农村部",
        "广东省人民政府",
        "广西壮族自治区人民政府",
    )  # the line above them (印发给你们) is no organ's
    one = signed_by([ONE_A_LINE], ONE_A_LINE.doc_title)
    assert one is not None and one.organs == (
        "某区人力资源和社会保障局",
        "某区财政局",
    )  # a date in Chinese numerals
    titled = signed_by([TITLED], TITLED.doc_title)
    assert titled is not None and not titled.signed and titled.organs == ("某市人民政府办公室",)
    assert signed_by([replace(TITLED, doc_title="关于印发某方案的通知")], "关于印发某方案的通知") is None


def _asked(text: str) -> Question:
    return Question("general", "zh", text, text=text, slot="yesno")


def test_a_unit_checked_against_the_issuers_is_yes_or_no_first() -> None:
    signed = signed_by([JOINT], JOINT.doc_title)
    name = issued_name(JOINT.doc_title)
    q = _asked("农业农村部有没有参与联合印发珠江流域冬春季水污染综合治理行动方案？")
    assert unit_checked(q.text) == ("农业农村部",)
    found = answer_issuers(q, name, signed, JOINT, ("农业农村部",), lambda _: None)
    assert found.answer.startswith("是：") and found.verdict is True and not found.abstained
    assert [h.clause.id for h in found.citations] == ["j:0"]
    found = answer_issuers(q, name, signed, JOINT, ("教育部",), lambda _: None)
    assert found.answer.startswith("不是：") and "水利部" in found.answer  # the list checked against
    found = answer_issuers(q, name, signed, JOINT, ("国家生态环境部",), lambda _: None)
    assert found.verdict is True  # written without its level in the signature
    who = replace(q, slot="units", text="哪些部门联合印发了珠江流域冬春季水污染综合治理行动方案？")
    found = answer_issuers(who, name, signed, JOINT, (), lambda _: None)
    assert (
        "由水利部、生态环境部、住房城乡建设部、农业农村部、广东省人民政府、广西壮族自治区人民政府联合印发"
        in found.answer
    )
    found = answer_issuers(who, "某方案", None, TITLED, (), lambda _: None)
    assert found.abstained and "没有写明印发单位" in found.answer
