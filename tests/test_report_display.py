"""What notebooks show: escaped HTML, accessible tables and figures, safe open-data CSVs."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from markupsafe import Markup

from labmetrics import publish
from labmetrics.errors import ConfigError
from labmetrics.report import display

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@dataclass
class Chart:
    name: str
    title: str
    alt: str
    fig: object
    data: pd.DataFrame
    caption: str = ""


@pytest.fixture
def page(tmp_path: Path) -> display.Page:
    return display.Page("pt-BR", tmp_path / "progress-SAO0005.pt-BR.data")


def _chart(name: str = "usage-hours", alt: str = "Barras: LabProdam 120 h.") -> Chart:
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["LabProdam", "MobiLab"], [120, 80])
    ax.set_title("Horas de uso")
    data = pd.DataFrame({"space": ["LabProdam", "MobiLab"], "hours": [120, 80],
                         "contact_email": ["a@example.org", "b@example.org"]})
    return Chart(name, "Horas por espaço", alt, fig, data, caption="Fonte: amostra")


def test_text_is_escaped_everywhere() -> None:
    assert display.heading_html(HOSTILE, 3) == f'<h3 id="script-alert-1-script">{ESCAPED}</h3>'
    assert display.paragraph_html(HOSTILE) == f"<p>{ESCAPED}</p>"
    assert display.note_html(HOSTILE, tone="warning") == (
        f'<aside class="note note-warning"><p>{ESCAPED}</p></aside>')
    assert display.definition_list_html({HOSTILE: "x"}) == (
        f'<dl class="definitions"><dt>{ESCAPED}</dt><dd>x</dd></dl>')


def test_markup_built_here_composes_without_double_escaping() -> None:
    badge = display.badge_html("Limitada", "warning")
    assert display.paragraph_html(Markup("Conclusão: ") + badge) == (
        '<p>Conclusão: <span class="badge badge-warning">Limitada</span></p>')
    assert display.link_html("IRM & OGP", "https://www.opengovpartnership.org/") == (
        '<a href="https://www.opengovpartnership.org/">IRM &amp; OGP</a>')


@pytest.mark.parametrize("call", [
    lambda: display.heading_html("Título", 1),
    lambda: display.badge_html("x", "purple"),
    lambda: display.note_html("x", tone="loud"),
    lambda: display.link_html("x", "javascript:alert(1)"),
])
def test_wrong_use_is_a_config_error(call) -> None:
    with pytest.raises(ConfigError):
        call()


def test_heading_ids_are_unique_within_a_page() -> None:
    page, other = display.Page("en"), display.Page("en")
    first = display.heading_html("Marcos", 2, ids=page.ids)
    second = display.heading_html("Marcos", 2, ids=page.ids)
    assert 'id="marcos"' in first and 'id="marcos-2"' in second
    assert 'id="marcos"' in display.heading_html("Marcos", 2, ids=other.ids)


def test_table_is_accessible_and_formatted_for_the_language() -> None:
    df = pd.DataFrame({
        "espaço": ["LabProdam", HOSTILE],
        "horas": [1234.5, None],
        "grupos": pd.array([2000, 7], dtype="Int64"),
        "ativo": [True, False],
        "desde": pd.to_datetime(["2017-04-03", None]),
        "contact_phone": ["11 5555-0000", "11 5555-0001"],
    })
    html = display.table_html(df, caption="Uso <2017>", lang="pt-BR")
    assert html.startswith('<div class="table-scroll" tabindex="0" role="region" '
                           'aria-label="Tabela: Uso &lt;2017&gt;"><table><caption>Uso '
                           '&lt;2017&gt;</caption>')
    assert ('<thead><tr><th scope="col">espaço</th><th scope="col" class="num">horas</th>'
            '<th scope="col" class="num">grupos</th><th scope="col">ativo</th>'
            '<th scope="col">desde</th></tr></thead>') in html
    assert ('<tr><th scope="row">LabProdam</th><td class="num">1.234,5</td>'
            '<td class="num">2.000</td><td>Sim</td><td>03/04/2017</td></tr>') in html
    assert (f'<tr><th scope="row">{ESCAPED}</th><td class="num">–</td>'
            '<td class="num">7</td><td>Não</td><td>–</td></tr>') in html
    assert "5555" not in html  # the personal column is dropped
    en = display.table_html(df, caption="Use", lang="en", decimals={"horas": 2})
    assert '<td class="num">1,234.50</td><td class="num">2,000</td><td>Yes</td>' in en


def test_long_tables_are_cut_and_say_so() -> None:
    html = display.table_html(pd.DataFrame({"n": range(1500)}), caption="N", lang="pt-BR",
                              max_rows=3)
    assert html.count("<tr>") == 4  # header and three rows
    assert html.endswith('<p class="table-note">Mostrando 3 de 1.500 linhas; a tabela completa '
                         "está no arquivo CSV.</p>")


def test_named_table_is_saved_and_linked(page: display.Page, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(display, "_show", shown.append)
    page.show_table(pd.DataFrame({"a": [1]}), caption="A", name="table-a")
    assert '<a class="data-link" href="progress-SAO0005.pt-BR.data/table-a.csv"' in shown[0]
    assert (page.data_dir / "table-a.csv").read_bytes() == b"a\r\n1\r\n"
    html = display.table_html(pd.DataFrame({"a": [1]}), caption="A", lang="pt-BR")
    assert "data-link" not in html  # rendering alone writes and links nothing


def test_csv_neutralises_formulas_drops_personal_data_and_joins_lists(page: display.Page
                                                                     ) -> None:
    df = pd.DataFrame({
        "name": ["=1+1", "+55 11", "-x", "@SUM(A1)", "\tTab", "\rCR", "plain", None],
        "n": [-1, 2, 3, 4, 5, 6, 7, 8],
        "open_tech": [["python", "=cmd"], [], ["r"], [], [], [], [], []],
        "contact_name": ["Ana"] * 8,
        "contact_email": ["ana@example.org"] * 8,
    })
    href = page.write_data(df, "groups")
    assert href == "progress-SAO0005.pt-BR.data/groups.csv"
    text = (page.data_dir / "groups.csv").read_bytes().decode("utf-8")  # keep the \r as written
    assert text == (
        "name,n,open_tech\r\n"
        "'=1+1,-1,python; =cmd\r\n"
        "'+55 11,2,\r\n"
        "'-x,3,r\r\n"
        "'@SUM(A1),4,\r\n"
        "'\tTab,5,\r\n"
        '"\'\rCR",6,\r\n'
        "plain,7,\r\n"
        ",8,\r\n"
    )
    assert "Ana" not in text and "example.org" not in text


def test_csv_cells_starting_with_a_formula_inside_lists_are_neutralised() -> None:
    frame = publish.public_frame(pd.DataFrame({"tags": [["=cmd", "x"]]}))
    assert frame["tags"].tolist() == ["'=cmd; x"]


def test_csv_names_are_slugs_used_once(page: display.Page) -> None:
    with pytest.raises(ConfigError, match="not a slug"):
        page.write_data(pd.DataFrame({"a": [1]}), "../escape")
    page.write_data(pd.DataFrame({"a": [1]}), "once")
    with pytest.raises(ConfigError, match="both called 'once'"):
        page.write_data(pd.DataFrame({"a": [2]}), "once")
    # Another page (another report) has its own names.
    assert display.Page("pt-BR", page.data_dir.with_name("other.data")).write_data(
        pd.DataFrame({"a": [2]}), "once") == "other.data/once.csv"


def test_without_a_data_folder_nothing_is_written(tmp_path: Path) -> None:
    assert display.Page("en").write_data(pd.DataFrame({"a": [1]}), "a") is None
    html = display.figure_html(_chart())
    assert "data-link" not in html


def test_figure_embeds_the_chart_with_alt_caption_and_data(page: display.Page,
                                                          monkeypatch) -> None:
    chart = _chart()
    shown: list[str] = []
    monkeypatch.setattr(display, "_show", shown.append)
    page.show_chart(chart)
    html = shown[0]
    data_dir = page.data_dir
    assert not plt.fignum_exists(chart.fig.number)
    assert html.startswith('<figure class="chart" id="chart-usage-hours"><img src="data:image/')
    assert 'alt="Barras: LabProdam 120 h." width="384" height="192">' in html
    assert ('<figcaption><span class="chart-title">Horas por espaço</span> <span '
            'class="credit">Fonte: amostra</span> <a class="data-link" '
            'href="progress-SAO0005.pt-BR.data/usage-hours.csv" aria-label="Dados (CSV): '
            'Horas por espaço">Dados (CSV)</a></figcaption></figure>') in html
    assert (data_dir / "usage-hours.csv").read_bytes() == (
        b"space,hours\r\nLabProdam,120\r\nMobiLab,80\r\n")


def test_svg_draws_text_as_paths() -> None:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("Horas")
    src = display.image_src(fig)
    plt.close(fig)
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
    assert "<text" not in svg and "font-family" not in svg and "<dc:date>" not in svg


def test_large_svg_gives_way_to_a_smaller_png(monkeypatch: pytest.MonkeyPatch) -> None:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.scatter(range(3000), [i % 97 for i in range(3000)])
    svg, png = display._render(fig, "svg"), display._render(fig, "png")
    monkeypatch.setattr(display, "SVG_MAX_BYTES", 0)
    src = display.image_src(fig)
    plt.close(fig)
    assert len(png) < len(svg)
    assert src == "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def test_vector_figure_under_the_limit_is_svg_rendered_once(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(range(50), range(50))
    rendered: list[str] = []
    render = display._render
    monkeypatch.setattr(display, "_render", lambda f, fmt: rendered.append(fmt)
                        or render(f, fmt))
    src = display.image_src(fig)
    plt.close(fig)
    assert rendered == ["svg"] and src.startswith("data:image/svg+xml;base64,")


def test_rasterized_figure_is_png_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.scatter(range(50), range(50)).set_rasterized(True)
    png = display._render(fig, "png")
    rendered: list[str] = []
    render = display._render
    monkeypatch.setattr(display, "_render", lambda f, fmt: rendered.append(fmt)
                        or render(f, fmt))
    src = display.image_src(fig)
    plt.close(fig)
    assert rendered == ["png"]
    assert src == "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def test_chart_without_alt_is_refused() -> None:
    chart = _chart(alt="  ")
    with pytest.raises(ConfigError, match="no alt text"):
        display.figure_html(chart)
    plt.close(chart.fig)


def test_key_figures_format_numbers_and_shares() -> None:
    html = display.key_figures_html(
        [("Grupos mapeados", 1234), display.KeyFigure("Na rede", 0.25, "de 1.234", percent=True),
         ("Situação", HOSTILE)], lang="pt-BR")
    assert html == (
        '<dl class="key-figures"><div><dt>Grupos mapeados</dt><dd>1.234</dd></div>'
        '<div><dt>Na rede</dt><dd>25%<span class="detail">de 1.234</span></dd></div>'
        f"<div><dt>Situação</dt><dd>{ESCAPED}</dd></div></dl>")


def test_show_publishes_only_html(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    published = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, raw=False: published.append((obj, raw)))
    display.paragraph("Hello")
    display.show_table(pd.DataFrame({"a": [1]}), caption="A")
    assert published[0] == ({"text/html": "<p>Hello</p>"}, True)
    assert list(published[1][0]) == ["text/html"]
