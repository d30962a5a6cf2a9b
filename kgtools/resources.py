"""The one place that locates data shipped with kgtools.

An installed wheel carries the ontology, shapes and named queries under ``kgtools/data/``
(see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml). In a source
checkout (or an editable install) they are read from the repository's ``ontology/`` and
``queries/`` folders, which are the sources of truth.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir", "ontology_path", "queries_dir", "internal_queries_dir", "shapes_dir", "examples_dir", "qc_dir"]

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of packaged data ``name`` ("ontology" or "queries")."""
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kgtools data folder {name!r} is missing from this installation")


def ontology_path() -> Path:
    """Path of the bundled XSCO Turtle source."""
    return data_dir("ontology") / "xsco.ttl"


def queries_dir() -> Path:
    """Folder of the named SPARQL queries (``*.rq``)."""
    return data_dir("queries")


def internal_queries_dir() -> Path:
    """Folder of the SPARQL that kgtools runs itself (``queries/internal/*.rq``, not user-facing)."""
    return queries_dir() / "internal"


def shapes_dir() -> Path:
    """Folder of the SHACL shapes."""
    return data_dir("ontology") / "shapes"


def examples_dir() -> Path:
    """Folder of the example instance data."""
    return data_dir("ontology") / "examples"


# --- validation ---


def qc_dir() -> Path:
    """Folder of the quality-control queries (``queries/qc/*.rq``, each must return no rows)."""
    return queries_dir() / "qc"
