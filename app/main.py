"""The Gradio app over one KnowledgeBase: 问答 (chat), 部门职责 (departments), 文件 (documents and upload).

`build_app(kb)` builds the page; `launch(kb, ...)` serves it for `kb serve`. The app holds no logic of its
own: `Handlers` turns what the page sends into KnowledgeBase calls and the results into rendered values
(app/render.py). The question answering function is also the API endpoint `/ask`, returning the same JSON
object as `kb ask --json`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import gradio as gr
import pandas as pd
from starlette.middleware import Middleware
from starlette.responses import JSONResponse

from app import render
from app.messages import (
    ERROR_TITLE,
    TOAST_SCRIPT,
    document_exists,
    failure,
    refusal,
    too_large,
    too_many_logins,
)
from kb.api import KnowledgeBase, check_question
from kb.auth import Accounts, LoginThrottle, trusted_proxies
from kb.errors import ConfigError, IndexMissing, KBError
from kb.export import close_departments, department_sheet_bytes, matrix, matrix_bytes, tasks_bytes
from kb.export.conversation import conversation_docx, conversation_plain_text
from kb.fair import FairQueue
from kb.ingest import Stage, StepCallback
from kb.load.detect import SUPPORTED_EXTENSIONS
from kb.safenames import inside
from kb.types import Answer, Clause, IngestResult
from kb.unit import placed

UPLOAD_TYPES = list(SUPPORTED_EXTENSIONS)  # every extension kb.load reads
ANSWERS_KEPT = 500  # answers remembered per server for 👍/👎 (by their rendered text)
ALL = ""  # filter value meaning "no filter"
UPLOAD_PROGRESS = gr.Progress()  # a parameter defaulting to a Progress is given the event's own bar by Gradio
CSS_FILE = Path(__file__).parent / "static" / "app.css"
# Names for controls Gradio draws without one (axe-core's button-name and aria-prohibited-attr rules): the
# button around a shown image, and the "Empty value" boxes of empty components. Re-applied as the page changes.
A11Y_HEAD = (
    """<script>
(() => {
TOAST_SCRIPT
  const label = () => {
    translateToasts();
    document.querySelectorAll('.image-container button:not([aria-label])').forEach(b => {
      if (!b.textContent.trim()) b.setAttribute('aria-label', '放大查看图片');
    });
    document.querySelectorAll('div.empty[aria-label]:not([role])').forEach(d => d.setAttribute('role', 'img'));
  };
  new MutationObserver(label).observe(document.documentElement, {childList: true, subtree: true});
  // A citation in the chat or an outline entry opens its clause in the side panel, on the same page (not a new
  // tab).
  document.addEventListener('click', (event) => {
    const link = event.target.closest &&
      event.target.closest('#chat a[href*="clause="], #outline a[href*="clause="]');
    const box = document.querySelector('#open-clause textarea, #open-clause input');
    if (!link || !box) return;
    event.preventDefault();
    event.stopPropagation();
    const id = new URL(link.href, location.href).searchParams.get('clause') || '';
    if (box.value === id) { box.value = ''; box.dispatchEvent(new Event('input', {bubbles: true})); }
    setTimeout(() => { box.value = id; box.dispatchEvent(new Event('input', {bubbles: true})); }, 50);
  }, true);
})();
</script>"""
).replace("TOAST_SCRIPT", TOAST_SCRIPT)

Message = dict[str, Any]
T = TypeVar("T")
# Questions and uploads run in separate worker groups: an upload being ingested (parsed in a child process,
# then embedded) never makes a question wait behind it. Two questions (and other reads) at a time, one per
# core, shared fairly among users by Handlers.fair (kb.fair): Gradio's own group is first come, first served,
# so its limit is lifted for them — a question waiting in the fair queue holds no worker and no thread.
READERS = 2
READING: dict[str, Any] = {"concurrency_id": "read", "concurrency_limit": None}
INGESTING: dict[str, Any] = {"concurrency_id": "ingest", "concurrency_limit": 1}


def user_key(request: gr.Request | None) -> str:
    """Whose request, for the fair queue: the account logged in, else the browser session (an API client
    has a session of its own)."""
    if request is None:
        return "local"
    if request.username:
        return f"user:{request.username}"
    return f"session:{request.session_hash}"


def private_cache_dir(kb: KnowledgeBase) -> Path:
    """Make Gradio keep uploads and generated downloads in a private folder instead of the shared /tmp/gradio.

    Gradio reads the folder from GRADIO_TEMP_DIR wherever it handles files, so the variable has to be set
    before the page is built.
    """
    folder = kb.settings.uploads_dir / "gradio"
    private_folder(kb.settings.uploads_dir)
    private_folder(folder)
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    return folder


def private_folder(folder: Path) -> Path:
    """A folder only its owner can enter (0700), made if missing, whatever the umask."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    return folder


