"""The 文件 tab's documents table and what a person does to a document from it: withdraw it, replace it by a
new version, mark it superseded by another — each asked to be confirmed first, each undone by 撤销.

A withdrawal is soft (kb.docstate): the document leaves every answer and list at once and is removed for good
once KB_WITHDRAW_GRACE_MINUTES have passed (a timer on the page, and every listing, purges what is due);
until then 撤销 restores it with nothing to read or embed again. A replacement keeps a private copy of the
file it replaced: 撤销 ingests that copy back under the same id. A supersession is a mark, undone by removing
it. The logic is kb's (KnowledgeBase.withdraw/restore/supersede/ingest); this module asks and renders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import gradio as gr

from app import render
from app.messages import ERROR_TITLE, failure
from kb.doctable import DocRow, doc_rows
from kb.errors import KBError
from kb.types import IngestResult

if TYPE_CHECKING:
    from app.main import Handlers

BEIJING = timezone(timedelta(hours=8), "北京时间")  # the offices read times in their own zone
HEADERS = ["文件", "地区", "文号", "日期", "状态", "条款数", "有责任单位的事项", "未识别的分工说明"]
PURGE_EVERY_S = 60.0  # how often the open page removes the withdrawn documents whose time has passed
Kind = Literal["withdraw", "supersede", "replace"]
KIND_WORDS: dict[Kind, str] = {"withdraw": "撤回", "supersede": "标记为已被替代", "replace": "替换为新版本"}


@dataclass(frozen=True)
class Action:
    """One action on a document: asked (waiting for 确认), then done (kept for 撤销)."""

    kind: Kind
    doc: str
    new: str | None = None  # supersede: the document replacing it
    upload: str | None = None  # replace: the uploaded file
    previous: str | None = None  # replace, once done: the private copy of the file it replaced


def beijing(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%H:%M")


def status_cell(row: DocRow) -> str:
    if row.status == "withdrawn":
        until = f"，{beijing(row.restorable_until)} 前可撤销" if row.restorable_until else ""
        return f"已撤回{until}"
    if row.status == "superseded":
        return f"已被替代（新文件：《{row.superseded_by}》）"
    if row.status == "draft":
        return "征求意见稿"
    return "有效"


def items_cell(row: DocRow) -> str:
    if row.items is None or row.items_with_units is None:
        return "未记录（请重新导入）"
    return f"{row.items_with_units} / {row.items}"


def table_rows(rows: Sequence[DocRow]) -> list[list[str | int]]:
    """The rows as the table's cells; a date of ingestion says so (the text gave no date of issue)."""
    return [
        [
            f"《{row.short_title}》",
            row.place or "—",
            row.doc_no or "—",
            row.date if row.date_is_issue else f"{row.date}（导入）",
            status_cell(row),
            row.clauses,
            items_cell(row),
            "—" if row.notes_not_understood is None else row.notes_not_understood,
        ]
        for row in rows
    ]


def confirm_text(action: Action, rows: Sequence[DocRow], grace_minutes: float) -> str:
    """What 确认 will do, said before it is done."""
    title = _title(rows, action.doc)
    if action.kind == "withdraw":
        return (
            f"**确认撤回{title}？** 撤回后回答不再引用它，文件列表和筛选中也不再显示；"
            f"{grace_minutes:g} 分钟内可点“撤销”恢复，之后从索引中删除。"
        )
    if action.kind == "supersede":
        return (
            f"**确认将{title}标记为已被{_title(rows, action.new or '')}替代？** 此后回答只在问题写明旧文件的"
            "标题或文号、或筛选旧文件时才引用它，并注明已被替代。可点“撤销”取消标记。"
        )
    name = Path(action.upload or "").name
    return (
        f"**确认用上传的“{render.escape_text(name)}”替换{title}？** 新版本沿用原文件的编号，旧版本的副本保留，"
        "可点“撤销”换回旧版本。"
    )


def _title(rows: Sequence[DocRow], doc: str) -> str:
    row = next((r for r in rows if r.doc_id == doc), None)
    return f"《{render.escape_text(row.short_title)}》" if row else f"“{render.escape_text(doc)}”"


