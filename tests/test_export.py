"""Exports (issue 6): every format is written atomically and re-loads, by a field library, to the
same term set as the loaded ontology."""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

import kgtools
from kgtools.cli import EXPORT_CHOICES, main
from kgtools.errors import KgError
from kgtools.export import EXPORT_FORMATS, SUFFIXES, class_curies, export, rdf_graph
from kgtools.prefixes import compress

MINI = Path(__file__).resolve().parent / "data" / "hpo-mini"
SMALL = Path(__file__).resolve().parent / "data" / "qc" / "mini.ttl"  # a small XSCO-like ontology


@pytest.fixture(scope="module")
def xsco_rdf(kg: kgtools.KnowledgeGraph) -> tuple[rdflib.Graph, set[ox.Quad]]:
    """The loaded ontology as an rdflib graph and in the canonical form the round trips compare."""
    graph = rdf_graph(kg)
    return graph, _canonical(graph)


@pytest.fixture(scope="module")
def xsco_terms(xsco_rdf: tuple[rdflib.Graph, rdflib.Graph]) -> set[str]:
    terms = class_curies(xsco_rdf[0])
    assert len(terms) > 40 and "XSCO:0000005" in terms
    return terms


def test_cli_choices_match_the_library() -> None:
    assert EXPORT_CHOICES == EXPORT_FORMATS


@pytest.mark.parametrize("to", [f for f in EXPORT_FORMATS if f != "kgx"])
def test_each_format_is_written_as_one_file_with_no_temporary_left(to: str, tmp_path: Path) -> None:
    """The writing mechanics, on a small XSCO-like ontology (the bundled one is read back below)."""
    path = tmp_path / f"small{SUFFIXES[to]}"
    result = export(kgtools.load(SMALL), to, path)
    assert result.files == (path,) and result.text is None and result.terms > 0
    assert path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.parametrize("to", ["ttl", "rdfxml", "jsonld"])
def test_rdf_exports_round_trip(
    xsco_export_graph: Callable[[str], rdflib.Graph],
    xsco_rdf: tuple[rdflib.Graph, rdflib.Graph],
    xsco_terms: set[str],
    to: str,
) -> None:
    again = xsco_export_graph(to)  # the export read back by rdflib
    assert class_curies(again) == xsco_terms
    assert len(again) == len(xsco_rdf[0])  # nothing lost (blank nodes included)
    assert _canonical(again) == xsco_rdf[1]  # isomorphic


