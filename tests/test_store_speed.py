"""Issue 19: label joins that cannot go quadratic, counts by the store, lazy query-result terms,
CURIE rows, DataFrames and term look-ups without the whole index. No timing is asserted here
(benchmarks/engines.py and benchmarks/repro_oxigraph_leftjoin.py print the figures)."""

from __future__ import annotations

import pickle
import re
import sys
from pathlib import Path

import pytest
from rdflib.term import Literal, URIRef

import kgtools
from kgtools.query import Curie, QueryLibrary, bind_parameters, examples, run_query
from kgtools.store import LazyRow
from kgtools.terms import TermIndex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from engines import generate

LIBRARY = QueryLibrary()
TYPE_LABELS = {  # query -> label variables of terms that many rows share and that have many triples
    "associations": {"subject_label"},
    "qualified-statements": {"subject_label"},
    "quantities": {"subject_label"},
    "mechanisms": {"type_label"},
    "calcification-types": {"type_label", "parent_label"},
    "classification": {"term_label", "category_label"},
    "imaging-signs": {"term_label"},
    "minerals": {"stated_for_label"},
    "causes-by-scheme": {"category_label"},
}
PER_ROW = re.compile(r"OPTIONAL \{ \?(\w+) rdfs:label \?(\w+) \}")
# Optionally the sub-select first takes the query's own distinct terms (no scan of every label).
NARROW = r"(?:\s*\{ SELECT DISTINCT \?\w+ WHERE \{ [^{}]* \} \})?"


@pytest.mark.parametrize("name", sorted(TYPE_LABELS))
def test_type_labels_are_joined_from_a_sub_select(name: str) -> None:
    """Regression (issue 19): per-row `?type rdfs:label ?l` look-ups went quadratic on Oxigraph's memory store."""
    text = LIBRARY.get(name).text
    per_row = {m[2] for m in PER_ROW.finditer(text)}
    for label in TYPE_LABELS[name]:
        assert label not in per_row
        assert re.search(rf"\{{ SELECT \?\w+ \?{label} WHERE \{{{NARROW}\s*\?\w+ rdfs:label \?{label} \}} \}}", text)


def _association(row: dict) -> str:
    return str(row["association"])


def _rowset(result: kgtools.QueryResult) -> set[tuple]:
    return {tuple(sorted((k, v.n3()) for k, v in row.items())) for row in result.terms}


@pytest.fixture(scope="module")
def heavy_kgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, kgtools.KnowledgeGraph]:
    """XSCO plus association-heavy generated data (three types, a shortcut triple per association)."""
    path = tmp_path_factory.mktemp("heavy") / "heavy.nt"
    generate(path, 3000, "associations")
    return {engine: kgtools.load(bundled=True, engine=engine, data=[path]) for engine in ("oxigraph", "rdflib")}


@pytest.mark.parametrize("name", sorted(TYPE_LABELS))
def test_rewritten_queries_give_the_per_row_rows(heavy_kgs: dict[str, kgtools.KnowledgeGraph], name: str) -> None:
    """The sub-select form gives exactly the rows of the plain per-row OPTIONAL form, on both engines."""
    query = LIBRARY.get(name)
    plain = re.sub(
        r"OPTIONAL \{ \{ SELECT \?(\w+) \?(\w+) WHERE \{" + NARROW + r"\s*\?\w+ rdfs:label \?\w+ \} \} \}",
        r"OPTIONAL { ?\1 rdfs:label ?\2 }",
        query.text,
    )
    assert plain != query.text
    params = examples(query)[0] if examples(query) else {}
    for kg in heavy_kgs.values():
        bindings = bind_parameters(query, params, lambda text, kg=kg: kg.term(text).iri)
        rewritten = kg.query(name, **params)
        reference = kgtools.QueryResult.from_solutions(kg.store.query(plain, bindings or None))
        assert _rowset(rewritten) == _rowset(reference)
    assert _rowset(heavy_kgs["oxigraph"].query(name, **params)) == _rowset(heavy_kgs["rdflib"].query(name, **params))


def test_qualified_statements_on_association_heavy_data(heavy_kgs: dict[str, kgtools.KnowledgeGraph]) -> None:
    rows = heavy_kgs["oxigraph"].query("qualified-statements").rows
    generated = [r for r in rows if r["association"].startswith("https://example.org/gen/")]
    assert len(generated) > 200
    assert {r["subject_label"] for r in generated} == {
        "extra-skeletal calcification",
        "metastatic calcification",
        "heterotopic ossification",
    }
    assert all(r["object_label"] for r in generated if r["object"].startswith("https://example.org/gen/D"))


def test_counts_by_the_store(kg_any: kgtools.KnowledgeGraph) -> None:
    store = kg_any.store
    total = sum(1 for _ in store.triples())
    assert store.count() == total
    assert store.count(kgtools.store.ASSERTED) == sum(1 for _ in store.triples(kgtools.store.ASSERTED))
    assert store.count("https://w3id.org/xsco/graph/none") == 0
    assert store.is_empty() is False
    assert kgtools.store.open_store(kg_any.engine).is_empty() is True


def test_reopening_an_on_disk_store_reads_it_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = kgtools.load(store=folder)
    count = first.store.count()
    del first
    again = kgtools.load(store=folder)
    assert again.store.count() == count
    assert again.query("term-lookup", text="calcinosis").rows


