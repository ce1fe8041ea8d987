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

from app import conversations as conversation_ui
from app import render
from app.documents import build_documents_section
from app.i18n import I18N_SCRIPT, gradio_i18n
from app.messages import (
    ERROR_TITLE,
    TOAST_SCRIPT,
    document_exists,
    failure,
    refusal,
    too_large,
    too_many_logins,
)
from app.source_panel import FOLLOW_SCRIPT, build_source_panel
from kb.api import KnowledgeBase, check_question
from kb.auth import Accounts, LoginThrottle, trusted_proxies
from kb.browse import TOP_UNITS, document_label, documents_by_place, unit_places, unit_ranking
from kb.errors import ConfigError, IndexMissing, KBError
from kb.export import close_departments, department_sheet_bytes, matrix, matrix_bytes, tasks_bytes
from kb.fair import FairQueue
from kb.ingest import Stage, StepCallback
from kb.load.detect import SUPPORTED_EXTENSIONS
from kb.safenames import inside
from kb.types import Clause, IngestResult
from kb.unit import NO_PLACE, placed

UPLOAD_TYPES = list(SUPPORTED_EXTENSIONS)  # every extension kb.load reads
CLOSE_NAMES = 5  # names like one not found, offered instead (never the whole list of units)
# The department overview shows every unit of every place up to this many units; beyond, the busiest TOP_UNITS
# of all and one place at a time (an overview of 200 units in one chart and one table is a wall, 18,000 px tall).
FULL_OVERVIEW = 60
CHARTED_UNITS = 20  # bars in the overview chart: more are unreadable at 1366 px
ALL = ""  # filter value meaning "no filter"
UPLOAD_PROGRESS = gr.Progress()  # a parameter defaulting to a Progress is given the event's own bar by Gradio
CSS_FILE = Path(__file__).parent / "static" / "app.css"
# Dropdowns whose options are filtered as one types (DROPDOWN_SCRIPT makes typing by input method filter too).
FILTERED_DROPDOWNS = ("department-picker", "department-place", "doc-filter", "dept-filter", "doc-picker")
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
# Gradio's dropdowns filter their options on a key being pressed: text that arrives without one (typed through a
# Chinese input method, pasted, filled in) left the whole list of 200 units. Every change of a dropdown's text is
# followed by such a key, so that the options always match what is written.
DROPDOWN_SCRIPT = """<script>
document.addEventListener('input', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || event.isComposing || !box.closest(DROPDOWNS)) return;
  setTimeout(() => box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Unidentified', bubbles: true})), 0);
});
</script>""".replace("DROPDOWNS", repr(",".join(f"#{d} input" for d in FILTERED_DROPDOWNS)))

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


def _or_none(value: str | None) -> str | None:
    return value or None


