"""What the thin CLI moved into the library: .rq files with parameters in kg.query(), term lookup,
writing named graphs, rendering plain rows, the reasoning policy, the renamed keywords (store_dir=,
validator=) with their deprecated spellings, and the click context object instead of globals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import kgtools
from kgtools.cli import Settings, main
from kgtools.errors import ParameterError, SourceNotFoundError, UnknownTermError
from kgtools.query import QueryResult
from kgtools.reason import reason_and_explain

MINI = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
ex:A a owl:Class ; rdfs:label "alpha" .
ex:B a owl:Class ; rdfs:label "beta" ; rdfs:subClassOf ex:A .
ex:C a owl:Class ; rdfs:label "alphabet soup" .
"""

LABEL_RQ = """# title: Label of a class
# param: cls term  The class.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?cls ?label WHERE { ?cls rdfs:label ?label }
"""


@pytest.fixture()
def mini(tmp_path: Path) -> kgtools.KnowledgeGraph:
    path = tmp_path / "mini.ttl"
    path.write_text(MINI, encoding="utf-8")
    return kgtools.load(path)


def test_query_runs_a_rq_file_with_its_declared_parameters(mini: kgtools.KnowledgeGraph, tmp_path: Path) -> None:
    rq = tmp_path / "label.rq"
    rq.write_text(LABEL_RQ, encoding="utf-8")
    for given in (rq, str(rq)):
        result = mini.query(given, cls="beta")
        assert [r["label"] for r in result.rows] == ["beta"]
    with pytest.raises(ParameterError):
        mini.query(rq, colour="red")
    with pytest.raises(SourceNotFoundError):
        mini.query(tmp_path / "missing.rq")
    with pytest.raises(kgtools.KgError):
        mini.query("SELECT ?s WHERE { ?s ?p ?o }", cls="beta")


def test_cli_query_binds_file_parameters(tmp_path: Path) -> None:
    data = tmp_path / "mini.ttl"
    data.write_text(MINI, encoding="utf-8")
    rq = tmp_path / "label.rq"
    rq.write_text(LABEL_RQ, encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(rq), "-P", "cls=alpha", "-i", str(data), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [r["label"] for r in json.loads(result.stdout)] == ["alpha"]


def test_lookup_puts_the_named_term_first(mini: kgtools.KnowledgeGraph) -> None:
    assert [t.label for t in mini.lookup("alpha")] == ["alpha", "alphabet soup"]
    assert [t.label for t in mini.lookup("alpha", limit=1)] == ["alpha"]
    assert [t.label for t in mini.lookup("soup")] == ["alphabet soup"]
    with pytest.raises(UnknownTermError):
        mini.lookup("gamma")


def test_save_writes_named_graphs_atomically_in_the_suffix_format(mini: kgtools.KnowledgeGraph, tmp_path: Path) -> None:
    for name, fmt in (("out.ttl", "turtle"), ("out.nt", "nt"), ("out.owl", "xml")):
        written = mini.save(tmp_path / name)
        graph = rdflib.Graph().parse(written, format=fmt)
        assert len(graph) == mini.store.count("https://w3id.org/xsco/graph/asserted")
    assert not list(tmp_path.glob(".*tmp*"))


def test_plain_rows_render_in_every_format() -> None:
    rows = [{"curie": "XSCO:0000001", "label": "extra-skeletal mineralization"}, {"curie": "HP:0000001", "label": ""}]
    result = QueryResult.from_rows(rows)
    assert json.loads(result.render("json"))[1] == {"curie": "HP:0000001", "label": None}
    expected = ["curie,label", "XSCO:0000001,extra-skeletal mineralization", "HP:0000001,"]
    assert result.render("csv").splitlines() == expected
    assert result.render("table").splitlines()[0].split() == ["curie", "label"]
    assert QueryResult.from_rows([]).render("table") == "(no results)"
    with pytest.raises(kgtools.KgError):
        result.render("yaml")


def test_reasoning_policy_explains_nothing_for_a_coherent_ontology(mini: kgtools.KnowledgeGraph) -> None:
    done = reason_and_explain(mini, "rl")
    assert done.result.coherent and done.explanations == [] and done.note is None
    assert done.to_text().startswith("reasoner")


def test_load_store_dir_and_its_deprecated_name(tmp_path: Path) -> None:
    data = tmp_path / "mini.ttl"
    data.write_text(MINI, encoding="utf-8")
    first = kgtools.load(data, store_dir=tmp_path / "store")
    count = first.store.count()
    del first
    with pytest.warns(DeprecationWarning, match="store_dir"):
        again = kgtools.load(data, store=tmp_path / "store")
    assert again.store.count() == count


def test_validate_validator_and_its_deprecated_name(mini: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(kgtools.EngineError):
        mini.validate(validator="nope", qc=False)
    with pytest.warns(DeprecationWarning, match="validator"), pytest.raises(kgtools.EngineError):
        mini.validate(engine="nope", qc=False)


def test_cli_store_dir_and_hidden_store_alias(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "--store-dir" in result.stdout and "--store " not in result.stdout
    result = CliRunner().invoke(main, ["--endpoint", "http://127.0.0.1:9/sparql", "serve", "--store", str(tmp_path)])
    assert result.exit_code == 2 and "--store is deprecated" in result.stderr


def test_settings_travel_in_the_click_context() -> None:
    """--debug lives in the context object: a second invocation does not inherit the first one's."""
    runner = CliRunner()
    failing = ["lookup", "no such term at all"]
    assert runner.invoke(main, ["--debug", *failing]).exception is not None
    plain = runner.invoke(main, failing)
    assert plain.exit_code == 2 and not isinstance(plain.exception, UnknownTermError)
    assert Settings() == Settings(debug=False, endpoint=None)
