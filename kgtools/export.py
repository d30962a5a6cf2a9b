"""Exports: the loaded graph in the formats other tools read.

=============  ==============================================  ================================
``to``         format                                          written by
=============  ==============================================  ================================
``owl``        RDF/XML (``.owl``, as ROBOT writes it)          rdflib (typed nodes, real prefixes)
``rdfxml``     RDF/XML (the same as ``owl``)                   rdflib
``owx``        OWL 2 XML (``.owx``: Protégé, the OWL API)      py-horned-owl
``ttl``        Turtle                                          rdflib
``jsonld``     JSON-LD (with the package prefixes as context)  rdflib
``obo``        OBO 1.4                                         fastobo
``obographs``  OBO Graphs JSON (CURIEs and a prefix map)       this module (read back by pronto, fastobo)
``sssom``      SSSOM TSV of the skos mappings                  this module (checked with sssom-py)
``kgx``        KGX nodes/edges TSV (Biolink categories)        this module
=============  ==============================================  ================================

Every file is written atomically (:func:`kgtools.fileio.write_atomic`). By default the
``asserted`` graph is exported; pass ``graphs=`` to add others (e.g. "inferred", "hpo").

One extension, one format: ``.owl`` is RDF/XML everywhere, OWL/XML is ``.owx``; writing a format to
a file whose suffix belongs to another format is refused.

Associations (the OBAN nodes) travel in every format (docs/exports.md): in the RDF formats as the
nodes themselves plus, on the shortcut triple, an OWL axiom annotation (an annotated annotation
assertion: no logical meaning, so a hedge never becomes an OWL universal); in OBO as
``relationship:`` (or ``is_a:``) lines with trailing qualifiers; in OBO Graphs as edges with ``meta``.
OBO cannot say everything OWL can: equivalent-class axioms that contain a union are left out;
defined classes whose definition is an intersection of named classes and existential
restrictions become ``intersection_of`` lines.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import BNode, URIRef

from .errors import KgError
from .fileio import check_writable, write_atomic
from .link import read_sssom
from .prefixes import PREFIX_MAP, compress
from .store import GRAPHS
from .prefixes import expand

if TYPE_CHECKING:
    from .protocols import KnowledgeBase as KnowledgeGraph

__all__ = ["EXPORT_FORMATS", "ExportResult", "class_curies", "export", "rdf_graph"]

EXPORT_FORMATS = ("owl", "rdfxml", "owx", "ttl", "jsonld", "obo", "obographs", "sssom", "kgx")
SUFFIXES = {
    "owl": ".owl",
    "rdfxml": ".owl",
    "owx": ".owx",
    "ttl": ".ttl",
    "jsonld": ".jsonld",
    "obo": ".obo",
    "obographs": ".json",
    "sssom": ".sssom.tsv",
}

OBO = "http://purl.obolibrary.org/obo/"
OIO = "http://www.geneontology.org/formats/oboInOwl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OBAN = "http://purl.org/oban/"
XSCO_NS = PREFIX_MAP["XSCO"]
DEFINITION = URIRef(OBO + "IAO_0000115")
EDITOR_NOTE = URIRef(OBO + "IAO_0000116")
XREF = URIRef(OIO + "hasDbXref")
SYNONYMS = {
    URIRef(OIO + "hasExactSynonym"): "EXACT",
    URIRef(OIO + "hasRelatedSynonym"): "RELATED",
    URIRef(OIO + "hasBroadSynonym"): "BROAD",
    URIRef(OIO + "hasNarrowSynonym"): "NARROW",
}
MAPPINGS = {SKOS + p: f"skos:{p}" for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")}


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export` produced: the format, the files written (if any) and the text (if not)."""

    format: str
    files: tuple[Path, ...]
    text: str | None
    terms: int


def rdf_graph(kg: KnowledgeGraph, graphs: tuple[str, ...] = ("asserted",), annotate: bool = True) -> rdflib.Graph:
    """The triples of the named graphs as one rdflib Graph, with the package prefixes bound.

    With ``annotate`` each association's shortcut triple also gets its OWL axiom annotation
    (:func:`annotate_shortcuts`), so that OWL tools see source, qualifier and text on it.
    """
    g = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in PREFIX_MAP.items():
        g.bind(prefix, namespace, override=True)
    for name in graphs:
        iri = GRAPHS.get(name, name)
        for triple in kg.store.triples(iri):
            g.add(triple)
    if annotate:
        annotate_shortcuts(g)
        add_obo_ids(g)
    return g


def add_obo_ids(g: rdflib.Graph) -> None:
    """Give every named class and property its CURIE as ``oboInOwl:id`` (as the OWL API writes OBO
    ontologies): pronto and OAK take a term's ID from it, so XSCO terms are ``XSCO:...`` in them."""
    oboid = URIRef(OIO + "id")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty):
        for entity in list(g.subjects(RDF.type, kind)):
            if isinstance(entity, URIRef) and (entity, oboid, None) not in g:
                curie = compress(str(entity))
                if curie != str(entity) and curie.split(":", 1)[0] not in ("rdfs", "owl", "rdf", "xsd"):
                    g.add((entity, oboid, rdflib.Literal(curie)))


# --- associations -------------------------------------------------------------------------------

