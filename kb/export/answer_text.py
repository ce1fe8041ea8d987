"""An answer as clean text, built from the Answer itself (never by stripping the chat's markup): what the copy
action of an answer puts on the clipboard, and what the exports are made of.

Which clauses an answer *used* is decided here once (`used_and_related`): the chat shows the others folded as
其他相关条款, and the copy and the exports either leave them out or list them under a heading of their own
that says they were not used.
"""

from __future__ import annotations

import re

from kb.qa.compose.common import cite
from kb.types import Answer, Clause, Hit

PATH_SEPARATOR = " › "
_WRAPPER = re.compile(r"^.*?关于印发|的通知$|[《》]")  # 关于印发《X》的通知 → X


def used_and_related(answer: Answer) -> tuple[tuple[Hit, ...], tuple[Hit, ...]]:
    """The clauses the answer is read from, and the weaker matches shown after them. A unit's duty list uses
    every clause it cites; any other answer is read from its first clause. An abstention used none: every
    clause it shows is only a near match for the reader to check."""
    if answer.abstained:
        return (), answer.citations
    if answer.intent == "department_tasks":
        return answer.citations, ()
    return answer.citations[:1], answer.citations[1:]


def short_title(title: str) -> str:
    """A document's title without the covering notice's wrapper (关于印发《X》的通知 → X)."""
    return _WRAPPER.sub("", title).strip() or title


def source_line(clause: Clause) -> str:
    """Where a clause stands, as a reader finds it: 《short title》 outline path 第N页."""
    path = PATH_SEPARATOR.join(clause.path) if clause.path else clause.title
    page = f" 第{clause.page}页" if clause.page is not None else ""
    return f"《{short_title(clause.doc_title)}》 {path}{page}"


def answer_body(answer: Answer) -> list[str]:
    """The answer's own lines, plain: the filters it was shaped by, the model's checked wording when there is
    one, the answer."""
    lines: list[str] = []
    if answer.abstained:
        lines.append("未找到依据。")
        if answer.scope:
            where = "、".join(answer.scope)
            elsewhere = f"全部文件中有 {answer.outside} 条" if answer.outside else "全部文件中也没有"
            lines.append(f"所选范围（{where}）中没有相关条款，{elsewhere}。")
    elif answer.scope:
        lines.append(f"在{'、'.join(answer.scope)}中：")
    if not answer.abstained and answer.llm is not None and answer.llm.text:
        lines.append(answer.llm.text.strip())
    lines.append(_without_inline_sources(answer.answer, used_and_related(answer)[0]).strip())
    return lines


def _without_inline_sources(text: str, used: tuple[Hit, ...]) -> str:
    """The answer without its inline `依据：《…》…` of a clause it used: the copy and the exports list those
    clauses under the answer already, and would name each source twice. Only the exact citation the answer was
    composed with is removed, so any other wording stays as the answer says it."""
    for hit in used:
        text = text.replace(f"依据：{cite(hit.clause)}", "").replace(f" Source: {cite(hit.clause, 'en')}", "")
    return text


def copy_text(answer: Answer) -> str:
    """One answer for the clipboard: the answer, then the clauses it used as `《short title》 path 第N页` lines
    (an abstention lists the clauses it showed as only possibly related)."""
    used, related = used_and_related(answer)
    parts = ["\n".join(answer_body(answer))]
    if used:
        parts.append("依据：\n" + "\n".join(source_line(hit.clause) for hit in used))
    elif related and answer.abstained:
        parts.append("可能相关的条款（仅供核对）：\n" + "\n".join(source_line(h.clause) for h in related))
    return "\n\n".join(parts)
