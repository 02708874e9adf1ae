"""What report notebooks call to show things: every output is HTML built here.

All text is escaped (``markupsafe.escape``, the escaping of Jinja) unless it is a
:class:`~markupsafe.Markup` built by this module (``badge_html``, ``link_html``), so a
hostile string in the data shows as text. The page keeps only the ``text/html`` of each
output. A notebook starts with::

    from labmetrics.report import display
    display.set_output(data_dir, lang)

after which charts and named tables are also written as CSV into ``data_dir``, the report's
data folder, and linked from the page (the HTML sits beside that folder).
"""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlsplit

import pandas as pd
from markupsafe import Markup

from labmetrics import config, i18n
from labmetrics.errors import ConfigError
from labmetrics.publish import drop_private, write_csv

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "ChartLike", "KeyFigure", "Markup", "badge_html", "definition_list",
    "definition_list_html", "figure_html", "heading", "heading_html", "key_figures",
    "key_figures_html", "link_html", "note", "note_html", "paragraph", "paragraph_html",
    "save_csv", "save_geojson", "script_html", "set_output", "show_chart", "show_table",
    "table_html", "unique_id",
]

# Above this size an SVG (text drawn as paths, maps with many polygons) is also rendered as
# PNG and the smaller of the two is embedded. Below it a PNG of a report's figure (7.6 in
# at 144 dpi) is rarely smaller: on the samples, no vector figure under 500 kB had a
# smaller PNG (the district map: 175 kB as SVG, 216 kB as PNG).
SVG_MAX_BYTES = 250_000
PNG_DPI = 144
MAX_TABLE_ROWS = 200
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
TONES = ("neutral", "good", "warning", "bad", "info")


