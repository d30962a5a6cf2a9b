"""The store as a networkx graph, and traversal over it (ancestors, descendants, paths, ...).

:func:`build_graph` projects the store into a :class:`networkx.MultiDiGraph` with SPARQL (one
query per kind of edge, no re-parse of any file):

* **Nodes** are CURIEs (``XSCO:0000005``, ``UBERON:0002072``; an IRI outside the prefix map
  stays a full IRI), with the attributes ``label`` (the first ``rdfs:label``, or None) and
  ``iri``. Every subject or object of an included edge is a node; terms with no such edge are not.
* **Edges point from child to parent**, i.e. from the subject of a statement to its object:
  ``calcinosis -> extra-skeletal calcification`` (is_a), ``hypodermis -> integument`` (part_of),
  ``calcinosis -> hypodermis`` (has_location), ``calcinosis -> scleroderma`` (associated_with).
  So ``networkx.descendants(G, x)`` are the *ancestors* of ``x`` in the ontology sense, and
  ``networkx.ancestors(G, x)`` its *descendants* (as in obonet).
* **Edge keys are predicate CURIEs**: ``rdfs:subClassOf``, ``BFO:0000050``, ``RO:0004026``,
  ``RO:0002610`` or any other CURIE asked for. Every edge has the attributes ``predicate``
  (the CURIE), ``qualifier`` (the source's hedge word, e.g. "most often", or None), ``source``
  (the source IRI or None), ``open_list``, ``negated``, ``hedged`` (True when every statement
  behind the edge carries a qualifier that weakens it) and ``statements`` (one dict per OBAN
  association behind the edge; empty for a plain axiom).

Predicates by name (:data:`PREDICATES`): ``is_a`` (``rdfs:subClassOf`` between named classes),
``part_of`` (``BFO:0000050``: plain triples and OWL restrictions
``rdfs:subClassOf [owl:onProperty BFO:0000050; owl:someValuesFrom X]``), ``has_location``
(``RO:0004026``) and ``associated_with`` (``RO:0002610``), the last two read from the OBAN
association nodes (and their shortcut triples). Any other CURIE or IRI works as for part_of.

Negated associations ("usually not associated with ...") never become plain edges: they are
left out unless ``include_negated=True``, and then they carry ``negated=True`` under the key
``"NOT <predicate>"``; traversals never follow them.

The graph is built from the ``asserted`` named graph plus, when ``inferred=True``, whatever a
reasoner wrote into the ``inferred`` graph (possibly nothing). Instance data (the ``data`` graph)
is not part of it. :class:`~kgtools.kg.KnowledgeGraph` caches one frozen graph per
(predicates, inferred, include_negated) and drops them when the store changes.

Traversal functions take a graph and are **not reflexive** unless asked
(``reflexive=True`` adds the term itself). Their default predicates are
:data:`DEFAULT_TRAVERSAL` (``is_a`` and ``part_of``): the structural hierarchy, so that
"ancestors of the hypodermis" gives the integument and the anatomical entity, and
"descendants of connective tissue" includes its parts and subclasses (site roll-up).
"""

from __future__ import annotations

import gc
import warnings
import re
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import UnknownPredicateError
from .prefixes import PREFIX_MAP, compress, expand
from .qualifiers import Qualifiers, bundled_qualifiers, read_qualifiers
from .query import internal_query
from .store import ASSERTED, INFERRED, OxigraphStore, Store

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ASSOCIATED_WITH",
    "DEFAULT_TRAVERSAL",
    "HAS_LOCATION",
    "IS_A",
    "PART_OF",
    "PREDICATES",
    "ancestors",
    "build_graph",
    "closure",
    "descendants",
    "is_hedged",
    "lca",
    "paths",
    "resolve_predicates",
    "siblings",
    "subgraph",
]

IS_A = "rdfs:subClassOf"
PART_OF = "BFO:0000050"
HAS_LOCATION = "RO:0004026"
ASSOCIATED_WITH = "RO:0002610"
PREDICATES: dict[str, str] = {
    "is_a": IS_A,
    "part_of": PART_OF,
    "has_location": HAS_LOCATION,
    "associated_with": ASSOCIATED_WITH,
}
DEFAULT_TRAVERSAL = ("is_a", "part_of")

_RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_OWL_THING = "http://www.w3.org/2002/07/owl#Thing"
_IRI_OK = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
GRAPHS_PLACEHOLDER = "<urn:kgtools:graphs>"  # in the VALUES ?g of the graph-* internal queries


