"""Issue 18: the exports as the OBO ecosystem reads them (pronto, owlready2, rdflib, oaklib), with the
associations and their qualifiers, and kgtools reading its own exports back (semantic diff)."""

from __future__ import annotations

import json
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.export import STATED_SUBCLASS_NAME
from kgtools.ontodiff import diff, snapshot

# A seed association (xsco.ttl, A-04): metastatic calcification -correlated with-> hyperparathyroidism.
SUBJECT, PREDICATE, OBJECT, NODE = "XSCO:0000003", "RO:0002610", "XSCO:0000031", "xscoa:A0006"
SEED = "https://eexot-journal.com/index.php/aoet/article/view/31"
TEXT = "Conditions associated with metastatic calcifications are hyperparathyroidism"
XSCO = "https://w3id.org/xsco/XSCO_"
FORMATS = ("owl", "ttl", "jsonld", "owx", "obo", "obographs")


def test_obo_association_is_a_relationship_with_qualifiers(xsco_export: Callable[[str], Path]) -> None:
    import fastobo
    import pronto

    text = xsco_export("obo").read_text(encoding="utf-8")
    assert "idspace: XSCO https://w3id.org/xsco/XSCO_" in text
    doc = fastobo.load(str(xsco_export("obo")))
    frame = next(f for f in doc if str(f.id) == SUBJECT)
    line = next(c for c in frame if isinstance(c, fastobo.term.RelationshipClause) and str(c.term) == OBJECT)
    assert str(line.typedef) == PREDICATE
    qualifiers = {str(q.key): str(q.value) for q in line.qualifiers}
    assert qualifiers["association"] == NODE and qualifiers["source"] == SEED
    assert qualifiers["supporting_text"].startswith(TEXT) and qualifiers["open_list"] == "false"
    negated = [c for f in doc for c in f if any(str(q.key) == "negated" and str(q.value) == "true"
                                                 for q in getattr(c, "qualifiers", ()) or ())]
    assert negated  # negated statements travel too, flagged
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        onto = pronto.Ontology(str(xsco_export("obo")))
    rels = {r.id: {t.id for t in terms} for r, terms in onto[SUBJECT].relationships.items()}
    assert OBJECT in rels[PREDICATE]


