"""Validation (issue 4): SHACL shapes, QC queries, reports and the `kgtools validate` verb.

Every shape and every QC rule has at least one mutation below: a copy of a small clean fixture
(tests/data/qc/mini.ttl, an XSCO-like ontology; tests/data/qc/findings.ttl, imaging findings checked
together with the bundled XSCO) with one change that the rule must catch. `test_every_rule_is_exercised`
fails when a rule has no mutation, so no check can be vacuous.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import SH

import kgtools
from kgtools.cli import main
from kgtools.resources import qc_dir, shapes_dir
from kgtools.validate import SEVERITIES, known_prefixes_pattern, load_qc_rules

DATA = Path(__file__).resolve().parent / "data" / "qc"
MINI = DATA / "mini.ttl"
FINDINGS = DATA / "findings.ttl"
XSH = "https://w3id.org/xsco/shapes/"


@dataclass(frozen=True)
class Mutation:
    """One change to a clean fixture that ``rule`` must catch (on ``focus``)."""

    id: str
    rule: str
    focus: str
    replace: tuple[tuple[str, str], ...] = ()
    add: str = ""
    base: str = "mini"  # "mini" (validated alone) or "findings" (validated with the bundled XSCO)


A0021_SOURCE = 'dcterms:source seed:31 ;\n    XSCO:0000202 "It is associated'
A0034_TEXT = (
    '    XSCO:0000202 "Calcinosis, also known as dystrophic calcification, is a distinct type of '
    'extra-skeletal calcification." .'
)
DM_DEFINITION = 'obo:IAO_0000115 "An inflammatory disease of skin and muscle."@en ;\n'
NEW_CONDITION = """
XSCO:0000046 a owl:Class ; rdfs:subClassOf XSCO:0000030 ;
    rdfs:label "{label}"@en ;
    obo:IAO_0000115 "A test condition."@en ;
    dcterms:source seed:31 .
"""

SCHEME = """
XSCO:0000298 a owl:NamedIndividual, XSCO:0000230 ;
    rdfs:label "test scheme"@en ;
    XSCO:0000221 XSCO:0000005 ;
    dcterms:source seed:31 .
