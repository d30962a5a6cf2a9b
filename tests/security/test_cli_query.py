"""Issue 15, item 1 for `kgtools query` and `KnowledgeGraph.query`: SERVICE never leaves without --allow-network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kgtools
from kgtools.sandbox import ServiceRefused

from .conftest import Canary


def _service(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?y ?z }} }}"


def test_library_query_refuses_service(kg: kgtools.KnowledgeGraph, canary: Canary) -> None:
    with pytest.raises(ServiceRefused, match="allow-network"):
        kg.query(_service(canary.port))
    hidden = (f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\\\' ?o .\n "
              f"SERVICE <http://127.0.0.1:{canary.port}/> {{ ?x ?y ?z }} }}")
    with pytest.raises(kgtools.KgError):
        kg.query(hidden)
    escaped = _service(canary.port).replace("SERVICE", "\\\\u0053ERVICE")
    with pytest.raises(kgtools.KgError):
        kg.query(escaped)
    assert canary.hits == []
    assert kg.query("ASK { ?s ?p ?o }").boolean is True


@pytest.mark.parametrize("as_file", [False, True])
def test_cli_query_refuses_service_without_allow_network(tmp_path: Path, canary: Canary, as_file: bool) -> None:
    text = _service(canary.port)
    if as_file:
        (tmp_path / "q.rq").write_text(text)
        text = str(tmp_path / "q.rq")
    done = subprocess.run([sys.executable, "-m", "kgtools.cli", "query", text], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 2
    assert "allow-network" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert canary.hits == []
    done = subprocess.run([sys.executable, "-m", "kgtools.cli", "query", "--allow-network", text],
                          capture_output=True, text=True, timeout=120, check=False)
    assert len(canary.hits) == 1  # asked for: the request is made
