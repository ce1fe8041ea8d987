"""The chat's conversations as the server keeps them (kb.conversations): the list in the left sidebar (new,
switch, rename, delete with confirmation), the chat restored after a reload or a server restart, the copy of
one answer as clean text, the export of one answer or the whole conversation (TXT, DOCX), and 👍/👎 with a
reason and the correct answer (kb.feedback).

Whose conversations: the account logged in (`--auth`), else the browser — an id the page keeps in its
localStorage (a gr.BrowserState sealed with a secret kept beside the index, so it still reads after a restart).
The follow-up context is the stored conversation's questions: clearing a conversation clears it.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import gradio as gr

from app import render
from app.messages import ERROR_TITLE, failure
from kb.conversations import Conversation, ConversationStore, browser_secret
from kb.errors import KBError
from kb.export.answer_text import copy_text
from kb.export.conversation import conversation_docx, conversation_plain_text
from kb.feedback import REASONS
from kb.types import Answer

if TYPE_CHECKING:
    from app.main import Handlers

Message = dict[str, Any]
Session = dict[str, str]  # what the browser keeps: {"browser": its id, "conversation": the one shown}
WHOLE = "all"  # the export picker's value for the whole conversation
EXPORT_NAME = "问答记录"
NO_ANSWER_YET = "（还没有可复制的回答）"
THANKS = "谢谢！您的反馈已记录，会用来检查和改进回答。"
THANKS_CORRECTED = "谢谢！您的反馈和正确答案已记录，会用来检查和改进回答。"

# The copy button of an answer puts the answer's clean text (kb.export.answer_text), and that of a question the
# question as typed, on the clipboard instead of the message's markdown (`\.`, `<mark>`, `?clause=`): both are
# kept, per message, in the hidden #answer-copies box.
COPY_SCRIPT = """<script>
(() => {
  const copies = () => {
    const box = document.querySelector('#answer-copies textarea, #answer-copies input');
    try { return JSON.parse((box && box.value) || '{}'); } catch (e) { return {}; }
  };
  // what the copy did, said for a moment at the bottom of the window (and to screen readers)
  const say = (text) => {
    let note = document.getElementById('copy-status');
    if (!note) {
      note = document.createElement('div');
      note.id = 'copy-status';
      note.setAttribute('role', 'status');
      note.style.cssText = 'position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:1000;' +
        'background:#1f2937;color:#fff;padding:8px 14px;border-radius:6px;font-size:14px;max-width:90vw;';
      document.body.appendChild(note);
    }
    note.textContent = text;
    note.style.display = 'block';
    clearTimeout(note.hideLater);
    note.hideLater = setTimeout(() => { note.style.display = 'none'; }, 3000);
  };
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('#chat button');
    if (!button) return;
    const label = `${button.getAttribute('aria-label') || ''} ${button.getAttribute('title') || ''}`;
    if (!/copy message|复制/i.test(label) || /conversation|对话/i.test(label)) return;
    // a message's buttons follow its row: the row before them holds the answer or the question
    const bar = button.closest('.message-buttons');
    let row = bar && bar.previousElementSibling;
    while (row && !row.classList.contains('message-row')) row = row.previousElementSibling;
    const kept = copies();
    for (const [kind, texts, said] of [['bot', kept.answers, '回答（纯文本，含出处）'], ['user', kept.questions, '问题']]) {
      const message = row && row.querySelector(`[data-testid="${kind}"]`);
      const index = [...document.querySelectorAll(`#chat [data-testid="${kind}"]`)].indexOf(message);
      if (!message || index < 0 || !texts || texts[index] === undefined) continue;
      event.preventDefault();
      event.stopImmediatePropagation();
      navigator.clipboard.writeText(texts[index]).then(() => say(`已复制第 ${index + 1} 条${said}`),
        () => say('无法写入剪贴板：请在“复制与导出对话”中显示为纯文本后复制'));
      return;
    }
  }, true);
})();
</script>"""


# The conversation list opened in the browser, by the sidebar's own toggle.
OPEN_LIST = """() => { const bar = document.querySelector('#conversations');
  if (bar && !bar.classList.contains('open')) bar.querySelector('.toggle-button').click(); }"""
# On a phone the open sidebar covers the chat: once a conversation is chosen, it closes.
CLOSE_ON_PHONE = """() => { if (window.innerWidth < 768) {
  const bar = document.querySelector('#conversations');
  if (bar && bar.classList.contains('open')) bar.querySelector('.toggle-button').click(); } }"""


F = TypeVar("F", bound=Callable[..., Any])


def said_in_chinese(method: F) -> F:
    """An error of kb (the conversations file unreadable, read-only) shown as the page's Chinese toast."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e

    return wrapper  # type: ignore[return-value]


