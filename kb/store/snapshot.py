"""One file holding structures built from an index, to be read back instead of built again: a pickle whose numpy
arrays are kept apart and memory-mapped when the file is read (pickle protocol 5's out-of-band buffers), so that a
pair index of tens of millions of numbers costs nothing until a question reads part of it.

A snapshot is trusted only when it is whole and made for what the reader expects: its header names a `key` (the
index's generation and clause set, the format and the code that built it) and a checksum of every byte. Anything
else — missing, made for another key, truncated, altered — is reported as such, and the reader builds again.
The checksum is computed once per file: found whole, the file's identity is kept beside it (`.<name>.checked`,
kb.store.check.remember_checked) and the next reader of that very file (not written since) skips reading every
byte again (0.5-1 s at 10,000 documents).

Layout: 8 bytes of header length, the JSON header, the pickle, then each array at a 64-byte boundary.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import pickle
import weakref
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from kb.store.check import checked_before, remember_checked

MAGIC = "kb-snapshot-1"
_ALIGN = 64  # numpy reads an array fastest at a cache-line boundary
NONE_YET = "none written yet"
FOREIGN = "made for another state of the index"
ENGINE = "engine.snapshot"  # the question-answering engine's structures in an index folder (kb.qa.saved)


def engine_path(
    folder: Path, chroma_url: str | None, collection: str, excluded: frozenset[str] = frozenset()
) -> Path:
    """Where the engine's snapshot of a store lives in its index folder: `engine.snapshot` for the embedded
    index, one file per server and collection beside it (the folder of an index migrated to a server serves both:
    each would otherwise find the other's snapshot and build again, warned, at every opening). An engine leaving
    out some documents (withdrawn, superseded: kb.docstate) keeps its own file beside it, named by the set left
    out: the engine with and the one without superseded documents are open at once, and one file for both would
    be built again, warned, every time the other is opened."""
    stem = "engine" if not chroma_url else f"engine-{_digest(f'{chroma_url}|{collection}')}"
    if excluded:
        stem += f"-without-{_digest(chr(10).join(sorted(excluded)))}"
    return folder / f"{stem}.snapshot"


def engine_paths(folder: Path, chroma_url: str | None, collection: str) -> list[Path]:
    """Every snapshot of this store in the folder: the whole clause set's and those leaving documents out."""
    whole = engine_path(folder, chroma_url, collection)
    return [whole, *sorted(folder.glob(f"{whole.stem}-without-*.snapshot"))]


def groups_path(engine: Path) -> Path:
    """Where the working groups read again for the engine saved at `engine` are kept (kb.qa.saved.open_groups):
    beside it, `<stem>.groups`, removed with it when the index changes."""
    return engine.with_name(f"{engine.stem}.groups")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


class SnapshotUnusable(Exception):
    """The snapshot cannot be used: `reason` says why, for the warning the caller gives."""

    def __init__(self, path: Path, reason: str, found: dict[str, Any] | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason
        self.found = found  # the key it was written with, when it was refused for that


def write(path: Path, value: Any, key: dict[str, Any]) -> int:
    """Write `value` with its `key` to `path`, replacing any snapshot there at once (a reader sees the old file or
    the new one, never half of one). Returns the bytes written."""
    buffers: list[pickle.PickleBuffer] = []
    body = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    offsets, at = [], _aligned(len(body))
    for raw in raws:
        offsets.append([at, raw.nbytes])
        at = _aligned(at + raw.nbytes)
    checksum = zlib.crc32(body)
    for raw in raws:
        checksum = zlib.crc32(raw, checksum)
    header = json.dumps(
        {"magic": MAGIC, "key": key, "pickle": len(body), "arrays": offsets, "crc32": checksum}, sort_keys=True
    ).encode("utf-8")
    start = _aligned(8 + len(header))  # the pickle and the arrays are placed relative to this
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            file.write(len(header).to_bytes(8, "little") + header)
            file.write(b"\0" * (start - 8 - len(header)))
            file.write(body)
            for raw, (offset, _) in zip(raws, offsets, strict=True):
                file.seek(start + offset)
                file.write(raw)
            size = file.tell()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return size


def read(path: Path, key: dict[str, Any]) -> Any:
    """The value written with `key`, its arrays memory-mapped (read-only); SnapshotUnusable when there is none,
    it was written for another key, or it is not whole."""
    mapped = _mapped(path)
    view = memoryview(mapped)
    if len(mapped):
        _MAPPED[int(np.frombuffer(mapped, dtype=np.uint8, count=1).__array_interface__["data"][0])] = mapped
    header, start = _header(path, view)
    if header.get("key") != key:
        raise SnapshotUnusable(path, FOREIGN, found=header.get("key"))
    body_end = start + int(header["pickle"])
    spans = [(start + int(offset), int(size)) for offset, size in header["arrays"]]
    if body_end > len(view) or any(at + size > len(view) for at, size in spans):
        raise SnapshotUnusable(path, "shorter than its header says (cut off while written or copied)")
    buffers = [view[at : at + size] for at, size in spans]
    # the checksum and the pickle are read through the file, not the mapping: a mapped page read stays in this
    # process's memory until let go, and a province's snapshot read whole through the mapping made its peak
    # hundreds of megabytes higher than what the structures keep (the arrays stay mapped: read as questions do)
    record = _checked_record(path)
    verified = checked_before(record, [path])
    with open(path, "rb") as file:
        if not verified:
            checksum = _crc(file, [(start, body_end - start), *spans])
            if checksum != header["crc32"]:
                raise SnapshotUnusable(path, "its contents do not match their checksum (altered or damaged)")
        file.seek(start)
        try:
            value = pickle.load(file, buffers=buffers)
        except Exception as error:  # a checksum that matches damaged bytes is unlikely, but never trusted
            raise SnapshotUnusable(path, f"cannot be unpickled ({type(error).__name__}: {error})") from error
    if not verified:
        remember_checked(record, [path], settled=SETTLED)
    return value


# every mapping read, by the address its bytes start at: let_go finds the one an array was read from
_MAPPED: weakref.WeakValueDictionary[int, mmap.mmap] = weakref.WeakValueDictionary()


def let_go(array: np.ndarray) -> None:
    """Drop the pages of a memory-mapped array read from a snapshot from this process's memory: they stay in the
    system's file cache and are read from it again if touched. For bytes read once (kb.qa.clauses: a document's
    clauses made objects), whose pages would otherwise count in the process's memory as long as it lives
    (a province's clauses: 100 MB). Nothing happens to an array not read from a snapshot."""
    if not array.nbytes:
        return
    at = int(array.__array_interface__["data"][0])
    for start, mapped in list(_MAPPED.items()):
        if start <= at < start + len(mapped):
            # every page the array touches, those it shares with its neighbours too (read again if they are)
            first = (at - start) // mmap.PAGESIZE * mmap.PAGESIZE
            last = min(-(-(at - start + array.nbytes) // mmap.PAGESIZE) * mmap.PAGESIZE, len(mapped))
            if last > first:
                with contextlib.suppress(OSError, ValueError):
                    mapped.madvise(mmap.MADV_DONTNEED, first, last - first)
            return


def _checked_record(path: Path) -> Path:
    """Where the identity of the snapshot file last found whole is kept."""
    return path.with_name(f".{path.name}.checked")


SETTLED = 2.0  # seconds since it was written before a snapshot found whole is not checked again (check.remember_checked)
_READ = 8 << 20  # bytes read at once for the checksum


def _crc(file: Any, spans: list[tuple[int, int]]) -> int:
    """CRC-32 of these (offset, size) spans of the file, in order, read a few megabytes at a time."""
    checksum, chunk = 0, bytearray(_READ)
    for at, size in spans:
        file.seek(at)
        left = size
        while left > 0:
            got = file.readinto(memoryview(chunk)[: min(left, _READ)])
            if not got:
                break  # shorter than the header says: the sizes were checked against the file, so not expected
            checksum = zlib.crc32(memoryview(chunk)[:got], checksum)
            left -= got
    return checksum


def forget(path: Path) -> None:
    """Remove a snapshot whose index has just changed, so that the next reader builds anew without a warning
    (one left behind is refused by its key anyway)."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
        _checked_record(path).unlink(missing_ok=True)


def _mapped(path: Path) -> mmap.mmap:
    """The file mapped read-only: its pages are read when used, and shared by every process reading it."""
    try:
        with open(path, "rb") as file:
            return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)  # the mapping outlives the descriptor
    except FileNotFoundError as error:
        raise SnapshotUnusable(path, NONE_YET) from error
    except ValueError as error:  # mmap of an empty file
        raise SnapshotUnusable(path, "empty") from error
    except OSError as error:
        raise SnapshotUnusable(path, f"cannot be read ({error.strerror or error})") from error


def _header(path: Path, view: memoryview) -> tuple[dict[str, Any], int]:
    """The header and where the pickle starts."""
    if len(view) < 8:
        raise SnapshotUnusable(path, "too short to be a snapshot")
    length = int.from_bytes(view[:8], "little")
    if length > len(view) - 8:
        raise SnapshotUnusable(path, "not a snapshot (its header length is past its end)")
    try:
        header = json.loads(bytes(view[8 : 8 + length]))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SnapshotUnusable(path, "not a snapshot (its header is not readable)") from error
    if not isinstance(header, dict) or header.get("magic") != MAGIC:
        raise SnapshotUnusable(path, "not a snapshot of this version")
    return header, _aligned(8 + length)


def _aligned(at: int) -> int:
    return -(-at // _ALIGN) * _ALIGN
