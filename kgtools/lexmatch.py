"""Lexical matching: propose candidate mappings from XSCO to another ontology by label and synonym.

The method is the one OAK's ``lexmatch`` uses: every label and synonym of both sides is
normalised (:func:`normalize`), and two terms match when they share a normalised string. The
kind of the two names fixes the predicate and the confidence (:data:`RULES`): label = label or
label = exact synonym is an ``skos:exactMatch``; a related synonym gives ``skos:closeMatch``; a
broad or narrow synonym gives the corresponding SKOS predicate. A match found only after the words
are sorted ("Spondylitis, Ankylosing" = "ankylosing spondylitis") loses :data:`WORD_ORDER_PENALTY`.

Each candidate records the matched string and fields, the mapping justification
``semapv:LexicalMatching`` and a confidence, so a curator reviews rows instead of searching by
hand. Candidates whose pair is already in the curated mapping set are flagged ``curated``; those
whose target is obsolete are flagged ``obsolete`` (with the replacement, when the file gives one).

Target files are read as OBO (fastobo), OBO Graphs JSON, or RDF/OWL (pyoxigraph), by suffix. Only
the target's own terms (IDs with the target's prefix) are matched, not the classes it imports.
SSSOM output goes through sssom-py (the optional ``lexmatch`` extra).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, KgError, ParseError, SourceNotFoundError, ToolNotFoundError
from .prefixes import OBO
from .fileio import write_atomic
from .link import read_sssom
from .prefixes import PREFIX_MAP
from .prefixes import XSCO

if TYPE_CHECKING:
    from .protocols import KnowledgeBase as KnowledgeGraph
    from .link import MappingSet

__all__ = [
    "MAX_FILE_BYTES",
    "RULES",
    "TARGETS",
    "Candidate",
    "Evaluation",
    "LexTerm",
    "LexmatchResult",
    "evaluate",
    "lexmatch",
    "match_terms",
    "normalize",
    "read_candidates",
    "read_terms",
    "write_sssom",
    "xsco_terms",
]

#: The ontologies ``--target`` accepts: option value -> CURIE prefix of the target's own terms.
TARGETS: dict[str, str] = {
    "hp": "HP",
    "mondo": "MONDO",
    "uberon": "UBERON",
    "doid": "DOID",
    "chebi": "CHEBI",
    "go": "GO",
}
#: Largest target file read (bytes); hp.owl is about 80 MB, chebi.owl about 800 MB.
MAX_FILE_BYTES = 1_500_000_000

OIO = "http://www.geneontology.org/formats/oboInOwl#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL_DEPRECATED = "http://www.w3.org/2002/07/owl#deprecated"
REPLACED_BY = OBO + "IAO_0100001"
SCOPE_OF = {
    OIO + "hasExactSynonym": "exact",
    OIO + "hasRelatedSynonym": "related",
    OIO + "hasBroadSynonym": "broad",
    OIO + "hasNarrowSynonym": "narrow",
}
MATCH_FIELD = {
    "label": "rdfs:label",
    "exact": "oboInOwl:hasExactSynonym",
    "related": "oboInOwl:hasRelatedSynonym",
    "broad": "oboInOwl:hasBroadSynonym",
    "narrow": "oboInOwl:hasNarrowSynonym",
}

#: (subject field, object field) -> (predicate, confidence). Fields: label, exact, related, broad, narrow.
#: A subject's broad synonym naming the object makes the subject narrower than the object.
RULES: dict[tuple[str, str], tuple[str, float]] = {
    ("label", "label"): ("skos:exactMatch", 0.95),
    ("label", "exact"): ("skos:exactMatch", 0.9),
    ("exact", "label"): ("skos:exactMatch", 0.9),
    ("exact", "exact"): ("skos:exactMatch", 0.85),
    ("label", "related"): ("skos:closeMatch", 0.7),
    ("related", "label"): ("skos:closeMatch", 0.7),
    ("exact", "related"): ("skos:closeMatch", 0.65),
    ("related", "exact"): ("skos:closeMatch", 0.65),
    ("related", "related"): ("skos:closeMatch", 0.6),
    ("label", "broad"): ("skos:narrowMatch", 0.6),
    ("exact", "broad"): ("skos:narrowMatch", 0.55),
    ("label", "narrow"): ("skos:broadMatch", 0.6),
    ("exact", "narrow"): ("skos:broadMatch", 0.55),
    ("broad", "label"): ("skos:broadMatch", 0.6),
    ("broad", "exact"): ("skos:broadMatch", 0.55),
    ("narrow", "label"): ("skos:narrowMatch", 0.6),
    ("narrow", "exact"): ("skos:narrowMatch", 0.55),
}
WORD_ORDER_PENALTY = 0.1
_PREDICATE_RANK = {"skos:exactMatch": 0, "skos:closeMatch": 1, "skos:narrowMatch": 2, "skos:broadMatch": 2}

# British -> American spellings (and ligatures) the target ontologies use; matched as whole words
# or word parts. Measured on XSCO: "tumour", "haemorrhage", "hypercalcaemia", "oedema" would
# otherwise miss their HP/MONDO counterparts.
_SPELLING = (
    ("aemia", "emia"), ("haem", "hem"), ("oedem", "edem"), ("tumour", "tumor"), ("oesophag", "esophag"),
    ("paediatric", "pediatric"), ("leukaem", "leukem"), ("anaem", "anem"), ("ischaem", "ischem"),
    ("orthopaed", "orthoped"), ("foetal", "fetal"), ("oestr", "estr"), ("faec", "fec"),
)


def normalize(text: str) -> str:
    """The form two names are compared in: case-folded, accents and punctuation removed, spaces
    collapsed, British spellings made American, possessive ``'s`` dropped.

    >>> normalize("Pellegrini–Stieda lesion")
    'pellegrini stieda lesion'
    >>> normalize("Hypercalcaemia")
    'hypercalcemia'
    >>> normalize("Albright's hereditary osteodystrophy")
    'albright hereditary osteodystrophy'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    for british, american in _SPELLING:
        text = text.replace(british, american)
    return " ".join(text.split())


