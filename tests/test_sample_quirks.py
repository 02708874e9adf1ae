"""Tests of the sample's export quirks and bad rows (labmetrics.sample.quirks)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from labmetrics.sample import SampleSummary, write_sample
from labmetrics.schema import DATASETS

LABS = ("labprodam", "mobilab", "patio-digital")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> SampleSummary:
    return write_sample(tmp_path_factory.mktemp("sample"))


def test_bad_rows_are_counted_and_where_the_summary_says(written):
    assert written.rows == {"spaces": 7, "groups": 354, "usage": 10_050, "projects": 41}
    assert written.bad_rows == {"spaces": 0, "groups": 4, "usage": 50, "projects": 1}
    assert written.clean_rows == {"spaces": 7, "groups": 350, "usage": 10_000,
                                  "projects": 40}
    lines = (written.out / "usage.csv").read_bytes().decode("cp1252").split("\r\n")
    bad = [lines[n - 1].split(";") for n in written.bad_lines["usage"]]
    impossible = [r for r in bad if r[0][:5] in ("31/02", "30/02", "29/02", "31/04", "31/06",
                                                 "31/09", "31/11")]
    negative = [r for r in bad if r[4].startswith("-")]
    unknown = [r for r in bad if r[2] and int(r[2][1:]) > 354]
    # Fifty bad uses, the three kinds in turn: 17 + 17 + 16.
    assert (len(impossible), len(unknown), len(negative)) == (17, 17, 16)
    groups = (written.out / "groups.csv").read_text(encoding="utf-8-sig").split("\n")
    bad_groups = "\n".join(groups[n - 1] for n in written.bad_lines["groups"])
    assert "31/02/2017" in bad_groups
    assert "Granja Viana" in bad_groups
    ids = [line.split(";")[0] for line in groups[1:] if line]
    assert len(ids) - len(set(ids)) == 1
    projects = pd.read_csv(written.out / "projects.csv", dtype=str)
    bad_project = projects.iloc[written.bad_lines["projects"][0] - 2]
    assert bad_project["ended_on"] < bad_project["started_on"]


def test_validation_quarantines_exactly_the_bad_rows(written):
    from labmetrics.dataset import read_folder

    data = read_folder(written.out)
    quarantine = data.quarantine
    for name in DATASETS:
        lines = set(quarantine.loc[quarantine["dataset"] == name, "line"].astype(int))
        assert lines == set(written.bad_lines[name]), name
    valid = {account.dataset: account.valid for account in data.accounting}
    assert valid == written.clean_rows


def test_csv_files_carry_the_export_quirks(written):
    raw = (written.out / "groups.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    groups = pd.read_csv(written.out / "groups.csv", sep=";", dtype=str,
                         encoding="utf-8-sig", keep_default_na=False)
    assert {"nome", "tipo", "distrito", "data_mapeamento"} <= set(groups.columns)
    assert {"coletivo", "grupo de jovens", "OSC"} <= set(groups["tipo"])
    dates = groups["data_mapeamento"]
    assert dates.str.fullmatch(r"\d{2}/\d{2}/\d{4}").any()
    assert dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}").any()
    assert groups["latitude"].str.contains(",").any()
    districts = groups["distrito"]
    assert (districts.str.isupper() & (districts != "")).any()
    assert districts.str.endswith(" ").any()
    usage = (written.out / "usage.csv").read_bytes()
    assert usage.startswith(b"data;id_espaco;id_grupo;formato;horas;participantes\r\n")
    assert "forma\u00e7\u00e3o".encode("cp1252") in usage
    assert b";3,5;" in usage
    spaces = pd.read_csv(written.out / "spaces.csv", dtype=str)
    assert list(spaces.columns) == DATASETS["spaces"].names
    projects = (written.out / "projects.csv").read_text(encoding="utf-8")
    assert "patio-digital|mobilab" in projects or "mobilab|patio-digital" in projects


def test_parquet_holds_the_same_rows_as_text(tmp_path):
    summary = write_sample(tmp_path, scale=0.2, fmt="parquet")
    assert summary.rows == {"spaces": 7, "groups": 74, "usage": 2_010, "projects": 9}
    usage = pq.read_table(tmp_path / "usage.parquet")
    assert usage.column_names == DATASETS["usage"].names
    assert {str(t) for t in usage.schema.types} == {"string"}
    assert usage.num_rows == summary.rows["usage"]
    assert usage.column("date")[0].as_py()[:4] == "2016"
    groups = pq.read_table(tmp_path / "groups.parquet").to_pandas()
    bad = groups.iloc[[line - 1 for line in summary.bad_lines["groups"]]]
    assert "2017-02-31" in set(bad["mapped_on"])
    assert "Granja Viana" in set(bad["district"])


def test_tiny_scales_still_give_every_table(tmp_path):
    summary = write_sample(tmp_path, scale=0.01)
    assert summary.clean_rows == {"spaces": 7, "groups": 12, "usage": 100, "projects": 3}
    assert all(summary.bad_rows[name] >= 1 for name in ("groups", "usage", "projects"))
    assert np.all(np.diff(summary.bad_lines["usage"]) > 0)
