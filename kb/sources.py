"""A copy of every ingested source file inside the index folder (`<index>/sources/<doc id>/<file name>`), so
that `kb rebuild` can build a damaged index again without the original files.

Each document keeps the file it was last ingested from, under its own name (the document id is that name's
stem, so a rebuild gives the same ids); folder and file names pass through kb.safenames.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.safenames import inside, safe_name

SOURCES = "sources"


def sources_dir(index: Path) -> Path:
    return index / SOURCES


def keep_source(index: Path, path: Path, doc_id: str) -> Path:
    """Copy `path` as the stored source of `doc_id`, replacing the one kept before (a private copy: 0600)."""
    folder = sources_dir(index) / safe_name(doc_id, fallback="document")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = inside(folder, path.name)
    if target.exists() and target.samefile(path):
        return target  # a rebuild reads the stored copy itself
    for old in folder.iterdir():
        if old != target:
            old.unlink()
    temporary = inside(folder, f"{path.name}.partial")
    shutil.copyfile(path, temporary)
    temporary.chmod(0o600)
    temporary.replace(target)
    return target


def stored_sources(index: Path) -> list[Path]:
    """Every stored source file, by document id."""
    folder = sources_dir(index)
    if not folder.is_dir():
        return []
    return sorted(
        file
        for document in folder.iterdir()
        if document.is_dir()
        for file in document.iterdir()
        if file.is_file() and not file.name.endswith(".partial")
    )


def stored_source(index: Path, doc_id: str) -> Path | None:
    """The stored source file of `doc_id`, or None when the index keeps none (an index built before sources
    were kept, or one migrated without them)."""
    folder = sources_dir(index) / safe_name(doc_id, fallback="document")
    if not folder.is_dir():
        return None
    files = sorted(f for f in folder.iterdir() if f.is_file() and not f.name.endswith(".partial"))
    return files[0] if files else None
