"""Several places: which places' documents hold a topic (all of them, each with its clause), and the answer for
each place apart — who leads, what a unit of that name does, how much — so that one place's answer is never
presented as the answer for all.

A question naming no place over an index of many places is answered per place when documents of several places
answer it about as well; a unit's name that several places' documents use (市财政局) is several bodies, listed
apart; a question asking which places (哪些地方…, 各地) lists each place holding the topic — with the documents
writing a phrase it quotes or stating a value it states, each quoted by its sentence — and one asking which places
gave a kind of unit a task (哪些地方把…交给商务局牵头) only those whose clause names any place's unit of that kind.
At 10,000 documents a question naming no place may match ~145 places: every list shows at most SHOWN places and
counts the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

import jieba

from kb.qa.compose import yesno
from kb.qa.compose.amount import as_written, through_counted
from kb.qa.compose.common import EnglishName, cite, gloss
from kb.qa.compose.duties import answer_department_tasks
from kb.qa.compose.lead import responsibility_answer, responsibility_line
from kb.qa.compose.respectively import aligned_value
from kb.qa.corpus import Corpus
from kb.qa.decide.evidence import Evidence, Thresholds
from kb.qa.decide.target import TargetAsk
from kb.qa.indexes import clause_words
from kb.qa.retrieve.hybrid import Scored
from kb.qa.retrieve.targets import TargetMatch, TargetQuery, longest_common
from kb.qa.understand.places import level_of
from kb.qa.understand.question import Question
from kb.qa.understand.subject import sentences
from kb.qa.understand.topic import TopicWords
from kb.types import Answer, Clause, Hit, WorkingGroup
from kb.unit import NO_PLACE

# a question asking which places: each place whose best clause holds this share of what the best clause of all
# holds of the topic is listed
SAME_COVERAGE = 0.95
_LEVEL_PREFIX = 4  # characters of a level written before a body's name in a sentence (县委, 区政府, 旗政府)
WIDE = 30  # clauses searched for a question asking which places (10 held few of 55 documents on one topic)
SHOWN = 30  # places shown in any per-place list; the rest are counted (另有 N 地)

Search = Callable[[Question, int], Scored]
# a phrase a question quotes as the documents' words (“沙盒监管”, '10分钟办公生活圈'); 《》 name titles, not words
QUOTED = re.compile(r"[“‘\"'「『]([^“”‘’\"'「」『』]{2,30})[”’\"'」』]")
_NUMBER = re.compile(r"\d{2,}(?:\.\d+)?")  # a value's digits, looked up in the pair index (one digit is too common)
QUOTED_SHORTEST = 3  # two characters quoted are a word many clauses write
SHARED_SHORTEST = 5  # a phrase shared unquoted: four characters (建设社区) are words many clauses write
_CJK = re.compile(r"[\u4e00-\u9fff]{2}")
# a run of words inside a shared phrase is a term of the documents when at most this share of the clauses write it
# (创业保险: 2 of 1,417; 社区建设: 20) and it has at least RUN_SHORTEST characters
RARE_SHARE = 0.01
RUN_SHORTEST = 4


# the task a question giving a unit names (哪些地方的政府工作报告分工把一般公共预算收入目标交给财政部门负责): the object
# of 把 / 将 before the verb handing it over, or what the unit is set to do (安排教育部门牵头学校建设的任务)
_GIVEN_TASK = re.compile(
    r"(?:把|将)(?P<task>[^，,。？?]{2,40}?)(?:交给|交由|分给|安排给|分配给|派给)"
    r"|(?:安排|让)[^，,。？?]{1,12}?(?:牵头|负责|承担)(?P<after>[^，,。？?]{2,40})"
)
# a Chinese term an English question writes in brackets (a joint conference (联席会议) mechanism): the documents' word
GLOSSED = re.compile(r"[（(]([\u4e00-\u9fff]{2,12})[)）]")
# what joins two quoted phrases given as alternatives (以“工位号”登记或“工位注册”): a document writing either holds it
_EITHER = re.compile(r"(?:或者?|或是|还是|/|\bor\b)")
# the most characters between two quoted phrases for them to be one choice (“A”登记或“B”: 登记 is A's noun)
_BETWEEN_CHOICES = 6


def quoted_alternatives(text: str) -> list[list[str]]:
    """The phrases a question quotes (at least QUOTED_SHORTEST characters each), those joined by 或 (or 或者, 还是,
    or) with at most a few characters between them grouped as alternatives: a clause must write one phrase of
    every group. Phrases quoted side by side or joined by 和 are each a group of their own (all of them asked)."""
    groups: list[list[str]] = []
    end = -1
    for match in QUOTED.finditer(text):
        phrase = match.group(1)
        if len(phrase) < QUOTED_SHORTEST:
            continue
        between = text[end : match.start()] if end >= 0 else ""
        if groups and len(between) <= _BETWEEN_CHOICES and _EITHER.search(between):
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        end = match.end()
    return groups


# two phrases asked as alternatives, unquoted: the Chinese runs either side of 或 (或者)
_OR = re.compile(r"([\u4e00-\u9fff]{2,})(?:或者|或)([\u4e00-\u9fff]{2,})")
_SHARED_HEAD = 2  # the fewest characters two alternatives open with alike (居民消费价格涨幅或居民消费价格指数)


def alternatives(text: str) -> list[tuple[str, str]]:
    """Parallel phrases a question joins by 或, unquoted (居民消费价格涨幅或居民消费价格指数): the phrase after 或
    opens as one ending the run before it does, and runs as long; a document naming either holds what is asked.
    Phrases opening alike by fewer than `_SHARED_HEAD` characters are not read as such a pair."""
    pairs = []
    for match in _OR.finditer(text):
        before, after = match.groups()
        best = (0, 0)  # (characters shared, where the first phrase starts)
        for start in range(len(before) - _SHARED_HEAD + 1):
            shared = len(longest_prefix(before[start:], after))
            if shared > best[0] and shared < len(before) - start:
                best = (shared, start)
        if best[0] >= _SHARED_HEAD:
            first = before[best[1] :]
            pairs.append((first, after[: len(first)]))
    return pairs


def longest_prefix(a: str, b: str) -> str:
    """The characters `a` and `b` open with alike."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _conditions(q: Question) -> str:
    """Where a question states the values it asks about: all of it when it asks which places (哪些城市按…30%给补助？
    最高补多少？ — the 30% before the asking part is the condition the places must meet), else its asking part."""
    return q.text if q.asks_which_places else q.asking


