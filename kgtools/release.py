"""Releases: every artefact built from the sources in one step, behind gates, written all at once.

``release()`` loads the sources, stamps the version (``owl:versionIRI``, ``owl:versionInfo``),
runs the gates in order - reasoning (no inconsistency, no unsatisfiable class), validation (no
result of severity ERROR), competency questions (all pass) - builds every artefact in a temporary
folder beside the output folder, writes the semantic diff against the previous release and the
release notes, and only then moves the folder into place. A failing gate raises
:class:`ReleaseError` and leaves the output folder exactly as it was.

Artefacts (see :data:`ARTEFACTS`): ``xsco.ttl`` (xsco-edit.ttl merged with the components,
versioned); the "base" variant (asserted axioms only) and the "full" variant (with the inferred
class hierarchy materialised), each as Turtle, RDF/XML (``.owl``) and OWL/XML (``.owx``); JSON-LD,
OBO 1.4, OBO Graphs JSON, the SSSOM mapping set and KGX nodes/edges (all written by
:mod:`kgtools.export`);
``diff.md``/``diff.json`` against the previous release, ``release-notes.md`` and ``manifest.json``
(size and SHA-256 of every artefact).
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from . import progress
from .cqs import CQResult, check_cqs
from .errors import KgError
from .export import render, to_kgx
from .fileio import pid_alive
from .kg import KnowledgeGraph, load
from .ontodiff import CHANGE_KINDS, OntologyDiff, diff, release_file, snapshot
from .prefixes import PREFIX_MAP
from .resources import data_dir
from .store import ASSERTED, INFERRED
from .vocab import ONTOLOGY_IRI, XSCO_BASE

__all__ = ["DEFAULT_GATES", "VERSION_PATTERN", "GateResult", "Release", "ReleaseError", "release"]

VERSION_IRI = XSCO_BASE + "releases/{version}/xsco.owl"
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


class ReleaseError(KgError):
    """A gate failed (or the release could not be built); nothing was written."""

    def __init__(self, message: str, gates: Sequence[GateResult] = ()) -> None:
        self.gates = list(gates)
        super().__init__(message)


@dataclass(frozen=True)
class GateResult:
    """The outcome of one release gate."""

    name: str
    passed: bool
    summary: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Release:
    """A finished release: where it is, what it holds, which gates it passed."""

    version: str
    folder: Path
    artefacts: tuple[str, ...]
    gates: tuple[GateResult, ...]
    diff: OntologyDiff
    previous: str = "(empty)"
    counts: dict[str, int] = field(default_factory=dict)


# --- gates -------------------------------------------------------------------------------------


def reasoning_gate(kg: KnowledgeGraph, reasoner: str = "hermit", allow_rl: bool = False) -> GateResult:
    """The ontology is consistent and every class is satisfiable (a real DL reasoner).

    When the DL reasoner cannot run (no Java) the gate fails - OWL 2 RL finds no
    unsatisfiable class - unless ``allow_rl`` (CLI: ``--allow-rl-gate``) accepts OWL 2 RL instead.
    """
    result = kg.reason(reasoner=reasoner)
    unsat = [str(t) for t in result.unsatisfiable]
    passed = bool(result.consistent) and not unsat
    name = f"reasoning ({result.reasoner})"
    if result.reasoner != reasoner and not allow_rl:
        return GateResult(
            name, False,
            f"{reasoner} could not run ({(result.message or 'no Java').split(':')[0]}); a release needs a DL "
            "reasoner: install Java, or give --allow-rl-gate to accept OWL 2 RL (it finds no unsatisfiable class)",
            tuple(unsat),
        )
    if not result.consistent:
        return GateResult(name, False, "the ontology is inconsistent", tuple(unsat))
    if unsat:
        return GateResult(name, False, f"{len(unsat)} unsatisfiable class(es)", tuple(unsat))
    return GateResult(name, passed, f"consistent, no unsatisfiable class, {result.inferred} inferred triples")


def validation_gate(kg: KnowledgeGraph) -> GateResult:
    """No SHACL or QC result of severity ERROR."""
    report = kg.validate()
    errors = [
        r
        for r in report.results
        if str(r.severity).upper().endswith("ERROR") or str(r.severity).upper().endswith("VIOLATION")
    ]
    others = len(report.results) - len(errors)
    details = tuple(f"{r.rule}: {r.focus} {r.message}" for r in errors)
    summary = f"{len(errors)} error(s), {others} warning/info result(s)"
    return GateResult("validation", not errors, summary, details)


def cq_gate(kg: KnowledgeGraph) -> GateResult:
    """Every competency question returns its expected answer."""
    results = check_cqs(kg)
    failed = [r for r in results if not r.passed]
    skipped = [r for r in results if r.skipped]
    details = tuple(f"{r.name}: {r.error or _cq_problem(r)}" for r in failed)
    summary = f"{len(results) - len(failed) - len(skipped)}/{len(results)} passed"
    if skipped:
        summary += f", {len(skipped)} skipped ({'; '.join(f'{r.name}: {r.skipped}' for r in skipped)})"
    return GateResult("competency questions", not failed, summary, details)


def _cq_problem(result: CQResult) -> str:
    return "missing " + ", ".join(result.missing) if result.missing else "unexpected " + ", ".join(result.unexpected)


Gate = Callable[[KnowledgeGraph], GateResult]
DEFAULT_GATES: tuple[Gate, ...] = (reasoning_gate, validation_gate, cq_gate)


# --- artefacts ---------------------------------------------------------------------------------


def _versioned(graph: rdflib.Graph, version: str) -> rdflib.Graph:
    ontology = rdflib.URIRef(ONTOLOGY_IRI)
    graph.remove((ontology, OWL.versionIRI, None))
    graph.remove((ontology, OWL.versionInfo, None))
    graph.add((ontology, RDF.type, OWL.Ontology))
    graph.add((ontology, OWL.versionIRI, rdflib.URIRef(VERSION_IRI.format(version=version))))
    graph.add((ontology, OWL.versionInfo, rdflib.Literal(version)))
    return graph


def _graph(kg: KnowledgeGraph, graph: str) -> rdflib.Graph:
    out = rdflib.Graph()
    for triple in kg.store.triples(graph):
        out.add(triple)
    _bind(out)
    return out


def _bind(graph: rdflib.Graph) -> None:
    for prefix, namespace in PREFIX_MAP.items():
        if prefix not in ("rdf", "rdfs", "owl", "xsd"):
            graph.bind(prefix, namespace, override=True)


def _full(base: rdflib.Graph, kg: KnowledgeGraph) -> rdflib.Graph:
    """Base plus the inferred subclass hierarchy between named classes."""
    full = rdflib.Graph()
    for triple in base:
        full.add(triple)
    for s, p, o in kg.store.triples(INFERRED):
        if (
            p == RDFS.subClassOf
            and isinstance(s, rdflib.URIRef)
            and isinstance(o, rdflib.URIRef)
            and s != o
            and o != OWL.Thing
        ):
            full.add((s, p, o))
    _bind(full)
    return full


# (file name, variant, export format): every single-file artefact of a release.
ARTEFACTS = (
    ("xsco.ttl", "base", "ttl"),
    ("xsco-base.ttl", "base", "ttl"),
    ("xsco-base.owl", "base", "rdfxml"),
    ("xsco-base.owx", "base", "owx"),
    ("xsco-full.ttl", "full", "ttl"),
    ("xsco-full.owl", "full", "rdfxml"),
    ("xsco-full.owx", "full", "owx"),
    ("xsco.jsonld", "base", "jsonld"),
    ("xsco.obo", "base", "obo"),
    ("xsco.json", "base", "obographs"),
)


def _write_artefacts(kg: KnowledgeGraph, version: str, folder: Path) -> list[str]:
    """Write every artefact of the release into ``folder``; return the file names."""
    variants = {"base": _versioned(_graph(kg, ASSERTED), version)}
    variants["full"] = _versioned(_full(variants["base"], kg), version)
    written = []
    rendered: dict[tuple[str, str], str | bytes] = {}  # xsco.ttl and xsco-base.ttl are one text
    for name, variant, fmt in ARTEFACTS:
        if (variant, fmt) not in rendered:
            rendered[variant, fmt] = render(variants[variant], fmt)
        text = rendered[variant, fmt]
        (folder / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        written.append(name)
    mappings = data_dir("ontology") / "mappings" / "xsco.sssom.tsv"
    shutil.copyfile(mappings, folder / "xsco.sssom.tsv")  # the curated set, with its full metadata
    nodes, edges = to_kgx(variants["base"])
    (folder / "xsco_kgx_nodes.tsv").write_text(nodes, encoding="utf-8")
    (folder / "xsco_kgx_edges.tsv").write_text(edges, encoding="utf-8")
    return [*written, "xsco.sssom.tsv", "xsco_kgx_nodes.tsv", "xsco_kgx_edges.tsv"]


def _manifest(folder: Path, names: Sequence[str]) -> dict[str, Any]:
    entries = {}
    for name in sorted(names):
        data = (folder / name).read_bytes()
        entries[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return entries


def _notes(
    version: str, date: str, gates: Sequence[GateResult], diff: OntologyDiff, info: dict[str, Any], names: Sequence[str]
) -> str:
    lines = [
        f"# XSCO {version} ({date})",
        "",
        f"Version IRI: {VERSION_IRI.format(version=version)}",
        "",
        f"{info['classes']} classes, {info['associations']} associations, {info['triples_asserted']} asserted triples.",
        "",
        "## Gates",
        "",
    ]
    lines += [f"- {'passed' if g.passed else 'FAILED'}: {g.name}: {g.summary}" for g in gates]
    lines += ["", f"## Changes since {diff.old}", ""]
    counts = diff.counts()
    if counts:
        lines += [f"- {CHANGE_KINDS[k]}: {n}" for k, n in counts.items()]
        lines += ["", "The full list is in `diff.md` (and `diff.json`)."]
    else:
        lines.append("No semantic changes.")
    lines += ["", "## Artefacts", ""] + [f"- `{n}`" for n in sorted(names)]
    return "\n".join(lines) + "\n"


def _previous_source(previous: str | os.PathLike[str] | None, output: Path) -> Any:
    if previous is not None:
        path = Path(previous)
        if not path.exists():
            raise KgError(f"previous release not found: {previous}")
        return path
    if (output / "xsco.ttl").is_file():
        return output
    return None


def _release_name(source: Path | None) -> str:
    """'XSCO 0.1.0 (path)' for an earlier release, '(empty)' for none."""
    if source is None:
        return "(empty)"
    path = release_file(source) if source.is_dir() else source
    version = load(path).info().get("version")
    return f"XSCO {version} ({source})" if version else str(source)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with renameat2(RENAME_EXCHANGE) (Linux); False where unsupported."""
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _replace_folder(built: Path, output: Path) -> None:
    """Put ``built`` in place of ``output`` so that ``output`` always exists, complete, old or new.

    Where the kernel and file system allow it, the two folders are exchanged in one
    atomic step (renameat2 RENAME_EXCHANGE) and the old one, now at ``built``, is removed; a kill
    at any moment leaves either the old or the new release at ``output``. Elsewhere two renames
    remain (the old folder is put back if the second fails).
    """
    if output.exists():
        if _exchange(built, output):
            shutil.rmtree(built, ignore_errors=True)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-{os.getpid()}-", dir=output.parent))
        old.rmdir()
        os.replace(output, old)
        try:
            os.replace(built, output)
        except BaseException:
            os.replace(old, output)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(built, output)


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the build and old folders (``.NAME.build-PID-*``, ``.NAME.old-PID-*``) of killed releases."""
    removed = []
    for kind in ("build", "old"):
        for leftover in out.parent.glob(f".{out.name}.{kind}-*"):
            pid = leftover.name.split(f".{kind}-", 1)[1].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid)):
                continue  # another release is running
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


# --- the release -------------------------------------------------------------------------------


def release(
    version: str | None = None,
    output: str | os.PathLike[str] = "release",
    sources: Sequence[str | os.PathLike[str]] = (),
    previous: str | os.PathLike[str] | None = None,
    gates: Sequence[Gate] = DEFAULT_GATES,
    date: str | None = None,
    allow_rl_gate: bool = False,
) -> Release:
    """Build a release into ``output`` behind the gates; see the module docstring.

    ``allow_rl_gate``: let the reasoning gate pass on OWL 2 RL when no DL reasoner can run.
    """

    out = Path(output)
    if out.exists() and not out.is_dir():
        raise KgError(f"output is not a folder: {output}")
    if not out.parent.is_dir():
        raise KgError(f"folder does not exist: {out.parent}")
    kg = load(*sources)
    info = kg.info()
    version = version or str(info.get("version") or "")
    if not VERSION_PATTERN.match(version):
        raise KgError(f"version {version!r} is not of the form X.Y.Z")
    if allow_rl_gate:
        gates = [functools.partial(reasoning_gate, allow_rl=True) if g is reasoning_gate else g for g in gates]
    with progress.steps("release", [*(_gate_name(g) for g in gates), "diff", "artefacts"]) as step:
        results = []
        for gate in gates:
            step(_gate_name(gate))
            results.append(gate(kg))
        failed = [g for g in results if not g.passed]
        if not failed:
            step("diff")
            prev = _previous_source(previous, out)
            changes = diff(snapshot(prev, name=_release_name(prev)), snapshot(kg, name=f"XSCO {version}"))
            step("artefacts")
            return _build(kg, version, out, date, info, results, changes)
    which = ", ".join(f"{g.name} ({g.summary})" for g in failed)
    raise ReleaseError(f"release {version} stopped by failing gate(s): {which}; nothing was written", results)


def _gate_name(gate: Gate) -> str:
    """A gate's name for the progress bar (a functools.partial of a gate function included)."""
    func = getattr(gate, "func", gate)
    return str(getattr(func, "__name__", "gate")).removesuffix("_gate")


def _build(
    kg: KnowledgeGraph, version: str, out: Path, date: str | None, info: dict[str, Any], results: list[GateResult],
    changes: OntologyDiff,
) -> Release:
    """Write the release's artefacts into a build folder beside ``out`` and move it into place."""
    date = date or _dt.date.today().isoformat()
    remove_leftovers(out)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-{os.getpid()}-", dir=out.parent))
    building.chmod(0o755)
    try:
        names = _write_artefacts(kg, version, building)
        (building / "diff.md").write_text(changes.to_markdown(), encoding="utf-8")
        (building / "diff.json").write_text(changes.to_json(), encoding="utf-8")
        (building / "release-notes.md").write_text(
            _notes(version, date, results, changes, info, names), encoding="utf-8"
        )
        names += ["diff.md", "diff.json", "release-notes.md"]
        manifest = {
            "version": version,
            "date": date,
            "gates": [g.__dict__ for g in results],
            "artefacts": _manifest(building, names),
        }
        (building / "manifest.json").write_text(json.dumps(manifest, indent=2, default=list), encoding="utf-8")
        names.append("manifest.json")
        _replace_folder(building, out)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return Release(version, out, tuple(sorted(names)), tuple(results), changes, changes.old, changes.counts())
