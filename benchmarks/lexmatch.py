"""Precision and recall of `kgtools lexmatch` against the curated mapping set, per target file.

    python benchmarks/lexmatch.py hp=/path/to/hp.obo mondo=/path/to/mondo.json ...

Precision: the share of proposed (non-obsolete) pairs that the curators also mapped, with any
predicate; recall: the share of curated pairs to that target that lexmatch proposes. The exact
columns compare only skos:exactMatch on both sides. Also prints the run time of each target.
"""

from __future__ import annotations

import sys
import time

import kgtools
from kgtools.lexmatch import evaluate, lexmatch
from kgtools.link import read_sssom


def main(argv: list[str]) -> int:
    if not argv or any("=" not in a for a in argv):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    kg = kgtools.load()
    curated = read_sssom()
    print("target  terms  proposed  curated  found  precision  recall  exact_found/exact_curated  seconds")
    for arg in argv:
        target, path = arg.split("=", 1)
        start = time.perf_counter()
        result = lexmatch(target, path, kg=kg, mapping_set=curated)
        seconds = time.perf_counter() - start
        ev = evaluate(result, curated)
        print(f"{ev.target:<7} {result.objects:>6} {ev.proposed:>9} {ev.curated:>8} {ev.found:>6} "
              f"{ev.precision:>10.3f} {ev.recall:>7.3f}  {ev.exact_found:>4}/{ev.exact_curated:<4}"
              f"{'':>17}{seconds:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
