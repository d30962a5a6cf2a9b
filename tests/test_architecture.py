"""The shape of the package: the import graph is a DAG with ``kg`` above the concern modules,
no module imports another inside a function, no module reaches into another's privates, SPARQL
lives in ``queries/`` and schema IRIs in ``kgtools.vocab``.

These tests read the source with :mod:`ast` (nothing is imported), so they fail with the file and
line that break a rule.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kgtools"
MODULES = {p.stem: p for p in sorted(PACKAGE.glob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}

# Modules that hold a KnowledgeGraph built by kgtools.load() (entry points and orchestration): the
# only ones allowed to import kgtools.kg. Everything else works on kgtools.protocols.KnowledgeBase.
ABOVE_KG = {"__init__", "cli", "serve", "web", "release", "ontodiff", "remote"}
# The concern modules KnowledgeGraph delegates to.
CONCERNS = {"reason", "validate", "differential", "export", "link", "graph", "ondisk"}


def _relative_imports(tree: ast.Module) -> list[tuple[ast.ImportFrom, str]]:
    """Every ``from .x import ...`` (anywhere, TYPE_CHECKING blocks included) with the module it names."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.append((node, node.module.split(".")[0]))
            else:  # from . import x
                found += [(node, alias.name) for alias in node.names if alias.name in MODULES]
    return found


def import_graph() -> nx.DiGraph:
    """module -> module it imports (inside kgtools), from the source."""
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for name, tree in TREES.items():
        for _node, target in _relative_imports(tree):
            if target in MODULES and target != name:
                graph.add_edge(name, target)
    return graph


def test_import_graph_is_a_dag():
    graph = import_graph()
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_kg_sits_above_the_concern_modules():
    graph = import_graph()
    for concern in CONCERNS:
        assert graph.has_edge("kg", concern), f"KnowledgeGraph should delegate to kgtools.{concern}"
        assert "kg" not in nx.descendants(graph, concern), f"kgtools.{concern} depends on kgtools.kg"
    importers = {m for m in graph.predecessors("kg")}
    assert importers <= ABOVE_KG, f"only entry points may import kgtools.kg; also: {sorted(importers - ABOVE_KG)}"
    below = nx.descendants(graph, "kg")
    assert not below & ABOVE_KG, f"kgtools.kg depends on an entry point: {sorted(below & ABOVE_KG)}"


def test_the_protocol_is_low_in_the_house():
    below = nx.descendants(import_graph(), "protocols")
    base = {"errors", "prefixes", "resources", "fileio", "sparql", "vocab"}
    assert below <= base | {"associations", "query", "store", "terms"}


def _in_function_imports(tree: ast.Module) -> list[ast.ImportFrom]:
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ImportFrom) and child.level >= 1 and in_function:
                found.append(child)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return found


def test_no_module_imports_kgtools_inside_a_function():
    offenders = [
        f"kgtools/{name}.py:{node.lineno}" for name, tree in TREES.items() for node in _in_function_imports(tree)
    ]
    assert not offenders, "import these at the top of the module: " + ", ".join(offenders)


# Privates of third-party objects that kgtools has to use (with the reason).
THIRD_PARTY_PRIVATES = {
    "_unabbreviate",  # owlready2 World: storid -> IRI, no public equivalent
    "_exit",  # os._exit: a forked worker ends without running the parent's handlers
}


