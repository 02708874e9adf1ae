"""Report sections as blocks: their HTML (escaped), their CSV files, the shared data section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from markupsafe import Markup

from labmetrics import config, i18n
from labmetrics.dataset import FileAccount, LabData
from labmetrics.report import display, sections
from labmetrics.report.sections import (
    Data,
    Definitions,
    Heading,
    Items,
    KeyFigure,
    KeyFigures,
    Note,
    Paragraph,
    Table,
)

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


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


def test_every_block_is_escaped() -> None:
    section = (Heading(HOSTILE), Paragraph(HOSTILE), Note(HOSTILE, tone="warning"),
               KeyFigures((KeyFigure(HOSTILE, 1234.5, HOSTILE, decimals=1),)),
               Definitions(((HOSTILE, HOSTILE),)), Items((HOSTILE,), ordered=True),
               Table(pd.DataFrame({HOSTILE: [HOSTILE]}), caption=HOSTILE))
    html = str(sections.section_html(section, "pt-BR"))
    assert "<script>" not in html
    assert html.count(ESCAPED) == 12
    assert "<ol><li>" + ESCAPED + "</li></ol>" in html
    assert "1.234,5" in html  # key figures in Portuguese


def test_markup_built_by_labmetrics_is_kept() -> None:
    badge = display.badge_html("Limitada", "warning")
    html = str(sections.block_html(Paragraph(Markup("Nível: {}").format(badge)), "pt-BR"))
    assert html == '<p>Nível: <span class="badge badge-warning">Limitada</span></p>'


def test_data_blocks_ask_for_a_csv_and_show_nothing(tmp_path: Path, monkeypatch) -> None:
    frame = pd.DataFrame({"group_id": ["G1"], "contact_email": ["ana@example.org"]})
    section = (Data(frame, "groups-seen"),)
    assert sections.data_files(section) == [("groups-seen", frame)]
    assert sections.block_html(section[0], "en") == ""
    assert not (tmp_path / "r.data").exists()  # rendering writes nothing
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: None)
    sections.show(section, display.Page("en", tmp_path / "r.data"))
    assert (tmp_path / "r.data" / "groups-seen.csv").read_bytes() == (
        b"group_id\r\nG1\r\n")


def test_a_table_shows_text_and_saves_its_numbers(tmp_path: Path, monkeypatch) -> None:
    published: list[str] = []
    monkeypatch.setattr("IPython.display.display",
                        lambda obj, raw=False: published.append(obj["text/html"]))
    shown = pd.DataFrame({"Indicator": ["Hours"], "Change": ["4 h → 16 h (+12 h)"]})
    numbers = pd.DataFrame({"indicator": ["hours"], "previous": [4.0], "current": [16.0]})
    sections.show((Table(shown, "Change", name="change", data=numbers),),
                  display.Page("en", tmp_path / "r.data"))
    assert "4 h → 16 h (+12 h)" in published[0] and "Data (CSV)" not in published[0]
    assert (tmp_path / "r.data" / "change.csv").read_bytes() == (
        b"indicator,previous,current\r\nhours,4.0,16.0\r\n")


def test_show_skips_blocks_without_html(monkeypatch) -> None:
    published = []
    monkeypatch.setattr("IPython.display.display",
                        lambda obj, raw=False: published.append(obj["text/html"]))
    sections.show((Heading("Dados"), Data(pd.DataFrame({"a": [1]}), "a")),
                  display.Page("pt-BR"))
    assert published == ['<h2 id="dados">Dados</h2>']


def test_section_text_reads_every_kind_of_block() -> None:
    text = sections.section_text((
        Heading("Título"), KeyFigures((KeyFigure("Grupos", 3, "+1"),)),
        Definitions((("Período", "2017"),)), Items(("um", "dois")),
        Table(pd.DataFrame({"a": [1]}), caption="Tabela")))
    assert text.splitlines() == ["Título", "Grupos: 3 +1", "Período: 2017", "um", "dois",
                                 "Tabela", "a", "1"]


def test_is_sample_reads_the_marker_the_manifest_carries(tmp_path: Path) -> None:
    assert not sections.is_sample(_data())
    # A folder's README is not read: only the marker of `labmetrics sample` counts.
    (tmp_path / "README.md").write_text("# Dados de exemplo – labmetrics\n", encoding="utf-8")
    assert not sections.is_sample(_data(manifest={"source": str(tmp_path)}))
    sample = _data(manifest={"source": "anywhere", "sample": {"kind": "labmetrics sample",
                                                              "scale": 10.0, "seed": 1}})
    assert sections.is_sample(sample)
    assert sections.section_text(sections.build_sample_notice(sample, "en")) == (
        "Sample data: invented groups and figures, for demonstration.")
    assert sections.build_sample_notice(_data(), "en") == ()


def test_data_sources_account_for_every_row() -> None:
    section = sections.build_data_sources(_data(), "pt-BR")
    text = sections.section_text(section)
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
    clean = sections.build_data_sources(_data(quarantine=pd.DataFrame(
        columns=["dataset", "file", "line", "column", "value", "reason", "rule"])), "en")
    assert "No row was quarantined." in sections.section_text(clean)
    unbalanced = _data(accounting=[FileAccount("usage", "usage.csv", 5, 3, 1)])
    assert "does not balance" in sections.section_text(
        sections.build_data_sources(unbalanced, "en"))
    in_code = sections.build_data_sources(LabData.from_frames(), "en")
    assert sections.section_text(in_code).splitlines()[1].startswith(
        "The data was built in code")


def test_every_quarantine_rule_has_a_name_in_both_languages() -> None:
    from labmetrics import i18n
    from labmetrics.schema import QUARANTINE_RULES

    for lang in config.LANGUAGES:
        assert all(i18n.has(f"sections.rules.{rule}", lang) for rule in QUARANTINE_RULES)


def test_join_uses_the_language() -> None:
    assert sections.join(["A", "B", "C"], "pt-BR") == "A, B e C"
    assert sections.join(["A", "B"], "en") == "A and B"
    assert sections.join(["A"], "en") == "A"


def test_signed_writes_a_change_with_its_sign() -> None:
    def hours(size: float) -> str:
        return f"{i18n.format_number(size, 'pt-BR')} h"

    assert sections.signed(276.0, "pt-BR", hours) == "+276 h"
    assert sections.signed(-3951.0, "pt-BR", hours) == "−3.951 h"
    assert sections.signed(0.0, "pt-BR", hours) == "±0 h"
    assert sections.signed(float("nan"), "pt-BR", hours) == "–"
    assert sections.signed(None, "pt-BR", hours) == "–"
    # A share changes in percentage points, in the words of the language.
    assert sections.signed(0.29, "pt-BR", hours, share=True) == "+29 p.p."
    assert sections.signed(-0.5, "en", hours, share=True) == "−50 pp"
