"""RDF stores behind one small interface: reading sources, running SPARQL, counting.

A :class:`Store` holds a dataset of named graphs (DESIGN.md section 3):

* ``asserted`` - the ontology and other sources as written,
* ``inferred`` - what a reasoner added (written only by reasoning),
* ``data`` - a user's instance data.

Queries see the union of all graphs as their default graph. Two engines implement it:
``oxigraph`` (pyoxigraph, the default: fast parsing and query evaluation) and ``rdflib``
(the plain in-memory rdflib Dataset, for parity). Both return solutions as rdflib terms, so
everything above this module is engine-independent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import rdflib
from rdflib.term import BNode, Identifier, Literal, URIRef

from .errors import EngineError, ParseError, QueryError, SourceNotFoundError
from .sparql import bind_values

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "ASSERTED",
    "DATA",
    "DERIVED_FILES",
    "ENGINES",
    "GRAPHS",
    "INFERRED",
    "LazyRow",
    "Solutions",
    "Store",
    "guess_format",
    "holds_more_than",
    "open_store",
]

GRAPH_BASE = "https://w3id.org/xsco/graph/"
ASSERTED = GRAPH_BASE + "asserted"
INFERRED = GRAPH_BASE + "inferred"
DATA = GRAPH_BASE + "data"
GRAPHS = {"asserted": ASSERTED, "inferred": INFERRED, "data": DATA}
# --- HPO bridge: the imported HPO terms and disease annotations (kgtools.link.hpo) ---
HPO = GRAPH_BASE + "hpo"
GRAPHS["hpo"] = HPO
# --- the other ontologies XSCO links to (kgtools.linkall): one graph per release ---
for _name in ("mondo", "uberon", "chebi", "doid", "go"):
    GRAPHS[_name] = GRAPH_BASE + _name

# File suffix -> media type understood by both engines.
_FORMATS = {
    ".ttl": "text/turtle",
    ".turtle": "text/turtle",
    ".nt": "application/n-triples",
    ".ntriples": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".owl": "application/rdf+xml",
    ".rdf": "application/rdf+xml",
    ".xml": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".json": "application/ld+json",
    ".n3": "text/n3",
}
_RDFLIB_FORMAT = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "text/n3": "n3",
}
_QUAD_FORMATS = {"application/n-quads", "application/trig"}


def guess_format(path: str | os.PathLike[str], format: str | None = None) -> str:
    """Return the media type of an RDF file from ``format`` (a media type or a suffix) or its name."""
    if format:
        key = format if format.startswith(".") else "." + format
        if format in _RDFLIB_FORMAT:
            return format
        if key.lower() in _FORMATS:
            return _FORMATS[key.lower()]
        for media, short in _RDFLIB_FORMAT.items():
            if short == format:
                return media
        raise ParseError(str(path), f"unknown RDF format {format!r}")
    suffix = Path(path).suffix.lower()
    if suffix not in _FORMATS:
        known = ", ".join(sorted(_FORMATS))
        raise ParseError(str(path), f"cannot tell the RDF format from the suffix {suffix!r} (known: {known})")
    return _FORMATS[suffix]


@dataclass(frozen=True)
class Solutions:
    """The raw answer of a SPARQL query: SELECT rows, an ASK boolean or CONSTRUCT triples."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str]
    rows: Sequence[Mapping[str, Identifier]]
    boolean: bool | None = None
    graph: rdflib.Graph | None = None


class Store(Protocol):
    """What an engine must offer. Implementations: :class:`OxigraphStore`, :class:`RdflibStore`."""

    engine: str

    def load_file(self, path: Path, media_type: str, graph: str, atomic: bool = True) -> None: ...
    def load_data(self, data: bytes, media_type: str, graph: str, name: str = "<data>") -> None: ...
    def add_triples(self, triples: Iterable[tuple[Identifier, Identifier, Identifier]], graph: str) -> None: ...
    def clear(self, graph: str) -> None: ...
    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Solutions: ...
    def count(self, graph: str | None = None) -> int: ...
    def is_empty(self, graph: str | None = None) -> bool: ...
    def triples(self, graph: str | None = None) -> Iterator[tuple[Identifier, Identifier, Identifier]]: ...


