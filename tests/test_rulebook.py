"""The rule catalogue names every rule `kgtools validate` runs, and docs/validation-rules.md is generated from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import SH

from kgtools import rulebook
from kgtools.cli import main
from kgtools.errors import ShapesError

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "validation-rules.md"


def test_every_shape_message_and_qc_query_is_a_rule() -> None:
    catalogue = rulebook.rules()
    shapes = (ROOT / "ontology" / "shapes").glob("*.ttl")
    messages = sum(len(list(rdflib.Graph().parse(p).subject_objects(SH.message))) for p in shapes)
    assert len([r for r in catalogue if r.kind == "shape"]) == messages
    assert {r.name for r in catalogue if r.kind == "qc"} == {p.stem for p in (ROOT / "queries" / "qc").glob("*.rq")}
    assert all(r.severity in {"ERROR", "WARN", "INFO"} and r.message for r in catalogue)


def test_rule_names_are_the_names_reports_use() -> None:
    names = {r.name for r in rulebook.rules()}
    assert {"class-label", "association-shortcut", "label-shared-violation"} <= names


def test_docs_page_is_generated_from_the_rules() -> None:
    assert PAGE.read_text(encoding="utf-8").rstrip("\n") == rulebook.to_markdown(rulebook.rules()).rstrip("\n"), (
        "docs/validation-rules.md is out of date: kgtools rules --format markdown > docs/validation-rules.md"
    )


def test_cli_lists_rules_as_json() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert any(row["name"] == "class-definition" and row["severity"] == "ERROR" for row in rows)


def test_malformed_shapes_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:message ", encoding="utf-8")
    with pytest.raises(ShapesError, match="malformed shapes file"):
        rulebook.rules(shapes=bad)