def stated_values(q: Question) -> list[tuple[float, str]]:
    """The values a question states as conditions (yesno.values_in of `_conditions`); a year (2022年) is none: it
    scopes the target asked (a part's own year), it is not a value the places must state."""
    return [v for v in yesno.values_in(_conditions(q)) if not _A_YEAR(v)]


def _A_YEAR(value: tuple[float, str]) -> bool:
    number, unit = value
    return unit == "年" and 1900 <= number < 2100 and number == int(number)


def place_label(doc_places: Mapping[str, str | None], clause: Clause) -> str:
    """The place a per-place line names; a document whose place is unknown is named by its short title (an
    empty 【】 told the reader nothing)."""
    place = doc_places.get(clause.doc)
    if place:
        return place
    title = re.sub(r"^.*?关于印发|的通知$|[《》]", "", clause.doc_title) or clause.doc_title
    return title if len(title) <= 16 else f"{title[:15]}…"


_Found = TypeVar("_Found")


def of_levels_asked(
    q: Question,
    items: Sequence[_Found],
    doc_places: Mapping[str, str | None],
    clause_of: Callable[[_Found], Clause],
) -> list[_Found]:
    """Of the places found for a question asking places of some level (哪几个省, 哪些区县, which counties): those of
    that level, then those whose level cannot be read from their name (kept, last: what cannot be read is not
    dropped); all of them when none is of that level."""
    if not q.levels or not q.which_places:
        return list(items)
    fitting, unread = [], []
    for item in items:
        level = level_of(doc_places.get(clause_of(item).doc) or "")
        if level & q.levels:
            fitting.append(item)
        elif not level:
            unread.append(item)
    return fitting + unread if fitting else list(items)


def shown(items: Sequence[object], language: str) -> tuple[int, str | None]:
    """How many of a per-place list to show, and the line counting the rest (None when all are shown)."""
    rest = len(items) - SHOWN
    if rest <= 0:
        return len(items), None
    return SHOWN, (f"…and {rest} more places." if language == "en" else f"另有 {rest} 地（在问题中写明地名可查看）。")


