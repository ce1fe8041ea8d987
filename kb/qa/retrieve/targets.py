"""Finding the target a question asks for, across every clause, at the level of a sentence part.

A target sits in a comma-separated part of a sentence (`力争全年规模工业增加值增长6%以上，先进制造业占制造业比重稳步
提升，…`): matching the question against whole clauses lets a long clause full of other words lose to a short one.
Each part is scored by how much of the question's topic it holds, rare words weighing most; parts holding an
extracted target (kb.parse.facts) are preferred on ties, and clauses the retriever ranked high get a small prior.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, overload

import numpy as np

from kb.parse.facts import find_indicators
from kb.types import Clause, Indicator

_PART_SPLIT = re.compile(r"(?<=[。；！？，,；])")
_SENTENCE_SPLIT = re.compile(r"(?<=[。；！？;\n])")
_HAS_NUMBER = re.compile(r"\d")
# a date is not a quantity: 到2028年年底 answers "by when", not "how many"
_TARGET_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_DATE = re.compile(r"(?:19|20)\d\d\s*年(?:年?底|末|初|前|内)?|\d{1,2}\s*月(?:底|末|份)?|\d{1,2}\s*日")


# a count written in characters (百个社区, 两万平方米, 三家): a numeral before a measure word or a unit
_NUMERALS = "[一二两三四五六七八九十百千万亿]"
_NUMERAL_COUNT = re.compile(_NUMERALS + r"+(?:余|多)?(?:个|家|户|名|项|座|所|条|件|万|亿|倍|成|平方米|亩|元)")


def states_quantity(text: str) -> bool:
    """Whether a part states a number that is not (only) a date, in digits or in characters (百个)."""
    undated = _DATE.sub("", text)
    return bool(_HAS_NUMBER.search(undated) or _NUMERAL_COUNT.search(undated))


K = TypeVar("K")  # what names a group of documents (a place)

Kind = Callable[[str], float]  # how far a part agrees with the kind of number asked (0–1: 元 for 补多少, 最高 for 最多)


@dataclass(frozen=True)
class TargetPart:
    """One comma-separated part of a clause sentence, with the extracted target it holds (if any)."""

    clause: Clause
    text: str
    indicator: Indicator | None
    own: str = ""  # the 、-separated piece that holds the indicator (its own words, without its neighbours')
    sentence: str = ""  # the whole sentence the part stands in: its subject is often before the first comma
    year: str = ""  # the year its clause set for it: the last one written before it or in it (到2028年，建成…)


def _squash(text: str) -> str:
    return "".join(text.split())


def target_parts(clauses: Sequence[Clause]) -> list[TargetPart]:
    """Every sentence part of every clause, each extracted target attached to the part that holds it."""
    parts: list[TargetPart] = []
    for clause in clauses:
        year = ""  # 2026年，先行培育10个…；到2028年，建成百个…: each year scopes the parts after it
        for sentence in _SENTENCE_SPLIT.split(clause.text):
            previous = ""
            # the sub-case a 其中 opens (…48小时内放行，其中，易腐货物和快件，实行6小时内放行): its subject is read
            # with the numbers after it, up to the sentence's end
            case, opened = "", False
            for raw in _PART_SPLIT.split(sentence):
                own_text = raw.strip().rstrip("，,。；;")
                if not own_text:
                    continue
                year = (_TARGET_YEAR.findall(own_text) or [year])[-1]
                if own_text.startswith("其中"):
                    own_text = own_text.removeprefix("其中").lstrip("，,：:")
                    case, opened = "", True
                    if not own_text:
                        continue
                if opened and not case and not _HAS_NUMBER.search(own_text):
                    case = own_text
                    previous = own_text
                    parts.append(TargetPart(clause, own_text, None, "", sentence, year))
                    continue
                held = [i for i in clause.indicators if _squash(i.text) in _squash(own_text)]
                # a bare number part (…给予奖补，最高3000万元) is read with the part it completes
                text = f"{previous}，{own_text}" if previous and _bare_number(own_text) else own_text
                if case and not text.startswith(case):
                    text = f"{case}，{text}"
                previous = own_text
                if held:
                    pieces = text.split("、")
                    # 最高30万元、最长3年的创业担保贷款: the noun after the last number is every piece's
                    shared = _SHARED_HEAD.search(pieces[-1]) if len(pieces) > 1 else None
                    for indicator in held:
                        own = next(
                            (p for p in pieces if _squash(indicator.text) in _squash(p)), indicator.text
                        )
                        if shared and own is not pieces[-1] and _squash(own).endswith(_squash(indicator.text)):
                            own += shared.group(1)
                        parts.append(TargetPart(clause, text, indicator, own, sentence, year))
                else:
                    parts.append(TargetPart(clause, text, None, "", sentence, year))
        parts.extend(_heading_part(clause))
    return parts


# a number with its measure or unit (2.5%, 80家, 3万人, 10个): a value, not a number inside a name (5G, 3D)
_MEASURED_VALUE = re.compile(
    r"(?<![A-Za-z\d.])\d+(?:\.\d+)?\s*(?:%|％|[万亿千百]?(?:元|个|家|项|名|人|户|座|所|条|件|公里|亩|吨|倍|次|平方米|千瓦)|[万亿])"
)


def _heading_part(clause: Clause) -> list[TargetPart]:
    """The item's own heading as a part of it, when the heading states the item's value and its text states none
    (`2. 一般公共预算收入增长2.5%` over `牵头单位:市财政局`: a task table's row, an item titled by its target):
    the value of the item is the one its heading writes."""
    title = clause.title.strip()
    if not _MEASURED_VALUE.search(_DATE.sub("", title)) or states_quantity(clause.text):
        return []  # a number inside a name (5G网络, 十四五) is no value
    year = (_TARGET_YEAR.findall(title) or [""])[-1]
    indicator = next(iter(find_indicators(title)), None)
    return [TargetPart(clause, title, indicator, indicator.text if indicator else "", title, year)]


_NUMBER_WORDS = re.compile(r"[\d.%％]+|最高|最多|最长|最低|不超过|不低于|不少于|以上|以下|以内|左右|约|达到?|超过?|[万亿千百元年月天日个家户名项次]")


# what follows the last number of a 、 list (最长3年的创业担保贷款 → 创业担保贷款): the head all its pieces modify
_SHARED_HEAD = re.compile(r"\d[\d.]*\s*[万亿千百]?[元年月天日个家户名项次%％]*的?([^\d，,。；;]{2,})$")
# the words of a grant (给予最高100万元奖励): a part holding only these and a number grants what the part before it
# sets the condition of (按照不超过场景建设实际投入的30%，给予最高100万元奖励)
_GRANT_WORDS = re.compile(r"给予|予以|一次性|奖励|奖补|补助|补贴|资助|资金支持|支持")


def _bare_number(text: str) -> bool:
    """A part that is a number and little else (最高3000万元, 最长3年, 给予最高100万元奖励): what it counts is in the
    part before."""
    return bool(_HAS_NUMBER.search(text)) and len(_NUMBER_WORDS.sub("", _GRANT_WORDS.sub("", text))) <= 2


def longest_common(a: str, b: str) -> str:
    """Longest common substring of a and b; of several as long, the one ending first in `a`. Grown one character
    at a time: a common run of n characters holds one of n - 1, so the first length with no run of it written in
    `b` ends the search (each test a substring search, not a character-by-character table)."""
    best_start, best_len = 0, 0
    while best_len < len(a):
        length = best_len + 1
        start = next((i for i in range(len(a) - length + 1) if a[i : i + length] in b), -1)
        if start < 0:
            break
        best_start, best_len = start, length
    return a[best_start : best_start + best_len]


def states_in_unit(unit: str | None, text: str) -> bool:
    """Whether the text states a number in the unit asked (100间 for 多少间, 200万元 for 多少钱); any text does when
    no unit is asked."""
    return unit is None or re.search(rf"(?:\d+(?:\.\d+)?|{_NUMERALS}+)\s*{_unit_pattern(unit)}", text) is not None


def _unit_pattern(unit: str) -> str:
    """A unit as numbers are written with it: money asked in 元 (多少钱) is written 200万元 or 1亿元 as well."""
    return "(?:万|亿)?元" if unit == "元" else re.escape(unit)


SENTENCE_WEIGHT = 0.8
CONTEXT_WEIGHT = 0.5


Found = Callable[[str, str], bool]  # whether a word (or one of its family: 补助 / 贴息) stands in a text


class Words(Protocol):
    """How topic words are found in a text: the word or one of its family (kb.qa.normalize.EverydayWords)."""

    def found(self, word: str, text: str) -> bool: ...

    def family(self, word: str) -> tuple[str, ...]: ...


class _PlainWords:
    def found(self, word: str, text: str) -> bool:
        return word in text

    def family(self, word: str) -> tuple[str, ...]:
        return (word,)


_PLAIN = _PlainWords()


_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")


def is_year(token: str) -> bool:
    return bool(_YEAR_TOKEN.fullmatch(token))


def _found(token: str, part: TargetPart, context: str, found: Found) -> float:
    """How fully a (lower-case) topic word is found for a part: in it, in its sentence, in its clause's context.
    A year scopes the parts after it (到2028年，……): a part under another year lacks it; a part under none has it
    when the clause writes it anywhere."""
    if is_year(token) and part.year:
        return 1.0 if token == part.year else 0.0
    if found(token, part.text.lower()) or (is_year(token) and token in part.clause.text):
        return 1.0
    if found(token, part.sentence.lower()):
        return SENTENCE_WEIGHT
    return CONTEXT_WEIGHT if found(token, context.lower()) else 0.0


@dataclass(frozen=True)
class TargetQuery:
    """What one target search asks: the topic's words and its text, the retrieved clauses' ranks as a prior, the
    unit of measure asked (None: any), whether a number is wanted (a date is none), the kind of number asked."""

    tokens: Sequence[str]
    topic: str
    prior: Mapping[str, float] = field(default_factory=dict)
    unit: str | None = None
    wants_number: bool = False
    kind: Kind | None = None


@dataclass(frozen=True)
class Weighing:
    """How the corpus weighs a topic word (its rarity) and finds it in a text (as written, or a word of its
    family: 补助 / 补贴)."""

    weight: Callable[[str], float]
    words: Words = field(default_factory=lambda: _PLAIN)


@dataclass(frozen=True)
class TargetMatch:
    part: TargetPart
    share: float  # weighted share of the topic's tokens found in the part (with its clause title as context)


# the measure words a count is asked in (多少家, 几个, 多少人)
COUNTERS = frozenset("家个项名人件座所户")
_CONDITION_VALUE = re.compile(r"\d\s*(?:%|％|[万亿]?元)")


def _counts_a_condition(target: str, unit: re.Pattern[str] | None) -> bool:
    """Whether a target holds no number in the measure word asked but one in money or a share: in a part stating
    a count, that is the condition of the things counted."""
    return unit is not None and not unit.search(target) and bool(_CONDITION_VALUE.search(target))


def best_target(query: TargetQuery, parts: Sequence[TargetPart], weighing: Weighing) -> TargetMatch | None:
    """The part that holds most of the topic, every part scored; None when no part has a number in the unit asked
    for. A question asking how much or how many (`wants_number`) is answered by a part with a quantity in it (a
    date is none); a part stating the kind of number asked (`kind`: 补多少 → an amount in 元) ranks higher."""
    ranked = _best_ranked(query, parts, weighing)
    return ranked[1] if ranked else None


def _best_ranked(
    query: TargetQuery, parts: Iterable[TargetPart], weighing: Weighing
) -> tuple[float, TargetMatch] | None:
    """The best part with its rank; of equal ranks, the first in the order given."""
    if not query.tokens:
        return None
    rank = _Ranker(query, weighing)
    best: tuple[float, TargetMatch] | None = None
    for part in parts:
        ranked = rank(part)
        if ranked is not None and (best is None or ranked[0] > best[0]):
            best = ranked
    return best


class _Ranker:
    """How well one part answers the topic: its rank and match, or None when it lacks the number asked for."""

    def __init__(self, query: TargetQuery, weighing: Weighing) -> None:
        self.tokens, self.topic, self.weight, self.prior = query.tokens, query.topic, weighing.weight, query.prior
        self.found, self.wants_number, self.kind = weighing.words.found, query.wants_number, query.kind
        self.total = sum(self.weight(t) for t in self.tokens)
        self.unit = (
            re.compile(rf"(?:\d+(?:\.\d+)?|{_NUMERALS}+)\s*{_unit_pattern(query.unit)}")
            if query.unit is not None
            else None
        )
        # a count asked (多少家): a target in money or a share in the same part is the condition of what is
        # counted (纳税过1亿元的企业达30家), not the count
        self.counted = query.unit in COUNTERS

    def admits(self, part: TargetPart) -> bool:
        """Whether the part states what is asked for: a number in the unit asked, a quantity when one is."""
        return self.states(part.text) and self.counts_right(part)

    def counts_right(self, part: TargetPart) -> bool:
        """What `admits` reads beyond the part's text: a count asked is not a count its indicator sets as a
        condition (`_counts_a_condition`)."""
        return not (self.counted and part.indicator is not None and _counts_a_condition(part.indicator.text, self.unit))

    def states(self, text: str) -> bool:
        """What `admits` reads of a part's text alone (a number in the unit asked, a quantity when one is): a
        part whose text fails it is not made an object to be refused."""
        if self.unit is not None and not self.unit.search(text):
            return False
        return not (self.wants_number and not states_quantity(text))

    def __call__(self, part: TargetPart) -> tuple[float, TargetMatch] | None:
        if not self.admits(part):
            return None
        tokens, weight, total, topic = self.tokens, self.weight, self.total, self.topic
        # words in the part count fully; words of its sentence (the subject before the first comma: 对认定的市级
        # OPC社区，每年给予最高200万元) nearly so; words only in its clause's title or deadline (到2027年) half
        context = part.clause.title + "".join(d.text for d in part.clause.deadlines)
        share = sum(weight(t) * _found(t, part, context, self.found) for t in tokens) / total
        words = (part.own or part.text).lower()  # a part without a target is its own words
        own = sum(weight(t) for t in tokens if t in words) / total
        # the longest run of the topic written out in the part's own words: its subject
        own += len(longest_common(topic.lower(), words)) / max(len(topic), 1)
        # of several targets in one part, the one whose own words match wins (创新型中小企业 20 家 vs 规上工业企业)
        rank = (
            share + 0.5 * own + 0.15 * self.prior.get(part.clause.id, 0.0) + (0.05 if part.indicator else 0.0)
        )
        rank += 0.02 if _HAS_NUMBER.search(part.text) else 0.0
        # the kind of number asked agreeing is evidence beside the words (最高奖补多少 → 100万元, not 3家)
        rank += KIND_BONUS * self.kind(part.text) if self.kind is not None else 0.0
        return rank, TargetMatch(part, share)


KIND_BONUS = 0.5
# Most a part can rank beyond its topic words and the topic's run it shares: its target and its number (and, when a
# kind of number is asked, its kind).
_BONUS = 0.05 + 0.02


def _run_without_others(topic: str, tokens: Sequence[str], held: frozenset[str]) -> int:
    """Length of the longest stretch of the topic that holds no word but those `held`: a part holding only
    those words shares at most that much of the topic (any longer stretch would put another word in it)."""
    others = [t for t in tokens if t not in held]
    if any(not t for t in others):
        return 0  # an empty word is in every stretch
    # where each other word is written in the topic (start, end): a stretch from `start` holds none of them up to
    # the first end of one written from `start` on
    written = sorted(
        (at, at + len(t))
        for t in dict.fromkeys(others)
        for at in range(len(topic))
        if topic.startswith(t, at)
    )
    longest, first_end = 0, len(topic) + 1  # first_end: the least end of the words written from here on
    for start in range(len(topic) - 1, -1, -1):
        while written and written[-1][0] >= start:
            first_end = min(first_end, written.pop()[1])
        longest = max(longest, min(first_end - 1, len(topic)) - start)
    return longest


class PairIndex:
    """Character pairs → the texts holding them: the texts that may hold a word are those holding all its
    pairs, found without reading the others (a province's index holds tens of thousands of clauses).

    Kept as three flat arrays (each pair's code, sorted; where its text numbers start; the text numbers), not a
    dict of small arrays: built by one sort instead of a Python loop over every pair of every text, and saved
    with the index and memory-mapped when it is opened again (kb.qa.saved), where half a million small arrays
    took longer to read back than to build."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._codes, self._starts, self._ids = _pair_postings(texts)

    def _posting(self, pair: str) -> np.ndarray | None:
        code = _pair_code(pair)
        at = int(np.searchsorted(self._codes, code))
        if at == len(self._codes) or int(self._codes[at]) != code:
            return None
        return self._ids[self._starts[at] : self._starts[at + 1]]

    def holding(self, word: str) -> np.ndarray | None:
        """Numbers of the texts that may hold the word (all its pairs); None: any may (one character)."""
        if len(word) < 2:
            return None
        postings = []
        for pair in dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)):
            ids = self._posting(pair)
            if ids is None:
                return np.zeros(0, dtype=np.int32)
            postings.append(ids)
        # the shortest list looked up in the others (each sorted): np.intersect1d sorted both lists joined, and
        # at 10,000 documents a common pair's list is tens of thousands long; the typo check asks hundreds of
        # words a question (its 26 ms were mostly these sorts)
        postings.sort(key=len)
        held = postings[0]
        for ids in postings[1:]:
            if not len(held):
                break
            at = np.minimum(np.searchsorted(ids, held), len(ids) - 1)
            held = held[ids[at] == held]
        return held

    def count(self, word: str) -> int:
        """How many texts hold the word: what `sum(word in t for t in texts)` gives."""
        held = self.holding(word)
        if held is None:
            return sum(1 for text in self.texts if word in text)
        if len(word) == 2:
            return len(held)
        return sum(1 for n in held.tolist() if word in self.texts[n])


_CODE_SPACE = 0x110000  # every code point: a pair's code is first * _CODE_SPACE + second


def _pair_code(pair: str) -> int:
    return ord(pair[0]) * _CODE_SPACE + ord(pair[1])


def _pair_postings(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pair codes sorted, start of each pair's text numbers in the third array, text numbers in order)."""
    chunks = [_keyed_pairs(texts, start, len(texts)) for start in _chunk_starts(texts)]
    keyed = np.sort(np.concatenate(chunks)) if chunks else np.zeros(0, np.int64)
    pair_codes, ids = np.divmod(keyed, max(len(texts), 1))
    # each pair's first place in the sorted codes: where its text numbers start
    starts = np.flatnonzero(np.concatenate(([True], pair_codes[1:] != pair_codes[:-1]))) if len(keyed) else keyed
    unique_codes = pair_codes[starts]
    return unique_codes, np.append(starts, len(keyed)).astype(np.int64), ids.astype(np.int32)


_CHUNK_CHARS = 4_000_000  # characters read at once: a province's texts would take gigabytes as int64 arrays


def _chunk_starts(texts: Sequence[str]) -> list[int]:
    starts, size = [], _CHUNK_CHARS
    for number, text in enumerate(texts):
        if size >= _CHUNK_CHARS:
            starts.append(number)
            size = 0
        size += len(text) + 1
    return starts


def _keyed_pairs(texts: Sequence[str], first: int, count: int) -> np.ndarray:
    """Each distinct (pair, text) of the texts from `first` on (up to a chunk's characters) as one number,
    pair code * count + text number, sorted."""
    lengths, size = [], 0
    for text in texts[first:]:
        if size >= _CHUNK_CHARS:
            break
        lengths.append(len(text))
        size += len(text) + 1
    joined = "\n".join(texts[first : first + len(lengths)])
    chars = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widths = np.asarray(lengths, dtype=np.int64) + 1  # each text and the separator after it
    text_of = np.repeat(np.arange(first, first + len(lengths), dtype=np.int64), widths)[: len(chars)]
    # a pair within one text: both characters of the same text (the separator belongs to the text before it,
    # so a pair ending on it is dropped by the second test)
    separator = np.zeros(len(chars), dtype=bool)
    separator[np.cumsum(widths)[:-1] - 1] = True
    inside = ~separator[:-1] & ~separator[1:]
    codes = chars[:-1].astype(np.int64) * _CODE_SPACE + chars[1:]
    return _distinct(codes[inside] * count + text_of[:-1][inside])


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: np.unique by a plain sort (numpy 2's hashing unique took ten times longer on
    these millions of numbers)."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


class PackedTexts(Sequence[str]):
    """Texts kept as one array of UTF-16 code units with where each ends, a text made a `str` when read: saved
    with the index and memory-mapped when it is opened (kb.qa.saved), so that a province's million sentence
    parts and clause texts cost the pages a question reads, not a Python string each (hundreds of megabytes)."""

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        joined = "".join(texts)
        encoded = joined.encode("utf-16-le", "surrogatepass")
        if len(encoded) == 2 * len(joined):  # every character one code unit
            lengths = [len(t) for t in texts]
        else:  # a character beyond 16 bits takes two
            lengths = [len(t.encode("utf-16-le", "surrogatepass")) // 2 for t in texts]
        self._units = np.frombuffer(encoded, dtype=np.uint16)
        self._ends = np.cumsum(np.asarray([0, *lengths], dtype=np.int64))

    def __len__(self) -> int:
        return len(self._ends) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        start, end = int(self._ends[i]), int(self._ends[i + 1])
        return self._units[start:end].tobytes().decode("utf-16-le", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


class SavedParts(Sequence[TargetPart]):
    """The parts, saved with the index as one list per field and each made a TargetPart again when first read:
    a province's million parts took seconds to unpickle as objects, and a question reads a few thousand."""

    _FIELDS = ("clause", "text", "indicator", "own", "sentence", "year")

    def __init__(self, parts: Sequence[TargetPart], clauses: Sequence[Clause] | None = None) -> None:
        # `clauses`: those the parts are of (their very objects), saved apart (kb.qa.clauses): a part keeps its
        # clause's position and its indicator's place among the clause's, not a copy of either
        self._made: list[TargetPart | None] = list(parts)
        self._columns: tuple[Sequence[object], ...] = ()
        self._clauses = clauses

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, i: int) -> TargetPart: ...

    @overload
    def __getitem__(self, i: slice) -> list[TargetPart]: ...

    def __getitem__(self, i: int | slice) -> TargetPart | list[TargetPart]:
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self)))]
        part = self._made[i]
        if part is None:
            clause, text, indicator, own, sentence, year = self._columns
            part = TargetPart(clause[i], text[i], indicator[i], own[i], sentence[i], year[i])  # type: ignore[arg-type]
            self._made[i] = part
        return part

    def text(self, i: int) -> str:
        """The part's text, read without making the part (nor its clause's document: kb.qa.clauses)."""
        part = self._made[i]
        return part.text if part is not None else self._columns[1][i]  # type: ignore[return-value]

    def __iter__(self) -> Iterator[TargetPart]:
        return (self[i] for i in range(len(self)))

    _TEXTS = frozenset({"text", "own", "sentence", "year"})  # saved as PackedTexts, mapped when read

    def __getstate__(self) -> tuple[Sequence[object], ...]:
        columns: list[Sequence[object] | _PartClauses | _PartIndicators] = [
            (PackedTexts if name in self._TEXTS else list)(getattr(self[i], name) for i in range(len(self)))
            for name in self._FIELDS
        ]
        referred = _by_reference(self, self._clauses) if self._clauses is not None else None
        if referred is not None:
            columns[0], columns[2] = referred
        return tuple(columns)  # type: ignore[arg-type]  # the column classes read as sequences do

    def __setstate__(self, columns: tuple[Sequence[object], ...]) -> None:
        self._columns = columns
        self._made = [None] * len(columns[0])
        self._clauses = None


