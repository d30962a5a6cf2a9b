"""What the annotator tests share: a mention found by its text, and the span benchmark's module."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from kgtools.annotate import Annotation, Mention


def span(a: Annotation, text: str) -> Mention:
    """The first mention of ``a`` whose text is ``text`` (case-insensitive)."""
    return next(m for m in a.mentions if m.text.casefold() == text.casefold())


@functools.cache
def spans_benchmark() -> ModuleType:
    """``benchmarks/annotate_spans.py``, loaded as a module (the benchmarks are scripts, not a package)."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "annotate_spans.py"
    spec = importlib.util.spec_from_file_location("bench_annotate_spans", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
