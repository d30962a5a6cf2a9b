"""Validation: SHACL shapes and SPARQL quality-control (QC) checks, in one report.

:func:`validate` checks a :class:`~kgtools.kg.KnowledgeGraph` (the ontology and any instance data
loaded into it, plus optional extra ``data`` files) against

* the SHACL shapes of ``ontology/shapes/*.ttl`` (or the ``shapes`` given), run by pyshacl - the
  reference engine - or by pyrudof (``validator="pyrudof"``, SHACL Core only: shapes files that use
  SHACL-SPARQL are still run by pyshacl, and the report says which engine ran which file). The
  default, ``validator="auto"``, gives pyshacl's results in less time: the store answers the
  SHACL-SPARQL targets and constraints (see :func:`_prepare_shapes`); when no SHACL-SPARQL is left
  and the rest uses only the SHACL Core constraints on which the tests check pyrudof against
  pyshacl rule by rule (:data:`_RUDOF_AGREES`), pyrudof runs it on the store's own N-Quads dump (no
  rdflib copy of the store, no pyshacl import) once the store holds :data:`AUTO_PYRUDOF_MIN_TRIPLES`
  triples; otherwise pyshacl runs as with ``"pyshacl"``;
* the QC queries of ``queries/qc/*.rq`` (or the ``qc`` folder given): ODK-style SELECT queries that
  must return no rows. Each file's header declares ``# severity: ERROR|WARN|INFO``, ``# title:``,
  ``# description:`` and optionally ``# message:`` (a template with ``{?var}`` placeholders); each
  row names the focus term in ``?entity`` (else the first variable) and may give ``?property`` and
  ``?value``.

Every problem becomes a :class:`ValidationResult` (severity, focus term with its label, path, value,
message, rule); the :class:`ValidationReport` renders them as text (grouped by severity and rule),
JSON or TSV. A report *conforms* when it has no ERROR; :meth:`ValidationReport.failed` applies
another threshold (``--fail-on WARN``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib.namespace import RDF, SH
from rdflib.term import BNode, Identifier, Literal, Node, URIRef

from .errors import EngineError, KgError, QueryError, ShapesError
from .fileio import write_atomic
from .prefixes import PREFIX_MAP, compress
from .query import NamedQuery, run_query
from .resources import qc_dir, shapes_dir
from .store import ASSERTED, OxigraphStore, check_readable, guess_format

if TYPE_CHECKING:
    from .protocols import KnowledgeBase

__all__ = [
    "ENGINES",
    "SEVERITIES",
    "QcRule",
    "ValidationReport",
    "ValidationResult",
    "known_prefixes_list",
    "known_prefixes_pattern",
    "load_qc_rules",
    "shape_files",
    "validate",
]

SEVERITIES = ("ERROR", "WARN", "INFO")
ENGINES = ("auto", "pyshacl", "pyrudof")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_SHAPES_SUFFIXES = (".ttl", ".nt", ".rdf", ".owl", ".jsonld", ".trig")
_SH_SEVERITY = {SH.Violation: "ERROR", SH.Warning: "WARN", SH.Info: "INFO"}
_RUDOF_SEVERITY = {"Violation": "ERROR", "Warning": "WARN", "Info": "INFO"}
# SHACL features outside SHACL Core (pyrudof does not run them).
_SPARQL_FEATURES = (SH.sparql, SH.target, SH.SPARQLTarget, SH.SPARQLConstraint, SH.rule)


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationResult:
    """One problem: which rule, at what severity, on which term (with its label), and why.

    ``focus``, ``path`` and ``value`` are CURIEs where a prefix covers the IRI (blank nodes as
    ``_:id``, literals as their text). ``rule`` is the shape's or QC query's name and ``source``
    says where the rule lives (``shapes/xsco-ontology.ttl``, ``qc/label-shared-violation.rq``).
    """

    severity: str
    rule: str
    focus: str
    message: str
    focus_label: str | None = None
    path: str | None = None
    value: str | None = None
    source: str = ""

    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (_RANK[self.severity], self.rule, self.focus, self.path or "", self.value or "")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` (no ERROR) and the sorted ``results``."""

    results: tuple[ValidationResult, ...]
    engine: str = "pyshacl"
    shapes: tuple[str, ...] = ()
    qc_rules: tuple[str, ...] = ()
    seconds: float = 0.0
    engines_used: tuple[tuple[str, str], ...] = ()  # (shapes file, engine that ran it)
    conforms: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "results", tuple(sorted(self.results, key=ValidationResult.sort_key)))
        object.__setattr__(self, "conforms", not any(r.severity == "ERROR" for r in self.results))

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[ValidationResult]:
        return iter(self.results)

    def counts(self) -> dict[str, int]:
        """Number of results per severity."""
        return {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITIES}

    def rules(self) -> list[str]:
        """Names of the rules with at least one result, sorted."""
        return sorted({r.rule for r in self.results})

    def failed(self, threshold: str = "ERROR") -> bool:
        """True when some result has severity ``threshold`` or worse (ERROR > WARN > INFO)."""
        if threshold not in _RANK:
            raise KgError(f"unknown severity {threshold!r}; use one of: {', '.join(SEVERITIES)}")
        return any(_RANK[r.severity] <= _RANK[threshold] for r in self.results)

    # --- renderers ---

    def to_text(self) -> str:
        """A readable report: a summary line, then the results grouped by severity and rule."""
        counts = self.counts()
        status = "PASSED" if self.conforms else "FAILED"
        tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no problems found"
        summary = (
            f"Validation {status}: {tally} "
            f"({len(self.shapes)} shapes file(s), {len(self.qc_rules)} QC rule(s), engine {self.engine}, "
            f"{self.seconds:.2f} s)"
        )
        lines = [summary]
        groups: dict[tuple[str, str], list[ValidationResult]] = {}
        for r in self.results:
            groups.setdefault((r.severity, r.rule), []).append(r)
        for (severity, rule), items in groups.items():
            lines.append("")
            lines.append(f"{severity} {rule} ({len(items)}) [{items[0].source}]")
            for r in items:
                who = f"{r.focus} '{r.focus_label}'" if r.focus_label else r.focus
                where = f"  {r.path}" if r.path else ""
                what = f" = {r.value}" if r.value is not None and r.value != r.focus else ""
                lines.append(f"  {who}{where}{what}")
                lines.append(f"      {r.message}")
        return "\n".join(lines)

    def to_json(self) -> str:
        """The report as a JSON object: conforms, counts, engine, shapes, QC rules and results."""
        payload: dict[str, Any] = {
            "conforms": self.conforms,
            "counts": self.counts(),
            "engine": self.engine,
            "engines_used": [{"shapes": s, "engine": e} for s, e in self.engines_used],
            "shapes": list(self.shapes),
            "qc_rules": list(self.qc_rules),
            "seconds": round(self.seconds, 3),
            "results": [asdict(r) for r in self.results],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)

    def to_tsv(self) -> str:
        """One row per result with a header row (empty cells for missing values)."""
        columns = ["severity", "rule", "focus", "focus_label", "path", "value", "message", "source"]
        buffer = io.StringIO()
        writer = csv.writer(buffer, dialect="excel-tab", lineterminator="\n")
        writer.writerow(columns)
        for r in self.results:
            row = asdict(r)
            writer.writerow([" ".join(str(row[c]).split()) if row[c] is not None else "" for c in columns])
        return buffer.getvalue()


