"""Make tests/data/provenance/ from the research notes the templates were curated from (a maintainer's tool).

The tests must run without anything outside the repository, so what they check provenance against is kept here:
``seed.txt`` (the seed abstract, which every seed statement quotes) and ``notes.tsv``, one row per research-note row
that a template cites: its ID, the addresses the row gives (space-separated) and the passages of the row that the
templates quote verbatim (`` || ``-separated, the sources' own words). Run from the repository root, with the notes
beside it (``../shared/reference/domain-facts.md``) and after changing a template's quotes:
``python tests/data/make_provenance.py [SHARED_FOLDER]``.
"""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
NOTES = SHARED / "reference" / "domain-facts.md"
SEED = SHARED / "seed"
OUT = ROOT / "tests" / "data" / "provenance"


def plain(text: str) -> str:
    """Text folded for comparison: NFKC, straight quotes, no Markdown bold, single spaces, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("**", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def addresses(row: str) -> list[str]:
    """The addresses a note row gives; a row naming a repository file gives that file's GitHub address."""
    found = re.findall(r"https?:/+[^\s|]+", row)
    found += [f"https://github.com/{repo}/{path}" for repo, path in re.findall(r"repo `([^`]+)`, path `([^`]+)`", row)]
    return sorted({a.rstrip(").,;") for a in found})


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from kgtools.templates import read_knowledge

    rows = {m.group(1): m.group(2) for m in re.finditer(r"(?m)^\| ([FSAU]-\d+) \|(.*)$", NOTES.read_text("utf-8"))}
    passages: dict[str, set[str]] = {}
    for s in read_knowledge().statements:
        for fact in s.facts:
            passages.setdefault(fact, set())
            if not s.text.startswith("[paraphrase]") and fact in rows and plain(s.text) in plain(rows[fact]):
                passages[fact].add(" ".join(s.text.split()))
    cited = sorted(set(passages) | {f for f in rows if addresses(rows[f])}, key=lambda f: (f[0], int(f[2:])))
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "notes.tsv").open("w", encoding="utf-8") as out:
        out.write("fact\taddresses\tquoted passages\n")
        for fact in cited:
            if fact in rows:
                out.write(f"{fact}\t{' '.join(addresses(rows[fact]))}\t{' || '.join(sorted(passages.get(fact, ())))}\n")
    shutil.copyfile(min(SEED.glob("*.txt")), OUT / "seed.txt")
    print(f"{len(cited)} note rows written to {OUT / 'notes.tsv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
