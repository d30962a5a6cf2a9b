"""Reading the formats kgtools writes that no RDF parser reads: OBO 1.4, OBO Graphs JSON, OWL/XML.

Each is turned into RDF by the field's library and then loaded like any RDF file:

=====================  =================  ============================================================
format                 suffix             read by
=====================  =================  ============================================================
OBO 1.4                ``.obo``           fastobo (parse, then its OBO-to-OWL mapping, written as RDF/XML)
OBO Graphs JSON        ``.json``          fastobo (``load_graph``, then the same OBO-to-OWL mapping)
OWL/XML                ``.owx``           py-horned-owl (written as RDF/XML)
=====================  =================  ============================================================

The association nodes (OBAN) that :mod:`kgtools.export` writes as OBO trailing qualifiers or OBO
Graphs edge ``meta`` are rebuilt from them, so kgtools reads back the associations it wrote. A
``.json`` file is OBO Graphs when its top level has ``graphs``, JSON-LD when it has ``@context``,
``@graph`` or ``@id``; anything else is refused with one line (it would load no triples).
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from .errors import ParseError
from .store import guess_format
from .export import ASSOCIATION_KEYS, STATED_SUBCLASS, association_triples
from .prefixes import compress
from .prefixes import expand

__all__ = ["FOREIGN_TYPES", "OBO", "OBOGRAPHS", "OWX", "media_type", "read_foreign"]

OBO = "text/obo"
OBOGRAPHS = "application/x-obographs+json"
OWX = "application/owl+xml"
FOREIGN_TYPES = (OBO, OBOGRAPHS, OWX)
_SUFFIXES = {".obo": OBO, ".owx": OWX}
_NAMES = {"obo": OBO, "obographs": OBOGRAPHS, "owx": OWX, "owl/xml": OWX, OBO: OBO, OBOGRAPHS: OBOGRAPHS, OWX: OWX}
# JSON larger than this is not sniffed as a whole: JSON-LD is assumed (the RDF parser streams it).
_SNIFF_LIMIT = 256 * 1024 * 1024


def media_type(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The media type of ``path``: the RDF formats of :func:`kgtools.store.guess_format` plus OBO,
    OBO Graphs JSON and OWL/XML; a ``.json`` file is told apart by its top-level keys."""
    if format:
        key = format.lower().lstrip(".")
        if key in _NAMES:
            return _NAMES[key]
        return guess_format(path, format)
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix == ".json":
        return _sniff_json(Path(path))
    return guess_format(path)


def _sniff_json(path: Path) -> str:
    if path.stat().st_size > _SNIFF_LIMIT:
        return "application/ld+json"
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise ParseError(str(path), f"not JSON: {' '.join(str(error).split())[:200]}") from None
    if isinstance(data, dict) and isinstance(data.get("graphs"), list):
        return OBOGRAPHS
    if isinstance(data, list) or (isinstance(data, dict) and {"@context", "@graph", "@id"} & set(data)):
        return "application/ld+json"
    raise ParseError(str(path), "neither OBO Graphs JSON (no 'graphs') nor JSON-LD (no '@context', '@graph' or '@id')")


def read_foreign(path: str | os.PathLike[str], media: str) -> tuple[bytes, str, list[tuple[Any, Any, Any]]]:
    """Convert a file of a :data:`FOREIGN_TYPES` type to RDF: (data, its media type, extra triples).

    The extra triples are the association nodes rebuilt from OBO qualifiers or OBO Graphs edge meta.
    Raises :class:`ParseError` (one line, with the line number where the parser gives one).
    """
    name = str(path)
    if media == OWX:
        return _owx(name), "application/rdf+xml", []
    import fastobo

    try:
        if media == OBO:
            doc = fastobo.load(name)
            triples = _obo_associations(doc)
        else:
            raw = json.loads(Path(path).read_bytes())
            doc = fastobo.load_graph(name)
            _declare_prefixes(doc, raw)
            triples = _obographs_associations(raw)
    except (SyntaxError, ValueError, TypeError, OSError) as error:
        message = " ".join(str(error).split())[:300]
        line = getattr(error, "lineno", None)
        raise ParseError(name, message or type(error).__name__, line) from None
    return _obo_to_rdf_xml(doc, name), "application/rdf+xml", triples


def _declare_prefixes(doc: Any, raw: Any) -> None:
    """Carry the OBO Graphs document's prefix map (``@context``) into OBO ``idspace`` clauses, so
    that ``XSCO:0000005`` maps to its own IRI and not to an OBO PURL."""
    import fastobo

    context = raw.get("@context") if isinstance(raw, dict) else None
    if not isinstance(context, dict):
        return
    for prefix, namespace in sorted(context.items()):
        if isinstance(namespace, str) and not namespace.startswith("http://purl.obolibrary.org/obo/"):
            try:
                doc.header.append(fastobo.header.IdspaceClause(prefix, fastobo.id.Url(namespace)))
            except ValueError:
                continue  # not a URL (a JSON-LD keyword or term definition)