class ChartLike(Protocol):
    """What :func:`show_chart` needs of a chart (``labmetrics.figures.Chart`` has it)."""

    name: str
    title: str
    alt: str
    fig: Figure
    data: pd.DataFrame


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: its label, its value, and an optional detail line."""

    label: str
    value: float | int | str | None
    detail: str | None = None
    decimals: int = 0
    percent: bool = False


@dataclass
class _Output:
    data_dir: Path | None = None
    lang: str = config.DEFAULT_LANG
    written: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)


_STATE = _Output()


def set_output(data_dir: str | Path | None, lang: str = config.DEFAULT_LANG) -> None:
    """Set the report's data folder (None: write no CSV) and its language.

    Call it once, in the notebook's first cell after the parameters.
    """
    global _STATE
    i18n.check_lang(lang)
    folder = Path(data_dir) if data_dir else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    _STATE = _Output(data_dir=folder, lang=lang)


def _lang(lang: str | None) -> str:
    return i18n.check_lang(lang) if lang else _STATE.lang


def _show(markup: str) -> None:
    # raw=True publishes only text/html: no text/plain repr to leak into the page.
    from IPython.display import display as _display

    _display({"text/html": str(markup)}, raw=True)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def unique_id(text: str) -> str:
    """Return an anchor id made from ``text``, unique on the page being built."""
    return _unique_id(text)


def _unique_id(text: str) -> str:
    base = _slug(text)
    candidate, n = base, 2
    while candidate in _STATE.ids:
        candidate, n = f"{base}-{n}", n + 1
    _STATE.ids.add(candidate)
    return candidate


# ---------------------------------------------------------------------------- text

def heading_html(text: str, level: int = 2) -> Markup:
    """Return ``<h2>``…``<h6>`` with an anchor id; ``<h1>`` is the page title."""
    if level not in range(2, 7):
        raise ConfigError(f"heading level {level} is not available in a report.",
                          fix="use levels 2 to 6; level 1 is the report's title.")
    return Markup('<h{0} id="{1}">{2}</h{0}>').format(level, _unique_id(str(text)), text)


def paragraph_html(text: str) -> Markup:
    """Return ``<p>`` holding ``text`` (escaped unless it is Markup)."""
    return Markup("<p>{}</p>").format(text)


def badge_html(text: str, tone: str = "neutral") -> Markup:
    """Return an inline badge (completion level, status) in one of :data:`TONES`."""
    if tone not in TONES:
        raise ConfigError(f"badge tone '{tone}' is unknown.", fix=f"use one of {TONES}.")
    return Markup('<span class="badge badge-{}">{}</span>').format(tone, text)


def link_html(text: str, href: str) -> Markup:
    """Return a link; only relative, http(s) and mailto addresses are accepted."""
    scheme = urlsplit(href).scheme.lower()
    if scheme not in ("", "http", "https", "mailto"):
        raise ConfigError(f"link address '{href}' uses the scheme '{scheme}'.",
                          fix="link only to relative, http(s) or mailto addresses.")
    return Markup('<a href="{}">{}</a>').format(href, text)


def note_html(text: str, *, tone: str = "info") -> Markup:
    """Return a highlighted note (``info`` or ``warning``)."""
    if tone not in ("info", "warning"):
        raise ConfigError(f"note tone '{tone}' is unknown.", fix="use 'info' or 'warning'.")
    return Markup('<aside class="note note-{}"><p>{}</p></aside>').format(tone, text)


def definition_list_html(items: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Markup:
    """Return a ``<dl>`` of terms and their descriptions."""
    pairs = items.items() if isinstance(items, Mapping) else items
    body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(term, desc)
                           for term, desc in pairs)
    return Markup('<dl class="definitions">{}</dl>').format(body)


def _figure_value(item: KeyFigure, lang: str) -> str:
    value = item.value
    if isinstance(value, str):
        return value
    if item.percent:
        return i18n.format_percent(value, lang, item.decimals)
    return i18n.format_number(value, lang, item.decimals)


def key_figures_html(items: Sequence[KeyFigure | tuple[Any, ...]], *,
                     lang: str | None = None) -> Markup:
    """Return headline cards: ``KeyFigure`` items or ``(label, value[, detail])`` tuples."""
    lang = _lang(lang)
    cards = []
    for raw in items:
        item = raw if isinstance(raw, KeyFigure) else KeyFigure(*raw)
        detail = (Markup('<span class="detail">{}</span>').format(item.detail)
                  if item.detail else "")
        cards.append(Markup("<div><dt>{}</dt><dd>{}{}</dd></div>").format(
            item.label, _figure_value(item, lang), detail))
    return Markup('<dl class="key-figures">{}</dl>').format(Markup("").join(cards))


# ---------------------------------------------------------------------------- data files

def save_csv(df: pd.DataFrame, name: str) -> str | None:
    """Write ``df`` (see :func:`labmetrics.publish.write_csv`) as ``<name>.csv`` in the
    data folder, each column of codes followed by their names in the report's language
    (:func:`~labmetrics.i18n.label_codes`).

    Returns the link to it relative to the report page, or None when no data folder is set.
    """
    if not _NAME.fullmatch(name):
        raise ConfigError(f"data file name '{name}' is not a slug.",
                          fix="use lowercase letters, digits, '-' and '_' (up to 80).")
    if _STATE.data_dir is None:
        return None
    if name in _STATE.written:
        raise ConfigError(f"two tables of this report are both called '{name}'.",
                          fix="give every chart and table its own name.")
    _STATE.written.add(name)
    # Codes keep their column, and a column beside them names them in the report's language.
    path = write_csv(i18n.label_codes(df, _STATE.lang), _STATE.data_dir / f"{name}.csv").path
    return f"{quote(_STATE.data_dir.name)}/{quote(path.name)}"


def save_geojson(df: pd.DataFrame, points: Sequence[tuple[float, float] | None],
                 name: str) -> str | None:
    """Write ``df`` as ``<name>.geojson`` in the data folder: one Point feature per row at
    ``points`` (longitude, latitude; None for no geometry), its public columns as properties
    (the cells of :func:`save_csv`: codes named beside them).

    Returns the link to it relative to the report page, or None when no data folder is set.
    """
    import json

    if not _NAME.fullmatch(name):
        raise ConfigError(f"data file name '{name}' is not a slug.",
                          fix="use lowercase letters, digits, '-' and '_' (up to 80).")
    if len(points) != len(df):
        raise ConfigError(f"'{name}' has {len(df)} rows and {len(points)} points.",
                          fix="give one point (or None) per row.")
    if _STATE.data_dir is None:
        return None
    if f"{name}.geojson" in _STATE.written:
        raise ConfigError(f"two maps of this report are both called '{name}'.",
                          fix="give every data file its own name.")
    _STATE.written.add(f"{name}.geojson")
    table = csv_frame(i18n.label_codes(df, _STATE.lang)).astype(object)
    table = table.where(table.notna(), None)
    features = [{"type": "Feature",
                 "geometry": None if point is None else
                 {"type": "Point", "coordinates": [round(point[0], 6), round(point[1], 6)]},
                 "properties": {str(k): (v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp)
                                         else v) for k, v in row.items()}}
                for point, row in zip(points, table.to_dict("records"), strict=True)]
    path = _STATE.data_dir / f"{name}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                               ensure_ascii=False, indent=1, default=str) + "\n",
                    encoding="utf-8")
    return f"{quote(_STATE.data_dir.name)}/{quote(path.name)}"


def script_html(name: str) -> Markup:
    """Return ``<script>`` holding the packaged script ``templates/labmetrics/<name>.js``
    (inline: the page stays one self-contained file)."""
    path = config.TEMPLATES_DIR / "labmetrics" / f"{name}.js"
    code = path.read_text(encoding="utf-8")
    if "</" in code:
        raise ConfigError(f"the script {path} holds '</', which would end the element.",
                          file=path, fix="write '<\\/' in strings instead.")
    return Markup("<script>\n{}</script>").format(Markup(code))


def _data_link(href: str | None, title: str, lang: str) -> Markup:
    if href is None:
        return Markup("")
    label = i18n.t("report.display.data_csv", lang)
    return Markup(' <a class="data-link" href="{}" aria-label="{}: {}">{}</a>').format(
        href, label, title, label)


# ---------------------------------------------------------------------------- charts

def _render(fig: Figure, fmt: str) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    # Text as paths: the page needs no font; a fixed salt keeps the SVG reproducible.
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "labmetrics"}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return buf.getvalue()


def image_src(fig: Figure) -> str:
    """Return a ``data:`` address for ``fig``: SVG, or PNG when that is smaller.

    A figure with rasterized layers (a dense network) is PNG without trying SVG: its SVG
    embeds the same raster plus the vector parts, so it is the larger one.
    """
    if fig.findobj(lambda artist: artist.get_rasterized()):
        png = _render(fig, "png")
        return f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}"
    svg = _render(fig, "svg")
    mime, payload = "image/svg+xml", svg
    if len(svg) > SVG_MAX_BYTES:
        png = _render(fig, "png")
        if len(png) < len(svg):
            mime, payload = "image/png", png
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def figure_html(chart: ChartLike, *, lang: str | None = None) -> Markup:
    """Return ``<figure>`` with the chart, its caption and a link to its CSV; closes the
    matplotlib figure and writes the chart's data as ``<chart.name>.csv``."""
    import matplotlib.pyplot as plt

    lang = _lang(lang)
    if not str(chart.alt).strip():
        raise ConfigError(f"chart '{chart.name}' has no alt text.",
                          fix="describe what the chart shows, with its key numbers, in alt.")
    width, height = (round(v * 96) for v in chart.fig.get_size_inches())
    src = image_src(chart.fig)
    plt.close(chart.fig)
    href = save_csv(chart.data, chart.name)
    credit = getattr(chart, "caption", "") or ""
    credit_html = Markup(' <span class="credit">{}</span>').format(credit) if credit else ""
    return Markup(
        '<figure class="chart" id="chart-{}"><img src="{}" alt="{}" width="{}" height="{}">'
        '<figcaption><span class="chart-title">{}</span>{}{}</figcaption></figure>'
    ).format(chart.name, src, chart.alt, width, height, chart.title, credit_html,
             _data_link(href, chart.title, lang))