class _PartClauses:
    """Each part's clause, read through the clauses' positions (kb.qa.clauses.SavedClauses makes its document's
    clauses when one is first read)."""

    def __init__(self, clauses: Sequence[Clause], positions: np.ndarray) -> None:
        self.clauses, self.positions = clauses, positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, i: int) -> Clause:
        return self.clauses[int(self.positions[i])]


class _PartIndicators:
    """Each part's indicator, read as its place among its clause's indicators (-1: none)."""

    def __init__(self, clauses: _PartClauses, numbers: np.ndarray) -> None:
        self.clauses, self.numbers = clauses, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, i: int) -> Indicator | None:
        k = int(self.numbers[i])
        return None if k < 0 else self.clauses[i].indicators[k]


def _by_reference(
    parts: Sequence[TargetPart], clauses: Sequence[Clause]
) -> tuple[_PartClauses, _PartIndicators] | None:
    """The parts' clause and indicator columns as references into `clauses`; None when a part's clause is not one
    of them or its indicator not one of its clause's (saved as objects then)."""
    position = {id(c): n for n, c in enumerate(clauses)}
    positions, numbers = [], []
    for part in parts:
        n = position.get(id(part.clause))
        if n is None:
            return None
        k = -1
        if part.indicator is not None:
            k = next((j for j, i in enumerate(part.clause.indicators) if i is part.indicator), -2)
            if k == -2:
                return None
        positions.append(n)
        numbers.append(k)
    column = _PartClauses(clauses, np.asarray(positions, dtype=np.int32))
    return column, _PartIndicators(column, np.asarray(numbers, dtype=np.int16))


