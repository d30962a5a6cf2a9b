"""Every source XSCO cites is described: its real title, a year, and a DOI or PMID whose publisher
address is the source's IRI, or a stated reason why no identifier is given."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import rdflib

from kgtools.errors import InputError
from kgtools.resources import templates_dir
from kgtools.templates import read_templates

DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SEED = "https://eexot-journal.com/index.php/aoet/article/view/31"
# Hosts that serve copies of other publishers' articles (mirrors, proxies, indexing pages).
COPY_HOSTS = ("bibliotecabuap", "distantreader.org", "studylib.net", "deepblue.lib.umich.edu", "pmc.ncbi.nlm.nih.gov",
              "researcher.life", "ibook.pub", "coek.info", "spotidoc.com")


def _rows() -> list[dict[str, str]]:
    out = []
    for path in sorted(templates_dir().glob("*sources.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            out += list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return out


ROWS = _rows()
BY_IRI = {r["iri"]: r for r in ROWS}


def test_every_cited_source_has_a_row(ontology_graph: rdflib.Graph) -> None:
    cited = {str(o) for o in ontology_graph.objects(None, DCTERMS.source)} - {SEED}
    assert cited, "no sources cited?"
    missing = sorted(cited - set(BY_IRI))
    assert not missing, f"describe these sources in ontology/templates/sources.tsv: {missing}"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["iri"][:60])
def test_source_has_title_year_and_identifier_or_reason(row: dict[str, str]) -> None:
    assert row["title"].strip(), "no title"
    assert re.fullmatch(r"(1[89]|20)\d\d|n\.d\.", row["year"]), f"year {row['year']!r}: four digits, or n.d."
    doi, pmid, reason = row["doi"], row["pmid"], row["no_identifier_reason"]
    assert doi or pmid or reason.strip(), "give a DOI, a PMID or the reason why there is none"
    if doi:
        assert row["iri"] == f"https://doi.org/{doi}", "a source with a DOI is cited by its DOI address"
    elif pmid:
        assert row["iri"] == f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", (
            "a source with a PMID only is cited by its PubMed address"
        )
    host = urlparse(row["iri"]).netloc
    if any(h in host for h in COPY_HOSTS):
        assert re.search(r"\bcopy\b|indexing service", reason), (
            f"{host} serves copies: cite the publisher, or say why not"
        )


def test_the_seed_states_why_it_has_no_identifier(ontology_graph: rdflib.Graph) -> None:
    notes = [str(o) for o in ontology_graph.objects(rdflib.URIRef(SEED), rdflib.URIRef("http://purl.obolibrary.org/obo/IAO_0000116"))]
    assert any(n.startswith("No DOI or PMID") for n in notes)


@pytest.mark.parametrize(
    ("iri", "title", "authors_start", "year", "ident"),
    [
        (
            "https://doi.org/10.1007/s13244-018-0619-0",
            "Radiological identification and analysis of soft tissue musculoskeletal calcifications",
            "Freire V",
            "2018",
            None,
        ),
        (
            "https://doi.org/10.1007/s10195-012-0193-z",
            "A classification method for neurogenic heterotopic ossification of the hip",
            "Mavrogenis AF",
            "2012",
            "22476356",
        ),
        (
            "https://doi.org/10.1371/journal.pone.0016632",
            "Troublesome Heterotopic Ossification after Central Nervous System Damage: A Survey of 570 Surgeries",
            "Genêt F",
            "2011",
            "21304993",
        ),
        (
            "https://doi.org/10.1007/s13244-013-0265-5",
            "Pelvic heterotopic ossification: when CT comes to the aid of MR imaging",
            "Zagarella A",
            "2013",
            "23828230",
        ),
        (
            "https://doi.org/10.1302/2058-5241.6.210002",
            "Post-traumatic myositis ossificans: a benign lesion that simulates malignant bone and soft tissue tumours",
            "Savvidou O",
            "2021",
            None,
        ),
        (
            "https://doi.org/10.1001/jamadermatol.2019.0381",
            (
                "Localization, Morphologic Features, and Chemical Composition of Calciphylaxis-Related Skin Deposits "
                "in Patients With "
                "Calcific Uremic Arteriolopathy"
            ),
            "Colboc H",
            "2019",
            "31116362",
        ),
        (
            "https://doi.org/10.4061/2011/982854",
            "Calcific Uremic Arteriolopathy in Peritoneal Dialysis Populations",
            "New N",
            "2011",
            "21748002",
        ),
        (
            "https://doi.org/10.1016/j.semarthrit.2020.06.007",
            "Calcinosis is associated with ischemic manifestations and increased disability in patients with "
            "systemic sclerosis",
            "Valenzuela A",
            "2020",
            "32898758",
        ),
        (
            "https://doi.org/10.1093/rheumatology/kew313",
            "Calcinosis is associated with digital ischaemia in systemic sclerosis—a longitudinal study",
            "Baron M",
            "2016",
            "27593964",
        ),
        (  # the article page (archderm.jamanetwork.com) prints its DOI: cited by it, no longer by the page
            "https://doi.org/10.1001/archdermatol.2011.2052",
            "Calcinosis cutis occurring in association with autoimmune connective tissue disease: the Mayo Clinic "
            "experience with 78 patients, 1996-2009",
            "Balin SJ, Wetter DA",
            "2012",
            None,
        ),
        (  # the chapter's own title at the publisher (rd.springer.com), not its book's, "Soft Tissue Ossification"
            "https://doi.org/10.1007/978-1-4471-1343-0_1",
            "Differential Diagnosis of Soft Tissue Calcification",
            "Connor JM",
            "1983",
            None,
        ),
        (  # the chapter's title at the publisher (link.springer.com), in the book "Dermatomyositis"
            "https://doi.org/10.1007/978-3-540-79313-7_17",
            "Calcinosis in Dermatomyositis",
            "",
            "n.d.",
            None,
        ),
    ],
)
def test_sources_the_review_found_wrong_carry_their_real_bibliography(
    ontology_graph: rdflib.Graph, iri: str, title: str, authors_start: str, year: str, ident: str | None
) -> None:
    row = BY_IRI[iri]
    assert (row["title"], row["year"]) == (title, year) and row["authors"].startswith(authors_start)
    if ident:
        assert row["pmid"] == ident
    node = rdflib.URIRef(iri)
    assert str(ontology_graph.value(node, DCTERMS.title)) == title
    identifiers = {str(o) for o in ontology_graph.objects(node, DCTERMS.identifier)}
    assert f"doi:{iri.removeprefix('https://doi.org/')}" in identifiers


def test_the_applied_radiology_case_has_its_title_and_authors_in_their_own_columns() -> None:
    # the title column held the authors' names and the citation; the publisher's page gives them apart
    row = BY_IRI["https://appliedradiology.com/articles/tumoral-calcinosis"]
    assert (row["title"], row["authors"]) == (
        "Tumoral Calcinosis", "Abbas A, Aria D, Schaefer C, Kaye R, Jorgensen SA, Abruzzo T, Towbin R")


_CITATION_TITLE = re.compile(r"^[A-Z][\w'-]+ [A-Z]{1,3}(, [A-Z][\w'-]+ [A-Z]{1,3})*(, et al)?\. |^Elsevier\. ")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["iri"][:60])
def test_a_title_is_the_title_not_a_citation(row: dict[str, str]) -> None:
    # "Shapeero LG, Vanel D, ... Extraskeletal mesenchymal chondrosarcoma. Radiology 1993..." in the title column:
    # the authors, journal and year have their own columns
    assert not _CITATION_TITLE.match(row["title"]), row["title"]


def test_no_statement_cites_a_mirror_of_a_source_that_has_a_doi(ontology_graph: rdflib.Graph) -> None:
    for old in ("https://springerlink.bibliotecabuap.elogim.com/doi/10.1007/s10195-012-0193-z",
                "https://distantreader.org/stacks/cord/cord-0943979-fts6ewi6.txt",
                "https://pmc.ncbi.nlm.nih.gov/articles/PMC5118224",
                "https://insightsimaging.springeropen.com/articles/10.1007/s13244-018-0619-0",
                "http://archderm.jamanetwork.com/article.aspx?articleid=1150959"):
        assert not list(ontology_graph.subjects(DCTERMS.source, rdflib.URIRef(old))), old


def test_a_malformed_doi_is_refused(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    path = folder / "sources.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\t10.1007/s13244-018-0619-0\t", "\tdoi-10.1007\t", 1), encoding="utf-8")
    with pytest.raises(InputError, match="is not a DOI"):
        read_templates(folder)


# Statements a curator rejects for a weak source (an encyclopedia, a drug site's glossary, a hospital-marketing
# page), now read in a clinical publication that states the same thing: each id with the source it cites.
_RESOURCED = {
    "xscoa:A1347": "https://doi.org/10.1001/jama.1983.03340010060032",  # Stewart, Herling, Dalinka 1983
    "xscoa:A1349": "https://doi.org/10.1001/jama.1983.03340010060032",
    "xscoa:A1378": "https://doi.org/10.1001/jama.1983.03340010060032",
    "xscoa:A1606": "https://doi.org/10.1001/jama.1983.03340010060032",
    "xscoa:A4659": "https://doi.org/10.1001/jama.1983.03340010060032",
    "xscoa:A1353": "https://doi.org/10.1097/PAP.0b013e31805048ea",  # Gorospe and Fadare 2007
    "xscoa:A1247": "https://doi.org/10.1001/jama.1983.03340010060032",  # the two-way classification's members
    "xscoa:A1248": "https://doi.org/10.1001/jama.1983.03340010060032",
    "xscoa:A1641": "https://www.eurorad.org/case/17620",  # Yildirim, Turan, Guven 2022 (was practicalhospital.com)
    "xscoa:A1648": "https://www.eurorad.org/case/17620",
    "xscoa:A1733": "https://doi.org/10.1016/j.pt.2016.09.003",  # Nash TE et al. 2017 (was Wikipedia)
    "xscoa:A1367": "https://doi.org/10.1038/leu.2008.336",  # Roodman 2009 (was Wikipedia)
    "xscoa:A1369": "https://doi.org/10.1038/leu.2008.336",
    "xscoa:A1371": "http://medical.med.tokushima-u.ac.jp/jmi/vol48/text/v48_n3-4_p147.html",  # Takata, Yasui 2001
    "xscoa:A1372": "https://doi.org/10.1210/er.2016-1070",  # Tebben, Singh, Kumar 2016 (was Wikipedia)
    "xscoa:A1374": "https://doi.org/10.1210/er.2016-1070",
    "xscoa:A1370": "https://doi.org/10.1007/s10354-016-0496-4",  # Nebot Valenzuela, Pietschmann 2017
    "xscoa:A1355": "https://doi.org/10.1155/2012/128617",  # Senba et al. 2012 (was Wikipedia)
    "xscoa:A1358": "https://doi.org/10.1155/2012/128617",  # hedged as the source hedges it: rarely
    "xscoa:A1368": "https://doi.org/10.1155/2012/128617",
    "xscoa:A1356": "https://doi.org/10.1155/2012/128617",  # bone resorption behind metastatic calcification
    # Noffke, Raubenheimer, Chabikuli 2015, SADJ (was rxlist.com): tuberculous necrosis and atheromatous plaque
    "xscoa:A1600": "http://www.scielo.org.za/scielo.php?script=sci_arttext&pid=S0011-85162015000200004",
    "xscoa:A1602": "http://www.scielo.org.za/scielo.php?script=sci_arttext&pid=S0011-85162015000200004",
    # the same article (was Wikipedia): dystrophic calcifications 'tend to be more localized'
    "xscoa:A1348": "http://www.scielo.org.za/scielo.php?script=sci_arttext&pid=S0011-85162015000200004",
    # Kim et al. 1976, Hum Pathol (was rxlist.com): 'Dystrophic calcification in the aortic valve ...'
    "xscoa:A1604": "https://doi.org/10.1016/s0046-8177(76)80005-6",
    # Muthiah 2017, Case Rep Clin Med (was rxlist.com): valve 'wear-and-tear damage with increased risk of deposition
    # of calcium phosphate salts, known as dystrophic calcification'
    "xscoa:A1601": "https://doi.org/10.4236/crcm.2017.64009",
    "xscoa:A1605": "https://doi.org/10.4236/crcm.2017.64009",
    # Black and Kanat 1985, J Foot Surg (was Wikipedia): hypervitaminosis D, a vitamin D disorder (xscoa:A1372), among
    # the diseases associated with metastatic calcification
    "xscoa:A1362": "https://hero.epa.gov/hero/index.cfm/reference/details/reference_id/8338052",
}


def test_statements_once_on_weak_sources_cite_a_clinical_publication() -> None:
    from kgtools.templates import read_templates

    statements = {s.id: s for s in read_templates().statements}
    for sid, source in _RESOURCED.items():
        assert statements[sid].source == source, sid
        assert BY_IRI[source]["authors"], f"{source}: a clinical source names its authors"


def test_a_re_sourced_statement_carries_its_new_source_s_hedge() -> None:
    """Noffke, Raubenheimer and Chabikuli (SADJ 2015) hedge the localised distribution of dystrophic calcification
    ('dystrophic calcifications which tend to be more localized'); Wikipedia's paraphrase had stated it bare."""
    from kgtools.templates import read_templates

    statement = next(s for s in read_templates().statements if s.id == "xscoa:A1348")
    assert statement.qualifier == "tend to"
    assert "tend to be more localized" in statement.text