class Places:
    """Which places hold a topic, over one corpus."""

    def __init__(self, corpus: Corpus, topic: TopicWords, thresholds: Thresholds, search: Search) -> None:
        self.corpus, self.topic, self.thresholds, self.search = corpus, topic, thresholds, search
        self._by_place: dict[str, frozenset[str]] | None = None

    # --- which places hold the topic ---

    def holding(self, q: Question, evidence: Evidence) -> tuple[Hit, ...]:
        """For a question asking which places (哪些地方…): the best clause of each place holding the topic,
        looked for among the WIDE best clauses; the answer's confidence stays that of the usual search."""
        if not evidence.confident or not q.which_places:
            return ()
        placed = self.one_per_place(q, self.search(q, WIDE).hits)
        if not placed:
            return ()
        placed += self.quoting(q, {h.clause.doc for h in placed})
        placed += self.sharing(q, placed)
        return placed + self.stating(q, placed)

    def sharing(self, q: Question, placed: Sequence[Hit]) -> tuple[Hit, ...]:
        """The documents besides those `placed` writing the longest phrase the question shares with the best
        clause (部门联席会议, 人员规模一般不超过10人: the documents' own term for what is asked, as a phrase quoted
        is), in a sentence stating a value the question states when it states one (创业担保贷款 … 50万元): a
        document writing 设立…部门联席会议制度 holds the thing asked however little else of the question its clause
        holds. A phrase of a title or shorter than SHARED_SHORTEST is no term."""
        if q.language != "zh" or not placed:
            return ()
        best = placed[0].clause
        phrase = longest_common(q.asking.lower(), clause_words(best).lower())
        if len(phrase) < SHARED_SHORTEST or phrase in best.doc_title.lower() or not _CJK.search(phrase):
            return ()
        asked = set(stated_values(q))
        tokens = self.topic(q)
        listed = {h.clause.doc for h in placed}
        found: dict[str, Hit] = {}
        for term in [phrase, *self.rare_runs(phrase, best.doc_title.lower())]:
            for clause in self.corpus.clauses_holding(term):
                if clause.doc in listed or clause.doc in found or (q.docs is not None and clause.doc not in q.docs):
                    continue
                if asked:  # the value asked stated in the sentence writing the phrase
                    held = [s for _, s in sentences(clause.text) if term in s.lower()]
                    if not any(asked & set(yesno.values_in(s)) for s in held):
                        continue
                elif self.corpus.topic_coverage(tokens, [clause]) < self.thresholds.coverage:
                    continue
                found[clause.doc] = Hit(clause, 0.0)
        return tuple(found.values())

    def rare_runs(self, phrase: str, title: str) -> list[str]:
        """The runs of two words or more inside a shared phrase (投保创业保险 → 创业保险) that few clauses write
        (at most RARE_SHARE of them): a document writes the term without the best clause's verb around it
        (购买…创业保险产品). Longest first; runs of a title, or shorter than four characters, are none."""
        bounds = sorted({0, len(phrase), *(end for _, _, end in jieba.tokenize(phrase))})
        most = max(2, int(RARE_SHARE * len(self.corpus.clauses)))
        runs = {
            phrase[i:j]
            for a, i in enumerate(bounds)
            for j in bounds[a + 2 :]  # two words at least
            if j - i >= RUN_SHORTEST and (i, j) != (0, len(phrase)) and phrase[i:j] not in title
        }
        return [r for r in sorted(runs, key=len, reverse=True) if len(self.corpus.clauses_holding(r)) <= most]

    def stating(self, q: Question, placed: Sequence[Hit]) -> tuple[Hit, ...]:
        """The documents besides those `placed` with a sentence stating a value the question states (哪些地方…可申请
        最高400万元创业担保贷款) and holding the share of the topic a target's sentence must hold (Thresholds.target):
        the value is what is asked about, so the clause need not hold the question's other words about as well as
        the best clause does; a sentence stating the value about something else (运营机构最高400万元支持) does not."""
        asked = set(yesno.values_in(q.asking))
        numbers = {m.group(0) for m in _NUMBER.finditer(q.asking)}
        if not asked or not numbers:
            return ()
        tokens = self.topic(q)
        listed = {h.clause.doc for h in placed}
        found: dict[str, Hit] = {}
        for number in sorted(numbers, key=len, reverse=True):
            for clause in self.corpus.clauses_holding(number):
                if clause.doc in listed or clause.doc in found:
                    continue
                for _, sentence in sentences(clause.text):
                    if not asked & set(yesno.values_in(sentence)):
                        continue
                    own = replace(clause, text=sentence)  # its heading stays: the sentence is under it
                    if self.corpus.topic_coverage(tokens, [own]) >= self.thresholds.target:
                        found[clause.doc] = Hit(clause, 0.0)
                        break
        return tuple(found.values())

    def quoting(self, q: Question, listed: Collection[str]) -> tuple[Hit, ...]:
        """The documents besides those `listed` writing a phrase the question quotes as the documents' own words
        (哪些地方提出打造“10分钟办公生活圈”; in an English question, a Chinese term in brackets: joint conference
        (联席会议)): each writes it, however little else of the question its clause holds; the first clause of each
        writing a phrase of every group (`quoted_alternatives`)."""
        groups = quoted_alternatives(q.text)
        if q.language == "en":  # a Chinese term glossed in an English question is the documents' own word
            groups += [[term] for term in GLOSSED.findall(q.text) if [term] not in groups]
        if not groups:
            return ()
        found: dict[str, Hit] = {}
        # each group's clauses: those writing its first phrase, then those writing another one only
        writing = [list({c.id: c for p in group for c in self.corpus.clauses_holding(p)}.values()) for group in groups]
        ids = set.intersection(*({c.id for c in clauses} for clauses in writing))
        for clause in writing[0]:
            if clause.id in ids and clause.doc not in listed and clause.doc not in found:
                found[clause.doc] = Hit(clause, 0.0)
        return tuple(found.values())

    def listed(self, q: Question, hits: Sequence[Hit]) -> Answer:
        """The answer to a question asking which places: each place by name with the sentence of its clause that
        holds most of what is asked (the value or the phrase asked about is in it)."""
        tokens = self.topic(q)
        said: dict[str, str] = {}
        for hit in hits:
            clause = hit.clause
            parts = [s.strip() for _, s in sentences(clause.text) if s.strip()]
            if parts:  # the first of the best, as max keeps it
                covered = [self.corpus.topic_coverage(tokens, [replace(clause, title="", path=(), text=p)]) for p in parts]
                said[clause.id] = parts[covered.index(max(covered))]
        return answer_places(q, hits, self.corpus.doc_places, self.corpus.children, said)

    def in_charge_in_text(self, q: Question, names: Sequence[str]) -> Answer | None:
        """For a question asking which places put a body named by its form in charge (哪些县区…明确由督查室或督查办负责
        督查督办): each document with a sentence that this body, of whatever level (县委督查办, 区政府督查办, 旗政府督查室),
        opens as the one who acts (要, 负责, 牵头…), that sentence quoted; None when no document has one."""
        found: dict[str, Hit] = {}
        said: dict[str, str] = {}
        for name in names:
            opening = re.compile(rf"^[\u4e00-\u9fff]{{0,{_LEVEL_PREFIX}}}{re.escape(name)}(?:要|应|将|须|必须|负责|牵头|会同|统筹)")
            for clause in self.corpus.clauses_holding(name):
                if clause.doc in found or (q.docs is not None and clause.doc not in q.docs):
                    continue
                sentence = next((t.strip() for _, t in sentences(clause.text) if opening.match(t.strip())), None)
                if sentence is not None:
                    found[clause.doc], said[clause.id] = Hit(clause, 0.0), sentence
        if not found:
            return None
        return answer_places(q, list(found.values()), self.corpus.doc_places, self.corpus.children, said)

    def giving(self, q: Question, units: Collection[str], lead: bool) -> tuple[Hit, ...]:
        """For a question asking which places gave a kind of unit a task (哪些地方把社零增长交给商务局牵头): the best
        clause of each document, among the WIDE best, whose note names one of `units` (every place's unit of that
        kind) — as a lead when `lead` — and holds about as much of the topic as the best such clause. A place whose
        clause names another unit is not listed: the unit is the question's condition."""
        hits = self.search(q, WIDE).hits
        named = [h for h in hits if set(h.clause.leads if lead else h.clause.departments) & set(units)]
        # the clauses are compared on the task handed over: the kind of document the places' are (政府工作报告分工)
        # and the unit (财政部门, checked on the note) are no topic a clause holds more or less of
        tokens = self.topic(q)
        given = _GIVEN_TASK.search(q.text)
        task = given and (given["task"] or given["after"])
        return self.one_per_place(q, named, [t for t in tokens if t in task] or tokens if task else tokens)

    def one_per_place(self, q: Question, hits: Sequence[Hit], tokens: Sequence[str] | None = None) -> tuple[Hit, ...]:
        """The best clause of each document that holds about as much of the topic (`tokens`, the question's
        whole topic by default) as the best clause does (哪些地方的政策提到了“算力贷”), in retrieval order."""
        tokens = self.topic(q) if tokens is None else tokens
        covered = [(h, self.corpus.topic_coverage(tokens, [h.clause])) for h in hits[:WIDE]]
        best = max((c for _, c in covered), default=0.0)
        if best < self.thresholds.coverage:
            return ()
        placed: dict[str, Hit] = {}
        for hit, coverage in covered:
            if coverage >= best * SAME_COVERAGE and hit.clause.doc not in placed:
                placed[hit.clause.doc] = hit
        return tuple(placed.values())

    def answering_each(self, q: Question, scored: Scored) -> list[Hit] | None:
        """For a question that names no place, where documents of several places answer it about as well (OPC
        社区建设 in 宁波 and in 泰安): the best clause of each such document; None when one place answers."""
        corpus, thresholds = self.corpus, self.thresholds
        if q.places or len({p for p in corpus.doc_places.values() if p}) < 2:
            return None
        tokens = self.topic(q)
        candidates = [h for h in scored.hits if h.clause.departments]
        home_docs = corpus.home_docs()
        if home_docs and not any(h.clause.doc in home_docs for h in candidates):
            # the office's own documents searched apart: among many places' clauses, theirs may rank below ten
            own = self.search(replace(q, doc=None, unit_filter=None, mode="hybrid", docs=home_docs), 5)
            candidates += [h for h in own.hits if h.clause.departments]
        if not candidates or not tokens:
            return None
        coverage = {h.clause.id: corpus.topic_coverage(tokens, [h.clause]) for h in candidates}
        best = max(coverage.values())
        if best < thresholds.coverage:
            return None
        chosen: dict[str, Hit] = {}
        floor = max(thresholds.coverage, thresholds.other_place * best)
        home = [h for h in candidates if h.clause.doc in home_docs and coverage[h.clause.id] >= floor]
        if home:  # the office's own document answers as well as the others: it comes first
            chosen[home[0].clause.doc] = home[0]
        for hit in candidates:
            if hit.clause.doc not in chosen and coverage[hit.clause.id] >= thresholds.other_place * best:
                chosen[hit.clause.doc] = hit
        places = {corpus.doc_places.get(d) for d in chosen} - {None}
        if len(places) < 2:
            return None
        # the office's own place first, then as ranked
        return sorted(chosen.values(), key=lambda h: h.clause.doc not in home_docs)

    def targets_elsewhere(self, ask: TargetAsk, q: Question, match: TargetMatch | None) -> list[TargetMatch]:
        """For a question naming no place that a target answers: the targets other places' documents set for it
        about as well (OPC企业开办 办结时限 in 南充 and in 四川), one per place; `ask` is the question's target
        search over the whole index, asked again of each place's documents, `q` the question as it was found for."""
        if match is None or match.share < self.thresholds.target:
            return []
        doc_places = self.corpus.doc_places
        found: list[TargetMatch] = []
        seen = {doc_places.get(match.part.clause.doc) or f"doc:{match.part.clause.doc}"}
        # asked which places (哪些地方…按投入的30%给补助), every place setting a target for it is listed; else
        # only those setting one about as well as the best does
        floor = self.thresholds.target
        if not q.asks_which_places:
            floor = max(floor, self.thresholds.other_place * match.share)
        # only places with a clause holding the floor's share of the words can set such a target (a part's share
        # counts only words its clause holds), found from the question's heaviest words: a province's other
        # places are not searched one by one, nor listed through a word every document uses
        # Another place is listed for what the question is about, never for its asking words alone: a long
        # question's focus (最高补助多少) finds the best place's part, but every place writes 最高补助
        holding = self.docs_reaching(ask.tokens, floor)
        # every place's documents searched in one pass over the search's candidates (TargetAsk.find_each)
        asked = {
            place: place_docs
            for place, place_docs in self.docs_by_place().items()
            if place not in seen and not place_docs.isdisjoint(holding)
        }
        for place, (other, _) in ask.find_each(asked, replace(q, focus=""), floor).items():
            if other is not None and other.share >= floor:
                found.append(other)
                seen.add(place)
        if q.asks_which_places:
            # 居民消费价格涨幅或居民消费价格指数: a place setting a target for either alternative is one of them, its
            # share counted without the words only the other one names
            for one, besides in ((a, b) for pair in alternatives(q.text) for a, b in (pair, pair[::-1])):
                only_other = [t for t in ask.tokens if t in besides and t not in one]
                either = ask.without(only_other) if only_other else None
                if either is None or not either.tokens:
                    continue
                reaching = self.docs_reaching(either.tokens, floor)
                left = {
                    place: place_docs
                    for place, place_docs in self.docs_by_place().items()
                    if place not in seen and not place_docs.isdisjoint(reaching)
                }
                for place, (other_match, _) in either.find_each(left, replace(q, focus=""), floor).items():
                    if other_match is not None and other_match.share >= floor:
                        found.append(other_match)
                        seen.add(place)
        if q.asks_which_places:  # 哪些地方给博士发15万元…: a place stating the value asked is one of them
            values = set(yesno.values_in(q.asking))
            states = lambda part: bool(values & set(yesno.values_in(part.text)))  # noqa: E731
            stated = {self._place_of(m) for m in [match, *found] if states(m.part)}
            placed = [Hit(m.part.clause, m.share) for m in [match, *found] if states(m.part)]
            for hit in self.stating(q, placed):
                place = doc_places.get(hit.clause.doc) or f"doc:{hit.clause.doc}"
                if place in stated:
                    continue
                # the part of that clause stating the value, however it ranks among the place's other parts (its
                # best part may state another value: 每月1200元 beside 每人15万元)
                query = TargetQuery(ask.tokens, q.topic, ask.prior)
                other = self.corpus.targets.best_in([hit.clause.id], query, ask.targets.weighing, states)
                if other is not None:
                    found = [m for m in found if self._place_of(m) != place] + [other]
                    stated.add(place)
            # a place whose clause writes a phrase the question quotes (各地“沙盒监管”的观察期): that clause's part
            # stating a number, its words being the documents' own though few of the question's
            seen |= {self._place_of(m) for m in found}
            query = TargetQuery(ask.tokens, q.topic, ask.prior)
            numbered = lambda part: bool(re.search(r"\d", part.text))  # noqa: E731
            for hit in self.quoting(q, {m.part.clause.doc for m in [match, *found]}):
                place = doc_places.get(hit.clause.doc) or f"doc:{hit.clause.doc}"
                other = self.corpus.targets.best_in([hit.clause.id], query, ask.targets.weighing, numbered)
                if place not in seen and other is not None and other.share >= self.thresholds.coverage:
                    found.append(other)
                    seen.add(place)
        return found

    def _place_of(self, match: TargetMatch) -> str:
        doc = match.part.clause.doc
        return self.corpus.doc_places.get(doc) or f"doc:{doc}"

    def docs_by_place(self) -> dict[str, frozenset[str]]:
        """Each place's documents, in the order of the documents' places; a document whose place is not known is
        a place of its own (`doc:` and its name): it may set a target too. Made once per corpus."""
        if self._by_place is None:
            by_place: dict[str, set[str]] = {}
            for doc, place in self.corpus.doc_places.items():
                by_place.setdefault(place or f"doc:{doc}", set()).add(doc)
            self._by_place = {place: frozenset(docs) for place, docs in by_place.items()}
        return self._by_place

    def docs_reaching(self, tokens: Sequence[str], floor: float) -> set[str]:
        """The documents where a target for the topic may reach `floor`: those with a clause holding that share of
        its words."""
        targets, everyday = self.corpus.targets, self.corpus.everyday
        reaching = targets.docs_reaching(tokens, self.corpus.token_weight, floor, everyday)
        return set(targets.docs_holding(tokens, everyday) if reaching is None else reaching)

    # --- a unit's name that several places' documents use ---

    def unit_by_place(self, q: Question, clauses: Sequence[Clause]) -> dict[str | None, list[Clause]]:
        """For a question about a unit (or units named together): the clauses of each place whose documents
        name a unit of that name (南充's 市财政局 and 泰安's are two bodies), places in order of first appearance."""
        if q.department is None:
            return {}
        grouped: dict[str | None, list[Clause]] = {}
        for clause in clauses:
            grouped.setdefault(self.corpus.doc_places.get(clause.doc), []).append(clause)
        return {
            p: listed
            for p, listed in grouped.items()
            if any(all(u in c.departments for u in q.departments) for c in listed)
        }

    def own_place_first(self, q: Question, clauses: Sequence[Clause]) -> tuple[Sequence[Clause], tuple[str, ...]]:
        """A unit named without a place that the office's own documents name (县财政局 of 平江 and of 苍南): the
        office's own unit is meant; the other places whose documents name one are said beside the answer."""
        unit, corpus = q.department, self.corpus
        if unit is None or not corpus.home_places:
            return clauses, ()
        own = [c for c in clauses if corpus.doc_places.get(c.doc) in corpus.home_places]
        if not any(unit in c.departments for c in own):
            return clauses, ()
        others = {
            place
            for c in clauses
            if unit in c.departments and (place := corpus.doc_places.get(c.doc)) not in corpus.home_places
        }
        return own, tuple(sorted(p for p in others if p))


