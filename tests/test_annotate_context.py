"""The annotator's readings in context (issue 17): what a text only suspects, the scope of a cue through a list,
a site that belongs to a symptom, and histology words that describe the specimen, not the patient."""

from __future__ import annotations

import pytest

import kgtools
from tests.annotate_helpers import span as _span

OSTEOSARCOMA = "XSCO:0000040"
PAROSTEAL_OSTEOSARCOMA = "XSCO:0001739"
SARCOMA = "XSCO:0000041"
TUMORAL_CALCINOSIS = "XSCO:0000008"


# --- a disease named only as a hypothesis about the lesion -----------------------------------------------------


@pytest.mark.parametrize(("text", "words", "curie"), [
    ("A computed tomography scan was suggestive of parosteal osteosarcoma of the scapula.", "parosteal osteosarcoma",
     PAROSTEAL_OSTEOSARCOMA),
    ("A biopsy of the thigh mass was done to rule out osteosarcoma.", "osteosarcoma", OSTEOSARCOMA),
    ("The thigh mass was initially diagnosed as osteosarcoma, but histology showed myositis ossificans.",
     "osteosarcoma", OSTEOSARCOMA),
    # MONDO's soft tissue sarcoma, a cancer, is read as XSCO's sarcoma over all its words
    ("A soft tissue sarcoma of the thigh was initially suspected.", "soft tissue sarcoma", SARCOMA),
    ("The differential diagnosis of the thigh mass included osteosarcoma.", "osteosarcoma", OSTEOSARCOMA),
    ("A calcified mass of the thigh mimicking osteosarcoma.", "osteosarcoma", OSTEOSARCOMA),
])
def test_a_suspected_disease_is_neither_the_patients_condition_nor_absent(
        kg: kgtools.KnowledgeGraph, text: str, words: str, curie: str) -> None:
    a = kg.annotate(text)
    span = _span(a, words)
    assert span.status == "uncertain"
    f = a.finding()
    assert curie not in f.disorders and curie not in f.absent


def test_ruled_out_is_still_negation_and_a_stated_disease_still_counts(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Osteosarcoma was ruled out. She had been diagnosed with limited scleroderma; calcified nodules "
                    "of the fingers.")
    assert _span(a, "osteosarcoma").negated
    f = a.finding()
    assert OSTEOSARCOMA in f.absent
    assert "XSCO:0000046" in f.disorders  # CREST syndrome, as stated


