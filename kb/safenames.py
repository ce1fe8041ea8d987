"""File names built from document or user text (a unit name, an uploaded file's name, a document id).

Such text may hold `../`, a slash, a drive colon or control characters; written as given it could place a file
anywhere the process can write. `safe_name` reduces it to one harmless base name and `inside` joins it to a
folder and checks the result really lies in that folder (symbolic links included).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kb.errors import KBError

MAX_NAME_BYTES = 200  # below the 255 bytes most file systems allow, leaving room for a suffix
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_name(text: str, fallback: str = "file") -> str:
    """One base name from any text: separators and control characters become `_`, leading dots and spaces
    go (no `..`, no hidden file), the length is capped keeping the suffix; `fallback` when nothing is left."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if not name.strip("_"):
        name = fallback
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 16:
        stem, suffix = name, ""
    keep = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - 1
    while len(stem.encode("utf-8")) > keep:
        stem = stem[:-1]
    return f"{stem}.{suffix}" if suffix else stem


def inside(folder: str | Path, name: str) -> Path:
    """`folder / safe_name(name)`, refused (KBError) unless it resolves to a file directly in `folder`."""
    base = Path(folder).resolve()
    path = base / safe_name(name)
    if path.resolve().parent != base:  # a symbolic link planted in the folder would lead elsewhere
        raise KBError(f"{path}: refusing to write a file outside {base}")
    return path
