"""Brackets of every kind matched by balance, and cutting a text at separators outside brackets — shared by the
note grammar, unit names and spelling resolution."""

from __future__ import annotations

OPENING = "（([〔【［〈<《"
CLOSING = "）)]〕】］〉>》"
_PAIR = dict(zip(OPENING, CLOSING, strict=True))


def balanced_groups(text: str, kinds: str = OPENING) -> list[tuple[int, int]]:
    """Spans of the outermost bracket groups opened by one of `kinds`, matched by balance over every bracket
    kind: `（A〔B、C〕D）` is one group, `省市场监管局（省知识产权局）` stays whole."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char in _PAIR:
            if not stack:
                if char not in kinds:
                    continue
                start = index
            stack.append(_PAIR[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                spans.append((start, index + 1))
    return spans


def is_balanced(text: str) -> bool:
    stack: list[str] = []
    for char in text:
        if char in _PAIR:
            stack.append(_PAIR[char])
        elif char in CLOSING and (not stack or stack.pop() != char):
            return False
    return not stack


def split_top(text: str, separators: str) -> list[tuple[str, str]]:
    """`text` cut at `separators` outside brackets: [(piece, the separator before it)] — "" before the first."""
    pieces: list[tuple[str, str]] = []
    depth, current, before = 0, "", ""
    for char in text:
        if char in _PAIR:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
        if depth == 0 and char in separators:
            pieces.append((current, before))
            current, before = "", char
        else:
            current += char
    pieces.append((current, before))
    return pieces


def without_brackets(text: str) -> str:
    """`县委组织部（人才办）` → `县委组织部`: the text outside its bracket groups."""
    for start, end in reversed(balanced_groups(text)):
        text = text[:start] + text[end:]
    return text
