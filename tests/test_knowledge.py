"""Knowledge beyond the seed: the curation templates, their provenance and what they answer.

The templates in ontology/templates/ are checked against the provenance of the research notes they were curated from,
kept in tests/data/provenance/ (the addresses each note row gives and the passages of it the templates quote, and the
seed abstract): every statement names the note row it comes from, its source is an address given in that row, and a
quoted supporting text is one of the row's quoted passages (or the seed's sentence).
"""

from __future__ import annotations

import csv
import dataclasses
import re
import shutil
import ipaddress
import unicodedata
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
import rdflib
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.errors import InputError
from kgtools.resources import templates_dir
from kgtools.sync import sync
from kgtools.templates import (
    SHORTCUT_PREDICATES,
    TermRow,
    knowledge_dir,
    read_knowledge,
)

from .conftest import DATA

PROVENANCE = DATA / "provenance"
NOTES_FILE = PROVENANCE / "notes.tsv"
SEED = "https://eexot-journal.com/index.php/aoet/article/view/31"
KNOWLEDGE = read_knowledge()


def _notes() -> dict[str, tuple[set[str], list[str]]]:
    """Row ID (F-12, S-05, A-06) -> (the addresses the research-note row gives, the passages of it the templates quote).

    Kept in tests/data/provenance/notes.tsv (made by tests/data/make_provenance.py from the notes), so the provenance
    checks run from the repository alone.
    """
    notes: dict[str, tuple[set[str], list[str]]] = {}
    lines = NOTES_FILE.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        fact, addresses, passages = [*line.split("\t"), "", ""][:3]
        notes[fact] = (set(addresses.split()), [p for p in passages.split(" || ") if p])
    return notes


NOTES = _notes()


def _address(url: str) -> str:
    """An address reduced for comparison: no scheme, no www., no stray host prefix, no trailing slash."""
    url = re.sub(r"^https?:/+", "", url.strip().rstrip(").,;"))
    url = re.sub(r"^(www\.|https\.)", "", url)
    host, _, path = url.partition("/")
    return host.rstrip(".").lower() + "/" + path.rstrip("/")


def _fact_addresses(fact: str) -> set[str]:
    """The addresses a note row gives, reduced for comparison, with and without their query string."""
    found = {_address(u) for u in NOTES[fact][0]}
    return found | {a.split("?", 1)[0].rstrip("/") for a in found}


def _cited(address: str, allowed: set[str]) -> bool:
    plain = address.split("?", 1)[0].rstrip("/")
    if address in allowed or plain in allowed:
        return True
    # a DOI address names the work that any note address ending in that DOI (a publisher's or a proxy's page) gives
    if plain.startswith("doi.org/") and any(a.lower().endswith("/" + plain[len("doi.org/"):].lower()) for a in allowed):
        return True
    # a GitHub file address: github.com/<owner>/<name>/blob/<commit>/<path>
    m = re.match(r"github\.com/([^/]+/[^/]+)/blob/[^/]+/(.+)$", plain)
    return bool(m) and f"github.com/{m.group(1)}/{m.group(2)}" in allowed


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("**", "")
    return re.sub(r"\s+", " ", text).strip().lower()


# --- the templates and the generated section ---------------------------------------------------


def test_generated_components_are_in_sync_with_the_templates() -> None:
    report = sync(check=True)
    assert not report.changed, f"run `kgtools sync`: {report.lines()}"


def test_templates_cover_the_topics_of_the_issue() -> None:
    counts = {"terms": len(KNOWLEDGE.terms), "statements": len(KNOWLEDGE.statements), "schemes": len(KNOWLEDGE.schemes)}
    assert counts["terms"] >= 100 and counts["statements"] >= 300 and counts["schemes"] >= 8, counts
    predicates = {s.predicate for s in KNOWLEDGE.statements}
    assert predicates == set(SHORTCUT_PREDICATES), set(SHORTCUT_PREDICATES) - predicates
    assert sum(1 for s in KNOWLEDGE.statements if "value" in s.numbers) >= 40


