"""The annotator's assertion statuses (issue 17, the ninth moved batch): a hedged attribution is no negation, the
scope of "absence of" and "no history of", an entertained diagnosis, a condition's word naming a place of care,
and the ossified form only where the lesion itself is bone."""

from __future__ import annotations

import pytest

import kgtools
from tests.annotate_helpers import span as _span

DYSTROPHIC = "XSCO:0000004"
INFECTION = "XSCO:0001505"


# --- a hedged attribution is an affirmation, never a negation ----------------------------------------------------


@pytest.mark.parametrize(("text", "words", "curie"), [
    ("Extensive areas of calcifications in the trunk and extremities, which would correspond to a form of dystrophic "
     "calcification. No response was observed after treatment.", "dystrophic calcification", DYSTROPHIC),
    ("Soft tissue edema extended to the brachial plexus, which would also be suggestive of an infection.",
     "infection", INFECTION),
    ("A calcified mass of the thigh compatible with dystrophic calcification.", "dystrophic calcification",
     DYSTROPHIC),
])
def test_a_hedged_attribution_is_uncertain_not_absent(kg: kgtools.KnowledgeGraph, text: str, words: str,
                                                      curie: str) -> None:
    a = kg.annotate(text)
    span = _span(a, words)
    assert span.uncertain and not span.negated and not span.hypothetical
    assert curie not in a.finding().absent


def test_a_conditional_is_still_hypothetical(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("If dialysis were needed, it would be arranged. Calcification of the hand.")
    assert _span(a, "dialysis").hypothetical


# --- "absence of" and "no history of" in other sentence shapes ---------------------------------------------------

CKD = "XSCO:0001010"
THIGH = "UBERON:0000376"


@pytest.mark.parametrize("text", [
    "Despite the absence of renal failure, calcified nodules of the thigh were seen.",
    "In the absence of renal failure, calcified nodules of the thigh were seen.",
    "A woman with no history of renal failure had calcified nodules of the thigh.",
    "The absence of renal failure proved misleading; calcified nodules of the thigh.",
])
def test_absence_negates_the_condition_and_ends_with_its_phrase(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert _span(a, "renal failure").negated
    assert _span(a, "thigh").status == "present" and _span(a, "calcified").status == "present"
    f = a.finding()
    assert CKD in f.absent and THIGH in f.sites and f.ossified is False


@pytest.mark.parametrize(("text", "negated"), [
    ("No history of trauma, fever or any systemic illness was present. Calcified nodules of the hand.",
     ("trauma", "fever")),
    ("Without fever, chills or weight loss, she presented with calcified nodules of the hand.",
     ("fever", "chills", "weight loss")),
    ("He had not developed renal failure. Calcified nodules of the hand.", ("renal failure",)),
])
def test_a_list_or_a_negated_verb_keeps_the_negation(kg: kgtools.KnowledgeGraph, text: str,
                                                     negated: tuple[str, ...]) -> None:
    a = kg.annotate(text)
    assert all(_span(a, words).negated for words in negated)
    assert not _span(a, "hand").negated


def test_a_relatives_cue_reaches_past_the_comma(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Her father, who had ossifications of the arm, was well. Calcified nodules of the hand.")
    assert _span(a, "ossifications").family


def test_a_comma_between_adjectives_keeps_the_negation(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("No white, flat plaques were seen with endoscopy. Calcified nodules of the gastric mucosa.")
    assert _span(a, "plaques").negated


# --- a provisional, initial or differential diagnosis is entertained, not stated ---------------------------------

MYOSITIS_OSSIFICANS = "XSCO:0000010"
SARCOMA = "XSCO:0000041"
DERMATOMYOSITIS = "XSCO:0000045"


@pytest.mark.parametrize(("text", "words"), [
    ("A provisional diagnosis of dermatomyositis was made. Calcified nodules in the thigh.", "dermatomyositis"),
    ("The lesion was initially treated as dermatomyositis. Calcified nodules in the thigh.", "dermatomyositis"),
    ("A mass of the chest wall which had been initially mistaken as myositis ossificans.", "myositis ossificans"),
    ("Based on local excision, myositis ossificans was initially diagnosed. A mass of the chest wall.",
     "myositis ossificans"),
    ("With imaging alone, the differential of soft tissue sarcoma could be ruled out. An ossified mass of the leg.",
     "soft tissue sarcoma"),
    ("MRI finding speculated the differential diagnosis of myositis ossificans, soft tissue sarcoma and peripheral "
     "nerve sheath tumor.", "soft tissue sarcoma"),
])
def test_an_entertained_diagnosis_is_uncertain(kg: kgtools.KnowledgeGraph, text: str, words: str) -> None:
    a = kg.annotate(text)
    span = _span(a, words)
    assert span.uncertain and not span.negated
    f = a.finding()
    assert span.curie not in f.disorders + f.named + f.absent


def test_a_diagnosis_and_a_treatment_given_stay_stated(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Initially, the patient was diagnosed with dermatomyositis. She was initially treated with oral "
                    "prednisone. Calcified nodules of the hips.")
    assert _span(a, "dermatomyositis").status == "present" and _span(a, "prednisone").status == "present"
    assert DERMATOMYOSITIS in a.finding().disorders


# --- a place or service of care is no condition ------------------------------------------------------------------

BURN = "XSCO:0001023"
DIALYSIS = "XSCO:0001148"
TRAUMA = "XSCO:0000047"
CRITICAL_ILLNESS = "XSCO:0001811"


@pytest.mark.parametrize("text", [
    "She was transferred to our burn centre for further management. Calcified nodules in the thigh.",
    "She was transferred to the burns unit. Calcified nodules in the thigh.",
    "He was seen by the trauma team, then at the dialysis unit and the wound care clinic. Calcified nodules of the "
    "thigh.",
])
def test_a_place_of_care_is_no_condition(kg: kgtools.KnowledgeGraph, text: str) -> None:
    f = kg.annotate(text).finding()
    assert not {BURN, DIALYSIS, TRAUMA} & set(f.disorders + f.absent)


def test_the_condition_itself_and_a_named_care_still_count(kg: kgtools.KnowledgeGraph) -> None:
    f = kg.annotate("She sustained a burn of the arm and was admitted to the intensive care unit. Calcified nodules "
                    "of the arm.").finding()
    assert BURN in f.disorders and CRITICAL_ILLNESS in f.disorders


# --- ossified only where the lesion itself is bone ---------------------------------------------------------------


def test_a_neighbouring_bones_cortex_is_not_the_lesions_form(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Small nodular and irregular calcification in the posterior aspect of the proximal shaft of the "
                    "left femur is seen on plain radiograph. CT images show calcification adjacent to cortex at "
                    "gluteus maximus tendon attachment.")
    assert not any(m.kind == "form" and m.form == "ossified" for m in a.mentions)
    assert a.finding().ossified is False


@pytest.mark.parametrize("text", [
    "A calcified mass of the thigh with a thin cortex and trabeculae.",
    "A calcified mass of the thigh. The cortex of the lesion was well defined.",
    "A calcified mass of the thigh. Histology showed bony trabeculae.",
])
def test_the_lesions_own_cortex_or_trabeculae_make_it_ossified(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert kg.annotate(text).finding().ossified is True