def owner_of(request: gr.Request | None, session: Session) -> str:
    """Whose conversations: the account logged in, else this browser."""
    if request is not None and request.username:
        return f"user:{request.username}"
    return f"browser:{session['browser']}"


def session_of(saved: Any) -> Session:
    """The browser's kept session, with an id made for a browser seen the first time."""
    saved = saved if isinstance(saved, dict) else {}
    browser = str(saved.get("browser") or "") or uuid.uuid4().hex
    return {"browser": browser, "conversation": str(saved.get("conversation") or "")}


def messages_of(
    conversation: Conversation | None, places: Mapping[str, str | None] | None = None
) -> list[Message]:
    """The chat as shown: each question as typed (escaped, never markup), each answer rendered (a card naming
    its document's place, from `places`: document id → place)."""
    messages: list[Message] = []
    for turn in conversation.turns if conversation else ():
        messages.append({"role": "user", "content": render.escape_text(turn.question.strip())})
        messages.append({"role": "assistant", "content": render.answer_markdown(turn.answer, places)})
    return messages


def copies_of(conversation: Conversation | None) -> str:
    """What each message's copy button copies, in order (JSON for the hidden box): each answer's clean text,
    each question as typed."""
    turns = conversation.turns if conversation else ()
    kept = {
        "answers": [copy_text(t.answer) for t in turns],
        "questions": [t.question.strip() for t in turns],
    }
    return json.dumps(kept, ensure_ascii=False)


@dataclass(frozen=True)
class Shown:
    """What the chat shows of a conversation, in the order of the outputs it sets."""

    messages: list[Message]
    session: Session
    listed: dict[str, Any]
    copies: str
    title: str
    export: dict[str, Any]

    def values(self) -> tuple[Any, ...]:
        return (self.messages, self.session, self.listed, self.copies, self.title, self.export)


