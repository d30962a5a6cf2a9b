"""The site hierarchy as UBERON has it (issue 17): scripts/uberon_site_parents.py on a small fixture
(tests/data/uberon_sites: five classes of a release, and edit.obo, eleven stanzas in the form of UBERON's
uberon-edit.obo for --verify), and the committed site rows against the checked relations table
(tests/data/uberon_site_relations.tsv, UBERON release v2026-04-01)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "data" / "uberon_sites"
HEAD, FACE, CHEEK = "UBERON:0000033", "UBERON:0001456", "UBERON:0001567"
ORGAN, MUSCLE, MASSETER = "UBERON:0000062", "UBERON:0014892", "UBERON:0001597"


def _script() -> ModuleType:
    path = ROOT / "scripts" / "uberon_site_parents.py"
    spec = importlib.util.spec_from_file_location("uberon_site_parents", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _script()


def _mini(tmp_path: Path) -> tuple[Path, Path, dict[str, dict[str, object]]]:
    templates = tmp_path / "templates"
    shutil.copytree(MINI / "templates", templates)
    return templates, MINI / "edit.ttl", script.read_release(MINI / "release.json")


# --- mechanics -------------------------------------------------------------------------------------------

def test_nearest_sites_leave_out_an_ancestor_of_another_site(tmp_path: Path) -> None:
    templates, edit, release = _mini(tmp_path)
    sites = script.xsco_sites(templates, edit)
    assert sites == {HEAD, FACE, CHEEK, MUSCLE, MASSETER, ORGAN}  # the rows and the edit file's, not the root
    assert script.nearest_sites(release, CHEEK, sites) == [FACE]  # not the head, an ancestor of the face
    assert script.nearest_sites(release, MASSETER, sites) == [CHEEK, MUSCLE]  # not the organ or the face
    assert script.nearest_sites(release, HEAD, sites) == []
    assert script.shortest_path(release, FACE, HEAD) == [FACE, "UBERON:0001444", HEAD]


def test_relations_keep_the_rows_own_and_leave_new_pairs_to_check(tmp_path: Path) -> None:
    templates, edit, release = _mini(tmp_path)
    pairs = {(r["row"], r["site"]): (r["relation"], r["path"])
             for r in script.build_relations(release, [], templates, edit)}
    assert pairs == {
        (FACE, HEAD): ("", "face > subdivision of head > head"),
        (CHEEK, FACE): ("", "cheek > face"),
        (MUSCLE, ORGAN): ("is_a", "skeletal muscle organ, vertebrate > muscle organ > organ"),
        (MASSETER, CHEEK): ("", "masseter muscle > cheek"),
        (MASSETER, MUSCLE): ("is_a", "masseter muscle > skeletal muscle organ, vertebrate"),
    }
    with pytest.raises(script.ParentsError, match="without a checked relation"):
        script.expected(script.build_relations(release, [], templates, edit), templates)
    checked = [{"row": r, "site": s, "relation": "part_of"}
               for r, s in ((FACE, HEAD), (CHEEK, FACE), (MASSETER, CHEEK))]
    again = script.build_relations(release, checked, templates, edit)
    assert all(r["relation"] for r in again)  # a checked relation is kept from the previous table
    want = script.expected(again, templates)
    assert want == {HEAD: "UBERON:0001062", FACE: f"UBERON:0001062|part_of {HEAD}",
                    CHEEK: f"UBERON:0001062|part_of {FACE}", MUSCLE: ORGAN,
                    MASSETER: f"{MUSCLE}|part_of {CHEEK}"}  # 'part of neck' (no UBERON ancestor) dropped


def test_an_own_placement_is_kept_only_when_the_note_says_so(tmp_path: Path) -> None:
    templates, _edit, _release = _mini(tmp_path)
    table = templates / "mini.terms.tsv"
    lines = table.read_text(encoding="utf-8").split("\n")
    masseter = next(i for i, ln in enumerate(lines) if ln.startswith(MASSETER))
    cells = lines[masseter].split("\t")
    cells[8] = f"Part of the neck is {script.OWN_PLACEMENT}."
    lines[masseter] = "\t".join(cells)
    table.write_text("\n".join(lines), encoding="utf-8")
    relations = [{"row": r, "site": s, "relation": rel} for r, s, rel in
                 ((FACE, HEAD, "part_of"), (CHEEK, FACE, "part_of"), (MUSCLE, ORGAN, "is_a"),
                  (MASSETER, CHEEK, "part_of"), (MASSETER, MUSCLE, "is_a"))]
    assert script.expected(relations, templates)[MASSETER] == \
        f"{MUSCLE}|part_of {HEAD}|part_of UBERON:0000974|part_of {CHEEK}"


def test_no_part_of_organ_tissue_or_a_kind_of_them_that_is_part_of_nothing(tmp_path: Path) -> None:
    """A part of an organ is somewhere in some organ: the differential would read it as part of every organ."""
    templates, _edit, _release = _mini(tmp_path)
    relations = [{"row": r, "site": s, "relation": rel} for r, s, rel in
                 ((FACE, HEAD, "part_of"), (CHEEK, FACE, "part_of"), (CHEEK, ORGAN, "part_of"),
                  (MUSCLE, ORGAN, "is_a"), (MASSETER, CHEEK, "part_of"), (MASSETER, MUSCLE, "is_a"),
                  (FACE, MUSCLE, "part_of"))]
    assert script.granularity_kinds(relations) == {ORGAN, "UBERON:0000479", MUSCLE}
    want = script.expected(relations, templates)
    assert want[CHEEK] == f"UBERON:0001062|part_of {FACE}" and want[FACE] == f"UBERON:0001062|part_of {HEAD}"
    located = [*relations, {"row": MUSCLE, "site": HEAD, "relation": "part_of"}]  # a muscle of the head only
    assert script.granularity_kinds(located) == {ORGAN, "UBERON:0000479"}
    assert script.expected(located, templates)[FACE] == f"UBERON:0001062|part_of {HEAD}|part_of {MUSCLE}"


def test_rewrite_changes_only_the_parent_cells_and_notes(tmp_path: Path) -> None:
    templates, _edit, _release = _mini(tmp_path)
    table = templates / "mini.terms.tsv"
    before = table.read_text(encoding="utf-8").split("\n")
    assert script.rewrite({FACE: f"UBERON:0001062|part_of {HEAD}", HEAD: "UBERON:0001062"}, "v9", templates) == 1
    after = table.read_text(encoding="utf-8").split("\n")
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    cells = after[changed[0]].split("\t")
    assert cells[:4] == [FACE, "face", f"UBERON:0001062|part_of {HEAD}", ""]  # sync fills the labels
    assert cells[8] == '"Face" as reports write it. ' + script.CHECKED.format(release="v9")  # quote kept as is


def test_a_bad_table_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "relations.tsv"
    bad.write_text("row\tsite\n", encoding="utf-8")
    monkeypatch.setattr(script, "RELATIONS", bad)
    assert script.main(["--check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "first line" in err
    bad.write_text("# UBERON release v1\n" + "\t".join(script.COLUMNS) + "\nU:1\ta\tU:2\tb\tkind_of\tx\n",
                   encoding="utf-8")
    assert script.main(["--check"]) == 2
    assert "neither is_a nor part_of" in capsys.readouterr().err


def test_the_edit_files_classes_are_read_and_checked_like_the_rows(tmp_path: Path) -> None:
    """A named UBERON superclass is is_a, a part_of restriction part_of; a missing pair is reported and a
    part_of to a granularity kind is kept only where the edit file asserts it (the seed's own axiom)."""
    edit = tmp_path / "edit.ttl"
    edit.write_text((MINI / "edit.ttl").read_text(encoding="utf-8") + """
obo:UBERON_0001134 a owl:Class ; rdfs:subClassOf obo:UBERON_0001062 ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty obo:BFO_0000050 ; owl:someValuesFrom obo:UBERON_0014892 ] .
obo:UBERON_0002113 a owl:Class ; rdfs:subClassOf obo:UBERON_0000062 ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty obo:BFO_0000050 ; owl:someValuesFrom obo:UBERON_0000916 ] .
""", encoding="utf-8")
    have = script.edit_parents(edit)
    assert have == {ORGAN: {}, "UBERON:0001134": {MUSCLE: "part_of"},
                    "UBERON:0002113": {ORGAN: "is_a", "UBERON:0000916": "part_of"}}
    relations = [{"row": r, "site": s, "relation": rel} for r, s, rel in
                 ((MUSCLE, ORGAN, "is_a"), (MASSETER, MUSCLE, "is_a"), ("UBERON:0001134", MUSCLE, "part_of"),
                  ("UBERON:0001134", "UBERON:0000479", "is_a"), ("UBERON:0002113", ORGAN, "is_a"),
                  ("UBERON:0002113", "UBERON:0000916", "part_of"), ("UBERON:0002113", MUSCLE, "part_of"))]
    want = script.expected_edit(relations, have, tmp_path / "none")
    assert want["UBERON:0002113"] == have["UBERON:0002113"]  # a part of a mere kind (the muscle) is not added
    assert want["UBERON:0001134"] == {MUSCLE: "part_of", "UBERON:0000479": "is_a"}  # the kind is missing


def test_the_checked_column_takes_edit_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "relations.tsv"
    bad.write_text("# UBERON release v1\n" + "\t".join(script.COLUMNS) + "\nU:1\ta\tU:2\tb\tis_a\tpath\tx\n",
                   encoding="utf-8")
    monkeypatch.setattr(script, "RELATIONS", bad)
    assert script.main(["--check"]) == 2
    assert "neither 'edit' nor empty" in capsys.readouterr().err


# --- content: the committed rows ---------------------------------------------------------------------------

def test_the_site_rows_have_the_parents_of_the_checked_table() -> None:
    """Every UBERON terms row has exactly the parents the table derives (rerun the script at a new release)."""
    version, relations = script.read_relations()
    assert version == "v2026-04-01"
    current = {row["id"]: row["parent"] for _path, row in script.template_rows()}
    want = script.expected(relations)
    differ = {c: (current[c], want[c]) for c in current if current[c] != want[c]}
    assert not differ, ("site rows whose parents are not the table's (a new UBERON row or a changed parent: run "
                        f"scripts/uberon_site_parents.py --excerpt, check the new pairs, --write): {differ}")
    sites = script.xsco_sites()
    for r in relations:
        assert r["row"] in sites and r["site"] in sites, r
        path = r["path"].split(" > ")
        assert path[0] == r["row_label"] and path[-1] == r["site_label"], r


def test_regions_roll_up_as_uberon_has_them() -> None:
    """The examples of issue 17: the face is part of the head, the buttock of the pelvic region (and, through the
    pelvic girdle region, of the pelvic complex: the leg with its girdle), the abdomen of the trunk; a thigh bone
    is an organ and part of the thigh and of the appendicular skeleton."""
    cells = {row["id"]: row["parent"] for _path, row in script.template_rows()}
    assert cells[FACE] == f"UBERON:0001062|part_of {HEAD}"
    assert cells["UBERON:0013691"] == "UBERON:0001062|part_of UBERON:0002355|part_of UBERON:0010709"
    assert cells["UBERON:0000916"] == "UBERON:0001062|part_of UBERON:0002100"
    assert cells["UBERON:0000981"] == f"{ORGAN}|part_of UBERON:0000376|part_of UBERON:0002091"


def test_the_edit_files_sites_have_the_parents_of_the_checked_table() -> None:
    """The seed's UBERON classes (xsco-edit.ttl) have their nearest XSCO sites as parents: the kidney is an
    organ and part of the abdomen; the hip and the shoulder, in UBERON parts of the pelvic and pectoral
    complexes (XSCO site rows: each limb with its girdle region), are parts of those; skeletal muscle tissue
    keeps the seed's part_of."""
    _version, relations = script.read_relations()
    have = script.edit_parents()
    want = script.expected_edit(relations, have)
    assert {c: have[c] for c in want} == want
    assert want["UBERON:0002113"] == {ORGAN: "is_a", "UBERON:0000916": "part_of"}
    assert want["UBERON:0001464"] == {"UBERON:0010709": "part_of"}
    assert want["UBERON:0001467"] == {"UBERON:0010708": "part_of"}
    assert want["UBERON:0001134"] == {"UBERON:0000479": "is_a", MUSCLE: "part_of"}


def test_relations_read_in_uberons_edit_file_are_marked() -> None:
    """The ``checked`` column names the pairs read in src/ontology/uberon-edit.obo: the kidney part of the
    abdomen (relationship: part_of), the umbilicus a tissue (is_a, as UBERON has it) and part of the abdomen."""
    _version, relations = script.read_relations()
    edit = {(r["row"], r["site"]): r["relation"] for r in relations if r["checked"] == script.EDIT_CHECKED}
    assert edit[("UBERON:0002113", "UBERON:0000916")] == "part_of"
    assert edit[("UBERON:0007118", "UBERON:0000479")] == "is_a"
    assert edit[("UBERON:0007118", "UBERON:0000916")] == "part_of"
    assert all(r["relation"] for r in relations)


def test_marks_from_the_edit_files_asserted_edges_alone() -> None:
    """--verify's marks (uberon commit 01df342): the face part of the head (a subdivision of the head, which is
    part of it), the femur an organ (long bone, bone element, skeletal element, organ) and part of the thigh; the
    acromioclavicular joint a skeletal joint (its genus) but not marked a shoulder joint, which only the reasoner
    infers; the rectus femoris, a muscle organ part of the quadriceps, not marked a kind of skeletal muscle organ."""
    _version, relations = script.read_relations()
    checked = {(r["row"], r["site"]): r["checked"] for r in relations}
    assert script.edit_commit() == "01df342049588a3b71ab12d9479e3713ff575c50"
    for pair in ((FACE, HEAD), ("UBERON:0000981", ORGAN), ("UBERON:0000981", "UBERON:0000376"),
                 ("UBERON:0003692", "UBERON:0000982")):
        assert checked[pair] == script.EDIT_CHECKED, pair
    assert checked[("UBERON:0003692", "UBERON:0016884")] == checked[("UBERON:0001378", MUSCLE)] == ""


# --- verifying the table against UBERON's edit file (tests/data/uberon_sites/edit.obo) ------------------------

EDIT_OBO = MINI / "edit.obo"
SUBDIVISION, TISSUE, NECK, MUSCLE_ORGAN = "UBERON:0001444", "UBERON:0001134", "UBERON:0000974", "UBERON:0005090"


def test_the_edit_obo_reader_keeps_kinds_and_wholes() -> None:
    """is_a and the intersection genus are kinds, relationship part_of (or BFO:0000050) and the part_of
    differentia wholes; qualifiers, comments, other relations, typedefs and obsolete classes are left out."""
    graph = script.read_edit_obo(EDIT_OBO)
    assert graph[CHEEK] == {"is_a": {SUBDIVISION}, "part_of": {FACE}}
    assert graph[MASSETER] == {"is_a": {MUSCLE}, "part_of": {CHEEK}}
    assert graph[FACE] == {"is_a": {SUBDIVISION}, "part_of": set()}
    assert graph[MUSCLE] == {"is_a": {MUSCLE_ORGAN, ORGAN}, "part_of": set()}
    assert graph["UBERON:0009999"] == {"is_a": set(), "part_of": set()}
    assert "part_of" not in graph and len(graph) == 11


@pytest.mark.parametrize(("row", "site", "relation"), [
    (MASSETER, ORGAN, "is_a"),        # an is_a chain: masseter > skeletal muscle organ > muscle organ > organ
    (MASSETER, CHEEK, "part_of"),     # relationship: part_of
    (CHEEK, FACE, "part_of"),         # the part_of differentia of an intersection
    (SUBDIVISION, HEAD, "part_of"),   # the same, of the class on the way
    (FACE, HEAD, "part_of"),          # a kind of a part is a part
    (TISSUE, ORGAN, "part_of"),       # a part of a kind is a part
    (MASSETER, HEAD, "part_of"),      # parts all the way up
    (CHEEK, SUBDIVISION, "is_a"),     # a kind by its genus, though also a part of it through the face
    (MASSETER, NECK, ""),             # in_lateral_side_of is no part_of, and a part_of in humans only (a
                                      # gci_filler) is no part_of of every masseter: not reached
    (HEAD, FACE, ""),                 # has_part is not read backwards
    (FACE, CHEEK, ""),                # nor is any edge
])
def test_the_edit_file_gives_a_kind_only_when_every_step_is_is_a(row: str, site: str, relation: str) -> None:
    assert script.edit_relation(script.read_edit_obo(EDIT_OBO), row, site) == relation


def _table(tmp_path: Path, rows: list[tuple[str, str, str, str]], first: str = "# UBERON release v9") -> Path:
    table = tmp_path / "relations.tsv"
    lines = [first, "\t".join(script.COLUMNS)]
    lines += ["\t".join((row, "r", site, "s", relation, checked, "r > s")) for row, site, relation, checked in rows]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return table


def test_verify_marks_what_the_edit_file_gives_and_lists_what_it_types_otherwise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path, [(FACE, HEAD, "part_of", ""), (MASSETER, MUSCLE, "is_a", ""),
                              (CHEEK, FACE, "is_a", "edit"), (MASSETER, NECK, "part_of", "edit"),
                              ("UBERON:0001567x", FACE, "part_of", "edit"), ("UBERON:0002000", HEAD, "is_a", "")])
    monkeypatch.setattr(script, "RELATIONS", table)
    assert script.main(["--verify", str(EDIT_OBO), "--edit-commit", "0123abc"]) == 1
    out, err = capsys.readouterr()
    assert out == f"{CHEEK}\tr\t{FACE}\ts\tis_a -> part_of\n"  # the relation is left to the curator
    assert "2 checked in edit.obo, 1 typed otherwise there" in err and "1 not reached" in err
    assert "2 whose row it has no stanza for (1 of them marked before, kept)" in err
    version, rows = script.read_relations(table)
    assert version == "v9" and script.edit_commit(table) == "0123abc"
    assert [(r["row"], r["relation"], r["checked"]) for r in rows] == [
        (FACE, "part_of", "edit"), (MASSETER, "is_a", "edit"), (CHEEK, "is_a", ""), (MASSETER, "part_of", ""),
        ("UBERON:0001567x", "part_of", "edit"), ("UBERON:0002000", "is_a", "")]  # no stanza: marks kept
    _table(tmp_path, [(FACE, HEAD, "part_of", ""), (CHEEK, FACE, "part_of", "")],
           first=table.read_text(encoding="utf-8").split("\n")[0])
    assert script.main(["--verify", str(EDIT_OBO)]) == 0  # the commit named before is kept
    assert script.edit_commit(table) == "0123abc"
    assert {r["checked"] for r in script.read_relations(table)[1]} == {"edit"}


def test_verify_with_a_bad_edit_file_is_one_line_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path, [(FACE, HEAD, "part_of", "edit")])
    before = table.read_text(encoding="utf-8")
    monkeypatch.setattr(script, "RELATIONS", table)
    not_obo = tmp_path / "edit.ttl"
    not_obo.write_text("@prefix obo: <http://purl.obolibrary.org/obo/> .\n", encoding="utf-8")
    no_id = tmp_path / "no-id.obo"
    no_id.write_text("[Term]\nname: face\n", encoding="utf-8")
    cases = (([str(tmp_path / "missing.obo")], "cannot read"), ([str(not_obo)], "no [Term] stanza"),
             ([str(no_id)], "without an id"), ([str(EDIT_OBO), "--edit-commit", "main"], "not a git commit"))
    for argv, words in cases:
        assert script.main(["--verify", *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err
    monkeypatch.setattr(script, "MAX_EDIT_OBO_BYTES", EDIT_OBO.stat().st_size - 1)  # a file over the bound: refused
    assert script.main(["--verify", str(EDIT_OBO)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "larger than" in err, err
    assert table.read_text(encoding="utf-8") == before  # nothing written
