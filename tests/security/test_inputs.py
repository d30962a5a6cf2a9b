"""Issue 15, items 4-6 and 14: every input is bounded, offline by default, and nothing empty passes silently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kgtools
from kgtools.errors import ParameterError, ParseError

from .conftest import Canary

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# 10 levels of 10: 10^10 characters if expanded (the 979-byte file of the issue had the same shape)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY l0 "lol">\n'
    + "".join(f' <!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 10))
    + f']>\n<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="http://example.org/x">'
    + "<rdf:value>&l9;</rdf:value></rdf:Description></rdf:RDF>\n"
)
# the shape Protégé writes: entities as IRI abbreviations; these stay allowed
PROTEGE = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY ex "http://example.org/" >\n'
    f' <!ENTITY rdf "{RDF}" >\n]>\n<rdf:RDF xmlns:rdf="&rdf;">'
    '<rdf:Description rdf:about="&ex;x"><rdf:value>one</rdf:value></rdf:Description></rdf:RDF>\n'
)


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kgtools.cli", *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_billion_laughs_is_refused_before_parsing(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "laughs.rdf"
    path.write_text(LAUGHS)
    assert len(LAUGHS) < 1200
    with pytest.raises(ParseError, match="entity expansion refused"):
        kgtools.load(path, engine=engine)
    done = _cli("info", "--input", str(path), "--engine", engine)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "entity expansion refused" in done.stderr


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE r SYSTEM "http://127.0.0.1:1/evil.dtd">',
        '<!DOCTYPE r [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>',
        '<!DOCTYPE r [ <!ENTITY % p "x"> ]>',
    ],
)
def test_external_and_parameter_entities_are_refused(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "x.rdf"
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n<rdf:RDF xmlns:rdf="{RDF}"/>\n')
    with pytest.raises(ParseError, match="entity expansion refused"):
        kgtools.load(path)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_plain_entities_as_protege_writes_them_still_load(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "protege.owl"
    path.write_text(PROTEGE)
    kg = kgtools.load(path, engine=engine)
    assert kg.store.count() == 1


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_remote_jsonld_context_is_not_fetched_offline(tmp_path: Path, canary: Canary, engine: str) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(
        f'{{"@context": "http://127.0.0.1:{canary.port}/context.jsonld", "@id": "http://example.org/x", "name": "y"}}'
    )
    with pytest.raises(ParseError, match="remote JSON-LD context"):
        kgtools.load(path, engine=engine)
    done = _cli("info", "--input", str(path), "--engine", engine)
    assert done.returncode == 2 and "allow-network" in done.stderr
    nested = tmp_path / "nested.jsonld"
    nested.write_text(
        f'{{"@context": [{{"@import": "http://127.0.0.1:{canary.port}/c"}}], "@id": "http://example.org/x"}}'
    )
    with pytest.raises(ParseError, match="remote JSON-LD context"):
        kgtools.load(nested, engine=engine)
    assert canary.hits == []


def test_allow_network_lets_rdflib_fetch_the_context(tmp_path: Path, canary: Canary) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(f'{{"@context": "http://127.0.0.1:{canary.port}/c.jsonld", "@id": "http://example.org/x"}}')
    with pytest.raises(ParseError):  # the canary answers with no context: a parse error, but it was asked
        kgtools.load(path, engine="rdflib", allow_network=True)
    assert len(canary.hits) >= 1


def test_inline_jsonld_context_loads(tmp_path: Path) -> None:
    path = tmp_path / "inline.jsonld"
    path.write_text('{"@context": {"name": "http://example.org/name"}, "@id": "http://example.org/x", "name": "y"}')
    assert kgtools.load(path).store.count() == 1


def test_empty_input_is_said_and_nothing_loaded_is_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    comments = tmp_path / "prefixes.ttl"
    comments.write_text("@prefix ex: <http://example.org/> .\n# nothing else\n")
    done = _cli("info", "--input", str(empty))
    assert done.returncode == 2
    assert "nothing was loaded" in done.stderr and done.stderr.strip().count("\n") == 0
    done = _cli("info", "--input", str(empty), "--input", str(comments))
    assert done.returncode == 2 and "hold no triples" in done.stderr
    # beside real data: a warning, exit 0
    done = _cli("info", "--data", str(empty))
    assert done.returncode == 0
    assert f"kgtools: warning: {empty} holds no triples" in done.stderr
    with pytest.warns(UserWarning, match="holds no triples"):
        kgtools.load(data=[empty])


def test_non_http_terms_can_be_looked_up_in_the_web_pages(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from kgtools.serve import create_app

    data = tmp_path / "urn.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:example:finding-1> a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label \"urn finding\" ;\n"
        "  rdfs:subClassOf <https://w3id.org/xsco/XSCO_0000001> .\n"
    )
    client = TestClient(create_app(kgtools.load(data=[data]), workers=1))
    page = client.get("/term", params={"id": "urn:example:finding-1"})
    assert page.status_code == 200 and "urn finding" in page.text
    found = client.get("/api/search", params={"q": "urn finding"}).json()["results"]
    assert found and found[0]["url"].startswith("/term?id=urn%3Aexample%3Afinding-1")


def test_query_parameters_take_one_value(kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="takes one value, not a list"):
        kg.query("sites-for-type", type=["XSCO:0000005", "XSCO:0000006"])