# --- QC rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QcRule:
    """One ``queries/qc/*.rq`` file: a SELECT that must return no rows."""

    name: str
    severity: str
    title: str
    description: str
    message: str
    query: NamedQuery

    @classmethod
    def from_file(cls, path: Path) -> QcRule:
        """Read a QC query and check its header (severity, title)."""
        try:
            named = NamedQuery.from_file(path)
        except (OSError, UnicodeDecodeError) as error:
            raise ShapesError(f"cannot read QC query {path}: {error}") from None
        severity = " ".join(named.header.get("severity", ())).strip().upper()
        if severity not in _RANK:
            raise ShapesError(
                f"QC query {path} needs a '# severity: ERROR|WARN|INFO' header line (got {severity or 'none'!r})"
            )
        if not named.title:
            raise ShapesError(f"QC query {path} needs a '# title:' header line")
        if not re.search(r"^\s*(PREFIX\s+\S+\s+<[^>]*>\s*)*SELECT\b", _strip_comments(named.text), re.IGNORECASE):
            raise ShapesError(f"QC query {path} must be a SELECT query (each row is one problem)")
        return cls(
            name=named.name,
            severity=severity,
            title=named.title,
            description=named.description,
            message=" ".join(named.header.get("message", ())),
            query=named,
        )


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def load_qc_rules(folder: str | os.PathLike[str] | None = None) -> list[QcRule]:
    """The QC rules of ``folder`` (default: the packaged ``queries/qc``), sorted by name."""
    where = Path(folder) if folder is not None else qc_dir()
    if where.is_file():
        return [QcRule.from_file(where)]
    if not where.is_dir():
        raise ShapesError(f"QC folder not found: {where}")
    return [QcRule.from_file(p) for p in sorted(where.glob("*.rq"))]


# --- shapes -------------------------------------------------------------------------------------


def shape_files(shapes: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None) -> list[Path]:
    """The SHACL files to use: a file, every RDF file of a folder, or the packaged shapes."""
    if shapes is None:
        items: list[str | os.PathLike[str]] = [shapes_dir()]
    elif isinstance(shapes, (str, os.PathLike)):
        items = [shapes]
    else:
        items = list(shapes)
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in _SHAPES_SUFFIXES)
            if not found:
                raise ShapesError(f"no SHACL shapes files (*.ttl ...) in folder {path}")
            files.extend(found)
        else:
            files.append(check_readable(path))
    return files


def severity_of(level: Node | None) -> str:
    """The report severity (ERROR, WARN, INFO) of a SHACL ``sh:severity`` value; sh:Violation when absent."""
    return _SH_SEVERITY.get(level, "ERROR") if isinstance(level, URIRef) else "ERROR"


def parse_shapes(path: Path) -> rdflib.Graph:
    """Parse one shapes file, refusing a malformed one or one that declares no shape."""
    graph = rdflib.Graph()
    fmt = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
        "application/trig": "trig",
    }.get(guess_format(path), "turtle")
    try:
        graph.parse(path, format=fmt)
    except Exception as error:
        message = " ".join(str(error).split())[:300] or type(error).__name__
        raise ShapesError(f"malformed shapes file {path}: {message}") from None
    declares = (
        (None, RDF.type, SH.NodeShape) in graph
        or (None, RDF.type, SH.PropertyShape) in graph
        or (None, SH.targetClass, None) in graph
        or (None, SH.path, None) in graph
    )
    if not declares:
        raise ShapesError(f"shapes file {path} declares no SHACL shape (sh:NodeShape or sh:PropertyShape)")
    return graph


