"""columns.yaml: headers mapped by hand, applied and reported by validate and build."""

from __future__ import annotations

import json

import pytest
from conftest import TINY, TODAY, write_folder

from labmetrics import read
from labmetrics.cli import main
from labmetrics.dataset import read_folder
from labmetrics.errors import ConfigError, InputError
from labmetrics.store import build

# The tiny folder with a join-date header that no alias guesses.
GROUPS = TINY["groups.csv"].replace("network_joined_on", "Quando entrou pra rede")


@pytest.fixture
def folder(tmp_path):
    return write_folder(tmp_path / "data", {**TINY, "groups.csv": GROUPS})


def test_the_template_is_an_empty_map_with_instructions(tmp_path):
    path = read.write_template(tmp_path)
    assert path == tmp_path / "columns.yaml"
    text = path.read_text(encoding="utf-8")
    assert all(line.startswith("#") or not line.strip() for line in text.splitlines())
    assert "network_joined_on" in text and "docs/data-dictionary.md" in text
    assert read.read_column_map(tmp_path).by_target == {}
    path.write_text("groups:\n  X: name\n", encoding="utf-8")
    read.write_template(tmp_path)
    assert path.read_text(encoding="utf-8") == "groups:\n  X: name\n"


def test_without_the_map_the_header_is_ignored_and_the_column_absent(folder):
    data = read_folder(folder, today=TODAY)
    assert [c["header"] for c in data.ignored_columns] == ["Quando entrou pra rede"]
    assert "network_joined_on" in data.absent_columns("groups")
    assert data.groups["network_joined_on"].isna().all()


def test_validate_applies_the_map_and_reports_it(folder, capsys):
    (folder / "columns.yaml").write_text(
        "# headers of our spreadsheet\n"
        "groups:\n"
        "  \"QUANDO ENTROU PRA REDE\": network_joined_on\n", encoding="utf-8")
    data = read_folder(folder, today=TODAY)
    assert data.ignored_columns == []
    assert data.mapped_columns == [{"dataset": "groups", "file": "groups.csv",
                                    "header": "Quando entrou pra rede",
                                    "column": "network_joined_on", "line": 3}]
    assert data.groups.set_index("group_id")["network_joined_on"].notna().tolist() == \
        [True, False]
    absent = data.absent_columns("groups")
    assert "network_joined_on" not in absent
    assert {"open_tech", "themes", "latitude", "website", "mapped_by", "status"} <= set(absent)
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Columns mapped by columns.yaml (1):\n- groups.csv: 'Quando entrou pra rede' read " \
           "as network_joined_on (columns.yaml, line 3)" in out


