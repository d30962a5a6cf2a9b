"""The published-case set of the differential benchmark: every case keeps the schema, and the script runs."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import kgtools

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "differential_cases.py"
CASES = ROOT / "benchmarks" / "cases" / "cases.yaml"
README = ROOT / "benchmarks" / "cases" / "README.md"
# where the ontology names its sources: the statements', terms' and synonyms' sources and notes (the
# components and the templates they are generated from) and the provenance rows of the seed's facts
SOURCE_FILES = (*sorted((ROOT / "ontology").glob("**/*.ttl")), *sorted((ROOT / "ontology" / "templates").glob("*.tsv")),
                ROOT / "tests" / "data" / "provenance" / "notes.tsv")

_URL = re.compile(r"https?://[^\s<>\"'|\\]+", re.IGNORECASE)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s<>\"'|\\]+")
_PMID = re.compile(r"\bpmid[:\s]*(\d+)", re.IGNORECASE)
_PUBMED = re.compile(r"^(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)$")


def _trim(text: str) -> str:
    """Drop the punctuation that ends the sentence around an address, and a closing bracket it does not open."""
    text = text.rstrip(".,;:")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(".,;:")
    return text


def source_key(ref: str) -> str:
    """One key per source however it is written: ``doi:`` + the lower-cased DOI (bare, ``doi:`` or a doi.org
    address), ``pmid:`` + the number (bare, ``PMID:`` or a PubMed address), else the address without its
    scheme, ``www.`` and trailing ``/``, its host lower-cased."""
    ref = _trim(ref.strip())
    low = ref.lower()
    if low.startswith("doi:"):
        return "doi:" + low[4:].strip()
    if low.startswith("pmid:") or ref.isdigit():
        return "pmid:" + low.removeprefix("pmid:").strip()
    if re.match(r"10\.\d{4,9}/", ref):
        return "doi:" + low
    rest = re.sub(r"^https?://", "", ref, flags=re.IGNORECASE)
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    if host in {"doi.org", "dx.doi.org"}:
        return "doi:" + path.lower().rstrip("/")
    address = (host + "/" + path).rstrip("/")
    pubmed = _PUBMED.match(address)
    return "pmid:" + pubmed.group(1) if pubmed else address


def sources_named_in(text: str) -> set[str]:
    """The keys of every address, DOI and PMID a text names."""
    found = {source_key(u) for u in _URL.findall(text)}
    found |= {source_key(d) for d in _DOI.findall(text)}
    found |= {"pmid:" + n for n in _PMID.findall(text)}
    return found


def case_sources(case: dict[str, Any]) -> set[str]:
    cit = case["citation"]
    return {source_key(str(cit[k])) for k in ("doi", "pmid", "url") if cit.get(k)}


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_differential_cases", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _module()


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return bench.load_cases(CASES)


def _case(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "x", "split": "dev", "category": "metastatic",
        "citation": {"authors": ["A B"], "title": "T", "journal": "J", "year": 2020, "doi": "10.1/x"},
        "final_diagnosis": {"curie": "XSCO:0000003", "label": "metastatic calcification"},
        "quote": "a quote", "text": "calcification of the hip", "sites": ["hip"],
    }
    base.update(over)
    return base


def test_every_case_keeps_the_schema(cases: list[dict[str, Any]]) -> None:
    assert bench.validate(cases) == []


def test_the_set_is_large_and_spread(cases: list[dict[str, Any]]) -> None:
    assert len(cases) >= 25
    assert {c["category"] for c in cases} == set(bench.CATEGORIES)
    assert {c["split"] for c in cases} <= set(bench.SPLITS)
    assert sum(c["split"] == "dev" for c in cases) >= 40


@pytest.mark.parametrize(("a", "b"), [
    ("https://www.eurorad.org/case/17912/", "http://eurorad.org/case/17912"),
    ("https://doi.org/10.4269/AJTMH.17-0944", "10.4269/ajtmh.17-0944"),
    ("doi:10.1016/0002-9343(76)90447-1", "https://dx.doi.org/10.1016/0002-9343(76)90447-1"),
    ("https://pubmed.ncbi.nlm.nih.gov/2845491/", "2845491"),
    ("PMID: 2845491", "https://www.ncbi.nlm.nih.gov/pubmed/2845491"),
])
def test_a_source_has_one_key_however_it_is_written(a: str, b: str) -> None:
    assert source_key(a) == source_key(b)
    assert source_key(b) in sources_named_in(f"(see <{a}>).")


def test_a_source_key_keeps_what_tells_sources_apart() -> None:
    assert source_key("https://radiopaedia.org/cases/a") != source_key("https://radiopaedia.org/cases/A")
    assert source_key("https://eurorad.org/case/17912") != source_key("https://eurorad.org/case/1791")
    assert sources_named_in("PMID 123; pmid:456, https://x.org/a_(b)).") == {"pmid:123", "pmid:456", "x.org/a_(b)"}


def test_no_case_is_its_own_evidence(cases: list[dict[str, Any]]) -> None:
    """README rule: a case report that is also a source the ontology names (a statement's, term's or
    synonym's source, a note, a provenance row) would be scored by its own words; no case cites one."""
    named: set[str] = set()
    for path in SOURCE_FILES:
        named |= sources_named_in(path.read_text(encoding="utf-8"))
    clashes = sorted((c["id"], key) for c in cases for key in case_sources(c) & named)
    assert not clashes, clashes


def test_no_source_is_two_cases(cases: list[dict[str, Any]]) -> None:
    """One published case is one benchmark case: no two cases share a title of the same year, a DOI, a PMID or
    an address (a source found twice by two searches is counted once; "Tumoral calcinosis - a case report"
    is the title of more than one article)."""
    seen: dict[str, str] = {}
    clashes = []
    for c in cases:
        title = " ".join(str(c["citation"].get("title", "")).casefold().split())
        for key in {f"title:{title} ({c['citation'].get('year')})"} | case_sources(c):
            if key in seen:
                clashes.append((seen[key], c["id"], key))
            seen.setdefault(key, c["id"])
    assert not clashes, clashes


def mirror_hosts(readme: str) -> set[str]:
    """The README's list of copies (document-sharing sites, aggregators, index records): the hosts written as
    code between its ``<!-- mirror hosts -->`` markers."""
    match = re.search(r"<!-- mirror hosts -->(.*?)<!-- /mirror hosts -->", readme, re.DOTALL)
    assert match, "the README has no list of mirror hosts"
    return set(re.findall(r"`([^`\s]+)`", match.group(1)))


def on_host(url: str, hosts: set[str]) -> str | None:
    """The listed host ``url`` is on (the host itself or a subdomain of it), if any."""
    host = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).split("/", 1)[0].lower().removeprefix("www.")
    return next((h for h in sorted(hosts) if host == h or host.endswith("." + h)), None)