def _uses_sparql(graph: rdflib.Graph) -> bool:
    """True when a shapes graph uses SHACL-SPARQL or SPARQL targets (beyond SHACL Core)."""
    return any((None, p, None) in graph for p in _SPARQL_FEATURES) or any(
        (None, RDF.type, t) in graph for t in (SH.SPARQLTarget, SH.SPARQLConstraint)
    )


# --- the data graph ------------------------------------------------------------------------------


def _data_graph(kg: KnowledgeBase) -> rdflib.Graph:
    """The union of the store's named graphs as one rdflib Graph (what the shapes see)."""
    graph = rdflib.Graph()
    graph.addN((s, p, o, graph) for s, p, o in kg.store.triples())  # addN: ~20 % less than add() per triple
    return graph


def _nquads(kg: KnowledgeBase) -> bytes:
    """Every quad of the store as N-Quads (Oxigraph dumps natively; other engines via rdflib)."""
    if isinstance(kg.store, OxigraphStore):
        import pyoxigraph

        return bytes(kg.store.native.dump(format=pyoxigraph.RdfFormat.N_QUADS) or b"")
    return _data_graph(kg).serialize(format="nt", encoding="utf-8")


def _with_data(kg: KnowledgeBase, data: Sequence[Path]) -> KnowledgeBase:
    """A new graph on the same engine holding everything of ``kg`` plus ``data`` (``kg`` is unchanged)."""
    copy = kg.empty_copy()
    copy.store.add_triples(kg.store.triples(), ASSERTED)
    copy.sources = list(kg.sources)
    for path in data:
        copy.add(path, graph="data")
    return copy


# --- engines -------------------------------------------------------------------------------------


_META_CHECKED: set[str] = set()  # digests of shapes files already checked against SHACL-SHACL
_META_MESSAGE = "SHACL File does not validate against the SHACL Shapes SHACL (MetaSHACL) file."


def _files_key(files: Sequence[Path]) -> str:
    """A digest of the shapes files' content and the pyshacl version (the meta-check cache key)."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"pyshacl {version('pyshacl')}\n".encode())
    for path in sorted(files, key=lambda p: str(p.resolve())):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where kgtools keeps caches it can rebuild: ``$KGTOOLS_CACHE``, else ``$XDG_CACHE_HOME/kgtools``
    (``~/.cache/kgtools``)."""
    explicit = os.environ.get("KGTOOLS_CACHE")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kgtools"


def _meta_checked(key: str) -> bool:
    return key in _META_CHECKED or (cache_dir() / f"shacl-meta-{key}").is_file()


def _remember_meta_check(key: str) -> None:
    """Record that the shapes with digest ``key`` passed SHACL-SHACL (in the process and on disk;
    an unwritable cache folder only costs the check again next time)."""
    _META_CHECKED.add(key)
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(cache_dir() / f"shacl-meta-{key}", "passed SHACL-SHACL\n")
    except OSError:
        pass


def _meta_check(shapes: rdflib.Graph, files: Sequence[Path]) -> None:
    """Check the shapes against SHACL-SHACL (pyshacl's meta-shapes) once per shapes version.

    The check (~0.35 s for XSCO's shapes, more under load) ran in every process; its
    outcome is cached on disk keyed by the files' SHA-256 and the pyshacl version. Raises
    pyshacl's ReportableRuntimeError when the shapes do not conform (as ``meta_shacl=True`` does).
    """
    key = _files_key(files) if files else None
    if key is not None and _meta_checked(key):
        return  # without importing pyshacl (~0.25 s): the auto validator may not need it at all
    from pyshacl.entrypoints import meta_validate
    from pyshacl.errors import ReportableRuntimeError

    conforms, _report, text = meta_validate(shapes, inference="none", advanced=True, allow_warnings=True)
    if not conforms:
        raise ReportableRuntimeError(f"{_META_MESSAGE}\n{text}")
    if key is not None:
        _remember_meta_check(key)


def _run_pyshacl(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    source: str,
    files: Sequence[Path] = (),
    prepared: rdflib.Graph | None = None,
) -> list[tuple[str, dict[str, Node | None]]]:
    """Run pyshacl; return (severity, fields) per result.

    The shapes are first checked against SHACL-SHACL (pyshacl's meta-shapes), once per shapes
    version (cached on disk), so a malformed shape is reported even when no data reaches it.
    ``prepared``: the same shapes rewritten to run faster with the same results (:func:`_prepare_shapes`).
    """
    import logging

    import pyshacl
    from pyshacl.errors import ReportableRuntimeError, ShapeLoadError

    quiet = logging.getLogger("pyshacl-validate")  # pyshacl logs load errors to stderr itself
    was_disabled, quiet.disabled = quiet.disabled, True
    try:
        _meta_check(shapes, files)
        _conforms, report, text = pyshacl.validate(
            data,
            shacl_graph=prepared if prepared is not None else shapes,
            inference="none",
            advanced=True,
            inplace=True,
            allow_warnings=True,
            meta_shacl=False,
        )
    except (ShapeLoadError, ReportableRuntimeError) as error:
        message = _compact(str(getattr(error, "message", error)))
        raise ShapesError(f"unusable shapes ({source}): {message}") from None
    except Exception as error:
        message = " ".join(str(error).split())[:300] or type(error).__name__
        raise ShapesError(f"unusable shapes ({source}): {message}") from None
    finally:
        quiet.disabled = was_disabled
    if not isinstance(report, rdflib.Graph):  # pyshacl returns a ValidationFailure instead of raising it
        message = " ".join(str(text).split())[:300]
        raise ShapesError(f"unusable shapes ({source}): {message}")
    out = []
    for result in report.objects(None, SH.result):  # top-level results (not their sh:detail)
        fields = {
            "focus": report.value(result, SH.focusNode),
            "path": report.value(result, SH.resultPath),
            "value": report.value(result, SH.value),
            "message": report.value(result, SH.resultMessage),
            "shape": report.value(result, SH.sourceShape),
            "constraint": report.value(result, SH.sourceConstraint),
            "component": report.value(result, SH.sourceConstraintComponent),
        }
        level = report.value(result, SH.resultSeverity)
        severity = severity_of(level)
        out.append((severity, fields))
    return out


