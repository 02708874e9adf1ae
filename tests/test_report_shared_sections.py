"""The sections every report shows alike: the sample notice, the data sources with their
accounting, hashes and quarantine reasons."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from labmetrics import config
from labmetrics.dataset import FileAccount, LabData
from labmetrics.report import shared_sections
from labmetrics.report.blocks import Data, Definitions, Items, section_text


def _data(**changes) -> LabData:
    """Tables from code, with the accounting and manifest of two files read."""
    data = LabData.from_frames()
    data.accounting = [FileAccount("groups", "groups.csv", read=10, valid=8, quarantined=2),
                       FileAccount("usage", "usage.csv", read=1500, valid=1500, quarantined=0)]
    data.manifest = {"source": "/elsewhere", "inputs": [
        {"dataset": "groups", "file": "groups.csv", "sha256": "a" * 64},
        {"dataset": "usage", "file": "usage.csv", "sha256": "b" * 64}]}
    data.quarantine = pd.DataFrame({
        "dataset": ["groups", "groups", "groups"], "file": ["groups.csv"] * 3,
        "line": [3, 3, 7], "column": ["mapped_on", "district", "group_id"],
        "value": ["31/02/2017", "Atlantis", "G1"],
        "reason": ["not a date", "unknown district", "duplicate"],
        "rule": ["impossible_date", "unknown_district", "duplicate_id"]})
    for key, value in changes.items():
        setattr(data, key, value)
    return data



def test_is_sample_reads_the_marker_the_manifest_carries(tmp_path: Path) -> None:
    assert not shared_sections.is_sample(_data())
    # A folder's README is not read: only the marker of `labmetrics sample` counts.
    (tmp_path / "README.md").write_text("# Dados de exemplo – labmetrics\n", encoding="utf-8")
    assert not shared_sections.is_sample(_data(manifest={"source": str(tmp_path)}))
    sample = _data(manifest={"source": "anywhere", "sample": {"kind": "labmetrics sample",
                                                              "scale": 10.0, "seed": 1}})
    assert shared_sections.is_sample(sample)
    assert section_text(shared_sections.build_sample_notice(sample, "en")) == (
        "Sample data: invented groups and figures, for demonstration.")
    assert shared_sections.build_sample_notice(_data(), "en") == ()


def test_data_sources_account_for_every_row() -> None:
    section = shared_sections.build_data_sources(_data(), "pt-BR")
    text = section_text(section)
    assert ("contada: 1.510 linhas lidas = 1.508 válidas + 2 em quarentena.") in text
    files, reasons = (b.items for b in section if isinstance(b, Items))
    assert files == ("groups.csv: 10 linhas lidas = 8 válidas + 2 em quarentena",
                     "usage.csv: 1.500 linhas lidas = 1.500 válidas + 0 em quarentena")
    hashes = next(b for b in section if isinstance(b, Definitions))
    assert hashes.items == (("groups.csv", "a" * 64), ("usage.csv", "b" * 64))
    assert reasons == ("Grupos – Um identificador já usado numa linha anterior: 1",
                       "Grupos – Data impossível, ou anterior a 2000: 1",
                       "Grupos – Área (distrito) que não é uma das da cidade: 1")
    csv = {b.name: b.frame for b in section if isinstance(b, Data)}
    assert csv["validation-accounting"][["file", "read", "valid", "quarantined", "sha256"]
                                        ].values.tolist() == [
        ["groups.csv", 10, 8, 2, "a" * 64], ["usage.csv", 1500, 1500, 0, "b" * 64]]
    assert csv["quarantine-reasons"]["problems"].tolist() == [1, 1, 1]


def test_data_sources_without_quarantine_or_files() -> None:
    clean = shared_sections.build_data_sources(_data(quarantine=pd.DataFrame(
        columns=["dataset", "file", "line", "column", "value", "reason", "rule"])), "en")
    assert "No row was quarantined." in section_text(clean)
    unbalanced = _data(accounting=[FileAccount("usage", "usage.csv", 5, 3, 1)])
    assert "does not balance" in section_text(
        shared_sections.build_data_sources(unbalanced, "en"))
    in_code = shared_sections.build_data_sources(LabData.from_frames(), "en")
    assert section_text(in_code).splitlines()[1].startswith(
        "The data was built in code")


def test_every_quarantine_rule_has_a_name_in_every_language() -> None:
    from labmetrics import i18n
    from labmetrics.schema import QUARANTINE_RULES

    for lang in config.LANGUAGES:
        assert all(i18n.has(f"sections.rules.{rule}", lang) for rule in QUARANTINE_RULES)
