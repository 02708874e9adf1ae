"""The rows behind every figure as CSV: public columns only, safe in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from evidence_city import END, PERSONAL, START, city, sao0005

from labmetrics import evidence
from labmetrics.indicators import INDICATORS
from labmetrics.schema import DATASETS


@pytest.fixture(scope="module")
def ev() -> evidence.CommitmentEvidence:
    return evidence.assess(city(), sao0005(), START, END)


def test_write_evidence_csv_writes_public_safe_files(ev, tmp_path: Path) -> None:
    paths = evidence.write_evidence_csv(ev, tmp_path / "evidence")
    assert [p.name for p in paths] == [f"m{s.milestone}-{s.id}.csv" for s in INDICATORS.values()]
    everything = " ".join(p.read_text(encoding="utf-8") for p in paths)
    for personal in ("contato@example.org", "+55 11", "Pessoa de Contato", *PERSONAL):
        assert personal not in everything
    assert not list((tmp_path / "evidence").glob("*.part"))

    groups = pd.read_csv(tmp_path / "evidence" / "m1-groups_mapped.csv", dtype=str)
    names = groups.set_index("group_id")["name"].to_dict()
    assert names["G2"] == "'=1+1" and names["G3"] == "'@coletivo"
    assert names["G1"] == "Jovens Hackers"
    assert groups.set_index("group_id").loc["G1", "partner_space_ids"] == "labprodam;mobilab"
    assert groups.set_index("group_id").loc["G1", "mapped_on"] == "2016-06-01"
    projects = pd.read_csv(tmp_path / "evidence" / "m3-joint_projects.csv", dtype=str)
    assert projects.set_index("project_id").loc["P2", "title"] == "'-10% de evasão"


def test_csv_ready_drops_personal_columns_and_neutralises_formulas() -> None:
    frame = pd.DataFrame({"name": ["+cmd", "ok", None, "\tx"], "contact_email": ["a@b"] * 4,
                          "hours": [-1.0, 2.0, 3.0, 4.0], "themes": [["a", "b"], [], ["=c"], []]})
    out = evidence.csv_ready(frame)
    assert list(out.columns) == ["name", "hours", "themes"]
    assert out["name"].tolist()[:2] == ["'+cmd", "ok"] and pd.isna(out["name"][2])
    assert out["name"][3] == "'\tx"
    assert out["hours"].tolist() == [-1.0, 2.0, 3.0, 4.0]  # numbers are not text
    assert out["themes"].tolist() == ["a;b", "", "'=c", ""]
    assert set(DATASETS["groups"].personal) == PERSONAL
