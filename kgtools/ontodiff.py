"""A semantic diff between two versions of an ontology (not a text diff).

Each version is reduced to a :class:`Snapshot`: its terms (label, definition, synonyms, xrefs,
named parents, deprecation and replacement, mappings) and its associations (keyed by their IRI,
which is stable and never reused, or by subject/predicate/object/source for blank nodes). The
:class:`OntologyDiff` lists one :class:`Change` per difference, grouped by kind, and renders as
Markdown (labels beside IDs, like ROBOT diff and OAK diff), JSON or TSV.

Versions can be files (any RDF format kgtools reads), release folders (their ``xsco.ttl``), git
revisions of the ontology folder (:func:`snapshot_from_git`) or loaded graphs.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib.term import URIRef

from .errors import KgError
from .kg import KnowledgeGraph, load
from .prefixes import compress
from .query import run_query
from .resources import EDIT_FILE, ontology_paths
from .store import INFERRED
from .vocab import DEFINITION, DEPRECATED, OBO, RDFS, RDFS_LABEL, SKOS, SYNONYM_PROPERTIES, XREF

__all__ = ["CHANGE_KINDS", "Change", "OntologyDiff", "Snapshot", "diff", "snapshot", "snapshot_from_git"]

# Change kinds, in the order they are reported.
CHANGE_KINDS = {
    "term_added": "Terms added",
    "term_removed": "Terms removed",
    "term_obsoleted": "Terms obsoleted",
    "term_unobsoleted": "Terms no longer obsolete",
    "label_changed": "Labels changed",
    "definition_changed": "Definitions changed",
    "synonym_added": "Synonyms added",
    "synonym_removed": "Synonyms removed",
    "xref_added": "Cross-references added",
    "xref_removed": "Cross-references removed",
    "parent_added": "Parents added",
    "parent_removed": "Parents removed",
    "inferred_parent_added": "Inferred parents added",
    "inferred_parent_removed": "Inferred parents removed",
    "association_added": "Associations added",
    "association_removed": "Associations removed",
    "association_changed": "Associations changed",
    "mapping_added": "Mappings added",
    "mapping_removed": "Mappings removed",
}

_SKOS = SKOS
_LABEL = RDFS_LABEL
_DEFINITION = DEFINITION
_SUBCLASS = RDFS + "subClassOf"
_XREF = XREF
_DEPRECATED = DEPRECATED
_REPLACED_BY = OBO + "IAO_0100001"


@dataclass
class TermState:
    """What the diff compares of one term."""

    label: str | None = None
    definition: str | None = None
    synonyms: set[tuple[str, str]] = field(default_factory=set)
    xrefs: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)
    inferred_parents: set[str] = field(default_factory=set)
    mappings: set[tuple[str, str]] = field(default_factory=set)
    deprecated: bool = False
    replaced_by: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class AssociationState:
    """What the diff compares of one association."""

    subject: str
    predicate: str
    object: str
    source: str | None
    qualifier: str | None
    open_list: bool
    negated: bool
    text: str | None


@dataclass
class Snapshot:
    """One version of an ontology, reduced to what a curator compares."""

    name: str
    terms: dict[str, TermState]
    associations: dict[str, AssociationState]

    def label(self, iri: str) -> str | None:
        """The label of ``iri`` in this version, if it has one."""
        state = self.terms.get(iri)
        return state.label if state else None


@dataclass(frozen=True)
class Change:
    """One difference between two versions."""

    kind: str
    term: str
    label: str | None
    old: str | None = None
    new: str | None = None
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict (term as CURIE)."""
        out = asdict(self)
        out["term"] = compress(self.term)
        return out


