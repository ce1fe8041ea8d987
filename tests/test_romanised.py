"""Names written in pinyin read back as the Chinese the documents write (kb.qa.normalise.romanised)."""

from kb.qa.normalise.romanised import Romanised

TEXTS = ["及时公开延崇高速、兴延高速建设情况。", "支持临港新片区建设。", "重庆市推进项目。", "研究严重问题。"]


def written(text: str) -> int:
    return sum(1 for t in TEXTS if text in t)


def test_a_name_is_read_as_the_run_the_documents_write_with_its_sounds() -> None:
    romanised = Romanised("".join(TEXTS), written)
    assert romanised("Yanchong") == ("延崇",)
    assert romanised("xingyan") == ("兴延",)
    assert romanised("Lingang") == ("临港",)


def test_every_reading_of_a_character_counts() -> None:
    # 重 is zhong in 严重 and chong in 重庆
    romanised = Romanised("".join(TEXTS), written)
    assert "重庆" in romanised("chongqing")


def test_no_run_no_reading_and_short_words_are_no_names() -> None:
    romanised = Romanised("".join(TEXTS), written)
    assert romanised("Weilai") == ()  # no clause writes 未来
    assert romanised("Yan") == ()  # one syllable
    assert romanised("GDP") == ()


def test_a_run_straddling_two_words_is_no_name() -> None:
    texts = ["支持新型研发机构建设。", "兴延高速建设情况。"]
    romanised = Romanised("".join(texts), lambda run: sum(run in t for t in texts), lambda run: [t for t in texts if run in t])
    assert romanised("xingyan") == ("兴延",)  # 型研 (xing yan) stands inside 新型 and 研发