# Qualifier names (OBO trailing qualifiers, OBO Graphs edge meta) of the properties an association
# node carries; any other property of the node travels under its CURIE.
ASSOCIATION_KEYS = {
    "source": DCTERMS + "source",
    "evidence": OBO + "RO_0002558",
    "qualifier": XSCO_NS + "0000201",
    "supporting_text": XSCO_NS + "0000202",
    "open_list": XSCO_NS + "0000203",
    "negated": XSCO_NS + "0000204",
    "in_scheme": XSCO_NS + "0000211",
    "measure": XSCO_NS + "0000212",
    "comparator": XSCO_NS + "0000213",
    "value": XSCO_NS + "0000214",
    "value_max": XSCO_NS + "0000215",
    "unit": XSCO_NS + "0000216",
    "population": XSCO_NS + "0000217",
    "editor_note": OBO + "IAO_0000116",
}
# The relation of an association that states a subclass the ontology does not assert (OBO and OBO
# Graphs): "is_a" would assert it, and "rdfs:subClassOf" is no OBO relation (pronto and OAK fail on it).
STATED_SUBCLASS = "stated_subclass_of"
STATED_SUBCLASS_NAME = "stated subclass of (a source's statement; not asserted)"
# The qualifier that names the association node itself (its IRI, as a CURIE).
ASSOCIATION_ID = "association"
# Values that are IRIs, and literal datatypes, as the XSCO vocabulary defines them (xsco.ttl section 1).
IRI_KEYS = {"source", "evidence", "in_scheme"}
XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = {
    "open_list": XSD + "boolean", "negated": XSD + "boolean", "value": XSD + "decimal", "value_max": XSD + "decimal"
}
_KEY_OF = {iri: key for key, iri in ASSOCIATION_KEYS.items()}
_OBAN_STRUCTURE = {
    OBAN + "association_has_subject", OBAN + "association_has_predicate", OBAN + "association_has_object"
}


@dataclass(frozen=True)
class AssociationNode:
    """One OBAN association of a graph: its IRI, triple and the (key, value) pairs of its provenance."""

    iri: URIRef
    subject: URIRef
    predicate: URIRef
    object: URIRef
    values: tuple[tuple[str, Any], ...]


def association_nodes(g: rdflib.Graph) -> list[AssociationNode]:
    """The OBAN associations of ``g`` (sorted by IRI), each with its provenance as named values."""
    found = []
    nodes = {a for a in g.subjects(RDF.type, URIRef(OBAN + "association")) if isinstance(a, URIRef)}
    for node in sorted(nodes, key=str):
        s = g.value(node, URIRef(OBAN + "association_has_subject"))
        p = g.value(node, URIRef(OBAN + "association_has_predicate"))
        o = g.value(node, URIRef(OBAN + "association_has_object"))
        if not (isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef)):
            continue
        values = []
        for prop, value in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if prop == RDF.type or str(prop) in _OBAN_STRUCTURE:
                continue
            values.append((_KEY_OF.get(str(prop), compress(str(prop))), value))
        found.append(AssociationNode(node, s, p, o, tuple(values)))
    return found


def qualifier_text(key: str, value: Any) -> str:
    """The text of one association value in OBO and OBO Graphs: CURIEs for IRIs, lexical forms for literals."""
    if isinstance(value, URIRef):
        curie = compress(str(value))
        return curie if key in IRI_KEYS or curie != str(value) else f"<{value}>"
    return str(value)


def qualifier_term(key: str, text: str) -> tuple[URIRef, Any]:
    """The (property, RDF term) of a qualifier read back from OBO or OBO Graphs (inverse of :func:`qualifier_text`)."""
    from rdflib import Literal

    prop = ASSOCIATION_KEYS.get(key) or expand(key) or key
    if text.startswith("<") and text.endswith(">"):
        return URIRef(prop), URIRef(text[1:-1])
    if key in IRI_KEYS:
        if text.startswith(("http://", "https://")):
            return URIRef(prop), URIRef(text)
        return URIRef(prop), URIRef(expand(text) or text)
    if key in DATATYPES:
        return URIRef(prop), Literal(text, datatype=URIRef(DATATYPES[key]))
    return URIRef(prop), Literal(text)


def association_triples(iri: str, s: str, p: str, o: str, values: list[tuple[str, str]]) -> list[tuple[Any, Any, Any]]:
    """The triples of an OBAN association node rebuilt from its named values (the inverse of
    :func:`association_nodes`)."""
    node = URIRef(iri)
    triples: list[tuple[Any, Any, Any]] = [
        (node, RDF.type, OWL.NamedIndividual),
        (node, RDF.type, URIRef(OBAN + "association")),
        (node, URIRef(OBAN + "association_has_subject"), URIRef(s)),
        (node, URIRef(OBAN + "association_has_predicate"), URIRef(p)),
        (node, URIRef(OBAN + "association_has_object"), URIRef(o)),
    ]
    triples += [(node, *qualifier_term(key, text)) for key, text in values]
    return triples


def annotate_shortcuts(g: rdflib.Graph) -> int:
    """Add an ``owl:Axiom`` annotating each association's shortcut triple with the association's values.

    The OWL view of an association (docs/exports.md): the shortcut is an annotation assertion between
    two classes (or an ``rdfs:subClassOf`` axiom), and the axiom annotation carries source, qualifier,
    supporting text and the rest, plus ``rdfs:seeAlso`` to the OBAN node. Annotations have no logical
    meaning, so a hedge ("usually", "such as") is never turned into an OWL universal and the ontology
    stays as consistent as before. Associations without a shortcut (negated ones) are not annotated.
    Idempotent: a shortcut that already has its axiom annotation is left alone. Returns how many were added.
    """
    annotated = {
        (g.value(a, OWL.annotatedSource), g.value(a, OWL.annotatedProperty), g.value(a, OWL.annotatedTarget))
        for a in g.subjects(RDF.type, OWL.Axiom)
    }
    added = 0
    for assoc in association_nodes(g):
        triple = (assoc.subject, assoc.predicate, assoc.object)
        if triple not in g or triple in annotated:
            continue
        axiom = BNode()
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, assoc.subject))
        g.add((axiom, OWL.annotatedProperty, assoc.predicate))
        g.add((axiom, OWL.annotatedTarget, assoc.object))
        g.add((axiom, RDFS.seeAlso, assoc.iri))
        for key, value in assoc.values:
            g.add((axiom, URIRef(ASSOCIATION_KEYS.get(key) or _expand_key(key)), value))
        annotated.add(triple)
        added += 1
    return added