class Handlers:
    """What each control of the page does, as plain methods (testable without a browser)."""

    def __init__(self, kb: KnowledgeBase, cache_dir: Path) -> None:
        self.kb = kb
        self.cache_dir = cache_dir
        self.stored_dir = kb.settings.uploads_dir / "files"
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

    async def department_event(
        self, name: str | None, request: gr.Request | None = None
    ) -> tuple[str, dict[str, Any]]:
        return await self._in_turn(request, lambda: self.department(name))

    async def overview_event(
        self, place: str | None = None, request: gr.Request | None = None
    ) -> tuple[dict[str, Any], str, str]:
        return await self._in_turn(request, lambda: self.overview(place))

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
        places = self.kb.doc_places()
        try:
            for answer in answers:
                shown = render.answer_markdown(answer, places)
                yield (
                    [*history, shown_question, {"role": "assistant", "content": shown}],
                    "",
                    [*asked, question],
                )
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e

    def first_screen(self, saved: dict[str, Any] | None = None) -> tuple[Any, ...]:
        """What the app is, the documents loaded grouped by place (folded), and example questions drawn from them
        (kb.qa.compose.suggest); nothing when a conversation kept in the browser (`saved`) is shown again instead.
        Returns: the welcome block's visibility, its opening, the document groups, the example buttons."""
        from kb.qa.compose.suggest import example_questions

        if (saved or {}).get("messages"):
            return (gr.update(visible=False), gr.update(), gr.update()) + (
                gr.update(visible=False),
            ) * EXAMPLE_SLOTS
        docs = self.kb.docs()
        places = {d.doc_id: d.place for d in docs}
        questions = example_questions(self.kb.clauses(), EXAMPLE_SLOTS, places) if docs else []
        buttons = [gr.update(value=q, visible=True) for q in questions]
        buttons += [gr.update(visible=False)] * (EXAMPLE_SLOTS - len(buttons))
        groups = render.document_groups_markdown(documents_by_place(docs), len(docs))
        return (gr.update(visible=True), render.welcome_markdown(docs), groups, *buttons)

    def find_documents(self, query: str | None) -> str:
        """The first screen's document groups, narrowed to those matching what is typed in its search box."""
        docs = self.kb.docs()
        return render.document_groups_markdown(documents_by_place(docs, query or ""), len(docs), query or "")

    def source_panel(self, clause_id: str | None) -> tuple[Any, ...]:
        """Open the side panel on a cited clause (app/source_panel.py): the panel, the clause with the clauses
        around it, its PDF page with the clause framed, the page navigation, the original's text around a
        DOCX/TXT clause, the original to download."""
        from app.source_panel import SourcePanel

        return SourcePanel(self).show(clause_id)

    def active_filters(self, doc: str | None, department: str | None) -> str:
        """The line under the question box naming the filters in force."""
        return render.active_filters_label(self.kb.scope(_or_none(doc), _or_none(department)))

    def filter_choices(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Choices of the document and department filters, from what the index holds now."""
        docs = [("全部文件", ALL), *self._document_choices()]
        departments = [("全部部门", ALL), *self.department_choices()]
        return gr.update(choices=docs), gr.update(choices=departments)

    def _document_choices(self) -> list[tuple[str, str]]:
        """(place · 《short title》, document id), grouped by place: what a reader names a document by."""
        return [(document_label(d), d.doc_id) for g in documents_by_place(self.kb.docs()) for d in g.docs]

    def department_choices(self, place: str | None = None) -> list[tuple[str, str]]:
        """The units, grouped by place, each named with its place when several places are indexed; only the
        units of `place` when one is chosen."""
        units = placed(self.kb.clauses(), self.kb.doc_places())
        return [
            (c.unit.shown(units.several), c.unit.shown(units.several))
            for counts in units.by_place().values()
            for c in counts
            if not place or c.unit.where == place
        ]

    def department_names(self) -> list[str]:
        return [label for label, _ in self.department_choices()]

    def place_choices(self) -> list[tuple[str, str]]:
        """The department view's place selector: every place with its number of units."""
        units = placed(self.kb.clauses(), self.kb.doc_places())
        everywhere = (f"全部地区（{len(units.units())} 个部门）", ALL)
        return [everywhere, *((f"{place}（{n} 个部门）", place) for place, n in unit_places(units))]

    def choose_place(self, place: str | None) -> dict[str, Any]:
        """The unit picker narrowed to the place chosen (all places: every unit)."""
        return gr.update(choices=self.department_choices(place or None), value=None)

    # --- 部门职责 ---
    def department(self, name: str | None) -> tuple[str, dict[str, Any]]:
        """A unit's duty sheet (any spelling; a picker's label names its place) and its downloads. A name that
        several places' documents write is several units: each place's counts, to choose one. A name no document
        writes: 未找到, with at most CLOSE_NAMES names like it."""
        name = (name or "").strip()
        if not name:
            return "请选择或输入一个部门。", gr.update(value=None, visible=False)
        doc_places = self.kb.doc_places()
        everything = placed(self.kb.clauses(), doc_places)
        units = everything.units_named(name, self.kb.resolve_department)
        if not units:
            close = close_departments(
                name, self.kb.resolve_department, self.department_names(), limit=CLOSE_NAMES
            )
            hint = (
                f"相近的部门：{render.escape_text('、'.join(close))}"
                if close
                else "可先选择地区，再在列表中输入部门名的一部分搜索。"
            )
            return (
                f"**未找到**部门「{render.escape_text(name)}」。{hint}",
                gr.update(value=None, visible=False),
            )
        if len(units) > 1:
            return render.units_of_places_markdown(units, everything), gr.update(value=None, visible=False)
        unit = units[0]
        clauses = everything.clauses_of(unit)
        shown = unit.shown(everything.several)
        place = unit.place if everything.several else None
        duties = render.department_duties(unit.name, clauses, shown)
        sheet = render.department_markdown(duties, doc_places if everything.several else None)
        return sheet, gr.update(value=self._department_downloads(clauses, unit.name, place), visible=True)

    def _department_downloads(self, clauses: list[Clause], department: str, place: str | None) -> list[str]:
        shown = f"{department}（{place}）" if place else department
        return [
            self._save(
                f"{shown}职责清单.{fmt}", department_sheet_bytes(clauses, department, fmt, place=place)
            )
            for fmt in ("xlsx", "pdf", "md")
        ]

    def overview(self, place: str | None = None) -> tuple[dict[str, Any], str, str]:
        """The units by clause count: chart, table, the department × document matrix grouped by place (its key
        above it). With few units every place's table and matrix; with many (FULL_OVERVIEW) the busiest
        TOP_UNITS of all, and one place at a time, chosen by the place selector (`place`)."""
        clauses = self.kb.clauses()
        places = self.kb.doc_places()
        units = placed(clauses, places)
        place = place or None
        everything = place is None and len(units.units()) <= FULL_OVERVIEW
        ranking = unit_ranking(units, place, top=None if everything or place else TOP_UNITS)
        counts = render.department_counts(clauses, places)
        if place is not None:
            counts = [c for c in counts if c.unit and c.unit.where == place]
        charted = counts[:CHARTED_UNITS]
        records = pd.DataFrame(render.overview_records(charted), columns=["部门", "角色", "条数"])
        # Bars by total, most clauses first (the table's order) rather than the chart's default alphabetical one.
        # "-y", not the list of names: a list kept the bars of the places shown before in the redrawn chart.
        chart = gr.update(value=records, sort="-y", label=render.chart_label(len(charted), len(counts)))
        if everything:
            table = render.overview_markdown(counts)
        else:
            table = render.ranking_markdown(ranking, units.several)
        shown = self._of_place(clauses, places, place)
        grid = (
            render.matrix_html(matrix(shown, places), places)
            if everything or place
            else render.MATRIX_BY_PLACE
        )
        return chart, table, grid

    def overview_downloads(self, place: str | None = None) -> dict[str, Any]:
        """The matrix as xlsx and as a heatmap image, and the task table, of the place chosen (or of all), made
        when asked for: the heatmap of 70 documents' 260 units takes minutes to draw, the overview a second."""
        places = self.kb.doc_places()
        clauses = self._of_place(self.kb.clauses(), places, place or None)
        if not clauses:
            return gr.update(value=None, visible=False)
        m = matrix(clauses, places)
        downloads = [
            self._save(f"{place or ''}部门职责矩阵.xlsx", matrix_bytes(m, "xlsx")),
            self._save(f"{place or ''}部门职责矩阵.png", matrix_bytes(m, "png")),
            self._save_tasks(clauses),
        ]
        return gr.update(value=downloads, visible=True)

    @staticmethod
    def _of_place(clauses: list[Clause], places: dict[str, str | None], place: str | None) -> list[Clause]:
        """The clauses of the documents of `place` (None: all)."""
        return clauses if place is None else [c for c in clauses if (places.get(c.doc) or NO_PLACE) == place]

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
        """The documents table (app/documents.py): every document with its place, 文号, date and status."""
        from app.documents import DocumentActions

        return DocumentActions(self).table()

    def doc_choices(self) -> dict[str, Any]:
        return gr.update(choices=self._document_choices())

    def outline(self, doc: str | None) -> tuple[str, dict[str, Any]]:
        """A document's outline tree and the clause picker's choices."""
        if not doc:
            return "请选择一个文件。", gr.update(choices=[], value=None)
        clauses = self.kb.clauses(doc=doc)
        info = next((d for d in self.kb.docs() if d.doc_id == doc), None)
        tree = render.unread_notes_markdown(info, clauses) + render.outline_markdown(clauses)
        return tree, gr.update(choices=render.clause_choices(clauses), value=None)

    def clause(self, clause_id: str | None) -> str:
        """A clause's full text with its metadata."""
        if not clause_id:
            return ""
        doc = clause_id.rsplit(":", 1)[0]
        found = next((c for c in self.kb.clauses(doc=doc) if c.id == clause_id), None)
        if found is None:
            return "没有找到这一条款：它所在的文件可能已被替换或移除。"
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

    def _ingest_one(
        self, upload: Path, report: StepCallback | None, replace: bool = False, replace_doc: str | None = None
    ) -> IngestResult:
        """One upload ingested; `replace_doc`: as the new version of that indexed document (its id kept)."""
        name = upload.name
        self._make_private(upload)
        limit_mb = self.kb.settings.max_upload_mb
        if upload.stat().st_size > limit_mb * 1024 * 1024:
            self._discard(upload)
            return IngestResult(path=name, status="refused", error=too_large(name, limit_mb))
        stored = self._store(upload)
        try:
            results = self.kb.ingest([stored], steps=report, replace=replace, as_doc=replace_doc)
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
        if not (target.exists() and target.samefile(upload)):  # a kept copy ingested again (撤销 a replacement)
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
        saved, conversation_list = conversation_ui.sidebar(kb)
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="chat"):
                doc_filter, dept_filter = _chat_tab(handlers, demo, saved, conversation_list)
            with gr.Tab("部门职责", id="departments"):
                dept_picker = _departments_tab(handlers, demo)
            with gr.Tab("文件", id="docs"):
                docs_parts = _docs_tab(handlers, demo, (doc_filter, dept_filter), dept_picker)
        build_source_panel(handlers)
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


