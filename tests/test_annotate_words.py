"""How the annotator reads case texts' words (issue 17, session 35 "words"): muscles, roots, wounds."""

from __future__ import annotations

import kgtools
from kgtools.annotate import Annotation

SKELETAL_MUSCLE = "UBERON:0014892"
HEAD = "UBERON:0000033"


def _sites(a: Annotation, text: str) -> set[str | None]:
    return {m.curie for m in a.mentions if m.kind == "site" and m.text == text}


def test_a_muscle_of_a_region_is_also_a_skeletal_muscle(kg: kgtools.KnowledgeGraph) -> None:
    # UBERON's medial pterygoid muscle rolls up to the head first: it is a muscle as well, where myositis
    # ossificans forms; the forearm's flexor carpi radialis likewise
    a = kg.annotate("Ossification of the medial pterygoid muscle and of the flexor carpi radialis muscle.")
    assert _sites(a, "medial pterygoid muscle") == {HEAD, SKELETAL_MUSCLE}
    assert _sites(a, "flexor carpi radialis muscle") == {"UBERON:0002386", SKELETAL_MUSCLE}
    assert {HEAD, SKELETAL_MUSCLE} <= set(a.finding().sites)
    # a muscle XSCO names itself is a muscle already: no second site
    assert _sites(kg.annotate("A calcified mass in the deltoid muscle."), "deltoid muscle") == {"UBERON:0001476"}


