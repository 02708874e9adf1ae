"""store.build: the processed files, personal data, atomic replace, determinism."""

from __future__ import annotations

import json
import os

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import MESSY_DIR, TINY, write_folder

from labmetrics import config, store
from labmetrics.errors import ConfigError, InputError
from labmetrics.schema import DATASETS

DATA_FILES = ("groups.parquet", "projects.parquet", "quarantine.csv", "quarantine.parquet",
              "spaces.parquet", "usage.parquet", "validation.json")
PERSONAL = DATASETS["groups"].personal


def test_build_writes_every_file(tmp_path):
    out = tmp_path / "processed"
    result = store.build(MESSY_DIR, out)
    assert result.files == tuple(sorted((*DATA_FILES, "manifest.json")))
    assert sorted(os.listdir(out)) == sorted((*DATA_FILES, "manifest.json"))
    groups = gpd.read_parquet(out / "groups.parquet")
    assert groups.crs == "EPSG:4326"
    assert groups["group_id"].tolist() == ["G001", "G002", "G003", "G004", "G005", "G010",
                                           "G012"]
    assert b"geo" in pq.read_schema(out / "spaces.parquet").metadata
    assert len(pd.read_parquet(out / "usage.parquet")) == 4
    report = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    assert report["totals"] == {"read": 43, "valid": 18, "quarantined": 25, "problems": 29}
    assert report["rules"]["usage"] == {"impossible_date": 1, "missing": 1, "not_allowed": 1,
                                        "out_of_range": 3, "unknown_reference": 2,
                                        "wrong_type": 1}
    assert len(report["warnings"]) == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["personal_data"] is False
    assert [i["file"] for i in manifest["inputs"]] == ["espacos.csv", "grupos.csv", "uso.csv",
                                                       "projetos.csv"]
    assert {o["file"] for o in manifest["outputs"]} == set(DATA_FILES)
    assert all(len(o["sha256"]) == 64 for o in manifest["outputs"])
    text = result.describe()
    assert text.startswith(f"Wrote {out}: ")
    assert "29 problem(s) listed in quarantine.csv" in text


def test_public_build_holds_no_personal_data(tmp_path):
    out = tmp_path / "processed"
    store.build(MESSY_DIR, out)
    columns = pq.read_schema(out / "groups.parquet").names
    assert not set(PERSONAL) & set(columns)
    raw_bytes = b"".join((out / f).read_bytes() for f in DATA_FILES)
    for secret in (b"ana@example.org", b"Ana Souza", b"90000-0001", b"carla@example.org",
                   b"Carla Dias"):
        assert secret not in raw_bytes
    quarantine = pd.read_csv(out / "quarantine.csv", dtype=str, keep_default_na=False)
    malformed = quarantine[quarantine["rule"] == "malformed_row"]
    assert malformed["value"].tolist() == [store.WITHHELD]
    assert not (out / store.PERSONAL_NOTICE).exists()


def test_public_quarantine_withholds_personal_columns():
    quarantine = pd.DataFrame({
        "dataset": ["groups", "groups", "usage"], "file": ["g.csv", "g.csv", "u.csv"],
        "line": [2, 3, 4], "column": ["contact_email", "name", ""],
        "value": ["a@b.c", "Grupo", "1;2;3"], "reason": ["r", "r", "r"],
        "rule": ["wrong_type", "missing", "malformed_row"],
    })
    public = store.public_quarantine(quarantine)
    assert public["value"].tolist() == [store.WITHHELD, "Grupo", "1;2;3"]


def test_build_with_contacts_says_so(tmp_path):
    out = tmp_path / "internal"
    result = store.build(MESSY_DIR, out, include_contacts=True)
    groups = pd.read_parquet(out / "groups.parquet")
    assert groups.loc[groups["group_id"] == "G001", "contact_email"].tolist() == [
        "ana@example.org"]
    assert "personal data" in (out / store.PERSONAL_NOTICE).read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["personal_data"] is True
    assert "internal use only" in result.describe()


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    store.build(MESSY_DIR, first)
    store.build(MESSY_DIR, second)
    for name in DATA_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    one = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    two = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert one["outputs"] == two["outputs"]


def test_rebuild_replaces_the_folder_and_keeps_gitkeep(tmp_path, tiny_dir):
    out = tmp_path / "processed"
    out.mkdir()
    (out / ".gitkeep").write_text("")
    (out / "stale.parquet").write_text("from an older build")
    store.build(tiny_dir, out)
    assert (out / ".gitkeep").exists()
    assert not (out / "stale.parquet").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_failed_build_leaves_the_previous_output(tmp_path, tiny_dir, monkeypatch):
    out = tmp_path / "processed"
    store.build(tiny_dir, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # An input that cannot be used: nothing is written.
    (tiny_dir / "usage.csv").write_text("")
    with pytest.raises(InputError):
        store.build(tiny_dir, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # A crash half-way through writing: the half-written folder is removed.
    write_folder(tiny_dir, {"usage.csv": TINY["usage.csv"]})

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_json", crash)
    with pytest.raises(OSError, match="disk full"):
        store.build(tiny_dir, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed", "tiny"]


def test_build_allocates_from_its_pool_and_restores_the_default(tmp_path, tiny_dir,
                                                                 monkeypatch):
    before = pa.default_memory_pool().backend_name
    seen = []
    write = store.write_processed

    def record(*args, **kwargs):
        seen.append(pa.default_memory_pool().backend_name)
        return write(*args, **kwargs)

    monkeypatch.setattr(store, "write_processed", record)
    store.build(tiny_dir, tmp_path / "processed")
    assert seen == ["jemalloc" if "jemalloc" in pa.supported_memory_backends() else "system"]
    assert pa.default_memory_pool().backend_name == before
    # A build that fails gives the pool back too.
    (tiny_dir / "usage.csv").write_text("")
    with pytest.raises(InputError):
        store.build(tiny_dir, tmp_path / "processed")
    assert pa.default_memory_pool().backend_name == before


def test_build_never_writes_into_raw_data(tmp_path, tiny_dir):
    with pytest.raises(ConfigError, match="would overwrite input data"):
        store.build(tiny_dir, tiny_dir)
    with pytest.raises(ConfigError):
        store.build(tiny_dir, config.RAW_DIR / "processed")
    with pytest.raises(ConfigError):
        store.build(tiny_dir, tiny_dir.parent)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in tiny_dir.iterdir())
    store.build(tiny_dir, tmp_path / "out")
    assert sorted((p.name, p.stat().st_mtime_ns) for p in tiny_dir.iterdir()) == before
