"""A report section as data: headings, paragraphs, key figures, tables and charts in order.

The section builders of :mod:`labmetrics.report.progress` and
:mod:`labmetrics.report.network_report` return a :data:`Section` (a tuple of blocks) so that
tests can read what a section says without a notebook; :func:`show` then publishes it
through :mod:`labmetrics.report.display`, which escapes every text; the report's
:class:`~labmetrics.report.display.Page` writes the CSV behind every chart and named table
(:func:`data_files` lists them). This module also builds the parts both reports share:
the sample-data notice and the data sources (inputs, sha256, validation accounting,
quarantine reasons).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
from markupsafe import Markup

from labmetrics import assumptions, i18n
from labmetrics.dataset import LabData
from labmetrics.figures import Chart
from labmetrics.report import display
from labmetrics.report.display import KeyFigure, Page

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
    "build_data_sources",
    "build_sample_notice",
    "charts",
    "data_files",
    "is_sample",
    "join",
    "render",
    "section_html",
    "section_text",
    "show",
    "shower",
    "signed",
    "source_items",
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
    return [block_html(block, page.lang, hrefs=hrefs, ids=page.ids) for block in blocks]


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


# ---------------------------------------------------------------------------- shared parts

def is_sample(data: LabData) -> bool:
    """Whether ``data`` is invented (see :attr:`labmetrics.dataset.LabData.is_sample`)."""
    return data.is_sample


def build_sample_notice(data: LabData, lang: str) -> Section:
    """The notice that the figures are invented, when the data is the bundled sample."""
    return (Note(i18n.t("common.sample_notice", lang), tone="warning"),) if is_sample(data) \
        else ()


def _dataset_name(dataset: Any, lang: str) -> str:
    key = f"sections.datasets.{dataset}"
    return i18n.t(key, lang) if i18n.has(key, lang) else str(dataset)


def _rule_name(rule: Any, lang: str) -> str:
    key = f"sections.rules.{rule}"
    return i18n.t(key, lang) if i18n.has(key, lang) else str(rule)


def _inputs_frame(data: LabData) -> pd.DataFrame:
    """One row per input file: data set, file, read, valid, quarantined, sha256."""
    sha = {(i.get("dataset"), i.get("file")): i.get("sha256")
           for i in data.manifest.get("inputs", [])}
    rows = [{"dataset": a.dataset, "file": a.file, "read": a.read, "valid": a.valid,
             "quarantined": a.quarantined, "sha256": sha.get((a.dataset, a.file))}
            for a in data.accounting]
    frame = pd.DataFrame(rows, columns=["dataset", "file", "read", "valid", "quarantined",
                                        "sha256"])
    return frame.astype({"read": "int64", "valid": "int64", "quarantined": "int64"})


def _reasons_frame(data: LabData) -> pd.DataFrame:
    """Quarantine lines counted by data set and rule."""
    q = data.quarantine
    if not len(q):
        return pd.DataFrame({"dataset": pd.Series(dtype="string"),
                             "rule": pd.Series(dtype="string"),
                             "problems": pd.Series(dtype="int64")})
    rule = q["rule"] if "rule" in q.columns else pd.Series("", index=q.index)
    counts = (pd.DataFrame({"dataset": q["dataset"], "rule": rule.fillna("")})
              .value_counts(sort=False).rename("problems").reset_index())
    return counts.sort_values(["dataset", "problems", "rule"], ascending=[True, False, True],
                              ignore_index=True)


def build_data_sources(data: LabData, lang: str, *, level: int = 3) -> Section:
    """The data behind the report: each input file with its accounting (rows read = valid
    + quarantined) and its sha256, the quarantine reasons counted, and the warnings.

    Lists rather than tables: each line reads whole on a phone; the numbers are in the
    CSV files ``validation-accounting`` and ``quarantine-reasons``.
    """
    heading = Heading(i18n.t("sections.data.heading", lang), level)
    if not data.accounting:
        return (heading, Paragraph(i18n.t("sections.data.in_code", lang)))
    inputs = _inputs_frame(data)
    total = data.totals
    number = i18n.format_number
    blocks: list[Block] = [
        heading,
        Paragraph(i18n.t("sections.data.accounting", lang, read=number(total.read, lang),
                         valid=number(total.valid, lang),
                         quarantined=number(total.quarantined, lang))),
        Items(tuple(i18n.t("sections.data.file_accounting", lang, file=r.file,
                           read=number(r.read, lang), valid=number(r.valid, lang),
                           quarantined=number(r.quarantined, lang))
                    for r in inputs.itertuples(index=False))),
        Data(inputs, "validation-accounting"),
    ]
    if not all(a.balanced for a in data.accounting):
        blocks.append(Note(i18n.t("sections.data.unbalanced", lang), tone="warning"))
    # A long hash may wrap in a definition list, not in a table cell.
    hashes = tuple((str(f), str(h)) for f, h in zip(inputs["file"], inputs["sha256"],
                                                    strict=True) if isinstance(h, str))
    if hashes:
        blocks += [Paragraph(i18n.t("sections.data.sha256", lang)), Definitions(hashes)]
    reasons = _reasons_frame(data)
    if len(reasons):
        blocks += [
            Paragraph(i18n.t("sections.data.reasons", lang)),
            Items(tuple(i18n.t("sections.data.reason", lang,
                               dataset=_dataset_name(r.dataset, lang),
                               rule=_rule_name(r.rule, lang), n=number(r.problems, lang))
                        for r in reasons.itertuples(index=False))),
            Data(reasons, "quarantine-reasons"),
            Paragraph(i18n.t("sections.data.reasons_note", lang)),
        ]
    else:
        blocks.append(Paragraph(i18n.t("sections.data.no_quarantine", lang)))
    if data.warnings:
        blocks.append(Paragraph(i18n.t("sections.data.warnings", lang,
                                       n=number(len(data.warnings), lang))))
    return tuple(blocks)


def build_assumptions(kind: str, lang: str, *, level: int = 3,
                      estimates: Sequence[str] = ()) -> Section:
    """The assumptions of the method (:mod:`labmetrics.assumptions`) that changed the numbers
    of the report ``kind``, each with its value and meaning, and the figures of this report
    that were estimated rather than computed exactly (``estimates``, already in words)."""
    items = tuple(i18n.t("assumptions.item", lang, name=a.name, value=a.value_text(lang),
                         meaning=a.meaning(lang)) for a in assumptions.for_report(kind))
    return (Heading(i18n.t("assumptions.heading", lang), level),
            Paragraph(i18n.t("assumptions.lead", lang)), Items(items),
            *(Paragraph(text) for text in estimates))


def source_items(sources: Mapping[str, Any], lang: str) -> tuple[Markup, ...]:
    """Cited documents as list items: the title linked to its address, then its publisher."""
    items = []
    for source in sources.values():
        title = source.title.text(lang)
        text = display.link_html(title, source.url) if source.url else Markup.escape(title)
        if source.publisher:
            text = Markup("{} – {}").format(text, source.publisher.text(lang))
        items.append(text)
    return tuple(items)


def join(items: Sequence[str], lang: str) -> str:
    """``a, b and c`` in ``lang``."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {i18n.t('sections.words.and', lang)} {words[-1]}"


def signed(change: float | None, lang: str, written: Callable[[float], str], *,
           share: bool = False) -> str:
    """A change with its sign: ``+276``, ``−3.951 h`` (``written`` writes the size), a share
    in percentage points (``+29 p.p.``), ``±0`` for none, ``–`` when it is unknown."""
    if change is None or math.isnan(change):
        return "–"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    if share:
        return i18n.t("sections.words.points", lang,
                      value=sign + i18n.format_number(abs(change) * 100, lang))
    return sign + written(abs(change))
