"""What happened on each milestone: its indicators, a chart against the completion
thresholds, breakdown charts, the conditions met and missed, and what the next level needs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from markupsafe import Markup

from labmetrics import figures, i18n
from labmetrics.commitment import RULE_LEVELS
from labmetrics.evidence import (
    OP_SIGNS,
    Indicator,
    MilestoneEvidence,
    ThresholdCheck,
    figure_as_of,
    format_value,
    indicator_label,
    level_name,
)
from labmetrics.indicators import INDICATORS
from labmetrics.projects import COUNTED_STATUS
from labmetrics.report import display
from labmetrics.report.blocks import (
    Block,
    Data,
    Figure,
    Heading,
    Items,
    KeyFigure,
    KeyFigures,
    Note,
    Paragraph,
    Section,
)
from labmetrics.report.progress import reading
from labmetrics.report.progress.inputs import ProgressReport
from labmetrics.report.progress.progress_text import badge, change_text, say
from labmetrics.report.shared_text import join


def _unit_label(indicator: str, lang: str) -> str:
    unit = INDICATORS[indicator].unit
    label = indicator_label(indicator, lang)
    return label if unit == "count" else say(f"units.{unit}", lang, label=label)


def thresholds_frame(m: MilestoneEvidence, lang: str) -> pd.DataFrame:
    """The milestone's indicators that have thresholds: one threshold column per level, and
    ``<level>_op`` and ``<level>_met``, the condition's sign and whether it holds as the
    rules checked it.

    Shares are written in percent (0.62 -> 62) so that the chart reads in the same unit as
    its labels; the label says the unit.
    """
    rows = []
    levels = [level.name.lower() for level in reversed(RULE_LEVELS)]
    for ind in m.indicators.values():
        row: dict[str, object] = {}
        for check in m.checks:
            # Only the indicator's own figure is drawn against its thresholds: a figure
            # per month or per space is on another scale, and stays in the lists.
            if check.indicator == ind.id and check.plain:
                level = check.level.name.lower()
                row[level] = check.threshold
                row[f"{level}_op"] = OP_SIGNS[check.op]
                row[f"{level}_met"] = check.met
        if not row:
            continue
        scale = 100.0 if ind.unit == "share" else 1.0
        rows.append({"indicator": _unit_label(ind.id, lang), "value": ind.value * scale,
                     **{lv: row.get(lv, np.nan) * scale for lv in levels},
                     **{f"{lv}_op": row.get(f"{lv}_op") for lv in levels},
                     **{f"{lv}_met": bool(row.get(f"{lv}_met", False)) for lv in levels}})
    columns = ["indicator", "value", *figures.THRESHOLD_LEVELS,
               *(f"{lv}_op" for lv in figures.THRESHOLD_LEVELS),
               *(f"{lv}_met" for lv in figures.THRESHOLD_LEVELS)]
    return pd.DataFrame(rows, columns=columns)


def _renamed(chart: figures.Chart, name: str) -> figures.Chart:
    return dataclasses.replace(chart, name=name)


# Breakdown charts: indicator -> chart of its breakdown, named per milestone. Per-space bars
# of partners or projects overlap (one may be in two spaces): their total is the indicator's
# distinct count. The commitment's labs (space ids, in its order) take the lab colours.
def _kind_chart(ind: Indicator, lang: str, labs: Sequence[str]) -> figures.Chart:
    return figures.kind_mix_chart(ind.breakdown.rename(columns={"groups": "groups_mapped"}),
                                  lang)


def _partners_chart(ind: Indicator, lang: str, labs: Sequence[str]) -> figures.Chart:
    return figures.per_lab_chart(ind.breakdown, "partners", lang, value_col="network_partners",
                                 decimals=0, total=ind.distinct, labs=labs)


def _hours_chart(ind: Indicator, lang: str, labs: Sequence[str]) -> figures.Chart:
    return figures.per_lab_chart(ind.breakdown, "usage_hours", lang, value_col="hours",
                                 decimals=0, labs=labs)


def _status_chart(ind: Indicator, lang: str, labs: Sequence[str]) -> figures.Chart:
    return figures.projects_by_status_chart(ind.breakdown, lang, statuses=COUNTED_STATUS)


def _projects_chart(ind: Indicator, lang: str, labs: Sequence[str]) -> figures.Chart:
    return figures.per_lab_chart(ind.breakdown, "projects", lang, decimals=0,
                                 total=ind.distinct, labs=labs)


BREAKDOWN_CHARTS: dict[str, tuple[str, Callable[[Indicator, str, Sequence[str]],
                                                figures.Chart]]] = {
    "groups_mapped": ("groups-by-kind", _kind_chart),
    "spaces_with_partners": ("partners-per-space", _partners_chart),
    "usage_hours": ("hours-per-space", _hours_chart),
    "joint_projects": ("projects-by-status", _status_chart),
    "participants_reached": ("projects-per-space", _projects_chart),
}
"""The chart drawn from an indicator's breakdown when a milestone has that indicator."""


