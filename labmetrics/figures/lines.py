"""Charts over time: the growth of the mapping and the network, and the groups' activity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from labmetrics import config
from labmetrics.figures.style import (
    PALETTE,
    SERIES_STYLE,
    TEXT,
    TEXT_MUTED,
    Chart,
    empty_chart,
    fmt,
    header,
    new_figure,
    number_formatter,
    require_columns,
    set_title,
    styled,
)
from labmetrics.i18n import check_lang, format_date, t

GROWTH_METRICS = ("groups_mapped", "network_partners", "active_groups", "bridging_groups")
ACTIVITY_COLUMNS = ("active_groups", "baseline", "newcomers", "returning", "lapsed")
# Beyond this many periods, only every n-th gets a tick label so that labels never collide.
MAX_TICK_LABELS = 8

_FREQ_CODES = {"Q": "quarter", "M": "month", "Y": "year", "A": "year"}


def _freq_of(code: str) -> str:
    return _FREQ_CODES.get(code[:1], "day")


def period_labels(periods: Iterable[object], lang: str = config.DEFAULT_LANG,
                  freq: str = config.DEFAULT_FREQ) -> list[str]:
    """Name periods for readers: "1º tri 2016", "jan 2016", "2016" (pt-BR); "Q1 2016" (en).

    Parameters
    ----------
    periods
        pandas Periods (their own frequency wins), timestamps (read as the start of a
        ``freq`` period) or strings pandas reads as periods ("2016Q1", "2016-01").
    freq
        ``"month"``, ``"quarter"`` or ``"year"``, for timestamps.
    """
    series = pd.Series(periods).reset_index(drop=True)
    if isinstance(series.dtype, pd.PeriodDtype):
        freq = _freq_of(series.dtype.freq.freqstr)
        starts = series.dt.start_time
    elif pd.api.types.is_datetime64_any_dtype(series):
        starts = series
    else:
        parsed = series.map(lambda v: v if isinstance(v, pd.Period) else pd.Period(str(v)))
        freq = _freq_of(parsed.iloc[0].freqstr) if len(parsed) else freq
        starts = parsed.map(lambda p: p.start_time)
    starts = pd.to_datetime(starts)
    names: dict[Any, str] = {}
    for start in starts.unique():
        stamp = pd.Timestamp(start)
        if freq == "quarter":
            names[start] = t("figures.periods.quarter", lang, n=stamp.quarter, year=stamp.year)
        elif freq == "month":
            month = t(f"figures.months.m{stamp.month}", lang)
            names[start] = t("figures.periods.month", lang, month=month, year=stamp.year)
        elif freq == "year":
            names[start] = str(stamp.year)
        else:
            names[start] = format_date(stamp, lang)
    return [names[s] for s in starts]


def _time_axis(ax: Axes, labels: list[str]) -> None:
    step = max(1, int(np.ceil(len(labels) / MAX_TICK_LABELS)))
    positions = np.arange(len(labels))[::step]
    ax.set_xticks(positions, [labels[i] for i in positions])
    ax.set_xlim(-0.6, len(labels) - 0.4)
    for label in ax.get_xticklabels():
        label.set_rotation(35 if len(positions) > 4 else 0)
        label.set_horizontalalignment("right" if len(positions) > 4 else "center")
        label.set_rotation_mode("anchor")


def _spread(values: np.ndarray, gap: float) -> np.ndarray:
    """Move label heights apart so that no two are closer than ``gap`` (order kept)."""
    order = np.argsort(values, kind="stable")
    placed = values[order].astype(float)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    out = np.empty_like(placed)
    out[order] = placed
    return out


def _metric_phrase(label: str, series: pd.Series, periods: list[str], lang: str,
                   decimals: int) -> str:
    values = series.to_numpy(dtype=float)
    phrase = t("figures.growth.alt_series", lang, series=label,
               start=fmt(values[0], lang, decimals), end=fmt(values[-1], lang, decimals))
    peak = int(np.nanargmax(values))
    if values[peak] > values[-1]:
        phrase += " " + t("figures.growth.alt_peak", lang,
                          value=fmt(values[peak], lang, decimals), period=periods[peak])
    return phrase + "."


def growth_chart(growth: pd.DataFrame, lang: str = config.DEFAULT_LANG,
                 metrics: Sequence[str] = ("groups_mapped", "network_partners"), *,
                 freq: str = config.DEFAULT_FREQ, name: str = "growth") -> Chart:
    """Lines over time of growth metrics: by default groups mapped and network partners.

    Parameters
    ----------
    growth
        network.py's growth table: ``period`` and the ``metrics`` columns, one row per
        period in time order.
    metrics
        Columns to draw, each a line with its own colour, marker, line style and an end label.
    freq
        Period frequency, used when ``period`` holds timestamps.

    Returns
    -------
    Chart
        ``data``: period and one column per metric, headers translated.
    """
    check_lang(lang)
    require_columns(growth, ["period", *metrics], "growth")
    title = t("figures.growth.title", lang)
    labels = period_labels(growth["period"], lang, freq)
    series_names = [t(f"figures.metrics.{m}", lang) for m in metrics]
    data = pd.DataFrame({header("period", lang): labels})
    for metric, label in zip(metrics, series_names, strict=True):
        data[label] = growth[metric].to_numpy()
    if growth.empty:
        return empty_chart(name, title, lang, data)
    # A metric without data in any period (a column absent from the data) is not drawn:
    # a line at zero would read as none; the alt text and the table say it has no data.
    drawn = [(m, label) for m, label in zip(metrics, series_names, strict=True)
             if growth[m].notna().any()]

    with styled():
        fig = new_figure(4.6)
        set_title(fig, title)
        ax = fig.add_subplot()
        x = np.arange(len(growth))
        every = max(1, len(growth) // 12)
        for metric, label in drawn:
            marker, style = SERIES_STYLE.get(metric, ("o", "-"))
            colour = PALETTE["series"].get(metric, TEXT)
            ax.plot(x, growth[metric].to_numpy(dtype=float), color=colour, marker=marker,
                    linestyle=style, markevery=every, label=label, zorder=3)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.yaxis.set_major_formatter(number_formatter(lang))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y")
        _time_axis(ax, labels)
        ends = growth[[m for m, _ in drawn]].iloc[-1].to_numpy(dtype=float)
        gap = (ax.get_ylim()[1] - ax.get_ylim()[0]) * 0.07
        for value, (_, label), height in zip(ends, drawn, _spread(ends, gap), strict=True):
            ax.annotate(f"{label}: {fmt(value, lang, 2)}", xy=(x[-1], value),
                        xytext=(x[-1] + 0.4, height), va="center", ha="left", color=TEXT,
                        annotation_clip=False)
        ax.set_ylabel(t("figures.growth.y_label", lang))

    phrases = [_metric_phrase(label, growth[m], labels, lang, 2) if (m, label) in drawn
               else t("figures.growth.alt_no_data", lang, label=label)
               for m, label in zip(metrics, series_names, strict=True)]
    alt = t("figures.growth.alt", lang, first=labels[0], last=labels[-1],
            series=" ".join(phrases))
    return Chart(name=name, title=title, alt=alt, fig=fig, data=data)


def activity_chart(growth: pd.DataFrame, lang: str = config.DEFAULT_LANG, *,
                   freq: str = config.DEFAULT_FREQ, name: str = "activity") -> Chart:
    """Active groups per period, split into returning and new, with lapsed groups below zero.

    The data's first period has neither: its active groups are drawn apart, as the baseline.

    Parameters
    ----------
    growth
        network.py's growth table with ``period, active_groups, baseline, newcomers,
        returning, lapsed``.

    Returns
    -------
    Chart
        ``data``: period, active groups, newcomers, returning, lapsed (translated headers).
    """
    check_lang(lang)
    require_columns(growth, ["period", *ACTIVITY_COLUMNS], "activity")
    title = t("figures.activity.title", lang)
    labels = period_labels(growth["period"], lang, freq)
    data = pd.DataFrame({header("period", lang): labels})
    for column in ACTIVITY_COLUMNS:
        data[t(f"figures.metrics.{column}", lang)] = growth[column].to_numpy()
    if growth.empty:
        return empty_chart(name, title, lang, data)

    baseline = growth["baseline"].to_numpy(dtype=float)
    returning = growth["returning"].to_numpy(dtype=float)
    newcomers = growth["newcomers"].to_numpy(dtype=float)
    lapsed = growth["lapsed"].to_numpy(dtype=float)
    active = growth["active_groups"].to_numpy(dtype=float)
    colours = PALETTE["series"]
    with styled():
        fig = new_figure(4.8)
        set_title(fig, title)
        ax = fig.add_subplot()
        x = np.arange(len(growth))
        width = 0.75
        # Hatching tells the parts apart without colour.
        ax.bar(x, baseline, width, color=colours["baseline"], edgecolor=TEXT,
               linewidth=0.5, hatch="xx", zorder=2)
        ax.bar(x, returning, width, bottom=baseline, color=colours["returning"],
               edgecolor=TEXT, linewidth=0.5, zorder=2)
        ax.bar(x, newcomers, width, bottom=baseline + returning, color=colours["newcomers"],
               edgecolor=TEXT, linewidth=0.5, hatch="//", zorder=2)
        ax.bar(x, -lapsed, width, color=colours["lapsed"], edgecolor=TEXT, linewidth=0.5,
               hatch="..", zorder=2)
        ax.axhline(0, color=TEXT, linewidth=0.8, zorder=3)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        # Lapsed groups are drawn below zero but are counts: the axis shows them unsigned.
        ax.yaxis.set_major_formatter(number_formatter(lang, absolute=True))
        ax.grid(axis="y")
        _time_axis(ax, labels)
        ax.set_ylabel(t("figures.activity.y_label", lang))
        handles = [
            *([Patch(facecolor=colours["baseline"], edgecolor=TEXT, linewidth=0.5, hatch="xx",
                     label=t("figures.metrics.baseline", lang))] if baseline.any() else []),
            Patch(facecolor=colours["returning"], edgecolor=TEXT, linewidth=0.5,
                  label=t("figures.metrics.returning", lang)),
            Patch(facecolor=colours["newcomers"], edgecolor=TEXT, linewidth=0.5, hatch="//",
                  label=t("figures.metrics.newcomers", lang)),
            Patch(facecolor=colours["lapsed"], edgecolor=TEXT, linewidth=0.5, hatch="..",
                  label=t("figures.metrics.lapsed", lang)),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles),
                   labelcolor=TEXT, handlelength=1.6, columnspacing=1.2)
        ax.text(0.0, 1.01, t("figures.activity.note", lang), transform=ax.transAxes,
                color=TEXT_MUTED, fontsize=11, va="bottom", ha="left")

    peak = int(np.nanargmax(active))
    alt = t("figures.activity.alt", lang, first=labels[0], last=labels[-1],
            start=fmt(active[0], lang), end=fmt(active[-1], lang),
            peak=fmt(active[peak], lang), peak_period=labels[peak],
            new=fmt(newcomers[-1], lang), returning=fmt(returning[-1], lang),
            lapsed=fmt(lapsed[-1], lang))
    return Chart(name=name, title=title, alt=alt, fig=fig, data=data)


__all__ = ["ACTIVITY_COLUMNS", "GROWTH_METRICS", "activity_chart", "growth_chart",
           "period_labels"]