def test_rows_stay_store_terms_until_read(kg: kgtools.KnowledgeGraph) -> None:
    result = kg.query("disorders-for-type", type="metastatic calcification")
    row = result.terms[0]
    assert isinstance(row, LazyRow)
    assert isinstance(row["disorder"], URIRef)
    assert isinstance(row["disorder_label"], Literal)
    assert "qualifier" not in row or row["qualifier"] is not None
    with pytest.raises(KeyError):
        row["no_such_variable"]
    assert row.get("no_such_variable") is None
    copied = pickle.loads(pickle.dumps(row))
    assert copied == dict(row.items()) and type(copied) is dict
    # the plain Python rows equal what rdflib terms would give
    rdflib_kg = kgtools.load(engine="rdflib")
    expected = rdflib_kg.query("disorders-for-type", type="metastatic calcification").rows
    assert sorted(result.rows, key=_association) == sorted(expected, key=_association)


def test_curie_rows(kg: kgtools.KnowledgeGraph) -> None:
    result = kg.query("sites-for-type", type="calcinosis")
    rows = result.curie_rows()
    site = rows[0]["site"]
    assert isinstance(site, Curie)
    assert site.startswith("UBERON:") and site.iri.startswith("http://purl.obolibrary.org/obo/UBERON_")
    assert site == site.curie and str(site) == site.curie
    assert pickle.loads(pickle.dumps(site)).iri == site.iri
    assert rows[0]["site_label"] == result.rows[0]["site_label"]
    assert not isinstance(rows[0]["site_label"], Curie)
    assert [r["site"] for r in rows] == [r["site"] for r in result.display_rows()]


def test_to_dataframe(kg: kgtools.KnowledgeGraph) -> None:
    pd = pytest.importorskip("pandas")
    result = kg.query("sites-for-type", type="calcinosis")
    frame = result.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == result.variables and len(frame) == len(result)
    assert frame["site"].iloc[0].iri == result.rows[0]["site"]
    assert kg.query("ASK { ?s ?p ?o }").to_dataframe()["result"].tolist() == [True]
    assert result.to_dataframe(curies=False)["site"].iloc[0] == result.rows[0]["site"]


def test_to_dataframe_without_pandas(kg: kgtools.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(kgtools.errors.KgError, match="needs pandas"):
        kg.query("sites-for-type", type="calcinosis").to_dataframe()


def test_term_by_iri_or_curie_without_the_index() -> None:
    kg = kgtools.load()
    term = kg.term("XSCO:0000001")
    assert kg._index is None  # looked up alone
    by_iri = kg.term(term.iri)
    assert kg._index is None
    assert term == by_iri == kg.index.get(term.iri)
    assert term.label == "extra-skeletal mineralization"
    fresh = kgtools.load()
    assert fresh.term("calcinosis").label == "calcinosis"  # a name needs the index
    assert fresh._index is not None


def test_term_index_reads_store_terms_as_rdflib_terms_would(kg_any: kgtools.KnowledgeGraph) -> None:
    """Issue 19: the term index reads the store's own terms (LazyRow.raw); it must equal the index
    built from the same rows as plain rdflib terms."""
    rows = run_query(kg_any.store, "term-index").rows
    direct = TermIndex(rows)
    plain = TermIndex([dict(row.items()) for row in rows])
    assert len(direct) > 400
    assert list(direct) == list(plain)
    for name in ("calcinosis", "dystrophic calcification", "HP:0003761", "XSCO:0000046"):
        try:
            expected = plain.resolve(name)
        except kgtools.UnknownTermError:
            continue
        assert direct.resolve(name) == expected


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_holds_more_than(engine: str) -> None:
    from kgtools.store import ASSERTED, DATA, holds_more_than

    kg = kgtools.load(engine=engine)
    kg.add_data("<http://example.org/a> <http://example.org/p> 1, 2, 3 .", format="turtle")
    n = kg.store.count(ASSERTED)
    assert holds_more_than(kg.store, n - 1, ASSERTED) and not holds_more_than(kg.store, n, ASSERTED)
    assert holds_more_than(kg.store, 2, DATA) and not holds_more_than(kg.store, 3, DATA)
    assert not holds_more_than(kg.store, 0, GRAPH_NOWHERE)
    total = kg.store.count()
    assert holds_more_than(kg.store, total - 1) and not holds_more_than(kg.store, total)


GRAPH_NOWHERE = "https://example.org/graph/none"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_load_says_which_inputs_added_nothing(tmp_path: Path, engine: str) -> None:
    """load() warns about a file that added no triple: empty, or only triples already loaded (into an
    empty or a non-empty graph); a quad file whose triples go to its own graph added some."""
    triple = "<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
    files = {
        "first.nt": triple,
        "again.nt": triple,  # the same triple: nothing new
        "empty.ttl": "",
        "named.nq": triple.replace(" .", " <http://example.org/g> ."),  # into its own graph
        "more.nt": triple.replace("/b>", "/c>"),
        "data.nt": triple,  # into the empty data graph: new there
        "data-again.nt": triple,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    sources = [tmp_path / name for name in ("first.nt", "again.nt", "empty.ttl", "named.nq", "more.nt")]
    data = [tmp_path / "data.nt", tmp_path / "data-again.nt"]
    with pytest.warns(UserWarning) as warned:
        kg = kgtools.load(*sources, data=data, engine=engine)
    said = sorted(Path(str(w.message).split(" holds no")[0]).name for w in warned if "holds no" in str(w.message))
    assert said == ["again.nt", "data-again.nt", "empty.ttl"]
    assert kg.store.count() == 4
