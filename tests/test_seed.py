"""The seed is data: every statement of the seed abstract comes back, with its exact qualifier and source.

The contract is tests/data/seed_statements.tsv, written from the seed text (one row per statement).
Each row is checked through ``kg.associations()`` and through the named query a user would ask.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import pytest

import kgtools

from .conftest import DATA

SEED = "https://eexot-journal.com/index.php/aoet/article/view/31"
HEDGES_OF_THE_SEED = {"common", "especially", "usually not", "most often", "has been described"}


@dataclass(frozen=True)
class SeedStatement:
    id: str
    claim: str
    subject: str
    predicate: str
    object: str
    qualifier: str | None
    open_list: bool
    negated: bool
    query: str


def _statements() -> list[SeedStatement]:
    lines = [
        line for line in (DATA / "seed_statements.tsv").read_text().splitlines() if line and not line.startswith("#")
    ]
    out = []
    for row in csv.reader(lines, delimiter="\t"):
        ident, claim, subject, predicate, obj, qualifier, open_list, negated, query = row
        out.append(
            SeedStatement(
                ident, claim, subject, predicate, obj, qualifier or None, open_list == "true", negated == "true", query
            )
        )
    return out


STATEMENTS = _statements()


def _seed_text() -> str:
    return " ".join((DATA / "provenance" / "seed.txt").read_text(encoding="utf-8").split())


@pytest.mark.parametrize("st", STATEMENTS, ids=[f"{s.id}-{s.claim}-{s.object}" for s in STATEMENTS])
def test_seed_statement_via_associations(kg: kgtools.KnowledgeGraph, st: SeedStatement) -> None:
    found = [
        a
        for a in kg.associations(subject=st.subject, object=st.object, predicate=st.predicate)
        if a.source == SEED and a.iri.endswith(st.id)
    ]
    assert len(found) == 1, f"{st.id}: {st.subject} {st.predicate} {st.object} is missing"
    a = found[0]
    assert a.qualifier == st.qualifier
    assert a.open_list is st.open_list
    assert a.negated is st.negated
    assert a.subject.label == st.subject and a.object.label == st.object
    assert a.text, "every seed statement carries the seed's sentence"


@pytest.mark.parametrize("st", STATEMENTS, ids=[f"{s.id}-{s.query}" for s in STATEMENTS])
def test_seed_statement_via_named_query(kg: kgtools.KnowledgeGraph, st: SeedStatement) -> None:
    subject, obj = kg.term(st.subject), kg.term(st.object)
    if st.query == "disorders-for-type":
        rows = kg.query("disorders-for-type", type=st.subject).rows
        match = [r for r in rows if r["disorder"] == obj.iri and r["association"].endswith(st.id)]
    elif st.query == "types-for-disorder":
        rows = kg.query("types-for-disorder", disorder=st.object).rows
        match = [r for r in rows if r["type"] == subject.iri and r["association"].endswith(st.id)]
    elif st.query == "sites-for-type":
        rows = kg.query("sites-for-type", type=st.subject).rows
        match = [r for r in rows if r["site"] == obj.iri]
    elif st.query == "mechanisms":
        rows = kg.query("mechanisms", type=st.subject, source=SEED).rows
        match = [r for r in rows if r["mechanism"] == obj.iri]
    elif st.query == "qualified-statements":
        rows = kg.query("qualified-statements", source=SEED).rows
        match = [r for r in rows if r["subject"] == subject.iri and r["object"] == obj.iri]
    elif st.query == "calcification-types":
        rows = kg.query("calcification-types").rows
        match = [
            {"qualifier": None, "source": SEED} for r in rows if r["type"] == subject.iri and r["parent"] == obj.iri
        ]
    else:
        rows = kg.query("associations", subject=st.subject, object=st.object).rows
        match = [r for r in rows if r["association"].endswith(st.id)]
    assert match, f"{st.id} not answered by named query {st.query}"
    assert match[0].get("qualifier") == st.qualifier
    assert match[0].get("source", SEED) == SEED


def test_nothing_else_is_attributed_to_the_seed(kg: kgtools.KnowledgeGraph) -> None:
    """Besides the contract's statements, only the seed's classification scheme (issue 10: the three
    categories 'classified under' extra-skeletal calcification within the seed's scheme) cites the seed."""
    expected = {s.id for s in STATEMENTS}
    seed = [a for a in kg.associations() if a.source == SEED]
    attributed = {a.iri.rsplit("/", 1)[-1] for a in seed if a.predicate != "XSCO:0000210"}
    assert attributed == expected
    for a in seed:
        if a.predicate == "XSCO:0000210":
            assert (
                a.scheme is not None and a.scheme.label == "seed three-way classification of soft tissue calcification"
            ), a.iri


def test_seed_supporting_text_is_verbatim(kg: kgtools.KnowledgeGraph) -> None:
    seed = _seed_text()
    for a in kg.associations():
        if a.source == SEED:
            assert a.text in seed, f"{a.iri}: supporting text is not a quotation of the seed"


def test_seed_qualifiers_are_the_seed_words(kg: kgtools.KnowledgeGraph) -> None:
    seed = _seed_text()
    used = {a.qualifier for a in kg.associations() if a.source == SEED and a.qualifier}
    assert used == HEDGES_OF_THE_SEED
    for word in used:
        assert re.search(rf"\b{re.escape(word)}\b", seed), word


def test_seed_wording_is_findable(kg: kgtools.KnowledgeGraph) -> None:
    for text, label in [
        ("malignancies", "malignancy"),
        ("CREST syndrome", "CREST syndrome"),
        ("SLE", "systemic lupus erythematosus"),
        ("neoplasms", "neoplasm"),
        ("primary bone forming tumors", "primary bone-forming tumor"),
        ("subcutaneous tissues", "hypodermis"),
        ("skin", "skin of body"),
        ("related connective tissues", "connective tissue"),
        ("inflammatory connective-tissue diseases", "inflammatory connective tissue disease"),
        ("extraskeletal calcification", "extra-skeletal calcification"),
        ("deposition of calcium and phosphorous salts in the soft tissues", "extra-skeletal calcification"),
        ("calcium and phosphorus abnormality", "calcium-phosphate abnormality"),
        ("milk alkali syndrome", "milk-alkali syndrome"),
    ]:
        assert kg.term(text).label == label
        assert label in [t.label for t in kg.search(text)]


# --- hedges stay hedges ----------------------------------------------------------------------

ASK_DISJOINT = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
ASK { { <%(a)s> owl:disjointWith <%(b)s> } UNION { <%(b)s> owl:disjointWith <%(a)s> }
      UNION { ?x a owl:AllDisjointClasses ; owl:members ?l .
              ?l rdf:rest*/rdf:first <%(a)s> . ?l rdf:rest*/rdf:first <%(b)s> } }
"""


def test_usually_not_never_becomes_disjointness(kg: kgtools.KnowledgeGraph) -> None:
    calcinosis = kg.term("calcinosis").iri
    for other in ("calcium-phosphate abnormality", "elevated calcium-phosphate level", "metastatic calcification"):
        query = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" + ASK_DISJOINT % {
            "a": calcinosis,
            "b": kg.term(other).iri,
        }
        assert not kg.query(query).boolean, f"calcinosis must not be disjoint with {other}"


def test_negated_statements_have_no_shortcut(kg: kgtools.KnowledgeGraph) -> None:
    negated = [a for a in kg.associations() if a.negated]
    assert negated, "the seed's 'usually not' is a negated association"
    for a in negated:  # no triple with the negated statement's own predicate (others may hold)
        predicate = kg.query(
            f"SELECT ?p WHERE {{ <{a.iri}> <http://purl.org/oban/association_has_predicate> ?p }}"
        ).rows[0]["p"]
        assert not kg.query(f"ASK {{ <{a.subject.iri}> <{predicate}> <{a.object.iri}> }}").boolean, a.iri


PREFIXES = "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


def test_calcinosis_is_not_equivalent_to_dystrophic(kg: kgtools.KnowledgeGraph) -> None:
    calcinosis, dystrophic = kg.term("calcinosis").iri, kg.term("dystrophic calcification").iri
    assert calcinosis != dystrophic  # the label wins over the contested synonym
    linked = kg.query(
        PREFIXES + f"ASK {{ {{ <{calcinosis}> owl:equivalentClass <{dystrophic}> }}"
        f" UNION {{ <{dystrophic}> owl:equivalentClass <{calcinosis}> }}"
        f" UNION {{ <{calcinosis}> rdfs:subClassOf <{dystrophic}> }}"
        f" UNION {{ <{dystrophic}> rdfs:subClassOf <{calcinosis}> }}"
        f" UNION {{ <{calcinosis}> owl:disjointWith <{dystrophic}> }}"
        f" UNION {{ <{dystrophic}> owl:disjointWith <{calcinosis}> }} }}"
    )
    assert not linked.boolean, "the contested synonym must not become equivalence, subsumption or disjointness"
    # the tension is recorded: a contested synonym with an editor note, and the claim as an association
    assert "dystrophic calcification" in kg.term("calcinosis").synonyms
    assert any(a.predicate == "XSCO:0000207" for a in kg.associations(subject="calcinosis"))
    note = kg.query(PREFIXES + f"SELECT ?n WHERE {{ <{calcinosis}> <http://purl.obolibrary.org/obo/IAO_0000116> ?n }}")
    assert "Contested synonym" in note.rows[0]["n"]
    assert not kg.query(PREFIXES + f"ASK {{ <{calcinosis}> owl:equivalentClass ?x }}").boolean, (
        "calcinosis has no seed definition, so no defined class"
    )


def test_open_lists_have_no_closure(kg: kgtools.KnowledgeGraph) -> None:
    """No covering (unionOf as equivalent class) or allValuesFrom closure on a subject of an open list."""
    subjects = {a.subject.iri for a in kg.associations() if a.open_list} | {
        a.object.iri for a in kg.associations() if a.open_list and a.predicate == "rdfs:subClassOf"
    }
    for iri in subjects:
        assert not kg.query(
            "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
            f"ASK {{ {{ <{iri}> owl:equivalentClass/owl:unionOf ?u }} UNION {{ <{iri}> owl:disjointUnionOf ?u }}"
            f" UNION {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#subClassOf>/owl:allValuesFrom ?v }} }}"
        ).boolean, iri


def test_ossification_is_kept_apart_from_calcification(kg: kgtools.KnowledgeGraph) -> None:
    ho, calc = kg.term("heterotopic ossification"), kg.term("extra-skeletal calcification")
    assert kg.query(
        f"PREFIX owl: <http://www.w3.org/2002/07/owl#> ASK {{ <{calc.iri}> owl:disjointWith <{ho.iri}> }}"
    ).boolean
    parents = {r["parent"] for r in kg.query("calcification-types").rows if r["type"] == ho.iri}
    assert parents == {kg.term("extra-skeletal mineralization").iri}


def test_beyond_the_seed_has_its_own_real_sources(kg: kgtools.KnowledgeGraph) -> None:
    others = [a for a in kg.associations() if a.source != SEED]
    assert others
    for a in others:
        assert a.source.startswith(("http://", "https://")) and "shared" not in a.source
        assert "domain-facts" not in a.source


def test_ontology_header(kg: kgtools.KnowledgeGraph) -> None:
    info = kg.info()
    assert info["ontology"] == "https://w3id.org/xsco/xsco.owl"
    assert info["version_iri"].startswith("https://w3id.org/xsco/releases/")
    license_row = kg.query(
        "SELECT ?l ?s WHERE { <https://w3id.org/xsco/xsco.owl> <http://purl.org/dc/terms/license> ?l ;"
        " <http://purl.org/dc/terms/source> ?s }"
    ).rows
    assert license_row == [{"l": "https://creativecommons.org/licenses/by/4.0/", "s": SEED}]
