"""Curation templates: the knowledge beyond the seed, kept as TSV rows and turned into Turtle.

Like ROBOT templates in the ODK, curators write one row per term and one row per sourced
statement in ``ontology/templates/<topic>.<kind>.tsv``; :func:`component_turtle` turns the rows of
one topic into the generated component ``ontology/components/<topic>.ttl`` (classes,
classification schemes, OBAN association nodes with their shortcut triples, source titles).
:mod:`kgtools.sync` writes the components and fills the label columns; this module only reads,
checks and renders.

File kinds (the format is documented in ``ontology/templates/README.md``):

* ``*.terms.tsv``: classes (XSCO classes and external classes reused by IRI, MIREOT style);
* ``*.statements.tsv``: associations, one per statement of a source, with optional numbers;
* ``*schemes.tsv``: classification schemes, each scoped to its source;
* ``*sources.tsv``: the title of every source cited here and not already titled in the edit file.

Every CURIE column (``parent``, ``subject``, ``predicate``, ``object``, ``scheme``, ``root``) has a
``<column>_label`` column beside it, recorded here as a :class:`LabelCell` for sync to fill or check.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError
from .prefixes import expand
from .vocab import XSCO
from .resources import templates_dir as located_templates_dir

__all__ = [
    "GENERATED_MARK",
    "LABEL_COLUMNS",
    "NUMBER_FIELDS",
    "PREFIXES",
    "SHORTCUT_PREDICATES",
    "Knowledge",
    "LabelCell",
    "Scheme",
    "StatementRow",
    "TermRow",
    "component_turtle",
    "knowledge_dir",
    "read_knowledge",
    "read_templates",
    "templates_dir",
    "topic_of",
]

#: The first words of every generated component; sync only ever deletes files that start with them.
GENERATED_MARK = "# GENERATED FILE, do not edit:"

#: The prefixes every component declares (the ones of the edit file that generated Turtle uses).
PREFIXES = (
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("oboInOwl", "http://www.geneontology.org/formats/oboInOwl#"),
    ("obo", "http://purl.obolibrary.org/obo/"),
    ("oban", "http://purl.org/oban/"),
    ("XSCO", XSCO),
    ("xscoa", "https://w3id.org/xsco/association/"),
)

#: Predicates a statement may use, with the shortcut triple each one gets (None: the axiom itself).
SHORTCUT_PREDICATES: dict[str, str] = {
    "rdfs:subClassOf": "rdfs:subClassOf",  # the shortcut is the subclass axiom itself
    "RO:0002610": "obo:RO_0002610",  # correlated with
    "RO:0004026": "obo:RO_0004026",  # disease has location
    "RO:0004020": "obo:RO_0004020",  # disease has basis in dysfunction of (gene)
    "XSCO:0000205": "XSCO:0000205",  # has mechanism
    "XSCO:0000206": "XSCO:0000206",  # detected by
    "XSCO:0000207": "XSCO:0000207",  # stated as synonym of
    "XSCO:0000208": "XSCO:0000208",  # has mineral
    "XSCO:0000210": "XSCO:0000210",  # classified under (within a scheme)
    "XSCO:0000218": "XSCO:0000218",  # has imaging sign
    "XSCO:0000219": "XSCO:0000219",  # has mode of inheritance
    "XSCO:0000220": "XSCO:0000220",  # has measure
    "XSCO:0000227": "XSCO:0000227",  # has imaging mimic
}

#: Number columns of a statement row and the annotation property each becomes.
NUMBER_FIELDS: dict[str, str] = {
    "measure": "XSCO:0000212",
    "comparator": "XSCO:0000213",
    "value": "XSCO:0000214",
    "value_max": "XSCO:0000215",
    "unit": "XSCO:0000216",
    "population": "XSCO:0000217",
}
MEASURES = (
    "prevalence", "proportion", "frequency", "threshold", "treatment target", "time after onset",
    "size", "mortality", "age", "count",
)
COMPARATORS = (">", "<", ">=", "<=", "=", "about", "up to")

TERM_COLUMNS = ("id", "label", "parent", "parent_label", "definition", "exact_synonyms", "related_synonyms",
                "source", "editor_note", "fact")
STATEMENT_COLUMNS = ("id", "subject", "subject_label", "predicate", "predicate_label", "object", "object_label",
                     "qualifier", "open_list", "negated", "scheme", "scheme_label", "measure", "comparator",
                     "value", "value_max", "unit", "population", "source", "text", "fact")
SCHEME_COLUMNS = ("id", "label", "definition", "root", "root_label", "source", "fact")

#: For each template kind, the CURIE columns that have a ``<column>_label`` column beside them.
LABEL_COLUMNS: dict[str, tuple[str, ...]] = {
    "terms": ("parent",),
    "statements": ("subject", "predicate", "object", "scheme"),
    "schemes": ("root",),
}
SOURCE_COLUMNS = ("iri", "title")
#: Optional bibliographic columns of a sources table, and the property each becomes (see the README).
SOURCE_DETAILS = {
    "authors": "dcterms:creator",
    "year": "dcterms:date",
    "published_in": "dcterms:bibliographicCitation",
    "doi": "dcterms:identifier",
    "pmid": "dcterms:identifier",
    "no_identifier_reason": "obo:IAO_0000116",
}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")

DEFINED_BY = {
    "UBERON": "obo:uberon.owl", "CHEBI": "obo:chebi.owl", "GO": "obo:go.owl", "HP": "obo:hp.owl",
    "SO": "obo:so.owl", "HGNC": "<https://www.genenames.org/>", "PATO": "obo:pato.owl",
}
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*:[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class TermRow:
    """One class of a terms template."""

    id: str
    label: str
    parents: tuple[str, ...]
    definition: str
    exact_synonyms: tuple[str, ...]
    related_synonyms: tuple[str, ...]
    sources: tuple[str, ...]
    editor_note: str
    facts: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class StatementRow:
    """One sourced statement of a statements template (an OBAN association)."""

    id: str
    subject: str
    predicate: str
    object: str
    qualifier: str
    open_list: bool
    negated: bool
    scheme: str
    numbers: dict[str, str]
    source: str
    text: str
    facts: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class Scheme:
    """A classification scheme of one source: an individual of XSCO:0000230."""

    id: str
    label: str
    definition: str
    root: str
    source: str
    facts: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class LabelCell:
    """A ``<column>_label`` cell: the labels of the CURIEs in ``column``, ``|``-separated like them."""

    path: Path
    line: int
    column: str
    curies: tuple[str, ...]
    text: str

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


@dataclass
class Knowledge:
    """Everything read from the template folder."""

    terms: list[TermRow] = field(default_factory=list)
    statements: list[StatementRow] = field(default_factory=list)
    schemes: list[Scheme] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    #: where each source title was read (``file:line``), in the order of ``sources``
    source_where: dict[str, str] = field(default_factory=dict)
    #: the optional bibliographic cells of each source row (authors, year, DOI, PMID, ...)
    source_details: dict[str, dict[str, str]] = field(default_factory=dict)
    label_cells: list[LabelCell] = field(default_factory=list)

    def topics(self) -> list[str]:
        """Every topic with at least one row, sorted."""
        wheres = [t.where for t in self.terms] + [s.where for s in self.statements]
        wheres += [s.where for s in self.schemes] + list(self.source_where.values())
        return sorted({topic_of(w) for w in wheres})


def topic_of(where: str) -> str:
    """The topic of a ``file:line`` (``ossification.terms.tsv:3`` -> ``ossification``)."""
    return where.split(":", 1)[0].split(".", 1)[0]


def templates_dir() -> Path:
    """The template folder (``ontology/templates``)."""
    return located_templates_dir()


knowledge_dir = templates_dir  # the name before the templates moved to ontology/templates


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a template with their line numbers (blank lines are skipped, not counted out)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in columns if c not in header]
        if missing:
            raise InputError(f"{path.name}: missing column(s) {', '.join(missing)}")
        out = []
        for row in reader:
            if None in row:
                raise InputError(f"{path.name}:{reader.line_num}: more cells than columns")
            out.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
        return out


def _label_cells(kn: Knowledge, path: Path, line: int, kind: str, r: dict[str, str]) -> None:
    for column in LABEL_COLUMNS[kind]:
        kn.label_cells.append(LabelCell(path, line, column, _split(r[column]), r[f"{column}_label"]))


def _bool(cell: str, where: str, column: str) -> bool:
    if cell.lower() in ("true", "false"):
        return cell.lower() == "true"
    if cell == "":
        return False
    raise InputError(f"{where}: {column} must be true or false, not {cell!r}")


def _check_curie(curie: str, where: str, column: str) -> str:
    if not _CURIE.match(curie) or expand(curie) is None:
        raise InputError(f"{where}: {column} {curie!r} is not a CURIE with a known prefix")
    return curie


PART_OF = "part_of "


def _check_parent(parent: str, where: str) -> str:
    """A superclass CURIE, or ``part_of CURIE`` for a part-of restriction (BFO:0000050 some CURIE)."""
    if parent.startswith(PART_OF):
        return PART_OF + _check_curie(parent[len(PART_OF):].strip(), where, "parent")
    return _check_curie(parent, where, "parent")


def read_templates(folder: str | os.PathLike[str] | None = None) -> Knowledge:
    """Read and check every template in ``folder`` (default: ``ontology/templates``).

    Raises :class:`~kgtools.errors.InputError` naming the file and line of the first bad cell.
    """
    root = Path(folder) if folder is not None else templates_dir()
    if not root.is_dir():
        raise InputError(f"template folder not found: {root}")
    kn = Knowledge()
    for path in sorted(root.glob("*.terms.tsv")):
        for line, r in _rows(path, TERM_COLUMNS):
            where = f"{path.name}:{line}"
            _label_cells(kn, path, line, "terms", r)
            if not r["id"] or not r["label"]:
                raise InputError(f"{where}: a term needs an id and a label")
            kn.terms.append(TermRow(
                id=_check_curie(r["id"], where, "id"), label=r["label"],
                parents=tuple(_check_parent(p, where) for p in _split(r["parent"])),
                definition=r["definition"], exact_synonyms=_split(r["exact_synonyms"]),
                related_synonyms=_split(r["related_synonyms"]), sources=_split(r["source"]),
                editor_note=r["editor_note"], facts=_split(r["fact"]), where=where,
            ))
    for path in sorted(root.glob("*.statements.tsv")):
        for line, r in _rows(path, STATEMENT_COLUMNS):
            kn.statements.append(_statement(f"{path.name}:{line}", r))
            _label_cells(kn, path, line, "statements", r)
    for schemes in sorted(root.glob("*schemes.tsv")):
        for line, r in _rows(schemes, SCHEME_COLUMNS):
            where = f"{schemes.name}:{line}"
            _label_cells(kn, schemes, line, "schemes", r)
            kn.schemes.append(Scheme(
                id=_check_curie(r["id"], where, "id"), label=r["label"], definition=r["definition"],
                root=_check_curie(r["root"], where, "root"), source=r["source"],
                facts=_split(r["fact"]), where=where,
            ))
    for sources in sorted(root.glob("*sources.tsv")):
        for line, r in _rows(sources, SOURCE_COLUMNS):
            where = f"{sources.name}:{line}"
            if r["iri"] in kn.sources:
                raise InputError(f"{where}: source {r['iri']} is listed twice")
            kn.sources[r["iri"]] = r["title"]
            kn.source_where[r["iri"]] = where
            kn.source_details[r["iri"]] = _source_details(where, r)
    _check_ids(kn)
    return kn


read_knowledge = read_templates  # the name before the templates moved to ontology/templates


def _statement(where: str, r: dict[str, str]) -> StatementRow:
    if not re.fullmatch(r"xscoa:A\d{4}", r["id"]):
        raise InputError(f"{where}: statement id {r['id']!r} is not xscoa:A + 4 digits")
    if r["predicate"] not in SHORTCUT_PREDICATES:
        raise InputError(f"{where}: predicate {r['predicate']!r} is not one of {', '.join(SHORTCUT_PREDICATES)}")
    if not r["source"].startswith(("http://", "https://")):
        raise InputError(f"{where}: source must be the address of a publication or page")
    if not r["text"]:
        raise InputError(f"{where}: supporting text is empty")
    numbers = {k: r[k] for k in NUMBER_FIELDS if r[k]}
    for k in ("value", "value_max"):
        if k in numbers:
            try:
                Decimal(numbers[k])
            except InvalidOperation:
                raise InputError(f"{where}: {k} {numbers[k]!r} is not a number") from None
    if numbers and "value" not in numbers:
        raise InputError(f"{where}: number columns given without a value")
    if "value" in numbers and "measure" not in numbers:
        raise InputError(f"{where}: a value needs a measure ({', '.join(MEASURES)})")
    if numbers.get("measure", "prevalence") not in MEASURES:
        raise InputError(f"{where}: measure {numbers['measure']!r} is not one of {', '.join(MEASURES)}")
    if numbers.get("comparator", "=") not in COMPARATORS:
        raise InputError(f"{where}: comparator {numbers['comparator']!r} is not one of {', '.join(COMPARATORS)}")
    return StatementRow(
        id=r["id"], subject=_check_curie(r["subject"], where, "subject"), predicate=r["predicate"],
        object=_check_curie(r["object"], where, "object"), qualifier=r["qualifier"],
        open_list=_bool(r["open_list"], where, "open_list"), negated=_bool(r["negated"], where, "negated"),
        scheme=_check_curie(r["scheme"], where, "scheme") if r["scheme"] else "",
        numbers=numbers, source=r["source"], text=r["text"], facts=_split(r["fact"]), where=where,
    )


def _check_ids(kn: Knowledge) -> None:
    for kind, ids in (("term", [t.id for t in kn.terms]), ("statement", [s.id for s in kn.statements]),
                      ("scheme", [s.id for s in kn.schemes])):
        twice = [i for i, n in Counter(ids).items() if n > 1]
        if twice:
            raise InputError(f"{kind} id(s) defined twice in the templates: {', '.join(sorted(twice))}")
    schemes = {s.id for s in kn.schemes}
    for s in kn.statements:
        if s.scheme and s.scheme not in schemes:
            raise InputError(f"{s.where}: scheme {s.scheme} is not in any schemes template")
        if s.predicate == "XSCO:0000210" and not s.scheme:
            raise InputError(f"{s.where}: a 'classified under' statement needs its scheme")


# --- Turtle ----------------------------------------------------------------------------------


def _node(curie: str) -> str:
    """A CURIE as Turtle: XSCO:/xscoa: kept, OBO IDs as obo:X_Y, anything else as a full IRI."""
    prefix = curie.split(":", 1)[0]
    if prefix in ("XSCO", "xscoa", "rdfs", "owl", "oboInOwl", "dcterms"):
        return curie
    iri = expand(curie) or curie
    if iri.startswith("http://purl.obolibrary.org/obo/"):
        return "obo:" + iri.rsplit("/", 1)[1]
    return f"<{iri}>"


def _decimal(value: str) -> str:
    """The canonical lexical form of an xsd:decimal (XSD 1.1: 95.0 -> 95, 1.50 -> 1.5), the form
    Oxigraph stores, so that every engine returns the same literal."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _source_details(where: str, r: dict[str, str]) -> dict[str, str]:
    """The bibliographic cells of a source row, checked: a DOI looks like one, a PMID is a number,
    and a source with neither says why (``no_identifier_reason``)."""
    details = {k: r[k] for k in SOURCE_DETAILS if r.get(k)}
    if "doi" in details and not _DOI.match(details["doi"]):
        raise InputError(f"{where}: doi {details['doi']!r} is not a DOI (10.xxxx/...)")
    if "pmid" in details and not details["pmid"].isdigit():
        raise InputError(f"{where}: pmid {details['pmid']!r} is not a PubMed number")
    return details


