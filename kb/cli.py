"""The `kb` command: parses arguments, calls kb.api.KnowledgeBase, prints. No logic of its own.

Adding a command: decorate a function with `@cli.command()` (or `@cli.group()`) and `@index_options`; it then
receives `kb`, a KnowledgeBase opened from --index / --chroma-url (else KB_INDEX / KB_CHROMA_URL, else index/).
Library errors (kb.errors.KBError) raised inside any command become `Error: <message>` and exit status 1.
Every command's help ends with an example (tests/test_cli.py checks).
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click
from pydantic import ValidationError

from kb import __version__
from kb.api import KnowledgeBase
from kb.cleantext import terminal_json, terminal_text
from kb.docstate import DocRecord
from kb.errors import IndexBusy, IndexMissing, KBError, ReadOnlyIndex, UnknownDepartment
from kb.settings import load_settings
from kb.types import Clause, DocInfo

if TYPE_CHECKING:
    from kb.ingest import Stage
    from kb.ingest_progress import IngestStatus

F = TypeVar("F", bound=Callable[..., Any])


class KBGroup(click.Group):
    """A group that turns library errors into click's `Error: …` exit 1, for every (nested) command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KBError as error:
            raise click.ClickException(str(error)) from error
        except ValidationError as error:  # a malformed KB_* setting
            raise click.ClickException(f"invalid setting: {error}") from error


def index_options(function: F) -> F:
    """--index and --chroma-url, turned into a `kb` KnowledgeBase argument."""

    @click.option(
        "--index",
        "index",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index folder (default: $KB_INDEX, else ./index).",
    )
    @click.option(
        "--chroma-url",
        default=None,
        metavar="URL",
        help="http://HOST:PORT of a Chroma server instead of the embedded store (default: $KB_CHROMA_URL).",
    )
    @functools.wraps(function)
    def wrapper(*args: Any, index: Path | None, chroma_url: str | None, **kwargs: Any) -> Any:
        llm = {key: kwargs.pop(key) for key in LLM_OPTIONS if key in kwargs}  # from @llm_options, if used
        kb = KnowledgeBase(load_settings(index=index, chroma_url=chroma_url, **llm))
        return function(*args, kb=kb, **kwargs)

    return wrapper  # type: ignore[return-value]


LLM_OPTIONS = ("llm_url", "llm_model", "llm_api_key")


def llm_options(function: F) -> F:
    """--llm-url, --llm-model, --llm-api-key (else KB_LLM_*): an OpenAI-compatible model words the answers.
    Put above @index_options, which reads them into the settings."""
    function = click.option(
        "--llm-api-key",
        default=None,
        metavar="KEY",
        help="API key of the model endpoint (default: $KB_LLM_API_KEY).",
    )(function)
    function = click.option(
        "--llm-model",
        default=None,
        metavar="NAME",
        help="Model the endpoint serves (default: $KB_LLM_MODEL).",
    )(function)
    return click.option(
        "--llm-url",
        default=None,
        metavar="URL",
        help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (default: $KB_LLM_URL; unset: offline).",
    )(function)


def print_json(value: Any) -> None:
    click.echo(terminal_json(value, indent=2))


def echo(text: str) -> None:
    """Print text that may come from a document: its control characters (terminal escape sequences) removed."""
    click.echo(terminal_text(text))


@click.group(cls=KBGroup)
@click.version_option(__version__, prog_name="kb")
def cli() -> None:
    """Question answering over Chinese government policy documents (实施方案).

    \b
    Example:
        kb ingest corpus/
        kb clauses --department 林业局
        kb ask "湖南中科云母研究院由哪个单位牵头建设？"
    """


wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    metavar="SECONDS",
    help="When another ingest is writing to the index, wait up to this long for it (default: fail at once).",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Re-index documents whose content is already indexed.")
