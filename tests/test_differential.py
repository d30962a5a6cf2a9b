"""The explained differential (issue 7): kgtools.differential and the `differential` verb."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.differential import Finding, Reason, finding_from_data, findings_in, statement_weight

FINDINGS = Path(__file__).resolve().parent / "data" / "issue7-findings.ttl"
EX = "https://w3id.org/xsco/example/issue7/"
METASTATIC, DYSTROPHIC, CALCINOSIS, HO = "XSCO:0000003", "XSCO:0000004", "XSCO:0000005", "XSCO:0000009"
CALCINOSIS_TC = "XSCO:0000008"  # tumoral calcinosis

# Each example finding of tests/data/issue7-findings.ttl and the type it must rank first.
# F1 (subcutaneous, dermatomyositis, degenerated tissue, normal Ca-P): issue 17 rule 4 names the
# calcification of the patient's disease (calcinosis of dermatomyositis, which its source places in the
# subcutis) before the generic dystrophic type, which still scores highest.
EXPECTED_FIRST = {
    "F1": "XSCO:0001554",
    "F2": METASTATIC,
    "F3": CALCINOSIS,
    # F4 (ossified, after trauma, no site): rule 2 gives the umbrella nothing for being the kind, so the
    # post-traumatic forms a source ties directly to trauma lead; of the tie, post-traumatic heterotopic
    # ossification before its form post-traumatic myositis ossificans, which its sources place in muscle and
    # which has nothing else the broader type lacks (rule 7e; the deepest of the tie led before)
    "F4": "XSCO:0001708",
    "F5": DYSTROPHIC,
    "F6": METASTATIC,
}


@pytest.fixture(scope="module")
def kg_findings() -> kgtools.KnowledgeGraph:
    return kgtools.load(data=[FINDINGS])


def _types(cands: list[kgtools.Candidate]) -> list[kgtools.Candidate]:
    return [c for c in cands if c.kind == "type"]


def _by(cands: list[kgtools.Candidate], curie: str) -> kgtools.Candidate:
    return next(c for c in cands if c.curie == curie)


def test_all_example_findings_are_found(kg_findings: kgtools.KnowledgeGraph) -> None:
    assert findings_in(kg_findings) == [EX + n for n in sorted(EXPECTED_FIRST)]


@pytest.mark.parametrize("name", sorted(EXPECTED_FIRST))
def test_example_finding_ranks_expected_type_first(kg_findings: kgtools.KnowledgeGraph, name: str) -> None:
    ranked = _types(kg_findings.differential(EX + name))
    assert ranked[0].curie == EXPECTED_FIRST[name]
    assert not ranked[0].excluded and ranked[0].score > 0
    # a clear first, not a tie broken by CURIE: a higher score, the disease's own calcification, a
    # narrower form of the second tied with it on the same kind of evidence (rule 7), or a broader type of
    # the second, a form not where its sources place it (rule 7e)
    assert (ranked[0].score > ranked[1].score or (ranked[0].specific and not ranked[1].specific)
            or ranked[1].curie in kg_findings.ancestors(ranked[0].curie)
            or ranked[0].curie in kg_findings.ancestors(ranked[1].curie))


def test_finding_read_from_instance_data(kg_findings: kgtools.KnowledgeGraph) -> None:
    f = finding_from_data(kg_findings, EX + "F1")
    assert (f.site, f.status, f.tissue, f.disorders, f.ossified) == (
        "UBERON:0002072", "normal", "XSCO:0000017", ("XSCO:0000045",), False)
    assert finding_from_data(kg_findings, EX + "F4").ossified is True
    assert finding_from_data(kg_findings, EX + "F5").ossified is None


def test_reasons_cite_axioms_and_associations_with_source_and_qualifier(kg: kgtools.KnowledgeGraph) -> None:
    f = Finding(site="subcutaneous tissue", calcium="normal", phosphate="normal", tissue="degenerated",
                disorders=("dermatomyositis",))
    ranked = kg.differential(f)
    dys = _by(ranked, DYSTROPHIC)
    assert [r.kind for r in dys.reasons_for[:2]] == ["axiom", "axiom"]  # both conditions of its definition
    assert dys.score == pytest.approx(sum(r.weight for r in (*dys.reasons_for, *dys.reasons_against)))
    seed = next(r for r in dys.reasons_for if r.statement == "xscoa:A0021")  # the seed's dermatomyositis
    assert seed.kind == "association" and seed.qualifier is None and seed.weight == 1.0
    assert _types(ranked)[0].curie == "XSCO:0001554"  # the calcinosis of dermatomyositis at the subcutis
    assert max(_types(ranked), key=lambda c: c.score).curie == DYSTROPHIC
    calc = _by(ranked, CALCINOSIS)
    site = next(r for r in calc.reasons_for if r.statement == "xscoa:A0036")
    # the seed's "most often" names calcinosis's first site: a superlative counts in full for a site (rule 3)
    assert (site.weight, site.qualifier) == (1.0, "most often")
    assert site.source == "https://eexot-journal.com/index.php/aoet/article/view/31"
    met = _by(ranked, METASTATIC)
    assert met.excluded and any(r.excludes for r in met.reasons_against)


def test_hedge_counts_against_but_never_excludes(kg: kgtools.KnowledgeGraph) -> None:
    f = Finding(site="hypodermis", calcium="elevated", tissue="normal", disorders=("SLE",))
    calc = _by(kg.differential(f), CALCINOSIS)
    assert not calc.excluded
    against = [r for r in calc.reasons_against if r.statement == "xscoa:A0035"]
    assert len(against) == 1 and against[0].weight == -0.5 and against[0].qualifier == "usually not"
    # with normal levels the same fact speaks for calcinosis - once: its sources' unhedged statement
    # tying it to normal Ca-P counts, and the hedged negation of an abnormality is not counted again
    ok = _by(kg.differential(Finding(site="hypodermis", calcium="normal", phosphate="normal")), CALCINOSIS)
    assert [r.weight for r in ok.reasons_for if r.text.startswith("occurs with normal calcium-phosphate")] == [1.0]
    assert not any(r.statement == "xscoa:A0035" for r in ok.reasons_for)
    # a type with only the negation (idiopathic calcinosis cutis: no positive status statement) counts it
    icc = _by(kg.differential(Finding(site="hypodermis", calcium="normal", phosphate="normal")), "XSCO:0001004")
    assert [r.text.split(";")[0] for r in icc.reasons_for if r.text.startswith("the source says it is not")] == [
        "the source says it is not associated with calcium-phosphate abnormality"]


def test_low_levels_exclude_metastatic_and_dystrophic(kg: kgtools.KnowledgeGraph) -> None:
    ranked = kg.differential(Finding(calcium="low", tissue="necrotic"))
    assert _by(ranked, METASTATIC).excluded and _by(ranked, DYSTROPHIC).excluded
    assert not _by(ranked, CALCINOSIS).excluded


def test_levels_against_a_stated_raised_level_disorder_say_nothing(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 1b: normal or low levels with hypercalcaemia/hyperphosphataemia stated (one reading against the
    patient's course) neither exclude metastatic calcification nor count for dystrophic calcification."""
    for level in ("low", "normal"):
        alone = kg.differential(Finding(calcium=level))
        assert _by(alone, METASTATIC).excluded
        for disorder in ("hyperphosphataemia", "hypercalcaemia"):
            ranked = kg.differential(Finding(calcium=level, disorders=(disorder,)))
            assert not _by(ranked, METASTATIC).excluded, (level, disorder)
            assert not any(r.kind == "axiom" for r in _by(ranked, DYSTROPHIC).reasons_for), (level, disorder)
    # a disorder that names no level (chronic kidney disease) leaves the measured level in force
    assert _by(kg.differential(Finding(calcium="low", disorders=("chronic kidney disease",))), METASTATIC).excluded


def test_ossified_finding_excludes_calcifications_by_disjointness(kg: kgtools.KnowledgeGraph) -> None:
    ranked = _types(kg.differential(Finding(ossified=True)))
    assert ranked[0].curie == HO
    calcifications = set(kg.descendants("extra-skeletal calcification"))
    for c in ranked:  # every calcification is excluded, no ossification is
        assert c.excluded == (c.curie in calcifications), c.curie
    reason = _by(ranked, CALCINOSIS).reasons_against[0]
    assert reason.source == "https://doi.org/10.1007/978-1-4471-1343-0_1"  # Connor: calcification versus ossification


def test_site_rollup_in_the_differential(kg: kgtools.KnowledgeGraph) -> None:
    calc = _by(kg.differential(Finding(site="dermis")), CALCINOSIS)
    (site,) = [r for r in calc.reasons_for if r.statement == "xscoa:A0037"]  # skin of body
    assert "dermis is part of / a kind of it" in site.text
    assert site.weight == 1.0 * 0.5  # a "most often" site (a superlative: full) matched through the roll-up: half
    other = _by(kg.differential(Finding(site="brain")), CALCINOSIS)  # an organ in no body region (UBERON)
    assert [r.weight for r in other.reasons_against] == [-0.25]