def _source_turtle(iri: str, title: str, details: dict[str, str]) -> str:
    """A source's title and, where the row gives them, its authors, year, citation and identifiers."""
    parts = [f"dcterms:title {_lit(title, None)}"]
    if details.get("authors"):
        parts.append(f"dcterms:creator {_lit(details['authors'], None)}")
    if details.get("year") and details["year"] != "n.d.":
        parts.append(f"dcterms:date {_lit(details['year'], None)}")
    if details.get("published_in"):
        parts.append(f"dcterms:bibliographicCitation {_lit(details['published_in'], None)}")
    if details.get("doi"):
        parts.append(f"dcterms:identifier {_lit('doi:' + details['doi'], None)}")
    if details.get("pmid"):
        parts.append(f"dcterms:identifier {_lit('pmid:' + details['pmid'], None)}")
    if details.get("no_identifier_reason"):
        parts.append(f"obo:IAO_0000116 {_lit('No DOI or PMID: ' + details['no_identifier_reason'])}")
    return f"<{iri}> " + " ;\n    ".join(parts) + " ."


def _lit(text: str, lang: str | None = "en") -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"' + (f"@{lang}" if lang else "")


def _term_turtle(t: TermRow) -> list[str]:
    prefix = t.id.split(":", 1)[0]
    lines = [f"{_node(t.id)} a owl:Class"]
    for p in t.parents:
        if p.startswith(PART_OF):
            whole = _node(p[len(PART_OF):])
            restriction = f"a owl:Restriction ; owl:onProperty obo:BFO_0000050 ; owl:someValuesFrom {whole}"
            lines.append(f"rdfs:subClassOf [ {restriction} ]")
        else:
            lines.append(f"rdfs:subClassOf {_node(p)}")
    lines.append(f"rdfs:label {_lit(t.label)}")
    if t.definition:
        lines.append(f"obo:IAO_0000115 {_lit(t.definition)}")
    if t.exact_synonyms:
        lines.append("oboInOwl:hasExactSynonym " + ", ".join(_lit(s) for s in t.exact_synonyms))
    if t.related_synonyms:
        lines.append("oboInOwl:hasRelatedSynonym " + ", ".join(_lit(s) for s in t.related_synonyms))
    if t.editor_note:
        lines.append(f"obo:IAO_0000116 {_lit(t.editor_note)}")
    if prefix == "XSCO":
        if t.sources:
            lines.append("dcterms:source " + ", ".join(f"<{s}>" if "://" in s else s for s in t.sources))
    elif prefix in DEFINED_BY:
        lines.append(f"rdfs:isDefinedBy {DEFINED_BY[prefix]}")
    return [lines[0] + " ;"] + [f"    {x} ;" for x in lines[1:-1]] + [f"    {lines[-1]} ."]


