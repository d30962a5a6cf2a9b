"""SPARQL text handling without splicing user input: a small lexer, the query form, safe RDF terms.

Used by the remote engine (which has no substitution mechanism) and by ``kgtools serve`` (which
must tell queries from updates and refuse ``SERVICE``). The lexer knows just enough of the SPARQL
1.1 grammar (IRIs, strings, comments, variables, prefixed names, keywords) that a keyword inside
a string, an IRI or a comment is never mistaken for one.

Parameters are bound with :func:`bind_values`: an inline ``VALUES`` block built from validated,
escaped RDF terms (:func:`term_to_sparql`) and put at the start of the query's WHERE group, so
FILTERs, OPTIONALs and ``NOT EXISTS`` in that group see the bound values exactly as with
substitution (SEP-0007). A block appended after the query (as rdflib's ``SPARQLStore`` does)
would be joined only after the FILTERs ran, and lose rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rdflib.term import BNode, Identifier, Literal, URIRef

from .errors import ParameterError, QueryError

__all__ = [
    "QUERY_FORMS",
    "UPDATE_KEYWORDS",
    "Token",
    "bind_values",
    "check_iri",
    "is_valid_iri",
    "keywords",
    "query_form",
    "term_to_sparql",
    "tokens",
]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# Order matters: long strings before short ones, IRIs before the '<' operator.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>(?:[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w.\-:%\\\u00B7\u00C0-\uFFFF]*)
             |[A-Za-z_][\w\-]*|_:[\w.\-]+)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.=<>!+\-*/|^@])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (iri, string, var, word, punct), text and start offset."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of SPARQL ``text`` (whitespace and comments dropped); raise QueryError on a stray character."""
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            # numbers, language tags and other characters the checks here do not need
            match = re.compile(r"[^\s{}()\[\];,]+").match(text, pos)
            if match is None:  # pragma: no cover - the pattern above matches any non-space
                raise QueryError(f"malformed SPARQL near offset {pos}")
            yield Token("other", match.group(0), pos)
            pos = match.end()
            continue
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(0), pos)
        pos = match.end()


def keywords(text: str) -> list[str]:
    """Upper-cased bare words of the query (keywords and function names), in order."""
    return [t.text.upper() for t in tokens(text) if t.kind == "word" and ":" not in t.text]


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, or ``UPDATE`` for SPARQL Update; QueryError otherwise."""
    for word in keywords(text):
        if word in ("PREFIX", "BASE"):
            continue
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_KEYWORDS:
            return "UPDATE"
        break
    raise QueryError("malformed SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def is_valid_iri(iri: str) -> bool:
    """True when ``iri`` is an absolute IRI that may stand between ``<`` and ``>`` (see :func:`check_iri`)."""
    return bool(_SCHEME.match(iri)) and not _IRI_FORBIDDEN.search(iri)


def check_iri(iri: str) -> str:
    """Return ``iri`` when it is an absolute IRI that may stand between ``<`` and ``>``; raise ParameterError."""
    if not _SCHEME.match(iri) or _IRI_FORBIDDEN.search(iri):
        raise ParameterError(f"not a valid absolute IRI: {iri!r}")
    return iri


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _quote(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


def term_to_sparql(term: Identifier) -> str:
    """The SPARQL syntax of an RDF term, validated and escaped (blank nodes cannot be bound)."""
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        text = _quote(str(term))
        if term.language:
            if not _LANG.match(term.language):
                raise ParameterError(f"not a valid language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^<{check_iri(str(term.datatype))}>"
        return text
    if isinstance(term, BNode):
        raise ParameterError("a blank node cannot be bound as a parameter")
    raise ParameterError(f"cannot bind {term!r}: not an RDF term")


@functools.lru_cache(maxsize=128)
def _where_brace(text: str) -> int:
    """Offset just after the ``{`` that opens the outer WHERE group of a query (remembered per query
    text: the named queries are bound again and again, and tokenising one took ~4 ms, most of a
    term page's time)."""
    toks = list(tokens(text))
    form = None
    for i, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        if form is None and word in QUERY_FORMS:
            form = word
            if form == "CONSTRUCT" and i + 1 < len(toks) and toks[i + 1].text == "{":
                # skip the template: CONSTRUCT { ... } WHERE { ... }
                depth = 0
                for j in range(i + 1, len(toks)):
                    depth += toks[j].text == "{"
                    depth -= toks[j].text == "}"
                    if depth == 0:
                        toks = toks[: i + 1] + toks[j + 1 :]
                        break
                return _first_group(toks, i + 1)
            return _first_group(toks, i + 1)
    raise QueryError("malformed SPARQL: no WHERE group to bind parameters in")


def _first_group(toks: list[Token], start: int) -> int:
    for tok in toks[start:]:
        if tok.kind == "punct" and tok.text == "{":
            return tok.start + 1
    raise QueryError("malformed SPARQL: no WHERE group to bind parameters in")


def bind_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """``text`` with a ``VALUES`` block binding each variable, first in the outer WHERE group.

    Every value goes through :func:`term_to_sparql` (IRIs validated, literals escaped and
    typed) and every name must be a plain SPARQL variable name; nothing else is added.
    """
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ParameterError(f"not a valid variable name: {name!r}")
    values = " ".join(term_to_sparql(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }} "
    at = _where_brace(text)
    return text[:at] + block + text[at:]
