"""Issue 18: the SPARQL 1.1 Protocol and Service Description of `kgtools serve` (kgtools.sparql_protocol):
graph parameters, every result form in every standard format, the service description, and
kgtools.connect() against a real `kgtools serve` with the same graphs argument as other servers."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request

import pytest
import rdflib
from starlette.testclient import TestClient

import kgtools
from kgtools.serve import background, create_app
from kgtools.sparql_protocol import NotAcceptable, dataset, negotiate, wants_description
from kgtools.store import ASSERTED, DATA, GRAPHS

ASK = "ASK { ?s ?p ?o }"
CONSTRUCT = (
    "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { "
    "VALUES ?s { <https://w3id.org/xsco/XSCO_0000005> } ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
)
SELECT = "SELECT ?l WHERE { <https://w3id.org/xsco/XSCO_0000005> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


@pytest.fixture(scope="module")
def client() -> TestClient:
    kg = kgtools.load()  # its own graph: the data added here must not reach the session's shared one
    kg.add_data("<https://example.org/finding1> <http://www.w3.org/2000/01/rdf-schema#label> \"finding one\" .",
                format="nt")
    return TestClient(create_app(kg, timeout=20, max_results=5000))


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/csv", "true"),
    ("text/tab-separated-values", "true"),
    ("application/sparql-results+json", '"boolean":true'),
    ("application/sparql-results+xml", "<boolean>true</boolean>"),
])
def test_ask_in_every_result_format(client: TestClient, accept: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": ASK}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    assert expected in response.text


@pytest.mark.parametrize(
    "accept", ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"]
)
def test_construct_in_every_rdf_format_with_real_prefixes(client: TestClient, accept: str) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld"}[accept]
    g = rdflib.Graph().parse(data=response.text, format=fmt)
    assert (rdflib.URIRef("https://w3id.org/xsco/XSCO_0000005"), rdflib.RDFS.label, None) in g
    assert "ns1:" not in response.text
    if accept == "text/turtle":
        assert "@prefix XSCO: <https://w3id.org/xsco/XSCO_>" in response.text and "XSCO:0000005" in response.text
    if accept == "application/ld+json":
        assert json.loads(response.text)["@context"]["XSCO"] == "https://w3id.org/xsco/XSCO_"


def test_select_csv_by_the_store_serialiser(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [["l"], ["calcinosis"]]


def test_default_and_named_graph_parameters(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(params: list[tuple[str, str]]) -> int:
        response = client.get("/sparql", params=[("query", count), *params], headers={"Accept": "application/json"})
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    everything = n([])
    asserted = n([("default-graph-uri", ASSERTED)])
    data = n([("default-graph-uri", DATA)])
    assert data == 1 and 0 < asserted < everything
    assert n([("default-graph-uri", "asserted"), ("default-graph-uri", DATA)]) == asserted + 1  # short names too
    # named-graph-uri: GRAPH sees only those; the default graph is then empty
    named = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = client.get("/sparql", params=[("query", named), ("named-graph-uri", DATA)],
                          headers={"Accept": "application/json"})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [DATA]
    # POST form with the parameters in the body
    response = client.post("/sparql", data={"query": count, "default-graph-uri": DATA},
                           headers={"Accept": "application/json"})
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == 1
    bad = client.get("/sparql", params=[("query", count), ("default-graph-uri", "not a graph")])
    assert bad.status_code == 400 and "not a graph IRI" in bad.json()["error"]


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_service_description(client: TestClient, accept: str, fmt: str) -> None:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    g = rdflib.Graph().parse(data=response.text, format=fmt)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = g.value(None, rdflib.RDF.type, sd.Service, any=False) or next(g.subjects(rdflib.RDF.type, sd.Service))
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (service, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV")) in g
    names = {str(o) for o in g.objects(None, sd.name)}
    assert set(GRAPHS.values()) <= names
    # a browser still gets the page
    page = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code in (200, 303)


def test_negotiation_and_dataset_units() -> None:
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", None, "ask") == "application/sparql-results+xml"
    assert negotiate("*/*", None, "graph") == "text/turtle"
    assert negotiate(None, "jsonld", "graph") == "application/ld+json"
    with pytest.raises(NotAcceptable):
        negotiate("image/png", None, "select")
    assert dataset([("default-graph-uri", "inferred"), ("x", "y")]).default == (GRAPHS["inferred"],)
    assert not dataset([])
    # python-mimeparse decides: the most specific range wins, a malformed range spoils nothing,
    # a browser asking for HTML gets the default results type, */* keeps the query page
    assert negotiate("application/*;q=0.9, application/rdf+xml", None, "graph") == "application/rdf+xml"
    assert negotiate("garbage, text/csv", None, "select") == "text/csv"
    assert negotiate("text/html", None, "select") == "application/sparql-results+json"
    with pytest.raises(NotAcceptable):
        negotiate("text/html", None, "graph")
    assert wants_description("text/turtle;q=0.9, text/html;q=0.5") == "text/turtle"
    assert wants_description("*/*") is None and wants_description("text/html,*/*;q=0.8") is None


@pytest.mark.slow
def test_connect_to_kgtools_serve_with_graphs() -> None:
    """kgtools.connect(url, graphs=[...]) works against `kgtools serve` as against Oxigraph and Virtuoso
    (tests/engines/test_remote_and_injection.py::test_default_graph_uri_selects_the_graphs)."""
    with background() as base:
        only = kgtools.connect(base + "/sparql", graphs=["asserted"])
        assert only.store.count() == kgtools.load().store.count(ASSERTED)
        assert only.term("XSCO:0000005").label == "calcinosis"
        none = kgtools.connect(base + "/sparql", graphs=["https://example.org/no-such-graph"])
        assert none.store.count() == 0
        request = urllib.request.Request(base + "/sparql?" + urllib.parse.urlencode({"query": ASK}),
                                         headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.read().strip() == b"true"
