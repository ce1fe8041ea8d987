"""Normalising a question before it is understood: traditional characters to simplified (OpenCC), full-width
letters, digits and spaces to half-width, stray spaces between Chinese characters removed, repeated
punctuation collapsed. Answers still quote the clauses as written; only the question is normalised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

import yaml

from kb.errors import ConfigError

_SPACE_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_REPEATED_MARK = re.compile(r"([？?！!。，,])\1+")
# a thousands separator (50,000 administrative villages, 1,000万元): one number, as the documents write it, and
# no comma a long question is split at
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# English words glossed in brackets by the Chinese the documents write (lead unit（牵头单位）, equity investment
# （股权投资）): in a Chinese question mixing English, the Chinese gloss is what is asked
_GLOSSED = re.compile(r"[A-Za-z][A-Za-z'\- ]*[A-Za-z]\s*[（(](?P<zh>[\u4e00-\u9fff]{2,12})[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update({0x3000: 0x20, 0xFF05: 0x25, 0xFF0E: 0x2E, 0xFF0B: 0x2B})  # space % . +


@cache
def _converter() -> object:
    import opencc  # OpenCC's own tables: traditional (Taiwan, Hong Kong, standard) → simplified

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)  # type: ignore[attr-defined]


_MARKUP = re.compile(r"<[^>]*>|\[([^\]]*)\]\([^)]*\)|(?:https?|javascript|data):\S*", re.IGNORECASE)


def plain_text(question: str) -> str:
    """The question without HTML tags, link targets and URLs: markup pasted into a question is not its topic
    (and must not make a Chinese question look English)."""
    return re.sub(r"\s+", " ", _MARKUP.sub(lambda m: m.group(1) or " ", question)).strip()


def normalize_question(question: str) -> str:
    """The question as the rest of the pipeline reads it."""
    text = unglossed(to_simplified(question.translate(_WIDTH)))
    text = _SPACE_IN_CJK.sub("", text)
    text = _REPEATED_MARK.sub(r"\1", _THOUSANDS.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def unglossed(text: str) -> str:
    """A Chinese question's English words glossed in brackets, as their Chinese (网络市场监管部际联席会议的 lead
    unit（牵头单位）是哪个 → …的牵头单位是哪个). An English question keeps its words (its Chinese in brackets is read
    as a term it quotes)."""
    if len(_CJK.findall(_GLOSSED.sub("", text))) < 2:
        return text
    return _GLOSSED.sub(lambda m: m["zh"], text)


# one character's alternatives in brackets between the characters they share a word with (新(改)建, 迁(扩)建,
# 新(改、扩)建, 投（融）资): each alternative is a word with them — 新建、改建 — as the documents mean it
_ALTERNATIVES = re.compile(r"([\u4e00-\u9fff])[(（]([\u4e00-\u9fff](?:、[\u4e00-\u9fff])*)[)）]([\u4e00-\u9fff])")


@lru_cache(maxsize=4096)
def alternatives_written_out(text: str) -> str:
    """The text with each bracketed one-character alternative written out as words of its own (新(改)建村卫生室 →
    新建、改建村卫生室; 新(改、扩)建 → 新建、改建、扩建), for finding a word in it; the text quoted stays as written."""
    return _ALTERNATIVES.sub(
        lambda m: "、".join(f"{first}{m[3]}" for first in (m[1], *m[2].split("、"))), text
    )


class EverydayWords:
    """Everyday words → the words documents use (corpus/everyday_words.yaml: 规上 → 规模以上, 营收 → 营业收入),
    replaced in one pass, longest first, so that no replacement is replaced again."""

    def __init__(self, words: Mapping[str, str], families: Sequence[Sequence[str]] = ()) -> None:
        self.words = dict(words)
        self.kin: dict[str, tuple[str, ...]] = {w: tuple(f) for f in families for w in f}
        keys = sorted(self.words, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(k) for k in keys)) if keys else None

    @classmethod
    def from_yaml(cls, path: str | Path) -> EverydayWords:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the everyday words ({exc})") from exc
        words = (data or {}).get("words") or {}
        families = (data or {}).get("families") or []
        if not isinstance(words, dict) or not isinstance(families, list):
            raise ConfigError(
                f"{path}: expected `words:` (everyday word → document word) and `families:` (lists)"
            )
        return cls({str(k): str(v) for k, v in words.items()}, [[str(w) for w in f] for f in families])

    def family(self, word: str) -> tuple[str, ...]:
        """The word and the words of its family (补助 / 补贴 / 贴息); the word alone when it has none. A word
        given as alternatives (评价|评估: an English word's senses) is the family of its alternatives."""
        if "|" in word:
            return tuple(w for part in word.split("|") for w in self.kin.get(part, (part,)))
        return self.kin.get(word, (word,))

    def found(self, word: str, text: str) -> bool:
        """The word, or a word of its family, stands in the text — also in a text's alternatives written out
        (新(改)建 holds 新建 and 改建)."""
        family = self.family(word)
        if any(w in text for w in family):
            return True
        if "(" not in text and "（" not in text:
            return False
        spelled = alternatives_written_out(text)
        return spelled != text and any(w in spelled for w in family)

    def apply(self, question: str) -> str:
        if self._pattern is None:
            return question
        return self._pattern.sub(lambda m: self.words[m.group()], question)