# --- the answers, one place apart from another ---


def answer_responsibility_by_place(
    q: Question, hits: Sequence[Hit], english: EnglishName, doc_places: Mapping[str, str | None]
) -> Answer:
    """Documents of several places answer the question and it names none: one answer per document."""
    hits = of_levels_asked(q, hits, doc_places, lambda hit: hit.clause)
    en = q.language == "en"
    head = (
        f"Documents of {len(hits)} places answer this; name a place for one of them:"
        if en
        else f"{len(hits)} 个地方的文件都有这项内容（可在问题中写明地名）："
    )
    lines = [head]
    count, rest = shown(hits, q.language)
    for hit in hits[:count]:
        place = place_label(doc_places, hit.clause)
        where = f"[{place}] " if en else f"【{place}】"
        lines.append(f"- {where}{responsibility_line(hit.clause, english, q.language)}")
    lines += [rest] if rest else []
    return responsibility_answer(q, q.text, lines, hits[:count], hits[0].clause)


def answer_places(
    q: Question,
    hits: Sequence[Hit],
    doc_places: Mapping[str, str | None],
    children: Mapping[str, Sequence[Clause]],
    said: Mapping[str, str] | None = None,
) -> Answer:
    """Asked which places hold something: each place by name with its clause (a heading with no text of its own
    stands for its items) and, from `said` (clause id → sentence), the sentence saying it; at most SHOWN places,
    the rest counted."""
    hits = of_levels_asked(q, hits, doc_places, lambda hit: hit.clause)
    said = said or {}
    en = q.language == "en"
    count, rest = shown(hits, q.language)
    lines = [
        f"Documents of {len(hits)} place(s) hold this:" if en else f"{len(hits)} 个地方的文件有这项内容："
    ]
    cited: list[Hit] = []
    for hit in hits[:count]:
        place = place_label(doc_places, hit.clause)
        items = children.get(hit.clause.id, []) if not hit.clause.text else []
        for clause in items or [hit.clause]:
            owners = ""
            if clause.leads:
                owners = f" (lead: {clause.leads_label(', ')})" if en else f"（牵头：{clause.leads_label()}）"
            where = f"[{place}] " if en else f"【{place}】"
            sentence = said.get(clause.id)
            if sentence:
                quoted = sentence.rstrip("。；;")
                lines.append(
                    f"- {where}“{quoted}”{owners} — {cite(clause, 'en')}"
                    if en
                    else f"- {where}“{quoted}”{owners}。依据：{cite(clause)}"
                )
            else:
                lines.append(f"- {where}{clause.title}{owners}{': ' if en else '：'}{cite(clause, q.language)}")
            cited.append(hit if clause is hit.clause else Hit(clause, hit.score, hit.ranks))
    lines += [rest] if rest else []
    return Answer(q.text, "general", "\n".join(lines), False, tuple(cited), language=q.language)


