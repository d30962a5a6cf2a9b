"""Terms and how to find them: by CURIE, IRI, label or synonym (case-insensitive).

The :class:`TermIndex` is built once from the store with a single SPARQL query and rebuilt
when the store changes. Lookup order: IRI, CURIE, exact label, exact synonym (exact before
related/broad/narrow). A CURIE always names its own ontology's term: the XSCO term
an external ID is mapped to is :meth:`TermIndex.mapped`.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib.term import Identifier, URIRef

from .errors import UnknownTermError
from .prefixes import compress, expand
from .vocab import DEFINITION, DEPRECATED, RDFS_LABEL, SKOS, SYNONYM_PROPERTIES, XREF, XSCO

__all__ = ["SYNONYM_PROPERTIES", "Term", "TermIndex"]

MAPPING_PROPERTIES = {SKOS + "exactMatch": "exact", SKOS + "closeMatch": "close"}
_SCOPE_RANK = {"exact": 0, "related": 1, "narrow": 2, "broad": 3}

@dataclass(frozen=True)
class Term:
    """A named entity of the loaded graph: a class, property or external term used by reference."""

    curie: str
    iri: str
    label: str | None
    definition: str | None = None
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    deprecated: bool = False
    synonym_scopes: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    def __str__(self) -> str:
        return f"{self.curie} {self.label}" if self.label else self.curie


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


# --- label collisions across loaded ontologies ---
# With HPO (or any other ontology) loaded beside XSCO, a label such as "calcinosis" or "sarcoma"
# names terms of both; a lookup by name then prefers the XSCO term (then the smallest IRI).
def _foreign(iri: str) -> bool:
    return not iri.startswith(XSCO)


def _preferred(iris: Iterable[str]) -> str:
    return min(iris, key=lambda iri: (_foreign(iri), iri))


def _texts(row: Mapping[str, Identifier]) -> tuple[str, str, str, bool]:
    """``?s ?p ?o`` of a term-index row as text, and whether ``?o`` is an IRI.

    Rows of the Oxigraph engine (``kgtools.store.LazyRow``) are read from the store's own
    terms (``.raw``): building an rdflib term per cell was over a third of the index build at 1M
    triples. The text is the same as ``str()`` of the rdflib term (IRI, blank-node id, lexical form).
    """
    raw = getattr(row, "raw", None)
    if raw is not None:
        s, p, o = raw("s"), raw("p"), raw("o")
        return s.value, p.value, o.value, type(o).__name__ == "NamedNode"
    o = row["o"]
    return str(row["s"]), str(row["p"]), str(o), isinstance(o, URIRef)


class TermIndex:
    """Labels, synonyms and cross-references of every IRI in the store, for lookup and search.

    The index keeps the rows' text; a :class:`Term` (with its CURIE, the costly part: ~1 s of a
    1.8 s build at 1M generated triples, load average ~4.6) is made when a term is asked for, once.
    """

    def __init__(self, rows: Iterable[Mapping[str, Identifier]]) -> None:
        self._build(_texts(row) for row in rows)


    def _build(self, texts: Iterable[tuple[str, str, str, bool]]) -> None:
        labels: dict[str, str] = {}
        definitions: dict[str, str] = {}
        synonyms: dict[str, set[tuple[str, str]]] = defaultdict(set)
        xrefs: dict[str, set[str]] = defaultdict(set)
        mapped: dict[str, set[str]] = defaultdict(set)
        deprecated: set[str] = set()
        for s, p, o, o_is_iri in texts:
            if p == RDFS_LABEL:
                labels.setdefault(s, o)
            elif p == DEFINITION:
                definitions.setdefault(s, o)
            elif p in SYNONYM_PROPERTIES:
                synonyms[s].add((o, SYNONYM_PROPERTIES[p]))
            elif p == XREF:
                xrefs[s].add(o)
            elif p in MAPPING_PROPERTIES and o_is_iri:
                mapped[s].add(compress(o))
            elif p == DEPRECATED and o.lower() in ("true", "1"):
                deprecated.add(s)
        self._labels, self._definitions, self._synonyms = labels, definitions, synonyms
        self._xrefs, self._deprecated = xrefs, deprecated
        self._iris: set[str] = set(labels) | set(synonyms) | set(definitions)
        self._terms: dict[str, Term] = {}  # made on first use (see the class docstring)
        # name -> IRIs, exact labels and synonyms kept apart so labels win.
        self._by_label: dict[str, list[str]] = defaultdict(list)
        self._by_synonym: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for iri, label in labels.items():
            if label:
                self._by_label[_norm(label)].append(iri)
        for iri, pairs in synonyms.items():
            for text, scope in pairs:
                self._by_synonym[_norm(text)].append((_SCOPE_RANK[scope], iri))
        # external CURIE -> XSCO IRIs that cite it as an xref or an exact/close mapping
        self._by_xref: dict[str, list[str]] = defaultdict(list)
        for iri in sorted(self._iris & (set(xrefs) | set(mapped))):
            for ref in xrefs.get(iri, set()) | mapped.get(iri, set()):
                self._by_xref[ref.casefold()].append(iri)

    # --- kept as JSON beside an on-disk store (kgtools.ondisk): what _build computed, as it is ---

    def state(self) -> dict[str, Any]:
        """The index as JSON-ready data (:meth:`from_state` rebuilds it without reading the rows again)."""
        return {
            "labels": self._labels,
            "definitions": self._definitions,
            "synonyms": {iri: sorted(pairs) for iri, pairs in self._synonyms.items()},
            "xrefs": {iri: sorted(refs) for iri, refs in self._xrefs.items()},
            "deprecated": sorted(self._deprecated),
            "by_label": self._by_label,
            "by_synonym": self._by_synonym,
            "by_xref": self._by_xref,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> TermIndex:
        """The index :meth:`state` describes (KeyError, TypeError or ValueError when it is not one)."""
        index = cls.__new__(cls)
        index._labels = dict(state["labels"])
        index._definitions = dict(state["definitions"])
        index._synonyms = {iri: {(text, scope) for text, scope in pairs} for iri, pairs in state["synonyms"].items()}
        index._xrefs = {iri: set(refs) for iri, refs in state["xrefs"].items()}
        index._deprecated = set(state["deprecated"])
        index._iris = set(index._labels) | set(index._synonyms) | set(index._definitions)
        index._terms = {}
        index._by_label = defaultdict(list, state["by_label"])
        index._by_synonym = defaultdict(
            list, {k: [(int(rank), iri) for rank, iri in v] for k, v in state["by_synonym"].items()}
        )
        index._by_xref = defaultdict(list, state["by_xref"])
        return index

    def _term(self, iri: str) -> Term:
        """The Term of an indexed IRI (made once)."""
        term = self._terms.get(iri)
        if term is None:
            syns = sorted(self._synonyms.get(iri, ()), key=lambda x: (_SCOPE_RANK[x[1]], x[0]))
            term = self._terms[iri] = Term(
                curie=compress(iri),
                iri=iri,
                label=self._labels.get(iri),
                definition=self._definitions.get(iri),
                synonyms=tuple(s for s, _ in syns),
                xrefs=tuple(sorted(self._xrefs.get(iri, ()))),
                deprecated=iri in self._deprecated,
                synonym_scopes=tuple(syns),
            )
        return term

    def __len__(self) -> int:
        return len(self._iris)

    def __iter__(self):
        return iter(sorted((self._term(iri) for iri in self._iris), key=lambda t: t.curie))

    def get(self, iri: str) -> Term | None:
        """The term with this IRI, or None."""
        return self._term(iri) if iri in self._iris else None

    def resolve(self, text: str) -> Term:
        """Find one term by IRI, CURIE, external CURIE (xref), label or synonym; raise UnknownTermError."""
        if not isinstance(text, str) or not text.strip():
            raise UnknownTermError(str(text))
        query = text.strip()
        if query in self._iris:  # any IRI as it is (urn:, tag:, ...), not only http(s)
            return self._term(query)
        if not query.startswith(("http://", "https://")) and ":" in query and " " not in query:
            iri = expand(query)
            if iri and iri in self._iris:
                return self._term(iri)
            if iri:  # a CURIE names its own ontology's term, never the XSCO term mapped to it
                raise UnknownTermError(text, lambda: self.close_matches(query))
        key = _norm(query)
        if key in self._by_label:
            return self._term(_preferred(self._by_label[key]))
        if key in self._by_synonym:
            return self._term(min(self._by_synonym[key], key=lambda x: (x[0], _foreign(x[1]), x[1]))[1])
        raise UnknownTermError(text, lambda: self.close_matches(query))

    def mapped(self, curie: str) -> Term | None:
        """The term (XSCO's first) that cites the external ``curie`` as a cross-reference or as its
        exact or close match; None when none does (broad and narrow matches do not count)."""
        for candidate in self._by_xref.get(curie.strip().casefold(), []):
            return self._term(candidate)
        return None

    def close_matches(self, text: str, n: int = 3) -> list[str]:
        """Labels (or synonyms) that look like ``text``, best first."""
        key = _norm(text)
        names = list(self._by_label) + list(self._by_synonym)
        found = difflib.get_close_matches(key, names, n=n, cutoff=0.6)
        if not found:
            found = [name for name in names if key and (key in name or name in key)][:n]
        out: list[str] = []
        for name in found:
            iri = _preferred(self._by_label[name]) if name in self._by_label else sorted(self._by_synonym[name])[0][1]
            label = self._labels.get(iri) or name
            if label not in out:
                out.append(label)
        return out

    def search(self, text: str, limit: int = 10) -> list[Term]:
        """Terms whose label or synonym matches ``text``, best first: an exact label, an exact synonym,
        then labels that start with ``text``, labels with a word that starts with it, synonyms that
        start a word with it, and last labels and synonyms that merely contain it ("sclero" ranks
        systemic sclerosis above arteriosclerosis obliterans). Ties go by label."""
        key = _norm(text)
        if not key:
            return []
        word_start = re.compile(r"(?<!\w)" + re.escape(key))
        ranked: dict[str, tuple[int, str]] = {}

        def offer(iri: str, rank: int) -> None:
            label = self._labels.get(iri)
            sort_key = (rank, _norm(label or self._term(iri).curie))
            if iri not in ranked or sort_key < ranked[iri]:
                ranked[iri] = sort_key

        for iri in self._by_label.get(key, []):
            offer(iri, 0)
        for scope, iri in self._by_synonym.get(key, []):
            offer(iri, 1 + scope)
        for name, iris in self._by_label.items():
            if key in name:
                rank = 5 if name.startswith(key) else 6 if word_start.search(name) else 8
                for iri in iris:
                    offer(iri, rank)
        for name, pairs in self._by_synonym.items():
            if key in name:
                rank = 7 if word_start.search(name) else 9
                for _, iri in pairs:
                    offer(iri, rank)
        ordered = sorted(ranked, key=lambda iri: (ranked[iri], iri))
        return [self._term(iri) for iri in ordered[: max(limit, 0)]]
