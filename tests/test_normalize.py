"""Normalizing: the five forms of the plan give the same paragraphs; wraps, page furniture, viewer page breaks
and markdown markers are handled on small real snippets of the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.load import load
from kb.parse.normalize import (
    ends_paragraph,
    is_heading,
    is_page_number,
    join_wrapped,
    normalize,
    starts_with_outline_number,
)
from kb.types import Line, Paragraph, SourceDoc


def _doc(lines: list[Line], fmt: str = "pdf") -> SourceDoc:
    return SourceDoc(
        path=f"snippet.{fmt}",
        doc_id="snippet",
        format=fmt,  # type: ignore[arg-type]
        lines=tuple(lines),
        sha256="0" * 64,
        visual_lines=fmt == "pdf",
    )


def _texts(lines: list[Line], fmt: str = "pdf") -> list[str]:
    return [p.text for p in normalize(_doc(lines, fmt))]


# --- the plan in five forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["txt", "gbk.txt", "raw.txt", "docx", "pdf"])
def test_five_forms_give_the_clean_paragraphs(
    plan_paths: dict[str, Path], plan_text_lines: list[str], form: str
) -> None:
    paragraphs = normalize(load(plan_paths[form]))
    for number, (got, want) in enumerate(zip(paragraphs, plan_text_lines, strict=False), start=1):
        assert got.text == want, f"paragraph {number} of {form}"
    assert len(paragraphs) == len(plan_text_lines) == 55


# Pages read in the PDF: where each paragraph's first line stands.
PDF_PAGES = {
    "附件 3": 1,
    "为深入贯彻落实省委、省政府": 1,
    "（1）对接标志性工程。": 1,  # continues on page 2
    "（1）休闲食品产业。": 2,  # continues on page 3
    "（4）电力能源产业。": 3,  # continues on page 4
    "（5）“两茶一药”产业。": 4,
    "(1) 壮大科技型企业集群。": 4,
    "(2) 强化企业研发投入。": 5,
    "（3）完善转化激励机制。": 6,
    "6. 共享科技创新成果": 7,
    "3. 以要素夯实发展底座": 10,  # last line of page 10
    "（1）强化创新协同引领。": 11,
    "三、推进机制": 12,
}


def test_pdf_paragraphs_start_on_the_right_page(plan_paths: dict[str, Path]) -> None:
    paragraphs = normalize(load(plan_paths["pdf"]))
    for start, page in PDF_PAGES.items():
        matches = [p for p in paragraphs if p.text.startswith(start)]
        assert len(matches) == 1, start
        assert matches[0].page == page, start


def test_pdf_paragraph_across_a_page_break(plan_paths: dict[str, Path]) -> None:
    paragraphs = normalize(load(plan_paths["pdf"]))
    # （4） ends on page 4 with 县 / 科协 split over two lines
    fourth = next(p for p in paragraphs if p.text.startswith("（4）电力能源产业"))
    assert fourth.text.endswith("建设坚强智能电网。（县发改局、县科工信局、县科协等按职责分工负责）")
    assert "— 3 —" not in fourth.text and "— 4 —" not in fourth.text


@pytest.mark.parametrize("form", ["txt", "docx", "raw.txt"])
def test_unpaged_forms_have_no_page(plan_paths: dict[str, Path], form: str) -> None:
    assert {p.page for p in normalize(load(plan_paths[form]))} == {None}


# --- PDF wraps --------------------------------------------------------------------------------------------------


def test_wrap_inside_a_department_name_is_joined() -> None:
    lines = [
        Line("队。（县科工信局、平江高新区、县发改局、县人社局、县科", page=2, indent=False),
        Line("协等按职责分工负责）", page=2, indent=False),
    ]
    assert _texts(lines) == ["队。（县科工信局、平江高新区、县发改局、县人社局、县科协等按职责分工负责）"]


def test_space_at_a_wrap_is_kept_once() -> None:
    lines = [
        Line("才 3 名以上，围绕“一主一特多优”产业突破关键核心技术 5 ", page=1, indent=False),
        Line("项以上，规模以上高新技术企业数量达到 100 家以上。", page=1, indent=False),
    ]
    assert _texts(lines) == [
        "才 3 名以上，围绕“一主一特多优”产业突破关键核心技术 5 项以上，规模以上高新技术企业数量达到 100 家以上。"
    ]


def test_latin_words_at_a_wrap_get_a_space() -> None:
    assert join_wrapped("推广 ERP、CRM 等系统 and", "more systems") == "推广 ERP、CRM 等系统 and more systems"
    assert join_wrapped("超过", "50%，") == "超过50%，"
    assert join_wrapped("县科", "协") == "县科协"


def test_indented_line_starts_a_paragraph_even_without_a_number() -> None:
    lines = [
        Line("2. 锻造产业创新主引擎", page=2, indent=False),
        Line("围绕优势特色产业，推动科技创新和产业创新深度融合，", page=2, indent=True),
        Line("加快形成新质生产力。", page=2, indent=False),
    ]
    assert _texts(lines) == [
        "2. 锻造产业创新主引擎",
        "围绕优势特色产业，推动科技创新和产业创新深度融合，加快形成新质生产力。",
    ]


def test_wrapped_line_ending_in_a_full_stop_does_not_end_the_paragraph() -> None:
    lines = [
        Line("（1）对接标志性工程。积极争取岳麓山实验室、洞庭实", page=1, indent=True),
        Line("点推动洞庭实验室辣味食品和调味面制品两个研发中心建设。", page=1, indent=False),
        Line("主动承接长沙全球研发中心城市的成果外溢和产业转移，探索", page=1, indent=False),
    ]
    assert len(_texts(lines)) == 1


def test_numbered_line_after_a_finished_one_starts_a_paragraph_without_indent() -> None:
    lines = [
        Line("文旅广体局、县科工信局、县林业局等按职责分工负责）", page=4, indent=False),
        Line("3. 激发企业创新活力", page=4, indent=False),
        Line("(1) 壮大科技型企业集群。深入实施科技型企业高质量发", page=4, indent=False),
        Line("展行动。", page=4, indent=False),
    ]
    assert _texts(lines) == [
        "文旅广体局、县科工信局、县林业局等按职责分工负责）",
        "3. 激发企业创新活力",
        "(1) 壮大科技型企业集群。深入实施科技型企业高质量发展行动。",
    ]


@pytest.mark.parametrize(
    "continuation",
    [
        "8.5%以上，引进高层次人才 3 名以上。",
        "2027年，争创省级先进制造业集群1个。",
        "1 家、基础级智能工厂2 家。",
    ],
)
def test_numbers_at_a_line_start_are_not_headings(continuation: str) -> None:
    start = "规模以上高新技术企业数量达到 100 家以上，技术合同成交额增长"
    assert len(_texts([Line(start, page=1, indent=True), Line(continuation, page=1, indent=False)])) == 1
    assert len(_texts([Line(start), Line(""), Line(continuation)], fmt="txt")) == 1  # a viewer's page break


# --- page furniture ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture", ["— 3 —", "- 3 -", "－ 3 －", "第3页 共12页", "第 3 页", "3/12", "3", "Page 3 of 12"]
)
def test_page_numbers_are_dropped_and_the_paragraph_continues(furniture: str) -> None:
    lines = [
        Line("（4）电力能源产业。确保华电平江电厂、垃圾焚烧发电", page=3, indent=True),
        Line("高效稳定运行。加快推进抽水蓄能电站、分布式光伏等可再生", page=3, indent=False),
        Line(furniture, page=3, indent=True),
        Line("能源项目，建设坚强智能电网。（县发改局、县科工信局、县", page=4, indent=False),
        Line("科协等按职责分工负责）", page=4, indent=False),
    ]
    assert normalize(_doc(lines)) == [
        Paragraph(
            "（4）电力能源产业。确保华电平江电厂、垃圾焚烧发电高效稳定运行。加快推进抽水蓄能电站、分布式光伏等可再生"
            "能源项目，建设坚强智能电网。（县发改局、县科工信局、县科协等按职责分工负责）",
            page=3,
        )
    ]


@pytest.mark.parametrize("text", ["— 12 —", "第3页 共12页", "3/12", "12"])
def test_is_page_number(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize(
    "text", ["附件 3", "8.5%", "2027年", "（3）", "3. 激发企业创新活力", "— 3 —— 县政府"]
)
def test_is_not_page_number(text: str) -> None:
    assert not is_page_number(text)


def test_bare_number_inside_a_page_is_kept() -> None:
    lines = [Line(f"第{n}行。", page=1, indent=True) for n in range(3)] + [
        Line("100", page=1, indent=True),
        *[Line(f"第{n}行。", page=1, indent=True) for n in range(3, 6)],
    ]
    assert "100" in _texts(lines)


PLAN_SENTENCES = [
    "（1）对接标志性工程。",
    "（2）争取国省平台布局。",
    "（3）融入区域创新网络。",
    "（1）休闲食品产业。",
    "（2）新材料产业。",
    "（3）电子信息产业。",
    "（4）电力能源产业。",
    "（5）“两茶一药”产业。",
]


def test_repeated_header_and_footer_are_dropped() -> None:
    lines = []
    for page in range(1, 5):
        lines.append(Line("平江县人民政府办公室文件", page=page, indent=True))
        lines += [Line(text, page=page, indent=True) for text in PLAN_SENTENCES[2 * page - 2 : 2 * page]]
        lines.append(Line(f"平江县 2025 年 第 {page} 页", page=page, indent=True))  # digits differ per page
    assert _texts(lines) == PLAN_SENTENCES


def test_line_on_a_minority_of_page_edges_is_kept() -> None:
    lines = []
    for page in range(1, 6):
        if page <= 2:
            lines.append(Line("（县科工信局按职责分工负责）", page=page, indent=True))
        lines += [Line(text, page=page, indent=True) for text in PLAN_SENTENCES[page - 1 : page + 2]]
    assert _texts(lines).count("（县科工信局按职责分工负责）") == 2


def test_header_on_one_page_only_is_kept() -> None:
    lines = [Line("平江县人民政府办公室文件", page=1, indent=True)]
    for page in range(1, 5):
        lines += [
            Line(f"（{page}）第{page}项任务。", page=page, indent=True),
            Line("按期完成。", page=page, indent=True),
        ]
    assert _texts(lines)[0] == "平江县人民政府办公室文件"


# --- text copied out of a viewer --------------------------------------------------------------------------------

RAW_SNIPPET = """\