_LINE = re.compile(r"line (\d+)|at (\d+):\d+")


def _line_of(message: str) -> int | None:
    match = _LINE.search(message)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def _first_line(message: str) -> str:
    return " ".join(str(message).split())[:300]


# --- query solutions kept as the store's terms ----------------------------------------


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGERS = {_XSD + "integer", _XSD + "int", _XSD + "long"}


class LazyRow(Mapping[str, Identifier]):
    """One SELECT solution, kept as the engine's own terms until a value is read.

    Reading ``row[name]`` gives an rdflib term (converted once per query: repeated terms share one
    conversion); unbound variables are absent, as in a dict. :meth:`python` gives the plain Python
    value straight from the store's term, without building an rdflib term. Converting every cell
    of a large result to rdflib terms up front was 31 % of ``qualified-statements`` at 1M triples.
    A LazyRow pickles as a plain dict of rdflib terms.
    """

    __slots__ = ("_convert", "_names", "_values")

    def __init__(self, names: Mapping[str, int], values: Sequence[Any], convert: Callable[[Any], Identifier]) -> None:
        self._names = names
        self._values = values
        self._convert = convert

    def __getitem__(self, key: str) -> Identifier:
        index = self._names.get(key)
        value = None if index is None else self._values[index]
        if value is None:
            raise KeyError(key)
        return self._convert(value)

    def __iter__(self) -> Iterator[str]:
        return (name for name, i in self._names.items() if self._values[i] is not None)

    def __len__(self) -> int:
        return sum(1 for i in self._names.values() if self._values[i] is not None)

    def __contains__(self, key: object) -> bool:
        index = self._names.get(key) if isinstance(key, str) else None
        return index is not None and self._values[index] is not None

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.items()),))

    def raw(self, key: str) -> Any:
        """The store's own term for ``key`` (a pyoxigraph term), or None when unbound."""
        index = self._names.get(key)
        return None if index is None else self._values[index]

    def python(self, key: str) -> Any:
        """The value as plain Python: IRIs as text, ``_:id`` for blank nodes, booleans and integers as
        such, every other literal as its lexical text; None when unbound."""
        term = self.raw(key)
        if term is None:
            return None
        kind = type(term).__name__
        if kind == "NamedNode":
            return term.value
        if kind == "BlankNode":
            return f"_:{term.value}"
        if kind == "Literal" and term.language is None:
            datatype = term.datatype.value
            if datatype == _XSD + "boolean" and term.value in ("true", "false", "1", "0"):
                return term.value in ("true", "1")
            if datatype in _XSD_INTEGERS:
                try:
                    return int(term.value)
                except ValueError:
                    return term.value
        return term.value if kind == "Literal" else str(term)


# --- Oxigraph ------------------------------------------------------------------------------


#: Files kgtools derives from an on-disk store's content and keeps in its folder (the term index,
#: see :mod:`kgtools.ondisk`). Every write through :class:`OxigraphStore` deletes them first, so a
#: file never outlives the content it was made from (a store written by other means: delete them).
DERIVED_FILES = ("kgtools-term-index.json",)