@click.option(
    "--replace",
    "replace",
    default=None,
    metavar="DOC",
    help="Replace the indexed document DOC by the one FILE given (its id kept, the old copy kept in "
    "<index>/sources/DOC/versions).",
)
@wait_option
@index_options
def ingest(
    kb: KnowledgeBase, paths: tuple[Path, ...], force: bool, replace: str | None, wait: float
) -> None:
    """Index files and folders (folders recursively: .pdf .docx .txt .md).

    Prints one line per document; exits 1 when any file was refused (a refused file leaves the index as it
    was, the others are kept). A document's id is its file name without the extension; a file whose id is
    already indexed from another file is refused, naming the way to replace it (--replace DOC FILE), while
    the same file ingested again with new content updates its document. Symbolic links inside a folder that
    lead outside it are skipped with a warning. One ingest at a time writes to an index folder: a second one
    fails at once naming the first one's pid, or waits for it with --wait.

    \b
    Example:
        kb ingest corpus/ tests/data/plan-attachment3.docx
        kb ingest --wait 600 new-plans/
        kb ingest --replace plan-attachment3 downloads/plan-attachment3-v2.pdf
    """
    line = _ProgressLine(sys.stderr)

    def step(path: str, stage: Stage, done: int, total: int) -> None:
        if stage == "ocr":
            line.pages(path, done, total)

    note = _new_index_note(kb, paths)
    if note:
        click.echo(note, err=True)
    try:
        results = kb.ingest(
            paths,
            force=force,
            wait=wait,
            on_wait=lambda m: click.echo(m, err=True),
            as_doc=replace,
            warn=lambda m: click.echo(terminal_text(f"warning: {m}"), err=True),
            steps=step,
            report=line.status,
        )
    finally:
        line.close()
    for result in results:
        echo(result.line())
    for result in results:
        if result.notes is not None and result.notes.warning:
            click.echo(
                terminal_text(
                    f"warning: {result.path}: its items carry notes but no unit was read from them; "
                    f"`kb check {result.doc_id}` lists them"
                ),
                err=True,
            )
    if any(result.status == "refused" for result in results):
        sys.exit(1)


class _ProgressLine:
    """An ingest's progress on stderr (kb.ingest_progress.IngestStatus.line): on a terminal, one line
    rewritten in place and cleared at the end; in a log (not a terminal), a plain line every PLAIN_EVERY_S
    seconds once the run has lasted that long, and the last one, so that a short run prints nothing."""

    PLAIN_EVERY_S = 10.0
    TERMINAL_EVERY_S = 0.2

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream, self._clock = stream, clock
        self._terminal = stream.isatty()
        self._started = self._shown_at = clock()
        self._status: IngestStatus | None = None
        self._shown: str | None = None  # the status last written (a plain line), to write the final one once
        self._ocr = ""
        self._lock = threading.Lock()  # OCR pages are told from the parsing threads

    def status(self, status: IngestStatus) -> None:
        with self._lock:
            self._status = status
            self._show(final=status.files_done == status.files_total)

    def pages(self, path: str, done: int, total: int) -> None:
        with self._lock:
            self._ocr = f" · OCR page {done}/{total} of {Path(path).name}" if done < total else ""
            self._show(final=False)

    def _show(self, final: bool) -> None:
        now = self._clock()
        every = self.TERMINAL_EVERY_S if self._terminal else self.PLAIN_EVERY_S
        if not final and now - self._shown_at < every:
            return
        if not self._terminal and self._shown is None and now - self._started < self.PLAIN_EVERY_S:
            return  # a short run in a log: its result lines say everything
        text = self._status.line() if self._status else "reading the first file"
        if self._terminal:
            width = shutil.get_terminal_size().columns - 1
            self._stream.write("\r\033[K" + terminal_text(text + self._ocr)[:width])
        elif text != self._shown:
            self._stream.write(terminal_text(text + self._ocr) + "\n")
        self._stream.flush()
        self._shown, self._shown_at = text, now

    def close(self) -> None:
        if self._terminal and self._shown is not None:
            self._stream.write("\r\033[K")  # the per-file lines follow; the last status is in them
            self._stream.flush()


