"""Derive the parents of XSCO's UBERON site rows from an UBERON release: the site hierarchy as UBERON has it.

The differential rolls a finding's site up XSCO's site graph (is_a and part_of, rule 3 of
``kgtools/differential.py``), so each UBERON class XSCO reuses needs its place among XSCO's other sites:
the face is part of the head, the buttock part of the pelvic region, the femur part of the thigh. This script
reads those places from the release instead of asserting them one by one.

Rules, for every terms row of ``ontology/templates/*.terms.tsv`` whose id is an UBERON CURIE (a *site row*),
and for the UBERON classes the hand-edited ``ontology/xsco-edit.ttl`` declares (the seed's sites: kidney, lung,
hip, ...; their parents are its ``rdfs:subClassOf`` axioms, a class or a ``part_of`` restriction):

* **Which sites.** XSCO's sites are the UBERON classes XSCO declares (the site rows and the UBERON classes of
  ``ontology/xsco-edit.ttl``), less the root ``UBERON:0001062`` (anatomical entity). A row's parents are its
  *nearest* XSCO sites among its UBERON ancestors (:func:`nearest_sites`): an ancestor that is itself an
  ancestor of another such site is left out (the femur is part of the thigh, which is part of the leg: the
  femur gets the thigh). The release copy (cellxgene-ontology-guide's ``UBERON-ontology-<version>.json.zst``)
  lists each class's is_a and part_of ancestors together, each with its distance.
* **Which relation.** That copy does not say which ancestor is a kind (is_a) and which a whole (part_of), so
  the relation of each (row, nearest site) pair is a checked fact kept in
  ``tests/data/uberon_site_relations.tsv`` with the shortest path of UBERON classes between the two (its
  evidence: "face > subdivision of head > head" is part_of, the face being a subdivision of the head and
  subdivisions of the head parts of it; where the path leaves it open, UBERON's edit file
  src/ontology/uberon-edit.obo says it: the extra-ocular muscle is a skeletal muscle organ and part of the
  skeletal muscle tissue of the eye). A pair the row already asserts keeps the relation the row gives;
  a new pair (at a new release) is written with an empty relation, and ``--write`` refuses until a curator
  fills it in from the path. A row is a kind of a site only when every step of a path is is_a; a part of a
  kind, or a kind of a part, is a part. The table's ``checked`` column says where a relation was read:
  ``edit`` in UBERON's edit file (the row's stanza, and those of the classes on its path: ``is_a``,
  ``intersection_of`` genus, ``relationship: part_of``), empty where it is typed from the path alone.
* **No part of a mere kind.** A part_of pair whose site is organ or tissue, or a kind of them that other
  sites are kinds of and that is part of nothing (skeletal muscle organ), is kept in the table but not
  asserted: "the pinna is part of an organ" (of the ear) says nothing of where it is, and rule 3 of the
  differential reads a part of a kind as a part of each of its kinds (it would make the pinna a part of
  the atlas, an organ too, and the calcaneal tendon a part of the masseter).
* **XSCO's own placements.** A row's parent that the table does not list for it (so no nearest UBERON
  ancestor of it) is kept only when the row's editor note says it is XSCO's own, in the words of
  :data:`OWN_PLACEMENT` (a radiology convention, e.g. the deltoid as a muscle of the shoulder region);
  otherwise it is dropped. A kind the row is already filed under (an is_a parent that is an UBERON
  ancestor) stays beside its nearest sites: the rectus femoris is part of the quadriceps, which is a skeletal
  muscle organ, and it is one too (a part of a kind is not that kind). A row with no is_a parent keeps
  ``UBERON:0001062`` as its named superclass, so every site stays below the root.
* **The edit file's classes** follow the same rules; ``--check`` lists those whose axioms differ and
  ``--write`` leaves them to be edited by hand (the file is hand-edited), so the test fails until they agree.
  A class with no XSCO site among its UBERON ancestors keeps only the root. UBERON puts the hip in the
  pelvic complex and the shoulder in the pectoral complex (each a limb with its girdle), in no limb and in
  no trunk region; both complexes are XSCO site rows, so the hip rolls up with the lower limb and the
  shoulder with the upper limb (to the complex, not to the limb).

Usage (with a Python that has cellxgene-ontology-guide and zstandard, or name the folder that holds them)::

    python scripts/uberon_site_parents.py [--with SITE_PACKAGES] --excerpt  # refresh the relations table
    python scripts/uberon_site_parents.py --check    # list the rows whose parents differ from the table
    python scripts/uberon_site_parents.py --write    # rewrite those rows' parent cells, then: kgtools sync

``--excerpt`` reads the release (``--release FILE`` names one); ``--check`` and ``--write`` read only the
table, so ``tests/test_uberon_site_parents.py`` checks the committed rows against it without the release.
At the next UBERON release: ``--excerpt``, fill in the empty relations, ``--write``, ``kgtools sync``,
then ``--verify``.

**Verifying against the edit file** (``--verify EDIT_OBO [--edit-commit SHA]``, EDIT_OBO being UBERON's
src/ontology/uberon-edit.obo, SHA the uberon commit it was read at): the script reads the file's ``[Term]``
stanzas (:func:`read_edit_obo`) and keeps, for each class, the edges its editors asserted: ``is_a`` and the
genus of ``intersection_of`` (kinds), ``relationship: part_of`` and the ``part_of`` differentia of
``intersection_of`` (wholes); every other line, relation and qualifier is ignored, and so are obsolete
classes. For each (row, site) pair of the table it walks those edges from the row to the site by any path
(:func:`edit_relation`): is_a when a path has is_a steps only, else part_of when some path reaches the site
(a part of a kind, or a kind of a part, is a part), else nothing. It then rewrites the ``checked`` column:
``edit`` where the walk gives the table's relation, empty where it reaches no site (an edge only the reasoner
infers, e.g. through an equivalence axiom or a property chain, or a class the file does not have) or where it
gives the other relation; it lists those differing pairs and exits 1, and a curator fixes their relation
(then ``--write``, ``kgtools sync`` and ``--verify`` again). A pair whose row has no stanza in the file keeps
its mark, so an excerpt of the edit file (its stanzas copied whole) checks the pairs it covers and leaves
the others as they were. The table's first line names the commit last read.
An ``edit`` mark therefore says: the relation follows from the axioms asserted in UBERON's edit file alone,
without a reasoner. In the v2026-04-01 table, 87 marks come from ``--verify`` on an excerpt of the edit file
at uberon commit 01df342049588a3b71ab12d9479e3713ff575c50 (the version the search index stores; 115 stanzas,
each with its id, name, is_a, intersection_of and relationship part_of lines as they stand there; the excerpt
is not committed, rerun on the whole file); 24 are earlier hand readings of rows the excerpt does not cover,
whose commit was not recorded; 3 pairs are typed otherwise (the rectus femoris and the two vasti: is_a muscle
organ and part of the quadriceps, so a part of a skeletal muscle organ, while the table keeps the rows' own
is_a skeletal muscle organ) and are left unmarked. The file is read with a small stanza
reader (:func:`read_edit_obo`), not pronto or fastobo, which reject a whole file for one line the check does
not need. Measured on the only UBERON OBO of that kind here, the uberon repository's musculoskeletal.obo
(2.6 MB; the 12.3 MB edit file was not in the repository snapshot): fastobo 0.14.2 stopped at a malformed
``xref`` line and pronto 2.7.4 (``import_depth=0``) at a relation the file uses but does not declare
(KeyError); with that xref line removed fastobo read it in 1.1 s wall, 0.4 s CPU, 42 MB, the reader in 0.3 s
wall, 0.06 s CPU, 35 MB (load average 7 on 2 cores), and pronto still failed.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "ontology" / "templates"
EDIT = ROOT / "ontology" / "xsco-edit.ttl"
RELATIONS = ROOT / "tests" / "data" / "uberon_site_relations.tsv"
ANATOMICAL_ENTITY = "UBERON:0001062"
PART_OF = "part_of "
IS_A, PART = "is_a", "part_of"
#: The part_of relation as an OBO line names it: its shorthand or its BFO id.
_PART_OF = (PART, "BFO:0000050")
#: UBERON's granularity classes, organ and tissue: being part of one says nothing of where a structure is.
GRANULARITY = frozenset({"UBERON:0000062", "UBERON:0000479"})
#: The words of an editor note that keep a parent which is no UBERON ancestor (XSCO's own placement).
OWN_PLACEMENT = "XSCO's own placement"
#: The sentence an editor note gets when --write changes the row's parents.
CHECKED = ("Parents: its nearest XSCO sites among its UBERON ancestors (is_a/part_of) in UBERON release "
           "{release}, scripts/uberon_site_parents.py.")
COLUMNS = ("row", "row_label", "site", "site_label", "relation", "checked", "path")
#: The ``checked`` value of a relation read in UBERON's edit file (src/ontology/uberon-edit.obo).
EDIT_CHECKED = "edit"
#: How the table's first line names the uberon commit whose edit file --verify read.
_EDIT_COMMIT = re.compile(r"uberon commit ([0-9a-f]{7,40})")
_RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_OBO = "http://purl.obolibrary.org/obo/"
_UBERON_IN_TTL = re.compile(r"^obo:UBERON_(\d+) a owl:Class", re.MULTILINE)
Release = Mapping[str, Mapping[str, Any]]


#: An OBO identifier, prefix:local id (a [Term] stanza's id).
_OBO_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*:[A-Za-z0-9_]+$")
EditGraph = Mapping[str, Mapping[str, frozenset[str]]]
#: The largest edit file --verify reads (UBERON's uberon-edit.obo is 12.3 MB): a bigger file is refused before it
#: is read, so a wrong path (an image, a release dump) costs no memory.
MAX_EDIT_OBO_BYTES = 64 * 1024 * 1024


class ParentsError(Exception):
    """A release, table or template that cannot be used; the message is one line."""


def template_rows(templates: Path = TEMPLATES) -> list[tuple[Path, dict[str, str]]]:
    """The site rows of every terms table (path, row), the root left out."""
    out = []
    for path in sorted(templates.glob("*.terms.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["id"].startswith("UBERON:") and row["id"] != ANATOMICAL_ENTITY:
                    out.append((path, row))
    return out


def edit_classes(edit: Path = EDIT) -> set[str]:
    """The UBERON classes the edit file declares, less the root."""
    return {f"UBERON:{n}" for n in _UBERON_IN_TTL.findall(edit.read_text(encoding="utf-8"))} - {ANATOMICAL_ENTITY}


def xsco_sites(templates: Path = TEMPLATES, edit: Path = EDIT) -> set[str]:
    """The UBERON classes XSCO declares: site rows and the edit file's own, less the root."""
    return {row["id"] for _path, row in template_rows(templates)} - {ANATOMICAL_ENTITY} | edit_classes(edit)