def _read_at() -> dict[str, set[str]]:
    """Source IRI -> the addresses where it was read (``read_at`` of the sources tables): the notes
    may give a copy of an article that the ontology now cites by its DOI or PubMed address."""
    out: dict[str, set[str]] = {}
    for path in sorted(templates_dir().glob("*sources.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                out[row["iri"]] = {a for a in (row.get("read_at") or "").split("|") if a}
    return out


def _excerpts() -> dict[str, list[str]]:
    """Source IRI -> sentences re-read in it during review (tests/data/source_excerpts.tsv)."""
    out: dict[str, list[str]] = {}
    path = Path(__file__).resolve().parent / "data" / "source_excerpts.tsv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            out.setdefault(row["source"], []).append(row["excerpt"])
    return out


READ_AT = _read_at()
EXCERPTS = _excerpts()


def test_every_statement_names_note_rows_and_cites_an_address_given_there() -> None:
    for s in KNOWLEDGE.statements:
        assert s.facts, f"{s.where}: no research-note row (fact column)"
        unknown = [f for f in s.facts if f not in NOTES]
        assert not unknown, f"{s.where}: unknown note row(s) {unknown}"
        if s.source == SEED:
            continue  # the seed's statements quote the seed verbatim (tests/test_seed.py)
        allowed = set().union(*(_fact_addresses(f) for f in s.facts))
        assert any(_cited(_address(a), allowed) for a in {s.source} | READ_AT.get(s.source, set())), (
            f"{s.where}: source {s.source} is not an address of {', '.join(s.facts)}"
        )


def test_quoted_supporting_text_occurs_in_the_notes() -> None:
    """A supporting text is a paraphrase (marked) or a verbatim quotation found in the note row."""
    seed = _plain((PROVENANCE / "seed.txt").read_text(encoding="utf-8"))
    for s in KNOWLEDGE.statements:
        if s.text.startswith("[paraphrase]"):
            assert len(s.text) > len("[paraphrase] ") + 10, s.where
            continue
        rows = _plain(" ".join(p for f in s.facts for p in NOTES[f][1]) + " " + " ".join(EXCERPTS.get(s.source, [])))
        haystack = seed if s.source == SEED else rows
        assert _plain(s.text) in haystack, f"{s.where}: quoted text not found in {', '.join(s.facts)}"


def test_every_term_and_scheme_source_is_an_address_of_the_notes() -> None:
    every = set().union(*(_fact_addresses(f) for f in NOTES))
    every.add(_address(SEED))
    for item in [*KNOWLEDGE.terms, *KNOWLEDGE.schemes]:
        sources = item.sources if isinstance(item, TermRow) else (item.source,)
        for src in sources:
            assert any(_cited(_address(a), every) for a in {src} | READ_AT.get(src, set())), f"{item.where}: {src}"


# Hosts that serve other owners' works (copies, aggregators, indexing records, proxies, hosting back ends): a source
# is cited at its publisher's or owner's address (a DOI, PubMed or PMC, the owner's own page), and a copy where it was
# read goes to ``read_at``. A host matches itself and its subdomains; bare IP addresses are refused as well.
MIRROR_HOSTS = {
    "musculoskeletalkey.com": "copies radiology textbook chapters without naming the book",
    "radiologykey.com": "copies radiology textbook chapters without naming the book",
    "clinicalpub.com": "copies clinical textbook chapters without naming the book",
    "clinicalgate.com": "copies clinical textbook chapters without naming the book",
    "pediagenosis.com": "copies illustrated pathology atlases without naming them",
    "spotidoc.com": "a document-sharing site (uploads of other owners' files)",
    "coek.info": "a PDF copy site of journal articles",
    "ibook.pub": "a PDF copy site of journal articles",
    "docslib.org": "a PDF copy site",
    "doczz.net": "a PDF copy site",
    "vdocument.in": "a PDF copy site",
    "pdffox.com": "a PDF copy site",
    "studylib.net": "a document-sharing site",
    "scribd.com": "a document-sharing site",
    "slideshare.net": "a slide-sharing site",
    "medworm.com": "a feed aggregator of journal abstracts",
    "seekhealthz.com": "a question-and-answer site reprinting book excerpts",
    "biocyclopedia.com": "a reference site reprinting text without naming its printed source",
    "researcher.life": "an indexing service's abstract pages",
    "elogim.com": "a university library's proxy of publishers' sites",
    "distantreader.org": "text extracts of a research corpus (CORD-19), not the publisher's article",
    "cismef.org": "a catalogue summarising other databases' records (OMIM)",
    "silverchair.com": "the hosting platform's address of a publisher's site, not its public address",
    "core-cms.prod.aop.cambridge.org": "Cambridge University Press's internal content host, not Cambridge Core",
    "misc.medscape.com": "Medscape's app copies of its reference articles",
    "img.medscape.com": "Medscape's app copies of its reference articles",
    "hero.epa.gov": "the EPA's bibliographic index record, not the journal's",
    "pure.elsevier.com": "a university research portal's record of an article, not the journal's",
}
# Denied hosts still cited because no publisher's address was found for them yet in the searched records; each must
# still be cited (the list only shrinks), and no other row may cite a denied host.
MIRRORS_PENDING = {"clinicalpub.com", "hero.epa.gov", "pure.elsevier.com", "researcher.life"}


def _mirror(iri: str) -> str | None:
    """The denied host an address is on (with the reason), or None for a publisher's or owner's address."""
    host = (urlparse(iri).hostname or "").lower()
    try:
        ipaddress.ip_address(host)
        return f"{host}: a bare IP address, no owner's name"
    except ValueError:
        pass
    for denied, why in MIRROR_HOSTS.items():
        if host == denied or host.endswith("." + denied):
            return f"{denied}: {why}"
    return None


@pytest.mark.parametrize(("iri", "denied"), [
    ("https://www.seekhealthz.com/health/x/", "seekhealthz.com"),
    ("https://skin-disease-care.biocyclopedia.com/1.php", "biocyclopedia.com"),
    ("http://47.251.13.51:8081/8423182", "47.251.13.51"),
    ("https://doi.org/10.1007/s10195-012-0193-z", None),
    ("https://pubmed.ncbi.nlm.nih.gov/2845491/", None),
    ("https://www.cambridge.org/core/product/identifier/X/type/BOOK_PART", None),
])
def test_mirror_hosts_are_recognised(iri: str, denied: str | None) -> None:
    found = _mirror(iri)
    assert (found.split(":")[0] if found else None) == denied


def test_no_source_is_cited_at_a_mirror() -> None:
    """Every sources row's ``iri`` is the publisher's or owner's address, never a copy, aggregator or proxy."""
    cited = []
    for path in sorted(templates_dir().glob("*sources.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
                found = _mirror(row["iri"])
                if found:
                    cited.append(found.split(":")[0])
                    assert found.split(":")[0] in MIRRORS_PENDING, f"{path.name}:{line}: {row['iri']} is on {found}"
    resolved = MIRRORS_PENDING - set(cited)
    assert not resolved, f"no longer cited, drop from MIRRORS_PENDING: {resolved}"


def test_unsourced_general_knowledge_is_not_cited() -> None:
    for s in KNOWLEDGE.statements:
        assert not any(f.startswith("U-") for f in s.facts), s.where


def test_every_association_has_a_titled_source(ontology_graph: rdflib.Graph) -> None:
    oban = rdflib.Namespace("http://purl.org/oban/")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    associations = set(ontology_graph.subjects(rdflib.RDF.type, oban.association))
    assert len(associations) >= 350
    for a in associations:
        sources = list(ontology_graph.objects(a, dcterms.source))
        assert sources, f"{a} has no source"
        for src in sources:
            assert ontology_graph.value(src, dcterms.title) is not None, f"{a}: source {src} has no title"


def test_numbers_come_back_with_measure_unit_and_population(kg: kgtools.KnowledgeGraph) -> None:
    with_numbers = [a for a in kg.associations() if a.quantity is not None]
    assert len(with_numbers) >= 40
    for a in with_numbers:
        q = a.quantity
        assert q is not None and isinstance(q.value, Decimal) and q.measure
        if q.value_max is not None:
            assert q.value_max >= q.value, a.iri
    assert any(a.quantity and a.quantity.unit == "%" for a in with_numbers)
    assert any(a.quantity and a.quantity.population for a in with_numbers)


def test_template_errors_name_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), folder)
    statements = next(iter(sorted(folder.glob("*.statements.tsv"))))
    lines = statements.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    row = dict(zip(header, lines[1].split("\t"), strict=True))

    def broken(**change: str) -> str:
        cells = {**row, **change}
        statements.write_text("\n".join([lines[0], "\t".join(cells[c] for c in header), *lines[2:]]) + "\n")
        with pytest.raises(InputError) as caught:
            read_knowledge(folder)
        return str(caught.value)

    assert f"{statements.name}:2" in broken(predicate="RO:9999999")
    assert "not a CURIE" in broken(object="not a curie")
    assert "source" in broken(source="the seed")
    assert "not a number" in broken(value="twelve", measure="prevalence")
    assert "needs a measure" in broken(value="12", measure="")
    statements.write_text("\n".join([*lines, lines[1]]) + "\n")  # the first row twice
    with pytest.raises(InputError, match="defined twice"):
        read_knowledge(folder)
    statements.write_text("\n".join(lines) + "\n")
    read_knowledge(folder)  # the untouched copy reads


def test_cli_associations_shows_scheme_and_quantity() -> None:
    result = CliRunner().invoke(main, ["associations", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"scheme"' in result.output and '"quantity"' in result.output


# --- content: the entities the differential could not rank for lack of knowledge (issue 17) ---------------------

def _sites(kg: kgtools.KnowledgeGraph, curie: str) -> dict[str, tuple[str | None, str]]:
    """Site CURIE -> (qualifier, source) of a type's own site statements."""
    return {a.object.curie: (a.qualifier, a.source) for a in kg.associations(curie, predicate="RO:0004026")}


def test_fop_ossification_sites_and_onset_are_those_of_the_natural_history_study(kg: kgtools.KnowledgeGraph) -> None:
    """Cohen et al. 1993 (44 patients): early HO most often in neck, spine and shoulder girdle; onset 0-25 years."""
    cohen = "https://doi.org/10.2106/00004623-199302000-00008"
    sites = _sites(kg, "XSCO:0001705")
    for site in ("UBERON:0000974", "UBERON:0001130", "UBERON:0001467"):  # neck, vertebral column, shoulder
        assert sites[site] == ("most common", cohen)
    onset = [a.quantity for a in kg.associations("XSCO:0001705", object="XSCO:0001755") if a.source == cohen]
    assert onset and onset[0] is not None and (onset[0].value, onset[0].value_max) == (0, 25)


def test_calcific_tendinopathy_names_the_tendons_and_joints_of_its_sources(kg: kgtools.KnowledgeGraph) -> None:
    sites = _sites(kg, "XSCO:0001311")
    assert sites["UBERON:0003701"][0] == sites["UBERON:0003676"][0] == "particularly"  # Achilles, patellar tendon
    assert sites["UBERON:0001486"][0] == sites["UBERON:0001485"][0] == "common"  # hip and knee joints
    assert sites["UBERON:0001370"][0] == "less frequently"  # gluteus maximus
    # the roll-up reaches them: the Achilles tendon is a tendon, the site the type's first source names
    assert "UBERON:0000043" in kg.ancestors("UBERON:0003701")


def test_the_ossification_of_albright_hereditary_osteodystrophy_is_a_type_of_the_disorder(
        kg: kgtools.KnowledgeGraph) -> None:
    assert "XSCO:0001703" in kg.ancestors("XSCO:0001757")  # genetic heterotopic ossification
    disorders = {a.object.curie for a in kg.associations("XSCO:0001757", predicate="RO:0002610")}
    assert disorders == {"XSCO:0001735"}
    assert {"UBERON:0002097", "UBERON:0002190"} <= set(_sites(kg, "XSCO:0001757"))


def test_radiology_words_of_the_new_statements_resolve(kg: kgtools.KnowledgeGraph) -> None:
    """'cigar-shaped' calcified cysticerci are the rice-grain sign; a hip hemiarthroplasty is a hip arthroplasty."""
    assert kg.term("cigar-shaped").curie == "XSCO:0001578"
    assert kg.term("hip hemiarthroplasty").curie == "XSCO:0001721"
    signs = {(a.object.curie, a.source) for a in kg.associations("XSCO:0001560", predicate="XSCO:0000218")}
    assert ("XSCO:0001578", "http://learningradiology.com/archives2010/COW%20397-Cysticercosis/ncccorrect.htm") in signs
    assert "UBERON:0002103" in _sites(kg, "XSCO:0001560")  # lower extremities
    assert "UBERON:0001464" in _sites(kg, "XSCO:0001716")  # post-surgical HO: around the hip


def _objects(kg: kgtools.KnowledgeGraph, curie: str, predicate: str) -> dict[str, tuple[str | None, str, bool]]:
    """Object CURIE -> (qualifier, source, negated) of a type's own statements with ``predicate``."""
    return {a.object.curie: (a.qualifier, a.source, a.negated) for a in kg.associations(curie, predicate=predicate)}


def test_subepidermal_calcified_nodule_sites_are_those_of_its_case_series_and_dermnet(
        kg: kgtools.KnowledgeGraph) -> None:
    """Evans et al. 1995 (21 children): the ear 'particularly'; DermNet: 'cheeks and ears are the most frequent
    location', 'often affect the eyelid', deposits 'in the skin'; DermNet files it among the idiopathic forms (a
    scheme statement: it also says a dystrophic origin has been suggested), 'Solitary nodules in 80% of cases',
    'Painless' (a negated statement)."""
    ears = {(a.qualifier, a.source) for a in kg.associations("XSCO:0001114", predicate="RO:0004026")
            if a.object.curie == "UBERON:0001459"}  # the skin of the ear: a subepidermal lesion
    assert ears == {("particularly", "https://doi.org/10.1111/j.1525-1470.1995.tb00189.x"),
                    ("most frequent", "https://pro.dermnetnz.org/topics/subepidermal-calcified-nodule")}
    sites = _sites(kg, "XSCO:0001114")
    assert sites["UBERON:0002097"] == (None, "https://dermnetnz.org/topics/subepidermal-calcified-nodule")
    filed = {(a.object.curie, a.source) for a in kg.associations("XSCO:0001114", predicate="XSCO:0000210")}
    assert ("XSCO:0001004", "https://dermnetnz.org/topics/subepidermal-calcified-nodule") in filed
    assert "XSCO:0001004" not in kg.ancestors("XSCO:0001114")  # a filing, not an axiom
    nodules = [a for a in kg.associations("XSCO:0001114", object="HP:0200036")]
    assert nodules and nodules[0].quantity is not None and nodules[0].quantity.value == 80
    assert [a.negated for a in kg.associations("XSCO:0001114", object="HP:0012531")] == [True]
    assert sites["UBERON:0001457"] == ("often", "https://dermnetnz.org/topics/subepidermal-calcified-nodule")
    assert {"UBERON:0001519", "UBERON:0001513"} <= set(sites)  # the skin of the hands and feet (Radiopaedia)


def test_cppd_disease_risk_factors_keep_the_textbook_hedge(kg: kgtools.KnowledgeGraph) -> None:
    """Abhishek & Doherty 2016: osteoarthritis a main risk factor; hyperparathyroidism, hypomagnesaemia and
    haemochromatosis 'other less common risk factors' (the hedge is kept, so they weigh as hedged)."""
    chapter = "https://doi.org/10.1093/med/9780199668847.003.0048"
    conditions = _objects(kg, "XSCO:0001315", "RO:0002610")
    assert conditions["HP:0002758"] == (None, chapter, False)
    for disorder in ("XSCO:0000031", "XSCO:0001342", "XSCO:0001343"):
        assert conditions[disorder] == ("less common", chapter, False)


def test_tumoral_calcinosis_forms_carry_their_phosphate_status_and_distribution(kg: kgtools.KnowledgeGraph) -> None:
    """Normophosphataemic TC: 'absence of metabolic abnormalities' (Sprecher 2010), arms and legs 'typically'; the
    hyperostosis of HHS over the tibiae, 'less often' the ulna, metacarpals and radius (GeneReviews)."""
    nftc = _objects(kg, "XSCO:0001118", "RO:0002610")
    assert nftc["XSCO:0000013"][1] == "https://doi.org/10.1038/jid.2009.337"
    assert {s: q for s, (q, _) in _sites(kg, "XSCO:0001118").items()} == {
        "UBERON:0002102": "typically", "UBERON:0002103": "typically"}
    hhs = _sites(kg, "XSCO:0001117")
    assert hhs["UBERON:0000979"][0] is None
    assert {hhs[s][0] for s in ("UBERON:0001424", "UBERON:0002374", "UBERON:0001423")} == {"less often"}
    assert {"HP:0100774", "XSCO:0001014"} <= set(_objects(kg, "XSCO:0001117", "RO:0002610"))


def test_tumoral_calcinosis_sites_and_settings_are_those_of_its_reviews(kg: kgtools.KnowledgeGraph) -> None:
    """VisualDx: 'most common' on the extensor aspects of the upper-limb joints, 'rarely' periarticular ligaments,
    and 'may also be seen' with connective tissue diseases (an open list); Genetics Home Reference (2012): HFTC 'may
    also develop' in the feet, legs and hands and 'rarely' in blood vessels or the brain; GeneReviews: vessel
    calcifications 'less common'."""
    visualdx = "https://v7.visualdx.com/visualdx/diagnosis/?diagnosisId=53486&moduleId=101"
    tc = _sites(kg, "XSCO:0000008")
    extensor = {(a.qualifier, a.source) for a in kg.associations("XSCO:0000008", predicate="RO:0004026",
                                                                object="XSCO:0001124")}
    assert {("most common", visualdx), ("most often", "https://doi.org/10.1148/rg.263055099")} <= extensor
    assert tc["UBERON:0002102"] == ("most common", visualdx) and tc["UBERON:0000211"] == ("rarely", visualdx)
    for ctd in ("XSCO:0000051", "XSCO:0000045", "XSCO:0001025", "XSCO:0001161"):  # SLE, DM, SSc, RA
        assert [(a.qualifier, a.open_list) for a in kg.associations("XSCO:0000008", object=ctd)] == [("may", True)]
    ghr = "http://ghr.nlm.nih.gov/condition/hyperphosphatemic-familial-tumoral-calcinosis"
    hftc = _sites(kg, "XSCO:0001116")
    assert {hftc[s] for s in ("UBERON:0002387", "UBERON:0002103", "UBERON:0002398")} == {("may", ghr)}
    assert hftc["UBERON:0000955"] == ("rarely", ghr)
    vessels = {a.qualifier for a in kg.associations("XSCO:0001116", predicate="RO:0004026", object="UBERON:0001981")}
    assert vessels == {"rarely", "less common"}


def test_calcinosis_circumscripta_sites_are_those_of_radiopaedia(kg: kgtools.KnowledgeGraph) -> None:
    """Radiopaedia: skin and subcutis 'predominantly around joints and extremities', 'most often' the hands and feet,
    'usually' the finger and toe tips; Raynaud syndrome or scleroderma in up to 40 % of cases; women up to 80 %."""
    radiopaedia = "https://radiopaedia.org/articles/calcinosis-circumscripta"
    cc = {s: q for s, (q, src) in _sites(kg, "XSCO:0000007").items() if src == radiopaedia}
    assert cc == {"UBERON:0002097": None, "UBERON:0002072": None, "XSCO:0001125": "predominantly",
                  "UBERON:0002101": "predominantly", "UBERON:0002398": "most often", "UBERON:0002387": "most often",
                  "UBERON:0009552": "usually", "UBERON:0001466": "usually"}
    raynaud = [a.quantity for a in kg.associations("XSCO:0000007", object="HP:0030880")]
    assert raynaud and raynaud[0] is not None and (raynaud[0].comparator, raynaud[0].value) == ("up to", 40)
    women = [a.quantity for a in kg.associations("XSCO:0000007", object="XSCO:0001598")]
    assert women and women[0] is not None and women[0].value == 80


def test_dystrophic_calcinosis_cutis_and_metastatic_calcification_carry_their_review_lists(
        kg: kgtools.KnowledgeGraph) -> None:
    """VisualDx (Calcinosis cutis in Adult): 'especially in the CREST form of systemic sclerosis', also juvenile
    dermatomyositis, 'less often' lupus panniculitis, infections such as onchocerciasis and cysticercosis (an open
    list); Radiopaedia: metastatic calcification 'can also occur in the liver and heart'."""
    visualdx = "https://logicalimages.com/visualdx/diagnosis/calcinosis+cutis?diagnosisId=51238&moduleId=101"
    dcc = {o: (q, src) for o, (q, src, _) in _objects(kg, "XSCO:0001002", "RO:0002610").items() if src == visualdx}
    assert dcc["XSCO:0000046"] == ("especially", visualdx) and dcc["XSCO:0001511"] == ("less often", visualdx)
    assert {"XSCO:0001026", "XSCO:0000037", "XSCO:0001527"} <= set(dcc)
    radiopaedia = "https://radiopaedia.org/articles/metastatic-calcification"
    sites = _sites(kg, "XSCO:0000003")
    assert sites["UBERON:0002107"] == sites["UBERON:0000948"] == ("can", radiopaedia)


def test_the_calcinoses_of_dermatomyositis_and_crest_have_visualdx_sites(kg: kgtools.KnowledgeGraph) -> None:
    """VisualDx (Calcinosis cutis in Infant/Neonate): in DM 'most frequently' the elbows, knees, buttocks and
    shoulders; in the CREST form of systemic sclerosis 'most commonly' the hands and upper extremities, 'often' over
    tendons."""
    visualdx = ("https://www.visualdx.com/visualdx/diagnosis/calcinosis+cutis?diagnosisId=51238&moduleId=100"
                "&contentModuleId=103")
    dm = {s: q for s, (q, src) in _sites(kg, "XSCO:0001554").items() if src == visualdx}
    assert dm == dict.fromkeys(("UBERON:0001461", "UBERON:0001465", "UBERON:0013691", "UBERON:0001467"),
                               "most frequently")
    crest = {s: q for s, (q, src) in _sites(kg, "XSCO:0001553").items() if src == visualdx}
    assert crest == {"UBERON:0002398": "most commonly", "UBERON:0002102": "most commonly", "UBERON:0000043": "often"}


def test_pilomatrixoma_and_non_uraemic_calciphylaxis_carry_their_review_lists(kg: kgtools.KnowledgeGraph) -> None:
    """Jones et al. 2018 (review of 150 articles): pilomatrixoma 'most commonly in the first and second decades';
    NHS BNSSG referral page: 'mainly the head, neck and upper extremities'; Kalajian et al. 2009: obesity,
    infection and hepatic cirrhosis among the characteristics 'potentially predisposing' to calciphylaxis with
    normal renal and parathyroid function."""
    ages = [a.quantity for a in kg.associations("XSCO:0001506", object="XSCO:0001361")]
    assert ages and ages[0] is not None and (ages[0].value, ages[0].value_max, ages[0].unit) == (1, 2, "decade of life")
    nhs = "https://remedy.bnssg.icb.nhs.uk/children-young-people/dermatology/pilomatricoma"
    assert {s: v for s, v in _sites(kg, "XSCO:0001506").items() if v[1] == nhs} == dict.fromkeys(
        ("UBERON:0000033", "UBERON:0000974", "UBERON:0002102"), ("mainly", nhs))
    kalajian = "https://doi.org/10.1001/archdermatol.2008.602"
    for setting in ("HP:0001513", "XSCO:0001505", "XSCO:0001160"):
        assert [(a.qualifier, a.source) for a in kg.associations("XSCO:0001132", object=setting)] == [
            ("potentially", kalajian)], setting


def test_scrotal_calcinosis_is_stated_without_calcium_phosphate_disorder(kg: kgtools.KnowledgeGraph) -> None:
    negated = {o for o, (_, _, neg) in _objects(kg, "XSCO:0001115", "RO:0002610").items() if neg}
    assert "XSCO:0000014" in negated  # 'in the absence of systemic disorders of calcium/phosphorus balance'
    ages = [a.quantity for a in kg.associations("XSCO:0001115", object="XSCO:0001361")]
    assert ages and ages[0] is not None and (ages[0].value, ages[0].unit) == (3, "decade of life")


def test_myositis_ossificans_sites_are_the_large_limb_muscles_of_its_sources(kg: kgtools.KnowledgeGraph) -> None:
    """Devilbiss et al. 2018: 'most often the brachialis, quadriceps and adductor muscle groups'; the post-traumatic
    form has sites of its own (a bruised muscle, the quadriceps, the upper arm), so its sites are no longer only
    inherited at half weight."""
    mo = _sites(kg, "XSCO:0000010")
    for site in ("UBERON:0001506", "UBERON:0001377", "UBERON:0011144"):  # brachialis, quadriceps, hip adductors
        assert mo[site] == ("most often", "https://doi.org/10.1249/JSR.0000000000000515")
    ptmo = _sites(kg, "XSCO:0001712")
    assert ptmo["UBERON:0014892"][0] is None  # any injured muscle, unhedged
    assert ptmo["UBERON:0001377"][0] == ptmo["UBERON:0003822"][0] == "most commonly"


def test_calcific_tendinopathy_is_first_a_disorder_of_the_shoulder(kg: kgtools.KnowledgeGraph) -> None:
    sites = _sites(kg, "XSCO:0001311")
    assert {"UBERON:0001467", "UBERON:0003683", "UBERON:0012118"} <= set(sites)  # shoulder, rotator cuff, infraspinatus
    ages = {(a.quantity.value, a.quantity.value_max) for a in kg.associations("XSCO:0001311", object="XSCO:0001361")
            if a.quantity is not None}
    assert (30, 60) in ages


def test_pseudoxanthoma_elasticum_and_dermatomyositis_name_their_skin_findings(kg: kgtools.KnowledgeGraph) -> None:
    pxe = {a.object.curie for a in kg.associations("XSCO:0001024", predicate="RO:0002610")}
    assert {"HP:0200034", "HP:0200035"} <= pxe  # papules, coalescing into plaques
    assert {"UBERON:0000974", "UBERON:0009472"} <= set(_sites(kg, "XSCO:0001024"))  # sides of the neck, axilla
    vascular = {a.object.curie for a in kg.associations("XSCO:0001320", predicate="RO:0002610")}
    assert "XSCO:0001024" in vascular
    dm = {a.object.curie for a in kg.associations("XSCO:0000045", predicate="RO:0002610")}
    assert {"HP:0040324", "HP:0025508"} <= dm  # heliotrope rash, Gottron's papules


def test_a_disorders_own_skin_finding_puts_it_first_among_the_disorders(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8 on the new statements: skin papules at the neck point to pseudoxanthoma elasticum itself."""
    from kgtools.differential import Finding, differential

    ranked = differential(kg, Finding(site="neck", phenotypes=("HP:0200034",), ossified=False))
    disorders = [c.curie for c in ranked if c.kind == "disorder"]
    assert disorders[0] == "XSCO:0001024"


def test_juvenile_dermatomyositis_names_its_myopathy_rash_and_age_at_onset(kg: kgtools.KnowledgeGraph) -> None:
    jdm = {a.object.curie for a in kg.associations("XSCO:0001026", predicate="RO:0002610")}
    assert {"HP:0003198", "HP:0040324", "HP:0025508", "HP:0001324"} <= jdm  # myopathy, rash, papules, weakness
    onset = [(a.qualifier, a.quantity.value, a.quantity.value_max)
             for a in kg.associations("XSCO:0001026", object="XSCO:0001755") if a.quantity]
    assert onset == [("typically", 4, 10)]


def test_non_traumatic_myositis_ossificans_is_stated_without_trauma(kg: kgtools.KnowledgeGraph) -> None:
    """Sferopoulos et al. 2017: 'idiopathic/pseudomalignant myositis ossificans that is non-traumatic' - a negated
    association, which counts for the type when the finding states there was no trauma (rule 3)."""
    (a,) = [a for a in kg.associations("XSCO:0001713", object="XSCO:0000047")]
    assert a.negated and a.source == "https://doi.org/10.1007/s00590-017-1932-x"
    from kgtools.differential import Finding

    ranked = kg.differential(Finding(site="quadriceps femoris", ossified=True, absent=("trauma",)))
    ntmo = next(c for c in ranked if c.curie == "XSCO:0001713")
    assert any(r.weight > 0 and "trauma" in r.text for r in ntmo.reasons_for)


def test_cause_named_types_carry_their_usual_causes_as_case_reports_name_them(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17: a type named or defined by its cause is tied to that cause, the general class and the usual specific
    forms, each with its source's qualifier: post-surgical HO after knee arthroplasty (Gkiatas et al. 2021, 14 %) and
    surgery ('may', VisualDx); non-uraemic calciphylaxis with corticosteroids (Nigwekar et al. 2008, 61 %), warfarin
    (Yu et al. 2017) and rheumatoid arthritis; iatrogenic calcinosis cutis with intravenous calcium gluconate and
    chloride and their extravasation ('can'); calcific myonecrosis after compartment syndrome; phleboliths in venous
    malformations ('frequently')."""
    def causes(curie: str) -> dict[str, str | None]:
        return {a.object.curie: a.qualifier for a in kg.associations(curie, predicate="RO:0002610") if not a.negated}

    post_surgical = causes("XSCO:0001716")
    assert post_surgical["XSCO:0002920"] is None and post_surgical["XSCO:0001720"] == "may"
    tka = {a.source: a.quantity for a in kg.associations("XSCO:0001716", object="XSCO:0002920")}
    prevalence = {(q.measure, q.value) for q in tka.values() if q is not None}
    assert prevalence == {("prevalence", 14), ("prevalence", 9)}  # meta-analysis; Rader et al. 1997
    # Liu et al. 2019 (45 studies, 2256 patients): 10 % after a total elbow arthroplasty
    (tea,) = [a for a in kg.associations("XSCO:0001716", object="XSCO:0001807")]
    assert tea.quantity is not None and tea.quantity.value == 10 and tea.qualifier is None
    assert {"XSCO:0001157", "XSCO:0001158", "XSCO:0001161"} <= set(causes("XSCO:0001132"))
    assert causes("XSCO:0001006")["XSCO:0001158"] == "especially"  # corticosteroids among immunosuppressive agents
    assert "XSCO:0001160" in causes("XSCO:0001006")  # liver disease, one of Medscape's open list
    iatrogenic = causes("XSCO:0001005")
    assert {"XSCO:0002909", "XSCO:0001159"} <= set(iatrogenic) and iatrogenic["XSCO:0002908"] == "can"
    assert "XSCO:0002926" in causes("XSCO:0001551")
    assert causes("XSCO:0001550")["XSCO:0001599"] == "frequently"
    # Rader et al. 1997: 9 % of 615 knees, in the knee; Ehsani et al. 2006: after liver transplantation; Nigwekar et
    # al. 2008: calciphylaxis of renal transplant patients, which their nonuremic definition excludes (negated)
    assert "UBERON:0001465" in _sites(kg, "XSCO:0001716")
    assert "XSCO:0001163" in causes("XSCO:0001113") and "XSCO:0002916" in causes("XSCO:0001006")
    assert _objects(kg, "XSCO:0001132", "RO:0002610")["XSCO:0002916"][2] is True
    assert "XSCO:0001162" in set(kg.ancestors("XSCO:0002916"))  # kidney transplantation is an organ transplantation
    # Radiopaedia: subcutaneous injection causes dystrophic calcification; van Kuijk et al. 2002: neurogenic HO forms
    # in patients with neurologic disorders
    assert "XSCO:0002925" in causes("XSCO:0000004") and "XSCO:0001142" in causes("XSCO:0001707")
    # the new conditions sit where rule 4 of the differential expects them: drugs are external causes, not diseases
    for drug in ("XSCO:0001157", "XSCO:0001158"):  # warfarin, corticosteroids
        assert "XSCO:0000052" in set(kg.ancestors(drug))
    assert "XSCO:0000052" not in set(kg.ancestors("XSCO:0001161"))
    assert "XSCO:0001160" in set(kg.ancestors("XSCO:0001156"))  # alcoholic liver disease is a liver disease


def test_a_knee_arthroplasty_counts_directly_for_post_surgical_heterotopic_ossification(
        kg: kgtools.KnowledgeGraph) -> None:
    """Before issue 17's cause statements a case of heterotopic ossification after a total knee arthroplasty gained
    nothing for the post-surgical type (its only cause statement named hip arthroplasty)."""
    from kgtools.differential import Finding

    ranked = kg.differential(Finding(site="knee", ossified=True, disorders=("total knee arthroplasty",)))
    post_surgical = next(c for c in ranked if c.curie == "XSCO:0001716")
    assert any(r.weight == 1.0 and "knee arthroplasty" in r.text for r in post_surgical.reasons_for)


def test_calcific_tendinopathy_of_the_hand_and_wrist_and_raynaud_in_systemic_sclerosis(
        kg: kgtools.KnowledgeGraph) -> None:
    jaaos = "https://doi.org/10.5435/JAAOS-D-14-00001"  # Nikci & Doumas 2015, Calcium Deposits in the Hand and Wrist
    sites = {(a.object.curie, a.qualifier) for a in kg.associations("XSCO:0001311", predicate="RO:0004026")
             if a.source == jaaos}
    # wrist, fingers, and the flexor carpi ulnaris (its tendon insertion: the most common site in hand and wrist)
    assert {("UBERON:0004452", "most common"), ("UBERON:0002389", "common"), ("UBERON:0001522", "most common")} <= sites
    ssc = {a.object.curie for a in kg.associations("XSCO:0001025", predicate="RO:0002610")}
    assert "HP:0030880" in ssc  # Raynaud phenomenon


def test_cppd_disease_is_stated_at_the_knee_over_55_with_its_risk_factors(kg: kgtools.KnowledgeGraph) -> None:
    """Abhishek & Doherty 2016: increasingly common over the age of 55 years, especially at the knee."""
    assert _sites(kg, "XSCO:0001315")["UBERON:0001485"][0] == "especially"
    ages = [(a.quantity.comparator, a.quantity.value) for a in kg.associations("XSCO:0001315", object="XSCO:0001361")
            if a.quantity]
    assert ages == [(">", 55)]
    risks = {a.object.curie for a in kg.associations("XSCO:0001315", predicate="RO:0002610")}
    assert {"HP:0002758", "XSCO:0001342", "XSCO:0001343"} <= risks  # osteoarthritis, hypomagnesaemia, haemochromatosis


def test_subepidermal_calcified_nodule_sites_and_normal_calcium_phosphate(kg: kgtools.KnowledgeGraph) -> None:
    sites = _sites(kg, "XSCO:0001114")
    # the skin of the cheek and of the eyelid: a subepidermal lesion there
    assert sites["UBERON:0008803"][0] == "most frequent" and sites["UBERON:0001457"][0] == "often"
    assert "XSCO:0000013" in {a.object.curie for a in kg.associations("XSCO:0001114", predicate="RO:0002610")}


def test_systemic_sclerosis_calcinosis_reaches_the_feet_elbows_knees_and_joints(kg: kgtools.KnowledgeGraph) -> None:
    """Bartoli et al. 2019: 'typically ... hands and feet, particularly the fingers', 'most often ... more than 7.5
    years after the diagnosis'; ISN: 'near joints such as elbows or knees'; Achieng et al. 2024: sheet-like 'very
    rare' (a sign it rarely shows: the rarity qualifier XSCO:0000226)."""
    chapter = "https://doi.org/10.1007/978-3-319-98477-3_14"
    sites = _sites(kg, "XSCO:0001552")
    assert sites["UBERON:0002387"] == ("typically", chapter)  # feet
    assert sites["UBERON:0002389"] == ("particularly", chapter)  # fingers
    for site in ("UBERON:0001461", "UBERON:0001465", "XSCO:0001125"):  # elbow, knee, periarticular soft tissue
        assert sites[site][0] == "most commonly"
    onset = [a.quantity for a in kg.associations("XSCO:0001552", object="XSCO:0001025") if a.source == chapter]
    assert onset and onset[0] is not None and (onset[0].comparator, onset[0].value) == (">", 7.5)
    signs = _objects(kg, "XSCO:0001552", "XSCO:0000218")
    # 'very rare': stated as the source states it, with a rarity qualifier (it counts as hedged evidence and
    # never singles the type out: differential rule 7)
    assert signs["XSCO:0001575"] == ("rare", "https://doi.org/10.1093/rap/rkae011", False)
    assert kgtools.differential.is_rarity("rare")
    # the limited cutaneous form has sites of its own, so it does not borrow these
    assert "UBERON:0002387" not in _sites(kg, "XSCO:0001553")


def test_a_theory_a_source_lists_is_no_association(kg: kgtools.KnowledgeGraph) -> None:
    """Oliva et al. 2012 list repetitive trauma (Bishop 1939, Bosworth 1941) in a table of "Different
    theories about etiopathogenesis of calcific tendinopathy": a historical theory, not an association the
    review states. Stated unhedged it weighed 1.0 for the type, and a case "without a history of trauma"
    counted against it at full strength; the statement (former xscoa:A1452) is removed (issue 17). No
    statement may quote a theory without a hedge."""
    assert "XSCO:0000047" not in _objects(kg, "XSCO:0001311", "RO:0002610")
    theories = [a.iri for a in kg.associations()
                if not a.qualifier and a.text and re.search(r"\btheor(?:y|ies)\b", a.text, re.I)]
    assert not theories, theories


def test_pellegrini_stieda_lesion_at_the_medial_femoral_condyle_in_young_adults(kg: kgtools.KnowledgeGraph) -> None:
    assert "UBERON:0009984" in _sites(kg, "XSCO:0001717")  # medial condyle of femur
    ages = [(a.qualifier, a.quantity.value, a.quantity.value_max)
            for a in kg.associations("XSCO:0001717", object="XSCO:0001361") if a.quantity]
    assert ages == [("most common", 25, 40)]


def test_calciphylaxis_is_placed_at_the_regions_its_lesions_are_found_not_only_at_tissues(
    kg: kgtools.KnowledgeGraph,
) -> None:
    """Cutis 2000: cutaneous lesions 'characteristically found on the abdomen, buttocks, or thighs', the skin of
    each region (not the whole region: the lesions are cutaneous); the tissue-level sites (dermis, subcutaneous
    fat) stay beside them."""
    sites = _sites(kg, "XSCO:0001006")
    for region in ("UBERON:0001416", "UBERON:8480014", "UBERON:0004262"):  # skin of abdomen, buttock, thigh
        assert sites[region] == (None, "https://pubmed.ncbi.nlm.nih.gov/10916692/")
    assert {"UBERON:0002067", "UBERON:0002190"} <= set(sites)


def test_non_uraemic_calciphylaxis_excludes_end_stage_kidney_disease_not_chronic_kidney_disease(
    kg: kgtools.KnowledgeGraph,
) -> None:
    """Nigwekar et al. 2008 define it by the absence of end-stage kidney disease, transplantation or acute kidney
    injury needing renal replacement therapy; earlier CKD stages are within it (Nigwekar et al. 2015)."""
    conditions = _objects(kg, "XSCO:0001132", "RO:0002610")
    nig08 = "https://doi.org/10.2215/CJN.00530108"
    for negated in ("XSCO:0001011", "XSCO:0002916", "XSCO:0001148"):  # ESKD, kidney transplantation, dialysis
        assert conditions[negated] == (None, nig08, True)
    # CKD: "is also described in patients with earlier stages of chronic kidney disease" (a hedge, issue 17)
    assert conditions["XSCO:0001010"] == ("also described", "https://doi.org/10.1053/j.ajkd.2015.01.034", False)
    parent = [a for a in kg.associations("XSCO:0001132", predicate="rdfs:subClassOf")]
    assert parent and all(a.source == nig08 and not a.text.startswith("[paraphrase]") for a in parent)


def test_dermatomyositis_calcinosis_names_the_tissues_of_its_definition(kg: kgtools.KnowledgeGraph) -> None:
    """Skin, subcutaneous tissue, fascia and muscle (Hoeltzel et al. 2014) for the juvenile form, and the
    intermuscular fascia (the Springer chapter's subtype iii) for calcinosis of dermatomyositis, beside the regions
    (limbs; elbows, knees...)."""
    skin, subcutis, fascia, muscle = "UBERON:0002097", "UBERON:0002072", "UBERON:0008982", "UBERON:0001134"
    assert {skin, subcutis, fascia, muscle} <= set(_sites(kg, "XSCO:0001555"))
    assert fascia in _sites(kg, "XSCO:0001554")
    assert "UBERON:0002101" in _sites(kg, "XSCO:0001554")  # limb, 'mainly'


def test_common_types_reach_the_sites_radiologists_meet_them_at(kg: kgtools.KnowledgeGraph) -> None:
    """Phleboliths in the pelvis and the cheek, calcified cysticerci in the subcutis and the buttock, secondary tumoral
    calcinosis periarticular, post-surgical heterotopic ossification at the knee (Rader et al. 1997: after knee
    arthroplasty)."""
    assert _sites(kg, "XSCO:0001550")["UBERON:0002355"][0] == "particularly"  # pelvic region
    assert _sites(kg, "XSCO:0001550")["UBERON:0001567"][0] == "commonly"  # cheek
    assert {"UBERON:0002072", "UBERON:0013691"} <= set(_sites(kg, "XSCO:0001560"))
    assert "XSCO:0001125" in _sites(kg, "XSCO:0001119")  # periarticular soft tissue
    assert "UBERON:0001465" in _sites(kg, "XSCO:0001716")  # knee
    assert "UBERON:0000029" in _sites(kg, "XSCO:0000004")  # lymph node

#: Diseases whose own calcification or ossification XSCO names, each with the clinical findings (HP) its sources
#: state and that the differential reads from a case's words (rules 3c and 8b): the cardinal ones must be there.
CLINICAL_PICTURE = {
    "XSCO:0001025": {"HP:0001072", "HP:0025131", "HP:0011838", "HP:0031917", "HP:0001009", "HP:0002092",
                     "HP:0006530", "HP:0009771"},  # systemic sclerosis: the 2013 ACR/EULAR items, acro-osteolysis
    "XSCO:0000046": {"HP:0030880", "HP:0025270", "HP:0011838", "HP:0001009"},  # CREST: R, E, S, T
    "XSCO:0000045": {"HP:0003701", "HP:0003236", "HP:0040324", "HP:0025508"},  # dermatomyositis
    "XSCO:0001026": {"HP:0002015", "HP:0001618", "HP:0100539", "HP:0025300"},  # juvenile dermatomyositis
    "XSCO:0000051": {"HP:0025300", "HP:0000992", "HP:0000155", "HP:0001596", "HP:0000093"},  # lupus
    "XSCO:0001024": {"HP:0001102", "HP:0000573", "HP:0200034", "HP:0002239", "HP:0004417"},  # PXE
    "XSCO:0001735": {"HP:0000311", "HP:0004322", "HP:0001156", "HP:0025027"},  # Albright hereditary osteodystrophy
    "XSCO:0001116": {"HP:0003771", "HP:0006297", "HP:0031485"},  # hyperphosphataemic familial tumoral calcinosis
    "XSCO:0000037": {"HP:0001250", "HP:0000238"},  # cysticercosis
    "XSCO:0000034": {"HP:0000121", "HP:0002013"},  # milk-alkali syndrome
    "XSCO:0001700": {"HP:0001822", "HP:0002091"},  # fibrodysplasia ossificans progressiva: toes, thoracic insufficiency
    "XSCO:0001336": {"HP:0003106", "HP:6000089", "HP:0000787", "HP:0000939"},  # primary hyperparathyroidism
    "XSCO:0001015": {"HP:0034388", "HP:0012219"},  # sarcoidosis: hilar lymph nodes, erythema nodosum
    "XSCO:0001117": {"HP:0100774", "HP:0031485"},  # hyperphosphataemia-hyperostosis syndrome: periosteal reaction
}


def test_diseases_with_their_own_calcification_state_their_clinical_picture(kg: kgtools.KnowledgeGraph) -> None:
    for disease, wanted in CLINICAL_PICTURE.items():
        found = [a for a in kg.associations(disease, predicate="RO:0002610")
                 if a.object.curie.startswith("HP:") and not a.negated]
        assert wanted <= {a.object.curie for a in found}, (disease, wanted - {a.object.curie for a in found})
        assert all(a.source and a.text for a in found), disease  # each with its source and its words


def test_a_clinical_picture_names_the_disease_and_its_calcinosis(kg: kgtools.KnowledgeGraph) -> None:
    """Rules 3c/8b on the new statements: sclerodactyly, a digital ulcer and pulmonary fibrosis (narrower than the
    criteria's interstitial lung disease) point to systemic sclerosis and its calcinosis; a round face and short
    digits to Albright hereditary osteodystrophy and its subcutaneous ossification."""
    from kgtools.differential import Finding, differential

    ranked = differential(kg, Finding(site="finger", phenotypes=("HP:0011838", "HP:0031917", "HP:0002206"),
                                      ossified=False))
    assert next(c.curie for c in ranked if c.kind == "disorder") == "XSCO:0001025"
    assert next(c.curie for c in ranked if c.kind != "disorder") in {"XSCO:0001552", "XSCO:0001553"}
    ranked = differential(kg, Finding(site="skin", phenotypes=("HP:0000311", "HP:0001156"), ossified=True))
    assert next(c.curie for c in ranked if c.kind == "disorder") == "XSCO:0001735"
    assert next(c.curie for c in ranked if c.kind != "disorder") == "XSCO:0001757"


def test_the_clinical_findings_are_read_in_the_words_case_reports_use(kg: kgtools.KnowledgeGraph) -> None:
    """The related synonyms of the reused HP classes, each the wording of the source cited in the class's note."""
    words = {"malformed great toes": "HP:0001844", "puffy fingers": "HP:0025131", "skin thickening": "HP:0001072",
             "esophageal dysmotility": "HP:0025270", "elevated muscle enzymes": "HP:0003236",
             "brown tumours": "HP:6000089", "proximal muscle weakness": "HP:0003701"}
    found = {m.text: m.curie for m in kg.annotate(", ".join(words)).mentions if m.kind == "phenotype"}
    assert found == words


def test_the_mimics_of_tumoral_calcinosis_quote_olsen_and_chew() -> None:
    """Olsen and Chew 2006: 'disease processes that mimic this condition' ... 'many conditions with similar
    appearances, including' ten named conditions: the source's words, not a paraphrase, and an open list."""
    rows = [s for s in KNOWLEDGE.statements if s.subject == "XSCO:0000008" and s.predicate == "XSCO:0000227"
            and s.source == "https://doi.org/10.1148/rg.263055099"]
    assert len(rows) == 10
    assert all(not s.text.startswith("[paraphrase]") and "mimic this condition" in s.text and s.open_list for s in rows)


def test_myositis_ossificans_metastatic_calcification_and_the_nodule_reach_their_regions(
    kg: kgtools.KnowledgeGraph,
) -> None:
    """Myositis ossificans 'especially' in the large muscles of the arms (a region, beside the named muscles; the
    thigh is reached through its muscles, rule 3); metastatic calcification 'usually' around joints (Palmer and
    Reeder); the subepidermal calcified nodule on the head (Evans et al. 1995, the ear particularly)."""
    assert _sites(kg, "XSCO:0000010")["UBERON:0003822"][0] == "especially"  # upper arm
    assert _sites(kg, "XSCO:0000003")["XSCO:0001125"][0] == "usually"  # periarticular soft tissue
    assert "UBERON:0001084" in _sites(kg, "XSCO:0001114")  # the skin of the head


def test_calcific_myonecrosis_and_post_traumatic_ossification_reach_the_sites_their_series_name(
    kg: kgtools.KnowledgeGraph,
) -> None:
    """Calcific myonecrosis 'most commonly' in the anterior compartment of the leg (Halder et al. 2021) and 'mainly'
    in tibialis anterior and peroneus longus (a Radiopaedia case); heterotopic ossification a 'common' complication
    of ulnohumeral fracture dislocations (Douglas et al. 2012), i.e. at the elbow."""
    myonecrosis = _sites(kg, "XSCO:0001551")
    assert myonecrosis["UBERON:0001385"][0] == myonecrosis["UBERON:0001387"][0] == "mainly"
    assert {a.qualifier for a in kg.associations("XSCO:0001551", object="UBERON:0000978")} >= {"most commonly"}
    assert _sites(kg, "XSCO:0001708")["UBERON:0001461"] == ("common", "https://doi.org/10.3928/01477447-20120525-18")


def test_fop_reaches_the_jaw_muscles_its_maxillofacial_ossification_most_commonly_affects(
    kg: kgtools.KnowledgeGraph,
) -> None:
    """FOP in the maxillofacial region: 'the most commonly affected are the masseters and sternocleidomastoids'
    (Int J Clin Oral Maxillofac Surg 2018)."""
    fop = _sites(kg, "XSCO:0001705")
    assert fop["UBERON:0001597"][0] == fop["UBERON:0001128"][0] == "most commonly"  # masseter, sternocleidomastoid


def test_common_types_state_the_clinical_picture_that_tells_them_apart(kg: kgtools.KnowledgeGraph) -> None:
    """The types themselves, not only their diseases, name what the patient presents with, each with the source's
    hedge and words: calciphylaxis its eschar, skin necrosis ('often') and livedo ('typically'); tumoral calcinosis is
    'usually painless' (a negated statement); CPPD disease its arthritis, joint pain and overlying erythema (EULAR)."""
    def picture(t: str) -> dict[tuple[str, bool], str | None]:
        found = [a for a in kg.associations(t, predicate="RO:0002610") if a.object.curie.startswith("HP:")]
        assert all(a.source and a.text for a in found), t
        return {(a.object.curie, a.negated): a.qualifier for a in found}

    calciphylaxis = picture("XSCO:0001006")
    assert calciphylaxis[("HP:6000793", False)] == "often"
    # skin necrosis 'often' (a clinical image atlas) and, unhedged, in Medscape's definition of the syndrome
    necrosis = {a.qualifier for a in kg.associations("XSCO:0001006", object="HP:0033126")}
    assert necrosis == {"often", None}
    assert calciphylaxis[("HP:0033505", False)] == "typically"
    assert picture("XSCO:0000008")[("HP:0012531", True)] == "usually"
    cppd = picture("XSCO:0001315")
    assert cppd[("HP:0001369", False)] == "most commonly" and cppd[("HP:0010783", False)] == "especially"
    neurogenic = picture("XSCO:0001707")  # limited movement after CNS injury; joint ankylosis 'can' (Cipriano et al.)
    assert ("HP:0001376", False) in neurogenic and neurogenic[("HP:0031013", False)] == "can"


def test_skin_necrosis_and_erythema_are_read_as_case_reports_write_them(kg: kgtools.KnowledgeGraph) -> None:
    """Cutaneous necrosis (HP:0033126), calciphylaxis's picture, in the words of calciphylaxis case reports; Erythema
    (HP:0010783, CPPD's overlying erythema) as 'erythematous' and 'redness'."""
    words = {"necrotic skin": "HP:0033126", "necrotic ulcers": "HP:0033126", "skin necrosis": "HP:0033126",
             "necrosis of the skin": "HP:0033126", "erythematous": "HP:0010783", "redness": "HP:0010783"}
    found = {m.text.lower(): m.curie for m in kg.annotate(". ".join(words)).mentions if m.kind == "phenotype"}
    assert found == words


def test_a_dialysis_patients_skin_necrosis_and_livedo_point_to_calciphylaxis(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3c on the new statements: kidney failure on dialysis and a calcification at the knee put secondary tumoral
    calcinosis first; skin necrosis, eschar and livedo reticularis, calciphylaxis's picture, put calciphylaxis first."""
    from kgtools.differential import Finding, differential

    base = Finding(site="knee", disorders=("end-stage kidney disease", "dialysis"), ossified=False)
    plain = [c.curie for c in differential(kg, base) if c.kind != "disorder"]
    shown = [c.curie for c in differential(kg, dataclasses.replace(
        base, phenotypes=("HP:0033126", "HP:6000793", "HP:0033505"))) if c.kind != "disorder"]
    assert plain[0] == "XSCO:0001119" and shown[0] == "XSCO:0001006"


def test_the_renal_triad_is_told_apart_by_the_picture_each_source_describes(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17: calciphylaxis's skin plaques (Kodumudi et al. 2020 'may'; UCSD clinical images 'common') and purpura
    (Cutis 'typically'), its share of women and its risk factors (Nigwekar et al. 2016, 1030 haemodialysis patients);
    secondary tumoral calcinosis's own lobulated periarticular mass (Radiopaedia, 'typical appearance'). In a patient on
    dialysis with end-stage kidney disease and a knee finding, plaques and purpura put calciphylaxis first, and a
    lobulated periarticular mass seen with them secondary tumoral calcinosis again."""
    from kgtools.differential import Finding, differential

    jasn = "https://doi.org/10.1681/ASN.2015091065"
    plaque = {(a.qualifier, a.source) for a in kg.associations("XSCO:0001006", object="HP:0200035")}
    assert {q for q, _ in plaque} == {"may", "common"}
    assert [a.qualifier for a in kg.associations("XSCO:0001006", object="HP:0000979")] == ["typically"]
    women = [a.quantity for a in kg.associations("XSCO:0001006", object="XSCO:0001598")]
    assert len(women) == 1 and women[0] is not None and float(women[0].value) == 67 and women[0].unit == "%"
    for risk in ("HP:0000819", "XSCO:0001157"):
        assert ("", jasn) in {(a.qualifier or "", a.source) for a in kg.associations("XSCO:0001006", object=risk)}
    lobulated = kg.associations("XSCO:0001119", predicate="XSCO:0000218", object="XSCO:0001123")
    assert [a.source for a in lobulated] == ["https://radiopaedia.org/articles/calcinosis-of-chronic-renal-failure"]

    def first(finding: Finding) -> str:
        return next(c.curie for c in differential(kg, finding) if c.kind != "disorder")

    knee = Finding(site="knee", disorders=("end-stage kidney disease", "dialysis"), ossified=False)
    skin = dataclasses.replace(knee, phenotypes=("HP:0200035", "HP:0000979"))
    mass = dataclasses.replace(skin, signs=("lobulated periarticular calcific mass",))
    assert (first(knee), first(skin), first(mass)) == ("XSCO:0001119", "XSCO:0001006", "XSCO:0001119")


def test_metastatic_calcification_is_first_a_lung_calcification_of_haemodialysis(kg: kgtools.KnowledgeGraph) -> None:
    """Bozi, Melo and Marchiori 2012: 'The pulmonary parenchyma is most susceptible to calcification' (a superlative
    site), the metastatic pulmonary calcification 'most commonly occurring in patients submitted to hemodialysis'. A
    lung calcification of a patient on dialysis is a metastatic calcification before the dialysis-related types
    that a source places elsewhere (calciphylaxis, the tumoral calcinosis of kidney failure)."""
    from kgtools.differential import Finding

    bozi = "https://doi.org/10.1590/S0100-39842012000500014"
    assert _sites(kg, "XSCO:0000003")["UBERON:0002048"] == ("most", bozi)
    assert _objects(kg, "XSCO:0000003", "RO:0002610")["XSCO:0001148"] == ("most commonly", bozi, False)
    ranked = [c.curie for c in kg.differential(Finding(sites=("lung",), disorders=("dialysis",), ossified=False))
              if c.kind == "type" and not c.excluded]
    assert ranked[0] == "XSCO:0000003", ranked[:3]


def test_calcinosis_of_dermatomyositis_is_stated_in_the_skin_and_subcutis_of_its_subtypes(
        kg: kgtools.KnowledgeGraph) -> None:
    """The Springer chapter's subtypes (i) superficial plaques or nodules 'just below the skin surface' and (ii)
    subcutaneous tumorous deposits place calcinosis of dermatomyositis in the skin and the subcutis, beside the fascia
    of subtype (iii); a skin calcification of a patient with dermatomyositis is then its own calcinosis (rule 4 at a
    site its statements support) before calcinosis universalis, which three diseases share."""
    from kgtools.differential import Finding

    chapter = "https://doi.org/10.1007/978-3-540-79313-7_17"
    sites = _sites(kg, "XSCO:0001554")
    assert sites["UBERON:0002097"] == sites["UBERON:0002072"] == (None, chapter)
    ranked = [c for c in kg.differential(Finding(sites=("skin",), disorders=("dermatomyositis",), ossified=False))
              if c.kind == "type" and not c.excluded]
    assert ranked[0].curie == "XSCO:0001554" and ranked[0].specific, [c.curie for c in ranked[:3]]


def test_calciphylaxis_is_stated_on_the_lower_extremities_and_with_secondary_hyperparathyroidism(
        kg: kgtools.KnowledgeGraph) -> None:
    """Ochsner Health: lesions 'typically located on the lower extremities or abdomen'; Medscape (Nunley 2016):
    secondary hyperparathyroidism among the disorders 'most often implicated' (one of a list it opens with
    'include'); Kodumudi et al. 2020: the skin."""
    legs = {(a.qualifier, a.source) for a in kg.associations("XSCO:0001006", predicate="RO:0004026",
                                                             object="UBERON:0003532")}  # the lower limbs' skin
    clinical = "https://emedicine.medscape.com/article/1095481-clinical"
    assert legs == {("typically", "http://www.ochsner.org/services/dermatology_calciphylaxis/"),
                    ("generally", clinical)}
    # Medscape (Nunley 2020): lesions 'generally occur on the lower extremities' and 'may develop on the hands and
    # torso'
    sites = _sites(kg, "XSCO:0001006")
    assert sites["UBERON:0001519"] == sites["UBERON:0001085"] == ("may", clinical)  # the skin of the hands, torso
    shpt = [a for a in kg.associations("XSCO:0001006", object="XSCO:0001012")]
    assert [(a.qualifier, a.open_list, a.source) for a in shpt] == [
        ("most often", True, "https://emedicine.medscape.com/article/1095481-overview")]
    # the rest of the same sentence: obesity, diabetes mellitus, hypercalcaemia, hyperphosphataemia, an elevated
    # calcium-phosphate product and chronic renal failure, each 'most often implicated' (one of an open list)
    for disorder in ("HP:0001513", "HP:0000819", "XSCO:0001013", "XSCO:0001014", "XSCO:0000014", "XSCO:0001010"):
        assert ("most often", True, "https://emedicine.medscape.com/article/1095481-overview") in {
            (a.qualifier, a.open_list, a.source) for a in kg.associations("XSCO:0001006", object=disorder)}, disorder
    # a leg finding now meets a calciphylaxis site through the roll-up (leg is part of the hindlimb)
    assert "UBERON:0002103" in kg.ancestors("UBERON:0000978")
    # Kodumudi et al. 2020: 'can affect multiple body organs, including the skin, brain, lungs, and muscle' - the
    # skin as the type's own site (one of an open list), no longer only through calcinosis cutis's scheme placement;
    # with the source's hedge 'can' (issue 17)
    skin = [a for a in kg.associations("XSCO:0001006", predicate="RO:0004026", object="UBERON:0002097")]
    assert [(a.qualifier, a.open_list, a.source) for a in skin] == [
        ("can", True, "https://doi.org/10.1007/s12325-020-01504-w")]
    # Medscape (Nunley 2020) among the triggers or risk factors: 'Use of vitamin D and calcium-based phosphate
    # binders' (the list opens with 'include the following'); calcitriol is a synonym of vitamin D therapy
    vitamin_d = kg.associations("XSCO:0001006", object="XSCO:0002921")
    assert [(a.open_list, a.source) for a in vitamin_d] == [(True, "https://emedicine.medscape.com/article/1095481-clinical")]


def test_myositis_ossificans_and_its_post_traumatic_form_are_stated_in_the_thigh(kg: kgtools.KnowledgeGraph) -> None:
    """Ital J Pediatr 2020: 'especially large skeletal muscles of arms and thighs'; Johns Hopkins: post-traumatic
    MO 'most commonly seen in the quadriceps muscle of the thigh'. UBERON places the quadriceps femoris in the
    hindlimb, not in its stylopod, so a thigh finding met it only through skeletal muscle in general."""
    assert _sites(kg, "XSCO:0000010")["UBERON:0000376"] == ("especially", "https://doi.org/10.1186/s13052-020-00874-9")
    assert _sites(kg, "XSCO:0001712")["UBERON:0000376"][0] == "most commonly"
    assert "UBERON:0000376" not in kg.ancestors("UBERON:0001377")


def test_encephalitis_is_a_neurologic_disorder_and_paraplegia_a_neurological_deficit(
        kg: kgtools.KnowledgeGraph) -> None:
    """Encephalitis (an inflammation of the brain) is one of the neurological conditions of heterotopic
    ossification (Sullivan et al. 2013), so neurogenic heterotopic ossification's 'patients with neurologic
    disorders' (van Kuijk et al. 2002) covers it; paraplegia is placed as hemiplegia and tetraplegia are."""
    assert "XSCO:0001142" in kg.ancestors("XSCO:0001728")
    assert "XSCO:0001732" in kg.ancestors("XSCO:0001542")
    assert "XSCO:0001732" in kg.ancestors("HP:0002445")
    nho = kgtools.differential.differential(kg, kgtools.differential.Finding(
        sites=("UBERON:0001464",), disorders=("XSCO:0001728",), ossified=True))
    reasons = next(c for c in nho if c.curie == "XSCO:0001707").reasons_for
    assert any(r.role == "condition" and r.match == "broader" and r.about == "XSCO:0001728" for r in reasons)


def test_neurogenic_heterotopic_ossification_has_prolonged_immobilisation_among_its_risk_factors(
        kg: kgtools.KnowledgeGraph) -> None:
    """ERABI module 11 (Teasell et al. 2015), on HO after brain injury: 'Risk factors include skeletal trauma,
    spasticity, diffuse axonal injury, mechanical ventilation, prolonged immobilization, and injury severity' -
    one of an open list, so a bedridden patient's ossification meets a statement of the neurogenic form."""
    immobilisation = kg.associations("XSCO:0001707", object="XSCO:0001020")
    assert [(a.open_list, a.source) for a in immobilisation] == [
        (True, "http://abiebr.com/module/11-heterotopic-ossification-venous-thromboembolism")]
    ranked = kgtools.differential.differential(kg, kgtools.differential.Finding(
        sites=("UBERON:0001464",), disorders=("XSCO:0001020",), ossified=True))
    nho = next(c for c in ranked if c.curie == "XSCO:0001707")
    assert any(r.role == "condition" and r.about == "XSCO:0001020" for r in nho.reasons_for)


def test_what_a_calcification_is_told_apart_from_is_a_mimic_not_a_cause(kg: kgtools.KnowledgeGraph) -> None:
    """Freire et al. 2018: 'first differentiate a calcification from an ossification or a foreign body'. The two are
    what a calcification can be taken for on a radiograph ('has imaging mimic'), not its causes: read as 'correlated
    with', a foreign body (or the foreign-body giant cells of a biopsy) was a known cause of calcification, and rule 6
    held it against the idiopathic forms."""
    freire = "https://doi.org/10.1007/s13244-018-0619-0"
    for other in ("XSCO:0000009", "XSCO:0001541"):  # heterotopic ossification, soft-tissue foreign body
        (statement,) = [a for a in kg.associations("XSCO:0000002", object=other) if a.source == freire]
        assert statement.predicate == "XSCO:0000227", (other, statement.predicate)


def test_post_surgical_ossification_after_hip_arthroplasty_is_measured(kg: kgtools.KnowledgeGraph) -> None:
    """Legosz et al. 2019 (BioMed Res Int): ossification after hip arthroplasty occurs in 30 % of patients (a 2015
    meta-analysis): a measured, unhedged statement, so 'heterotopic ossification' named after a hip replacement
    hands its place to the post-surgical form (rule 5b) although another source says 'sometimes' (A1995)."""
    (a,) = [a for a in kg.associations("XSCO:0001716", object="XSCO:0001721")
            if a.source == "https://doi.org/10.1155/2019/3860142"]
    assert a.qualifier is None and a.quantity is not None
    assert (a.quantity.measure, a.quantity.value) == ("prevalence", 30)
    ranked = kgtools.differential.differential(kg, kgtools.differential.Finding(
        sites=("UBERON:0001464",), named=("XSCO:0000009",), disorders=("XSCO:0001721",), ossified=True))
    first = next(c for c in ranked if c.kind == "type")
    assert first.curie == "XSCO:0001716" and first.specific


def test_the_conditions_case_reports_name_are_read_and_tie_to_their_calcifications(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17: the conditions clinical texts name are XSCO terms (reused HP classes, or classes mapped to MONDO),
    and the statements of their sources reach the differential: the risk factors of calciphylaxis (Kalajian et al.
    2009 'potentially predisposing'; Medscape 'concomitant vascular disease', a broader group of coronary artery
    disease), morphea (Deza et al. 2016) and the calcified residua of histoplasmosis (Gurney and Conces 1996)."""
    from kgtools.differential import Finding

    words = {"hypoalbuminaemia": "HP:0003073", "protein C deficiency": "HP:0005543",
             "protein S deficiency": "HP:0004855", "weight loss": "HP:0001824",
             "coronary artery disease": "XSCO:0001168", "peripheral vascular disease": "XSCO:0001169",
             "localized scleroderma": "XSCO:0001170", "histoplasmosis": "XSCO:0001601"}
    found = {m.text: m.curie for m in kg.annotate(", ".join(words) + ".").mentions if m.curie}
    assert found == words
    assert "XSCO:0000044" in kg.ancestors("XSCO:0001170", predicates="is_a")  # morphea, a scleroderma
    assert "XSCO:0000036" in kg.ancestors("XSCO:0001601", predicates="is_a")  # a granulomatous infection
    ranked = kg.differential(Finding(site="leg", disorders=("coronary artery disease",)))
    calciphylaxis = next(c for c in ranked if c.curie == "XSCO:0001006")
    assert any(r.statement == "xscoa:A5005" and r.match == "broader" for r in calciphylaxis.reasons_for)
    ranked = kg.differential(Finding(site="skin", phenotypes=("HP:0003073",)))
    nuc = next(c for c in ranked if c.curie == "XSCO:0001132")
    assert any(r.statement == "xscoa:A5000" and r.qualifier == "potentially" for r in nuc.reasons_for)
    # rule 8b: a disorder whose own site statement matches is a candidate; 'often' is hedged (0.5)
    histoplasmosis = next(c for c in kg.differential(Finding(site="spleen")) if c.curie == "XSCO:0001601")
    assert [(r.statement, r.weight) for r in histoplasmosis.reasons_for] == [("xscoa:A5010", 0.5)]


def test_tenth_batch_entities_carry_their_sources_sites_features_and_ages(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, the tenth batch of cases: infantile arterial calcification's features (NORD: respiratory
    distress, high blood pressure, heart failure; Radiopaedia: 'may' pulmonary hypertension) and its coronary
    arteries 'most commonly' (TheFetus.net); calcified filarial worms in the breast (Adeniji-Sofoluwe et al.
    2013); extraskeletal osteosarcoma's thigh, 40-80 years 'most commonly' and central mineralisation
    (Radiopaedia); pilomatrixoma 'usually' dermal or subcutaneous (MeSH); heterotopic
    ossification of midline laparotomy incisions in the abdominal wall (Jacobs et al. 1996)."""
    def stated(subject: str, source: str) -> dict[str, str | None]:
        return {a.object.curie: a.qualifier for a in kg.associations(subject) if a.source == source}

    gaci = stated("XSCO:0001323", "https://rarediseases.org/rare-diseases/generalized-arterial-calcification-of-infancy")
    assert {"HP:0002098", "HP:0000822", "HP:0001635"} <= set(gaci)
    assert stated("XSCO:0001323", "https://radiopaedia.org/articles/idiopathic-infantile-arterial-calcification") == {
        "HP:0002092": "may"}
    assert stated("XSCO:0001323", "https://thefetus.net/content/aortic-calcinosis/") == {
        "UBERON:0001621": "most commonly"}
    assert stated("XSCO:0001562", "https://doi.org/10.11604/pamj.2013.15.126.2958") == {"UBERON:0000310": None}
    esos = stated("XSCO:0001531", "https://radiopaedia.org/articles/extraskeletal-osteosarcoma")
    assert esos == {"UBERON:0000376": None, "XSCO:0001361": "most commonly", "XSCO:0001583": None,
                    # the thirteenth batch adds its retroperitoneum, upper extremity and trunk
                    "UBERON:0003693": None, "UBERON:0002102": None, "UBERON:0002100": None}
    age = [a.quantity for a in kg.associations("XSCO:0001531", object="XSCO:0001361") if a.quantity]
    assert [(q.value, q.value_max, q.unit) for q in age] == [(40, 80, "years")]
    assert stated("XSCO:0001506", "https://meshb.nlm.nih.gov/record/ui?ui=D018296") == {
        "UBERON:0002067": "usually", "UBERON:0002072": "usually"}
    assert stated("XSCO:0001716", "https://doi.org/10.2214/ajr.166.3.8623631") == {
        "XSCO:0001809": None, "UBERON:0003697": None, "XSCO:0003120": None}


def test_calcified_filarial_worms_may_be_thread_like_or_punctate_and_rarely_vermiform(
        kg: kgtools.KnowledgeGraph) -> None:
    """Palmer and Reeder, lymphatic filariasis: 'The calcification may be thread-like or punctate; it is often faint
    and is rarely vermiform.' The vermiform (serpiginous) shape is stated with its rarity qualifier, so it counts as
    hedged evidence and never singles the worm out (differential rule 7)."""
    palmer = "http://www.isradiology.org/tropical_deseases/tmcr/chapter26/clinical3.htm"
    signs = {o: (q, src) for o, (q, src, _) in _objects(kg, "XSCO:0001562", "XSCO:0000218").items()}
    assert signs == {"XSCO:0002905": ("may", palmer), "XSCO:0001570": ("may", palmer),
                     "XSCO:0001579": ("rarely", palmer)}
    assert kgtools.differential.is_rarity("rarely")


def test_site_and_age_gaps_of_thinly_described_types_are_filled_from_their_sources(
        kg: kgtools.KnowledgeGraph) -> None:
    """Session 36 (know2): idiopathic calcinosis cutis at the scrotum, beside the scalp, of Radiopaedia's commonest
    sites (its extremities and joints are left out: as the limb and joint regions they matched every deep lesion of
    a limb or joint, where the source means the skin); secondary tumoral calcinosis with the cloud-like
    calcification and the sedimentation sign ('may') of Radiopaedia's calcinosis of chronic renal failure (a scheme-
    filed type does not inherit tumoral calcinosis's signs); post-traumatic myositis ossificans 'typically' at 15-35
    years (Orthobullets); subepidermal calcified nodule 'twice as commonly in males' (Evans et al. 1995); myositis
    ossificans 65.17 % male (Stammer et al. 2024, 89 patients); POH onset within the first 6 months of life (Miller
    et al. 1996, 2 children)."""
    radiopaedia = "https://radiopaedia.org/articles/idiopathic-calcinosis-cutis"
    sites = _sites(kg, "XSCO:0001004")
    for site in ("UBERON:0000403", "UBERON:0001300"):  # scalp, scrotum
        assert sites[site] == ("commonest", radiopaedia)
    assert "UBERON:0002101" not in sites and "UBERON:0000982" not in sites
    ckd = "https://radiopaedia.org/articles/calcinosis-of-chronic-renal-failure"
    signs = _objects(kg, "XSCO:0001119", "XSCO:0000218")
    assert signs["XSCO:0002900"] == (None, ckd, False) and signs["XSCO:0001122"] == ("may", ckd, False)

    def quantity(subject: str, measure: str) -> tuple[Decimal, Decimal | None, str | None, str | None]:
        (a,) = [a for a in kg.associations(subject, object=measure) if a.quantity]
        assert a.quantity is not None
        return (a.quantity.value, a.quantity.value_max, a.quantity.unit, a.qualifier)

    assert quantity("XSCO:0001712", "XSCO:0001361") == (15, 35, "years", "typically")
    assert quantity("XSCO:0001114", "XSCO:0001598") == (33, None, "%", None)
    assert quantity("XSCO:0000010", "XSCO:0001598") == (Decimal("34.83"), None, "%", None)
    assert quantity("XSCO:0001706", "XSCO:0001755") == (0, 6, "months", None)


def test_eleventh_batch_entities_carry_their_sources_sites_settings_and_ages(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, the eleventh batch of cases: acute calcific periarthritis 'usually' of a finger or toe
    (Radiopaedia); calcinosis cutis 'has been described' as a late complication of burn scars (J Dtsch Dermatol
    Ges 2022); fat necrosis of the lower legs with venous insufficiency ('most common' setting of lipomembranous
    fat necrosis), in the panniculus, 89 % women (Snow and Su 1996); pilomatrixoma 'can also' on the lower
    extremities and trunk (Medscape) with a second peak of onset at 50 to 65 years and about 67 % women (Leung
    et al. 2021); cavernous haemangioma 'often' intramuscular, with phleboliths in about 50 % (KSMR case 653)."""
    def stated(subject: str, source: str) -> dict[str, str | None]:
        return {a.object.curie: a.qualifier for a in kg.associations(subject) if a.source == source}

    assert stated("XSCO:0001382", "https://radiopaedia.org/articles/acute-calcific-periarthritis") == {
        "UBERON:0002389": "usually", "UBERON:0001466": "usually",  # the twelfth batch adds its sign and age
        "XSCO:0002905": None, "XSCO:0001361": None}
    assert stated("XSCO:0001001", "https://doi.org/10.1111/ddg.14677") == {
        "XSCO:0001023": "has been described", "XSCO:0003120": "has been described"}
    snow = "https://doi.org/10.1097/00000372-199604000-00007"
    assert stated("XSCO:0001538", snow) == {"UBERON:0003823": "most common", "XSCO:0000035": "most common",
                                            "UBERON:0002072": None, "XSCO:0001598": None}
    women = [a.quantity for a in kg.associations("XSCO:0001538", object="XSCO:0001598") if a.source == snow]
    assert [(q.value, q.unit) for q in women if q] == [(89, "%")]
    assert stated("XSCO:0001506", "https://emedicine.medscape.com/article/1058965-clinical") == {
        "UBERON:0002103": "can also", "UBERON:0002100": "can also"}
    leung = "https://doi.org/10.25270/con.2021.11.00006"
    ages = [a.quantity for a in kg.associations("XSCO:0001506", object="XSCO:0001361") if a.source == leung]
    assert [(q.value, q.value_max, q.unit) for q in ages if q] == [(50, 65, "years")]
    assert stated("XSCO:0001530", "http://ksmr.radiology.or.kr/case/index.kin?gubun=5&page=5&limit=10&idx=794") == {
        "UBERON:0001134": "often", "XSCO:0001550": None}


def test_scar_and_haematoma_settings_and_tumoral_calcinosis_of_the_hand(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17: a scar (XSCO:0003120, an associated condition mapped close to HP:0100699 Scarring) is the
    setting of ossified surgical scars (Jacobs et al. 1996), of calcinosis cutis in burn scars ('has been
    described', J Dtsch Dermatol Ges 2022) and of dystrophic calcinosis cutis ('scarring' among its causes,
    VisualDx); a haematoma, long without statements, is one that myositis ossificans 'may' follow (an injury
    with extensive intramuscular haemorrhage, Burnand et al., a surgical textbook chapter). Free texts name
    the scar. Tumoral calcinosis 'may' involve the hand and wrist, and its patients 'often' have reduced
    mobility around the involved joints (Hammert and Lindsay 2008)."""
    def stated(subject: str, object_: str) -> dict[str, str | None]:
        return {a.source: a.qualifier for a in kg.associations(subject, object=object_)}

    assert kg.term("scar tissue").curie == "XSCO:0003120"
    assert stated("XSCO:0001716", "XSCO:0003120") == {"https://doi.org/10.2214/ajr.166.3.8623631": None}
    assert stated("XSCO:0001001", "XSCO:0003120") == {"https://doi.org/10.1111/ddg.14677": "has been described"}
    assert set(stated("XSCO:0001002", "XSCO:0003120")) == {
        "https://logicalimages.com/visualdx/diagnosis/calcinosis+cutis?diagnosisId=51238&moduleId=101"}
    assert stated("XSCO:0000010", "XSCO:0001539") == {"https://doi.org/10.1201/b17512-6": "may"}
    hammert = "https://doi.org/10.1007/s11552-008-9132-0"
    assert {a.object.curie: a.qualifier for a in kg.associations("XSCO:0000008") if a.source == hammert} == {
        "UBERON:0002398": "may", "UBERON:0004452": "may", "HP:0001376": "often"}
    text = "A hard mass directly under the scar of an upper abdominal laparotomy."
    assert "XSCO:0003120" in {m.curie for m in kg.annotate(text).mentions}


def test_twelfth_batch_transplant_uraemia_periarthritis_and_pilomatrixoma_statements(
        kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, the twelfth batch of cases: a heart transplantation (XSCO:0003121, MeSH D016027) is an organ
    transplantation, and a free text's "cardiac transplant" reads as it, not as a site in the heart; metastatic
    calcification is caused by orthotopic liver transplantation (Chan et al., Am J Respir Crit Care Med 2002);
    calciphylaxis was first reported in association with uraemia (Medscape); acute calcific periarthritis shows a
    curvilinear calcification and occurs between 40 and 70 years (Radiopaedia); pilomatrixoma of children is 'most
    commonly' in the skin of the cheek, 71 % girls (Danielson-Cohen et al., Arch Otolaryngol Head Neck Surg 2001)."""
    def stated(subject: str, object_: str) -> dict[str, str | None]:
        return {a.source: a.qualifier for a in kg.associations(subject, object=object_)}

    assert kg.term("cardiac transplantation").curie == "XSCO:0003121"
    assert "XSCO:0001162" in set(kg.ancestors("XSCO:0003121"))
    text = "A 15-year-old boy with a recent history of cardiac transplant; calcifications on the chest radiograph."
    assert "XSCO:0003121" in {m.curie for m in kg.annotate(text).mentions}
    assert stated("XSCO:0000003", "XSCO:0001163") == {"https://doi.org/10.1164/rccm.2108054": None}
    assert stated("XSCO:0001006", "XSCO:0001330") == {"https://emedicine.medscape.com/article/1095481-overview": None}
    radiopaedia = "https://radiopaedia.org/articles/acute-calcific-periarthritis"
    assert stated("XSCO:0001382", "XSCO:0002905") == {radiopaedia: None}
    ages = [a.quantity for a in kg.associations("XSCO:0001382", object="XSCO:0001361") if a.source == radiopaedia]
    assert [(q.value, q.value_max, q.unit) for q in ages if q] == [(40, 70, "years")]
    children = "https://www.scholars.northwestern.edu/en/publications/head-and-neck-pilomatrixoma-in-children"
    assert stated("XSCO:0001506", "UBERON:0008803") == {children: "most commonly"}  # skin of cheek
    girls = [a.quantity for a in kg.associations("XSCO:0001506", object="XSCO:0001598") if a.source == children]
    assert [(q.value, q.unit) for q in girls if q] == [(71, "%")]


def test_radiotherapy_calcinosis_and_phlebolith_vascular_malformation_statements(
        kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 37 (free-text misses of dystrophic calcinosis cutis and phlebolith): calcifications in
    the skin and subcutaneous tissue after radiotherapy "are dystrophic in nature" (Diagnostic Imaging case
    page); phleboliths are "related to vascular malformations or hemangiomas" (Hasan, Thi-Qar Med J 2023), so
    a patient's arteriovenous malformation, a vascular malformation, now counts for phlebolith at full weight."""
    def stated(subject: str, object_: str) -> dict[str, str | None]:
        return {a.source: a.qualifier for a in kg.associations(subject, object=object_)}

    imaging = "https://www.diagnosticimaging.com/view/follow-chemotherapy-radiotherapy"
    assert stated("XSCO:0001002", "XSCO:0001600") == {imaging: None}
    hasan = "https://jmed.utq.edu.iq/index.php/main/article/view/451"
    assert stated("XSCO:0001550", "XSCO:0001602") == {hasan: None}
    assert stated("XSCO:0001550", "XSCO:0001529").get(hasan, "absent") is None
    from kgtools.differential import Finding
    ranked = [c for c in kg.differential(Finding(disorders=("arteriovenous malformation",)))
              if c.kind == "type" and not c.excluded]
    assert ranked[0].curie == "XSCO:0001550"


def test_ossifying_lipoma_is_a_lipoma_with_the_sites_of_its_review(kg: kgtools.KnowledgeGraph) -> None:
    """Rombado et al. 2018 (Imaging in Medicine): ossifying lipomas (osteolipomas) are lipomas containing bony
    tissue, documented in the head and neck, the upper and lower extremities and the subcutaneous tissue."""
    assert "XSCO:0001534" in kg.ancestors("XSCO:0003200", predicates="is_a")  # lipoma
    assert kg.lookup("osteolipoma")[0].curie == "XSCO:0003200"
    sites = {a.object.curie for a in kg.associations("XSCO:0003200", predicate="RO:0004026")}
    assert {"UBERON:0000033", "UBERON:0000974", "UBERON:0002102", "UBERON:0002103", "UBERON:0002072"} <= sites

def test_thirteenth_batch_sites_of_esos_and_ssc_calcinosis_subdural_haematoma_gvhd_rhabdomyolysis(
        kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, the thirteenth batch of cases: extraskeletal osteosarcoma occurs in the retroperitoneum (UBERON
    retroperitoneal space, part of the abdomen), the upper extremity and the trunk besides the thigh (Radiopaedia);
    the calcinosis of systemic sclerosis lies in the skin and subcutaneous tissues (Bartoli et al. 2019) and under
    the skin (sclero.org); a calcified chronic subdural haematoma (XSCO:0003122) is a rare variant of a chronic
    subdural haematoma (XSCO:0003124, MeSH D020200, a haematoma), in the subdural space, 'most often' after head
    trauma, calcified at its periphery (Radiopaedia); calcinosis cutis occurs in chronic graft-versus-host disease
    (XSCO:0003123, MeSH D006086; JAMA Dermatology 2020); rhabdomyolysis is the dissolution of skeletal muscle
    (Bosch et al., NEJM 2009). A calcified retroperitoneal mass now names extraskeletal osteosarcoma first among
    the disorders."""
    def stated(subject: str, source: str) -> dict[str, str | None]:
        return {a.object.curie: a.qualifier for a in kg.associations(subject) if a.source == source}

    esos = stated("XSCO:0001531", "https://radiopaedia.org/articles/extraskeletal-osteosarcoma")
    assert {k: esos[k] for k in ("UBERON:0003693", "UBERON:0002102", "UBERON:0002100")} == {
        "UBERON:0003693": None, "UBERON:0002102": None, "UBERON:0002100": None}
    assert "UBERON:0000916" in set(kg.ancestors("UBERON:0003693"))  # part of the abdomen
    assert kg.term("retroperitoneum").curie == "UBERON:0003693"
    assert stated("XSCO:0001552", "https://doi.org/10.1007/978-3-319-98477-3_14").get("UBERON:0002097", "no") is None
    assert stated("XSCO:0001552", "http://www.sclero.org/scleroderma/symptoms/skin/calcinosis.html").get(
        "UBERON:0002072", "no") is None
    subdural = "https://radiopaedia.org/articles/calcified-chronic-subdural-haematoma"
    assert kg.term("calcified chronic subdural hematoma").curie == "XSCO:0003122"
    assert stated("XSCO:0003122", subdural) == {"XSCO:0003124": None, "UBERON:0000416": None,
                                                "XSCO:0000047": "most often", "XSCO:0002929": None,
                                                "XSCO:0001595": None, "HP:0001250": None, "HP:0000726": None,
                                                "HP:0002516": None}  # the clinical picture: session 43
    assert "XSCO:0001539" in set(kg.ancestors("XSCO:0003124"))  # a chronic subdural haematoma is a haematoma
    assert kg.term("GVHD").curie == "XSCO:0003123"
    assert stated("XSCO:0001001", "https://jamanetwork.com/journals/jamadermatology/fullarticle/2766275") == {
        "XSCO:0003123": None}
    assert stated("XSCO:0002927", "https://doi.org/10.1056/NEJMra0801327") == {"UBERON:0014892": None}
    from kgtools.differential import Finding
    finding = Finding(sites=("retroperitoneum", "kidney"), ossified=False, age=(52.0, 52.0), sex="male")
    ranked = [c for c in kg.differential(finding)
              if c.kind == "disorder" and not c.excluded]  # a tumour, ranked among the disorders (rule 8b)
    assert ranked[0].curie == "XSCO:0001531"


def test_fourteenth_batch_corneal_calcification_settings_tmj_chondrocalcinosis_and_weak_birefringence(
        kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, the fourteenth batch of cases: conjunctival and corneal calcification is a form of metastatic
    calcification in end-stage kidney disease, its systemic first hit driven by hyperphosphataemia and secondary
    hyperparathyroidism (Liu et al. 2026, Clin Kidney J), so the cornea and the conjunctiva are sites of
    metastatic calcification; 18 % of patients with knee or wrist chondrocalcinosis had it at the TMJ
    (Willekens et al. 2020); CPPD crystals show weakly positive birefringence (Ishida et al. 1995), so a text's
    'crystal deposition with weak birefringence' is read as the CPPD crystal feature; Albright hereditary
    osteodystrophy has subcutaneous ossifications (Orphanet)."""
    def stated(subject: str, source: str) -> dict[str, str | None]:
        return {a.object.curie: a.qualifier for a in kg.associations(subject) if a.source == source}

    liu = "https://doi.org/10.1093/ckj/sfag039"
    assert {"XSCO:0001011", "XSCO:0001014", "XSCO:0001012"} <= set(stated("XSCO:0001126", liu))
    assert {"UBERON:0000964", "UBERON:0001811"} <= set(stated("XSCO:0000003", liu))
    assert stated("XSCO:0001316", "https://doi.org/10.1259/dmfr.20190450") == {"UBERON:0003700": None}
    assert "UBERON:0002072" in stated("XSCO:0001735", "http://www.orpha.net/consor/cgi-bin/OC_Exp.php?lng=EN&Expert=665")
    text = "Histopathologically, we confirmed crystal deposition with weak birefringence."
    assert "XSCO:0001381" in {m.curie for m in kg.annotate(text).mentions}


def test_clinical_pictures_of_hyperparathyroidism_petrified_ear_crowned_dens_oxalosis(
        kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17: the hyperparathyroidisms' laboratory picture, the petrified ear's rigid auricle, crowned
    dens syndrome's neck stiffness and crown-like odontoid, calciphylaxis's hypercoagulable conditions, oxalosis."""
    def objects(curie: str, predicate: str = "RO:0002610") -> set[str]:
        return {a.object.curie for a in kg.associations(curie, predicate=predicate)}

    assert {"HP:0003165", "HP:0100512"} <= objects("XSCO:0001012")  # elevated PTH, vitamin D deficiency
    assert {"HP:0003165", "XSCO:0001013"} <= objects("XSCO:0001336")  # elevated PTH, hypercalcaemia
    assert "XSCO:0001013" in objects("XSCO:0001127")  # tertiary: hypercalcaemic
    assert "XSCO:0003125" in objects("XSCO:0001606")  # rigid auricle
    assert {"HP:0005986", "HP:0025258"} <= objects("XSCO:0001379")
    assert "XSCO:0003201" in objects("XSCO:0001379", "XSCO:0000218")
    assert {"HP:0025343", "HP:0005543", "HP:0100724"} <= objects("XSCO:0001006")
    assert {"HP:0033505", "HP:0001063"} <= objects("XSCO:0003128")
    assert "CHEBI:60579" in objects("XSCO:0003128", "XSCO:0000208")


def test_a_raised_pth_in_kidney_disease_points_to_secondary_hyperparathyroidism(kg: kgtools.KnowledgeGraph) -> None:
    """An elevated parathyroid hormone result is read as HP's elevated PTH, which XSCO's hyperparathyroidisms name:
    secondary hyperparathyroidism is the first disorder the finding does not already state."""
    f = kg.annotate("A woman with chronic kidney disease and nephrocalcinosis; PTH 1876 pg/mL.").finding()
    assert "HP:0003165" in f.phenotypes
    from kgtools.differential import differential

    disorders = [c for c in differential(kg, f) if c.kind == "disorder"]
    unknown = [c.curie for c in disorders if not c.known]
    assert unknown[0] == "XSCO:0001012"


def test_medial_calcification_settings_and_the_steroid_a_case_report_names(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 41: medial (Mönckeberg) calcification 'linked with age advancement, diabetes, and chronic
    kidney disease' (Dong et al. 2023; its diabetes), 'seen commonly in older, diabetic and dialysis-dependent
    patients' in the extremity arteries (Yüzkan, Eurorad 17191), and both it and intimal calcification 'common' in leg
    arteries (J Pers Med 2022); intimal calcification with obesity; vascular calcification 'often' in type II diabetes
    (Lanzer et al. 2014); and 'steroid' read as the corticosteroid therapy it names."""
    def statements(curie: str, predicate: str = "RO:0002610") -> dict[str, set[str | None]]:
        found: dict[str, set[str | None]] = {}
        for a in kg.associations(curie, predicate=predicate):
            found.setdefault(a.object.curie, set()).add(a.qualifier)
        return found

    monckeberg = statements("XSCO:0001322")
    assert {None, "commonly"} <= monckeberg["HP:0000819"]  # diabetes: Dong, and Eurorad's 'commonly'
    assert monckeberg["XSCO:0001148"] == {"commonly"}  # dialysis-dependent patients
    assert "UBERON:0002101" in _sites(kg, "XSCO:0001322")  # the extremity arteries
    leg = "UBERON:0000978"
    assert _sites(kg, "XSCO:0001322")[leg][0] == _sites(kg, "XSCO:0001321")[leg][0] == "common"
    assert "HP:0001513" in statements("XSCO:0001321")
    assert statements("XSCO:0001320")["HP:0005978"] == {"often"}
    f = kg.annotate("A man with rheumatoid arthritis who had taken steroid for years; calcified leg vessels.").finding()
    assert "XSCO:0001158" in f.disorders


def test_ages_and_sex_of_soft_tissue_chondroma_ossifying_lipoma_and_aho(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 42: Chung and Enzinger 1978 (104 chondromas of soft parts): 'predominately in the third and
    fourth decades, was slightly more common in male (61%)'; Cakir Karabas et al. 2021 (osteolipoma review):
    'usually emerges in middle-aged or elderly patients' (MeSH's middle aged: 45 or older); Caravaglio et al. 2017:
    the cutaneous ossification of AHO 'may be seen in infancy or early childhood' (MeSH: birth to 5 years)."""
    def measures(curie: str, measure: str) -> set[tuple[object, ...]]:
        return {(a.qualifier, a.quantity.comparator, a.quantity.value, a.quantity.value_max, a.quantity.unit)
                for a in kg.associations(curie, object=measure) if a.quantity}

    assert ("predominately", None, 3, 4, "decade of life") in measures("XSCO:0001533", "XSCO:0001361")
    assert (None, "=", 39, None, "%") in measures("XSCO:0001533", "XSCO:0001598")
    assert ("usually", ">=", 45, None, "years") in measures("XSCO:0003200", "XSCO:0001755")
    assert ("may", None, 0, 5, "years") in measures("XSCO:0001735", "XSCO:0001755")


def test_oxalosis_heel_nodules_fop_stiffness_and_trismus_of_the_seventeenth_batch(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 42 (the lead's seventeenth batch): oxalosis 'results in ... cortical nephrocalcinosis',
    its 'typical radiographic finding' (Radiopaedia), 'infantile oxalosis' before the age of 1 year (NKF);
    calcified heel nodules are 'dystrophic calcification of the skin' that 'typically appear between 4 and 12
    months of age' (VisualDx); FOP's ossification leads to 'severe functional limitations in joint mobility'
    (Pignolo et al. 2019), of which HP files joint stiffness as a kind; trismus the 'most reported clinical
    symptom' of myositis ossificans traumatica of the masticatory muscles (Hanisch et al. 2018).
    The findings are invented sentences, not case texts."""
    from kgtools.differential import differential

    assert "HP:0000121" in {a.object.curie for a in kg.associations("XSCO:0003128", predicate="RO:0002610")}
    assert _sites(kg, "XSCO:0003128")["UBERON:0002113"][0] == "typical"
    f = kg.annotate("A 3-month-old boy with nephrocalcinosis; calcification of both kidneys on ultrasound.").finding()
    disorders = [c.curie for c in differential(kg, f) if c.kind == "disorder"]
    assert disorders[0] == "XSCO:0003128", disorders[:5]

    assert "UBERON:0015875" in _sites(kg, "XSCO:0001002")
    onset = [a.quantity for a in kg.associations("XSCO:0001002", object="XSCO:0001755")]
    assert onset and onset[0] is not None and (onset[0].value, onset[0].value_max, onset[0].unit) == (4, 12, "months")
    f = kg.annotate("A 10-month-old girl with a hard white calcified nodule on the heel.").finding()
    types = [c.curie for c in differential(kg, f) if c.kind == "type" and not c.excluded]
    assert types[0] == "XSCO:0001002", types[:5]

    assert "HP:0001376" in {a.object.curie for a in kg.associations("XSCO:0001705", predicate="RO:0002610")}
    f = kg.annotate("A 12-year-old girl with joint stiffness of both hips after a minor fall.").finding()
    types = [c.curie for c in differential(kg, f) if c.kind == "type" and not c.excluded]
    assert "XSCO:0001705" in types[:3], types[:5]

    trismus = [a.qualifier for a in kg.associations("XSCO:0001712", object="HP:0000211")]
    assert trismus == ["most"]


def test_petrified_ear_with_hypothyroidism_as_the_endocrine_review_counts_it(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 42: Valea et al. 2024 (Diagnostics 14:1303) count hypothyroidism in 18 % of 50 patients with
    endocrine petrified ear, after adrenal insufficiency and hypopituitarism."""
    sources = {a.source for a in kg.associations("XSCO:0001606", object="XSCO:0001346")}
    assert sources == {"https://doi.org/10.3390/diagnostics14121303"}


def test_sarcoidosis_calcium_bluish_pilomatricoma_apatite_osteoarthritis_and_venous_ossification(
        kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 43 (the lead's eighteenth batch): sarcoidosis with hypercalcaemia and hypercalciuria, which
    'can cause nephrocalcinosis, renal stones' (Sharma 1996, Chest); a pilomatricoma's 'bluish hue' (a Haymarket
    dermatology reference), read from free text as a clinical finding; intra-articular BCP crystals 'contribute to
    osteoarthritis' (Rosenthal 2018), with osteoarthritis filed under arthritis as HP files it; subcutaneous
    ossification a late sequela of chronic venous insufficiency (Hosalkar et al., Applied Radiology), its own class
    (Heinz Lippmann disease) placed in the subcutaneous tissue.
    The findings are invented sentences, not case texts."""
    from kgtools.differential import differential

    objects = {a.object.curie: a.qualifier for a in kg.associations("XSCO:0001015", predicate="RO:0002610")}
    assert {"XSCO:0001013", "HP:0002150", "HP:0000121", "HP:0000787"} <= set(objects)
    assert objects["HP:0000787"] == "can"
    f = kg.annotate("A 45-year-old man with kidney stones and hypercalciuria.").finding()
    disorders = [c.curie for c in differential(kg, f) if c.kind == "disorder" and not c.excluded]
    assert "XSCO:0001015" in disorders[:3], disorders[:5]

    f = kg.annotate("A firm painless nodule with a bluish hue on the left arm of a 9-year-old girl.").finding()
    assert "XSCO:0003129" in f.phenotypes
    disorders = [c.curie for c in differential(kg, f) if c.kind == "disorder" and not c.excluded]
    assert disorders[0] == "XSCO:0001506", disorders[:5]

    assert "HP:0001369" in kg.ancestors("HP:0002758", predicates="is_a")
    assert "HP:0002758" in {a.object.curie for a in kg.associations("XSCO:0001317", predicate="RO:0002610")}

    assert "XSCO:0000035" in {a.object.curie for a in kg.associations("XSCO:0001704", predicate="RO:0002610")}
    assert "XSCO:0001704" in kg.ancestors("XSCO:0003130", predicates="is_a")
    assert "UBERON:0002072" in _sites(kg, "XSCO:0003130")
    assert "UBERON:0002072" not in _sites(kg, "XSCO:0001704")  # the subcutaneous site is the venous form's only
    f = kg.annotate("Subcutaneous ossification of both legs in a man with chronic venous insufficiency.").finding()
    types = [c.curie for c in differential(kg, f) if c.kind == "type" and not c.excluded]
    assert "XSCO:0003130" in types[:3], types[:5]


def test_eighteenth_batch_tmj_cppd_calcified_subdural_capsule_and_tendon_sites(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 43 (the lead's eighteenth batch): CPPD of the TMJ, whose 'common symptoms include pain, reduced
    mouth opening, and swelling' (Val et al. 2025); calcified chronic subdural haematoma, 'capsule-only calcification
    (52%)' with a 'strong male predominance (sex ratio 4.53)' and a ventriculoperitoneal shunt in 33 of 94 cases (the
    2025 systematic review, Asian J Neurosurg); calcific tendinopathy of the spine, foot and ankle and hip, 'the most
    common sites ... after the rotator cuff' (Delbello et al. 2024); the MCL named without 'of knee'.
    The findings are invented sentences, not case texts."""
    from kgtools.differential import differential

    trismus = [a.qualifier for a in kg.associations("XSCO:0001315", object="HP:0000211")]
    assert trismus == ["common"]
    assert [a.qualifier for a in kg.associations("XSCO:0001315", object="HP:0000689")] == ["may"]  # malocclusion

    f = kg.annotate("A 70-year-old man with slowly progressive hemiparesis; CT shows a left subdural collection "
                    "with a calcified inner membrane.").finding()
    assert "XSCO:0003213" in f.signs
    types = [c.curie for c in differential(kg, f) if c.kind == "type" and not c.excluded]
    assert types[0] == "XSCO:0003122", types[:5]
    assert "XSCO:0003214" in {a.object.curie for a in kg.associations("XSCO:0003122", predicate="RO:0002610")}
    share = [a.quantity for a in kg.associations("XSCO:0003122", object="XSCO:0001598")]
    assert share and share[0] is not None and float(share[0].value) < 40

    assert {"UBERON:0001130", "UBERON:0002387", "UBERON:0004454", "UBERON:0001464"} <= set(_sites(kg, "XSCO:0001311"))
    f = kg.annotate("Calcification of the medial collateral ligament on the knee radiograph.").finding()
    assert "XSCO:0001797" in {f.site, *f.sites}


def test_age_of_hadd_and_sex_of_juvenile_dermatomyositis(kg: kgtools.KnowledgeGraph) -> None:
    """Issue 17, session 43: Radiopaedia: HADD 'is most commonly found in middle-aged individuals' (MeSH's middle
    aged: 45-64 years); Cakan et al. (North Clin Istanb): 'The study included 48 children, 33 girls and 15 boys' with
    juvenile dermatomyositis (68.75 % girls). The age range of Ishida et al.'s 7 cases of tophaceous pseudogout
    (31-86 years) is no peak age (the age at which a condition is most often seen): not stated."""
    def measures(curie: str, measure: str) -> set[tuple[object, ...]]:
        return {(a.qualifier, a.quantity.comparator, a.quantity.value, a.quantity.value_max, a.quantity.unit)
                for a in kg.associations(curie, object=measure) if a.quantity}

    assert ("most commonly", None, 45, 64, "years") in measures("XSCO:0001310", "XSCO:0001361")
    assert (None, "=", Decimal("68.75"), None, "%") in measures("XSCO:0001026", "XSCO:0001598")
