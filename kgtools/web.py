"""Web pages for people: browse terms, see associations with their hedges, run the differential.

Server-rendered HTML (Jinja2 templates and Pico CSS shipped in ``kgtools/webui/``; no CDN, no
build chain, works without network) on Starlette. Read-only: nothing here writes to the store.

Public API::

    web_routes(kg, sparql_path="/sparql") -> list   # Starlette routes, to mount into any app
    error_page(kg, sparql_path) -> page(request, status, message)   # the pages' HTML error page
    run_differential(kg, finding) -> list[dict]      # the one door to the differential

``kgtools serve`` (:func:`kgtools.serve.create_app`) serves these pages beside the SPARQL endpoint.

Pages: ``/`` (browse), ``/search?q=`` (results; the header search box autocompletes from
``/api/search?q=``), ``/term/{CURIE}`` (a term: definition, synonyms, xrefs, parents/children,
a neighbourhood diagram and its associations with qualifier, open-list and negated flags, source
and supporting sentence), ``/differential`` (a finding's site, calcium-phosphate status, tissue
state, pattern and known disorders -> ranked candidates with reasons), ``/query`` (the named
queries as examples; a SPARQL form posting to ``sparql_path``).
"""

from __future__ import annotations

import contextlib
import functools
import html
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib.term import Identifier, URIRef

from .memo import Memo
from .errors import FindingError, InputError, KgError, QueryError, UnknownQueryError, UnknownTermError
from .differential import Finding as DifferentialFinding
from .differential import differential, finding_context, to_data
from .prefixes import compress, expand
from .query import run_query
from .terms import Term
from .vocab import MINERALIZATION, OBO, OWL, RDFS, RO_HAS_LOCATION, XSCO

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from .kg import Association, KnowledgeGraph
    from .terms import Term

__all__ = [
    "ASSETS",
    "Finding",
    "error_page",
    "external_url",
    "neighbourhood_svg",
    "parse_finding",
    "run_differential",
    "web_routes",
]

ASSETS = Path(__file__).resolve().parent / "webui"

#: Differentials (ranked candidates) kept per finding, and rendered /differential pages kept per
#: query string, for each version of the graph (the pages are ~200 kB each).
DIFFERENTIAL_CACHE = 256
PAGE_CACHE = 64
MAX_KEPT_PATHS = 20_000  # route paths kept per page set (one per term link at most)

#: Differential pages being ranked and rendered (CPU only, under the GIL) one at a time.
_RANKING = threading.Lock()

MAX_QUERY_CHARS = 200
MAX_ROWS_SHOWN = 500

SUBCLASS_OF = RDFS + "subClassOf"
CALCIFICATION = XSCO + "0000002"
OSSIFICATION = XSCO + "0000009"
CA_P_STATUS = XSCO + "0000011"
TISSUE_STATE = XSCO + "0000015"
CONDITION = XSCO + "0000030"
IMAGING_SIGN = XSCO + "0000231"
ANATOMICAL_ENTITY = OBO + "UBERON_0001062"

# --- links to the public pages of other ontologies (links only; nothing is fetched) -----------

_OBO_PREFIXES = {"HP", "MONDO", "DOID", "UBERON", "CHEBI", "GO", "NCIT", "PATO", "RO", "BFO", "IAO", "ECO", "CL"}


def external_url(ref: str) -> str | None:
    """The public web page of an external term given as CURIE or IRI (OBO PURL, MeSH, OMIM, ...), or None."""
    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        return ref
    prefix, sep, local = ref.partition(":")
    if not sep or not local or any(c in local for c in " <>\"'"):
        return None
    key = prefix.upper()
    quoted = urllib.parse.quote(local, safe="")
    if key in _OBO_PREFIXES:
        return f"{OBO}{key}_{quoted}"
    if key in ("MESH", "MSH"):
        return f"https://meshb.nlm.nih.gov/record/ui?ui={quoted}"
    if key in ("OMIM", "MIM"):
        return f"https://omim.org/entry/{quoted}"
    if key in ("ORPHA", "ORPHANET", "ORDO"):
        iri = urllib.parse.quote(f"http://www.orpha.net/ORDO/Orphanet_{local}", safe="")
        return f"https://www.ebi.ac.uk/ols4/ontologies/ordo/classes?iri={iri}"
    if key == "XSCO":
        return None
    # any other registered prefix: the Bioregistry resolver knows where its pages are
    return f"https://bioregistry.io/{urllib.parse.quote(prefix, safe='')}:{quoted}"


def ols_url(iri: str) -> str | None:
    """The OLS page of an OBO class IRI (for external terms shown on their own page), or None."""
    if not iri.startswith(OBO):
        return None
    prefix = iri[len(OBO) :].split("_", 1)[0].lower()
    return f"https://www.ebi.ac.uk/ols4/ontologies/{prefix}/classes?iri={urllib.parse.quote(iri, safe='')}"