def _chat_tab(
    handlers: Handlers, demo: gr.Blocks, saved: gr.BrowserState, sidebar: dict[str, Any]
) -> tuple[gr.Dropdown, gr.Dropdown]:
    # The first screen: what the app is, the documents by place (folded groups and a search box: one screen at
    # 70 documents), then the example questions right above the conversation and the composer.
    with gr.Column(elem_id="welcome") as welcome:
        intro = gr.Markdown(elem_id="welcome-intro")
        doc_search = gr.Textbox(
            placeholder="查找文件：输入地名、标题或文号中的词",
            show_label=False,
            label="查找已载入的文件",
            container=False,
            elem_id="doc-search",
        )
        doc_groups = gr.Markdown(elem_id="doc-groups")
        gr.Markdown("**试试这些问题（点击即问）：**", elem_id="examples-label")
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
        buttons=["copy"],  # an answer's copy gives its clean text (app.conversations.COPY_SCRIPT)
        autoscroll=False,  # a new answer is shown from its top (SHOW_ANSWER_TOP), not scrolled to its end
    )
    feedback = conversation_ui.feedback_form()
    export = conversation_ui.export_panel()
    # The composer: the question and its button, then one line naming the scope, which opens to change it (the
    # filters folded: three rows of controls took 29% of a desktop window and 35% of a phone's).
    with gr.Column(elem_id="composer"):
        with gr.Row(equal_height=True):
            question = gr.Textbox(
                placeholder="输入问题，可接着追问（如：那配合单位呢？）",
                show_label=False,
                label="问题",
                lines=1,
                max_lines=4,
                container=False,
                scale=5,
                elem_id="question",
            )
            send = gr.Button("提问", variant="primary", scale=1, min_width=64, elem_id="send")
        with gr.Row(equal_height=True, elem_id="composer-tools"):
            with (
                gr.Accordion(render.active_filters_label(()), open=False, elem_id="active-filters") as scope,
                gr.Row(),
            ):
                doc_filter = gr.Dropdown(
                    label="只在此文件中查找",
                    choices=[("全部文件", ALL)],
                    value=ALL,
                    scale=2,
                    elem_id="doc-filter",
                )
                dept_filter = gr.Dropdown(
                    label="只看此部门",
                    choices=[("全部部门", ALL)],
                    value=ALL,
                    scale=2,
                    elem_id="dept-filter",
                )
            history = gr.Button("对话记录", size="sm", scale=0, min_width=72, elem_id="open-conversations")
            clear = gr.Button("清空对话", size="sm", scale=0, min_width=72, elem_id="clear")
    private: dict[str, Any] = {"api_visibility": "private"}
    hide_welcome = {
        "fn": lambda: (gr.update(visible=False),) * (1 + EXAMPLE_SLOTS),
        "outputs": [welcome, *example_buttons],
    }
    doc_search.change(handlers.find_documents, [doc_search], [doc_groups], **private)
    for dropdown in (doc_filter, dept_filter):
        dropdown.change(
            lambda doc, dept: gr.update(label=handlers.active_filters(doc, dept)),
            [doc_filter, dept_filter],
            [scope],
            **private,
        )
    # Conversations are kept on the server (app.conversations): asking, the list, restoring, copy, export,
    # feedback. The first screen shows only on an empty chat (it would sit on top of a restored one).
    parts = conversation_ui.ChatParts(
        chatbot, question, doc_filter, dept_filter, send, clear, history, example_buttons, [welcome, intro, doc_groups]
    )
    conversation_ui.wire(
        conversation_ui.Conversations(handlers),
        demo,
        saved,
        sidebar,
        parts,
        export,
        feedback,
        handlers.first_screen,
        after_answer=[hide_welcome, {"fn": None, "js": SHOW_ANSWER_TOP}],
    )
    return doc_filter, dept_filter


