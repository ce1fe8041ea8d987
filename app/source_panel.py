"""The side panel 原文出处: the clause an answer cites, in its original.

A PDF shows its printed page with the clause framed, and pages through the whole document (上一页 / 下一页,
第 N 页 / 共 M 页); a DOCX, TXT or web page shows its own paragraphs with the clause marked and a few
paragraphs either side, scrollable; both offer the whole original to download (a private copy in the app's
cache folder, served as every other download is). The panel follows the answer being read: a question sent
clears it, a new answer shows its first citation, a click on any answer's citation shows that one (the page's
script below writes what to show into the hidden #open-clause box).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from app import render
from kb.safenames import safe_name
from kb.source_text import SourceText
from kb.titles import short_title

if TYPE_CHECKING:
    from app.main import Handlers

WAITING = "waiting"  # a question was sent: its answer is not there yet
NO_SOURCE = "none"  # the answer read cites no clause
FOLLOW = "follow:"  # a new answer's first citation: shown without opening the panel
PROMPT = "点击回答中的条款编号，在此查看原文。"

# Written into the page's head: tells the panel which answer is being read. A click on a citation is handled by
# app/main.py's A11Y_HEAD script (it writes the clause id itself and opens the panel).
FOLLOW_SCRIPT = """<script>
(() => {
  let said = null;
  const follow = () => {
    const box = document.querySelector('#open-clause textarea, #open-clause input');
    if (!box) return;
    const asked = document.querySelectorAll('#chat [data-testid="user"]').length;
    const answers = document.querySelectorAll('#chat [data-testid="bot"]');
    if (!asked && !answers.length) return;
    let want = 'none';
    if (answers.length < asked) want = 'waiting';
    else {
      const link = answers[answers.length - 1].querySelector('a[href*="clause="]');
      if (link) want = 'follow:' + (new URL(link.href, location.href).searchParams.get('clause') || '');
    }
    if (want === said) return;
    said = want;
    box.value = want;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  new MutationObserver(follow).observe(document.documentElement, {childList: true, subtree: true});
})();
</script>"""


@dataclass(frozen=True)
class Shown:
    """What the panel shows: a clause, and the page of its PDF being looked at (None: not a PDF)."""

    clause_id: str
    page: int | None = None


def text_html(shown: SourceText) -> str:
    """The original's paragraphs, the clause's marked, in a box that scrolls (focusable, so that a keyboard
    scrolls it too); the marked paragraphs carry an id the page scrolls to."""
    parts = []
    if not shown.found:
        parts.append("<p><strong>未能在原文中定位这一条款，以下是原文开头，请对照下方摘录。</strong></p>")
    for i, paragraph in enumerate(shown.paragraphs):
        text = html.escape(paragraph)
        if shown.first <= i < shown.last:
            anchor = ' id="cited-paragraph"' if i == shown.first else ""
            parts.append(f"<p{anchor}><mark>{text}</mark></p>")
        else:
            parts.append(f"<p>{text}</p>")
    where = f"原文第 {shown.start + 1}–{shown.start + len(shown.paragraphs)} 段（共 {shown.total} 段）"
    return (
        f'<div class="source-original" role="region" aria-label="原文（所引条款已标出）" tabindex="0" '
        f'style="max-height:45vh;overflow:auto;border:1px solid #ccc;padding:0 8px">'
        f'<p><small>{where}</small></p>{"".join(parts)}</div>'
    )


class SourcePanel:
    """The panel's handlers (testable without a browser)."""

    def __init__(self, handlers: Handlers) -> None:
        self.handlers = handlers
        self.kb = handlers.kb
        self._served: dict[tuple[str, int, int], str] = {}  # originals copied among the downloads

    async def show_event(self, value: str | None, request: gr.Request | None = None) -> tuple[Any, ...]:
        return await self.handlers._in_turn(request, lambda: self.show(value))

    async def turn_event(self, shown: Shown | None, step: int, request: gr.Request | None = None) -> tuple[Any, ...]:
        return await self.handlers._in_turn(request, lambda: self.turn(shown, step))

    def show(self, value: str | None) -> tuple[Any, ...]:
        """What the hidden box asks for: a clause id (a click: the panel opens), `follow:<id>` (a new answer:
        shown, the panel left as it is), `waiting` or `none` (the old source is cleared), '' (nothing)."""
        value = (value or "").strip()
        if not value:
            return (gr.update(),) * 10
        if value in (WAITING, NO_SOURCE):
            said = "正在回答，回答到达后在此显示它引用的原文。" if value == WAITING else "此回答没有引用条款。"
            return (gr.update(), said, *self._nothing(), None)
        opening = not value.startswith(FOLLOW)
        clause_id = value.removeprefix(FOLLOW)
        return (gr.update(open=True) if opening else gr.update(), *self.render(Shown(clause_id)))

    def turn(self, shown: Shown | None, step: int) -> tuple[Any, ...]:
        """上一页 (-1) or 下一页 (+1) of the PDF shown."""
        if shown is None or shown.page is None:
            return (gr.update(),) * 9
        return self.render(Shown(shown.clause_id, shown.page + step))

    def _nothing(self) -> tuple[Any, ...]:
        hidden = gr.update(value=None, visible=False)
        # the page buttons stay as they are: their row is hidden (hiding them would keep them hidden after)
        return (hidden, gr.update(visible=False), "", gr.update(), gr.update(), gr.update(value="", visible=False), hidden)

    def render(self, shown: Shown) -> tuple[Any, ...]:
        """(text, page image, page navigation row, its label, 上一页, 下一页, original's text, download, shown)."""
        clauses, focus = self.kb.clause_in_context(shown.clause_id)
        text = render.source_panel_markdown(clauses, focus)
        if not clauses:
            return (text, *self._nothing(), None)
        clause = clauses[focus]
        download = self._original(clause.doc)
        image = self.kb.source_page(clause, page=shown.page)
        if image is not None:
            page = self.handlers._save(f"第{image.page}页.png", image.png)
            caption = render.page_caption(image) if image.page == image.clause_page else self._away(image)
            return (
                text,
                gr.update(value=page, visible=True, label=caption),
                gr.update(visible=True),
                f"第 {image.page} 页 / 共 {image.pages} 页",
                gr.update(interactive=image.page > 1, visible=True),
                gr.update(interactive=image.page < image.pages, visible=True),
                gr.update(value="", visible=False),
                download,
                Shown(shown.clause_id, image.page),
            )
        original = self.kb.source_text(clause)
        shown_text = gr.update(value=text_html(original), visible=True) if original else gr.update(visible=False)
        hidden = gr.update(value=None, visible=False)
        return (text, hidden, gr.update(visible=False), "", gr.update(), gr.update(), shown_text, download, shown)

    @staticmethod
    def _away(image: Any) -> str:
        return f"原件第 {image.page} 页（所引条款在第 {image.clause_page} 页）"

    def _original(self, doc: str) -> dict[str, Any]:
        """The whole original to download, as a private copy among the app's downloads."""
        source = self.kb.original(doc)
        if source is None:
            return gr.update(value=None, visible=False)
        stat = source.stat()
        key = (str(source), stat.st_mtime_ns, stat.st_size)
        path = self._served.get(key)
        # named by the document's short title, as the reader knows it, not by the file's stem (issue 23, item 3)
        title = next((d.title for d in self.kb.docs() if d.doc_id == doc), "") or "原件"
        name = safe_name(f"{short_title(title)}{source.suffix}", fallback=f"原件{source.suffix}")
        if path is None or not Path(path).exists():  # copied once per version, not at every citation shown
            path = self._served[key] = self.handlers._save(name, source.read_bytes())
        return gr.update(value=path, visible=True, label=f"原件：{name}（点击下载或打开）")


def build_source_panel(handlers: Handlers) -> None:
    """The sidebar and its events; the hidden box #open-clause is what every citation writes into."""
    panel_handlers = SourcePanel(handlers)
    reading: dict[str, Any] = {"api_visibility": "private", "concurrency_id": "read", "concurrency_limit": None}
    with gr.Sidebar(label="原文出处", open=False, position="right", width=420, elem_id="source-panel") as panel:
        page_image = gr.Image(
            label="原件页面",
            type="filepath",
            interactive=False,
            visible=False,
            buttons=["fullscreen"],
            elem_id="source-page",
        )
        with gr.Row(visible=False, elem_id="page-nav") as page_nav:
            previous = gr.Button("上一页", size="sm", min_width=60, elem_id="previous-page")
            page_label = gr.Markdown(elem_id="page-number")
            following = gr.Button("下一页", size="sm", min_width=60, elem_id="next-page")
        original_text = gr.HTML(visible=False, elem_id="source-original")
        source = gr.Markdown(PROMPT, elem_id="source-text")
        download = gr.File(label="原件", interactive=False, visible=False, elem_id="source-file")
    shown = gr.State(None)
    opened = gr.Textbox(elem_id="open-clause", elem_classes=["offscreen"], show_label=False, container=False)
    rendered = [source, page_image, page_nav, page_label, previous, following, original_text, download, shown]
    opened.change(panel_handlers.show_event, [opened], [panel, *rendered], **reading)

    async def back(value: Shown | None, request: gr.Request) -> tuple[Any, ...]:
        return await panel_handlers.turn_event(value, -1, request)

    async def on(value: Shown | None, request: gr.Request) -> tuple[Any, ...]:
        return await panel_handlers.turn_event(value, +1, request)

    previous.click(back, [shown], rendered, **reading)
    following.click(on, [shown], rendered, **reading)
