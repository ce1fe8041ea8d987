"""The question-answering engine, one straight line: normalise → understand (intent, units, places) → retrieve →
decide whether the evidence answers → compose.

Abstention is decided on the evidence, with thresholds calibrated on the evaluation set (`kb eval --calibrate`
prints them): how much of the question's topic the best clauses contain — its words, each weighted by its rarity in
the corpus — and, as a floor, the dense similarity of the question to its best clause; places, units and dates the
corpus does not give are refused outright.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from kb.qa import answer as compose
from kb.qa import compound, effective, yesno
from kb.qa.dictionary import Translation, join_syllables, translate
from kb.qa.glossary import Glossary
from kb.qa.indexes import TITLE_NAMED, ClauseIndexes, clause_words
from kb.qa.intent import WHICH_PLACES, Route, actual_is_a_term_of, asking_part, plain_text, route
from kb.qa.normalize import EverydayWords, normalize_question
from kb.qa.quantity import agreement, asked_kind, states
from kb.qa.retrieve import HybridRetriever, Mode, Scored
from kb.qa.router import Router
from kb.qa.subject import ROLE_ASKED, InText, Mention, in_charge, mentions_by_form, sentences
from kb.qa.targets import TargetMatch, TargetSearch, longest_common
from kb.qa.typos import CorpusSpeller, HomophoneFixer
from kb.qa.units import UnitResolver
from kb.types import Answer, Clause, Hit, WorkingGroup
from kb.unit import NO_PLACE


class Registry(Protocol):
    def find_in_text(self, text: str) -> list[str]: ...
    def spellings(self) -> list[str]: ...
    def english(self, canonical: str) -> str | None: ...


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


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+-]*|\d+(?:\.\d+)?")


def topic_units(text: str) -> set[str]:
    """Character bigrams of the Chinese runs (single characters for one-character runs) and Latin words/numbers."""
    units: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            units.add(run)
        units.update(run[i : i + 2] for i in range(len(run) - 1))
    units.update(w.lower() for w in _WORD.findall(text))
    return units


_ASKED_UNIT = re.compile(
    r"(?:多少|几)(亿元|万元|元|钱|亩|平方米|公里|吨|千瓦|万千瓦|家|个|项|名|人|件|座|所)"
)


_ASKED_MONEY_EN = re.compile(
    r"\b(yuan|rmb|budget(ed)?|cost|invest(ed|ment)?|funding|money|subsid(y|ies))\b", re.I
)


_ASKS_NUMBER = re.compile(r"多少|几(?:个|家|项|名|件|座|所|条|次|天|年|月|成|倍)|\bhow (?:much|many)\b", re.I)
# a question asking who (哪个部门牵头) is a responsibility question even when it asks it of several places
_ASKS_WHO = re.compile(r"谁|哪个(?:部门|单位|机构)|哪些(?:部门|单位)|牵头|负责|\bwho\b|\bwhich (?:department|bureau|unit|agency)", re.I)
_ASKED_YEAR = re.compile(r"哪一?年|什么时候|何时|截止|期限|时限|\bwhen\b|\bwhich year\b|\bby when\b", re.I)


# answered once when the engine is built (Engine.warm); any corpus will do, the answers are thrown away
WARM_QUESTIONS = ("县林业局负责哪些工作？", "研发经费投入增长目标是多少？", "Who leads the research institute?")
RANK_WEIGHT = 0.3  # how much the fused retrieval rank counts beside the topic's coverage (1st: 0.3, 2nd: 0.15…)
_ASKS_UNIT = re.compile(
    r"谁|哪个(?:部门|单位|机构)|哪些(?:部门|单位|机构)|哪家|什么(?:部门|单位|机构)|牵头|负责|\bwho\b|\bwhich (?:department|body|agency|ministry|unit)",
    re.I,
)
TITLE_NAMED_EN = 8  # characters of a title's terms an English question names (its connectives not translated)
# a question asking which places (intent.WHICH_PLACES): each place whose best clause holds this share of what the best
# clause of all holds of the topic is listed, up to MAX_PLACES
SAME_COVERAGE = 0.95
MAX_PLACES = 8
FULL_MATCH = 0.85  # a part holding this much of a topic of several words is what was asked, however named


def place_forms(place: str, english: bool = True) -> tuple[str, ...]:
    """How a question may name a place: 宁波市 / 宁波, 杭州市上城区 / 上城区 / 上城, 全国 (the State Council) /
    国务院; with `english`, also as English questions do: the pinyin of the name without its level (ningbo)."""
    if place == "全国":
        return ("国务院", "state council") if english else ("国务院",)
    parts = re.findall(r"[\u4e00-\u9fff]+?(?:自治区|自治州|省|市|县|区|盟|旗)", place) or [place]
    # a district is named by its own name (上城区, 上城, 杭州上城区), never by its city's alone (杭州 is 杭州市)
    own = parts[-1]
    bases = {own[:-1]} if len(own) >= 3 and own[-1] in "省市县区" else set()
    forms = {place, own, *bases}
    if len(parts) > 1:
        forms |= {parts[0][:-1] + own, parts[0][:-1] + own[:-1]} if len(parts[0]) >= 3 else set()
    if english:
        from pypinyin import lazy_pinyin  # a third of a second to import: only once a question is in English

        forms |= {"".join(lazy_pinyin(base)) for base in bases}
    return tuple(sorted(forms, key=len, reverse=True))


def asked_unit(question: str) -> str | None:
    """The unit a question asks a number in (多少亿元 → 亿元), normalized to the units targets are written in."""
    if _ASKED_MONEY_EN.search(question):
        return "元"
    if _ASKED_YEAR.search(question):
        return "年"
    match = _ASKED_UNIT.search(question)
    if not match:
        return None
    return {"人": "名", "钱": "元"}.get(match.group(1), match.group(1))


_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")


def unknown_places(tokens: Sequence[str], vocabulary: str) -> list[str]:
    """Place names in the question that the corpus never mentions (汨罗市, 岳阳县): the question is about
    somewhere else, however well the rest matches."""
    return [
        t
        for t in tokens
        if len(t) >= 3 and t[-1] in "市县区镇乡省" and _CJK_RUN.fullmatch(t) and t not in vocabulary
    ]  # Chinese only: OPC社区 is no place


def _compound(token: str, tokens: Sequence[str]) -> bool:
    """jieba's search mode yields a long word and its parts (新材料产业, 材料, 产业): counting both would make the
    long word's exact spelling decide; it is dropped when its parts cover two thirds of it."""
    covered = sum(len(t) for t in tokens if t != token and t in token)
    return len(token) > 2 and covered * 3 >= len(token) * 2