def nearest_sites(release: Release, curie: str, sites: set[str]) -> list[str]:
    """The XSCO sites among the class's UBERON ancestors that are no ancestor of another of them."""
    ancestors = {a for a in release[curie].get("ancestors", {}) if a in sites and a != curie}
    return sorted(a for a in ancestors
                  if not any(a in release[b].get("ancestors", {}) for b in ancestors if b != a))


def shortest_path(release: Release, start: str, goal: str) -> list[str]:
    """A shortest chain of direct edges (ancestors at distance 1) from start to goal, both included."""
    frontier, seen = [[start]], {start}
    while frontier:
        step = []
        for path in frontier:
            for parent, distance in sorted(release[path[-1]].get("ancestors", {}).items()):
                if distance != 1 or parent in seen or parent not in release:
                    continue
                if parent == goal:
                    return [*path, parent]
                if goal in release[parent].get("ancestors", {}):
                    seen.add(parent)
                    step.append([*path, parent])
        frontier = step
    return [start, goal]


def parent_cell(parents: Iterable[tuple[str, str]]) -> str:
    """The parent cell from (site, relation) pairs: is_a parents first (the root when none), then part_of."""
    pairs = list(parents)
    kinds = sorted({s for s, r in pairs if r == IS_A}) or [ANATOMICAL_ENTITY]
    wholes = sorted({s for s, r in pairs if r == PART} - set(kinds))
    return "|".join([*kinds, *(PART_OF + w for w in wholes)])


