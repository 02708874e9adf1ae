"""Who the network reaches: kinds of group and regions whose share of partners or of active
groups falls short of their share of the mapping, districts with no group, and the map."""

from __future__ import annotations

from typing import Any

import pandas as pd

from labmetrics import figures, i18n
from labmetrics.report.blocks import (
    Block,
    Data,
    Figure,
    Heading,
    Items,
    Note,
    Paragraph,
    Section,
    Table,
)
from labmetrics.report.network_growth.inputs import NetworkReport
from labmetrics.report.network_growth.network_text import (
    category_name,
    partners_note,
    say,
)
from labmetrics.report.shared_text import join


def representation_items(report: NetworkReport, dimension: str, lang: str
                         ) -> tuple[str, ...]:
    """Each kind of group (``dimension="kind"``) or region with its share of the mapping,
    of the partners and of the active groups, one line each (a line reads whole on a
    phone; the numbers are in the CSV ``representation``)."""
    part = report.missing.loc[report.missing["dimension"] == dimension]
    return tuple(_share_item(r, lang) for r in part.itertuples(index=False))


def _share_item(row: Any, lang: str) -> str:
    return say("missing.share_item", lang,
               category=category_name(row.dimension, row.category, lang),
               mapped=i18n.format_percent(row.mapped_share, lang),
               partners=(i18n.format_percent(row.partner_share, lang)
                         if pd.notna(row.partner_share)
                         else i18n.t("evidence.no_data.value", lang)),
               active=i18n.format_percent(row.active_share, lang))


def build_missing(report: NetworkReport, lang: str) -> Section:
    """Who is missing: kinds of group and regions whose share of partners or of active
    groups falls short of their share of the mapping, and districts with no group."""
    miss = report.missing
    blocks: list[Block] = [Heading(say("missing.heading", lang)),
                           Paragraph(say("missing.intro", lang))]
    if report.spaces:
        blocks.append(Note(say("missing.every_space", lang)))
    cannot = partners_note(report, lang)
    if cannot:
        blocks.append(Note(cannot, tone="warning"))
    under = miss.loc[miss["under_represented"]]
    if len(under):
        blocks.append(Paragraph(say("missing.under", lang)))
        blocks.append(Items(tuple(_share_item(r, lang) for r in under.itertuples(index=False))))
    else:
        blocks.append(Paragraph(say("missing.none", lang)))
    blocks.append(Figure(figures.kind_mix_chart(report.kind_mix, lang,
                                                count_col="groups_mapped")))
    for dimension in ("kind", "region"):
        if (miss["dimension"] == dimension).any():
            blocks += [Paragraph(say(f"missing.all_{dimension}", lang)),
                       Items(representation_items(report, dimension, lang))]
    blocks.append(Data(miss, "representation"))
    geo = report.geography
    # Without any place in the data, every area would be listed as empty.
    empty = geo.districts_without_groups if report.data.has_geography else []
    if empty:
        blocks.append(Paragraph(say("missing.districts", lang,
                                    n=i18n.format_number(len(empty), lang),
                                    areas=report.data.city.area_label(lang),
                                    total=i18n.format_number(len(geo.districts), lang),
                                    names=join(empty, lang))))
    if geo.unplaced_groups:
        blocks.append(Paragraph(say("missing.unplaced", lang,
                                    n=i18n.format_number(geo.unplaced_groups, lang))))
    return tuple(blocks)


# ---------------------------------------------------------------------------- map

def map_spaces(report: NetworkReport) -> pd.DataFrame:
    """The spaces to mark on the map: those of the report, with a place."""
    spaces = report.data.spaces
    if report.spaces:
        spaces = spaces.loc[spaces["space_id"].isin(list(report.spaces))]
    return spaces.loc[spaces.geometry.notna() & ~spaces.geometry.is_empty]


def build_map(report: NetworkReport, lang: str, per_area: bool = False) -> Section:
    """Groups mapped per district (or per 100 km²), the spaces as points, by region.

    Data with no place in the city (no district, no coordinates) has no map: the section
    says so in one paragraph.
    """
    geo = report.geography
    if not report.data.has_geography:
        return (Heading(say("map.heading", lang)), Paragraph(say("map.no_geography", lang)))
    chart = figures.district_map(report.data.districts, geo.districts, "groups", lang,
                                 per_area=per_area, spaces=map_spaces(report),
                                 city=report.data.city)
    regions = geo.regions
    # Three columns read on a phone; partners and active groups by region are in the CSV
    # and, as shares, in the section on who is missing.
    table = pd.DataFrame({
        say("missing.region", lang): regions["region"].astype(str).to_numpy(),
        say("columns.mapped", lang): regions["groups"].to_numpy(),
        say("columns.per_area", lang): regions["groups_per_100km2"].to_numpy(),
    })
    return (Heading(say("map.heading", lang)), Paragraph(say("map.intro", lang)),
            Figure(chart),
            Table(table, say("map.caption", lang), name="regions",
                  decimals={say("columns.per_area", lang): 1}, data=regions),
            Data(geo.districts, "districts"))
