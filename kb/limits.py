"""How much of the machine one document may take while it is read: file size, inflated archive size, text
length, clause count, and the memory and time of the child process that parses it (kb/isolate.py).

A 3 MB DOCX can inflate to 1 GB of XML, and a 60 MB text file held 2 GB as Python strings: without limits one
upload could exhaust the server's memory or stall every question. Each limit's refusal names the file, the size
found and the setting that raises the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.settings import Settings

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits one document is read under; defaults fit a county office's plans many times over."""

    max_file_mb: float = 100.0  # any file, before it is read
    max_part_mb: float = 100.0  # one part of a DOCX (word/document.xml), declared and actually inflated
    max_archive_mb: float = 200.0  # every part of a DOCX together
    max_ratio: float = 100.0  # inflated / compressed size of a part larger than 1 MB: beyond it, a zip bomb
    max_text_chars: int = 2_000_000  # characters of text in one document (a long plan has about 100,000)
    max_clauses: int = 20_000  # clauses in one document (a long plan has a few hundred)
    memory_mb: int = 1024  # address space of the parsing child process
    timeout_s: float = 120.0  # wall-clock time of the parsing child process
    # OCR of image-only PDF pages (kb.load.ocr), measured on 2 cores: a 200-dpi A4 page takes ~10 s with
    # rapidocr and the child's address space reaches ~1.6 GB (onnxruntime's arenas, the models, a page's tensors)
    ocr_memory_mb: int = 3072  # address space of the parsing child while it reads pages by OCR
    ocr_page_timeout_s: float = 90.0  # each page read by OCR adds this much to the child's time
    ocr_max_pages: int = 300  # image-only pages one file may hold: beyond, the file is refused before OCR
    ocr_engine: str = "rapidocr"  # which engine reads them (kb.load.ocr.ENGINES); travels with the limits

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_file_mb=settings.max_file_mb,
            max_text_chars=settings.max_text_chars,
            max_clauses=settings.max_clauses,
            memory_mb=settings.parse_memory_mb,
            timeout_s=settings.parse_timeout_s,
            ocr_memory_mb=settings.ocr_memory_mb,
            ocr_page_timeout_s=settings.ocr_page_timeout_s,
            ocr_max_pages=settings.ocr_max_pages,
            ocr_engine=settings.ocr_engine,
        )

    @property
    def max_text_bytes(self) -> int:
        """The most bytes a text file within max_text_chars can take (4 bytes a character in any encoding
        this loader reads), so that a longer one is refused before it is read."""
        return 4 * self.max_text_chars
