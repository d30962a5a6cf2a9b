"""The one place that locates data shipped with kgtools.

An installed wheel carries the ontology, shapes and named queries under ``kgtools/data/``
(see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml). In a source
checkout (or an editable install) they are read from the repository's ``ontology/`` and
``queries/`` folders, which are the sources of truth.

The ontology is one hand-edited file plus generated components (the ODK layout)::

    ontology/xsco-edit.ttl          hand-edited: header, vocabulary, seed classes, axioms, statements
    ontology/templates/*.tsv        hand-edited curation tables (one row per term, statement, ...)
    ontology/mappings/xsco.sssom.tsv  hand-edited SSSOM mapping set
    ontology/components/*.ttl       generated from the two above by `kgtools sync`, never edited

:func:`ontology_paths` lists the files that together are XSCO; ``kgtools.load()`` and the release
merge them into one ontology.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path

from .fileio import write_atomic
from .errors import InputError

__all__ = [
    "EDIT_FILE",
    "components_dir",
    "data_dir",
    "edit_path",
    "editable_ontology_dir",
    "examples_dir",
    "internal_queries_dir",
    "mappings_path",
    "ontology_dir",
    "ontology_path",
    "ontology_paths",
    "qc_dir",
    "queries_dir",
    "shapes_dir",
    "templates_dir",
]

_PACKAGE = Path(__file__).resolve().parent
EDIT_FILE = "xsco-edit.ttl"


def data_dir(name: str) -> Path:
    """Return the folder of packaged data ``name`` ("ontology" or "queries")."""
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kgtools data folder {name!r} is missing from this installation")


def ontology_dir() -> Path:
    """The ontology folder (edit file, templates, components, mappings, shapes, examples)."""
    return data_dir("ontology")


def editable_ontology_dir(folder: str | os.PathLike[str] | None = None) -> Path:
    """``folder``, or the ontology folder of this source checkout; the copy inside an installed
    wheel is read-only (writing there would change the installed package), so it is refused."""

    if folder is not None:
        return Path(folder)
    found = ontology_dir()
    if found == _PACKAGE / "data" / "ontology":
        raise InputError("the ontology bundled in an installed kgtools is read-only: "
                         "work in a source checkout or give --ontology-dir")
    return found


def edit_path(folder: Path | None = None) -> Path:
    """The hand-edited ontology file ``xsco-edit.ttl`` (of ``folder``, default: the bundled one)."""
    return (folder or ontology_dir()) / EDIT_FILE


def templates_dir(folder: Path | None = None) -> Path:
    """The curation tables ``templates/*.tsv``."""
    return (folder or ontology_dir()) / "templates"


def components_dir(folder: Path | None = None) -> Path:
    """The generated components ``components/*.ttl``."""
    return (folder or ontology_dir()) / "components"


def mappings_path(folder: Path | None = None) -> Path:
    """The SSSOM mapping set ``mappings/xsco.sssom.tsv``."""
    return (folder or ontology_dir()) / "mappings" / "xsco.sssom.tsv"


def ontology_paths(folder: Path | None = None) -> list[Path]:
    """The files that together are XSCO: the edit file, then the components in name order."""
    return [edit_path(folder), *sorted(components_dir(folder).glob("*.ttl"))]


def ontology_path() -> Path:
    """Deprecated: XSCO is now several files (:func:`ontology_paths`).

    Returns one Turtle file holding all of them, written once per content into the temporary
    folder, for callers that need a single path.
    """
    warnings.warn("kgtools.resources.ontology_path() is deprecated: XSCO is several files now; "
                  "use ontology_paths()", DeprecationWarning, stacklevel=2)

    # Each file declares its own prefixes (the same bindings), and none uses a labelled blank node,
    # so the concatenation is the merge of the files (tests/test_layout.py checks it).
    text = "\n".join(p.read_text(encoding="utf-8") for p in ontology_paths())
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"kgtools-xsco-{digest}"
    target = folder / "xsco.ttl"
    if not target.is_file():
        folder.mkdir(exist_ok=True)
        write_atomic(target, text)
    return target


def queries_dir() -> Path:
    """Folder of the named SPARQL queries (``*.rq``)."""
    return data_dir("queries")


def internal_queries_dir() -> Path:
    """Folder of the SPARQL that kgtools runs itself (``queries/internal/*.rq``, not user-facing)."""
    return queries_dir() / "internal"


def shapes_dir() -> Path:
    """Folder of the SHACL shapes."""
    return ontology_dir() / "shapes"


def examples_dir() -> Path:
    """Folder of the example instance data."""
    return ontology_dir() / "examples"


def qc_dir() -> Path:
    """Folder of the quality-control queries (``queries/qc/*.rq``, each must return no rows)."""
    return queries_dir() / "qc"
