"""Traversal (issue 7): kgtools.graph and the KnowledgeGraph methods, on a hand-checked fixture and on XSCO."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import kgtools
from kgtools.graph import closure, is_hedged, resolve_predicates

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "graph-mini.ttl"
EX = "http://example.org/mini/"
A, B, C, D, E, F, G, X, Y = (EX + n for n in "ABCDEFGXY")
IS_A, PART_OF, HAS_LOCATION, ASSOCIATED_WITH = "rdfs:subClassOf", "BFO:0000050", "RO:0004026", "RO:0002610"


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def mini(request: pytest.FixtureRequest) -> kgtools.KnowledgeGraph:
    """The mini fixture on each engine. Read-only."""
    return kgtools.load(MINI, engine=request.param)


# --- the mini fixture, checked by hand ---------------------------------------------------------


def test_edges_point_from_child_to_parent_keyed_by_predicate(mini: kgtools.KnowledgeGraph) -> None:
    g = mini.graph()
    assert g.has_edge(D, B, IS_A) and not g.has_edge(B, D)
    assert g.has_edge(E, B, PART_OF) and g.has_edge(F, E, PART_OF)
    assert g.has_edge(D, E, HAS_LOCATION) and g.has_edge(D, X, ASSOCIATED_WITH)
    assert sorted((u, v, k) for u, v, k in g.edges(keys=True)) == sorted(
        [
            (B, A, IS_A), (C, A, IS_A), (D, B, IS_A), (D, C, IS_A), (G, B, IS_A),
            (E, B, PART_OF), (F, E, PART_OF), (D, E, HAS_LOCATION), (D, X, ASSOCIATED_WITH),
        ]
    )
    assert g.nodes[D]["label"] == "delta"


def test_association_edges_carry_qualifier_source_and_hedge(mini: kgtools.KnowledgeGraph) -> None:
    g = mini.graph()
    loc = g.edges[D, E, HAS_LOCATION]
    assert (loc["qualifier"], loc["source"], loc["hedged"], loc["negated"]) == (
        "most often", "http://example.org/source/1", True, False)
    assoc = g.edges[D, X, ASSOCIATED_WITH]
    assert (assoc["qualifier"], assoc["hedged"], assoc["open_list"]) == (None, False, True)
    assert [s["association"] for s in assoc["statements"]] == [EX + "a2"]
    assert g.edges[D, B, IS_A]["statements"] == ()


def test_negated_associations_only_with_the_flag_and_never_followed(mini: kgtools.KnowledgeGraph) -> None:
    assert not mini.graph().has_edge(D, Y)
    g = mini.graph(include_negated=True)
    assert g.has_edge(D, Y, "NOT " + ASSOCIATED_WITH) and g.edges[D, Y, "NOT " + ASSOCIATED_WITH]["negated"]
    assert not g.has_edge(D, Y, ASSOCIATED_WITH)
    from kgtools.graph import ancestors

    assert Y not in ancestors(g, D)


def test_ancestors_and_descendants_direction_and_reflexivity(mini: kgtools.KnowledgeGraph) -> None:
    assert mini.ancestors(D) == sorted([A, B, C])
    assert mini.ancestors(D, reflexive=True) == sorted([A, B, C, D])
    assert mini.ancestors(D, predicates="is_a") == sorted([A, B, C])
    assert mini.ancestors(F) == sorted([A, B, E])  # part_of then is_a
    assert mini.ancestors(F, predicates="is_a") == []
    assert mini.ancestors(A) == []
    assert mini.descendants(A, predicates="is_a") == sorted([B, C, D, G])
    assert mini.descendants(B) == sorted([D, E, F, G])  # subclasses and parts
    assert mini.descendants(B, reflexive=True) == sorted([B, D, E, F, G])
    assert mini.ancestors(D, predicates=["is_a", "has_location"]) == sorted([A, B, C, E])
    assert mini.ancestors(D, predicates=["associated_with"]) == [X]


def test_paths_subgraph_siblings_lca(mini: kgtools.KnowledgeGraph) -> None:
    assert mini.paths(D, A) == [[D, B, A], [D, C, A]]
    assert mini.paths(A, D) == []  # paths go up only
    assert mini.paths(F, A) == [[F, E, B, A]]
    assert set(mini.subgraph([D])) == {A, B, C, D}
    assert set(mini.subgraph([B], up=False, down=True)) == {B, D, E, F, G}
    assert mini.siblings(B) == [C]
    assert mini.siblings(D) == [G]  # G shares the parent B
    assert mini.lca(B, C) == [A]
    assert mini.lca(D, G) == [B]
    assert mini.lca(D, B) == [B]
    assert mini.lca(D, D) == [D]


def test_graph_is_cached_frozen_and_invalidated_on_change() -> None:
    kg = kgtools.load(MINI)
    g = kg.graph()
    assert kg.graph() is g and kg.graph(["associated_with", "is_a", "part_of", "has_location"]) is g
    assert nx.is_frozen(g)
    with pytest.raises(nx.NetworkXError):
        g.add_edge("x", "y")
    kg.add_data(f"<{G}> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{C}> .", format="nt", graph="asserted")
    g2 = kg.graph()
    assert g2 is not g and g2.has_edge(G, C, IS_A) and not g.has_edge(G, C)


def test_inferred_graph_is_used_only_when_asked() -> None:
    from rdflib import RDFS, URIRef

    kg = kgtools.load(MINI)
    kg.add_triples([(URIRef(F), RDFS.subClassOf, URIRef(X))], graph="inferred")
    assert kg.graph("is_a").has_edge(F, X, IS_A)
    assert not kg.graph("is_a", inferred=False).has_edge(F, X)


def test_closure_matches_per_node_ancestors(mini: kgtools.KnowledgeGraph) -> None:
    g = mini.graph(("is_a", "part_of"))
    assert closure(g) == {n: frozenset(nx.descendants(g, n)) for n in g}
    assert closure(g, descendants=True) == {n: frozenset(nx.ancestors(g, n)) for n in g}
    assert closure(g)[F] == {A, B, E} and closure(g, descendants=True)[B] == {D, E, F, G}
    cyclic = nx.MultiDiGraph([(A, B), (B, A)])
    assert closure(cyclic) == {A: {B}, B: {A}}  # the fallback: networkx.descendants per node


def test_predicate_names_and_errors(mini: kgtools.KnowledgeGraph) -> None:
    assert resolve_predicates(None) == tuple(sorted([IS_A, PART_OF, HAS_LOCATION, ASSOCIATED_WITH]))
    assert resolve_predicates(["part_of", "BFO:0000050"]) == (PART_OF,)
    assert resolve_predicates("http://purl.obolibrary.org/obo/BFO_0000050") == (PART_OF,)
    with pytest.raises(kgtools.UnknownPredicateError, match="unknown predicate: 'parent_of'"):
        mini.ancestors(D, predicates="parent_of")
    with pytest.raises(kgtools.UnknownTermError):
        mini.ancestors("no such term")
    # any CURIE works as a predicate (here part_of by its CURIE)
    assert mini.ancestors(F, predicates=["BFO:0000050"]) == sorted([B, E])


def test_is_hedged() -> None:
    assert is_hedged("most often") and is_hedged("usually not") and is_hedged("has been described")
    assert not is_hedged(None) and not is_hedged("especially")


# --- on XSCO ------------------------------------------------------------------------------------


def test_xsco_site_hierarchy(kg: kgtools.KnowledgeGraph) -> None:
    assert kg.ancestors("hypodermis") == ["UBERON:0001062", "UBERON:0002199"]
    assert kg.ancestors("dermis") == ["UBERON:0000062", "UBERON:0001062", "UBERON:0002097", "UBERON:0002199"]
    # subcutaneous adipose tissue is part of the hypodermis, the epidermis, the nail (and its bed) and the skin of
    # the neck of the skin (UBERON; issue 17), and so is the skin of each region XSCO places a cutaneous type at
    # (skin of limb, leg, manus, pes, head, face, cheek, eyelid, external ear, trunk, abdomen, buttock; session 37)
    assert kg.descendants("integument") == [
        "UBERON:0001003", "UBERON:0001084", "UBERON:0001085", "UBERON:0001416", "UBERON:0001417", "UBERON:0001419",
        "UBERON:0001457", "UBERON:0001459", "UBERON:0001511", "UBERON:0001513", "UBERON:0001519", "UBERON:0001705",
        "UBERON:0002067", "UBERON:0002072", "UBERON:0002097", "UBERON:0002190", "UBERON:0003531", "UBERON:0003532",
        "UBERON:0003585", "UBERON:0004262", "UBERON:0005273", "UBERON:0008803", "UBERON:1000021", "UBERON:8480014"]
    assert "UBERON:0003585" in kg.descendants("connective tissue")  # dermis connective tissue (and others, issue 10)
    g = kg.graph("part_of")
    assert g.has_edge("UBERON:0002072", "UBERON:0002199", PART_OF)


def test_site_rollup(kg: kgtools.KnowledgeGraph) -> None:
    seed = "https://eexot-journal.com/index.php/aoet/article/view/31"
    at = kg.types_at("integument")
    assert sorted((a.subject.curie, a.object.curie, a.qualifier) for a in at if a.source == seed) == [
        ("XSCO:0000005", "UBERON:0002072", "most often"),
        ("XSCO:0000005", "UBERON:0002097", "most often"),
    ]
    # the other sources' statements at the skin and the hypodermis roll up too (issue 10)
    assert {"XSCO:0000006", "XSCO:0001006"} <= {a.subject.curie for a in at}
    assert all(a.object.curie in kg.descendants("integument") for a in at)
    assert kg.types_at("integument", rollup=False) == []
    assert "XSCO:0000005" in {a.subject.curie for a in kg.types_at("connective tissue")}


def test_xsco_hierarchy_and_associations(kg: kgtools.KnowledgeGraph) -> None:
    assert kg.ancestors("CREST syndrome") == ["XSCO:0000030", "XSCO:0000044", "XSCO:0000050", "XSCO:0001025"]
    assert kg.paths("CREST syndrome", "associated condition") == [
        ["XSCO:0000046", "XSCO:0000044", "XSCO:0000050", "XSCO:0000030"],
        ["XSCO:0000046", "XSCO:0001025", "XSCO:0000044", "XSCO:0000050", "XSCO:0000030"]]  # via systemic sclerosis
    assert {"XSCO:0000003", "XSCO:0000004", "XSCO:0000310", "XSCO:0001001"} <= set(kg.siblings("calcinosis"))
    assert kg.lca("calcinosis universalis", "dystrophic calcification") == ["XSCO:0000002"]
    g = kg.graph()
    edge = g.edges["XSCO:0000005", "UBERON:0002072", HAS_LOCATION]
    assert edge["qualifier"] == "most often" and edge["hedged"]
    assert not g.has_edge("XSCO:0000005", "XSCO:0000014")  # "usually not": negated, no plain edge
    # several statements behind one edge (the seed's and other sources'): the unhedged one speaks for it
    ho = g.edges["XSCO:0000009", "XSCO:0000047", ASSOCIATED_WITH]
    assert ho["qualifier"] is None and not ho["hedged"] and len(ho["statements"]) >= 2
    assert "xscoa:A0026" in {s["association"] for s in ho["statements"]}


def test_engines_agree_on_xsco(kg_any: kgtools.KnowledgeGraph, kg: kgtools.KnowledgeGraph) -> None:
    def edges(k: kgtools.KnowledgeGraph) -> list[tuple[str, str, str, object]]:
        return sorted((u, v, key, d["qualifier"]) for u, v, key, d in k.graph().edges(keys=True, data=True))

    assert edges(kg_any) == edges(kg)


def test_fast_compressor_agrees_with_the_curies_converter(kg: kgtools.KnowledgeGraph) -> None:
    from kgtools.graph import _compressor
    from kgtools.prefixes import compress

    curie, _ = _compressor()
    iris = [t.iri for t in kg.terms()] + [EX + "A", "http://purl.obolibrary.org/obo/UBERON_", "urn:x"]
    assert [curie(i) for i in iris] == [compress(i) for i in iris]


def test_site_rollup_on_the_fixture(mini: kgtools.KnowledgeGraph) -> None:
    # D has_location E; E part_of B; B is_a A: asking at B or A reaches the statement made at E.
    for site in (E, B, A):
        assert [(a.subject.iri, a.object.iri, a.qualifier) for a in mini.types_at(site)] == [(D, E, "most often")]
    assert mini.types_at(B, rollup=False) == []
    assert mini.types_at(F) == []  # F is a part of E, not a whole of it


def test_traversals_of_a_frozen_graph_are_remembered_and_equal_to_a_fresh_walk() -> None:
    """kg.graph() is frozen, so ancestors/descendants keep each node's reach with it; the answers
    equal those of the same graph unfrozen (walked afresh), and a caller's edits never reach the cache."""
    from kgtools.graph import ancestors, descendants

    kg = kgtools.load()
    frozen = kg.graph(("is_a", "part_of"))
    thawed = nx.MultiDiGraph(frozen)
    assert nx.is_frozen(frozen) and not nx.is_frozen(thawed)
    for node in sorted(frozen.nodes)[:200]:
        for walk in (ancestors, descendants):
            assert walk(frozen, node) == walk(thawed, node)
            assert walk(frozen, node, reflexive=True) == walk(thawed, node, reflexive=True)
    some = sorted(frozen.nodes)[0]
    first = ancestors(frozen, some)
    first.add("not-a-node")
    assert "not-a-node" not in ancestors(frozen, some)