def answer_indicator_by_place(
    q: Question, matches: Sequence[TargetMatch], doc_places: Mapping[str, str | None]
) -> Answer:
    """Documents of several places set a target for what is asked and the question names no place: each one."""
    matches = of_levels_asked(q, matches, doc_places, lambda match: match.part.clause)
    en = q.language == "en"
    lines = [
        f"Documents of {len(matches)} places set this; name a place for one of them:"
        if en
        else f"{len(matches)} 个地方的文件都有规定（可在问题中写明地名）："
    ]
    count, rest = shown(matches, q.language)
    for match in matches[:count]:
        part, clause = match.part, match.part.clause
        place = place_label(doc_places, clause)
        each = aligned_value(q.text, part.sentence or part.text)
        if each is not None:  # 依次给予…: the value set for the condition the question names
            said = f"{each.condition}：{each.value}（“{(part.sentence or part.text).strip().rstrip('。；;')}”）"
        elif part.indicator:  # as one place's answer is written (kb.qa.compose.amount)
            written, value = as_written(part.indicator, part.text)
            said = f"{through_counted(written, part.text)}（{value}）"
        else:
            said = f"“{part.text}”"
        lines.append(
            f"- [{place}] {said} — {cite(clause, 'en')}" if en else f"- 【{place}】{said}。依据：{cite(clause)}"
        )
    lines += [rest] if rest else []
    hits = tuple(Hit(m.part.clause, m.share) for m in matches[:count])
    return Answer(q.text, "indicator", "\n".join(lines), False, hits, language=q.language)


