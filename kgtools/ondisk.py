"""On-disk Oxigraph stores (``kgtools.load(..., store_dir=PATH)``): load once, open instantly afterwards.

The first ``load(..., store_dir=PATH)`` parses the sources into the folder and then, last, writes
``PATH/kgtools-sources.json`` (the sources' paths, sizes, modification times and SHA-256, and the
triple count): a store without it, or with another count, is an interrupted load and is rebuilt. Every later
``load(..., store_dir=PATH)`` finds data in the folder and opens it without parsing anything; a source
that changed since is reported with a warning, not reloaded. To refresh, pass ``refresh=True``
(CLI: ``--refresh``), which empties the store and loads the given sources again, or delete the folder.

The term index (labels, synonyms, cross-references of every term; :class:`kgtools.terms.TermIndex`)
is kept beside the store in ``PATH/kgtools-term-index.json`` once it was built, so a reopened store
answers its first lookup by name without reading every label again (HPO + annotations on disk:
~10 s). The file records the digest of the query that made it; every write through kgtools deletes it
first (:data:`kgtools.store.DERIVED_FILES`), so it never outlives the content it was made from. A
store written by other means than kgtools: delete the file (it is rebuilt on the next lookup).
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .fileio import write_atomic
from .query import internal_query, run_query
from .store import DERIVED_FILES
from .terms import TermIndex

if TYPE_CHECKING:
    from .protocols import KnowledgeBase

__all__ = ["MANIFEST", "TERM_INDEX", "open_or_refresh", "read_manifest", "read_term_index", "write_manifest",
           "write_term_index"]

MANIFEST = "kgtools-sources.json"
TERM_INDEX = DERIVED_FILES[0]
_TERM_INDEX_FORMAT = 1


def _stat(path: str) -> dict[str, float | int | str]:
    try:
        st = os.stat(path)
        return {"path": path, "size": st.st_size, "mtime": st.st_mtime}
    except OSError:
        return {"path": path, "size": -1, "mtime": -1}


def _sha256(path: str) -> str | None:
    import hashlib

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def read_manifest(store: str | os.PathLike[str]) -> dict | None:
    """The manifest of a completed load, or None (no manifest, unreadable, or from a kgtools that wrote none)."""
    manifest = Path(store) / MANIFEST
    try:
        found = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("complete") is not True:
        return None
    return found


def open_or_refresh(kg: KnowledgeBase, store: str | os.PathLike[str], refresh: bool) -> bool:
    """True when ``kg``'s on-disk store already holds a completed load to use as it is.

    The manifest is written last, after every source was loaded, with the triple count.
    A store with data but no complete manifest was interrupted
    while loading: it is emptied with a warning and loaded again.
    ``refresh`` empties it in any case. Before loading starts the manifest is removed, so a load
    that is killed can never be taken for a complete one.
    """
    # Reopening reads at most one quad to see whether the store holds data
    empty = kg.store.is_empty()
    manifest = read_manifest(store)
    if not refresh and not empty:
        if manifest is not None:
            entries = manifest.get("sources", [])
            kg.sources.extend(e["path"] for e in entries)
            stale = [e["path"] for e in entries if _stat(e["path"]) != {k: e.get(k) for k in ("path", "size", "mtime")}]
            if stale:
                warnings.warn(
                    f"store {store} was loaded from files that changed since: {', '.join(stale)}; "
                    "load again with refresh=True (CLI: --refresh) to reload them",
                    stacklevel=3,
                )
            return True
        warnings.warn(f"store {store} has no record of a completed load (an interrupted load?): loading it again",
                      stacklevel=3)
    (Path(store) / MANIFEST).unlink(missing_ok=True)
    if not empty:
        for graph in list(_graphs(kg)):
            kg.store.clear(graph)
        if kg.store.count():  # triples in the default graph, if any
            kg.store.before_write()  # type: ignore[attr-defined]
            kg.store.native.clear()  # type: ignore[attr-defined]
    return False


def _graphs(kg: KnowledgeBase) -> set[str]:
    rows = run_query(kg.store, "named-graphs").rows
    return {str(r["g"]) for r in rows}


def write_manifest(kg: KnowledgeBase, store: str | os.PathLike[str]) -> None:
    """Record that a load of the store completed: its sources (with SHA-256) and triple count; written last."""
    sources = [{**_stat(p), "sha256": _sha256(p)} for p in kg.sources]
    manifest = {"complete": True, "triples": kg.store.count(), "sources": sources}
    flush = getattr(getattr(kg.store, "native", None), "flush", None)
    if flush is not None:
        flush()  # the data is on disk before the manifest says so
    write_atomic(Path(store) / MANIFEST, json.dumps(manifest, indent=2))


# --- the term index kept beside the store ---------------------------------------------------------


def _term_index_digest() -> str:
    import hashlib

    return hashlib.sha256(internal_query("term-index").encode("utf-8")).hexdigest()


def read_term_index(store: str | os.PathLike[str]) -> TermIndex | None:
    """The term index kept in ``store`` (see the module docstring), or None when there is none, it was
    made by another version of the term-index query or of this format, or the file is unreadable."""
    try:
        found = json.loads((Path(store) / TERM_INDEX).read_text(encoding="utf-8"))
        if found.get("format") != _TERM_INDEX_FORMAT or found.get("query") != _term_index_digest():
            return None
        return TermIndex.from_state(found["index"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write_term_index(store: str | os.PathLike[str], index: TermIndex) -> None:
    """Keep ``index`` in ``store`` (atomically; a folder that cannot be written only costs building
    the index again next time)."""
    payload = {"format": _TERM_INDEX_FORMAT, "query": _term_index_digest(), "index": index.state()}
    with contextlib.suppress(OSError):  # OutputError is an OSError
        write_atomic(Path(store) / TERM_INDEX, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
