"""kgtools lexmatch: candidate mappings by label and synonym, on small fixture ontologies in the
three formats (OBO, OBO Graphs JSON, OWL), written and read back as SSSOM through sssom-py."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.errors import InputError, ParseError, SourceNotFoundError
from kgtools.lexmatch import (
    LexmatchResult,
    LexTerm,
    evaluate,
    lexmatch,
    match_terms,
    normalize,
    read_candidates,
    read_terms,
    write_sssom,
)
from kgtools.link import Mapping, MappingSet, read_sssom

DATA = Path(__file__).resolve().parent / "data" / "lexmatch"
HP_MINI = DATA / "hp-mini.obo"
MONDO_MINI = DATA / "mondo-mini.json"
DOID_MINI = DATA / "doid-mini.owl"
CALCINOSIS_CUTIS = "XSCO:0001001"
CALCIPHYLAXIS = "XSCO:0001006"


@pytest.fixture(scope="module")
def curated() -> MappingSet:
    return read_sssom()


def _pairs(result: LexmatchResult) -> dict[tuple[str, str], object]:
    return {(c.subject_id, c.object_id): c for c in result.candidates}


# --- normalisation and the matching rules ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pellegrini–Stieda lesion", "pellegrini stieda lesion"),
        ("Hypercalcaemia", "hypercalcemia"),
        ("tumour", "tumor"),
        ("Albright's hereditary osteodystrophy", "albright hereditary osteodystrophy"),
        ("Mönckeberg  medial calcification", "monckeberg medial calcification"),
        ("  ", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_rules_give_predicate_and_confidence_by_the_fields_that_matched() -> None:
    subjects = [LexTerm("XSCO:1", "systemic sclerosis", (("SSc", "exact"), ("scleroderma", "related")))]
    objects = [
        LexTerm("T:1", "systemic sclerosis"),  # label = label
        LexTerm("T:2", "diffuse disease", (("SSc", "exact"),)),  # exact synonym = exact synonym
        LexTerm("T:3", "scleroderma"),  # related synonym = label
        LexTerm("T:4", "sclerosis, systemic"),  # the same words in another order
        LexTerm("T:5", "connective tissue disease", (("systemic sclerosis", "narrow"),)),  # a narrower synonym
        LexTerm("T:6", "unrelated"),
    ]
    found = {c.object_id: (c.predicate_id, c.confidence) for c in match_terms(subjects, objects)}
    assert found == {
        "T:1": ("skos:exactMatch", 0.95),
        "T:2": ("skos:exactMatch", 0.85),
        "T:3": ("skos:closeMatch", 0.7),
        "T:4": ("skos:exactMatch", 0.85),  # 0.95 less the word-order penalty
        "T:5": ("skos:broadMatch", 0.6),  # the target is broader than the subject
    }


def test_the_best_rule_wins_when_a_pair_matches_twice() -> None:
    subjects = [LexTerm("XSCO:1", "calcinosis", (("calcinosis", "related"),))]
    objects = [LexTerm("T:1", "Calcinosis", (("calcinosis", "related"),))]
    (only,) = match_terms(subjects, objects)
    assert (only.predicate_id, only.confidence, only.subject_match_field, only.object_match_field) == (
        "skos:exactMatch", 0.95, "rdfs:label", "rdfs:label")


# --- reading the three formats --------------------------------------------------------------------


def test_read_obo_keeps_the_targets_own_terms_with_synonyms_and_obsolete_flags() -> None:
    terms = {t.curie: t for t in read_terms(HP_MINI, "HP")}
    assert "UBERON:0002097" not in terms and len(terms) == 7
    assert terms["HP:0025520"].label == "Calcinosis cutis"
    assert ("Cutaneous calcification", "exact") in terms["HP:0025520"].synonyms
    assert terms["HP:0099999"].deprecated and terms["HP:0099999"].replaced_by == "HP:0003761"
    assert not terms["HP:0003761"].deprecated


def test_read_obographs_json() -> None:
    terms = {t.curie: t for t in read_terms(MONDO_MINI, "MONDO")}
    assert set(terms) == {"MONDO:0005100", "MONDO:0017215", "MONDO:0001903", "MONDO:0099997"}
    assert ("Scleroderma, systemic", "related") in terms["MONDO:0005100"].synonyms
    assert terms["MONDO:0099997"].deprecated and terms["MONDO:0099997"].replaced_by == "MONDO:0002123"


def test_read_owl() -> None:
    terms = {t.curie: t for t in read_terms(DOID_MINI, "DOID")}
    assert set(terms) == {"DOID:4734", "DOID:2738"}
    assert terms["DOID:2738"].synonyms == (("Gronblad-Strandberg syndrome", "exact"),)


@pytest.mark.parametrize(
    ("content", "suffix", "error"),
    [
        ("format-version: 1.2\n\n[Term]\nid HP:1\n", ".obo", ParseError),
        ("{not json", ".json", ParseError),
        ('{"nodes": []}', ".json", ParseError),
        ("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><broken", ".owl", ParseError),
        ("anything", ".xlsx", InputError),
    ],
)
def test_bad_files_raise_one_kgtools_error(tmp_path: Path, content: str, suffix: str, error: type[Exception]) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    with pytest.raises(error):
        read_terms(path, "HP")


def test_missing_file() -> None:
    with pytest.raises(SourceNotFoundError):
        read_terms(DATA / "nope.obo", "HP")


# --- lexmatch against XSCO ------------------------------------------------------------------------


def test_lexmatch_flags_curated_pairs_and_obsolete_targets(kg: kgtools.KnowledgeGraph, curated: MappingSet) -> None:
    result = lexmatch("hp", HP_MINI, kg=kg, mapping_set=curated)
    pairs = _pairs(result)
    cutis = pairs[(CALCINOSIS_CUTIS, "HP:0025520")]
    assert cutis.predicate_id == "skos:exactMatch" and cutis.curated == "skos:exactMatch"  # type: ignore[attr-defined]
    assert "already curated as skos:exactMatch" in cutis.comment  # type: ignore[attr-defined]
    sarcoid = pairs[("XSCO:0001015", "HP:0099999")]
    assert sarcoid.obsolete and sarcoid.replaced_by == "HP:0003761"  # type: ignore[attr-defined]
    assert "target is obsolete, replaced by HP:0003761" in sarcoid.comment  # type: ignore[attr-defined]
    # hypercalcaemia: the XSCO label matches HP's exact synonym "Hypercalcaemia" and, after normalisation, its label
    assert pairs[("XSCO:0001013", "HP:0003072")].confidence == 0.95  # type: ignore[attr-defined]
    assert result.subjects > 250 and result.objects == 7


def test_lexmatch_on_json_and_owl(kg: kgtools.KnowledgeGraph, curated: MappingSet) -> None:
    mondo = _pairs(lexmatch("mondo", MONDO_MINI, kg=kg, mapping_set=curated))
    assert mondo[(CALCIPHYLAXIS, "MONDO:0017215")].curated == "skos:closeMatch"  # type: ignore[attr-defined]
    assert ("XSCO:0001025", "MONDO:0005100") in mondo
    assert ("XSCO:0001311", "MONDO:0001903") in mondo  # calcific tendinopathy
    assert mondo[(CALCINOSIS_CUTIS, "MONDO:0099997")].obsolete  # type: ignore[attr-defined]
    doid = _pairs(lexmatch("doid", DOID_MINI, kg=kg, mapping_set=curated))
    assert set(doid) == {(CALCIPHYLAXIS, "DOID:4734"), ("XSCO:0001024", "DOID:2738")}


def test_lexmatch_refuses_an_unknown_target_and_a_file_without_its_terms(kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="unknown target"):
        lexmatch("ncit", HP_MINI, kg=kg)
    with pytest.raises(InputError, match="no GO terms"):
        lexmatch("go", HP_MINI, kg=kg)


def test_sssom_output_is_valid_and_reads_back(kg: kgtools.KnowledgeGraph, curated: MappingSet, tmp_path: Path) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    result = lexmatch("hp", HP_MINI, kg=kg, mapping_set=curated)
    out = tmp_path / "candidates.sssom.tsv"
    write_sssom(result, out)
    validate(parse_sssom_table(str(out)), fail_on_error=True)
    rows = read_candidates(out)
    assert len(rows) == len(result.candidates)
    assert {r["mapping_justification"] for r in rows} == {"semapv:LexicalMatching"}
    row = next(r for r in rows if r["subject_id"] == CALCINOSIS_CUTIS)
    assert row["object_id"] == "HP:0025520" and float(row["confidence"]) == 0.95
    assert "rdfs:label" in row["subject_match_field"]  # a list once sssom-py has parsed the multivalued slot


def test_evaluate_counts_precision_and_recall() -> None:
    curated = MappingSet({}, (
        Mapping("XSCO:1", "a", "skos:exactMatch", "HP:1", "A", "semapv:ManualMappingCuration"),
        Mapping("XSCO:2", "b", "skos:broadMatch", "HP:2", "B", "semapv:ManualMappingCuration"),
        Mapping("XSCO:3", "c", "skos:exactMatch", "MONDO:3", "C", "semapv:ManualMappingCuration"),  # another target
    ))
    result = LexmatchResult("HP", "hp.obo", 3, 3, tuple(match_terms(
        [LexTerm("XSCO:1", "a"), LexTerm("XSCO:4", "d")], [LexTerm("HP:1", "A"), LexTerm("HP:4", "D")])))
    ev = evaluate(result, curated)
    assert (ev.curated, ev.proposed, ev.found) == (2, 2, 1)
    assert ev.precision == 0.5 and ev.recall == 0.5
    assert (ev.exact_curated, ev.exact_proposed, ev.exact_found) == (1, 2, 1)


# --- the CLI ---------------------------------------------------------------------------------------


def test_cli_writes_sssom(tmp_path: Path) -> None:
    out = tmp_path / "hp.sssom.tsv"
    result = CliRunner().invoke(main, ["lexmatch", "--target", "hp", str(HP_MINI), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "semapv:LexicalMatching" in text and "HP:0025520" in text and text.startswith("#")


def test_cli_evaluate_and_table() -> None:
    result = CliRunner().invoke(main, ["lexmatch", "-t", "hp", str(HP_MINI), "--evaluate", "-f", "csv"])
    assert result.exit_code == 0, result.output
    header, values = result.output.strip().splitlines()
    row = dict(zip(header.split(","), values.split(","), strict=True))
    assert row["target"] == "HP" and 0 < float(row["precision"]) <= 1 and 0 < float(row["recall"]) <= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lexmatch", "-t", "hp", "missing.obo"], "file not found"),
        (["lexmatch", "-t", "go", str(HP_MINI)], "no GO terms"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
