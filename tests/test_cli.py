"""The kgtools command: each verb, each output format, and one-line errors with exit 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtools.cli import main

from .conftest import ROOT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_info() -> None:
    code, out, _ = run("info", "-f", "json")
    assert code == 0
    info = json.loads(out)
    assert info["version"] == "0.1.0" and info["classes"] > 40 and info["associations"] >= 48
    assert info["triples"] == info["triples_asserted"] > 1000


def test_lookup_formats() -> None:
    code, out, _ = run("lookup", "CREST syndrome")
    assert code == 0 and "XSCO:0000046" in out
    code, out, _ = run("lookup", "malignancies", "-f", "json")
    assert json.loads(out)[0]["label"] == "malignancy"
    code, out, _ = run("lookup", "sarcoma", "-f", "csv", "-n", "2")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["label"] == "sarcoma" and len(rows) == 2


def test_lookup_partial_text_lists_matches() -> None:
    code, out, _ = run("lookup", "calcin", "-f", "tsv")
    assert code == 0 and "calcinosis universalis" in out


def test_associations_by_type_shows_qualifiers() -> None:
    code, out, _ = run("associations", "--type", "calcinosis", "-f", "tsv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out), delimiter="\t"))
    sites = [r for r in rows if r["predicate"] == "RO:0004026" and r["relation"] == "disease has location"]
    assert {r["object"] for r in sites} == {"hypodermis", "skin of body", "connective tissue"}
    assert {r["qualifier"] for r in sites} == {"most often"}
    negated = [r for r in rows if r["negated"] == "true"]
    assert [(r["object"], r["qualifier"]) for r in negated] == [("calcium-phosphate abnormality", "usually not")]


def test_associations_by_disorder_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, _, _ = run("associations", "--disorder", "synovial sarcoma", "-f", "json", "-o", str(target))
    assert code == 0
    rows = json.loads(target.read_text())
    assert rows[0]["subject"] == "dystrophic calcification" and rows[0]["qualifier"] == "especially"
    assert not list(tmp_path.glob(".*tmp")), "no temporary file left behind"


def test_query_named_with_params() -> None:
    code, out, _ = run(
        "query",
        "disorders-for-type",
        "-P",
        "type=metastatic calcification",
        "-P",
        "source=https://eexot-journal.com/index.php/aoet/article/view/31",
        "-f",
        "csv",
    )
    assert code == 0
    labels = {r["disorder_label"] for r in csv.DictReader(io.StringIO(out))}
    assert labels == {"hyperparathyroidism", "malignancy", "hypervitaminosis D", "milk-alkali syndrome"}


def test_query_file_and_raw_text(tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "# title: mine\n# param: t term  a term\n"
        "SELECT ?t ?l WHERE { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l }\n"
    )
    code, out, _ = run("query", str(rq), "-P", "t=SLE", "-f", "json")
    assert code == 0 and json.loads(out)[0]["l"] == "systemic lupus erythematosus"
    code, out, _ = run("query", "ASK { ?s ?p ?o }", "-f", "json")
    assert code == 0 and json.loads(out) == {"boolean": True}


def test_queries_listing() -> None:
    code, out, _ = run("queries")
    assert code == 0 and "disorders-for-type" in out and "type (term)" in out


def test_engine_option() -> None:
    code, out, _ = run("info", "--engine", "rdflib", "-f", "json")
    assert code == 0 and json.loads(out)["engine"] == "rdflib"


def test_user_data_is_loaded_beside_the_ontology(tmp_path: Path) -> None:
    data = tmp_path / "finding.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<http://example.org/f1> a <https://w3id.org/xsco/XSCO_0000002> ; rdfs:label "finding one" .\n'
    )
    code, out, _ = run("lookup", "finding one", "-d", str(data), "-f", "json")
    assert code == 0 and json.loads(out)[0]["curie"] == "http://example.org/f1"
    code, out, _ = run("info", "-d", str(data), "-f", "json")
    assert json.loads(out)["triples_data"] == 2


BAD_TTL = "@prefix a: <http://a/> .\na:b a:c a:d .\na:x a:y .\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lookup", "calcinsis"], "unknown term: 'calcinsis'; did you mean: calcinosis"),
        (["associations", "--type", "nonexistent thing"], "unknown term"),
        (["query", "no-such-query"], "unknown query: 'no-such-query'"),
        (["query", "SELEC ?x WHERE {}"], "malformed SPARQL"),
        (["query", "disorders-for-type"], "needs parameter 'type'"),
        (["query", "disorders-for-type", "-P", "typo=x"], "has no parameter 'typo'"),
        (["query", "disorders-for-type", "-P", "novalue"], "expected KEY=VALUE"),
        (["query", "missing-file.rq"], "file not found: missing-file.rq"),
        (["info", "-i", "/nonexistent/x.ttl"], "file not found: /nonexistent/x.ttl"),
        (["info", "-i", "BAD"], "malformed RDF in"),
        (["info", "-i", "BADSUFFIX"], "cannot tell the RDF format"),
        (["info", "--engine", "nope"], "Invalid value for '--engine'"),
        (["associations", "--type", "calcinosis", "--disorder", "SLE"], "at most one of"),
    ],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_TTL)
    suffix = tmp_path / "data.xyz"
    suffix.write_text("x")
    args = [str(bad) if a == "BAD" else str(suffix) if a == "BADSUFFIX" else a for a in args]
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out
    assert len([line for line in err.splitlines() if line.strip() and not line.startswith(("Usage:", "Try "))]) == 1


def test_malformed_rdf_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_TTL)
    _, _, err = run("info", "-i", str(bad))
    assert f"{bad}:3" in err


def test_debug_shows_traceback() -> None:
    result = CliRunner().invoke(main, ["--debug", "lookup", "calcinsis"])
    assert result.exit_code != 0 and result.exception is not None


def test_real_process_exit_code_and_stderr() -> None:
    """The installed console script, as a user runs it."""
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "kgtools.cli", "lookup", "calcinsis"], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "did you mean" in proc.stderr


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    """`kgtools info | head -1`: when the pipe's reader has gone, kgtools stops quietly (exit 141, no error line)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgtools.cli", "info"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before kgtools writes a line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "error" not in err.lower(), err
