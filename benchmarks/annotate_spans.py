"""The annotator on published text it was not built from: precision and recall of its spans, per kind.

``benchmarks/annotate/spans.yaml`` holds short passages of published radiology and clinical text (each
cited; none a case of ``benchmarks/cases/cases.yaml``) with the spans a reader marks in them, written
from the text alone: ``site`` (anatomy), ``condition`` (a disease, phenotype, treatment or history),
``sign`` (an imaging pattern) and ``type`` (a named calcification or ossification entity). Every
occurrence of a gold phrase (whole words, any case) is a gold span.

Each passage goes through ``kg.annotate``; a recognised span counts as a kind as follows (other kinds,
"form", "age", "lab", "lesion", "descriptor", ..., are not scored):

* site <- ``site``, ``imaged`` (a site that was examined), ``organ`` (the organ of a disease);
* condition <- ``condition``, ``phenotype``, ``unused`` (recognised, not used by the differential),
  ``treatment`` with a term (the lesion's own work-up and treatment, a procedure; not used), ``complication`` (a
  condition the text states as a result of the calcification; not used);
  ``used`` counts ``condition`` and ``phenotype`` only;
* sign <- ``sign``; type <- ``type``.

Passages whose source the ontology also cites (``cited_by_xsco: true``; their words may be XSCO's own labels
and synonyms) are counted in "all passages" and left out of "passages XSCO does not cite".

Figures per kind: **recall** - gold spans overlapped by a recognised span of that kind / gold spans;
**precision** - recognised spans of that kind that overlap a gold span of that kind / recognised spans of
that kind. ``--misses`` lists the gold spans not found and the recognised spans not in the gold.

``benchmarks/annotate/spans-heldout.yaml`` is a blind held-out set of the same schema, written before the annotator
was run on it: it is never tuned on, and only the lead runs it (``--spans``) and reports its figures.

Usage: python benchmarks/annotate_spans.py [--spans FILE] [--misses] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DEFAULT_SPANS = ROOT / "annotate" / "spans.yaml"
GOLD_KINDS = ("site", "condition", "sign", "type")
#: The annotator's kinds read as each gold kind.
READ_AS = {"site": {"site", "imaged", "organ"}, "condition": {"condition", "phenotype", "unused", "treatment",
                                                              "complication"},
           "sign": {"sign"}, "type": {"type"}}
USED = {"condition": {"condition", "phenotype"}}


class SpansError(ValueError):
    """The spans file is unreadable or breaks its schema."""


def load(path: str | Path = DEFAULT_SPANS) -> list[dict[str, Any]]:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SpansError(f"cannot read {path}: {exc}") from None
    passages = data.get("passages") if isinstance(data, dict) else None
    if not isinstance(passages, list) or not passages:
        raise SpansError(f"{path}: no 'passages' list")
    problems = [p for passage in passages for p in _problems(passage)]
    if problems:
        raise SpansError(f"{path}: " + "; ".join(problems))
    return passages


def _problems(passage: Any) -> list[str]:
    if not isinstance(passage, dict) or not all(k in passage for k in ("id", "citation", "text", "gold")):
        return [f"a passage needs id, citation, text and gold: {str(passage)[:60]}"]
    out = []
    cit = passage["citation"]
    if not isinstance(cit, dict) or not cit.get("title") or not any(cit.get(k) for k in ("doi", "pmid", "url")):
        out.append(f"{passage['id']}: the citation needs a title and a doi, pmid or url")
    for kind, phrases in (passage["gold"] or {}).items():
        if kind not in GOLD_KINDS:
            out.append(f"{passage['id']}: unknown gold kind {kind!r}")
        out += [f"{passage['id']}: gold {kind} {phrase!r} is not in the text" for phrase in phrases or []
                if not occurrences(passage["text"], phrase)]
    return out


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """(start, end) of each whole-word, case-insensitive occurrence of the phrase."""
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def gold_spans(passage: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, phrase) of every gold span of a passage."""
    return [(kind, a, b, phrase) for kind, phrases in sorted((passage["gold"] or {}).items())
            for phrase in phrases or [] for a, b in occurrences(passage["text"], phrase)]