def _checked(shapes: rdflib.Graph, files: Sequence[Path], source: str) -> None:
    """The SHACL-SHACL check of :func:`_run_pyshacl` alone (for the auto validator's pyrudof run):
    cached per shapes version, so pyshacl is imported only when the shapes are new."""
    import logging

    quiet = logging.getLogger("pyshacl-validate")
    was_disabled, quiet.disabled = quiet.disabled, True
    try:
        _meta_check(shapes, files)
    except Exception as error:
        message = _compact(str(getattr(error, "message", error)))
        raise ShapesError(f"unusable shapes ({source}): {message}") from None
    finally:
        quiet.disabled = was_disabled


# --- shapes rewritten for pyshacl: the same results, faster ----------------------------

_TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _prepare_shapes(shapes: rdflib.Graph, kg: KnowledgeBase) -> rdflib.Graph:
    """A copy of ``shapes`` that pyshacl validates with the same results in less time.

    Measured on XSCO (pyshacl 0.40, load average ~4): 5.6 s -> 2.5 s from the first step alone.
    3. A node shape whose only constraints are plain SHACL-SPARQL SELECTs targets only the nodes
       those queries report (:func:`_narrow_sparql_constraint_targets`).

    1. SHACL-AF SPARQL targets (``sh:target [ a sh:SPARQLTarget ; sh:select ... ]``) are run once
       by the store (Oxigraph: milliseconds; rdflib's evaluation took seconds, a MINUS alone ~1.5 s)
       and replaced by ``sh:targetNode`` of the nodes they select: the same focus nodes.
    2. A property shape reached only through one node shape's ``sh:property`` gets that node
       shape's targets and is validated on its own: pyshacl validates a nested property shape once
       per focus node and rebuilds its constraints each time (a 46-value ``sh:in`` list read ~1,000
       times), but a targeted property shape once for all. Its results (focus node, path, value,
       source shape, severity, message) are the ones it gave nested.
    """
    prepared = rdflib.Graph()
    for triple in shapes:
        prepared.add(triple)
    _evaluate_sparql_targets(prepared, kg)
    _hoist_property_shapes(prepared)
    _narrow_sparql_constraint_targets(prepared, kg)
    return prepared


def _declared_prefixes(shapes: rdflib.Graph, node: Node) -> str | None:
    """``PREFIX`` lines for the ``sh:prefixes`` of ``node`` (None when a declaration is incomplete)."""
    lines = []
    for holder in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                return None
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n"


def _evaluate_sparql_targets(shapes: rdflib.Graph, kg: KnowledgeBase) -> None:
    """Replace each plain SPARQL target with ``sh:targetNode`` of the nodes the store selects for it.

    A target this cannot run as it is (parameters, an ASK, a query the store refuses) stays for
    pyshacl, which reports it the way it always did."""
    for shape, target in list(shapes.subject_objects(SH.target)):
        select = shapes.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or select is None:
            continue
        if (target, SH.parameter, None) in shapes or (target, SH.ask, None) in shapes:
            continue
        prefixes = _declared_prefixes(shapes, target)
        if prefixes is None:
            continue
        query = NamedQuery(name="sparql-target", path=Path("shapes"), text=prefixes + str(select))
        try:
            solutions = run_query(kg.store, query)
        except QueryError:
            continue
        if solutions.kind != "select" or "this" not in solutions.variables:
            continue
        nodes = {row["this"] for row in solutions.rows if "this" in row}
        shapes.remove((shape, SH.target, target))
        for node in nodes:
            shapes.add((shape, SH.targetNode, node))


_PLAIN_SHAPE = {RDF.type, rdflib.RDFS.comment, rdflib.RDFS.label, SH.targetNode, SH.targetSubjectsOf, SH.sparql}
_PLAIN_CONSTRAINT = {RDF.type, rdflib.RDFS.comment, SH.severity, SH.message, SH.prefixes, SH.select}
# SPARQL in which a pre-bound $this may differ from ?this joined afterwards: sub-queries (their own
# scope), OPTIONAL/UNION/MINUS/BIND/VALUES, other graphs, SHACL's other pre-bound variables.
_NOT_PLAIN_SPARQL = re.compile(
    r"\b(OPTIONAL|UNION|MINUS|BIND|VALUES|SERVICE|GRAPH)\b|\$(PATH|currentShape|shapesGraph|value)\b", re.IGNORECASE
)


