"""Term lookup by CURIE, IRI, label and synonym; search ranking; unknown terms."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

import kgtools
from kgtools.terms import TermIndex
from kgtools.vocab import RDFS_LABEL

CALCINOSIS = "XSCO:0000005"
CALCINOSIS_IRI = "https://w3id.org/xsco/XSCO_0000005"
FAKE_ID = "XSCO:9999999"


@pytest.mark.parametrize(
    "text",
    [CALCINOSIS, CALCINOSIS_IRI, "calcinosis", "CALCINOSIS", "  Calcinosis  ", "xsco:0000005"],
)
def test_term_by_any_name(kg: kgtools.KnowledgeGraph, text: str) -> None:
    if text == "xsco:0000005":  # CURIE prefixes are case-sensitive: this is not a known CURIE nor a label
        with pytest.raises(kgtools.UnknownTermError):
            kg.term(text)
        return
    term = kg.term(text)
    assert (term.curie, term.iri, term.label) == (CALCINOSIS, CALCINOSIS_IRI, "calcinosis")
    assert term.definition and term.definition.startswith("An extra-skeletal calcification")


def test_term_fields(kg: kgtools.KnowledgeGraph) -> None:
    crest = kg.term("limited cutaneous systemic sclerosis")
    assert crest.label == "CREST syndrome"
    assert "CREST" in crest.synonyms
    assert isinstance(crest.xrefs, tuple)
    site = kg.term("subcutaneous tissue")
    assert site.curie == "UBERON:0002072" and site.label == "hypodermis"


def test_label_beats_synonym(kg: kgtools.KnowledgeGraph) -> None:
    # "dystrophic calcification" is a label and also calcinosis' contested synonym
    assert kg.term("dystrophic calcification").curie == "XSCO:0000004"


def test_exact_synonym_beats_related(kg: kgtools.KnowledgeGraph) -> None:
    assert kg.term("tumour").label == "neoplasm"


@pytest.mark.parametrize("text", [FAKE_ID, "calcinsis", "https://w3id.org/xsco/XSCO_9999999", "", "   "])
def test_unknown_term(kg: kgtools.KnowledgeGraph, text: str) -> None:
    with pytest.raises(kgtools.UnknownTermError) as info:
        kg.term(text)
    assert isinstance(info.value, KeyError) and isinstance(info.value, kgtools.KgError)
    assert "\n" not in str(info.value)


def test_unknown_term_suggests_close_matches(kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(kgtools.UnknownTermError) as info:
        kg.term("calcinsis")
    assert "calcinosis" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_close_matches_are_looked_for_only_when_shown(
    kg: kgtools.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Testing whether a text is a term (as the differential does for every phrase) costs no fuzzy search;
    the message and a pickled copy (errors cross process boundaries in the server) still carry them."""
    import pickle

    from kgtools.terms import TermIndex

    calls: list[str] = []
    real = TermIndex.close_matches
    monkeypatch.setattr(TermIndex, "close_matches", lambda self, text, n=3: calls.append(text) or real(self, text, n))
    with pytest.raises(kgtools.UnknownTermError) as info:
        kg.term("calcinsis")
    assert calls == []
    assert "did you mean: calcinosis" in str(info.value) and calls == ["calcinsis"]
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value) and again.suggestions == info.value.suggestions and len(calls) == 1


def test_search_exact_first_then_partial(kg: kgtools.KnowledgeGraph) -> None:
    hits = [t.label for t in kg.search("calcinosis", limit=50)]
    assert hits[0] == "calcinosis"
    assert {"calcinosis universalis", "calcinosis circumscripta", "tumoral calcinosis"} <= set(hits)
    assert len(hits) == len(set(hits)), "each term once"


def test_search_limit_and_order(kg: kgtools.KnowledgeGraph) -> None:
    hits = kg.search("sarcoma", limit=3)
    assert len(hits) == 3
    assert hits[0].label == "sarcoma"
    assert {t.label for t in kg.search("sarcoma")} >= {"sarcoma", "osteosarcoma", "synovial sarcoma"}
    assert kg.search("") == [] and kg.search("sarcoma", limit=0) == []


def test_search_ranks_word_starts_above_substrings(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 18: "sclero" starts a word of "systemic sclerosis" but sits inside "arteriosclerosis obliterans"."""
    hits = [t.label for t in kg.search("sclero", limit=50)]
    assert set(hits[:2]) == {"scleroderma", "Sclerodactyly"}  # labels that start with it (HP:0011838: issue 17)
    assert hits.index("systemic sclerosis") < hits.index("arteriosclerosis obliterans")
    assert hits.index("systemic sclerosis") < hits.index("cutaneous arteriolosclerosis")
    # the same order through the index directly, for a made-up pair that differs only there
    index = TermIndex([
        {"s": URIRef("urn:x:1"), "p": URIRef(RDFS_LABEL), "o": Literal("abcsclerosis")},
        {"s": URIRef("urn:x:2"), "p": URIRef(RDFS_LABEL), "o": Literal("zz sclerosis")},
    ])
    assert [t.iri for t in index.search("sclero")] == ["urn:x:2", "urn:x:1"]


def test_search_finds_synonyms(kg: kgtools.KnowledgeGraph) -> None:
    assert kg.search("SLE")[0].label == "systemic lupus erythematosus"
    assert kg.search("malignancies")[0].label == "malignancy"


def test_every_term_listed(kg: kgtools.KnowledgeGraph) -> None:
    curies = [t.curie for t in kg.terms()]
    assert curies == sorted(curies)
    assert CALCINOSIS in curies and "UBERON:0002072" in curies


def test_lookup_of_an_external_id_gives_its_term_then_the_mapped_xsco_term(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 18: kg.term(CURIE) is the CURIE's own term; lookup (the CLI's) adds the XSCO term mapped to it."""
    hits = [t.curie for t in kg.lookup("DOID:0060218")]
    assert hits[:2] == ["DOID:0060218", "XSCO:0000046"]  # CREST syndrome
    assert kg.lookup("hp:0025520")[0].curie == "XSCO:0001001"  # not a CURIE (prefixes are case-sensitive): the xref