def _overlaps(a: int, b: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(x < b and a < y for x, y in spans)


def _read_as(mention: dict[str, Any], kind: str) -> bool:
    """True when the annotator's mention counts as a span of the gold ``kind`` (:data:`READ_AS`); a ``treatment``
    span only with a term (a procedure, "surgery"), not a bare work-up word ("excised")."""
    return mention["kind"] in READ_AS[kind] and (mention["kind"] != "treatment" or bool(mention.get("curie")))


def score(passages: Sequence[dict[str, Any]], found: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Recall and precision per kind. ``found``: passage id -> the annotator's mentions (``Mention.to_dict``)."""
    totals = {k: {"gold": 0, "recalled": 0, "recalled_used": 0, "recognised": 0, "correct": 0} for k in GOLD_KINDS}
    misses: list[str] = []
    for passage in passages:
        mentions = found.get(passage["id"], [])
        gold = gold_spans(passage)
        for kind in GOLD_KINDS:
            mine = [(m["start"], m["end"]) for m in mentions if _read_as(m, kind)]
            used = [(m["start"], m["end"]) for m in mentions if m["kind"] in USED.get(kind, READ_AS[kind])]
            theirs = [(a, b) for k, a, b, _p in gold if k == kind]
            row = totals[kind]
            for k, a, b, phrase in gold:
                if k != kind:
                    continue
                row["gold"] += 1
                row["recalled"] += _overlaps(a, b, mine)
                row["recalled_used"] += _overlaps(a, b, used)
                if not _overlaps(a, b, mine):
                    misses.append(f"{passage['id']}: missed {kind} {phrase!r}")
            for m in mentions:
                if _read_as(m, kind):
                    row["recognised"] += 1
                    hit = _overlaps(m["start"], m["end"], theirs)
                    row["correct"] += hit
                    if not hit:
                        misses.append(f"{passage['id']}: not in the gold: {kind} {m['text']!r} ({m['kind']})")
    for row in totals.values():
        row["recall"] = round(row["recalled"] / row["gold"], 3) if row["gold"] else None
        row["recall_used"] = round(row["recalled_used"] / row["gold"], 3) if row["gold"] else None
        row["precision"] = round(row["correct"] / row["recognised"], 3) if row["recognised"] else None
    every = {key: sum(row[key] for row in totals.values())
             for key in ("gold", "recalled", "recalled_used", "recognised", "correct")}
    every["recall"] = round(every["recalled"] / every["gold"], 3) if every["gold"] else None
    every["recall_used"] = round(every["recalled_used"] / every["gold"], 3) if every["gold"] else None
    every["precision"] = round(every["correct"] / every["recognised"], 3) if every["recognised"] else None
    return {"kinds": totals, "all": every, "passages": len(passages), "misses": misses}


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--spans", default=str(DEFAULT_SPANS))
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        passages = load(args.spans)
    except SpansError as exc:
        print(f"annotate_spans: {exc}", file=sys.stderr)
        return 2
    import kgtools
    from kgtools.errors import InputError

    kg = kgtools.load()
    found: dict[str, list[dict[str, Any]]] = {}
    for passage in passages:
        try:
            found[passage["id"]] = [m.to_dict() for m in kg.annotate(passage["text"]).mentions]
        except InputError:
            found[passage["id"]] = []
    result = score(passages, found)
    independent = score([p for p in passages if not p.get("cited_by_xsco")], found)
    if args.json:
        print(json.dumps({**result, "not_cited_by_xsco": independent}, indent=1))
        return 0
    for title, part in (("all passages", result), ("passages XSCO does not cite", independent)):
        print(f"{title}: {part['passages']}")
        print("kind       gold  recall  (used)  recognised  precision")
        for kind, row in [*part["kinds"].items(), ("all", part["all"])]:
            print(f"{kind:<10}{row['gold']:>5}  {_pct(row['recall']):>6}  {_pct(row['recall_used']):>6}"
                  f"  {row['recognised']:>10}  {_pct(row['precision']):>9}")
    if args.misses:
        print("\n".join(result["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
