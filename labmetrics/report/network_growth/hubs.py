"""Hubs and bridges: each space's place in the network, and the groups that bridge spaces."""

from __future__ import annotations

from typing import Any

import pandas as pd

from labmetrics import figures, i18n
from labmetrics.report.blocks import Block, Data, Definitions, Figure, Heading, Paragraph, Section
from labmetrics.report.network_growth.inputs import NetworkReport
from labmetrics.report.network_growth.network_text import category_name, period_names, say

BRIDGES_SHOWN = 20
"""How many bridging groups the hubs section names on the page (every one is in its CSV)."""


def build_hubs(report: NetworkReport, lang: str) -> Section:
    """Hubs and bridges: the spaces' place in the network, groups bridging spaces over
    time, and the share of active groups using several spaces."""
    m = report.space_metrics
    blocks: list[Block] = [Heading(say("hubs.heading", lang)), Paragraph(say("hubs.intro", lang))]
    if len(m):
        top = m.sort_values(["betweenness", "space_id"], ascending=[False, True]).iloc[0]
        blocks.append(Paragraph(say("hubs.top", lang, space=str(top["name"]),
                                    groups=i18n.format_number(top["groups_hosted"], lang),
                                    betweenness=i18n.format_number(top["betweenness"], lang,
                                                                   2))))
        # Charts rather than a wide table: they read on a phone; the table is the CSV.
        blocks.append(Figure(figures.per_lab_chart(m, "groups_hosted", lang, decimals=0)))
        blocks.append(Paragraph(say("hubs.shared", lang,
                                    period=say(f"units.period.{report.freq}", lang))))
        blocks.append(Figure(figures.per_lab_chart(m, "groups_shared", lang, decimals=0,
                                                   total=len(report.bridging))))
        blocks.append(Data(m, "space-metrics"))
    integ = report.integration
    blocks += [Heading(say("hubs.bridges", lang), 3)]
    if integ.active_groups:
        blocks.append(Paragraph(say("hubs.integration", lang,
                                    active=i18n.format_number(integ.active_groups, lang),
                                    linked=i18n.format_number(integ.linked_to_several_spaces,
                                                              lang),
                                    share=i18n.format_percent(integ.share, lang),
                                    period=say(f"units.period.{report.freq}", lang))))
    else:
        blocks.append(Paragraph(say("hubs.no_active", lang)))
    if len(report.growth):
        bridging = pd.DataFrame({"period": period_names(report, lang),
                                 "bridging_groups": report.growth["bridging_groups"]})
        blocks.append(Figure(figures.bar_chart(
            bridging, "period", "bridging_groups", "network_report.hubs.bridging_title", lang,
            name="bridging-groups", sort=False, category_key="network.labels.period",
            value_key="network.labels.bridging_groups", overlap=True,
            total=len(report.bridging))))
    if integ.active_groups:
        blocks += bridging_blocks(report, lang)
    return tuple(blocks)


def _bridge_links(row: Any, lang: str, freq: str) -> str:
    """``Coletivo, Sul. Liga <space>, <space> em 2 trimestres.``: what a group bridges."""
    kind = None if pd.isna(row.kind) else category_name("kind", row.kind, lang)
    details = ", ".join(str(d) for d in (kind, row.region) if d is not None and not pd.isna(d))
    unit = "period" if row.periods_bridging == 1 else "periods"
    links = say("hubs.bridge_links", lang, spaces=row.spaces,
                n=i18n.format_number(row.periods_bridging, lang),
                periods=say(f"units.{unit}.{freq}", lang))
    return say("hubs.bridge_cell", lang, details=details, links=links) if details else links


def bridging_items(report: NetworkReport, lang: str, shown: int = BRIDGES_SHOWN
                   ) -> tuple[tuple[str, str], ...]:
    """The first ``shown`` bridging groups as the reader sees them: each group's name, then
    its kind, region, the spaces it links and in how many periods as one line.

    A list of terms rather than a table: on a phone a column of kind labels such as
    "Hackerspace/makerspace" (one long word) beside a column of names is already wider
    than the screen; a term and its line wrap at any width.
    """
    top = report.bridging.head(shown)
    names = top["name"].fillna(top["group_id"])
    # At most ``shown`` rows: a loop over them is cheap.
    return tuple((str(name), _bridge_links(row, lang, report.freq))
                 for name, row in zip(names, top.itertuples(index=False), strict=True))


def bridging_blocks(report: NetworkReport, lang: str) -> Section:
    """Who bridges the network: the bridging groups by name, most periods first; every
    one in the CSV ``groups-bridging-spaces``, the first :data:`BRIDGES_SHOWN` on the page."""
    bridges = report.bridging
    period = say(f"units.period.{report.freq}", lang)
    periods = say(f"units.periods.{report.freq}", lang)
    if bridges.empty:
        return (Paragraph(say("hubs.no_bridges", lang, period=period)),)
    total = i18n.format_number(len(bridges), lang)
    blocks: list[Block] = [
        Paragraph(say("hubs.who_bridges", lang, n=total, period=period, periods=periods)),
        Definitions(bridging_items(report, lang)),
        Data(bridges, "groups-bridging-spaces"),
    ]
    if len(bridges) > BRIDGES_SHOWN:
        blocks.append(Paragraph(say("hubs.bridges_shown", lang, total=total,
                                    shown=i18n.format_number(BRIDGES_SHOWN, lang))))
    return tuple(blocks)
