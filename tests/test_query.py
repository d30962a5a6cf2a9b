"""The named-query library: headers, parameter binding (safe, typed), results and their renderings."""

from __future__ import annotations

import csv
import io
import json
import re
import sys

import pytest

import kgtools
from kgtools.prefixes import compress
from kgtools.query import QueryLibrary

LIBRARY = QueryLibrary()
NAMES = LIBRARY.names()
REQUIRED = {
    "disorders-for-type",
    "types-for-disorder",
    "sites-for-type",
    "qualified-statements",
    "calcification-types",
    "term-lookup",
    "associations",
}


def example_params(name: str) -> dict[str, str]:
    """Parameters from the query's ``# example:`` header line (``key=value; key=value``)."""
    examples = LIBRARY.get(name).header.get("example", ("",))
    text = examples[0]
    return dict(part.split("=", 1) for part in (p.strip() for p in text.split(";")) if "=" in part)


def test_library_has_the_required_queries() -> None:
    assert set(NAMES) >= REQUIRED


@pytest.mark.parametrize("name", NAMES)
def test_query_header_is_documented(name: str) -> None:
    query = LIBRARY.get(name)
    assert query.title and query.description, f"{name}: add '# title:' and '# description:'"
    assert "example" in query.header, f"{name}: add an '# example:' line"
    select = re.search(r"SELECT(.*?)WHERE", query.text, re.DOTALL | re.IGNORECASE)
    assert select
    for param in query.parameters:
        assert f"?{param.name}" in select.group(1), f"{name}: parameter ?{param.name} must be projected"


# Queries that need a graph the bundled ontology does not hold (e.g. HPO) run in their own modules.
SELF_CONTAINED = [n for n in NAMES if "cq-requires" not in LIBRARY.get(n).header]


@pytest.mark.parametrize("name", SELF_CONTAINED)
def test_query_example_answers_alike_on_both_engines(name: str, kg_any: kgtools.KnowledgeGraph, kg) -> None:
    params = example_params(name)
    result = kg_any.query(name, **params)
    assert len(result) > 0, f"{name} with {params} returned nothing"
    reference = kg.query(name, **params)
    assert sorted(map(repr, result.rows)) == sorted(map(repr, reference.rows))


def test_parameters_are_bound_not_spliced(kg: kgtools.KnowledgeGraph) -> None:
    evil = '" . } } SELECT * WHERE { ?s ?p ?o } #'
    assert kg.query("term-lookup", text=evil).rows == []
    with pytest.raises(kgtools.UnknownTermError):
        kg.query("disorders-for-type", type=evil)
    with pytest.raises(kgtools.ParameterError):
        kg.query("associations", predicate="http://x/> } ?s ?p ?o { <y")