def test_a_mirror_is_known_by_its_host_or_a_subdomain() -> None:
    hosts = mirror_hosts("x <!-- mirror hosts -->\n  `docslib.org`, `moam.info`.\n<!-- /mirror hosts -->")
    assert hosts == {"docslib.org", "moam.info"}
    assert on_host("https://www.docslib.org/doc/1", hosts) == "docslib.org"
    assert on_host("https://m.moam.info/x", hosts) == "moam.info"
    assert on_host("https://notdocslib.org/doc/1", hosts) is None
    assert on_host("https://doi.org/10.1/x", hosts) is None


def test_citations_name_the_publisher_not_a_mirror(cases: list[dict[str, Any]]) -> None:
    """README rule: a DOI has the DOI form; a case with a DOI or PMID never keeps a copy's address in ``url``
    (the copy goes to ``notes``); a case left with a copy (no publisher record found) says so in ``notes``."""
    hosts = mirror_hosts(README.read_text(encoding="utf-8"))
    bad_doi = [c["id"] for c in cases
               if c["citation"].get("doi") and not re.fullmatch(r"10\.\d{4,9}/\S+", str(c["citation"]["doi"]))]
    assert not bad_doi, bad_doi
    mirrored = [(c["id"], on_host(str(c["citation"].get("url") or ""), hosts)) for c in cases]
    with_id = [(cid, h) for (cid, h), c in zip(mirrored, cases, strict=True)
               if h and (c["citation"].get("doi") or c["citation"].get("pmid"))]
    assert not with_id, with_id
    unsaid = [(cid, h) for (cid, h), c in zip(mirrored, cases, strict=True)
              if h and "not the publisher" not in (c.get("notes") or "")]
    assert not unsaid, unsaid


