"""The whole named-query library, run with its example parameters on every engine, gives the same rows.

Engines: oxigraph (reference), rdflib, and the remote engine against real Virtuoso and Oxigraph servers.
Rows are compared as sets of tuples of (variable, RDF term); blank nodes compare equal to each other.
"""

from __future__ import annotations

import pytest
from rdflib.term import BNode

import kgtools
from kgtools.query import QueryLibrary, examples

LIBRARY = list(QueryLibrary())
# Examples that return no rows on the bundled XSCO alone (still compared across engines), with the reason.
EMPTY_ON_XSCO_ALONE = {
    "diseases-with-phenotype-under": "needs the HPO graph that `kgtools link hpo` imports",
    "mondo-diseases-for-type": "needs the MONDO graph that `kgtools link --all` imports",
    "phenotypes-for-type-disorders": "needs the DOID and HPO graphs that `kgtools link --all` imports",
}
# Queries left out on one engine, with the measured reason (still run on every other engine).
NOT_ON = {
    ("rdflib", "mondo-diseases-for-type"): (
        "rdflib evaluates its zero-or-one path link:ancestor? by walking every node of the graph (175-179 s "
        "on XSCO alone); the two-branch rewrite that takes rdflib to 0.57 s takes Oxigraph from 0.46 s to "
        "26.7 s on the 5.3M-triple link --all store, the scale the query is for"
    ),
}
CASES = [(q.name, params) for q in LIBRARY for params in examples(q)]


def rowset(result: kgtools.QueryResult) -> set[tuple]:
    return {tuple(sorted((k, "_:b" if isinstance(v, BNode) else v) for k, v in row.items())) for row in result.terms}


def test_every_named_query_has_an_example() -> None:
    missing = [q.name for q in LIBRARY if not examples(q)]
    assert not missing, f"add a '# example:' header line (key=value; ...) to: {missing}"
    assert len(LIBRARY) >= 8


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}[{';'.join(f'{k}={v}' for k, v in p.items())}]" for n, p in CASES]
)
def test_named_query_same_rows_on_every_engine(
    request: pytest.FixtureRequest,
    engine_kg: kgtools.KnowledgeGraph,
    reference_kg: kgtools.KnowledgeGraph,
    name: str,
    params: dict[str, str],
) -> None:
    reason = NOT_ON.get((request.node.callspec.params["engine_kg"], name))
    if reason:
        pytest.skip(reason)
    expected = reference_kg.query(name, **params)
    got = engine_kg.query(name, **params)
    assert got.kind == expected.kind
    assert set(got.variables) == set(expected.variables)
    if name not in EMPTY_ON_XSCO_ALONE:
        assert len(expected.terms) > 0, f"{name}: the example must return rows to be a useful comparison"
    assert rowset(got) == rowset(expected)
    assert len(got.terms) == len(expected.terms)


def test_associations_and_lookups_agree(
    engine_kg: kgtools.KnowledgeGraph, reference_kg: kgtools.KnowledgeGraph
) -> None:
    def key(found: list[kgtools.Association]) -> set[tuple]:
        return {(a.iri, a.subject.iri, a.predicate, a.object.iri, a.qualifier, a.open_list, a.negated) for a in found}

    assert key(engine_kg.associations()) == key(reference_kg.associations())
    assert key(engine_kg.disorders_for("metastatic calcification")) == key(
        reference_kg.disorders_for("metastatic calcification")
    )
    assert key(engine_kg.types_for("dermatomyositis")) == key(reference_kg.types_for("dermatomyositis"))
    assert key(engine_kg.sites_for("calcinosis")) == key(reference_kg.sites_for("calcinosis"))
    assert engine_kg.term("CREST syndrome") == reference_kg.term("CREST syndrome")
    assert [t.iri for t in engine_kg.search("calcif", 20)] == [t.iri for t in reference_kg.search("calcif", 20)]


def test_ask_and_construct_agree(engine_kg: kgtools.KnowledgeGraph, reference_kg: kgtools.KnowledgeGraph) -> None:
    prefix = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX XSCO: <https://w3id.org/xsco/XSCO_> "
    assert engine_kg.query(prefix + "ASK { XSCO:0000005 rdfs:subClassOf* XSCO:0000001 }").boolean is True
    assert engine_kg.query(prefix + "ASK { XSCO:0000001 rdfs:subClassOf XSCO:0000005 }").boolean is False
    construct = prefix + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c rdfs:subClassOf+ XSCO:0000001 ; rdfs:label ?l }"
    got, expected = engine_kg.query(construct), reference_kg.query(construct)
    assert got.kind == "graph" and len(expected) >= 9
    assert set(got.graph) == set(expected.graph)


def test_counts_and_export_triples_agree(
    engine_kg: kgtools.KnowledgeGraph, reference_kg: kgtools.KnowledgeGraph
) -> None:
    asserted = "https://w3id.org/xsco/graph/asserted"
    assert engine_kg.store.count(asserted) == reference_kg.store.count(asserted) > 1000

    def non_bnode(triples):
        return {t for t in triples if not any(isinstance(x, BNode) for x in t)}

    assert non_bnode(engine_kg.store.triples(asserted)) == non_bnode(reference_kg.store.triples(asserted))
    info = engine_kg.info()
    assert info["classes"] == reference_kg.info()["classes"]
    assert info["associations"] == reference_kg.info()["associations"]
