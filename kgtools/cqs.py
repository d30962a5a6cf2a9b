"""Competency questions as data: named queries that carry their expected answer in their header.

A named query becomes a competency question by adding these header lines::

    # cq: Which conditions does the seed associate with metastatic calcification?
    # cq-params: type=metastatic calcification
    # cq-column: disorder_label
    # cq-expect: hyperparathyroidism; malignancy; hypervitaminosis D; milk-alkali syndrome
    # cq-match: exact

``cq-params`` uses the ``key=value; key=value`` form of ``# example:``; ``cq-expect`` lists the
values expected in ``cq-column`` (separated by ``;``); ``cq-match`` is ``exact`` (the set of
values must be equal, the default) or ``contains`` (the expected values must all be there).
For an ASK query, ``cq-expect`` is ``true`` or ``false`` and no column is needed.
``# cq-requires: hpo`` names graphs the question needs (e.g. the HPO graph of ``kgtools link hpo``);
where such a graph is empty the question is reported as skipped, with the reason.
``kgtools check-cqs`` runs every question; a release fails if any of them fails.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from .errors import QueryError
from .query import NamedQuery, QueryLibrary
from .store import GRAPHS

if TYPE_CHECKING:
    from .protocols import KnowledgeBase

__all__ = ["CQResult", "CompetencyQuestion", "check_cqs", "competency_questions", "parse_params"]


def parse_params(text: str) -> dict[str, str]:
    """Parse ``key=value; key=value`` (values may contain spaces)."""
    params = {}
    for part in text.split(";"):
        if part.strip():
            key, sep, value = part.partition("=")
            if not sep:
                raise QueryError(f"bad parameter {part.strip()!r} (expected key=value)")
            params[key.strip()] = value.strip()
    return params


@dataclass(frozen=True)
class CompetencyQuestion:
    """A question, the named query that answers it, and the answer expected."""

    name: str
    question: str
    params: dict[str, str]
    column: str | None
    expected: tuple[str, ...]
    match: str = "exact"
    requires: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query: NamedQuery) -> CompetencyQuestion | None:
        """The question declared in a query's header, or None when it declares none."""
        header = query.header
        if "cq" not in header:
            return None
        match = header.get("cq-match", ("exact",))[0].strip() or "exact"
        if match not in ("exact", "contains"):
            raise QueryError(f"{query.path}: cq-match must be 'exact' or 'contains', not {match!r}")
        if "cq-expect" not in header:
            raise QueryError(f"{query.path}: a competency question needs '# cq-expect:'")
        expected = tuple(v.strip() for line in header["cq-expect"] for v in line.split(";") if v.strip())
        column = header.get("cq-column", ("",))[0].strip() or None
        return cls(
            name=query.name,
            question=" ".join(header["cq"]),
            params=parse_params("; ".join(header.get("cq-params", ()))),
            column=column,
            expected=expected,
            match=match,
            requires=tuple(g.strip() for line in header.get("cq-requires", ()) for g in line.split(",") if g.strip()),
        )


@dataclass(frozen=True)
class CQResult:
    """The outcome of one competency question."""

    name: str
    question: str
    passed: bool
    missing: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()
    error: str | None = None
    skipped: str | None = None  # why the question could not be asked (a graph it needs is empty)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


def competency_questions(library: QueryLibrary | None = None) -> list[CompetencyQuestion]:
    """Every competency question of the named-query library, by query name."""
    out = []
    for query in library or QueryLibrary():
        cq = CompetencyQuestion.from_query(query)
        if cq is not None:
            out.append(cq)
    return out


def check_cq(kg: KnowledgeBase, cq: CompetencyQuestion) -> CQResult:
    """Run one question and compare its answer with the expected one."""
    for graph in cq.requires:
        if kg.store.count(GRAPHS.get(graph, graph)) == 0:
            return CQResult(cq.name, cq.question, True, skipped=f"needs the {graph!r} graph, which is empty")
    try:
        result = kg.query(cq.name, **cq.params)
    except Exception as error:
        return CQResult(cq.name, cq.question, False, error=" ".join(str(error).split()))
    if result.kind == "ask":
        actual = {"true" if result.boolean else "false"}
    else:
        if not cq.column or cq.column not in result.variables:
            return CQResult(cq.name, cq.question, False, error=f"column {cq.column!r} is not in the result")
        actual = {str(row[cq.column]) for row in result.rows if row[cq.column] is not None}
    expected = set(cq.expected)
    missing = tuple(sorted(expected - actual))
    unexpected = tuple(sorted(actual - expected)) if cq.match == "exact" else ()
    return CQResult(cq.name, cq.question, not missing and not unexpected, missing, unexpected)


def check_cqs(kg: KnowledgeBase, library: QueryLibrary | None = None) -> list[CQResult]:
    """Run every competency question of the library against ``kg``."""
    return [check_cq(kg, cq) for cq in competency_questions(library or kg.queries)]


def report(results: list[CQResult], fmt: str = "table") -> str:
    """Render results as a table, JSON or TSV."""
    if fmt == "json":
        return json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False)
    rows = []
    for r in results:
        problem = r.error or "; ".join(
            part
            for part in (
                f"missing: {', '.join(r.missing)}" if r.missing else "",
                f"unexpected: {', '.join(r.unexpected)}" if r.unexpected else "",
            )
            if part
        )
        status = "SKIP" if r.skipped else "PASS" if r.passed else "FAIL"
        rows.append((status, r.name, r.question, r.skipped or problem))
    if fmt == "tsv":
        return "\n".join(["status\tquery\tquestion\tproblem"] + ["\t".join(row) for row in rows])
    passed = sum(r.passed and not r.skipped for r in results)
    skipped = sum(bool(r.skipped) for r in results)
    lines = [
        f"{status}  {name}: {question}" + (f"\n      {problem}" if problem else "")
        for status, name, question, problem in rows
    ]
    lines.append(
        f"{passed} passed, {len(results) - passed - skipped} failed" + (f", {skipped} skipped" if skipped else "")
    )
    return "\n".join(lines)
