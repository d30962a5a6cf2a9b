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
