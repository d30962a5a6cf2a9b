"""Diagrams and text trees (issue 7): kgtools.diagram and the `tree` / `diagram` verbs."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.diagram import diagram, text_tree, to_dot, to_mermaid

MINI = Path(__file__).resolve().parent / "data" / "graph-mini.ttl"
EX = "http://example.org/mini/"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def mini() -> kgtools.KnowledgeGraph:
    return kgtools.load(MINI)


def test_tree_down_and_up(mini: kgtools.KnowledgeGraph) -> None:
    assert text_tree(mini, "beta") == "\n".join(
        [
            f"beta ({EX}B)",
            f"├── delta ({EX}D)",
            f"├── [part of] epsilon ({EX}E)",
            f"│   └── [part of] zeta ({EX}F)",
            f"└── eta ({EX}G)",
        ]
    )
    assert text_tree(mini, "delta", up=True) == "\n".join(
        [
            f"delta ({EX}D)",
            f"├── beta ({EX}B)",
            f"│   └── alpha ({EX}A)",
            f"└── gamma ({EX}C)",
            f"    └── alpha ({EX}A) (see above)",
        ]
    )
    assert text_tree(mini, "beta", depth=1).count("\n") == 3


def test_tree_shows_hedges(mini: kgtools.KnowledgeGraph) -> None:
    text = text_tree(mini, "delta", up=True, predicates=["has_location"])
    assert text.splitlines()[1] == f"└── [has location] epsilon ({EX}E) [most often]"


def test_mermaid_styles_edges_by_predicate_and_dashes_hedges(mini: kgtools.KnowledgeGraph) -> None:
    text = diagram(mini, "delta", to="mermaid", up=True, down=False)
    assert isinstance(text, str) and text.startswith("graph BT\n")

    def mid(name: str) -> str:
        return "http___example_org_mini_" + name

    assert f"  {mid('D')} -.->|most often| {mid('E')}" in text
    assert f"  {mid('D')} -->|associated with| {mid('X')}" in text
    assert f"  {mid('D')} --> {mid('B')}" in text
    assert '"psi' not in text and "mini_Y" not in text  # the negated statement is never drawn
    assert "stroke-dasharray" in text and "linkStyle" in text


def test_dot_text(mini: kgtools.KnowledgeGraph) -> None:
    g = mini.graph()
    text = to_dot(g, {EX + "D", EX + "E", EX + "B"}, EX + "D")
    assert text.startswith("digraph xsco {") and "rankdir=BT;" in text
    assert (
        f'"{EX}D" -> "{EX}E" [color=darkgreen, arrowhead=normal, label="most often", '
        f"fontcolor=darkgreen, style=dashed];"
        in text
    )
    assert f'"{EX}D" -> "{EX}B" [color=black, arrowhead=empty];' in text
    assert f'"{EX}E" -> "{EX}B" [color=blue, arrowhead=normal, label="part of", fontcolor=blue];' in text
    assert to_mermaid(g, {EX + "A"}) == f'graph BT\n  http___example_org_mini_A["alpha<br/>{EX}A"]\n'


@needs_dot
def test_svg_is_well_formed_xml(kg: kgtools.KnowledgeGraph) -> None:
    svg = diagram(kg, "calcinosis", to="svg", depth=1)
    assert isinstance(svg, bytes)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert b"most often" in svg and b"calcinosis" in svg


@needs_dot
def test_png_via_cli(tmp_path: Path) -> None:
    out = tmp_path / "calcinosis.png"
    result = CliRunner().invoke(main, ["diagram", "calcinosis", "--up", "--depth", "1", "--to", "png", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_missing_dot_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["diagram", "calcinosis", "--to", "svg"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "'dot' not found on PATH" in result.stderr


def test_cli_tree_and_mermaid() -> None:
    result = CliRunner().invoke(main, ["tree", "extra-skeletal mineralization"])
    assert result.exit_code == 0
    assert "│   ├── calcinosis (XSCO:0000005)" in result.output
    assert "── heterotopic ossification (XSCO:0000009)" in result.output  # a top-level branch ("├──" or "└──")
    assert "\n├── heterotopic ossification" in result.output or "\n└── heterotopic ossification" in result.output
    result = CliRunner().invoke(main, ["diagram", "hypodermis", "--up"])
    assert result.exit_code == 0 and "UBERON_0002072 -->|part of| UBERON_0002199" in result.output


@pytest.mark.parametrize("verb", ["tree", "diagram", "ancestors", "descendants"])
def test_unknown_term_is_one_line_exit_2(verb: str) -> None:
    result = CliRunner().invoke(main, [verb, "no such term"])
    assert result.exit_code == 2
    assert result.stderr.startswith("kgtools: error: unknown term: 'no such term'")
    assert result.stderr.count("\n") == 1


def test_cli_ancestors_json() -> None:
    import json

    result = CliRunner().invoke(main, ["ancestors", "hypodermis", "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == [
        {"curie": "UBERON:0001062", "label": "anatomical entity"},
        {"curie": "UBERON:0002199", "label": "integument"},
    ]
