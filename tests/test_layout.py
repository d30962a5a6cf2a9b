"""The ODK-style ontology layout: one edit file, curation tables, generated components, `kgtools sync`.

Every test that changes something works on a private copy of the ontology folder (``ontology_copy``).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kgtools
from kgtools.cli import main
from kgtools.errors import InputError
from kgtools.resources import components_dir, edit_path, ontology_path, ontology_paths, templates_dir
from kgtools.sync import sync
from kgtools.templates import GENERATED_MARK
from kgtools.vocab import RDFS

from .conftest import ROOT


def _merged(paths: list[Path]) -> ox.Dataset:
    """The triples of the Turtle files, as one graph (parsed by pyoxigraph: rdflib took ~2 s for the ontology)."""
    merged = ox.Dataset()
    for path in paths:
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            merged.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    return merged


def _subclass_of(child: str, parent: str) -> ox.Quad:
    x = "https://w3id.org/xsco/XSCO_"
    subclass_of = ox.NamedNode(RDFS + "subClassOf")
    return ox.Quad(ox.NamedNode(x + child), subclass_of, ox.NamedNode(x + parent), ox.DefaultGraph())


def _replace_in_row(path: Path, row_id: str, column: str, value: str) -> int:
    """Set one cell of the row whose first cell is ``row_id``; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    for n, line in enumerate(lines):
        cells = line.split("\t")
        if cells[0] == row_id:
            cells[header.index(column)] = value
            lines[n] = "\t".join(cells)
            path.write_text("\n".join(lines), encoding="utf-8")
            return n + 1
    raise AssertionError(f"{row_id} not in {path}")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the layout in the repository -------------------------------------------------------------


def test_the_bundled_ontology_is_the_edit_file_plus_every_component() -> None:
    paths = ontology_paths()
    assert paths[0] == edit_path() == ROOT / "ontology" / "xsco-edit.ttl"
    assert {p.name for p in paths[1:]} == {
        "calcinosis-cutis-and-schemes.ttl", "core.ttl", "dystrophic-and-imaging.ttl", "external.ttl",
        "mappings.ttl", "mechanisms-and-metastatic.ttl", "ossification.ttl", "radiology-vocabulary.ttl",
        "sources.ttl",
    }
    assert not (ROOT / "ontology" / "xsco.ttl").exists()


