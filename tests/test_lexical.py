"""BM25 over jieba tokens: the corpus vocabulary stays whole, question words are dropped, search finds the
clause, and the saved index reloads and is rebuilt when it no longer matches the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.store.lexical import LexicalIndex, Tokenizer, corpus_words, sync
from kb.types import Clause

DATA = Path(__file__).parent / "data" / "plan-attachment3.txt"
DOC = "plan-attachment3"

# Clause numbers by reading the plan: the paragraph that starts with the label, under its section/part/group.
CLAUSES_BY_LABEL = {
    "（1）休闲食品产业": ((1, 2, 2, 1), ("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎")),
    "（2）新材料产业": ((1, 2, 2, 2), ("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎")),
    "（5）“两茶一药”产业": (
        (1, 2, 2, 5),
        ("一、培育好强科创动能", "（二）重点任务", "2. 锻造产业创新主引擎"),
    ),
    "(3) 推进校企合作“双进双转”": (
        (1, 2, 3, 3),
        ("一、培育好强科创动能", "（二）重点任务", "3. 激发企业创新活力"),
    ),
    "（1）强化创新协同引领": (
        (2, 2, 3, 1),
        ("二、培育好兴产业动能", "（二）重点任务", "3. 以要素夯实发展底座"),
    ),
}
DEPARTMENTS = [
    "县科工信局",
    "平江高新区",
    "县发改局",
    "县农业农村局",
    "县科协",
    "县林业局",
    "县文旅广体局",
    "县教育局",
]


def plan_clauses() -> list[Clause]:
    """Clauses cut by hand from the clean text: title up to the first 。, the body after it."""
    lines = DATA.read_text(encoding="utf-8").splitlines()
    clauses = []
    for label, (number, parents) in CLAUSES_BY_LABEL.items():
        line = next(line for line in lines if line.startswith(label))
        body = line[len(label) :].removeprefix("。")
        title = label.split("）", 1)[-1].split(") ", 1)[-1]
        clauses.append(
            Clause(doc=DOC, doc_title="", number=number, path=(*parents, label), title=title, text=body)
        )
    return clauses


@pytest.fixture(scope="module")
def clauses() -> list[Clause]:
    return plan_clauses()


@pytest.fixture
def index(tmp_path: Path, clauses: list[Clause]) -> LexicalIndex:
    lexical = LexicalIndex(tmp_path / "lexical")
    lexical.build(clauses, DEPARTMENTS, generation=3, clause_set="abc")
    return lexical


def test_the_plan_was_cut_as_read(clauses: list[Clause]) -> None:
    assert [c.title for c in clauses] == [
        "休闲食品产业",
        "新材料产业",
        "“两茶一药”产业",
        "推进校企合作“双进双转”",
        "强化创新协同引领",
    ]
    assert clauses[1].text.startswith("重点突破高性能合成云母")


def test_department_and_programme_names_stay_whole(index: LexicalIndex) -> None:
    tokens = index.tokenizer.tokenize(
        "深入推行“揭榜挂帅”攻关机制。（县科工信局、县农业农村局按职责分工负责）"
    )
    assert "揭榜挂帅" in tokens
    assert "县科工信局" in tokens
    assert "县农业农村局" in tokens
    assert "双进双转" in index.tokenizer.tokenize("深入开展校企合作“双进双转”活动")


def test_question_words_and_punctuation_are_dropped() -> None:
    tokens = Tokenizer().tokenize("湖南中科云母研究院由哪个单位牵头建设？")
    assert {"由", "哪个", "单位", "牵头", "？"}.isdisjoint(tokens)
    assert {"湖南", "云母", "研究院", "建设"} <= set(tokens)
    english = Tokenizer().tokenize("Which department is responsible for the mica institute?")
    assert english == ["mica", "institute"]


def test_corpus_words_take_quoted_names_titles_and_written_departments(clauses: list[Clause]) -> None:
    noted = Clause(
        doc=DOC,
        doc_title="",
        number=(9,),
        path=(),
        title="金融",
        text="x",
        departments_raw=("金融监管局平江分局",),
    )
    words = corpus_words([*clauses, noted], ["县林业局"])
    assert {
        "县林业局",
        "金融监管局平江分局",
        "揭榜挂帅",
        "双进双转",
        "新材料产业",
        "中国休闲食品之都",
    } <= set(words)
    # a long quoted phrase is a slogan, not a name: 政府引导、协会主导、企业参与、成果共享
    assert not any("、" in word for word in words)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("湖南中科云母研究院由哪个单位牵头建设？", "plan-attachment3:1.2.2.2"),
        ("揭榜挂帅攻关机制谁负责？", "plan-attachment3:2.2.3.1"),
        ("双进双转是什么", "plan-attachment3:1.2.3.3"),
        ("德字一号油茶", "plan-attachment3:1.2.2.5"),
        ("江南大学", "plan-attachment3:1.2.2.1"),
    ],
)
def test_search_finds_the_clause(index: LexicalIndex, question: str, expected: str) -> None:
    assert index.search(question, k=3)[0][0] == expected


def test_scores_are_positive_and_descending(index: LexicalIndex) -> None:
    hits = index.search("云母新材料", k=5)
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True) and all(score > 0 for score in scores)
    assert index.search("由哪个单位牵头", k=5) == []  # nothing but question words


def test_allowed_ids_restrict_the_search(index: LexicalIndex) -> None:
    allowed = ["plan-attachment3:1.2.2.1", "plan-attachment3:2.2.3.1"]
    hits = index.search("云母 油茶 揭榜挂帅", k=5, allowed_ids=allowed)
    assert [clause_id for clause_id, _ in hits] == ["plan-attachment3:2.2.3.1"]


def test_save_and_load_round_trip(tmp_path: Path, index: LexicalIndex) -> None:
    reloaded = LexicalIndex(tmp_path / "lexical")
    assert reloaded.load() is True
    assert (reloaded.ids, reloaded.generation, reloaded.clause_set) == (index.ids, 3, "abc")
    for question in ("湖南中科云母研究院", "揭榜挂帅", "平江烟茶"):
        assert reloaded.search(question, k=5) == index.search(question, k=5)


def test_loading_reads_the_fitted_arrays_and_fits_again_only_without_them(
    tmp_path: Path, index: LexicalIndex
) -> None:
    folder = tmp_path / "lexical"
    assert (folder / LexicalIndex.FITTED / "stamp.json").exists()
    questions = ("湖南中科云母研究院", "揭榜挂帅", "平江烟茶", "县林业局", "研发经费投入")
    from_arrays = LexicalIndex(folder)
    assert from_arrays._load_fitted() is True
    # arrays whose stamp names another generation are not taken: the tokens are fit again
    stamp = folder / LexicalIndex.FITTED / "stamp.json"
    stamp.write_text('{"generation": 2, "clause_set": "abc"}', encoding="utf-8")
    refit = LexicalIndex(folder)
    assert refit._load_fitted() is False
    assert refit.load() is True and refit.generation == 3
    for question in questions:
        assert from_arrays.search(question, k=8) == refit.search(question, k=8) == index.search(question, k=8)


def test_missing_or_damaged_file_does_not_load(tmp_path: Path) -> None:
    assert LexicalIndex(tmp_path / "none").load() is False
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / LexicalIndex.FILE).write_text("{not json", encoding="utf-8")
    assert LexicalIndex(tmp_path / "bad").load() is False


class FakeStore:
    def __init__(self, clauses: list[Clause], generation: int, clause_set: str) -> None:
        self._clauses, self._generation, self._set = clauses, generation, clause_set
        self.reads = 0

    def generation(self) -> int:
        return self._generation

    def clause_set(self) -> str:
        return self._set

    def clauses(self) -> list[Clause]:
        self.reads += 1
        return self._clauses


def test_sync_reuses_a_current_index_and_rebuilds_a_stale_one(
    tmp_path: Path, index: LexicalIndex, clauses: list[Clause]
) -> None:
    current = FakeStore(clauses, 3, "abc")
    fresh = LexicalIndex(tmp_path / "lexical")
    assert sync(fresh, current, DEPARTMENTS) is False  # loaded from disk
    assert current.reads == 0 and fresh.ids == index.ids

    stale = FakeStore(clauses[:2], 4, "def")
    assert sync(fresh, stale, DEPARTMENTS) is True
    assert stale.reads == 1
    assert fresh.ids == ["plan-attachment3:1.2.2.1", "plan-attachment3:1.2.2.2"]
    assert fresh.search("揭榜挂帅", k=3) == []
    saved = LexicalIndex(tmp_path / "lexical")
    assert saved.load() and (saved.generation, saved.clause_set) == (4, "def")


def test_the_segmenter_is_a_copy_of_jiebas_dictionary_so_our_words_stay_out_of_the_default():
    """One dictionary read per process: the lexical segmenter copies jieba's default, and the words it adds
    (unit names) do not reach the default the engine reads to tell a word from a typo."""
    import jieba

    tokenizer = Tokenizer()
    tokenizer.add_words(["县科工信局"])
    segmenter = Tokenizer._segmenter()
    assert segmenter is not jieba.dt and segmenter.FREQ is not jieba.dt.FREQ
    assert segmenter.FREQ["县科工信局"] > 0 and "县科工信局" not in jieba.dt.FREQ
    assert segmenter.total > jieba.dt.total  # the added words' frequencies count in the copy only
    assert "县科工信局" in tokenizer.tokenize("县科工信局负责")


def test_a_rebuild_recuts_only_new_texts_and_texts_holding_a_word_gained(tmp_path: Path) -> None:
    import json
    from dataclasses import replace

    def clause(n: int, text: str, doc: str = "d") -> Clause:
        return Clause(doc=doc, doc_title="", number=(n,), path=(f"{n}、",), title=f"第{n}条", text=text)

    clauses = [
        clause(1, "推进青苔湾光栅实验室建设。"),
        clause(2, "发展竹木产业。"),
        clause(3, "培育休闲食品。"),
    ]
    first = LexicalIndex(tmp_path / "incremental")
    first.build(clauses, DEPARTMENTS, generation=1, clause_set="a")
    assert first.recut == 3
    # clause 2 edited; a new document quotes a name, so the word 青苔湾光栅 is gained and clause 1, which
    # writes it, is cut again with it; clause 3 is taken as it was
    changed = [clauses[0], replace(clauses[1], text="发展竹木产业，建设竹木产业园。"), clauses[2]]
    changed.append(clause(1, "支持“青苔湾光栅”项目。", doc="other"))
    again = LexicalIndex(tmp_path / "incremental")
    again.build(changed, DEPARTMENTS, generation=2, clause_set="b", previous=again.saved())
    assert again.recut == 3
    whole = LexicalIndex(tmp_path / "whole")
    whole.build(changed, DEPARTMENTS, generation=2, clause_set="b")
    saved = [
        json.loads((tmp_path / f / "tokens.json").read_text(encoding="utf-8"))
        for f in ("incremental", "whole")
    ]
    assert saved[0]["tokens"] == saved[1]["tokens"] and saved[0]["ids"] == saved[1]["ids"]
    assert "青苔湾光栅" in saved[0]["tokens"][0]  # cut anew: the word gained is one token of clause 1 now
    for question in ("青苔湾光栅", "竹木产业园", "休闲食品"):
        assert again.search(question, k=5) == whole.search(question, k=5)


def test_an_index_saved_before_digests_is_cut_whole(tmp_path: Path, clauses: list[Clause]) -> None:
    import json

    old = LexicalIndex(tmp_path / "lexical")
    old.build(clauses, DEPARTMENTS, generation=1, clause_set="a")
    path = tmp_path / "lexical" / LexicalIndex.FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["digests"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert old.saved() is None


def test_opening_adds_the_saved_jieba_frequencies_without_segmenting_the_words_again(
    tmp_path: Path, clauses: list[Clause], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build saves each corpus word's frequency in jieba's dictionary; opening adds them as they are (a
    province's words took seconds to segment again) and the dictionary is what the build left: same entries, same
    total, same tokens."""
    import jieba

    monkeypatch.setattr(
        Tokenizer, "_jieba", None
    )  # a process of its own: jieba's dictionary as read from disk
    built = LexicalIndex(tmp_path / "lexical")
    built.build(clauses, DEPARTMENTS, generation=3, clause_set="abc")
    words = [w for w in corpus_words(clauses, DEPARTMENTS) if len(w.strip()) >= 2]
    after_build = Tokenizer._segmenter()
    entries, total = {w: after_build.FREQ.get(w) for w in words}, after_build.total
    assert any(f and w not in jieba.dt.FREQ for w, f in entries.items())  # the build added words of its own

    monkeypatch.setattr(Tokenizer, "_jieba", None)  # the next process opening the index
    suggested: list[str] = []
    suggest = jieba.Tokenizer.suggest_freq
    monkeypatch.setattr(
        jieba.Tokenizer,
        "suggest_freq",
        lambda self, *a, **k: suggested.append(a[0]) or suggest(self, *a, **k),
    )
    opened = LexicalIndex(tmp_path / "lexical")
    assert opened.load() is True
    assert suggested == []  # no word segmented to find its frequency
    reopened = Tokenizer._segmenter()
    assert reopened is not after_build
    assert {w: reopened.FREQ.get(w) for w in words} == entries and reopened.total == total
    for clause in clauses:
        assert opened.tokenizer.tokenize(clause.text) == built.tokenizer.tokenize(clause.text)


