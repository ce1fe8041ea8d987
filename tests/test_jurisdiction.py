"""Whose document it is (kb.parse.jurisdiction): a place named only inside a title's phrase gives the document
its place, and words that end like a place but name none do not (issue 20)."""

from __future__ import annotations

import pytest

from kb.parse.jurisdiction import read_jurisdiction
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
