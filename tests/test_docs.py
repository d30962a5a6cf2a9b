"""Every example in README.md and docs/*.md runs: ``console`` blocks as CLI transcripts, ``pycon`` blocks as doctests.

A ``console`` block is a terminal transcript: each ``$ command`` line is run with bash in a scratch folder (the
repository's ``docs/examples`` files copied in), stdout and stderr together as a terminal shows them, and what it prints
must match the lines below it up to the next ``$`` line. Matching is doctest's, with ELLIPSIS and NORMALIZE_WHITESPACE:
``...`` stands for any text, so a transcript may elide long output but never state a number the tool does not print.
A ``pycon`` block is a doctest session. Other blocks (``bash``, ``python``, ``text``, ...) are not run: the README's
two set-up commands are run by CI itself.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLES = ROOT / "docs" / "examples"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
COMMAND_SECONDS = 120


@dataclass(frozen=True)
class Step:
    """One ``$ command`` of a transcript and the output the document shows for it."""

    command: str
    expected: str


@dataclass(frozen=True)
class Block:
    """One fenced example: its document, its first line number and its language."""

    path: Path
    line: int
    language: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(language: str) -> list[Block]:
    """The fenced blocks of ``language`` in every document, in document order."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) == language:
                line = text.count("\n", 0, match.start()) + 2
                found.append(Block(path, line, language, match.group(2)))
    return found


def steps(block: Block) -> list[Step]:
    """The commands of a transcript with their expected output (continuation lines end in a backslash)."""
    result: list[Step] = []
    command: list[str] = []
    output: list[str] = []
    for line in block.text.splitlines():
        if line.startswith("$ ") and not (command and command[-1].endswith("\\") and not output):
            if command:
                result.append(Step("\n".join(command), "\n".join(output)))
            command, output = [line[2:]], []
        elif command and command[-1].endswith("\\") and not output:
            command.append(line)
        elif command:
            output.append(line)
    if command:
        result.append(Step("\n".join(command), "\n".join(output)))
    return result


@pytest.fixture()
def scratch(tmp_path: Path) -> Path:
    """A folder holding the example files the documents use."""
    if EXAMPLES.is_dir():
        shutil.copytree(EXAMPLES, tmp_path, dirs_exist_ok=True)
    return tmp_path


def run(command: str, cwd: Path) -> str:
    """Run one transcript command as a user's shell would, with kgtools from this environment on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KGTOOLS_", "COLUMNS"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "200"
    env["NO_COLOR"] = "1"
    done = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=COMMAND_SECONDS
    )
    return done.stdout + done.stderr


def test_documents_have_examples() -> None:
    """The collection finds the transcripts (a broken fence pattern would make every test below vacuous)."""
    assert blocks("console"), "no console transcript found in README.md or docs/"
    assert all(steps(b) for b in blocks("console"))


@pytest.mark.parametrize("block", blocks("console"), ids=lambda b: b.id)
def test_transcript(block: Block, scratch: Path) -> None:
    for step in steps(block):
        got = run(step.command, scratch)
        want = step.expected.strip() + "\n" if step.expected.strip() else ""
        if not CHECKER.check_output(want, got.strip() + "\n" if got.strip() else "", FLAGS):
            pytest.fail(f"{block.id}: `$ {step.command}` printed:\n{got}\nthe document shows:\n{step.expected}")


@pytest.mark.parametrize("block", blocks("pycon"), ids=lambda b: b.id)
def test_doctest(block: Block, scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(scratch)
    test = doctest.DocTestParser().get_doctest(block.text, {}, block.id, str(block.path), block.line)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert test.examples, f"{block.id}: a pycon block with no example"
    if runner.failures:
        pytest.fail("".join(report))


def update(path: Path, cwd: Path) -> int:
    """Rewrite the outputs of the transcripts of ``path`` that no longer match what the commands print.

    A maintainer's tool (``python tests/test_docs.py docs/cli.md``): the new output is what a run printed, so the
    page shows only what the tool says; long outputs are cut to 20 lines and ``...``. Review the diff before committing.
    """
    text = path.read_text(encoding="utf-8")
    changed = 0
    out: list[str] = []
    position = 0
    for match in FENCE.finditer(text):
        if match.group(1) != "console":
            continue
        block = Block(path, 0, "console", match.group(2))
        lines: list[str] = []
        for step in steps(block):
            got = run(step.command, cwd).rstrip("\n")
            want = step.expected.strip() + "\n" if step.expected.strip() else ""
            shown = step.expected
            if not CHECKER.check_output(want, got.strip() + "\n" if got.strip() else "", FLAGS):
                got_lines = got.splitlines()
                shown = "\n".join(got_lines[:20] + (["..."] if len(got_lines) > 20 else []))
                changed += 1
            lines += [f"$ {step.command}", *([shown] if shown else [])]
        out.append(text[position : match.start(2)])
        out.append("\n".join(lines) + "\n")
        position = match.end(2)
    out.append(text[position:])
    path.write_text("".join(out), encoding="utf-8")
    return changed


if __name__ == "__main__":
    import tempfile

    for name in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as folder:
            if EXAMPLES.is_dir():
                shutil.copytree(EXAMPLES, folder, dirs_exist_ok=True)
            print(f"{name}: {update(Path(name).resolve(), Path(folder))} output(s) rewritten")