def _expand_key(key: str) -> str:

    return expand(key) or key


def class_curies(g: rdflib.Graph, namespace: str = XSCO_NS) -> set[str]:
    """CURIEs of the named classes of ``g`` in ``namespace`` (the term set round-trip tests compare)."""
    classes = g.subjects(RDF.type, OWL.Class)
    return {compress(str(c)) for c in classes if isinstance(c, URIRef) and str(c).startswith(namespace)}


def export(
    kg: KnowledgeGraph,
    to: str,
    output: str | os.PathLike[str] | None = None,
    graphs: tuple[str, ...] = ("asserted",),
) -> ExportResult:
    """Serialise the loaded graph as ``to`` (one of :data:`EXPORT_FORMATS`).

    With ``output`` the result is written atomically to that file (for ``kgx``: a folder, which
    receives ``xsco_nodes.tsv`` and ``xsco_edges.tsv``); without it the text is returned.
    """
    if to not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {to!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
    unknown = [g for g in graphs if g not in GRAPHS and not g.startswith(("http://", "https://"))]
    if unknown:
        raise KgError(f"unknown graph {unknown[0]!r}; use one of: {', '.join(GRAPHS)} or an IRI")
    if output is not None and to in SUFFIXES:
        check_suffix(output, to)
    if output is not None and to != "kgx":
        check_writable(output)  # a wrong --output fails before the rendering, not after it
    g = rdf_graph(kg, graphs)
    terms = len(class_curies(g))
    if to == "kgx":
        if output is None:
            raise KgError("kgx writes two files (nodes and edges): give --output DIR")
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        nodes, edges = to_kgx(g)
        files = (write_atomic(folder / "xsco_nodes.tsv", nodes), write_atomic(folder / "xsco_edges.tsv", edges))
        return ExportResult(to, files, None, terms)
    text = render(g, to)
    if output is None:
        return ExportResult(to, (), text if isinstance(text, str) else text.decode("utf-8"), terms)
    return ExportResult(to, (write_atomic(output, text),), None, terms)


def check_suffix(output: str | os.PathLike[str], to: str) -> None:
    """Refuse to write format ``to`` into a file whose suffix belongs to another format (one extension, one format)."""
    name = Path(output).name.lower()
    for other, suffix in SUFFIXES.items():
        if name.endswith(suffix) and SUFFIXES[to] != suffix and not (suffix == ".json" and name.endswith(".jsonld")):
            if suffix == ".tsv" or (suffix == ".json" and to == "obographs"):
                continue
            raise KgError(
                f"{output}: a {suffix} file holds {other} ({_FORMAT_NAMES.get(other, other)}), not {to}; "
                f"name it *{SUFFIXES[to]} or use --to {other}"
            )


_FORMAT_NAMES = {"owl": "RDF/XML", "rdfxml": "RDF/XML", "owx": "OWL/XML", "ttl": "Turtle", "jsonld": "JSON-LD",
                 "obo": "OBO 1.4", "obographs": "OBO Graphs JSON", "sssom": "SSSOM TSV"}

# RDF/XML needs a namespace for every predicate and class it writes as an element name, and an XML
# name cannot start with a digit: "XSCO:0000201" is no QName. These namespaces (as ROBOT/OWL API
# write OBO ontologies) make every element name a real prefix instead of rdflib's ns1, ns2 ...
XML_NAMESPACES = {"obo": OBO, "xsco": "https://w3id.org/xsco/", "xml": "http://www.w3.org/XML/1998/namespace"}


def to_rdf_xml(g: rdflib.Graph) -> str:
    """RDF/XML as the OBO tools read it: an ``owl:Ontology`` element first, typed nodes, real prefixes."""
    xml = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIX_MAP, **XML_NAMESPACES}.items():
        xml.bind(prefix, namespace, override=True)
    for triple in g:
        xml.add(triple)
    # max_depth=1: every subject is a top-level typed element (pronto reads only those); deeper
    # nesting made rdflib drop triples of list nodes (measured: 8 warnings, triples lost).
    with warnings.catch_warnings():
        if not _annotated_list_nodes(xml):
            # rdflib warns "Assertions on ... other than RDF.first and RDF.rest are ignored" for every
            # list it writes as rdf:parseType="Collection", whether or not the list node has other
            # triples; with none, nothing is ignored and the warning is noise (2 per XSCO export).
            warnings.filterwarnings("ignore", message="Assertions on .* other than RDF.first", category=UserWarning)
        return xml.serialize(format="pretty-xml", max_depth=1)


def _annotated_list_nodes(g: rdflib.Graph) -> bool:
    """Whether some list node of ``g`` has a triple besides rdf:first and rdf:rest (RDF/XML drops those)."""
    kept = {rdflib.RDF.first, rdflib.RDF.rest}
    return any(p not in kept for node in set(g.subjects(rdflib.RDF.first, None)) for p in g.predicates(node))


def render(g: rdflib.Graph, to: str) -> str | bytes:
    """The text of graph ``g`` in one of the single-file formats (every format but ``kgx``)."""
    if to == "ttl":
        return g.serialize(format="turtle")
    if to in ("rdfxml", "owl"):
        return to_rdf_xml(g)
    if to == "jsonld":
        context = {p: ns for p, ns in PREFIX_MAP.items() if p.isidentifier() or p.replace("_", "").isalnum()}
        return g.serialize(format="json-ld", context=context, auto_compact=True)
    if to == "owx":
        return to_owl_xml(g)
    if to == "obo":
        return str(to_obo(g))
    if to == "obographs":
        return to_obographs(g)
    if to == "sssom":
        return to_sssom(g)
    raise KgError(f"format {to!r} is not a single-file format; choose one of: {', '.join(EXPORT_FORMATS[:-1])}")