@dataclass(frozen=True)
class OntologyDiff:
    """Every change from ``old`` to ``new``, in a stable order."""

    old: str
    new: str
    changes: tuple[Change, ...]

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_kind(self, kind: str) -> list[Change]:
        """The changes of one kind (see CHANGE_KINDS)."""
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> dict[str, int]:
        """Number of changes per kind (kinds with none left out)."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return counts

    def to_json(self) -> str:
        """Machine-readable: old, new, counts and the list of changes."""
        return json.dumps(
            {"old": self.old, "new": self.new, "counts": self.counts(), "changes": [c.as_dict() for c in self.changes]},
            indent=2,
            ensure_ascii=False,
        )

    def to_tsv(self) -> str:
        """One row per change."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, dialect="excel-tab", lineterminator="\n")
        writer.writerow(["kind", "term", "label", "old", "new", "detail"])
        for c in self.changes:
            writer.writerow([c.kind, compress(c.term), c.label or "", c.old or "", c.new or "", c.detail or ""])
        return buffer.getvalue()

    def to_markdown(self) -> str:
        """Readable Markdown, grouped by kind of change, with labels beside IDs."""
        lines = [f"# Ontology diff: {self.old} → {self.new}", ""]
        if not self.changes:
            return "\n".join([*lines, "No semantic changes.", ""])
        lines += ["| change | count |", "|---|---|"]
        lines += [f"| {CHANGE_KINDS[k]} | {n} |" for k, n in self.counts().items()]
        for kind, title in CHANGE_KINDS.items():
            changes = self.of_kind(kind)
            if not changes:
                continue
            lines += ["", f"## {title} ({len(changes)})", ""]
            for c in changes:
                who = f"{compress(c.term)} *{c.label}*" if c.label else compress(c.term)
                text = f"- {who}"
                if c.old is not None and c.new is not None:
                    text += f": {_md(c.old)} → {_md(c.new)}"
                elif c.new is not None:
                    text += f": {_md(c.new)}"
                elif c.old is not None:
                    text += f": {_md(c.old)}"
                if c.detail:
                    text += f" ({c.detail})"
                lines.append(text)
        return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    return f"`{value}`" if value.startswith(("http", "XSCO:", "UBERON:")) or ":" in value[:12] else f"“{value}”"


# --- snapshots ---------------------------------------------------------------------------------


def snapshot(source: Any, name: str | None = None, reasoned: bool = False) -> Snapshot:
    """Reduce a version to a :class:`Snapshot`.

    ``source`` is a KnowledgeGraph, a file, a release folder (its ``xsco.ttl``), an ontology source
    folder (its ``xsco-edit.ttl`` and ``components/*.ttl``) or None (an empty ontology, e.g. before
    the first release). ``reasoned`` runs the reasoner first, so that the inferred class hierarchies
    are compared too.
    """
    if source is None:
        return Snapshot(name or "(empty)", {}, {})
    if isinstance(source, KnowledgeGraph):
        kg, label = source, name or "(loaded graph)"
    else:
        path = Path(source)
        if path.is_dir() and (path / EDIT_FILE).is_file():
            kg = load(*ontology_paths(path))
        else:
            kg = load(release_file(path) if path.is_dir() else path)
        label = name or str(source)
    if reasoned:
        kg.reason()
    return _snapshot_of(kg, label)


def release_file(folder: Path) -> Path:
    """The ontology file of a release folder (xsco.ttl, else xsco-base.ttl, xsco.owl, xsco-full.owl)."""
    for candidate in ("xsco.ttl", "xsco-base.ttl", "xsco.owl", "xsco-full.owl"):
        if (folder / candidate).is_file():
            return folder / candidate
    raise KgError(f"no XSCO release file (xsco.ttl, xsco.owl, ...) in folder {folder}")


