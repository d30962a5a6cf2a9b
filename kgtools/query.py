"""The named-query library, safe parameter binding and query results.

A named query is a file ``queries/<name>.rq`` whose header comment documents it::

    # title: Disorders associated with a calcification type
    # description: Conditions that a source associates with the type, with qualifier and source.
    # param: type term  A calcification type (CURIE, IRI, label or synonym). Example: calcinosis
    # param: source iri optional  Only statements from this source.

Parameter types: ``term`` (anything :meth:`KnowledgeGraph.term` accepts, bound as the term's
IRI), ``iri`` (an absolute IRI or a known CURIE), ``string``, ``integer``, ``boolean``. Values
are bound as RDF terms through the engine's substitution mechanism, never spliced into the
query text. A parameter marked ``optional`` that is not given stays unbound. Every parameter
variable must appear in the query's SELECT clause (substitution, as in SPARQL SEP-0007,
requires it); its bound value then comes back in each row.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib.namespace import XSD
from rdflib.term import BNode, Identifier, Literal, URIRef

from .errors import KgError, ParameterError, QueryError, UnknownQueryError
from .prefixes import compress, expand
from .resources import internal_queries_dir, queries_dir
from .store import LazyRow, Solutions, Store

__all__ = [
    "PARAMETER_TYPES",
    "RESULT_FORMATS",
    "Curie",
    "NamedQuery",
    "Parameter",
    "QueryLibrary",
    "QueryResult",
    "internal_query",
    "run_query",
]

PARAMETER_TYPES = ("term", "iri", "string", "integer", "boolean")
RESULT_FORMATS = ("table", "json", "csv", "tsv")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?P<optional>\s+optional)?\s*(?P<doc>.*)$")
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")


@dataclass(frozen=True)
class Parameter:
    """A documented parameter of a named query."""

    name: str
    type: str
    optional: bool = False
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file of the library, with its header parsed."""

    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    header: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: Path) -> NamedQuery:
        """Read a query file and parse its ``# key: value`` header."""
        text = path.read_text(encoding="utf-8")
        header: dict[str, list[str]] = {}
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            key, sep, value = stripped.lstrip("#").strip().partition(":")
            if sep and re.fullmatch(r"[a-z_-]+", key.strip()):
                header.setdefault(key.strip(), []).append(value.strip())
        params = []
        for spec in header.get("param", []):
            match = _PARAM.match(spec)
            if not match or match["type"] not in PARAMETER_TYPES:
                raise QueryError(f"{path}: bad parameter declaration {spec!r} (expected: NAME TYPE [optional] text)")
            params.append(Parameter(match["name"], match["type"], bool(match["optional"]), match["doc"].strip()))
        return cls(
            name=path.stem,
            path=path,
            text=text,
            title=" ".join(header.get("title", [])),
            description=" ".join(header.get("description", [])),
            parameters=tuple(params),
            header={k: tuple(v) for k, v in header.items()},
        )


class QueryLibrary:
    """The named queries of a folder (default: the packaged ``queries/``), by name."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or queries_dir()
        self._queries: dict[str, NamedQuery] | None = None

    def _load(self) -> dict[str, NamedQuery]:
        if self._queries is None:
            self._queries = {p.stem: NamedQuery.from_file(p) for p in sorted(self.folder.glob("*.rq"))}
        return self._queries

    def names(self) -> list[str]:
        """Names of every named query, sorted."""
        return sorted(self._load())

    def get(self, name: str) -> NamedQuery:
        """The named query ``name``; raise UnknownQueryError with the known names."""
        queries = self._load()
        if name not in queries:
            raise UnknownQueryError(name, self.names())
        return queries[name]

    def __iter__(self):
        return iter(self._load()[n] for n in self.names())


def looks_like_name(text: str) -> bool:
    """True when ``text`` is a query name rather than SPARQL text."""
    return bool(_NAME.match(text))


def bind_parameters(
    query: NamedQuery, params: Mapping[str, Any], resolve_term: Callable[[str], str]
) -> dict[str, Identifier]:
    """Check ``params`` against the query's declaration and turn each into an RDF term."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        expected = ", ".join(declared) or "none"
        raise ParameterError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {expected})")
    bindings: dict[str, Identifier] = {}
    for param in query.parameters:
        value = params.get(param.name)
        if isinstance(value, (list, tuple, set, frozenset, dict, bytes)):  # never str() a list
            raise ParameterError(
                f"query {query.name!r}: parameter {param.name!r} takes one value, not a {type(value).__name__}"
            )
        if value is None:
            if not param.optional:
                raise ParameterError(f"query {query.name!r} needs parameter {param.name!r} ({param.type})")
            continue
        bindings[param.name] = to_rdf(param, value, resolve_term)
    return bindings