# --- OWL/XML ----------------------------------------------------------------------------------


def to_owl_xml(g: rdflib.Graph) -> str:
    """OWL 2 XML, converted from RDF/XML by py-horned-owl (rdflib cannot write OWL/XML)."""
    import pyhornedowl

    with tempfile.TemporaryDirectory(prefix="kgtools-owl-") as tmp:
        source = Path(tmp) / "in.owl"
        target = Path(tmp) / "out.owx"
        g.serialize(destination=str(source), format="xml")
        try:
            ontology = pyhornedowl.open_ontology_from_file(str(source), "owl")
            ontology.save_to_file(str(target), "owx")
        except Exception as error:  # py-horned-owl raises plain ValueError/RuntimeError
            raise KgError(f"OWL/XML conversion failed: {' '.join(str(error).split())[:200]}") from None
        return target.read_text(encoding="utf-8")


# --- OBO ----------------------------------------------------------------------------------------


def _ident(iri: str) -> Any:
    """An OBO identifier for an IRI: a prefixed ID where a prefix covers it, else the URL."""
    import fastobo

    curie = compress(iri)
    if curie != iri and ":" in curie:
        prefix, local = curie.split(":", 1)
        return fastobo.id.PrefixedIdent(prefix, local)
    return fastobo.id.Url(iri)


def _xref(text: str) -> Any:
    import fastobo

    text = text.strip()
    if text.startswith(("http://", "https://")):
        return fastobo.xref.Xref(fastobo.id.Url(text))
    if ":" in text and " " not in text:
        prefix, local = text.split(":", 1)
        return fastobo.xref.Xref(fastobo.id.PrefixedIdent(prefix, local))
    return None


def _first(g: rdflib.Graph, s: Any, p: Any) -> Any:
    values = sorted(g.objects(s, p), key=str)
    return values[0] if values else None


def _list(g: rdflib.Graph, head: Any) -> list[Any]:
    return list(rdflib.collection.Collection(g, head)) if head is not None else []


def _intersection(g: rdflib.Graph, cls: URIRef) -> list[tuple[Any, Any]] | None:
    """The (relation, term) pairs of a named-class/existential intersection, or None if not OBO-expressible."""
    for eq in g.objects(cls, OWL.equivalentClass):
        members = _list(g, g.value(eq, OWL.intersectionOf)) if isinstance(eq, BNode) else []
        pairs: list[tuple[Any, Any]] = []
        for member in members:
            if isinstance(member, URIRef):
                pairs.append((None, member))
                continue
            prop, filler = g.value(member, OWL.onProperty), g.value(member, OWL.someValuesFrom)
            if not isinstance(prop, URIRef) or not isinstance(filler, URIRef):
                break
            pairs.append((prop, filler))
        else:
            if pairs:
                return pairs
    return None


def to_obo(g: rdflib.Graph) -> Any:
    """An OBO 1.4 document (``fastobo.doc.OboDoc``) of the named classes and properties of ``g``."""
    import fastobo
    from fastobo import header as h
    from fastobo import typedef as td

    by_subject: dict[URIRef, list[AssociationNode]] = defaultdict(list)
    for assoc in association_nodes(g):
        by_subject[assoc.subject].append(assoc)
    classes = sorted({c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}, key=str)
    frames: list[Any] = [_obo_term_frame(g, cls, by_subject.get(cls, [])) for cls in classes]
    frame = td.TypedefFrame(fastobo.id.UnprefixedIdent(STATED_SUBCLASS))
    frame.append(td.NameClause(STATED_SUBCLASS_NAME))
    frame.append(td.IsMetadataTagClause(True))
    frames.append(frame)
    properties = sorted({p for p in g.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}, key=str)
    frames += [_obo_object_property_frame(g, prop) for prop in properties]
    annotation_props = sorted(
        {p for p in g.subjects(RDF.type, OWL.AnnotationProperty) if isinstance(p, URIRef) and compress(str(p)) != p},
        key=str,
    )
    frames += [_obo_annotation_property_frame(g, prop) for prop in annotation_props]
    return fastobo.doc.OboDoc(h.HeaderFrame(_obo_header(g)), frames)


def _obo_header(g: rdflib.Graph) -> list[Any]:
    """The header clauses: format and data version, namespace, an ``idspace`` per non-OBO prefix used."""
    import fastobo
    from fastobo import header as h

    ontology = next((s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), None)
    clauses: list[Any] = [h.FormatVersionClause("1.4")]
    version = _first(g, ontology, OWL.versionInfo) if ontology is not None else None
    if version is not None:
        clauses.append(h.DataVersionClause(str(version)))
    clauses.append(h.DefaultNamespaceClause(fastobo.id.UnprefixedIdent("xsco")))
    clauses.append(h.OntologyClause("xsco"))
    used_prefixes = sorted(
        {compress(str(n)).split(":", 1)[0] for n in g.all_nodes() if isinstance(n, URIRef)} | {"XSCO", "xscoa"}
    )
    for prefix in used_prefixes:
        namespace = PREFIX_MAP.get(prefix)
        if namespace and not namespace.startswith(OBO):
            clauses.append(h.IdspaceClause(prefix, fastobo.id.Url(namespace)))
    title = _first(g, ontology, URIRef(DCTERMS + "title")) if ontology is not None else None
    if title is not None:
        clauses.append(h.RemarkClause(str(title)))
    clauses.append(h.RemarkClause(
        "Exported by kgtools from the OWL source; each association is a relationship (or is_a) line whose "
        "trailing qualifiers carry its IRI, source, qualifier, negation and supporting text."
    ))
    return clauses


