"""The web pages over HTTP (Starlette's TestClient, real app and real store): every page and bad input."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

import kgtools
from kgtools.errors import InputError

starlette = pytest.importorskip("starlette")
from starlette.applications import Starlette  # noqa: E402
from starlette.routing import Mount  # noqa: E402

with warnings.catch_warnings():  # Starlette 1.x warns that it will prefer httpx2 to httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kgtools.serve import create_app  # noqa: E402
from kgtools.web import (  # noqa: E402
    Finding,
    external_url,
    parse_finding,
    run_differential,
    term_view,
    web_routes,
)

X = "https://w3id.org/xsco/XSCO_"
UBERON = "http://purl.obolibrary.org/obo/UBERON_"
CALCINOSIS = "XSCO:0000005"
METASTATIC, DYSTROPHIC, HO = "metastatic calcification", "dystrophic calcification", "heterotopic ossification"


@pytest.fixture(scope="module")
def client(kg: kgtools.KnowledgeGraph) -> Iterator[TestClient]:
    # entered: one event-loop thread for every request (not one started per request: ~17 % of a
    # term page's time in the test), and the app's shutdown (its query workers) runs at the end
    with TestClient(create_app(kg)) as client:
        yield client


class Tables(HTMLParser):
    """Collects the cell texts of every table (by id) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or f"t{len(self.tables)}", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def rows_as_dicts(table: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = table
    return [dict(zip(header, row, strict=False)) for row in rows]


# --- browse and search ------------------------------------------------------------------------------


def test_home_lists_the_class_tree(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'href="/term/XSCO:0000005"' in r.text and 'href="/term/XSCO:0000046"' in r.text
    # the mineralization tree comes first, with calcinosis nested under extra-skeletal calcification
    assert r.text.index("extra-skeletal mineralization") < r.text.index("associated condition")
    assert r.text.index("/term/XSCO:0000002") < r.text.index("/term/XSCO:0000005")


def test_search_page_lists_label_and_synonym_matches(client: TestClient) -> None:
    r = client.get("/search", params={"q": "calcin"})
    assert r.status_code == 200
    assert "/term/XSCO:0000005" in r.text and "/term/XSCO:0000008" in r.text
    r = client.get("/search", params={"q": "malignancies"})  # a synonym
    assert "/term/XSCO:0000032" in r.text


def test_search_without_hits_suggests_close_matches(client: TestClient) -> None:
    r = client.get("/search", params={"q": "calcinsis"})
    assert r.status_code == 200
    assert "No term matches" in r.text and "calcinosis" in r.text


def test_search_escapes_what_it_echoes(client: TestClient) -> None:
    r = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)" in r.text


def test_search_rejects_overlong_text(client: TestClient) -> None:
    r = client.get("/search", params={"q": "x" * 500})
    assert r.status_code == 400 and "too long" in r.text


def test_autocomplete_api_matches_synonyms(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "subcut"}).json()
    labels = [r["label"] for r in data["results"]]
    assert labels[0] == "subcutaneous adipose tissue" and "hypodermis" in labels  # labels before synonyms
    hit = next(r for r in data["results"] if r["label"] == "hypodermis")
    assert hit["match"] == "subcutis" and hit["url"] == "/term/UBERON:0002072" and hit["curie"] == "UBERON:0002072"
    first = client.get("/api/search", params={"q": "subcutis"}).json()["results"][0]
    assert first["label"] == "hypodermis" and first["match"] == "subcutis"  # an exact synonym
    first = client.get("/api/search", params={"q": "subcutaneous tissue"}).json()["results"][0]
    assert first["label"] == "hypodermis" and first["match"] == "subcutaneous tissue"  # a related synonym
    data = client.get("/api/search", params={"q": "calcinosis", "limit": "2"}).json()
    assert [r["label"] for r in data["results"]] == ["calcinosis", "calcinosis circumscripta"]
    assert client.get("/api/search", params={"q": ""}).json()["results"] == []


@pytest.mark.parametrize("limit", ["abc", "0", "51", "-3"])
def test_autocomplete_api_rejects_bad_limits(client: TestClient, limit: str) -> None:
    r = client.get("/api/search", params={"q": "calc", "limit": limit})
    assert r.status_code == 400 and "limit" in r.json()["error"]


