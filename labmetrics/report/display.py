"""What report notebooks call to show things: every output is HTML built here.

All text is escaped (``markupsafe.escape``, the escaping of Jinja) unless it is a
:class:`~markupsafe.Markup` built by this module (``badge_html``, ``link_html``), so a
hostile string in the data shows as text. The page keeps only the ``text/html`` of each
output. Rendering writes nothing: a :class:`Page` (one per report, made in the notebook) is
the one place that writes the CSV behind a chart or a named table, into the report's data
folder, and hands back the link the HTML shows::

    from labmetrics.report.display import Page
    page = Page(lang, data_dir)
    page.show(section)
"""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias
from urllib.parse import quote, urlsplit

import pandas as pd
from markupsafe import Markup

from labmetrics import config, i18n
from labmetrics.errors import ConfigError
from labmetrics.publish import drop_private, public_frame, write_csv

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "ChartLike", "KeyFigure", "Markup", "Page", "badge_html", "check_name", "definition_list",
    "definition_list_html", "figure_html", "heading", "heading_html", "key_figures",
    "key_figures_html", "link_html", "note", "note_html", "paragraph", "paragraph_html",
    "script_html", "show_chart", "show_table", "table_html", "unique_id",
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
    """What :func:`figure_html` needs of a chart (``labmetrics.figures.Chart`` has it)."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def alt(self) -> str: ...
    @property
    def fig(self) -> Figure: ...
    @property
    def data(self) -> pd.DataFrame: ...


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: its label, its value, and an optional detail line."""

    label: str
    value: float | int | str | None
    detail: str | None = None
    decimals: int = 0
    percent: bool = False


FigureValue: TypeAlias = float | int | str | None
KeyFigureRow: TypeAlias = tuple[str, FigureValue] | tuple[str, FigureValue, str | None]
"""A key figure written as ``(label, value)`` or ``(label, value, detail)``."""


def _lang(lang: str | None) -> str:
    return i18n.check_lang(lang) if lang else config.DEFAULT_LANG


def _show(markup: str) -> None:
    # raw=True publishes only text/html: no text/plain repr to leak into the page.
    from IPython.display import display as _display

    _display({"text/html": str(markup)}, raw=True)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def unique_id(text: str, used: set[str]) -> str:
    """An anchor id for ``text`` not yet in ``used`` (``used`` then holds it)."""
    base = _slug(text)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


# ---------------------------------------------------------------------------- text

def heading_html(text: str, level: int = 2, *, ids: set[str] | None = None) -> Markup:
    """Return ``<h2>``…``<h6>`` with an anchor id unique among ``ids`` (the page's);
    ``<h1>`` is the page title."""
    if level not in range(2, 7):
        raise ConfigError(f"heading level {level} is not available in a report.",
                          fix="use levels 2 to 6; level 1 is the report's title.")
    anchor = unique_id(str(text), ids if ids is not None else set())
    return Markup('<h{0} id="{1}">{2}</h{0}>').format(level, anchor, text)


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


def definition_list_html(items: Mapping[str, object] | Iterable[tuple[str, object]]) -> Markup:
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


def key_figures_html(items: Sequence[KeyFigure | KeyFigureRow], *,
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

def check_name(name: str) -> str:
    """Return ``name`` when it can name a data file (a slug of up to 80 characters)."""
    if not _NAME.fullmatch(name):
        raise ConfigError(f"data file name '{name}' is not a slug.",
                          fix="use lowercase letters, digits, '-' and '_' (up to 80).")
    return name


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


def figure_html(chart: ChartLike, *, lang: str | None = None, href: str | None = None) -> Markup:
    """Return ``<figure>`` with the chart, its caption and, with ``href``, a link to the
    CSV of its data; closes the matplotlib figure."""
    import matplotlib.pyplot as plt

    lang = _lang(lang)
    if not str(chart.alt).strip():
        raise ConfigError(f"chart '{chart.name}' has no alt text.",
                          fix="describe what the chart shows, with its key numbers, in alt.")
    width, height = (round(v * 96) for v in chart.fig.get_size_inches())
    src = image_src(chart.fig)
    plt.close(chart.fig)
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
               href: str | None = None, max_rows: int = MAX_TABLE_ROWS,
               decimals: int | Mapping[str, int] | None = None) -> Markup:
    """Return an accessible table in a scroll box; with ``href``, a link to its CSV.

    Numbers are formatted for ``lang`` and right-aligned (integers without decimals, other
    numbers with one unless ``decimals`` says otherwise); a text first column heads its row.
    Beyond ``max_rows`` rows the page shows the first ones and says where the rest is.
    """
    lang = _lang(lang)
    table = drop_private(df)
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


def definition_list(items: Mapping[str, object] | Iterable[tuple[str, object]]) -> None:
    """Show terms and their descriptions."""
    _show(definition_list_html(items))


def key_figures(items: Sequence[KeyFigure | KeyFigureRow], *,
                lang: str | None = None) -> None:
    """Show headline cards."""
    _show(key_figures_html(items, lang=lang))


