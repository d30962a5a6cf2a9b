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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, KgError
from .fileio import write_atomic
from .idranges import IdRange, next_free_id, number, owner_of, read_ranges
from .link import mapping_component, read_sssom
from .prefixes import compress, expand
from .resources import (
    components_dir,
    edit_path,
    editable_ontology_dir,
    mappings_path,
    ontology_dir,
    ontology_paths,
    templates_dir,
)
from .vocab import RDFS_LABEL
from .templates import GENERATED_MARK, TERM_COLUMNS, Knowledge, LabelCell, component_turtle, read_templates, topic_of

__all__ = ["FIXED_LABELS", "NewTerm", "SyncReport", "label_index", "new_term", "sync"]

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


_LABEL = ox.NamedNode(RDFS_LABEL)


def label_index(folder: Path, kn: Knowledge) -> dict[str, str]:
    """IRI -> label for everything the templates may point at: the edit file's labelled IRIs,
    the terms and schemes of the templates (which win) and :data:`FIXED_LABELS`."""
    labels: dict[str, str] = {}
    for triple in _turtle_triples(edit_path(folder)):
        s, o = triple.subject, triple.object
        if (triple.predicate == _LABEL and isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal)
                and o.language in (None, "en")):
            labels.setdefault(s.value, o.value)
    for curie, label in FIXED_LABELS.items():
        labels[expand(curie) or curie] = label
    for term in kn.terms:
        labels[expand(term.id) or term.id] = term.label
    for scheme in kn.schemes:
        labels[expand(scheme.id) or scheme.id] = scheme.label
    return labels


def _turtle_triples(path: Path) -> Iterator[ox.Triple]:
    """The triples of a Turtle file, streamed by pyoxigraph (rdflib built a graph of the edit file
    first: ~0.75 s against ~0.05 s); a missing or broken file is one :class:`InputError`."""
    try:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except (SyntaxError, ValueError, UnicodeDecodeError) as error:
        raise InputError(f"{path.name}: not valid Turtle: {' '.join(str(error).split())[:300]}") from None


def _check_ranges(kn: Knowledge, ranges: list[IdRange]) -> None:
    """Every XSCO ID a template defines lies in its topic's range (when the topic has one) and in no
    other owner's range."""
    owners = {r.owner for r in ranges}
    defined = [(t.id, t.where) for t in kn.terms] + [(s.id, s.where) for s in kn.schemes]
    for curie, at in defined:
        n = number(curie)
        if n is None:
            continue
        topic = topic_of(at)
        found = owner_of(n, ranges)
        if (found is None and topic in owners) or (found is not None and found.owner != topic):
            where = f"the range of {found.owner}" if found else "no range"
            raise InputError(f"{at}: {curie} lies in {where}, not in the range of {topic} (templates/id-ranges.tsv)")


def _expected(cell: LabelCell, labels: dict[str, str]) -> str:
    found = []
    for curie in cell.curies:
        part_of = curie.startswith("part_of ")  # a part-of parent (templates.PART_OF): "part of <label>"
        curie = curie[len("part_of "):].strip() if part_of else curie
        label = labels.get(expand(curie) or curie)
        if label is not None and part_of:
            label = f"part of {label}"
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
    root = ontology_dir() if folder is None and check else editable_ontology_dir(folder)
    kn = read_templates(templates_dir(root))
    _check_ranges(kn, read_ranges(templates_dir(root)))
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


# --- new-term ---------------------------------------------------------------------------------


@dataclass
class NewTerm:
    """A term minted by :func:`new_term`: its CURIE, the row added and the sync that followed."""

    curie: str
    label: str
    parent: str
    template: Path
    line: int
    report: SyncReport


def _used_numbers(root: Path, kn: Knowledge) -> set[int]:
    """Every XSCO number in use: any IRI of the merged ontology (subject, predicate or object) and
    any XSCO CURIE a template row mentions (rows not synced yet count too)."""
    used: set[int] = set()
    for path in ontology_paths(root):
        for triple in _turtle_triples(path):
            for node in (triple.subject, triple.predicate, triple.object):
                n = number(node.value) if isinstance(node, ox.NamedNode) else None
                if n is not None:
                    used.add(n)
    for term in kn.terms:
        used.update(n for n in (number(c) for c in (term.id, *term.parents)) if n is not None)
    for s in kn.statements:
        used.update(n for n in (number(c) for c in (s.subject, s.object, s.scheme)) if n is not None)
    used.update(n for n in (number(sc.id) for sc in kn.schemes) if n is not None)
    return used


def _resolve(parent: str, labels: dict[str, str]) -> str:
    """A parent given as a CURIE or an exact label, as a CURIE with a label."""
    iri = expand(parent) if ":" in parent else None
    if iri is not None and iri in labels:
        return compress(iri)
    matches = sorted({iri for iri, label in labels.items() if label.lower() == parent.lower()})
    if len(matches) == 1:
        return compress(matches[0])
    if matches:
        raise InputError(f"parent {parent!r} is the label of several terms: {', '.join(map(compress, matches))}")
    raise InputError(f"parent {parent!r} is not a labelled term of the ontology (give its CURIE or exact label)")


def new_term(
    label: str,
    parent: str,
    template: str | None = None,
    definition: str = "",
    folder: str | os.PathLike[str] | None = None,
) -> NewTerm:
    """Mint the next free XSCO ID of ``template``'s range, add a row for it to
    ``templates/<template>.terms.tsv`` and regenerate the components.

    ``parent`` is a CURIE or an exact label. ``template`` defaults to the topic whose terms template
    defines the parent (``core`` when the parent is in the edit file or external). On any error the
    template is left as it was.
    """
    root = editable_ontology_dir(folder)
    label, definition = " ".join(label.split()), " ".join(definition.split())
    if not label or "|" in label:
        raise InputError("a label is needed, without '|'")
    if "\t" in definition:
        raise InputError("a definition cannot contain a tab")
    kn = read_templates(templates_dir(root))
    labels = label_index(root, kn)
    taken = [iri for iri, existing in labels.items() if existing.lower() == label.lower()]
    if taken:
        raise InputError(f"{label!r} is already the label of {compress(taken[0])}")
    parent_curie = _resolve(parent, labels)
    if template is None:
        defined = next((t for t in kn.terms if t.id == parent_curie), None)
        template = topic_of(defined.where) if defined and topic_of(defined.where) != "external" else "core"
    path = templates_dir(root) / f"{template}.terms.tsv"
    if not path.is_file():
        topics = sorted(p.name.split(".", 1)[0] for p in templates_dir(root).glob("*.terms.tsv"))
        raise InputError(f"no template {template!r}: one of {', '.join(topics)}")
    curie = next_free_id(template, read_ranges(templates_dir(root)), _used_numbers(root, kn))

    original = path.read_text(encoding="utf-8")
    header = original.split("\n", 1)[0].rstrip("\r").split("\t")
    missing = [c for c in TERM_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {', '.join(missing)}")
    cells = dict.fromkeys(header, "")
    cells.update(id=curie, label=label, parent=parent_curie, definition=definition)
    body = original if original.endswith("\n") or not original else original + "\n"
    write_atomic(path, body + "\t".join(cells[c] for c in header) + "\n")
    try:
        report = sync(root)
    except BaseException:
        write_atomic(path, original)
        raise
    line = len(body.split("\n"))
    return NewTerm(curie, label, parent_curie, path, line, report)