def _statement_turtle(s: StatementRow) -> list[str]:
    fields = [
        (f"oban:association_has_subject {_node(s.subject)} ; oban:association_has_predicate "
         f"{_node(s.predicate)} ; oban:association_has_object {_node(s.object)}"),
    ]
    flags = [f"XSCO:0000201 {_lit(s.qualifier, None)}"] if s.qualifier else []
    flags.append(f"XSCO:0000203 {'true' if s.open_list else 'false'}")
    if s.negated:
        flags.append("XSCO:0000204 true")
    fields.append(" ; ".join(flags))
    if s.scheme:
        fields.append(f"XSCO:0000211 {_node(s.scheme)}")
    for name, prop in NUMBER_FIELDS.items():
        if name in s.numbers:
            value = s.numbers[name]
            literal = f'"{_decimal(value)}"^^xsd:decimal' if name in ("value", "value_max") else _lit(value, None)
            fields.append(f"{prop} {literal}")
    fields.append(f"dcterms:source <{s.source}> ; obo:RO_0002558 obo:ECO_0000033")
    fields.append(f"XSCO:0000202 {_lit(s.text, None)}")
    lines = [f"{s.id} a owl:NamedIndividual, oban:association ;"]
    lines += [f"    {f} ;" for f in fields[:-1]] + [f"    {fields[-1]} ."]
    if not s.negated:
        lines.append(f"{_node(s.subject)} {SHORTCUT_PREDICATES[s.predicate]} {_node(s.object)} .")
    return lines


