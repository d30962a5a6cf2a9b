"""The schema IRIs kgtools relies on, written once: namespaces, XSCO's own properties and classes,
the OBO relations of its associations, and the standard annotation properties.

Every module takes these names from here (as plain strings; wrap them in ``rdflib.URIRef`` where an
rdflib term is needed). SPARQL files spell the same IRIs with their prefixes.
"""

from __future__ import annotations

__all__ = [
    "BRANCH_ROOT",
    "CLASSIFIED_UNDER",
    "DCTERMS",
    "DEFINITION",
    "DEPRECATED",
    "EDITOR_NOTE",
    "EMPHASISING_QUALIFIER_VALUE",
    "EXTERNAL_CAUSE",
    "HAS_MEASURE",
    "HEDGED_QUALIFIER_VALUE",
    "IN_SUBSET",
    "LINK_ANCESTOR",
    "LINK_BASE",
    "LINK_PARENT",
    "LINK_XREF",
    "MINERALIZATION",
    "NEGATED",
    "NOT_A_DISORDER",
    "OBAN",
    "OBO",
    "OIO",
    "ONTOLOGY_IRI",
    "OPEN_LIST",
    "OWL",
    "QUALIFIER",
    "RARITY_QUALIFIER_VALUE",
    "RDF",
    "RDFS",
    "RDFS_LABEL",
    "RO_BASIS_IN_DYSFUNCTION",
    "RO_CORRELATED_WITH",
    "RO_HAS_LOCATION",
    "SCHEME",
    "SKOS",
    "SUPERLATIVE_QUALIFIER_VALUE",
    "SUPPORTING_TEXT",
    "SYNONYM_PROPERTIES",
    "XREF",
    "XSCO",
    "XSCO_BASE",
    "XSCO_ROOT",
]

# --- namespaces ------------------------------------------------------------------------------
XSCO_BASE = "https://w3id.org/xsco/"
XSCO = XSCO_BASE + "XSCO_"
OBO = "http://purl.obolibrary.org/obo/"
OIO = "http://www.geneontology.org/formats/oboInOwl#"
OBAN = "http://purl.org/oban/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

ONTOLOGY_IRI = XSCO_BASE + "xsco.owl"

# --- XSCO classes ------------------------------------------------------------------------------
MINERALIZATION = XSCO + "0000001"  # "extra-skeletal mineralization": the root of the types
XSCO_ROOT = MINERALIZATION
EXTERNAL_CAUSE = XSCO + "0000052"  # injuries, drugs, treatments and procedures: not disorders

# --- subsets (oboInOwl:inSubset): the ontology itself says which classes play these roles -------
BRANCH_ROOT = XSCO + "0000312"  # the top class of each branch (types, conditions, statuses, ...)
NOT_A_DISORDER = XSCO + "0000313"  # members and their subclasses are not disorders of a patient

# --- association metadata (the OBAN node of a statement) ------------------------------------
QUALIFIER = XSCO + "0000201"  # the source's hedge or frequency word, exactly as written
SUPPORTING_TEXT = XSCO + "0000202"
OPEN_LIST = XSCO + "0000203"
NEGATED = XSCO + "0000204"
CLASSIFIED_UNDER = XSCO + "0000210"
SCHEME = XSCO + "0000211"
HAS_MEASURE = XSCO + "0000220"
# The closed list of qualifiers, stated on QUALIFIER itself and classed (see kgtools.qualifiers)
HEDGED_QUALIFIER_VALUE = XSCO + "0000223"
EMPHASISING_QUALIFIER_VALUE = XSCO + "0000224"
SUPERLATIVE_QUALIFIER_VALUE = XSCO + "0000225"
RARITY_QUALIFIER_VALUE = XSCO + "0000226"

# --- OBO relations used as association predicates --------------------------------------------
RO_CORRELATED_WITH = OBO + "RO_0002610"
RO_HAS_LOCATION = OBO + "RO_0004026"
RO_BASIS_IN_DYSFUNCTION = OBO + "RO_0004020"

# --- annotation properties ---------------------------------------------------------------------
RDFS_LABEL = RDFS + "label"
DEFINITION = OBO + "IAO_0000115"
EDITOR_NOTE = OBO + "IAO_0000116"
DEPRECATED = OWL + "deprecated"
XREF = OIO + "hasDbXref"
IN_SUBSET = OIO + "inSubset"
# Synonym properties and their scopes, in the order a lookup prefers them.
SYNONYM_PROPERTIES = {
    OIO + "hasExactSynonym": "exact",
    OIO + "hasRelatedSynonym": "related",
    OIO + "hasNarrowSynonym": "narrow",
    OIO + "hasBroadSynonym": "broad",
}

# --- linked ontologies (kgtools.linkall): kgtools' own roll-up predicates, not ontology terms ---
LINK_BASE = XSCO_BASE + "link/"
LINK_PARENT = LINK_BASE + "parent"  # a direct is_a or part_of parent as the release lists it
LINK_ANCESTOR = LINK_BASE + "ancestor"  # the transitive closure of LINK_PARENT (not reflexive)
LINK_XREF = LINK_BASE + "xref"  # a database cross reference written as the IRI HPO's annotations use