（1）休闲食品产业。打造“中国休闲食品之都”科创高地。深化与中

国食品科学技术学会合作，共建食品产业专家工作站。（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）

3. 激发企业创新活力

(1) **壮大科技型企业集群。**深入实施科技型企业高质量发展行动。（县科工信局、平江高新区、县发改局等按职责分工负责）

（3）完善转化激励机制。探索与高校、科研院所共建产业技术研究院。（县科工信局、平江高新区等按职责分工负责）
"""


def test_viewer_copy_joins_mid_sentence_page_breaks_and_drops_bold_markers(tmp_path: Path) -> None:
    path = tmp_path / "snippet.raw.txt"
    path.write_text(RAW_SNIPPET, encoding="utf-8")
    assert [p.text for p in normalize(load(path))] == [
        "（1）休闲食品产业。打造“中国休闲食品之都”科创高地。深化与中国食品科学技术学会合作，共建食品产业专家工作站。"
        "（平江高新区、县发改局、县科工信局、县科协等按职责分工负责）",
        "3. 激发企业创新活力",
        "(1) 壮大科技型企业集群。深入实施科技型企业高质量发展行动。（县科工信局、平江高新区、县发改局等按职责分工负责）",
        "（3）完善转化激励机制。探索与高校、科研院所共建产业技术研究院。（县科工信局、平江高新区等按职责分工负责）",
    ]


def test_viewer_break_after_a_closing_quote_is_joined() -> None:
    lines = [Line("促成技术需求匹配2项以上。优化“五首”"), Line(""), Line("及政府首购订购政策。")]
    assert _texts(lines, fmt="txt") == ["促成技术需求匹配2项以上。优化“五首”及政府首购订购政策。"]


def test_title_lines_and_headings_stand_alone_in_text() -> None:
    lines = [
        Line("附件 3"),
        Line("培育好强科创兴产业的动能实施方案"),
        Line("为深入贯彻落实省委、省政府关于打造国家重要先进制造业高地的决策部署，特制定本实施方案。"),
        Line("一、培育好强科创动能"),
        Line("（一）主要指标"),
        Line("力争全社会研发经费投入增长 8.5%以上。"),
    ]
    assert _texts(lines, fmt="txt") == [line.text for line in lines]


def test_docx_paragraphs_are_never_joined() -> None:
    lines = [
        Line("主动对接省“4+4 科创工程”和长沙全球研发中心城市建设，争取更多"),
        Line("创新资源溢出和辐射带动"),
    ]
    assert _texts(lines, fmt="docx") == [line.text for line in lines]


def test_half_and_full_width_numbers_kept_as_written() -> None:
    lines = [
        Line("(1) 建强转化服务平台。探索建设概念验证中心。"),
        Line("（3）完善转化激励机制。建设科技成果库。"),
    ]
    assert _texts(lines, fmt="txt") == [line.text for line in lines]


def test_markdown_heading_marks_removed_in_md_only() -> None:
    assert _texts([Line("## 三、推进机制"), Line("成立工作专班。")], fmt="md") == [
        "三、推进机制",
        "成立工作专班。",
    ]


def test_gbk_crlf_snippet_normalizes(tmp_path: Path) -> None:
    path = tmp_path / "snippet.gbk.txt"
    path.write_bytes("（一）主要指标\r\n力争全社会研发经费投入增长 8.5%以上。\r\n".encode("gbk"))
    assert [p.text for p in normalize(load(path))] == [
        "（一）主要指标",
        "力争全社会研发经费投入增长 8.5%以上。",
    ]


# --- the line tests ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "一、培育好强科创动能",
        "（一）主要指标",
        "(二) 重点任务",
        "1. 对接",
        "2、锻造",
        "（1）对接",
        "(1) 壮大",
        "①项目",
        "第三条 规定",
        "第一章 总则",
    ],
)
def test_outline_numbers(text: str) -> None:
    assert starts_with_outline_number(text)


@pytest.mark.parametrize(
    "text", ["8.5%以上", "2027年", "1 家", "3.2倍", "100 家", "（县科工信局）", "(2023) 12号"]
)
def test_not_outline_numbers(text: str) -> None:
    assert not starts_with_outline_number(text)


def test_headings_and_endings() -> None:
    assert is_heading("一、培育好强科创动能")
    assert is_heading("1. 对接高能级创新体系")
    assert not is_heading("（1）对接标志性工程。积极争取岳麓山实验室")
    assert not is_heading("培育好强科创兴产业的动能实施方案")  # a title, but not numbered
    assert ends_paragraph("（县科工信局、平江高新区等按职责分工负责）")
    assert ends_paragraph("特制定本实施方案。")
    assert not ends_paragraph("深化与中")
    assert not ends_paragraph("优化“五首”")


@pytest.mark.parametrize(
    "meta",
    ["索 引 号: 011500/2021-00312 发布日期: 2021-04-02 发布机构: 铁山区政府办公室", "来源:宁乡市人民政府   2021-03-23 10:56"],
)
def test_a_saved_pages_metadata_line_is_never_joined_to_the_next(meta: str) -> None:
    # a TXT line ending without a mark is continued on the next as a page break's piece; a metadata line is whole
    lines = [Line(meta), Line("区人民政府办公室 关于印发重点工作的通知"), Line("各街道办事处:")]
    assert _texts(lines, "txt") == [meta, "区人民政府办公室 关于印发重点工作的通知", "各街道办事处:"]