# --- the finding of the differential form ----------------------------------------------------

#: The form's mineral pattern: organised bone (ossified) or structureless calcification.
PATTERNS = {"calcified": False, "ossified": True}
#: The differential's one finding type (kept under this name: ``kgtools.web.Finding``).
Finding = DifferentialFinding


def _descendants(kg: KnowledgeGraph, root: str) -> list[Term]:
    rows = run_query(kg.store, "descendants", {"root": URIRef(root)}).rows
    terms = [_term(kg, row["x"]) for row in rows]
    return sorted({t.iri: t for t in terms if t.label}.values(), key=lambda t: t.label.casefold())  # type: ignore[union-attr]


def form_choices(kg: KnowledgeGraph) -> dict[str, list[Term]]:
    """The terms the differential form offers: sites, statuses, tissue states and conditions (computed
    once per version of the graph; read-only)."""
    return kg.derived(("web", "form choices"), lambda: _form_choices(kg))


def _form_choices(kg: KnowledgeGraph) -> dict[str, list[Term]]:
    sites = {t.iri: t for t in _descendants(kg, ANATOMICAL_ENTITY)}
    for a in kg.associations(predicate=RO_HAS_LOCATION):
        if a.object.label:
            sites.setdefault(a.object.iri, a.object)
    return {
        "site": sorted(sites.values(), key=lambda t: (t.label or "").casefold()),
        "status": _descendants(kg, CA_P_STATUS),
        "tissue": _descendants(kg, TISSUE_STATE),
        "disorder": _descendants(kg, CONDITION),
        "sign": [t for t in _descendants(kg, IMAGING_SIGN) if t.iri != IMAGING_SIGN],
        "named": [t for t in _descendants(kg, MINERALIZATION) if t.iri != MINERALIZATION],
    }


def _choose(kg: KnowledgeGraph, name: str, raw: Any, allowed: Sequence[Term], what: str) -> str | None:
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(f"{name}: value too long ({len(text)} characters)")
    try:
        term = kg.term(text)
    except UnknownTermError as error:
        raise InputError(f"{name}: {error}") from None
    if term.iri not in {t.iri for t in allowed}:
        names = ", ".join(t.label or t.curie for t in allowed[:8])
        raise InputError(f"{name}: {term.label or term.curie} is not {what} (choose one of: {names})")
    return term.iri


def parse_finding(kg: KnowledgeGraph, params: Mapping[str, Any]) -> Finding:
    """Build a :class:`Finding` from form values (CURIE, IRI, label or synonym); raise InputError on bad ones.

    ``params`` maps ``site``, ``status``, ``tissue``, ``pattern`` ("calcified" or "ossified") to a
    string and ``disorder`` to a string or a list of strings; empty values mean "not stated".
    """
    choices = form_choices(kg)
    pattern_text = str(params.get("pattern") or "").strip()
    if pattern_text and pattern_text not in PATTERNS:
        raise InputError(f"pattern: {pattern_text!r} is not one of: {', '.join(PATTERNS)}")
    disorders = _choose_many(kg, "disorder", params.get("disorder"), choices["disorder"], "an associated condition")
    signs = _choose_many(kg, "sign", params.get("sign"), choices["sign"], "an imaging sign")
    sites = _choose_many(kg, "site", params.get("site"), choices["site"], "an anatomical site")
    named = _choose_many(kg, "named", params.get("named"), choices["named"], "a calcification type")
    return Finding(
        site=sites[0] if sites else None,
        sites=sites[1:],
        named=named,
        status=_choose(kg, "status", params.get("status"), choices["status"], "a calcium-phosphate status"),
        tissue=_choose(kg, "tissue", params.get("tissue"), choices["tissue"], "a tissue state"),
        ossified=PATTERNS.get(pattern_text),
        disorders=disorders,
        signs=signs,
    )


def _choose_many(kg: KnowledgeGraph, name: str, raw: Any, allowed: Sequence[Term], what: str) -> tuple[str, ...]:
    """:func:`_choose` for a field that may be given several times (a string or a list); each IRI once."""
    values = [raw] if isinstance(raw, str) else list(raw or ())
    chosen: list[str] = []
    for value in values:
        iri = _choose(kg, name, value, allowed, what)
        if iri and iri not in chosen:
            chosen.append(iri)
    return tuple(chosen)


# --- the differential: ONE adapter, and the interim ranking behind it --------------------------