def _departments_tab(handlers: Handlers, demo: gr.Blocks) -> gr.Dropdown:
    gr.Markdown(render.ROLES_DEFINED, elem_id="roles-defined")
    # A place first, then a unit of it: at 200 units one list is too long to read, and units of two places
    # bearing one name (市财政局) are two units.
    with gr.Row(equal_height=True):
        place = gr.Dropdown(
            label="地区",
            choices=[("全部地区", ALL)],
            value=ALL,
            scale=1,
            min_width=160,
            elem_id="department-place",
        )
        picker = gr.Dropdown(
            label="部门（可输入名称的一部分筛选，如“林业局”“高新区”）",
            choices=[],
            value=None,
            allow_custom_value=True,
            filterable=True,
            scale=2,
            min_width=200,
            elem_id="department-picker",
        )
    sheet = gr.Markdown(elem_id="department-sheet", elem_classes=["printable"])
    sheet_files = gr.File(label="下载职责清单", file_count="multiple", interactive=False, visible=False)
    # `.input` (the person chose an option, or typed a name and pressed Enter), not `.change`: the choices are
    # replaced when a place is chosen, and a value set by the page is no choice of the person's.
    picker.input(
        handlers.department_event, [picker], [sheet, sheet_files], api_visibility="private", **READING
    )
    with gr.Accordion("部门概览", open=True, elem_id="department-overview"):
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
        table = gr.Markdown(elem_id="overview-table")
        with gr.Accordion("部门 × 文件 职责矩阵", open=True, elem_id="matrix-fold"):
            grid = gr.HTML(label="部门 × 文件 职责矩阵（按地区分组）", elem_id="duty-matrix")
        prepare = gr.Button(
            "生成下载文件：矩阵（xlsx、热力图）与任务分解表", size="sm", elem_id="prepare-downloads"
        )
        overview_files = gr.File(
            label="下载矩阵（xlsx、热力图）与任务分解表",
            file_count="multiple",
            interactive=False,
            visible=False,
            elem_id="overview-files",
        )
    overview_outputs = [chart, table, grid]
    private: dict[str, Any] = {"api_visibility": "private"}
    place.input(handlers.choose_place, [place], [picker], **private).then(
        handlers.overview_event, [place], overview_outputs, **private, **READING
    ).then(lambda: gr.update(value=None, visible=False), outputs=[overview_files], **private)
    prepare.click(handlers.overview_downloads, [place], [overview_files], **private, **READING)
    demo.load(handlers.overview_event, outputs=overview_outputs, **private, **READING)
    demo.load(
        lambda: (gr.update(choices=handlers.place_choices(), value=ALL), handlers.choose_place(None)),
        outputs=[place, picker],
        **private,
    )
    return picker