def asserted(row: Mapping[str, str]) -> dict[str, str]:
    """The row's parents as {site: relation}, the root left out."""
    out = {}
    for cell in row["parent"].split("|"):
        cell = cell.strip()
        if cell and cell != ANATOMICAL_ENTITY:
            out[cell.removeprefix(PART_OF)] = PART if cell.startswith(PART_OF) else IS_A
    return out


def _curie(iri: str) -> str:
    return iri.removeprefix(_OBO).replace("_", ":", 1) if iri.startswith(_OBO + "UBERON_") else iri


def edit_parents(edit: Path = EDIT) -> dict[str, dict[str, str]]:
    """The edit file's UBERON classes (less the root) and their parents as {site: relation}, the root left out:
    a named UBERON superclass is is_a, a ``part_of`` (BFO:0000050) someValuesFrom restriction part_of."""
    import rdflib

    graph = rdflib.Graph()
    try:
        graph.parse(edit, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ParentsError(f"cannot read {edit}: {exc}") from exc
    subclass, part_of = rdflib.URIRef(_RDFS_SUBCLASS), rdflib.URIRef(_OBO + "BFO_0000050")
    on, some = rdflib.OWL.onProperty, rdflib.OWL.someValuesFrom
    out: dict[str, dict[str, str]] = {}
    for curie in edit_classes(edit):
        node = rdflib.URIRef(_OBO + curie.replace(":", "_"))
        parents: dict[str, str] = {}
        for sup in graph.objects(node, subclass):
            if isinstance(sup, rdflib.URIRef):
                parents[_curie(str(sup))] = IS_A
            elif graph.value(sup, on) == part_of and isinstance(graph.value(sup, some), rdflib.URIRef):
                parents[_curie(str(graph.value(sup, some)))] = PART
        parents.pop(ANATOMICAL_ENTITY, None)
        out[curie] = parents
    return out


def read_edit_obo(path: Path) -> dict[str, dict[str, frozenset[str]]]:
    """The asserted edges of an OBO file's ``[Term]`` stanzas: {class: {"is_a": kinds, "part_of": wholes}}.

    Kinds are the ``is_a`` targets and the ``intersection_of`` genus; wholes the ``relationship: part_of``
    targets and the ``part_of`` differentia of ``intersection_of``. Qualifiers (``{...}``) and comments
    (``! ...``) are dropped, and a line qualified by ``gci_relation``/``gci_filler`` (a general class inclusion,
    true only of the structure within the filler, e.g. in humans) is not read; obsolete classes keep no edges.
    A file without a single term stanza is an error."""
    try:
        size = path.stat().st_size
        if size > MAX_EDIT_OBO_BYTES:
            raise ParentsError(f"{path}: {size} bytes, larger than the {MAX_EDIT_OBO_BYTES} an edit file may have")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParentsError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    graph: dict[str, dict[str, frozenset[str]]] = {}
    for stanza in re.split(r"\n(?=\[)", "\n" + text):
        lines = stanza.strip().split("\n")
        if lines[0].strip() != "[Term]":
            continue
        curie, obsolete, kinds, wholes = "", False, set(), set()
        for line in lines[1:]:
            tag, _sep, value = line.partition(":")
            body, _brace, qualifiers = value.split("!")[0].partition("{")
            if "gci_" in qualifiers:  # an axiom that holds only within gci_filler (e.g. in humans): not read
                continue
            words = body.split()
            if tag == "id" and words:
                curie = words[0]
            elif tag == "is_obsolete":
                obsolete = words == ["true"]
            elif tag in ("is_a", "intersection_of") and len(words) == 1:
                kinds.add(words[0])
            elif tag in ("intersection_of", "relationship") and len(words) == 2 and words[0] in _PART_OF:
                wholes.add(words[1])
        if not _OBO_ID.match(curie):
            raise ParentsError(f"{path}: a [Term] stanza without an id ({lines[1][:60] if len(lines) > 1 else ''})")
        if obsolete:
            kinds, wholes = set(), set()
        graph[curie] = {IS_A: frozenset(kinds), PART: frozenset(wholes)}
    if not graph:
        raise ParentsError(f"{path}: no [Term] stanza (not an OBO file)")
    return graph


def edit_relation(graph: EditGraph, row: str, site: str) -> str:
    """The relation the asserted edges give from row to site: is_a when a path of is_a steps only reaches the
    site, part_of when only a path with a part_of step does, "" when none does."""
    seen: set[tuple[str, bool]] = set()
    frontier = [(row, True)]
    found = ""
    while frontier:
        step = []
        for curie, kinds_only in frontier:
            edges = graph.get(curie, {})
            for relation in (IS_A, PART):
                for parent in sorted(edges.get(relation, ())):
                    state = (parent, kinds_only and relation == IS_A)
                    if state in seen:
                        continue
                    seen.add(state)
                    if parent == site:
                        if state[1]:
                            return IS_A
                        found = PART
                    step.append(state)
        frontier = step
    return found


def verify(relations: list[dict[str, str]], graph: EditGraph) -> tuple[list[dict[str, str]], list[str]]:
    """The table with its ``checked`` column from the edit file's edges, and the pairs it types otherwise.

    A pair whose row has no stanza in the file keeps the mark it had: the file (an excerpt of the edit file)
    says nothing of it."""
    out, differ = [], []
    for r in relations:
        if r["row"] not in graph:
            out.append(dict(r))
            continue
        found = edit_relation(graph, r["row"], r["site"])
        out.append({**r, "checked": EDIT_CHECKED if found and found == r["relation"] else ""})
        if found and found != r["relation"]:
            differ.append(f"{r['row']}\t{r['row_label']}\t{r['site']}\t{r['site_label']}\t"
                          f"{r['relation'] or '(none)'} -> {found}")
    return out, differ


def read_relations(path: Path | None = None) -> tuple[str, list[dict[str, str]]]:
    """The release named in the table's first line and its rows (default: :data:`RELATIONS`)."""
    path = path or RELATIONS
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ParentsError(f"cannot read {path}: {exc.strerror}") from exc
    if not lines or not lines[0].startswith("# UBERON release "):
        raise ParentsError(f"{path}: the first line must be '# UBERON release <version> ...'")
    release = lines[0].split()[3]
    rows = list(csv.DictReader((ln for ln in lines if not ln.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE))
    for n, row in enumerate(rows, start=2):
        if set(COLUMNS) - set(row):
            raise ParentsError(f"{path}: the header must name {', '.join(COLUMNS)}")
        if row["relation"] not in (IS_A, PART, ""):
            raise ParentsError(f"{path}:{n}: relation {row['relation']!r} is neither is_a nor part_of")
        if row["checked"] not in (EDIT_CHECKED, ""):
            raise ParentsError(f"{path}:{n}: checked {row['checked']!r} is neither {EDIT_CHECKED!r} nor empty")
    return release, rows


def granularity_kinds(relations: list[dict[str, str]]) -> set[str]:
    """Organ and tissue, and the kinds of them that other sites are kinds of and that are part of nothing.

    "Skeletal muscle organ" qualifies (the biceps is one; it is part of nothing in particular), the femur does
    not (an organ, but no site is a kind of it) and neither does the lung (part of the thorax)."""
    kinds_of: dict[str, set[str]] = {}
    located = set()
    for r in relations:
        if r["relation"] == IS_A:
            kinds_of.setdefault(r["row"], set()).add(r["site"])
        elif r["relation"] == PART:
            located.add(r["row"])
    targets = {r["site"] for r in relations if r["relation"] == IS_A}
    found = set(GRANULARITY)
    grew = True
    while grew:
        grew = False
        for row, parents in kinds_of.items():
            if row not in found and row in targets and row not in located and parents & found:
                found.add(row)
                grew = True
    return found


def expected(relations: list[dict[str, str]], templates: Path = TEMPLATES) -> dict[str, str]:
    """The parent cell each site row should have (by id): the table's pairs and its own placements.

    A part_of pair whose site is a granularity kind (:func:`granularity_kinds`) is left out. An own placement
    is a parent the table does not list for the row (so no UBERON ancestor of it) that the row's editor note
    names as XSCO's own."""
    by_row = _checked_pairs(relations)
    granular = granularity_kinds(relations)
    out = {}
    for _path, row in template_rows(templates):
        pairs = [(s, r) for s, r in by_row.get(row["id"], []) if not (r == PART and s in granular)]
        if OWN_PLACEMENT in row.get("editor_note", ""):
            listed = {s for s, _r in by_row.get(row["id"], [])}
            pairs += [(s, r) for s, r in asserted(row).items() if s not in listed]
        out[row["id"]] = parent_cell(pairs)
    return out


def expected_edit(relations: list[dict[str, str]], have: Mapping[str, Mapping[str, str]],
                  templates: Path = TEMPLATES) -> dict[str, dict[str, str]]:
    """The parents ({site: relation}, the root left out) each UBERON class of the edit file should have, given
    those it has (``have``, from :func:`edit_parents`); a class that is also a site row is left to its row.

    The table's pairs, less a part_of to a granularity kind; such a pair that the edit file itself asserts is
    kept as the seed's own composition axiom (skeletal muscle tissue part of every skeletal muscle organ, which
    rule 3 of the differential reads as the muscle tissue of each muscle)."""
    by_row = _checked_pairs(relations)
    granular = granularity_kinds(relations)
    rows = {row["id"] for _path, row in template_rows(templates)}
    out = {}
    for curie in sorted(set(have) - rows):
        own = have[curie]
        pairs = [(s, r) for s, r in by_row.get(curie, [])
                 if not (r == PART and s in granular and own.get(s) != PART)]
        kinds = {s for s, r in pairs if r == IS_A}
        out[curie] = {s: r for s, r in pairs if r == IS_A or s not in kinds}
    return out


def _checked_pairs(relations: list[dict[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """The table's (site, relation) pairs by row; a pair without a relation is an error."""
    by_row: dict[str, list[tuple[str, str]]] = {}
    unchecked = []
    for r in relations:
        if not r["relation"]:
            unchecked.append(f"{r['row']} -> {r['site']}")
        by_row.setdefault(r["row"], []).append((r["site"], r["relation"]))
    if unchecked:
        raise ParentsError(f"{len(unchecked)} pair(s) without a checked relation in {RELATIONS.name}, "
                           f"e.g. {unchecked[0]}")
    return by_row


def build_relations(release: Release, previous: list[dict[str, str]], templates: Path = TEMPLATES,
                    edit: Path = EDIT) -> list[dict[str, str]]:
    """Every (site row, nearest site) pair of the release, with its relation: the table's, else the row's own."""
    sites = xsco_sites(templates, edit)
    known = {(r["row"], r["site"]): (r["relation"], r.get("checked", "")) for r in previous}
    owned = {row["id"]: asserted(row) for _path, row in template_rows(templates)}
    owned.update(edit_parents(edit))
    out = []
    for curie in sorted(owned):
        if curie not in release:
            raise ParentsError(f"{curie} is not in the UBERON release")
        own = owned[curie]
        ancestors = release[curie].get("ancestors", {})
        near = nearest_sites(release, curie, sites)
        kinds = sorted(s for s, r in own.items() if r == IS_A and s in ancestors and s not in near)
        for site in sorted({*near, *kinds}):
            path = shortest_path(release, curie, site)
            relation, checked = known.get((curie, site), ("", ""))
            out.append({"row": curie, "row_label": release[curie].get("label", ""), "site": site,
                        "site_label": release[site].get("label", ""), "relation": relation or own.get(site, ""),
                        "checked": checked if relation else "",
                        "path": " > ".join(release[c].get("label", c) for c in path)})
    return out


def edit_commit(path: Path | None = None) -> str:
    """The uberon commit whose edit file the table's ``edit`` marks were verified against ("" if none named)."""
    path = path or RELATIONS
    try:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    except OSError:
        return ""
    found = _EDIT_COMMIT.search(first)
    return found.group(1) if found else ""


def write_relations(rows: list[dict[str, str]], version: str, path: Path | None = None, commit: str = "") -> None:
    """Write the table; ``commit`` names the uberon commit whose edit file gave the ``edit`` marks."""
    path = path or RELATIONS
    out = io.StringIO()
    read = "read in UBERON's edit file src/ontology/uberon-edit.obo" + (
        f" (last scripts/uberon_site_parents.py --verify: uberon commit {commit})" if commit else "")
    out.write(f"# UBERON release {version} (cellxgene-ontology-guide copy). One row per (site row, nearest XSCO "
              f"site among its UBERON ancestors); relation checked against the path, and checked 'edit' where "
              f"{read}; written by scripts/uberon_site_parents.py --excerpt\n")
    out.write("\t".join(COLUMNS) + "\n")
    for row in rows:
        out.write("\t".join(row[c] for c in COLUMNS) + "\n")
    path.write_text(out.getvalue(), encoding="utf-8")


def rewrite(want: Mapping[str, str], version: str, templates: Path = TEMPLATES) -> int:
    """Write the derived parent cells (and the checked sentence in the editor note); returns rows changed."""
    changed = 0
    checked = CHECKED.format(release=version)
    for path in sorted(templates.glob("*.terms.tsv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        col = {name: i for i, name in enumerate(lines[0].split("\t"))}
        dirty = False
        for n, line in enumerate(lines[1:], start=1):
            r = line.split("\t")
            if not line or r[0] not in want or r[col["parent"]] == want[r[0]]:
                continue
            r[col["parent"]] = want[r[0]]
            r[col["parent_label"]] = ""
            note = r[col["editor_note"]].strip()
            if checked not in note:
                r[col["editor_note"]] = f"{note} {checked}".strip()
            lines[n] = "\t".join(r)
            changed += 1
            dirty = True
        if dirty:
            path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def read_release(path: Path) -> dict[str, Any]:
    """A cellxgene-ontology-guide release (``.json.zst``) or a plain JSON of the same shape, by id."""
    try:
        if path.suffix == ".zst":
            import zstandard

            with path.open("rb") as handle:
                data = json.loads(zstandard.ZstdDecompressor().stream_reader(handle).read())
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, ImportError) as exc:
        raise ParentsError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ParentsError(f"{path}: not a release (an object of terms by id)")
    return data


def package_release(site_packages: str | None) -> Path:
    """The newest UBERON release copy of cellxgene-ontology-guide."""
    if site_packages:
        sys.path.append(site_packages)
        folder = Path(site_packages) / "cellxgene_ontology_guide" / "data"
    else:
        spec = importlib.util.find_spec("cellxgene_ontology_guide")
        if spec is None or not spec.submodule_search_locations:
            raise ParentsError("cellxgene-ontology-guide is not installed (name its folder with --with)")
        folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    found = sorted(folder.glob("UBERON-ontology-*.json.zst"))
    if not found:
        raise ParentsError(f"no UBERON release in {folder}")
    return found[-1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--with", dest="site_packages", help="a site-packages folder with cellxgene-ontology-guide")
    parser.add_argument("--release", help="an UBERON release JSON (.json.zst, or .json of the same shape)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--excerpt", action="store_true", help=f"rewrite {RELATIONS.name}")
    mode.add_argument("--check", action="store_true", help="list the rows whose parents differ; exit 1 if any")
    mode.add_argument("--write", action="store_true", help="rewrite the parent cells of those rows")
    mode.add_argument("--verify", metavar="EDIT_OBO",
                      help=f"rewrite the checked column of {RELATIONS.name} from UBERON's uberon-edit.obo")
    parser.add_argument("--edit-commit", default="", help="the uberon commit EDIT_OBO was read at (for --verify)")
    args = parser.parse_args(argv)
    if args.verify:
        return _verify(Path(args.verify), args.edit_commit)
    try:
        if args.excerpt:
            path = Path(args.release) if args.release else package_release(args.site_packages)
            version = path.name.removesuffix(".json.zst").split("-ontology-")[-1]
            previous = read_relations()[1] if RELATIONS.exists() else []
            rows = build_relations(read_release(path), previous)
            write_relations(rows, version, commit=edit_commit())
            empty = sum(1 for r in rows if not r["relation"])
            print(f"wrote {len(rows)} pairs to {RELATIONS.name} ({version}); "
                  f"{empty} without a relation yet")
            return 0
        version, relations = read_relations()
        want = expected(relations)
        have_edit = edit_parents()
        want_edit = expected_edit(relations, have_edit)
    except ParentsError as exc:
        print(f"uberon_site_parents: {exc}", file=sys.stderr)
        return 2
    current = {row["id"]: (row["label"], row["parent"]) for _path, row in template_rows()}
    differ = sorted(c for c in want if current[c][1] != want[c])
    edit_differ = sorted(c for c in want_edit if have_edit[c] != want_edit[c])
    for c in edit_differ:
        print(f"{c}\t{EDIT.name}\t{_pairs_text(have_edit[c])} -> {_pairs_text(want_edit[c])}")
    if args.check:
        for c in differ:
            print(f"{c}\t{current[c][0]}\t{current[c][1]} -> {want[c]}")
        print(f"{len(differ)} of {len(want)} site rows and {len(edit_differ)} of {len(want_edit)} classes of "
              f"{EDIT.name} differ from {RELATIONS.name} ({version})", file=sys.stderr)
        return 1 if differ or edit_differ else 0
    print(f"rewrote {rewrite(want, version)} rows (UBERON {version}); now run kgtools sync"
          + (f"; edit {len(edit_differ)} class(es) of {EDIT.name} by hand" if edit_differ else ""))
    return 0


def _verify(edit_obo: Path, commit: str) -> int:
    """--verify: the checked column from the edit file; the differing pairs listed, exit 1 if any."""
    if commit and not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        print(f"uberon_site_parents: --edit-commit {commit!r} is not a git commit id", file=sys.stderr)
        return 2
    try:
        version, relations = read_relations()
        graph = read_edit_obo(edit_obo)
        rows, differ = verify(relations, graph)
    except ParentsError as exc:
        print(f"uberon_site_parents: {exc}", file=sys.stderr)
        return 2
    write_relations(rows, version, commit=commit or edit_commit())
    for line in differ:
        print(line)
    absent = [r for r in rows if r["row"] not in graph]
    kept = sum(1 for r in absent if r["checked"] == EDIT_CHECKED)
    marked = sum(1 for r in rows if r["checked"] == EDIT_CHECKED) - kept
    print(f"{len(rows)} pairs of {RELATIONS.name}: {marked} checked in {edit_obo.name}, {len(differ)} typed "
          f"otherwise there (fix their relation, then --write, kgtools sync), "
          f"{len(rows) - len(absent) - marked - len(differ)} not reached by its asserted edges; "
          f"{len(absent)} whose row it has no stanza for ({kept} of them marked before, kept)", file=sys.stderr)
    return 1 if differ else 0


def _pairs_text(pairs: Mapping[str, str]) -> str:
    return "|".join(sorted(s if r == IS_A else PART_OF + s for s, r in pairs.items())) or ANATOMICAL_ENTITY


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
