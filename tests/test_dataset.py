"""LabData: read_folder, load of raw and processed folders, describe_validation."""

from __future__ import annotations

import hashlib

import geopandas as gpd
import pandas as pd
import pytest
from conftest import MESSY_DIR, TODAY

from labmetrics import __version__, config, dataset, store
from labmetrics.dataset import FileAccount, LabData
from labmetrics.errors import InputError
from labmetrics.schema import DATASETS, PLACE_COLUMNS


def test_read_folder_follows_the_table_contract(messy):
    for name in ("groups", "spaces"):
        table = messy.table(name)
        assert isinstance(table, gpd.GeoDataFrame)
        assert table.crs == "EPSG:4326"
        # The contacts are kept apart; the district worked out stands beside the one typed.
        shown = [c for c in DATASETS[name].names if c not in DATASETS[name].personal]
        shown.insert(shown.index("district") + 1, "district_name")
        rest = [c for c in PLACE_COLUMNS if c != "district_name"]
        assert list(table.columns) == [*shown, *rest, "geometry"]
        assert str(table["district_code"].dtype) == "Int64"
        assert str(table["subprefeitura_code"].dtype) == "Int64"
        assert str(table["region"].dtype) == "string"
    groups = messy.groups.set_index("group_id")
    assert groups.loc["G001", "district_name"] == "Cangaíba"
    assert groups.loc["G001", "region"] == "Leste"
    assert groups.loc["G001", "geometry"] is None
    assert groups.loc["G003", "geometry"].y == pytest.approx(-23.566)
    assert list(messy.usage.columns) == DATASETS["usage"].names
    assert str(messy.usage["date"].dtype) == "datetime64[ns]"
    assert str(messy.usage["participants"].dtype) == "Int64"
    assert str(messy.projects["open_data_used"].dtype) == "boolean"
    assert len(messy.districts) == 96
    assert len(messy.subprefeituras) == 32
    assert messy.source == MESSY_DIR


def test_manifest_records_every_input(messy):
    manifest = messy.manifest
    assert manifest["labmetrics_version"] == __version__
    assert manifest["created_utc"].endswith("+00:00")
    inputs = {i["dataset"]: i for i in manifest["inputs"]}
    assert list(inputs) == list(config.DATASETS)
    usage = inputs["usage"]
    assert usage["file"] == "uso.csv"
    assert usage["sha256"] == hashlib.sha256((MESSY_DIR / "uso.csv").read_bytes()).hexdigest()
    assert (usage["rows"], usage["valid"], usage["quarantined"]) == (13, 4, 9)
    assert (usage["encoding"], usage["delimiter"]) == ("cp1252", ";")


def test_describe_validation(messy):
    text = messy.describe_validation(max_rows=3)
    lines = text.splitlines()
    assert lines[0] == f"Validation of {MESSY_DIR} (labmetrics {__version__})"
    assert any(line.split() == ["usage", "uso.csv", "13", "4", "9"] for line in lines)
    assert any(line.split() == ["total", "43", "18", "25"] for line in lines)
    assert "Warnings (1):" in text
    assert "Quarantine: 29 problem(s) in 25 row(s); the first 3:" in text
    assert "-46,75, -23,40" in text  # the first quarantine line
    assert "hackathon" not in text  # beyond the first 3


def test_describe_validation_of_clean_tables():
    data = LabData.from_frames(spaces=pd.DataFrame({"space_id": ["A"], "name": ["A"]}))
    data.accounting.append(FileAccount("spaces", "spaces.csv", 1, 1, 0))
    text = data.describe_validation()
    assert "tables built in code" in text
    assert text.endswith("Quarantine: empty; every row read is valid.")


def test_a_derived_table_is_worked_out_once_while_its_tables_stay():
    data = LabData.from_frames(spaces=pd.DataFrame({"space_id": ["A"], "name": ["A"]}))
    calls = []

    def count() -> int:
        calls.append(len(data.spaces))
        return len(calls)

    assert data.derived("n", ("spaces",), count) == 1
    assert data.derived("n", ("spaces",), count) == 1  # once
    assert data.derived("other", ("spaces",), count) == 2  # each key its own
    # A table given anew is not the one the value was worked out from: worked out again.
    data.spaces = data.spaces.iloc[:0]
    assert data.derived("n", ("spaces",), count) == 3
    assert calls == [1, 1, 0]