def _new_index_note(kb: KnowledgeBase, paths: Sequence[Path]) -> str | None:
    """For a first ingest: the embedder the index is built with and why (kb.store.embed.embedder_note)."""
    from kb.ingest import expand_paths
    from kb.store.embed import embedder_note

    try:
        if kb.docs():
            return None
    except IndexMissing:
        pass  # a new folder
    except KBError:
        return None  # reported by the ingest itself
    return embedder_note(kb.settings.embedder, len(expand_paths(paths)))


@cli.command()
@click.argument("doc")
@wait_option
@index_options
def remove(kb: KnowledgeBase, doc: str, wait: float) -> None:
    """Take the document DOC (its id, see `kb docs`) out of the index.

    Its clauses leave the vector and the lexical index; the copy of its source file the index keeps is moved
    into <index>/sources/DOC/versions/, so `kb rebuild` does not bring it back.

    \b
    Example:
        kb remove plan-attachment3
    """
    kb.remove(doc, wait=wait)
    echo(f"removed {doc}")


@cli.command()
@wait_option
@index_options
def rebuild(kb: KnowledgeBase, wait: float) -> None:
    """Build the index again from the copies of the source files it keeps (<index>/sources).

    For a damaged index (the error message says so), or a Chroma server holding a copy that is not whole: the
    new index is built aside and replaces the old one only when complete (the old Chroma and lexical folders
    are moved into <index>/damaged-<time>/; on a Chroma server the old collections are dropped), so a rebuild
    stopped midway leaves the old index as it was. Prints one line per document; exits 1 when any was
    refused.

    \b
    Example:
        kb rebuild --index index/
        kb rebuild --index index/ --chroma-url http://127.0.0.1:8000
    """
    moved, results = kb.rebuild(wait=wait, on_wait=lambda m: click.echo(m, err=True))
    if moved is not None:
        click.echo(f"moved the old index aside to {moved}")
    for result in results:
        echo(result.line())
    if any(result.status == "refused" for result in results):
        sys.exit(1)


@cli.command()
@click.option(
    "--to", "url", required=True, metavar="URL", help="http://HOST:PORT of the Chroma server to copy to."
)
@index_options
def migrate(kb: KnowledgeBase, url: str) -> None:
    """Copy an embedded index to a Chroma server, vectors included: nothing is embedded again.

    Both collections are copied (clauses with their vectors, metadata and text; documents and the index's
    metadata); the index folder keeps the lexical index, the kept sources and the vector cache, and keeps
    working with the server through --chroma-url (or KB_CHROMA_URL). The embedded copy is left as it was.
    Refused when the server already holds the collections.

    \b
    Example:
        chroma run --host 127.0.0.1 --port 8000 --path /srv/chroma
        kb migrate --index index/ --to http://127.0.0.1:8000
        kb ask --index index/ --chroma-url http://127.0.0.1:8000 "县林业局负责哪些工作？"
    """
    done = kb.migrate(url)
    click.echo(
        f"copied {done.clauses} clauses and {done.docs} document{'' if done.docs == 1 else 's'} to {done.url}; "
        f"use it with --index {kb.settings.index} --chroma-url {done.url}"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="The JSON array of the command-line contract.")
@click.option("--doc", default=None, help="Only this document (its id, e.g. plan-attachment3).")
@click.option("--department", default=None, help="Only clauses naming this department (any spelling).")
@click.option("--lead-only", is_flag=True, help="With --department: only the clauses it leads.")
@click.option(
    "--place",
    default=None,
    help="Only documents of this place, as `kb docs` names it (南充市): with --department, that place's unit.",
)
@index_options
def clauses(
    kb: KnowledgeBase,
    as_json: bool,
    doc: str | None,
    department: str | None,
    lead_only: bool,
    place: str | None,
) -> None:
    """List clauses in document order, with their departments. A unit name that documents of several places
    write (市财政局 of 南充 and of 泰安) is one unit per place: its clauses are listed place by place (with
    --json, a note on stderr names the places), and --place keeps one.

    \b
    Example:
        kb clauses --json --department 县林业局
        kb clauses --doc plan-attachment3 --department 科工信局 --lead-only
        kb clauses --department 市财政局 --place 泰安市
    """
    found = kb.clauses(doc=doc, department=department, lead_only=lead_only, place=place)
    units = kb.units_named(department, kb.placed(found)) if department else []
    if as_json:
        print_json([clause.to_dict() for clause in found])
        if len(units) > 1:
            click.echo(
                f"note: {units[0].name} is a unit of {len(units)} places ({'、'.join(u.where for u in units)}), "
                "each its own body: --place PLACE keeps one",
                err=True,
            )
        return
    if len(units) < 2:
        for clause in found:
            echo(clause_row(clause))
        return
    by_place = kb.placed(found)
    for unit in units:  # one section per place: two places' units are never listed as one
        own = by_place.clauses_of(unit)
        led = sum(1 for c in own if c.led_by(unit.name))
        echo(f"== {unit.label}: {len(own)} clauses, leads {led}, shares {len(own) - led}")
        for clause in own:
            echo(clause_row(clause))


