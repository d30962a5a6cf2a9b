"""The :class:`KnowledgeGraph`: one store, its named graphs, and the questions users ask of it.

``kgtools.load()`` builds one. Everything reads the store through SPARQL (the named queries of
``queries/``), so the answers are the same on every engine. Derived views (the term index) are
built lazily and dropped whenever the store changes.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib.term import Identifier

from .errors import InputError, KgError
from .prefixes import compress
from .query import QueryLibrary, QueryResult, bind_parameters, looks_like_name
from .resources import ontology_path
from .safeparse import check_source
from .sandbox import check_offline
from .store import ASSERTED, DATA, GRAPHS, INFERRED, Store, check_readable, guess_format, open_store
from .terms import INDEX_QUERY, Term, TermIndex

if TYPE_CHECKING:
    from .reason import Classification, Explanation, ReasoningResult
    from .validate import ValidationReport

__all__ = ["KnowledgeGraph", "Association", "Quantity", "load", "RO_CORRELATED_WITH", "RO_HAS_LOCATION"]

RO_CORRELATED_WITH = "http://purl.obolibrary.org/obo/RO_0002610"
RO_HAS_LOCATION = "http://purl.obolibrary.org/obo/RO_0004026"
RO_BASIS_IN_DYSFUNCTION = "http://purl.obolibrary.org/obo/RO_0004020"
CLASSIFIED_UNDER = "https://w3id.org/xsco/XSCO_0000210"
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
class Quantity:
    """A number a source gives with an association, kept with its unit and population.

    ``measure`` says what is measured (prevalence, proportion, threshold, time after onset, ...);
    ``comparator`` how the value is stated (">", "<", "about", "up to", ... or None); ``value`` is the
    number (the lower bound of a range) and ``value_max`` the upper bound; ``unit`` is the source's
    unit, None when the source gives a bare number; ``population`` who was measured.
    """

    measure: str
    value: Decimal
    value_max: Decimal | None = None
    comparator: str | None = None
    unit: str | None = None
    population: str | None = None

    def __str__(self) -> str:
        number = f"{self.value}" + (f"-{self.value_max}" if self.value_max is not None else "")
        unit = "" if not self.unit else (self.unit if self.unit == "%" else " " + self.unit)
        comparator = f"{self.comparator} " if self.comparator else ""
        text = f"{self.measure} {comparator}{number}{unit}"
        return text + (f" in {self.population}" if self.population else "")


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
    scheme: Term | None = None
    quantity: Quantity | None = None

    def __str__(self) -> str:
        hedge = f" [{self.qualifier}]" if self.qualifier else ""
        neg = "NOT " if self.negated else ""
        number = f" ({self.quantity})" if self.quantity else ""
        return f"{self.subject.label} {neg}{self.predicate} {self.object.label}{hedge}{number}"


class KnowledgeGraph:
    """XSCO (and whatever else was loaded) in one RDF store, with lookups, associations and queries."""

    def __init__(self, store: Store, queries: QueryLibrary | None = None) -> None:
        self.store = store
        self.queries = queries or QueryLibrary()
        self.sources: list[str] = []
        self._index: TermIndex | None = None
        # issue 15: nothing reaches the network unless asked (remote JSON-LD contexts, owl:imports, SERVICE)
        self.allow_network = False

    # --- loading ---------------------------------------------------------------------------

    @property
    def engine(self) -> str:
        """Name of the engine behind the store ("oxigraph" or "rdflib")."""
        return self.store.engine

    def add(self, source: str | os.PathLike[str], graph: str = "asserted", format: str | None = None) -> None:
        """Read an RDF file into a named graph ("asserted", "inferred" or "data")."""
        path = check_readable(source)
        media_type = guess_format(path, format)
        check_source(str(path), media_type, path=path, allow_network=self.allow_network)  # issue 15
        self.store.load_file(path, media_type, _graph_iri(graph))
        self.sources.append(str(path))
        self._changed()

    def add_data(self, data: str | bytes, format: str = "turtle", graph: str = "data") -> None:
        """Read RDF given as text into a named graph (default: "data")."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        media_type = guess_format("<data>", format)
        check_source("<data>", media_type, data=raw, allow_network=self.allow_network)  # issue 15
        self.store.load_data(raw, media_type, _graph_iri(graph))
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
        self.__dict__.pop("_graph_cache", None)  # issue 7: cached networkx graphs

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
        check_offline(name_or_sparql, self.allow_network)
        return QueryResult.from_solutions(self.store.query(name_or_sparql), name_or_sparql)

    # --- associations ----------------------------------------------------------------------

    def associations(
        self,
        subject: str | Term | None = None,
        object: str | Term | None = None,
        predicate: str | None = None,
        source: str | None = None,
    ) -> list[Association]:
        """Associations, optionally with a given subject, object, predicate (CURIE or IRI) and/or source."""
        params: dict[str, Any] = {}
        if subject is not None:
            params["subject"] = self.term(subject).iri
        if object is not None:
            params["object"] = self.term(object).iri
        if predicate is not None:
            params["predicate"] = predicate
        if source is not None:
            params["source"] = source
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
            scheme=_scheme(row),
            quantity=_quantity(row),
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

    # --- knowledge beyond the seed (issue 10) -----------------------------------------------

    def classifications(self, term: str | Term) -> list[Association]:
        """Where each classification scheme places ``term``: one association per scheme and category."""
        return [a for a in self.associations(subject=term, predicate=CLASSIFIED_UNDER) if not a.negated]

    def genes_for(self, disorder: str | Term) -> list[Association]:
        """Genes whose variants a source says cause ``disorder`` (RO:0004020)."""
        return [a for a in self.associations(subject=disorder, predicate=RO_BASIS_IN_DYSFUNCTION) if not a.negated]

    def quantities(self, term: str | Term | None = None) -> list[Association]:
        """Statements that carry a number (about ``term`` as subject or object, when given)."""
        if term is None:
            return [a for a in self.associations() if a.quantity is not None]
        found = self.associations(subject=term) + self.associations(object=term)
        return [a for a in found if a.quantity is not None]

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

    # --- reasoning (issue 3) ---

    def reason(self, reasoner: str = "hermit", java: str | None = None) -> ReasoningResult:
        """Reason over the asserted + data graphs; the conclusions replace the ``inferred`` graph.

        ``reasoner`` is "hermit", "pellet" (owlready2, need Java) or "rl" (OWL 2 RL, also the fallback
        when no Java is found). See :mod:`kgtools.reason`.
        """
        from .reason import reason

        return reason(self, reasoner, java)

    def classify(self, individual: str | Term, reasoner: str = "hermit", explain: bool = True) -> Classification:
        """Asserted and inferred types of an individual (e.g. an imaging finding), with the axioms behind each."""
        from .reason import classify

        return classify(self, individual, reasoner=reasoner, explain_types=explain)

    def explain(
        self,
        subject: str | Term | None = None,
        target: str | Term | None = None,
        kind: str | None = None,
        method: str | None = None,
    ) -> list[Explanation]:
        """Justifications for an inconsistency, an unsatisfiable class, a type or a subclass.

        ``method``: "pellet" (glass box, default with Java >= 25) or "hermit" (black-box search).
        """
        from .reason import explain

        return explain(self, subject, target, kind, method)

    # --- linking and export (issue 6) ---

    def mappings(self, target: str | None = None) -> list[Any]:
        """The curated SSSOM mappings (:class:`kgtools.link.Mapping`), optionally to one target prefix (e.g. "HP")."""
        from .link import read_sssom

        rows = read_sssom().mappings
        return [m for m in rows if target is None or m.target.casefold() == target.casefold()]

    def link_hpo(self, roots: Sequence[str] | None = None, **options: Any) -> Any:
        """Import HPO terms and disease annotations into the "hpo" graph; see :func:`kgtools.link.hpo`."""
        from .link import hpo

        return hpo(self, roots, **options)

    def export(
        self, to: str, output: str | os.PathLike[str] | None = None, graphs: tuple[str, ...] = ("asserted",)
    ) -> Any:
        """Serialise the graph (owl, rdfxml, ttl, jsonld, obo, obographs, sssom, kgx); see :func:`kgtools.export.export`."""
        from .export import export

        return export(self, to, output, graphs)



    def __repr__(self) -> str:
        return f"<KnowledgeGraph engine={self.engine} triples={self.store.count()} sources={len(self.sources)}>"

    # --- graph traversal, site roll-ups and differential (issue 7) ---

    def graph(
        self, predicates: str | Iterable[str] | None = None, inferred: bool = True, include_negated: bool = False
    ) -> Any:
        """The store as a frozen ``networkx.MultiDiGraph``: CURIE nodes, child -> parent edges keyed by
        predicate CURIE (see :mod:`kgtools.graph`). ``predicates``: names (is_a, part_of, has_location,
        associated_with) or CURIEs; None means all four names. Cached until the store changes."""
        import networkx as nx

        from .graph import build_graph, resolve_predicates

        key = (resolve_predicates(predicates), inferred, include_negated)
        cache: dict[tuple[Any, ...], Any] = self.__dict__.setdefault("_graph_cache", {})
        if key not in cache:
            cache[key] = nx.freeze(build_graph(self.store, key[0], inferred, include_negated))
        return cache[key]

    def _node(self, x: str | Term) -> str:
        return self.term(x).curie

    def _traversal_graph(self, predicates: str | Iterable[str] | None, inferred: bool = True) -> Any:
        from .graph import DEFAULT_TRAVERSAL, resolve_predicates

        return self.graph(resolve_predicates(predicates, DEFAULT_TRAVERSAL), inferred)

    def ancestors(
        self, x: str | Term, predicates: str | Iterable[str] | None = None, reflexive: bool = False
    ) -> list[str]:
        """CURIEs of the ancestors of ``x`` (default predicates: is_a and part_of), sorted."""
        from .graph import ancestors

        return sorted(ancestors(self._traversal_graph(predicates), self._node(x), reflexive))

    def descendants(
        self, x: str | Term, predicates: str | Iterable[str] | None = None, reflexive: bool = False
    ) -> list[str]:
        """CURIEs of the descendants (subclasses, parts) of ``x`` (default: is_a and part_of), sorted."""
        from .graph import descendants

        return sorted(descendants(self._traversal_graph(predicates), self._node(x), reflexive))

    def paths(self, a: str | Term, b: str | Term, predicates: str | Iterable[str] | None = None) -> list[list[str]]:
        """Paths (lists of CURIEs) from ``a`` up to its ancestor ``b``, shortest first."""
        from .graph import paths

        return paths(self._traversal_graph(predicates), self._node(a), self._node(b))

    def subgraph(
        self,
        terms: Iterable[str | Term],
        up: bool = True,
        down: bool = False,
        predicates: str | Iterable[str] | None = None,
    ) -> Any:
        """The graph around ``terms``: them, their ancestors (``up``) and/or descendants (``down``)."""
        from .graph import subgraph

        return subgraph(self._traversal_graph(predicates), [self._node(t) for t in terms], up, down)

    def siblings(self, x: str | Term, predicates: str | Iterable[str] | None = "is_a") -> list[str]:
        """CURIEs of the terms sharing a direct parent with ``x`` (default: by is_a), sorted."""
        from .graph import siblings

        return sorted(siblings(self._traversal_graph(predicates), self._node(x)))

    def lca(self, a: str | Term, b: str | Term, predicates: str | Iterable[str] | None = "is_a") -> list[str]:
        """Lowest common ancestors of ``a`` and ``b`` (default: by is_a), sorted."""
        from .graph import lca

        return sorted(lca(self._traversal_graph(predicates), self._node(a), self._node(b)))

    def types_at(self, site: str | Term, rollup: bool = True) -> list[Association]:
        """Site associations (RO:0004026) at ``site`` and, with ``rollup``, at its parts and subclasses."""
        sites = set(self.descendants(site, reflexive=True)) if rollup else {self._node(site)}
        found = self.associations(predicate=RO_HAS_LOCATION)
        return [a for a in found if not a.negated and a.object.curie in sites]

    def differential(self, finding: Any) -> list[Any]:
        """Rank calcification types and associated disorders for an imaging finding.

        ``finding``: a :class:`kgtools.differential.Finding`, or the CURIE/IRI of a finding in the
        loaded instance data. Returns :class:`kgtools.differential.Candidate` objects, best first.
        """
        from .differential import differential

        return differential(self, finding)
    # --- validation (issue 4) ---

    def validate(
        self,
        data: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
        shapes: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
        engine: str = "pyshacl",
        qc: str | os.PathLike[str] | bool | None = None,
    ) -> ValidationReport:
        """Check this graph (plus ``data`` files) against the SHACL shapes and QC queries; see :func:`kgtools.validate.validate`."""
        from .validate import validate

        return validate(self, data=data, shapes=shapes, engine=engine, qc=qc)