def _owx(name: str) -> bytes:
    import pyhornedowl

    try:
        ontology = pyhornedowl.open_ontology_from_file(name, "owx")
        return ontology.save_to_string("owl").encode("utf-8")
    except Exception as error:  # py-horned-owl raises plain ValueError/RuntimeError/BaseException kinds
        raise ParseError(name, f"not readable OWL/XML: {' '.join(str(error).split())[:200]}") from None


def _obo_to_rdf_xml(doc: Any, name: str) -> bytes:
    """fastobo's OBO-to-OWL mapping, as RDF/XML; the association qualifiers are dropped first (they
    come back as OBAN nodes instead of fastobo's ``obo:<ontology>#key`` axiom annotations)."""
    import fastobo

    header = doc.header
    if not any(isinstance(c, fastobo.header.OntologyClause) for c in header):
        # OBO Graphs converted by fastobo carry no ontology clause; name it after the file
        header.append(fastobo.header.OntologyClause(Path(name).stem.split(".")[0] or "ontology"))
    if not any(isinstance(c, fastobo.header.DefaultNamespaceClause) for c in header):
        # fastobo's OWL mapping needs one; OBO files from other tools often leave it out
        ontology = next((str(c.ontology) for c in header if isinstance(c, fastobo.header.OntologyClause)), "ontology")
        header.insert(0, fastobo.header.DefaultNamespaceClause(fastobo.id.UnprefixedIdent(ontology)))
    for frame in doc:
        for clause in frame:
            qualifiers = getattr(clause, "qualifiers", None)
            if qualifiers is not None and any(str(q.key) == "association" for q in qualifiers):
                clause.qualifiers = fastobo.qual.QualifierList([])
    buffer = io.BytesIO()
    try:
        fastobo.dump_owl(doc, buffer, format="rdf")
    except (ValueError, TypeError) as error:
        raise ParseError(name, f"cannot map OBO to OWL: {' '.join(str(error).split())[:200]}") from None
    return buffer.getvalue()


def _iri(curie: str) -> str:

    if curie.startswith(("http://", "https://")):
        return curie
    found = expand(curie)
    if found:
        return found
    prefix, _, local = curie.partition(":")
    return f"http://purl.obolibrary.org/obo/{prefix}_{local}"


def _obo_associations(doc: Any) -> list[tuple[Any, Any, Any]]:
    """OBAN association nodes from ``is_a``/``relationship`` lines that carry an ``association`` qualifier."""
    import fastobo

    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    triples: list[tuple[Any, Any, Any]] = []
    for frame in doc:
        if not isinstance(frame, fastobo.term.TermFrame):
            continue
        for clause in frame:
            qualifiers = getattr(clause, "qualifiers", None)
            values = [(str(q.key), str(q.value)) for q in qualifiers or ()]
            node = next((v for k, v in values if k == "association"), None)
            if node is None:
                continue
            if isinstance(clause, fastobo.term.IsAClause):
                predicate, target = subclass, _iri(str(clause.term))
            elif isinstance(clause, fastobo.term.RelationshipClause):
                relation = str(clause.typedef)
                predicate = subclass if relation == STATED_SUBCLASS else _iri(relation)
                target = _iri(str(clause.term))
            else:
                continue
            rest = [(k, v) for k, v in values if k != "association"]
            triples += association_triples(_iri(node), _iri(str(frame.id)), predicate, target, rest)
    return triples


def _obographs_associations(data: Any) -> list[tuple[Any, Any, Any]]:
    """OBAN association nodes from OBO Graphs edges whose meta names one (``rdfs:seeAlso``)."""

    keys = {compress(iri): key for key, iri in ASSOCIATION_KEYS.items()}
    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    triples: list[tuple[Any, Any, Any]] = []
    for graph in data.get("graphs") or []:
        for edge in graph.get("edges") or []:
            values = [
                (str(v.get("pred")), str(v.get("val")))
                for v in (edge.get("meta") or {}).get("basicPropertyValues") or []
            ]
            node = next((v for p, v in values if p == "rdfs:seeAlso"), None)
            if node is None:
                continue
            predicate = subclass if edge.get("pred") in ("is_a", STATED_SUBCLASS) else _iri(str(edge.get("pred")))
            rest = [(keys.get(p, p), v) for p, v in values if p != "rdfs:seeAlso"]
            triples += association_triples(_iri(node), _iri(str(edge["sub"])), predicate, _iri(str(edge["obj"])), rest)
    return triples