DIRECTORY_INDICATOR = "network_partners"
"""The milestone with this indicator promised the public network: its section links the
directory of partners."""

def _condition(check: ThresholdCheck, lang: str) -> str:
    """``Groups mapped ≥ 100`` (or ``Hours of use per month ≥ 60``) in ``lang``."""
    unit = INDICATORS[check.indicator].unit
    value = format_value(check.threshold, unit, lang)
    return f"{check.label(lang)} {OP_SIGNS[check.op]} {value}"


def _checks_blocks(m: MilestoneEvidence, end: object, lang: str) -> list[Block]:
    """Each level's conditions, marked met or missed, as lists (they read on a phone where
    a wide table would not); the checks themselves go to the CSV."""
    blocks: list[Block] = [Heading(say("checks.heading", lang), 4)]
    for level in RULE_LEVELS:
        checks = [c for c in m.checks if c.level is level]
        if not checks:
            continue
        blocks.append(Paragraph(i18n.t("evidence.explain.conditions", lang,
                                       level=level_name(level, lang))))
        blocks.append(Items(tuple(c.describe(lang, as_of=end) for c in checks)))
    blocks.append(Data(m.checks_frame(), f"m{m.number}-conditions"))
    return blocks


def _gap_lines(m: MilestoneEvidence, end: object, lang: str) -> list[Block]:
    nxt = m.next_level
    if nxt is None:
        return [Paragraph(say("milestone.complete", lang))]
    missing = [say("milestone.gap", lang,
                   condition=_condition(c, lang),
                   value=i18n.t("evidence.no_data.value", lang) if c.no_data
                   else figure_as_of(c.value, INDICATORS[c.indicator].unit, lang, end))
               for c in m.gaps()]
    return [Paragraph(say("milestone.to_reach", lang, level=level_name(nxt, lang))),
            Items(tuple(missing))]


def build_milestone(report: ProgressReport, number: int, lang: str) -> Section:
    """What happened on milestone ``number``: its indicators as key figures, a chart against
    the completion thresholds, breakdown charts, the conditions met and missed, and the
    computed level with what the next level needs."""
    m = report.evidence.milestone(number)
    previous = report.previous.indicators if report.previous is not None else {}
    key = []
    for ind in m.indicators.values():
        detail = None
        change = ind.value - previous[ind.id].value if ind.id in previous else float("nan")
        if ind.no_data:  # no figure, and why: never a zero
            detail = ind.reason(lang)
        elif not np.isnan(change):  # a share of no projects has no change to state
            detail = say("milestone.since", lang, change=change_text(change, ind.unit, lang))
        key.append(KeyFigure(ind.label(lang), ind.formatted(lang), detail))
    blocks: list[Block] = [
        Heading(say("milestone.title", lang, number=m.number,
                    title=m.milestone.title.text(lang)), 3),
        Paragraph(Markup("{}: {}").format(say("milestone.computed", lang), badge(m.level, lang))),
    ]
    if m.unjudged:
        blocks.append(Note(say("milestone.unjudged", lang, indicators=join(
            [f"{indicator_label(i, lang)} ({m.indicators[i].reason(lang)})"
             for i in m.unjudged if i in m.indicators], lang)), tone="warning"))
    blocks.append(KeyFigures(tuple(key)))
    blocks += reading.counting_note(report, m, lang)
    thresholds = thresholds_frame(m, lang)
    if len(thresholds):
        chart = figures.indicator_progress_chart(thresholds, lang, name=f"m{m.number}-progress")
        blocks.append(Figure(chart))
    for indicator in m.indicators:
        if indicator in BREAKDOWN_CHARTS and m.indicators[indicator].breakdown is not None:
            slug, draw = BREAKDOWN_CHARTS[indicator]
            chart = draw(m.indicators[indicator], lang,
                         tuple(report.evidence.commitment.labs.values()))
            blocks.append(Figure(_renamed(chart, f"m{m.number}-{slug}")))
    if report.directory_href and DIRECTORY_INDICATOR in m.indicators:
        blocks.append(Paragraph(display.link_html(say("milestone.directory", lang),
                                                  report.directory_href)))
    blocks += _gap_lines(m, report.evidence.end, lang)
    blocks += _checks_blocks(m, report.evidence.end, lang)
    return tuple(blocks)


def build_milestones(report: ProgressReport, lang: str) -> Section:
    """Every milestone's section under one heading."""
    blocks: list[Block] = [Heading(say("milestone.heading", lang)),
                           Paragraph(say("milestone.intro", lang))]
    for m in report.evidence.milestones:
        blocks += build_milestone(report, m.number, lang)
    return tuple(blocks)