def clause_row(clause: Clause) -> str:
    """One readable line: id, title, [lead] others."""
    who = ""
    if clause.departments:
        lead = f"[{clause.leads_label()}]" if clause.leads else ""
        who = "  " + " ".join([lead, *clause.others]).strip()
    return f"{clause.id:<28} {clause.title}{who}"


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON array, one object per document.")
@index_options
def docs(kb: KnowledgeBase, as_json: bool) -> None:
    """List the indexed documents.

    \b
    Example:
        kb docs --json
    """
    with contextlib.suppress(IndexBusy, ReadOnlyIndex):  # listing never waits for, nor fails on, the purge
        kb.purge_withdrawn()
    found = kb.records()
    if as_json:
        print_json([record_dict(record) for record in found])
        return
    for record in found:
        echo(doc_row(record.info) + status_note(record))


STATUS_WORDS = {"withdrawn": "withdrawn", "superseded": "superseded", "draft": "draft for comment"}


def record_dict(record: DocRecord) -> dict[str, Any]:
    """`kb docs --json`'s object: the document's fields, its status and what decided it."""
    state = record.state
    return {
        **record.info.to_dict(),
        "status": record.status,
        **({"superseded_by": state.superseded_by} if state.superseded_by else {}),
        **({"withdrawn_at": state.withdrawn_at} if state.withdrawn_at else {}),
    }


def status_note(record: DocRecord) -> str:
    """The end of a `kb docs` line for a document that is not simply in force."""
    if record.status == "current":
        return ""
    if record.status == "superseded":
        return f"  [superseded by {record.state.superseded_by}]"
    if record.status == "withdrawn":
        return f"  [withdrawn {record.state.withdrawn_at}: kb restore {record.info.doc_id}]"
    return f"  [{STATUS_WORDS[record.status]}]"


@cli.command()
@click.argument("doc")
@wait_option
@index_options
def withdraw(kb: KnowledgeBase, doc: str, wait: float) -> None:
    """Withdraw the document DOC: no answer cites it from now on; `kb restore DOC` brings it back within
    KB_WITHDRAW_GRACE_MINUTES (default 10), after which it is removed for good, as by `kb remove`.

    \b
    Example:
        kb withdraw plan-draft
        kb restore plan-draft
    """
    until = kb.withdraw(doc, wait=wait)
    echo(f"withdrew {doc}; `kb restore {doc}` brings it back until {until.isoformat(timespec='seconds')}")


@cli.command()
@click.argument("doc")
@wait_option
@index_options
def restore(kb: KnowledgeBase, doc: str, wait: float) -> None:
    """Bring back the document DOC withdrawn by `kb withdraw` (or the app's 撤回), within its grace period.

    \b
    Example:
        kb restore plan-draft
    """
    kb.restore(doc, wait=wait)
    echo(f"restored {doc}")


@cli.command()
@click.argument("old")
@click.option("--by", "new", default=None, metavar="NEW", help="The document (its id) that replaces OLD.")
@click.option("--undo", is_flag=True, help="OLD is no longer superseded: answers cite it again.")
@wait_option
@index_options
def supersede(kb: KnowledgeBase, old: str, new: str | None, undo: bool, wait: float) -> None:
    """Mark the document OLD superseded by the document NEW (a draft for comment by the final text, an old
    plan by a new one). Answers then cite OLD only when a question names it (its title or 文号) or filters on
    it (--doc OLD), and say that NEW replaces it; OLD stays indexed and listed.

    \b
    Example:
        kb supersede plan-draft --by plan-attachment3
        kb supersede plan-draft --undo
    """
    if undo == (new is not None):
        raise click.UsageError("give either --by NEW or --undo")
    kb.supersede(old, None if undo else new, wait=wait)
    echo(f"{old} is no longer superseded" if undo else f"{old} is superseded by {new}")


