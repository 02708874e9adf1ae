"""The opening of the partner directory: its day, the consent rule, the partners counted by
kind, region and year joined, and the map."""

from __future__ import annotations

import pandas as pd

from labmetrics import figures, i18n
from labmetrics.report.blocks import (
    Block,
    Definitions,
    Figure,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)
from labmetrics.report.directory.directory_text import kind_name, say
from labmetrics.report.directory.inputs import DirectoryReport
from labmetrics.report.shared_sections import build_sample_notice


def build_intro(report: DirectoryReport, lang: str) -> Section:
    """What the page is, its day and the day it is compared with, with the sample notice."""
    d = report.directory
    items = ((say("intro.as_of", lang), i18n.format_date(d.as_of, lang)),
             (say("intro.since", lang), i18n.format_date(d.since, lang)))
    return (*build_sample_notice(report.data, lang), Paragraph(say("intro.purpose", lang)),
            Definitions(items), Paragraph(say("intro.consent", lang)))


def _counted(values: pd.Series, column: str, label: str) -> pd.DataFrame:
    counts = values.value_counts(sort=False)
    frame = pd.DataFrame({column: counts.index.astype(str), label: counts.to_numpy()})
    return frame.sort_values([label, column], ascending=[False, True], ignore_index=True)


def kind_counts(report: DirectoryReport) -> pd.DataFrame:
    """Listed partners by kind of group (``kind``, ``partners``), most first."""
    return _counted(report.directory.partners["kind"], "kind", "partners")


def region_counts(report: DirectoryReport) -> pd.DataFrame:
    """Listed partners by region (``region``, ``partners``); those without one apart."""
    regions = report.directory.partners["region"].astype(object).fillna("")
    return _counted(regions, "region", "partners")


def year_counts(report: DirectoryReport) -> pd.DataFrame:
    """Listed partners by the year they joined the network (``year``, ``partners``)."""
    years = report.directory.partners["network_joined_on"].dt.year.astype("int64")
    return _counted(years, "year", "partners").sort_values("year", ignore_index=True)


def build_summary(report: DirectoryReport, lang: str) -> Section:
    """How many partners, how many named, of which kinds, where and joined when."""
    d = report.directory
    date = i18n.format_date(d.as_of, lang)
    number = i18n.format_number
    blocks: list[Block] = [Heading(say("summary.heading", lang))]
    if d.total == 0:
        return (*blocks, Paragraph(say("summary.empty", lang, date=date)))
    text = (say("summary.intro", lang, date=date, total=number(d.total, lang),
                named=number(len(d.partners), lang), hidden=number(d.opted_out, lang))
            if d.opted_out else say("summary.intro_none_hidden", lang, date=date,
                                    total=number(d.total, lang)))
    blocks += [
        Paragraph(text),
        KeyFigures((KeyFigure(say("summary.partners", lang), number(d.total, lang)),
                    KeyFigure(say("summary.named", lang), number(len(d.partners), lang)),
                    KeyFigure(say("summary.opted_out", lang), number(d.opted_out, lang)))),
    ]
    if d.partners.empty:
        return tuple(blocks)
    kinds = kind_counts(report)
    regions = region_counts(report)
    years = year_counts(report)
    partners = say("summary.partners_column", lang)
    blocks += [
        Table(pd.DataFrame({say("summary.kind", lang): [kind_name(k, lang) for k in kinds["kind"]],
                            partners: kinds["partners"].to_numpy()}),
              say("summary.by_kind", lang), name="partners-by-kind", data=kinds),
        Table(pd.DataFrame({say("summary.region", lang): [r or say("summary.unplaced", lang)
                                                          for r in regions["region"]],
                            partners: regions["partners"].to_numpy()}),
              say("summary.by_region", lang), name="partners-by-region", data=regions),
        Table(pd.DataFrame({say("summary.year", lang): years["year"].astype(str).to_numpy(),
                            partners: years["partners"].to_numpy()}),
              say("summary.by_year", lang), name="partners-by-year-joined", data=years),
    ]
    return tuple(blocks)


def map_spaces(report: DirectoryReport) -> pd.DataFrame:
    """The spaces the listed partners work with, with a place: the points on the map."""
    used = {s for row in report.directory.partners["space_ids"] for s in row}
    spaces = report.data.spaces
    return spaces.loc[spaces["space_id"].isin(sorted(used)) & spaces.geometry.notna()
                      & ~spaces.geometry.is_empty]


def build_map(report: DirectoryReport, lang: str) -> Section:
    """The listed partners per district, in the network report's map style."""
    partners = report.directory.partners
    if partners.empty:
        return ()
    districts = report.data.districts
    code = dict(zip(districts["district_name"].astype(str), districts["district_code"],
                    strict=True))
    placed = partners["district_name"].dropna().astype(str)
    counts = pd.DataFrame({"district_code": placed.map(code).to_numpy(), "partners": 1})
    chart = figures.district_map(districts, counts, "partners", lang,
                                 spaces=map_spaces(report), name="map-partners",
                                 city=report.data.city)
    return (Paragraph(say("summary.map", lang)), Figure(chart))
