"""XSCO ID ranges: which block of ``XSCO:nnnnnnn`` numbers each template topic mints from.

The allocation is the one the ontology grew with, written down in ``ontology/templates/id-ranges.tsv``
(ODK projects keep the same thing in an ``-idranges`` file): the hand-edited vocabulary and seed use
XSCO:0000001-0000999; each template topic owns a block (core 0001000-0001099, then 200 numbers per
topic). :func:`next_free_id` is how ``kgtools new-term`` mints: one past the highest number already
used in the topic's block, counting every XSCO IRI anywhere in the merged ontology and every XSCO
CURIE in the templates, so an ID is never reused.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["RANGES_FILE", "IdRange", "next_free_id", "number", "owner_of", "read_ranges"]

RANGES_FILE = "id-ranges.tsv"
_XSCO = re.compile(r"^XSCO:(\d{7})$")
_XSCO_IRI = re.compile(r"^https://w3id\.org/xsco/XSCO_(\d{7})$")


@dataclass(frozen=True)
class IdRange:
    """The XSCO numbers ``first`` .. ``last`` (inclusive) that ``owner`` (a topic or the edit file) mints."""

    owner: str
    first: int
    last: int
    where: str

    def __contains__(self, n: object) -> bool:
        return isinstance(n, int) and self.first <= n <= self.last


def number(curie_or_iri: str) -> int | None:
    """The number of an XSCO CURIE or IRI (``XSCO:0001700`` -> 1700), None for anything else."""
    m = _XSCO.match(curie_or_iri) or _XSCO_IRI.match(curie_or_iri)
    return int(m.group(1)) if m else None


def read_ranges(templates: Path) -> list[IdRange]:
    """The ranges of ``templates/id-ranges.tsv`` (none when the file is absent); overlaps are an error."""
    path = templates / RANGES_FILE
    if not path.is_file():
        return []
    ranges: list[IdRange] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if not {"owner", "first", "last"} <= set(reader.fieldnames or ()):
            raise InputError(f"{path.name}: needs the columns owner, first, last")
        for row in reader:
            where = f"{path.name}:{reader.line_num}"
            first, last = number((row["first"] or "").strip()), number((row["last"] or "").strip())
            if first is None or last is None or first > last or not (row["owner"] or "").strip():
                raise InputError(f"{where}: a range is an owner and two XSCO CURIEs, first <= last")
            new = IdRange(row["owner"].strip(), first, last, where)
            for other in ranges:
                if new.first <= other.last and other.first <= new.last:
                    raise InputError(f"{where}: range of {new.owner} overlaps the one of {other.owner} ({other.where})")
            ranges.append(new)
    return ranges


def owner_of(n: int, ranges: Iterable[IdRange]) -> IdRange | None:
    """The range that holds number ``n``, if any."""
    return next((r for r in ranges if n in r), None)


def next_free_id(owner: str, ranges: Iterable[IdRange], used: Iterable[int]) -> str:
    """The CURIE one past the highest ``used`` number in ``owner``'s range (its first number if none is used)."""
    mine = [r for r in ranges if r.owner == owner]
    if not mine:
        raise InputError(f"no ID range for {owner!r}: add a row to templates/{RANGES_FILE}")
    taken = set(used)
    for r in mine:
        high = max((n for n in taken if n in r), default=r.first - 1)
        if high < r.last:
            return f"XSCO:{high + 1:07d}"
    raise InputError(f"the ID range of {owner!r} is used up: give it another block in templates/{RANGES_FILE}")