def to_rdf(param: Parameter, value: Any, resolve_term: Callable[[str], str]) -> Identifier:
    """Convert one parameter value to an RDF term of the declared type (validated)."""
    if param.type == "term":
        return URIRef(resolve_term(str(value)))
    if param.type == "iri":
        text = str(value).strip()
        try:
            iri = text if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text) else expand(text)
        except ValueError:  # curies raises for text that is no CURIE at all (see the injection tests)
            iri = None
        if not iri or _IRI_FORBIDDEN.search(iri):
            raise ParameterError(f"parameter {param.name!r}: {text!r} is not a valid IRI or known CURIE")
        return URIRef(iri)
    if param.type == "integer":
        try:
            return Literal(int(str(value)), datatype=XSD.integer)
        except ValueError:
            raise ParameterError(f"parameter {param.name!r}: {value!r} is not an integer") from None
    if param.type == "boolean":
        text = str(value).strip().lower()
        if text not in ("true", "false", "1", "0", "yes", "no"):
            raise ParameterError(f"parameter {param.name!r}: {value!r} is not a boolean (true/false)")
        return Literal(text in ("true", "1", "yes"), datatype=XSD.boolean)
    return Literal(str(value))


def _python(term: Identifier | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in (XSD.boolean, XSD.integer, XSD.int, XSD.long):
            value = term.toPython()
            return value if isinstance(value, (bool, int)) else str(term)
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


class Curie(str):
    """An IRI shown as a CURIE (``XSCO:0000001``), as the CLI prints it; ``.iri`` is the full IRI.

    IRIs with no known prefix stay in full (then ``str(x) == x.iri``).
    """

    __slots__ = ("iri",)
    iri: str

    def __new__(cls, iri: str) -> Curie:  # Self needs Python 3.11; 3.10 is supported
        self = super().__new__(cls, compress(iri))
        self.iri = iri
        return self

    @property
    def curie(self) -> str:
        """The CURIE as plain text."""
        return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Curie, (self.iri,))


