"""Places anywhere, read from jieba's place words that CC-CEDICT writes as proper names (kb.qa.normalise.gazetteer),
and a question naming one that no document writes refused (kb.qa.decide.evidence.unknown_places)."""

from pathlib import Path

import pytest

from kb.qa.decide.evidence import unknown_places
from kb.qa.normalise import gazetteer

DOCS = ["泰安市支持人工智能OPC发展，对入驻社区的创业者给予住房补贴。", "宁波市对OPC人才给予安居补贴。"]


def writes(text: str) -> bool:
    return any(text in doc for doc in DOCS)


@pytest.mark.parametrize("name", ["厦门", "泰安", "昆明", "中关村", "长江"])
def test_proper_place_names_are_places(name: str) -> None:
    assert gazetteer.is_place(name)


@pytest.mark.parametrize("word", ["山区", "社区", "一路平安", "园区", "补贴"])
def test_common_words_are_no_places_even_where_jieba_tags_them_so(word: str) -> None:
    # 山区 and 一路平安 are tagged ns by jieba; CC-CEDICT writes them in lower case (no proper name)
    assert not gazetteer.is_place(word)


def test_an_english_name_is_read_by_its_pinyin() -> None:
    assert gazetteer.read("Xiamen") == ("厦门",)  # CC-CEDICT: "Xiamen, subprovincial city" — no place gloss
    assert "泰安" in gazetteer.read("Tai'an")
    assert "济南" in gazetteer.read("Jinan")


@pytest.mark.parametrize(
    ("name", "place"),
    [("Harbin", "哈尔滨"), ("Hohhot", "呼和浩特"), ("Urumqi", "乌鲁木齐"), ("Hefei", "合肥"), ("Lhasa", "拉萨")],
)
def test_a_conventional_english_spelling_is_read_by_its_gloss(name: str, place: str) -> None:
    # not the pinyin (ha-er-bin, hu-he-hao-te); CC-CEDICT glosses the name written with its level (哈尔滨市), and
    # jieba tags 合肥 n, 拉萨 nrt: the level says it is a place
    assert gazetteer.read(name) == (place,)


@pytest.mark.parametrize("word", ["Japan", "Germany", "Paris", "Peking", "Tibet"])
def test_a_name_glossed_without_a_chinese_level_is_no_place_read(word: str) -> None:
    # a country or a city abroad has no 市/县/省 in CC-CEDICT; Peking (北京) and Tibet (藏, 西藏) neither
    assert gazetteer.read(word) == ()


@pytest.mark.parametrize("word", ["Guide", "Huawei", "Internet", "Made", "China"])
def test_an_english_word_or_another_name_is_no_place(word: str) -> None:
    # Guide is also the pinyin of the county 贵德 and Huawei of some place words: CC-CEDICT glosses them otherwise
    assert gazetteer.read(word) == ()


def test_a_bare_place_name_no_document_writes_is_unknown() -> None:
    assert unknown_places(["厦门", "创业", "住房"], writes) == ["厦门"]
    assert unknown_places(["泰安", "创业"], writes) == []  # a place the documents cover
    assert unknown_places(["山区", "创业"], writes) == []  # no place
    assert unknown_places(["汨罗市", "创业"], writes) == ["汨罗市"]  # a level written: any name, as before


def test_a_bare_name_beside_a_covered_place_may_lie_inside_it() -> None:
    # 我在昆明…云南的创业贷: the question names a place the documents cover, the bare name is where the asker is
    assert unknown_places(["昆明", "创业"], writes, bare=False) == []
    assert unknown_places(["汨罗市", "创业"], writes, bare=False) == ["汨罗市"]


def test_the_places_are_read_from_their_cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer._places.cache_clear()
    read = gazetteer._places()
    [cached] = list(tmp_path.rglob("gazetteer-*.marshal"))
    gazetteer._places.cache_clear()
    assert gazetteer._places() == read
    cached.write_bytes(b"damaged")
    gazetteer._places.cache_clear()
    assert gazetteer._places() == read  # read again from the dictionaries, the file rewritten
    gazetteer._places.cache_clear()
