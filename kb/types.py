"""Typed values passed between the pipeline stages.

file ─▶ SourceDoc ─▶ list[Paragraph] ─▶ list[Clause] ─▶ list[Hit] ─▶ Answer

Each stage takes one of these and returns the next, so each can be tested alone on a small real input.
`Clause.to_dict()` is the JSON shape of the command-line contract (`kb clauses --json`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Intent = Literal["responsibility", "department_tasks", "indicator", "organization", "general", "out_of_scope"]
INTENTS: tuple[Intent, ...] = (
    "responsibility",
    "department_tasks",
    "indicator",
    "organization",
    "general",
    "out_of_scope",
)


@dataclass(frozen=True)
class Line:
    """One line of extracted text with the page it sits on (1-based; None where the format has no pages)."""

    text: str
    page: int | None = None
    # PDF only: True when the line starts right of the page's text margin (a paragraph's indented first line,
    # or a centred title), False when it starts at the margin (a wrapped line); None where layout is unknown.
    indent: bool | None = None
    confidence: float | None = None  # read by OCR (a scanned page): the engine's confidence 0–1; else None


Format = Literal["pdf", "docx", "txt", "md", "doc", "wps", "ofd", "html", "xlsx"]


# Label of the metadata table → field of PageMeta; compared without spaces and the trailing colon (kb.load.html; where
# a page was saved as text, kb.parse.page_lines).
PAGE_LABELS: dict[str, str] = {
    "索引号": "index_no",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布单位": "issuer",
    "文号": "doc_no",
    "发文字号": "doc_no",
    "文件编号": "doc_no",
    "发布日期": "published",
    "发布时间": "published",
    "成文日期": "written",
    "名称": "title",
    "标题": "title",
    "文件名称": "title",
}


@dataclass(frozen=True)
class PageMeta:
    """What a saved web page says about the document it carries, outside its text: the 信息公开 table
    (索引号/发布机构/文号/成文日期) and the page's title. None where the page does not say."""

    title: str | None = None
    issuer: str | None = None  # 发布机构
    doc_no: str | None = None  # 文号
    published: str | None = None  # 发布日期 (or 成文日期), as written: 2026-04-20, 2026年04月20日
    index_no: str | None = None  # 索引号


@dataclass(frozen=True)
class SourceDoc:
    """A loaded file: its text as lines, before any normalizing.

    `visual_lines` is True when every line break is a visual wrap (PDF); False when each line is a paragraph
    as written (DOCX, TXT), though a TXT copied out of a viewer may still break paragraphs at page ends.
    """

    path: str
    doc_id: str
    format: Format
    lines: tuple[Line, ...]
    sha256: str
    visual_lines: bool = False
    meta: PageMeta | None = None  # a saved web page's own metadata (kb.load.html)
    notes: tuple[str, ...] = ()  # what the loader did that the user should know (a file read as another type)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as a reader sees it: wraps joined, page furniture removed."""

    text: str
    page: int | None = None
    confidence: float | None = None  # read by OCR: the lowest confidence of its lines; None from a text layer


@dataclass(frozen=True)
class Indicator:
    """A numeric target, e.g. 全社会研发经费投入 增长 8.5 % 以上."""

    name: str  # what is measured: "全社会研发经费投入增长", "高层次人才"
    value: float
    unit: str  # "%", "名", "项", "家", "件", "个", ""
    qualifier: str  # "以上", "超过", "左右", "" …
    text: str  # the span as written: "全社会研发经费投入增长 8.5%以上"

    def display(self) -> str:
        """Value as a reader writes it: 8.5%以上, 3名以上, 超过50%, 不超过20万元."""
        number = f"{self.value:g}"
        if self.qualifier in BOUNDS_BEFORE_NUMBER:
            return f"{self.qualifier}{number}{self.unit}"
        return f"{number}{self.unit}{self.qualifier}"


BOUNDS_BEFORE_NUMBER = (
    "超过",
    "不超过",
    "低于",
    "最高",
)  # written before the number; 以上/以下/左右/以内 after it


@dataclass(frozen=True)
class Deadline:
    """A date a clause sets, e.g. 到2027年."""

    year: int
    text: str  # as written: "到2027年"
    month: int | None = None