def _row_values(row: Any, variables: list[str]) -> dict[str, Any]:
    if isinstance(row, LazyRow):  # straight from the store's terms, no rdflib term built
        return {v: row.python(v) for v in variables}
    return {v: _python(row.get(v)) for v in variables}


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (dicts of plain Python values), the boolean of an ASK or the graph of a CONSTRUCT.

    In :attr:`rows` IRIs are given in full (``str``); :meth:`curie_rows` gives them as :class:`Curie`
    (as the CLI prints them, ``.iri`` for the full IRI), :meth:`display_rows` as text, and
    :meth:`to_dataframe` as a pandas DataFrame. ``terms`` holds the engine's solutions; on Oxigraph
    they stay the store's own terms until read.
    """

    variables: list[str]
    terms: Sequence[Mapping[str, Identifier]]
    kind: str = "select"
    boolean: bool | None = None
    graph: Any = None
    query: str = ""

    @classmethod
    def from_solutions(cls, solutions: Solutions, query: str = "") -> QueryResult:
        """Wrap an engine's answer."""
        return cls(solutions.variables, solutions.rows, solutions.kind, solutions.boolean, solutions.graph, query)

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, str]]) -> QueryResult:
        """A result holding plain text rows (columns from the first row; "" is unbound), to render like any other."""
        columns = list(rows[0]) if rows else []
        terms: list[dict[str, Identifier]] = [{k: Literal(v) for k, v in row.items() if v != ""} for row in rows]
        return cls(columns, terms)

    def render(self, fmt: str = "table") -> str:
        """The result in one of :data:`RESULT_FORMATS`: an aligned table, JSON, or CSV/TSV with CURIEs."""
        if fmt == "json":
            return self.to_json()
        if fmt == "csv":
            return self.to_csv(curies=True).rstrip("\n")
        if fmt == "tsv":
            return self.to_tsv(curies=True).rstrip("\n")
        if fmt == "table":
            return self.to_table()
        raise QueryError(f"unknown result format {fmt!r}; choose one of: {', '.join(RESULT_FORMATS)}")

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Each solution as a dict of variable -> value (None when unbound)."""
        variables = self.variables
        return [_row_values(row, variables) for row in self.terms]

    def curie_rows(self) -> list[dict[str, Any]]:
        """Each solution as a dict of variable -> value, IRIs as :class:`Curie` (``.iri`` gives the full IRI)."""
        memo: dict[str, Curie] = {}

        def value(x: Any, is_iri: bool) -> Any:
            if not is_iri:
                return x
            found = memo.get(x)
            if found is None:
                found = memo[x] = Curie(x)
            return found

        out = []
        for row, plain in zip(self.terms, self.rows, strict=True):
            out.append({v: value(plain[v], _is_iri(row, v)) for v in self.variables})
        return out

    def to_dataframe(self, curies: bool = True) -> Any:
        """The rows as a pandas DataFrame (one column per variable; IRIs as CURIEs unless ``curies=False``).

        Needs pandas (``pip install 'kgtools[pandas]'``); raises :class:`KgError` when it is missing.
        """
        try:
            import pandas as pd
        except ImportError:
            raise KgError("QueryResult.to_dataframe() needs pandas: pip install 'kgtools[pandas]'") from None
        if self.kind == "select":
            rows = self.curie_rows() if curies else self.rows
            return pd.DataFrame(rows, columns=self.variables)
        return pd.DataFrame(self._as_rows(), columns=self.columns())

    def __len__(self) -> int:
        return len(self.terms) if self.kind == "select" else (1 if self.kind == "ask" else len(self.graph or ()))

    def __iter__(self):
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def display_rows(self) -> list[dict[str, str]]:
        """Rows with IRIs as CURIEs and every value as text (empty when unbound)."""
        out = []
        for row in self.rows if self.kind == "select" else self._as_rows():
            out.append({k: _display(v) for k, v in row.items()})
        return out

    def _as_rows(self) -> list[dict[str, Any]]:
        if self.kind == "ask":
            return [{"result": bool(self.boolean)}]
        return [{"subject": str(s), "predicate": str(p), "object": str(o)} for s, p, o in self.graph or ()]

    def columns(self) -> list[str]:
        """Column names of the tabular form."""
        if self.kind == "select":
            return list(self.variables)
        return ["result"] if self.kind == "ask" else ["subject", "predicate", "object"]

    def to_json(self) -> str:
        """A JSON array of row objects (SELECT), ``{"boolean": ...}`` (ASK) or triples (CONSTRUCT)."""
        if self.kind == "ask":
            return json.dumps({"boolean": bool(self.boolean)})
        rows = self.rows if self.kind == "select" else self._as_rows()
        return json.dumps(rows, indent=2, ensure_ascii=False)

    def _delimited(self, dialect: str, display: bool) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns(), dialect=dialect, lineterminator="\n")
        writer.writeheader()
        rows = self.display_rows() if display else (self.rows if self.kind == "select" else self._as_rows())
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return buffer.getvalue()

    def to_csv(self, curies: bool = False) -> str:
        """CSV with a header row; IRIs in full unless ``curies``."""
        return self._delimited("excel", curies)

    def to_tsv(self, curies: bool = False) -> str:
        """TSV with a header row; IRIs in full unless ``curies``."""
        return self._delimited("excel-tab", curies)

    def to_table(self) -> str:
        """An aligned text table with CURIEs, for people."""
        columns = self.columns()
        rows = self.display_rows()
        if not rows:
            return "(no results)"
        widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
        widths = {c: min(w, 80) for c, w in widths.items()}
        lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
        lines.append("  ".join("-" * widths[c] for c in columns))
        for row in rows:
            cells = [(row[c] if len(row[c]) <= 80 else row[c][:77] + "...").ljust(widths[c]) for c in columns]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def _is_iri(row: Mapping[str, Identifier], name: str) -> bool:
    if isinstance(row, LazyRow):
        return type(row.raw(name)).__name__ == "NamedNode"
    return isinstance(row.get(name), URIRef)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(("http://", "https://")):
        return compress(text)
    return text


# --- examples of named queries ---


def examples(query: NamedQuery) -> list[dict[str, str]]:
    """The parameter sets of the query's ``# example:`` header lines (``key=value; key=value``; empty: none).

    Every named query has at least one example line; tests and benchmarks run each query with them.
    """
    found: list[dict[str, str]] = []
    for line in query.header.get("example", ()):
        params: dict[str, str] = {}
        for item in line.split(";"):
            key, sep, value = item.partition("=")
            if not item.strip():
                continue
            if not sep or not key.strip():
                raise QueryError(f"{query.path}: bad example {line!r} (expected: key=value; key=value)")
            params[key.strip()] = value.strip()
        found.append(params)
    return found


# --- internal queries -----------------------------------------------------------------------------
# The SPARQL that kgtools itself runs (term index, graph building, differential, ...) lives in
# ``queries/internal/<name>.rq``, beside the user-facing library but not part of it.


@cache
def internal_query(name: str) -> str:
    """The text of ``queries/internal/<name>.rq`` (read once)."""
    path = internal_queries_dir() / f"{name}.rq"
    if not path.is_file():
        raise UnknownQueryError(name, sorted(p.stem for p in internal_queries_dir().glob("*.rq")))
    return path.read_text(encoding="utf-8")


def run_query(
    store: Store, query: str | NamedQuery, bindings: Mapping[str, Identifier] | None = None
) -> Solutions:
    """Run ``query`` on ``store`` with ``bindings`` (RDF terms, bound by the engine, never spliced in).

    ``query`` is the name of an internal query (``queries/internal/<name>.rq``) or a
    :class:`NamedQuery` (a library, QC or user file). This is the one function through which
    modules outside the query layer send SPARQL to a store.
    """
    text = query.text if isinstance(query, NamedQuery) else internal_query(query)
    return store.query(text, bindings or None)