# --- the term page ----------------------------------------------------------------------------------


def test_term_page_shows_the_term(client: TestClient) -> None:
    r = client.get("/term/XSCO:0000005")
    assert r.status_code == 200
    page = r.text
    assert "<h1 id=\"term-title\">calcinosis</h1>" in page
    assert "it most often affects subcutaneous tissue" in page  # definition
    assert "dystrophic calcification <small class=\"muted\">(related)</small>" in page  # synonym with scope
    assert 'href="/term/XSCO:0000002"' in page  # parent
    for child in ("XSCO:0000006", "XSCO:0000007", "XSCO:0000008"):
        assert f'href="/term/{child}"' in page
    assert "Contested synonym" in page  # editor note
    assert "Extra-skeletal calcifications: An overview of soft tissue calcifications and ossifications" in page


def test_calcinosis_sites_are_most_often(client: TestClient) -> None:
    rows = rows_as_dicts(tables(client.get("/term/XSCO:0000005").text)["assoc-subject"])
    sites = {r["Object"]: r for r in rows if r["Relation"] == "disease has location"
             and r["Source"].startswith("Extra-skeletal")}  # the seed's (Black & Kanat say the same)
    assert set(sites) == {"hypodermis", "skin of body", "connective tissue"}
    for row in sites.values():
        assert row["Qualifier"] == "most often" and row["Negated"] == "no" and row["Open list"] == "no"
        assert "Calcinosis reveals most often in subcutaneous tissues" in row["Supporting sentence"]
        assert row["Source"].startswith("Extra-skeletal calcifications")
    negated = [r for r in rows if r["Negated"] == "yes" and r["Source"].startswith("Extra-skeletal")]
    assert [(r["Object"], r["Qualifier"]) for r in negated] == [("calcium-phosphate abnormality", "usually not")]
    open_lists = {r["Object"] for r in rows if r["Open list"] == "yes"}
    assert {"systemic lupus erythematosus", "tumoral calcinosis"} <= open_lists


def test_term_page_lists_statements_naming_the_term(client: TestClient) -> None:
    rows = rows_as_dicts(tables(client.get("/term/XSCO:0000044").text)["assoc-object"])  # scleroderma
    subjects = {(r["Subject"], r["Qualifier"]) for r in rows}
    assert ("dystrophic calcification", "none") in subjects and ("calcinosis", "has been described") in subjects


def test_term_page_diagram_is_well_formed_svg_with_links(client: TestClient) -> None:
    page = client.get("/term/XSCO:0000005").text
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    ns = {"s": "http://www.w3.org/2000/svg"}
    links = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert "/term/XSCO:0000002" in links and "/term/UBERON:0002072" in links and "/term/XSCO:0000008" in links
    texts = " ".join(t.text or "" for t in root.findall(".//s:text", ns))
    assert "disease has location \u00b7 most often" in texts
    assert "NOT correlated with \u00b7 usually not" in texts
    assert root.find("s:title", ns) is not None  # accessible name


