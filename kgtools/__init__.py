"""kgtools: load, query, reason over, validate and link the Extra-Skeletal Calcification Ontology.

Quick start::

    >>> import kgtools
    >>> kg = kgtools.load()                      # the bundled XSCO
    >>> kg.term("CREST syndrome").curie
    'XSCO:0000046'
    >>> [a.qualifier for a in kg.sites_for("calcinosis")]
    ['most often', 'most often', 'most often']

Stability: the names in ``__all__`` below (and the methods and attributes of the classes they
name) are the public API; they follow semantic versioning. Everything else - modules not
re-exported here, names starting with an underscore - is internal and may change in any release.
"""

from __future__ import annotations

from .errors import (
    EngineError,
    KgError,
    ParameterError,
    ParseError,
    QueryError,
    SourceNotFoundError,
    UnknownQueryError,
    UnknownTermError,
)
from .kg import Association, KnowledgeGraph, load
from .query import NamedQuery, QueryResult
from .remote import RemoteStore, connect  # SPARQL engines (issue 5)
from .terms import Term

__version__ = "0.1.0"

__all__ = [
    "load",
    "KnowledgeGraph",
    "Term",
    "Association",
    "QueryResult",
    "NamedQuery",
    "KgError",
    "ParseError",
    "SourceNotFoundError",
    "UnknownTermError",
    "QueryError",
    "UnknownQueryError",
    "ParameterError",
    "EngineError",
    "connect",
    "RemoteStore",
    "__version__",
]