def _docs_tab(
    handlers: Handlers, demo: gr.Blocks, filters: tuple[gr.Dropdown, gr.Dropdown], dept_picker: gr.Dropdown
) -> tuple[gr.Dropdown, gr.Markdown, gr.Dropdown, gr.Markdown]:
    section = build_documents_section(handlers, demo)
    docs = section.table
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
        .then(section.actions.picker, outputs=[section.target], **private)
        .then(handlers.doc_choices, outputs=[doc_picker], **private)
        .then(handlers.filter_choices, outputs=list(filters), **private)
        .then(lambda: gr.update(choices=handlers.department_choices()), outputs=[dept_picker], **private)
    )
    for event in section.changed:  # a document withdrawn, replaced or restored: every list of documents again
        (
            event.then(handlers.doc_choices, outputs=[doc_picker], **private)
            .then(handlers.filter_choices, outputs=list(filters), **private)
            .then(lambda: gr.update(choices=handlers.department_choices()), outputs=[dept_picker], **private)
        )
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
        head=A11Y_HEAD + DROPDOWN_SCRIPT + I18N_SCRIPT + FOLLOW_SCRIPT + conversation_ui.COPY_SCRIPT,
        i18n=gradio_i18n(),  # Gradio's own labels (copy, upload, tables) in Chinese
        footer_links=[],  # no link to Gradio's English API page: civil servants read the app, not its API
        prevent_thread_lock=not block,
        quiet=True,
        app_kwargs={"middleware": [Middleware(LoginLimit, throttle=throttle or LoginThrottle())]},
    )
    return demo