"""

MUTATIONS = [
    # --- ontology shapes (ontology/shapes/xsco-ontology.ttl) ---
    Mutation("class-label", "class-label", "XSCO:0000045", add='XSCO:0000045 rdfs:label "Dermatomyositis"@de .'),
    Mutation(
        "class-label-untagged",
        "class-label",
        "XSCO:0000045",
        replace=(('rdfs:label "dermatomyositis"@en', 'rdfs:label "dermatomyositis"'),),
    ),
    Mutation(
        "class-definition",
        "class-definition",
        "XSCO:0000045",
        add='XSCO:0000045 obo:IAO_0000115 "A second definition."@en .',
    ),
    Mutation("label-unique", "label-unique", "XSCO:0000046", add=NEW_CONDITION.format(label="dermatomyositis")),
    Mutation(
        "deprecated-replacement",
        "deprecated-replacement",
        "XSCO:0000099",
        replace=(("    obo:IAO_0100001 XSCO:0000004 ;\n", ""),),
    ),
    Mutation(
        "association-subject",
        "association-subject",
        "xscoa:A0021",
        replace=(
            (
                "oban:association_has_subject XSCO:0000004 ; oban:association_has_predicate obo:RO_0002610",
                "oban:association_has_predicate obo:RO_0002610",
            ),
        ),
    ),
    Mutation(
        "association-predicate",
        "association-predicate",
        "xscoa:A0036",
        add="xscoa:A0036 oban:association_has_predicate obo:RO_0002610 .",
    ),
    Mutation(
        "association-object",
        "association-object",
        "xscoa:A0034",
        add='xscoa:A0034 oban:association_has_object "dystrophic calcification" .',
    ),
    Mutation(
        "association-source",
        "association-source",
        "xscoa:A0021",
        replace=((A0021_SOURCE, 'XSCO:0000202 "It is associated'),),
    ),
    Mutation(
        "association-open-list",
        "association-open-list",
        "xscoa:A0021",
        replace=(("XSCO:0000203 true ;\n    " + A0021_SOURCE, 'XSCO:0000203 "yes" ;\n    ' + A0021_SOURCE),),
    ),
    Mutation(
        "association-qualifier",
        "association-qualifier",
        "xscoa:A0036",
        replace=(('XSCO:0000201 "most often"', 'XSCO:0000201 "nearly always"'),),
    ),
    Mutation("association-negated", "association-negated", "xscoa:A0035", add='xscoa:A0035 XSCO:0000204 "no" .'),
    Mutation(
        "association-shortcut",
        "association-shortcut",
        "xscoa:A0021",
        replace=(("XSCO:0000004 obo:RO_0002610 XSCO:0000045 .\n", ""),),
    ),
    Mutation(
        "negated-association-shortcut",
        "negated-association-shortcut",
        "xscoa:A0035",
        add="XSCO:0000005 obo:RO_0002610 XSCO:0000014 .",
    ),
    Mutation(
        "shortcut-association", "shortcut-association", "XSCO:0000004", add="XSCO:0000004 obo:RO_0002610 XSCO:0000014 ."
    ),
    Mutation("xref-curie-syntax", "xref-curie", "XSCO:0000002", replace=(('"HP:0003761"', '"HP 0003761"'),)),
    Mutation("xref-curie-iri", "xref-curie", "XSCO:0000002", replace=(('"HP:0003761"', '"http://x.org/HP_1"'),)),
    # --- instance-data shapes (ontology/shapes/xsco-findings.ttl), findings checked with the bundled XSCO ---
    Mutation(
        "finding-site-class",
        "finding-site",
        "https://example.org/findings/finding1",
        base="findings",
        replace=(("obo:RO_0001025 [ a obo:UBERON_0002072 ]", "obo:RO_0001025 obo:UBERON_0002072"),),
    ),
    Mutation(
        "finding-site-missing",
        "finding-site",
        "https://example.org/findings/finding3",
        base="findings",
        replace=(("    obo:RO_0001025 [ a obo:UBERON_0001062 ] ;\n", ""),),
    ),
    Mutation(
        "finding-site-not-anatomy",
        "finding-site",
        "https://example.org/findings/finding2",
        base="findings",
        replace=(("ex:site2 a owl:NamedIndividual, obo:UBERON_0002384 .", "ex:site2 a owl:NamedIndividual ."),),
    ),
    Mutation(
        "finding-calcium-phosphate-status",
        "finding-calcium-phosphate-status",
        "https://example.org/findings/finding1",
        base="findings",
        replace=(("XSCO:0000101 [ a XSCO:0000013 ]", "XSCO:0000101 [ a XSCO:0000017 ]"),),
    ),
    Mutation(
        "finding-single-calcium-phosphate-status",
        "finding-single-calcium-phosphate-status",
        "https://example.org/findings/finding2",
        base="findings",
        add="ex:finding2 XSCO:0000101 [ a XSCO:0000013 ] .",
    ),
    Mutation(
        "finding-tissue-state",
        "finding-tissue-state",
        "https://example.org/findings/finding2",
        base="findings",
        replace=(("XSCO:0000102 [ a XSCO:0000016 ]", "XSCO:0000102 XSCO:0000016"),),
    ),
    Mutation(
        "finding-condition",
        "finding-condition",
        "https://example.org/findings/finding3",
        base="findings",
        replace=(("XSCO:0000103 [ a XSCO:0000047 ]", "XSCO:0000103 [ a obo:UBERON_0002072 ]"),),
    ),
    Mutation(
        "finding-sign",
        "finding-sign",
        "https://example.org/findings/finding3",
        base="findings",
        add="ex:finding3 XSCO:0000222 [ a XSCO:0000045 ] .",
    ),
    Mutation(
        "finding-label",
        "finding-label",
        "https://example.org/findings/finding3",
        base="findings",
        replace=(('    rdfs:label "ossified mass in the thigh after trauma" ;\n', ""),),
    ),
    Mutation(
        "finding-typed",
        "finding-typed",
        "https://example.org/findings/finding4",
        base="findings",
        add="ex:finding4 XSCO:0000103 [ a XSCO:0000045 ] .",
    ),
    # --- QC queries (queries/qc/*.rq) ---
    Mutation(
        "label-shared", "label-shared-violation", "XSCO:0000046", add=NEW_CONDITION.format(label="Dermatomyositis")
    ),
    Mutation(
        "class-no-parent",
        "class-no-parent-violation",
        "XSCO:0000046",
        add=NEW_CONDITION.format(label="test condition").replace(" rdfs:subClassOf XSCO:0000030 ;", ""),
    ),
    Mutation(
        "association-source-missing",
        "association-source-missing-violation",
        "xscoa:A0021",
        replace=((A0021_SOURCE, 'XSCO:0000202 "It is associated'),),
    ),
    Mutation(
        "label-whitespace",
        "label-whitespace-violation",
        "XSCO:0000045",
        replace=(('rdfs:label "dermatomyositis"@en', 'rdfs:label "dermatomyositis "@en'),),
    ),
    Mutation(
        "synonym-label-clash",
        "synonym-label-clash-violation",
        "XSCO:0000045",
        add='XSCO:0000045 oboInOwl:hasExactSynonym "Calcinosis"@en .',
    ),
    Mutation(
        "synonym-label-clash-untyped",
        "synonym-label-clash-violation",
        "XSCO:0000005",
        replace=(("   oboInOwl:hasSynonymType XSCO:0000209 .", '   rdfs:comment "no type" .'),),
    ),
    Mutation(
        "synonym-label-clash-other-type",
        "synonym-label-clash-violation",
        "XSCO:0000005",
        replace=(("   oboInOwl:hasSynonymType XSCO:0000209 .", "   oboInOwl:hasSynonymType XSCO:0000299 ."),),
    ),
    Mutation("xref-prefix", "xref-prefix-violation", "XSCO:0000002", replace=(('"HP:0003761"', '"NOSUCH:0003761"'),)),
    Mutation("definition-missing", "definition-missing-violation", "XSCO:0000045", replace=((DM_DEFINITION, ""),)),
    Mutation(
        "association-term-unlabelled",
        "association-term-unlabelled-violation",
        "xscoa:A0021",
        replace=(
            ("oban:association_has_object XSCO:0000045 ;", "oban:association_has_object XSCO:0000046 ;"),
            ("XSCO:0000004 obo:RO_0002610 XSCO:0000045 .", "XSCO:0000004 obo:RO_0002610 XSCO:0000046 ."),
        ),
    ),
    Mutation(
        "qc-association-qualifier",
        "association-qualifier-violation",
        "xscoa:A0036",
        replace=(('XSCO:0000201 "most often"', 'XSCO:0000201 "invariably"'),),
    ),
    Mutation(
        "association-qualifier-text",
        "association-qualifier-text-violation",
        "xscoa:A0036",
        replace=(('"Calcinosis reveals most often in', '"Calcinosis reveals in'),),
    ),
    Mutation(
        "association-text-missing",
        "association-text-missing-violation",
        "xscoa:A0034",
        replace=((A0034_TEXT, "    ."),),
    ),
    Mutation("iri-format", "iri-format-violation", "XSCO:45", add="XSCO:0000045 rdfs:seeAlso XSCO:45 ."),
    Mutation(
        "deprecated-in-use",
        "deprecated-in-use-violation",
        "XSCO:0000045",
        add="XSCO:0000045 rdfs:subClassOf XSCO:0000099 .",
    ),
    Mutation(
        "association-duplicate",
        "association-duplicate-violation",
        "xscoa:A0099",
        add="""xscoa:A0099 a owl:NamedIndividual, oban:association ;
    oban:association_has_subject XSCO:0000005 ; oban:association_has_predicate XSCO:0000207 ;
    oban:association_has_object XSCO:0000004 ; XSCO:0000203 false ; dcterms:source seed:31 ;
    XSCO:0000202
        "Calcinosis, also known as dystrophic calcification, is a distinct type of extra-skeletal calcification." .""",
    ),
    Mutation(
        "association-predicate-undeclared",
        "association-predicate-undeclared-violation",
        "xscoa:A0034",
        replace=(
            ("oban:association_has_predicate XSCO:0000207 ;", "oban:association_has_predicate XSCO:0000299 ;"),
            ("XSCO:0000005 XSCO:0000207 XSCO:0000004 .", "XSCO:0000005 XSCO:0000299 XSCO:0000004 ."),
        ),
    ),
    # --- schemes and numbers (issue 10) ---
    Mutation("association-scheme", "association-scheme", "xscoa:A0021", add="xscoa:A0021 XSCO:0000211 XSCO:0000045 ."),
    Mutation(
        "association-measure",
        "association-measure",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "incidence" ; XSCO:0000214 "12"^^xsd:decimal .',
    ),
    Mutation(
        "association-comparator",
        "association-comparator",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "prevalence" ; XSCO:0000213 "approximately" ; XSCO:0000214 "12"^^xsd:decimal .',
    ),
    Mutation(
        "association-value",
        "association-value",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "prevalence" ; XSCO:0000214 "twelve" .',
    ),
    Mutation(
        "association-value-max",
        "association-value-max",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "prevalence" ; XSCO:0000214 "12"^^xsd:decimal ; XSCO:0000215 "twenty" .',
    ),
    Mutation(
        "association-unit",
        "association-unit",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "prevalence" ; XSCO:0000214 "12"^^xsd:decimal ; XSCO:0000216 "%", "percent" .',
    ),
    Mutation(
        "association-population",
        "association-population",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "prevalence" ; XSCO:0000214 "12"^^xsd:decimal ; XSCO:0000217 12 .',
    ),
    Mutation(
        "association-number-measure",
        "association-number-measure",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000214 "12"^^xsd:decimal ; XSCO:0000216 "%" .',
    ),
    Mutation(
        "association-number-value",
        "association-number-value",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "prevalence" ; XSCO:0000216 "%" .',
    ),
    Mutation(
        "association-range-order",
        "association-range-order",
        "xscoa:A0021",
        add='xscoa:A0021 XSCO:0000212 "prevalence" ; XSCO:0000214 "30"^^xsd:decimal ; XSCO:0000215 "10"^^xsd:decimal .',
    ),
    Mutation(
        "classified-under-scheme",
        "classified-under-scheme",
        "xscoa:A0098",
        add="""xscoa:A0098 a owl:NamedIndividual, oban:association ;
    oban:association_has_subject XSCO:0000005 ; oban:association_has_predicate XSCO:0000210 ;
    oban:association_has_object XSCO:0000004 ; XSCO:0000203 false ; dcterms:source seed:31 ;
    XSCO:0000202 "[paraphrase] test." .
