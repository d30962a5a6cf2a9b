"""Issue 18: progress bars on stderr for long operations (kgtools.progress), never on stdout, never
when stderr is not a terminal, never with ``--quiet``.

The bar's delay is set to 0 here, so a bar is drawn at once and no test waits for the clock."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgtools
from kgtools import progress
from kgtools.cli import main
from kgtools.link import hpo

MINI = Path(__file__).parent / "data" / "hpo-mini"
MINI_OBO, MINI_HPOA = MINI / "hp.obo", MINI / "phenotype.hpoa"


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture()
def at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)


def test_steps_draw_a_bar_on_a_terminal_only(at_once: None, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress.steps("demo", ["first", "second"]) as step:
        step("first")
        step("second")
    assert "demo" in terminal.getvalue() and "second" in terminal.getvalue()
    pipe = io.StringIO()  # not a terminal
    monkeypatch.setattr("sys.stderr", pipe)
    with progress.steps("demo", ["first"]) as step:
        step("first")
    assert pipe.getvalue() == ""


def test_quiet_silences_the_bars(at_once: None, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress.quiet(), progress.steps("demo", ["first"]) as step:
        step("first")
    assert terminal.getvalue() == ""
    assert progress.enabled()  # the block is over


def test_link_hpo_shows_its_stages(at_once: None, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    kg = kgtools.load()
    hpo(kg, hp_obo=MINI_OBO, hpoa=MINI_HPOA)
    shown = terminal.getvalue()
    assert "link hpo" in shown and "reading hp.obo" in shown and "loading into the store" in shown


@pytest.mark.parametrize(("flags", "bar"), [((), True), (("--quiet",), False)])
def test_cli_quiet_flag(at_once: None, monkeypatch: pytest.MonkeyPatch, flags: tuple[str, ...], bar: bool) -> None:
    monkeypatch.setattr(progress, "_stderr_is_terminal", lambda: True)  # CliRunner's stderr is no terminal
    result = CliRunner().invoke(main, [*flags, "link", "hpo", "--hp-obo", str(MINI_OBO), "--hpoa", str(MINI_HPOA)])
    assert result.exit_code == 0, result.output
    assert ("link hpo" in result.stderr) is bar
    assert "link hpo:" not in result.stdout  # the bar never goes to stdout
