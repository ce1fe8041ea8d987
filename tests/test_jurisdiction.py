"""Whose document it is (kb.parse.jurisdiction): a place named only inside a title's phrase gives the document
its place, and words that end like a place but name none do not (issue 20)."""

from __future__ import annotations

import pytest

from kb.parse.jurisdiction import Jurisdiction, place_in_text, read_jurisdiction
from kb.parse.province_numbers import province_of_number
from kb.types import Paragraph


def place_of(title: str) -> str | None:
    return read_jurisdiction(title, [Paragraph(title), Paragraph("一、总体要求")]).place


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("关于印发《南充市支持人工智能OPC创新创业发展若干措施》的通知", "南充市"),
        ("关于加快推进遂宁市数字政府建设的实施方案", "遂宁市"),
        ("关于支持四川省服务业高质量发展的若干意见", "四川省"),
        ("关于印发《德阳市、绵阳市交通一体化行动方案》的通知", "德阳市"),
        ("关于推进新疆维吾尔自治区卫生健康信息化建设的意见", "新疆维吾尔自治区"),
        # the place at the start (issuer) is read as before
        ("泰安市人民政府办公室关于支持OPC发展的若干措施", "泰安市"),
    ],
)
def test_a_place_named_in_the_title(title: str, place: str) -> None:
    assert place_of(title) == place


@pytest.mark.parametrize(
    "title",
    [
        "关于印发《城市更新行动方案》的通知",
        "关于推进全市数字经济发展的意见",
        "关于支持高新区企业发展的若干措施",
        "关于加快建设国家级示范区的实施意见",
        "关于印发《推进上市公司高质量发展行动方案》的通知",
    ],
)
def test_words_ending_like_a_place_give_no_place(title: str) -> None:
    assert place_of(title) is None


def test_an_organ_named_after_its_city_does_not_lengthen_the_place() -> None:
    # `北京市市场监督管理局市场监管…`: after 北京市 comes an organ's name, not a district of it
    title = "北京市市场监督管理局市场监管领域服务OPC系列创新举措"
    assert read_jurisdiction(title, []).place == "北京市"
    assert read_jurisdiction("杭州市上城区人民政府办公室关于印发…的通知", []).place == "杭州市上城区"


def test_a_closing_line_dated_by_part_of_a_month_names_the_issuer() -> None:
    lines = ["关于加快打造人工智能OPC创业高地的若干举措", "一、支持对象", "本政策自印发之日起施行。"]
    lines.append("温州市委教育科技人才一体化委员会办公室2026年3月中旬印发")
    found = read_jurisdiction(lines[0], [Paragraph(text) for text in lines])
    assert (found.issuer, found.place) == ("温州市委教育科技人才一体化委员会办公室", "温州市")


# --- issue 31 (docmeta31): a place the text gives otherwise than by a place word ---------------------------------
def jurisdiction_of(*lines: str) -> tuple[str | None, str | None]:
    """(issuer, place) of a document whose text is these lines, read as parsing reads it (title found first)."""
    from kb.parse.outline import build_outline
    from kb.parse.page_lines import page_meta_in

    paragraphs = [Paragraph(line) for line in lines]
    title, _ = build_outline(paragraphs, "d")
    copied = page_meta_in(list(lines))
    given = Jurisdiction(issuer=copied.issuer, doc_no=copied.doc_no)
    found = read_jurisdiction(title if title != "d" else None, paragraphs, None, given)
    return found.issuer, found.place


@pytest.mark.parametrize(
    ("number", "text", "place"),
    [
        ("黔府发〔2019〕7号", "各市、自治州人民政府，省政府各部门：", "贵州省"),
        ("鲁政办字〔2022〕128号", "各市人民政府，省政府各部门、各直属机构：", "山东省"),
        ("桂政发〔2021〕3号", "各市人民政府，自治区人民政府各组成部门：", "广西壮族自治区"),
        ("津政发〔2020〕9号", "各区人民政府，市政府各委、局：", "天津市"),
        # a city's number opening with a province's character is the city's: 鄂州, 晋城, 甘南
        ("鄂州政发〔2020〕3号", "各区人民政府，省政府有关部门：", None),
        ("晋市政发〔2020〕3号", "全省各市：", None),
        # a city writing a province's abbreviation (南京 宁政发): its text speaks as a city, not a region
        ("宁政发〔2020〕1号", "各区人民政府，市府各委办局：全市上下", None),
        # a department's number names its province's department, not the government: left to other readers
        ("湘财预〔2020〕1号", "各市州财政局，省直各单位：", None),
    ],
)
def test_a_province_governments_number_names_its_province(number: str, text: str, place: str | None) -> None:
    assert province_of_number(number, text) == place


def test_a_document_naming_no_place_takes_its_numbers_province() -> None:
    lines = ["《政府工作报告》重点工作责任分工", "闽政〔2019〕4号", "省直有关单位：", "一、稳增长", "抓好投资（省发改委牵头）。"]
    assert jurisdiction_of(*lines)[1] == "福建省"


def test_a_saved_pages_metadata_line_gives_issuer_and_place() -> None:
    lines = [
        "索 引 号: 011500/2021-00312 发布日期: 2021-04-02 发布机构: 铁山区政府办公室",
        "区人民政府办公室 关于印发2021年区政府重点工作的通知",
        "各街道办事处、区政府各部门：",
        "一、稳增长",
    ]
    assert jurisdiction_of(*lines) == ("铁山区政府办公室", "铁山区")


def test_an_articles_source_line_names_the_issuer_when_it_is_an_organ() -> None:
    assert jurisdiction_of("2021年县政府重点工作任务", "来源:宁乡市人民政府   2021-03-23 10:56", "一、总体要求") == (
        "宁乡市人民政府",
        "宁乡市",
    )
    # a portal's own name or a news agency is no issuer
    assert jurisdiction_of("2021年县政府重点工作任务", "来源:本网   2021-03-23", "一、总体要求") == (None, None)


def test_the_issuers_line_above_a_title_it_opens_names_the_issuer() -> None:
    lines = ["关于加快服务业发展的若干意见", "永安市人民政府", "关于加快服务业发展的若干意见", "各乡镇人民政府：", "一、目标"]
    assert jurisdiction_of(*lines) == ("永安市人民政府", "永安市")


def test_a_level_named_alone_is_no_place() -> None:
    # a salutation's 自治州 (各市、自治州人民政府) is the level of the addressees, not the document's place
    assert place_in_text("各市、自治州人民政府，兰州新区管委会：\n各自治州要抓好落实。") is None


def test_a_title_opening_with_what_it_does_names_its_place_after_the_verb() -> None:
    assert place_of("加快格尔木市物流业发展实施意见") == "格尔木市"
    assert place_of("推进遵义市数字经济发展的实施方案") == "遵义市"