def private_file(path: Path) -> Path:
    path.chmod(0o600)
    return path


def message_text(message: dict[str, Any]) -> str:
    """A chat message's text: the page sends content back as a list of parts ({"type": "text", "text": …})."""
    content = message.get("content", "")
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


def _or_none(value: str | None) -> str | None:
    return value or None


class Handlers:
    """What each control of the page does, as plain methods (testable without a browser)."""

    def __init__(self, kb: KnowledgeBase, cache_dir: Path) -> None:
        self.kb = kb
        self.cache_dir = cache_dir
        self.stored_dir = kb.settings.uploads_dir / "files"
        self.answered: dict[str, Answer] = {}  # recent answers by their rendered text, for 👍/👎
        settings = kb.settings
        self.fair = FairQueue(READERS, max_waiting=settings.queue_size, per_key=settings.questions_per_user)

    # --- what the page's events call: the methods below, each in its user's turn (kb.fair) ---
    async def ask_event(
        self,
        question: str,
        doc: str | None = None,
        department: str | None = None,
        history: list[str] | None = None,
        request: gr.Request | None = None,
    ) -> dict[str, Any]:
        """`api_ask` (the `/ask` endpoint) in its caller's turn."""
        self._check(question)
        return await self._in_turn(request, lambda: self.api_ask(question, doc, department, history))

    async def chat_event(
        self,
        question: str,
        history: list[Message],
        doc: str | None,
        department: str | None,
        asked: list[str] | None = None,
        request: gr.Request | None = None,
    ) -> AsyncIterator[tuple[list[Message], str, list[str]]]:
        """`chat_stream` in its user's turn: a question too long is refused before it waits."""
        self._check(question)
        steps = self.fair.stream(
            user_key(request), lambda: self.chat_stream(question, history, doc, department, asked)
        )
        try:
            async for step in steps:
                yield step
        except KBError as e:  # Busy: too many of this user's, or of everyone's, questions waiting
            raise gr.Error(failure(e), title=ERROR_TITLE) from e

    async def source_event(
        self, clause_id: str | None, request: gr.Request | None = None
    ) -> tuple[dict[str, Any], Any, dict[str, Any]]:
        return await self._in_turn(request, lambda: self.source_panel(clause_id))

    async def department_event(
        self, name: str | None, request: gr.Request | None = None
    ) -> tuple[str, dict[str, Any]]:
        return await self._in_turn(request, lambda: self.department(name))

    async def overview_event(
        self, request: gr.Request | None = None
    ) -> tuple[dict[str, Any], str, str, list[str] | None]:
        return await self._in_turn(request, self.overview)

    async def _in_turn(self, request: gr.Request | None, work: Callable[[], T]) -> T:
        try:
            return await self.fair.run(user_key(request), work)
        except KBError as e:  # Busy
            raise gr.Error(failure(e), title=ERROR_TITLE) from e

    def _check(self, question: str | None) -> None:
        """A question over the length cap is refused at once, in Chinese, before it waits for a worker."""
        try:
            check_question(question or "", self.kb.settings.max_question_chars)
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e

    # --- 问答 ---
    def api_ask(
        self,
        question: str,
        doc: str | None = None,
        department: str | None = None,
        history: list[str] | None = None,
    ) -> dict[str, Any]:
        """Answer a question; the same JSON object as `kb ask --json`. `history`: the questions asked before in
        the conversation (oldest first), so that a follow-up (那配合单位呢？) is read against them."""
        try:
            answer = self.kb.ask(
                question, doc=_or_none(doc), department=_or_none(department), history=history
            )
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e
        return answer.to_dict()

    def chat(
        self,
        question: str,
        history: list[Message],
        doc: str | None,
        department: str | None,
        asked: list[str] | None = None,
    ) -> tuple[list[Message], str, list[str]]:
        """Append the question and its rendered answer to the chat; clear the input box. `asked` holds the
        questions of the conversation as typed (the chat shows them escaped), for follow-ups."""
        *_, last = self.chat_stream(question, history, doc, department, asked)
        return last

    def chat_stream(
        self,
        question: str,
        history: list[Message],
        doc: str | None,
        department: str | None,
        asked: list[str] | None = None,
    ) -> Iterator[tuple[list[Message], str, list[str]]]:
        """`chat`, step by step: the offline answer at once, then — with a model configured — its checked
        sentences as the model streams them."""
        question = (question or "").strip()
        asked = list(asked or [])
        if not question:
            yield history, "", asked
            return
        shown_question = {"role": "user", "content": render.escape_text(question)}  # as typed, never markup
        answers = self.kb.ask_stream(
            question, doc=_or_none(doc), department=_or_none(department), history=asked
        )
        answer: Answer | None = None
        try:
            for answer in answers:
                shown = render.answer_markdown(answer)
                yield (
                    [*history, shown_question, {"role": "assistant", "content": shown}],
                    "",
                    [*asked, question],
                )
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e
        if answer is not None:
            self.answered[render.answer_markdown(answer)] = answer
            while len(self.answered) > ANSWERS_KEPT:
                self.answered.pop(next(iter(self.answered)))

    def first_screen(self, saved: dict[str, Any] | None = None) -> tuple[Any, ...]:
        """What the app is, the documents loaded, and example questions drawn from them (kb.qa.compose.suggest);
        nothing when a conversation kept in the browser (`saved`) is shown again instead."""
        from kb.qa.compose.suggest import example_questions

        if _restore(saved)[0]:
            return (gr.update(visible=False),) * (1 + EXAMPLE_SLOTS)
        docs = self.kb.docs()
        questions = example_questions(self.kb.clauses(), EXAMPLE_SLOTS) if docs else []
        buttons = [gr.update(value=q, visible=True) for q in questions]
        buttons += [gr.update(visible=False)] * (EXAMPLE_SLOTS - len(buttons))
        return (gr.update(value=render.welcome_markdown(docs), visible=True), *buttons)

    def conversation(self, history: list[Message]) -> list[Answer]:
        """The answers of the chat as this server gave them (an answer restored from an earlier session and no
        longer remembered is left out)."""
        shown = [message_text(m) for m in history if m.get("role") == "assistant"]
        return [self.answered[text] for text in shown if text in self.answered]

    def plain_text(self, history: list[Message]) -> str:
        """The conversation as plain text, sources as footnotes, for copying."""
        answers = self.conversation(history)
        return conversation_plain_text(answers) if answers else "（还没有可复制的回答）"

    def export_docx(self, history: list[Message]) -> str | None:
        """The conversation as a Word file to download."""
        answers = self.conversation(history)
        return self._save("问答记录.docx", conversation_docx(answers)) if answers else None

    def source_panel(self, clause_id: str | None) -> tuple[dict[str, Any], Any, dict[str, Any]]:
        """Open the side panel on a cited clause: for a PDF its printed page with the clause's region
        highlighted, and the clause with the clauses around it in its document."""
        if not (clause_id or "").strip():  # the page clears the box before opening the same clause again
            return gr.update(), gr.update(), gr.update()
        clauses, focus = self.kb.clause_in_context((clause_id or "").strip())
        text = render.source_panel_markdown(clauses, focus)
        image = self.kb.source_page(clauses[focus]) if clauses else None
        if image is None:
            return gr.update(open=True), text, gr.update(value=None, visible=False)
        page = self._save(f"第{image.page}页.png", image.png)
        shown = gr.update(value=page, visible=True, label=render.page_caption(image))
        return gr.update(open=True), text, shown

    def active_filters(self, doc: str | None, department: str | None) -> str:
        """The line beside the question box naming the filters in force."""
        return render.active_filters_markdown(self.kb.scope(_or_none(doc), _or_none(department)))

    def feedback(self, data: gr.LikeData, history: list[Message]) -> None:
        """A 👍/👎 on a chat answer, recorded with the answer's question, intent and citations."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        if not isinstance(index, int) or not 0 <= index < len(history):
            return
        answer = self.answered.get(message_text(history[index]))
        if answer is not None and data.liked is not None:
            self.kb.feedback(answer, liked=bool(data.liked))

    def filter_choices(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Choices of the document and department filters, from what the index holds now."""
        docs = [("全部文件", ALL)] + [(f"{d.title}（{d.doc_id}）", d.doc_id) for d in self.kb.docs()]
        departments = [("全部部门", ALL), *self.department_choices()]
        return gr.update(choices=docs), gr.update(choices=departments)

    def department_choices(self) -> list[tuple[str, str]]:
        """The units, grouped by place, each named with its place when several places are indexed."""
        return render.department_choices(self.kb.clauses(), self.kb.doc_places())

    def department_names(self) -> list[str]:
        return [label for label, _ in self.department_choices()]

    # --- 部门职责 ---
    def department(self, name: str | None) -> tuple[str, dict[str, Any]]:
        """A unit's duty sheet (any spelling; a picker's label names its place) and its downloads. A name that
        several places' documents write is several units: each place's counts, to choose one."""
        name = (name or "").strip()
        if not name:
            return "请选择或输入一个部门。", gr.update(value=None, visible=False)
        everything = placed(self.kb.clauses(), self.kb.doc_places())
        units = everything.units_named(name, self.kb.resolve_department)
        if not units:
            close = close_departments(name, self.kb.resolve_department, self.department_names(), limit=10)
            hint = (
                f"相近的部门：{render.escape_text('、'.join(close))}"
                if close
                else "可在列表中输入部门名的一部分搜索。"
            )
            return (
                f"没有找到部门「{render.escape_text(name)}」的条款。{hint}",
                gr.update(value=None, visible=False),
            )
        if len(units) > 1:
            return render.units_of_places_markdown(units, everything), gr.update(value=None, visible=False)
        unit = units[0]
        clauses = everything.clauses_of(unit)
        shown = unit.shown(everything.several)
        place = unit.place if everything.several else None
        sheet = render.department_markdown(render.department_duties(unit.name, clauses, shown))
        return sheet, gr.update(value=self._department_downloads(clauses, unit.name, place), visible=True)

    def _department_downloads(self, clauses: list[Clause], department: str, place: str | None) -> list[str]:
        shown = f"{department}（{place}）" if place else department
        return [
            self._save(
                f"{shown}职责清单.{fmt}", department_sheet_bytes(clauses, department, fmt, place=place)
            )
            for fmt in ("xlsx", "pdf", "md")
        ]

    def overview(self) -> tuple[dict[str, Any], str, str, list[str] | None]:
        """Every department with its led/shared counts: chart, table, the department × document matrix
        grouped by place (its key above it), downloads (the matrix as xlsx and as a heatmap image)."""
        clauses = self.kb.clauses()
        places = {d.doc_id: d.place for d in self.kb.docs()}
        counts = render.department_counts(clauses, places)
        records = pd.DataFrame(render.overview_records(counts), columns=["部门", "角色", "条数"])
        # Bars in the table's order (most clauses first) rather than the chart's default alphabetical one.
        chart = gr.update(value=records, sort=[c.department for c in counts])
        m = matrix(clauses, places)
        grid = render.matrix_html(m, places)
        if not clauses:
            return chart, render.overview_markdown(counts), grid, None
        downloads = [
            self._save("部门职责矩阵.xlsx", matrix_bytes(m, "xlsx")),
            self._save("部门职责矩阵.png", matrix_bytes(m, "png")),
            self._save_tasks(clauses),
        ]
        return chart, render.overview_markdown(counts), grid, downloads

    def _save_tasks(self, clauses: list[Clause]) -> str:
        return self._save("任务分解表.xlsx", tasks_bytes([c for c in clauses if c.departments], "xlsx"))

    def _save(self, name: str, data: bytes) -> str:
        """Write a generated download into the private cache (a folder per content, so names never clash)."""
        private_folder(self.cache_dir / "exports")
        folder = private_folder(self.cache_dir / "exports" / hashlib.sha256(data).hexdigest()[:16])
        path = inside(folder, name)  # the name holds a unit name read from a document
        path.write_bytes(data)
        return str(private_file(path))

    # --- 文件 ---
    def docs_table(self) -> list[list[str | int]]:
        return render.docs_rows(self.kb.docs())

    def doc_choices(self) -> dict[str, Any]:
        return gr.update(choices=[(f"{d.title}（{d.doc_id}）", d.doc_id) for d in self.kb.docs()])

    def outline(self, doc: str | None) -> tuple[str, dict[str, Any]]:
        """A document's outline tree and the clause picker's choices."""
        if not doc:
            return "请选择一个文件。", gr.update(choices=[], value=None)
        clauses = self.kb.clauses(doc=doc)
        info = next((d for d in self.kb.docs() if d.doc_id == doc), None)
        tree = render.unread_notes_markdown(info) + render.outline_markdown(clauses)
        return tree, gr.update(choices=render.clause_choices(clauses), value=None)

    def clause(self, clause_id: str | None) -> str:
        """A clause's full text with its metadata."""
        if not clause_id:
            return ""
        doc = clause_id.rsplit(":", 1)[0]
        found = next((c for c in self.kb.clauses(doc=doc) if c.id == clause_id), None)
        if found is None:
            return f"没有找到条款 {render.code_span(clause_id)}。"
        return render.clause_detail_markdown(found)

    def open_link(self, request: gr.Request) -> tuple[Any, ...]:
        """On page load: `?clause=<id>` (the links of the department and outline views) opens that clause."""
        clause_id = request.query_params.get("clause", "") if request else ""
        if not clause_id:
            return gr.update(), self.doc_choices(), gr.update(), gr.update(), gr.update()
        doc = clause_id.rsplit(":", 1)[0]
        tree, picker = self.outline(doc)
        picker["value"] = clause_id
        docs = self.doc_choices()
        docs["value"] = doc
        return gr.Tabs(selected="docs"), docs, tree, picker, self.clause(clause_id)

    def upload(
        self,
        files: Sequence[str] | None,
        replace: bool = False,
        progress: gr.Progress | None = UPLOAD_PROGRESS,
    ) -> str:
        """Ingest uploaded files; refused ones explain why, and what is indexed stays as it was. A file named
        as a document already indexed (from another file) is refused unless `replace` (the page's 替换同名文件
        box). `progress` (Gradio's bar over the report) follows each file's stages clause by clause."""
        if not files:
            return render.ingest_markdown([])
        results = [
            self._ingest_one(Path(f), _step_reporter(progress, number, len(files), Path(f).name), replace)
            for number, f in enumerate(files, start=1)
        ]
        return render.ingest_markdown(results)

    def _ingest_one(self, upload: Path, report: StepCallback | None, replace: bool = False) -> IngestResult:
        name = upload.name
        self._make_private(upload)
        limit_mb = self.kb.settings.max_upload_mb
        if upload.stat().st_size > limit_mb * 1024 * 1024:
            self._discard(upload)
            return IngestResult(path=name, status="refused", error=too_large(name, limit_mb))
        stored = self._store(upload)
        try:
            results = self.kb.ingest([stored], steps=report, replace=replace)
        except KBError as e:  # another ingest holds the index: nothing was read
            shutil.rmtree(stored.parent, ignore_errors=True)
            return IngestResult(name, "refused", error=refusal(name, type(e).__name__))
        result = results[0] if results else IngestResult(name, "refused", error=refusal(name, None))
        if result.status == "refused":  # nothing of a refused file is kept
            shutil.rmtree(stored.parent, ignore_errors=True)
            self._discard(upload)
        if result.status == "refused" and result.kind == "DocumentExists" and result.doc_id:
            return dataclasses.replace(result, path=name, error=document_exists(name, result.doc_id))
        if result.status == "refused":  # said in Chinese, naming the file as uploaded (not the private copy)
            return dataclasses.replace(result, path=name, error=refusal(name, result.kind))
        return _without_folder(result, stored.parent)

    def _store(self, upload: Path) -> Path:
        """Copy an upload into the private uploads folder, a subfolder per content: nothing is overwritten."""
        digest = hashlib.sha256(upload.read_bytes()).hexdigest()[:16]
        private_folder(self.stored_dir)
        folder = private_folder(self.stored_dir / digest)
        target = inside(folder, upload.name)
        shutil.copyfile(upload, target)
        return private_file(target)

    def _in_cache(self, path: Path) -> bool:
        """Whether Gradio put this file in our private cache (and so it is ours to change or delete)."""
        return path.resolve().is_relative_to(self.cache_dir.resolve())

    def _make_private(self, upload: Path) -> None:
        if self._in_cache(upload):  # Gradio writes its copy with the process umask
            private_folder(upload.parent)
            private_file(upload)

    def _discard(self, upload: Path) -> None:
        if self._in_cache(upload):
            upload.unlink(missing_ok=True)


