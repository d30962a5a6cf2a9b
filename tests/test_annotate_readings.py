"""How the annotator reads case texts (issue 17): ages without "-old", results of other fluids, a procedure done on
the lesion, a complication of the calcification, a named idiopathic calcium deposition; a denied function is no
absent site, a site's adjective inside an HP lesion's name, a lesion's shape adjective is no site, treatments of the
presenting complaint, hip arthroplasty's abbreviations, the absence of a structure."""

from __future__ import annotations

import pytest

import kgtools
from tests.annotate_helpers import span as _span
from tests.annotate_helpers import spans_benchmark

SURGERY = "XSCO:0001720"
DIALYSIS = "XSCO:0001148"
INFECTION = "XSCO:0001505"
TRAUMA = "XSCO:0000047"
IDIOPATHIC_CALCIFICATION = "XSCO:0001111"
FORELIMB = "UBERON:0002102"
THORAX = "UBERON:0000915"
HEAD = "UBERON:0000033"
IMMOBILISATION = "XSCO:0001020"
HIP_ARTHROPLASTY = "XSCO:0001721"


# --- the patient's age written without "old" ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "age", "sex"), [
    ("A case of 15 year female with calcification of the cheek.", (15.0, 15.0), "female"),
    ("A 35-year man with ossification of the thigh.", (35.0, 35.0), "male"),
    ("A boy, 15 yrs, with calcification of the thigh.", (15.0, 15.0), "male"),
    ("A girl of 15 with calcification of the thigh.", (15.0, 15.0), "female"),
    ("A woman of 45 years with calcification of the thigh.", (45.0, 45.0), "female"),
    ("15 y/o F with calcification of the thigh.", (15.0, 15.0), "female"),
    ("60 yo M with ossification of the hip.", (60.0, 60.0), "male"),
    # a time after the sex word is no age, nor is a duration
    ("A woman, 3 years after surgery, had calcification of the thigh.", None, "female"),
    ("A 10-year history of calcification of the thigh in a man.", None, "male"),
    ("A 45 y/o with calcification of the thigh, M. Smith reported it.", (45.0, 45.0), None),
])
def test_an_age_written_without_old(kg: kgtools.KnowledgeGraph, text: str, age: tuple[float, float] | None,
                                    sex: str) -> None:
    f = kg.annotate(text).finding()
    assert (f.age, f.sex) == (age, sex)


# --- a result of another fluid is no serum result ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "measure", "labs"), [
    ("The dialysate calcium concentration was 1.75 mmol/l. Calcified nodules of the thigh.",
     "dialysate calcium concentration was 1.75 mmol/l", {}),
    ("Urinary calcium was elevated. Calcified nodules of the thigh.", "Urinary calcium was elevated", {}),
    ("CSF calcium was low. Calcified nodules of the thigh.", "CSF calcium was low", {}),
    ("Synovial fluid calcium was 1.0 mmol/l. Calcified nodules of the thigh.",
     "Synovial fluid calcium was 1.0 mmol/l", {}),
    # the serum's result beside the urine's is read
    ("Serum calcium was 11.8 mg/dL and urinary calcium was normal. Calcified nodules of the thigh.",
     "urinary calcium was normal", {"calcium": "elevated"}),
])
def test_a_result_of_another_fluid_is_no_serum_result(kg: kgtools.KnowledgeGraph, text: str, measure: str,
                                                      labs: dict[str, str]) -> None:
    a = kg.annotate(text)
    assert _span(a, measure).kind == "measure"
    assert {name: lab.level for name, lab in a.labs().items()} == labs


