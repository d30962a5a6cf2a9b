"""The :class:`KnowledgeGraph`: one store, its named graphs, and the questions users ask of it.

``kgtools.load()`` builds one. Everything reads the store through SPARQL (the named queries of
``queries/``), so the answers are the same on every engine. Derived views (the term index) are
built lazily and dropped whenever the store changes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib.term import Identifier

from .errors import KgError
from .prefixes import compress
from .query import QueryLibrary, QueryResult, bind_parameters, looks_like_name
from .resources import ontology_path
from .store import ASSERTED, DATA, GRAPHS, INFERRED, Store, check_readable, guess_format, open_store
from .terms import INDEX_QUERY, Term, TermIndex

__all__ = ["KnowledgeGraph", "Association", "load", "RO_CORRELATED_WITH", "RO_HAS_LOCATION"]

RO_CORRELATED_WITH = "http://purl.obolibrary.org/obo/RO_0002610"
RO_HAS_LOCATION = "http://purl.obolibrary.org/obo/RO_0004026"
XSCO_ROOT = "https://w3id.org/xsco/XSCO_0000001"
ONTOLOGY_INFO_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?ontology ?version_iri ?version ?title WHERE {
  ?ontology a owl:Ontology .
  OPTIONAL { ?ontology owl:versionIRI ?version_iri }
  OPTIONAL { ?ontology owl:versionInfo ?version }
  OPTIONAL { ?ontology dcterms:title ?title }
} ORDER BY ?ontology
"""
COUNT_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX oban: <http://purl.org/oban/>
SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a %s . FILTER(isIRI(?c)) }
"""


@dataclass(frozen=True)
class Association:
    """A statement of a source, reified: subject -predicate-> object, with its provenance.

    ``qualifier`` is the source's own hedge word exactly as written ("usually not", "most often",
    "especially", ...) or None; ``open_list`` is True when the source gives the object as one
    member of an open list ("such as", "including"); ``negated`` is True when the source says the
    association does not (usually) hold.
    """

    subject: Term
    predicate: str
    object: Term
    qualifier: str | None
    source: str
    text: str
    open_list: bool
    negated: bool = False
    iri: str = ""

    def __str__(self) -> str:
        hedge = f" [{self.qualifier}]" if self.qualifier else ""
        neg = "NOT " if self.negated else ""
        return f"{self.subject.label} {neg}{self.predicate} {self.object.label}{hedge}"


class KnowledgeGraph:
    """XSCO (and whatever else was loaded) in one RDF store, with lookups, associations and queries."""

    def __init__(self, store: Store, queries: QueryLibrary | None = None) -> None:
        self.store = store
        self.queries = queries or QueryLibrary()
        self.sources: list[str] = []
        self._index: TermIndex | None = None

    # --- loading ---------------------------------------------------------------------------

    @property
    def engine(self) -> str:
        """Name of the engine behind the store ("oxigraph" or "rdflib")."""
        return self.store.engine

    def add(self, source: str | os.PathLike[str], graph: str = "asserted", format: str | None = None) -> None:
        """Read an RDF file into a named graph ("asserted", "inferred" or "data")."""
        path = check_readable(source)
        self.store.load_file(path, guess_format(path, format), _graph_iri(graph))
        self.sources.append(str(path))
        self._changed()

    def add_data(self, data: str | bytes, format: str = "turtle", graph: str = "data") -> None:
        """Read RDF given as text into a named graph (default: "data")."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.store.load_data(raw, guess_format("<data>", format), _graph_iri(graph))
        self._changed()

    def add_triples(self, triples: Iterable[tuple[Identifier, Identifier, Identifier]], graph: str) -> None:
        """Add triples to a named graph (e.g. reasoning results to "inferred")."""
        self.store.add_triples(triples, _graph_iri(graph))
        self._changed()

    def clear(self, graph: str) -> None:
        """Empty a named graph."""
        self.store.clear(_graph_iri(graph))
        self._changed()

    def _changed(self) -> None:
        self._index = None

    # --- terms -----------------------------------------------------------------------------

    @property
    def index(self) -> TermIndex:
        """The term index (built on first use, rebuilt after the store changes)."""
        if self._index is None:
            self._index = TermIndex(self.store.query(INDEX_QUERY).rows)
        return self._index

    def term(self, x: str | Term) -> Term:
        """The term for a CURIE, IRI, label or synonym (case-insensitive); raises UnknownTermError."""
        if isinstance(x, Term):
            return x
        return self.index.resolve(x)

    def search(self, text: str, limit: int = 10) -> list[Term]:
        """Terms whose label or synonym matches ``text``: exact matches first, then partial ones."""
        return self.index.search(text, limit)

    def terms(self) -> list[Term]:
        """Every labelled term, sorted by CURIE."""
        return list(self.index)

    def _term_for(self, iri: Identifier) -> Term:
        found = self.index.get(str(iri))
        return found or Term(curie=compress(str(iri)), iri=str(iri), label=None)

    # --- queries ---------------------------------------------------------------------------

    def query(self, name_or_sparql: str, **params: Any) -> QueryResult:
        """Run a named query (``queries/<name>.rq``) with bound parameters, or SPARQL text as given."""
        if looks_like_name(name_or_sparql):
            named = self.queries.get(name_or_sparql)
            bindings = bind_parameters(named, params, lambda text: self.term(text).iri)
            return QueryResult.from_solutions(self.store.query(named.text, bindings), named.text)
        if params:
            raise KgError("parameters can only be given to a named query")
        return QueryResult.from_solutions(self.store.query(name_or_sparql), name_or_sparql)

    # --- associations ----------------------------------------------------------------------

    def associations(
        self, subject: str | Term | None = None, object: str | Term | None = None, predicate: str | None = None
    ) -> list[Association]:
        """Associations, optionally with a given subject, object and/or predicate (CURIE or IRI)."""
        params: dict[str, Any] = {}
        if subject is not None:
            params["subject"] = self.term(subject).iri
        if object is not None:
            params["object"] = self.term(object).iri
        if predicate is not None:
            params["predicate"] = predicate
        result = self.query("associations", **params)
        return [self._association(row) for row in result.terms]

    def _association(self, row: dict[str, Identifier]) -> Association:
        return Association(
            subject=self._term_for(row["subject"]),
            predicate=compress(str(row["predicate"])),
            object=self._term_for(row["object"]),
            qualifier=str(row["qualifier"]) if "qualifier" in row else None,
            source=str(row["source"]),
            text=str(row.get("text", "")),
            open_list=_true(row.get("open_list")),
            negated=_true(row.get("negated")),
            iri=str(row["association"]),
        )

    def disorders_for(self, type: str | Term) -> list[Association]:
        """Conditions associated with a calcification type (negated statements excluded)."""
        return [
            a
            for a in self.associations(subject=type, predicate=RO_CORRELATED_WITH)
            if not a.negated
        ]

    def types_for(self, disorder: str | Term) -> list[Association]:
        """Calcification (and ossification) types associated with a condition."""
        types = {str(r["type"]) for r in self.query("calcification-types").terms} | {XSCO_ROOT}
        return [
            a
            for a in self.associations(object=disorder, predicate=RO_CORRELATED_WITH)
            if not a.negated and a.subject.iri in types
        ]

    def sites_for(self, type: str | Term) -> list[Association]:
        """Anatomical sites where a source says the type occurs."""
        return [a for a in self.associations(subject=type, predicate=RO_HAS_LOCATION) if not a.negated]

    # --- summary ---------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """Ontology IRI and version, and counts of classes, associations and triples per graph."""
        rows = self.query(ONTOLOGY_INFO_QUERY).rows
        head = next((r for r in rows if "xsco" in str(r["ontology"])), rows[0] if rows else {})

        def count(cls: str) -> int:
            return int(self.query(COUNT_QUERY % cls).rows[0]["n"])

        return {
            "ontology": head.get("ontology"),
            "title": head.get("title"),
            "version": head.get("version"),
            "version_iri": head.get("version_iri"),
            "engine": self.engine,
            "classes": count("owl:Class"),
            "associations": count("oban:association"),
            "triples": self.store.count(),
            "triples_asserted": self.store.count(ASSERTED),
            "triples_inferred": self.store.count(INFERRED),
            "triples_data": self.store.count(DATA),
            "sources": list(self.sources),
        }

    def __repr__(self) -> str:
        return f"<KnowledgeGraph engine={self.engine} triples={self.store.count()} sources={len(self.sources)}>"