@dataclass(frozen=True)
class Clause:
    """One clause of a document's outline, with what was extracted from it.

    `number` is the outline position, one integer per level (section 1, part 2, group 2, item 2 → (1, 2, 2, 2));
    the preamble is (0,). `part` > 1 marks the later pieces of a paragraph split at its department notes.
    """

    doc: str
    doc_title: str
    number: tuple[int, ...]
    path: tuple[str, ...]  # outline labels from the top down to this clause, this clause's label last
    title: str
    text: str
    page: int | None = None
    part: int = 1
    lead: str | None = None  # the first of `leads`
    departments: tuple[str, ...] = ()  # canonical names, leads first, then in the order written, then implied
    departments_raw: tuple[str, ...] = ()  # as written (the note's units, without implied ones)
    leads: tuple[str, ...] = ()  # canonical names of every unit the note names as leading, in order
    departments_implied: tuple[str, ...] = ()  # units a rule stated once in the document adds (不再列出)
    indicators: tuple[Indicator, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    # read by OCR from a scanned page: the engine's lowest confidence (0–1) over the clause's lines; None when
    # the text came from a text layer or a text file
    ocr_confidence: float | None = None

    @property
    def ocr(self) -> bool:
        """True when the clause was read by OCR from a scanned page (its text may hold misread characters)."""
        return self.ocr_confidence is not None

    def __post_init__(self) -> None:
        # `lead` is the first of `leads`: a clause built with only a lead (a table row, a test) has it as its list
        if self.lead and not self.leads:
            object.__setattr__(self, "leads", (self.lead,))

    @property
    def id(self) -> str:
        base = f"{self.doc}:{'.'.join(str(n) for n in self.number)}"
        return base if self.part == 1 else f"{base}-{self.part}"

    @property
    def others(self) -> tuple[str, ...]:
        """Co-responsible departments: all but the leads."""
        return tuple(d for d in self.departments if d not in self.leads)

    def leads_label(self, separator: str = "、") -> str:
        """Every lead as one label (`县发改局、县财政局` for co-leads); "" where the clause names none."""
        return separator.join(self.leads)

    def led_by(self, department: str) -> bool:
        """True when the department is one of the clause's leads (several co-leads each lead)."""
        return department in self.leads

    def to_dict(self) -> dict[str, Any]:
        """The clause object of the command-line contract."""
        return {
            "id": self.id,
            "doc": self.doc,
            "doc_title": self.doc_title,
            "path": list(self.path),
            "title": self.title,
            "text": self.text,
            "lead": self.lead,
            "departments": list(self.departments),
            "departments_raw": list(self.departments_raw),
            "leads": list(self.leads),
            "departments_implied": list(self.departments_implied),
            "indicators": [asdict(i) for i in self.indicators],
            "deadlines": [asdict(d) for d in self.deadlines],
            "page": self.page,
            # only on a clause read from a scanned page: documents with a text layer keep the contract's keys
            **({"ocr": True, "ocr_confidence": round(self.ocr_confidence, 3)} if self.ocr_confidence is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        """Inverse of `to_dict` (the id is re-derived from doc and number)."""
        clause_id: str = data["id"]
        position = clause_id.rsplit(":", 1)[1]
        number_text, _, part_text = position.partition("-")
        return cls(
            doc=data["doc"],
            doc_title=data["doc_title"],
            number=tuple(int(n) for n in number_text.split(".")),
            part=int(part_text) if part_text else 1,
            path=tuple(data["path"]),
            title=data["title"],
            text=data["text"],
            page=data.get("page"),
            lead=data.get("lead"),
            departments=tuple(data.get("departments", ())),
            departments_raw=tuple(data.get("departments_raw", ())),
            leads=tuple(data.get("leads") or ([data["lead"]] if data.get("lead") else ())),
            departments_implied=tuple(data.get("departments_implied", ())),
            indicators=tuple(Indicator(**i) for i in data.get("indicators", ())),
            deadlines=tuple(Deadline(**d) for d in data.get("deadlines", ())),
            ocr_confidence=data.get("ocr_confidence"),
        )


@dataclass(frozen=True)
class WorkingGroup:
    """The body a `推进机制` section sets up (工作专班/领导小组), as structured data."""

    name: str  # "培育好兴产业动能工作专班"
    head: str | None = None  # 牵头: "县政府分管副县长"
    convener: str | None = None  # 召集人: "县政府办分管副主任"
    deputy_convener: str | None = None  # 副召集人: "县科工信局主要负责人"
    members: tuple[str, ...] = ()  # canonical names
    office: str | None = None  # where its office sits: "县科工信局"
    office_duty: str | None = None  # "负责日常协调和调度工作"
    clause_id: str | None = None
    office_head: str | None = None  # 办公室主任: "牛弩韬" (…同志兼任办公室主任)
    head_title: str = "牵头"  # how the document names the head's role: 牵头, 组长, 总召集人, 指挥长
    deputy_title: str = "副召集人"  # and the deputy's: 副召集人, 副组长
    # who sets the group up (生态环境部会同有关部门组建…): not its head, which the text may not name
    formed_by: str | None = None
    duty: str | None = None  # what the group itself does: 统筹推进重点任务 (专班主要职责为…)
    members_more: bool = False  # the list ends in 等 (…等十五个部门): more members than those named
    # the level each member is read with where its run of the list writes it once (省发展改革委、教育厅、科协: 科协 is
    # read with 省, so 省科协 is a member), aligned with `members`; "" for a member written with its own
    member_levels: tuple[str, ...] = ()
    members_count: str | None = None  # the number of members the text states: "18个部门和单位" (…等18个部门和单位组成)
    first_deputy: str | None = None  # 第一副组长: "王勇 国务委员"
    daily_work: str | None = None  # who carries its daily work: 日常工作由X承担
    convener_title: str = "召集人"  # how the document names the convener's role: 召集人, 日常事务召集人
    # the office's posts below its 主任, each (title, holder) as written: ("常务副主任", "民政部副部长高晓兵")
    office_deputies: tuple[tuple[str, str], ...] = ()
    # the roles read in another clause than `clause_id` (a notice's 组成人员 or 工作机构 clause): (field, clause id)
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class UnreadNote:
    """A responsibility note, or what looks like one, that ingestion did not read whole: the units it was sure
    of are in the clause, the rest is here for a person to check (`kb check`, the app's document view)."""

    clause_id: str
    text: str  # the note as written, brackets included
    reason: str  # why, for the person reading it


@dataclass(frozen=True)
class NoteReport:
    """How well a document's notes were read: numbered items, items with units, notes not understood. A
    document whose items carry notes but from which no unit was read is a warning, not a success."""

    items: int
    items_with_units: int
    unread: tuple[UnreadNote, ...] = ()

    @property
    def warning(self) -> bool:
        return self.items > 0 and self.items_with_units == 0 and bool(self.unread)

    def summary(self) -> str:
        """`31 of 44 items with units, 2 notes not understood` (and a warning where no unit was read)."""
        text = f"{self.items_with_units} of {self.items} items with units, {len(self.unread)} notes not understood"
        return text + ("; WARNING: notes found but no unit read" if self.warning else "")


@dataclass(frozen=True)
class DocNotes:
    """One document's notes report, for `kb check`: `notes` is None for a document indexed before the index
    kept the report."""

    doc_id: str
    title: str
    notes: NoteReport | None


@dataclass(frozen=True)
class ParsedDoc:
    """Everything ingestion extracts from one file."""

    doc_id: str
    title: str
    path: str
    format: str
    sha256: str
    clauses: tuple[Clause, ...]
    working_groups: tuple[WorkingGroup, ...] = ()
    issuer: str | None = None  # 发文机关 where the document says it
    place: str | None = None  # the county, city or province it belongs to (全国 for the State Council)
    doc_no: str | None = None  # 文号
    warnings: tuple[str, ...] = ()  # what was read imperfectly (bytes that were not valid UTF-8)
    published: str | None = None  # 发布日期, where a saved web page's metadata gives it
    load_notes: tuple[str, ...] = ()  # the loader's notes (kb.types.SourceDoc.notes)
    unread_notes: tuple[UnreadNote, ...] = ()  # notes not understood, in document order

    @property
    def notes(self) -> NoteReport:
        numbered = [c for c in self.clauses if c.number != (0,)]
        return NoteReport(
            items=len(numbered),
            items_with_units=sum(1 for c in numbered if c.departments),
            unread=self.unread_notes,
        )

    @property
    def departments(self) -> tuple[str, ...]:
        """Every canonical department named in a note, in order of first appearance."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for name in clause.departments:
                seen.setdefault(name, None)
        return tuple(seen)


@dataclass(frozen=True)
class Hit:
    """A retrieved clause with its fused score and the per-retriever ranks that produced it."""

    clause: Clause
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # {"bm25": 1, "dense": 3}


@dataclass(frozen=True)
class LLMText:
    """The model's wording of an answer, after every sentence was checked against its cited clauses (kb.qa.write.check).

    `text` is None when nothing of the model's text passed the check or the model could not be reached; `note`
    then says why, and the offline answer stands alone. `dropped` counts the sentences the check removed.
    """

    text: str | None
    dropped: int = 0
    note: str | None = None
    model: str | None = None


@dataclass(frozen=True)
class Answer:
    """What `ask` returns; `to_dict()` is the `kb ask --json` object of the contract."""

    question: str
    intent: Intent
    answer: str
    abstained: bool
    citations: tuple[Hit, ...] = ()
    lead: str | None = None
    # set (possibly empty) for responsibility questions, and to the units listed when a working group's member
    # units are asked: the units the answer names, in `to_dict()["departments"]`
    others: tuple[str, ...] | None = None
    leads: tuple[str, ...] = ()  # every lead of the answering clause (co-leads), `lead` first
    clarify: tuple[str, ...] = ()  # units the question may mean, when it must be asked which one
    language: Literal["zh", "en"] = "zh"
    department: str | None = None  # the department a department_tasks question is about
    llm: LLMText | None = None  # the model's checked wording, when an endpoint is configured (kb.qa.write.llm)
    resolved: str | None = None  # a follow-up read as a whole question (kb.qa.understand.followup), when it differs
    scope: tuple[
        str, ...
    ] = ()  # the filters that shaped the answer, as a reader names them (《title》, unit)
    outside: int = 0  # when the filtered search found nothing: clauses found in all documents
    verdict: bool | None = None  # a yes/no question's answer (kb.qa.compose.yesno): True yes, False no
    notices: tuple[str, ...] = ()  # what to know of the documents cited (one superseded: kb.docstate)

    def to_dict(self) -> dict[str, Any]:
        departments = None
        if self.others is not None:
            leads = list(self.leads) or ([self.lead] if self.lead else [])
            departments = {"lead": self.lead, "leads": leads, "others": list(self.others)}
        return {
            "question": self.question,
            "intent": self.intent,
            "answer": self.answer,
            "abstained": self.abstained,
            "departments": departments,
            "citations": [{**hit.clause.to_dict(), "score": round(hit.score, 4)} for hit in self.citations],
            **({"clarify": list(self.clarify)} if self.clarify else {}),
            **(self._llm_fields() if self.llm else {}),
            **({"resolved_question": self.resolved} if self.resolved else {}),
            **({"filters": list(self.scope), "found_outside_filters": self.outside} if self.scope else {}),
            **({"verdict": self.verdict} if self.verdict is not None else {}),
            **({"notices": list(self.notices)} if self.notices else {}),
        }

    def _llm_fields(self) -> dict[str, Any]:
        """Added beside the offline answer when a model is configured; `answer` stays the offline text."""
        assert self.llm is not None
        return {"llm_answer": self.llm.text, "llm_dropped": self.llm.dropped, "llm_note": self.llm.note}


@dataclass(frozen=True)
class DocInfo:
    """One indexed document, as `kb docs` lists it."""

    doc_id: str
    title: str
    path: str
    format: str
    sha256: str
    clauses: int
    departments: int
    ingested_at: str  # ISO 8601, UTC
    issuer: str | None = None
    place: str | None = None
    doc_no: str | None = None
    origin: str | None = None  # the absolute path of the file it was ingested from (None in older indexes)
    published: str | None = None
    # how its notes were read (None for a document indexed before the index kept it)
    items: int | None = None
    items_with_units: int | None = None
    notes_not_understood: int | None = None
    unread_notes: tuple[UnreadNote, ...] = ()

    @property
    def notes(self) -> NoteReport | None:
        """How its notes were read, None where the index does not know (indexed before it kept the report)."""
        if self.items is None or self.items_with_units is None:
            return None
        return NoteReport(items=self.items, items_with_units=self.items_with_units, unread=self.unread_notes)

    def to_dict(self) -> dict[str, Any]:
        """The document object of `kb docs --json` (the contract's `doc`, `source`, and every field here)."""
        return {"doc": self.doc_id, "source": self.path.replace("\\", "/").rsplit("/", 1)[-1], **asdict(self)}


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file in `kb ingest`: ingested, unchanged (same content already indexed) or refused."""

    path: str
    status: Literal["ingested", "unchanged", "refused"]
    doc_id: str | None = None
    clauses: int = 0
    departments: int = 0
    error: str | None = None  # the refusal, naming the file and the problem
    kind: str | None = None  # the refusal's kb.errors class name (UnsupportedFormat, Encrypted, …)
    warnings: tuple[str, ...] = ()  # what was read imperfectly, though ingested
    load_notes: tuple[str, ...] = ()  # the loader's notes: a file read as another type than its name says
    notes: NoteReport | None = None  # how its responsibility notes were read (None where the index does not know)

    def line(self) -> str:
        """The one line `kb ingest` prints for this file (its warnings after it, on the same line)."""
        if self.status == "refused":
            return f"refused   {self.error}"
        line = f"{self.status:<10}{self.path}: {self.clauses} clauses, {self.departments} departments ({self.doc_id})"
        extra = [*(f"; note: {note}" for note in self.load_notes), *(f"; warning: {w}" for w in self.warnings)]
        line = "".join([line, *extra])
        return f"{line}; {self.notes.summary()}" if self.notes else line
