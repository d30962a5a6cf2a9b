"""Start-up time of the kgtools command against a bare Python start, measured in the same run.

Goal: `kgtools info` and `kgtools lookup` under 1 s on the project's machine (2 cores).
Usage: python benchmarks/cli.py [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "python -c 'import kgtools'": [sys.executable, "-c", "import kgtools"],
    "kgtools --help": ["kgtools", "--help"],
    "kgtools info": ["kgtools", "info"],
    "kgtools lookup 'CREST syndrome'": ["kgtools", "lookup", "CREST syndrome"],
    "kgtools associations --type calcinosis": ["kgtools", "associations", "--type", "calcinosis"],
}
HEAVY = ("owlready2", "pyshacl", "networkx", "uvicorn", "starlette")


def wall(cmd: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def heavy_imports() -> list[str]:
    """Heavy modules imported by `kgtools info` (should be none)."""
    code = (
        "import sys, runpy; sys.argv=['kgtools','info']\n"
        "try:\n    runpy.run_module('kgtools.cli', run_name='__main__')\nexcept SystemExit: pass\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    line = [x for x in out.splitlines() if x.startswith("HEAVY:")][-1]
    return [m for m in line[len("HEAVY:"):].split(",") if m]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("kgtools"):
        sys.exit("kgtools is not on PATH: pip install -e . first")
    baseline = None
    print(f"{'command':42} {'median s':>9} {'min s':>7} {'x baseline':>10}")
    for name, cmd in COMMANDS.items():
        times = wall(cmd, args.repeat)
        median = statistics.median(times)
        baseline = baseline or median
        print(f"{name:42} {median:9.3f} {min(times):7.3f} {median / baseline:10.1f}")
    print(f"heavy modules imported by `kgtools info`: {heavy_imports() or 'none'}")


if __name__ == "__main__":
    main()
