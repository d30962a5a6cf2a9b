"""The differential on published cases: does it name the final diagnosis, and how much of a case does it read?

Every case of ``benchmarks/cases/cases.yaml`` (schema: ``benchmarks/cases/README.md``) is fed to the
differential twice:

* **structured** - the case's structured fields as a user gives them to ``kgtools differential``
  options: each stated site, condition, imaging sign and negated condition is passed as the phrase
  the case states, and the library resolves it as it does for the CLI (label, synonym or CURIE, else
  the phrase read by the annotator: rule 0b of ``kgtools.differential``; each term used for what it
  is), serum calcium/phosphate and the calcified or ossified form as stated. Phrases in which nothing
  resolves are left out and counted ("terms resolved" = phrases resolving to at least one term).
* **text** - the case's ``text`` through ``kg.annotate(text)`` and the annotation's ``finding()``
  (the free-text entry point of the differential). Reported as ``n/a`` while the library has no
  ``annotate``.

Figures, overall and per category:

* ``hit@1`` / ``hit@3`` - the final diagnosis (``final_diagnosis.curie``) is the first / among the
  first three non-excluded candidates of its list: the calcification types when the diagnosis is a
  kind of extra-skeletal mineralization (XSCO:0000001), the disorders when it is an associated
  condition (XSCO:0000030). Exact CURIE match only: a broader or narrower term is a miss. Cases whose
  ``final_diagnosis`` has no CURIE (an XSCO gap) are counted apart, never as hits.
* ``family@3`` (``fam@3`` in the table) - the final diagnosis or a broader or narrower form of it by
  is_a (not the umbrella classes) is among the first three: beside the exact figure, it tells a miss at
  another granularity (heterotopic ossification for neurogenic heterotopic ossification) from a wrong
  entity. Never a hit.
* ``terms resolved`` (structured) - stated sites, conditions and signs that resolve to a term of the
  right kind / all stated.
* ``sites recognised`` (text) - stated sites (each a phrase of the text) of which some occurrence is
  overlapped by a site the annotator found and did not negate / all stated sites (a phrase can occur
  as what was imaged, "knee x-rays", and again as the finding's site, "knee pain").
* ``all`` - the development cases (``split: dev``); ``tune (2/3)`` / ``held-out (1/3)`` - the same
  figures for a fixed split of them by the SHA-256 of the case id (:func:`held_out`): rules are tuned
  on the first part only, and the second shows whether they carry over. The held-out third has been
  looked at, so it is not blind.
* ``new (blind)`` - the cases of ``split: new``: added before anyone ran the differential on them and
  never tuned on (the honest figure beside the separate held-out set kept outside the repository).
* per category - every case of that category (both splits).
* ``words covered`` (text) - content words of the text (``kgtools.annotate.content_words``: alphabetic
  tokens of spaCy's English tokenizer that are neither stop words nor the report's own words of
  ``kgtools.annotate.REPORT_WORDS``, "presented", "showed", "patient", "examination") inside any
  recognised span / all content words.

Usage: python benchmarks/differential_cases.py [--cases FILE] [--mode both|structured|text]
       [--limit N] [--id ID ...] [--json] [--per-case] [--show-blind]

The blind cases stay blind: ``--per-case``, ``--json`` and ``--id`` show a ``split: new`` case's rank
and top three only with ``--show-blind`` (whoever passes it has looked at them, and they move to
``split: dev``); the summary rows count them either way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DEFAULT_CASES = ROOT / "cases" / "cases.yaml"
MAX_CASES_BYTES = 5_000_000

CATEGORIES = ("metastatic", "dystrophic", "calcinosis", "calciphylaxis", "ossification", "crystal", "rare")
LEVELS = ("normal", "elevated", "low")
STATUSES = ("normal", "elevated", "low", "abnormal")
MINERALS = ("calcified", "ossified")
SPLITS = ("dev", "new")
MINERALIZATION = "XSCO:0000001"
CONDITION = "XSCO:0000030"
IMAGING_SIGN = "XSCO:0000231"
REQUIRED = ("id", "split", "category", "citation", "final_diagnosis", "quote", "text")
LIST_FIELDS = ("sites", "conditions", "negated_conditions", "signs")
KNOWN_FIELDS = set(REQUIRED) | set(LIST_FIELDS) | {
    "subcategory", "calcium", "phosphate", "status", "mineral", "xsco_gap", "notes"}
MAX_TEXT_WORDS = 120


class CaseError(ValueError):
    """The case file is unreadable or a case breaks the schema."""


# --- the case file --------------------------------------------------------------------------------

def load_cases(path: str | Path = DEFAULT_CASES) -> list[dict[str, Any]]:
    """The cases of a YAML case file (a mapping with a ``cases`` list); CaseError when unreadable."""
    import yaml

    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_CASES_BYTES:
            raise CaseError(f"{p}: {size} bytes; at most {MAX_CASES_BYTES}")
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CaseError(f"cannot read {p}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise CaseError(f"{p}: not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseError(f"{p}: expected a mapping with a 'cases' list")
    return data["cases"]


def _citation_problems(cid: str, cit: Any) -> list[str]:
    """What is wrong with a case's citation (title; DOI, PMID or URL, each well formed; authors a list)."""
    if cit is None:
        return []
    if not isinstance(cit, dict):
        return [f"{cid}: citation must be a mapping"]
    out = []
    if not str(cit.get("title") or "").strip():
        out.append(f"{cid}: citation has no title")
    if not any(str(cit.get(k) or "").strip() for k in ("doi", "pmid", "url")):
        out.append(f"{cid}: citation needs a DOI, PMID or URL")
    if cit.get("url") and not str(cit["url"]).startswith(("http://", "https://")):
        out.append(f"{cid}: citation url is not http(s)")
    if cit.get("pmid") and not str(cit["pmid"]).isdigit():
        out.append(f"{cid}: pmid is not a number")
    if cit.get("doi") and not str(cit["doi"]).startswith("10."):
        out.append(f"{cid}: doi does not start with 10.")
    if not isinstance(cit.get("authors", []), list):
        out.append(f"{cid}: citation authors must be a list")
    return out