def _without_folder(result: IngestResult, folder: Path) -> IngestResult:
    prefix = f"{folder}{os.sep}"
    error = result.error.replace(prefix, "") if result.error else None
    return IngestResult(
        path=result.path.replace(prefix, ""),
        status=result.status,
        doc_id=result.doc_id,
        clauses=result.clauses,
        departments=result.departments,
        error=error,
        warnings=result.warnings,
    )


def _step_reporter(progress: gr.Progress | None, number: int, files: int, name: str) -> StepCallback | None:
    """File `number` of `files`' stages as Gradio's progress bar: the bar over all files, the line saying
    which file, which stage and how many of its clauses are indexed."""
    if progress is None:
        return None

    def report(_: str, stage: Stage, done: int, total: int) -> None:
        within = done / total if total else 0.0
        progress(
            (number - 1 + within) / files, desc=render.ingest_step(number, files, name, stage, done, total)
        )

    return report


def build_app(kb: KnowledgeBase) -> gr.Blocks:
    """The page: 问答, 部门职责 and 文件 tabs, plus the `/ask` API endpoint."""
    handlers = Handlers(kb, private_cache_dir(kb))
    with gr.Blocks(title="政策文件知识库") as demo:
        gr.Markdown("# 政策文件知识库", elem_id="title")
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="chat"):
                doc_filter, dept_filter = _chat_tab(handlers, demo)
            with gr.Tab("部门职责", id="departments"):
                dept_picker = _departments_tab(handlers, demo)
            with gr.Tab("文件", id="docs"):
                docs_parts = _docs_tab(handlers, demo, (doc_filter, dept_filter), dept_picker)
        with gr.Sidebar(
            label="原文出处", open=False, position="right", width=420, elem_id="source-panel"
        ) as panel:
            page_image = gr.Image(
                label="原件页面",
                type="filepath",
                interactive=False,
                visible=False,
                buttons=["fullscreen"],
                elem_id="source-page",
            )
            source = gr.Markdown("点击回答中的条款编号，在此查看原文。", elem_id="source-text")
        opened = gr.Textbox(
            elem_id="open-clause", elem_classes=["offscreen"], show_label=False, container=False
        )
        opened.change(
            handlers.source_event, [opened], [panel, source, page_image], api_visibility="private", **READING
        )
        gr.api(handlers.ask_event, api_name="ask", **READING)
        doc_picker, tree, clause_picker, detail = docs_parts
        demo.load(handlers.filter_choices, outputs=[doc_filter, dept_filter], api_visibility="private")
        demo.load(
            handlers.open_link,
            outputs=[tabs, doc_picker, tree, clause_picker, detail],
            api_visibility="private",
        )
    return demo