def test_parameter_errors(kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(kgtools.ParameterError, match="needs parameter 'type'"):
        kg.query("disorders-for-type")
    with pytest.raises(kgtools.ParameterError, match="has no parameter 'typo'"):
        kg.query("disorders-for-type", typo="calcinosis")
    with pytest.raises(kgtools.UnknownQueryError) as info:
        kg.query("no-such-query")
    assert "disorders-for-type" in str(info.value)


def test_raw_sparql_and_errors(kg: kgtools.KnowledgeGraph) -> None:
    result = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert result.rows[0]["n"] > 1000
    assert kg.query("ASK { ?s ?p ?o }").boolean is True
    graph = kg.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3")
    assert graph.kind == "graph" and len(graph) == 3
    with pytest.raises(kgtools.QueryError, match="malformed SPARQL"):
        kg.query("SELEC ?x WHERE {}")


def test_result_renderings(kg: kgtools.KnowledgeGraph) -> None:
    result = kg.query("sites-for-type", type="calcinosis")
    rows = result.rows
    assert {r["qualifier"] for r in rows} == {"most often"}
    assert all(r["open_list"] is False for r in rows)
    parsed = json.loads(result.to_json())
    assert parsed == rows
    table = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert [r["site"] for r in table] == [r["site"] for r in rows]
    tsv = result.to_tsv(curies=True).splitlines()
    assert tsv[0].split("\t") == result.variables and "UBERON:0002072" in "\n".join(tsv)
    assert "most often" in result.to_table()


def test_disorders_exclude_negated(kg: kgtools.KnowledgeGraph) -> None:
    labels = {a.object.label for a in kg.disorders_for("calcinosis")}
    assert "calcium-phosphate abnormality" not in labels
    assert {"systemic lupus erythematosus", "scleroderma", "dermatomyositis"} <= labels


def test_disorders_only_decided_by_the_external_cause_class(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 18: trauma and drug exposure are conditions of a type but not disorders (XSCO:0000052 'external cause')."""
    conditions = {a.object.curie for a in kg.conditions_for("dystrophic calcification")}
    disorders = {a.object.curie for a in kg.disorders_for("dystrophic calcification")}
    assert {"XSCO:0001543", "XSCO:0000047"} <= conditions  # drug exposure (RSNA 2005), trauma (the seed)
    assert not {"XSCO:0001543", "XSCO:0000047"} & disorders
    excluded = set(kg.descendants("external cause", predicates="is_a", reflexive=True))
    excluded |= set(kg.descendants("XSCO:0000001", predicates="is_a", reflexive=True))
    assert "XSCO:0000009" in conditions and disorders == conditions - excluded  # heterotopic ossification: a type
    named = kg.query("disorders-for-type", type="dystrophic calcification").rows
    assert {compress(str(r["disorder"])) for r in named} == disorders  # the named query agrees
    assert "XSCO:0000044" in disorders  # scleroderma


def test_disorders_for_rolls_up_subtypes(kg: kgtools.KnowledgeGraph) -> None:
    def key(found: list) -> set[tuple[str, str, str]]:
        return {(a.subject.curie, a.object.curie, a.source or "") for a in found}

    direct = kg.disorders_for("dystrophic calcification")
    rolled = kg.disorders_for("dystrophic calcification", include_subtypes=True)
    subtypes = set(kg.descendants("dystrophic calcification", predicates="is_a", reflexive=True))
    assert key(direct) < key(rolled)
    assert {a.subject.curie for a in rolled} <= subtypes and len({a.subject.curie for a in rolled}) > 1
    external = set(kg.descendants("external cause", predicates="is_a", reflexive=True))
    assert not {a.object.curie for a in rolled} & external
    everything = kg.conditions_for("extra-skeletal mineralization", include_subtypes=True)
    assert {"XSCO:0001021", "XSCO:0001720"} <= {a.object.curie for a in everything}  # spinal cord injury, surgery


def test_types_for_disorder(kg: kgtools.KnowledgeGraph) -> None:
    seed = "https://eexot-journal.com/index.php/aoet/article/view/31"
    found = {(a.subject.label, a.qualifier) for a in kg.types_for("scleroderma") if a.source == seed}
    assert found == {("dystrophic calcification", None), ("calcinosis", "has been described")}
    found = {(a.subject.label, a.qualifier) for a in kg.types_for("scleroderma")}  # other sources add more
    assert ("calcinosis circumscripta", "typical of") in found  # the source's own words
    assert {"dystrophic calcification", "heterotopic ossification"} <= {a.subject.label for a in kg.types_for("trauma")}


def test_associations_as_a_dataframe(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 18: kg.associations(...) as a pandas DataFrame, one row per statement, CURIEs and labels."""
    pd = pytest.importorskip("pandas")
    from kgtools.associations import ASSOCIATION_COLUMNS

    found = kg.associations(subject="calcinosis")
    frame = kg.associations_dataframe(subject="calcinosis")
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(ASSOCIATION_COLUMNS)
    assert len(frame) == len(found) > 0
    assert set(frame["subject"]) == {"XSCO:0000005"} and set(frame["subject_label"]) == {"calcinosis"}
    assert set(frame["object"]) == {a.object.curie for a in found}
    assert set(frame["association"]) == {compress(a.iri) for a in found}
    hedged = frame[frame["qualifier"] == "most often"]
    assert not hedged.empty and set(hedged["predicate"]) == {"RO:0004026"}  # sites, with the seed's hedge


def test_associations_dataframe_without_pandas(kg: kgtools.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(kgtools.KgError, match="pandas"):
        kg.associations_dataframe(subject="calcinosis")


def test_cached_associations_follow_the_store(fresh_kg: kgtools.KnowledgeGraph) -> None:
    """Associations are kept between calls, dropped when the graph changes, and a caller's list is its own."""
    before = fresh_kg.associations(subject="calcinosis")
    mine = fresh_kg.associations(subject="calcinosis")
    mine.clear()
    assert fresh_kg.associations(subject="calcinosis") == before
    fresh_kg.add_data(
        """@prefix oban: <http://purl.org/oban/> . @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix obo: <http://purl.obolibrary.org/obo/> . @prefix XSCO: <https://w3id.org/xsco/XSCO_> .
        <https://example.org/new> a oban:association ; oban:association_has_subject XSCO:0000005 ;
            oban:association_has_predicate obo:RO_0004026 ; oban:association_has_object obo:UBERON_0002398 ;
            dcterms:source <https://example.org/source> .""",
        graph="data",
    )
    after = fresh_kg.associations(subject="calcinosis")
    assert len(after) == len(before) + 1 and any(a.source == "https://example.org/source" for a in after)