@cli.command()
@click.argument("doc", required=False)
@index_options
def check(kb: KnowledgeBase, doc: str | None) -> None:
    """List the responsibility notes ingestion did not understand, per document, with their clause ids.

    DOC is an indexed document's id (default: every indexed document) or a file, read as ingestion would
    read it without indexing it. A note partly understood keeps the units that were sure in its clause; the
    rest is listed here for a person to check. Exits 0 whatever it finds (1 only when DOC is neither an
    indexed document nor a file).

    \b
    Example:
        kb check
        kb check plan-attachment3
        kb check new-plan.docx
    """
    for found in kb.check(doc):
        if found.notes is None:
            click.echo(f"{found.doc_id}: indexed before notes were checked; ingest it again with --force")
            continue
        click.echo(f"{found.doc_id}: {found.notes.summary()}")
        for note in found.notes.unread:
            click.echo(f"  {note.clause_id}  {note.text}  ({note.reason})")


def doc_row(info: DocInfo) -> str:
    unread = f"  [{len(info.unread_notes)} notes not understood: kb check]" if info.unread_notes else ""
    return (
        f"{info.doc_id:<24} {info.clauses:>4} clauses {info.departments:>3} departments  "
        f"{info.format:<4} {info.ingested_at}  {info.place or '-'}  {info.title}{unread}"
    )


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question (the contract's shape).")
@click.option("--doc", default=None, help="Only search this document (its id).")
@click.option("--department", default=None, help="Only search clauses naming this department (any spelling).")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense"]),
    default="hybrid",
    show_default=True,
    help="Retrieval: BM25 and dense fused, or one alone.",
)
@llm_options
@index_options
def ask(
    kb: KnowledgeBase, question: str, as_json: bool, doc: str | None, department: str | None, mode: str
) -> None:
    """Answer a question from the index, citing the clauses it comes from.

    With QUESTION `-`, reads one question per line from standard input and prints one JSON object per line
    (models and index loaded once). The answer says so plainly when the documents do not answer.

    \b
    Examples:
        kb ask "湖南中科云母研究院由哪个单位牵头建设？"
        kb ask --json "县林业局要负责哪些任务？"
        printf '研发经费投入增长目标是多少？\nwho leads the mica research institute?\n' | kb ask --json -
        kb ask --llm-url http://127.0.0.1:11434/v1 --llm-model qwen2.5:7b "如何推动休闲食品产业智能化？"

    With a model endpoint (--llm-url / KB_LLM_URL), the JSON adds `llm_answer` (the model's wording, each
    sentence checked against the clauses it cites), `llm_dropped` and `llm_note`; `answer` stays the offline
    text.
    """
    if question == "-":
        for line in sys.stdin:
            if line.strip():
                answer = kb.ask(line.strip(), doc=doc, department=department, mode=mode)  # type: ignore[arg-type]
                click.echo(terminal_json(answer.to_dict()))
                sys.stdout.flush()
        return
    answer = kb.ask(question, doc=doc, department=department, mode=mode)  # type: ignore[arg-type]
    if as_json:
        click.echo(terminal_json(answer.to_dict()))
        return
    echo(answer.answer)
    for notice in answer.notices:  # a superseded document (kb supersede): which one replaces it
        echo(f"（{notice}）")
    if answer.llm is not None:
        if answer.llm.text:
            echo(f"\n模型的说法（已逐句核对所引条款） / the model's wording, checked:\n{answer.llm.text}")
        elif answer.llm.note:
            echo(f"\n（{answer.llm.note}）")
    if answer.citations:
        click.echo("\n引用条款 / cited clauses:")
        for number, hit in enumerate(answer.citations, start=1):
            clause = hit.clause
            page = f" p.{clause.page}" if clause.page is not None else ""
            echo(f"[{number}] {clause.id}{page}  {' › '.join(clause.path)}")
            body = clause.text if len(clause.text) <= 160 else clause.text[:160] + "…"
            if body:
                echo(f"    {body}")


