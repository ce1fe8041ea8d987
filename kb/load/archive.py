"""Zip bombs: a DOCX (like an XLSX or an OFD) is a ZIP archive, and its parts are checked before python-docx inflates any of them.

Each part's declared size (the central directory's) and compression ratio are checked first, at no cost; then
each part is inflated in chunks and counted, so that a part whose data inflates beyond what it declares is
caught too, never more than one chunk past the limit.
"""

from __future__ import annotations

import io
import zipfile

from kb.errors import CorruptFile, TooLarge
from kb.limits import MB, Limits

CHUNK = 1 << 20
RATIO_FLOOR = MB  # parts smaller than this inflated are never a threat, whatever their ratio


def check_archive(data: bytes, path: str, limits: Limits, kind: str = "DOCX") -> None:
    """TooLarge when a part of the archive would inflate beyond the limits; CorruptFile when it is damaged.
    `kind` names the format in the messages (DOCX, XLSX, OFD: each a ZIP archive)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_declared(infos, path, limits, kind)
            total = 0
            for info in infos:
                total += _inflated_size(archive, info, path, limits, kind)
                if total > limits.max_archive_mb * MB:
                    raise _too_large(path, kind, "all its parts together", total, limits.max_archive_mb)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise CorruptFile(path, f"the {kind} is truncated or damaged and cannot be opened ({exc})") from exc


def _check_declared(infos: list[zipfile.ZipInfo], path: str, limits: Limits, kind: str) -> None:
    declared = 0
    for info in infos:
        if info.file_size > limits.max_part_mb * MB:
            raise _too_large(path, kind, info.filename, info.file_size, limits.max_part_mb)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise TooLarge(
                path,
                f"the {kind} part {info.filename} is compressed {ratio:,.0f}:1 (limit {limits.max_ratio:g}:1): "
                "refused as a possible zip bomb",
            )
        declared += info.file_size
    if declared > limits.max_archive_mb * MB:
        raise _too_large(path, kind, "all its parts together", declared, limits.max_archive_mb)


def _inflated_size(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, limits: Limits, kind: str
) -> int:
    size = 0
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            if size > limits.max_part_mb * MB:
                raise _too_large(path, kind, info.filename, size, limits.max_part_mb)
    return size


def _too_large(path: str, kind: str, what: str, size: int, limit_mb: float) -> TooLarge:
    return TooLarge(
        path,
        f"the {kind} ({what}) inflates to {size / MB:,.0f} MB, more than the {limit_mb:g} MB allowed: "
        "refused as a possible zip bomb",
    )
