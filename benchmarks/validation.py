"""Validation benchmark: full QC of XSCO, and SHACL on synthetic instance data (issue 4).

Prints, from measurements taken in this run:

1. the full QC of the bundled XSCO (``kg.validate()``: SHACL shapes + QC queries), its SHACL and QC
   parts, median of several runs (goal: under 2 s);
2. the instance-data shapes (ontology/shapes/xsco-findings.ttl) on XSCO + synthetic imaging findings
   of about 10k and 100k triples (1 % of the findings carry a deliberate error), with
   * pyshacl on rdflib's memory graph (the baseline and reference),
   * pyshacl on an Oxigraph-backed rdflib graph (oxrdflib),
   * pyrudof (Rust), if installed,
   each in its own process (time and peak RSS), with the ratio to the baseline and whether the
   violations are identical to the reference;
3. ``kg.validate(data=FILE)`` end to end at each size (load, SHACL, QC; goal: 100k under 3 s).

Usage: python benchmarks/validation.py [--sizes 10000,100000] [--repeat 5]
Keep runs bounded: sizes above 100k take minutes and gigabytes (pyrudof at 1M needs ~7 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FINDING_SHAPES = ROOT / "ontology" / "shapes" / "xsco-findings.ttl"
ONTOLOGY = ROOT / "ontology"
XSCO = [ONTOLOGY / "xsco-edit.ttl", *sorted((ONTOLOGY / "components").glob("*.ttl"))]  # the merged ontology

SITES = ["UBERON_0002072", "UBERON_0002097", "UBERON_0002384", "UBERON_0001062"]
TYPES = ["XSCO_0000002", "XSCO_0000003", "XSCO_0000004", "XSCO_0000005", "XSCO_0000009"]
STATUS = ["XSCO_0000012", "XSCO_0000013", "XSCO_0000014"]
TISSUE = ["XSCO_0000016", "XSCO_0000017", "XSCO_0000018"]
CONDITIONS = ["XSCO_0000031", "XSCO_0000032", "XSCO_0000035", "XSCO_0000044", "XSCO_0000045", "XSCO_0000047"]
OBO = "http://purl.obolibrary.org/obo/"
X = "https://w3id.org/xsco/"
TRIPLES_PER_FINDING = 10


def synthetic_findings(n_triples: int) -> str:
    """N-Triples of imaging findings following the instance-data contract; 1 in 100 is broken."""
    lines = []
    ex = "https://example.org/bench/"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    for i in range(n_triples // TRIPLES_PER_FINDING):
        f = f"<{ex}f{i}>"
        t = TYPES[i % len(TYPES)]
        lines.append(f"{f} {rdf_type} <{X}{t}> .")
        lines.append(f'{f} {label} "synthetic finding {i}" .')
        site, status, tissue, cond = (f"<{ex}f{i}/{k}>" for k in ("site", "status", "tissue", "condition"))
        broken = i % 100 == 99
        lines.append(f"{f} <{OBO}RO_0001025> {site} .")
        lines.append(f"{site} {rdf_type} <{OBO}{SITES[i % len(SITES)]}> .")
        lines.append(f"{f} <{X}XSCO_0000101> {status} .")
        # the deliberate error: a tissue state given as the calcium-phosphate status
        bad_status = TISSUE[i % len(TISSUE)] if broken else STATUS[i % len(STATUS)]
        lines.append(f"{status} {rdf_type} <{X}{bad_status}> .")
        lines.append(f"{f} <{X}XSCO_0000102> {tissue} .")
        lines.append(f"{tissue} {rdf_type} <{X}{TISSUE[(i // 3) % len(TISSUE)]}> .")
        lines.append(f"{f} <{X}XSCO_0000103> {cond} .")
        lines.append(f"{cond} {rdf_type} <{X}{CONDITIONS[i % len(CONDITIONS)]}> .")
    return "\n".join(lines) + "\n"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(engine: str, data_file: str) -> dict:
    """In a child process: validate XSCO + data_file with the finding shapes on one engine."""
    import rdflib
    from rdflib.term import BNode

    from kgtools.validate import _run_pyrudof, _run_pyshacl

    shapes = rdflib.Graph().parse(FINDING_SHAPES)
    started = time.perf_counter()
    graph = rdflib.Graph(store="Oxigraph") if engine == "pyshacl-oxigraph" else rdflib.Graph()
    for path in XSCO:
        graph.parse(path, format="turtle")
    graph.parse(data_file, format="nt")
    loaded = time.perf_counter()
    if engine == "pyrudof":
        raw = _run_pyrudof(graph, shapes, "bench")
    else:
        raw = _run_pyshacl(graph, shapes, "bench", [FINDING_SHAPES])
    validated = time.perf_counter()
    rows = sorted(
        [
            severity,
            str(f["shape"]),
            str(f["focus"]),
            str(f["path"] or ""),
            "" if isinstance(f["value"], BNode) or f["value"] is None else str(f["value"]),
        ]
        for severity, f in raw
    )
    return {
        "engine": engine,
        "load_s": loaded - started,
        "validate_s": validated - loaded,
        "results": len(rows),
        "rows": rows,
        "peak_mb": _peak_mb(),
    }


def run_end_to_end(data_file: str, mode: str) -> dict:
    """In a child process: kg.validate(data=FILE) on the bundled XSCO (load, copy, SHACL, QC).

    ``mode``: "pyshacl" (all shapes and QC, the default), "pyrudof" (all shapes and QC; the core
    shapes file on pyrudof) or "pyrudof-core" (the finding shapes only, on pyrudof, no QC).
    """
    import kgtools

    started = time.perf_counter()
    kg = kgtools.load()
    if mode == "pyrudof-core":
        report = kg.validate(data=data_file, shapes=FINDING_SHAPES, validator="pyrudof", qc=False)
    else:
        report = kg.validate(data=data_file, validator=mode)
    return {
        "seconds": time.perf_counter() - started,
        "validate_s": report.seconds,
        "results": len(report.results),
        "errors": report.counts()["ERROR"],
        "peak_mb": _peak_mb(),
    }


def _child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=False, capture_output=True, text=True, timeout=1800, cwd=str(ROOT)
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout)


def bench_xsco(repeat: int) -> None:
    import kgtools

    kg = kgtools.load()
    kg.validate()  # warm up: imports, meta-SHACL check of the shapes, term index
    full, shacl, qc = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        report = kg.validate()
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        kg.validate(qc=False)
        shacl.append(time.perf_counter() - t)
    from kgtools.validate import _qc_results, load_qc_rules

    rules = load_qc_rules()
    for _ in range(repeat):
        t = time.perf_counter()
        _qc_results(kg, rules)
        qc.append(time.perf_counter() - t)
    print(f"1. Full QC of the bundled XSCO (median of {repeat} runs, warm)")
    print(
        f"   triples {kg.store.count()}, shapes files {len(report.shapes)}, QC rules {len(report.qc_rules)}, "
        f"results {len(report.results)}"
    )
    print(f"   kg.validate() total   {statistics.median(full):7.3f} s   (goal < 2 s)")
    print(f"   SHACL shapes only     {statistics.median(shacl):7.3f} s")
    print(f"   QC queries only       {statistics.median(qc):7.3f} s   ({len(rules)} queries on {kg.engine})")
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kgtools.cli", "validate"], check=False, capture_output=True, text=True, cwd=str(ROOT)
    )
    print(
        f"   `kgtools validate`, a new process (imports, load, meta-SHACL, validate): "
        f"{time.perf_counter() - t:6.2f} s, exit {done.returncode}"
    )
    # The ontology shapes on an Oxigraph-backed rdflib graph (oxrdflib), for comparison.
    try:
        import pyshacl
        import rdflib

        shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes" / "xsco-ontology.ttl")
        shapes.parse(FINDING_SHAPES)
        for store in ("default", "Oxigraph"):
            graph = rdflib.Graph(store=store)
            for path in XSCO:
                graph.parse(path, format="turtle")
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                _c, report_graph, _t = pyshacl.validate(graph, shacl_graph=shapes, advanced=True, inplace=True)
                times.append(time.perf_counter() - t)
            n = len(list(report_graph.objects(None, rdflib.namespace.SH.result)))
            print(
                f"   pyshacl, XSCO shapes only, rdflib store {store:<9} {statistics.median(times):7.3f} s, {n} results"
            )
    except Exception as error:  # oxrdflib is optional
        print(f"   (pyshacl on oxrdflib not measured: {error})")


def bench_instances(sizes: list[int]) -> None:
    try:
        import pyrudof  # noqa: F401

        engines = ["pyshacl", "pyshacl-oxigraph", "pyrudof"]
    except ImportError:
        engines = ["pyshacl", "pyshacl-oxigraph"]
    print()
    print("2. Instance-data shapes (xsco-findings.ttl) on XSCO + synthetic findings, one process per run")
    header = (
        f"   {'triples':>8} {'engine':<17} {'load s':>7} {'validate s':>10} {'ratio':>6} {'peak MB':>8} "
        f"{'results':>7}  same as pyshacl"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            data = Path(tmp) / f"findings-{size}.nt"
            data.write_text(synthetic_findings(size))
            base = None
            for engine in engines:
                out = _child("--one", engine, str(data))
                if "error" in out:
                    print(f"   {size:>8} {engine:<17} failed: {out['error']}")
                    continue
                if base is None:
                    base = out
                ratio = base["validate_s"] / out["validate_s"] if out["validate_s"] else float("nan")
                differ = len(set(map(tuple, out["rows"])) ^ set(map(tuple, base["rows"])))
                same = "yes" if differ == 0 else f"NO ({differ} differ)"
                print(
                    f"   {size:>8} {engine:<17} {out['load_s']:7.2f} {out['validate_s']:10.3f} {ratio:5.1f}x "
                    f"{out['peak_mb']:8.0f} {out['results']:>7}  {same}"
                )
    print("   ratio = pyshacl (rdflib memory) validate time / this engine's; >1 is faster")
    print()
    print("3. kg.validate(data=FILE) end to end in a new process (load XSCO, copy, SHACL, QC); goal at 100k: < 3 s")
    modes = ["pyshacl", "pyrudof", "pyrudof-core"] if "pyrudof" in engines else ["pyshacl"]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            data = Path(tmp) / f"findings-{size}.nt"
            data.write_text(synthetic_findings(size))
            for mode in modes:
                out = _child("--end-to-end", mode, str(data))
                if "error" in out:
                    print(f"   {size:>8} {mode:<13} failed: {out['error']}")
                    continue
                print(
                    f"   {size:>8} {mode:<13} {out['seconds']:6.2f} s total, validate {out['validate_s']:6.2f} s, "
                    f"{out['results']} results ({out['errors']} errors), peak {out['peak_mb']:.0f} MB"
                )
    print("   pyshacl / pyrudof: both shapes files and the QC queries (pyrudof runs the SHACL Core file);")
    print("   pyrudof-core: only xsco-findings.ttl on pyrudof, no QC (the instance-data check alone)")

_PYSHACL_ALONE = """
import sys, rdflib, pyshacl
from pathlib import Path
data = rdflib.Graph()
for path in sys.argv[2:]:
    data.parse(path)