def test_a_region_never_counts_against_a_type_stated_in_a_kind_of_tissue(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: a body region (the neck, a limb) and a kind of structure found throughout the body (the
    subcutaneous fat panniculitis ossificans is stated in) do not exclude each other: no -0.25. A region
    against the regions a type is stated at and an organ against a tissue still count: the kidney lies in the
    abdomen (UBERON) but is an organ, not a region that may hold any tissue, so it is no hypodermis; nor is
    the brain, which lies in no XSCO region."""
    po = _by(kg.differential(Finding(site="neck", ossified=True)), "XSCO:0001714")  # panniculitis ossificans
    assert not [r for r in po.reasons_against if r.role == "site"]
    assert not [r for r in po.reasons_for if r.role == "site"]
    for organ in ("brain", "kidney"):
        calc = _by(kg.differential(Finding(site=organ)), CALCINOSIS)
        assert [r.weight for r in calc.reasons_against if r.role == "site"] == [-0.25], organ
    # scrotal calcinosis: the scrotum (and its broader type idiopathic calcinosis cutis: the scalp and the scrotum)
    scrotal = _by(kg.differential(Finding(site="neck")), "XSCO:0001115")
    assert [r.weight for r in scrotal.reasons_against if r.role == "site"] == [-0.25]


def test_site_broader_than_the_statement_s_counts_half(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: the finding names the hypodermis, the source subcutaneous adipose tissue (a part and kind
    of it): compatible, at half weight, never the -0.25 of a site the source does not name."""
    po = _by(kg.differential(Finding(site="hypodermis", ossified=True)), "XSCO:0001714")  # panniculitis ossificans
    (site,) = [r for r in po.reasons_for if r.text.startswith("occurs at")]
    assert "a part or kind of hypodermis" in site.text and site.weight == 0.5
    assert not po.reasons_against
    exact = _by(kg.differential(Finding(site="subcutaneous adipose tissue", ossified=True)), "XSCO:0001714")
    assert [r.weight for r in exact.reasons_for if r.text.startswith("occurs at")] == [1.0]


def test_a_type_without_sites_takes_its_broader_type_s_at_half_weight(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: non-traumatic myositis ossificans states no site; myositis ossificans (a broader type a scheme
    files it under) occurs in skeletal muscle."""
    pmo = "XSCO:0001713"
    assert not [a for a in kg.associations() if a.subject.curie == pmo and a.predicate == "RO:0004026"]
    muscle = _by(kg.differential(Finding(site="skeletal muscle organ, vertebrate", ossified=True)), pmo)
    (site,) = [r for r in muscle.reasons_for if r.text.startswith("occurs at")]
    assert "as its broader type" in site.text and site.weight == 0.5 and site.quote
    elsewhere = _by(kg.differential(Finding(site="kidney", ossified=True)), pmo)
    assert not [r for r in (*elsewhere.reasons_for, *elsewhere.reasons_against) if "occurs at" in r.text
                or "not among the sites" in r.text]


def test_a_type_whose_own_sites_miss_takes_its_broader_type_s_at_half_weight(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: tumoral calcinosis names its own sites (periarticular soft tissue, the extensor surfaces of large
    joints), none of them the hypodermis; calcinosis, the type its scheme files it under, occurs "most often" in
    the hypodermis: that counts at half weight, and nothing counts against the narrower form. (Post-traumatic
    myositis ossificans at the adductor longus was the example until the adductors became skeletal muscle organs as
    UBERON has them, a site of its own; calcinosis circumscripta was the next one until Radiopaedia's 'skin and
    subcutaneous tissues' gave it the hypodermis.)"""
    calcinosis, tumoral = "XSCO:0000005", "XSCO:0000008"
    own = {a.object.curie for a in kg.associations()
           if a.subject.curie == tumoral and a.predicate == "RO:0004026"}
    assert own and "UBERON:0002072" not in own
    ranked = kg.differential(Finding(site="hypodermis"))
    (site,) = [r for r in _by(ranked, tumoral).reasons_for if r.role == "site"]
    assert site.match == "inherited" and "as its broader type calcinosis" in site.text
    assert site.weight == 0.5 * max(r.weight for r in _by(ranked, calcinosis).reasons_for if r.role == "site")
    assert not [r for r in _by(ranked, tumoral).reasons_against if r.role == "site"]


def test_an_external_cause_is_not_a_disease_s_own_calcification(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 4: trauma is an external cause (XSCO:0000052); a type whose one condition is trauma
    (the Pellegrini-Stieda lesion) is associated with it but not "the calcification of trauma"."""
    ranked = kg.differential(Finding(disorders=("trauma",)))
    ct = _by(ranked, "XSCO:0001717")
    assert [r.weight for r in ct.reasons_for if r.text.startswith("associated with trauma")] == [1.0]
    assert not [r for r in ct.reasons_for if r.kind == "specificity"] and not ct.specific
    crest = _by(kg.differential(Finding(disorders=("CREST syndrome",))), "XSCO:0001553")
    assert [r for r in crest.reasons_for if r.kind == "specificity"] and crest.specific


def test_disorders_ranked_from_fitting_types(kg: kgtools.KnowledgeGraph) -> None:
    ranked = kg.differential(Finding(calcium="elevated", tissue="normal"))
    disorders = [c for c in ranked if c.kind == "disorder"]
    assert ranked[0].curie == "XSCO:0000003"  # metastatic calcification: the best type
    # the seed's four conditions of metastatic calcification each take its weight, halved as sources associate
    # it with more than N_SPECIFIC disorders (rule 8; other types that fit add to a condition they share with it)
    for d in ("XSCO:0000031", "XSCO:0000032", "XSCO:0000033", "XSCO:0000034"):
        c = _by(disorders, d)
        via = [r.weight for r in c.reasons_for if r.text.startswith("associated with metastatic calcification,")]
        assert via == [0.5]
        assert c.score >= 0.5
    venous = _by(disorders, "XSCO:0000035")  # only with dystrophic calcification, which is excluded
    assert venous.score == 0 and venous.reasons_against


def test_deterministic(kg: kgtools.KnowledgeGraph) -> None:
    f = Finding(site="skin", disorders=("scleroderma",))
    assert kg.differential(f) == kg.differential(f)


def test_weights() -> None:
    assert statement_weight(None) == 1.0 and statement_weight("especially") == 1.0
    assert statement_weight("most often") == 0.5 and statement_weight("usually not") == 0.5


def test_bad_findings(kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(kgtools.UnknownTermError):
        kg.differential(Finding(site="nowhere at all"))
    with pytest.raises(kgtools.FindingError, match="not an associated condition"):
        kg.differential(Finding(disorders=("radiography",)))  # an imaging modality: nothing a finding states
    with pytest.raises(kgtools.FindingError, match="unknown calcium/phosphate level"):
        kg.differential(Finding(calcium="high"))
    with pytest.raises(kgtools.FindingError, match="no finding"):
        kg.differential(EX + "nothing")


def test_cli_options_and_formats() -> None:
    args = ["differential", "--site", "subcutaneous tissue", "--calcium", "normal", "--phosphate", "normal",
            "--tissue", "degenerated", "--disorder", "dermatomyositis"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert " 1. calcinosis of dermatomyositis (XSCO:0001554)  score " in result.output
    # after the own calcinosis of dermatomyositis and calcinosis circumscripta (Radiopaedia: associated with
    # scleroderma or dermatomyositis, the calcification of two diseases, rule 7); the intermuscular fascial form,
    # the calcification of three diseases, is not put ahead of it (a specificity gain under an unhedged
    # statement's weight)
    assert " 2. calcinosis circumscripta (XSCO:0000007)  score " in result.output
    assert " 3. dystrophic calcification (XSCO:0000004)  score 4.50" in result.output
    result = CliRunner().invoke(main, [*args, "-f", "json", "-n", "3"])
    (item,) = json.loads(result.output)
    assert [c["kind"] for c in item["types"]] == ["type"] * 3 and [c["rank"] for c in item["types"]] == [1, 2, 3]
    assert [c["kind"] for c in item["disorders"]] == ["disorder"] * 3
    dys = item["types"][2]
    assert dys["curie"] == DYSTROPHIC and dys["score"] == 4.5 and dys["excluded"] is False
    # the definition's two conditions share W_AXIOM (3.0)
    assert dys["reasons_for"][0]["weight"] == 1.5 and dys["reasons_for"][0]["kind"] == "axiom"
    result = CliRunner().invoke(main, [*args, "-f", "csv", "-n", "1"])
    assert result.exit_code == 0 and result.output.splitlines()[0].startswith("finding,rank,kind,curie")


def test_cli_finding_file() -> None:
    result = CliRunner().invoke(main, ["differential", "--finding", str(FINDINGS), "-f", "csv", "-n", "1"])
    assert result.exit_code == 0, result.output
    firsts = [line.split(",")[:4] for line in result.output.splitlines()[1:] if ",type," in line]
    assert [(f[0].rsplit("/", 1)[1], f[3]) for f in firsts] == sorted(EXPECTED_FIRST.items())


@pytest.mark.parametrize(
    "args, message",
    [
        (["--site", "nowhere at all"], "unknown term: 'nowhere at all'"),
        (["--disorder", "radiography"], "is not an associated condition"),
        (["--text", "  "], "empty text"),
        (["--text", "the weather was fine"], "nothing recognised"),
        (["--text", "serum calcium 11.8 mg/dL; calcium was normal"], "contradictory laboratory values"),
        (["--finding", "missing.ttl"], "file not found: missing.ttl"),
        (["--finding", str(Path(__file__).resolve().parent / "data" / "graph-mini.ttl")], "no imaging finding"),
    ],
)
def test_cli_bad_input_one_line_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["differential", *args])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_engines_agree(kg_any: kgtools.KnowledgeGraph, kg: kgtools.KnowledgeGraph) -> None:
    f = Finding(site="dermis", calcium="normal", phosphate="normal", tissue="normal", disorders=("CREST syndrome",))
    assert kg_any.differential(f) == kg.differential(f)


def test_site_outside_the_ontology_and_individuals_typed_twice() -> None:
    data = """
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix obo: <http://purl.obolibrary.org/obo/> .
    @prefix XSCO: <https://w3id.org/xsco/XSCO_> .
    <https://example.org/f> a owl:NamedIndividual, XSCO:0000009 ;
        obo:RO_0001025 [ a owl:NamedIndividual, obo:UBERON_0001264 ] ;
        XSCO:0000103 [ a owl:NamedIndividual, XSCO:0000047 ] .
    """
    kg = kgtools.load()
    kg.add_data(data)
    f = finding_from_data(kg, "https://example.org/f")
    assert (f.site, f.disorders, f.ossified) == ("UBERON:0001264", ("XSCO:0000047",), True)
    first = _types(kg.differential(f))[0]  # an ossification a source ties to trauma directly
    assert HO in [*kg.ancestors(first.curie), first.curie] and not first.excluded
    assert any(r.text == "associated with trauma" for r in first.reasons_for), str(first)
    calc = _by(kg.differential(f), CALCINOSIS)
    assert not [r for r in calc.reasons_against if r.weight < 0]  # no site penalty for an undescribed site
    assert any("not described in the loaded ontology" in n for n in calc.notes)


def test_cli_ossified_flag() -> None:
    result = CliRunner().invoke(main, ["differential", "--ossified", "-f", "json", "-n", "1"])
    assert result.exit_code == 0, result.output
    # rule 2: the kind is a filter; nothing else stated, so the broadest type of that kind leads (rule 7)
    assert [r["curie"] for r in json.loads(result.output)[0]["types"]] == [HO]
    result = CliRunner().invoke(main, ["differential", "--ossified", "--disorder", "trauma", "-f", "json", "-n", "3"])
    assert result.exit_code == 0, result.output
    # the post-traumatic forms, each tied to trauma directly, before the umbrella (rules 2 and 7); no site
    # stated, post-traumatic heterotopic ossification before its form that sources place in muscle (rule 7e)
    assert [r["curie"] for r in json.loads(result.output)[0]["types"]][:2] == ["XSCO:0001708", "XSCO:0001712"]
    assert HO not in [r["curie"] for r in json.loads(result.output)[0]["types"]][:2]
    result = CliRunner().invoke(main, ["differential", "--calcified", "-f", "json"])
    types = json.loads(result.output)[0]["types"]
    # rule 2b: radiology calls early heterotopic ossification calcified; a source ties a calcification
    # (early heterotopic ossification lesion) to it, so a calcified finding counts against, never excludes
    ossifications = set(kgtools.load().descendants("heterotopic ossification")) | {HO}
    assert not [r["curie"] for r in types if r["excluded"]]
    for r in types:
        if r["curie"] in ossifications:
            (why,) = [x for x in r["reasons_against"] if x["text"].startswith("the finding is described as calcified")]
            assert why["weight"] == -1.0 and why["statement"] and why["source"] and why["quote"], r["curie"]
    why_ho = next(r for r in types if r["curie"] == HO)["reasons_against"][0]["text"]
    assert "(a calcification) to heterotopic ossification" in why_ho  # e.g. early heterotopic ossification lesion


# The shipped example findings (ontology/examples/findings.ttl): the type each should rank first.
# F09 (elevated Ca-P, tissue state not recorded) and F10 (calcified or ossified not recorded) are
# undecidable for a reasoner, but the ranking still orders them by what is known.
# F07 (hip after trauma) ties at the top; test_umbrella_kind_gains_nothing_... checks it.
EXAMPLE_FIRST = {
    "F01": "XSCO:0000003", "F02": "XSCO:0000003", "F03": "XSCO:0000004", "F04": "XSCO:0000004",
    "F05": "XSCO:0001554", "F08": HO, "F09": "XSCO:0000003",
    "F10": "XSCO:0000004",
}


@pytest.fixture(scope="module")
def examples_kg() -> kgtools.KnowledgeGraph:
    from kgtools.resources import examples_dir

    return kgtools.load(data=[examples_dir() / "findings.ttl"])


def test_shipped_example_f06_ranks_calcinosis_forms_and_the_crest_evidence(examples_kg: kgtools.KnowledgeGraph) -> None:
    """F06 (skin calcification in CREST syndrome, Ca-P and tissue state unknown): no defined class can
    decide, so the calcinosis forms stated for the skin lead, and every type a source ties to CREST
    itself (the seed's dystrophic calcification, the calcinosis of limited cutaneous systemic
    sclerosis, calcinosis cutis) ranks near the top with that statement among its reasons."""
    ranked = _types(examples_kg.differential("https://w3id.org/xsco/example/finding/F06"))
    top = [c.curie for c in ranked[:6]]
    # issue 17 rule 4: the calcinosis of the patient's own disease first
    assert ranked[0].curie == "XSCO:0001553", [str(c) for c in ranked[:3]]
    assert {"XSCO:0000006", CALCINOSIS, "XSCO:0001001"} <= set(top)
    for curie in ("XSCO:0001553", "XSCO:0001001"):
        assert curie in top, [str(c) for c in ranked[:6]]
        assert any("CREST syndrome" in r.text for r in _by(ranked, curie).reasons_for)
    # the seed's dystrophic calcification follows its own skin form (rule 3: dystrophic calcinosis cutis
    # takes the skin site of calcinosis cutis at half weight), both in the top dozen (the skin statements of
    # the dermatomyositis and calciphylaxis calcinoses count as much as CREST's seed statement)
    curies = [c.curie for c in ranked]
    assert curies.index("XSCO:0001002") < curies.index(DYSTROPHIC) < 12, [str(c) for c in ranked[:12]]
    assert any("CREST syndrome" in r.text for r in _by(ranked, DYSTROPHIC).reasons_for)
    assert "XSCO:0000003" not in top  # nothing speaks for metastatic calcification


def test_umbrella_kind_gains_nothing_and_a_direct_statement_beats_an_open_list(
        examples_kg: kgtools.KnowledgeGraph) -> None:
    """Rule 2: an ossified finding gives heterotopic ossification no points for being the kind. Rule 7:
    F08 (quadriceps, after a contusion) ties heterotopic ossification (trauma named directly) with the
    HO of FOP (trauma one example of an open list of triggers); the direct statement wins the tie.
    F07 (hip, after trauma): post-traumatic heterotopic ossification, which a source places at the hip and
    another ties to trauma, has the top score, above neurogenic heterotopic ossification, which a source places
    most frequently at the hip but ties to trauma only through spinal cord injury (a form of it); the forms a
    source places in skeletal muscle score a quarter for the hip's muscles (UBERON's hip muscles, rule 3: a kind
    that a part of the finding's site is), never above it."""
    ranked = _types(examples_kg.differential("https://w3id.org/xsco/example/finding/F08"))
    ho, fop = _by(ranked, HO), _by(ranked, "XSCO:0001705")
    assert ho.score == fop.score and ranked.index(ho) < ranked.index(fop)
    assert not [r for r in ho.reasons_for if r.kind == "finding"]
    assert any("ossification" in n and "not counted" in n for n in ho.notes)
    assert any("open list" in r.text for r in fop.reasons_for)
    f07 = _types(examples_kg.differential("https://w3id.org/xsco/example/finding/F07"))
    neurogenic = _by(f07, "XSCO:0001707")
    assert any(r.text.startswith("occurs at hip") for r in neurogenic.reasons_for)
    assert f07[0].curie == "XSCO:0001708", [str(c) for c in f07[:3]]  # post-traumatic HO
    assert any(r.text.startswith("occurs at hip") for r in f07[0].reasons_for)
    assert neurogenic.score < f07[0].score


@pytest.mark.parametrize("name", sorted(EXAMPLE_FIRST))
def test_shipped_example_findings_rank_their_type_first(examples_kg: kgtools.KnowledgeGraph, name: str) -> None:
    ranked = _types(examples_kg.differential(f"https://w3id.org/xsco/example/finding/{name}"))
    assert ranked[0].curie == EXAMPLE_FIRST[name], [str(c) for c in ranked[:3]]


# --- imaging signs (issue 10): a finding can show a sign, and a type's sign statements count ---


def test_imaging_sign_ranks_the_type_that_shows_it(kg: kgtools.KnowledgeGraph) -> None:
    ranked = _types(kg.differential(Finding(signs=("sedimentation sign",), ossified=False)))
    first = ranked[0]
    # tumoral calcinosis, then its secondary form, which states the sign itself ('may', Radiopaedia), at the
    # same hedged weight; both above the forms that only inherit it
    assert first.curie == "XSCO:0000008" and ranked[1].curie == "XSCO:0001119"
    assert first.score == ranked[1].score
    # a form that only inherits the sign from tumoral calcinosis scores less (calcific myonecrosis, whose own
    # source says fluid calcium levels 'may be seen', ties at the same hedged weight)
    inherited = [c for c in ranked if any(r.role == "sign" and "broader type" in r.text for r in c.reasons_for)]
    assert inherited and all(c.score < first.score for c in inherited)
    (reason,) = [r for r in first.reasons_for if r.text.startswith("shows sedimentation sign")]
    assert reason.source == "https://www.eurorad.org/case/12159" and reason.qualifier == "some"
    assert reason.weight == 0.5  # "some": hedged
    zonal = _types(kg.differential(Finding(signs=("zonal pattern",))))
    assert zonal[0].curie == "XSCO:0000010"  # myositis ossificans


def test_imaging_sign_read_from_instance_data_and_checked() -> None:
    data = """
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix XSCO: <https://w3id.org/xsco/XSCO_> .
    <https://example.org/cyst> a owl:NamedIndividual, XSCO:0000002 ;
        XSCO:0000222 [ a owl:NamedIndividual, XSCO:0001578 ] .
    """
    kg = kgtools.load()
    kg.add_data(data)
    f = finding_from_data(kg, "https://example.org/cyst")
    assert f.signs == ("XSCO:0001578",)
    ranked = _types(kg.differential(f))
    assert any(r.text.startswith("shows rice-grain calcification") for r in ranked[0].reasons_for)
    with pytest.raises(kgtools.FindingError, match="not an imaging sign"):
        kg.differential(Finding(signs=("radiography",)))
    # a known term of another kind is used for what it is: a condition given as a sign is a disorder
    as_sign = kg.differential(Finding(signs=("dermatomyositis",)))
    assert as_sign == kg.differential(Finding(disorders=("dermatomyositis",)))


def test_cli_sign_option() -> None:
    result = CliRunner().invoke(main, ["differential", "--sign", "sedimentation sign", "-f", "json", "-n", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["types"][0]["curie"] == "XSCO:0000008"
    bad = CliRunner().invoke(main, ["differential", "--sign", "radiography"])
    assert bad.exit_code == 2 and "not an imaging sign" in bad.stderr


# --- issue 17, second round: the narrowest entity the evidence supports ----------------------------


def _first_type(kg: kgtools.KnowledgeGraph, finding: Finding) -> kgtools.Candidate:
    return next(c for c in kg.differential(finding) if c.kind == "type" and not c.excluded)


def test_named_type_hands_its_place_to_the_subtype_the_disorder_supports(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 5b (i): "heterotopic ossification" named after a knee replacement is post-surgical HO (an unhedged
    statement: 14 % of patients after total knee arthroplasty; the hip arthroplasty one says "sometimes")."""
    finding = Finding(named=("heterotopic ossification",), disorders=("knee arthroplasty",), ossified=True)
    ranked = [c for c in kg.differential(finding) if c.kind == "type"]
    assert ranked[0].curie == "XSCO:0001716" and ranked[0].specific
    broad = next(c for c in ranked if c.curie == HO)
    assert not broad.specific and broad.score > ranked[0].score  # it keeps its points, not its place


def test_named_type_hands_its_place_to_the_type_a_source_ties_it_to(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 5b (ii): chondrocalcinosis named -> calcium pyrophosphate dihydrate deposition disease."""
    first = _first_type(kg, Finding(sites=("wrist",), named=("chondrocalcinosis",)))
    assert first.curie == "XSCO:0001315" and first.specific
    assert any("the finding names chondrocalcinosis" in r.text and r.source for r in first.reasons_for)


def test_sign_of_a_broader_type_counts_half_and_the_type_s_own_sign_makes_it_specific(
        kg: kgtools.KnowledgeGraph) -> None:
    finding = Finding(signs=("sedimentation sign",), sites=("hip",), disorders=("hyperphosphataemia",))
    ranked = [c for c in kg.differential(finding) if c.kind == "type"]
    tumoral = next(c for c in ranked if c.curie == "XSCO:0000008")
    assert tumoral.specific  # tumoral calcinosis's own statement names the sign
    familial = next(c for c in ranked if c.curie == "XSCO:0001116")  # a kind of tumoral calcinosis
    # its "most often" hip (a superlative site, rule 3), its hyperphosphataemia and the inherited sign outscore
    # tumoral calcinosis, which states the hip as often: rule 7b makes it specific and puts it first
    assert ranked[0] is familial and familial.specific and familial.score > tumoral.score
    sign = next(r for r in familial.reasons_for if r.role == "sign")
    own = next(r for r in tumoral.reasons_for if r.role == "sign")
    assert "broader type tumoral calcinosis" in sign.text and sign.weight == own.weight / 2


def test_a_hedged_own_calcification_does_not_jump_the_queue(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7: rule 4 marks a type specific only from an unhedged statement tying it to the patient's disorders
    (a "usually" once put secondary tumoral calcinosis ahead of calciphylaxis with dialysis and CKD), and only
    when its specificity gain is at least an unhedged statement's weight: secondary tumoral calcinosis, the
    calcification of three diseases (chronic kidney disease and two hyperparathyroidisms), gains 2/3 per disease
    and is not put in the tier ahead of calciphylaxis by rule 4 (its score still counts, and rule 7d puts it there
    when that score outweighs the best type rule 4 does put there); the calcinosis of systemic sclerosis, of one
    disease, is."""
    from kgtools.differential import F_OUTWEIGHS, W_NAMED

    disorders = ("chronic kidney disease", "dialysis", "secondary hyperparathyroidism")
    ranked = [c for c in kg.differential(Finding(disorders=disorders)) if c.kind == "type" and not c.excluded]
    secondary = next(c for c in ranked if c.curie == "XSCO:0001119")
    own = [a for a in kg.associations(subject="XSCO:0001119") if a.object.label in disorders and not a.negated]
    assert own and any(not a.qualifier for a in own)
    gains = [r.weight for r in secondary.reasons_for if r.kind == "specificity"]
    assert gains and max(gains) < 1.0
    by_rule_4 = [c.score for c in ranked if any(r.kind == "specificity" and r.weight >= 1.0 for r in c.reasons_for)]
    assert by_rule_4 and secondary.specific == (secondary.score >= max(by_rule_4) + W_NAMED * F_OUTWEIGHS)
    ssc = next(c for c in kg.differential(Finding(disorders=("systemic sclerosis",))) if c.curie == "XSCO:0001552")
    assert ssc.specific


def test_status_given_as_a_term_is_used_as_it_is(kg: kgtools.KnowledgeGraph) -> None:
    """One Finding type: the web form's status IRI works like the CLI's word."""
    by_word = kg.differential(Finding(status="elevated", tissue="normal"))
    by_iri = kg.differential(Finding(status="https://w3id.org/xsco/XSCO_0000012", tissue="normal"))
    by_curie = kg.differential(Finding(status="XSCO:0000012", tissue="normal"))
    assert [c.curie for c in by_word] == [c.curie for c in by_iri] == [c.curie for c in by_curie]
    with pytest.raises(kgtools.FindingError, match="not a calcium-phosphate status"):
        kg.differential(Finding(status="XSCO:0000016"))


def test_a_disorder_tied_to_the_finding_s_sign_is_scored_for_it(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: angioid streaks are evidence for pseudoxanthoma elasticum itself, not only through types."""
    ranked = [c for c in kg.differential(Finding(signs=("angioid streaks",), sites=("neck",))) if c.kind == "disorder"]
    pxe = next(c for c in ranked if c.curie == "XSCO:0001024")
    reason = next(r for r in pxe.reasons_for if "angioid streaks" in r.text)
    assert reason.weight > 0 and reason.source and reason.quote
    without = [c for c in kg.differential(Finding(sites=("neck",))) if c.kind == "disorder"]
    assert ranked[0] is pxe and pxe.score > _by(without, "XSCO:0001024").score


def test_a_statement_about_a_broader_disorder_holds_for_the_patient_s_narrower_one(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: a patient with end-stage kidney disease has chronic kidney disease, so a statement naming
    chronic kidney disease counts its full weight; one naming a narrower form counts half."""
    ranked = kg.differential(Finding(disorders=("end-stage kidney disease",)))
    (ckd,) = [r for r in _by(ranked, METASTATIC).reasons_for if r.text.startswith("associated with chronic kidney")]
    assert "(end-stage kidney disease is a kind of it)" in ckd.text
    assert ckd.weight == statement_weight(ckd.qualifier)
    narrower = kg.differential(Finding(disorders=("systemic sclerosis",)))
    (crest,) = [r for r in _by(narrower, "XSCO:0001553").reasons_for if r.text.startswith("associated with CREST")]
    assert "(a form of systemic sclerosis)" in crest.text and crest.weight == statement_weight(crest.qualifier) / 4


# --- issue 17, second round: rules 3 (absent vs negated), 6 (idiopathic) and the muscle roll-up ---


def test_a_negated_statement_agrees_with_a_condition_the_finding_states_is_absent(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: idiopathic calcinosis cutis occurs "without any underlying tissue damage" (a negated
    statement); a finding that states there was no trauma agrees with it: +half the statement's weight.
    The types associated with trauma count against, as before."""
    ranked = _types(kg.differential(Finding(site="skin of body", absent=("trauma",))))
    icc = _by(ranked, "XSCO:0001004")
    (agree,) = [r for r in icc.reasons_for if "not associated with trauma" in r.text]
    assert agree.weight == 0.5 and "states there is no trauma" in agree.text
    assert agree.source and agree.quote and "without any underlying tissue damage" in agree.quote
    without = _by(_types(kg.differential(Finding(site="skin of body"))), "XSCO:0001004")
    assert icc.score == without.score + 0.5
    dcc = _by(ranked, "XSCO:0001002")  # dystrophic calcinosis cutis: trauma is one of its causes
    assert any(r.weight < 0 and "trauma" in r.text for r in dcc.reasons_against)


def test_idiopathic_penalty_spares_a_type_whose_narrower_form_is_the_calcification_of_the_disorder(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 6: a scheme files tumoral calcinosis under idiopathic calcinosis cutis, but its narrower form
    secondary tumoral calcinosis is associated with chronic kidney disease, so kidney disease is no
    reason against tumoral calcinosis; an idiopathic form with no such narrower form is still penalised."""
    ranked = _types(kg.differential(Finding(disorders=("chronic kidney disease",), signs=("sedimentation sign",),
                                            ossified=False)))
    tc = _by(ranked, "XSCO:0000008")
    assert not [r for r in tc.reasons_against if "idiopathic" in r.text]
    # tumoral calcinosis and its secondary form lead (rule 7b: the secondary form, scoring higher, first)
    assert {c.curie for c in ranked[:2]} == {"XSCO:0000008", "XSCO:0001119"}
    icc = _by(ranked, "XSCO:0001004")
    assert any("idiopathic" in r.text and r.weight < 0 for r in icc.reasons_against)


def test_muscle_tissue_is_part_of_a_muscle(kg: kgtools.KnowledgeGraph) -> None:
    """UBERON: skeletal muscle tissue part_of some skeletal muscle organ. A finding in a muscle matches a
    statement about skeletal muscle tissue at half weight (a part of the site the finding names), never
    the -0.25 of a site the sources do not name."""
    cm = _by(_types(kg.differential(Finding(site="skeletal muscle organ, vertebrate", ossified=False))), "XSCO:0001551")
    (site,) = [r for r in cm.reasons_for if r.text.startswith("occurs at skeletal muscle tissue")]
    assert site.weight == 0.5 and "a part or kind of" in site.text
    assert not [r for r in cm.reasons_against if r.weight < 0]


def test_part_of_and_is_a_links_reach_the_specific_lesion(kg: kgtools.KnowledgeGraph) -> None:
    """The medial collateral ligament is part of the knee joint (its UBERON definition), so a knee finding
    matches the Pellegrini-Stieda lesion's site at half weight instead of counting against it; acetabular
    surgery is surgery: it counts for post-surgical heterotopic ossification by its statement about surgery
    (a broader procedure, its own weight: "may", half), there being none about acetabular surgery itself;
    a joint replacement, which a statement names, counts by that one (full weight) and not again by the
    broader or narrower ones."""
    ranked = _types(kg.differential(Finding(site="knee", disorders=("trauma",), ossified=True)))
    ps = _by(ranked, "XSCO:0001717")
    assert any(r.text.startswith("occurs at medial collateral ligament of knee") and r.weight == 0.5
               for r in ps.reasons_for)
    assert any(r.text == "associated with trauma" and r.source for r in ps.reasons_for)
    assert ranked[0].curie == "XSCO:0001717", [str(c) for c in ranked[:3]]
    pso = _by(_types(kg.differential(Finding(disorders=("acetabular surgery",), ossified=True))), "XSCO:0001716")
    acetabular = [r for r in pso.reasons_for if "acetabular surgery" in r.text]
    expected = [("associated with surgery (acetabular surgery is a kind of it)", 0.5)]
    assert [(r.text, r.weight) for r in acetabular] == expected
    pso = _by(_types(kg.differential(Finding(disorders=("joint replacement",), ossified=True))), "XSCO:0001716")
    joint = [r for r in pso.reasons_for if "joint replacement" in r.text]
    assert [(r.text, r.weight) for r in joint] == [("associated with joint replacement", 1.0)]


def test_a_type_takes_the_sites_of_the_class_a_scheme_files_it_under(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: a type with no site statement that is not a subclass of tumoral calcinosis, but that a
    scheme files there (X, a stand-in: every such type of the bundled XSCO now has sites of its own),
    takes tumoral calcinosis's site statements (its hip among them); a type with its own site statements
    (primary normophosphataemic tumoral calcinosis, filed there too) keeps its own."""
    from types import SimpleNamespace

    from kgtools.differential import _inherited_sites, finding_context

    real = finding_context(kg)
    filed = SimpleNamespace(predicate="XSCO:0000210", negated=False, object=SimpleNamespace(curie=CALCINOSIS_TC))

    class Filed:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def about(self, t: str) -> list[Any]:
            return [filed] if t == "X" else real.about(t)

        def up(self, t: str) -> set[str]:
            return {"X"} if t == "X" else real.up(t)

    ctx: Any = Filed()
    inherited = _inherited_sites(ctx, "X")
    assert {a.subject.curie for a in inherited} == {CALCINOSIS_TC}
    assert "UBERON:0001464" in {a.object.curie for a in inherited}  # hip
    # primary normophosphataemic tumoral calcinosis, filed there too, has sites of its own (arms and legs):
    # at one of those its own statement counts; at the hip, which none of its own names, the scheme's
    # class's hip statement counts at half weight and nothing counts against it
    npt_legs = _by(_types(kg.differential(Finding(site="hindlimb", ossified=False))), "XSCO:0001118")
    assert [r.match for r in npt_legs.reasons_for if r.role == "site"] == ["direct"]
    npt = _by(_types(kg.differential(Finding(site="hip", ossified=False))), "XSCO:0001118")
    assert [r.match for r in npt.reasons_for if r.role == "site"] == ["inherited"]
    assert not [r for r in npt.reasons_against if r.role == "site"]


def test_a_subclass_shares_the_definition_of_its_defined_class(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 1: dystrophic calcinosis cutis is a dystrophic calcification, so what the definition requires
    holds of it: the finding's normal Ca-P counts for it at half the share, and normal Ca-P (disjoint
    from elevated) excludes metastatic calcinosis cutis as it excludes metastatic calcification."""
    ranked = kg.differential(Finding(calcium="normal", phosphate="normal"))
    dys = [r for r in _by(ranked, DYSTROPHIC).reasons_for if r.kind == "axiom"]
    assert [r.weight for r in dys] == [1.5]  # W_AXIOM shared by the definition's two conditions
    dcc = _by(ranked, "XSCO:0001002")
    (inherited,) = [r for r in dcc.reasons_for if r.kind == "axiom"]
    assert inherited.weight == 0.75 and "is a kind of dystrophic calcification" in inherited.text
    assert _by(ranked, METASTATIC).excluded and _by(ranked, "XSCO:0001003").excluded


def test_a_statement_about_the_ca_p_status_counts(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: a source's statement tying a type to the finding's Ca-P status (non-uraemic calciphylaxis
    with normal calcium-phosphate metabolism) counts at its weight."""
    nuc = _by(kg.differential(Finding(calcium="normal")), "XSCO:0001132")
    assert [r.weight for r in nuc.reasons_for if r.text.startswith("occurs with normal calcium-phosphate")] == [1.0]
    elevated = _by(kg.differential(Finding(calcium="elevated")), "XSCO:0001132")
    assert not [r for r in elevated.reasons_for if r.text.startswith("occurs with")]


def test_the_ca_p_status_counts_once_per_type(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: a type whose definition (or a broader type's) counts the finding's raised calcium does not
    count it again by a status statement (metastatic calcification, "elevated" in its definition and "occurs
    with a calcium-phosphate abnormality" in a source); a type with no definition counts its statement."""
    ranked = kg.differential(Finding(calcium="elevated"))
    for curie in (METASTATIC, "XSCO:0001003"):  # and metastatic calcinosis cutis, which inherits the definition
        about_status = [r for r in _by(ranked, curie).reasons_for if r.about == "XSCO:0000012"]
        assert [r.role for r in about_status] == ["definition"]
        assert any("counts once, by the definition" in n for n in _by(ranked, curie).notes)
    calciphylaxis = _by(ranked, "XSCO:0001006")
    assert [r.role for r in calciphylaxis.reasons_for if r.about == "XSCO:0000012"] == ["status"]


def test_a_form_with_only_inherited_evidence_stays_after_its_broader_type(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7: at the same score, the narrower form first only when something speaks for it itself; one whose only
    evidence is what its broader types' statements say (a site inherited at half weight) stays after them."""
    # an interphalangeal joint: a site only the broader hydroxyapatite deposition disease names ("have been described"),
    # which calcific tendinopathy and its acute form both inherit (the ankle, used before, is now a site of calcific
    # tendinopathy itself: Delbello et al. 2024)
    ranked = _types(kg.differential(Finding(site="interphalangeal joint", calcium="normal")))
    acute = _by(ranked, "XSCO:0001312")  # acute calcific supraspinatus tendinitis, a form of calcific tendinopathy
    assert acute.reasons_for and all(r.match == "inherited" for r in acute.reasons_for)
    tendinopathy = _by(ranked, "XSCO:0001311")
    assert tendinopathy.score == acute.score and ranked.index(tendinopathy) < ranked.index(acute)


def test_one_statement_counts_once(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: dialysis and peritoneal dialysis both stated: "associated with dialysis" is one reason."""
    one = _by(kg.differential(Finding(disorders=("dialysis",))), "XSCO:0001006")
    both = _by(kg.differential(Finding(disorders=("dialysis", "peritoneal dialysis"))), "XSCO:0001006")
    assert [r.statement for r in both.reasons_for if r.kind == "association"] == \
        [r.statement for r in one.reasons_for if r.kind == "association"]
    assert both.score == one.score


def test_the_patient_s_own_disorders_lead_the_disorders(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: known disorders (named, or a broader or narrower form) that a fitting type supports come
    first; dermatomyositis, which generic types share, follows however many of them it collects (they
    are listed, and only the best-fitting one counts: one finding counts once)."""
    ranked = kg.differential(Finding(site="hypodermis", calcium="normal", phosphate="normal",
                                     disorders=("CREST syndrome",)))
    disorders = [c for c in ranked if c.kind == "disorder"]
    assert disorders[0].curie == "XSCO:0000046"  # CREST syndrome
    dm = _by(disorders, "XSCO:0000045")
    scleroderma = _by(disorders, "XSCO:0000044")  # broader than CREST syndrome: known
    assert scleroderma.known and not dm.known
    fitting = [r for r in dm.reasons_for if r.role == "type"]
    assert len(fitting) > 1 and sum(r.weight > 0 for r in fitting) == 1
    assert disorders.index(scleroderma) < disorders.index(dm)


def test_an_external_cause_or_a_barely_fitting_disease_does_not_lead_the_disorders(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: a procedure the patient had (surgery, an external cause) keeps its known score but is the
    finding's context, not the disease sought, and a known liver disease that only a barely fitting
    type (calciphylaxis, "suspected") supports does not explain chondrocalcinosis of the knees and
    wrists: the diseases a source associates with chondrocalcinosis lead in both."""
    for known in ("surgery", "liver disease"):
        f = Finding(sites=("knee", "wrist"), disorders=(known,), signs=("chondrocalcinosis",))
        disorders = [c for c in kg.differential(f) if c.kind == "disorder"]
        stated = next(c for c in disorders if c.known and c.term.label == known)
        assert stated.score > disorders[0].score and not disorders[0].known
        assert any(r.about == "XSCO:0001316" and r.weight > 0 for r in disorders[0].reasons_for)  # chondrocalcinosis
        assert "XSCO:0001343" in [c.curie for c in disorders[:4]]  # haemochromatosis


def test_coma_is_a_condition_of_neurogenic_heterotopic_ossification(kg: kgtools.KnowledgeGraph) -> None:
    """A phenotype placed under associated condition is a disorder of the finding: after a traffic
    accident with coma, neurogenic heterotopic ossification (its sourced risk factor, van Kampen 2011)
    leads the post-traumatic forms that trauma alone supports."""
    ranked = _types(kg.differential(Finding(disorders=("traffic accident", "coma"), ossified=True)))
    nho = _by(ranked, "XSCO:0001707")
    (coma,) = [r for r in nho.reasons_for if r.text.startswith("associated with Coma")]
    assert coma.weight == 1.0 and coma.source == "https://doi.org/10.1097/HTR.0b013e3181f78a59" and coma.quote
    assert ranked[0].curie == "XSCO:0001707"


def test_a_narrower_type_that_outscores_a_specific_one_is_specific(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7b: myositis ossificans is specific by its own sign (peripheral rim calcification); after a
    fall its post-traumatic form carries that sign (inherited) and the fall, so it leads; without the
    fall the broader type, with its own statement, still does."""
    sign = "peripheral rim calcification"
    fell = _types(kg.differential(Finding(disorders=("injury from a fall",), signs=(sign,), ossified=True)))
    assert [c.curie for c in fell[:2]] == ["XSCO:0001712", "XSCO:0000010"] and fell[0].specific
    alone = _types(kg.differential(Finding(signs=(sign,), ossified=True)))
    assert alone[0].curie == "XSCO:0000010" and not _by(alone, "XSCO:0001712").specific


def test_calcific_tendinopathy_of_the_longus_colli(kg: kgtools.KnowledgeGraph) -> None:
    """A calcification in the neck (the longus colli is part of it): calcific tendinopathy, which a source
    places in the longus colli tendon, ties for first with the other types sources place in a part of the
    neck (the skin of the neck, the cervical spine) or the neck itself (the heterotopic ossification of
    fibrodysplasia ossificans progressiva, its calcified form counting half there, rule 2b) and leads those
    with nothing to say about the neck."""
    ranked = _types(kg.differential(Finding(site="neck", ossified=False)))
    (ct,) = [c for c in ranked if c.curie == "XSCO:0001311"]
    assert ct.score == ranked[0].score and ranked.index(ct) < 4
    assert all(c.score < ct.score for c in ranked[4:])
    (site,) = [r for r in ct.reasons_for if r.text.startswith("occurs at longus colli muscle")]
    assert site.weight == 0.5 and site.source == "https://doi.org/10.19080/JHNSS.2018.02.555600"


def test_calcinosis_of_dermatomyositis_is_the_calcification_of_dermatomyositis(kg: kgtools.KnowledgeGraph) -> None:
    """xscoa:A2169 (calcinosis 'occurs also in adults' with dermatomyositis): an unhedged statement, so
    rule 4 names calcinosis of dermatomyositis the disease's own calcification (its one condition)."""
    cod = _by(kg.differential(Finding(disorders=("dermatomyositis",))), "XSCO:0001554")
    spec = [r for r in cod.reasons_for if r.kind == "specificity"]
    assert [r.weight for r in spec] == [2.0] and spec[0].statement == "xscoa:A2169" and cod.specific


def test_an_external_cause_is_not_counted_among_a_type_s_diseases(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 4: secondary tumoral calcinosis is associated with chronic kidney disease, secondary and
    tertiary hyperparathyroidism and dialysis; dialysis is an external cause, so n is 3, not 4."""
    stc = _by(kg.differential(Finding(disorders=("chronic kidney disease",))), "XSCO:0001119")
    (spec,) = [r for r in stc.reasons_for if r.kind == "specificity"]
    ckd = [a for a in kg.associations(subject="XSCO:0001119") if a.object.label == "chronic kidney disease"]
    hedge = 1.0 if any(not a.qualifier for a in ckd) else 0.5  # only hedged statements ("usually"): half
    assert "associated with 3 diseases in all" in spec.text and spec.weight == round(2.0 * hedge / 3, 4)


def test_a_disease_s_features_are_not_counted_among_a_type_s_diseases(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 4: calcinosis of systemic sclerosis is associated with the disease and with features of it
    (acro-osteolysis, digital ischaemia, autoantibodies: XSCO:0001164); the features are no diseases, so it is
    still systemic sclerosis's own calcification - and a patient's acro-osteolysis alone makes no type "own"."""
    features = kg.descendants("XSCO:0001164")
    ssc_types = {a.object.curie for a in kg.associations(subject="XSCO:0001552") if not a.negated}
    assert ssc_types & set(features), "the fixture: calcinosis of SSc is tied to some disease feature"
    csc = _by(kg.differential(Finding(disorders=("systemic sclerosis",))), "XSCO:0001552")
    (spec,) = [r for r in csc.reasons_for if r.kind == "specificity"]
    assert "diseases in all" in spec.text and csc.specific
    for ranked in (kg.differential(Finding(disorders=("acro-osteolysis",))),):
        assert not [c for c in ranked if c.kind == "type" and any(r.kind == "specificity" for r in c.reasons_for)]


def test_a_laboratory_abnormality_makes_no_type_its_own_calcification(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 4: hyperphosphataemia and hypercalcaemia are laboratory results (XSCO:0001164), not diseases: in a
    dialysis patient with hyperphosphataemia and secondary hyperparathyroidism, hyperphosphataemic familial tumoral
    calcinosis (a hereditary disease whose one stated condition is hyperphosphataemia) is not the calcification of
    the patient's own disease, and the secondary tumoral calcinosis of the patient's kidney disease leads it."""
    features = set(kg.descendants("XSCO:0001164"))
    assert {"XSCO:0001013", "XSCO:0001014"} <= features
    ranked = _types(kg.differential(Finding(site="shoulder", disorders=(
        "chronic kidney disease", "dialysis", "secondary hyperparathyroidism", "hyperphosphataemia"))))
    hftc, stc = _by(ranked, "XSCO:0001116"), _by(ranked, "XSCO:0001119")
    assert not any(r.kind == "specificity" for r in hftc.reasons_for) and not hftc.specific
    assert ranked.index(stc) < ranked.index(hftc)
    for lab in ("hyperphosphataemia", "hypercalcaemia"):
        assert not [c for c in kg.differential(Finding(disorders=(lab,)))
                    if c.kind == "type" and any(r.kind == "specificity" for r in c.reasons_for)]


def test_evidence_that_outweighs_a_name_leads(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7d: "vascular calcification" named (specific by rule 5, +2.0 and nothing else) in a dialysis patient
    with end-stage kidney disease, hypercalcaemia and calcification in the lung: metastatic calcification, whose
    evidence exceeds the naming by more than a naming's weight, leads; the named type stays in the top three."""
    finding = Finding(sites=("lung",), named=("vascular calcification",), ossified=False, calcium="elevated",
                      disorders=("end-stage renal disease", "peritoneal dialysis", "hypercalcaemia"))
    ranked = _types(kg.differential(finding))
    named, metastatic = _by(ranked, "XSCO:0001320"), _by(ranked, "XSCO:0000003")
    assert metastatic.score >= named.score + 2.0
    assert ranked[0] is metastatic and metastatic.specific and ranked.index(named) <= 2
    # a margin under a naming's weight leaves the named type first
    near = _types(kg.differential(Finding(site="lung", named=("vascular calcification",), ossified=False)))
    assert near[0].curie == "XSCO:0001320"


def test_evidence_that_outweighs_a_name_by_half_a_naming_leads(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7d: the named type's naming is in its score already, so a type whose score exceeds it by half a
    naming's weight (F_OUTWEIGHS) joins the specific types: "vascular calcification" named beside skin necrosis at
    the arteries and the skin of a diabetic patient on peritoneal dialysis is calciphylaxis (5.75 against 4.29);
    a named type that rule 5b moved back (chondrocalcinosis behind calcium pyrophosphate dihydrate deposition
    disease) never rejoins on its naming."""
    from kgtools.differential import F_OUTWEIGHS, W_NAMED

    finding = Finding(sites=("artery", "skin of body"), named=("vascular calcification",), ossified=False,
                      calcium="elevated", disorders=("chronic kidney disease", "peritoneal dialysis",
                                                     "diabetes mellitus", "cutaneous necrosis"))
    ranked = _types(kg.differential(finding))
    named, calciphylaxis = _by(ranked, "XSCO:0001320"), _by(ranked, "XSCO:0001006")
    assert named.specific and named.score + W_NAMED * F_OUTWEIGHS <= calciphylaxis.score < named.score + W_NAMED
    assert ranked[0] is calciphylaxis and calciphylaxis.specific and ranked[1] is named
    cppd = _types(kg.differential(Finding(sites=("knee joint", "meniscus"), named=("chondrocalcinosis",),
                                          ossified=False, disorders=("trauma",))))
    chondro = next(c for c in cppd if c.label == "chondrocalcinosis")
    assert cppd[0].label == "calcium pyrophosphate dihydrate deposition disease" and not chondro.specific
    assert chondro.score > cppd[0].score  # it outscores the entity it handed its place to, by its own naming


def test_sites_in_three_regions_of_the_body_are_a_widespread_distribution(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: bone in the forearm, the chest and the thigh lies in three of the body's regions: the finding shows
    a widespread distribution (XSCO:0001350), which a source states of the heterotopic ossification of FOP; read
    from the sites, it counts half and makes no type specific. Two regions are not widespread; a sign the finding
    states itself counts in full."""
    sites = ("forearm", "chest", "thigh")
    wide = _types(kg.differential(Finding(sites=sites, ossified=True)))
    fop = _by(wide, "XSCO:0001705")
    (reason,) = [r for r in fop.reasons_for if r.role == "sign" and r.about == "XSCO:0001350"]
    assert reason.weight == 0.5 * statement_weight(reason.qualifier) and "read from the finding's sites" in reason.text
    assert not fop.specific
    calcified = kg.differential(Finding(sites=sites, ossified=False))
    pxe = _by([c for c in calcified if c.kind == "disorder"], "XSCO:0001024")  # "a systemic disorder" (A5116)
    assert not any(r.about == "XSCO:0001350" for r in (*pxe.reasons_for, *pxe.reasons_against))
    girdles = _by(_types(kg.differential(Finding(sites=("shoulder", "hip", "neck"), ossified=True))), "XSCO:0001705")
    assert any(r.about == "XSCO:0001350" for r in girdles.reasons_for)  # the shoulder and the hip are limb regions
    one_limb = _by(_types(kg.differential(Finding(sites=("shoulder", "forearm", "neck"), ossified=True))),
                   "XSCO:0001705")
    assert not any(r.about == "XSCO:0001350" for r in one_limb.reasons_for)  # shoulder and forearm: one region
    two = _by(_types(kg.differential(Finding(sites=sites[:2], ossified=True))), "XSCO:0001705")
    assert not any(r.about == "XSCO:0001350" for r in two.reasons_for)
    stated = _by(_types(kg.differential(Finding(sites=sites, ossified=True,
                                                signs=("widespread distribution of calcification",)))), "XSCO:0001705")
    (full,) = [r for r in stated.reasons_for if r.about == "XSCO:0001350"]
    assert full.weight == statement_weight(full.qualifier)
    assert not stated.specific  # rule 7: a sign seven types share makes none of them specific


def test_a_sign_many_types_share_makes_none_of_them_specific(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7: a widespread distribution of calcification, which sources state of more than N_SPECIFIC types
    (calcinosis universalis, metastatic calcification, calciphylaxis, FOP, ...), counts for each of them as a sign
    statement does, but makes none of them specific: in a neck finding with neck pain they do not all lead the
    type the site and the pain point to. A sign that few types show (chain-mail calcification) still does."""
    from kgtools.differential import N_SPECIFIC, WIDESPREAD, finding_context

    ranked = _types(kg.differential(Finding(sites=("neck",), phenotypes=("neck pain",),
                                            signs=("widespread distribution of calcification",), ossified=False)))
    shown = [c for c in ranked if any(r.role == "sign" and r.about == WIDESPREAD and r.match == "direct"
                                      for r in c.reasons_for)]
    assert len(shown) > N_SPECIFIC and all(r.weight > 0 for c in shown for r in c.reasons_for if r.about == WIDESPREAD)
    assert not any(c.specific for c in shown)
    universalis = _by(ranked, "XSCO:0000006")  # its only evidence: the shared sign
    assert universalis in shown and ranked.index(universalis) > ranked.index(_by(ranked, "XSCO:0001379"))
    worm = _by(_types(kg.differential(Finding(site="elbow", signs=("chain-mail calcification",), ossified=False))),
               "XSCO:0001561")
    assert worm.specific
    ctx = finding_context(kg)
    assert ctx.types_showing(WIDESPREAD) > N_SPECIFIC and ctx.types_showing("XSCO:0002904") <= N_SPECIFIC


def test_a_scheme_s_narrower_form_that_outscores_a_specific_type_is_specific(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7b through a scheme: tumoral calcinosis is specific by its own sedimentation sign; in chronic
    kidney disease its secondary form (filed under it by a scheme) scores higher and leads."""
    ranked = _types(kg.differential(Finding(site="hip", disorders=("chronic kidney disease",),
                                            signs=("sedimentation sign",), ossified=False)))
    tumoral = _by(ranked, "XSCO:0000008")
    assert ranked[0].curie == "XSCO:0001119" and ranked.index(tumoral) <= 2
    assert ranked[0].specific and tumoral.specific and ranked[0].score > tumoral.score


def test_a_disorder_the_finding_s_sign_points_to_leads_the_disorders(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: a calcification in the skin with angioid streaks: pseudoxanthoma elasticum, which a source
    ties to angioid streaks itself, leads dermatomyositis, which shares the generic skin types with every
    connective tissue disease (those count once: rule 8), and PXE's own skin statement counts (rule 8b)."""
    disorders = [c for c in kg.differential(Finding(site="skin", signs=("angioid streaks",), ossified=False))
                 if c.kind == "disorder"]
    pxe, dm = _by(disorders, "XSCO:0001024"), _by(disorders, "XSCO:0000045")
    assert disorders[0] is pxe and pxe.score > dm.score
    assert [r.about for r in pxe.reasons_for if r.role == "site"] == ["UBERON:0002097"]
    assert any(r.text.startswith("a source ties it to angioid streaks") for r in pxe.reasons_for)


def test_signs_are_inherited_from_superclasses_only(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: post-traumatic myositis ossificans takes myositis ossificans's rim sign at half weight; a
    scheme's placement passes no sign (secondary tumoral calcinosis, filed under tumoral calcinosis,
    does not take its fluid-fluid level; the sedimentation sign it states itself, from Radiopaedia)."""
    ptmo = _by(kg.differential(Finding(signs=("peripheral rim calcification",), ossified=True)), "XSCO:0001712")
    (sign,) = [r for r in ptmo.reasons_for if r.text.startswith("shows peripheral rim calcification")]
    assert "as its broader type myositis ossificans does" in sign.text and sign.weight == 0.5
    stc = _by(kg.differential(Finding(signs=("fluid-fluid level",), ossified=False)), "XSCO:0001119")
    assert not [r for r in stc.reasons_for if r.text.startswith("shows")]


def test_a_phrase_that_is_no_term_is_read_as_free_text_is(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 0b: option values that are no label or synonym are read by the annotator, each term it
    recognises used for what it is; a phrase naming nothing known stays an unknown term."""
    from kgtools.differential import finding_terms

    terms = finding_terms(kg, Finding(sites=("left shoulder",), disorders=("on hemodialysis",)))
    assert terms["sites"] == (kg.term("shoulder").curie,)
    assert terms["disorders"] == (kg.term("dialysis").curie,)
    # a site option that names a condition adds the condition (used for what it is, rule 0)
    moved = finding_terms(kg, Finding(sites=("after a hip replacement",)))
    assert moved["disorders"] and not moved["sites"]
    # the same finding as options and as free text ranks the same first type
    text = kg.annotate("calcification of the left shoulder in a patient on hemodialysis").finding()
    assert [c.curie for c in kg.differential(text)][:3] == [
        c.curie for c in kg.differential(Finding(sites=("left shoulder",), disorders=("on hemodialysis",),
                                                 ossified=False))][:3]
    with pytest.raises(kgtools.UnknownTermError, match="nowhere at all"):
        finding_terms(kg, Finding(sites=("nowhere at all",)))
    assert finding_terms(kg, Finding(absent=("nowhere at all",)))["absent"] == ()  # an unknown absent term says nothing


def test_rules_read_the_reasons_role_not_their_text(kg: kgtools.KnowledgeGraph) -> None:
    """Rules 3-8 decide by Reason.role / match / open_list / about; the display text is free to change."""
    from dataclasses import replace

    from kgtools.differential import (ROLES, _after_narrower, _is_direct, _shows_sign, _type_key,
                                      _unplaced_after_broader, finding_context, reason_data)

    f = Finding(sites=("finger",), disorders=("CREST syndrome", "trauma"), signs=("angioid streaks",))
    ranked = kg.differential(f)
    reasons = [r for c in ranked for r in (*c.reasons_for, *c.reasons_against)]
    assert reasons and all(r.role in ROLES for r in reasons)
    assert {"site", "condition", "known", "type"} <= {r.role for r in reasons}
    assert all(set(reason_data(r)) >= {"role", "match", "open_list", "about"} for r in reasons)
    blank = [replace(c, reasons_for=tuple(replace(r, text="") for r in c.reasons_for),
                     reasons_against=tuple(replace(r, text="") for r in c.reasons_against)) for c in ranked]
    types = [c for c in blank if c.kind == "type"]
    ctx = finding_context(kg)
    assert [c.curie for c in _unplaced_after_broader(ctx, _after_narrower(ctx, sorted(types, key=_type_key(ctx))))
            ] == [c.curie for c in ranked if c.kind == "type"]
    assert [_shows_sign(c) for c in blank] == [_shows_sign(c) for c in ranked]
    direct = [_is_direct(r) for c in ranked for r in c.reasons_for]
    assert [_is_direct(r) for c in blank for r in c.reasons_for] == direct
    assert any(_is_direct(r) for c in ranked for r in c.reasons_for)


def test_rule_9_a_sourced_age_or_sex_predilection_counts_a_little(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 9: calcific tendinopathy's sourced peak age counts for a 45-year-old, is only noted for an
    80-year-old, and a female share of calcinosis cutis counts for a woman; each reason keeps its source."""
    from kgtools.differential import W_DEMOGRAPHIC, _stated_ages
    from kgtools.associations import Quantity
    from decimal import Decimal

    tendinopathy = kg.term("calcific tendinopathy").curie

    def demographic(f: Finding, curie: str) -> list[kgtools.Reason]:
        return [r for r in _by(kg.differential(f), curie).reasons_for if r.role == "demographic"]

    young = demographic(Finding(sites=("shoulder",), age=(45.0, 45.0)), tendinopathy)
    assert len(young) == 1 and 0 < young[0].weight <= W_DEMOGRAPHIC and young[0].source and young[0].quote
    assert young[0].about == "age"
    assert demographic(Finding(sites=("shoulder",), age=(80.0, 80.0)), tendinopathy) == []
    assert demographic(Finding(sites=("shoulder",)), tendinopathy) == []  # no age stated: nothing
    woman = demographic(Finding(sites=("skin",), sex="female"), kg.term("calcinosis cutis").curie)
    assert woman and woman[0].about == "sex"
    assert demographic(Finding(sites=("skin",), sex="male"), kg.term("calcinosis cutis").curie) == []
    assert _stated_ages(Quantity("age", Decimal(5), unit="decade of life")) == (40.0, 49.0)
    assert _stated_ages(Quantity("age", Decimal(60), comparator=">", unit="years")) == (60.0, 150.0)
    assert _stated_ages(Quantity("age", Decimal(10), unit="%")) is None


def test_rule_9_an_infants_age_in_months_is_read_in_years(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 9: an age at onset a source gives in months (infantile arterial calcification "usually affects
    infants during the first 6 months of life", NORD) is read in years, so it counts for a 6-week-old and
    is only noted for a 2-year-old; weeks and days are read the same way."""
    from kgtools.differential import _stated_ages
    from kgtools.associations import Quantity
    from decimal import Decimal

    assert _stated_ages(Quantity("age", Decimal(0), Decimal(6), unit="months")) == (0.0, 0.5)
    assert _stated_ages(Quantity("age", Decimal(6), comparator="<", unit="months")) == (0.0, 0.5)
    weeks = _stated_ages(Quantity("age", Decimal(2), Decimal(4), unit="weeks"))
    assert weeks is not None and 0.03 < weeks[0] < 0.04 and 0.07 < weeks[1] < 0.08
    days = _stated_ages(Quantity("age", Decimal(28), comparator="<", unit="days"))
    assert days is not None and days[0] == 0.0 and 0.07 < days[1] < 0.08
    gaci = kg.term("infantile arterial calcification").curie

    def age_reasons(age: tuple[float, float]) -> list[kgtools.Reason]:
        found = _by(kg.differential(Finding(sites=("artery",), age=age)), gaci)
        return [r for r in found.reasons_for if r.role == "demographic" and r.about == "age"]

    infant = age_reasons((0.115, 0.115))
    assert infant and infant[0].quote and "6 months" in infant[0].quote
    assert age_reasons((2.0, 2.0)) == []


def test_rule_9_a_peak_age_on_the_other_side_of_adulthood_counts_against(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 9: calcium pyrophosphate dihydrate deposition disease, whose source gives its peak "over the age of 55
    years" (unhedged), counts -0.5 against a knee finding in an 8-year-old and +0.25 for a 64-year-old; a
    15-40-year peak (synovial sarcoma's, reaching into adolescence) is only noted for a 64-year-old; an age at
    onset never counts against: the heterotopic ossification of progressive osseous heteroplasia, begun "within the
    first 6 months of life", is only noted in a woman of 38 (the lesion of infancy is still there)."""
    from kgtools.differential import W_OTHER_LIFE_STAGE

    cppd = kg.term("calcium pyrophosphate dihydrate deposition disease").curie

    def age_reasons(c: kgtools.Candidate) -> tuple[list[kgtools.Reason], list[kgtools.Reason]]:
        return ([r for r in c.reasons_for if r.role == "demographic" and r.about == "age"],
                [r for r in c.reasons_against if r.role == "demographic" and r.about == "age"])

    pro, con = age_reasons(_by(kg.differential(Finding(sites=("knee",), age=(8.0, 8.0))), cppd))
    assert not pro and len(con) == 1 and con[0].weight == W_OTHER_LIFE_STAGE == -0.5
    assert con[0].source and con[0].quote and "55" in con[0].quote
    pro, con = age_reasons(_by(kg.differential(Finding(sites=("knee",), age=(64.0, 64.0))), cppd))
    assert len(pro) == 1 and not con
    sarcoma = _by(kg.differential(Finding(sites=("knee",), age=(64.0, 64.0))), "XSCO:0000042")
    assert age_reasons(sarcoma) == ([], [])
    poh = _by(kg.differential(Finding(sites=("skin",), age=(38.0, 38.0), ossified=True)), "XSCO:0001706")
    assert age_reasons(poh) == ([], []) and any("age predilection" in n for n in poh.notes)


def test_a_superlative_names_a_types_first_site_at_full_weight(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: "most often located in the vicinity of large joints (e.g. hips ...)" counts in full for a
    finding at the hip (XSCO:0000225 superlative), while "most often" still hedges other statements."""
    from kgtools.differential import is_superlative
    from kgtools.qualifiers import bundled_qualifiers

    assert is_superlative("most often") and is_superlative("Most  Common") and not is_superlative("usually")
    assert bundled_qualifiers().is_hedged("most often") and statement_weight("most often") == 0.5
    secondary = _by(kg.differential(Finding(sites=("hip",))), kg.term("secondary tumoral calcinosis").curie)
    site = next(r for r in secondary.reasons_for if r.role == "site")
    assert site.qualifier in bundled_qualifiers().superlative and site.weight == 1.0 and site.match == "direct"


def _cand(curie: str, score: float, pro: tuple[Reason, ...] = (), con: tuple[Reason, ...] = ()) -> kgtools.Candidate:
    from kgtools.terms import Term

    return kgtools.Candidate(Term(curie, curie, curie), "type", score, reasons_for=pro, reasons_against=con)


class _Narrower:
    """A stand-in context for rule 7c: B has the narrower forms N and M."""

    def narrower_forms(self, curie: str) -> set[str]:
        return {"B": {"N", "M"}}.get(curie, set())


def _site(statement: str, weight: float, match: str = "direct") -> Reason:
    return Reason("site", weight, "association", statement=statement, role="site", match=match, about="UBERON:1")


def _cond(statement: str, weight: float, match: str = "direct", open_list: bool = False) -> Reason:
    return Reason("condition", weight, "association", statement=statement, role="condition", match=match,
                  about="D", open_list=open_list)


def test_rule_7c_a_narrower_form_carrying_all_the_evidence_and_its_own_leads() -> None:
    """Rule 7c on a small fixture: B (site and disorder statements) ranks right after N, a narrower form
    with a site statement of its own and B's disorder statement inherited; not after a form that only
    inherits (nothing of its own), names the disorder in an open list only, or has a reason against
    that B lacks."""
    from kgtools.differential import _after_narrower

    ctx: Any = _Narrower()
    b = _cand("B", 2.0, (_site("s1", 1.0), _cond("c1", 1.0)))
    n = _cand("N", 1.5, (_site("s2", 1.0), _cond("c1", 0.5, "inherited")))
    other = _cand("X", 1.8, (_site("s3", 1.0),))
    assert [c.curie for c in _after_narrower(ctx, [b, other, n])] == ["X", "N", "B"]
    inherits_only = _cand("N", 1.0, (_site("s1", 0.5, "inherited"), _cond("c1", 0.5, "inherited")))
    open_list = _cand("N", 2.0, (_site("s2", 1.0), _cond("c2", 1.0, open_list=True)))
    against = _cand("N", 1.75, (_site("s2", 1.0), _cond("c2", 1.0)),
                    (Reason("absent", -0.25, "association", role="absent", about="T"),))
    for m in (inherits_only, open_list, against):
        assert [c.curie for c in _after_narrower(ctx, [b, m])] == ["B", "N"]
    # a form with no site statement of its own does not carry B's site mismatch
    b_far = _cand("B", 1.75, (_cond("c1", 1.0),), (_site("s1", -0.25, "direct"),))
    n_no_site = _cand("N", 1.0, (_cond("c3", 1.0),))
    assert [c.curie for c in _after_narrower(ctx, [b_far, n_no_site])] == ["B", "N"]
    n_far = _cand("N", 0.75, (_cond("c3", 1.0),), (_site("s4", -0.25, "direct"),))
    assert [c.curie for c in _after_narrower(ctx, [b_far, n_far])] == ["N", "B"]


def test_rule_7c_calcinosis_universalis_before_the_generic_calcinosis(kg: kgtools.KnowledgeGraph) -> None:
    """Skin calcification in lupus: calcinosis and calcinosis universalis (which a scheme files under it)
    both have a skin statement and a lupus statement; universalis's skin statement is its own, so it is
    the more specific entity the evidence supports and leads (rule 7c), at the same score."""
    ranked = _types(kg.differential(Finding(site="skin", disorders=("systemic lupus erythematosus",),
                                            ossified=False)))
    universalis, calcinosis = _by(ranked, "XSCO:0000006"), _by(ranked, CALCINOSIS)
    # (calcinosis cutis, whose own Mayo Clinic statements name lupus and the skin, may stand between them)
    assert ranked[0] is universalis and universalis.score == calcinosis.score


def test_rule_6b_an_idiopathic_form_when_no_cause_is_known(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 6b: a skin calcification with no disorder and no abnormal Ca-P level named: idiopathic
    calcinosis cutis (at the skin as calcinosis cutis is) counts +0.75 and leads; naming a cause
    (trauma) or elevated calcium takes that reason away."""
    ranked = _types(kg.differential(Finding(site="skin", ossified=False)))
    idio = _by(ranked, "XSCO:0001004")
    (why,) = [r for r in idio.reasons_for if r.role == "no-cause"]
    assert why.weight == 0.75 and ranked[0] == idio
    for other in (Finding(site="skin", ossified=False, calcium="elevated"),
                  Finding(site="skin", ossified=False, disorders=("trauma",)), Finding(disorders=())):
        assert not [r for c in kg.differential(other) for r in c.reasons_for if r.role == "no-cause"]


def test_rule_6b_needs_the_idiopathic_form_s_own_site(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 6b: the no-cause reason needs a site statement of the idiopathic form's own: in the hypodermis, which
    only calcinosis cutis's statement names (idiopathic calcinosis cutis inherits it at half weight), and in
    skeletal muscle tissue, which only heterotopic ossification's names, the idiopathic forms gain nothing for
    having no known cause (a broader type's site is where all its forms occur, the caused ones too)."""
    for site, ossified, idiopathic in (("hypodermis", False, "XSCO:0001004"),
                                       ("skeletal muscle tissue", True, "XSCO:0001711")):
        ranked = kg.differential(Finding(site=site, ossified=ossified))
        assert any(r.role == "site" and r.match == "inherited" and r.weight == 0.5
                   for c in ranked if c.curie == idiopathic or idiopathic in kg.ancestors(c.curie, predicates="is_a")
                   for r in c.reasons_for)
        assert not [c.label for c in ranked if any(r.role == "no-cause" for r in c.reasons_for)]


def test_rule_6b_a_form_every_scheme_files_as_idiopathic_counts_as_idiopathic(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 6b: scrotal calcinosis, which StatPearls files under idiopathic calcinosis cutis and no scheme
    files under another cause, gains the no-cause reason as the idiopathic form does, so at the scrotum with no
    cause named it leads (its own scrotum statement, where a source places idiopathic calcinosis cutis too; rule
    7c); tumoral calcinosis, filed under the idiopathic form by one scheme and under the dystrophic form by
    another, does not gain it, nor does the subepidermal calcified nodule at the skin or the neck, where no source
    places idiopathic calcinosis cutis itself."""
    ranked = _types(kg.differential(Finding(site="scrotum", ossified=False)))
    scrotal = _by(ranked, "XSCO:0001115")
    (why,) = [r for r in scrotal.reasons_for if r.role == "no-cause"]
    assert why.weight == 0.75 and why.statement is not None and ranked[0] is scrotal
    tumoral = _by(_types(kg.differential(Finding(site="hip", ossified=False))), "XSCO:0000008")
    assert not [r for r in tumoral.reasons_for if r.role == "no-cause"]
    for site in ("skin", "neck"):
        nodule = _by(_types(kg.differential(Finding(site=site, ossified=False))), "XSCO:0001114")
        assert not [r for r in nodule.reasons_for if r.role == "no-cause"]


def test_rule_3c_a_clinical_finding_points_to_the_disease_and_its_own_calcification(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3c: hallux valgus (an HP phenotype, given as a disorder) is a clinical finding of the patient,
    not a disorder; a source ties fibrodysplasia ossificans progressiva to it, so the disease leads the
    disorders (rule 8) and its own ossification (one of few diseases) gains half; generic heterotopic
    ossification, associated with many diseases, gains nothing from it."""
    from kgtools.differential import finding_terms

    f = Finding(disorders=("hallux valgus",), ossified=True)
    assert finding_terms(kg, f)["phenotypes"] == ("HP:0001822",) and not finding_terms(kg, f)["disorders"]
    ranked = kg.differential(f)
    types, disorders = _types(ranked), [c for c in ranked if c.kind == "disorder"]
    (why,) = [r for r in _by(types, "XSCO:0001705").reasons_for if r.role == "suggested"]
    assert why.weight == 0.5 and why.about == "HP:0001822" and types[0].curie == "XSCO:0001705"
    assert not [r for r in _by(types, HO).reasons_for if r.role == "suggested"]
    assert disorders[0].curie == "XSCO:0001700" and not disorders[0].known
    assert [r.about for r in disorders[0].reasons_for if r.role == "sign"] == ["HP:0001822"]


def test_a_part_of_a_kind_of_the_site_is_a_part_of_it(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3 sites: skeletal muscle tissue is part of every skeletal muscle organ (UBERON), and the
    biceps is one, so a biceps finding matches the heterotopic ossification of fibrodysplasia ossificans
    progressiva's skeletal muscle statement at half weight instead of counting -0.25 against it."""
    fop = _by(_types(kg.differential(Finding(site="biceps brachii", ossified=True))), "XSCO:0001705")
    (site,) = [r for r in fop.reasons_for if r.role == "site"]
    assert site.about == "UBERON:0001134" and site.weight == 0.5 and site.match == "narrower"
    assert not fop.reasons_against


def test_a_type_s_own_sign_makes_it_specific_at_any_site(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7: a sign the type's own statement names is seen in the lesion itself, so it makes the type
    specific even at a site its sources do not name (the -0.25 of that still counts)."""
    ranked = _types(kg.differential(Finding(site="elbow", signs=("chain-mail calcification",), ossified=False)))
    worm = _by(ranked, "XSCO:0001561")
    assert worm.specific and any(r.role == "site" and r.weight < 0 for r in worm.reasons_against)
    assert ranked[0] == worm


def test_a_sign_the_source_says_is_rare_in_a_type_does_not_make_it_specific(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7: "extensive sheet-like calcinosis is very rare" in systemic sclerosis (a rarity qualifier,
    XSCO:0000226) counts as hedged evidence for the calcinosis of systemic sclerosis, but does not single it
    out as the type that shows the sign; an unqualified sign statement still does."""
    ranked = _types(kg.differential(Finding(signs=("sheet-like calcification",), ossified=False)))
    ssc = _by(ranked, "XSCO:0001552")
    (sign,) = [r for r in ssc.reasons_for if r.role == "sign"]
    assert sign.qualifier == "rare" and sign.weight == 0.5 and not ssc.specific
    assert kgtools.differential.is_rarity("Occasionally") and not kgtools.differential.is_rarity("usually")
    others = [c for c in ranked if any(r.role == "sign" and r.match == "direct" and not r.qualifier
                                       for r in c.reasons_for)]
    assert others and all(c.specific for c in others)


def test_a_type_the_evidence_counts_against_on_balance_is_never_specific(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7: a type's own sign does not put it ahead when its score is not positive: myositis ossificans's
    own sign (central lucency), in a finding described as calcified (rule 2b: -1.0), at a site its sources
    do not name, must not lead the types the evidence supports."""
    ranked = _types(kg.differential(Finding(site="calf", signs=("central lucency of a calcified mass",),
                                            disorders=("varicose veins",), ossified=False)))
    mo = _by(ranked, "XSCO:0000010")
    assert any(r.role == "sign" for r in mo.reasons_for) and mo.score <= 0 and not mo.specific
    assert ranked[0].score > 0 and all(c.score >= mo.score for c in ranked[:ranked.index(mo)])


def test_rule_7b_a_narrower_form_as_high_that_carries_a_named_type_s_evidence_is_specific(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rules 7b/7c: "heterotopic ossification" named, in the neck and biceps, with hallux valgus: the HO of
    fibrodysplasia ossificans progressiva scores as high as the named type, carries its evidence (the
    naming, the muscle site) and has its own (its neck statement, the disease's hallux valgus), so it is
    specific too and leads the named type."""
    ranked = _types(kg.differential(Finding(sites=("neck", "biceps brachii"), named=("heterotopic ossification",),
                                            disorders=("hallux valgus",), ossified=True)))
    fop, ho = _by(ranked, "XSCO:0001705"), _by(ranked, HO)
    assert fop.specific and ho.specific and fop.score == ho.score
    assert [c.curie for c in ranked[:2]] == ["XSCO:0001705", HO]


def test_a_region_holds_the_lesion_in_any_of_its_parts(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3 sites: the forearm has muscles (a part of it is a skeletal muscle organ), so an ossified finding
    in the forearm matches myositis ossificans's skeletal muscle statement at a quarter (two steps: a part,
    then its kind) instead of counting -0.25 against it; a statement naming a part of the knee (the medial
    collateral ligament: Pellegrini-Stieda) weighs more at the knee than one naming ligaments in general."""
    mo = _by(_types(kg.differential(Finding(site="forearm", ossified=True))), "XSCO:0000010")
    (site,) = [r for r in mo.reasons_for if r.role == "site"]
    assert site.about == "UBERON:0014892" and site.weight == 0.25 and site.match == "narrower"
    assert not mo.reasons_against
    knee = _types(kg.differential(Finding(site="knee", ossified=True)))
    ps, fop = _by(knee, "XSCO:0001717"), _by(knee, "XSCO:0001705")
    assert [r.weight for r in ps.reasons_for if r.role == "site"] == [0.5]  # its own part of the knee
    assert [r.weight for r in fop.reasons_for if r.role == "site"] == [0.25]  # ligaments, a kind of a part
    # parts, not kinds: a heart is an organ and a coronary artery part of it, but no artery is part of "organ"
    assert not [r for c in kg.differential(Finding(site="organ", ossified=False)) for r in c.reasons_for
                if "has a part of this kind" in r.text]


def test_rule_8b_a_disorder_that_is_the_diagnosis_is_ranked_from_its_own_sites(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8b: with no disorder named, a calcification in the neck, the skin and an artery is the picture
    pseudoxanthoma elasticum's own site statements give (neck, skin, blood vessels), each of the finding's
    sites counting its best statement once; it leads the connective tissue diseases that only share the
    generic skin types."""
    disorders = [c for c in kg.differential(Finding(sites=("neck", "skin", "artery"), ossified=False))
                 if c.kind == "disorder"]
    pxe = disorders[0]
    assert pxe.curie == "XSCO:0001024"
    sites = [r for r in pxe.reasons_for if r.role == "site"]
    assert [r.about for r in sites] == ["UBERON:0000974", "UBERON:0002097", "UBERON:0001637"]
    assert len({r.statement for r in sites}) == 3 and pxe.score > disorders[1].score


def test_rule_8b_the_strongest_site_pairs_count_whatever_order_the_finding_lists_its_sites(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8b: rhabdomyolysis's own statement places it in skeletal muscle. A finding at the head and in
    skeletal muscle counts that statement in full for the muscle, not at a quarter weight for the head (which
    has muscles as parts) because the head came first in the finding."""
    weights = []
    for sites in (("head", "skeletal muscle organ"), ("skeletal muscle organ", "head")):
        rhabdo = next(c for c in kg.differential(Finding(sites=sites)) if c.curie == "XSCO:0002927")
        weights.append([(r.about, r.weight) for r in rhabdo.reasons_for if r.role == "site"])
    assert weights[0] == weights[1] == [("UBERON:0014892", 1.0)]


def test_rule_7b_the_naming_s_half_is_not_held_against_a_form_that_carries_the_evidence(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7b: "heterotopic ossification" named, in the neck and biceps: the HO of fibrodysplasia
    ossificans progressiva scores less than the named type only because a form counts the naming at half
    (rule 5); it carries the named type's evidence (the muscle) and its own (the neck), so it is specific
    and leads the named type (rule 7c)."""
    ranked = _types(kg.differential(Finding(sites=("neck", "biceps brachii"), named=("heterotopic ossification",),
                                            ossified=True)))
    fop, ho = _by(ranked, "XSCO:0001705"), _by(ranked, HO)
    assert fop.score < ho.score and fop.specific
    assert [c.curie for c in ranked[:2]] == ["XSCO:0001705", HO]


def test_rule_6b_needs_a_site_statement_at_least_as_strong_as_a_broader_type_s_direct_one(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 6b: idiopathic heterotopic ossification has no site statement of its own; in the quadriceps it
    only inherits heterotopic ossification's muscle tissue statement through a part (0.25), too weak to
    say the finding is at a site the idiopathic form is stated for, so "no known cause" does not count
    for it; idiopathic calcinosis cutis in the skin (its broader type's own site, 0.5) still gains."""
    ranked = _types(kg.differential(Finding(site="quadriceps femoris", ossified=True)))
    idio = _by(ranked, "XSCO:0001711")
    assert [r.weight for r in idio.reasons_for if r.role == "site"] == [0.25]
    assert not [r for r in idio.reasons_for if r.role == "no-cause"]
    skin = _by(_types(kg.differential(Finding(site="skin", ossified=False))), "XSCO:0001004")
    assert [r.weight for r in skin.reasons_for if r.role == "no-cause"] == [0.75]


def test_rule_5b_named_types_that_converge_hand_their_place_to_what_they_point_to(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 5b (iii): "chondrocalcinosis" hands its place to calcium pyrophosphate deposition disease (an
    unhedged association, (ii)); "intra-articular calcification", named beside it, is tied to the disease
    by a hedged statement only, so alone it stays the entity to name, but with both named it steps back."""
    both = _types(kg.differential(Finding(named=("intra-articular calcification", "chondrocalcinosis"),
                                          ossified=False)))
    assert both[0].curie == "XSCO:0001315" and not _by(both, "XSCO:0001314").specific
    alone = _types(kg.differential(Finding(named=("intra-articular calcification",), ossified=False)))
    assert alone[0].curie == "XSCO:0001314" and alone[0].specific


def test_a_mimic_is_in_the_named_type_s_differential_but_never_a_condition(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 5: 'has imaging mimic' (XSCO:0000227) is read both ways; it is never a condition (rules 3, 4)
    and a named type never hands its place to a look-alike (rule 5b)."""
    ranked = _types(kg.differential(Finding(sites=("hip",), named=("tumoral calcinosis",))))
    mimic = _by(ranked, "XSCO:0001311")  # calcific tendinopathy, a mimic of tumoral calcinosis (Olsen and Chew)
    reason = next(r for r in mimic.reasons_for if r.role == "named-mimic")
    assert (reason.statement, reason.weight, reason.source) == ("xscoa:A1183", 1.0, "https://doi.org/10.1148/rg.263055099")
    assert not mimic.specific and ranked.index(mimic) > ranked.index(_by(ranked, "XSCO:0000008"))
    found = kg.differential(Finding(sites=("quadriceps femoris",), disorders=("osteosarcoma",), ossified=True))
    myositis = _by(_types(found), "XSCO:0000010")  # "can mimic osteosarcoma": not a tumour's calcification
    assert not any(r.role in ("condition", "specificity") for r in myositis.reasons_for)
    tumour = _by([c for c in found if c.kind == "disorder"], "XSCO:0000040")
    assert any(r.text.startswith("can look like (on imaging) myositis ossificans") for r in tumour.reasons_for)


def test_an_absent_condition_rules_out_its_forms_not_its_group(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: no trauma is no spinal cord injury either (full weight against a statement naming the
    narrower term); no spinal cord injury leaves other trauma possible (a statement naming trauma, half)."""
    def against(absent: str, curie: str) -> float:
        found = _types(kg.differential(Finding(sites=("hip",), absent=(absent,), ossified=True)))
        return sum(r.weight for r in _by(found, curie).reasons_against if r.role == "absent")

    neurogenic, post_traumatic = "XSCO:0001707", "XSCO:0001712"  # spinal cord injury / trauma statements
    assert against("trauma", neurogenic) == against("spinal cord injury", neurogenic) == -0.5
    assert against("trauma", post_traumatic) == -0.5
    assert against("spinal cord injury", post_traumatic) == -0.25


def test_a_clinical_finding_the_patient_s_disease_explains_suggests_no_other(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3c: a malar rash suggests juvenile dermatomyositis (its calcinosis gains), but not in a patient
    whose lupus, which a source ties to the same rash, explains it."""
    def suggested(*disorders: str) -> list[str]:
        found = _types(kg.differential(Finding(sites=("skin of body",), disorders=(*disorders, "malar rash"))))
        return [r.about or "" for r in _by(found, "XSCO:0001555").reasons_for if r.role == "suggested"]

    assert suggested() == ["HP:0025300"]  # Malar rash
    assert suggested("systemic lupus erythematosus") == []


def test_rule_8_disorders_of_a_named_type_come_before_disorders_generic_types_share(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: phleboliths named in the thigh: the disorders a source associates with phleboliths (venous
    insufficiency, varicose veins, haemangioma, venous malformation) come before disorders tied to the
    generic types that also fit (cysticercosis, trauma), whatever their CURIEs; scores are unchanged."""
    ranked = [c for c in kg.differential(Finding(named=("XSCO:0001550",), site="thigh")) if c.kind == "disorder"]
    curies = [c.curie for c in ranked]
    of_phlebolith = {"XSCO:0000035", "XSCO:0001504", "XSCO:0001529", "XSCO:0001599"}
    assert of_phlebolith <= set(curies[:6])
    assert curies.index("XSCO:0001504") < curies.index("XSCO:0000037") < len(curies)  # varicose veins, cysticercosis
    assert curies.index("XSCO:0001599") < curies.index("XSCO:0000047")  # venous malformation before trauma


def test_rule_3c_counts_a_disease_s_own_calcification_as_rule_4_does(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3c: calcinosis of systemic sclerosis is associated with the disease and five of its features
    (digital ischaemia, acro-osteolysis, capillary dropout, two autoantibodies: 'clinical or laboratory
    feature', no disease of their own, as rule 4 counts them), so it is the disease's own calcification and
    Raynaud phenomenon, which a source ties to systemic sclerosis, suggests it."""
    ranked = kg.differential(Finding(site="thumb", phenotypes=("HP:0030880",)))
    ssc = _by(ranked, "XSCO:0001552")
    (suggested,) = [r for r in ssc.reasons_for if r.role == "suggested"]
    assert "systemic sclerosis" in suggested.text and "Raynaud" in suggested.text and suggested.weight == 0.5


def test_a_site_the_type_spares_agrees_only_with_that_site_absent(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3, negated statements: FOP spares the diaphragm, the extra-ocular muscles, the tongue and the
    dermis. A finding without dermal involvement agrees with the dermis statement (+0.5); one without any
    skeletal muscle involved is no evidence for a type that spares a few muscles (the diaphragm is a kind of
    skeletal muscle organ, but a site's absence is not the sparing of one of its kinds)."""
    def negated(absent: str) -> list[str]:
        fop = _by(kg.differential(Finding(site="neck", ossified=True, absent=(absent,))), "XSCO:0001705")
        return [r.text for r in fop.reasons_for if r.role == "negated"]

    assert negated("dermis") == ["the source says it is not associated with dermis; the finding states there is no "
                                 "dermis"]
    assert negated("diaphragm") and not negated("skeletal muscle organ, vertebrate")


def test_a_broader_type_s_stronger_site_match_counts_over_a_weak_own_one(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: calcinosis of juvenile dermatomyositis names skeletal muscle tissue and fascia, so a finding at
    the shoulder matches its own statements only through a part of the shoulder of that kind (0.25); calcinosis
    of dermatomyositis names the shoulder itself ("most frequently", a superlative), which the narrower form takes
    at half weight (0.5): the stronger of the two counts, not the weaker one merely because it is the form's own.
    (Calcinosis of limited cutaneous systemic sclerosis in the hand was the example until VisualDx gave it the
    hands itself.)"""
    ranked = kg.differential(Finding(sites=("shoulder",)))
    juvenile = _by(ranked, "XSCO:0001555")
    own = {a.object.curie for a in kg.associations("XSCO:0001555", predicate="RO:0004026")}
    assert {"UBERON:0001134", "UBERON:0008982"} & own and "UBERON:0001467" not in own
    universalis = _by(ranked, "XSCO:0000006")  # a type with such a statement and no broader one: the part match
    assert [r.weight for r in universalis.reasons_for if r.role == "site"] == [0.25]
    (site,) = [r for r in juvenile.reasons_for if r.role == "site"]
    assert site.match == "inherited" and site.weight == 0.5 and "calcinosis of dermatomyositis" in site.text


def test_rule_5_a_type_a_scheme_files_under_the_named_type_is_a_form_of_it(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 5: "calcinosis cutis" named: calciphylaxis, which classification schemes of calcinosis cutis file
    under it (no subclass), counts the naming at half (+1.0) as a subclass does."""
    ranked = kg.differential(Finding(named=("XSCO:0001001",)))
    forms = [r for r in _by(ranked, "XSCO:0001006").reasons_for if r.role == "named-form"]
    assert [(r.weight, r.text) for r in forms] == [(1.0, "a form of calcinosis cutis, which the finding names")]


def test_a_type_takes_the_sites_of_a_type_broader_still_when_its_nearest_broader_types_miss(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: burn-induced heterotopic ossification names its own sites (the elbow, the knee, the shoulder), its
    nearest broader type, acquired heterotopic ossification, its own (the hips and shoulders), none of them skeletal
    muscle tissue; heterotopic ossification, broader still, occurs there: that counts at half weight, and nothing
    counts against the burn-induced form."""
    burn, acquired, ho = "XSCO:0001816", "XSCO:0001704", "XSCO:0000009"
    muscle = "UBERON:0001134"

    def sites(t: str) -> set[str]:
        return {a.object.curie for a in kg.associations() if a.subject.curie == t and a.predicate == "RO:0004026"}
    assert sites(burn) and sites(acquired) and muscle not in sites(burn) | sites(acquired) and muscle in sites(ho)
    ranked = kg.differential(Finding(site=muscle, ossified=True))
    (site,) = [r for r in _by(ranked, burn).reasons_for if r.role == "site"]
    assert site.match == "inherited" and "as its broader type heterotopic ossification" in site.text
    assert site.weight == 0.5 * max(r.weight for r in _by(ranked, ho).reasons_for if r.role == "site")
    assert not [r for r in _by(ranked, burn).reasons_against if r.role == "site"]


def test_beyond_the_nearest_broader_types_only_superclasses_lend_their_sites(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: a scheme files tumoral calcinosis under metastatic calcification, which occurs in the lung; tumoral
    calcinosis's own sites miss the lung, and its secondary form does not take metastatic calcification's lung
    through it (a scheme's filing of tumoral calcinosis, not of its forms)."""
    secondary, tumoral, metastatic, lung = "XSCO:0001119", "XSCO:0000008", "XSCO:0000003", "UBERON:0002048"
    filed = {a.object.curie for a in kg.associations() if a.subject.curie == tumoral and a.predicate == "XSCO:0000210"}
    assert metastatic in filed and lung in {a.object.curie for a in kg.associations()
                                            if a.subject.curie == metastatic and a.predicate == "RO:0004026"}
    ranked = kg.differential(Finding(site=lung))
    assert not [r for r in _by(ranked, secondary).reasons_for if r.role == "site"]
    assert [r for r in _by(ranked, tumoral).reasons_for if r.role == "site" and r.match == "inherited"]


def test_a_clinical_finding_tied_to_many_types_counts_half(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3c: pain (HP:0012531) is a clinical finding that sources tie to more than N_SPECIFIC types, so acute
    calcific periarthritis's unhedged "associated with pain" counts +0.5, not +1.0, and a painful hip does not put
    it ahead of hydroxyapatite deposition disease, whose own statement names the hip; a clinical finding that
    sources tie to one type (a skin nodule: the subepidermal calcified nodule) keeps its full weight."""
    from kgtools.differential import F_GENERIC_FINDING, N_SPECIFIC, finding_context

    pain, acp, hadd = "HP:0012531", "XSCO:0001382", "XSCO:0001310"
    assert finding_context(kg).types_stating(pain) > N_SPECIFIC
    ranked = _types(kg.differential(Finding(site="hip", phenotypes=(pain,))))
    (said,) = [r for r in _by(ranked, acp).reasons_for if r.role == "phenotype" and r.about == pain]
    assert said.qualifier is None and said.weight == F_GENERIC_FINDING == 0.5 and "tells them little apart" in said.text
    order = [c.curie for c in ranked]
    assert order.index(hadd) < order.index(acp)
    nodule = _by(kg.differential(Finding(phenotypes=("HP:0200036",))), "XSCO:0001114")
    assert [r.weight for r in nodule.reasons_for if r.role == "phenotype"] == [1.0]


def test_a_narrower_form_not_where_its_sources_place_it_ranks_after_its_tied_broader_type(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7e: dermatomyositis and no site: intermuscular fascial calcinosis of dermatomyositis (its own source
    places it in the fascia) and calcinosis of dermatomyositis tie (each the disease's own calcification); the
    narrower form has nothing the broader type lacks, so the broader type comes first. Named at the fascia, the
    narrower form's own site counts for it and it is no longer after its broader type for want of a place."""
    broad, fascial = "XSCO:0001554", "XSCO:0001558"
    ranked = [c.curie for c in _types(kg.differential(Finding(disorders=("dermatomyositis",))))]
    scores = {c.curie: c.score for c in kg.differential(Finding(disorders=("dermatomyositis",)))}
    assert scores[broad] == scores[fascial]
    assert ranked.index(broad) + 1 == ranked.index(fascial)
    at_fascia = _types(kg.differential(Finding(site="fascia", disorders=("dermatomyositis",))))
    own = [r for r in _by(at_fascia, fascial).reasons_for if r.role == "site" and r.match != "inherited"]
    assert own and own[0].weight > 0
    order = [c.curie for c in at_fascia]
    assert order.index(fascial) < order.index(broad)


def test_a_further_site_a_statement_names_counts_half_once(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3, a further site: calciphylaxis, which its sources place at the skin of the buttock and of the
    thigh, fits a finding at both better than one at the buttock's skin alone (+0.5); the skin of the lower limb,
    which holds the thigh's, is no further site (a part-of/is-a line); a broader type's statements lend a further
    site at half that again (acquired heterotopic ossification at the hips and shoulders, for its non-neurogenic
    form)."""
    calciphylaxis = "XSCO:0001006"
    one = _by(kg.differential(Finding(site="skin of buttock")), calciphylaxis)
    two = _by(kg.differential(Finding(sites=("skin of buttock", "upper leg skin"))), calciphylaxis)
    sites = [(r.weight, r.match) for r in two.reasons_for if r.role == "site"]
    assert sites == [(1.0, "direct"), (0.5, "direct")]
    assert "too (a further site of the finding)" in two.reasons_for[1].text
    assert two.score == one.score + 0.5
    line = _by(kg.differential(Finding(sites=("upper leg skin", "hindlimb skin"))), calciphylaxis)
    assert [r.weight for r in line.reasons_for if r.role == "site"] == [1.0]
    inherited = _by(kg.differential(Finding(sites=("hip", "shoulder"), ossified=True)), "XSCO:0001710")
    assert [(r.weight, r.match) for r in inherited.reasons_for if r.role == "site"] == [(0.25, "inherited"),
                                                                                         (0.125, "inherited")]


def test_a_calcified_finding_with_a_sign_the_sources_state_of_an_ossification_counts_nothing_against_it(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 2b: early myositis ossificans looks calcified at its rim; a calcified finding in the thigh (a site
    its sources name) that shows its peripheral rim calcification (a sign sources state of few types) counts
    nothing against it, while one that shows only a localised distribution (a sign of eight types) still
    counts against it - half, -0.5, in the thigh its own source names ("especially") - and one at a site its
    sources do not name (the calf) counts -1.0."""
    mo = "XSCO:0000010"
    rim = _by(kg.differential(Finding(site="thigh", signs=("peripheral rim calcification",), ossified=False)), mo)
    assert not rim.excluded and not [r for r in rim.reasons_against if r.role == "calcified-form"]
    assert any("peripheral rim calcification" in n and "not counted against" in n for n in rim.notes)
    assert rim.specific and rim.score > 0
    local = _by(kg.differential(Finding(site="thigh", signs=("localised distribution of calcification",),
                                        ossified=False)), mo)
    assert [r.weight for r in local.reasons_against if r.role == "calcified-form"] == [-0.5]
    calf = _by(kg.differential(Finding(site="calf", signs=("peripheral rim calcification",), ossified=False)), mo)
    assert [r.weight for r in calf.reasons_against if r.role == "calcified-form"] == [-1.0]


def test_at_equal_score_a_type_with_its_own_evidence_leads_one_that_borrows_it(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 7: two specific types tie in score and in axiom, unhedged and direct reasons; the one whose
    reasons are all its own (calcium pyrophosphate dihydrate deposition disease, chondrocalcinosis named in
    the wrist's cartilage) leads the one that borrows a site from a broader type (acute calcific periarthritis,
    its site inherited at half weight)."""
    f = Finding(site="wrist", sites=("UBERON:0002418", "UBERON:0001424", "UBERON:0004452"),
                signs=("XSCO:0001585",), named=("XSCO:0001316",))
    ranked = _types(kg.differential(f))
    cppd, acute = _by(ranked, "XSCO:0001315"), _by(ranked, "XSCO:0001382")
    assert cppd.score == acute.score and cppd.specific and acute.specific
    assert not [r for r in cppd.reasons_for if r.match == "inherited"]
    assert [r for r in acute.reasons_for if r.match == "inherited"]
    assert ranked.index(cppd) < ranked.index(acute)


def test_rule_3c_a_narrower_form_takes_its_broader_type_s_clinical_findings_at_half_weight(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3c: calciphylaxis is associated with cutaneous necrosis (HP:0033126); non-uraemic calciphylaxis, a
    subclass, names no such finding itself and takes calciphylaxis's at half weight, quoted, as its broader type's.
    A broader type's disease (secondary hyperparathyroidism, a risk of calciphylaxis) is never inherited."""
    calciphylaxis, nonuraemic, necrosis, shpt = "XSCO:0001006", "XSCO:0001132", "HP:0033126", "XSCO:0001012"
    assert not [a for a in kg.associations() if a.subject.curie == nonuraemic and a.object.curie in (necrosis, shpt)]
    ranked = kg.differential(Finding(site="hindlimb", phenotypes=(necrosis,), disorders=(shpt,)))
    broader = max(r.weight for r in _by(ranked, calciphylaxis).reasons_for if r.about == necrosis)
    form = _by(ranked, nonuraemic)
    (r,) = [r for r in form.reasons_for if r.about == necrosis]
    assert r.match == "inherited" and r.role == "phenotype" and "as its broader type calciphylaxis" in r.text
    assert r.weight == 0.5 * broader and r.quote
    assert not [r for r in form.reasons_for if r.about == shpt]


def test_rule_7c_a_clinical_finding_only_inherited_is_not_carried() -> None:
    """Rule 7c on a small fixture: N, a narrower form of B with a site statement of its own, has B's clinical
    finding only as inherited (rule 3c, half weight): it does not carry it, so B keeps its place before N; the
    same statement as N's own (or one weighing as much) is carried."""
    from kgtools.differential import _after_narrower

    def finding(statement: str, weight: float, match: str = "direct") -> Reason:
        return Reason("phenotype", weight, "association", statement=statement, role="phenotype", match=match,
                      about="HP:1")

    ctx: Any = _Narrower()
    b = _cand("B", 1.5, (_site("s1", 1.0), finding("p1", 0.5)))
    borrowed = _cand("N", 1.25, (_site("s2", 1.0), finding("p1", 0.25, "inherited")))
    assert [c.curie for c in _after_narrower(ctx, [b, borrowed])] == ["B", "N"]
    own = _cand("N", 1.5, (_site("s2", 1.0), finding("p2", 0.5)))
    assert [c.curie for c in _after_narrower(ctx, [b, own])] == ["N", "B"]


def test_rule_7_at_equal_score_the_type_accounting_for_more_of_the_patient_first() -> None:
    """Rule 7 on a small fixture: two types of equal score, axioms, unhedged and direct reasons, neither
    borrowing: the one whose statements name one of the patient's clinical findings ranks before the one whose
    score rests on its sites alone, whatever their CURIEs."""
    from kgtools.differential import _type_key

    class _Flat:
        def up(self, curie: str) -> set[str]:
            return {curie}

    sites = _cand("A", 1.5, (_site("s1", 1.0), Reason("site", 0.5, "association", statement="s2", role="site",
                                                         match="direct", about="UBERON:2")))
    finding = _cand("B", 1.5, (_site("s3", 1.0), Reason("phenotype", 0.5, "association", statement="p1",
                                                          role="phenotype", match="direct", about="HP:1")))
    ctx: Any = _Flat()
    assert [c.curie for c in sorted([sites, finding], key=_type_key(ctx))] == ["B", "A"]


def test_a_stated_external_cause_is_listed_after_the_disorders_sought(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: a minor trauma before a mass in the thigh - trauma (stated: known, +2.0) and its narrower
    forms are the finding's context, not the disease a differential looks for, so the diseases a source
    places in the thigh (extraskeletal osteosarcoma) come first; trauma keeps its score and its reasons."""
    f = Finding(sites=("thigh",), disorders=("trauma",))
    disorders = [c for c in kg.differential(f) if c.kind == "disorder" and not c.excluded]
    trauma = next(c for c in disorders if c.curie == "XSCO:0000047")
    assert trauma.known and any(r.role == "known" and r.weight == 2.0 for r in trauma.reasons_for)
    assert not disorders[0].known and trauma.score > disorders[0].score
    assert disorders.index(_by(disorders, "XSCO:0001531")) < disorders.index(trauma)  # extraskeletal osteosarcoma
    stated = [c for c in disorders if c.known]
    assert disorders[-len(stated):] == stated  # the stated context after every disorder the finding does not state


def test_a_type_many_disorders_share_supports_each_at_half_weight(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: a calcification of the subcutaneous fat - dystrophic calcification fits it, but sources associate
    it with many disorders (trauma, fat necrosis, tumours ...), so its fit counts half for each of them."""
    ranked = kg.differential(Finding(sites=("subcutaneous fat",)))
    types = [c for c in ranked if c.kind == "type" and not c.excluded]
    best = max(c.score for c in types)
    shared = [(d, r) for d in ranked if d.kind == "disorder" for r in d.reasons_for
              if r.role == "type" and r.weight > 0 and "disorders: half weight" in r.text]
    assert shared
    for _, r in shared:
        t = _by(types, r.about or "")
        assert len(kg.associations(subject=t.curie)) and r.weight == round(
            statement_weight(r.qualifier) * t.score / best * 0.5, 4)


def test_rule_9_a_share_stated_only_as_an_upper_bound_is_no_predilection(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 9: calcinosis circumscripta's source says women are affected "in up to 80 % of cases", an upper
    bound, not a share of at least 60 %: it counts nothing for a woman, while calcinosis cutis's 82 % does; the
    subepidermal calcified nodule's "about 33 %" women still counts for a man."""
    def sex_reasons(f: Finding, label: str) -> list[kgtools.Reason]:
        return [r for r in _by(kg.differential(f), kg.term(label).curie).reasons_for if r.about == "sex"]

    woman = Finding(sites=("skin of body",), sex="female")
    assert sex_reasons(woman, "calcinosis circumscripta") == []
    assert sex_reasons(woman, "calcinosis cutis")
    assert sex_reasons(Finding(sites=("skin of body",), sex="male"), "subepidermal calcified nodule")


def test_rule_8_a_disorder_stated_absent_is_not_among_the_known_ones(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 8: "no malignancy" with multiple myeloma (a narrower form) also read - malignancy is a disorder the
    finding states is absent, so it is not known and does not sort ahead of the disorders the finding does not
    state (at -2.0 for being absent it falls among those nothing speaks for)."""
    f = Finding(sites=("lung",), disorders=("multiple myeloma",), absent=("malignancy",), calcium="elevated")
    disorders = [c for c in kg.differential(f) if c.kind == "disorder" and not c.excluded]
    malignancy = _by(disorders, "XSCO:0000032")
    assert not malignancy.known and not any(r.role == "known" for r in malignancy.reasons_for)
    assert disorders[0].curie == "XSCO:0001017"  # multiple myeloma, stated
    assert disorders.index(malignancy) > disorders.index(_by(disorders, "XSCO:0001010"))  # chronic kidney disease


def test_rule_3_a_very_broad_group_counts_half(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3: iatrogenic calcinosis cutis is "associated with medical treatment or procedure", a group of more
    than N_BROAD_GROUP narrower terms - a parathyroidectomy is one, but that says little of which calcification
    follows it, so the statement counts at half weight; a narrower group (calcium supplementation is an exposure
    to a calcium- or phosphate-containing agent, a group of six) still counts in full."""
    from kgtools.differential import F_BROAD_GROUP, N_BROAD_GROUP, finding_context

    assert len(finding_context(kg).down("XSCO:0001152")) - 1 > N_BROAD_GROUP
    iatrogenic = _by(kg.differential(Finding(sites=("dermis",), disorders=("parathyroidectomy",))), "XSCO:0001005")
    said = [r for r in iatrogenic.reasons_for if r.role == "condition"]
    assert [(r.about, r.weight) for r in said] == [("XSCO:0002917", F_BROAD_GROUP)] and "half weight" in said[0].text
    iatrogenic = _by(kg.differential(Finding(sites=("dermis",), disorders=("calcium supplementation",))),
                     "XSCO:0001005")
    assert [(r.about, r.weight) for r in iatrogenic.reasons_for if r.role == "condition"] == [("XSCO:0002922", 1.0)]


def test_the_greater_trochanter_rolls_up_to_the_hip(kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3's site roll-up: the greater trochanter lies in the hip region (XSCO's own part-of edge, cited in
    its editor note; UBERON v2026-04-01 has it only in the femur), so a lesion at the greater trochanter matches
    tumoral calcinosis's stated hip site through the roll-up and is never the -0.25 of a site no source names."""
    tc = _by(kg.differential(Finding(site="greater trochanter")), "XSCO:0000008")  # tumoral calcinosis
    assert any(r.role == "site" and r.text.startswith("occurs at hip (greater trochanter is part of")
               for r in tc.reasons_for)
    assert not [r for r in tc.reasons_against if r.role == "site"]


def test_low_levels_alone_are_no_calcium_phosphate_abnormality_a_type_occurs_with(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 3, Ca-P status: a low calcium with normal phosphate (no level raised) does not count a statement tying a
    type to the whole calcium-phosphate abnormality (calciphylaxis, gastric mucosal calcinosis: the raised levels and
    product their sources name); an abnormality stated as such, or raised levels, still count it."""
    low = kg.differential(Finding(site="skin", calcium="low", phosphate="normal"))
    for curie in ("XSCO:0001006", "XSCO:0001173"):
        assert not [r for r in _by(low, curie).reasons_for if r.role == "status"], curie
        assert any("levels are low" in n for n in _by(low, curie).notes), curie
    for finding in (Finding(site="skin", status="abnormal"), Finding(site="skin", calcium="elevated")):
        assert [r.role for r in _by(kg.differential(finding), "XSCO:0001006").reasons_for
                if r.role == "status"] == ["status"]


def test_calcified_form_counts_half_where_a_source_places_the_ossification_itself(
        kg: kgtools.KnowledgeGraph) -> None:
    """Rule 2b: a calcified finding at a site the ossification type's own unhedged (or superlative) site statement
    names (myositis ossificans "most often" in the quadriceps) counts the calcified form at half; at a site only a
    hedged statement names ("can" occur in a tendon), or none, in full."""
    def form(site: str) -> list[float]:
        mo = _by(kg.differential(Finding(site=site, ossified=False)), "XSCO:0000010")
        assert not mo.excluded
        return [r.weight for r in mo.reasons_against if r.role == "calcified-form"]

    assert form("quadriceps femoris") == [-0.5]
    assert form("tendon") == [-1.0]
    assert form("skin of body") == [-1.0]
