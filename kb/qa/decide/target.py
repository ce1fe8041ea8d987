"""Stage 4, decide: the sentence part that holds the number (or date) a question asks for, or none — a part must
name what was asked and state a value of the kind and unit asked; below the calibrated share of the topic's
words, a part of the best clauses stating the kind of number asked may still answer (two kinds of evidence)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from copy import copy
from dataclasses import replace
from typing import TypeVar

from kb.qa.corpus import Corpus, clause_words
from kb.qa.decide.evidence import Confidence, Thresholds, beyond_doc_title
from kb.qa.decide.quantity import (
    KINDS,
    QuantityKind,
    Unstated,
    agreement,
    asked_kind,
    asked_per,
    change_for_share,
    kind_unstated,
    kinds_asked,
    numbers_in,
    size_unstated,
    states,
    states_other_kind,
    states_per,
)
from kb.qa.retrieve.hybrid import Scored
from kb.qa.retrieve.targets import (
    TargetMatch,
    TargetPart,
    TargetQuery,
    TargetSearch,
    Weighing,
    best_target,
    is_year,
    states_in_unit,
    states_quantity,
)
from kb.qa.understand.intent import actual_is_a_term_of
from kb.qa.understand.question import ASKS_NUMBER, Question
from kb.qa.understand.topic import TopicWords, is_compound
from kb.types import Clause, Hit

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
K = TypeVar("K")  # what names a group of documents (a place)

# measure words that name the kind of thing counted (rooms, buildings, sets, machines, vehicles, sites)
NAMING_MEASURES = frozenset("间栋幢套台辆艘架处")

FULL_MATCH = 0.85  # a part holding this much of a topic of several words is what was asked, however named


class TargetAsk:
    """One question's target search over the index: its topic words (less those naming a document by its
    title), the retrieved clauses as a prior, and its searches kept, so that asking it again of each place's
    documents finds the candidates and their ranks once."""

    def __init__(self, targets: Targets, q: Question, scored: Scored) -> None:
        self.targets, self.q = targets, q
        self.prior = {h.clause.id: 1 / rank for rank, h in enumerate(scored.hits[:5], start=1)}
        # the words naming the document by its title are not the target's: every part of it "holds" them
        self.tokens = targets.confidence.beyond_title(q, targets.topic(q))
        self.searches: dict[tuple[tuple[str, ...], str], TargetSearch] = {}
        asking = q.asking
        self.number = bool(ASKS_NUMBER.search(asking)) and q.unit != "年"
        self.kind = agreement(asking)

    def without(self, words: Collection[str]) -> TargetAsk:
        """The same search less some of its topic words (those of an alternative another place's target does not
        name: 居民消费价格指数 beside 居民消费价格涨幅)."""
        other = copy(self)
        other.tokens = [t for t in self.tokens if t not in words]
        other.searches = {}
        return other

    def _search(self, words: Sequence[str], topic: str) -> TargetSearch:
        key = (tuple(words), topic)  # the rest (prior, unit, kind) is the question's own
        if key not in self.searches:
            query = TargetQuery(words, topic, self.prior, self.q.unit, self.number, self.kind)
            self.searches[key] = self.targets.corpus.targets.search(query, self.targets.weighing)
        return self.searches[key]

    def find(self, docs: Collection[str] | None, q: Question | None = None) -> tuple[TargetMatch | None, Question]:
        """The target part asked for in `docs` (all when None), a long question's asking part tried alone too,
        with the question as it was found for (its focus as topic); None when the part found does not name
        what was asked."""
        q = q or self.q
        match = self._search(self.tokens, q.topic).best(docs)
        words = self.focus_words(q)
        alone = self._search(words, q.focus).best(docs) if words else None
        return self._named(match, alone, q)

    def focus_words(self, q: Question) -> list[str]:
        """The topic words of a long question's asking part, to search it alone; none when it has no focus or
        names nothing but a year (…对就业率提出了目标，请问到2025年要达到多少: the story names the item, the asking
        part only the year; alone it finds any sentence of that year)."""
        if not q.focus:
            return []
        # the words naming a document by its title are set aside here too, as they are from the whole topic's
        focused = q.focused()
        words = self.targets.confidence.beyond_title(focused, self.targets.topic(focused))
        return [] if all(is_year(t) for t in words) else words

    def find_each(
        self, groups: Mapping[K, Collection[str]], q: Question | None = None, floor: float = 0.0
    ) -> dict[K, tuple[TargetMatch | None, Question]]:
        """`find(docs, q)` of each group of documents (one per place), None where its share is below `floor`;
        each search's candidates read once for all the groups (TargetSearch.best_each). Of the topic's match
        and the asking part's, the one with the larger share is taken, so leaving out those below `floor`
        before choosing chooses the same one when it reaches it."""
        q = q or self.q
        matches = self._search(self.tokens, q.topic).best_each(groups, floor)
        words = self.focus_words(q)
        alone = self._search(words, q.focus).best_each(groups, floor) if words else {}
        return {key: self._named(matches[key], alone.get(key), q) for key in groups}

    def _named(
        self, match: TargetMatch | None, alone: TargetMatch | None, q: Question
    ) -> tuple[TargetMatch | None, Question]:
        """The better of the topic's match and the asking part's alone (`alone`); None when the part found does
        not name what was asked."""
        if alone and (match is None or alone.share > match.share):
            match, q = alone, q.focused()
        if (
            match
            and match.part.indicator
            and q.language == "zh"
            and (match.share < FULL_MATCH or len(self.tokens) < 2)
            and not self.targets.names_target(q.text, match)
        ):
            match = None
        return match, q


class Targets:
    """Deciding the target a question asks for, over one corpus."""

    def __init__(self, corpus: Corpus, topic: TopicWords, confidence: Confidence, thresholds: Thresholds) -> None:
        self.corpus, self.topic, self.confidence, self.thresholds = corpus, topic, confidence, thresholds
        self.weighing = Weighing(corpus.token_weight, corpus.everyday)

    def decide(
        self, q: Question, scored: Scored, confident: bool
    ) -> tuple[TargetMatch | None, float, Question, TargetAsk]:
        """The target part, the share it must reach to answer, the question as it was found for, and the search
        (to ask of other places): the office's own documents first when the question names no place, then every
        document; a part of the kind asked among the best clauses when no target reaches the share."""
        ask = TargetAsk(self, q, scored)
        match: TargetMatch | None = None
        home = frozenset(d for d in self.corpus.home_docs() if q.docs is None or d in q.docs)
        doc_places = self.corpus.doc_places
        pools = [home, None] if q.docs is None and home and len(home) < len(doc_places) else [q.docs]
        for pool in pools:
            match, found_for = ask.find(pool, q)
            if match is not None and q.language == "zh":
                match = self.beyond_its_title(ask, found_for, match)
            if match is not None and match.share >= self.thresholds.target:
                q = found_for
                break
        if match is not None and q.asks_actual and actual_is_a_term_of(q.text, match.part.clause.text):
            q = replace(q, asks_actual=False)  # 实际投资额 is a term of the clause, not a result asked
        threshold = self.thresholds.target
        if (match is None or match.share < threshold) and confident:
            kinded = self.of_kind_asked(q, self.beyond_english_title(q, ask.tokens), scored, ask.prior)
            if kinded is not None:
                match, threshold = kinded, kinded.share
        kinds = kinds_asked(q.asking)
        if match is not None and len(kinds) == 1:  # a part is moved to only for a kind asked alone
            match = with_kind_beside(match, kinds[0], self.corpus.targets.parts_of(match.part.clause.id))
        return match, threshold, q, ask

    def beyond_its_title(self, ask: TargetAsk, q: Question, match: TargetMatch) -> TargetMatch:
        """The match with its share over the topic words its document's title does not write, when the question
        names that document by its title (金东区2024年…村卫生室 of 《2024年金东区政府民生实事项目》: the place and
        year chose the document, its clauses do not repeat them), that share is larger and the part states a
        quantity; with no share at all
        when the part holds none of those words (the preamble's line repeating the title, where 殡葬改革 is
        asked): it is about the document, not the thing asked. Unchanged otherwise."""
        # the words it was found for: a long question's asking part alone (its focus), else the whole topic's
        tokens = ask.focus_words(q) if q.focus and q.topic == q.focus else ask.tokens
        rest = beyond_doc_title(q.text, tokens, match.part.clause.doc_title)
        if len(rest) == len(tokens):
            return match
        query = TargetQuery(rest, q.topic, ask.prior, q.unit, ask.number, ask.kind)
        rescored = best_target(query, [match.part], self.weighing)
        if rescored is None or rescored.share == 0:
            return replace(match, share=0.0)
        # raised only for a part stating a value: a sentence of the preamble (制定本建设指引) states none asked
        raised = rescored.share > match.share and states_quantity(match.part.text)
        return replace(match, share=rescored.share) if raised else match

    def beyond_english_title(self, q: Question, tokens: Sequence[str]) -> list[str]:
        """An English question's topic words less the dictionary's readings of its words that the title of the one
        document its places leave writes (Heilongjiang's … Government Work Report: 报告 of 《政府工作报告》): the
        place and the title's words named the document, as a Chinese question repeating its title does
        (`beyond_its_title`), and its parts need not repeat them. Unchanged for a Chinese question, for several
        documents, or when the title writes every word."""
        if q.language != "en" or not q.places or q.docs is None or len(q.docs) != 1:
            return list(tokens)
        title = self.corpus.doc_title(next(iter(q.docs))).lower()
        # only the dictionary's guesses at the asker's words (Report: 申报|报告|报道): a term the asker's words
        # name as such (创业 of startup) may be what tells the item asked from its neighbours (个人创业者 / 企业法人)
        guessed = self.topic.dictionary_readings(q)
        rest = [
            t for t in tokens if t not in guessed or not any(len(f) >= 2 and f in title for f in t.lower().split("|"))
        ]
        return rest or list(tokens)

    def names_target(self, question: str, match: TargetMatch) -> bool:
        """Whether the question names the target it matched: some of the target's own words must be in it, as
        written or as a word of their family (corpus/everyday_words.yaml) (平江县的人口 shares only 人口 with 每万人口高价值发明专利拥有量: that is not what was asked)."""
        assert match.part.indicator is not None
        # the target's words: its name and the rest of its own piece — what it counts is often written after the
        # number (为符合条件的OPC人才提供最高50万元创业担保贷款: the name read before the number is 为…提供)
        named = f"{match.part.indicator.name}{match.part.own or match.part.text}"
        # the value and its unit (1370, 万人次) are what a question asking the number does not write
        unit = set(self.corpus.tokenize(match.part.indicator.unit)) if match.part.indicator.unit else set()
        words = [
            t
            for t in dict.fromkeys(self.corpus.tokenize(named))
            if len(t) > 1 and not any(c.isdigit() for c in t) and t not in unit
        ]
        words = [t for t in words if not is_compound(t, words)]
        asked = question.lower()
        # a word the question writes in another of the documents' interchangeable words (房租补贴 / 租金补贴) names it
        found = self.corpus.everyday.found
        return not words or sum(1 for t in words if found(t, asked)) / len(words) >= 0.3

    def of_kind_asked(
        self, q: Question, tokens: Sequence[str], scored: Scored, prior: dict[str, float]
    ) -> TargetMatch | None:
        """A part of the three best clauses stating the kind of number asked (补多少 → an amount in 元), sharing
        less of the question's words than a target found on words alone must (大学生 / 高校毕业生)."""
        kind = asked_kind(q.asking)
        if kind is None:
            return None
        corpus = self.corpus
        top = [h.clause.id for h in scored.hits[:5]]
        # a count asked in a measure word naming what is counted (多少间, 几套) is a number of that measure, not any
        # count (一批, 100万元); the general ones (几个, 多少人) do not bind the document's own (3名以上)
        unit = q.unit if q.unit in NAMING_MEASURES else None

        def of_kind(part: TargetPart) -> bool:
            return states(kind, part.text) and states_in_unit(unit, part.text)

        variants = [(tokens, q.topic)]
        if q.focus:
            variants.append((self.topic(q.focused()), q.focus))
        found = [
            corpus.targets.best_in(top, TargetQuery(words, topic, prior), self.weighing, of_kind)
            for words, topic in variants
        ]
        scored_variants = [(m, v) for m, v in zip(found, variants, strict=True) if m is not None]
        if not scored_variants:
            return None
        best, (words, _) = max(scored_variants, key=lambda mv: mv[0].share)
        if best.share < self.thresholds.target_of_kind and not (
            q.language == "en"
            and best.share >= self.thresholds.target_of_kind_agreed
            and any(h.clause.id == best.part.clause.id and agreed(h) for h in scored.hits[:3])
        ):
            return None
        # a word of the question the best clauses lack while other clauses in scope hold it points to another
        # item (卓越级智能工厂 when the best clauses speak of other 智能工厂); one the documents in scope never use
        # is the asker's own wording (大学生 for 高校毕业生). The words asking for the kind (面积, 比例) are not topic.
        asking = "".join(m.group(0) for m in kind.asked.finditer(q.text)).lower()
        best_text = "".join(clause_words(h.clause) for h in scored.hits[:3]).lower()
        docs = corpus.docs_of(q.places)
        # a dictionary's reading of an English word (初创 for startup) is a guess at the documents' word, not
        # one the asker wrote: the best clauses writing another (创业) does not point to another item
        guessed = self.topic.dictionary_readings(q)
        for word in words:
            if word.lower() in asking or word in guessed or corpus.everyday.found(word.lower(), best_text):
                continue
            # a year is no item: a row of a year's targets need not repeat it (`unstated` checks the year asked)
            if is_year(word):
                continue
            if corpus.targets.used_in(word, docs, corpus.everyday):
                return None
        # a word of the question the best clause holds and the part's clause lacks, the best clause holding more
        # of the question: it is about what was asked (科技信贷), the part about another item (入户补贴)
        if self.another_item(q, words, best, scored, asking) is not None:
            return None
        return best

    def frequency_beside(self, ask: TargetAsk, scored: Scored, match: TargetMatch) -> TargetMatch | None:
        """A part of the best clauses of the match's document stating how often (原则上每半年召开一次), when a
        frequency is asked and the part found states none (the attachment's line naming the body): a frequency is
        written in a rule of its own, beside the clauses naming the body. None when none of them states one or
        shares enough of the question."""
        kind = asked_kind(ask.q.asking)
        if kind is None or kind.name != "frequency" or states(kind, match.part.text):
            return None
        doc = match.part.clause.doc
        top = [h.clause.id for h in scored.hits[:5] if h.clause.doc == doc]
        found = self.corpus.targets.best_in(
            top, TargetQuery(ask.tokens, ask.q.topic, ask.prior), self.weighing, lambda p: states(kind, p.text)
        )
        return found if found is not None and found.share >= self.thresholds.target_of_kind else None

    def another_item(
        self, q: Question, words: Sequence[str], match: TargetMatch, scored: Scored, asking: str = ""
    ) -> Clause | None:
        """The best clause found, when it is about what was asked and the part's clause about another item: it
        holds more of the question's words (rarity-weighted) than the part's clause, and a word of the question
        that the part's clause (and its title) lacks (对租用算力…的，并给予镇级配套支持 asked 镇级配套补贴多少, where
        the part found is (五)'s 500万元镇级投资基金). The value bound to another item does not answer; None when
        the part's clause is the best one or holds as much of the question. `asking`: the words asking the kind
        (面积, 比例), which are no topic."""
        corpus = self.corpus
        first = scored.hits[0].clause if scored.hits else match.part.clause
        part_clause = match.part.clause
        if first.id == part_clause.id or corpus.topic_coverage(words, [first]) <= corpus.topic_coverage(
            words, [part_clause]
        ):
            return None
        own = (clause_words(part_clause) + part_clause.doc_title).lower()
        first_words = clause_words(first).lower()
        # a dictionary's reading of an English word is a guess at the documents' word, not one the asker wrote
        guessed = self.topic.dictionary_readings(q)
        for word in words:
            # a year is no item here either: the preamble writing the year its document is for (2013年…) does
            # not make it about another item than the part's clause
            if word.lower() in asking or word in guessed or is_year(word):
                continue
            if corpus.everyday.found(word.lower(), first_words) and not corpus.everyday.found(word.lower(), own):
                return first
        return None


def agreed(hit: Hit, depth: int = 2) -> bool:
    """Whether both retrievers put the clause among their `depth` best: the words (BM25) and the meaning
    (dense) agreeing on it, evidence an English question's guessed Chinese words cannot give alone."""
    return len(hit.ranks) >= 2 and all(rank <= depth for rank in hit.ranks.values())


# a part opening a case of its own (对…的, 按…): what it grants is that case's, not the part's before it
_NEW_CASE = re.compile(r"^(?:对于|对|针对|凡|按照|按)")


def with_kind_beside(match: TargetMatch, kind: QuantityKind, parts: Sequence[TargetPart]) -> TargetMatch:
    """The part of the matched part's sentence stating the kind of number asked, when the matched one states
    none: the condition and what is granted for it are parts of one sentence (对符合条件…的博士、硕士, | 分档给予最高
    3万元的入户补贴; 提供…免费算力, | 给予最长2个月免费使用期限). The nearest part after it, unless a part opening a
    case of its own comes first; else the nearest before it that the matched part goes on from. The match
    unchanged when it states the kind or no part beside it does."""
    part = match.part
    if part.indicator is not None and not states(kind, part.indicator.text):
        # of the targets one part holds (每家贷款10万元以内…贷款利率不高于4%), the one of the kind asked
        held = next(
            (p for p in parts if p.text == part.text and p.indicator and states(kind, p.indicator.text)), None
        )
        if held is not None:
            return replace(match, part=held)
    if states(kind, part.text) or not part.sentence:
        return match
    same = [p for p in parts if p.sentence == part.sentence]
    at = next((i for i, p in enumerate(same) if p.text == part.text), None)
    if at is None:
        return match
    for after in same[at + 1 :]:
        if _NEW_CASE.match(after.text):
            break
        if states(kind, after.text):
            return replace(match, part=after)
    # a part stating no number is a target in words of its own (先进制造业占制造业比重稳步提升): not the part before's
    if not _NEW_CASE.match(part.text) and states_quantity(part.text):
        for before in reversed(same[:at]):
            if states(kind, before.text):
                return replace(match, part=before)
            if _NEW_CASE.match(before.text):
                break
    return match


# a quantity a question names by what it measures and its measure word (税收比重, 城镇化率, 研发投入占比): the compound
# names one quantity; a clause setting several shares writes each with its own words before the measure word
_NAMED_QUANTITY = re.compile(r"[\u4e00-\u9fff]{2}(?:比重|占比|比例|率)")
# a share named by what it measures and its base (税收占全县税收的比重, 研发投入占GDP比重): the measured thing's last
# two characters and the measure word name it
_SHARE_OF = re.compile(r"([\u4e00-\u9fff]{2})占[^，,。？?占]{1,12}?的?(比重|比例|份额)")
# a change stated in words (同步增长, 稳步提升, 逐步下降): the requirement of a quantity set without a number
_CHANGE_IN_WORDS = re.compile(r"(?:同步|稳步|逐步|不断|持续|明显|显著|大幅)(?:增长|增加|提高|提升|上升|下降|降低|减少)")


def naming_quantity(q: Question, match: TargetMatch, parts: Sequence[TargetPart]) -> TargetMatch | None:
    """Another part of the matched clause that writes the quantity the question names (税收比重) where the
    matched part does not — the clause's first percentage (增加值年均增长18%) is another quantity's value. None
    when the question names no such quantity, the matched part writes it, or no other part does."""
    asking = "".join(q.asking.split())
    named = [re.escape(m.group(0)) for m in _NAMED_QUANTITY.finditer(asking)]
    # 税收占全县税收的比重 names 税收比重 as 税收比重 does: what is measured is written before 占, and a part writes it
    # either way (税收比重同步增长, 增加值占地区生产总值的比重达50%)
    named += [rf"{m.group(1)}(?:占[^，,。；;占]{{1,12}}?的?)?{m.group(2)}" for m in _SHARE_OF.finditer(asking)]
    if not named or any(re.search(n, match.part.text) for n in named):
        return None
    writing = [p for p in parts if p is not match.part and any(re.search(n, p.text) for n in named)]
    return TargetMatch(writing[0], match.share) if writing else None


# a total asked (一共多少项, 总共几个, 合计多少, in total): the number written as the sum answers, not an item's
_ASKS_TOTAL = re.compile(r"一共|总共|共计|合计|总计|加起来|\bin total\b|\baltogether\b|\btotal (?:number|amount)\b", re.I)
# a number written as a total: a total word right before it (共计108项, 合计12个, 总计约30亿元, 共有9家, 共9个)
_WRITTEN_TOTAL = re.compile(r"(?:共计|合计|总计|总共|一共|共有|共)\s*(?:约|达到?|为)?\s*(?:\d|[一二三四五六七八九十两百千]+[个项家条件类所])")


def written_total(q: Question, match: TargetMatch, parts: Sequence[TargetPart]) -> TargetMatch | None:
    """The part of the matched clause writing its number as a total (…98项；…10项；共计108项), when the question
    asks a total and the matched part writes an item's number; the unit asked, if any, written with it. None when
    no total is asked, the matched part is the total, or no part of the clause writes one."""
    if not _ASKS_TOTAL.search(q.asking) or _WRITTEN_TOTAL.search(match.part.text):
        return None
    totals = [
        p
        for p in parts
        if p is not match.part and _WRITTEN_TOTAL.search(p.text) and (not q.unit or q.unit in p.text)
    ]
    return replace(match, part=totals[0]) if len(totals) == 1 else None


# a level asked (要达到什么水平, 提高到什么程度, 怎样的目标), not a number: a target set in words answers it (比重稳步
# 提升); 多少, 百分之几 ask a number, which such a target does not state
ASKS_LEVEL = re.compile(r"(?:什么|怎样的?|怎么样的?|何种)(?:水平|程度)|(?:怎样|什么样)的目标")


def changes_in_words(part: TargetPart) -> bool:
    """Whether a part sets its quantity's change in words, with no number (税收比重同步增长)."""
    return bool(_CHANGE_IN_WORDS.search(part.text)) and not states_quantity(part.text)


def unstated(q: Question, part: TargetPart) -> Unstated | None:
    """What the question asks that the part found does not state, by form: a rate per something the part does
    not state per (每平方米 / 每年最高200万元); a year the clause does not name where it names others (2017年 /
    2016年安排500亿元); only numbers the question itself wrote (1000亿元…里2017年安排多少); a number of
    another kind than asked (几折 / 100家). None when the part answers."""
    said = part.sentence or part.text
    asking = q.asking
    per = asked_per(asking)
    if per is not None and not states_per(per, said, asked_kind(asking)):
        return Unstated(f"按每{per}计算的标准", f"an amount per {per}")
    clause = part.clause
    if q.year is not None:
        named = clause_words(clause) + clause.doc_title
        years = set(_YEAR.findall(clause.text))
        if years and q.year not in named:
            return Unstated(f"{q.year}年的数值", f"the figure for {q.year}")
        # a clause setting targets for several years (到2022年…35%左右…到2025年…): the part's own year is the one
        # its figure is for, unless the year asked names the document (2024年政府工作报告)
        if part.year and part.year != q.year and q.year not in clause.doc_title:
            return Unstated(f"{q.year}年的数值", f"the figure for {q.year}")
    if q.unit == "年":  # a date asked: the numbers of the target it is asked for are the question's own
        return None
    if _ASKS_TARGET.search(asking) and in_progress_field(part):
        # 全年到位资金的目标 of 工作进展、取得成效：…到位省外资金705万元: a result so far, not the target set
        return Unstated("所问的目标值（文件写明的是工作进展）", "the target asked (the documents state progress made)")
    if ASKS_LEVEL.search(asking) and _CHANGE_IN_WORDS.search(said):  # 要达到什么水平 → 稳步提升
        return None
    stated = numbers_in(said)
    written = numbers_in("".join(q.text.split()))
    if stated and stated <= written:  # the sentence gives back only the question's own numbers
        kind = asked_kind(asking)
        return kind_unstated(kind) if kind is not None else Unstated("所问的数值", "the figure asked")
    kind = asked_kind(asking)
    if kind is not None and kind.name == "share" and change_for_share(asking, part.own or part.text):
        return Unstated("所问的比重（文件写明的是增长幅度）", "the share asked (the documents state a rate of growth)")
    if (kind is None or kind.name == "money") and one_tier_asked(q.text, said):
        return Unstated("所问档次的具体金额（只写明各档的最高额）", "the amount of the tier asked (only the cap over the tiers is stated)")
    if kind is not None and (states_other_kind(kind, said) or states_no_amount(kind, said)):
        return kind_unstated(kind)
    if kind is not None and kind.name == "money" and size_unstated(asking, part.own or part.text):
        return Unstated("资金规模", "the size of the fund")
    if kind is not None and not states_quantity(said) and not states_in_words(kind, said):
        return kind_unstated(kind)  # a target in words (与经济增长基本同步) is no number
    if kind is None and _MEASURED.search(asking) and not _A_NUMBER.search(part.text):
        # 降到多少微克/立方米 asks a number in a measure the part states none in (浓度持续改善): a target in
        # words answers a bare 多少 (增长多少 → 稳步提升), never a number in a measure named
        return Unstated("所问的数值", "the figure asked")
    return None


# an amount set by tiers with only their cap written (分档给予最高3万元, 分级给予不超过50万元): no tier's own amount
_TIERED_CAP = re.compile(r"(?:分档|分级|分等|分层|按档次?|按等级|按级别|梯度)[^，,。；;]{0,12}?(?:最高|最多|不超过|不高于|上限|封顶)")
# a question asking the cap itself (最高多少, 上限, at most): the cap answers it
_ASKS_CAP = re.compile(r"最高|最多|上限|封顶|顶格|不超过|不高于|\bat most\b|\bmaximum\b|\bup to\b|\bcap\b", re.I)
_ASKS_EXACT = re.compile(r"具体|确切|准确|到底|\bexact(?:ly)?\b|\bspecific\b", re.I)
# the tiers a sentence lists before the amount (博士、硕士、本科人才): a question naming some, not all, asks one tier's
_TIERS = re.compile(r"[\u4e00-\u9fff]{2,8}(?:、[\u4e00-\u9fff]{2,8})+")


def one_tier_asked(question: str, said: str) -> bool:
    """Whether the sentence sets an amount by tiers with only its cap (对…博士、硕士、本科人才，分档给予最高3万元)
    and the question asks one tier's amount — naming some of the tiers listed before it (硕士) or asking the exact
    amount (具体给多少) — not the cap (最高多少). The cap then does not answer it."""
    capped = _TIERED_CAP.search(said)
    if capped is None or _ASKS_CAP.search(question):
        return False
    if _ASKS_EXACT.search(question):
        return True
    asked = "".join(question.split())
    listed = list(_TIERS.finditer(said[: capped.start()]))
    if not listed:
        return False
    # the tiers are the list nearest the cap; its first item may hold the words before it (创业的博士), its last
    # the words after (本科人才且…)
    items = listed[-1].group(0).split("、")
    tiers = [items[0][-2:], *(t[:2] for t in items[1:])]
    named = [t for t in tiers if t in asked]
    return 0 < len(named) < len(tiers)


# a target asked (目标是多少, 计划…多少, 要达到多少), not a result so far
_ASKS_TARGET = re.compile(r"目标|计划|要求|要达到|力争|\b(?:target|goal|planned)\b", re.I)
# a field of a progress report, by its label (工作进展、取得成效：, 1-11月推进情况：, 完成情况：): what it states is a
# result so far; the label is a short phrase before a colon, as every field's
_FIELD_LABEL = re.compile(r"([\u4e00-\u9fff\d、\-—~～]{2,14})[：:]")
_PROGRESS = re.compile(r"进展|进度|成效|完成情况|推进情况|落实情况|实施情况")


def in_progress_field(part: TargetPart) -> bool:
    """Whether the part stands in a labelled field reporting progress (工作进展、取得成效：…到位省外资金705万元; 1-11月
    推进情况：…建成70个分类亭): the last field label written before it in its clause names progress."""
    text = part.clause.text
    at = text.find(part.text)
    if at < 0:
        return False
    labels = list(_FIELD_LABEL.finditer(text, 0, at))
    return bool(labels) and bool(_PROGRESS.search(labels[-1].group(1)))


# a number asked in a measure written after the question word (多少微克/立方米, 多少吨, 几公里), not a particle
_MEASURED = re.compile(r"(?:多少|几)(?![呢啊呀吗了？?，,。])[\u4e00-\u9fffA-Za-z%/]")
# a number a sentence states, not one inside a name (PM2.5, 5G): digits, or a numeral with its measure (翻一番)
_A_NUMBER = re.compile(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?|[一二三四五六七八九十两百千万]+(?:个|倍|成|番|项|家)")


def states_in_words(kind: QuantityKind, said: str) -> bool:
    """Whether the sentence states the kind asked in words: a frequency is written with no number as often as
    with one (月开展一次, 每季度召开)."""
    return kind.name == "frequency" and states(kind, said)


def states_no_amount(kind: QuantityKind, said: str) -> bool:
    """Whether money is asked (安排了多少资金) of a sentence stating no amount and no share of one (落实好…90条措施):
    what it counts is a task's items, not its funds."""
    return kind.name == "money" and not states(kind, said) and not any(
        states(other, said) for other in KINDS if other.name == "share"
    )