def _obo_term_frame(g: rdflib.Graph, cls: URIRef, associations: list[AssociationNode]) -> Any:
    """The ``[Term]`` frame of one class: annotations, is_a and relationships, then its associations."""
    from fastobo import term as t

    frame = t.TermFrame(_ident(str(cls)))
    for clause in _obo_term_annotations(g, cls):
        frame.append(clause)
    stated: dict[tuple[Any, Any], list[AssociationNode]] = defaultdict(list)
    for a in associations:
        stated[(a.predicate, a.object)].append(a)
    for clause in _obo_term_axioms(g, cls, stated):
        frame.append(clause)
    for clause in _obo_property_values(g, cls, stated):
        frame.append(clause)
    deprecated = _first(g, cls, OWL.deprecated)
    if deprecated is not None and str(deprecated).lower() == "true":
        frame.append(t.IsObsoleteClause(True))
    return frame


def _obo_term_annotations(g: rdflib.Graph, cls: URIRef) -> Iterator[Any]:
    """name, def (with its sources as xrefs), comments, synonyms and xrefs of a class."""
    import fastobo
    from fastobo import term as t

    label = _first(g, cls, RDFS.label)
    if label is not None:
        yield t.NameClause(str(label))
    definition = _first(g, cls, DEFINITION)
    if definition is not None:
        sources = sorted((s for s in g.objects(cls, URIRef(DCTERMS + "source")) if isinstance(s, URIRef)), key=str)
        refs = [x for x in (_xref(str(s)) for s in sources) if x is not None]
        yield t.DefClause(str(definition), fastobo.xref.XrefList(refs))
    for note in sorted(g.objects(cls, EDITOR_NOTE), key=str):
        yield t.CommentClause(str(note))
    for predicate, scope in SYNONYMS.items():
        for text in sorted(g.objects(cls, predicate), key=str):
            yield t.SynonymClause(fastobo.syn.Synonym(str(text), scope))
    for ref in sorted(g.objects(cls, XREF), key=str):
        x = _xref(str(ref))
        if x is not None:
            yield t.XrefClause(x)


def _obo_term_axioms(
    g: rdflib.Graph, cls: URIRef, stated: dict[tuple[Any, Any], list[AssociationNode]]
) -> Iterator[Any]:
    """is_a (one line per association that states it), relationship, intersection_of and
    disjoint_from lines, then one relationship line per association with its provenance as
    trailing qualifiers. Takes the is_a statements it writes out of ``stated``."""
    import fastobo
    from fastobo import term as t

    for parent in sorted(g.objects(cls, RDFS.subClassOf), key=str):
        if isinstance(parent, URIRef):
            # one is_a line per association that states it (an is_a line without one otherwise)
            for stating in _or_none(stated.pop((RDFS.subClassOf, parent), None)):
                clause = t.IsAClause(_ident(str(parent)))
                if stating is not None:
                    clause.qualifiers = _qualifiers(stating)
                yield clause
            continue
        prop, filler = g.value(parent, OWL.onProperty), g.value(parent, OWL.someValuesFrom)
        if isinstance(prop, URIRef) and isinstance(filler, URIRef):
            yield t.RelationshipClause(_ident(str(prop)), _ident(str(filler)))
    for rel, filler in _intersection(g, cls) or []:
        yield t.IntersectionOfClause(_ident(str(rel)) if rel is not None else None, _ident(str(filler)))
    for other in sorted(g.objects(cls, OWL.disjointWith), key=str):
        if isinstance(other, URIRef):
            yield t.DisjointFromClause(_ident(str(other)))
    for assoc in sorted((a for group in stated.values() for a in group), key=lambda a: str(a.iri)):
        relation = (fastobo.id.UnprefixedIdent(STATED_SUBCLASS) if assoc.predicate == RDFS.subClassOf
                    else _ident(str(assoc.predicate)))
        clause = t.RelationshipClause(relation, _ident(str(assoc.object)))
        clause.qualifiers = _qualifiers(assoc)
        yield clause


_NOT_PROPERTY_VALUES = (XREF, URIRef(DCTERMS + "source"), RDFS.isDefinedBy)


def _obo_property_values(
    g: rdflib.Graph, cls: URIRef, stated: dict[tuple[Any, Any], list[AssociationNode]]
) -> Iterator[Any]:
    """property_value lines: mappings and IRI-valued annotation assertions not written otherwise."""
    import fastobo
    from fastobo import term as t

    for p, o in sorted(g.predicate_objects(cls), key=lambda po: (str(po[0]), str(po[1]))):
        if (p, o) in stated or not isinstance(o, URIRef) or p in _NOT_PROPERTY_VALUES:
            continue  # an association is written above as a relationship
        if str(p) in MAPPINGS or (p, RDF.type, OWL.AnnotationProperty) in g:
            yield t.PropertyValueClause(fastobo.pv.ResourcePropertyValue(_ident(str(p)), _ident(str(o))))


def _obo_typedef_head(g: rdflib.Graph, prop: URIRef) -> Any:
    """A ``[Typedef]`` frame with the clauses every property has: its name and definition."""
    import fastobo
    from fastobo import typedef as td

    frame = td.TypedefFrame(_ident(str(prop)))
    label = _first(g, prop, RDFS.label)
    if label is not None:
        frame.append(td.NameClause(str(label)))
    definition = _first(g, prop, DEFINITION)
    if definition is not None:
        frame.append(td.DefClause(str(definition), fastobo.xref.XrefList()))
    return frame


def _obo_object_property_frame(g: rdflib.Graph, prop: URIRef) -> Any:
    """The ``[Typedef]`` frame of an object property: name, def, range, functional."""
    from fastobo import typedef as td

    frame = _obo_typedef_head(g, prop)
    rng = _first(g, prop, RDFS.range)
    if isinstance(rng, URIRef):
        frame.append(td.RangeClause(_ident(str(rng))))
    if (prop, RDF.type, OWL.FunctionalProperty) in g:
        frame.append(td.IsFunctionalClause(True))
    return frame