def test_term_by_label_redirects_to_the_curie(client: TestClient) -> None:
    r = client.get("/term/CREST syndrome", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/term/XSCO:0000046"
    r = client.get("/term", params={"id": "https://w3id.org/xsco/XSCO_0000046"}, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/term/XSCO:0000046"


def test_unknown_term_is_a_helpful_404(client: TestClient) -> None:
    r = client.get("/term/calcinsis")
    assert r.status_code == 404
    assert "No term has the CURIE, IRI, label or synonym" in r.text
    assert 'href="/term/XSCO:0000005"' in r.text  # close match: calcinosis
    r = client.get("/term/XSCO:9999999")
    assert r.status_code == 404 and "Unknown term" in r.text
    assert client.get("/term").status_code == 400
    assert client.get("/term/" + "a" * 400).status_code == 404


def test_external_term_links_to_its_own_ontology(client: TestClient) -> None:
    r = client.get("/term/UBERON:0002072")
    assert r.status_code == 200
    assert "https://www.ebi.ac.uk/ols4/ontologies/uberon/classes?iri=http%3A%2F%2Fpurl.obolibrary.org" in r.text
    assert "subcutaneous tissue" in r.text


def test_xrefs_link_to_the_target_ontologies() -> None:
    kg = kgtools.load()
    kg.add_data(
        '@prefix oio: <http://www.geneontology.org/formats/oboInOwl#> .\n'
        '<https://w3id.org/xsco/XSCO_0000005> oio:hasDbXref "HP:0003761", "MESH:D002114", "SNOMEDCT:12345" .\n',
        graph="asserted",
    )
    page = TestClient(create_app(kg)).get("/term/XSCO:0000005").text
    assert '<a href="http://purl.obolibrary.org/obo/HP_0003761" rel="noopener noreferrer">HP:0003761</a>' in page
    assert 'href="https://meshb.nlm.nih.gov/record/ui?ui=D002114"' in page
    assert 'href="https://bioregistry.io/SNOMEDCT:12345"' in page


@pytest.mark.parametrize(
    ("ref", "url"),
    [
        ("UBERON:0002072", "http://purl.obolibrary.org/obo/UBERON_0002072"),
        ("MONDO:0005100", "http://purl.obolibrary.org/obo/MONDO_0005100"),
        ("MESH:D002114", "https://meshb.nlm.nih.gov/record/ui?ui=D002114"),
        ("OMIM:114600", "https://omim.org/entry/114600"),
        ("https://example.org/x", "https://example.org/x"),
        ("not a curie", None),
        ("HP:", None),
        ("XSCO:0000005", None),
    ],
)
def test_external_url(ref: str, url: str | None) -> None:
    assert external_url(ref) == url


# --- the differential -------------------------------------------------------------------------------


def first(client: TestClient, **params: object) -> str:
    r = client.get("/differential", params=params)
    assert r.status_code == 200, r.text
    found = re.search(r'<section class="candidate-list" id="types".*?class="candidate-label">([^<]+)</a>', r.text, re.S)
    assert found, "no candidate on the page"
    return found.group(1)


def test_differential_form_without_input(client: TestClient) -> None:
    r = client.get("/differential")
    assert r.status_code == 200
    for field in ('name="site"', 'name="status"', 'name="tissue"', 'name="pattern"', 'name="disorder"'):
        assert field in r.text
    assert '<label for="f-site">' in r.text
    assert 'class="candidate"' not in r.text
    r = client.get("/differential", params={"status": "", "tissue": ""})
    assert "Nothing was stated" in r.text


def test_differential_ranks_by_definition(client: TestClient) -> None:
    assert first(client, status="XSCO:0000012", tissue="XSCO:0000016") == METASTATIC
    assert first(client, status="XSCO:0000013", tissue="XSCO:0000018") == DYSTROPHIC
    assert first(client, status="normal calcium-phosphate metabolism", tissue="degenerated tissue") == DYSTROPHIC


def test_differential_uses_sites_and_disorders_with_hedges(client: TestClient) -> None:
    r = client.get("/differential", params={"site": "UBERON:0002097", "disorder": ["XSCO:0000051"]})
    # skin + SLE: calcinosis ("most often" at the skin - a superlative site counts in full, rule 3 - and
    # a source ties it to SLE itself), calcinosis cutis (the skin; SLE in the Mayo Clinic series) and calcinosis
    # universalis (unhedged at the skin; associated with the connective tissue diseases SLE is a kind of) tie on
    # score; universalis, which a scheme files under calcinosis and which has a skin statement of its own, leads
    # (rule 7c); then dystrophic calcinosis cutis (at the skin as calcinosis cutis is, half) follows the three
    top = re.findall(r'class="candidate-label">([^<]+)</a>', r.text.split('id="disorders"')[0])[:4]
    assert top[0] == "calcinosis universalis"
    assert sorted(top[1:3]) == ["calcinosis", "calcinosis cutis"] and top[3] == "dystrophic calcinosis cutis"
    # normal Ca-P: dystrophic calcinosis cutis shares dystrophic calcification's definition (an axiom, rule 1)
    # and a source ties calcinosis to normal Ca-P (rule 3), so both pass calcinosis universalis, of which
    # no source says anything about Ca-P
    r2 = client.get("/differential", params={"site": "UBERON:0002097", "status": "XSCO:0000013",
                                              "disorder": ["XSCO:0000051"]})
    top2 = re.findall(r'class="candidate-label">([^<]+)</a>', r2.text.split('id="disorders"')[0])[:2]
    assert sorted(top2) == ["calcinosis", "dystrophic calcinosis cutis"]
    assert '<span class="hedge">most often</span>' in r.text
    assert '<span class="hedge">has been described</span>' in r.text
    # issue 17 rule 4: the calcinosis of the patient's own disease leads
    assert first(client, disorder="CREST syndrome") == "calcinosis of limited cutaneous systemic sclerosis"
    assert first(client, disorder=["XSCO:0000031", "XSCO:0000033"]) == METASTATIC


def test_differential_ossified_pattern(client: TestClient) -> None:
    r = client.get("/differential", params={"pattern": "ossified"})
    assert first(client, pattern="ossified") == HO
    assert "the finding is a heterotopic ossification, disjoint from calcinosis (axiom)" in r.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "XSCO:0000044"}, "scleroderma is not a calcium-phosphate status"),
        ({"site": "nowhere-at-all"}, "unknown term"),
        ({"tissue": "necrotc tissue"}, "did you mean: necrotic tissue"),
        ({"pattern": "sparkly"}, "pattern: &#39;sparkly&#39; is not one of"),
        ({"disorder": "XSCO:0000005"}, "calcinosis is not an associated condition"),
        ({"site": "x" * 300}, "too long"),
    ],
)
def test_differential_bad_input_is_a_400_with_the_form(client: TestClient, params: dict, message: str) -> None:
    r = client.get("/differential", params=params)
    assert r.status_code == 400
    assert message in r.text and 'role="alert"' in r.text and 'name="status"' in r.text


