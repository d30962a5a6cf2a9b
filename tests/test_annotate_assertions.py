"""The annotator's assertion statuses (issue 17, the ninth moved batch): a hedged attribution is no negation, the
scope of "absence of" and "no history of", an entertained diagnosis, a condition's word naming a place of care,
and the ossified form only where the lesion itself is bone."""

from __future__ import annotations

import pytest

import kgtools
from kgtools.annotate import Annotation, Mention

DYSTROPHIC = "XSCO:0000004"
INFECTION = "XSCO:0001505"


def _span(a: Annotation, text: str) -> Mention:
    return next(m for m in a.mentions if m.text.casefold() == text.casefold())


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