def test_a_mimicked_type_is_not_named(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A lobulated calcified mass of the hip mimicking tumoral calcinosis.")
    assert _span(a, "tumoral calcinosis").uncertain
    assert TUMORAL_CALCINOSIS not in a.finding().named


# --- a negated list whose items name a place ------------------------------------------------------------------

DENIED = ("The patient denied any history of fever, joint pains, weakness or pain in the muscles around shoulder and "
          "hip, pain or bluish discolouration of extremities, chest pain or respiratory distress. Calcified nodules "
          "of the left thigh.")


def test_a_negated_list_reaches_items_with_a_prepositional_tail(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate(DENIED)
    assert all(m.negated for m in a.mentions if m.kind == "phenotype")
    # the places of the negated symptoms are neither the finding's sites nor absent
    for words in ("muscles", "shoulder", "hip", "chest"):
        assert _span(a, words).kind == "organ", words
    f = a.finding()
    assert f.sites == ("UBERON:0000376",)  # the thigh only
    assert not {"UBERON:0001467", "UBERON:0001464", "UBERON:0001443"} & set(f.absent)


def test_a_clause_after_a_list_still_ends_it(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("She had a history of parathyroidectomy due to primary hyperparathyroidism in 2011, presented "
                    "skin lesions on the thigh.")
    assert _span(a, "skin").status == "present" and _span(a, "thigh").status == "present"


def test_a_denied_symptoms_place_is_not_the_findings_but_a_denied_injurys_is(kg: kgtools.KnowledgeGraph) -> None:
    # a symptom denied at a place: where the patient has no complaint (kind organ, neither site nor absent)
    a = kg.annotate("No pain in the knee or the thigh. Calcified nodules of the hand.")
    assert [m.kind for m in a.mentions if m.text in ("knee", "thigh")] == ["organ", "organ"]
    assert a.finding().sites == ("UBERON:0002398",)
    # trauma denied at a place is asked about the lesion's own place: a site, not absent
    b = kg.annotate("No history of trauma to the scrotum. Calcified nodules.")
    scrotum = _span(b, "scrotum")
    assert (scrotum.kind, scrotum.negated) == ("site", False)
    assert b.finding().sites == ("UBERON:0001300",)


# --- histology words describe the specimen, not the patient ---------------------------------------------------

FOREIGN_BODY = "XSCO:0001541"


@pytest.mark.parametrize("text", [
    "Histological examination of the elbow lesion revealed calcium deposits in the dermis, surrounded by foreign "
    "body giant cells.",
    "A biopsy of the elbow nodule showed calcified material with a foreign body reaction.",
    "Histopathology of the elbow nodule: calcium deposits and a foreign body type granulomatous reaction.",
])
def test_a_tissue_reaction_is_not_a_foreign_body_the_patient_has(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert [m.kind for m in a.mentions if "foreign" in m.text.casefold()] == ["histology"]
    assert FOREIGN_BODY not in a.finding().disorders


def test_a_foreign_body_outside_histology_is_still_a_condition(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A calcified nodule of the hand after a foreign body (a wooden splinter) was removed.")
    assert FOREIGN_BODY in a.finding().disorders


def test_a_tissue_the_specimen_is_made_of_is_no_site(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A nodule of the heel. Histology: an admixture of adipose tissue, osteoid and trabecular bone. "
                    "A second biopsy showed calcification in the subcutaneous fat.")
    assert _span(a, "adipose tissue").kind == "histology"
    assert _span(a, "subcutaneous fat").kind == "site"  # the deposit placed in it: a site
    assert "UBERON:0001013" not in a.finding().sites


@pytest.mark.parametrize(("text", "negated", "present"), [
    # an affirmation cue ends a negation's scope
    ("Absence of great toe malformation, presence of cutaneous ossification and bone spicules in the fingers.",
     ["great toe malformation"], ["cutaneous", "fingers"]),
    ("No history of trauma, with swelling of the left elbow.", ["trauma"], ["left elbow"]),
    ("No trauma; the radiograph of the hand showed calcification of the wrist.", ["trauma"], ["wrist"]),
    # a cue whose own words hold an affirmation keeps its scope
    ("Ossification of the arm, unique in contrast with FOP.", ["FOP"], ["arm"]),
    # the sites spared are absent, the sites before the cue are not
    ("Ankylosis of the upper left limb and sparing of the other limbs and the axial skeleton.",
     ["limbs", "axial skeleton"], ["upper left limb"]),
    ("Calcification of the hand sparing the thumb; the knee was spared.", ["thumb", "knee"], ["hand"]),
    ("Calcification of the thigh; a skin-sparing excision was performed.", ["skin"], ["thigh"]),
])
def test_affirmation_ends_a_negation_and_sparing_negates_what_is_spared(
        kg: kgtools.KnowledgeGraph, text: str, negated: list[str], present: list[str]) -> None:
    a = kg.annotate(text)
    for words in negated:
        assert any(m.negated for m in a.mentions if words.casefold() in m.text.casefold()), words
    for words in present:
        assert all(not m.negated for m in a.mentions if m.text.casefold() == words.casefold()), words
        assert any(m.text.casefold() == words.casefold() for m in a.mentions), words


# --- a site in a symptom's name ---------------------------------------------------------------------------------


def test_the_site_in_a_symptoms_name_is_the_symptoms_unless_the_text_places_the_lesion_there(
        kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A 12-year-old girl with chest pain and back pain had calcified nodules of both lower limbs.")
    assert _span(a, "chest").kind == "organ" and _span(a, "back").kind == "organ"
    assert a.finding().sites == ("UBERON:0002103",)  # the lower limbs only
    # one-sided: the complaint points at the lesion
    b = kg.annotate("She had right knee pain. Radiographs showed calcification of the menisci.")
    assert _span(b, "right knee").kind == "site"
    # the only place the text names
    c = kg.annotate("Chest pain. Radiographs showed a calcified mass.")
    assert _span(c, "chest").kind == "site"
    # a pain placed in words of its own, and a pain HP has no name for, leave the site a site
    d = kg.annotate("Pain and swelling of the left shoulder; thigh pain. Calcified nodules of the hand.")
    assert _span(d, "left shoulder").kind == "site" and _span(d, "thigh").kind == "site"


def test_the_same_site_named_again_places_the_lesion_there(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("He had knee pain. Radiographs showed calcification of the hand and of the knee.")
    assert [m.kind for m in a.mentions if m.text == "knee"] == ["site", "site"]


def test_a_dated_first_diagnosis_is_the_patients_condition(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("She was initially diagnosed with dermatomyositis at the age of 5; calcified nodules of the knees.")
    assert _span(a, "dermatomyositis").status != "uncertain"
    assert "XSCO:0000045" in a.finding().disorders


# --- a site that places another lesion ------------------------------------------------------------------------


def test_a_site_that_places_another_lesion_is_that_lesions(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Calcified grains in a rash of the face. Imaging found an ectopic parathyroid adenoma of 15 mm "
                    "near the thyroid cartilage.")
    assert _span(a, "thyroid cartilage").kind == "organ"
    f = a.finding()
    assert f.sites == ("UBERON:0001456",) and "UBERON:0002418" not in f.absent  # the face only
    # a neoplasm that is the calcified lesion keeps its place: the sentence states the calcification
    b = kg.annotate("A synovial sarcoma of the thigh with central calcification. Pain in the knee.")
    assert _span(b, "thigh").kind == "site"
    # and so does one the text gives no other site for
    c = kg.annotate("Calcified nodules. A parathyroid adenoma near the thyroid cartilage.")
    assert _span(c, "thyroid cartilage").kind == "site"
    # a bleed is where a calcification forms, no other lesion
    d = kg.annotate("Calcification of the thigh. A hematoma in the calf.")
    assert _span(d, "calf").kind == "site"


def test_a_lesion_the_calcification_lies_in_keeps_its_site(kg: kgtools.KnowledgeGraph) -> None:
    # the calcification is stated to lie within the adenoma: the adenoma's place is the finding's site
    a = kg.annotate("Calcified grains in a rash of the face. Imaging found an ectopic parathyroid adenoma of 15 mm "
                    "near the thyroid cartilage. CT showed calcifications within the adenoma.")
    place = _span(a, "thyroid cartilage")
    assert place.kind == "site" and place.curie in a.finding().sites  # the thyroid cartilage, a site row since f07cd66


# --- negation by a prefix and by "absence of" ------------------------------------------------------------------

TRAUMA = "XSCO:0000047"


@pytest.mark.parametrize(("text", "words"), [
    ("A non-traumatic, non-genetic form of heterotopic ossification of the hip.", "non-traumatic"),
    ("An atraumatic calcified mass of the thigh.", "atraumatic"),
    ("A nontraumatic calcified mass of the thigh.", "nontraumatic"),
    ("She presented in the absence of trauma or an underlying genetic abnormality with a calcified mass of the hip.",
     "trauma"),
    ("There was no preceding trauma; radiographs showed a calcified mass of the shoulder.", "trauma"),
    ("A calcified mass of the knee without a history of injury.", "injury"),
])
def test_trauma_denied_by_a_prefix_or_a_cue_is_absent(kg: kgtools.KnowledgeGraph, text: str, words: str) -> None:
    a = kg.annotate(text)
    assert _span(a, words).negated
    f = a.finding()
    assert TRAUMA in f.absent and TRAUMA not in f.disorders


def test_a_prefix_negates_only_the_word_it_is_joined_to(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A non-traumatic, non-genetic form of heterotopic ossification of the hip; uncalcified nodules "
                    "of the thigh and non-calcified nodules of the knee beside calcified nodules of the hand.")
    assert not _span(a, "heterotopic ossification").negated  # the next words are out of the prefix's scope
    assert _span(a, "uncalcified").negated and _span(a, "non-calcified").negated
    assert not _span(a, "calcified").negated
    assert "XSCO:0000009" in a.finding().named  # the heterotopic ossification still counts


def test_a_name_that_begins_with_a_prefix_or_no_is_not_negated(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Nontraumatic heterotopic ossification of the hip in a man with a beak-like nose; "
                    "a non-productive cough.")
    assert _span(a, "nontraumatic heterotopic ossification").curie == "XSCO:0001709"
    assert not _span(a, "nontraumatic heterotopic ossification").negated
    assert not _span(a, "nose").negated  # negspacy's chunk prefix "no" is a word, not the start of "nose"
    assert not any(m.negated for m in a.mentions if "cough" in m.text)  # the cough is not denied


# --- a laboratory qualifier belongs to the analyte of its own list item ----------------------------------------


PTH = "parathyroid hormone"


@pytest.mark.parametrize(("text", "expected"), [
    ("Laboratory evaluation showed low serum calcium level, elevated serum phosphorus levels and an elevated serum "
     "parathyroid hormone level.", {"calcium": "low", "phosphate": "elevated", PTH: "elevated"}),
    ("Calcium was low and phosphate was high.", {"calcium": "low", "phosphate": "elevated"}),
    ("Phosphate was elevated, calcium normal and PTH low.", {"calcium": "normal", "phosphate": "elevated", PTH: "low"}),
    ("Normal calcium, raised phosphate, elevated PTH and high alkaline phosphatase.",
     {"calcium": "normal", "phosphate": "elevated", PTH: "elevated", "alkaline phosphatase": "elevated"}),
    ("Hypocalcaemia with raised phosphate.", {"phosphate": "elevated"}),
    ("Serum calcium, phosphorus, and alkaline phosphatase levels, were all normal.",
     {"calcium": "normal", "phosphate": "normal", "alkaline phosphatase": "normal"}),
    ("Normal PTH, calcium, and phosphate.", {"calcium": "normal", "phosphate": "normal", PTH: "normal"}),
    ("Elevated serum calcium and phosphate levels.", {"calcium": "elevated", "phosphate": "elevated"}),
    ("Serum calcium, elevated CRP.", {}),
    ("Hypercalcemia, elevated calcium-phosphate product.", {}),
])
def test_each_analyte_takes_the_qualifier_of_its_own_item(
        kg: kgtools.KnowledgeGraph, text: str, expected: dict[str, str]) -> None:
    a = kg.annotate(text + " Calcified nodules of the hip.")
    assert {name: lab.level for name, lab in a.labs().items()} == expected


# --- the lesion's treatment is not its cause -------------------------------------------------------------------

SURGERY = "XSCO:0001720"
INJECTION = "XSCO:0002923"


@pytest.mark.parametrize(("text", "words"), [
    ("A painful swelling of the middle finger joint. In this case, surgery provided the patient with instant "
     "symptomatic relief and full functional recovery of that joint.", "surgery"),
    ("A calcified mass of the hip. She was treated with surgery.", "surgery"),
    ("A calcification in the subscapularis muscle. After needling of the calcific deposit and corticosteroid "
     "injection therapy, the patient showed significant pain relief.", "injection"),
])
def test_the_lesions_treatment_is_no_condition(kg: kgtools.KnowledgeGraph, text: str, words: str) -> None:
    a = kg.annotate(text)
    assert _span(a, words).kind == "treatment"
    assert SURGERY not in a.finding().disorders and INJECTION not in a.finding().disorders


@pytest.mark.parametrize(("text", "words", "curie"), [
    ("Heterotopic ossification of the hip after a hip replacement; the mass was excised.", "hip replacement",
     "XSCO:0001721"),
    ("A calcified mass of the hip 13 years following bone marrow transplantation.", "bone marrow transplantation",
     SURGERY),
    ("A painful swelling of the right leg. Twenty years previously, she suffered from malaria and was treated with "
     "intramuscular injections of pure quinine.", "intramuscular injections", "XSCO:0002924"),
    ("In the intensive care unit, the infant had been treated for hypocalcemia with calcium gluconate; later a "
     "calcified mass of the arm.", "calcium gluconate", None),
])
def test_a_prior_procedure_stays_a_condition(kg: kgtools.KnowledgeGraph, text: str, words: str,
                                             curie: str | None) -> None:
    a = kg.annotate(text)
    span = _span(a, words)
    assert span.kind == "condition"
    assert span.curie in a.finding().disorders and (curie is None or span.curie == curie)


# --- a diagnosis entertained, then settled by what a test showed -----------------------------------------------


@pytest.mark.parametrize(("text", "words"), [
    ("A swelling of the hand. It appeared to be infection till the radiograph revealed calcified nodular deposits.",
     "infection"),
    ("A mass of the toe. Fine needle aspiration cytology hinted at a benign mixed tumor with calcification.",
     "mixed tumor"),
    ("A posterior neck mass suspicious for neoplasia with calcification.", "neoplasia"),
    ("A biopsy of the calcified mass of the stomach to rule out neoplasia.", "neoplasia"),
])
def test_an_entertained_diagnosis_is_no_condition(kg: kgtools.KnowledgeGraph, text: str, words: str) -> None:
    a = kg.annotate(text)
    span = _span(a, words)
    assert span.uncertain and not span.negated
    f = a.finding()
    assert span.curie not in f.disorders and span.curie not in f.absent


def test_till_ends_the_hypothesis(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("It appeared to be infection till the radiograph revealed calcified deposits of the hand.")
    assert _span(a, "infection").uncertain
    assert not _span(a, "hand").uncertain and not _span(a, "calcified").uncertain
