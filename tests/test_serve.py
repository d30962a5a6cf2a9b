"""`kgtools serve`: the SPARQL 1.1 Protocol app (through starlette's TestClient) and a real uvicorn process.

The app serves the web pages too (tests/test_web.py tests them); here the endpoint, and the two together.
"""

from __future__ import annotations

import csv
import io
import logging
import socket
import time
import urllib.request

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.query import Result

import kgtools
from kgtools.cli import main
from kgtools.query import QueryLibrary, examples

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from kgtools.serve import HttpError, check_read_only, create_app, negotiate

SELECT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?c ?l WHERE { "
    "?c rdfs:subClassOf+ <https://w3id.org/xsco/XSCO_0000001> ; rdfs:label ?l }"
)
CONSTRUCT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?c rdfs:label ?l } WHERE { "
    "?c rdfs:subClassOf+ <https://w3id.org/xsco/XSCO_0000001> ; rdfs:label ?l }"
)
# A query that takes seconds whatever the size of the ontology (a bounded cross product).
SLOW_COUNT = (
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 1000 } "
    "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 1000 } "
    "{ SELECT ?g WHERE { ?g <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?i } LIMIT 100 } }"
)


@pytest.fixture(scope="module")
def client(kg: kgtools.KnowledgeGraph) -> TestClient:
    return TestClient(create_app(kg, timeout=20, max_results=5000))


@pytest.fixture(scope="module")
def n_types(kg: kgtools.KnowledgeGraph) -> int:
    """How many labelled classes lie under XSCO:0000001 (the rows of SELECT, the triples of CONSTRUCT)."""
    n = len(kg.query(SELECT).terms)
    assert n >= 9
    return n


