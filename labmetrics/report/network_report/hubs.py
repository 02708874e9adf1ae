"""The sections of the network-growth report.

:func:`prepare` computes every network measure of the report once (growth per period, the
snapshots to draw, each space's place in the network, integration, kind mix, who is missing,
geography); each ``build_*`` function returns one section as a
:data:`~labmetrics.report.sections.Section` and each ``show_*`` publishes it, so that
``notebooks/network_growth_report.ipynb`` is one call per section.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from labmetrics import config, figures, i18n, network
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.report.sections import (
    Block,
    Data,
    Definitions,
    Figure,
    Heading,
    Items,
    KeyFigure,
    KeyFigures,
    Note,
    Paragraph,
    Section,
    Table,
    build_data_sources,
    build_sample_notice,
    join,
    shower,
)

SNAPSHOTS = 4
"""How many periods the report draws the network at (fewer when there are fewer periods)."""

HEADLINE_METRICS = ("groups_mapped", "network_partners", "active_groups", "bridging_groups")
CHANGE_METRICS = ("groups_mapped", "network_partners", "active_groups", "newcomers",
                  "returning", "lapsed", "bridging_groups", "nodes", "edges", "density",
                  "components", "largest_component_share")
_SHARE_METRICS = ("density", "largest_component_share")
BRIDGES_SHOWN = 20
"""How many bridging groups the hubs section names on the page (every one is in its CSV)."""


# ---------------------------------------------------------------------------- inputs

@dataclass(frozen=True, eq=False)
class NetworkReport:
    """Everything the network report shows, computed once.

    Attributes
    ----------
    data
        The validated data.
    start, end, freq
        The report's period and the length of its periods.
    spaces
        The space ids the report keeps, None for every space.
    growth
        :func:`labmetrics.network.growth`, one row per period.
    snapshots
        The periods drawn (evenly spread, first and last included).
    space_metrics, integration, kind_mix, missing, geography
        The network's measures over the whole period.
    bridging
        :func:`labmetrics.network.bridging_groups`: who bridged spaces, in how many periods.
    """

    data: LabData
    start: pd.Timestamp
    end: pd.Timestamp
    freq: str
    spaces: tuple[str, ...] | None
    growth: pd.DataFrame
    snapshots: tuple[network.Snapshot, ...]
    space_metrics: pd.DataFrame
    integration: network.Integration
    bridging: pd.DataFrame
    kind_mix: pd.DataFrame
    missing: pd.DataFrame
    geography: network.Geography


def parse_spaces(spaces: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """Space ids from ``"a,b"`` or ``["a", "b"]``, stripped and sorted; None for every
    space."""
    if spaces is None:
        return None
    items = spaces.split(",") if isinstance(spaces, str) else list(spaces)
    kept = sorted({str(s).strip() for s in items if str(s).strip()})
    return tuple(kept) or None


def pick_snapshots(snapshots: Sequence[network.Snapshot], n: int = SNAPSHOTS
                   ) -> tuple[network.Snapshot, ...]:
    """``n`` snapshots evenly spread over ``snapshots``, the first and the last included."""
    if not snapshots:
        return ()
    picks = np.unique(np.linspace(0, len(snapshots) - 1, min(n, len(snapshots))).round())
    return tuple(snapshots[int(i)] for i in picks)


def prepare(data_path: str | Path | None = None, period_start: Any = config.SAMPLE_START,
            period_end: Any = config.SAMPLE_END, freq: str = config.DEFAULT_FREQ,
            spaces: str | Sequence[str] | None = None, data: LabData | None = None,
            n_snapshots: int = SNAPSHOTS) -> NetworkReport:
    """Read the data and measure the network for the report.

    Parameters
    ----------
    data_path
        A raw or processed data folder; None for the bundled sample. Ignored when ``data``
        is given.
    period_start, period_end
        The period (inclusive ISO dates).
    freq
        ``month``, ``quarter`` or ``year``.
    spaces
        Space ids to keep (a list or ``"a,b"``); None for every space.
    n_snapshots
        How many periods to draw the network at.

    Raises
    ------
    ConfigError
        An unknown frequency or space id.
    """
    if freq not in config.FREQUENCIES:
        raise ConfigError(f"frequency '{freq}' is unknown.",
                          fix=f"use one of {', '.join(config.FREQUENCIES)}.")
    if data is None:
        from labmetrics.dataset import load

        data = load(data_path)
    kept = parse_spaces(spaces)
    if kept is not None:
        known = set(data.spaces["space_id"].astype(str))
        unknown = [s for s in kept if s not in known]
        if unknown:
            raise ConfigError(f"no space with the id {', '.join(unknown)} in the data.",
                              fix=f"use ids of spaces.csv: {', '.join(sorted(known))}.")
    start, end = network.window(data, period_start, period_end)
    keep = list(kept) if kept else None
    every = network.snapshots(data, freq, start, end, spaces=keep)
    return NetworkReport(
        data=data, start=start, end=end, freq=freq, spaces=kept,
        growth=network.growth(data, freq, start, end, spaces=keep),
        snapshots=pick_snapshots(every, n_snapshots),
        space_metrics=network.space_metrics(data, start, end, spaces=keep),
        integration=network.integration(data, start, end, spaces=keep),
        bridging=network.bridging_groups(data, freq, start, end, spaces=keep),
        kind_mix=network.kind_mix(data, start, end),
        missing=network.missing(data, start, end),
        geography=network.geography(data, start, end),
    )


# ---------------------------------------------------------------------------- words

def _t(key: str, lang: str, **values: Any) -> str:
    return i18n.t(f"network_report.{key}", lang, **values)


def _label(metric: str, lang: str) -> str:
    return i18n.t(f"network.labels.{metric}", lang)


def _value(metric: str, value: float, lang: str) -> str:
    if metric in _SHARE_METRICS:
        return i18n.format_percent(value, lang)
    return i18n.format_number(value, lang)


def _change(metric: str, value: float, lang: str) -> str:
    """A change written with its sign; shares in percentage points."""
    if value is None or np.isnan(value):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    if metric in _SHARE_METRICS:
        return _t("units.points", lang, value=sign + i18n.format_number(abs(value) * 100,
                                                                         lang))
    return sign + i18n.format_number(abs(value), lang)


def _space_names(report: NetworkReport) -> dict[str, str]:
    spaces = report.data.spaces
    return dict(zip(spaces["space_id"].astype(str), spaces["name"].astype(str), strict=True))


def period_names(report: NetworkReport, lang: str) -> list[str]:
    """The name of each period of the growth table, for readers."""
    return figures.period_labels(report.growth["period"], lang, report.freq)


# ---------------------------------------------------------------------------- intro

def build_intro(report: NetworkReport, lang: str) -> Section:
    """The period, the periods it is cut into, the spaces, with the sample notice."""
    names = _space_names(report)
    scope = (join([names.get(s, s) for s in report.spaces], lang) if report.spaces
             else _t("intro.every_space", lang))
    items = (
        (_t("intro.period", lang), i18n.format_period(report.start, report.end, lang)),
        (_t("intro.freq", lang), _t(f"freqs.{report.freq}", lang,
                                    n=i18n.format_number(len(report.growth), lang))),
        (_t("intro.spaces", lang), scope),
    )
    return (*build_sample_notice(report.data, lang), Paragraph(_t("intro.purpose", lang)),
            Definitions(items))


# ---------------------------------------------------------------------------- headlines

def change_frame(report: NetworkReport) -> pd.DataFrame:
    """First and last period of each growth metric, and the change between them."""
    g = report.growth
    first, last = g.iloc[0], g.iloc[-1]
    return pd.DataFrame({
        "metric": list(CHANGE_METRICS),
        "first": [float(first[m]) for m in CHANGE_METRICS],
        "last": [float(last[m]) for m in CHANGE_METRICS],
        "change": [float(last[m]) - float(first[m]) for m in CHANGE_METRICS],
    })


def build_headlines(report: NetworkReport, lang: str) -> Section:
    """Headline figures of the last period and their change since the first."""
    heading = Heading(_t("headlines.heading", lang))
    if report.growth.empty:
        return (heading, Paragraph(_t("headlines.empty", lang)))
    names = period_names(report, lang)
    change = change_frame(report).set_index("metric")
    cards = [KeyFigure(_label(m, lang), _value(m, change.at[m, "last"], lang),
                       _t("headlines.since", lang, change=_change(m, change.at[m, "change"],
                                                                   lang), period=names[0]))
             for m in HEADLINE_METRICS]
    share = report.integration.share
    cards.append(KeyFigure(_label("integration_share", lang),
                           i18n.format_percent(share, lang) if not np.isnan(share) else "–",
                           _t("headlines.whole_period", lang)))
    # Two columns read on a phone: each measure and its change, "6 → 350 (+344)".
    table = pd.DataFrame({
        _t("columns.metric", lang): [_label(m, lang) for m in CHANGE_METRICS],
        _t("columns.change", lang): [
            _t("headlines.from_to", lang, first=_value(m, change.at[m, "first"], lang),
               last=_value(m, change.at[m, "last"], lang),
               change=_change(m, change.at[m, "change"], lang)) for m in CHANGE_METRICS],
    }) if names[0] != names[-1] else None
    blocks: list[Block] = [heading, Paragraph(_t("headlines.intro", lang, first=names[0],
                                                 last=names[-1])),
                           KeyFigures(tuple(cards))]
    if table is not None:
        blocks.append(Table(table, _t("headlines.caption", lang, first=names[0],
                                      last=names[-1]),
                            name="first-and-last-period", data=change_frame(report)))
    return tuple(blocks)


# ---------------------------------------------------------------------------- growth

def build_growth(report: NetworkReport, lang: str) -> Section:
    """Growth over time: the mapping and the partners, and who is active each period."""
    blocks: list[Block] = [Heading(_t("growth.heading", lang)),
                           Paragraph(_t("growth.intro", lang))]
    if report.growth.empty:
        return (*blocks, Paragraph(_t("headlines.empty", lang)))
    blocks += [
        Figure(figures.growth_chart(report.growth, lang, freq=report.freq)),
        Paragraph(_t("growth.activity", lang)),
        Figure(figures.activity_chart(report.growth, lang, freq=report.freq)),
        Data(report.growth, "growth-per-period"),
    ]
    return tuple(blocks)


# ---------------------------------------------------------------------------- snapshots

def snapshot_layout(report: NetworkReport) -> dict[Any, tuple[float, float]]:
    """One layout for the union of the snapshots drawn: every node keeps its place."""
    graphs = [s.graph for s in report.snapshots]
    return figures.network_layout(nx.compose_all(graphs)) if graphs else {}


def build_snapshots(report: NetworkReport, lang: str) -> Section:
    """The network drawn at three or four periods, in the same layout."""
    blocks: list[Block] = [Heading(_t("snapshots.heading", lang))]
    if not report.snapshots:
        return (*blocks, Paragraph(_t("headlines.empty", lang)))
    blocks.append(Paragraph(_t("snapshots.intro", lang,
                               n=i18n.format_number(len(report.snapshots), lang))))
    layout = snapshot_layout(report)
    names = figures.period_labels([s.start for s in report.snapshots], lang, report.freq)
    for i, (snap, name) in enumerate(zip(report.snapshots, names, strict=True), start=1):
        chart = figures.network_drawing(snap.graph, lang, positions=layout,
                                        title=_t("snapshots.title", lang, period=name),
                                        name=f"network-{i}")
        blocks.append(Figure(chart))
    return tuple(blocks)


# ---------------------------------------------------------------------------- hubs

def build_hubs(report: NetworkReport, lang: str) -> Section:
    """Hubs and bridges: the spaces' place in the network, groups bridging spaces over
    time, and the share of active groups using several spaces."""
    m = report.space_metrics
    blocks: list[Block] = [Heading(_t("hubs.heading", lang)), Paragraph(_t("hubs.intro", lang))]
    if len(m):
        top = m.sort_values(["betweenness", "space_id"], ascending=[False, True]).iloc[0]
        blocks.append(Paragraph(_t("hubs.top", lang, space=str(top["name"]),
                                   groups=i18n.format_number(top["groups_hosted"], lang),
                                   betweenness=i18n.format_number(top["betweenness"], lang,
                                                                  2))))
        # Charts rather than a wide table: they read on a phone; the table is the CSV.
        blocks.append(Figure(figures.per_lab_chart(m, "groups_hosted", lang, decimals=0)))
        blocks.append(Paragraph(_t("hubs.shared", lang)))
        blocks.append(Figure(figures.per_lab_chart(m, "groups_shared", lang, decimals=0)))
        blocks.append(Data(m, "space-metrics"))
    integ = report.integration
    blocks += [Heading(_t("hubs.bridges", lang), 3)]
    if integ.active_groups:
        blocks.append(Paragraph(_t("hubs.integration", lang,
                                   active=i18n.format_number(integ.active_groups, lang),
                                   linked=i18n.format_number(integ.linked_to_several_spaces,
                                                             lang),
                                   share=i18n.format_percent(integ.share, lang))))
    else:
        blocks.append(Paragraph(_t("hubs.no_active", lang)))
    if len(report.growth):
        bridging = pd.DataFrame({"period": period_names(report, lang),
                                 "bridging_groups": report.growth["bridging_groups"]})
        blocks.append(Figure(figures.bar_chart(
            bridging, "period", "bridging_groups", "network_report.hubs.bridging_title", lang,
            name="bridging-groups", sort=False, category_key="network.labels.period",
            value_key="network.labels.bridging_groups")))
    if integ.active_groups:
        blocks += bridging_blocks(report, lang)
    return tuple(blocks)


def _bridge_links(row: Any, lang: str, freq: str) -> str:
    """``Coletivo, Sul. Liga LabProdam, MobiLab em 2 trimestres.``: what a group bridges."""
    kind = None if pd.isna(row.kind) else _category("kind", row.kind, lang)
    details = ", ".join(str(d) for d in (kind, row.region) if d is not None and not pd.isna(d))
    unit = "period" if row.periods_bridging == 1 else "periods"
    links = _t("hubs.bridge_links", lang, spaces=row.spaces,
               n=i18n.format_number(row.periods_bridging, lang),
               periods=_t(f"units.{unit}.{freq}", lang))
    return _t("hubs.bridge_cell", lang, details=details, links=links) if details else links


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
    period = _t(f"units.period.{report.freq}", lang)
    periods = _t(f"units.periods.{report.freq}", lang)
    if bridges.empty:
        return (Paragraph(_t("hubs.no_bridges", lang, period=period)),)
    total = i18n.format_number(len(bridges), lang)
    blocks: list[Block] = [
        Paragraph(_t("hubs.who_bridges", lang, n=total, period=period, periods=periods)),
        Definitions(bridging_items(report, lang)),
        Data(bridges, "groups-bridging-spaces"),
    ]
    if len(bridges) > BRIDGES_SHOWN:
        blocks.append(Paragraph(_t("hubs.bridges_shown", lang, total=total,
                                   shown=i18n.format_number(BRIDGES_SHOWN, lang))))
    return tuple(blocks)


# ---------------------------------------------------------------------------- missing

def _category(dimension: str, category: str, lang: str) -> str:
    if dimension == "kind":
        key = f"figures.kinds.{category}"
        return i18n.t(key, lang) if i18n.has(key, lang) else category
    return category


def representation_items(report: NetworkReport, dimension: str, lang: str
                         ) -> tuple[str, ...]:
    """Each kind of group (``dimension="kind"``) or region with its share of the mapping,
    of the partners and of the active groups, one line each (a line reads whole on a
    phone; the numbers are in the CSV ``representation``)."""
    part = report.missing.loc[report.missing["dimension"] == dimension]
    return tuple(_share_item(r, lang) for r in part.itertuples(index=False))


def _share_item(row: Any, lang: str) -> str:
    return _t("missing.share_item", lang, category=_category(row.dimension, row.category, lang),
              mapped=i18n.format_percent(row.mapped_share, lang),
              partners=i18n.format_percent(row.partner_share, lang),
              active=i18n.format_percent(row.active_share, lang))


def build_missing(report: NetworkReport, lang: str) -> Section:
    """Who is missing: kinds of group and regions whose share of partners or of active
    groups falls short of their share of the mapping, and districts with no group."""
    miss = report.missing
    blocks: list[Block] = [Heading(_t("missing.heading", lang)),
                           Paragraph(_t("missing.intro", lang))]
    if report.spaces:
        blocks.append(Note(_t("missing.every_space", lang)))
    under = miss.loc[miss["under_represented"]]
    if len(under):
        blocks.append(Paragraph(_t("missing.under", lang)))
        blocks.append(Items(tuple(_share_item(r, lang) for r in under.itertuples(index=False))))
    else:
        blocks.append(Paragraph(_t("missing.none", lang)))
    blocks.append(Figure(figures.kind_mix_chart(report.kind_mix, lang,
                                                count_col="groups_mapped")))
    for dimension in ("kind", "region"):
        if (miss["dimension"] == dimension).any():
            blocks += [Paragraph(_t(f"missing.all_{dimension}", lang)),
                       Items(representation_items(report, dimension, lang))]
    blocks.append(Data(miss, "representation"))
    geo = report.geography
    empty = geo.districts_without_groups
    if empty:
        blocks.append(Paragraph(_t("missing.districts", lang,
                                   n=i18n.format_number(len(empty), lang),
                                   total=i18n.format_number(len(geo.districts), lang),
                                   names=join(empty, lang))))
    if geo.unplaced_groups:
        blocks.append(Paragraph(_t("missing.unplaced", lang,
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
    """Groups mapped per district (or per 100 km²), the spaces as points, by region."""
    geo = report.geography
    chart = figures.district_map(report.data.districts, geo.districts, "groups", lang,
                                 per_area=per_area, spaces=map_spaces(report))
    regions = geo.regions
    # Three columns read on a phone; partners and active groups by region are in the CSV
    # and, as shares, in the section on who is missing.
    table = pd.DataFrame({
        _t("missing.region", lang): regions["region"].astype(str).to_numpy(),
        _t("columns.mapped", lang): regions["groups"].to_numpy(),
        _t("columns.per_area", lang): regions["groups_per_100km2"].to_numpy(),
    })
    return (Heading(_t("map.heading", lang)), Paragraph(_t("map.intro", lang)),
            Figure(chart),
            Table(table, _t("map.caption", lang), name="regions",
                  decimals={_t("columns.per_area", lang): 1}, data=regions),
            Data(geo.districts, "districts"))


# ---------------------------------------------------------------------------- method

def definition_terms(lang: str) -> tuple[tuple[str, str], ...]:
    """Each metric's name and its definition, from the catalogue, in ``lang``."""
    terms = []
    for metric, text in network.definitions(lang).items():
        key = f"network.labels.{metric}"
        name = i18n.t(key, lang) if i18n.has(key, lang) else _t(f"method.terms.{metric}", lang)
        terms.append((name, text))
    return tuple(terms)


def build_method(report: NetworkReport, lang: str) -> Section:
    """Each metric's definition, the data (inputs, sha256, validation accounting,
    quarantine reasons) and the map's source."""
    return (Heading(_t("method.heading", lang)),
            Paragraph(_t("method.intro", lang)),
            Definitions(definition_terms(lang)),
            *build_data_sources(report.data, lang),
            Heading(_t("method.sources", lang), 3),
            Paragraph(_t("method.map_source", lang, credit=config.GEO_CREDIT)),
            Paragraph(_t("method.open_data", lang)))


# ---------------------------------------------------------------------------- show

show_intro = shower(build_intro)
show_headlines = shower(build_headlines)
show_growth = shower(build_growth)
show_snapshots = shower(build_snapshots)
show_hubs = shower(build_hubs)
show_missing = shower(build_missing)
show_map = shower(build_map)
show_method = shower(build_method)


def sections(report: NetworkReport, lang: str) -> Iterable[Section]:
    """Every section of the report, in order."""
    for builder in (build_intro, build_headlines, build_growth, build_snapshots, build_hubs,
                    build_missing, build_map, build_method):
        yield builder(report, lang)