# Words that say what kind of answer is wanted, not what it is about (beyond the tokenizer's stopwords).
QUESTION_WORDS = frozenset(
    [
        "几项",
        "几家",
        "几名",
        "几个",
        "几",
        "多大",
        "多少",
        "哪一年",
        "哪年",
        "哪天",
        "事",
        "这件",
        "这件事",
        "做些",
        "准备",
        "总体",
        "涉及",
        "作为",
        "方面",
        "里",
        "方案",
        "方案里",
        "目标",
        "要求",
        "办法",
        "措施",
        "举措",
        "情况",
        "打算",
        "内容",
        "规定",
        "安排",
        "思路",
        "什么样",
        "力争",
        "具体",
        "一下",
        "是否",
        "有没有",
        "计划",
        "要求是",
        # the kind of value asked (a cap, a floor), not what it is about: documents write 最高 where people ask 最多
        "最多",
        "最高",
        "最少",
        "最低",
        "上限",
        "封顶",
        "多长",
        "多久",
        "多长时间",
        "几天",
        "几个月",
        "几年",
        # words that point at a body without naming anything (人社那边, 融资这块)
        "那边",
        "这边",
        "这块",
        "那块",
        "能拿",
        "能贷",
        "能补",
        "拿到",
        "领到",
        "得到",
        # the story a person tells around a question (您好，我们公司…听说…想问问如果…的话)
        "您好",
        "你好",
        "我们",
        "听说",
        "问问",
        "想问",
        "想问问",
        "如果",
        "的话",
        "想知道",
        "了解",
        "请教",
        "麻烦",
        "谢谢",
        # an actual or past result asked (去年实际…): the plan's target is looked for without these words
        "实际",
        "已经",
        "目前",
        "现在",
        "去年",
        "截至",
        "截止",
        "当前",
        "如今",
        "今年",
        "迄今",
        "为止",
    ]
)


# the roles a note or a working group gives, corrected like units' names (招集人 → 召集人)
ROLE_WORDS = ("牵头单位", "配合单位", "责任单位", "召集人", "副召集人", "组长", "副组长", "成员单位", "办公室主任")


def _dictionary_word(pair: str) -> bool:
    """Whether jieba's dictionary lists the pair as a word (哪个, 由于): written as meant, not a typo."""
    import jieba

    jieba.dt.check_initialized()  # its dictionary is loaded on first use
    return jieba.dt.FREQ.get(pair, 0) > 0


def _likelihood(text: str) -> float:
    """Log-probability of the text's best segmentation by jieba's dictionary: how well it reads as Chinese."""
    import jieba

    jieba.dt.check_initialized()
    route: dict[int, tuple[float, int]] = {}
    jieba.dt.calc(text, jieba.dt.get_DAG(text), route)
    return route[0][0] if text else 0.0