def _plain_constraint(shapes: rdflib.Graph, constraint: Node) -> NamedQuery | None:
    """A plain SHACL-SPARQL SELECT constraint (triple patterns and FILTERs, EXISTS included, one
    SELECT) as a query to run with ``?this`` bound; None when it is not that plain."""
    predicates = set(shapes.predicates(constraint))
    select = shapes.value(constraint, SH.select)
    if not predicates <= _PLAIN_CONSTRAINT or select is None:
        return None
    text = str(select)
    if len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) != 1 or _NOT_PLAIN_SPARQL.search(text):
        return None
    prefixes = _declared_prefixes(shapes, constraint)
    if prefixes is None or "$this" not in text:
        return None
    return NamedQuery(name="sparql-constraint", path=Path("shapes"), text=prefixes + text)


_MAX_NARROWED = 5000  # focus nodes of one shape checked by the store (~1 ms each) before pyshacl


def _narrow_sparql_constraint_targets(shapes: rdflib.Graph, kg: KnowledgeBase) -> None:
    """Target a node shape whose only constraints are plain SHACL-SPARQL SELECTs at the focus nodes
    those SELECTs report, instead of every node its targets name.

    pyshacl runs such a constraint once per focus node and parses its query each time (~30 ms); on
    XSCO every focus node conforms. The store runs the same query per focus node with ``?this``
    bound by a VALUES block at the start of the WHERE group (~1 ms); with triple patterns and
    FILTERs only (checked), that gives the rows of the query with ``$this`` pre-bound, so a node
    with no row has no result, and the nodes kept give pyshacl's results unchanged.
    """
    for shape in set(shapes.subjects(SH.sparql, None)):
        if not set(shapes.predicates(shape)) <= _PLAIN_SHAPE or next(shapes.subject_predicates(shape), None):
            continue
        queries = [_plain_constraint(shapes, c) for c in shapes.objects(shape, SH.sparql)]
        if not queries or any(q is None for q in queries):
            continue
        focus = set(shapes.objects(shape, SH.targetNode))
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            focus |= {row["s"] for row in run_query(kg.store, "subjects-of", {"p": prop}).rows}  # type: ignore[dict-item]
        if len(focus) > _MAX_NARROWED:
            continue
        try:
            flagged = {n for n in focus if any(run_query(kg.store, q, {"this": n}).rows for q in queries if q)}  # type: ignore[dict-item]
        except KgError:
            continue
        for predicate in (SH.targetNode, SH.targetSubjectsOf):
            shapes.remove((shape, predicate, None))
        for node in flagged:
            shapes.add((shape, SH.targetNode, node))


def _hoist_property_shapes(shapes: rdflib.Graph) -> None:
    """Give a nested property shape its node shape's targets where that changes no result (see
    :func:`_prepare_shapes`): the node shape has explicit targets only (no SPARQL target left, not a
    class itself, not deactivated, referenced by no other shape) and the property shape is reached
    from it alone and has no targets of its own."""
    classes = (rdflib.RDFS.Class, rdflib.OWL.Class)
    for node_shape, prop in list(shapes.subject_objects(SH.property)):
        targets = [(p, o) for p in _TARGET_PREDICATES for o in shapes.objects(node_shape, p)]
        if not targets or any(p == SH.target for p, _ in targets):
            continue
        if any((node_shape, RDF.type, c) in shapes for c in classes) or (node_shape, SH.deactivated, None) in shapes:
            continue
        if next(shapes.subject_predicates(node_shape), None) is not None:
            continue
        if list(shapes.subject_predicates(prop)) != [(node_shape, SH.property)]:
            continue
        if any((prop, p, None) in shapes for p in _TARGET_PREDICATES):
            continue
        shapes.remove((node_shape, SH.property, prop))
        for predicate, obj in targets:
            shapes.add((prop, predicate, obj))


# --- the auto validator: pyrudof where it gives pyshacl's results ------------------------------

#: The store size from which the auto validator hands SHACL Core to pyrudof. Reading its data costs
#: pyrudof a fixed ~0.085 s, more than the rdflib copy of a small graph; measured CPU seconds of a
#: whole validation (pyshacl / auto): 142 triples 0.055 / 0.138, 220 triples 0.054 / 0.144, XSCO
#: (16,331 triples) 0.779 / 0.644. Below this size auto runs pyshacl (the same results either way).
AUTO_PYRUDOF_MIN_TRIPLES = 5_000

# The SHACL Core terms on which tests/test_validate.py checks pyrudof against pyshacl, rule by rule
# (every planted violation of every shape), plus the declarations SHACL-SPARQL leaves behind.
_RUDOF_CONSTRAINTS = {
    SH[name]
    for name in [
        "class",
        "datatype",
        "in",
        "languageIn",
        "lessThanOrEquals",
        "maxCount",
        "minCount",
        "node",
        "nodeKind",
        "pattern",
        "qualifiedMinCount",
        "qualifiedValueShape",
    ]
}
_RUDOF_AGREES = _RUDOF_CONSTRAINTS | {
    SH[name]
    for name in [
        "property",
        "path",
        "message",
        "severity",
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "declare",
        "prefix",
        "namespace",
        "prefixes",
    ]
}


