"""User-facing errors. Each message names the file (or the setting) and says what is wrong, for the person
reading it; the CLI prints `Error: <message>` and exits 1."""

from __future__ import annotations


class KBError(Exception):
    """Base of every error the knowledge base raises on purpose."""


class IngestError(KBError):
    """A file was refused; nothing from it was indexed."""

    peak_rss_mb: float | None = None  # set by kb.isolate: the parsing child's peak memory

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        return (type(self), (self.path, self.problem))  # pickled back from the parsing child (kb.isolate)


class UnsupportedFormat(IngestError):
    """Neither PDF, DOCX nor text, judged by content."""


class EmptyDocument(IngestError):
    """No text at all, or no clause could be read from the text."""


class CorruptFile(IngestError):
    """The file claims a format but cannot be read as it (truncated, damaged)."""


class Encrypted(IngestError):
    """A password-protected PDF."""


class NoTextLayer(IngestError):
    """A PDF without text: no text layer, and no scanned image OCR reads text from (or no OCR engine)."""


class UnreadableText(IngestError):
    """Extracted text is mostly neither Chinese nor ASCII (fonts without a Unicode map) or a bad encoding."""


class DocumentExists(IngestError):
    """A document of the same id, ingested from another file, is indexed: not replaced without being asked."""

    def __init__(self, path: str, problem: str, doc_id: str = "") -> None:
        super().__init__(path, problem)
        self.doc_id = doc_id

    def __reduce__(self) -> tuple[type[DocumentExists], tuple[str, str, str]]:  # type: ignore[override]
        return (type(self), (self.path, self.problem, self.doc_id))


class TooLarge(IngestError):
    """Beyond a limit of kb.limits: file size, inflated archive, text length, clause count, parsing memory or time."""


class IndexMissing(KBError):
    """The index folder holds no index yet."""

    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"no index at {index_dir}: run `kb ingest corpus/` first (or set KB_INDEX / --index)"
        )


class IndexDamaged(KBError):
    """The index folder is damaged (a corrupted SQLite file, records that disagree): rebuild it."""

    def __init__(self, index_dir: str, problem: str) -> None:
        self.index_dir = index_dir
        self.problem = problem
        super().__init__(
            f"the index {index_dir} is damaged ({problem}): rebuild it from its stored sources with "
            f"`kb rebuild --index {index_dir}`"
        )


class EmbedderMismatch(KBError):
    """The index was built with another embedder than the one configured."""

    def __init__(self, built_with: str, configured: str, setting: str | None = None) -> None:
        super().__init__(
            f"the index was built with embedder '{built_with}' but '{configured}' is configured: "
            f"set KB_EMBEDDER={setting or built_with} or rebuild the index"
        )


class IndexBusy(KBError):
    """Another process (or thread) is writing to the index folder."""

    def __init__(self, index_dir: str, pid: int | None) -> None:
        self.pid = pid
        holder = f" (pid {pid})" if pid else ""
        super().__init__(
            f"another ingest is running on {index_dir}{holder}: wait for it to finish (kb ingest --wait SECONDS), "
            "or run a Chroma server (KB_CHROMA_URL) for several writers"
        )


class DiskFull(KBError):
    """The disk holding the index is full: the run stopped, the index is as it was before the file it wrote."""

    def __init__(self, index_dir: str, path: str | None) -> None:
        during = f" while storing {path}" if path else ""
        super().__init__(
            f"the disk holding the index {index_dir} is full{during}: the run was stopped and the index is as it "
            "was before this file (the files ingested before it are kept). Free some disk space, then run the "
            "same command again"
        )


class DocumentNotWritten(KBError):
    """Writing one document of several stored together failed: the documents before it are written, it and
    the ones after it are as they were indexed. The cause is the error the store raised."""

    def __init__(self, doc_id: str, cause: Exception) -> None:
        self.doc_id, self.cause = doc_id, cause
        super().__init__(f"the index could not store the document '{doc_id}': {cause}")


class ReadOnlyIndex(KBError):
    """The index folder (or a file in it) cannot be written: permissions, or a read-only file system."""

    def __init__(self, index_dir: str, what: str) -> None:
        self.index_dir = index_dir
        where = "" if what == index_dir else f" ({what})"
        super().__init__(
            f"the index {index_dir} is read-only{where}: kb needs to write there to ingest, and Chroma writes "
            "to its database even to answer. Give this user write access to the folder, or copy it to a "
            "writable place and use --index"
        )


class ConfigError(KBError):
    """A setting is invalid or an optional service is unreachable."""


class ExportError(KBError):
    """An export could not be produced: a format the export does not offer, or an unwritable file."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class QuestionTooLong(KBError):
    """A question longer than the limit (KB_MAX_QUESTION_CHARS): refused before any work is done on it."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"the question is {length:,} characters long; at most {limit:,} are answered: ask the question "
            "alone, without pasted text (or raise KB_MAX_QUESTION_CHARS)"
        )


class Busy(KBError):
    """More questions are waiting than the server keeps, in all or from one user: try again shortly."""

    def __init__(self, waiting: int, yours: bool) -> None:
        self.waiting = waiting
        self.yours = yours
        whose = "of yours are" if yours else "are"
        super().__init__(
            f"{waiting} questions {whose} already waiting to be answered: try again once they are answered"
        )


class UnknownDocument(KBError):
    """A document id the index does not hold."""

    def __init__(self, doc: str, known: int) -> None:
        self.doc = doc
        super().__init__(
            f"no document '{doc}' in the index ({known} indexed; `kb docs` lists them), and no file of that name"
        )


class UnknownDepartment(KBError):
    """A department name no registry spelling matches; the message lists the closest known names."""

    def __init__(self, name: str, close: tuple[str, ...] = ()) -> None:
        self.name = name
        self.close = close
        hint = (
            f"did you mean {'、'.join(close)}?"
            if close
            else "see corpus/departments.yaml for the known names"
        )
        super().__init__(f"unknown department '{name}': {hint}")


class UnitOfSeveralPlaces(KBError):
    """A unit name that documents of several places write (市财政局 of 南充 and of 泰安: two bodies), asked for
    where one unit is needed; the message lists the places to choose from."""

    def __init__(self, name: str, places: tuple[str, ...]) -> None:
        self.name = name
        self.places = places
        super().__init__(
            f"'{name}' is a unit of {len(places)} places' documents ({'、'.join(places)}), each its own body: "
            "choose one with --place PLACE"
        )


class UnitNotInPlace(KBError):
    """A unit asked for in a place whose documents do not name it."""

    def __init__(self, name: str, place: str, places: tuple[str, ...]) -> None:
        self.name = name
        self.place = place
        self.places = places
        where = f"; it is named by documents of {'、'.join(places)}" if places else ""
        super().__init__(f"no document of '{place}' names '{name}'{where}")


class ConversationsDamaged(KBError):
    """The conversations file cannot be read as SQLite, or was written by a newer version of the program."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}")