def _word_sorted(norm: str) -> str:
    return " ".join(sorted(norm.split()))


# --- terms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LexTerm:
    """A term's names as lexical matching sees them."""

    curie: str
    label: str
    synonyms: tuple[tuple[str, str], ...] = ()  # (text, scope): scope is exact, related, broad or narrow
    deprecated: bool = False
    replaced_by: str = ""

    def names(self) -> Iterable[tuple[str, str]]:
        """(field, text) pairs: the label first, then the synonyms."""
        if self.label:
            yield "label", self.label
        for text, scope in self.synonyms:
            yield scope, text


def xsco_terms(kg: KnowledgeGraph) -> list[LexTerm]:
    """The XSCO classes of a loaded graph (not the external classes it reuses), deprecated ones left out."""

    out = []
    for term in kg.terms():
        if not term.iri.startswith(XSCO) or term.deprecated or not term.label:
            continue
        out.append(LexTerm(term.curie, term.label, tuple(term.synonym_scopes)))
    return out


def _curie(iri_or_id: str, prefix: str) -> str | None:
    """``HP:0000118`` for an OBO PURL or an OBO-style ID of the wanted prefix, else None."""
    if iri_or_id.startswith(OBO):
        local = iri_or_id[len(OBO):]
        p, _, n = local.partition("_")
        return f"{p}:{n}" if p == prefix and n else None
    p, sep, n = iri_or_id.partition(":")
    return f"{prefix}:{n}" if sep and p.upper() == prefix and n and "/" not in n else None


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise SourceNotFoundError(str(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: {size} bytes is larger than the {MAX_FILE_BYTES}-byte limit for a target ontology")


def _read_obo(path: Path, prefix: str) -> list[LexTerm]:
    import fastobo

    try:
        doc = fastobo.load(str(path))
    except (SyntaxError, ValueError, OSError) as error:
        raise ParseError(str(path), " ".join(str(error).split())) from None
    out = []
    for frame in doc:
        if not isinstance(frame, fastobo.term.TermFrame):
            continue
        curie = _curie(str(frame.id), prefix)
        if curie is None:
            continue
        label, synonyms, deprecated, replaced = "", [], False, ""
        for clause in frame:
            if isinstance(clause, fastobo.term.NameClause):
                label = str(clause.name)
            elif isinstance(clause, fastobo.term.SynonymClause):
                scope = str(clause.synonym.scope).lower()
                synonyms.append((str(clause.synonym.desc), scope if scope in MATCH_FIELD else "related"))
            elif isinstance(clause, fastobo.term.IsObsoleteClause):
                deprecated = bool(clause.obsolete)
            elif isinstance(clause, fastobo.term.ReplacedByClause):
                replaced = str(clause.term)
        out.append(LexTerm(curie, label, tuple(synonyms), deprecated, replaced))
    return out


def _read_obographs(path: Path, prefix: str) -> list[LexTerm]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        nodes = [n for g in data["graphs"] for n in g.get("nodes", [])]
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ParseError(str(path), f"not JSON: {error}") from None
    except (KeyError, TypeError):
        raise ParseError(str(path), "not an OBO Graphs JSON document (no graphs[].nodes)") from None
    out = []
    scopes = {"hasExactSynonym": "exact", "hasRelatedSynonym": "related", "hasBroadSynonym": "broad",
              "hasNarrowSynonym": "narrow"}
    for node in nodes:
        curie = _curie(str(node.get("id", "")), prefix)
        if curie is None or node.get("type", "CLASS") != "CLASS":
            continue
        meta = node.get("meta") or {}
        synonyms = tuple(
            (str(s.get("val", "")), scopes.get(str(s.get("pred")), "related")) for s in meta.get("synonyms") or []
        )
        replaced = ""
        for bpv in meta.get("basicPropertyValues") or []:
            if bpv.get("pred") == REPLACED_BY:
                replaced = _curie(str(bpv.get("val", "")), prefix) or str(bpv.get("val", ""))
        out.append(LexTerm(curie, str(node.get("lbl") or ""), synonyms, bool(meta.get("deprecated")), replaced))
    return out


def _read_rdf(path: Path, prefix: str) -> list[LexTerm]:
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix not in (".owl", ".rdf") else None
    fmt = fmt or pyoxigraph.RdfFormat.RDF_XML
    wanted = {RDFS_LABEL, OWL_DEPRECATED, REPLACED_BY, *SCOPE_OF}
    labels: dict[str, str] = {}
    synonyms: dict[str, list[tuple[str, str]]] = defaultdict(list)
    deprecated: set[str] = set()
    replaced: dict[str, str] = {}
    try:
        for quad in pyoxigraph.parse(path=str(path), format=fmt):
            p = quad.predicate.value
            if p not in wanted or not isinstance(quad.subject, pyoxigraph.NamedNode):
                continue
            curie = _curie(quad.subject.value, prefix)
            if curie is None:
                continue
            o = quad.object
            if p == RDFS_LABEL and isinstance(o, pyoxigraph.Literal):
                labels.setdefault(curie, o.value)
            elif p in SCOPE_OF and isinstance(o, pyoxigraph.Literal):
                synonyms[curie].append((o.value, SCOPE_OF[p]))
            elif p == OWL_DEPRECATED and isinstance(o, pyoxigraph.Literal) and o.value.lower() == "true":
                deprecated.add(curie)
            elif p == REPLACED_BY:
                replaced[curie] = (
                    _curie(o.value, prefix) or o.value if isinstance(o, pyoxigraph.NamedNode) else str(o.value)
                )
    except SyntaxError as error:
        raise ParseError(str(path), " ".join(str(error).split())) from None
    ids = set(labels) | set(synonyms)
    return [
        LexTerm(c, labels.get(c, ""), tuple(synonyms.get(c, ())), c in deprecated, replaced.get(c, ""))
        for c in sorted(ids)
    ]


def read_terms(path: str | os.PathLike[str], prefix: str) -> list[LexTerm]:
    """The terms with the CURIE prefix ``prefix`` of an ontology file: ``.obo`` (OBO 1.4),
    ``.json`` (OBO Graphs) or RDF (``.owl``/``.rdf`` as RDF/XML, ``.ttl``, ``.nt``, ...)."""
    p = Path(path)
    _check_file(p)
    suffix = p.suffix.lower()
    if suffix == ".obo":
        return _read_obo(p, prefix)
    if suffix == ".json":
        return _read_obographs(p, prefix)
    if suffix in (".owl", ".rdf", ".xml", ".ttl", ".nt", ".nq", ".trig", ".n3"):
        return _read_rdf(p, prefix)
    raise InputError(
        f"{p}: unknown ontology format {suffix or '(no suffix)'!r}; give an .obo, .json (OBO Graphs) or .owl file"
    )


# --- matching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One proposed mapping (one SSSOM row)."""

    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    confidence: float
    match_string: str
    subject_match_field: str
    object_match_field: str
    curated: str = ""  # the curated predicate when the pair is already in the mapping set
    obsolete: bool = False
    replaced_by: str = ""

    @property
    def comment(self) -> str:
        """The flags a curator needs, in words."""
        notes = []
        if self.curated:
            notes.append(f"already curated as {self.curated}")
        if self.obsolete:
            notes.append("target is obsolete" + (f", replaced by {self.replaced_by}" if self.replaced_by else ""))
        return "; ".join(notes)


@dataclass(frozen=True)
class LexmatchResult:
    """The candidates of one run, with what was compared."""

    target: str
    source_file: str
    subjects: int
    objects: int
    candidates: tuple[Candidate, ...] = field(default=())


def _index(
    terms: Iterable[LexTerm],
) -> tuple[dict[str, list[tuple[LexTerm, str, str]]], dict[str, list[tuple[LexTerm, str, str]]]]:
    exact: dict[str, list[tuple[LexTerm, str, str]]] = defaultdict(list)
    by_words: dict[str, list[tuple[LexTerm, str, str]]] = defaultdict(list)
    for term in terms:
        for kind, text in term.names():
            norm = normalize(text)
            if norm:
                exact[norm].append((term, kind, text))
                by_words[_word_sorted(norm)].append((term, kind, text))
    return exact, by_words


def match_terms(
    subjects: Sequence[LexTerm], objects: Sequence[LexTerm], curated: dict[tuple[str, str], str] | None = None
) -> list[Candidate]:
    """Every (subject, object) pair that shares a normalised name, best rule per pair."""
    exact, by_words = _index(objects)
    curated = curated or {}
    best: dict[tuple[str, str], Candidate] = {}
    for subject in subjects:
        for s_kind, s_text in subject.names():
            norm = normalize(s_text)
            if not norm:
                continue
            hits = [(h, 0.0) for h in exact.get(norm, [])]
            hits += [(h, WORD_ORDER_PENALTY) for h in by_words.get(_word_sorted(norm), []) if normalize(h[2]) != norm]
            for (obj, o_kind, o_text), penalty in hits:
                rule = RULES.get((s_kind, o_kind))
                if rule is None:
                    continue
                predicate, confidence = rule
                confidence = round(confidence - penalty, 2)
                key = (subject.curie, obj.curie)
                old = best.get(key)
                if old is not None and (old.confidence, -_PREDICATE_RANK[old.predicate_id]) >= (
                    confidence,
                    -_PREDICATE_RANK[predicate],
                ):
                    continue
                best[key] = Candidate(
                    subject.curie, subject.label, predicate, obj.curie, obj.label, confidence, normalize(o_text),
                    MATCH_FIELD[s_kind], MATCH_FIELD[o_kind], curated.get(key, ""), obj.deprecated, obj.replaced_by,
                )
    return sorted(best.values(), key=lambda c: (c.subject_id, -c.confidence, c.object_id))


def lexmatch(
    target: str,
    path: str | os.PathLike[str],
    kg: KnowledgeGraph,
    mapping_set: MappingSet | None = None,
) -> LexmatchResult:
    """Candidate mappings from XSCO (``kg``, e.g. ``kgtools.load()``) to the terms of ``target``
    (``hp``, ``mondo``, ``uberon``, ``doid``, ``chebi`` or ``go``) read from ``path``.

    Pairs already in ``mapping_set`` (default: the bundled SSSOM file) are flagged ``curated``.
    """
    prefix = TARGETS.get(target.lower())
    if prefix is None:
        raise InputError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    objects = read_terms(path, prefix)
    if not objects:
        raise InputError(f"{path}: no {prefix} terms found; is this the {prefix} ontology?")
    if mapping_set is None:
        mapping_set = read_sssom()
    curated = {(m.subject_id, m.object_id): m.predicate_id for m in mapping_set.mappings}
    subjects = xsco_terms(kg)
    return LexmatchResult(
        prefix, str(path), len(subjects), len(objects), tuple(match_terms(subjects, objects, curated))
    )


# --- output ----------------------------------------------------------------------------------

SSSOM_COLUMNS = (
    "subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
    "confidence", "subject_match_field", "object_match_field", "match_string", "mapping_tool", "comment",
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kgtools")
    except PackageNotFoundError:
        return "unknown"


def _sssom() -> Any:
    try:
        import sssom.writers  # noqa: F401
        from sssom.util import MappingSetDataFrame
    except ImportError:
        raise ToolNotFoundError("sssom", "SSSOM output needs sssom-py: pip install 'kgtools[lexmatch]'") from None
    return MappingSetDataFrame


def write_sssom(result: LexmatchResult, path: str | os.PathLike[str] | None = None) -> str:
    """The candidates as an SSSOM TSV document, written through sssom-py; to ``path`` (atomically) if given."""
    frame_class = _sssom()  # first: a clear error when the optional sssom-py (and pandas) is missing
    import io

    import pandas as pd
    from curies import Converter
    from sssom.writers import write_table

    __version__ = _version()

    rows = [
        {
            "subject_id": c.subject_id, "subject_label": c.subject_label, "predicate_id": c.predicate_id,
            "object_id": c.object_id, "object_label": c.object_label, "mapping_justification": "semapv:LexicalMatching",
            "confidence": c.confidence, "subject_match_field": c.subject_match_field,
            "object_match_field": c.object_match_field, "match_string": c.match_string,
            "mapping_tool": f"kgtools lexmatch {__version__}", "comment": c.comment,
        }
        for c in result.candidates
    ]
    df = pd.DataFrame(rows, columns=list(SSSOM_COLUMNS))
    prefixes = {p: PREFIX_MAP[p] for p in ("XSCO", result.target) if p in PREFIX_MAP}
    prefixes.setdefault(result.target, f"{OBO}{result.target}_")
    prefixes.update({"skos": "http://www.w3.org/2004/02/skos/core#", "semapv": "https://w3id.org/semapv/vocab/",
                     "oboInOwl": OIO, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    metadata = {
        "mapping_set_id": f"https://w3id.org/xsco/mappings/lexmatch-{result.target.lower()}.sssom.tsv",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "subject_source": "https://w3id.org/xsco/xsco.owl",
        "object_source": Path(result.source_file).name,
        "mapping_tool": f"kgtools lexmatch {__version__}",
        "comment": (f"Candidates for review: {len(rows)} pairs of {result.subjects} XSCO classes and "
                    f"{result.objects} {result.target} terms sharing a normalised label or synonym."),
    }
    msdf = frame_class(df=df, converter=Converter.from_prefix_map(prefixes), metadata=metadata)
    buffer = io.StringIO()
    write_table(msdf, buffer)
    text = buffer.getvalue()
    if path is not None:
        write_atomic(path, text)
    return text


def read_candidates(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Rows of an SSSOM TSV file, parsed by sssom-py (e.g. a lexmatch output to review)."""
    _sssom()
    import yaml
    from sssom.parsers import parse_sssom_table

    p = Path(path)
    if not p.is_file():
        raise SourceNotFoundError(str(p))
    try:
        msdf = parse_sssom_table(str(p))
    except (ValueError, KeyError, TypeError, yaml.YAMLError) as error:  # sssom-py's errors for a bad file
        raise KgError(f"malformed SSSOM file {p}: {' '.join(str(error).split())[:200]}") from None
    return [dict(row) for _, row in msdf.df.iterrows()]


# --- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """Lexmatch candidates compared with the curated mappings of one target."""

    target: str
    curated: int
    proposed: int
    found: int  # curated pairs also proposed
    exact_curated: int
    exact_proposed: int
    exact_found: int

    @property
    def precision(self) -> float:
        """Share of proposed pairs that a curator also mapped (any predicate)."""
        return self.found / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        """Share of curated pairs that lexmatch proposes."""
        return self.found / self.curated if self.curated else 0.0


def evaluate(result: LexmatchResult, mapping_set: MappingSet) -> Evaluation:
    """Precision and recall of ``result`` against the curated mappings to the same target."""
    curated = {(m.subject_id, m.object_id): m.predicate_id for m in mapping_set.mappings if m.target == result.target}
    proposed = {(c.subject_id, c.object_id): c.predicate_id for c in result.candidates if not c.obsolete}
    found = set(curated) & set(proposed)
    exact_c = {k for k, v in curated.items() if v == "skos:exactMatch"}
    exact_p = {k for k, v in proposed.items() if v == "skos:exactMatch"}
    return Evaluation(
        result.target, len(curated), len(proposed), len(found), len(exact_c), len(exact_p), len(exact_c & exact_p)
    )
