"""Issue 15, items 8 and 14: --output writes go where they should, or fail in one line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import kgtools
from kgtools.errors import OutputError, OutputFolderNotFoundError
from kgtools.fileio import write_atomic

QUERY = "SELECT ?s WHERE { ?s a <http://www.w3.org/2002/07/owl#Ontology> }"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kgtools.cli", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"
    # a dangling link makes its target
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "made.txt")
    write_atomic(dangling, "made\n")
    assert dangling.is_symlink() and (tmp_path / "made.txt").read_text() == "made\n"


def test_cli_output_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "result.tsv"
    real.write_text("")
    link = tmp_path / "latest.tsv"
    link.symlink_to(real)
    done = _cli("query", QUERY, "--format", "tsv", "--output", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and "xsco" in real.read_text()


def test_special_files_are_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomic(fifo, "through the pipe\n")
    assert reader.communicate(timeout=30)[0] == b"through the pipe\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    write_atomic("/dev/null", "nothing\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_device_is_one_line_and_stays_a_device() -> None:
    with pytest.raises(OutputError, match="No space left"):
        write_atomic("/dev/full", "x" * 100_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    done = _cli("query", QUERY, "--output", "/dev/full")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "No space left on device" in done.stderr


def test_cli_output_to_dev_stdout_goes_to_stdout(tmp_path: Path) -> None:
    out = tmp_path / "captured.txt"
    with open(out, "w") as sink:
        done = subprocess.run([sys.executable, "-m", "kgtools.cli", "query", QUERY, "--format", "tsv",
                               "--output", "/dev/stdout"], stdout=sink, stderr=subprocess.PIPE, timeout=120,
                              check=False)
    assert done.returncode == 0
    assert "xsco" in out.read_text()
    # and into a pipe
    done = subprocess.run([sys.executable, "-m", "kgtools.cli", "query", QUERY, "--format", "tsv",
                           "--output", "/dev/stdout"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "xsco" in done.stdout, done.stderr


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("keep me\n")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        write_atomic(target, "replaced\n")
    assert target.read_text() == "keep me\n" and stat.S_IMODE(target.stat().st_mode) == 0o444
    done = _cli("query", QUERY, "--output", str(target))
    assert done.returncode == 2 and "read-only" in done.stderr and done.stderr.strip().count("\n") == 0
    assert target.read_text() == "keep me\n"
    assert not list(tmp_path.glob(".kept.txt.*"))


def test_export_into_a_missing_folder_is_a_project_error(tmp_path: Path, kg: kgtools.KnowledgeGraph) -> None:
    with pytest.raises(OutputFolderNotFoundError, match="folder does not exist") as raised:
        kg.export("ttl", tmp_path / "missing" / "x.ttl")
    assert isinstance(raised.value, kgtools.KgError)
    done = _cli("export", "--to", "ttl", "--output", str(tmp_path / "missing" / "x.ttl"))
    assert done.returncode == 2 and "folder does not exist" in done.stderr


@pytest.mark.parametrize("problem", ["missing folder", "read-only file", "a folder"])
def test_export_refuses_a_bad_output_before_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    """A wrong --output fails at once: the ontology is not rendered first (seconds for XSCO)."""
    import kgtools.export

    small = kgtools.load(Path(__file__).parent.parent / "data" / "reason" / "mini-tbox.ttl")
    target = {"missing folder": tmp_path / "missing" / "x.ttl", "read-only file": tmp_path / "x.ttl",
              "a folder": tmp_path / "x"}[problem]
    if problem == "read-only file":
        target.write_text("keep me\n")
        target.chmod(0o444)
    elif problem == "a folder":
        target.mkdir()

    def rendered(*args: object) -> str:
        raise AssertionError("rendered before the output was checked")

    monkeypatch.setattr(kgtools.export, "render", rendered)
    with pytest.raises(OutputError, match=r"cannot write .*(folder does not exist|read-only|it is a folder)"):
        small.export("ttl", target)


def test_leftover_temporary_files_of_killed_writers_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    leftover = tmp_path / f".out.txt.{dead}-abc123.tmp"
    leftover.write_text("half")
    running = tmp_path / f".out.txt.{os.getppid()}-def456.tmp"  # a writer that is still alive
    running.write_text("busy")
    write_atomic(tmp_path / "out.txt", "done\n")
    assert not leftover.exists() and running.exists()
    assert (tmp_path / "out.txt").read_text() == "done\n"
