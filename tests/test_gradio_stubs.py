"""Gradio imported through the app package skips its stub writer (app/gradio_stubs.py) and works as before."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_app_first_leaves_gradios_stub_files_alone():
    out = run(
        """
        import importlib.util, pathlib
        spec = importlib.util.find_spec("gradio")
        folder = pathlib.Path(spec.origin).parent
        stubs = {p: p.stat().st_mtime_ns for p in folder.rglob("*.pyi")}
        import app  # installs the finder
        import gradio
        from gradio import component_meta
        print(component_meta.create_or_modify_pyi.__name__)
        print(sum(p.stat().st_mtime_ns != t for p, t in stubs.items() if p.exists()))
        with gradio.Blocks() as demo:
            gradio.Textbox(label="问题")
        print(type(demo).__name__)
        """
    )
    assert out.splitlines() == ["_no_stubs", "0", "Blocks"]


def test_gradio_imported_before_the_app_is_left_as_it_is():
    out = run(
        """
        import gradio
        from gradio import component_meta
        import app
        print(component_meta.create_or_modify_pyi.__name__)
        """
    )
    assert out == "create_or_modify_pyi"
