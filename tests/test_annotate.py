"""Free-text findings (issue 17): kg.annotate, `kgtools annotate` and `kgtools differential --text`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

import kgtools
from kgtools.annotate import REFERENCE_RANGES, Annotation, annotate
from kgtools.cli import main
from kgtools.differential import Finding
from tests.annotate_helpers import spans_benchmark

SSC_CASE = (
    "A 54-year-old woman with limited cutaneous systemic sclerosis had painful nodules of the fingers. "
    "No history of trauma. Radiographs showed calcifications in the subcutaneous tissue of the fingers; "
    "the bones are spared. Serum calcium 9.1 mg/dL and phosphate 1.1 mmol/L."
)


@pytest.fixture(scope="module")
def ssc(kg: kgtools.KnowledgeGraph) -> Annotation:
    return kg.annotate(SSC_CASE)


def _span(a: Annotation, text: str) -> kgtools.annotate.Mention:
    return next(m for m in a.mentions if m.text == text)


def test_terms_are_found_with_their_spans_and_kinds(ssc: Annotation) -> None:
    crest = _span(ssc, "limited cutaneous systemic sclerosis")
    assert (crest.kind, crest.curie, crest.status) == ("condition", "XSCO:0000046", "present")
    assert SSC_CASE[crest.start:crest.end] == crest.text
    finger = _span(ssc, "fingers")  # the plural of the synonym "finger"
    assert (finger.kind, finger.curie) == ("site", "UBERON:0002389")
    assert _span(ssc, "subcutaneous tissue").curie == "UBERON:0002072"
    assert _span(ssc, "calcifications").form == "calcified"


def test_negation_is_marked_and_not_counted(ssc: Annotation) -> None:
    trauma = _span(ssc, "trauma")
    assert trauma.negated and not trauma.counts and trauma.status == "negated"
    f = ssc.finding()
    assert "XSCO:0000047" in f.absent and "XSCO:0000047" not in f.disorders
    # "the bones are spared" negates only its own few words, not the calcifications before it
    assert not _span(ssc, "subcutaneous tissue").negated


def test_historical_hypothetical_and_uncertain(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("History of a fall. If dialysis were needed. Possible scleroderma. Calcification of the hand.")
    statuses = {m.text.casefold(): m.status for m in a.mentions}
    assert statuses["dialysis"] == "hypothetical"
    assert statuses["scleroderma"] == "uncertain"
    f = a.finding()
    assert "XSCO:0000044" not in f.disorders  # a possible disease is a hypothesis, not the patient's condition
    assert "XSCO:0001148" in f.absent  # hypothetical does not


def test_lab_values_are_classed_against_sourced_adult_ranges(ssc: Annotation, kg: kgtools.KnowledgeGraph) -> None:
    ca = _span(ssc, "Serum calcium 9.1 mg/dL").lab
    assert ca is not None and (ca.analyte, ca.level, ca.value, ca.unit) == ("calcium", "normal", 9.1, "mg/dL")
    assert ca.range == REFERENCE_RANGES[("calcium", "mg/dL")] and ca.range.source.startswith("https://www.mayocliniclabs.com/")
    assert "8.6-10.2 mg/dL" in ca.describe()
    p = _span(ssc, "phosphate 1.1 mmol/L").lab
    assert p is not None and p.level == "normal" and str(p.range) == "0.81-1.45 mmol/L"
    a = kg.annotate("Serum calcium 11.8 mg/dL, phosphate 2.1mmol/L. Calcification of the hand.")
    assert a.finding().calcium == "elevated" and a.finding().phosphate == "elevated"
    low = kg.annotate("Calcium 1.9 mmol/L. Calcification of the hand.").finding()
    assert low.calcium == "low"
    words = kg.annotate("Calcium and phosphate levels were normal. Calcification of the hand.").finding()
    assert (words.calcium, words.phosphate) == ("normal", "normal")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty text"),
        ("   \n ", "empty text"),
        ("The weather was fine and the train was late.", "nothing recognised"),
        ("Calcium 11.8 mg/dL. Serum calcium was normal.", "contradictory laboratory values"),
        ("x" * 100_001, "text too long"),
    ],
)
def test_bad_text_is_one_clear_error(kg: kgtools.KnowledgeGraph, text: str, message: str) -> None:
    with pytest.raises(kgtools.errors.InputError, match=message):
        annotate(kg, text)


def test_text_ranks_the_calcinosis_of_the_known_disease_first(ssc: Annotation, kg: kgtools.KnowledgeGraph) -> None:
    types = [c for c in kg.differential(ssc.finding()) if c.kind == "type"]
    assert types[0].curie == "XSCO:0001553"  # calcinosis of limited cutaneous systemic sclerosis
    assert any(r.kind == "specificity" for r in types[0].reasons_for)
    idiopathic = next(c for c in types if c.curie == "XSCO:0001004")
    assert any("idiopathic" in r.text and r.weight < 0 for r in idiopathic.reasons_against)


def test_a_named_type_is_evidence_for_itself(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Multiple phleboliths in the pelvis of a patient with varicose veins.")
    f = a.finding()
    assert f.named == ("XSCO:0001550",)
    assert next(c for c in kg.differential(f) if c.kind == "type").curie == "XSCO:0001550"
    # the same term given as a sign or a site is used for what it is
    assert kg.differential(Finding(signs=("phleboliths",))) == kg.differential(Finding(named=("phlebolith",)))


def test_several_sites(kg: kgtools.KnowledgeGraph) -> None:
    one = kg.differential(Finding(site="manual digit"))
    both = kg.differential(Finding(site="manual digit", sites=("hypodermis",)))
    assert Finding(site="a", sites=("b", "a")).all_sites() == ("a", "b")
    calc = next(c for c in both if c.curie == "XSCO:0000005")
    assert any(r.text.startswith("occurs at hypodermis") for r in calc.reasons_for)
    assert one != both


def test_cli_annotate_text_and_json(tmp_path) -> None:
    path = tmp_path / "case.txt"
    path.write_text(SSC_CASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(path)])
    assert result.exit_code == 0, result.output
    assert "'trauma' -> trauma (XSCO:0000047) [negated, not counted]" in result.output
    result = CliRunner().invoke(main, ["annotate", "-", "-f", "json"], input=SSC_CASE)
    data = json.loads(result.output)
    lab = next(m for m in data["mentions"] if m["kind"] == "lab")
    assert lab["lab"]["value"] == 9.1 and lab["lab"]["range"]["low"] == 8.6 and lab["negated"] is False
    assert 0 < data["recognised_share"] < 1 and data["finding"]["calcium"] == "normal"


def test_cli_differential_from_text() -> None:
    result = CliRunner().invoke(main, ["differential", "--text", SSC_CASE, "-n", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Recognised:\n")
    assert "[negated, not counted]" in result.output
    assert " 1. calcinosis of limited cutaneous systemic sclerosis (XSCO:0001553)" in result.output
    result = CliRunner().invoke(main, ["differential", "--text-file", "-", "-f", "json", "-n", "1"], input=SSC_CASE)
    (item,) = json.loads(result.output)
    assert item["types"][0]["specific"] is True and isinstance(item["types"][0]["score"], float)
    assert any(m["negated"] for m in item["recognised"])


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("calcification of both menisci", "UBERON:0000387"),  # Latin plural of meniscus
        ("papules on the neck and axillae", "UBERON:0009472"),
        ("nodules on both feet", "UBERON:0002387"),
        ("plaques on both calves", "UBERON:8480048"),
        ("a subcutaneous nodule", "UBERON:0002072"),  # the adjective reports use for the hypodermis
        ("diffuse pulmonary calcification", "UBERON:0002048"),
        ("a mass beside the greater trochanter", "UBERON:0002503"),
        ("ossified plaques on the left heel and thoracic spine", "UBERON:0015875"),
    ],
)
def test_radiology_sites_and_their_plurals(kg: kgtools.KnowledgeGraph, text: str, site: str) -> None:
    found = [m.curie for m in annotate(kg, text).mentions if m.kind == "site"]
    assert site in found


def test_new_sites_roll_up_by_part_of(kg: kgtools.KnowledgeGraph) -> None:
    """Heel -> ankle -> foot -> lower limb: a type that occurs in the lower limb fits a heel deposit."""
    from kgtools.graph import ancestors

    up = ancestors(kg.graph(("is_a", "part_of")), "UBERON:0015875", reflexive=True)
    assert {"UBERON:0004454", "UBERON:0002387", "UBERON:0002103"} <= up
    assert "UBERON:0000376" in ancestors(kg.graph(("is_a", "part_of")), "UBERON:0002503")  # trochanter -> thigh


def test_a_quoted_phrase_is_recognised(kg: kgtools.KnowledgeGraph) -> None:
    """Reports put pattern names in quotes: 'numerous "rice grain" calcifications' is the sign."""
    a = annotate(kg, 'Chest radiography revealed numerous "rice grain" calcifications in the muscles.')
    signs = [m for m in a.mentions if m.kind == "sign"]
    assert [m.curie for m in signs] == ["XSCO:0001578"] and signs[0].text.startswith("rice grain")
    first = next(c for c in kg.differential(a.finding()) if c.kind == "type" and not c.excluded)
    assert first.curie == "XSCO:0001560"  # the calcified cysticercus


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("peri-articular calcification of the knee", "XSCO:0001125"),  # periarticular soft tissue, hyphenated
        ("an intra-muscular mass", "UBERON:0014892"),
        ("a sub-cutaneous nodule", "UBERON:0002072"),
        ("a nodule on the distal phalanx of the thumb", "UBERON:0004300"),  # distal phalanx, a kind of phalanx
        ("calcification at the C1-C2 level", "UBERON:0001092"),
        ("a mass at the olecranon process", "UBERON:0006810"),
        ("calcification along the fascial planes", "UBERON:0008982"),
        ("a deposit at the radiocapitellar joint", "UBERON:0011111"),
        ("an intracutaneous nodule", "UBERON:0002067"),
        ("a periumbilical plaque", "UBERON:0007118"),
        ("calcific tendinitis of the longus colli", "UBERON:0001121"),
        ("calcifications in the tracheobronchial tree", "UBERON:0007196"),
        ("tracheobronchial calcification", "UBERON:0007196"),
        ("calcification of the bronchial cartilage", "UBERON:0007196"),  # UBERON's part rolls up to the tree
        ("heavy calcification in the upper zones", "UBERON:0002048"),  # chest radiograph zones are the lung's
        ("opacities in the lower zone of the left lung", "UBERON:0002048"),
        ("a venous malformation in the masticator space", "UBERON:0001456"),
    ],
)
def test_radiology_vocabulary_sites(kg: kgtools.KnowledgeGraph, text: str, site: str) -> None:
    found = [m.curie for m in annotate(kg, text).mentions if m.kind == "site"]
    assert site in found


def test_digits_and_named_muscles_roll_up(kg: kgtools.KnowledgeGraph) -> None:
    """Finger phalanx -> finger -> hand -> upper limb; gluteus medius -> buttock; Achilles tendon -> tendon."""
    from kgtools.graph import ancestors

    up = ancestors(kg.graph(("is_a", "part_of")), "UBERON:0001436", reflexive=True)
    assert {"UBERON:0002389", "UBERON:0002398", "UBERON:0002102", "UBERON:0003221"} <= up
    assert "UBERON:0013691" in ancestors(kg.graph(("is_a", "part_of")), "UBERON:0001371")
    assert "UBERON:0000043" in ancestors(kg.graph(("is_a", "part_of")), "UBERON:0003701")


def test_a_negation_reaches_only_its_own_words(kg: kgtools.KnowledgeGraph) -> None:
    """A cue's scope is bounded (MAX_SCOPE tokens), not the whole sentence."""
    a = annotate(kg, "A boy without any personal or familial diseases was worried by a swelling around his right hip.")
    hip = _span(a, "right hip")  # the side is part of the site's span
    assert not hip.negated and "UBERON:0001464" in a.finding().sites
    listed = annotate(kg, "There was no calcification of the tendons, muscles or skin.")
    assert all(m.negated for m in listed.mentions if m.kind == "site")


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("a popcorn-like calcified mass around the hip", "XSCO:0001581"),  # the sign's head written as reports do
        ("popcorn calcifications", "XSCO:0001581"),  # "-like" left out
        ("a serpentine calcification in the thigh", "XSCO:0001579"),
        ('coiled "chain mail" calcifications', "XSCO:0002904"),
        ("linear calcifications in the menisci", "XSCO:0002905"),
    ],
)
def test_imaging_pattern_words_are_signs(kg: kgtools.KnowledgeGraph, text: str, sign: str) -> None:
    found = [m for m in annotate(kg, text).mentions if m.kind == "sign"]
    assert sign in [m.curie for m in found]


def test_a_form_word_inside_a_sign_still_counts(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "A popcorn-like calcified mass around the right hip.")
    assert not a.of_kind("form") and a.form() is False  # calcified, from the sign's own words


