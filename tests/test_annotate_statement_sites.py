"""benchmarks/annotate_statement_sites.py: the site statements' quotes read back by the annotator."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import kgtools

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "annotate_statement_sites.py"
PAIRS = Path(__file__).resolve().parent / "data" / "statement_sites" / "pairs.tsv"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_statement_sites", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_part_or_a_whole_of_the_stated_site_is_a_hit_and_another_site_a_miss(kg: kgtools.KnowledgeGraph) -> None:
    bench = _module()
    result = bench.score(kg, bench.file_pairs(PAIRS))
    # the cardiac valve named in a type's name; the rotator cuff is part of the shoulder; the hand is not the knee
    assert (result["hits"], result["pairs"]) == (3, 4)
    assert result["verbatim"] == {"pairs": 3, "hits": 2, "recall": 0.6667}
    assert [m["site"] for m in result["misses"]] == ["UBERON:0001465"]
    assert result["per_site"]["knee (UBERON:0001465)"] == {"hits": 0, "pairs": 1}


def test_the_ontology_gives_quoted_site_statements(kg: kgtools.KnowledgeGraph) -> None:
    pairs = _module().statement_pairs(kg)
    assert len(pairs) > 100 and all(site and text for site, text in pairs)


def test_the_script_prints_recall_and_misses(capsys: pytest.CaptureFixture[str]) -> None:
    assert _module().main(["--pairs", str(PAIRS), "--misses"]) == 0
    out = capsys.readouterr().out
    assert "3/4 pairs, recall 75.0 %" in out and "verbatim quotes: 2/3 pairs" in out
    assert "The deposits lie in the hand." in out


def test_a_bad_pairs_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "pairs.tsv"
    bad.write_text("site\tquote\nUBERON:0000946\tx\n", encoding="utf-8")
    assert _module().main(["--pairs", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'site' and a 'text'" in err