class DocumentActions:
    """The handlers of the documents table and its actions (methods testable without a browser)."""

    def __init__(self, handlers: Handlers) -> None:
        self.handlers = handlers
        self.kb = handlers.kb

    # --- the table and the choices ---
    def rows(self) -> list[DocRow]:
        return doc_rows(self.kb.records(), self.kb.grace())

    def table(self) -> list[list[str | int]]:
        """The table, after removing the withdrawn documents whose time has passed."""
        self.purge_due()
        return table_rows(self.rows())

    def purge_due(self) -> list[str]:
        try:
            return self.kb.purge_withdrawn()
        except KBError:  # an ingest holds the index: purged on a later turn
            return []

    def choices(self) -> list[tuple[str, str]]:
        """Every document, withdrawn ones too (to restore them), labelled by short title and status."""
        return [(f"{row.short_title}（{status_cell(row)}）", row.doc_id) for row in self.rows()]

    def picker(self) -> dict[str, Any]:
        return gr.update(choices=self.choices(), value=None)

    def chosen(self, doc: str | None) -> tuple[dict[str, Any], dict[str, Any], Action | None]:
        """A document picked: the choice of its successor (every other document still listed) and, for a
        withdrawn one, 撤销 to restore it."""
        rows = self.rows()
        others = [(f"《{r.short_title}》", r.doc_id) for r in rows if r.doc_id != doc and r.status != "withdrawn"]
        row = next((r for r in rows if r.doc_id == doc), None)
        if row is not None and row.status == "withdrawn":
            return gr.update(choices=others, value=None), gr.update(visible=True), Action("withdraw", row.doc_id)
        return gr.update(choices=others, value=None), gr.update(visible=False), None

    # --- asking, confirming, undoing ---
    def ask(
        self, kind: Kind, doc: str | None, new: str | None = None, upload: str | None = None
    ) -> tuple[Action | None, dict[str, Any], str]:
        """An action asked for: (the action waiting, the confirmation box, its text) — or what is missing."""
        if not doc:
            return None, gr.update(visible=False), "请先在上面选择要处理的文件。"
        if kind == "supersede" and not new:
            return None, gr.update(visible=False), "请先选择替代它的新文件。"
        if kind == "replace" and not upload:
            return None, gr.update(visible=False), "请先上传新版本文件。"
        action = Action(kind, doc, new=new, upload=upload)
        return action, gr.update(visible=True), confirm_text(action, self.rows(), self.grace_minutes)

    @property
    def grace_minutes(self) -> float:
        return self.kb.settings.withdraw_grace_minutes

    def confirm(self, action: Action | None) -> tuple[str, Action | None, dict[str, Any], dict[str, Any]]:
        """Do the action confirmed: (what was done, the action kept for 撤销, 撤销's button, the box hidden)."""
        hidden = gr.update(visible=False)
        if action is None:
            return "", None, gr.update(visible=False), hidden
        try:
            done, said = self._do(action)
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e
        return said, done, gr.update(visible=done is not None), hidden

    def _do(self, action: Action) -> tuple[Action | None, str]:
        rows = self.rows()
        title = _title(rows, action.doc)
        if action.kind == "withdraw":
            until = self.kb.withdraw(action.doc)
            return action, f"已撤回{title}：回答不再引用它。{beijing(until)}（北京时间）前可点“撤销”恢复。"
        if action.kind == "supersede":
            self.kb.supersede(action.doc, action.new)
            new = _title(rows, action.new or "")
            return action, f"已将{title}标记为已被{new}替代：回答不再引用旧文件，除非问题写明它。"
        result, previous = self._replace(action.doc, Path(action.upload or ""))
        report = render.ingest_markdown([result])
        if result.status == "refused":
            return None, f"未替换{title}：\n\n{report}"
        return dataclasses.replace(action, previous=previous), f"已用新版本替换{title}。\n\n{report}"

    def _replace(self, doc: str, upload: Path) -> tuple[IngestResult, str | None]:
        """Ingest the upload as `doc`'s new version; a private copy of the file it replaces is kept for 撤销."""
        original = self.kb.original(doc)
        previous = str(self.handlers._store(original)) if original is not None else None
        return self.handlers._ingest_one(upload, None, replace_doc=doc), previous

    def undo(self, action: Action | None) -> tuple[str, Action | None, dict[str, Any]]:
        """撤销 the last action: (what was done, no action left, 撤销's button hidden)."""
        hidden = gr.update(visible=False)
        if action is None:
            return "没有可撤销的操作。", None, hidden
        title = _title(self.rows(), action.doc)
        try:
            if action.kind == "withdraw":
                self.kb.restore(action.doc)
                return f"已恢复{title}：回答重新引用它。", None, hidden
            if action.kind == "supersede":
                self.kb.supersede(action.doc, None)
                return f"已取消{title}的“已被替代”标记。", None, hidden
            if action.previous is None:
                return f"{title}没有保留旧版本，无法换回。", None, hidden
            result = self.handlers._ingest_one(Path(action.previous), None, replace_doc=action.doc)
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e
        return f"已换回{title}的旧版本。\n\n{render.ingest_markdown([result])}", None, hidden


