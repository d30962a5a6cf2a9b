"""The ODK layout holds exactly the triples of the former single file (kept here for this one check)."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.compare import isomorphic

from kgtools.resources import ontology_paths

BEFORE = Path(__file__).resolve().parent / "data" / "xsco-before-layout.ttl"


def test_edit_file_and_components_merge_to_the_former_xsco_ttl() -> None:
    merged = rdflib.Graph()
    for path in ontology_paths():
        merged.parse(path, format="turtle")
    before = rdflib.Graph().parse(BEFORE, format="turtle")
    assert len(merged) == len(before) == 12011
    assert isomorphic(merged, before)
