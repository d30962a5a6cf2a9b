"""Input safety checks run before an RDF source reaches a parser.

* RDF/XML: the document type declaration is read with expat (stopping at the root element, so the
  check costs nothing on large files). Entity declarations that could expand without bound are
  refused - entities that refer to other entities (the "billion laughs"), parameter entities,
  external entities and external DTDs - before Oxigraph or rdflib see the file. Plain abbreviation
  entities such as Protégé writes (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``) stay allowed.
* JSON-LD: a remote ``@context`` (or ``@import``) would be fetched by rdflib with no time limit;
  without ``allow_network`` it is an error naming the context.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import ParseError

__all__ = ["MAX_ENTITY_VALUE", "check_jsonld", "check_rdfxml", "check_source"]

MAX_ENTITY_VALUE = 4096  # characters of one entity's replacement text


class _Done(Exception):
    """The root element started: the DTD, if any, has been read."""


def check_rdfxml(name: str, *, path: str | os.PathLike[str] | None = None, data: bytes | None = None) -> None:
    """Raise :class:`ParseError` when the RDF/XML document declares entities that could expand without bound."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(why: str) -> None:
        raise ParseError(name, f"XML entity expansion refused: {why}", parser.CurrentLineNumber)

    def doctype(doctype_name: str, system_id: str | None, public_id: str | None, has_internal: int) -> None:
        if system_id or public_id:
            refuse(f"the document type refers to an external DTD ({system_id or public_id})")

    def entity(
        entity_name: str, is_parameter: int, value: str | None, base: str | None,
        system_id: str | None, public_id: str | None, notation: str | None,
    ) -> None:
        if is_parameter:
            refuse(f"parameter entity %{entity_name};")
        if value is None:
            refuse(f"external entity &{entity_name}; ({system_id or public_id or notation})")
        assert value is not None
        if "&" in value or "%" in value:
            refuse(f"entity &{entity_name}; refers to other entities")
        if len(value) > MAX_ENTITY_VALUE:
            refuse(f"entity &{entity_name}; is longer than {MAX_ENTITY_VALUE} characters")

    def start(tag: str, attributes: Any) -> None:
        raise _Done

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    try:
        if data is not None:
            parser.Parse(data, True)
        else:
            assert path is not None
            with open(path, "rb") as f:
                while chunk := f.read(1 << 16):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
    except _Done:
        return
    except expat.ExpatError as error:
        # not well-formed before the root element: the RDF parser will say so in its own words
        if "recursive" in str(error) or "amplification" in str(error):
            refuse(str(error))
        return


def _remote_contexts(node: Any, found: list[str]) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            found.append(ctx)
                        else:
                            stack.append(ctx)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def check_jsonld(name: str, *, path: str | os.PathLike[str] | None = None, data: bytes | None = None,
                 allow_network: bool = False) -> None:
    """Raise :class:`ParseError` for a JSON-LD document with a remote ``@context`` unless ``allow_network``."""
    if allow_network:
        return
    try:
        raw = data if data is not None else Path(path).read_bytes()  # type: ignore[arg-type]
        document = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return  # the parser reports malformed JSON itself
    found: list[str] = []
    _remote_contexts(document, found)
    if found:
        raise ParseError(
            name, f"remote JSON-LD context {found[0]} is not fetched offline: give --allow-network "
            "(allow_network=True) or inline the context", None,
        )


def check_source(name: str, media_type: str, *, path: str | os.PathLike[str] | None = None,
                 data: bytes | None = None, allow_network: bool = False) -> None:
    """The checks above that apply to ``media_type``."""
    if media_type == "application/rdf+xml":
        check_rdfxml(name, path=path, data=data)
    elif media_type == "application/ld+json":
        check_jsonld(name, path=path, data=data, allow_network=allow_network)
