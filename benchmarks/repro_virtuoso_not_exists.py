"""Minimal reproduction: Virtuoso 7.2.5 drops a FILTER NOT EXISTS (issue 19: 522 rows against 518).

On the `kgtools link --all` store, `diseases-with-phenotype-under` (type=extra-skeletal calcification)
gave 522 rows on Virtuoso and 518 on Oxigraph. The 4 extra rows are the "NOT" annotations of
phenotype.hpoa (ORPHA:94089 and ORPHA:94090 to HP:0003761 and HP:0010766): Virtuoso returned
annotations that ``FILTER NOT EXISTS { ?association XSCO:0000204 true }`` excludes. Isolated here on
nine triples: the query shape of the named query before the fix (the pattern, the NOT EXISTS, a
``BIND(COALESCE(?include_broad, false) AS ?b)`` + ``FILTER(... || ?b)`` and the query's five OPTIONALs,
in one group; DISTINCT, ORDER BY) returns the negated annotation, also with MINUS in place of the
FILTER NOT EXISTS; without the OPTIONALs, or without the BIND, or with the BIND's
expression written into the FILTER (the fix now in queries/diseases-with-phenotype-under.rq), it
does not. The boolean literal itself is not the cause (the simple NOT EXISTS is right, shape 2).

    python benchmarks/repro_virtuoso_not_exists.py

Needs Virtuoso 7 (virtuoso-opensource-7-bin: virtuoso-t, isql-vt) and pyoxigraph; starts Virtuoso on
a fresh database in a temporary folder (as tests/engines/sparql_servers.py does). Prints, per query
shape, the associations each engine returns.
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent

DATA = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oban: <http://purl.org/oban/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix XSCO: <https://w3id.org/xsco/XSCO_> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
XSCO:0000002 skos:exactMatch obo:HP_0010766 .
obo:HP_0003761 rdfs:subClassOf obo:HP_0010766 .
<http://ex/negated> oban:association_has_object obo:HP_0003761 ; oban:association_has_predicate obo:RO_0002200 ;
    oban:association_has_subject <http://ex/d1> ; XSCO:0000204 "true"^^xsd:boolean .
<http://ex/kept> oban:association_has_object obo:HP_0003761 ; oban:association_has_predicate obo:RO_0002200 ;
    oban:association_has_subject <http://ex/d2> .
"""

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oban: <http://purl.org/oban/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX XSCO: <https://w3id.org/xsco/XSCO_>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
PATTERN = """  VALUES ?type { XSCO:0000002 }
  ?type ?mapping ?hp .
  ?phenotype rdfs:subClassOf* ?hp .
  ?association oban:association_has_object ?phenotype ;
      oban:association_has_predicate obo:RO_0002200 ;
      oban:association_has_subject ?disease .
  FILTER NOT EXISTS { ?association XSCO:0000204 true }
"""
BIND = """  BIND(COALESCE(?include_broad, false) AS ?broad_allowed)
  FILTER(?mapping != skos:broadMatch || ?broad_allowed)
"""
INLINE = "  FILTER(?mapping != skos:broadMatch || COALESCE(?include_broad, false))\n"
OPTIONALS = """  OPTIONAL { ?phenotype rdfs:label ?phenotype_label }
  OPTIONAL { ?disease rdfs:label ?disease_label }
  OPTIONAL { ?association XSCO:0000601 ?frequency OPTIONAL { ?frequency rdfs:label ?frequency_label } }
  OPTIONAL { ?association XSCO:0000602 ?evidence }
  OPTIONAL { ?association dcterms:source ?reference }
"""


def _query(body: str) -> str:
    return (
        PREFIXES + "SELECT DISTINCT ?association ?phenotype_label ?disease_label ?frequency ?evidence ?reference\n"
        "WHERE {\n" + body + "}\nORDER BY ?association ?reference\n"
    )


SHAPES = {
    "1 pattern + NOT EXISTS + BIND/FILTER + OPTIONALs (before the fix)": _query(PATTERN + BIND + OPTIONALS),
    "2 pattern + NOT EXISTS": _query(PATTERN),
    "3 pattern + NOT EXISTS + BIND/FILTER": _query(PATTERN + BIND),
    "4 pattern + NOT EXISTS + OPTIONALs": _query(PATTERN + OPTIONALS),
    "5 pattern + NOT EXISTS + FILTER(COALESCE) + OPTIONALs (the fix)": _query(PATTERN + INLINE + OPTIONALS),
    "6 shape 1 with MINUS instead of FILTER NOT EXISTS": _query(
        (PATTERN + BIND + OPTIONALS).replace("FILTER NOT EXISTS", "MINUS")
    ),
}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.engines import sparql_servers as servers

    store = ox.Store()
    store.load(input=DATA, format=ox.RdfFormat.TURTLE)
    work = Path(tempfile.mkdtemp(prefix="repro-virtuoso-"))
    (work / "data.ttl").write_text(DATA, encoding="utf-8")
    server = servers.start_virtuoso(work, [work / "data.ttl"], graph="http://ex/graph")
    wrong = 0
    try:
        version = servers.isql(server, "select sys_stat('st_dbms_ver');").split()
        print(f"Virtuoso {next((w for w in version if w[:1].isdigit()), '?')}, pyoxigraph {ox.__version__}")
        for name, text in SHAPES.items():
            oxigraph = sorted(s["association"].value for s in store.query(text))
            data = urllib.parse.urlencode({"query": text}).encode()
            request = urllib.request.Request(
                server.url, data=data, headers={"Accept": "application/sparql-results+json"}
            )
            with urllib.request.urlopen(request, timeout=60) as answer:
                bindings = json.loads(answer.read())["results"]["bindings"]
            virtuoso = sorted(b["association"]["value"] for b in bindings)
            same = oxigraph == virtuoso
            wrong += not same
            print(f"{name}\n    Oxigraph {oxigraph}\n    Virtuoso {virtuoso}  {'same' if same else 'DIFFERENT'}")
    finally:
        server.stop()
    print(f"\n{wrong} shape(s) where Virtuoso returns the negated association")
    return 0


if __name__ == "__main__":
    sys.exit(main())
