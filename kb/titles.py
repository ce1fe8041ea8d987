"""Document titles as a reader names them: the short form shown in lists, cards and pickers.

An official notice is titled by what it sends: 广东省发展改革委关于印发《广东省支持人工智能OPC创新发展行动方案
（2026—2028年）》的通知 is, to the people who work with it, the 行动方案 inside the 《》. Lists show that short form
and keep the full title where the reader can look it up (on hover, in the source panel, in the documents table).
"""

from __future__ import annotations

import re

from kb.parse.brackets import balanced_groups

# 关于印发 / 印发 / 关于转发 / 转发 … 的通知: the covering notice of the document it sends.
_SENDS = re.compile(r"(?:关于)?(?:印发|转发|下发|发布)")
_NOTICE_END = re.compile(r"的?通知$")
_ABOUT = "关于"
SHORT_ENOUGH = 24  # characters: a title this long is shown whole, issuer and all
# a remainder shorter than this is not a title of its own (关于……的意见 alone says little)
_SHORTEST_SUBJECT = 8
# An issuer this long is an office's full name (宁波市人民政府办公厅), left out of a long title; a shorter one is
# the place (苍南县关于…), which tells two documents of the same wording apart, and stays.
_OFFICE_NAME = 8


def short_title(title: str) -> str:
    """The title a list shows: the document a covering notice sends (《X》, or X of 关于印发X的通知); a long title's
    subject without the office that issued it (宁波市人民政府办公厅关于支持…的若干意见 → 关于支持…的若干意见); else the
    title as written."""
    title = " ".join(title.split())
    sent = _sent_document(title)
    if sent:
        return sent
    if len(title) > SHORT_ENOUGH:
        at = title.find(_ABOUT)
        if at >= _OFFICE_NAME and len(title) - at >= _SHORTEST_SUBJECT:
            return title[at:]
    return title


def _sent_document(title: str) -> str | None:
    """The document a covering notice sends, or None when the title is no such notice."""
    sends = _SENDS.search(title)
    end = _NOTICE_END.search(title)
    if sends is None or end is None or end.start() <= sends.end():
        return None
    inside = title[sends.end() : end.start()].strip()
    quoted = _one_book_title(inside)
    if quoted is not None:
        return quoted
    return inside if len(inside) >= _SHORTEST_SUBJECT // 2 else None


def _one_book_title(text: str) -> str | None:
    """X when `text` is exactly 《X》 (brackets matched by balance: a title may quote another)."""
    groups = balanced_groups(text, "《")
    if len(groups) == 1 and groups[0] == (0, len(text)):
        return text[1:-1].strip() or None
    return None
