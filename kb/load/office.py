"""Word 97 (.doc) and WPS Office (.wps) files: converted to DOCX by LibreOffice headless, then read as a DOCX.

No Python library reads the Word 97 binary format with its tables in order; LibreOffice (Debian package
`libreoffice-writer-nogui`) does, and writes a DOCX whose body the DOCX loader reads unchanged. WPS Office's
.wps is the Word 97 binary format in an OLE2 file (LibreOffice detects it by content); a Microsoft Works .wps
goes through LibreOffice's libwps import.

Each call converts in a private folder with its own LibreOffice user profile (-env:UserInstallation), so
conversions running side by side never share a profile (one profile is one running LibreOffice, and a second
soffice with the same profile hands its work to the first or fails). The conversion runs in its own process
group under a time limit shorter than the parsing child's, and is killed whole when it overruns.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kb.errors import CorruptFile, IngestError, TooLarge
from kb.limits import Limits
from kb.types import Format, Line

SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"
# Share of the parsing child's time limit the conversion may take, leaving time to read the DOCX after it.
CONVERSION_SHARE = 0.8
_KIND = {"doc": "Word 97 document (.doc)", "wps": "WPS Office document (.wps)"}


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def load_word97(data: bytes, path: str, fmt: Format, limits: Limits) -> tuple[Line, ...]:
    """The lines of the DOCX LibreOffice makes of the file (one per paragraph and table row, in body order)."""
    from kb.load.docx import load_docx

    kind = _KIND.get(fmt, "document")
    soffice = find_soffice()
    if soffice is None:
        raise IngestError(path, f"reading a {kind} needs LibreOffice, which is not installed: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="kb-soffice-") as work:
        folder = Path(work)
        source = folder / f"source.{fmt}"
        source.write_bytes(data)
        converted = _convert(soffice, source, folder, path, kind, limits.timeout_s * CONVERSION_SHARE)
        docx = converted.read_bytes()
    try:
        return load_docx(docx, path)
    except CorruptFile as error:
        raise CorruptFile(
            path, f"LibreOffice converted the {kind} but its DOCX cannot be read ({error.problem})"
        ) from error


# The fresh profile's settings: nothing in a document runs or reaches out during the conversion — no macro of
# any kind (very high security, and macro execution disabled), no resource linked from an untrusted location,
# no link updated when loading (Writer: 2 = never).
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
</oor:items>
"""
# Environment variables LibreOffice is given (a document converter needs no secrets of the caller's).
_ENVIRONMENT_KEPT = ("PATH", "LANG", "LANGUAGE", "TMPDIR", "TZ")


def _convert(soffice: str, source: Path, folder: Path, path: str, kind: str, timeout: float) -> Path:
    out = folder / "out"
    settings = folder / "profile" / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True)
    settings.write_text(PROFILE_SETTINGS, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k in _ENVIRONMENT_KEPT or k.startswith("LC_")}
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(source),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env={**environment, "HOME": str(folder)},  # nothing of LibreOffice's lands in the user's home
            start_new_session=True,  # its own process group, so a timeout kills soffice.bin with its launcher
        )
    except OSError as exc:
        raise IngestError(
            path, f"LibreOffice ({soffice}) could not be started to read the {kind}: {exc.strerror or exc}"
        ) from exc
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise TooLarge(
            path, f"LibreOffice took longer than {timeout:g} s to convert the {kind} and was stopped"
        ) from None
    finally:
        _kill_group(process.pid)
    converted = out / f"{source.stem}.docx"
    if process.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        said = _last_line(output.decode("utf-8", errors="replace"))
        raise CorruptFile(
            path,
            f"LibreOffice could not convert the {kind} (exit status {process.returncode}"
            f"{': ' + said if said else ''}): the file is damaged or not a {kind}",
        )
    return converted


def _kill_group(pgid: int) -> None:
    """LibreOffice's launcher may leave soffice.bin behind; nothing of the group outlives the conversion."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip() and "javaldx" not in line]
    return lines[-1][:200] if lines else ""
