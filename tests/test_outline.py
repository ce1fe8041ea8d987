"""The outline: document title, numbering styles and their levels, title/text split of each clause."""

from __future__ import annotations

import pytest

from kb.parse.outline import build_outline, chinese_number, read_marker, split_title
from kb.types import Paragraph


def _paras(*lines: str) -> list[Paragraph]:
    return [Paragraph(line, page=1) for line in lines]


def _ids(clauses: list) -> list[str]:
    return [c.id for c in clauses]


@pytest.mark.parametrize(
    ("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23)]
)
def test_chinese_number(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "style", "number", "label"),
    [
        ("一、总体要求", "cn", 1, "一、"),
        ("（二）重点任务", "paren_cn", 2, "（二）"),
        ("(二) 重点任务", "paren_cn", 2, "（二）"),
        ("1. 对接高能级创新体系", "arabic", 1, "1. "),
        ("3、激发企业活力", "arabic", 3, "3. "),
        ("２．全角数字", "arabic", 2, "2. "),
        ("（1）对接标志性工程。", "paren_arabic", 1, "（1）"),
        ("(12) 壮大科技型企业集群。", "paren_arabic", 12, "（12）"),
        ("③加强宣传", "circled", 3, "③"),
        ("第三条 本办法自印发之日起施行。", "article", 3, "第三条 "),
        ("第二章 总则", "chapter", 2, "第二章 "),
        ("第一节 目标", "section", 1, "第一节 "),
        # odd full stops and a private-use numbering character, read as a person reads them (issue 20)
        ("1﹒推进工业互联网平台建设", "arabic", 1, "1. "),
        ("12．加强企业数字化改造", "arabic", 12, "12. "),
        ("3。建设算力中心", "arabic", 3, "3. "),
        ("4·培育数据要素市场", "arabic", 4, "4. "),
        ("5\ue00b推进数字政府建设", "arabic", 5, "5. "),
        ("6\uf0b7\uf0b7强化安全保障", "arabic", 6, "6. "),
        ("2）完善政策体系", "paren_arabic", 2, "（2）"),
    ],
)
def test_markers(text: str, style: str, number: int, label: str) -> None:
    marker = read_marker(text)
    assert marker is not None
    assert (marker.style, marker.number, marker.label) == (style, number, label)


@pytest.mark.parametrize(
    "text", ["8.5%以上的增长", "2027年实现目标", "一是加强领导", "5G 基站建设", "1.5 亿元"]
)
def test_not_markers(text: str) -> None:
    assert read_marker(text) is None


def test_split_title() -> None:
    assert split_title("新材料产业。重点突破高性能合成云母") == ("新材料产业", "重点突破高性能合成云母")
    assert split_title("主要指标") == ("主要指标", "")
    assert split_title("本办法适用于：") == ("本办法适用于", "")
    assert split_title("本办法自印发之日起施行。") == ("本办法自印发之日起施行", "本办法自印发之日起施行。")
    assert split_title("为了规范管理，制定本办法。") == ("为了规范管理", "为了规范管理，制定本办法。")
    # a long first sentence is body: the title is its first phrase, and the text keeps the whole sentence
    long = "全面贯彻落实党的二十大精神和省委省政府关于科技创新的部署要求，扎实推进各项重点工作落地见效。"
    title, text = split_title(long)
    assert title == "全面贯彻落实党的二十大精神和省委省政府关…"
    assert text == long