def test_from_frames_still_places_and_coerces():
    data = LabData.from_frames(
        groups=pd.DataFrame({"group_id": ["G1"], "name": ["Um"], "district": ["SAO MIGUEL"],
                             "open_tech": ["open_data|free_software"],
                             "mapped_on": ["2017-05-10"]}))
    assert data.groups["district_code"].tolist() == [74]
    assert data.groups["open_tech"].tolist() == [["open_data", "free_software"]]
    assert data.groups["mapped_on"].tolist() == [pd.Timestamp("2017-05-10")]
    assert len(data.usage) == 0
    assert list(data.usage.columns) == DATASETS["usage"].names


@pytest.mark.parametrize("lists_from_rows", [None, 0], ids=["as-built", "lists-by-pyarrow"])
def test_load_of_a_processed_folder_gives_the_same_tables(tmp_path, messy, monkeypatch,
                                                         lists_from_rows):
    # Lists of codes are read by pyarrow from a large file only: with no threshold, every
    # file of the messy folder is read that way too, and gives the same tables.
    if lists_from_rows is not None:
        monkeypatch.setattr(dataset, "_LISTS_FROM_ROWS", lists_from_rows)
    out = tmp_path / "processed"
    store.build(MESSY_DIR, out, include_contacts=True)
    # Both read with the real clock: a build judges "the future" by today's date.
    raw = dataset.load(MESSY_DIR)
    back = dataset.load(out)
    for name in DATASETS:
        pd.testing.assert_frame_equal(pd.DataFrame(back.table(name, contacts=True)),
                                      pd.DataFrame(raw.table(name, contacts=True)))
    assert isinstance(back.groups, gpd.GeoDataFrame)
    assert back.groups.crs == "EPSG:4326"
    pd.testing.assert_frame_equal(back.quarantine, raw.quarantine)
    assert back.accounting == raw.accounting
    assert back.warnings == raw.warnings
    assert back.manifest["personal_data"] is True
    assert back.source == out


def test_load_of_a_public_build_has_empty_contact_columns(tmp_path):
    out = tmp_path / "processed"
    store.build(MESSY_DIR, out)
    back = dataset.load(out)
    personal = DATASETS["groups"].personal
    assert not set(personal) & set(back.groups.columns)
    with pytest.warns(dataset.PersonalDataWarning):
        contacts = back.contacts()
    assert list(contacts.columns) == ["group_id", "name", *personal]
    assert contacts[personal].isna().all().all()
    assert contacts["group_id"].tolist() == back.groups["group_id"].tolist()
    raw = dataset.load(MESSY_DIR, today=TODAY)
    public = DATASETS["groups"].names
    public = [c for c in public if c not in personal]
    pd.testing.assert_frame_equal(pd.DataFrame(back.groups[public]),
                                  pd.DataFrame(raw.groups[public]))


