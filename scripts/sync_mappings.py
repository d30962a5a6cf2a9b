"""Regenerate the mapping section at the end of ontology/xsco.ttl from ontology/mappings/xsco.sssom.tsv.

    python scripts/sync_mappings.py          # rewrite the section (atomically)
    python scripts/sync_mappings.py --check  # exit 1 if the ontology is out of date

tests/test_mappings.py fails whenever the two differ.
"""

from __future__ import annotations

import argparse
import sys

from kgtools.link import sync_ontology


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the section is out of date")
    args = parser.parse_args()
    changed = sync_ontology(check=args.check)
    if args.check:
        print("ontology/xsco.ttl mapping section is " + ("OUT OF DATE" if changed else "up to date"))
        return 1 if changed else 0
    print("rewrote the mapping section of ontology/xsco.ttl" if changed else "mapping section already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
