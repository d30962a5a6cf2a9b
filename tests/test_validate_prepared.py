"""Issue 19: the shapes kgtools hands to pyshacl are rewritten to run faster (SPARQL targets run by
the store, nested property shapes given their node shape's targets); the results must be exactly
those of the shapes as written, on every mutation of tests/test_validate.py that breaks them."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

import kgtools
from kgtools.validate import _data_graph, _prepare_shapes, _run_pyshacl, parse_shapes, shape_files

from .test_validate import FINDINGS_TBOX, MINI, MUTATIONS, Mutation, _mutant


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