def test_load_of_a_damaged_processed_folder(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(InputError, match="incomplete or damaged"):
        dataset.load(tmp_path)


@pytest.mark.parametrize("damage", ["points", "geo metadata"])
def test_load_of_a_processed_folder_with_damaged_geometry_says_to_build_again(tmp_path,
                                                                              damage):
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "processed"
    store.build(config.SAMPLE_DIR, out)
    table = pq.read_table(out / "spaces.parquet")
    if damage == "points":  # the geo metadata says WKB; the bytes are not
        column = table.schema.get_field_index("geometry")
        table = table.set_column(column, table.schema.field(column),
                                 pa.array([b"\x01\x01"] * len(table), pa.binary()))
    else:  # a geometry column with no word of what it holds
        table = table.replace_schema_metadata({k: v for k, v in table.schema.metadata.items()
                                               if k != b"geo"})
    pq.write_table(table, out / "spaces.parquet")
    with pytest.raises(InputError, match="incomplete or damaged") as raised:
        dataset.load(out)
    assert "labmetrics build" in str(raised.value)


def test_load_reads_the_bundled_sample_by_default():
    data = dataset.load()
    assert data.source == config.SAMPLE_DIR
    assert [a.file for a in data.accounting] == ["spaces.csv", "groups.csv", "usage.csv",
                                                 "projects.csv"]
    assert all(a.balanced and a.valid > 0 for a in data.accounting)
    assert data.totals.quarantined == data.quarantine["line"].groupby(
        data.quarantine["file"]).nunique().sum()


def test_load_names_the_missing_sample(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "SAMPLE_DIR", tmp_path / "nowhere")
    with pytest.raises(InputError) as info:
        dataset.load()
    assert str(tmp_path / "nowhere") in info.value.describe()


# ---------------------------------------------------------------------------- where data is

def test_a_relative_path_is_read_from_the_project_root_wherever_the_call_is_made(
        tmp_path, monkeypatch):
    # As in a notebook under notebooks/, or any folder outside the checkout.
    monkeypatch.chdir(tmp_path)
    assert dataset.data_folder("data/raw/sample") == config.SAMPLE_DIR
    assert dataset.data_folder(None) == config.SAMPLE_DIR
    # What exists from the current folder wins.
    (tmp_path / "data" / "raw" / "sample").mkdir(parents=True)
    assert dataset.data_folder("data/raw/sample") == tmp_path / "data" / "raw" / "sample"


def test_a_missing_folder_names_every_path_looked_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        dataset.load("data/raw/missing")
    text = str(caught.value)
    assert str(tmp_path / "data" / "raw" / "missing") in text
    assert str(config.ROOT / "data" / "raw" / "missing") in text
    fix = caught.value.fix
    assert "data/raw/missing" not in fix and str(config.SAMPLE_DIR) in fix


def test_a_processed_folder_never_built_says_to_build_it(tmp_path):
    folder = tmp_path / "processed"
    folder.mkdir()
    (folder / ".gitkeep").touch()
    with pytest.raises(InputError, match="has not been built yet") as caught:
        dataset.load(folder)
    assert f"labmetrics build {config.SAMPLE_DIR} --out {folder}" in caught.value.fix


# ---------------------------------------------------------------------------- in a notebook

def test_labdata_reads_as_a_short_summary(messy):
    text = repr(messy)
    lines = text.splitlines()
    assert lines[0] == "<LabData: spaces 4, groups 7, usage 4, projects 3>"
    assert len(lines) < 10
    assert f"{messy.totals.quarantined} row(s) set aside" in text
    assert "sample data" not in text
    period = messy.period
    assert f"{period[0].date()} – {period[1].date()}" in text
    html = messy._repr_html_()
    assert "<table" in html and ".contacts()" in html and "projetos.csv" in html
    summary = messy.summary()
    assert summary.loc["groups", "rows"] == len(messy.groups)
    assert str(summary["rows"].dtype) == "Int64"


def test_the_sample_says_it_is_invented():
    data = dataset.load()
    assert data.is_sample
    assert "(sample data: invented figures)" in repr(data)
    assert "sample data" in data._repr_html_()


def test_contacts_come_only_on_request_and_with_a_warning(messy):
    personal = DATASETS["groups"].personal
    assert not set(personal) & set(messy.groups.columns)
    with pytest.warns(dataset.PersonalDataWarning, match="personal data"):
        contacts = messy.contacts()
    # grupos.csv, line 2: G001's contact.
    first = contacts.set_index("group_id").loc["G001"]
    assert (first["contact_name"], first["contact_email"]) == ("Ana Souza", "ana@example.org")
    whole = messy.table("groups", contacts=True)
    assert list(whole.columns[:len(DATASETS["groups"].names)]) == DATASETS["groups"].names


def test_explode_gives_one_row_per_value(messy):
    groups = messy.groups
    out = messy.explode("groups", "open_tech")
    assert len(out) == sum(len(v) for v in groups["open_tech"])
    assert str(out["open_tech"].dtype) == "string"
    assert set(out.index) <= set(groups.index)
    with pytest.raises(KeyError, match="multi-valued"):
        messy.explode("groups", "name")


def test_read_folder_shows_a_progress_bar_only_when_asked(messy, capsys):
    shown = dataset.read_folder(MESSY_DIR, today=TODAY, progress=True)
    assert "labmetrics" in capsys.readouterr().err
    for name in DATASETS:
        pd.testing.assert_frame_equal(shown.table(name), messy.table(name))
    pd.testing.assert_frame_equal(shown.quarantine, messy.quarantine)
    dataset.read_folder(MESSY_DIR, today=TODAY)
    assert capsys.readouterr().err == ""


def test_groups_placed_on_a_thread_are_those_placed_after_validation(messy):
    from labmetrics import geo, read, validate

    raws = {name: read.read_dataset(MESSY_DIR, name) for name in DATASETS}
    valid = validate.validate_all(raws, today=TODAY)["groups"].valid
    placed = geo.place_table(valid)
    pd.testing.assert_frame_equal(messy.table("groups", contacts=True)[list(placed.columns)],
                                  placed, check_exact=True)
    assert messy.groups["district_code"].notna().sum() > 3
