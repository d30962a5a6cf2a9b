"""Diagrams of the graph around a term: an indented text tree, Mermaid, Graphviz DOT, SVG and PNG.

Edges are drawn child -> parent (subject -> object), as in :mod:`kgtools.graph`, and styled by
predicate (:data:`STYLES`): is_a solid black with a hollow arrow, part_of blue, has_location
green, associated_with orange, other predicates grey. An association edge whose statements are
all hedged ("most often", "usually", "has been described") is drawn **dashed with the qualifier
as its label**; negated statements are never drawn. SVG and PNG are rendered by Graphviz ``dot``
(Debian package ``graphviz``); when it is missing, :class:`~kgtools.errors.ToolNotFoundError`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import KgError, ToolNotFoundError
from .graph import ASSOCIATED_WITH, DEFAULT_TRAVERSAL, HAS_LOCATION, IS_A, PART_OF

if TYPE_CHECKING:
    import networkx as nx

    from .protocols import KnowledgeBase

__all__ = [
    "FORMATS",
    "STYLES",
    "diagram",
    "neighbourhood",
    "render",
    "to_dot",
    "to_mermaid",
    "tree",
]

FORMATS = ("mermaid", "dot", "svg", "png")
# predicate -> (label, colour, arrowhead)
STYLES: dict[str, tuple[str, str, str]] = {
    IS_A: ("is a", "black", "empty"),
    PART_OF: ("part of", "blue", "normal"),
    HAS_LOCATION: ("has location", "darkgreen", "normal"),
    ASSOCIATED_WITH: ("associated with", "darkorange", "normal"),
}
_OTHER = ("", "gray40", "normal")
DIAGRAM_PREDICATES = ("is_a", "part_of", "has_location", "associated_with")


def _style(pred: str) -> tuple[str, str, str]:
    return STYLES.get(pred, (pred, *_OTHER[1:]))


def neighbourhood(g: nx.MultiDiGraph, root: str, up: bool, down: bool, depth: int | None) -> set[str]:
    """``root`` with the nodes within ``depth`` steps above it (``up``) and/or below it (``down``)."""
    keep = {root}
    for forward in ([True] if up else []) + ([False] if down else []):
        frontier, seen, level = {root}, {root}, 0
        while frontier and (depth is None or level < depth):
            nxt: set[str] = set()
            for n in frontier:
                step = g.successors(n) if forward else g.predecessors(n)
                nxt.update(m for m in step if m not in seen)
            seen |= nxt
            frontier, level = nxt, level + 1
        keep |= seen
    return keep


def _edges(g: nx.MultiDiGraph, nodes: set[str]) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(
        (
            (u, v, k, d)
            for u, v, k, d in g.edges(keys=True, data=True)
            if u in nodes and v in nodes and not d.get("negated")
        ),
        key=lambda e: (e[0], e[1], e[2]),
    )


def _name(g: nx.MultiDiGraph, n: str) -> str:
    label = g.nodes[n].get("label") if n in g else None
    return f"{label} ({n})" if label else n


def tree(g: nx.MultiDiGraph, root: str, up: bool = False, depth: int | None = None) -> str:
    """An indented text tree: descendants of ``root`` (or its ancestors with ``up``), one per line.

    Each line names the predicate that links it to the line above when that is not is_a, and the
    qualifier of a hedged association. A term reached twice is expanded once, then marked "(see above)".
    """
    lines = [_name(g, root)]
    seen: set[str] = {root}

    def walk(n: str, prefix: str, level: int) -> None:
        if depth is not None and level >= depth:
            return
        if n not in g:
            return
        step = g.out_edges(n, keys=True, data=True) if up else g.in_edges(n, keys=True, data=True)
        items = sorted(((v if up else u), k, d) for u, v, k, d in step if not d.get("negated"))
        items.sort(key=lambda x: ((g.nodes[x[0]].get("label") or x[0]).casefold(), x[1]))
        for i, (m, k, d) in enumerate(items):
            last = i == len(items) - 1
            rel = "" if k == IS_A else f"[{_style(k)[0]}] "
            hedge = f" [{d['qualifier']}]" if d.get("hedged") and d.get("qualifier") else ""
            again = m in seen
            lines.append(
                f"{prefix}{'└── ' if last else '├── '}{rel}{_name(g, m)}{hedge}{' (see above)' if again else ''}"
            )
            if not again:
                seen.add(m)
                walk(m, prefix + ("    " if last else "│   "), level + 1)

    walk(root, "", 0)
    return "\n".join(lines)


def _mermaid_id(n: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", n)


def _mermaid_text(text: str) -> str:
    return re.sub(r'["|<>{}\[\]]', "", text)


def to_mermaid(g: nx.MultiDiGraph, nodes: set[str], root: str | None = None) -> str:
    """Mermaid flowchart text (``graph BT``: parents above children) for the given nodes."""
    lines = ["graph BT"]
    for n in sorted(nodes):
        label = g.nodes[n].get("label") if n in g else None
        text = f"{_mermaid_text(label)}<br/>{n}" if label else n
        lines.append(f'  {_mermaid_id(n)}["{text}"]')
    styles: list[str] = []
    for i, (u, v, k, d) in enumerate(_edges(g, nodes)):
        name, colour, _ = _style(k)
        hedged = bool(d.get("hedged") and d.get("qualifier"))
        label = _mermaid_text(d["qualifier"] if hedged else ("" if k == IS_A else name))
        arrow = "-.->" if hedged else "-->"
        lines.append(f"  {_mermaid_id(u)} {arrow}{'|' + label + '|' if label else ''} {_mermaid_id(v)}")
        styles.append(f"  linkStyle {i} stroke:{colour}" + (",stroke-dasharray:5 5" if hedged else ""))
    if root is not None and root in nodes:
        lines.append(f"  style {_mermaid_id(root)} stroke-width:3px")
    return "\n".join(lines + styles) + "\n"


def _dot_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(g: nx.MultiDiGraph, nodes: set[str], root: str | None = None) -> str:
    """Graphviz DOT text for the given nodes (``rankdir=BT``: parents above children)."""
    lines = [
        "digraph xsco {",
        "  rankdir=BT;",
        '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for n in sorted(nodes):
        label = g.nodes[n].get("label") if n in g else None
        extra = ", penwidth=2" if n == root else ""
        text = f"{label}\n{n}" if label else n
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(text)}{extra}];")
    for u, v, k, d in _edges(g, nodes):
        name, colour, head = _style(k)
        hedged = bool(d.get("hedged") and d.get("qualifier"))
        attrs = [f"color={colour}", f"arrowhead={head}"]
        label = d["qualifier"] if hedged else ("" if k == IS_A else name)
        if label:
            attrs.append(f"label={_dot_quote(label)}")
            attrs.append(f"fontcolor={colour}")
        if hedged:
            attrs.append("style=dashed")
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text: str, fmt: str) -> bytes:
    """Render DOT text to ``svg`` or ``png`` bytes with Graphviz ``dot``."""
    if fmt not in ("svg", "png"):
        raise KgError(f"cannot render {fmt!r}; use svg or png")
    exe = shutil.which("dot")
    if exe is None:
        raise ToolNotFoundError("dot", "install Graphviz (Debian: apt-get install graphviz) or use --to mermaid|dot")
    done = subprocess.run(
        [exe, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True, timeout=60, check=False
    )
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise KgError(f"Graphviz dot failed: {message}")
    return done.stdout


def diagram(
    kg: KnowledgeBase,
    term: str,
    to: str = "mermaid",
    up: bool = True,
    down: bool = True,
    depth: int | None = None,
    predicates: str | Iterable[str] | None = None,
) -> str | bytes:
    """The graph around ``term`` (ancestors ``up``, descendants ``down``, within ``depth`` steps)
    as Mermaid or DOT text, or SVG/PNG bytes. Default predicates: is_a, part_of, has_location,
    associated_with."""
    if to not in FORMATS:
        raise KgError(f"unknown diagram format {to!r}; use one of: {', '.join(FORMATS)}")
    root = kg.term(term).curie
    g = kg.graph(predicates if predicates is not None else DIAGRAM_PREDICATES)
    nodes = neighbourhood(g, root, up, down, depth) if root in g else {root}
    text = to_mermaid(g, nodes, root) if to == "mermaid" else to_dot(g, nodes, root)
    if to in ("svg", "png"):
        return render(text, to)
    return text


def text_tree(
    kg: KnowledgeBase,
    term: str,
    up: bool = False,
    depth: int | None = None,
    predicates: str | Iterable[str] | None = None,
) -> str:
    """:func:`tree` for a term of ``kg`` (default predicates: is_a and part_of)."""
    root = kg.term(term).curie
    return tree(kg.graph(predicates if predicates is not None else DEFAULT_TRAVERSAL), root, up, depth)