DIFFERENTIAL_LABEL = "Ranked by kgtools.differential from XSCO's definitions and associations"
DIFFERENTIAL_METHOD = (
    "Each calcification or ossification type is scored against the finding by kgtools.differential. "
    "Axioms decide, hedges weigh: each condition of a type's definition (an OWL equivalent-class "
    "axiom, e.g. metastatic calcification: elevated calcium-phosphate level and normal tissue) that "
    "the finding satisfies counts +3, and a contradicted one excludes the type (listed last); a "
    "calcified finding excludes ossification types and vice versa. A source's association that "
    "matches the finding's site or disorders counts 1.0 when unhedged (or \"especially\") and 0.5 "
    "when hedged (\"most often\", \"has been described\", ...); a negated hedged statement "
    "(\"usually not\") counts against but never excludes. Disorders are ranked by their weight "
    "times the score of the types they are associated with. These weights are a heuristic of "
    "XSCO's, not a source's; the candidates are not diagnoses."
)


def run_differential(kg: KnowledgeGraph, finding: Finding) -> list[dict[str, Any]]:
    """Ranked candidates for an imaging finding: the ONE place the web pages get a differential from.

    The finding's IRIs go to :func:`kgtools.differential.differential` as they are (no IRI -> word
    -> IRI round trip); each candidate is :func:`kgtools.differential.candidate_data` (the CLI's
    JSON shape: rank, curie, iri, label, kind, score, excluded, known, specific, reasons_for,
    reasons_against, notes) plus ``conditions`` (the disorders a source associates with a type).
    Types first, best first, then disorders. Nothing stated: an empty list.
    """
    if finding.is_empty():
        return []
    kept: Memo[list[dict[str, Any]]] = kg.derived(("web", "differentials"), lambda: Memo(DIFFERENTIAL_CACHE))
    return list(kept.get(finding, lambda: _ranked(kg, finding)))