class TargetIndex:
    """The sentence parts of every clause with an inverted index over them, built once per engine: character
    pairs → the clauses whose text, title or deadlines hold them. A question's parts to score are those of the
    clauses holding one of its topic words (or a word of the word's family), plus the retrieved clauses; the
    answer is the one scoring every part would give, because a part holding none of the words cannot outrank
    the best scored one — when it could, every part is scored after all."""

    def __init__(self, parts: Sequence[TargetPart], clauses: Sequence[Clause] | None = None) -> None:
        # `clauses`: those the parts are of, saved apart (kb.qa.clauses): the parts refer to them when saved
        self.parts = SavedParts(parts, clauses)
        self._clause_parts: dict[str, list[int]] = {}
        haystacks: dict[str, str] = {}
        clause_id = ""
        for i, part in enumerate(self.parts):
            clause = part.clause
            if i == 0 or clause is not self.parts[i - 1].clause:
                clause_id = clause.id  # made anew on every reading: once per clause, not once per part
            self._clause_parts.setdefault(clause_id, []).append(i)
            if clause_id not in haystacks:
                context = clause.title + "".join(d.text for d in clause.deadlines)
                haystacks[clause_id] = f"{clause.text}\n{context}".lower()
        self._clause_ids = list(haystacks)
        hay = list(haystacks.values())
        self._number_of = {clause_id: n for n, clause_id in enumerate(self._clause_ids)}
        self._doc_clauses: dict[str, list[int]] = {}  # a document's clause numbers, to search only its own
        for n, clause_id in enumerate(self._clause_ids):
            self._doc_clauses.setdefault(clause_id.rsplit(":", 1)[0], []).append(n)
        # each document's number and each clause's document's: one pass over the candidate clauses finds the
        # best part of each place (TargetSearch.best_each) without listing any place's clauses
        self._doc_number = {doc: k for k, doc in enumerate(self._doc_clauses)}
        self._clause_doc = np.zeros(len(self._clause_ids), dtype=np.int32)
        for k, numbers in enumerate(self._doc_clauses.values()):
            self._clause_doc[numbers] = k
        self._doc_parts: dict[str, list[int]] = {}  # a document's parts, in the order of `parts`
        for i, part in enumerate(self.parts):
            self._doc_parts.setdefault(part.clause.doc, []).append(i)
        # lower-cased when first read (a part's text, its sentence, its clause's title and deadlines), not when
        # built: a question reads a few thousand parts of a province's millions, and the index is saved with them
        self._lowered: dict[int, tuple[str, str, str]] = {}
        self._pairs = PairIndex(hay)
        # each clause's text, title and deadlines, lower-cased, packed (a province's clauses: 60 MB as strings)
        self._haystacks = self._pairs.texts = PackedTexts(hay)

    def _lowered_part(self, i: int) -> tuple[str, str, str]:
        if i not in self._lowered:
            p = self.parts[i]
            context = p.clause.title + "".join(d.text for d in p.clause.deadlines)
            self._lowered[i] = (p.text.lower(), p.sentence.lower(), context.lower())
        return self._lowered[i]

    def _clauses_holding(self, word: str) -> np.ndarray | None:
        """Numbers of the clauses that may hold the word (all its character pairs); None: any may (one letter)."""
        return self._pairs.holding(word)

    def candidates(
        self,
        tokens: Sequence[str],
        prior: Mapping[str, float],
        words: Words,
        docs: Collection[str] | None = None,
    ) -> list[TargetPart]:
        """The parts holding a topic word (in themselves, their sentence or their clause's title and deadline)
        and every part of the retrieved clauses, in the order of `parts`."""
        return [self.parts[i] for i, _ in self._holding(tokens, prior, words, docs)]

    def _clause_numbers(self, tokens: Sequence[str], prior: Mapping[str, float], words: Words) -> set[int]:
        """The clauses that may hold a topic word (or a word of its family), by the pair index, and the
        retrieved ones: a superset of those a candidate part comes from."""
        numbers: set[int] = set()
        for token in tokens:
            for word in words.family(token):
                held = self._clauses_holding(word)
                if held is None:
                    numbers = set(range(len(self._clause_ids)))
                    break
                numbers.update(held.tolist())
        numbers.update(self._number_of[c] for c in prior if c in self._number_of)
        return numbers

    def _holding(
        self,
        tokens: Sequence[str],
        prior: Mapping[str, float],
        words: Words,
        docs: Collection[str] | None,
        numbers: set[int] | None = None,
    ) -> list[tuple[int, frozenset[str]]]:
        """(number, the topic words it holds) of each candidate part, in the order of `parts`; `numbers`: the
        question's `_clause_numbers`, when already found."""
        if numbers is None:
            numbers = self._clause_numbers(tokens, prior, words)
        if docs is not None:  # the documents asked about first: a province's other documents are never read
            numbers = {n for doc in docs for n in self._doc_clauses.get(doc, ()) if n in numbers}
        out = []
        for n in numbers:
            clause_id = self._clause_ids[n]
            haystack = self._haystacks[n]
            in_clause = [t for t in tokens if words.found(t, haystack)]
            if not in_clause and clause_id not in prior:
                continue
            for i in self._clause_parts[clause_id]:
                if docs is not None and self.parts[i].clause.doc not in docs:
                    continue
                holds = frozenset(
                    t for t in in_clause if is_year(t) or any(words.found(t, x) for x in self._lowered_part(i))
                )
                if holds or clause_id in prior:
                    out.append((i, holds))
        return sorted(out)

    def docs_holding(self, tokens: Sequence[str], words: Words | None = None) -> set[str]:
        """The documents with a clause that may hold one of the words (or of their families): a superset of
        those a target part holding any of them can come from."""
        words = words or _PLAIN
        numbers: set[int] = set()
        for token in tokens:
            for word in words.family(token):
                held = self._clauses_holding(word)
                if held is None:
                    return set(self._doc_clauses)
                numbers.update(held.tolist())
        return {self._clause_ids[n].rsplit(":", 1)[0] for n in numbers}

    def docs_reaching(
        self, tokens: Sequence[str], weight: Callable[[str], float], floor: float, words: Words | None = None
    ) -> set[str] | None:
        """The documents with a clause whose text, title and deadlines hold at least `floor` of the topic's
        weight: a superset of those with a part whose share (`TargetMatch.share`) reaches `floor`, since a
        part's share counts only words its clause holds. Read from the words that must be there: a word weighing
        more than the floor lets a clause lack must be in it, so the candidates are the clauses holding every such
        word (an intersection, as small as the answer); with none, those holding one of the heaviest words
        without which the rest cannot reach the floor. A common word (OPC) held by thousands of clauses is never
        listed. None: cannot tell (a one-character word, which the pair index does not hold); any may."""
        words = words or _PLAIN
        total = sum(weight(t) for t in tokens)
        if not tokens or total <= 0:
            return None
        slack = 1e-9 * max(total, 1.0)  # the ranker divides; a rounding error must never drop a document
        lacking = total - floor * total + slack  # the most weight a clause reaching the floor may lack
        cost = Counter(tokens)
        must = [t for t in cost if weight(t) * cost[t] > lacking]
        numbers: set[int] | None = None
        for token in must:  # every clause reaching the floor holds each of these
            held = self._clauses_holding_any(token, words)
            if held is None:
                return None
            numbers = held if numbers is None else numbers & held
        if numbers is None:
            needed, rest = [], total
            for token in sorted(tokens, key=weight, reverse=True):
                if rest < floor * total - slack:
                    break  # the words left cannot reach the floor without one of those already needed
                needed.append(token)
                rest -= weight(token)
            numbers = set()
            for token in needed:
                held = self._clauses_holding_any(token, words)
                if held is None:
                    return None
                numbers |= held
        docs: set[str] = set()
        for n in numbers:
            haystack = self._haystacks[n]
            held_weight = sum(weight(t) for t in tokens if t in haystack or words.found(t, haystack))
            if held_weight >= floor * total - slack:
                docs.add(self._clause_ids[n].rsplit(":", 1)[0])
        return docs

    def _clauses_holding_any(self, token: str, words: Words) -> set[int] | None:
        """The clauses that may hold the word as written or a word of its family; None: any may."""
        numbers: set[int] = set()
        for word in dict.fromkeys((token, *words.family(token))):
            held = self._clauses_holding(word)
            if held is None:
                return None
            numbers.update(held.tolist())
        return numbers

    def used_in(self, word: str, docs: Collection[str] | None, words: Words | None = None) -> bool:
        """Whether any clause (of `docs`, when given) holds the word or one of its family."""
        words = words or _PLAIN
        for form in words.family(word):
            held = self._clauses_holding(form.lower())
            numbers = range(len(self._clause_ids)) if held is None else held.tolist()
            for n in numbers:
                clause_id = self._clause_ids[n]
                if (docs is None or clause_id.split(":")[0] in docs) and form.lower() in self._haystacks[n]:
                    return True
        return False

    def parts_of(self, clause_id: str) -> list[TargetPart]:
        """A clause's sentence parts, in the order written."""
        return [self.parts[i] for i in self._clause_parts.get(clause_id, ())]

    def best_in(
        self,
        clause_ids: Sequence[str],
        query: TargetQuery,
        weighing: Weighing,
        keep: Callable[[TargetPart], bool],
    ) -> TargetMatch | None:
        """The best of the parts of these clauses that `keep` accepts (a part stating the kind of number asked);
        the query's unit, number and kind are not asked of them."""
        parts = [
            self.parts[i] for c in clause_ids for i in self._clause_parts.get(c, ()) if keep(self.parts[i])
        ]
        plain = TargetQuery(query.tokens, query.topic, query.prior)
        ranked = _best_ranked(plain, parts, weighing)
        return ranked[1] if ranked else None

    def best(
        self, query: TargetQuery, weighing: Weighing, docs: Collection[str] | None = None
    ) -> TargetMatch | None:
        """What `best_target` gives over every part (of `docs`, when given), scoring only candidates, highest
        possible rank first, until no other can reach the best."""
        return self.search(query, weighing).best(docs)

    def search(self, query: TargetQuery, weighing: Weighing) -> TargetSearch:
        """One question's search, to ask of several sets of documents (one per place) without finding the
        candidate parts and scoring them again for each."""
        return TargetSearch(self, query, weighing)