@cli.command("eval")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="The tables (and the questions answered wrongly) as JSON."
)
@click.option(
    "--mode",
    "modes",
    multiple=True,
    type=click.Choice(["hybrid", "bm25", "dense"]),
    help="Retrieval mode(s) to run (default: all three).",
)
@click.option("--no-baseline", is_flag=True, help="Skip the naive SentenceSplitter baseline.")
@click.option("--calibrate", is_flag=True, help="Also print the abstention thresholds that fit FILE best.")
@click.option("--failures", is_flag=True, help="Also list the questions the hybrid mode got wrong.")
@click.option(
    "--feedback",
    "feedback",
    is_flag=True,
    help="Score the answers users corrected (👎 with the correct answer) or confirmed (👍) in the app; "
    "list the 👎 still to label. Writes the rows to <index>/feedback_questions.jsonl.",
)
@click.option(
    "--llm",
    "use_llm",
    is_flag=True,
    help="Ask with the model on (--llm-url / KB_LLM_URL); count dropped sentences.",
)
@llm_options
@index_options
def eval_command(
    kb: KnowledgeBase,
    file: Path | None,
    as_json: bool,
    modes: tuple[str, ...],
    no_baseline: bool,
    calibrate: bool,
    failures: bool,
    feedback: bool,
    use_llm: bool,
) -> None:
    """Score answers against a question file (default: eval/questions.jsonl), per intent and retrieval mode.

    Columns: R@1 R@3 MRR (gold clause among the citations), set (department set / duty-list clause set exact),
    lead, value (gold target or working-group fact in the answer), abstain_P/R, latency p50/p95 in ms.

    \b
    Examples:
        kb eval
        kb eval eval/questions.jsonl --json > eval-report.json
        kb eval --mode hybrid --no-baseline --failures
        kb eval --feedback
        kb eval --llm --llm-url http://127.0.0.1:8000/v1 --llm-model Qwen2.5-7B-Instruct --mode hybrid
    """
    if feedback:
        _eval_feedback(kb, as_json)
        return
    from kb.evaluate import MODES, evaluate
    from kb.evaluate import calibrate as fit_thresholds

    path = file or Path("eval/questions.jsonl")
    if not path.exists():
        raise click.ClickException(f"{path}: no such question file")
    if use_llm and not kb.settings.llm_url:
        raise click.ClickException("kb eval --llm needs a model endpoint: --llm-url URL or KB_LLM_URL")
    report = evaluate(
        kb,
        path,
        modes=modes or MODES,  # type: ignore[arg-type]
        baseline=not no_baseline,
        llm=use_llm,
    )
    fitted = fit_thresholds(kb, path) if calibrate else None
    if as_json:
        data = report.to_dict()
        if fitted:
            data["calibration"] = fitted
        print_json(data)
        return
    click.echo(f"{report.questions} questions from {path}\n")
    click.echo(report.format())
    if fitted:
        click.echo(f"\nabstention thresholds fitted on {path}: {json.dumps(fitted, ensure_ascii=False)}")
    if failures:
        click.echo("\nanswered wrongly (hybrid):")
        for item in report.failures:
            click.echo(json.dumps(item, ensure_ascii=False))


