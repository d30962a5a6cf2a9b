"""Shared fixtures: the bundled XSCO loaded once per session (read-only), fresh graphs for tests that mutate."""

from __future__ import annotations

import compileall
import functools
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import kgtools

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Once, before the workers start: byte-compile kgtools, so that the ~100 ``kgtools`` processes the
    tests start import it instead of compiling it again each (the environment may set
    PYTHONDONTWRITEBYTECODE; measured on the docs and process tests: 78 -> 72 CPU seconds)."""
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(Path(kgtools.__file__).parent, quiet=1)


@pytest.fixture(scope="session")
def kg() -> kgtools.KnowledgeGraph:
    """The bundled XSCO on the default engine. Read-only: do not add to it."""
    return kgtools.load()


@functools.cache
def ontology_rdflib() -> rdflib.Graph:
    """The files of the bundled ontology (edit file and components) as one rdflib Graph, read once per
    test process. pyoxigraph parses them (0.7 s against rdflib's 1.3 s; the same triples, blank nodes
    aside, and an isomorphic graph). Read-only: copy it before changing it."""
    from kgtools.resources import ontology_paths
    from kgtools.store import _converter  # the store's own pyoxigraph -> rdflib term conversion

    convert = _converter(ox)
    graph = rdflib.Graph()
    for path in ontology_paths():
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    return graph


@pytest.fixture(scope="session")
def ontology_graph() -> rdflib.Graph:
    """:func:`ontology_rdflib` as a fixture. Read-only."""
    return ontology_rdflib()


@pytest.fixture(scope="session")
def xsco_export(kg: kgtools.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``xsco_export(to)``: the bundled XSCO exported as format ``to`` (asserted graph), written once per
    test process on first use and shared by the export and interoperability tests. Read-only."""
    from kgtools.export import SUFFIXES, export

    folder = tmp_path_factory.mktemp("xsco-exports")
    written: dict[str, Path] = {}

    def get(to: str) -> Path:
        if to not in written:
            path = folder / f"xsco-{to}{SUFFIXES.get(to, '')}"
            twin = {"owl": "rdfxml", "rdfxml": "owl"}.get(to)  # one RDF/XML text under two names
            if twin in written:
                shutil.copyfile(written[twin], path)
            else:
                export(kg, to, path)
            written[to] = path
        return written[to]

    return get


@pytest.fixture(scope="session")
def xsco_export_graph(xsco_export: Callable[[str], Path]) -> Callable[[str], rdflib.Graph]:
    """``xsco_export_graph(to)``: the RDF export ``to`` (ttl, rdfxml/owl, jsonld) read back by rdflib,
    parsed once per test process and shared by the round-trip and interoperability tests. Read-only."""
    parsed: dict[str, rdflib.Graph] = {}
    formats = {"ttl": "turtle", "rdfxml": "xml", "owl": "xml", "jsonld": "json-ld"}

    def get(to: str) -> rdflib.Graph:
        key = "rdfxml" if to == "owl" else to
        if key not in parsed:
            parsed[key] = rdflib.Graph().parse(xsco_export(key), format=formats[key])
        return parsed[key]

    return get


@pytest.fixture(scope="session", params=["oxigraph", "rdflib"])
def kg_any(request: pytest.FixtureRequest) -> kgtools.KnowledgeGraph:
    """The bundled XSCO on each local engine. Read-only."""
    return kgtools.load(engine=request.param)


@pytest.fixture()
def fresh_kg() -> kgtools.KnowledgeGraph:
    """A new XSCO graph that a test may change."""
    return kgtools.load()


@pytest.fixture()
def ontology_copy(tmp_path: Path) -> Path:
    """A private copy of the ontology folder (edit file, templates, components, mappings) that a
    test may change; the repository's own folder is never touched."""
    import shutil

    source = ROOT / "ontology"
    target = tmp_path / "ontology"
    target.mkdir()
    shutil.copy2(source / "xsco-edit.ttl", target / "xsco-edit.ttl")
    for name in ("templates", "components", "mappings"):
        shutil.copytree(source / name, target / name)
    return target