def test_new_cases_are_reported_apart_from_the_development_set() -> None:
    """The blind cases (split: new) are their own row and are not in the development rows."""
    dev = {"id": "a", "split": "dev", "category": "rare", "final_diagnosis": {"curie": "X:1"}}
    new = {"id": "b", "split": "new", "category": "rare", "final_diagnosis": {"curie": "X:1"}}
    hit, miss = bench.ModeResult(rank=1), bench.ModeResult(rank=None)
    summary = bench.summarise([dev, new], {"a": {"structured": hit}, "b": {"structured": miss}},
                              ["structured"], text_available=False)
    assert summary["all"]["cases"] == 1 and summary["all"]["structured"]["hit@1"] == 1.0
    assert summary["new (blind)"]["cases"] == 1 and summary["new (blind)"]["structured"]["hit@1"] == 0.0
    assert summary["rare"]["cases"] == 2


def test_final_diagnoses_resolve_to_xsco_terms(kg: kgtools.KnowledgeGraph, cases: list[dict[str, Any]]) -> None:
    for c in cases:
        curie = c["final_diagnosis"].get("curie")
        if not curie:
            assert c.get("xsco_gap"), c["id"]
            continue
        term = kg.term(curie)
        assert term.curie == curie, c["id"]
        assert term.label == c["final_diagnosis"]["label"], c["id"]
        up = set(kg.ancestors(curie, predicates="is_a")) | {curie}
        assert bench.MINERALIZATION in up or bench.CONDITION in up, c["id"]


def test_structured_fields_do_not_name_the_diagnosis(kg: kgtools.KnowledgeGraph, cases: list[dict[str, Any]]) -> None:
    """The structured fields say what the source states before the diagnosis, never the answer itself."""
    from kgtools.errors import KgError

    for c in cases:
        final = c["final_diagnosis"].get("curie")
        for key in bench.LIST_FIELDS:
            for text in c.get(key) or []:
                # a field is never the diagnosis itself (its label, a synonym); a phrase that states a
                # history of it elsewhere ("calcific tendinitis of the rotator cuff" before a gluteal
                # one) is what the source states, and the annotator may read it (rule 0b)
                try:
                    curie = kg.term(text).curie
                except KgError:
                    continue
                assert curie != final, (c["id"], key, text)


def test_text_does_not_name_the_diagnosis(cases: list[dict[str, Any]]) -> None:
    """The case text is the description before the answer: it never contains the final diagnosis's label."""
    for c in cases:
        assert c["final_diagnosis"]["label"].lower() not in c["text"].lower(), c["id"]


@pytest.mark.parametrize(("over", "problem"), [
    ({"citation": {"title": "T", "authors": []}}, "needs a DOI, PMID or URL"),
    ({"quote": " "}, "empty quote"),
    ({"quote": None}, "missing quote"),
    ({"category": "vascular"}, "not in"),
    ({"split": "test"}, "split must be"),
    ({"sites": ["knee"]}, "not a phrase of the text"),
    ({"final_diagnosis": {"label": "something"}}, "no curie and the case has no xsco_gap"),
    ({"calcium": "high"}, "calcium 'high'"),
    ({"colour": "red"}, "unknown field"),
    ({"citation": {"title": "T", "pmid": "PMC1"}}, "pmid is not a number"),
])
def test_schema_problems_are_found(over: dict[str, Any], problem: str) -> None:
    assert bench.schema_problems(_case()) == []
    assert any(problem in p for p in bench.schema_problems(_case(**over)))


