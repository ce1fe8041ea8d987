"""Gradio imported without rewriting its own type-stub files.

Gradio's component metaclass calls `gradio.component_meta.create_or_modify_pyi` for every component class it
defines — at every import, in production too. That function is a development aid: it reads the component's
source, parses it (and the `.pyi` beside it) with `ast`, and rewrites the `.pyi` for type checkers. For Gradio
6.31 that is 81 classes and 162 parses: 1.3 s of the 3.4 s `import gradio` takes on this 2-core machine, paid by
every `kb serve` before the page can answer (measured: `python -c "import gradio"` 3.4 s, 2.1 s with this).

`install()` puts a meta-path finder in front of the import system that, once `gradio.component_meta` has run,
replaces that one function by a no-op. Nothing the page does depends on the stubs. If Gradio renames or moves
the function the finder does nothing and Gradio imports as it always did.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType
from typing import Any

MODULE = "gradio.component_meta"
FUNCTION = "create_or_modify_pyi"


def _no_stubs(*_: Any, **__: Any) -> None:
    """Stands in for Gradio's stub writer: the running app reads no `.pyi` file."""


class _StubsSkipped(importlib.abc.Loader):
    """Runs the module with Gradio's own loader, then swaps the stub writer out."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)
        if callable(getattr(module, FUNCTION, None)):
            setattr(module, FUNCTION, _no_stubs)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: ModuleType | None = None) -> Any:
        if name != MODULE:
            return None
        sys.meta_path.remove(self)  # once: the real finders locate the module
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _StubsSkipped(spec.loader)
        return spec


def install() -> None:
    """Skip the stub writer in the next `import gradio` of this process (no effect if Gradio is imported)."""
    if MODULE in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