def _snapshot_of(kg: KnowledgeGraph, name: str) -> Snapshot:
    terms: dict[str, TermState] = {}
    inferred = {"inferred": URIRef(INFERRED)}
    for row in run_query(kg.store, "snapshot-terms", inferred).rows:
        s, p, o = str(row["s"]), str(row["p"]), row["o"]
        state = terms.setdefault(s, TermState())
        value = str(o)
        if p == _LABEL:
            state.label = value if state.label is None else min(state.label, value)
        elif p == _DEFINITION:
            state.definition = value if state.definition is None else min(state.definition, value)
        elif p in SYNONYM_PROPERTIES:
            state.synonyms.add((SYNONYM_PROPERTIES[p], value))
        elif p == _XREF:
            state.xrefs.add(value)
        elif p == _DEPRECATED:
            state.deprecated = value.lower() in ("true", "1")
        elif p == _REPLACED_BY:
            state.replaced_by.add(compress(value))
        elif p == _SUBCLASS:
            if value.startswith(("http://", "https://")):
                state.parents.add(value)
        elif p.startswith(_SKOS):
            state.mappings.add((compress(p), compress(value)))
    for row in run_query(kg.store, "snapshot-inferred-parents", inferred).rows:
        terms.setdefault(str(row["s"]), TermState()).inferred_parents.add(str(row["o"]))
    # a term is something with a label, a definition or a synonym; other subjects only carry axioms
    terms = {iri: t for iri, t in terms.items() if t.label or t.definition or t.synonyms}
    associations: dict[str, AssociationState] = {}
    for row in run_query(kg.store, "snapshot-associations").rows:
        assoc = AssociationState(
            subject=str(row["s"]),
            predicate=str(row["p"]),
            object=str(row["o"]),
            source=str(row["source"]) if "source" in row else None,
            qualifier=str(row["qualifier"]) if "qualifier" in row else None,
            open_list=str(row.get("open_list", "")).lower() in ("true", "1"),
            negated=str(row.get("negated", "")).lower() in ("true", "1"),
            text=str(row["text"]) if "text" in row else None,
        )
        node = str(row["a"])
        key = (
            node
            if node.startswith(("http://", "https://"))
            else f"{assoc.subject} {assoc.predicate} {assoc.object} {assoc.source}"
        )
        associations[key] = assoc
    return Snapshot(name, terms, associations)