EXAMPLE_SLOTS = 4  # example questions on the first screen, drawn from the indexed documents
# After an answer arrives: show it from its top (the lead, the answer), not scrolled to its last card.
SHOW_ANSWER_TOP = """() => { const answers = document.querySelectorAll('#chat [data-testid="bot"]');
  if (answers.length) answers[answers.length - 1].scrollIntoView({block: 'start'}); }"""


def _chat_tab(handlers: Handlers, demo: gr.Blocks) -> tuple[gr.Dropdown, gr.Dropdown]:
    welcome = gr.Markdown(elem_id="welcome")
    with gr.Row(elem_id="examples"):
        example_buttons = [
            gr.Button("", size="sm", variant="secondary", elem_classes=["example"], visible=False)
            for _ in range(EXAMPLE_SLOTS)
        ]
    chatbot = gr.Chatbot(
        label="问答",
        show_label=False,
        height="60vh",
        elem_id="chat",
        latex_delimiters=[],  # `$` in a document is money, not maths
        sanitize_html=True,
        buttons=["copy"],
        autoscroll=False,  # a new answer is shown from its top (SHOW_ANSWER_TOP), not scrolled to its end
    )
    asked = gr.State([])  # the conversation's questions as typed, for follow-ups
    # The conversation kept in the browser (localStorage) so that a reload does not lose it.
    saved = gr.BrowserState({"messages": [], "asked": []}, storage_key="kb-conversation")
    with gr.Accordion("复制与导出对话", open=False, elem_id="export"):
        with gr.Row():
            plain_button = gr.Button("显示为纯文本（出处作脚注）", size="sm", elem_id="plain-button")
            docx_button = gr.Button("导出为 Word（DOCX）", size="sm", elem_id="docx-button")
        plain = gr.Textbox(
            label="纯文本（可复制）", lines=6, buttons=["copy"], interactive=False, elem_id="plain-text"
        )
        docx_file = gr.File(label="下载对话", interactive=False, elem_id="docx-file")
    with gr.Column(elem_id="composer"):
        scope = gr.Markdown(render.active_filters_markdown(()), elem_id="active-filters")
        with gr.Row(equal_height=True):
            question = gr.Textbox(
                placeholder="输入问题，可接着追问（如：那配合单位呢？）",
                show_label=False,
                scale=5,
                elem_id="question",
            )
            send = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="send")
        with gr.Row():
            doc_filter = gr.Dropdown(
                label="只在此文件中查找",
                choices=[("全部文件", ALL)],
                value=ALL,
                scale=2,
                elem_id="doc-filter",
            )
            dept_filter = gr.Dropdown(
                label="只看此部门", choices=[("全部部门", ALL)], value=ALL, scale=2, elem_id="dept-filter"
            )
            clear = gr.Button("清空对话", scale=1, min_width=80)
    outputs = [chatbot, question, asked]
    common: dict[str, Any] = {**READING, "api_visibility": "private"}
    private: dict[str, Any] = {"api_visibility": "private"}
    plain_button.click(handlers.plain_text, [chatbot], [plain], **private)
    docx_button.click(handlers.export_docx, [chatbot], [docx_file], **private)
    keep: dict[str, Any] = {
        "fn": lambda messages, questions: {"messages": messages, "asked": questions},
        "inputs": [chatbot, asked],
        "outputs": [saved],
    }
    hide_welcome = {
        "fn": lambda: (gr.update(visible=False),) * (1 + EXAMPLE_SLOTS),
        "outputs": [welcome, *example_buttons],
    }
    inputs = [question, chatbot, doc_filter, dept_filter, asked]
    for event in (question.submit, send.click):
        answered = event(handlers.chat_event, inputs, outputs, **common)
        answered.then(**hide_welcome, **private).then(js=SHOW_ANSWER_TOP, **private).then(**keep, **private)
    for button in example_buttons:
        picked = button.click(
            handlers.chat_event, [button, chatbot, doc_filter, dept_filter, asked], outputs, **common
        )
        picked.then(**hide_welcome, **private).then(js=SHOW_ANSWER_TOP, **private).then(**keep, **private)
    for dropdown in (doc_filter, dept_filter):
        dropdown.change(handlers.active_filters, [doc_filter, dept_filter], [scope], **private)
    clear.click(
        lambda: ([], [], {"messages": [], "asked": []}), outputs=[chatbot, asked, saved], **private
    ).then(handlers.first_screen, outputs=[welcome, *example_buttons], **private)
    chatbot.like(handlers.feedback, [chatbot], None, **private)
    demo.load(_restore, [saved], [chatbot, asked], **private)
    # The first screen, unless a conversation kept in the browser is shown again (it would sit on top of it).
    demo.load(handlers.first_screen, [saved], [welcome, *example_buttons], **private)
    return doc_filter, dept_filter