class Conversations:
    """What the conversation controls do, as plain methods over the store (testable without a browser)."""

    def __init__(self, handlers: Handlers) -> None:
        self.handlers = handlers  # the knowledge base, the fair queue, the private downloads folder
        self.kb = handlers.kb

    @property
    def store(self) -> ConversationStore:
        """Opened on first use: building the page reads nothing."""
        return self.kb.conversations()

    # --- showing ---
    def show(self, owner: str, session: Session) -> Shown:
        conversation = self.store.get(owner, session["conversation"])
        if conversation is None:
            session = {**session, "conversation": ""}
        return Shown(
            messages=messages_of(conversation, self.kb.doc_places()),
            session=session,
            listed=self.listed(owner, session["conversation"]),
            copies=copies_of(conversation),
            title=conversation.title if conversation else "",
            export=self.export_choices(conversation),
        )

    def listed(self, owner: str, current: str) -> dict[str, Any]:
        """The list of the owner's conversations (newest first), the current one selected."""
        choices = [(c.title, c.id) for c in self.store.list(owner)]
        return gr.update(choices=choices, value=current or None)

    @staticmethod
    def export_choices(conversation: Conversation | None) -> dict[str, Any]:
        turns = conversation.turns if conversation else ()
        choices = [("整个对话", WHOLE)] + [
            (f"第 {n} 问：{render_title(t.question)}", str(n)) for n, t in enumerate(turns, 1)
        ]
        return gr.update(choices=choices, value=WHOLE)

    @said_in_chinese
    def load(self, saved: Any, request: gr.Request | None = None) -> tuple[Any, ...]:
        """On page load: this browser's (or account's) last conversation, shown again."""
        session = session_of(saved)
        return self.show(owner_of(request, session), session).values()

    @said_in_chinese
    def pick(
        self, conversation: str | None, saved: Any, request: gr.Request | None = None
    ) -> tuple[Any, ...]:
        """Switch to one of the listed conversations."""
        session = {**session_of(saved), "conversation": conversation or ""}
        return self.show(owner_of(request, session), session).values()

    @said_in_chinese
    def new(self, saved: Any, request: gr.Request | None = None) -> tuple[Any, ...]:
        """An empty conversation: nothing earlier is a follow-up's context; the others stay listed."""
        session = {**session_of(saved), "conversation": ""}
        return self.show(owner_of(request, session), session).values()

    @said_in_chinese
    def clear(self, saved: Any, request: gr.Request | None = None) -> tuple[Any, ...]:
        """Clear the conversation shown: it is deleted on the server, its questions with it, so a follow-up
        asked next is not read against them."""
        session = session_of(saved)
        owner = owner_of(request, session)
        if session["conversation"]:
            self.store.delete(owner, session["conversation"])
        return self.show(owner, {**session, "conversation": ""}).values()

    @said_in_chinese
    def rename(self, title: str | None, saved: Any, request: gr.Request | None = None) -> tuple[Any, ...]:
        session = session_of(saved)
        owner = owner_of(request, session)
        if not (title or "").strip():
            gr.Warning("名称不能为空。", title="注意")
        elif session["conversation"]:
            self.store.rename(owner, session["conversation"], title or "")
        return self.show(owner, session).values()

    @said_in_chinese
    def confirm_delete(self, saved: Any, request: gr.Request | None = None) -> tuple[dict[str, Any], str]:
        """Ask before deleting: the confirmation names the conversation."""
        session = session_of(saved)
        conversation = self.store.get(owner_of(request, session), session["conversation"])
        if conversation is None:
            return gr.update(visible=False), ""
        asked = f"确定删除对话「{render.escape_text(conversation.title)}」？删除后无法恢复。"
        return gr.update(visible=True), asked

    @said_in_chinese
    def delete(self, saved: Any, request: gr.Request | None = None) -> tuple[Any, ...]:
        session = session_of(saved)
        owner = owner_of(request, session)
        if session["conversation"]:
            self.store.delete(owner, session["conversation"])
        return (*self.show(owner, {**session, "conversation": ""}).values(), gr.update(visible=False))

    # --- asking ---
    async def chat_event(
        self,
        question: str,
        doc: str | None,
        department: str | None,
        saved: Any,
        request: gr.Request | None = None,
    ) -> AsyncIterator[tuple[Any, ...]]:
        """`chat_stream` in its user's turn (kb.fair): a question too long is refused before it waits."""
        self.handlers._check(question)
        session = session_of(saved)
        owner = owner_of(request, session)
        from app.main import user_key

        steps = self.handlers.fair.stream(
            user_key(request), lambda: self.chat_stream(owner, session, question, doc, department)
        )
        try:
            async for step in steps:
                yield step
        except KBError as e:  # Busy: too many of this user's, or of everyone's, questions waiting
            raise gr.Error(failure(e), title=ERROR_TITLE) from e

    def chat_stream(
        self, owner: str, session: Session, question: str, doc: str | None, department: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """Answer in the conversation shown (a follow-up read against its questions), stream the answer into
        the chat, then keep the turn: (chat, question box, session, list, copies, title, export choices)."""
        typed = (question or "").strip()
        conversation = said_in_chinese(self.store.get)(owner, session["conversation"])
        places = self.kb.doc_places()
        history = messages_of(conversation, places)
        if not typed:
            yield (history, "", *(gr.update(),) * 5)
            return
        asked = conversation.asked if conversation else []
        shown_question = {"role": "user", "content": render.escape_text(typed)}
        answer: Answer | None = None
        try:
            for answer in self.kb.ask_stream(
                typed, doc=doc or None, department=department or None, history=asked
            ):
                shown = {"role": "assistant", "content": render.answer_markdown(answer, places)}
                yield ([*history, shown_question, shown], "", *(gr.update(),) * 5)
        except KBError as e:
            raise gr.Error(failure(e), title=ERROR_TITLE) from e
        if answer is None:
            return
        try:
            kept = self.store.append(owner, session["conversation"], typed, answer)
            final = self.show(owner, {**session, "conversation": kept.id})
        except KBError as e:  # the answer was shown; the conversations file could not keep it
            raise gr.Error(failure(e), title=ERROR_TITLE) from e
        yield (final.messages, "", *final.values()[1:])

    # --- copying and exporting ---
    def _conversation(self, saved: Any, request: gr.Request | None) -> tuple[str, Conversation | None]:
        session = session_of(saved)
        owner = owner_of(request, session)
        return owner, self.store.get(owner, session["conversation"])

    def _chosen(self, which: str | None, conversation: Conversation | None) -> tuple[list[Answer], list[str]]:
        turns = list(conversation.turns) if conversation else []
        if which and which != WHOLE and which.isdigit() and 1 <= int(which) <= len(turns):
            turns = [turns[int(which) - 1]]
        return [t.answer for t in turns], [t.question.strip() for t in turns]

    @said_in_chinese
    def plain_text(self, which: str | None, saved: Any, request: gr.Request | None = None) -> str:
        """The chosen answer (or the whole conversation) as plain text, sources as footnotes."""
        answers, asked = self._chosen(which, self._conversation(saved, request)[1])
        return conversation_plain_text(answers, asked) if answers else NO_ANSWER_YET

    @said_in_chinese
    def export_txt(self, which: str | None, saved: Any, request: gr.Request | None = None) -> str | None:
        answers, asked = self._chosen(which, self._conversation(saved, request)[1])
        if not answers:
            return None
        text = conversation_plain_text(answers, asked) + "\n"
        return self.handlers._save(f"{self._name(which, asked)}.txt", text.encode("utf-8"))

    @said_in_chinese
    def export_docx(self, which: str | None, saved: Any, request: gr.Request | None = None) -> str | None:
        answers, asked = self._chosen(which, self._conversation(saved, request)[1])
        if not answers:
            return None
        name = self._name(which, asked)
        return self.handlers._save(f"{name}.docx", conversation_docx(answers, title=name, asked=asked))

    @staticmethod
    def _name(which: str | None, asked: list[str]) -> str:
        """The download's name: 问答记录 for the whole conversation, 问答-<the question> for one answer."""
        if which in (None, "", WHOLE) or not asked:
            return EXPORT_NAME
        return f"问答-{render_title(asked[0], 20)}"

    # --- feedback ---
    @said_in_chinese
    def rated(
        self, data: gr.LikeData, messages: list[Message], saved: Any, request: gr.Request | None = None
    ) -> tuple[Any, ...]:
        """A 👍 is recorded at once, with thanks; a 👎 opens the form for a reason and the correct answer.
        Outputs: the form, its turn, the reason, the correction, the thanks line."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        if not isinstance(index, int) or not 0 <= index < len(messages):
            return (gr.update(),) * 5
        turn = sum(1 for m in messages[: index + 1] if m.get("role") == "assistant")
        if data.liked is True:
            self._record(turn, True, None, None, saved, request)
            return gr.update(visible=False), 0, None, "", THANKS
        if data.liked is False:
            return gr.update(visible=True), turn, None, "", ""
        return gr.update(visible=False), 0, None, "", ""  # a verdict taken back

    @said_in_chinese
    def send_feedback(
        self,
        turn: int,
        reason: str | None,
        correction: str | None,
        saved: Any,
        request: gr.Request | None = None,
    ) -> tuple[Any, ...]:
        """The 👎 with its reason (a REASONS label or code) and correct answer, both optional: recorded, the
        form closed, thanks."""
        code = REASON_CODES.get(reason or "", reason)
        recorded = self._record(turn, False, code, correction, saved, request)
        thanks = THANKS_CORRECTED if (correction or "").strip() else THANKS
        return gr.update(visible=False), 0, None, "", thanks if recorded else ""

    def _record(
        self,
        turn: int,
        liked: bool,
        reason: str | None,
        correction: str | None,
        saved: Any,
        request: gr.Request | None,
    ) -> bool:
        owner, conversation = self._conversation(saved, request)
        if conversation is None or not 1 <= turn <= len(conversation.turns):
            return False
        kept = conversation.turns[turn - 1]
        self.kb.feedback(
            kept.answer,
            liked=liked,
            question=kept.question.strip(),
            reason=reason,
            correction=correction,
            user=owner,
            conversation=conversation.id,
        )
        return True


def render_title(text: str, limit: int = 30) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass
class ChatParts:
    """The chat tab's components the conversation controls read and set."""

    chatbot: gr.Chatbot
    question: gr.Textbox
    doc_filter: gr.Dropdown
    department_filter: gr.Dropdown
    send: gr.Button
    clear: gr.Button
    history: gr.Button  # opens the list of conversations
    examples: list[gr.Button]
    welcome: list[Any]  # the first screen's parts: shown on an empty chat, hidden once it has an answer


def sidebar(kb: Any) -> tuple[gr.BrowserState, dict[str, Any]]:
    """The left sidebar listing the conversations, and the browser's kept session. Call inside the Blocks."""
    saved = gr.BrowserState(
        {"browser": "", "conversation": ""},
        storage_key="kb-session",
        secret=browser_secret(kb.settings.index),
    )
    parts: dict[str, Any] = {}
    with gr.Sidebar(
        label="对话记录", open=False, position="left", width=300, elem_id="conversations"
    ) as panel:
        parts["new"] = gr.Button("＋ 新对话", variant="primary", size="sm", elem_id="new-conversation")
        parts["list"] = gr.Radio(
            label="历史对话（最近的在前）", choices=[], elem_id="conversation-list", container=True
        )
        # not in a closed accordion: Gradio renders such children when it opens and then sets their values, so
        # a name typed at once was replaced by the saved title (seen under load in the browser test)
        with gr.Group(elem_id="conversation-tools"):
            parts["title"] = gr.Textbox(label="对话名称", max_lines=1, elem_id="rename-box")
            with gr.Row():
                parts["rename"] = gr.Button("重命名", size="sm", elem_id="rename-button")
                parts["delete"] = gr.Button("删除", size="sm", elem_id="delete-button")
            with gr.Column(visible=False, variant="panel", elem_id="delete-confirm") as confirm:
                parts["confirm_text"] = gr.Markdown(elem_id="delete-question")
                with gr.Row():
                    parts["confirm"] = gr.Button(
                        "确定删除", size="sm", variant="primary", elem_id="delete-yes"
                    )
                    parts["cancel"] = gr.Button("取消", size="sm", elem_id="delete-no")
            parts["confirm_group"] = confirm
    parts["sidebar"] = panel
    return saved, parts


def export_panel() -> dict[str, Any]:
    """Copy and export: one answer or the whole conversation, as text to copy, TXT or Word. The element ids
    of the whole-conversation controls are those the page had before (#plain-button, #docx-button, …)."""
    parts: dict[str, Any] = {}
    with gr.Accordion("复制与导出对话（或其中一条回答）", open=False, elem_id="export"):
        parts["which"] = gr.Dropdown(
            label="导出哪一部分", choices=[("整个对话", WHOLE)], value=WHOLE, elem_id="export-pick"
        )
        with gr.Row():
            parts["plain"] = gr.Button("显示为纯文本（出处作脚注）", size="sm", elem_id="plain-button")
            parts["txt"] = gr.Button("下载文本（TXT）", size="sm", elem_id="txt-button")
            parts["docx"] = gr.Button("下载 Word（DOCX）", size="sm", elem_id="docx-button")
        parts["text"] = gr.Textbox(
            label="纯文本（可复制）", lines=6, buttons=["copy"], interactive=False, elem_id="plain-text"
        )
        parts["file"] = gr.File(label="下载", interactive=False, elem_id="docx-file")
    return parts


def feedback_form() -> dict[str, Any]:
    """What a 👎 opens: an optional reason and correct answer; the thanks line after sending."""
    parts: dict[str, Any] = {}
    parts["turn"] = gr.State(0)
    with gr.Column(visible=False, variant="panel", elem_id="feedback-form") as form:
        gr.Markdown("**这条回答哪里不对？**（都可不填，直接提交也有帮助）")
        parts["reason"] = gr.Radio(
            label="原因（可选）", choices=list(REASONS.values()), elem_id="feedback-reason"
        )
        parts["correction"] = gr.Textbox(
            label="正确答案（可选）",
            lines=2,
            placeholder="如：牵头单位是县林业局",
            elem_id="feedback-correction",
        )
        with gr.Row():
            parts["send"] = gr.Button("提交反馈", variant="primary", size="sm", elem_id="feedback-send")
            parts["cancel"] = gr.Button("取消", size="sm", elem_id="feedback-cancel")
    parts["form"] = form
    parts["thanks"] = gr.Markdown(elem_id="feedback-thanks")
    return parts


REASON_CODES = {label: code for code, label in REASONS.items()}


def wire(
    conversations: Conversations,
    demo: gr.Blocks,
    saved: gr.BrowserState,
    side: dict[str, Any],
    chat: ChatParts,
    export: dict[str, Any],
    feedback: dict[str, Any],
    first_screen: Any,
    after_answer: list[dict[str, Any]],
) -> None:
    """Connect the conversation controls. `first_screen` shows the welcome and examples on an empty chat;
    `after_answer`: the steps the page runs after an answer arrives (hide the welcome, scroll to the answer)."""
    private: dict[str, Any] = {"api_visibility": "private"}
    from app.main import READING

    copies = gr.Textbox(
        elem_id="answer-copies",
        elem_classes=["offscreen"],
        show_label=False,
        container=False,
        interactive=False,
    )
    shown = [chat.chatbot, saved, side["list"], copies, side["title"], export["which"]]
    welcome = [*chat.welcome, *chat.examples]

    def first(messages: list[Message]) -> tuple[Any, ...]:
        return first_screen({"messages": messages})

    form = [
        feedback["form"],
        feedback["turn"],
        feedback["reason"],
        feedback["correction"],
        feedback["thanks"],
    ]
    stale = [*form, export["text"], export["file"]]

    def fresh() -> tuple[Any, ...]:
        """Another conversation shown, or a new answer: no feedback form, thanks or export left of the last."""
        return gr.update(visible=False), 0, None, "", "", "", None

    def then_first(event: Any) -> None:
        event.then(first, [chat.chatbot], welcome, **private).then(fresh, outputs=stale, **private)

    then_first(demo.load(conversations.load, [saved], shown, **private))
    # opened in the browser: a server update of the sidebar arriving late re-renders it, and a name being
    # typed in its rename box is replaced by the saved title
    chat.history.click(fn=None, js=OPEN_LIST, **private)
    for switched in (
        side["list"].input(conversations.pick, [side["list"], saved], shown, **private),
        side["new"].click(conversations.new, [saved], shown, **private),
    ):
        then_first(switched)
        switched.then(fn=None, js=CLOSE_ON_PHONE, **private)
    then_first(chat.clear.click(conversations.clear, [saved], shown, **private))
    then_first(chat.chatbot.clear(conversations.clear, [saved], shown, **private))  # the chat's own 清空
    side["rename"].click(conversations.rename, [side["title"], saved], shown, **private)
    side["title"].submit(conversations.rename, [side["title"], saved], shown, **private)
    side["delete"].click(
        conversations.confirm_delete, [saved], [side["confirm_group"], side["confirm_text"]], **private
    )
    side["cancel"].click(lambda: gr.update(visible=False), outputs=[side["confirm_group"]], **private)
    then_first(
        side["confirm"].click(conversations.delete, [saved], [*shown, side["confirm_group"]], **private)
    )

    outputs = [chat.chatbot, chat.question, saved, side["list"], copies, side["title"], export["which"]]
    common: dict[str, Any] = {**READING, **private}
    asked = [
        chat.question.submit(
            conversations.chat_event,
            [chat.question, chat.doc_filter, chat.department_filter, saved],
            outputs,
            **common,
        ),
        chat.send.click(
            conversations.chat_event,
            [chat.question, chat.doc_filter, chat.department_filter, saved],
            outputs,
            **common,
        ),
        *(
            button.click(
                conversations.chat_event,
                [button, chat.doc_filter, chat.department_filter, saved],
                outputs,
                **common,
            )
            for button in chat.examples
        ),
    ]
    for event in asked:
        event = event.then(fresh, outputs=stale, **private)
        for step in after_answer:
            event = event.then(**step, **private)

    saved_in = [export["which"], saved]
    export["plain"].click(conversations.plain_text, saved_in, [export["text"]], **private)
    export["txt"].click(conversations.export_txt, saved_in, [export["file"]], **private)
    export["docx"].click(conversations.export_docx, saved_in, [export["file"]], **private)

    chat.chatbot.like(conversations.rated, [chat.chatbot, saved], form, **private)
    feedback["send"].click(
        conversations.send_feedback,
        [feedback["turn"], feedback["reason"], feedback["correction"], saved],
        form,
        **private,
    )
    feedback["cancel"].click(lambda: (gr.update(visible=False), 0, None, "", ""), outputs=form, **private)
