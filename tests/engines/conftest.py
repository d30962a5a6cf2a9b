"""Fixtures of the engine tests: the bundled XSCO on every engine, real SPARQL servers included.

The servers (Virtuoso, Oxigraph) are started once per session on 127.0.0.1 with fresh temporary
databases and stopped by PID (see sparql_servers.py). A missing server binary is a skip locally and
a failure when REQUIRE_SPARQL_SERVERS=1 (set by .ci/run).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sparql_servers

import kgtools
from kgtools.resources import ontology_paths

ENGINES = ["oxigraph", "rdflib", "remote-virtuoso", "remote-oxigraph"]


def _server_or_skip(start, tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[sparql_servers.Server]:
    try:
        server = start(tmp_path_factory.mktemp(name), ontology_paths())
    except sparql_servers.ServerUnavailable as missing:
        if os.environ.get("REQUIRE_SPARQL_SERVERS") == "1":
            pytest.fail(f"{missing} (REQUIRE_SPARQL_SERVERS=1)")
        pytest.skip(str(missing))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sparql_servers.Server]:
    """Virtuoso 7 with XSCO in the graph .../asserted (default graph: union of all graphs)."""
    yield from _server_or_skip(sparql_servers.start_virtuoso, tmp_path_factory, "virtuoso")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sparql_servers.Server]:
    """The Oxigraph server (read-only, --union-default-graph) with XSCO in the graph .../asserted."""
    yield from _server_or_skip(sparql_servers.start_oxigraph, tmp_path_factory, "oxigraph")


@pytest.fixture(scope="session", params=["virtuoso", "oxigraph_server"])
def sparql_endpoint(request: pytest.FixtureRequest) -> sparql_servers.Server:
    """Each real server in turn."""
    return request.getfixturevalue(request.param)


_KGS: dict[str, kgtools.KnowledgeGraph] = {}


@pytest.fixture(scope="session", params=ENGINES)
def engine_kg(request: pytest.FixtureRequest) -> kgtools.KnowledgeGraph:
    """The bundled XSCO on each engine: oxigraph, rdflib, and the remote engine on each real server. Read-only."""
    name = request.param
    if name not in _KGS:
        if name.startswith("remote-"):
            server = request.getfixturevalue("virtuoso" if name == "remote-virtuoso" else "oxigraph_server")
            _KGS[name] = kgtools.connect(server.url)
        else:
            _KGS[name] = kgtools.load(engine=name)
    return _KGS[name]


@pytest.fixture(scope="session")
def reference_kg() -> kgtools.KnowledgeGraph:
    """The bundled XSCO on the default engine, the reference the others are compared with."""
    return kgtools.load(engine="oxigraph")