def test_a_muscle_named_without_muscle(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("Ossification of the left medial pterygoid, after a blow to the jaw.")
    assert _sites(a, "left medial pterygoid") == {HEAD, SKELETAL_MUSCLE}
    # not the words of another structure ("the medial pterygoid plate"), not an adjective ("temporal")
    b = kg.annotate("A calcified mass of the medial pterygoid plate of the sphenoid bone, temporal and smooth.")
    assert not any(m.curie == SKELETAL_MUSCLE or "pterygoid" in m.text for m in b.mentions)
    # an English word that names a region itself is that region, not UBERON's "jaw muscle"
    for text in ("Calcification of the thigh and of the jaw.", "Calcification of the thigh, cutaneous."):
        assert not any(m.curie == SKELETAL_MUSCLE for m in kg.annotate(text).mentions), text


def test_a_root_names_no_site_of_the_finding(kg: kgtools.KnowledgeGraph) -> None:
    # "organ" and "tissue" are UBERON's roots: shown as read, never a site (nor an absent site) of the finding, where
    # they would count as broader than every organ's site
    a = kg.annotate("A man with multi-organ injuries; no other organ was involved. Ossification in the thigh tissue.")
    assert {m.curie for m in a.mentions if m.kind == "site"} >= {"UBERON:0000062", "UBERON:0000479"}
    f = a.finding()
    assert f.sites == ("UBERON:0000376",)
    assert not {"UBERON:0000062", "UBERON:0000479"} & set(f.absent)


def test_a_calcified_inflammation_is_of_the_site_it_inflames(kg: kgtools.KnowledgeGraph) -> None:
    # panniculitis is inflammation of the subcutaneous fat (HP's and MONDO's names): calcific panniculitis is there
    a = kg.annotate("A woman with calcific panniculitis and dermatomyositis.")
    assert _sites(a, "panniculitis") == {"UBERON:0002190"}
    assert "UBERON:0002190" in a.finding().sites
    # an inflammation only in the history is no site of the calcification
    b = kg.annotate("History of panniculitis; calcinosis of the thigh.")
    assert _sites(b, "panniculitis") == set()


def _labs(a: Annotation) -> dict[str, str]:
    return {m.lab.analyte: m.lab.level for m in a.mentions if m.kind == "lab" and m.lab}


def test_a_list_of_tests_with_its_result(kg: kgtools.KnowledgeGraph) -> None:
    # the list's other tests, a bracket, "as well as" and an organ's test between the analytes and the result
    a = kg.annotate("Calcified nodules of the thigh. Her serum level of calcium, phosphate, intact parathyroid hormone "
                    "and rheumatoid factor as well as renal function parameters were within normal limits.")
    assert (a.finding().calcium, a.finding().phosphate) == ("normal", "normal")
    b = kg.annotate("Calcified nodules of the thigh. Laboratory tests (serum levels of calcium, phosphate, parathyroid "
                    "hormone, Vit.D) were normal.")
    assert (b.finding().calcium, b.finding().phosphate) == ("normal", "normal")
    # the qualifier before a list that begins with another test
    c = kg.annotate("Calcified nodules of the thigh. Laboratory investigation revealed normal leukocyte count, normal "
                    "serum uric acid, calcium, phosphorus, alkaline phosphatase and parathyroid hormone levels.")
    assert {"calcium": "normal", "phosphate": "normal"}.items() <= _labs(c).items()
    # no disturbance of their metabolism: both normal
    d = kg.annotate("Calcified nodules of the thigh. There was no disturbance of calcium or phosphate metabolism.")
    assert (d.finding().calcium, d.finding().phosphate) == ("normal", "normal")
    # a qualifier joined to the analyte by a hyphen names a product, not a result
    f = kg.annotate("Calcified nodules of the thigh, treated with a low-calcium dialysate.")
    assert f.finding().calcium is None
    # each item keeps its own qualifier
    e = kg.annotate("Calcified nodules of the thigh. Elevated PTH and low calcium, with normal phosphate.")
    assert (e.finding().calcium, e.finding().phosphate) == ("low", "normal")


def test_a_test_named_by_a_drug_word_is_a_test(kg: kgtools.KnowledgeGraph) -> None:
    # "creatine phosphokinase" is a muscle enzyme test, not the drug creatine
    a = kg.annotate("Calcinosis of the thigh in dermatomyositis. Investigations showed elevation of creatine "
                    "phosphokinase and lactic dehydrogenase.")
    assert not any(m.kind == "condition" and m.text == "creatine" for m in a.mentions)
    assert any(m.kind == "measure" and m.text.startswith("creatine phosphokinase") for m in a.mentions)
    assert a.finding().disorders == ("XSCO:0000045",)


def test_an_analyte_named_twice_is_one_result(kg: kgtools.KnowledgeGraph) -> None:
    # "parathyroid hormone level (PTH)": one result of one analyte, one HP term (a clinical finding XSCO uses)
    a = kg.annotate("Calcified nodules of the thigh. The parathyroid hormone level (PTH) was elevated.")
    assert [m.lab.analyte for m in a.mentions if m.kind == "lab" and m.lab] == ["parathyroid hormone"]
    assert [m.curie for m in a.mentions if m.kind == "phenotype"] == ["HP:0003165"]


def test_an_organ_named_for_its_function_is_no_site(kg: kgtools.KnowledgeGraph) -> None:
    # an organ's function ("his kidney function worsened", "lung function") is no place of the lesion: an organ
    # span, as an organ's failure or disease is; an organ's function test stays a measure
    a = kg.annotate("His kidney function worsened and lung function was reduced; liver function tests were normal. "
                    "Calcified nodules of the thigh.")
    assert {m.text: m.kind for m in a.mentions if m.kind in ("site", "organ", "measure")} == {
        "kidney function": "organ", "lung function": "organ", "liver function tests": "measure", "thigh": "site"}
    assert a.finding().all_sites() == ("UBERON:0000376",)


def test_a_named_cancer_is_malignancy(kg: kgtools.KnowledgeGraph) -> None:
    # a cancer XSCO does not map is read by its nearest MONDO ancestor XSCO maps: breast carcinoma and lung
    # adenocarcinoma are cancers (malignancy); HP's "Breast carcinoma", which XSCO does not map, gives way to MONDO's
    # reading of the same words; "metastatic" here is no metastatic calcification. A benign tumour (a common wart)
    # and an eponym's disease ("Paget's disease", in a case report most often of bone) are not read so
    a = kg.annotate("Calciphylaxis in a woman with metastatic breast carcinoma. History of lung adenocarcinoma, "
                    "of a common wart and of Paget's disease.")
    conditions = {m.text: m.curie for m in a.mentions if m.kind == "condition"}
    assert conditions == {"metastatic breast carcinoma": "XSCO:0000032", "lung adenocarcinoma": "XSCO:0000032"}
    assert "XSCO:0000032" in a.finding().disorders
    assert not any(m.kind == "type" and m.curie != "XSCO:0001006" for m in a.mentions)


def test_musculature_is_the_muscles(kg: kgtools.KnowledgeGraph) -> None:
    a = kg.annotate("A hypoechoic lesion with calcification in the paravertebral musculature.")
    assert _sites(a, "musculature") == {SKELETAL_MUSCLE}