def _git(repo: str | Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise KgError("git is not installed; it is needed for --git") from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip().splitlines()
        raise KgError(f"git {args[0]} failed: {message[-1] if message else 'no message'}") from None


def snapshot_from_git(revision: str, path: str = "ontology", repo: str | Path = ".") -> Snapshot:
    """A snapshot of the ontology at ``path`` as it was at git ``revision`` of ``repo``.

    ``path`` is a file, or an ontology folder: its ``xsco-edit.ttl`` with ``components/*.ttl``
    (the ODK layout) or, at revisions before that layout, its single ``xsco.ttl``.
    """
    # The revision is resolved to a commit id first, so text such as --output=/tmp/x never
    # reaches git as an option
    if revision.startswith("-") or path.startswith("-"):
        raise KgError(f"not a git revision: {revision!r}" if revision.startswith("-") else f"not a path: {path!r}")
    try:
        commit = f"{revision}^{{commit}}"
        revision = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", commit).decode().strip()
    except KgError:
        raise KgError(f"not a git revision of {repo}: {revision!r}") from None
    listed = _git(repo, "ls-tree", "-r", "--name-only", "--full-tree", revision, "--", path).decode().split("\n")
    files = [f for f in listed if f]
    folder = path.rstrip("/")
    edit = f"{folder}/{EDIT_FILE}"
    if edit in files:
        wanted = [edit, *sorted(f for f in files if f.startswith(f"{folder}/components/") and f.endswith(".ttl"))]
    elif f"{folder}/xsco.ttl" in files:
        wanted = [f"{folder}/xsco.ttl"]
    elif files == [folder]:
        wanted = files
    else:
        raise KgError(f"cannot read {path} at git revision {revision!r}: no ontology file there")
    with tempfile.TemporaryDirectory(prefix="kgtools-diff-") as tmp:
        targets = []
        for n, name in enumerate(wanted):
            target = Path(tmp) / f"{n:03d}-{Path(name).name}"
            target.write_bytes(_git(repo, "show", f"{revision}:{name}"))
            targets.append(target)
        return _snapshot_of(load(*targets), f"{revision}:{path}")


# --- the diff ----------------------------------------------------------------------------------


def diff(old: Any, new: Any) -> OntologyDiff:
    """The semantic diff from ``old`` to ``new`` (snapshots, graphs, files, release folders or None)."""
    a = old if isinstance(old, Snapshot) else snapshot(old)
    b = new if isinstance(new, Snapshot) else snapshot(new)
    changes: list[Change] = []
    for iri in sorted(set(a.terms) | set(b.terms)):
        changes += _term_changes(iri, a.terms.get(iri), b.terms.get(iri), a, b)
    for key in sorted(set(a.associations) | set(b.associations)):
        changes += _association_changes(key, a.associations.get(key), b.associations.get(key), a, b)
    order = {kind: i for i, kind in enumerate(CHANGE_KINDS)}
    changes.sort(key=lambda c: (order[c.kind], c.term, c.old or "", c.new or "", c.detail or ""))
    return OntologyDiff(a.name, b.name, tuple(changes))


def _term_changes(iri: str, old: TermState | None, new: TermState | None, a: Snapshot, b: Snapshot) -> list[Change]:
    label = (new.label if new else None) or (old.label if old else None)
    if old is None and new is not None:
        return [Change("term_added", iri, label)]
    if new is None and old is not None:
        return [Change("term_removed", iri, label)]
    assert old is not None and new is not None
    out: list[Change] = []
    if new.deprecated and not old.deprecated:
        replacement = ", ".join(sorted(new.replaced_by)) or None
        out.append(Change("term_obsoleted", iri, label, detail=f"replaced by {replacement}" if replacement else None))
    elif old.deprecated and not new.deprecated:
        out.append(Change("term_unobsoleted", iri, label))
    if old.label != new.label:
        out.append(Change("label_changed", iri, label, old=old.label, new=new.label))
    if old.definition != new.definition:
        out.append(Change("definition_changed", iri, label, old=old.definition, new=new.definition))
    out += _set_changes(
        "synonym", iri, label, {f"{t} ({s})" for s, t in old.synonyms}, {f"{t} ({s})" for s, t in new.synonyms}
    )
    out += _set_changes("xref", iri, label, old.xrefs, new.xrefs)
    out += _set_changes("parent", iri, label, old.parents, new.parents, names=(a, b))
    out += _set_changes("inferred_parent", iri, label, old.inferred_parents, new.inferred_parents, names=(a, b))
    out += _set_changes(
        "mapping", iri, label, {f"{p} {o}" for p, o in old.mappings}, {f"{p} {o}" for p, o in new.mappings}
    )
    return out


def _set_changes(
    kind: str,
    iri: str,
    label: str | None,
    old: Iterable[str],
    new: Iterable[str],
    names: tuple[Snapshot, Snapshot] | None = None,
) -> list[Change]:
    before, after = set(old), set(new)

    def shown(value: str, snap: Snapshot | None) -> tuple[str, str | None]:
        name = snap.label(value) if snap else None
        return compress(value), name

    out = []
    for value in sorted(after - before):
        text, name = shown(value, names[1] if names else None)
        out.append(Change(f"{kind}_added", iri, label, new=text, detail=name))
    for value in sorted(before - after):
        text, name = shown(value, names[0] if names else None)
        out.append(Change(f"{kind}_removed", iri, label, old=text, detail=name))
    return out


def _association_changes(
    key: str, old: AssociationState | None, new: AssociationState | None, a: Snapshot, b: Snapshot
) -> list[Change]:
    state = new or old
    assert state is not None
    snap = b if new else a
    subject = snap.label(state.subject) or compress(state.subject)
    who = f"{subject} {compress(state.predicate)} {snap.label(state.object) or compress(state.object)}"
    term = key if key.startswith(("http://", "https://")) else state.subject
    if old is None:
        return [Change("association_added", term, who, new=_describe(state))]
    if new is None:
        return [Change("association_removed", term, who, old=_describe(state))]
    changed = [
        f"{name}: {getattr(old, name)!r} → {getattr(new, name)!r}"
        for name in ("subject", "predicate", "object", "source", "qualifier", "open_list", "negated", "text")
        if getattr(old, name) != getattr(new, name)
    ]
    if not changed:
        return []
    return [Change("association_changed", term, who, old=_describe(old), new=_describe(new), detail="; ".join(changed))]


def _describe(state: AssociationState) -> str:
    parts = [f"qualifier={state.qualifier!r}" if state.qualifier else "unqualified"]
    if state.negated:
        parts.append("negated")
    if state.open_list:
        parts.append("open list")
    parts.append(f"source={state.source}")
    return ", ".join(parts)