XSCO:0000005 XSCO:0000210 XSCO:0000004 .""",
    ),
    Mutation(
        "scheme-label", "scheme-label", "XSCO:0000298", add=SCHEME.replace('    rdfs:label "test scheme"@en ;\n', "")
    ),
    Mutation("scheme-root", "scheme-root", "XSCO:0000298", add=SCHEME.replace("    XSCO:0000221 XSCO:0000005 ;\n", "")),
    Mutation(
        "scheme-source", "scheme-source", "XSCO:0000298", add=SCHEME.replace(" ;\n    dcterms:source seed:31", "")
    ),
    Mutation(
        "source-untitled",
        "source-untitled-violation",
        "xscoa:A0021",
        replace=(
            (A0021_SOURCE, 'dcterms:source <https://example.org/untitled> ;\n    XSCO:0000202 "It is associated'),
        ),
    ),
    Mutation(
        "class-source-missing",
        "class-source-missing-violation",
        "XSCO:0000045",
        replace=((DM_DEFINITION + "    dcterms:source seed:31 .", DM_DEFINITION.rstrip(" ;\n") + " ."),),
    ),
]


def _mutant(m: Mutation, folder: Path) -> Path:
    """Write the mutated copy of the fixture; each replaced text must occur exactly once."""
    base = MINI if m.base == "mini" else FINDINGS
    text = base.read_text(encoding="utf-8")
    for old, new in m.replace:
        assert text.count(old) == 1, f"{m.id}: {old!r} must occur once in {base.name}"
        text = text.replace(old, new)
    if m.add:
        text += "\n" + m.add + "\n"
    assert text != base.read_text(encoding="utf-8")
    path = folder / f"{m.id}.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def _report(path: Path, base: str) -> kgtools.ValidationReport:
    if base == "mini":
        return kgtools.load(path).validate()
    return kgtools.load().validate(data=path)


def _cli_args(path: Path, base: str) -> list[str]:
    return ["validate", "-i", str(path)] if base == "mini" else ["validate", "--data", str(path)]


def _severity_of(rule: str) -> str:
    for qc in load_qc_rules():
        if qc.name == rule:
            return qc.severity
    shapes = rdflib.Graph()
    for f in sorted(shapes_dir().glob("*.ttl")):
        shapes.parse(f)
    severity = shapes.value(rdflib.URIRef(XSH + rule), SH.severity)
    return {SH.Violation: "ERROR", SH.Warning: "WARN", SH.Info: "INFO"}[severity]  # type: ignore[index]


# --- the clean side ------------------------------------------------------------------------------


def test_shipped_ontology_validates_clean(kg: kgtools.KnowledgeGraph) -> None:
    report = kg.validate()
    assert report.results == (), report.to_text()
    assert report.conforms
    assert len(report.shapes) >= 2 and len(report.qc_rules) >= 10


@pytest.mark.parametrize("base", ["mini", "findings"])
def test_fixtures_validate_clean(base: str) -> None:
    path = MINI if base == "mini" else FINDINGS
    report = _report(path, base)
    assert report.results == (), report.to_text()


def test_shipped_examples_validate_clean() -> None:
    from kgtools.resources import examples_dir

    examples = sorted(examples_dir().glob("*.ttl")) if examples_dir().is_dir() else []
    if not examples:
        pytest.skip("no ontology/examples/*.ttl on this branch yet (issue 3 adds findings.ttl)")
    report = kgtools.load().validate(data=examples)
    assert report.results == (), report.to_text()


def test_contested_synonym_of_calcinosis_is_exempt(kg: kgtools.KnowledgeGraph) -> None:
    """The shipped calcinosis synonym "dystrophic calcification" equals another label but is typed contested."""
    term = kg.term("calcinosis")
    assert "dystrophic calcification" in term.synonyms
    report = kg.validate()
    assert "synonym-label-clash-violation" not in report.rules()


# --- the mutations -------------------------------------------------------------------------------


@pytest.mark.parametrize("m", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_mutation_is_caught(m: Mutation, tmp_path: Path) -> None:
    path = _mutant(m, tmp_path)
    report = _report(path, m.base)
    hits = [r for r in report.results if r.rule == m.rule]
    assert hits, f"{m.rule} did not catch {m.id}:\n{report.to_text()}"
    assert m.focus in {r.focus for r in hits}, report.to_text()
    severity = _severity_of(m.rule)
    assert {r.severity for r in hits} == {severity}
    assert all(r.message for r in hits)
    # The CLI exits 1 at the rule's severity threshold and names the rule.
    result = CliRunner().invoke(main, [*_cli_args(path, m.base), "--fail-on", severity])
    assert result.exit_code == 1, result.output
    assert m.rule in result.output
    if severity != "ERROR":  # below the default threshold: reported, but the exit code is 0
        result = CliRunner().invoke(main, _cli_args(path, m.base))
        assert result.exit_code == 0 and m.rule in result.output


def _shape_rules() -> set[str]:
    """Every rule of the packaged shapes: the named shapes and constraints that carry a message."""
    rules = set()
    for f in sorted(shapes_dir().glob("*.ttl")):
        graph = rdflib.Graph().parse(f)
        rules |= {str(s)[len(XSH) :] for s in graph.subjects(SH.message, None) if str(s).startswith(XSH)}
    return rules


def test_every_rule_is_exercised() -> None:
    mutated = {m.rule for m in MUTATIONS}
    qc_rules = {r.name for r in load_qc_rules()}
    shape_rules = _shape_rules()
    assert len(shape_rules) >= 20 and len(qc_rules) >= 10
    assert shape_rules - mutated == set(), "shape rules without a mutation"
    assert qc_rules - mutated == set(), "QC rules without a mutation"
    assert mutated - shape_rules - qc_rules == set(), "mutations naming no rule"


# --- the rule files themselves -------------------------------------------------------------------


def test_qc_rules_have_headers_and_violation_names() -> None:
    for rule in load_qc_rules():
        assert rule.name.endswith("-violation")
        assert rule.severity in SEVERITIES
        assert rule.title and rule.description
        assert "?entity" in rule.query.text


def test_qc_folder_stays_out_of_the_named_query_library() -> None:
    from kgtools.query import QueryLibrary

    names = QueryLibrary().names()
    assert not any(n.endswith("-violation") for n in names)
    assert qc_dir().parent == QueryLibrary().folder


def test_qualifier_lists_agree() -> None:
    """The closed list of qualifiers is stated in the ontology and repeated by the shape's sh:in: both agree."""
    from kgtools.qualifiers import bundled_qualifiers

    shapes = rdflib.Graph().parse(shapes_dir() / "xsco-ontology.ttl")
    node = shapes.value(rdflib.URIRef(XSH + "association-qualifier"), SH["in"])
    in_shape = {str(x) for x in rdflib.collection.Collection(shapes, node)}
    assert in_shape == set(bundled_qualifiers().closed_list)
    # the seed's own hedges and those of the other sources (issue 10) are all in the list
    assert {
        "common",
        "especially",
        "usually not",
        "most often",
        "has been described",
        "typically",
        "can also",
    } <= in_shape
    assert {"usually", "commonly", "mainly", "variably"} <= in_shape


