"""The inverted index over target parts gives exactly what scoring every part gives, scoring far fewer parts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kb.api import KnowledgeBase
from kb.evaluate import load_questions
from kb.qa.decide.quantity import agreement
from kb.qa.engine import Engine
from kb.qa.retrieve import targets
from kb.qa.retrieve.targets import TargetIndex, TargetQuery, Weighing, best_target, target_parts
from kb.qa.understand.question import ASKS_NUMBER, asked_unit
from kb.settings import load_settings
from kb.store.embed import Embedder, register_embedder

ROOT = Path(__file__).resolve().parent.parent
EVEN = Weighing(lambda t: 1.0)  # every word weighs the same


class SameVector(Embedder):
    """One vector for every text: the target search does not use embeddings, and this costs nothing."""

    name, dim = "test:same", 4

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        return np.ones((len(texts), self.dim), dtype=np.float32)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Engine:
    register_embedder("test", lambda argument, settings: SameVector())
    kb = KnowledgeBase(load_settings(index=tmp_path_factory.mktemp("targets"), embedder="test:same"))
    files = [data_dir / "plan-attachment3.txt", data_dir / "real" / "city_ningbo_opc.txt"]
    assert all(r.status == "ingested" for r in kb.ingest(files))
    return kb.engine()


def test_the_index_finds_what_scanning_every_part_finds(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = [
        q
        for q in load_questions(ROOT / "eval" / "questions.jsonl")
        if q.intent in ("indicator", "general", "out_of_scope")
    ]
    corpus = engine.corpus
    weighing = Weighing(corpus.token_weight, corpus.everyday)
    parts = corpus.targets.parts
    scans: list[int] = []
    scan = targets.best_target
    monkeypatch.setattr(targets, "best_target", lambda *a, **k: scans.append(1) or scan(*a, **k))
    compared = full_scans = 0
    scored: list[float] = []
    for q in questions:
        question = engine.normalize(q.question)
        r = engine.understand(question)
        tokens = engine.topic(r)
        prior = {h.clause.id: 1 / rank for rank, h in enumerate(engine.search(question).hits[:5], start=1)}
        asks = (asked_unit(question), bool(ASKS_NUMBER.search(question)))
        for unit, number, kind in ((None, False, None), (*asks, None), (*asks, agreement(question))):
            query = TargetQuery(tokens, r.topic, prior, unit, number, kind)
            # one search asked of several sets of documents (one per place) answers as a search of each would
            search = corpus.targets.search(query, weighing)
            # and the best of each place's documents found in one pass (a question naming no place)
            each = corpus.targets.search(query, weighing).best_each(
                {"plan": frozenset({"plan-attachment3"}), "ningbo": frozenset({"city_ningbo_opc"})}
            )
            for name, doc in (("plan", "plan-attachment3"), ("ningbo", "city_ningbo_opc")):
                scanned = best_target(query, [p for p in parts if p.clause.doc == doc], weighing)
                found = each[name]
                assert (found and (found.part, found.share)) == (scanned and (scanned.part, scanned.share)), q
            for docs in (frozenset({"plan-attachment3"}), None, frozenset({"city_ningbo_opc"})):
                among = parts if docs is None else [p for p in parts if p.clause.doc in docs]
                scanned = best_target(query, among, weighing)
                reused = search.best(docs)
                before = len(scans)
                indexed = corpus.targets.best(query, weighing, docs)
                expected = scanned and (scanned.part, scanned.share)
                assert (indexed and (indexed.part, indexed.share)) == expected, q
                assert (reused and (reused.part, reused.share)) == expected, q
                if docs is None or "plan-attachment3" in docs:  # how often the whole plan is scored after all
                    full_scans += len(scans) - before
                    compared += 1
        scored.append(len(corpus.targets.candidates(tokens, prior, corpus.everyday)) / len(parts))
    assert compared == 6 * len(questions)
    print(
        f"parts scored: {np.mean(scored):.1%} on average; every part scored in {full_scans}/{compared} searches"
    )
    assert np.mean(scored) < 0.4 and full_scans < 0.2 * compared


def test_the_documents_reaching_a_share_hold_every_part_reaching_it(engine: Engine) -> None:
    """A province's question naming no place searches only the places whose clauses hold enough of its words
    (Places.targets_elsewhere): every document with a part whose share reaches the floor must be among them."""
    questions = [
        q
        for f in ("questions.jsonl", "paraphrase.jsonl")
        for q in load_questions(ROOT / "eval" / f)
        if q.intent in ("indicator", "general") and q.lang == "zh"
    ]
    corpus = engine.corpus
    parts = corpus.targets.parts
    pruned = 0
    for q in questions:
        r = engine.understand(engine.normalize(q.question))
        tokens = engine.topic(r)
        if not tokens:
            continue
        rank = targets._Ranker(TargetQuery(tokens, r.topic), Weighing(corpus.token_weight, corpus.everyday))
        shares = [(part.clause.doc, ranked[1].share) for part in parts if (ranked := rank(part)) is not None]
        holding = corpus.targets.docs_holding(tokens, corpus.everyday)
        for floor in (0.3, 0.6, 0.85, 1.0):
            reaching = corpus.targets.docs_reaching(tokens, corpus.token_weight, floor, corpus.everyday)
            if reaching is None:  # a one-character word: every document may hold it
                continue
            assert {doc for doc, share in shares if share >= floor} <= reaching, (q.question, floor)
            assert reaching <= holding
            pruned += len(holding - reaching)
    assert pruned > 0  # the floor keeps out documents holding only some of the words


def test_a_part_without_the_topics_words_is_still_found_when_nothing_better_is() -> None:
    from kb.types import Clause

    clause = Clause.from_dict(
        {
            "id": "d:1",
            "doc": "d",
            "doc_title": "t",
            "path": [],
            "title": "",
            "text": "研发投入增长8%以上。",
            "lead": None,
            "departments": [],
            "departments_raw": [],
            "indicators": [],
            "deadlines": [],
            "page": 1,
        }
    )
    index = TargetIndex(target_parts([clause]))
    # no topic word stands in the clause: the index falls back to scoring every part, as the scan does
    match = index.best(TargetQuery(["经费"], "研发经费"), EVEN)
    assert match is not None and match.part.text == "研发投入增长8%以上"


def _one_clause(text: str) -> TargetIndex:
    from kb.parse.facts import find_indicators
    from kb.types import Clause

    clause = Clause.from_dict(
        {
            "id": "d:1",
            "doc": "d",
            "doc_title": "t",
            "path": [],
            "title": "",
            "text": text,
            "lead": None,
            "departments": [],
            "departments_raw": [],
            "indicators": [],
            "deadlines": [],
            "page": 1,
        }
    )
    return TargetIndex(target_parts([replace(clause, indicators=find_indicators(text))]))


def test_a_year_scopes_the_parts_written_after_it() -> None:
    # Guangdong's wording: one sentence, two years, two counts; each count is the target of its own year
    index = _one_clause(
        "2026年，先行培育10个人工智能OPC生态社区。到2028年，建成百个人工智能OPC生态社区，培育千家企业。"
    )
    parts = {p.text: p.year for p in index.parts}
    assert parts["先行培育10个人工智能OPC生态社区"] == "2026"
    assert parts["建成百个人工智能OPC生态社区"] == "2028" and parts["培育千家企业"] == "2028"
    for year, expected in (
        ("2028", "建成百个人工智能OPC生态社区"),
        ("2026", "先行培育10个人工智能OPC生态社区"),
    ):
        match = index.best(TargetQuery([year, "生态社区"], f"{year}年生态社区", unit="个"), EVEN)
        assert match is not None and match.part.text == expected, year


def test_a_clause_with_one_year_far_from_its_targets_still_holds_it() -> None:
    index = _one_clause("研发投入增长8%以上，高新技术企业达到60家。到2025年全面完成。")
    match = index.best(TargetQuery(["2025", "高新技术企业"], "2025年高新技术企业"), EVEN)
    assert match is not None and match.part.text == "高新技术企业达到60家" and match.share == 1.0


def test_a_count_asked_in_a_unit_is_found_written_in_characters() -> None:
    index = _one_clause("建成百个人工智能OPC生态社区。")
    match = index.best(TargetQuery(["生态社区"], "生态社区", unit="个"), EVEN)
    assert match is not None and match.part.text == "建成百个人工智能OPC生态社区"


def test_a_bare_headings_items_without_the_topics_words_come_after_the_clauses_retrieved(
    engine: Engine,
) -> None:
    from kb.qa.retrieve.hybrid import Scored
    from kb.types import Hit

    # 1.2.6 共享科技创新成果 has no text; of its items only 1.2.6.3 writes 科普 (read off the plan)
    corpus = engine.corpus
    heading, other = corpus.by_id["plan-attachment3:1.2.6"], corpus.by_id["plan-attachment3:1.2.5.1"]
    holding = [c.id for c in corpus.children[heading.id] if "科普" in c.text]
    assert holding and len(holding) < len(corpus.children[heading.id])
    scored = Scored((Hit(heading, 1.0), Hit(other, 0.9)), None)
    order = [h.clause.id for h in engine.retrieval.without_bare_headings(scored, ["科普"]).hits]
    assert order[: len(holding)] == holding
    assert order[len(holding)] == other.id
    assert set(order) == {*(c.id for c in corpus.children[heading.id]), other.id}
    # without topic words (a question the dense side alone reads) every item stands in the heading's place
    order = [h.clause.id for h in engine.retrieval.without_bare_headings(scored).hits]
    assert order[-1] == other.id


def test_the_noun_after_a_list_of_numbers_is_every_numbers_own() -> None:
    # 武汉 九(4): 提供最高30万元、最长3年的创业担保贷款 — 30万元 is an amount of 创业担保贷款 too
    index = _one_clause(
        "为符合条件的OPC创业者提供最高30万元、最长3年的创业担保贷款,其中,对10万元以下的创业担保贷款免除反担保要求;"
        "为符合条件的OPC提供最高500万元、最长2年的创业担保贷款。（责任单位：市人社局、市财政局,团市委）"
    )
    own = {p.indicator.text: p.own for p in index.parts if p.indicator is not None}
    amount = next(o for text, o in own.items() if "30万元" in text)
    assert amount.endswith("创业担保贷款")


def test_a_grant_part_is_read_with_the_condition_before_it() -> None:
    # 成都 4.10: 按照不超过场景建设实际投入的30%,给予最高100万元奖励
    index = _one_clause("每年遴选不超过20个,按照不超过场景建设实际投入的30%,给予最高100万元奖励。")
    assert any(p.text == "按照不超过场景建设实际投入的30%，给予最高100万元奖励" for p in index.parts)


def test_a_sub_case_opened_by_qi_zhong_is_read_with_its_subject() -> None:
    # 安徽 RCEP 17: the 6-hour release is for the goods named after 其中, written in the part before the number
    index = _one_clause(
        "对RCEP国家货物抵达海关监管作业场所且符合正常放行条件的48小时内放行，其中，易腐货物和快件、空运货物、"
        "空运物品，实行6小时内放行便利措施。对符合要求的进境农产品检验检疫审批申请实施即报即审。"
    )
    six = next(p for p in index.parts if "6小时" in p.text and "48小时" not in p.text)
    assert six.text == "易腐货物和快件、空运货物、空运物品，实行6小时内放行便利措施"
    forty_eight = next(p for p in index.parts if "48小时" in p.text)
    assert "易腐" not in forty_eight.text
    match = index.best(TargetQuery(["易腐", "货物", "放行"], "易腐货物几小时内放行"), EVEN)
    assert match is not None and match.part is six


@pytest.mark.parametrize("step", [1, 7, 256])
def test_the_best_of_each_place_in_one_pass_is_each_places_own_best(
    step: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TargetSearch.best_each over many places' documents gives, for each place, what scoring all of that place's
    parts gives: places with a strong part, a weak one, none with the words (every part scored), ties between
    documents of one place (the first part wins), and a place whose documents are not indexed."""
    import random

    from kb.types import Clause

    monkeypatch.setattr(targets, "_EACH_STEP", step)  # clauses weighed at once: each alone, a few, many
    rng = random.Random(25)
    words = ["研发经费", "投入", "增长", "高新技术企业", "数字经济", "核心产业", "增加值", "智能工厂", "培育"]
    endings = ["8%以上", "达到60家", "10个", "每年新增20家", "突破100亿元", "稳步提升"]
    clauses = []
    for d in range(96):  # more clauses than one step of the pass reads at once
        for n in range(1, 7):
            text = "，".join(
                "".join(rng.sample(words, rng.randint(1, 3))) + rng.choice(endings) for _ in range(rng.randint(1, 3))
            )
            clauses.append(
                Clause(doc=f"d{d}", doc_title=f"第{d}号文件", number=(n,), path=(), title="", text=f"{text}。")
            )
    index = TargetIndex(target_parts(clauses))
    groups = {f"p{p}": frozenset(f"d{d}" for d in range(96) if d % 7 == p) for p in range(7)}
    groups["unindexed"] = frozenset({"d99"})
    weight = {w: 1.0 + i / 3 for i, w in enumerate(words)}.get
    weighing = Weighing(lambda t: weight(t) or 2.0)
    for tokens, unit, number in (
        (["研发经费", "投入"], None, False),
        (["高新技术企业"], "家", True),
        (["数字经济", "核心产业", "增加值"], None, True),
        (["智能工厂", "培育"], "个", True),
        (["没有的词"], None, False),
    ):
        query = TargetQuery(tokens, "".join(tokens), {}, unit, number)
        for floor in (0.0, 0.5, 0.9):  # with a floor, only a best reaching that share is given
            each = index.search(query, weighing).best_each(groups, floor)
            assert list(each) == list(groups)
            for name, docs in groups.items():
                scanned = best_target(query, [p for p in index.parts if p.clause.doc in docs], weighing)
                scanned = scanned if scanned is not None and scanned.share >= floor else None
                found = each[name]
                assert (found and (found.part, found.share)) == (scanned and (scanned.part, scanned.share)), name
    # groups sharing a document are each searched apart, with the same answers
    shared = {"a": frozenset({"d1", "d2"}), "b": frozenset({"d2", "d3"})}
    query = TargetQuery(["高新技术企业"], "高新技术企业")
    each = index.search(query, weighing).best_each(shared)
    for name, docs in shared.items():
        scanned = best_target(query, [p for p in index.parts if p.clause.doc in docs], weighing)
        assert (each[name] and each[name].part) == (scanned and scanned.part)