def prefix_lines() -> list[str]:
    """The ``@prefix`` lines every generated component starts with."""
    return [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES]


def generated_header(source: str, what: str) -> list[str]:
    """The header comment of a generated component: what it comes from and how to rebuild it."""
    return [
        f"{GENERATED_MARK} `kgtools sync` writes it from {source}.",
        f"# To change it, edit {source} and run `kgtools sync` (`kgtools sync --check` fails when it is stale).",
        f"# {what}",
        "",
    ]


def component_turtle(kn: Knowledge, topic: str) -> str:
    """The Turtle text of ``components/<topic>.ttl``: the rows of one topic's templates (stable order)."""
    out = generated_header(
        f"ontology/templates/{topic}.*.tsv",
        "Each statement is an OBAN association node with its source, the source's own qualifier, the\n"
        "# supporting text and any numbers the source gives, beside its shortcut triple.",
    )
    out += prefix_lines()
    sources = sorted((iri, title) for iri, title in kn.sources.items() if topic_of(kn.source_where[iri]) == topic)
    if sources:
        out += ["", "# --- Sources ---"]
        out += [_source_turtle(iri, title, kn.source_details.get(iri, {})) for iri, title in sources]
    schemes = sorted((s for s in kn.schemes if topic_of(s.where) == topic), key=lambda s: s.id)
    if schemes:
        out += ["", "# --- Classification schemes (each scoped to its source) ---"]
    for sc in schemes:
        out += [
            f"{_node(sc.id)} a owl:NamedIndividual, XSCO:0000230 ;",
            f"    rdfs:label {_lit(sc.label)} ;",
            f"    obo:IAO_0000115 {_lit(sc.definition)} ;",
            f"    XSCO:0000221 {_node(sc.root)} ;",
            f"    dcterms:source <{sc.source}> .",
        ]
    terms = [t for t in kn.terms if topic_of(t.where) == topic]
    if terms:
        out += ["", "# --- Terms ---"]
    for t in terms:
        out += _term_turtle(t)
    statements = [s for s in kn.statements if topic_of(s.where) == topic]
    if statements:
        out += ["", "# --- Statements ---"]
    for s in statements:
        out += _statement_turtle(s)
    return "\n".join(out) + "\n"
