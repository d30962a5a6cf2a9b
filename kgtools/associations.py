"""Statements of sources as Python values: :class:`Association` (an OBAN node) and its :class:`Quantity`.

:func:`association_from_row` turns a row of the ``associations`` query into an :class:`Association`;
the :class:`~kgtools.kg.KnowledgeGraph` and every concern module share these types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib.term import Identifier

from .errors import KgError
from .prefixes import compress
from .terms import Term

__all__ = [
    "ASSOCIATION_COLUMNS",
    "Association",
    "Quantity",
    "association_from_row",
    "association_rows",
    "associations_dataframe",
]


@dataclass(frozen=True)
class Quantity:
    """A number a source gives with an association, kept with its unit and population.

    ``measure`` says what is measured (prevalence, proportion, threshold, time after onset, ...);
    ``comparator`` how the value is stated (">", "<", "about", "up to", ... or None); ``value`` is the
    number (the lower bound of a range) and ``value_max`` the upper bound; ``unit`` is the source's
    unit, None when the source gives a bare number; ``population`` who was measured.
    """

    measure: str
    value: Decimal
    value_max: Decimal | None = None
    comparator: str | None = None
    unit: str | None = None
    population: str | None = None

    def __str__(self) -> str:
        number = f"{self.value}" + (f"-{self.value_max}" if self.value_max is not None else "")
        unit = "" if not self.unit else (self.unit if self.unit == "%" else " " + self.unit)
        comparator = f"{self.comparator} " if self.comparator else ""
        text = f"{self.measure} {comparator}{number}{unit}"
        return text + (f" in {self.population}" if self.population else "")


@dataclass(frozen=True)
class Association:
    """A statement of a source, reified: subject -predicate-> object, with its provenance.

    ``qualifier`` is the source's own hedge word exactly as written ("usually not", "most often",
    "especially", ...) or None; ``open_list`` is True when the source gives the object as one
    member of an open list ("such as", "including"); ``negated`` is True when the source says the
    association does not (usually) hold.
    """

    subject: Term
    predicate: str
    object: Term
    qualifier: str | None
    source: str
    text: str
    open_list: bool
    negated: bool = False
    iri: str = ""
    scheme: Term | None = None
    quantity: Quantity | None = None

    def __str__(self) -> str:
        hedge = f" [{self.qualifier}]" if self.qualifier else ""
        neg = "NOT " if self.negated else ""
        number = f" ({self.quantity})" if self.quantity else ""
        return f"{self.subject.label} {neg}{self.predicate} {self.object.label}{hedge}{number}"


def association_from_row(row: Mapping[str, Identifier], term_for: Callable[[Identifier], Term]) -> Association:
    """The :class:`Association` of one row of the ``associations`` query (``term_for`` names its terms)."""
    return Association(
        subject=term_for(row["subject"]),
        predicate=compress(str(row["predicate"])),
        object=term_for(row["object"]),
        qualifier=str(row["qualifier"]) if "qualifier" in row else None,
        source=str(row["source"]),
        text=str(row.get("text", "")),
        open_list=_true(row.get("open_list")),
        negated=_true(row.get("negated")),
        iri=str(row["association"]),
        scheme=_scheme(row),
        quantity=_quantity(row),
    )


def _scheme(row: Mapping[str, Identifier]) -> Term | None:
    if "scheme" not in row:
        return None
    label = row.get("scheme_label")
    return Term(curie=compress(str(row["scheme"])), iri=str(row["scheme"]), label=str(label) if label else None)


def _quantity(row: Mapping[str, Identifier]) -> Quantity | None:
    if "value" not in row:
        return None

    def text(key: str) -> str | None:
        return str(row[key]) if key in row else None

    return Quantity(
        measure=text("measure") or "value",
        value=Decimal(str(row["value"])),
        value_max=Decimal(str(row["value_max"])) if "value_max" in row else None,
        comparator=text("comparator"),
        unit=text("unit"),
        population=text("population"),
    )


def _true(value: Identifier | None) -> bool:
    return value is not None and str(value).lower() in ("true", "1")


# --- tables: one flat row per association, for CSV or pandas -----------------------------

ASSOCIATION_COLUMNS = (
    "subject", "subject_label", "predicate", "object", "object_label", "qualifier", "open_list", "negated",
    "source", "text", "scheme", "quantity", "association",
)


def association_rows(associations: Iterable[Association]) -> list[dict[str, Any]]:
    """One flat dict per association, keyed by :data:`ASSOCIATION_COLUMNS`: terms as CURIEs with
    their labels beside them, the quantity as text, absent values as None."""
    return [
        {
            "subject": a.subject.curie,
            "subject_label": a.subject.label,
            "predicate": compress(a.predicate),
            "object": a.object.curie,
            "object_label": a.object.label,
            "qualifier": a.qualifier,
            "open_list": a.open_list,
            "negated": a.negated,
            "source": a.source,
            "text": a.text,
            "scheme": a.scheme.curie if a.scheme is not None else None,
            "quantity": str(a.quantity) if a.quantity is not None else None,
            "association": compress(a.iri) if a.iri else None,
        }
        for a in associations
    ]


def associations_dataframe(associations: Iterable[Association]) -> Any:
    """The associations as a pandas DataFrame (the columns of :data:`ASSOCIATION_COLUMNS`).

    Needs pandas (``pip install 'kgtools[pandas]'``); raises :class:`KgError` when it is missing.
    """
    try:
        import pandas as pd
    except ImportError:
        raise KgError("associations as a DataFrame need pandas: pip install 'kgtools[pandas]'") from None
    return pd.DataFrame(association_rows(associations), columns=list(ASSOCIATION_COLUMNS))
