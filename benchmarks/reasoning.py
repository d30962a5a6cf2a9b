"""Reasoning benchmark: HermiT vs Pellet vs the OWL 2 RL fallback, time and peak memory.

Cases: XSCO with the example findings (end to end: load + reason, JVM start included), and
synthetic ontologies of 1k and 10k classes with existential restrictions and defined classes.
Each measurement runs in its own Python process so that peak memory (max RSS of the process and
of its Java child) is not mixed between cases. Ratios are against HermiT measured in the same run.

    python benchmarks/reasoning.py                 # 1k and 10k, all three reasoners
    python benchmarks/reasoning.py --sizes 1000 --owlrl   # also the pure-Python owlrl at 1k

The 10k runs are bounded by --timeout (seconds per case; default 300).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = ROOT / "ontology" / "examples" / "findings.ttl"
BASE = "http://example.org/synthetic/"


def synthetic(n: int, seed: int = 42) -> str:
    """An ontology of ``n`` classes in a tree, 10 object properties, a someValuesFrom superclass on
    every third class, a defined class (intersection with a restriction) every tenth class, a pair of
    disjoint classes every fiftieth class and n/100 individuals. Fillers come from earlier classes
    (no existential cycles). Returned as Turtle."""
    rnd = random.Random(seed)
    out = [
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        f"@prefix : <{BASE}> .",
        f"<{BASE}> a owl:Ontology .",
    ]
    out += [f":p{k} a owl:ObjectProperty ." for k in range(10)]
    for i in range(n):
        out.append(f':C{i} a owl:Class ; rdfs:label "class {i}" .')
        if i:
            out.append(f":C{i} rdfs:subClassOf :C{rnd.randrange(0, i)} .")
        if i % 3 == 0 and i:
            out.append(
                f":C{i} rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p{i % 10} ; "
                f"owl:someValuesFrom :C{rnd.randrange(0, i)} ] ."
            )
        if i % 10 == 5:
            parent, filler = rnd.randrange(0, i), rnd.randrange(0, i)
            out.append(
                f":C{i} owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( :C{parent} "
                f"[ a owl:Restriction ; owl:onProperty :p{(i + 1) % 10} ; owl:someValuesFrom :C{filler} ] ) ] ."
            )
        if i % 50 == 49:
            out.append(f":C{i} owl:disjointWith :C{i - 1} .")
    for j in range(n // 100):  # a few individuals to realise
        out.append(f":i{j} a :C{rnd.randrange(0, n)} .")
    return "\n".join(out) + "\n"


def one(case: str, reasoner: str, size: int) -> dict:
    """Run one measurement in this process and return its figures."""
    start = time.perf_counter()
    import kgtools

    if case == "xsco":
        kg = kgtools.load(data=[FINDINGS])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synthetic.ttl"
            path.write_text(synthetic(size))
            kg = kgtools.load(path)
    loaded = time.perf_counter()
    if reasoner == "owlrl":
        from kgtools.reason import RLReasoner, reasoning_graph

        t0 = time.perf_counter()
        raw = RLReasoner("owlrl").run(reasoning_graph(kg))
        result = {
            "consistent": raw.consistent,
            "inferred": len(raw.triples),
            "reason_s": time.perf_counter() - t0,
            "version": raw.version,
        }
    else:
        r = kg.reason(reasoner)
        result = {
            "consistent": r.consistent,
            "inferred": r.inferred,
            "reason_s": r.seconds,
            "version": r.version,
            "unsat": len(r.unsatisfiable),
        }
    end = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result.update(total_s=end - start, load_s=loaded - start, py_mb=own, java_mb=child)
    return result


def measure(case: str, reasoner: str, size: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--one", case, reasoner, str(size)]
    try:
        done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:80]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--owlrl", action="store_true", help="also time the pure-Python owlrl (1k only: it is slow)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--one", nargs=3, metavar=("CASE", "REASONER", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        case, reasoner, size = args.one
        print(json.dumps(one(case, reasoner, int(size))))
        return

    from kgtools.reason import find_java

    print(f"Java: {find_java()}")
    cases = [("xsco", 0)] + [("synthetic", n) for n in args.sizes]
    header = (
        f"{'case':<22}{'reasoner':<9}{'reason s':>10}{'total s':>9}{'x HermiT':>10}"
        f"{'peak MB':>9}{'java MB':>9}{'inferred':>10}  consistent"
    )
    print(header)
    print("-" * len(header))
    for case, size in cases:
        name = "XSCO + findings" if case == "xsco" else f"synthetic {size // 1000}k classes"
        reasoners = ["hermit", "pellet", "rl"] + (["owlrl"] if args.owlrl and size <= 1000 else [])
        base = None
        for reasoner in reasoners:
            r = measure(case, reasoner, size, args.timeout)
            if "error" in r:
                print(f"{name:<22}{reasoner:<9}  {r['error']}")
                continue
            if reasoner == "hermit":
                base = r["reason_s"]
            ratio = f"{r['reason_s'] / base:.2f}" if base else "-"
            print(
                f"{name:<22}{reasoner:<9}{r['reason_s']:>10.2f}{r['total_s']:>9.2f}{ratio:>10}"
                f"{r['py_mb']:>9.0f}{r['java_mb']:>9.0f}{r['inferred']:>10}  {r['consistent']}"
            )
    print("\nreason s: the reasoner call (JVM start included); total s: import + load + reason.")
    print(
        "peak MB: max RSS of the Python process; java MB: max RSS of its Java child. Goal: XSCO + findings < 5 s total."
    )


if __name__ == "__main__":
    main()
