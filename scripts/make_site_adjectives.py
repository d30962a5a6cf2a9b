"""Regenerate kgtools/site_adjectives.tsv: the adjectives of body parts, each with the nouns it pertains to.

WordNet's pertainym pointers (an adjective's "pertains to noun" relation: "renal" - kidney, "crural" - crus,
"phalangeal" - phalanx, "articular" - articulation, "mucosal" - mucosa; each noun with the other words of its
sense, "articulation" with "joint") give the dictionary ``kgtools.annotate``
reads an adjective of a site by (:func:`kgtools.annotate._dictionary_sites`): an adjective no UBERON name begins
with, or whose site's names share no stem with it, is read as the site its noun names. Kept: the pairs whose noun is
one word of a name of an UBERON structure in kgtools/reference_lexicon.tsv.gz or a one-word name in the ontology's
own files (XSCO's sites), so the table holds body parts' adjectives, not "surgical" - surgery.

Source: WordNet 3.0 as Debian's package ``wordnet-base`` installs it (``/usr/share/wordnet/data.adj`` and
``data.noun``; ``apt-get install wordnet-base``), or the folder given::

    python scripts/make_site_adjectives.py [--wordnet /usr/share/wordnet]
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "kgtools" / "reference_lexicon.tsv.gz"
ONTOLOGY = [ROOT / "ontology" / "xsco-edit.ttl", *sorted((ROOT / "ontology" / "components").glob("*.ttl"))]
OUTPUT = ROOT / "kgtools" / "site_adjectives.tsv"
LICENCE = """WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.
THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES,
EXPRESS OR IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE,
DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
The name of Princeton University or Princeton may not be used in advertising or publicity pertaining to
distribution of the software and/or database.  Title to copyright in this software, database and any associated
documentation shall at all times remain with Princeton University and LICENSEE agrees to preserve same."""


#: WordNet's lexicographer file of nouns denoting body parts (``noun.body``).
NOUN_BODY = "08"


def synsets(path: Path) -> dict[str, tuple[list[str], list[tuple[str, str, str, str]], str]]:
    """offset -> (words, pointers (symbol, offset, part of speech, source/target), lexicographer file) of a WordNet
    data file."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence at the top of the file
        parts = line.split(" ")
        count = int(parts[3], 16)
        words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower() for i in range(count)]
        at = 4 + 2 * count
        pointers = [tuple(parts[at + 1 + 4 * k:at + 5 + 4 * k]) for k in range(int(parts[at]))]
        out[parts[0]] = (words, pointers, parts[1])
    return out  # type: ignore[return-value]


def pertainyms(folder: Path) -> dict[str, set[str]]:
    """adjective -> the nouns WordNet says it pertains to (pointer ``\\`` from an adjective to a noun) where that
    noun's sense is a body part (:data:`NOUN_BODY`), with the other words of that sense ("articular" - articulation,
    whose sense is "joint, articulation, articulatio"); not "surgical" - surgery, an act."""
    adjectives, nouns = synsets(folder / "data.adj"), synsets(folder / "data.noun")
    out: dict[str, set[str]] = {}
    for words, pointers, _lexfile in adjectives.values():
        for symbol, offset, pos, pair in pointers:
            if symbol != "\\" or pos != "n" or nouns[offset][2] != NOUN_BODY:
                continue
            source = int(pair[:2], 16)
            for adjective in [words[source - 1]] if source else words:
                out.setdefault(adjective, set()).update(nouns[offset][0])
    return out


def body_words() -> set[str]:
    """One-word names of UBERON structures in the reference lexicon and words of the ontology's own names."""
    out: set[str] = set()
    with gzip.open(LEXICON, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("UBERON:"):
                out.update(w for phrase in line.rstrip("\n").split("\t")[3].split("|") for w in phrase.split())
    for path in ONTOLOGY:
        out.update(m.lower() for m in re.findall(r'"([A-Za-z]+)"@en', path.read_text(encoding="utf-8")))
    return {w for w in out if w.isalpha() and len(w) > 2}


def main(argv: list[str]) -> int:
    folder = Path(argv[argv.index("--wordnet") + 1]) if "--wordnet" in argv else Path("/usr/share/wordnet")
    if not (folder / "data.adj").exists():
        print(f"no WordNet data.adj in {folder} (apt-get install wordnet-base)", file=sys.stderr)
        return 2
    body = body_words()
    rows = sorted((adjective, sorted(n for n in nouns if n in body)) for adjective, nouns in pertainyms(folder).items()
                  if adjective.isalpha() and any(n in body for n in nouns))
    header = ["# generated by scripts/make_site_adjectives.py from WordNet 3.0 (Debian wordnet-base); do not edit",
              *("# " + line for line in LICENCE.splitlines())]
    OUTPUT.write_text("\n".join([*header, *(f"{a}\t{'|'.join(n)}" for a, n in rows)]) + "\n", encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} adjectives")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
