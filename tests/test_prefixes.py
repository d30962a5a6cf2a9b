"""kgtools.prefixes: compress/expand give the answers of a curies converter of the same prefix map."""

from __future__ import annotations

import pytest

import kgtools
from kgtools import prefixes
from kgtools.prefixes import PREFIX_MAP, compress, expand

EDGE_CURIES = ["HP:0001", "hp:0001", ":x", "HP:", "HP::1", "http://x", " HP:1", "HP:1 ", "NOSUCH:1", "HP:a:b",
               "obo:HP_1", "urn:x", "XSCO:0000001", "xscoa:A0001"]
EDGE_IRIS = ["", "urn:x", "http://purl.obolibrary.org/obo/HP_", "http://purl.obolibrary.org/obo/XX_1",
             "https://w3id.org/xsco/association/A0001", "http://purl.obolibrary.org/obo/HP_1 x"]


def test_compress_and_expand_agree_with_the_curies_converter() -> None:
    kg = kgtools.load()
    converter = prefixes.converter  # the curies.Converter of PREFIX_MAP
    iris = [t.iri for t in kg.terms()] + [ns + "1" for ns in PREFIX_MAP.values()] + EDGE_IRIS
    assert [compress(i) for i in iris] == [converter.compress(i, passthrough=True) for i in iris]
    curies = [compress(i) for i in iris if compress(i) != i] + EDGE_CURIES
    assert [expand(c) for c in curies] == [converter.expand(c) for c in curies]


@pytest.mark.parametrize("text", ["abc", ""])
def test_expand_refuses_text_without_a_colon_as_curies_does(text: str) -> None:
    with pytest.raises(ValueError):
        prefixes.converter.expand(text)
    with pytest.raises(ValueError):
        expand(text)
