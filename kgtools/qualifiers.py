"""The sources' qualifiers (``XSCO:0000201``) as the ontology classes them: hedges and emphasising words.

The ontology lists the closed set of qualifiers on the qualifier property itself: each value is
given either as a ``hedged qualifier value`` (``XSCO:0000223``: "usually", "most often", "rare",
... weaken a statement) or as an ``emphasising qualifier value`` (``XSCO:0000224``: "especially",
"particularly", "always"); some hedges are also superlatives (``XSCO:0000225``: "most common") or
rarity words (``XSCO:0000226``: "rare", "occasionally"). :func:`read_qualifiers` reads that list from
a store, so a loaded ontology decides; :func:`bundled_qualifiers` reads it once from the bundled XSCO for callers that
have no store. A qualifier is matched exactly (case and spacing normalised), never by substring:
"uncommonly" is not "common".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .query import run_query
from .resources import ontology_paths
from .store import ASSERTED, OxigraphStore, Store, guess_format
from .vocab import (EMPHASISING_QUALIFIER_VALUE, HEDGED_QUALIFIER_VALUE, RARITY_QUALIFIER_VALUE,
                    SUPERLATIVE_QUALIFIER_VALUE)

__all__ = ["Qualifiers", "bundled_qualifiers", "read_qualifiers"]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Qualifiers:
    """The closed list of qualifiers, split into hedges and emphasising words (normalised text)."""

    hedged: frozenset[str]
    emphasising: frozenset[str]
    superlative: frozenset[str] = frozenset()  # hedges that rank their object first ("most common")
    rarity: frozenset[str] = frozenset()  # hedges that say their object is infrequent ("rare")

    @property
    def closed_list(self) -> frozenset[str]:
        """Every qualifier a statement may carry."""
        return self.hedged | self.emphasising

    def is_hedged(self, qualifier: str | None) -> bool:
        """True when ``qualifier`` is one of the hedges (it weakens the statement)."""
        return bool(qualifier) and _norm(str(qualifier)) in self.hedged

    def is_superlative(self, qualifier: str | None) -> bool:
        """True when ``qualifier`` ranks its object first among several ("most common", "most often")."""
        return bool(qualifier) and _norm(str(qualifier)) in self.superlative

    def is_rarity(self, qualifier: str | None) -> bool:
        """True when ``qualifier`` says its object is infrequent for the subject ("rare", "occasionally")."""
        return bool(qualifier) and _norm(str(qualifier)) in self.rarity

    def __bool__(self) -> bool:
        return bool(self.hedged or self.emphasising)


def read_qualifiers(store: Store) -> Qualifiers:
    """The qualifier classes the ontology in ``store`` declares (empty when it declares none)."""
    kinds: dict[str, set[str]] = {HEDGED_QUALIFIER_VALUE: set(), EMPHASISING_QUALIFIER_VALUE: set(),
                                  SUPERLATIVE_QUALIFIER_VALUE: set(), RARITY_QUALIFIER_VALUE: set()}
    for row in run_query(store, "qualifier-classes").rows:
        kinds[str(row["kind"])].add(_norm(str(row["value"])))
    return Qualifiers(frozenset(kinds[HEDGED_QUALIFIER_VALUE]), frozenset(kinds[EMPHASISING_QUALIFIER_VALUE]),
                      frozenset(kinds[SUPERLATIVE_QUALIFIER_VALUE]), frozenset(kinds[RARITY_QUALIFIER_VALUE]))


@lru_cache(maxsize=1)
def bundled_qualifiers() -> Qualifiers:
    """The qualifier classes of the bundled XSCO (read once per process)."""
    store = OxigraphStore()
    for path in ontology_paths():
        store.load_file(path, guess_format(path), ASSERTED)
    return read_qualifiers(store)