@dataclass(frozen=True)
class DocumentsSection:
    """What the rest of the 文件 tab connects to: the table, the picker of the document to act on (both to be
    refreshed after an upload), and the events after which every other list of documents is to be updated."""

    table: gr.Dataframe
    target: gr.Dropdown
    changed: list[Any]
    actions: DocumentActions


def build_documents_section(handlers: Handlers, demo: gr.Blocks) -> DocumentsSection:
    """The documents table and the 撤回 / 替换 / 标记为已被替代 controls under it."""
    actions = DocumentActions(handlers)
    private: dict[str, Any] = {"api_visibility": "private"}
    table = gr.Dataframe(
        headers=HEADERS, label="已索引的文件", interactive=False, wrap=True, elem_id="doc-table"
    )
    with gr.Accordion("撤回、替换或标记文件", open=False, elem_id="doc-manage"):
        target = gr.Dropdown(label="要处理的文件", choices=[], elem_id="manage-doc")
        with gr.Row():
            withdraw = gr.Button("撤回此文件", size="sm", elem_id="withdraw")
            supersede = gr.Button("标记为已被替代", size="sm", elem_id="supersede")
            replace = gr.Button("替换为新版本", size="sm", elem_id="replace")
        successor = gr.Dropdown(label="替代它的新文件（标记为已被替代时选择）", choices=[], elem_id="successor")
        upload = gr.File(
            label="新版本文件（替换时上传）", file_types=handlers_upload_types(), elem_id="replace-file"
        )
        with gr.Column(visible=False, elem_id="confirm-box") as confirm_box:
            question = gr.Markdown(elem_id="confirm-text")
            with gr.Row():
                confirm = gr.Button("确认", variant="primary", size="sm", elem_id="confirm")
                cancel = gr.Button("取消", size="sm", elem_id="cancel")
        said = gr.Markdown(elem_id="manage-result")
        undo = gr.Button("撤销", size="sm", visible=False, elem_id="undo")
    pending = gr.State(None)  # the action waiting for 确认
    last = gr.State(None)  # the action done, for 撤销

    def relist(event: Any) -> Any:
        return event.then(actions.table, outputs=[table], **private).then(
            actions.picker, outputs=[target], **private
        )

    target.input(actions.chosen, [target], [successor, undo, last], **private)
    for button, kind in ((withdraw, "withdraw"), (supersede, "supersede"), (replace, "replace")):
        button.click(
            lambda doc, new, file, kind=kind: actions.ask(kind, doc, new, file),
            [target, successor, upload],
            [pending, confirm_box, question],
            **private,
        )
    cancel.click(lambda: (None, gr.update(visible=False), "已取消。"), outputs=[pending, confirm_box, said], **private)
    done = confirm.click(actions.confirm, [pending], [said, last, undo, confirm_box], **private)
    changed = [
        relist(done.then(lambda: None, outputs=[pending], **private)),
        relist(undo.click(actions.undo, [last], [said, last, undo], **private)),
    ]
    # Purged documents were out of every other list since their withdrawal: only the table changes.
    gr.Timer(PURGE_EVERY_S).tick(actions.table, outputs=[table], **private)
    demo.load(actions.table, outputs=[table], **private)
    demo.load(actions.picker, outputs=[target], **private)
    return DocumentsSection(table, target, changed, actions)


def handlers_upload_types() -> list[str]:
    from app.main import UPLOAD_TYPES

    return UPLOAD_TYPES
