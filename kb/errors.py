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
    """A scanned PDF: pages without a text layer need OCR first."""


class UnreadableText(IngestError):
    """Extracted text is mostly neither Chinese nor ASCII (fonts without a Unicode map) or a bad encoding."""


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


class ConfigError(KBError):
    """A setting is invalid or an optional service is unreachable."""


class ExportError(KBError):
    """An export could not be produced: a format the export does not offer, or an unwritable file."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


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
