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
            if not _is_cjk(pair) or pair in pairs or self._is_word(pair):
                i += 1
                continue
            fixed = self._correction(chars, i, pair, by_sound.get(tuple(pinyin(pair)), []))
            if fixed is not None:
                chars[i : i + 2] = list(fixed)
                i += 2
            else:
                i += 1
        return "".join(chars)

    def _correction(self, chars: list[str], i: int, pair: str, sounds_alike: list[str]) -> str | None:
        """The homophone pair differing in one character whose run with a neighbour the text writes."""
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
            if (len(middle) == 3 and _is_cjk(middle) and middle in self._text) or (
                len(ending) == 3 and _is_cjk(ending) and f"{ending}\n" in self._text
            ):
                confirmed.append(candidate)
        return confirmed[0] if len(confirmed) == 1 else None


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)