class Engine:
    """Answers questions over one set of clauses; built once per index, reused for every question."""

    def __init__(
        self,
        clauses: Sequence[Clause],
        groups: Sequence[WorkingGroup],
        registry: Registry,
        retriever: HybridRetriever,
        thresholds: Thresholds | None = None,
        glossary: Glossary | None = None,
        tokenize: Callable[[str], list[str]] | None = None,
        model: Router | None = None,
        resolver: UnitResolver | None = None,
        doc_places: Mapping[str, str | None] | None = None,
        home_places: Collection[str] = (),
        everyday: EverydayWords | None = None,
        indexes: ClauseIndexes | None = None,
    ) -> None:
        # built from the clauses alone, or read back with the index (kb.qa.saved) instead of built again
        built = indexes or ClauseIndexes.build(clauses)
        self._indexes = built
        self.clauses = built.clauses
        self.by_id = built.by_id
        self.groups = list(groups)
        self.registry = registry
        self.retriever = retriever
        self.thresholds = thresholds or Thresholds()
        self.targets = built.targets  # searched through its index, not scanned
        self.children = built.children
        # a document's clauses (their positions) and its title: a question scoped to places reads only theirs
        self._of_doc = built.of_doc
        self._all_titles = built.titles
        self.tokenize = tokenize or (lambda text: sorted(topic_units(text)))
        self._texts = built.texts  # tokens are lower-cased (OPC → opc)
        self._text_pairs = built.text_pairs  # how many clauses write a word, without reading them all
        self.token_weight = lru_cache(maxsize=65536)(self._token_weight)
        self.glossary = glossary or Glossary({})
        self.vocabulary = built.vocabulary
        # Latin words the documents write themselves (OPC, RCEP, AI): kept as they are in a Chinese question
        self.latin_words = built.latin_words
        self.model = model
        self.resolver = resolver
        self.doc_places = dict(doc_places or {})
        self.place_forms = {
            p: place_forms(p, english=False) for p in dict.fromkeys(self.doc_places.values()) if p
        }
        self._english_place_forms: dict[str, tuple[str, ...]] | None = None
        # the places the department registry is kept for: the office's own, preferred when a question names none
        self.home_places = frozenset(home_places)
        self.everyday = everyday or EverydayWords({})
        names = set(built.unit_names) | set(registry.spellings())
        names |= {g.name for g in groups} | set(ROLE_WORDS)
        self.typos = HomophoneFixer("\n".join(sorted(names)), is_word=_dictionary_word)
        self.speller = CorpusSpeller(
            lambda text: self.targets.used_in(text, None), self.vocabulary, likelihood=_likelihood
        )

    def topic_coverage(self, tokens: Sequence[str], clauses: Sequence[Clause]) -> float:
        """Share of the topic's words (rarity-weighted) that the clauses contain."""
        if not tokens:
            return 0.0
        haystack = "".join(clause_words(c) for c in clauses).lower()
        total = sum(self.token_weight(t) for t in tokens)
        return sum(self.token_weight(t) for t in tokens if self.everyday.found(t, haystack)) / total

    def confident(self, question: str, r: Route, scored: Scored) -> bool:
        if not scored.hits:
            return False
        tokens = self.beyond_title(question, r, self.topic_tokens(question, r))
        asked = self.topic_tokens(question, replace(r, topic=r.focus)) if r.focus else tokens  # not the story
        if self.names_unknown_place(question, r) or self.unwritten_in_place(asked, r):
            return False
        best = [h.clause for h in scored.hits[:3]]
        if r.language == "en":
            # an English question's topic is its words in the documents' words (glossary, CC-CEDICT) and the
            # words no clause writes in any sense; with none at all, only a unit's name can carry it
            dense_en = scored.dense_top is None or scored.dense_top >= self.thresholds.dense_en
            if not tokens:
                return bool(r.departments) and dense_en
            return self.topic_coverage(tokens, best) >= self.thresholds.coverage and dense_en
        covered = self.topic_coverage(tokens, best)
        if r.focus:  # a long question: its asking part alone may be what the clauses hold
            covered = max(
                covered, self.topic_coverage(self.topic_tokens(question, replace(r, topic=r.focus)), best)
            )
        needed = self.thresholds.off_topic_coverage if r.off_topic else self.thresholds.coverage
        dense_ok = scored.dense_top is None or scored.dense_top >= self.thresholds.dense
        return covered >= needed and dense_ok

    def beyond_title(self, question: str, r: Route, tokens: list[str]) -> list[str]:
        """The topic words left once the words naming a document by its title are set aside (泰安市支持人工智能OPC
        发展的实施意见从哪天开始施行 asks 开始施行: the title chose the document, as a place does, and every clause of
        it "covers" the title's words). Unchanged when the title is all the question says."""
        docs = self.docs_of(r.places)
        titles = self.titles_of(docs)
        if r.language == "en":  # the title named in English: several of its terms, as the glossary gives them
            return self._beyond_english_title(tokens, titles)
        text = question.lower()
        named = ""
        sharing = self._indexes.titles_sharing(text)  # a province's other titles share no run that long
        for title in titles:
            if title not in sharing:
                continue
            common = longest_common(text, title.lower())
            if len(common) >= TITLE_NAMED and len(common) > len(named):
                named = common
        if not named:
            return tokens
        title_words = set(self.tokenize(named))
        rest = [t for t in tokens if t not in title_words]
        return rest or tokens

    def titles_of(self, docs: Collection[str] | None) -> frozenset[str]:
        """The titles of these documents' clauses (every document's when None)."""
        if docs is None:
            return self._all_titles
        return frozenset(self.clauses[n].doc_title for d in docs for n in self._of_doc.get(d, ()))

    def positions_of(self, docs: Collection[str]) -> list[int]:
        """The positions in `clauses` of these documents' clauses, in order."""
        return sorted(n for d in docs for n in self._of_doc.get(d, ()))

    @staticmethod
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

    def unwritten_in_place(self, tokens: Sequence[str], r: Route) -> bool:
        """Whether a question naming places asks for a named thing (a word of three characters or more that
        other documents write, 算力券) that no document of those places writes in any form: they do not
        address it, however many of the question's other words (费用, 比例, 补贴) their clauses hold."""
        docs = self.docs_of(r.places)
        if not docs or r.language != "zh":
            return False
        texts = [self._texts[n] for n in self.positions_of(docs)]
        return any(
            len(t) >= 3
            and "|" not in t
            and not t.isascii()
            and self._df(t) > 0
            and not any(self.everyday.found(t, text) for text in texts)
            for t in tokens
        )

    def names_unknown_place(self, question: str, r: Route) -> bool:
        """Whether the question names a place the corpus never mentions (汨罗市): read on all of the topic's words,
        before a name's parts stand in for it (汨罗市 → 汨罗)."""
        if r.language == "en":  # Liuyang, Miluo: a place CC-CEDICT knows that no clause writes
            return bool(self.translation(question).unknown_places)
        return bool(unknown_places(self.tokenize(r.topic), self.vocabulary))

    def english_terms(self, text: str) -> list[str]:
        """The Chinese terms of a text's English words for searching: the glossary's, then CC-CEDICT's likeliest
        sense for the words it lacks, of those the documents write (kb.qa.dictionary)."""
        return list(
            dict.fromkeys([*self.glossary.chinese_terms(text), *(g[0] for g in self.translation(text).groups)])
        )

    def english_topic(self, text: str) -> list[str]:
        """The topic words of an English text, as Chinese questions' are: the glossary's terms, each other word
        as the senses the documents write for it (one word of several forms: 评价|评估), and the content words no
        clause writes in any sense (GDP, Liuyang), which weigh most."""
        translation = self.translation(text)
        return list(
            dict.fromkeys(
                [
                    *(t.lower() for t in self.glossary.chinese_terms(text)),
                    *("|".join(g).lower() for g in translation.groups),
                    *translation.missing,
                ]
            )
        )

    def _latin_translation(self, question: str) -> Translation:
        """The English words of a Chinese question that neither the documents (OPC) nor the glossary write."""
        if not re.search(r"[A-Za-z]{3,}", question):
            return Translation((), ())
        return self.translation(" ".join(re.findall(r"[A-Za-z][A-Za-z-]*", question)))

    def translation(self, text: str) -> Translation:
        # places are the place filter's, not topic words (Pingjiang, Anhui)
        places = {f for forms in (self._english_place_forms or {}).values() for f in forms if f.isascii()}
        places = {join_syllables(f) for f in places}  # Tai'an is Taian, one word
        words = re.findall(r"[A-Za-z][A-Za-z-]*|\d+", join_syllables(text))
        rest = " ".join(w for w in words if w.lower() not in places)
        most = max(3, len(self.clauses) // 7)  # written by more than one clause in seven: no topic word
        return translate(rest, self.clauses_writing, self.glossary.matched(text), self.latin_words, most)

    def clauses_writing(self, word: str) -> int:
        """How many clauses write the word (lower-case match, as topic words are)."""
        return self._df(word.lower())

    def _token_weight(self, token: str) -> float:
        """Inverse document frequency of a word over the clauses; a word no clause uses weighs most."""
        df = max(self._df(t) for t in token.split("|")) if "|" in token else self._df(token)
        return math.log((len(self._texts) + 1) / (df + 0.5))

    @lru_cache(maxsize=65536)  # noqa: B019 - one engine per index, kept for the process
    def _df(self, token: str) -> int:
        return self._text_pairs.count(token)

    def _names_target(self, question: str, match: TargetMatch) -> bool:
        """Whether the question names the target it matched: some of the target's own words must be in it
        (平江县的人口 shares only 人口 with 每万人口高价值发明专利拥有量: that is not what was asked)."""
        assert match.part.indicator is not None
        # the target's words: its name and the rest of its own piece — what it counts is often written after the
        # number (为符合条件的OPC人才提供最高50万元创业担保贷款: the name read before the number is 为…提供)
        named = f"{match.part.indicator.name}{match.part.own or match.part.text}"
        words = [t for t in dict.fromkeys(self.tokenize(named)) if len(t) > 1]
        words = [t for t in words if not _compound(t, words)]
        asked = question.lower()
        return not words or sum(1 for t in words if t in asked) / len(words) >= 0.3

    def topic_tokens(self, question: str, r: Route) -> list[str]:
        """The words of the topic that carry it: jieba tokens without question words; for an English question,
        the Chinese glossary terms of its English terms."""
        if r.language == "en":  # lower-cased as the clauses' words are (OPC → opc)
            # Chinese words in an English question (Anhui RCEP 海外仓建设 who is responsible?) stand as written
            chinese = [t for run in _CJK_RUN.findall(question) for t in self.tokenize(run) if len(t) > 1]
            chinese = [t for t in chinese if t not in QUESTION_WORDS and not _compound(t, chinese)]
            # the year asked (by 2028, the 2020 target) scopes the target as 到2028年 does in Chinese
            years = [] if r.asks_actual else re.findall(r"\b(?:19|20)\d\d\b", question)
            return list(dict.fromkeys([*self.english_topic(question), *chinese, *years]))
        # the places it names chose the documents already: they are not words a clause must hold (宁波市级 → 级)
        forms = (
            self._english_place_forms or self.place_forms
        )  # the English ones once an English word was read
        named = [form for place in r.places for form in forms.get(place, ())]
        topic = r.topic
        for form in named:
            topic = topic.replace(form, " ")
        # English words the documents do not write themselves stand only through their glossary terms below
        # (community → 社区): as written, no clause could hold them
        tokens = dict.fromkeys(
            t
            for t in self.tokenize(topic)
            if t not in QUESTION_WORDS and t.strip() and not (t.isascii() and t.isalpha() and t not in self.latin_words)
        )
        # English words in a Chinese question (ERP、CRM系统推广是哪个department负责的) stand for their Chinese terms
        for term in self.glossary.translated(question, self.latin_words):  # OPC社区 → opc, 社区
            tokens.update(dict.fromkeys(t for t in self.tokenize(term.lower()) if t not in QUESTION_WORDS))
        # and those the glossary lacks through CC-CEDICT (coverage rate → 覆盖率), each as its written senses
        tokens.update(dict.fromkeys("|".join(g).lower() for g in self._latin_translation(question).groups))
        if r.asks_actual:  # the year of a result asked (2025年实际…) is not the target's year: the item is the topic
            tokens = {t: None for t in tokens if not re.fullmatch(r"(?:19|20)\d\d", t)}
        words = [t for t in tokens if len(t) > 1]  # one character (站, 年) says little of the topic
        words = words or [t for t in tokens if not t.isascii()]
        return [t for t in words if not _compound(t, words)]

    def warm(self) -> None:
        """Load now what the first question would load (jieba's dictionary, the typo indexes, OpenCC, CC-CEDICT,
        the first query embeddings) by answering one question of each language: the process's first question
        then costs what any question costs."""
        for question in WARM_QUESTIONS:
            self.ask(question)

    def ask(
        self,
        question: str,
        doc: str | None = None,
        department: str | None = None,
        mode: Mode = "hybrid",
        k: int = 5,
        place: str | None = None,
    ) -> Answer:
        """Answer one question; the Answer echoes the question as asked, the work is done on its normalised
        plain text (markup removed, traditional characters simplified, widths and spaces evened). `place` keeps
        the documents of that place (a filter naming one place's unit: 市财政局（南充市）)."""
        answer = self._answer(self.normalize(question), doc, department, mode, k, place=place)
        return replace(answer, question=question.strip())

    def normalize(self, question: str) -> str:
        """The question as the pipeline reads it: plain text, simplified, widths evened, one-character homophone
        typos corrected (林叶局 → 林业局), everyday words in the documents' words (规上 → 规模以上)."""
        named = self.typos.fix(normalize_question(plain_text(question)))
        return self.everyday.apply(self.speller.fix(named))

    def understand(self, question: str) -> Route:
        """Intent, units, places and the rest of what the question asks (kb.qa.intent.route)."""
        places = self.places_in(question)
        mentions = self.resolver.find(question, places) if self.resolver else None
        return route(question, self.registry, self.model, mentions, places)

    def places_in(self, question: str) -> tuple[str, ...]:
        """Places of the indexed documents the question names (宁波, 泰安市, 平江县, 上城区; Ningbo, Tai'an)."""
        words = set(re.findall(r"[a-z]+", re.sub(r"['’]s\b", "", question.lower()).replace("'", "")))
        forms = self.place_forms
        if words:
            if self._english_place_forms is None:
                self._english_place_forms = {p: place_forms(p) for p in self.place_forms}
            forms = self._english_place_forms
        return tuple(
            p
            for p, names in forms.items()
            if any(f in words if f.isascii() else f in question for f in names)
        )

    def docs_of(self, places: Sequence[str]) -> frozenset[str] | None:
        """The documents of the named places; None when the question names none (every document counts)."""
        if not places:
            return None
        return frozenset(d for d, p in self.doc_places.items() if p in places)

    def _answer(
        self,
        question: str,
        doc: str | None,
        department: str | None,
        mode: Mode,
        k: int,
        checking: bool = False,
        place: str | None = None,
    ) -> Answer:
        r = self.understand(question)
        parts = [] if checking else self._compound(question, r)
        if parts:  # 宁波和温州的…分别是多少: each item's own question, answered one after another
            answers = [self._answer(p.question, doc, department, mode, k, True, place) for p in parts]
            return compose.answer_compound(r, question, parts, answers)
        check = None if checking else self._yes_no(question, r)
        if check is not None:  # 是县发改局牵头吗: the open question behind it, then yes or no
            open_question = check.open_question(question, r.language)
            places = self._places_of(check.units) if not r.places else set()
            if len(places) == 1:  # the unit checked is one place's: its documents answer for it
                open_question = f"{next(iter(places))}{open_question}"
            found = self._answer(open_question, doc, department, mode, k, True, place)
            return yesno.answer(question, check, found, r.language)
        english = self.registry.english
        docs = self.docs_of(r.places)
        if place is not None:  # the filter's place, and the question's places within it
            of_place = frozenset(d for d, p in self.doc_places.items() if (p or NO_PLACE) == place)
            docs = of_place if docs is None else docs & of_place
        if r.ambiguous and not r.departments:
            return compose.ask_back(r, question, self._with_places(r.ambiguous))
        if r.intent == "department_tasks":
            scope = [
                c for c in self.clauses if (doc is None or c.doc == doc) and (docs is None or c.doc in docs)
            ]
            clauses, elsewhere = self._own_place_first(r, scope) if docs is None else (scope, ())
            of_places = self._unit_by_place(r, clauses)
            if len(of_places) > 1:  # one name, several places' units: each apart, never added together
                return compose.answer_department_tasks_by_place(r, question, of_places, self.groups, english)
            found = compose.answer_department_tasks(r, question, clauses, self.groups, english)
            return compose.with_elsewhere(found, r, elsewhere) if elsewhere else found
        groups = [
            g
            for g in self.groups
            if (doc is None or (g.clause_id or "").startswith(f"{doc}:"))
            and (docs is None or (g.clause_id or "").split(":")[0] in docs)
        ]
        if r.intent == "organization" and groups:
            ranked = self._groups_for(question, r, groups)
            return compose.answer_organization(r, question, ranked, self.by_id, english)
        if r.intent == "organization":  # the documents asked about set up no group: what their clauses say
            r = replace(r, intent="general")
        asking = asking_part(question)
        if r.intent == "general" and (asked_kind(asking) is not None or asked_unit(asking) == "年"):
            r = replace(r, intent="indicator")  # how many, how much, how long, by when: answered by a number
        which_places = docs is None and doc is None and bool(WHICH_PLACES.search(question))
        scored = self.search_routed(
            question, r, mode=mode, k=max(k, 10), doc=doc, department=department, docs=docs
        )
        evidence = compose.Evidence(scored.hits[:k], self.confident(question, r, scored))
        when = effective.asked(question) if r.intent in ("indicator", "general") else None
        stated = self._effective(when, scored.hits[:3]) if when else None
        if when and stated is not None:  # 什么时候开始施行, 有效期多久: the document's own statement
            return compose.answer_effective(r, question, stated, when, scored.hits[:k])
        if r.intent == "responsibility" and which_places and not _ASKS_WHO.search(question):
            placed = self._places_holding(question, r, evidence, mode, doc, department, docs)
            if len(placed) > 1:  # 哪些地方在试点沙盒监管 asks places, not who leads
                return compose.answer_general(
                    r, question, replace(evidence, hits=placed), self.children, len(placed)
                )
        if r.intent == "responsibility":
            per_place = self._per_place(question, r, scored) if evidence.confident and doc is None else None
            if per_place:
                return compose.answer_responsibility_by_place(
                    r, question, per_place, english, self.doc_places
                )
            role = ROLE_ASKED.search(question)  # 牵头抓总的是哪个部门: the sentence giving that role, note or not
            written = (
                self._in_charge_in_text(question, r, evidence.hits, role.group(0))
                if evidence.confident and role
                else None
            )
            if written is not None:
                return compose.answer_responsibility_in_text(r, question, *written, evidence.hits, english)
            if evidence.confident and not compose.answering_clauses(r, evidence.hits):
                written = self._in_charge_in_text(question, r, evidence.hits)
                if written is not None:
                    return compose.answer_responsibility_in_text(r, question, *written, evidence.hits, english)
            return compose.answer_responsibility(r, question, evidence, english)
        if r.intent == "indicator":
            prior = {h.clause.id: 1 / rank for rank, h in enumerate(scored.hits[:5], start=1)}
            # the words naming the document by its title are not the target's: every part of it "holds" them
            tokens = self.beyond_title(question, r, self.topic_tokens(question, r))
            if self.names_unknown_place(question, r) or (r.language == "en" and not evidence.confident):
                return compose.refuse(r, question, scored.hits[:k])
            unit = asked_unit(asking_part(question))  # 刚挂牌了几个产品，…奖励最高多少 asks an amount
            match: TargetMatch | None = None
            home = frozenset(
                d for d, p in self.doc_places.items() if p in self.home_places and (docs is None or d in docs)
            )
            # a question naming no place: the office's own documents first, then every document
            pools = [home, None] if docs is None and home and len(home) < len(self.doc_places) else [docs]
            searches: dict[tuple[tuple[str, ...], str], TargetSearch] = {}  # every place's answer from one search
            for pool in pools:
                match, found_for = self._target(question, r, tokens, pool, prior, unit, searches)
                if match is not None and match.share >= self.thresholds.target:
                    r = found_for
                    break
            if match is not None and r.asks_actual and actual_is_a_term_of(question, match.part.clause.text):
                r = replace(r, asks_actual=False)
            threshold = self.thresholds.target
            if (match is None or match.share < threshold) and evidence.confident:
                kinded = self._of_kind_asked(question, r, tokens, scored, prior)
                if kinded is not None:
                    match, threshold = kinded, kinded.share
            others = (
                self._targets_elsewhere(question, r, tokens, prior, unit, match, searches) if docs is None else []
            )
            if others and match is not None and not r.asks_actual:
                matches = [match, *others]
                asked = yesno.values_in(asking_part(question)) if which_places else []
                if asked:  # 最高50万元的有哪些地方: the places stating that value, not every value
                    matches = [m for m in matches if set(asked) & set(yesno.values_in(m.part.text))] or matches
                return compose.answer_indicator_by_place(r, question, matches, self.doc_places)
            return compose.answer_indicator(
                r, question, match, scored.hits[:k], threshold, asks_date=unit == "年"
            )
        placed = self._places_holding(question, r, evidence, mode, doc, department, docs)
        if len(placed) > 1:
            return compose.answer_general(r, question, replace(evidence, hits=placed), self.children, len(placed))
        return compose.answer_general(r, question, evidence, self.children)

    def _places_holding(
        self,
        question: str,
        r: Route,
        evidence: compose.Evidence,
        mode: Mode,
        doc: str | None,
        department: str | None,
        docs: frozenset[str] | None,
    ) -> tuple[Hit, ...]:
        """For a question asking which places (哪些地方…): the best clause of each place holding the topic,
        looked for among the 30 best clauses (10 held few of 55 documents on one topic); the answer's
        confidence stays that of the usual search."""
        if not evidence.confident or docs is not None or doc is not None or not WHICH_PLACES.search(question):
            return ()
        wide = self.search_routed(question, r, mode=mode, k=30, doc=doc, department=department, docs=docs)
        return self._one_per_place(question, r, wide.hits)

    def _yes_no(self, question: str, r: Route) -> yesno.Check | None:
        """What a yes/no question checks (a unit's role, a value), with the units as the question writes them."""
        return yesno.read(question, r.language, tuple(r.departments), r.written)

    def _compound(self, question: str, r: Route) -> list[compound.Part]:
        """The items a question asks the same thing of (places joined, or items before 分别)."""
        forms = {p: self.place_forms.get(p, (p,)) for p in r.places}
        by_place = compound.split_places(question, forms)
        if by_place:
            return by_place
        every = {f for names in self.place_forms.values() for f in names}
        written = [*r.written, *(w for w, _ in r.ambiguous)]  # a unit's name holding 和 stays one item
        return compound.split_items(question, every, [*written, *r.departments])

    def _effective(self, when: effective.Asked, hits: Sequence[Hit]) -> effective.Statement | None:
        """The statement of when it takes effect of the best documents, in the order retrieval found them."""
        for doc in dict.fromkeys(h.clause.doc for h in hits):
            found = effective.find([self.clauses[n] for n in self.positions_of([doc])])
            if found is not None:
                return found
        return None

    def _places_of(self, units: Sequence[str]) -> set[str]:
        """The places whose documents name these units (a unit is its place's)."""
        if self.resolver is None:
            return set()
        return {p for unit in units for p in self.resolver.places.get(unit, frozenset())}

    def _one_per_place(self, question: str, r: Route, hits: Sequence[Hit]) -> tuple[Hit, ...]:
        """For a question asking which places (哪些地方的政策提到了“算力贷”): the best clause of each document that
        holds about as much of the topic as the best clause does, in retrieval order."""
        tokens = self.topic_tokens(question, r)
        covered = [(h, self.topic_coverage(tokens, [h.clause])) for h in hits[:30]]
        best = max((c for _, c in covered), default=0.0)
        if best < self.thresholds.coverage:
            return ()
        placed: dict[str, Hit] = {}
        for hit, coverage in covered:
            if coverage >= best * SAME_COVERAGE and hit.clause.doc not in placed:
                placed[hit.clause.doc] = hit
        return tuple(placed.values())[:MAX_PLACES]

    def _in_charge_in_text(
        self, question: str, r: Route, hits: Sequence[Hit], role: str = ""
    ) -> tuple[Hit, InText] | None:
        """A sentence of the best clauses (which have no department note) that puts a unit in charge in its own
        words (生态环境部会同有关部门组建协调小组…), the one holding most of what the question asks; with `role`,
        only a sentence writing that role (牵头抓总)."""
        if self.resolver is None or not _ASKS_UNIT.search(asking_part(question)):
            return None  # the sentence names a unit: an answer only to a question asking for one
        asked = self.topic_tokens(question, replace(r, topic=r.focus)) if r.focus else self.topic_tokens(question, r)
        best: tuple[float, Hit, InText] | None = None
        for hit in hits[:5]:  # the sentence holding most of what is asked, of the five best clauses
            place = self.doc_places.get(hit.clause.doc)
            for _, sentence in sentences(hit.clause.text):
                mentions = [
                    Mention(m.span[0], m.span[1], m.candidates[0])
                    for m in self.resolver.find(sentence, (place,) if place else ())
                    if len(m.candidates) == 1
                ]
                mentions += mentions_by_form(sentence, mentions)  # 由区经济发展局负责召集: a unit no note names
                found = in_charge(sentence, mentions) if mentions and role in sentence else None
                if found is None:
                    continue
                covered = sum(self.token_weight(t) for t in asked if self.everyday.found(t, sentence.lower()))
                if (covered > 0 or role) and (best is None or covered > best[0]):
                    best = (covered, hit, found)
        return (best[1], best[2]) if best else None

    def _unit_by_place(self, r: Route, clauses: Sequence[Clause]) -> dict[str | None, list[Clause]]:
        """For a question about a unit (or units named together): the clauses of each place whose documents
        name a unit of that name (南充's 市财政局 and 泰安's are two bodies), places in order of first appearance."""
        if r.department is None:
            return {}
        grouped: dict[str | None, list[Clause]] = {}
        for clause in clauses:
            grouped.setdefault(self.doc_places.get(clause.doc), []).append(clause)
        return {
            p: listed
            for p, listed in grouped.items()
            if any(all(u in c.departments for u in r.departments) for c in listed)
        }

    def _own_place_first(
        self, r: Route, clauses: Sequence[Clause]
    ) -> tuple[Sequence[Clause], tuple[str, ...]]:
        """A unit named without a place that the office's own documents name (县财政局 of 平江 and of 苍南): the
        office's own unit is meant; the other places whose documents name one are said beside the answer."""
        unit = r.department
        if unit is None or not self.home_places:
            return clauses, ()
        own = [c for c in clauses if self.doc_places.get(c.doc) in self.home_places]
        if not any(unit in c.departments for c in own):
            return clauses, ()
        others = {
            place
            for c in clauses
            if unit in c.departments and (place := self.doc_places.get(c.doc)) not in self.home_places
        }
        return own, tuple(sorted(p for p in others if p))

    def _of_kind_asked(
        self, question: str, r: Route, tokens: Sequence[str], scored: Scored, prior: dict[str, float]
    ) -> TargetMatch | None:
        """A part of the three best clauses stating the kind of number asked (补多少 → an amount in 元), sharing
        less of the question's words than a target found on words alone must (大学生 / 高校毕业生)."""
        kind = asked_kind(asking_part(question))
        if kind is None:
            return None
        top = [h.clause.id for h in scored.hits[:5]]
        variants = [(tokens, r.topic)]
        if r.focus:
            variants.append((self.topic_tokens(question, replace(r, topic=r.focus)), r.focus))
        found = [
            self.targets.best_in(
                top, words, topic, self.token_weight, prior, lambda p: states(kind, p.text), self.everyday
            )
            for words, topic in variants
        ]
        scored_variants = [(m, v) for m, v in zip(found, variants, strict=True) if m is not None]
        if not scored_variants:
            return None
        best, (words, _) = max(scored_variants, key=lambda mv: mv[0].share)
        if best.share < self.thresholds.target_of_kind:
            return None
        # a word of the question the best clauses lack while other clauses in scope hold it points to another
        # item (卓越级智能工厂 when the best clauses speak of other 智能工厂); one the documents in scope never use
        # is the asker's own wording (大学生 for 高校毕业生). The words asking for the kind (面积, 比例) are not topic.
        asking = "".join(m.group(0) for m in kind.asked.finditer(question)).lower()
        best_text = "".join(clause_words(h.clause) for h in scored.hits[:3]).lower()
        docs = self.docs_of(r.places)
        for word in words:
            if word.lower() in asking or self.everyday.found(word.lower(), best_text):
                continue
            if self.targets.used_in(word, docs, self.everyday):
                return None
        return best

    def _targets_elsewhere(
        self,
        question: str,
        r: Route,
        tokens: Sequence[str],
        prior: dict[str, float],
        unit: str | None,
        match: TargetMatch | None,
        searches: dict[tuple[tuple[str, ...], str], TargetSearch],
    ) -> list[TargetMatch]:
        """For a question naming no place that a target answers: the targets other places' documents set for it
        about as well (OPC企业开办 办结时限 in 南充 and in 四川), one per place; `searches` are the question's
        searches over the whole index (Engine._target), asked again of each place's documents."""
        if match is None or match.share < self.thresholds.target:
            return []
        found: list[TargetMatch] = []
        asked_where = bool(WHICH_PLACES.search(question))
        seen = {self.doc_places.get(match.part.clause.doc) or f"doc:{match.part.clause.doc}"}
        # asked which places (哪些地方…按投入的30%给补助), every place setting a target for it is listed; else
        # only those setting one about as well as the best does
        floor = self.thresholds.target
        if not asked_where:
            floor = max(floor, self.thresholds.other_place * match.share)
        # only places with a clause holding the floor's share of the words can set such a target (a part's share
        # counts only words its clause holds), found from the question's heaviest words: a province's other
        # places are not searched one by one, nor listed through a word every document uses
        focus = self.topic_tokens(question, replace(r, topic=r.focus)) if r.focus else []  # _target tries it too
        holding = self._docs_reaching(tokens, focus, floor)
        by_place: dict[str, set[str]] = {}
        for doc, place in self.doc_places.items():
            # a document whose place is not known is a place of its own: it may set the target too
            by_place.setdefault(place or f"doc:{doc}", set()).add(doc)
        for place, place_docs in by_place.items():
            if place in seen or not place_docs & holding:
                continue
            docs = frozenset(place_docs)
            other, _ = self._target(question, r, tokens, docs, prior, unit, searches)
            if other is not None and other.share >= floor:
                found.append(other)
                seen.add(place)
        return found

    def _docs_reaching(self, tokens: Sequence[str], focus: Sequence[str], floor: float) -> set[str]:
        """The documents where a target for the topic (or for its focus, which _target tries too) may reach
        `floor`: those with a clause holding that share of either's words."""
        docs: set[str] = set()
        for words in (tokens, focus) if focus else (tokens,):
            reaching = self.targets.docs_reaching(words, self.token_weight, floor, self.everyday)
            docs |= self.targets.docs_holding(words, self.everyday) if reaching is None else reaching
        return docs

    def _groups_for(self, question: str, r: Route, groups: Sequence[WorkingGroup]) -> list[WorkingGroup]:
        """The working groups best fitting the question first: those holding the field asked for, those whose
        name or clause shares most of the question's words, those of the home place (the registry's)."""
        tokens = self.topic_tokens(question, r)

        def key(group: WorkingGroup) -> tuple[bool, bool, bool, float]:
            clause = self.by_id.get(group.clause_id or "")
            words = (group.name + (clause.text if clause else "")).lower()
            field = r.org_field or "name"
            holds = field in ("other", "role", "membership", "members", "name") or bool(
                getattr(group, field, None)
            )
            overlap = self.topic_coverage(tokens, [clause]) if clause and tokens else 0.0
            overlap += 0.5 * sum(1 for t in tokens if t in words) / max(len(tokens), 1)
            doc = (group.clause_id or "").split(":")[0]
            # the kind of body the question names (专班, 领导小组, 协调小组) before shared words: the words of a
            # 组织领导 clause (领导) say nothing of which group is meant; then the office's own place
            kinds = re.findall(r"工作专班|领导小组|专项工作组|工作组|协调小组|专班|指挥部|联席会议", question)
            names_kind = any(group.name.endswith(k) for k in kinds)  # 专班 names a 工作专班 too
            return (holds, names_kind, self.doc_places.get(doc) in self.home_places, overlap)

        return sorted(groups, key=key, reverse=True)

    def _target(
        self,
        question: str,
        r: Route,
        tokens: Sequence[str],
        docs: Collection[str] | None,
        prior: dict[str, float],
        unit: str | None,
        searches: dict[tuple[tuple[str, ...], str], TargetSearch] | None = None,
    ) -> tuple[TargetMatch | None, Route]:
        """The target part a question asks for in `docs` (all when None), a long question's asking part tried
        alone too, with the route it was found for; None when the part found does not name what was asked.
        `searches` keeps the question's searches for the next call with other `docs` (one per place): the
        candidates and their ranks are found once."""
        asking = asking_part(question)
        number = bool(_ASKS_NUMBER.search(asking)) and unit != "年"
        kind = agreement(asking)
        kept = {} if searches is None else searches

        def search(words: Sequence[str], topic: str) -> TargetSearch:
            key = (tuple(words), topic)  # the rest (prior, unit, kind) is the question's own
            if key not in kept:
                kept[key] = self.targets.search(
                    words, topic, self.token_weight, prior, unit, number, self.everyday, kind
                )
            return kept[key]

        match = search(tokens, r.topic).best(docs)
        if r.focus:
            focused = replace(r, topic=r.focus)
            alone = search(self.topic_tokens(question, focused), r.focus).best(docs)
            if alone and (match is None or alone.share > match.share):
                match, r = alone, focused
        if (
            match
            and match.part.indicator
            and r.language == "zh"
            and (match.share < FULL_MATCH or len(tokens) < 2)
            and not self._names_target(question, match)
        ):
            match = None
        return match, r

    def _with_places(
        self, ambiguous: Sequence[tuple[str, tuple[str, ...]]]
    ) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
        """Each ambiguous mention with its candidates and the places whose documents name each."""
        places_of = self.resolver.places if self.resolver else {}
        return [
            (written, [(c, tuple(sorted(places_of.get(c, ())))) for c in cands])
            for written, cands in ambiguous
        ]

    def _per_place(self, question: str, r: Route, scored: Scored) -> list[Hit] | None:
        """For a question that names no place, where documents of several places answer it about as well (OPC
        社区建设 in 宁波 and in 泰安): the best clause of each such document; None when one place answers."""
        if r.places or len({p for p in self.doc_places.values() if p}) < 2:
            return None
        tokens = self.topic_tokens(question, r)
        candidates = [h for h in scored.hits if h.clause.departments]
        home_docs = frozenset(d for d, p in self.doc_places.items() if p in self.home_places)
        if home_docs and not any(h.clause.doc in home_docs for h in candidates):
            # the office's own documents searched apart: among many places' clauses, theirs may rank below ten
            own = self.search_routed(question, r, k=5, docs=home_docs)
            candidates += [h for h in own.hits if h.clause.departments]
        if not candidates or not tokens:
            return None
        coverage = {h.clause.id: self.topic_coverage(tokens, [h.clause]) for h in candidates}
        best = max(coverage.values())
        if best < self.thresholds.coverage:
            return None
        chosen: dict[str, Hit] = {}
        floor = max(self.thresholds.coverage, self.thresholds.other_place * best)
        home = [
            h
            for h in candidates
            if self.doc_places.get(h.clause.doc) in self.home_places and coverage[h.clause.id] >= floor
        ]
        if home:  # the office's own document answers as well as the others: it comes first
            chosen[home[0].clause.doc] = home[0]
        for hit in candidates:
            if hit.clause.doc not in chosen and coverage[hit.clause.id] >= self.thresholds.other_place * best:
                chosen[hit.clause.doc] = hit
        places = {self.doc_places.get(d) for d in chosen} - {None}
        if len(places) < 2:
            return None
        # the office's own place first, then as ranked
        return sorted(
            chosen.values(), key=lambda h: self.doc_places.get(h.clause.doc) not in self.home_places
        )

    def search_routed(
        self,
        question: str,
        r: Route,
        mode: Mode = "hybrid",
        k: int = 5,
        doc: str | None = None,
        department: str | None = None,
        docs: frozenset[str] | None = None,
    ) -> Scored:
        """Retrieval for an understood question, the one path `ask`, `kb eval` and the llama-index retriever
        share: an English question is searched with its Chinese glossary terms added; a clause the question
        names goes first; a heading with no text of its own is replaced by its items."""
        if r.language == "en":
            terms = self.english_terms(question) + _CJK_RUN.findall(question)
            lexical = " ".join(terms) or r.topic
            dense = f"{question} {' '.join(terms)}".strip()
            found = self.retriever.search(
                dense, lexical, k=k, mode=mode, doc=doc, department=department, docs=docs
            )
        else:
            translated = " ".join(  # English words in Chinese
                [
                    *self.glossary.translated(question, self.latin_words),
                    *(g[0] for g in self._latin_translation(question).groups),
                ]
            )
            lexical = f"{r.topic} {translated}".strip()
            found = self.retriever.search(
                question, lexical, k=k, mode=mode, doc=doc, department=department, docs=docs
            )
        tokens = self.topic_tokens(question, r)
        found = self._by_coverage(tokens, self._without_bare_headings(found, tokens))
        if r.language == "zh":
            found = self._titles_first(question, found, self.retriever.allowed(doc, department, docs))
        return found

    def _by_coverage(self, tokens: Sequence[str], scored: Scored) -> Scored:
        """The retrieved clauses reordered by how much of the topic each holds (rarity-weighted, its title's
        words counted again), the fused rank deciding between equals: near clauses of one document (人才评价 /
        人才安居保障) are told apart by the words the question names, which a fused rank of two retrievers that
        each half-agree does not do."""
        if not tokens or len(scored.hits) < 2:
            return scored

        def key(indexed: tuple[int, Hit]) -> tuple[float, int]:
            position, hit = indexed
            own = self.topic_coverage(tokens, [hit.clause])
            title = self.title_coverage(tokens, hit.clause)
            return (round(own + 0.5 * title + RANK_WEIGHT / (position + 1), 6), -position)

        ordered = sorted(enumerate(scored.hits), key=key, reverse=True)
        return Scored(tuple(h for _, h in ordered), scored.dense_top)

    def title_coverage(self, tokens: Sequence[str], clause: Clause) -> float:
        """Share of the topic's words (rarity-weighted) in the clause's title alone."""
        total = sum(self.token_weight(t) for t in tokens)
        title = clause.title.lower()
        return sum(self.token_weight(t) for t in tokens if self.everyday.found(t, title)) / total if total else 0.0

    def _without_bare_headings(self, scored: Scored, tokens: Sequence[str] = ()) -> Scored:
        """A heading with no text of its own (`（二）重点任务`) is no evidence: its items stand in its place — those
        holding a word of the topic; the others after every clause retrieved for itself (a heading ranked first
        would otherwise push the clauses that hold the words asked below its four items)."""
        hits: list[Hit] = []
        later: list[Hit] = []
        for hit in scored.hits:
            if hit.clause.text:
                hits.append(hit)
                continue
            for child in self.children.get(hit.clause.id, []):
                item = Hit(child, hit.score, hit.ranks)
                holds = not tokens or any(self.everyday.found(t, clause_words(child).lower()) for t in tokens)
                (hits if holds else later).append(item)
        kept: list[Hit] = []
        seen: set[str] = set()
        for h in [*hits, *later]:
            if h.clause.text and h.clause.id not in seen:
                seen.add(h.clause.id)
                kept.append(h)
        return Scored(tuple(kept), scored.dense_top)

    def _titles_first(self, question: str, scored: Scored, allowed: set[str] | None = None) -> Scored:
        """A clause the question names exactly goes first, whatever the ranks: by a phrase it quotes
        (“千名农村实用人才培优工程”), or by the clause's title (`对接高能级创新体系的总体思路`); of the clauses
        the filters and the places named allow (`allowed`; None: every clause)."""
        # a phrase the title of a document in scope quotes (“无废城市”, “未来星”) names that document, which
        # every clause of it is about: it picks no clause
        titles = (
            self.titles_of(None)
            if allowed is None
            else {self.by_id[cid].doc_title for cid in allowed if cid in self.by_id}
        )
        quoted = [
            q for q in _QUOTED.findall(question) if len(q) >= 2 and not any(q in title for title in titles)
        ]
        if quoted:
            holders = [
                c
                for c in self.clauses
                if (allowed is None or c.id in allowed) and all(q in c.title + c.text for q in quoted)
            ]
            if holders:
                known = {h.clause.id: h for h in scored.hits}
                position = {h.clause.id: n for n, h in enumerate(scored.hits)}
                holders.sort(key=lambda c: position.get(c.id, len(position)))  # as retrieved, then as written
                first = [known.get(c.id) or Hit(c, 1.0) for c in holders]
                rest = [h for h in scored.hits if h.clause.id not in {c.id for c in holders}]
                return Scored((*first, *rest)[: max(len(scored.hits), len(first))], scored.dense_top)
        named = [h for h in scored.hits if len(h.clause.title) >= 4 and h.clause.title in question]
        if not named:
            return scored
        named.sort(key=lambda h: len(h.clause.title), reverse=True)
        rest = [h for h in scored.hits if h not in named]
        return Scored((*named, *rest), scored.dense_top)

    def search(self, question: str, mode: Mode = "hybrid", k: int = 10) -> Scored:
        """Retrieval alone, on the same path as `ask` (for evaluation of the retrieval modes, and llama-index)."""
        question = self.normalize(question)
        r = self.understand(question)
        return self.search_routed(question, r, mode=mode, k=k, docs=self.docs_of(r.places))