def test_plan_like_levels_title_and_preamble() -> None:
    title, clauses = build_outline(
        _paras(
            "附件 3",
            "某某实施方案",
            "为推进工作，制定本方案。",
            "一、总体目标",
            "（一）主要指标",
            "力争增长 8.5%以上。",
            "（二）重点任务",
            "1. 第一组",
            "组的引言。",
            "（1）甲任务。甲的正文。（县林业局负责）",
            "(2) 乙任务。乙的正文。",
            "2. 第二组",
            "（1）丙任务。丙的正文。",
            "二、推进机制",
            "成立工作专班。",
        ),
        "doc",
    )
    assert title == "某某实施方案"
    assert _ids(clauses) == [
        "doc:0",
        "doc:1",
        "doc:1.1",
        "doc:1.2",
        "doc:1.2.1",
        "doc:1.2.1.1",
        "doc:1.2.1.2",
        "doc:1.2.2",
        "doc:1.2.2.1",
        "doc:2",
    ]
    by_id = {c.id: c for c in clauses}
    assert (by_id["doc:0"].title, by_id["doc:0"].text) == ("前言", "为推进工作，制定本方案。")
    assert (by_id["doc:1.1"].title, by_id["doc:1.1"].text) == ("主要指标", "力争增长 8.5%以上。")
    assert (by_id["doc:1.2.1"].title, by_id["doc:1.2.1"].text) == ("第一组", "组的引言。")
    assert by_id["doc:1.2.1.1"].text == "甲的正文。（县林业局负责）"
    assert by_id["doc:1.2.1.2"].path == ("一、总体目标", "（二）重点任务", "1. 第一组", "（2）乙任务")
    assert by_id["doc:2"].text == "成立工作专班。"
    assert all(c.doc_title == "某某实施方案" and c.page == 1 for c in clauses)


def test_articles_and_circled_items() -> None:
    title, clauses = build_outline(
        _paras(
            "某某管理办法",
            "第一章 总则",
            "第一条 为了规范管理，制定本办法。",
            "第二条 本办法适用于：",
            "①县属企业；",
            "②乡镇企业。",
            "第二章 附则",
            "第三条 本办法自印发之日起施行。",
        ),
        "rules",
    )
    assert title == "某某管理办法"
    assert _ids(clauses) == [
        "rules:1",
        "rules:1.1",
        "rules:1.2",
        "rules:1.2.1",
        "rules:1.2.2",
        "rules:2",
        "rules:2.3",
    ]
    by_id = {c.id: c for c in clauses}
    assert by_id["rules:1.2.2"].path == ("第一章 总则", "第二条 本办法适用于", "②乡镇企业")
    # an article without a short heading keeps its whole sentence as text
    assert by_id["rules:2.3"].text == "本办法自印发之日起施行。"


def test_levels_follow_first_appearance_not_a_fixed_style_order() -> None:
    # here `1.` comes first and `（一）` under it: the styles take levels in that order
    _, clauses = build_outline(_paras("1. 甲", "（一）子甲", "（二）子乙", "2. 乙", "（一）子丙"), "d")
    assert _ids(clauses) == ["d:1", "d:1.1", "d:1.2", "d:2", "d:2.1"]


def test_no_title_line_uses_doc_id_and_first_paragraph_is_preamble() -> None:
    title, clauses = build_outline(_paras("为推进工作，特制定本方案如下。", "一、目标"), "memo")
    assert title == "memo"
    assert _ids(clauses) == ["memo:0", "memo:1"]


def test_no_paragraphs_no_clauses() -> None:
    assert build_outline([], "empty") == ("empty", [])


@pytest.mark.parametrize("text", ["8.5%的增长", "2025年底前", "3.2倍", "10000元"])
def test_numbers_that_are_no_markers(text: str) -> None:
    assert read_marker(text) is None


def test_items_after_a_private_use_character_keep_their_outline() -> None:
    paragraphs = [
        Paragraph("某市数字政府建设实施方案"),
        Paragraph("一、重点任务"),
        Paragraph("1\ue00b推进政务数据共享。（市数据局负责）"),
        Paragraph("2\ue00b建设一体化政务服务平台。（市政务服务中心负责）"),
    ]
    _, clauses = build_outline(paragraphs, "d")
    assert [(c.id, c.title) for c in clauses] == [
        ("d:1", "重点任务"),
        ("d:1.1", "推进政务数据共享"),
        ("d:1.2", "建设一体化政务服务平台"),
    ]


def test_title_read_by_form_over_header_lines() -> None:
    # the red header and the issuing number stand above the title; both stay in the text, neither is the title
    title, clauses = build_outline(
        _paras(
            "鞍山市立山区人民政府文件",
            "鞍立政发〔2023〕2号",
            "立山区人民政府关于印发 《立山区政府2023年重点工作任务分解 和责任分工方案》的通知",
            "各街道办事处,各区直部门:",
            "一、目标",
        ),
        "d",
    )
    assert title == "立山区人民政府关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知"
    assert "鞍立政发〔2023〕2号" in clauses[0].text