@pytest.mark.parametrize("step", [1, 256])
def test_a_place_keeps_reading_below_another_places_best(step: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clause whose highest possible rank is below another place's best may still hold its own place's best
    part: the pass stops only below every place's best. Here place W's clause X may rank high (数字经济 in its
    title) but ranks low, and its clause Y may rank lower than X but ranks higher (增加值 in its own words),
    below the best of place S."""
    from kb.types import Clause

    monkeypatch.setattr(targets, "_EACH_STEP", step)

    def clause(doc: str, n: int, text: str, title: str = "") -> Clause:
        return Clause(doc=doc, doc_title=f"{doc}号文件", number=(n,), path=(), title=title, text=text)

    strong = [clause(f"s{d}", n, "数字经济稳步提升5个。") for d in range(30) for n in range(1, 11)]
    x, y = clause("w0", 1, "数字化稳步提升10个。", title="数字经济"), clause("w1", 1, "增加值达到20个。")
    index = TargetIndex(target_parts([*strong, x, y]))
    weighing = Weighing(lambda t: {"数字经济": 3.0, "增加值": 1.0}[t])
    query = TargetQuery(["数字经济", "增加值"], "数字经济增加值")
    groups = {"S": frozenset(f"s{d}" for d in range(30)), "W": frozenset({"w0", "w1"})}
    each = index.search(query, weighing).best_each(groups)
    found = each["W"]
    assert found is not None and found.part.clause is y
    assert each["S"] is not None and each["S"].part.clause.doc.startswith("s")


def test_a_part_below_the_floor_that_outranks_one_above_it_keeps_its_place_out() -> None:
    """With a floor (Places.targets_elsewhere lists a place only when its best part holds that share), a clause
    whose words cannot reach the floor is read once its place's best does, when it may outrank it: here A (数字经济,
    retrieved) ranks above B (增加值) but holds less than the floor, so the place's best is below the floor."""
    from kb.types import Clause

    a = Clause(doc="a", doc_title="a号文件", number=(1,), path=(), title="", text="数字经济达到5个。")
    b = Clause(doc="b", doc_title="b号文件", number=(1,), path=(), title="", text="增加值达到6个。")
    index = TargetIndex(target_parts([a, b]))
    weighing = Weighing(lambda t: {"数字经济": 0.49, "增加值": 0.5}[t])
    query = TargetQuery(["数字经济", "增加值"], "数字经济增加值", {a.id: 1.0})
    groups = {"W": frozenset({"a", "b"})}
    best = index.search(query, weighing).best_each(groups)["W"]
    assert best is not None and best.part.clause is a and best.share < 0.5
    assert index.search(query, weighing).best_each(groups, 0.5) == {"W": None}
    assert index.search(query, weighing).best_each({"B": frozenset({"b"})}, 0.5)["B"] is not None