def _drop_untargeted_sparql(prepared: rdflib.Graph) -> None:
    """Remove what pyshacl would not run: SHACL-SPARQL node shapes left with no target (no focus
    node, so no result; see :func:`_narrow_sparql_constraint_targets`) and the SPARQL targets
    :func:`_evaluate_sparql_targets` replaced."""
    classes = (rdflib.RDFS.Class, rdflib.OWL.Class)
    for shape in set(prepared.subjects(SH.sparql, None)):
        if any((shape, p, None) in prepared for p in _TARGET_PREDICATES):
            continue
        if next(prepared.subject_predicates(shape), None) is not None:
            continue
        if any((shape, RDF.type, c) in prepared for c in classes):
            continue
        for constraint in list(prepared.objects(shape, SH.sparql)):
            prepared.remove((constraint, None, None))
        prepared.remove((shape, None, None))
    for target in set(prepared.subjects(RDF.type, SH.SPARQLTarget)):
        if next(prepared.subject_predicates(target), None) is None:
            prepared.remove((target, None, None))


def _rudof_agrees(prepared: rdflib.Graph) -> bool:
    """True when pyrudof gives pyshacl's results on these (prepared) shapes: only the SHACL Core
    terms of :data:`_RUDOF_AGREES`, and a ``sh:message`` on every shape that reports a result (the
    report takes messages from the shapes; pyrudof words its own defaults differently)."""
    shacl = str(SH)
    if any(str(p).startswith(shacl) and p not in _RUDOF_AGREES for p in set(prepared.predicates())):
        return False
    classes = (rdflib.RDFS.Class, rdflib.OWL.Class)
    reporting = {s for p in _TARGET_PREDICATES for s in prepared.subjects(p, None)}
    reporting |= {s for c in classes for s in prepared.subjects(RDF.type, c) if (s, SH.property, None) in prepared}
    todo = list(reporting)
    while todo:  # property shapes report at top level too; shapes under sh:node / qualified shapes do not
        for child in prepared.objects(todo.pop(), SH.property):
            if child not in reporting:
                reporting.add(child)
                todo.append(child)
    constrained = {s for p in _RUDOF_CONSTRAINTS for s in prepared.subjects(p, None)}
    return all((shape, SH.message, None) in prepared for shape in reporting & constrained)


def _pyrudof_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyrudof") is not None


