"""Files named from document or user text stay inside their folder (issue #10, item 1): a unit name read from
a note such as `（县发改局、../../../../x牵头）` must not place an export anywhere else."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.main import Handlers
from kb.errors import KBError
from kb.export import export_filename
from kb.safenames import inside, safe_name
from kb.settings import Settings
from kb.types import Clause

HOSTILE = "../../../../x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县林业局职责清单.xlsx", "县林业局职责清单.xlsx"),
        ("../../../../x职责清单.xlsx", "_._._._x职责清单.xlsx"),
        ("..\\..\\evil.md", "_._evil.md"),
        ("/etc/passwd", "_etc_passwd"),
        ("..", "file"),
        ("a\x00b\nc.txt", "a_b_c.txt"),
        (".hidden", "hidden"),
    ],
)
def test_safe_name_is_one_harmless_base_name(text: str, expected: str) -> None:
    assert safe_name(text) == expected
    assert os.sep not in safe_name(text) and not safe_name(text).startswith(".")


def test_a_long_name_is_cut_keeping_its_suffix() -> None:
    name = safe_name("局" * 300 + ".xlsx")
    assert name.endswith(".xlsx") and len(name.encode("utf-8")) <= 200


def test_inside_refuses_a_planted_link(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    assert inside(folder, HOSTILE + ".md").parent == folder.resolve()
    (folder / "link.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(KBError, match="refusing to write a file outside"):
        inside(folder, "link.md")


def test_export_file_names_keep_to_one_base_name() -> None:
    assert export_filename("职责清单", "pdf", "县林业局") == "职责清单-县林业局.pdf"
    assert "/" not in export_filename("职责清单", "pdf", HOSTILE)


def test_a_unit_name_with_dot_dot_slash_cannot_write_outside_the_download_folder(tmp_path: Path) -> None:
    """The app's 部门职责 view writes its three downloads under the private cache, whatever the unit's name."""
    clause = Clause(
        doc="notice",
        doc_title="通知",
        number=(1,),
        path=("一、任务",),
        title="任务",
        text="建设平台。（县发改局、../../../../x牵头）",
        lead=HOSTILE,
        departments=(HOSTILE, "县发改局"),
        departments_raw=(HOSTILE, "县发改局"),
    )
    kb = SimpleNamespace(
        settings=Settings(index=tmp_path / "index"),
        resolve_department=lambda name: None,
        clauses=lambda department=None, **_: [clause],
        doc_places=lambda: {"notice": None},
    )
    cache = tmp_path / "index" / "uploads" / "gradio"
    handlers = Handlers(kb, cache)  # type: ignore[arg-type]
    _, shown = handlers.department(HOSTILE)
    downloads = shown["value"]
    assert downloads is not None and len(downloads) == 3
    for download in downloads:
        assert Path(download).resolve().is_relative_to(cache.resolve())
    assert not list(tmp_path.parent.glob("x职责清单*")) and not list(tmp_path.glob("x职责清单*"))
