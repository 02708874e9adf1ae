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
        assert list(table.columns) == [*DATASETS[name].names, *PLACE_COLUMNS, "geometry"]
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


def test_load_of_a_processed_folder_gives_the_same_tables(tmp_path, messy):
    out = tmp_path / "processed"
    store.build(MESSY_DIR, out, include_contacts=True)
    # Both read with the real clock: a build judges "the future" by today's date.
    raw = dataset.load(MESSY_DIR)
    back = dataset.load(out)
    for name in DATASETS:
        pd.testing.assert_frame_equal(pd.DataFrame(back.table(name)),
                                      pd.DataFrame(raw.table(name)))
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
    assert back.groups[personal].isna().all().all()
    raw = dataset.load(MESSY_DIR, today=TODAY)
    public = DATASETS["groups"].names
    public = [c for c in public if c not in personal]
    pd.testing.assert_frame_equal(pd.DataFrame(back.groups[public]),
                                  pd.DataFrame(raw.groups[public]))


def test_load_of_a_damaged_processed_folder(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(InputError, match="incomplete or damaged"):
        dataset.load(tmp_path)


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
