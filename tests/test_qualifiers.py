"""Which qualifiers are hedges is read from the ontology (kgtools.qualifiers), matched exactly."""

from __future__ import annotations

import pytest

import kgtools
from kgtools.differential import statement_weight
from kgtools.graph import is_hedged
from kgtools.qualifiers import Qualifiers, bundled_qualifiers, read_qualifiers

MINI = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix oban: <http://purl.org/oban/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix XSCO: <https://w3id.org/xsco/XSCO_> .
@prefix ex: <https://example.org/> .

XSCO:0000201 XSCO:0000223 "seldom" ; XSCO:0000224 "notably" .
ex:a a owl:Class ; rdfs:label "a" .
ex:b a owl:Class ; rdfs:label "b" .
ex:c a owl:Class ; rdfs:label "c" .
ex:s1 a oban:association ; oban:association_has_subject ex:a ; oban:association_has_predicate obo:RO_0002610 ;
    oban:association_has_object ex:b ; XSCO:0000201 "seldom" ; XSCO:0000203 false ; dcterms:source ex:src .
ex:s2 a oban:association ; oban:association_has_subject ex:a ; oban:association_has_predicate obo:RO_0002610 ;
    oban:association_has_object ex:c ; XSCO:0000201 "notably" ; XSCO:0000203 false ; dcterms:source ex:src .
ex:a obo:RO_0002610 ex:b , ex:c .
"""


def test_bundled_ontology_classes_every_qualifier() -> None:
    q = bundled_qualifiers()
    assert {"usually", "most often", "usually not", "has been described", "rare", "uncommon"} <= q.hedged
    assert q.emphasising == {"especially", "particularly", "always"}
    assert not q.hedged & q.emphasising


@pytest.mark.parametrize("word", ["uncommonly", "canonical", "somewhere", "mayhem", "commonplace"])
def test_a_word_containing_a_hedge_is_not_a_hedge(word: str) -> None:
    """Regression: hedges were found by substring ("common" matched "uncommon", "can" matched "canonical")."""
    assert not is_hedged(word)
    assert statement_weight(word) == 1.0


def test_hedges_match_exactly_up_to_case_and_spacing() -> None:
    assert is_hedged("Most  often") and is_hedged("uncommon") and not is_hedged("especially") and not is_hedged(None)


def test_a_loaded_ontology_decides() -> None:
    kg = kgtools.load(bundled=False, engine="oxigraph")
    kg.add_data(MINI, graph="asserted")
    q = read_qualifiers(kg.store)
    assert q == Qualifiers(frozenset({"seldom"}), frozenset({"notably"}))
    graph = kg.graph("associated_with")
    hedged = {v.rsplit("/", 1)[-1]: d["hedged"] for _u, v, d in graph.edges(data=True)}
    assert hedged == {"b": True, "c": False}


def test_qualifier_list_is_in_the_ontology_not_in_code() -> None:
    """An ontology without the list classes nothing as a hedge (no fallback list in the code)."""
    kg = kgtools.load(bundled=False)
    kg.add_data("@prefix ex: <https://example.org/> . ex:x ex:p ex:y .")
    assert not read_qualifiers(kg.store)