def test_components_are_generated_and_say_so() -> None:
    for path in components_dir().glob("*.ttl"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(GENERATED_MARK), path
        assert "`kgtools sync`" in text.split("\n@prefix", 1)[0], path
        assert len(_merged([path])) > 0, path  # parses on its own
    assert GENERATED_MARK not in edit_path().read_text(encoding="utf-8")


def test_components_are_up_to_date() -> None:
    report = sync(check=True)
    assert not report.changed, f"run `kgtools sync`: {report.lines()}"


def test_load_merges_the_edit_file_and_the_components(kg: kgtools.KnowledgeGraph) -> None:
    merged = _merged(ontology_paths())
    assert kg.store.count() == len(merged)
    # one triple from the edit file, one from a template component, one from the mapping component
    assert kg.term("XSCO:0000046").label == "CREST syndrome"
    assert kg.term("XSCO:0001700").label == "fibrodysplasia ossificans progressiva"
    rows = kg.query("SELECT ?o WHERE { <https://w3id.org/xsco/XSCO_0000002> "
                    "<http://www.w3.org/2004/02/skos/core#exactMatch> ?o }")
    assert [str(r["o"]) for r in rows] == ["http://purl.obolibrary.org/obo/HP_0010766"]


def test_deprecated_ontology_path_gives_one_file_with_the_whole_ontology() -> None:
    with pytest.warns(DeprecationWarning, match="ontology_paths"):
        single = ontology_path()
    one, merged = _merged([single]), _merged(ontology_paths())
    # isomorphic: the same triples once blank nodes are named canonically (RDFC-1.0)
    for graph in (one, merged):
        graph.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert len(one) == len(merged) and set(one) == set(merged)


def test_every_label_column_holds_the_label_of_its_curie() -> None:
    """The label columns are filled in the repository (sync --check would report them otherwise)."""
    header = (templates_dir() / "ossification.statements.tsv").read_text(encoding="utf-8").split("\n")[0].split("\t")
    for curie_column in ("subject", "predicate", "object", "scheme"):
        assert header[header.index(curie_column) + 1] == f"{curie_column}_label"
    row = next(line.split("\t") for line in (templates_dir() / "ossification.statements.tsv").read_text(
        encoding="utf-8").split("\n") if line.startswith("xscoa:A1900\t"))
    assert row[1:7] == ["XSCO:0001704", "acquired heterotopic ossification", "RO:0002610", "correlated with",
                        "XSCO:0000047", "trauma"]


# --- sync on a copy -----------------------------------------------------------------------------


def test_sync_rebuilds_deleted_components_byte_for_byte(ontology_copy: Path) -> None:
    components = ontology_copy / "components"
    before = _snapshot(components)
    (components / "core.ttl").unlink()
    (components / "mappings.ttl").write_text("stale", encoding="utf-8")
    report = sync(ontology_copy, check=True)
    assert [p.name for p in report.components] == ["core.ttl", "mappings.ttl"] and not report.templates
    assert not (components / "core.ttl").exists()  # check writes nothing
    sync(ontology_copy)
    assert _snapshot(components) == before
    assert not sync(ontology_copy, check=True).changed


def test_sync_fills_empty_label_cells(ontology_copy: Path) -> None:
    table = ontology_copy / "templates" / "ossification.statements.tsv"
    original = table.read_bytes()
    _replace_in_row(table, "xscoa:A1900", "object_label", "")
    report = sync(ontology_copy, check=True)
    assert report.templates == [table] and report.labels_filled == 1 and not report.components
    sync(ontology_copy)
    assert table.read_bytes() == original


def test_a_wrong_label_is_one_error_naming_file_and_line_and_nothing_is_written(ontology_copy: Path) -> None:
    table = ontology_copy / "templates" / "ossification.statements.tsv"
    line = _replace_in_row(table, "xscoa:A1900", "object_label", "burns")
    (ontology_copy / "components" / "core.ttl").unlink()  # something sync would otherwise write
    before = _snapshot(ontology_copy)
    with pytest.raises(InputError) as caught:
        sync(ontology_copy)
    message = str(caught.value)
    assert message.startswith(
        f"ossification.statements.tsv:{line}: object_label 'burns' is not the label of XSCO:0000047"
    )
    assert "\n" not in message
    assert _snapshot(ontology_copy) == before
    sync(ontology_copy, relabel=True)  # --relabel repairs it
    assert not sync(ontology_copy, check=True).changed


def test_a_renamed_term_flows_into_its_component(ontology_copy: Path) -> None:
    terms = ontology_copy / "templates" / "ossification.terms.tsv"
    _replace_in_row(terms, "XSCO:0001700", "label", "FOP")
    with pytest.raises(InputError, match="is not the label of XSCO:0001700"):
        sync(ontology_copy)  # statement rows still carry the old label
    report = sync(ontology_copy, relabel=True)
    assert {p.name for p in report.components} == {"ossification.ttl"}
    assert report.templates and all(p.name.startswith("ossification.") for p in report.templates)
    assert 'XSCO:0001700 a owl:Class ;' in (ontology_copy / "components" / "ossification.ttl").read_text()
    assert '"FOP"@en' in (ontology_copy / "components" / "ossification.ttl").read_text()


def test_bad_rows_stop_sync_before_anything_is_written(ontology_copy: Path) -> None:
    table = ontology_copy / "templates" / "core.statements.tsv"
    line = _replace_in_row(table, "xscoa:A0900", "predicate", "RO:9999999")
    (ontology_copy / "components" / "core.ttl").unlink()
    before = _snapshot(ontology_copy)
    with pytest.raises(InputError, match=f"^core.statements.tsv:{line}: predicate 'RO:9999999'"):
        sync(ontology_copy)
    assert _snapshot(ontology_copy) == before


def test_an_unlabelled_curie_is_reported(ontology_copy: Path) -> None:
    table = ontology_copy / "templates" / "core.statements.tsv"
    _replace_in_row(table, "xscoa:A0900", "object", "HP:0000001")
    _replace_in_row(table, "xscoa:A0900", "object_label", "")
    with pytest.raises(InputError, match=r"core.statements.tsv:2: object HP:0000001 has no label"):
        sync(ontology_copy)


def test_stale_generated_components_are_removed_and_hand_made_ones_refused(ontology_copy: Path) -> None:
    components = ontology_copy / "components"
    (components / "old-topic.ttl").write_text((components / "core.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    report = sync(ontology_copy, check=True)
    assert [p.name for p in report.removed] == ["old-topic.ttl"]
    sync(ontology_copy)
    assert not (components / "old-topic.ttl").exists()
    (components / "mine.ttl").write_text("@prefix x: <http://x/> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="hand-made file in components"):
        sync(ontology_copy)
    assert (components / "mine.ttl").exists()


def test_a_new_topic_gets_its_own_component(ontology_copy: Path) -> None:
    templates = ontology_copy / "templates"
    header = (templates / "core.terms.tsv").read_text(encoding="utf-8").split("\n")[0]
    cells = dict.fromkeys(header.split("\t"), "")
    cells.update(id="XSCO:0002000", label="test calcification", parent="XSCO:0000002",
                 definition="An extra-skeletal calcification made up for this test.")
    (templates / "vascular.terms.tsv").write_text(header + "\n" + "\t".join(cells.values()) + "\n", encoding="utf-8")
    sync(ontology_copy)
    assert "extra-skeletal calcification" in (templates / "vascular.terms.tsv").read_text(encoding="utf-8")
    assert _subclass_of("0002000", "0000002") in _merged(ontology_paths(ontology_copy))


# --- the CLI verb -------------------------------------------------------------------------------


def test_cli_sync_check_exit_codes(ontology_copy: Path) -> None:
    runner = CliRunner()
    fresh = runner.invoke(main, ["sync", "--check", "--ontology-dir", str(ontology_copy)])
    assert fresh.exit_code == 0 and "up to date" in fresh.stdout
    (ontology_copy / "components" / "core.ttl").unlink()
    stale = runner.invoke(main, ["sync", "--check", "--ontology-dir", str(ontology_copy)])
    assert stale.exit_code == 1 and "stale: components/core.ttl" in stale.stdout and "OUT OF DATE" in stale.stdout
    done = runner.invoke(main, ["sync", "--ontology-dir", str(ontology_copy)])
    assert done.exit_code == 0 and "rewrote: components/core.ttl" in done.stdout
    _replace_in_row(ontology_copy / "templates" / "core.statements.tsv", "xscoa:A0900", "value", "twelve")
    bad = runner.invoke(main, ["sync", "--ontology-dir", str(ontology_copy)])
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1 and "core.statements.tsv:2: value 'twelve' is not a number" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_sync_check_on_the_repository_passes() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        result = CliRunner().invoke(main, ["sync", "--check"])
    assert result.exit_code == 0, result.output


# --- ID ranges and new-term ---------------------------------------------------------------------


def test_every_template_id_lies_in_its_topics_range() -> None:
    from kgtools.idranges import owner_of, read_ranges
    from kgtools.templates import read_templates, topic_of

    ranges = read_ranges(templates_dir())
    kn = read_templates()
    ids = [(t.id, t.where) for t in kn.terms] + [(s.id, s.where) for s in kn.schemes]
    xsco = [(int(i.split(":")[1]), w) for i, w in ids if i.startswith("XSCO:")]
    assert len(xsco) > 250
    for n, where in xsco:
        found = owner_of(n, ranges)
        assert found is not None and found.owner == topic_of(where), (n, where)


def test_an_id_outside_its_topics_range_is_refused(ontology_copy: Path) -> None:
    terms = ontology_copy / "templates" / "core.terms.tsv"
    line = _replace_in_row(terms, "XSCO:0001029", "id", "XSCO:0001799")
    with pytest.raises(InputError, match=f"^core.terms.tsv:{line}: XSCO:0001799 lies in the range of ossification"):
        sync(ontology_copy)


def test_new_term_mints_the_next_free_id_of_the_parents_template(ontology_copy: Path) -> None:
    from kgtools.sync import new_term

    rows = "".join(p.read_text(encoding="utf-8") for p in (ontology_copy / "templates").glob("*.terms.tsv"))
    next_free = max(int(n) for n in re.findall(r"^XSCO:(00017\d\d|00018\d\d)\t", rows, re.M)) + 1
    made = new_term("test ossification", "XSCO:0001702", definition="A heterotopic ossification made up for a test.",
                    folder=ontology_copy)
    # ossification owns 0001700-0001899: the next id is one above the highest of that range in use (read
    # from the copy, so a term added to the ontology does not break this test)
    assert made.curie == f"XSCO:{next_free:07d}"
    assert made.template == ontology_copy / "templates" / "ossification.terms.tsv"
    row = made.template.read_text(encoding="utf-8").split("\n")[made.line - 1].split("\t")
    assert row[:4] == [made.curie, "test ossification", "XSCO:0001702",
                       ("primary bone dysplasia with progressive ossification of skin, skeletal muscle, fascia, "
                        "tendons and ligaments")]
    assert [p.name for p in made.report.components] == ["ossification.ttl"]
    assert _subclass_of(f"{next_free:07d}", "0001702") in _merged(ontology_paths(ontology_copy))
    assert not sync(ontology_copy, check=True).changed
    # the next one counts the first: never the same number twice
    again = new_term("second test ossification", "test ossification", folder=ontology_copy)
    assert again.curie == f"XSCO:{next_free + 1:07d}" and again.parent == made.curie


def test_new_term_defaults_to_core_and_honours_template(ontology_copy: Path) -> None:
    from kgtools.sync import new_term

    core = new_term("test mineralization", "extra-skeletal mineralization", folder=ontology_copy)
    assert core.curie == "XSCO:0001030" and core.template.name == "core.terms.tsv" and core.parent == "XSCO:0000001"
    rows = (ontology_copy / "templates" / "dystrophic-and-imaging.terms.tsv").read_text(encoding="utf-8").splitlines()
    ids = [int(r.split("\t", 1)[0].split(":")[1]) for r in rows[1:] if r.startswith("XSCO:")]
    highest = max(n for n in ids if 1500 <= n <= 1699)  # the topic's first block; its second one waits
    imaging = new_term("test sign", "XSCO:0000001", template="dystrophic-and-imaging", folder=ontology_copy)
    assert imaging.curie == f"XSCO:{highest + 1:07d}"  # one past the highest ID of the topic's first block


def test_new_term_errors_leave_the_folder_as_it_was(ontology_copy: Path) -> None:
    from kgtools.sync import new_term

    before = _snapshot(ontology_copy)
    with pytest.raises(InputError, match="already the label of XSCO:0000046"):
        new_term("CREST syndrome", "XSCO:0000001", folder=ontology_copy)
    with pytest.raises(InputError, match="not a labelled term"):
        new_term("a test term", "XSCO:9999999", folder=ontology_copy)
    with pytest.raises(InputError, match="no template 'vascular'"):
        new_term("a test term", "XSCO:0000001", template="vascular", folder=ontology_copy)
    with pytest.raises(InputError, match="no ID range for 'external'"):
        new_term("a test term", "XSCO:0000001", template="external", folder=ontology_copy)
    # a wrong label elsewhere stops the sync that follows the new row; the row is taken back
    _replace_in_row(ontology_copy / "templates" / "core.statements.tsv", "xscoa:A0900", "object_label", "burns")
    broken = _snapshot(ontology_copy)
    with pytest.raises(InputError, match="object_label 'burns' is not the label"):
        new_term("a test term", "XSCO:0000001", folder=ontology_copy)
    assert _snapshot(ontology_copy) == broken
    assert {k for k, v in before.items() if broken.get(k) != v} == {"templates/core.statements.tsv"}


def test_new_term_on_a_broken_component_is_one_error_and_changes_nothing(ontology_copy: Path) -> None:
    from kgtools.sync import new_term

    (ontology_copy / "components" / "core.ttl").write_text("@prefix x: <urn:x#> .\nx:a x:b", encoding="utf-8")
    before = _snapshot(ontology_copy)
    with pytest.raises(InputError, match=r"^core\.ttl: not valid Turtle"):
        new_term("a test term", "XSCO:0000001", folder=ontology_copy)
    assert _snapshot(ontology_copy) == before


def test_new_term_takes_a_used_up_range_as_an_error(ontology_copy: Path) -> None:
    from kgtools.sync import new_term

    ranges = ontology_copy / "templates" / "id-ranges.tsv"
    ranges.write_text(ranges.read_text(encoding="utf-8").replace("XSCO:0001099", "XSCO:0001029"), encoding="utf-8")
    with pytest.raises(InputError, match="range of 'core' is used up"):
        new_term("a test term", "XSCO:0000001", folder=ontology_copy)


def test_cli_new_term(ontology_copy: Path) -> None:
    result = CliRunner().invoke(main, ["new-term", "test calcification", "--parent", "XSCO:0000002",
                                       "--definition", "A calcification made up for a test.",
                                       "--ontology-dir", str(ontology_copy)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("XSCO:0001030 'test calcification' (subclass of XSCO:0000002) added to "
                                    "templates/core.terms.tsv:28")
    assert "rewrote: components/core.ttl" in result.stdout
    bad = CliRunner().invoke(
        main, ["new-term", "x", "--parent", "nothing like it", "--ontology-dir", str(ontology_copy)]
    )
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "not a labelled term" in bad.stderr


#: The folders and top-level files the repository keeps (text files only are read).
_TRACKED = ("kgtools", "ontology", "tests", "benchmarks", "docs", "queries", "scripts")
_MARKER = re.compile(r"^(<{7}|>{7}) ", re.MULTILINE)


def test_no_merge_conflict_markers() -> None:
    """No file keeps a merge's conflict markers ("<<<<<<< HEAD" / ">>>>>>> branch"): a TSV or Turtle file
    with them can still parse (notes.tsv did), so only this test stops a half-resolved merge."""
    files = [p for d in _TRACKED for p in (ROOT / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in ROOT.iterdir() if p.is_file()]
    marked = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary (a gzip lexicon, an image)
        if _MARKER.search(text):
            marked.append(str(path.relative_to(ROOT)))
    assert not marked, f"merge conflict markers in {marked}"