def _compact(text: str) -> str:
    """One line from pyshacl's multi-line error: its first line and the first results' nodes and messages."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "unknown error"
    details = [line for line in lines[1:] if line.startswith(("Focus Node:", "Message:"))][:4]
    return " ".join(" ".join([lines[0], *details]).split())[:400]


def _run_pyrudof(
    data: rdflib.Graph | bytes, shapes: rdflib.Graph, source: str, files: Sequence[Path] = ()
) -> list[tuple[str, dict[str, Node | None]]]:
    """Run pyrudof (SHACL Core, native Rust engine); return (severity, fields) per result.

    ``data`` is an rdflib graph or N-Quads bytes (all graphs are read as one, like the union).
    """
    try:
        import pyrudof
    except ImportError:
        raise EngineError("engine 'pyrudof' is not installed; pip install pyrudof (or use engine='pyshacl')") from None
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    try:
        if isinstance(data, bytes):
            rudof.read_data(data.decode("utf-8"), format=pyrudof.RDFFormat.NQuads)
        else:
            rudof.read_data(data.serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
        rudof.read_shacl(shapes.serialize(format="nt"), format=pyrudof.ShaclFormat.NTriples)
        report = rudof.validate_shacl()
    except Exception as error:
        message = " ".join(str(error).split())[:300] or type(error).__name__
        raise ShapesError(f"pyrudof could not validate ({source}): {message}") from None
    out = []
    for entry in report.violations:

        def get(name: str, entry: Any = entry) -> Any:  # attributes in some pyrudof versions, methods in others
            value = getattr(entry, name)
            return value() if callable(value) else value

        fields = {
            "focus": _rudof_term(get("focus_node")),
            "path": _rudof_term(get("path")),
            "value": _rudof_term(get("value")),
            "message": None,  # taken from the shapes graph (pyrudof words some messages itself) ...
            "fallback": Literal(str(get("message") or "").strip('"')) if get("message") else None,  # ... else this
            "shape": _rudof_term(get("source_shape")),
            "constraint": None,
            "component": _rudof_term(get("constraint_component")),
        }
        out.append((_RUDOF_SEVERITY.get(str(get("severity")), "ERROR"), fields))
    return out


_RUDOF_LITERAL = re.compile(r'^"(.*)"(?:@[A-Za-z0-9-]+|\^\^\S+)?$', re.DOTALL)


def _rudof_term(text: str | None) -> Node | None:
    if text is None:
        return None
    text = str(text)
    if text.startswith("_:"):
        return BNode(text[2:])
    if text.startswith('"'):  # "lexical", "lexical"@lang or "lexical"^^datatype: the report shows the lexical form
        match = _RUDOF_LITERAL.match(text)
        lexical = match.group(1) if match else text.strip('"')
        return Literal(lexical.replace('\\"', '"').replace("\\\\", "\\"))
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        return URIRef(text.strip("<>"))
    return Literal(text)


# --- turning engine results into ValidationResults -----------------------------------------------


def _show(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compress(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)  # a SHACL path expression


def _rule_name(
    shapes: rdflib.Graph, shape: Node | None, constraint: Node | None, component: Node | None
) -> tuple[str, Node | None]:
    """The rule of a SHACL result: the named constraint or shape, else its named parent shape."""
    for node in (constraint, shape):
        if isinstance(node, URIRef):
            return rule_local_name(node), node
    if isinstance(shape, BNode):
        parent = shapes.value(predicate=SH.property, object=shape) or shapes.value(predicate=SH.node, object=shape)
        if isinstance(parent, URIRef):
            path = shapes.value(shape, SH.path)
            suffix = f"/{rule_local_name(path)}" if isinstance(path, URIRef) else ""
            return rule_local_name(parent) + suffix, parent
    comp = rule_local_name(component) if isinstance(component, URIRef) else "shape"
    return comp.replace("ConstraintComponent", ""), shape


def rule_local_name(iri: Node) -> str:
    text = str(iri)
    if text.startswith("https://w3id.org/xsco/shapes/"):
        return text.rsplit("/", 1)[1]
    return compress(text)


def _curies_in(text: str) -> str:
    """Write the IRIs that a known prefix covers as CURIEs (SHACL engines put full IRIs in messages)."""
    return re.sub(r"<?(https?://[^\s<>\"]+)>?", lambda m: compress(m.group(1)), text)


def _origin(node: Node | None, origin: Sequence[tuple[Path, rdflib.Graph]]) -> str:
    """The shapes file (``folder/name``) that defines ``node``."""
    for path, graph in origin:
        if node is not None and (node, None, None) in graph:
            return f"{path.parent.name}/{path.name}"
    return "shapes"


def _describe(kg: KnowledgeBase, node: BNode) -> str:
    """A blank node as its types, e.g. ``[a XSCO:0000017]`` (its id means nothing to a reader)."""
    rows = run_query(kg.store, "types-of", {"node": node}).rows
    types = sorted({_show(row["type"]) or "" for row in rows})
    return f"[a {', '.join(types)}]" if types else "[]"


def _shacl_results(
    raw: Iterable[tuple[str, dict[str, Node | None]]],
    shapes: rdflib.Graph,
    kg: KnowledgeBase,
    origin: Sequence[tuple[Path, rdflib.Graph]] = (),
) -> list[ValidationResult]:
    """ValidationResults from an engine's raw results; labels and blank-node types come from ``kg``.

    ``origin`` (file, graph) pairs tell which shapes file a rule comes from.
    """
    results = []
    for severity, f in raw:
        rule, rule_node = _rule_name(shapes, f["shape"], f["constraint"], f["component"])
        message = f["message"]
        if message is None:
            for node in (f["constraint"], f["shape"], rule_node):
                if node is not None and shapes.value(node, SH.message) is not None:  # type: ignore[arg-type]
                    message = shapes.value(node, SH.message)  # type: ignore[arg-type]
                    break
        if message is None:
            message = f.get("fallback")
        focus = f["focus"]
        value = f["value"]
        results.append(
            ValidationResult(
                severity=severity,
                rule=rule,
                focus=_show(focus) or "",
                focus_label=_store_label(kg, focus),
                path=_show(f["path"]) if not isinstance(f["path"], BNode) else "(path)",
                value=_describe(kg, value) if isinstance(value, BNode) else _show(value),
                message=_curies_in(" ".join(str(message).split())) if message is not None else f"violates {rule}",
                source=_origin(rule_node, origin),
            )
        )
    return results


def known_prefixes_pattern() -> str:
    """A regular expression matching exactly the CURIE prefixes of :data:`kgtools.prefixes.PREFIX_MAP`."""
    return "^(" + "|".join(re.escape(p) for p in sorted(PREFIX_MAP)) + ")$"


def known_prefixes_list() -> str:
    """The CURIE prefixes of :data:`kgtools.prefixes.PREFIX_MAP` as one string, each between spaces
    (``" GO HP ... "``; a prefix holding whitespace is left out). A query tests a prefix with
    ``CONTAINS`` in it instead of a regular expression given by a variable, which Oxigraph compiles
    again for every row."""
    return " " + " ".join(sorted(p for p in PREFIX_MAP if not re.search(r"\s", p))) + " "


def _qc_bindings(rule: QcRule) -> dict[str, Identifier]:
    """Values kgtools binds in QC queries that use them: ``?known_prefixes`` (see known_prefixes_pattern)
    and ``?known_prefix_list`` (see known_prefixes_list)."""
    bindings: dict[str, Identifier] = {}
    if re.search(r"[?$]known_prefixes\b", rule.query.text):
        bindings["known_prefixes"] = Literal(known_prefixes_pattern())
    if re.search(r"[?$]known_prefix_list\b", rule.query.text):
        bindings["known_prefix_list"] = Literal(known_prefixes_list())
    return bindings


def _qc_results(kg: KnowledgeBase, rules: Sequence[QcRule]) -> list[ValidationResult]:
    results = []
    for rule in rules:
        try:
            solutions = run_query(kg.store, rule.query, _qc_bindings(rule))
        except QueryError as error:
            raise ShapesError(f"QC query {rule.query.path}: {error}") from None
        if solutions.kind != "select":
            raise ShapesError(f"QC query {rule.query.path} must be a SELECT query")
        focus_var = "entity" if "entity" in solutions.variables else (solutions.variables or ["entity"])[0]
        for row in solutions.rows:
            focus = row.get(focus_var)
            message = _fill(rule.message, row) if rule.message else rule.title
            results.append(
                ValidationResult(
                    severity=rule.severity,
                    rule=rule.name,
                    focus=_show(focus) or "",
                    focus_label=_store_label(kg, focus),
                    path=_show(row.get("property")),
                    value=_show(row.get("value")),
                    message=message,
                    source=f"{rule.query.path.parent.name}/{rule.query.path.name}",
                )
            )
    return results


def _fill(template: str, row: Mapping[str, Identifier]) -> str:
    def sub(match: re.Match[str]) -> str:
        return _show(row.get(match.group(1))) or ""

    return re.sub(r"\{[?$](\w+)\}", sub, template)


def _store_label(kg: KnowledgeBase, term: Node | None) -> str | None:
    """The label of an IRI (the first in sort order), looked up in the store with the IRI bound."""
    if not isinstance(term, URIRef):
        return None
    rows = run_query(kg.store, "labels-of", {"term": term}).rows
    labels = sorted(str(row["label"]) for row in rows)
    return labels[0] if labels else None


def _label(files: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in files)


def _run_prepared(
    kg: KnowledgeBase, shapes: rdflib.Graph, files: Sequence[Path], auto: bool
) -> tuple[list[tuple[str, dict[str, Node | None]]], str]:
    """Run ``shapes`` (prepared by :func:`_prepare_shapes`) on ``kg``; return the raw results and the
    engine that ran them: pyrudof on the store's N-Quads when ``auto``, the store is large enough
    (:data:`AUTO_PYRUDOF_MIN_TRIPLES`) and :func:`_rudof_agrees`, else pyshacl on an rdflib copy of the
    store."""
    prepared = _prepare_shapes(shapes, kg)
    if (auto and isinstance(kg.store, OxigraphStore) and kg.store.count() >= AUTO_PYRUDOF_MIN_TRIPLES
            and _pyrudof_installed()):
        _drop_untargeted_sparql(prepared)
        if not _uses_sparql(prepared) and _rudof_agrees(prepared):
            _checked(shapes, files, _label(files))
            return _run_pyrudof(_nquads(kg), prepared, _label(files), files), "pyrudof"
    return _run_pyshacl(_data_graph(kg), shapes, _label(files), files, prepared), "pyshacl"


# --- the entry point -----------------------------------------------------------------------------


def validate(
    kg: KnowledgeBase,
    data: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    shapes: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    validator: str = "auto",
    qc: str | os.PathLike[str] | bool | None = None,
    engine: str | None = None,
) -> ValidationReport:
    """Check ``kg`` (plus ``data`` files, without changing ``kg``) against SHACL shapes and QC rules.

    ``shapes``: a shapes file or folder (default: the packaged ``ontology/shapes``). ``qc``: a folder
    (or one file) of QC queries, default the packaged ``queries/qc``; ``False`` skips them.
    ``validator``: "auto" (pyshacl's results, computed by pyrudof where it gives them: see the module
    docstring), "pyshacl" (the reference) or "pyrudof" (SHACL Core files only; SHACL-SPARQL files
    still go to pyshacl); ``engine`` is its deprecated name (it means the store engine everywhere else).
    Raises :class:`~kgtools.errors.ShapesError` for unusable shapes or QC queries,
    :class:`~kgtools.errors.ParseError` for malformed data files.
    """
    if engine is not None:
        warnings.warn("validate(engine=...) is deprecated; use validator=...", DeprecationWarning, stacklevel=2)
        validator = engine
    if validator not in ENGINES:
        raise EngineError(f"unknown validator {validator!r}; choose one of: {', '.join(ENGINES)}")
    engine = validator
    started = time.perf_counter()
    if data is None:
        data_files: list[Path] = []
    elif isinstance(data, (str, os.PathLike)):
        data_files = [check_readable(data)]
    else:
        data_files = [check_readable(d) for d in data]
    files = shape_files(shapes)
    rules = [] if qc is False else load_qc_rules(None if qc in (None, True) else qc)  # type: ignore[arg-type]
    parsed = [(path, parse_shapes(path)) for path in files]

    target = _with_data(kg, data_files) if data_files else kg
    results: list[ValidationResult] = []
    used: list[tuple[str, str]] = []
    is_core = [engine == "pyrudof" and not _uses_sparql(g) for _p, g in parsed]
    core = [item for item, flag in zip(parsed, is_core, strict=False) if flag]
    rest = [item for item, flag in zip(parsed, is_core, strict=False) if not flag]
    for group, name in ((rest, "pyshacl"), (core, "pyrudof")):
        if not group:
            continue
        merged = rdflib.Graph()
        for _path, g in group:
            merged += g
        files_of_group = [p for p, _ in group]
        if name == "pyshacl":
            raw, name = _run_prepared(target, merged, files_of_group, auto=engine == "auto")
        else:
            raw = _run_pyrudof(_nquads(target), merged, _label(files_of_group), files_of_group)
        results.extend(_shacl_results(raw, merged, target, group))
        used.extend((str(p), name) for p in files_of_group)
    results.extend(_qc_results(target, rules))
    return ValidationReport(
        results=tuple(results),
        engine=engine,
        shapes=tuple(str(p) for p in files),
        qc_rules=tuple(r.name for r in rules),
        seconds=time.perf_counter() - started,
        engines_used=tuple(used),
    )