def test_phlebolith_with_haemangioma_rests_on_a_clinical_publication() -> None:
    """xscoa:A1779 (phlebolith correlated with haemangioma, 'common') rested on a hospital-marketing page; Hasan 2023
    (Thi-Qar Med J: phleboliths 'related to vascular malformations or hemangiomas') states the same association as
    xscoa:A6628, so the weak row went and the association stays on the journal's word."""
    from kgtools.templates import read_templates

    rows = [s for s in read_templates().statements
            if (s.subject, s.predicate, s.object) == ("XSCO:0001550", "RO:0002610", "XSCO:0001529")]
    assert [s.id for s in rows] == ["xscoa:A6628"]
    assert all("practicalhospital" not in s.source for s in rows)


def test_the_two_way_classification_is_the_jama_review_s_not_an_encyclopedia_s() -> None:
    """XSCO:0001154 (metastatic against dystrophic calcification) is the division Stewart, Herling and Dalinka
    (JAMA 1983) make; it was once filed as Wikipedia's."""
    from kgtools.templates import read_templates

    templates = read_templates()
    scheme = next(s for s in templates.schemes if s.id == "XSCO:0001154")
    assert scheme.source == "https://doi.org/10.1001/jama.1983.03340010060032"
    assert "Wikipedia" not in scheme.label
    members = [s for s in templates.statements if s.scheme == "XSCO:0001154"]
    assert {s.id for s in members} == {"xscoa:A1247", "xscoa:A1248"}
    assert all(s.source == scheme.source for s in members)


