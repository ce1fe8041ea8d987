"""A copy of every ingested source file inside the index folder (`<index>/sources/<doc id>/<file name>`), so
that `kb rebuild` can build a damaged index again without the original files.

Each document keeps the file it was last ingested from, under its own name, directly in its folder. Nothing
kept is ever deleted by an ingest: the copy a newer file replaces is moved into the folder's `versions/`
(named by the time it was replaced), and `kb remove` moves the current copy there too. `kb rebuild` reads only
the current copies, each as the document named by its folder (a document replaced by a file of another name,
`kb ingest --replace DOC FILE`, keeps its id); where the id is not a safe folder name it is written in the
folder's `.doc-id`. Folder and file names pass through
kb.safenames.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from kb.safenames import inside, safe_name

SOURCES = "sources"
VERSIONS = "versions"
DOC_ID_FILE = ".doc-id"


def sources_dir(index: Path) -> Path:
    return index / SOURCES


def _folder(index: Path, doc_id: str) -> Path:
    return sources_dir(index) / safe_name(doc_id, fallback="document")


def _current(folder: Path) -> list[Path]:
    return sorted(
        f
        for f in folder.iterdir()
        if f.is_file() and not f.name.endswith(".partial") and not f.name.startswith(".")
    )


def keep_source(index: Path, path: Path, doc_id: str) -> Path:
    """Copy `path` as the stored source of `doc_id` (a private copy: 0600); a copy kept before with other
    content is moved into `versions/`, never deleted."""
    folder = _folder(index, doc_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.name != doc_id:  # a folder's name is the id, unless the id needed a safer spelling
        (folder / DOC_ID_FILE).write_text(doc_id, encoding="utf-8")
    target = inside(folder, path.name)
    if target.exists() and target.samefile(path):
        return target  # a rebuild reads the stored copy itself
    for old in _current(folder):
        if old == target and _same_content(old, path):
            continue
        _retire(folder, old)
    temporary = inside(folder, f"{path.name}.partial")
    shutil.copyfile(path, temporary)
    temporary.chmod(0o600)
    temporary.replace(target)
    return target


def retire_source(index: Path, doc_id: str) -> None:
    """Move a removed document's current copy into `versions/`: kept, but no longer rebuilt."""
    folder = _folder(index, doc_id)
    if folder.is_dir():
        for old in _current(folder):
            _retire(folder, old)


def _retire(folder: Path, old: Path) -> None:
    versions = folder / VERSIONS
    versions.mkdir(exist_ok=True, mode=0o700)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(old.stat().st_mtime))
    target = versions / f"{stamp}-{old.name}"
    number = 1
    while target.exists():
        number += 1
        target = versions / f"{stamp}-{number}-{old.name}"
    old.replace(target)


def _same_content(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as first, b.open("rb") as second:
        while True:
            block = first.read(1 << 20)
            if block != second.read(1 << 20):
                return False
            if not block:
                return True


def stored_sources(index: Path) -> list[Path]:
    """Every document's current stored source file (not the kept older versions)."""
    folder = sources_dir(index)
    if not folder.is_dir():
        return []
    return sorted(file for document in folder.iterdir() if document.is_dir() for file in _current(document))


def stored_doc_id(source: Path) -> str:
    """The document id a stored source file was kept for (its folder's name before ids were written down)."""
    written = source.parent / DOC_ID_FILE
    if written.is_file():
        return written.read_text(encoding="utf-8").strip() or source.parent.name
    return source.parent.name


def stored_source(index: Path, doc_id: str) -> Path | None:
    """The stored source file of `doc_id`, or None when the index keeps none (an index built before sources
    were kept, or one migrated without them)."""
    folder = _folder(index, doc_id)
    if not folder.is_dir():
        return None
    files = _current(folder)
    return files[0] if files else None


def is_stored_copy(index: Path, doc_id: str, path: Path) -> bool:
    """Whether `path` is one of the copies kept for `doc_id` (a rebuild or a re-ingest of it)."""
    try:
        return path.resolve().parent == _folder(index, doc_id).resolve()
    except OSError:
        return False