@functools.cache
def templates() -> Any:
    """The pages' Jinja2 environment (one per process: the templates are package files)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ASSETS / "templates")),
        autoescape=jinja2.select_autoescape(["html", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def warm(kg: KnowledgeGraph) -> None:
    """Build what the pages read on every request (term index, form choices, source titles, term kinds,
    the differential's context and what ranking every type once fills in, the compiled templates)
    before a server takes requests, so its first clients do not wait for it."""
    kg.index  # noqa: B018 - built on first use
    form_choices(kg)
    source_titles(kg)
    term_kinds(kg)
    finding_context(kg)
    _ranked(kg, Finding(ossified=False))  # every type ranked once: the lazy memos are filled
    env = templates()
    for name in env.list_templates():
        env.get_template(name)


def _ranked(kg: KnowledgeGraph, finding: Finding) -> list[dict[str, Any]]:
    data = to_data(differential(kg, finding), kg)
    return data["types"] + data["disorders"]


#: How many candidates of each list the differential page shows before "show all".
TOP_CANDIDATES = 10
MAX_TEXT_CHARS = 20_000
_MENTION_FIELDS = {"site": "site", "condition": "disorder", "sign": "sign", "type": "named"}


def _with_text(kg: KnowledgeGraph, finding: Finding, text: str, merge: bool) -> tuple[Finding, list[dict[str, Any]]]:
    """The finding with what a free text states, and the recognised spans (dicts, in text order).

    With ``merge`` the text's terms are added to the form's; without it (the page's edited list was
    submitted) the form's fields alone decide and the spans are only shown."""

    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text: too long ({len(text)} characters; at most {MAX_TEXT_CHARS})")
    annotation = kg.annotate(text)
    found = annotation.finding()
    mentions = []
    for m in annotation.mentions:
        item = m.to_dict()
        item.setdefault("lab", None)
        item.setdefault("form", None)
        item["field"] = _MENTION_FIELDS.get(m.kind)
        item["iri"] = expand(m.curie) if m.curie else None
        mentions.append(item)
    if not merge:
        return finding, mentions

    def iris(curies: tuple[str, ...]) -> tuple[str, ...]:  # the page ticks its boxes by IRI
        return tuple(expand(c) or c for c in curies)

    sites = tuple(dict.fromkeys((*finding.all_sites(), *iris(found.all_sites()))))
    merged = replace(
        finding, site=sites[0] if sites else None, sites=sites[1:],
        calcium=finding.calcium or found.calcium, phosphate=finding.phosphate or found.phosphate,
        tissue=finding.tissue or (expand(found.tissue) if found.tissue else None),
        ossified=found.ossified if finding.ossified is None else finding.ossified,
        disorders=tuple(dict.fromkeys((*finding.disorders, *iris(found.disorders)))),
        signs=tuple(dict.fromkeys((*finding.signs, *iris(found.signs)))),
        named=tuple(dict.fromkeys((*finding.named, *iris(found.named)))),
        absent=iris(found.absent),
        age=finding.age or found.age, sex=finding.sex or found.sex,
        phenotypes=tuple(dict.fromkeys((*finding.phenotypes, *iris(found.phenotypes)))),
    )
    return merged, mentions


def _term(kg: KnowledgeGraph, iri: Identifier | str) -> Term:
    """The indexed term of an IRI, or a bare one (CURIE, no label) for an IRI the index does not know."""
    return kg.index.get(str(iri)) or Term(curie=compress(str(iri)), iri=str(iri), label=None)


def _label(kg: KnowledgeGraph, iri: str) -> str:
    term = kg.index.get(iri)
    return term.label if term and term.label else compress(iri)


def term_source(kg: KnowledgeGraph, term: Term) -> str | None:
    """The first ``dcterms:source`` of a term (the seed first), or None."""
    sources = sorted(
        str(r["other"]) for r in run_query(kg.store, "term-relations", {"term": URIRef(term.iri)}).rows
        if str(r["rel"]) == "source"
    )
    seed = [s for s in sources if "eexot-journal" in s]
    return next(iter(seed or sources), None)


# --- the term page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermView:
    """Everything the term page shows about one term."""

    term: Term
    parents: list[Term]
    children: list[Term]
    types: list[Term]
    sources: list[str]
    notes: list[str]
    defined_by: list[str]
    outgoing: list[Association]
    incoming: list[Association]


def term_view(kg: KnowledgeGraph, term: Term) -> TermView:
    """Gather a term's parents, children, sources, editor notes and associations (both directions)."""
    rows = run_query(kg.store, "term-relations", {"term": URIRef(term.iri)}).rows
    grouped: dict[str, list[Identifier]] = {}
    for row in rows:
        grouped.setdefault(str(row["rel"]), []).append(row["other"])

    def terms(rel: str) -> list[Term]:
        found = {str(x): _term(kg, x) for x in grouped.get(rel, [])}
        return sorted(found.values(), key=lambda t: ((t.label or t.curie).casefold(), t.curie))

    return TermView(
        term=term,
        parents=terms("parent"),
        children=terms("child"),
        types=[t for t in terms("type") if not t.iri.startswith(OWL)],
        sources=sorted({str(x) for x in grouped.get("source", [])}),
        notes=sorted({str(x) for x in grouped.get("note", [])}),
        defined_by=sorted({str(x) for x in grouped.get("defined_by", [])}),
        outgoing=kg.associations(subject=term),
        incoming=kg.associations(object=term),
    )


def source_titles(kg: KnowledgeGraph) -> dict[str, str]:
    """Title (or citation) of every source that has one, by IRI (once per version of the graph; read-only)."""
    return kg.derived(("web", "source titles"), lambda: _source_titles(kg))


def _source_titles(kg: KnowledgeGraph) -> dict[str, str]:
    titles: dict[str, str] = {}
    for row in run_query(kg.store, "source-titles").rows:
        titles.setdefault(str(row["source"]), str(row["title"]))
    return titles


def relation_label(kg: KnowledgeGraph, predicate: str) -> str:
    """A readable name for an association predicate given as CURIE or IRI."""
    if predicate in ("rdfs:subClassOf", SUBCLASS_OF):
        return "is a"
    term = kg.index.get(expand(predicate) or predicate)
    return term.label if term and term.label else predicate


# --- the neighbourhood diagram: an inline SVG drawn here, no JavaScript -------------------------

_BOX_W, _BOX_H, _ROW_H, _MAX_SIDE = 230, 40, 52, 14
_GAP = 100
_KIND_FILL = {"focus": "#dbe9ff", "type": "#e8f0fe", "site": "#e3f4e8", "condition": "#fdf0e0", "other": "#f1f1f1"}


def _node_kind(term: Term, kinds: Mapping[str, str]) -> str:
    return kinds.get(term.iri, "other")


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def neighbourhood_svg(
    view: TermView, href: Any = None, kinds: Mapping[str, str] | None = None, relation: Any = None
) -> str:
    """An SVG of a term's neighbourhood: parents above, children below, associations left (term is
    the object) and right (term is the subject). Nodes link to their term pages.

    ``href(term) -> str`` makes the links; ``kinds`` maps IRIs to "type", "site" or "condition"
    (for colours); ``relation(predicate) -> str`` names an association predicate.
    """
    href = href or (lambda t: f"/term/{t.curie}")
    relation = relation or (lambda p: p)
    kinds = dict(kinds or {})
    esc = html.escape
    # subclass statements are drawn as the parents and children, not again at the sides
    incoming = [a for a in view.incoming if a.predicate != "rdfs:subClassOf"]
    outgoing = [a for a in view.outgoing if a.predicate != "rdfs:subClassOf"]
    left, right = incoming[:_MAX_SIDE], outgoing[:_MAX_SIDE]
    more_left, more_right = len(incoming) - len(left), len(outgoing) - len(right)
    centre = [("parent", t) for t in view.parents[:6]] + [("focus", view.term)]
    centre += [("child", t) for t in view.children[:8]]
    rows = max(len(left) + (1 if more_left else 0), len(right) + (1 if more_right else 0), len(centre), 1)
    height = rows * _ROW_H + 40
    # three columns (incoming, the term, outgoing); an empty side column is left out
    x_left = 10
    x_centre = x_left + (_BOX_W + _GAP if left or more_left else 0)
    x_right = x_centre + _BOX_W + _GAP
    width = (x_right + _BOX_W if right or more_right else x_centre + _BOX_W) + 10
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-labelledby="diagram-title diagram-desc">',
        f'<title id="diagram-title">Neighbourhood of {esc(view.term.label or view.term.curie)}</title>',
        '<desc id="diagram-desc">Parents above and children below the term; on the left, terms with an '
        "association whose object is this term; on the right, the objects of its own associations. "
        "Each box links to its term page; the table below lists the same associations.</desc>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    ]

    def top(n: int, i: int) -> float:
        return 20 + ((rows - n) / 2 + i) * _ROW_H

    def box(x: float, y: float, term: Term, kind: str, caption: str = "", dashed: bool = False) -> str:
        label = term.label or term.curie
        fill = _KIND_FILL.get(kind, _KIND_FILL["other"])
        stroke = "#1d4ed8" if kind == "focus" else "#555"
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        weight = ' font-weight="700"' if kind == "focus" else ""
        text_y = y + (16 if caption else 25)
        parts = [
            f'<a href="{esc(href(term))}" class="node node-{kind}">',
            f"<title>{esc(label)} ({esc(term.curie)}){(' - ' + esc(caption)) if caption else ''}</title>",
            f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="6" fill="{fill}" stroke="{stroke}"'
            f' stroke-width="{2 if kind == "focus" else 1}"{dash}/>',
            f'<text x="{x + _BOX_W / 2}" y="{text_y}" text-anchor="middle" font-size="13" fill="#111"{weight}>'
            f"{esc(_short(label, 29))}</text>",
        ]
        if caption:
            parts.append(
                f'<text x="{x + _BOX_W / 2}" y="{y + 32}" text-anchor="middle" font-size="11" fill="#333">'
                f"{esc(_short(caption, 38))}</text>"
            )
        parts.append("</a>")
        return "".join(parts)

    cx = x_centre
    focus_row = next(i for i, (k, _) in enumerate(centre) if k == "focus")
    fy = top(len(centre), focus_row)
    edges: list[str] = []
    nodes: list[str] = []
    for i, (kind, t) in enumerate(centre):
        y = top(len(centre), i)
        if kind == "focus":
            nodes.append(box(cx, y, t, "focus"))
            continue
        nodes.append(box(cx, y, t, _node_kind(t, kinds), "is a (parent)" if kind == "parent" else "is a (child)"))
        if (kind == "parent" and i == focus_row - 1) or (kind == "child" and i == focus_row + 1):
            y1, y2 = (fy, y + _BOX_H) if kind == "parent" else (y, fy + _BOX_H)
            edges.append(f'<line x1="{cx + _BOX_W / 2}" y1="{y1}" x2="{cx + _BOX_W / 2}" y2="{y2}" stroke="#444" '
                         'marker-end="url(#arrow)"/>')

    def caption(a: Association) -> str:
        words = ("NOT " if a.negated else "") + relation(a.predicate)
        return words + (f" \u00b7 {a.qualifier}" if a.qualifier else "")

    for side, items, more, x in (("left", left, more_left, x_left), ("right", right, more_right, x_right)):
        n = len(items) + (1 if more else 0)
        for i, a in enumerate(items):
            y = top(n, i)
            other = a.subject if side == "left" else a.object
            nodes.append(box(x, y, other, _node_kind(other, kinds), caption(a), dashed=a.negated))
            colour = "#b42318" if a.negated else "#444"
            dash = ' stroke-dasharray="5 3"' if a.negated else ""
            if side == "right":
                x1, y1, x2, y2 = cx + _BOX_W, fy + _BOX_H / 2, x, y + _BOX_H / 2
            else:
                x1, y1, x2, y2 = x + _BOX_W, y + _BOX_H / 2, cx, fy + _BOX_H / 2
            mid = (x1 + x2) / 2
            edges.append(f'<path d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}" fill="none" stroke="{colour}"'
                         f'{dash} marker-end="url(#arrow)"/>')
        if more:
            y = top(n, len(items))
            nodes.append(f'<text x="{x + _BOX_W / 2}" y="{y + 24}" text-anchor="middle" font-size="12" fill="#333">'
                         f"+ {more} more (see the table)</text>")
    out += edges + nodes + ["</svg>"]
    return "\n".join(out)


def term_kinds(kg: KnowledgeGraph) -> dict[str, str]:
    """IRI -> "type", "site" or "condition" for the diagram's colours (once per version of the graph;
    read-only: every term page needs it, and walking three hierarchies took ~30 ms a page)."""
    return kg.derived(("web", "term kinds"), lambda: _term_kinds(kg))


def _term_kinds(kg: KnowledgeGraph) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for root, kind in ((MINERALIZATION, "type"), (ANATOMICAL_ENTITY, "site"), (CONDITION, "condition")):
        kinds[root] = kind
        for t in _descendants(kg, root):
            kinds.setdefault(t.iri, kind)
    return kinds


# --- routes ----------------------------------------------------------------------------------------

SECURITY_HEADERS = {
    # everything is served from here: no CDN, no inline script, works without network
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_FINDING_FIELDS = ("site", "status", "tissue", "pattern", "disorder", "sign", "named")


class _Pages:
    """The request handlers, bound to one knowledge graph.

    They are plain functions: Starlette runs them in its thread pool, so the store's (blocking)
    queries never hold up the event loop.
    """

    def __init__(self, kg: KnowledgeGraph, sparql_path: str) -> None:
        self.kg = kg
        self.sparql_path = sparql_path
        # A route's path for its parameters (the router walks every route each time: a page with
        # hundreds of term links spent a third of its time there).
        self._paths: dict[tuple[int, str, tuple[tuple[str, Any], ...]], str] = {}
        self._kept_pages: Memo[tuple[int, bytes, list[tuple[bytes, bytes]]]] = Memo(PAGE_CACHE)
        self.env = templates()

    # helpers -----------------------------------------------------------------------------------

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> Response:
        from starlette.responses import HTMLResponse

        prefix = request.base_url.path.rstrip("/")
        router = request.scope.get("router") or request.app.router

        def url(route: str, /, **params: Any) -> str:  # request.url_for(route, **params).path, ~10x faster
            return prefix + self._path_for(router, route, tuple(sorted(params.items())))

        def term_url(term: Term) -> str:
            if term.curie != term.iri:
                return url("term", ident=term.curie)
            return url("term_query") + "?" + urllib.parse.urlencode({"id": term.iri})

        body = self.env.get_template(template).render(
            request=request,
            url=url,
            term_url=term_url,
            asset=lambda path: url("assets", path=path),
            external_url=external_url,
            sparql_path=self.sparql_path,
            **context,
        )
        return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)

    def _path_for(self, router: Any, route: str, params: tuple[tuple[str, Any], ...]) -> str:
        key = (id(router), route, params)
        path = self._paths.get(key)
        if path is None:
            path = str(router.url_path_for(route, **dict(params)))
            if len(self._paths) < MAX_KEPT_PATHS:
                self._paths[key] = path
        return path

    def not_found(self, request: Request, text: str, suggestions: Iterable[str] = ()) -> Response:
        found = []
        for name in suggestions:
            try:
                found.append(self.kg.term(name))
            except UnknownTermError:
                continue
        return self.render(request, "not_found.html", status=404, text=text, suggestions=found)

    # pages --------------------------------------------------------------------------------------

    def home(self, request: Request) -> Response:
        rows = run_query(self.kg.store, "subclass-edges").rows
        classes = {str(r["c"]) for r in run_query(self.kg.store, "labelled-classes").rows}
        children: dict[str, set[str]] = {}
        has_parent: set[str] = set()
        for r in rows:
            child, parent = str(r["child"]), str(r["parent"])
            if child in classes and parent in classes and child != parent:
                children.setdefault(parent, set()).add(child)
                has_parent.add(child)
        index = self.kg.index

        def name(iri: str) -> str:
            term = index.get(iri)
            return ((term.label if term else None) or compress(iri)).casefold()

        roots = sorted(classes - has_parent, key=lambda i: (i != MINERALIZATION, i != CONDITION, name(i)))
        budget = [3000]

        def tree(iri: str, seen: frozenset[str]) -> dict[str, Any]:
            budget[0] -= 1
            kids = [] if iri in seen or budget[0] <= 0 else sorted(children.get(iri, ()), key=name)
            return {"term": _term(self.kg, URIRef(iri)), "children": [tree(k, seen | {iri}) for k in kids]}

        forest = [tree(r, frozenset()) for r in roots]
        return self.render(request, "home.html", forest=forest, info=self.kg.info(), truncated=budget[0] <= 0)

    def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        if len(q) > MAX_QUERY_CHARS:
            return self.render(request, "error.html", status=400, title="Search text too long",
                               message=f"Search text is {len(q)} characters long; at most {MAX_QUERY_CHARS}.")
        hits: list[Term] = []
        if q:
            with contextlib.suppress(UnknownTermError):
                hits.append(self.kg.term(q))
            hits += [t for t in self.kg.search(q, 50) if all(t.iri != h.iri for h in hits)]
        suggestions = self.kg.index.close_matches(q) if q and not hits else []
        return self.render(request, "search.html", q=q, hits=hits, suggestions=suggestions)

    def api_search(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        q = request.query_params.get("q", "").strip()
        raw_limit = request.query_params.get("limit", "10")
        try:
            limit = int(raw_limit)
            if not 1 <= limit <= 50:
                raise ValueError
        except ValueError:
            return JSONResponse({"error": f"limit must be an integer from 1 to 50, not {raw_limit!r}"}, status_code=400)
        if len(q) > MAX_QUERY_CHARS:
            return JSONResponse({"error": f"q is too long (at most {MAX_QUERY_CHARS} characters)"}, status_code=400)
        results = []
        for term in self.kg.search(q, limit) if q else []:
            key = " ".join(q.casefold().split())
            label = term.label or term.curie
            match = None if key in label.casefold() else next((s for s in term.synonyms if key in s.casefold()), None)
            results.append({
                "curie": term.curie,
                "label": label,
                "match": match,
                "definition": term.definition,
                "url": request.url_for("term", ident=term.curie).path if term.curie != term.iri else
                request.url_for("term_query").path + "?" + urllib.parse.urlencode({"id": term.iri}),
            })
        return JSONResponse({"query": q, "results": results})

    def term_query(self, request: Request) -> Response:
        from starlette.responses import RedirectResponse

        ident = request.query_params.get("id", "").strip()
        if not ident:
            return self.render(request, "error.html", status=400, title="No term given",
                               message="Give a term as /term/CURIE or /term?id=IRI, or use the search box.")
        try:
            term = self.kg.term(ident)
        except UnknownTermError as error:
            return self.not_found(request, ident, error.suggestions)
        if term.curie != term.iri:
            return RedirectResponse(request.url_for("term", ident=term.curie).path, status_code=302)
        return self._term_page(request, term)

    def term(self, request: Request) -> Response:
        from starlette.responses import RedirectResponse

        ident = request.path_params["ident"]
        if len(ident) > MAX_QUERY_CHARS:
            return self.not_found(request, ident[:MAX_QUERY_CHARS] + "\u2026")
        try:
            term = self.kg.term(ident)
        except UnknownTermError as error:
            return self.not_found(request, ident, error.suggestions)
        if term.curie != ident:
            target = request.url_for("term", ident=term.curie).path if term.curie != term.iri else (
                request.url_for("term_query").path + "?" + urllib.parse.urlencode({"id": term.iri}))
            return RedirectResponse(target, status_code=302)
        return self._term_page(request, term)

    def _term_page(self, request: Request, term: Term) -> Response:
        view = term_view(self.kg, term)
        kinds = term_kinds(self.kg)

        def href(t: Term) -> str:
            if t.curie != t.iri:
                return request.url_for("term", ident=t.curie).path
            return request.url_for("term_query").path + "?" + urllib.parse.urlencode({"id": t.iri})

        relation = _memo(lambda p: relation_label(self.kg, p))
        from markupsafe import Markup

        svg = Markup(neighbourhood_svg(view, href=href, kinds=kinds, relation=relation))  # escaped inside
        external = None if term.iri.startswith(XSCO) else (ols_url(term.iri) or term.iri)
        return self.render(request, "term.html", view=view, term=term, svg=svg, relation=relation,
                           titles=source_titles(self.kg), external=external, kind=kinds.get(term.iri))

    def differential(self, request: Request) -> Response:
        """The differential page, kept per query string (and base path) and version of the graph: the
        same finding asked again is answered from memory."""
        from starlette.responses import Response

        query = request.query_params
        fields = tuple((k, tuple(query.getlist(k))) for k in sorted(set(query)))
        key = (self.kg.generation, request.base_url.path, fields)
        kept = self._kept_pages

        def build() -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
            with _RANKING:  # one at a time, in turn: the GIL would interleave them and finish all late
                page = self._differential_page(request)
            return page.status_code, bytes(page.body), list(page.raw_headers)

        status, body, headers = kept.get(key, build)
        response = Response(body, status_code=status)
        response.raw_headers = list(headers)
        return response

    def _differential_page(self, request: Request) -> Response:
        params: dict[str, Any] = {k: request.query_params.get(k, "") for k in _FINDING_FIELDS}
        for many in ("disorder", "sign", "site", "named"):
            params[many] = request.query_params.getlist(many)
        text = request.query_params.get("text", "")
        edited = request.query_params.get("edited") == "1"
        submitted = any(k in request.query_params for k in (*_FINDING_FIELDS, "text"))
        choices = form_choices(self.kg)
        error, candidates, finding = None, None, None
        mentions: list[dict[str, Any]] = []
        if submitted:
            try:
                finding = parse_finding(self.kg, params)
                if text.strip():
                    finding, mentions = _with_text(self.kg, finding, text, merge=not edited)
            except (InputError, FindingError) as exc:
                error = str(exc)
            else:
                candidates = run_differential(self.kg, finding)
        if request.query_params.get("format") == "json":
            from starlette.responses import JSONResponse

            if error:
                return JSONResponse({"error": error}, status_code=400)
            return JSONResponse({"types": [c for c in candidates or [] if c["kind"] == "type"],
                                 "disorders": [c for c in candidates or [] if c["kind"] == "disorder"],
                                 "recognised": mentions})
        selected = {
            "site": {finding.site, *finding.sites} - {None} if finding else set(),
            "status": finding.status if finding else None,
            "tissue": finding.tissue if finding else None,
            "pattern": params.get("pattern") if finding else None,
            "disorder": set(finding.disorders) if finding else set(),
            "sign": set(finding.signs) if finding else set(),
            "named": set(finding.named) if finding else set(),
        }
        status = 400 if error else 200
        types = [c for c in candidates or [] if c["kind"] == "type"]
        disorders = [c for c in candidates or [] if c["kind"] == "disorder"]
        return self.render(request, "differential.html", status=status, choices=choices, error=error,
                           candidates=candidates, types=types, disorders=disorders, finding=finding,
                           selected=selected, submitted=submitted, text=text, mentions=mentions, top=TOP_CANDIDATES,
                           method=DIFFERENTIAL_METHOD, method_label=DIFFERENTIAL_LABEL, titles=source_titles(self.kg),
                           label=lambda iri: _label(self.kg, iri))

    def queries(self, request: Request) -> Response:
        examples = []
        for named in self.kg.queries:
            example = {}
            for line in named.header.get("example", ()):
                for part in line.split("&"):
                    key, sep, value = part.partition("=")
                    if sep:
                        example[key.strip()] = value.strip()
            examples.append({"query": named, "example": example})
        return self.render(request, "queries.html", examples=examples)

    def run_named(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            named = self.kg.queries.get(name)
        except UnknownQueryError as error:
            return self.render(request, "error.html", status=404, title="Unknown query", message=str(error))
        declared = {p.name for p in named.parameters}
        params = {k: v for k, v in request.query_params.items() if v.strip() and k in declared}
        unknown = sorted(set(request.query_params) - declared)
        try:
            if unknown:
                raise QueryError(f"query {name!r} has no parameter {unknown[0]!r}")
            result = self.kg.query(name, **params)
        except UnknownTermError as error:
            return self.render(request, "error.html", status=400, title="Unknown term", message=str(error))
        except KgError as error:
            return self.render(request, "error.html", status=400, title="Cannot run this query", message=str(error))
        rows = result.display_rows()
        return self.render(request, "query_result.html", named=named, params=params, columns=result.columns(),
                           rows=rows[:MAX_ROWS_SHOWN], total=len(rows))


def _memo(func: Any) -> Any:
    """A small memo for per-request label lookups."""
    import functools

    return functools.lru_cache(maxsize=None)(func)


def web_routes(kg: KnowledgeGraph, sparql_path: str = "/sparql") -> list:
    """The web pages as Starlette routes (mount them into any Starlette app, e.g. the SPARQL endpoint's).

    ``sparql_path`` is where the SPARQL page's form posts (the endpoint is not part of these routes).
    """
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    pages = _Pages(kg, sparql_path)
    return [
        Route("/", pages.home, name="home"),
        Route("/search", pages.search, name="search"),
        Route("/api/search", pages.api_search, name="api_search"),
        Route("/term", pages.term_query, name="term_query"),
        Route("/term/{ident:path}", pages.term, name="term"),
        Route("/differential", pages.differential, name="differential"),
        Route("/query", pages.queries, name="queries"),
        Route("/query/{name}", pages.run_named, name="run_named"),
        Mount("/assets", app=StaticFiles(directory=str(ASSETS / "static")), name="assets"),
    ]


def error_page(kg: KnowledgeGraph, sparql_path: str = "/sparql") -> Callable[[Request, int, str], Response]:
    """The pages' HTML error page as ``page(request, status, message)``, for an app's error handlers.

    A 404 says there is no page at the path and offers the search box (on every page); any other
    status shows ``message``. The app must also mount :func:`web_routes` (the page links to them).
    """
    pages = _Pages(kg, sparql_path)

    def page(request: Request, status: int, message: str) -> Response:
        if status == 404:
            return pages.render(request, "error.html", status=404, title="Page not found",
                                message=f"There is no page at {request.url.path}. Search for a term instead.")
        return pages.render(request, "error.html", status=status, title="Request not handled",
                            message=message or "The server could not answer this request.")

    return page