def _restore(saved: dict[str, Any] | None) -> tuple[list[Message], list[str]]:
    """The conversation kept in the browser, shown again after a reload."""
    saved = saved or {}
    return list(saved.get("messages") or []), list(saved.get("asked") or [])


def _departments_tab(handlers: Handlers, demo: gr.Blocks) -> gr.Dropdown:
    gr.Markdown(render.ROLES_DEFINED, elem_id="roles-defined")
    picker = gr.Dropdown(
        label="部门（可输入任意写法搜索，如“林业局”“高新区”）",
        choices=[],
        allow_custom_value=True,
        filterable=True,
        elem_id="department-picker",
    )
    sheet = gr.Markdown(elem_id="department-sheet", elem_classes=["printable"])
    sheet_files = gr.File(label="下载职责清单", file_count="multiple", interactive=False, visible=False)
    picker.change(
        handlers.department_event, [picker], [sheet, sheet_files], api_visibility="private", **READING
    )
    with gr.Accordion("全部部门概览", open=True):
        # Vega's own legend sits under the slanted department names and is cut off: the key is drawn above
        # the chart instead, in the colours the chart is given.
        gr.HTML(render.CHART_KEY, elem_id="chart-key")
        chart = gr.BarPlot(
            x="部门",
            y="条数",
            color="角色",
            color_map=render.ROLE_COLOURS,
            colors_in_legend=[],
            x_label_angle=-45,
            height=360,
            label="各部门条款数",
        )
        grid = gr.HTML(label="部门 × 文件 职责矩阵（按地区分组）", elem_id="duty-matrix")
        table = gr.Markdown(elem_id="overview-table")
        overview_files = gr.File(
            label="下载矩阵（xlsx、热力图）与任务分解表", file_count="multiple", interactive=False
        )
    overview_outputs = [chart, table, grid, overview_files]
    demo.load(handlers.overview_event, outputs=overview_outputs, api_visibility="private", **READING)
    demo.load(
        lambda: gr.update(choices=handlers.department_choices()), outputs=[picker], api_visibility="private"
    )
    return picker


