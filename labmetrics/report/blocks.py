"""The report's block model: a section as data (headings, paragraphs, key figures, tables,
charts and the files behind them, in order), and its rendering.

The section builders of :mod:`labmetrics.report.progress`,
:mod:`labmetrics.report.network_growth` and :mod:`labmetrics.report.directory` return a
:data:`Section` (a tuple of blocks) so that tests can read what a section says without a
notebook; :func:`show` then publishes it through :mod:`labmetrics.report.display`, which
escapes every text; the report's :class:`~labmetrics.report.display.Page` writes the CSV
behind every chart and named table (:func:`data_files` lists them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from markupsafe import Markup

from labmetrics.figures import Chart
from labmetrics.report import display
from labmetrics.report.display import KeyFigure, Page
from labmetrics.report.drawing import ChartJob, draw_charts

__all__ = [
    "Block",
    "Chart",
    "Data",
    "Definitions",
    "Figure",
    "GeoData",
    "Heading",
    "Html",
    "Items",
    "KeyFigure",
    "KeyFigures",
    "Links",
    "Note",
    "Paragraph",
    "Section",
    "Table",
    "block_html",
    "charts",
    "data_files",
    "render",
    "section_html",
    "section_text",
    "show",
    "shower",
    "tables",
]


# ---------------------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Heading:
    """A section or sub-section title (level 2 to 4)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text (escaped unless it is Markup)."""

    text: str | Markup


@dataclass(frozen=True)
class Note:
    """A highlighted note, ``info`` or ``warning``."""

    text: str
    tone: str = "info"


@dataclass(frozen=True)
class KeyFigures:
    """Headline numbers shown as cards."""

    items: tuple[KeyFigure, ...]


@dataclass(frozen=True)
class Definitions:
    """Terms and their descriptions."""

    items: tuple[tuple[str, str | Markup], ...]


@dataclass(frozen=True)
class Items:
    """A bulleted (or numbered) list."""

    items: tuple[str | Markup, ...]
    ordered: bool = False


@dataclass(frozen=True, eq=False)
class Table:
    """A table with its caption; with ``name``, its CSV is written beside the report.

    ``data`` is what the CSV holds when it should differ from the table shown (numbers
    rather than the text written for the reader); it is then saved under ``name`` and the
    table is shown without a CSV of its own.
    """

    frame: pd.DataFrame
    caption: str
    name: str | None = None
    decimals: int | Mapping[str, int] | None = None
    data: pd.DataFrame | None = None


@dataclass(frozen=True, eq=False)
class Data:
    """A table published only as a CSV file beside the report (listed at the foot of the
    page), for numbers the section shows in another form."""

    frame: pd.DataFrame
    name: str


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart of :mod:`labmetrics.figures`."""

    chart: Chart


@dataclass(frozen=True)
class Html:
    """Markup a section builder assembled itself (every text in it escaped there), for a
    structure no other block has, such as the partner directory's list and its filters."""

    markup: Markup


@dataclass(frozen=True, eq=False)
class GeoData:
    """A table published as a GeoJSON file beside the report: one point per row
    (longitude, latitude; None for none), the public columns as properties."""

    frame: pd.DataFrame
    points: tuple[tuple[float, float] | None, ...]
    name: str


@dataclass(frozen=True)
class Links:
    """A sentence linking to data files of the section: ``text`` then each ``(label, key)``,
    the key a CSV's name or ``<name>.geojson``; shown only when every file was written."""

    text: str
    files: tuple[tuple[str, str], ...]


Block = (Heading | Paragraph | Note | KeyFigures | Definitions | Items | Table | Data | Figure
         | Html | GeoData | Links)
Section = tuple[Block, ...]


# ---------------------------------------------------------------------------- rendering

def _list_html(block: Items) -> Markup:
    tag = Markup("ol") if block.ordered else Markup("ul")
    body = Markup("").join(Markup("<li>{}</li>").format(item) for item in block.items)
    return Markup("<{0}>{1}</{0}>").format(tag, body)


def data_files(section: Iterable[Block]) -> list[tuple[str, pd.DataFrame]]:
    """The CSV files a section wants written beside the report, as ``(name, rows)``: the
    data of every chart, of every named table and of every :class:`Data` block."""
    files: list[tuple[str, pd.DataFrame]] = []
    for block in section:
        if isinstance(block, Figure):
            files.append((block.chart.name, block.chart.data))
        elif isinstance(block, Table) and block.name:
            files.append((block.name, block.data if block.data is not None else block.frame))
        elif isinstance(block, Data):
            files.append((block.name, block.frame))
    return files