def test_run_differential_shape(kg: kgtools.KnowledgeGraph) -> None:
    ranked = run_differential(kg, Finding(status=X + "0000012", tissue=X + "0000016"))
    assert ranked[0]["label"] == METASTATIC and ranked[0]["curie"] == "XSCO:0000003"
    types = [c for c in ranked if c["kind"] == "type"]
    kept = [c["score"] for c in types if not c["excluded"]]
    assert kept == sorted(kept, reverse=True), "types ranked by score"
    flags = [c["excluded"] for c in types]
    assert flags == sorted(flags), "excluded types come last"
    assert {"curie", "iri", "label", "kind", "score", "reasons_for", "reasons_against"} <= set(ranked[0])
    for reason in ranked[0]["reasons_for"]:
        assert set(reason) == {"text", "source", "qualifier", "statement", "weight", "kind", "excludes", "quote",
                               "role", "match", "open_list", "about"}
        assert isinstance(reason["weight"], float) and reason["excludes"] is False
    axioms = [r for r in ranked[0]["reasons_for"] if r["kind"] == "axiom"]
    assert len(axioms) == 2  # the definition's two conditions, both satisfied
    for reason in axioms:
        assert reason["source"] == "https://eexot-journal.com/index.php/aoet/article/view/31"
        assert "calcium-phosphorous levels are elevated" in reason["quote"]
    dystrophic = next(c for c in ranked if c["label"] == DYSTROPHIC)
    assert len(dystrophic["reasons_against"]) == 2 and dystrophic["excluded"]
    assert ranked.index(dystrophic) > ranked.index(next(c for c in ranked if c["label"] == "calcinosis"))
    calcinosis = next(c for c in ranked if c["label"] == "calcinosis")
    assert [r["qualifier"] for r in calcinosis["reasons_against"]] == ["usually not"]
    assert {"hyperparathyroidism", "malignancy", "hypervitaminosis D", "milk-alkali syndrome"} <= {
        d["label"] for d in ranked[0]["conditions"]}  # the seed's four, beside the other sources' causes
    assert run_differential(kg, Finding()) == []


def test_web_and_cli_json_are_one_shape(kg: kgtools.KnowledgeGraph) -> None:
    """The web's candidates are the library's typed data (to_data) plus the type's conditions: one
    finding type, its IRIs passed straight through (a status IRI, not a word)."""
    from kgtools.differential import Finding as LibraryFinding
    from kgtools.differential import differential, to_data

    assert Finding is LibraryFinding
    finding = Finding(status=X + "0000012", tissue=X + "0000016", site=UBERON + "0002097")
    web = run_differential(kg, finding)
    lib = to_data(differential(kg, finding))
    assert [{k: v for k, v in c.items() if k != "conditions"} for c in web] == lib["types"] + lib["disorders"]
    assert web[0]["rank"] == 1 and isinstance(web[0]["score"], float) and web[0]["specific"] in (True, False)
    words = to_data(differential(kg, Finding(status="elevated", tissue="normal", site="skin")))
    assert words["types"][0]["curie"] == lib["types"][0]["curie"] == "XSCO:0000003"


