"""One-character typos of the kind Chinese typing makes in the names of units and roles: a character of the
same pinyin put for the right one (林叶局 for 林业局, 教育据 for 教育局, 招集人 for 召集人), corrected against the
names the documents write.

Pinyin input offers homophones; the wrong one makes a character pair no name holds and no dictionary lists.
Such a pair is replaced by a pair of the same pinyin that differs in one character and that a name holds, and
only when the correction joins a neighbour into a run of that name (林业局). Correcting against every word of the
documents was tried and rejected: common question words (哪个, 由, 是) have homophones the documents write, and
the run check alone let 哪个部门 become 哪各部门.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


class HomophoneFixer:
    """Corrects same-pinyin one-character typos in a question against a text (the documents' words)."""

    def __init__(self, text: str, is_word: Callable[[str], bool] = lambda _: False) -> None:
        self._text = text
        self._is_word = is_word  # a dictionary word as written is no typo (哪个)
        self._pairs: set[str] | None = None
        self._by_sound: dict[tuple[str, ...], list[str]] | None = None
        self._pinyin: Callable[[str], list[str]] | None = None

    def _index(self) -> tuple[set[str], dict[tuple[str, ...], list[str]], Callable[[str], list[str]]]:
        """Every character pair of the text, by its pinyin; built on the first question that needs it."""
        if self._pairs is None or self._by_sound is None or self._pinyin is None:
            from pypinyin import lazy_pinyin  # a third of a second to import: only once a question needs it

            self._pinyin = lazy_pinyin
            pairs: set[str] = set()
            for run in _CJK_RUN.findall(self._text):
                pairs.update(run[i : i + 2] for i in range(len(run) - 1))
            by_sound: dict[tuple[str, ...], list[str]] = {}
            for pair in pairs:
                by_sound.setdefault(tuple(lazy_pinyin(pair)), []).append(pair)
            self._pairs, self._by_sound = pairs, by_sound
        return self._pairs, self._by_sound, self._pinyin

    def fix(self, question: str) -> str:
        """The question with each unknown pair's one-character homophone typo corrected, where the text
        confirms the correction by the run around it."""
        if not _CJK_RUN.search(question):
            return question
        pairs, by_sound, pinyin = self._index()
        chars = list(question)
        i = 0
        while i < len(chars) - 1:
            pair = chars[i] + chars[i + 1]
            if not _is_cjk(pair) or pair in pairs:
                i += 1
                continue
            # a dictionary word as written (招集) is taken for a typo only where the correction makes a whole name
            whole = self._is_word(pair)
            fixed = self._correction(chars, i, pair, by_sound.get(tuple(pinyin(pair)), []), whole)
            if fixed is not None:
                chars[i : i + 2] = list(fixed)
                i += 2
            else:
                i += 1
        return "".join(chars)

    def _correction(
        self, chars: list[str], i: int, pair: str, sounds_alike: list[str], whole: bool = False
    ) -> str | None:
        """The homophone pair differing in one character whose run with a neighbour the text writes (with
        `whole`, only a run that is a whole name of the text: 招集人 → 召集人)."""
        confirmed = []
        for candidate in sounds_alike:
            if sum(a != b for a, b in zip(candidate, pair, strict=True)) != 1:
                continue
            changed = i if candidate[0] != pair[0] else i + 1
            # the character to change makes a word with its other neighbour as written (技术合同: 合同): meant
            other = (
                "".join(chars[changed - 1 : changed + 1])
                if changed == i
                else "".join(chars[changed : changed + 2])
            )
            if len(other) == 2 and self._is_word(other):
                continue
            # the corrected character read with a neighbour on each side as a name writes them (林业局), or
            # as the end of a name (教育局)
            fixed = chars[:i] + list(candidate) + chars[i + 2 :]
            middle = "".join(fixed[changed - 1 : changed + 2]) if changed > 0 else ""
            ending = "".join(fixed[max(changed - 2, 0) : changed + 1])
            if whole:
                names = f"\n{self._text}\n"
                starting = "".join(fixed[changed : changed + 3])
                if any(len(r) == 3 and _is_cjk(r) and f"\n{r}\n" in names for r in (middle, ending, starting)):
                    confirmed.append(candidate)
            elif (
                (len(middle) == 3 and _is_cjk(middle) and middle in self._text)
                or (len(ending) == 3 and _is_cjk(ending) and f"{ending}\n" in self._text)
                # a two-character name whole (组张 → 组长), the pair as written being no word
                or f"\n{candidate}\n" in f"\n{self._text}\n"
            ):
                confirmed.append(candidate)
        return confirmed[0] if len(confirmed) == 1 else None


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


class CorpusSpeller:
    """Same-pinyin one-character typos in the topic words of a question (成较额 for 成交额, 标示解析 for 标识解析,
    粪物 for 粪污), corrected against the documents' own text.

    Two kinds of evidence must agree. The documents: a run of four characters around the typo that no clause
    writes, which some clause writes with the homophone in its place. The language: the question reads better
    with the homophone (`likelihood`: jieba's best segmentation, log-probability), so that a common question word
    (是, 有, 都, 由) is never taken for a typo of a rarer word that the documents happen to write beside it.
    Measured on the 620 questions of eval/: runs of three were as often wrong as right, and every wrong correction
    of a run of four read worse, or barely better, than the question as written.
    """

    WINDOW = 4
    MIN_GAIN = 0.25  # log-probability the question must gain (calibrated as the docstring says)
    LEVELS = frozenset("省市县区州镇乡")  # a level is the unit resolver's to read (县统计局 is no typo of 省统计局)
    # a connective is the asker's own grammar, never a typo of one nor made into one (督查室或督查办 is not the
    # 督查室和督查办 a document writes: 或 and 和 share a reading)
    CONNECTIVES = frozenset("和或与及并")

    def __init__(
        self,
        written: Callable[[str], bool],
        chars: str,
        likelihood: Callable[[str], float],
    ) -> None:
        self._written_fn = written
        self._chars = chars  # every character the documents write
        self._likelihood = likelihood
        self._cache: dict[str, bool] = {}
        self._sounds: dict[str, list[str]] | None = None
        self._readings: Callable[[str], list[str]] | None = None

    def _written(self, text: str) -> bool:
        if text not in self._cache:
            self._cache[text] = self._written_fn(text)
        return self._cache[text]

    def _homophones(self, char: str) -> list[str]:
        if self._sounds is None or self._readings is None:
            from pypinyin import Style, pinyin  # every reading of a character (行: hang, xing)

            def readings(ch: str) -> list[str]:
                return list(dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]))

            sounds: dict[str, list[str]] = {}
            for ch in dict.fromkeys(self._chars):
                if "\u4e00" <= ch <= "\u9fff":
                    for reading in readings(ch):
                        sounds.setdefault(reading, []).append(ch)
            self._sounds, self._readings = sounds, readings
        found = [
            c for r in self._readings(char) for c in self._sounds.get(r, ()) if c != char and c not in self.CONNECTIVES
        ]
        return list(dict.fromkeys(found))

    def fix(self, question: str) -> str:
        chars = list(question)
        for run in _CJK_RUN.finditer(question):
            if run.end() - run.start() < self.WINDOW:
                continue
            for i in range(run.start(), run.end()):
                replacement = self.correction(chars, run.start(), run.end(), i)
                if replacement is not None:
                    chars[i] = replacement
        return "".join(chars)

    def correction(self, chars: list[str], start: int, end: int, i: int) -> str | None:
        """The one homophone of chars[i] both kinds of evidence support, else None."""
        if chars[i] in self.LEVELS or chars[i] in self.CONNECTIVES:
            return None
        # the character read with its neighbours as the documents write them: the run of three around it, each
        # pair at a run's end (关建 and 建领 are each written — 攻关建设, 组建领导 — but not 关建领)
        around = "".join(chars[i - 1 : i + 2]) if start < i < end - 1 else ""
        pairs = ["".join(chars[j : j + 2]) for j in (i - 1, i) if start <= j and j + 2 <= end]
        if self._written(around) if around else all(self._written(p) for p in pairs):
            return None
        n = self.WINDOW
        windows = [
            (s, "".join(chars[s : s + n]))
            for s in range(max(start, i - n + 1), min(i, end - n) + 1)
            if not self._written("".join(chars[s : s + n]))
        ]
        if not windows:
            return None
        fits = {
            candidate
            for candidate in self._homophones(chars[i])
            for s, w in windows
            if self._written(w[: i - s] + candidate + w[i - s + 1 :])
        }
        if len(fits) != 1:
            return None  # none, or several homophones fit: no guess
        candidate = fits.pop()
        run = "".join(chars[start:end])
        fixed = run[: i - start] + candidate + run[i - start + 1 :]
        return candidate if self._likelihood(fixed) - self._likelihood(run) >= self.MIN_GAIN else None
