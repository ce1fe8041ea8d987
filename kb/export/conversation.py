"""A conversation, or one answer of it, as a reader takes it away: plain text with the clauses each answer used
as numbered footnotes (for pasting into a document or a message), and a Word (DOCX) file.

Each question is written as the user typed it (a follow-up with how it was read after it); the footnotes are
exactly the clauses the answer used (kb.export.answer_text.used_and_related); the weaker matches the chat folds
under 其他相关条款 are listed after them under a heading saying they were not used as sources.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from kb.export.answer_text import answer_body, used_and_related
from kb.types import Answer, Clause, Hit

EXCERPT = 120  # characters of a cited clause quoted in its footnote
RELATED_HEADING = "其他相关条款（未作为回答依据，仅供参考）："
NEAREST_HEADING = "可能相关的条款（未找到依据，仅供核对）："


def source_line(clause: Clause) -> str:
    """Where a clause stands: 《title》 outline path, page."""
    path = " › ".join(clause.path) if clause.path else clause.title
    page = f"，第{clause.page}页" if clause.page is not None else ""
    return f"《{clause.doc_title}》{path}{page}"


def _note(number: int, hit: Hit) -> str:
    text = " ".join(hit.clause.text.split())
    quoted = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
    return f"[{number}] {source_line(hit.clause)}：{quoted}"


def footnotes(answer: Answer) -> list[str]:
    """The clauses the answer used, as footnotes: `[1] 《…》path，第3页：text…`."""
    used, _ = used_and_related(answer)
    return [_note(i, hit) for i, hit in enumerate(used, 1)]


def related_notes(answer: Answer) -> list[str]:
    """The clauses shown but not used (numbered after the footnotes), under their own heading; none when the
    answer shows no others."""
    used, related = used_and_related(answer)
    if not related:
        return []
    heading = NEAREST_HEADING if answer.abstained else RELATED_HEADING
    return [heading, *(_note(i, hit) for i, hit in enumerate(related, len(used) + 1))]


def answer_lines(answer: Answer) -> list[str]:
    """The answer's own lines, the last marked with its footnote numbers."""
    used, _ = used_and_related(answer)
    lines = answer_body(answer)
    lines[-1] += "".join(f"[{i}]" for i in range(1, len(used) + 1))
    return lines


def asked_line(answer: Answer, question: str | None = None) -> str:
    """The question as typed (`question`, else the answer's own), and how a follow-up was read."""
    asked = question if question is not None else answer.question
    return asked + (f"（理解为：{answer.resolved}）" if answer.resolved else "")


def answer_plain_text(answer: Answer, question: str | None = None) -> str:
    """One question and its answer as plain text, the clauses it used as footnotes."""
    parts = [f"问：{asked_line(answer, question)}", "答：" + "\n".join(answer_lines(answer))]
    notes = footnotes(answer)
    if notes:
        parts += ["", "出处：", *notes]
    others = related_notes(answer)
    if others:
        parts += ["", *others]
    return "\n".join(parts)


def _questions(answers: Sequence[Answer], asked: Sequence[str] | None) -> list[str | None]:
    return list(asked) if asked is not None else [None] * len(answers)


def conversation_plain_text(answers: Sequence[Answer], asked: Sequence[str] | None = None) -> str:
    """Every answer of a conversation in order; `asked`: the questions as typed, one per answer."""
    pairs = zip(answers, _questions(answers, asked), strict=True)
    return "\n\n".join(answer_plain_text(answer, question) for answer, question in pairs)


def conversation_docx(
    answers: Sequence[Answer], title: str = "问答记录", asked: Sequence[str] | None = None
) -> bytes:
    """The conversation as a Word document: each question as a heading, the answer, the clauses it used as
    footnotes, then the clauses shown but not used under their own heading."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(title, level=1)
    pairs = zip(answers, _questions(answers, asked), strict=True)
    for n, (answer, question) in enumerate(pairs, 1):
        document.add_heading(f"{n}. {asked_line(answer, question)}", level=2)
        for line in answer_lines(answer):
            for piece in line.split("\n"):
                document.add_paragraph(piece)
        notes = footnotes(answer)
        if notes:
            document.add_paragraph("出处：")
        for note in notes:
            document.add_paragraph().add_run(note).font.size = Pt(9)
        for number, line in enumerate(related_notes(answer)):
            run = document.add_paragraph().add_run(line)
            run.font.size = Pt(9)
            run.italic = number > 0
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