def test_an_index_saved_without_frequencies_adds_its_words_as_before(
    tmp_path: Path, clauses: list[Clause], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.setattr(Tokenizer, "_jieba", None)
    built = LexicalIndex(tmp_path / "lexical")
    built.build(clauses, DEPARTMENTS, generation=3, clause_set="abc")
    meta = tmp_path / "lexical" / LexicalIndex.META
    data = json.loads(meta.read_text(encoding="utf-8"))
    del data["frequencies"]  # as an index saved by an earlier version
    meta.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(Tokenizer, "_jieba", None)
    opened = LexicalIndex(tmp_path / "lexical")
    assert opened.load() is True
    assert Tokenizer._segmenter().FREQ["县科工信局"] > 0
    for question in ("湖南中科云母研究院", "揭榜挂帅", "县林业局"):
        assert opened.search(question, k=5) == built.search(question, k=5)


def test_frequencies_missing_from_an_older_index_are_recorded_once(tmp_path: Path, index: LexicalIndex) -> None:
    """An index saved before the words' jieba frequencies were kept segments each word again at every opening
    (seconds at 10,000 documents); `record_frequencies` adds them, the very ones a build saves, so that the next
    opening reads them."""
    folder = tmp_path / "lexical"
    meta_path = folder / LexicalIndex.META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    saved = meta.pop("frequencies")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    older = LexicalIndex(folder)
    assert older.load() and older.frequencies_unsaved()
    assert older.record_frequencies()
    assert json.loads(meta_path.read_text(encoding="utf-8"))["frequencies"] == saved
    again = LexicalIndex(folder)
    assert again.load() and not again.frequencies_unsaved() and not again.record_frequencies()
    for question in ("湖南中科云母研究院", "揭榜挂帅", "平江烟茶"):
        assert again.search(question, k=5) == index.search(question, k=5)
