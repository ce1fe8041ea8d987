"""Stage 4, decide: a day (or a period) a yes/no question checks (是否要求在2021年12月31日前完成, 是2024年5月印发的吗, 期限是3月底前吗)
against the days the best clause writes. Of the clause's sentence pieces writing a day, the pieces sharing most of
the question's words are the ones about the thing checked (省政府各牵头部门要于1月底前完成…细化分解 and 2月底前逐项制定
具体工作措施 are two deadlines of one sentence); the day checked is the one written there when they agree on every
part both write — year, month, day, a month's end (底/末) being its last day — and another day when they do not. A
clause writing no day states none: the check is not settled, never guessed. A period a recurring act is done in
(每半年召开一次, asked 是每季度召开一次吗) is judged the same way on the pieces writing one."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from kb.qa.corpus import cjk_pairs

# a day as the documents and the questions write it: 2021年12月31日, 1月底, 2024年5月(份), 2021-12-31, 2025年底
_DAY = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?<![\d.])(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?\s*"
    r"(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号]|(?P<end>底|末))?"
)
_YEAR_END = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?:底|末)")
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-./](?P<m>1[0-2]|0?[1-9])[-./](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)")
_Item = TypeVar("_Item")  # what a piece is judged on: a day, a period
END = 99  # the day of a month's end (1月底, 2025年底: 12月底)
# the pieces a clause is read in: a day times what its own piece writes
_PIECE = re.compile(r"[^，,；;。\n]+")


@dataclass(frozen=True)
class Day:
    """A day as written: its year when written, its month, its day (None: the month only; END: its last day)."""

    year: int | None
    month: int
    day: int | None
    text: str


def days_in(text: str) -> list[Day]:
    """Every day a text writes, in order."""
    found: list[tuple[int, Day]] = []
    taken: list[tuple[int, int]] = []
    for form in (_ISO, _DAY, _YEAR_END):
        for m in form.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            year = int(groups["y"]) if groups.get("y") else None
            month = int(groups["m"]) if groups.get("m") else 12
            day = int(groups["d"]) if groups.get("d") else END if groups.get("end") or form is _YEAR_END else None
            taken.append((m.start(), m.end()))
            found.append((m.start(), Day(year, month, day, m.group(0).strip())))
    return [d for _, d in sorted(found, key=lambda f: f[0])]


def same(asked: Day, written: Day) -> bool:
    """Whether two days agree on every part both write: a month's end is its last day (12月底 is 12月31日)."""
    if asked.year is not None and written.year is not None and asked.year != written.year:
        return False
    if asked.month != written.month:
        return False
    if asked.day is None or written.day is None:
        return True
    year = asked.year or written.year  # 2月底 beside 2024年2月29日: the month of the year one of them writes
    return _day_of(asked, year) == _day_of(written, year)


def _day_of(day: Day, year: int | None) -> int:
    if day.day != END:
        return day.day or 0
    return calendar.monthrange(year or 2001, day.month)[1]


def checked(asked: Day, question: str, text: str) -> tuple[bool, str] | None:
    """Whether the clause's text writes the day asked for the thing the question checks — with the piece writing
    the day judged — or None when the text writes no day."""
    return _judged(text, question, asked.text, days_in, lambda day: same(asked, day))


def _judged(
    text: str,
    question: str,
    written: str,
    found_in: Callable[[str], Sequence[_Item]],
    agrees: Callable[[_Item], bool],
) -> tuple[bool, str] | None:
    """Of the text's pieces writing an item (`found_in`: days, periods), those about the thing the question names
    (the question less the item it writes, `written`): yes with the first writing one that `agrees`, else no with
    the first of them; None when no piece writes any."""
    found = [(piece, items) for piece in pieces_of(text) if (items := found_in(piece))]
    if not found:
        return None
    nearest = about_question(question.replace(written, " "), [piece for piece, _ in found])
    about = [(piece, items) for piece, items in found if piece in nearest]
    for piece, items in about:
        if any(agrees(item) for item in items):
            return True, piece
    return False, about[0][0]


def pieces_of(text: str) -> list[str]:
    """A clause's sentence pieces (between ，；。 and line ends)."""
    return [p.group(0).strip() for p in _PIECE.finditer(text) if p.group(0).strip()]


def about_question(question: str, pieces: list[str]) -> list[str]:
    """Of pieces each writing a value or a day, those sharing most of the question's words (pairs of characters):
    the pieces about the thing the question names."""
    words = _bigrams(question)
    shares = [len(words & _bigrams(piece)) for piece in pieces]
    return [piece for piece, share in zip(pieces, shares, strict=True) if share == max(shares, default=0)]


def _bigrams(text: str) -> set[str]:
    """The pairs of Chinese characters a text writes, no digits nor day words: what ties a piece to the question."""
    return cjk_pairs(_DAY.sub(" ", text))


# the period of a recurring act (每半年召开一次, 每季度, 每两个月, 每年): its count and its unit
_PERIOD = re.compile(r"每(?P<n>[一二两三四五六七八九十\d]{0,3})\s*个?\s*(?P<unit>半年|季度|季|月|年|周|星期|旬|天|日)")
_UNIT = {"季": "季度", "星期": "周", "天": "日"}
_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def periods_in(text: str) -> list[tuple[int, str, str]]:
    """Every period a text writes: (count, unit, as written) — 每两个月 is (2, 月), 每季 is 每季度."""
    found = []
    for m in _PERIOD.finditer(text):
        n = m["n"]
        count = int(n) if n.isdigit() else _COUNT.get(n, 1) if n else 1
        found.append((count, _UNIT.get(m["unit"], m["unit"]), m.group(0)))
    return found


def period_checked(asked: tuple[int, str, str], question: str, text: str) -> tuple[bool, str] | None:
    """Whether the clause's text writes the period asked in the piece about the act the question names, with
    that piece; None when it writes no period."""
    return _judged(text, question, asked[2], periods_in, lambda period: period[:2] == asked[:2])