class OxigraphStore:
    """A pyoxigraph store, in memory or on disk (``path``)."""

    engine = "oxigraph"

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        import pyoxigraph as ox

        self._ox = ox
        #: The folder of an on-disk store (None in memory).
        self.path = Path(path) if path is not None else None
        if path is not None:
            try:  # a new store's folder may be anywhere: its missing parents are made too
                Path(path).mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise EngineError(f"cannot create the store folder {path}: {error.strerror or error}") from None
        self._store = ox.Store(str(path)) if path is not None else ox.Store()

    def before_write(self) -> None:
        """Delete the :data:`DERIVED_FILES` of an on-disk store (called before every write)."""
        if self.path is not None:
            for name in DERIVED_FILES:
                (self.path / name).unlink(missing_ok=True)

    @property
    def native(self) -> pyoxigraph.Store:
        """The underlying ``pyoxigraph.Store`` (for engine-specific fast paths: dumps, raw solutions)."""
        return self._store

    def _format(self, media_type: str) -> Any:
        return self._ox.RdfFormat.from_media_type(media_type)

    def load_file(self, path: Path, media_type: str, graph: str, atomic: bool = True) -> None:
        """Read an RDF file into ``graph``. ``atomic=False``: the caller discards the whole store when
        a file is malformed (``kgtools.load``), so the file is bulk-loaded even into a graph that
        already holds triples, and a failure may leave part of it behind."""
        self._load(path=str(path), data=None, media_type=media_type, graph=graph, name=str(path), atomic=atomic)

    def load_data(self, data: bytes, media_type: str, graph: str, name: str = "<data>") -> None:
        self._load(path=None, data=data, media_type=media_type, graph=graph, name=name)

    def _load(
        self, *, path: str | None, data: bytes | None, media_type: str, graph: str, name: str, atomic: bool = True
    ) -> None:
        ox = self._ox
        self.before_write()
        to_graph = None if media_type in _QUAD_FORMATS else ox.NamedNode(graph)
        base = Path(path).resolve().as_uri() if path else None
        if not atomic or (to_graph is not None and not self._has_graph(graph)):
            # Into an empty graph, parse directly (no copy); a malformed file's partial
            # triples are removed with the graph, which was empty before. Not atomic, the
            # same bulk loader into any graph (Store.load's transaction cost ~10 % more at 1M triples).
            try:
                self._store.bulk_load(
                    input=data, path=path, format=self._format(media_type), base_iri=base, to_graph=to_graph
                )
            except (SyntaxError, OSError, ValueError) as error:
                if atomic and to_graph is not None and self._has_graph(graph):
                    self._store.remove_graph(to_graph)
                raise ParseError(name, _first_line(str(error)), _line_of(str(error))) from None
            return
        # Store.load is transactional: a malformed file never leaves half its triples behind
        # (replaces parsing into a scratch store and copying it, twice as slow).
        try:
            self._store.load(input=data, path=path, format=self._format(media_type), base_iri=base, to_graph=to_graph)
        except SyntaxError as error:
            raise ParseError(name, _first_line(str(error)), _line_of(str(error))) from None
        except (OSError, ValueError) as error:
            raise ParseError(name, _first_line(str(error)), _line_of(str(error))) from None

    def add_triples(self, triples: Iterable[tuple[Identifier, Identifier, Identifier]], graph: str) -> None:
        self.before_write()
        g = self._ox.NamedNode(graph)
        self._store.bulk_extend(
            self._ox.Quad(_to_ox(self._ox, s), _to_ox(self._ox, p), _to_ox(self._ox, o), g) for s, p, o in triples
        )

    def clear(self, graph: str) -> None:
        self.before_write()
        self._store.remove_graph(self._ox.NamedNode(graph)) if self._has_graph(graph) else None

    def _has_graph(self, graph: str) -> bool:
        return bool(self._store.contains_named_graph(self._ox.NamedNode(graph)))

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Solutions:
        return self.run(sparql, bindings)[0]

    def run(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        max_results: int | None = None,
        deadline: float | None = None,
        dataset: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> tuple[Solutions, bool]:
        """Run a query, reading at most ``max_results`` rows (or triples) and stopping at ``deadline``
        (``time.monotonic()``); return (solutions, truncated). Raises :class:`QueryTimeout` when late.

        ``dataset`` (SPARQL 1.1 Protocol ``default-graph-uri``/``named-graph-uri``): the
        graph IRIs merged as the default graph and the named graphs; None is the union of all graphs."""
        import time

        result = self._start(sparql, bindings, dataset)
        if isinstance(result, self._ox.QueryBoolean):
            return Solutions("ask", [], [], boolean=bool(result)), False
        # pyoxigraph results must be dropped on the thread that made them: no exception may carry
        # them (through its traceback) to another thread, so failures are raised after ``del result``.
        failure = ""
        answer: Solutions | None = None
        truncated = timed_out = False
        try:
            answer, truncated, timed_out = self._read(result, max_results, deadline)
        except (OSError, ValueError, RuntimeError) as error:
            failure = _first_line(str(error))
        del result
        if failure:
            raise QueryError(f"query failed: {failure}")
        if timed_out or (deadline is not None and time.monotonic() > deadline):
            raise QueryTimeout("the query ran past its time limit")
        assert answer is not None
        return answer, truncated

    def _start(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None,
        dataset: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> Any:
        """Start evaluating ``sparql`` with ``bindings``; the pyoxigraph result (solutions are read lazily)."""
        ox = self._ox
        substitutions = None
        if bindings:
            # pyoxigraph applies ``substitutions`` after evaluating the whole pattern (a bound
            # parameter does not narrow the join: 0.96 s instead of 0.0005 s at 300k triples), so bind
            # with an inline VALUES block of validated, escaped terms at the start of the WHERE group
            # (kgtools.sparql.bind_values); substitutions only where the query has no WHERE group.

            try:
                sparql = bind_values(sparql, bindings)
            except QueryError:
                substitutions = {ox.Variable(k): _to_ox(ox, v) for k, v in bindings.items()}
        try:
            if dataset is None:
                return self._store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)
            default, named = dataset
            return self._store.query(
                sparql,
                default_graph=[ox.NamedNode(g) for g in default] if default else ox.DefaultGraph(),
                named_graphs=[ox.NamedNode(g) for g in named],
                substitutions=substitutions,
            )
        except SyntaxError as error:
            raise QueryError(f"malformed SPARQL: {_first_line(str(error))}") from None
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryError(f"query failed: {_first_line(str(error))}") from None

    def _read(self, result: Any, max_results: int | None, deadline: float | None) -> tuple[Solutions, bool, bool]:
        """Read a SELECT or CONSTRUCT result: (solutions, truncated, timed out)."""
        import time

        limit = max_results if max_results is not None else float("inf")
        convert = _converter(self._ox)  # repeated terms are converted once per query
        if isinstance(result, self._ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            names = {name: i for i, name in enumerate(variables)}
            rows: list[LazyRow] = []
            # Rows keep the store's own solution objects (indexed by position: no Python term is
            # made until a value is read); values become rdflib terms only when read (LazyRow).
            # ``tuple(solution)`` made one pyoxigraph term per cell: at 1M triples
            # qualified-statements (79k rows x 11) read in ~2.4-3.1 s and freed in ~0.6-0.9 s
            # against ~0.8-1.4 s and ~0.3 s kept as solutions (load average ~4).
            for solution in result:
                if deadline is not None and time.monotonic() > deadline:
                    return Solutions("select", variables, rows), False, True
                if len(rows) >= limit:
                    return Solutions("select", variables, rows), True, False
                rows.append(LazyRow(names, solution, convert))
            return Solutions("select", variables, rows), False, False
        graph = rdflib.Graph()
        for triple in result:
            if deadline is not None and time.monotonic() > deadline:
                return Solutions("graph", [], [], graph=graph), False, True
            if len(graph) >= limit:
                return Solutions("graph", [], [], graph=graph), True, False
            graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
        return Solutions("graph", [], [], graph=graph), False, False

    def count(self, graph: str | None = None) -> int:
        # Counted by the store (SPARQL COUNT), not by iterating every quad in Python
        # (HPO + annotations on disk: 10 s by iteration, 0.57 s by COUNT).
        if graph is None:
            return len(self._store)  # counted inside the store
        if not self._has_graph(graph):
            return 0
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        for solution in cast("pyoxigraph.QuerySolutions", self._store.query(sparql)):  # a SELECT: solutions
            return int(solution["n"].value)
        return 0

    def is_empty(self, graph: str | None = None) -> bool:
        """True when the store (or the named ``graph``) holds no quad; reads at most one, never walks
        the store (a COUNT of a graph at 1M triples is 0.5 s, this 0.1 ms)."""
        g = self._ox.NamedNode(graph) if graph else None
        return next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is None

    def holds_more_than(self, n: int, graph: str) -> bool:
        """True when the named ``graph`` holds more than ``n`` triples, skipping ``n`` of them inside
        the store (SPARQL ``OFFSET``): the cost of ``n``, not of the graph's size (1M triples in
        memory: 3 ms past 16,000 of them, 0.15 s to count them all)."""
        sparql = f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} OFFSET {int(n)} LIMIT 1"
        return next(iter(cast("pyoxigraph.QuerySolutions", self._store.query(sparql))), None) is not None

    def triples(self, graph: str | None = None) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        ox = self._ox
        g = ox.NamedNode(graph) if graph else None
        convert = _converter(ox)  # predicates and subjects repeat; each is converted once
        for i, quad in enumerate(self._store.quads_for_pattern(None, None, None, g)):
            if i % 200_000 == 199_999:
                convert = _converter(ox)  # bounded memory when streaming a large store
            yield convert(quad.subject), convert(quad.predicate), convert(quad.object)


def _to_ox(ox: Any, term: Identifier) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: not an RDF term")


def _from_ox(ox: Any, term: Any) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


# --- rdflib ----------------------------------------------------------------------------------


class RdflibStore:
    """The plain rdflib in-memory Dataset (union default graph)."""

    engine = "rdflib"

    def __init__(self) -> None:
        import threading

        self._dataset = rdflib.Dataset(default_union=True)
        # rdflib's SPARQL parser (pyparsing) is not thread-safe; concurrent queries (kgtools
        # serve) failed with "Param.postParse2() missing ... tokenList". rdflib holds the GIL anyway.
        self._lock = threading.Lock()

    def load_file(self, path: Path, media_type: str, graph: str, atomic: bool = True) -> None:
        """Read an RDF file into ``graph``; ``atomic=False`` parses straight into it (no scratch copy)."""
        self._load(source=str(path), data=None, media_type=media_type, graph=graph, name=str(path), atomic=atomic)

    def load_data(self, data: bytes, media_type: str, graph: str, name: str = "<data>") -> None:
        self._load(source=None, data=data, media_type=media_type, graph=graph, name=name)

    def _load(
        self, *, source: str | None, data: bytes | None, media_type: str, graph: str, name: str, atomic: bool = True
    ) -> None:
        fmt = _RDFLIB_FORMAT[media_type]
        if media_type not in _QUAD_FORMATS and (not atomic or self.is_empty(graph)):
            # Into an empty graph, parse directly (no copy); on error the graph is emptied again.
            try:
                self._dataset.graph(URIRef(graph)).parse(source=source, data=data, format=fmt)
            except Exception as error:
                if atomic:
                    self._dataset.remove_graph(URIRef(graph))
                message = _first_line(str(error)) or type(error).__name__
                raise ParseError(name, message, _line_of(message)) from None
            return
        scratch: rdflib.Graph = rdflib.Dataset() if media_type in _QUAD_FORMATS else rdflib.Graph()
        try:
            scratch.parse(source=source, data=data, format=fmt)
        except Exception as error:
            message = _first_line(str(error)) or type(error).__name__
            raise ParseError(name, message, _line_of(message)) from None
        if media_type in _QUAD_FORMATS:
            assert isinstance(scratch, rdflib.Dataset)
            for s, p, o, g in scratch.quads((None, None, None, None)):
                name = graph if g is None or str(g) == str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else str(g)
                self._dataset.graph(URIRef(name)).add((s, p, o))
        else:
            target = self._dataset.graph(URIRef(graph))
            for triple in scratch:
                target.add(triple)

    def add_triples(self, triples: Iterable[tuple[Identifier, Identifier, Identifier]], graph: str) -> None:
        target = self._dataset.graph(URIRef(graph))
        for triple in triples:
            target.add(triple)

    def clear(self, graph: str) -> None:
        self._dataset.remove_graph(URIRef(graph))

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Solutions:
        try:
            with self._lock:
                result = self._dataset.query(sparql, initBindings=dict(bindings or {}))
                if result.type == "SELECT":
                    result.bindings  # noqa: B018 - evaluate while holding the lock
        except Exception as error:
            text = _first_line(str(error))
            kind = "malformed SPARQL" if "Expected" in text or "Parse" in type(error).__name__ else "query failed"
            raise QueryError(f"{kind}: {text}") from None
        if result.type == "ASK":
            return Solutions("ask", [], [], boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars or []]
            rows = [
                {name: row[name] for name in variables if row[name] is not None}  # type: ignore[index,call-overload]
                for row in result
            ]
            return Solutions("select", variables, rows)  # type: ignore[arg-type]
        graph = rdflib.Graph()
        for triple in result:
            graph.add(triple)  # type: ignore[arg-type]
        return Solutions("graph", [], [], graph=graph)

    def is_empty(self, graph: str | None = None) -> bool:
        """True when the dataset (or the named ``graph``) holds no triple."""
        if graph is not None:
            return next(iter(self._dataset.graph(URIRef(graph)).triples((None, None, None))), None) is None
        return next(iter(self._dataset.quads((None, None, None, None))), None) is None

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(len(g) for g in self._dataset.graphs())
        return len(self._dataset.graph(URIRef(graph)))

    def triples(self, graph: str | None = None) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        if graph is None:
            for s, p, o, _ in self._dataset.quads((None, None, None, None)):
                yield s, p, o  # type: ignore[misc]
        else:
            yield from self._dataset.graph(URIRef(graph)).triples((None, None, None))  # type: ignore[misc]


ENGINES = ("oxigraph", "rdflib")


def open_store(engine: str = "oxigraph", path: str | os.PathLike[str] | None = None) -> Store:
    """Create an empty store of the named engine (``path``: an on-disk Oxigraph store)."""
    if engine == "oxigraph":
        return OxigraphStore(path)
    if path is not None:
        raise EngineError(f"engine {engine!r} has no on-disk store; use engine='oxigraph' with store=PATH")
    if engine == "rdflib":
        return RdflibStore()
    if engine == "remote":
        raise EngineError("engine 'remote' needs an endpoint: use kgtools.connect(url)")
    raise EngineError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")


def check_readable(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a Path, raising :class:`SourceNotFoundError` when it is not a readable file."""
    p = Path(path)
    if not p.is_file() or not os.access(p, os.R_OK):
        raise SourceNotFoundError(str(path))
    return p


def holds_more_than(store: Store, n: int, graph: str | None = None) -> bool:
    """True when ``store`` (or its named ``graph``) holds more than ``n`` triples: for ``n == 0``
    one quad read; on Oxigraph for a named graph ``n`` triples skipped in the store; otherwise counted."""
    if n <= 0:
        return not store.is_empty(graph)
    if graph is not None and isinstance(store, OxigraphStore):
        return store.holds_more_than(n, graph)
    return store.count(graph) > n


# --- bulk loading of generated data -------------------------------------------------


def load_generated(store: Store, data: bytes | Path, media_type: str, graph: str, *, checked: bool = False) -> None:
    """Load RDF that kgtools generated itself (e.g. the HPO import) as fast as the engine allows.
    ``data``: the text, or a file holding it. ``checked``: the generator has checked every IRI it
    wrote, so Oxigraph's parser skips validating them (``lenient``; the same triples from valid
    text: pyoxigraph alone bulk-loading all of HPO on disk, 18.4-20.6 CPU s against 19.9-21.2).

    :meth:`Store.load_data` parses into a scratch store first so that a malformed *user* file never
    leaves half its triples behind; for generated data that copy is wasted time (more than half
    of a 2-million-triple load on Oxigraph), so Oxigraph loads it straight into the target graph.
    """
    if isinstance(store, OxigraphStore):
        ox = store._ox
        to_graph = None if media_type in _QUAD_FORMATS else ox.NamedNode(graph)
        source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
        try:
            store._store.bulk_load(**source, format=store._format(media_type), to_graph=to_graph, lenient=checked)
        except (SyntaxError, ValueError, OSError) as error:
            raise ParseError("<generated data>", _first_line(str(error)), _line_of(str(error))) from None
        return
    store.load_data(data.read_bytes() if isinstance(data, Path) else data, media_type, graph, name="<generated data>")
class PipedLoad:
    """One bulk load of generated N-Triples that reads them while they are still being generated:
    the store's bulk loader runs in a thread reading a pipe (Oxigraph releases the GIL while it
    loads), and a second thread writes the queued texts into the pipe, so the generating thread
    never waits for the loader unless :data:`QUEUED` texts are waiting already.

    Only for Oxigraph on a system with ``/dev/fd`` (:meth:`possible`). A failed load (malformed
    text) is raised by the next :meth:`put` or by :meth:`finish`; after :meth:`abort` the store
    holds whatever part was loaded, so callers stream only into a graph they can clear."""

    QUEUED = 4
    PIPE_BYTES = 1 << 20  # a larger pipe than the default 64 KB: fewer waits of the loader thread

    def __init__(self, store: OxigraphStore, graph: str, *, checked: bool = False) -> None:
        import queue
        import threading

        self._read, self._write = os.pipe()
        try:  # Linux: F_SETPIPE_SZ
            import fcntl

            fcntl.fcntl(self._write, getattr(fcntl, "F_SETPIPE_SZ", 1031), self.PIPE_BYTES)
        except (ImportError, OSError):
            pass
        self.error: BaseException | None = None
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=self.QUEUED)
        self._loader = threading.Thread(
            target=self._load, args=(store, graph, checked), name="kgtools-load", daemon=True
        )
        self._writer = threading.Thread(target=self._feed, name="kgtools-feed", daemon=True)
        self._loader.start()
        self._writer.start()

    @staticmethod
    def possible(store: Store) -> bool:
        """Whether ``store`` can load from a pipe: Oxigraph, and ``/dev/fd`` names open files."""
        return isinstance(store, OxigraphStore) and os.name == "posix" and Path("/dev/fd").is_dir()

    def _load(self, store: OxigraphStore, graph: str, checked: bool) -> None:
        try:
            load_generated(store, Path(f"/dev/fd/{self._read}"), "application/n-triples", graph, checked=checked)
        except BaseException as error:  # handed to the generating thread
            self.error = error
        finally:
            os.close(self._read)  # a writer still writing gets a broken pipe

    def _feed(self) -> None:
        broken = False
        while (data := self._queue.get()) is not None:
            view = memoryview(data)
            while view and not broken:
                try:
                    view = view[os.write(self._write, view) :]
                except OSError:  # the loader stopped: keep taking texts so put() never blocks
                    broken = True
        os.close(self._write)

    def put(self, data: bytes) -> None:
        """Queue N-Triples text (whole lines) for the load."""
        if self.error is not None:
            raise self.error
        self._queue.put(data)

    def finish(self) -> None:
        """Wait until every queued text is loaded; raise the load's error if it failed."""
        self.abort()
        if self.error is not None:
            raise self.error

    def abort(self) -> None:
        """Stop feeding and wait for the loader to end (it keeps what it read)."""
        self._queue.put(None)
        self._writer.join()
        self._loader.join()