def test_xref_prefix_rule_follows_the_prefix_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The xref prefix check is bound to kgtools.prefixes at run time: a new prefix needs no other edit."""
    from kgtools import prefixes

    pattern = re.compile(known_prefixes_pattern())
    assert all(pattern.match(p) for p in prefixes.PREFIX_MAP)
    assert not pattern.match("NOSUCH") and not pattern.match("HPX") and not pattern.match("H")
    path = tmp_path / "xref.ttl"
    path.write_text(MINI.read_text().replace('"HP:0003761"', '"NOSUCH:0003761"'))
    assert "xref-prefix-violation" in kgtools.load(path).validate().rules()
    monkeypatch.setitem(prefixes.PREFIX_MAP, "NOSUCH", "https://example.org/nosuch/")
    assert "xref-prefix-violation" not in kgtools.load(path).validate().rules()


def test_xref_curie_syntax() -> None:
    shapes = rdflib.Graph().parse(shapes_dir() / "xsco-ontology.ttl")
    pattern = str(shapes.value(rdflib.URIRef(XSH + "xref-curie"), SH.pattern))
    for good in ("HP:0003761", "MONDO:0005100", "UBERON:0002072", "MESH:D002114", "ORPHA:1234", "semapv:Lexical"):
        assert re.search(pattern, good), good
    for bad in ("HP 0003761", "HP:", ":0003761", "http://purl.obolibrary.org/obo/HP_0003761", "HP:0003761 "):
        assert not re.search(pattern, bad), bad


# --- engines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("m", [m for m in MUTATIONS if m.base == "findings"], ids=lambda m: m.id)
def test_pyrudof_agrees_with_pyshacl_on_findings(m: Mutation, tmp_path: Path) -> None:
    """Each broken finding: the core shapes give the same results on both validators (pyrudof reads
    the Oxigraph store's N-Quads dump, no rdflib graph at all)."""
    pytest.importorskip("pyrudof")
    path = _mutant(m, tmp_path)
    kg = kgtools.load()
    shapes = shapes_dir() / "xsco-findings.ttl"
    only_core = kg.validate(data=path, shapes=shapes, validator="pyrudof", qc=False)
    assert only_core.engines_used == ((str(shapes), "pyrudof"),)
    assert only_core.results == kg.validate(data=path, shapes=shapes, qc=False).results
    assert m.rule in only_core.rules()


def test_pyrudof_runs_the_core_shapes_and_pyshacl_the_rest(tmp_path: Path) -> None:
    """The whole validation with ``validator="pyrudof"``: pyrudof takes the findings shapes, pyshacl
    the ontology shapes it cannot run, and the report equals pyshacl's alone (one broken finding;
    every rule's agreement on the core shapes is checked above)."""
    pytest.importorskip("pyrudof")
    m = next(m for m in MUTATIONS if m.base == "findings")
    path = _mutant(m, tmp_path)
    kg = kgtools.load()
    reference = kg.validate(data=path)
    rudof = kg.validate(data=path, validator="pyrudof")
    assert any(s.endswith("xsco-findings.ttl") and e == "pyrudof" for s, e in rudof.engines_used)
    assert any(s.endswith("xsco-ontology.ttl") and e == "pyshacl" for s, e in rudof.engines_used)
    assert rudof.results == reference.results and m.rule in rudof.rules()


def test_both_store_engines_give_the_same_report(tmp_path: Path) -> None:
    m = next(m for m in MUTATIONS if m.id == "association-shortcut")
    path = _mutant(m, tmp_path)
    a = kgtools.load(path, engine="oxigraph").validate()
    b = kgtools.load(path, engine="rdflib").validate()
    assert [(r.rule, r.focus) for r in a] == [(r.rule, r.focus) for r in b]
    assert a.rules() == ["association-shortcut"]


def test_unknown_engine() -> None:
    with pytest.raises(kgtools.EngineError):
        kgtools.load(MINI).validate(validator="nope")


def test_validate_does_not_change_the_graph() -> None:
    kg = kgtools.load()
    before = kg.store.count()
    kg.validate(data=FINDINGS)
    assert kg.store.count() == before


# --- reports -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def failing(tmp_path_factory: pytest.TempPathFactory) -> kgtools.ValidationReport:
    folder = tmp_path_factory.mktemp("report")
    text = MINI.read_text() + "\n" + NEW_CONDITION.format(label="dermatomyositis") + "\nXSCO:0000050 a owl:Class .\n"
    path = folder / "two-problems.ttl"
    path.write_text(text)
    return kgtools.load(path).validate()


def test_report_text_is_grouped_and_readable(failing: kgtools.ValidationReport) -> None:
    text = failing.to_text()
    assert text.startswith("Validation FAILED:")
    assert "ERROR label-unique" in text and "ERROR class-label" in text and "WARN class-no-parent-violation" in text
    assert "XSCO:0000046 'dermatomyositis'" in text
    assert 'label "dermatomyositis" is also the label of XSCO:0000045' in text
    assert not failing.conforms and failing.failed("ERROR") and failing.failed("INFO")


def test_report_json_and_tsv(failing: kgtools.ValidationReport) -> None:
    payload = json.loads(failing.to_json())
    assert payload["conforms"] is False
    assert payload["counts"]["ERROR"] == failing.counts()["ERROR"] > 0
    first = payload["results"][0]
    assert set(first) == {"severity", "rule", "focus", "focus_label", "path", "value", "message", "source"}
    lines = failing.to_tsv().splitlines()
    assert lines[0].split("\t") == ["severity", "rule", "focus", "focus_label", "path", "value", "message", "source"]
    assert len(lines) == len(failing.results) + 1
    assert all(len(line.split("\t")) == 8 for line in lines)


def test_cli_formats_and_output_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["conforms"] is True
    out = tmp_path / "report.tsv"
    result = runner.invoke(main, ["validate", "-i", str(MINI), "--format", "tsv", "--output", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("severity\trule")


# --- bad input: one line, exit 2 -------------------------------------------------------------------


BAD_SHAPES = {
    "syntax": "@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle <<<\n",
    "no-shapes": "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n",
    "bad-constraint": (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount "many" ] .\n'
    ),
    "bad-sparql": (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { broken" ] .\n'
    ),
    "values-clause": (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
        'sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .\n'
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_SHAPES))
def test_malformed_shapes_exit_2(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "bad.ttl").write_text(BAD_SHAPES[kind])
    mini = tmp_path / "mini.ttl"
    mini.write_text(MINI.read_text() + "\n<https://example.org/x> a <https://example.org/C> .\n")
    result = CliRunner().invoke(main, ["validate", "-i", str(mini), "--shapes", str(folder)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kgtools: error:"), result.output
    assert "bad.ttl" in lines[0] or "shapes" in lines[0]
    with pytest.raises(kgtools.ShapesError):
        kgtools.load(mini).validate(shapes=folder)


@pytest.mark.parametrize(
    "content", ["@prefix ex: <https://example.org/> .\nex:a ex:b \n", "not rdf at all {"], ids=["truncated", "garbage"]
)
def test_malformed_data_exit_2(content: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(content)
    result = CliRunner().invoke(main, ["validate", "--data", str(bad)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "bad.ttl" in lines[0]
    with pytest.raises(kgtools.ParseError):
        kgtools.load().validate(data=bad)


def test_missing_files_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (["--data", str(tmp_path / "nope.ttl")], ["--shapes", str(tmp_path / "nope")]):
        result = runner.invoke(main, ["validate", *args])
        assert result.exit_code == 2 and "not found" in result.output


def test_malformed_qc_query_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "qc"
    folder.mkdir()
    (folder / "no-severity-violation.rq").write_text("# title: x\nSELECT ?entity WHERE { ?entity ?p ?o }\n")
    result = CliRunner().invoke(main, ["validate", "--qc", str(folder)])
    assert result.exit_code == 2 and "severity" in result.output
    (folder / "no-severity-violation.rq").write_text("# title: x\n# severity: ERROR\nSELECT ?entity WHERE { broken\n")
    result = CliRunner().invoke(main, ["validate", "--qc", str(folder)])
    assert result.exit_code == 2 and "no-severity-violation.rq" in result.output


def test_malformed_shapes_real_stderr_is_one_line(tmp_path: Path) -> None:
    """In a real process nothing else (e.g. pyshacl's own logger) writes to stderr."""
    import subprocess
    import sys

    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "bad.ttl").write_text(BAD_SHAPES["bad-constraint"])
    done = subprocess.run(
        [sys.executable, "-m", "kgtools.cli", "validate", "-i", str(MINI), "--shapes", str(folder)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "minCount" in done.stderr, done.stderr