def show_chart(chart: ChartLike, *, lang: str | None = None) -> None:
    """Show a chart as a figure with its caption (no data file: see :class:`Page`)."""
    _show(figure_html(chart, lang=lang))


def show_table(df: pd.DataFrame, *, caption: str, lang: str | None = None,
               max_rows: int = MAX_TABLE_ROWS,
               decimals: int | Mapping[str, int] | None = None) -> None:
    """Show a table (see :func:`table_html`; no data file: see :class:`Page`)."""
    _show(table_html(df, caption=caption, lang=lang, max_rows=max_rows, decimals=decimals))


# ---------------------------------------------------------------------------- the page

@dataclass
class Page:
    """One report page as a notebook builds it: its language, the anchor ids it has used,
    and its data folder, where it writes the CSV files its blocks ask for.

    A notebook makes one and passes it along; nothing about the page lives in this module.
    Without a data folder (``None``) no file is written and no data link shown.
    """

    lang: str = config.DEFAULT_LANG
    data_dir: Path | None = None
    ids: set[str] = field(default_factory=set)
    written: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        i18n.check_lang(self.lang)
        if self.data_dir is not None:
            self.data_dir = Path(self.data_dir)
            self.data_dir.mkdir(parents=True, exist_ok=True)

    def write_data(self, frame: pd.DataFrame, name: str) -> str | None:
        """Write ``frame`` as ``<name>.csv`` in the data folder (through
        :func:`labmetrics.publish.write_csv`), each column of codes followed by their names
        in the page's language (:func:`~labmetrics.i18n.label_codes`); return its link
        relative to the page, or None without a data folder. Two files of one page may not
        share a name."""
        check_name(name)
        if self.data_dir is None:
            return None
        if name in self.written:
            raise ConfigError(f"two tables of this report are both called '{name}'.",
                              fix="give every chart and table its own name.")
        # Codes keep their column, and a column beside them names them in the page's language.
        path = write_csv(i18n.label_codes(frame, self.lang), self.data_dir / f"{name}.csv").path
        self.written[name] = path
        return f"{quote(self.data_dir.name)}/{quote(path.name)}"

    def write_files(self, files: Iterable[tuple[str, pd.DataFrame]]) -> dict[str, str | None]:
        """Write every ``(name, frame)``; return the link of each name."""
        return {name: self.write_data(frame, name) for name, frame in files}

    def write_geojson(self, frame: pd.DataFrame,
                      points: Sequence[tuple[float, float] | None], name: str) -> str | None:
        """Write ``frame`` as ``<name>.geojson`` in the data folder: one Point feature per
        row at ``points`` (longitude, latitude; None for no geometry), its public columns as
        properties (the cells of :meth:`write_data`: codes named beside them). Returns the
        link relative to the page, or None without a data folder."""
        import json

        check_name(name)
        if len(points) != len(frame):
            raise ConfigError(f"'{name}' has {len(frame)} rows and {len(points)} points.",
                              fix="give one point (or None) per row.")
        if self.data_dir is None:
            return None
        key = f"{name}.geojson"
        if key in self.written:
            raise ConfigError(f"two maps of this report are both called '{name}'.",
                              fix="give every data file its own name.")
        table = public_frame(i18n.label_codes(frame, self.lang)).astype(object)
        table = table.where(table.notna(), None)
        features = [{"type": "Feature",
                     "geometry": None if point is None else
                     {"type": "Point", "coordinates": [round(point[0], 6), round(point[1], 6)]},
                     "properties": {str(k): (v.strftime("%Y-%m-%d")
                                             if isinstance(v, pd.Timestamp) else v)
                                    for k, v in row.items()}}
                    for point, row in zip(points, table.to_dict("records"), strict=True)]
        path = self.data_dir / key
        part = path.with_name(f"{key}.part")
        part.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                   ensure_ascii=False, indent=1, default=str) + "\n",
                        encoding="utf-8")
        part.replace(path)
        self.written[key] = path
        return f"{quote(self.data_dir.name)}/{quote(path.name)}"

    def show_chart(self, chart: ChartLike) -> None:
        """Write the chart's data as ``<chart.name>.csv`` and show the chart linking to it."""
        href = self.write_data(chart.data, chart.name)
        _show(figure_html(chart, lang=self.lang, href=href))

    def show_table(self, df: pd.DataFrame, *, caption: str, name: str | None = None,
                   max_rows: int = MAX_TABLE_ROWS,
                   decimals: int | Mapping[str, int] | None = None) -> None:
        """Show a table; with ``name``, write it as ``<name>.csv`` and link to it."""
        href = self.write_data(df, name) if name else None
        _show(table_html(df, caption=caption, lang=self.lang, href=href, max_rows=max_rows,
                         decimals=decimals))

    def heading(self, text: str, level: int = 2) -> None:
        """Show a heading whose anchor id is unique on the page."""
        _show(heading_html(text, level, ids=self.ids))
