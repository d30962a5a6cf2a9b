"""Oxigraph (the default engine) against the rdflib memory store on synthetic graphs of XSCO plus generated data.

For each size (default 10k, 100k and 1M triples) it writes XSCO plus generated associations,
disorders and calcification subtypes as N-Triples, then, in one child process per engine, loads them
with ``kgtools.load(engine=...)`` and runs every named query with its example parameters. It prints
load time, peak memory, each query's time and the ratio rdflib / oxigraph, and checks that both
engines give the same rows. An rdflib query running longer than ``--rdflib-timeout`` seconds
(default 60) is recorded as a timeout: its child process is killed and a new one loads the graph
again for the remaining queries, so the run stays bounded.

    python benchmarks/engines.py                      # 10k, 100k, 1M
    python benchmarks/engines.py --sizes 10000,100000 --rdflib-timeout 30
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import statistics
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


def generate(path: Path, triples: int, xsco_triples: int, seed: int = 5) -> int:
    """Write about ``triples - xsco_triples`` generated triples as N-Triples; return how many."""
    rng = random.Random(seed)
    types = list(TYPES)
    n = 0
    i = 0
    with path.open("w", encoding="utf-8") as out:

        def t(s: str, p: str, o: str) -> None:
            nonlocal n
            out.write(f"{s} {p} {o} .\n")
            n += 1

        while n < triples - xsco_triples:
            i += 1
            disorder = f"<https://example.org/gen/D{i}>"
            t(disorder, f"<{RDF_TYPE}>", f"<{OWL}Class>")
            t(disorder, f"<{RDFS}label>", f'"generated disorder {i}"')
            t(disorder, f"<{RDFS}subClassOf>", f"<{XSCO}0000030>")
            if i % 10 == 0:  # a new calcification subtype under an existing type: deeper subClassOf paths
                sub = f"https://example.org/gen/T{i}"
                t(f"<{sub}>", f"<{RDF_TYPE}>", f"<{OWL}Class>")
                t(f"<{sub}>", f"<{RDFS}subClassOf>", f"<{rng.choice(types)}>")
                t(f"<{sub}>", f"<{RDFS}label>", f'"generated type {i}"@en')
                t(f"<{sub}>", f"<{OBO}IAO_0000115>", f'"A generated calcification subtype number {i}."@en')
                types.append(sub)
            for _ in range(2):  # two associations per disorder
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


def _rowset(result) -> frozenset:
    from rdflib.term import BNode

    return frozenset(
        tuple(sorted((k, "_:b" if isinstance(v, BNode) else v.n3()) for k, v in row.items())) for row in result.terms
    )


def _worker(engine: str, files: list[str], cases: list[tuple[str, dict]], conn) -> None:
    import kgtools

    start = time.perf_counter()
    kg = kgtools.load(*files, engine=engine)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    kg.index  # noqa: B018 - the term index, built once
    index_s = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send(("loaded", load_s, index_s, rss_mb, kg.store.count()))
    for name, params in cases:
        times = []
        result = None
        while True:
            start = time.perf_counter()
            result = kg.query(name, **params)
            times.append(time.perf_counter() - start)
            if len(times) >= 3 or sum(times) > 1.0:
                break
        conn.send(("query", name, statistics.median(times), len(result.terms), _rowset(result)))
    conn.send(("done",))


def run_engine(engine: str, files: list[str], cases: list[tuple[str, dict]], timeout: float | None) -> dict:
    """Load and query in child processes; a query past ``timeout`` is recorded as None and its child killed."""
    ctx = mp.get_context("spawn")
    out: dict = {"queries": {}, "loads": []}
    remaining = list(cases)
    while True:
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_worker, args=(engine, files, remaining, child), daemon=True)
        process.start()
        child.close()
        try:
            if not parent.poll(1800):
                raise RuntimeError(f"{engine}: loading took over 30 minutes")
            _, load_s, index_s, rss_mb, count = parent.recv()
            out["loads"].append(load_s)
            out.setdefault("load", load_s)
            out.setdefault("index", index_s)
            out.setdefault("rss_mb", rss_mb)
            out["triples"] = count
            while remaining:
                if not parent.poll(timeout):
                    name, _ = remaining.pop(0)
                    out["queries"][name] = None  # timed out
                    break
                _, name, seconds, rows, rowset = parent.recv()
                out["queries"][name] = (seconds, rows, rowset)
                remaining.pop(0)
            else:
                return out
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            parent.close()
        if not remaining:
            return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Total triples per graph, comma-separated.")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="Seconds before an rdflib query is a timeout.")
    args = parser.parse_args()

    import kgtools
    from kgtools.query import QueryLibrary, examples
    from kgtools.resources import ontology_paths

    cases = [(q.name, examples(q)[0] if examples(q) else {}) for q in QueryLibrary()]
    xsco_triples = kgtools.load().store.count()
    mismatches = 0
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            gen = Path(tmp) / f"gen-{size}.nt"
            generate(gen, size, xsco_triples)
            files = [*map(str, ontology_paths()), str(gen)]
            ox = run_engine("oxigraph", files, cases, None)
            rd = run_engine("rdflib", files, cases, args.rdflib_timeout)
            print(f"\n== {ox['triples']:,} triples (XSCO {xsco_triples:,} + generated) ==")
            print(
                f"load      oxigraph {ox['load']:8.2f} s   rdflib {rd['load']:8.2f} s   "
                f"ratio {rd['load'] / ox['load']:6.1f}x   (peak RSS {ox['rss_mb']:.0f} MB vs {rd['rss_mb']:.0f} MB)"
            )
            print(f"index     oxigraph {ox['index']:8.2f} s   rdflib {rd['index']:8.2f} s")
            print(f"{'query':24} {'rows':>8} {'oxigraph s':>11} {'rdflib s':>10} {'ratio':>8}  same rows")
            ratios = []
            for name, _ in cases:
                o = ox["queries"][name]
                r = rd["queries"].get(name)
                if r is None:
                    print(f"{name:24} {o[1]:8} {o[0]:11.4f} {'>' + format(args.rdflib_timeout, 'g'):>10} {'timeout':>8}  -")
                    ratios.append(args.rdflib_timeout / max(o[0], 1e-6))
                    continue
                same = o[2] == r[2]
                mismatches += not same
                ratio = r[0] / max(o[0], 1e-6)
                ratios.append(ratio)
                print(f"{name:24} {o[1]:8} {o[0]:11.4f} {r[0]:10.4f} {ratio:7.1f}x  {'yes' if same else 'NO'}")
            slowest = max(ox["queries"][n][0] for n, _ in cases)
            print(
                f"min query ratio {min(ratios):.1f}x, geometric mean {statistics.geometric_mean(ratios):.1f}x; "
                f"slowest oxigraph query {slowest:.3f} s"
            )
            summary.append((size, rd["load"] / ox["load"], min(ratios), slowest))
    print("\nsize       load ratio  min query ratio  slowest oxigraph query")
    for size, load_ratio, min_ratio, slowest in summary:
        print(f"{size:<10} {load_ratio:9.1f}x  {min_ratio:14.1f}x  {slowest:10.3f} s")
    print(f"result mismatches: {mismatches}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
