"""The ontology as data: every term well formed, labelled, defined and placed; associations complete."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from .conftest import ontology_rdflib

XSCO = "https://w3id.org/xsco/XSCO_"
IAO_DEFINITION = rdflib.URIRef("http://purl.obolibrary.org/obo/IAO_0000115")
OBAN = rdflib.Namespace("http://purl.org/oban/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
ROOTS = {
    "XSCO:0000001", "XSCO:0000011", "XSCO:0000015", "XSCO:0000019", "XSCO:0000022", "XSCO:0000030", "XSCO:0000302",
    "XSCO:0000230", "XSCO:0000231", "XSCO:0000232",  # classification scheme, imaging sign, clinical measure (issue 10)
}

GRAPH = ontology_rdflib()
SCHEME = rdflib.URIRef(XSCO + "0000230")


def curie(iri: rdflib.term.Node) -> str:
    return str(iri).replace(XSCO, "XSCO:")


XSCO_TERMS = sorted(
    {s for s in GRAPH.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(XSCO)}, key=str
)
XSCO_CLASSES = [t for t in XSCO_TERMS if (t, RDF.type, OWL.Class) in GRAPH]


@pytest.mark.parametrize("term", XSCO_TERMS, ids=curie)
def test_term_id_is_well_formed_and_declared(term: rdflib.URIRef) -> None:
    assert re.fullmatch(re.escape(XSCO) + r"\d{7}", str(term)), f"{term}: IDs are XSCO_ + 7 digits"
    kinds = set(GRAPH.objects(term, RDF.type))
    if SCHEME in kinds:  # classification schemes (issue 10) are individuals of XSCO:0000230
        assert OWL.NamedIndividual in kinds, f"{curie(term)}: a scheme is an owl:NamedIndividual"
        return
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.DatatypeProperty}, (
        f"{curie(term)} is used but never declared; declare it or fix the typo"
    )


@pytest.mark.parametrize("term", XSCO_TERMS, ids=curie)
def test_term_has_one_english_label_and_one_definition(term: rdflib.URIRef) -> None:
    labels = list(GRAPH.objects(term, RDFS.label))
    assert len(labels) == 1, f"{curie(term)} needs exactly one rdfs:label"
    assert labels[0].language == "en", f"{curie(term)}: tag the label @en"
    assert str(labels[0]) == str(labels[0]).strip() != "", f"{curie(term)}: no blank or padded labels"
    definitions = list(GRAPH.objects(term, IAO_DEFINITION))
    assert len(definitions) == 1, f"{curie(term)} needs exactly one definition (IAO:0000115)"


@pytest.mark.parametrize("term", XSCO_CLASSES, ids=curie)
def test_class_has_a_parent_or_is_a_root(term: rdflib.URIRef) -> None:
    parents = [p for p in GRAPH.objects(term, RDFS.subClassOf) if isinstance(p, rdflib.URIRef)]
    assert parents or curie(term) in ROOTS, f"{curie(term)} has no named parent; add rdfs:subClassOf"


def test_labels_are_unique() -> None:
    labels = Counter(str(o).casefold() for s, o in GRAPH.subject_objects(RDFS.label) if isinstance(s, rdflib.URIRef))
    assert [label for label, n in labels.items() if n > 1] == []


def test_every_association_is_complete() -> None:
    associations = list(GRAPH.subjects(RDF.type, OBAN.association))
    assert len(associations) >= 48
    for node in associations:
        for prop in (OBAN.association_has_subject, OBAN.association_has_predicate, OBAN.association_has_object):
            assert len(list(GRAPH.objects(node, prop))) == 1, f"{node}: needs exactly one {prop}"
        assert list(GRAPH.objects(node, DCTERMS.source)), f"{node}: needs dcterms:source"
        assert len(list(GRAPH.objects(node, rdflib.URIRef(XSCO + "0000203")))) == 1, f"{node}: state the open-list flag"
        assert len(list(GRAPH.objects(node, rdflib.URIRef(XSCO + "0000202")))) == 1, f"{node}: quote the source"


def test_shortcut_triples_match_associations() -> None:
    """Each positive association has its shortcut triple, each shortcut its association."""
    negated = rdflib.URIRef(XSCO + "0000204")
    stated = set()
    for node in GRAPH.subjects(RDF.type, OBAN.association):
        triple = (
            GRAPH.value(node, OBAN.association_has_subject),
            GRAPH.value(node, OBAN.association_has_predicate),
            GRAPH.value(node, OBAN.association_has_object),
        )
        if GRAPH.value(node, negated) == rdflib.Literal(True):
            assert triple not in GRAPH, f"{node}: a negated statement must have no shortcut triple"
        else:
            assert triple in GRAPH, f"{node}: add the shortcut triple {triple}"
            stated.add(triple)
    shortcut_predicates = {p for _, p, _ in stated if p != RDFS.subClassOf}
    for predicate in shortcut_predicates:
        for s, o in GRAPH.subject_objects(predicate):
            assert (s, predicate, o) in stated, f"shortcut {s} {predicate} {o} has no association node"


def test_shortcut_predicates_are_annotation_properties_only() -> None:
    """OWL 2 DL: a property is either an annotation property or an object property, never both."""
    annotation = set(GRAPH.subjects(RDF.type, OWL.AnnotationProperty))
    objects = set(GRAPH.subjects(RDF.type, OWL.ObjectProperty))
    assert not annotation & objects
    for node in GRAPH.subjects(RDF.type, OBAN.association):
        predicate = GRAPH.value(node, OBAN.association_has_predicate)
        assert predicate == RDFS.subClassOf or predicate in annotation
