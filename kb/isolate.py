"""Reading and parsing an untrusted file in a child process with memory and time limits.

A damaged or hostile file can make a parser take gigabytes or minutes. In a child process whose address space
is capped (RLIMIT_AS) that ends in a MemoryError the child reports, and past the time limit the child is
killed: either way the file is refused with a message naming it, and the process that asked — the CLI, or the
app still answering questions — keeps its memory and its time. Only the parsed document (plain dataclasses)
comes back.

A scanned PDF's pages are read by OCR in the same child (kb.load.ocr): before each page the child tells the
helper, which allows that page `Limits.ocr_page_timeout_s` more and passes the news on to the caller's
`pages` callback (the progress bar); the child's address space may grow to `Limits.ocr_memory_mb` while it
reads pages (raised by the child itself, within the hard limit set here).

A helper process (`python -m kb.isolate`, started on first use, with the loading and parsing modules imported
once) forks a fresh child per file and reports the child's peak memory from the kernel (wait4). The helper is
single-threaded, so forking it is safe, unlike forking the app's threads; and unlike multiprocessing's fork
server it never re-runs the caller's main script. A helper reads one file at a time; callers asking from
several threads at once (`kb ingest` of many files parses on every core) each get a helper of their own, one
more started whenever all are busy, so the number of helpers is the most files ever parsed at once.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kb.errors import IngestError, TooLarge
from kb.limits import MB, Limits
from kb.types import ParsedDoc

if TYPE_CHECKING:
    from kb.parse.departments import DepartmentRegistry

_HEADER = struct.Struct("!Q")
# A page frame from the child: a mark no pickle starts with (pickles start with b"\x80"), pages done, of total.
_PAGE_MARK = b"P"
_PAGE_FRAME = struct.Struct("!cII")
HELPER_GRACE_S = 30.0  # beyond the child's own time limit, how long the caller waits for the helper itself
PageCallback = Callable[[int, int], None]  # (pages read by OCR, image-only pages of the file)


@dataclass(frozen=True)
class ChildRun:
    """What the child sent back: the parsed document, or None when its content is the `known_sha` one
    (unchanged: not parsed); the child's peak resident memory and the run's wall-clock time."""

    doc: ParsedDoc | None
    sha256: str
    peak_rss_mb: float
    seconds: float
    cpu_seconds: float = (
        0.0  # the child's user + system time: what the file cost on a machine busy with others
    )


def parse_file(
    path: str | Path,
    registry: DepartmentRegistry,
    limits: Limits,
    known_sha: str | None = None,
    doc_id: str | None = None,
    pages: PageCallback | None = None,
) -> ChildRun:
    """Load and parse one file in a child process under `limits`; IngestError (naming the file) when it is
    refused, including for taking too much memory or time. `doc_id`: the id to give the document instead of
    its file name's stem (a file replacing a document of another name). `pages` is told how far OCR of a
    scanned PDF has come, page by page."""
    name = str(path)
    started = time.monotonic()
    wait = max(limits.timeout_s, limits.ocr_page_timeout_s)  # the longest the child may go without a word
    request = (name, registry, limits, known_sha, doc_id)
    outcome, value, sha, (peak_kb, cpu), status = _HELPER.run(request, wait, pages)
    if outcome == "ok":
        return ChildRun(value, sha, peak_kb / 1024, time.monotonic() - started, cpu)
    error = _refusal(name, outcome, value, status, limits)
    error.peak_rss_mb = peak_kb / 1024
    raise error


def _refusal(name: str, outcome: str, value: Any, status: int, limits: Limits) -> IngestError:
    if outcome == "refused":
        return value
    if outcome == "memory" and value == "ocr":
        return TooLarge(
            name,
            f"reading its scanned pages by OCR needed more than {limits.ocr_memory_mb:,} MB of memory and was "
            "stopped (KB_OCR_MEMORY_MB)",
        )
    if outcome == "memory":
        return TooLarge(
            name,
            f"reading the file needed more than {limits.memory_mb:,} MB of memory and was stopped: it is too "
            "large or malformed (KB_PARSE_MEMORY_MB)",
        )
    if outcome == "timeout" and value is not None:
        done, total = value
        return TooLarge(
            name,
            f"reading scanned page {min(done + 1, total)} of {total} by OCR took longer than "
            f"{limits.ocr_page_timeout_s:g} s and was stopped (KB_OCR_PAGE_TIMEOUT_S)",
        )
    if outcome == "timeout":
        return TooLarge(
            name,
            f"reading the file took longer than {limits.timeout_s:g} s and was stopped: it is too large or "
            "malformed (KB_PARSE_TIMEOUT_S)",
        )
    if outcome == "died":
        return IngestError(name, f"the parser died reading the file (wait status {status})")
    return IngestError(name, f"the file could not be read: {value}")


# --- the caller's side: helper processes, started on first use, restarted when one fails ---


class _Helper:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def run(
        self, request: tuple[Any, ...], timeout: float, pages: PageCallback | None = None
    ) -> tuple[str, Any, str, tuple[int, float], int]:
        with self._lock:
            for attempt in (1, 2):  # a helper that died (or was killed) since the last file is started anew
                process = self._start()
                assert process.stdin is not None and process.stdout is not None
                try:
                    _write_frame(process.stdin, request)
                    reply = _read_frame(process.stdout, timeout + HELPER_GRACE_S)
                    while reply[0] == "pages":  # OCR's progress, before the file's outcome
                        if pages is not None:
                            pages(reply[1], reply[2])
                        reply = _read_frame(process.stdout, timeout + HELPER_GRACE_S)
                except (OSError, EOFError, TimeoutError):
                    self._stop()
                    if attempt == 2:
                        raise
                    continue
                return reply
        raise AssertionError("unreachable")

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            root = str(Path(__file__).resolve().parent.parent)  # this checkout's kb, even when not installed
            path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
            self._process = subprocess.Popen(
                [sys.executable, "-m", "kb.isolate"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": path},
                start_new_session=True,  # a Ctrl+C in the terminal is the caller's to handle, not the helper's
            )
        return self._process

    def close(self) -> None:
        """Let the helper finish (end of its input) and wait for it."""
        with self._lock:
            if self._process is not None:
                assert self._process.stdin is not None
                self._process.stdin.close()
                self._process.wait()
                if self._process.stdout is not None:
                    self._process.stdout.close()
                self._process = None

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


class _Helpers:
    """The helpers of this process: a free one for each request, one more started when every one is busy."""

    def __init__(self) -> None:
        self._free: list[_Helper] = []
        self._all: list[_Helper] = []
        self._lock = threading.Lock()

    def run(
        self, request: tuple[Any, ...], timeout: float, pages: PageCallback | None = None
    ) -> tuple[str, Any, str, tuple[int, float], int]:
        with self._lock:
            if not self._free:
                self._all.append(_Helper())
                self._free.append(self._all[-1])
            helper = self._free.pop()
        try:
            return helper.run(request, timeout, pages)
        finally:
            with self._lock:
                self._free.append(helper)

    def close(self) -> None:
        with self._lock:
            for helper in self._all:
                helper.close()
            self._free, self._all = [], []


_HELPER = _Helpers()


def stop_helpers() -> None:
    """End the parsing helper processes now and wait for them (they end by themselves when their caller
    does): a caller that counts its children's CPU time (resource.RUSAGE_CHILDREN) sees theirs only once they
    are waited for."""
    _HELPER.close()


def _write_frame(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_frame(stream: IO[bytes], timeout: float | None = None) -> Any:
    if timeout is not None and not select.select([stream], [], [], timeout)[0]:
        raise TimeoutError("the parsing helper did not answer")
    header = _read_exactly(stream, _HEADER.size)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(header)[0]))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise EOFError("the parsing helper closed its pipe")
        data += chunk
    return data


# --- the helper process: forks one child per file, enforces the time limit, reports peak memory ---


def _serve() -> None:
    import kb.load.docx
    import kb.load.pdf
    import kb.parse  # noqa: F401  (imported once here, inherited by every child)

    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the reply pipe
    while True:
        try:
            request = _read_frame(requests)
        except EOFError:
            return  # the caller has gone
        _write_frame(
            replies, _fork_one(request, lambda done, total: _write_frame(replies, ("pages", done, total)))
        )


def _fork_one(request: tuple[Any, ...], pages: PageCallback) -> tuple[str, Any, str, tuple[int, float], int]:
    limits: Limits = request[2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(write_end, *request)
        os._exit(0)
    os.close(write_end)
    data, timed_out, last_page = _collect(read_end, limits, pages)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status, usage = os.wait4(pid, 0)
    spent = (int(usage.ru_maxrss), usage.ru_utime + usage.ru_stime)  # peak memory (kB) and CPU seconds
    if timed_out:
        return ("timeout", last_page, "", spent, status)
    try:
        outcome, value, sha = pickle.loads(data)
    except Exception:  # nothing (or half a message) came back: killed by the kernel, or a crash in C code
        return ("died", None, "", spent, status)
    return (outcome, value, sha, spent, status)


def _collect(
    descriptor: int, limits: Limits, pages: PageCallback
) -> tuple[bytes, bool, tuple[int, int] | None]:
    """The child's outcome: everything it writes after its page frames, until it closes the pipe; (partial
    data, True, the last page frame) past the deadline. Each page frame is passed on to `pages` and gives the
    child `ocr_page_timeout_s` from then on, so a scan of many pages is bounded page by page."""
    deadline = time.monotonic() + limits.timeout_s
    buffer = bytearray()
    last_page: tuple[int, int] | None = None
    with os.fdopen(descriptor, "rb", buffering=0) as pipe:
        while True:
            while buffer.startswith(_PAGE_MARK) and len(buffer) >= _PAGE_FRAME.size:
                _, done, total = _PAGE_FRAME.unpack_from(buffer)
                del buffer[: _PAGE_FRAME.size]
                last_page = (done, total)
                deadline = max(deadline, time.monotonic() + limits.ocr_page_timeout_s)
                pages(done, total)
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                return bytes(buffer), True, last_page
            chunk = pipe.read(1 << 16)
            if not chunk:
                return bytes(buffer), False, last_page
            buffer += chunk


def _child(
    descriptor: int,
    path: str,
    registry: DepartmentRegistry,
    limits: Limits,
    known_sha: str | None,
    doc_id: str | None = None,
) -> None:
    from kb.load import ocr

    memory = limits.memory_mb * MB
    # the hard limit leaves room for OCR, which raises the soft one when a page needs it (kb.load.ocr)
    resource.setrlimit(resource.RLIMIT_AS, (memory, max(memory, limits.ocr_memory_mb * MB)))
    reading_pages = False

    def tell(done: int, total: int) -> None:
        nonlocal reading_pages
        reading_pages = done < total
        os.write(descriptor, _PAGE_FRAME.pack(_PAGE_MARK, done, total))

    ocr.set_page_listener(tell)
    message: tuple[str, Any, str]
    try:
        message = ("ok", *_load_and_parse(path, registry, limits, known_sha, doc_id))
    except IngestError as error:
        message = ("refused", error, "")
    except MemoryError:
        message = ("memory", "ocr" if reading_pages else None, "")
    except Exception as error:  # a parser bug on a strange file: refuse the file, not crash the caller
        message = ("failed", f"{type(error).__name__}: {error}", "")
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:  # the parsed document is too big to send back within the limit
        data = pickle.dumps(("memory", None, ""))
    with os.fdopen(descriptor, "wb") as pipe:
        pipe.write(data)


def _load_and_parse(
    path: str, registry: DepartmentRegistry, limits: Limits, known_sha: str | None, doc_id: str | None = None
) -> tuple[ParsedDoc | None, str]:
    from dataclasses import replace

    from kb.load import load
    from kb.parse import parse

    source = load(path, limits)
    if source.sha256 == known_sha:
        return None, source.sha256
    if doc_id:
        source = replace(source, doc_id=doc_id)
    parsed = parse(source, registry)
    if source.format in ("txt", "md") and any("\ufffd" in line.text for line in source.lines):
        parsed = replace(parsed, warnings=_decoding_warnings(path))
    if len(parsed.clauses) > limits.max_clauses:
        raise TooLarge(
            path,
            f"the document holds {len(parsed.clauses):,} clauses, more than the {limits.max_clauses:,} allowed "
            "(KB_MAX_CLAUSES): split it into smaller files",
        )
    return parsed, source.sha256


def _decoding_warnings(path: str) -> tuple[str, ...]:
    """A text read as UTF-8 with a few bytes that are not: how many, and how they show."""
    from kb.load.text import invalid_utf8_bytes

    bad = invalid_utf8_bytes(Path(path).read_bytes())
    if not bad:
        return ()
    return (f"{bad} byte{'' if bad == 1 else 's'} not valid UTF-8, shown as the replacement character �",)


if __name__ == "__main__":
    _serve()