def _in_turn(numbers: np.ndarray, bounds: np.ndarray, step: int = 256) -> Iterator[tuple[int, float]]:
    """(number, bound) pairs as Python values, a few at a time: a search usually stops within the first few."""
    for start in range(0, len(numbers), step):
        yield from zip(numbers[start : start + step].tolist(), bounds[start : start + step].tolist(), strict=True)


def _above(match: TargetMatch | None, floor: float) -> TargetMatch | None:
    return match if match is not None and match.share >= floor else None


_EACH_STEP = 256  # candidate clauses best_each weighs at once against their places' best (numpy)


class TargetSearch:
    """The candidate parts of one question's target search over the whole index, and each one's rank, found
    once: `best(docs)` is then the best of the parts of `docs`, exactly what `TargetIndex.best` gives for them.
    A province's question naming no place asks it of every place (engine._targets_elsewhere)."""

    def __init__(self, index: TargetIndex, query: TargetQuery, weighing: Weighing) -> None:
        self.index, self.query, self.weighing = index, query, weighing
        self.tokens, self.topic, self.prior, self.kind = query.tokens, query.topic, query.prior, query.kind
        self.weight, self.words = weighing.weight, weighing.words
        # each topic word's forms (itself and its family), asked of hundreds of thousands of texts by a question
        # naming no place at 10,000 documents: `words.found(t, text)` is `any(form in text)` over these
        self._forms = {t: tuple(weighing.words.family(t)) for t in self.tokens}
        self._total = sum(self.weight(t) for t in self.tokens)
        self._ceilings: dict[frozenset[str], float] = {}
        self._ranks: dict[int, tuple[float, TargetMatch] | None] = {}
        self._rank = _Ranker(query, weighing)
        self._candidates: dict[int, list[tuple[float, int]]] = {}  # a clause's (highest possible rank, part)
        self._bounds: np.ndarray | None = None  # each clause's highest possible rank (-1: no candidate), found once
        self._reach = np.zeros(0)  # each clause's highest possible share, found with the bounds

    def _bounded(self, docs: Collection[str] | None) -> tuple[np.ndarray, np.ndarray]:
        """The candidate clauses (of `docs`, when given) and the highest rank a part of each can reach, highest
        first. Read from the pair index for every clause at once (numpy), before any clause is read: a question
        then reads the clauses that may hold its best part, not every clause holding one of its words."""
        if self._bounds is None:
            self._bounds = self._clause_bounds()
        index = self.index
        if docs is None:
            numbers = np.flatnonzero(self._bounds >= 0)
        else:
            held = [index._doc_clauses[d] for d in docs if d in index._doc_clauses]
            numbers = np.asarray(sorted(n for ns in held for n in ns), dtype=np.int64)
            numbers = numbers[self._bounds[numbers] >= 0]
        bounds = self._bounds[numbers]
        order = np.argsort(-bounds, kind="stable")  # of equal bounds, the first clause first
        return numbers[order], bounds[order]

    def _clause_bounds(self) -> np.ndarray:
        """Per clause, the most a part of it can rank: the ceiling of the words its character pairs allow it to
        hold (a superset of those it holds), with its retrieval prior; -1 for a clause no part of which is a
        candidate (none of the words and not retrieved)."""
        index = self.index
        count = len(index._clause_ids)
        words = list(dict.fromkeys(self.tokens))
        masks = np.zeros(count, dtype=np.int64)
        for bit, token in enumerate(words[:62]):
            for word in self.words.family(token):
                held = index._clauses_holding(word)
                if held is None:
                    masks |= 1 << bit
                else:
                    masks[held] |= 1 << bit
        if len(words) > 62:  # a question of more words than bits: the rest may be held by any clause
            self._reach = np.ones(count)
            return np.full(count, 1e9)
        prior = np.zeros(count)
        retrieved = np.zeros(count, dtype=bool)
        for clause_id, value in self.prior.items():
            if clause_id in index._number_of:
                prior[index._number_of[clause_id]] = value
                retrieved[index._number_of[clause_id]] = True
        bounds = np.full(count, -1.0)
        live = np.flatnonzero((masks != 0) | retrieved)
        distinct, which = np.unique(masks[live], return_inverse=True)
        ceilings = np.asarray(
            [self._ceiling(frozenset(t for b, t in enumerate(words) if int(m) >> b & 1), None) for m in distinct]
        )
        bounds[live] = ceilings[which.reshape(-1)] + 0.15 * prior[live]
        # the most share a part of each clause can have: the weight of the words it may hold (a part's share
        # counts only words its clause holds), each word as often as the topic has it
        counted = Counter(self.tokens)
        reaches = np.asarray(
            [
                sum(self.weight(t) * counted[t] for b, t in enumerate(words) if int(m) >> b & 1) / self._total
                for m in distinct
            ]
        )
        self._reach = np.zeros(count)
        self._reach[live] = reaches[which.reshape(-1)]
        return bounds

    def _clause_candidates(self, n: int) -> list[tuple[float, int]]:
        """The candidate parts of clause `n` with the highest rank each can reach: a part holding a topic word (in
        itself, its sentence or its clause's title and deadlines), or any part of a retrieved clause."""
        if n not in self._candidates:
            index, forms = self.index, self._forms
            clause_id = index._clause_ids[n]
            haystack = index._haystacks[n]
            in_clause = [t for t in self.tokens if any(f in haystack for f in forms[t])]
            found: list[tuple[float, int]] = []
            # a part that does not state what is asked (no number in the unit asked) ranks nowhere: neither the
            # clause nor the part is read further (a part's text is its clause's, so the clause must hold it)
            unit = self._rank.unit
            if (in_clause or clause_id in self.prior) and (unit is None or unit.search(haystack)):
                for i in index._clause_parts[clause_id]:
                    if not self._rank.states(index.parts.text(i)) or not self._rank.counts_right(index.parts[i]):
                        continue
                    lowered = index._lowered_part(i)
                    holds = frozenset(
                        t for t in in_clause if is_year(t) or any(f in x for x in lowered for f in forms[t])
                    )
                    if holds or clause_id in self.prior:
                        found.append((self._ceiling(holds, clause_id), i))
            self._candidates[n] = found
        return self._candidates[n]

    def _ceiling(self, held: frozenset[str], clause_id: str | None) -> float:
        """The most a part holding these words can rank: share and own words at most their weight, its run of
        the topic at most the stretch holding no other word."""
        if held not in self._ceilings:
            held_weight = sum(self.weight(t) for t in held) / self._total
            lowered, length = self.topic.lower(), max(len(self.topic), 1)
            run = _run_without_others(lowered, self.tokens, held)
            bonus = _BONUS + (KIND_BONUS if self.kind is not None else 0.0)
            self._ceilings[held] = 1.5 * held_weight + 0.5 * run / length + bonus + 1e-9
        return self._ceilings[held] + 0.15 * self.prior.get(clause_id or "", 0.0)

    def _ranked(self, i: int) -> tuple[float, TargetMatch] | None:
        if i not in self._ranks:
            self._ranks[i] = self._rank(self.index.parts[i])
        return self._ranks[i]

    def best(self, docs: Collection[str] | None = None) -> TargetMatch | None:
        if not self.tokens:
            return None
        best: tuple[float, int, TargetMatch] | None = None
        numbers, bounds = self._bounded(docs)
        for n, bound in _in_turn(numbers, bounds):  # highest possible rank first
            if best is not None and bound < best[0]:
                break  # no clause left can hold a part reaching the best one
            best = self._best_of_clause(n, best)
        return self._checked(best, docs)

    def best_each(self, groups: Mapping[K, Collection[str]], floor: float = 0.0) -> dict[K, TargetMatch | None]:
        """`best(docs)` of each group of documents (a place's), None where its share is below `floor`: found in
        one pass over the candidate clauses, highest possible rank first, each clause read only while it may
        hold a part reaching its group's best. A province's question naming no place asks this of every place
        (Places.targets_elsewhere), and a search per place listed every place's clauses (the whole index) for
        each question; with a `floor`, a place whose candidates reach none of it is not scored part by part
        (a part holding none of the words has no share)."""
        keys = list(groups)
        if not self.tokens or not keys:
            return dict.fromkeys(keys)
        index = self.index
        documents = [(index._doc_number.get(d, -1), g) for g, key in enumerate(keys) for d in groups[key]]
        documents = [(d, g) for d, g in documents if d >= 0]
        if len({d for d, _ in documents}) < len(documents):  # groups sharing a document: each searched apart
            return {key: _above(self.best(groups[key]), floor) for key in keys}
        if self._bounds is None:
            self._bounds = self._clause_bounds()
        group_of = np.full(len(index._doc_number), -1, dtype=np.int64)
        if documents:
            group_of[[d for d, _ in documents]] = [g for _, g in documents]
        live = np.flatnonzero(self._bounds >= 0)
        group = group_of[index._clause_doc[live]]
        live, group = live[group >= 0], group[group >= 0]
        order = np.argsort(-self._bounds[live], kind="stable")  # of equal bounds, the first clause first
        numbers, group = live[order], group[order]
        bounds = self._bounds[numbers]
        # a clause whose words cannot make the floor's share ("weak") matters only when it would outrank a part
        # that does: it is read once its group's best reaches the floor, else left (its group's answer is then
        # below the floor whatever it holds)
        strong = self._reach[numbers] >= floor - 1e-9
        of_each = np.argsort(group, kind="stable")  # each group's clauses, in the order of `numbers`
        each_start = np.searchsorted(group[of_each], np.arange(len(keys) + 1))
        found: list[tuple[float, int, TargetMatch] | None] = [None] * len(keys)
        reached = np.full(len(keys), -np.inf)  # each group's best rank so far (-inf: none yet)
        reaching = np.zeros(len(keys), dtype=bool)  # whether that best's share reaches the floor
        step = _EACH_STEP
        for start in range(0, len(numbers), step):
            chunk, of_group = bounds[start : start + step], group[start : start + step]
            if chunk[0] < reached.min():
                break  # no clause left can hold a part reaching its group's best
            # a group's best only rises within the chunk: a clause below it at the chunk's start stays below
            kept = (chunk >= reached[of_group]) & (strong[start : start + step] | reaching[of_group])
            listed = np.flatnonzero(kept) + start
            for at, n, bound, g in zip(
                listed.tolist(), numbers[listed].tolist(), bounds[listed].tolist(), group[listed].tolist(),
                strict=True,
            ):
                best = found[g]
                if best is not None and bound < best[0]:
                    continue
                if not (strong[at] or reaching[g]):
                    continue  # weak, and its group's best does not reach the floor (yet)
                best = self._best_of_clause(n, best)
                if best is not None and best[2].share >= floor and not reaching[g]:
                    # the group's best now reaches the floor: its weak clauses that may outrank it, those before
                    # this one and those left out of this step (the ones after it are read in their turn)
                    before = of_each[each_start[g] : each_start[g + 1]]
                    before = before[(before < start + step) & (before != at) & ~strong[before]]
                    for m in numbers[before[bounds[before] >= best[0]]].tolist():
                        best = self._best_of_clause(m, best)
                if best is not None:
                    found[g], reached[g], reaching[g] = best, best[0], best[2].share >= floor
        return {key: _above(self._checked(found[g], groups[key], floor), floor) for g, key in enumerate(keys)}

    def _best_of_clause(
        self, n: int, best: tuple[float, int, TargetMatch] | None
    ) -> tuple[float, int, TargetMatch] | None:
        """The better of `best` and the best candidate part of clause `n` (of equal ranks, the first part)."""
        for most, i in self._clause_candidates(n):
            if best is not None and most < best[0]:
                continue
            ranked = self._ranked(i)
            if ranked is not None and (best is None or (ranked[0], -i) > (best[0], -best[1])):
                best = (ranked[0], i, ranked[1])
        return best

    def _checked(
        self, best: tuple[float, int, TargetMatch] | None, docs: Collection[str] | None, floor: float = 0.0
    ) -> TargetMatch | None:
        """The best candidate when no part holding none of the words can outrank it; else every part scored,
        unless the best is wanted only when its share reaches `floor` (> 0) and no candidate's does: a part
        that is no candidate holds none of the words (share 0), so whichever part is best falls below it."""
        if best is not None and best[0] > self._ceiling(frozenset(), None):  # no part without the words can win
            return best[2]
        if floor > 0 and (best is None or best[2].share < floor):
            return None
        index = self.index
        everything = (
            index.parts
            if docs is None
            else [index.parts[i] for i in sorted(i for doc in docs for i in index._doc_parts.get(doc, ()))]
        )
        return best_target(self.query, everything, self.weighing)