def _obo_annotation_property_frame(g: rdflib.Graph, prop: URIRef) -> Any:
    """The ``[Typedef]`` frame of an annotation property (a metadata tag): name, def, synonyms."""
    import fastobo
    from fastobo import typedef as td

    frame = _obo_typedef_head(g, prop)
    for predicate, scope in SYNONYMS.items():
        for text in sorted(g.objects(prop, predicate), key=str):
            frame.append(td.SynonymClause(fastobo.syn.Synonym(str(text), scope)))
    frame.append(td.IsMetadataTagClause(True))
    return frame


def _or_none(found: list[AssociationNode] | None) -> list[AssociationNode | None]:
    """The associations that state an asserted is_a, or [None] (one is_a line/edge without qualifiers)."""
    return list(found) if found else [None]


def _qualifiers(assoc: AssociationNode) -> Any:
    """The trailing qualifiers of an association's OBO line: its CURIE, then source, qualifier, negation ..."""
    import fastobo

    def key(name: str) -> Any:
        if ":" in name:
            prefix, local = name.split(":", 1)
            return fastobo.id.PrefixedIdent(prefix, local)
        return fastobo.id.UnprefixedIdent(name)

    items = [fastobo.qual.Qualifier(key(ASSOCIATION_ID), compress(str(assoc.iri)))]
    items += [fastobo.qual.Qualifier(key(k), qualifier_text(k, v)) for k, v in assoc.values]
    return fastobo.qual.QualifierList(items)


def to_obographs(g: rdflib.Graph) -> str:
    """OBO Graphs JSON (github.com/geneontology/obographs): nodes, is_a and existential edges,
    logical definitions; synonyms, xrefs, comments and annotation assertions in node meta.

    IDs are CURIEs and the document carries its prefix map (``@context``, as the obographs JSON
    schema allows), so readers resolve ``XSCO:0000005`` without being told the prefix. Each
    association is an edge whose ``meta.basicPropertyValues`` hold its provenance (the same values
    as the OWL axiom annotation; ``rdfs:seeAlso`` names the association node).
    """
    ontology = next((s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), None)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    definitions: list[dict[str, Any]] = []
    used: set[str] = set()

    def cid(iri: Any) -> str:
        curie = compress(str(iri))
        if curie != str(iri):
            used.add(curie.split(":", 1)[0])
        return curie

    kinds = [(OWL.Class, "CLASS"), (OWL.ObjectProperty, "PROPERTY"), (OWL.AnnotationProperty, "PROPERTY")]
    by_subject: dict[URIRef, list[AssociationNode]] = defaultdict(list)
    for assoc in association_nodes(g):
        by_subject[assoc.subject].append(assoc)
    seen: set[URIRef] = set()
    for rdf_type, kind in kinds:
        for entity in sorted({e for e in g.subjects(RDF.type, rdf_type) if isinstance(e, URIRef)}, key=str):
            if entity in seen:
                continue
            seen.add(entity)
            stated: dict[tuple[Any, Any], list[AssociationNode]] = defaultdict(list)
            for a in by_subject.get(entity, []) if kind == "CLASS" else []:
                stated[(a.predicate, a.object)].append(a)
            nodes.append(_obographs_node(g, entity, kind, stated, cid))
            if kind == "CLASS":
                edges += _obographs_edges(g, entity, stated, cid)
                definitions += _obographs_definition(g, entity, cid)
    nodes.append({"id": STATED_SUBCLASS, "type": "PROPERTY", "lbl": STATED_SUBCLASS_NAME})
    graph: dict[str, Any] = {"id": str(ontology) if ontology is not None else "https://w3id.org/xsco/xsco.owl"}
    version_iri = _first(g, ontology, OWL.versionIRI) if ontology is not None else None
    if version_iri is not None:
        graph["meta"] = {"version": str(version_iri)}
    graph.update(nodes=nodes, edges=edges, logicalDefinitionAxioms=definitions)
    context = {p: PREFIX_MAP[p] for p in sorted(used | {"XSCO"}) if p in PREFIX_MAP}
    return json.dumps({"@context": context, "graphs": [graph]}, indent=2, ensure_ascii=False) + "\n"


_SYNONYM_PREDICATES = {p: "has" + scope.capitalize() + "Synonym" for p, scope in SYNONYMS.items()}
# IRI-valued statements that are not node meta: written as edges or left out of OBO Graphs
_NOT_NODE_VALUES = (RDF.type, RDFS.subClassOf, RDFS.range, RDFS.isDefinedBy, URIRef(DCTERMS + "source"),
                    OWL.disjointWith)


def _obographs_node(
    g: rdflib.Graph, entity: URIRef, kind: str, stated: dict[tuple[Any, Any], list[AssociationNode]],
    cid: Callable[[Any], str],
) -> dict[str, Any]:
    """One OBO Graphs node with its label and meta."""
    node: dict[str, Any] = {"id": cid(entity), "type": kind}
    label = _first(g, entity, RDFS.label)
    if label is not None:
        node["lbl"] = str(label)
    meta = _obographs_meta(g, entity, stated, cid)
    if meta:
        node["meta"] = meta
    return node


