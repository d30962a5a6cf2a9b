"""Abbreviations a text defines (kgtools.abbreviations: Schwartz and Hearst's pairing) and how the annotator reads
their later uses."""

from __future__ import annotations

from typing import Any

import pytest

import kgtools
from kgtools.abbreviations import LOOK_BACK, best_long_form, definitions, uses
from kgtools.annotate import annotate

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp() -> Any:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


def _pairs(nlp: Any, text: str) -> dict[str, str]:
    doc = nlp(text)
    return {" ".join(d.short): d.long_text(doc) for d in definitions(doc)}


@pytest.mark.parametrize(
    "text, pairs",
    [
        ("Heterotopic ossification (HO) of the hip.", {"HO": "Heterotopic ossification"}),
        # the shortest long form whose words hold the letters in order, the first at a word's start
        ("A man with chronic kidney disease (CKD) on dialysis.", {"CKD": "chronic kidney disease"}),
        ("end-stage renal disease (ESRD) on haemodialysis (HD)", {"ESRD": "end-stage renal disease",
                                                                   "HD": "haemodialysis"}),
        # letters inside words, and a short form with lower-case letters
        ("hydroxyapatite deposition disease (HADD) and calcium pyrophosphate deposition disease (CPPD)",
         {"HADD": "hydroxyapatite deposition disease", "CPPD": "calcium pyrophosphate deposition disease"}),
        ("limited cutaneous systemic sclerosis (lcSSc) and systemic sclerosis (SSc)",
         {"lcSSc": "limited cutaneous systemic sclerosis", "SSc": "systemic sclerosis"}),
        # only the words before a comma, a semicolon or a nested parenthesis
        ("fibrodysplasia ossificans progressiva (FOP (OMIM 135100)) was confirmed.",
         {"FOP": "fibrodysplasia ossificans progressiva"}),
        ("heterotopic ossification (HO; Brooker grade III) was seen.", {"HO": "heterotopic ossification"}),
        # the long form in the parenthesis, the short form the word before it
        ("In him HO (heterotopic ossification) was seen.", {"HO": "heterotopic ossification"}),
        ("HO (heterotopic ossification of the hip) was seen.", {}),  # 5 words: at most min(2 + 5, 2 * 2)
        # statistics, counts, figures and glosses are no abbreviations
        ("calcification of the hand (p = 0.02) and the foot (n = 5) (Figure 1) (right) (mild)", {}),
        ("a mass of the thigh (Fig. 2) and knee (Table 1)", {}),
        # a letter of the short form missing from the words before it
        ("calcification of the thigh (MRI)", {}),
        # the first definition of a short form is its definition
        ("calcific tendinitis (CT) ... computed tomography (CT)", {"CT": "calcific tendinitis"}),
        # no long form across a sentence end
        ("Heterotopic ossification. (HO) was seen.", {}),
    ],
)
def test_the_pairing(nlp: Any, text: str, pairs: dict[str, str]) -> None:
    assert _pairs(nlp, text) == pairs


def test_best_long_form_is_the_shortest_run_of_words() -> None:
    assert best_long_form("HO", "a man with heterotopic ossification") == len("a man with ")
    assert best_long_form("HO", "ossification of the hip") is None  # H must start a word before the O
    assert best_long_form("XY", "heterotopic ossification") is None


def test_a_long_form_has_at_most_min_a_plus_5_2a_words(nlp: Any) -> None:
    # "AB": at most 4 words; "alpha x x x beta": 5
    assert _pairs(nlp, "alpha x x x beta (AB)") == {}
    assert _pairs(nlp, "alpha x beta (AB)") == {"AB": "alpha x beta"}


def test_uses_are_later_occurrences_with_their_plural(nlp: Any) -> None:
    doc = nlp("AVM first. An arteriovenous malformation (AVM) of the gland; the AVM and two AVMs; AVMS.")
    defined = definitions(doc)
    found = [(doc[s:e].text, d.long_text(doc)) for s, e, d in uses(doc, defined)]
    assert found == [("AVM", "arteriovenous malformation"), ("AVMs", "arteriovenous malformation")]


