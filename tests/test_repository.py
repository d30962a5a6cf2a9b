"""The repository keeps its promises: the README's commands are the ones CI runs."""

from __future__ import annotations

import re

from kgtools.cli import serve

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```(?:bash|sh)\n(.*?)\n```", text, re.DOTALL)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    blocks = readme_commands()
    assert len(blocks) >= 2, "the README starts with two commands: run the main job; run the tests"
    test_command = blocks[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1].strip() == test_command, ".ci/run must end with the README's test command, verbatim"


def test_readme_main_command_runs_the_bundled_ontology_tour() -> None:
    main_command = readme_commands()[0]
    assert "kgtools info" in main_command and "kgtools associations" in main_command


def test_readme_states_the_endpoint_limits_kgtools_serve_uses() -> None:
    """The README's numbers for `kgtools serve` limits are the defaults the command really has (issue 15)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    defaults = {p.opts[0]: p.default for p in serve.params if p.opts and p.opts[0].startswith("--")}
    stated = {
        "--timeout": r"`--timeout` ([\d,]+) s",
        "--max-results": r"`--max-results` ([\d,]+) rows",
        "--workers": r"`--workers` ([\d,]+) queries",
        "--worker-memory": r"`--worker-memory` ([\d,]+) MB",
        "--max-body": r"`--max-body` ([\d,]+) bytes",
    }
    for option, pattern in stated.items():
        found = re.search(pattern, readme)
        assert found, f"README does not state {option}"
        assert float(found.group(1).replace(",", "")) == float(defaults[option]), option
