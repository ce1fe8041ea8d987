"""Stage 4, decide: whether the retrieved clauses answer the question at all, or it is abstained on.

Abstention is decided on the evidence, with thresholds calibrated on the evaluation set (`kb eval --calibrate`
prints them): how much of the question's topic the best clauses contain — its words, each weighted by its rarity in
the corpus — and, as a floor, the dense similarity of the question to its best clause; places the corpus never
mentions, and named things the documents of the places asked about never write, are refused outright.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from kb.parse.jurisdiction import ZONE
from kb.qa.corpus import Corpus
from kb.qa.indexes import TITLE_NAMED, clause_words
from kb.qa.normalise import gazetteer
from kb.qa.retrieve.hybrid import Scored
from kb.qa.retrieve.targets import is_year, longest_common
from kb.qa.understand.places import places_said_there
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Clause, Hit

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
TITLE_NAMED_EN = 8  # characters of a title's terms an English question names (its connectives not translated)


@dataclass(frozen=True)
class Thresholds:
    """Evidence needed before answering. Calibrated on eval/questions.jsonl (see README, `kb eval --calibrate`)."""

    # rarity-weighted share of the topic's words found in the three best clauses (Chinese questions)
    coverage: float = 0.30
    dense: float = 0.70  # cosine similarity of the question to its best dense match (e5)
    dense_en: float = 0.76  # the same for English questions, where lexical coverage cannot help
    target: float = 0.60  # rarity-weighted share of the topic's words found in the target's sentence part
    # the same share, enough for a part of one of the three best clauses stating the kind of number asked
    # (补多少 → 元, 多大面积 → 平方米, 什么比例 → %): two kinds of evidence agreeing
    target_of_kind: float = 0.38
    # the same for an English question, whose words reach the documents through a dictionary's guesses, when
    # both retrievers put the part's clause among their two best (kb.qa.decide.target.agreed)
    target_of_kind_agreed: float = 0.25
    # a question the router takes as phrased off topic (天气, 写首诗) is answered only on this much coverage
    off_topic_coverage: float = 0.60
    # another place's clause is answered beside the best one when it covers this share of the best one's coverage
    other_place: float = 0.85

    @classmethod
    def for_embedder(cls, name: str) -> Thresholds:
        """The thresholds for an index built with this embedder: the dense ones are cosine similarities on e5's
        scale, calibrated with e5 only; another embedder's similarities run on another scale (USE's best
        matches lie far lower: with e5's thresholds it refused most answerable questions), so for it the words'
        coverage alone decides."""
        if name.split(":", 1)[0] == "e5":
            return cls()
        return cls(dense=-1.0, dense_en=-1.0)


@dataclass(frozen=True)
class Evidence:
    """Retrieved clauses with the signals abstention is decided on."""

    hits: tuple[Hit, ...]
    confident: bool  # the best hit clears the calibrated thresholds


def unknown_places(tokens: Sequence[str], written: Callable[[str], bool], bare: bool = True) -> list[str]:
    """Place names in the question that the corpus never mentions (汨罗市, 岳阳县): the question is about
    somewhere else, however well the rest matches. `written`: whether the documents write a text anywhere
    (kb.qa.indexes.ClauseIndexes.writes). `bare`: also a place's name without its level (厦门,
    kb.qa.normalise.gazetteer) — not when the question names a place the documents cover, inside which such a
    name may lie (我在昆明…云南的创业贷)."""
    return [
        t
        for t in tokens
        if _CJK_RUN.fullmatch(t)  # Chinese only: OPC社区 is no place
        and ((len(t) >= 3 and t[-1] in "市县区镇乡省") or (bare and gazetteer.is_place(t)))
        and not written(t)
    ]


class Confidence:
    """Whether the evidence answers a question, over one corpus."""

    def __init__(self, corpus: Corpus, topic: TopicWords, thresholds: Thresholds) -> None:
        self.corpus, self.topic, self.thresholds = corpus, topic, thresholds

    def __call__(self, q: Question, scored: Scored) -> bool:
        if not scored.hits:
            return False
        corpus, thresholds = self.corpus, self.thresholds
        tokens = self.beyond_title(q, self.topic(q))
        asked = self.topic.of_focus(q) if q.focus else tokens  # not the story
        if self.names_unknown_place(q) or self.unwritten_in_place(asked, q):
            return False
        best = [h.clause for h in scored.hits[:3]]
        if q.language == "en":
            # an English question's topic is its words in the documents' words (glossary, CC-CEDICT) and the
            # words no clause writes in any sense; with none at all, only a unit's name can carry it
            dense_en = scored.dense_top is None or scored.dense_top >= thresholds.dense_en
            if all(is_year(t) for t in tokens):  # a year alone names no topic (Guangzhou's minimum wage for 2021:
                return bool(q.departments) and dense_en  # its words have no reading in the documents' words)
            if q.places:  # the year of a title of the places asked about names its document (Weifang's 2017 plan)
                tokens = beyond_title_years(tokens, corpus.titles_of(corpus.docs_of(q.places)))
            return corpus.topic_coverage(tokens, best) >= thresholds.coverage and dense_en
        covered = corpus.topic_coverage(tokens, best)
        if q.focus:  # a long question: its asking part alone may be what the clauses hold
            covered = max(covered, corpus.topic_coverage(self.topic(q.focused()), best))
        needed = thresholds.off_topic_coverage if q.off_topic else thresholds.coverage
        dense_ok = scored.dense_top is None or scored.dense_top >= thresholds.dense
        return covered >= needed and dense_ok

    def beyond_title(self, q: Question, tokens: list[str]) -> list[str]:
        """The topic words left once the words naming a document by its title are set aside (泰安市支持人工智能OPC
        发展的实施意见从哪天开始施行 asks 开始施行: the title chose the document, as a place does, and every clause of
        it "covers" the title's words). Unchanged when the title is all the question says."""
        docs = self.corpus.docs_of(q.places)
        titles = self.corpus.titles_of(docs)
        if q.language == "en":  # the title named in English: several of its terms, as the glossary gives them
            return _beyond_english_title(tokens, titles)
        text = q.text.lower()
        named = ""
        sharing = self.corpus.titles_sharing(text)  # a province's other titles share no run that long
        for title in titles:
            if title not in sharing:
                continue
            common = longest_common(text, title.lower())
            if len(common) >= TITLE_NAMED and len(common) > len(named):
                named = common
        if not named:
            return tokens
        counted = counted_thing(q.asking)
        title_words = set(self.corpus.tokenize(named))
        rest = [t for t in tokens if t not in title_words or (counted and t in counted)]
        return rest or tokens

    def term_missing(self, q: Question, clauses: Sequence[Clause]) -> str | None:
        """The term a Chinese question asks about that none of these clauses writes (低空 of 泰安市低空经济发展有哪些
        措施, the clauses found holding 经济, 发展): the rarest of its topic words some document writes, when it is a
        term — a word general Chinese seldom uses (jieba's own count of it under TERM_COMMONEST; 本地, 包括, 提出 are
        everyday words, however rare here) — and no clause of these writes it; None otherwise. What the clauses
        say is then about the question's commoner words, not what it asks."""
        if q.language != "zh" or not clauses:
            return None
        corpus = self.corpus
        written = [t for t in self.beyond_title(q, self.topic(q)) if "|" not in t and not t.isdigit() and corpus.df(t)]
        if not written:
            return None
        words = "".join(clause_words(c) for c in clauses).lower()
        for rarest in sorted(written, key=corpus.token_weight, reverse=True):
            if not TERM_RAREST <= general_count(rarest) < TERM_COMMONEST:
                return None
            if corpus.everyday.found(rarest, words):
                return None
            if not asking_verb(rarest, q.text):
                return rarest
            # 选定哪两个区: the asker's verb of the thing asked; the clause may say it otherwise (…作为集聚区)
        return None

    def about(self, q: Question, clause: Clause) -> bool:
        """Whether the clause itself (its title, path and text) holds a word of the question's topic beyond those
        naming its document (its place, year or title, which every clause of it "holds"): a clause found for its
        note, or its document, alone (防汛抗旱 asked, 地区生产总值增长 in a 2023 plan found) is about something else.
        True when the topic is all the document's name."""
        tokens = self.beyond_title(q, self.topic(q))  # the whole topic: a long question's story names the task
        rest = [t for t in beyond_doc_title(q.text, tokens, clause.doc_title) if not is_year(t)]
        if not rest:
            return True
        words = clause_words(clause).lower()
        return any(self.corpus.everyday.found(t.lower(), words) for t in rest)

    def unwritten_in_place(self, tokens: Sequence[str], q: Question) -> bool:
        """Whether a question naming places asks for a named thing (a word of three characters or more that
        other documents write, 算力券) that no document of those places writes in any form: they do not
        address it, however many of the question's other words (费用, 比例, 补贴) their clauses hold."""
        corpus = self.corpus
        docs = corpus.docs_of(q.places)
        if not docs or q.language != "zh":
            return False
        texts = [corpus.texts[n] for n in corpus.positions_of(docs)]
        # a unit the question names (发改委) is read by the units' resolver, however the documents spell it
        # (省发展改革委): its written form is no named thing they must write
        units = [*q.written, *(w for w, _ in q.ambiguous)]
        return any(
            len(t) >= 3
            and not any(t in unit for unit in units)
            # a zone's kind after the place's name (长沙经开区) names the place's zone, which its documents write in
            # full (长沙经济技术开发区): no named thing
            and not ZONE.fullmatch(t)
            and "|" not in t
            and not t.isascii()
            and corpus.df(t) > 0
            and not any(corpus.everyday.found(t, text) for text in texts)
            for t in tokens
        )

    def names_unknown_place(self, q: Question) -> bool:
        """Whether the question names a place the corpus never mentions (汨罗市): read on all of the topic's words,
        before a name's parts stand in for it (汨罗市 → 汨罗)."""
        if q.language == "en":  # Liuyang, Miluo: a place CC-CEDICT knows that no clause writes
            if self.topic.translation(q.text).unknown_places:
                return True
            # Xiamen, read by its pinyin: not beside a place the documents cover (Fuxing Island in Yangpu)
            return not q.places and bool(self.topic.unwritten_places(q.text))
        # a document's place is known though no clause writes it (a table read from its file name's place), and so
        # is the place written right before it, its own city or province (黄石市下陆区, where the documents of 下陆区
        # write only 区人民政府)
        compact = "".join(q.text.split())

        def written(term: str) -> bool:
            return term in q.places or self.corpus.writes(term) or any(term + p in compact for p in q.places)

        if unknown_places(self.corpus.tokenize(q.topic), written, bare=not q.places):
            return True
        # 拉萨那边的政策, naming no place of the documents: a place by its form that no clause writes
        return not q.places and any(not self.corpus.writes(p) for p in places_said_there(q.text))


# a term by its count in jieba's dictionary (counts of general Chinese text): under this, a word general text
# seldom uses (低空 369, 殡葬 589, 防汛 232); from it, an everyday word (本地 1,918, 办理 2,142, 年龄 3,808)
TERM_COMMONEST = 1000
TERM_RAREST = 10  # a count under this is jieba's placeholder for a word it was given without one (能用 3)


def general_count(word: str) -> int:
    """How often general Chinese text uses a word, by jieba's dictionary (0 for a word it does not hold)."""
    import jieba

    jieba.dt.check_initialized()
    return int(jieba.dt.FREQ.get(word, 0))


# a verb taking the thing asked as its object (选定哪两个区, 确定了哪些, 派出什么): said before the question word; not
# before a unit asked (殡葬哪个部门管: there the word before names the task, and the verb comes after)
_BEFORE_ASKED = r"(?:了|出|的)?(?:哪|什么)(?![^，。？?]{0,3}(?:部门|单位|机构))"


def asking_verb(word: str, question: str) -> bool:
    """Whether the question writes the word as the verb whose object is asked (梅州市选定哪两个区作为…: 选定): the
    asker's way of saying how the thing asked came to be, which the clause may write in other words (…作为核心集聚区)
    — no term it must hold. Only a word jieba's dictionary tags as a verb counts (a noun before the question word
    is the topic), and not before a unit asked."""
    if not re.search(re.escape(word) + _BEFORE_ASKED, question):
        return False
    import jieba.posseg  # loaded only for a term missing from the clauses found, written before a question word

    jieba.posseg.dt.tokenizer.check_initialized()
    return jieba.posseg.dt.word_tag_tab.get(word, "") == "v"


TITLE_RUN = 3  # characters of a document's title a question repeats to name the document (金东区, 量化指标)


# the thing a count asks of (一共要落实多少项目标任务 → 目标任务): its measure word, then the noun it counts
_COUNTED = re.compile(r"(?:多少|几)(?:个|家|户|名|所|项|座|条|场|次|件|套|批|期|台|张|部|位|支)([\u4e00-\u9fff]{2,8})")


def counted_thing(asking: str) -> str:
    """What a count asks of (多少项目标任务 → 目标任务): asked, so never set aside as a word of the title naming the
    document (…目标任务分解方案一共要落实多少项目标任务: the part answering writes 156项目标任务)."""
    found = _COUNTED.search(asking)
    return found.group(1) if found else ""


def beyond_doc_title(question: str, tokens: Sequence[str], title: str) -> list[str]:
    """The topic words left once those the document's title writes are set aside, when the question repeats a
    run of at least TITLE_RUN characters of that title: such words (its place, its year, its short name) chose the
    document and need not stand in the part that answers. The words unchanged when the question repeats no such
    run, or when the title writes every one of them (then the title is all the question says)."""
    lowered = title.lower()
    if len(longest_common(question.lower(), lowered)) < TITLE_RUN:
        return list(tokens)
    counted = counted_thing(question)
    rest = [t for t in tokens if "|" in t or t.lower() not in lowered or (counted and t in counted)]
    return rest or list(tokens)


def _beyond_english_title(tokens: list[str], titles: Collection[str]) -> list[str]:
    """An English question's topic words less those naming a document by its title: two or more of its
    Chinese terms standing in one title (Anhui's industrial internet action plan → 工业互联网, 行动计划 in
    安徽省工业互联网创新发展行动计划), together as long as a title repeated in Chinese must be."""
    terms = [t for t in tokens if "|" not in t and not t.isascii()]
    best: list[str] = []
    for title in titles:
        held = [t for t in terms if t in title.lower()]
        if len(held) >= 2 and sum(map(len, held)) >= TITLE_NAMED_EN and len(held) > len(best):
            best = held
    rest = [t for t in tokens if t not in best]
    return rest or tokens


def beyond_title_years(tokens: list[str], titles: Collection[str]) -> list[str]:
    """The topic words less the years a title of the documents asked about holds (Weifang's 2017 plan: 潍坊市
    2017年政务公开工作要点实施方案): such a year named the document, as its place did, and its clauses need not
    repeat it. For whether to answer only: the year still picks the target a clause states for it (by 2028)."""
    years = {t for t in tokens if re.fullmatch(r"(?:19|20)\d\d", t) and any(t in title for title in titles)}
    return [t for t in tokens if t not in years] or tokens