def _eval_feedback(kb: KnowledgeBase, as_json: bool) -> None:
    """`kb eval --feedback`: the app's feedback as question rows (kb.feedback_eval), written beside it and
    scored in hybrid mode."""
    from kb.evaluate import evaluate
    from kb.feedback import load
    from kb.feedback_eval import FEEDBACK_QUESTIONS, feedback_rows

    made = feedback_rows(load(kb.settings.index), kb.registry().find_in_text)
    path = kb.settings.index / FEEDBACK_QUESTIONS
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in made.rows), encoding="utf-8"
    )
    report = evaluate(kb, path, modes=("hybrid",), baseline=False) if made.rows else None
    if as_json:
        print_json(
            {
                "rows": made.rows,
                "to_label": list(made.to_label),
                "report": report.to_dict() if report else None,
            }
        )
        return
    click.echo(
        f"feedback in {kb.settings.index}: {len(made.corrected)} corrected rows, {len(made.confirmed)} "
        f"confirmed rows (written to {path}), {len(made.to_label)} 👎 to label"
    )
    if report:
        correct = report.tables[0].rows["all"]["correct"]
        click.echo(f"answered correctly now (hybrid): {correct:.3f} of {report.questions} rows\n")
        click.echo(report.format())
    if made.to_label:
        click.echo("\n👎 to label (no correct answer given, or none recognisable in it):")
        for entry in made.to_label:
            click.echo(json.dumps(entry, ensure_ascii=False))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--auth",
    "auth_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Private file of accounts written by `kb passwd`; the page then asks for a login.",
)
@llm_options
@index_options
def serve(kb: KnowledgeBase, host: str, port: int, auth_file: Path | None) -> None:
    """Serve the chat app (问答, 部门职责, 文件) in the browser.

    On first run, with an empty index, builds it from the corpus folder ($KB_CORPUS, else corpus/) first.
    The page's question answering is also an API: Client(url).predict(question, api_name="/ask").

    \b
    Example:
        kb serve --port 7860
        kb serve --host 0.0.0.0 --auth accounts.txt
        kb serve --llm-url http://127.0.0.1:11434/v1 --llm-model qwen2.5:7b
    """
    import os

    from tqdm import tqdm

    from app.main import ensure_index, launch, read_auth_file

    os.umask(0o077)  # every file the server writes (uploads, downloads, the index) is private to its user
    # A server draws its charts off screen; named now, matplotlib need not import pyplot to find a backend when
    # Gradio asks for it at the first event (0.2 s of the first answer).
    os.environ.setdefault("MPLBACKEND", "agg")

    auth = read_auth_file(auth_file) if auth_file else None
    with tqdm(unit="file", file=sys.stderr, disable=None, leave=False, desc="building index") as bar:

        def progress(path: str, done: int, total: int) -> None:
            bar.total = total
            bar.set_postfix_str(Path(path).name)
            bar.update(done - bar.n)

        built = ensure_index(kb, progress)
    for result in built:
        click.echo(result.line())
    # the engine and models load beside the page being built, so that the first question does not wait for them
    threading.Thread(target=_warm, args=(kb,), name="kb-warm", daemon=True).start()
    demo = launch(kb, host=host, port=port, auth=auth, block=False)
    click.echo(f"serving on http://{host}:{port}/  (Ctrl+C to stop)")
    demo.block_thread()


def _warm(kb: KnowledgeBase) -> None:
    """Load what answering needs; a failure here is reported by the first question that meets it."""
    try:
        kb.warm()
    except KBError as exc:
        click.echo(f"warning: could not load the question answering yet: {exc}", err=True)


@cli.command()
@click.argument("user")
@click.option(
    "--auth",
    "auth_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The accounts file `kb serve --auth` reads (created private, mode 600).",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of standard input."
)
def passwd(user: str, auth_file: Path, password_stdin: bool) -> None:
    """Set USER's password in an accounts file: a salted scrypt hash, never the password itself.

    Asks for the password twice (or reads it from standard input with --password-stdin).

    \b
    Example:
        kb passwd clerk --auth accounts.txt
        kb serve --auth accounts.txt
    """
    from kb.auth import set_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    added = set_password(auth_file, user, password)
    click.echo(f"{'added' if added else 'changed the password of'} {user} in {auth_file}")


# --- kb export: task table, duty sheet, responsibility matrix (kb.export) ---


@cli.group()
def export() -> None:
    """Export responsibilities: the task table, a department's duty sheet, the department × document matrix.

    \b
    Example:
        kb export tasks --doc plan-attachment3 -o 任务分解表.xlsx
        kb export department 林业局 --format pdf -o forestry.pdf
        kb export matrix -o matrix.png
    """