def is_hedged(qualifier: str | None, qualifiers: Qualifiers | None = None) -> bool:
    """True when a source's qualifier weakens the statement ("usually", "most often", ...).

    The ontology says which qualifiers are hedges (see :mod:`kgtools.qualifiers`); ``qualifiers``
    is that list as read from a store, by default the bundled XSCO's. Matching is exact.
    """
    return (qualifiers or bundled_qualifiers()).is_hedged(qualifier)


def __getattr__(name: str) -> Any:
    if name == "HEDGE_WORDS":  # deprecated: the ontology lists the hedges (kgtools.qualifiers)
        warnings.warn(
            "kgtools.graph.HEDGE_WORDS is deprecated; use kgtools.qualifiers", DeprecationWarning, stacklevel=2
        )
        return tuple(sorted(bundled_qualifiers().hedged))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def resolve_predicates(predicates: str | Iterable[str] | None, default: Iterable[str] | None = None) -> tuple[str, ...]:
    """Predicate names, CURIEs or IRIs -> a sorted tuple of CURIEs (``None``: ``default`` or all names)."""
    if predicates is None:
        predicates = tuple(default) if default is not None else tuple(PREDICATES)
    if isinstance(predicates, str):
        predicates = [predicates]
    out: set[str] = set()
    for item in predicates:
        name = str(item).strip()
        if name in PREDICATES:
            out.add(PREDICATES[name])
        elif name.startswith(("http://", "https://")) and _IRI_OK.match(name):
            out.add(compress(name))
        elif ":" in name and " " not in name and (expand(name) or name == IS_A):
            out.add(name)
        else:
            raise UnknownPredicateError(name, list(PREDICATES))
    if not out:
        raise UnknownPredicateError("", list(PREDICATES))
    return tuple(sorted(out))


