"""Issue 19: the shapes kgtools hands to pyshacl are rewritten to run faster (SPARQL targets run by
the store, nested property shapes given their node shape's targets); the results must be exactly
those of the shapes as written, on every mutation of tests/test_validate.py that breaks them.

The QC queries rewritten for speed (queries/qc) must give the rows of their earlier, plain
formulation (tests/data/qc/reference) on the same mutations and on edge cases of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

import kgtools
from kgtools.prefixes import PREFIX_MAP
from kgtools.query import run_query
from kgtools.validate import (
    QcRule,
    _data_graph,
    _prepare_shapes,
    _qc_bindings,
    _run_pyshacl,
    load_qc_rules,
    parse_shapes,
    shape_files,
)

from .test_validate import FINDINGS_TBOX, MINI, MUTATIONS, NEW_CONDITION, Mutation, _mutant

REFERENCE_QC = Path(__file__).resolve().parent / "data" / "qc" / "reference"


def _raw(kg: kgtools.KnowledgeGraph, prepared: bool) -> set[tuple[str, ...]]:
    shapes = rdflib.Graph()
    files = shape_files(None)
    for path in files:
        shapes += parse_shapes(path)
    data = _data_graph(kg)
    rewritten = _prepare_shapes(shapes, kg) if prepared else None
    raw = _run_pyshacl(data, shapes, "shapes", files, rewritten)
    return {
        (severity, *(f"{key}={value.n3() if value is not None else None}" for key, value in sorted(fields.items())))
        for severity, fields in raw
    }


def test_prepared_shapes_change_the_shapes() -> None:
    """The rewrite does something on the shipped shapes (else the comparison below proves nothing)."""
    kg = kgtools.load(MINI)
    shapes = rdflib.Graph()
    for path in shape_files(None):
        shapes += parse_shapes(path)
    prepared = _prepare_shapes(shapes, kg)
    sh = rdflib.namespace.SH
    assert (None, sh.target, None) in shapes and (None, sh.target, None) not in prepared
    assert len(set(prepared.subject_objects(sh.property))) < len(set(shapes.subject_objects(sh.property)))


@pytest.mark.parametrize(
    "m", [m for m in MUTATIONS if m.base == "mini"] + [next(m for m in MUTATIONS if m.base == "findings")],
    ids=lambda m: m.id,
)
def test_prepared_shapes_give_the_same_results(m: Mutation, tmp_path: Path) -> None:
    path = _mutant(m, tmp_path)
    kg = kgtools.load(path) if m.base == "mini" else kgtools.load(FINDINGS_TBOX, data=[path])
    written = _raw(kg, prepared=False)
    if m.base == "findings":  # caught by a shape (the mini mutations may be QC rules' instead)
        assert written, f"{m.id}: the shapes as written catch the mutation"
    assert written == _raw(kg, prepared=True)


def test_sparql_constraint_shapes_target_only_the_nodes_they_report(tmp_path: Path) -> None:
    """A node shape with only plain SHACL-SPARQL constraints is narrowed to the nodes its query reports."""
    m = next(m for m in MUTATIONS if m.id == "deprecated-replacement")
    kg = kgtools.load(_mutant(m, tmp_path))
    shapes = rdflib.Graph()
    for path in shape_files(None):
        shapes += parse_shapes(path)
    prepared = _prepare_shapes(shapes, kg)
    sh = rdflib.namespace.SH
    shape = rdflib.URIRef("https://w3id.org/xsco/shapes/deprecated-term")
    assert (shape, sh.targetSubjectsOf, None) in shapes
    assert set(prepared.objects(shape, sh.targetNode)) == {rdflib.URIRef("https://w3id.org/xsco/XSCO_0000099")}
    assert (shape, sh.targetSubjectsOf, None) not in prepared


# --- QC queries rewritten for speed: the rows of their plain formulation -------------------------

_KNOWN = sorted(PREFIX_MAP)
QC_EDGE_CASES = [
    Mutation("qc-label-shared-spaces", "label-shared-violation", "XSCO:0000046",
             add=NEW_CONDITION.format(label="  DERMATOMYOSITIS ")),
    Mutation("qc-synonym-case", "synonym-label-clash-violation", "XSCO:0000045",
             add='XSCO:0000045 oboInOwl:hasRelatedSynonym "CALCINOSIS" ; oboInOwl:hasBroadSynonym "calcinosis"@de .'),
    Mutation("qc-synonym-iri", "(an IRI as a synonym: no clash)", "XSCO:0000045",
             add="XSCO:0000045 oboInOwl:hasExactSynonym XSCO:0000005 ."),
    # a "prefix" made of two known prefixes with a space between, lower case, none, a bare colon
    Mutation("qc-xref-odd-prefixes", "xref-prefix-violation", "XSCO:0000045",
             add=f'XSCO:0000045 oboInOwl:hasDbXref "{_KNOWN[0]} {_KNOWN[1]}:1", "{_KNOWN[0].lower()}x:1", '
                 f'"0003761", ":2", "{_KNOWN[-1]}:3"@en, "{_KNOWN[0]}:4"^^xsd:string .'),
    Mutation("qc-association-duplicate-twice", "association-duplicate-violation", "xscoa:A0098",
             add=next(m for m in MUTATIONS if m.id == "association-duplicate").add
             + "\n" + next(m for m in MUTATIONS if m.id == "association-duplicate").add.replace("A0099", "A0098")),
]


def _reference_pairs() -> list[tuple[QcRule, QcRule]]:
    shipped = {rule.name: rule for rule in load_qc_rules()}
    return [(shipped[path.stem], QcRule.from_file(path)) for path in sorted(REFERENCE_QC.glob("*.rq"))]


def _qc_rows(kg: kgtools.KnowledgeGraph, rule: QcRule) -> list[tuple[str, ...]]:
    rows = run_query(kg.store, rule.query, _qc_bindings(rule)).rows
    return sorted(tuple(f"{k}={v.n3()}" for k, v in sorted(row.items())) for row in rows)


@pytest.mark.parametrize(
    "m", [m for m in MUTATIONS if m.base == "mini"] + QC_EDGE_CASES, ids=lambda m: m.id
)
def test_rewritten_qc_queries_give_the_rows_of_their_plain_form(m: Mutation, tmp_path: Path) -> None:
    kg = kgtools.load(_mutant(m, tmp_path))
    for shipped, reference in _reference_pairs():
        assert shipped.query.text != reference.query.text
        rows = _qc_rows(kg, shipped)
        assert rows == _qc_rows(kg, reference), f"{m.id}: {shipped.name}"
        if m.rule == shipped.name:  # the mutation is this rule's: the comparison is not of two empty sets
            assert rows, f"{m.id}: {shipped.name} reports the planted problem"
