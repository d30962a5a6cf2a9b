"""CURIE prefixes: the one prefix map of the package and its converter.

Everything that turns an IRI into a CURIE or back goes through :data:`converter`
(a :class:`curies.Converter`), so a prefix is declared once, here.
"""

from __future__ import annotations

import functools
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


# Remembered per IRI (the most recent 65,536): the differential, the web pages and the validation
# report ask for the same few thousand IRIs again and again (curies walks its trie each time).
@functools.lru_cache(maxsize=1 << 16)
def compress(iri: str) -> str:
    """Return the CURIE of ``iri``, or ``iri`` itself when no prefix covers it."""
    return _converter().compress(iri, passthrough=True)


def expand(curie: str) -> str | None:
    """Return the IRI of ``curie``, or None when its prefix is unknown.

    A lookup in :data:`PREFIX_MAP` (the converter's only source, so the same answer as
    ``curies.Converter.expand``): curies 0.15.7 rebuilds its prefix map on every ``expand`` call,
    25 µs a CURIE against 0.2 µs here; reading the templates expands ~12,500 CURIEs and the
    HPO annotation import ~500,000.
    """
    prefix, sep, local = curie.partition(":")
    namespace = PREFIX_MAP.get(prefix) if sep else None
    return namespace + local if namespace is not None else None


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix of the map, for SPARQL text."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_MAP.items())