def test_the_guinea_worm_image_is_cited_by_the_doi_its_publisher_prints() -> None:
    """The Am J Trop Med Hyg 2018 image (98(5):1218) was cited by its page address with 'no DOI found'; the page's
    own figure citation line prints the article's DOI, 10.4269/ajtmh.17-0944."""
    from kgtools.templates import read_templates

    doi_iri = "https://doi.org/10.4269/ajtmh.17-0944"
    assert BY_IRI[doi_iri]["doi"] == "10.4269/ajtmh.17-0944"
    templates = read_templates()
    statements = {s.id: s for s in templates.statements}
    assert statements["xscoa:A1740"].source == doi_iri and statements["xscoa:A1742"].source == doi_iri
    assert "https://www.ajtmh.org/view/journals/tpmd/98/5/article-p1218.xml" not in BY_IRI


_ANNOTATED_TITLE = re.compile(r"\((MIM \d+|ORPHA:\d+|HP:\d+|GeneReviews|NORD rare disease report)\)$")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["iri"][:60])
def test_a_title_carries_no_identifier_or_series_note(row: dict[str, str]) -> None:
    # 'Werner syndrome (ORPHA:902)', 'Pseudoxanthoma Elasticum (GeneReviews)': the record's number is in the address and
    # the series in published_in; the title column holds the title as the record prints it
    assert not _ANNOTATED_TITLE.search(row["title"]), row["title"]
