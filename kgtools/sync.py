"""``kgtools sync``: regenerate the ontology components from the curation tables and the SSSOM file.

The ontology folder follows the ODK layout (see :mod:`kgtools.resources`): ``xsco-edit.ttl`` and
the tables in ``templates/`` and ``mappings/`` are edited by hand; ``components/*.ttl`` are written
here and nowhere else. :func:`sync`

1. reads and checks every template (:func:`kgtools.templates.read_templates`) and the SSSOM file;
2. fills every empty ``<column>_label`` cell beside a CURIE column with the CURIE's label (from the
   edit file or the terms and schemes templates) and rejects a label that is not the CURIE's label;
3. renders ``components/<topic>.ttl`` for each template topic and ``components/mappings.ttl``;
4. only then writes what changed, each file atomically, and deletes generated components whose
   template is gone. Any bad row raises :class:`~kgtools.errors.InputError` naming ``file:line``
   before anything is written, so the ontology folder is left as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import RDFS
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError, KgError
from .fileio import write_atomic
from .link import mapping_component, read_sssom
from .prefixes import expand
from .resources import components_dir, edit_path, mappings_path, ontology_dir, templates_dir
from .templates import GENERATED_MARK, Knowledge, LabelCell, component_turtle, read_templates

__all__ = ["FIXED_LABELS", "SyncReport", "label_index", "sync"]

#: Labels of the few CURIEs a template may use that no ontology file labels (W3C vocabulary).
FIXED_LABELS = {"rdfs:subClassOf": "subclass of"}

#: Name of the component generated from the SSSOM file (no template topic may take it).
MAPPINGS_COMPONENT = "mappings.ttl"


@dataclass
class SyncReport:
    """What :func:`sync` changed (or, with ``check=True``, would change), as paths."""

    folder: Path
    components: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    templates: list[Path] = field(default_factory=list)
    labels_filled: int = 0
    checked: bool = False

    @property
    def changed(self) -> bool:
        """True when the folder was (or is, with ``check``) out of date."""
        return bool(self.components or self.removed or self.templates)

    def lines(self) -> list[str]:
        """One line per changed file, paths relative to the ontology folder."""
        verb = ("stale", "stale (no template)", "labels to fill") if self.checked else (
            "rewrote", "removed", "filled labels in")
        rel = [(verb[0], p) for p in self.components] + [(verb[1], p) for p in self.removed]
        rel += [(verb[2], p) for p in self.templates]
        return [f"{v}: {p.relative_to(self.folder)}" for v, p in rel]


def label_index(folder: Path, kn: Knowledge) -> dict[str, str]:
    """IRI -> label for everything the templates may point at: the edit file's labelled IRIs,
    the terms and schemes of the templates (which win) and :data:`FIXED_LABELS`."""
    graph = rdflib.Graph()
    try:
        graph.parse(edit_path(folder), format="turtle")
    except FileNotFoundError:
        raise InputError(f"edit file not found: {edit_path(folder)}") from None
    except (BadSyntax, ValueError, UnicodeDecodeError) as error:
        raise InputError(f"{edit_path(folder).name}: not valid Turtle: {' '.join(str(error).split())[:300]}") from None
    labels: dict[str, str] = {}
    for s, o in graph.subject_objects(RDFS.label):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.Literal) and o.language in (None, "en"):
            labels.setdefault(str(s), str(o))
    for curie, label in FIXED_LABELS.items():
        labels[expand(curie) or curie] = label
    for term in kn.terms:
        labels[expand(term.id) or term.id] = term.label
    for scheme in kn.schemes:
        labels[expand(scheme.id) or scheme.id] = scheme.label
    return labels


def _expected(cell: LabelCell, labels: dict[str, str]) -> str:
    found = []
    for curie in cell.curies:
        label = labels.get(expand(curie) or curie)
        if label is None:
            raise InputError(f"{cell.where}: {cell.column} {curie} has no label: declare it in a terms "
                             "template (external.terms.tsv for a class reused by IRI) or in xsco-edit.ttl")
        if "|" in label or "\t" in label:
            raise InputError(f"{cell.where}: the label of {curie} contains '|' or a tab and cannot go in a table")
        found.append(label)
    return "|".join(found)


def _template_texts(kn: Knowledge, labels: dict[str, str], relabel: bool) -> tuple[dict[Path, str], int]:
    """The new text of every template whose label cells change, and how many cells are filled."""
    edits: dict[Path, dict[tuple[int, str], str]] = {}
    filled = 0
    for cell in kn.label_cells:
        expected = _expected(cell, labels)
        if cell.text == expected:
            continue
        if cell.text and not relabel:
            raise InputError(
                f"{cell.where}: {cell.column}_label {cell.text!r} is not the label of {'|'.join(cell.curies)} "
                f"({expected!r}); empty the cell (or run `kgtools sync --relabel`) to fill it"
            )
        edits.setdefault(cell.path, {})[(cell.line, f"{cell.column}_label")] = expected
        filled += 1
    texts = {}
    for path, changes in edits.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        header = lines[0].rstrip("\r").split("\t")
        for (line, column), value in changes.items():
            raw = lines[line - 1]
            end = "\r" if raw.endswith("\r") else ""
            cells = raw.rstrip("\r").split("\t")
            cells[header.index(column)] = value
            lines[line - 1] = "\t".join(cells) + end
        texts[path] = "\n".join(lines)
    return texts, filled


def sync(
    folder: str | os.PathLike[str] | None = None, check: bool = False, relabel: bool = False
) -> SyncReport:
    """Bring ``components/`` (and the label columns of ``templates/``) of ``folder`` up to date.

    ``folder`` is an ontology folder (default: the bundled one). With ``check=True`` nothing is
    written; the report says what is out of date. ``relabel=True`` rewrites label cells that no
    longer match (after a term was renamed) instead of rejecting them.
    """
    root = Path(folder) if folder is not None else ontology_dir()
    kn = read_templates(templates_dir(root))
    try:
        mapping_set = read_sssom(mappings_path(root))
    except InputError:
        raise
    except KgError as error:
        raise InputError(str(error)) from None
    labels = label_index(root, kn)
    template_texts, filled = _template_texts(kn, labels, relabel)

    out = components_dir(root)
    wanted: dict[Path, str] = {}
    for topic in kn.topics():
        if f"{topic}.ttl" == MAPPINGS_COMPONENT:
            raise InputError(f"templates/{topic}.*.tsv: the topic name {topic!r} is reserved for the SSSOM component")
        wanted[out / f"{topic}.ttl"] = component_turtle(kn, topic)
    wanted[out / MAPPINGS_COMPONENT] = mapping_component(mapping_set)

    report = SyncReport(root, checked=check, labels_filled=filled)
    report.templates = sorted(template_texts)
    for path, text in sorted(wanted.items()):
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            report.components.append(path)
    if out.is_dir():
        for path in sorted(out.glob("*.ttl")):
            if path not in wanted:
                if not path.read_text(encoding="utf-8").startswith(GENERATED_MARK):
                    raise InputError(f"{path}: a hand-made file in components/ (only `kgtools sync` writes there); "
                                     "move it into xsco-edit.ttl or a template")
                report.removed.append(path)
    if check:
        return report
    out.mkdir(exist_ok=True)
    for path in report.templates:
        write_atomic(path, template_texts[path])
    for path in report.components:
        write_atomic(path, wanted[path])
    for path in report.removed:
        path.unlink()
    return report