def test_get_post_form_and_direct_post_agree(client: TestClient, n_types: int) -> None:
    a = client.get("/sparql", params={"query": SELECT})
    b = client.post("/sparql", data={"query": SELECT})
    c = client.post("/sparql", content=SELECT, headers={"Content-Type": "application/sparql-query"})
    for response in (a, b, c):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert len(response.json()["results"]["bindings"]) == n_types
    assert a.json() == b.json() == c.json()


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_select_content_negotiation(client: TestClient, n_types: int, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    if media.endswith("xml"):
        parsed = Result.parse(io.BytesIO(response.content), format="xml")
        assert len(list(parsed)) == n_types
    elif media == "text/csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == n_types and {"c", "l"} == set(rows[0])
    elif media == "text/tab-separated-values":
        lines = response.text.strip().split("\n")
        assert lines[0] == "?c\t?l" and len(lines) == n_types + 1 and lines[1].startswith("<https://w3id.org/xsco/")


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml"), ("*/*", "turtle")],
)
def test_construct_content_negotiation(client: TestClient, n_types: int, accept: str, fmt: str) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    assert len(graph) == n_types


def test_ask_and_format_parameter(client: TestClient) -> None:
    yes = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert yes.json()["boolean"] is True
    xml = client.get("/sparql", params={"query": "ASK { <x:a> <x:b> <x:c> }", "format": "xml"})
    assert "<boolean>false</boolean>" in xml.text
    as_csv = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert as_csv.status_code == 200 and as_csv.text.strip() == "true"  # issue 18: ASK in CSV too
    refused = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "error" in refused.json()
    as_format = client.get("/sparql", params={"query": SELECT, "format": "csv"})
    assert as_format.headers["content-type"].startswith("text/csv")
    with pytest.raises(Exception, match="not available"):
        negotiate(None, "turtle", "select")


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("get", {"params": {"update": "DROP ALL"}}),
        ("post", {"data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}}),
        ("post", {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}),
        ("get", {"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}),
        ("get", {"params": {"query": "LOAD <http://example.org/data.ttl>"}}),
        ("post", {"data": {"query": "PREFIX x: <http://a/> DELETE WHERE { ?s ?p ?o }"}}),
        ("get", {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}),
        ("get", {"params": {"query": "select * where { service silent <http://127.0.0.1:1/x> { ?s ?p ?o } }"}}),
    ],
)
def test_read_only(client: TestClient, kg: kgtools.KnowledgeGraph, method: str, kwargs: dict) -> None:
    before = kg.store.count()
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == 403
    assert response.json()["status"] == 403 and response.json()["error"]
    assert kg.store.count() == before


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
        ({"params": {"query": "HELLO"}}, 400),
        ({"params": {"query": ""}}, 400),
        ({"params": {"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"}}, 400),
        ({"params": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "not a graph"}}, 400),
        ({"params": {"query": "SELECT * WHERE { ?s ?p ?o }"}, "headers": {"Accept": "image/png"}}, 406),
    ],
)
def test_bad_requests_are_json_errors(client: TestClient, kwargs: dict, status: int) -> None:
    response = client.get("/sparql", **kwargs)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and isinstance(body["error"], str) and "\n" not in body["error"]


def test_post_without_a_query_and_an_overlong_query(client: TestClient) -> None:
    missing = client.post("/sparql", data={"format": "json"})
    assert missing.status_code == 400 and "missing query" in missing.json()["error"]
    blank = client.post("/sparql", data={"query": "   "})
    assert blank.status_code == 400
    long = client.post("/sparql", data={"query": "ASK {} #" + "x" * 100_000})
    assert long.status_code == 413 and "longer than" in long.json()["error"]


@pytest.mark.parametrize(
    ("text", "form"),
    [("SELECT * WHERE { ?s ?p ?o }", "SELECT"), ("ASK {}", "ASK"),
     ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"), ("DESCRIBE <urn:x>", "DESCRIBE")],
)
def test_check_read_only_accepts_the_four_read_forms(text: str, form: str) -> None:
    assert check_read_only(text) == form


@pytest.mark.parametrize(
    ("text", "status"),
    [("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403), ("DROP ALL", 403), ("CLEAR ALL", 403),
     ("SELEC ?x WHERE {}", 400), ("x" * 100_001, 413)],
)
def test_check_read_only_rejects(text: str, status: int) -> None:
    with pytest.raises(HttpError) as raised:
        check_read_only(text)
    assert raised.value.status == status


def test_unsupported_post_body(client: TestClient) -> None:
    response = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415


def test_result_cap(kg: kgtools.KnowledgeGraph) -> None:
    capped = TestClient(create_app(kg, max_results=5))
    response = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 5
    assert response.headers["x-result-truncated"] == "true" and response.headers["x-max-results"] == "5"
    graph = capped.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert len(rdflib.Graph().parse(data=graph.content, format="turtle")) == 5
    small = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "x-result-truncated" not in small.headers


def test_time_limit_stops_a_streaming_runaway_query(kg: kgtools.KnowledgeGraph) -> None:
    app = create_app(kg, timeout=0.5, max_results=10**9, workers=1)
    with TestClient(app) as limited:
        start = time.monotonic()
        runaway = limited.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert runaway.status_code == 503 and "time limit" in runaway.json()["error"]
        assert time.monotonic() - start < 5
        # the only worker was freed: the runaway query stopped at its next solution
        assert limited.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_long_first_solution_is_killed_and_the_pool_recovers(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 15: a query still computing its first solution is stopped (its worker killed), not left running."""
    app = create_app(kg, timeout=0.3, workers=1)
    with TestClient(app) as limited:
        first = limited.get("/sparql", params={"query": SLOW_COUNT})
        assert first.status_code == 503 and "time limit" in first.json()["error"]
        # the only worker was replaced: the next query runs at once
        assert limited.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_named_queries(client: TestClient, kg: kgtools.KnowledgeGraph) -> None:
    listing = client.get("/queries").json()
    assert {q["name"] for q in listing} == set(QueryLibrary().names())
    for q in listing:
        for params in q["examples"]:
            response = client.get(f"/queries/{q['name']}", params=params)
            assert response.status_code == 200, response.text
            assert len(response.json()["results"]["bindings"]) == len(kg.query(q["name"], **params).terms)
    assert client.get("/queries/no-such-query").status_code == 404
    assert client.get("/queries/sites-for-type", params={"type": "no such thing"}).status_code == 404
    assert client.get("/queries/sites-for-type", params={"nope": "x"}).status_code == 400
    injected = client.get("/queries/term-lookup", params={"text": '" } ; DROP ALL ; #'})
    assert injected.status_code == 200 and injected.json()["results"]["bindings"] == []


def test_home_page_health_and_logging(
    client: TestClient, kg: kgtools.KnowledgeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    page = client.get("/")  # the web pages' home: the class tree
    assert page.status_code == 200 and 'href="/term/XSCO:0000005"' in page.text
    assert client.get("/sparql", follow_redirects=False).status_code == 303
    endpoint_only = TestClient(create_app(kg, pages=False))
    for path in ("/", "/sparql"):
        form = endpoint_only.get(path)
        assert form.status_code == 200 and "<form" in form.text and "sites-for-type" in form.text
    assert endpoint_only.get("/term/XSCO:0000005").json()["status"] == 404
    assert client.get("/health").json()["status"] == "ok"
    with caplog.at_level(logging.INFO, logger="kgtools.serve"):
        client.get("/sparql", params={"query": "ASK {}"})
    assert any("GET /sparql 200 form=ASK" in r.getMessage() for r in caplog.records)


def test_cli_serve_help_and_bad_input() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--store", "--timeout", "--max-results", "--refresh"):
        assert option in result.output
    bad = runner.invoke(main, ["serve", "--input", "/no/such/file.ttl", "--port", "0"])
    assert bad.exit_code == 2 and "file not found" in bad.output
    port = runner.invoke(main, ["serve", "--port", "99999"])
    assert port.exit_code == 2 and "99999" in port.output and "Traceback" not in port.output


def test_cli_serve_port_in_use_is_one_line_exit_2() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"kgtools: error: cannot listen on 127.0.0.1:{port}: ") and "in use" in line
    assert "Traceback" not in result.output + result.stderr


# --- a real uvicorn process -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """`kgtools serve` on an on-disk store, in its own process, on a free loopback port; stopped by PID."""
    from kgtools.serve import background

    folder = tmp_path_factory.mktemp("serve")
    with background(["--store", str(folder / "store")], log=str(folder / "serve.log")) as url:
        yield url, folder


@pytest.mark.slow
def test_real_server_answers_the_named_query_library_like_the_local_graph(served, kg: kgtools.KnowledgeGraph) -> None:
    url, folder = served
    remote = kgtools.connect(url + "/sparql")
    for named in QueryLibrary():
        for params in examples(named):
            got, expected = remote.query(named.name, **params), kg.query(named.name, **params)
            assert {tuple(sorted(r.items())) for r in got.terms} == {tuple(sorted(r.items())) for r in expected.terms}
    assert remote.query("ASK { ?s ?p ?o }").boolean is True
    with urllib.request.urlopen(url + "/term/XSCO:0000005", timeout=10) as page:  # the web pages, same process
        assert page.status == 200 and "<h1 id=\"term-title\">calcinosis</h1>" in page.read().decode()
    with pytest.raises(kgtools.QueryError, match="403"):
        remote.store._post("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
                           "application/sparql-results+json")
    assert (folder / "store" / "kgtools-sources.json").is_file()
    logged = (folder / "serve.log").read_text()
    assert "GET /health 200" in logged or "POST /sparql 200" in logged


def test_listening_socket_turns_nagle_off() -> None:
    """Regression: a pre-bound socket kept Nagle on, so every keep-alive request after the first
    stalled 40 ms on a delayed ACK (benchmarks/load_test.py: 23 instead of 600 requests/s)."""
    from kgtools.serve import listening_socket

    sock = listening_socket("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 1
    finally:
        sock.close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(OSError, match=r"cannot listen on 127\.0\.0\.1"):
            listening_socket("127.0.0.1", busy.getsockname()[1])
