"""The ``remote`` engine: any SPARQL 1.1 endpoint (Virtuoso, Oxigraph server, Fuseki, GraphDB, QLever ...).

:func:`connect` returns a :class:`~kgtools.KnowledgeGraph` whose store sends each query over the
SPARQL 1.1 Protocol (HTTP POST, form-encoded) and turns the answer into the same rdflib terms the
local engines give, so named queries, ``associations()``, lookups and exports are unchanged.

What the data on the endpoint must look like: XSCO (and any data) loaded into one or more graphs.
kgtools loads into ``https://w3id.org/xsco/graph/asserted`` (and ``.../inferred``, ``.../data``)
locally, and the tests load XSCO into ``.../asserted`` on each server. Queries must see those graphs
as their default graph:

* Virtuoso: its default graph is already the union of all graphs (system graphs included).
* Oxigraph server: start it with ``--union-default-graph``.
* Any endpoint: pass ``graphs=[...]`` and kgtools sends one ``default-graph-uri`` per graph
  (SPARQL 1.1 Protocol section 2.1.4), so the default graph is the merge of exactly those graphs.

Parameters are bound with an inline ``VALUES`` block of validated, escaped RDF terms
(:func:`kgtools.sparql.bind_values`); user text is never spliced into the query.

Quirks absorbed: Virtuoso answers ``ASK`` with a one-column result set ``__ASK_RETVAL`` (one row
``1`` for true, no row for false) instead of a boolean; it serialises a SELECT as an RDF graph when
the Accept header allows RDF/XML. kgtools therefore asks for SPARQL JSON for SELECT and ASK and for
Turtle (then N-Triples, RDF/XML) for CONSTRUCT and DESCRIBE. Endpoints that cap result sets
(Virtuoso's ``ResultSetMaxRows``) return at most that many rows; :meth:`RemoteStore.triples` pages.

The remote store is read-only: load data with the server's own loader (``isql-vt`` + ``TTLP`` or
``ld_dir`` for Virtuoso, ``oxigraph load`` for Oxigraph, the Graph Store Protocol elsewhere).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import rdflib
from rdflib.term import BNode, Identifier, Literal, URIRef

from .errors import EngineError, QueryError
from .kg import KnowledgeGraph
from .sparql import bind_values as _bind_values
from .sparql import check_iri, query_form
from .store import GRAPHS, Solutions

__all__ = ["RemoteStore", "connect", "parse_json_results"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SELECT_ACCEPT = "application/sparql-results+json"
_GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8"
_RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def _term(value: Mapping[str, Any]) -> Identifier:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if datatype and datatype != XSD_STRING:
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise QueryError(f"unsupported RDF term in a SPARQL JSON result: {value!r}")


def parse_json_results(data: Mapping[str, Any], form: str) -> Solutions:
    """Turn a SPARQL 1.1 JSON result into :class:`Solutions` (Virtuoso's ``__ASK_RETVAL`` ASK included)."""
    if "boolean" in data:
        return Solutions("ask", [], [], boolean=bool(data["boolean"]))
    variables = [str(v) for v in data.get("head", {}).get("vars", [])]
    bindings = data.get("results", {}).get("bindings", [])
    if form == "ASK":
        # Virtuoso: one column __ask_retval; true is one row "1", false is no row.
        truth = (
            any(str(b.get(variables[0], {}).get("value", "0")) not in ("0", "false") for b in bindings)
            if variables
            else False
        )
        return Solutions("ask", [], [], boolean=truth)
    rows = [{name: _term(b[name]) for name in variables if name in b} for b in bindings]
    return Solutions("select", variables, rows)


class RemoteStore:
    """A read-only store behind a SPARQL 1.1 query endpoint."""

    engine = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        graphs: Sequence[str] | None = None,
        timeout: float = 60.0,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise EngineError(f"not an http(s) SPARQL endpoint URL: {endpoint!r}")
        self.endpoint = endpoint
        self.graphs = [check_iri(GRAPHS.get(g, g)) for g in graphs] if graphs else []
        self.timeout = timeout
        self._headers = dict(headers or {})
        self._headers.setdefault("User-Agent", "kgtools (SPARQL 1.1 Protocol client)")
        if auth:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            self._headers["Authorization"] = f"Basic {token}"

    # --- the protocol --------------------------------------------------------------------------

    def _post(self, sparql: str, accept: str) -> tuple[bytes, str]:
        fields = [("query", sparql)] + [("default-graph-uri", g) for g in self.graphs]
        body = urllib.parse.urlencode(fields).encode("utf-8")
        headers = {
            **self._headers,
            "Accept": accept,
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        }
        request = urllib.request.Request(self.endpoint, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            detail = " ".join(error.read().decode("utf-8", "replace").split())[:300]
            if 400 <= error.code < 500:
                raise QueryError(f"the endpoint rejected the query (HTTP {error.code}): {detail}") from None
            raise QueryError(f"the endpoint failed (HTTP {error.code}): {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EngineError(f"cannot reach SPARQL endpoint {self.endpoint}: {reason}") from None

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Solutions:
        """Run a query on the endpoint; ``bindings`` are bound with an inline VALUES block."""
        form = query_form(sparql)
        if form == "UPDATE":
            raise QueryError("kgtools sends only queries to a remote endpoint, not SPARQL Update")
        text = _bind_values(sparql, bindings) if bindings else sparql
        if form in ("SELECT", "ASK"):
            body, _ = self._post(text, _SELECT_ACCEPT)
            try:
                data = json.loads(body.decode("utf-8"))
            except ValueError:
                raise QueryError("the endpoint did not answer with SPARQL JSON results") from None
            return parse_json_results(data, form)
        body, content_type = self._post(text, _GRAPH_ACCEPT)
        media = content_type.split(";")[0].strip().lower()
        fmt = _RDF_FORMATS.get(media)
        if fmt is None:
            raise QueryError(f"the endpoint answered a {form} with unsupported media type {media!r}")
        graph = rdflib.Graph()
        try:
            graph.parse(data=body, format=fmt)
        except Exception as error:
            raise QueryError(f"the endpoint's {form} answer could not be parsed: {error}") from None
        return Solutions("graph", [], [], graph=graph)

    # --- reading -------------------------------------------------------------------------------

    def count(self, graph: str | None = None) -> int:
        """Number of triples in ``graph`` (or in the default graph)."""
        pattern = f"GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").rows
        return int(str(rows[0]["n"])) if rows and "n" in rows[0] else 0

    def is_empty(self, graph: str | None = None) -> bool:
        """True when ``graph`` (or the default graph) holds no triple (an ASK, not a COUNT)."""
        pattern = f"GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        return not self.query(f"ASK {{ {pattern} }}").boolean

    def triples(
        self, graph: str | None = None, page: int = 10000
    ) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        """Every triple of ``graph`` (or of the default graph), fetched in ordered pages.

        The ORDER BY sits in a sub-select and LIMIT/OFFSET outside it: Virtuoso refuses a sorted
        LIMIT/OFFSET window beyond its ``MaxSortedTopRows`` (error SR353), not this form.
        """
        pattern = f"GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        offset = 0
        while True:
            rows = self.query(
                f"SELECT ?s ?p ?o WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ {pattern} }} ORDER BY ?s ?p ?o }} }} "
                f"LIMIT {page} OFFSET {offset}"
            ).rows
            for row in rows:
                yield row["s"], row["p"], row["o"]
            if len(rows) < page:
                return
            offset += page

    # --- writing: not through kgtools ------------------------------------------------------------

    def _read_only(self, *_: Any, **__: Any) -> None:
        raise EngineError(
            f"the remote endpoint {self.endpoint} is read-only in kgtools; load data with the server's own loader"
        )

    def load_file(self, path: Path, media_type: str, graph: str, atomic: bool = True) -> None:
        self._read_only()

    def load_data(self, data: bytes, media_type: str, graph: str, name: str = "<data>") -> None:
        self._read_only()

    def add_triples(self, triples: Iterable[tuple[Identifier, Identifier, Identifier]], graph: str) -> None:
        self._read_only()

    def clear(self, graph: str) -> None:
        self._read_only()

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoint}>"


def connect(
    url: str,
    *,
    graphs: Sequence[str] | None = None,
    timeout: float = 60.0,
    auth: tuple[str, str] | None = None,
    check: bool = True,
) -> KnowledgeGraph:
    """A :class:`~kgtools.KnowledgeGraph` over the SPARQL 1.1 endpoint ``url`` (read-only).

    ``graphs``: graph IRIs (or "asserted", "inferred", "data") to merge as the default graph;
    by default the endpoint's own default graph. ``check`` sends ``ASK {}`` first so that an
    unreachable endpoint fails here with :class:`~kgtools.EngineError`.
    """
    store = RemoteStore(url, graphs=graphs, timeout=timeout, auth=auth)
    if check:
        store.query("ASK {}")
    kg = KnowledgeGraph(store)
    kg.sources.append(url)
    return kg
