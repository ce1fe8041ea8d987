"""English words read through CC-CEDICT as the Chinese words the documents write (kb.qa.normalise.dictionary)."""

from pathlib import Path

import pytest

from kb.qa.normalise import dictionary
from kb.qa.normalise.dictionary import translate

DOCS = [
    "支持海外仓建设布局，举办RCEP地方政府合作论坛。",
    "规模以上工业企业研发机构覆盖率超过50%。",
    "深化人才评价机制改革，发展低空经济。",
    "湖南辣味食品工程技术研究中心提质升级。",
]


def written_by(word: str) -> int:
    return sum(1 for d in DOCS if word.lower() in d.lower())


def test_phrases_the_documents_write_are_found_longest_first() -> None:
    found = translate("Who organizes the local government cooperation forum?", written_by)
    assert ("论坛",) in found.groups
    assert any("合作" in g for g in found.groups)
    assert any("覆盖率" in g for g in translate("coverage rate of R&D institutions", written_by).groups)


def test_only_senses_the_documents_write_are_kept() -> None:
    groups = translate("talent evaluation reform", written_by).groups
    assert all(written_by(word) for group in groups for word in group)
    assert any("评价" in g for g in groups) and ("改革",) in groups


def test_names_the_documents_never_write_are_missing_and_places_unknown() -> None:
    found = translate("What is the GDP growth target of Liuyang for 2030?", written_by)
    assert "gdp" in found.missing and "2030" in found.missing
    assert found.unknown_places == ("浏阳",)
    hunan = translate("Who upgrades the Hunan spicy food research center?", written_by)
    assert hunan.unknown_places == () and any("湖南" in g for g in hunan.groups)


def test_words_a_glossary_gives_and_words_written_as_they_are_are_left() -> None:
    found = translate("RCEP overseas warehouse", written_by, skip=["overseas warehouse"], keep=frozenset({"rcep"}))
    assert found.groups == () and found.missing == ()


def test_a_place_written_with_its_syllable_mark_is_one_name() -> None:
    # Tai'an is 泰安 (CC-CEDICT: "Tai'an prefecture level city in Shandong"), not Tai (泰县) and an
    def taian_written(word: str) -> int:
        return written_by(word) + (word == "泰安")

    assert translate("How many OPC communities does Tai'an plan?", taian_written).unknown_places == ()
    assert translate("How many OPC communities does Tai'an plan?", written_by).unknown_places[0].startswith(("台安", "泰安"))


def test_the_dictionary_is_read_from_its_cache_and_parsed_again_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dictionary._dictionary.cache_clear()
    try:
        parsed = dictionary._dictionary()
        [cached] = (tmp_path / "kb").glob("cedict-*.marshal")
        dictionary._dictionary.cache_clear()
        assert dictionary._dictionary() == parsed  # read back from the file
        cached.write_bytes(b"not marshal data")
        (tmp_path / "kb" / "cedict-0000000000000000.marshal").write_bytes(b"stale")
        dictionary._dictionary.cache_clear()
        assert dictionary._dictionary() == parsed  # parsed again, the cache rewritten, the stale file gone
        assert [p.name for p in (tmp_path / "kb").glob("cedict-*.marshal")] == [cached.name]
        assert cached.read_bytes() != b"not marshal data"
    finally:
        dictionary._dictionary.cache_clear()


POLICY = [
    "促进就业创业政策，加强政策宣传。",
    "规范聘用人员管理。",
    "雇主依法缴纳社保。",
    "专项资金使用管理。",
    "资金使用情况公开。",
    "采用新技术新工艺。",
    "本办法自印发之日起生效。",
    "开展试点工作。",
    "驾驶员培训。",
]


def policy_written(word: str) -> int:
    return sum(1 for d in POLICY if word.lower() in d.lower())


def test_a_words_senses_are_alternatives_beyond_the_first_ones() -> None:
    # employment glosses 就业 second; employ glosses 聘用 and 雇 first: a character (雇) takes no place among
    # the alternatives, and the sense the documents write is one of them
    groups = translate("employment policies", policy_written).groups
    assert any("就业" in g and "聘用" in g for g in groups)
    assert all(len(w) > 1 for g in groups for w in g)


def test_a_phrase_holding_an_asking_word_is_read_whole() -> None:
    # take is an asking word, "take effect" is 生效: the phrase is read before its words
    groups = translate("When does the measure take effect?", policy_written).groups
    assert any(g[0] == "生效" for g in groups)
    # a phrase of asking words alone is none (take the lead)
    assert translate("Who will take the lead?", policy_written).groups == ()


def test_a_word_is_read_inside_a_longer_sense_only_beside_its_own_senses() -> None:
    # pilot glosses 驾驶; 试点 is "pilot scheme": both stand for it, its own sense first
    assert ("驾驶", "驾驶员", "试点") in translate("the pilot work", policy_written).groups
    # publicity glosses nothing the documents write: 宣传 ("to give publicity to") alone is no reading of it
    assert not any("宣传" in g for g in translate("publicity of policies", policy_written).groups)
    # an everyday word (one of its own senses written by more clauses than `most`) is not read further
    assert translate("funds used", policy_written, most=1).groups == translate("funds", policy_written, most=1).groups


SPELLED = [
    "推进5万个行政村通光纤。",
    "秸秆综合利用率达到85%。",
    "推出专属金融产品。",
    "提升产品质量。",
    "加快发展服务业。",
    "提升服务水平。",
    "优化政务服务。",
    "物产丰富。",
    "及时公开延崇高速建设情况。",
]


def spelled_written(word: str) -> int:
    return sum(1 for d in SPELLED if word.lower() in d.lower())


def test_a_british_spelling_is_read_as_the_dictionary_writes_it() -> None:
    # CC-CEDICT glosses 光纤 "optical fiber" and 利用 "utilize": fibre and utilisation are the same words
    assert ("光纤",) in translate("optical fibre to villages", spelled_written).groups
    assert any("利用" in g for g in translate("straw utilisation rate", spelled_written).groups)


def test_the_sense_more_clauses_write_goes_first() -> None:
    # products glosses 物产 first and 产品 ("goods/merchandise/product") third: the documents write 产品
    counts = {"产品": 40, "物产": 1, "制品": 2}
    [group] = translate("products", lambda word: counts.get(word, 0)).groups
    assert group[0] == "产品" and "物产" in group
    # with as few clauses writing each, the dictionary's order decides
    assert translate("products", lambda word: 1 if word in counts else 0).groups[0][0] == "物产"


def test_a_word_whose_likeliest_sense_is_an_everyday_word_is_no_topic() -> None:
    # service is 服务, which three of nine clauses write: with most=2 it says no topic, and its rarer senses
    # (业务, 检修) are not read in its place
    assert translate("service requirements", spelled_written, most=2).groups == ()
    assert translate("service", spelled_written).groups[0][0] == "服务"


def test_a_number_is_written_as_the_documents_write_it() -> None:
    # 50000 is 5万 in the documents: not a number they never write
    assert "50000" not in translate("fibre to 50000 villages", spelled_written).missing
    assert "70000" in translate("fibre to 70000 villages", spelled_written).missing


def test_a_name_in_pinyin_is_read_back_through_the_sound_of_the_documents_words() -> None:
    def sounded(name: str) -> tuple[str, ...]:
        return {"yanchong": ("延崇",)}.get(name, ())

    found = translate("the progress of the Yanchong and Xingyan expressways", spelled_written, sounded=sounded)
    assert ("延崇",) in found.groups
    assert "xingyan" in found.missing and "yanchong" not in found.missing
