"""One exception hierarchy for kgtools.

Every error a user can cause derives from :class:`KgError`, and each also derives from the
builtin it specialises (``KeyError``, ``ValueError``, ``FileNotFoundError`` ...) so callers can
catch it either way. Messages are one line, name the offending input and, where possible,
say what to do. The CLI prints ``str(error)`` and exits 2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "EngineError",
    "FindingError",
    "InputError",
    "KgError",
    "MissingDependencyError",
    "OutputError",
    "OutputFolderNotFoundError",
    "ParameterError",
    "ParseError",
    "QueryError",
    "ReasonerError",
    "ReasonerUnavailableError",
    "ShapesError",
    "SourceNotFoundError",
    "ToolNotFoundError",
    "UnknownPredicateError",
    "UnknownQueryError",
    "UnknownTermError",
]


class KgError(Exception):
    """Base of every kgtools error."""


class SourceNotFoundError(KgError, FileNotFoundError):
    """A file given as a source does not exist or cannot be read."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"file not found: {path}")

    def __str__(self) -> str:
        return f"file not found: {self.path}"


class ParseError(KgError, ValueError):
    """An RDF source is malformed; carries the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"malformed RDF in {where}: {message}")


class UnknownTermError(KgError, KeyError):
    """No term matches a CURIE, IRI, label or synonym; carries close matches.

    ``suggestions`` may be given as a function: the close matches are then looked for only when the
    error is shown or its ``suggestions`` are read. A caller that only tests whether a text is a term
    pays nothing for them (measured: a fuzzy search over XSCO's ~7,000 labels and synonyms takes
    ~40 ms, and the differential tests every phrase of a finding).
    """

    def __init__(self, text: str, suggestions: Sequence[str] | Callable[[], Sequence[str]] = ()) -> None:
        self.text = text
        self._suggest = suggestions
        self._found: list[str] | None = None
        super().__init__(text)

    @property
    def suggestions(self) -> list[str]:
        """Labels or synonyms that look like the text, best first."""
        if self._found is None:
            self._found = list(self._suggest() if callable(self._suggest) else self._suggest)
        return self._found

    def __str__(self) -> str:  # KeyError would add quotes around the message
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"unknown term: {self.text!r}{hint}"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (e.g. across processes) with its suggestions found
        return (type(self), (self.text, self.suggestions))


class QueryError(KgError, ValueError):
    """A SPARQL query is malformed or failed to run."""


class UnknownQueryError(QueryError, KeyError):
    """No named query has this name."""

    def __init__(self, name: str, known: Sequence[str] = ()) -> None:
        self.name = name
        self.known = list(known)
        hint = f"; known queries: {', '.join(self.known)}" if self.known else ""
        super().__init__(f"unknown query: {name!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class ParameterError(QueryError):
    """A parameter of a named query is missing, unknown or of the wrong type."""


class EngineError(KgError, ValueError):
    """An unknown engine name, or an engine that cannot do what was asked."""


# --- graph traversal, diagrams and differential ---


class UnknownPredicateError(KgError, ValueError):
    """A predicate name given to a traversal is neither a known name nor a CURIE/IRI."""

    def __init__(self, name: str, known: Sequence[str] = ()) -> None:
        self.name = name
        hint = f"; use one of: {', '.join(known)}, or a CURIE/IRI" if known else ""
        super().__init__(f"unknown predicate: {name!r}{hint}")


class ToolNotFoundError(KgError, FileNotFoundError):
    """An external program kgtools needs (e.g. Graphviz ``dot``) is not installed."""

    def __init__(self, tool: str, hint: str = "") -> None:
        self.tool = tool
        self.hint = hint
        super().__init__(f"{tool!r} not found on PATH" + (f"; {hint}" if hint else ""))

    def __str__(self) -> str:
        return str(self.args[0])


class MissingDependencyError(KgError, ImportError):
    """An optional library a feature needs is not installed (the message names the install command)."""


class FindingError(KgError, ValueError):
    """An imaging finding given to the differential is incomplete or inconsistent."""
# --- web pages ---


class InputError(KgError, ValueError):
    """A value given in a form or request (e.g. the differential form) is not acceptable."""
# --- reasoning ---------------------------------------------------------------------


class ReasonerError(KgError, RuntimeError):
    """A reasoner failed, or there is nothing to explain."""


class ReasonerUnavailableError(ReasonerError):
    """A reasoner cannot run here (no or too old Java, unknown reasoner name, engine missing)."""
# --- validation ---


class ShapesError(KgError, ValueError):
    """A SHACL shapes file or a QC query is malformed or cannot be used; names the file."""
# --- output files ---


class OutputError(KgError, OSError):
    """A result cannot be written where it was asked to go (read-only file, device full, ...)."""


class OutputFolderNotFoundError(OutputError, FileNotFoundError):
    """The folder a result should be written into does not exist."""