# ---------------------------------------------------------------------------- tables

def _formatted(s: pd.Series, lang: str, decimals: int | None) -> tuple[pd.Series, bool]:
    """Return the cells of one column as display text, and whether it is numeric."""
    if pd.api.types.is_bool_dtype(s.dtype):
        yes, no = i18n.t("report.display.yes", lang), i18n.t("report.display.no", lang)
        return s.map(lambda v: "–" if pd.isna(v) else (yes if v else no)), False
    if pd.api.types.is_numeric_dtype(s.dtype):
        d = decimals if decimals is not None else (
            0 if pd.api.types.is_integer_dtype(s.dtype) else 1)
        values = s.astype("Float64")
        return values.map(lambda v: i18n.format_number(None if pd.isna(v) else v, lang, d)), True
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.map(lambda v: i18n.format_date(v, lang)), False
    return s.map(_plain_text), False


def _plain_text(value: Any) -> str:
    if isinstance(value, list | tuple | set):
        return ", ".join(map(str, value))
    if value is None or pd.isna(value):
        return "–"
    return str(value)


def table_html(df: pd.DataFrame, *, caption: str, lang: str | None = None,
               name: str | None = None, max_rows: int = MAX_TABLE_ROWS,
               decimals: int | Mapping[str, int] | None = None) -> Markup:
    """Return an accessible table in a scroll box; with ``name``, also write its CSV.

    Numbers are formatted for ``lang`` and right-aligned (integers without decimals, other
    numbers with one unless ``decimals`` says otherwise); a text first column heads its row.
    Beyond ``max_rows`` rows the page shows the first ones and says where the rest is.
    """
    lang = _lang(lang)
    table = drop_private(df)
    href = save_csv(df, name) if name else None
    shown = table.head(max_rows)
    columns: list[tuple[str, pd.Series, bool]] = []
    for col in shown.columns:
        d = decimals.get(str(col)) if isinstance(decimals, Mapping) else decimals
        text, numeric = _formatted(shown[col], lang, d)
        columns.append((str(col), text, numeric))

    def cls(numeric: bool) -> Markup:
        return Markup(' class="num"') if numeric else Markup("")

    head = Markup("").join(Markup('<th scope="col"{}>{}</th>').format(cls(num), col)
                           for col, _, num in columns)
    row_header = bool(columns) and not columns[0][2]
    rows = []
    for i in range(len(shown)):
        cells = []
        for j, (_, text, num) in enumerate(columns):
            tag = "th" if j == 0 and row_header else "td"
            scope = Markup(' scope="row"') if tag == "th" else Markup("")
            cells.append(Markup("<{0}{1}{2}>{3}</{0}>").format(tag, scope, cls(num),
                                                             text.iloc[i]))
        rows.append(Markup("<tr>{}</tr>").format(Markup("").join(cells)))
    box = Markup(
        '<div class="table-scroll" tabindex="0" role="region" aria-label="{}"><table>'
        "<caption>{}{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>"
    ).format(i18n.t("report.display.table_region", lang, caption=caption), caption,
             _data_link(href, caption, lang), head, Markup("").join(rows))
    if len(table) > len(shown):
        box += Markup('<p class="table-note">{}</p>').format(i18n.t(
            "report.display.truncated", lang, shown=i18n.format_number(len(shown), lang),
            total=i18n.format_number(len(table), lang)))
    return box