def test_parse_finding(kg: kgtools.KnowledgeGraph) -> None:
    finding = parse_finding(kg, {"site": "skin", "status": "", "disorder": ["SLE", "lupus", "XSCO:0000051"],
                                 "pattern": "calcified"})
    assert finding.site == UBERON + "0002097" and finding.status is None
    assert finding.disorders == (X + "0000051",) and finding.ossified is False
    with pytest.raises(InputError, match="not an anatomical site"):
        parse_finding(kg, {"site": "calcinosis"})


# --- the SPARQL page and named queries --------------------------------------------------------------


def test_query_page_lists_every_named_query(client: TestClient, kg: kgtools.KnowledgeGraph) -> None:
    r = client.get("/query")
    assert r.status_code == 200
    for name in kg.queries.names():
        assert f'id="q-{name}"' in r.text and f'action="/query/{name}"' in r.text
    assert '<form id="sparql-form" method="post" action="/sparql">' in r.text
    assert 'value="calcinosis"' in r.text  # the example of sites-for-type, prefilled


def test_run_named_query(client: TestClient) -> None:
    r = client.get("/query/sites-for-type", params={"type": "calcinosis"})
    assert r.status_code == 200
    assert (
        "UBERON:0002072" in r.text and "most often" in r.text and "6 rows" in r.text
    )  # the seed's 3 and Black & Kanat's 3


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/query/no-such-query", {}, 404, "unknown query"),
        ("/query/sites-for-type", {"type": "calcinsis"}, 400, "did you mean: calcinosis"),
        ("/query/sites-for-type", {}, 400, "needs parameter"),
        ("/query/sites-for-type", {"type": "calcinosis", "bogus": "1"}, 400, "no parameter"),
    ],
)
def test_run_named_query_bad_input(client: TestClient, path: str, params: dict, status: int, message: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status and message in r.text


# what app.js sends and reads: a form POST to the endpoint of the same app, SPARQL JSON or Turtle back
PAGE_ACCEPT = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}


def test_the_sparql_form_posts_to_the_endpoint_of_the_same_app(client: TestClient) -> None:
    q = "SELECT ?l WHERE { <https://w3id.org/xsco/XSCO_0000005> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    r = client.post("/sparql", data={"query": q}, headers=PAGE_ACCEPT)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    data = r.json()
    assert data["head"]["vars"] == ["l"]
    assert data["results"]["bindings"] == [{"l": {"type": "literal", "value": "calcinosis", "xml:lang": "en"}}]
    assert client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers=PAGE_ACCEPT).json()["boolean"] is True
    r = client.post("/sparql", data={"query": "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o } LIMIT 1"}, headers=PAGE_ACCEPT)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert client.get("/sparql", follow_redirects=False).headers["location"] == "/query"  # a person opening /sparql


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
        ("CLEAR ALL", 403, "read-only"),
        ("SELEC ?x WHERE {}", 400, "SELEC"),
        ("", 400, "missing query"),
    ],
)
def test_the_sparql_form_gets_json_errors_that_the_page_shows(
    client: TestClient, kg: kgtools.KnowledgeGraph, query: str, status: int, message: str
) -> None:
    before = kg.store.count()
    r = client.post("/sparql", data={"query": query}, headers=PAGE_ACCEPT)
    assert r.status_code == status and r.json()["status"] == status and message in r.json()["error"]
    assert kg.store.count() == before


# --- the app as a whole -----------------------------------------------------------------------------


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "Page not found" in r.text and 'role="search"' in r.text
    r = client.post("/differential")
    assert r.status_code == 405 and "Request not handled" in r.text
    assert r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/api/no-such-api", "/sparql/x", "/queries/a/b", "/health/x"])
