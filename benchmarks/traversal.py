"""Traversal benchmark (issue 7): ancestor/descendant closure with networkx vs Oxigraph property paths.

A synthetic ontology the size of HPO (default 50,000 classes; each class has one or, for 30%
of them, two parents among older classes, about 8 levels deep with ~14 ancestors per class) is written as Turtle
and loaded into the default Oxigraph store.
Printed, all measured in this run:

* parse: the Turtle file into Oxigraph (``kgtools.load``) and, as the baseline, into rdflib;
* build: the networkx graph from the store with SPARQL (``kg.graph("is_a")``), then a cached call,
  then the rebuild after the store changes;
* closure: the ancestors of every class with ``networkx.descendants`` per node, memoised in
  topological order (``kgtools.graph.closure``), and one Oxigraph ``rdfs:subClassOf+`` query;
  the descendants of every class with ``networkx.ancestors`` per node and memoised;
* per-node: a sample of single-class ``subClassOf+`` queries against ``networkx.descendants``.

Usage: ``python benchmarks/traversal.py [--classes 50000] [--seed 7] [--sample 300] [--skip-rdflib]``
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

import kgtools
from kgtools.graph import closure

BASE = "http://example.org/bench/C_"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def synthetic(n: int, seed: int) -> list[tuple[int, int]]:
    """(child, parent) pairs of a random DAG over classes 0..n-1 (0 is the root).

    Class i gets a parent among the classes i//8 .. i//3 - 1 and, 30% of the time, a second one
    from the same range: about 8 levels deep, 1.3 parents and ~14 ancestors per class, close to HPO.
    """
    rng = random.Random(seed)
    edges = []
    for i in range(1, n):
        lo, hi = i // 8, max(i // 3, 1)
        first = rng.randrange(lo, hi) if hi > lo else 0
        edges.append((i, first))
        if i > 8 and rng.random() < 0.3:
            second = rng.randrange(lo, hi)
            if second != first:
                edges.append((i, second))
    return edges


def write_turtle(path: Path, n: int, edges: list[tuple[int, int]]) -> None:
    parents: dict[int, list[int]] = {}
    for c, p in edges:
        parents.setdefault(c, []).append(p)
    with path.open("w", encoding="utf-8") as out:
        out.write("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
        out.write("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n")
        out.write(f"@prefix c: <{BASE}> .\n")
        for i in range(n):
            sup = "".join(f" ; rdfs:subClassOf c:{p}" for p in parents.get(i, []))
            out.write(f'c:{i} a owl:Class ; rdfs:label "class {i}"{sup} .\n')


def timed(label: str, func: Callable[[], Any], results: dict[str, float]) -> Any:
    """Run ``func`` once; record and print its wall-clock time (and the CPU time of this process)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    results[label] = time.perf_counter() - start
    results["cpu:" + label] = time.process_time() - cpu
    print(f"  {label:<58} {results[label]:8.3f} s wall {results['cpu:' + label]:8.3f} s cpu", flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=300, help="single-class queries to time")
    parser.add_argument("--skip-rdflib", action="store_true", help="skip the rdflib parse baseline")
    args = parser.parse_args(argv)
    t: dict[str, float] = {}

    edges = synthetic(args.classes, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.ttl"
        write_turtle(path, args.classes, edges)
        print(
            f"synthetic ontology: {args.classes} classes, {len(edges)} subClassOf edges, "
            f"{path.stat().st_size / 1e6:.1f} MB Turtle"
        )

        print("parse")
        kg = timed("kgtools.load (Oxigraph bulk load)", lambda: kgtools.load(path), t)
        if not args.skip_rdflib:
            import rdflib

            timed("rdflib.Graph().parse (baseline)", lambda: rdflib.Graph().parse(path, format="turtle"), t)

    print("build the networkx graph from the store (SPARQL)")
    g = timed("kg.graph('is_a'), first call", lambda: kg.graph("is_a"), t)
    timed("kg.graph('is_a'), cached", lambda: kg.graph("is_a"), t)
    assert g.number_of_nodes() == args.classes and g.number_of_edges() == len(edges)
    from rdflib import URIRef

    kg.add_triples([(URIRef(BASE + "1"), URIRef(SUBCLASS), URIRef(BASE + "0"))], graph="inferred")
    g = timed("kg.graph('is_a') after the store changed (rebuild)", lambda: kg.graph("is_a"), t)

    print("closure: ancestors of every class")
    per_node = timed("networkx.descendants per node", lambda: {n: nx.descendants(g, n) for n in g}, t)
    memo = timed("kgtools.graph.closure (memoised, topological order)", lambda: closure(g), t)
    raw = kg.store._store  # pyoxigraph.Store: the property-path query without term conversion

    def oxigraph_closure() -> int:
        return sum(
            1 for _ in raw.query(f"SELECT ?s ?o WHERE {{ ?s <{SUBCLASS}>+ ?o }}", use_default_graph_as_union=True)
        )

    pairs = timed("Oxigraph SELECT ?s ?o { ?s rdfs:subClassOf+ ?o }", oxigraph_closure, t)
    nx_pairs = sum(len(v) for v in per_node.values())
    assert nx_pairs == sum(len(v) for v in memo.values()) == pairs, (nx_pairs, pairs)
    print(f"  ancestor pairs: {pairs} (same in all three); mean ancestors per class {pairs / args.classes:.1f}")

    print("closure: descendants of every class")
    down = timed("networkx.ancestors per node", lambda: {n: nx.ancestors(g, n) for n in g}, t)
    down_memo = timed("kgtools.graph.closure(descendants=True) (memoised)", lambda: closure(g, descendants=True), t)
    assert sum(len(v) for v in down.values()) == sum(len(v) for v in down_memo.values()) == pairs

    print(f"per node: {args.sample} random classes")
    rng = random.Random(args.seed)
    sample = [BASE + str(rng.randrange(args.classes)) for _ in range(args.sample)]
    timed("networkx.descendants, sample", lambda: [nx.descendants(g, n) for n in sample], t)
    import pyoxigraph as ox

    def per_node_sparql() -> None:
        for n in sample:
            list(
                raw.query(
                    f"SELECT ?s ?o WHERE {{ ?s <{SUBCLASS}>+ ?o }}",
                    use_default_graph_as_union=True,
                    substitutions={ox.Variable("s"): ox.NamedNode(n)},
                )
            )

    timed("Oxigraph subClassOf+ per class, sample", per_node_sparql, t)

    print("ratios (measured above, same run)")
    closure_ox = t["Oxigraph SELECT ?s ?o { ?s rdfs:subClassOf+ ?o }"]
    rows = [
        ("Oxigraph closure / networkx.descendants per node", closure_ox / t["networkx.descendants per node"]),
        ("Oxigraph closure / memoised closure", closure_ox / t["kgtools.graph.closure (memoised, topological order)"]),
        (
            "networkx.ancestors per node / memoised descendants closure",
            t["networkx.ancestors per node"] / t["kgtools.graph.closure(descendants=True) (memoised)"],
        ),
        (
            "Oxigraph per-class query / networkx per node (sample)",
            t["Oxigraph subClassOf+ per class, sample"] / t["networkx.descendants, sample"],
        ),
    ]
    if "rdflib.Graph().parse (baseline)" in t:
        rows.append(
            (
                "rdflib parse / graph build from the store",
                t["rdflib.Graph().parse (baseline)"] / t["kg.graph('is_a'), first call"],
            )
        )
    for label, ratio in rows:
        print(f"  {label:<58} {ratio:8.1f} x")
    for kind, prefix in (("wall", ""), ("cpu", "cpu:")):
        memo_s = t[prefix + "kgtools.graph.closure (memoised, topological order)"]
        per_node_s = t[prefix + "networkx.descendants per node"]
        build_s = t[prefix + "kg.graph('is_a'), first call"]
        print(
            f"goals ({kind} time): closure under 0.5 s: memoised {memo_s:.2f} s "
            f"{'met' if memo_s < 0.5 else 'NOT met'}, "
            f"per node {per_node_s:.2f} s {'met' if per_node_s < 0.5 else 'NOT met'}; "
            f"graph built from the store under 1 s: {build_s:.2f} s {'met' if build_s < 1 else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