def test_the_search_is_bounded(nlp: Any) -> None:
    """A long form is looked for only a bounded number of tokens back, so the work grows with the text, not
    with the square of its parentheses."""
    text = "heterotopic ossification " + "word " * (LOOK_BACK + 5) + "(HO)."
    assert _pairs(nlp, text) == {}
    many = " ".join(f"calcification of site {i} (Figure {i})." for i in range(2000))
    assert _pairs(nlp, many) == {}


# --- the annotator's reading -------------------------------------------------------------------


def test_a_later_use_is_its_long_forms_term_with_its_own_status(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "A boy with fibrodysplasia ossificans progressiva (FOP) had ossification of the back. "
                     "FOP was confirmed genetically. His sister has no FOP.")
    fop = [m for m in a.mentions if m.text == "FOP"]
    # the short form in its own definition is no second span
    assert [(m.start, m.curie, m.kind, m.status) for m in fop] == [
        (a.text.index("FOP was"), "XSCO:0001700", "condition", "present"),
        (a.text.rindex("FOP"), "XSCO:0001700", "condition", "negated")]
    assert {m.long_form for m in fop} == {"fibrodysplasia ossificans progressiva"}
    # the definition is part of the long form's span
    long = next(m.text for m in a.mentions if m.curie == "XSCO:0001700")
    assert long == "fibrodysplasia ossificans progressiva (FOP)"
    b = annotate(kg, "In him HO (heterotopic ossification) was seen in the hip. HO recurred.")
    assert [(m.text, m.long_form) for m in b.mentions if m.curie == "XSCO:0000009"] == [
        ("HO (heterotopic ossification)", None), ("HO", "heterotopic ossification")]
    assert fop[0].to_dict()["long_form"] == "fibrodysplasia ossificans progressiva"


def test_the_texts_definition_wins_over_the_lexicons_reading(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Calcific tendinitis (CT) of the rotator cuff (RC) tendon. CT of the RC was painful.")
    later = {m.text: (m.kind, m.curie) for m in a.mentions if m.start > a.text.index(".")}
    assert later["CT"] == ("type", "XSCO:0001311")  # calcific tendinopathy, not computed tomography
    assert later["RC"] == ("site", "UBERON:0003683")
    # undefined, "CT" is the imaging modality
    b = annotate(kg, "CT of the rotator cuff showed calcific tendinitis.")
    assert [m.kind for m in b.mentions if m.text == "CT"] == ["modality"]


def test_a_long_form_read_by_its_last_words_is_read_so_at_every_use(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "Calcification of the neck. Multi-slice computed tomography (MSCT) was done. MSCT was normal.")
    later = [(m.kind, m.curie) for m in a.mentions if m.text == "MSCT"]
    assert later == [("modality", "XSCO:0001595")]  # computed tomography, as the long form itself is read


def test_a_reference_terms_abbreviation_keeps_its_label(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "An arteriovenous malformation (AVM) of the neck. Calcifications within the AVM.")
    avm = [m for m in a.mentions if m.text == "AVM"]
    assert len(avm) == 1 and avm[0].curie and avm[0].label
    long = next(m for m in a.mentions if m.text == "arteriovenous malformation (AVM)")
    # read as the long form is (an XSCO condition since arteriovenous malformation became a class of XSCO's)
    assert (long.kind, long.curie, long.label) == (avm[0].kind, avm[0].curie, avm[0].label)


def test_abbreviations_the_text_does_not_define_stay_unread(kg: kgtools.KnowledgeGraph) -> None:
    a = annotate(kg, "ESRD on HD; CKD, HO and an AVM; calcification of the hand.")
    assert not [m for m in a.mentions if m.text in {"HD", "HO", "AVM"}]
    # ... but one that an XSCO term's source lists as its synonym is that synonym
    assert [m.curie for m in a.mentions if m.text in {"ESRD", "CKD"}] == ["XSCO:0001011", "XSCO:0001010"]
    # a definition whose long form names nothing known reads nothing
    b = annotate(kg, "Calcification of the hand in a quixotic zebra xylophone (QZX). QZX was seen.")
    assert not [m for m in b.mentions if m.text == "QZX"]
