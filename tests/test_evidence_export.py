"""The rows behind every figure as CSV: public columns only, safe in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from evidence_city import END, PERSONAL, START, city, sao0005

from labmetrics import evidence, i18n
from labmetrics.indicators import INDICATORS


@pytest.fixture(scope="module")
def ev() -> evidence.CommitmentEvidence:
    return evidence.assess(city(), sao0005(), START, END)


def test_write_evidence_csv_writes_public_safe_files(ev, tmp_path: Path) -> None:
    paths = evidence.write_evidence_csv(ev, tmp_path / "evidence")
    # Named by the commitment's own milestone numbers, in its order.
    assert [p.name for p in paths] == [f"m{m.number}-{i}.csv" for m in ev.milestones
                                       for i in m.indicators]
    assert len(paths) == len(INDICATORS)  # SAO0005 uses every indicator once
    everything = " ".join(p.read_text(encoding="utf-8") for p in paths)
    for personal in ("contato@example.org", "+55 11", "Pessoa de Contato", *PERSONAL):
        assert personal not in everything
    assert not list((tmp_path / "evidence").glob("*.part"))

    groups = pd.read_csv(tmp_path / "evidence" / "m1-groups_mapped.csv", dtype=str)
    names = groups.set_index("group_id")["name"].to_dict()
    assert names["G2"] == "'=1+1" and names["G3"] == "'@coletivo"
    assert names["G1"] == "Jovens Hackers"
    assert groups.set_index("group_id").loc["G1", "partner_space_ids"] == "labprodam; mobilab"
    assert groups.set_index("group_id").loc["G1", "mapped_on"] == "2016-06-01"
    projects = pd.read_csv(tmp_path / "evidence" / "m3-joint_projects.csv", dtype=str)
    assert projects.set_index("project_id").loc["P2", "title"] == "'-10% de evasão"


def test_indicators_with_the_same_rows_share_one_rendering(ev, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from labmetrics.evidence import export

    rendered: list[int] = []
    write = export.write_csv
    monkeypatch.setattr(export, "write_csv", lambda frame, path: rendered.append(len(frame))
                        or write(frame, path))
    paths = {p.stem: p for p in evidence.write_evidence_csv(ev, tmp_path)}
    # 17 indicators: the two coworking indicators list the same spaces, and four of
    # milestone 3 the same joint projects, so 17 - 1 - 3 tables are rendered.
    assert len(paths) == 17 and len(rendered) == 13
    shared = paths["m3-joint_projects"].read_bytes()
    for stem in ("m3-open_data_used_share", "m3-open_data_published_share",
                 "m3-participants_reached"):
        assert paths[stem].read_bytes() == shared
    rows = ev.indicators["participants_reached"].rows
    assert write(rows, tmp_path / "again.csv").path.read_bytes() == shared


def test_same_rows_compares_columns_types_and_values() -> None:
    from labmetrics.evidence.export import _same_rows

    a = pd.DataFrame({"id": ["G1", "G2"], "hours": [1.0, 2.5]})
    assert _same_rows(a, a.copy())
    assert not _same_rows(a, a.assign(hours=[1.0, 2.0]))
    assert not _same_rows(a, a.astype({"hours": "float32"}))
    assert not _same_rows(a, a[["hours", "id"]])


def test_evidence_csv_in_portuguese_names_the_codes_beside_them(ev, tmp_path: Path) -> None:
    written = {p.name: p for p in evidence.write_evidence_csv(ev, tmp_path, "pt-BR")}
    groups = pd.read_csv(written["m1-groups_mapped.csv"], dtype=str, keep_default_na=False)
    cols = list(groups.columns)
    assert cols[cols.index("kind") + 1] == "kind_label"
    labels = dict(zip(groups["kind"], groups["kind_label"], strict=True))
    assert labels and all(labels[k] == i18n.t(f"figures.kinds.{k}", "pt-BR") for k in labels)
    assert labels.get("youth_group", "Grupo de jovens") == "Grupo de jovens"
    assert cols[cols.index("status") + 1] == "status_label"
    assert set(groups["status_label"]) <= {"Ativo", "Inativo"}
    projects = pd.read_csv(written["m3-joint_projects.csv"], dtype=str, keep_default_na=False)
    assert set(projects["status_label"]) <= {"Proposto", "Em andamento", "Entregue",
                                             "Descontinuado"}
    # Without a language the files hold the codes alone, as before.
    plain = evidence.write_evidence_csv(ev, tmp_path / "plain")
    assert "kind_label" not in pd.read_csv(plain[0], nrows=0).columns