def test_title_printed_over_two_lines_is_joined() -> None:
    title, clauses = build_outline(
        _paras("国务院办公厅关于印发“无废城市”建设", "试点工作方案的通知", "国办发〔2018〕128号", "一、总体要求"), "d"
    )
    assert title == "国务院办公厅关于印发“无废城市”建设试点工作方案的通知"
    assert "试点工作方案的通知" not in clauses[0].text


def test_two_title_like_lines_without_an_open_title_are_not_joined() -> None:
    title, _ = build_outline(_paras("2024年金东区政府民生实事项目", "2024年金东区政府民生实事任务分解方案", "1. 甲"), "d")
    assert title == "2024年金东区政府民生实事项目"


def test_notice_starting_with_its_addressees_takes_the_name_it_issues() -> None:
    title, clauses = build_outline(
        _paras(
            "各市(州)人民政府、省级有关部门(单位):",
            "经省政府同意,现将《四川省“十四五”现代流通体系建设实施方案》印发给你们,请认真贯彻执行。",
            "一、总体要求",
        ),
        "d",
    )
    assert title == "四川省“十四五”现代流通体系建设实施方案"
    assert clauses[0].text.startswith("各市(州)人民政府")


def test_issuing_number_run_together_with_the_title() -> None:
    title, _ = build_outline(_paras("文件编号:海政发〔2024〕4号宁波市海曙区人民政府办公室关于印发重点工作责任分解的通知", "一、甲"), "d")
    assert title == "宁波市海曙区人民政府办公室关于印发重点工作责任分解的通知"


def test_addressees_without_an_issued_name_leave_no_title() -> None:
    title, _ = build_outline(_paras("各有关单位：", "为推进工作，特制定本方案。", "一、目标"), "memo")
    assert title == "memo"


# --- issue 31 (docmeta31): titles a saved page or a copied notice writes otherwise ------------------------------
def test_a_saved_pages_metadata_line_is_passed_over_for_the_title() -> None:
    title, _ = build_outline(
        _paras("索 引 号: 011500/2021-00312 发布日期: 2021-04-02 发布机构: 铁山区政府办公室", "区人民政府办公室 关于印发2021年区政府重点工作的通知", "一、甲"),
        "d",
    )
    assert title == "区人民政府办公室关于印发2021年区政府重点工作的通知"


def test_the_issuers_line_above_a_title_printed_over_two_lines_opens_it() -> None:
    title, clauses = build_outline(
        _paras("阿荣旗人民政府办公室", "关于印发2023年《政府工作报告》", "重点任务分工的通知", "各苏木乡镇人民政府:", "一、甲"), "d"
    )
    assert title == "阿荣旗人民政府办公室关于印发2023年《政府工作报告》重点任务分工的通知"
    assert "关于印发" not in clauses[0].text  # the title's lines are not the preamble's text


def test_an_addressee_run_on_into_its_sentence_gives_the_name_it_sends() -> None:
    title, _ = build_outline(
        _paras("各县(市、区)人民政府,市政府各部门: 《遵义市创建全国文明城市工作方案》已经市人民政府同意,现印发给你们。", "一、甲"), "d"
    )
    assert title == "遵义市创建全国文明城市工作方案"


def test_the_first_of_several_names_sent_together_titles_the_notice() -> None:
    sentence = "《安阳市工业转型实施方案》《安阳市工业转型若干财政措施》已经市政府常务会议研究通过,现印发给你们。"
    assert build_outline(_paras("各县(市、区)人民政府:", sentence, "一、甲"), "d")[0] == "安阳市工业转型实施方案"


def test_a_name_cited_before_the_one_sent_does_not_title_the_notice() -> None:
    sentence = (
        "为贯彻落实《国务院关于支持江西深化改革的意见》(国发〔2022〕5号)和《江西省人民政府办公厅关于印发<分工方案>的通知》,"
        "经市政府同意,现将《九江市深化改革分工落实方案》印发给你们。"
    )
    assert build_outline(_paras("九政办字〔2023〕2号", "各县(市、区)人民政府:", sentence, "一、甲"), "d")[0] == (
        "九江市深化改革分工落实方案"
    )


def test_a_portals_title_closed_by_its_number_is_the_title_without_it() -> None:
    assert build_outline(_paras("2022年县政府重点工作任务(浏政发〔2022〕3号)", "一、甲"), "d")[0] == "2022年县政府重点工作任务"