def stating_the_value(q: Question, matches: Sequence[TargetMatch]) -> list[TargetMatch]:
    """Asked which places state a value (最高50万元的有哪些地方): the places stating it, not every value; asked of a
    year (哪些地方给出了2022年…目标), the places whose target is for it — its part under that year, or its document
    that year's (《…2022年区政府工作报告目标任务》) — when any is."""
    if q.which_places and q.year:
        year = q.year
        of_year = [m for m in matches if m.part.year == year or year in m.part.clause.doc_title]
        matches = of_year or matches
    asked = stated_values(q) if q.which_places else []
    if not asked:
        return list(matches)
    return [m for m in matches if set(asked) & set(yesno.values_in(m.part.text))] or list(matches)


def answer_department_tasks_by_place(
    q: Question,
    per_place: Mapping[str | None, Sequence[Clause]],
    groups: Sequence[WorkingGroup],
    english: EnglishName,
    in_text: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> Answer:
    """A unit named without a place that documents of several places name (市财政局 of 南充 and of 泰安): two
    bodies, so one section per place with that place's unit's own clauses and counts, never one sum."""
    department = q.department or ""
    en = q.language == "en"
    name = ("、" if not en else ", ").join(gloss(u, english, q.language) for u in q.departments)
    head = (
        f"Documents of {len(per_place)} places each name their own {name}; each is listed apart "
        "(name a place to see one):"
        if en
        else f"{len(per_place)} 个地方的文件都写到“{name}”，各是当地的单位，分地方列出（在问题中写明地名可只看一处）："
    )
    lines = [head]
    hits: list[Hit] = []
    places = list(per_place.items())
    count, rest = shown(places, q.language)
    for place, clauses in places[:count]:
        where = place or NO_PLACE
        docs = {c.doc for c in clauses}
        own_groups = [g for g in groups if (g.clause_id or "").split(":")[0] in docs]
        found = answer_department_tasks(q, clauses, own_groups, english, in_text)
        lines.append(f"[{where}] {found.answer}" if en else f"【{where}】{found.answer}")
        hits += found.citations
    lines += [rest] if rest else []
    return Answer(
        q.text, "department_tasks", "\n".join(lines), False, tuple(hits), language=q.language, department=department
    )


def with_elsewhere(answer: Answer, q: Question, places: Sequence[str]) -> Answer:
    """The answer with a line saying which other places' documents name a unit of that name too."""
    unit = q.department or ""
    count, rest = shown(places, q.language)
    listed = list(places[:count])
    if q.language == "en":
        more = f" and {len(places) - count} more" if rest else ""
        note = f"(Documents of {', '.join(listed)}{more} name a {unit} too; name the place to see theirs.)"
    else:
        more = f"等 {len(places)} 地" if rest else ""
        note = f"（{'、'.join(listed)}{more}的文件中也有“{unit}”，在问题中写明地名即可查看。）"
    return replace(answer, answer=f"{answer.answer}\n{note}")


def issuer_asked(q: Question, hits: Sequence[Hit]) -> bool:
    """Whether the unit a which-places question opens with is the issuer of the document found, the doer of the
    act asked (农业部2010年开展秋粮生产督导，派工作组去了哪些省区 of 《农业部办公厅关于开展…督导的通知》): the title of
    one of the best clauses' documents opens with the unit as the question writes it. Its act's places are asked;
    the unit is no condition on them, as it is where places gave a unit a task (哪些地方把…交给商务局牵头)."""
    text = "".join(q.text.split())
    for place in q.places:  # 湖南省财政厅…: the place before the unit is the unit's own
        text = text.removeprefix(place)
    opening = [w for w in q.written if text.startswith(w)]
    return any(h.clause.doc_title.startswith(w) for w in opening for h in hits[:3])