def _docs_tab(
    handlers: Handlers, demo: gr.Blocks, filters: tuple[gr.Dropdown, gr.Dropdown], dept_picker: gr.Dropdown
) -> tuple[gr.Dropdown, gr.Markdown, gr.Dropdown, gr.Markdown]:
    docs = gr.Dataframe(headers=render.DOC_HEADERS, label="已索引的文件", interactive=False, wrap=True)
    with gr.Row():
        with gr.Column(scale=2):
            doc_picker = gr.Dropdown(label="文件", choices=[], elem_id="doc-picker")
            tree = gr.Markdown(elem_id="outline")
        with gr.Column(scale=3):
            clause_picker = gr.Dropdown(label="条款", choices=[], elem_id="clause-picker")
            detail = gr.Markdown(elem_id="clause-detail", elem_classes=["printable"])
    limit = handlers.kb.settings.max_upload_mb
    with gr.Accordion(f"上传文件（PDF / DOCX / TXT，单个不超过 {limit:g} MB）", open=False):
        files = gr.File(label="选择文件", file_count="multiple", file_types=UPLOAD_TYPES, elem_id="upload")
        replace_box = gr.Checkbox(
            label="替换同名文件（已导入的同名文件被新文件取代，旧文件保留在索引的 sources/…/versions 中）",
            value=False,
            elem_id="upload-replace",
        )
        ingest = gr.Button("导入", variant="primary", elem_id="ingest")
        report = gr.Markdown(elem_id="ingest-report", min_height=96)  # room for the progress bar
    private: dict[str, Any] = {"api_visibility": "private"}
    # `.input` (a person's choice), not `.change`: a page opened at `?clause=` sets both pickers itself.
    doc_picker.input(handlers.outline, [doc_picker], [tree, clause_picker], **private)
    clause_picker.input(handlers.clause, [clause_picker], [detail], **private)
    importing = (
        gr.update(interactive=False, value="正在导入…"),
        "正在导入：读取、切分条款、建立索引，请稍候…",
    )
    (
        # The button is disabled and the report says what is happening until the import has finished.
        ingest.click(lambda: importing, outputs=[ingest, report], **private)
        .then(handlers.upload, [files, replace_box], [report], **INGESTING, **private)
        .then(lambda: gr.update(interactive=True, value="导入"), outputs=[ingest], **private)
        .then(handlers.docs_table, outputs=[docs], **private)
        .then(handlers.doc_choices, outputs=[doc_picker], **private)
        .then(handlers.filter_choices, outputs=list(filters), **private)
        .then(lambda: gr.update(choices=handlers.department_choices()), outputs=[dept_picker], **private)
    )
    demo.load(handlers.docs_table, outputs=[docs], **private)
    return doc_picker, tree, clause_picker, detail