def test_duplicate_ids_are_found() -> None:
    assert any("duplicate id" in p for p in bench.validate([_case(), _case()]))


def test_structured_rank_is_the_position_in_the_differential(kg: kgtools.KnowledgeGraph,
                                                             cases: list[dict[str, Any]]) -> None:
    from kgtools.differential import Finding

    case = _case(calcium="elevated", conditions=["hypercalcaemia", "no such disorder"], mineral="calcified")
    res = bench.run_structured(kg, case)
    assert (res.stated, res.resolved, res.unresolved) == (3, 2, ["no such disorder"])
    ranked = [c.curie for c in kg.differential(Finding(site="hip", calcium="elevated", ossified=False,
                                                       disorders=("XSCO:0001013",)))
              if c.kind == "type" and not c.excluded]
    assert res.rank == ranked.index("XSCO:0000003") + 1
    assert res.top == ranked[:3]


def test_family_rank_counts_a_broader_or_narrower_form_never_an_umbrella(kg: kgtools.KnowledgeGraph) -> None:
    """``family@3``: heterotopic ossification (broader) counts for neurogenic heterotopic ossification, as its
    narrower form would; a sibling (post-surgical HO), an excluded candidate or an umbrella class never does."""
    from types import SimpleNamespace

    def cands(*curies: str, excluded: str = "") -> list[SimpleNamespace]:
        return [SimpleNamespace(curie=c, kind="type", excluded=c == excluded) for c in curies]

    neurogenic, ho, post_surgical = "XSCO:0001707", "XSCO:0000009", "XSCO:0001716"
    assert bench._family_rank(kg, cands(post_surgical, ho, neurogenic), neurogenic) == 2
    assert bench._family_rank(kg, cands(post_surgical, ho, neurogenic), ho) == 1  # a narrower form counts
    # an excluded candidate is not ranked (as for hit@k): the diagnosis itself is second
    assert bench._family_rank(kg, cands(post_surgical, ho, neurogenic, excluded=ho), neurogenic) == 2
    assert bench._family_rank(kg, cands("XSCO:0000001", post_surgical), neurogenic) is None


def test_the_script_runs_on_two_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--limit", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["cases"]] == [c["id"] for c in bench.load_cases(CASES)[:2]]
    overall = out["summary"]["all"]
    assert overall["cases"] == 2
    for key in ("hit@1", "hit@3", "family@3", "terms_resolved"):
        assert 0 <= overall["structured"][key] <= 1
    if out["text_mode_available"]:
        assert 0 <= overall["text"]["words_covered"] <= 1
    else:
        assert overall["text"] is None and out["text_mode_unavailable_because"]
    assert bench.main(["--limit", "2"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].startswith("category") and "\nall " in table


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--cases", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n- id: x\n  split: dev\n", encoding="utf-8")
    assert bench.main(["--cases", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing" in err
    bad.write_text("cases: [", encoding="utf-8")
    assert bench.main(["--cases", str(bad)]) == 2
    assert "not valid YAML" in capsys.readouterr().err
    assert bench.main(["--id", "no-such-case"]) == 2
    assert "no case" in capsys.readouterr().err


def test_blind_cases_show_only_in_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump({"cases": [_case(id="seen"), _case(id="blind", split="new")]}), encoding="utf-8")
    assert bench.main(["--cases", str(path), "--mode", "structured", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["cases"]] == ["seen"]
    assert out["summary"]["new (blind)"]["cases"] == 1
    assert bench.main(["--cases", str(path), "--mode", "structured", "--per-case"]) == 0
    assert "blind" not in capsys.readouterr().out.split("\n\n", 1)[1]
    assert bench.main(["--cases", str(path), "--id", "blind"]) == 2
    assert "blind case" in capsys.readouterr().err
    assert bench.main(["--cases", str(path), "--mode", "structured", "--json", "--show-blind"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)["cases"]] == ["seen", "blind"]
