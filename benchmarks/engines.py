"""kgtools (Oxigraph) against what a user writes without kgtools, on XSCO plus generated data (issue 19).

For each size (generated triples *beside* XSCO: default 10k, 100k, 1M) and data shape it writes the
generated data as N-Triples and measures, each in a fresh child process, in the same run:

* **kgtools**: ``kgtools.load(xsco, generated)``, then every named query with its first example as
  a user calls it (``kg.query(name, **params)``, term parameters given by label, so the first
  parametrised query includes building whatever term lookup it needs);
* **rdflib** (the baseline a user writes without kgtools, as rdflib documents it):
  ``g = rdflib.Graph(); g.parse(xsco); g.parse(generated)`` and ``g.query(text, initBindings=...)``
  with the parameters already resolved to IRIs;
* **pyoxigraph alone**: ``Store().bulk_load(...)`` of the same files (load time only: the floor
  kgtools' own loading is compared with).

Printed per size: load seconds in-process, wall and CPU (after the imports, as pyoxigraph alone is timed), the
import seconds, and the whole process (interpreter start, imports, load),
peak RSS, each query's first call (wall and CPU seconds) and the median of the calls after it (3, or 2
when they pass 1 s), the ratio rdflib /
kgtools, whether the rows are the same as the baseline's, the load average while it ran, and the
same query text run by pyoxigraph alone on kgtools' store (parameters bound as kgtools binds them):
its ratio rdflib / pyoxigraph alone is the most a query can reach through this store.
An rdflib query past ``--rdflib-timeout`` seconds is recorded as a timeout: each rdflib query runs in
a forked copy of the process that loaded the graph, killed when late (the graph is not loaded again).

Shapes: ``default`` (disorders, two associations each, calcification subtypes) and
``associations`` (association-heavy: every association on one of three types, a shortcut triple
from the type for each, as in the issue-19 report where ``qualified-statements`` went quadratic).

    python benchmarks/engines.py                                   # 10k,100k,1M x both shapes
    python benchmarks/engines.py --sizes 10000,100000 --json out.json
    python benchmarks/report.py out.json ...                       # the tables of docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

XSCO = "https://w3id.org/xsco/XSCO_"
OBO = "http://purl.obolibrary.org/obo/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
OBAN = "http://purl.org/oban/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = [f"{XSCO}{i:07d}" for i in range(1, 11)]
SITES = [OBO + s for s in ("UBERON_0002384", "UBERON_0002072", "UBERON_0002097", "UBERON_0001981", "UBERON_0000948")]
QUALIFIERS = ["usually", "most often", "especially", "has been described", "common", None]
SHAPES = ("default", "associations")


def generate(path: Path, triples: int, shape: str = "default", seed: int = 5) -> int:
    """Write about ``triples`` generated triples as N-Triples; return how many were written."""
    rng = random.Random(seed)
    types = list(TYPES) if shape == "default" else [f"{XSCO}0000002", f"{XSCO}0000003", f"{XSCO}0000009"]
    n = 0
    i = 0
    with path.open("w", encoding="utf-8") as out:

        def t(s: str, p: str, o: str) -> None:
            nonlocal n
            out.write(f"{s} {p} {o} .\n")
            n += 1

        while n < triples:
            i += 1
            disorder = f"<https://example.org/gen/D{i}>"
            t(disorder, f"<{RDF_TYPE}>", f"<{OWL}Class>")
            t(disorder, f"<{RDFS}label>", f'"generated disorder {i}"')
            t(disorder, f"<{RDFS}subClassOf>", f"<{XSCO}0000030>")
            if shape == "default" and i % 10 == 0:  # a new subtype under an existing type: deeper paths
                sub = f"https://example.org/gen/T{i}"
                t(f"<{sub}>", f"<{RDF_TYPE}>", f"<{OWL}Class>")
                t(f"<{sub}>", f"<{RDFS}subClassOf>", f"<{rng.choice(types)}>")
                t(f"<{sub}>", f"<{RDFS}label>", f'"generated type {i}"@en')
                t(f"<{sub}>", f"<{OBO}IAO_0000115>", f'"A generated calcification subtype number {i}."@en')
                types.append(sub)
            for _ in range(2 if shape == "default" else 4):
                i += 1
                node = f"<https://example.org/gen/A{i}>"
                subject = rng.choice(types)
                kind = rng.random()
                if kind < 0.7:
                    predicate, obj = OBO + "RO_0002610", disorder
                elif kind < 0.9:
                    predicate, obj = OBO + "RO_0004026", f"<{rng.choice(SITES)}>"
                else:
                    predicate, obj = XSCO + "0000205", f"<{XSCO}0000020>"
                t(node, f"<{RDF_TYPE}>", f"<{OBAN}association>")
                t(node, f"<{OBAN}association_has_subject>", f"<{subject}>")
                t(node, f"<{OBAN}association_has_predicate>", f"<{predicate}>")
                t(node, f"<{OBAN}association_has_object>", obj)
                t(node, "<http://purl.org/dc/terms/source>", "<https://example.org/gen/source>")
                qualifier = rng.choice(QUALIFIERS)
                if qualifier:
                    t(node, f"<{XSCO}0000201>", f'"{qualifier}"')
                t(node, f"<{XSCO}0000203>", f'"{str(rng.random() < 0.3).lower()}"^^<{XSD}boolean>')
                t(node, f"<{XSCO}0000202>", f'"Generated statement {i}."')
                t(f"<{subject}>", f"<{predicate}>", obj)  # the shortcut triple
    return n


def _rowset(rows) -> frozenset:
    """Rows as a comparable set (blank nodes made equal: their labels are engine-specific)."""
    from rdflib.term import BNode

    return frozenset(
        tuple(sorted((str(k), "_:b" if isinstance(v, BNode) else v.n3()) for k, v in row.items() if v is not None))
        for row in rows
    )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time_query(run, once_if_slow: bool = False) -> tuple[float, float, object, float]:
    """First-call seconds, the median seconds of the calls after it (3, or 2 when they pass 1 s), the
    last result and the first call's CPU seconds. The first call is timed apart: it pays for what a
    process builds once (kgtools' term index for a term parameter). Counting it in the median made
    the median the first call whenever that passed 1 s (the issue-19 table's 1.76 s for
    ``associations`` at 1M was the term index plus one query). ``once_if_slow`` (the rdflib
    baseline, whose queries build nothing to keep and run under a time limit): a first call past
    1 s is also the median."""
    start, cpu = time.perf_counter(), time.process_time()
    result = run()
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    if once_if_slow and first > 1.0:
        return first, first, result, first_cpu
    times = []
    while len(times) < 3 and (len(times) < 2 or sum(times) <= 1.0):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times), result, first_cpu


def _worker(tool: str, files: list[str], cases: list[tuple], conn, timeout: float | None = None) -> None:
    """One child process: load with ``tool``, then run the cases, sending figures back (rdflib queries
    with a ``timeout`` each in a forked child, :func:`_forked_query`)."""
    # Load seconds start after the imports, as pyoxigraph alone is timed; importing is in the
    # whole-process figure (and printed apart as import seconds).
    # The triple count is taken after the clock stops: Oxigraph's in-memory len() walks every quad
    # (~0.3 s at 1M), rdflib's is free, and neither is part of loading.
    start = time.perf_counter()
    if tool == "kgtools":
        import kgtools
        from kgtools.sparql import bind_values

        imported = time.perf_counter()
        start, import_s, cpu = imported, imported - start, time.process_time()
        kg = kgtools.load(*files)
        loaded, cpu = time.perf_counter() - start, time.process_time() - cpu
        count = kg.store.count()
    else:
        import rdflib

        imported = time.perf_counter()
        start, import_s, cpu = imported, imported - start, time.process_time()
        graph = rdflib.Graph()
        for f in files:
            graph.parse(f)  # the format from the file name, as rdflib documents it
        loaded, cpu = time.perf_counter() - start, time.process_time() - cpu
        count = len(graph)
    conn.send(("loaded", loaded, _rss_mb(), count, os.getloadavg()[0], import_s, cpu))
    for name, params, text, bindings in cases:
        if tool == "kgtools":
            first, median, result, first_cpu = _time_query(lambda name=name, params=params: kg.query(name, **params))
            rows = result.terms
            # the floor: pyoxigraph alone on the same store and text (parameters as kgtools binds them)
            bound = bind_values(text, bindings) if bindings else text
            native = kg.store.native
            _, alone, _, _ = _time_query(
                lambda bound=bound, native=native: list(native.query(bound, use_default_graph_as_union=True))
            )
            conn.send(("query", name, first, median, len(rows), _rowset(rows), os.getloadavg()[0], _rss_mb(), alone,
                       first_cpu))
            continue
        elif timeout is not None:
            conn.send(_forked_query(graph, name, text, bindings, timeout))
            continue
        else:
            first, median, result, _ = _time_query(
                lambda text=text, bindings=bindings: list(graph.query(text, initBindings=bindings)), once_if_slow=True
            )
            rows = [r.asdict() for r in result]
        conn.send(("query", name, first, median, len(rows), _rowset(rows), os.getloadavg()[0], _rss_mb()))
    conn.send(("done", _rss_mb()))


def _forked_query(graph, name: str, text: str, bindings: dict, timeout: float) -> tuple:
    """Run one rdflib query in a forked copy of this process (the loaded graph is shared, copy on
    write) and kill it past ``timeout``: a timed-out query no longer costs a second load of the graph
    (91 s at 1M triples) for the queries after it. Returns the message for the parent."""
    reader, writer = mp.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: run, send, exit without cleanup
        try:
            first, median, result, _ = _time_query(
                lambda: list(graph.query(text, initBindings=bindings)), once_if_slow=True
            )
            rows = [r.asdict() for r in result]
            writer.send(("query", name, first, median, len(rows), _rowset(rows), os.getloadavg()[0], _rss_mb()))
        finally:
            os._exit(0)
    writer.close()
    try:
        if reader.poll(timeout):
            return reader.recv()
        os.kill(pid, signal.SIGKILL)
        return ("timeout", name, os.getloadavg()[0])
    finally:
        os.waitpid(pid, 0)
        reader.close()


def run_tool(tool: str, files: list[str], cases: list[tuple], timeout: float | None) -> dict:
    """Load and query in child processes; a query past ``timeout`` is recorded as None and its child killed."""
    ctx = mp.get_context("spawn")
    out: dict = {"queries": {}}
    remaining = list(cases)
    while True:
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_worker, args=(tool, files, remaining, child, timeout), daemon=True)
        process.start()
        child.close()
        try:
            if not parent.poll(3600):
                raise RuntimeError(f"{tool}: loading took over an hour")
            _, load_s, rss, count, load_avg, import_s, load_cpu = parent.recv()
            out.setdefault("load_s", load_s)
            out.setdefault("load_cpu_s", load_cpu)
            out.setdefault("import_s", import_s)
            out.setdefault("load_avg", load_avg)
            out["rss_mb"] = max(out.get("rss_mb", 0), rss)
            out["triples"] = count
            while remaining:
                # the worker kills a late rdflib query itself; this is the fallback if it hangs
                if not parent.poll(None if timeout is None else timeout + 60):
                    name = remaining.pop(0)[0]
                    out["queries"][name] = None  # timed out
                    break
                message = parent.recv()
                if message[0] == "done":
                    out["rss_mb"] = max(out["rss_mb"], message[1])
                    break
                if message[0] == "timeout":
                    out["queries"][message[1]] = None
                    remaining.pop(0)
                    continue
                _, name, first, median, rows, rowset, load_avg, rss, *alone = message
                out["rss_mb"] = max(out["rss_mb"], rss)
                out["queries"][name] = {"first_s": first, "median_s": median, "rows": rows, "rowset": rowset,
                                        "load_avg": load_avg, "alone_s": alone[0] if alone else None,
                                        "first_cpu_s": alone[1] if alone else None}
                remaining.pop(0)
            if not remaining:
                if parent.poll(60):
                    message = parent.recv()
                    if message[0] == "done":
                        out["rss_mb"] = max(out["rss_mb"], message[1])
                return out
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            parent.close()


_LOAD_ONLY = {
    "kgtools": "import kgtools, sys; kgtools.load(*sys.argv[1:])",
    "rdflib": "import rdflib, sys\ng = rdflib.Graph()\nfor f in sys.argv[1:]: g.parse(f)",
    "pyoxigraph": (
        "import pyoxigraph as ox, sys\ns = ox.Store()\n"
        "for f in sys.argv[1:]: s.bulk_load(path=f, format=ox.RdfFormat.from_extension(f.rsplit('.', 1)[1]))"
    ),
}
_LOAD_IN_PROCESS = {
    # argv[1]: "-" loads into the default graph (as pyoxigraph documents it), else into that named graph
    # (as kgtools loads every file: the floor of kgtools' own load)
    "pyoxigraph": (
        "import pyoxigraph as ox, sys, time, resource, json\nt, c = time.perf_counter(), time.process_time()\n"
        "s = ox.Store()\ng = None if sys.argv[1] == '-' else ox.NamedNode(sys.argv[1])\n"
        "for f in sys.argv[2:]:\n"
        "    s.bulk_load(path=f, format=ox.RdfFormat.from_extension(f.rsplit('.', 1)[1]), to_graph=g)\n"
        "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " time.process_time() - c]))"
    ),
}


def whole_process(tool: str, files: list[str]) -> float:
    """Seconds of ``python -c <load with tool>`` as a whole process (interpreter, imports, load)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _LOAD_ONLY[tool], *files], check=True)
    return time.perf_counter() - start


