"""Bar charts: any count by category, per lab, group kinds, project status, indicators against
their completion thresholds, and the commitment among comparable OGP commitments."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from labmetrics import config
from labmetrics.figures.style import (
    GRID,
    PALETTE,
    TEXT,
    Chart,
    code_label,
    empty_chart,
    fmt,
    header,
    join_words,
    kind_colour,
    new_figure,
    require_columns,
    set_title,
    space_colour,
    styled,
    unknown_value,
)
from labmetrics.i18n import check_lang, format_percent, t
from labmetrics.schema import GROUP_KINDS, PROJECT_STATUS

# Per-space indicators, named as the columns of network.space_metrics and evidence tables.
PER_LAB_METRICS = ("usage_hours", "uses", "participants", "partners", "groups_hosted",
                   "groups_shared", "projects")
# Per-space figures whose bars add up: each use (its hours, its people) is in one space. A
# partner, a group or a project may be in several spaces, so those bars overlap.
ADDITIVE_PER_LAB = ("usage_hours", "uses", "participants")
# The IRM completion scale (both eras), lowest first.
COMPLETION_LEVELS = ("no_evidence", "not_started", "limited", "substantial", "complete")
THRESHOLD_LEVELS = ("limited", "substantial", "complete")
_LEVEL_STYLES = {"limited": ":", "substantial": "--", "complete": "-"}
# An alt text names at most this many categories, then says how many more there are.
ALT_ITEMS = 6
LABEL_WRAP = 24


def _alt_items(labels: Sequence[str], values: Sequence[str], lang: str) -> str:
    items = [f"{label}: {value}" for label, value in zip(labels, values, strict=True)]
    if len(items) > ALT_ITEMS:
        rest = len(items) - ALT_ITEMS
        items = [*items[:ALT_ITEMS], t("figures.words.more", lang, n=rest)]
    return join_words(items, lang, sep="; ")


def bar_chart(data: pd.DataFrame, category_col: str, value_col: str, title_key: str,
              lang: str = config.DEFAULT_LANG, *, name: str | None = None,
              labels: Mapping[str, str] | None = None,
              colours: Mapping[str, str] | str | None = None,
              category_key: str | None = None, value_key: str | None = None,
              decimals: int = 0, sort: bool = True, shares: bool = False,
              overlap: bool = False, total: float | None = None) -> Chart:
    """Horizontal bars of ``value_col`` by ``category_col``, each labelled with its value.

    Parameters
    ----------
    data
        One row per category.
    title_key
        Catalogue key of the title.
    labels
        Reader-facing names of the categories (default: the category values).
    colours
        One colour for all bars, or a colour per category (default: the house blue).
    category_key, value_key
        Catalogue keys of the two column headers (default ``figures.columns.<column>``).
    decimals
        Decimals of non-integer values.
    sort
        Largest first; otherwise the order of ``data``.
    shares
        Also give each bar its share of the total.
    overlap
        One entity may count in several bars (a group in two spaces, a group bridging in
        two periods): the bars are not summed; the alt text gives ``total``, the distinct
        count, when it is known, and otherwise says the bars do not add up.
    total
        The distinct count of entities behind overlapping bars.

    Returns
    -------
    Chart
        ``data``: category and value, plus share when ``shares``, translated headers.
    """
    check_lang(lang)
    require_columns(data, [category_col, value_col], "bar")
    if overlap and shares:
        raise ValueError("shares of a total need bars that add up, not overlapping ones")
    title = t(title_key, lang)
    frame = data[[category_col, value_col]].copy()
    if sort:
        frame = frame.sort_values(value_col, ascending=False, kind="stable")
    codes = frame[category_col].tolist()
    names = [str(labels.get(c, c)) if labels else str(c) for c in codes]
    values = frame[value_col].to_numpy(dtype=float)
    distinct = total
    total = float(np.nansum(values))
    category_header = t(category_key, lang) if category_key else header(category_col, lang)
    value_header = t(value_key, lang) if value_key else header(value_col, lang)
    table = pd.DataFrame({category_header: names, value_header: frame[value_col].to_numpy()})
    if shares:
        table[t("figures.columns.share", lang)] = (values / total).round(4) if total else 0.0
    slug = name or title_key.removeprefix("figures.").replace(".title", "").replace(".", "_")
    if frame.empty:
        return empty_chart(slug, title, lang, table)

    if colours is None or isinstance(colours, str):
        bar_colours = [colours or PALETTE["marks"]["bar"]] * len(codes)
    else:
        bar_colours = [colours.get(c, PALETTE["marks"]["bar"]) for c in codes]
    texts = [fmt(v, lang, decimals) for v in values]
    if shares and total:
        texts = [f"{v} ({format_percent(x / total, lang)})" for v, x in zip(texts, values,
                                                                           strict=True)]
    with styled():
        fig = new_figure(1.5 + 0.48 * len(codes))
        set_title(fig, title)
        ax = fig.add_subplot()
        y = np.arange(len(codes))
        bars = ax.barh(y, values, height=0.7, color=bar_colours, edgecolor=TEXT,
                       linewidth=0.6, zorder=2)
        ax.bar_label(bars, labels=texts, padding=4, color=TEXT)
        ax.set_yticks(y, [textwrap.fill(n, LABEL_WRAP) for n in names])
        ax.invert_yaxis()
        ax.set_xlim(0, (np.nanmax(values) if np.nanmax(values) > 0 else 1) * 1.3)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.set_title(value_header, loc="left", fontsize=12, pad=6)

    items = _alt_items(names, texts, lang)
    if not overlap:
        alt = t("figures.bars.alt", lang, title=title, items=items,
                total=fmt(total, lang, decimals))
    elif distinct is not None:
        alt = t("figures.bars.alt_distinct", lang, title=title, items=items,
                total=fmt(distinct, lang, decimals))
    else:
        alt = t("figures.bars.alt_overlap", lang, title=title, items=items)
    return Chart(name=slug, title=title, alt=alt, fig=fig, data=table)


def _counts(frame: pd.DataFrame, code_col: str, count_col: str,
            order: Sequence[str]) -> pd.DataFrame:
    """Counts per code: summed from ``count_col`` if given, else one per row; every code of
    ``order`` is present (zero when absent), unknown codes follow."""
    if count_col in frame.columns:
        counts = frame.groupby(code_col, sort=False)[count_col].sum()
    else:
        counts = frame[code_col].value_counts(sort=False)
    codes = [*order, *[c for c in counts.index if c not in order]]
    counts = counts.reindex(codes, fill_value=0).astype("int64")
    return pd.DataFrame({code_col: codes, count_col: counts.to_numpy()})


def per_lab_chart(data: pd.DataFrame, metric: str, lang: str = config.DEFAULT_LANG, *,
                  space_col: str = "space_id", label_col: str = "name",
                  value_col: str | None = None, decimals: int = 1,
                  total: float | None = None, labs: Sequence[str] = ()) -> Chart:
    """Bars of one indicator per lab or space (hours used, partners...), in each space's colour.

    Parameters
    ----------
    data
        One row per space: ``space_col``, ``label_col`` (the name readers know) and the value.
    metric
        One of ``PER_LAB_METRICS``; it names the title and the value column (default).
    total
        For a metric outside ``ADDITIVE_PER_LAB`` (partners, groups, projects: one may be in
        several spaces), the distinct count the alt text gives as the total; without it the
        alt text says the bars do not add up.
    labs
        The space ids of the labs the commitment names, in its order: they take the lab
        colours (:func:`~labmetrics.figures.style.space_colour`).
    """
    if metric not in PER_LAB_METRICS:
        raise unknown_value("metric", metric, PER_LAB_METRICS)
    value_col = value_col or metric
    require_columns(data, [space_col, label_col, value_col], "per-lab")
    colours = {row_id: space_colour(row_id, label, labs=labs)
               for row_id, label in zip(data[space_col], data[label_col], strict=True)}
    labels = dict(zip(data[space_col], data[label_col].astype(str), strict=True))
    return bar_chart(data, space_col, value_col, f"figures.per_lab.{metric}", lang,
                     name=f"{metric}_per_lab", labels=labels, colours=colours,
                     category_key="figures.columns.space", value_key=f"figures.columns.{metric}",
                     decimals=decimals, overlap=metric not in ADDITIVE_PER_LAB, total=total)


KIND_MIX_COUNTS = ("groups_mapped", "network_partners", "active_groups")


def kind_mix_chart(groups: pd.DataFrame, lang: str = config.DEFAULT_LANG, *,
                   kind_col: str = "kind", count_col: str = "groups_mapped") -> Chart:
    """Groups by kind (youth groups, startups, collectives...), with each kind's share.

    Parameters
    ----------
    groups
        Counts per kind (network.kind_mix: ``kind`` and ``count_col``) or one row per group
        (then counted).
    count_col
        ``groups_mapped``, ``network_partners`` or ``active_groups``: names the title.
    """
    if count_col not in KIND_MIX_COUNTS:
        raise unknown_value("count column", count_col, KIND_MIX_COUNTS)
    require_columns(groups, [kind_col], "group-kind")
    counts = _counts(groups, kind_col, count_col, GROUP_KINDS)
    labels = {k: code_label("kinds", k, lang) for k in counts[kind_col]}
    colours = {k: kind_colour(k) for k in counts[kind_col]}
    return bar_chart(counts, kind_col, count_col, f"figures.kind_mix.{count_col}", lang,
                     name=f"{count_col}_by_kind", labels=labels, colours=colours,
                     category_key="figures.columns.kind",
                     value_key=f"figures.columns.{count_col}", shares=True)


def projects_by_status_chart(projects: pd.DataFrame, lang: str = config.DEFAULT_LANG, *,
                             status_col: str = "status", count_col: str = "projects",
                             statuses: Sequence[str] = PROJECT_STATUS) -> Chart:
    """Projects by status (proposed, active, delivered, discontinued), in that order.

    ``projects`` is either counts (``status_col``, ``count_col``) or one row per project;
    ``statuses`` are the bars always drawn (joint projects have no proposals).
    """
    require_columns(projects, [status_col], "project-status")
    counts = _counts(projects, status_col, count_col, statuses)
    labels = {s: code_label("status", s, lang) for s in counts[status_col]}
    return bar_chart(counts, status_col, count_col, "figures.status_mix.title", lang,
                     name="projects_by_status", labels=labels, sort=False,
                     category_key="figures.columns.status",
                     value_key="figures.columns.projects")


def _progress_words(value: float, thresholds: np.ndarray, met: np.ndarray, ops: Sequence[str],
                    levels: Sequence[str], names: Mapping[str, str], lang: str,
                    decimals: int) -> tuple[str, str, str]:
    """The level an indicator's own conditions reach, the condition of its next level, and
    that condition in a sentence for the alt text.

    Only the levels the indicator has a condition for are read: an indicator with only a
    Complete condition is never "below Limited", it has not met Complete yet.
    """
    own = [j for j in range(len(levels)) if not np.isnan(thresholds[j])]
    reached = [j for j in own if met[j]]
    top = reached[-1] if reached else -1
    ahead = [j for j in own if j > top and not met[j]]
    reached_text = names[levels[top]] if reached else ""
    next_text = next_alt = ""
    if ahead:
        j = ahead[0]
        words = {"level": names[levels[j]], "op": ops[j],
                 "threshold": fmt(thresholds[j], lang, decimals)}
        next_text = t("figures.progress.next", lang, **words)
        next_alt = t("figures.progress.alt_next", lang, **words)
    return reached_text, next_text, next_alt


def indicator_progress_chart(indicators: pd.DataFrame, lang: str = config.DEFAULT_LANG, *,
                             label_col: str = "indicator", value_col: str = "value",
                             levels: Sequence[str] = THRESHOLD_LEVELS,
                             title_key: str = "figures.progress.title",
                             name: str = "indicator_progress", decimals: int = 1) -> Chart:
    """A milestone's indicators against their completion thresholds.

    Each indicator is a bar of its value as a share of its highest threshold, over a light
    track, with a mark per threshold (line style per level). At the bar's end: the value,
    the highest level whose condition on this indicator is met, and the condition of its
    next level (``1.234 · Substantial → Complete ≥ 5.000``); an indicator is only read
    against the levels it has a condition for.

    Parameters
    ----------
    indicators
        One row per indicator: ``label_col`` (reader-facing name), ``value_col`` and one
        threshold column per level in ``levels`` (NaN where a level has none). Optional
        ``<level>_op`` (the condition's sign, default ``≥``) and ``<level>_met`` (whether it
        holds, default value ≥ threshold) columns give the conditions as the rules check them.
    levels
        Level codes, lowest first, named by ``figures.levels.<code>``.

    Returns
    -------
    Chart
        ``data``: indicator, value, one threshold column per level, level reached, next
        condition.
    """
    check_lang(lang)
    present = [lv for lv in levels if lv in indicators.columns]
    require_columns(indicators, [label_col, value_col, *(present or list(levels))],
                    "indicator progress")
    title = t(title_key, lang)
    level_names = {lv: code_label("levels", lv, lang) for lv in present}
    values = indicators[value_col].to_numpy(dtype=float)
    thresholds = indicators[present].to_numpy(dtype=float)
    top = np.nanmax(np.where(np.isnan(thresholds), -np.inf, thresholds), axis=1)
    top = np.where(np.isfinite(top) & (top > 0), top, np.nan)
    ratio = values / top
    met = np.column_stack([
        indicators[f"{lv}_met"].fillna(False).to_numpy(dtype=bool)
        if f"{lv}_met" in indicators.columns else (values >= thresholds[:, j])
        for j, lv in enumerate(present)]) if present else np.zeros((len(values), 0), bool)
    met &= ~np.isnan(thresholds)
    ops = [[str(indicators[f"{lv}_op"].iloc[i]) if f"{lv}_op" in indicators.columns
            and pd.notna(indicators[f"{lv}_op"].iloc[i]) else "≥" for lv in present]
           for i in range(len(values))]
    words = [_progress_words(values[i], thresholds[i], met[i], ops[i], present, level_names,
                             lang, decimals) for i in range(len(values))]
    # An indicator without data (NaN) is said to have none: never drawn or read as zero.
    no_data = np.isnan(values)
    nothing = t("figures.progress.no_data", lang)
    words = [(nothing, "", "") if nd else w for w, nd in zip(words, no_data, strict=True)]
    names = indicators[label_col].astype(str).tolist()
    table = pd.DataFrame({header("indicator", lang): names,
                          header("value", lang): indicators[value_col].to_numpy()})
    for lv in present:
        table[level_names[lv]] = indicators[lv].to_numpy()
    table[header("level_reached", lang)] = [w[0] for w in words]
    table[header("next_condition", lang)] = [w[1] for w in words]
    if indicators.empty:
        return empty_chart(name, title, lang, table)

    labels = []
    for value, (reached, nxt, _) in zip(values, words, strict=True):
        if np.isnan(value):
            labels.append(reached)  # "no data", never a figure
            continue
        text = fmt(value, lang, decimals) + (f" · {reached}" if reached else "")
        labels.append(f"{text} → {nxt}" if nxt else text)
    with styled():
        fig = new_figure(1.9 + 0.62 * len(names))
        set_title(fig, title)
        ax = fig.add_subplot()
        y = np.arange(len(names))
        shown = np.nan_to_num(ratio, nan=0.0)
        ax.barh(y, np.ones(len(y)), height=0.7, color=GRID, zorder=1)
        ax.barh(y, shown, height=0.42, color=PALETTE["marks"]["bar"], edgecolor=TEXT,
                linewidth=0.6, zorder=2)
        for j, lv in enumerate(present):
            marks = thresholds[:, j] / top
            ok = ~np.isnan(marks)
            ax.vlines(marks[ok], y[ok] - 0.4, y[ok] + 0.4, colors=TEXT, linewidth=1.8,
                      linestyles=_LEVEL_STYLES.get(lv, "-"), zorder=3)
        right = max(1.0, float(np.nanmax(shown)))
        for yi, xi, text in zip(y, shown, labels, strict=True):
            ax.text(max(xi, 1.0) + right * 0.03, yi, text, va="center", ha="left", color=TEXT,
                    fontsize=11)
        ax.set_yticks(y, [textwrap.fill(n, LABEL_WRAP) for n in names])
        ax.invert_yaxis()
        ax.set_xlim(0, right * 2.1)
        ax.set_xticks([0, 0.5, 1.0], [format_percent(v, lang) for v in (0, 0.5, 1.0)])
        ax.set_xlabel(t("figures.progress.x_label", lang))
        ax.tick_params(axis="y", length=0)
        handles = [Line2D([], [], color=TEXT, linestyle=_LEVEL_STYLES.get(lv, "-"),
                          linewidth=1.8, label=level_names[lv]) for lv in present]
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles),
                   title=t("figures.progress.legend", lang), handlelength=2.4)

    items = []
    for n, v, (reached, _, nxt) in zip(names, values, words, strict=True):
        if np.isnan(v):
            items.append(t("figures.progress.alt_no_data", lang, indicator=n))
            continue
        parts = [t("figures.progress.alt_reached", lang, level=reached) if reached
                 else t("figures.progress.alt_none", lang)]
        if nxt:
            parts.append(nxt)
        items.append(t("figures.progress.alt_item", lang, indicator=n,
                       value=fmt(v, lang, decimals), words="; ".join(parts)))
    alt = t("figures.progress.alt", lang, title=title, items="; ".join(items))
    return Chart(name=name, title=title, alt=alt, fig=fig, data=table)


def comparison_chart(levels: pd.DataFrame, level: str, lang: str = config.DEFAULT_LANG, *,
                     level_col: str = "level", count_col: str = "commitments",
                     name: str = "comparison",
                     title_key: str = "figures.comparison.title") -> Chart:
    """How many comparable OGP commitments reached each completion level, this one marked.

    Parameters
    ----------
    levels
        One row per completion level in scale order (lowest first): ``level_col`` (IRM code,
        e.g. ``limited``) and ``count_col``.
    level
        This commitment's level (a code of ``level_col``).

    Returns
    -------
    Chart
        ``data``: level, commitments, share, and whether it is this commitment's level.
    """
    check_lang(lang)
    require_columns(levels, [level_col, count_col], "comparison")
    title = t(title_key, lang)
    codes = levels[level_col].astype(str).tolist()
    names = [code_label("levels", c, lang) for c in codes]
    counts = levels[count_col].to_numpy(dtype=float)
    total = float(np.nansum(counts))
    share = counts / total if total else np.zeros(len(counts))
    mine = np.array([c == str(level) for c in codes])
    table = pd.DataFrame({header("level", lang): names,
                          header("commitments", lang): levels[count_col].to_numpy(),
                          header("share", lang): share.round(4),
                          header("this_commitment", lang): [
                              t("figures.words.yes" if m else "figures.words.no", lang)
                              for m in mine]})
    if levels.empty:
        return empty_chart(name, title, lang, table)

    colours = [PALETTE["marks"]["highlight"] if m else PALETTE["marks"]["bar"] for m in mine]
    with styled():
        fig = new_figure(4.6)
        set_title(fig, title)
        ax = fig.add_subplot()
        x = np.arange(len(codes))
        bars = ax.bar(x, counts, width=0.7, color=colours, edgecolor=TEXT, linewidth=0.6,
                      zorder=2)
        for bar, is_mine in zip(bars, mine, strict=True):
            if is_mine:
                bar.set_hatch("//")
        ax.bar_label(bars, labels=[f"{fmt(c, lang)}\n({format_percent(s, lang)})"
                                   for c, s in zip(counts, share, strict=True)],
                     padding=3, color=TEXT, fontsize=12)
        ax.set_xticks(x, [textwrap.fill(n, 12) for n in names])
        ax.tick_params(axis="x", length=0)
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.set_ylim(0, (np.nanmax(counts) if np.nanmax(counts) > 0 else 1) * 1.45)
        ax.set_title(t("figures.comparison.subtitle", lang, n=fmt(total, lang)), loc="left",
                     fontsize=12, pad=6)
        handles = [Patch(facecolor=PALETTE["marks"]["highlight"], edgecolor=TEXT, hatch="//",
                         linewidth=0.6, label=t("figures.comparison.this", lang))]
        ax.legend(handles=handles, loc="upper right")

    position = codes.index(str(level)) if str(level) in codes else -1
    alt = t("figures.comparison.alt", lang, total=fmt(total, lang),
            items=_alt_items(names, [f"{fmt(c, lang)} ({format_percent(s, lang)})"
                                     for c, s in zip(counts, share, strict=True)], lang),
            level=code_label("levels", level, lang),
            share=format_percent(share[position] if position >= 0 else 0.0, lang))
    return Chart(name=name, title=title, alt=alt, fig=fig, data=table)


__all__ = ["ADDITIVE_PER_LAB", "COMPLETION_LEVELS", "KIND_MIX_COUNTS", "PER_LAB_METRICS",
           "THRESHOLD_LEVELS",
           "bar_chart", "comparison_chart", "indicator_progress_chart", "kind_mix_chart",
           "per_lab_chart", "projects_by_status_chart"]