def _final_diagnosis_problems(cid: str, case: dict[str, Any]) -> list[str]:
    """What is wrong with a case's final diagnosis (a mapping with a label, and a CURIE unless an XSCO gap)."""
    final = case.get("final_diagnosis")
    if final is None:
        return []
    if not isinstance(final, dict):
        return [f"{cid}: final_diagnosis must be a mapping with curie and label"]
    out = []
    if not final.get("curie") and not case.get("xsco_gap"):
        out.append(f"{cid}: final_diagnosis has no curie and the case has no xsco_gap")
    if not final.get("label"):
        out.append(f"{cid}: final_diagnosis has no label")
    return out


def schema_problems(case: Any) -> list[str]:
    """What is wrong with one case by the schema of benchmarks/cases/README.md (no ontology look-ups)."""
    if not isinstance(case, dict):
        return ["a case must be a mapping"]
    cid = case.get("id", "?")
    out = [f"{cid}: missing {k}" for k in REQUIRED if case.get(k) in (None, "", [], {})]
    out += [f"{cid}: unknown field {k!r}" for k in case if k not in KNOWN_FIELDS]
    if case.get("split") not in SPLITS:
        out.append(f"{cid}: split must be one of {SPLITS}")
    if case.get("category") not in CATEGORIES:
        out.append(f"{cid}: category {case.get('category')!r} not in {CATEGORIES}")
    out += _citation_problems(cid, case.get("citation"))
    out += _final_diagnosis_problems(cid, case)
    if not str(case.get("quote") or "").strip():
        out.append(f"{cid}: empty quote")
    text = str(case.get("text") or "")
    if len(text.split()) > MAX_TEXT_WORDS:
        out.append(f"{cid}: text has {len(text.split())} words; at most {MAX_TEXT_WORDS}")
    for k in LIST_FIELDS:
        v = case.get(k, [])
        if v is not None and not (isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)):
            out.append(f"{cid}: {k} must be a list of non-empty strings")
    for site in case.get("sites") or []:
        if isinstance(site, str) and site.lower() not in text.lower():
            out.append(f"{cid}: site {site!r} is not a phrase of the text")
    for k, allowed in (("calcium", LEVELS), ("phosphate", LEVELS), ("status", STATUSES), ("mineral", MINERALS)):
        if case.get(k) is not None and case[k] not in allowed:
            out.append(f"{cid}: {k} {case[k]!r} not in {allowed}")
    return out