def _true(value: Identifier | None) -> bool:
    return value is not None and str(value).lower() in ("true", "1")


def _graph_iri(graph: str) -> str:
    if graph in GRAPHS:
        return GRAPHS[graph]
    if graph.startswith(("http://", "https://", "urn:")):
        return graph
    raise KgError(f"unknown graph {graph!r}; use one of: {', '.join(GRAPHS)} or an IRI")


def load(
    *sources: str | os.PathLike[str],
    engine: str = "oxigraph",
    store: str | os.PathLike[str] | None = None,
    data: Iterable[str | os.PathLike[str]] = (),
    bundled: bool | None = None,
    refresh: bool = False,
) -> KnowledgeGraph:
    """Load RDF sources into a new :class:`KnowledgeGraph`.

    With no ``sources`` the bundled XSCO ontology is loaded. ``data`` files go into the ``data``
    graph. ``bundled=True`` adds XSCO beside the given sources. ``engine`` is "oxigraph" (default)
    or "rdflib"; ``store`` is a folder for an on-disk Oxigraph store: when it already holds data it
    is opened as it is, without reading the sources again (``refresh=True`` empties it and loads
    the sources anew).
    """
    kg = KnowledgeGraph(open_store(engine, store))
    # --- on-disk store: load once, open instantly (issue 5) ---
    if store is not None:
        from .ondisk import open_or_refresh

        if open_or_refresh(kg, store, refresh):
            return kg
    paths = [Path(s) for s in sources]
    if bundled or (bundled is None and not paths):
        paths.insert(0, ontology_path())
    for path in paths:
        kg.add(path, graph="asserted")
    for extra in data:
        kg.add(extra, graph="data")
    if store is not None:
        from .ondisk import write_manifest

        write_manifest(kg, store)
    return kg

