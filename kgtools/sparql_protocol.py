"""The SPARQL 1.1 Protocol and Service Description, apart from the web server that speaks them.

* :func:`negotiate` - the media type of an answer from ``Accept`` (python-mimeparse) or ``format=``, per result form:
  SELECT and ASK as SPARQL JSON, XML, CSV and TSV; CONSTRUCT and DESCRIBE as Turtle, N-Triples,
  RDF/XML and JSON-LD.
* :func:`render` - the answer in that media type, serialised by pyoxigraph (the store's own
  serialisers: SPARQL results JSON/XML/CSV/TSV, and Turtle/N-Triples/RDF-XML/JSON-LD written with
  the package prefixes, so CONSTRUCT Turtle says ``XSCO:0000005``, never ``ns1:``).
* :func:`dataset` - the RDF dataset a request names with ``default-graph-uri`` and
  ``named-graph-uri`` (SPARQL 1.1 Protocol 2.1.4); graph names as published (the IRIs of
  :data:`kgtools.store.GRAPHS`, or their short names).
* :func:`service_description` - the SPARQL 1.1 Service Description of the endpoint (Turtle or
  JSON-LD), answered at ``GET /sparql`` without a query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import KgError
from .prefixes import PREFIX_MAP
from .store import GRAPHS, Solutions

__all__ = [
    "DESCRIPTION_TYPES",
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Dataset",
    "NotAcceptable",
    "dataset",
    "negotiate",
    "render",
    "service_description",
    "wants_description",
]

# media type -> pyoxigraph format name; the first entry of each table is the default.
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}
DESCRIPTION_TYPES = {"text/turtle": "TURTLE", "application/ld+json": "JSON_LD", "application/rdf+xml": "RDF_XML"}
_SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}
# The namespaces of W3C's result format IRIs (Service Description sd:resultFormat).
_FORMAT_IRIS = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
}


class NotAcceptable(KgError):
    """No media type the endpoint writes fits the request (HTTP 406)."""


def _best(accept: str, offered: list[str]) -> str:
    """The media type of ``offered`` that the ``Accept`` header prefers, "" when it accepts none.

    python-mimeparse's ``best_match`` (by q, then by how exactly a range names the type); on a tie
    the type offered first wins. Parts that are not ``type/subtype`` are dropped first, so one
    malformed range does not spoil the others; an unreadable header accepts nothing.
    """
    import mimeparse

    ranges = ",".join(part for part in accept.split(",") if "/" in part.split(";")[0])
    if not ranges:
        return ""
    try:
        return str(mimeparse.best_match(list(reversed(offered)), ranges))
    except ValueError:  # MimeTypeParseException, or a q that is not a number
        return ""


def negotiate(accept: str | None, format: str | None, kind: str) -> str:
    """The media type to answer a result of ``kind`` ("select", "ask", "graph") with.

    ``format`` (a short name such as ``csv`` or a media type) wins over ``Accept``. A browser that
    asks only for HTML gets a SELECT or ASK answer in the default type. Raises
    :class:`NotAcceptable` when nothing fits.
    """
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    if format:
        media = _SHORT.get(format.lower(), format.lower())
        if media not in table:
            raise NotAcceptable(f"format {format!r} is not available for a {kind} result")
        return media
    found = _best(accept or "*/*", list(table))
    if found:
        return found
    if kind != "graph" and _best(accept or "", ["text/html"]):
        return next(iter(table))
    raise NotAcceptable(f"cannot answer a {kind} result as {accept!r}; available: {', '.join(table)}")


def wants_description(accept: str | None) -> str | None:
    """The media type of a service description the client asks for, or None (a browser, which
    wants HTML, and ``*/*`` get the query page)."""
    found = _best(accept or "", ["text/html", "application/xhtml+xml", *DESCRIPTION_TYPES])
    return found if found in DESCRIPTION_TYPES else None


# --- serialisation ---------------------------------------------------------------------------------


def _json_term(term: Any) -> dict[str, str]:
    from rdflib.term import BNode, Literal

    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "uri", "value": str(term)}


def _ox_term(ox: Any, term: Any) -> Any:
    from rdflib.term import BNode, Literal

    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.NamedNode(str(term))


def render(solutions: Solutions, media: str, prefixes: Mapping[str, str] | None = None) -> bytes:
    """Serialise ``solutions`` as ``media`` (a key of RESULT_TYPES or GRAPH_TYPES) with pyoxigraph.

    SELECT and ASK answers are handed to pyoxigraph's result serialisers through the SPARQL JSON
    results document (its parser is the only way to build a pyoxigraph result from Python).
    """
    import pyoxigraph as ox

    if solutions.kind == "graph":
        graph = solutions.graph if solutions.graph is not None else ()
        used = _used_prefixes(graph, prefixes if prefixes is not None else PREFIX_MAP)
        if GRAPH_TYPES[media] == "JSON_LD":
            # pyoxigraph's JSON-LD writer takes no context (measured: 0.5.13 writes full IRIs whatever
            # ``prefixes`` says); rdflib compacts with the prefixes as the @context
            import rdflib

            out = rdflib.Graph(bind_namespaces="none")
            for triple in graph:
                out.add(triple)
            return out.serialize(format="json-ld", context=used, auto_compact=True, encoding="utf-8")
        triples = [ox.Triple(_ox_term(ox, s), _ox_term(ox, p), _ox_term(ox, o)) for s, p, o in graph]
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        if fmt == ox.RdfFormat.N_TRIPLES:
            return ox.serialize(triples, format=fmt) or b""
        return ox.serialize(triples, format=fmt, prefixes=used) or b""
    if solutions.kind == "ask":
        document: dict[str, Any] = {"head": {}, "boolean": bool(solutions.boolean)}
    else:
        document = {
            "head": {"vars": list(solutions.variables)},
            "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in solutions.rows]},
        }
    parsed = ox.parse_query_results(json.dumps(document).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=getattr(ox.QueryResultsFormat, RESULT_TYPES[media])) or b""


def _used_prefixes(triples: Iterable[Any], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes (of ``prefixes``) whose namespace starts an IRI of ``triples``: a header of 40
    unused prefixes would hide the answer."""
    from rdflib.term import Literal, URIRef

    iris = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal) and term.datatype is not None:
                iris.add(str(term.datatype))
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    used: dict[str, str] = {}
    for iri in iris:
        for prefix, namespace in ordered:
            if iri.startswith(namespace):
                used[prefix] = namespace
                break
    return dict(sorted(used.items()))


# --- the dataset of a request ----------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of a request: the graphs merged as its default graph, and its named graphs.

    Empty tuples mean "as the endpoint defines it" (the union of all graphs as the default graph).
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default or self.named)


def _graph_name(name: str) -> str:
    name = name.strip()
    if name in GRAPHS:
        return GRAPHS[name]
    if name.startswith(("http://", "https://", "urn:")) and not any(c in name for c in "<>\"{}|\\^` "):
        return name
    raise KgError(f"graph {name!r} is not a graph IRI; this endpoint publishes: {', '.join(GRAPHS.values())}")


def dataset(params: Iterable[tuple[str, str]]) -> Dataset:
    """The :class:`Dataset` named by the ``default-graph-uri`` and ``named-graph-uri`` parameters (repeatable)."""
    default: list[str] = []
    named: list[str] = []
    for key, value in params:
        if key == "default-graph-uri":
            default.append(_graph_name(value))
        elif key == "named-graph-uri":
            named.append(_graph_name(value))
    return Dataset(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


# --- service description ---------------------------------------------------------------------------


def service_description(endpoint: str, graphs: Mapping[str, int], media: str = "text/turtle") -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint`` (https://www.w3.org/TR/sparql11-service-description/).

    ``graphs`` maps each named graph IRI to its number of triples. Says: SPARQL 1.1 Query only (the
    endpoint is read-only), the union of all graphs as the default graph, the result formats, and
    each named graph with its size (``void:triples``).
    """
    import pyoxigraph as ox

    sd = "http://www.w3.org/ns/sparql-service-description#"
    void = "http://rdfs.org/ns/void#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = ox.NamedNode(endpoint)
    triples = [
        ox.Triple(service, rdf_type, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
    ]
    for iri in _FORMAT_IRIS.values():
        triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(iri)))
    described = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("default")
    triples += [
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), described),
        ox.Triple(described, rdf_type, ox.NamedNode(sd + "Dataset")),
        ox.Triple(described, ox.NamedNode(sd + "defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, ox.NamedNode(sd + "Graph")),
        ox.Triple(default_graph, ox.NamedNode(void + "triples"), ox.Literal(str(sum(graphs.values())),
                                                                          datatype=ox.NamedNode(_XSD_INTEGER))),
    ]
    for i, (iri, size) in enumerate(sorted(graphs.items())):
        named = ox.BlankNode(f"g{i}")
        graph = ox.BlankNode(f"g{i}graph")
        triples += [
            ox.Triple(described, ox.NamedNode(sd + "namedGraph"), named),
            ox.Triple(named, rdf_type, ox.NamedNode(sd + "NamedGraph")),
            ox.Triple(named, ox.NamedNode(sd + "name"), ox.NamedNode(iri)),
            ox.Triple(named, ox.NamedNode(sd + "graph"), graph),
            ox.Triple(graph, rdf_type, ox.NamedNode(sd + "Graph")),
            ox.Triple(graph, ox.NamedNode(void + "triples"),
                      ox.Literal(str(size), datatype=ox.NamedNode(_XSD_INTEGER))),
        ]
    fmt = getattr(ox.RdfFormat, DESCRIPTION_TYPES.get(media, "TURTLE"))
    prefixes = {"sd": sd, "void": void, "xsd": "http://www.w3.org/2001/XMLSchema#"}
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