def read_auth_file(path: str | Path) -> Accounts:
    """The accounts for the page's login: a private file of `user:scrypt$…` lines (`kb passwd USER` writes
    them); blank lines and `#` comments ignored. A plain password or a file others can read is refused."""
    return Accounts.read(path)


LOGIN_FORM_BYTES = 64 * 1024  # a login form is a user name and a password: anything larger is refused


class LoginLimit:
    """ASGI middleware: after too many failed logins from one client address, or for one account from any
    addresses, those logins are refused with 429 until the window has passed (Gradio's own /login has no
    limit). The address is the connection's: uvicorn takes it from `X-Forwarded-For` only when the connection
    comes from a proxy listed in KB_TRUSTED_PROXIES (`launch` sets uvicorn's FORWARDED_ALLOW_IPS from it)."""

    def __init__(self, app: Any, throttle: LoginThrottle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        is_login = (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].rstrip("/").endswith("/login")
        )
        if not is_login:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown",))[0]
        body = await _read_body(receive, LOGIN_FORM_BYTES)
        if body is None:
            await JSONResponse({"detail": "登录信息过长"}, status_code=413)(scope, receive, send)
            return
        account = await _login_account(scope, body)
        wait = self.throttle.login_wait(client, account)
        if wait > 0:
            seconds = str(math.ceil(wait))
            refusal = JSONResponse(
                {"detail": too_many_logins(seconds)},
                status_code=429,
                headers={"Retry-After": seconds},
            )
            await refusal(scope, receive, send)
            return
        status: list[int] = []

        async def record(message: Any) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        await self.app(scope, _replay(body), record)
        if status and status[0] == 200:
            self.throttle.login_succeeded(client, account)
        elif status and status[0] in (400, 401, 403):
            self.throttle.login_failed(client, account)


