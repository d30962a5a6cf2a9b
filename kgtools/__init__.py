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

from .differential import Candidate, Finding, Reason
from .errors import (
    EngineError,
    FindingError,
    KgError,
    ParameterError,
    ParseError,
    QueryError,
    ReasonerError,
    ReasonerUnavailableError,
    ShapesError,
    SourceNotFoundError,
    ToolNotFoundError,
    UnknownPredicateError,
    UnknownQueryError,
    UnknownTermError,
)
from .kg import Association, KnowledgeGraph, Quantity, load
from .ontodiff import OntologyDiff, diff
from .query import NamedQuery, QueryResult
from .reason import Classification, Explanation, JavaRuntime, ReasoningResult, find_java
from .remote import RemoteStore, connect  # SPARQL engines
from .terms import Term
from .validate import ValidationReport, ValidationResult

# --- linking and export ---
from .export import EXPORT_FORMATS, ExportResult
from .link import HpoImport, Mapping, MappingSet, read_sssom

__version__ = "0.1.0"

__all__ = [
    "EXPORT_FORMATS",
    "Association",
    "Candidate",
    "Classification",
    "EngineError",
    "Explanation",
    "ExportResult",
    "Finding",
    "FindingError",
    "HpoImport",
    "JavaRuntime",
    "KgError",
    "KnowledgeGraph",
    # linking and export
    "Mapping",
    "MappingSet",
    "NamedQuery",
    "OntologyDiff",
    "ParameterError",
    "ParseError",
    "Quantity",
    "QueryError",
    "QueryResult",
    "Reason",
    "ReasonerError",
    "ReasonerUnavailableError",
    # reasoning
    "ReasoningResult",
    "RemoteStore",
    "ShapesError",
    "SourceNotFoundError",
    "Term",
    "ToolNotFoundError",
    "UnknownPredicateError",
    "UnknownQueryError",
    "UnknownTermError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "connect",
    "diff",
    "find_java",
    "load",
    "read_sssom",
]
