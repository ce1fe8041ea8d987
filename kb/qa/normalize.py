"""Normalising a question before it is understood: traditional characters to simplified (OpenCC), full-width
letters, digits and spaces to half-width, stray spaces between Chinese characters removed, repeated
punctuation collapsed. Answers still quote the clauses as written; only the question is normalised.
"""

from __future__ import annotations

import re
from functools import cache

_SPACE_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_REPEATED_MARK = re.compile(r"([？?！!。，,])\1+")
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


def normalize_question(question: str) -> str:
    """The question as the rest of the pipeline reads it."""
    text = to_simplified(question.translate(_WIDTH))
    text = _SPACE_IN_CJK.sub("", text)
    text = _REPEATED_MARK.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip()