async def _read_body(receive: Any, limit: int) -> bytes | None:
    """The request's body, or None past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Callable[[], Any]:
    """A `receive` that gives the body read once more (the middleware read it to learn the account)."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _login_account(scope: Any, body: bytes) -> str | None:
    """The user name a login form names (URL-encoded or multipart, as the page sends it), else None."""
    from starlette.requests import Request

    try:
        form = await Request(scope, _replay(body)).form()
    except Exception:  # a malformed form: Gradio refuses it; counted by address only
        return None
    name = form.get("username")
    return name if isinstance(name, str) else None


def ensure_index(
    kb: KnowledgeBase, progress: Callable[[str, int, int], None] | None = None
) -> list[IngestResult]:
    """On first run (nothing indexed yet) build the index from the corpus folder; else do nothing."""
    try:
        if kb.docs():
            return []
    except IndexMissing:
        pass  # a fresh folder: build it below
    corpus = kb.settings.corpus
    if not corpus.is_dir():
        raise ConfigError(
            f"{corpus}: the index is empty and the corpus folder to build it from does not exist"
        )
    return kb.ingest([corpus], progress=progress)


def launch(
    kb: KnowledgeBase,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: Accounts | None = None,
    block: bool = True,
    throttle: LoginThrottle | None = None,
) -> gr.Blocks:
    """Serve the app; with `block=False` return once the server is up (tests, timing)."""
    # uvicorn (under Gradio) takes the client's address from X-Forwarded-For only for connections from these
    # addresses; its default trusts 127.0.0.1, so any local client could name itself anew for each login
    os.environ["FORWARDED_ALLOW_IPS"] = ",".join(trusted_proxies(kb.settings.trusted_proxies))
    demo = build_app(kb)
    # Beyond max_size waiting events Gradio answers at once "Queue is full, please try again" (HTTP 503)
    # instead of letting the queue, and every client's wait, grow without bound.
    demo.queue(default_concurrency_limit=1, max_size=kb.settings.queue_size)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        auth_message="政策文件知识库：请登录" if auth else None,
        max_file_size=int(kb.settings.max_upload_mb * 1024 * 1024),
        css_paths=[CSS_FILE],
        head=A11Y_HEAD,
        footer_links=[],  # no link to Gradio's English API page: civil servants read the app, not its API
        prevent_thread_lock=not block,
        quiet=True,
        app_kwargs={"middleware": [Middleware(LoginLimit, throttle=throttle or LoginThrottle())]},
    )
    return demo
