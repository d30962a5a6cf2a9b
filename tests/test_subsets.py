"""The ontology names its own branch roots and its non-disorder classes (OBO subsets), and the
code and the QC rule read them from there (mechanics on a small fixture; content on XSCO)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgtools
from kgtools.vocab import BRANCH_ROOT, NOT_A_DISORDER

ROOT = Path(__file__).resolve().parents[1]
NO_PARENT_RULE = ROOT / "queries" / "qc" / "class-no-parent-violation.rq"

MINI = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oban: <http://purl.org/oban/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix XSCO: <https://w3id.org/xsco/XSCO_> .
XSCO:0000312 a owl:AnnotationProperty ; rdfs:label "branch root" ;
    rdfs:subPropertyOf oboInOwl:SubsetProperty .
XSCO:0000313 a owl:AnnotationProperty ; rdfs:label "not a disorder" ;
    rdfs:subPropertyOf oboInOwl:SubsetProperty .
XSCO:9000001 a owl:Class ; rdfs:label "type root" ; oboInOwl:inSubset XSCO:0000312 .
XSCO:9000002 a owl:Class ; rdfs:label "a type" ; rdfs:subClassOf XSCO:9000001 .
XSCO:9000010 a owl:Class ; rdfs:label "condition root" ; oboInOwl:inSubset XSCO:0000312 .
XSCO:9000011 a owl:Class ; rdfs:label "a disease" ; rdfs:subClassOf XSCO:9000010 .
XSCO:9000012 a owl:Class ; rdfs:label "an injury" ; rdfs:subClassOf XSCO:9000010 ;
    oboInOwl:inSubset XSCO:0000313 .
XSCO:9000013 a owl:Class ; rdfs:label "a fall" ; rdfs:subClassOf XSCO:9000012 .
XSCO:9000099 a owl:Class ; rdfs:label "an orphan" .
"""


def _association(n: int, obj: str) -> str:
    return f"""
<https://example.org/a{n}> a oban:association ; oban:association_has_subject XSCO:9000002 ;
    oban:association_has_predicate obo:RO_0002610 ; oban:association_has_object {obj} ;
    dcterms:source <https://example.org/source> .
XSCO:9000002 obo:RO_0002610 {obj} ."""


@pytest.fixture(scope="module")
def mini() -> kgtools.KnowledgeGraph:
    kg = kgtools.load(bundled=False)
    kg.add_data(MINI + "".join(_association(n, o) for n, o in enumerate(
        ["XSCO:9000011", "XSCO:9000012", "XSCO:9000013"])), graph="asserted")
    return kg


def test_roots_and_subsets_come_from_the_ontology(mini: kgtools.KnowledgeGraph) -> None:
    assert [t.curie for t in mini.roots()] == ["XSCO:9000001", "XSCO:9000010"]
    assert [t.curie for t in mini.subset("not a disorder")] == ["XSCO:9000012"]
    assert [t.curie for t in mini.subset(NOT_A_DISORDER)] == ["XSCO:9000012"]


def test_disorders_leave_out_the_not_a_disorder_subset_and_its_subclasses(mini: kgtools.KnowledgeGraph) -> None:
    assert {a.object.curie for a in mini.conditions_for("a type")} == {"XSCO:9000011", "XSCO:9000012", "XSCO:9000013"}
    assert [a.object.curie for a in mini.disorders_for("a type")] == ["XSCO:9000011"]
    rows = mini.query("disorders-for-type", type="a type").rows
    assert [str(r["disorder"]).rsplit("_", 1)[-1] for r in rows] == ["9000011"]


def test_the_no_parent_rule_flags_a_class_outside_the_root_subset(mini: kgtools.KnowledgeGraph) -> None:
    flagged = [str(r["entity"]).rsplit("_", 1)[-1] for r in mini.query(NO_PARENT_RULE).rows]
    assert flagged == ["9000099"]


def test_xsco_declares_its_roots() -> None:
    kg = kgtools.load()
    roots = {t.curie for t in kg.roots()}
    assert {"XSCO:0000001", "XSCO:0000030", "XSCO:0000231"} <= roots
    assert {t.label for t in kg.subset(BRANCH_ROOT)} >= {"extra-skeletal mineralization", "associated condition"}
    assert {t.curie for t in kg.subset(NOT_A_DISORDER)} == {"XSCO:0000001", "XSCO:0000052"}
    assert not kg.query(NO_PARENT_RULE).rows