def test_blood_and_another_fluid_together_are_the_bloods_result(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Serum and urinary calcium were normal. Calcified nodules of the thigh.")
    assert a.finding().calcium == "normal"


# --- a procedure done on the lesion is its work-up, not the patient's history --------------------------------------


@pytest.mark.parametrize("text", [
    "A 58-year-old dialysis patient was admitted for exploratory surgery of a slowly growing tumour of the left knee.",
    "She underwent surgery for the calcified mass of the thigh.",
])
def test_a_procedure_on_the_lesion_is_its_treatment(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert _span(a, "surgery").kind == "treatment"
    assert SURGERY not in a.finding().disorders


def test_a_procedure_on_another_part_stays_history(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A 58-year-old dialysis patient was admitted for exploratory surgery of a slowly growing tumour "
                    "of the left knee.")
    assert DIALYSIS in a.finding().disorders  # the patient's dialysis is not the lesion's work-up
    for text in ("Ten years earlier she had surgery of the hip; now a calcified mass of the thigh.",
                 "She had surgery for a hip fracture and later a calcified mass of the thigh."):
        assert SURGERY in kg.annotate(text).finding().disorders


# --- a complication of the calcification is no cause of it ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Soft tissue ulceration and infection in the right lower leg secondary to idiopathic calcium deposition.",
    "An infection of the leg due to the calcinosis cutis.",
    "Calcinosis cutis of the leg complicated by infection.",
])
def test_a_complication_is_no_cause(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert _span(a, "infection").kind == "complication"
    f = a.finding()
    assert INFECTION not in f.disorders and INFECTION not in f.absent


def test_a_cause_of_the_calcification_stays_a_cause(kg: kgtools.KnowledgeGraph) -> None:
    assert kg.annotate("Calcification of the thigh secondary to trauma.").finding().disorders == (TRAUMA,)
    a = kg.annotate("Dystrophic calcification of the leg; the patient had an infection from a dog bite.")
    assert INFECTION in a.finding().disorders


# --- an idiopathic calcium deposition is the idiopathic calcification ----------------------------------------------


@pytest.mark.parametrize("text", ["Idiopathic calcium deposition in the leg.",
                                  "Ulceration secondary to ectopic/idiopathic calcium deposition in the leg."])
def test_idiopathic_calcium_deposition(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert kg.annotate(text).finding().named == (IDIOPATHIC_CALCIFICATION,)


def test_the_span_benchmark_counts_a_complication_as_a_recognised_condition() -> None:
    bench = spans_benchmark()
    passage = {"id": "p", "text": "Infection secondary to calcinosis.", "gold": {"condition": ["Infection"]}}
    found = {"p": [{"start": 0, "end": 9, "kind": "complication", "text": "Infection", "curie": INFECTION}]}
    condition = bench.score([passage], found)["kinds"]["condition"]
    # recognised (the reader marked it), not used by the differential
    assert (condition["gold"], condition["recalled"], condition["recalled_used"]) == (1, 1, 0)


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


# --- a calcified and an ossified form written as alternatives state neither ---------------------------------------


@pytest.mark.parametrize("text", [
    "A small amount of linear calcification/ossification involving the right longus colli muscle.",
    "A calcified or ossified mass in the thigh.",
    "Calcification and/or ossification of the thigh.",
])
def test_alternative_forms_leave_the_form_open(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert kg.annotate(text).finding().ossified is None


def test_a_form_stated_alone_still_decides(kg: kgtools.KnowledgeGraph) -> None:
    assert kg.annotate("An ossified mass in the thigh.").finding().ossified is True
    assert kg.annotate("A calcified mass in the thigh.").finding().ossified is False


# --- a structure the lesion is free of or not attached to is no site ----------------------------------------------


@pytest.mark.parametrize(("text", "denied", "kept"), [
    ("A calcified mass of the thigh. It was neither attached to the skin nor to the femur.", "skin", "thigh"),
    ("The calcified mass of the thigh was free from the overlying skin.", "overlying skin", "thigh"),
    ("The calcified mass of the thigh was free of the overlying skin.", "overlying skin", "thigh"),
    ("The calcified mass of the thigh was separate from the femur.", "femur", "thigh"),
    ("The calcified mass of the thigh was not attached to the femur.", "femur", "thigh"),
    ("The calcified mass of the thigh was not involving the knee joint.", "knee joint", "thigh"),
])
def test_a_structure_the_lesion_is_free_of_is_no_site(kg: kgtools.KnowledgeGraph, text: str, denied: str,
                                                      kept: str) -> None:
    a = kg.annotate(text)
    assert _span(a, denied).negated
    assert not _span(a, kept).negated


# --- an injury by a blow is blunt trauma; an organ's injury is no trauma ------------------------------------------

BLUNT_TRAUMA = "XSCO:0001537"
CRUSH_INJURY = "XSCO:0001540"


@pytest.mark.parametrize(("text", "cause"), [
    ("He developed pain and swelling after being beaten by his teacher with a wooden stick on his palm. A calcified "
     "mass of the hand.", BLUNT_TRAUMA),
    ("She was struck by a car. A calcified mass of the thigh.", BLUNT_TRAUMA),
    ("He was kicked by a horse. A calcified mass of the thigh.", BLUNT_TRAUMA),
    ("He recalled a blow to the thigh. A calcified mass of the thigh.", BLUNT_TRAUMA),
    ("His hand was crushed by a machine. A calcified mass of the hand.", CRUSH_INJURY),
])
def test_an_injury_by_a_blow_is_trauma(kg: kgtools.KnowledgeGraph, text: str, cause: str) -> None:
    assert cause in kg.annotate(text).finding().disorders


@pytest.mark.parametrize(("text", "injury"), [
    ("A patient with acute tubular injury had calcified nodules of the thigh.", "tubular injury"),
    ("A patient with myocardial injury had calcified nodules of the thigh.", "myocardial injury"),
    ("A patient with ischemic injury had calcified nodules of the thigh.", "ischemic injury"),
])
def test_an_organs_injury_is_no_trauma(kg: kgtools.KnowledgeGraph, text: str, injury: str) -> None:
    a = kg.annotate(text)
    assert _span(a, injury).kind == "organ"
    assert TRAUMA not in a.finding().disorders
    assert len(a.finding().sites) == 1  # the thigh; the myocardium is the injury's organ
    assert TRAUMA in kg.annotate("A patient with a knee injury had calcified nodules of the thigh.").finding().disorders


def test_two_organs_injuries_in_one_text_are_each_read(kg: kgtools.KnowledgeGraph) -> None:
    """Regression: the organ's site taken into the first organ span shifted the positions the second one was written
    to, so the second "injury" stayed a trauma and the form word after it was overwritten."""
    a = kg.annotate("A patient with myocardial injury and acute tubular injury had calcified nodules of the thigh.")
    assert [m.text for m in a.mentions if m.kind == "organ"] == ["myocardial injury", "tubular injury"]
    assert TRAUMA not in a.finding().disorders
    assert a.finding().ossified is False  # "calcified" kept


# --- a longer name of another disease wins over a condition's words inside it -------------------------------------

DIABETES_MELLITUS = "HP:0000819"


@pytest.mark.parametrize("text", [
    "A patient with nephrogenic diabetes insipidus had nephrocalcinosis.",
    "A patient with diabetes insipidus had calcified nodules of the thigh.",
])
def test_diabetes_insipidus_is_no_diabetes_mellitus(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert DIABETES_MELLITUS not in a.finding().phenotypes
    assert any(m.kind == "unused" and "insipidus" in m.text for m in a.mentions)
    assert DIABETES_MELLITUS in kg.annotate("A patient with diabetes had calcified nodules of the thigh.").finding(
        ).phenotypes


# --- a normal screen for a disease denies it ----------------------------------------------------------------------

MULTIPLE_MYELOMA = "XSCO:0001017"
SARCOIDOSIS = "XSCO:0001015"


@pytest.mark.parametrize("text", [
    "Myeloma screen, vasculitis screen and serum angiotensin-converting enzyme (ACE) were normal. Calcified "
    "nodules of the thigh.",
    "Screening for myeloma was negative. Calcified nodules of the thigh.",
    "The myeloma screen came back unremarkable. Calcified nodules of the thigh.",
])
def test_a_normal_screen_denies_the_disease(kg: kgtools.KnowledgeGraph, text: str) -> None:
    f = kg.annotate(text).finding()
    assert MULTIPLE_MYELOMA in f.absent
    assert MULTIPLE_MYELOMA not in f.disorders


def test_a_disease_beside_a_normal_result_stays(kg: kgtools.KnowledgeGraph) -> None:
    f = kg.annotate("Sarcoidosis was confirmed and the calcium was normal. Calcified nodules of the thigh.").finding()
    assert SARCOIDOSIS in f.disorders


# --- a value with no unit is classed by the range the text states -------------------------------------------------


def test_a_unitless_value_below_its_stated_range_is_low(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("iPTH of 0.4 (normal range 1.6-6.9). Calcified nodules of the thigh.")
    lab = next(m.lab for m in a.mentions if m.kind == "lab" and m.lab)
    assert (lab.analyte, lab.level, lab.unit) == ("parathyroid hormone", "low", "")
    high = kg.annotate("Serum calcium 2.9 (normal 2.1-2.6). Calcified nodules of the thigh.")
    assert high.finding().calcium == "elevated"


# --- a hyphen inside a multiword name ------------------------------------------------------------------------------

INTRAVENOUS_CALCIUM_GLUCONATE = "XSCO:0002909"


def test_a_hyphen_between_the_words_of_a_name(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("After intravenous calcium-gluconate administration she had calcified nodules of the hand.")
    assert INTRAVENOUS_CALCIUM_GLUCONATE in a.finding().disorders
    assert _span(a, "intravenous calcium-gluconate").curie == INTRAVENOUS_CALCIUM_GLUCONATE
    # a negating prefix keeps its hyphen reading
    assert TRAUMA in kg.annotate("A non-traumatic form of heterotopic ossification of the hip.").finding().absent


# --- a lesion on the joints is periarticular ------------------------------------------------------------------------

PERIARTICULAR = "XSCO:0001125"
SKELETAL_JOINT = "UBERON:0000982"


@pytest.mark.parametrize("text", [
    "He had swellings on various joints with calcification.",
    "Calcified nodules over the joints.",
])
def test_a_lesion_on_the_joints_is_periarticular(kg: kgtools.KnowledgeGraph, text: str) -> None:
    sites = kg.annotate(text).finding().sites
    assert PERIARTICULAR in sites
    assert SKELETAL_JOINT not in sites


def test_pain_in_the_joints_stays_the_joints(kg: kgtools.KnowledgeGraph) -> None:
    assert SKELETAL_JOINT in kg.annotate("He had pain in his joints. Calcified nodules of the thigh.").finding().sites


# --- a sign's modifier apart from its calcification word ------------------------------------------------------------

LINEAR_CALCIFICATION = "XSCO:0002905"


@pytest.mark.parametrize("text", [
    "Linear extraosseous calcification in the thigh.",
    "A linear, bow-shaped, hyperechoic calcification in the tendon.",
])
def test_a_signs_modifier_apart_from_its_head(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert LINEAR_CALCIFICATION in kg.annotate(text).finding().signs


def test_no_sign_across_a_stop_word(kg: kgtools.KnowledgeGraph) -> None:
    assert LINEAR_CALCIFICATION not in kg.annotate("A linear lesion with calcification in the thigh.").finding().signs


# --- a form word that is also a type's whole name is the form -------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Mild resorption of the left fourth digit distal phalangeal tuft; subcutaneous calcinosis on the left thumb "
    "volar pad.",
    "Calcinosis of the thigh.",
])
def test_calcinosis_alone_is_the_form(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert _span(a, "calcinosis").kind == "form"
    assert a.finding().named == ()
    assert a.finding().ossified is False


# --- the imaging signs each type's sources name, read in a sentence and counted for the type -----------------------


@pytest.mark.parametrize(("text", "sign", "first"), [
    # crowned dens syndrome: the crown the calcification makes around the dens (Huang, Xu and He 2022)
    ("CT of the neck showed a crown-like calcification around the odontoid process.", "XSCO:0003201",
     "XSCO:0001379"),
    # calcinosis of dermatomyositis, rarely (Palmer and Reeder, The Imaging of Tropical Diseases)
    ("Ultrasound of the thigh showed milk of calcium in a collection in a girl with dermatomyositis.",
     "XSCO:0003202", "XSCO:0001554"),
    # calcific tendinopathy in its formative and resting phases (Freire, Moser and Lepage-Saucier 2018)
    ("Shoulder radiograph: a homogeneous and well-defined calcium deposit in the supraspinatus tendon.",
     "XSCO:0003203", "XSCO:0001311"),
    # calcific myonecrosis (Radiopaedia, Calcific myonecrosis)
    ("Radiographs of the leg show a fusiform mass with peripheral plaque-like calcification.", "XSCO:0003204",
     "XSCO:0001551"),
    # metastatic (pulmonary) calcification on HRCT (Belém et al. 2017)
    ("HRCT of the chest showed centrilobular ground-glass nodules in both upper lobes.", "XSCO:0003205",
     "XSCO:0000003"),
    ("CT of the chest showed consolidation with high attenuation in the upper lobes.", "XSCO:0003206",
     "XSCO:0000003"),
    # calcific tendinopathy of the longus colli: its effusion and prevertebral swelling (Agrawal and Kalyanpur 2013;
    # Gunn 2013; Haun 1978; Harnier et al. 2008)
    ("CT of the neck showed calcification anterior to C1 and a retropharyngeal effusion.", "XSCO:0003207",
     "XSCO:0001311"),
    ("CT of the neck showed calcification anterior to C2 and prevertebral fluid.", "XSCO:0003207", "XSCO:0001311"),
    # Pollak and Wexler 2013: "a fluid collection in the retropharyngeal space"
    ("CT showed a fluid collection in the retropharyngeal space and calcification anterior to C1.", "XSCO:0003207",
     "XSCO:0001311"),
    ("A lateral neck radiograph showed calcification anterior to C1 with prevertebral soft tissue swelling.",
     "XSCO:0003208", "XSCO:0001311"),
    # early myositis ossificans, "may" (Bennett and El-Khoury)
    ("Radiographs showed a calcified mass in the thigh with a periosteal reaction of the femur.", "XSCO:0003209",
     "XSCO:0000010"),
    # the longus colli's prevertebral oedema (Montes Tome et al., Eurorad 16159), a narrower prevertebral swelling
    ("MRI of the neck showed prevertebral edema and a calcific focus anterior to C2.", "XSCO:0003212",
     "XSCO:0001311"),
    ("MRI of the neck: prevertebral soft-tissue oedema with calcification anterior to C1.", "XSCO:0003212",
     "XSCO:0001311"),
])
def test_a_types_own_imaging_sign_is_read_and_counted(kg: kgtools.KnowledgeGraph, text: str, sign: str,
                                                      first: str) -> None:
    finding = kg.annotate(text).finding()
    assert sign in finding.signs
    ranked = [c for c in kg.differential(finding) if c.kind == "type"]
    assert ranked[0].curie == first
    assert any(r.role == "sign" and r.about == sign for r in ranked[0].reasons_for)


@pytest.mark.parametrize(("text", "signs", "phenotypes"), [
    # Milwaukee shoulder syndrome: superior subluxation of the humeral head "often" (Dixon, Gaillard et al.,
    # Radiopaedia), joint effusion and rotator cuff tear (Nicoletti, Radiopaedia case 53964)
    ("Radiographs of the shoulder showed cranial subluxation of the humeral head with intra-articular calcifications "
     "and a large joint effusion; MRI showed a massive rotator cuff tear.", {"XSCO:0003210", "XSCO:0003211"},
     {"HP:0032201"}),
    ("Upward migration of the humeral head and an intra-articular effusion with calcifications of the shoulder.",
     {"XSCO:0003210", "XSCO:0003211"}, set()),
])
def test_a_disorders_own_imaging_signs_are_read_and_counted(kg: kgtools.KnowledgeGraph, text: str, signs: set[str],
                                                           phenotypes: set[str]) -> None:
    finding = kg.annotate(text).finding()
    assert signs <= set(finding.signs)
    assert phenotypes <= set(finding.phenotypes)
    disorders = [c for c in kg.differential(finding) if c.kind == "disorder"]
    assert disorders[0].curie == "XSCO:0001383"
    assert {r.about for r in disorders[0].reasons_for} >= signs | phenotypes


def test_odynophagia_is_a_clinical_finding_of_calcific_tendinitis(kg: kgtools.KnowledgeGraph) -> None:
    # Kim et al. 2017: "nonspecific presentation such as acute neck pain, neck stiffness, and odynophagia"
    finding = kg.annotate("A woman with neck pain and odynophagia; CT showed calcification anterior to C2.").finding()
    assert "HP:0032043" in finding.phenotypes
    types = [c for c in kg.differential(finding) if c.kind == "type"]
    assert any(r.about == "HP:0032043" for r in next(c for c in types if c.curie == "XSCO:0001311").reasons_for)


# --- an analyte's abbreviation in brackets before its result -----------------------------------------------------


@pytest.mark.parametrize(("text", "labs"), [
    ("Calcified nodules of the thigh. Parathormone (PTH) 1876 pg/mL (normal is 10-60 pg/mL), calcium (Ca) 4.5 mmol/L.",
     {"parathyroid hormone": ("elevated", 10.0), "calcium": ("elevated", 2.15)}),
    ("Calcified nodules of the thigh. Serum calcium (Ca2+) 2.9 mmol/L and phosphorus (P) 7.1 mg/dL.",
     {"calcium": ("elevated", 2.15), "phosphate": ("elevated", 2.5)}),
    ("Calcified nodules of the thigh. Intact PTH (iPTH) 900 pg/mL, phosphorus (P) 2.1 mg/dL (normal 2.5-4.5 mg/dL).",
     {"parathyroid hormone": ("elevated", 15.0), "phosphate": ("low", 2.5)}),
])
def test_an_analyte_abbreviated_in_brackets(kg: kgtools.KnowledgeGraph, text: str,
                                            labs: dict[str, tuple[str, float]]) -> None:
    found = kg.annotate(text).labs()
    assert {k: (v.level, v.range.low) for k, v in found.items()} == labs


# --- a negated head noun scopes over the examples it includes ----------------------------------------------------


@pytest.mark.parametrize(("text", "negated"), [
    ("Calcified nodules of the thigh. There was no history of any other symptoms including those of any "
     "endocrinologic, neoplastic or autoimmune diseases.", "autoimmune diseases"),
    ("Calcified nodules of the thigh. She denied any systemic illness such as diabetes, renal failure or autoimmune "
     "disease.", "renal failure"),
])
def test_a_negated_head_reaches_what_it_includes(kg: kgtools.KnowledgeGraph, text: str, negated: str) -> None:
    assert _span(kg.annotate(text), negated).status == "negated"


def test_including_after_an_affirmed_condition_negates_nothing(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Calcified nodules of the thigh. There was no history of trauma to the area, and the patient had "
                    "diabetes mellitus including nephropathy.")
    assert _span(a, "diabetes mellitus").status == "present"


# --- a structure stated normal is no site of the lesion -----------------------------------------------------------


@pytest.mark.parametrize(("text", "normal", "site"), [
    ("Calcified nodules of the ear. Palpation of nasal, thyroid and cricoid cartilages did not reveal any "
     "abnormalities.", "cricoid cartilages", "ear"),
    ("Calcified nodules of the ear. The rest of the configuration and skin appearance were normal.", "skin", "ear"),
    ("Calcified nodules of the scrotum. The testes were normal.", "testes", "scrotum"),
])
def test_a_structure_stated_normal_is_no_site(kg: kgtools.KnowledgeGraph, text: str, normal: str, site: str) -> None:
    a = kg.annotate(text)
    assert (_span(a, normal).kind, _span(a, site).kind) == ("organ", "site")


@pytest.mark.parametrize(("text", "site"), [
    ("A calcified mass was found in the thigh, the knee was normal.", "thigh"),
    ("The left knee was normal apart from a hard mass. Calcification on X-ray.", "left knee"),
])
def test_a_sentence_that_states_the_lesion_keeps_its_sites(kg: kgtools.KnowledgeGraph, text: str, site: str) -> None:
    assert _span(kg.annotate(text), site).kind == "site"


# --- an extent word placed at one structure is no widespread calcification ---------------------------------------

WIDESPREAD = "XSCO:0001350"


@pytest.mark.parametrize(("text", "widespread"), [
    ("CT showed extensive calcifications surrounding the atlantoaxial joint.", False),
    ("Extensive calcification of the left hip.", False),
    ("Extensive calcification in the supraspinatus tendon.", False),
    ("Extensive subcutaneous calcification of the limbs and trunk.", True),
    ("Diffuse soft-tissue calcifications.", True),
    ("Extensive calcification of the skin.", True),
    ("Extensive calcification of both hips and knees.", True),
])
def test_an_extent_word_at_one_structure(kg: kgtools.KnowledgeGraph, text: str, widespread: bool) -> None:
    assert any(m.curie == WIDESPREAD for m in kg.annotate(text).mentions) is widespread


# --- a hypothesis is no finding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "hypothesis"), [
    ("Hypothesising a periarticular infection, an antibiotic was given. Calcified mass of the knee.", "infection"),
    ("Suspecting an abscess, the surgeon drained it. Calcified mass of the knee.", "abscess"),
    ("The swelling was thought to be a haematoma. Calcified mass of the knee.", "haematoma"),
    ("Calcified mass of the knee. Tumoral calcinosis was considered.", "Tumoral calcinosis"),
])
def test_a_hypothesis_is_no_finding(kg: kgtools.KnowledgeGraph, text: str, hypothesis: str) -> None:
    assert _span(kg.annotate(text), hypothesis).status == "uncertain"


# --- new bone on a bone is no extraskeletal ossification ---------------------------------------------------------


@pytest.mark.parametrize(("text", "form"), [
    ("X-ray showed diffuse new bone formation around the fibular diaphysis. Biopsy of the muscle showed sheets of "
     "calcified tissues.", False),
    ("Bone formation along the femur with calcified soft tissue.", False),
    # bone made around a joint, not on a bone, is the lesion's form
    ("New bone formation around the hip joint was seen after the injury.", True),
])
def test_new_bone_on_a_bone_is_no_form(kg: kgtools.KnowledgeGraph, text: str, form: bool) -> None:
    assert kg.annotate(text).form() is form


# --- sites XSCO lacked: the small bowel, the pharynx, the larynx, the abdomen's quadrants ------------------------


@pytest.mark.parametrize(("text", "site", "curie"), [
    ("Calcified mass in the small bowel.", "small bowel", "UBERON:0002108"),
    ("Calcification of the pharynx.", "pharynx", "UBERON:0006562"),
    ("Calcification of the larynx.", "larynx", "UBERON:0001737"),
    ("Calcified mass in the right lower quadrant.", "right lower quadrant", "UBERON:0000916"),
])
def test_a_site_of_the_gut_neck_or_abdomen(kg: kgtools.KnowledgeGraph, text: str, site: str, curie: str) -> None:
    m = _span(kg.annotate(text), site)
    assert (m.kind, m.curie) == ("site", curie)


def test_the_small_intestine_is_part_of_the_abdomen(kg: kgtools.KnowledgeGraph) -> None:
    from kgtools.differential import finding_context
    from kgtools.graph import ancestors
    sites = finding_context(kg).sites
    assert "UBERON:0000916" in ancestors(sites, "UBERON:0002108")
    assert "UBERON:0000974" in ancestors(sites, "UBERON:0001737")


# --- a stroke MONDO files under stroke disorder, in either spelling ----------------------------------------------

STROKE = "XSCO:0001723"


@pytest.mark.parametrize("text", [
    "Calcified mass of the hip. She had an intracerebral haemorrhage.",
    "Calcified mass of the hip. She had an intracerebral hemorrhage.",
    "Calcified mass of the hip after a cerebral infarction.",
])
def test_a_kind_of_stroke_is_a_stroke(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert any(m.curie == STROKE and m.kind == "condition" for m in kg.annotate(text).mentions)


# --- sign wordings: a form's adjective for its noun, a hyphenated modifier ---------------------------------------

LINEAR = "XSCO:0002905"
PLAQUE_LIKE = "XSCO:0001574"


@pytest.mark.parametrize(("text", "sign"), [
    ("Curvi-linear calcification in the thigh.", LINEAR),
    ("Linear radiodense calcified structures in the thigh.", LINEAR),
    ("Curvi-linear radiodense calcified structures in the thigh.", LINEAR),
    ("Plaque-like calcification of the skin.", PLAQUE_LIKE),
])
def test_a_sign_as_reports_word_it(kg: kgtools.KnowledgeGraph, text: str, sign: str) -> None:
    assert any(m.kind == "sign" and m.curie == sign for m in kg.annotate(text).mentions)


# --- the tarsus of a named eyelid ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "eyelid"), [
    ("A mass of the left upper eyelid. A broad base was identified on the superior area of the tarsus.", True),
    ("Calcification of the tarsus of the left foot.", False),
])
def test_the_tarsus_of_a_named_eyelid(kg: kgtools.KnowledgeGraph, text: str, eyelid: bool) -> None:
    a = kg.annotate(text)
    assert any(m.text == "tarsus" and m.kind == "site" and m.curie == "UBERON:0001711" for m in a.mentions) is eyelid


@pytest.mark.parametrize(("text", "negated"), [
    ("A calcified mass of the left upper eyelid. There was no involvement of the tarsus.", True),
    ("A calcified mass of the left upper eyelid. The mass involved the tarsus.", False),
])
def test_the_eyelids_tarsus_keeps_its_assertion(kg: kgtools.KnowledgeGraph, text: str, negated: bool) -> None:
    tarsus = _span(kg.annotate(text), "tarsus")
    assert tarsus.curie == "UBERON:0001711"
    assert tarsus.negated is negated


# --- an imaging step's injection, a time around an operation ------------------------------------------------------


INJECTION = "XSCO:0002923"


@pytest.mark.parametrize("text", [
    "After contrast injection, heterogeneous enhancement of the calcified mass of the thigh was seen.",
    "After intravenous gadolinium injection the calcified mass of the thigh enhanced.",
    "An injection of contrast medium showed the calcified mass of the thigh.",
    "Following injection of 99mTc-MDP, scintigraphy showed uptake in the calcified mass of the thigh.",
])
def test_a_contrast_injection_is_an_imaging_step(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert not any(m.curie == INJECTION for m in a.mentions)
    assert _span(a, "injection").kind == "modality"
    assert INJECTION not in a.finding().disorders


@pytest.mark.parametrize("text", [
    "Calcified nodules developed at sites of subcutaneous insulin injection.",
    "Calcified nodules of the buttock at the site of an injection of penicillin.",
])
def test_a_drugs_injection_stays_a_condition(kg: kgtools.KnowledgeGraph, text: str) -> None:
    finding = kg.annotate(text).finding()
    assert any(c == INJECTION or c.startswith("XSCO:000292") for c in finding.disorders)


@pytest.mark.parametrize("text", [
    "She had an episode of aspiration in the preoperative period and calcification of the thigh.",
    "Calcification of the thigh was seen in the postoperative period.",
    "Fever in the perioperative period; calcification of the thigh.",
])
def test_a_period_around_an_operation_is_no_surgery(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert SURGERY not in a.finding().disorders
    assert any(m.kind == "unused" and m.text.endswith("period") for m in a.mentions)


def test_an_operation_stays_surgery(kg: kgtools.KnowledgeGraph) -> None:
    assert SURGERY in kg.annotate("Calcification of the thigh developed postoperatively.").finding().disorders


# --- a sign's adjective as an adverb before the participle --------------------------------------------------------


@pytest.mark.parametrize(("text", "sign"), [
    ("A well-circumscribed peripherally calcified lesion in the thigh.", "XSCO:0002929"),
    ("A linearly calcified structure in the soft tissue of the thigh.", "XSCO:0002905"),
])
def test_a_signs_adjective_as_an_adverb(kg: kgtools.KnowledgeGraph, text: str, sign: str) -> None:
    assert sign in kg.annotate(text).finding().signs


# --- a slip inside a phrase, read by the words around it ----------------------------------------------------------


def test_a_slip_inside_a_phrase_is_read_by_its_neighbours(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Calcification of the left longus coli muscle anterior to C2.")
    muscle = next(m for m in a.mentions if m.kind == "site" and "longus" in m.text)
    assert muscle.curie == "UBERON:0001121"
    assert muscle.text == "left longus coli muscle"  # where the text writes it
    assert muscle.read_as == "left longus colli muscle"  # and what it was read as


@pytest.mark.parametrize("text", [
    # a known word is read as another only where the other makes a phrase with both its neighbours
    "Interstitial lung disease and calcification of the right long finger.",
    "A body mass index of 31 and calcification of the thigh.",
    "No calcification of the thigh.",
])
def test_a_word_that_makes_sense_is_not_respelt(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert not any(m.read_as for m in kg.annotate(text).mentions)


# --- a lesion's trabeculation is bone ------------------------------------------------------------------------------


def test_a_lesions_trabeculation_is_the_ossified_form(kg: kgtools.KnowledgeGraph) -> None:
    finding = kg.annotate("Fine trabeculations within the thigh mass.").finding()
    assert "XSCO:0001586" in finding.signs
    assert finding.ossified is True


def test_a_bones_trabeculation_is_no_form(kg: kgtools.KnowledgeGraph) -> None:
    finding = kg.annotate("Coarsened trabeculation of the femur and a mass of the thigh.").finding()
    assert not finding.ossified


# --- a structure several organs have, of the organ the text names -------------------------------------------------


PENIS = "UBERON:0000989"


def test_a_structure_of_the_named_organ(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Penile necrosis with calcification; the glans and the left corpus cavernosum were black.")
    assert _span(a, "glans").kind == "site" and _span(a, "glans").curie == PENIS
    assert _span(a, "glans").reference == ("UBERON:0001299", "glans penis")
    assert _span(a, "corpus cavernosum").curie == PENIS
    # its assertion status stays its own
    assert _span(kg.annotate("Calcification of the penis; no involvement of the glans."), "glans").negated


def test_a_structure_of_no_named_organ_stays_unread(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Calcification of the thigh and of the glans.")
    assert _span(a, "glans").kind == "unused"


# --- an imaging sign in a sentence that reports microscopy, dermoscopy or a stain -----------------------------------


AMORPHOUS = "XSCO:0001585"


@pytest.mark.parametrize("text", [
    "Histopathology showed amorphous basophilic deposits in the dermis of the thigh.",
    "Dermoscopy revealed amorphous white areas on the heel.",
    "Histologically, the calcium deposits were found as amorphous masses throughout the dermis of the hand.",
    "The biopsy specimen of the vulva showed amorphous calcium deposits in the dermis.",
])
def test_a_sign_under_the_microscope_is_no_imaging_sign(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert AMORPHOUS not in a.finding().signs
    assert _span(a, "amorphous").kind == "histology" and _span(a, "amorphous").curie == AMORPHOUS


@pytest.mark.parametrize("text", [
    "Radiographs showed amorphous calcification in the shoulder.",
    # a sentence naming both imaging and microscopy keeps the sign
    "Radiographs showed amorphous calcification in the shoulder, and biopsy confirmed calcium deposits.",
    "Histology and CT showed amorphous calcification of the thigh.",
])
def test_a_sign_in_an_imaging_sentence_stays(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert AMORPHOUS in kg.annotate(text).finding().signs


# --- a word two organs share (the ear's and the heart's auricle), read by the words around it ----------------------


PINNA = "UBERON:0001757"
HEART = "UBERON:0000948"


@pytest.mark.parametrize(("text", "words", "site"), [
    ("Examination of the ear showed a rigid helix; the left auricle was stone-hard.", "left auricle", PINNA),
    ("Calcified left auricle. The ear cartilage was hard and the lobule was spared.", "left auricle", PINNA),
    ("Echocardiography showed a calcified mass in the auricle.", "auricle", HEART),
    ("Echocardiography showed a calcified thrombus in the left auricle of the heart.", "left auricle", HEART),
    ("The auricle was calcified.", "auricle", PINNA),
])
def test_an_auricle_of_the_ear_or_of_the_heart(kg: kgtools.KnowledgeGraph, text: str, words: str,
                                               site: str) -> None:
    assert site in kg.annotate(text).finding().sites
    assert _span(kg.annotate(text), words).curie == site


# --- older units of a result: mg per cent, mg%, mg/100 ml (mg/dL) and milliequivalents ----------------------------


@pytest.mark.parametrize(("text", "analyte", "level", "value", "unit"), [
    ("Serum calcium 15.3 mg per cent. Calcification of the lung.", "calcium", "elevated", 15.3, "mg/dL"),
    ("Serum phosphorus 4.1 mg per cent. Calcification of the lung.", "phosphate", "normal", 4.1, "mg/dL"),
    ("Serum calcium 12.1 mg%. Calcification of the lung.", "calcium", "elevated", 12.1, "mg/dL"),
    ("Serum phosphorus 6 mg %. Calcification of the lung.", "phosphate", "elevated", 6.0, "mg/dL"),
    ("Serum calcium 7.1 mg percent. Calcification of the lung.", "calcium", "low", 7.1, "mg/dL"),
    ("Serum calcium 7.1 mg/100 ml. Calcification of the lung.", "calcium", "low", 7.1, "mg/dL"),
    ("Serum phosphorus 3 mg/100mL. Calcification of the lung.", "phosphate", "normal", 3.0, "mg/dL"),
    ("Serum calcium 9.5 mg per 100 ml. Calcification of the lung.", "calcium", "normal", 9.5, "mg/dL"),
    # calcium is divalent: 1 mmol/L is 2 mEq/L, so 4.29-5.09 mEq/L
    ("Serum calcium was 6.1 mEq/L. Calcification of the lung.", "calcium", "elevated", 6.1, "mEq/L"),
    ("Serum calcium 4.6 mEq/l. Calcification of the lung.", "calcium", "normal", 4.6, "mEq/L"),
    ("Serum calcium 3.6 mEq/L. Calcification of the lung.", "calcium", "low", 3.6, "mEq/L"),
])
def test_a_result_in_an_older_unit(kg: kgtools.KnowledgeGraph, text: str, analyte: str, level: str, value: float,
                                   unit: str) -> None:
    lab = kg.annotate(text).labs()[analyte]
    assert (lab.level, lab.value, lab.unit) == (level, value, unit)


def test_both_results_in_mg_per_cent_and_the_stated_range(kg: kgtools.KnowledgeGraph) -> None:
    labs = kg.annotate("Serum calcium 15.3 mg per cent and phosphorus 4.1 mg per cent. Calcified lung.").labs()
    assert (labs["calcium"].level, labs["phosphate"].level) == ("elevated", "normal")
    stated = kg.annotate("Serum calcium 10.8 mg percent (normal 9-11 mg per cent). Calcified lung.").labs()["calcium"]
    assert (stated.level, stated.range.low, stated.range.high) == ("normal", 9.0, 11.0)


def test_magnesium_in_milliequivalents(kg: kgtools.KnowledgeGraph) -> None:
    """Low magnesium in mEq/L (1.40-2.20 mEq/L, the 0.70-1.10 mmol/L range doubled) is hypomagnesaemia."""
    a = kg.annotate("Serum magnesium 1.0 mEq/L. Calcification of the lung.")
    assert "XSCO:0001342" in a.finding().disorders


def test_phosphate_in_milliequivalents_is_not_classed(kg: kgtools.KnowledgeGraph) -> None:
    """Phosphate's valence depends on the pH: no range in mEq/L, no class."""
    assert "phosphate" not in kg.annotate("Serum phosphate 2.0 mEq/L. Calcification of the lung.").labs()


# --- a condition's participle that modifies another disease's name is no condition ---------------------------------


SCAR = "XSCO:0003120"


@pytest.mark.parametrize("text", [
    "Recurrent scalp folliculitis with pustules on the plaque with scarring alopecia. Calcified nodule of the scalp.",
    "Scarring alopecia of the scalp with calcification.",
])
def test_a_participle_before_a_disease_is_no_condition(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert SCAR not in a.finding().disorders
    assert _span(a, "scarring").kind == "descriptor"


@pytest.mark.parametrize("text", [
    "A surgical scar on the thigh was calcified.",
    "Scarring of the skin with calcification.",
    "Extensive scarring on the thigh with calcification.",
    "Scarring and alopecia with calcification of the scalp.",
])
def test_a_scar_stays_a_condition(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert SCAR in kg.annotate(text).finding().disorders


# --- a procedure named by a site and a noun, told with the noun's verb ---------------------------------------------


HEEL_STICKS = "XSCO:0001147"


@pytest.mark.parametrize(("text", "words"), [
    ("She was pricked in the heels on several occasions for bilirubin. Calcified nodule of the heel.",
     "pricked in the heels"),
    ("Her heels were repeatedly pricked as a newborn. Calcified nodule of the heel.",
     "heels were repeatedly pricked"),
    ("The baby was pricked on both heels. Calcified nodule of the heel.", "pricked on both heels"),
])
def test_a_procedure_told_with_its_verb(kg: kgtools.KnowledgeGraph, text: str, words: str) -> None:
    a = kg.annotate(text)
    assert HEEL_STICKS in a.finding().disorders
    assert _span(a, words).curie == HEEL_STICKS


def test_a_procedure_told_with_its_verb_keeps_its_negation(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("She was never pricked in the heels. Calcified nodule of the heel.")
    assert HEEL_STICKS not in a.finding().disorders and _span(a, "pricked in the heels").negated


def test_a_participle_with_no_site_is_no_procedure(kg: kgtools.KnowledgeGraph) -> None:
    """"a pricked finger" names no heel; the participle before a noun is no procedure of its site."""
    assert HEEL_STICKS not in kg.annotate("A pricked finger. Calcified nodule of the heel.").finding().disorders


# --- a disease's adjective said of the patient, a name without its head noun, an ambiguous abbreviation -----------


HYPERTENSION = "HP:0000822"
ESKD = "XSCO:0001011"
RHEUMATOID_ARTHRITIS = "XSCO:0001161"


@pytest.mark.parametrize("text", [
    "A known hypertensive on treatment had calcification of the thigh.",
    "He was hypertensive. Calcification of the thigh.",
])
def test_a_diseases_adjective_said_of_the_patient(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert HYPERTENSION in kg.annotate(text).finding().phenotypes


@pytest.mark.parametrize("text", [
    "End stage renal on peritoneal dialysis with calcification of the thigh.",
    "An end-stage renal patient with calcification of the thigh.",
])
def test_a_name_without_its_head_noun(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert ESKD in kg.annotate(text).finding().disorders


def test_a_name_without_its_head_before_another_noun_is_not_read(kg: kgtools.KnowledgeGraph) -> None:
    """"end-stage renal cell carcinoma": "cell" may be the head of another name, so no end-stage kidney disease."""
    assert ESKD not in kg.annotate("End-stage renal cell carcinoma. Calcification of the thigh.").finding().disorders


@pytest.mark.parametrize(("text", "status"), [
    ("His past medical history included RA. Calcification of the thigh.", "historical"),
    ("A known case of RA with calcification of the thigh.", "present"),
    ("No history of RA. Calcification of the thigh.", "negated"),
])
def test_an_ambiguous_abbreviation_in_a_history_is_the_disease(kg: kgtools.KnowledgeGraph, text: str,
                                                               status: str) -> None:
    m = _span(kg.annotate(text), "RA")
    assert (m.curie, m.status) == (RHEUMATOID_ARTHRITIS, status)


@pytest.mark.parametrize("text", [
    "Echocardiography showed a calcified mass in the RA. Known history of hypertension.",
    "A history of calcified thrombus in RA and RV on echocardiography. Calcified nodule of the thigh.",
    "A history of a calcified mass of the RA in a woman with gout.",
])
def test_an_ambiguous_abbreviation_elsewhere_is_no_disease(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert RHEUMATOID_ARTHRITIS not in kg.annotate(text).finding().disorders


# --- a reduced function as a difficulty, its organ and gerund turned round ----------------------------------------


TRISMUS = "HP:0000211"


@pytest.mark.parametrize(("text", "words"), [
    ("Difficulty in opening the mouth for one month. Swelling over the left side of the face.",
     "Difficulty in opening the mouth"),
    ("Limited opening of the mouth and calcification of the masseter.", "Limited opening of the mouth"),
])
def test_a_reduced_function_as_a_difficulty(kg: kgtools.KnowledgeGraph, text: str, words: str) -> None:
    a = kg.annotate(text)
    assert TRISMUS in a.finding().phenotypes and _span(a, words).curie == TRISMUS


# --- an "-oid" adjective alone as the structure anatomy names by it -------------------------------------------------


GLENOID_FOSSA = "UBERON:0006657"
XIPHOID_PROCESS = "UBERON:0002207"


@pytest.mark.parametrize(("text", "words", "reference"), [
    ("Calcification adjacent to the glenoid.", "adjacent to the glenoid", GLENOID_FOSSA),
    ("Glenoid and humeral head erosion with calcification of the shoulder.", "Glenoid", GLENOID_FOSSA),
    ("A calcified mass near the xiphoid, with pain.", "xiphoid", XIPHOID_PROCESS),
    # an item of a list of structures
    ("CT showed destruction of the humeral head, glenoid, and coracoid process with calcification.", "glenoid",
     GLENOID_FOSSA),
])
def test_an_oid_adjective_alone_is_its_structure(kg: kgtools.KnowledgeGraph, text: str, words: str,
                                                 reference: str) -> None:
    m = _span(kg.annotate(text), words)
    assert m.kind == "site" and m.reference is not None and m.reference[0] == reference


@pytest.mark.parametrize(("text", "words"), [
    # a site's adjective before it makes it another structure; "styloid" names three
    ("Calcification of the ulnar styloid.", "styloid"),
    ("Calcification of the styloid and of the thigh.", "styloid"),
])
def test_an_oid_adjective_of_several_structures_stays_unread(kg: kgtools.KnowledgeGraph, text: str,
                                                             words: str) -> None:
    assert not any(m.text.lower() == words for m in kg.annotate(text).mentions)


# --- the body part a neurological deficit is felt in ----------------------------------------------------------------


LIMB = "UBERON:0002101"
LEG = "UBERON:0000978"
HAND = "UBERON:0002398"
THIGH = "UBERON:0000376"
BASAL_GANGLION = "UBERON:0002420"


@pytest.mark.parametrize(("text", "deficit", "site"), [
    ("Deterioration of motor function in his right limbs. CT showed a calcified subdural haematoma.",
     ["right limbs"], "UBERON:0000416"),
    ("She had weakness of the right arm and leg. CT showed calcification of the basal ganglia.",
     ["right arm", "leg"], BASAL_GANGLION),
    ("Left arm numbness for a year. CT showed calcification of the basal ganglia.", ["Left arm"], BASAL_GANGLION),
    ("Paresis of the left leg and calcification of the basal ganglia.", ["left leg"], BASAL_GANGLION),
])
def test_a_deficits_place_is_no_site(kg: kgtools.KnowledgeGraph, text: str, deficit: list[str],
                                     site: str) -> None:
    a = kg.annotate(text)
    assert all(_span(a, words).kind == "organ" for words in deficit)
    assert site in a.finding().sites and not {LIMB, FOREARM, LEG, FORELIMB} & set(a.finding().sites)


FOREARM = "UBERON:0002386"


@pytest.mark.parametrize(("text", "site"), [
    # the calcification placed there in words of its own, or the deficit at the same place, or no other site
    ("A woman had calcification in the right thigh.", THIGH),
    ("Calcification in the right thigh with weakness of the right thigh.", THIGH),
    ("She had numbness in the left hand. X-rays showed calcific deposits in the left hand.", HAND),
    ("Weakness of the left hand and a calcified mass.", HAND),
])
def test_a_deficits_place_stays_a_site_where_the_lesion_is(kg: kgtools.KnowledgeGraph, text: str,
                                                           site: str) -> None:
    assert site in kg.annotate(text).finding().sites


# --- a lesion of bone's density is ossified -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "ossified"), [
    ("X-rays showed subcutaneous reticulated opacities with bone density in the left thigh.", True),
    ("A mass of osseous density in the right thigh.", True),
    ("A calcified mass of the thigh with bone-like density.", True),
    # the skeleton's density, not the lesion's
    ("Calcification of the thigh. Her bone mineral density was low and a bone density scan showed osteoporosis.",
     False),
    ("Calcification of the thigh with loss of bone density.", False),
    # the venous-insufficiency calcification pattern, no trabeculation
    ("Calcification of the leg in a trabecular pattern.", False),
])
def test_a_lesion_of_bone_density_is_ossified(kg: kgtools.KnowledgeGraph, text: str, ossified: bool) -> None:
    assert kg.annotate(text).finding().ossified is ossified


# --- the jaw joint's words in a text about the jaw ------------------------------------------------------------------


MANDIBULAR_CONDYLE = "UBERON:0004657"
TMJ_DISC = "UBERON:0011319"
TMJ = "UBERON:0003700"
MANDIBULAR_FOSSA = "UBERON:1200136"


@pytest.mark.parametrize(("text", "words", "kind", "reference"), [
    ("Resection of the preauricular mass confirmed erosion of the condyle and disc, necessitating condylectomy.",
     "condyle", "site", MANDIBULAR_CONDYLE),
    ("Resection of the preauricular mass confirmed erosion of the condyle and disc, necessitating condylectomy.",
     "disc", "site", TMJ_DISC),
    ("Granular calcified masses surrounding the left condylar head in a woman with malocclusion.",
     "surrounding the left condylar head", "site", MANDIBULAR_CONDYLE),
    ("A mass of the TMJ with calcifications and erosion of the articular roof.", "articular roof", "unused",
     MANDIBULAR_FOSSA),
    ("Erosion of the glenoid fossa and calcification of the left temporomandibular joint.", "glenoid fossa",
     "unused", MANDIBULAR_FOSSA),
])
def test_the_jaw_joints_words_in_a_text_about_the_jaw(kg: kgtools.KnowledgeGraph, text: str, words: str, kind: str,
                                                      reference: str) -> None:
    m = _span(kg.annotate(text), words)
    assert m.kind == kind and reference in (m.curie, m.reference[0] if m.reference else None)


@pytest.mark.parametrize("text", [
    "Calcification of the knee near the condyle.",
    "Calcification near the femoral condyle and the jaw.",
    "Calcification of the intervertebral disc and of the mandible.",
    "Calcification adjacent to the glenoid of the shoulder.",
])
def test_no_jaw_joint_outside_the_jaw(kg: kgtools.KnowledgeGraph, text: str) -> None:
    a = kg.annotate(text)
    assert not {MANDIBULAR_CONDYLE, TMJ, MANDIBULAR_FOSSA} & {m.curie for m in a.mentions}
    assert not any(m.reference and m.reference[0] in (MANDIBULAR_CONDYLE, TMJ_DISC) for m in a.mentions)


# --- "anti" written joined or hyphenated ----------------------------------------------------------------------------


ANTICENTROMERE = "XSCO:0001520"


@pytest.mark.parametrize("text", [
    "She had anti-centromere antibodies and calcinosis of the fingers.",
    "She had anticentromere antibodies and calcinosis of the fingers.",
])
def test_anti_joined_or_hyphenated(kg: kgtools.KnowledgeGraph, text: str) -> None:
    assert ANTICENTROMERE in kg.annotate(text).finding().disorders
