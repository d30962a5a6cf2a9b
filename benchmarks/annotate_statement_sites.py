"""Site recognition on text outside the cases: the ontology's own site statements, read back by the annotator.

Every typical-site statement of the shipped ontology (``RO:0004026`` disease has location, not negated) quotes
its source's own sentence beside the site it states ("Calcific tendinitis most often involves the rotator cuff
tendons ..." with the rotator cuff), or the curator's summary of it, marked ``[paraphrase]``. Those sentences were
written for the source's statement, not picked for the annotator, and none is a case of
``benchmarks/cases/cases.yaml``: they are a sample, outside the cases the vocabulary was grown on, of how
published text names sites. The paraphrases are counted, and the verbatim quotes also on their own.

For each distinct (quote, site) pair the quote goes through ``kg.annotate(quote).finding()``; the pair is a
**hit** when the finding's sites (``site`` and ``sites``) hold the stated site, a part or kind of it (below it
in the site roll-up, is_a and part_of), or a whole it is a part of or a kind it is of (above it): a quote that
says "the shoulder" for a statement on the rotator cuff names the right place less precisely, one that names
nothing of it misses. A quote the annotator rejects (nothing recognised) is a miss.

Figures: **recall** overall (hits / pairs), on the verbatim quotes alone, and per stated site; ``--misses``
lists each missed pair with the quote and the sites the annotator found instead. ``--pairs FILE`` reads the
pairs from a tab-separated file (columns ``site`` and ``text``; a small fixture for the tests) instead of the
ontology.

Usage: python benchmarks/annotate_statement_sites.py [--pairs FILE] [--misses] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HAS_LOCATION = "RO:0004026"
#: How a statement's text marks the curator's summary of its source, not the source's own words.
PARAPHRASE = "[paraphrase]"


class PairsError(ValueError):
    """The pairs file is unreadable or lacks its columns."""


def statement_pairs(kg: Any) -> list[tuple[str, str]]:
    """The distinct (site CURIE, quote) pairs of the ontology's site statements that quote their source."""
    from kgtools.differential import finding_context

    ctx = finding_context(kg)
    pairs = {(a.object.curie, a.text) for a in ctx.associations
             if a.predicate == HAS_LOCATION and not a.negated and a.text}
    return sorted(pairs)


def file_pairs(path: str | Path) -> list[tuple[str, str]]:
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PairsError(f"cannot read {path}: {exc}") from None
    if not rows or any(not (row.get("site") or "").strip() or not (row.get("text") or "").strip() for row in rows):
        raise PairsError(f"{path}: needs rows with a 'site' and a 'text' column")
    return [(row["site"].strip(), row["text"].strip()) for row in rows]


def score(kg: Any, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Recall overall and per site, and the misses (module docstring)."""
    from kgtools.differential import finding_context
    from kgtools.errors import KgError
    from kgtools.graph import ancestors, descendants

    ctx = finding_context(kg)
    per_site: dict[str, list[int]] = {}
    misses: list[dict[str, Any]] = []
    for site, text in pairs:
        try:
            finding = kg.annotate(text).finding()
            found = set(finding.sites) | ({finding.site} if finding.site else set())
        except KgError:
            found = set()
        related = {site}
        if site in ctx.sites:
            related |= ancestors(ctx.sites, site, reflexive=True) | descendants(ctx.sites, site, reflexive=True)
        hit = bool(found & related)
        label = ctx.label(site) or site
        counts = per_site.setdefault(f"{label} ({site})", [0, 0])
        counts[0] += hit
        counts[1] += 1
        if not hit:
            misses.append({"site": site, "label": label, "text": text,
                           "found": sorted(f"{ctx.label(s) or s} ({s})" for s in found)})
    hits = sum(h for h, _n in per_site.values())
    verbatim = [text for _site, text in pairs if not text.startswith(PARAPHRASE)]
    missed = {(m["site"], m["text"]) for m in misses}
    verbatim_hits = sum((site, text) not in missed for site, text in pairs if not text.startswith(PARAPHRASE))
    return {"pairs": len(pairs), "hits": hits, "recall": round(hits / len(pairs), 4) if pairs else 0.0,
            "verbatim": {"pairs": len(verbatim), "hits": verbatim_hits,
                         "recall": round(verbatim_hits / len(verbatim), 4) if verbatim else 0.0},
            "per_site": {k: {"hits": h, "pairs": n} for k, (h, n) in sorted(per_site.items())},
            "misses": misses}


def report(result: dict[str, Any], misses: bool) -> str:
    verbatim = result["verbatim"]
    lines = [f"site statements: {result['hits']}/{result['pairs']} pairs, recall {100 * result['recall']:.1f} %",
             f"  verbatim quotes: {verbatim['hits']}/{verbatim['pairs']} pairs, "
             f"recall {100 * verbatim['recall']:.1f} %"]
    missed = [(k, v) for k, v in result["per_site"].items() if v["hits"] < v["pairs"]]
    if missed:
        lines.append("sites with misses (hits/pairs):")
        lines += [f"  {v['hits']}/{v['pairs']}  {k}" for k, v in sorted(missed, key=lambda x: (x[1]["hits"]
                                                                                            - x[1]["pairs"], x[0]))]
    if misses:
        lines.append("misses:")
        for m in result["misses"]:
            lines.append(f"  {m['label']} ({m['site']}): found {', '.join(m['found']) or 'no site'}")
            lines.append(f"    {m['text']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", help="tab-separated file of (site, text) pairs instead of the ontology's")
    parser.add_argument("--misses", action="store_true", help="list the missed pairs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    import kgtools
    from kgtools.errors import KgError

    try:
        given = file_pairs(args.pairs) if args.pairs else None
        kg = kgtools.load()
        result = score(kg, given if given is not None else statement_pairs(kg))
    except (PairsError, KgError) as exc:
        print(f"annotate_statement_sites: {exc}", file=sys.stderr)
        return 2
    if not args.misses:
        result.pop("misses")
    print(json.dumps(result, indent=1) if args.json else report(result, args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