def test_errors_of_the_endpoint_and_api_paths_stay_json(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and r.json() == {"error": "Not Found", "status": 404}


def test_pages_load_nothing_from_the_network(client: TestClient) -> None:
    for path in ("/", "/term/XSCO:0000005", "/differential", "/query", "/search?q=calc"):
        r = client.get(path)
        assert r.headers["content-security-policy"].startswith("default-src 'self'")
        for ref in re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', r.text):
            assert ref.startswith("/assets/"), f"{path} loads {ref}"
            assert client.get(ref).status_code == 200
    assert "Pico CSS" in client.get("/assets/pico.min.css").text


def test_forms_have_labels(client: TestClient) -> None:
    page = client.get("/differential").text
    ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', page)
    for ident in ids:
        assert f'for="{ident}"' in page, f"input {ident} has no label"
    # radios and checkboxes are wrapped in their labels, inside fieldsets with a legend
    assert page.count("<fieldset") == page.count("<legend>")
    home = client.get("/").text
    assert '<label for="search-input">' in home and 'role="combobox"' in home
    assert 'aria-controls="search-listbox"' in home


def test_routes_mount_under_a_prefix(kg: kgtools.KnowledgeGraph) -> None:
    app = Starlette(routes=[Mount("/web", routes=web_routes(kg, sparql_path="/sparql"))])
    client = TestClient(app)
    page = client.get("/web/term/XSCO:0000005").text
    assert 'href="/web/term/XSCO:0000002"' in page and 'href="/web/assets/pico.min.css"' in page
    assert client.get("/web/api/search", params={"q": "calc"}).json()["results"][0]["url"].startswith("/web/term/")
    assert 'action="/sparql"' in client.get("/web/query").text


def test_term_view_collects_both_directions(kg: kgtools.KnowledgeGraph) -> None:
    view = term_view(kg, kg.term("calcinosis"))
    assert [t.curie for t in view.parents] == ["XSCO:0000002"]
    assert {a.object.label for a in view.outgoing} >= {"hypodermis", "skin of body", "connective tissue"}
    assert {a.subject.label for a in view.incoming} >= {
        "calcinosis universalis", "calcinosis circumscripta", "tumoral calcinosis"}
    assert all(a.subject.iri == view.term.iri for a in view.outgoing)
    assert all(a.object.iri == view.term.iri for a in view.incoming)
    assert view.sources == ["https://eexot-journal.com/index.php/aoet/article/view/31"]


def test_every_term_page_renders(client: TestClient, kg: kgtools.KnowledgeGraph) -> None:
    for term in kg.terms():
        r = client.get(f"/term/{term.curie}" if term.curie != term.iri else f"/term?id={term.iri}")
        assert r.status_code == 200, term.curie


def test_pages_agree_across_engines(kg_any: kgtools.KnowledgeGraph, kg: kgtools.KnowledgeGraph) -> None:
    mine, reference = TestClient(create_app(kg_any)), TestClient(create_app(kg))
    for path in ("/term/XSCO:0000005", "/term/XSCO:0000044", "/term/UBERON:0002072"):
        assert tables(mine.get(path).text) == tables(reference.get(path).text), path
    params = {"site": "UBERON:0002097", "disorder": "XSCO:0000051"}
    assert first(mine, **params) == first(reference, **params) == "calcinosis universalis"
    finding = Finding(status=X + "0000013", tissue=X + "0000018", disorders=(X + "0000046",))
    assert run_differential(kg_any, finding) == run_differential(kg, finding)


def test_differential_form_takes_imaging_signs(client: TestClient) -> None:
    page = client.get("/differential").text
    assert 'name="sign" value="XSCO:0001122"' in page  # the sedimentation sign is offered
    assert first(client, sign="XSCO:0001122") == "tumoral calcinosis"
    r = client.get("/differential", params={"sign": "dermatomyositis"})
    assert r.status_code == 400 and "not an imaging sign" in r.text


# --- issue 17: free text, several sites, two lists, typed JSON ----------------------------------------


def test_differential_free_text_shows_recognised_terms_and_negations(client: TestClient) -> None:
    text = "Calcifications in the subcutaneous tissue of the fingertips in CREST syndrome. No history of trauma."
    r = client.get("/differential", params={"text": text})
    assert r.status_code == 200, r.text
    page = r.text
    assert 'class="recognised"' in page and '<input type="hidden" name="edited" value="1">' in page
    assert '<s>trauma</s>' in page  # the negated term, struck through and not ticked
    assert re.search(r'name="disorder" value="XSCO:0000047"\s*>', page)
    assert re.search(r'name="disorder" value="XSCO:0000046" checked>', page)
    assert first(client, text=text) == "calcinosis of limited cutaneous systemic sclerosis"
    # edited: unticking CREST syndrome (only the text's sites remain) changes the ranking
    edited = client.get("/differential", params={"text": text, "edited": "1", "site": ["UBERON:0002072"]})
    assert re.search(r'name="disorder" value="XSCO:0000046"\s*>', edited.text)


def test_differential_page_has_two_compact_lists_with_flags(client: TestClient) -> None:
    # normal calcium-phosphate status contradicts metastatic calcification's definition: one excluded type
    r = client.get("/differential", params={"site": ["UBERON:0002389", "UBERON:0002072"], "disorder": "XSCO:0000046",
                                            "pattern": "calcified", "status": "XSCO:0000013"})
    page = r.text
    types = page.split('id="types"')[1].split('id="disorders"')[0]
    disorders = page.split('id="disorders"')[1]
    assert types.count('<li class="candidate') > 10 and "show all" in types
    assert types.split('<details class="show-all">')[0].count('<li class="candidate') == 10
    assert 'flag-excluded' in types and 'flag-known' in disorders
    assert re.search(r'<li class="candidate known" value="1" data-curie="XSCO:0000046">', disorders)
    assert '<details class="reasons-box">' in page  # reasons collapsed under each candidate
    assert 'selected>manual digit</option>' in page and 'selected>hypodermis</option>' in page


def test_differential_json_is_typed(client: TestClient) -> None:
    r = client.get(
        "/differential", params={"text": "Phleboliths in the pelvis. Serum calcium 9.0 mg/dL.", "format": "json"}
    )
    data = r.json()
    first_type = data["types"][0]
    assert first_type["label"] == "phlebolith" and isinstance(first_type["score"], float)
    assert first_type["excluded"] is False and isinstance(first_type["reasons_for"][0]["weight"], float)
    lab = next(m for m in data["recognised"] if m["kind"] == "lab")
    assert lab["lab"]["value"] == 9.0 and lab["lab"]["level"] == "normal"
    bad = client.get("/differential", params={"text": "nothing to see", "format": "json"})
    assert bad.status_code == 400 and "nothing recognised" in bad.json()["error"]


# --- the differential page's caches (issue 19) ---------------------------------------------------

RANKED = "/differential?site=UBERON:0002097&status=XSCO:0000013&disorder=XSCO:0000051"
NEW_TYPE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://example.org/zz-test-type> a owl:Class ; rdfs:subClassOf <https://w3id.org/xsco/XSCO_0000001> ;
    rdfs:label "zz test mineralization type" ."""


def test_kept_differential_page_is_dropped_when_the_graph_changes() -> None:
    """The page is kept per query string; a change to the graph (a new type) shows on the next request."""
    kg = kgtools.load()
    client = TestClient(Starlette(routes=web_routes(kg)))
    first = client.get(RANKED)
    assert first.status_code == 200 and 'class="candidate' in first.text
    assert client.get(RANKED).text == first.text
    assert "zz test mineralization type" not in first.text
    kg.add_data(NEW_TYPE, graph="asserted")
    after = client.get(RANKED)
    assert after.status_code == 200 and "zz test mineralization type" in after.text


def test_kept_pages_depend_on_the_mount_point(kg: kgtools.KnowledgeGraph) -> None:
    """Two apps on one graph, one mounted under /web: each kept page links to its own paths."""
    mounted = TestClient(Starlette(routes=[Mount("/web", routes=web_routes(kg))])).get("/web" + RANKED).text
    plain = TestClient(Starlette(routes=web_routes(kg))).get(RANKED).text
    assert 'href="/web/term/' in mounted
    assert 'href="/term/' in plain and 'href="/web/term/' not in plain


def test_derived_views_are_shared_until_the_graph_changes() -> None:
    kg = kgtools.load()
    view = kg.derived("test view", lambda: object())
    assert kg.derived("test view", lambda: object()) is view
    kg.add_data(NEW_TYPE, graph="asserted")
    assert kg.derived("test view", lambda: object()) is not view
