"""What a concern module may use of a knowledge graph: the :class:`KnowledgeBase` protocol.

The concern modules (reason, validate, differential, export, link, graph, diagram, cqs, ondisk)
take a ``KnowledgeBase`` and never import :mod:`kgtools.kg`; :class:`kgtools.kg.KnowledgeGraph`
implements it and delegates its methods to them. The dependency therefore points one way::

    vocab, errors, prefixes, resources  ->  store, query, terms, associations, protocols
        ->  concern modules  ->  kg  ->  release, remote, web, serve, cli

``tests/test_architecture.py`` checks that the import graph is acyclic and keeps that order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Protocol, TypeVar

from rdflib.term import Identifier

from .associations import Association
from .query import QueryLibrary, QueryResult
from .store import Store
from .terms import Term, TermIndex

__all__ = ["KnowledgeBase"]

T = TypeVar("T")


class KnowledgeBase(Protocol):
    """The store, its term index and the few derived views a concern module needs."""

    store: Store
    queries: QueryLibrary
    sources: list[str]
    reasoned_over: int | None  # size of the sources the ``inferred`` graph was computed from

    @property
    def engine(self) -> str: ...

    @property
    def index(self) -> TermIndex: ...

    def term(self, x: str | Term) -> Term: ...

    def term_for(self, iri: Identifier | str) -> Term: ...

    def terms(self) -> list[Term]: ...

    def query(self, query: str | os.PathLike[str], **params: Any) -> QueryResult: ...

    def associations(
        self,
        subject: str | Term | None = None,
        object: str | Term | None = None,
        predicate: str | None = None,
        source: str | None = None,
    ) -> list[Association]: ...

    def graph(
        self, predicates: str | Iterable[str] | None = None, inferred: bool = True, include_negated: bool = False
    ) -> Any: ...

    def add(
        self, source: str | os.PathLike[str], graph: str = "asserted", format: str | None = None, *, atomic: bool = True
    ) -> None: ...

    def add_triples(self, triples: Iterable[tuple[Identifier, Identifier, Identifier]], graph: str) -> None: ...

    def clear(self, graph: str) -> None: ...

    def changed(self) -> None: ...

    def derived(self, key: Hashable, build: Callable[[], T]) -> T: ...

    def annotate(self, text: str) -> Any: ...

    def empty_copy(self) -> KnowledgeBase: ...