def test_build_records_mapped_and_ignored_columns(folder, tmp_path, capsys):
    (folder / "columns.yaml").write_text("groups.csv:\n  Quando entrou pra rede: "
                                         "network_joined_on\nusage:\n  Observações: hours\n",
                                         encoding="utf-8")
    usage = TINY["usage.csv"].replace("participants", "participantes,Dt de uso")
    usage = usage.replace(",3\n", ",3,x\n").replace(",40\n", ",40,y\n")
    (folder / "usage.csv").write_text(usage, encoding="utf-8")
    out_dir = tmp_path / "processed"
    assert main(["build", str(folder), "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    report = json.loads((out_dir / "validation.json").read_text(encoding="utf-8"))
    assert report["mapped_columns"] == [{"dataset": "groups", "file": "groups.csv",
                                         "header": "Quando entrou pra rede",
                                         "column": "network_joined_on", "line": 2}]
    assert "Columns mapped by columns.yaml (1):" in printed
    assert [(c["file"], c["header"], c["did_you_mean"]) for c in report["ignored_columns"]] \
        == [("usage.csv", "Dt de uso", None)]  # close to date, but date is read already
    assert "Ignored columns (1), also in validation.json:\n  usage.csv: 'Dt de uso' is not a " \
           "column of 'usage'." in printed
    assert any("'Observações' it maps to 'hours' is not in this file" in w
               for w in report["warnings"])
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["column_map"] == "columns.yaml"
    groups = next(i for i in manifest["inputs"] if i["dataset"] == "groups")
    assert "network_joined_on" in groups["columns"] and "status" not in groups["columns"]


def test_a_mapped_header_the_file_lacks_is_a_warning(folder):
    (folder / "columns.yaml").write_text("usage:\n  Horas utilizadas: hours\n",
                                         encoding="utf-8")
    data = read_folder(folder, today=TODAY)
    assert any("columns.yaml, line 2: the header 'Horas utilizadas'" in w
               and "is not in this file" in w for w in data.warnings)


def test_a_file_name_key_wins_over_its_data_set(folder):
    (folder / "columns.yaml").write_text(
        "groups:\n  Quando entrou pra rede: mapped_by\n"
        "Groups.CSV:\n  Quando entrou pra rede: network_joined_on\n", encoding="utf-8")
    data = read_folder(folder, today=TODAY)
    assert [m["column"] for m in data.mapped_columns] == ["network_joined_on"]


def test_mapping_a_header_onto_a_column_the_file_has_names_both(folder):
    (folder / "columns.yaml").write_text("groups:\n  Quando entrou pra rede: mapped_on\n",
                                         encoding="utf-8")
    with pytest.raises(InputError, match=r"'mapped_on' and 'Quando entrou pra rede' \(column "
                                         r"8\) both mean 'mapped_on' \('Quando entrou pra "
                                         r"rede' by columns.yaml, line 2\)"):
        read_folder(folder, today=TODAY)


@pytest.mark.parametrize(("text", "line", "message", "fix"), [
    ("grupos_2018:\n  X: name\n", 1, "'grupos_2018' is neither a data set nor a file",
     "write one of spaces, groups, usage, projects"),
    ("groups:\n  Nome fantasia: nickname\n", 2,
     "'Nome fantasia' is mapped to 'nickname', which is not a column of 'groups'",
     "write one of the columns of groups: group_id, name"),
    ("groups:\n  Quando: network_joined_on\n  quando : mapped_on\n", 3,
     "the header 'quando' is mapped twice (also on line 2)", "keep one of the two lines"),
    ("groups:\n  Quando: [network_joined_on]\n", 2,
     "'Quando' is mapped to 'a list', which is not a column", "write one of the columns"),
    ("groups:\n  - Quando\n", 2, "'groups' should be a list of `key: value` lines",
     "header as written: column"),
    ("groups:\n  Quando: network_joined_on\n bad: indent\n", 3, "is not valid YAML",
     "correct the YAML at that line"),
    ("notes.txt:\n  X: name\n", 1, "the file 'notes.txt' is not named like any data set",
     "rename the file after its data set"),
    ("groups:\n  '---': name\n", 2, "the header '---' has no letters or digits",
     "write the header as it appears"),
])
def test_every_mistake_in_the_map_names_its_line_and_the_fix(folder, capsys, text, line,
                                                             message, fix):
    (folder / "notes.txt").write_text("not data\n", encoding="utf-8")
    (folder / "columns.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read.read_column_map(folder)
    assert err.value.file == str(folder / "columns.yaml")
    assert err.value.line == line
    assert message in err.value.message
    assert fix in err.value.fix
    # The command says it in one paragraph and exits 2, without a traceback.
    assert main(["validate", str(folder)]) == 2
    printed = capsys.readouterr().err.strip()
    assert printed.startswith("labmetrics: ") and message in printed and "\n" not in printed


def test_build_on_a_bad_map_leaves_the_output_alone(folder, tmp_path):
    out_dir = tmp_path / "processed"
    build(folder, out_dir)
    before = (out_dir / "manifest.json").read_bytes()
    (folder / "columns.yaml").write_text("groups:\n  X: nickname\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        build(folder, out_dir)
    assert (out_dir / "manifest.json").read_bytes() == before