def test_the_longest_stretch_without_other_words_is_what_reading_every_stretch_finds() -> None:
    """_run_without_others reads where each other word is written once, not every stretch of the topic."""
    import random

    def every_stretch(topic: str, tokens: list[str], held: frozenset[str]) -> int:
        others = [t for t in tokens if t not in held]
        longest = 0
        for start in range(len(topic)):
            end = start
            while end < len(topic) and not any(t in topic[start : end + 1] for t in others):
                end += 1
            longest = max(longest, end - start)
        return longest

    rng = random.Random(25)
    for _ in range(5000):
        topic = "".join(rng.choice("数字经济数") for _ in range(rng.randint(0, 12)))
        tokens = ["".join(rng.choice("数字经济数") for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(0, 4))]
        held = frozenset(t for t in tokens if rng.random() < 0.3)
        assert targets._run_without_others(topic, tokens, held) == every_stretch(topic, tokens, held)


def _table_longest_common(a: str, b: str) -> str:
    """The longest common substring by the full table (what targets.longest_common gave before), to compare."""
    best_len, best_end = 0, 0
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best_len:
                    best_len, best_end = current[j], i
        previous = current
    return a[best_end - best_len : best_end]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("科技型企业数量", "新增高新技术企业数量达到50家", "企业数量"),
        ("技术合同成交额", "合同金额与技术服务", "技术"),  # two runs as long: the first in `a`
        ("研发投入", "研发经费投入增长", "研发"),
        ("", "企业", ""),
        ("企业", "", ""),
        ("专利", "商标品牌", ""),
        ("aaaa", "aa", "aa"),
    ],
)
def test_longest_common_grows_as_the_table_finds(a: str, b: str, expected: str) -> None:
    assert targets.longest_common(a, b) == expected == _table_longest_common(a, b)


def test_longest_common_equals_the_table_on_many_strings() -> None:
    import random

    draw = random.Random(7)
    for n in range(3000):
        letters = "甲乙" if n % 2 else "甲乙丙丁"
        a = "".join(draw.choice(letters) for _ in range(draw.randint(0, 10)))
        b = "".join(draw.choice(letters) for _ in range(draw.randint(0, 24)))
        assert targets.longest_common(a, b) == _table_longest_common(a, b), (a, b)