def _own_privates(tree: ast.Module) -> set[str]:
    """Private names a module defines itself: ``self._x`` attributes, top-level and class-level ``_x``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            names.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {n for n in names if n.startswith("_")}


def test_no_module_touches_another_modules_privates():
    offenders = []
    for name, tree in TREES.items():
        own = _own_privates(tree)
        for node, _target in _relative_imports(tree):
            offenders += [f"{name}.py:{node.lineno} imports {a.name}" for a in node.names if a.name.startswith("_")]
        for node in ast.walk(tree):
            attr = None
            if isinstance(node, ast.Attribute) and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            ):
                attr = node.attr
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "setattr", "hasattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                attr = node.args[1].value
            if not attr or not attr.startswith("_") or attr.startswith("__") or attr in THIRD_PARTY_PRIVATES:
                continue
            if attr not in own:
                offenders.append(f"{name}.py:{node.lineno} uses {attr}")
    assert not offenders, "use a public name: " + ", ".join(offenders)


def test_schema_iris_are_written_once():
    """The XSCO namespace and root are spelled out only in kgtools.vocab (and SPARQL files)."""
    offenders = []
    for name, tree in TREES.items():
        if name == "vocab":
            continue
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if "w3id.org/xsco/XSCO_" in text and not text.lstrip().startswith(("#", "PREFIX", "\n")):
                offenders.append(f"{name}.py:{node.lineno}")
    assert not offenders, "take the IRI from kgtools.vocab: " + ", ".join(offenders)


@pytest.mark.parametrize("module", sorted(CONCERNS | {"diagram", "cqs", "justify"}))
def test_concern_modules_type_against_the_protocol(module):
    """A concern module names the KnowledgeBase protocol, never the KnowledgeGraph class."""
    for node, target in _relative_imports(TREES[module]):
        assert target != "kg", f"kgtools/{module}.py:{node.lineno} imports kgtools.kg"


_SPARQL = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b[^{}]*\{[^}]*\b(WHERE|\?\w+)", re.S)
# The store layer speaks SPARQL to implement the Store protocol (counts, triples, probes).
STORE_LAYER = {"store", "remote", "sparql"}


def _string_parts(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def test_sparql_lives_in_the_queries_folder():
    """No SPARQL text in the package outside the store layer: it is in queries/ (internal: queries/internal/)."""
    offenders = []
    for name, tree in TREES.items():
        if name in STORE_LAYER:
            continue
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            text = _string_parts(node)
            if text and id(node) not in docstrings and "<html" not in text and _SPARQL.search(text):
                offenders.append(f"{name}.py:{node.lineno}")
    assert not offenders, "move this SPARQL to queries/internal/*.rq: " + ", ".join(sorted(set(offenders)))


# Where a store is queried directly: the store layer, the query layer (run_query, kg.query) and
# graph.py's fast path (pyoxigraph solutions read natively; see kgtools.graph._values).
QUERY_LAYER = STORE_LAYER | {"query", "kg", "graph"}


def test_stores_are_queried_through_the_query_layer():
    offenders = []
    for name, tree in TREES.items():
        if name in QUERY_LAYER:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "query"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "store"
            ):
                offenders.append(f"{name}.py:{node.lineno}")
    assert not offenders, "use kgtools.query.run_query (or kg.query): " + ", ".join(offenders)


def test_internal_queries_are_used_and_parse():
    """Every queries/internal/*.rq is named by some module, and every name a module runs exists."""
    from kgtools.query import internal_query
    from kgtools.resources import internal_queries_dir

    files = {p.stem for p in internal_queries_dir().glob("*.rq")}
    source = "\n".join(p.read_text(encoding="utf-8") for p in MODULES.values())
    unused = sorted(n for n in files if f'"{n}"' not in source)
    assert not unused, f"internal queries nobody runs: {unused}"
    named = set(re.findall(r'run_query\([^,]+,\s*"([a-z0-9-]+)"', source))
    named |= set(re.findall(r'internal_query\("([a-z0-9-]+)"\)', source))
    named |= set(re.findall(r'_graph_query\("([a-z0-9-]+)"', source))
    assert named <= files, f"missing internal queries: {sorted(named - files)}"
    import pyoxigraph

    store = pyoxigraph.Store()
    for name in sorted(files):
        store.query(internal_query(name))  # parses (and runs on an empty store)


@pytest.mark.parametrize(
    "gate",
    [
        ["ruff", "check", "--no-cache", "--output-format", "concise", "."],  # rules, complexity: pyproject.toml
        ["mypy", "--no-incremental"],  # packages and strictness: pyproject.toml
    ],
    ids=["ruff", "mypy"],
)
def test_lint_and_type_gates_pass(gate: list[str]) -> None:
    """ruff (E, F, B, SIM, UP, RUF, C90 at complexity 15) and mypy pass on the repository with its own config."""
    done = subprocess.run(
        [sys.executable, "-m", *gate], cwd=PACKAGE.parent, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
