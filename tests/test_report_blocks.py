"""The report's block model: each block's HTML (escaped), the CSV files a section asks for,
its text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from markupsafe import Markup

from labmetrics.report import blocks, display
from labmetrics.report.blocks import (
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


def test_every_block_is_escaped() -> None:
    section = (Heading(HOSTILE), Paragraph(HOSTILE), Note(HOSTILE, tone="warning"),
               KeyFigures((KeyFigure(HOSTILE, 1234.5, HOSTILE, decimals=1),)),
               Definitions(((HOSTILE, HOSTILE),)), Items((HOSTILE,), ordered=True),
               Table(pd.DataFrame({HOSTILE: [HOSTILE]}), caption=HOSTILE))
    html = str(blocks.section_html(section, "pt-BR"))
    assert "<script>" not in html
    assert html.count(ESCAPED) == 12
    assert "<ol><li>" + ESCAPED + "</li></ol>" in html
    assert "1.234,5" in html  # key figures in Portuguese


def test_markup_built_by_labmetrics_is_kept() -> None:
    badge = display.badge_html("Limitada", "warning")
    html = str(blocks.block_html(Paragraph(Markup("Nível: {}").format(badge)), "pt-BR"))
    assert html == '<p>Nível: <span class="badge badge-warning">Limitada</span></p>'


def test_data_blocks_ask_for_a_csv_and_show_nothing(tmp_path: Path, monkeypatch) -> None:
    frame = pd.DataFrame({"group_id": ["G1"], "contact_email": ["ana@example.org"]})
    section = (Data(frame, "groups-seen"),)
    assert blocks.data_files(section) == [("groups-seen", frame)]
    assert blocks.block_html(section[0], "en") == ""
    assert not (tmp_path / "r.data").exists()  # rendering writes nothing
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: None)
    blocks.show(section, display.Page("en", tmp_path / "r.data"))
    assert (tmp_path / "r.data" / "groups-seen.csv").read_bytes() == (
        b"group_id\r\nG1\r\n")


def test_a_table_shows_text_and_saves_its_numbers(tmp_path: Path, monkeypatch) -> None:
    published: list[str] = []
    monkeypatch.setattr("IPython.display.display",
                        lambda obj, raw=False: published.append(obj["text/html"]))
    shown = pd.DataFrame({"Indicator": ["Hours"], "Change": ["4 h → 16 h (+12 h)"]})
    numbers = pd.DataFrame({"indicator": ["hours"], "previous": [4.0], "current": [16.0]})
    blocks.show((Table(shown, "Change", name="change", data=numbers),),
                  display.Page("en", tmp_path / "r.data"))
    assert "4 h → 16 h (+12 h)" in published[0] and "Data (CSV)" not in published[0]
    assert (tmp_path / "r.data" / "change.csv").read_bytes() == (
        b"indicator,previous,current\r\nhours,4.0,16.0\r\n")


def test_show_skips_blocks_without_html(monkeypatch) -> None:
    published = []
    monkeypatch.setattr("IPython.display.display",
                        lambda obj, raw=False: published.append(obj["text/html"]))
    blocks.show((Heading("Dados"), Data(pd.DataFrame({"a": [1]}), "a")),
                  display.Page("pt-BR"))
    assert published == ['<h2 id="dados">Dados</h2>']


def test_section_text_reads_every_kind_of_block() -> None:
    text = blocks.section_text((
        Heading("Título"), KeyFigures((KeyFigure("Grupos", 3, "+1"),)),
        Definitions((("Período", "2017"),)), Items(("um", "dois")),
        Table(pd.DataFrame({"a": [1]}), caption="Tabela")))
    assert text.splitlines() == ["Título", "Grupos: 3 +1", "Período: 2017", "um", "dois",
                                 "Tabela", "a", "1"]