shapes = rdflib.Graph()
for path in sorted(Path(sys.argv[1]).glob("*.ttl")):
    shapes.parse(path)
conforms, _report, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
"""


def bench_process(repeat: int) -> list[dict]:
    """``kgtools validate`` as a whole process (interpreter, imports, load, SHACL, QC), with the
    SHACL-SHACL cache empty (first run of a shapes version) and filled, beside pyshacl's
    ``validate()`` on the same files as a user writes it without kgtools (no QC queries)."""
    import compileall
    import resource

    import kgtools

    print()
    print("4. `kgtools validate` as a whole process (goal < 1.5 s), median of runs; load average beside each")
    # A pip-installed kgtools has its bytecode compiled at install; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE=1 (as on the shared machine) compiles every module in every process
    # (~0.3 s of start-up). Compile once first so the figure is the installed package's.
    compileall.compile_dir(str(Path(kgtools.__file__).parent), quiet=1)
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE", "")
    print(f"   (kgtools bytecode compiled first; PYTHONDONTWRITEBYTECODE={flag!r})")
    entry = "import sys; from kgtools.cli import main; sys.argv[0] = 'kgtools'; main()"
    cli = [sys.executable, "-c", entry, "validate"]
    alone = [sys.executable, "-c", _PYSHACL_ALONE, str(ONTOLOGY / "shapes"), *map(str, XSCO)]
    runs: list[dict] = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "KGTOOLS_CACHE": cache}
        for label, command, fresh in (
            ("kgtools validate, empty cache", cli, True),
            ("kgtools validate", cli, False),
            ("pyshacl.validate() alone, no QC", alone, False),
        ):
            times, cpu = [], []
            for _ in range(1 if fresh else repeat):  # the empty cache is filled by the first run
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - t)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            # CPU seconds (user + system) beside the wall clock: on the shared 2-core machine the
            # wall clock grows with the load average, the CPU time much less.
            print(
                f"   {label:<34} {statistics.median(times):6.2f} s wall  {statistics.median(cpu):5.2f} s CPU  "
                f"(load average {os.getloadavg()[0]:.2f})"
            )
            runs.append({"label": label, "wall_s": statistics.median(times), "cpu_s": statistics.median(cpu),
                         "runs": len(times), "load_avg": os.getloadavg()[0]})
    return runs




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated triple counts of synthetic data")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--process-only", action="store_true", help="only section 4 (kgtools validate as a process)")
    parser.add_argument("--json", help="also write section 4's figures as JSON here (for benchmarks/report.py)")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--end-to-end", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    if args.end_to_end:
        print(json.dumps(run_end_to_end(args.end_to_end[1], args.end_to_end[0])))
        return
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"kgtools validation benchmark  (python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load})"
    )
    if not args.process_only:
        bench_xsco(args.repeat)
        bench_instances([int(s) for s in args.sizes.split(",") if s])
    runs = bench_process(min(args.repeat, 5))
    if args.json:
        Path(args.json).write_text(json.dumps({"benchmark": "validation", "runs": runs}, indent=1), encoding="utf-8")
    print(
        f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        "(shared machine: figures vary with it)"
    )


if __name__ == "__main__":
    main()
