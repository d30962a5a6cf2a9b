"""Regenerate section 8 of ontology/xsco.ttl (knowledge beyond the seed) from ontology/knowledge/*.tsv.

    python scripts/sync_knowledge.py          # rewrite the section (atomically)
    python scripts/sync_knowledge.py --check  # exit 1 if the ontology is out of date

tests/test_knowledge.py fails whenever the two differ.
"""

from __future__ import annotations

import argparse
import sys

from kgtools.errors import KgError
from kgtools.templates import sync_knowledge


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the section is out of date")
    args = parser.parse_args()
    try:
        changed = sync_knowledge(check=args.check)
    except KgError as exc:
        print(f"sync_knowledge: {exc}", file=sys.stderr)
        return 2
    if args.check:
        print("ontology/xsco.ttl knowledge section is " + ("OUT OF DATE" if changed else "up to date"))
        return 1 if changed else 0
    print("rewrote the knowledge section of ontology/xsco.ttl" if changed else "knowledge section already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