def oxigraph_alone(files: list[str], graph: str = "-") -> tuple[float, float, float]:
    """Load seconds, peak RSS and load CPU seconds of pyoxigraph alone (``Store().bulk_load`` per file,
    into the default graph, or into the named ``graph``)."""
    out = subprocess.run([sys.executable, "-c", _LOAD_IN_PROCESS["pyoxigraph"], graph, *files], check=True,
                         stdout=subprocess.PIPE, text=True)
    seconds, rss, cpu = json.loads(out.stdout)
    return seconds, rss, cpu


def cases_for(kg) -> list[tuple]:
    """(name, params, query text, rdflib bindings) for the first example of every named query."""
    from kgtools.query import QueryLibrary, bind_parameters, examples

    out = []
    for q in QueryLibrary():
        params = examples(q)[0] if examples(q) else {}
        bindings = bind_parameters(q, params, lambda text: kg.term(text).iri)
        out.append((q.name, params, q.text, bindings))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="Generated triples beside XSCO, comma-separated."
    )
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"Data shapes: {', '.join(SHAPES)}.")
    parser.add_argument(
        "--rdflib-timeout", type=float, default=120.0, help="Seconds before an rdflib query is a timeout."
    )
    parser.add_argument("--json", help="Also write the figures as JSON here (for benchmarks/report.py).")
    args = parser.parse_args()

    import kgtools
    from kgtools.resources import ontology_paths

    xsco_kg = kgtools.load()
    cases = cases_for(xsco_kg)
    xsco_triples = xsco_kg.store.count()
    mismatches = 0
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                gen = Path(tmp) / f"gen-{shape}-{size}.nt"
                generated = generate(gen, size, shape)
                files = [*map(str, ontology_paths()), str(gen)]
                print(f"\n== {shape}: XSCO ({xsco_triples:,}) + {generated:,} generated triples; "
                      f"load average {os.getloadavg()[0]:.2f} ==", flush=True)
                kg = run_tool("kgtools", files, cases, None)
                rd = run_tool("rdflib", files, cases, args.rdflib_timeout)
                ox_s, ox_rss, ox_cpu = oxigraph_alone(files)
                # kgtools puts every file in a named graph: its floor is pyoxigraph loading into one
                from kgtools.store import ASSERTED

                oxg_s, _, oxg_cpu = oxigraph_alone(files, ASSERTED)
                process = {tool: whole_process(tool, files) for tool in ("kgtools", "rdflib", "pyoxigraph")}
                print(f"load in-process   kgtools {kg['load_s']:7.2f} s   rdflib Graph().parse {rd['load_s']:7.2f} s   "
                      f"pyoxigraph alone {ox_s:6.2f} s   ratio {rd['load_s'] / kg['load_s']:5.1f}x   "
                      f"kgtools/pyoxigraph {kg['load_s'] / ox_s:4.2f}")
                print(f"pyoxigraph alone into one named graph (kgtools' floor) {oxg_s:6.2f} s, {oxg_cpu:6.2f} s CPU   "
                      f"kgtools/that {kg['load_s'] / oxg_s:4.2f} wall, {kg['load_cpu_s'] / oxg_cpu:4.2f} CPU")
                print(f"load CPU s        kgtools {kg['load_cpu_s']:7.2f} s   "
                      f"rdflib Graph().parse {rd['load_cpu_s']:7.2f} s   "
                      f"pyoxigraph alone {ox_cpu:6.2f} s   ratio {rd['load_cpu_s'] / kg['load_cpu_s']:5.1f}x")
                print(f"import            kgtools {kg['import_s']:7.2f} s   rdflib {rd['import_s']:7.2f} s")
                print(
                    f"load whole process kgtools {process['kgtools']:6.2f} s   rdflib {process['rdflib']:7.2f} s   "
                    f"pyoxigraph {process['pyoxigraph']:6.2f} s   ratio {process['rdflib'] / process['kgtools']:5.1f}x"
                )
                print(
                    f"peak RSS          kgtools {kg['rss_mb']:7.0f} MB  rdflib {rd['rss_mb']:7.0f} MB  "
                    f"pyoxigraph {ox_rss:6.0f} MB"
                )
                print(
                    f"{'query':30} {'rows':>7} {'kgtools s':>10} {'first s':>8} {'rdflib s':>9} {'ratio':>7}  "
                    f"same rows  load avg  {'pyoxigraph alone s':>18} {'rdflib/alone':>12}"
                )
                queries = {}
                for name, *_ in cases:
                    k = kg["queries"][name]
                    r = rd["queries"].get(name)
                    if r is None:
                        ratio = None
                        print(
                            f"{name:30} {k['rows']:7} {k['median_s']:10.4f} {k['first_s']:8.4f} "
                            f"{'>' + format(args.rdflib_timeout, 'g'):>9} {'timeout':>7}  "
                            f"-          {k['load_avg']:.2f}"
                        )
                        same = None
                    else:
                        same = k["rowset"] == r["rowset"]
                        mismatches += not same
                        ratio = r["median_s"] / max(k["median_s"], 1e-6)
                        floor = r["median_s"] / max(k["alone_s"], 1e-6)
                        print(f"{name:30} {k['rows']:7} {k['median_s']:10.4f} {k['first_s']:8.4f} {r['median_s']:9.4f} "
                              f"{ratio:6.1f}x  {'yes' if same else 'NO':9}  {k['load_avg']:.2f}      "
                              f"{k['alone_s']:18.4f} {floor:11.1f}x")
                    queries[name] = {
                        "rows": k["rows"], "kgtools_s": k["median_s"], "kgtools_first_s": k["first_s"],
                        "kgtools_first_cpu_s": k["first_cpu_s"],
                        "rdflib_s": None if r is None else r["median_s"], "ratio": ratio, "same": same,
                        "load_avg": k["load_avg"], "pyoxigraph_s": k["alone_s"],
                    }
                runs.append({
                    "shape": shape, "generated": generated, "xsco": xsco_triples, "triples": kg["triples"],
                    "load": {"kgtools_s": kg["load_s"], "rdflib_s": rd["load_s"], "pyoxigraph_s": ox_s,
                             "kgtools_cpu_s": kg["load_cpu_s"], "rdflib_cpu_s": rd["load_cpu_s"],
                             "pyoxigraph_cpu_s": ox_cpu, "pyoxigraph_graph_s": oxg_s,
                             "pyoxigraph_graph_cpu_s": oxg_cpu,
                             "import_kgtools_s": kg["import_s"], "import_rdflib_s": rd["import_s"],
                             "process_kgtools_s": process["kgtools"], "process_rdflib_s": process["rdflib"],
                             "process_pyoxigraph_s": process["pyoxigraph"]},
                    "rss_mb": {"kgtools": kg["rss_mb"], "rdflib": rd["rss_mb"], "pyoxigraph": ox_rss},
                    "load_avg": kg["load_avg"], "queries": queries, "rdflib_timeout_s": args.rdflib_timeout,
                })
    print(f"\nresult mismatches: {mismatches}")
    if args.json:
        Path(args.json).write_text(json.dumps({"benchmark": "engines", "cpus": os.cpu_count(), "runs": runs}, indent=1))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
