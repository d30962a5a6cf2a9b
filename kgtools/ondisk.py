"""On-disk Oxigraph stores (``kgtools.load(..., store_dir=PATH)``): load once, open instantly afterwards.

The first ``load(..., store_dir=PATH)`` parses the sources into the folder and writes
``PATH/kgtools-sources.json`` (the sources' paths, sizes and modification times). Every later
``load(..., store_dir=PATH)`` finds data in the folder and opens it without parsing anything; a source
that changed since is reported with a warning, not reloaded. To refresh, pass ``refresh=True``
(CLI: ``--refresh``), which empties the store and loads the given sources again, or delete the folder.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .fileio import write_atomic
from .query import run_query

if TYPE_CHECKING:
    from .protocols import KnowledgeBase

__all__ = ["MANIFEST", "open_or_refresh", "write_manifest"]

MANIFEST = "kgtools-sources.json"


def _stat(path: str) -> dict[str, float | int | str]:
    try:
        st = os.stat(path)
        return {"path": path, "size": st.st_size, "mtime": st.st_mtime}
    except OSError:
        return {"path": path, "size": -1, "mtime": -1}


def open_or_refresh(kg: KnowledgeBase, store: str | os.PathLike[str], refresh: bool) -> bool:
    """True when ``kg``'s on-disk store already holds data to use as it is; empties it first when ``refresh``."""
    if refresh:
        for graph in list(_graphs(kg)):
            kg.store.clear(graph)
        (Path(store) / MANIFEST).unlink(missing_ok=True)
        return False
    # Issue 19: reopening reads at most one quad to see whether the store holds data (it used to
    # count them all, walking the whole store).
    is_empty = getattr(kg.store, "is_empty", None)
    if is_empty() if is_empty is not None else kg.store.count() == 0:
        return False
    manifest = Path(store) / MANIFEST
    entries = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else []
    kg.sources.extend(e["path"] for e in entries)
    stale = [e["path"] for e in entries if _stat(e["path"]) != e]
    if stale:
        warnings.warn(
            f"store {store} was loaded from files that changed since: {', '.join(stale)}; "
            "load again with refresh=True (CLI: --refresh) to reload them",
            stacklevel=3,
        )
    return True


def _graphs(kg: KnowledgeBase) -> set[str]:
    rows = run_query(kg.store, "named-graphs").rows
    return {str(r["g"]) for r in rows}


def write_manifest(kg: KnowledgeBase, store: str | os.PathLike[str]) -> None:
    """Record the sources of a freshly loaded on-disk store."""
    write_atomic(Path(store) / MANIFEST, json.dumps([_stat(p) for p in kg.sources], indent=2))