def block_html(block: Block, lang: str, *, hrefs: Mapping[str, str | None] | None = None,
               ids: set[str] | None = None) -> Markup:
    """Return the HTML of one block; writes nothing.

    ``hrefs`` gives the link of each data file already written (see :func:`data_files`);
    ``ids`` the anchor ids the page has used.
    """
    links = hrefs or {}
    if isinstance(block, Links):
        found = [(label, links.get(key)) for label, key in block.files]
        if not found or any(href is None for _, href in found):
            return Markup("")
        anchors = Markup("; ").join(Markup('<a href="{}">{}</a>').format(href, label)
                                    for label, href in found)
        return Markup("<p>{} {}.</p>").format(block.text, anchors)
    if isinstance(block, Heading):
        return display.heading_html(block.text, block.level, ids=ids)
    if isinstance(block, Paragraph):
        return display.paragraph_html(block.text)
    if isinstance(block, Note):
        return display.note_html(block.text, tone=block.tone)
    if isinstance(block, KeyFigures):
        return display.key_figures_html(block.items, lang=lang)
    if isinstance(block, Definitions):
        return display.definition_list_html(block.items)
    if isinstance(block, Items):
        return _list_html(block)
    if isinstance(block, Table):
        # A table whose CSV holds other data than the table shows links to no file.
        href = links.get(block.name) if block.name and block.data is None else None
        return display.table_html(block.frame, caption=block.caption, lang=lang, href=href,
                                  decimals=block.decimals)
    if isinstance(block, Figure):
        return display.figure_html(block.chart, lang=lang, href=links.get(block.chart.name))
    if isinstance(block, Data | GeoData):
        return Markup("")
    if isinstance(block, Html):
        return block.markup
    raise TypeError(f"not a report block: {block!r}")


def section_html(section: Iterable[Block], lang: str, *,
                 hrefs: Mapping[str, str | None] | None = None,
                 ids: set[str] | None = None) -> Markup:
    """Return the HTML of a whole section; writes nothing."""
    used = ids if ids is not None else set()
    return Markup("\n").join(block_html(block, lang, hrefs=hrefs, ids=used)
                             for block in section)


def render(section: Iterable[Block], page: Page) -> list[Markup]:
    """The HTML of each block of a section on ``page``, after the page has written the
    files the section asks for (:func:`data_files`)."""
    blocks = tuple(section)
    hrefs = page.write_files(data_files(blocks))
    for block in blocks:
        if isinstance(block, GeoData):
            hrefs[f"{block.name}.geojson"] = page.write_geojson(block.frame, block.points,
                                                                block.name)
    # The charts are drawn together, on more than one core when the kernel may.
    figures = [i for i, block in enumerate(blocks) if isinstance(block, Figure)]
    drawn = dict(zip(figures, draw_charts(
        [ChartJob(block.chart, page.lang, hrefs.get(block.chart.name))
         for block in blocks if isinstance(block, Figure)]), strict=True))
    return [drawn[i] if i in drawn else block_html(block, page.lang, hrefs=hrefs, ids=page.ids)
            for i, block in enumerate(blocks)]


def show(section: Iterable[Block], page: Page) -> None:
    """Publish a section in the notebook, block by block, as HTML only (see :func:`render`)."""
    from IPython.display import display as publish

    for html in render(section, page):
        if html:
            # raw=True publishes only text/html: no text/plain repr reaches the page.
            publish({"text/html": str(html)}, raw=True)


R = TypeVar("R")


def shower(builder: Callable[[R, str], Iterable[Block]]) -> Callable[[R, Page], None]:
    """Turn a ``build_<section>(report, lang)`` into the ``show_<section>(report, page)``
    a notebook calls."""

    def show_section(report: R, page: Page) -> None:
        show(builder(report, page.lang), page)

    show_section.__name__ = builder.__name__.replace("build_", "show_")
    show_section.__doc__ = f"Show the section of :func:`{builder.__name__}` on ``page``."
    return show_section


def section_text(section: Iterable[Block]) -> str:
    """Every word a section shows (headings, text, key figures, table cells, chart titles
    and alt texts), one item a line: what tests read."""
    out: list[str] = []
    for block in section:
        if isinstance(block, Heading | Paragraph | Note):
            out.append(str(block.text))
        elif isinstance(block, KeyFigures):
            out += [f"{k.label}: {k.value} {k.detail or ''}".strip() for k in block.items]
        elif isinstance(block, Definitions):
            out += [f"{term}: {desc}" for term, desc in block.items]
        elif isinstance(block, Items):
            out += [str(item) for item in block.items]
        elif isinstance(block, Table):
            out.append(block.caption)
            out.append(" | ".join(map(str, block.frame.columns)))
            out += [" | ".join(map(str, row)) for row in block.frame.itertuples(index=False)]
        elif isinstance(block, Figure):
            out += [block.chart.title, block.chart.alt]
        elif isinstance(block, Html):
            out.append(block.markup.striptags())
    return "\n".join(out)


def charts(section: Iterable[Block]) -> list[Chart]:
    """The charts of a section, in order."""
    return [block.chart for block in section if isinstance(block, Figure)]


def tables(section: Iterable[Block]) -> list[Table]:
    """The tables of a section, in order."""
    return [block for block in section if isinstance(block, Table)]