def validate(cases: Sequence[Any]) -> list[str]:
    """Schema problems of every case, plus duplicate ids."""
    out = [p for c in cases for p in schema_problems(c)]
    ids = [str(c.get("id")) for c in cases if isinstance(c, dict)]
    out += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    return out


# --- running the differential ---------------------------------------------------------------------

@dataclass
class ModeResult:
    """One case through one mode."""

    rank: int | None = None  # 1-based rank of the final diagnosis among non-excluded candidates of its list
    family_rank: int | None = None  # 1-based rank of the first candidate that is the final diagnosis or an is_a
    # ancestor or descendant of it (the umbrella classes aside)
    top: list[str] = field(default_factory=list)  # the first three CURIEs of that list
    error: str | None = None
    stated: int = 0  # structured: stated terms; text: stated sites
    resolved: int = 0  # structured: terms resolved; text: stated sites recognised
    words: int = 0  # text: content words
    covered: int = 0  # text: content words inside a recognised span
    unresolved: list[str] = field(default_factory=list)

    def hit(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k

    def family_hit(self, k: int) -> bool:
        return self.family_rank is not None and self.family_rank <= k


def _kind_of(kg: Any, curie: str) -> str | None:
    """"type", "condition", "sign" or "site" (anything else resolvable is taken as a site if anatomical)."""
    up = set(kg.ancestors(curie, predicates="is_a")) | {curie}
    if MINERALIZATION in up:
        return "type"
    if CONDITION in up:
        return "condition"
    if IMAGING_SIGN in up:
        return "sign"
    return "site" if curie.startswith("UBERON:") or "UBERON:0001062" in up else None


#: the umbrella classes a family figure never counts: every type or disorder is one of them
UMBRELLAS = frozenset({MINERALIZATION, "XSCO:0000002", CONDITION})


def _ranked(kg: Any, candidates: Iterable[Any], final: str) -> list[str]:
    """The CURIEs of the non-excluded candidates of ``final``'s list (types or disorders), in rank order."""
    kind = "type" if _kind_of(kg, final) == "type" else "disorder"
    return [c.curie for c in candidates if c.kind == kind and not c.excluded]


def _rank(kg: Any, candidates: Iterable[Any], final: str) -> tuple[int | None, list[str]]:
    ranked = _ranked(kg, candidates, final)
    return (ranked.index(final) + 1 if final in ranked else None), ranked[:3]


def _family_rank(kg: Any, candidates: Iterable[Any], final: str) -> int | None:
    """Rank of the first candidate that is ``final`` or a broader or narrower form of it by is_a: a miss at
    the exact CURIE that names the right entity at another granularity (heterotopic ossification for
    neurogenic heterotopic ossification, post-traumatic myositis ossificans for myositis ossificans)."""
    family = {final} | set(kg.ancestors(final, predicates="is_a")) | set(kg.descendants(final, predicates="is_a"))
    return next((i + 1 for i, c in enumerate(_ranked(kg, candidates, final)) if c in family - UMBRELLAS), None)


def _structured_finding(kg: Any, case: dict[str, Any], res: ModeResult) -> Any:
    """The case's structured fields as CLI options: the Finding, and the terms resolved. Each stated
    phrase is given as the option's value, exactly as a user types it; the library resolves it (a
    label, synonym or CURIE, else the phrase read by the annotator: rule 0b of kgtools.differential)
    and uses it for what it is. A phrase it cannot resolve is left out and counted."""
    from kgtools.differential import Finding, finding_terms
    from kgtools.errors import KgError

    wanted = {"sites": "sites", "conditions": "disorders", "signs": "signs", "negated_conditions": "absent"}
    kept: dict[str, list[str]] = {v: [] for v in wanted.values()}
    for key, name in wanted.items():
        for text in case.get(key) or []:
            res.stated += 1
            try:
                terms = finding_terms(kg, Finding(**{name: (text,)}))
            except KgError:
                terms = {}
            if any(terms.values()):
                res.resolved += 1
                kept[name].append(text)
            else:
                res.unresolved.append(text)
    mineral = case.get("mineral")
    return Finding(
        sites=tuple(dict.fromkeys(kept["sites"])),
        calcium=case.get("calcium"), phosphate=case.get("phosphate"), status=case.get("status"),
        disorders=tuple(dict.fromkeys(kept["disorders"])), signs=tuple(dict.fromkeys(kept["signs"])),
        absent=tuple(dict.fromkeys(kept["absent"])),
        ossified=None if mineral is None else mineral == "ossified", label=case["id"],
    )


def _content_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of the content words (``kgtools.annotate.content_words``)."""
    from kgtools.annotate import content_words

    return content_words(text)


def _text_finding(kg: Any, case: dict[str, Any], res: ModeResult) -> Any:
    """The case's text through ``kg.annotate``: the annotation's Finding, and the words and sites recognised."""
    text = case["text"]
    res.stated = len(case.get("sites") or [])  # counted as missed should annotate fail
    annotation = kg.annotate(text)
    mentions = list(getattr(annotation, "mentions", ()))
    spans = [(m.start, m.end) for m in mentions]
    words = _content_words(text)
    res.words = len(words)
    res.covered = sum(1 for a, b in words if any(s < b and a < e for s, e in spans))
    site_spans = [(m.start, m.end) for m in mentions if m.kind == "site" and not getattr(m, "negated", False)]
    low = text.lower()
    res.stated = 0
    for site in case.get("sites") or []:
        res.stated += 1
        at = [i for i in range(len(low)) if low.startswith(site.lower(), i)]
        if any(s < i + len(site) and i < e for i in at for s, e in site_spans):
            res.resolved += 1
        else:
            res.unresolved.append(site)
    return annotation.finding(label=case["id"])


#: How each mode turns a case into a Finding (and counts what it recognised); one scoring loop ranks both.
MODE_FINDINGS = {"structured": _structured_finding, "text": _text_finding}


def run_mode(kg: Any, case: dict[str, Any], mode: str) -> ModeResult:
    """The case through one mode: its Finding, the differential, the final diagnosis's rank."""
    from kgtools.errors import KgError

    res = ModeResult()
    final = (case.get("final_diagnosis") or {}).get("curie")
    try:
        candidates = kg.differential(MODE_FINDINGS[mode](kg, case, res))
    except KgError as exc:
        res.error = str(exc)
        return res
    if final:
        res.rank, res.top = _rank(kg, candidates, final)
        res.family_rank = _family_rank(kg, candidates, final)
    return res


def run_structured(kg: Any, case: dict[str, Any]) -> ModeResult:
    """The case's structured fields as CLI options (exact look-ups), ranked."""
    return run_mode(kg, case, "structured")


def run_text(kg: Any, case: dict[str, Any]) -> ModeResult:
    """The case's text through ``kg.annotate`` and the annotation's finding, ranked."""
    return run_mode(kg, case, "text")


def text_mode(kg: Any) -> str | None:
    """None when the free-text mode can run, else why not (no ``kg.annotate``, or its NLP extra missing)."""
    from kgtools.errors import KgError

    if not callable(getattr(kg, "annotate", None)):
        return "the library has no kg.annotate"
    try:
        kg.annotate("calcification of the hip")
    except KgError as exc:
        if type(exc).__name__ == "MissingDependencyError":
            return str(exc)
    return None


# --- figures --------------------------------------------------------------------------------------

def held_out(case_id: str) -> bool:
    """The fixed over-fitting check: a third of the cases (by the SHA-256 of the case id) is held out
    from tuning; the figures are printed for both parts ("tune (2/3)", "held-out (1/3)")."""
    return int(hashlib.sha256(case_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


def _share(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def summarise(cases: Sequence[dict[str, Any]], results: dict[str, dict[str, ModeResult]],
              modes: Sequence[str], text_available: bool) -> dict[str, Any]:
    """Figures per category and overall (``all``), for each mode."""
    dev = [c for c in cases if c.get("split", "dev") == "dev"]
    groups: dict[str, list[dict[str, Any]]] = {"all": dev}
    groups["tune (2/3)"] = [c for c in dev if not held_out(c["id"])]
    groups["held-out (1/3)"] = [c for c in dev if held_out(c["id"])]
    groups["new (blind)"] = [c for c in cases if c.get("split") == "new"]
    for c in cases:
        groups.setdefault(c["category"], []).append(c)
    out: dict[str, Any] = {}
    names = ["all", "tune (2/3)", "held-out (1/3)", "new (blind)", *[c for c in CATEGORIES if c in groups]]
    for name in [n for n in names if groups[n]]:
        group = groups[name]
        scored = [c for c in group if (c.get("final_diagnosis") or {}).get("curie")]
        row: dict[str, Any] = {"cases": len(group), "scored": len(scored), "unscored": len(group) - len(scored)}
        for mode in modes:
            if mode == "text" and not text_available:
                row[mode] = None
                continue
            rs = [results[c["id"]][mode] for c in scored]
            alls = [results[c["id"]][mode] for c in group]
            m: dict[str, Any] = {
                "hit@1": _share(sum(r.hit(1) for r in rs), len(rs)),
                "hit@3": _share(sum(r.hit(3) for r in rs), len(rs)),
                "family@3": _share(sum(r.family_hit(3) for r in rs), len(rs)),
                "errors": sum(1 for r in alls if r.error),
            }
            key = "terms_resolved" if mode == "structured" else "sites_recognised"
            m[key] = _share(sum(r.resolved for r in alls), sum(r.stated for r in alls))
            if mode == "text":
                m["words_covered"] = _share(sum(r.covered for r in alls), sum(r.words for r in alls))
            row[mode] = m
        out[name] = row
    return out


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def render_table(summary: dict[str, Any], modes: Sequence[str]) -> str:
    """A plain-text table: one row per category, one column group per mode."""
    head = f"{'category':15} {'cases':>5} {'unsc':>4}"
    if "structured" in modes:
        head += f" | {'S hit@1':>7} {'S hit@3':>7} {'terms':>6} {'err':>3}"
    if "text" in modes:
        head += f" | {'T hit@1':>7} {'T hit@3':>7} {'T fam@3':>7} {'sites':>6} {'words':>6} {'err':>3}"
    lines = [head, "-" * len(head)]
    for name, row in summary.items():
        line = f"{name:15} {row['cases']:>5} {row['unscored']:>4}"
        if "structured" in modes:
            s = row["structured"]
            line += f" | {_pct(s['hit@1']):>7} {_pct(s['hit@3']):>7} {_pct(s['terms_resolved']):>6} {s['errors']:>3}"
        if "text" in modes:
            t = row["text"]
            if t is None:
                line += f" | {'n/a':>7} {'n/a':>7} {'n/a':>7} {'n/a':>6} {'n/a':>6} {'n/a':>3}"
            else:
                line += (f" | {_pct(t['hit@1']):>7} {_pct(t['hit@3']):>7} {_pct(t['family@3']):>7}"
                         f" {_pct(t['sites_recognised']):>6}"
                         f" {_pct(t['words_covered']):>6} {t['errors']:>3}")
        lines.append(line)
    lines.append("S = structured options (phrases resolved as the CLI does), T = free text (kg.annotate); "
                 "unsc = cases without an XSCO "
                 "CURIE (never scored); fam@3 = the diagnosis or a broader or narrower form of it (is_a) among the "
                 "first three; terms = stated terms resolved, sites = stated sites recognised, "
                 "words = content words covered")
    return "\n".join(lines)


def render_cases(cases: Sequence[dict[str, Any]], results: dict[str, dict[str, ModeResult]], modes: Sequence[str],
                 text_available: bool) -> str:
    lines = []
    for c in cases:
        final = (c.get("final_diagnosis") or {}).get("curie") or "(xsco gap)"
        parts = [f"{c['id']} [{c['category']}] final={final}"]
        for mode in modes:
            if mode == "text" and not text_available:
                parts.append("text: n/a")
                continue
            r = results[c["id"]][mode]
            rank = "error: " + r.error if r.error else f"rank={r.rank or '-'} top={','.join(r.top)}"
            miss = f" unresolved={r.unresolved}" if r.unresolved else ""
            parts.append(f"{mode}: {rank}{miss}")
        lines.append("\n  ".join(parts))
    return "\n".join(lines)


def run(kg: Any, cases: Sequence[dict[str, Any]],
        modes: Sequence[str]) -> tuple[dict[str, dict[str, ModeResult]], bool]:
    """Each case through each mode; also whether the text mode is available."""
    text_available = "text" in modes and text_mode(kg) is None
    results: dict[str, dict[str, ModeResult]] = {}
    for c in cases:
        results[c["id"]] = {}
        for mode in modes:
            if mode != "text" or text_available:
                results[c["id"]][mode] = run_mode(kg, c, mode)
    return results, text_available


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=str(DEFAULT_CASES), help="case file (YAML)")
    parser.add_argument("--mode", choices=("both", "structured", "text"), default="both")
    parser.add_argument("--limit", type=int, help="only the first N cases")
    parser.add_argument("--id", action="append", default=[], help="only this case (repeatable)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--per-case", action="store_true", help="also list each case's rank and top three")
    parser.add_argument("--engine", default="oxigraph", choices=("oxigraph", "rdflib"))
    parser.add_argument("--show-blind", action="store_true",
                        help="also show the per-case results of the blind (split: new) cases")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    try:
        cases = load_cases(args.cases)
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = validate(cases)
    if problems:
        print(f"error: {args.cases}: {problems[0]} ({len(problems)} problem(s))", file=sys.stderr)
        return 2
    if args.id:
        unknown = sorted(set(args.id) - {c["id"] for c in cases})
        if unknown:
            print(f"error: no case {unknown[0]!r}", file=sys.stderr)
            return 2
        cases = [c for c in cases if c["id"] in args.id]
        blind = [c["id"] for c in cases if c.get("split") == "new"]
        if blind and not args.show_blind:
            print(f"error: {blind[0]!r} is a blind case (split: new); pass --show-blind to look at it",
                  file=sys.stderr)
            return 2
    if args.limit:
        cases = cases[: args.limit]
    import kgtools

    kg = kgtools.load(engine=args.engine)
    modes = ["structured", "text"] if args.mode == "both" else [args.mode]
    results, text_available = run(kg, cases, modes)
    why_not = None if text_available or "text" not in modes else text_mode(kg)
    summary = summarise(cases, results, modes, text_available)
    shown = [c for c in cases if args.show_blind or c.get("split") != "new"]
    if args.json:
        out = {
            "cases_file": str(args.cases), "modes": modes, "text_mode_available": text_available,
            "text_mode_unavailable_because": why_not,
            "summary": summary,
            "cases": [{"id": c["id"], "category": c["category"],
                       "final": (c.get("final_diagnosis") or {}).get("curie"),
                       **{m: (vars(results[c["id"]][m]) if m in results[c["id"]] else None) for m in modes}}
                      for c in shown],
        }
        print(json.dumps(out, indent=2))
    else:
        print(render_table(summary, modes))
        if why_not:
            print(f"free text: n/a ({why_not})")
        if args.per_case:
            print()
            print(render_cases(shown, results, modes, text_available))
    return 0


if __name__ == "__main__":
    sys.exit(main())
