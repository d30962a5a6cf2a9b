"""Releases: every artefact, re-loadable with the same terms; a failing gate writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kgtools
from kgtools.prefixes import compress
from kgtools.release import GateResult, ReleaseError, cq_gate, release
from kgtools.vocab import ONTOLOGY_IRI

RDF_ARTEFACTS = ["xsco.ttl", "xsco-base.ttl", "xsco-base.owl", "xsco-full.ttl", "xsco-full.owl", "xsco.jsonld"]
OTHER_ARTEFACTS = ["xsco-base.owx", "xsco-full.owx", "xsco.obo", "xsco.json", "xsco.sssom.tsv",
                   "xsco_kgx_nodes.tsv", "xsco_kgx_edges.tsv"]


def xsco_terms(kg: kgtools.KnowledgeGraph) -> set[str]:
    return {t.curie for t in kg.terms() if t.curie.startswith("XSCO:") and t.iri.startswith("https://w3id.org/xsco/XSCO_")}


def xsco_classes(kg: kgtools.KnowledgeGraph) -> set[str]:
    rows = kg.query("SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> "
                    "FILTER(STRSTARTS(STR(?c), 'https://w3id.org/xsco/XSCO_')) }").rows
    return {r["c"].replace("https://w3id.org/xsco/XSCO_", "XSCO:") for r in rows}


def reloaded_classes(path: Path) -> set[str]:
    """The XSCO classes of a release artefact, read back by a reader of its format."""
    import warnings

    if path.suffix == ".owx":
        import pyhornedowl

        return {c.replace("https://w3id.org/xsco/XSCO_", "XSCO:") for c in
                pyhornedowl.open_ontology_from_file(str(path), "owx").get_classes() if "/xsco/XSCO_" in c}
    if path.suffix in (".obo", ".json"):
        import pronto

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            onto = pronto.Ontology(str(path))
        return {compress(t.id) for t in onto.terms() if "XSCO" in t.id}
    raise AssertionError(path)


def failing_gate(kg: kgtools.KnowledgeGraph) -> GateResult:
    return GateResult("always fails", False, "made to fail", ("detail",))


def passing_gate(kg: kgtools.KnowledgeGraph) -> GateResult:
    return GateResult("always passes", True, f"{kg.info()['classes']} classes", ())


MINI = Path(__file__).resolve().parent / "data" / "qc" / "mini.ttl"  # a small XSCO-like ontology


def test_release_builds_every_artefact(tmp_path: Path) -> None:
    """The mechanics on a small XSCO-like ontology under XSCO's ontology IRI (the bundled XSCO is
    released through the command below)."""
    small = tmp_path / "small.ttl"
    small.write_text(MINI.read_text(encoding="utf-8").replace("https://w3id.org/xsco/mini.owl", ONTOLOGY_IRI))
    kg = kgtools.load(small)
    out = tmp_path / "release"
    done = release(version="9.9.9", output=out, sources=[small], gates=(passing_gate,), date="2026-11-25")
    names = set(done.artefacts)
    assert set(RDF_ARTEFACTS + OTHER_ARTEFACTS) | {"diff.md", "diff.json", "release-notes.md", "manifest.json"} <= names
    assert {p.name for p in out.iterdir()} == names
    for name in RDF_ARTEFACTS:
        reloaded = kgtools.load(out / name)
        assert xsco_terms(reloaded) == xsco_terms(kg), name
        assert reloaded.info()["version"] == "9.9.9", name
        assert reloaded.info()["version_iri"] == "https://w3id.org/xsco/releases/9.9.9/xsco.owl"
    for name in ("xsco-base.owx", "xsco-full.owx", "xsco.obo", "xsco.json"):
        assert reloaded_classes(out / name) == xsco_classes(kg), name
    nodes = (out / "xsco_kgx_nodes.tsv").read_text().splitlines()
    assert {line.split("\t")[0] for line in nodes[1:]} >= xsco_classes(kg)
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["artefacts"]) == names - {"manifest.json"}
    notes = (out / "release-notes.md").read_text()
    assert "# XSCO 9.9.9 (2026-11-25)" in notes and "always passes" in notes
    assert done.previous == "(empty)" and done.counts["association_added"] == kg.info()["associations"] > 0
    again = release(version="9.9.10", output=out, sources=[small], gates=(passing_gate,))
    assert again.previous.startswith("XSCO 9.9.9") and again.counts == {}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no build or backup folder left"


def test_failing_gate_leaves_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "release"
    out.mkdir()
    (out / "keep.txt").write_text("old release")
    with pytest.raises(ReleaseError) as info:
        release(version="1.0.0", output=out, gates=(cq_gate, failing_gate))
    assert "always fails" in str(info.value) and [g.passed for g in info.value.gates] == [True, False]
    assert [p.name for p in out.iterdir()] == ["keep.txt"] and (out / "keep.txt").read_text() == "old release"
    assert [p.name for p in tmp_path.iterdir()] == ["release"]


def test_failing_gate_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError):
        release(version="1.0.0", output=tmp_path / "new", gates=(failing_gate,))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "one"])
def test_bad_version(tmp_path: Path, version: str) -> None:
    with pytest.raises(kgtools.KgError, match=r"X\.Y\.Z"):
        release(version=version, output=tmp_path / "r", gates=())


# --- the real gates (HermiT, pyshacl + QC, competency questions), through the command ------------


def test_release_command_runs_every_gate(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kgtools.cli import main

    out = tmp_path / "release"
    result = CliRunner().invoke(main, ["release", "--version", "1.2.3", "--output", str(out)])
    assert result.exit_code == 0, result.output
    for gate in ("passed: reasoning (hermit)", "passed: validation", "passed: competency questions"):
        assert gate in result.stdout
    assert "skipped" in result.stdout, "questions needing the HPO graph are reported as skipped"
    notes = (out / "release-notes.md").read_text()
    assert "# XSCO 1.2.3" in notes and "passed: reasoning (hermit)" in notes
    manifest = json.loads((out / "manifest.json").read_text())
    assert [g["name"] for g in manifest["gates"]][1:] == ["validation", "competency questions"]


def test_release_command_stops_on_an_unsatisfiable_class(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kgtools.cli import main
    from .conftest import DATA

    out = tmp_path / "release"
    out.mkdir()
    (out / "xsco.ttl").write_text("previous release")
    broken, tbox = DATA / "reason" / "unsatisfiable-class.ttl", DATA / "reason" / "mini-tbox.ttl"
    args = ["release", "--version", "2.0.0", "-o", str(out), "-i", str(tbox), "-i", str(broken)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "FAILED: reasoning (hermit): 1 unsatisfiable class(es)" in result.stderr
    assert "XSCO:0000399" in result.stderr and "nothing was written" in result.stderr
    assert [p.name for p in out.iterdir()] == ["xsco.ttl"] and (out / "xsco.ttl").read_text() == "previous release"
    assert [p.name for p in tmp_path.iterdir()] == ["release"]