def _obographs_meta(
    g: rdflib.Graph, entity: URIRef, stated: dict[tuple[Any, Any], list[AssociationNode]],
    cid: Callable[[Any], str],
) -> dict[str, Any]:
    """A node's meta: definition (sources as xrefs), comments, synonyms, xrefs, the IRI-valued
    annotation assertions that are no association, deprecation. Empty parts are left out."""
    meta: dict[str, Any] = {}
    definition = _first(g, entity, DEFINITION)
    if definition is not None:
        refs = sorted(cid(x) for x in g.objects(entity, URIRef(DCTERMS + "source")) if isinstance(x, URIRef))
        meta["definition"] = {"val": str(definition), "xrefs": refs}
    parts = {
        "comments": sorted(str(c) for c in g.objects(entity, EDITOR_NOTE)),
        "synonyms": [
            {"pred": _SYNONYM_PREDICATES[p], "val": str(v)}
            for p in SYNONYMS
            for v in sorted(g.objects(entity, p), key=str)
        ],
        "xrefs": [{"val": str(x)} for x in sorted(g.objects(entity, XREF), key=str)],
        "basicPropertyValues": [
            {"pred": cid(p), "val": cid(o)}
            for p, o in sorted(g.predicate_objects(entity), key=lambda po: (str(po[0]), str(po[1])))
            if isinstance(o, URIRef) and (p, o) not in stated and p not in _NOT_NODE_VALUES
        ],
    }
    meta.update({key: value for key, value in parts.items() if value})
    deprecated = _first(g, entity, OWL.deprecated)
    if deprecated is not None and str(deprecated).lower() == "true":
        meta["deprecated"] = True
    return meta


def _obographs_edges(
    g: rdflib.Graph, entity: URIRef, stated: dict[tuple[Any, Any], list[AssociationNode]],
    cid: Callable[[Any], str],
) -> list[dict[str, Any]]:
    """A class's is_a and existential edges, then one edge per association (provenance in meta).
    Takes the is_a statements it writes out of ``stated``."""
    edges: list[dict[str, Any]] = []
    for parent in sorted(g.objects(entity, RDFS.subClassOf), key=str):
        if isinstance(parent, URIRef):
            for stating in _or_none(stated.pop((RDFS.subClassOf, parent), None)):
                edges.append(_edge(cid(entity), "is_a", cid(parent), stating, cid))
            continue
        prop, filler = g.value(parent, OWL.onProperty), g.value(parent, OWL.someValuesFrom)
        if isinstance(prop, URIRef) and isinstance(filler, URIRef):
            edges.append({"sub": cid(entity), "pred": cid(prop), "obj": cid(filler)})
    for assoc in sorted((a for group in stated.values() for a in group), key=lambda a: str(a.iri)):
        # a subclass statement the ontology does not assert is never an "is_a" edge
        pred = STATED_SUBCLASS if assoc.predicate == RDFS.subClassOf else cid(assoc.predicate)
        edges.append(_edge(cid(entity), pred, cid(assoc.object), assoc, cid))
    return edges


def _obographs_definition(g: rdflib.Graph, entity: URIRef, cid: Callable[[Any], str]) -> list[dict[str, Any]]:
    """The logical definition axiom of a class defined by an intersection (none or one)."""
    pairs = _intersection(g, entity)
    if not pairs:
        return []
    return [
        {
            "definedClassId": cid(entity),
            "genusIds": [cid(f) for r, f in pairs if r is None],
            "restrictions": [{"propertyId": cid(r), "fillerId": cid(f)} for r, f in pairs if r is not None],
        }
    ]


def _edge(sub: str, pred: str, obj: str, assoc: AssociationNode | None, cid: Any) -> dict[str, Any]:
    """An OBO Graphs edge; an association's provenance goes into its ``meta.basicPropertyValues``."""
    edge: dict[str, Any] = {"sub": sub, "pred": pred, "obj": obj}
    if assoc is not None:
        values = [{"pred": "rdfs:seeAlso", "val": cid(assoc.iri)}]
        for key, value in assoc.values:
            prop = ASSOCIATION_KEYS.get(key) or _expand_key(key)
            values.append({"pred": cid(prop), "val": qualifier_text(key, value)})
        edge["meta"] = {"basicPropertyValues": values}
    return edge


# --- SSSOM --------------------------------------------------------------------------------------


def to_sssom(g: rdflib.Graph) -> str:
    """SSSOM TSV of the skos mapping triples of ``g``, with the bundled set's metadata and curation.

    Rows of the bundled mapping set keep their justification, author, date and comment; a skos
    mapping triple that the set does not list (from another loaded source) is written with
    ``semapv:UnspecifiedMatching``.
    """
    import yaml

    bundled = read_sssom()
    known = {(m.subject_id, m.predicate_id, m.object_id): m for m in bundled.mappings}
    curie_map = dict(bundled.metadata.get("curie_map") or {})
    rows = []
    for p_iri, p_curie in MAPPINGS.items():
        for s, o in g.subject_objects(URIRef(p_iri)):
            if not isinstance(s, URIRef) or not isinstance(o, URIRef):
                continue
            sc, oc = compress(str(s)), compress(str(o))
            for curie in (sc, oc):
                prefix = curie.split(":", 1)[0]
                if curie != str(s) and prefix in PREFIX_MAP:
                    curie_map.setdefault(prefix, PREFIX_MAP[prefix])
            m = known.get((sc, p_curie, oc))
            rows.append(
                {
                    "subject_id": sc,
                    "subject_label": str(_first(g, s, RDFS.label) or (m.subject_label if m else "")),
                    "predicate_id": p_curie,
                    "object_id": oc,
                    "object_label": m.object_label if m else str(_first(g, o, RDFS.label) or ""),
                    "mapping_justification": m.mapping_justification if m else "semapv:UnspecifiedMatching",
                    "author_label": m.author_label if m else "",
                    "mapping_date": m.mapping_date if m else "",
                    "comment": m.comment if m else "",
                }
            )
    rows.sort(key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    metadata = {k: v for k, v in bundled.metadata.items() if k != "curie_map"}
    metadata["curie_map"] = dict(sorted(curie_map.items()))
    header = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=10_000)
    buffer = io.StringIO()
    buffer.write("".join(f"#{line}\n" for line in header.splitlines()))
    columns = list(rows[0]) if rows else ["subject_id", "predicate_id", "object_id", "mapping_justification"]
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# --- KGX ----------------------------------------------------------------------------------------

