"""Names an English question writes in pinyin (Yanchong, Lingang, Chuangying, Guofa) read back as the Chinese the
documents write with those sounds (延崇, 临港, 创赢, 国发).

CC-CEDICT knows places and common words, not the names of expressways, programmes, funds or document series; a
question that names one in pinyin had it weigh as a word no clause writes, and refused the clause that writes it.
A name is split into pinyin syllables every way it can be; each syllable stands for the characters the documents
read so (every reading of a character: 重 is zhong and chong); a run of such characters some clause writes is the
name read back. A run is looked up syllable by syllable and kept only while some clause writes it, so a name of
four syllables costs a few hundred look-ups, not every combination.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

SHORTEST = 4  # letters: shorter capitalised words (Xi, An, Tai) are no name of two syllables
SYLLABLES = (2, 4)  # a name of one syllable is too short to tell; longer ones are split into words by the asker
KEPT = 3  # at most this many readings stand for a name (alternatives, the most written first)
_BREADTH = 200  # runs kept while extending one syllable at a time
_SPLITS = 24  # ways of splitting one name into syllables tried
_CHECKED = 5  # clauses read for whether a run stands as words of its own


class Romanised:
    """The Chinese runs the documents write for a name in pinyin, over one corpus."""

    def __init__(
        self, vocabulary: str, written: Callable[[str], int], holding: Callable[[str], Sequence[str]] | None = None
    ) -> None:
        """`vocabulary`: every character the documents write; `written`: how many clauses write a text;
        `holding`: the texts of (some of) the clauses writing it — a run is a name only where it stands as
        words there (型研 in 新型研发 straddles two words: no name)."""
        self._vocabulary = vocabulary
        self._written = written
        self._holding = holding
        self._by_sound: dict[str, list[str]] | None = None
        self._usual: set[tuple[str, str]] = set()  # (syllable, character): the character's usual reading
        self._longest = 0

    def _sounds(self) -> dict[str, list[str]]:
        """Each toneless syllable → the documents' characters read so; built on the first name asked."""
        if self._by_sound is None:
            from pypinyin import Style, pinyin  # a third of a second to import: only once a name needs it

            by_sound: dict[str, list[str]] = {}
            usual: set[tuple[str, str]] = set()
            for character in dict.fromkeys(self._vocabulary):
                if "\u4e00" <= character <= "\u9fff":
                    readings = pinyin(character, style=Style.NORMAL, heteronym=True)[0]
                    usual.add((readings[0], character))
                    for sound in dict.fromkeys(readings):
                        by_sound.setdefault(sound, []).append(character)
            self._by_sound, self._usual = by_sound, usual
            self._longest = max(map(len, by_sound), default=0)
        return self._by_sound

    def __call__(self, name: str) -> tuple[str, ...]:
        """The runs the documents write that read as `name` (lower-case letters), the most written first."""
        name = name.lower()
        if len(name) < SHORTEST or not name.isalpha() or not name.isascii():
            return ()
        sounds = self._sounds()
        found: dict[str, tuple[int, int]] = {}  # run → (its characters read otherwise than usual, clauses)
        for syllables in self._splits(name, sounds):
            for run in self._runs(syllables, sounds):
                unusual = sum((s, c) not in self._usual for s, c in zip(syllables, run, strict=True))
                found[run] = (unusual, self._written(run))
        # a run read with its characters' usual sounds (延崇 yan chong) is the name, not one read otherwise (严重
        # yan zhong); a name only an unusual reading gives (重庆 chongqing) is that run
        if self._holding is not None:
            found = {run: rank for run, rank in found.items() if self._stands_alone(run)}
        fewest = min((unusual for unusual, _ in found.values()), default=0)
        usual = [run for run in found if found[run][0] == fewest]
        return tuple(sorted(usual, key=lambda run: -found[run][1])[:KEPT])

    def _stands_alone(self, run: str) -> bool:
        """Whether some clause writes the run as words of its own: jieba's segmentation of the clause begins
        a word where the run begins and ends one where it ends (兴延 in 兴延高速, not 型研 in 新型研发)."""
        import jieba

        assert self._holding is not None
        for text in self._holding(run)[:_CHECKED]:
            starts, ends, at = set(), set(), 0
            for word in jieba.lcut(text):
                starts.add(at)
                at += len(word)
                ends.add(at)
            found = text.find(run)
            while found >= 0:
                if found in starts and found + len(run) in ends:
                    return True
                found = text.find(run, found + 1)
        return False

    def _splits(self, name: str, sounds: dict[str, list[str]]) -> list[list[str]]:
        """The ways `name` is a sequence of syllables the documents' characters are read as, fewest first."""
        splits: list[list[str]] = []

        def split(rest: str, done: list[str]) -> None:
            if len(splits) >= _SPLITS or len(done) > SYLLABLES[1]:
                return
            if not rest:
                if len(done) >= SYLLABLES[0]:
                    splits.append(done)
                return
            for size in range(min(self._longest, len(rest)), 0, -1):  # longer syllables first: xian, not xi an
                if rest[:size] in sounds:
                    split(rest[size:], [*done, rest[:size]])

        split(name, [])
        return sorted(splits, key=len)

    def _runs(self, syllables: list[str], sounds: dict[str, list[str]]) -> list[str]:
        """The runs of the documents' characters read as these syllables that some clause writes."""
        runs = list(sounds[syllables[0]])
        for syllable in syllables[1:]:
            runs = [run + c for run in runs for c in sounds[syllable] if self._written(run + c) > 0][:_BREADTH]
            if not runs:
                return []
        return runs
