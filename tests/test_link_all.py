"""`kgtools link --all`: every ontology XSCO links to, each in its own named graph with its
release recorded, from files in the releases' own formats. The fixture (tests/data/link-mini, made by
tests/data/make_link_fixtures.py) is a small cut of the real releases laid out as a site-packages folder."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.errors import KgError
from kgtools.linkall import SOURCES, find_sources, link_all, read_ontology_json
from kgtools.store import GRAPH_BASE

SITE = Path(__file__).resolve().parent / "data" / "link-mini" / "site-packages"
OBO = "http://purl.obolibrary.org/obo/"


@pytest.fixture(scope="module")
def linked() -> kgtools.KnowledgeGraph:
    return kgtools.load(link=["all"], link_from=[SITE])


def test_sources_are_found_in_a_site_packages_folder_with_their_releases() -> None:
    found = {s.name: s for s in find_sources(search=[SITE])}
    assert list(found) == list(SOURCES)
    assert found["mondo"].version == "v2026-05-05" and found["uberon"].version == "v2026-04-01"
    assert found["chebi"].version == "2026-05-01"
    assert found["hpo"].extra is not None and found["hpo"].extra.name == "phenotype.hpoa"
    assert read_ontology_json(found["mondo"].path)["MONDO:0005070"]["label"] == "neoplasm"


def test_every_source_gets_its_own_graph_and_version(linked: kgtools.KnowledgeGraph) -> None:
    assert [s.name for s in linked.linked] == list(SOURCES)
    for source in linked.linked:
        assert source.triples > 0 and source.terms > 0, source
        assert linked.store.count(source.graph) == source.triples
    versions = {s.name: s.version for s in linked.linked}
    assert versions["hpo"] == "2025-01-16" and versions["mondo"] == "v2026-05-05"
    # the version is recorded in the store, on the graph itself
    mondo = linked.query("SELECT ?v WHERE { GRAPH ?g { ?g <http://www.w3.org/2002/07/owl#versionInfo> ?v } "
                         f"FILTER(?g = <{GRAPH_BASE}mondo>) }}")
    assert [str(r["v"]) for r in mondo.rows] == ["v2026-05-05"]


def test_the_cross_ontology_queries_answer(linked: kgtools.KnowledgeGraph) -> None:
    mondo = linked.query("mondo-diseases-for-type", type="metastatic calcification")
    labels = {str(r["disease_label"]) for r in mondo.rows}
    assert {"primary hyperparathyroidism", "calcium-alkali syndrome"} <= labels
    # a MONDO child of a mapped term comes through the release's hierarchy, not the mapping
    assert any(str(r["disease"]) != str(r["mondo_mapped"]) for r in mondo.rows)
    phenotypes = linked.query("phenotypes-for-type-disorders", type="metastatic calcification")
    assert phenotypes.rows and all(str(r["entry"]).startswith("https://omim.org/entry/") for r in phenotypes.rows)
    assert all(str(r["phenotype"]).startswith(OBO + "HP_") for r in phenotypes.rows)
    rollup = {str(r["region_label"]): int(r["sites"]) for r in linked.query("sites-rollup", type="calcinosis").rows}
    assert rollup["integumental system"] >= 2 and rollup["anatomical entity"] == max(rollup.values())


def test_deprecated_terms_are_flagged_and_left_out(linked: kgtools.KnowledgeGraph) -> None:
    mondo = read_ontology_json(find_sources(["mondo"], search=[SITE])[0].path)
    deprecated = {c for c, t in mondo.items() if t["deprecated"]}
    rows = linked.query("mondo-diseases-for-type", type="metastatic calcification").rows
    answered = {str(r["disease"]) for r in rows}
    assert not {OBO + c.replace(":", "_") for c in deprecated} & answered


def test_the_cli_builds_an_on_disk_store_that_reopens(tmp_path: Path) -> None:
    store = tmp_path / "store"
    args = ["link", "--all", "--only", "mondo", "--only", "uberon", "--from", str(SITE), "--store-dir", str(store),
            "-f", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["source"] for r in rows] == ["mondo", "uberon"] and rows[0]["version"] == "v2026-05-05"
    gc.collect()  # the CLI's graph (and its lock on the store) goes
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "--refresh" in again.output
    del result, again  # their tracebacks hold the CLI's graph, which holds the store's lock
    gc.collect()
    kg = kgtools.load(store_dir=store)
    assert kg.store.count(GRAPH_BASE + "uberon") == int(rows[1]["triples"])


def test_missing_sources_and_bad_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no mondo release found"):
        find_sources(["mondo"], search=[tmp_path])
    with pytest.raises(KgError, match="unknown source"):
        find_sources(["snomed"])
    bad = tmp_path / "doid.json"
    bad.write_text("{not json", encoding="utf-8")
    kg = kgtools.load()
    with pytest.raises(KgError, match="not JSON"):
        link_all(kg, ["doid"], files={"doid": bad})
    assert kg.store.count(GRAPH_BASE + "doid") == 0
    result = CliRunner().invoke(main, ["link", "--all", "--only", "go", "--from", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output and "no go release found" in result.output


def test_the_competency_questions_of_the_linked_graphs_pass_on_the_fixture(linked: kgtools.KnowledgeGraph) -> None:
    from kgtools.cqs import check_cq, competency_questions

    needing = [q for q in competency_questions() if set(q.requires) & {"mondo", "uberon", "doid"}]
    assert len(needing) == 3
    for cq in needing:
        result = check_cq(linked, cq)
        assert result.passed and not result.skipped, result


def test_store_dir_parents_are_made_and_a_bad_folder_is_one_line(tmp_path: Path) -> None:
    """Regression (issue 19): --store-dir under a missing folder failed with Oxigraph's own IO error."""
    nested = tmp_path / "a" / "b" / "store"
    args = ["link", "--all", "--only", "uberon", "--from", str(SITE), "-f", "json", "--store-dir"]
    result = CliRunner().invoke(main, [*args, str(nested)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["source"] == "uberon" and nested.is_dir()
    del result
    gc.collect()  # the CLI's graph (and its lock on the store) goes
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    bad = CliRunner().invoke(main, [*args, str(blocker / "store")])
    assert bad.exit_code != 0 and bad.output.count("\n") == 1
    assert "cannot create the store folder" in bad.output and "Traceback" not in bad.output