# ---------------------------------------------------------------------------- show

def heading(text: str, level: int = 2) -> None:
    """Show a heading (levels 2–6)."""
    _show(heading_html(text, level))


def paragraph(text: str) -> None:
    """Show a paragraph."""
    _show(paragraph_html(text))


def note(text: str, *, tone: str = "info") -> None:
    """Show a highlighted note (``info`` or ``warning``)."""
    _show(note_html(text, tone=tone))


def definition_list(items: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
    """Show terms and their descriptions."""
    _show(definition_list_html(items))


def key_figures(items: Sequence[KeyFigure | tuple[Any, ...]], *,
                lang: str | None = None) -> None:
    """Show headline cards."""
    _show(key_figures_html(items, lang=lang))


def show_chart(chart: ChartLike, *, lang: str | None = None) -> None:
    """Show a chart as a figure with its caption and a link to its data (CSV)."""
    _show(figure_html(chart, lang=lang))


def show_table(df: pd.DataFrame, *, caption: str, lang: str | None = None,
               name: str | None = None, max_rows: int = MAX_TABLE_ROWS,
               decimals: int | Mapping[str, int] | None = None) -> None:
    """Show a table (see :func:`table_html`); with ``name``, also write its CSV."""
    _show(table_html(df, caption=caption, lang=lang, name=name, max_rows=max_rows,
                     decimals=decimals))
