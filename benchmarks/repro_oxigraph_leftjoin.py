"""Minimal pyoxigraph-only reproduction of the quadratic label look-up (issue 19), for an upstream report.

Oxigraph's in-memory store keeps one linked list of quads per subject, predicate, object and graph;
a pattern with several bound terms walks the shortest of their lists and filters it. The optimiser
evaluates ``OPTIONAL { ?s rdfs:label ?l }`` (and the inner join ``?s rdfs:label ?l``) as an index
nested-loop join: one such pattern per left row. When many rows share a subject that has many
triples of its own, every look-up walks min(triples of the subject, rdfs:label triples), so the
query is quadratic: doubling the data quadruples the time. The on-disk (RocksDB) store, whose
indexes are sorted, answers the same query in linear time; so does a hash join of the labels
(``OPTIONAL { { SELECT ?s ?l WHERE { ?s rdfs:label ?l } } }``), which is what the named queries use.

    python benchmarks/repro_oxigraph_leftjoin.py            # 10k and 20k rows
    python benchmarks/repro_oxigraph_leftjoin.py 5000 10000 20000

Needs only pyoxigraph. Prints seconds per query shape and data size, and the per-look-up cost.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

import pyoxigraph as ox

EX = "https://example.org/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
HAS_SUBJECT = ox.NamedNode(EX + "has_subject")
RELATED = ox.NamedNode(EX + "related")

QUERIES = {
    "optional label (per-row look-up)": (
        f"SELECT * WHERE {{ ?a <{EX}has_subject> ?s OPTIONAL {{ ?s <{LABEL.value}> ?l }} }}"
    ),
    "inner join label": f"SELECT * WHERE {{ ?a <{EX}has_subject> ?s . ?s <{LABEL.value}> ?l }}",
    "labels from a sub-select": (
        f"SELECT * WHERE {{ ?a <{EX}has_subject> ?s "
        f"OPTIONAL {{ {{ SELECT ?s ?l WHERE {{ ?s <{LABEL.value}> ?l }} }} }} }}"
    ),
}


def quads(rows: int) -> list[ox.Quad]:
    """``rows`` statements about three subjects; each statement also adds a triple from its subject."""
    subjects = [ox.NamedNode(f"{EX}T{i}") for i in range(3)]
    out = [ox.Quad(s, LABEL, ox.Literal(f"type {i}")) for i, s in enumerate(subjects)]
    for i in range(rows):
        statement, target, subject = ox.NamedNode(f"{EX}A{i}"), ox.NamedNode(f"{EX}D{i}"), subjects[i % 3]
        out.append(ox.Quad(statement, HAS_SUBJECT, subject))
        out.append(ox.Quad(target, LABEL, ox.Literal(f"target {i}")))
        out.append(ox.Quad(subject, RELATED, target))  # gives each subject rows/3 triples of its own
    return out


def timed(store: ox.Store, sparql: str) -> tuple[int, float]:
    start = time.perf_counter()
    n = sum(1 for _ in store.query(sparql))
    return n, time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(f"pyoxigraph {ox.__version__}, load average {os.getloadavg()[0]:.2f}")
    for rows in sizes:
        data = quads(rows)
        memory = ox.Store()
        memory.bulk_extend(data)
        with tempfile.TemporaryDirectory() as folder:
            disk = ox.Store(folder)
            disk.bulk_extend(data)
            for name, sparql in QUERIES.items():
                n, seconds = timed(memory, sparql)
                _, on_disk = timed(disk, sparql)
                print(
                    f"{rows:>7} rows  {name:34s} in memory {seconds:8.3f} s   "
                    f"on disk {on_disk:7.3f} s   ({n} solutions)"
                )
            del disk
        subject = ox.NamedNode(EX + "T0")
        start = time.perf_counter()
        for _ in range(1000):
            list(memory.quads_for_pattern(subject, LABEL, None))
        per_lookup = (time.perf_counter() - start) / 1000
        print(f"{rows:>7} rows  quads_for_pattern(T0, rdfs:label, None): {per_lookup * 1e6:.0f} µs per call "
              f"(T0 has {rows // 3 + 1} triples, 1 of them a label)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 20_000])