def output_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help_text
    )


@export.command("tasks")
@click.option("--doc", default=None, help="Only this document (its id); default: every indexed document.")
@click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "csv", "md"]), default=None, help="Default: from -o."
)
@output_option("File to write (default: 任务分解表[-DOC].xlsx in the current folder).")
@index_options
def export_tasks(kb: KnowledgeBase, doc: str | None, fmt: str | None, output: Path | None) -> None:
    """Task breakdown table: one row per clause with departments (序号, path, task, content, 牵头单位, 配合单位,
    targets, deadline, source and page). The xlsx is set up to print on A4 landscape.

    \b
    Example:
        kb export tasks --format csv -o tasks.csv
    """
    from kb.errors import ExportError
    from kb.export import export_filename, tasks_table, write_tasks

    found = kb.clauses(doc=doc)
    target = output or Path(export_filename("任务分解表", fmt or "xlsx", doc))
    if doc and not found:
        raise ExportError(str(target), f"no document '{doc}' in the index (see `kb docs`)")
    path = write_tasks(found, target, fmt)
    click.echo(f"wrote {path}: {len(tasks_table(found))} tasks")


@export.command("department")
@click.argument("name")
@click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "md", "pdf"]), default=None, help="Default: from -o."
)
@output_option("File to write (default: 职责清单-NAME.xlsx in the current folder).")
@click.option(
    "--place",
    default=None,
    help="The unit's place, as `kb docs` names it, when several places' documents name it.",
)
@index_options
def export_department(
    kb: KnowledgeBase, name: str, fmt: str | None, output: Path | None, place: str | None
) -> None:
    """Duty sheet of one department (any spelling) of one place: the clauses it leads and those it shares,
    across that place's documents, with targets and deadlines.

    \b
    Example:
        kb export department 县科工信局 --format pdf -o 科工信局.pdf
        kb export department "forestry bureau" -o forestry.md
        kb export department 市财政局 --place 泰安市 -o 泰安市财政局.xlsx
    """
    from kb.export import (
        department_sheet,
        departments_in,
        export_filename,
        resolve_in_registry,
        write_department_sheet,
    )

    everything = kb.placed()
    registry = kb.registry()
    try:
        canonical = resolve_in_registry(name, registry, departments_in(everything.clauses))
    except UnknownDepartment:
        if not kb.units_named(name, everything):
            raise
        canonical = name  # a label naming the place (市财政局（南充市）), read by kb.unit
    unit = kb.unit(canonical, place, everything)
    english = registry.english(unit.name)
    shown = unit.shown(everything.several)
    own = everything.clauses_of(unit)
    where = unit.place if everything.several else None
    target = output or Path(export_filename("职责清单", fmt or "xlsx", shown))
    path = write_department_sheet(own, unit.name, target, fmt, english_name=english, place=where)
    click.echo(f"wrote {path}: {department_sheet(own, unit.name, place=where).summary}")


@export.command("matrix")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "csv", "xlsx", "png"]), default=None, help="Default: from -o."
)
@output_option("File to write (.md .csv .xlsx, or .png for the heatmap); without it the table is printed.")
@index_options
def export_matrix(kb: KnowledgeBase, fmt: str | None, output: Path | None) -> None:
    """Department × document matrix: clauses each department leads / shares in each document, as a table or
    as a heatmap picture.

    \b
    Example:
        kb export matrix
        kb export matrix -o matrix.png
    """
    from kb.export import matrix, matrix_bytes, write_matrix

    counted = matrix(kb.clauses(), kb.doc_places())
    if output is None:
        if fmt in ("png", "xlsx"):
            raise click.UsageError(f"--format {fmt} needs -o FILE")
        click.echo(matrix_bytes(counted, fmt or "md").decode("utf-8-sig"), nl=False)
        return
    path = write_matrix(counted, output, fmt)
    click.echo(f"wrote {path}: {len(counted.departments)} departments × {len(counted.docs)} documents")


def main() -> None:
    """Entry point of the `kb` script."""
    cli(prog_name="kb")


if __name__ == "__main__":
    main()