@pytest.mark.parametrize("text", [
    "The abnormal calcification (bone creation) of soft tissue of the abdomen.",  # a gloss that names bone
    "Calcification of the hip with new bone formation.",
    "Dermal bone spicules extruding in the fingers.",
    "Histology showed mature bone in the thigh.",
    "Trabecular bone within a calcified mass of the elbow.",
    "An ossified mass of the arm.",
    "Calcified nodules of the buttock made of bone tissue.",
])
def test_bone_said_in_other_words_is_ossified(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert annotate(kg, text).form() is True


@pytest.mark.parametrize(("text", "site", "part"), [
    ("A calcific focus beside an area of altered signal in the anterior humeral cortex.", "UBERON:0000976",
     "anterior humeral cortex"),
    ("Calcification in the thigh; the cortex of the femur was intact.", "UBERON:0000981", "cortex of the femur"),
    ("Calcification in the thigh; the femoral cortical bone was thickened.", "UBERON:0000981",
     "femoral cortical bone"),
    ("A calcified mass of the leg eroding the underlying cortical bone of the tibia.", "UBERON:0000979",
     "cortical bone of the tibia"),
])
def test_a_bones_own_cortex_is_the_site_not_the_lesions_form(kg: kgtools.KnowledgeGraph, text: str, site: str,
                                                              part: str) -> None:
    a = annotate(kg, text)
    assert _span(a, part).curie == site and _span(a, part).kind == "site"
    assert a.form() is not True and not a.finding().signs  # no ossified form, no "cortex formation" sign


@pytest.mark.parametrize("text", [
    "A corticated mass of the thigh.",
    "A mass of the thigh with a cortex and trabeculae.",
    "A mass of the thigh; the peripheral cortex of the lesion was thin.",
])
def test_a_lesions_own_cortex_still_makes_it_ossified(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert annotate(kg, text).form() is True


@pytest.mark.parametrize(
    ("text", "curie", "status"),
    [
        ("History of a fall onto the hip.", "XSCO:0002906", "historical"),
        ("Radiographs showed a fracture of the femur.", "HP:0020110", "present"),
        ("He underwent a hip hemiarthroplasty.", "XSCO:0001721", "present"),  # a hip arthroplasty
        ("Extravasation of calcium gluconate in a neonate.", "XSCO:0002909", "present"),
        ("No heliotrope rash and no Gottron papules.", "HP:0040324", "negated"),
    ],
)
def test_conditions_as_clinicians_write_them(kg: kgtools.KnowledgeGraph, text: str, curie: str, status: str) -> None:
    m = next(m for m in annotate(kg, text).mentions if m.curie == curie)
    assert m.status == status


def test_a_fracture_is_trauma_and_a_phenotype_is_shown_not_ranked(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Sclerodactyly and a fracture of the forearm; calcification of the fingertips.")
    scl = next(m for m in a.mentions if m.curie == "HP:0011838")
    assert scl.kind == "phenotype"
    f = a.finding()
    assert "HP:0020110" in f.disorders and "HP:0011838" not in f.disorders + f.absent
    assert f.phenotypes == ("HP:0011838",)  # for the ranking to read; a condition's HP term is a condition
    assert kg.differential(f)  # the finding ranks (a phenotype is no error)
    assert kg.annotate("No sclerodactyly; calcification of the hand.").finding().phenotypes == ()


def test_modality_and_side_are_recognised_but_not_findings(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Plain films and CT of the right hip showed calcification in both distal thighs.")
    kinds = {m.text: (m.kind, m.curie, m.side) for m in a.mentions}
    assert kinds["Plain films"][:2] == ("modality", "XSCO:0000023")
    assert kinds["CT"][:2] == ("modality", "XSCO:0001595")
    assert kinds["right hip"] == ("imaged", "UBERON:0001464", "right")  # what was imaged, not the site
    assert kinds["both distal thighs"] == ("site", "UBERON:0000376", "bilateral")
    f = a.finding()
    assert f.sites == ("UBERON:0000376",)
    assert "XSCO:0000023" not in f.disorders + f.signs + f.named + f.absent
    assert not any(m.kind == "modality" for m in annotate(kg, "an act of the hip").mentions)  # "ct" is no CT


def test_what_a_relative_had_is_neither_present_nor_absent(kg: kgtools.KnowledgeGraph) -> None:
    """ConText's family category: the father's ossifications are not the patient's sites, nor absent ones."""
    a = annotate(kg, "Her father had subcutaneous ossifications of his left upper arm. "
                     "Ossified plaques on the left heel.")
    arm = _span(a, "left upper arm")
    assert arm.family and arm.status == "family" and not arm.counts and not arm.absent
    f = a.finding()
    assert "UBERON:0003822" not in f.sites + f.absent
    assert "UBERON:0015875" in f.sites and f.ossified is True
    assert _span(annotate(kg, "Family history of fibrodysplasia ossificans progressiva."),
                 "fibrodysplasia ossificans progressiva").status == "family"


def test_excluded_negates_and_a_site_of_a_negated_condition_is_not_negated(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "A plain radiograph excluded fractures but demonstrated calcific deposits at the hip.")
    assert _span(a, "fractures").negated and not _span(a, "hip").negated
    b = annotate(kg, "No history of trauma to the scrotum. Multiple calcified nodules.")
    assert _span(b, "trauma").negated
    scrotum = _span(b, "scrotum")  # the negation is the trauma's; the scrotum only says where
    assert not scrotum.negated and "UBERON:0001300" not in b.finding().absent
    c = annotate(kg, "There was no calcification of the tendons.")
    assert _span(c, "tendons").negated  # a site negated by itself stays negated


@pytest.mark.parametrize(
    ("text", "analyte", "level", "value"),
    [
        ("Blood phosphorus was mildly raised (7.9 mg/dl).", "phosphate", "elevated", None),
        ("Calcium 10.6 (high); hand calcification.", "calcium", "elevated", None),
        ("Phosphorus 9.0 (very high); hand calcification.", "phosphate", "elevated", None),
        ("Hypercalcaemia 3.05 mmol/l; hand calcification.", "calcium", "elevated", 3.05),
        ("Normal electrolytes including calcium and phosphate.", "phosphate", "normal", None),
        ("Normal PTH, calcium, and phosphate.", "calcium", "normal", None),
        ("The serum calcium level had been persistently elevated.", "calcium", "elevated", None),
        ("The calcium metabolism parameters were in a normal range.", "calcium", "normal", None),
    ],
)
def test_lab_results_as_reports_write_them(kg: kgtools.KnowledgeGraph, text: str, analyte: str, level: str,
                                            value: float | None) -> None:
    labs = annotate(kg, text).labs()
    assert labs[analyte].level == level and labs[analyte].value == value


def test_ionized_calcium_has_its_own_range(kg: kgtools.KnowledgeGraph) -> None:
    """1.2 mmol/L is a normal ionized calcium but a low total calcium."""
    ionized = annotate(kg, "Serum ionized calcium 1.2 mmol/L. Calcification of the hand.").labs()["calcium"]
    assert ionized.level == "normal" and ionized.range is not None and ionized.range.analyte == "ionized calcium"
    assert str(ionized.range) == "1.16-1.32 mmol/L"
    assert annotate(kg, "Serum calcium 1.2 mmol/L. Calcification of the hand.").labs()["calcium"].level == "low"


@pytest.mark.parametrize(
    ("text", "site", "up"),
    [
        ("calcification of the index finger", "UBERON:0003622", "UBERON:0002398"),  # finger -> hand
        ("a deposit in the supraspinatus and infraspinatus tendons", "UBERON:0012118", "UBERON:0003683"),
        ("ossification in the biceps femoris muscle", "UBERON:0001374", "UBERON:0000376"),  # hamstring -> thigh
        ("a mass in the brachialis", "UBERON:0001506", "UBERON:0002102"),
        ("calcification of the acromioclavicular joints", "UBERON:0003692", "UBERON:0001467"),
        ("chondrocalcinosis of the radiocarpal joint", "UBERON:0011968", "UBERON:0004452"),
        ("erosions of the MCP joints", "UBERON:0003695", "UBERON:0002398"),
        ("calcification around the joint capsule", "UBERON:0001484", "UBERON:0001062"),
        ("a subungual nodule", "UBERON:0005273", "UBERON:0001705"),
        ("ossification of the posterior longitudinal ligament", "UBERON:0035246", "UBERON:0001130"),
        ("calcification of the patellar tendon", "UBERON:0003676", "UBERON:0001465"),
    ],
)
def test_named_muscles_tendons_joints_and_regions(kg: kgtools.KnowledgeGraph, text: str, site: str,
                                                  up: str) -> None:
    """Sites as case reports name them, each a UBERON class rolled up by is_a / part_of."""
    from kgtools.graph import ancestors

    found = [m.curie for m in annotate(kg, text).mentions if m.kind == "site"]
    assert site in found
    assert up in ancestors(kg.graph(("is_a", "part_of")), site)


@pytest.mark.parametrize(
    ("text", "curie", "parent"),
    [
        ("injured in a motor vehicle accident", "XSCO:0002910", "XSCO:0000047"),  # traffic accident -> trauma
        ("a gunshot wound to the thigh", "XSCO:0002911", "XSCO:0000047"),
        ("a poly-trauma victim", "XSCO:0002912", "XSCO:0000047"),
        ("on continuous ambulatory peritoneal dialysis", "XSCO:0002915", "XSCO:0001148"),  # -> dialysis
        ("a renal transplant four years ago", "XSCO:0002916", "XSCO:0001720"),  # -> surgery
        ("after a total knee arthroplasty", "XSCO:0002920", "XSCO:0002907"),  # -> joint replacement
        ("long-term alfacalcidol therapy", "XSCO:0002921", "XSCO:0001543"),  # vitamin D therapy -> drug exposure
        ("calcium supplements for years", "XSCO:0002922", "XSCO:0001145"),
        ("an intramuscular injection of the buttock", "XSCO:0002924", "XSCO:0001152"),
        ("a left hemiplegic man", "HP:0002301", "XSCO:0001732"),  # hemiplegia -> neurological deficit
    ],
)
def test_conditions_roll_up_to_the_classes_the_differential_knows(kg: kgtools.KnowledgeGraph, text: str,
                                                                  curie: str, parent: str) -> None:
    from kgtools.graph import ancestors

    m = next(m for m in annotate(kg, text).mentions if m.curie == curie)
    assert m.kind == "condition" and m.counts
    assert parent in ancestors(kg.graph(("is_a",)), curie)


@pytest.mark.parametrize(
    ("text", "curie"),
    [
        ("sheetlike calcification in the muscles", "XSCO:0001575"),  # "sheet-like" written joined
        ("multiple fluid calcium levels in the mass", "XSCO:0001122"),  # "fluid-calcium" written apart
        ("fine reticular calcification of the calves", "XSCO:0001572"),  # "... calcification pattern" as a head
    ],
)
def test_hyphenated_words_are_matched_joined_and_apart(kg: kgtools.KnowledgeGraph, text: str, curie: str) -> None:
    assert curie in [m.curie for m in annotate(kg, text).mentions if m.kind == "sign"]


def test_a_symptom_at_a_site_is_the_symptom(kg: kgtools.KnowledgeGraph) -> None:
    """'no muscle pain' negates the pain (HP Myalgia), not the muscle; an ossified mass word sets the form."""
    a = annotate(kg, "She did not report any muscle pain. An irregular bony mass in the thigh.")
    pain = _span(a, "muscle pain")
    assert (pain.kind, pain.curie, pain.negated) == ("phenotype", "HP:0003326", True)
    assert "UBERON:0014892" not in a.finding().absent and a.form() is True


@pytest.mark.parametrize(
    ("text", "sign", "type_", "statement"),
    [
        ("pipestem calcification of the leg arteries", "XSCO:0002928", "XSCO:0001322", "xscoa:A2910"),  # Mönckeberg
        ("a thigh mass with peripheral calcification", "XSCO:0002929", "XSCO:0000010", "xscoa:A2911"),  # MO
    ],
)
def test_sourced_imaging_signs_are_evidence(kg: kgtools.KnowledgeGraph, text: str, sign: str, type_: str,
                                            statement: str) -> None:
    """A sign word is evidence for the type its source ties it to, with that source's statement as the reason."""
    a = annotate(kg, text)
    assert sign in a.finding().signs
    candidate = next(c for c in kg.differential(a.finding()) if c.curie == type_)
    reason = next(r for r in candidate.reasons_for if r.statement == statement)
    assert reason.weight > 0 and reason.source and reason.source.startswith("http")


@pytest.mark.parametrize(
    ("text", "curie"),
    [
        ("calcification of the supraspinatus tendon", "UBERON:0002383"),  # the muscle's name; no tendon class
        ("fluid in the subacromial-subdeltoid bursa", "UBERON:0003668"),  # a named bursa is the bursa
        ("a deposit at the greater tuberosity", "UBERON:0011187"),
        ("calcification of small vessels in the dermis", "UBERON:0001981"),
        ("ossification in the paraspinal muscles", "UBERON:0002462"),
    ],
)
def test_shoulder_and_vessel_words(kg: kgtools.KnowledgeGraph, text: str, curie: str) -> None:
    assert curie in [m.curie for m in annotate(kg, text).mentions if m.kind == "site"]


def test_calciphylaxis_skin_words_and_a_neurological_history(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "On hemodialysis, with a history of Guillain-Barré syndrome; retiform purpura and livedo "
                     "reticularis of the thighs.")
    kinds = {m.curie: (m.kind, m.status) for m in a.mentions}
    assert kinds["XSCO:0002930"] == ("condition", "historical")  # under neurologic disorder
    assert kinds["HP:0000979"][0] == kinds["HP:0033505"][0] == "phenotype"


def test_region_adjectives_and_a_text_naming_only_a_phenotype_and_a_region(kg: kgtools.KnowledgeGraph) -> None:
    """'cutaneous' is the skin and 'supraclavicular area' the neck; neither text is 'nothing recognised' now."""
    a = annotate(kg, "Osteoma cutis with several hard cutaneous lesions.")
    assert [(m.kind, m.curie) for m in a.mentions if m.curie] == [("phenotype", "HP:0025027"),
                                                                  ("site", "UBERON:0002097")]
    b = annotate(kg, "A well-circumscribed firm mass in the supraclavicular area.")
    assert b.finding().sites == ("UBERON:0000974",)


@pytest.mark.parametrize(
    "text, age, sex",
    [
        ("A 62-year-old woman with calcification of the hand.", (62.0, 62.0), "female"),
        ("An 85 year old gentleman; calcification of the hip.", (85.0, 85.0), "male"),
        ("F/45, calcification of the hip.", (45.0, 45.0), "female"),
        ("In her late sixties she had calcification of the hip.", (67.0, 70.0), "female"),  # sex from pronouns
        ("A 14-month-old boy had calcification of the hip.", (1.167, 1.167), "male"),  # the number, not "boy"
        ("Child with calcification of the knee.", (0.0, 19.0), None),
        ("A woman in the sixth decade of life; calcification of the knee.", (50.0, 60.0), "female"),
        ("Her father, a 70-year-old man, had ossifications; a girl with calcification of the hip.", (0.0, 19.0),
         "female"),  # the relative's age and sex are not the patient's
        ("Calcification of the hip. He and she were seen.", None, None),  # pronouns that disagree: no sex
        # a number in words over two words is one number, hyphenated or not
        ("A twenty four years old male with ossification of the arm.", (24.0, 24.0), "male"),
        ("A thirty-five-year-old woman with calcification of the hip.", (35.0, 35.0), "female"),
        ("Aged forty two, he had calcification of the hip.", (42.0, 42.0), "male"),
        ("A one-year-old girl with calcification of the hip.", (1.0, 1.0), "female"),
    ],
)
def test_age_and_sex_of_the_patient(kg: kgtools.KnowledgeGraph, text: str, age: tuple[float, float] | None,
                                    sex: str | None) -> None:
    f = kg.annotate(text).finding()
    assert (f.age, f.sex) == (age, sex)


@pytest.mark.parametrize(
    "text, age",
    [
        ("A newborn with calcification of the thigh.", (0.0, 0.077)),  # MeSH Infant, Newborn: the first 28 days
        ("A preterm infant with calcification of the heel.", (0.0, 0.077)),  # Infant, Premature: under Newborn
        ("An infant with calcification of the heel.", (0.0, 2.0)),  # MeSH Infant: 1-23 months, newborns below it
        ("A toddler with calcification of the hand.", (1.0, 3.0)),
        ("A teenager with ossification of the thigh.", (13.0, 19.0)),  # MeSH Adolescent: 13 to 18
        ("A young adult with ossification of the thigh.", (19.0, 25.0)),  # MeSH Young Adult: 19 to 24
        ("An elderly man with calcification of the hand.", (65.0, 120.0)),  # MeSH Aged: 65 or older
        # a stated number wins, and so does a narrower range
        ("A 15-year-old adolescent with ossification of the thigh.", (15.0, 15.0)),
        ("An elderly woman in her seventies with calcification of the hand.", (70.0, 80.0)),
    ],
)
def test_age_groups_in_words(kg: kgtools.KnowledgeGraph, text: str, age: tuple[float, float]) -> None:
    assert kg.annotate(text).finding().age == age


def test_every_age_group_has_its_source() -> None:
    from kgtools.annotate import AGE_GROUPS

    for phrase, group in AGE_GROUPS.items():
        assert group.source.startswith("https://") and group.quote, phrase
        assert 0 <= group.low < group.high, phrase


def test_a_number_in_words_is_read_whole_wherever_a_number_is_read(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("For twenty-two years she had a mass of thirty five mm with calcification of the hip.")
    spans = {m.kind: m.text for m in a.mentions}
    assert spans["duration"].endswith("twenty-two years") and spans["size"] == "thirty five mm"


def test_age_and_sex_alone_are_no_finding(kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(kgtools.errors.InputError, match="nothing recognised"):
        kg.annotate("A 45-year-old woman.")


@pytest.mark.parametrize(
    "text, sites",
    [
        ("Calcification of the gluteus minimus and medius.", {"UBERON:0008521", "UBERON:0001371"}),  # head before
        ("Calcification of the left hip and knee joints.", {"UBERON:0001486", "UBERON:0001485"}),  # head after
        ("Calcification of the upper and lower limbs.", {"UBERON:0002102", "UBERON:0002103"}),
        ("Calcification of the second and third fingers.", {"UBERON:0003622", "UBERON:0003623"}),
        ("Calcification of the hip and the weather.", {"UBERON:0001464"}),  # a word that names no site with the head
    ],
)
def test_a_shared_head_gives_every_coordinated_site(kg: kgtools.KnowledgeGraph, text: str, sites: set[str]) -> None:
    a = kg.annotate(text)
    assert set(a.finding().all_sites()) == sites
    if "left hip" in text:  # the side before the first conjunct stays on its site
        assert next(m for m in a.mentions if m.curie == "UBERON:0001486").side == "left"


def test_a_coordinated_site_keeps_the_negation(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Calcification of the hip. No calcification of the upper and lower limbs.")
    assert {m.curie for m in a.of_kind("site") if m.negated} == {"UBERON:0002102", "UBERON:0002103"}


def test_the_organ_of_a_disease_is_no_site_of_the_finding(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("History of coronary artery disease, deep venous thrombosis, liver cancer and forearm disease. "
                    "A lung biopsy showed calcification.")
    # diseases HP or MONDO name are recognised but not used (the reference lexicon), their organs no site (a cancer
    # is malignancy, the XSCO term MONDO's cancer maps to: test_annotate_words), nor is
    # the organ of a disease XSCO has (coronary artery disease, a condition); a disease head after a site the
    # lexicon does not know makes the site the disease's organ
    assert {m.text: (m.kind, m.curie) for m in a.mentions if m.kind != "form"} == {
        "coronary artery disease": ("condition", "XSCO:0001168"), "deep venous thrombosis": ("unused", "HP:0002625"),
        "liver cancer": ("condition", "XSCO:0000032"), "forearm disease": ("organ", "UBERON:0002386"),
        "lung": ("site", "UBERON:0002048"), "biopsy": ("treatment", "MESH:D001706")}  # the lesion's work-up
    # a phenotype HP names ("heart failure") is a phenotype span, its organ no site either
    heart = kg.annotate("Heart failure; calcification of the hand.")
    assert [m.kind for m in heart.mentions if m.text == "Heart failure"] == ["phenotype"]
    assert a.finding().all_sites() == ("UBERON:0002048",)


def test_not_before_a_descriptive_word_negates_nothing(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A radiograph of the hand showed not well-defined calcified lesions.")
    assert a.finding().ossified is False
    assert not any(m.negated for m in a.mentions)


@pytest.mark.parametrize(
    "text, found",
    [
        ("She fell from a ladder; calcification of the thigh.", True),
        ("Calcification of the hip after falling down the stairs.", True),
        ("Serum calcium fell from 10.1 to 8.0 mg/dL; calcification of the hip.", False),  # a measure's fall
        ("The leaves fell; calcification of the hip.", False),  # no word of falling after it
    ],
)
def test_a_fall_told_as_a_verb(kg: kgtools.KnowledgeGraph, text: str, found: bool) -> None:
    assert ("XSCO:0002906" in kg.annotate(text).finding().disorders) is found


def test_durations_sizes_and_sides_are_shown_not_scored(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A 10-year history of pain; 2 years ago a 10cm x 6.5cm mass, 5 cm long, grew over several "
                    "months. Bilateral calcification of the hip.")
    assert {m.text: m.kind for m in a.mentions if m.kind in ("duration", "size", "side")} == {
        "10-year history": "duration", "2 years ago": "duration", "10cm x 6.5cm": "size", "5 cm long": "size",
        "over several months": "duration", "Bilateral": "side"}
    back = kg.annotate("Scleroderma diagnosed 10 years back; calcification of the hip.")
    assert [m.kind for m in back.mentions if m.text.endswith("back")] == ["duration"]
    assert back.finding().all_sites() == ("UBERON:0001464",)
    assert a.finding().all_sites() == ("UBERON:0001464",)
    with pytest.raises(kgtools.errors.InputError, match="nothing recognised"):
        kg.annotate("For the past 6 years, a 3 cm mass.")


def test_the_part_of_a_site_is_in_its_span(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A wound on the medial aspect of his left thigh with calcification.")
    (thigh,) = a.of_kind("site")
    assert (thigh.text, thigh.curie, thigh.side) == ("medial aspect of his left thigh", "UBERON:0000376", "left")


def test_lesions_and_descriptors_are_shown_not_scored(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Numerous globular calcifications and several small hard nodules of the knee; "
                    "not well-defined calcified lesions.")
    assert [(m.kind, m.text) for m in a.mentions if m.kind in ("lesion", "descriptor")] == [
        ("descriptor", "Numerous"), ("lesion", "several small hard nodules"),
        ("descriptor", "not well-defined"), ("lesion", "lesions")]
    f = a.finding()  # "globular calcifications" is a sign (test_a_sign_is_its_modifiers_with_any_head_of_its_kind)
    assert (f.all_sites(), f.ossified, f.signs) == (("UBERON:0001465",), False, ("XSCO:0001123",))


def test_report_words_are_not_content(kg: kgtools.KnowledgeGraph) -> None:
    from kgtools.annotate import REPORT_WORDS, content_words

    text = "The patient presented; examination revealed calcification of the hip."
    assert [text[a:b] for a, b in content_words(text)] == ["calcification", "hip"]
    assert kg.annotate(text).recognised_share() == 1.0
    assert {"presented", "revealed", "patient"} <= REPORT_WORDS


def test_site_adjectives(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Preauricular, tendinous, ligamentous and arterial calcification.")
    assert set(a.finding().all_sites()) == {"UBERON:0001456", "UBERON:0000043", "UBERON:0000211", "UBERON:0001637"}


def test_in_lists_become_alternative_patterns() -> None:
    from kgtools.annotate import MAX_ALTERNATIVES, _without_in_lists

    quote = {"IS_QUOTE": True, "OP": "?"}
    last = {"LOWER": {"IN": ["tissue", "tissues"]}}
    pattern = {"label": "SITE", "id": "X:1", "pattern": [{"LOWER": "soft"}, quote, last]}
    assert _without_in_lists([pattern]) == [
        {"label": "SITE", "id": "X:1", "pattern": [{"LOWER": "soft"}, quote, {"LOWER": "tissue"}]},
        {"label": "SITE", "id": "X:1", "pattern": [{"LOWER": "soft"}, quote, {"LOWER": "tissues"}]},
    ]
    many = {"label": "AGE", "id": "age", "pattern": [{"LOWER": {"IN": [str(n) for n in range(MAX_ALTERNATIVES + 1)]}}]}
    phrase = {"label": "SIGN", "id": "X:2", "pattern": "popcorn"}
    assert _without_in_lists([many, phrase]) == [many, phrase]  # too many alternatives, or a phrase: kept


def test_the_pipeline_is_built_once_per_vocabulary() -> None:
    from kgtools.annotate import _pipeline

    from .conftest import DATA

    mini = DATA / "qc" / "mini.ttl"
    one, two = kgtools.load(mini), kgtools.load(mini)
    first = _pipeline(one)
    assert _pipeline(two) is first and _pipeline(one) is first  # the same vocabulary: one pipeline
    assert "XSCO:0009999" not in {m.curie for m in one.annotate("dermatomyositis; a nodular test deposit").mentions}
    one.add_data("""@prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/xsco/XSCO_0009999> a owl:Class ; rdfs:label "nodular test deposit"@en ;
            rdfs:subClassOf <https://w3id.org/xsco/XSCO_0000005> .""", graph="asserted")
    assert _pipeline(one) is not first  # the graph changed: built again, with the new term
    assert "XSCO:0009999" in {m.curie for m in one.annotate("dermatomyositis; a nodular test deposit").mentions}
    assert _pipeline(two) is first  # the other graph's vocabulary did not change
    assert "XSCO:0009999" not in {m.curie for m in two.annotate("dermatomyositis; a nodular test deposit").mentions}


def test_a_complaint_verb_ends_a_negation(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A woman without history of trauma, complained of pain and calcification in the thigh.")
    assert {m.text: m.status for m in a.mentions if m.kind in ("condition", "phenotype")} == {
        "trauma": "negated", "pain": "present"}


@pytest.mark.parametrize(
    ("text", "sites", "imaged"),
    [
        # what was imaged is context; the calcification's own phrase gives the site
        ("A chest radiograph showed calcification of the shoulder.", {"shoulder"}, {"chest"}),
        ("CT of the pelvis showed calcified masses around the hip.", {"hip"}, {"pelvis"}),
        ("AP and lateral views of the right knee showed calcified lesions in the menisci.", {"menisci"},
         {"right knee"}),
        ("Computed tomography of the lumbar spine and pelvis showed calcifications of the gluteus maximus.",
         {"gluteus maximus"}, {"lumbar spine", "pelvis"}),
        # a sentence that states a calcification and no site of its own: what was imaged is where it was seen
        ("X-rays of the elbows, hands, and knees showed calcifications.", {"elbows", "hands", "knees"}, set()),
    ],
)
def test_a_site_in_a_modality_phrase_is_what_was_imaged(kg: kgtools.KnowledgeGraph, text: str, sites: set[str],
                                                         imaged: set[str]) -> None:
    a = annotate(kg, text)
    assert {m.text for m in a.of_kind("site")} == sites
    assert {m.text for m in a.of_kind("imaged")} == imaged
    assert not {m.curie for m in a.of_kind("imaged")} & set(a.finding().sites)


def test_a_procedure_keeps_its_site_only_where_the_text_places_the_calcification(
        kg: kgtools.KnowledgeGraph) -> None:
    after = annotate(kg, "Heterotopic ossification two years after a total knee arthroplasty.")
    assert {m.curie for m in after.of_kind("condition")} == {"XSCO:0002920"}
    assert after.finding().sites == ()  # the operation's knee is its history, not the finding's site
    around = annotate(kg, "Heterotopic ossification around the total knee arthroplasty.")
    assert {m.curie for m in around.of_kind("condition")} == {"XSCO:0002920"}
    assert around.finding().sites == ("UBERON:0001465",)  # knee
    before = annotate(kg, "History of right shoulder hemiarthroplasty; ossification of the deltoid.")
    assert {(m.kind, m.text) for m in before.mentions if m.curie == "UBERON:0001467"} == {("organ", "shoulder")}
    assert before.finding().sites == ("UBERON:0001476",)  # deltoid
    hip = annotate(kg, "History of right hip hemiarthroplasty; ossification of the gluteus medius.")
    assert {m.curie for m in hip.of_kind("condition")} == {"XSCO:0001721"}  # the procedure's name holds its hip
    assert hip.finding().sites == ("UBERON:0001371",)


def test_an_abbreviation_the_text_defines_names_its_term(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Heterotopic ossification (HO) was seen. HO was present about the hip joint. No HO of the knee.")
    ho = [m for m in a.mentions if m.text == "HO"]  # the definition's "(HO)" is no second span
    assert len(ho) == 2 and {m.curie for m in ho} == {"XSCO:0000009"}
    assert [m.negated for m in ho] == [False, True]
    # an abbreviation the text does not define is nothing
    assert not [m for m in annotate(kg, "HO was present about the hip joint.").mentions if m.text == "HO"]


def test_words_around_a_span_belong_to_it(kg: kgtools.KnowledgeGraph) -> None:
    """Projection words of a modality, relative positions and areas of a site, the course of a symptom."""
    a = annotate(kg, "Plain anteroposterior and lateral radiographs showed osseous projections posterior to the "
                     "left hip joint. Sudden onset of severe pain in the buttock area, only on the left side.")
    spans = {m.text: m.kind for m in a.mentions}
    assert spans["Plain anteroposterior and lateral radiographs"] == "modality"
    assert spans["posterior to the left hip joint"] == "site"
    assert spans["buttock area"] == "site"
    assert spans["Sudden onset of severe"] == "descriptor"
    assert spans["left side"] == "side"
    assert a.finding().sites == ("UBERON:0001486", "UBERON:0013691")


def test_a_measured_result_is_shown_with_its_words_and_stated_range(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Laboratory tests showed normal serum calcium (2.2 mmol/L; reference: 2.2-2.7 mmol/L) and "
                     "phosphate 1.1 mmol/L.")
    labs = {m.lab.analyte: m for m in a.of_kind("lab") if m.lab}
    assert labs["calcium"].text == "normal serum calcium (2.2 mmol/L; reference: 2.2-2.7 mmol/L)"
    assert labs["calcium"].lab.level == "normal"  # the class is the number's, against the sourced range
    assert labs["phosphate"].text == "phosphate 1.1 mmol/L"


def test_narration_words_are_not_content(kg: kgtools.KnowledgeGraph) -> None:
    from kgtools.annotate import content_words

    text = "Following a previous fall, she experienced possible swelling secondary to trauma."
    assert [text[a:b] for a, b in content_words(text)] == ["fall", "swelling", "trauma"]


def test_the_adjective_of_trauma_and_descriptors_before_a_site(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "No history of an inciting traumatic event. Multiple nontender subcutaneous nodules. "
                     "He had 14 days of post-traumatic coma.")
    trauma = [m for m in a.mentions if m.curie == "XSCO:0000047"]
    assert [(m.text, m.negated) for m in trauma] == [("traumatic", True), ("post-traumatic", False)]
    assert trauma[1].historical  # "post-" dates the coma after the trauma
    assert {m.text for m in a.of_kind("descriptor")} == {"Multiple nontender"}


def test_myopathy_is_a_phenotype_shown_not_ranked(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Calcinosis cutis with myopathy; myopathic changes in EMG.")
    assert [(m.kind, m.curie) for m in a.mentions if m.kind == "phenotype"] == [("phenotype", "HP:0003198")] * 2
    assert a.finding().phenotypes == ("HP:0003198",) and a.finding().disorders == ()


def test_tenderness_is_pain_a_phenotype(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Exquisite tenderness of the left buttock; no tenderness of the thigh.")
    pains = [(m.curie, m.negated) for m in a.mentions if m.kind == "phenotype"]
    assert pains == [("HP:0012531", False), ("HP:0012531", True)]
    assert a.finding().phenotypes == ("HP:0012531",)


def test_reference_anatomy_rolls_up_to_the_nearest_xsco_site(kg: kgtools.KnowledgeGraph) -> None:
    # UBERON structures XSCO does not name: the nearest XSCO site among their UBERON ancestors (is_a, part_of)
    a = kg.annotate("Calcification in the femoral metaphysis and around the left proximal tibiofibular joint.")
    sites = {m.text: (m.curie, m.reference) for m in a.of_kind("site")}
    assert sites["femoral metaphysis"] == ("UBERON:0000981", ("UBERON:0006865", "metaphysis of femur"))
    assert sites["left proximal tibiofibular joint"][1] == ("UBERON:0011117", "superior tibiofibular joint")
    assert set(a.finding().sites) == {"UBERON:0000981", sites["left proximal tibiofibular joint"][0]}
    assert _span(a, "femoral metaphysis").to_dict()["reference"] == {"curie": "UBERON:0006865",
                                                                      "label": "metaphysis of femur"}


def test_comorbidities_are_recognised_but_not_used(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Past history of hyperlipidemia and Paget's disease, no pseudohypoparathyroidism and no hallux "
                    "valgus. Calcification of the hand.")
    unused = {m.text: (m.curie, m.status) for m in a.of_kind("unused")}
    assert unused == {"hyperlipidemia": ("HP:0003077", "historical"),
                      "Paget's disease": ("MONDO:0021165", "historical")}
    # pseudohypoparathyroidism and hallux valgus are XSCO's phenotypes (sources tie Albright hereditary
    # osteodystrophy and fibrodysplasia ossificans progressiva to them): clinical findings, here negated
    assert [(m.curie, m.status) for m in a.of_kind("phenotype")] == [("HP:0000852", "negated"),
                                                                      ("HP:0001822", "negated")]
    f = a.finding()
    # not evidence: the finding is the hand alone (the toe of "hallux valgus" is no site), and a text that names
    # only such words is "nothing recognised"
    assert (f.sites, f.disorders, f.phenotypes, f.absent) == (("UBERON:0002398",), (), (), ())
    with pytest.raises(kgtools.errors.InputError, match="nothing recognised"):
        kg.annotate("Hyperlipidemia.")


def test_a_lesion_named_by_reference_words_keeps_its_site(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Subcutaneous nodules of the elbow.")
    assert "UBERON:0002072" in a.finding().sites


def test_reference_spans_mechanics(kg: kgtools.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a lexicon of three entries: the longest match with its last word plural, rolled up to its nearest
    XSCO site over XSCO's shorter spans of that kind; an unmapped term where nothing else is; an unmapped term
    never over XSCO's own span of the same words; and no lexicon at all."""
    from kgtools import annotate as mod

    ref = mod._Reference
    table = {("flexor", "tendon", "of", "the", "hand"): ref("UBERON:9999901", "hand flexor tendon",
                                                            ("UBERON:0000000", "UBERON:0002398")),
             ("widget", "syndrome"): ref("MONDO:9999903", "widget syndrome", ()),
             ("hand",): ref("MONDO:9999904", "a disease called hand", ())}
    monkeypatch.setattr(mod, "_reference_lexicon", lambda: (table, 5))
    text = "Calcified flexor tendon of the hands, widget syndromes and a hand."
    got = [(m.text, m.kind, m.curie, m.reference) for m in kg.annotate(text).mentions if m.kind in ("site", "unused")]
    assert got == [("flexor tendon of the hands", "site", "UBERON:0002398", ("UBERON:9999901", "hand flexor tendon")),
                   ("widget syndromes", "unused", "MONDO:9999903", None),
                   ("hand", "site", "UBERON:0002398", None)]
    monkeypatch.setattr(mod, "_reference_lexicon", lambda: ({}, 0))
    assert [m.text for m in kg.annotate(text).of_kind("site")] == ["tendon", "hands", "hand"]


def test_a_compound_of_a_terms_own_words_is_its_most_specific_term(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Known for limited systemic cutaneous scleroderma since 2012, calcinosis of the hands.")
    assert [(m.text, m.kind, m.curie) for m in a.mentions if m.kind in ("condition", "site")] == [
        ("limited systemic cutaneous scleroderma", "condition", "XSCO:0000046"), ("hands", "site", "UBERON:0002398")]
    # a MONDO synonym of a term XSCO maps (exactMatch: systemic sclerosis; closeMatch: CREST syndrome)
    b = kg.annotate("Systemic scleroderma; limited scleroderma; calcification of the hand.")
    assert [(m.curie, m.reference) for m in b.of_kind("condition")] == [
        ("XSCO:0001025", ("MONDO:0005100", "systemic sclerosis")),
        ("XSCO:0000046", ("MONDO:0016358", "limited cutaneous systemic sclerosis"))]


def test_compound_spans_mechanics() -> None:
    """The longest name wins, then the longest run; stop words and words of no name end the run; a compound
    takes in the spans found inside it and needs one, and never replaces a span that reaches outside it."""
    import spacy
    from spacy.tokens import Span

    from kgtools.annotate import _compound_spans

    index = {"disease": [("X:1", frozenset({"widget", "disease"}), frozenset({"widget", "disease", "big", "red"})),
                         ("X:2", frozenset({"red", "disease"}), frozenset({"red", "disease"}))]}
    nlp = spacy.blank("en")
    assert not _compound_spans(nlp("the big red widget disease"), index).ents  # nothing found inside it
    doc = nlp("the big red widget disease")
    doc.ents = [Span(doc, 4, 5, label="CONDITION", span_id="X:3")]
    assert [(e.text, e.ent_id_) for e in _compound_spans(doc, index).ents] == [("big red widget disease", "X:1")]
    doc = nlp("a red disease and the big widget disease")
    doc.ents = [Span(doc, 5, 7, label="SITE", span_id="U:1")]  # "big widget", a span inside the run
    assert [(e.text, e.ent_id_) for e in _compound_spans(doc, index).ents] == [("big widget disease", "X:1")]
    doc = nlp("pale big widget disease")
    doc.ents = [Span(doc, 0, 2, label="SITE", span_id="U:1")]  # "pale big" reaches outside the run
    assert [e.text for e in _compound_spans(doc, index).ents] == ["pale big"]


def test_the_published_span_set_keeps_its_schema(tmp_path) -> None:
    bench = spans_benchmark()
    passages = bench.load()
    assert len(passages) >= 10 and len({p["id"] for p in passages}) == len(passages)
    broken = tmp_path / "spans.yaml"
    broken.write_text("passages:\n- id: a\n  citation: {title: t, url: 'https://x'}\n  text: the hand\n"
                      "  gold: {site: [foot], mood: [x]}\n", encoding="utf-8")
    with pytest.raises(bench.SpansError, match=r"gold site 'foot' is not in the text; .*unknown gold kind 'mood'"):
        bench.load(broken)
    assert bench.main(["--spans", str(tmp_path / "missing.yaml")]) == 2


def _source_keys(citation: dict[str, Any]) -> set[tuple[str, str]]:
    """What names a source: its DOI, PMID, address (without scheme, www. and trailing slash) and title, compared
    case-insensitively on letters and digits only."""
    import re

    def norm(value: Any) -> str:
        return re.sub(r"[^0-9a-z]", "", str(value).casefold())

    keys = {(kind, norm(citation[kind])) for kind in ("doi", "pmid", "title") if citation.get(kind)}
    if citation.get("url"):
        keys.add(("url", norm(re.sub(r"^https?://(www\.)?", "", str(citation["url"]).strip()).rstrip("/"))))
    return {(kind, key) for kind, key in keys if key}


def test_the_held_out_span_set_keeps_its_schema_and_shares_no_source() -> None:
    # the blind held-out set (never tuned on; the lead reports its figures): schema only, no annotator is run
    import yaml

    bench = spans_benchmark()
    root = bench.ROOT.parent
    held_out = bench.load(bench.ROOT / "annotate" / "spans-heldout.yaml")
    assert len(held_out) >= 20 and len({p["id"] for p in held_out}) == len(held_out)
    assert not {p["id"] for p in held_out} & {p["id"] for p in bench.load()}
    known = {key for p in bench.load() for key in _source_keys(p["citation"])}
    cases = yaml.safe_load((root / "benchmarks" / "cases" / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    known |= {key for case in cases for key in _source_keys(case.get("citation") or {})}
    shared = {p["id"]: _source_keys(p["citation"]) & known for p in held_out}
    assert not {pid: keys for pid, keys in shared.items() if keys}


def test_span_scoring_counts_overlaps_per_kind() -> None:
    bench = spans_benchmark()
    passage = {"id": "p", "text": "Pain of the hand and the hand; gout.",
               "gold": {"site": ["hand"], "condition": ["Pain", "gout"]}}
    found = {"p": [{"start": 0, "end": 4, "kind": "unused", "text": "Pain"},
                   {"start": 12, "end": 16, "kind": "site", "text": "hand"},
                   {"start": 21, "end": 29, "kind": "imaged", "text": "the hand"},
                   {"start": 31, "end": 35, "kind": "site", "text": "gout"}]}
    result = bench.score([passage], found)
    site, condition = result["kinds"]["site"], result["kinds"]["condition"]
    assert (site["gold"], site["recalled"], site["recognised"], site["correct"]) == (2, 2, 3, 2)
    assert (condition["gold"], condition["recalled"], condition["recalled_used"]) == (2, 1, 0)
    assert result["all"]["precision"] == 0.75


def test_a_label_names_its_own_term_not_one_with_it_as_a_synonym(kg: kgtools.KnowledgeGraph) -> None:
    # "dystrophic calcification" is a related synonym of calcinosis and the label of dystrophic calcification
    a = kg.annotate("AP and lateral views of the right knee showed numerous calcified lesions in the soft tissues "
                    "around the joint: both oval, dystrophic calcifications and chain-mail calcified lesions.")
    assert [(m.text, m.curie) for m in a.of_kind("type")] == [("dystrophic calcifications", "XSCO:0000004")]
    from kgtools.annotate import _labels_first

    kinds = {"X:1": ("type", "b", ""), "X:2": ("type", "a", ""), "X:3": ("sign", "c", "")}
    assert _labels_first(kinds, {"X:1": ["b", "a", "c"], "X:2": ["a", "b"], "X:3": ["c", "a"]}) == {
        "X:1": ["b", "c"], "X:2": ["a"], "X:3": ["c", "a"]}


def test_the_reference_anatomy_is_human(kg: kgtools.KnowledgeGraph) -> None:
    # UBERON:2001805 "articular bone" (a fish bone, synonym "articular") is not in the lexicon
    a = kg.annotate("An intra-articular calcification of the knee.")
    assert [(m.text, m.curie) for m in a.of_kind("site")] == [("knee", "UBERON:0001465")]


def test_the_reference_lexicon_matches_the_ontology_and_its_mappings(kg: kgtools.KnowledgeGraph) -> None:
    """The lexicon is regenerated (scripts/make_reference_lexicon.py) when the mappings change: an HP/MONDO
    entry's targets are the XSCO terms the SSSOM set maps to it by exact then close match, each a term of XSCO.
    (An UBERON entry's targets are the UBERON IDs the ontology's files name; the annotator uses those that are
    sites, nearest first.)"""
    from kgtools.annotate import _reference_lexicon
    from kgtools.link import read_sssom
    from kgtools.prefixes import expand

    table, longest = _reference_lexicon()
    assert len(table) > 100_000 and longest <= 16
    refs = {ref.curie: ref for ref in table.values()}
    assert all(kg.index.get(expand(t) or t) for ref in refs.values() if not ref.curie.startswith("UBERON:")
               for t in ref.targets)
    rank = {"skos:exactMatch": 0, "skos:closeMatch": 1}
    pairs: dict[str, list[tuple[int, str]]] = {}
    for m in read_sssom().mappings:
        if m.predicate_id in rank:
            pairs.setdefault(m.object_id, []).append((rank[m.predicate_id], m.subject_id))
    # the XSCO terms mapped to a MONDO cancer's ancestor: those an unmapped MONDO cancer may be read as
    mondo_mapped = {s for o, subjects in pairs.items() if o.startswith("MONDO:") for _r, s in subjects}
    for curie, ref in refs.items():
        # HP/MONDO: their own mappings; a MeSH procedure: its own when XSCO maps it (else a broader descriptor's); an
        # unmapped MONDO cancer: the mappings of its nearest mapped MONDO ancestor (scripts/make_reference_lexicon.py)
        if curie.startswith("MONDO:") and curie not in pairs:
            assert set(ref.targets) <= mondo_mapped, (
                f"{curie}: the mappings changed; regenerate the lexicon with scripts/make_reference_lexicon.py")
        elif curie.startswith(("HP:", "MONDO:")) or (curie.startswith("MESH:") and curie in pairs):
            assert list(ref.targets) == list(dict.fromkeys(s for _r, s in sorted(pairs.get(curie, [])))), (
                f"{curie}: the mappings changed; regenerate the lexicon with scripts/make_reference_lexicon.py")


def test_a_reference_structure_with_no_xsco_site_above_it_is_its_head_words_site(kg: kgtools.KnowledgeGraph) -> None:
    # UBERON lists no XSCO site above the sartorius muscle (only "muscle organ"): its head word names the site
    a = kg.annotate("Calcification in the sartorius muscle and the left sartorius.")
    assert [(m.text, m.kind, m.curie, m.reference) for m in a.mentions if m.kind in ("site", "unused")] == [
        ("sartorius muscle", "site", "UBERON:0014892", ("UBERON:0001373", "sartorius muscle")),
        ("sartorius", "unused", "UBERON:0001373", None)]


def test_a_possessive_name_is_found_with_or_without_its_s(kg: kgtools.KnowledgeGraph) -> None:
    # the lexicon has "behcet disease" and "sjogren syndrome", not "behcet 's disease", "sjogren 's syndrome"
    a = kg.annotate("History of Behcet's disease and Sjogren's syndrome; calcification of the hand.")
    assert [m.text for m in a.of_kind("unused")] == ["Behcet's disease", "Sjogren's syndrome"]


@pytest.mark.parametrize(
    ("text", "sign", "form"),
    [
        ("a multilobulated calcified mass at the hip", "XSCO:0001123", "calcified"),  # "multi" + the sign's modifier
        ("multi-lobulated calcific masses", "XSCO:0001123", "calcified"),
        ("numerous globular calcifications", "XSCO:0001123", "calcified"),  # its synonym's "multiglobular"
        ("plaque-like calcification of the skin", "XSCO:0001574", "calcified"),  # its site word left out
        ("mature heterotopic bone in the thigh", "XSCO:0001591", "ossified"),  # an ossification head
        ("zonal ossification of the thigh", "XSCO:0001747", "ossified"),  # a pattern head
    ],
)
def test_a_sign_is_its_modifiers_with_any_head_of_its_kind(kg: kgtools.KnowledgeGraph, text: str, sign: str,
                                                            form: str) -> None:
    a = annotate(kg, text)
    found = [m for m in a.mentions if m.kind == "sign"]
    assert [(m.curie, m.form) for m in found] == [(sign, form)]


def test_sign_variants_mechanics() -> None:
    """A variant is the modifiers with each head of the name's family, its site words left out and "multi"
    added or taken away; a variant that another term names, or that two terms' variants share, names neither."""
    from kgtools.annotate import _pattern_variants, _written_variants

    written = _pattern_variants("lobulated periarticular calcific mass", frozenset({"periarticular"}))
    assert {"lobulated periarticular calcified mass", "lobulated calcified mass", "multilobulated calcification",
            "lobulated density"} <= set(written)
    assert _pattern_variants("rounded density") == ["rounded density"]  # no head of a family: the name alone
    kinds = {"S:1": ("sign", "amorphous dense calcification", ""), "S:2": ("sign", "amorphous calcification phase", ""),
             "S:3": ("sign", "zonal pattern", ""), "S:4": ("sign", "zonal calcification", ""),
             "P:1": ("phenotype", "limited range of motion", "")}
    phrases = {"S:1": ["amorphous dense calcification", "amorphous calcification"],
               "S:2": ["amorphous calcification phase"], "S:3": ["zonal pattern"], "S:4": ["zonal calcification"],
               "P:1": ["limited range of motion"]}
    variants = _written_variants(kinds, phrases)
    # S:2's variants are S:1's own name ("amorphous calcification") or S:1's variants too ("amorphous calcified
    # mass"): S:2 gets none, S:1 keeps its unshared ones
    assert "S:2" not in variants and "amorphous calcified mass" not in variants["S:1"]
    assert "amorphous dense calcified mass" in variants["S:1"]
    assert "zonal ossification" in variants["S:3"] and "zonal calcification" not in variants["S:3"]  # S:4's name
    assert {"loss of range of motion", "limitation of range of motion"} <= set(variants["P:1"])


@pytest.mark.parametrize(
    ("text", "curie"),
    [
        ("loss of range of motion of the shoulder", "HP:0001376"),  # HP's "limited ..." written as a loss
        ("decreased range of motion of the hip", "HP:0001376"),
        ("limitation of mouth opening", "HP:0000211"),  # HP's "Limited mouth opening" (Trismus)
        ("a muscle strain of the thigh", "XSCO:0002933"),
    ],
)
def test_reduced_function_and_injuries_as_clinicians_write_them(kg: kgtools.KnowledgeGraph, text: str,
                                                                curie: str) -> None:
    assert curie in [m.curie for m in annotate(kg, text).mentions if m.kind in ("phenotype", "condition")]


def test_an_injury_keeps_the_site_its_name_holds(kg: kgtools.KnowledgeGraph) -> None:
    # the strained muscle is where myositis ossificans forms; a disease's organ is not (test above)
    a = annotate(kg, "Calcification of the thigh six weeks after a muscle strain.")
    assert ("muscle", "site", "UBERON:0014892") in [(m.text, m.kind, m.curie) for m in a.mentions]
    assert "UBERON:0014892" in a.finding().sites and "XSCO:0002933" in a.finding().disorders


@pytest.mark.parametrize(
    ("text", "site", "reference"),
    [
        ("calcification in the bicipital groove", "XSCO:0002931", None),
        ("calcification in the intertubercular sulcus", "XSCO:0002931", None),
        ("calcification in the antecubital fossa", "UBERON:0001461", None),
        ("ossification along the linea aspera", "XSCO:0002932", None),
        ("calcification at the gluteal tuberosity", "UBERON:0000981", "UBERON:1200051"),  # "... of femur" left out
        ("calcification of the upper femur shaft", "UBERON:0000981", "UBERON:0006862"),  # "shaft of femur" turned
    ],
)
def test_bone_landmarks_and_regions_as_reports_name_them(kg: kgtools.KnowledgeGraph, text: str, site: str,
                                                          reference: str | None) -> None:
    found = [(m.curie, m.reference[0] if m.reference else None) for m in annotate(kg, text).mentions
             if m.kind == "site"]
    assert found == [(site, reference)]


def test_landmarks_and_the_knee_roll_up_by_part_of(kg: kgtools.KnowledgeGraph) -> None:
    from kgtools.graph import ancestors

    graph = kg.graph(("is_a", "part_of"))
    assert {"UBERON:0000976", "UBERON:0002102"} <= ancestors(graph, "XSCO:0002931")  # groove -> humerus -> arm
    assert {"UBERON:0000981", "UBERON:0002103"} <= ancestors(graph, "XSCO:0002932")  # linea aspera -> femur -> leg
    assert {"UBERON:0000978", "UBERON:0002103"} <= ancestors(graph, "UBERON:0001465")  # knee -> leg -> lower limb


def test_echogenicity_and_shape_words_are_shown_not_scored(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "A hypoechoic mass with hyperechoic foci and a platelike calcification in the thigh.")
    shown = {m.text: m.kind for m in a.mentions}
    assert shown["hypoechoic mass"] == "lesion" and shown["hyperechoic foci"] == "lesion"
    assert shown["platelike"] == "descriptor" and not a.of_kind("sign")


def test_the_lexicon_reads_part_of_names_as_reports_write_them() -> None:
    """scripts/make_reference_lexicon.py: "<landmark> of <bone>" is also the landmark alone, "<part> of <whole>"
    with a one-word part also "<whole> <part>"; never a phrase another term has or two terms derive."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "make_reference_lexicon.py"
    spec = importlib.util.spec_from_file_location("make_reference_lexicon", path)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    phrases = {"U:1": ["gluteal tuberosity of femur"], "U:2": ["shaft of femur", "femoral shaft"],
               "U:3": ["articular disk of temporomandibular joint"], "U:4": ["head of humerus"],
               "U:5": ["head of radius"], "U:6": ["radius head"], "U:7": ["medial tubercle of tibia"],
               "U:8": ["medial tubercle of talus"]}
    assert script.shortened(phrases) == {"U:1": ["gluteal tuberosity"], "U:2": ["femur shaft"],
                                         "U:4": ["humerus head"]}


@pytest.mark.parametrize(
    ("text", "span", "site"),
    [
        ("ossification at the neck of the femur", "neck of the femur", "UBERON:0000981"),  # not the neck
        ("calcification of the long head of the biceps tendon", "long head of the biceps tendon", "UBERON:0008188"),
        ("a calcified mass of the head and neck", "head", "UBERON:0000033"),  # no "of <site>" after it: the head
    ],
)
def test_a_part_word_before_of_a_site_is_that_sites_part(kg: kgtools.KnowledgeGraph, text: str, span: str,
                                                          site: str) -> None:
    sites = [(m.text, m.curie) for m in annotate(kg, text).mentions if m.kind == "site"]
    assert sites[0] == (span, site)
    assert ("neck", "UBERON:0000974") not in sites or "head and neck" in text


def test_stiffness_and_limited_motion_of_a_joint(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Pain, stiffness, and limited motion of the left knee with a calcified mass.")
    assert {"HP:0001387", "HP:0001376"} <= {m.curie for m in a.of_kind("phenotype")}


def test_a_reference_name_is_found_with_or_without_its_hyphens(kg: kgtools.KnowledgeGraph) -> None:
    # HP has "deep vein thrombosis" and "non - infectious meningitis" (as spaCy splits "non-infectious")
    a = kg.annotate("A deep-vein thrombosis, non infectious meningitis and calcification of the leg.")
    assert {(m.text, m.curie) for m in a.of_kind("unused")} == {
        ("deep-vein thrombosis", "HP:0002625"), ("non infectious meningitis", "HP:0033430")}


def test_a_misspelt_or_british_word_is_read_as_the_vocabularys_word(kg: kgtools.KnowledgeGraph) -> None:
    text = "Tumoural calcinotic lesions and heterotrophic ossification of the hip after IgA glomerulonefritis."
    a = kg.annotate(text)
    ho = _span(a, "heterotrophic ossification")  # the span is where the text writes it ...
    assert (ho.curie, ho.read_as) == ("XSCO:0000009", "heterotopic ossification")  # ... read as the term
    assert text[ho.start:ho.end] == ho.text
    # an adjective of a term's noun: "tumoural calcinotic lesions" are lesions of tumoral calcinosis
    assert (_span(a, "Tumoural calcinotic").curie, _span(a, "Tumoural calcinotic").read_as) == (
        "XSCO:0000008", "Tumoural calcinosis")
    assert _span(a, "hip").start == text.index("hip")  # spans after a rewritten word keep their offsets
    gn = _span(a, "IgA glomerulonefritis")  # read as MONDO's IgA glomerulonephritis, a kind of HP's
    assert (gn.curie, gn.reference, gn.read_as) == (
        "HP:0000099", ("MONDO:0005342", "IgA glomerulonephritis"), "IgA glomerulonephritis")
    assert _span(a, "hip").read_as is None and ho.to_dict()["read_as"] == "heterotopic ossification"


def test_the_speller_leaves_english_words_and_ambiguous_slips_alone() -> None:
    from kgtools.annotate import _Speller

    speller = _Speller.of({"heterotopic", "presented", "constriction", "glomerulonephritis", "calcinosis",
                           "hypercalcaemia", "hypocalcaemia"})
    assert speller.read("heterotrophic") == "heterotopic"
    assert speller.read("prevented") is None and speller.read("construction") is None  # short: English words
    assert speller.read("hypercalcemia") == "hypercalcaemia"  # a spelling pair (ae / e), whichever is known
    assert speller.read("hypoecalcaemia") is None  # two known words as close: left as written
    assert speller.read("Heterotopic") is None and speller.read("calcinosis") is None  # known words


def test_the_speller_reads_two_joined_words_of_a_phrase() -> None:
    from kgtools.annotate import _Speller

    speller = _Speller.of({"tendo", "achilles", "soft", "tissue", "tissues"},
                          [("tendo", "achilles"), ("soft", "tissue"), ("soft", "tissues")])
    assert speller.read("tendoachilles") == "tendo achilles"
    assert speller.read("softtissues") == "soft tissues"
    assert speller.read("achillestendo") is None  # the two words, but not in a phrase's order
    two = _Speller.of({"abcd", "efghi", "abcde", "fghi"}, [("abcd", "efghi"), ("abcde", "fghi")])
    assert two.read("abcdefghi") is None  # two splits that phrases hold: left as written


@pytest.mark.parametrize(("text", "words", "site"), [
    ("Erosions and calcification of the tendoachilles.", "tendoachilles", "UBERON:0003701"),
    ("Calcification of the tendo Achilles.", "tendo Achilles", "UBERON:0003701"),
    ("Calcification of the Achilles' tendon.", "Achilles' tendon", "UBERON:0003701"),
    ("Calcification of the patellar tendon.", "patellar tendon", "UBERON:0003676"),
    ("Calcific deposits in the rotator cuff tendons.", "rotator cuff tendons", "UBERON:0003683"),
])
def test_tendons_in_clinical_spelling(kg: kgtools.KnowledgeGraph, text: str, words: str, site: str) -> None:
    a = kg.annotate(text)
    assert _span(a, words).curie == site and a.finding().sites == (site,)


def test_an_abbreviation_of_a_joined_spelling(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Calcification of the left tendoachilles (TA). The TA was thickened.")
    assert [m.curie for m in a.of_kind("site")] == ["UBERON:0003701", "UBERON:0003701"]


@pytest.mark.parametrize(("text", "words", "site"), [
    ("Calcified nodules in both upper lobes.", "both upper lobes", "UBERON:0008948"),
    ("Calcification in the right lower lobe.", "right lower lobe", "UBERON:0002171"),
    ("Calcification in the lingula.", "lingula", "UBERON:0008954"),
    ("Calcification of the left upper lobes.", "left upper lobes", "UBERON:0008952"),
])
def test_lung_lobes_as_reports_write_them(kg: kgtools.KnowledgeGraph, text: str, words: str, site: str) -> None:
    assert _span(kg.annotate(text), words).curie == site


def test_coordinated_lung_lobes(kg: kgtools.KnowledgeGraph) -> None:
    sites = kg.annotate("Calcification of the upper and middle lobes.").finding().sites
    assert set(sites) == {"UBERON:0008948", "UBERON:0008955"}


def test_a_skin_lesion_on_a_body_part_is_of_its_skin(kg: kgtools.KnowledgeGraph) -> None:
    """HP names its skin lesions with the skin's word too ("Skin papules", "Skin plaque"): papules on the hands
    are the skin's, not an organ's; where the text places the lesion in an organ, or denies it, no skin."""
    skin = "UBERON:0002097"
    sites = kg.annotate("Whitish papules on her hands, feet and face.").finding().sites
    assert skin in sites and "UBERON:0002398" in sites
    assert skin in kg.annotate("Painful erythematous leg plaques.").finding().sites
    for text in ("Calcified pleural plaques.", "White, flat plaques in the gastric body.",
                 "No papules; calcification of the hands."):
        assert skin not in kg.annotate(text).finding().sites, text


@pytest.mark.parametrize("text", [
    "Calcinosis cutis at the injection sites of calcium-containing heparin.",
    "Firm subcutaneous nodules in the abdomen and the thighs, the injection sites of a heparin.",
    "Calcified nodules at the site of injection in the buttock.",
])
def test_an_injection_site_is_the_setting_not_a_site(kg: kgtools.KnowledgeGraph, text: str) -> None:
    """"injection site(s)" names where an injection was given: XSCO's injection (the setting the finding
    came after), never a site span of its own; the body parts the text names stay the finding's sites."""
    a = kg.annotate(text)
    assert "XSCO:0002923" in a.finding().disorders
    assert not [m for m in a.of_kind("site") if "injection" in m.text.lower() or "site" in m.text.lower()]


def test_respelt_offsets_map_back_to_the_text() -> None:
    from kgtools.annotate import _back

    moved = [(4, 17, 4, 15), (20, 30, 18, 28)]  # a 13-letter word read as 11 letters, then a same-length one
    assert [_back(moved, o, end=False) for o in (0, 4, 10, 16, 18, 22, 29)] == [0, 4, 4, 18, 20, 20, 31]
    assert [_back(moved, o, end=True) for o in (4, 15, 17, 28, 30)] == [4, 17, 19, 30, 32]


def test_the_lexicon_reads_surgical_procedures_and_drugs_as_xscos_broader_terms(kg: kgtools.KnowledgeGraph) -> None:
    """MeSH's operative procedures roll up to the nearest descriptor XSCO maps (surgery); a diagnostic procedure
    (MeSH files biopsy under diagnosis too) is recognised, not used; a ChEBI entity with a drug role is a drug
    exposure. Each keeps the reference term it names. A drug XSCO has a term of its own for is that term, by its
    synonym (prednisone: corticosteroid therapy), not the lexicon's broader drug exposure."""
    a = kg.annotate("Treated with heparin and prednisone after a thyroidectomy; a skin biopsy showed calcification of "
                    "the hip.")
    assert [(m.kind, m.curie, m.reference) for m in a.mentions
            if m.text in ("heparin", "prednisone", "thyroidectomy")] == [
        ("condition", "XSCO:0001543", ("CHEBI:28304", "heparin")),
        ("condition", "XSCO:0001158", None),
        ("condition", "XSCO:0001720", ("MESH:D013965", "Thyroidectomy"))]
    # the biopsy that showed the calcification is its work-up (:func:`_lesion_work_up`), no condition
    assert (_span(a, "biopsy").kind, _span(a, "biopsy").curie) == ("treatment", "MESH:D001706")
    assert {"XSCO:0001543", "XSCO:0001720"} <= set(a.finding().disorders)


def test_a_reference_disease_ending_in_an_xsco_term_is_a_kind_of_it(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Psoriatic arthritis and right shoulder pain; calcification of the hip.")
    pa = _span(a, "Psoriatic arthritis")  # not "arthritis" alone: the MONDO term is kept
    assert (pa.curie, pa.reference) == ("HP:0001369", ("MONDO:0011849", "psoriatic arthritis"))
    # a phenotype whose words name a site keeps the site ("shoulder pain": the shoulder is where it is)
    assert {m.curie for m in a.of_kind("site")} >= {"UBERON:0001467", "UBERON:0001464"}


@pytest.mark.parametrize(("text", "lesion"), [
    ("Chest CT showed high-density shadows.", "high-density shadows"),
    ("A radio-opaque nodule of the hand.", "radio-opaque nodule"),
    ("Ultrasound showed a hyper-echoic mass in the thigh.", "hyper-echoic mass"),
    ("Calcific deposits and nodules of the hand.", "deposits"),  # after the form word "calcific"
])
def test_a_lesion_takes_in_the_hyphenated_compound_that_describes_it(kg: kgtools.KnowledgeGraph, text: str,
                                                                     lesion: str) -> None:
    a = kg.annotate(text)
    assert lesion in [m.text for m in a.of_kind("lesion")]
    assert a.of_kind("form") == () or all(m.text != lesion for m in a.of_kind("form"))


def test_a_hyphenated_compound_before_a_calcification_word_is_its_descriptor(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Ring-like calcification of the hip in erosive arthritis.")
    assert [m.text for m in a.of_kind("descriptor")] == ["Ring-like", "erosive"]


def test_other_laboratory_tests_are_measure_spans_or_classed_analytes_not_scored(kg: kgtools.KnowledgeGraph) -> None:
    text = ("Calcium 2.9 mmol/L, parathyroid hormone 283 ng/L; a mildly elevated C-reactive protein; vitamin D raised. "
            "PTH and phosphate were normal. Calcification of the hip.")
    a = kg.annotate(text)
    assert [m.text for m in a.of_kind("measure")] == ["elevated C-reactive protein", "vitamin D raised"]
    assert not [m for m in a.of_kind("unused") if m.text == "parathyroid"]  # the test's name, not the gland
    # parathyroid hormone is classed (OTHER_RANGES) and shown; its HP term is a clinical finding since XSCO uses it
    # (the hyperparathyroidisms' statements), the measures are no evidence
    assert [(m.text, m.lab.analyte) for m in a.of_kind("lab") if m.lab] == [
        ("Calcium 2.9 mmol/L", "calcium"), ("parathyroid hormone 283 ng/L", "parathyroid hormone"),
        ("PTH and phosphate were normal", "parathyroid hormone"), ("phosphate were normal", "phosphate")]
    f = a.finding()  # nothing of the measures is evidence
    assert f.all_sites() == ("UBERON:0001464",) and f.disorders == () and f.phenotypes == ("HP:0003165",)


def test_a_negation_runs_through_a_coordinated_list(kg: kgtools.KnowledgeGraph) -> None:
    # NegEx / ConText end a scope at a termination cue or the sentence end, not inside a list: the bound counts
    # the list's items, not its tokens
    a = kg.annotate("There was no history of bony swellings, bony deformity, fracture, and muscle weakness, "
                    "pain in the joints or abnormal postures. Calcification of the hand.")
    assert _span(a, "muscle weakness").negated and _span(a, "pain").negated
    # a clause that is no short list item still ends the scope
    b = kg.annotate("No fracture was seen in the radiographs of this patient who then had pain in the hand. "
                    "Calcification of the hand.")
    assert not _span(b, "pain").negated
    c = kg.annotate("A man with a history of surgery for fracture of the femur in 2011, presented pain in the hand. "
                    "Calcification of the hand.")
    assert _span(c, "surgery").historical and not _span(c, "pain").historical


@pytest.mark.parametrize("text", [
    "MRI suggested a myositis ossificans lesion in the thigh. Calcification of the thigh.",
    "The appearance was suggestive of myositis ossificans. Calcification of the thigh.",
    "Impression: myositis ossificans of the thigh. Calcification of the thigh.",
])
def test_a_suggested_type_is_uncertain_and_not_the_findings_type(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert _span(a, "myositis ossificans").status == "uncertain"
    f = a.finding()
    # a suspected type names no type (which would exclude every disjoint one) and leaves the form to the words
    assert "XSCO:0000010" not in f.named and f.ossified is False


def test_lab_results_in_words_after_a_list_of_tests(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Routine blood tests, including liver function test, serum calcium, phosphorus, and alkaline "
                    "phosphatase levels, were all normal. Calcification of the hand.")
    f = a.finding()
    assert (f.calcium, f.phosphate) == ("normal", "normal")
    # the organ in a test's name is part of the test, not a site of the finding
    assert [m.text for m in a.of_kind("site")] == ["hand"]
    assert "liver function test" in [m.text for m in a.of_kind("measure")]


@pytest.mark.parametrize(("text", "treatments"), [
    ("A calcified mass of the thigh. Surgical procedure consisted of excision of the tumor mass with primary wound "
     "reconstruction and drainage.", ["Surgical procedure", "excision", "drainage"]),
    ("At surgery an irregular bony mass was excised anteriorly from the elbow.", ["surgery", "excised"]),
    ("The calcified mass of the hip recurred after surgical excision.", ["surgical excision"]),
    ("A skin biopsy of a papule of the neck showed calcification.", ["biopsy"]),
])
def test_the_lesions_own_work_up_and_treatment_is_no_condition(kg: kgtools.KnowledgeGraph, text: str,
                                                               treatments: list[str]) -> None:
    a = kg.annotate(text)
    assert [m.text for m in a.of_kind("treatment")] == treatments
    f = a.finding()
    # neither the surgery nor a neoplasm ("tumor mass" is the lesion) is a cause of the finding
    assert "XSCO:0001720" not in f.disorders and "XSCO:0000038" not in f.disorders
    assert "XSCO:0001720" not in f.absent


@pytest.mark.parametrize("text", [
    "Heterotopic ossification of the hip two years after surgery.",
    "History of thyroidectomy; calcification of the hand.",
    "Two years after a hip replacement, a calcified mass of the thigh developed and was excised.",
])
def test_a_prior_operation_stays_a_condition(kg: kgtools.KnowledgeGraph, text: str) -> None:
    f = kg.annotate(text).finding()
    assert {"XSCO:0001720", "XSCO:0001721"} & set(f.disorders)


@pytest.mark.parametrize(("text", "curie"), [
    ("After locking plating on the proximal ulna, an ossified mass of the elbow.", "XSCO:0002918"),
    ("Plate fixation of the radius two years ago; calcification of the forearm.", "XSCO:0002918"),
    # "surgical scar" is a related synonym of XSCO's scar (XSCO:0003120), the condition a surgery leaves
    ("A vertical calcified mass at a surgical scar of the abdomen.", "XSCO:0003120"),
    ("Rehabilitation began one month after the operation; a bony mass of the elbow.", "XSCO:0001720"),
    ("Ossification of the hip after implant removal.", "XSCO:0001720"),
])
def test_operations_as_reports_name_them_are_the_prior_surgery(kg: kgtools.KnowledgeGraph, text: str,
                                                                curie: str) -> None:
    assert curie in kg.annotate(text).finding().disorders


def test_a_scar_is_an_operation_only_where_its_words_say_so(kg: kgtools.KnowledgeGraph) -> None:
    f = kg.annotate("A vertical calcified mass coincided with an abdominal scar.").finding()
    assert "XSCO:0001720" not in f.disorders
    # the lesion's own excision stays a treatment, not the patient's history
    a = kg.annotate("An ossified mass of the elbow; excision of the mass was performed with the implant removal.")
    assert "XSCO:0001720" not in a.finding().disorders


@pytest.mark.parametrize(("text", "lesion"), [
    ("A tumour-like calcification of the hip.", "tumour"),
    ("A tumor mass of the thigh.", "tumor"),
    ("Because of the pain, we decided to excise the tumor. Calcification of the leg.", "tumor"),
    # the presenting lesion called "the tumor" anywhere: not a neoplasm of the patient
    ("There was paresthesia on the distal area of the tumor; a calcified nodule of the finger.", "tumor"),
    ("X-ray revealed a soft tissue tumor with central calcification in the thigh.", "tumor"),
    ("She noticed two solid tumors at the site of injections; calcification of the buttock.", "solid tumors"),
    ("She had a calcified tumor of the finger excised.", "tumor"),  # historical, but the lesion's own work-up
])
def test_a_tumour_that_is_the_lesion_is_no_neoplasm(kg: kgtools.KnowledgeGraph, text: str, lesion: str) -> None:
    a = kg.annotate(text)
    assert lesion in [m.text for m in a.of_kind("lesion")]
    assert "XSCO:0000038" not in a.finding().disorders


@pytest.mark.parametrize("text", [
    "She had a history of a tumor of the brain; calcification of the hip.",
    "She was diagnosed with a tumour of the kidney. Calcification of the hip.",
    "A synovial sarcoma of the thigh with calcification.",
])
def test_a_neoplasm_the_text_states_or_names_is_a_condition(kg: kgtools.KnowledgeGraph, text: str) -> None:
    disorders = kg.annotate(text).finding().disorders
    assert {"XSCO:0000038", "XSCO:0000042"} & set(disorders)


def test_a_procedure_in_a_units_name_is_no_condition(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("She was referred to the Department of Oral and Maxillofacial Surgery with a hard nodule of the "
                    "cheek; a history of surgery.")
    assert [m.text for m in a.mentions if m.curie == "XSCO:0001720"] == ["surgery"]


@pytest.mark.parametrize(("text", "site", "curie"), [
    ("Swelling in the right scapular region with calcification.", "right scapular region", "UBERON:0006849"),
    ("A small calcified lesion in the subscapular area.", "subscapular area", "UBERON:0006849"),  # its stem's
    ("A calcified nodule in the right buccal submucosa.", "right buccal submucosa", "UBERON:0001567"),
    ("Phleboliths in the buccal space.", "buccal space", "UBERON:0001567"),
    ("The radiograph shows medial and lateral femorotibial compartment chondrocalcinosis.",
     "medial and lateral femorotibial compartment", "UBERON:0001485"),
    ("Myositis ossificans limited to the right leg's lateral and anterior compartments.",
     "right leg's lateral and anterior compartments", "UBERON:0000978"),
])
def test_a_region_an_adjective_names_is_a_site(kg: kgtools.KnowledgeGraph, text: str, site: str, curie: str) -> None:
    a = kg.annotate(text)
    assert (site, curie) in [(m.text, m.curie) for m in a.of_kind("site")]


def test_an_adjective_names_a_region_only_from_structures_names(kg: kgtools.KnowledgeGraph) -> None:
    # "large" and "atypical" begin UBERON names too ("large intestine", a synonym "atypical confluence of lymph
    # trunks"), but name no region: a describing word, and a word only a synonym begins
    a = kg.annotate("Calcific tendinopathy of the hip in a large area and in atypical regions.")
    assert [m.text for m in a.of_kind("site")] == ["hip"]
    # nor does a part's noun ("surface of ..." begins UBERON names too)
    b = kg.annotate("A mass covering 2/3 of the scrotal surface area.")
    assert "UBERON:0001456" not in [m.curie for m in b.of_kind("site")]  # not the face


@pytest.mark.parametrize(("text", "site"), [
    ("Magnified radiograph of the right thumb better shows soft-tissue calcifications.", "right thumb"),
    ("Pain in the hip. Longitudinal ultrasound scan of upper femur shaft showed a hyper-echoic mass.",
     "upper femur shaft"),
])
def test_what_was_imaged_is_the_site_when_the_sentence_names_no_place(kg: kgtools.KnowledgeGraph, text: str,
                                                                      site: str) -> None:
    # a site that names no place ("soft-tissue") is no site of the sentence's own; a lesion noun states the finding
    assert site in [m.text for m in kg.annotate(text).of_kind("site")]


def test_a_skin_lesions_colour_surface_and_what_it_exudes_are_its_words(kg: kgtools.KnowledgeGraph) -> None:
    # (not "erythematous": HP's erythema, a phenotype span of its own)
    a = kg.annotate("Multiple, firm, scaly, whitish nodules of the leg, some of which exuded a chalky white "
                    "material; violaceous plaques.")
    assert [m.text for m in a.of_kind("lesion")] == ["Multiple, firm, scaly, whitish nodules", "white material"]
    # "chalky" says what the material is: calcium (a form word)
    assert [(m.text, m.form) for m in a.of_kind("form")] == [("chalky", "calcified")]
    # a phenotype's describing words too ("plaques": HP's skin plaque)
    assert "violaceous" in [m.text for m in a.of_kind("descriptor")]


@pytest.mark.parametrize(("text", "measure"), [
    ("Results of laboratory studies were normal.", "laboratory studies were normal"),
    ("Blood test results were normal.", "Blood test results were normal"),
    ("Passive range of motion of the left hip was limited.", "Passive range of motion"),
])
def test_a_work_up_named_in_general_is_a_measure(kg: kgtools.KnowledgeGraph, text: str, measure: str) -> None:
    a = kg.annotate(text + " Calcification of the hand.")
    assert measure in [m.text for m in a.of_kind("measure")]
    assert a.finding().calcium is None  # a general result classes no analyte


def test_times_and_the_course_of_a_lesion_are_shown(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("After 14 days of coma, nodules of the hand gradually enlarged and increased in number and size "
                    "after 3 months; a decade-long history of pain.")
    assert [m.text for m in a.of_kind("duration")] == ["After 14 days", "after 3 months", "decade-long history"]
    assert {"gradually enlarged", "increased in number and size"} <= {m.text for m in a.of_kind("descriptor")}


def test_a_lab_unit_with_its_slash_glued_and_the_words_before_a_stated_result(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Phosphorus of 9.7mg/dl and corrected calcium of 10.2mg /dl. Calcification of the hip.")
    assert [(m.lab.analyte, m.lab.value, m.lab.level) for m in a.of_kind("lab") if m.lab] == [
        ("phosphate", 9.7, "elevated"), ("calcium", 10.2, "normal")]
    b = kg.annotate("His serum calcium level had been persistently elevated. Calcification of the hip.")
    assert [m.text for m in b.of_kind("lab")] == ["serum calcium level had been persistently elevated"]


def test_an_examinations_own_nouns_are_a_modality(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("AP and lateral views of the right knee showed calcification; the bone window was clear.")
    assert [m.text for m in a.of_kind("modality")] == ["AP and lateral views", "window"]  # "bone": imaged
    assert [m.text for m in a.of_kind("site")] == ["right knee"]  # the only place named


def test_a_sites_space_zone_and_vertical_position_belong_to_it(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Small calcified nodules in the upper and middle lung zones; left hip joint space narrowing; "
                    "hardness of the posterior inferior thigh.")
    assert [m.text for m in a.of_kind("site")] == [
        "upper and middle lung zones", "left hip joint space", "posterior inferior thigh"]


def test_a_classifications_grade_is_a_descriptor(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("The radiograph shows grade IV heterotopic ossification of the hip; the Brooker grade was 4.")
    assert [m.text for m in a.of_kind("descriptor")] == ["grade IV", "Brooker grade was 4"]


def test_what_a_copula_says_of_a_span_is_its_descriptor(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("The swellings were non-tender, lobulated, and firmly attached to the hip. Chest X-ray was normal. "
                    "The nodules of the leg became yellowish white.")
    assert [m.text for m in a.of_kind("descriptor")] == [
        "non-tender, lobulated, and firmly attached", "normal", "yellowish white"]
    assert a.finding().calcium is None  # "X-ray was normal" classes no analyte


def test_a_corrected_calcium_is_read_through_its_correction(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Serum calcium corrected for serum albumin 8.1 mg/dL. Calcification of the hip.")
    assert a.finding().calcium == "low"


def test_no_abnormality_of_a_list_of_tests_makes_its_analytes_normal(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Laboratory tests showed no significant abnormalities including serum calcium, phosphate and "
                    "thyroid hormones. Calcification of the hip.")
    f = a.finding()
    assert (f.calcium, f.phosphate) == ("normal", "normal")
    # "no abnormalities" of anything else classes nothing
    assert kg.annotate("No abnormalities of the hip. Calcification of the hand.").finding().calcium is None


def test_the_site_or_location_of_a_site_is_part_of_its_span(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A calcification at the site of the gluteus maximus muscle and at the location of the left hip.")
    assert [m.text for m in a.of_kind("site")] == ["site of the gluteus maximus muscle", "location of the left hip"]


def test_a_connective_idiom_names_no_body_part(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("On the other hand, calcification of the hand.")
    assert [m.text for m in a.of_kind("site")] == ["hand"] and a.of_kind("site")[0].start > 20


@pytest.mark.parametrize(("text", "curie"), [
    ("Universal calcinosis in a boy with dermatomyositis.", "XSCO:0000006"),
    ("A circumscribed calcinosis of the hand.", "XSCO:0000007"),
    ("Ossifying myositis of the thigh after a fall.", "XSCO:0000010"),
    ("Calcifying tendinitis of the shoulder.", "XSCO:0001311"),
])
def test_a_latin_name_in_english_word_order_and_adjective_form(kg: kgtools.KnowledgeGraph, text: str,
                                                               curie: str) -> None:
    # the Latin adjective after the noun written as the English one before it; -ific also written -ifying
    assert curie in kg.annotate(text).finding().named



@pytest.mark.parametrize(("text", "words", "curie"), [
    ("Calcification of the hand in chronic renal disease.", "chronic renal disease", "XSCO:0001010"),
    ("Calcification of the heart valves after cardiac valve damage.", "cardiac valve damage", "XSCO:0001501"),
    ("Heterotopic ossification of the hip after traumatic cerebral injury.", "traumatic cerebral injury",
     "XSCO:0001022"),
])
def test_a_condition_named_with_its_organs_adjective(kg: kgtools.KnowledgeGraph, text: str, words: str,
                                                     curie: str) -> None:
    m = _span(kg.annotate(text), words)
    assert (m.kind, m.curie) == ("condition", curie)


def test_organ_words_are_learnt_from_the_sources_synonyms() -> None:
    """A noun / adjective pair is learnt from names of one term that differ in that word only: a derivation
    ("colon" / "colonic") twice, another pair ("kidney" / "renal") five times and each the other's most attested
    partner ("heart" / "vascular" is not: "cardiac" is the heart's); only a word that modifies the next is
    replaced."""
    from kgtools.annotate import _learn_organ_words, _organ_variants, _Reference

    table: dict[tuple[str, ...], Any] = {}
    for word in ("kidney", "colon", "heart"):
        table[(word,)] = _Reference(f"UBERON:{word}", word, ())
    for i in range(6):
        for words in ((f"d{i}", "kidney", "failure"), (f"d{i}", "renal", "failure"), (f"d{i}", "heart", "x"),
                      (f"d{i}", "cardiac", "x")):
            table[words] = _Reference(f"MONDO:{i}", "", ())
    for i in range(5):  # attested five times, but the heart's most attested adjective is "cardiac" (six)
        table[(f"v{i}", "heart", "disease")] = table[(f"v{i}", "vascular", "disease")] = _Reference(f"HP:{i}", "", ())
    for i in range(2):
        table[(f"c{i}", "colon", "cancer")] = table[(f"c{i}", "colonic", "cancer")] = _Reference(f"MONDO:c{i}", "", ())
    learnt = _learn_organ_words(table)
    assert learnt["kidney"] == {"renal"} and learnt["renal"] == {"kidney"} and learnt["colon"] == {"colonic"}
    assert learnt["heart"] == {"cardiac"} and "vascular" not in learnt
    assert _organ_variants("chronic kidney disease", learnt) == ["chronic kidney disease", "chronic renal disease"]
    assert _organ_variants("disease of the kidney", learnt) == ["disease of the kidney"]


@pytest.mark.parametrize(("text", "words"), [
    ("Calcification of the hip postsurgery.", "postsurgery"),
    ("Calcification of the hip post-surgery.", "post-surgery"),
    ("Ossification of the elbow appeared postoperatively.", "postoperatively"),
    ("Postoperative calcification of the hip.", "Postoperative"),
    ("Heterotopic ossification of the hip, 6 weeks post-op.", "post-op"),
    ("A bony mass of the elbow three months after surgery.", "surgery"),
    ("A bony mass of the elbow after the operation.", "operation"),
])
def test_an_operation_the_finding_is_dated_after_is_the_prior_surgery(kg: kgtools.KnowledgeGraph, text: str,
                                                                      words: str) -> None:
    a = kg.annotate(text)
    span = _span(a, words)
    assert (span.kind, span.curie, span.status) == ("condition", "XSCO:0001720", "historical")
    assert "XSCO:0001720" in a.finding().disorders
    # the site before a "post-" word is the finding's, not the operation's
    assert a.of_kind("site")


def test_a_radiolucent_centre_is_the_lucent_centred_sign(kg: kgtools.KnowledgeGraph) -> None:
    # Radiopaedia's words for the sign ("focal calcifications, often with radiolucent centres")
    a = kg.annotate("Radiographs of the cheek showed focal calcifications with radiolucent centres.")
    assert "XSCO:0001577" in a.finding().signs


@pytest.mark.parametrize(("text", "ossified"), [
    ("Complete surgical excision of the heterotopic mass of the elbow.", True),
    ("Chest radiograph showed bone bars of the chest wall.", True),
    ("CT showed a mineralized mass of the temporomandibular joint.", False),
    ("Nodules of the hips exuded a chalky white material.", False),
    ("The mass of the elbow was pouring out toothpaste-like material.", False),
])
def test_form_words_of_bone_and_mineral_in_other_words(kg: kgtools.KnowledgeGraph, text: str, ossified: bool) -> None:
    assert kg.annotate(text).finding().ossified is ossified


def test_bony_alone_or_a_bony_ankylosis_sets_no_form(kg: kgtools.KnowledgeGraph) -> None:
    # "bony" also names the skeleton itself: no form from it
    assert kg.annotate("Bony ankylosis of the elbow; the bony structures of the hip were normal.").finding(
    ).ossified is None


@pytest.mark.parametrize(("text", "site"), [
    ("Radiographs of the chest showed paravertebral calcifications.", "UBERON:0001130"),
    ("A distal penile calcified plaque with necrosis.", "UBERON:0000989"),
    ("A pretibial mass with calcification.", "UBERON:0000979"),
])
def test_a_sites_adjective_before_a_lesion_is_its_site(kg: kgtools.KnowledgeGraph, text: str, site: str) -> None:
    assert site in kg.annotate(text).finding().sites


@pytest.mark.parametrize(("text", "site"), [
    ("Widespread progressive truncal skin necrosis.", "UBERON:0002100"),  # truncal / trunk: HP's own synonyms
    ("A perirenal calcification on CT.", "UBERON:0002113"),  # renal - kidney: WordNet; the prefix taken off
    ("Painful crural ulcers with calcification.", "UBERON:0003823"),  # crural - crus
    ("Submandibular calcified nodes.", "UBERON:0001684"),  # mandibular - mandible
    ("Digital calcified nodules.", "UBERON:0002544"),  # digit, a part of the limb UBERON's "digital ..." names
    ("Intra-articular calcified loose bodies.", "UBERON:0000982"),  # articulation: "joint, articulation" in WordNet
])
def test_a_sites_adjective_a_dictionary_pairs_with_its_noun(kg: kgtools.KnowledgeGraph, text: str,
                                                           site: str) -> None:
    # the adjective shares no stem with the site's names ("renal", "crural") or begins no UBERON name ("truncal"):
    # read by the noun it pertains to (kgtools/site_adjectives.tsv, WordNet; the lexicon's learnt pairs)
    assert site in kg.annotate(text).finding().sites


def test_the_dictionary_of_site_adjectives_reads_only_body_parts(kg: kgtools.KnowledgeGraph) -> None:
    from kgtools.annotate import _adjective_index, _pipeline

    attested = _adjective_index(kg, _pipeline(kg)[3]).attested  # type: ignore[attr-defined]
    assert (attested["renal"], attested["truncal"], attested["phalangeal"]) == (
        "UBERON:0002113", "UBERON:0002100", "UBERON:0003221")
    # no site: a word of orientation, a noun of no body part, two sites, a dictionary sense anatomy does not use
    assert not {"radial", "axial", "superficial", "surgical", "sclerotic", "mastoid"} & set(attested)
    assert "UBERON:0002048" not in kg.annotate("Chest radiograph suggestive of alveolar oedema.").finding().sites


@pytest.mark.parametrize("text", [
    "Thin calcification paralleling the articular surfaces of the knee.",
    "The vertical calcified mass coincided with an abdominal scar.",
    "A biopsy of the thigh revealed intramembranous ossification.",
])
def test_a_word_that_only_begins_structures_names_is_no_site(kg: kgtools.KnowledgeGraph, text: str) -> None:
    # "thin", "vertical", "intramembranous" begin UBERON names but share no stem with the site they roll up to
    sites = kg.annotate(text).finding().sites
    assert not {"UBERON:0002113", "UBERON:0000955", "UBERON:0000033"} & set(sites)


@pytest.mark.parametrize(("text", "words"), [
    ("Subcutaneous calcification of the irradiated chest wall.", "irradiated"),
    ("Calcification of the penis after brachytherapy.", "brachytherapy"),
    ("Calcification of the chest wall after adjuvant radiotherapy.", "adjuvant radiotherapy"),
])
def test_radiotherapy_as_reports_write_it_is_radiation_therapy(kg: kgtools.KnowledgeGraph, text: str,
                                                                words: str) -> None:
    # "irradiated": the participle of "irradiation"; a MeSH radiotherapy (tree E02.815) is XSCO's radiation therapy
    a = kg.annotate(text)
    assert (_span(a, words).curie, "XSCO:0001600" in a.finding().disorders) == ("XSCO:0001600", True)


def test_a_sites_adjective_before_a_clinical_finding_is_its_site(kg: kgtools.KnowledgeGraph) -> None:
    # "gangrene" (HP) is placed by the adjective; "alveolar" shares no stem with the lung's names
    f = kg.annotate("Calciphylaxis with distal penile dry gangrene; chest radiograph suggestive of alveolar oedema."
                    ).finding()
    assert "UBERON:0000989" in f.sites and "UBERON:0002048" not in f.sites


HEAD = "UBERON:0000033"
NECK = "UBERON:0000974"


@pytest.mark.parametrize(("text", "site"), [
    ("Calcific deposits within the direct head of the right rectus femoris.", "UBERON:0001378"),
    ("Erosion of the head of the second metatarsal.", "UBERON:0001448"),
    ("Calcification at the long head of the left biceps.", "UBERON:0001507"),
    ("A fracture of the humeral neck.", "UBERON:0000976"),
    ("Calcification of the metatarsal base.", "UBERON:0001448"),
    ("A calcified plaque of the penile shaft.", "UBERON:0000989"),
])
def test_the_head_or_neck_of_a_bone_or_muscle_is_that_structure(kg: kgtools.KnowledgeGraph, text: str,
                                                                site: str) -> None:
    # a part noun after "of" and side or ordinal words, or after a structure's adjective, is that structure's part
    sites = kg.annotate(text).finding().sites
    assert site in sites and not {HEAD, NECK} & set(sites)


def test_a_part_noun_after_an_adjective_of_no_site_of_its_own_is_no_body_region(kg: kgtools.KnowledgeGraph) -> None:
    # "condylar" reads as a joint, not a word of the joint's names: the condyle's head is no site, never the head
    a = kg.annotate("A mineralized mass of the TMJ with erosion of the condylar head.")
    assert HEAD not in a.finding().sites
    # a device's part ("the endoprosthesis head", "the prosthetic head") is no site either
    device = kg.annotate("Ossification around the hip joint endoprosthesis head; the prosthetic head was loose.")
    assert HEAD not in device.finding().sites
    # the neck and the head themselves stay sites ("cervical neck": the adjective names the neck itself)
    assert {HEAD, NECK} <= set(kg.annotate("Calcified nodules of the head and of the cervical neck.").finding().sites)


TRAUMA = "XSCO:0000047"


@pytest.mark.parametrize(("text", "disease"), [
    ("Calciphylaxis of the legs; with fluid resuscitation the acute kidney injury eased.", "acute kidney injury"),
    ("Calciphylaxis of the legs after acute lung injury.", "acute lung injury"),
    ("Calciphylaxis of the legs after a drug-induced liver injury.", "drug-induced liver injury"),
])
def test_a_disease_named_with_an_organ_and_an_injury_is_no_trauma(kg: kgtools.KnowledgeGraph, text: str,
                                                                  disease: str) -> None:
    # the reference lexicon's disease (HP/MONDO) takes in the organ and the condition word: shown, no trauma
    a = kg.annotate(text)
    assert _span(a, disease).kind == "unused"
    assert TRAUMA not in a.finding().disorders and "UBERON:0002113" not in a.finding().sites
    # an injury at a body region stays a trauma
    assert TRAUMA in kg.annotate("Calcification of the knee after a knee injury.").finding().disorders


def test_a_lesion_noun_placed_in_an_organ_is_not_the_skin_condition(kg: kgtools.KnowledgeGraph) -> None:
    # "cysts" is cutaneous cyst without its site word: in a bone it is no skin cyst, on the scalp it is one
    bone = kg.annotate("Chondrocalcinosis of the knees; MRI showed multiple intraosseous cysts in the talus.")
    assert "XSCO:0001507" not in bone.finding().disorders and _span(bone, "cysts").kind == "unused"
    skin = kg.annotate("Multiple calcified cysts of the scalp.")
    assert "XSCO:0001507" in skin.finding().disorders


@pytest.mark.parametrize(("text", "words", "curie"), [
    ("A 54-year old, obese man with calciphylaxis of the thighs.", "obese", "HP:0001513"),
    ("Heterotopic ossification of the hip in a woman diagnosed with GBS a year before.", "GBS", "XSCO:0002930"),
])
def test_condition_words_as_clinicians_write_them(kg: kgtools.KnowledgeGraph, text: str, words: str,
                                                  curie: str) -> None:
    # "obese": the adjective of obesity (-e for -ity); "GBS": XSCO's synonym, sourced in the term's editor note
    assert _span(kg.annotate(text), words).curie == curie


@pytest.mark.parametrize(("text", "analyte", "level", "curie"), [
    ("Chondrocalcinosis of the knee with magnesium of 0.46 mmol/l.", "magnesium", "low", "XSCO:0001342"),
    ("Chondrocalcinosis of the knee; serum magnesium 1.1 mg/dL.", "magnesium", "low", "XSCO:0001342"),
    ("Chondrocalcinosis of the knees, high serum ferritin levels (7300 ng/mL).", "ferritin", "elevated",
     "HP:0003281"),
    ("Calcification of the hip; PTH 450 pg/mL.", "parathyroid hormone", "elevated", "HP:0003165"),
    ("Calcification of the hip; intact parathyroid hormone (1,250 pg/mL).", "parathyroid hormone", "elevated",
     "HP:0003165"),
    ("Calcification of the hip; alkaline phosphatase 300 U/L.", "alkaline phosphatase", "elevated", "HP:0003155"),
])
def test_other_analytes_are_classed_and_name_their_term(kg: kgtools.KnowledgeGraph, text: str, analyte: str,
                                                        level: str, curie: str) -> None:
    from kgtools.annotate import LAB_TERMS, OTHER_RANGES

    a = kg.annotate(text)
    lab = a.labs()[analyte]
    assert lab.level == level and lab.range in OTHER_RANGES.values() and lab.range.quote
    assert LAB_TERMS[(analyte, level)] == curie and curie in {m.curie for m in a.mentions}
    if curie.startswith("XSCO:"):  # a term XSCO uses is evidence: low magnesium is hypomagnesaemia
        assert curie in a.finding().disorders


def test_a_range_the_text_states_wins_over_the_default(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Calcification of the hip; low FGF23 13.6 ng/L [23.2 – 95.4 ng/L]; PTH 100 ng/l (N 15-65); "
                    "calcium 9.0 mg/dL (9.2-10.4 mg/dL).")
    labs = a.labs()
    fgf = labs["FGF23"]  # no default range: classed only against the text's
    assert (fgf.level, fgf.range.low, fgf.range.high, fgf.range.source) == ("low", 23.2, 95.4, "the text")
    assert (labs["parathyroid hormone"].level, labs["parathyroid hormone"].range.high) == ("elevated", 65)
    assert labs["calcium"].level == "low"  # 8.6-10.2 mg/dL by default, 9.2-10.4 as the text states it
    assert "range stated in the text" in labs["calcium"].describe()
    # a bracket that holds another result, not a range, leaves the default
    b = kg.annotate("Calcification of the hip; normal calcium and phosphorus (8.7 mg/dL and 2.5 mg/dL, respectively).")
    assert b.labs()["calcium"].range.source.startswith("https://www.mayocliniclabs.com/")


#: Hosts of consumer health pages: a default reference range cites a clinical laboratory's or a clinical
#: reference's own words, not a patient page (the curator's review of the lab ranges' sources).
_CONSUMER_HOSTS = ("healthline.com", "www.mayoclinic.org", "mountsinai.org/health-library", "webmd.com",
                   "medlineplus.gov")


@pytest.mark.parametrize(("analyte", "unit", "low", "high"), [
    ("calcium", "mg/dL", 8.6, 10.2), ("calcium", "mmol/L", 2.15, 2.54), ("phosphate", "mg/dL", 2.5, 4.5),
    ("phosphate", "mmol/L", 0.81, 1.45), ("parathyroid hormone", "pg/mL", 15, 65),
    ("parathyroid hormone", "pmol/L", 1.59, 6.89), ("ferritin", "ng/mL", 6, 409),
    ("alkaline phosphatase", "U/L", 35, 129), ("magnesium", "mmol/L", 0.70, 1.10), ("magnesium", "mg/dL", 1.70, 2.67),
])
def test_default_ranges_are_a_clinical_laboratorys_own(analyte: str, unit: str, low: float, high: float) -> None:
    from kgtools.annotate import OTHER_RANGES

    rng = REFERENCE_RANGES.get((analyte, unit)) or OTHER_RANGES[(analyte, unit)]
    assert (rng.low, rng.high) == (low, high)
    assert rng.source.startswith(("https://www.mayocliniclabs.com/test-catalog/", "https://renal.testcatalog.org/",
                                  "https://pathology.alfred.org.au/handbook/"))
    if "converted" not in rng.quote:  # the adult band's upper limit, in the laboratory's own words
        assert f"-{high:g} " in rng.quote or f"-{high:.2f} " in rng.quote
    for ranges in (REFERENCE_RANGES, OTHER_RANGES):
        assert not [r.source for r in ranges.values() if any(h in r.source for h in _CONSUMER_HOSTS)]


def test_an_analyte_outside_the_finding_may_be_stated_twice(kg: kgtools.KnowledgeGraph) -> None:
    # before and after a treatment: ferritin is shown, the first class kept; calcium twice classed is contradictory
    a = kg.annotate("Chondrocalcinosis of the knees, high serum ferritin levels (7300 ng/mL). After phlebotomy serum "
                    "ferritin levels were normal.")
    assert a.labs()["ferritin"].level == "elevated"
    with pytest.raises(kgtools.errors.InputError):
        kg.annotate("Calcification of the hip; calcium 12 mg/dL. Calcium was normal.")


@pytest.mark.parametrize("text", [
    "A mass with dense ossification was found in the small bowel mesentery.",
    "Heterotopic ossification in the mesentery of the small intestine after laparotomy.",
])
def test_the_mesentery_is_a_site(kg: kgtools.KnowledgeGraph, text: str) -> None:
    # UBERON's mesentery is an XSCO site row; the mesentery of the small intestine rolls up to it
    assert "UBERON:0002095" in kg.annotate(text).finding().sites


@pytest.mark.parametrize(("text", "words", "curie"), [
    ("Radiographs showed deposits of calcium pyrophosphate in the knees.", "calcium pyrophosphate", "CHEBI:32598"),
    ("CPPD crystals in the synovial fluid of the knee.", "CPPD", "XSCO:0001029"),
    ("Hydroxyapatite crystals were found in the supraspinatus tendon.", "Hydroxyapatite", "CHEBI:52255"),
])
def test_a_deposits_mineral_is_recognised_and_shown(kg: kgtools.KnowledgeGraph, text: str, words: str,
                                                    curie: str) -> None:
    # XSCO's minerals (objects of 'has mineral', and the one parent of a single one): shown, not the finding's
    a = kg.annotate(text)
    m = _span(a, words)
    assert (m.kind, m.curie) == ("mineral", curie) and m.label
    f = a.finding()
    assert curie not in f.disorders + f.signs + f.named + f.sites


def test_a_site_word_before_a_shape_suffix_is_a_shape(kg: kgtools.KnowledgeGraph) -> None:
    # "rhomboid-shaped" is no rhomboid muscle, "beak-like" no beak (UBERON: a part of the head)
    a = kg.annotate("Calcium deposits with numerous rhomboid-shaped crystals in the ankle; a beak-like nose.")
    assert [m.text for m in a.of_kind("site")] == ["ankle", "nose"]


@pytest.mark.parametrize(("text", "site"), [
    # "antrum" alone names no organ (the stomach's, a maxillary sinus's, the mastoid's): left out
    ("A man on haemodialysis had multiple calcified nodules throughout the antrum.", "UBERON:0000945"),
    # "olecranon bursitis" is MONDO's disease, read whole: a comorbidity, not the olecranon as the lesion's site
    ("Periarticular calcification of the fingers and right olecranon bursitis.", "UBERON:0006810"),
])
def test_site_phrases_of_the_eighth_batch_left_out(kg: kgtools.KnowledgeGraph, text: str, site: str) -> None:
    a = kg.annotate(text)
    assert site not in a.finding().sites and not [m for m in a.of_kind("site") if m.text.lower().endswith(
        ("antrum", "olecranon"))]


def test_a_shape_written_with_shaped_is_the_vocabularys_phrase(kg: kgtools.KnowledgeGraph) -> None:
    # XSCO names the CPPD crystal feature "rhomboid crystals"; a report writes "rhomboid-shaped crystals"
    a = kg.annotate("FNAC revealed dense calcium deposits with numerous rhomboid-shaped crystals at the ankle.")
    m = _span(a, "rhomboid-shaped crystals")
    assert (m.curie, m.read_as) == ("XSCO:0001381", "rhomboid crystals")
    assert "XSCO:0001381" in a.finding().disorders


def test_unicode_dashes_spaces_and_quotes_read_as_ascii_with_offsets_into_the_written_text(
        kg: kgtools.KnowledgeGraph) -> None:
    ascii_text = ("A 73-year-old woman with the patient's calcium 2.8 mmol/L (2.1-2.6 mmol/L) had peri-articular "
                  "calcification of the right hip.")
    written = (ascii_text.replace("73-year-old", "73\u2010year\u2011old").replace("2.1-2.6", "2.1\u20132.6")
               .replace("peri-", "peri\u2010").replace("patient'", "patient\u2019").replace("right ", "right\u00a0")
               .replace(" mmol/L (", "\u202fmmol/L ("))
    assert len(written) == len(ascii_text) and written != ascii_text
    a, b = kg.annotate(ascii_text), kg.annotate(written)
    assert [(m.start, m.end, m.kind, m.curie, m.age, m.lab) for m in a.mentions] == [
        (m.start, m.end, m.kind, m.curie, m.age, m.lab) for m in b.mentions]
    assert b.text == written and all(m.text == written[m.start:m.end] for m in b.mentions)
    assert b.age() == (73, 73) and b.labs()["calcium"].level == "elevated"
    assert any(m.kind == "site" and m.text == "peri\u2010articular" for m in b.mentions)


def test_normalised_keeps_one_character_for_one() -> None:
    from kgtools.annotate import normalised

    written = "2.1\u20132.6 \u2212 a\u00a0b\u201cc\u201d \u00b5mol \u03bcmol"
    assert normalised(written) == '2.1-2.6 - a b"c" \u00b5mol \u00b5mol'
    # a character NFKC makes several, and superscripts, stay as written: no offset moves
    assert normalised("\ufb01 10\u2079/L \u2014") == "\ufb01 10\u2079/L \u2014"


WIDESPREAD = "XSCO:0001350"  # widespread distribution of calcification


@pytest.mark.parametrize("text", [
    "Radiographs showed extensive areas of calcification in the trunk and extremities.",
    "Diffuse soft-tissue calcifications of both hands.",
    "She presented with generalised skin and subcutaneous calcification.",
    "An adolescent girl with unusually widespread calcium deposits.",
])
def test_an_extent_word_describing_a_calcification_is_the_widespread_sign(kg: kgtools.KnowledgeGraph,
                                                                          text: str) -> None:
    a = kg.annotate(text)
    assert WIDESPREAD in a.finding().signs
    assert any(m.kind == "sign" and m.curie == WIDESPREAD and m.text.lower().split()[0] in (
        "extensive", "diffuse", "generalised", "widespread") for m in a.mentions)


@pytest.mark.parametrize("text", [
    "Extensive debridement of the thigh calcification was performed.",
    "She had diffuse pain; radiographs showed a calcified mass of the thigh.",
    "An area of extensive calcification involving the right gluteal region.",
    "Extensive chondrocalcinosis of the knee.",
    "Extensive heterotopic ossification of the hip.",
])
def test_an_extent_word_of_anything_else_is_no_sign(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert WIDESPREAD not in kg.annotate(text).finding().signs


def test_a_negated_extent_is_absent(kg: kgtools.KnowledgeGraph) -> None:
    f = kg.annotate("Calcified nodule of the elbow; no diffuse calcification.").finding()
    assert WIDESPREAD in f.absent and WIDESPREAD not in f.signs


@pytest.mark.parametrize("text", [
    "Presenting with bilateral deformities of the big toes.",  # the FOP literature's "deformity of the great toe"
    "Hallux malformation and ossification of the back.",  # "great toe malformation" with the site's other name
    "Malformed big toes and ossification of the back.",
])
def test_a_phenotype_named_with_another_name_of_its_site(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert "HP:0001844" in kg.annotate(text).finding().phenotypes


def test_site_name_variants_replace_a_site_name_of_two_words_only() -> None:
    from kgtools.annotate import _site_name_variants

    names = {"great toe": ("big toe", "great toe", "hallux"), "big toe": ("big toe", "great toe", "hallux"),
             "hallux": ("big toe", "great toe", "hallux"), "skin": ("skin", "skin of body")}
    assert _site_name_variants("malformed great toes", names) == [
        "malformed great toes", "malformed big toe", "malformed hallux"]  # the pattern takes the last word's plurals
    assert _site_name_variants("skin ulcer", names) == ["skin ulcer"]  # a one-word site's name is not replaced


def test_a_site_in_a_modalitys_phrase_before_a_lesion_noun_is_the_lesions_site(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("The radiograph of the lower extremity lesion showed microcalcifications. "
                    "A radiograph of the left ankle demonstrates subcutaneous lesions.")
    kinds = {m.text: m.kind for m in a.mentions}
    assert (kinds["lower extremity"], kinds["left ankle"]) == ("site", "imaged")  # the lesion's, what was imaged


def test_words_left_out_where_no_term_names_them(kg: kgtools.KnowledgeGraph) -> None:
    # "occipital" places the headache, not the lesion; "painless" and "asymptomatic" describe the lesion (HP has no
    # term for them): shown as descriptors, no site or phenotype of their own
    a = kg.annotate("Acute occipital headache with calcium deposits in the neck. A painless mass; an asymptomatic "
                    "swelling of the ankle.")
    assert "HP:0002315" in a.finding().phenotypes
    assert not any(m.kind in ("site", "phenotype") and m.text.lower() in ("occipital", "painless", "asymptomatic")
                   for m in a.mentions)
    assert {"painless mass", "asymptomatic swelling"} <= {m.text for m in a.mentions if m.kind == "lesion"}