def test_obographs_ids_are_curies_and_edges_carry_meta(xsco_export: Callable[[str], Path]) -> None:
    import fastobo
    import pronto

    data = json.loads(xsco_export("obographs").read_text(encoding="utf-8"))
    assert data["@context"]["XSCO"] == XSCO
    edges = [e for e in data["graphs"][0]["edges"] if (e["sub"], e["pred"], e["obj"]) == (SUBJECT, PREDICATE, OBJECT)]
    values = {v["pred"]: v["val"] for v in edges[0]["meta"]["basicPropertyValues"]}
    assert values["rdfs:seeAlso"] == NODE and values["dcterms:source"] == SEED
    assert values["XSCO:0000202"].startswith(TEXT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        onto = pronto.Ontology(str(xsco_export("obographs")))
    assert onto.get("XSCO:0000005") is not None and onto["XSCO:0000005"].name == "calcinosis"
    rels = {r.id: {t.id for t in terms} for r, terms in onto[SUBJECT].relationships.items()}
    assert OBJECT in rels[PREDICATE]
    assert any(str(f.id) == SUBJECT for f in fastobo.load_graph(str(xsco_export("obographs"))))


def _axiom_values(g: rdflib.Graph) -> dict[str, str]:
    OWL = rdflib.OWL
    axiom = next(
        a for a in g.subjects(rdflib.RDF.type, OWL.Axiom)
        if str(g.value(a, OWL.annotatedSource)) == XSCO + "0000003"
        and str(g.value(a, OWL.annotatedTarget)) == XSCO + "0000031"
    )
    return {str(p): str(o) for p, o in g.predicate_objects(axiom)}


@pytest.mark.parametrize("to", ["owl", "ttl", "jsonld"])
def test_rdf_exports_annotate_the_shortcut_axiom(xsco_export_graph: Callable[[str], rdflib.Graph], to: str) -> None:
    g = xsco_export_graph(to)
    values = _axiom_values(g)
    assert values[str(rdflib.OWL.annotatedProperty)] == "http://purl.obolibrary.org/obo/RO_0002610"
    assert values["http://purl.org/dc/terms/source"] == SEED
    assert values[XSCO + "0000202"].startswith(TEXT)
    assert values[str(rdflib.RDFS.seeAlso)] == "https://w3id.org/xsco/association/A0006"
    # the hedge stays an annotation: no OWL restriction mentions the correlation property
    assert not list(g.subjects(rdflib.OWL.onProperty, rdflib.URIRef("http://purl.obolibrary.org/obo/RO_0002610")))


def test_rdf_xml_is_what_pronto_and_owlready2_read(xsco_export: Callable[[str], Path]) -> None:
    import owlready2
    import pronto

    text = xsco_export("owl").read_text(encoding="utf-8")
    assert "<owl:Ontology" in text and "ns1:" not in text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        onto = pronto.Ontology(str(xsco_export("owl")))
    assert onto["XSCO:0000005"].name == "calcinosis"
    annotations = {(a.property, a.resource) for a in onto[SUBJECT].annotations if hasattr(a, "resource")}
    assert ("http://purl.obolibrary.org/obo/RO_0002610", XSCO + "0000031") in annotations
    world = owlready2.World()
    ontology = world.get_ontology(xsco_export("owl").as_uri()).load()
    assert ontology.base_iri.startswith("https://w3id.org/xsco/")
    metastatic = world[XSCO + "0000003"]
    assert metastatic is not None and "metastatic calcification" in [str(x) for x in metastatic.label]
    # the axiom annotation (qualifiers) as owlready2 sees it
    rows = list(world.sparql(
        "SELECT ?text WHERE { ?a <http://www.w3.org/2002/07/owl#annotatedSource> ?s ; "
        "<http://www.w3.org/2002/07/owl#annotatedTarget> ?o ; <https://w3id.org/xsco/XSCO_0000202> ?text . "
        f"FILTER(?s = <{XSCO}0000003> && ?o = <{XSCO}0000031>) }}"
    ))
    assert rows and str(rows[0][0]).startswith(TEXT)


def test_oaklib_reads_obo_and_obographs_with_associations(xsco_export: Callable[[str], Path]) -> None:
    oaklib = pytest.importorskip("oaklib")
    for name in ("obo", "obographs"):
        adapter = oaklib.get_adapter(f"pronto:{xsco_export(name)}")
        assert adapter.label("XSCO:0000005") == "calcinosis"
        assert (SUBJECT, PREDICATE, OBJECT) in set(adapter.relationships([SUBJECT]))
        assert "XSCO:0000003" in set(adapter.descendants("XSCO:0000002", predicates=["rdfs:subClassOf"]))


# --- round trip: kgtools reads its own exports ---------------------------------------------------

# What OBO and OBO Graphs cannot carry: labelled things that are not classes or properties (the
# classification schemes and their categories, which are OWL individuals, and ECO:0000033).
NOT_CLASSES = (
    "SELECT DISTINCT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l . "
    "FILTER NOT EXISTS { ?x a <http://www.w3.org/2002/07/owl#Class> } "
    "FILTER NOT EXISTS { ?x a <http://www.w3.org/2002/07/owl#AnnotationProperty> } "
    "FILTER NOT EXISTS { ?x a <http://www.w3.org/2002/07/owl#ObjectProperty> } "
    "FILTER NOT EXISTS { ?x a <http://purl.org/oban/association> } }"
)


@pytest.mark.parametrize("to", FORMATS)
def test_export_load_diff(kg: kgtools.KnowledgeGraph, xsco_export: Callable[[str], Path], to: str) -> None:
    again = kgtools.load(xsco_export(to))
    changes = diff(snapshot(kg, "loaded"), snapshot(again, to)).changes
    if to in ("obo", "obographs"):
        lost = {str(r["x"]) for r in kg.query(NOT_CLASSES).rows}
        # the one relation OBO needs in addition (kgtools.export.STATED_SUBCLASS) comes in as a term
        changes = tuple(c for c in changes if not (c.kind == "term_added" and c.label == STATED_SUBCLASS_NAME))
        assert Counter(c.kind for c in changes) == Counter({"term_removed": len(changes)})
        assert {c.term for c in changes} <= {kgtools.prefixes.compress(x) for x in lost} | lost
        assert len(again.associations()) == len(kg.associations())  # every association comes back
    else:
        assert changes == ()


def test_unreadable_json_is_refused_in_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "data.json"
    bogus.write_text('{"nodes": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["info", "-i", str(bogus)])
    assert result.exit_code == 2
    assert "neither OBO Graphs JSON" in result.output and len(result.output.strip().splitlines()) == 1
    empty = tmp_path / "empty.jsonld"
    empty.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["info", "-i", str(empty)])
    assert result.exit_code == 2 and "no RDF triples" in result.output


def test_malformed_obo_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.obo"
    bad.write_text("format-version: 1.4\nontology: x\n\n[Term]\nid: X:1\nis_a X:2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["info", "-i", str(bad)])
    assert result.exit_code == 2 and "bad.obo" in result.output and "Traceback" not in result.output


def test_one_extension_one_format(xsco_export: Callable[[str], Path], tmp_path: Path) -> None:
    small = Path(__file__).resolve().parent / "data" / "qc" / "mini.ttl"
    result = CliRunner().invoke(main, ["export", "-i", str(small), "--to", "owx", "-o", str(tmp_path / "x.owl")])
    assert result.exit_code == 2 and ".owl file holds" in result.output and not (tmp_path / "x.owl").exists()
    assert xsco_export("owl").read_text(encoding="utf-8").lstrip().startswith("<?xml")  # --to owl writes RDF/XML


def test_prefix_map_agrees_with_bioregistry() -> None:
    """Issue 18: the package's prefix map is bioregistry's for every prefix but XSCO's own.

    Each namespace is one bioregistry knows (its URI prefix or a recorded synonym of it) for the
    same prefix, so a CURIE kgtools writes is the one bioregistry (and OAK, which uses it) reads.
    The map itself stays in kgtools.prefixes: building bioregistry's converter at import time was
    measured at 4.9 s (see there)."""
    bioregistry = pytest.importorskip("bioregistry")
    from kgtools.prefixes import PREFIX_MAP

    converter = bioregistry.get_converter()
    own = {"XSCO", "xscoa"}
    for prefix, namespace in PREFIX_MAP.items():
        compressed = converter.compress(namespace + "0000001", passthrough=True)
        if prefix in own:
            assert compressed == namespace + "0000001", f"{prefix} is XSCO's own and unknown to bioregistry"
            continue
        assert compressed == f"{bioregistry.normalize_prefix(prefix)}:0000001", (prefix, namespace, compressed)