# Biolink predicates for the relations XSCO uses; anything else becomes biolink:related_to with
# its own CURIE kept in original_predicate.
BIOLINK_PREDICATES = {
    str(RDFS.subClassOf): "biolink:subclass_of",
    OBO + "RO_0002610": "biolink:correlated_with",
    OBO + "RO_0002200": "biolink:has_phenotype",
    OBO + "RO_0004026": "biolink:disease_has_location",
    OBO + "RO_0004020": "biolink:condition_associated_with_gene",
    SKOS + "exactMatch": "biolink:exact_match",
    SKOS + "closeMatch": "biolink:close_match",
    SKOS + "broadMatch": "biolink:broad_match",
    SKOS + "narrowMatch": "biolink:narrow_match",
}
NODE_COLUMNS = ["id", "category", "name", "description", "synonym", "xref", "iri", "provided_by"]
EDGE_COLUMNS = [
    "id", "subject", "predicate", "object", "original_predicate", "negated", "qualifier", "open_list",
    "publications", "supporting_text", "knowledge_level", "agent_type", "primary_knowledge_source",
]


def _category(g: rdflib.Graph, node: URIRef, curie: str) -> str:
    prefix = curie.split(":", 1)[0]
    if prefix == "UBERON":
        return "biolink:AnatomicalEntity"
    if prefix == "CHEBI":
        return "biolink:ChemicalEntity"
    if prefix == "HP":
        return "biolink:PhenotypicFeature"
    if prefix in ("HGNC", "SO"):
        return "biolink:Gene"
    if prefix in ("OMIM", "ORPHA", "DECIPHER", "MONDO", "DOID"):
        return "biolink:Disease"
    if prefix == "XSCO" and (node, RDF.type, OWL.Class) in g:
        return "biolink:DiseaseOrPhenotypicFeature"
    return "biolink:NamedThing"


def to_kgx(g: rdflib.Graph) -> tuple[str, str]:
    """KGX TSV (nodes, edges): every labelled class, subclass edges, associations and mappings.

    Written here, not by the ``kgx`` library, for a measured reason (2026-12-04, this
    machine): ``pip install kgx`` into a fresh virtual environment was still resolving its
    dependencies when stopped after 15 min 0 s (nothing installed); the previous attempt took over
    5 min. A dependency that cannot be installed in reasonable time would make kgtools itself
    uninstallable, so the writer stays the package's own (two TSV files, the KGX columns).
    """
    nodes: dict[str, dict[str, str]] = {}

    def node(iri: URIRef) -> str:
        curie = compress(str(iri))
        if curie not in nodes:
            nodes[curie] = {
                "id": curie,
                "category": _category(g, iri, curie),
                "name": str(_first(g, iri, RDFS.label) or ""),
                "description": str(_first(g, iri, DEFINITION) or ""),
                "synonym": "|".join(sorted(str(s) for p in SYNONYMS for s in g.objects(iri, p))),
                "xref": "|".join(sorted(str(x) for x in g.objects(iri, XREF))),
                "iri": str(iri),
                "provided_by": "infores:xsco" if str(iri).startswith(XSCO_NS) else "",
            }
        return curie

    for cls in sorted({c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}, key=str):
        if (cls, RDFS.label, None) in g:
            node(cls)
    edges: list[dict[str, str]] = []
    counter: dict[str, int] = defaultdict(int)

    def edge(s: URIRef, p: str, o: URIRef, **extra: str) -> None:
        sc, oc = node(s), node(o)
        key = f"{sc}-{compress(p)}-{oc}"
        counter[key] += 1
        row = {c: "" for c in EDGE_COLUMNS}
        row.update(
            id=f"urn:xsco:edge:{key}:{counter[key]}",
            subject=sc,
            predicate=BIOLINK_PREDICATES.get(p, "biolink:related_to"),
            object=oc,
            original_predicate=compress(p),
            knowledge_level="knowledge_assertion",
            agent_type="manual_agent",
            primary_knowledge_source="infores:xsco",
            negated="False",
        )
        row.update(extra)
        edges.append(row)

    for curie in list(nodes):
        iri = URIRef(nodes[curie]["iri"])
        for parent in sorted(g.objects(iri, RDFS.subClassOf), key=str):
            if isinstance(parent, URIRef):
                edge(iri, str(RDFS.subClassOf), parent)
        for p_iri in MAPPINGS:
            for target in sorted(g.objects(iri, URIRef(p_iri)), key=str):
                if isinstance(target, URIRef):
                    edge(iri, p_iri, target)
    for assoc in sorted(g.subjects(RDF.type, URIRef(OBAN + "association")), key=str):
        s = g.value(assoc, URIRef(OBAN + "association_has_subject"))
        p = g.value(assoc, URIRef(OBAN + "association_has_predicate"))
        o = g.value(assoc, URIRef(OBAN + "association_has_object"))
        if not (isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef)):
            continue

        def flag(prop: str, a: Any = assoc) -> str:
            v = g.value(a, URIRef(XSCO_NS + prop))
            return "True" if v is not None and str(v).lower() in ("true", "1") else "False"

        edge(
            s, str(p), o,
            negated=flag("0000204"),
            open_list=flag("0000203"),
            qualifier=str(g.value(assoc, URIRef(XSCO_NS + "0000201")) or ""),
            publications="|".join(sorted(compress(str(x)) for x in g.objects(assoc, URIRef(DCTERMS + "source")))),
            supporting_text=str(g.value(assoc, URIRef(XSCO_NS + "0000202")) or ""),
            id=str(assoc),
        )
    return _tsv(NODE_COLUMNS, sorted(nodes.values(), key=lambda r: r["id"])), _tsv(EDGE_COLUMNS, edges)


def _tsv(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter="\t", lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: " ".join(str(v).split()) for k, v in row.items()})
    return buffer.getvalue()