def _iri(curie: str) -> str:
    if curie == IS_A:
        return _RDFS_SUBCLASS
    iri = expand(curie) if not curie.startswith(("http://", "https://")) else curie
    if not iri or not _IRI_OK.match(iri):
        raise UnknownPredicateError(curie, list(PREDICATES))
    return iri


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large containers of many small objects.

    Building a 50k-node graph or closure allocates ~10^6 objects and would otherwise trigger many
    generational collections that find nothing to free (about a third of the time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _true(value: Any) -> bool:
    return value is not None and str(value).lower() in ("true", "1")


def _graph_query(name: str, graphs: str) -> str:
    """The internal query ``name`` reading the named graphs ``graphs`` (IRIs in angle brackets)."""
    return internal_query(name).replace(GRAPHS_PLACEHOLDER, graphs)


def _values(
    store: Store, sparql: str, names: tuple[str, ...], bindings: dict[str, str] | None = None
) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT query as tuples of plain strings (IRIs and literal values), None when unbound.

    On the Oxigraph engine this reads pyoxigraph's solutions directly (no rdflib term per value),
    which is what keeps building a 50k-class graph under a second; other engines go through
    :meth:`Store.query`.
    """
    if isinstance(store, OxigraphStore):
        import pyoxigraph as ox

        subs: dict[Any, Any] = {ox.Variable(k): ox.NamedNode(v) for k, v in (bindings or {}).items()}
        raw = store.native.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        if not isinstance(raw, ox.QuerySolutions):
            raise TypeError("expected a SELECT query")
        out = []
        for solution in raw:
            row = []
            for name in names:
                value = solution[name]
                row.append(None if value is None else value.value)
            out.append(tuple(row))
        return out
    from rdflib import URIRef

    rows = store.query(sparql, {k: URIRef(v) for k, v in (bindings or {}).items()}).rows
    return [tuple(None if n not in r else str(r[n]) for n in names) for r in rows]


def _compressor() -> tuple[Any, dict[str, str]]:
    """A memoising IRI -> CURIE function with the same answers as :func:`kgtools.prefixes.compress`.

    It matches the longest namespace of :data:`~kgtools.prefixes.PREFIX_MAP` with one compiled
    regular expression (``curies`` would cost ~15 us per IRI, most of a 50k-class graph build).
    """
    by_ns = {ns: prefix for prefix, ns in PREFIX_MAP.items()}
    pattern = re.compile("|".join(re.escape(ns) for ns in sorted(by_ns, key=len, reverse=True)))
    cache: dict[str, str] = {}

    def curie(iri: str) -> str:
        found = cache.get(iri)
        if found is None:
            m = pattern.match(iri)
            found = cache[iri] = f"{by_ns[m.group(0)]}:{iri[m.end() :]}" if m else iri
        return found

    return curie, cache


def build_graph(
    store: Store, predicates: Iterable[str], inferred: bool = True, include_negated: bool = False
) -> nx.MultiDiGraph:
    """Project the store into a MultiDiGraph (child -> parent edges keyed by predicate CURIE).

    ``predicates`` are CURIEs (see :func:`resolve_predicates`). The result is not frozen; the
    :class:`~kgtools.kg.KnowledgeGraph` freezes the graphs it caches.
    """
    with _gc_paused():
        return _build_graph(store, tuple(predicates), inferred, include_negated)


def _build_graph(store: Store, predicates: tuple[str, ...], inferred: bool, include_negated: bool) -> nx.MultiDiGraph:
    import networkx as nx

    graphs = f"<{ASSERTED}>" + (f" <{INFERRED}>" if inferred else "")
    preds = tuple(predicates)
    node, compressed = _compressor()
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(s: str, o: str, key: str, attrs: dict[str, Any]) -> None:
        edge = (node(s), node(o), key)
        if edge not in edges:
            edges[edge] = attrs

    # Associations first: their edges carry the source, qualifier and flags.
    qualifiers = read_qualifiers(store) or bundled_qualifiers()
    by_edge: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = {}
    wanted = {_iri(p): p for p in preds}
    names = ("a", "s", "p", "o", "qualifier", "open_list", "negated", "source")
    for a, s_, p, o, qualifier, open_list, negated_, source in _values(
        store, _graph_query("graph-associations", graphs), names
    ):
        if p not in wanted or s_ is None or o is None:
            continue
        negated = _true(negated_)
        if negated and not include_negated:
            continue
        statement: dict[str, Any] = {
            "association": node(str(a)),
            "qualifier": qualifier,
            "source": source,
            "open_list": _true(open_list),
            "negated": negated,
        }
        by_edge.setdefault((s_, o, wanted[p], negated), []).append(statement)
    for (s_, o, pred, negated), statements in sorted(by_edge.items()):
        # The strongest statement speaks for the edge: unhedged before hedged, then by association ID.
        best = min(statements, key=lambda st: (qualifiers.is_hedged(st["qualifier"]), st["association"]))
        add(
            s_,
            o,
            ("NOT " + pred) if negated else pred,
            {
                "predicate": pred,
                "qualifier": best["qualifier"],
                "source": best["source"],
                "open_list": best["open_list"],
                "negated": negated,
                "hedged": all(qualifiers.is_hedged(st["qualifier"]) for st in statements),
                "statements": tuple(statements),
            },
        )

    # Axioms and plain triples.
    for pred in preds:
        plain = {
            "predicate": pred,
            "qualifier": None,
            "source": None,
            "open_list": False,
            "negated": False,
            "hedged": False,
            "statements": (),
        }
        if pred == IS_A:
            rows = _values(store, _graph_query("graph-is-a", graphs), ("s", "o"))
        else:
            rows = _values(store, _graph_query("graph-relation", graphs), ("s", "o"), {"p": _iri(pred)})
        for s_, o in rows:
            if s_ is not None and o is not None:
                add(s_, o, pred, plain)

    g = nx.MultiDiGraph()
    g.add_edges_from((u, v, k, dict(d)) for (u, v, k), d in edges.items())
    labels: dict[str, str] = {}
    for s_, label in _values(store, internal_query("graph-labels"), ("s", "label")):
        if s_ is not None and label is not None:
            labels.setdefault(s_, label)
    nodes = g.nodes
    for iri, curie in compressed.items():
        if curie in nodes:
            nodes[curie]["label"] = labels.get(iri)
            nodes[curie]["iri"] = iri
    return g


# --- traversal over a built graph -----------------------------------------------------------


# Frozen graphs (kg.graph() hands out only frozen ones) never change, so what a traversal learns about
# one is kept with it: whether it has negated edges (a scan of every edge) and each node's reach.
# Keyed weakly by the graph object; the values hold no reference to it.
_HAS_NEGATED: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()
_REACH: weakref.WeakKeyDictionary[Any, dict[tuple[str, bool], frozenset[str]]] = weakref.WeakKeyDictionary()


def _follow(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A view of ``g`` without negated edges (traversals never follow them)."""
    import networkx as nx

    frozen = nx.is_frozen(g)
    negated = _HAS_NEGATED.get(g) if frozen else None
    if negated is None:
        negated = any(d.get("negated") for _, _, d in g.edges(data=True))
        if frozen:
            _HAS_NEGATED[g] = negated
    if not negated:
        return g
    return nx.subgraph_view(g, filter_edge=lambda u, v, k: not g.edges[u, v, k].get("negated"))


def _reach(g: nx.MultiDiGraph, node: str, up: bool) -> frozenset[str]:
    """The nodes reachable from ``node`` upwards (child -> parent) or downwards, remembered for frozen graphs."""
    import networkx as nx

    frozen = nx.is_frozen(g)
    known = _REACH.setdefault(g, {}) if frozen else {}
    found = known.get((node, up))
    if found is None:
        follow = _follow(g)
        found = frozenset(nx.descendants(follow, node) if up else nx.ancestors(follow, node))
        if frozen:
            known[(node, up)] = found
    return found


def ancestors(g: nx.MultiDiGraph, node: str, reflexive: bool = False) -> set[str]:
    """Nodes reachable from ``node`` along child -> parent edges (plus ``node`` if reflexive)."""
    if node not in g:
        return {node} if reflexive else set()
    found = set(_reach(g, node, up=True))
    if reflexive:
        found.add(node)
    return found


def descendants(g: nx.MultiDiGraph, node: str, reflexive: bool = False) -> set[str]:
    """Nodes from which ``node`` is reachable (its subclasses and parts), plus ``node`` if reflexive."""
    if node not in g:
        return {node} if reflexive else set()
    found = set(_reach(g, node, up=False))
    if reflexive:
        found.add(node)
    return found


def paths(g: nx.MultiDiGraph, a: str, b: str, limit: int = 100) -> list[list[str]]:
    """Simple paths from ``a`` up to ``b`` (``b`` an ancestor of ``a``), shortest first, at most ``limit``."""
    import networkx as nx

    if a not in g or b not in g:
        return []
    if a == b:
        return [[a]]
    seen: set[tuple[str, ...]] = set()
    for path in nx.all_simple_paths(nx.DiGraph(_follow(g)), a, b):
        seen.add(tuple(path))
        if len(seen) >= limit:
            break
    return [list(p) for p in sorted(seen, key=lambda p: (len(p), p))]


def subgraph(g: nx.MultiDiGraph, nodes: Iterable[str], up: bool = True, down: bool = False) -> nx.MultiDiGraph:
    """The subgraph induced by ``nodes`` plus their ancestors (``up``) and/or descendants (``down``)."""
    keep: set[str] = set()
    for n in nodes:
        if n not in g:
            continue
        keep.add(n)
        if up:
            keep |= ancestors(g, n)
        if down:
            keep |= descendants(g, n)
    return g.subgraph(keep).copy()


def siblings(g: nx.MultiDiGraph, node: str) -> set[str]:
    """Nodes that share a direct parent with ``node`` (by any followed edge), without ``node``."""
    if node not in g:
        return set()
    h = _follow(g)
    out: set[str] = set()
    for parent in h.successors(node):
        out.update(h.predecessors(parent))
    out.discard(node)
    return out


def lca(g: nx.MultiDiGraph, a: str, b: str) -> set[str]:
    """Lowest common ancestors of ``a`` and ``b`` (reflexive: ``lca(x, x) == {x}``).

    The common ancestors none of whose descendants is also a common ancestor.
    """
    common = ancestors(g, a, reflexive=True) & ancestors(g, b, reflexive=True)
    common &= set(g) | {a, b}
    return {c for c in common if not any(c in ancestors(g, d) for d in common if d != c)}


def closure(g: nx.MultiDiGraph, descendants: bool = False) -> dict[str, frozenset[str]]:
    """Ancestors (or, with ``descendants=True``, descendants) of every node, not reflexive.

    Memoised in topological order: each node's set is built from its parents' (children's) sets,
    and a node with a single parent (child) shares the work already done for it. Falls back to one
    ``networkx.descendants`` (``ancestors``) per node when the graph has a cycle.
    """
    import networkx as nx

    h = _follow(g)
    try:
        order = list(nx.topological_sort(h))  # children before parents
    except nx.NetworkXUnfeasible:
        reach = nx.ancestors if descendants else nx.descendants
        return {n: frozenset(reach(h, n)) for n in h}
    if not descendants:
        order.reverse()  # parents before children
    with _gc_paused():
        return _closure(h.pred if descendants else h.succ, order)


def _closure(step: Any, order: list[str]) -> dict[str, frozenset[str]]:
    result: dict[str, frozenset[str]] = {}
    empty: frozenset[str] = frozenset()
    for n in order:
        nexts = step[n]
        if not nexts:
            result[n] = empty
        elif len(nexts) == 1:
            (m,) = nexts
            result[n] = result[m] | {m}
        else:
            acc: set[str] = set()
            for m in nexts:
                acc.add(m)
                acc |= result[m]
            result[n] = frozenset(acc)
    return result


def iter_edges(g: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every edge as (child, parent, predicate key, attributes), sorted."""
    yield from sorted(((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)), key=lambda e: e[:3])