def _scheme(row: dict[str, Identifier]) -> Term | None:
    if "scheme" not in row:
        return None
    label = row.get("scheme_label")
    return Term(curie=compress(str(row["scheme"])), iri=str(row["scheme"]), label=str(label) if label else None)


def _quantity(row: dict[str, Identifier]) -> Quantity | None:
    if "value" not in row:
        return None

    def text(key: str) -> str | None:
        return str(row[key]) if key in row else None

    return Quantity(
        measure=text("measure") or "value",
        value=Decimal(str(row["value"])),
        value_max=Decimal(str(row["value_max"])) if "value_max" in row else None,
        comparator=text("comparator"),
        unit=text("unit"),
        population=text("population"),
    )


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
    allow_network: bool = False,
) -> KnowledgeGraph:
    """Load RDF sources into a new :class:`KnowledgeGraph`.

    With no ``sources`` the bundled XSCO ontology is loaded. ``data`` files go into the ``data``
    graph. ``bundled=True`` adds XSCO beside the given sources. ``engine`` is "oxigraph" (default)
    or "rdflib"; ``store`` is a folder for an on-disk Oxigraph store: when it already holds data it
    is opened as it is, without reading the sources again (``refresh=True`` empties it and loads
    the sources anew). Loading is offline unless ``allow_network`` (issue 15): a remote JSON-LD
    ``@context`` is an error, and the graph's queries may not use ``SERVICE``.
    """
    kg = KnowledgeGraph(open_store(engine, store))
    kg.allow_network = allow_network
    # --- on-disk store: load once, open instantly (issue 5) ---
    if store is not None:
        from .ondisk import open_or_refresh

        if open_or_refresh(kg, store, refresh):
            return kg
    paths = [Path(s) for s in sources]
    if bundled or (bundled is None and not paths):
        paths.insert(0, ontology_path())
    empty: list[str] = []
    for path, graph in [*((p, "asserted") for p in paths), *((Path(d), "data") for d in data)]:
        before = kg.store.count()
        kg.add(path, graph=graph)
        if kg.store.count() == before:
            empty.append(str(path))
    # issue 15: an empty input is said, and a graph with nothing at all is an error (exit 2)
    if empty and kg.store.count() == 0:
        raise InputError(f"nothing was loaded: {', '.join(empty)} {'holds' if len(empty) == 1 else 'hold'} no triples")
    for name in empty:
        warnings.warn(f"{name} holds no triples (nothing new was loaded from it)", stacklevel=2)
    if store is not None:
        from .ondisk import write_manifest

        write_manifest(kg, store)
    return kg