def _canonical(g: rdflib.Graph) -> set[ox.Quad]:
    """The triples with blank nodes named canonically (RDFC-1.0, by pyoxigraph: rdflib's isomorphism
    test took ~1.7 s a graph) and xsd:decimal literals in one lexical form (serialisers may write 95
    as 95.0, the same value)."""

    def node(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, rdflib.BNode):
            return ox.BlankNode(str(term))
        if not isinstance(term, rdflib.Literal):
            return ox.NamedNode(str(term))
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype == rdflib.XSD.decimal:
            return ox.Literal(format(term.toPython().normalize(), "f"), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)

    dataset = ox.Dataset(ox.Quad(node(s), node(p), node(o), ox.DefaultGraph()) for s, p, o in g)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def test_owl_xml_round_trips_through_owlready2_and_horned_owl(
    xsco_export: Callable[[str], Path], xsco_terms: set[str]
) -> None:
    import owlready2
    import pyhornedowl

    path = xsco_export("owx")
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert 'ontologyIRI="https://w3id.org/xsco/xsco.owl"' in path.read_text(encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    assert {compress(c.iri) for c in world.classes() if c.iri.startswith("https://w3id.org/xsco/XSCO_")} == xsco_terms
    horned = pyhornedowl.open_ontology_from_file(str(path), "owx")
    assert {compress(c) for c in horned.get_classes() if c.startswith("https://w3id.org/xsco/XSCO_")} == xsco_terms


def test_obo_round_trips_through_fastobo_and_pronto(xsco_export: Callable[[str], Path], xsco_terms: set[str]) -> None:
    import fastobo
    import pronto

    path = xsco_export("obo")
    doc = fastobo.load(str(path))
    assert {
        str(f.id) for f in doc if isinstance(f, fastobo.term.TermFrame) and str(f.id).startswith("XSCO:")
    } == xsco_terms
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pronto warns about anything it cannot read
        onto = pronto.Ontology(str(path))
    assert {t.id for t in onto.terms() if t.id.startswith("XSCO:")} == xsco_terms
    metastatic = onto["XSCO:0000003"]
    assert metastatic.name == "metastatic calcification"
    assert {s.description for s in metastatic.synonyms} == {"metastatic calcifications", "metabolic calcification"}
    assert "XSCO:0000002" in {t.id for t in metastatic.superclasses(distance=1)}
    assert onto["XSCO:0000010"].superclasses(distance=1).to_set() >= {onto["XSCO:0000009"]}
    text = path.read_text(encoding="utf-8")
    assert "idspace: XSCO https://w3id.org/xsco/XSCO_" in text
    assert "intersection_of: XSCO:0000101 XSCO:0000012" in text  # the defined class, as OBO can say it
    assert "xref: HP:0011986" in text and "property_value: skos:broadMatch HP:0003761" in text


def test_obographs_round_trip_through_pronto(xsco_export: Callable[[str], Path], xsco_terms: set[str]) -> None:
    import pronto

    path = xsco_export("obographs")
    data = json.loads(path.read_text(encoding="utf-8"))
    graph = data["graphs"][0]
    assert graph["id"] == "https://w3id.org/xsco/xsco.owl"
    assert {"definedClassId", "genusIds", "restrictions"} <= set(graph["logicalDefinitionAxioms"][0])
    onto = pronto.Ontology(str(path))
    assert {t.id for t in onto.terms() if t.id.startswith("XSCO:")} == xsco_terms  # CURIEs (issue 18)
    assert data["@context"]["XSCO"] == "https://w3id.org/xsco/XSCO_"
    node = next(n for n in graph["nodes"] if n["id"] == "XSCO:0000009")
    assert {x["val"] for x in node["meta"]["xrefs"]} == {"HP:0011986", "MESH:D009999"}


def test_sssom_export_validates_and_equals_the_mapping_set(
    kg: kgtools.KnowledgeGraph, xsco_export: Callable[[str], Path]
) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    path = xsco_export("sssom")
    msdf = parse_sssom_table(str(path))
    validate(msdf, fail_on_error=True)
    exported = {(r.subject_id, r.predicate_id, r.object_id, r.mapping_justification) for r in msdf.df.itertuples()}
    bundled = {(m.subject_id, m.predicate_id, m.object_id, m.mapping_justification) for m in kg.mappings()}
    assert exported == bundled


def test_kgx_nodes_and_edges(kg: kgtools.KnowledgeGraph, xsco_terms: set[str], tmp_path: Path) -> None:
    result = export(kg, "kgx", tmp_path / "kgx")
    nodes_path, edges_path = result.files
    with nodes_path.open(encoding="utf-8") as handle:
        nodes = {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    with edges_path.open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle, delimiter="\t"))
    assert {n for n in nodes if n.startswith("XSCO:") and nodes[n]["category"] != "biolink:NamedThing"} == xsco_terms
    assert nodes["UBERON:0002072"]["category"] == "biolink:AnatomicalEntity"
    assert all(e["subject"] in nodes and e["object"] in nodes for e in edges)
    negated = [e for e in edges if e["id"].endswith("/A0035")]
    assert negated and negated[0]["negated"] == "True" and negated[0]["qualifier"] == "usually not"
    assert any(e["predicate"] == "biolink:broad_match" and e["object"] == "HP:0003761" for e in edges)


def test_export_includes_a_named_graph_on_request(tmp_path: Path) -> None:
    kg = kgtools.load()
    kg.link_hpo(hp_obo=MINI / "hp.obo", hpoa=MINI / "phenotype.hpoa")
    path = tmp_path / "xsco-hpo.obo"
    export(kg, "obo", path, graphs=("asserted", "hpo"))
    text = path.read_text(encoding="utf-8")
    # issue 18: the HPO annotation is an association: a relationship line with its qualifiers
    assert "id: HP:0025520" in text and "relationship: RO:0002200 HP:0025520 {association=" in text
    assert "id: HP:0025520" not in export(kg, "obo").text  # default: the asserted graph only


def test_failed_export_leaves_the_old_file(kg: kgtools.KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "xsco.ttl"
    path.write_text("old")
    with pytest.raises(KgError, match="unknown graph"):
        export(kg, "ttl", path, graphs=("nope",))
    with pytest.raises(KgError, match="unknown export format"):
        export(kg, "csv", path)
    assert path.read_text() == "old"
    export(kg, "ttl", path)
    assert path.read_text().startswith("@prefix")


def test_cli_export_stdout_file_and_errors(tmp_path: Path) -> None:
    """The verb's mechanics on a small XSCO-like ontology (the bundled one is exported above)."""
    runner = CliRunner()
    mini = ["-i", str(SMALL)]
    result = runner.invoke(main, ["export", *mini, "--to", "ttl"])
    assert result.exit_code == 0
    written, source = rdflib.Graph().parse(data=result.output, format="turtle"), rdflib.Graph().parse(SMALL)
    assert class_curies(written) == class_curies(source) and len(written) >= len(source) > 100
    out = tmp_path / "x.obo"
    result = runner.invoke(main, ["export", *mini, "--to", "obo", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("format-version: 1.4")
    result = runner.invoke(main, ["export", *mini, "--to", "kgx"])
    assert result.exit_code == 2 and "give --output DIR" in result.output
    result = runner.invoke(main, ["export", *mini, "--to", "ttl", "--graph", "nope"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    result = runner.invoke(main, ["export", *mini, "--to", "ttl", "-o", str(tmp_path / "missing" / "x.ttl")])
    assert result.exit_code == 2 and "folder does not exist" in result.output
