"""CURIE prefixes: the one prefix map of the package and its converter.

Everything that turns an IRI into a CURIE or back goes through :func:`compress` and :func:`expand`
(the answers of a :class:`curies.Converter` of :data:`PREFIX_MAP`, which ``converter`` still is), so a
prefix is declared once, here.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from .vocab import OBO, XSCO

if TYPE_CHECKING:
    import curies

__all__ = ["OBO", "PREFIX_MAP", "XSCO", "compress", "expand"]  # and converter (built on first use)

# The map is bioregistry's for every prefix but XSCO's own (``XSCO``, ``xscoa``), with the namespaces
# the data use (MeSH RDF, identifiers.org HGNC, ORDO ...), each a URI prefix bioregistry records for
# that prefix: tests/test_interop.py checks it against bioregistry. It is written out here rather
# than built from bioregistry (or curies' OBO converter) for measured reasons (this
# machine): ``import bioregistry`` 2.9 s + ``get_converter()`` 2.0 s on every command, and
# curies.get_obo_converter() downloads the OBO context from the network.
PREFIX_MAP: dict[str, str] = {
    "XSCO": XSCO,
    "xscoa": "https://w3id.org/xsco/association/",
    "RO": OBO + "RO_",
    "BFO": OBO + "BFO_",
    "IAO": OBO + "IAO_",
    "ECO": OBO + "ECO_",
    "UBERON": OBO + "UBERON_",
    "CHEBI": OBO + "CHEBI_",
    "HP": OBO + "HP_",
    "MONDO": OBO + "MONDO_",
    "DOID": OBO + "DOID_",
    "GO": OBO + "GO_",
    "NCIT": OBO + "NCIT_",
    "PATO": OBO + "PATO_",
    "SO": OBO + "SO_",
    "HGNC": "http://identifiers.org/hgnc/",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "OMIM": "https://omim.org/entry/",
    "ORPHA": "http://www.orpha.net/ORDO/Orphanet_",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "oban": "http://purl.org/oban/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}

# --- linking: HPO annotation sources and references, SSSOM justifications ---
PREFIX_MAP.update(
    {
        "DECIPHER": "https://www.deciphergenomics.org/syndrome/",
        "PMID": "https://pubmed.ncbi.nlm.nih.gov/",
        "semapv": "https://w3id.org/semapv/vocab/",
        "biolink": "https://w3id.org/biolink/vocab/",
    }
)



@functools.cache
def _converter() -> curies.Converter:
    # curies (and the pydantic it imports) cost ~0.45 s to import, a third of every
    # kgtools command's start-up; it is imported when the first IRI is compressed or expanded.
    import curies

    return curies.Converter.from_prefix_map(PREFIX_MAP)


def __getattr__(name: str) -> Any:
    if name == "converter":  # the module-level curies.Converter of earlier versions, built on first use
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _namespaces() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regular expression matching the longest namespace of :data:`PREFIX_MAP` at the start of
    an IRI, and namespace -> prefix (built once, like the curies converter)."""
    by_namespace = {ns: prefix for prefix, ns in PREFIX_MAP.items()}
    longest_first = sorted(by_namespace, key=len, reverse=True)
    return re.compile("|".join(re.escape(ns) for ns in longest_first)), by_namespace


# compress and expand give the curies converter's answers (tests/test_prefixes.py compares them on
# every IRI of XSCO and on edge cases) without importing curies and pydantic (~0.45-0.7 s, the
# largest part of a reopened store's first lookup by name), and remember the most recent 65,536
# texts (curies rebuilt its prefix map on every expand, ~40-100 us a call).
@functools.lru_cache(maxsize=1 << 16)
def compress(iri: str) -> str:
    """Return the CURIE of ``iri``, or ``iri`` itself when no prefix covers it (the longest namespace wins)."""
    pattern, by_namespace = _namespaces()
    match = pattern.match(iri)
    return f"{by_namespace[match.group(0)]}:{iri[match.end() :]}" if match else iri


@functools.lru_cache(maxsize=1 << 16)
def expand(curie: str) -> str | None:
    """Return the IRI of ``curie``, or None when its prefix is unknown; ValueError when ``curie`` has no colon."""
    prefix, colon, local = curie.partition(":")
    if not colon:
        raise ValueError(f"{curie} does not appear to be a CURIE - missing a delimiter")
    namespace = PREFIX_MAP.get(prefix)
    return namespace + local if namespace is not None else None


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix of the map, for SPARQL text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_MAP.items())