# --- bounded queries for the endpoint ---


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


def query_bounded(
    store: Store,
    sparql: str,
    max_results: int,
    deadline: float | None = None,
    dataset: tuple[Sequence[str], Sequence[str]] | None = None,
) -> tuple[Solutions, bool]:
    """Run ``sparql`` keeping at most ``max_results`` rows (or triples); return (solutions, truncated).

    On the oxigraph engine solutions are read lazily: reading stops after ``max_results + 1`` rows
    and raises :class:`QueryTimeout` once ``time.monotonic()`` passes ``deadline``. Other engines run
    the query whole and are truncated afterwards (their time limit is the caller's to enforce).
    """
    if not isinstance(store, OxigraphStore):
        if dataset is not None:
            raise QueryError(
                f"default-graph-uri and named-graph-uri need the oxigraph engine (this store: {store.engine})"
            )
        solutions = store.query(sparql)
        if solutions.kind == "select" and len(solutions.rows) > max_results:
            return Solutions("select", solutions.variables, solutions.rows[:max_results]), True
        if solutions.kind == "graph" and solutions.graph is not None and len(solutions.graph) > max_results:
            graph = rdflib.Graph()
            for i, triple in enumerate(solutions.graph):
                if i >= max_results:
                    break
                graph.add(triple)
            return Solutions("graph", [], [], graph=graph), True
        return solutions, False

    return store.run(sparql, max_results=max_results, deadline=deadline, dataset=dataset)


def _converter(ox: Any) -> Callable[[Any], Identifier]:
    """A term converter with a per-query memo (IRIs and flags repeat across rows; rdflib terms are slow to build)."""
    memo: dict[Any, Identifier] = {}

    def convert(term: Any) -> Identifier:
        found = memo.get(term)
        if found is None:
            found = memo[term] = _from_ox(ox, term)
        return found

    return convert
