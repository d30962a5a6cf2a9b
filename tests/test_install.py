"""The built wheel carries the ontology and queries and works outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kgtools.resources import shapes_dir
from kgtools.validate import load_qc_rules

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("kgtools-*.whl"))


@pytest.mark.slow
def test_wheel_contents(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "kgtools/data/ontology/xsco-edit.ttl" in names
    assert "kgtools/data/ontology/components/mappings.ttl" in names
    assert "kgtools/data/ontology/templates/README.md" in names
    assert "kgtools/data/queries/disorders-for-type.rq" in names
    assert "kgtools/py.typed" in names
    assert not [n for n in names if n.startswith("tests/")], "tests must not ship"


@pytest.mark.slow
def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import json, kgtools; kg = kgtools.load(); "
        "print(json.dumps([kgtools.__file__, kg.info()['classes'], kg.term('CREST syndrome').curie, "
        "[a.qualifier for a in kg.sites_for('calcinosis') if a.source.endswith('/article/view/31')]]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    location, classes, curie, qualifiers = json.loads(proc.stdout)
    assert location.startswith(str(site)), "the wheel, not the repository, must be imported"
    assert classes > 40 and curie == "XSCO:0000046" and qualifiers == ["most often"] * 3
    cli = subprocess.run(
        [sys.executable, "-m", "kgtools.cli", "query", "sites-for-type", "-P", "type=calcinosis", "-f", "csv"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0 and "most often" in cli.stdout
    # the wheel's components match its templates; its bundled ontology is not written to
    check = subprocess.run([sys.executable, "-m", "kgtools.cli", "sync", "--check"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0 and "up to date" in check.stdout, check.stdout + check.stderr
    write = subprocess.run([sys.executable, "-m", "kgtools.cli", "sync"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, check=False)
    assert write.returncode == 2 and "read-only" in write.stderr and "Traceback" not in write.stderr


# --- web pages (issue 9) ---


@pytest.mark.slow
def test_wheel_ships_the_web_pages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("web.py", "webui/templates/term.html", "webui/templates/differential.html",
                 "webui/static/pico.min.css", "webui/static/app.js", "webui/static/app.css"):
        assert f"kgtools/{name}" in names, name


def test_wheel_ships_shapes_and_qc_queries(wheel: Path, tmp_path: Path) -> None:
    """An installed wheel finds its shapes and QC queries outside the repository (kgtools/resources.py)."""
    names = zipfile.ZipFile(wheel).namelist()
    for rule in load_qc_rules():
        assert f"kgtools/data/queries/qc/{rule.name}.rq" in names
    for shapes in shapes_dir().glob("*.ttl"):
        assert f"kgtools/data/ontology/shapes/{shapes.name}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import kgtools, kgtools.resources as r; "
        "print(r.qc_dir()); print(r.shapes_dir()); "
        "rep = kgtools.load().validate(); print(rep.conforms, len(rep.qc_rules), len(rep.shapes))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(tmp_path),
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert done.returncode == 0, done.stderr
    qc_line, shapes_line, summary = done.stdout.splitlines()
    assert qc_line.startswith(str(site)) and shapes_line.startswith(str(site))
    assert summary == f"True {len(load_qc_rules())} {len(list(shapes_dir().glob('*.ttl')))}"
