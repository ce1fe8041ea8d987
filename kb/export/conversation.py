"""A conversation as a reader takes it away: each answer as plain text with its sources as numbered footnotes
(for pasting into a document or a message), and the whole conversation as a Word (DOCX) file."""

from __future__ import annotations

import io
from collections.abc import Sequence

from kb.types import Answer, Clause

EXCERPT = 120  # characters of a cited clause quoted in its footnote


def source_line(clause: Clause) -> str:
    """Where a clause stands: 《title》 outline path, page."""
    path = " › ".join(clause.path) if clause.path else clause.title
    page = f"，第{clause.page}页" if clause.page is not None else ""
    return f"《{clause.doc_title}》{path}{page}"


def footnotes(answer: Answer) -> list[str]:
    """The cited clauses as footnotes: `[1] 《…》path，第3页：text…`."""
    notes = []
    for i, hit in enumerate(answer.citations, 1):
        text = " ".join(hit.clause.text.split())
        quoted = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
        notes.append(f"[{i}] {source_line(hit.clause)}：{quoted}")
    return notes


def answer_lines(answer: Answer) -> list[str]:
    """The answer's own lines: the filters it was shaped by, how a follow-up was read, the answer, marked with
    its footnote numbers."""
    lines = []
    if answer.scope:
        lines.append(f"在{'、'.join(answer.scope)}中：")
    if answer.abstained and answer.scope and answer.outside:
        lines.append(f"所选范围中没有相关条款，全部文件中有 {answer.outside} 条。")
    marks = "".join(f"[{i}]" for i in range(1, len(answer.citations) + 1))
    lines.append(f"{answer.answer.strip()}{marks}")
    return lines


def answer_plain_text(answer: Answer) -> str:
    """One question and its answer as plain text, sources as footnotes."""
    asked = answer.question + (f"（理解为：{answer.resolved}）" if answer.resolved else "")
    parts = [f"问：{asked}", "答：" + "\n".join(answer_lines(answer))]
    notes = footnotes(answer)
    if notes:
        parts += ["", "出处：", *notes]
    return "\n".join(parts)


def conversation_plain_text(answers: Sequence[Answer]) -> str:
    return "\n\n".join(answer_plain_text(a) for a in answers)


def conversation_docx(answers: Sequence[Answer], title: str = "问答记录") -> bytes:
    """The conversation as a Word document: each question as a heading, the answer, its sources as footnotes."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(title, level=1)
    for n, answer in enumerate(answers, 1):
        asked = answer.question + (f"（理解为：{answer.resolved}）" if answer.resolved else "")
        document.add_heading(f"{n}. {asked}", level=2)
        for line in answer_lines(answer):
            for piece in line.split("\n"):
                document.add_paragraph(piece)
        for note in footnotes(answer):
            run = document.add_paragraph().add_run(note)
            run.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
