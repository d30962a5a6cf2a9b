"""Issue 18: the SPARQL 1.1 Protocol and Service Description of `kgtools serve` (kgtools.sparql_protocol):
graph parameters, every result form in every standard format, the service description, and
kgtools.connect() against a real `kgtools serve` with the same graphs argument as other servers."""

from __future__ import annotations


import pytest

from kgtools.sparql_protocol import NotAcceptable, dataset, negotiate
from kgtools.store import GRAPHS

ASK = "ASK { ?s ?p ?o }"
CONSTRUCT = (
    "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { "
    "VALUES ?s { <https://w3id.org/xsco/XSCO_0000005> } ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
)
SELECT = "SELECT ?l WHERE { <https://w3id.org/xsco/XSCO_0000005> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def test_negotiation_and_dataset_units() -> None:
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", None, "ask") == "application/sparql-results+xml"
    assert negotiate("*/*", None, "graph") == "text/turtle"
    assert negotiate(None, "jsonld", "graph") == "application/ld+json"
    with pytest.raises(NotAcceptable):
        negotiate("image/png", None, "select")
    assert dataset([("default-graph-uri", "inferred"), ("x", "y")]).default == (GRAPHS["inferred"],)
    assert not dataset([])


