"""How the annotator reads case texts (issue 17, session 38 "words"): a denied function is no absent site, a site's
adjective inside an HP lesion's name, a lesion's shape adjective is no site, treatments of the presenting complaint,
hip arthroplasty's abbreviations."""

from __future__ import annotations

import pytest

import kgtools
from tests.annotate_helpers import span as _span

FORELIMB = "UBERON:0002102"
THORAX = "UBERON:0000915"
HEAD = "UBERON:0000033"
IMMOBILISATION = "XSCO:0001020"
HIP_ARTHROPLASTY = "XSCO:0001721"


# --- a denied function denies no body part ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "She could not use her right upper limb to perform daily activities; calcification of the elbow.",
    "He cannot raise his arm, with calcification of the elbow.",
    "She could not move her arm because of calcification of the elbow.",
])
def test_a_denied_function_is_no_absent_site(kg: kgtools.KnowledgeGraph, text: str) -> None:
    f = kg.annotate(text).finding()
    assert FORELIMB in f.sites
    assert FORELIMB not in f.absent


def test_a_denied_function_beside_a_negated_site(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("She could not use her right upper limb; calcification of the elbow, no calcification of the leg.")
    assert not _span(a, "right upper limb").negated
    assert _span(a, "leg").negated


# --- a site's adjective in an HP lesion's name --------------------------------------------------------------------


def test_the_adjective_of_an_hp_lesion_is_its_site(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A calcified mediastinal mass was found.")
    site = _span(a, "mediastinal")
    assert (site.kind, site.curie) == ("site", THORAX)
    assert _span(a, "mass").kind == "lesion"


# --- a lesion's shape is no site ----------------------------------------------------------------------------------


def test_macular_is_a_shape_not_the_macula(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Computed tomography showed a high-density macular focus of the lateral condyle of the humerus.")
    assert HEAD not in a.finding().sites
    assert not [m for m in a.mentions if m.kind == "site" and m.text.lower() == "macular"]
    b = kg.annotate("Ophthalmological examination revealed mottling in the macular area; calcification of the neck.")
    assert _span(b, "macular area").kind == "site"  # the macula's region is still a site




# --- what treated the presenting complaint is no cause ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Tendinitis of the wrist. Her symptoms were subsequently resolved within 2 weeks with rest, wrist "
    "immobilization, and an intake of anti-inflammatories.",
    "A calcified mass of the wrist. The pain subsided after immobilization.",
])
def test_a_treatment_of_the_complaint_is_no_cause(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert _span(a, "immobilization").kind == "treatment"
    assert IMMOBILISATION not in a.finding().disorders
    before = kg.annotate("After prolonged immobilization in the intensive care unit, calcification of the thigh "
                         "appeared.").finding()
    assert IMMOBILISATION in before.disorders  # immobilisation before the lesion stays a cause


def test_a_drug_for_the_lesion_is_a_treatment(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Extensive calcifications of the trunk. No response was observed after treatment with oral "
                    "diltiazem for 3 months.")
    assert _span(a, "diltiazem").kind == "treatment"
    # the cue treats the disease written just before it, not the lesion ("body mass index" is no lesion)
    for text, drug in (
            ("A woman with obesity (body mass index, 31.2) and chronic atrial fibrillation treated with warfarin "
             "presented with a painful ulcer of the calf.", "warfarin"),
            ("White papules on the hands. She had alopecia areata treated with topical corticosteroids.",
             "corticosteroids")):
        assert _span(kg.annotate(text), drug).kind == "condition"


# --- hip arthroplasty's abbreviations -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "She developed ossification around the hip after undergoing THA for left hip osteoarthritis.",
    "Ossification of the hip two years after a THA.",
])
def test_hip_arthroplasty_abbreviations(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert HIP_ARTHROPLASTY in kg.annotate(text).finding().disorders


# --- a structure that is missing is no denied site ----------------------------------------------------------------


def test_the_absence_of_a_structure_places_the_finding(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Radiographs showed the complete absence of the bilateral glenohumeral joints.")
    assert not _span(a, "bilateral glenohumeral joints").negated
    assert _span(kg.annotate("Absence of calcification in the hip."), "hip").negated  # still negated
