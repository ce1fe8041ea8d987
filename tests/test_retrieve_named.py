"""What the lexical side of retrieval is given and which clause a question names (kb.qa.retrieve.routed): the places
a question names are set apart from the rest of its topic (glued to the next word they hide it), and
a clause title written shortened (文旅产业 for 文化旅游产业) names its clause as the whole title does."""

from __future__ import annotations

from kb.qa.retrieve.routed import _names_title, abbreviated
from kb.qa.understand.places import NamedPlaces


def test_the_places_named_are_set_apart_from_the_topic() -> None:
    named = NamedPlaces(["嘉陵县", "宁波市"])
    assert named.apart(("嘉陵县",), "嘉陵县文旅产业 用科技手段提升").split() == ["嘉陵县", "文旅产业", "用科技手段提升"]
    assert named.without(("嘉陵县",), "嘉陵县文旅产业 用科技手段提升").split() == ["文旅产业", "用科技手段提升"]
    assert named.apart(("宁波市",), "宁波市的OPC社区补助").split() == ["宁波市", "的OPC社区补助"]  # not 宁波 / 市
    assert named.without(("宁波市",), "宁波的OPC社区补助").split() == ["的OPC社区补助"]
    assert named.apart((), "嘉陵县文旅产业") == "嘉陵县文旅产业"  # a place not named stays as written


def test_a_title_written_shortened_names_its_clause() -> None:
    assert "文旅产业" in abbreviated("文化旅游产业")
    assert "科创平台" in abbreviated("科技创新平台")
    assert _names_title("本县的文旅产业怎么用科技手段提升？", "文化旅游产业")
    assert _names_title("科创平台由哪个部门建设？", "科技创新平台")
    assert _names_title("文化旅游产业谁牵头？", "文化旅游产业")
    # a shortening must be written: the title's words alone name nothing, nor does a title of other words
    assert not _names_title("旅游产业谁牵头？", "文化旅游产业")
    assert not _names_title("文旅产业谁牵头？", "新材料产业")
    assert abbreviated("新材料产业") == set()  # no run of two-character words to shorten
